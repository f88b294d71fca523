"""序时进度 calculator: the checks of DOMAIN.md §4 digit for digit, plus calendar properties."""

import calendar
from datetime import date, datetime, timedelta
from decimal import Decimal, localcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuijin.core.money import DECIMAL_CONTEXT, format_percent, format_points, quantize_half_up
from tuijin.core.periods import (
    TimeBasis,
    add_months,
    completion_rate,
    date_label,
    day_of_year,
    days_in_year,
    elapsed_share,
    elapsed_share_by_day,
    elapsed_share_by_month,
    elapsed_share_for_period,
    last_complete_month,
    months_covered,
    period_end,
    period_label,
    schedule_completion_rate,
    schedule_gap_points,
    yoy_growth,
)

# DOMAIN.md §4's check, in 万元 as stored: A = 10374.08亿, P = 10000亿.
ACTUAL = Decimal("103740800")
PLAN = Decimal("100000000")

years = st.integers(min_value=1901, max_value=2199)
dates = st.dates(min_value=date(1901, 1, 1), max_value=date(2199, 12, 31))


def exact_ratio(numerator: int, denominator: int) -> Decimal:
    """The ratio in the same 40-digit context the module uses, to compare without tolerance."""
    with localcontext(DECIMAL_CONTEXT):
        return Decimal(numerator) / Decimal(denominator)


def as_percent(rate: Decimal | None) -> Decimal:
    assert rate is not None
    return quantize_half_up(rate * 100, 2)


# --- the numbers of DOMAIN.md §4 ---------------------------------------------------------------------------------


def test_it_counts_304_of_365_days_on_2022_10_31() -> None:
    assert day_of_year(date(2022, 10, 31)) == 304
    assert days_in_year(2022) == 365
    assert elapsed_share_by_day(date(2022, 10, 31)) == exact_ratio(304, 365)


def test_it_reproduces_the_domain_check_by_day() -> None:
    share = elapsed_share(date(2022, 10, 31), TimeBasis.DAY)
    rate = schedule_completion_rate(ACTUAL, PLAN, share)
    assert as_percent(rate) == Decimal("124.56")
    assert format_percent(rate) == "124.56%"


def test_it_reproduces_the_domain_check_by_month() -> None:
    share = elapsed_share(date(2022, 10, 31), TimeBasis.MONTH)
    assert share == elapsed_share_by_month(10)
    rate = schedule_completion_rate(ACTUAL, PLAN, share)
    assert as_percent(rate) == Decimal("124.49")
    assert format_percent(rate) == "124.49%"


def test_it_gives_the_same_result_in_yi_and_wan() -> None:
    share = elapsed_share_by_day(date(2022, 10, 31))
    in_yi = schedule_completion_rate(Decimal("10374.08"), Decimal("10000"), share)
    in_wan = schedule_completion_rate(ACTUAL, PLAN, share)
    assert in_yi == in_wan


def test_it_reproduces_113_of_123_19() -> None:
    rate = completion_rate(Decimal("113"), Decimal("123.19"))
    assert as_percent(rate) == Decimal("91.73")
    assert format_percent(rate) == "91.73%"


def test_it_keeps_full_precision() -> None:
    rate = completion_rate(Decimal("113"), Decimal("123.19"))
    assert rate is not None
    # Nothing is rounded to display scale inside the calculator.
    assert len(rate.as_tuple().digits) == DECIMAL_CONTEXT.prec


def test_it_computes_the_plan_completion_rate() -> None:
    assert completion_rate(ACTUAL, PLAN) == Decimal("1.037408")
    assert completion_rate(0, 500) == 0
    assert completion_rate("250", 500) == Decimal("0.5")


def test_it_has_no_rate_without_a_plan() -> None:
    assert completion_rate(100, 0) is None
    assert completion_rate(100, Decimal("0.00")) is None
    assert schedule_completion_rate(100, 0, Decimal("0.5")) is None
    assert schedule_gap_points(100, 0, Decimal("0.5")) is None


def test_it_has_no_rate_for_missing_values() -> None:
    assert completion_rate(None, 100) is None
    assert completion_rate(100, None) is None
    assert schedule_completion_rate(100, 100, None) is None
    assert schedule_gap_points(None, 100, Decimal("0.5")) is None
    assert yoy_growth(None, 100) is None


def test_it_rejects_floats() -> None:
    with pytest.raises(TypeError):
        completion_rate(113.0, 123.19)  # type: ignore[arg-type]


def test_it_checks_time_half_task_half_at_end_of_june() -> None:
    # "时间过半、任务过半": on the month basis, 30 June closes six months, so T is exactly one half.
    end_of_june = date(2025, 6, 30)
    assert months_covered(end_of_june) == 6
    share = elapsed_share(end_of_june, TimeBasis.MONTH)
    assert share == Decimal("0.5")
    on_track = completion_rate(Decimal("5000"), Decimal("10000"))
    behind = completion_rate(Decimal("4999.99"), Decimal("10000"))
    assert on_track is not None and on_track >= Decimal("0.5")
    assert behind is not None and behind < Decimal("0.5")
    assert schedule_completion_rate(Decimal("5000"), Decimal("10000"), share) == 1
    assert schedule_gap_points(Decimal("5000"), Decimal("10000"), share) == 0
    # By day, 30 June is day 181 of 365: just short of half the year.
    assert elapsed_share_by_day(end_of_june) == exact_ratio(181, 365)


