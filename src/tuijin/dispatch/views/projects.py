"""The project list and detail pages: the registry's card combined with the dispatch figures and lights."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuijin.core import generic
from tuijin.core.money import format_percent, format_points, format_wan, quantize_half_up
from tuijin.core.periods import (
    completion_rate,
    date_label,
    period_label,
    schedule_gap_points,
)
from tuijin.dispatch import queries
from tuijin.dispatch.filters import ProjectDispatchFilterSet
from tuijin.dispatch.models import DispatchSettings, MonthlyReport
from tuijin.dispatch.tables import MonthlyReportTable, ProjectDispatchTable, light_badge
from tuijin.dispatch.views.common import request_period, with_display
from tuijin.projects import views as projects_views
from tuijin.projects.industries import DIVISIONS
from tuijin.projects.models import Project


class ProjectExportView(projects_views.ProjectExportView):
    """The 项目信息表 of the list as filtered here (light, late, batch included): same sheet as the import."""

    filterset_class = ProjectDispatchFilterSet


class ProjectListView(generic.ObjectListView):
    """Projects with the year's plan, 本年累计 and lights for the chosen month (default: last complete month)."""

    model = Project
    table_class = ProjectDispatchTable
    filterset_class = ProjectDispatchFilterSet
    template_name = "dispatch/project_list.html"
    title = gettext_lazy("重点项目")
    create_url_name = "projects:project_create"
    export_url_name = "dispatch:project_export"

    def get_queryset(self) -> QuerySet[Project]:
        return super().get_queryset().select_related("region")

    @property
    def period(self) -> tuple[int, int]:
        return self.filterset.period()

    def get_table_data(self) -> QuerySet[Project]:
        # Annotate after filtering: the light filter computes its own figures on the unannotated rows.
        return queries.with_progress(super().get_table_data(), *self.period)

    def get_table_kwargs(self) -> dict[str, Any]:
        year, month = self.period
        return {"year": year, "month": month}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["period"] = period_label(*self.period)
        return context


def _year_month(value: Any) -> str:
    return f"{value.year}年{value.month}月" if value else ""


def _date(value: Any) -> str:
    return date_label(value) if value else ""


def card_fields(project: Project) -> list[tuple[str, str]]:
    """Every card field of DOMAIN.md §2 as (label, text), money and dates in their Chinese display forms."""
    meta = project._meta

    def label(name: str) -> str:
        return str(meta.get_field(name).verbose_name)

    division = project.industry_division
    rows = [
        (label("code"), project.code),
        (label("name"), project.name),
        (label("region"), str(project.region)),
        (_("项目级别"), project.levels_display),
        (label("category"), project.get_category_display()),
        (label("tags"), "、".join(tag.name for tag in project.tags.all())),
        (label("industry_section"), project.get_industry_section_display()),
        (label("industry_division"), f"{division} {DIVISIONS.get(division, '')}".strip() if division else ""),
        (label("nature"), project.get_nature_display()),
        (label("location"), project.location),
        (label("content"), project.content),
        (label("total_investment"), format_wan(project.total_investment)),
        (label("planned_start"), _year_month(project.planned_start)),
        (label("planned_completion"), _year_month(project.planned_completion)),
        (label("actual_start"), _date(project.actual_start)),
        (label("actual_completion"), _date(project.actual_completion)),
        (label("owner"), str(project.owner or "")),
        (label("responsible_unit"), str(project.responsible_unit or "")),
        (label("responsible_leader"), project.responsible_leader),
        (label("stats_registered"), _("是") if project.stats_registered else _("否")),
        (label("stats_registered_on"), _date(project.stats_registered_on)),
        (label("stage"), project.get_stage_display()),
        (label("suspended"), _("是") if project.suspended else _("否")),
    ]
    if project.longitude is not None:
        rows.append((_("坐标（WGS84）"), f"{project.longitude}, {project.latitude}"))
    return rows


