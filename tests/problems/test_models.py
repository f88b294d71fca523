"""The problem workflow's rules (DOMAIN.md §5, §7): who may take each step, when, and what it records."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tuijin.core.audit import audit_context
from tuijin.core.models import Unit, User
from tuijin.problems.choices import Action, ExtensionStatus, NotificationKind, ProblemStatus, Urgency
from tuijin.problems.models import Notification, Problem, ProblemKind

pytestmark = pytest.mark.django_db
D = datetime.date


def test_raising_numbers_the_problem_and_starts_the_timeline(
    make_problem: Callable[..., Problem], reporter_jj: User
) -> None:
    with audit_context(user=reporter_jj, reason="测试"):
        first = make_problem()
        second = make_problem(title="征迁户未签约", kind="relocation")
    assert (first.code, second.code) == ("WT2026-00001", "WT2026-00002")
    assert first.status == ProblemStatus.RAISED and first.raised_by == reporter_jj
    record = first.records.get()
    assert (record.action, record.user, record.on) == (Action.RAISE, reporter_jj, D(2026, 2, 10))


def test_a_number_taken_in_between_is_skipped(
    make_problem: Callable[..., Problem], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two people raising at the same moment both compute the same next number; the second insert hits the unique
    constraint (a real one, in the database) and takes the number after."""
    first = make_problem()
    proposals = iter([first.code, "WT2026-00002"])
    monkeypatch.setattr(Problem, "_next_code", lambda self: next(proposals))
    second = make_problem(title="征迁户未签约", kind="relocation")
    assert second.code == "WT2026-00002"
    assert second.records.get().action == Action.RAISE
    assert Problem.objects.count() == 2


def test_assignment_sets_working_day_deadlines_and_notifies_the_units(
    assigned: Problem, handler_land: User, handler_power: User
) -> None:
    assert assigned.status == ProblemStatus.ASSIGNED
    assert (assigned.assigned_on, assigned.deadline, assigned.helper_deadline) == (
        D(2026, 2, 13),
        D(2026, 3, 2),
        D(2026, 2, 25),
    )
    assert assigned.deadline_estimated is False
    assert list(assigned.helper_units.values_list("name", flat=True)) == ["国网晋江市供电公司"]
    assert assigned.records.last().action == Action.ASSIGN
    for user in (handler_land, handler_power):
        assert (
            Notification.objects.visible_to(user).filter(kind=NotificationKind.ASSIGNED, problem=assigned).count() == 1
        )


@pytest.mark.parametrize("who", ["handler_land", "reporter_jj", "dispatcher_fz", "leader_qz"])
def test_only_a_dispatcher_of_the_region_assigns(
    request: pytest.FixtureRequest, make_problem: Callable[..., Problem], land_bureau: Unit, who: str
) -> None:
    problem = make_problem()
    with pytest.raises(PermissionDenied):
        problem.assign(request.getfixturevalue(who), land_bureau, on=D(2026, 2, 13))
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RAISED


def test_assignment_dates_are_checked(
    make_problem: Callable[..., Problem], dispatcher_qz: User, land_bureau: Unit
) -> None:
    problem = make_problem()
    with pytest.raises(ValidationError, match="不能早于提出日期"):
        problem.assign(dispatcher_qz, land_bureau, on=D(2026, 2, 9))
    with pytest.raises(ValidationError, match="不能晚于今天"):
        problem.assign(dispatcher_qz, land_bureau, on=D(2099, 1, 1))


def test_a_deadline_beyond_the_published_calendar_is_marked_estimated(
    make_problem: Callable[..., Problem], dispatcher_qz: User, land_bureau: Unit
) -> None:
    ProblemKind.objects.filter(code="land").update(lead_days=40)
    problem = make_problem(raised_on=D(2026, 11, 20))
    problem.assign(dispatcher_qz, land_bureau, on=D(2026, 11, 20))
    assert problem.deadline.year == 2027
    assert problem.deadline_estimated is True


