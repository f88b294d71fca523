"""The cockpit (驾驶舱): who sees which region, its numbers equal ``targets.queries``, and every figure links to a list
of exactly as many rows; plus the two drill-down filters it needs (contracts ``counted``, projects
``registered_year``).

The set, as of 31 October 2026 (everything dated earlier, so the year's lists equal the year-to-date figures):

- projects of the 2026 list: 晋江 P1 (前期 2025, 开工 10 Mar, 入库 1 Apr, plan 10亿, 1亿 reported for 3–10月: red),
  晋江 P2 (在建 2025, 竣工 30 Jun), 南安 P3 (前期 5 Jan, 开工 20 May, not registered); 晋江 P4 is not on the list;
- contracts: 晋江 30亿 (3 Mar, 开工 1 May) and 5亿 (15 Jun), a 晋江 framework agreement (not counted), 南安 12亿
  (1 Jul), 鲤城 1亿 of 2025, 福州 0.5亿;
- problems of P1: two 用地报批 solved (one 销号), one 征迁 open and overdue, one 用地报批 raised only.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.attraction import factories
from tests.conftest import login
from tuijin.attraction.choices import ContractKind, MilestoneKind
from tuijin.attraction.filters import ContractFilterSet
from tuijin.attraction.models import AttractionSettings, AttractionTarget, Contract
from tuijin.core.choices import Role
from tuijin.core.models import Region, Unit, User
from tuijin.core.money import format_percent, quantize_half_up, wan_to_yi
from tuijin.core.periods import period_end
from tuijin.dispatch.models import MonthlyReport
from tuijin.problems.models import Problem, ProblemKind
from tuijin.projects.choices import Category, Stage
from tuijin.projects.filters import ProjectFilterSet
from tuijin.projects.models import AnnualPlan, Project
from tuijin.targets import queries, rollups
from tuijin.targets.choices import Source
from tuijin.targets.choices import Unit as IndicatorUnit
from tuijin.targets.models import Indicator, IndicatorEntry, Target
from tuijin.targets.views import cockpit as cockpit_view

pytestmark = pytest.mark.django_db
D = datetime.date
YEAR = 2026
AS_OF = D(2026, 10, 31)


# --- the data set ----------------------------------------------------------------------------------------------


def project(
    name: str, code: str, entered: tuple[str, datetime.date], *moves: tuple[str, datetime.date], **fields: Any
) -> Project:
    plan = fields.pop("plan", None)
    row = Project(
        name=name,
        region=Region.objects.get(code=code),
        category=Category.INDUSTRY,
        total_investment=Decimal("500000"),
        **fields,
    )
    row.full_clean()
    row.save()
    row.enter(*entered)
    for stage, on in moves:
        row.advance(stage, on)
    if plan is not None:
        AnnualPlan.objects.create(project=row, year=YEAR, planned_investment=Decimal(plan))
    return row


def report(row: Project, month: int, amount: str, reporter: User, dispatcher: User) -> MonthlyReport:
    item = MonthlyReport.objects.create(project=row, year=YEAR, month=month, amount=Decimal(amount))
    item.submit(reporter)
    item.approve(dispatcher)
    return item


def target(key: str, code: str, value: str) -> Target:
    row = Target(indicator=Indicator.objects.get(key=key), region=Region.objects.get(code=code), year=YEAR)
    row.value = Decimal(value)
    row.full_clean()
    row.save()
    return row


@pytest.fixture
def land_bureau(make_unit: Any) -> Unit:
    return make_unit("晋江市自然资源和规划局", "350582")


@pytest.fixture
def data(
    regions: dict[str, Region], dispatcher_qz: User, reporter_jj: User, land_bureau: Unit, make_user: Any
) -> dict[str, Any]:
    handler = make_user("jj_land_handler", Role.HANDLER, "350582", unit=land_bureau)
    p1 = project(
        "晋江智能装备产业园",
        "350582",
        (Stage.PREPARATION, D(2025, 11, 1)),
        (Stage.CONSTRUCTION, D(2026, 3, 10)),
        plan="100000",
        stats_registered=True,
        stats_registered_on=D(2026, 4, 1),
    )
    p2 = project(
        "晋江滨江大道",
        "350582",
        (Stage.CONSTRUCTION, D(2025, 5, 1)),
        (Stage.COMPLETED, D(2026, 6, 30)),
        plan="50000",
    )
    project(
        "南安光电产业园",
        "350583",
        (Stage.PREPARATION, D(2026, 1, 5)),
        (Stage.CONSTRUCTION, D(2026, 5, 20)),
        plan="80000",
    )
    project("晋江未列入项目", "350582", (Stage.PREPARATION, D(2026, 1, 5)), (Stage.CONSTRUCTION, D(2026, 2, 1)))
    for month in range(3, 11):
        report(p1, month, "1250", reporter_jj, dispatcher_qz)
    report(p2, 4, "20000", reporter_jj, dispatcher_qz)

    factories.contract(
        "晋江新能源电池",
        "300000",
        D(2026, 3, 3),
        milestones={MilestoneKind.REGISTERED: D(2026, 4, 1), MilestoneKind.STARTED: D(2026, 5, 1)},
    )
    factories.contract("晋江鞋服智造", "50000", D(2026, 6, 15))
    factories.contract("晋江框架协议", "80000", D(2026, 4, 1), kind=ContractKind.FRAMEWORK)
    factories.contract("南安石材", "120000", D(2026, 7, 1), region_code="350583")
    factories.contract("鲤城文旅", "10000", D(2025, 12, 1), region_code="350502")
    factories.contract("福州数字经济", "5000", D(2026, 5, 1), region_code="350102")

    def problem(kind: str, raised: datetime.date, title: str) -> Problem:
        row = Problem(
            project=p1,
            kind=ProblemKind.objects.get(code=kind),
            raised_on=raised,
            title=title,
            description=f"{title}，影响项目推进。",
        )
        row.full_clean()
        row.save()
        return row

    solved_closed = problem("land", D(2026, 2, 10), "一期用地报批")
    solved_closed.assign(dispatcher_qz, land_bureau, on=D(2026, 2, 13))
    solved_closed.resolve(handler, "已解决", on=D(2026, 2, 26))
    solved_closed.close(dispatcher_qz, on=D(2026, 2, 27))
    solved = problem("land", D(2026, 3, 2), "二期用地报批")
    solved.assign(dispatcher_qz, land_bureau, on=D(2026, 3, 2))
    solved.resolve(handler, "已解决", on=D(2026, 3, 16))
    overdue = problem("relocation", D(2026, 3, 2), "厂房征迁")
    overdue.assign(dispatcher_qz, land_bureau, on=D(2026, 3, 2))
    problem("land", D(2026, 3, 20), "三期用地指标")

    AttractionTarget.objects.create(year=YEAR, region=regions["350582"], signed_amount=Decimal("1000000"))
    target("new_starts", "350582", "4")
    target("investment", "350582", "200000")
    target("signed_count", "350582", "10")
    target("land_solved", "350582", "5")
    target("new_starts", "350500", "20")
    target("signed_count", "350500", "40")
    rollups.rebuild()
    return {"p1": p1, "p2": p2}


def cockpit(client: Client, user: User, **params: str) -> Any:
    login(client, user)
    response = client.get("/cockpit/", {"as_of": AS_OF.isoformat(), **params})
    assert response.status_code == 200
    return response.context


def rows_behind(client: Client, url: str) -> int:
    """The number of rows the list at ``url`` shows ("共 N 条")."""
    response = client.get(url)
    assert response.status_code == 200, url
    table = response.context["table"]
    count = table.paginator.count if table.page else len(table.rows)
    assert f"共 {count} 条" in response.content.decode()
    return count


def headline(context: Any, key: str) -> Any:
    return next(row for row in context["headlines"] if row.indicator.key == key)


# --- who sees what ---------------------------------------------------------------------------------------------


def test_it_shows_the_city_cockpit_to_the_city_dispatcher(client: Client, data: dict, dispatcher_qz: User) -> None:
    context = cockpit(client, dispatcher_qz)
    assert context["region"].code == "350500"
    assert [row.indicator.key for row in context["headlines"]] == ["new_starts", "signed_count"]
    assert headline(context, "new_starts").value == "2"  # 晋江 P1 and 南安 P3
    assert headline(context, "signed_count").value == "3"
    assert [table.indicator.key for table in context["rankings"]] == ["new_starts", "investment", "signed_amount"]
    assert context["rankings"][0].parent.code == "350500"
    signed = context["rankings"][2]
    assert [(row["region"].code, row["value"]) for row in signed.top[:2]] == [
        ("350582", "35.00亿元"),
        ("350583", "12.00亿元"),
    ]
    assert signed.url == "/rankings/?indicator=signed_amount&region=350500&as_of=2026-10-31"


def test_the_administrator_and_a_zone_get_a_cockpit(
    client: Client, data: dict, admin_user: User, dispatcher_qz: User
) -> None:
    context = cockpit(client, admin_user)
    assert context["region"].code == "350000"
    assert context["rankings"][0].parent.code == "350000"  # the province compares its cities
    zone = cockpit(client, dispatcher_qz, region="350500Z01")
    assert zone["region"].name == "泉州经济技术开发区" and zone["rankings"][0].parent.code == "350500"


def test_a_city_leader_gets_the_city_too(client: Client, data: dict, leader_qz: User) -> None:
    assert cockpit(client, leader_qz)["region"].code == "350500"


def test_a_district_reporter_sees_only_their_district(client: Client, data: dict, reporter_jj: User) -> None:
    context = cockpit(client, reporter_jj)
    assert context["region"].code == "350582"
    assert headline(context, "new_starts").value == "1"  # P1 only: P4 is not on the year's list
    assert headline(context, "signed_count").value == "2"
    # The rankings still compare the districts of the parent city (a public comparison).
    assert context["rankings"][0].parent.code == "350500"
    assert [row["region"].code for row in context["rankings"][0].top if row["current"]] == ["350582"]
    for code in ("350583", "350500", "350102"):
        assert client.get("/cockpit/", {"region": code}).status_code == 404


def test_another_city_is_404(client: Client, data: dict, dispatcher_fz: User) -> None:
    login(client, dispatcher_fz)
    assert client.get("/cockpit/", {"region": "350582"}).status_code == 404
    assert client.get("/cockpit/").context["region"].code == "350100"


def test_it_needs_a_sign_in(client: Client, data: dict) -> None:
    assert client.get("/cockpit/").status_code == 302


# --- the numbers -----------------------------------------------------------------------------------------------


def test_the_headline_numbers_are_the_progress_numbers(client: Client, data: dict, reporter_jj: User) -> None:
    context = cockpit(client, reporter_jj)
    jj = Region.objects.get(code="350582")
    keys = [row.indicator.key for row in context["headlines"]]
    assert keys == ["new_starts", "investment", "signed_amount", "signed_count", "land_solved"]
    for row in context["headlines"]:
        expected = queries.progress(row.indicator, jj, AS_OF)
        direct = queries.progress(row.indicator, jj, AS_OF, source="direct")
        assert row.progress.actual == expected.actual == direct.actual, row.indicator.key
        assert row.progress.target == expected.target
        assert row.schedule_rate == format_percent(expected.schedule_rate)
        assert row.completion == format_percent(expected.completion)
    investment = headline(context, "investment")
    # 1亿 + 2亿 = 3亿 of 20亿 by the end of October: R 15%, T 10/12, 序时完成率 18%, 68.33 points behind (red).
    assert (investment.value, investment.target, investment.completion) == ("3.00亿元", "20.00亿元", "15.00%")
    assert (investment.share, investment.schedule_rate, investment.gap) == ("83.33%", "18.00%", "-68.33个百分点")
    assert investment.state == "behind"
    signed = headline(context, "signed_amount")
    assert (signed.value, signed.target) == ("35.00亿元", "100.00亿元")
    html = client.get("/cockpit/", {"as_of": AS_OF.isoformat()}).content.decode()
    assert 'data-col="gap">-68.33个百分点' in html and 'class="num behind"' in html


def test_the_monthly_chart_reads_the_rollups_against_target_times_schedule(
    client: Client, data: dict, reporter_jj: User
) -> None:
    chart = cockpit(client, reporter_jj)["chart"]
    assert chart["actual"][:4] == ["0.00", "0.00", "0.13", "2.25"]  # 1250万 in March, + 2亿 and 1250万 in April
    assert chart["actual"][9] == "3.00" and chart["actual"][10:] == [None, None]
    assert chart["schedule"][0] == "1.67" and chart["schedule"][11] == "20.00"  # 20亿 × m/12
    jj = Region.objects.get(code="350582")
    for month in range(1, 11):
        rolled = rollups.rolled_sum("investment", "num", jj, YEAR, period_end(YEAR, month))
        assert chart["actual"][month - 1] == f"{quantize_half_up(wan_to_yi(rolled), 2):f}"


def test_the_figures_come_from_the_rollups(client: Client, data: dict, reporter_jj: User) -> None:
    """A contract not yet rolled up is not counted until the rollups catch up (no direct count on the page)."""
    from tuijin.core import bulk

    with bulk.bulk_load():
        factories.contract("晋江补录项目", "1000", D(2026, 8, 1))
    assert headline(cockpit(client, reporter_jj), "signed_count").value == "2"
    rollups.rebuild(["signed_count"])
    assert headline(cockpit(client, reporter_jj), "signed_count").value == "3"


def test_the_queries_do_not_grow_with_the_rows(client: Client, data: dict, reporter_jj: User) -> None:
    login(client, reporter_jj)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/cockpit/", {"as_of": AS_OF.isoformat()}).status_code == 200
        return len(captured)

    count()  # the first request creates the settings rows
    before = count()
    for index in range(5):
        factories.contract(f"晋江追加项目{index}", "2000", D(2026, 9, 1 + index))
    rollups.rebuild()
    assert count() == before


# --- drill-down: every figure opens a list with as many rows ---------------------------------------------------------


def test_the_headline_figures_open_lists_of_as_many_rows(client: Client, data: dict, reporter_jj: User) -> None:
    context = cockpit(client, reporter_jj)
    for key in ("new_starts", "signed_count", "land_solved"):
        row = headline(context, key)
        assert rows_behind(client, row.url) == int(row.progress.actual), key
    assert headline(context, "new_starts").progress.actual == 1
    assert headline(context, "signed_count").progress.actual == 2
    assert headline(context, "land_solved").progress.actual == 2


def test_the_city_figures_open_lists_of_as_many_rows(client: Client, data: dict, dispatcher_qz: User) -> None:
    context = cockpit(client, dispatcher_qz)
    for key in ("new_starts", "signed_count"):
        row = headline(context, key)
        assert rows_behind(client, row.url) == int(row.progress.actual), key
    figures = {item["key"]: item["headline"] for item in context["attraction_figures"]}
    assert figures["signed_count"].value == "3"
    assert rows_behind(client, figures["signed_count"].url) == 3
    assert rows_behind(client, figures["big_projects"].url) == 1
    assert [c.name for c in context["top_contracts"]] == ["晋江新能源电池", "南安石材", "晋江鞋服智造"]


def test_the_batches_open_the_project_lists(client: Client, data: dict, dispatcher_qz: User) -> None:
    context = cockpit(client, dispatcher_qz)
    bars = {bar.url.split("batch=")[1].split("&")[0]: bar for bar in context["batches"]}
    # No project entered 谋划 in 2026; P1 and P3 started, P1–P3 were under construction, P2 was completed.
    assert {name: bar.value for name, bar in bars.items()} == {
        "planning": 0,
        "starting": 2,
        "constructing": 3,
        "completing": 1,
    }
    for bar in context["batches"]:
        assert rows_behind(client, bar.url) == bar.value, bar.label


def test_problems_by_status_and_the_red_list_open_lists_of_as_many_rows(
    client: Client, data: dict, dispatcher_qz: User, reporter_jj: User
) -> None:
    for user in (dispatcher_qz, reporter_jj):
        context = cockpit(client, user)
        counts = {item["status"]: item["count"] for item in context["problem_statuses"]}
        assert counts == {"raised": 1, "assigned": 1, "handling": 0, "resolved": 1, "closed": 1, "returned": 0}
        for item in context["problem_statuses"]:
            assert rows_behind(client, item["url"]) == item["count"], item["status"]
        assert context["overdue_count"] == 1
        assert rows_behind(client, context["overdue_url"]) == 1
        assert [(unit["name"], unit["count"]) for unit in context["overdue_units"]] == [("晋江市自然资源和规划局", 1)]
        assert rows_behind(client, context["overdue_units"][0]["url"]) == 1
        assert context["red_count"] >= 1 and data["p1"] in context["red_projects"]
        assert rows_behind(client, context["red_url"]) == context["red_count"]


# --- the drill-down filters ---------------------------------------------------------------------------------------


def test_the_counted_filter_keeps_the_kinds_counted_in_totals(data: dict) -> None:
    def names(counted: str) -> set[str]:
        contracts = Contract.objects.filter(region__code="350582")
        filterset = ContractFilterSet({"counted": counted}, queryset=contracts)
        return set(filterset.qs.values_list("name", flat=True))

    assert names("true") == {"晋江新能源电池", "晋江鞋服智造"}
    assert names("false") == {"晋江框架协议"}
    settings = AttractionSettings.current()
    settings.count_framework = True
    settings.save()
    assert names("true") == {"晋江新能源电池", "晋江鞋服智造", "晋江框架协议"}
    assert names("false") == set()


def test_the_registered_year_filter_selects_by_the_year_of_registration(data: dict) -> None:
    def names(year: str) -> set[str]:
        filterset = ProjectFilterSet({"registered_year": year}, queryset=Project.objects.all())
        assert filterset.is_valid()
        return set(filterset.qs.values_list("name", flat=True))

    assert names("2026") == {"晋江智能装备产业园"}
    assert names("2025") == set()
    assert not ProjectFilterSet({"registered_year": "2026.5"}, queryset=Project.objects.all()).is_valid()


def test_a_district_sees_its_own_place_between_the_first_and_the_last(
    client: Client, regions: dict[str, Region], reporter_jj: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With 13 districts and zones, 晋江 in 7th place is neither among the first three nor the last three."""

    fai = Indicator.objects.create(key="fai", name="固定资产投资", unit=IndicatorUnit.MONEY, source=Source.MANUAL)
    city = regions["350500"]
    for value, region in enumerate(city.children.filter(in_statistics=True).exclude(code="350582"), start=1):
        IndicatorEntry.objects.create(indicator=fai, region=region, year=YEAR, month=10, value=Decimal(value * 100))
    IndicatorEntry.objects.create(indicator=fai, region=regions["350582"], year=YEAR, month=10, value=Decimal("650"))
    monkeypatch.setattr(cockpit_view, "RANKED_KEYS", ("fai",))
    (table,) = cockpit(client, reporter_jj)["rankings"]
    assert table.own is not None and (table.own["rank"], table.own["region"].code) == (7, "350582")
    assert all(not row["current"] for row in table.top + table.bottom)