def test_it_computes_gap_points_ahead_of_schedule() -> None:
    by_day = schedule_gap_points(ACTUAL, PLAN, elapsed_share_by_day(date(2022, 10, 31)))
    by_month = schedule_gap_points(ACTUAL, PLAN, elapsed_share_by_month(10))
    # 103.7408 − 83.2876712… and 103.7408 − 83.3333…
    assert by_day is not None and quantize_half_up(by_day) == Decimal("20.45")
    assert by_month is not None and quantize_half_up(by_month) == Decimal("20.41")
    assert format_points(by_day) == "+20.45个百分点"


def test_it_computes_gap_points_behind_schedule() -> None:
    points = schedule_gap_points(Decimal("3000"), Decimal("10000"), elapsed_share_by_month(6))
    assert points == Decimal("-20")
    assert format_points(points) == "-20.00个百分点"


def test_it_computes_year_on_year_growth() -> None:
    assert yoy_growth(Decimal("113"), Decimal("100")) == Decimal("0.13")
    assert yoy_growth(Decimal("90"), Decimal("100")) == Decimal("-0.1")
    assert yoy_growth(Decimal("100"), Decimal("100")) == 0
    growth = yoy_growth(Decimal("10374.08"), Decimal("9235.5"))
    assert growth is not None and quantize_half_up(growth * 100, 1) == Decimal("12.3")


def test_it_has_no_growth_from_zero() -> None:
    assert yoy_growth(Decimal("100"), 0) is None


# --- months covered and the month basis ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "months"),
    [
        (date(2025, 10, 31), 10),
        (date(2025, 11, 3), 10),
        (date(2025, 11, 30), 11),
        (date(2025, 12, 31), 12),
        (date(2025, 1, 1), 0),
        (date(2025, 1, 31), 1),
        (date(2025, 2, 28), 2),
        (date(2024, 2, 28), 1),
        (date(2024, 2, 29), 2),
    ],
)
def test_it_counts_months_covered(as_of: date, months: int) -> None:
    assert months_covered(as_of) == months


def test_it_has_zero_share_before_the_first_month_closes() -> None:
    share = elapsed_share(date(2025, 1, 15), TimeBasis.MONTH)
    assert share == 0
    assert schedule_completion_rate(100, 1000, share) is None
    assert schedule_gap_points(100, 1000, share) == 10


@pytest.mark.parametrize("months", [0, 13, -1, True])
def test_it_rejects_month_counts_outside_1_to_12(months: int) -> None:
    with pytest.raises(ValueError, match="月数应为1—12的整数"):
        elapsed_share_by_month(months)


def test_it_accepts_the_basis_as_its_value() -> None:
    assert elapsed_share(date(2022, 10, 31), "day") == elapsed_share(date(2022, 10, 31), TimeBasis.DAY)
    assert elapsed_share(date(2022, 10, 31), "month") == elapsed_share_by_month(10)
    with pytest.raises(ValueError, match="未知的序时进度计算方式"):
        elapsed_share(date(2022, 10, 31), "week")


def test_it_labels_the_bases_in_chinese() -> None:
    assert str(TimeBasis.MONTH.label) == "按月"
    assert str(TimeBasis.DAY.label) == "按日"


def test_it_rejects_datetimes() -> None:
    # A UTC datetime can be the previous local day; the caller must pass timezone.localdate().
    with pytest.raises(TypeError, match="localdate"):
        elapsed_share_by_day(datetime(2022, 10, 31, 12, 0))


def test_it_computes_the_share_of_a_stated_period() -> None:
    assert period_end(2022, 10) == date(2022, 10, 31)
    assert period_end(2024, 2) == date(2024, 2, 29)
    assert elapsed_share_for_period(2022, 10, TimeBasis.MONTH) == elapsed_share_by_month(10)
    assert elapsed_share_for_period(2022, 10, TimeBasis.DAY) == exact_ratio(304, 365)


# --- labels ----------------------------------------------------------------------------------------------------------


def test_it_labels_periods() -> None:
    assert period_label(2025, 10) == "2025年1—10月"
    assert period_label(2025, 12) == "2025年1—12月"
    assert period_label(2025, 1) == "2025年1月"
    # The dash is an em dash (U+2014), as in official documents, not a hyphen or en dash.
    assert "\u2014" in period_label(2025, 2)


@pytest.mark.parametrize("month", [0, 13])
def test_it_rejects_impossible_period_months(month: int) -> None:
    with pytest.raises(ValueError, match="月份应为1—12"):
        period_label(2025, month)


