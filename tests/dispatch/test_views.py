"""Dispatch pages: grid entry, approval queue, project list and detail, overview, late list, settings, to-dos."""

from __future__ import annotations

import datetime
import io
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.dispatch.conftest import YEAR
from tuijin.core.models import User
from tuijin.core.periods import last_complete_month
from tuijin.dispatch.models import DispatchSettings, MonthlyReport, ReportStatus
from tuijin.projects.choices import Stage
from tuijin.projects.models import Project

GRID = reverse("dispatch:grid") + f"?year={YEAR}&month=6"


def grid_row(project: Project, **cells: Any) -> dict[str, Any]:
    """The POST fields of one grid row (all inputs, blank unless given)."""
    values = {"version": "", "amount": "", "progress": "", "issues": "", "planned_workers": "", "actual_workers": ""}
    values.update(cells)
    return {f"p{project.pk}-{name}": value for name, value in values.items()}


@pytest.fixture
def grid_projects(make_project: Any, make_report: Any) -> dict[str, Project]:
    """Three 晋江 projects in the 2025 list (one already approved for June), one foreign, one not in the list."""
    projects = {
        "road": make_project("晋江大道改造", plan=1200),
        "port": make_project("围头港区码头", plan=800),
        "done": make_project("安海物流园", plan=600),
        "foreign": make_project("鲤城古城保护", "350502", plan=500),
        "idea": make_project("晋江谋划项目"),
    }
    make_report(projects["done"], 6, 50, ReportStatus.APPROVED)
    return projects


# ---- Grid entry -----------------------------------------------------------------------------------------------


def test_it_shows_the_grid_of_the_reporters_year_list(
    client: Client, grid_projects: dict[str, Project], make_project: Any, reporter_jj: User
) -> None:
    running = make_project("紫帽山隧道", stage=Stage.CONSTRUCTION)  # under construction without a plan: reports
    client.force_login(reporter_jj)
    page = client.get(GRID).content.decode()
    for name in ("晋江大道改造", "围头港区码头", "安海物流园", running.name):
        assert name in page
    assert "鲤城古城保护" not in page and "晋江谋划项目" not in page
    assert f'name="p{grid_projects["road"].pk}-amount"' in page
    # The approved row is read-only.
    assert f'name="p{grid_projects["done"].pk}-amount"' not in page


def test_it_fills_the_grid_with_the_months_drafts(
    client: Client, grid_projects: dict[str, Project], make_report: Any, reporter_jj: User
) -> None:
    road = grid_projects["road"]
    draft = make_report(road, 6, "90.5", progress="桩基施工", planned_workers=30)
    client.force_login(reporter_jj)
    page = client.get(GRID).content.decode()
    assert f'name="p{road.pk}-version" value="{draft.version}"' in page
    assert f'name="p{road.pk}-amount" value="90.5"' in page
    assert 'value="桩基施工"' in page and f'name="p{road.pk}-planned_workers" value="30"' in page


