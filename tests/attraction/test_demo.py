"""The attraction demo: its specifications in memory (here, fast), and the rows ``tuijin demo`` writes from them
(``check_attraction_demo``, called by the one test that runs the whole demo, tests/projects/test_demo_data.py).
"""

from __future__ import annotations

import datetime
import random
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from tuijin.attraction.choices import MILESTONE_ORDER, ContractKind, LeadStatus, MilestoneKind
from tuijin.attraction.demo_data import (
    CITY_CODE,
    CITY_TARGET_WAN,
    REGION_SHARES,
    SOURCE_WEIGHTS,
    build_events,
    build_teams,
)
from tuijin.attraction.demo_specs import BIG_WAN, Campaign, build_campaign, new_credit_code, org_check_char, quota
from tuijin.attraction.models import (
    AttractionTarget,
    Contract,
    FollowUp,
    FundArrival,
    Lead,
    Milestone,
    SigningEvent,
    Team,
    TeamMember,
)
from tuijin.attraction.queries import (
    late_contracts,
    late_details,
    lead_counts,
    rates,
    stale_leads,
    target_progress,
)
from tuijin.core.models import Region
from tuijin.core.validators import validate_credit_code
from tuijin.projects.demo_specs import build_specs, demo_period
from tuijin.projects.models import Project

# Any day of a year that has begun: the tests must hold whenever they run.
TODAY = datetime.date(2026, 11, 23)
NUMBER_RE = re.compile(r"^QZ(ZS|KJ)-\d{4}-\d{4}$")
STATISTICAL_REGIONS = set(REGION_SHARES)


@pytest.fixture(scope="module")
def campaign() -> Campaign:
    return build_campaign(TODAY)


def this_year(campaign: Campaign) -> list:
    return [c for c in campaign.contracts if c.kind == ContractKind.FORMAL and c.signed_on.year == campaign.year]


def test_it_builds_the_same_campaign_for_the_same_day(campaign: Campaign) -> None:
    again = build_campaign(TODAY)
    assert again.contracts == campaign.contracts
    assert again.leads == campaign.leads
    assert build_teams(2026) == campaign.teams  # teams depend on the year only


def test_it_signs_a_year_of_contracts_worth_about_1_trillion_yuan(campaign: Campaign) -> None:
    formal = this_year(campaign)
    assert len(formal) == 1700
    total = sum((c.amount for c in formal), Decimal(0))
    assert Decimal("0.98") * CITY_TARGET_WAN <= total <= Decimal("1.04") * CITY_TARGET_WAN
    big = [c for c in formal if c.amount >= BIG_WAN]
    assert len(big) == 150
    assert all(c.amount <= 1_500_000 for c in big)  # 20亿 to 150亿
    assert Counter(c.kind for c in campaign.contracts)[ContractKind.FRAMEWORK] == 150
    assert sum(c.signed_on.year == campaign.year - 1 for c in campaign.contracts) == 300

    # The big regions sign the most; every statistical region signs, never 金门县.
    by_region: Counter[str] = Counter()
    for contract in formal:
        by_region[contract.region_code] += int(contract.amount)
    assert set(by_region) == STATISTICAL_REGIONS
    top = {code for code, _amount in by_region.most_common(5)}
    assert len(top & {"350582", "350583", "350581", "350505", "350500Z02"}) >= 4
    assert by_region["350582"] == max(by_region.values())  # 晋江
    assert {c.source for c in campaign.contracts} == set(SOURCE_WEIGHTS)


