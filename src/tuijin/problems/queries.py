"""The numbers of problem coordination, approval services and inspections, from the rows (never stored).

Every function takes an already scoped queryset (``visible_to`` / ``editable_by``) so pages, the API, exports and
the targets of the campaign (e.g. 解决100个用地报批难题 = ``solved_count(..., kind="land")``) give the same answer.

- solved (已解决) = 办结 or 销号, counted on the 办结 date; 办结率 = solved / raised (DOMAIN.md §7);
- overdue (逾期) = still open after the deadline, or solved after it; 督办 = open and overdue now;
- days to resolve are official working days from 交办 to 办结 (``core.workdays``).
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from tuijin.core import workdays
from tuijin.core.models import Region
from tuijin.core.money import quantize_half_up
from tuijin.core.periods import completion_rate
from tuijin.core.series import Contribution, contributions
from tuijin.problems.choices import OPEN_STATUSES, SOLVED_STATUSES, ApprovalStatus, ApprovalType, ProblemStatus
from tuijin.problems.models import ApprovalItem, Inspection, Problem, ProblemKind
from tuijin.projects.choices import Stage
from tuijin.projects.models import Project


def solved_q(start: datetime.date | None = None, end: datetime.date | None = None) -> Q:
    q = Q(status__in=SOLVED_STATUSES, resolved_on__isnull=False)
    if start:
        q &= Q(resolved_on__gte=start)
    if end:
        q &= Q(resolved_on__lte=end)
    return q


def solved_count(
    problems: QuerySet[Problem],
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    kind: str | None = None,
) -> int:
    """Problems solved (办结/销号) with 办结 date in [start, end], optionally of one kind (its code)."""
    queryset = problems.filter(solved_q(start, end))
    if kind:
        queryset = queryset.filter(kind__code=kind)
    return queryset.count()


def solved_series(problems: QuerySet[Problem], year: int, kind: str | None = None) -> list[Contribution]:
    """Problems solved (办结/销号) during the year, on their 办结 date, optionally of one kind (its code): what
    targets such as 解决100个用地报批难题 count, as ``solved_count``. See ``tuijin.core.series``."""
    queryset = problems.filter(solved_q(datetime.date(year, 1, 1), datetime.date(year, 12, 31)))
    if kind:
        queryset = queryset.filter(kind__code=kind)
    rows = queryset.order_by().values_list("project__region_id", "resolved_on")
    return contributions(((region_id, day, 1) for region_id, day in rows), year)


def raised_series(problems: QuerySet[Problem], year: int) -> list[Contribution]:
    """Problems raised during the year, on their 提出 date: the denominator of 办结率 (as ``counts_by_kind``)."""
    queryset = problems.filter(raised_on__gte=datetime.date(year, 1, 1), raised_on__lte=datetime.date(year, 12, 31))
    rows = queryset.order_by().values_list("project__region_id", "raised_on")
    return contributions(((region_id, day, 1) for region_id, day in rows), year)


def resolution_rate(solved: int, raised: int) -> Decimal | None:
    """办结率 = solved / raised (a ratio; None when nothing was raised)."""
    return completion_rate(solved, raised)


def status_counts(problems: QuerySet[Problem]) -> dict[str, int]:
    """Problems per status, every status present (0 when none)."""
    counts = dict(problems.order_by().values_list("status").annotate(n=Count("pk")))
    return {status: counts.get(status, 0) for status in ProblemStatus.values}


def overdue_q(as_of: datetime.date) -> Q:
    """Open past the deadline, or solved after it."""
    open_late = Q(status__in=OPEN_STATUSES, deadline__lt=as_of)
    solved_late = Q(status__in=SOLVED_STATUSES, resolved_on__gt=F("deadline"))
    return open_late | solved_late


@dataclass
class Performance:
    """One row of the performance table: a unit, a kind, or a unit × kind."""

    key: Any
    label: str
    assigned: int = 0
    solved: int = 0
    open: int = 0
    overdue_open: int = 0
    solved_late: int = 0
    days: list[int] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return self.overdue_open + self.solved_late

    @property
    def resolution_rate(self) -> Decimal | None:
        return resolution_rate(self.solved, self.assigned)

    @property
    def median_days(self) -> Decimal | None:
        """Median working days from 交办 to 办结 (None when nothing was solved)."""
        if not self.days:
            return None
        return Decimal(str(statistics.median(self.days)))

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "assigned": self.assigned,
            "solved": self.solved,
            "open": self.open,
            "overdue_open": self.overdue_open,
            "solved_late": self.solved_late,
            "overdue": self.overdue,
            "resolution_rate": self.resolution_rate,
            "median_days": self.median_days,
        }


PERFORMANCE_GROUPS = ("unit", "kind", "unit_kind")


def performance(problems: QuerySet[Problem], as_of: datetime.date, group: str = "unit") -> list[Performance]:
    """Per lead unit (``unit``), per kind (``kind``) or per unit and kind (``unit_kind``), over assigned problems:
    assigned, solved by ``as_of``, open, overdue (open past the deadline / solved after it), 办结率 and the median
    working days to resolve. Rows sorted by label; counts include only problems assigned by ``as_of``."""
    if group not in PERFORMANCE_GROUPS:
        raise ValueError(group)
    rows = (
        problems.filter(lead_unit__isnull=False, assigned_on__lte=as_of)
        .order_by()
        .values(
            "lead_unit_id",
            "lead_unit__name",
            "kind_id",
            "kind__name",
            "kind__order",
            "status",
            "assigned_on",
            "deadline",
            "resolved_on",
        )
    )
    table: dict[Any, Performance] = {}
    for row in rows:
        if group == "unit":
            key, label = row["lead_unit_id"], row["lead_unit__name"]
        elif group == "kind":
            key, label = row["kind_id"], row["kind__name"]
        else:
            key = (row["lead_unit_id"], row["kind_id"])
            label = f"{row['lead_unit__name']} · {row['kind__name']}"
        entry = table.setdefault(key, Performance(key, label))
        entry.assigned += 1
        resolved_on = row["resolved_on"]
        solved = row["status"] in SOLVED_STATUSES and resolved_on is not None and resolved_on <= as_of
        if solved:
            entry.solved += 1
            entry.days.append(workdays.workdays_between(row["assigned_on"], resolved_on))
            if row["deadline"] and resolved_on > row["deadline"]:
                entry.solved_late += 1
        else:
            entry.open += 1
            if row["deadline"] and row["deadline"] < as_of:
                entry.overdue_open += 1
    return sorted(table.values(), key=lambda entry: entry.label)


@dataclass
class KindCount:
    kind: ProblemKind
    raised: int
    solved: int
    open: int
    overdue: int

    @property
    def resolution_rate(self) -> Decimal | None:
        return resolution_rate(self.solved, self.raised)


def counts_by_kind(problems: QuerySet[Problem], year: int, as_of: datetime.date) -> list[KindCount]:
    """Per kind: raised in ``year``, solved in ``year`` up to ``as_of`` (what targets such as "解决100个用地报批
    难题" count), open now and overdue now (督办)."""
    start = datetime.date(year, 1, 1)
    end = min(datetime.date(year, 12, 31), as_of)
    values = (
        problems.order_by()
        .values("kind_id")
        .annotate(
            raised=Count("pk", filter=Q(raised_on__gte=start, raised_on__lte=end)),
            solved=Count("pk", filter=solved_q(start, end)),
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, deadline__lt=as_of)),
        )
    )
    by_kind = {row["kind_id"]: row for row in values}
    result = []
    for kind in ProblemKind.objects.all():
        row = by_kind.get(kind.pk, {})
        if not row and not kind.active:
            continue
        result.append(
            KindCount(kind, row.get("raised", 0), row.get("solved", 0), row.get("open", 0), row.get("overdue", 0))
        )
    return result


