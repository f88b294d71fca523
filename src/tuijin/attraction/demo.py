"""Demo data of investment attraction: a year of 招商引资 in 泉州市 (a ``tuijin demo`` step, after dispatch).

``seed_demo(run)`` writes the campaign that ``demo_specs.build_campaign(today)`` describes: the teams (招商组) with
their members, the year's signing events, the annual targets of the city and of each district, county and zone,
about 400 leads with their follow-ups and moves, and about 2 150 contracts (正式合同 of this year and the last,
框架协议) with their milestones and funds.

- Every write goes through the models: ``full_clean()`` (see ``create`` for the checks left to the database) and
  ``save()``, ``Lead.move``, ``Contract.record_milestone`` for 开工, ``Contract.link_project``; so history records
  each one and the models' rules (dates never in the future, milestones in order, a contract at an event on the
  event's day, a team of the contract's region) hold for the demo as for a user.
- 开工 links a registry project: a contract made from a projects-demo project links that project, already under
  construction since that day (its stage does not change: the dispatch step has written its reports, and moving
  another project to 在建 would give it reports to write on the next run); any other contract that started
  creates its project, as ``record_milestone`` does for a user.
- Idempotent: teams, members, events and targets are looked up by their natural keys and refreshed through
  ``upsert``; leads by (region, company, project) and contracts by number (or name) are written once, with their
  follow-ups, milestones and funds, and never rewritten, so a run on a later day leaves the past alone.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import TYPE_CHECKING, Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from tuijin.attraction.choices import ContractKind, MilestoneKind
from tuijin.attraction.demo_data import CITY_CODE, SOURCE_WEIGHTS
from tuijin.attraction.demo_specs import Campaign, ContractSpec, LeadSpec, build_campaign
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
from tuijin.attraction.queries import late_contracts, rates, stale_leads, target_progress
from tuijin.core.management.commands.demo import ACCOUNTS
from tuijin.core.models import Region, User
from tuijin.core.money import format_money, format_percent
from tuijin.core.seeding import upsert
from tuijin.projects.choices import Stage
from tuijin.projects.models import Project

if TYPE_CHECKING:
    from tuijin.core.management.commands.demo import DemoRun


def create(obj: Any) -> Any:
    """Validate and save a new row as a form would, minus what the database checks anyway: that related rows exist
    (they were just read) and the unique and check constraints (a violation would end the run with an
    IntegrityError). Those checks cost a query each, half the step's time; the model's own rules
    (``clean()``: dates, order, regions) all run."""
    relations = [f.name for f in obj._meta.fields if f.is_relation]
    obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
    obj.save()
    return obj


class Writer:
    """The rows one run reads once and the counts it keeps."""

    def __init__(self, campaign: Campaign) -> None:
        self.campaign = campaign
        self.city = Region.objects.get(code=CITY_CODE)
        self.regions = {r.code: r for r in Region.objects.filter(path__startswith=self.city.path)}
        self.sources = {s.name: s for s in LeadSource.objects.all()}
        for name in SOURCE_WEIGHTS:  # seeded by migration 0002; restored if an administrator removed one
            if name not in self.sources:
                self.sources[name] = upsert(LeadSource, {"name": name}, {})[0]
        self.users = {u.username: u for u in User.objects.filter(username__in=[a.username for a in ACCOUNTS])}
        self.full_names = {a.username: a.full_name for a in ACCOUNTS}
        self.teams: dict[str, Team] = {}
        self.recorders: dict[str, User] = {}  # team name → the account of one of its members
        self.events: dict[str, SigningEvent] = {}
        self.leads: dict[tuple[str, str, str], Lead] = {}
        self.projects: dict[str, Project] = {}  # registry projects named like a contract
        self.created: Counter[str] = Counter()

    # -- reference rows -------------------------------------------------------------------------------------

    def write_teams(self) -> None:
        for spec in self.campaign.teams:
            region = self.regions[spec.region_code]
            team, _created = upsert(
                Team, {"region": region, "name": spec.name}, {"leader": spec.leader, "focus": spec.focus}
            )
            team.region = region  # cached: contracts and leads check the team's region
            self.teams[spec.name] = team
            for member in spec.members:
                user = self.users.get(member.username) if member.username else None
                name = self.full_names.get(member.username, "") if member.username else member.name
                if member.username and user is not None:
                    self.recorders[spec.name] = user
                upsert(
                    TeamMember,
                    {"team": team, "name": name},
                    {"position": member.position, "phone": member.phone, "user": user},
                )

    def write_events(self) -> None:
        for spec in self.campaign.events:
            region = self.regions[spec.region_code]
            event, _created = upsert(
                SigningEvent,
                {"name": spec.name, "region": region},
                {"kind": spec.kind, "theme": spec.theme, "date": spec.date, "place": spec.place},
            )
            self.events[spec.name] = event

    def write_targets(self) -> None:
        for spec in self.campaign.targets:
            upsert(
                AttractionTarget,
                {"year": self.campaign.year, "region": self.regions[spec.region_code]},
                {"signed_amount": spec.amount, "big_projects": spec.big_projects},
            )

    # -- leads ----------------------------------------------------------------------------------------------

    def write_leads(self) -> None:
        existing = Lead.objects.filter(region__path__startswith=self.city.path).select_related("region")
        self.leads = {(lead.region.code, lead.company, lead.project_name): lead for lead in existing}
        for spec in self.campaign.leads:
            key = (spec.region_code, spec.company, spec.project_name)
            if key not in self.leads:
                self.leads[key] = self.write_lead(spec)

    def write_lead(self, spec: LeadSpec) -> Lead:
        team = self.teams.get(spec.team)
        lead = create(
            Lead(
                company=spec.company,
                credit_code=spec.credit_code,
                project_name=spec.project_name,
                source=self.sources[spec.source],
                industry_division=spec.division,
                intended_investment=spec.intended,
                region=self.regions[spec.region_code],
                team=team,
                owner=spec.owner,
                contact=spec.contact,
                description=spec.description,
                found_on=spec.found_on,
            )
        )
        recorder = self.recorders.get(spec.team)
        for follow_up in spec.follow_ups:
            create(
                FollowUp(
                    lead=lead,
                    date=follow_up.date,
                    content=follow_up.content,
                    next_step=follow_up.next_step,
                    next_date=follow_up.next_date,
                    recorded_by=recorder,
                )
            )
        for status, on, reason in spec.moves:
            lead.move(status, on, reason)
        self.created["leads"] += 1
        return lead

    # -- contracts ------------------------------------------------------------------------------------------

    def write_contracts(self) -> None:
        specs = self.campaign.contracts
        numbers = set(Contract.objects.filter(number__in=[s.number for s in specs]).values_list("number", flat=True))
        names = set(Contract.objects.filter(region__path__startswith=self.city.path).values_list("name", flat=True))
        signed_leads = set(Contract.objects.exclude(lead=None).values_list("lead_id", flat=True))
        # The projects to link, and the names a new project may not take.
        self.projects = {
            p.name: p
            for p in Project.objects.filter(name__in=[s.name for s in specs])
            .select_related("region")
            .annotate(contract_count=Count("contracts"))
        }
        for spec in specs:
            if spec.number in numbers or spec.name in names:
                continue
            lead = None
            if spec.lead is not None:
                lead = self.leads.get((spec.lead.region_code, spec.lead.company, spec.lead.project_name))
                if lead is not None and (lead.pk in signed_leads or not lead.is_active):
                    lead = None
            self.write_contract(spec, lead)

    def write_contract(self, spec: ContractSpec, lead: Lead | None) -> None:
        contract = create(
            Contract(
                number=spec.number,
                name=spec.name,
                lead=lead,
                investor_name=spec.investor,
                investor_credit_code=spec.credit_code,
                amount=spec.amount,
                kind=spec.kind,
                signed_on=spec.signed_on,
                event=self.events.get(spec.event),
                region=self.regions[spec.region_code],
                industry_division=spec.division,
                source=self.sources[spec.source],
                team=self.teams.get(spec.team),
                needs_land=spec.needs_land,
                content=spec.content,
            )
        )
        self.created[spec.kind] += 1
        project = self.projects.get(spec.name)
        if project is not None and (project.contract_count or project.region.code != spec.region_code):
            project = None  # taken by another contract, or a namesake elsewhere: leave it alone
        if spec.project and not spec.linked_start and project is not None and project.stage == Stage.PREPARATION:
            contract.link_project(project)
        for milestone in spec.milestones:
            if milestone.kind == MilestoneKind.STARTED:
                if not self.can_start(spec, project, milestone.date):
                    break
                contract.record_milestone(milestone.kind, milestone.date, milestone.evidence, project=project)
                self.created["projects"] += project is None
            else:  # what record_milestone does for a new milestone, without its lookup of an existing one
                create(
                    Milestone(contract=contract, kind=milestone.kind, date=milestone.date, evidence=milestone.evidence)
                )
        for fund in spec.funds:
            create(FundArrival(contract=contract, date=fund.date, amount=fund.amount, note=fund.note))

    def can_start(self, spec: ContractSpec, project: Project | None, on: datetime.date) -> bool:
        """开工 links the spec's registry project, started that very day, or creates a project of the contract's
        name when no registry project has it. Otherwise (the registry was built on another day and differs, or
        a user took the name) the contract stays unstarted rather than touch a project's history."""
        if spec.linked_start:
            return project is not None and project.actual_start == on
        return spec.name not in self.projects


