"""The tolerant workbook reader: a district's real .xlsx or .csv in, typed rows and precise Chinese errors out.

Sheets arrive the way people make them for printing: a title and a "单位：万元" line above the header, two-row
merged headers ("本年完成投资" over "当月"/"累计"), 合计/小计 rows between the projects, blank rows, and a
"填报单位：… 填报人：…" sign-off at the bottom. ``read_table`` finds the table inside all that, converts every
cell to its column's kind (``cells``), and collects every problem instead of stopping at the first, so a user fixes
the whole sheet in one round (STYLE.md point 9: "第N行 字段: 原因").

It is plain Python: no models, no Django, no app registration. The import pipeline (validate → preview → commit)
builds on the ``Table`` it returns.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from itertools import pairwise
from pathlib import Path
from typing import Any, BinaryIO

import python_calamine

from tuijin.core.money import DECIMAL_CONTEXT
from tuijin.exchange import cells
from tuijin.exchange.cells import KINDS, UNIT_SCALES, CellValueError, Kind

__all__ = ["HEADER_SCAN_ROWS", "CellError", "Column", "Row", "Table", "read_table"]

HEADER_SCAN_ROWS = 15
"""How far down the header may start: enough for a title, a subtitle, a unit line and notes."""

SUMMED_KINDS = frozenset({"money", "decimal"})
_NUMERIC_KINDS = frozenset({"money", "decimal", "int"})
_WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
_WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # zip (xlsx, ods) and OLE (xls)
_CSV_DELIMITERS = (",", "\t", ";")


@dataclass(frozen=True)
class Column:
    """One column an import understands.

    ``header`` is the canonical Chinese header the writer prints; a column under a two-row merged header is written
    joined, ``"本年完成投资/累计"``. ``synonyms`` are other headers districts use for it. Matching ignores spaces,
    line breaks, full-width/half-width differences, ``*`` marks and a trailing unit hint such as ``（万元）``.
    ``summed`` says whether 合计/小计 rows are checked against this column (money and decimal columns only);
    turn it off for rates and averages, whose total is not a sum.
    """

    key: str
    header: str
    synonyms: tuple[str, ...] = ()
    kind: Kind = "text"
    required: bool = False
    summed: bool = True

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"列“{self.header}”的类型 {self.kind!r} 无效，可选：{'、'.join(sorted(KINDS))}")
        # The writer prints the header and a "单位：" row; a unit inside the canonical header would be applied a
        # second time when the file comes back.
        if any(cells.split_hint(cells.clean_header(part))[1] for part in self.header.split("/")):
            raise ValueError(f"列“{self.header}”的标准表头不应带单位，单位由“单位：”行给出")

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical header followed by its synonyms."""
        return (self.header, *self.synonyms)


@dataclass(frozen=True)
class CellError:
    """One problem found in a sheet. ``str()`` gives the message users see: ``"第7行 总投资: 原因"``.

    ``row`` is the Excel row number as the user sees it (1-based); it is ``None`` for problems of the whole sheet
    (a missing column, an unreadable file), and ``column_header`` is ``None`` for problems of a whole row or file.
    """

    sheet: str
    row: int | None
    column_header: str | None
    message: str

    def __str__(self) -> str:
        place = " ".join(part for part in (f"第{self.row}行" if self.row else "", self.column_header or "") if part)
        return f"{place}: {self.message}" if place else self.message

    @property
    def full(self) -> str:
        """The message prefixed with the sheet, for files with several sheets: ``工作表“表1” 第7行 …``."""
        return f"工作表“{self.sheet}” {self}" if self.sheet else str(self)


@dataclass
class Row:
    """One data row: its Excel row number and its values by column key (``None`` for empty or unreadable cells)."""

    number: int
    values: dict[str, Any]
    errors: list[CellError] = field(default_factory=list)


