"""Pages of problem coordination: the list, board, inbox and 督办 list within the user's scope, the problem page and
the whole closed loop through its forms (raise → assign → reply with files → extension → resolve → return →
resolve → close), attachments, notifications, the units' performance with its export, and the settings."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.problems.helpers import EXE, PDF, PNG, as_user, page
from tuijin.core import workdays
from tuijin.core.models import Unit, User
from tuijin.problems.choices import Action, ExtensionStatus, NotificationKind, ProblemStatus
from tuijin.problems.models import (
    Attachment,
    HandlingRecord,
    Inspection,
    Notification,
    Problem,
    ProblemKind,
    ProblemSettings,
)
from tuijin.projects.models import Project

pytestmark = pytest.mark.django_db
D = datetime.date

HTMX = {"HX-Request": "true"}


# ---- helpers ---------------------------------------------------------------------------------------------------------


def url(name: str, problem: Problem) -> str:
    return reverse(f"problems:{name}", args=[problem.pk])


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def post_step(client: Client, name: str, problem: Problem, data: dict[str, Any], **kwargs: Any) -> Any:
    """Post a workflow form; the step succeeded when it redirects to the problem page."""
    return client.post(url(name, problem), data, **kwargs)


def done(response: Any, problem: Problem) -> None:
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == problem.get_absolute_url()


def sheet_rows(content: bytes, sheet: str | None = None) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(content))
    return list((workbook[sheet] if sheet else workbook.active).iter_rows(values_only=True))


@pytest.fixture
def other_handler(make_user: Callable[..., User], make_unit: Callable[..., Unit]) -> User:
    """A 晋江市 handler of a unit with no part in the problems."""
    return make_user("jj_housing_handler", "handler", "350582", unit=make_unit("晋江市住建局", "350582"))


# ---- list, board, inbox, 督办 ----------------------------------------------------------------------------------------


def test_it_lists_problems_in_scope_with_counts_per_status_and_urgency_marks(
    client: Client,
    make_problem: Callable[..., Problem],
    assigned: Problem,
    fz_project: Project,
    dispatcher_qz: User,
    reporter_lc: User,
    leader_qz: User,
) -> None:
    today = timezone.localdate()
    raised = make_problem(title="征迁户未签约", kind="relocation")
    soon = make_problem(title="施工用电未接入", kind="grid")
    soon.assign(dispatcher_qz, assigned.lead_unit, on=D(2026, 2, 13))
    # Due on the next working day (blue), and beyond the published calendar (估算).
    Problem.objects.filter(pk=soon.pk).update(deadline=workdays.add_workdays(today, 1).date, deadline_estimated=True)
    foreign = make_problem(title="福州的问题", project=fz_project)
    list_url = reverse("problems:problem_list")

    html = page(as_user(client, dispatcher_qz), list_url)
    assert assigned.code in html and raised.code in html and soon.code in html and foreign.code not in html
    assert 'data-testid="problems-subnav"' in html and 'data-testid="status-strip"' in html
    assert 'data-testid="status-count-raised">1<' in html and 'data-testid="status-count-assigned">2<' in html
    assert "status=raised" in html
    workdays_late = workdays.workdays_between(D(2026, 3, 2), today)
    assert f"逾期{workdays_late}个工作日" in html and 'class="urgency urgency-red"' in html
    assert "剩1个工作日" in html and 'class="urgency urgency-blue"' in html and "估算" in html
    assert reverse("dispatch:project_detail", args=[assigned.project_id]) in html
    assert reverse("problems:problem_create") in html  # a dispatcher may raise problems
    assert reverse("problems:problem_board") in html and reverse("problems:supervision") in html

    html = page(client, soon.get_absolute_url())
    assert "该时限跨越尚未公布节假日安排的年份，按周一至周五估算" in html and "剩1个工作日" in html

    html = page(client, list_url, data={"urgency": "red"})
    assert assigned.code in html and soon.code not in html and raised.code not in html
    assert f"{reverse('problems:problem_export')}?urgency=red" in html
    html = page(client, list_url, data={"urgency": "blue"})
    assert soon.code in html and assigned.code not in html
    assert assigned.code not in page(client, list_url, data={"extension": "pending"})
    html = page(client, list_url, data={"status": "raised"})
    assert raised.code in html and assigned.code not in html
    # The strip counts the rows of the other filters, whatever the status filter.
    assert 'data-testid="status-count-assigned">2<' in html
    html = page(client, list_url, data={"q": "征迁户"})
    assert raised.code in html and assigned.code not in html
    html = page(client, list_url, data={"kind": "grid", "region": "350582"})
    assert soon.code in html and assigned.code not in html
    # htmx filter requests get the results and the strip (out of band) only.
    partial = page(client, list_url, data={"q": "征迁户"}, headers={**HTMX, "HX-Target": "results"})
    assert raised.code in partial and "<html" not in partial and 'hx-swap-oob="true"' in partial

    html = page(as_user(client, reporter_lc), list_url)
    assert assigned.code not in html and 'data-testid="status-count-raised">0<' in html
    html = page(as_user(client, leader_qz), list_url)
    assert assigned.code in html and reverse("problems:problem_create") not in html


def test_it_shows_the_board_by_status_with_a_link_to_the_rest(
    client: Client, make_problem: Callable[..., Problem], assigned: Problem, dispatcher_qz: User
) -> None:
    for index in range(31):
        make_problem(title=f"待交办问题{index:02d}", kind="funding")
    board = reverse("problems:problem_board")
    html = page(as_user(client, dispatcher_qz), board)
    assert 'data-testid="count-raised">31<' in html and 'data-testid="count-assigned">1<' in html
    assert "更多（还有 1 条）" in html and "status=raised" in html
    assert assigned.code in html and "晋江市自然资源和规划局" in html and "urgency-red" in html
    html = page(client, board, data={"kind": "land"})
    assert 'data-testid="count-raised">0<' in html and assigned.code in html
    partial = page(client, board, data={"kind": "funding"}, headers={**HTMX, "HX-Target": "board"})
    assert "<html" not in partial and 'data-testid="count-raised">31<' in partial and assigned.code not in partial


def test_it_shows_a_units_inbox_with_its_role_most_urgent_first(
    client: Client,
    make_problem: Callable[..., Problem],
    assigned: Problem,
    dispatcher_qz: User,
    land_bureau: Unit,
    power_company: Unit,
    handler_land: User,
    handler_power: User,
    other_handler: User,
) -> None:
    later = make_problem(title="征迁补偿未到位", kind="relocation", raised_on=D(2026, 3, 1))
    later.assign(dispatcher_qz, power_company, [land_bureau], on=D(2026, 3, 2))
    closed = make_problem(title="已销号问题", kind="other")
    closed.assign(dispatcher_qz, land_bureau, on=D(2026, 2, 13))
    closed.resolve(handler_land, "已解决", on=D(2026, 2, 20))
    closed.close(dispatcher_qz, on=D(2026, 2, 24))
    not_mine = make_problem(title="未交办问题")
    inbox = reverse("problems:inbox")

    html = page(as_user(client, handler_land), inbox)
    assert 'data-testid="inbox-table"' in html and not_mine.code not in html
    # Open ones first by deadline (3 Mar before 11 Mar), the closed one last.
    assert html.index(assigned.code) < html.index(later.code) < html.index(closed.code)
    assert html.count('data-role="lead"') == 2 and html.count('data-role="helper"') == 1
    assert f"{reverse('problems:problem_export')}?unit={land_bureau.pk}" in html
    html = page(client, inbox, data={"role": "helper"})
    assert later.code in html and assigned.code not in html
    html = page(client, inbox, data={"status": "closed"})
    assert closed.code in html and assigned.code not in html
    html = page(client, inbox, data={"urgency": "red"})
    assert assigned.code in html and later.code in html and closed.code not in html

    html = page(as_user(client, handler_power), inbox)
    assert assigned.code in html and later.code in html and closed.code not in html
    html = page(as_user(client, other_handler), inbox)
    assert assigned.code not in html and "本单位暂无问题" in html
    html = page(as_user(client, dispatcher_qz), inbox)  # no unit
    assert 'data-testid="inbox-no-unit"' in html and assigned.code not in html


def test_it_lists_overdue_problems_for_supervision(
    client: Client,
    make_problem: Callable[..., Problem],
    assigned: Problem,
    dispatcher_qz: User,
    handler_land: User,
    dispatcher_fz: User,
) -> None:
    resolved = make_problem(title="已办结问题", kind="other")
    resolved.assign(dispatcher_qz, assigned.lead_unit, on=D(2026, 2, 13))
    resolved.resolve(handler_land, "已解决", on=D(2026, 3, 5))
    supervision = reverse("problems:supervision")
    html = page(as_user(client, dispatcher_qz), supervision)
    assert assigned.code in html and resolved.code not in html
    days = workdays.workdays_between(D(2026, 3, 2), timezone.localdate())
    assert f'data-testid="days-overdue">{days}<' in html
    assert "晋江市" in html and "用地报批" in html and "晋江市自然资源和规划局" in html
    assert f"{reverse('problems:problem_export')}?urgency=red" in html
    # The export behind the link takes the same filters: the overdue problem only.
    response = client.get(reverse("problems:problem_export"), {"urgency": "red"})
    exported = {cell for row in sheet_rows(response.content) for cell in row}
    assert assigned.code in exported and resolved.code not in exported
    html = page(client, supervision, data={"kind": "grid"})
    assert assigned.code not in html
    html = page(as_user(client, handler_land), supervision)
    assert assigned.code in html
    html = page(as_user(client, dispatcher_fz), supervision)
    assert assigned.code not in html


@pytest.mark.parametrize("who", ["dispatcher_fz", "reporter_lc", "other_handler", "handler_lc"])
def test_it_answers_404_to_outsiders(
    request: pytest.FixtureRequest, client: Client, assigned: Problem, who: str
) -> None:
    record = assigned.reply(
        request.getfixturevalue("handler_land"), "已上报", [upload("纪要.pdf", PDF)], on=D(2026, 2, 24)
    )
    as_user(client, request.getfixturevalue(who))
    for name in ("problem_detail", "problem_assign", "problem_reply", "problem_close", "problem_edit"):
        assert client.get(url(name, assigned)).status_code == 404, name
    assert client.post(url("problem_reply", assigned), {"content": "x", "on": "2026-02-25"}).status_code == 404
    assert client.get(record.attachments.get().get_absolute_url()).status_code == 404
    assert assigned.code not in page(client, reverse("problems:problem_list"))
    assert assigned.code not in page(client, reverse("problems:problem_board"))


# ---- the closed loop through the pages -------------------------------------------------------------------------------


def test_the_whole_loop_through_the_pages(
    client: Client,
    project: Project,
    reporter_jj: User,
    dispatcher_qz: User,
    land_bureau: Unit,
    power_company: Unit,
    lc_unit: Unit,
    handler_land: User,
    handler_power: User,
) -> None:
    # 提出 by the district reporter.
    as_user(client, reporter_jj)
    assert "新建问题" in page(client, f"{reverse('problems:problem_create')}?project={project.pk}")
    response = client.post(
        reverse("problems:problem_create"),
        {
            "project": project.pk,
            "kind": ProblemKind.objects.get(code="land").pk,
            "title": "二期用地指标未落实",
            "description": "项目二期用地指标尚未下达，影响供地。",
            "demand": "请市自然资源和规划局协调省厅。",
            "level": "district",
            "raised_on": "2026-02-10",
            "inspection": "",
            "reason": "",
        },
    )
    problem = Problem.objects.get(title="二期用地指标未落实")
    done(response, problem)
    assert (problem.status, problem.raised_by, problem.raised_on) == (ProblemStatus.RAISED, reporter_jj, D(2026, 2, 10))
    html = page(client, problem.get_absolute_url())
    assert "请市自然资源和规划局协调省厅" in html and 'data-testid="no-actions"' in html
    assert url("problem_edit", problem) in html  # still 提出: the card may be corrected

    # 交办 by the city dispatcher: the deadline runs 7 working days across the Spring Festival.
    as_user(client, dispatcher_qz)
    html = page(client, problem.get_absolute_url())
    assert 'data-panel="assign"' in html and 'data-panel="close"' not in html
    # Units of the project's region (and city) are offered first, before 鲤城区's.
    form_html = page(client, url("problem_assign", problem))
    assert form_html.index("晋江市 · 晋江市自然资源和规划局") < form_html.index("鲤城区 · 鲤城区自然资源局")
    response = post_step(
        client,
        "problem_assign",
        problem,
        {
            "lead_unit": land_bureau.pk,
            "helper_units": [power_company.pk],
            "level": "city",
            "on": "2026-02-13",
            "note": "请按时限办结",
            "version": problem.version,
        },
    )
    done(response, problem)
    problem.refresh_from_db()
    assert (problem.status, problem.deadline, problem.helper_deadline, problem.level) == (
        ProblemStatus.ASSIGNED,
        D(2026, 3, 2),
        D(2026, 2, 25),
        "city",
    )
    html = page(client, problem.get_absolute_url())
    assert "办理时限：2026年3月2日" in html  # the success message
    assert url("problem_edit", problem) not in html and url("problem_delete", problem) not in html
    assert problem.history.filter(history_change_reason__startswith="交办").exists()

    # 协办反馈 by the helper unit, through htmx: the answer redirects the page.
    as_user(client, handler_power)
    html = page(client, problem.get_absolute_url())
    assert 'data-panel="reply"' in html and "协办反馈" in html and 'data-panel="resolve"' not in html
    response = post_step(
        client, "problem_reply", problem, {"content": "线路迁改方案已出", "on": "2026-02-14"}, headers=HTMX
    )
    assert response.status_code == 200 and response["HX-Redirect"] == problem.get_absolute_url()

    # 办理反馈 by the lead unit, with a PDF and a photo.
    as_user(client, handler_land)
    html = page(client, problem.get_absolute_url())
    assert all(f'data-panel="{panel}"' in html for panel in ("reply", "resolve", "extension"))
    assert 'data-panel="assign"' not in html
    response = post_step(
        client,
        "problem_reply",
        problem,
        {
            "content": "已上报省厅用地指标",
            "on": "2026-02-24",
            "files": [upload("会议纪要.pdf", PDF), upload("现场.png", PNG)],
        },
    )
    done(response, problem)
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.HANDLING
    reply = problem.records.get(action=Action.REPLY)
    assert sorted(reply.attachments.values_list("name", flat=True)) == ["会议纪要.pdf", "现场.png"]
    html = page(client, problem.get_absolute_url())
    pdf, png = reply.attachments.get(name="会议纪要.pdf"), reply.attachments.get(name="现场.png")
    assert f'href="{pdf.get_absolute_url()}"' in html and f'src="{png.get_absolute_url()}"' in html

    # 申请延期: too late on 1 Mar (the deadline is Mon 2 Mar, one working day's notice), in time on 26 Feb.
    response = post_step(
        client,
        "problem_extension",
        problem,
        {"new_deadline": "2026-03-06", "reason": "等待省厅批复", "on": "2026-03-01"},
    )
    assert response.status_code == 200
    assert (
        "延期申请须在办理时限（2026年3月2日）前1个工作日提出，最迟2026年2月28日，现已超过。"
        in response.content.decode()
    )
    assert not problem.extensions.exists()
    response = post_step(
        client,
        "problem_extension",
        problem,
        {"new_deadline": "2026-03-06", "reason": "等待省厅批复", "on": "2026-02-26"},
    )
    done(response, problem)
    assert problem.extensions.get().status == ExtensionStatus.PENDING

    # The dispatcher finds the pending request on the list, and agrees: the deadline moves to 6 Mar.
    as_user(client, dispatcher_qz)
    assert problem.code in page(client, reverse("problems:problem_list"), data={"extension": "pending"})
    assert 'data-panel="decide"' in page(client, problem.get_absolute_url())
    problem.refresh_from_db()
    response = post_step(
        client,
        "problem_extension_decide",
        problem,
        {"decision": "approve", "note": "", "on": "2026-02-27", "version": problem.version},
    )
    done(response, problem)
    problem.refresh_from_db()
    assert problem.deadline == D(2026, 3, 6) and problem.extensions.get().status == ExtensionStatus.APPROVED

    # 办结, 退回 (a fresh limit from the day of return), 办结 again, 销号.
    as_user(client, handler_land)
    response = post_step(
        client,
        "problem_resolve",
        problem,
        {"resolution": "用地指标已下达", "on": "2026-03-05", "version": problem.version},
    )
    done(response, problem)
    as_user(client, dispatcher_qz)
    problem.refresh_from_db()
    html = page(client, problem.get_absolute_url())
    assert 'data-panel="close"' in html and 'data-panel="return"' in html
    response = post_step(
        client,
        "problem_return",
        problem,
        {"reason": "尚未取得批复文件", "on": "2026-03-06", "version": problem.version},
    )
    done(response, problem)
    problem.refresh_from_db()
    assert (problem.status, problem.deadline, problem.resolved_on) == (ProblemStatus.RETURNED, D(2026, 3, 17), None)
    as_user(client, handler_land)
    response = post_step(
        client,
        "problem_resolve",
        problem,
        {"resolution": "已取得省厅批复文件", "on": "2026-03-10", "version": problem.version},
    )
    done(response, problem)
    as_user(client, dispatcher_qz)
    problem.refresh_from_db()
    response = post_step(
        client, "problem_close", problem, {"note": "经核实已解决", "on": "2026-03-11", "version": problem.version}
    )
    done(response, problem)
    problem.refresh_from_db()
    assert (problem.status, problem.resolved_on, problem.closed_on) == (
        ProblemStatus.CLOSED,
        D(2026, 3, 10),
        D(2026, 3, 11),
    )
    assert list(problem.records.order_by("at", "pk").values_list("action", flat=True)) == [
        Action.RAISE,
        Action.ASSIGN,
        Action.HELPER_REPLY,
        Action.REPLY,
        Action.EXTENSION_REQUEST,
        Action.EXTENSION_APPROVE,
        Action.RESOLVE,
        Action.RETURN,
        Action.RESOLVE,
        Action.CLOSE,
    ]
    html = page(client, problem.get_absolute_url())
    assert 'data-testid="timeline"' in html and "经核实已解决" in html and 'data-testid="no-actions"' in html
    assert "2026年3月11日" in html
    history = page(client, f"{problem.get_absolute_url()}?tab=history")
    assert "销号：经核实已解决" in history


def test_a_refused_step_shows_the_models_message_and_a_stale_page_is_refused(
    client: Client, assigned: Problem, dispatcher_qz: User, handler_land: User
) -> None:
    as_user(client, handler_land)
    response = post_step(
        client, "problem_resolve", assigned, {"resolution": "已解决", "on": "2026-02-12"}, headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="problem-actions"' in html and "<html" not in html
    assert "日期不能早于交办日期（2026年2月13日）" in html
    assigned.refresh_from_db()
    assert assigned.status == ProblemStatus.ASSIGNED
    stale = assigned.version
    assigned.reply(handler_land, "已开始办理", on=D(2026, 2, 24))  # 办理中: the version moves on
    response = post_step(
        client, "problem_resolve", assigned, {"resolution": "已解决", "on": "2026-02-25", "version": stale}
    )
    assert response.status_code == 200 and "已被其他用户修改" in response.content.decode()
    assigned.refresh_from_db()
    assert assigned.status == ProblemStatus.HANDLING
    as_user(client, dispatcher_qz)
    response = post_step(client, "problem_extension_decide", assigned, {"decision": "refuse", "on": "2026-02-25"})
    # Nothing to decide: the page offers no form, and a post gets the model's message.
    assert response.status_code == 200 and "没有待审批的延期申请" in response.content.decode()
    assert client.get(url("problem_extension_decide", assigned)).status_code == 403


def test_it_refuses_bad_files_and_saves_nothing(client: Client, assigned: Problem, handler_land: User) -> None:
    as_user(client, handler_land)
    records = HandlingRecord.objects.count()
    response = post_step(
        client,
        "problem_reply",
        assigned,
        {"content": "见附件", "on": "2026-02-24", "files": [upload("纪要.pdf", PDF), upload("报告.pdf", EXE)]},
    )
    assert response.status_code == 200
    assert "文件“报告.pdf”的内容不是允许的类型" in response.content.decode()
    settings = ProblemSettings.current()
    settings.attachment_max_mb = 1
    settings.save()
    big = PDF + b"0" * (1024 * 1024)
    response = post_step(
        client,
        "problem_resolve",
        assigned,
        {"resolution": "已解决", "on": "2026-02-24", "files": [upload("大文件.pdf", big)]},
    )
    assert response.status_code == 200 and "超过上限1.0 MB" in response.content.decode()
    assert HandlingRecord.objects.count() == records and not Attachment.objects.exists()
    assigned.refresh_from_db()
    assert assigned.status == ProblemStatus.ASSIGNED and assigned.resolution == ""


def test_it_serves_attachments_to_the_units_and_the_dispatcher_only(
    client: Client,
    assigned: Problem,
    handler_land: User,
    handler_power: User,
    dispatcher_qz: User,
    dispatcher_fz: User,
    other_handler: User,
) -> None:
    record = assigned.reply(
        handler_land, "见附件", [upload("会议纪要.pdf", PDF), upload("现场.png", PNG)], on=D(2026, 2, 24)
    )
    pdf, png = record.attachments.get(name="会议纪要.pdf"), record.attachments.get(name="现场.png")
    for user in (handler_land, handler_power, dispatcher_qz):
        response = as_user(client, user).get(pdf.get_absolute_url())
        assert response.status_code == 200, user
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert (
            response["Content-Disposition"].startswith("attachment;") and "utf-8''" in response["Content-Disposition"]
        )
        assert response["X-Content-Type-Options"] == "nosniff"
    response = client.get(png.get_absolute_url())
    assert response.status_code == 200 and response["Content-Disposition"].startswith("inline")
    assert response["Content-Type"] == "image/png"
    for user in (dispatcher_fz, other_handler):
        assert as_user(client, user).get(pdf.get_absolute_url()).status_code == 404


def test_a_handler_cannot_assign_and_a_reporter_cannot_close(
    client: Client, assigned: Problem, handler_land: User, reporter_jj: User, land_bureau: Unit
) -> None:
    as_user(client, handler_land)
    assert client.get(url("problem_assign", assigned)).status_code == 403
    data = {"lead_unit": land_bureau.pk, "level": "district", "on": "2026-02-14", "version": assigned.version}
    assert post_step(client, "problem_assign", assigned, data).status_code == 403
    assigned.resolve(handler_land, "已解决", on=D(2026, 2, 25))
    as_user(client, reporter_jj)
    assert 'data-testid="no-actions"' in page(client, assigned.get_absolute_url())
    assert client.get(url("problem_close", assigned)).status_code == 403
    assert post_step(client, "problem_close", assigned, {"note": "", "on": "2026-02-26"}).status_code == 403
    assigned.refresh_from_db()
    assert assigned.status == ProblemStatus.RESOLVED


# ---- the card: inspection source, edit and delete only while 提出 ----------------------------------------------------


def test_it_raises_a_problem_from_an_inspection(
    client: Client, project: Project, fz_project: Project, reporter_jj: User, dispatcher_qz: User
) -> None:
    inspection = Inspection(
        on=D(2026, 2, 9), project=project, inspectors="市督查组", findings="二期用地未落实，现场停工。"
    )
    inspection.full_clean()
    inspection.save()
    as_user(client, reporter_jj)
    create = f"{reverse('problems:problem_create')}?inspection={inspection.pk}"
    html = page(client, create)
    assert f'<option value="{project.pk}" selected>' in html and "来源督查不能更改" in html
    other = Inspection.objects.create(on=D(2026, 2, 9), project=project, inspectors="另一组", findings="无")
    response = client.post(
        create,
        {
            "project": project.pk,
            "kind": ProblemKind.objects.get(code="land").pk,
            "title": "督查发现用地问题",
            "description": "现场停工。",
            "demand": "",
            "level": "district",
            "raised_on": "2026-02-10",
            "inspection": other.pk,  # ignored: the source is fixed
            "reason": "",
        },
    )
    problem = Problem.objects.get(title="督查发现用地问题")
    done(response, problem)
    assert problem.inspection == inspection
    html = page(as_user(client, dispatcher_qz), problem.get_absolute_url())
    assert inspection.get_absolute_url() in html
    # Another region's inspection is not found.
    foreign = Inspection.objects.create(on=D(2026, 2, 9), project=fz_project, inspectors="福州", findings="无")
    as_user(client, reporter_jj)
    assert client.get(f"{reverse('problems:problem_create')}?inspection={foreign.pk}").status_code == 404


def test_it_edits_and_deletes_only_problems_not_yet_assigned(
    client: Client, make_problem: Callable[..., Problem], assigned: Problem, reporter_jj: User
) -> None:
    raised = make_problem(title="原标题")
    as_user(client, reporter_jj)
    data = {
        "project": raised.project_id,
        "kind": raised.kind_id,
        "title": "更正后的标题",
        "description": raised.description,
        "demand": "",
        "level": "district",
        "raised_on": "2026-02-10",
        "inspection": "",
        "reason": "标题有误",
        "version": raised.version,
    }
    done(client.post(url("problem_edit", raised), data), raised)
    raised.refresh_from_db()
    assert raised.title == "更正后的标题"
    assert raised.history.first().history_change_reason == "标题有误"

    response = client.get(url("problem_edit", assigned))
    assert response.status_code == 302 and response["Location"] == assigned.get_absolute_url()
    data.update(version=assigned.version, project=assigned.project_id, reason="改一下")
    response = client.post(url("problem_edit", assigned), data)
    assert response.status_code == 200 and "问题已交办，基本信息不能再修改" in response.content.decode()
    response = client.post(url("problem_delete", assigned), {"reason": "重复"})
    assert response.status_code == 200 and "问题已交办，不能删除" in response.content.decode()
    assert Problem.objects.filter(pk=assigned.pk).exists()
    response = client.post(url("problem_delete", raised), {"reason": "重复提出"})
    assert response.status_code == 302 and not Problem.objects.filter(pk=raised.pk).exists()


# ---- notifications ---------------------------------------------------------------------------------------------------


def test_notifications_appear_for_the_units_and_are_marked_read(
    client: Client, assigned: Problem, handler_land: User, handler_power: User
) -> None:
    notification = Notification.objects.get(user=handler_land, kind=NotificationKind.ASSIGNED)
    notifications = reverse("problems:notification_list")
    read = reverse("problems:notification_read")
    as_user(client, handler_land)
    html = page(client, notifications)
    assert f"新交办问题：{assigned}" in html and 'class="is-unread' in html
    assert assigned.get_absolute_url() in html and 'data-testid="read-all"' in html
    # Another user's notification is not found.
    as_user(client, handler_power)
    assert client.post(read, {"pk": notification.pk}).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None
    as_user(client, handler_land)
    response = client.post(read, {"pk": notification.pk}, headers=HTMX)
    assert response.status_code == 200 and response["HX-Refresh"] == "true"
    notification.refresh_from_db()
    assert notification.read_at is not None
    html = page(client, notifications, data={"show": "unread"})
    assert f"新交办问题：{assigned}" not in html and "暂无通知" in html
    assert 'class="is-read' in page(client, notifications)

    Notification.objects.create(user=handler_land, kind=NotificationKind.DUE_SOON, problem=assigned, message="即将到期")
    response = client.post(read, {"all": "1"})
    assert response.status_code == 302 and response["Location"] == notifications
    assert not Notification.objects.visible_to(handler_land).unread().exists()
    assert Notification.objects.visible_to(handler_power).unread().count() == 1  # untouched


# ---- settings --------------------------------------------------------------------------------------------------------


def test_it_shows_settings_to_administrators_only(client: Client, admin_user: User, dispatcher_qz: User) -> None:
    settings_url = reverse("problems:settings")
    assert as_user(client, dispatcher_qz).get(settings_url).status_code == 404
    html = page(as_user(client, admin_user), settings_url)
    assert reverse("admin:problems_problemkind_changelist") in html
    response = client.post(
        settings_url,
        {
            "blue_days": "3",
            "extension_notice_days": "2",
            "attachment_max_mb": "20",
            "land_to_start_days": "30",
            "reason": "按新规定调整",
            "version": ProblemSettings.current().version,
        },
    )
    assert response.status_code == 302
    current = ProblemSettings.current()
    assert (current.blue_days, current.extension_notice_days, current.attachment_max_mb) == (3, 2, 20)
    assert current.history.first().history_change_reason == "按新规定调整"


def test_it_renders_every_page_for_an_administrator(client: Client, assigned: Problem, admin_user: User) -> None:
    as_user(client, admin_user)
    for name in ("problem_list", "problem_board", "inbox", "supervision", "performance", "notification_list"):
        page(client, reverse(f"problems:{name}"))
    for name in ("problem_detail", "problem_assign", "problem_reply", "problem_resolve", "problem_extension"):
        page(client, url(name, assigned))
