"""The problems demo as plain specifications, before anything is written: about 300 problems with their whole
timeline, the approval items (前期手续) of the projects in 前期 and of those that started this year, and six weeks of
site inspections. ``demo.py`` writes them through the models.

Deterministic and without database: every choice comes from ``random.Random`` seeded with constants (and, for the
approval items, with the project's name), applied to the projects as given (sorted by name) and to today. Every
date is a working day (``core.workdays``) no later than today, counted back from the last working day, so the demo
looks alive on whatever day it is built: problems were raised over the last ~320 days, about 45% are verified
(销号), some wait for verification (办结), the open ones are assigned recently or have had their deadline extended,
and about 25 are overdue today (督办) and 10 due within two working days (临期).

The problems of the demo's two handler accounts are planned on purpose: 泉州市自然资源和规划局 (``qz_zrzy_handler``)
leads 市级 用地报批 problems and 国网晋江市供电公司 (``jj_power_handler``) leads 晋江 电网迁改 problems, in every state.
"""

from __future__ import annotations

import datetime
import math
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tuijin.core import workdays
from tuijin.core.choices import Role
from tuijin.core.management.commands.demo import ACCOUNTS
from tuijin.problems import demo_data as data
from tuijin.problems.choices import Level, ProblemStatus
from tuijin.problems.queries import week_start
from tuijin.projects.choices import Category, Stage
from tuijin.projects.demo_specs import person_name

SEED = 7  # any constant: the data only has to be the same on every run
CITY_CODE = "350500"
DISPATCHER = "qz_dispatch"
WINDOW_DAYS = 320  # problems were raised over this many days before today
LEAD_DAYS = 7  # ProblemKind defaults (DOMAIN.md §7); the demo's kinds keep them
HELPER_DAYS = 3
INSPECTION_WEEKS = 6
INSPECTION_PROBLEMS = 8
LAND_TO_START_PROJECTS = 20  # 拿地即开工: land obtained 5–25 days before the start

UnitKey = tuple[str, str]  # (region code, unit name)


@dataclass(frozen=True)
class ProjectInfo:
    """What the demo needs to know of a registry project."""

    name: str
    region_code: str
    region_name: str
    stage: str
    category: str
    location: str = ""
    total: Decimal = Decimal(0)
    code: str = ""
    planned_start: datetime.date | None = None
    actual_start: datetime.date | None = None


@dataclass
class Step:
    """One workflow step: ``assign``, ``helper_reply``, ``reply``, ``extension``, ``decide``, ``resolve``,
    ``return`` or ``close``."""

    action: str
    on: datetime.date
    text: str = ""
    unit: UnitKey | None = None  # the helper unit of a helper reply
    approve: bool = False
    new_deadline: datetime.date | None = None


@dataclass
class InspectionSpec:
    project: ProjectInfo
    on: datetime.date
    inspectors: str
    findings: str
    workers: int


@dataclass
class ProblemSpec:
    project: ProjectInfo
    kind: str
    level: str
    title: str
    description: str
    demand: str
    raised_on: datetime.date
    raised_by: str
    lead: UnitKey
    helpers: list[UnitKey]
    status: str
    variant: str
    steps: list[Step] = field(default_factory=list)
    inspection: InspectionSpec | None = None

    @property
    def deadline(self) -> datetime.date | None:
        """The deadline the steps leave (as ``Problem`` computes it): 7 working days from the last 交办 or 退回,
        moved by an approved extension."""
        deadline = asked = None
        for step in self.steps:
            if step.action in ("assign", "return"):
                deadline = wd(step.on, LEAD_DAYS)
            elif step.action == "extension":
                asked = step.new_deadline
            elif step.action == "decide" and step.approve:
                deadline = asked
        return deadline


@dataclass
class ApprovalSpec:
    project: ProjectInfo
    type: str
    unit: UnitKey | None
    agent_name: str
    agent_phone: str
    status: str
    planned_on: datetime.date | None = None
    started_on: datetime.date | None = None
    obtained_on: datetime.date | None = None
    document_no: str = ""
    note: str = ""


# --- calendar and small helpers ----------------------------------------------------------------------------------


def wd(day: datetime.date, count: int) -> datetime.date:
    """The ``count``-th working day after ``day`` (before it for a negative count), as ``core.workdays`` counts."""
    return workdays.add_workdays(day, count).date if count >= 0 else workdays.subtract_workdays(day, -count)