@dataclass
class Table:
    """What ``read_table`` found.

    ``rows`` holds every data row, also those with errors (the preview shows them); ``values`` only has keys of
    columns present in the sheet, so an import can tell "column absent" from "cell empty". ``unit_scale`` is the
    factor the sheet's "单位：" line applied to money (``Decimal(10000)`` for 亿元). ``header_row`` is the 1-based
    row where the header starts and ``header_depth`` its number of rows (2 for a merged two-row header).
    """

    rows: list[Row] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    warnings: list[CellError] = field(default_factory=list)
    unit_scale: Decimal = Decimal(1)
    header_row: int | None = None
    header_depth: int = 1
    sheet_name: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    ignored_headers: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the table may be committed: no errors (warnings are shown but do not block)."""
        return not self.errors


# --- loading ---------------------------------------------------------------------------------------------------------


class _LoadError(Exception):
    """The file cannot be read as a table at all; the message is for the user."""


@dataclass
class _Sheet:
    name: str
    grid: list[list[Any]]  # rows of raw cells, None for empty
    merges: list[tuple[int, int, int, int]]  # (top, left, bottom, right), 0-based and inclusive


def _source_bytes(source: bytes | Path | BinaryIO, filename: str) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source), filename
    if isinstance(source, os.PathLike):
        path = Path(source)
        return path.read_bytes(), filename or path.name
    # An uploaded file (Django's UploadedFile, an open file) knows its own name.
    return source.read(), filename or Path(str(getattr(source, "name", "") or "")).name


def _blank_to_none(value: Any) -> Any:
    return None if value is None or (isinstance(value, str) and not value.strip()) else value


def _load(data: bytes, filename: str, sheet: str | None) -> _Sheet:
    if data.startswith(_WORKBOOK_MAGIC) or Path(filename).suffix.lower() in _WORKBOOK_SUFFIXES:
        return _load_workbook(data, filename, sheet)
    return _load_csv(data, filename)


def _load_workbook(data: bytes, filename: str, sheet: str | None) -> _Sheet:
    label = f"“{filename}”" if filename else "上传的文件"
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError as exc:
        raise _LoadError(f"无法读取{label}：文件已加密，请取消密码后再导入") from exc
    except Exception as exc:  # calamine raises zip, XML and format errors of unrelated types for a damaged file
        raise _LoadError(f"无法读取{label}：不是有效的 Excel 文件") from exc
    try:
        sheets = [meta for meta in book.sheets_metadata if meta.typ == python_calamine.SheetTypeEnum.WorkSheet]
        names = [meta.name for meta in sheets]
        if sheet is None:
            visible = [meta.name for meta in sheets if meta.visible == python_calamine.SheetVisibleEnum.Visible]
            name = (visible or names or [""])[0]
        else:
            name = next((n for n in names if n == sheet), None) or next(
                (n for n in names if n.strip() == sheet.strip()), ""
            )
        if not name:
            raise _LoadError(f"找不到工作表“{sheet or ''}”，文件中的工作表：{'、'.join(names) or '无'}")
        worksheet = book.get_sheet_by_name(name)
        grid = [[_blank_to_none(v) for v in row] for row in worksheet.to_python(skip_empty_area=False)]
        merges = [(r1, c1, r2, c2) for (r1, c1), (r2, c2) in worksheet.merged_cell_ranges or []]
    except _LoadError:
        raise
    except Exception as exc:  # a sheet part that does not parse
        raise _LoadError(f"无法读取{label}的工作表：文件已损坏") from exc
    finally:
        book.close()
    return _Sheet(name, grid, merges)


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text" export
        return data.decode("utf-16")
    if b"\x00" in data:
        raise _LoadError("不是有效的 Excel 或 CSV 文件")
    # UTF-8 (with or without Excel's BOM) first: it almost never decodes text that is not UTF-8, while GB18030,
    # what Excel on a Chinese Windows saves, accepts nearly any bytes and so must come last.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _LoadError("无法识别 CSV 文件的编码，请另存为 UTF-8 或 GB18030 编码")


def _load_csv(data: bytes, filename: str) -> _Sheet:
    text = _decode(data)
    sample = text.splitlines()[:20]
    # Excel writes commas, or semicolons in some locales; tab-separated text comes from copy-paste. On a tie the
    # comma wins (max keeps the first).
    delimiter = max(_CSV_DELIMITERS, key=lambda d: sum(line.count(d) for line in sample))
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise _LoadError(f"CSV 文件格式有误：{exc}") from exc
    width = max((len(record) for record in records), default=0)
    grid = [[_blank_to_none(v) for v in record] + [None] * (width - len(record)) for record in records]
    # Excel names the single sheet of an opened CSV after the file; do the same so messages match what users see.
    return _Sheet(Path(filename).stem, grid, [])


# --- the header ------------------------------------------------------------------------------------------------------


@dataclass
class _HeaderCell:
    """One column of the sheet's header: its own text, or a parent over a sub-header in a two-row header."""

    index: int
    display: str
    forms: list[str]  # comparable names, most specific first
    child_forms: list[str]  # the sub-header alone, for a two-row header
    tail: str  # the last part without unit hint, for matching "累计" to "本年完成投资/累计"
    unit: str | None
    parent: str | None  # the upper row's text (cleaned), None when that cell is empty
    child: str | None  # the lower row's text (cleaned) when it differs from the upper one


