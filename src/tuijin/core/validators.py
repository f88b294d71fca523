"""Validators for the two national codes Tuijin stores: the investment project code and the unified credit code.

Both raise ``django.core.exceptions.ValidationError`` with a ``code`` and a message that says exactly what is wrong
(which segment, which position, what was expected), because these codes are typed by hand from paper and
spreadsheets and "格式错误" alone sends the user hunting. Models attach them to fields, so forms, imports and the
API (all of which call ``full_clean()``) report the same words.
"""

import datetime
import re
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

__all__ = [
    "CREDIT_CODE_CHARSET",
    "CREDIT_CODE_WEIGHTS",
    "PROJECT_CODE_EXAMPLE",
    "PROJECT_CODE_RE",
    "ProjectCodeScheme",
    "credit_code_check_char",
    "project_code_scheme",
    "project_code_warnings",
    "validate_credit_code",
    "validate_project_code",
]

# --- 投资项目统一代码 (DOMAIN.md §2) ---------------------------------------------------------------------------

PROJECT_CODE_EXAMPLE = "2603-350583-04-03-243140"
PROJECT_CODE_LENGTH = 24
# re.ASCII: without it \d also matches full-width and other Unicode digits ("２６０３"), which look right on screen
# but are not the code. fullmatch() is used with it, so a trailing newline cannot slip past "$".
PROJECT_CODE_RE = re.compile(r"^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$", re.ASCII)
_DIGITS_RE = re.compile(r"\d+", re.ASCII)

_SEGMENT_LENGTHS = (4, 6, 2, 2, 6)
_SEGMENT_NAMES = (
    _("年月或年份"),
    _("行政区划代码"),
    _("部门或行业代码"),
    _("项目类型代码"),
    _("顺序码"),
)

# The legacy scheme (YYYY-…) was issued from 2016 until the current one replaced it in 2020.
LEGACY_YEARS = range(2016, 2021)
# The current scheme (YYMM-…) took effect in November 2020 (DOMAIN.md §2). Earlier YYMM values of 2020 are only
# suspicious (warning), but a YY before 20 cannot be a current-scheme code at all (error).
NEW_SCHEME_FIRST_YEAR = 2020
NEW_SCHEME_START = (2020, 11)

# GB/T 2260 province-level prefixes, used for the lenient region check when no list of known regions is given.
_PROVINCE_PREFIXES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)

ProjectCodeScheme = Literal["new", "legacy"]


def _first_segment_scheme(first: str) -> ProjectCodeScheme:
    # Digits 3–4 are a month (01–12) only in the current scheme; the legacy years 2016–2020 end in 16–20, so the
    # two schemes cannot be confused.
    return "new" if 1 <= int(first[2:4]) <= 12 else "legacy"


def validate_project_code(value: str) -> None:
    """Validate a 投资项目统一代码 ``NNNN-AAAAAA-DD-TT-RRRRRR`` (24 characters, ASCII digits and hyphens).

    Accepts the current scheme (``YYMM-region6-dept2-type2-random5+check1``, YYMM from 2020 on) and the legacy
    scheme (``YYYY-region6-industry2-type2-serial6``, YYYY 2016–2020). The check digit is not verified (its
    algorithm is not published) and the region segment is only checked by ``project_code_warnings``.
    """
    if not isinstance(value, str):
        raise ValidationError(_("项目代码应为文本"), code="project_code_type")
    if len(value) != PROJECT_CODE_LENGTH:
        raise ValidationError(
            _("项目代码应为24位，格式如 %(example)s，当前为 %(length)d 位"),
            code="project_code_length",
            params={"example": PROJECT_CODE_EXAMPLE, "length": len(value)},
        )
    segments = value.split("-")
    if len(segments) != len(_SEGMENT_LENGTHS):
        raise ValidationError(
            _("项目代码应由5段数字组成，以半角连字符“-”分隔，格式如 %(example)s，当前为 %(count)d 段"),
            code="project_code_segments",
            params={"example": PROJECT_CODE_EXAMPLE, "count": len(segments)},
        )
    # Report every bad segment at once: a user fixing a typed code should not discover errors one by one.
    errors = [
        ValidationError(
            _("项目代码第%(index)d段（%(name)s）应为%(length)d位数字，当前为“%(segment)s”"),
            code="project_code_segment",
            params={"index": index, "name": name, "length": length, "segment": segment},
        )
        for index, (segment, length, name) in enumerate(
            zip(segments, _SEGMENT_LENGTHS, _SEGMENT_NAMES, strict=True), start=1
        )
        if len(segment) != length or not _DIGITS_RE.fullmatch(segment)
    ]
    if errors:
        raise ValidationError(errors)

    first = segments[0]
    scheme = _first_segment_scheme(first)
    if scheme == "new":
        plausible = 2000 + int(first[:2]) >= NEW_SCHEME_FIRST_YEAR
    else:
        plausible = int(first) in LEGACY_YEARS
    if not plausible:
        raise ValidationError(
            _(
                "项目代码第1段应为年月（YYMM，如 2603 表示2026年3月，月份01—12，2020年起）"
                "或旧版代码的年份（2016—2020），当前为“%(segment)s”"
            ),
            code="project_code_date",
            params={"segment": first},
        )


def project_code_scheme(value: str) -> ProjectCodeScheme:
    """``"new"`` for a current-scheme code (digits 3–4 are a month 01–12), else ``"legacy"``.

    Only the shape is checked here (``ValueError`` if the code does not match ``PROJECT_CODE_RE``); call
    ``validate_project_code`` for the full check.
    """
    if not isinstance(value, str) or not PROJECT_CODE_RE.fullmatch(value):
        raise ValueError(f"不是格式正确的项目代码：{value!r}")
    return _first_segment_scheme(value[:4])


