"""Progress against targets, rankings (晾晒比拼) and assessment scores: DOMAIN.md §4.

Figures of computed indicators come from the rollups by default (``source="rollup"``) and can be computed directly
from the source rows (``source="direct"``) with the same series functions; hand-entered indicators read their
entries. Rates (R, 序时完成率) are ratios as in ``core.periods``; values of percent indicators and growth rates are in
percent (45.12 means 45.12%).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from django.db.models import QuerySet

from tuijin.core.models import Region
from tuijin.core.money import quantize_half_up
from tuijin.core.periods import (
    add_months,
    completion_rate,
    elapsed_share,
    months_covered,
    schedule_completion_rate,
    schedule_gap_points,
    yoy_growth,
)
from tuijin.core.series import total
from tuijin.targets import rollups
from tuijin.targets.choices import Direction, RankBy, ScoreRule, TargetKind
from tuijin.targets.indicators import COMPUTED
from tuijin.targets.models import (
    AssessmentAdjustment,
    AssessmentItem,
    AssessmentScheme,
    Indicator,
    IndicatorEntry,
    Target,
    assessed_regions,
)

ZERO = Decimal("0")
HUNDRED = Decimal("100")
Source = Literal["rollup", "direct"]


# --- actual values -------------------------------------------------------------------------------------------------


def _same_day_last_year(day: datetime.date) -> datetime.date:
    return add_months(day, -12)


def actual(indicator: Indicator, region: Region, as_of: datetime.date, *, source: Source = "rollup") -> Decimal | None:
    """The indicator's year-to-date value for the region's subtree at ``as_of``; None when there is none (a manual
    indicator without an entry, a rate without a denominator)."""
    if indicator.is_computed:
        return _computed(indicator.key, [region], as_of, source)[region.pk]
    entry = latest_entry(indicator, region, as_of)
    return entry.value if entry else None


def actual_by_region(
    indicator: Indicator, regions: list[Region], as_of: datetime.date, *, source: Source = "rollup"
) -> dict[int, Decimal | None]:
    """``actual`` for several regions at once (one rollup query per series)."""
    if indicator.is_computed:
        return _computed(indicator.key, regions, as_of, source)
    entries = latest_entries(indicator, regions, as_of)
    return {region.pk: entries[region.pk].value if region.pk in entries else None for region in regions}


def _computed(key: str, regions: list[Region], as_of: datetime.date, source: Source) -> dict[int, Decimal | None]:
    spec = COMPUTED[key]
    year = as_of.year
    sums: dict[str, dict[int, Decimal]] = {}
    for name, series in spec.series().items():
        if source == "rollup":
            sums[name] = rollups.rolled_sums(key, name, regions, year, as_of)
        else:
            sums[name] = {
                region.pk: total(series.for_region(region, year, subtree=True), year, as_of) for region in regions
            }
    if spec.denominator is None:
        return dict(sums["num"])
    result: dict[int, Decimal | None] = {}
    for region in regions:
        rate = completion_rate(sums["num"][region.pk], sums["den"][region.pk])
        result[region.pk] = None if rate is None else rate * HUNDRED
    return result


def latest_entry(indicator: Indicator, region: Region, as_of: datetime.date) -> IndicatorEntry | None:
    """The entry of the latest month of the as-of year that has ended by ``as_of`` (1—m月)."""
    months = months_covered(as_of)
    if not months:
        return None
    return (
        IndicatorEntry.objects.filter(indicator=indicator, region=region, year=as_of.year, month__lte=months)
        .order_by("-month")
        .first()
    )


def latest_entries(indicator: Indicator, regions: Iterable[Region], as_of: datetime.date) -> dict[int, IndicatorEntry]:
    months = months_covered(as_of)
    entries: dict[int, IndicatorEntry] = {}
    if not months:
        return entries
    rows = IndicatorEntry.objects.filter(
        indicator=indicator, region__in=list(regions), year=as_of.year, month__lte=months
    ).order_by("region_id", "month")
    for entry in rows:
        entries[entry.region_id] = entry  # the last month wins
    return entries


def previous_value(
    indicator: Indicator, region: Region, as_of: datetime.date, *, source: Source = "rollup"
) -> Decimal | None:
    """Last year's figure for the same period (同比 base): the entry's 上年同期 for a manual indicator, the value at
    the same day last year for a computed one."""
    if indicator.is_computed:
        return actual(indicator, region, _same_day_last_year(as_of), source=source)
    entry = latest_entry(indicator, region, as_of)
    return entry.previous_value if entry else None


# --- progress --------------------------------------------------------------------------------------------------------


def share(indicator: Indicator, as_of: datetime.date) -> Decimal | None:
    """序时进度 T of the indicator at ``as_of``; None for indicators that do not accumulate over the year."""
    return elapsed_share(as_of, indicator.time_basis) if indicator.cumulative else None


@dataclass
class Progress:
    """An indicator's progress for one region at one date, as DOMAIN.md §4 defines it."""

    indicator: Indicator
    region: Region
    as_of: datetime.date
    actual: Decimal | None
    target: Target | None
    share: Decimal | None
    previous: Decimal | None = None

    @property
    def year(self) -> int:
        return self.as_of.year

    @property
    def is_growth(self) -> bool:
        return self.target is not None and self.target.kind == TargetKind.GROWTH

    @property
    def growth(self) -> Decimal | None:
        """同比 in percent."""
        ratio = yoy_growth(self.actual, self.previous)
        return None if ratio is None else ratio * HUNDRED

    @property
    def completion(self) -> Decimal | None:
        """年度目标完成率 R = A / P (a ratio) of a level target."""
        if self.target is None or self.is_growth:
            return None
        return completion_rate(self.actual, self.target.value)

    @property
    def schedule_rate(self) -> Decimal | None:
        """序时完成率 = A / (P × T) of a level target; R itself for an indicator without 序时 (rates)."""
        if self.target is None or self.is_growth:
            return None
        if self.share is None:
            return self.completion
        return schedule_completion_rate(self.actual, self.target.value, self.share)

    @property
    def gap_points(self) -> Decimal | None:
        """超（慢）序时进度 (R − T) × 100 for a level target; growth minus target growth for a growth target; R − 100%
        for an indicator without 序时."""
        if self.target is None:
            return None
        if self.is_growth:
            growth = self.growth
            return None if growth is None else growth - self.target.value
        if self.share is None:
            rate = self.completion
            return None if rate is None else (rate - 1) * HUNDRED
        return schedule_gap_points(self.actual, self.target.value, self.share)

    @property
    def on_schedule(self) -> bool | None:
        """Whether the region keeps pace (for a lower-is-better indicator: stays at or under it)."""
        gap = self.gap_points
        if gap is None:
            return None
        return gap <= 0 if self.indicator.direction == Direction.LOWER else gap >= 0

    @property
    def score_ratio(self) -> Decimal | None:
        """How far the target is met, as a ratio (1 = on schedule): 序时完成率 for a level target (inverted for a
        lower-is-better one), actual growth / target growth for a growth target."""
        if self.target is None:
            return None
        if self.is_growth:
            growth = self.growth
            if growth is None or self.target.value <= 0:
                return None
            return growth / self.target.value
        rate = self.schedule_rate
        if rate is None:
            return None
        if self.indicator.direction == Direction.LOWER:
            return None if rate == 0 else 1 / rate
        return rate


