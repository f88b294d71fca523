"""Official working days (DOMAIN.md §7) across the 2026 Spring Festival and National Day holidays and their make-up
workdays, and the Monday–Friday fallback (with its warning) beyond the published years.

2026 schedule (State Council): Spring Festival 15–23 February off, Saturday 14 and Saturday 28 February worked;
National Day 1–7 October off, Sunday 20 September and Saturday 10 October worked.
"""

from __future__ import annotations

import datetime

import pytest

from tuijin.core import workdays

D = datetime.date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 2, 14), True),  # Saturday, make-up workday
        (D(2026, 2, 16), False),  # Monday in the Spring Festival
        (D(2026, 2, 28), True),  # Saturday, make-up workday
        (D(2026, 3, 1), False),  # plain Sunday
        (D(2026, 9, 20), True),  # Sunday, make-up workday
        (D(2026, 10, 5), False),  # Monday in the National Day holiday
        (D(2026, 10, 10), True),  # Saturday, make-up workday
        (D(2026, 10, 11), False),
    ],
)
def test_official_calendar_of_2026(day: datetime.date, expected: bool) -> None:
    assert workdays.is_workday(day) is expected


def test_seven_working_days_across_the_spring_festival() -> None:
    # Fri 13 Feb + 7: 14 (Sat, worked) =1, 15–23 off, 24=2, 25=3, 26=4, 27=5, 28 (Sat, worked)=6, Mon 2 Mar=7.
    result = workdays.add_workdays(D(2026, 2, 13), 7)
    assert result == workdays.WorkdayResult(D(2026, 3, 2), estimated=False)
    assert workdays.workdays_between(D(2026, 2, 13), D(2026, 3, 2)) == 7


def test_three_working_days_across_national_day() -> None:
    # Tue 29 Sep + 3: 30 Sep =1, 1–7 Oct off, 8 =2, 9 =3; one more reaches Saturday 10 (worked).
    assert workdays.add_workdays(D(2026, 9, 29), 3).date == D(2026, 10, 9)
    assert workdays.add_workdays(D(2026, 9, 29), 4).date == D(2026, 10, 10)
    # A Sunday worked in exchange counts: Fri 18 Sep + 1 = Sun 20 Sep.
    assert workdays.add_workdays(D(2026, 9, 18), 1).date == D(2026, 9, 20)


def test_zero_days_is_the_start_and_negative_is_refused() -> None:
    assert workdays.add_workdays(D(2026, 3, 1), 0).date == D(2026, 3, 1)
    with pytest.raises(ValueError):
        workdays.add_workdays(D(2026, 3, 1), -1)


def test_working_days_before_a_deadline() -> None:
    # The working day before Tue 24 Feb is Saturday 14 Feb (worked); before Thu 8 Oct it is Wed 30 Sep.
    assert workdays.previous_workday(D(2026, 2, 24)) == D(2026, 2, 14)
    assert workdays.previous_workday(D(2026, 10, 8)) == D(2026, 9, 30)
    assert workdays.subtract_workdays(D(2026, 3, 2), 7) == D(2026, 2, 13)
    assert workdays.workdays_between(D(2026, 3, 2), D(2026, 2, 13)) == -7
    assert workdays.workdays_between(D(2026, 3, 2), D(2026, 3, 2)) == 0


def test_unpublished_years_fall_back_to_monday_to_friday_with_a_warning() -> None:
    assert not workdays.is_known_year(2099)
    assert workdays.is_workday(D(2099, 1, 1)) is True  # a Thursday: unknown holiday, assumed worked
    assert workdays.is_workday(D(2099, 1, 3)) is False  # a Saturday
    result = workdays.add_workdays(D(2098, 12, 30), 3)  # Tue 30, Wed 31 Dec 2098 (unknown too), Thu/Fri 2099
    assert result.estimated is True
    assert result.date == D(2099, 1, 2)
    assert workdays.estimated_between(D(2026, 12, 1), D(2099, 1, 2)) is True
    assert workdays.estimated_between(D(2026, 2, 1), D(2026, 3, 2)) is False
