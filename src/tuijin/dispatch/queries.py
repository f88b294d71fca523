"""Metrics of monthly dispatch (DOMAIN.md §3–§5): year-to-date investment, 序时 progress, warning lights,
late reporters. Pages, API, overview, rollups and bulletins call these; nothing else computes them.

Official figures count approved (已审核) reports only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, Exists, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from tuijin.core.periods import completion_rate, elapsed_share_for_period, period_end
from tuijin.core.series import Contribution, contributions
from tuijin.dispatch.models import DispatchSettings, MonthlyReport, ReportStatus
from tuijin.projects.models import AnnualPlan, Project
from tuijin.projects.queries import year_list

ZERO = Decimal("0")
MONEY_FIELD = DecimalField(max_digits=20, decimal_places=4)


class Light:
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    NONE = ""  # not applicable (no plan, not started, …)

    LABELS = {GREEN: "绿灯", YELLOW: "黄灯", RED: "红灯", NONE: "—"}
    RANK = {NONE: 0, GREEN: 1, YELLOW: 2, RED: 3}


def months_between(earlier: datetime.date, later: datetime.date) -> int:
    """Whole calendar months from ``earlier``'s month to ``later``'s month (same month → 0)."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def approved_reports(year: int, through_month: int) -> QuerySet[MonthlyReport]:
    return MonthlyReport.objects.filter(status=ReportStatus.APPROVED, year=year, month__lte=through_month)


