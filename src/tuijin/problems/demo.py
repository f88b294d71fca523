"""Demo data of problem coordination in 泉州市 (a ``tuijin demo`` step, after attraction): about 300 problems through
their whole workflow, the 前期手续 of the projects in 前期 and of those that started this year, six weeks of site
inspections, and the day's deadline reminders.

``seed_demo(run)`` writes what ``demo_specs`` describes:

- every problem is raised (``Problem.save`` writes its first timeline record) and then taken through the workflow
  methods with explicit dates: ``assign`` by the city dispatcher (``qz_dispatch``), ``reply`` / ``resolve`` /
  ``request_extension`` by the lead unit's demo handler account where there is one (泉州市自然资源和规划局,
  国网晋江市供电公司) and otherwise by the administrator (whom the workflow accepts in every role), helper replies
  by the helper units' handler accounts, ``decide_extension`` / ``send_back`` / ``close`` by the dispatcher; so the
  timeline, the deadlines (official working days), the notifications and the history are the real ones;
- a problem is raised by the district's demo reporter where there is one, else by the dispatcher; those found on
  site point to their inspection (``Problem.inspection``);
- approval items and inspections are validated and saved one by one (history records each);
- idempotent: problems are looked up by (project, 问题概述), approval items by (project, 手续类型), inspections by
  (project, date), and written once, never rewritten, so a run on a later day leaves the past alone; the reminders
  (``remind``) are idempotent themselves.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tuijin.core.choices import Role
from tuijin.core.models import Region, RoleAssignment, Unit, User
from tuijin.problems import queries
from tuijin.problems.choices import ProblemStatus
from tuijin.problems.demo_approvals import build_approvals
from tuijin.problems.demo_files import resolution_document, site_photo
from tuijin.problems.demo_specs import (
    CITY_CODE,
    DISPATCHER,
    ApprovalSpec,
    InspectionSpec,
    ProblemSpec,
    ProjectInfo,
    Step,
    build_inspections,
    build_problems,
    handler_accounts,
    handler_name,
    unit_handler_username,
)
from tuijin.problems.models import ApprovalItem, Inspection, Problem, ProblemKind, ProblemSettings
from tuijin.problems.reminders import remind
from tuijin.projects.demo_specs import demo_period
from tuijin.projects.models import Project

if TYPE_CHECKING:
    from tuijin.core.management.commands.demo import DemoRun

# Inspections of the last week get two site photos each (drawn by ``demo_files``).
PHOTO_DAYS = 7


def create(obj: Any) -> Any:
    """Validate and save a new row as a form would, minus what the database checks anyway (that related rows
    exist, unique and check constraints): the model's own rules (``clean()``: dates never in the future …) run."""
    relations = [f.name for f in obj._meta.fields if f.is_relation]
    obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
    obj.save()
    return obj


