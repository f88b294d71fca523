"""Value formats of the targets app (DOMAIN.md §10), shared by the pages, the workbooks and the commands.

Money is stored in 万元 and shown in 亿元 to 2 decimals; counts as integers; values of percent indicators and growth
rates are in percent (17.5 means 17.5%); ratios (R, 序时进度, 序时完成率) are shown as percentages to 2 decimals and
同比 to 1 decimal. Rounding is 四舍五入 (``core.money.quantize_half_up``).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from tuijin.core.money import NONE_DISPLAY, format_money, quantize_half_up, wan_to_yi
from tuijin.targets.choices import TargetKind, Unit
from tuijin.targets.models import Indicator, Target

HUNDRED = Decimal(100)


def display_unit(indicator: Indicator) -> str:
    """The unit a value is shown in: 亿元 for money (stored in 万元), the indicator's unit otherwise."""
    return _("亿元") if indicator.unit == Unit.MONEY else indicator.unit_label


def _is_whole(value: Decimal) -> bool:
    return value == value.to_integral_value()


def value_number(indicator: Indicator, value: Decimal | None) -> Decimal | None:
    """A value as shown, as a number: 亿元 to 2 decimals for money, whole counts as integers, percent values (and
    fractional counts) to 2 decimals."""
    if value is None:
        return None
    if indicator.unit == Unit.MONEY:
        return quantize_half_up(wan_to_yi(value), 2)
    if indicator.unit == Unit.COUNT and _is_whole(value):
        return quantize_half_up(value, 0)
    return quantize_half_up(value, 2)


def number_text(number: Decimal | int | None) -> str:
    """A number as shown, with thousands separators: "1,234.50", "12"."""
    if number is None:
        return NONE_DISPLAY
    return f"{number:,f}" if isinstance(number, Decimal) else f"{number:,}"


def value_text(indicator: Indicator, value: Decimal | None) -> str:
    """A value with its unit: "113.00亿元", "12", "45.12%"."""
    if value is None:
        return NONE_DISPLAY
    if indicator.unit == Unit.MONEY:
        return format_money(value)
    text = number_text(value_number(indicator, value))
    return f"{text}%" if indicator.unit == Unit.PERCENT else text


def growth_target_text(value: Decimal) -> str:
    """A growth target as written in the plans: 17.5 → "增长17.5%", 8 → "增长8.0%", 17.25 → "增长17.25%"."""
    text = f"{quantize_half_up(value, 2):f}"
    if text.endswith("0"):
        text = text[:-1]
    return _("增长%(rate)s%%") % {"rate": text}


def target_text(target: Target) -> str:
    """A target in its indicator's unit (money in 亿元), or its growth rate."""
    if target.kind == TargetKind.GROWTH:
        return growth_target_text(target.value)
    return value_text(target.indicator, target.value)


def growth_text(growth: Decimal | None) -> str:
    """同比 in percent, to 1 decimal: 12.34 → "12.3%"."""
    return NONE_DISPLAY if growth is None else f"{quantize_half_up(growth, 1):f}%"


def points_text(points: Decimal | None) -> str:
    """Percentage points with a sign: "+3.50", "-8.27"."""
    if points is None:
        return NONE_DISPLAY
    rounded = quantize_half_up(points, 2)
    return f"{'+' if rounded > 0 else ''}{rounded:f}"


def percent_number(rate: Decimal | None) -> Decimal | None:
    """A ratio as the percentage shown: 1.2456 → 124.56."""
    return None if rate is None else quantize_half_up(rate * HUNDRED, 2)


def change_mark(change: int | None) -> tuple[str, str]:
    """较上期 as (text, CSS class): ↑2 green, ↓1 red, — unchanged or unknown."""
    if not change:
        return NONE_DISPLAY, ""
    if change > 0:
        return f"↑{change}", "rank-up"
    return f"↓{-change}", "rank-down"