def with_progress(projects: QuerySet[Project], year: int, month: int) -> QuerySet[Project]:
    """Annotate each project with the year's plan, 本年累计 (1—month, approved), and the month's own figures.

    ``plan_amount`` is None for projects without a plan that year; ``ytd_amount`` is 0 without reports.
    """
    ytd = (
        approved_reports(year, month)
        .filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    plan = AnnualPlan.objects.filter(project=OuterRef("pk"), year=year).values("planned_investment")[:1]
    month_report = MonthlyReport.objects.filter(project=OuterRef("pk"), year=year, month=month)
    return projects.annotate(
        plan_amount=Subquery(plan, output_field=MONEY_FIELD),
        ytd_amount=Coalesce(Subquery(ytd, output_field=MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD),
        month_status=Subquery(month_report.values("status")[:1]),
        month_amount=Subquery(month_report.values("amount")[:1], output_field=MONEY_FIELD),
    )


def cumulative_by_month(project: Project, year: int, through_month: int) -> list[Decimal | None]:
    """Cumulative approved investment at the end of each month 1–12 (None after ``through_month``), in 万元."""
    by_month = dict(
        approved_reports(year, through_month)
        .filter(project=project)
        .order_by()
        .values_list("month")
        .annotate(total=Sum("amount"))
    )
    running = ZERO
    cumulative: list[Decimal | None] = []
    for month in range(1, 13):
        running += by_month.get(month) or ZERO
        cumulative.append(running if month <= through_month else None)
    return cumulative


def investment_share(year: int, month: int, settings: DispatchSettings | None = None) -> Decimal:
    """序时进度 T of project investment at the end of ``month``: m/12 (month basis, the default) or d/D."""
    settings = settings or DispatchSettings.current()
    return elapsed_share_for_period(year, month, settings.investment_time_basis)


def schedule_by_month(plan: Decimal | None, year: int) -> list[Decimal | None]:
    """The plan spread by 序时 (T × plan) at the end of each month 1–12."""
    settings = DispatchSettings.current()
    return [None if plan is None else plan * investment_share(year, month, settings) for month in range(1, 13)]


def investment_totals(projects: QuerySet[Project], year: int, month: int) -> tuple[Decimal, Decimal]:
    """(本年累计完成投资, 年度计划投资) of the projects in 万元, approved reports only."""
    ytd = approved_reports(year, month).filter(project__in=projects.values("pk")).aggregate(s=Sum("amount"))["s"]
    plan = AnnualPlan.objects.filter(year=year, project__in=projects.values("pk")).aggregate(
        s=Sum("planned_investment")
    )["s"]
    return ytd or ZERO, plan or ZERO


@dataclass(frozen=True)
class LightResult:
    light: str
    reason: str


def investment_light(
    ytd: Decimal, plan: Decimal | None, year: int, month: int, settings: DispatchSettings
) -> LightResult:
    """Investment vs 序时 at the end of ``month`` (DOMAIN.md §4–§5), on the settings' time basis (month by
    default): green when less than the yellow threshold behind, yellow up to the red threshold, red beyond."""
    rate = completion_rate(ytd, plan)
    if rate is None:
        return LightResult(Light.NONE, _("无年度计划投资"))
    share = investment_share(year, month, settings)
    behind = (share - rate) * 100
    detail = _("完成年度计划%(rate)s%%，序时进度%(share)s%%") % {
        "rate": f"{rate * 100:.2f}",
        "share": f"{share * 100:.2f}",
    }
    if behind > settings.investment_red_points:
        return LightResult(
            Light.RED, _("%(detail)s，落后序时%(points)s个百分点") % {"detail": detail, "points": f"{behind:.2f}"}
        )
    if behind >= settings.investment_yellow_points:
        return LightResult(
            Light.YELLOW, _("%(detail)s，落后序时%(points)s个百分点") % {"detail": detail, "points": f"{behind:.2f}"}
        )
    return LightResult(Light.GREEN, detail)


def start_light(project: Project, as_of: datetime.date, settings: DispatchSettings) -> LightResult:
    """Yellow once the planned start month has passed without a start; red after ``start_red_months`` more."""
    if project.actual_start or not project.planned_start:
        return LightResult(Light.NONE, "")
    overdue = months_between(project.planned_start, as_of)
    if as_of <= period_end(project.planned_start.year, project.planned_start.month):
        return LightResult(Light.NONE, "")
    planned = f"{project.planned_start.year}年{project.planned_start.month}月"
    if overdue > settings.start_red_months:
        return LightResult(
            Light.RED, _("计划%(planned)s开工，已超期%(months)s个月未开工") % {"planned": planned, "months": overdue}
        )
    return LightResult(Light.YELLOW, _("计划%(planned)s开工，已超期未开工") % {"planned": planned})


def stats_light(project: Project, as_of: datetime.date, settings: DispatchSettings) -> LightResult:
    """A started project not registered in fixed-asset statistics: yellow after 1 month, red after 2 (defaults)."""
    if not project.actual_start or project.stats_registered:
        return LightResult(Light.NONE, "")
    months = months_between(project.actual_start, as_of)
    if as_of.day < project.actual_start.day:
        months -= 1  # a month counts once the same day of the month has come round
    if months >= settings.stats_red_months:
        return LightResult(Light.RED, _("开工%(months)s个月仍未统计入库") % {"months": months})
    if months >= settings.stats_yellow_months:
        return LightResult(Light.YELLOW, _("开工%(months)s个月仍未统计入库") % {"months": months})
    return LightResult(Light.NONE, "")


@dataclass
class ProjectLights:
    investment: LightResult
    start: LightResult
    stats: LightResult
    overall: str = field(init=False)

    def __post_init__(self) -> None:
        self.overall = max((self.investment.light, self.start.light, self.stats.light), key=Light.RANK.__getitem__)

    @property
    def reasons(self) -> list[str]:
        return [r.reason for r in (self.investment, self.start, self.stats) if r.light in {Light.YELLOW, Light.RED}]


def lights_for(project: Project, year: int, month: int, settings: DispatchSettings | None = None) -> ProjectLights:
    """The three lights of a project annotated by ``with_progress`` (or any project: it is annotated on demand)."""
    settings = settings or DispatchSettings.current()
    if not hasattr(project, "ytd_amount"):
        project = with_progress(Project.objects.filter(pk=project.pk), year, month).get()
    as_of = period_end(year, month)
    if project.actual_start is None and project.planned_start and project.planned_start > as_of:
        # Not due to start yet: no investment is expected, so 序时 says nothing (the start light takes over later).
        planned = f"{project.planned_start.year}年{project.planned_start.month}月"
        investment = LightResult(Light.NONE, _("计划%(planned)s开工，尚未到开工时间") % {"planned": planned})
    else:
        investment = investment_light(project.ytd_amount, project.plan_amount, year, month, settings)
    return ProjectLights(
        investment=investment,
        start=start_light(project, as_of, settings),
        stats=stats_light(project, as_of, settings),
    )


def projects_with_light(projects: QuerySet[Project], year: int, month: int, light: str) -> QuerySet[Project]:
    """The projects whose overall light is ``light`` (red/yellow/green), for list filters and red lists."""
    settings = DispatchSettings.current()
    ids = [p.pk for p in with_progress(projects, year, month) if lights_for(p, year, month, settings).overall == light]
    return projects.filter(pk__in=ids)


def late_projects(projects: QuerySet[Project], year: int, month: int, today: datetime.date) -> QuerySet[Project]:
    """Projects of the year's list, under construction by the month's end, with no submitted or approved report
    for the month once its deadline has passed."""
    if today <= DispatchSettings.current().deadline(year, month):
        return projects.none()
    reported = MonthlyReport.objects.filter(
        project=OuterRef("pk"), year=year, month=month, status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED]
    )
    # Investment is reported from the start of construction: projects still in 谋划/前期 owe no report.
    started = year_list(projects, year).filter(actual_start__lte=period_end(year, month))
    return started.exclude(Exists(reported))


def investment_series(projects: QuerySet[Project], year: int) -> list[Contribution]:
    """本年完成投资 (万元) of approved reports, each month's amount on the last day of the month (a month-basis
    figure: as of any day it is the sum of the months that ended by then). See ``tuijin.core.series``."""
    rows = (
        MonthlyReport.objects.filter(status=ReportStatus.APPROVED, year=year, project__in=projects.values("pk"))
        .order_by()
        .values_list("project__region_id", "month")
        .annotate(total=Sum("amount"))
    )
    return contributions(((region_id, period_end(year, month), total) for region_id, month, total in rows), year)
