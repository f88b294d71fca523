"""The tolerant reader on real-looking district sheets: titles, unit lines, merged headers, totals, sign-offs."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.workbooks import workbook as shared_workbook
from tuijin.exchange.reader import CellError, Column, read_table

COLUMNS = [
    Column("name", "项目名称", ("项目全称", "名称"), "text", required=True),
    Column("total", "总投资", ("计划总投资",), "money", required=True),
    Column("month", "本年完成投资/当月", (), "money"),
    Column("ytd", "本年完成投资/累计", (), "money"),
    Column("start", "开工时间", ("计划开工时间",), "month"),
    Column("finish", "竣工日期", ("计划竣工日期",), "date"),
    Column("new", "是否新开工", (), "bool"),
]


def workbook(rows: Sequence[Sequence[Any]], *, merges: Sequence[str] = (), title: str = "项目表") -> bytes:
    return shared_workbook(rows, merges=merges, title=title)


def messages(errors: list[CellError]) -> list[str]:
    return [str(error) for error in errors]


# --- the messy sheet -------------------------------------------------------------------------------------------------

MESSY = [
    ["2025年晋江市重点项目投资完成情况表"],  # 1: title, merged A1:I1
    ["（截至2025年3月底）"],  # 2
    [None, None, None, None, None, None, None, None, "单位：亿元"],  # 3
    [
        "序号",
        "项目\n全称",
        "总投资\n（亿元）",
        "本年完成投资",
        None,
        "计划开工\n时间",
        "竣工日期",
        "是否新开工",
        "备注",
    ],
    [None, None, None, "当月", "累计（万元）"],  # 5: sub-headers; the 累计 column declares its own unit
    [None, "合  计", 1500, 1237.5, 7503.75],  # 6: the total: 总投资 does not add up
    [1, "甲项目", "1,234.5", "０．５", 1.25, "2025年3月", "2025年3月5日", "是", "省重点"],
    [],  # 8: blank
    [2, " 乙项目 ", "  12.3456 ", "１，２３４", "2.5万元", 45292.0, date(2025, 3, 5), "否"],
    [None, "其中：新开工项目", 100, 0, "0.75亿"],  # 10: a breakdown row, skipped and not checked
    [3, "丙项目", 100, 0, "0.75亿", datetime(2025, 3, 5, 10, 0), "2025-03-05", "√"],
    [4, "丁项目", "0", None, None, "2025-03", 20250305],
    [5, "戊项目（二期）", "１２３．４", "  3 ", None, "2025.03", "2025/3/1", "×"],
    [],
    ["填报单位：晋江市发展和改革局", None, None, "填报人：张三"],  # 15: the sign-off block
    ["联系电话：0595-88888888"],
    [6, "庚项目", "12万3"],  # below the sign-off: never read
]
MESSY_MERGES = ["A1:I1", "D4:E4"] + [f"{c}4:{c}5" for c in "ABCFGHI"]


def test_it_reads_a_messy_district_sheet() -> None:
    table = read_table(workbook(MESSY, merges=MESSY_MERGES), columns=COLUMNS, filename="晋江市.xlsx")

    assert table.errors == []
    assert table.ok
    assert (table.header_row, table.header_depth, table.sheet_name) == (4, 2, "项目表")
    assert table.unit_scale == Decimal(10000)
    assert table.headers == {
        "name": "项目全称",
        "total": "总投资（亿元）",
        "month": "本年完成投资/当月",
        "ytd": "本年完成投资/累计（万元）",
        "start": "计划开工时间",
        "finish": "竣工日期",
        "new": "是否新开工",
    }
    assert table.ignored_headers == ["序号", "备注"]
    assert [row.number for row in table.rows] == [7, 9, 11, 12, 13]
    values = [row.values for row in table.rows]
    assert [v["name"] for v in values] == ["甲项目", "乙项目", "丙项目", "丁项目", "戊项目（二期）"]
    # 亿元 × 10000, exactly; a column with its own （万元） hint and cells with their own units are respected.
    assert [v["total"] for v in values] == [Decimal(n) for n in ("12345000", "123456", "1000000", "0", "1234000")]
    assert [v["month"] for v in values] == [Decimal(5000), Decimal(12340000), Decimal(0), None, Decimal(30000)]
    assert [v["ytd"] for v in values] == [Decimal("1.25"), Decimal("2.5"), Decimal(7500), None, None]
    assert [v["start"] for v in values] == [date(2025, 3, 1), date(2024, 1, 1)] + [date(2025, 3, 1)] * 3
    assert [v["finish"] for v in values] == [date(2025, 3, 5)] * 4 + [date(2025, 3, 1)]
    assert [v["new"] for v in values] == [True, False, True, None, False]
    # The only disagreement: 1500亿元 against 1470.2456亿元 of details (the other totals add up).
    assert messages(table.warnings) == ["第6行 总投资: “合计”为 15000000万元，明细之和为 14702456万元，相差 297544万元"]


def test_it_reports_one_bad_cell_with_row_column_and_reason() -> None:
    rows = [
        ["重点项目表"],
        ["单位：万元"],
        ["项目名称", "总投资"],
        ["甲", 1],
        ["乙", "2"],
        [],
        ["丙", "12万3"],
        ["丁", 4],
    ]
    table = read_table(workbook(rows), columns=COLUMNS)

    assert messages(table.errors) == ["第7行 总投资: “12万3” 不是有效的数字"]
    assert not table.ok
    assert table.errors[0] == CellError("项目表", 7, "总投资", "“12万3” 不是有效的数字")
    assert table.errors[0].full == "工作表“项目表” 第7行 总投资: “12万3” 不是有效的数字"
    # The row is still there for the preview, with its own error and the bad value left empty.
    bad = table.rows[2]
    assert (bad.number, bad.values, messages(bad.errors)) == (7, {"name": "丙", "total": None}, messages(table.errors))


def test_it_collects_every_error_instead_of_stopping_at_the_first() -> None:
    rows = [
        ["项目名称", "总投资", "开工时间", "竣工日期", "是否新开工"],
        ["甲", "abc", "明年", "2025年3月", "也许"],
        [None, 5],
        ["丙", "1,23"],
    ]
    table = read_table(workbook(rows), columns=COLUMNS)

    assert messages(table.errors) == [
        "第2行 总投资: “abc” 不是有效的数字",
        "第2行 开工时间: “明年” 不是有效的月份",
        "第2行 竣工日期: “2025年3月” 缺少日，应为完整日期，如 2025年3月5日",
        "第2行 是否新开工: “也许” 无法识别为是/否",
        "第3行 项目名称: 不能为空",
        "第4行 总投资: “1,23” 不是有效的数字（千分位逗号位置不对）",
    ]


def test_it_names_each_missing_required_column_and_the_headers_it_found() -> None:
    columns = [*COLUMNS, Column("code", "项目代码", kind="text", required=True)]
    table = read_table(workbook([["序号", "名称", "开工时间", "本年投资"], [1, "甲", "2025-03", 3]]), columns=columns)

    assert messages(table.errors) == [
        "总投资: 缺少必填列（表头中找到：序号、名称、开工时间、本年投资）",
        "项目代码: 缺少必填列（表头中找到：序号、名称、开工时间、本年投资）",
    ]
    assert table.rows[0].values == {"name": "甲", "start": date(2025, 3, 1)}
    assert table.ignored_headers == ["序号", "本年投资"]


def test_it_says_so_when_there_is_no_header() -> None:
    table = read_table(workbook([["某某汇总"], ["甲", 1]]), columns=COLUMNS)
    assert messages(table.errors) == [
        "前15行中找不到表头，表头应包含：项目名称、总投资、本年完成投资/当月、本年完成投资/累计、开工时间、竣工日期、是否新开工"
    ]
    assert table.header_row is None


def test_it_finds_a_header_below_many_title_rows_but_not_below_fifteen() -> None:
    header = [["项目名称", "总投资"], ["甲", 1]]
    assert read_table(workbook([["说明"]] * 14 + header), columns=COLUMNS).header_row == 15
    assert not read_table(workbook([["说明"]] * 15 + header), columns=COLUMNS).ok


# --- headers ---------------------------------------------------------------------------------------------------------


def test_it_matches_headers_with_spaces_breaks_marks_and_full_width_brackets() -> None:
    rows = [["*项目 名称", "计划\n总投资(万元)", "开工时间（计划）"], ["甲", "5", "2025-01"]]
    table = read_table(workbook(rows), columns=COLUMNS)
    assert table.rows[0].values == {"name": "甲", "total": Decimal(5), "start": date(2025, 1, 1)}


def test_it_matches_a_sub_header_alone_when_only_one_column_ends_with_it() -> None:
    # "2025年完成投资" is not a declared parent, but 当月 and 累计 each belong to one column only.
    rows = [["项目名称", "总投资", "2025年完成投资", None], [None, None, "当月", "累计"], ["甲", 10, 1, 2]]
    table = read_table(workbook(rows, merges=["A1:A2", "B1:B2", "C1:D1"]), columns=COLUMNS)
    assert table.header_depth == 2
    assert table.rows[0].values == {"name": "甲", "total": 10, "month": 1, "ytd": 2}
    assert table.headers["ytd"] == "2025年完成投资/累计"


def test_it_does_not_guess_between_two_sub_headers_with_the_same_name() -> None:
    rows = [
        ["项目名称", "总投资", "2025年完成投资", None, "上年同期", None],
        [None, None, "当月", "累计", "当月", "累计"],
        ["甲", 10, 1, 2, 3, 4],
    ]
    table = read_table(workbook(rows, merges=["A1:A2", "B1:B2", "C1:D1", "E1:F1"]), columns=COLUMNS)
    assert table.header_depth == 2
    assert table.rows[0].values == {"name": "甲", "total": 10}
    assert table.ignored_headers == ["2025年完成投资/当月", "2025年完成投资/累计", "上年同期/当月", "上年同期/累计"]


def test_it_reads_a_two_row_header_whose_merge_was_lost() -> None:
    # A CSV (or "centre across selection") keeps the parent only above its first sub-header.
    text = "项目名称,总投资,本年完成投资,,备注\n,,当月,累计,\n甲,10,1,2,x\n"
    table = read_table(text.encode(), columns=COLUMNS, filename="a.csv")
    assert (table.header_row, table.header_depth) == (1, 2)
    assert table.rows[0].values == {"name": "甲", "total": 10, "month": 1, "ytd": 2}


def test_it_reads_a_parent_row_that_only_spans_the_grouped_columns() -> None:
    # Simple headers sit in the lower row with nothing above them; only the group has a parent.
    rows = [[None, None, "本年完成投资"], ["项目名称", "总投资", "当月", "累计"], ["甲", 10, 1, 2]]
    table = read_table(workbook(rows), columns=COLUMNS)
    assert (table.header_row, table.header_depth) == (1, 2)
    assert table.rows[0].values == {"name": "甲", "total": 10, "month": 1, "ytd": 2}


def test_it_warns_about_a_column_that_appears_twice() -> None:
    table = read_table(workbook([["项目名称", "总投资", "计划总投资"], ["甲", 1, 2]]), columns=COLUMNS)
    assert table.rows[0].values == {"name": "甲", "total": 1}
    assert messages(table.warnings) == ["第1行 计划总投资: 与“总投资”列重复，已忽略此列"]
    assert table.ignored_headers == ["计划总投资"]


def test_it_reads_percentages_under_a_percent_header_as_ratios() -> None:
    columns = [
        Column("name", "项目名称"),
        Column("rate", "完成率", kind="decimal"),
        Column("share", "占比", kind="decimal"),
    ]
    rows = [["项目名称", "完成率（%）", "占比"], ["甲", 85.5, "12.5%"], ["乙", "90%", 0.25]]
    table = read_table(workbook(rows), columns=columns)
    assert [(r.values["rate"], r.values["share"]) for r in table.rows] == [
        (Decimal("0.855"), Decimal("0.125")),
        (Decimal("0.9"), Decimal("0.25")),
    ]


# --- rows ------------------------------------------------------------------------------------------------------------


def test_it_checks_trailing_subtotals_against_their_groups() -> None:
    rows = [
        ["项目名称", "总投资"],
        ["甲", 1],
        ["乙", 2],
        ["一、续建项目小计", 3],
        ["丙", "4.25"],
        ["小计", "4.3"],  # shown to one decimal: 4.25 rounds (四舍五入) to 4.3, consistent
        ["丁", 1],
        ["小计", 2],  # wrong
        ["总计", 9.25],  # 8.25 of details: wrong
    ]
    table = read_table(workbook(rows), columns=COLUMNS)
    assert [r.values["name"] for r in table.rows] == ["甲", "乙", "丙", "丁"]
    assert messages(table.warnings) == [
        "第8行 总投资: “小计”为 2万元，明细之和为 1万元，相差 1万元",
        "第9行 总投资: “总计”为 9.25万元，明细之和为 8.25万元，相差 1万元",
    ]


def test_it_checks_leading_totals_and_subtotals_against_the_rows_below() -> None:
    rows = [
        ["项目名称", "总投资", "本年完成投资/当月"],
        ["全市合计", 10, 3],
        ["晋江市小计", 3, 1],
        ["甲", 1, 1],
        ["乙", 2, None],
        ["石狮市小计", 7, 3],  # 总投资 right, 当月 wrong
        ["丙", 7, 2],
    ]
    table = read_table(workbook(rows), columns=COLUMNS)
    assert [r.number for r in table.rows] == [4, 5, 7]
    assert messages(table.warnings) == ["第6行 本年完成投资/当月: “石狮市小计”为 3万元，明细之和为 2万元，相差 1万元"]


def test_it_does_not_check_a_total_over_a_column_with_a_bad_cell() -> None:
    rows = [["项目名称", "总投资"], ["合计", 100], ["甲", 1], ["乙", "x"]]
    table = read_table(workbook(rows), columns=COLUMNS)
    assert messages(table.errors) == ["第4行 总投资: “x” 不是有效的数字"]
    assert table.warnings == []  # the sum is unknown, not wrong


def test_it_does_not_check_columns_that_are_not_sums() -> None:
    columns = [Column("name", "项目名称"), Column("rate", "完成率", kind="decimal", summed=False)]
    table = read_table(workbook([["项目名称", "完成率"], ["合计", 0.5], ["甲", 0.4], ["乙", 0.6]]), columns=columns)
    assert table.warnings == []


def test_it_skips_rows_that_only_fill_unknown_columns() -> None:
    rows = [["序号", "项目名称", "总投资"], [1, "甲", 1], [2], [3], [4, None, "  "]]
    table = read_table(workbook(rows), columns=COLUMNS)
    assert [r.number for r in table.rows] == [2]


def test_it_repeats_merged_text_down_but_not_merged_amounts() -> None:
    columns = [Column("district", "区县"), *COLUMNS]
    rows = [["区县", "项目名称", "总投资"], ["晋江市", "甲", 8], [None, "乙", None], ["石狮市", "丙", 1]]
    table = read_table(workbook(rows, merges=["A2:A3", "C2:C3"]), columns=columns)
    assert [(r.values["district"], r.values["total"]) for r in table.rows] == [
        ("晋江市", 8),
        ("晋江市", None),
        ("石狮市", 1),
    ]
    assert messages(table.errors) == ["第3行 总投资: 不能为空"]


def test_it_uses_the_unit_line_nearest_the_header() -> None:
    rows = [["单位：万元"], ["金额单位：元"], ["项目名称", "总投资"], ["甲", "12,345"]]
    table = read_table(workbook(rows), columns=COLUMNS)
    assert table.unit_scale == Decimal("0.0001")
    assert table.rows[0].values["total"] == Decimal("1.2345")
    assert messages(table.warnings) == ["第2行: 表头上方同时写有单位万元，按最近的“元”读取"]


def test_it_reads_money_as_wan_when_no_unit_is_given() -> None:
    table = read_table(workbook([["项目名称", "总投资"], ["甲", 12345.67]]), columns=COLUMNS)
    assert table.unit_scale == Decimal(1)
    assert str(table.rows[0].values["total"]) == "12345.67"


# --- CSV -------------------------------------------------------------------------------------------------------------

CSV_TEXT = (
    "2025年重点项目表,,,\n"
    "单位：亿元,,,\n"
    "项目名称,总投资,开工时间,是否新开工\n"
    '晋江市某某项目,"1,234.5",2025年3月,是\n'
    "石狮市某某项目,１２．３４５６,2025.04,否\n"
    ",,,\n"
    "合计,1246.8456,,\n"
    "填报人：张三,,,\n"
)
CSV_VALUES = [
    {"name": "晋江市某某项目", "total": Decimal(12345000), "start": date(2025, 3, 1), "new": True},
    {"name": "石狮市某某项目", "total": Decimal(123456), "start": date(2025, 4, 1), "new": False},
]


@pytest.mark.parametrize(
    "data",
    [
        CSV_TEXT.encode("utf-8-sig"),
        CSV_TEXT.encode("utf-8"),
        CSV_TEXT.encode("gb18030"),
        CSV_TEXT.replace("\n", "\r\n").encode("gb18030"),
        CSV_TEXT.replace(",", "\t").replace('"1\t234.5"', "1,234.5").encode("utf-16"),
    ],
    ids=["utf-8-bom", "utf-8", "gb18030", "gb18030-crlf", "utf-16-tabs"],
)
def test_it_reads_csv_in_every_encoding_excel_writes(data: bytes) -> None:
    table = read_table(data, columns=COLUMNS, filename="重点项目.csv")
    assert table.errors == []
    assert table.warnings == []
    assert table.sheet_name == "重点项目"
    assert [r.values for r in table.rows] == CSV_VALUES
    assert [r.number for r in table.rows] == [4, 5]


def test_it_reports_csv_errors_with_line_numbers() -> None:
    table = read_table("项目名称,总投资\n甲,12万3\n".encode("gb18030"), columns=COLUMNS, filename="a.csv")
    assert messages(table.errors) == ["第2行 总投资: “12万3” 不是有效的数字"]


# --- sources and sheets ----------------------------------------------------------------------------------------------


def test_it_reads_paths_and_open_files(tmp_path: Path) -> None:
    path = tmp_path / "项目.xlsx"
    path.write_bytes(workbook([["项目名称", "总投资"], ["甲", 1]]))
    from_path = read_table(path, columns=COLUMNS)
    with path.open("rb") as handle:
        from_handle = read_table(handle, columns=COLUMNS)
    assert from_path.rows[0].values == from_handle.rows[0].values == {"name": "甲", "total": 1}


def test_it_takes_the_format_from_an_uploaded_file_name() -> None:
    upload = io.BytesIO("项目名称,总投资\n甲,1\n".encode("gb18030"))
    upload.name = "/uploads/石狮市.csv"  # type: ignore[attr-defined]
    table = read_table(upload, columns=COLUMNS)
    assert (table.sheet_name, table.rows[0].values) == ("石狮市", {"name": "甲", "total": 1})


def test_it_reads_the_named_sheet_or_the_first_visible_one() -> None:
    book = openpyxl.Workbook()
    hidden = book.active
    assert hidden is not None
    hidden.title = "说明"
    hidden.sheet_state = "hidden"
    for title, name in (("一月", "甲"), ("二月", "乙")):
        ws = book.create_sheet(title)
        ws.append(["项目名称", "总投资"])
        ws.append([name, 1])
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()

    assert read_table(data, columns=COLUMNS).rows[0].values["name"] == "甲"
    second = read_table(data, columns=COLUMNS, sheet="二月")
    assert (second.sheet_name, second.rows[0].values["name"]) == ("二月", "乙")
    missing = read_table(data, columns=COLUMNS, sheet="三月")
    assert messages(missing.errors) == ["找不到工作表“三月”，文件中的工作表：说明、一月、二月"]


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"PK\x03\x04 not really a zip", "a.xlsx", "无法读取“a.xlsx”：不是有效的 Excel 文件"),
        (b"\x00\x01\x02", "", "不是有效的 Excel 或 CSV 文件"),
        (b"", "a.csv", "工作表是空的"),
    ],
)
def test_it_turns_unreadable_files_into_errors(data: bytes, filename: str, message: str) -> None:
    assert messages(read_table(data, columns=COLUMNS, filename=filename).errors) == [message]


# --- declarations ----------------------------------------------------------------------------------------------------


def test_it_refuses_bad_column_declarations() -> None:
    with pytest.raises(ValueError, match="类型"):
        Column("x", "某列", kind="money_yuan")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="不应带单位"):
        Column("x", "总投资（万元）", kind="money")
    with pytest.raises(ValueError, match="都使用表头名称"):
        read_table(b"", columns=[Column("a", "名称"), Column("b", "项目名称", ("名称",))])
    with pytest.raises(ValueError, match="key 不能重复"):
        read_table(b"", columns=[Column("a", "名称"), Column("a", "项目名称")])


@pytest.mark.parametrize(
    ("error", "text"),
    [
        (CellError("表", 7, "总投资", "原因"), "第7行 总投资: 原因"),
        (CellError("表", 7, None, "原因"), "第7行: 原因"),
        (CellError("表", None, "总投资", "原因"), "总投资: 原因"),
        (CellError("表", None, None, "原因"), "原因"),
    ],
)
def test_it_renders_errors_the_way_users_read_them(error: CellError, text: str) -> None:
    assert str(error) == text