def targets_for(indicator: Indicator, year: int, regions: Iterable[Region]) -> dict[int, Target]:
    rows = Target.objects.filter(indicator=indicator, year=year, region__in=list(regions))
    return {target.region_id: target for target in rows}


def progress(indicator: Indicator, region: Region, as_of: datetime.date, *, source: Source = "rollup") -> Progress:
    return progress_by_region(indicator, [region], as_of, source=source)[0]


def progress_by_region(
    indicator: Indicator, regions: list[Region], as_of: datetime.date, *, source: Source = "rollup"
) -> list[Progress]:
    """One ``Progress`` per region (same order); last year's figure is looked up only for growth targets."""
    values = actual_by_region(indicator, regions, as_of, source=source)
    targets = targets_for(indicator, as_of.year, regions)
    growth_regions = [region for region in regions if region.pk in targets and targets[region.pk].kind == "growth"]
    previous: dict[int, Decimal | None] = {}
    if growth_regions:
        if indicator.is_computed:
            previous = actual_by_region(indicator, growth_regions, _same_day_last_year(as_of), source=source)
        else:
            entries = latest_entries(indicator, growth_regions, as_of)
            previous = {pk: entry.previous_value for pk, entry in entries.items()}
    t = share(indicator, as_of)
    return [
        Progress(indicator, region, as_of, values[region.pk], targets.get(region.pk), t, previous.get(region.pk))
        for region in regions
    ]


def progress_table(
    indicators: Iterable[Indicator], region: Region, as_of: datetime.date, *, source: Source = "rollup"
) -> list[Progress]:
    """The region's progress on each indicator (the cockpit's headline figures, ``tuijin targets progress``)."""
    return [progress(indicator, region, as_of, source=source) for indicator in indicators]


# --- decomposition ---------------------------------------------------------------------------------------------------


