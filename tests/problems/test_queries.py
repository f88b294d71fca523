"""Counts of problem coordination on a hand-built set (DOMAIN.md §7: 办结率 = solved / raised; solved counted on the
办结 date; days in official working days).

At 1 April 2026, 晋江市:
- P1 用地报批: assigned Fri 13 Feb (deadline 2 Mar), resolved Thu 26 Feb (4 working days: 14 Feb, 24, 25, 26), closed;
- P2 用地报批: assigned Mon 2 Mar (deadline 11 Mar), resolved Mon 16 Mar, late (10 working days);
- P3 征迁: assigned Mon 2 Mar to the same bureau, still open, overdue since 11 Mar;
- P4 征迁: assigned Mon 16 Mar to the power company, resolved Fri 20 Mar (4 working days);
- P5 用地报批: raised 20 Mar, not assigned.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest

from tuijin.core.models import Unit, User
from tuijin.problems import queries
from tuijin.problems.models import Problem

pytestmark = pytest.mark.django_db
D = datetime.date
AS_OF = D(2026, 4, 1)


@pytest.fixture
def problems(
    make_problem: Callable[..., Problem],
    dispatcher_qz: User,
    land_bureau: Unit,
    power_company: Unit,
    handler_land: User,
    handler_power: User,
) -> dict[str, Problem]:
    p1 = make_problem("land", D(2026, 2, 10), title="P1")
    p1.assign(dispatcher_qz, land_bureau, on=D(2026, 2, 13))
    p1.resolve(handler_land, "已解决", on=D(2026, 2, 26))
    p1.close(dispatcher_qz, on=D(2026, 2, 27))
    p2 = make_problem("land", D(2026, 3, 2), title="P2")
    p2.assign(dispatcher_qz, land_bureau, on=D(2026, 3, 2))
    p2.resolve(handler_land, "已解决", on=D(2026, 3, 16))
    p3 = make_problem("relocation", D(2026, 3, 2), title="P3")
    p3.assign(dispatcher_qz, land_bureau, on=D(2026, 3, 2))
    p4 = make_problem("relocation", D(2026, 3, 16), title="P4")
    p4.assign(dispatcher_qz, power_company, on=D(2026, 3, 16))
    p4.resolve(handler_power, "已解决", on=D(2026, 3, 20))
    p5 = make_problem("land", D(2026, 3, 20), title="P5")
    return {"p1": p1, "p2": p2, "p3": p3, "p4": p4, "p5": p5}


def test_deadlines_of_the_set(problems: dict[str, Problem]) -> None:
    assert [problems[key].deadline for key in ("p1", "p2", "p3", "p4")] == [
        D(2026, 3, 2),
        D(2026, 3, 11),
        D(2026, 3, 11),
        D(2026, 3, 25),
    ]


def test_performance_per_unit(problems: dict[str, Problem]) -> None:
    rows = {row.label: row.as_dict() for row in queries.performance(Problem.objects.all(), AS_OF, "unit")}
    land = rows["晋江市自然资源和规划局"]
    assert (land["assigned"], land["solved"], land["open"], land["overdue_open"], land["solved_late"]) == (
        3,
        2,
        1,
        1,
        1,
    )
    assert land["overdue"] == 2
    assert land["resolution_rate"].quantize(Decimal("0.0001")) == Decimal("0.6667")
    assert land["median_days"] == Decimal("7")  # median of 4 and 10
    power = rows["国网晋江市供电公司"]
    assert (power["assigned"], power["solved"], power["overdue"], power["resolution_rate"], power["median_days"]) == (
        1,
        1,
        0,
        Decimal("1"),
        Decimal("4"),
    )


def test_performance_per_kind_and_as_of(problems: dict[str, Problem]) -> None:
    rows = {row.label: row for row in queries.performance(Problem.objects.all(), AS_OF, "kind")}
    assert (rows["用地报批"].assigned, rows["用地报批"].solved, rows["用地报批"].median_days) == (2, 2, Decimal("7"))
    assert (rows["征迁"].assigned, rows["征迁"].solved, rows["征迁"].overdue_open) == (2, 1, 1)
    # On 10 March P2 and P3 were assigned and open, not yet overdue; P4 not yet assigned.
    early = {row.label: row for row in queries.performance(Problem.objects.all(), D(2026, 3, 10), "unit_kind")}
    assert sorted(early) == ["晋江市自然资源和规划局 · 征迁", "晋江市自然资源和规划局 · 用地报批"]
    assert (early["晋江市自然资源和规划局 · 用地报批"].solved, early["晋江市自然资源和规划局 · 用地报批"].open) == (
        1,
        1,
    )
    assert early["晋江市自然资源和规划局 · 征迁"].overdue == 0


def test_counts_by_kind_for_the_year(problems: dict[str, Problem]) -> None:
    rows = {row.kind.code: row for row in queries.counts_by_kind(Problem.objects.all(), 2026, AS_OF)}
    assert (rows["land"].raised, rows["land"].solved, rows["land"].open, rows["land"].overdue) == (3, 2, 0, 0)
    assert (rows["relocation"].raised, rows["relocation"].solved, rows["relocation"].open) == (2, 1, 1)
    assert rows["relocation"].overdue == 1
    assert rows["land"].resolution_rate.quantize(Decimal("0.0001")) == Decimal("0.6667")
    assert rows["grid"].raised == 0 and rows["grid"].resolution_rate is None


def test_solved_counts_feed_the_campaign_targets(problems: dict[str, Problem]) -> None:
    everything = Problem.objects.all()
    year = (D(2026, 1, 1), D(2026, 12, 31))
    assert queries.solved_count(everything, *year, kind="land") == 2
    assert queries.solved_count(everything, *year) == 3
    assert queries.solved_count(everything, D(2026, 1, 1), D(2026, 3, 1)) == 1


def test_status_counts(problems: dict[str, Problem]) -> None:
    counts = queries.status_counts(Problem.objects.all())
    assert counts == {"raised": 1, "assigned": 1, "handling": 0, "resolved": 2, "closed": 1, "returned": 0}


def test_a_returned_problem_is_no_longer_solved(problems: dict[str, Problem], dispatcher_qz: User) -> None:
    problems["p2"].send_back(dispatcher_qz, "材料不全", on=D(2026, 3, 17))
    assert queries.solved_count(Problem.objects.all(), kind="land") == 1
