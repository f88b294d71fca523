"""The problems demo: its specifications in memory (fast, no database), its writer on a small campaign, and the rows
``tuijin demo`` writes (``check_problems_demo``, called by the one test that runs the whole demo,
tests/projects/test_demo_data.py).
"""

from __future__ import annotations

import datetime
import random
import re
from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management.base import OutputWrapper
from django.db.models import F
from django.utils import timezone
from docx import Document
from PIL import Image

from tuijin.core import workdays
from tuijin.core.audit import audit_context
from tuijin.core.choices import Role
from tuijin.core.management.commands.demo import (
    DemoRun,
    seed_demo_accounts,
    seed_demo_regions,
    seed_demo_units,
)
from tuijin.core.models import Region, User
from tuijin.problems import demo_data, demo_specs, queries
from tuijin.problems.choices import (
    Action,
    ApprovalStatus,
    ApprovalType,
    ExtensionStatus,
    NotificationKind,
    ProblemStatus,
)
from tuijin.problems.demo import PHOTO_DAYS, seed_demo
from tuijin.problems.demo_approvals import build_approvals
from tuijin.problems.demo_data import QUOTAS
from tuijin.problems.demo_files import PHOTO_SIZE
from tuijin.problems.demo_specs import (
    LAND_TO_START_PROJECTS,
    ProjectInfo,
    build_inspections,
    build_problems,
    handler_accounts,
)
from tuijin.problems.models import (
    ApprovalItem,
    Attachment,
    ExtensionRequest,
    HandlingRecord,
    Inspection,
    InspectionPhoto,
    Notification,
    Problem,
)
from tuijin.projects.choices import Category, Stage
from tuijin.projects.demo_specs import demo_period
from tuijin.projects.models import Project

D = datetime.date
TUESDAY, SUNDAY = D(2026, 11, 24), D(2026, 11, 22)
REGIONS = {
    "350502": "鲤城区",
    "350503": "丰泽区",
    "350504": "洛江区",
    "350505": "泉港区",
    "350521": "惠安县",
    "350524": "安溪县",
    "350525": "永春县",
    "350526": "德化县",
    "350581": "石狮市",
    "350582": "晋江市",
    "350583": "南安市",
    "350500Z01": "泉州经济技术开发区",
    "350500Z02": "泉州台商投资区",
}
ZRZY = ("350500", "泉州市自然资源和规划局")
POWER = ("350582", "国网晋江市供电公司")
INBOX_STATES = {
    ProblemStatus.ASSIGNED,
    ProblemStatus.HANDLING,
    ProblemStatus.RETURNED,
    ProblemStatus.RESOLVED,
    ProblemStatus.CLOSED,
}


def synthetic(count: int = 240, today: datetime.date = TUESDAY) -> list[ProjectInfo]:
    """Projects like the registry's: every region (晋江 the most), 前期 and 在建 mostly, some started this year."""
    rng = random.Random(1)
    codes = [*REGIONS, *["350582"] * 6]
    stages = [Stage.PREPARATION] * 4 + [Stage.CONSTRUCTION] * 5 + [Stage.COMPLETED, Stage.PLANNING]
    projects = []
    for n in range(count):
        code = codes[n % len(codes)]
        stage = stages[n % len(stages)]
        category = (Category.INDUSTRY, Category.INDUSTRY, Category.INFRASTRUCTURE, Category.SOCIAL)[n % 4]
        start = today - datetime.timedelta(days=rng.randint(5, 300)) if stage == Stage.CONSTRUCTION else None
        planned = D(today.year, rng.randint(1, 12), 1) if stage == Stage.PREPARATION else None
        projects.append(
            ProjectInfo(
                name=f"示范项目{n:03d}",
                region_code=code,
                region_name=REGIONS[code],
                stage=stage,
                category=category,
                location=f"{REGIONS[code]}某镇",
                total=Decimal(rng.randint(1, 80) * 10000),
                planned_start=planned,
                actual_start=start,
            )
        )
    return projects