def project_code_warnings(value: str, known_region_codes: set[str] | None = None) -> list[str]:
    """Soft findings about a well-formed project code, to show next to the field without blocking the save.

    - The region segment (digits 6–11) is not in ``known_region_codes``, or, when no set is given, does not start
      with a GB/T 2260 province prefix. Codes are issued by the place of approval, which may legitimately differ
      from the project's ranking region, so this is never an error.
    - A current-scheme YYMM in 2020 before November, when that scheme took effect.

    Returns an empty list for a code that fails ``validate_project_code``: that validator reports its errors.
    """
    if not isinstance(value, str) or not PROJECT_CODE_RE.fullmatch(value):
        return []
    warnings: list[str] = []
    region = value[5:11]
    if known_region_codes is not None:
        if region not in known_region_codes:
            warnings.append(
                gettext("项目代码第2段（行政区划代码）“%(region)s”不在已登记的区域代码中，请核对") % {"region": region}
            )
    elif region[:2] not in _PROVINCE_PREFIXES:
        warnings.append(
            gettext("项目代码第2段（行政区划代码）“%(region)s”的前两位不是省级行政区划代码，请核对")
            % {"region": region}
        )
    first = value[:4]
    if _first_segment_scheme(first) == "new":
        year, month = 2000 + int(first[:2]), int(first[2:])
        if (year, month) < NEW_SCHEME_START:
            warnings.append(
                gettext(
                    "项目代码第1段“%(segment)s”表示%(year)d年%(month)d月，早于新版项目代码启用时间（2020年11月），请核对"
                )
                % {"segment": first, "year": year, "month": month}
            )
    return warnings


# --- 统一社会信用代码 (GB 32100-2015) -----------------------------------------------------------------------------

# Digits and the uppercase letters without I, O, Z, S, V (easily mistaken for 1, 0, 2, 5, U): 31 characters, so
# a character's position in this string is its value in the mod-31 check.
CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Weights of positions 1–17: 3**i mod 31.
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CREDIT_CODE_LENGTH = 18
_CREDIT_CODE_VALUES = {char: index for index, char in enumerate(CREDIT_CODE_CHARSET)}


def credit_code_check_char(first17: str) -> str:
    """The 18th (check) character for the first 17 characters of a 统一社会信用代码.

    check = 31 − (Σ value × weight mod 31), with 31 written as 0, mapped back through ``CREDIT_CODE_CHARSET``.
    Raises ``ValueError`` if ``first17`` is not 17 characters of that charset. Demo data uses this to make valid
    codes.
    """
    if len(first17) != CREDIT_CODE_LENGTH - 1:
        raise ValueError(f"需要统一社会信用代码的前17位，当前为 {len(first17)} 位")
    try:
        total = sum(
            _CREDIT_CODE_VALUES[char] * weight for char, weight in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
        )
    except KeyError as exc:
        raise ValueError(f"统一社会信用代码含非法字符：{exc.args[0]!r}") from exc
    check = 31 - total % 31
    return CREDIT_CODE_CHARSET[0 if check == 31 else check]


def validate_credit_code(value: str) -> None:
    """Validate a 统一社会信用代码 (GB 32100-2015): 18 characters of ``CREDIT_CODE_CHARSET`` with a correct check.

    Only uppercase letters are accepted; the model layer upper-cases (and strips) the value before validating, so
    a user typing lowercase never sees an error for it. Errors name the actual length, each illegal character
    with its position, or the expected check character.
    """
    if not isinstance(value, str):
        raise ValidationError(_("统一社会信用代码应为文本"), code="credit_code_type")
    if len(value) != CREDIT_CODE_LENGTH:
        raise ValidationError(
            _("统一社会信用代码应为18位，当前为 %(length)d 位"),
            code="credit_code_length",
            params={"length": len(value)},
        )
    errors = []
    for position, char in enumerate(value, start=1):
        if char in _CREDIT_CODE_VALUES:
            continue
        if char.upper() in _CREDIT_CODE_VALUES:
            message = _("统一社会信用代码第%(position)d位“%(char)s”应为大写字母")
        else:
            message = _(
                "统一社会信用代码第%(position)d位“%(char)s”不是合法字符（只能是数字或除 I、O、Z、S、V 以外的大写字母）"
            )
        errors.append(ValidationError(message, code="credit_code_char", params={"position": position, "char": char}))
    if errors:
        raise ValidationError(errors)
    expected = credit_code_check_char(value[:17])
    if value[17] != expected:
        raise ValidationError(
            _("统一社会信用代码校验位错误：第18位应为“%(expected)s”，当前为“%(actual)s”，请核对前17位是否录入有误"),
            code="credit_code_check",
            params={"expected": expected, "actual": value[17]},
        )


def org_code_check_char(body8: str) -> str:
    """The check character of an organization code (GB 11714-1997) for its 8-digit body."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    value = 11 - sum(int(char) * weight for char, weight in zip(body8, weights, strict=True)) % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def not_in_future(value: datetime.date | None, field: str, errors: dict[str, Any]) -> None:
    """Add "日期不能晚于今天" to a model's ``clean()`` errors for ``field`` when ``value`` is after today."""
    if value and value > timezone.localdate():
        errors[field] = _("日期不能晚于今天。")
