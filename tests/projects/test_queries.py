"""四个一批 and the year list come from transition dates, never from the current stage (DOMAIN.md §2)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from tuijin.projects.choices import Category, Stage
from tuijin.projects.models import AnnualPlan, Project
from tuijin.projects.queries import FourBatches, four_batches, stage_counts, year_list

D = datetime.date


def project(regions: Any, name: str, entry: tuple[str, datetime.date], *moves: tuple[str, datetime.date]) -> Project:
    p = Project.objects.create(
        name=name, region=regions["350582"], category=Category.INDUSTRY, total_investment=Decimal("10000")
    )
    p.enter(*entry)
    for stage, on in moves:
        p.advance(stage, on)
    return p


def test_it_counts_the_four_batches_across_a_year_boundary(regions: Any) -> None:
    # Started in December 2024, completed in March 2025: 开工 in 2024, 在建 in both years, 投用 in 2025.
    project(
        regions,
        "跨年项目",
        (Stage.PREPARATION, D(2024, 6, 1)),
        (Stage.CONSTRUCTION, D(2024, 12, 31)),
        (Stage.COMPLETED, D(2025, 3, 1)),
    )
    # Planned in 2025 and started on 1 January 2025.
    project(
        regions,
        "新开工项目",
        (Stage.PLANNING, D(2024, 12, 1)),
        (Stage.PREPARATION, D(2024, 12, 20)),
        (Stage.CONSTRUCTION, D(2025, 1, 1)),
    )
    # Completed on 31 December 2024: 在建 in 2024 only.
    project(regions, "年末竣工项目", (Stage.CONSTRUCTION, D(2023, 5, 1)), (Stage.COMPLETED, D(2024, 12, 31)))
    # Planned in 2025, still 谋划.
    project(regions, "谋划项目", (Stage.PLANNING, D(2025, 2, 1)))
    projects = Project.objects.all()
    assert four_batches(projects, 2024) == FourBatches(planning=1, starting=1, constructing=2, completing=1)
    assert four_batches(projects, 2025) == FourBatches(planning=1, starting=1, constructing=2, completing=1)
    assert four_batches(projects, 2023) == FourBatches(planning=0, starting=1, constructing=1, completing=0)


def test_it_does_not_change_past_counts_when_the_stage_moves_on(regions: Any) -> None:
    p = project(regions, "项目", (Stage.PREPARATION, D(2024, 3, 1)), (Stage.CONSTRUCTION, D(2024, 4, 1)))
    before = four_batches(Project.objects.all(), 2024)
    p.advance(Stage.COMPLETED, D(2025, 1, 10))
    p.advance(Stage.PRODUCING, D(2025, 2, 10))
    assert four_batches(Project.objects.all(), 2024) == before == FourBatches(0, 1, 1, 0)
    assert stage_counts(Project.objects.all())[Stage.PRODUCING] == 1
    assert stage_counts(Project.objects.all())[Stage.CONSTRUCTION] == 0


def test_it_lists_the_projects_with_a_plan_that_year(regions: Any) -> None:
    a = project(regions, "甲", (Stage.CONSTRUCTION, D(2024, 3, 1)))
    project(regions, "乙", (Stage.CONSTRUCTION, D(2024, 3, 1)))
    AnnualPlan.objects.create(project=a, year=2025, planned_investment=Decimal("5000"))
    assert list(year_list(Project.objects.all(), 2025)) == [a]
    assert not year_list(Project.objects.all(), 2024).exists()
