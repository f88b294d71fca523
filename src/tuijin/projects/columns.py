"""The columns of the 项目信息表 (project information sheet), shared by the export and the importer.

``PROJECT_COLUMNS`` pairs each header with a key: a model field name, or ``relation.field`` for a related
object's field. Export equals import (STYLE.md §9), so the importer reads the same headers and maps them back
through the same keys; ``project_cell`` is how the export writes each key (choice labels, 是/否, "2025-03" for
year-months, tags joined with 、).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from tuijin.core.generic import ObjectExportView
from tuijin.projects.industries import division_label
from tuijin.projects.models import Project

# The headers are those of the official sheet, matched literally by the importer: data, not translatable prose.
PROJECT_COLUMNS: list[tuple[str, str]] = [
    ("项目代码", "code"),
    ("项目名称", "name"),
    ("所属区域", "region.name"),
    ("区划代码", "region.code"),
    ("项目级别", "levels"),
    ("项目类别", "category"),
    ("标签", "tags"),
    ("行业门类", "industry_section"),
    ("行业大类", "industry_division"),
    ("建设性质", "nature"),
    ("建设地点", "location"),
    ("建设规模及主要建设内容", "content"),
    ("总投资（万元）", "total_investment"),
    ("计划开工", "planned_start"),
    ("计划竣工", "planned_completion"),
    ("实际开工", "actual_start"),
    ("实际竣工", "actual_completion"),
    ("业主单位", "owner.name"),
    ("责任单位", "responsible_unit.name"),
    ("挂钩领导", "responsible_leader"),
    ("统计入库", "stats_registered"),
    ("入库日期", "stats_registered_on"),
    ("阶段", "stage"),
    ("经度", "longitude"),
    ("纬度", "latitude"),
]

# Separator of multi-valued cells (项目级别, 标签), as Chinese tables write lists.
LIST_SEPARATOR = "、"


def year_month(value: datetime.date | None) -> str | None:
    """A planned year-month as the sheet writes it: ``2025-03``."""
    return value.strftime("%Y-%m") if value else None


def _yes_no(value: bool) -> str:
    return _("是") if value else _("否")


# Keys whose cell is not the plain attribute value.
_CELLS: dict[str, Callable[[Project], Any]] = {
    "levels": lambda project: project.levels_display,
    "category": lambda project: project.get_category_display(),
    "tags": lambda project: LIST_SEPARATOR.join(tag.name for tag in project.tags.all()),
    "industry_section": lambda project: project.get_industry_section_display(),
    "industry_division": lambda project: division_label(project.industry_division),
    "nature": lambda project: project.get_nature_display(),
    "planned_start": lambda project: year_month(project.planned_start),
    "planned_completion": lambda project: year_month(project.planned_completion),
    "stats_registered": lambda project: _yes_no(project.stats_registered),
    "stage": lambda project: project.get_stage_display(),
}


def project_cell(project: Project, key: str) -> Any:
    """The export value of one ``PROJECT_COLUMNS`` key for ``project``."""
    if key in _CELLS:
        return _CELLS[key](project) or None
    return ObjectExportView.cell(project, key)
