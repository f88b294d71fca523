"""The report workflow: 草稿 → 已报送 → 已审核 (locked) or 退回; corrections; stale edits; its pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.dispatch.conftest import YEAR
from tuijin.core.audit import audit_context
from tuijin.core.models import ConflictError, User
from tuijin.dispatch.models import MonthlyReport, ReportStatus


@pytest.fixture
def project(make_project: Any) -> Any:
    return make_project("晋江大道改造", plan=1200)


def test_it_submits_a_draft(project: Any, make_report: Any, reporter_jj: User) -> None:
    report = make_report(project, 6, 100)
    report.submit(reporter_jj)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by == reporter_jj and report.submitted_at is not None


def test_it_refuses_to_submit_twice_or_approve_a_draft(project: Any, make_report: Any, dispatcher_qz: User) -> None:
    draft = make_report(project, 5, 100)
    with pytest.raises(ValidationError, match="只有已报送的报告可以审核"):
        draft.approve(dispatcher_qz)
    submitted = make_report(project, 6, 100, ReportStatus.SUBMITTED)
    with pytest.raises(ValidationError, match="只有草稿或被退回的报告可以报送"):
        submitted.submit(dispatcher_qz)


def test_it_returns_with_a_reason_and_accepts_the_resubmission(
    project: Any, make_report: Any, reporter_jj: User, dispatcher_qz: User
) -> None:
    report = make_report(project, 6, 100, ReportStatus.SUBMITTED)
    with pytest.raises(ValidationError, match="必须填写原因"):
        report.return_to_reporter(dispatcher_qz, "  ")
    report.return_to_reporter(dispatcher_qz, "投资额与形象进度不符")
    assert report.status == ReportStatus.RETURNED and report.return_reason == "投资额与形象进度不符"
    report.amount = Decimal("120")
    report.save()
    report.submit(reporter_jj)
    assert report.status == ReportStatus.SUBMITTED and report.return_reason == ""


def test_it_locks_an_approved_report(project: Any, make_report: Any) -> None:
    report = make_report(project, 6, 100, ReportStatus.APPROVED)
    report.amount = Decimal("200")
    with pytest.raises(ValidationError, match="已审核锁定") as excinfo:
        report.save()
    assert excinfo.value.code == "locked"
    report.refresh_from_db()
    assert report.amount == Decimal("100")


def test_it_corrects_with_the_dispatcher_and_a_reason(
    project: Any, make_report: Any, reporter_jj: User, dispatcher_qz: User
) -> None:
    report = make_report(project, 6, 100, ReportStatus.APPROVED)
    with pytest.raises(ValidationError, match="只有市级调度"):
        report.correct(reporter_jj, "笔误", amount=Decimal("110"))
    with pytest.raises(ValidationError, match="必须填写原因"):
        report.correct(dispatcher_qz, " ", amount=Decimal("110"))
    with pytest.raises(ValidationError, match="不能更正这些字段"):
        report.correct(dispatcher_qz, "笔误", status=ReportStatus.DRAFT)
    with audit_context(user=dispatcher_qz, source="web"):
        report.correct(dispatcher_qz, "统计局反馈数据有误", amount=Decimal("110"))
    report.refresh_from_db()
    assert report.amount == Decimal("110") and report.status == ReportStatus.APPROVED
    record = report.history.order_by("-history_id").first()
    assert record.history_change_reason == "更正：统计局反馈数据有误"
    assert record.history_user == dispatcher_qz


def test_it_refuses_a_stale_edit(project: Any, make_report: Any) -> None:
    report = make_report(project, 6, 100)
    first = MonthlyReport.objects.get(pk=report.pk)
    second = MonthlyReport.objects.get(pk=report.pk)
    first.amount = Decimal("110")
    first.save()
    second.amount = Decimal("120")
    with pytest.raises(ConflictError):
        second.save()
    report.refresh_from_db()
    assert report.amount == Decimal("110")


def test_it_refuses_a_future_month(project: Any) -> None:
    report = MonthlyReport(project=project, year=2100, month=1, amount=Decimal("1"))
    with pytest.raises(ValidationError, match="不能填报未来月份"):
        report.full_clean()


# ---- The workflow through the pages ---------------------------------------------------------------------------


def test_it_submits_from_the_detail_page(client: Client, project: Any, make_report: Any, reporter_jj: User) -> None:
    report = make_report(project, 6, 100)
    client.force_login(reporter_jj)
    page = client.get(reverse("dispatch:report_detail", args=[report.pk])).content.decode()
    assert reverse("dispatch:report_submit", args=[report.pk]) in page
    response = client.post(reverse("dispatch:report_submit", args=[report.pk]), {"version": report.version})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.history.order_by("-history_id").first().history_change_reason == "报送"


def test_it_lets_only_the_dispatcher_approve_or_return(
    client: Client, project: Any, make_report: Any, reporter_jj: User, dispatcher_qz: User
) -> None:
    report = make_report(project, 6, 100, ReportStatus.SUBMITTED)
    client.force_login(reporter_jj)
    assert client.post(reverse("dispatch:report_approve", args=[report.pk])).status_code == 404
    assert client.post(reverse("dispatch:report_return", args=[report.pk]), {"reason": "x"}).status_code == 404
    client.force_login(dispatcher_qz)
    response = client.post(reverse("dispatch:report_return", args=[report.pk]), {"reason": ""}, follow=True)
    assert "退回报告必须填写原因" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    client.post(reverse("dispatch:report_approve", args=[report.pk]), {"version": report.version})
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.reviewed_by == dispatcher_qz


def test_it_refuses_an_action_on_a_version_changed_since(
    client: Client, project: Any, make_report: Any, dispatcher_qz: User
) -> None:
    report = make_report(project, 6, 100, ReportStatus.SUBMITTED)
    seen = report.version
    report.progress = "主体封顶"  # changed by someone else after the page was shown
    report.save()
    client.force_login(dispatcher_qz)
    response = client.post(reverse("dispatch:report_approve", args=[report.pk]), {"version": seen}, follow=True)
    assert "已被其他用户修改" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_it_edits_a_draft_and_refuses_a_stale_form(
    client: Client, project: Any, make_report: Any, reporter_jj: User
) -> None:
    report = make_report(project, 6, 100)
    client.force_login(reporter_jj)
    url = reverse("dispatch:report_edit", args=[report.pk])
    form = {"amount": "150", "progress": "桩基施工", "issues": "", "version": report.version, "reason": "补充"}
    form["funding_special_bond"] = "50"
    assert client.post(url, form).status_code == 302
    report.refresh_from_db()
    assert report.amount == Decimal("150")
    assert report.fundings.get().amount == Decimal("50")
    stale = client.post(url, {**form, "amount": "160"})  # the version of the first edit again
    assert stale.status_code == 200
    assert "已被其他用户修改" in stale.content.decode()
    report.refresh_from_db()
    assert report.amount == Decimal("150")


def test_it_refuses_fundings_above_the_amount(
    client: Client, project: Any, make_report: Any, reporter_jj: User
) -> None:
    report = make_report(project, 6, 100)
    client.force_login(reporter_jj)
    url = reverse("dispatch:report_edit", args=[report.pk])
    form = {"amount": "100", "version": report.version, "reason": "资金来源", "funding_self_raised": "60"}
    response = client.post(url, {**form, "funding_bank_loan": "50"})
    assert "各资金来源合计不能超过当月完成投资" in response.content.decode()
    assert not report.fundings.exists()


def test_it_explains_a_locked_report_instead_of_the_form(
    client: Client, project: Any, make_report: Any, reporter_jj: User, dispatcher_qz: User
) -> None:
    report = make_report(project, 6, 100, ReportStatus.APPROVED)
    url = reverse("dispatch:report_edit", args=[report.pk])
    correct_url = reverse("dispatch:report_correct", args=[report.pk])
    client.force_login(reporter_jj)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "已审核锁定" in page and correct_url not in page
    assert client.post(url, {"amount": "1", "version": report.version, "reason": "改"}).status_code == 200
    report.refresh_from_db()
    assert report.amount == Decimal("100")
    client.force_login(dispatcher_qz)
    assert correct_url in client.get(url).content.decode()


def test_it_corrects_through_the_page_and_shows_it_in_history(
    client: Client, project: Any, make_report: Any, dispatcher_qz: User
) -> None:
    report = make_report(project, 6, 100, ReportStatus.APPROVED)
    client.force_login(dispatcher_qz)
    url = reverse("dispatch:report_correct", args=[report.pk])
    form = {"amount": "90", "progress": "", "issues": "", "version": report.version}
    missing = client.post(url, {**form, "reason": ""})
    assert "更正已审核的报告必须填写原因" in missing.content.decode()
    unchanged = client.post(url, {**form, "amount": "100", "reason": "核对"})
    assert "没有修改任何数据" in unchanged.content.decode()
    assert client.post(url, {**form, "reason": "统计局反馈"}).status_code == 302
    report.refresh_from_db()
    assert report.amount == Decimal("90") and report.status == ReportStatus.APPROVED
    history = client.get(reverse("dispatch:report_detail", args=[report.pk]) + "?tab=history").content.decode()
    assert "更正：统计局反馈" in history and "陈调度" in history


def test_it_keeps_the_correction_page_from_reporters(
    client: Client, project: Any, make_report: Any, reporter_jj: User
) -> None:
    report = make_report(project, 6, 100, ReportStatus.APPROVED)
    client.force_login(reporter_jj)
    url = reverse("dispatch:report_correct", args=[report.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"amount": "1", "reason": "改", "version": report.version}).status_code == 404


def test_it_sends_a_correction_of_an_unapproved_report_to_the_edit(
    client: Client, project: Any, make_report: Any, dispatcher_qz: User
) -> None:
    report = make_report(project, 6, 100, ReportStatus.SUBMITTED)
    client.force_login(dispatcher_qz)
    response = client.get(reverse("dispatch:report_correct", args=[report.pk]))
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()


def test_it_creates_a_report_for_an_editable_project_only(
    client: Client, project: Any, make_project: Any, reporter_jj: User
) -> None:
    foreign = make_project("鲤城项目", "350502", plan=100)
    client.force_login(reporter_jj)
    url = reverse("dispatch:report_create")
    data = {"year": YEAR, "month": 6, "amount": "88", "progress": "", "issues": ""}
    refused = client.post(url, {**data, "project": foreign.pk})
    assert refused.status_code == 200 and not MonthlyReport.objects.exists()
    assert client.post(url, {**data, "project": project.pk}).status_code == 302
    report = MonthlyReport.objects.get()
    assert (report.project, report.status, report.amount) == (project, ReportStatus.DRAFT, Decimal("88"))
