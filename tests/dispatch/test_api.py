"""REST API of monthly dispatch: scoped reports, the workflow actions, and projects with figures and lights."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from tests.dispatch.conftest import YEAR
from tuijin.core.models import User
from tuijin.dispatch.models import MonthlyReport, ReportStatus

REPORTS = "/api/v1/monthly-reports/"


@pytest.fixture
def project(make_project: Any) -> Any:
    return make_project("晋江大道改造", plan=1200)


def post(client: Client, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(url, data or {}, content_type="application/json")


def test_it_filters_reports_like_the_list_page(
    client: Client, project: Any, make_project: Any, make_report: Any, dispatcher_qz: User
) -> None:
    make_report(project, 6, 100, ReportStatus.SUBMITTED)
    make_report(project, 5, 100)
    make_report(make_project("南安高铁新城", "350583", plan=100), 6, 50)
    client.force_login(dispatcher_qz)
    rows = client.get(REPORTS, {"year": YEAR, "month": 6, "region": "350582"}).json()["results"]
    assert [(row["project_name"], row["status"], row["status_display"]) for row in rows] == [
        ("晋江大道改造", "submitted", "已报送")
    ]
    assert rows[0]["amount"] == "100.0000" and rows[0]["submitted_by"] == "王填报"


def test_it_creates_and_updates_a_draft(client: Client, project: Any, reporter_jj: User) -> None:
    client.force_login(reporter_jj)
    created = post(client, REPORTS, {"project": project.pk, "year": YEAR, "month": 6, "amount": "100"})
    assert created.status_code == 201, created.content
    report = MonthlyReport.objects.get()
    assert report.status == ReportStatus.DRAFT and report.history.get().history_source == "api"
    duplicate = post(client, REPORTS, {"project": project.pk, "year": YEAR, "month": 6, "amount": "1"})
    assert duplicate.status_code == 400 and "该项目该月已有调度报告" in duplicate.content.decode()
    url = f"{REPORTS}{report.pk}/"
    ok = client.patch(url, {"amount": "120", "version": 1, "reason": "更新"}, content_type="application/json")
    assert ok.status_code == 200, ok.content
    stale = client.patch(url, {"amount": "130", "version": 1, "reason": "更新"}, content_type="application/json")
    assert stale.status_code == 409
    moved = client.patch(url, {"month": 5, "version": 2, "reason": "改月份"}, content_type="application/json")
    assert moved.status_code == 400
    report.refresh_from_db()
    assert (report.amount, report.month) == (Decimal("120"), 6)


def test_it_refuses_a_project_outside_the_users_scope(client: Client, make_project: Any, reporter_jj: User) -> None:
    foreign = make_project("鲤城古城保护", "350502", plan=100)
    client.force_login(reporter_jj)
    response = post(client, REPORTS, {"project": foreign.pk, "year": YEAR, "month": 6, "amount": "1"})
    assert response.status_code == 400
    assert not MonthlyReport.objects.exists()


def test_it_refuses_to_change_a_locked_report(
    client: Client, project: Any, make_report: Any, reporter_jj: User
) -> None:
    report = make_report(project, 6, 100, ReportStatus.APPROVED)
    client.force_login(reporter_jj)
    response = client.patch(
        f"{REPORTS}{report.pk}/",
        {"amount": "1", "version": report.version, "reason": "改"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "该报告已审核锁定，修改须由市级调度填写原因后更正。" in response.json()["non_field_errors"]
    assert client.delete(f"{REPORTS}{report.pk}/").status_code == 400
    report.refresh_from_db()
    assert report.amount == Decimal("100")


def test_it_runs_the_workflow(
    client: Client, project: Any, make_report: Any, reporter_jj: User, dispatcher_qz: User
) -> None:
    report = make_report(project, 6, 100)
    url = f"{REPORTS}{report.pk}/"
    client.force_login(reporter_jj)
    assert post(client, url + "submit/").json()["status"] == "submitted"
    assert post(client, url + "approve/").status_code == 404  # a reporter does not review
    client.force_login(dispatcher_qz)
    refused = post(client, url + "return/", {"reason": ""})
    assert refused.status_code == 400
    returned = post(client, url + "return/", {"reason": "形象进度未填写"})
    assert returned.json()["status"] == "returned" and returned.json()["return_reason"] == "形象进度未填写"
    client.force_login(reporter_jj)
    post(client, url + "submit/")
    again = post(client, url + "submit/")
    assert again.status_code == 400 and "只有草稿或被退回的报告可以报送" in again.content.decode()
    client.force_login(dispatcher_qz)
    approved = post(client, url + "approve/")
    assert approved.json()["status"] == "approved" and approved.json()["reviewed_by"] == "陈调度"


def test_it_corrects_an_approved_report_with_a_reason(
    client: Client, project: Any, make_report: Any, reporter_jj: User, dispatcher_qz: User
) -> None:
    report = make_report(project, 6, 100, ReportStatus.APPROVED)
    url = f"{REPORTS}{report.pk}/correct/"
    client.force_login(reporter_jj)
    assert post(client, url, {"amount": "90", "reason": "笔误"}).status_code == 404
    client.force_login(dispatcher_qz)
    assert post(client, url, {"amount": "90"}).status_code == 400
    assert post(client, url, {"amount": "90", "reason": "统计局反馈", "version": 1}).status_code == 409
    corrected = post(client, url, {"amount": "90", "reason": "统计局反馈", "version": report.version})
    assert corrected.status_code == 200, corrected.content
    report.refresh_from_db()
    assert report.amount == Decimal("90") and report.status == ReportStatus.APPROVED
    assert report.history.order_by("-history_id").first().history_change_reason == "更正：统计局反馈"


def test_it_lists_projects_with_figures_and_lights(
    client: Client, project: Any, make_project: Any, make_report: Any, dispatcher_qz: User
) -> None:
    make_report(project, 6, 600, ReportStatus.APPROVED)
    make_project("南安高铁新城", "350583", plan=1000)
    client.force_login(dispatcher_qz)
    rows = client.get("/api/v1/projects-progress/", {"year": YEAR, "month": 6}).json()["results"]
    by_name = {row["name"]: row for row in rows}
    road = by_name["晋江大道改造"]
    assert (road["plan_amount"], road["ytd_amount"], road["month_status"]) == ("1200.0000", "600.0000", "approved")
    assert Decimal(road["ytd_rate"]) == Decimal("0.5")
    assert road["lights"]["overall"] == "green"
    assert by_name["南安高铁新城"]["lights"]["overall"] == "red"
    red = client.get("/api/v1/projects-progress/", {"year": YEAR, "month": 6, "light": "red"}).json()["results"]
    assert [row["name"] for row in red] == ["南安高铁新城"]
    jinjiang = client.get("/api/v1/projects-progress/", {"year": YEAR, "month": 6, "region": "350582"}).json()
    assert [(row["name"], row["ytd_amount"]) for row in jinjiang["results"]] == [("晋江大道改造", "600.0000")]


def test_it_keeps_foreign_reports_out_of_the_api(
    client: Client, project: Any, make_report: Any, reporter_lc: User
) -> None:
    report = make_report(project, 6, 100, ReportStatus.SUBMITTED)
    client.force_login(reporter_lc)
    assert client.get(REPORTS).json()["results"] == []
    assert client.get(f"{REPORTS}{report.pk}/").status_code == 404
    assert post(client, f"{REPORTS}{report.pk}/submit/").status_code == 404
    assert client.get("/api/v1/projects-progress/").json()["results"] == []


def test_it_describes_the_endpoints_in_the_schema(client: Client, dispatcher_qz: User) -> None:
    client.force_login(dispatcher_qz)
    schema = client.get("/api/v1/schema/").content.decode()
    assert "/api/v1/monthly-reports/{id}/correct/" in schema
    assert "/api/v1/projects-progress/" in schema