def due_soon_end(today: datetime.date) -> datetime.date:
    return workdays.add_workdays(today, 2).date


# ---------------------------------------------------------------------------------------------------
# The specifications
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("today", [TUESDAY, SUNDAY])
def test_the_problems_follow_the_quotas_and_the_calendar(today: datetime.date) -> None:
    specs = build_problems(synthetic(today=today), today)

    assert len(specs) == sum(count for _status, _variant, count in QUOTAS) == 300
    expected = Counter()
    for status, _variant, count in QUOTAS:
        expected[status] += count
    assert Counter(spec.status for spec in specs) == expected
    open_specs = [spec for spec in specs if spec.status in (ProblemStatus.ASSIGNED, ProblemStatus.HANDLING, "returned")]
    assert sum(spec.deadline < today for spec in open_specs) == 25  # 督办
    assert sum(today <= spec.deadline <= due_soon_end(today) for spec in open_specs) == 10  # 临期
    assert {spec.kind for spec in specs} == set(demo_data.KIND_WEIGHTS)
    assert {spec.project.region_code for spec in specs} == set(REGIONS)
    solved_land = sum(spec.kind == "land" and spec.status in ("resolved", "closed") for spec in specs)
    assert 60 <= solved_land <= 90
    window = today - datetime.timedelta(days=demo_specs.WINDOW_DAYS + 10)
    for spec in specs:
        assert window <= spec.raised_on <= today and workdays.is_workday(spec.raised_on), spec
        days = [step.on for step in spec.steps]
        assert days == sorted(days) and all(day <= today and workdays.is_workday(day) for day in days), spec
        if spec.status == ProblemStatus.RAISED:
            assert spec.steps == []
            continue
        assert spec.steps[0].action == "assign" and spec.steps[0].on >= spec.raised_on
        assert spec.lead not in spec.helpers
        # The last step leaves the problem in its status (a reply after a return would make it 办理中 again).
        last = {
            ProblemStatus.CLOSED: "close",
            ProblemStatus.RESOLVED: "resolve",
            ProblemStatus.RETURNED: "return",
        }.get(spec.status)
        if last:
            assert spec.steps[-1].action == last, spec
        replies = [step for step in spec.steps if step.action == "reply"]
        assert bool(replies) == (spec.status != ProblemStatus.ASSIGNED), spec
        for step in spec.steps:
            if step.action == "extension":
                deadline = workdays.add_workdays(spec.steps[0].on, demo_specs.LEAD_DAYS).date
                assert step.on <= workdays.subtract_workdays(deadline, 1) and step.new_deadline > deadline


def test_the_handler_accounts_have_problems_in_every_state() -> None:
    specs = build_problems(synthetic(), TUESDAY)
    assert set(handler_accounts()) == {ZRZY, POWER}
    for unit in (ZRZY, POWER):
        led = [spec for spec in specs if spec.lead == unit and spec.status != ProblemStatus.RAISED]
        assert {spec.status for spec in led} >= INBOX_STATES, unit
        assert any(spec.deadline < TUESDAY for spec in led if spec.status not in ("resolved", "closed")), unit
    assert all(spec.project.region_code == "350582" for spec in specs if spec.lead == POWER)
    assert any(step.action == "helper_reply" and step.unit == ZRZY for spec in specs for step in spec.steps)


def test_the_specifications_are_the_same_on_every_run() -> None:
    def shape(specs: list) -> list:
        return [
            (s.project.name, s.title, s.raised_on, s.status, [(t.action, t.on, t.text) for t in s.steps]) for s in specs
        ]

    projects = synthetic()
    first, second = build_problems(projects, TUESDAY), build_problems(list(reversed(projects)), TUESDAY)
    assert shape(first) == shape(second)
    assert build_approvals(projects, TUESDAY) == build_approvals(projects, TUESDAY)
    assert len({(s.project.name, s.title) for s in first}) == len(first)  # the demo's natural key


