"""Project code and unified credit code validators: both schemes, every error message, the GB 32100 check."""

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from tuijin.core.validators import (
    CREDIT_CODE_CHARSET,
    credit_code_check_char,
    org_code_check_char,
    project_code_scheme,
    project_code_warnings,
    validate_credit_code,
    validate_project_code,
)

NEW_CODE = "2603-350583-04-03-243140"
LEGACY_CODE = "2020-350582-17-03-033330"
CREDIT_CODE = "91110108551385082Q"


def errors_of(validator: Callable[[str], None], value: str) -> tuple[list[str], list[str | None]]:
    """Run ``validator`` expecting a failure; return its messages and codes."""
    with pytest.raises(ValidationError) as caught:
        validator(value)
    return caught.value.messages, [error.code for error in caught.value.error_list]


# --- project code ----------------------------------------------------------------------------------------------------


def test_it_accepts_a_current_scheme_code() -> None:
    validate_project_code(NEW_CODE)
    assert project_code_scheme(NEW_CODE) == "new"


def test_it_accepts_a_legacy_code() -> None:
    validate_project_code(LEGACY_CODE)
    assert project_code_scheme(LEGACY_CODE) == "legacy"


@pytest.mark.parametrize("year", [2016, 2017, 2018, 2019, 2020])
def test_it_accepts_every_legacy_year(year: int) -> None:
    code = f"{year}-350582-17-03-033330"
    validate_project_code(code)
    assert project_code_scheme(code) == "legacy"


@pytest.mark.parametrize("first", ["2001", "2011", "2012", "2101", "2512", "9912"])
def test_it_reads_a_month_in_digits_3_and_4_as_the_current_scheme(first: str) -> None:
    code = f"{first}-350583-04-03-243140"
    validate_project_code(code)
    assert project_code_scheme(code) == "new"


@pytest.mark.parametrize(("value", "length"), [(NEW_CODE[:-1], 23), (NEW_CODE + "0", 25), ("", 0)])
def test_it_reports_the_actual_length(value: str, length: int) -> None:
    messages, codes = errors_of(validate_project_code, value)
    assert messages == [f"项目代码应为24位，格式如 2603-350583-04-03-243140，当前为 {length} 位"]
    assert codes == ["project_code_length"]


def test_it_requires_five_hyphenated_segments() -> None:
    # Full-width hyphens keep the length at 24 but are not the separator.
    messages, codes = errors_of(validate_project_code, "2603－350583－04－03－243140")
    assert messages == ["项目代码应由5段数字组成，以半角连字符“-”分隔，格式如 2603-350583-04-03-243140，当前为 1 段"]
    assert codes == ["project_code_segments"]


def test_it_names_every_misplaced_segment() -> None:
    messages, codes = errors_of(validate_project_code, "2603-3505830-4-03-243140")
    assert messages == [
        "项目代码第2段（行政区划代码）应为6位数字，当前为“3505830”",
        "项目代码第3段（部门或行业代码）应为2位数字，当前为“4”",
    ]
    assert codes == ["project_code_segment", "project_code_segment"]


def test_it_names_a_segment_with_letters() -> None:
    messages, _codes = errors_of(validate_project_code, "2603-35058A-04-03-243140")
    assert messages == ["项目代码第2段（行政区划代码）应为6位数字，当前为“35058A”"]


def test_it_rejects_full_width_digits() -> None:
    messages, _codes = errors_of(validate_project_code, "２603-350583-04-03-243140")
    assert messages == ["项目代码第1段（年月或年份）应为4位数字，当前为“２603”"]


def test_it_rejects_a_trailing_newline() -> None:
    messages, _codes = errors_of(validate_project_code, NEW_CODE[:-1] + "\n")
    assert messages == ["项目代码第5段（顺序码）应为6位数字，当前为“24314\n”"]


@pytest.mark.parametrize(
    "first",
    [
        "2613",  # month 13
        "2600",  # month 00
        "2015",  # before the legacy scheme
        "2021",  # legacy shape after the legacy scheme ended
        "1905",  # current shape before the current scheme existed
        "0000",
    ],
)
def test_it_rejects_an_impossible_date_segment(first: str) -> None:
    messages, codes = errors_of(validate_project_code, f"{first}-350583-04-03-243140")
    assert messages == [
        "项目代码第1段应为年月（YYMM，如 2603 表示2026年3月，月份01—12，2020年起）"
        f"或旧版代码的年份（2016—2020），当前为“{first}”"
    ]
    assert codes == ["project_code_date"]


def test_it_does_not_enforce_a_check_digit() -> None:
    for last in "0123456789":
        validate_project_code(NEW_CODE[:-1] + last)


def test_it_refuses_a_scheme_for_a_malformed_code() -> None:
    with pytest.raises(ValueError):
        project_code_scheme("2603-350583-04-03-24314")


def test_it_has_no_warnings_for_a_known_region() -> None:
    assert project_code_warnings(NEW_CODE, {"350583", "350582"}) == []
    assert project_code_warnings(LEGACY_CODE, {"350582"}) == []
    assert project_code_warnings(NEW_CODE) == []