def _header_cell(index: int, parent: str | None, child: str | None) -> _HeaderCell | None:
    if parent == child:
        child = None
    texts = [t for t in (parent, child) if t]
    if not texts:
        return None
    parts = [cells.split_hint(cells.clean_header(t)) for t in texts]
    full = "/".join(cells.clean_header(t) for t in texts)
    bare = "/".join(name for name, _, _ in parts)
    child_forms = [cells.clean_header(texts[1]), parts[1][0]] if len(texts) == 2 else []
    # A unit on the sub-header is more specific than one on its parent.
    unit = next((u for _, u, _ in reversed(parts) if u), None)
    # A line break inside a Chinese header is layout, not a word boundary: "项目\n全称" is "项目全称".
    display = "/".join(" ".join("".join(line.strip() for line in t.splitlines()).split()) for t in texts)
    upper = cells.clean_header(parent) if parent else None
    lower = cells.clean_header(child) if child else None
    return _HeaderCell(index, display, [full, bare], child_forms, parts[-1][0], unit, upper, lower)


def _header_cells(area: list[list[Any]], top: int, depth: int, carry: bool) -> list[_HeaderCell]:
    """The header cells of rows ``top`` (and ``top + 1`` when ``depth`` is 2) of the merge-filled ``area``.

    Without merge information (CSV, or "centre across selection"), a parent is carried right over empty cells as
    long as sub-headers continue under it, which is how a merged parent looks once the merge is lost.
    """
    upper = area[top]
    lower = area[top + 1] if depth == 2 else [None] * len(upper)
    result = []
    span: str | None = None
    for index, (above, below) in enumerate(zip(upper, lower, strict=False)):
        parent, child = cells.to_text(above), cells.to_text(below)
        if parent:
            span = parent if child else None
        elif carry and child and span:
            parent = span
        else:
            span = None
        cell = _header_cell(index, parent, child)
        if cell:
            result.append(cell)
    return result


class _Names:
    """Every declared header name in comparable form, and the column it belongs to."""

    def __init__(self, columns: list[Column]) -> None:
        self.exact: dict[str, Column] = {}
        self.tails: dict[str, list[Column]] = {}
        for column in columns:
            for name in column.names:
                form = cells.clean_header(name)
                other = self.exact.setdefault(form, column)
                if other is not column:
                    raise ValueError(f"列“{column.header}”与列“{other.header}”都使用表头名称“{name}”")
                if "/" in form:
                    tail = cells.split_hint(form.rsplit("/", 1)[1])[0]
                    if column not in self.tails.setdefault(tail, []):
                        self.tails[tail].append(column)

    def strict(self, cell: _HeaderCell) -> Column | None:
        """The column whose name this header spells out (with or without its unit hint)."""
        return next((self.exact[form] for form in cell.forms if form in self.exact), None)

    def match(self, cell: _HeaderCell, tail_counts: Counter[str]) -> Column | None:
        """``strict``, else the sub-header alone, else its last part when only one column and one header have it."""
        column = self.strict(cell) or next((self.exact[f] for f in cell.child_forms if f in self.exact), None)
        if column is None and tail_counts[cell.tail] == 1 and len(self.tails.get(cell.tail, [])) == 1:
            column = self.tails[cell.tail][0]
        return column

    def score(self, header: list[_HeaderCell], loose: bool = False) -> int:
        tails = Counter(cell.tail for cell in header)
        found = {self.match(cell, tails) if loose else self.strict(cell) for cell in header}
        return len(found - {None})


