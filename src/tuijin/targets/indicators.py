"""The computed indicators: an explicit list of what each one counts, by naming the series functions in the owning
app's ``queries.py`` (see ``tuijin.core.series``).

A new computed indicator is one more ``ComputedIndicator`` in ``INDICATORS`` (and, when it needs one, a series
function in its app's ``queries.py``); its row in ``Indicator`` is created by ``ensure_indicators()`` (migration,
demo, ``tuijin rollups rebuild``), views and rollups pick it up from here. Nothing else is edited.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db.models import Max, Min, QuerySet
from django.urls import reverse

from tuijin.attraction import queries as attraction_queries
from tuijin.attraction.models import Contract
from tuijin.core.models import Region
from tuijin.core.periods import TimeBasis
from tuijin.core.series import Contribution
from tuijin.core.views import with_query
from tuijin.dispatch import queries as dispatch_queries
from tuijin.dispatch.models import MonthlyReport
from tuijin.problems import queries as problem_queries
from tuijin.problems.models import Problem
from tuijin.projects import queries as project_queries
from tuijin.projects.models import Project, StageTransition
from tuijin.targets.choices import Direction, Unit


def _date_years(model: type, field_name: str) -> range:
    """The years a model's dates span (empty when it has no rows)."""
    bounds = model.objects.aggregate(first=Min(field_name), last=Max(field_name))
    if bounds["first"] is None:
        return range(0)
    return range(bounds["first"].year, bounds["last"].year + 1)


def _report_years() -> range:
    bounds = MonthlyReport.objects.aggregate(first=Min("year"), last=Max("year"))
    return range(0) if bounds["first"] is None else range(bounds["first"], bounds["last"] + 1)


@dataclass(frozen=True)
class Series:
    """One additive series: ``function(rows().filter(...), year)`` over the owning app's rows.

    ``region_path`` leads from a row to its Region (to recompute one region's contributions); ``years`` gives the
    years a rebuild covers; ``sources`` are the models ("app_label.Model") whose writes change the series.
    """

    rows: Callable[[], QuerySet]
    region_path: str
    function: Callable[[QuerySet, int], list[Contribution]]
    years: Callable[[], range]
    sources: tuple[str, ...]

    def for_region(self, region: Region, year: int, *, subtree: bool) -> list[Contribution]:
        """The contributions of one region (its subtree, or its own rows only) for the year."""
        rows = self.rows()
        if subtree:
            rows = rows.filter(**{f"{self.region_path}__path__startswith": region.path})
        else:
            rows = rows.filter(**{f"{self.region_path}_id": region.pk})
        return self.function(rows, year)


@dataclass(frozen=True)
class ComputedIndicator:
    """A computed indicator: the sum of ``numerator`` up to the as-of day, or for a rate, numerator / denominator
    in percent. ``drill(region, year, as_of)`` is the URL of the list of rows behind the figure."""

    key: str
    name: str
    unit: str
    time_basis: str
    direction: str
    numerator: Series
    drill: Callable[[Region, int, datetime.date], str]
    denominator: Series | None = None
    description: str = ""
    order: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def cumulative(self) -> bool:
        return self.denominator is None

    def series(self) -> dict[str, Series]:
        series = {"num": self.numerator}
        if self.denominator is not None:
            series["den"] = self.denominator
        return series


# --- the series ------------------------------------------------------------------------------------------------


def _year_list_series(function: Callable[[QuerySet, int], list[Contribution]]) -> Callable[[QuerySet, int], Any]:
    """Project series count the year's key-project list, as the dispatch overview does."""
    return lambda projects, year: function(project_queries.year_list(projects, year), year)


PROJECT_SOURCES = ("projects.Project", "projects.StageTransition", "projects.AnnualPlan")
CONTRACT_SOURCES = ("attraction.Contract", "attraction.AttractionSettings")
TRANSITION_YEARS = partial(_date_years, StageTransition, "date")


def _project_series(
    function: Callable[[QuerySet, int], list[Contribution]],
    years: Callable[[], range] = TRANSITION_YEARS,
    extra_sources: tuple[str, ...] = (),
) -> Series:
    """A series over the year's key-project list (see ``_year_list_series``)."""
    return Series(Project.objects.all, "region", _year_list_series(function), years, (*PROJECT_SOURCES, *extra_sources))


def _contract_series(
    function: Callable[[QuerySet, int], list[Contribution]], extra_sources: tuple[str, ...] = ()
) -> Series:
    """A series over the contracts, spanning the years they were signed in."""
    years = partial(_date_years, Contract, "signed_on")
    return Series(Contract.objects.all, "region", function, years, (*CONTRACT_SOURCES, *extra_sources))


