"""Official working days (工作日) of the Chinese State Council's holiday schedule.

The schedule (holidays and the weekend days worked in exchange, 调休上班) comes from the ``chinese-calendar``
package, which knows the years whose schedule has been published. Beyond those years a day is a working day when
it is Monday to Friday, and every answer that relied on that guess says so (``estimated``), so a page can show
"节假日安排尚未公布，按周一至周五估算".

Conventions, as the problem workflow uses them (DOMAIN.md §7):

- a limit of *n* working days from a day *D* ends on the *n*-th working day after *D* (*D* itself does not
  count, whether or not it is a working day); n = 0 gives *D*;
- "working days left" at *T* before a deadline *E* counts the working days in (T, E]; 0 on the deadline day.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

import chinese_calendar

ONE_DAY = datetime.timedelta(days=1)


def _published(day: datetime.date) -> bool:
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


# The package raises for years it does not know; probe each year once.
_KNOWN_YEARS: dict[int, bool] = {}


def is_known_year(year: int) -> bool:
    """Whether the official schedule of ``year`` is known (otherwise Monday–Friday is assumed)."""
    known = _KNOWN_YEARS.get(year)
    if known is None:
        known = _KNOWN_YEARS[year] = _published(datetime.date(year, 6, 1))
    return known


@functools.cache
def is_workday(day: datetime.date) -> bool:
    if is_known_year(day.year):
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5


@dataclass(frozen=True)
class WorkdayResult:
    """A date computed from the calendar, and whether any year it crossed had no published schedule."""

    date: datetime.date
    estimated: bool


def add_workdays(start: datetime.date, count: int) -> WorkdayResult:
    """The ``count``-th working day after ``start``."""
    if count < 0:
        raise ValueError("工作日数不能为负数")
    day = start
    estimated = not is_known_year(day.year)
    remaining = count
    while remaining:
        day += ONE_DAY
        estimated = estimated or not is_known_year(day.year)
        if is_workday(day):
            remaining -= 1
    return WorkdayResult(day, estimated)


def workdays_between(start: datetime.date, end: datetime.date) -> int:
    """Working days in (start, end]; negative (−days in (end, start]) when ``end`` is before ``start``."""
    if end < start:
        return -workdays_between(end, start)
    count = 0
    day = start
    while day < end:
        day += ONE_DAY
        if is_workday(day):
            count += 1
    return count


def subtract_workdays(day: datetime.date, count: int) -> datetime.date:
    """The ``count``-th working day before ``day`` (``day`` itself does not count); 0 gives ``day``."""
    remaining = count
    while remaining:
        day -= ONE_DAY
        if is_workday(day):
            remaining -= 1
    return day


def previous_workday(day: datetime.date) -> datetime.date:
    """The last working day before ``day``."""
    return subtract_workdays(day, 1)


def estimated_between(start: datetime.date, end: datetime.date) -> bool:
    """Whether any year from ``start`` to ``end`` has no published schedule."""
    low, high = sorted((start, end))
    return any(not is_known_year(year) for year in range(low.year, high.year + 1))
