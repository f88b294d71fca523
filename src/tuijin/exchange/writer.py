"""The writer: rows out as an .xlsx that reads well in Excel and comes back through ``reader.read_table`` unchanged.

Export columns equal import columns (STYLE.md point 9), so a user can export, edit in Excel and re-import. The
layout is the one districts know: an optional title, a "单位：万元" line when there is money, the canonical headers
(a joined ``"本年完成投资/累计"`` becomes a merged two-row header), then the values, with the header frozen.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tuijin.core.money import DECIMAL_CONTEXT, to_decimal
from tuijin.exchange.cells import UNIT_SCALES, CellValueError, float_to_decimal, tidy
from tuijin.exchange.reader import Column

__all__ = ["DATE_FORMAT", "MONTH_FORMAT", "NUMBER_FORMAT", "write_table"]

NUMBER_FORMAT = "#,##0.00##"
"""Two to four decimals: amounts look like a printed table, and a 万元 value's 4th decimal is still visible."""
INT_FORMAT = "0"
DATE_FORMAT = "yyyy-mm-dd"
MONTH_FORMAT = "yyyy-mm"

_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_MIN_WIDTH, _MAX_WIDTH = 8, 50


def _display_width(text: str) -> int:
    """Columns a text needs: CJK and full-width characters are two wide in Excel's default fonts."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fits_a_number(value: Decimal) -> bool:
    """Whether Excel can hold ``value`` as a number and give back the same digits (15 significant at most)."""
    try:
        return float_to_decimal(float(value)) == value
    except (CellValueError, OverflowError):
        return False


def _put(cell: Cell, column: Column, value: Any, unit_scale: Decimal) -> str:
    """Write one value as its kind; returns the text Excel will show, for sizing the column."""
    kind = column.kind
    if kind in ("money", "decimal"):
        number = to_decimal(value)  # refuses floats: they have already lost the exact amount
        if kind == "money" and unit_scale != 1:
            number = DECIMAL_CONTEXT.divide(number, unit_scale)  # exact: the scale is a power of ten
        number = tidy(number)
        if _fits_a_number(number):
            cell.value = float(number)  # exact: _fits_a_number checked the round trip
            cell.number_format = NUMBER_FORMAT
        else:
            # More digits than a binary double keeps: text keeps them all, and the reader parses text exactly.
            cell.value = format(number, "f")
        return format(number, ",f")
    if kind == "int":
        whole = int(value)
        if abs(whole) < 10**15:
            cell.value = whole
            cell.number_format = INT_FORMAT
        else:
            cell.value = str(whole)  # as for amounts: past 15 digits only text keeps every digit
        return str(whole)
    if kind in ("date", "month"):
        day = value.date() if isinstance(value, datetime) else value
        if not isinstance(day, date):
            raise TypeError(f"列“{column.header}”需要日期，收到 {type(value).__name__}")
        cell.value = day.replace(day=1) if kind == "month" else day
        cell.number_format = MONTH_FORMAT if kind == "month" else DATE_FORMAT
        return "0000-00-00"
    if kind == "bool":
        cell.value = "是" if value else "否"
        return cell.value
    # XML cannot carry control characters; dropping them is the only way to write the rest of the text.
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell.value = text
    # openpyxl turns any text starting with "=" into a formula; user data must stay data.
    cell.data_type = "s"
    return max(text.splitlines() or [""], key=_display_width)


def _write_header(ws: Worksheet, columns: list[Column], top: int) -> int:
    """Write the canonical headers from row ``top``; returns the number of header rows (1 or 2)."""
    parts = [column.header.partition("/") for column in columns]
    depth = 2 if any(sep for _, sep, _ in parts) else 1
    for index, (parent, sep, child) in enumerate(parts, start=1):
        if depth == 1 or not sep:
            ws.cell(top, index, parent)
            if depth == 2:
                ws.merge_cells(start_row=top, start_column=index, end_row=top + 1, end_column=index)
            continue
        ws.cell(top + 1, index, child)
        # Consecutive columns under the same parent share one merged parent cell.
        if index > 1 and parts[index - 2][1] and parts[index - 2][0] == parent:
            continue
        end = index
        while end < len(parts) and parts[end][1] and parts[end][0] == parent:
            end += 1
        ws.cell(top, index, parent)
        if end > index:
            ws.merge_cells(start_row=top, start_column=index, end_row=top, end_column=end)
    for row in ws.iter_rows(min_row=top, max_row=top + depth - 1, max_col=len(columns)):
        for cell in row:
            cell.font = Font(bold=True)
            cell.fill = _HEADER_FILL
            cell.alignment = _CENTER
            cell.border = _BORDER
    return depth


def write_table(
    columns: list[Column],
    rows: Iterable[Mapping[str, Any]],
    *,
    title: str | None = None,
    unit: str = "万元",
    sheet_name: str = "Sheet1",
) -> bytes:
    """Write ``rows`` (dicts by column key; money in 万元) as an .xlsx and return its bytes.

    Money is written in ``unit`` (``"万元"``, ``"亿元"``, ``"元"``…, declared on a "单位：" line), decimals as
    numbers showing two to four decimals, dates as dates, yes/no as 是/否. Missing keys and ``None`` leave the
    cell empty. ``read_table`` with the same ``columns`` reads the file back to the same values.
    """
    if unit not in UNIT_SCALES:
        raise ValueError(f"不支持的金额单位：{unit!r}（可选 {'、'.join(UNIT_SCALES)}）")
    if not columns:
        raise ValueError("至少需要一列")
    book = Workbook()
    ws = book.active
    assert ws is not None  # a new Workbook always has one sheet
    ws.title = sheet_name
    last = len(columns)
    top = 1
    if title:
        ws.cell(top, 1, title).font = Font(bold=True, size=14)
        ws.cell(top, 1).alignment = Alignment(horizontal="center", vertical="center")
        if last > 1:
            ws.merge_cells(start_row=top, start_column=1, end_row=top, end_column=last)
        ws.row_dimensions[top].height = 28
        top += 1
    if any(column.kind == "money" for column in columns):
        ws.cell(top, 1, f"单位：{unit}").alignment = Alignment(horizontal="right")
        if last > 1:
            ws.merge_cells(start_row=top, start_column=1, end_row=top, end_column=last)
        top += 1
    depth = _write_header(ws, columns, top)
    first = top + depth
    ws.freeze_panes = ws.cell(first, 1)

    widths = [max(_display_width(part) for part in column.header.split("/")) for column in columns]
    unit_scale = UNIT_SCALES[unit]
    for number, row in enumerate(rows, start=first):
        for index, column in enumerate(columns):
            value = row.get(column.key)
            if value is None:
                continue
            shown = _put(ws.cell(number, index + 1), column, value, unit_scale)
            # Only text can hold wide characters; measuring numbers and dates by len() saves time on big exports.
            width = _display_width(shown) if column.kind in ("text", "bool") else len(shown)
            widths[index] = max(widths[index], width)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH)

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
