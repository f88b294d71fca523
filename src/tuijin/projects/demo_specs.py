"""The demo campaign as plain specifications, before anything is written: which projects exist (identity,
owner, investment) and what happened to them (transition dates, plans, goals, 停工). ``demo.py`` writes them.

Everything here is deterministic (seeded ``random.Random``) and touches no database.
"""

from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from django.utils import timezone

from tuijin.core.periods import last_complete_month, period_end
from tuijin.core.regions import REGIONS, RegionSeed
from tuijin.core.validators import credit_code_check_char, org_code_check_char
from tuijin.projects.choices import Category, Nature, NodeGoalKind, Stage
from tuijin.projects.demo_data import (
    CONTENTS,
    DIVISION_SIZE,
    GIVEN_CHARS,
    HOSPITAL_PARTS,
    HOSPITALS,
    INDUSTRY_PRODUCTS,
    INFRA_TEMPLATES,
    LEADER_TITLES,
    PROFILES,
    ROAD_WORDS,
    SOCIAL_TEMPLATES,
    SURNAMES,
    TOWN_SUFFIXES,
    TRADE_NAME_FIRST,
    TRADE_NAME_SECOND,
)

CITY_CODE = "350500"
SEED = 4754  # any constant: the data only has to be the same on every run
PLAN_TARGET_WAN = Decimal("21680000")  # 年度投资2168亿元
TAG_NAMES = ("城建", "文旅", "生态环保", "侨港澳台", "数字经济", "新能源")
DISPATCHER_USERNAME = "qz_dispatch"
NEW_CODE_SCHEME_START = datetime.date(2020, 11, 1)

# How many projects end the year in each situation (600 in all). The shares are chosen so that the year's
# counts look like a real campaign's: 新开工 = build_new + done_new = 200, 竣工投用 = done_* + produce + capacity = 144.
SCENARIOS: dict[str, int] = {
    "planning": 66,  # 谋划 (11%)
    "prep": 108,  # 前期 (18%)
    "build_old": 112,  # 在建, started in an earlier year
    "build_new": 170,  # 在建, started this year (新开工)       → 在建 47%
    "done_old": 66,  # 竣工投用 this year, started earlier
    "done_new": 30,  # started and completed this year           → 竣工投用 16%
    "produce": 38,  # 产业项目 completed and 投产 this year
    "capacity": 10,  # … and 达产 as well                       → 投产/达产 8%
}
STARTED = {"build_old", "build_new", "done_old", "done_new", "produce", "capacity"}


@dataclass
class Goal:
    kind: str
    target_month: int
    achieved_on: datetime.date | None = None
    description: str = ""


@dataclass
class Spec:
    """One demo project: its card (identity), then its timeline (dates, plan and goals)."""

    index: int
    region_code: str
    scenario: str
    category: str
    division: str
    name: str
    tags: tuple[str, ...]
    owner: tuple[str, str]  # (region code, unit name)
    responsible: tuple[str, str]
    leader: str
    levels: tuple[bool, bool, bool]
    nature: str
    location: str
    content: str
    total: Decimal
    longitude: Decimal
    latitude: Decimal
    public: bool  # government-invested (审批) rather than an enterprise's (备案/核准)
    building: bool  # has a main structure to top out (主体封顶)
    # timeline
    moves: list[tuple[str, datetime.date]] = field(default_factory=list)
    code: str = ""
    planned_start: datetime.date | None = None
    planned_completion: datetime.date | None = None
    stats_on: datetime.date | None = None
    plan_share: float = 0.0  # raw share of the total investment planned this year (0: not in the year list)
    plan_cap: float = 0.0  # the plan may not exceed this share (the investment still to do)
    plan: Decimal | None = None
    goals: list[Goal] = field(default_factory=list)
    joined_on: datetime.date | None = None
    left_on: datetime.date | None = None
    left_reason: str = ""


@dataclass
class EnterpriseSpec:
    region_code: str
    name: str
    short_name: str
    credit_code: str


# ---------------------------------------------------------------------------------------------------
# Period and small helpers
# ---------------------------------------------------------------------------------------------------