@dataclass
class Decomposition:
    """Whether a region's level target is covered by its parts' targets (a warning when not, never a block)."""

    target: Target
    parts: list[Target]
    missing: list[Region]

    @property
    def parts_total(self) -> Decimal:
        return sum((part.value for part in self.parts), ZERO)

    @property
    def difference(self) -> Decimal:
        """Parts minus whole: negative when the parts fall short."""
        return self.parts_total - self.target.value

    @property
    def covered(self) -> bool:
        if self.target.indicator.direction == Direction.LOWER:
            return not self.missing and self.difference <= 0
        return not self.missing and self.difference >= 0


def decomposition(target: Target) -> Decomposition | None:
    """The check of a level target of a count or money indicator against its regions' targets; None when it does
    not apply (growth or percent targets, a region without parts)."""
    if target.kind != TargetKind.LEVEL or not target.indicator.cumulative:
        return None
    children = assessed_regions(target.region)
    if not children:
        return None
    parts = targets_for(target.indicator, target.year, children)
    return Decomposition(
        target,
        [parts[child.pk] for child in children if child.pk in parts],
        [child for child in children if child.pk not in parts],
    )


# --- rankings (晾晒比拼) --------------------------------------------------------------------------------


def previous_as_of(indicator: Indicator, as_of: datetime.date) -> datetime.date | None:
    """The date of the previous 晾晒 of the same year: a week earlier for a day-basis indicator, the last month end
    before ``as_of`` for a month-basis one (30 Sep for 31 Oct, 30 Nov for 4 Dec); None when that falls in the
    previous year."""
    if indicator.time_basis == "day":
        previous = as_of - datetime.timedelta(days=7)
    else:
        previous = as_of.replace(day=1) - datetime.timedelta(days=1)
    return previous if previous.year == as_of.year else None


def default_rank_by(indicator: Indicator, rows: list[Progress]) -> str:
    """序时完成率 when every region has a level target (completion for rates), else the value itself."""
    if rows and all(row.target is not None and not row.is_growth for row in rows):
        return RankBy.SCHEDULE if indicator.cumulative else RankBy.COMPLETION
    return RankBy.VALUE


def _sort_value(row: Progress, by: str) -> Decimal | None:
    if by == RankBy.SCHEDULE:
        return row.schedule_rate
    if by == RankBy.COMPLETION:
        return row.completion if not row.is_growth else row.gap_points
    return row.actual


def competition_ranks(values: list[Decimal | None], *, lower_is_better: bool = False) -> list[int | None]:
    """1, 1, 3 … ranks of the values (ties share the better rank, the next rank skips); None is unranked."""
    present = sorted((v for v in values if v is not None), reverse=not lower_is_better)
    ranks: list[int | None] = []
    for value in values:
        ranks.append(None if value is None else present.index(value) + 1)
    return ranks


@dataclass
class RankRow:
    progress: Progress
    value: Decimal | None  # what the table is ordered by (shown to 2 decimals)
    rank: int | None
    previous_rank: int | None = None
    last: bool = False  # among the last places (marked in the 晾晒 table)

    @property
    def region(self) -> Region:
        return self.progress.region

    @property
    def change(self) -> int | None:
        """Places gained since the previous 晾晒 (positive = moved up)."""
        if self.rank is None or self.previous_rank is None:
            return None
        return self.previous_rank - self.rank


@dataclass
class Ranking:
    indicator: Indicator
    parent: Region
    as_of: datetime.date
    by: str
    rows: list[RankRow] = field(default_factory=list)
    previous_as_of: datetime.date | None = None


def _ranked_rows(
    indicator: Indicator, rows: list[Progress], by: str
) -> list[tuple[Progress, Decimal | None, int | None]]:
    # Ties are judged on the figure as shown (2 decimals; a ratio as a percentage), so equal-looking rows share a rank.
    shown = [_shown(_sort_value(row, by), by) for row in rows]
    lower = indicator.direction == Direction.LOWER
    ranks = competition_ranks(shown, lower_is_better=lower)
    return list(zip(rows, shown, ranks, strict=True))


def _shown(value: Decimal | None, by: str) -> Decimal | None:
    if value is None:
        return None
    return quantize_half_up(value * HUNDRED if by in (RankBy.SCHEDULE, RankBy.COMPLETION) else value, 2)


