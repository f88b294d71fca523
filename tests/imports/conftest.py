"""Fixtures of the import tests: the exchange wiring, real .xlsx bytes, and projects, units, tags and reports.

Until settings.py lists ``tuijin.exchange`` and ``TUIJIN_IMPORT_SPECS`` and the root URLconf includes the
exchange URLs, this module supplies them (it doubles as the URLconf), so the tests run either way.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import NoReverseMatch, include, path, reverse

from tuijin.core.choices import UnitKind
from tuijin.core.models import Region, Unit, User
from tuijin.dispatch.models import MonthlyReport, ReportStatus
from tuijin.projects.choices import Category
from tuijin.projects.models import AnnualPlan, Project, StageTransition, Tag
from tuijin.urls import urlpatterns as root_urlpatterns

YEAR = 2025
IMPORT_SPECS = {
    "projects": "tuijin.projects.imports.ProjectImportSpec",
    "plans": "tuijin.projects.imports.AnnualPlanImportSpec",
    "progress": "tuijin.dispatch.imports.ProgressImportSpec",
}

urlpatterns = [*root_urlpatterns, path("", include("tuijin.exchange.urls"))]


@pytest.fixture(scope="module", autouse=True)
def _exchange_wiring() -> Iterator[None]:
    overrides: dict[str, Any] = {}
    if "tuijin.exchange" not in settings.INSTALLED_APPS:
        overrides["INSTALLED_APPS"] = [*settings.INSTALLED_APPS, "tuijin.exchange"]
    if not hasattr(settings, "TUIJIN_IMPORT_SPECS"):
        overrides["TUIJIN_IMPORT_SPECS"] = IMPORT_SPECS
    try:
        reverse("exchange:import_projects")
    except NoReverseMatch:
        overrides["ROOT_URLCONF"] = __name__
    with override_settings(**overrides):
        yield


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def edit_cell(data: bytes, header: str, row_value: str, new_value: Any) -> bytes:
    """Change one cell of an exported sheet: in the column headed ``header``, on the row containing ``row_value``."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book.active
    assert ws is not None
    column = row_index = None
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == header and column is None:
                column = cell.column
            if cell.value == row_value:
                row_index = cell.row
    assert column is not None and row_index is not None, f"找不到列“{header}”或行“{row_value}”"
    ws.cell(row_index, column, new_value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def history_count() -> int:
    """All history records of the models an import writes."""
    return sum(model.history.count() for model in (Project, StageTransition, AnnualPlan, MonthlyReport))


@pytest.fixture
def owner_unit(make_unit: Callable[..., Unit]) -> Unit:
    return make_unit("晋江恒安建设有限公司", "350582", kind=UnitKind.ENTERPRISE)


@pytest.fixture
def tags(db: Any) -> dict[str, Tag]:
    return {name: Tag.objects.create(name=name) for name in ("城建", "侨港澳台", "文旅")}


@pytest.fixture
def make_project(regions: dict[str, Region]) -> Callable[..., Project]:
    """A project in ``region_code``; ``plan`` (万元) adds its annual plan for 2025."""

    def make(name: str, region_code: str = "350582", plan: Decimal | int | None = None, **fields: Any) -> Project:
        fields.setdefault("category", Category.INFRASTRUCTURE)
        fields.setdefault("total_investment", Decimal("10000"))
        project = Project.objects.create(name=name, region=regions[region_code], **fields)
        if plan is not None:
            AnnualPlan.objects.create(project=project, year=YEAR, planned_investment=Decimal(plan))
        return project

    return make


@pytest.fixture
def make_report(reporter_jj: User, dispatcher_qz: User) -> Callable[..., MonthlyReport]:
    """A 2025 report taken through the workflow to ``status`` by the fixture users."""

    def make(
        project: Project, month: int, amount: Decimal | int | str, status: str = ReportStatus.DRAFT
    ) -> MonthlyReport:
        report = MonthlyReport.objects.create(project=project, year=YEAR, month=month, amount=Decimal(amount))
        if status != ReportStatus.DRAFT:
            report.submit(reporter_jj)
        if status == ReportStatus.APPROVED:
            report.approve(dispatcher_qz)
        return report

    return make