def test_it_warns_about_an_unknown_region() -> None:
    warnings = project_code_warnings(NEW_CODE, {"350582"})
    assert warnings == ["项目代码第2段（行政区划代码）“350583”不在已登记的区域代码中，请核对"]
    # A warning, not an error: the code is still valid.
    validate_project_code(NEW_CODE)


def test_it_warns_about_an_unknown_province_without_a_region_list() -> None:
    code = "2603-990583-04-03-243140"
    assert project_code_warnings(code) == ["项目代码第2段（行政区划代码）“990583”的前两位不是省级行政区划代码，请核对"]
    validate_project_code(code)


def test_it_warns_about_a_current_scheme_date_before_november_2020() -> None:
    assert project_code_warnings("2010-350583-04-03-243140") == [
        "项目代码第1段“2010”表示2020年10月，早于新版项目代码启用时间（2020年11月），请核对"
    ]
    assert project_code_warnings("2011-350583-04-03-243140") == []


def test_it_has_no_warnings_for_a_malformed_code() -> None:
    assert project_code_warnings("not a code", {"350583"}) == []


@given(
    st.integers(min_value=20, max_value=99),
    st.integers(min_value=1, max_value=12),
    st.from_regex(r"\A[0-9]{6}-[0-9]{2}-[0-9]{2}-[0-9]{6}\Z", fullmatch=True),
)
def test_it_accepts_every_current_scheme_shape(yy: int, mm: int, rest: str) -> None:
    code = f"{yy:02d}{mm:02d}-{rest}"
    validate_project_code(code)
    assert project_code_scheme(code) == "new"


# --- unified social credit code --------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", [CREDIT_CODE, "914403001922038216", "9144030071526726XG", "91330100799655058B"])
def test_it_accepts_published_credit_codes(code: str) -> None:
    validate_credit_code(code)
    assert credit_code_check_char(code[:17]) == code[17]


def test_it_maps_a_check_of_31_to_zero() -> None:
    # Σ ≡ 0 (mod 31) gives 31 − 0 = 31, written as "0": seventeen zeros are the simplest such prefix.
    assert credit_code_check_char("0" * 17) == "0"
    validate_credit_code("0" * 18)


@given(st.text(alphabet=CREDIT_CODE_CHARSET, min_size=17, max_size=17))
def test_it_accepts_generated_codes(first17: str) -> None:
    validate_credit_code(first17 + credit_code_check_char(first17))


@given(
    st.text(alphabet=CREDIT_CODE_CHARSET, min_size=17, max_size=17),
    st.integers(min_value=0, max_value=16),
    st.sampled_from(CREDIT_CODE_CHARSET),
)
def test_it_detects_any_single_character_change(first17: str, position: int, replacement: str) -> None:
    code = first17 + credit_code_check_char(first17)
    if code[position] == replacement:
        return
    changed = code[:position] + replacement + code[position + 1 :]
    _messages, codes = errors_of(validate_credit_code, changed)
    assert codes == ["credit_code_check"]


@pytest.mark.parametrize(("value", "length"), [(CREDIT_CODE[:-1], 17), (CREDIT_CODE + "1", 19), ("", 0)])
def test_it_reports_the_actual_credit_code_length(value: str, length: int) -> None:
    messages, codes = errors_of(validate_credit_code, value)
    assert messages == [f"统一社会信用代码应为18位，当前为 {length} 位"]
    assert codes == ["credit_code_length"]


def test_it_names_each_illegal_character() -> None:
    messages, codes = errors_of(validate_credit_code, "9111I108551385O82Q")
    assert messages == [
        "统一社会信用代码第5位“I”不是合法字符（只能是数字或除 I、O、Z、S、V 以外的大写字母）",
        "统一社会信用代码第15位“O”不是合法字符（只能是数字或除 I、O、Z、S、V 以外的大写字母）",
    ]
    assert codes == ["credit_code_char", "credit_code_char"]


def test_it_asks_for_uppercase() -> None:
    messages, codes = errors_of(validate_credit_code, CREDIT_CODE.lower())
    assert messages == ["统一社会信用代码第18位“q”应为大写字母"]
    assert codes == ["credit_code_char"]


def test_it_names_the_expected_check_character() -> None:
    messages, codes = errors_of(validate_credit_code, "91110108551385082A")
    assert messages == ["统一社会信用代码校验位错误：第18位应为“Q”，当前为“A”，请核对前17位是否录入有误"]
    assert codes == ["credit_code_check"]


def test_it_reports_a_mistyped_digit_through_the_check() -> None:
    _messages, codes = errors_of(validate_credit_code, "91110108551385083Q")
    assert codes == ["credit_code_check"]


@pytest.mark.parametrize("first17", ["9111010855138508", "911101085513850821", "9111010855138508I"])
def test_it_refuses_to_compute_a_check_for_bad_input(first17: str) -> None:
    with pytest.raises(ValueError):
        credit_code_check_char(first17)


def test_it_computes_organization_code_check_characters() -> None:
    # 91110108551385082Q embeds the organization code 55138508-2 (characters 9–17, GB 11714).
    assert org_code_check_char("55138508") == "2"
    assert {org_code_check_char(f"{n:08d}") for n in range(0, 10**8, 7_777_777)} <= set("0123456789X")