def test_the_approval_items_follow_the_projects() -> None:
    today = timezone.localdate()
    projects = synthetic(today=today)
    year = demo_period(today)[0]
    items = build_approvals(projects, today)
    by_project: dict[str, list] = {}
    for item in items:
        by_project.setdefault(item.project.name, []).append(item)
    preparation = [p for p in projects if p.stage == Stage.PREPARATION]
    assert {p.name for p in preparation} <= set(by_project)
    assert set(Counter(item.status for item in items)) == set(ApprovalStatus.values)
    for item in items:
        # The model's own rules (dates never in the future, status and dates agreeing).
        ApprovalItem(
            type=item.type,
            status=item.status,
            started_on=item.started_on,
            obtained_on=item.obtained_on,
            planned_on=item.planned_on,
        ).clean()
        assert item.agent_name and re.fullmatch(r"1[3589]\d{9}", item.agent_phone)
        if item.status == ApprovalStatus.OBTAINED:
            assert item.document_no, item
        start = item.project.actual_start
        if item.project.stage != Stage.PREPARATION:
            assert start and start.year == year and item.obtained_on <= start
    fast = [
        item
        for item in items
        if item.type == ApprovalType.LAND and item.project.actual_start
        if 0 <= (item.project.actual_start - item.obtained_on).days <= 30
    ]
    assert len(fast) == LAND_TO_START_PROJECTS
    assert all(5 <= (i.project.actual_start - i.obtained_on).days <= 25 for i in fast)
    assert any(item.document_no.startswith("晋自然资让〔") for item in items)


def test_the_inspections_tour_three_or_four_districts_a_week() -> None:
    projects = synthetic()
    problems = build_problems(projects, TUESDAY)
    specs = build_inspections(projects, TUESDAY, problems)
    found = [p for p in problems if p.inspection is not None]
    assert 1 <= len(found) <= demo_specs.INSPECTION_PROBLEMS
    for problem in found:
        assert problem.inspection in specs and problem.inspection.on == problem.raised_on
        assert problem.title in problem.inspection.findings and problem.raised_by == demo_specs.DISPATCHER
    linked = {(p.project.name, p.raised_on) for p in found}
    first_monday = demo_specs.week_start(TUESDAY) - datetime.timedelta(weeks=5)
    weeks: dict[datetime.date, set[str]] = {}
    for spec in specs:
        assert first_monday <= spec.on <= TUESDAY and spec.project.stage == Stage.CONSTRUCTION
        assert spec.inspectors.startswith("市重点项目办 ") and spec.workers > 0 and spec.findings
        if (spec.project.name, spec.on) not in linked:
            weeks.setdefault(demo_specs.week_start(spec.on), set()).add(spec.project.region_code)
    assert len(weeks) == 6 and all(3 <= len(codes) <= 4 for codes in weeks.values())
    assert set().union(*weeks.values()) == set(REGIONS)


# ---------------------------------------------------------------------------------------------------
# The writer, on a small campaign
# ---------------------------------------------------------------------------------------------------


def history_counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in apps.get_models() if m.__name__.startswith("Historical")}