def last_workday(today: datetime.date) -> datetime.date:
    """Today when it is a working day, else the working day before: the demo's last day of activity."""
    return today if workdays.is_workday(today) else workdays.previous_workday(today)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def fill(text: str, values: dict[str, Any]) -> str:
    return text.format_map(values)


def phone(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}"


def power_unit(region_code: str, region_name: str, city_name: str) -> UnitKey:
    """The State Grid company of a region; zones are supplied by the city's (see the core demo step)."""
    if region_code == CITY_CODE or not region_code.isdigit():
        return CITY_CODE, f"国网{city_name.removesuffix('市')}供电公司"
    return region_code, f"国网{region_name}供电公司"


def dept_unit(region_code: str, region_name: str, dept: str, city_name: str) -> UnitKey:
    if dept == data.POWER:
        return power_unit(region_code, region_name, city_name)
    return region_code, f"{region_name}{dept}"


def handler_accounts() -> dict[UnitKey, str]:
    """The demo's 部门办理 accounts by their unit."""
    return {(a.region, a.unit): a.username for a in ACCOUNTS if a.role == Role.HANDLER and a.unit}


# Username prefixes of the units' 部门办理 accounts, by the end of the unit's name (see ``unit_handler_username``).
UNIT_SLUGS = (
    ("自然资源和规划局", "zrzy"),
    ("住建局", "zj"),
    ("发改局", "fg"),
    ("商务局", "sw"),
    ("工信局", "gx"),
    ("交通运输局", "jt"),
    ("生态环境局", "sthj"),
    ("供电公司", "power"),
)


def unit_handler_username(region_code: str, unit_name: str) -> str:
    """``zrzy_350583`` for 南安市自然资源和规划局: the slug of the department, then the region code."""
    slug = next((slug for suffix, slug in UNIT_SLUGS if unit_name.endswith(suffix)), "unit")
    return f"{slug}_{region_code}"


def handler_name(username: str) -> str:
    """The same person's name for the same account on every run."""
    return person_name(random.Random(username))


def reporter_accounts() -> dict[str, str]:
    """The demo's 区县填报 accounts by the region they report for."""
    return {a.region: a.username for a in ACCOUNTS if a.role == Role.REPORTER}


def largest_remainder(weights: dict[str, float], total: int) -> dict[str, int]:
    """Counts proportional to ``weights`` adding up to ``total``."""
    raw = {key: weight * total / sum(weights.values()) for key, weight in weights.items()}
    counts = {key: math.floor(value) for key, value in raw.items()}
    rest = total - sum(counts.values())
    for key in sorted(raw, key=lambda k: raw[k] - counts[k], reverse=True)[:rest]:
        counts[key] += 1
    return counts


# --- problem timelines --------------------------------------------------------------------------------------------

# Steps of one day are taken in this order.
STEP_ORDER = {"assign": 0, "helper_reply": 1, "reply": 2, "extension": 3, "decide": 4, "resolve": 5, "return": 6}


@dataclass
class Timeline:
    """Steps as working-day offsets from 交办 (``A``): (offset, action, extra)."""

    events: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)

    def add(self, offset: int, action: str, **extra: Any) -> None:
        self.events.append((offset, action, extra))

    @property
    def first_resolve(self) -> int | None:
        return min((offset for offset, action, _extra in self.events if action == "resolve"), default=None)

    @property
    def last(self) -> int:
        return max((offset for offset, _action, _extra in self.events), default=0)


def _handling(rng: random.Random, variant: str, line: Timeline) -> None:
    """The lead unit's work of a problem that is solved in the end: replies, an extension, the 办结."""
    r = rng.randint
    if variant == "on_time":
        first = r(1, 3)
        line.add(first, "reply")
        line.add(r(max(first + 1, 3), LEAD_DAYS), "resolve")
    elif variant == "late":
        line.add(r(1, 3), "reply")
        line.add(r(5, LEAD_DAYS), "reply", follow_up=True)
        line.add(r(LEAD_DAYS + 1, LEAD_DAYS + 7), "resolve")
    elif variant in ("extended", "refused"):
        first = r(1, 3)
        asked = r(max(first, 3), LEAD_DAYS - 1)
        decided = asked + (r(0, 1) if variant == "extended" else 1)
        extra = r(5, 15) if variant == "extended" else r(5, 10)
        line.add(first, "reply")
        line.add(asked, "extension", new_offset=LEAD_DAYS + extra)
        line.add(decided, "decide", approve=variant == "extended")
        limit = LEAD_DAYS + extra if variant == "extended" else LEAD_DAYS + 5
        line.add(r(max(LEAD_DAYS + 1, decided + 1), limit), "resolve")
    elif variant == "returned_before":
        line.add(r(1, 2), "reply")
        resolved = r(3, 6)
        returned = resolved + r(1, 2)
        again = returned + r(1, 3)
        line.add(resolved, "resolve")
        line.add(returned, "return")
        line.add(again, "reply")
        line.add(returned + r(max(again - returned + 1, 3), LEAD_DAYS), "resolve")
    else:
        raise ValueError(variant)