class Writer:
    """The rows one run reads once, and what it creates."""

    def __init__(self, today: datetime.date) -> None:
        self.today = today
        self.city = Region.objects.get(code=CITY_CODE)
        in_city = Q(region__path__startswith=self.city.path)
        self.projects = {
            (p.name, p.region.code): p for p in Project.objects.filter(in_city).select_related("region").order_by("pk")
        }
        self.units = {(u.region.code, u.name): u for u in Unit.objects.filter(in_city).select_related("region")}
        usernames = {DISPATCHER, *handler_accounts().values(), "jj_reporter", "lc_reporter", "na_reporter"}
        usernames |= {"kfq_reporter", "admin"}
        self.users = {u.username: u for u in User.objects.filter(username__in=usernames)}
        self.admin = self.users.get("admin") or User.objects.filter(is_superuser=True).order_by("pk").first()
        self.dispatcher = self.users.get(DISPATCHER) or self.admin
        self.handlers = {key: self.users[name] for key, name in handler_accounts().items() if name in self.users}
        self.kinds = {kind.code: kind for kind in ProblemKind.objects.all()}
        self.inspections: dict[tuple[int, datetime.date], Inspection] = {}
        self.created: Counter[str] = Counter()

    def infos(self) -> list[ProjectInfo]:
        return [
            ProjectInfo(
                name=p.name,
                region_code=p.region.code,
                region_name=p.region.name,
                stage=p.stage,
                category=p.category,
                location=p.location,
                total=p.total_investment,
                code=p.code,
                planned_start=p.planned_start,
                actual_start=p.actual_start,
            )
            for p in self.projects.values()
        ]

    def project(self, info: ProjectInfo) -> Project:
        return self.projects[(info.name, info.region_code)]

    # -- approval items -----------------------------------------------------------------------------------------

    def write_approvals(self, specs: list[ApprovalSpec]) -> None:
        existing = set(
            ApprovalItem.objects.filter(project__region__path__startswith=self.city.path).values_list(
                "project_id", "type"
            )
        )
        for spec in specs:
            project = self.project(spec.project)
            if (project.pk, spec.type) in existing:
                continue
            create(
                ApprovalItem(
                    project=project,
                    type=spec.type,
                    handling_unit=self.units.get(spec.unit) if spec.unit else None,
                    agent_name=spec.agent_name,
                    agent_phone=spec.agent_phone,
                    status=spec.status,
                    planned_on=spec.planned_on,
                    started_on=spec.started_on,
                    obtained_on=spec.obtained_on,
                    document_no=spec.document_no,
                    note=spec.note,
                )
            )
            self.created["approvals"] += 1

    # -- handler accounts ---------------------------------------------------------------------------------------

    def ensure_handlers(self, specs: list[ProblemSpec], password_hash: str) -> None:
        """A 部门办理 account for every unit that leads or helps with a demo problem and has none among the featured
        accounts, so each reply in a timeline comes from someone of the unit (``zrzy_350583``: 南安市自然资源和
        规划局)."""
        keys = {spec.lead for spec in specs} | {key for spec in specs for key in spec.helpers}
        for key in sorted(keys - set(self.handlers)):
            unit = self.units.get(key)
            if unit is None:
                continue
            username = unit_handler_username(unit.region.code, unit.name)
            user, was_created = User.objects.get_or_create(
                username=username,
                defaults={"full_name": handler_name(username), "unit": unit, "password": password_hash},
            )
            if was_created:
                RoleAssignment.objects.create(user=user, role=Role.HANDLER, region=unit.region)
                self.created["handlers"] += 1
            self.handlers[key] = user

    # -- inspections --------------------------------------------------------------------------------------------

    def write_inspections(self, specs: list[InspectionSpec]) -> None:
        since = min((spec.on for spec in specs), default=self.today)
        stored = Inspection.objects.filter(project__region__path__startswith=self.city.path, on__gte=since)
        self.inspections = {(i.project_id, i.on): i for i in stored.order_by("pk")}
        for spec in specs:
            project = self.project(spec.project)
            if (project.pk, spec.on) in self.inspections:
                continue
            inspection = create(
                Inspection(
                    on=spec.on,
                    project=project,
                    inspectors=spec.inspectors,
                    findings=spec.findings,
                    workers_seen=spec.workers,
                    recorded_by=self.dispatcher,
                )
            )
            if (self.today - spec.on).days < PHOTO_DAYS:
                inspection.attach([site_photo(inspection, number) for number in (1, 2)])
            self.inspections[(project.pk, spec.on)] = inspection
            self.created["inspections"] += 1

    # -- problems -----------------------------------------------------------------------------------------------

    def write_problems(self, specs: list[ProblemSpec]) -> None:
        existing = set(
            Problem.objects.filter(project__region__path__startswith=self.city.path).values_list("project_id", "title")
        )
        for spec in specs:
            project = self.project(spec.project)
            kind = self.kinds.get(spec.kind)
            lead = self.units.get(spec.lead)
            if (project.pk, spec.title) in existing or kind is None or not kind.active or lead is None:
                continue
            self.write_problem(spec, project, kind, lead)

    def write_problem(self, spec: ProblemSpec, project: Project, kind: ProblemKind, lead: Unit) -> None:
        inspection = None
        if spec.inspection is not None:
            inspection = self.inspections.get((project.pk, spec.inspection.on))
        problem = create(
            Problem(
                project=project,
                kind=kind,
                title=spec.title,
                description=spec.description,
                demand=spec.demand,
                level=spec.level,
                raised_on=spec.raised_on,
                raised_by=self.users.get(spec.raised_by, self.dispatcher),
                inspection=inspection,
            )
        )
        helpers = [self.units[key] for key in spec.helpers if key in self.units]
        lead_user = self.handlers.get(spec.lead, self.admin)
        for step in spec.steps:
            self.take(problem, step, lead, helpers, lead_user)
        if problem.status != spec.status:
            raise RuntimeError(f"演示问题“{problem}”的状态为{problem.status}，应为{spec.status}")
        self.created["problems"] += 1

    def take(self, problem: Problem, step: Step, lead: Unit, helpers: list[Unit], lead_user: User) -> None:
        """One workflow step through the model's method, by the user whose role it is."""
        on, text, dispatcher = step.on, step.text, self.dispatcher
        if step.action == "assign":
            problem.assign(dispatcher, lead, helpers, on=on, note=text)
        elif step.action == "helper_reply":
            user = self.handlers.get(step.unit) if step.unit else None
            if user is not None and any(unit.pk == user.unit_id for unit in helpers):
                problem.reply(user, text, on=on)
        elif step.action == "reply":
            problem.reply(lead_user, text, on=on)
        elif step.action == "extension":
            assert step.new_deadline is not None
            problem.request_extension(lead_user, step.new_deadline, text, on=on)
        elif step.action == "decide":
            problem.decide_extension(dispatcher, step.approve, text, on=on)
        elif step.action == "resolve":
            problem.resolve(lead_user, text, [resolution_document(problem, text, on)], on=on)
        elif step.action == "return":
            problem.send_back(dispatcher, text, on=on)
        elif step.action == "close":
            problem.close(dispatcher, text, on=on)
        else:
            raise ValueError(step.action)