def test_replies_lead_unit_moves_to_handling_helper_does_not(
    assigned: Problem,
    handler_land: User,
    handler_power: User,
    make_user: Callable[..., User],
    make_unit: Callable[..., Unit],
) -> None:
    helper = assigned.reply(handler_power, "线路迁改方案已出", on=D(2026, 2, 14))
    assigned.refresh_from_db()
    assert (helper.action, helper.unit.name, assigned.status) == (
        Action.HELPER_REPLY,
        "国网晋江市供电公司",
        ProblemStatus.ASSIGNED,
    )
    lead = assigned.reply(handler_land, "已上报用地指标", on=D(2026, 2, 24))
    assigned.refresh_from_db()
    assert (lead.action, assigned.status) == (Action.REPLY, ProblemStatus.HANDLING)
    outsider = make_user("other_handler", "handler", "350582", unit=make_unit("晋江市住建局", "350582"))
    with pytest.raises(PermissionDenied):
        assigned.reply(outsider, "不是本单位的问题")
    with pytest.raises(ValidationError, match="请填写反馈内容"):
        assigned.reply(handler_land, "  ")


def test_extension_may_be_asked_until_one_working_day_before_the_deadline(
    assigned: Problem, handler_land: User, dispatcher_qz: User
) -> None:
    # Deadline Mon 2 Mar 2026: the working day before is Saturday 28 Feb (a make-up workday).
    with pytest.raises(ValidationError, match="最迟2026年2月28日"):
        assigned.request_extension(handler_land, D(2026, 3, 9), "征地补偿方案待批", on=D(2026, 3, 1))
    request = assigned.request_extension(handler_land, D(2026, 3, 9), "征地补偿方案待批", on=D(2026, 2, 28))
    assert request.status == ExtensionStatus.PENDING and request.current_deadline == D(2026, 3, 2)
    with pytest.raises(ValidationError, match="已有一项延期申请待审批"):
        assigned.request_extension(handler_land, D(2026, 3, 10), "再次申请", on=D(2026, 2, 27))
    with pytest.raises(PermissionDenied):
        assigned.decide_extension(handler_land, True)
    with pytest.raises(ValidationError, match="请说明理由"):
        assigned.decide_extension(dispatcher_qz, False, on=D(2026, 3, 2))
    assigned.decide_extension(dispatcher_qz, True, "同意", on=D(2026, 3, 2))
    assigned.refresh_from_db()
    assert assigned.deadline == D(2026, 3, 9)
    assert [r.action for r in assigned.records.all()][-2:] == [Action.EXTENSION_REQUEST, Action.EXTENSION_APPROVE]
    assert Notification.objects.visible_to(handler_land).filter(kind=NotificationKind.EXTENSION_DECIDED).exists()


def test_extension_window_across_the_spring_festival(
    make_problem: Callable[..., Problem], dispatcher_qz: User, land_bureau: Unit, handler_land: User
) -> None:
    # Assigned Fri 6 Feb: 9, 10, 11, 12, 13, 14 (Sat, worked), 24 Feb → deadline Tue 24 Feb; the working day
    # before it is Saturday 14 Feb, so the first holiday day (15 Feb) is already too late.
    problem = make_problem(raised_on=D(2026, 2, 5))
    problem.assign(dispatcher_qz, land_bureau, on=D(2026, 2, 6))
    assert problem.deadline == D(2026, 2, 24)
    with pytest.raises(ValidationError, match="最迟2026年2月14日"):
        problem.request_extension(handler_land, D(2026, 3, 3), "春节停工", on=D(2026, 2, 15))
    problem.request_extension(handler_land, D(2026, 3, 3), "春节停工", on=D(2026, 2, 14))


def test_extension_dates_must_be_later_working_days(assigned: Problem, handler_land: User) -> None:
    with pytest.raises(ValidationError, match="应晚于当前时限"):
        assigned.request_extension(handler_land, D(2026, 3, 2), "理由", on=D(2026, 2, 24))
    with pytest.raises(ValidationError, match="应为工作日"):
        assigned.request_extension(handler_land, D(2026, 3, 7), "理由", on=D(2026, 2, 24))  # a Saturday


