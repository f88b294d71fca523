"""Rules of the attraction models: the lead pipeline, contracts, milestone order, the registry link, big projects."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.attraction import factories
from tuijin.attraction.choices import LeadStatus, MilestoneKind
from tuijin.attraction.models import AttractionSettings, Contract, FundArrival, Milestone, SigningEvent
from tuijin.core.models import Region
from tuijin.projects.choices import Category, Stage
from tuijin.projects.models import Project

D = datetime.date
R, L, S, P = MilestoneKind.REGISTERED, MilestoneKind.LAND, MilestoneKind.STARTED, MilestoneKind.PRODUCING


def messages(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


# --- leads ------------------------------------------------------------------------------------------------------


def test_a_lead_moves_forward_and_may_be_dropped_with_a_reason(regions: dict[str, Region]) -> None:
    lead = factories.lead("福建某新材料有限公司")
    lead.move(LeadStatus.TALKING, D(2025, 2, 1))
    assert (lead.status, lead.status_changed_on) == (LeadStatus.TALKING, D(2025, 2, 1))
    with pytest.raises(ValidationError) as error:
        lead.move(LeadStatus.LEAD)
    assert "不能从“洽谈”变更为“线索”" in messages(error)
    with pytest.raises(ValidationError) as error:
        lead.move(LeadStatus.DROPPED, reason="  ")
    assert "放弃线索请填写原因" in messages(error)
    lead.move(LeadStatus.DROPPED, D(2025, 3, 1), reason="企业转投外省")
    lead.refresh_from_db()
    assert (lead.status, lead.drop_reason) == (LeadStatus.DROPPED, "企业转投外省")
    lead.move(LeadStatus.TALKING, D(2025, 4, 1))
    assert lead.drop_reason == ""


def test_a_move_is_not_dated_before_the_previous_one(regions: dict[str, Region]) -> None:
    lead = factories.lead("某企业", found_on=D(2025, 3, 1))
    with pytest.raises(ValidationError) as error:
        lead.move(LeadStatus.TALKING, D(2025, 2, 1))
    assert "状态变更日期不能早于2025年3月1日" in messages(error)
    lead.move(LeadStatus.TALKING, D(2025, 4, 1))
    with pytest.raises(ValidationError):
        lead.move(LeadStatus.INTENT, D(2025, 3, 15))


def test_signing_is_not_set_by_hand(regions: dict[str, Region]) -> None:
    lead = factories.lead("某企业")
    with pytest.raises(ValidationError) as error:
        lead.move(LeadStatus.SIGNED)
    assert "请从线索新建签约项目" in messages(error)


def test_a_contract_from_a_lead_signs_the_lead(regions: dict[str, Region]) -> None:
    lead = factories.lead("某企业")
    contract = factories.contract("某企业新材料项目", 50000, D(2025, 5, 8), lead=lead)
    lead.refresh_from_db()
    assert (lead.status, lead.status_changed_on) == (LeadStatus.SIGNED, D(2025, 5, 8))
    assert lead.contract == contract
    assert lead.history.first().history_type == "~"


def test_deleting_the_contract_takes_the_lead_back_to_intent(regions: dict[str, Region]) -> None:
    lead = factories.lead("某企业")
    factories.contract("某企业新材料项目", 50000, D(2025, 5, 8), lead=lead).delete()
    lead.refresh_from_db()
    assert lead.status == LeadStatus.INTENT


def test_a_dropped_lead_cannot_sign(regions: dict[str, Region]) -> None:
    lead = factories.lead("某企业")
    lead.move(LeadStatus.DROPPED, D(2025, 3, 1), reason="取消")
    with pytest.raises(ValidationError) as error:
        factories.contract("某项目", 1000, D(2025, 5, 8), lead=lead)
    assert "该线索已放弃" in messages(error)


def test_dates_in_the_future_are_refused(regions: dict[str, Region]) -> None:
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError) as error:
        factories.contract("未来项目", 1000, tomorrow)
    assert "日期不能晚于今天" in messages(error)
    with pytest.raises(ValidationError):
        factories.lead("未来线索", found_on=tomorrow)


def test_team_must_belong_to_the_region(regions: dict[str, Region]) -> None:
    team = factories.team("鲤城区招商组", "350502")
    with pytest.raises(ValidationError) as error:
        factories.contract("晋江项目", 1000, D(2025, 3, 1), team=team)
    assert "不属于晋江市" in messages(error)
    city_team = factories.team("市商务局招商组", "350500")
    assert factories.contract("晋江项目", 1000, D(2025, 3, 1), team=city_team).team == city_team


def test_contracts_signed_at_an_event_carry_its_date(regions: dict[str, Region]) -> None:
    event = SigningEvent.objects.create(name="集中签约大会", date=D(2025, 3, 18), region=regions["350500"])
    with pytest.raises(ValidationError) as error:
        factories.contract("某项目", 1000, D(2025, 3, 19), event=event)
    assert "签约日期应为活动日期2025年3月18日" in messages(error)
    assert factories.contract("某项目", 1000, D(2025, 3, 18), event=event).event == event


@pytest.mark.parametrize(
    ("amount", "big"), [("199999.9999", False), ("200000", True), ("200000.0001", True), ("1500000", True)]
)
def test_big_project_threshold_edges(regions: dict[str, Region], amount: str, big: bool) -> None:
    contract = factories.contract("项目", amount, D(2025, 3, 1))
    assert contract.is_big() is big
    assert Contract.objects.big().filter(pk=contract.pk).exists() is big


def test_big_project_threshold_is_configurable(regions: dict[str, Region]) -> None:
    settings = AttractionSettings.current()
    settings.big_project_threshold = Decimal("100000")
    settings.save()
    assert factories.contract("十亿项目", "100000", D(2025, 3, 1)).is_big()


def test_amount_must_be_positive(regions: dict[str, Region]) -> None:
    with pytest.raises(ValidationError) as error:
        factories.contract("零元项目", 0, D(2025, 3, 1))
    assert "amount" in error.value.message_dict


# --- milestones -------------------------------------------------------------------------------------------------


@pytest.fixture
def contract(regions: dict[str, Region]) -> Contract:
    return factories.contract("某新能源电池项目", 300000, D(2025, 3, 1))


def test_start_needs_registration_first(contract: Contract) -> None:
    with pytest.raises(ValidationError) as error:
        contract.record_milestone(S, D(2025, 6, 1))
    assert "请先登记“注册”，再登记“开工”" in messages(error)
    assert not Milestone.objects.exists()
    assert not Project.objects.exists()


def test_production_needs_start_first(contract: Contract) -> None:
    contract.record_milestone(R, D(2025, 4, 1))
    with pytest.raises(ValidationError) as error:
        contract.record_milestone(P, D(2025, 9, 1))
    assert "请先登记“开工”，再登记“投产”" in messages(error)


def test_a_milestone_is_not_before_signing(contract: Contract) -> None:
    with pytest.raises(ValidationError) as error:
        contract.record_milestone(R, D(2025, 2, 28))
    assert "注册日期不能早于签约日期2025年3月1日" in messages(error)


def test_milestones_keep_their_order(contract: Contract) -> None:
    contract.record_milestone(R, D(2025, 4, 1))
    with pytest.raises(ValidationError) as error:
        contract.record_milestone(L, D(2025, 3, 20))
    assert "供地日期应不早于注册日期2025年4月1日" in messages(error)
    contract.record_milestone(L, D(2025, 5, 1))
    # Re-dating 注册 after 供地 breaks the order too.
    with pytest.raises(ValidationError) as error:
        contract.record_milestone(R, D(2025, 6, 1))
    assert "注册日期应不晚于供地日期2025年5月1日" in messages(error)
    assert contract.milestones.get(kind=R).date == D(2025, 4, 1)


def test_a_required_milestone_cannot_be_deleted(contract: Contract) -> None:
    contract.record_milestone(R, D(2025, 4, 1))
    contract.record_milestone(S, D(2025, 6, 1))
    with pytest.raises(ValidationError) as error:
        contract.milestones.get(kind=R).delete()
    assert "已登记“开工”，不能删除“注册”" in messages(error)
    contract.milestones.get(kind=S).delete()
    contract.milestones.get(kind=R).delete()
    assert not contract.milestones.exists()


def test_the_contract_date_cannot_move_after_its_milestones(contract: Contract) -> None:
    contract.record_milestone(R, D(2025, 4, 1))
    contract.signed_on = D(2025, 4, 15)
    with pytest.raises(ValidationError) as error:
        contract.full_clean()
    assert "签约日期不能晚于已登记的注册日期2025年4月1日" in messages(error)


def test_start_creates_the_registry_project_under_construction(contract: Contract) -> None:
    contract.record_milestone(R, D(2025, 4, 1), evidence="营业执照")
    contract.record_milestone(S, D(2025, 6, 18), evidence="施工许可证 350582202506180101")
    contract.refresh_from_db()
    project = contract.project
    assert project is not None
    assert (project.name, project.region.code, project.category) == ("某新能源电池项目", "350582", Category.INDUSTRY)
    assert (project.stage, project.actual_start, project.total_investment) == (
        Stage.CONSTRUCTION,
        D(2025, 6, 18),
        Decimal("300000"),
    )
    assert project.transitions.get().to_stage == Stage.CONSTRUCTION


def test_start_advances_a_linked_project_in_preparation(contract: Contract) -> None:
    project = contract.link_project(on=D(2025, 3, 1))
    assert project.stage == Stage.PREPARATION
    contract.record_milestone(R, D(2025, 4, 1))
    contract.record_milestone(S, D(2025, 7, 1))
    project.refresh_from_db()
    assert (project.stage, project.actual_start) == (Stage.CONSTRUCTION, D(2025, 7, 1))
    assert Project.objects.count() == 1


def test_start_links_a_given_project(contract: Contract) -> None:
    existing = Project.objects.create(
        name="已在库项目", region=contract.region, category=Category.INDUSTRY, total_investment=Decimal("1")
    )
    existing.enter(Stage.PLANNING, D(2025, 1, 1))
    contract.record_milestone(R, D(2025, 4, 1))
    contract.record_milestone(S, D(2025, 7, 1), project=existing)
    existing.refresh_from_db()
    contract.refresh_from_db()
    assert contract.project == existing
    assert [t.to_stage for t in existing.transitions.order_by("id")] == [
        Stage.PLANNING,
        Stage.PREPARATION,
        Stage.CONSTRUCTION,
    ]


def test_funds_are_not_before_signing(contract: Contract) -> None:
    fund = FundArrival(contract=contract, date=D(2025, 2, 1), amount=Decimal("100"))
    with pytest.raises(ValidationError) as error:
        fund.full_clean()
    assert "到位日期不能早于签约日期" in messages(error)
    FundArrival.objects.create(contract=contract, date=D(2025, 4, 1), amount=Decimal("100.5"))
    FundArrival.objects.create(contract=contract, date=D(2025, 5, 1), amount=Decimal("200"))
    assert contract.funds_total() == Decimal("300.5")
    assert contract.funds_total(D(2025, 4, 30)) == Decimal("100.5")