def plan_timeline(
    rng: random.Random,
    status: str,
    variant: str,
    last: datetime.date,
    window_start: datetime.date,
    due_today: bool = True,
) -> tuple[datetime.date, Timeline]:
    """The 交办 date and the steps that bring a problem to ``status`` by ``last`` (the last working day), in the
    shape ``variant`` says. ``due_today``: ``last`` is today, so a 临期 deadline may be today itself."""
    r = rng.randint
    line = Timeline()
    line.add(0, "assign")
    due_offset = r(0 if due_today else 1, 2)
    if status == ProblemStatus.CLOSED:
        _handling(rng, variant, line)
        line.add(line.last + r(1, 5), "close")
        room = max(1, workdays.workdays_between(window_start, last) - line.last - 3)
        return wd(last, -(line.last + r(1, room))), line
    if status == ProblemStatus.RESOLVED:
        _handling(rng, variant, line)
        resolved = wd(last, -r(0, 12))
        return wd(resolved, -line.last), line
    if status == ProblemStatus.RETURNED:
        line.add(r(1, 2), "reply")
        resolved = r(3, 6)
        returned = resolved + r(1, 2)
        line.add(resolved, "resolve")
        line.add(returned, "return")
        if variant == "normal":
            back = wd(last, -r(0, 4))
        elif variant == "due":
            back = wd(wd(last, due_offset), -LEAD_DAYS)
        else:
            back = wd(last, -(LEAD_DAYS + r(1, 8)))
        # No reply since: a reply would make the problem 办理中 again.
        return wd(back, -returned), line
    if status in (ProblemStatus.ASSIGNED, ProblemStatus.HANDLING):
        replies = status == ProblemStatus.HANDLING
        if variant == "normal":
            elapsed = r(0, 4)
        elif variant == "recent":
            elapsed = r(1, 4)
        elif variant == "due":
            elapsed = LEAD_DAYS - due_offset
        elif variant == "pending":
            elapsed = r(2, 4)
        elif variant == "extended":
            elapsed = r(8, 18)
        elif variant == "overdue":
            elapsed = LEAD_DAYS + r(1, 25 if replies else 15)
        elif variant == "overdue_refused":
            elapsed = LEAD_DAYS + r(2, 20)
        else:
            raise ValueError(variant)
        if replies:
            first = r(1, min(3, elapsed))
            line.add(first, "reply")
            if variant == "pending":
                line.add(r(first, elapsed), "extension", new_offset=LEAD_DAYS + r(5, 10))
            elif variant in ("extended", "overdue_refused"):
                asked = r(max(first, 3), LEAD_DAYS - 1)
                decided = asked + (r(0, 1) if variant == "extended" else 1)
                # An approved extension reaches beyond the 临期 days; a refused one leaves the problem overdue.
                extra = max(5, elapsed - LEAD_DAYS + 3) + r(0, 6) if variant == "extended" else r(5, 10)
                line.add(asked, "extension", new_offset=LEAD_DAYS + extra)
                line.add(decided, "decide", approve=variant == "extended")
                if elapsed > decided and rng.random() < 0.6:
                    line.add(r(decided + 1, elapsed), "reply", follow_up=True)
            elif variant == "overdue" and rng.random() < 0.5:
                line.add(r(first, elapsed), "reply", follow_up=True)
        return wd(last, -elapsed), line
    raise ValueError(status)


# --- problems -----------------------------------------------------------------------------------------------------


@dataclass
class _Slot:
    project: ProjectInfo
    kind: str
    level: str
    plan: tuple[str, str] | None = None  # planned (status, variant)