@pytest.mark.django_db
def test_the_step_writes_through_the_workflow_once() -> None:
    run = DemoRun(stdout=OutputWrapper(StringIO()))
    today = timezone.localdate()
    with audit_context(source="command:demo", reason="演示数据"):
        seed_demo_regions(run)
        seed_demo_units(run)
        seed_demo_accounts(run)
        for info in synthetic(45, today=today):
            project = Project(
                name=info.name,
                region=Region.objects.get(code=info.region_code),
                category=info.category,
                total_investment=info.total,
                planned_start=info.planned_start,
            )
            project.full_clean()
            project.save()
            if info.stage == Stage.CONSTRUCTION:
                project.enter(Stage.CONSTRUCTION, info.actual_start)
            elif info.stage == Stage.COMPLETED:
                project.enter(Stage.CONSTRUCTION, today - datetime.timedelta(days=700))
                project.advance(Stage.COMPLETED, today - datetime.timedelta(days=30))
            else:
                project.enter(info.stage, today - datetime.timedelta(days=400))
        seed_demo(run)
        counts = [
            m.objects.count()
            for m in (Problem, HandlingRecord, ApprovalItem, Inspection, Notification, Attachment, InspectionPhoto)
        ]
        history = history_counts()
        seed_demo(run)

    assert [
        m.objects.count()
        for m in (Problem, HandlingRecord, ApprovalItem, Inspection, Notification, Attachment, InspectionPhoto)
    ] == counts
    assert history_counts() == history
    assert counts[0] > 40 and all(counts)
    output = run.stdout._out.getvalue()
    assert output.count("问题协调：") == 2 and "新建问题 0 个、手续 0 项、督查 0 次" in output
    for problem in Problem.objects.all():
        records = list(problem.records.order_by("on", "at", "pk"))
        assert records[0].action == Action.RAISE and records[0].on == problem.raised_on
        if problem.status != ProblemStatus.RAISED:
            assign = next(r for r in records if r.action == Action.ASSIGN)
            assert assign.user.username == "qz_dispatch"
    handler = User.objects.get(username="qz_zrzy_handler")
    led = Problem.objects.visible_to(handler).filter(lead_unit=handler.unit)
    assert set(led.values_list("status", flat=True)) >= {ProblemStatus.ASSIGNED, ProblemStatus.CLOSED}
    assert HandlingRecord.objects.filter(action=Action.RESOLVE, user=handler).exists()

    # Every unit's step is taken by a 部门办理 of that unit (accounts such as zrzy_350583 are created for them).
    unit_steps = HandlingRecord.objects.filter(
        action__in=[Action.REPLY, Action.HELPER_REPLY, Action.EXTENSION_REQUEST, Action.RESOLVE]
    )
    assert unit_steps.exists()
    assert not unit_steps.exclude(user__unit=F("unit")).exists()
    assert User.objects.filter(username__startswith="zrzy_", unit__name__endswith="自然资源和规划局").exists()

    # Each 办结 comes with a Word 办理情况说明 naming the problem; last week's inspections with two photos.
    for record in HandlingRecord.objects.filter(action=Action.RESOLVE).select_related("problem"):
        (attachment,) = record.attachments.all()
        with attachment.file.open("rb") as handle:
            text = "\n".join(paragraph.text for paragraph in Document(handle).paragraphs)
        assert attachment.name == f"{record.problem.code}办理情况说明.docx"
        assert record.problem.code in text and record.problem.title in text
    recent = Inspection.objects.filter(on__gt=today - datetime.timedelta(days=PHOTO_DAYS))
    assert recent.exists() and not recent.filter(photos=None).exists()
    assert not Inspection.objects.exclude(pk__in=recent).filter(photos__isnull=False).exists()
    for photo in InspectionPhoto.objects.filter(inspection__in=recent[:3]):
        with photo.file.open("rb") as handle:
            assert Image.open(handle).size == PHOTO_SIZE


# ---------------------------------------------------------------------------------------------------
# The rows written by ``tuijin demo`` (called from tests/projects/test_demo_data.py)
# ---------------------------------------------------------------------------------------------------


