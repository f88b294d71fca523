"""A problem's closed loop in the browser: the city dispatcher assigns a 晋江 land problem to the land bureau (with
the power company helping), the bureau's handler finds it in the unit inbox, replies with a PDF and resolves it,
and the dispatcher verifies it and closes it (销号). Every step goes through the action panels of the problem page
(htmx posts, HX-Redirect back to the page)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from tests.e2e.helpers import sign_in
from tuijin.core import workdays
from tuijin.core.choices import Role, UnitKind
from tuijin.core.models import Region, User
from tuijin.problems.choices import Action, ProblemStatus
from tuijin.problems.models import Problem, ProblemKind
from tuijin.projects.choices import Category, Stage
from tuijin.projects.models import Project

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def submit_panel(page: Any, panel: str) -> None:
    """Submit an open action panel; the htmx answer redirects to the problem page."""
    with page.expect_navigation():
        page.click(f"details[data-panel={panel}] button[type=submit]")


def test_dispatcher_assigns_handler_resolves_dispatcher_closes(
    page: Any,
    live_server: Any,
    regions: dict[str, Region],
    dispatcher_qz: User,
    make_unit: Any,
    make_user: Any,
) -> None:
    today = timezone.localdate()
    land_bureau = make_unit("晋江市自然资源和规划局", "350582")
    power_company = make_unit("国网晋江市供电公司", "350582", kind=UnitKind.ENTERPRISE)
    make_user("jj_land_handler", Role.HANDLER, "350582", unit=land_bureau, full_name="吴国平")
    project = Project(
        name="晋江智能装备产业园",
        region=regions["350582"],
        category=Category.INDUSTRY,
        total_investment=Decimal("50000"),
    )
    project.full_clean()
    project.save()
    project.enter(Stage.PREPARATION, today)
    problem = Problem(
        project=project,
        kind=ProblemKind.objects.get(code="land"),
        title="二期用地指标未落实",
        description="项目二期用地指标尚未下达，影响供地。",
        raised_on=today,
    )
    problem.full_clean()
    problem.save()
    url = f"{live_server.url}{problem.get_absolute_url()}"

    # 交办: the dispatcher picks the lead and helper units on the problem page.
    sign_in(page, live_server, "qz_dispatch")
    page.goto(url)
    page.click("details[data-panel=assign] summary")
    page.select_option("#id_assign_lead_unit", str(land_bureau.pk))
    page.select_option("#id_assign_helper_units", [str(power_company.pk)])
    page.fill("#id_assign_note", "请市自然资源局牵头，一周内明确指标来源")
    submit_panel(page, "assign")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.ASSIGNED
    assert problem.lead_unit == land_bureau
    assert list(problem.helper_units.all()) == [power_company]
    lead_days = ProblemKind.objects.get(code="land").lead_days
    assert problem.deadline == workdays.add_workdays(today, lead_days).date
    assert page.is_visible("[data-testid=timeline] [data-action=assign]")

    # The handler finds it in the unit's inbox and replies with a PDF.
    sign_in(page, live_server, "jj_land_handler")
    page.goto(f"{live_server.url}/problems/inbox/")
    with page.expect_navigation():
        page.click("text=二期用地指标未落实")
    assert page.url == url
    page.click("details[data-panel=reply] summary")
    page.fill("#id_reply_content", "已向省厅申报指标，附申报文件")
    page.set_input_files(
        "#id_reply_files", files=[{"name": "指标申报函.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    submit_panel(page, "reply")
    assert page.inner_text("[data-testid=timeline] [data-action=reply] [data-testid=attachment]") == "指标申报函.pdf"
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.HANDLING
    attachment = problem.records.get(action=Action.REPLY).attachments.get()
    assert attachment.file.read() == PDF
    assert attachment.file.name != "指标申报函.pdf"  # stored under a random name

    # The attachment downloads under the user's file name.
    with page.expect_download() as download:
        page.click("[data-testid=attachment]")
    assert download.value.suggested_filename == "指标申报函.pdf"

    # 办结.
    page.click("details[data-panel=resolve] summary")
    page.fill("#id_resolve_resolution", "省厅已下达用地指标，供地手续启动")
    submit_panel(page, "resolve")
    problem.refresh_from_db()
    assert (problem.status, problem.resolved_on) == (ProblemStatus.RESOLVED, today)
    assert page.is_visible("[data-testid=no-actions]")

    # 销号 by the dispatcher after checking.
    sign_in(page, live_server, "qz_dispatch")
    page.goto(url)
    page.click("details[data-panel=close] summary")
    page.fill("#id_close_note", "经核实，指标已落实")
    submit_panel(page, "close")
    problem.refresh_from_db()
    assert (problem.status, problem.closed_on) == (ProblemStatus.CLOSED, today)
    actions = [record.action for record in problem.records.order_by("pk")]
    assert actions == [Action.RAISE, Action.ASSIGN, Action.REPLY, Action.RESOLVE, Action.CLOSE]
    timeline = page.inner_text("[data-testid=timeline]")
    assert "销号" in timeline and "吴国平" in timeline
    assert problem.history.filter(history_user=dispatcher_qz, status=ProblemStatus.CLOSED).exists()
