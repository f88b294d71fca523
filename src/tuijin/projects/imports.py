"""Imports of the project registry, declared on top of ``exchange``: the 项目信息表 and the annual plans.

The 项目信息表 reads the columns its export writes (``columns.PROJECT_COLUMNS``), with the headers districts use
for them as synonyms. Related fields take human keys: the region by 区划代码 or name, units by name (an import
never creates a unit), tags by name, choices by their Chinese label. 阶段, 实际开工 and 实际竣工 describe how a
new project enters the registry; for an existing project they are only compared, because stages change through
阶段变更 with its own dates and rules.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from tuijin.core.models import Unit
from tuijin.exchange import cells
from tuijin.exchange.cells import Kind
from tuijin.exchange.pipeline import (
    ImportSpec,
    Problems,
    assign,
    choice_value,
    filter_region,
    region_editable,
    resolve_region,
    scope_label,
    split_list,
)
from tuijin.exchange.reader import Column, Row
from tuijin.projects.choices import STAGE_ORDER, Category, IndustrySection, Nature, Stage
from tuijin.projects.columns import PROJECT_COLUMNS, project_cell
from tuijin.projects.models import AnnualPlan, Project, Tag
from tuijin.projects.queries import year_list

__all__ = [
    "CODE_SYNONYMS",
    "NAME_SYNONYMS",
    "PROJECT_IMPORT_COLUMNS",
    "REGION_SYNONYMS",
    "AnnualPlanImportSpec",
    "ProjectImportSpec",
    "lookup_project",
    "normalize_code",
]

CODE_SYNONYMS = ("投资项目统一代码", "项目统一代码", "统一项目代码", "项目编码", "项目编号")
NAME_SYNONYMS = ("项目全称", "项目名")
REGION_SYNONYMS = ("区域", "县（市、区）", "县市区", "所在地区", "所属地区", "地区", "属地")

# Kind and header synonyms of each PROJECT_COLUMNS key. A key missing here is exported as text and ignored on
# import (tests/imports checks that none is missing).
PROJECT_COLUMN_TYPES: dict[str, tuple[Kind, tuple[str, ...]]] = {
    "code": ("text", CODE_SYNONYMS),
    "name": ("text", NAME_SYNONYMS),
    "region.name": ("text", REGION_SYNONYMS),
    "region.code": ("text", ("行政区划代码", "区域代码")),
    "levels": ("text", ("级别", "重点级别", "项目层级")),
    "category": ("text", ("类别", "项目分类", "项目类型")),
    "tags": ("text", ("项目标签",)),
    "industry_section": ("text", ("行业", "所属行业", "国民经济行业门类")),
    "industry_division": ("text", ("行业代码", "国民经济行业大类")),
    "nature": ("text", ("建设类型",)),
    "location": ("text", ("项目地点", "建设地址")),
    "content": (
        "text",
        (
            "建设规模及内容",
            "建设内容及规模",
            "主要建设内容",
            "建设规模和主要建设内容",
            "建设规模与主要建设内容",
            "建设内容",
        ),
    ),
    "total_investment": ("money", ("计划总投资", "项目总投资", "总投资额")),
    "planned_start": ("month", ("计划开工时间", "计划开工年月", "计划开工日期")),
    "planned_completion": ("month", ("计划竣工时间", "计划竣工年月", "计划竣工日期", "计划建成时间")),
    "actual_start": ("date", ("实际开工日期", "实际开工时间")),
    "actual_completion": ("date", ("实际竣工日期", "实际竣工时间")),
    "owner.name": ("text", ("业主", "项目业主", "项目业主单位", "投资主体", "建设单位")),
    "responsible_unit.name": ("text", ("牵头单位", "责任部门", "牵头责任单位")),
    "responsible_leader": ("text", ("挂钩（包保）领导", "包保领导", "挂钩市领导")),
    "stats_registered": ("bool", ("是否入库", "是否统计入库", "已入库")),
    "stats_registered_on": ("date", ("入库时间",)),
    "stage": ("text", ("项目阶段", "建设阶段", "所处阶段", "项目状态")),
    "longitude": ("decimal", ()),
    "latitude": ("decimal", ()),
}

_UNIT_HINT_RE = re.compile(r"[（(][^（）()]*[）)]\s*$")


def _canonical(header: str) -> str:
    """A PROJECT_COLUMNS header without its unit hint: the writer states units on the "单位：" line."""
    return _UNIT_HINT_RE.sub("", header) if cells.split_hint(cells.clean_header(header))[1] else header


PROJECT_IMPORT_COLUMNS: list[Column] = [
    Column(
        key,
        _canonical(header),
        PROJECT_COLUMN_TYPES.get(key, ("text", ()))[1],
        PROJECT_COLUMN_TYPES.get(key, ("text", ()))[0],
        required=key == "name",
    )
    for header, key in PROJECT_COLUMNS
]

LEVEL_ALIASES: dict[str, tuple[str, ...]] = {
    "level_provincial": ("省重点", "省级重点", "省"),
    "level_municipal": ("市重点", "市级重点", "市"),
    "level_district": ("区（县）重点", "区县重点", "区重点", "县重点", "县（市、区）重点", "县级重点", "区"),
}
STAGE_ALIASES = {
    "储备": Stage.PLANNING,
    "谋划储备": Stage.PLANNING,
    "前期工作": Stage.PREPARATION,
    "新开工": Stage.CONSTRUCTION,
    "续建": Stage.CONSTRUCTION,
    "竣工": Stage.COMPLETED,
    "投用": Stage.COMPLETED,
    "竣工/投用": Stage.COMPLETED,
    "建成投用": Stage.COMPLETED,
}
CHOICE_COLUMNS: dict[str, tuple[Any, str]] = {
    "category": (Category, "项目类别"),
    "nature": (Nature, "建设性质"),
    "industry_section": (IndustrySection, "行业门类"),
}
TEXT_COLUMNS = {
    "name": "name",
    "location": "location",
    "content": "content",
    "responsible_leader": "responsible_leader",
}
VALUE_COLUMNS = (
    "total_investment",
    "planned_start",
    "planned_completion",
    "stats_registered",
    "stats_registered_on",
    "longitude",
    "latitude",
)
UNIT_COLUMNS = {"owner.name": "owner", "responsible_unit.name": "responsible_unit"}
ACTUAL_DATES = (("actual_start", "实际开工"), ("actual_completion", "实际竣工"))
IMPORT_NOTE = "导入"


def normalize_code(value: str | None) -> str:
    """A 项目代码 as stored: folded to half-width, dashes unified, no spaces (``Project.clean_fields`` agrees)."""
    if not value:
        return ""
    return cells.squeeze(value).replace("—", "-").replace("–", "-").upper()


def _plain(text: str) -> str:
    return cells.squeeze(text).lower()


def lookup_project(
    values: dict[str, Any],
    user: Any,
    problems: Problems,
    *,
    rule: Any,
    code_key: str = "project_code",
    name_key: str = "project_name",
    region_key: str = "region",
) -> Project | None:
    """The existing project a row of a plan or report sheet names: by 项目代码 among the projects the user can see,
    else by exact name within their editable scope (narrowed by 所属区域). Problems go to ``problems``.

    A region the user typed outside their scope is refused by name; a project they cannot see is "not found".
    """
    region = None
    if values.get(region_key):
        try:
            region = resolve_region(None, values[region_key], user, rule)
        except ValueError as exc:
            problems.add(region_key, str(exc))
            return None
        if not region_editable(region, Project, user):
            problems.add(region_key, f"不在您的可编辑范围内（{scope_label(Project, user)}）")
            return None
    code = normalize_code(values.get(code_key))
    if code:
        project = Project.objects.visible_to(user).select_related("region").filter(code=code).first()
        if project is None:
            problems.add(code_key, f"未找到项目代码为“{code}”的项目")
        elif region is not None and project.region_id != region.pk:
            problems.add(region_key, f"项目“{project.name}”属于{project.region.name}，与所属区域“{region.name}”不一致")
            return None
        return project
    name = (values.get(name_key) or "").strip()
    if not name:
        problems.add(code_key if code_key in values else name_key, "请填写项目代码或项目名称")
        return None
    candidates = Project.objects.editable_by(user).select_related("region").filter(name=name)
    if region is not None:
        candidates = candidates.filter(region=region)
    found = list(candidates[:3])
    if not found:
        problems.add(name_key, f"在您的可编辑范围内未找到名为“{name}”的项目")
        return None
    if len(found) > 1:
        problems.add(name_key, f"有多个名为“{name}”的项目，请填写项目代码或所属区域")
        return None
    return found[0]


class ProjectImportSpec(ImportSpec):
    """The 项目信息表: creates projects and updates their card fields."""

    model = Project
    title = "项目信息表"
    columns = PROJECT_IMPORT_COLUMNS
    key_columns = ("code", "name")
    region_columns = ("region.name", "region.code")
    field_columns = {
        "region": "region.name",
        "level_provincial": "levels",
        "level_municipal": "levels",
        "level_district": "levels",
        "owner": "owner.name",
        "responsible_unit": "responsible_unit.name",
        "tags": "tags",
    }

    def prepare(self, user: Any, context: dict[str, Any]) -> None:
        super().prepare(user, context)
        self.today = timezone.localdate()
        self.tags = {tag.name: tag for tag in Tag.objects.all()}

    # -- reading a row

    def row_to_instance(self, row: Row, user: Any, context: dict[str, Any]) -> Project:
        values = row.values
        problems = Problems()
        region = self._region(values, user, problems)
        project = self._find(values, user, region, problems)
        creating = project is None
        if project is None:
            project = Project()
            if region is None and not problems:
                problems.add("region.name" if "region.name" in values else "region.code", "不能为空")
        if region is not None:
            project.region = region
        self._apply(project, values, problems)
        if creating:
            project._import_entry = self._entry(row, project, problems)
        else:
            self._compare_stage(row, project, problems)
        problems.raise_if_any(project)
        return project

    def _region(self, values: dict[str, Any], user: Any, problems: Problems) -> Any:
        code, name = values.get("region.code"), values.get("region.name")
        if not (code or name):
            return None
        try:
            return resolve_region(code, name, user, Project.scope)
        except ValueError as exc:
            problems.add("region.code" if code else "region.name", str(exc))
            return None

    def _find(self, values: dict[str, Any], user: Any, region: Any, problems: Problems) -> Project | None:
        """By 项目代码 (a code the user cannot see is a new project: the unique check then refuses it), else by exact
        name within the editable scope, narrowed by region (a coded row only matches a project without a code)."""
        code = normalize_code(values.get("code"))
        if code:
            project = Project.objects.select_related("region").filter(code=code).first()
            if project is not None and Project.objects.visible_to(user).filter(pk=project.pk).exists():
                return project
        name = (values.get("name") or "").strip()
        if not name:
            return None
        candidates = Project.objects.editable_by(user).select_related("region").filter(name=name)
        if code:
            candidates = candidates.filter(code="")
        if region is not None:
            candidates = candidates.filter(region=region)
        found = list(candidates[:3])
        if len(found) > 1:
            problems.add("name", f"您的范围内有多个名为“{name}”的项目，请填写项目代码或所属区域以区分")
            return None
        return found[0] if found else None

    def _apply(self, project: Project, values: dict[str, Any], problems: Problems) -> None:
        code = normalize_code(values.get("code"))
        if code:  # an empty code keeps the stored one: clearing a national code by import would lose it
            project.code = code
        for key, name in TEXT_COLUMNS.items():
            if key in values:
                assign(project, name, values[key])
        for key in VALUE_COLUMNS:
            if key in values:
                assign(project, key, values[key])
        if "industry_division" in values:
            division = cells.squeeze(values["industry_division"] or "")
            assign(project, "industry_division", division.zfill(2) if division.isdigit() else division)
        for key, (choices, noun) in CHOICE_COLUMNS.items():
            if key not in values:
                continue
            try:
                assign(project, key, choice_value(choices, values[key], noun) if values[key] else None)
            except ValueError as exc:
                problems.add(key, str(exc))
        if "levels" in values:
            self._levels(project, values["levels"], problems)
        if "tags" in values:
            names = split_list(values["tags"])
            unknown = [name for name in names if name not in self.tags]
            if unknown:
                problems.add("tags", f"未知的标签：{'、'.join(unknown)}（标签由系统管理员维护）")
            project._import_tags = sorted((self.tags[n] for n in names if n in self.tags), key=lambda t: t.name)
        for key, attr in UNIT_COLUMNS.items():
            if key in values:
                self._unit(project, attr, key, values[key], problems)

    @staticmethod
    def _levels(project: Project, text: str | None, problems: Problems) -> None:
        chosen: set[str] = set()
        for item in split_list(text):
            name = next((f for f, aliases in LEVEL_ALIASES.items() if _plain(item) in map(_plain, aliases)), None)
            if name is None:
                problems.add("levels", f"“{item}”不是有效的项目级别，可选：省重点、市重点、区（县）重点")
            chosen.add(name or "")
        for name in LEVEL_ALIASES:
            setattr(project, name, name in chosen)

    def _unit(self, project: Project, attr: str, key: str, text: str | None, problems: Problems) -> None:
        """A unit by name or short name among the units the user can see; never created by an import."""
        if not text:
            setattr(project, attr, None)
            return
        name = text.strip()
        current = getattr(project, attr) if getattr(project, f"{attr}_id") else None
        if current is not None and name in {current.name, current.short_name}:
            return  # unchanged, even when the unit lies outside what the user could pick (set by the city)
        candidates = list(
            Unit.objects.visible_to(self.user)
            .filter(Q(name=name) | Q(short_name=name), is_active=True)
            .select_related("region")
        )
        if len(candidates) > 1 and project.region_id:
            path = project.region.path
            near = [u for u in candidates if path.startswith(u.region.path) or u.region.path.startswith(path)]
            candidates = near or candidates
        if not candidates:
            problems.add(key, f"未找到单位“{name}”，请先在“单位”中登记（导入不会新建单位）")
        elif len(candidates) > 1:
            problems.add(key, f"有{len(candidates)}个名为“{name}”的单位，请在“单位”中核对名称")
        else:
            setattr(project, attr, candidates[0])

    def _stage(self, values: dict[str, Any], problems: Problems) -> str | None:
        if not values.get("stage"):
            return None
        try:
            return choice_value(Stage, values["stage"], "阶段", STAGE_ALIASES)
        except ValueError as exc:
            problems.add("stage", str(exc))
            return None

    def _entry(self, row: Row, project: Project, problems: Problems) -> list[tuple[str, datetime.date]]:
        """The dated transitions a new project enters with: its stage, reached through the actual dates given.

        Without a 阶段 the dates say it: a completion means 竣工投用, a start 在建, neither 谋划.
        """
        values = row.values
        start, completion = values.get("actual_start"), values.get("actual_completion")
        stage = self._stage(values, problems)
        if stage is None:
            if values.get("stage"):
                return []
            stage = Stage.COMPLETED if completion else Stage.CONSTRUCTION if start else Stage.PLANNING
        label = Stage(stage).label
        for key, noun in ACTUAL_DATES:
            day = values.get(key)
            if day and day > self.today:
                problems.add(key, f"{noun}日期不能晚于今天")
        order = STAGE_ORDER.index(stage)
        if order < STAGE_ORDER.index(Stage.CONSTRUCTION):
            for key, noun in ACTUAL_DATES:
                if values.get(key):
                    problems.add(key, f"阶段为“{label}”的项目尚未开工，不应填写{noun}日期")
            return [(stage, self.today)]
        if stage == Stage.CONSTRUCTION:
            if not start:
                problems.add("actual_start", "阶段为“在建”的项目请填写实际开工日期")
            if completion:
                problems.add("actual_completion", "阶段为“在建”的项目尚未竣工，不应填写实际竣工日期")
            return [(stage, start)]
        if not completion:
            problems.add("actual_completion", f"阶段为“{label}”的项目请填写实际竣工日期")
            return []
        if start and completion < start:
            problems.add("actual_completion", "实际竣工日期不能早于实际开工日期")
        if order > STAGE_ORDER.index(Stage.COMPLETED):
            if project.category != Category.INDUSTRY:
                problems.add("stage", "只有产业项目才有投产、达产阶段。")
            self.warn(row, "stage", f"文件中没有{label}日期，按实际竣工日期{completion:%Y-%m-%d}记录，如有出入请核对")
        entry = [(Stage.CONSTRUCTION, start)] if start else []
        entry.append((Stage.COMPLETED, completion))
        entry += [(later, completion) for later in STAGE_ORDER[STAGE_ORDER.index(Stage.COMPLETED) + 1 : order + 1]]
        return entry

    def _compare_stage(self, row: Row, project: Project, problems: Problems) -> None:
        """On update 阶段 may only repeat the current stage; the actual dates are kept from the transitions."""
        stage = self._stage(row.values, problems)
        if stage is not None and stage != project.stage:
            problems.add(
                "stage",
                f"项目当前阶段为“{project.get_stage_display()}”，导入不能变更阶段，"
                f"请在项目页面使用“阶段变更”办理（变更为“{Stage(stage).label}”）",
            )
        for key, noun in ACTUAL_DATES:
            day, stored = row.values.get(key), getattr(project, key)
            if day and day != stored:
                shown = f"{stored:%Y-%m-%d}" if stored else "空"
                self.warn(
                    row, key, f"{noun}日期以阶段变更记录为准，导入不修改（文件中为{day:%Y-%m-%d}，系统中为{shown}）"
                )

    # -- the rest of the spec

    def natural_keys(self, obj: Project) -> list[tuple[str | None, Any]]:
        keys: list[tuple[str | None, Any]] = [("code", ("pk", obj.pk))] if obj.pk else []
        if obj.code:
            keys.append(("code", ("code", obj.code)))
        else:
            keys.append(("name", ("name", obj.region_id, obj.name)))
        return keys

    def snapshot(self, obj: Project) -> dict[str, Any]:
        data = super().snapshot(obj)
        pending = getattr(obj, "_import_tags", None)
        if pending is not None:
            data["tags"] = [tag.name for tag in pending]
        elif obj.pk:
            data["tags"] = sorted(obj.tags.values_list("name", flat=True))
        return data

    def save(self, obj: Project, row: Row, user: Any) -> None:
        creating = obj.pk is None
        obj.save()
        tags = getattr(obj, "_import_tags", None)
        if tags is not None:
            obj.tags.set(tags)
        if creating:
            (stage, day), *moves = obj._import_entry
            obj.enter(stage, day, IMPORT_NOTE)
            for stage, day in moves:
                obj.advance(stage, day, IMPORT_NOTE)

    def instance_to_row(self, obj: Project, context: dict[str, Any]) -> dict[str, Any]:
        pending = getattr(obj, "_import_tags", None)
        tags = [t.name for t in pending] if pending is not None else sorted(t.name for t in obj.tags.all())
        region = obj.region if obj.region_id else None
        known = {
            "code": obj.code,
            "name": obj.name,
            "region.name": region.name if region else None,
            "region.code": region.code if region else None,
            "levels": obj.levels_display,
            "category": obj.get_category_display() if obj.category else None,
            "tags": "、".join(tags),
            "industry_section": obj.get_industry_section_display() if obj.industry_section else None,
            "industry_division": obj.industry_division,
            "nature": obj.get_nature_display() if obj.nature else None,
            "location": obj.location,
            "content": obj.content,
            "owner.name": obj.owner.name if obj.owner_id else None,
            "responsible_unit.name": obj.responsible_unit.name if obj.responsible_unit_id else None,
            "responsible_leader": obj.responsible_leader,
            "stage": obj.get_stage_display(),
        }
        row: dict[str, Any] = {}
        for column in self.columns:
            if column.key in known:
                row[column.key] = known[column.key] or None
            elif column.key in PROJECT_COLUMN_TYPES:
                row[column.key] = getattr(obj, column.key)
            else:
                row[column.key] = project_cell(obj, column.key)
        return row

    def export_queryset(self, user: Any, context: dict[str, Any]) -> QuerySet[Project]:
        projects = Project.objects.visible_to(user).select_related("region", "owner", "responsible_unit")
        projects = filter_region(projects, context.get("region"))
        if context.get("year"):
            projects = year_list(projects, int(context["year"]))
        return projects.prefetch_related("tags").order_by("region__path", "name", "pk")


# ---- Annual plans -------------------------------------------------------------------------------------------------

PLAN_COLUMNS: list[Column] = [
    Column("project_code", "项目代码", CODE_SYNONYMS),
    Column("project_name", "项目名称", NAME_SYNONYMS),
    Column("region", "所属区域", REGION_SYNONYMS),
    Column("year", "年度", ("计划年度", "年份"), "int", required=True),
    Column("planned_investment", "年度计划投资", ("年度计划投资额", "本年计划投资", "年计划投资", "计划投资"), "money"),
    Column("joined_on", "列入日期", ("列入时间", "新增列入日期"), "date"),
    Column("left_on", "调出日期", ("调出时间",), "date"),
    Column("left_reason", "调出原因", ("调出理由",)),
]


class AnnualPlanImportSpec(ImportSpec):
    """年度计划: a project's planned investment for a year, which puts it on that year's key-project list."""

    model = AnnualPlan
    title = "年度计划表"
    columns = PLAN_COLUMNS
    key_columns = ("project_code", "project_name")
    region_columns = ("region",)
    field_columns = {"project": "project_code"}

    def row_to_instance(self, row: Row, user: Any, context: dict[str, Any]) -> AnnualPlan:
        values = row.values
        problems = Problems()
        project = lookup_project(values, user, problems, rule=AnnualPlan.scope)
        problems.raise_if_any()
        assert project is not None
        year = values["year"]
        plan = AnnualPlan.objects.filter(project=project, year=year).first() or AnnualPlan(project=project, year=year)
        for key in ("planned_investment", "joined_on", "left_on", "left_reason"):
            if key in values:
                assign(plan, key, values[key])
        return plan

    def natural_keys(self, obj: AnnualPlan) -> list[tuple[str | None, Any]]:
        return [("project_code", ("plan", obj.project_id, obj.year))]

    def describe(self, obj: AnnualPlan) -> str:
        return f"{obj.project.name}（{obj.year}年）"

    def instance_to_row(self, obj: AnnualPlan, context: dict[str, Any]) -> dict[str, Any]:
        project = obj.project
        return {
            "project_code": project.code or None,
            "project_name": project.name,
            "region": project.region.name,
            "year": obj.year,
            "planned_investment": obj.planned_investment,
            "joined_on": obj.joined_on,
            "left_on": obj.left_on,
            "left_reason": obj.left_reason or None,
        }

    def export_queryset(self, user: Any, context: dict[str, Any]) -> QuerySet[AnnualPlan]:
        plans = AnnualPlan.objects.visible_to(user).select_related("project__region")
        plans = filter_region(plans, context.get("region"))
        if context.get("year"):
            plans = plans.filter(year=int(context["year"]))
        return plans.order_by("-year", "project__region__path", "project__name", "pk")
