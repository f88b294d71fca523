"""Pages of investment attraction: leads (list, board, card, moves, follow-ups), contracts (from a lead, milestones,
funds, the project link, the late list), events, teams, targets and settings — each within the user's scope, every
write with its reason in history."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tuijin.attraction.choices import ContractKind, LeadStatus, MilestoneKind
from tuijin.attraction.imports import ContractImportSpec, LeadImportSpec
from tuijin.attraction.models import (
    AttractionSettings,
    AttractionTarget,
    Contract,
    FollowUp,
    FundArrival,
    Lead,
    LeadSource,
    Milestone,
    SigningEvent,
    Team,
    TeamMember,
)
from tuijin.attraction.todos import todos
from tuijin.core.models import Region, User
from tuijin.exchange.pipeline import run_import
from tuijin.projects.choices import Category, Stage
from tuijin.projects.models import Project

D = datetime.date
TODAY = timezone.localdate()
R, L, S, P = MilestoneKind.REGISTERED, MilestoneKind.LAND, MilestoneKind.STARTED, MilestoneKind.PRODUCING


# ---- builders -------------------------------------------------------------------------------------------------------


def source(name: str = "长三角") -> LeadSource:
    return LeadSource.objects.get(name=name)


def make_lead(company: str, code: str = "350582", **fields: Any) -> Lead:
    fields.setdefault("source", source())
    fields.setdefault("intended_investment", Decimal("50000"))
    fields.setdefault("found_on", TODAY)
    lead = Lead(company=company, region=Region.objects.get(code=code), **fields)
    lead.full_clean()
    lead.save()
    return lead


def make_contract(name: str, code: str = "350582", **fields: Any) -> Contract:
    fields.setdefault("source", source())
    fields.setdefault("investor_name", f"{name}投资有限公司")
    fields.setdefault("amount", Decimal("100000"))
    fields.setdefault("signed_on", D(2026, 1, 10))
    contract = Contract(name=name, region=Region.objects.get(code=code), **fields)
    contract.full_clean()
    contract.save()
    return contract


def lead_form(region: Region, **changes: Any) -> dict[str, Any]:
    data = {
        "company": "福建恒安新材料有限公司",
        "credit_code": "",
        "project_name": "高端卫生材料项目",
        "source": source().pk,
        "industry_section": "C",
        "industry_division": "",
        "intended_investment": "80000",
        "region": region.pk,
        "team": "",
        "owner": "李四",
        "contact": "",
        "found_on": TODAY.isoformat(),
        "description": "",
        "reason": "",
    }
    data.update(changes)
    return data


def contract_form(region: Region, **changes: Any) -> dict[str, Any]:
    data = {
        "number": "JJ-2026-001",
        "name": "高端卫生材料项目",
        "lead": "",
        "investor_name": "福建恒安新材料有限公司",
        "investor_credit_code": "",
        "amount": "250000",
        "kind": ContractKind.FORMAL,
        "signed_on": D(2026, 3, 1).isoformat(),
        "event": "",
        "region": region.pk,
        "industry_section": "C",
        "industry_division": "",
        "source": source().pk,
        "team": "",
        "needs_land": "on",
        "content": "",
        "reason": "",
    }
    data.update(changes)
    return data


def page(client: Client, url: str, **kwargs: Any) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def ledger_rows(response: Any, title: str) -> list[tuple]:
    """The header and data rows of an import sheet (its title and 单位：万元 rows skipped)."""
    rows = sheet_rows(response)
    assert rows[0][0] == title and rows[1][0] == "单位：万元"
    return rows[2:]


def sheet_rows(response: Any) -> list[tuple]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    return list(workbook.active.iter_rows(values_only=True))


@pytest.fixture
def jj(regions: dict[str, Region]) -> Region:
    return regions["350582"]


# ---- leads ----------------------------------------------------------------------------------------------------------


def test_it_lists_filters_and_searches_leads_in_scope(client: Client, reporter_jj: User, jj: Region) -> None:
    make_lead("晋江安踏配套", project_name="运动面料")
    make_lead("晋江恒安纸业", status_changed_on=None)
    make_lead("鲤城外地企业", code="350502")
    old = make_lead("晋江老线索", found_on=TODAY - datetime.timedelta(days=60))
    client.force_login(reporter_jj)
    url = reverse("attraction:lead_list")
    html = page(client, url)
    assert "晋江安踏配套" in html and "晋江恒安纸业" in html and "鲤城外地企业" not in html
    assert 'data-testid="attraction-subnav"' in html
    assert html.count('data-testid="stale"') == 1  # the lead found 60 days ago, never followed up
    html = page(client, url, data={"q": "安踏"})
    assert "晋江安踏配套" in html and "晋江恒安纸业" not in html
    html = page(client, url, data={"stale": "true"})
    assert old.company in html and "晋江安踏配套" not in html
    # htmx filter requests get the results partial only.
    partial = page(client, url, data={"q": "恒安"}, headers={"HX-Request": "true", "HX-Target": "results"})
    assert "晋江恒安纸业" in partial and "<html" not in partial


def test_it_exports_the_filtered_leads_as_the_import_sheet(client: Client, reporter_jj: User, jj: Region) -> None:
    make_lead("晋江安踏配套", intended_investment=Decimal("12345.6789"))
    make_lead("晋江恒安纸业")
    make_lead("鲤城外地企业", code="350502")
    client.force_login(reporter_jj)
    response = client.get(reverse("attraction:lead_export"), {"q": "安踏"})
    rows = ledger_rows(response, "招商线索表")
    assert rows[0][:4] == ("企业名称", "统一社会信用代码", "拟投资项目", "来源地")
    assert [row[0] for row in rows[1:]] == ["晋江安踏配套"]
    assert Decimal(str(rows[1][rows[0].index("意向投资额")])) == Decimal("12345.6789")
    response = client.get(reverse("attraction:lead_export"))
    assert sorted(row[0] for row in ledger_rows(response, "招商线索表")[1:]) == ["晋江安踏配套", "晋江恒安纸业"]
    # Export → import reads back what was written: nothing to change.
    result = run_import(LeadImportSpec(), response.content, reporter_jj, dry_run=True, filename="线索.xlsx")
    assert result.error_lines() == [] and (result.created, result.updated, result.unchanged) == (0, 0, 2)


def test_it_shows_the_board_by_status_with_counts_and_a_link_to_the_rest(
    client: Client, reporter_jj: User, jj: Region
) -> None:
    for index in range(14):
        make_lead(f"线索企业{index:02d}", intended_investment=Decimal(1000 + index))
    talking = make_lead("洽谈企业")
    talking.move(LeadStatus.TALKING)
    client.force_login(reporter_jj)
    html = page(client, reverse("attraction:lead_board"))
    assert 'data-testid="count-lead">14<' in html and 'data-testid="count-talking">1<' in html
    assert "更多（还有 2 条）" in html and "status=lead" in html
    assert "线索企业13" in html and "线索企业00" not in html  # the largest twelve
    partial = page(
        client,
        reverse("attraction:lead_board"),
        data={"q": "洽谈"},
        headers={"HX-Request": "true", "HX-Target": "board"},
    )
    assert 'data-testid="count-talking">1<' in partial and 'data-testid="count-lead">0<' in partial


def test_it_creates_and_edits_a_lead_with_its_reason_in_history(client: Client, reporter_jj: User, jj: Region) -> None:
    client.force_login(reporter_jj)
    response = client.post(reverse("attraction:lead_create"), lead_form(jj))
    assert response.status_code == 302, response.content.decode()
    lead = Lead.objects.get()
    assert response["Location"] == lead.get_absolute_url()
    assert lead.status == LeadStatus.LEAD
    assert page(client, lead.get_absolute_url()).count("已保存：") == 1  # once, at the top of the page
    data = lead_form(jj, intended_investment="90000", version=lead.version)
    html = client.post(reverse("attraction:lead_edit", args=[lead.pk]), data).content.decode()
    assert "请填写修改原因" in html
    data["reason"] = "企业追加投资"
    assert client.post(reverse("attraction:lead_edit", args=[lead.pk]), data).status_code == 302
    lead.refresh_from_db()
    assert lead.intended_investment == Decimal("90000")
    history = page(client, lead.get_absolute_url() + "?tab=history")
    assert "企业追加投资" in history and "意向投资额（万元）" in history


def test_it_refuses_a_lead_outside_the_users_regions(client: Client, reporter_jj: User, regions: Any) -> None:
    client.force_login(reporter_jj)
    response = client.post(reverse("attraction:lead_create"), lead_form(regions["350502"]))
    assert response.status_code == 200
    assert not Lead.objects.exists()


def test_it_moves_a_lead_and_shows_the_models_refusals(client: Client, reporter_jj: User, jj: Region) -> None:
    lead = make_lead("晋江安踏配套")
    client.force_login(reporter_jj)
    url = reverse("attraction:lead_move", args=[lead.pk])
    htmx = {"HX-Request": "true", "HX-Target": "lead-status"}

    html = client.post(url, {"to_status": LeadStatus.DROPPED, "date": TODAY.isoformat()}, headers=htmx)
    assert "放弃线索请填写原因。" in html.content.decode() and 'id="lead-status"' in html.content.decode()
    html = client.post(url, {"to_status": LeadStatus.SIGNED, "date": TODAY.isoformat()}).content.decode()
    assert "请从线索新建签约项目，签约后线索自动变为“签约”。" in html
    lead.refresh_from_db()
    assert (lead.status, lead.history.count()) == (LeadStatus.LEAD, 1)

    response = client.post(url, {"to_status": LeadStatus.TALKING, "date": TODAY.isoformat()}, headers=htmx)
    assert response.status_code == 200
    assert "已变更线索状态" in response.content.decode() and "洽谈" in response.content.decode()
    lead.refresh_from_db()
    assert (lead.status, lead.status_changed_on) == (LeadStatus.TALKING, TODAY)
    assert lead.history.latest("history_id").history_change_reason == "状态变更为“洽谈”"

    response = client.post(url, {"to_status": LeadStatus.DROPPED, "date": TODAY.isoformat(), "reason": "企业转投外省"})
    assert response.status_code == 302
    lead.refresh_from_db()
    assert (lead.status, lead.drop_reason) == (LeadStatus.DROPPED, "企业转投外省")
    assert "企业转投外省" in page(client, lead.get_absolute_url() + "?tab=history")


def test_it_adds_a_follow_up_and_refreshes_the_timeline(client: Client, reporter_jj: User, jj: Region) -> None:
    lead = make_lead("晋江老线索", found_on=TODAY - datetime.timedelta(days=60))
    client.force_login(reporter_jj)
    assert 'data-testid="stale"' in page(client, lead.get_absolute_url())
    url = reverse("attraction:lead_followup", args=[lead.pk])
    htmx = {"HX-Request": "true", "HX-Target": "lead-followups"}
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    html = client.post(url, {"date": tomorrow, "content": "电话沟通"}, headers=htmx).content.decode()
    assert "日期不能晚于今天。" in html and not FollowUp.objects.exists()
    html = client.post(
        url, {"date": TODAY.isoformat(), "content": "上门拜访，企业有意扩产"}, headers=htmx
    ).content.decode()
    assert 'id="lead-followups"' in html and "上门拜访，企业有意扩产" in html
    follow_up = FollowUp.objects.get()
    assert follow_up.recorded_by == reporter_jj
    assert 'data-testid="stale"' not in page(client, lead.get_absolute_url())


# ---- contracts ------------------------------------------------------------------------------------------------------


def test_it_creates_a_contract_from_a_lead_and_marks_the_lead_signed(
    client: Client, reporter_jj: User, jj: Region
) -> None:
    team = Team.objects.create(name="晋江一组", region=jj)
    lead = make_lead("福建恒安新材料有限公司", project_name="高端卫生材料项目", team=team, industry_section="C")
    client.force_login(reporter_jj)
    detail = page(client, lead.get_absolute_url())
    sign_url = f"{reverse('attraction:contract_create')}?lead={lead.pk}"
    assert f'href="{sign_url}"' in detail
    form = client.get(sign_url).context["form"]
    assert form.initial["name"] == "高端卫生材料项目"
    assert form.initial["investor_name"] == "福建恒安新材料有限公司"
    assert (form.initial["amount"], form.initial["team"], form.initial["lead"]) == (Decimal("50000"), team.pk, lead.pk)

    response = client.post(sign_url, contract_form(jj, lead=lead.pk, team=team.pk))
    assert response.status_code == 302, response.content.decode()
    contract = Contract.objects.get()
    lead.refresh_from_db()
    assert (contract.lead, lead.status, lead.status_changed_on) == (lead, LeadStatus.SIGNED, D(2026, 3, 1))
    assert lead.history.latest("history_id").history_change_reason == "签约：高端卫生材料项目"
    html = page(client, contract.get_absolute_url())
    assert lead.get_absolute_url() in html and 'data-testid="big"' in html  # 25亿 ≥ 20亿


def test_it_hides_other_regions_leads_from_the_contract_form(
    client: Client, reporter_jj: User, reporter_lc: User, jj: Region
) -> None:
    lead = make_lead("晋江安踏配套")
    client.force_login(reporter_lc)
    assert client.get(f"{reverse('attraction:contract_create')}?lead={lead.pk}").status_code == 404


def test_it_lists_filters_and_totals_contracts(client: Client, reporter_jj: User, jj: Region) -> None:
    make_contract("晋江甲项目", amount=Decimal("250000"), number="A-1")
    make_contract("晋江乙项目", amount=Decimal("12345.6789"), kind=ContractKind.FRAMEWORK)
    make_contract("鲤城丙项目", code="350502", amount=Decimal("99999"))
    client.force_login(reporter_jj)
    url = reverse("attraction:contract_list")
    html = page(client, url)
    assert "晋江甲项目" in html and "晋江乙项目" in html and "鲤城丙项目" not in html
    assert "合计 2 个" in html and "26.23亿元" in html  # 262 345.6789万元
    html = page(client, url, data={"kind": ContractKind.FORMAL})
    assert "合计 1 个" in html and "25.00亿元" in html and "晋江乙项目" not in html
    html = page(client, url, data={"big": "true"})
    assert "晋江甲项目" in html and "晋江乙项目" not in html
    response = client.get(reverse("attraction:contract_export"), {"q": "甲"})
    rows = ledger_rows(response, "签约项目台账")
    assert rows[0][:2] == ("合同编号", "项目名称") and [row[1] for row in rows[1:]] == ["晋江甲项目"]
    result = run_import(ContractImportSpec(), response.content, reporter_jj, dry_run=True, filename="台账.xlsx")
    assert result.error_lines() == [] and (result.created, result.updated, result.unchanged) == (0, 0, 1)


def test_it_refuses_a_milestone_out_of_order_on_the_form(client: Client, reporter_jj: User, jj: Region) -> None:
    contract = make_contract("晋江甲项目")
    client.force_login(reporter_jj)
    url = reverse("attraction:milestone_record", args=[contract.pk])
    html = client.post(url, {"kind": S, "date": "2026-05-01"}).content.decode()
    assert "请先登记“注册”，再登记“开工”。" in html
    html = client.post(url, {"kind": R, "date": "2025-12-01"}).content.decode()
    assert "注册日期不能早于签约日期2026年1月10日。" in html
    assert not Milestone.objects.exists() and not Project.objects.exists()
    assert client.post(url, {"kind": R, "date": "2026-02-01", "evidence": "营业执照"}).status_code == 302
    html = client.post(url, {"kind": L, "date": "2026-01-20"}).content.decode()
    assert "供地日期应不早于注册日期2026年2月1日。" in html
    assert list(contract.milestones.values_list("kind", flat=True)) == [R]


def test_it_creates_the_project_in_construction_when_start_is_recorded(
    client: Client, reporter_jj: User, jj: Region
) -> None:
    contract = make_contract("晋江甲项目", industry_section="C")
    client.force_login(reporter_jj)
    url = reverse("attraction:milestone_record", args=[contract.pk])
    assert client.post(url, {"kind": R, "date": "2026-02-01"}).status_code == 302
    response = client.post(url, {"kind": S, "date": "2026-04-01", "evidence": "施工许可证"})
    assert response.status_code == 302
    contract.refresh_from_db()
    project = contract.project
    assert (project.name, project.stage, project.actual_start) == ("晋江甲项目", Stage.CONSTRUCTION, D(2026, 4, 1))
    html = page(client, contract.get_absolute_url())
    assert project.get_absolute_url() in html and 'data-testid="milestone-date-started">2026年4月1日<' in html
    assert "登记履约节点“开工”" in page(client, contract.get_absolute_url() + "?tab=history")


def test_it_links_an_existing_project_when_start_is_recorded(client: Client, reporter_jj: User, jj: Region) -> None:
    project = Project(name="晋江已有项目", region=jj, category=Category.INDUSTRY, total_investment=Decimal("80000"))
    project.full_clean()
    project.save()
    project.enter(Stage.PREPARATION, D(2026, 1, 5))
    contract = make_contract("晋江甲项目")
    contract.record_milestone(R, D(2026, 2, 1))
    client.force_login(reporter_jj)
    url = reverse("attraction:milestone_record", args=[contract.pk])
    html = client.post(url, {"kind": L, "date": "2026-03-01", "project": project.pk}).content.decode()
    assert "只有登记“开工”时才能关联重点项目。" in html
    assert client.post(url, {"kind": S, "date": "2026-04-01", "project": project.pk}).status_code == 302
    contract.refresh_from_db()
    project.refresh_from_db()
    assert (contract.project, project.stage) == (project, Stage.CONSTRUCTION)
    assert Project.objects.count() == 1


def test_it_links_a_new_project_in_preparation(client: Client, reporter_jj: User, jj: Region) -> None:
    contract = make_contract("晋江甲项目")
    client.force_login(reporter_jj)
    url = reverse("attraction:contract_link_project", args=[contract.pk])
    assert client.post(url, {"project": "", "reason": ""}).status_code == 302
    contract.refresh_from_db()
    assert (contract.project.stage, contract.project.name) == (Stage.PREPARATION, "晋江甲项目")


def test_it_refuses_to_delete_a_milestone_another_one_needs(client: Client, reporter_jj: User, jj: Region) -> None:
    contract = make_contract("晋江甲项目")
    contract.record_milestone(R, D(2026, 2, 1))
    contract.record_milestone(S, D(2026, 4, 1))
    registered = contract.milestones.get(kind=R)
    client.force_login(reporter_jj)
    url = reverse("attraction:milestone_delete", args=[registered.pk])
    html = client.post(url, {"reason": "录入错误"}).content.decode()
    assert "已登记“开工”，不能删除“注册”。" in html
    assert contract.milestones.count() == 2
    started = contract.milestones.get(kind=S)
    response = client.post(reverse("attraction:milestone_delete", args=[started.pk]), {"reason": "录入错误"})
    assert response["Location"] == contract.get_absolute_url()
    assert list(contract.milestones.values_list("kind", flat=True)) == [R]


def test_it_records_funds_and_draws_them_cumulated(client: Client, reporter_jj: User, jj: Region) -> None:
    contract = make_contract("晋江甲项目", amount=Decimal("100000"))
    client.force_login(reporter_jj)
    url = reverse("attraction:fund_create", args=[contract.pk])
    html = client.post(url, {"date": "2025-12-01", "amount": "100"}).content.decode()
    assert "到位日期不能早于签约日期2026年1月10日。" in html
    for on, amount in (("2026-03-01", "20000"), ("2026-06-01", "5000.555")):
        assert client.post(url, {"date": on, "amount": amount}).status_code == 302
    response = client.get(contract.get_absolute_url())
    chart = response.context["chart"]
    assert chart["points"][:3] == [("2026-01-10", "0.00"), ("2026-03-01", "20000.00"), ("2026-06-01", "25000.56")]
    assert chart["points"][3:] == [(TODAY.isoformat(), "25000.56")]
    html = response.content.decode()
    assert 'data-testid="funds-total">25,000.56<' in html and 'data-testid="funds-rate">25.00%<' in html
    fund = FundArrival.objects.get(amount=Decimal("20000"))
    client.post(reverse("attraction:fund_delete", args=[fund.pk]), {"reason": "重复登记"})
    assert contract.funds.count() == 1


def test_it_lists_and_exports_late_contracts(client: Client, reporter_jj: User, jj: Region) -> None:
    late = make_contract("晋江逾期项目", signed_on=D(2025, 6, 1), needs_land=False)
    late.record_milestone(R, D(2025, 7, 1))
    make_contract("晋江按期项目", signed_on=TODAY - datetime.timedelta(days=10))
    make_contract("鲤城逾期项目", code="350502", signed_on=D(2025, 6, 1))
    client.force_login(reporter_jj)
    html = page(client, reverse("attraction:late_list"))
    assert "晋江逾期项目" in html and "晋江按期项目" not in html and "鲤城逾期项目" not in html
    assert "开工（应于2026年6月1日）" in html
    assert f">{(TODAY - D(2026, 6, 1)).days}<" in html
    detail = page(client, late.get_absolute_url())
    assert 'data-testid="late-started"' in detail and 'data-testid="late-registered"' not in detail
    rows = sheet_rows(client.get(reverse("attraction:late_export")))
    assert [row[1] for row in rows[1:]] == ["晋江逾期项目"] and rows[1][6] == "开工"


# ---- scope ----------------------------------------------------------------------------------------------------------


def test_it_lets_a_leader_read_but_not_edit(client: Client, leader_qz: User, jj: Region) -> None:
    lead = make_lead("晋江安踏配套")
    contract = make_contract("晋江甲项目")
    client.force_login(leader_qz)
    assert "编辑" not in page(client, lead.get_absolute_url()).split('class="actions"')[1].split("</div>")[0]
    page(client, contract.get_absolute_url())
    for url in (
        reverse("attraction:lead_create"),
        reverse("attraction:lead_edit", args=[lead.pk]),
        reverse("attraction:lead_move", args=[lead.pk]),
        reverse("attraction:lead_followup", args=[lead.pk]),
        reverse("attraction:contract_create"),
        reverse("attraction:contract_edit", args=[contract.pk]),
        reverse("attraction:contract_delete", args=[contract.pk]),
        reverse("attraction:milestone_record", args=[contract.pk]),
        reverse("attraction:fund_create", args=[contract.pk]),
        reverse("attraction:contract_link_project", args=[contract.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("attraction:lead_move", args=[lead.pk]), {"to_status": "talking"}).status_code == 404


def test_it_hides_another_districts_rows(client: Client, reporter_lc: User, jj: Region) -> None:
    lead = make_lead("晋江安踏配套")
    contract = make_contract("晋江甲项目")
    contract.record_milestone(R, D(2026, 2, 1))
    client.force_login(reporter_lc)
    for url in (
        lead.get_absolute_url(),
        reverse("attraction:lead_edit", args=[lead.pk]),
        reverse("attraction:lead_delete", args=[lead.pk]),
        contract.get_absolute_url(),
        reverse("attraction:contract_edit", args=[contract.pk]),
        reverse("attraction:milestone_record", args=[contract.pk]),
        reverse("attraction:milestone_delete", args=[contract.milestones.get().pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert "晋江甲项目" not in page(client, reverse("attraction:contract_list"))


def test_it_shows_settings_to_administrators_only(
    client: Client, admin_user: User, dispatcher_qz: User, reporter_jj: User
) -> None:
    url = reverse("attraction:settings")
    for user in (dispatcher_qz, reporter_jj):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert "设置</a>" not in page(client, reverse("attraction:lead_list"))
    client.force_login(admin_user)
    settings = AttractionSettings.current()
    data = {
        "big_project_threshold": "100000",
        "rate_basis": settings.rate_basis,
        "stale_lead_days": "15",
        "register_due_months": "3",
        "land_due_months": "6",
        "start_due_months": "12",
        "produce_due_months": "24",
        "version": settings.version,
        "reason": "调整大项目门槛",
    }
    assert client.post(url, data).status_code == 302
    settings.refresh_from_db()
    assert (settings.big_project_threshold, settings.stale_lead_days) == (Decimal("100000"), 15)
    assert settings.history.latest("history_id").history_change_reason == "调整大项目门槛"


# ---- events, teams, targets -----------------------------------------------------------------------------------------


def test_it_shows_an_events_contracts_and_totals(client: Client, reporter_jj: User, jj: Region) -> None:
    client.force_login(reporter_jj)
    data = {"name": "2026年晋江集中签约大会", "kind": "conference", "date": "2026-03-01", "region": jj.pk, "reason": ""}
    assert client.post(reverse("attraction:event_create"), data).status_code == 302
    event = SigningEvent.objects.get()
    make_contract("晋江甲项目", event=event, signed_on=D(2026, 3, 1), amount=Decimal("150000"))
    make_contract("晋江乙项目", event=event, signed_on=D(2026, 3, 1), amount=Decimal("50000"))
    html = page(client, event.get_absolute_url())
    assert 'data-testid="event-count">2<' in html and 'data-testid="event-amount">20.00亿元<' in html
    assert "20.00亿元" in page(client, reverse("attraction:event_list"))
    rows = sheet_rows(client.get(reverse("attraction:event_export")))
    assert rows[1][0] == "2026年晋江集中签约大会" and rows[1][7] == 2


def test_it_manages_a_team_and_its_members(client: Client, reporter_jj: User, jj: Region) -> None:
    client.force_login(reporter_jj)
    data = {"name": "晋江一组", "region": jj.pk, "leader": "张组长", "focus": "纺织鞋服", "reason": ""}
    assert client.post(reverse("attraction:team_create"), data).status_code == 302
    team = Team.objects.get()
    make_contract("晋江甲项目", team=team, signed_on=TODAY, amount=Decimal("30000"))
    htmx = {"HX-Request": "true", "HX-Target": "team-members"}
    add = reverse("attraction:team_member_add", args=[team.pk])
    html = client.post(add, {"name": "", "position": "组员"}, headers=htmx).content.decode()
    assert 'id="team-members"' in html and "该字段是必填项" in html
    html = client.post(add, {"name": "王五", "position": "组员", "user": reporter_jj.pk}, headers=htmx).content.decode()
    assert "王五" in html
    member = TeamMember.objects.get()
    assert member.user == reporter_jj
    html = page(client, reverse("attraction:team_list"))
    assert "3.00亿元" in html
    detail = page(client, team.get_absolute_url())
    assert "王五" in detail and 'data-testid="team-rates"' in detail
    delete = reverse("attraction:team_member_delete", args=[member.pk])
    html = client.post(delete, headers=htmx).content.decode()
    assert "该字段是必填项" in html and TeamMember.objects.exists()
    html = client.post(delete, headers={**htmx, "HX-Prompt": "调离"}).content.decode()
    assert "已删除：王五" in html and "<td>王五</td>" not in html and not TeamMember.objects.exists()
    assert member.history.latest("history_id").history_change_reason == "调离"
    rows = sheet_rows(client.get(reverse("attraction:team_export")))
    assert rows[1][:2] == ("晋江一组", "晋江市")


def test_it_lets_the_city_dispatcher_set_targets(
    client: Client, dispatcher_qz: User, reporter_jj: User, jj: Region
) -> None:
    make_contract("晋江甲项目", signed_on=D(2025, 5, 1), amount=Decimal("50000"))
    client.force_login(reporter_jj)
    assert client.get(reverse("attraction:target_create")).status_code == 404
    client.force_login(dispatcher_qz)
    data = {"year": "2025", "region": jj.pk, "signed_amount": "200000", "big_projects": "2", "reason": ""}
    response = client.post(reverse("attraction:target_create"), data)
    assert response.status_code == 302 and response["Location"] == reverse("attraction:target_list")
    target = AttractionTarget.objects.get()
    html = page(client, reverse("attraction:target_list"))
    assert "5.00亿元" in html and "25.00%" in html
    assert reverse("attraction:target_edit", args=[target.pk]) in html
    client.force_login(reporter_jj)
    assert reverse("attraction:target_edit", args=[target.pk]) not in page(client, reverse("attraction:target_list"))
    assert client.get(reverse("attraction:target_edit", args=[target.pk])).status_code == 404


def test_it_lists_stale_leads_and_late_contracts_as_todos(reporter_jj: User, leader_qz: User, jj: Region) -> None:
    make_lead("晋江老线索", found_on=TODAY - datetime.timedelta(days=60))
    make_contract("晋江逾期项目", signed_on=D(2025, 6, 1))
    items = todos(reporter_jj)
    assert [(item.title, item.count) for item in items] == [("超期未跟进的招商线索", 1), ("履约逾期的签约项目", 1)]
    assert items[0].url == reverse("attraction:lead_list") + "?stale=true"
    assert todos(leader_qz) == []


def test_it_renders_every_page_for_an_administrator(client: Client, admin_user: User, jj: Region) -> None:
    team = Team.objects.create(name="晋江一组", region=jj)
    TeamMember.objects.create(team=team, name="王五")
    event = SigningEvent.objects.create(name="签约大会", date=D(2026, 1, 10), region=jj)
    lead = make_lead("晋江安踏配套", team=team)
    FollowUp.objects.create(lead=lead, content="拜访")
    contract = make_contract("晋江甲项目", team=team, event=event)
    contract.record_milestone(R, D(2026, 2, 1))
    FundArrival.objects.create(contract=contract, date=D(2026, 2, 1), amount=Decimal("100"))
    target = AttractionTarget.objects.create(year=2026, region=jj, signed_amount=Decimal("100000"))
    client.force_login(admin_user)
    names = ["lead_list", "lead_board", "lead_create", "contract_list", "contract_create", "late_list", "event_list"]
    names += ["event_create", "team_list", "team_create", "target_list", "target_create", "settings"]
    urls = [reverse(f"attraction:{name}") for name in names]
    urls += [
        lead.get_absolute_url(),
        lead.get_absolute_url() + "?tab=history",
        reverse("attraction:lead_edit", args=[lead.pk]),
        reverse("attraction:lead_move", args=[lead.pk]),
        reverse("attraction:lead_followup", args=[lead.pk]),
        reverse("attraction:lead_delete", args=[lead.pk]),
        contract.get_absolute_url(),
        contract.get_absolute_url() + "?tab=history",
        reverse("attraction:contract_edit", args=[contract.pk]),
        reverse("attraction:milestone_record", args=[contract.pk]),
        reverse("attraction:milestone_delete", args=[contract.milestones.get().pk]),
        reverse("attraction:fund_create", args=[contract.pk]),
        reverse("attraction:fund_delete", args=[contract.funds.get().pk]),
        reverse("attraction:contract_link_project", args=[contract.pk]),
        event.get_absolute_url(),
        reverse("attraction:event_edit", args=[event.pk]),
        team.get_absolute_url(),
        reverse("attraction:team_edit", args=[team.pk]),
        reverse("attraction:team_member_add", args=[team.pk]),
        reverse("attraction:team_member_delete", args=[team.members.get().pk]),
        reverse("attraction:target_edit", args=[target.pk]),
        reverse("attraction:target_delete", args=[target.pk]),
    ]
    for url in urls:
        html = page(client, url)
        assert 'data-testid="attraction-subnav"' in html, url
    # The 详情 tab alone (htmx) keeps the page's own sections.
    tab = page(client, contract.get_absolute_url(), headers={"HX-Request": "true", "HX-Target": "tab-body"})
    assert 'data-testid="milestones"' in tab and "<html" not in tab
