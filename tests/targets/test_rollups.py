"""Rollups follow the rows behind them when a transaction commits, and the signing targets follow the attraction
app's. (Agreement with the direct answer on the whole demo: tests/projects/test_demo_data.py.)"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.attraction import factories
from tuijin.attraction.choices import ContractKind
from tuijin.attraction.models import AttractionSettings, AttractionTarget
from tuijin.core import bulk
from tuijin.core.models import Region, User
from tuijin.dispatch.models import MonthlyReport, ReportStatus
from tuijin.problems.choices import ProblemStatus
from tuijin.problems.models import Problem, ProblemKind
from tuijin.projects.choices import Category, Stage
from tuijin.projects.models import AnnualPlan, Project
from tuijin.projects.queries import four_batches
from tuijin.targets import queries, rollups
from tuijin.targets.models import Indicator, Rollup, Target

pytestmark = pytest.mark.django_db
D = datetime.date
AS_OF = D(2025, 12, 31)


def both(key: str, region: Region) -> tuple[object, object]:
    indicator = Indicator.objects.get(key=key)
    return (
        queries.actual(indicator, region, AS_OF, source="rollup"),
        queries.actual(indicator, region, AS_OF, source="direct"),
    )


def test_contract_writes_refresh_the_rollups_on_commit(
    regions: dict[str, Region], django_capture_on_commit_callbacks: Callable
) -> None:
    jj, na, city = regions["350582"], regions["350583"], regions["350500"]
    with django_capture_on_commit_callbacks(execute=True):
        contract = factories.contract("晋江项目", "300000", D(2025, 3, 1))
    assert both("signed_amount", jj) == (Decimal("300000"), Decimal("300000"))
    assert both("big_projects", city) == (Decimal("1"), Decimal("1"))
    # Moved to 南安 and made smaller: both regions are recomputed (the old one from the row before the change).
    with django_capture_on_commit_callbacks(execute=True):
        contract.region = na
        contract.amount = Decimal("1000")
        contract.save()
    assert both("signed_amount", jj) == (Decimal("0"), Decimal("0"))
    assert both("signed_amount", na) == (Decimal("1000"), Decimal("1000"))
    assert both("big_projects", city) == (Decimal("0"), Decimal("0"))
    with django_capture_on_commit_callbacks(execute=True):
        contract.delete()
    assert not Rollup.objects.filter(indicator_key="signed_amount").exists()


def test_nothing_changes_before_the_commit_and_nothing_row_by_row_in_a_bulk_load(
    regions: dict[str, Region], django_capture_on_commit_callbacks: Callable
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        factories.contract("未提交", "1000", D(2025, 3, 1))
    assert callbacks and not Rollup.objects.exists()
    with django_capture_on_commit_callbacks(execute=True), bulk.bulk_load():
        factories.contract("演示", "2000", D(2025, 4, 1))
    assert not Rollup.objects.exists()
    counts = rollups.rebuild()
    assert counts["signed_amount"] == 2 and counts["signed_count"] == 2
    assert both("signed_amount", regions["350500"]) == (Decimal("3000"), Decimal("3000"))


def test_a_settings_change_rebuilds_what_it_counts(
    regions: dict[str, Region], django_capture_on_commit_callbacks: Callable
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        factories.contract("正式", "1000", D(2025, 3, 1))
        factories.contract("框架", "5000", D(2025, 3, 2), kind=ContractKind.FRAMEWORK)
    assert both("signed_amount", regions["350500"])[0] == Decimal("1000")
    with django_capture_on_commit_callbacks(execute=True):
        settings = AttractionSettings.current()
        settings.count_framework = True
        settings.save()
    assert both("signed_amount", regions["350500"]) == (Decimal("6000"), Decimal("6000"))


def test_signing_targets_are_copied_and_cannot_be_set_here(regions: dict[str, Region]) -> None:
    city = regions["350500"]
    source = AttractionTarget.objects.create(year=2025, region=city, signed_amount=Decimal("500000"), big_projects=3)
    copied = {t.indicator.key: t.value for t in Target.objects.filter(year=2025, region=city)}
    assert copied == {"signed_amount": Decimal("500000"), "big_projects": Decimal("3")}
    source.signed_amount = Decimal("600000")
    source.big_projects = None
    source.save()
    copied = {t.indicator.key: t.value for t in Target.objects.filter(year=2025, region=city)}
    assert copied == {"signed_amount": Decimal("600000")}
    assert Target.history.filter(value=Decimal("600000")).exists()
    manual = Target(indicator=Indicator.objects.get(key="signed_amount"), year=2026, region=city, value=Decimal("1"))
    with pytest.raises(ValidationError, match="招商目标"):
        manual.full_clean()
    source.delete()
    assert not Target.objects.exists()


def test_reports_transitions_and_problems_refresh_their_indicators(
    regions: dict[str, Region],
    dispatcher_qz: User,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    """The project, dispatch and problem sides: a plan puts the project on the year's list, 开工 counts it, an
    approved report adds its investment, a solved land problem counts for 用地报批问题解决数."""
    jj = regions["350582"]
    with django_capture_on_commit_callbacks(execute=True):
        project = Project.objects.create(
            name="晋江滚动测试项目", region=jj, category=Category.INDUSTRY, total_investment=Decimal("10000")
        )
        AnnualPlan.objects.create(project=project, year=2025, planned_investment=Decimal("5000"))
        project.enter(Stage.PREPARATION, D(2025, 1, 10))
    assert both("new_starts", jj) == (Decimal("0"), Decimal("0"))
    with django_capture_on_commit_callbacks(execute=True):
        project.advance(Stage.CONSTRUCTION, D(2025, 3, 1))
        report = MonthlyReport.objects.create(
            project=project, year=2025, month=3, amount=Decimal("800"), status=ReportStatus.SUBMITTED
        )
    assert both("new_starts", jj) == (Decimal("1"), Decimal("1"))
    assert both("investment", jj) == (Decimal("0"), Decimal("0"))  # not approved yet
    with django_capture_on_commit_callbacks(execute=True):
        report.approve(dispatcher_qz)
    assert both("investment", jj) == (Decimal("800"), Decimal("800"))
    with django_capture_on_commit_callbacks(execute=True):
        Problem.objects.create(
            project=project,
            kind=ProblemKind.objects.get(code="land"),
            title="用地指标",
            description="用地指标未落实",
            raised_on=D(2025, 4, 1),
            status=ProblemStatus.RESOLVED,
            resolved_on=D(2025, 4, 20),
        )
    assert both("land_solved", jj) == (Decimal("1"), Decimal("1"))
    assert both("resolution_rate", jj) == (Decimal("100"), Decimal("100"))


def test_migrate_rolls_up_indicators_that_have_no_rollups_yet(regions: dict[str, Region]) -> None:
    """A database from before the targets app (or a newly listed indicator) gets its rollups on ``migrate``."""
    from django.apps import apps as django_apps

    from tuijin.targets.apps import _sync_after_migrate

    with bulk.bulk_load():
        factories.contract("升级前的合同", "1000", D(2025, 3, 1))
    assert not Rollup.objects.exists()
    _sync_after_migrate(django_apps.get_app_config("targets"))
    assert both("signed_amount", regions["350582"]) == (Decimal("1000"), Decimal("1000"))


def test_the_four_batches_indicators_count_what_the_dispatch_overview_counts(regions: dict[str, Region]) -> None:
    """谋划/开工/在建/投用一批 from the rollups equal ``projects.queries.four_batches`` on the year's list."""
    jj = regions["350582"]

    def project(name: str, steps: list[tuple[str, datetime.date]]) -> Project:
        row = Project.objects.create(name=name, region=jj, category=Category.INDUSTRY, total_investment=Decimal("1"))
        AnnualPlan.objects.create(project=row, year=2025, planned_investment=Decimal("1"))
        row.enter(*steps[0])
        for stage, on in steps[1:]:
            row.advance(stage, on)
        return row

    project("新谋划", [(Stage.PLANNING, D(2025, 2, 1))])
    project("年初在建", [(Stage.CONSTRUCTION, D(2024, 6, 1))])
    project("当年开工", [(Stage.PREPARATION, D(2024, 6, 1)), (Stage.CONSTRUCTION, D(2025, 4, 1))])
    project("当年投用", [(Stage.CONSTRUCTION, D(2024, 3, 1)), (Stage.COMPLETED, D(2025, 9, 1))])
    project("去年投用", [(Stage.CONSTRUCTION, D(2023, 3, 1)), (Stage.COMPLETED, D(2024, 9, 1))])
    rollups.rebuild()
    counts = four_batches(Project.objects.all(), 2025)
    for key, batch in (("planned", 1), ("new_starts", 1), ("constructing", 3), ("completions", 1)):
        assert both(key, jj) == (Decimal(batch), Decimal(batch)), key
    assert (counts.planning, counts.starting, counts.constructing, counts.completing) == (1, 1, 3, 1)
    # Mid-year only what has happened by then: the project started in April is not yet 在建 on 31 March.
    constructing = Indicator.objects.get(key="constructing")
    assert queries.actual(constructing, jj, D(2025, 3, 31)) == Decimal("2")