def _pick_project(
    rng: random.Random,
    kind: str,
    pools: dict[str, list[ProjectInfo]],
    used: Counter[str],
    kinds_of: dict[str, set[str]],
    only: Iterable[ProjectInfo] | None = None,
) -> ProjectInfo | None:
    """A project for a problem of ``kind``: of a stage the kind comes from, with room for one more problem and none
    of this kind yet."""
    if only is not None:
        candidates = [p for p in only if used[p.name] < data.MAX_PROBLEMS_PER_PROJECT and kind not in kinds_of[p.name]]
        return rng.choice(candidates) if candidates else None
    stages = data.KIND_STAGES[kind]
    for _attempt in range(40):
        stage = rng.choices(list(stages), weights=list(stages.values()))[0]
        pool = pools.get(stage) or []
        if not pool:
            continue
        project = rng.choice(pool)
        if used[project.name] < data.MAX_PROBLEMS_PER_PROJECT and kind not in kinds_of[project.name]:
            return project
    return None


def _slots(rng: random.Random, projects: list[ProjectInfo]) -> list[_Slot]:
    pools: dict[str, list[ProjectInfo]] = {}
    for project in projects:
        pools.setdefault(project.stage, []).append(project)
    used: Counter[str] = Counter()
    kinds_of: dict[str, set[str]] = {p.name: set() for p in projects}
    slots: list[_Slot] = []

    def take(project: ProjectInfo | None, kind: str, level: str, plan: tuple[str, str] | None = None) -> None:
        if project is None:
            return
        used[project.name] += 1
        kinds_of[project.name].add(kind)
        slots.append(_Slot(project, kind, level, plan))

    active = [p for p in projects if p.stage in (Stage.PREPARATION, Stage.CONSTRUCTION)]
    for plan in data.ZRZY_PLAN:
        take(_pick_project(rng, data.LAND, pools, used, kinds_of), data.LAND, Level.CITY, plan)
    jinjiang = [p for p in active if p.region_code == data.POWER_REGION]
    for plan in data.POWER_PLAN:
        take(_pick_project(rng, data.GRID, pools, used, kinds_of, only=jinjiang), data.GRID, Level.DISTRICT, plan)
    total = sum(count for _status, _variant, count in data.QUOTAS)
    for kind, count in largest_remainder(data.KIND_WEIGHTS, total - len(slots)).items():
        city, province = data.CITY_SHARE.get(kind, data.DEFAULT_CITY_SHARE)
        for _n in range(count):
            draw = rng.random()
            level = Level.CITY if draw < city else Level.PROVINCE if draw < city + province else Level.DISTRICT
            take(_pick_project(rng, kind, pools, used, kinds_of), kind, level)
    return slots


def _statuses(rng: random.Random, slots: list[_Slot]) -> list[tuple[str, str]]:
    """The (status, variant) of each slot: the planned ones first, the rest of the quotas shuffled."""
    pool = [(status, variant) for status, variant, count in data.QUOTAS for _n in range(count)]
    for slot in slots:
        if slot.plan is not None and slot.plan in pool:
            pool.remove(slot.plan)
    rng.shuffle(pool)
    result = []
    for slot in slots:
        if slot.plan is not None:
            result.append(slot.plan)
        else:
            result.append(pool.pop() if pool else (ProblemStatus.CLOSED, "on_time"))
    return result


def _units(slot: _Slot, template: data.Template, city_name: str, rng: random.Random) -> tuple[UnitKey, list[UnitKey]]:
    """The lead unit (the kind's department of the project's region, or of the city for 市级/省级 problems) and the
    helper units."""
    project = slot.project
    here = (project.region_code, project.region_name)
    city = (CITY_CODE, city_name)
    helpers: list[UnitKey] = []
    if slot.level == Level.DISTRICT:
        lead = dept_unit(*here, template.lead, city_name)
    else:
        lead = dept_unit(*city, template.lead, city_name)
        helpers.append(dept_unit(*here, template.lead, city_name))
    for dept in template.helpers:
        # The power company helps with 征迁 and construction conditions where lines are in the way.
        if dept == data.POWER and project.region_code != data.POWER_REGION and rng.random() < 0.5:
            continue
        helpers.append(dept_unit(*here, dept, city_name))
    if slot.kind == data.LAND and slot.level == Level.DISTRICT and rng.random() < 0.4:
        helpers.append(dept_unit(*city, data.NRB, city_name))  # 组卷报批 goes to the province through the city
    unique = [unit for unit in dict.fromkeys(helpers) if unit != lead]
    return lead, unique


