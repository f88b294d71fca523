"""Progress, decomposition, rankings and assessment on DOMAIN.md numbers, through real rows and the rollups."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest

from tests.attraction import factories
from tuijin.attraction.choices import ContractKind, MilestoneKind
from tuijin.attraction.models import AttractionTarget
from tuijin.core.models import Region
from tuijin.core.money import format_percent
from tuijin.core.periods import elapsed_share_by_day, elapsed_share_by_month
from tuijin.targets import queries, rollups
from tuijin.targets.choices import AdjustmentKind, Direction, RankBy, ScoreRule, Source, TargetKind, Unit
from tuijin.targets.models import (
    AssessmentAdjustment,
    AssessmentItem,
    AssessmentScheme,
    Indicator,
    IndicatorEntry,
    Target,
)

pytestmark = pytest.mark.django_db
D = datetime.date
DISTRICTS = ["350502", "350503", "350504", "350505", "350521", "350524", "350525", "350526", "350581", "350582"]


@pytest.fixture
def manual(regions: dict[str, Region]) -> Callable[..., Indicator]:
    def make(key: str = "fai", name: str = "固定资产投资", unit: str = Unit.MONEY, **fields: object) -> Indicator:
        indicator = Indicator(key=key, name=name, unit=unit, source=Source.MANUAL, **fields)
        if unit == Unit.PERCENT:
            indicator.cumulative = False
        indicator.full_clean()
        indicator.save()
        return indicator

    return make


def entry(indicator: Indicator, code: str, value: str, month: int = 10, year: int = 2022, previous: str | None = None):
    row = IndicatorEntry(
        indicator=indicator,
        region=Region.objects.get(code=code),
        year=year,
        month=month,
        value=Decimal(value),
        previous_value=Decimal(previous) if previous else None,
    )
    row.full_clean()
    row.save()
    return row


def target(indicator: Indicator, code: str, value: str, year: int = 2022, kind: str = TargetKind.LEVEL) -> Target:
    row = Target(indicator=indicator, region=Region.objects.get(code=code), year=year, value=Decimal(value), kind=kind)
    row.full_clean()
    row.save()
    return row


# --- progress ----------------------------------------------------------------------------------------------------


def test_signed_investment_by_day_is_124_56_percent_through_contracts_and_rollups(regions: dict[str, Region]) -> None:
    """DOMAIN.md §4: 10374.08亿 signed of a 10000亿 target as of 2022-10-31 is 124.56% by day, 124.49% by month."""
    factories.contract("晋江大项目", "63740800", D(2022, 3, 15))
    factories.contract("南安大项目", "40000000", D(2022, 10, 31), region_code="350583")
    factories.contract("框架协议", "9999999", D(2022, 5, 1), kind=ContractKind.FRAMEWORK)  # not counted
    factories.contract("十一月签约", "5000", D(2022, 11, 1))  # after the as-of date
    factories.contract("福州项目", "5000", D(2022, 6, 1), region_code="350102")  # another city
    city = regions["350500"]
    # The signing target is kept by the attraction app and copied into the targets table.
    AttractionTarget.objects.create(year=2022, region=city, signed_amount=Decimal("100000000"), big_projects=100)
    rollups.rebuild()
    signed = Indicator.objects.get(key="signed_amount")
    for source in ("rollup", "direct"):
        row = queries.progress(signed, city, D(2022, 10, 31), source=source)
        assert row.actual == Decimal("103740800")
        assert row.target is not None and row.target.value == Decimal("100000000")
        assert row.share == elapsed_share_by_day(D(2022, 10, 31))
        assert format_percent(row.schedule_rate) == "124.56%"
        assert format_percent(row.completion) == "103.74%"
        assert row.on_schedule is True
    signed.time_basis = "month"
    signed.save()
    assert format_percent(queries.progress(signed, city, D(2022, 10, 31)).schedule_rate) == "124.49%"


def test_a_manual_indicator_reads_the_last_ended_month(manual: Callable[..., Indicator]) -> None:
    """113亿 done of a 123.19亿 plan → 91.73% (DOMAIN.md §4); mid-November still reads 1—10月."""
    fai = manual()
    entry(fai, "350582", "1000000", month=9)
    entry(fai, "350582", "1130000", month=10)
    target(fai, "350582", "1231900")
    jj = Region.objects.get(code="350582")
    row = queries.progress(fai, jj, D(2022, 11, 15))
    assert row.actual == Decimal("1130000")
    assert format_percent(row.completion) == "91.73%"
    assert row.share == elapsed_share_by_month(10)  # month basis: 1—10月
    assert queries.progress(fai, jj, D(2022, 1, 15)).actual is None  # no month ended yet


def test_a_growth_target_compares_growth(manual: Callable[..., Indicator]) -> None:
    fai = manual()
    entry(fai, "350582", "1175000", previous="1000000")  # 同比 +17.5%
    entry(fai, "350583", "1100000", previous="1000000")  # +10.0%
    target(fai, "350582", "17.5", kind=TargetKind.GROWTH)
    target(fai, "350583", "17.5", kind=TargetKind.GROWTH)
    jj, na = (queries.progress(fai, Region.objects.get(code=c), D(2022, 10, 31)) for c in ("350582", "350583"))
    assert (jj.growth, jj.gap_points, jj.on_schedule, jj.completion) == (Decimal("17.5"), Decimal("0.0"), True, None)
    assert na.gap_points == Decimal("-7.5") and na.on_schedule is False
    assert na.score_ratio == Decimal("10.0") / Decimal("17.5")


def test_a_rate_indicator_has_no_schedule(regions: dict[str, Region]) -> None:
    """开工率 = started / signed of the year (period basis), in percent; its target is met by R, without 序时."""
    factories.contract("甲", "1000", D(2022, 2, 1), milestones={MilestoneKind.REGISTERED: D(2022, 3, 1)})
    factories.contract(
        "乙",
        "1000",
        D(2022, 2, 1),
        milestones={MilestoneKind.REGISTERED: D(2022, 3, 1), MilestoneKind.STARTED: D(2022, 6, 1)},
    )
    factories.contract("丙", "1000", D(2022, 8, 1))
    rate = Indicator.objects.get(key="start_rate")
    target(rate, "350582", "60")
    rollups.rebuild(["start_rate"])
    jj = regions["350582"]
    assert queries.progress(rate, jj, D(2022, 5, 31)).actual == Decimal("0")  # 0 of 2
    row = queries.progress(rate, jj, D(2022, 10, 31))
    assert row.actual == Decimal("100") / 3  # 1 of 3
    assert row.share is None and row.schedule_rate == row.completion
    assert format_percent(row.completion) == "55.56%"
    assert row.on_schedule is False


# --- decomposition ---------------------------------------------------------------------------------------------------


def test_the_decomposition_check_warns_when_the_parts_fall_short(manual: Callable[..., Indicator]) -> None:
    fai = manual()
    whole = target(fai, "350500", "1000")
    parts = [target(fai, code, "60") for code in DISTRICTS]
    assert queries.decomposition(parts[-1]) is None  # 晋江市 has no parts of its own
    check = queries.decomposition(whole)
    assert check is not None
    assert [r.code for r in check.missing] == ["350583", "350500Z01", "350500Z02"]  # 南安 and the two zones
    assert check.parts_total == Decimal("600") and not check.covered
    for code in ("350583", "350500Z01", "350500Z02"):
        target(fai, code, "150")
    check = queries.decomposition(whole)
    assert check.difference == Decimal("50") and check.covered


# --- rankings --------------------------------------------------------------------------------------------------------


def test_rankings_share_ties_follow_the_direction_and_mark_the_last(manual: Callable[..., Indicator]) -> None:
    energy = manual("energy", "单位GDP能耗下降率", Unit.PERCENT, direction=Direction.LOWER)
    values = {"350502": "3", "350503": "1", "350504": "1", "350505": "2", "350521": "5"}
    for code, value in values.items():
        entry(energy, code, value)
    city = Region.objects.get(code="350500")
    table = queries.ranking(energy, city, D(2022, 10, 31), last_places=2)
    assert table.by == RankBy.VALUE
    ranked = [(row.region.code, row.rank, row.last) for row in table.rows if row.rank is not None]
    assert ranked == [
        ("350503", 1, False),
        ("350504", 1, False),
        ("350505", 3, False),
        ("350502", 4, True),
        ("350521", 5, True),
    ]
    assert all(row.rank is None and not row.last for row in table.rows[5:])  # no figure, no rank


def test_rankings_order_by_schedule_rate_and_show_the_change_since_last_month(
    manual: Callable[..., Indicator],
) -> None:
    fai = manual()
    codes = [*DISTRICTS, "350583", "350500Z01", "350500Z02"]
    for code in codes:
        target(fai, code, "1000")
        entry(fai, code, "500", month=9)
    entry(fai, "350582", "900", month=10)  # 晋江 leaps ahead in October
    for code in codes:
        if code != "350582":
            entry(fai, code, "600", month=10)
    city = Region.objects.get(code="350500")
    table = queries.ranking(fai, city, D(2022, 10, 31))
    assert table.by == RankBy.SCHEDULE and table.previous_as_of == D(2022, 9, 30)
    first = table.rows[0]
    assert (first.region.code, first.rank, first.previous_rank, first.change) == ("350582", 1, 1, 0)
    assert first.value == Decimal("108.00")  # 900 / (1000 × 10/12)
    assert {row.rank for row in table.rows[1:]} == {2}
    # All others tie for second, which reaches into the last three places: they share them and are all marked.
    assert [row.last for row in table.rows] == [False] + [True] * 12


# --- assessment -------------------------------------------------------------------------------------------------------


def test_assessment_scores_linear_reached_rank_and_adjustments(manual: Callable[..., Indicator]) -> None:
    fai = manual()
    gdp = manual("gdp", "地区生产总值")
    city = Region.objects.get(code="350500")
    scheme = AssessmentScheme.objects.create(year=2022, region=city, name="项目攻坚考核", last_places=10)
    AssessmentItem.objects.create(scheme=scheme, indicator=fai, weight=Decimal("60"), rule=ScoreRule.LINEAR)
    AssessmentItem.objects.create(scheme=scheme, indicator=gdp, weight=Decimal("40"), rule=ScoreRule.REACHED)
    # 序时 at 2022-06-30 (month basis) is 1/2: 600 of 1000 is 120% → capped at 1.2 × 60 = 72; 300 → 60% → 36.
    for code, done, gdp_done in (("350582", "600", "500"), ("350583", "300", "499"), ("350581", "500", "700")):
        target(fai, code, "1000")
        target(gdp, code, "1000")
        entry(fai, code, done, month=6)
        entry(gdp, code, gdp_done, month=6)
    bonus = AssessmentAdjustment(
        scheme=scheme,
        region=Region.objects.get(code="350583"),
        on=D(2022, 5, 1),
        kind=AdjustmentKind.BONUS,
        points=Decimal("2"),
        reason="记功嘉奖",
    )
    bonus.full_clean()
    bonus.save()
    AssessmentAdjustment.objects.create(
        scheme=scheme, region=Region.objects.get(code="350581"), on=D(2022, 7, 1), kind=AdjustmentKind.PENALTY,
        points=Decimal("5"), reason="通报批评",
    )  # fmt: skip
    scores = {score.region.code: score for score in queries.assess(scheme, D(2022, 6, 30))}
    assert scores["350582"].total == Decimal("72") + Decimal("40")
    assert scores["350583"].total == Decimal("36") + 0 + Decimal("2")
    assert scores["350581"].total == Decimal("60") + Decimal("40")  # the penalty is dated after the as-of date
    assert [scores[c].rank for c in ("350582", "350581", "350583")] == [1, 2, 3]
    # The ten regions without figures score 0 and share rank 4: the last ten places (ranks above 13 − 10 = 3).
    assert scores["350502"].total == 0 and scores["350502"].rank == 4 and scores["350502"].last
    assert not scores["350583"].last
    year_end = {score.region.code: score for score in queries.assess(scheme, D(2022, 12, 31))}
    assert year_end["350581"].penalty == Decimal("5")


def test_a_rank_rule_gives_full_marks_to_the_first(manual: Callable[..., Indicator]) -> None:
    fai = manual()
    city = Region.objects.get(code="350500")
    scheme = AssessmentScheme.objects.create(year=2022, region=city, name="排名计分")
    AssessmentItem.objects.create(scheme=scheme, indicator=fai, weight=Decimal("10"), rule=ScoreRule.RANK)
    for code, value in (("350582", "900"), ("350583", "600"), ("350581", "600"), ("350502", "300")):
        entry(fai, code, value)
    scores = {score.region.code: score.total for score in queries.assess(scheme, D(2022, 10, 31))}
    # Four ranked (ties share rank 2): (4 − rank + 1) / 4 × 10.
    assert scores["350582"] == Decimal("10")
    assert scores["350583"] == scores["350581"] == Decimal("7.5")
    assert scores["350502"] == Decimal("2.5")
    assert scores["350503"] == 0
