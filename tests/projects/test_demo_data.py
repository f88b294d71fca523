"""The demo campaign built by ``tuijin demo`` (projects, plans, monthly reports and investment attraction).

Building it takes a while (about 600 projects, 3 000+ reports and 2 000+ signed contracts, each written through the
models with its history), so one test builds it once and checks everything on the result.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from io import StringIO
from itertools import pairwise

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from tests.attraction.test_demo import check_attraction_demo
from tests.problems.test_demo import check_problems_demo
from tests.targets.test_demo import check_targets_demo
from tuijin.attraction.models import Contract, Lead, Milestone
from tuijin.core.choices import UnitKind
from tuijin.core.models import Region, Unit
from tuijin.core.validators import validate_credit_code, validate_project_code
from tuijin.dispatch.models import MonthlyReport, ReportStatus
from tuijin.projects.choices import NEXT_STAGES, Category, DecisionStatus, Stage, section_of_division
from tuijin.projects.demo_specs import PLAN_TARGET_WAN, build_specs, demo_period
from tuijin.projects.industries import DIVISIONS, division_label
from tuijin.projects.models import AnnualPlan, Project, StageTransition, Suspension


def history_counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in apps.get_models() if m.__name__.startswith("Historical")}


def test_divisions_are_the_97_of_the_standard() -> None:
    assert list(DIVISIONS) == [f"{n:02d}" for n in range(1, 98)]
    assert all(section_of_division(code) for code in DIVISIONS)
    assert DIVISIONS["13"] == "农副食品加工业"
    assert DIVISIONS["48"] == "土木工程建筑业"
    assert division_label("39") == "39 计算机、通信和其他电子设备制造业"
    assert division_label("65") == "65 软件和信息技术服务业"
    assert division_label("") == ""


@pytest.mark.django_db
def test_the_demo_builds_a_plausible_campaign() -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    output = out.getvalue()
    year, last_month = demo_period()
    today = timezone.localdate()
    city = Region.objects.get(code="350500")
    # The projects demo's own projects; the attraction step adds those its started contracts create.
    names = {spec.name for spec in build_specs(year, last_month)[0]}
    registry = Project.objects.filter(name__in=names)

    # -- the projects
    projects = list(registry.select_related("region", "owner", "responsible_unit"))
    assert 550 <= len(projects) <= 650
    assert all(p.region.path.startswith(city.path) for p in projects)
    assert {p.region.code for p in projects} == set(
        Region.objects.filter(parent=city, in_statistics=True).values_list("code", flat=True)
    )  # every district, county and zone, never 金门县
    assert len({p.name for p in projects}) == len(projects)

    stages = Counter(p.stage for p in projects)
    assert set(stages) == set(Stage.values)
    assert stages[Stage.CONSTRUCTION] > len(projects) * 0.4
    categories = Counter(p.category for p in projects)
    assert 0.5 < categories[Category.INDUSTRY] / len(projects) < 0.7
    assert categories[Category.INFRASTRUCTURE] and categories[Category.SOCIAL]
    for p in projects:
        if p.stage in {Stage.PRODUCING, Stage.CAPACITY}:
            assert p.category == Category.INDUSTRY, p.name
        assert p.level_district and p.industry_division
        assert section_of_division(p.industry_division) == p.industry_section, p.name
        assert Decimal(10000) <= p.total_investment <= Decimal(800000), p.name
        assert Decimal("117.9") < p.longitude < Decimal("119.1") and Decimal("24.5") < p.latitude < Decimal("25.6")
        assert p.owner and p.responsible_unit and p.responsible_leader
        if p.actual_start is None:
            assert not p.stats_registered
    assert any(p.level_provincial for p in projects) and sum(p.level_municipal for p in projects) > len(projects) / 2
    started = [p for p in projects if p.actual_start]
    registered = [p for p in started if p.stats_registered]
    assert 0 < len(registered) < len(started)  # some 入库 lights stay on
    assert all(p.actual_start < p.stats_registered_on <= today for p in registered)

    codes = [p.code for p in projects if p.code]
    assert len(codes) == len(set(codes)) > len(projects) * 0.85
    for p in projects:
        if p.code:
            validate_project_code(p.code)
            assert p.code[5:11] == (p.region.code if p.region.code.isdigit() else "350500"), p.code

    owners = Unit.objects.filter(owned_projects__isnull=False, kind=UnitKind.ENTERPRISE).distinct()
    assert owners.count() > 300
    for unit in owners:
        validate_credit_code(unit.credit_code)

    # Every card is valid, and every transition is legal and in date order: each is re-validated as it was
    # when it was the newest (peeling transitions off from the last), then everything is put back.
    with transaction.atomic():
        for p in projects:
            p.full_clean()
            transitions = list(p.transitions.order_by("date", "id"))
            assert transitions and transitions[0].from_stage == ""
            for before, after in pairwise(transitions):
                assert after.from_stage == before.to_stage and after.to_stage in NEXT_STAGES[before.to_stage]
                assert before.date <= after.date <= today
            assert transitions[-1].to_stage == p.stage
            for transition in reversed(transitions):
                transition.full_clean()
                transition.delete()
        transaction.set_rollback(True)

    this_year = StageTransition.objects.filter(date__year=year, project__in=registry)
    assert 170 <= this_year.filter(to_stage=Stage.CONSTRUCTION).count() <= 230  # 新开工
    assert 120 <= this_year.filter(to_stage=Stage.COMPLETED).count() <= 180  # 竣工投用
    assert Suspension.objects.filter(status=DecisionStatus.PENDING).count() == 1
    assert Suspension.objects.filter(status=DecisionStatus.APPROVED).count() == 2
    assert registry.filter(suspended=True).count() == 2

    # -- the annual plans
    plans = AnnualPlan.objects.filter(year=year)
    total = plans.aggregate(total=Sum("planned_investment"))["total"]
    assert abs(total - PLAN_TARGET_WAN) <= PLAN_TARGET_WAN * Decimal("0.05")
    assert plans.count() >= registry.exclude(stage=Stage.PLANNING).count()
    assert plans.filter(project__stage=Stage.PLANNING).exists()
    assert plans.exclude(joined_on=None).exists() and plans.exclude(left_on=None).exists()
    for plan in plans.exclude(joined_on=None, left_on=None):
        plan.full_clean()

    # -- the monthly reports
    reports = MonthlyReport.objects.filter(year=year)
    assert set(reports.values_list("status", flat=True)) == set(ReportStatus.values)
    assert not reports.filter(month__lt=last_month).exclude(status=ReportStatus.APPROVED).exists()
    assert reports.filter(month__gt=last_month).count() == 0
    assert not reports.filter(project__actual_start=None).exists()
    assert (
        reports.filter(status=ReportStatus.RETURNED).exclude(return_reason="").count()
        == reports.filter(status=ReportStatus.RETURNED).count()
    )
    due = set(
        plans.filter(project__actual_start__isnull=False)
        .exclude(left_on__month__lt=last_month)
        .values_list("project_id", flat=True)
    )
    reported = set(reports.filter(month=last_month).values_list("project_id", flat=True))
    assert reported <= due
    assert 0 < len(due - reported) < len(due) * 0.1  # a few late reporters
    assert reports.filter(submitted_by__username="jj_reporter", project__region__code="350582").exists()
    for report in reports.filter(month=last_month)[:50]:
        report.full_clean()

    # -- the command's output: one line per step, then the accounts
    assert "项目 " in output and "年度计划" in output and "月度报告 " in output
    assert output.index("月度报告") < output.index("招商引资") < output.index("演示密码")

    # -- investment attraction (tests/attraction/test_demo.py)
    check_attraction_demo(output)

    # -- a second run writes nothing
    counts = (
        Project.objects.count(),
        MonthlyReport.objects.count(),
        AnnualPlan.objects.count(),
        Contract.objects.count(),
        Lead.objects.count(),
        Milestone.objects.count(),
    )
    history = history_counts()
    call_command("demo", stdout=StringIO())
    assert (
        Project.objects.count(),
        MonthlyReport.objects.count(),
        AnnualPlan.objects.count(),
        Contract.objects.count(),
        Lead.objects.count(),
        Milestone.objects.count(),
    ) == counts
    assert history_counts() == history

    # -- problems, approval items and inspections (tests/problems/test_demo.py); the second run above wrote none
    # of them either: each is written with its history, whose counts did not move
    assert output.index("招商引资") < output.index("问题协调") < output.index("演示密码")
    check_problems_demo(output)

    # -- indicators, targets, figures, assessment and rollups (tests/targets/test_demo.py): the last step
    check_targets_demo(output)