# ---- Approval items ----------------------------------------------------------------------------------------------


def lagging_q(as_of: datetime.date) -> Q:
    """Not obtained while the project's planned start (or actual start) has come, or planned for a month after the
    planned start, or past its own planned date. Needs ``with_planned_month``."""
    return ~Q(status=ApprovalStatus.OBTAINED) & (
        Q(project__planned_start__lte=as_of)
        | Q(project__actual_start__lte=as_of)
        | Q(planned_month__gt=F("project__planned_start"))
        | Q(planned_on__lt=as_of)
    )


def with_planned_month(items: QuerySet[ApprovalItem]) -> QuerySet[ApprovalItem]:
    return items.annotate(planned_month=TruncMonth("planned_on"))


def lagging(items: QuerySet[ApprovalItem], as_of: datetime.date) -> QuerySet[ApprovalItem]:
    return with_planned_month(items).filter(lagging_q(as_of))


def lag_reasons(item: ApprovalItem, as_of: datetime.date) -> list[str]:
    """Why an item is flagged, in words (empty when it is not)."""
    if item.status == ApprovalStatus.OBTAINED:
        return []
    project = item.project
    reasons = []
    if project.actual_start and project.actual_start <= as_of:
        reasons.append(_("项目已开工，手续尚未取得"))
    elif project.planned_start and project.planned_start <= as_of:
        reasons.append(_("已到计划开工时间，手续尚未取得"))
    if item.planned_on and project.planned_start and item.planned_on.replace(day=1) > project.planned_start:
        reasons.append(_("计划取得时间晚于计划开工时间"))
    if item.planned_on and item.planned_on < as_of:
        reasons.append(_("已超过计划取得日期"))
    return reasons