STARTED = _project_series(project_queries.started_series)
COMPLETED = _project_series(project_queries.completed_series)
PLANNED = _project_series(project_queries.planned_series)
CONSTRUCTING = _project_series(project_queries.constructing_series)
REGISTERED = _project_series(project_queries.registered_series, partial(_date_years, Project, "stats_registered_on"))
INVESTMENT = _project_series(dispatch_queries.investment_series, _report_years, ("dispatch.MonthlyReport",))
SIGNED_AMOUNT = _contract_series(attraction_queries.signed_amount_series)
SIGNED_COUNT = _contract_series(attraction_queries.signed_count_series)
BIG_COUNT = _contract_series(attraction_queries.big_count_series)
CONTRACTS_STARTED = _contract_series(attraction_queries.started_contract_series, ("attraction.Milestone",))
CONTRACTS_PRODUCING = _contract_series(attraction_queries.producing_contract_series, ("attraction.Milestone",))

PROBLEM_SOURCES = ("problems.Problem",)


def _solved(kind: str | None) -> Series:
    return Series(
        Problem.objects.all,
        "project__region",
        partial(problem_queries.solved_series, kind=kind),
        partial(_date_years, Problem, "raised_on"),
        PROBLEM_SOURCES,
    )


RAISED = Series(
    Problem.objects.all,
    "project__region",
    problem_queries.raised_series,
    partial(_date_years, Problem, "raised_on"),
    PROBLEM_SOURCES,
)


# --- drill-down links --------------------------------------------------------------------------------------------


def _projects(batch: str) -> Callable[[Region, int, datetime.date], str]:
    return lambda region, year, as_of: with_query(
        reverse("dispatch:project_list"), year=year, batch=batch, region=region.code
    )


def _registered(region: Region, year: int, as_of: datetime.date) -> str:
    return with_query(
        reverse("dispatch:project_list"), year=year, stats_registered="true", registered_year=year, region=region.code
    )


def _reports(region: Region, year: int, as_of: datetime.date) -> str:
    return with_query(reverse("dispatch:report_list"), year=year, status="approved", region=region.code)


def _contracts(**params: Any) -> Callable[[Region, int, datetime.date], str]:
    def url(region: Region, year: int, as_of: datetime.date) -> str:
        end = min(as_of, datetime.date(year, 12, 31))
        return with_query(
            reverse("attraction:contract_list"),
            region=region.code,
            signed_from=datetime.date(year, 1, 1).isoformat(),
            signed_to=end.isoformat(),
            counted="true",
            **params,
        )

    return url


def _raised_problems(region: Region, year: int, as_of: datetime.date) -> str:
    return with_query(reverse("problems:problem_list"), region=region.code, raised_year=year)


def _solved_problems(kind: str | None) -> Callable[[Region, int, datetime.date], str]:
    return lambda region, year, as_of: with_query(
        reverse("problems:problem_list"), region=region.code, resolved_year=year, kind=kind
    )


# --- the list ----------------------------------------------------------------------------------------------------

MONTH, DAY = TimeBasis.MONTH.value, TimeBasis.DAY.value
HIGHER = Direction.HIGHER.value