def test_its_contracts_obey_the_model_rules(campaign: Campaign) -> None:
    teams = {t.name: t for t in campaign.teams}
    events = {e.name: e for e in campaign.events}
    registry = {p.name for p in build_specs(*demo_period(TODAY))[0]}
    numbers = [c.number for c in campaign.contracts]
    assert len(set(numbers)) == len(numbers) and all(NUMBER_RE.match(n) for n in numbers)
    names = [c.name for c in campaign.contracts]
    assert len(set(names)) == len(names)
    for contract in campaign.contracts:
        assert contract.signed_on <= TODAY and contract.signed_on.year >= TODAY.year - 1
        assert contract.number[5:9] == str(contract.signed_on.year)
        validate_credit_code(contract.credit_code)
        # A contract takes a registry project's name only when it links that project.
        assert (contract.name in registry) == bool(contract.project), contract.name
        if contract.team:
            team_region = teams[contract.team].region_code
            assert team_region in {CITY_CODE, contract.region_code}, contract.name
        if contract.event:
            event = events[contract.event]
            assert contract.signed_on == event.date
            assert event.region_code in {CITY_CODE, contract.region_code}
        dates = {m.kind: m.date for m in contract.milestones}
        assert len(dates) == len(contract.milestones)
        ordered = [dates[kind] for kind in MILESTONE_ORDER if kind in dates]
        assert ordered == sorted(ordered) and all(contract.signed_on <= d <= TODAY for d in ordered)
        if MilestoneKind.STARTED in dates:
            assert MilestoneKind.REGISTERED in dates
        if MilestoneKind.PRODUCING in dates:
            assert MilestoneKind.STARTED in dates
        if contract.kind == ContractKind.FRAMEWORK:
            assert not contract.milestones and not contract.funds
        if contract.funds:
            assert all(dates[MilestoneKind.REGISTERED] <= f.date <= TODAY for f in contract.funds)
            assert Decimal(0) < sum(f.amount for f in contract.funds) <= contract.amount
        if MilestoneKind.STARTED in dates:
            assert len(contract.funds) >= 2


def test_it_keeps_the_projects_it_creates_to_about_300(campaign: Campaign) -> None:
    started = [c for c in campaign.contracts if any(m.kind == MilestoneKind.STARTED for m in c.milestones)]
    linked = [c for c in started if c.project]
    assert len(linked) > 80  # started registry projects become contracts of their own
    assert 150 <= len(started) - len(linked) <= 320
    assert any(c.project and not c.linked_start for c in campaign.contracts)  # 前期 projects, linked unstarted


def test_its_leads_cover_every_status(campaign: Campaign) -> None:
    leads = campaign.leads
    assert 380 <= len(leads) <= 420
    assert set(Counter(lead.status for lead in leads)) == set(LeadStatus.values)
    signed = [c for c in campaign.contracts if c.lead]
    assert {id(c.lead) for c in signed} == {id(lead) for lead in leads if lead.status == LeadStatus.SIGNED}
    stale = 0
    for lead in leads:
        assert 1 <= len(lead.follow_ups) <= 5
        dates = [f.date for f in lead.follow_ups]
        assert dates == sorted(dates) and lead.found_on <= dates[0] and dates[-1] <= TODAY
        assert all(f.next_date is None or f.next_date >= f.date for f in lead.follow_ups)
        moves = [on for _status, on, _reason in lead.moves]
        assert moves == sorted(moves) and all(lead.found_on <= on <= TODAY for on in moves)
        if lead.status == LeadStatus.DROPPED:
            assert lead.moves[-1][0] == LeadStatus.DROPPED and lead.moves[-1][2]
        elif lead.status != LeadStatus.SIGNED:
            stale += (TODAY - dates[-1]).days > 30
        if lead.credit_code:
            validate_credit_code(lead.credit_code)
    assert 30 <= stale <= 100


def test_its_targets_decompose_the_city_target(campaign: Campaign) -> None:
    city, *parts = campaign.targets
    assert (city.region_code, city.amount, city.big_projects) == (CITY_CODE, CITY_TARGET_WAN, 100)
    assert {t.region_code for t in parts} == STATISTICAL_REGIONS
    assert sum(t.amount for t in parts) == city.amount
    assert sum(t.big_projects for t in parts) == 100


