"""Day series: how an app's metric splits into additive pieces by region and day.

A computed indicator (targets app) is a sum, or a ratio of two sums, of *contributions*: one row per region, year and
day, e.g. "晋江市 signed 35 000万元 on 3 March 2026". The owning app's ``queries.py`` has one function per series,
``series(rows, year) -> list[Contribution]``, taking a queryset of its own rows (already scoped or narrowed to a
region) and the year counted. Two answers come from the same function:

- **direct**: call it on the rows of a region's subtree and add up the contributions up to the as-of day;
- **rolled up**: call it per leaf region and store the contributions (``targets.Rollup``); a figure is then a sum
  over at most regions × days rows, whatever the number of projects, contracts or problems.

``year`` is the year a contribution counts for and ``day`` when it happened. They differ only where a rate counts
events of the year's rows after the year ended (e.g. 开工 in January of a contract signed the December before is
counted for the year of signing); every sum takes the rows of one year with ``day`` up to the as-of date.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

ZERO = Decimal("0")


class Contribution(NamedTuple):
    region_id: int
    year: int
    day: datetime.date
    value: Decimal


def contributions(rows: Iterable[tuple[int, datetime.date, Decimal | int]], year: int) -> list[Contribution]:
    """(region id, day, value) rows → contributions of ``year``, summed per region and day."""
    totals: dict[tuple[int, datetime.date], Decimal] = defaultdict(Decimal)
    for region_id, day, value in rows:
        totals[region_id, day] += Decimal(value)
    return [Contribution(region_id, year, day, value) for (region_id, day), value in sorted(totals.items())]


def total(items: Iterable[Contribution], year: int, as_of: datetime.date) -> Decimal:
    """The sum of the year's contributions up to ``as_of`` inclusive."""
    return sum((c.value for c in items if c.year == year and c.day <= as_of), ZERO)
