"""Rules of the project registry as the models enforce them, for pages, imports and the API alike."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tuijin.core.models import ConflictError, User
from tuijin.projects.choices import Category, DecisionStatus, Stage, SuspensionKind
from tuijin.projects.models import AnnualPlan, Project, Suspension

D = datetime.date
CODE = "2603-350582-04-03-243140"
MakeProject = Callable[..., Project]


def refusal(call: Callable[[], Any]) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as excinfo:
        call()
    error = excinfo.value
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


def test_it_refuses_an_illegal_jump_with_the_chinese_reason(make_project: MakeProject) -> None:
    project = make_project(stage=Stage.PLANNING)
    errors = refusal(lambda: project.advance(Stage.CONSTRUCTION, D(2025, 4, 1)))
    assert errors == {"to_stage": ["不能从“谋划”直接变更为“在建”，只能变更为“前期”。"]}
    project.refresh_from_db()
    assert project.stage == Stage.PLANNING
    assert project.transitions.count() == 1


def test_it_refuses_to_move_on_from_the_last_stage(make_project: MakeProject) -> None:
    project = make_project(stage=Stage.CAPACITY)
    errors = refusal(lambda: project.advance(Stage.PLANNING, D(2025, 4, 1)))
    assert errors == {"to_stage": ["不能从“达产”直接变更为“谋划”，该阶段已是最后阶段。"]}


def test_it_refuses_a_date_before_the_previous_transition(make_project: MakeProject) -> None:
    project = make_project(stage=Stage.PREPARATION, on=D(2025, 5, 10))
    errors = refusal(lambda: project.advance(Stage.CONSTRUCTION, D(2025, 5, 9)))
    assert errors == {"date": ["日期不能早于上一次阶段变更（2025年5月10日 前期）。"]}
    # The same day is not earlier.
    project.advance(Stage.CONSTRUCTION, D(2025, 5, 10))
    assert project.actual_start == D(2025, 5, 10)


def test_it_refuses_a_date_after_today(make_project: MakeProject) -> None:
    project = make_project(stage=Stage.PLANNING)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert refusal(lambda: project.advance(Stage.PREPARATION, tomorrow)) == {"date": ["阶段变更日期不能晚于今天。"]}


def test_it_refuses_production_for_a_project_that_is_not_industry(make_project: MakeProject) -> None:
    road = make_project("泉州环湾快速路", category=Category.INFRASTRUCTURE, stage=Stage.CONSTRUCTION)
    road.advance(Stage.COMPLETED, D(2025, 6, 1))
    assert refusal(lambda: road.advance(Stage.PRODUCING, D(2025, 7, 1))) == {
        "to_stage": ["只有产业项目才有投产、达产阶段。"]
    }
    plant = make_project("晋江新材料产业园", stage=Stage.CONSTRUCTION)
    plant.advance(Stage.COMPLETED, D(2025, 6, 1))
    plant.advance(Stage.PRODUCING, D(2025, 7, 1))
    assert plant.stage == Stage.PRODUCING


def test_it_refuses_entering_at_production_for_a_project_that_is_not_industry(make_project: MakeProject) -> None:
    road = make_project("泉州环湾快速路", category=Category.INFRASTRUCTURE)
    assert refusal(lambda: road.enter(Stage.PRODUCING, D(2025, 6, 1))) == {
        "to_stage": ["只有产业项目才有投产、达产阶段。"]
    }


def test_it_records_actual_dates_from_the_transitions(make_project: MakeProject) -> None:
    project = make_project(stage=Stage.PLANNING, on=D(2025, 1, 10))
    project.advance(Stage.PREPARATION, D(2025, 2, 1))
    project.advance(Stage.CONSTRUCTION, D(2025, 3, 5), "正式开工")
    project.advance(Stage.COMPLETED, D(2025, 9, 30))
    project.refresh_from_db()
    assert (project.stage, project.actual_start, project.actual_completion) == (
        Stage.COMPLETED,
        D(2025, 3, 5),
        D(2025, 9, 30),
    )
    moves = list(project.transitions.values_list("from_stage", "to_stage", "date"))
    assert moves == [
        ("", Stage.PLANNING, D(2025, 1, 10)),
        (Stage.PLANNING, Stage.PREPARATION, D(2025, 2, 1)),
        (Stage.PREPARATION, Stage.CONSTRUCTION, D(2025, 3, 5)),
        (Stage.CONSTRUCTION, Stage.COMPLETED, D(2025, 9, 30)),
    ]
    assert refusal(lambda: project.enter(Stage.PLANNING, D(2025, 1, 1))) == {
        "__all__": ["该项目已有阶段记录，请使用阶段变更。"]
    }


def request_suspension(project: Project, kind: str, reason: str = "征迁受阻") -> Suspension:
    suspension = Suspension(project=project, kind=kind, date=D(2025, 8, 1), reason=reason)
    suspension.full_clean()
    suspension.save()
    return suspension


def test_it_runs_the_suspension_flow(make_project: MakeProject, dispatcher_qz: User) -> None:
    project = make_project(stage=Stage.CONSTRUCTION)
    suspend = request_suspension(project, SuspensionKind.SUSPEND)
    project.refresh_from_db()
    assert not project.suspended  # a request changes nothing until it is approved

    suspend.decide(dispatcher_qz, approve=True)
    project.refresh_from_db()
    assert project.suspended
    assert (suspend.status, suspend.decided_by) == (DecisionStatus.APPROVED, dispatcher_qz)
    assert refusal(lambda: suspend.decide(dispatcher_qz, approve=False)) == {
        "__all__": ["该申请已审批，不能重复审批。"]
    }
    assert refusal(lambda: project.advance(Stage.COMPLETED, D(2025, 9, 1))) == {
        "__all__": ["项目处于停工状态，请先办理复工。"]
    }
    assert refusal(lambda: request_suspension(project, SuspensionKind.SUSPEND)) == {"kind": ["该项目已处于停工状态。"]}

    rejected = request_suspension(project, SuspensionKind.RESUME, "已解决")
    rejected.decide(dispatcher_qz, approve=False)
    project.refresh_from_db()
    assert project.suspended and rejected.status == DecisionStatus.REJECTED

    request_suspension(project, SuspensionKind.RESUME, "已解决").decide(dispatcher_qz, approve=True)
    project.refresh_from_db()
    assert not project.suspended
    project.advance(Stage.COMPLETED, D(2025, 9, 1))


def test_it_refuses_suspension_requests_that_do_not_fit_the_project(make_project: MakeProject) -> None:
    planned = make_project(stage=Stage.PREPARATION)
    assert refusal(lambda: request_suspension(planned, SuspensionKind.SUSPEND)) == {
        "kind": ["只有在建项目可以申请停工。"]
    }
    running = make_project("晋江新材料产业园", stage=Stage.CONSTRUCTION)
    assert refusal(lambda: request_suspension(running, SuspensionKind.RESUME)) == {"kind": ["该项目未停工，无需复工。"]}


def card(regions: Any, **fields: Any) -> Project:
    values = {
        "name": "晋江智能装备产业园",
        "region": regions["350582"],
        "category": Category.INDUSTRY,
        "total_investment": Decimal("50000"),
    }
    values.update(fields)
    return Project(**values)


def test_it_checks_the_division_against_the_section(regions: Any) -> None:
    assert refusal(card(regions, industry_section="C", industry_division="47").full_clean) == {
        "industry_division": ["行业大类47不属于门类C（应属门类E）。"]
    }
    assert refusal(card(regions, industry_division="99").full_clean) == {
        "industry_division": ["行业大类应为01–97之间的两位数字。"]
    }
    project = card(regions, industry_division="39")
    project.full_clean()
    assert project.industry_section == "C"


def test_it_validates_and_normalises_project_codes(regions: Any) -> None:
    errors = refusal(card(regions, code="2603-350582-04-03-24314").full_clean)
    assert "项目代码应为24位" in errors["code"][0]
    errors = refusal(card(regions, code="1503-350582-04-03-243140").full_clean)
    assert "第1段" in errors["code"][0]
    typed = card(regions, code=" 2603－350582－04－03－243140 ")
    typed.full_clean()
    assert typed.code == CODE
    card(regions, code="2020-350582-17-03-033330").full_clean()  # the legacy scheme


def test_it_keeps_project_codes_unique(regions: Any, make_project: MakeProject) -> None:
    make_project(code=CODE)
    # A conditional unique constraint reports on the whole card, not on the field (Django's rule).
    assert refusal(card(regions, name="另一个项目", code=CODE).full_clean) == {
        "__all__": ["该项目代码已被其他项目使用。"]
    }
    # Projects without a code yet are not duplicates of each other.
    make_project("无代码项目一")
    card(regions, name="无代码项目二").full_clean()


def test_it_normalises_planned_months_to_the_first_day(regions: Any) -> None:
    project = card(regions, planned_start=D(2025, 3, 17), planned_completion=D(2027, 12, 31))
    project.full_clean()
    assert (project.planned_start, project.planned_completion) == (D(2025, 3, 1), D(2027, 12, 1))
    assert refusal(card(regions, planned_start=D(2025, 3, 17), planned_completion=D(2025, 2, 1)).full_clean) == {
        "planned_completion": ["计划竣工年月不能早于计划开工年月。"]
    }


def test_it_refuses_a_stale_edit(make_project: MakeProject) -> None:
    project = make_project()
    first, second = Project.objects.get(pk=project.pk), Project.objects.get(pk=project.pk)
    first.location = "晋江市经济开发区"
    first.save()
    second.location = "晋江市陈埭镇"
    with pytest.raises(ConflictError, match="已被其他用户修改"):
        second.save()
    project.refresh_from_db()
    assert (project.location, project.version) == ("晋江市经济开发区", 2)


def test_it_checks_annual_plan_dates_and_reasons(make_project: MakeProject) -> None:
    project = make_project()
    plan = AnnualPlan(project=project, year=2025, planned_investment=Decimal("8000"), left_on=D(2026, 1, 5))
    assert refusal(plan.full_clean) == {
        "left_on": ["日期应在2025年内。"],
        "left_reason": ["调出年度名单时请填写原因。"],
    }
