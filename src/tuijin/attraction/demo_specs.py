"""The attraction demo as plain specifications, before anything is written: teams, signing events, targets,
contracts with their fulfilment, and leads with their follow-ups. ``demo.py`` writes them.

Deterministic and without database: teams and targets depend on the year only, events on which have been held,
contracts and leads on the day (``random.Random`` seeded with it), since every date lies between 1 January of the
previous year and today.

The campaign (DOMAIN.md §6): about 1 700 正式合同 signed this year worth about 1万亿元, 150 of them big (≥ 20亿元),
150 框架协议, and 300 正式合同 of the previous year; fulfilment further along the older a contract is; about 400
leads in every status. Contracts that started building link to a registry project: the industry projects of the
projects demo that started since March of the previous year become contracts of their own (same name, owner
and investment, 开工 on the project's start), 前期 ones are linked without a start, and the other contracts that
started create their project (about 300).
"""

from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from tuijin.attraction import demo_data as data
from tuijin.attraction.choices import ContractKind, LeadStatus, MilestoneKind
from tuijin.attraction.demo_data import (
    EventSpec,
    TargetSpec,
    TeamSpec,
    build_events,
    build_targets,
    build_teams,
    mobile,
)
from tuijin.core.validators import credit_code_check_char
from tuijin.projects.choices import Category, Stage
from tuijin.projects.demo_data import CONTENTS, PROFILES, TRADE_NAME_FIRST, TRADE_NAME_SECOND
from tuijin.projects.demo_specs import build_specs, code_area, demo_period, person_name, region_seeds

SEED = 6  # any constant: the data only has to be the same on every run
FORMAL_THIS_YEAR = 1700
BIG_THIS_YEAR = 150
FRAMEWORKS = 150
FORMAL_LAST_YEAR = 300
SIGNED_WAN = Decimal("101000000")  # about 1.01万亿元: the city is a little ahead of its 1万亿 target
BIG_WAN = Decimal("200000")  # AttractionSettings.big_project_threshold default
# The shares of contracts signed at an event (big ones are kept for the 集中签约大会).
EVENT_SHARE, EVENT_SHARE_BIG, EVENT_SHARE_FRAMEWORK = 0.33, 0.6, 0.45
# Leads that never became a contract, by final status; 签约 leads are taken from the contracts.
LEAD_COUNTS = {LeadStatus.LEAD: 100, LeadStatus.TALKING: 80, LeadStatus.INTENT: 60, LeadStatus.DROPPED: 45}
SIGNED_LEADS = {"this_year": 90, "last_year": 15, "framework": 10}
STALE_SHARE = 0.25
# The chance that a contract ready to build (registered, land supplied if needed) has started. Each start makes a
# registry project unless the contract came from one: these keep the new projects to about 300.
START_CHANCE_THIS_YEAR, START_CHANCE_LAST_YEAR = 0.45, 0.55
PREP_LINK_SHARE = 0.7  # of the projects demo's 前期 industry projects, linked to a contract without a start
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100 charset


@dataclass
class MilestoneSpec:
    kind: str
    date: datetime.date
    evidence: str


@dataclass
class FundSpec:
    date: datetime.date
    amount: Decimal
    note: str


@dataclass
class FollowUpSpec:
    date: datetime.date
    content: str
    next_step: str
    next_date: datetime.date | None


@dataclass
class LeadSpec:
    company: str
    credit_code: str
    project_name: str
    source: str
    division: str
    intended: Decimal
    region_code: str
    team: str
    owner: str
    contact: str
    description: str
    found_on: datetime.date
    status: str  # the final status
    moves: list[tuple[str, datetime.date, str]] = field(default_factory=list)  # (to status, on, reason)
    follow_ups: list[FollowUpSpec] = field(default_factory=list)


