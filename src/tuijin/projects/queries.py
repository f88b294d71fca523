"""Metrics of the project registry. Views, API, rollups and bulletins call these; nothing else counts projects.

四个一批 come from transition dates (DOMAIN.md §2), never from the current stage, so a past year's
counts stay the same whatever happened since.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet

from tuijin.core.series import Contribution, contributions
from tuijin.projects.choices import STAGE_ORDER, Stage
from tuijin.projects.models import AnnualPlan, Project, StageTransition


def year_list(projects: QuerySet[Project], year: int) -> QuerySet[Project]:
    """The year's key-project list: projects with an annual plan that year (joined mid-year included)."""
    return projects.filter(Exists(AnnualPlan.objects.filter(project=OuterRef("pk"), year=year)))


def _reached(stage: str, on_or_before: datetime.date) -> Exists:
    return Exists(StageTransition.objects.filter(project=OuterRef("pk"), to_stage=stage, date__lte=on_or_before))


def _reached_between(stage: str, start: datetime.date, end: datetime.date) -> Exists:
    return Exists(
        StageTransition.objects.filter(project=OuterRef("pk"), to_stage=stage, date__gte=start, date__lte=end)
    )


@dataclass(frozen=True)
class FourBatches:
    """四个一批 of one year."""

    planning: int  # 谋划一批: entered 谋划 during the year
    starting: int  # 开工一批: reached 在建 during the year (新开工)
    constructing: int  # 在建一批: under construction at some time during the year
    completing: int  # 投用一批: reached 竣工投用 during the year


def four_batches_filters(year: int) -> dict[str, Q | Exists]:
    """The filter of each batch, shared by the counts and by the lists a dashboard figure links to."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return {
        "planning": _reached_between(Stage.PLANNING, start, end),
        "starting": _reached_between(Stage.CONSTRUCTION, start, end),
        # Reached 在建 by year end and not completed before the year began.
        "constructing": _reached(Stage.CONSTRUCTION, end)
        & ~_reached(Stage.COMPLETED, start - datetime.timedelta(days=1)),
        "completing": _reached_between(Stage.COMPLETED, start, end),
    }


def four_batches(projects: QuerySet[Project], year: int) -> FourBatches:
    filters = four_batches_filters(year)
    counts = projects.aggregate(**{name: Count("pk", filter=condition) for name, condition in filters.items()})
    return FourBatches(**counts)


def stage_counts(projects: QuerySet[Project]) -> dict[str, int]:
    """Current stage → number of projects, every stage present (0 when none), in lifecycle order."""
    rows = dict(projects.order_by().values_list("stage").annotate(n=Count("pk")))
    return {stage: rows.get(stage, 0) for stage in STAGE_ORDER}


# --- day series of the computed indicators (see ``tuijin.core.series``) ---------------------------------------------


def _first_reached_series(projects: QuerySet[Project], stage: str, year: int) -> list[Contribution]:
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    rows = (
        StageTransition.objects.filter(
            project__in=projects.values("pk"), to_stage=stage, date__gte=start, date__lte=end
        )
        .order_by()
        .values("project_id", "project__region_id")
        .annotate(first=Min("date"))
    )
    return contributions(((row["project__region_id"], row["first"], 1) for row in rows), year)


def started_series(projects: QuerySet[Project], year: int) -> list[Contribution]:
    """新开工: each project reaching 在建 during the year, on the first day it did (四个一批's 开工一批)."""
    return _first_reached_series(projects, Stage.CONSTRUCTION, year)


def completed_series(projects: QuerySet[Project], year: int) -> list[Contribution]:
    """竣工投用: each project reaching 竣工投用 during the year, on the first day it did (投用一批)."""
    return _first_reached_series(projects, Stage.COMPLETED, year)


def planned_series(projects: QuerySet[Project], year: int) -> list[Contribution]:
    """谋划一批: each project entering 谋划 during the year, on the first day it did."""
    return _first_reached_series(projects, Stage.PLANNING, year)


def constructing_series(projects: QuerySet[Project], year: int) -> list[Contribution]:
    """在建一批 (``four_batches_filters``: reached 在建 by the year's end, not completed before it began): those already
    under construction when the year began count on 1 January, the others on the day they first reached 在建."""
    start = datetime.date(year, 1, 1)
    before = start - datetime.timedelta(days=1)
    not_completed = projects.exclude(_reached(Stage.COMPLETED, before))
    running = not_completed.filter(_reached(Stage.CONSTRUCTION, before)).values_list("pk", "region_id")
    running_ids = {pk for pk, _region in running}
    rows = [(region_id, start, 1) for _pk, region_id in running]
    started = _first_reached_series(not_completed.exclude(pk__in=running_ids), Stage.CONSTRUCTION, year)
    rows += [(c.region_id, c.day, c.value) for c in started]
    return contributions(rows, year)


def registered_series(projects: QuerySet[Project], year: int) -> list[Contribution]:
    """入库: projects registered in the statistics (统计入库) during the year, on their 入库日期."""
    rows = projects.filter(
        stats_registered=True,
        stats_registered_on__gte=datetime.date(year, 1, 1),
        stats_registered_on__lte=datetime.date(year, 12, 31),
    ).values_list("region_id", "stats_registered_on")
    return contributions(((region_id, day, 1) for region_id, day in rows), year)
