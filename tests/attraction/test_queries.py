"""Attraction metrics on a small hand-computed set (DOMAIN.md §6) and the signing target's 序时完成率 (§4).

The set, as of 2025-09-30, with the default due periods (注册 3, 供地 6, 开工 12, 投产 24 months):

| contract | kind | 万元 | signed | milestones by 9-30 | funds by 9-30 | overdue at 9-30 |
| C1 晋江 | 正式 | 300 000 | 01-10 | 注册 供地 开工 | 60 000 (+10 000 on 10-15) | — |
| C2 晋江 | 正式 | 200 000 | 03-01 | 注册 | — | 供地 (due 09-01) |
| C3 晋江 | 正式 | 199 999.9999 | 05-20 | — | — | 注册 (due 08-20) |
| C4 晋江 | 正式, no land | 50 000 | 08-01 | — | — | — |
| C5 晋江 | 框架 | 1 000 000 | 02-01 | — | — | (not counted) |
| C6 晋江 | 正式 | 80 000 | 2024-06-01 | 注册 供地 开工 投产 | 80 000 | — (previous year) |
| C7 晋江 | 正式 | 10 000 | 10-05 | — | — | (after the as-of date) |
| C8 鲤城 | 正式 | 40 000 | 06-15 | 注册, 供地 on 09-30 | — | — |

Period basis (signed 2025-01-01 … 09-30, formal): C1 C2 C3 C4 C8 — 5 contracts, 789 999.9999万元, big: C1 and C2
(exactly 20亿); 履约 C1 C4 C8 = 60%; 落地 C1 C2 C8 = 60%; 开工 C1 = 20%; 投产 0; 资金到位 60 000 / 789 999.9999.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from tests.attraction import factories
from tuijin.attraction import queries
from tuijin.attraction.choices import ContractKind, Grouping, LeadStatus, MilestoneKind, RateBasis
from tuijin.attraction.models import AttractionSettings, AttractionTarget, Contract, FollowUp, Lead, Team
from tuijin.core.models import Region
from tuijin.core.money import format_percent
from tuijin.core.periods import elapsed_share_by_day

AS_OF = datetime.date(2025, 9, 30)
R, L, S, P = MilestoneKind.REGISTERED, MilestoneKind.LAND, MilestoneKind.STARTED, MilestoneKind.PRODUCING
D = datetime.date


@pytest.fixture
def campaign(regions: dict[str, Region]) -> dict[str, Contract]:
    c = factories.contract
    return {
        "C1": c(
            "C1",
            300000,
            D(2025, 1, 10),
            milestones={R: D(2025, 2, 1), L: D(2025, 4, 1), S: D(2025, 6, 1)},
            funds=[(D(2025, 7, 1), 60000), (D(2025, 10, 15), 10000)],
        ),
        "C2": c("C2", 200000, D(2025, 3, 1), milestones={R: D(2025, 5, 1)}),
        "C3": c("C3", "199999.9999", D(2025, 5, 20)),
        "C4": c("C4", 50000, D(2025, 8, 1), needs_land=False),
        "C5": c("C5", 1000000, D(2025, 2, 1), kind=ContractKind.FRAMEWORK),
        "C6": c(
            "C6",
            80000,
            D(2024, 6, 1),
            milestones={R: D(2024, 7, 1), L: D(2024, 8, 1), S: D(2024, 10, 1), P: D(2025, 8, 1)},
            funds=[(D(2024, 12, 1), 80000)],
        ),
        "C7": c("C7", 10000, D(2025, 10, 5)),
        "C8": c("C8", 40000, D(2025, 6, 15), region_code="350502", milestones={R: D(2025, 7, 1), L: D(2025, 9, 30)}),
    }


@pytest.fixture
def settings_row(db: Any) -> AttractionSettings:
    return AttractionSettings.current()


def test_rates_over_the_period(campaign: dict[str, Contract], settings_row: AttractionSettings) -> None:
    result = queries.rates(Contract.objects.all(), AS_OF, settings_row)
    assert result.contracts == 5
    assert result.amount == Decimal("789999.9999")
    assert (result.big, result.big_amount) == (2, Decimal("500000"))
    assert (result.fulfilled, result.landed, result.started, result.producing) == (3, 3, 1, 0)
    assert (result.registered, result.land_supplied) == (3, 2)
    assert result.funds == Decimal("60000")
    assert result.fulfilment_rate == Decimal("0.6")
    assert result.landing_rate == Decimal("0.6")
    assert result.start_rate == Decimal("0.2")
    assert result.production_rate == Decimal("0")
    assert format_percent(result.funds_rate) == "7.59%"  # 60 000 / 789 999.9999 = 7.5949…%


def test_rates_over_all_contracts_signed_so_far(
    campaign: dict[str, Contract], settings_row: AttractionSettings
) -> None:
    settings_row.rate_basis = RateBasis.CUMULATIVE
    result = queries.rates(Contract.objects.all(), AS_OF, settings_row)
    # C6 of 2024 joins: fully fulfilled and producing, its 80 000 arrived.
    assert (result.contracts, result.fulfilled, result.landed, result.started, result.producing) == (6, 4, 4, 2, 1)
    assert result.funds == Decimal("140000")
    assert result.amount == Decimal("869999.9999")


def test_framework_agreements_count_only_when_configured(
    campaign: dict[str, Contract], settings_row: AttractionSettings
) -> None:
    assert queries.rates(Contract.objects.all(), AS_OF, settings_row).amount == Decimal("789999.9999")
    settings_row.count_framework = True
    result = queries.rates(Contract.objects.all(), AS_OF, settings_row)
    assert result.contracts == 6
    assert result.amount == Decimal("1789999.9999")
    assert result.fulfilled == 3  # C5 is three months past signing without 注册


def test_rates_by_region_and_year(campaign: dict[str, Contract], settings_row: AttractionSettings) -> None:
    rows = queries.rates_by(Contract.objects.all(), AS_OF, Grouping.REGION, settings_row)
    assert [(row.label, row.contracts, row.amount, row.fulfilled) for row in rows] == [
        ("晋江市", 4, Decimal("749999.9999"), 2),
        ("鲤城区", 1, Decimal("40000"), 1),
    ]
    settings_row.rate_basis = RateBasis.CUMULATIVE
    by_year = queries.rates_by(Contract.objects.all(), AS_OF, Grouping.YEAR, settings_row)
    assert [(row.key, row.label, row.contracts, row.producing) for row in by_year] == [
        (2025, "2025年", 5, 0),
        (2024, "2024年", 1, 1),
    ]


def test_rates_by_source_and_team(campaign: dict[str, Contract], settings_row: AttractionSettings) -> None:
    team = factories.team("晋江市驻深圳招商组")
    campaign["C2"].team = team
    campaign["C2"].source = factories.source("粤港澳")
    campaign["C2"].save()
    by_source = {row.label: row.contracts for row in queries.rates_by(Contract.objects.all(), AS_OF, Grouping.SOURCE)}
    assert by_source == {"长三角": 4, "粤港澳": 1}
    by_team = queries.rates_by(Contract.objects.all(), AS_OF, Grouping.TEAM, settings_row)
    assert {(row.key, row.label): row.contracts for row in by_team} == {
        (None, "未填写"): 4,
        (team.pk, "晋江市驻深圳招商组"): 1,
    }


def test_an_earlier_as_of_date_sees_only_what_was_dated_by_then(
    campaign: dict[str, Contract], settings_row: AttractionSettings
) -> None:
    result = queries.rates(Contract.objects.all(), D(2025, 5, 31), settings_row)
    # C1 (注册 供地), C2 (注册 on 05-01), C3 (signed 05-20, not yet due); no start, no funds yet.
    assert (result.contracts, result.landed, result.started, result.fulfilled) == (3, 2, 0, 3)
    assert result.funds == Decimal("0")


@pytest.mark.parametrize(("as_of", "late"), [(D(2025, 8, 20), False), (D(2025, 8, 21), True)])
def test_registration_is_late_the_day_after_three_months(
    regions: dict[str, Region], settings_row: AttractionSettings, as_of: datetime.date, late: bool
) -> None:
    factories.contract("C3", 1000, D(2025, 5, 20))
    assert queries.late_contracts(Contract.objects.all(), as_of, settings_row).exists() is late


def test_late_list_names_each_overdue_milestone(
    campaign: dict[str, Contract], settings_row: AttractionSettings
) -> None:
    late = queries.late_details(queries.late_contracts(Contract.objects.all(), AS_OF, settings_row), AS_OF)
    assert [(item.contract.name, item.late_labels, item.earliest_due) for item in late] == [
        ("C3", "注册", D(2025, 8, 20)),
        ("C2", "供地", D(2025, 9, 1)),
    ]
    # Switching the land check off clears C2.
    settings_row.land_due_months = 0
    names = [c.name for c in queries.late_contracts(Contract.objects.all(), AS_OF, settings_row)]
    assert names == ["C3"]


def test_signed_amount_by_month(campaign: dict[str, Contract], settings_row: AttractionSettings) -> None:
    months = queries.signed_by_month(Contract.objects.all(), 2025, AS_OF, settings_row)
    assert months[0] == (1, 1, Decimal("300000"))
    assert months[1] == (2, 0, Decimal("0"))  # C5 is a framework agreement
    assert months[9] == (10, 0, Decimal("0"))  # C7 is after the as-of date
    assert sum(n for _m, n, _a in months) == 5


def test_big_contracts(campaign: dict[str, Contract], settings_row: AttractionSettings) -> None:
    assert [c.name for c in queries.big_contracts(Contract.objects.all(), AS_OF, settings_row)] == ["C1", "C2"]
    settings_row.big_project_threshold = Decimal("199999.9999")
    assert [c.name for c in queries.big_contracts(Contract.objects.all(), AS_OF, settings_row)] == ["C1", "C2", "C3"]


def test_target_progress_by_day_on_domain_numbers(regions: dict[str, Region], settings_row: AttractionSettings) -> None:
    """DOMAIN.md §4: 10374.08亿 signed of a 10000亿 target as of 2022-10-31 by day is 124.56%."""
    factories.contract("晋江大项目", "63740800", D(2022, 3, 15))
    factories.contract("南安大项目", "40000000", D(2022, 10, 31), region_code="350583")
    factories.contract("框架协议", "9999999", D(2022, 5, 1), kind=ContractKind.FRAMEWORK)
    factories.contract("十一月签约", "5000", D(2022, 11, 1))
    factories.contract("福州项目", "5000", D(2022, 6, 1), region_code="350102")
    city = regions["350500"]
    AttractionTarget.objects.create(year=2022, region=city, signed_amount=Decimal("100000000"), big_projects=100)
    progress = queries.target_progress(Contract.objects.all(), city, D(2022, 10, 31), settings_row)
    assert progress.actual == Decimal("103740800")
    assert progress.share == elapsed_share_by_day(D(2022, 10, 31))  # 304 / 365
    assert format_percent(progress.schedule_completion) == "124.56%"
    assert format_percent(progress.completion) == "103.74%"
    assert progress.big_actual == 2
    assert progress.big_target == 100


def test_target_progress_without_a_target(regions: dict[str, Region], settings_row: AttractionSettings) -> None:
    factories.contract("C", 1000, D(2025, 3, 1))
    progress = queries.target_progress(Contract.objects.all(), regions["350582"], AS_OF, settings_row)
    assert progress.actual == Decimal("1000")
    assert progress.target is None
    assert progress.completion is None
    assert progress.schedule_completion is None


def test_stale_leads(regions: dict[str, Region], settings_row: AttractionSettings) -> None:
    stale = factories.lead("久未跟进")
    FollowUp.objects.create(lead=stale, date=D(2025, 8, 15), content="电话沟通")
    fresh = factories.lead("刚跟进")
    FollowUp.objects.create(lead=fresh, date=D(2025, 8, 31), content="上门拜访")
    factories.lead("新线索", found_on=D(2025, 9, 1))
    dropped = factories.lead("已放弃")
    dropped.move(LeadStatus.DROPPED, D(2025, 2, 1), reason="企业投资计划取消")
    # Cutoff: 30 days before 2025-09-30 is 2025-08-31; activity before it is stale.
    assert [lead.company for lead in queries.stale_leads(Lead.objects.all(), AS_OF, settings_row)] == ["久未跟进"]
    assert queries.lead_counts(Lead.objects.all()) == {LeadStatus.LEAD: 3, LeadStatus.DROPPED: 1}


def test_team_ranking_shares_ranks_on_ties(regions: dict[str, Region], settings_row: AttractionSettings) -> None:
    a, b, c, _idle = (factories.team(name) for name in ("甲组", "乙组", "丙组", "丁组"))
    factories.contract("A1", 5000, D(2025, 3, 1), team=a)
    factories.contract("B1", 5000, D(2025, 3, 1), team=b)
    factories.contract("C1", 9000, D(2025, 3, 1), team=c)
    ranking = queries.team_ranking(Team.objects.order_by("name"), Contract.objects.all(), D(2025, 4, 30), settings_row)
    assert [(row.rank, row.team.name, row.rates.amount) for row in ranking] == [
        (1, "丙组", Decimal("9000")),
        (2, "乙组", Decimal("5000")),
        (2, "甲组", Decimal("5000")),
        (4, "丁组", Decimal("0")),
    ]