def test_it_saves_nothing_when_one_cell_is_wrong(
    client: Client, grid_projects: dict[str, Project], reporter_jj: User
) -> None:
    road, port = grid_projects["road"], grid_projects["port"]
    client.force_login(reporter_jj)
    data = {**grid_row(road, amount="100", progress="桩基完成"), **grid_row(port, amount="-5"), "action": "draft"}
    response = client.post(GRID, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "当月完成投资：请输入不小于0的数字" in page
    assert re.search(r"第\d行 围头港区码头：当月完成投资：请输入不小于0的数字", page)
    assert "本页数据均未保存" in page
    assert page.count("当月完成投资：请") == 2  # the cell and the summary; empty rows are not flagged
    assert not MonthlyReport.objects.filter(month=6).exclude(project=grid_projects["done"]).exists()
    # The user's input is kept, the good row and the bad one.
    assert f'name="p{road.pk}-amount" value="100"' in page
    assert f'name="p{port.pk}-amount" value="-5"' in page


def test_it_reports_every_wrong_cell_at_once(
    client: Client, grid_projects: dict[str, Project], reporter_jj: User
) -> None:
    road, port = grid_projects["road"], grid_projects["port"]
    client.force_login(reporter_jj)
    data = {
        **grid_row(road, amount="abc", planned_workers="1.5"),
        **grid_row(port, amount="10", planned_workers="10", actual_workers="200"),
        "action": "submit",
    }
    page = client.post(GRID, data).content.decode()
    assert "当月完成投资：请输入不小于0的数字" in page
    assert "计划在岗：请输入不小于0的整数" in page
    assert "实际在岗：实际在岗人数超过计划的10倍，请核实。" in page
    assert not MonthlyReport.objects.filter(status=ReportStatus.SUBMITTED).exists()


def test_it_asks_for_the_amount_when_a_row_is_started(
    client: Client, grid_projects: dict[str, Project], reporter_jj: User
) -> None:
    client.force_login(reporter_jj)
    page = client.post(GRID, {**grid_row(grid_projects["road"], progress="桩基"), "action": "draft"}).content.decode()
    assert page.count("当月完成投资：请填写") == 2  # next to the cell and in the summary; the empty row is not flagged
    assert MonthlyReport.objects.count() == 1


def test_it_saves_drafts_and_skips_empty_rows(
    client: Client, grid_projects: dict[str, Project], reporter_jj: User
) -> None:
    road, port = grid_projects["road"], grid_projects["port"]
    client.force_login(reporter_jj)
    data = {**grid_row(road, amount="１２０", progress="桩基完成", planned_workers="80"), **grid_row(port)}
    response = client.post(GRID, {**data, "action": "draft"})
    assert response.status_code == 302
    report = MonthlyReport.objects.get(project=road)
    assert (report.amount, report.status, report.planned_workers) == (Decimal("120"), ReportStatus.DRAFT, 80)
    assert report.history.get().history_change_reason == f"表格填报：{YEAR}年6月"
    assert not MonthlyReport.objects.filter(project=port).exists()
    messages = client.get(response["Location"]).content.decode()
    assert "已保存1条草稿" in messages


def test_it_submits_every_non_empty_row(
    client: Client, grid_projects: dict[str, Project], make_report: Any, reporter_jj: User
) -> None:
    road, port = grid_projects["road"], grid_projects["port"]
    draft = make_report(road, 6, 90)
    client.force_login(reporter_jj)
    data = {
        **grid_row(road, version=draft.version, amount="90"),  # unchanged draft: submitted as it is
        **grid_row(port, amount="40"),
        "action": "submit",
    }
    assert client.post(GRID, data).status_code == 302
    statuses = dict(MonthlyReport.objects.filter(month=6).values_list("project__name", "status"))
    assert statuses == {
        "晋江大道改造": ReportStatus.SUBMITTED,
        "围头港区码头": ReportStatus.SUBMITTED,
        "安海物流园": ReportStatus.APPROVED,
    }
    assert MonthlyReport.objects.get(project=grid_projects["done"]).amount == Decimal("50")
    assert MonthlyReport.objects.get(project=port).submitted_by == reporter_jj


def test_it_refuses_a_row_changed_by_someone_else(
    client: Client, grid_projects: dict[str, Project], make_report: Any, reporter_jj: User
) -> None:
    road, port = grid_projects["road"], grid_projects["port"]
    draft = make_report(road, 6, 90)
    seen = draft.version
    draft.amount = Decimal("95")  # a colleague saves after the page was opened
    draft.save()
    client.force_login(reporter_jj)
    data = {**grid_row(road, version=seen, amount="100"), **grid_row(port, amount="40"), "action": "draft"}
    page = client.post(GRID, data).content.decode()
    assert "该报告已被其他用户修改" in page
    draft.refresh_from_db()
    assert draft.amount == Decimal("95")
    assert not MonthlyReport.objects.filter(project=port).exists()


def test_it_refuses_a_row_approved_since_the_page_was_opened(
    client: Client, grid_projects: dict[str, Project], reporter_jj: User
) -> None:
    done = grid_projects["done"]
    client.force_login(reporter_jj)
    data = {**grid_row(done, amount="999"), **grid_row(grid_projects["road"], amount="10"), "action": "draft"}
    page = client.post(GRID, data).content.decode()
    assert "该项目本月报告已由其他用户填写" in page
    assert MonthlyReport.objects.get(project=done).amount == Decimal("50")
    assert not MonthlyReport.objects.filter(project=grid_projects["road"]).exists()


def test_it_refuses_a_future_month(client: Client, grid_projects: dict[str, Project], reporter_jj: User) -> None:
    client.force_login(reporter_jj)
    url = reverse("dispatch:grid") + "?year=2100&month=1"
    assert "不能填报未来月份" in client.get(url).content.decode()
    response = client.post(url, {**grid_row(grid_projects["road"], amount="1"), "action": "draft"})
    assert response.status_code == 400
    assert not MonthlyReport.objects.filter(year=2100).exists()


# ---- Approval queue -------------------------------------------------------------------------------------------


@pytest.fixture
def submitted(make_project: Any, make_report: Any) -> list[MonthlyReport]:
    first = make_report(make_project("晋江大道改造", plan=1200), 6, 600, ReportStatus.SUBMITTED)
    second = make_report(make_project("南安高铁新城", "350583", plan=1000), 6, 100, ReportStatus.SUBMITTED)
    make_report(make_project("草稿项目", plan=100), 6, 10)
    return [first, second]


def test_it_lists_submitted_reports_in_the_queue(
    client: Client, submitted: list[MonthlyReport], dispatcher_qz: User, dispatcher_fz: User
) -> None:
    client.force_login(dispatcher_qz)
    page = client.get(reverse("dispatch:queue"), {"year": YEAR, "month": 6}).content.decode()
    assert "晋江大道改造" in page and "南安高铁新城" in page and "草稿项目" not in page
    assert "批量审核通过" in page
    client.force_login(dispatcher_fz)
    assert "晋江大道改造" not in client.get(reverse("dispatch:queue")).content.decode()


def test_it_keeps_the_queue_from_reporters(client: Client, reporter_jj: User) -> None:
    client.force_login(reporter_jj)
    assert client.get(reverse("dispatch:queue")).status_code == 404


def test_it_approves_one_row_with_htmx(client: Client, submitted: list[MonthlyReport], dispatcher_qz: User) -> None:
    report = submitted[0]
    client.force_login(dispatcher_qz)
    url = reverse("dispatch:report_approve", args=[report.pk])
    response = client.post(url, {"version": report.version}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith(f'<tr id="report-{report.pk}"')
    assert "已审核通过" in body
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert report.history.order_by("-history_id").first().history_change_reason == "审核通过"


def test_it_returns_one_row_with_htmx_only_with_a_reason(
    client: Client, submitted: list[MonthlyReport], dispatcher_qz: User
) -> None:
    report = submitted[0]
    client.force_login(dispatcher_qz)
    url = reverse("dispatch:report_return", args=[report.pk])
    refused = client.post(url, {"version": report.version, "reason": ""}, HTTP_HX_REQUEST="true").content.decode()
    assert "退回报告必须填写原因" in refused and "通过" in refused
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    client.post(url, {"version": report.version, "reason": "形象进度未填写"}, HTTP_HX_REQUEST="true")
    report.refresh_from_db()
    assert (report.status, report.return_reason) == (ReportStatus.RETURNED, "形象进度未填写")
    assert report.history.order_by("-history_id").first().history_change_reason == "退回：形象进度未填写"


def test_it_approves_in_bulk(client: Client, submitted: list[MonthlyReport], dispatcher_qz: User) -> None:
    client.force_login(dispatcher_qz)
    ids = [report.pk for report in submitted]
    response = client.post(reverse("dispatch:queue"), {"ids": ids, "action": "approve"}, follow=True)
    assert "已审核通过2条报告" in response.content.decode()
    for report in submitted:
        report.refresh_from_db()
        assert report.status == ReportStatus.APPROVED and report.reviewed_by == dispatcher_qz
        assert report.history.order_by("-history_id").first().history_change_reason == "审核通过（批量）"


def test_it_returns_in_bulk_with_one_reason(
    client: Client, submitted: list[MonthlyReport], dispatcher_qz: User
) -> None:
    client.force_login(dispatcher_qz)
    ids = [report.pk for report in submitted]
    client.post(reverse("dispatch:queue"), {"ids": ids, "action": "return", "reason": ""})
    assert MonthlyReport.objects.filter(status=ReportStatus.SUBMITTED).count() == 2
    client.post(reverse("dispatch:queue"), {"ids": ids, "action": "return", "reason": "请补充形象进度"})
    assert set(MonthlyReport.objects.filter(pk__in=ids).values_list("status", "return_reason")) == {
        (ReportStatus.RETURNED, "请补充形象进度")
    }


def test_it_does_nothing_in_bulk_when_one_report_is_not_waiting(
    client: Client, submitted: list[MonthlyReport], dispatcher_qz: User, dispatcher_fz: User
) -> None:
    draft = MonthlyReport.objects.get(status=ReportStatus.DRAFT)
    client.force_login(dispatcher_qz)
    ids = [submitted[0].pk, draft.pk]
    response = client.post(reverse("dispatch:queue"), {"ids": ids, "action": "approve"}, follow=True)
    assert "本次未作任何处理" in response.content.decode()
    assert MonthlyReport.objects.filter(status=ReportStatus.APPROVED).count() == 0
    client.force_login(dispatcher_fz)  # another city's dispatcher cannot review these
    client.post(reverse("dispatch:queue"), {"ids": [submitted[0].pk], "action": "approve"})
    assert MonthlyReport.objects.filter(status=ReportStatus.APPROVED).count() == 0


# ---- Project list and detail ----------------------------------------------------------------------------------


@pytest.fixture
def lit(make_project: Any, make_report: Any) -> dict[str, Project]:
    """June 2025: a green project (600 of 1200), a red one (100 of 1200), one outside the year's list."""
    green = make_project("晋江大道改造", plan=1200)
    for month in range(1, 7):
        make_report(green, month, 100, ReportStatus.APPROVED)
    red = make_project("围头港区码头", plan=1200)
    make_report(red, 6, 100, ReportStatus.APPROVED)
    make_report(red, 5, 500, ReportStatus.SUBMITTED)  # not approved: does not count
    other = make_project("往年项目", plan=300, plan_year=YEAR - 1)
    return {"green": green, "red": red, "other": other}


def test_it_lists_projects_with_figures_and_lights(
    client: Client, lit: dict[str, Project], dispatcher_qz: User
) -> None:
    client.force_login(dispatcher_qz)
    page = client.get(reverse("dispatch:project_list"), {"year": YEAR, "month": 6}).content.decode()
    assert "往年项目" not in page  # ?year= selects the year's list, as everywhere
    assert "1,200.00" in page and "600.00" in page and "50.00%" in page and "8.33%" in page
    assert 'class="light-green"' in page and 'class="light-red"' in page
    assert "落后序时41.67个百分点" in page  # the red light's reason, in the title
    assert f"{reverse('dispatch:project_export')}?year={YEAR}&amp;month=6" in page
    assert f"{YEAR}年1—6月" in page


def test_it_filters_projects_by_light_and_lateness(
    client: Client, lit: dict[str, Project], make_project: Any, dispatcher_qz: User
) -> None:
    silent = make_project("未报项目", plan=100)
    silent.enter(Stage.CONSTRUCTION, datetime.date(YEAR, 1, 5))
    client.force_login(dispatcher_qz)
    url = reverse("dispatch:project_list")
    red = client.get(url, {"year": YEAR, "month": 6, "light": "red"}).content.decode()
    assert "围头港区码头" in red and "未报项目" in red and "晋江大道改造" not in red
    green = client.get(url, {"year": YEAR, "month": 6, "light": "green"}).content.decode()
    assert "晋江大道改造" in green and "围头港区码头" not in green
    late = client.get(url, {"year": YEAR, "month": 6, "late": "yes"}).content.decode()
    assert silent.name in late and "晋江大道改造" not in late


def test_it_offers_creation_to_those_who_may_create(client: Client, reporter_jj: User, leader_qz: User) -> None:
    create = reverse("projects:project_create")
    client.force_login(reporter_jj)
    assert create in client.get(reverse("dispatch:project_list")).content.decode()
    client.force_login(leader_qz)
    assert create not in client.get(reverse("dispatch:project_list")).content.decode()


def chart_data(page: str) -> dict[str, Any]:
    match = re.search(r'<script id="plan-chart-data" type="application/json">(.*?)</script>', page, re.S)
    assert match, "the chart data is missing"
    return json.loads(match.group(1))


def test_it_shows_the_project_detail_with_lights_chart_and_reports(
    client: Client, lit: dict[str, Project], dispatcher_qz: User
) -> None:
    project = lit["red"]
    project.enter(Stage.PREPARATION, datetime.date(YEAR, 1, 10), "立项")
    client.force_login(dispatcher_qz)
    url = reverse("dispatch:project_detail", args=[project.pk])
    page = client.get(url, {"year": YEAR, "month": 6}).content.decode()
    assert 'data-testid="overall-light"><span class="light-red"' in page
    data = chart_data(page)
    assert data["actual"][:7] == ["0.00", "0.00", "0.00", "0.00", "0.00", "100.00", None]
    assert data["schedule"][5] == "600.00" and data["schedule"][11] == "1200.00"
    assert f"{YEAR}年6月" in page and "已报送" in page  # the reports table, every status
    assert "2025年1月10日" in page and "前期" in page  # the stage timeline
    assert reverse("projects:project_edit", args=[project.pk]) in page
    assert reverse("projects:project_advance", args=[project.pk]) in page
    assert "echarts.min.js" in page


def test_it_switches_the_detail_tabs_with_htmx(client: Client, lit: dict[str, Project], dispatcher_qz: User) -> None:
    client.force_login(dispatcher_qz)
    url = reverse("dispatch:project_detail", args=[lit["green"].pk])
    body = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="tab-body").content.decode()
    assert "<html" not in body and "plan-chart-data" in body
    history = client.get(url + "?tab=history", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="tab-body").content.decode()
    assert 'data-testid="history"' in history


def test_it_hides_the_project_from_outsiders_and_actions_from_leaders(
    client: Client, lit: dict[str, Project], reporter_lc: User, leader_qz: User
) -> None:
    url = reverse("dispatch:project_detail", args=[lit["green"].pk])
    client.force_login(reporter_lc)
    assert client.get(url).status_code == 404
    client.force_login(leader_qz)
    page = client.get(url).content.decode()
    assert "晋江大道改造" in page
    assert reverse("projects:project_edit", args=[lit["green"].pk]) not in page


# ---- Overview -------------------------------------------------------------------------------------------------


@pytest.fixture
def overview_data(make_project: Any, make_report: Any) -> dict[str, Project]:
    """June 2025 in 泉州: 晋江 one green and one red project, 南安 one yellow and one late (red) one."""
    green = make_project(
        "晋江大道改造", plan=1200, stats_registered=True, stats_registered_on=datetime.date(YEAR, 3, 1)
    )
    green.enter(Stage.CONSTRUCTION, datetime.date(YEAR, 2, 1))
    make_report(green, 6, 600, ReportStatus.APPROVED)
    red = make_project("围头港区码头", plan=800)
    red.enter(Stage.PLANNING, datetime.date(YEAR, 1, 10))
    make_report(red, 6, 100, ReportStatus.APPROVED)
    yellow = make_project("南安高铁新城", "350583", plan=1000)
    yellow.enter(Stage.PREPARATION, datetime.date(YEAR - 1, 5, 1))
    make_report(yellow, 6, 400, ReportStatus.APPROVED)
    late = make_project("南安石材园", "350583", plan=500)
    late.enter(Stage.CONSTRUCTION, datetime.date(YEAR - 1, 11, 1))  # under construction, owes June's report
    make_project("福州项目", "350102", plan=99999)  # another city: never counted for 泉州
    return {"green": green, "red": red, "yellow": yellow, "late": late}


def test_it_sums_up_the_city_and_its_districts(
    client: Client, overview_data: dict[str, Project], dispatcher_qz: User
) -> None:
    client.force_login(dispatcher_qz)
    response = client.get(reverse("dispatch:overview"), {"year": YEAR, "month": 6})
    top = response.context["top"]["figures"]
    assert top.region.code == "350500"
    assert (top.ytd, top.plan) == (Decimal("1100"), Decimal("3500"))
    assert response.context["top"]["display"] == {
        "ytd": "0.11亿元",
        "plan": "0.35亿元",
        "rate": "31.43%",
        "share": "50.00%",
        "gap": "-18.57个百分点",
        "schedule_rate": "62.86%",
    }
    assert (top.projects, top.red, top.yellow, top.late) == (4, 2, 1, 1)
    assert top.stages == {
        Stage.PLANNING: 1,
        Stage.PREPARATION: 1,
        Stage.CONSTRUCTION: 2,
        Stage.COMPLETED: 0,
        Stage.PRODUCING: 0,
        Stage.CAPACITY: 0,
    }
    assert (top.batches.planning, top.batches.starting, top.batches.constructing) == (1, 1, 2)
    rows = {row["figures"].region.name: row for row in response.context["rows"]}
    assert "金门县" not in rows
    jinjiang, nanan = rows["晋江市"]["figures"], rows["南安市"]["figures"]
    assert (jinjiang.ytd, jinjiang.plan, jinjiang.red, jinjiang.yellow, jinjiang.late) == (700, 2000, 1, 0, 0)
    assert (nanan.ytd, nanan.plan, nanan.red, nanan.yellow, nanan.late) == (400, 1500, 1, 1, 1)
    assert rows["晋江市"]["display"]["rate"] == "35.00%"
    assert rows["鲤城区"]["figures"].projects == 0


def test_it_links_each_number_to_the_same_projects(
    client: Client, overview_data: dict[str, Project], dispatcher_qz: User
) -> None:
    client.force_login(dispatcher_qz)
    response = client.get(reverse("dispatch:overview"), {"year": YEAR, "month": 6})
    rows = {row["figures"].region.name: row for row in response.context["rows"]}
    nanan = rows["南安市"]
    page = client.get(nanan["red_url"]).content.decode()
    assert "南安石材园" in page and "南安高铁新城" not in page and "围头港区码头" not in page
    page = client.get(nanan["late_url"]).content.decode()
    assert "南安石材园" in page and "南安高铁新城" not in page
    label, count, url = response.context["top"]["batch_cells"][1]
    assert (label, count) == ("开工一批", 1)
    page = client.get(url).content.decode()
    assert "晋江大道改造" in page and "围头港区码头" not in page


def test_it_keeps_the_overview_within_scope(
    client: Client, overview_data: dict[str, Project], reporter_jj: User
) -> None:
    client.force_login(reporter_jj)
    response = client.get(reverse("dispatch:overview"), {"year": YEAR, "month": 6})
    assert response.context["top"]["figures"].region.code == "350582"
    assert response.context["top"]["figures"].plan == Decimal("2000")
    assert client.get(reverse("dispatch:overview"), {"region": "350583"}).status_code == 404


# ---- Late list, settings, to-dos, report list -----------------------------------------------------------------


def test_it_lists_late_projects_by_region(
    client: Client, overview_data: dict[str, Project], dispatcher_qz: User
) -> None:
    client.force_login(dispatcher_qz)
    response = client.get(reverse("dispatch:late"), {"year": YEAR, "month": 6})
    page = response.content.decode()
    assert response.context["total"] == 1
    assert "南安石材园" in page and "南安高铁新城" not in page
    assert [group["region"].name for group in response.context["groups"]] == ["南安市"]


def test_it_lets_only_the_administrator_change_the_settings(
    client: Client, admin_user: User, dispatcher_qz: User
) -> None:
    url = reverse("dispatch:settings")
    client.force_login(dispatcher_qz)
    assert client.get(url).status_code == 404
    assert client.post(url, {"report_deadline_day": 9}).status_code == 404
    client.force_login(admin_user)
    settings_row = DispatchSettings.current()
    data = {
        "report_deadline_day": 8,
        "investment_yellow_points": "10",
        "investment_red_points": "30",
        "investment_time_basis": "month",
        "start_red_months": 3,
        "stats_yellow_months": 1,
        "stats_red_months": 2,
        "version": settings_row.version,
        "reason": "延后截止日",
    }
    refused = client.post(url, {**data, "investment_red_points": "5"})
    assert "红灯阈值不能小于黄灯阈值" in refused.content.decode()
    assert client.post(url, data).status_code == 302
    assert DispatchSettings.current().report_deadline_day == 8


def test_it_lists_to_dos_for_reporters_and_dispatchers(
    client: Client, make_project: Any, make_report: Any, reporter_jj: User, dispatcher_qz: User
) -> None:
    year, month = last_complete_month(timezone.localdate())
    due = make_project("本月未报项目", plan=100, plan_year=year)
    sent = make_project("本月已报项目", plan=100, plan_year=year)
    make_report(sent, month, 10, ReportStatus.SUBMITTED, year=year)
    make_report(due, 1, 10, ReportStatus.RETURNED, year=YEAR)
    client.force_login(reporter_jj)
    home = client.get(reverse("home")).content.decode()
    assert f"{year}年{month}月调度待报送项目" in home
    assert f"{reverse('dispatch:grid')}?year={year}&amp;month={month}" in home
    assert "被退回待修改的调度报告" in home
    client.force_login(dispatcher_qz)
    home = client.get(reverse("home")).content.decode()
    assert "待审核的月度调度报告" in home and "调度待报送" not in home


def test_it_lists_and_exports_reports(client: Client, make_project: Any, make_report: Any, dispatcher_qz: User) -> None:
    make_report(make_project("晋江大道改造", plan=100), 6, 12, ReportStatus.SUBMITTED)
    make_report(make_project("南安高铁新城", "350583", plan=100), 6, 34)
    client.force_login(dispatcher_qz)
    page = client.get(reverse("dispatch:report_list"), {"status": "submitted"}).content.decode()
    assert "晋江大道改造" in page and "南安高铁新城" not in page and f"{YEAR}年6月" in page
    response = client.get(reverse("dispatch:report_export"), {"region": "350583"})
    rows = list(load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("项目代码", "项目名称", "所属区域")
    assert [row[1] for row in rows[1:]] == ["南安高铁新城"]
