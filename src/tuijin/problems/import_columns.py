"""The columns of the 问题清单 and 前期手续台账 sheets and the human keys their cells name (kind, unit, project).

Both sheets are read and written with these columns: the export writes the canonical headers, the import also
accepts the headers districts use (synonyms). The 问题清单's workflow columns (状态, 主办单位 … 销号日期) are written
by the export for reading in Excel and tolerated, but ignored, on import: the workflow is taken on the problem page.
"""

from __future__ import annotations

from typing import Any

from tuijin.core.models import Region, Unit
from tuijin.exchange import cells
from tuijin.exchange.pipeline import Problems
from tuijin.exchange.reader import Column
from tuijin.problems.models import ProblemKind
from tuijin.projects.imports import CODE_SYNONYMS, NAME_SYNONYMS, REGION_SYNONYMS
from tuijin.projects.models import Project

__all__ = [
    "APPROVAL_COLUMNS",
    "PROBLEM_COLUMNS",
    "PROBLEM_FIELDS",
    "PROBLEM_READ_ONLY",
    "check_project_name",
    "lookup_kind",
    "lookup_unit",
]

PROJECT_COLUMNS = [
    Column("project_code", "项目代码", CODE_SYNONYMS),
    Column("project_name", "项目名称", NAME_SYNONYMS),
    Column("region", "所属区域", REGION_SYNONYMS),
]

# The descriptive fields an import may set (while the problem is 提出), by model field; the column key is the
# field name except for the project.
PROBLEM_FIELDS = ("project", "kind", "title", "description", "demand", "level", "raised_on")
PROBLEM_READ_ONLY = ("status", "lead_unit", "helper_units", "assigned_on", "deadline", "resolved_on", "closed_on")

PROBLEM_COLUMNS: list[Column] = [
    Column("code", "问题编号", ("问题号",)),
    *PROJECT_COLUMNS,
    Column("kind", "问题类型", ("问题类别", "问题分类")),
    Column("title", "问题概述", ("问题简述", "问题标题", "问题名称")),
    Column("description", "问题描述", ("问题详情", "具体问题", "存在问题", "问题及原因")),
    Column("demand", "协调诉求", ("诉求", "需协调事项", "协调事项", "协调建议")),
    Column("level", "协调层级", ("协调级别", "层级")),
    Column("raised_on", "提出日期", ("提出时间", "反映日期", "反映时间"), "date"),
    # Written by the export, ignored on import.
    Column("status", "状态", ("问题状态", "办理状态")),
    Column("lead_unit", "主办单位", ("牵头单位",)),
    Column("helper_units", "协办单位", ("配合单位",)),
    Column("assigned_on", "交办日期", ("交办时间",), "date"),
    Column("deadline", "办理时限", ("办结时限",), "date"),
    Column("resolved_on", "办结日期", ("办结时间",), "date"),
    Column("closed_on", "销号日期", ("销号时间",), "date"),
]

APPROVAL_COLUMNS: list[Column] = [
    *PROJECT_COLUMNS,
    Column("type", "手续类型", ("手续类别", "审批事项类型", "事项类型"), required=True),
    Column("name", "手续名称", ("事项名称", "审批事项", "手续事项")),
    Column("handling_unit", "审批部门", ("审批单位", "办理部门", "审批机关")),
    Column("agent_name", "帮办代办员", ("代办员", "帮办员", "帮办代办人员", "代办人")),
    Column("agent_phone", "代办员电话", ("代办员联系电话", "帮办代办员电话", "代办电话")),
    Column("status", "办理状态", ("手续状态", "状态")),
    Column("planned_on", "计划取得日期", ("计划取得时间", "计划办结日期", "计划完成时间"), "date"),
    Column("started_on", "启动日期", ("受理日期", "启动时间", "受理时间"), "date"),
    Column("obtained_on", "取得日期", ("取得时间", "实际取得日期", "批复日期"), "date"),
    Column("document_no", "批准文号", ("批复文号", "文号", "证书编号")),
    Column("note", "备注", ()),
]


def lookup_kind(text: str | None, key: str, problems: Problems) -> ProblemKind | None:
    """A 问题类型 by its name (or its code); a retired kind is found, the model refuses it for a new problem."""
    if not text:
        return None
    wanted = cells.squeeze(text).lower()
    kinds = list(ProblemKind.objects.all())
    found = next((k for k in kinds if wanted in {cells.squeeze(k.name).lower(), k.code.lower()}), None)
    if found is None:
        allowed = "、".join(k.name for k in kinds if k.active)
        problems.add(key, f"未找到问题类型“{text.strip()}”，可选：{allowed}")
    return found


def ancestors(region: Region) -> list[str]:
    """The codes of ``region`` and the regions above it, top first (from its path)."""
    return [code for code in region.path.split("/") if code]


def lookup_unit(text: str | None, region: Region | None, key: str, problems: Problems) -> Unit | None:
    """A unit by its name or short name among the units of ``region`` and the regions above it, the nearest
    first (a county project's 自然资源和规划局 is the county's; a 市级 approval names the city's bureau)."""
    if not text or region is None:
        return None
    name = cells.squeeze(text)
    units = Unit.objects.filter(region__code__in=ancestors(region)).select_related("region")
    matches = [u for u in units if name in {cells.squeeze(u.name), cells.squeeze(u.short_name or u.name)}]
    if not matches:
        problems.add(key, f"未找到{region.name}或其上级区域名为“{text.strip()}”的单位")
        return None
    return max(matches, key=lambda unit: (unit.region.depth, unit.is_active, -unit.pk))


def check_project_name(project: Project, values: dict[str, Any], problems: Problems) -> None:
    """项目名称 beside a 项目代码 only confirms it: a different name is an error (a wrong code is caught)."""
    name = (values.get("project_name") or "").strip()
    if name and values.get("project_code") and cells.squeeze(name) != cells.squeeze(project.name):
        problems.add("project_name", f"项目代码{project.code}对应的项目为“{project.name}”，与项目名称“{name}”不一致")