def test_its_teams_have_a_leader_and_members(campaign: Campaign) -> None:
    assert {t.region_code for t in campaign.teams} == STATISTICAL_REGIONS | {CITY_CODE}
    for team in campaign.teams:
        assert 3 <= len(team.members) <= 6 and team.members[0].name == team.leader
    accounts = {m.username for t in campaign.teams for m in t.members if m.username}
    assert {"jj_reporter", "na_reporter", "qz_dispatch"} <= accounts


@pytest.mark.parametrize("today", ["2026-01-01", "2026-01-04", "2026-02-20", "2026-06-30", "2026-12-31", "2028-02-29"])
def test_it_never_dates_anything_after_today(today: str) -> None:
    day = datetime.date.fromisoformat(today)
    campaign = build_campaign(day)
    dates = [e.date for e in campaign.events]
    for contract in campaign.contracts:
        dates += [contract.signed_on, *(m.date for m in contract.milestones), *(f.date for f in contract.funds)]
    for lead in campaign.leads:
        dates += [lead.found_on, *(f.date for f in lead.follow_ups), *(on for _s, on, _r in lead.moves)]
    assert max(dates) <= day
    assert sum(c.signed_on.year == day.year for c in campaign.contracts if c.kind == ContractKind.FORMAL) == 1700


def test_it_makes_valid_credit_codes_with_letters() -> None:
    codes: set[str] = set()
    rng = random.Random(1)
    for _ in range(200):
        code = new_credit_code(rng, "350582", codes)
        validate_credit_code(code)
        assert code.startswith("91350582MA")
    assert org_check_char("MA2YBC1K") in "0123456789X"


def test_it_shares_counts_out_by_weight() -> None:
    keys = quota({"a": 3, "b": 1, "c": 0.5}, 9, random.Random(1))
    assert Counter(keys) == {"a": 6, "b": 2, "c": 1}


# ---------------------------------------------------------------------------------------------------
# The rows written by ``tuijin demo`` (called from tests/projects/test_demo_data.py)
# ---------------------------------------------------------------------------------------------------