def seed_demo(run: DemoRun) -> None:
    """Create or refresh the attraction campaign of the current year (see the module docstring)."""
    today = timezone.localdate()
    campaign = build_campaign(today)
    AttractionSettings.current()
    writer = Writer(campaign)
    writer.write_teams()
    writer.write_events()
    writer.write_targets()
    writer.write_leads()
    writer.write_contracts()
    run.report(summary(writer, today))


def summary(writer: Writer, today: datetime.date) -> str:
    """One line: the year's signing against the target, fulfilment, leads, teams and events."""
    city = writer.city
    contracts = Contract.objects.filter(region__path__startswith=city.path)
    leads = Lead.objects.filter(region__path__startswith=city.path)
    year_rates = rates(contracts, today)
    progress = target_progress(contracts, city, today)
    this_year = contracts.filter(signed_on__year=today.year)
    created = writer.created
    return _(
        "招商引资：%(year)d年签约项目 %(count)d 个（正式合同），总额 %(amount)s，大项目 %(big)d 个，"
        "年度目标完成 %(completion)s；框架协议 %(frameworks)d 个；上年签约 %(last_year)d 个；"
        "开工 %(started)d 个、投产 %(producing)d 个，履约逾期 %(late)d 个；"
        "线索 %(leads)d 条（超期未跟进 %(stale)d 条）；招商组 %(teams)d 个，签约活动 %(events)d 场；"
        "新建签约项目 %(new_contracts)d 个、线索 %(new_leads)d 条、重点项目 %(new_projects)d 个"
    ) % {
        "year": today.year,
        "count": year_rates.contracts,
        "amount": format_money(year_rates.amount),
        "big": year_rates.big,
        "completion": format_percent(progress.completion),
        "frameworks": this_year.filter(kind=ContractKind.FRAMEWORK).count(),
        "last_year": contracts.filter(kind=ContractKind.FORMAL, signed_on__year=today.year - 1).count(),
        "started": year_rates.started,
        "producing": year_rates.producing,
        "late": late_contracts(contracts, today).count(),
        "leads": leads.count(),
        "stale": stale_leads(leads, today).count(),
        "teams": Team.objects.filter(region__path__startswith=city.path).count(),
        "events": SigningEvent.objects.filter(region__path__startswith=city.path, date__year=today.year).count(),
        "new_contracts": created[ContractKind.FORMAL] + created[ContractKind.FRAMEWORK],
        "new_leads": created["leads"],
        "new_projects": created["projects"],
    }