def build_problems(projects: list[ProjectInfo], today: datetime.date, city_name: str = "泉州市") -> list[ProblemSpec]:
    """The demo's problems with their timelines, in the order they were raised."""
    rng = random.Random(f"tuijin-problems-{SEED}")
    projects = sorted(projects, key=lambda p: p.name)
    last = last_workday(today)
    window_start = last - days(WINDOW_DAYS)
    handlers = handler_accounts()
    reporters = reporter_accounts()
    slots = _slots(rng, projects)
    specs = []
    for slot, (status, variant) in zip(slots, _statuses(rng, slots), strict=True):
        template = rng.choice(data.TEMPLATES[slot.kind])
        project = slot.project
        values = {
            "location": project.location or project.region_name,
            "region": project.region_name,
            "n": rng.randint(3, 40),
            "k": rng.randint(2, 8),
            "mu": rng.randint(20, 300),
            "kv": rng.choice((35, 110, 220)),
            "kva": rng.choice((2000, 4000, 6300, 10000)),
            "amount": rng.randint(5, 80) * 100,
            "total": f"{project.total:,.0f}",
            "year": last.year,
        }
        lead, helpers = _units(slot, template, city_name, rng)
        spec = ProblemSpec(
            project=project,
            kind=slot.kind,
            level=slot.level,
            title=template.title,
            description=fill(template.description, values),
            demand=fill(template.demand, values),
            raised_on=last,
            raised_by=reporters.get(project.region_code, DISPATCHER),
            lead=lead,
            helpers=helpers,
            status=status,
            variant=variant,
        )
        if status == ProblemStatus.RAISED:
            spec.raised_on = wd(last, -(rng.randint(0, 6) if variant == "recent" else rng.randint(8, 15)))
        else:
            assigned, line = plan_timeline(rng, status, variant, last, window_start, last == today)
            spec.raised_on = wd(assigned, -rng.randint(1, 3))
            _helper_replies(rng, line, helpers, handlers, assigned, last)
            spec.steps = _steps(rng, line, assigned, template, values, helpers, handlers)
        specs.append(spec)
    _link_inspections(rng, specs, last)
    return sorted(specs, key=lambda s: (s.raised_on, s.project.name, s.title))


def _helper_replies(
    rng: random.Random,
    line: Timeline,
    helpers: list[UnitKey],
    handlers: dict[UnitKey, str],
    assigned: datetime.date,
    last: datetime.date,
) -> None:
    """Helper units with a demo account answer within their 3 working days, while the problem is still open."""
    room = workdays.workdays_between(assigned, last)
    resolve = line.first_resolve
    for unit in helpers:
        if unit not in handlers:
            continue
        latest = min(HELPER_DAYS, room, (resolve - 1) if resolve is not None else HELPER_DAYS)
        if latest >= 1:
            line.add(rng.randint(1, latest), "helper_reply", unit=unit)


def _steps(
    rng: random.Random,
    line: Timeline,
    assigned: datetime.date,
    template: data.Template,
    values: dict[str, Any],
    helpers: list[UnitKey],
    handlers: dict[UnitKey, str],
) -> list[Step]:
    steps = []
    events = sorted(line.events, key=lambda e: (e[0], STEP_ORDER.get(e[1], 9)))
    for offset, action, extra in events:
        on = wd(assigned, offset)
        step = Step(action, on)
        if action == "assign":
            step.text = rng.choice(data.ASSIGN_NOTES)
        elif action == "reply":
            step.text = rng.choice(data.FOLLOW_UPS) if extra.get("follow_up") else fill(template.progress, values)
        elif action == "helper_reply":
            unit = extra["unit"]
            dept = (
                data.POWER if "供电" in unit[1] else next((d for d in data.HELPER_REPLIES if unit[1].endswith(d)), "")
            )
            step.unit = unit
            step.text = rng.choice(data.HELPER_REPLIES.get(dept, data.HELPER_REPLIES[data.DEV]))
        elif action == "extension":
            step.text = rng.choice(data.EXTENSION_REASONS)
            step.new_deadline = wd(assigned, extra["new_offset"])
        elif action == "decide":
            step.approve = extra["approve"]
            step.text = rng.choice(data.APPROVE_NOTES if step.approve else data.REFUSE_NOTES)
        elif action == "resolve":
            step.text = fill(template.resolution, values)
        elif action == "return":
            step.text = rng.choice(data.RETURN_REASONS)
        elif action == "close":
            step.text = rng.choice(data.CLOSE_NOTES)
        steps.append(step)
    return steps


