"""序时进度 (time-proportional progress): the formulas of DOMAIN.md §4 as pure Decimal functions.

Notation, as in DOMAIN.md: A is the year-to-date actual, P the annual plan or target, T the elapsed share of the
year at the as-of date.

- by month: T = m / 12, m = months covered ("1—m月");
- by day: T = d / D, d = days from 1 January to the as-of date inclusive, D = 365 or 366;
- 年度计划完成率 R = A / P; 序时完成率 = A / (P × T); 超（慢）序时进度 = (R − T) × 100 percentage points;
- 同比 = (本期 − 上年同期) / 上年同期.

Every function computes at full precision (40 significant digits, ``money.DECIMAL_CONTEXT``) and never rounds to
a display scale: rounding to 2 decimals (四舍五入) is the formatter's job (``money.format_percent``). A rate whose
denominator is zero is ``None`` ("no plan", shown as "—"), never an exception and never zero.

The labels ("2025年1—10月", "2025年10月31日") are the fixed formats of Chinese official documents, not UI prose.
"""

import calendar
from datetime import date, datetime
from decimal import Decimal, localcontext

from django.db import models
from django.utils.translation import gettext_lazy as _

from tuijin.core.money import DECIMAL_CONTEXT, Number, to_decimal

__all__ = [
    "TimeBasis",
    "add_months",
    "completion_rate",
    "date_label",
    "day_of_year",
    "days_in_year",
    "elapsed_share",
    "elapsed_share_by_day",
    "elapsed_share_by_month",
    "elapsed_share_for_period",
    "months_covered",
    "period_end",
    "period_label",
    "schedule_completion_rate",
    "schedule_gap_points",
    "yoy_growth",
]


class TimeBasis(models.TextChoices):
    """How the elapsed share T of the year is measured; a per-indicator setting (DOMAIN.md §4)."""

    MONTH = "month", _("按月")
    DAY = "day", _("按日")


def _check_date(as_of: date) -> None:
    # A datetime is a date subclass, but an aware datetime stored in UTC can fall on the previous day in
    # Asia/Shanghai; insisting on a plain date makes the caller pick the local day (timezone.localdate()).
    if isinstance(as_of, datetime) or not isinstance(as_of, date):
        raise TypeError("截至日期应为 date（请用 timezone.localdate() 取本地日期），而不是 datetime")


def _check_month(month: int) -> None:
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise ValueError(f"月份应为1—12的整数，当前为 {month!r}")


def days_in_year(year: int) -> int:
    """D of DOMAIN.md §4: 366 in a leap year, else 365."""
    return 366 if calendar.isleap(year) else 365


def day_of_year(as_of: date) -> int:
    """d of DOMAIN.md §4: days from 1 January to ``as_of`` inclusive (1 January is 1, 31 December is D)."""
    _check_date(as_of)
    return as_of.timetuple().tm_yday


def elapsed_share_by_month(months: int) -> Decimal:
    """T = m / 12 for a "1—m月" period; ``months`` is the explicit month count m, 1 to 12.

    This is the function to use when a report already states its period ("2025年1—10月" → 10); use
    ``months_covered`` to derive m from a date. Twelve months give exactly 1.
    """
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 12:
        raise ValueError(f"按月计算序时进度时，月数应为1—12的整数，当前为 {months!r}")
    with localcontext(DECIMAL_CONTEXT):
        return Decimal(months) / Decimal(12)


def elapsed_share_by_day(as_of: date) -> Decimal:
    """T = d / D: the share of the year's days up to and including ``as_of``.

    2022-10-31 gives 304/365; 31 December gives exactly 1; 29 February of a leap year is day 60 of 366.
    """
    d = day_of_year(as_of)
    with localcontext(DECIMAL_CONTEXT):
        return Decimal(d) / Decimal(days_in_year(as_of.year))


def months_covered(as_of: date) -> int:
    """The m of "1—m月" for data as of ``as_of``: the number of whole months of the year ended by that date.

    A month counts once its last day is reached, so ``as_of.month`` on the last day of the month and
    ``as_of.month - 1`` on any other day: 2025-10-31 → 10, 2025-11-03 → 10 (November is still running and its
    dispatch figures come in early December), 2024-02-29 → 2, 2024-02-28 → 1. Before 31 January it is 0.
    """
    _check_date(as_of)
    last_day = calendar.monthrange(as_of.year, as_of.month)[1]
    return as_of.month if as_of.day == last_day else as_of.month - 1


