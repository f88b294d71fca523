"""Metrics of investment attraction (DOMAIN.md §4 and §6): signed totals, big projects, fulfilment rates, late
milestones, stale leads, team ranking and the annual signing target with its 序时完成率.

Pages, API, exports, the command line, rollups and bulletins call these; nothing else computes them.

Definitions (all at an as-of date, counting only what is dated on or before it):

- counted contracts: 正式合同 (plus 框架协议 when ``AttractionSettings.count_framework``);
- the rate denominator: counted contracts signed in the period — 1 January of the as-of year to the as-of date
  (``RateBasis.PERIOD``, default) or every counted contract signed up to the as-of date (``CUMULATIVE``);
- 落地率 = contracts registered (注册) or supplied with land (供地) / denominator;
- 开工率 = contracts started / denominator; 投产率 = contracts producing / denominator;
- 履约率 = contracts with no overdue milestone / denominator, a milestone being overdue when its due period after
  signing (3/6/12/24 months by default, configurable) has passed without it being recorded;
- 资金到位率 = funds arrived / contract amount of the denominator's contracts;
- big projects: contract amount ≥ 20亿元 (configurable);
- target completion R = signed amount / annual target, 序时 T by day, 序时完成率 = A / (P × T) (``core.periods``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, Greatest

from tuijin.attraction.choices import ACTIVE_LEAD_STATUSES, Grouping, MilestoneKind, RateBasis
from tuijin.attraction.models import (
    AttractionSettings,
    AttractionTarget,
    Contract,
    FundArrival,
    Lead,
    LeadSource,
    Milestone,
    Team,
)
from tuijin.core.models import Region
from tuijin.core.periods import (
    TimeBasis,
    add_months,
    completion_rate,
    elapsed_share,
    schedule_completion_rate,
    schedule_gap_points,
)
from tuijin.core.series import Contribution, contributions
from tuijin.projects.choices import IndustrySection

ZERO = Decimal("0")
MONEY_FIELD = DecimalField(max_digits=22, decimal_places=4)
# Signed investment is judged on the day basis (DOMAIN.md §6).
SIGNING_TIME_BASIS = TimeBasis.DAY


# --- the contracts a figure counts ------------------------------------------------------------------------------


def signed_between(
    contracts: QuerySet[Contract], start: datetime.date | None, end: datetime.date, settings: AttractionSettings
) -> QuerySet[Contract]:
    """Counted contracts signed from ``start`` (None: any time) to ``end`` inclusive."""
    queryset = contracts.filter(kind__in=settings.counted_kinds(), signed_on__lte=end)
    return queryset.filter(signed_on__gte=start) if start else queryset


def rate_contracts(
    contracts: QuerySet[Contract], as_of: datetime.date, settings: AttractionSettings | None = None
) -> QuerySet[Contract]:
    """The denominator of the fulfilment rates at ``as_of`` (see the module docstring)."""
    settings = settings or AttractionSettings.current()
    start = datetime.date(as_of.year, 1, 1) if settings.rate_basis == RateBasis.PERIOD else None
    return signed_between(contracts, start, as_of, settings)


def _reached(kind: str, as_of: datetime.date) -> Exists:
    return Exists(Milestone.objects.filter(contract=OuterRef("pk"), kind=kind, date__lte=as_of))


def overdue_q(kind: str, as_of: datetime.date, settings: AttractionSettings) -> Q | None:
    """Contracts for which milestone ``kind`` is overdue at ``as_of`` (needs the ``reached_<kind>`` annotation).

    Due on ``add_months(signed_on, n)``; overdue once ``as_of`` is past that day, i.e. signed before
    ``add_months(as_of, -n)``. None when the check is switched off (0 months).
    """
    months = settings.due_months()[kind]
    if not months:
        return None
    q = Q(signed_on__lt=add_months(as_of, -months), **{f"reached_{kind}": False})
    if kind == MilestoneKind.LAND:
        q &= Q(needs_land=True)
    return q


def any_overdue_q(as_of: datetime.date, settings: AttractionSettings) -> Q:
    q = Q(pk__in=[])
    for kind in MilestoneKind.values:
        kind_q = overdue_q(kind, as_of, settings)
        if kind_q is not None:
            q |= kind_q
    return q


def with_fulfilment(contracts: QuerySet[Contract], as_of: datetime.date) -> QuerySet[Contract]:
    """Annotate ``reached_<kind>`` (milestone dated on or before ``as_of``) and ``funds_arrived`` (万元)."""
    funds = (
        FundArrival.objects.filter(contract=OuterRef("pk"), date__lte=as_of)
        .order_by()
        .values("contract")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    annotations: dict[str, Any] = {f"reached_{kind}": _reached(kind, as_of) for kind in MilestoneKind.values}
    annotations["funds_arrived"] = Coalesce(
        Subquery(funds, output_field=MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD
    )
    return contracts.annotate(**annotations)


# --- rates ------------------------------------------------------------------------------------------------------


@dataclass
class Rates:
    """Counts and amounts of a set of contracts at an as-of date, and the rates over them."""

    key: Any = None
    label: str = ""
    contracts: int = 0
    amount: Decimal = ZERO
    big: int = 0
    big_amount: Decimal = ZERO
    fulfilled: int = 0
    landed: int = 0
    registered: int = 0
    land_supplied: int = 0
    started: int = 0
    producing: int = 0
    funds: Decimal = ZERO

    def _rate(self, count: int | Decimal) -> Decimal | None:
        return completion_rate(count, self.contracts)

    @property
    def fulfilment_rate(self) -> Decimal | None:
        """履约率"""
        return self._rate(self.fulfilled)

    @property
    def landing_rate(self) -> Decimal | None:
        """落地率"""
        return self._rate(self.landed)

    @property
    def start_rate(self) -> Decimal | None:
        """开工率"""
        return self._rate(self.started)

    @property
    def production_rate(self) -> Decimal | None:
        """投产率"""
        return self._rate(self.producing)

    @property
    def funds_rate(self) -> Decimal | None:
        """资金到位率 = 到位资金 / 合同金额"""
        return completion_rate(self.funds, self.amount)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "contracts": self.contracts,
            "amount": self.amount,
            "big": self.big,
            "big_amount": self.big_amount,
            "fulfilled": self.fulfilled,
            "landed": self.landed,
            "registered": self.registered,
            "land_supplied": self.land_supplied,
            "started": self.started,
            "producing": self.producing,
            "funds": self.funds,
            "fulfilment_rate": self.fulfilment_rate,
            "landing_rate": self.landing_rate,
            "start_rate": self.start_rate,
            "production_rate": self.production_rate,
            "funds_rate": self.funds_rate,
        }


GROUP_FIELDS = {
    Grouping.REGION: "region",
    Grouping.TEAM: "team",
    Grouping.SOURCE: "source",
    Grouping.INDUSTRY: "industry_section",
    Grouping.YEAR: "signed_year",
}


def _aggregates(as_of: datetime.date, settings: AttractionSettings) -> dict[str, Any]:
    big_q = Q(amount__gte=settings.big_project_threshold)
    return {
        "n": Count("pk"),
        "total": Coalesce(Sum("amount"), Value(ZERO), output_field=MONEY_FIELD),
        "n_big": Count("pk", filter=big_q),
        "big_total": Coalesce(Sum("amount", filter=big_q), Value(ZERO), output_field=MONEY_FIELD),
        "n_fulfilled": Count("pk", filter=~any_overdue_q(as_of, settings)),
        "n_landed": Count("pk", filter=Q(reached_registered=True) | Q(reached_land=True)),
        "n_registered": Count("pk", filter=Q(reached_registered=True)),
        "n_land": Count("pk", filter=Q(reached_land=True)),
        "n_started": Count("pk", filter=Q(reached_started=True)),
        "n_producing": Count("pk", filter=Q(reached_producing=True)),
        "funds_total": Coalesce(Sum("funds_arrived"), Value(ZERO), output_field=MONEY_FIELD),
    }


def _rates_from(values: dict[str, Any], key: Any = None, label: str = "") -> Rates:
    return Rates(
        key=key,
        label=label,
        contracts=values["n"],
        amount=values["total"],
        big=values["n_big"],
        big_amount=values["big_total"],
        fulfilled=values["n_fulfilled"],
        landed=values["n_landed"],
        registered=values["n_registered"],
        land_supplied=values["n_land"],
        started=values["n_started"],
        producing=values["n_producing"],
        funds=values["funds_total"],
    )


def rates(contracts: QuerySet[Contract], as_of: datetime.date, settings: AttractionSettings | None = None) -> Rates:
    """The rates of the given (already scoped and filtered) contracts at ``as_of``, over the rate denominator."""
    settings = settings or AttractionSettings.current()
    queryset = with_fulfilment(rate_contracts(contracts, as_of, settings), as_of).order_by()
    return _rates_from(queryset.aggregate(**_aggregates(as_of, settings)), label="合计")


def rates_by(
    contracts: QuerySet[Contract],
    as_of: datetime.date,
    grouping: str,
    settings: AttractionSettings | None = None,
) -> list[Rates]:
    """The rates per region, team, source, industry section or signing year, largest signed amount first.

    Groups without contracts are left out (a ranking that must show every region merges with ``Region`` rows).
    """
    settings = settings or AttractionSettings.current()
    group_field = GROUP_FIELDS[Grouping(grouping)]
    queryset = with_fulfilment(rate_contracts(contracts, as_of, settings), as_of)
    if grouping == Grouping.YEAR:
        queryset = queryset.annotate(signed_year=ExtractYear("signed_on"))
    rows = queryset.order_by().values(group_field).annotate(**_aggregates(as_of, settings))
    labels = _group_labels(grouping, [row[group_field] for row in rows])
    result = [_rates_from(row, row[group_field], labels.get(row[group_field], "未填写")) for row in rows]
    result.sort(key=lambda r: (-r.amount, str(r.label)))
    return result


def _group_labels(grouping: str, keys: Iterable[Any]) -> dict[Any, str]:
    keys = [key for key in keys if key is not None and key != ""]
    if grouping == Grouping.REGION:
        return dict(Region.objects.filter(pk__in=keys).values_list("pk", "name"))
    if grouping == Grouping.TEAM:
        return {team.pk: str(team) for team in Team.objects.filter(pk__in=keys)}
    if grouping == Grouping.SOURCE:
        return dict(LeadSource.objects.filter(pk__in=keys).values_list("pk", "name"))
    if grouping == Grouping.INDUSTRY:
        return {key: str(IndustrySection(key).label) for key in keys}
    return {key: f"{key}年" for key in keys}


# --- totals for charts ------------------------------------------------------------------------------------------


def signed_by_month(
    contracts: QuerySet[Contract],
    year: int,
    as_of: datetime.date | None = None,
    settings: AttractionSettings | None = None,
) -> list[tuple[int, int, Decimal]]:
    """(month, contracts, amount 万元) for months 1–12 of ``year`` (counted contracts, up to ``as_of``)."""
    settings = settings or AttractionSettings.current()
    end = min(as_of, datetime.date(year, 12, 31)) if as_of else datetime.date(year, 12, 31)
    rows = (
        signed_between(contracts, datetime.date(year, 1, 1), end, settings)
        .annotate(signed_month=ExtractMonth("signed_on"))
        .order_by()
        .values("signed_month")
        .annotate(n=Count("pk"), total=Sum("amount"))
    )
    by_month = {row["signed_month"]: (row["n"], row["total"]) for row in rows}
    return [(month, *by_month.get(month, (0, ZERO))) for month in range(1, 13)]


def funnel(rates_row: Rates) -> list[tuple[str, int]]:
    """The fulfilment funnel of a ``Rates`` row: 签约 → 落地 → 开工 → 投产."""
    return [
        ("签约", rates_row.contracts),
        ("落地（注册或供地）", rates_row.landed),
        ("开工", rates_row.started),
        ("投产", rates_row.producing),
    ]


def big_contracts(
    contracts: QuerySet[Contract], as_of: datetime.date, settings: AttractionSettings | None = None
) -> QuerySet[Contract]:
    """The period's big counted contracts (rate denominator), largest first."""
    settings = settings or AttractionSettings.current()
    return (
        rate_contracts(contracts, as_of, settings)
        .filter(amount__gte=settings.big_project_threshold)
        .select_related("region", "source", "team")
        .order_by("-amount", "name")
    )


