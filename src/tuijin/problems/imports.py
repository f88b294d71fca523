"""Excel import/export of the 问题清单 (problems) and of the 前期手续台账 (approval items), on top of ``exchange``.

Both sheets read exactly what their export writes (``import_columns``), so export → edit in Excel → import changes
only the edited cells. Related fields take human keys: the project by 项目代码 (or, without a code, by 项目名称 within
the user's editable scope, narrowed by 所属区域), the 问题类型 by name, the 审批部门 by the name of a unit of the
project's region or a region above it.

Rules that keep the sheets from bypassing the problem workflow (``Problem`` methods):

- a row without 问题编号 raises a new problem (提出, its timeline's first record written by ``Problem.save``); a row
  with one updates that problem's descriptive columns, and only while it is 提出: once assigned (交办) the model
  refuses any change, so a changed row is an error and an unchanged one is simply "不变";
- 状态, 主办单位, 协办单位 and the workflow dates are written by the export and ignored on import (a difference is a
  warning): assigning, answering and closing are taken on the problem page, where they are checked and dated.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, QuerySet, Value, When

from tuijin.exchange import cells
from tuijin.exchange.pipeline import ImportSpec, Problems, RowError, assign, choice_value, filter_region, show
from tuijin.exchange.reader import Row
from tuijin.problems.choices import ApprovalStatus, ApprovalType, Level, ProblemStatus
from tuijin.problems.import_columns import (
    APPROVAL_COLUMNS,
    PROBLEM_COLUMNS,
    PROBLEM_FIELDS,
    PROBLEM_READ_ONLY,
    check_project_name,
    lookup_kind,
    lookup_unit,
)
from tuijin.problems.models import ApprovalItem, Problem
from tuijin.projects.imports import lookup_project
from tuijin.projects.models import Project

__all__ = ["ApprovalImportSpec", "ProblemImportSpec"]

LEVEL_ALIASES = {"县级": Level.DISTRICT, "区县级": Level.DISTRICT, "县（市、区）级": Level.DISTRICT}
TYPE_ALIASES = {
    "立项": ApprovalType.FILING,
    "备案": ApprovalType.FILING,
    "核准": ApprovalType.FILING,
    "立项备案": ApprovalType.FILING,
    "用地预审": ApprovalType.SITE,
    "选址意见书": ApprovalType.SITE,
    "用地预审与选址意见书": ApprovalType.SITE,
    "建设用地规划许可证": ApprovalType.LAND_PLANNING,
    "用地规划许可证": ApprovalType.LAND_PLANNING,
    "土地出让": ApprovalType.LAND,
    "拿地": ApprovalType.LAND,
    "供地": ApprovalType.LAND,
    "建设工程规划许可证": ApprovalType.WORKS_PLANNING,
    "工程规划许可证": ApprovalType.WORKS_PLANNING,
    "施工许可证": ApprovalType.CONSTRUCTION,
    "建筑工程施工许可证": ApprovalType.CONSTRUCTION,
    "环境影响评价": ApprovalType.EIA,
    "环评批复": ApprovalType.EIA,
    "节能审查意见": ApprovalType.ENERGY,
    "水土保持方案": ApprovalType.SOIL,
    "水保": ApprovalType.SOIL,
}
STATUS_ALIASES = {
    "已办结": ApprovalStatus.OBTAINED,
    "在办": ApprovalStatus.IN_PROGRESS,
    "未办理": ApprovalStatus.NOT_STARTED,
}
TYPE_ORDER = Case(
    *(When(type=value, then=Value(index)) for index, value in enumerate(ApprovalType.values)),
    output_field=IntegerField(),
)


class _ProjectRowSpec(ImportSpec):
    """What both sheets share: the project a row names, with 项目名称 as a check beside 项目代码."""

    region_columns = ("project_code", "project_name")

    def prepare(self, user: Any, context: dict[str, Any]) -> None:
        super().prepare(user, context)
        # A project has many rows (one per approval item): look each one up once per run.
        self._projects: dict[tuple[Any, ...], tuple[Project | None, list[tuple[str | None, str]]]] = {}

    def _project(self, values: dict[str, Any], problems: Problems, required: bool) -> Project | None:
        """The row's project; None (and no error) when an existing row leaves the project cells empty."""
        keys = ("project_code", "project_name", "region")
        if not required and not any(values.get(key) for key in keys[:2]):
            return None
        cache_key = tuple((key in values, values.get(key)) for key in keys)
        if cache_key not in self._projects:
            found = Problems()
            project = lookup_project(values, self.user, found, rule=self.model.scope)
            if project is not None:
                check_project_name(project, values, found)
            self._projects[cache_key] = (project, found.items)
        project, items = self._projects[cache_key]
        for key, message in items:
            problems.add(key, message)
        return project

    @staticmethod
    def _project_cells(project: Project) -> dict[str, Any]:
        return {"project_code": project.code or None, "project_name": project.name, "region": project.region.name}


