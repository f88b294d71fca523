"""The columns of the attraction sheets and the human keys their cells name (source, team, event, project).

The 招商线索表 and the 签约项目台账 are read and written with these columns: the export writes the canonical
headers, the import also accepts the headers districts use (synonyms). Money headers may carry a unit hint the
reader applies: "合同投资额（亿元）" or "计划总投资（万元）" both land in 万元.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from tuijin.attraction.choices import MilestoneKind
from tuijin.attraction.models import LeadSource, SigningEvent, Team
from tuijin.core.models import Region
from tuijin.exchange import cells
from tuijin.exchange.pipeline import Problems
from tuijin.exchange.reader import Column
from tuijin.projects.imports import REGION_SYNONYMS, normalize_code
from tuijin.projects.models import Project

__all__ = [
    "CONTRACT_COLUMNS",
    "LEAD_COLUMNS",
    "MILESTONE_COLUMNS",
    "ancestor_codes",
    "lookup_event",
    "lookup_project",
    "lookup_source",
    "lookup_team",
    "reachable",
]

REGION_CODE_SYNONYMS = ("行政区划代码", "区域代码")
INDUSTRY_COLUMNS = [
    Column("industry_section", "行业门类", ("行业", "所属行业", "国民经济行业门类")),
    Column("industry_division", "行业大类", ("行业代码", "国民经济行业大类")),
]

LEAD_COLUMNS: list[Column] = [
    Column("company", "企业名称", ("企业", "客商名称", "投资企业", "企业（客商）名称"), required=True),
    Column("credit_code", "统一社会信用代码", ("信用代码", "社会信用代码", "企业统一社会信用代码")),
    Column("project_name", "拟投资项目", ("拟投资项目名称", "项目名称", "意向项目")),
    Column("source", "来源地", ("来源", "客商来源", "线索来源", "来源地区")),
    *INDUSTRY_COLUMNS,
    Column("intended_investment", "意向投资额", ("意向投资", "拟投资额", "意向投资金额", "投资额"), "money"),
    Column("region.name", "所属区域", REGION_SYNONYMS),
    Column("region.code", "区划代码", REGION_CODE_SYNONYMS),
    Column("team", "招商组", ("招商小组", "责任招商组")),
    Column("owner", "跟进责任人", ("责任人", "跟进人")),
    Column("contact", "企业联系人及电话", ("联系人及电话", "企业联系人", "联系人", "联系方式")),
    Column("description", "线索内容", ("线索情况", "项目简介", "项目内容", "主要内容")),
    Column("found_on", "获取日期", ("获取时间", "线索获取日期"), "date"),
    Column("status", "状态", ("线索状态", "进展状态")),
    Column("drop_reason", "放弃原因", ("放弃理由",)),
]

# Each milestone's date and evidence columns, in the milestones' order.
MILESTONE_COLUMNS: dict[str, tuple[str, str]] = {
    MilestoneKind.REGISTERED: ("registered_on", "registered_evidence"),
    MilestoneKind.LAND: ("land_on", "land_evidence"),
    MilestoneKind.STARTED: ("started_on", "started_evidence"),
    MilestoneKind.PRODUCING: ("producing_on", "producing_evidence"),
}
_MILESTONE_SYNONYMS = {
    MilestoneKind.REGISTERED: ("注册时间", "企业注册日期", "工商注册日期"),
    MilestoneKind.LAND: ("供地时间", "土地供应日期"),
    MilestoneKind.STARTED: ("开工时间", "实际开工日期"),
    MilestoneKind.PRODUCING: ("投产时间", "实际投产日期"),
}


def _milestone_columns() -> list[Column]:
    result = []
    for kind, (date_key, evidence_key) in MILESTONE_COLUMNS.items():
        label = MilestoneKind(kind).label
        result.append(Column(date_key, f"{label}日期", _MILESTONE_SYNONYMS[kind], "date"))
        result.append(Column(evidence_key, f"{label}佐证", (f"{label}佐证材料",)))
    return result


CONTRACT_COLUMNS: list[Column] = [
    Column("number", "合同编号", ("协议编号", "合同号")),
    Column("name", "项目名称", ("签约项目名称", "签约项目"), required=True),
    Column("investor_name", "投资方", ("投资方名称", "投资企业", "投资主体", "签约企业")),
    Column("investor_credit_code", "投资方统一社会信用代码", ("统一社会信用代码", "信用代码")),
    Column(
        "amount",
        "合同投资额",
        ("总投资", "总投资额", "协议投资额", "计划总投资", "合同金额", "签约金额", "签约投资额", "投资额"),
        "money",
    ),
    Column("kind", "签约类型", ("协议类型", "合同类型")),
    Column("signed_on", "签约日期", ("签约时间",), "date"),
    Column("event", "签约活动", ("签约大会", "签约平台")),
    Column("region.name", "所属区域", (*REGION_SYNONYMS, "落地区域", "项目落地区域")),
    Column("region.code", "区划代码", REGION_CODE_SYNONYMS),
    *INDUSTRY_COLUMNS,
    Column("source", "来源地", ("来源", "客商来源", "项目来源地")),
    Column("team", "招商组", ("招商小组", "责任招商组")),
    Column("needs_land", "需新供地", ("是否需新供地", "是否需要供地", "需供地"), "bool"),
    Column("content", "建设内容", ("主要建设内容", "建设规模及内容", "建设规模及主要建设内容")),
    *_milestone_columns(),
    Column("funds_total", "累计到位资金", ("到位资金", "累计资金到位", "资金到位"), "money"),
    Column("funds_last_on", "最近到位日期", ("资金到位日期", "到位日期", "最近资金到位日期"), "date"),
    Column("project_code", "关联项目代码", ("项目代码", "投资项目统一代码", "关联重点项目代码")),
]


# --- human keys ----------------------------------------------------------------------------------------------------


def ancestor_codes(region: Region) -> list[str]:
    """The codes of ``region`` and the regions above it, top first (from its path)."""
    return [code for code in region.path.split("/") if code]


def reachable(model: Any, user: Any, region: Region | None) -> QuerySet:
    """Rows of ``model`` (a team or a signing event) a row of ``region`` may name: those the user can see, and
    those of ``region`` or a region above it (a district's contract signed at the city's 签约大会, or followed by
    a city team) — the model's own rule allows exactly these."""
    q = Q(pk__in=model.objects.visible_to(user).values("pk"))
    if region is not None:
        q |= Q(region__code__in=ancestor_codes(region))
    return model.objects.filter(q)