# --- late contracts and stale leads -----------------------------------------------------------------------------


@dataclass
class LateMilestone:
    kind: str
    label: str
    due: datetime.date


@dataclass
class LateContract:
    contract: Contract
    late: list[LateMilestone] = field(default_factory=list)

    @property
    def late_labels(self) -> str:
        return "、".join(item.label for item in self.late)

    @property
    def earliest_due(self) -> datetime.date:
        return min(item.due for item in self.late)


def late_contracts(
    contracts: QuerySet[Contract], as_of: datetime.date, settings: AttractionSettings | None = None
) -> QuerySet[Contract]:
    """Counted contracts (any signing year) with at least one overdue milestone at ``as_of``, annotated."""
    settings = settings or AttractionSettings.current()
    queryset = with_fulfilment(signed_between(contracts, None, as_of, settings), as_of)
    return queryset.filter(any_overdue_q(as_of, settings)).select_related("region", "team", "source")


def late_details(
    contracts: Iterable[Contract], as_of: datetime.date, settings: AttractionSettings | None = None
) -> list[LateContract]:
    """Which milestones of each (``late_contracts``-annotated) contract are overdue and since when, longest first."""
    settings = settings or AttractionSettings.current()
    result = []
    for contract in contracts:
        item = LateContract(contract)
        for kind, months in settings.due_months().items():
            if not months or getattr(contract, f"reached_{kind}"):
                continue
            if kind == MilestoneKind.LAND and not contract.needs_land:
                continue
            due = add_months(contract.signed_on, months)
            if as_of > due:
                item.late.append(LateMilestone(kind, str(MilestoneKind(kind).label), due))
        if item.late:
            result.append(item)
    result.sort(key=lambda item: (item.earliest_due, item.contract.name))
    return result