def lagging_projects(items: QuerySet[ApprovalItem], as_of: datetime.date) -> QuerySet[Project]:
    """Projects with at least one lagging approval item."""
    return Project.objects.filter(pk__in=lagging(items, as_of).values("project_id"))


@dataclass
class Duration:
    type: str
    label: str
    obtained: int
    in_progress: int
    average_days: Decimal | None
    median_days: Decimal | None


def durations_by_type(items: QuerySet[ApprovalItem]) -> list[Duration]:
    """Per approval type: how many obtained and in progress, and the average and median working days from 启动 to
    取得 of the obtained ones with both dates."""
    days: dict[str, list[int]] = {value: [] for value in ApprovalType.values}
    obtained = dict.fromkeys(ApprovalType.values, 0)
    in_progress = dict.fromkeys(ApprovalType.values, 0)
    for type_, status, started, got in items.order_by().values_list("type", "status", "started_on", "obtained_on"):
        if status == ApprovalStatus.OBTAINED:
            obtained[type_] += 1
            if started and got:
                days[type_].append(workdays.workdays_between(started, got))
        elif status == ApprovalStatus.IN_PROGRESS:
            in_progress[type_] += 1
    result = []
    for value, label in ApprovalType.choices:
        values = days[value]
        average = quantize_half_up(Decimal(sum(values)) / len(values), 1) if values else None
        median = Decimal(str(statistics.median(values))) if values else None
        result.append(Duration(value, str(label), obtained[value], in_progress[value], average, median))
    return result


@dataclass
class LandToStart:
    project: Project
    land_on: datetime.date
    started_on: datetime.date

    @property
    def days(self) -> int:
        return (self.started_on - self.land_on).days


def land_to_start(items: QuerySet[ApprovalItem], year: int, days: int) -> list[LandToStart]:
    """拿地即开工: projects that started in ``year`` within ``days`` calendar days of obtaining their land (the
    土地出让 approval item among ``items``, which the caller has scoped)."""
    land = items.filter(type=ApprovalType.LAND, status=ApprovalStatus.OBTAINED, obtained_on__isnull=False)
    rows = land.filter(project__actual_start__year=year).select_related("project", "project__region")
    result = []
    for item in rows:
        started = item.project.actual_start
        if item.obtained_on <= started and (started - item.obtained_on).days <= days:
            result.append(LandToStart(item.project, item.obtained_on, started))
    return sorted(result, key=lambda row: (row.started_on, row.project.code))


# ---- Inspections -------------------------------------------------------------------------------------------------


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of the day's week."""
    return day - datetime.timedelta(days=day.weekday())


@dataclass
class Coverage:
    region: Region
    under_construction: int
    inspected: int
    inspections: int
    problems_raised: int

    @property
    def rate(self) -> Decimal | None:
        """督查覆盖率 = projects under construction inspected in the week / projects under construction."""
        return completion_rate(self.inspected, self.under_construction)


def weekly_coverage(
    inspections: QuerySet[Inspection],
    projects: QuerySet[Project],
    problems: QuerySet[Problem],
    regions: Iterable[Region],
    monday: datetime.date,
) -> list[Coverage]:
    """Per region (its subtree): projects now under construction (在建), how many of them were inspected in the
    week starting ``monday``, the week's inspections and the problems raised from them."""
    sunday = monday + datetime.timedelta(days=6)
    week = inspections.filter(on__gte=monday, on__lte=sunday)
    result = []
    building = projects.filter(stage=Stage.CONSTRUCTION)
    for region in regions:
        in_region = Q(project__region__path__startswith=region.path)
        region_week = week.filter(in_region)
        result.append(
            Coverage(
                region=region,
                under_construction=building.filter(region__path__startswith=region.path).count(),
                inspected=region_week.filter(project__stage=Stage.CONSTRUCTION).values("project_id").distinct().count(),
                inspections=region_week.count(),
                problems_raised=problems.filter(inspection__in=region_week.values("pk")).count(),
            )
        )
    return result