# --- 问题清单 ---------------------------------------------------------------------------------------------------------


class ProblemImportSpec(_ProjectRowSpec):
    """问题清单: raises new problems and corrects those not yet assigned; the workflow columns are for reading."""

    model = Problem
    title = "问题清单"
    columns = PROBLEM_COLUMNS
    key_columns = ("code", "title")
    field_columns = {"project": "project_code"}

    def row_to_instance(self, row: Row, user: Any, context: dict[str, Any]) -> Problem:
        values = row.values
        problems = Problems()
        problem = self._find(values, problems) or Problem()
        project = self._project(values, problems, required=problem.pk is None)
        if project is not None:
            problem.project = project
        problem._import_project_failed = problem.project_id is None  # the lookup's error says why
        if values.get("kind"):
            kind = lookup_kind(values["kind"], "kind", problems)
            if kind is not None:
                problem.kind = kind
        for name in ("title", "description", "demand", "raised_on"):
            if name in values:
                value = values[name]
                assign(problem, name, value.strip() if isinstance(value, str) else value)
        if values.get("level"):
            try:
                problem.level = choice_value(Level, values["level"], "协调层级", LEVEL_ALIASES)
            except ValueError as exc:
                problems.add("level", str(exc))
        problems.raise_if_any(problem)
        self._note_read_only(row, problem)
        return problem

    def _find(self, values: dict[str, Any], problems: Problems) -> Problem | None:
        """The problem of the row's 问题编号 among those the user can see; a number not found is an error (a new
        problem gets its number when it is saved, so a new row leaves the cell empty)."""
        code = cells.squeeze(values.get("code") or "").upper()
        if not code:
            return None
        found = (
            Problem.objects.visible_to(self.user)
            .select_related("project__region", "kind", "lead_unit")
            .filter(code=code)
            .first()
        )
        if found is None:
            problems.add("code", f"未找到问题编号为“{code}”的问题（新增问题请将问题编号留空）")
        return found

    def _note_read_only(self, row: Row, problem: Problem) -> None:
        """Warn when a workflow column differs from the system: the import does not change it."""
        values = row.values
        if problem.pk is None:
            status = values.get("status")
            if status and cells.squeeze(status) != str(ProblemStatus.RAISED.label):
                self.warn(row, "status", "导入的新问题为“提出”状态，交办、办理和销号请在问题页面办理")
            return
        stored = self.instance_to_row(problem, {})
        for key in PROBLEM_READ_ONLY:
            if key in values and values[key] not in (None, "") and _text(values[key]) != _text(stored.get(key)):
                current = show(stored.get(key))
                where = f"系统中为“{current}”" if current else "系统中为空"
                self.warn(row, key, f"{self._header(key)}以系统办理记录为准，导入不修改（{where}）")

    def validate(self, obj: Problem) -> None:
        """The model's rules; for an assigned problem only when the row changes it (then the model refuses it,
        on the column that changed)."""
        if obj.pk is not None and obj.status != ProblemStatus.RAISED:
            changed = self._changed_columns(obj)
            if not changed:
                return
            try:
                obj.full_clean()
            except ValidationError as error:
                raise RowError([(key or changed[0], m) for key, m in self.error_problems(obj, error)]) from None
            return
        exclude = ["project"] if getattr(obj, "_import_project_failed", False) else None
        try:
            obj.full_clean(exclude=exclude)
        except ValidationError as error:
            raise RowError(self.error_problems(obj, error)) from None

    def _changed_columns(self, obj: Problem) -> list[str]:
        stored = Problem._base_manager.get(pk=obj.pk)
        changed = []
        for name in PROBLEM_FIELDS:
            attname = obj._meta.get_field(name).attname
            if getattr(stored, attname) != getattr(obj, attname):
                changed.append(self.column_for_field(name) or name)
        return changed

    def natural_keys(self, obj: Problem) -> list[tuple[str | None, Hashable]]:
        if obj.pk:
            return [("code", ("pk", obj.pk))]
        return [("title", ("new", obj.project_id, obj.title))]

    def describe(self, obj: Problem) -> str:
        if obj.code:
            return f"{obj.code} {obj.title}"
        return f"{obj.title}（{obj.project.name}）" if obj.project_id else obj.title

    def instance_to_row(self, obj: Problem, context: dict[str, Any]) -> dict[str, Any]:
        helpers = "、".join(unit.name for unit in obj.helper_units.all()) if obj.pk else ""
        return {
            "code": obj.code or None,
            **(self._project_cells(obj.project) if obj.project_id else {}),
            "kind": obj.kind.name if obj.kind_id else None,
            "title": obj.title or None,
            "description": obj.description or None,
            "demand": obj.demand or None,
            "level": obj.get_level_display(),
            "raised_on": obj.raised_on,
            "status": obj.get_status_display(),
            "lead_unit": obj.lead_unit.name if obj.lead_unit_id else None,
            "helper_units": helpers or None,
            "assigned_on": obj.assigned_on,
            "deadline": obj.deadline,
            "resolved_on": obj.resolved_on,
            "closed_on": obj.closed_on,
        }

    def export_queryset(self, user: Any, context: dict[str, Any]) -> QuerySet[Problem]:
        problems = filter_region(Problem.objects.visible_to(user), context.get("region"))
        if context.get("year"):
            problems = problems.filter(raised_on__year=int(context["year"]))
        return ordered_problems(problems)


