"""Approval item pages (前期手续, 帮办代办): the list across projects, one project's items with its progress, the item
card, create/edit/delete, and the statistics (用时 per type, 拿地即开工, lagging projects) with their Excel export.

Who keeps a project's list (adds, re-plans, moves, deletes items) is who may change the project; the 部门办理 of the
handling unit sees its unit's items and records their handling through a narrowed form (``ApprovalItemForm``).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from openpyxl import Workbook
from openpyxl.styles import Font

from tuijin.core import generic
from tuijin.core.models import Region
from tuijin.core.money import quantize_half_up
from tuijin.core.periods import date_label
from tuijin.core.scope import can_create
from tuijin.core.views import default_region, with_query
from tuijin.problems import queries
from tuijin.problems.approval_filters import ApprovalFilter
from tuijin.problems.approval_forms import ApprovalItemForm, approval_projects, may_change_project
from tuijin.problems.approval_tables import ApprovalTable, card_rows, lag_mark
from tuijin.problems.choices import ApprovalStatus, ApprovalType
from tuijin.problems.models import ApprovalItem, ProblemSettings
from tuijin.problems.views import common
from tuijin.projects.models import Project

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TYPE_ORDER = {value: index for index, value in enumerate(ApprovalType.values)}


# ---- shared by the statistics pages (approvals and inspections) ----------------------------------------------------


def request_region(request: HttpRequest, default: Region | None = None) -> Region | None:
    """``?region=CODE`` among the visible regions (404 outside), else ``default``."""
    code = request.GET.get("region")
    if code:
        return get_object_or_404(Region.objects.visible_to(request.user), code=code)
    return default


def request_date(request: HttpRequest, name: str) -> datetime.date | None:
    """``?name=YYYY-MM-DD``; None when absent or malformed."""
    try:
        return parse_date(request.GET.get(name) or "")
    except ValueError:
        return None


def region_choices(user: Any) -> QuerySet[Region]:
    """Regions a statistics page offers: the visible ones down to the children of the top of the user's scope."""
    try:
        top = default_region(user)
    except Http404:
        return Region.objects.none()
    return Region.objects.visible_to(user).filter(depth__lte=top.depth + 1).order_by("path")


def xlsx_response(sheets: Sequence[tuple[str, str, list[str], Iterable[Sequence[Any]]]], name: str) -> HttpResponse:
    """A workbook of one sheet per (sheet name, title, headers, rows), as a download named ``name-YYYYMMDD.xlsx``.
    Counts and days are numbers, dates are dates, rates the page's text ("50.00%")."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet_name, title, headers, rows in sheets:
        sheet = workbook.create_sheet(sheet_name[:31])
        sheet.append([title])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.append(headers)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(list(row))
        for index, cell in enumerate(sheet[2], start=1):
            sheet.column_dimensions[cell.column_letter].width = max(10, len(str(headers[index - 1])) * 2 + 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    filename = f"{name}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


# ---- list, project page, card, edit, delete -----------------------------------------------------------------------


class ApprovalListView(common.ListView):
    """Approval items of every visible project, with the 滞后 reasons at today."""

    model = ApprovalItem
    table_class = ApprovalTable
    filterset_class = ApprovalFilter
    title = gettext_lazy("前期手续")
    create_url_name = "problems:approval_create"
    export_url_name = "problems:approval_export"
    links = [(gettext_lazy("手续统计"), "problems:approval_stats")]

    def get_queryset(self) -> QuerySet[ApprovalItem]:
        return super().get_queryset().select_related("project", "project__region", "handling_unit")

    def get_table_kwargs(self) -> dict[str, Any]:
        return {"today": timezone.localdate()}


def type_ordered(items: Iterable[ApprovalItem]) -> list[ApprovalItem]:
    """Items in the order of the approval types (立项 → 用地 → 规划 → 施工许可 …), 其他 last."""
    return sorted(items, key=lambda item: (TYPE_ORDER.get(item.type, len(TYPE_ORDER)), item.name, item.pk))


class ProjectApprovalsView(LoginRequiredMixin, TemplateView):
    """One project's approval items in type order, with 已取得 x / 共 y and the lagging ones marked."""

    template_name = "problems/approval_project.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        project = get_object_or_404(
            Project.objects.visible_to(user).select_related("region"), pk=self.kwargs["project_pk"]
        )
        today = timezone.localdate()
        items = type_ordered(
            ApprovalItem.objects.visible_to(user).filter(project=project).select_related("project", "handling_unit")
        )
        obtained = sum(1 for item in items if item.status == ApprovalStatus.OBTAINED)
        lagging = sum(1 for item in items if queries.lag_reasons(item, today))
        manage = can_create(ApprovalItem.scope, user) and may_change_project(user, project)
        create_url = with_query(reverse("problems:approval_create"), project=project.pk) if manage else None
        context.update(
            title=_("前期手续：%(project)s") % {"project": project.name},
            project=project,
            table=ApprovalTable(items, today=today, orderable=False, exclude=("project",)),
            total=len(items),
            obtained=obtained,
            lagging=lagging,
            as_of=today,
            create_url=create_url,
            list_url=with_query(reverse("problems:approval_list"), project=project.pk),
            lagging_url=with_query(reverse("problems:approval_list"), project=project.pk, lagging="true"),
        )
        return context