@dataclass
class _Layout:
    top: int  # 0-based
    depth: int
    cells: list[_HeaderCell]


def _merge_filled(grid: list[list[Any]], merges: list[tuple[int, int, int, int]], rows: int) -> list[list[Any]]:
    """A copy of the first ``rows`` rows with every merged range holding its anchor's value (calamine leaves the
    rest of a merge empty)."""
    area = [list(row) for row in grid[:rows]]
    for r1, c1, r2, c2 in merges:
        if r1 >= len(area):
            continue
        for r in range(r1, min(r2, len(area) - 1) + 1):
            for c in range(c1, c2 + 1):
                if c < len(area[r]):
                    area[r][c] = area[r1][c1]
    return area


def _find_header(sheet: _Sheet, names: _Names, wanted: int) -> _Layout | None:
    """The first row of the first ``HEADER_SCAN_ROWS`` whose cells name at least ``wanted`` known columns.

    Each candidate is tried as a one-row header and, with the row below, as a two-row header. In the two-row
    reading only columns with text in the upper row count, or the row above any header (a unit line, a blank row)
    would pass for its first half. The two-row reading wins when it names more columns; on a tie, when a parent
    spans several sub-headers or more columns match once sub-headers alone are allowed.
    """
    area = _merge_filled(sheet.grid, sheet.merges, HEADER_SCAN_ROWS + 1)
    merged_rows = {r for r1, _, r2, _ in sheet.merges for r in range(r1, r2 + 1)}
    for top in range(min(HEADER_SCAN_ROWS, len(area))):
        one = _header_cells(area, top, 1, carry=False)
        two = _header_cells(area, top, 2, carry=top not in merged_rows) if top + 1 < len(area) else []
        anchored = [cell for cell in two if cell.parent]
        strict_one, strict_two = names.score(one), names.score(anchored)
        if max(strict_one, strict_two) < wanted:
            continue
        spans = any(
            a.child and b.child and a.parent == b.parent and b.index == a.index + 1 for a, b in pairwise(anchored)
        )
        if strict_two > strict_one or (
            strict_two == strict_one and (spans or names.score(anchored, loose=True) > names.score(one, loose=True))
        ):
            return _Layout(top, 2, two)
        return _Layout(top, 1, one)
    return None


# --- reading ---------------------------------------------------------------------------------------------------------


@dataclass
class _Binding:
    """A sheet column bound to the declared column it holds."""

    column: Column
    index: int
    scale: Decimal
    percent: bool

    def convert(self, value: Any) -> Any:
        return cells.convert(value, self.column.kind, scale=self.scale, percent=self.percent)

    def quantum(self, value: Any) -> Decimal:
        return cells.quantum(value, kind=self.column.kind, scale=self.scale, percent=self.percent)


@dataclass
class _Summary:
    """A 合计/小计/其中 row, kept aside to be checked against the detail rows once all are read."""

    number: int
    label: str
    kind: str  # "total", "subtotal" or "part"
    position: int  # how many detail rows came before it
    cells: list[Any]


def _sheet_scale(sheet: _Sheet, layout: _Layout, table: Table) -> Decimal:
    """The money unit declared above the header; the line nearest the header wins, 万元 when there is none."""
    found: list[tuple[int, str]] = []
    for r in range(layout.top):
        for value in sheet.grid[r]:
            unit = cells.sheet_unit(value) if isinstance(value, str) else None
            if unit:
                found.append((r, unit))
    if not found:
        return Decimal(1)
    row, unit = found[-1]
    if len({u for _, u in found}) > 1:
        others = "、".join(sorted({u for _, u in found} - {unit}))
        table.warnings.append(
            CellError(sheet.name, row + 1, None, f"表头上方同时写有单位{others}，按最近的“{unit}”读取")
        )
    return UNIT_SCALES[unit]