def seed_demo(run: DemoRun) -> None:
    """Create the problems, approval items and inspections of 泉州市 and send the day's reminders (see the module
    docstring)."""
    today = timezone.localdate()
    ProblemKind.ensure_defaults()
    ProblemSettings.current()
    writer = Writer(today)
    infos = writer.infos()
    writer.write_approvals(build_approvals(infos, today, writer.city.name))
    problems = build_problems(infos, today, writer.city.name)
    writer.ensure_handlers(problems, run.password_hash)
    writer.write_inspections(build_inspections(infos, today, problems))
    writer.write_problems(problems)
    reminded = remind(today)
    run.report(summary(writer, today, reminded.due_soon + reminded.overdue))


def summary(writer: Writer, today: datetime.date, reminders: int) -> str:
    """One line: problems per status, 督办 and 临期, the year's solved ones, approval items and inspections."""
    city = writer.city
    problems = Problem.objects.filter(project__region__path__startswith=city.path)
    counts = queries.status_counts(problems)
    statuses = "、".join(f"{label} {counts[value]}" for value, label in ProblemStatus.choices)
    settings = ProblemSettings.current()
    items = ApprovalItem.objects.filter(project__region__path__startswith=city.path)
    by_status = Counter(items.values_list("status", flat=True))
    inspections = Inspection.objects.filter(
        project__region__path__startswith=city.path, on__gte=today - datetime.timedelta(days=42)
    )
    created = writer.created
    return _(
        "问题协调：问题 %(count)d 个（%(statuses)s），逾期督办 %(overdue)d 个、临期 %(due)d 个；"
        "%(year)d年解决 %(solved)d 个（用地报批 %(land)d 个）；"
        "前期手续 %(items)d 项（已取得 %(obtained)d、办理中 %(progress)d、未启动 %(waiting)d，滞后 %(lagging)d 项），"
        "拿地即开工 %(fast)d 个；督查 %(inspections)d 次（近6周），现场发现问题 %(found)d 个；"
        "新发提醒 %(reminders)d 条；新建问题 %(new_problems)d 个、手续 %(new_items)d 项、督查 %(new_inspections)d 次、"
        "部门办理账号 %(new_handlers)d 个（如 zrzy_350583，密码同上）"
    ) % {
        "count": problems.count(),
        "statuses": statuses,
        "overdue": problems.overdue(today).count(),
        "due": problems.due_soon(today, settings.blue_days).count(),
        "year": today.year,
        "solved": queries.solved_count(problems, datetime.date(today.year, 1, 1), today),
        "land": queries.solved_count(problems, datetime.date(today.year, 1, 1), today, kind="land"),
        "items": items.count(),
        "obtained": by_status["obtained"],
        "progress": by_status["in_progress"],
        "waiting": by_status["not_started"],
        "lagging": queries.lagging(items, today).count(),
        "fast": len(queries.land_to_start(items, demo_period(today)[0], settings.land_to_start_days)),
        "inspections": inspections.count(),
        "found": problems.filter(inspection__isnull=False).count(),
        "reminders": reminders,
        "new_problems": created["problems"],
        "new_items": created["approvals"],
        "new_inspections": created["inspections"],
        "new_handlers": created["handlers"],
    }
