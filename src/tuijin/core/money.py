"""Money and number helpers: exact Decimals, 四舍五入 (ROUND_HALF_UP) and the display formats of DOMAIN.md §10.

Money is stored in 万元 as exact decimals. Everything here takes ``Decimal``, ``int`` or ``str`` and refuses
``float``: a float such as ``2.675`` is really ``2.67499999…`` and would round the wrong way, so the caller must
convert it deliberately (``str(value)``) at the edge where it came in (a spreadsheet cell, a JSON number).

Rounding happens only here and only for display or storage at a fixed scale; metric functions (``periods``,
each app's ``queries.py``) compute at full precision and hand their result to these formatters.

The formats (``1.23亿元``, ``124.56%``, ``+3.50个百分点``) are those of Chinese official bulletins, so the units are
written out rather than translated; this module stays free of Django so scripts and tasks can use it unconfigured.
"""

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext
from typing import Literal

__all__ = [
    "DECIMAL_CONTEXT",
    "NONE_DISPLAY",
    "WAN_PER_YI",
    "MoneyUnit",
    "Number",
    "format_growth",
    "format_money",
    "format_percent",
    "format_points",
    "format_wan",
    "quantize_half_up",
    "to_decimal",
    "wan_to_yi",
    "yi_to_wan",
]

WAN_PER_YI = Decimal(10000)
"""1亿元 = 10 000万元."""

NONE_DISPLAY = "—"
"""What every formatter shows for a missing value (no plan, no data): an em dash, as in printed tables."""

# 40 significant digits leave room for any 万元 amount (trillions of 元 need 13 integer digits) plus a long
# fractional tail, so arithmetic in this context never loses a digit that display rounding could see. The
# context's own rounding only applies beyond the 40th digit; display rounding is always explicit ROUND_HALF_UP.
DECIMAL_CONTEXT = Context(prec=40, rounding=ROUND_HALF_EVEN)

MoneyUnit = Literal["亿元", "万元"]

Number = Decimal | int | str
"""What the helpers accept; ``float`` is deliberately absent (see ``to_decimal``)."""


def to_decimal(value: Number) -> Decimal:
    """Return ``value`` as a finite ``Decimal``.

    Accepts ``Decimal``, ``int`` and numeric strings (surrounding whitespace is ignored). Raises ``TypeError`` for
    ``float`` (convert with ``str()`` first, which keeps the digits the user saw) and for ``bool`` (almost always
    a bug: ``True`` would silently become 1万元), and ``ValueError`` for text that is not a number, NaN or infinity.
    """
    if isinstance(value, bool):
        raise TypeError("布尔值不能作为数值使用")
    if isinstance(value, float):
        raise TypeError("不接受浮点数：请先用 str() 转为字符串再转换为 Decimal，以免二进制误差影响四舍五入")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation as exc:
            raise ValueError(f"无法识别的数值：{value!r}") from exc
    else:
        raise TypeError(f"不支持的数值类型：{type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"数值必须是有限数：{value!r}")
    return result


def quantize_half_up(value: Number, places: int = 2) -> Decimal:
    """Round ``value`` to ``places`` decimals with 四舍五入 (ROUND_HALF_UP, halves away from zero).

    ``2.675 → 2.68``, ``0.125 → 0.13``, ``-2.675 → -2.68``. Python's ``round()`` would give ``2.67``/``0.12``
    (banker's rounding), which is why it is never used for money. A result that rounds to zero is returned without
    a minus sign, so a tiny negative never shows as ``-0.00``.
    """
    if places < 0:
        raise ValueError("小数位数不能为负数")
    number = to_decimal(value)
    with localcontext(DECIMAL_CONTEXT):
        result = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if result.is_zero():
        result = result.copy_abs()
    return result


def wan_to_yi(wan: Number) -> Decimal:
    """Convert 万元 to 亿元 exactly (no rounding): ``103740800 → 10374.08``."""
    with localcontext(DECIMAL_CONTEXT):
        return to_decimal(wan) / WAN_PER_YI


def yi_to_wan(yi: Number) -> Decimal:
    """Convert 亿元 to 万元 exactly: ``1.5 → 15000``."""
    with localcontext(DECIMAL_CONTEXT):
        return to_decimal(yi) * WAN_PER_YI


def _plain(value: Decimal, grouped: bool) -> str:
    """Fixed-point text of an already quantized Decimal, with thousands separators if ``grouped``."""
    # The value is quantized already, so 'f' without a precision prints exactly its digits and no second
    # (banker's) rounding can happen inside format().
    return f"{value:,f}" if grouped else f"{value:f}"


def format_wan(value: Number | None, places: int = 2) -> str:
    """Format a 万元 amount as a grouped number without unit: ``12345.678 → "12,345.68"``; ``None → "—"``."""
    if value is None:
        return NONE_DISPLAY
    return _plain(quantize_half_up(value, places), grouped=True)


def format_money(value_wan: Number | None, unit: MoneyUnit = "亿元", places: int = 2) -> str:
    """Format a 万元 amount in ``unit``: ``12345.678 → "1.23亿元"`` or, with ``unit="万元"``, ``"12,345.68万元"``.

    Aggregates are shown in 亿元 by default (DOMAIN.md §10); the conversion is exact and the only rounding is the
    final 四舍五入 to ``places`` decimals. ``None`` gives ``"—"``.
    """
    if value_wan is None:
        return NONE_DISPLAY
    if unit == "亿元":
        amount = wan_to_yi(value_wan)
    elif unit == "万元":
        amount = to_decimal(value_wan)
    else:
        raise ValueError(f"不支持的金额单位：{unit!r}（可选 亿元、万元）")
    return _plain(quantize_half_up(amount, places), grouped=True) + unit


def format_percent(rate: Number | None, places: int = 2) -> str:
    """Format a ratio as a percentage: ``1.245612 → "124.56%"``; ``None`` (e.g. a zero plan) gives ``"—"``."""
    if rate is None:
        return NONE_DISPLAY
    with localcontext(DECIMAL_CONTEXT):
        percent = to_decimal(rate) * 100
    return _plain(quantize_half_up(percent, places), grouped=False) + "%"


def format_points(points: Number | None, places: int = 2) -> str:
    """Format percentage points with an explicit sign: ``3.5 → "+3.50个百分点"``, ``-2.1 → "-2.10个百分点"``.

    The input is already in points (``periods.schedule_gap_points``). The sign is what readers look at first
    (超 or 慢 序时进度), so positives carry ``+``; a value that rounds to zero carries no sign.
    """
    if points is None:
        return NONE_DISPLAY
    rounded = quantize_half_up(points, places)
    sign = "+" if rounded > 0 else ""
    return f"{sign}{_plain(rounded, grouped=False)}个百分点"


def format_growth(rate: Number | None, places: int = 1) -> str:
    """Format a 同比 growth ratio to one decimal as DOMAIN.md §10 asks: ``0.1234 → "12.3%"``, ``-0.0525 → "-5.3%"``."""
    return format_percent(rate, places)
