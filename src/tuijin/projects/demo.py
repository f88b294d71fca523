"""Demo data of the project registry: a 泉州市 campaign for the current year (a ``tuijin demo`` step).

``seed_demo(run)`` builds about 600 key projects over the statistical districts, counties and zones of 泉州市
(not 金门县), with their owners, lifecycle, 统计入库, a few 停工, and the year's annual plans and node goals:

- every random choice comes from ``random.Random`` seeded with constants, so every run builds the same data;
  the "identity" of a project (name, region, industry, owner, investment …) depends on the campaign year only,
  its timeline (transition dates, plan, goals) also on the last complete month, because dates must stay in
  the past;
- the lifecycle goes through ``Project.enter``/``Project.advance`` only: a project already running before the
  year enters at 前期 or 在建 with a date in an earlier year, and every later move is dated in the campaign
  year, so the year's 新开工 (about 200) and 竣工投用 (about 145) counts come from real transition dates;
- the annual plans add up to about 2168亿元 (``PLAN_TARGET_WAN``), the city target "年度投资2168亿元";
- idempotent: projects are looked up by name (names are unique); a project's card is refreshed through
  ``upsert``, while its lifecycle, plan, goals and 停工 are written only when missing, so a run in a later
  month never rewrites a history that has already happened.

The specifications (who, what, when) are built in ``demo_specs.py`` from the reference data in ``demo_data.py``;
this module writes them. The campaign year and the months covered are ``demo_period()``: today's year and its
last complete month (in January, the previous year as a whole, since the new year has no complete month yet).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext as _

from tuijin.core.choices import UnitKind
from tuijin.core.models import Region, Unit, User
from tuijin.core.money import format_money
from tuijin.core.periods import period_end
from tuijin.core.seeding import upsert
from tuijin.projects.choices import Stage, SuspensionKind, section_of_division
from tuijin.projects.demo_specs import (
    CITY_CODE,
    DISPATCHER_USERNAME,
    TAG_NAMES,
    build_specs,
    demo_period,
    suspension_plan,
)
from tuijin.projects.models import AnnualPlan, NodeGoal, Project, StageTransition, Suspension, Tag

if TYPE_CHECKING:
    from tuijin.core.management.commands.demo import DemoRun

ModelT = TypeVar("ModelT", bound=models.Model)


def create(model: type[ModelT], values: dict[str, Any]) -> ModelT:
    """Validate and save a new row, as ``upsert`` does when the row is missing (minus its lookup query)."""
    obj = model(**values)
    obj.full_clean(exclude=[f.name for f in model._meta.fields if not f.editable])
    obj.save()
    return obj


def ensure(
    model: type[ModelT],
    exists: bool,
    lookup: dict[str, Any],
    values: dict[str, Any],
    create_values: dict[str, Any] | None = None,
) -> tuple[ModelT, bool]:
    """``upsert`` for a row known to exist; a plain validated create for one known to be missing.

    The caller reads which rows exist in one query beforehand, which spares a lookup per row on the first run.
    """
    if exists:
        return upsert(model, lookup, values, create_values)
    return create(model, {**lookup, **values, **(create_values or {})}), True


def seed_demo(run: DemoRun) -> None:
    """Create or refresh the 泉州 campaign of the current year (see the module docstring)."""
    year, last_month = demo_period()
    specs, enterprises = build_specs(year, last_month)

    tags = {name: upsert(Tag, {"name": name}, {})[0] for name in TAG_NAMES}
    codes = {s.region_code for s in specs} | {CITY_CODE}
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    units = {(u.region.code, u.name): u for u in Unit.objects.filter(region__code__in=codes).select_related("region")}

    for enterprise in enterprises:
        key = (enterprise.region_code, enterprise.name)
        units[key], _created = ensure(
            Unit,
            key in units,
            {"region": regions[enterprise.region_code], "name": enterprise.name},
            {"short_name": enterprise.short_name, "kind": UnitKind.ENTERPRISE, "credit_code": enterprise.credit_code},
        )

    names = [spec.name for spec in specs]
    existing = set(Project.objects.filter(name__in=names).values_list("name", flat=True))
    with_transitions = set(
        StageTransition.objects.filter(project__name__in=names).values_list("project__name", flat=True)
    )
    with_suspensions = set(Suspension.objects.filter(project__name__in=names).values_list("project__name", flat=True))
    with_plan = set(
        AnnualPlan.objects.filter(project__name__in=names, year=year).values_list("project__name", flat=True)
    )
    tagged: dict[str, set[int]] = {}
    for name, tag_id in Project.tags.through.objects.filter(project__name__in=names).values_list(
        "project__name", "tag_id"
    ):
        tagged.setdefault(name, set()).add(tag_id)

    projects: dict[int, Project] = {}
    created = 0
    for spec in specs:
        project, was_created = ensure(
            Project,
            spec.name in existing,
            {"name": spec.name},
            {
                "region": regions[spec.region_code],
                "level_provincial": spec.levels[0],
                "level_municipal": spec.levels[1],
                "level_district": spec.levels[2],
                "category": spec.category,
                "industry_section": section_of_division(spec.division),
                "industry_division": spec.division,
                "nature": spec.nature,
                "location": spec.location,
                "content": spec.content,
                "total_investment": spec.total,
                "owner": units[spec.owner],
                "responsible_unit": units[spec.responsible],
                "responsible_leader": spec.leader,
                "longitude": spec.longitude,
                "latitude": spec.latitude,
            },
            # What depends on dates is written once: a later run must not rewrite what has happened.
            {
                "code": spec.code,
                "planned_start": spec.planned_start,
                "planned_completion": spec.planned_completion,
                "stats_registered": spec.stats_on is not None,
                "stats_registered_on": spec.stats_on,
            },
        )
        created += was_created
        projects[spec.index] = project
        wanted = {tags[name].pk for name in spec.tags}
        if tagged.get(spec.name, set()) != wanted:
            project.tags.set(wanted)
        if spec.name not in with_transitions:
            for position, (stage, day) in enumerate(spec.moves):
                move: Callable[..., StageTransition] = project.advance if position else project.enter
                move(stage, day)
        if spec.plan is not None and spec.name not in with_plan:
            plan = create(
                AnnualPlan,
                {
                    "project": project,
                    "year": year,
                    "planned_investment": spec.plan,
                    "joined_on": spec.joined_on,
                    "left_on": spec.left_on,
                    "left_reason": spec.left_reason,
                },
            )
            for goal in spec.goals:
                create(
                    NodeGoal,
                    {
                        "plan": plan,
                        "kind": goal.kind,
                        "target_month": goal.target_month,
                        "achieved_on": goal.achieved_on,
                        "description": goal.description,
                    },
                )

    dispatcher = User.objects.filter(username=DISPATCHER_USERNAME).first()
    window_end = period_end(year, last_month)
    for spec, day, reason, approve in suspension_plan(specs, window_end):
        project = projects[spec.index]
        if spec.name in with_suspensions or project.stage != Stage.CONSTRUCTION:
            continue
        suspension = Suspension(project=project, kind=SuspensionKind.SUSPEND, date=day, reason=reason)
        suspension.full_clean()
        suspension.save()
        if approve and dispatcher is not None:
            suspension.decide(dispatcher, True)

    run.report(summary(year, created))


def summary(year: int, created: int) -> str:
    """One line: the campaign's projects by stage, the year's 新开工/竣工投用 and its annual plan total."""
    city = Region.objects.get(code=CITY_CODE)
    projects = Project.objects.filter(region__path__startswith=city.path)
    by_stage = Counter(projects.values_list("stage", flat=True))
    stages = "、".join(f"{label} {by_stage[value]}" for value, label in Stage.choices)
    transitions = StageTransition.objects.filter(project__in=projects, date__year=year)
    plans = AnnualPlan.objects.filter(project__in=projects, year=year)
    total = plans.aggregate(total=Sum("planned_investment"))["total"] or Decimal(0)
    return _(
        "项目 %(count)d 个（%(stages)s），新建 %(created)d 个；"
        "%(year)d年新开工 %(started)d 个、竣工投用 %(completed)d 个；年度计划 %(plans)d 个，合计 %(total)s"
    ) % {
        "count": projects.count(),
        "stages": stages,
        "created": created,
        "year": year,
        "started": transitions.filter(to_stage=Stage.CONSTRUCTION).count(),
        "completed": transitions.filter(to_stage=Stage.COMPLETED).count(),
        "plans": plans.count(),
        "total": format_money(total),
    }