def test_it_labels_dates() -> None:
    assert date_label(date(2025, 10, 31)) == "2025年10月31日"
    assert date_label(date(2025, 1, 5)) == "2025年1月5日"


# --- calendar properties -----------------------------------------------------------------------------------------


@given(years.filter(calendar.isleap))
def test_it_uses_366_days_in_leap_years(year: int) -> None:
    assert days_in_year(year) == 366
    assert day_of_year(date(year, 2, 29)) == 60
    assert elapsed_share_by_day(date(year, 2, 29)) == exact_ratio(60, 366)
    assert elapsed_share_by_day(date(year, 12, 30)) == exact_ratio(365, 366)
    assert elapsed_share_by_day(date(year, 12, 31)) == 1


@given(years.filter(lambda year: not calendar.isleap(year)))
def test_it_uses_365_days_in_common_years(year: int) -> None:
    assert days_in_year(year) == 365
    assert day_of_year(date(year, 3, 1)) == 60
    assert elapsed_share_by_day(date(year, 12, 31)) == 1


@given(years)
def test_it_counts_1_january_as_day_one(year: int) -> None:
    assert day_of_year(date(year, 1, 1)) == 1
    assert elapsed_share_by_day(date(year, 1, 1)) == exact_ratio(1, days_in_year(year))


@given(years)
def test_it_reaches_exactly_one_on_31_december(year: int) -> None:
    assert elapsed_share_by_day(date(year, 12, 31)) == Decimal(1)
    assert elapsed_share(date(year, 12, 31), TimeBasis.MONTH) == Decimal(1)


@given(years, st.integers(min_value=1, max_value=12))
def test_it_uses_m_twelfths_for_1_to_m(year: int, month: int) -> None:
    expected = exact_ratio(month, 12)
    assert elapsed_share_by_month(month) == expected
    assert elapsed_share(period_end(year, month), TimeBasis.MONTH) == expected
    assert elapsed_share_for_period(year, month, TimeBasis.MONTH) == expected
    # The day after a month's end does not cover the next month yet.
    if month < 12:
        assert elapsed_share(period_end(year, month) + timedelta(days=1), TimeBasis.MONTH) == expected


@given(dates)
def test_it_keeps_the_day_share_in_the_unit_interval(as_of: date) -> None:
    share = elapsed_share(as_of, TimeBasis.DAY)
    assert 0 < share <= 1


@given(dates)
def test_it_keeps_the_month_share_in_the_unit_interval(as_of: date) -> None:
    share = elapsed_share(as_of, TimeBasis.MONTH)
    assert 0 <= share <= 1
    assert share == 0 or share == elapsed_share_by_month(months_covered(as_of))


@given(years, st.integers(min_value=0, max_value=365), st.integers(min_value=0, max_value=365))
def test_it_is_monotonic_within_a_year(year: int, first_offset: int, second_offset: int) -> None:
    last = days_in_year(year) - 1
    earlier, later = (
        date(year, 1, 1) + timedelta(days=min(offset, last)) for offset in sorted([first_offset, second_offset])
    )
    if earlier == later:
        return
    assert elapsed_share(earlier, TimeBasis.DAY) < elapsed_share(later, TimeBasis.DAY)
    assert elapsed_share(earlier, TimeBasis.MONTH) <= elapsed_share(later, TimeBasis.MONTH)


@given(
    st.decimals(min_value=0, max_value=10**9, places=2),
    st.decimals(min_value=Decimal("0.01"), max_value=10**9, places=2),
    dates,
)
def test_it_agrees_with_r_over_t(actual: Decimal, plan: Decimal, as_of: date) -> None:
    share = elapsed_share_by_day(as_of)
    rate = completion_rate(actual, plan)
    schedule = schedule_completion_rate(actual, plan, share)
    gap = schedule_gap_points(actual, plan, share)
    assert rate is not None and schedule is not None and gap is not None
    with localcontext(DECIMAL_CONTEXT):
        # A / (P × T) and R / T differ at most in the last of 40 digits.
        assert abs(schedule - rate / share) <= abs(schedule) * Decimal("1e-35")
    # Ahead of schedule exactly when the schedule rate exceeds 100%.
    assert (gap > 0) == (schedule > 1) or abs(gap) < Decimal("1e-30")


def test_it_names_the_last_complete_month() -> None:
    assert last_complete_month(date(2026, 11, 23)) == (2026, 10)
    assert last_complete_month(date(2026, 1, 1)) == (2025, 12)  # January looks back at December of last year


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2025, 5, 20), 3, date(2025, 8, 20)),
        (date(2025, 3, 15), -3, date(2024, 12, 15)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 6, 1), 0, date(2025, 6, 1)),
    ],
)
def test_add_months_clamps_to_the_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2099, 12, 31)), st.integers(min_value=-24, max_value=24))
def test_add_months_lands_in_the_right_month(start: date, months: int) -> None:
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result.day == min(start.day, calendar.monthrange(result.year, result.month)[1])