INDICATORS: list[ComputedIndicator] = [
    ComputedIndicator(
        "new_starts", "新开工项目数", Unit.COUNT, MONTH, HIGHER, STARTED, _projects("starting"),
        description="年度重点项目中当年首次进入在建阶段的项目数（开工一批）。", order=10,
    ),
    ComputedIndicator(
        "completions", "竣工投用项目数", Unit.COUNT, MONTH, HIGHER, COMPLETED, _projects("completing"),
        description="年度重点项目中当年进入竣工投用阶段的项目数（投用一批）。", order=20,
    ),
    ComputedIndicator(
        "planned", "谋划项目数", Unit.COUNT, MONTH, HIGHER, PLANNED, _projects("planning"),
        description="年度重点项目中当年进入谋划阶段的项目数（谋划一批）。", order=23,
    ),
    ComputedIndicator(
        "constructing", "在建项目数", Unit.COUNT, MONTH, HIGHER, CONSTRUCTING, _projects("constructing"),
        description="年度重点项目中年内处于在建阶段的项目数（在建一批：年初在建的，加上当年开工的）。", order=26,
    ),
    ComputedIndicator(
        "investment", "本年完成投资", Unit.MONEY, MONTH, HIGHER, INVESTMENT, _reports,
        description="年度重点项目已审核月报的当年完成投资（万元）。", order=30,
    ),
    ComputedIndicator(
        "registered", "入库项目数", Unit.COUNT, MONTH, HIGHER, REGISTERED, _registered,
        description="年度重点项目中当年统计入库的项目数。", order=40,
    ),
    ComputedIndicator(
        "signed_amount", "新签约项目投资总额", Unit.MONEY, DAY, HIGHER, SIGNED_AMOUNT, _contracts(),
        description="当年签约（计入统计的合同类型）的合同投资额之和（万元）。", order=50,
    ),
    ComputedIndicator(
        "signed_count", "新签约项目数", Unit.COUNT, DAY, HIGHER, SIGNED_COUNT, _contracts(),
        description="当年签约（计入统计的合同类型）的项目数。", order=60,
    ),
    ComputedIndicator(
        "big_projects", "20亿元以上项目数", Unit.COUNT, DAY, HIGHER, BIG_COUNT, _contracts(big="true"),
        description="当年签约、合同投资额达到大项目门槛的项目数。", order=70,
    ),
    ComputedIndicator(
        "start_rate", "签约项目开工率", Unit.PERCENT, DAY, HIGHER, CONTRACTS_STARTED, _contracts(reached="started"),
        denominator=SIGNED_COUNT, description="当年签约项目中已开工的比例（分母为当年签约项目数）。", order=80,
    ),
    ComputedIndicator(
        "production_rate", "签约项目投产率", Unit.PERCENT, DAY, HIGHER, CONTRACTS_PRODUCING,
        _contracts(reached="producing"), denominator=SIGNED_COUNT,
        description="当年签约项目中已投产的比例（分母为当年签约项目数）。", order=90,
    ),
    ComputedIndicator(
        "land_solved", "用地报批问题解决数", Unit.COUNT, DAY, HIGHER, _solved("land"), _solved_problems("land"),
        description="当年办结（含销号）的用地报批类问题数。", order=100,
    ),
    ComputedIndicator(
        "relocation_solved", "征迁问题解决数", Unit.COUNT, DAY, HIGHER, _solved("relocation"),
        _solved_problems("relocation"), description="当年办结（含销号）的征迁类问题数。", order=110,
    ),
    ComputedIndicator(
        "grid_solved", "电网迁改问题解决数", Unit.COUNT, DAY, HIGHER, _solved("grid"), _solved_problems("grid"),
        description="当年办结（含销号）的电网迁改类问题数。", order=120,
    ),
    ComputedIndicator(
        "resolution_rate", "问题办结率", Unit.PERCENT, DAY, HIGHER, _solved(None), _raised_problems,
        denominator=RAISED, description="当年办结的问题数 / 当年提出的问题数。", order=130,
    ),
]  # fmt: skip

COMPUTED: dict[str, ComputedIndicator] = {spec.key: spec for spec in INDICATORS}

# Targets kept by another app and copied here (the attraction app's signing targets): key → (model field).
MIRRORED = {"signed_amount": "signed_amount", "big_projects": "big_projects"}


def figure_url(indicator: Any, region: Region, as_of: datetime.date) -> str:
    """The list of the rows behind an indicator's figure for a region: the source rows of a computed indicator
    (``drill``), the region's own entries of a manual one (its figure is its own entry, not its districts')."""
    spec = COMPUTED.get(indicator.key)
    if indicator.is_computed and spec is not None:
        return spec.drill(region, as_of.year, as_of)
    return with_query(reverse("targets:entry_list"), indicator=indicator.key, year=as_of.year, region_exact=region.code)


def ensure_indicators() -> None:
    """Create the ``Indicator`` row of every computed indicator (name and unit from code; a row the administrator
    changed keeps its time basis, direction and order)."""
    from tuijin.targets.choices import Source
    from tuijin.targets.models import Indicator

    for spec in INDICATORS:
        row = Indicator.objects.filter(key=spec.key).first()
        if row is None:
            Indicator.objects.create(
                key=spec.key,
                name=spec.name,
                unit=spec.unit,
                time_basis=spec.time_basis,
                direction=spec.direction,
                source=Source.COMPUTED,
                cumulative=spec.cumulative,
                description=spec.description,
                order=spec.order,
            )
        elif (row.name, row.unit, row.cumulative, row.source) != (spec.name, spec.unit, spec.cumulative, "computed"):
            row.name, row.unit, row.cumulative, row.source = spec.name, spec.unit, spec.cumulative, Source.COMPUTED
            row.save()


__all__ = ["COMPUTED", "INDICATORS", "MIRRORED", "ComputedIndicator", "Series", "ensure_indicators", "figure_url"]
