"""Cell normalisation for spreadsheet imports: one raw cell in, one typed Python value (or a Chinese reason) out.

Districts fill their sheets by hand, so a number may arrive as a float from Excel, as ``"1,234.5"``, as full-width
``"１２３．４"`` or with a trailing ``"万元"``; a date as an Excel serial, a ``datetime`` or ``"2025年3月5日"``. The
functions here accept all of these and nothing ambiguous. They know nothing about sheets, rows or headers (that is
``reader``) and nothing about Django, so scripts and tasks can use them unconfigured.

Choices worth knowing:

* Excel keeps numbers as binary doubles and shows 15 significant digits. A float cell is read at that precision
  (``12345.67`` stays ``Decimal("12345.67")``, a formula's ``0.30000000000000004`` becomes ``0.3``): what the user
  sees in Excel is what we import.
* A percentage is a ratio, as everywhere in the platform (``core.periods.completion_rate``): ``"12.5%"`` becomes
  ``Decimal("0.125")``, which is also what Excel stores for a cell formatted as 12.5%.
* A comma is always a thousands separator and must sit where one belongs: ``"1,23"`` is refused rather than read
  as 123 or as 1.23, because both guesses would silently change an amount.
* A dash, a slash or "无" in a number or date cell means "nothing to report", the way printed tables use them.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation, localcontext
from typing import Any, Literal

from tuijin.core.money import DECIMAL_CONTEXT

Kind = Literal["text", "decimal", "money", "int", "date", "month", "bool"]
KINDS: frozenset[str] = frozenset({"text", "decimal", "money", "int", "date", "month", "bool"})

UNIT_SCALES: dict[str, Decimal] = {
    "元": Decimal("0.0001"),
    "千元": Decimal("0.1"),
    "万元": Decimal(1),
    "百万元": Decimal(100),
    "亿元": Decimal(10000),
}
"""Factor that turns an amount in the named unit into 万元, the unit money is stored in (DOMAIN.md §10)."""

# A cell may carry its own unit; bare 万/亿 are how people write amounts in running text ("12万").
_CELL_UNITS = {**UNIT_SCALES, "万": Decimal(1), "亿": Decimal(10000)}
_SUFFIX_RE = re.compile(r"(%|百万元|千元|万元|亿元|元|万|亿)$")
_NUMBER_RE = re.compile(r"[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?", re.IGNORECASE)
_BLANKS = frozenset({"", "-", "--", "—", "——", "–", "/", "无"})
# U+2212 MINUS SIGN survives NFKC; people paste it from Word.
_MINUS = str.maketrans({"\u2212": "-"})

EXCEL_EPOCH = date(1899, 12, 30)
"""Day 0 of Excel's 1900 date system, shifted by its fictitious 1900-02-29 so that serials from 61 on line up."""
# A bare number is a date only if it lands in a plausible year: below 1950 it is far more likely to be a year
# typed as a number (2025 would otherwise become 1905-07-17) or a count than a date in a key-project sheet.
_SERIAL_MIN = (date(1950, 1, 1) - EXCEL_EPOCH).days
_SERIAL_MAX = (date(2099, 12, 31) - EXCEL_EPOCH).days
_TEXT_YEARS = range(1900, 2100)

_TIME_TAIL_RE = re.compile(r"[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_DATE_PATTERNS: list[tuple[re.Pattern[str], bool]] = [
    (re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})[日号]?"), True),
    (re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})"), True),
    (re.compile(r"(\d{4})(\d{2})(\d{2})"), True),
    (re.compile(r"(\d{4})年(\d{1,2})月(?:份)?"), False),
    (re.compile(r"(\d{4})[-/.](\d{1,2})"), False),
    (re.compile(r"(\d{4})(\d{2})"), False),
]

_TRUE = frozenset({"是", "是的", "对", "有", "y", "yes", "true", "1", "√", "✓", "✔"})
_FALSE = frozenset({"否", "不是", "无", "没有", "n", "no", "false", "0", "×", "✗", "✘", "x"})