@dataclass
class ContractSpec:
    name: str
    kind: str
    investor: str
    credit_code: str
    amount: Decimal
    region_code: str
    division: str
    source: str
    team: str
    needs_land: bool
    content: str
    signed_on: datetime.date = datetime.date.min
    number: str = ""
    event: str = ""
    project: str = ""  # the name of the registry project to link
    linked_start: bool = False  # the project has started: 开工 is the project's start
    milestones: list[MilestoneSpec] = field(default_factory=list)
    funds: list[FundSpec] = field(default_factory=list)
    lead: LeadSpec | None = None


@dataclass
class Campaign:
    year: int
    today: datetime.date
    teams: list[TeamSpec]
    events: list[EventSpec]
    targets: list[TargetSpec]
    contracts: list[ContractSpec]
    leads: list[LeadSpec]  # every lead, those of contracts included


# --- Small helpers -----------------------------------------------------------------------------------------------


def wan(value: float) -> Decimal:
    """A float amount of 万元 rounded as people write it: to 100万 from 1亿, 10万 from 1 000万, else 1万."""
    step = 100 if value >= 10000 else 10 if value >= 1000 else 1
    return max(Decimal(1), (Decimal(str(value)) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def random_day(rng: random.Random, low: datetime.date, high: datetime.date, workday: bool = True) -> datetime.date:
    """A day between ``low`` and ``high``; signing is rare at weekends and around 春节 (February)."""
    if high <= low:
        return low
    while True:
        day = low + days(rng.randint(0, (high - low).days))
        if workday and day.weekday() >= 5 and rng.random() < 0.85:
            continue
        if workday and day.month == 2 and rng.random() < 0.5:
            continue
        return day


def spread_days(
    rng: random.Random, low: datetime.date, high: datetime.date, count: int, last: datetime.date | None = None
) -> list[datetime.date]:
    """``count`` sorted days between ``low`` and ``high``, distinct where there is room; the last one is ``last``
    when given."""
    span = max(0, (high - low).days)
    wanted = count - (last is not None)
    if last is not None:
        span = max(0, min(span, (last - low).days - 1))
    offsets = (
        rng.sample(range(span + 1), wanted) if span + 1 >= wanted else [rng.randint(0, span) for _ in range(wanted)]
    )
    picked = sorted(low + days(offset) for offset in offsets)
    return [*picked, last] if last is not None else picked


def product_of(name: str) -> str:
    """What a project makes: its name without 项目, its phase or 增资扩产."""
    return name.split("项目")[0].removesuffix("增资扩产")


def org_check_char(body: str) -> str:
    """GB 11714 check character of an 8-character organization code body with letters (A = 10 … Z = 35), as in
    the ``MA…`` codes issued since 2015 (``core.validators.org_code_check_char`` covers digits only)."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body, weights, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def new_credit_code(rng: random.Random, area: str, used: set[str]) -> str:
    """A valid 统一社会信用代码 of a company (``91``) registered recently in ``area`` (GB/T 2260)."""
    while True:
        body = "MA" + "".join(rng.choice(CREDIT_CHARS) for _ in range(6))
        first17 = f"91{area}{body}{org_check_char(body)}"
        code = first17 + credit_code_check_char(first17)
        if code not in used:
            used.add(code)
            return code


def weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


# --- Contracts ---------------------------------------------------------------------------------------------------


class Builder:
    """The state of one build: the random generator, the day, the teams and the names already used."""

    def __init__(self, today: datetime.date) -> None:
        self.today = today
        self.year = today.year
        self.rng = random.Random(f"tuijin-attraction-{SEED}-{today.isoformat()}")
        self.teams = build_teams(self.year)
        self.events = build_events(self.year, today)
        self.codes: set[str] = set()
        self.investors: dict[str, str] = {}  # name → credit code
        self.names: set[str] = set()

    # -- identity -------------------------------------------------------------------------------------------

    def source_for(self, region_code: str) -> str:
        weights = dict(data.SOURCE_WEIGHTS)
        for source, factor in data.SOURCE_BIAS.get(region_code, {}).items():
            weights[source] *= factor
        return weighted(self.rng, weights)

    def team_for(self, region_code: str, source: str) -> str:
        rng = self.rng
        local = [t for t in self.teams if t.region_code == region_code]
        matching = [t for t in local if source in t.sources]
        city = [t for t in self.teams if t.region_code == data.CITY_CODE and source in t.sources]
        draw = rng.random()
        if draw < 0.04:
            return ""
        if matching and (draw > 0.22 or not city):
            return rng.choice(matching).name
        if city:
            return rng.choice(city).name
        return rng.choice(local).name if local else ""

    def investor_for(self, region_code: str, source: str, business: str, big: bool) -> tuple[str, str]:
        rng = self.rng
        prefix, area = rng.choice(data.INVESTOR_HOMES[source])
        seed = region_seeds()[region_code]
        if not prefix:
            prefix = seed.display_short_name if seed.kind != "zone" else "泉州"
        area = area or code_area(region_code)
        trade = rng.choice(TRADE_NAME_FIRST) + rng.choice(TRADE_NAME_SECOND)
        tech = "科技" if rng.random() < 0.3 and "科技" not in business else ""
        suffix = rng.choice(("集团有限公司", "股份有限公司")) if big and rng.random() < 0.6 else "有限公司"
        if source in {"侨港澳台/在外泉商", "东南亚"} and rng.random() < 0.5:
            name = f"{trade}（{rng.choice(data.SUBSIDIARY_SEATS)}）{business}{tech}{suffix}"
            area = code_area(region_code)  # the subsidiary is registered where it invests
        else:
            name = f"{prefix}{trade}{business}{tech}{suffix}"
        if name not in self.investors:
            self.investors[name] = new_credit_code(rng, area, self.codes)
        return name, self.investors[name]

    def project_name(self, division: str, source: str) -> tuple[str, str]:
        """(name of the project, line of business of its investor), unique among the names used so far."""
        rng = self.rng
        while True:
            product, business = rng.choice(data.PRODUCTS[division])
            low, high = data.CAPACITY.get(division, (2, 50))
            capacity = rng.randint(low, high)
            product = product.format(n=round(capacity, -2 if capacity >= 1000 else -1 if capacity >= 100 else 0))
            trade = rng.choice(TRADE_NAME_FIRST) + rng.choice(TRADE_NAME_SECOND)
            if trade[0] == trade[1]:
                continue
            ending = "增资扩产项目" if source == "本地增资" and rng.random() < 0.6 else "项目"
            if ending == "项目" and rng.random() < 0.1:
                ending = f"项目（{rng.choice('一二')}期）"
            name = f"{trade}{product}{ending}"
            if name not in self.names:
                self.names.add(name)
                return name, business

    def content_for(self, division: str, product: str) -> str:
        rng = self.rng
        number = int(division)
        kind = "industry" if 13 <= number <= 43 else {"44": "energy", "01": "farm", "04": "farm"}.get(division)
        return CONTENTS[kind or "services"].format(
            mu=rng.randint(20, 300),
            area=round(rng.uniform(1, 20), 1),
            equipment=rng.randint(30, 600),
            product=product,
            mw=rng.choice((20, 50, 100, 200)),
        )

    def free_contract(self, kind: str, region_code: str, big: bool, raw_amount: float) -> ContractSpec:
        """A contract not made from a registry project: industry, investor and an unscaled amount."""
        rng = self.rng
        divisions = {**data.COMMON_DIVISIONS, **PROFILES[region_code].industries}
        if big:  # big contracts are plants, energy and logistics hubs
            divisions = {
                d: w * data.DIVISION_SIZE.get(d, 1.0)
                for d, w in divisions.items()
                if d in data.DIVISION_SIZE or d < "44"
            }
        division = weighted(rng, {d: float(w) for d, w in divisions.items()})
        source = self.source_for(region_code)
        name, business = self.project_name(division, source)
        investor, code = self.investor_for(region_code, source, business, big)
        size = data.REGION_SHARES[region_code][2] * data.DIVISION_SIZE.get(division, 1.0)
        return ContractSpec(
            name=name,
            kind=kind,
            investor=investor,
            credit_code=code,
            amount=Decimal(str(raw_amount * (size if not big else 1.0))),
            region_code=region_code,
            division=division,
            source=source,
            team=self.team_for(region_code, source),
            needs_land=rng.random() < 0.7,
            content=self.content_for(division, product_of(name)),
        )

    # -- dates ----------------------------------------------------------------------------------------------

    def sign(self, spec: ContractSpec, big: bool = False) -> None:
        """The signing day of a contract of this year: at a fitting event or on a working day."""
        rng = self.rng
        share = (
            EVENT_SHARE_FRAMEWORK if spec.kind == ContractKind.FRAMEWORK else EVENT_SHARE_BIG if big else EVENT_SHARE
        )
        fitting = [
            e
            for e in self.events
            if e.region_code in {data.CITY_CODE, spec.region_code}
            and (not e.seed.sources or spec.source in e.seed.sources)
        ]
        if fitting and rng.random() < share:
            weights = [e.seed.share * (2.5 if big and e.kind == "conference" else 1.0) for e in fitting]
            event = rng.choices(fitting, weights=weights)[0]
            spec.event, spec.signed_on = event.name, event.date
        else:
            spec.signed_on = random_day(self.rng, min(datetime.date(self.year, 1, 2), self.today), self.today)

    def registration(self, spec: ContractSpec, day: datetime.date) -> MilestoneSpec:
        if spec.source == "本地增资" and spec.investor.startswith(
            ("泉州", "福建", region_seeds()[spec.region_code].name[:2])
        ):
            evidence = f"完成增资变更登记，营业执照（统一社会信用代码{spec.credit_code}）"
        else:
            code = new_credit_code(self.rng, code_area(spec.region_code), self.codes)
            evidence = f"项目公司营业执照（统一社会信用代码{code}）"
        return MilestoneSpec(MilestoneKind.REGISTERED, day, evidence)

    def land(self, spec: ContractSpec, day: datetime.date) -> MilestoneSpec:
        rng = self.rng
        if rng.random() < 0.5:
            number = f"{code_area(spec.region_code)}{day.year}B{rng.randint(1, 99999):05d}"
            evidence = f"国有建设用地使用权出让合同（电子监管号{number}），用地{rng.randint(15, 300)}亩"
        else:
            short = region_seeds()[spec.region_code].display_short_name[0] if spec.region_code[-3] != "Z" else "泉"
            evidence = f"土地出让合同 {short}土出〔{day.year}〕{rng.randint(1, 160)}号"
        return MilestoneSpec(MilestoneKind.LAND, day, evidence)

    def start(self, spec: ContractSpec, day: datetime.date) -> MilestoneSpec:
        # Region, date of issue, serial of the day and of the permit's sections: 350582 20260315 01 01.
        serial = f"{self.rng.randint(1, 30):02d}{self.rng.randint(1, 3):02d}"
        evidence = f"施工许可证 {code_area(spec.region_code)}{day:%Y%m%d}{serial}"
        return MilestoneSpec(MilestoneKind.STARTED, day, evidence)

    def produce(self, spec: ContractSpec, day: datetime.date) -> MilestoneSpec:
        template = self.rng.choice(data.PRODUCE_EVIDENCE)
        evidence = template.format(area=code_area(spec.region_code), year=day.year, serial=self.rng.randint(1, 9999))
        return MilestoneSpec(MilestoneKind.PRODUCING, day, evidence)

    def add_funds(self, spec: ContractSpec) -> None:
        """Funds arrived: a few entries for a started contract, the paid-in capital for some registered ones."""
        rng = self.rng
        dates = {m.kind: m.date for m in spec.milestones}
        if MilestoneKind.REGISTERED not in dates:
            return
        first = dates[MilestoneKind.REGISTERED]
        if MilestoneKind.STARTED in dates:
            share = rng.uniform(0.15, 0.55) + (0.25 if MilestoneKind.PRODUCING in dates else 0.0)
            count = rng.randint(2, 5)
        elif rng.random() < 0.6:
            share, count = rng.uniform(0.03, 0.15), rng.randint(1, 2)
        else:
            return
        total = float(spec.amount) * share
        weights = [rng.uniform(0.5, 1.5) for _ in range(count)]
        for day, weight in zip(spread_days(rng, first, self.today, count), weights, strict=True):
            amount = max(Decimal(1), Decimal(round(total * weight / sum(weights))))
            spec.funds.append(FundSpec(day, amount, rng.choice(data.FUND_NOTES)))

    def fulfil(self, spec: ContractSpec, start_chance: float) -> None:
        """Milestones drawn as delays after signing, recorded when they fall by today (older: further along)."""
        rng, today = self.rng, self.today
        draw = rng.random()
        delay = rng.randint(7, 85) if draw < 0.82 else rng.randint(90, 200) if draw < 0.93 else None
        if delay is None or spec.signed_on + days(delay) > today:
            return
        registered = spec.signed_on + days(delay)
        spec.milestones.append(self.registration(spec, registered))
        basis = registered
        if spec.needs_land:
            draw = rng.random()
            delay = rng.randint(20, 150) if draw < 0.8 else rng.randint(150, 320) if draw < 0.92 else None
            if delay is None or registered + days(delay) > today:
                self.add_funds(spec)
                return
            basis = registered + days(delay)
            spec.milestones.append(self.land(spec, basis))
        if rng.random() < start_chance:
            started = basis + days(rng.randint(20, 240))
            if started <= today:
                spec.milestones.append(self.start(spec, started))
                producing = started + days(rng.randint(90, 360))
                if rng.random() < 0.6 and producing <= today:
                    spec.milestones.append(self.produce(spec, producing))
        self.add_funds(spec)

    # -- contracts made from registry projects --------------------------------------------------------------

    def linked_contracts(self) -> list[ContractSpec]:
        """Contracts of the projects demo's industry projects: started ones (开工 = the project's start) and, for
        most of those still in 前期, a contract linked before it starts."""
        rng, today = self.rng, self.today
        projects, enterprises = build_specs(*demo_period(today))
        codes = {(e.region_code, e.name): e.credit_code for e in enterprises}
        self.names |= {p.name for p in projects}
        earliest = datetime.date(self.year - 1, 1, 5)
        result = []
        for project in projects:
            if project.category != Category.INDUSTRY:
                continue
            moves = dict(project.moves)
            start = moves.get(Stage.CONSTRUCTION)
            started = start is not None and datetime.date(self.year - 1, 3, 1) <= start <= today
            prepared = project.moves[-1][0] == Stage.PREPARATION and rng.random() < PREP_LINK_SHARE
            if not (started or prepared):
                continue
            source = self.source_for(project.region_code)
            self.investors.setdefault(project.owner[1], codes.get(project.owner, ""))
            spec = ContractSpec(
                name=project.name,
                kind=ContractKind.FORMAL,
                investor=project.owner[1],
                credit_code=self.investors[project.owner[1]],
                amount=project.total,
                region_code=project.region_code,
                division=project.division,
                source=source,
                team=self.team_for(project.region_code, source),
                needs_land=rng.random() < 0.8,
                content=project.content,
                project=project.name,
                linked_start=started,
            )
            if started:
                assert start is not None
                spec.signed_on = max(earliest, start - days(rng.randint(60, 330)))
                if (start - spec.signed_on).days < 30:
                    continue
                self.start_linked(spec, start, moves)
            else:
                signed = max(earliest, moves[Stage.PREPARATION] - days(rng.randint(0, 150)))
                spec.signed_on = min(signed, today - days(15))
                self.fulfil(spec, start_chance=0.0)
            result.append(spec)
        return result

    def start_linked(self, spec: ContractSpec, start: datetime.date, moves: dict[str, datetime.date]) -> None:
        rng = self.rng
        events = [
            e
            for e in self.events
            if e.kind == "conference"
            and e.region_code in {data.CITY_CODE, spec.region_code}
            and spec.signed_on - days(60) <= e.date <= start - days(30)
        ]
        if events and rng.random() < 0.4:
            event = rng.choice(events)
            spec.event, spec.signed_on = event.name, event.date
        gap = (start - spec.signed_on).days
        registered = spec.signed_on + days(rng.randint(7, min(85, gap - 14)))
        spec.milestones.append(self.registration(spec, registered))
        if spec.needs_land:
            spec.milestones.append(self.land(spec, registered + days(rng.randint(0, (start - registered).days))))
        spec.milestones.append(self.start(spec, start))
        producing = moves.get(Stage.PRODUCING)
        completed = moves.get(Stage.COMPLETED)
        if producing is None and completed is not None and rng.random() < 0.6:
            producing = completed + days(rng.randint(10, 60))
        if producing is not None and producing <= self.today:
            spec.milestones.append(self.produce(spec, producing))
        self.add_funds(spec)

    # -- the whole list -------------------------------------------------------------------------------------

    def contracts(self) -> list[ContractSpec]:
        rng = self.rng
        linked = self.linked_contracts()
        this_linked = [c for c in linked if c.signed_on.year == self.year]
        big_count = BIG_THIS_YEAR - sum(c.amount >= BIG_WAN for c in this_linked)
        small_count = FORMAL_THIS_YEAR - len(this_linked) - big_count
        last_count = FORMAL_LAST_YEAR - (len(linked) - len(this_linked))

        # Big projects follow the regions' big-project targets; the others their share of the amount at their
        # typical size.
        big_weights = {code: float(share[1]) for code, share in data.REGION_SHARES.items()}
        weights = {code: share[0] / share[2] for code, share in data.REGION_SHARES.items()}
        bigs = [
            self.free_contract(ContractKind.FORMAL, code, True, big_amount(rng))
            for code in quota(big_weights, big_count, rng)
        ]
        smalls = [
            self.free_contract(ContractKind.FORMAL, code, False, rng.lognormvariate(math.log(12000), 0.95))
            for code in quota(weights, small_count, rng)
        ]
        for spec in bigs:
            spec.amount = wan(float(spec.amount))
        fixed = sum((c.amount for c in this_linked + bigs), Decimal(0))
        factor = scale_amounts(smalls, SIGNED_WAN - fixed)

        last_year = []
        for code in quota(weights, last_count, rng):
            big = rng.random() < 0.06
            raw = big_amount(rng) if big else rng.lognormvariate(math.log(12000), 0.95) * factor
            spec = self.free_contract(ContractKind.FORMAL, code, big, raw)
            spec.amount = wan(min(float(spec.amount), 190000.0) if not big else float(spec.amount))
            last_year.append(spec)
        frameworks = []
        for code in quota(weights, FRAMEWORKS, rng):
            big = rng.random() < 0.3
            raw = big_amount(rng) if big else rng.lognormvariate(math.log(30000), 0.8)
            spec = self.free_contract(ContractKind.FRAMEWORK, code, big, raw)
            spec.amount = wan(float(spec.amount))
            frameworks.append(spec)

        for spec in bigs + smalls:
            self.sign(spec, big=spec.amount >= BIG_WAN)
            self.fulfil(spec, START_CHANCE_THIS_YEAR)
        for spec in last_year:
            spec.signed_on = random_day(rng, datetime.date(self.year - 1, 1, 2), datetime.date(self.year - 1, 12, 31))
            self.fulfil(spec, START_CHANCE_LAST_YEAR)
        for spec in frameworks:
            self.sign(spec)

        formal = linked + bigs + smalls + last_year
        for year in (self.year - 1, self.year):
            signed = sorted((c for c in formal if c.signed_on.year == year), key=lambda c: (c.signed_on, c.name))
            for position, spec in enumerate(signed, start=1):
                spec.number = f"QZZS-{year}-{position:04d}"
        for position, spec in enumerate(sorted(frameworks, key=lambda c: (c.signed_on, c.name)), start=1):
            spec.number = f"QZKJ-{self.year}-{position:04d}"
        return formal + frameworks

    # -- leads ----------------------------------------------------------------------------------------------

    def person_of(self, team_name: str) -> str:
        team = next((t for t in self.teams if t.name == team_name), None)
        names = [m.name for m in team.members[1:] if m.name] if team else []
        return self.rng.choice(names) if names else person_name(self.rng)

    def follow_ups(self, lead: LeadSpec, dates: list[datetime.date], last_next: datetime.date | None) -> None:
        rng = self.rng
        seed = region_seeds()[lead.region_code]
        contents = rng.sample(data.FOLLOW_UPS, len(dates))
        for position, day in enumerate(dates):
            content = contents[position].format(
                contact=lead.contact.split("（")[0],
                place=seed.name,
                park=f"{seed.display_short_name}{rng.choice(data.PARKS)}",
            )
            later = dates[position + 1] if position + 1 < len(dates) else last_next
            step = (
                rng.choice(data.NEXT_STEPS[:-1])
                if position + 1 < len(dates) or lead.status != LeadStatus.SIGNED
                else ""
            )
            lead.follow_ups.append(FollowUpSpec(day, content, step or data.NEXT_STEPS[-1], later))

    def lead_for(self, spec: ContractSpec) -> LeadSpec:
        """The lead a contract was signed from, followed up and moved to 意向 before signing."""
        rng = self.rng
        lead = self.new_lead(spec.region_code, spec.source, spec.division, LeadStatus.SIGNED)
        lead.company, lead.credit_code, lead.project_name = spec.investor, spec.credit_code, spec.name
        lead.team, lead.owner = spec.team, self.person_of(spec.team)
        lead.intended = wan(float(spec.amount) * rng.uniform(0.8, 1.3))
        lead.found_on = spec.signed_on - days(rng.randint(45, 320))
        dates = spread_days(rng, lead.found_on, spec.signed_on - days(1), rng.randint(2, 5))
        lead.moves = [(LeadStatus.TALKING, dates[0], ""), (LeadStatus.INTENT, dates[-1], "")]
        self.follow_ups(lead, dates, spec.signed_on)
        return lead

    def new_lead(self, region_code: str, source: str, division: str, status: str) -> LeadSpec:
        rng = self.rng
        name, business = self.project_name(division, source)
        size = data.REGION_SHARES[region_code][2] * data.DIVISION_SIZE.get(division, 1.0)
        company, code = self.investor_for(region_code, source, business, False)
        team = self.team_for(region_code, source)
        product = product_of(name)
        seed = region_seeds()[region_code]
        description = rng.choice(data.LEAD_DESCRIPTIONS).format(
            product=product, mu=rng.randint(20, 200), place=seed.name, area=round(rng.uniform(0.5, 5), 1)
        )
        return LeadSpec(
            company=company,
            credit_code=code if rng.random() < 0.8 else "",
            project_name=name,
            source=source,
            division=division,
            intended=wan(min(1_000_000.0, rng.lognormvariate(math.log(15000 * size), 1.0))),
            region_code=region_code,
            team=team,
            owner=self.person_of(team),
            contact=f"{person_name(rng)}（{rng.choice(data.CONTACT_TITLES)}）{mobile(rng)}",
            description=description,
            found_on=self.today,
            status=status,
        )

    def open_lead(self, status: str) -> LeadSpec:
        """A lead still followed up (线索/洽谈/意向; some stale) or dropped."""
        rng, today = self.rng, self.today
        region_code = weighted(rng, {code: share[0] / share[2] for code, share in data.REGION_SHARES.items()})
        divisions = {**data.COMMON_DIVISIONS, **PROFILES[region_code].industries}
        division = weighted(rng, {d: float(w) for d, w in divisions.items()})
        lead = self.new_lead(region_code, self.source_for(region_code), division, status)
        reached = status
        if status == LeadStatus.DROPPED:
            reached = rng.choice((LeadStatus.LEAD, LeadStatus.TALKING, LeadStatus.TALKING, LeadStatus.INTENT))
            last = today - days(rng.randint(3, 260))
        elif rng.random() < STALE_SHARE:
            last = today - days(rng.randint(31, 150))
        else:
            last = today - days(rng.randint(0, 28))
        count = {LeadStatus.LEAD: rng.randint(1, 2), LeadStatus.TALKING: rng.randint(2, 4)}.get(reached, 0)
        count = count or rng.randint(3, 5)
        lead.found_on = last - days(rng.randint(0, 20 + 35 * count))
        dates = spread_days(rng, lead.found_on, last, count, last=last)
        if reached in {LeadStatus.TALKING, LeadStatus.INTENT}:
            lead.moves.append((LeadStatus.TALKING, dates[min(1, count - 1)], ""))
        if reached == LeadStatus.INTENT:
            lead.moves.append((LeadStatus.INTENT, dates[-1], ""))
        if status == LeadStatus.DROPPED:
            reason = rng.choice(data.DROP_REASONS)
            self.follow_ups(lead, dates[:-1], last)
            lead.follow_ups.append(FollowUpSpec(last, data.DROPPED_FOLLOW_UP.format(reason=reason), "", None))
            lead.moves.append((LeadStatus.DROPPED, last, reason))
        else:
            self.follow_ups(lead, dates, last + days(rng.randint(7, 30)))
        return lead

    def leads(self, contracts: list[ContractSpec]) -> list[LeadSpec]:
        rng = self.rng
        pools = {
            "this_year": [c for c in contracts if c.kind == ContractKind.FORMAL and c.signed_on.year == self.year],
            "last_year": [c for c in contracts if c.kind == ContractKind.FORMAL and c.signed_on.year < self.year],
            "framework": [c for c in contracts if c.kind == ContractKind.FRAMEWORK],
        }
        leads = []
        for pool, count in SIGNED_LEADS.items():
            for spec in rng.sample([c for c in pools[pool] if not c.project], count):
                spec.lead = self.lead_for(spec)
                leads.append(spec.lead)
        for status, count in LEAD_COUNTS.items():
            leads += [self.open_lead(status) for _ in range(count)]
        return leads


def quota(weights: dict[str, float], count: int, rng: random.Random) -> list[str]:
    """``count`` keys in proportion to ``weights`` (largest remainders), shuffled: every region gets its share."""
    total = sum(weights.values())
    exact = {key: count * weight / total for key, weight in weights.items()}
    counts = {key: int(value) for key, value in exact.items()}
    for key in sorted(exact, key=lambda k: counts[k] - exact[k])[: count - sum(counts.values())]:
        counts[key] += 1
    keys = [key for key, n in counts.items() for _ in range(n)]
    rng.shuffle(keys)
    return keys


def big_amount(rng: random.Random) -> float:
    """A big project: 20亿 to 150亿元, most between 25亿 and 50亿."""
    return min(1_500_000.0, max(200_000.0, rng.lognormvariate(math.log(330_000), 0.5)))


def scale_amounts(specs: list[ContractSpec], total: Decimal, cap: float = 190_000.0, floor: float = 300.0) -> float:
    """Scale the raw amounts so they add up to ``total``, each kept between ``floor`` and ``cap`` (below the big
    threshold); return the factor applied to the amounts not capped."""
    raw = {id(s): float(s.amount) for s in specs}
    fixed: dict[int, float] = {}
    factor = 1.0
    for _round in range(10):
        free = [key for key in raw if key not in fixed]
        factor = (float(total) - sum(fixed.values())) / sum(raw[key] for key in free)
        capped = {key: cap for key in free if raw[key] * factor > cap}
        if not capped:
            break
        fixed.update(capped)
    for spec in specs:
        value = fixed.get(id(spec), raw[id(spec)] * factor)
        spec.amount = wan(max(floor, value))
    return factor


def build_campaign(today: datetime.date) -> Campaign:
    """The whole attraction campaign as of ``today``, in memory: the same day always gives the same data."""
    builder = Builder(today)
    contracts = builder.contracts()
    leads = builder.leads(contracts)
    return Campaign(today.year, today, builder.teams, builder.events, build_targets(), contracts, leads)