def lookup_source(text: str | None, current: LeadSource | None, key: str, problems: Problems) -> LeadSource | None:
    """A 来源地 by its name; an inactive one only when it is already the row's. None when empty or unknown."""
    if not text:
        return None
    name = cells.squeeze(text)
    if current is not None and cells.squeeze(current.name) == name:
        return current
    found = next((s for s in LeadSource.objects.all() if cells.squeeze(s.name) == name), None)
    if found is None:
        allowed = "、".join(LeadSource.objects.filter(active=True).values_list("name", flat=True))
        problems.add(key, f"未找到来源地“{text.strip()}”，可选：{allowed}")
    elif not found.active:
        problems.add(key, f"来源地“{found.name}”已停用")
        return None
    return found


def lookup_team(text: str | None, region: Region | None, key: str, problems: Problems) -> Team | None:
    """A 招商组 by name among the teams of the row's region and the regions above it (the only teams the model
    lets a row of that region name), the nearest first."""
    if not text or region is None:
        return None
    name = text.strip()
    teams = Team.objects.filter(name=name, region__code__in=ancestor_codes(region))
    found = teams.select_related("region").order_by("-region__depth").first()
    if found is None:
        problems.add(key, f"未找到{region.name}或其上级区域名为“{name}”的招商组")
    return found


def lookup_event(
    text: str | None, signed_on: Any, region: Region | None, user: Any, key: str, problems: Problems
) -> SigningEvent | None:
    """A 签约活动 by name; events of the same name are told apart by the signing date (the event's date)."""
    if not text:
        return None
    name = text.strip()
    candidates = list(reachable(SigningEvent, user, region).filter(name=name))
    if len(candidates) > 1 and signed_on:
        candidates = [event for event in candidates if event.date == signed_on] or candidates
    if not candidates:
        problems.add(key, f"未找到名为“{name}”的签约活动")
        return None
    if len(candidates) > 1:
        problems.add(key, f"有{len(candidates)}个名为“{name}”的签约活动，请核对签约日期")
        return None
    return candidates[0]


def lookup_project(text: str | None, user: Any, key: str, problems: Problems) -> Project | None:
    """The registry project a 关联项目代码 names, among the projects the user can see."""
    code = normalize_code(text)
    if not code:
        return None
    project = Project.objects.visible_to(user).filter(code=code).first()
    if project is None:
        problems.add(key, f"未找到项目代码为“{code}”的项目")
    return project
