"""The writer: the layout districts expect, and a file the reader reads back to exactly the same values."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tuijin.exchange.cells import is_footer_label, is_total_label
from tuijin.exchange.reader import Column, read_table
from tuijin.exchange.writer import DATE_FORMAT, MONTH_FORMAT, NUMBER_FORMAT, write_table

COLUMNS = [
    Column("name", "项目名称", required=True),
    Column("total", "总投资", kind="money"),
    Column("month", "本年完成投资/当月", kind="money"),
    Column("ytd", "本年完成投资/累计", kind="money"),
    Column("rate", "完成率", kind="decimal", summed=False),
    Column("count", "子项目数", kind="int"),
    Column("start", "开工时间", kind="month"),
    Column("finish", "竣工日期", kind="date"),
    Column("new", "是否新开工", kind="bool"),
]
ROW = {
    "name": "晋江市某某产业园项目（一期）",
    "total": Decimal("12345.6789"),
    "month": Decimal("1.5"),
    "ytd": Decimal("300"),
    "rate": Decimal("0.125"),
    "count": 3,
    "start": date(2025, 3, 1),
    "finish": date(2026, 12, 31),
    "new": True,
}


def sheet(data: bytes) -> Any:
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws is not None
    return ws


def test_it_lays_out_title_unit_merged_header_and_values() -> None:
    ws = sheet(write_table(COLUMNS, [ROW], title="2025年重点项目表"))

    assert ws["A1"].value == "2025年重点项目表"
    assert ws["A2"].value == "单位：万元"
    assert [ws.cell(3, c).value for c in range(1, 10)] == [
        "项目名称",
        "总投资",
        "本年完成投资",
        None,
        "完成率",
        "子项目数",
        "开工时间",
        "竣工日期",
        "是否新开工",
    ]
    assert [ws.cell(4, c).value for c in (3, 4)] == ["当月", "累计"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:I1", "A2:I2", "C3:D3", "A3:A4", "B3:B4", "I3:I4"} <= merged
    assert ws.freeze_panes == "A5"

    assert ws["B5"].value == pytest.approx(12345.6789)
    assert ws["B5"].number_format == NUMBER_FORMAT
    assert ws["F5"].value == 3
    assert ws["G5"].value == datetime(2025, 3, 1)
    assert ws["G5"].number_format == MONTH_FORMAT
    assert ws["H5"].number_format == DATE_FORMAT
    assert ws["I5"].value == "是"
    # Sized for Chinese text: a 14-character name needs about 28 columns of width.
    assert ws.column_dimensions["A"].width >= 28
    assert ws.column_dimensions["I"].width >= 10


def test_it_leaves_out_the_unit_line_without_money_and_the_title_when_not_asked() -> None:
    ws = sheet(write_table([Column("name", "项目名称"), Column("d", "日期", kind="date")], [{"name": "甲"}]))
    assert [ws["A1"].value, ws["A2"].value, ws["B2"].value] == ["项目名称", "甲", None]
    assert ws.freeze_panes == "A2"


def test_it_keeps_formula_like_text_as_text() -> None:
    data = write_table([Column("name", "项目名称")], [{"name": '=HYPERLINK("http://x")'}, {"name": "=1+2"}])
    assert [c.data_type for c in sheet(data)["A"][1:]] == ["s", "s"]
    table = read_table(data, columns=[Column("name", "项目名称")])
    assert [r.values["name"] for r in table.rows] == ['=HYPERLINK("http://x")', "=1+2"]


def test_it_writes_money_in_the_unit_asked_for() -> None:
    data = write_table(COLUMNS[:2], [{"name": "甲", "total": Decimal("12345.6789")}], unit="亿元")
    ws = sheet(data)
    assert ws["A1"].value == "单位：亿元"
    assert ws["B3"].value == pytest.approx(1.23456789)
    assert read_table(data, columns=COLUMNS[:2]).rows[0].values["total"] == Decimal("12345.6789")


def test_it_writes_numbers_excel_cannot_hold_as_text() -> None:
    huge = Decimal("123456789012.1234")  # 16 significant digits: a double would lose the last one
    data = write_table(COLUMNS[:2], [{"name": "甲", "total": huge}])
    assert sheet(data)["B3"].value == "123456789012.1234"
    assert read_table(data, columns=COLUMNS[:2]).rows[0].values["total"] == huge


def test_it_refuses_floats_for_money() -> None:
    with pytest.raises(TypeError):
        write_table(COLUMNS[:2], [{"name": "甲", "total": 1.1}])


def test_it_refuses_unknown_units() -> None:
    with pytest.raises(ValueError, match="不支持的金额单位"):
        write_table(COLUMNS, [], unit="美元")


# --- round trip ------------------------------------------------------------------------------------------------------

_TEXT_CHARS = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.sampled_from("（）【】：，。、\n\t\u3000—"),
)
# What the reader deliberately treats as layout rather than data is not a project name: surrounding spaces
# (trimmed), "合计"/"小计"/"其中" labels and sign-off lines.
_NAMES = st.text(_TEXT_CHARS, min_size=1, max_size=30).filter(
    lambda t: t == t.strip() and not is_total_label(t) and not is_footer_label(t)
)
# 4 decimal places and up to 12 integer digits: up to 16 significant digits, past what an Excel number holds.
_AMOUNTS = st.integers(min_value=-(10**16) + 1, max_value=10**16 - 1).map(lambda n: Decimal(n).scaleb(-4))
_DATES = st.dates(min_value=date(1900, 3, 1), max_value=date(2099, 12, 31))


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


_ROWS = st.fixed_dictionaries(
    {
        "name": _NAMES,
        "total": _optional(_AMOUNTS),
        "month": _optional(_AMOUNTS),
        "ytd": _optional(_AMOUNTS),
        "rate": _optional(_AMOUNTS),
        "count": _optional(st.integers(min_value=-(10**17), max_value=10**17)),
        "start": _optional(_DATES),
        "finish": _optional(_DATES),
        "new": _optional(st.booleans()),
    }
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(_ROWS, min_size=1, max_size=6),
    title=st.sampled_from([None, "2025年重点项目投资完成情况表"]),
    unit=st.sampled_from(["万元", "亿元", "元"]),
)
def test_it_reads_back_exactly_what_it_wrote(rows: list[dict[str, Any]], title: str | None, unit: str) -> None:
    table = read_table(write_table(COLUMNS, rows, title=title, unit=unit), columns=COLUMNS, filename="导出.xlsx")

    assert table.errors == []
    assert table.warnings == []
    assert table.ignored_headers == []
    expected = [{**row, "start": row["start"] and row["start"].replace(day=1)} for row in rows]
    assert [row.values for row in table.rows] == expected
    first = 2 + (title is not None) + 2  # title, unit line, two header rows
    assert [row.number for row in table.rows] == list(range(first, first + len(rows)))
