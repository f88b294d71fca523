"""The demo's approval items (前期手续) of the projects in 前期 or started this year: a deterministic list of
``ApprovalSpec`` for ``problems.demo`` to write (types, dates, agents and 批准文号 of each item)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from tuijin.problems import demo_data as data
from tuijin.problems.choices import ApprovalStatus, ApprovalType
from tuijin.problems.demo_specs import (
    CITY_CODE,
    LAND_TO_START_PROJECTS,
    SEED,
    ApprovalSpec,
    ProjectInfo,
    days,
    dept_unit,
    phone,
)
from tuijin.projects.choices import Category, Stage
from tuijin.projects.demo_specs import demo_period, person_name

# --- approval items (前期手续) ---------------------------------------------------------------------------------------


def _agents(region_code: str) -> list[tuple[str, str]]:
    rng = random.Random(f"tuijin-agents-{SEED}-{region_code}")
    return [(person_name(rng), phone(rng)) for _n in range(4)]


def _document_no(rng: random.Random, type_: str, project: ProjectInfo, on: datetime.date, city: bool) -> str:
    abbr = data.DOC_ABBREVIATIONS.get(CITY_CODE if city else project.region_code, "泉")
    area = project.region_code if project.region_code.isdigit() else CITY_CODE
    n = rng.randint(12, 480)
    year = on.year
    return {
        ApprovalType.FILING: f"{abbr}发改备〔{year}〕{n}号",
        ApprovalType.SITE: f"用字第{area}{year}{n:05d}号",
        ApprovalType.LAND_PLANNING: f"地字第{area}{year}{n:05d}号",
        ApprovalType.LAND: f"{abbr}自然资让〔{year}〕{n}号",
        ApprovalType.WORKS_PLANNING: f"{abbr}自然资规〔{year}〕{n}号",
        ApprovalType.CONSTRUCTION: f"{area}{on:%Y%m%d}{rng.randint(1, 30):02d}01",
        ApprovalType.EIA: f"{abbr}环评〔{year}〕{n}号",
        ApprovalType.ENERGY: f"{abbr}发改能审〔{year}〕{n}号",
    }.get(type_, "")


def _approval(
    rng: random.Random,
    project: ProjectInfo,
    type_: str,
    agent: tuple[str, str],
    city_name: str,
    *,
    obtained: datetime.date | None = None,
    started: datetime.date | None = None,
    planned: datetime.date | None = None,
) -> ApprovalSpec:
    city = type_ in (ApprovalType.EIA, ApprovalType.ENERGY) and project.total >= data.CITY_APPROVAL_WAN
    code, name = (CITY_CODE, city_name) if city else (project.region_code, project.region_name)
    unit = dept_unit(code, name, data.APPROVAL_DEPTS[type_], city_name)
    if obtained is not None:
        low, high = data.DURATIONS[type_]
        started = started or obtained - days(rng.randint(low, high))
        status = ApprovalStatus.OBTAINED
    elif started is not None:
        status = ApprovalStatus.IN_PROGRESS
    else:
        status = ApprovalStatus.NOT_STARTED
    if planned is None and obtained is not None:
        planned = obtained + days(rng.randint(-10, 20))
    return ApprovalSpec(
        project=project,
        type=type_,
        unit=unit,
        agent_name=agent[0],
        agent_phone=agent[1],
        status=status,
        planned_on=planned,
        started_on=started,
        obtained_on=obtained,
        document_no=_document_no(rng, type_, project, obtained, city) if obtained else "",
    )


def build_approvals(projects: list[ProjectInfo], today: datetime.date, city_name: str = "泉州市") -> list[ApprovalSpec]:
    """The approval items of every project in 前期 (a chain part obtained, one in progress, the rest planned) and of
    every project that started in the campaign year (all obtained before the start; for ``LAND_TO_START_PROJECTS`` of
    the industrial ones the land only 5–25 days before: 拿地即开工)."""
    year = demo_period(today)[0]  # the projects demo's campaign year (in January, the year that has just ended)
    agents = {code: _agents(code) for code in sorted({p.region_code for p in projects})}
    started = sorted(
        (p for p in projects if p.actual_start and p.actual_start.year == year and p.actual_start <= today),
        key=lambda p: p.name,
    )
    fast_pool = [p for p in started if p.category == Category.INDUSTRY]
    picker = random.Random(f"tuijin-land-to-start-{SEED}")
    fast = {p.name for p in picker.sample(fast_pool, min(len(fast_pool), LAND_TO_START_PROJECTS))}
    started_names = {p.name for p in started}
    result: list[ApprovalSpec] = []
    for project in sorted(projects, key=lambda p: p.name):
        rng = random.Random(f"tuijin-approvals-{SEED}-{project.name}")
        agent = rng.choice(agents[project.region_code])
        if project.stage == Stage.PREPARATION:
            result += _preparation_items(rng, project, agent, today, city_name)
        elif project.name in started_names:
            result += _started_items(rng, project, agent, project.name in fast, city_name)
    return result


def _started_items(
    rng: random.Random, project: ProjectInfo, agent: tuple[str, str], fast: bool, city_name: str
) -> list[ApprovalSpec]:
    start = project.actual_start
    assert start is not None
    industry = project.category == Category.INDUSTRY
    chain = data.STARTED_INDUSTRY if industry else data.STARTED_PUBLIC
    if fast:  # 带方案出让: the permits follow the land within days
        land = start - days(rng.randint(5, 25))
        works = min(start, land + days(rng.randint(0, 3)))
        construction = min(start, works + days(rng.randint(1, 4)))
    else:
        construction = start - days(rng.randint(2, 20))
        works = construction - days(rng.randint(10, 60))
        land = works - days(rng.randint(30, 200))
    filing = land - days(rng.randint(20, 60))
    dates = {chain[0]: filing, chain[1]: land, chain[2]: works, chain[3]: construction}
    items = []
    for type_ in chain:
        obtained = dates[type_]
        started = None
        if fast and type_ in (ApprovalType.WORKS_PLANNING, ApprovalType.CONSTRUCTION):
            started = land - days(rng.randint(10, 30))  # 并联审批: accepted before the land was obtained
        items.append(_approval(rng, project, type_, agent, city_name, obtained=obtained, started=started))
    return items


def _preparation_items(
    rng: random.Random, project: ProjectInfo, agent: tuple[str, str], today: datetime.date, city_name: str
) -> list[ApprovalSpec]:
    industry = project.category == Category.INDUSTRY
    chain = list(data.INDUSTRY_CHAIN if industry else data.PUBLIC_CHAIN)
    if ApprovalType.ENERGY in chain and project.total < Decimal(50000):
        chain.remove(ApprovalType.ENERGY)  # 节能审查 for the bigger projects only
    planned_start = project.planned_start
    months = (planned_start - today).days / 30 if planned_start else 12
    if months <= 0:
        done = len(chain) - rng.randint(1, 2)  # the start is due: the last permits are what is missing
    elif months <= 3:
        done = len(chain) - rng.randint(1, 3)
    else:
        done = rng.randint(1, len(chain) - 2)
    items = []
    obtained = today - days(rng.randint(3, 40))
    dates = []
    for _n in range(done):
        dates.append(obtained)
        obtained -= days(rng.randint(10, 60))
    for type_, day in zip(chain[:done], reversed(dates), strict=True):
        items.append(_approval(rng, project, type_, agent, city_name, obtained=day))
    last_obtained = dates[0] if dates else today - days(90)
    planned = None
    for index, type_ in enumerate(chain[done:]):
        if index == 0:
            started = max(last_obtained, today - days(rng.randint(2, 45)))
            late = rng.random() < 0.3
            planned = today - days(rng.randint(1, 20)) if late else today + days(rng.randint(5, 60))
            items.append(_approval(rng, project, type_, agent, city_name, started=started, planned=planned))
        else:
            planned = (planned or today) + days(rng.randint(10, 40))
            items.append(_approval(rng, project, type_, agent, city_name, planned=planned))
    return items