def with_last_activity(leads: QuerySet[Lead]) -> QuerySet[Lead]:
    """Annotate ``last_activity``: the latest follow-up date, or the date the lead was found."""
    return leads.annotate(last_follow_up=Max("follow_ups__date")).annotate(
        last_activity=Greatest(Coalesce("last_follow_up", "found_on"), F("found_on"))
    )


def stale_leads(
    leads: QuerySet[Lead], as_of: datetime.date, settings: AttractionSettings | None = None
) -> QuerySet[Lead]:
    """Active leads (线索/洽谈/意向) with no follow-up for more than ``stale_lead_days`` days before ``as_of``."""
    settings = settings or AttractionSettings.current()
    cutoff = as_of - datetime.timedelta(days=settings.stale_lead_days)
    return with_last_activity(leads.filter(status__in=ACTIVE_LEAD_STATUSES)).filter(last_activity__lt=cutoff)


def lead_counts(leads: QuerySet[Lead]) -> dict[str, int]:
    """Leads per status."""
    rows = leads.order_by().values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


# --- teams ------------------------------------------------------------------------------------------------------


@dataclass
class TeamRank:
    rank: int
    team: Team
    rates: Rates


def team_ranking(
    teams: QuerySet[Team],
    contracts: QuerySet[Contract],
    as_of: datetime.date,
    settings: AttractionSettings | None = None,
) -> list[TeamRank]:
    """Teams ranked by signed amount (ties: more contracts, then more big projects, then 履约率); every team listed.

    Equal keys share a rank (1, 2, 2, 4).
    """
    settings = settings or AttractionSettings.current()
    by_team = {row.key: row for row in rates_by(contracts.filter(team__in=teams), as_of, Grouping.TEAM, settings)}
    rows = [(team, by_team.get(team.pk) or Rates(key=team.pk, label=str(team))) for team in teams]

    def sort_key(item: tuple[Team, Rates]) -> tuple:
        r = item[1]
        return (-r.amount, -r.contracts, -r.big, -(r.fulfilment_rate or ZERO))

    rows.sort(key=lambda item: (*sort_key(item), item[0].name))
    result: list[TeamRank] = []
    for index, (team, row) in enumerate(rows):
        tied = bool(result) and sort_key((team, row)) == sort_key((result[-1].team, result[-1].rates))
        rank = result[-1].rank if tied else index + 1
        result.append(TeamRank(rank, team, row))
    return result