def _bind(sheet: _Sheet, layout: _Layout, names: _Names, table: Table) -> list[_Binding]:
    tails = Counter(cell.tail for cell in layout.cells)
    bindings: dict[str, _Binding] = {}
    for cell in layout.cells:
        column = names.match(cell, tails)
        if column is None:
            table.ignored_headers.append(cell.display)
            continue
        if column.key in bindings:
            table.ignored_headers.append(cell.display)
            message = f"与“{table.headers[column.key]}”列重复，已忽略此列"
            table.warnings.append(CellError(sheet.name, layout.top + 1, cell.display, message))
            continue
        if cell.unit in UNIT_SCALES and cell.unit != "万元" and column.kind != "money":
            # Only money columns are converted; a number read as it stands would be off by the unit's factor.
            message = f"该列不是金额列，不能按“{cell.unit}”换算，请按列说明的单位填写并去掉表头中的单位"
            table.errors.append(CellError(sheet.name, layout.top + 1, cell.display, message))
        scale = UNIT_SCALES[cell.unit] if cell.unit in UNIT_SCALES else table.unit_scale
        percent = cell.unit == "%" and column.kind == "decimal"
        bindings[column.key] = _Binding(column, cell.index, scale, percent)
        table.headers[column.key] = cell.display
    return list(bindings.values())


def _fill_merged_text(sheet: _Sheet, bindings: list[_Binding], first_row: int) -> None:
    """Repeat a vertically merged value (a district, a date spanning several projects) on every row it covers.

    Only for text, date and yes/no columns: a merged amount is more likely one figure for the group than the same
    figure for each row, so numbers stay on the merge's first row.
    """
    textual = {b.index for b in bindings if b.column.kind not in _NUMERIC_KINDS}
    for r1, c1, r2, _ in sheet.merges:
        if r1 >= first_row and r2 > r1 and c1 in textual:
            for r in range(r1 + 1, min(r2, len(sheet.grid) - 1) + 1):
                sheet.grid[r][c1] = sheet.grid[r1][c1]


def _summary_label(cells_: list[Any]) -> str | None:
    """The 合计/小计/其中 label of a row, looked for in its first two text cells (after a blank 序号 or not)."""
    texts = [v for v in cells_ if isinstance(v, str)][:2]
    return next((cells.squeeze(t) for t in texts if cells.is_total_label(t)), None)


def read_table(
    source: bytes | Path | BinaryIO, *, columns: list[Column], filename: str = "", sheet: str | None = None
) -> Table:
    """Read the table of one sheet of an .xlsx (or .xls/.ods) or .csv file into typed rows.

    ``source`` is the file's bytes, a path or an open binary file; ``filename`` (else the path's or file's name)
    is used for messages and to tell formats apart when the content does not. ``sheet`` names the worksheet;
    by default the first visible one is read. Never raises for bad input: every problem is in ``Table.errors``
    (blocking) or ``Table.warnings`` (shown only), each with its Excel row number.
    """
    names = _Names(columns)
    if len({c.key for c in columns}) != len(columns):
        raise ValueError("列的 key 不能重复")
    data, filename = _source_bytes(source, filename)
    try:
        loaded = _load(data, filename, sheet)
    except _LoadError as exc:
        return Table(errors=[CellError(sheet or "", None, None, str(exc))], sheet_name=sheet or "")
    table = Table(sheet_name=loaded.name)
    layout = _find_header(loaded, names, wanted=min(2, len(columns)))
    if layout is None:
        expected = "、".join(c.header for c in columns)
        message = f"前{HEADER_SCAN_ROWS}行中找不到表头，表头应包含：{expected}"
        table.errors.append(CellError(loaded.name, None, None, "工作表是空的" if not loaded.grid else message))
        return table
    table.header_row, table.header_depth = layout.top + 1, layout.depth
    table.unit_scale = _sheet_scale(loaded, layout, table)
    bindings = _bind(loaded, layout, names, table)
    if table.unit_scale != 1 and not any(binding.column.kind == "money" for binding in bindings):
        # A "单位：亿元" line over a sheet without money columns (targets, figures) would silently be ignored.
        unit = next(name for name, factor in UNIT_SCALES.items() if factor == table.unit_scale)
        message = f"本表没有按金额换算的列，表头上方的“单位：{unit}”不适用：请按列说明的单位填写数值并删除该行"
        table.errors.append(CellError(loaded.name, None, None, message))
    found = "、".join(cell.display for cell in layout.cells)
    for column in columns:
        if column.required and column.key not in table.headers:
            table.errors.append(CellError(loaded.name, None, column.header, f"缺少必填列（表头中找到：{found}）"))

    first_row = layout.top + layout.depth
    _fill_merged_text(loaded, bindings, first_row)
    details: list[tuple[Row, set[str]]] = []  # each detail row with the keys of its unreadable cells
    summaries: list[_Summary] = []
    for r in range(first_row, len(loaded.grid)):
        raw = loaded.grid[r]
        first = next((v for v in raw if v is not None), None)
        if first is None:
            continue
        if isinstance(first, str) and cells.is_footer_label(first):
            break  # the sign-off block: nothing below it is data
        label = _summary_label(raw)
        if label:
            summaries.append(_Summary(r + 1, label, cells.total_kind(label), len(details), raw))
            continue
        if all(raw[b.index] is None for b in bindings):
            continue  # only unknown columns filled, e.g. a template's pre-numbered 序号
        row, failed = Row(number=r + 1, values={}), set()
        for binding in bindings:
            column = binding.column
            try:
                value = binding.convert(raw[binding.index])
            except CellValueError as exc:
                row.errors.append(CellError(loaded.name, r + 1, column.header, str(exc)))
                value = None
                failed.add(column.key)
            else:
                if value is None and column.required:
                    row.errors.append(CellError(loaded.name, r + 1, column.header, "不能为空"))
            row.values[column.key] = value
        table.rows.append(row)
        table.errors.extend(row.errors)
        details.append((row, failed))
    _check_summaries(loaded.name, summaries, details, bindings, table)
    return table