def check_problems_demo(output: str) -> None:
    """What the problems step of ``tuijin demo`` wrote, read back through ``tuijin.problems.queries``."""
    today = timezone.localdate()
    city = Region.objects.get(code=demo_specs.CITY_CODE)
    problems = Problem.objects.filter(project__region__path__startswith=city.path)
    assert "问题协调：问题 300 个" in output

    # -- every status, 督办 and 临期 alive today
    counts = queries.status_counts(problems)
    assert all(counts.values()), counts
    assert counts[ProblemStatus.CLOSED] == 135 and counts[ProblemStatus.RAISED] == 24
    assert problems.overdue(today).count() == 25
    assert problems.due_soon(today, 2).count() == 10
    assert 60 <= queries.solved_count(problems, kind="land") <= 90  # against the target of 100
    regions = set(Region.objects.filter(parent=city, in_statistics=True).values_list("code", flat=True))
    assert set(problems.values_list("project__region__code", flat=True)) == regions
    assert set(problems.values_list("kind__code", flat=True)) == set(demo_data.KIND_WEIGHTS)
    assert set(problems.exclude(lead_unit=None).values_list("lead_unit__region__code", flat=True)) <= regions | {
        city.code
    }
    statuses = set(ExtensionRequest.objects.values_list("status", flat=True))
    assert statuses == set(ExtensionStatus.values)
    actions = Counter(HandlingRecord.objects.values_list("action", flat=True))
    assert set(actions) == set(Action.values) - {Action.REASSIGN}
    assert actions[Action.RAISE] == 300 and actions[Action.HELPER_REPLY] > 10
    assert not problems.filter(records__on__gt=today).exists()

    # -- the demo's handler accounts have work in every state, and reminders
    for username in ("qz_zrzy_handler", "jj_power_handler"):
        user = User.objects.get(username=username)
        assert user.has_role(Role.HANDLER)
        inbox = Problem.objects.visible_to(user)
        assert set(inbox.filter(lead_unit=user.unit).values_list("status", flat=True)) >= INBOX_STATES, username
        assert inbox.filter(lead_unit=user.unit).overdue(today).exists()
        assert HandlingRecord.objects.filter(user=user, action=Action.REPLY).exists()
        assert Notification.objects.filter(user=user, kind=NotificationKind.ASSIGNED).exists()
    assert Notification.objects.filter(kind=NotificationKind.OVERDUE).count() >= 25
    assert Notification.objects.filter(kind=NotificationKind.DUE_SOON).exists()
    assert problems.filter(raised_by__username="jj_reporter", project__region__code="350582").exists()

    # -- approval items: 前期 projects, and 拿地即开工 among the year's starts
    projects = Project.objects.filter(region__path__startswith=city.path)
    items = ApprovalItem.objects.filter(project__in=projects)
    preparation = projects.filter(stage=Stage.PREPARATION)
    assert not preparation.exclude(approvals__isnull=False).exists()
    assert set(items.values_list("status", flat=True)) == set(ApprovalStatus.values)
    assert 0 < queries.lagging(items, today).count() < items.exclude(status=ApprovalStatus.OBTAINED).count()
    fast = queries.land_to_start(items, demo_period(today)[0], 30)
    assert len(fast) == LAND_TO_START_PROJECTS
    for item in items.filter(status=ApprovalStatus.OBTAINED)[:300]:
        assert item.document_no and item.agent_name
        item.full_clean()

    # -- six weeks of inspections, some raising problems
    monday = queries.week_start(today)
    inspections = Inspection.objects.filter(project__in=projects)
    assert inspections.filter(on__gte=monday - datetime.timedelta(weeks=5)).count() == inspections.count() > 200
    last_week = monday - datetime.timedelta(weeks=1)
    week = queries.weekly_coverage(inspections, projects, problems, Region.objects.filter(parent=city), last_week)
    toured = [row for row in week if row.inspected >= 3]  # not a single visit at which a problem was found
    assert 3 <= len(toured) <= 4 and all(Decimal("0.3") <= row.rate <= Decimal("0.75") for row in toured)
    assert 1 <= problems.filter(inspection__isnull=False).count() <= demo_specs.INSPECTION_PROBLEMS
    assert inspections.filter(recorded_by__username="qz_dispatch").count() == inspections.count()