def check_attraction_demo(output: str) -> None:
    """What the attraction step of ``tuijin demo`` wrote, read back through ``tuijin.attraction.queries``."""
    today = timezone.localdate()
    city = Region.objects.get(code=CITY_CODE)
    contracts = Contract.objects.all()
    assert "招商引资：" in output

    # -- signed this year against the target
    year_rates = rates(contracts, today)
    assert 1650 <= year_rates.contracts <= 1750
    assert Decimal("0.95") * CITY_TARGET_WAN <= year_rates.amount <= Decimal("1.07") * CITY_TARGET_WAN
    assert 140 <= year_rates.big <= 160
    assert 0 < year_rates.producing < year_rates.started < year_rates.landed < year_rates.contracts
    assert 0 < year_rates.funds < year_rates.amount
    assert Decimal("0.6") < year_rates.fulfilment_rate < 1
    progress = target_progress(contracts, city, today)
    assert progress.target == CITY_TARGET_WAN and progress.big_target == 100
    assert Decimal("0.95") <= progress.completion <= Decimal("1.07")
    parts = AttractionTarget.objects.filter(year=today.year, region__parent=city)
    assert set(parts.values_list("region__code", flat=True)) == STATISTICAL_REGIONS
    assert abs(parts.aggregate(total=Sum("signed_amount"))["total"] - CITY_TARGET_WAN) <= CITY_TARGET_WAN / 100
    assert parts.aggregate(total=Sum("big_projects"))["total"] == 100
    for target in parts:
        assert target_progress(contracts, target.region, today).actual > 0
    assert contracts.filter(kind=ContractKind.FRAMEWORK).count() == 150
    assert contracts.filter(kind=ContractKind.FORMAL, signed_on__year=today.year - 1).count() == 300
    assert set(contracts.values_list("region__code", flat=True)) == STATISTICAL_REGIONS

    # -- fulfilment: every milestone, late contracts, funds
    assert set(Milestone.objects.values_list("kind", flat=True)) == set(MilestoneKind.values)
    late = late_contracts(contracts, today)
    assert 100 <= late.count() <= 500
    late_kinds = {item.kind for contract in late_details(late, today) for item in contract.late}
    assert {MilestoneKind.REGISTERED, MilestoneKind.LAND, MilestoneKind.STARTED} <= late_kinds
    assert contracts.filter(needs_land=False).exists()
    assert not Milestone.objects.filter(date__lt=F("contract__signed_on")).exists()
    assert not FundArrival.objects.filter(date__lt=F("contract__signed_on")).exists()
    started = contracts.filter(milestones__kind=MilestoneKind.STARTED)
    assert not started.filter(project=None).exists()
    assert not started.annotate(n=Count("funds")).filter(n__lt=2).exists()
    for contract in contracts.prefetch_related("milestones"):
        dates = {m.kind: m.date for m in contract.milestones.all()}
        ordered = [dates[kind] for kind in MILESTONE_ORDER if kind in dates]
        assert ordered == sorted(ordered), contract.number
        if contract.investor_credit_code:
            validate_credit_code(contract.investor_credit_code)
        assert NUMBER_RE.match(contract.number), contract.number
    assert not contracts.exclude(event=None).exclude(signed_on=F("event__date")).exists()
    teamed = contracts.exclude(team=None).select_related("region", "team__region")
    assert all(c.region.path.startswith(c.team.region.path) for c in teamed)

    # -- the registry link: projects of the projects demo linked, about 300 created, none linked twice
    year, last_month = demo_period(today)
    registry = {p.name for p in build_specs(year, last_month)[0]}
    linked = Project.objects.filter(contracts__isnull=False)
    assert not linked.annotate(n=Count("contracts")).filter(n__gt=1).exists()
    assert linked.filter(name__in=registry).count() > 80
    created = Project.objects.exclude(name__in=registry)
    assert 150 <= created.count() <= 320
    assert created.filter(contracts__isnull=False).count() == created.count()
    # 开工 is the day the linked project started building, whether it was linked or created.
    starts = Milestone.objects.filter(kind=MilestoneKind.STARTED)
    assert not starts.exclude(date=F("contract__project__actual_start")).exists()

    # -- leads
    leads = Lead.objects.all()
    assert 380 <= leads.count() <= 420
    counts = lead_counts(leads)
    assert set(counts) == set(LeadStatus.values)
    assert counts[LeadStatus.SIGNED] == contracts.exclude(lead=None).count()
    assert 20 <= stale_leads(leads, today).count() <= 120
    assert not leads.filter(status=LeadStatus.DROPPED, drop_reason="").exists()
    per_lead = leads.annotate(n=Count("follow_ups"))
    assert not per_lead.filter(Q(n__lt=1) | Q(n__gt=5)).exists()

    # -- teams and events
    teams = Team.objects.filter(region__path__startswith=city.path)
    assert 25 <= teams.count() <= 45
    sizes = teams.annotate(n=Count("members")).values_list("n", flat=True)
    assert min(sizes) >= 3 and max(sizes) <= 6
    assert TeamMember.objects.filter(user__username="jj_reporter", team__region__code="350582").exists()
    events = SigningEvent.objects.filter(date__year=today.year)
    assert events.count() == len(build_events(today.year, today))
    assert events.filter(name__contains=f"泉州市{today.year}年第").exists() or today < datetime.date(today.year, 3, 1)

    # -- nothing dated after today
    for model, fields in (
        (Contract, ("signed_on",)),
        (Milestone, ("date",)),
        (FundArrival, ("date",)),
        (Lead, ("found_on", "status_changed_on")),
        (FollowUp, ("date",)),
        (SigningEvent, ("date",)),
    ):
        for name in fields:
            assert not model.objects.filter(**{f"{name}__gt": today}).exists(), f"{model.__name__}.{name}"