_HEADER_MARKS = str.maketrans("", "", "*※")
_HINT_RE = re.compile(r"^(?P<name>.+?)[(\[【](?P<hint>[^()\[\]【】]*)[)\]】]$")
_HINT_UNIT_RE = re.compile(r"^(?:(?:金额)?单位:?)?(?P<unit>百万元|千元|万元|亿元|元|%)$")
# "单位：万元" or "单位：个、万元", but not "填报单位：元宝区…": the unit must stand alone or end a short list.
_SHEET_UNIT_RE = re.compile(r"单位:(?:[^元:]{0,6}[、,/])?(百万元|千元|万元|亿元|元)(?![\u4e00-\u9fff])")
_TOTAL_RE = re.compile(r"^(?:其中.*|.{0,20}(?:合计|小计|总计))$")
# Sign-off words that never start a data row; the short ones (注, 说明…) only with their colon.
_FOOTER_RE = re.compile(
    r"^(?:(?:填报单位|填表单位|报送单位|填报人|填表人|制表人|审核人|联系人|联系电话|单位负责人|填报日期|填表日期"
    r"|报送日期)|(?:制表|审核|负责人|注|备注|说明)(?:\(.*?\))?:)"
)


_ZERO, _ONE = Decimal(0), Decimal(1)


class CellValueError(ValueError):
    """A cell that cannot be read as its column's kind; the message is the Chinese reason shown to the user."""


def fold(text: str) -> str:
    """NFKC-fold ``text``: full-width digits, letters and punctuation (``１２３．４``, ``（``, ``：``) become ASCII."""
    return unicodedata.normalize("NFKC", text).translate(_MINUS)


def squeeze(text: str) -> str:
    """Fold ``text`` and drop every whitespace character, including line breaks and ideographic spaces."""
    return "".join(fold(text).split())


def tidy(value: Decimal) -> Decimal:
    """Return ``value`` without trailing zeros or exponent: ``Decimal("3.0") → 3``, ``Decimal("1E+2") → 100``.

    Equal Decimals compare equal anyway; tidying keeps ``str()`` and previews free of ``1.5000`` and ``1E+2``.
    """
    if not value:
        return _ZERO  # also turns -0 into 0
    if value.adjusted() >= 28:
        # Larger than any amount a sheet can sensibly hold; refusing keeps quantize() within its precision.
        raise CellValueError("数值过大")
    value = value.normalize(DECIMAL_CONTEXT)
    if value.adjusted() >= 0 and value == value.to_integral_value():
        return value.quantize(_ONE, context=DECIMAL_CONTEXT)
    return value


def float_to_decimal(number: float) -> Decimal:
    """Convert a float read from a workbook to the Decimal the user sees in Excel (15 significant digits).

    ``repr`` gives the shortest text that round-trips, which is the typed value for anything a person entered;
    longer texts are binary noise from formulas (``0.1 + 0.2``) and are cut back to Excel's 15 digits.
    """
    if not math.isfinite(number):
        raise CellValueError("不是有效的数字")
    text = repr(number)
    mantissa = text.partition("e")[0]
    # Counting characters overcounts leading zeros, which is harmless: any value of 15 digits or fewer comes
    # back unchanged from the 15-digit formatting. This runs for every number cell, so it avoids as_tuple().
    if len(mantissa) - ("." in mantissa) - mantissa.startswith("-") > 15:
        text = format(number, ".15g")
    return tidy(Decimal(text))


def parse_number(raw: str) -> tuple[Decimal, str | None] | None:
    """Parse number text into ``(value, suffix)``; ``None`` for a blank or dash. Raises ``CellValueError``.

    ``suffix`` is ``"%"``, a money unit (``"万元"``, ``"亿"``…) or ``None``; the caller decides what it may mean.
    """
    text = squeeze(raw)
    if text in _BLANKS:
        return None
    suffix = None
    match = _SUFFIX_RE.search(text)
    if match:
        suffix = match.group(1)
        text = text[: match.start()]
    text = text.lstrip("¥")
    if not _NUMBER_RE.fullmatch(text):
        if re.fullmatch(r"[+-]?[\d,]+(?:\.\d+)?", text):
            raise CellValueError(f"“{raw.strip()}” 不是有效的数字（千分位逗号位置不对）")
        raise CellValueError(f"“{raw.strip()}” 不是有效的数字")
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only what Decimal parses
        raise CellValueError(f"“{raw.strip()}” 不是有效的数字") from exc
    try:
        return tidy(value), suffix
    except CellValueError as exc:
        raise CellValueError(f"“{raw.strip()}” {exc}") from None


def _scaled(value: Decimal, factor: Decimal) -> Decimal:
    if factor == _ONE:
        return value
    # Factors are powers of ten, so the product is exact within the 40-digit context.
    return tidy(DECIMAL_CONTEXT.multiply(value, factor))