def demo_period(today: datetime.date | None = None) -> tuple[int, int]:
    """(campaign year, last complete month): today's year through last month; in January the previous year."""
    return last_complete_month(today or timezone.localdate())


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def day_between(rng: random.Random, low: datetime.date, high: datetime.date) -> datetime.date:
    if high <= low:
        return low
    return low + datetime.timedelta(days=rng.randint(0, (high - low).days))


def short_town(town: str) -> str:
    for suffix in TOWN_SUFFIXES:
        if town.endswith(suffix) and len(town) > len(suffix) + 1:
            return town[: -len(suffix)]
    return town


@cache
def region_seeds() -> dict[str, RegionSeed]:
    return {seed.code: seed for seed in REGIONS}


def code_area(region_code: str) -> str:
    """The GB/T 2260 code used in national codes: a zone has none and uses its city's."""
    return CITY_CODE if not region_code.isdigit() else region_code


def wan(value: float, step: int = 1) -> Decimal:
    """A float amount of 万元 as a Decimal rounded to ``step`` 万元 (四舍五入)."""
    return (Decimal(str(value)) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def credit_code(rng: random.Random, region_code: str, used: set[str]) -> str:
    """A valid 统一社会信用代码 of an enterprise (``91``) registered in the region, unique within ``used``."""
    while True:
        body = f"{rng.randint(0, 10**8 - 1):08d}"
        first17 = f"91{code_area(region_code)}{body}{org_code_check_char(body)}"
        code = first17 + credit_code_check_char(first17)
        if code not in used:
            used.add(code)
            return code


def person_name(rng: random.Random) -> str:
    given = rng.choice(GIVEN_CHARS) + (rng.choice(GIVEN_CHARS) if rng.random() < 0.8 else "")
    return rng.choice(SURNAMES) + given


def city_investment_company(region_code: str) -> str:
    return f"{region_seeds()[region_code].display_short_name}城市建设投资集团有限公司"


def power_company(region_code: str) -> tuple[str, str]:
    """The region's State Grid company; zones are supplied by the city's (see the core demo step)."""
    seed = region_seeds()[region_code]
    if seed.kind == "zone":
        return CITY_CODE, "国网泉州供电公司"
    return region_code, f"国网{seed.name}供电公司"


# ---------------------------------------------------------------------------------------------------
# Identity: what each project is (depends on the year only)
# ---------------------------------------------------------------------------------------------------


def build_identities(year: int) -> tuple[list[Spec], list[EnterpriseSpec]]:
    rng = random.Random(f"tuijin-demo-{SEED}-{year}-identity")
    seeds = region_seeds()
    region_list = [code for code, profile in PROFILES.items() for _ in range(profile.count)]
    scenario_list = [name for name, count in SCENARIOS.items() for _ in range(count)]
    rng.shuffle(region_list)
    rng.shuffle(scenario_list)

    used_codes: set[str] = set()
    enterprises: list[EnterpriseSpec] = [
        EnterpriseSpec(code, city_investment_company(code), f"{seeds[code].display_short_name}城投", "")
        for code in PROFILES
    ]
    for enterprise in enterprises:
        enterprise.credit_code = credit_code(rng, enterprise.region_code, used_codes)

    leaders = {}
    for code in PROFILES:
        title = f"{seeds[code].name}{LEADER_TITLES[seeds[code].kind]}"
        leaders[code] = [f"{person_name(rng)}（{title}）" for _ in range(3)]
    city_leaders = [f"{person_name(rng)}（泉州市副市长）" for _ in range(3)]

    names: set[str] = set()
    trade_names: set[str] = set()
    specs: list[Spec] = []
    for index, (region_code, scenario) in enumerate(zip(region_list, scenario_list, strict=True)):
        profile = PROFILES[region_code]
        seed = seeds[region_code]
        place = seed.display_short_name
        if scenario in {"produce", "capacity"}:
            category = Category.INDUSTRY
        else:
            category = rng.choices(list(Category.values), weights=profile.category_weights)[0]
        town = rng.choice(profile.towns)
        building = True
        public = category != Category.INDUSTRY

        if category == Category.INDUSTRY:
            divisions = profile.industries
            if scenario in {"produce", "capacity"}:  # 投产 concerns plants: manufacturing (13–43) only
                divisions = {d: w for d, w in divisions.items() if 13 <= int(d) <= 43} or {"39": 1, "35": 1}
            division = rng.choices(list(divisions), weights=list(divisions.values()))[0]
            product, business, tags = rng.choice(INDUSTRY_PRODUCTS[division])
            trade = ""
            while not trade or trade in trade_names or trade[0] == trade[1]:
                trade = rng.choice(TRADE_NAME_FIRST) + rng.choice(TRADE_NAME_SECOND)
            trade_names.add(trade)
            nature = rng.choices(list(Nature.values), weights=(68, 20, 9, 3))[0]
            renovation = "技改项目" if 13 <= int(division) <= 43 else "提升改造项目"
            suffix = {Nature.EXPANSION: "扩建项目", Nature.RENOVATION: renovation, Nature.RELOCATION: "搬迁项目"}
            name = f"{place}{trade}{product}{suffix.get(nature, '项目')}"
            if rng.random() < 0.12 and nature == Nature.NEW:
                name = f"{place}{trade}{product}项目（{rng.choice('一二')}期）"
            company_place = rng.choice(("福建", "泉州", place if seed.kind != "zone" else "泉州"))
            tech = "科技" if rng.random() < 0.3 and "科技" not in business else ""
            owner_name = f"{company_place}{trade}{business}{tech}有限公司"
            enterprise = EnterpriseSpec(
                region_code, owner_name, f"{trade}{business}", credit_code(rng, region_code, used_codes)
            )
            enterprises.append(enterprise)
            owner = (region_code, owner_name)
            responsible = (region_code, f"{seed.name}发改局")
            overseas = {"350500Z02": 0.4, "350581": 0.18, "350582": 0.15}.get(region_code, 0.06)
            if rng.random() < overseas:
                tags = (*tags, "侨港澳台")
            median = 80000 * DIVISION_SIZE.get(division, 1.0)
            building = division not in {"44", "01", "04"}
            content_kind = {"44": "energy", "01": "farm", "04": "farm"}.get(division, "services")
            if 13 <= int(division) <= 43:
                content_kind = "industry"
            content = CONTENTS[content_kind].format(
                mu=rng.randint(30, 400),
                area=round(rng.uniform(2, 30), 1),
                equipment=rng.randint(40, 800),
                product=product.removesuffix("项目"),
                mw=rng.choice((20, 50, 100, 150, 200)),
            )
        else:
            templates = INFRA_TEMPLATES if category == Category.INFRASTRUCTURE else SOCIAL_TEMPLATES
            templates = [
                t
                for t in templates
                if ("{river}" not in t.pattern or profile.rivers) and ("{port}" not in t.pattern or profile.ports)
            ]
            name = ""
            for attempt in range(40):
                template = rng.choice(templates)
                town = rng.choice(profile.towns)
                others = [t for t in profile.towns if t != town] or [town]
                candidate = template.pattern.format(
                    region=seed.name,
                    town=short_town(town),
                    town2=short_town(rng.choice(others)),
                    road=rng.choice(ROAD_WORDS),
                    roadwork=rng.choice(("新建", "拓宽改造", "提升改造", "延伸段")),
                    river=rng.choice(profile.rivers) if profile.rivers else "",
                    port=rng.choice(profile.ports) if profile.ports else "",
                    berth=f"{(n := rng.randint(1, 12))}#、{n + 1}#",
                    kv=rng.choice(("110", "220", "110", "500")),
                    plantwork=rng.choice(("扩建", "提标改造", "三期")),
                    hospital=rng.choice(HOSPITALS),
                    hospital_part=rng.choice(HOSPITAL_PARTS),
                )
                if attempt > 30:
                    candidate = candidate.replace("工程", f"（{'二三四五'[attempt % 4]}期）工程", 1)
                if candidate not in names:
                    name = candidate
                    break
            if not name:  # pragma: no cover - 40 draws always find a free name with these pools
                name = f"{seed.name}{short_town(town)}公共服务设施项目{index}"
            division, tags = template.division, template.tags
            nature = rng.choices(list(Nature.values), weights=(60, 20, 20, 0))[0]
            if template.owner == "城投":
                owner = (region_code, city_investment_company(region_code))
                if rng.random() < 0.35 and category == Category.SOCIAL:
                    owner = (region_code, f"{seed.name}住建局")
            elif template.owner == "power":
                owner = power_company(region_code)
            else:
                owner = (region_code, f"{seed.name}{template.owner}")
            responsible = (region_code, f"{seed.name}{template.responsible}")
            median = (100000 if category == Category.INFRASTRUCTURE else 40000) * template.size
            building = template.content in {"school", "hospital", "care", "housing", "venue", "renewal", "market"}
            content = CONTENTS[template.content].format(
                mu=rng.randint(50, 900),
                area=round(rng.uniform(1.5, 25), 1),
                km=round(rng.uniform(1.2, 18), 1),
                width=rng.choice((24, 30, 36, 40, 50)),
                bridges=rng.randint(1, 6),
                m=rng.randint(300, 1600),
                berths=rng.randint(1, 3),
                transformers=rng.randint(2, 3),
                capacity=rng.choice((2, 3, 5, 8, 10)),
                stations=rng.randint(20, 300),
                piles=rng.randint(200, 2000),
                seats=rng.choice((1080, 1350, 1620, 2250, 2700)),
                beds=rng.choice((200, 300, 500, 800, 1000)),
                homes=rng.randint(300, 2500),
                houses=rng.randint(6, 40),
            )
        names.add(name)
        if scenario == "done_new":
            median *= 0.5
        total_float = min(800000.0, max(10000.0, rng.lognormvariate(math.log(median), 0.65)))
        total = wan(total_float, 100 if total_float >= 100000 else 10)
        provincial = rng.random() < (0.8 if total >= 300000 else 0.45 if total >= 100000 else 0.05)
        municipal = provincial or rng.random() < 0.88
        lon = profile.center[0] + rng.uniform(-1, 1) * profile.spread
        lat = profile.center[1] + rng.uniform(-1, 1) * profile.spread * 0.8
        leader = rng.choice(city_leaders) if provincial and rng.random() < 0.5 else rng.choice(leaders[region_code])
        specs.append(
            Spec(
                index=index,
                region_code=region_code,
                scenario=scenario,
                category=category,
                division=division,
                name=name,
                tags=tuple(dict.fromkeys(tags)),
                owner=owner,
                responsible=responsible,
                leader=leader,
                levels=(provincial, municipal, True),
                nature=nature,
                location=f"{seed.name}{town}",
                content=content,
                total=total,
                longitude=Decimal(f"{lon:.6f}"),
                latitude=Decimal(f"{lat:.6f}"),
                public=public,
                building=building,
            )
        )
    return specs, enterprises


# ---------------------------------------------------------------------------------------------------
# Timeline: when things happened (depends on the year and the last complete month)
# ---------------------------------------------------------------------------------------------------


class Window:
    """Dates of the campaign year up to the end of the last complete month."""

    def __init__(self, rng: random.Random, year: int, last_month: int) -> None:
        self.rng = rng
        self.year = year
        self.last_month = last_month
        self.start = datetime.date(year, 1, 2)
        self.end = period_end(year, last_month)

    def at(self, low: float, high: float) -> datetime.date:
        """A day at a random share between ``low`` and ``high`` of the window."""
        days = (self.end - self.start).days
        return self.start + datetime.timedelta(days=round(days * self.rng.uniform(low, high)))

    def earlier(self, years_back: int, first_month: int = 1, last_month: int = 12) -> datetime.date:
        year = self.year - years_back
        return day_between(self.rng, datetime.date(year, first_month, 1), period_end(year, last_month))

    def clamp(self, day: datetime.date, after: datetime.date) -> datetime.date:
        return min(max(day, after), self.end)

    def in_month(self, month: int, after: datetime.date) -> datetime.date:
        month = max(1, min(month, self.last_month))
        day = day_between(self.rng, datetime.date(self.year, month, 1), period_end(self.year, month))
        return self.clamp(day, after)


def project_code(rng: random.Random, spec: Spec, approval: datetime.date, used: set[str]) -> str:
    """A national project code issued on ``approval``: the current scheme from November 2020, else the legacy one."""
    big = spec.division in {"25", "26", "44", "55"} and spec.total >= 200000
    # 01 审批 (government investment), 02 核准 (grid, large energy and petrochemical), 03 备案 (enterprise)
    kind = "02" if big or (spec.public and spec.division == "44") else "01" if spec.public else "03"
    area = code_area(spec.region_code)
    while True:
        serial = f"{rng.randint(0, 999999):06d}"
        if approval < NEW_CODE_SCHEME_START:
            code = f"{approval.year}-{area}-{spec.division}-{kind}-{serial}"
        else:
            code = f"{approval:%y%m}-{area}-04-{kind}-{serial}"
        if code not in used:
            used.add(code)
            return code


def build_timeline(spec: Spec, window: Window, used_codes: set[str]) -> None:
    rng, year, last = window.rng, window.year, window.last_month
    scenario = spec.scenario
    approval: datetime.date | None = None
    start: datetime.date | None = None
    completion: datetime.date | None = None

    if scenario == "planning":
        entered = window.earlier(1, 3) if rng.random() < 0.5 else window.at(0, 0.95)
        spec.moves = [(Stage.PLANNING, entered)]
        if last < 12 and rng.random() < 0.2:
            spec.planned_start = datetime.date(year, rng.randint(last + 1, 12), 1)
        else:
            spec.planned_start = datetime.date(year + 1, rng.randint(1, 12), 1)
        spec.planned_completion = add_months(spec.planned_start, rng.randint(18, 48))
        if rng.random() < 0.45:
            spec.plan_share, spec.plan_cap = rng.uniform(0.003, 0.015), 0.03
            target = rng.randint(4, 12)
            achieved = window.in_month(target, entered) if target <= last and rng.random() < 0.5 else None
            spec.goals.append(Goal(NodeGoalKind.OTHER, target, achieved, "完成项目策划生成"))

    elif scenario == "prep":
        variant = rng.random()
        if variant < 0.35:
            planned_on = window.earlier(rng.choice((1, 2)), 1, 10)
            prepared = window.at(0, 0.8)
            spec.moves = [(Stage.PLANNING, planned_on), (Stage.PREPARATION, prepared)]
        elif variant < 0.8:
            prepared = window.earlier(rng.choice((1, 1, 2)), 3)
            spec.moves = [(Stage.PREPARATION, prepared)]
        else:
            prepared = window.at(0, 0.7)
            spec.moves = [(Stage.PREPARATION, prepared)]
        approval = prepared - datetime.timedelta(days=rng.randint(0, 90))
        if rng.random() < 0.55:
            # Meant to start this year; those whose month has passed light the start-date warning.
            month = rng.randint(1, last) if rng.random() < 0.45 or last == 12 else rng.randint(last + 1, 12)
            spec.planned_start = datetime.date(year, month, 1)
            spec.goals.append(Goal(NodeGoalKind.START, month))
            spec.plan_share = rng.uniform(0.06, 0.15)
        else:
            spec.planned_start = datetime.date(year + 1, rng.randint(1, 9), 1)
            spec.plan_share = rng.uniform(0.01, 0.04)
        spec.plan_cap = 0.3
        spec.planned_completion = add_months(spec.planned_start, rng.randint(18, 42))

    elif scenario == "build_old":
        years_back = rng.choices((1, 2, 3, 4, 5), weights=(47, 30, 14, 6, 3))[0]
        start = window.earlier(years_back, 2)
        duration = rng.randint(24, 54)
        spec.moves = [(Stage.CONSTRUCTION, start)]
        spec.planned_start = add_months(start, rng.randint(-3, 0))
        spec.planned_completion = add_months(spec.planned_start, duration)
        elapsed = (year - start.year) * 12 + 1 - start.month
        done = min(0.85, max(0.08, elapsed / duration * rng.uniform(0.7, 1.05)))
        spec.plan_cap = 1 - done
        spec.plan_share = spec.plan_cap * rng.uniform(0.5, 0.85)
        if spec.planned_completion.year <= year:
            month = spec.planned_completion.month if spec.planned_completion.year == year else 12
            spec.goals.append(Goal(NodeGoalKind.COMPLETE, month))
        approval = start - datetime.timedelta(days=rng.randint(30, 300))
        if start.year <= 2021 and rng.random() < 0.6:  # approved before the current code scheme
            approval = day_between(rng, datetime.date(2019, 3, 1), datetime.date(2020, 10, 20))

    elif scenario == "build_new":
        variant = rng.random()
        if variant < 0.7:
            prepared = window.earlier(rng.choice((1, 1, 2)), 1, 11)
            spec.moves = [(Stage.PREPARATION, prepared)]
        elif variant < 0.85:
            planned_on = window.earlier(1, 1, 9)
            prepared = window.at(0, 0.4)
            spec.moves = [(Stage.PLANNING, planned_on), (Stage.PREPARATION, prepared)]
        else:
            prepared = window.at(0, 0.5)
            spec.moves = [(Stage.PREPARATION, prepared)]
        # 集中开工: most starts fall in spring and early summer.
        low, high = rng.choices(((0.04, 0.3), (0.3, 0.65), (0.65, 1.0)), weights=(35, 35, 30))[0]
        start = window.at(low, high)
        if start <= prepared:
            start = window.clamp(prepared + datetime.timedelta(days=rng.randint(10, 60)), prepared)
        spec.moves.append((Stage.CONSTRUCTION, start))
        planned_month = min(12, max(1, start.month + rng.randint(-2, 1)))
        spec.planned_start = datetime.date(year, planned_month, 1)
        spec.planned_completion = add_months(spec.planned_start, rng.randint(12, 40))
        spec.goals.append(Goal(NodeGoalKind.START, planned_month, start))
        spec.plan_cap = 0.7
        spec.plan_share = rng.uniform(0.25, 0.5) * max(0.4, (13 - start.month) / 12)
        approval = prepared - datetime.timedelta(days=rng.randint(0, 120))

    elif scenario in {"done_old", "produce", "capacity"}:
        high = {"done_old": 1.0, "produce": 0.7, "capacity": 0.3}[scenario]
        completion = window.at(0.02, high)
        start = completion - datetime.timedelta(days=rng.randint(400, 1200))
        if start.year >= year:
            start = window.earlier(1, 1, 6)
        spec.moves = [(Stage.CONSTRUCTION, start), (Stage.COMPLETED, completion)]
        spec.planned_start = add_months(start, rng.randint(-2, 0))
        spec.planned_completion = add_months(completion, rng.randint(-3, 1))
        target = spec.planned_completion.month if spec.planned_completion.year == year else completion.month
        spec.goals.append(Goal(NodeGoalKind.COMPLETE, target, completion))
        if scenario == "done_old":
            spec.plan_cap = rng.uniform(0.15, 0.45)
            spec.plan_share = spec.plan_cap * rng.uniform(0.85, 1.0)
            if spec.category == Category.INDUSTRY and rng.random() < 0.5:
                spec.goals.append(Goal(NodeGoalKind.PRODUCE, rng.randint(max(completion.month, last), 12)))
        else:
            producing = window.clamp(completion + datetime.timedelta(days=rng.randint(15, 75)), completion)
            spec.moves.append((Stage.PRODUCING, producing))
            spec.goals.append(Goal(NodeGoalKind.PRODUCE, producing.month, producing))
            if scenario == "capacity":
                capacity = window.clamp(producing + datetime.timedelta(days=rng.randint(60, 150)), producing)
                spec.moves.append((Stage.CAPACITY, capacity))
                spec.goals.append(Goal(NodeGoalKind.OTHER, capacity.month, capacity, "年内达产"))
            spec.plan_cap = rng.uniform(0.1, 0.3)
            spec.plan_share = spec.plan_cap * rng.uniform(0.6, 0.9)
        approval = start - datetime.timedelta(days=rng.randint(30, 300))

    elif scenario == "done_new":
        prepared = window.earlier(1, 3)
        start = window.at(0, 0.45)
        completion = window.clamp(start + datetime.timedelta(days=rng.randint(100, 260)), start)
        spec.moves = [(Stage.PREPARATION, prepared), (Stage.CONSTRUCTION, start), (Stage.COMPLETED, completion)]
        spec.planned_start = datetime.date(year, min(12, max(1, start.month + rng.randint(-1, 1))), 1)
        spec.planned_completion = datetime.date(year, max(spec.planned_start.month, completion.month), 1)
        spec.goals.append(Goal(NodeGoalKind.START, spec.planned_start.month, start))
        spec.goals.append(Goal(NodeGoalKind.COMPLETE, spec.planned_completion.month, completion))
        spec.plan_cap = 0.95
        spec.plan_share = rng.uniform(0.75, 0.92)
        approval = prepared - datetime.timedelta(days=rng.randint(0, 60))

    if spec.building and scenario in {"build_old", "build_new"} and rng.random() < 0.35:
        first = start.month + 2 if start and start.year == year else 2
        if first <= 12:
            target = rng.randint(first, 12)
            achieved = window.in_month(target, start) if start and target <= last and rng.random() < 0.75 else None
            spec.goals.append(Goal(NodeGoalKind.TOPPING, target, achieved))

    if start is not None:
        registered = start + datetime.timedelta(days=rng.randint(15, 75))
        if registered <= window.end and not (scenario == "build_new" and rng.random() < 0.05):
            spec.stats_on = registered
    if approval is not None:
        spec.code = project_code(rng, spec, approval, used_codes)
    elif scenario == "planning" and rng.random() < 0.1:
        # A few reserve projects already hold a code (备案 before the plan is settled).
        spec.code = project_code(rng, spec, spec.moves[0][1], used_codes)


def scale_plans(specs: list[Spec], target: Decimal) -> None:
    """Turn the raw plan shares into 万元 adding up to ``target``, never beyond each project's cap."""
    planned = [s for s in specs if s.plan_share > 0]
    amounts = {s.index: s.plan_share * float(s.total) for s in planned}
    caps = {s.index: s.plan_cap * float(s.total) for s in planned}
    fixed: set[int] = set()
    for _round in range(8):
        free = [s.index for s in planned if s.index not in fixed]
        room = float(target) - sum(amounts[i] for i in fixed)
        factor = room / sum(amounts[i] for i in free)
        for i in free:
            amounts[i] *= factor
        over = [i for i in free if amounts[i] > caps[i]]
        if not over:
            break
        for i in over:
            amounts[i] = caps[i]
            fixed.add(i)
    for spec in planned:
        spec.plan = max(Decimal(10), wan(amounts[spec.index]))


def build_specs(year: int, last_month: int) -> tuple[list[Spec], list[EnterpriseSpec]]:
    """The whole campaign, in memory: the same arguments always give the same data."""
    specs, enterprises = build_identities(year)
    rng = random.Random(f"tuijin-demo-{SEED}-{year}-{last_month}-timeline")
    window = Window(rng, year, last_month)
    used_codes: set[str] = set()
    for spec in specs:
        build_timeline(spec, window, used_codes)
    scale_plans(specs, PLAN_TARGET_WAN)

    # Two projects joined the list during the year, one left it.
    joiners = [s for s in specs if s.scenario == "build_new" and s.moves[-1][1].month >= min(4, last_month)][:3]
    for spec in joiners:
        spec.joined_on = spec.moves[-1][1]
    leaver = next(s for s in specs if s.scenario == "build_old" and s.plan)
    leaver.left_on = window.in_month(max(1, last_month - 3), datetime.date(year, 1, 1))
    leaver.left_reason = "项目业主调整投资计划，经市项目办研究同意调出年度重点项目名单"
    return specs, enterprises


def suspension_plan(specs: list[Spec], window_end: datetime.date) -> list[tuple[Spec, datetime.date, str, bool]]:
    """Three 停工: two approved in the summer, one still pending from last month."""
    candidates = [
        s for s in specs if s.scenario == "build_old" and s.category == Category.INDUSTRY and not s.left_on and s.plan
    ]
    year, last = window_end.year, window_end.month
    reasons = (
        "受市场行情影响，业主资金链紧张，申请暂停施工",
        "因规划调整需重新办理用地及规划许可，暂停施工",
        "受台风强降雨影响，施工现场边坡存在安全隐患，停工整治",
    )
    plan = []
    for position, spec in enumerate(candidates[:3]):
        month = max(1, last - 4 + position) if position < 2 else last
        day = datetime.date(year, month, min(10 + 5 * position, 28))
        plan.append((spec, min(day, window_end), reasons[position], position < 2))
    return plan


# ---------------------------------------------------------------------------------------------------
# The step
# ---------------------------------------------------------------------------------------------------
