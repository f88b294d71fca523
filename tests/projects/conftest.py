"""Fixtures of the project registry: a project factory on top of the shared region and user fixtures."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from tuijin.core.models import Region
from tuijin.projects.choices import Category
from tuijin.projects.models import Project

ENTERED = datetime.date(2025, 3, 1)


@pytest.fixture
def make_project(regions: dict[str, Region]) -> Callable[..., Project]:
    """``make_project(name, region_code, stage=None, on=ENTERED, **fields)``: a valid project, 产业项目 by default.

    With ``stage`` the project enters the registry at that stage on ``on`` (its first transition).
    """

    def make(
        name: str = "晋江智能装备产业园",
        region_code: str = "350582",
        stage: str | None = None,
        on: datetime.date = ENTERED,
        **fields: Any,
    ) -> Project:
        fields.setdefault("category", Category.INDUSTRY)
        fields.setdefault("total_investment", Decimal("50000"))
        tags = fields.pop("tags", [])
        project = Project(name=name, region=regions[region_code], **fields)
        project.full_clean()
        project.save()
        project.tags.set(tags)
        if stage:
            project.enter(stage, on)
        return project

    return make