def to_text(value: Any) -> str | None:
    """Text as typed, without surrounding whitespace; numbers as Excel shows them (``3.0 → "3"``)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return format(float_to_decimal(value), "f")
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def to_decimal(value: Any, *, kind: str = "decimal", scale: Decimal = Decimal(1), percent: bool = False) -> Any:
    """Read a ``decimal``, ``money`` or ``int`` cell.

    ``money`` is multiplied by ``scale`` (the column's or sheet's unit in 万元) unless the cell names its own unit.
    ``decimal`` turns ``"12.5%"`` into ``0.125``; with ``percent`` (the header said ``（%）``) every number is a
    percentage. ``int`` returns an ``int`` and refuses fractions.
    """
    if value is None:
        return None
    shown = to_text(value) or ""
    if isinstance(value, bool) or isinstance(value, date | timedelta):
        raise CellValueError(f"“{shown}” 不是有效的数字")
    suffix: str | None = None
    if isinstance(value, float):
        number = float_to_decimal(value)
    elif isinstance(value, int):
        number = Decimal(value)
    else:
        parsed = parse_number(str(value))
        if parsed is None:
            return None
        number, suffix = parsed
    if kind == "int":
        if suffix is not None or number != number.to_integral_value():
            raise CellValueError(f"“{shown}” 不是整数")
        return int(number)
    if kind == "money":
        if suffix == "%":
            raise CellValueError(f"“{shown}” 不是有效的金额")
        return _scaled(number, _CELL_UNITS[suffix] if suffix else scale)
    if suffix not in (None, "%"):
        raise CellValueError(f"“{shown}” 不是有效的数字")
    if suffix == "%" or percent:
        return _scaled(number, Decimal("0.01"))
    return number


def quantum(value: Any, *, kind: str = "decimal", scale: Decimal = Decimal(1), percent: bool = False) -> Decimal:
    """The step of the last digit a number cell shows, in the unit ``to_decimal`` converts it to.

    ``"1.23"`` in a 亿元 sheet steps by 0.01亿元 = ``100`` 万元. A 合计 typed to fewer decimals than its detail rows
    is compared at its own precision, so ``12.3`` over details ``12.26 + 0.04`` is consistent.
    """
    if isinstance(value, float):
        exponent = int(float_to_decimal(value).as_tuple().exponent)
        suffix = None
    elif isinstance(value, str):
        text = squeeze(value)
        match = _SUFFIX_RE.search(text)
        suffix = match.group(1) if match else None
        number = text[: match.start()] if match else text
        mantissa, _, power = number.lower().partition("e")
        exponent = -len(mantissa.partition(".")[2]) + (int(power) if power.lstrip("+-").isdigit() else 0)
    else:
        exponent, suffix = 0, None
    if kind == "money":
        factor = _CELL_UNITS[suffix] if suffix in _CELL_UNITS else scale
    else:
        factor = Decimal("0.01") if suffix == "%" or percent else Decimal(1)
    with localcontext(DECIMAL_CONTEXT):
        return (Decimal(1).scaleb(min(exponent, 0)) * factor).normalize()


class _BadDate(Exception):
    """Raised by the date helpers; ``to_date`` words the message for a date or a month column."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail)
        self.detail = detail


