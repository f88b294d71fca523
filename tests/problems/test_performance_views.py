"""The unit performance page (单位绩效): the numbers of ``queries.performance`` and ``counts_by_kind``, their links
and the workbook."""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.problems.helpers import as_user, page
from tuijin.core.models import Unit, User
from tuijin.problems.models import (
    Problem,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def sheet_rows(content: bytes, sheet: str | None = None) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(content))
    return list((workbook[sheet] if sheet else workbook.active).iter_rows(values_only=True))


# ---- performance -----------------------------------------------------------------------------------------------------


@pytest.fixture
def performance_set(
    make_problem: Callable[..., Problem],
    dispatcher_qz: User,
    land_bureau: Unit,
    power_company: Unit,
    handler_land: User,
) -> dict[str, Problem]:
    """Five problems of 2026 (the land bureau leads three, the power company one, one is not assigned):

    - P1 用地报批: assigned 13 Feb (deadline 2 Mar), resolved 25 Feb — 3 working days, in time;
    - P2 用地报批: assigned 2 Mar (deadline 11 Mar), resolved 13 Mar — 9 working days, late;
    - P3 征迁: assigned 2 Mar (deadline 11 Mar), still open: overdue at 30 Jun;
    - P4 电网迁改: assigned 25 Jun to the power company (deadline 6 Jul), open, not overdue at 30 Jun;
    - P5 用地报批: raised 1 Jun, not assigned.
    """
    p1 = make_problem(title="P1")
    p1.assign(dispatcher_qz, land_bureau, on=D(2026, 2, 13))
    p1.resolve(handler_land, "已解决", on=D(2026, 2, 25))
    p2 = make_problem(title="P2", raised_on=D(2026, 3, 1))
    p2.assign(dispatcher_qz, land_bureau, on=D(2026, 3, 2))
    p2.resolve(handler_land, "已解决", on=D(2026, 3, 13))
    p3 = make_problem(title="P3", kind="relocation", raised_on=D(2026, 3, 1))
    p3.assign(dispatcher_qz, land_bureau, on=D(2026, 3, 2))
    p4 = make_problem(title="P4", kind="grid", raised_on=D(2026, 6, 24))
    p4.assign(dispatcher_qz, power_company, on=D(2026, 6, 25))
    p5 = make_problem(title="P5", raised_on=D(2026, 6, 1))
    return {"p1": p1, "p2": p2, "p3": p3, "p4": p4, "p5": p5}


def cells(html: str, marker: str) -> dict[str, str]:
    """The data-col cells of the table row starting at ``marker``, as text."""
    row = html[html.index(marker) : html.index("</tr>", html.index(marker))]
    return {col: re.sub(r"<[^>]+>", "", text).strip() for col, text in re.findall(r'data-col="(\w+)">(.*?)</td>', row)}


def test_it_shows_the_units_performance_with_the_numbers_of_the_queries(
    client: Client, performance_set: dict[str, Problem], dispatcher_qz: User, dispatcher_fz: User, land_bureau: Unit
) -> None:
    performance = reverse("problems:performance")
    as_user(client, dispatcher_qz)
    html = page(client, performance, data={"as_of": "2026-06-30"})
    land = cells(html, 'data-label="晋江市自然资源和规划局"')
    assert land == {
        "assigned": "3",
        "solved": "2",
        "rate": "66.67%",
        "median": "6.0",  # median of 3 and 9 working days
        "open": "1",
        "overdue_open": "1",
        "solved_late": "1",
        "overdue": "2",
    }
    power = cells(html, 'data-label="国网晋江市供电公司"')
    assert power == {
        "assigned": "1",
        "solved": "0",
        "rate": "0.00%",
        "median": "—",
        "open": "1",
        "overdue_open": "0",
        "solved_late": "0",
        "overdue": "0",
    }
    assert html.index("国网晋江市供电公司") < html.index('data-label="晋江市自然资源和规划局"')
    assert cells(html, 'data-kind="land"') == {
        "raised": "3",
        "solved": "2",
        "open": "0",
        "overdue": "0",
        "rate": "66.67%",
    }
    assert cells(html, 'data-kind="relocation"') == {
        "raised": "1",
        "solved": "0",
        "open": "1",
        "overdue": "1",
        "rate": "0.00%",
    }
    assert cells(html, 'data-kind="grid"') == {
        "raised": "1",
        "solved": "0",
        "open": "1",
        "overdue": "0",
        "rate": "0.00%",
    }
    assert "lead_unit=" not in html  # a past as-of date: no links to the list (it filters on the present)

    html = page(client, performance, data={"as_of": "2026-06-30", "group": "kind"})
    assert cells(html, 'data-label="用地报批"')["assigned"] == "2"
    assert cells(html, 'data-label="用地报批"')["rate"] == "100.00%"
    html = page(client, performance, data={"as_of": "2026-06-30", "group": "unit_kind"})
    assert cells(html, 'data-label="晋江市自然资源和规划局 · 征迁"')["overdue_open"] == "1"
    html = page(client, performance, data={"as_of": "2026-06-30", "year": "2025"})
    assert "暂无已交办的问题" in html

    # At today every count links to the list rows behind it.
    html = page(client, performance)
    link = f"{reverse('problems:problem_list')}?lead_unit={land_bureau.pk}"
    assert link in html
    listed = page(client, link)
    assert all(performance_set[name].code in listed for name in ("p1", "p2", "p3"))
    assert performance_set["p4"].code not in listed
    listed = page(client, reverse("problems:problem_list"), data={"kind": "land", "raised_year": "2026"})
    assert all(performance_set[name].code in listed for name in ("p1", "p2", "p5"))
    listed = page(client, reverse("problems:problem_list"), data={"lead_unit": land_bureau.pk, "phase": "solved"})
    assert performance_set["p1"].code in listed and performance_set["p3"].code not in listed

    # Another city's dispatcher sees none of these problems.
    html = page(as_user(client, dispatcher_fz), performance, data={"as_of": "2026-06-30"})
    assert "晋江市自然资源和规划局" not in html


def test_it_exports_both_performance_tables(
    client: Client, performance_set: dict[str, Problem], dispatcher_qz: User
) -> None:
    response = as_user(client, dispatcher_qz).get(
        reverse("problems:performance"), {"as_of": "2026-06-30", "format": "xlsx"}
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = sheet_rows(response.content, "单位绩效")
    assert rows[0][0] == "问题办理绩效（截至2026年6月30日）"
    assert rows[1] == (
        "主办单位",
        "交办数",
        "已办结",
        "办结率",
        "办结中位用时（工作日）",
        "在办",
        "逾期在办",
        "超时办结",
        "逾期合计",
    )
    power, land = rows[2], rows[3]
    assert power[0] == "国网晋江市供电公司" and power[1:3] == (1, 0) and power[4] is None
    assert land[0] == "晋江市自然资源和规划局" and land[1:3] == (3, 2) and land[5:] == (1, 1, 1, 2)
    assert round(land[3], 4) == 0.6667 and land[4] == 6
    kinds = {row[0]: row[1:] for row in sheet_rows(response.content, "分类型统计")[2:]}
    assert kinds["用地报批"][:4] == (3, 2, 0, 0) and round(kinds["用地报批"][4], 4) == 0.6667
    assert kinds["征迁"][:4] == (1, 0, 1, 1) and kinds["电网迁改"][:4] == (1, 0, 1, 0)
