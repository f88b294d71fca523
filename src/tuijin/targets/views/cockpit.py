"""The city cockpit (驾驶舱): a region's headline figures against target and 序时, 四个一批, the monthly investment
curve, the 晾晒 tables, the red lists, problems by status and the attraction totals, at an as-of date.

``/cockpit/?region=<code>&as_of=YYYY-MM-DD``: the region defaults to the top of the user's scope (the city for 市级调度
and 领导, the district for 区县填报) and must be visible to the user (404 otherwise). Indicator figures come from the
rollups (``targets.queries``); the other numbers are single aggregate queries over the user's visible rows. Every
number links to the filtered list of the rows behind it, which shows the same count.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from tuijin.attraction.models import AttractionSettings, Contract
from tuijin.attraction.queries import signed_between
from tuijin.core.models import Region
from tuijin.core.money import NONE_DISPLAY, format_percent, format_points, quantize_half_up, wan_to_yi
from tuijin.core.periods import date_label, elapsed_share_for_period, months_covered
from tuijin.core.views import request_as_of, request_region, with_query
from tuijin.dispatch import queries as dispatch_queries
from tuijin.dispatch.filters import BATCH_CHOICES
from tuijin.problems import queries as problem_queries
from tuijin.problems.choices import ProblemStatus
from tuijin.problems.models import Problem
from tuijin.projects.models import Project
from tuijin.projects.queries import year_list
from tuijin.targets import queries
from tuijin.targets.choices import RankBy, TargetKind
from tuijin.targets.formatting import target_text, value_text
from tuijin.targets.indicators import figure_url
from tuijin.targets.models import Indicator, Rollup, Target, assessed_regions

# The 晾晒 tables shown on the cockpit, and how many places of the top and the bottom each shows.
RANKED_KEYS = ("new_starts", "investment", "signed_amount")
RANK_PLACES = 3
# The attraction figures of the cockpit (rollups of the computed indicators).
ATTRACTION_KEYS = ("signed_amount", "signed_count", "big_projects", "start_rate", "production_rate")
INVESTMENT = "investment"
TOP_CONTRACTS = 5
TOP_UNITS = 5
TOP_RED = 5
MONTHS = range(1, 13)


# --- formatting ----------------------------------------------------------------------------------------------------


def format_target(progress: queries.Progress) -> str:
    return NONE_DISPLAY if progress.target is None else target_text(progress.target)


def yi_text(value: Decimal | None) -> str | None:
    """万元 → 亿元 text for the charts (rounded half up; no float on the way)."""
    return None if value is None else f"{quantize_half_up(wan_to_yi(value), 2):f}"


# --- the sections --------------------------------------------------------------------------------------------------


@dataclass
class Headline:
    """One headline figure against its target and 序时 (DOMAIN.md §4)."""

    progress: queries.Progress
    url: str

    @property
    def indicator(self) -> Indicator:
        return self.progress.indicator

    @property
    def value(self) -> str:
        return value_text(self.indicator, self.progress.actual)

    @property
    def target(self) -> str:
        return format_target(self.progress)

    @property
    def completion(self) -> str:
        return format_percent(self.progress.completion)

    @property
    def growth(self) -> str:
        growth = self.progress.growth if self.progress.is_growth else None
        return "—" if growth is None else f"{quantize_half_up(growth, 1):f}%"

    @property
    def share(self) -> str:
        return format_percent(self.progress.share) if not self.progress.is_growth else "—"

    @property
    def schedule_rate(self) -> str:
        return format_percent(self.progress.schedule_rate)

    @property
    def gap(self) -> str:
        return format_points(self.progress.gap_points)

    @property
    def state(self) -> str:
        """``ahead`` (green) when on or ahead of 序时, ``behind`` (red) when behind, empty when not judged."""
        on_schedule = self.progress.on_schedule
        if on_schedule is None:
            return ""
        return "ahead" if on_schedule else "behind"


def headlines(region: Region, as_of: datetime.date) -> list[Headline]:
    """The active indicators with a target for the region in the as-of year, in indicator order."""
    indicator_ids = Target.objects.filter(region=region, year=as_of.year, indicator__active=True).values("indicator_id")
    indicators = list(queries.active_indicators().filter(pk__in=indicator_ids))
    return [
        Headline(row, figure_url(row.indicator, region, as_of))
        for row in queries.progress_table(indicators, region, as_of)
    ]


@dataclass
class Bar:
    label: str
    value: int
    url: str
    note: str = ""
    width: int = 0  # percent of the longest bar


# 四个一批 and the computed indicator that counts each (rollups to the as-of date).
BATCH_KEYS = {
    "planning": "planned",
    "starting": "new_starts",
    "constructing": "constructing",
    "completing": "completions",
}


def batches(region: Region, indicators: dict[str, Indicator], as_of: datetime.date) -> list[Bar]:
    """四个一批 of the as-of year on the year's key-project list, from the rollups up to the as-of date; each bar
    opens the project list of its batch."""
    year = as_of.year
    url = reverse("dispatch:project_list")
    bars = []
    for batch, label in BATCH_CHOICES:
        indicator = indicators.get(BATCH_KEYS[batch])
        value = queries.actual(indicator, region, as_of) if indicator is not None else None
        link = with_query(url, year=year, batch=batch, region=region.code)
        bars.append(Bar(str(label), int(value or 0), link))
    longest = max((bar.value for bar in bars), default=0)
    for bar in bars:
        bar.width = round(bar.value * 100 / longest) if longest else 0
    return bars


def monthly_totals(key: str, region: Region, as_of: datetime.date) -> dict[int, Decimal]:
    """Month → the sum of an indicator's rolled-up numerator over the region's subtree in that month of the as-of
    year (days up to ``as_of``), in one grouped query."""
    rows = (
        Rollup.objects.filter(
            indicator_key=key, series="num", region__path__startswith=region.path, year=as_of.year, day__lte=as_of
        )
        .order_by()
        .annotate(month=ExtractMonth("day"))
        .values_list("month")
        .annotate(total=Sum("value"))
    )
    return dict(rows)


def investment_chart(region: Region, indicator: Indicator | None, as_of: datetime.date) -> dict[str, Any]:
    """Months 1–12 of the as-of year: the cumulative investment from the rollups (months ended by the as-of date)
    against the target spread by 序时 (target × T); amounts in 亿元."""
    year = as_of.year
    done = months_covered(as_of)
    totals = monthly_totals(INVESTMENT, region, as_of)
    actual: list[str | None] = []
    schedule: list[str | None] = []
    target = None
    if indicator is not None:
        target = Target.objects.filter(indicator=indicator, region=region, year=year, kind=TargetKind.LEVEL).first()
    cumulative = Decimal(0)
    for month in MONTHS:
        cumulative += totals.get(month, Decimal(0))
        actual.append(yi_text(cumulative) if month <= done else None)
        if target is not None and indicator is not None:
            schedule.append(yi_text(target.value * elapsed_share_for_period(year, month, indicator.time_basis)))
    return {
        "months": [f"{month}月" for month in MONTHS],
        "actual": actual,
        "schedule": schedule,
        "labels": {
            "title": _("%(year)s年重点项目累计完成投资") % {"year": year},
            "actual": _("累计完成投资（亿元）"),
            "schedule": _("目标×序时进度（亿元）"),
            "unit": _("亿元"),
        },
    }


@dataclass
class RankingTable:
    indicator: Indicator
    parent: Region
    url: str
    top: list[dict[str, Any]] = field(default_factory=list)
    bottom: list[dict[str, Any]] = field(default_factory=list)
    by_label: str = ""
    own: dict[str, Any] | None = None  # a district's own place when it is neither among the first nor the last


def ranking_parent(region: Region) -> Region | None:
    """The region whose districts and zones are compared: the region itself when it has them, else its parent."""
    if assessed_regions(region):
        return region
    return region.parent


def ranking_tables(region: Region, indicators: dict[str, Indicator], as_of: datetime.date) -> list[RankingTable]:
    parent = ranking_parent(region)
    if parent is None:
        return []
    tables = []
    for key in RANKED_KEYS:
        indicator = indicators.get(key)
        if indicator is None:
            continue
        ranking = queries.ranking(indicator, parent, as_of)
        rows = []
        for row in ranking.rows:
            if row.rank is None:
                continue
            if ranking.by == RankBy.VALUE:
                shown = value_text(indicator, row.progress.actual)
            else:
                shown = "—" if row.value is None else f"{row.value:f}%"
            rows.append(
                {
                    "rank": row.rank,
                    "region": row.region,
                    "value": shown,
                    "current": row.region.pk == region.pk,
                    "last": row.last,
                }
            )
        url = with_query(reverse("targets:ranking"), indicator=key, region=parent.code, as_of=as_of.isoformat())
        table = RankingTable(indicator, parent, url, by_label=str(RankBy(ranking.by).label))
        table.top = rows[:RANK_PLACES]
        table.bottom = rows[RANK_PLACES:][-RANK_PLACES:]
        own = next((row for row in rows if row["current"]), None)
        table.own = own if own is not None and own not in table.top + table.bottom else None
        tables.append(table)
    return tables


def last_ended_month(as_of: datetime.date) -> tuple[int, int]:
    """The dispatch month of the red list: the last month ended by the as-of date (December of the year before in
    January)."""
    months = months_covered(as_of)
    return (as_of.year, months) if months else (as_of.year - 1, 12)


# --- the page ------------------------------------------------------------------------------------------------------


class CockpitView(LoginRequiredMixin, TemplateView):
    """驾驶舱 of a city or district (see the module docstring)."""

    template_name = "targets/cockpit.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        region = request_region(self.request)
        as_of = request_as_of(self.request)
        today = timezone.localdate()
        year = as_of.year
        indicators = {row.key: row for row in queries.active_indicators()}
        region_projects = Project.objects.visible_to(user).filter(region__path__startswith=region.path)
        problems = Problem.objects.visible_to(user).filter(project__region__path__startswith=region.path)
        context.update(
            title=_("驾驶舱"),
            region=region,
            as_of=as_of,
            as_of_label=date_label(as_of),
            year=year,
            regions=Region.objects.visible_to(user).filter(depth__lte=region.depth + 1).order_by("path"),
            parent_url=self.parent_url(region, as_of),
            headlines=headlines(region, as_of),
            targets_url=with_query(reverse("targets:target_list"), year=year, region=region.code),
            batches=batches(region, indicators, as_of),
            chart=investment_chart(region, indicators.get(INVESTMENT), as_of),
            investment_url=figure_url(indicators[INVESTMENT], region, as_of) if INVESTMENT in indicators else None,
            rankings=ranking_tables(region, indicators, as_of),
            **self.red_list(region, region_projects, problems, as_of, today),
            **self.problem_figures(region, problems),
            **self.attraction(region, indicators, as_of),
        )
        return context

    def parent_url(self, region: Region, as_of: datetime.date) -> str | None:
        parent = region.parent
        if parent is None or not Region.objects.visible_to(self.request.user).filter(pk=parent.pk).exists():
            return None
        return with_query(self.request.path, region=parent.code, as_of=as_of.isoformat())

    def red_list(
        self,
        region: Region,
        projects: QuerySet[Project],
        problems: QuerySet[Problem],
        as_of: datetime.date,
        today: datetime.date,
    ) -> dict[str, Any]:
        """Red-light projects of the year's list in the last ended month (as the project list's ``light`` filter
        counts them), and the problems overdue today by lead unit (as the problem list's ``urgency`` filter)."""
        year, month = last_ended_month(as_of)
        red = dispatch_queries.projects_with_light(year_list(projects, year), year, month, dispatch_queries.Light.RED)
        overdue = problems.overdue(today)
        problem_list = reverse("problems:problem_list")
        by_unit = (
            overdue.order_by()
            .values("lead_unit", "lead_unit__name")
            .annotate(n=Count("pk", distinct=True))
            .order_by("-n", "lead_unit__name")
        )
        return {
            "red_period": _("%(year)s年%(month)s月") % {"year": year, "month": month},
            "red_count": red.count(),
            "red_projects": list(red.order_by("name")[:TOP_RED]),
            "red_url": with_query(
                reverse("dispatch:project_list"), region=region.code, year=year, month=month, light="red"
            ),
            "overdue_count": overdue.count(),
            "overdue_url": with_query(problem_list, urgency="red", region=region.code),
            "overdue_units": [
                {
                    "name": row["lead_unit__name"] or _("未交办"),
                    "count": row["n"],
                    "url": with_query(problem_list, urgency="red", region=region.code, lead_unit=row["lead_unit"]),
                }
                for row in by_unit[:TOP_UNITS]
            ],
            "supervision_url": reverse("problems:supervision"),
        }

    def problem_figures(self, region: Region, problems: QuerySet[Problem]) -> dict[str, Any]:
        counts = problem_queries.status_counts(problems)
        url = reverse("problems:problem_list")
        return {
            "problem_statuses": [
                {
                    "status": status,
                    "label": label,
                    "count": counts[status],
                    "url": with_query(url, status=status, region=region.code),
                }
                for status, label in ProblemStatus.choices
            ],
            "problems_url": with_query(url, region=region.code),
        }

    def attraction(self, region: Region, indicators: dict[str, Indicator], as_of: datetime.date) -> dict[str, Any]:
        """The year's signing figures (rollups) and the biggest contracts signed in the year up to the as-of date."""
        figures = []
        for key in ATTRACTION_KEYS:
            indicator = indicators.get(key)
            if indicator is None:
                continue
            row = queries.progress(indicator, region, as_of)
            figures.append({"key": key, "headline": Headline(row, figure_url(indicator, region, as_of))})
        settings = AttractionSettings.current()
        contracts = Contract.objects.visible_to(self.request.user).filter(region__path__startswith=region.path)
        biggest = (
            signed_between(contracts, datetime.date(as_of.year, 1, 1), as_of, settings)
            .select_related("region")
            .order_by("-amount", "name")[:TOP_CONTRACTS]
        )
        return {"attraction_figures": figures, "top_contracts": list(biggest)}
