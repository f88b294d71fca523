"""From lead to construction in the browser: the 晋江 reporter records a lead, moves it to 洽谈 on the lead page,
signs it, records 注册 and 开工 on the contract, and the registry project the contract created is 在建; and team
members are added and removed in place."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.helpers import sign_in
from tuijin.attraction.choices import LeadStatus
from tuijin.attraction.models import Contract, Lead, LeadSource, Team, TeamMember
from tuijin.core.models import Region, User
from tuijin.projects.choices import Stage

pytestmark = pytest.mark.django_db(transaction=True)


def save(page: Any) -> None:
    with page.expect_navigation():
        page.click("form button[type=submit].btn-primary")


def test_it_takes_a_lead_to_a_project_under_construction(
    page: Any, live_server: Any, regions: dict[str, Region], reporter_jj: User
) -> None:
    jj = regions["350582"]
    source = LeadSource.objects.get(name="粤港澳")
    sign_in(page, live_server, "jj_reporter")

    # A new lead.
    page.goto(f"{live_server.url}/attraction/leads/")
    page.click("text=新建")
    page.fill("#id_company", "福建恒安新材料有限公司")
    page.fill("#id_project_name", "高端卫生材料项目")
    page.select_option("#id_source", str(source.pk))
    page.fill("#id_intended_investment", "250000")
    page.select_option("#id_region", str(jj.pk))
    save(page)
    lead = Lead.objects.get()
    assert page.url.endswith(lead.get_absolute_url())
    assert page.inner_text("[data-testid=lead-status]").startswith("线索")

    # 线索 → 洽谈 in place (htmx swaps the status panel).
    page.select_option("#lead-status select[name=to_status]", LeadStatus.TALKING)
    page.click("#lead-status button[type=submit]")
    page.wait_for_selector("#lead-status >> text=已变更线索状态")
    assert page.inner_text("[data-testid=lead-status]").startswith("洽谈")
    lead.refresh_from_db()
    assert lead.status == LeadStatus.TALKING

    # 签约: the contract form comes filled from the lead.
    with page.expect_navigation():
        page.click("[data-testid=sign]")
    assert page.input_value("#id_name") == "高端卫生材料项目"
    assert page.input_value("#id_investor_name") == "福建恒安新材料有限公司"
    page.fill("#id_number", "JJ-2026-018")
    save(page)
    contract = Contract.objects.get()
    assert page.url.endswith(contract.get_absolute_url())
    lead.refresh_from_db()
    assert (contract.lead_id, lead.status) == (lead.pk, LeadStatus.SIGNED)
    assert page.is_visible("[data-testid=big]")  # 25亿元 ≥ 20亿元

    # 注册, then 开工: the contract page then shows the registry project it created.
    for kind, label in (("registered", "注册"), ("started", "开工")):
        with page.expect_navigation():
            page.click(".page-head .actions a:text-is('登记履约节点')")
        page.select_option("#id_kind", kind)
        page.fill("#id_evidence", f"{label}佐证")
        save(page)
        assert page.url.endswith(contract.get_absolute_url())
        page.wait_for_selector(f"[data-testid=milestone-date-{kind}]")
    contract.refresh_from_db()
    assert contract.project is not None and contract.project.stage == Stage.CONSTRUCTION
    link = page.locator("[data-testid=linked-project] a")
    assert link.inner_text() == "高端卫生材料项目"
    with page.expect_navigation():
        link.click()
    assert page.url.endswith(contract.project.get_absolute_url())
    assert "在建" in page.inner_text(".field-grid")


def test_it_adds_and_removes_team_members_in_place(
    page: Any, live_server: Any, regions: dict[str, Region], reporter_jj: User
) -> None:
    team = Team.objects.create(name="晋江市驻深圳招商组", region=regions["350582"])
    member = TeamMember.objects.create(team=team, name="王五")
    sign_in(page, live_server, "jj_reporter")
    page.goto(live_server.url + team.get_absolute_url())
    page.fill("#team-members #id_name", "赵六")
    page.click("#team-members .member-form button")
    page.wait_for_selector("#team-members >> text=已添加成员")
    # The reason is asked in a prompt and travels in the (URI-encoded) HX-Prompt header.
    page.on("dialog", lambda dialog: dialog.accept("调离晋江"))
    page.locator("#team-members tr", has_text="王五").locator("button").click()
    page.wait_for_selector("#team-members >> text=已删除：王五")
    assert member.history.latest("history_id").history_change_reason == "调离晋江"
    assert list(team.members.values_list("name", flat=True)) == ["赵六"]
