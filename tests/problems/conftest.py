"""Fixtures of problem coordination: a 晋江市 project, the units that solve its problems with their handlers, and a
problem factory. Dates are in 2026, whose official holiday schedule the calendar package knows."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from tuijin.core.choices import Role, UnitKind
from tuijin.core.models import Region, Unit, User
from tuijin.problems.models import Problem, ProblemKind
from tuijin.projects.choices import Category, Stage
from tuijin.projects.models import Project

RAISED = datetime.date(2026, 2, 10)


@pytest.fixture
def project(regions: dict[str, Region]) -> Project:
    project = Project(
        name="晋江智能装备产业园",
        region=regions["350582"],
        category=Category.INDUSTRY,
        total_investment=Decimal("50000"),
        planned_start=datetime.date(2026, 6, 1),
    )
    project.full_clean()
    project.save()
    project.enter(Stage.PREPARATION, datetime.date(2026, 1, 5))
    return project


@pytest.fixture
def fz_project(regions: dict[str, Region]) -> Project:
    project = Project(
        name="福州滨海新城项目",
        region=regions["350100"],
        category=Category.INFRASTRUCTURE,
        total_investment=Decimal("1"),
    )
    project.full_clean()
    project.save()
    return project


@pytest.fixture
def land_bureau(make_unit: Callable[..., Unit]) -> Unit:
    return make_unit("晋江市自然资源和规划局", "350582")


@pytest.fixture
def power_company(make_unit: Callable[..., Unit]) -> Unit:
    return make_unit("国网晋江市供电公司", "350582", kind=UnitKind.ENTERPRISE)


@pytest.fixture
def handler_land(make_user: Callable[..., User], land_bureau: Unit) -> User:
    return make_user("jj_land_handler", Role.HANDLER, "350582", unit=land_bureau, full_name="吴国平")


@pytest.fixture
def handler_power(make_user: Callable[..., User], power_company: Unit) -> User:
    return make_user("jj_power_handler", Role.HANDLER, "350582", unit=power_company, full_name="苏建华")


@pytest.fixture
def make_problem(project: Project) -> Callable[..., Problem]:
    """``make_problem(kind="land", raised_on=RAISED, project=project, **fields)``: a raised (提出) problem."""

    def make(kind: str = "land", raised_on: datetime.date = RAISED, **fields: Any) -> Problem:
        fields.setdefault("project", project)
        fields.setdefault("title", "用地指标未落实")
        fields.setdefault("description", "项目二期用地指标尚未下达，影响供地。")
        problem = Problem(kind=ProblemKind.objects.get(code=kind), raised_on=raised_on, **fields)
        problem.full_clean()
        problem.save()
        return problem

    return make


@pytest.fixture
def assigned(
    make_problem: Callable[..., Problem],
    dispatcher_qz: User,
    land_bureau: Unit,
    power_company: Unit,
    handler_land: User,
    handler_power: User,
) -> Problem:
    """Raised Tue 10 Feb 2026, assigned Fri 13 Feb to the land bureau (主办) with the power company (协办): 主办
    deadline Mon 2 Mar (7 working days across the Spring Festival), 协办 deadline Wed 25 Feb (Sat 14, Tue 24,
    Wed 25)."""
    problem = make_problem()
    problem.assign(dispatcher_qz, land_bureau, [power_company], on=datetime.date(2026, 2, 13))
    return problem
