"""Cell normalisation: every spelling of a number, date and yes/no that districts use, and the refusals."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuijin.exchange.cells import (
    CellValueError,
    clean_header,
    convert,
    float_to_decimal,
    is_footer_label,
    is_total_label,
    quantum,
    sheet_unit,
    split_hint,
    total_kind,
)

# --- numbers ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (12345.67, "12345.67"),
        (3.0, "3"),
        (0.1 + 0.2, "0.3"),  # formula noise beyond Excel's 15 digits
        (1e20, "100000000000000000000"),
        (-0.0, "0"),
        (0.0001, "0.0001"),
        (12345678901.2345, "12345678901.2345"),
    ],
)
def test_it_reads_floats_as_excel_shows_them(number: float, expected: str) -> None:
    result = float_to_decimal(number)
    assert result == Decimal(expected)
    assert str(result) == expected


@given(st.integers(min_value=-(10**15) + 1, max_value=10**15 - 1), st.integers(min_value=0, max_value=6))
def test_it_keeps_every_15_digit_decimal_through_a_float(digits: int, places: int) -> None:
    value = Decimal(digits).scaleb(-places)
    assert float_to_decimal(float(value)) == value


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,234.5", "1234.5"),
        ("１２３．４", "123.4"),
        ("１，２３４", "1234"),
        ("  12.50 ", "12.5"),
        ("12\u3000", "12"),
        ("1 234", "1234"),
        ("-12", "-12"),
        ("－１２", "-12"),
        ("\u221212", "-12"),
        ("+3", "3"),
        (".5", "0.5"),
        ("12.", "12"),
        ("1.2E+3", "1200"),
        (7, "7"),
        (7.25, "7.25"),
    ],
)
def test_it_reads_number_text(raw: object, expected: str) -> None:
    assert convert(raw, "decimal") == Decimal(expected)


@pytest.mark.parametrize("raw", [None, "", "  ", "-", "—", "——", "/", "无"])
def test_it_reads_dashes_as_empty(raw: object) -> None:
    assert convert(raw, "decimal") is None
    assert convert(raw, "date") is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("12万3", "“12万3” 不是有效的数字"),
        ("1,23", "“1,23” 不是有效的数字（千分位逗号位置不对）"),
        ("12,3456.5", "“12,3456.5” 不是有效的数字（千分位逗号位置不对）"),
        ("abc", "“abc” 不是有效的数字"),
        ("1.2.3", "“1.2.3” 不是有效的数字"),
        ("1e40", "“1e40” 数值过大"),
        ("12万元", "“12万元” 不是有效的数字"),  # an amount in a column that is not money
        (True, "“TRUE” 不是有效的数字"),
        (date(2025, 1, 1), "“2025-01-01” 不是有效的数字"),
    ],
)
def test_it_refuses_what_is_not_a_number(raw: object, message: str) -> None:
    with pytest.raises(CellValueError) as caught:
        convert(raw, "decimal")
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12.5%", "0.125"), ("１２．５％", "0.125"), ("100%", "1"), ("-3%", "-0.03"), (0.125, "0.125")],
)
def test_it_reads_percentages_as_ratios(raw: object, expected: str) -> None:
    assert convert(raw, "decimal") == Decimal(expected)


def test_it_reads_numbers_under_a_percent_header_as_percentages() -> None:
    assert convert(85.5, "decimal", percent=True) == Decimal("0.855")
    assert convert("85.5%", "decimal", percent=True) == Decimal("0.855")  # not divided twice


@pytest.mark.parametrize(
    ("raw", "scale", "expected"),
    [
        ("1.5", Decimal(10000), "15000"),  # 亿元 sheet
        (12345.0, Decimal("0.0001"), "1.2345"),  # 元 sheet
        ("12345.67", Decimal(1), "12345.67"),
        ("12万元", Decimal(10000), "12"),  # the cell's own unit beats the sheet's
        ("12万", Decimal(1), "12"),
        ("1.5亿", Decimal(1), "15000"),
        ("1.5亿元", Decimal(1), "15000"),
        ("3000元", Decimal(1), "0.3"),
        ("2千元", Decimal(1), "0.2"),
        ("¥1,000", Decimal(1), "1000"),
        ("0.00001", Decimal("0.0001"), "0.000000001"),  # exact, however small
    ],
)
def test_it_scales_money_to_wan(raw: object, scale: Decimal, expected: str) -> None:
    assert convert(raw, "money", scale=scale) == Decimal(expected)


def test_it_refuses_a_percentage_as_money() -> None:
    with pytest.raises(CellValueError, match="“5%” 不是有效的金额"):
        convert("5%", "money")


@pytest.mark.parametrize(("raw", "expected"), [(3.0, 3), ("1,200", 1200), ("１２", 12), ("7.0", 7), (5, 5)])
def test_it_reads_integers(raw: object, expected: int) -> None:
    result = convert(raw, "int")
    assert result == expected
    assert type(result) is int


@pytest.mark.parametrize("raw", [2.5, "2.5", "50%", "3万元"])
def test_it_refuses_fractions_as_integers(raw: object) -> None:
    with pytest.raises(CellValueError, match="不是整数"):
        convert(raw, "int")


@pytest.mark.parametrize(
    ("raw", "kind", "expected"),
    [
        (1.5, "decimal", "0.1"),
        ("1.25", "decimal", "0.01"),
        ("1.2", "money", "1000"),  # 0.1亿元
        ("1.2万元", "money", "0.1"),
        (100.0, "money", "10000"),
        ("12.5%", "decimal", "0.001"),
    ],
)
def test_it_knows_the_precision_a_cell_shows(raw: object, kind: str, expected: str) -> None:
    assert quantum(raw, kind=kind, scale=Decimal(10000)) == Decimal(expected)


# --- dates -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        date(2025, 3, 5),
        datetime(2025, 3, 5, 14, 30),
        "2025年3月5日",
        "2025年03月05日",
        "2025年3月5号",
        "２０２５年３月５日",
        "2025 年 3 月 5 日",
        "2025-03-05",
        "2025/3/5",
        "2025.3.5",
        "2025.03.05",
        "20250305",
        20250305.0,
        "2025-03-05 10:30:00",
        "2025-03-05T10:30",
        45721.0,  # Excel serial
        45721.75,  # serial with a time of day
    ],
)
def test_it_reads_every_date_form(raw: object) -> None:
    assert convert(raw, "date") == date(2025, 3, 5)


def test_it_reads_excel_serials() -> None:
    assert convert(45292.0, "date") == date(2024, 1, 1)
    assert convert(45292, "date") == date(2024, 1, 1)


@pytest.mark.parametrize(
    "raw",
    ["2025年3月", "2025年3月份", "2025.03", "2025.3", "2025-03", "2025/3", "202503", 202503.0, 2025.03, "2025年3月5日"],
)
def test_it_reads_months_as_their_first_day(raw: object) -> None:
    assert convert(raw, "month") == date(2025, 3, 1)


def test_it_words_month_errors_as_months() -> None:
    with pytest.raises(CellValueError, match=r"^“2025年13月” 不是有效的月份$"):
        convert("2025年13月", "month")


def test_it_reads_a_month_typed_as_a_number_the_way_excel_shows_it() -> None:
    # 2025.10 typed into a General cell is stored and shown as 2025.1: what the user sees is January.
    assert convert(2025.1, "month") == date(2025, 1, 1)
    assert convert(2025.12, "month") == date(2025, 12, 1)
    assert convert("2025.10", "month") == date(2025, 10, 1)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("2025年3月", "“2025年3月” 缺少日，应为完整日期，如 2025年3月5日"),
        ("2025-02-30", "“2025-02-30” 不是有效的日期"),
        ("2025-13-01", "“2025-13-01” 不是有效的日期"),
        ("明年三月", "“明年三月” 不是有效的日期"),
        ("25.3.5", "“25.3.5” 不是有效的日期"),
        ("1850-01-01", "“1850-01-01” 不是有效的日期（年份应在1900—2099之间）"),
        (2025.0, "“2025” 不是有效的日期"),  # a year typed as a number, not serial 2025 (1905-07-17)
        (12.0, "“12” 不是有效的日期"),
        (-5.0, "“-5” 不是有效的日期"),
        (True, "“TRUE” 不是有效的日期"),
    ],
)
def test_it_refuses_what_is_not_a_date(raw: object, message: str) -> None:
    with pytest.raises(CellValueError) as caught:
        convert(raw, "date")
    assert str(caught.value) == message


# --- text and yes/no -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  某某项目 ", "某某项目"),
        ("", None),
        (None, None),
        (35020300.0, "35020300"),  # a code typed as a number
        (1.5, "1.5"),
        (date(2025, 1, 2), "2025-01-02"),
        (True, "TRUE"),
    ],
)
def test_it_reads_text(raw: object, expected: str | None) -> None:
    assert convert(raw, "text") == expected


@pytest.mark.parametrize("raw", ["是", "√", "✓", "Y", "yes", "TRUE", "1", 1.0, True, " 是 "])
def test_it_reads_yes(raw: object) -> None:
    assert convert(raw, "bool") is True


@pytest.mark.parametrize("raw", ["否", "×", "N", "no", "false", "0", 0.0, False, "无"])
def test_it_reads_no(raw: object) -> None:
    assert convert(raw, "bool") is False


def test_it_refuses_an_unclear_yes_no() -> None:
    with pytest.raises(CellValueError, match="“也许” 无法识别为是/否"):
        convert("也许", "bool")


# --- layout words ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("项目\n名称", "项目名称"),
        (" *项目 名称 ", "项目名称"),
        ("总投资（万元）", "总投资(万元)"),
        ("本年完成投资／累计", "本年完成投资/累计"),
        ("ＰＰＰ模式", "ppp模式"),
    ],
)
def test_it_cleans_headers(raw: str, expected: str) -> None:
    assert clean_header(raw) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("总投资(万元)", ("总投资", "万元", True)),
        ("总投资(单位:亿元)", ("总投资", "亿元", True)),
        ("完成率(%)", ("完成率", "%", True)),
        ("总投资【万元】", ("总投资", "万元", True)),
        ("项目状态(在建/新开工)", ("项目状态", None, True)),
        ("项目名称", ("项目名称", None, False)),
    ],
)
def test_it_splits_unit_hints(name: str, expected: tuple[str, str | None, bool]) -> None:
    assert split_hint(name) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("单位：万元", "万元"),
        ("单位:亿元", "亿元"),
        ("单位：元", "元"),
        ("金额单位：万元", "万元"),
        ("（单位：亿元）", "亿元"),
        ("单位 ： 千元", "千元"),
        ("单位：个、万元", "万元"),
        ("计量单位：个", None),
        ("填报单位：元宝区发改局", None),
        ("2025年重点项目表", None),
    ],
)
def test_it_finds_the_sheet_unit(text: str, expected: str | None) -> None:
    assert sheet_unit(text) == expected


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("合计", "total"),
        ("合  计", "total"),
        ("全市合计", "total"),
        ("总计：", "total"),
        ("小计", "subtotal"),
        ("晋江市小计", "subtotal"),
        ("其中：新开工项目", "part"),
        ("其中", "part"),
    ],
)
def test_it_recognises_summary_labels(label: str, kind: str) -> None:
    assert is_total_label(label)
    assert total_kind(label) == kind


@pytest.mark.parametrize("label", ["总计划投资", "合计划项目", "某某项目", "1"])
def test_it_does_not_mistake_names_for_summaries(label: str) -> None:
    assert not is_total_label(label)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("填报单位：某区发改局", True),
        ("填报单位（盖章）：", True),
        ("填报人：张三  联系电话：123", True),
        ("联系电话 0595-12345678", True),
        ("注：本表金额单位为万元", True),
        ("审核：李四", True),
        ("注册资本", False),
        ("说明书印刷厂项目", False),
        ("某某项目", False),
    ],
)
def test_it_recognises_the_sign_off_block(text: str, expected: bool) -> None:
    assert is_footer_label(text) is expected