def _from_serial(number: Decimal) -> tuple[date, bool]:
    """A numeric date cell: ``yyyymmdd``, ``yyyymm``, ``yyyy.mm`` as typed, or an Excel serial day number."""
    if number == number.to_integral_value():
        whole = int(number)
        if 19000101 <= whole <= 20991231:
            return _make_date(whole // 10000, whole // 100 % 100, whole % 100), True
        if 190001 <= whole <= 209912:
            return _make_date(whole // 100, whole % 100, 1), False
    else:
        # 2025.03 typed into a General cell becomes the number 2025.03: read the digits the user sees.
        whole_text, _, fraction = format(number, "f").partition(".")
        if 1900 <= int(whole_text) < 2100 and len(fraction) <= 2:
            return _make_date(int(whole_text), int(fraction), 1), False
    if not _SERIAL_MIN <= number < _SERIAL_MAX + 1:
        raise _BadDate
    return EXCEL_EPOCH + timedelta(days=int(number)), True


def _make_date(year: int, month: int, day: int) -> date:
    try:
        result = date(year, month, day)
    except ValueError as exc:
        raise _BadDate from exc
    if year not in _TEXT_YEARS:
        raise _BadDate("（年份应在1900—2099之间）")
    return result


def _parse_date_text(raw: str) -> tuple[date, bool] | None:
    text = _TIME_TAIL_RE.sub("", fold(raw).strip())
    text = "".join(text.split())
    if text in _BLANKS:
        return None
    for pattern, has_day in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            parts = [int(g) for g in match.groups() if g.isdigit()]
            return _make_date(parts[0], parts[1], parts[2] if has_day else 1), has_day
    raise _BadDate


def to_date(value: Any, *, kind: str = "date") -> date | None:
    """Read a ``date`` cell, or a ``month`` cell (returned as the first day of its month).

    A ``date`` needs a day: ``"2025年3月"`` is refused rather than silently becoming 3月1日. A ``month`` takes any
    date and keeps its month.
    """
    if value is None:
        return None
    shown = to_text(value) or ""
    try:
        if isinstance(value, datetime):
            result, has_day = value.date(), True
        elif isinstance(value, date):
            result, has_day = value, True
        elif isinstance(value, bool | timedelta):
            raise _BadDate
        elif isinstance(value, float | int):
            result, has_day = _from_serial(float_to_decimal(float(value)))
        else:
            parsed = _parse_date_text(str(value))
            if parsed is None:
                return None
            result, has_day = parsed
    except _BadDate as exc:
        noun = "月份" if kind == "month" else "日期"
        raise CellValueError(f"“{shown}” 不是有效的{noun}{exc.detail}") from None
    if kind == "month":
        return result.replace(day=1)
    if not has_day:
        raise CellValueError(f"“{shown}” 缺少日，应为完整日期，如 2025年3月5日")
    return result


def to_bool(value: Any) -> bool | None:
    """Read a yes/no cell: 是/否, √/×, Y/N, TRUE/FALSE, 1/0."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, float | int) and value in (0, 1):
        return bool(value)
    text = squeeze(str(value)).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if text in _BLANKS:
        return None
    raise CellValueError(f"“{str(value).strip()}” 无法识别为是/否")


def convert(value: Any, kind: str, *, scale: Decimal = Decimal(1), percent: bool = False) -> Any:
    """Convert one raw cell to ``kind``; ``None`` means empty. Raises ``CellValueError`` with the reason."""
    if kind == "text":
        return to_text(value)
    if kind in ("decimal", "money", "int"):
        return to_decimal(value, kind=kind, scale=scale, percent=percent)
    if kind in ("date", "month"):
        return to_date(value, kind=kind)
    if kind == "bool":
        return to_bool(value)
    raise ValueError(f"未知的列类型：{kind!r}")


# --- layout words: headers, units, totals, footers -------------------------------------------------------------------


def clean_header(text: str) -> str:
    """The comparable form of one header cell: folded, without whitespace or required-marks (``*``), lower case."""
    return squeeze(text).translate(_HEADER_MARKS).lower()


def split_hint(name: str) -> tuple[str, str | None, bool]:
    """Split a cleaned header into ``(name, unit, had_hint)``: ``"总投资(万元)" → ("总投资", "万元", True)``.

    Any trailing parenthetical is a hint (``"项目状态(在建/新开工)"``); only money units and ``%`` are returned
    as ``unit`` because only they change values.
    """
    match = _HINT_RE.match(name)
    if not match:
        return name, None, False
    unit = _HINT_UNIT_RE.match(match.group("hint"))
    return match.group("name"), unit.group("unit") if unit else None, True


def sheet_unit(text: str) -> str | None:
    """The money unit a title-area cell declares: ``"单位：亿元" → "亿元"``, ``"金额单位:万元、个" → "万元"``."""
    match = _SHEET_UNIT_RE.search(squeeze(text))
    return match.group(1) if match else None


def is_total_label(text: str) -> bool:
    """Whether a row label marks a 合计/小计/总计 row or a "其中：" breakdown (``"全市合计"``, ``"合  计"``)."""
    return bool(_TOTAL_RE.match(squeeze(text).rstrip(":")))


def total_kind(text: str) -> Literal["total", "subtotal", "part"]:
    """Which kind of summary row a label (already known to be one) marks."""
    label = squeeze(text)
    if label.startswith("其中"):
        return "part"
    return "subtotal" if label.rstrip(":").endswith("小计") else "total"


def is_footer_label(text: str) -> bool:
    """Whether a cell opens the sign-off block below a table: ``"填报单位（盖章）：…"``, ``"联系电话："``."""
    return bool(_FOOTER_RE.match(squeeze(text)))
