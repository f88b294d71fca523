"""REST API of investment attraction: scoped CRUD with versions and reasons, the lead and milestone workflows, and
the rates and target progress computed by ``queries`` over what the user may see."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from tests.attraction import factories
from tuijin.attraction import queries
from tuijin.attraction.choices import Grouping, LeadStatus, MilestoneKind
from tuijin.attraction.models import AttractionTarget, Contract, FollowUp, FundArrival, Lead, Milestone, Team
from tuijin.core.models import Region, User
from tuijin.core.money import format_percent
from tuijin.core.periods import elapsed_share_by_day
from tuijin.projects.choices import Stage

D = datetime.date
R, L, S = MilestoneKind.REGISTERED, MilestoneKind.LAND, MilestoneKind.STARTED
JSON = "application/json"


def post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, content_type=JSON)


def patch(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.patch(url, data, content_type=JSON)


@pytest.fixture
def lead(regions: dict[str, Region]) -> Lead:
    return factories.lead("恒安集团", project_name="新材料项目")


@pytest.fixture
def contract(regions: dict[str, Region]) -> Contract:
    return factories.contract(
        "恒安新材料产业园",
        300000,
        D(2025, 1, 10),
        number="JJ-2025-001",
        needs_land=False,
        milestones={R: D(2025, 2, 1)},
        funds=[(D(2025, 7, 1), "1500.5")],
    )


# --- leads ---------------------------------------------------------------------------------------------------------


def test_it_creates_and_edits_a_lead_with_version_reason_and_history(
    client: Client, regions: dict[str, Region], reporter_jj: User
) -> None:
    client.force_login(reporter_jj)
    source = factories.source("粤港澳")
    city_team = factories.team("泉州市驻深圳招商组", "350500")
    body = {"company": "恒安集团", "source": source.pk, "intended_investment": "12345.6789", "region": "350582"}
    created = post(client, "/api/v1/leads/", {**body, "team": city_team.pk, "found_on": "2025-03-01"})
    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["status"], data["status_display"], data["team_name"]) == ("lead", "线索", "泉州市驻深圳招商组")
    assert data["intended_investment"] == "12345.6789"
    lead = Lead.objects.get()
    record = lead.history.get()
    assert (record.history_user, record.history_source, record.history_change_reason) == (reporter_jj, "api", "新建")

    url = f"/api/v1/leads/{lead.pk}/"
    assert patch(client, url, {"owner": "王五"}).json() == {"version": ["修改时必须提交读取时的版本号。"]}
    assert patch(client, url, {"owner": "王五", "version": 1}).json() == {"reason": ["请填写修改原因。"]}
    ok = patch(client, url, {"owner": "王五", "version": 1, "reason": "明确责任人", "status": "intent"})
    assert ok.status_code == 200 and ok.json()["status"] == "lead"  # status is read-only: only move() changes it
    assert patch(client, url, {"owner": "李四", "version": 1, "reason": "改"}).status_code == 409
    lead.refresh_from_db()
    assert (lead.owner, lead.history.latest("history_id").history_change_reason) == ("王五", "明确责任人")
    # The model's rules, with their messages: a team must belong to the lead's region.
    other = factories.team("鲤城区招商组", "350502")
    refused = patch(client, url, {"team": other.pk, "version": 2, "reason": "换组"})
    assert refused.status_code == 400


def test_it_moves_a_lead_and_refuses_what_the_workflow_forbids(
    client: Client, lead: Lead, reporter_jj: User, reporter_lc: User, leader_qz: User
) -> None:
    url = f"/api/v1/leads/{lead.pk}/move/"
    for outsider in (reporter_lc, leader_qz):
        client.force_login(outsider)
        assert post(client, url, {"to_status": "talking"}).status_code == 404
    client.force_login(reporter_jj)
    moved = post(client, url, {"to_status": "talking", "date": "2025-03-01", "version": 1})
    assert moved.status_code == 200, moved.content
    assert (moved.json()["status"], moved.json()["status_changed_on"]) == ("talking", "2025-03-01")
    assert post(client, url, {"to_status": "signed"}).status_code == 400  # not offered: made by a contract
    backwards = post(client, url, {"to_status": "lead"})
    assert backwards.json() == {"status": ["线索不能从“洽谈”变更为“线索”。"]}
    no_reason = post(client, url, {"to_status": "dropped"})
    assert no_reason.json() == {"drop_reason": ["放弃线索请填写原因。"]}
    assert post(client, url, {"to_status": "dropped", "reason": "转投他地", "version": 1}).status_code == 409
    dropped = post(client, url, {"to_status": "dropped", "reason": "转投他地", "version": 2})
    assert dropped.json()["drop_reason"] == "转投他地"
    lead.refresh_from_db()
    assert lead.status == LeadStatus.DROPPED
    assert lead.history.latest("history_id").history_change_reason == "状态变更为“放弃”：转投他地"


def test_it_records_follow_ups_by_the_signed_in_user(
    client: Client, lead: Lead, reporter_jj: User, reporter_lc: User
) -> None:
    client.force_login(reporter_jj)
    created = post(client, "/api/v1/follow-ups/", {"lead": lead.pk, "date": "2025-03-02", "content": "电话沟通"})
    assert created.status_code == 201, created.content
    assert created.json()["recorded_by"] == "王填报"
    assert FollowUp.objects.get().recorded_by == reporter_jj
    nested = client.get(f"/api/v1/leads/{lead.pk}/follow-ups/").json()
    assert [row["content"] for row in nested] == ["电话沟通"]
    assert client.get("/api/v1/follow-ups/", {"lead": lead.pk}).json()["count"] == 1
    client.force_login(reporter_lc)
    assert client.get(f"/api/v1/leads/{lead.pk}/follow-ups/").status_code == 404
    assert client.get("/api/v1/follow-ups/").json()["count"] == 0
    refused = post(client, "/api/v1/follow-ups/", {"lead": lead.pk, "date": "2025-03-02", "content": "越权"})
    assert refused.status_code == 400 and FollowUp.objects.count() == 1


# --- contracts, milestones, funds ----------------------------------------------------------------------------------


def test_it_lists_contracts_with_their_fulfilment_and_the_pages_filters(
    client: Client, contract: Contract, dispatcher_qz: User
) -> None:
    factories.contract("鲤城文旅综合体", 40000, D(2025, 6, 15), region_code="350502")
    factories.contract("晋江2024项目", 1000, D(2024, 6, 15))
    client.force_login(dispatcher_qz)
    rows = client.get("/api/v1/contracts/", {"region": "350582", "year": 2025, "big": "true"}).json()["results"]
    assert len(rows) == 1
    row = rows[0]
    assert (row["name"], row["amount"], row["is_big"], row["funds_total"]) == (
        "恒安新材料产业园",
        "300000.0000",
        True,
        "1500.5000",
    )
    assert row["milestones"] == [
        {
            "id": contract.milestones.get().pk,
            "kind": "registered",
            "kind_display": "注册",
            "date": "2025-02-01",
            "evidence": "",
        }
    ]
    assert client.get("/api/v1/contracts/", {"reached": "registered"}).json()["count"] == 1
    assert client.get("/api/v1/contracts/", {"year": 2025}).json()["count"] == 2
    detail = client.get(f"/api/v1/contracts/{contract.pk}/").json()
    assert (detail["funds_total"], detail["kind_display"]) == ("1500.5000", "正式合同")


def test_it_creates_and_edits_a_contract_with_version_and_reason(client: Client, lead: Lead, reporter_jj: User) -> None:
    client.force_login(reporter_jj)
    body = {
        "name": "恒安新材料产业园",
        "lead": lead.pk,
        "investor_name": "恒安集团",
        "amount": "200000",
        "signed_on": "2025-03-01",
        "region": "350582",
        "source": factories.source().pk,
    }
    created = post(client, "/api/v1/contracts/", body)
    assert created.status_code == 201, created.content
    assert (created.json()["is_big"], created.json()["funds_total"], created.json()["milestones"]) == (
        True,
        "0.0000",
        [],
    )
    lead.refresh_from_db()
    assert lead.status == LeadStatus.SIGNED  # the model closes the lead
    url = f"/api/v1/contracts/{created.json()['id']}/"
    assert patch(client, url, {"amount": "100", "version": 1, "reason": "核减"}).json()["is_big"] is False
    assert patch(client, url, {"amount": "200", "version": 1, "reason": "核减"}).status_code == 409
    assert patch(client, url, {"region": "350502", "version": 2, "reason": "改区域"}).status_code == 400
    record = Contract.objects.get().history.latest("history_id")
    assert (record.history_change_reason, record.history_source) == ("核减", "api")


def test_it_records_milestones_through_the_contract_and_creates_the_project_on_start(
    client: Client, regions: dict[str, Region], reporter_jj: User
) -> None:
    contract = factories.contract("晋江智能装备产业园", 50000, D(2025, 3, 1))
    client.force_login(reporter_jj)
    url = "/api/v1/milestones/"
    early = post(client, url, {"contract": contract.pk, "kind": "started", "date": "2025-06-01"})
    assert early.status_code == 400 and early.json() == {"kind": ["请先登记“注册”，再登记“开工”。"]}
    registered = post(client, url, {"contract": contract.pk, "kind": "registered", "date": "2025-04-01"})
    assert registered.status_code == 201, registered.content
    twice = post(client, url, {"contract": contract.pk, "kind": "registered", "date": "2025-04-02"})
    assert twice.json() == {"kind": ["该签约项目已登记此履约节点。"]}
    started = post(
        client, url, {"contract": contract.pk, "kind": "started", "date": "2025-06-01", "evidence": "施工许可证"}
    )
    assert started.status_code == 201, started.content
    contract.refresh_from_db()
    assert contract.project is not None
    assert (contract.project.name, contract.project.stage, contract.project.actual_start) == (
        "晋江智能装备产业园",
        Stage.CONSTRUCTION,
        D(2025, 6, 1),
    )
    milestone = Milestone.objects.get(kind=R)
    refused = client.delete(f"{url}{milestone.pk}/")
    assert refused.status_code == 400
    assert refused.json() == {"non_field_errors": ["已登记“开工”，不能删除“注册”。"]}
    redated = patch(client, f"{url}{milestone.pk}/", {"date": "2025-04-15", "version": 1, "reason": "以执照为准"})
    assert redated.status_code == 200, redated.content
    assert redated.json()["date"] == "2025-04-15"
    milestone.refresh_from_db()
    assert milestone.history.latest("history_id").history_change_reason == "以执照为准"
    assert (
        patch(client, f"{url}{milestone.pk}/", {"date": "2025-04-16", "version": 1, "reason": "再改"}).status_code
        == 409
    )
    late = patch(client, f"{url}{milestone.pk}/", {"date": "2025-07-01", "version": 2, "reason": "改"})
    assert late.json() == {"date": ["注册日期应不晚于开工日期2025年6月1日。"]}
    assert patch(client, f"{url}{milestone.pk}/", {"kind": "land", "version": 2, "reason": "改"}).status_code == 400
    started_pk = Milestone.objects.get(kind=S).pk
    assert client.delete(f"{url}{started_pk}/?reason=误录").status_code == 204


def test_it_records_funds_and_refuses_other_regions(
    client: Client, contract: Contract, reporter_jj: User, reporter_lc: User, leader_qz: User
) -> None:
    client.force_login(reporter_jj)
    created = post(client, "/api/v1/fund-arrivals/", {"contract": contract.pk, "date": "2025-08-01", "amount": "99.5"})
    assert created.status_code == 201, created.content
    assert contract.funds_total() == Decimal("1600")
    early = post(client, "/api/v1/fund-arrivals/", {"contract": contract.pk, "date": "2024-08-01", "amount": "1"})
    assert early.json() == {"date": ["到位日期不能早于签约日期2025年1月10日。"]}
    for outsider in (reporter_lc, leader_qz):
        client.force_login(outsider)
        url = f"/api/v1/contracts/{contract.pk}/"
        expected = 404 if outsider is reporter_lc else 200
        assert client.get(url).status_code == expected
        assert patch(client, url, {"amount": "1", "version": 1, "reason": "改"}).status_code == 404
        assert client.delete(url).status_code == 404
        # The contract is not among those the user may change: refused like an unknown id.
        refused = post(client, "/api/v1/fund-arrivals/", {"contract": contract.pk, "date": "2025-08-01", "amount": "1"})
        assert refused.status_code == 400 and "contract" in refused.json()
    assert FundArrival.objects.count() == 2


# --- events, teams, sources, targets -------------------------------------------------------------------------------


def test_it_keeps_teams_with_their_members(client: Client, regions: dict[str, Region], reporter_jj: User) -> None:
    client.force_login(reporter_jj)
    team = post(client, "/api/v1/teams/", {"name": "晋江市驻上海招商组", "region": "350582", "leader": "张组长"})
    assert team.status_code == 201, team.content
    member = post(client, "/api/v1/team-members/", {"team": team.json()["id"], "name": "李四", "position": "组员"})
    assert member.status_code == 201, member.content
    listed = client.get("/api/v1/teams/").json()["results"]
    assert [(t["name"], [m["name"] for m in t["members"]]) for t in listed] == [("晋江市驻上海招商组", ["李四"])]
    assert post(client, "/api/v1/teams/", {"name": "鲤城组", "region": "350502"}).status_code == 400
    assert Team.objects.count() == 1


def test_it_lists_sources_read_only_and_keeps_events(
    client: Client, regions: dict[str, Region], reporter_jj: User
) -> None:
    client.force_login(reporter_jj)
    names = [row["name"] for row in client.get("/api/v1/lead-sources/").json()]
    assert names[:2] == ["侨港澳台/在外泉商", "长三角"]
    assert post(client, "/api/v1/lead-sources/", {"name": "新来源"}).status_code == 405
    event = post(
        client, "/api/v1/signing-events/", {"name": "晋江春季签约会", "date": "2025-03-01", "region": "350582"}
    )
    assert event.status_code == 201, event.content
    assert event.json()["kind_display"] == "集中签约大会"


def test_only_the_city_sets_targets(
    client: Client, regions: dict[str, Region], dispatcher_qz: User, reporter_jj: User, leader_qz: User
) -> None:
    body = {"year": 2025, "region": "350582", "signed_amount": "1000000"}
    for user in (reporter_jj, leader_qz):
        client.force_login(user)
        assert post(client, "/api/v1/attraction-targets/", body).status_code == 404
    client.force_login(dispatcher_qz)
    created = post(client, "/api/v1/attraction-targets/", body)
    assert created.status_code == 201, created.content
    duplicate = post(client, "/api/v1/attraction-targets/", body)
    assert duplicate.status_code == 400 and "该区域已有该年度的招商目标。" in duplicate.content.decode()
    client.force_login(reporter_jj)
    assert client.get("/api/v1/attraction-targets/").json()["count"] == 1


# --- rates and target progress -------------------------------------------------------------------------------------


@pytest.fixture
def small_set(regions: dict[str, Region]) -> dict[str, Contract]:
    """As of 2025-09-30 (注册 due 3 months after signing, 供地 6):

    | C1 晋江 300 000 | 01-10 | 注册 02-01, 开工 06-01, no land needed | 60 000 arrived | fulfilled |
    | C2 晋江 100 000 | 03-01 | 注册 05-01 | — | 供地 overdue since 09-01 |
    | C3 鲤城  40 000 | 06-15 | — | — | 注册 overdue since 09-15 |

    3 contracts, 440 000万元, 1 big (C1), 履约 1/3, 落地 2/3, 开工 1/3, 投产 0, 资金到位 60 000 / 440 000.
    """
    c = factories.contract
    return {
        "C1": c(
            "C1",
            300000,
            D(2025, 1, 10),
            needs_land=False,
            milestones={R: D(2025, 2, 1), S: D(2025, 6, 1)},
            funds=[(D(2025, 7, 1), 60000)],
        ),
        "C2": c("C2", 100000, D(2025, 3, 1), milestones={R: D(2025, 5, 1)}),
        "C3": c("C3", 40000, D(2025, 6, 15), region_code="350502"),
    }


def test_the_rates_agree_with_the_queries_and_the_hand_computed_figures(
    client: Client, small_set: dict[str, Contract], dispatcher_qz: User
) -> None:
    client.force_login(dispatcher_qz)
    data = client.get("/api/v1/attraction/rates/", {"as_of": "2025-09-30", "group": "region"}).json()
    total = data["total"]
    assert (total["contracts"], total["big"], total["fulfilled"], total["landed"], total["started"]) == (3, 1, 1, 2, 1)
    assert (Decimal(total["amount"]), Decimal(total["funds"])) == (Decimal("440000"), Decimal("60000"))
    # Full precision (40 significant digits), as the queries compute it; rounding is for display only.
    assert total["fulfilment_rate"] == "0." + "3" * 40
    assert Decimal(total["production_rate"]) == 0
    assert format_percent(Decimal(total["funds_rate"])) == "13.64%"
    expected = queries.rates(Contract.objects.all(), D(2025, 9, 30)).as_dict()
    for name in ("fulfilment_rate", "landing_rate", "start_rate", "production_rate", "funds_rate", "amount"):
        assert Decimal(total[name]) == expected[name], name
    assert [(row["label"], row["contracts"], Decimal(row["amount"])) for row in data["rows"]] == [
        ("晋江市", 2, Decimal("400000")),
        ("鲤城区", 1, Decimal("40000")),
    ]
    assert data["rows"][0]["key"] == Region.objects.get(code="350582").pk
    by_year = client.get("/api/v1/attraction/rates/", {"as_of": "2025-09-30", "group": Grouping.YEAR}).json()
    assert [(row["key"], row["label"]) for row in by_year["rows"]] == [(2025, "2025年")]
    narrowed = client.get("/api/v1/attraction/rates/", {"as_of": "2025-09-30", "region": "350582"}).json()
    assert narrowed["total"]["contracts"] == 2
    assert client.get("/api/v1/attraction/rates/", {"group": "planet"}).status_code == 400
    assert client.get("/api/v1/attraction/rates/", {"as_of": "2025-13-01"}).status_code == 400


def test_the_rates_count_only_what_the_user_may_see(
    client: Client, small_set: dict[str, Contract], reporter_lc: User
) -> None:
    client.force_login(reporter_lc)
    data = client.get("/api/v1/attraction/rates/", {"as_of": "2025-09-30"}).json()
    assert (data["total"]["contracts"], Decimal(data["total"]["amount"])) == (1, Decimal("40000"))
    assert [row["label"] for row in data["rows"]] == ["鲤城区"]


def test_the_target_progress_is_124_56_percent_of_schedule(
    client: Client, regions: dict[str, Region], dispatcher_qz: User, reporter_jj: User
) -> None:
    """DOMAIN.md §4: A = 10374.08亿, P = 10000亿, as of 2022-10-31 by day: 10374.08 / (10000 × 304/365) = 124.56%."""
    factories.contract("晋江大项目", 100000000, D(2022, 3, 1))
    factories.contract("鲤城项目", 3740800, D(2022, 10, 31), region_code="350502")
    factories.contract("十一月项目", 5000, D(2022, 11, 1))
    AttractionTarget.objects.create(year=2022, region=regions["350500"], signed_amount=Decimal("100000000"))
    client.force_login(dispatcher_qz)

    data = client.get("/api/v1/attraction/target-progress/", {"as_of": "2022-10-31", "region": "350500"}).json()

    city = data["region"]
    assert (city["region"], city["region_name"], city["year"], city["as_of"]) == (
        "350500",
        "泉州市",
        2022,
        "2022-10-31",
    )
    assert Decimal(city["actual"]) == Decimal("103740800") and Decimal(city["target"]) == Decimal("100000000")
    assert Decimal(city["share"]) == elapsed_share_by_day(D(2022, 10, 31))  # 304 / 365
    assert city["schedule_completion"].startswith("1.2455")
    assert format_percent(Decimal(city["schedule_completion"])) == "124.56%"
    assert format_percent(Decimal(city["completion"])) == "103.74%"
    children = {row["region"]: row for row in data["children"]}
    assert "350527" not in children  # 金门县 is not in the statistics
    assert Decimal(children["350582"]["actual"]) == Decimal("100000000") and children["350582"]["target"] is None
    # A district sees its own figures only; the city is outside its scope.
    client.force_login(reporter_jj)
    assert client.get("/api/v1/attraction/target-progress/", {"region": "350500"}).status_code == 404
    own = client.get("/api/v1/attraction/target-progress/", {"as_of": "2022-10-31"}).json()
    assert (own["region"]["region"], Decimal(own["region"]["actual"])) == ("350582", Decimal("100000000"))


def test_it_describes_the_endpoints_in_the_schema(client: Client, reporter_jj: User) -> None:
    client.force_login(reporter_jj)
    paths = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert {
        "/api/v1/leads/{id}/move/",
        "/api/v1/leads/{id}/follow-ups/",
        "/api/v1/contracts/",
        "/api/v1/milestones/{id}/",
        "/api/v1/fund-arrivals/",
        "/api/v1/signing-events/",
        "/api/v1/teams/",
        "/api/v1/team-members/",
        "/api/v1/lead-sources/",
        "/api/v1/attraction-targets/",
        "/api/v1/attraction/rates/",
        "/api/v1/attraction/target-progress/",
    } <= set(paths)
    parameters = {p["name"] for p in paths["/api/v1/attraction/rates/"]["get"]["parameters"]}
    assert {"as_of", "group", "region", "year", "source", "big"} <= parameters