# --- the annual target ------------------------------------------------------------------------------------------


@dataclass
class TargetProgress:
    """Signed amount against the annual target at ``as_of`` (DOMAIN.md §4, by day)."""

    region: Region
    year: int
    as_of: datetime.date
    actual: Decimal
    target: Decimal | None
    share: Decimal
    big_actual: int = 0
    big_target: int | None = None

    @property
    def completion(self) -> Decimal | None:
        """年度目标完成率 R = A / P"""
        return completion_rate(self.actual, self.target)

    @property
    def schedule_completion(self) -> Decimal | None:
        """序时完成率 = A / (P × T)"""
        return schedule_completion_rate(self.actual, self.target, self.share)

    @property
    def gap_points(self) -> Decimal | None:
        """超（慢）序时进度, percentage points"""
        return schedule_gap_points(self.actual, self.target, self.share)

    def as_dict(self) -> dict[str, Any]:
        return {
            "region": self.region.code,
            "region_name": self.region.name,
            "year": self.year,
            "as_of": self.as_of,
            "actual": self.actual,
            "target": self.target,
            "completion": self.completion,
            "share": self.share,
            "schedule_completion": self.schedule_completion,
            "gap_points": self.gap_points,
            "big_actual": self.big_actual,
            "big_target": self.big_target,
        }