class ApprovalDetailView(common.DetailView):
    """The item card with its 用时 and 滞后 reasons; 编辑 for who may change it, 删除 for who keeps the list."""

    model = ApprovalItem
    fields = ApprovalItemForm.Meta.fields
    edit_url_name = "problems:approval_edit"
    delete_url_name = "problems:approval_delete"

    def get_queryset(self) -> QuerySet[ApprovalItem]:
        return super().get_queryset().select_related("project", "project__region", "handling_unit")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        item, user = self.object, self.request.user
        if not may_change_project(user, item.project_id):
            context["delete_url"] = None
        if self.tab == "history":
            return context
        days = item.duration_workdays()
        context["fields"] = [
            *card_rows(item, self.fields),
            (_("用时（工作日）"), "—" if days is None else str(days)),
            (_("滞后"), lag_mark(queries.lag_reasons(item, timezone.localdate())) or _("否")),
        ]
        if Project.objects.visible_to(user).filter(pk=item.project_id).exists():
            context["actions"] = [(_("本项目全部手续"), reverse("problems:approval_project", args=[item.project_id]))]
        return context


class ApprovalEditView(common.ProjectPresetEditView):
    """Create or edit an item; ``?project=<pk>`` presets the project of a new one (404 unless the user keeps it)."""

    model = ApprovalItem
    form_class = ApprovalItemForm
    success_url_name = "problems:approval_list"

    def preset_projects(self) -> QuerySet[Project]:
        return approval_projects(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.object is None and self.project is not None:
            context["title"] = _("新增手续：%(project)s") % {"project": self.project.name}
            context["cancel_url"] = reverse("problems:approval_project", args=[self.project.pk])
        return context


class ApprovalDeleteView(common.DeleteView):
    """Only who keeps the project's list deletes an item (not the handling unit's handler); back to the project."""

    model = ApprovalItem

    def editable_queryset(self) -> QuerySet[ApprovalItem]:
        return super().editable_queryset().filter(project__in=Project.objects.editable_by(self.request.user))

    def get_success_url(self) -> str:
        return reverse("problems:approval_project", args=[self.object.project_id])


# ---- statistics ---------------------------------------------------------------------------------------------------


def days_text(value: Decimal | None) -> str:
    """Working days to one decimal (an average or a median of an even count is fractional): "4.0", "3.5"."""
    return "—" if value is None else str(quantize_half_up(value, 1))


class ApprovalStatsView(generic.WorkbookPageMixin, LoginRequiredMixin, TemplateView):
    """手续统计 over the visible items (optionally of a region): working days per type, 拿地即开工 of a year, and the
    projects with lagging items (at today); ``?format=xlsx`` exports the three tables."""

    template_name = "problems/approval_stats.html"

    def compute(self) -> None:
        user = self.request.user
        self.today = timezone.localdate()
        self.region = request_region(self.request)
        year = self.request.GET.get("year", "")
        self.year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else self.today.year
        self.settings = ProblemSettings.current()
        items = ApprovalItem.objects.visible_to(user)
        projects = Project.objects.visible_to(user)
        if self.region is not None:
            items = items.filter(project__region__path__startswith=self.region.path)
            projects = projects.filter(region__path__startswith=self.region.path)
        self.durations = queries.durations_by_type(items)
        self.land = queries.land_to_start(items, self.year, self.settings.land_to_start_days)
        lagging_items = queries.lagging(items, self.today)
        counts = dict(
            lagging_items.order_by().values("project_id").annotate(n=Count("pk")).values_list("project_id", "n")
        )
        self.lagging_total = sum(counts.values())
        self.lagging_projects = [
            (project, counts.get(project.pk, 0))
            for project in queries.lagging_projects(items, self.today)
            .select_related("region")
            .order_by("region__path", "name")
        ]

    def list_url(self, **params: Any) -> str:
        return with_query(reverse("problems:approval_list"), region=self.region.code if self.region else None, **params)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        region_code = self.region.code if self.region else ""
        context.update(
            title=_("手续统计"),
            region=self.region,
            regions=region_choices(self.request.user),
            year=self.year,
            as_of=self.today,
            land_days=self.settings.land_to_start_days,
            durations=[
                {
                    "row": row,
                    "average": days_text(row.average_days),
                    "median": days_text(row.median_days),
                    "obtained_url": self.list_url(type=row.type, status=ApprovalStatus.OBTAINED),
                    "in_progress_url": self.list_url(type=row.type, status=ApprovalStatus.IN_PROGRESS),
                }
                for row in self.durations
            ],
            land=self.land,
            lagging_total=self.lagging_total,
            lagging_url=self.list_url(lagging="true"),
            lagging_projects=[
                {
                    "project": project,
                    "count": count,
                    "url": with_query(reverse("problems:approval_list"), project=project.pk, lagging="true"),
                    "project_url": reverse("problems:approval_project", args=[project.pk]),
                }
                for project, count in self.lagging_projects
            ],
            export_url=with_query(self.request.path, region=region_code, year=self.year, format="xlsx"),
            list_url=self.list_url(),
        )
        return context

    def export(self) -> HttpResponse:
        scope = f"{self.region.name} · " if self.region else ""
        durations = (
            [row.label, row.obtained, row.in_progress, row.average_days, row.median_days] for row in self.durations
        )
        land = (
            [row.project.code, row.project.name, row.project.region.name, row.land_on, row.started_on, row.days]
            for row in self.land
        )
        lagging = (
            [
                project.code,
                project.name,
                project.region.name,
                project.get_stage_display(),
                f"{project.planned_start.year}年{project.planned_start.month}月" if project.planned_start else "",
                count,
            ]
            for project, count in self.lagging_projects
        )
        sheets = [
            (
                _("手续用时"),
                _("%(scope)s前期手续办理用时（工作日）") % {"scope": scope},
                [_("手续类型"), _("已取得"), _("办理中"), _("平均用时（工作日）"), _("中位用时（工作日）")],
                durations,
            ),
            (
                _("拿地即开工"),
                _("%(scope)s%(year)s年拿地即开工项目（取得土地后%(days)s天内开工）")
                % {"scope": scope, "year": self.year, "days": self.settings.land_to_start_days},
                [_("项目代码"), _("项目名称"), _("所属区域"), _("拿地日期"), _("开工日期"), _("间隔天数")],
                land,
            ),
            (
                _("手续滞后项目"),
                _("%(scope)s手续滞后项目（截至%(date)s）") % {"scope": scope, "date": date_label(self.today)},
                [_("项目代码"), _("项目名称"), _("所属区域"), _("项目阶段"), _("计划开工"), _("滞后手续数")],
                lagging,
            ),
        ]
        return xlsx_response(sheets, _("手续统计"))