def plan_chart(project: Any, year: int, month: int) -> dict[str, Any]:
    """Cumulative approved investment (1—m月) against the plan spread by 序时 (m/12 × plan), months 1–12.

    Values are strings rounded half-up to 2 decimals: the chart reads them as numbers, money never passes
    through a float here. Months after the chosen one have no actual value (None).
    """

    def money(value: Decimal | None) -> str | None:
        return None if value is None else str(quantize_half_up(value))

    actual = [money(value) for value in queries.cumulative_by_month(project, year, month)]
    schedule = [money(value) for value in queries.schedule_by_month(project.plan_amount, year)]
    return {
        "months": [f"{m}月" for m in range(1, 13)],
        "actual": actual,
        "schedule": schedule,
        "actual_label": _("累计完成投资（已审核）"),
        "schedule_label": _("序时计划投资"),
        "title": _("%(year)s年计划与累计完成（万元）") % {"year": year},
    }


def project_actions(project: Project) -> list[tuple[str, str]]:
    """Links to the projects app's pages that change the project (shown when the user may change it)."""
    return [
        (_("编辑"), reverse("projects:project_edit", args=[project.pk])),
        (_("阶段变更"), reverse("projects:project_advance", args=[project.pk])),
        (_("停工/复工"), reverse("projects:suspension_create", args=[project.pk])),
        (_("新增年度计划"), f"{reverse('projects:plan_create')}?project={project.pk}"),
    ]


class ProjectDetailView(generic.ObjectDetailView):
    """The project card, its lights and figures for a month, the plan chart, reports, stages, plans, history."""

    model = Project
    template_name = "dispatch/project_detail.html"
    delete_url_name = "projects:project_delete"

    def get_queryset(self) -> QuerySet[Project]:
        return super().get_queryset().select_related("region", "owner", "responsible_unit")

    def get_template_names(self) -> list[str]:
        if self.request.htmx and self.request.htmx.target == "tab-body" and self.tab != "history":
            return ["dispatch/partials/project_tab.html"]
        return super().get_template_names()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        project = self.object
        editable = self.editable_queryset().filter(pk=project.pk).exists()
        context["project_actions"] = project_actions(project) if editable else []
        if self.tab == "history":
            return context
        year, month = request_period(self.request)
        figures = queries.with_progress(Project.objects.filter(pk=project.pk), year, month).get()
        lights = queries.lights_for(figures, year, month, DispatchSettings.current())
        share = queries.investment_share(year, month)
        context.update(
            fields=card_fields(project),
            year=year,
            month=month,
            period=period_label(year, month),
            lights=lights,
            overall_badge=light_badge(lights.overall, lights.reasons),
            light_rows=[
                (_("投资进度"), light_badge(lights.investment.light, [lights.investment.reason]), lights.investment),
                (_("开工"), light_badge(lights.start.light, [lights.start.reason]), lights.start),
                (_("统计入库"), light_badge(lights.stats.light, [lights.stats.reason]), lights.stats),
            ],
            figures={
                "plan": format_wan(figures.plan_amount),
                "ytd": format_wan(figures.ytd_amount),
                "rate": format_percent(completion_rate(figures.ytd_amount, figures.plan_amount)),
                "share": format_percent(share),
                "gap": format_points(schedule_gap_points(figures.ytd_amount, figures.plan_amount, share)),
                "month_amount": format_wan(figures.month_amount),
            },
            chart=plan_chart(figures, year, month),
            reports_table=MonthlyReportTable(
                MonthlyReport.objects.visible_to(self.request.user)
                .filter(project=project)
                .select_related("project__region", "submitted_by", "reviewed_by"),
                orderable=False,
                exclude=("project", "region"),
            ),
            reports_url=reverse("dispatch:report_list") + f"?project={project.pk}",
            fundings=with_display(project.fundings.all(), "planned_amount"),
            transitions=project.transitions.all().order_by("date", "id"),
            suspensions=project.suspensions.select_related("decided_by").order_by("-date"),
            plans=with_display(project.plans.prefetch_related("goals").order_by("-year"), "planned_investment"),
            years=range(year - 2, year + 2),
            months=range(1, 13),
        )
        return context