def ranking(
    indicator: Indicator,
    parent: Region,
    as_of: datetime.date,
    *,
    by: str | None = None,
    last_places: int = 3,
    source: Source = "rollup",
) -> Ranking:
    """The 晾晒 table of ``parent``'s districts and zones on one indicator: rank (ties share), value, 序时完成率,
    change of rank since the previous 晾晒, and the last ``last_places`` ranked places marked."""
    regions = assessed_regions(parent)
    rows = progress_by_region(indicator, regions, as_of, source=source)
    by = by or default_rank_by(indicator, rows)
    ranked = _ranked_rows(indicator, rows, by)
    previous_date = previous_as_of(indicator, as_of)
    previous_ranks: dict[int, int | None] = {}
    if previous_date is not None:
        before = progress_by_region(indicator, regions, previous_date, source=source)
        previous_ranks = {row.region.pk: rank for row, _v, rank in _ranked_rows(indicator, before, by)}
    result = Ranking(indicator, parent, as_of, by, previous_as_of=previous_date)
    ordered = sorted(ranked, key=lambda item: (item[2] is None, item[2] or 0, item[0].region.code))
    marks = last_marks([rank for _row, _value, rank in ordered], last_places)
    for (row, value, rank), last in zip(ordered, marks, strict=True):
        result.rows.append(RankRow(row, value, rank, previous_ranks.get(row.region.pk), last=last))
    return result


def last_marks(ranks: list[int | None], last_places: int) -> list[bool]:
    """Which ranks are among the last ``last_places`` places. A tie reaching into them is marked as a whole (they
    share the place), except a tie for first; unranked rows (no figure) are never marked."""
    ranked = sorted(rank for rank in ranks if rank is not None)
    if last_places <= 0 or len(ranked) <= last_places:
        return [False] * len(ranks)
    threshold = max(ranked[len(ranked) - last_places], 2)
    return [rank is not None and rank >= threshold for rank in ranks]


# --- assessment (考核) ------------------------------------------------------------------------------------


@dataclass
class ItemScore:
    item: AssessmentItem
    progress: Progress
    rank: int | None
    score: Decimal

    @property
    def ratio(self) -> Decimal | None:
        return self.progress.score_ratio


@dataclass
class RegionScore:
    region: Region
    items: list[ItemScore]
    adjustments: list[AssessmentAdjustment]
    rank: int | None = None
    last: bool = False

    @property
    def base(self) -> Decimal:
        return sum((item.score for item in self.items), ZERO)

    @property
    def bonus(self) -> Decimal:
        return sum((a.points for a in self.adjustments if a.signed_points > 0), ZERO)

    @property
    def penalty(self) -> Decimal:
        return sum((a.points for a in self.adjustments if a.signed_points < 0), ZERO)

    @property
    def total(self) -> Decimal:
        return self.base + self.bonus - self.penalty


def item_score(item: AssessmentItem, row: Progress, rank: int | None, ranked: int) -> Decimal:
    """Points of one item: LINEAR weight × min(ratio, cap) (nothing below 0), REACHED the weight when on schedule,
    RANK weight × (n − rank + 1) / n among the n ranked regions."""
    if item.rule == ScoreRule.RANK:
        if rank is None or not ranked:
            return ZERO
        return item.weight * Decimal(ranked - rank + 1) / Decimal(ranked)
    ratio = row.score_ratio
    if ratio is None:
        return ZERO
    if item.rule == ScoreRule.REACHED:
        return item.weight if ratio >= 1 else ZERO
    return item.weight * min(max(ratio, ZERO), item.cap)


def assess(scheme: AssessmentScheme, as_of: datetime.date, *, source: Source = "rollup") -> list[RegionScore]:
    """Scores of the scheme's regions at ``as_of`` (年中, 年底 or any day), ranked on the total as shown (2
    decimals; ties share a rank), with the breakdown per item and the adjustments dated up to ``as_of``."""
    regions = assessed_regions(scheme.region)
    scores = {region.pk: RegionScore(region, [], []) for region in regions}
    for item in scheme.items.select_related("indicator").order_by("order", "pk"):
        rows = progress_by_region(item.indicator, regions, as_of, source=source)
        ranked = _ranked_rows(item.indicator, rows, default_rank_by(item.indicator, rows))
        n = sum(1 for _row, _value, rank in ranked if rank is not None)
        for row, _value, rank in ranked:
            scores[row.region.pk].items.append(ItemScore(item, row, rank, item_score(item, row, rank, n)))
    for adjustment in scheme.adjustments.filter(on__lte=as_of).order_by("on", "pk"):
        if adjustment.region_id in scores:
            scores[adjustment.region_id].adjustments.append(adjustment)
    result = list(scores.values())
    ranks = competition_ranks([quantize_half_up(score.total, 2) for score in result])
    for score, rank in zip(result, ranks, strict=True):
        score.rank = rank
    result.sort(key=lambda score: (score.rank or 0, score.region.code))
    for score, last in zip(result, last_marks([score.rank for score in result], scheme.last_places), strict=True):
        score.last = last
    return result


def active_indicators() -> QuerySet[Indicator]:
    return Indicator.objects.filter(active=True).order_by("order", "pk")
