"""Money helpers: 四舍五入 at every edge, 万元→亿元, the display formats of DOMAIN.md §10, floats refused."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuijin.core.money import (
    NONE_DISPLAY,
    WAN_PER_YI,
    format_growth,
    format_money,
    format_percent,
    format_points,
    format_wan,
    quantize_half_up,
    to_decimal,
    wan_to_yi,
    yi_to_wan,
)

# --- rounding --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        ("2.675", 2, "2.68"),  # float 2.675 is 2.67499…, and round() would give 2.67
        ("0.125", 2, "0.13"),  # banker's rounding would give 0.12
        ("2.665", 2, "2.67"),  # banker's rounding would give 2.66
        ("0.005", 2, "0.01"),
        ("0.0049999", 2, "0.00"),
        ("-2.675", 2, "-2.68"),  # halves go away from zero, as 四舍五入 does on the magnitude
        ("-0.125", 2, "-0.13"),
        ("-2.674", 2, "-2.67"),
        ("2.5", 0, "3"),
        ("3.5", 0, "4"),
        ("-2.5", 0, "-3"),
        ("12.25", 1, "12.3"),
        ("7", 2, "7.00"),
        ("123456789012.345", 2, "123456789012.35"),
    ],
)
def test_it_rounds_half_up(value: str, places: int, expected: str) -> None:
    result = quantize_half_up(Decimal(value), places)
    assert result == Decimal(expected)
    assert str(result) == expected


def test_it_differs_from_bankers_rounding() -> None:
    assert round(Decimal("0.125"), 2) == Decimal("0.12")
    assert quantize_half_up(Decimal("0.125"), 2) == Decimal("0.13")


def test_it_never_returns_negative_zero() -> None:
    assert str(quantize_half_up(Decimal("-0.004"), 2)) == "0.00"
    assert str(quantize_half_up(Decimal("-0.00"), 2)) == "0.00"


def test_it_rejects_negative_places() -> None:
    with pytest.raises(ValueError):
        quantize_half_up(Decimal("1.5"), -1)


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_it_rounds_like_integer_half_up(thousandths: int) -> None:
    # Three decimals rounded to two, checked against integer arithmetic: add half a unit to the magnitude, drop.
    value = Decimal(thousandths).scaleb(-3)
    magnitude = (abs(thousandths) + 5) // 10
    expected = Decimal(magnitude if thousandths >= 0 else -magnitude).scaleb(-2)
    assert quantize_half_up(value, 2) == expected


# --- conversion ------------------------------------------------------------------------------------------------------


def test_it_converts_wan_to_yi_exactly() -> None:
    assert WAN_PER_YI == Decimal(10000)
    assert wan_to_yi(Decimal("103740800")) == Decimal("10374.08")
    assert wan_to_yi("12345.678") == Decimal("1.2345678")
    assert wan_to_yi(1) == Decimal("0.0001")
    assert wan_to_yi(Decimal("-5000")) == Decimal("-0.5")


def test_it_converts_yi_to_wan_exactly() -> None:
    assert yi_to_wan(Decimal("1.5")) == Decimal("15000")
    assert yi_to_wan("10374.08") == Decimal("103740800")


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=4))
def test_it_round_trips_wan_and_yi(wan: Decimal) -> None:
    assert yi_to_wan(wan_to_yi(wan)) == wan


def test_it_accepts_decimal_int_and_str() -> None:
    value = Decimal("1.10")
    assert to_decimal(value) is value
    assert to_decimal(42) == Decimal(42)
    assert to_decimal(" 12.50 ") == Decimal("12.50")
    assert to_decimal("-3") == Decimal(-3)


def test_it_rejects_floats() -> None:
    with pytest.raises(TypeError, match=r"str\(\)"):
        to_decimal(2.675)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        quantize_half_up(2.675)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        format_money(1.5)  # type: ignore[arg-type]


def test_it_rejects_booleans_and_other_types() -> None:
    with pytest.raises(TypeError):
        to_decimal(True)
    with pytest.raises(TypeError):
        to_decimal([1])  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["abc", "", "1,234", "NaN", "Infinity", "-inf"])
def test_it_rejects_text_that_is_not_a_finite_number(text: str) -> None:
    with pytest.raises(ValueError):
        to_decimal(text)


# --- formatting ------------------------------------------------------------------------------------------------------


def test_it_formats_wan() -> None:
    assert format_wan(Decimal("12345.678")) == "12,345.68"
    assert format_wan(Decimal("0")) == "0.00"
    assert format_wan(7) == "7.00"
    assert format_wan(Decimal("-1234567.891")) == "-1,234,567.89"
    assert format_wan(Decimal("999.995")) == "1,000.00"
    assert format_wan(Decimal("12345.678"), places=0) == "12,346"
    assert format_wan(None) == NONE_DISPLAY == "—"


def test_it_formats_money_in_yi_by_default() -> None:
    assert format_money(Decimal("12345.678")) == "1.23亿元"
    assert format_money(Decimal("103740800")) == "10,374.08亿元"
    assert format_money(Decimal("26750")) == "2.68亿元"  # 2.675亿 rounds half up
    assert format_money(Decimal("-1250")) == "-0.13亿元"
    assert format_money(None) == "—"


def test_it_formats_money_in_wan() -> None:
    assert format_money(Decimal("12345.678"), unit="万元") == "12,345.68万元"
    assert format_money("0.005", unit="万元") == "0.01万元"


def test_it_rejects_unknown_units() -> None:
    with pytest.raises(ValueError, match="亿元"):
        format_money(Decimal("1"), unit="元")  # type: ignore[arg-type]


def test_it_formats_percentages() -> None:
    assert format_percent(Decimal("1.245612")) == "124.56%"
    assert format_percent(Decimal("1.245572105263157894736842105")) == "124.56%"
    assert format_percent(Decimal("0.917282246935627891874340449")) == "91.73%"
    assert format_percent(Decimal("0.0012345")) == "0.12%"
    assert format_percent(Decimal("0.00125")) == "0.13%"
    assert format_percent(Decimal("0")) == "0.00%"
    assert format_percent(Decimal("-0.0000001")) == "0.00%"
    assert format_percent(Decimal("0.5"), places=0) == "50%"
    assert format_percent(None) == "—"


def test_it_formats_percentage_points_with_a_sign() -> None:
    assert format_points(Decimal("3.5")) == "+3.50个百分点"
    assert format_points(Decimal("-2.1")) == "-2.10个百分点"
    assert format_points(Decimal("20.453128")) == "+20.45个百分点"
    assert format_points(Decimal("0")) == "0.00个百分点"
    assert format_points(Decimal("-0.004")) == "0.00个百分点"
    assert format_points(Decimal("0.005")) == "+0.01个百分点"
    assert format_points(None) == "—"


def test_it_formats_growth_to_one_decimal() -> None:
    assert format_growth(Decimal("0.1234")) == "12.3%"
    assert format_growth(Decimal("0.1235")) == "12.4%"  # 12.35 → 12.4, half up
    assert format_growth(Decimal("0.13")) == "13.0%"
    assert format_growth(Decimal("-0.0525")) == "-5.3%"
    assert format_growth(Decimal("0")) == "0.0%"
    assert format_growth(None) == "—"