def _link_inspections(rng: random.Random, specs: list[ProblemSpec], last: datetime.date) -> None:
    """A few problems of projects under construction were found on site: raised by the city's inspectors on the
    day of an inspection (which ``build_inspections`` then includes)."""
    since = week_start(last) - days(7 * (INSPECTION_WEEKS - 1))
    kinds = {data.ENVIRONMENT, data.RELOCATION, data.GRID, data.OTHER, data.FUNDING}
    candidates = [
        s
        for s in specs
        if s.project.stage == Stage.CONSTRUCTION
        and s.kind in kinds
        and s.raised_on >= since
        and s.raised_on.weekday() < 5
    ]
    candidates.sort(key=lambda s: (s.raised_on, s.project.name))
    for spec in rng.sample(candidates, min(INSPECTION_PROBLEMS, len(candidates))):
        spec.raised_by = DISPATCHER
        spec.inspection = InspectionSpec(spec.project, spec.raised_on, "", "", 0)


# --- inspections --------------------------------------------------------------------------------------------------


def _inspectors(rng: random.Random, region_name: str) -> str:
    first, second = rng.sample(data.CITY_INSPECTORS, 2)
    text = f"市重点项目办 {first}、{second}"
    if rng.random() < 0.4:
        text += f"，{region_name}重点项目办 {person_name(rng)}"
    return text


def _findings(rng: random.Random, project: ProjectInfo, problem_title: str = "") -> tuple[str, int]:
    phrases = data.PROGRESS.get(project.category, data.PROGRESS[Category.INDUSTRY])
    progress = fill(rng.choice(phrases), {"pct": rng.randint(3, 9) * 10, "floor": rng.randint(3, 18)})
    base = 15 + math.sqrt(float(project.total or 10000)) / 3
    workers = int(base * rng.uniform(0.6, 1.4))
    if problem_title:
        return fill(data.FINDINGS_PROBLEM, {"progress": progress, "title": problem_title}), workers
    if rng.random() < 0.15:
        return fill(rng.choice(data.FINDINGS_SLOW), {"progress": progress}), max(3, int(workers * 0.3))
    values = {"progress": progress, "machines": rng.randint(2, 12)}
    return fill(rng.choice(data.FINDINGS_NORMAL), values), workers


def build_inspections(
    projects: list[ProjectInfo], today: datetime.date, problems: list[ProblemSpec] = ()
) -> list[InspectionSpec]:
    """Six weeks of 督查 (this week's first days included): each week the city's team tours 3–4 districts and sees
    40–60% of their projects under construction, one or two days per district; plus the inspections at which the
    linked problems were found."""
    rng = random.Random(f"tuijin-inspections-{SEED}")
    last = last_workday(today)
    building: dict[str, list[ProjectInfo]] = {}
    for project in sorted(projects, key=lambda p: p.name):
        if project.stage == Stage.CONSTRUCTION:
            building.setdefault(project.region_code, []).append(project)
    regions = sorted(building)
    rng.shuffle(regions)
    result: dict[tuple[str, datetime.date], InspectionSpec] = {}
    for problem in problems:
        if problem.inspection is None:
            continue
        project = problem.project
        findings, workers = _findings(rng, project, problem.title)
        spec = InspectionSpec(project, problem.raised_on, _inspectors(rng, project.region_name), findings, workers)
        problem.inspection = spec
        result[(project.name, spec.on)] = spec
    queue = list(regions)
    for week in range(INSPECTION_WEEKS - 1, -1, -1):
        monday = week_start(last) - days(7 * week)
        tour_days = [monday + days(n) for n in range(5) if workdays.is_workday(monday + days(n))]
        tour_days = [day for day in tour_days if day <= last]
        if not tour_days:
            continue
        visited: list[str] = []
        for _n in range(rng.choice((3, 4))):
            if not queue:
                queue = list(regions)
            code = next((c for c in queue if c not in visited), None)
            if code is None:
                break
            queue.remove(code)
            visited.append(code)
        for code in visited:
            pool = building[code]
            chosen = rng.sample(pool, max(1, round(len(pool) * rng.uniform(0.4, 0.6))))
            start = rng.randrange(len(tour_days))
            span = tour_days[start : start + rng.choice((1, 2))]
            inspectors = _inspectors(rng, chosen[0].region_name)
            for index, project in enumerate(sorted(chosen, key=lambda p: p.name)):
                on = span[index * len(span) // len(chosen)]
                if (project.name, on) in result:
                    continue
                findings, workers = _findings(rng, project)
                result[(project.name, on)] = InspectionSpec(project, on, inspectors, findings, workers)
    return sorted(result.values(), key=lambda s: (s.on, s.project.name))
