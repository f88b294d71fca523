"""One month of dispatch in the browser: the 晋江 reporter fills the grid with the keyboard and submits, the
泉州 dispatcher approves in the queue, and the project's light turns from red to green."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from tests.e2e.helpers import sign_in
from tuijin.core.models import Region, User
from tuijin.dispatch.models import MonthlyReport, ReportStatus
from tuijin.projects.choices import Category
from tuijin.projects.models import AnnualPlan, Project

pytestmark = pytest.mark.django_db(transaction=True)

YEAR, MONTH = 2025, 6
PERIOD = f"?year={YEAR}&month={MONTH}"


def chart_actual(page: Any) -> list[str | None]:
    return json.loads(page.locator("#plan-chart-data").text_content())["actual"]


def make_project(region: Region, name: str) -> Project:
    project = Project.objects.create(
        name=name, region=region, category=Category.INFRASTRUCTURE, total_investment=Decimal("20000")
    )
    # A plan of 1200: nothing approved by June is 50 points behind 序时 (red); 600 is on schedule (green).
    AnnualPlan.objects.create(project=project, year=YEAR, planned_investment=Decimal("1200"))
    return project


def test_it_runs_a_month_from_grid_to_green_light(
    page: Any, live_server: Any, regions: dict[str, Region], reporter_jj: User, dispatcher_qz: User
) -> None:
    road = make_project(regions["350582"], "晋江大道改造")
    make_project(regions["350582"], "围头港区码头")
    detail = f"{live_server.url}/projects/{road.pk}/{PERIOD}"

    sign_in(page, live_server, "jj_reporter")
    page.goto(detail)
    assert page.inner_text("[data-testid=overall-light]") == "红灯"
    assert chart_actual(page)[MONTH - 1] == "0.00"

    # The grid: type in the first amount cell, Enter moves down the column to the next project.
    page.goto(f"{live_server.url}/dispatch/grid/{PERIOD}")
    amounts = page.locator("table[data-grid] input[data-col=amount]")
    assert amounts.count() == 2
    amounts.nth(0).click()
    page.keyboard.type("600")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.name") == amounts.nth(1).get_attribute("name")
    page.keyboard.type("600")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.name") == amounts.nth(0).get_attribute("name")
    page.click("button[value=submit]")
    page.wait_for_selector("text=已保存2条，报送2条。")
    assert MonthlyReport.objects.filter(status=ReportStatus.SUBMITTED).count() == 2

    # The dispatcher approves one row with its button (htmx) and the other in bulk.
    sign_in(page, live_server, "qz_dispatch")
    page.goto(f"{live_server.url}/dispatch/queue/{PERIOD}")
    road_report = MonthlyReport.objects.get(project=road)
    row = page.locator(f"#report-{road_report.pk}")
    row.locator("button", has_text="通过").click()
    page.wait_for_selector(f"#report-{road_report.pk} [data-testid=queue-done]")
    assert "已审核通过" in page.inner_text(f"#report-{road_report.pk}")
    page.locator("input.row-check").first.check()
    page.click("button[value=approve]")
    page.wait_for_selector("text=已审核通过1条报告。")
    assert MonthlyReport.objects.filter(status=ReportStatus.APPROVED).count() == 2

    # The project's light and chart now count the approved June report.
    page.goto(detail)
    assert page.inner_text("[data-testid=overall-light]") == "绿灯"
    assert chart_actual(page)[MONTH - 1] == "600.00"
    page.wait_for_selector("#plan-chart canvas")  # ECharts drew the chart