def target_progress(
    contracts: QuerySet[Contract],
    region: Region,
    as_of: datetime.date,
    settings: AttractionSettings | None = None,
) -> TargetProgress:
    """Progress of ``region``'s signing target for the as-of year: counted contracts of its subtree signed from
    1 January to ``as_of`` against ``AttractionTarget`` (None when no target is set)."""
    settings = settings or AttractionSettings.current()
    year = as_of.year
    signed = signed_between(
        contracts.filter(region__path__startswith=region.path), datetime.date(year, 1, 1), as_of, settings
    )
    totals = signed.order_by().aggregate(
        total=Coalesce(Sum("amount"), Value(ZERO), output_field=MONEY_FIELD),
        big=Count("pk", filter=Q(amount__gte=settings.big_project_threshold)),
    )
    target = AttractionTarget.objects.filter(year=year, region=region).first()
    return TargetProgress(
        region=region,
        year=year,
        as_of=as_of,
        actual=totals["total"],
        target=target.signed_amount if target else None,
        share=elapsed_share(as_of, SIGNING_TIME_BASIS),
        big_actual=totals["big"],
        big_target=target.big_projects if target else None,
    )


def target_progress_by_region(
    contracts: QuerySet[Contract],
    regions: Iterable[Region],
    as_of: datetime.date,
    settings: AttractionSettings | None = None,
) -> list[TargetProgress]:
    settings = settings or AttractionSettings.current()
    return [target_progress(contracts, region, as_of, settings) for region in regions]


# --- day series of the computed indicators (see ``tuijin.core.series``) ---------------------------------------------


def _signed_in_year(
    contracts: QuerySet[Contract], year: int, settings: AttractionSettings | None
) -> QuerySet[Contract]:
    settings = settings or AttractionSettings.current()
    return signed_between(contracts, datetime.date(year, 1, 1), datetime.date(year, 12, 31), settings).order_by()


def signed_amount_series(
    contracts: QuerySet[Contract], year: int, settings: AttractionSettings | None = None
) -> list[Contribution]:
    """新签约项目投资总额 (万元): counted contracts on their signing day (the overview's target figure)."""
    rows = _signed_in_year(contracts, year, settings).values_list("region_id", "signed_on", "amount")
    return contributions(rows, year)


def signed_count_series(
    contracts: QuerySet[Contract], year: int, settings: AttractionSettings | None = None
) -> list[Contribution]:
    """新签约项目数: counted contracts on their signing day; also the denominator of 开工率/投产率 (period basis)."""
    rows = _signed_in_year(contracts, year, settings).values_list("region_id", "signed_on")
    return contributions(((region_id, day, 1) for region_id, day in rows), year)


def big_count_series(
    contracts: QuerySet[Contract], year: int, settings: AttractionSettings | None = None
) -> list[Contribution]:
    """20亿元以上项目数: counted contracts of at least the big-project threshold, on their signing day."""
    settings = settings or AttractionSettings.current()
    big = _signed_in_year(contracts, year, settings).filter(amount__gte=settings.big_project_threshold)
    return contributions(((region_id, day, 1) for region_id, day in big.values_list("region_id", "signed_on")), year)


def _milestone_series(
    contracts: QuerySet[Contract], year: int, kind: str, settings: AttractionSettings | None
) -> list[Contribution]:
    signed = _signed_in_year(contracts, year, settings)
    rows = Milestone.objects.filter(contract__in=signed.values("pk"), kind=kind).values_list(
        "contract__region_id", "date"
    )
    return contributions(((region_id, day, 1) for region_id, day in rows), year)


def started_contract_series(
    contracts: QuerySet[Contract], year: int, settings: AttractionSettings | None = None
) -> list[Contribution]:
    """The numerator of 开工率: the year's counted contracts on the day of their 开工 (also after the year ended,
    still counted for the year of signing), as ``rates`` counts them with the period denominator."""
    return _milestone_series(contracts, year, MilestoneKind.STARTED, settings)


def producing_contract_series(
    contracts: QuerySet[Contract], year: int, settings: AttractionSettings | None = None
) -> list[Contribution]:
    """The numerator of 投产率: as ``started_contract_series`` for 投产."""
    return _milestone_series(contracts, year, MilestoneKind.PRODUCING, settings)


__all__ = [
    "GROUP_FIELDS",
    "LateContract",
    "Rates",
    "TargetProgress",
    "TeamRank",
    "big_contracts",
    "funnel",
    "late_contracts",
    "late_details",
    "lead_counts",
    "overdue_q",
    "rate_contracts",
    "rates",
    "rates_by",
    "signed_between",
    "signed_by_month",
    "stale_leads",
    "target_progress",
    "target_progress_by_region",
    "team_ranking",
    "with_fulfilment",
    "with_last_activity",
]