def test_resolve_close_and_send_back(
    assigned: Problem, handler_land: User, dispatcher_qz: User, handler_power: User
) -> None:
    with pytest.raises(ValidationError, match="不能销号"):
        assigned.close(dispatcher_qz, on=D(2026, 2, 27))
    with pytest.raises(PermissionDenied):
        assigned.resolve(handler_power, "协办单位不能办结")
    with pytest.raises(ValidationError, match="请填写办结情况"):
        assigned.resolve(handler_land, "")
    assigned.resolve(handler_land, "用地指标已下达", on=D(2026, 2, 26))
    assert (assigned.status, assigned.resolved_on) == (ProblemStatus.RESOLVED, D(2026, 2, 26))
    with pytest.raises(PermissionDenied):
        assigned.close(handler_land)
    with pytest.raises(ValidationError, match="请填写退回理由"):
        assigned.send_back(dispatcher_qz, "")
    # Sent back on Fri 27 Feb: a fresh 7-working-day limit (28 Feb worked, 2–6 Mar, 9 Mar) and no 办结 date.
    assigned.send_back(dispatcher_qz, "指标文件未附", on=D(2026, 2, 27))
    assert (assigned.status, assigned.resolved_on, assigned.deadline) == (ProblemStatus.RETURNED, None, D(2026, 3, 9))
    assert Notification.objects.visible_to(handler_land).filter(kind=NotificationKind.RETURNED).exists()
    assigned.resolve(handler_land, "已补充指标文件", on=D(2026, 3, 3))
    assigned.close(dispatcher_qz, "核实无误", on=D(2026, 3, 4))
    assert (assigned.status, assigned.closed_on) == (ProblemStatus.CLOSED, D(2026, 3, 4))
    with pytest.raises(ValidationError, match="不能办结"):
        assigned.resolve(handler_land, "再次办结")
    actions = [record.action for record in assigned.records.all()]
    assert actions == [Action.RAISE, Action.ASSIGN, Action.RESOLVE, Action.RETURN, Action.RESOLVE, Action.CLOSE]


def test_basic_fields_are_locked_and_deletion_refused_once_assigned(assigned: Problem) -> None:
    assigned.title = "改写问题"
    with pytest.raises(ValidationError, match="基本信息不能再修改"):
        assigned.full_clean()
    with pytest.raises(ValidationError, match="不能删除"):
        assigned.delete()


def test_urgency_blue_within_two_working_days_red_after(assigned: Problem) -> None:
    # Deadline Mon 2 Mar. Thu 26 Feb: 27, 28 (worked), 2 Mar = 3 left; Fri 27 Feb: 2 left (blue); 3 Mar: overdue.
    assert assigned.urgency(D(2026, 2, 26), blue_days=2) == Urgency.NONE
    assert assigned.urgency(D(2026, 2, 27), blue_days=2) == Urgency.BLUE
    assert assigned.urgency(D(2026, 3, 2), blue_days=2) == Urgency.BLUE
    assert assigned.urgency(D(2026, 3, 3), blue_days=2) == Urgency.RED
    problems = Problem.objects.all()
    assert not problems.due_soon(D(2026, 2, 26), 2).exists()
    assert problems.due_soon(D(2026, 2, 27), 2).get() == assigned
    assert not problems.overdue(D(2026, 3, 2)).exists()
    assert problems.overdue(D(2026, 3, 3)).get() == assigned


def test_allowed_actions_follow_role_and_status(
    assigned: Problem, dispatcher_qz: User, handler_land: User, handler_power: User, reporter_jj: User
) -> None:
    assert assigned.allowed_actions(dispatcher_qz) == {Action.REASSIGN}
    assert assigned.allowed_actions(handler_land) == {Action.REPLY, Action.RESOLVE, Action.EXTENSION_REQUEST}
    assert assigned.allowed_actions(handler_power) == {Action.HELPER_REPLY}
    assert assigned.allowed_actions(reporter_jj) == set()
    assigned.resolve(handler_land, "已解决", on=D(2026, 2, 26))
    assert assigned.allowed_actions(dispatcher_qz) == {Action.CLOSE, Action.RETURN}
    assert assigned.allowed_actions(handler_land) == set()


def test_handlers_see_only_their_units_problems(
    assigned: Problem,
    make_problem: Callable[..., Problem],
    handler_land: User,
    handler_power: User,
    make_user: Callable[..., User],
    make_unit: Callable[..., Unit],
    reporter_lc: User,
    dispatcher_fz: User,
    reporter_jj: User,
) -> None:
    unassigned = make_problem(title="未交办")
    other = make_user("other_handler", "handler", "350582", unit=make_unit("晋江市住建局", "350582"))
    assert list(Problem.objects.visible_to(handler_land)) == [assigned]
    assert list(Problem.objects.visible_to(handler_power)) == [assigned]
    assert not Problem.objects.visible_to(other).exists()
    assert not Problem.objects.visible_to(reporter_lc).exists()
    assert not Problem.objects.visible_to(dispatcher_fz).exists()
    assert set(Problem.objects.visible_to(reporter_jj)) == {assigned, unassigned}
    records = assigned.records.model.objects
    assert records.visible_to(handler_power).count() == 2 and not records.visible_to(other).exists()
