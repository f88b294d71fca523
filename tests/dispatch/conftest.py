"""Factories of monthly dispatch: projects in a region with a year's plan, and reports in any state.

Test data is in 2025 so no month is in the future whenever the suite runs.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from tuijin.core.models import Region, User
from tuijin.dispatch.models import MonthlyReport, ReportStatus
from tuijin.projects.choices import Category
from tuijin.projects.models import AnnualPlan, Project

YEAR = 2025


@pytest.fixture
def make_project(regions: dict[str, Region]) -> Callable[..., Project]:
    """A project in ``region_code``; ``plan`` (万元) adds its annual plan for YEAR (or ``plan_year``)."""

    def make(
        name: str, region_code: str = "350582", plan: Decimal | int | None = None, plan_year: int = YEAR, **fields: Any
    ) -> Project:
        fields.setdefault("category", Category.INFRASTRUCTURE)
        fields.setdefault("total_investment", Decimal("10000"))
        project = Project.objects.create(name=name, region=regions[region_code], **fields)
        if plan is not None:
            AnnualPlan.objects.create(project=project, year=plan_year, planned_investment=Decimal(plan))
        return project

    return make


@pytest.fixture
def make_report(reporter_jj: User, dispatcher_qz: User) -> Callable[..., MonthlyReport]:
    """A report for ``project`` and month, taken through the workflow to ``status`` by the fixture users."""

    def make(
        project: Project,
        month: int,
        amount: Decimal | int | str,
        status: str = ReportStatus.DRAFT,
        year: int = YEAR,
        **fields: Any,
    ) -> MonthlyReport:
        report = MonthlyReport.objects.create(project=project, year=year, month=month, amount=Decimal(amount), **fields)
        if status != ReportStatus.DRAFT:
            report.submit(reporter_jj)
        if status == ReportStatus.APPROVED:
            report.approve(dispatcher_qz)
        elif status == ReportStatus.RETURNED:
            report.return_to_reporter(dispatcher_qz, "数据有误")
        return report

    return make