def ordered_problems(problems: QuerySet[Problem]) -> QuerySet[Problem]:
    """The export's rows: oldest first, with what each row shows."""
    return (
        problems.select_related("project__region", "kind", "lead_unit")
        .prefetch_related("helper_units")
        .order_by("raised_on", "code", "pk")
    )


def _text(value: Any) -> str:
    return cells.squeeze(show(value)) if value is not None else ""


# --- 前期手续台账 -----------------------------------------------------------------------------------------------------


class ApprovalImportSpec(_ProjectRowSpec):
    """前期手续台账: a project's approval items, one row each, keyed by the project and the 手续类型 (and, for
    “其他”, the 手续名称)."""

    model = ApprovalItem
    title = "前期手续台账"
    columns = APPROVAL_COLUMNS
    key_columns = ("type", "project_code")
    field_columns = {"project": "project_code"}

    def row_to_instance(self, row: Row, user: Any, context: dict[str, Any]) -> ApprovalItem:
        values = row.values
        problems = Problems()
        project = self._project(values, problems, required=True)
        type_value = None
        try:
            type_value = choice_value(ApprovalType, values.get("type") or "", "手续类型", TYPE_ALIASES)
        except ValueError as exc:
            problems.add("type", str(exc))
        problems.raise_if_any()
        assert project is not None and type_value is not None
        name = (values.get("name") or "").strip()
        item = self._find(project, type_value, name) or ApprovalItem(project=project, type=type_value)
        item.project = project  # the looked-up instance, with its region loaded
        if "name" in values:
            item.name = name
        if "handling_unit" in values:
            self._unit(item, values["handling_unit"], problems)
        for key in ("agent_name", "agent_phone", "planned_on", "started_on", "obtained_on", "document_no", "note"):
            if key in values:
                value = values[key]
                assign(item, key, value.strip() if isinstance(value, str) else value)
        if "status" in values or item.pk is None:
            self._status(item, values.get("status"), problems)
        problems.raise_if_any(item)
        return item

    @staticmethod
    def _find(project: Project, type_value: str, name: str) -> ApprovalItem | None:
        items = ApprovalItem.objects.filter(project=project, type=type_value).select_related("handling_unit")
        if type_value == ApprovalType.OTHER:
            items = items.filter(name=name)
        return items.order_by("pk").first()

    @staticmethod
    def _unit(item: ApprovalItem, text: str | None, problems: Problems) -> None:
        if not text:
            item.handling_unit = None
            return
        current = item.handling_unit if item.handling_unit_id else None
        if current is not None and cells.squeeze(text) in {cells.squeeze(current.name), current.short_name}:
            return  # the stored unit, wherever it is
        unit = lookup_unit(text, item.project.region, "handling_unit", problems)
        if unit is not None:
            item.handling_unit = unit

    @staticmethod
    def _status(item: ApprovalItem, text: str | None, problems: Problems) -> None:
        """办理状态 as written; an empty cell follows the dates (取得日期 → 已取得, 启动日期 → 办理中)."""
        if text:
            try:
                item.status = choice_value(ApprovalStatus, text, "办理状态", STATUS_ALIASES)
            except ValueError as exc:
                problems.add("status", str(exc))
        elif item.obtained_on:
            item.status = ApprovalStatus.OBTAINED
        elif item.started_on:
            item.status = ApprovalStatus.IN_PROGRESS
        else:
            item.status = ApprovalStatus.NOT_STARTED

    def validate(self, obj: ApprovalItem) -> None:
        """The model's rules, for new and changed rows (an unchanged row is not saved, so not checked again)."""
        if obj.pk is not None:
            stored = ApprovalItem._base_manager.get(pk=obj.pk)
            if self.snapshot(stored) == self.snapshot(obj):
                return
        super().validate(obj)

    def natural_keys(self, obj: ApprovalItem) -> list[tuple[str | None, Hashable]]:
        keys: list[tuple[str | None, Hashable]] = [("type", ("pk", obj.pk))] if obj.pk else []
        name = obj.name if obj.type == ApprovalType.OTHER else ""
        keys.append(("type", ("item", obj.project_id, obj.type, name)))
        return keys

    def describe(self, obj: ApprovalItem) -> str:
        return f"{obj.project.name} · {obj.label}"

    def instance_to_row(self, obj: ApprovalItem, context: dict[str, Any]) -> dict[str, Any]:
        return {
            **self._project_cells(obj.project),
            "type": obj.get_type_display(),
            "name": obj.name or None,
            "handling_unit": obj.handling_unit.name if obj.handling_unit_id else None,
            "agent_name": obj.agent_name or None,
            "agent_phone": obj.agent_phone or None,
            "status": obj.get_status_display(),
            "planned_on": obj.planned_on,
            "started_on": obj.started_on,
            "obtained_on": obj.obtained_on,
            "document_no": obj.document_no or None,
            "note": obj.note or None,
        }

    def export_queryset(self, user: Any, context: dict[str, Any]) -> QuerySet[ApprovalItem]:
        items = filter_region(ApprovalItem.objects.visible_to(user), context.get("region"))
        if context.get("year"):
            items = items.filter(project__plans__year=int(context["year"])).distinct()
        return ordered_approvals(items)


def ordered_approvals(items: QuerySet[ApprovalItem]) -> QuerySet[ApprovalItem]:
    """The export's rows: by region and project, each project's items in the order approvals are obtained."""
    return (
        items.select_related("project__region", "handling_unit")
        .annotate(type_order=TYPE_ORDER)
        .order_by("project__region__path", "project__name", "type_order", "name", "pk")
    )