def _groups(summaries: list[_Summary], detail_count: int) -> list[tuple[_Summary, range]]:
    """Which detail rows (by position) each 合计/小计 row sums.

    A 合计 sums every detail row wherever it stands. 小计 rows either close their group (details, then 小计) or
    open it (小计, then details); which layout the sheet uses is read from the first 小计: does a detail row come
    before it or not. "其中：" rows sum an unknown subset and are not checked.
    """
    result = []
    boundaries = [s for s in summaries if s.kind != "part"]
    subtotals = [s for s in boundaries if s.kind == "subtotal"]
    leading = bool(subtotals) and subtotals[0].position == 0
    for i, summary in enumerate(boundaries):
        if summary.kind == "total":
            result.append((summary, range(detail_count)))
        elif summary.kind == "subtotal" and leading:
            end = boundaries[i + 1].position if i + 1 < len(boundaries) else detail_count
            result.append((summary, range(summary.position, end)))
        elif summary.kind == "subtotal":
            start = boundaries[i - 1].position if i > 0 else 0
            result.append((summary, range(start, summary.position)))
    return result


def _check_summaries(
    sheet: str, summaries: list[_Summary], details: list[tuple[Row, set[str]]], bindings: list[_Binding], table: Table
) -> None:
    """Warn where a 合计/小计 row differs from the sum of its detail rows, at the precision the total shows."""
    summed = [b for b in bindings if b.column.kind in SUMMED_KINDS and b.column.summed]
    for summary, span in _groups(summaries, len(details)):
        for binding in summed:
            key, raw = binding.column.key, summary.cells[binding.index]
            try:
                total = binding.convert(raw)
            except CellValueError:
                continue  # a summary row is not data: an unreadable total is just not checked
            group = [details[i] for i in span]
            if total is None or any(key in failed for _, failed in group):
                continue
            with localcontext(DECIMAL_CONTEXT):
                expected = sum((row.values.get(key) or Decimal(0) for row, _ in group), Decimal(0))
                rounded = expected.quantize(binding.quantum(raw), rounding=ROUND_HALF_UP)
            if rounded != total:
                unit = "万元" if binding.column.kind == "money" else ""
                message = (
                    f"“{summary.label}”为 {total}{unit}，明细之和为 {cells.tidy(expected)}{unit}，"
                    f"相差 {cells.tidy(total - expected)}{unit}"
                )
                table.warnings.append(CellError(sheet, summary.number, binding.column.header, message))
