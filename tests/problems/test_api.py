"""REST API of problem coordination, approval items and inspections: scope (404 outside, a department sees its own
work), the closed-loop workflow through the model's methods with its Chinese refusals, real multipart uploads,
notifications, and the numbers computed by ``queries`` over what the user may see."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tests.problems.helpers import EXE, PDF, PNG, as_user
from tuijin.core import workdays
from tuijin.core.models import Unit, User
from tuijin.problems.choices import ApprovalStatus, ApprovalType, ExtensionStatus, ProblemStatus
from tuijin.problems.models import (
    ApprovalItem,
    Attachment,
    HandlingRecord,
    Inspection,
    InspectionPhoto,
    Notification,
    Problem,
)
from tuijin.projects.choices import Stage
from tuijin.projects.models import Project

pytestmark = pytest.mark.django_db
D = datetime.date
JSON = "application/json"


def post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, content_type=JSON)


def patch(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.patch(url, data, content_type=JSON)


def stored_files() -> set[Path]:
    return {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}


# --- scope ---------------------------------------------------------------------------------------------------------


def test_it_hides_a_jinjiang_problem_from_other_regions_and_units(
    client: Client, assigned: Problem, dispatcher_fz: User, reporter_lc: User, handler_lc: User
) -> None:
    url = f"/api/v1/problems/{assigned.pk}/"
    steps = {
        "assign/": {"lead_unit": assigned.lead_unit_id, "on": "2026-02-14"},
        "reply/": {"content": "越权", "on": "2026-02-24"},
        "request-extension/": {"new_deadline": "2026-03-09", "reason": "越权", "on": "2026-02-24"},
        "decide-extension/": {"approve": True},
        "resolve/": {"resolution": "越权", "on": "2026-02-24"},
        "close/": {"note": "越权"},
        "return/": {"reason": "越权"},
    }
    for outsider in (dispatcher_fz, reporter_lc, handler_lc):
        as_user(client, outsider)
        assert client.get("/api/v1/problems/").json()["count"] == 0
        assert client.get(url).status_code == 404
        for step, body in steps.items():
            assert post(client, url + step, body).status_code == 404, (outsider, step)
        assert patch(client, url, {"title": "改", "version": 2, "reason": "越权"}).status_code == 404
        assert client.delete(url).status_code == 404
        assert client.get("/api/v1/handling-records/", {"problem": assigned.pk}).json()["count"] == 0
        assert client.get("/api/v1/problems/stats/").json()["status_counts"]["assigned"] == 0
    assigned.refresh_from_db()
    assert (assigned.status, assigned.records.count()) == (ProblemStatus.ASSIGNED, 2)


def test_a_department_sees_the_problems_its_unit_leads_or_helps_with(
    client: Client,
    assigned: Problem,
    make_problem: Callable[..., Problem],
    make_unit: Callable[..., Unit],
    dispatcher_qz: User,
    handler_land: User,
    handler_power: User,
) -> None:
    housing = make_unit("晋江市住房和城乡建设局", "350582")
    other = make_problem(title="施工许可未办理", kind="approval")
    other.assign(dispatcher_qz, housing, [], on=D(2026, 2, 13))
    make_problem(title="尚未交办的问题")

    as_user(client, handler_land)
    rows = client.get("/api/v1/problems/").json()["results"]
    assert [(row["code"], row["lead_unit_name"]) for row in rows] == [(assigned.code, "晋江市自然资源和规划局")]
    assert rows[0]["allowed_actions"] == ["extension_request", "reply", "resolve"]
    as_user(client, handler_power)
    rows = client.get("/api/v1/problems/").json()["results"]
    assert [row["code"] for row in rows] == [assigned.code]
    assert rows[0]["allowed_actions"] == ["helper_reply"]
    assert [unit["name"] for unit in rows[0]["helper_units"]] == ["国网晋江市供电公司"]
    assert client.get(f"/api/v1/problems/{other.pk}/").status_code == 404
    as_user(client, dispatcher_qz)
    assert client.get("/api/v1/problems/").json()["count"] == 3


def test_the_list_takes_the_filters_of_the_pages(
    client: Client,
    assigned: Problem,
    make_problem: Callable[..., Problem],
    dispatcher_qz: User,
    land_bureau: Unit,
    power_company: Unit,
) -> None:
    """``assigned`` has been overdue since 2 March 2026 (red); a second problem is due within two working days of
    today (blue); a third, raised in 2026 too, is not assigned."""
    today = timezone.localdate()
    on = workdays.subtract_workdays(today, 6)
    soon = make_problem(kind="relocation", title="征迁户未签约", raised_on=on)
    soon.assign(dispatcher_qz, power_company, [], on=on)
    raised = make_problem(kind="grid", title="高压线迁改")
    as_user(client, dispatcher_qz)

    def codes(**params: Any) -> set[str]:
        response = client.get("/api/v1/problems/", params)
        assert response.status_code == 200, response.content
        return {row["code"] for row in response.json()["results"]}

    assert codes(urgency="red") == {assigned.code}
    assert codes(urgency="blue") == {soon.code}
    assert client.get(f"/api/v1/problems/{soon.pk}/").json()["urgency"] == "blue"
    assert client.get(f"/api/v1/problems/{assigned.pk}/").json()["urgency"] == "red"
    assert codes(status="raised") == {raised.code}
    assert codes(kind="land") == {assigned.code}
    assert codes(lead_unit=land_bureau.pk) == {assigned.code}
    assert codes(unit=power_company.pk) == {assigned.code, soon.code}
    in_2026 = {problem.code for problem in (assigned, soon, raised) if problem.raised_on.year == 2026}
    assert codes(region="350582", raised_year=2026) == in_2026
    assert codes(region="350502") == set()
    assert codes(q="高压线") == {raised.code}
    assert codes(q=assigned.code) == {assigned.code}
    assert codes(level="city") == set()
    assert client.get("/api/v1/problems/", {"urgency": "green"}).status_code == 400


# --- creating and editing ----------------------------------------------------------------------------------------


def test_it_raises_and_edits_a_problem_only_while_raised(
    client: Client,
    project: Project,
    fz_project: Project,
    reporter_jj: User,
    dispatcher_qz: User,
    leader_qz: User,
    handler_land: User,
    land_bureau: Unit,
) -> None:
    body = {
        "project": project.pk,
        "kind": "land",
        "title": "用地指标未落实",
        "description": "项目二期用地指标尚未下达，影响供地。",
        "raised_on": "2026-02-10",
    }
    for refused in (leader_qz, handler_land):
        # The project is not among those the user may change: refused like an unknown id.
        response = post(as_user(client, refused), "/api/v1/problems/", body)
        assert response.status_code == 400 and list(response.json()) == ["project"]
    as_user(client, reporter_jj)
    assert post(client, "/api/v1/problems/", {**body, "project": fz_project.pk}).status_code == 400
    assert post(client, "/api/v1/problems/", {**body, "raised_on": "2099-01-01"}).json() == {
        "raised_on": ["日期不能晚于今天。"]
    }
    created = post(client, "/api/v1/problems/", body)
    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["code"], data["status"], data["status_display"], data["kind_name"], data["project_name"]) == (
        "WT2026-00001",
        "raised",
        "提出",
        "用地报批",
        "晋江智能装备产业园",
    )
    assert (data["raised_by"], data["level"], data["lead_unit"], data["deadline"], data["urgency"]) == (
        "王填报",
        "district",
        None,
        None,
        "",
    )
    assert data["allowed_actions"] == []
    problem = Problem.objects.get()
    assert problem.raised_by == reporter_jj
    assert problem.history.get().history_source == "api"

    url = f"/api/v1/problems/{problem.pk}/"
    edited = patch(client, url, {"demand": "请市自然资源局协调指标", "version": 1, "reason": "补充诉求"})
    assert edited.status_code == 200, edited.content
    assert (edited.json()["demand"], edited.json()["version"]) == ("请市自然资源局协调指标", 2)
    assert patch(client, url, {"demand": "再改", "version": 1, "reason": "改"}).status_code == 409

    as_user(client, dispatcher_qz)
    assert client.get(url).json()["allowed_actions"] == ["assign"]
    assign = post(client, url + "assign/", {"lead_unit": land_bureau.pk, "on": "2026-02-13"})
    assert assign.status_code == 200, assign.content
    as_user(client, reporter_jj)
    late = patch(client, url, {"title": "改标题", "version": 3, "reason": "改"})
    assert late.status_code == 400
    assert late.json() == {"non_field_errors": ["问题已交办，基本信息不能再修改；如需调整请在办理记录中说明。"]}
    refused = client.delete(url)
    assert refused.status_code == 400
    assert refused.json() == {"non_field_errors": ["问题已交办，不能删除；办结后由调度销号。"]}
    assert Problem.objects.count() == 1


def test_a_raised_problem_may_be_deleted(
    client: Client, make_problem: Callable[..., Problem], reporter_jj: User
) -> None:
    problem = make_problem()
    assert as_user(client, reporter_jj).delete(f"/api/v1/problems/{problem.pk}/?reason=重复填报").status_code == 204
    assert not Problem.objects.exists()


# --- the workflow ----------------------------------------------------------------------------------------------------


def test_the_whole_loop_through_the_api(
    client: Client,
    make_problem: Callable[..., Problem],
    dispatcher_qz: User,
    reporter_jj: User,
    handler_land: User,
    handler_power: User,
    land_bureau: Unit,
    power_company: Unit,
) -> None:
    problem = make_problem()
    url = f"/api/v1/problems/{problem.pk}/"

    # 交办: only the city's dispatcher; the deadlines run in working days across the Spring Festival 2026 holiday
    # (15–23 Feb off, Sat 14 Feb and Sat 28 Feb worked): 7 working days from Fri 13 Feb is Mon 2 Mar.
    assign_body = {"lead_unit": land_bureau.pk, "helper_units": [power_company.pk], "on": "2026-02-13"}
    assert post(as_user(client, handler_land), url + "assign/", assign_body).status_code == 404  # not yet its own
    as_user(client, dispatcher_qz)
    assert post(client, url + "assign/", {"on": "2026-02-13"}).json() == {"lead_unit": ["该字段是必填项。"]}
    early = post(client, url + "assign/", {**assign_body, "on": "2026-02-09"})
    assert early.status_code == 400
    assert early.json() == {"detail": "日期不能早于提出日期（2026年2月10日）。"}
    assigned = post(client, url + "assign/", {**assign_body, "level": "city", "note": "请主办单位牵头"})
    assert assigned.status_code == 200, assigned.content
    data = assigned.json()
    assert (data["status"], data["assigned_on"], data["deadline"], data["helper_deadline"]) == (
        "assigned",
        "2026-02-13",
        "2026-03-02",
        "2026-02-25",
    )
    assert (data["level"], data["deadline_estimated"], data["lead_unit"], data["lead_unit_name"]) == (
        "city",
        False,
        land_bureau.pk,
        "晋江市自然资源和规划局",
    )
    assert data["allowed_actions"] == ["reassign"]

    # A department may not assign, a district reporter may not close: 403 with the model's message.
    as_user(client, handler_land)
    forbidden = post(client, url + "assign/", assign_body)
    assert forbidden.status_code == 403
    assert forbidden.json() == {"detail": "您无权对该问题执行此操作。"}
    assert post(as_user(client, reporter_jj), url + "close/", {"note": "已解决"}).status_code == 403
    assert post(as_user(client, handler_power), url + "resolve/", {"resolution": "已解决"}).status_code == 403

    # 协办反馈, then 办理反馈 by the lead unit (the problem is then 办理中).
    helper = post(as_user(client, handler_power), url + "reply/", {"content": "已排查线路", "on": "2026-02-24"})
    assert helper.status_code == 200, helper.content
    assert helper.json()["status"] == "assigned"
    as_user(client, handler_land)
    assert post(client, url + "reply/", {"content": " ", "on": "2026-02-24"}).json() == {"detail": "请填写反馈内容。"}
    replied = post(client, url + "reply/", {"content": "已上报省厅", "on": "2026-02-24"})
    assert replied.json()["status"] == "handling"

    # 申请延期 one working day before the deadline at the latest; the dispatcher approves it.
    ask = post(
        client, url + "request-extension/", {"new_deadline": "2026-03-09", "reason": "待省厅批复", "on": "2026-02-26"}
    )
    assert ask.status_code == 200, ask.content
    assert ask.json()["allowed_actions"] == ["reply", "resolve"]  # no second request while one is pending
    as_user(client, dispatcher_qz)
    assert sorted(client.get(url).json()["allowed_actions"]) == ["extension_approve", "extension_refuse", "reassign"]
    assert post(client, url + "decide-extension/", {"approve": False}).json() == {"detail": "不同意延期时请说明理由。"}
    approved = post(client, url + "decide-extension/", {"approve": True, "note": "同意", "on": "2026-02-27"})
    assert approved.status_code == 200, approved.content
    assert approved.json()["deadline"] == "2026-03-09"
    extension = client.get("/api/v1/extension-requests/", {"problem": problem.pk}).json()["results"]
    assert [(row["status"], row["current_deadline"], row["new_deadline"], row["decided_on"]) for row in extension] == [
        (ExtensionStatus.APPROVED, "2026-03-02", "2026-03-09", "2026-02-27")
    ]
    assert client.get("/api/v1/extension-requests/", {"status": "pending"}).json()["count"] == 0

    # A second request on the new deadline's day is too late (the latest day was Fri 6 Mar).
    as_user(client, handler_land)
    too_late = post(
        client, url + "request-extension/", {"new_deadline": "2026-03-16", "reason": "再延", "on": "2026-03-09"}
    )
    assert too_late.status_code == 400
    assert too_late.json() == {
        "detail": "延期申请须在办理时限（2026年3月9日）前1个工作日提出，最迟2026年3月6日，现已超过。"
    }

    # Closing is only for a resolved problem.
    as_user(client, dispatcher_qz)
    not_resolved = post(client, url + "close/", {"note": "核实", "on": "2026-03-05"})
    assert not_resolved.status_code == 400
    assert not_resolved.json() == {"detail": "问题当前状态为“办理中”，不能销号。"}

    # 办结 with a file, 退回 with a fresh limit (7 working days from Fri 6 Mar: Tue 17 Mar), 办结 again, 销号.
    as_user(client, handler_land)
    pdf = SimpleUploadedFile("用地批复.pdf", PDF, content_type="application/pdf")
    resolved = client.post(url + "resolve/", {"resolution": "指标已下达", "on": "2026-03-05", "files": [pdf]})
    assert resolved.status_code == 200, resolved.content
    assert (resolved.json()["status"], resolved.json()["resolved_on"]) == ("resolved", "2026-03-05")
    as_user(client, dispatcher_qz)
    assert client.get(url).json()["allowed_actions"] == ["close", "return"]
    assert post(client, url + "return/", {"reason": " "}).json() == {"detail": "请填写退回理由。"}
    returned = post(client, url + "return/", {"reason": "批复未附", "on": "2026-03-06"})
    assert (returned.json()["status"], returned.json()["deadline"], returned.json()["resolved_on"]) == (
        "returned",
        "2026-03-17",
        None,
    )
    as_user(client, handler_land)
    post(client, url + "resolve/", {"resolution": "已补批复", "on": "2026-03-10"})
    as_user(client, dispatcher_qz)
    stale = post(client, url + "close/", {"note": "核实", "on": "2026-03-11", "version": 1})
    assert stale.status_code == 409
    closed = post(client, url + "close/", {"note": "核实无误", "on": "2026-03-11"})
    assert closed.status_code == 200, closed.content
    data = closed.json()
    assert (data["status"], data["closed_on"], data["resolution"], data["allowed_actions"]) == (
        "closed",
        "2026-03-11",
        "已补批复",
        [],
    )
    assert (data["urgency"], data["workdays_left"]) == ("", None)

    # The timeline, in order, with the attachment served by its page.
    records = client.get("/api/v1/handling-records/", {"problem": problem.pk}).json()["results"]
    assert [row["action"] for row in records] == [
        "raise",
        "assign",
        "helper_reply",
        "reply",
        "extension_request",
        "extension_approve",
        "resolve",
        "return",
        "resolve",
        "close",
    ]
    assert records[2]["unit_name"] == "国网晋江市供电公司"
    assert records[3]["user"] == "吴国平"
    attachment = Attachment.objects.get()
    assert records[6]["attachments"] == [
        {
            "id": attachment.pk,
            "name": "用地批复.pdf",
            "size": len(PDF),
            "content_type": "application/pdf",
            "url": f"http://testserver/problems/attachments/{attachment.pk}/",
        }
    ]
    history = problem.history.order_by("history_id")
    assert history.last().history_change_reason == "销号"


def test_an_executable_renamed_pdf_is_refused_and_nothing_is_stored(
    client: Client, assigned: Problem, handler_land: User
) -> None:
    url = f"/api/v1/problems/{assigned.pk}/reply/"
    before = stored_files()
    as_user(client, handler_land)
    good = SimpleUploadedFile("纪要.pdf", PDF, content_type="application/pdf")
    bad = SimpleUploadedFile("报告.pdf", EXE, content_type="application/pdf")
    refused = client.post(url, {"content": "见附件", "on": "2026-02-24", "files": [good, bad]})
    assert refused.status_code == 400
    assert refused.json() == {
        "detail": "文件“报告.pdf”的内容不是允许的类型（PDF、PNG图片、JPEG图片、GIF图片、WebP图片、Word文档、"
        "Excel表格、PowerPoint演示文稿、Office 97-2003/WPS文档）。"
    }
    assert stored_files() == before
    assert not Attachment.objects.exists()
    assert not HandlingRecord.objects.filter(action="reply").exists()
    assigned.refresh_from_db()
    assert assigned.status == ProblemStatus.ASSIGNED

    empty = client.post(url, {"content": "见附件", "files": [SimpleUploadedFile("空.pdf", b"")]})
    assert empty.json() == {"detail": "文件“空.pdf”是空文件。"}

    pdf = SimpleUploadedFile("纪要.pdf", PDF, content_type="application/pdf")
    accepted = client.post(url, {"content": "见附件", "on": "2026-02-24", "files": [pdf]})
    assert accepted.status_code == 200, accepted.content
    attachment = Attachment.objects.get()
    assert (attachment.name, attachment.size, attachment.content_type) == ("纪要.pdf", len(PDF), "application/pdf")
    assert Path(attachment.file.path).read_bytes() == PDF
    assert attachment.file.name.startswith("problems/") and attachment.file.name.endswith(".pdf")
    assert len(stored_files() - before) == 1


# --- notifications and kinds --------------------------------------------------------------------------------------


def test_notifications_are_the_recipients_own(
    client: Client, assigned: Problem, handler_land: User, handler_power: User
) -> None:
    as_user(client, handler_land)
    rows = client.get("/api/v1/notifications/").json()["results"]
    assert [(row["kind"], row["problem_code"], row["read_at"]) for row in rows] == [("assigned", assigned.code, None)]
    assert rows[0]["message"] == f"新交办问题：{assigned}"
    assert rows[0]["url"] == f"/problems/{assigned.pk}/"
    own = rows[0]["id"]

    others = Notification.objects.get(user=handler_power).pk
    assert client.get(f"/api/v1/notifications/{others}/").status_code == 404
    assert client.post(f"/api/v1/notifications/{others}/read/").status_code == 404
    assert Notification.objects.get(pk=others).read_at is None

    read = client.post(f"/api/v1/notifications/{own}/read/")
    assert read.status_code == 200 and read.json()["read_at"] is not None
    assert client.get("/api/v1/notifications/", {"show": "unread"}).json()["count"] == 0
    as_user(client, handler_power)
    assert client.get("/api/v1/notifications/", {"show": "unread"}).json()["count"] == 1
    assert client.post("/api/v1/notifications/read-all/").json() == {"updated": 1}
    assert client.post("/api/v1/notifications/read-all/").json() == {"updated": 0}
    assert not Notification.objects.unread().exists()


def test_kinds_are_listed_read_only(client: Client, regions: Any, reporter_lc: User) -> None:
    as_user(client, reporter_lc)
    rows = client.get("/api/v1/problem-kinds/").json()
    assert [(row["code"], row["name"], row["lead_days"], row["helper_days"]) for row in rows[:2]] == [
        ("land", "用地报批", 7, 3),
        ("relocation", "征迁", 7, 3),
    ]
    assert len(rows) == 7
    assert client.get("/api/v1/problem-kinds/grid/").json()["name"] == "电网迁改"
    assert post(client, "/api/v1/problem-kinds/", {"code": "x", "name": "新类型"}).status_code == 405


# --- numbers -------------------------------------------------------------------------------------------------------


@pytest.fixture
def small_set(
    make_problem: Callable[..., Problem],
    dispatcher_qz: User,
    handler_land: User,
    land_bureau: Unit,
    power_company: Unit,
) -> dict[str, Problem]:
    """As of 10 Mar 2026, all raised in 2026:

    | P1 用地报批 | 自然资源局 | assigned 02-13, deadline 03-02 | resolved 02-26 (4 working days), closed 02-27 |
    | P2 征迁     | 自然资源局 | assigned 02-13, deadline 03-02 | resolved 03-04 late (9 working days)          |
    | P3 用地报批 | 供电公司   | assigned 02-13, deadline 03-02 | open, overdue                                   |
    | P4 用地报批 | —          | raised 03-05                   | not assigned                                    |

    By lead unit: 供电公司 1 assigned, 0 solved, 1 open overdue, 办结率 0; 自然资源局 2 assigned, 2 solved (1 late),
    办结率 1, median (4 + 9) / 2 = 6.5 working days. By kind in 2026: 用地报批 3 raised, 1 solved, 1 open overdue,
    办结率 1/3; 征迁 1 raised, 1 solved. Status: 1 提出, 1 交办, 1 办结, 1 销号.
    """
    p1 = make_problem(title="P1")
    p2 = make_problem(kind="relocation", title="P2")
    p3 = make_problem(title="P3")
    p4 = make_problem(title="P4", raised_on=D(2026, 3, 5))
    for problem, unit in ((p1, land_bureau), (p2, land_bureau), (p3, power_company)):
        problem.assign(dispatcher_qz, unit, on=D(2026, 2, 13))
    p1.resolve(handler_land, "已解决", on=D(2026, 2, 26))
    p1.close(dispatcher_qz, on=D(2026, 2, 27))
    p2.resolve(handler_land, "已签约", on=D(2026, 3, 4))
    return {"P1": p1, "P2": p2, "P3": p3, "P4": p4}


def test_the_stats_are_the_hand_computed_numbers(
    client: Client, small_set: dict[str, Problem], dispatcher_qz: User
) -> None:
    as_user(client, dispatcher_qz)
    data = client.get("/api/v1/problems/stats/", {"as_of": "2026-03-10"}).json()
    assert (data["as_of"], data["year"], data["group"]) == ("2026-03-10", 2026, "unit")
    rows = [
        (r["label"], r["assigned"], r["solved"], r["open"], r["overdue_open"], r["solved_late"], r["overdue"])
        for r in data["performance"]
    ]
    assert rows == [("国网晋江市供电公司", 1, 0, 1, 1, 0, 1), ("晋江市自然资源和规划局", 2, 2, 0, 0, 1, 1)]
    power, land = data["performance"]
    assert (power["resolution_rate"], power["median_days"]) == ("0", None)
    assert (land["resolution_rate"], land["median_days"]) == ("1", "6.5")
    assert land["key"] == small_set["P1"].lead_unit_id

    by_kind = {row["kind"]: row for row in data["by_kind"]}
    assert [row["kind"] for row in data["by_kind"]] == [
        "land",
        "relocation",
        "grid",
        "approval",
        "funding",
        "environment",
        "other",
    ]
    land_kind = by_kind["land"]
    assert (land_kind["raised"], land_kind["solved"], land_kind["open"], land_kind["overdue"]) == (3, 1, 1, 1)
    assert land_kind["kind_name"] == "用地报批"
    assert Decimal(land_kind["resolution_rate"]).quantize(Decimal("0.0001")) == Decimal("0.3333")
    assert land_kind["resolution_rate"].startswith("0.3333333333")
    assert (by_kind["relocation"]["raised"], by_kind["relocation"]["solved"]) == (1, 1)
    assert by_kind["relocation"]["resolution_rate"] == "1"
    assert (by_kind["grid"]["raised"], by_kind["grid"]["resolution_rate"]) == (0, None)
    assert data["status_counts"] == {
        "raised": 1,
        "assigned": 1,
        "handling": 0,
        "resolved": 1,
        "closed": 1,
        "returned": 0,
    }

    by_unit_kind = client.get("/api/v1/problems/stats/", {"as_of": "2026-03-10", "group": "unit_kind"}).json()
    assert [row["label"] for row in by_unit_kind["performance"]] == [
        "国网晋江市供电公司 · 用地报批",
        "晋江市自然资源和规划局 · 征迁",
        "晋江市自然资源和规划局 · 用地报批",
    ]
    # Before P2 was resolved it was open (not yet overdue on 1 March); the year before, nothing happened.
    earlier = client.get("/api/v1/problems/stats/", {"as_of": "2026-03-01", "group": "kind"}).json()
    assert [(r["label"], r["assigned"], r["solved"], r["open"], r["overdue"]) for r in earlier["performance"]] == [
        ("征迁", 1, 0, 1, 0),
        ("用地报批", 2, 1, 1, 0),
    ]
    assert (
        client.get("/api/v1/problems/stats/", {"as_of": "2026-03-10", "year": 2025}).json()["by_kind"][0]["raised"] == 0
    )
    # The list's filters narrow the set.
    narrowed = client.get("/api/v1/problems/stats/", {"as_of": "2026-03-10", "kind": "relocation"}).json()
    assert sum(narrowed["status_counts"].values()) == 1
    assert client.get("/api/v1/problems/stats/", {"group": "region"}).status_code == 400


def test_the_stats_count_only_what_the_user_may_see(
    client: Client, small_set: dict[str, Problem], handler_power: User
) -> None:
    as_user(client, handler_power)
    data = client.get("/api/v1/problems/stats/", {"as_of": "2026-03-10"}).json()
    assert [(row["label"], row["assigned"], row["overdue"]) for row in data["performance"]] == [
        ("国网晋江市供电公司", 1, 1)
    ]
    assert sum(data["status_counts"].values()) == 1


# --- approval items ------------------------------------------------------------------------------------------------


def test_approval_items_are_kept_by_the_district_and_by_the_handling_unit(
    client: Client,
    project: Project,
    reporter_jj: User,
    reporter_lc: User,
    handler_land: User,
    handler_power: User,
    land_bureau: Unit,
    power_company: Unit,
) -> None:
    as_user(client, reporter_jj)
    body = {"project": project.pk, "type": "land", "handling_unit": land_bureau.pk, "planned_on": "2026-03-31"}
    created = post(client, "/api/v1/approval-items/", body)
    assert created.status_code == 201, created.content
    assert (created.json()["type_display"], created.json()["handling_unit_name"]) == (
        "土地出让（拿地）",
        "晋江市自然资源和规划局",
    )
    assert post(client, "/api/v1/approval-items/", body).json() == {"non_field_errors": ["该项目已有这一类型的手续。"]}
    other = post(client, "/api/v1/approval-items/", {"project": project.pk, "type": "other"})
    assert other.json() == {"name": ["类型为“其他”时请填写手续名称。"]}
    grid = post(
        client,
        "/api/v1/approval-items/",
        {"project": project.pk, "type": "other", "name": "电力接入", "handling_unit": power_company.pk},
    )
    assert grid.status_code == 201, grid.content
    item = ApprovalItem.objects.get(type=ApprovalType.LAND)
    url = f"/api/v1/approval-items/{item.pk}/"

    # Each department sees and changes the items of its own unit only.
    as_user(client, handler_land)
    assert [row["label"] for row in client.get("/api/v1/approval-items/").json()["results"]] == ["土地出让（拿地）"]
    started = patch(client, url, {"status": "in_progress", "version": 1, "reason": "已受理"})
    assert started.json() == {"started_on": ["办理中的手续请填写启动（受理）日期。"]}
    started = patch(
        client, url, {"status": "in_progress", "started_on": "2026-02-02", "version": 1, "reason": "已受理"}
    )
    assert started.status_code == 200, started.content
    assert post(client, "/api/v1/approval-items/", body).status_code == 404
    as_user(client, handler_power)
    assert [row["label"] for row in client.get("/api/v1/approval-items/").json()["results"]] == ["电力接入"]
    assert client.get(url).status_code == 404
    assert patch(client, url, {"note": "越权", "version": 2, "reason": "越权"}).status_code == 404
    as_user(client, reporter_lc)
    assert client.get("/api/v1/approval-items/").json()["count"] == 0
    assert client.delete(url).status_code == 404

    # The project's planned start (June 2026) has passed today: both items are lagging until obtained.
    as_user(client, reporter_jj)
    assert client.get("/api/v1/approval-items/", {"lagging": "true"}).json()["count"] == 2
    assert client.get(url).json()["lag_reasons"] == ["已到计划开工时间，手续尚未取得", "已超过计划取得日期"]
    obtained = patch(
        client,
        url,
        {
            "status": "obtained",
            "obtained_on": "2026-03-02",
            "document_no": "晋自然资〔2026〕8号",
            "version": 2,
            "reason": "取得",
        },
    )
    assert obtained.status_code == 200, obtained.content
    assert (obtained.json()["duration_workdays"], obtained.json()["lag_reasons"]) == (16, [])
    assert [r["label"] for r in client.get("/api/v1/approval-items/", {"lagging": "true"}).json()["results"]] == [
        "电力接入"
    ]
    assert client.get("/api/v1/approval-items/", {"lagging": "false"}).json()["count"] == 1
    assert client.get("/api/v1/approval-items/", {"type": "land", "status": "obtained"}).json()["count"] == 1
    assert client.get("/api/v1/approval-items/", {"handling_unit": power_company.pk}).json()["count"] == 1
    assert client.get("/api/v1/approval-items/", {"region": "350582"}).json()["count"] == 2
    assert client.get("/api/v1/approval-items/", {"region": "350502"}).status_code == 400  # outside the scope
    assert client.get("/api/v1/approval-items/", {"project": project.pk}).json()["count"] == 2
    assert client.delete(f"/api/v1/approval-items/{grid.json()['id']}/?reason=误录").status_code == 204


def test_approval_stats_give_durations_and_land_to_start(
    client: Client, project: Project, dispatcher_qz: User, handler_power: User, land_bureau: Unit
) -> None:
    """Land obtained Mon 2 Mar 2026 after 16 working days (from Mon 2 Feb, across the Spring Festival), works
    started 20 Mar: 18 days, within the default 30 → one 拿地即开工 project in 2026, none in 2025. The EIA took 3
    working days (Mon 3 → Thu 6 Mar 2025), the construction permit is in progress."""
    ApprovalItem.objects.create(
        project=project,
        type=ApprovalType.LAND,
        handling_unit=land_bureau,
        status=ApprovalStatus.OBTAINED,
        started_on=D(2026, 2, 2),
        obtained_on=D(2026, 3, 2),
    )
    ApprovalItem.objects.create(
        project=project, type=ApprovalType.CONSTRUCTION, status=ApprovalStatus.IN_PROGRESS, started_on=D(2026, 3, 3)
    )
    ApprovalItem.objects.create(
        project=project,
        type=ApprovalType.EIA,
        status=ApprovalStatus.OBTAINED,
        started_on=D(2025, 3, 3),
        obtained_on=D(2025, 3, 6),
    )
    project.advance(Stage.CONSTRUCTION, D(2026, 3, 20))
    as_user(client, dispatcher_qz)
    data = client.get("/api/v1/approval-items/stats/", {"year": 2026}).json()
    durations = {row["type"]: row for row in data["durations"]}
    assert list(durations)[:3] == ["filing", "site", "land_planning"]  # every type, in the choices' order
    land, eia, construction = durations["land"], durations["eia"], durations["construction"]
    assert (land["label"], land["obtained"], land["average_days"], land["median_days"]) == (
        "土地出让（拿地）",
        1,
        "16.0",
        "16",
    )
    assert (eia["obtained"], eia["average_days"], eia["median_days"]) == (1, "3.0", "3")
    assert (construction["obtained"], construction["in_progress"], construction["average_days"]) == (0, 1, None)
    assert (data["land_to_start_days"], data["land_to_start_count"]) == (30, 1)
    assert data["land_to_start"] == [
        {
            "project": project.pk,
            "project_name": "晋江智能装备产业园",
            "land_on": "2026-03-02",
            "started_on": "2026-03-20",
            "days": 18,
        }
    ]
    assert client.get("/api/v1/approval-items/stats/", {"year": 2025}).json()["land_to_start_count"] == 0
    elsewhere = client.get("/api/v1/approval-items/stats/", {"year": 2026, "region": "350502"}).json()
    assert elsewhere["land_to_start_count"] == 0
    assert sum(row["obtained"] + row["in_progress"] for row in elsewhere["durations"]) == 0
    only_land = client.get("/api/v1/approval-items/stats/", {"type": "land"}).json()["durations"]
    assert sum(row["obtained"] for row in only_land) == 1
    # A department counts the items of its own unit only (the power company handles none of these).
    as_user(client, handler_power)
    mine = client.get("/api/v1/approval-items/stats/", {"year": 2026}).json()["durations"]
    assert sum(row["obtained"] + row["in_progress"] for row in mine) == 0


# --- inspections ---------------------------------------------------------------------------------------------------


def test_the_city_records_inspections_and_their_photos(
    client: Client, project: Project, dispatcher_qz: User, reporter_jj: User, reporter_lc: User
) -> None:
    body = {"on": "2026-03-03", "project": project.pk, "inspectors": "市重点办督查组", "findings": "现场施工正常"}
    assert post(as_user(client, reporter_jj), "/api/v1/inspections/", body).status_code == 404
    as_user(client, dispatcher_qz)
    created = post(client, "/api/v1/inspections/", {**body, "workers_seen": 120})
    assert created.status_code == 201, created.content
    assert (created.json()["recorded_by"], created.json()["region"], created.json()["photos"]) == (
        "陈调度",
        "350582",
        [],
    )
    inspection = Inspection.objects.get()
    assert inspection.recorded_by == dispatcher_qz
    post(client, "/api/v1/inspections/", {**body, "on": "2026-04-01"})
    assert client.get("/api/v1/inspections/", {"on_from": "2026-03-01", "on_to": "2026-03-31"}).json()["count"] == 1
    assert client.get("/api/v1/inspections/", {"region": "350582", "project": project.pk}).json()["count"] == 2

    url = f"/api/v1/inspections/{inspection.pk}/photos/"
    before = stored_files()
    fake = client.post(url, {"files": [SimpleUploadedFile("现场.png", EXE)]})
    assert fake.status_code == 400 and "内容不是允许的类型" in fake.json()["detail"]
    pdf = client.post(url, {"files": [SimpleUploadedFile("现场.pdf", PDF)]})
    assert pdf.status_code == 400  # photos are images only
    assert stored_files() == before and not InspectionPhoto.objects.exists()
    uploaded = client.post(url, {"files": [SimpleUploadedFile("现场.png", PNG)]})
    assert uploaded.status_code == 200, uploaded.content
    photo = InspectionPhoto.objects.get()
    assert uploaded.json()["photos"] == [
        {
            "id": photo.pk,
            "name": "现场.png",
            "size": len(PNG),
            "content_type": "image/png",
            "url": f"http://testserver/inspections/photos/{photo.pk}/",
        }
    ]

    as_user(client, reporter_jj)
    assert client.get(f"/api/v1/inspections/{inspection.pk}/").json()["photos"][0]["name"] == "现场.png"
    assert patch(client, f"/api/v1/inspections/{inspection.pk}/", {"findings": "改", "version": 1}).status_code == 404
    assert client.post(url, {"files": [SimpleUploadedFile("现场.png", PNG)]}).status_code == 404
    as_user(client, reporter_lc)
    assert client.get("/api/v1/inspections/").json()["count"] == 0
    assert client.get(f"/api/v1/inspections/{inspection.pk}/").status_code == 404


# --- schema --------------------------------------------------------------------------------------------------------


def test_it_describes_the_endpoints_in_the_schema(client: Client, reporter_jj: User) -> None:
    as_user(client, reporter_jj)
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    assert {
        "/api/v1/problems/",
        "/api/v1/problems/{id}/",
        "/api/v1/problems/{id}/assign/",
        "/api/v1/problems/{id}/reply/",
        "/api/v1/problems/{id}/request-extension/",
        "/api/v1/problems/{id}/decide-extension/",
        "/api/v1/problems/{id}/resolve/",
        "/api/v1/problems/{id}/close/",
        "/api/v1/problems/{id}/return/",
        "/api/v1/problems/stats/",
        "/api/v1/handling-records/",
        "/api/v1/extension-requests/",
        "/api/v1/problem-kinds/",
        "/api/v1/notifications/",
        "/api/v1/notifications/{id}/read/",
        "/api/v1/notifications/read-all/",
        "/api/v1/approval-items/",
        "/api/v1/approval-items/{id}/",
        "/api/v1/approval-items/stats/",
        "/api/v1/inspections/",
        "/api/v1/inspections/{id}/photos/",
    } <= set(paths)
    parameters = {p["name"] for p in paths["/api/v1/problems/"]["get"]["parameters"]}
    assert {"status", "kind", "level", "region", "lead_unit", "urgency", "raised_year", "q"} <= parameters
    stats = {p["name"] for p in paths["/api/v1/problems/stats/"]["get"]["parameters"]}
    assert {"as_of", "year", "group"} <= stats
    approvals = {p["name"] for p in paths["/api/v1/approval-items/"]["get"]["parameters"]}
    assert {"type", "status", "handling_unit", "region", "project", "lagging"} <= approvals
    assert "multipart/form-data" in paths["/api/v1/problems/{id}/reply/"]["post"]["requestBody"]["content"]
    assert "申请延期" in paths["/api/v1/problems/{id}/request-extension/"]["post"]["description"]