def elapsed_share(as_of: date, basis: TimeBasis | str) -> Decimal:
    """T at ``as_of`` on the given basis (a ``TimeBasis`` or its value ``"month"``/``"day"``).

    By month this is ``months_covered(as_of) / 12``; before the first month has closed no month is covered and
    T is 0, in which case ``schedule_completion_rate`` has no value (None) rather than dividing by zero. By day
    it is ``elapsed_share_by_day(as_of)``, always in (0, 1].
    """
    try:
        basis = TimeBasis(basis)
    except ValueError as exc:
        raise ValueError(f"未知的序时进度计算方式：{basis!r}（可选 month 按月、day 按日）") from exc
    if basis == TimeBasis.DAY:
        return elapsed_share_by_day(as_of)
    months = months_covered(as_of)
    return elapsed_share_by_month(months) if months else Decimal(0)


def last_complete_month(today: date) -> tuple[int, int]:
    """(year, month) of the last month that has ended: the month reports and dashboards show by default."""
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def add_months(d: date, months: int) -> date:
    """``d`` moved by whole calendar months, the day clamped to the target month's end (1月31日 + 1 → 2月28日)."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def period_end(year: int, month: int) -> date:
    """The last day of the "year年1—month月" period, e.g. ``(2022, 10) → 2022-10-31``."""
    _check_month(month)
    return date(year, month, calendar.monthrange(year, month)[1])


def elapsed_share_for_period(year: int, month: int, basis: TimeBasis | str) -> Decimal:
    """T for the stated period "year年1—month月": m / 12 by month, or d / D at the period's last day by day."""
    return elapsed_share(period_end(year, month), basis)


def completion_rate(actual: Number | None, plan: Number | None) -> Decimal | None:
    """年度计划完成率 R = A / P, as a ratio (1.037408, not 103.74).

    ``None`` when the plan is zero (a rate of nothing has no meaning) or when either value is missing, e.g. an
    empty aggregate; callers that want "no report means zero" pass 0 explicitly.
    """
    if actual is None or plan is None:
        return None
    a, p = to_decimal(actual), to_decimal(plan)
    if p == 0:
        return None
    with localcontext(DECIMAL_CONTEXT):
        return a / p


def schedule_completion_rate(actual: Number | None, plan: Number | None, share: Number | None) -> Decimal | None:
    """序时完成率 = A / (P × T), as a ratio; 100% means exactly on schedule.

    ``None`` when P × T is zero (no plan, or no month covered yet on the month basis) or a value is missing.
    Computed as one division rather than R / T so the check of DOMAIN.md §4 is reproduced digit for digit.
    """
    if actual is None or plan is None or share is None:
        return None
    a, p, t = to_decimal(actual), to_decimal(plan), to_decimal(share)
    with localcontext(DECIMAL_CONTEXT):
        expected = p * t
        if expected == 0:
            return None
        return a / expected


def schedule_gap_points(actual: Number | None, plan: Number | None, share: Number | None) -> Decimal | None:
    """超（慢）序时进度 = (R − T) × 100, in percentage points: positive is ahead of schedule, negative behind.

    ``None`` when the plan is zero or a value is missing. A zero share is fine here (R − 0).
    """
    rate = completion_rate(actual, plan)
    if rate is None or share is None:
        return None
    with localcontext(DECIMAL_CONTEXT):
        return (rate - to_decimal(share)) * 100


def yoy_growth(current: Number | None, previous: Number | None) -> Decimal | None:
    """同比增长 = (本期 − 上年同期) / 上年同期, as a ratio (0.123 for 12.3%).

    ``None`` when last year's figure is zero or missing: growth from nothing is not a number.
    """
    if current is None or previous is None:
        return None
    c, p = to_decimal(current), to_decimal(previous)
    if p == 0:
        return None
    with localcontext(DECIMAL_CONTEXT):
        return (c - p) / p


def period_label(year: int, month: int) -> str:
    """The year-to-date label of DOMAIN.md §10: ``(2025, 10) → "2025年1—10月"``, ``(2025, 1) → "2025年1月"``."""
    _check_month(month)
    # "1—1月" is never written: a one-month period is just that month. The dash is U+2014, as in official text.
    if month == 1:
        return f"{year}年1月"
    return f"{year}年1—{month}月"


def date_label(d: date) -> str:
    """A date as shown in Chinese documents: ``2025-10-31 → "2025年10月31日"`` (no leading zeros)."""
    _check_date(d)
    return f"{d.year}年{d.month}月{d.day}日"
