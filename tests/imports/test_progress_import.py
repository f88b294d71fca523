"""The 月度调度表 import: a month's figures as drafts, locked reports refused, scope, and the fill-in export."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from tests.imports.conftest import edit_cell, history_count
from tests.workbooks import workbook
from tuijin.core.models import User
from tuijin.dispatch.imports import ProgressImportSpec
from tuijin.dispatch.models import MonthlyReport, ReportStatus
from tuijin.exchange.pipeline import export_rows, run_import
from tuijin.projects.models import Project

OCTOBER = {"month": "2025-10"}
CODE_A = "2503-350582-04-01-123456"
CODE_B = "2504-350582-04-01-654321"
HEADER = ["项目代码", "项目名称", "当月完成投资", "形象进度"]


@pytest.fixture
def listed(make_project: Callable[..., Project]) -> tuple[Project, Project]:
    """Two 晋江 projects of the 2025 list."""
    return (
        make_project("晋江市五里园区标准厂房", code=CODE_A, plan=12000),
        make_project("安海镇污水管网改造", code=CODE_B, plan=3000),
    )


def messy_progress() -> bytes:
    rows: list[list[Any]] = [
        ["晋江市2025年10月重点项目月度调度表"],
        [None] * 9 + ["单位：万元"],
        [
            "序号",
            "项目\n名称",
            "项目代码",
            "县（市、区）",
            "年度计划\n投资",
            "本年完成投资",
            None,
            "自开工\n累计",
            "工程形象进度",
            "存在问题和建议",
            "计划\n在岗",
            "实际\n在岗",
        ],
        [None] * 5 + ["10月", "1-10月累计"],
        ["合计", None, None, None, 15000, "1,200.5", "1,700.5"],
        [
            1,
            "晋江市五里园区标准厂房",
            CODE_A,
            "晋江市",
            12000,
            "1,200.5",
            "1,700.5",
            "８，８００",
            "主体封顶",
            "用地报批",
            120,
            98,
        ],
        [],
        [2, "安海镇污水管网改造", CODE_B, "晋江市", 3000, "0", 0, None, "管网铺设完成30%"],
        [3, "（未开工项目，本月未填）", None, None, None],
        ["填报单位：晋江市发展和改革局", None, None, "填报人：王填报"],
        ["联系电话：0595-85612345"],
    ]
    merges = ["A1:L1", "F3:G3"] + [f"{c}3:{c}4" for c in "ABCDEHIJKL"]
    return workbook(rows, merges=merges)


def test_it_imports_a_messy_monthly_sheet_as_drafts(
    reporter_jj: User, listed: tuple[Project, Project], make_report: Callable[..., MonthlyReport]
) -> None:
    factory, sewer = listed
    make_report(factory, 9, 500, ReportStatus.APPROVED)

    result = run_import(
        ProgressImportSpec, messy_progress(), reporter_jj, dry_run=False, context=OCTOBER, filename="10月.xlsx"
    )

    assert result.errors == [] and result.warnings == []
    assert (result.created, result.updated, result.skipped) == (2, 0, 1)
    report = MonthlyReport.objects.get(project=factory, year=2025, month=10)
    assert report.status == ReportStatus.DRAFT
    assert (report.amount, report.since_start_total) == (Decimal("1200.5"), Decimal("8800"))
    assert (report.progress, report.issues, report.planned_workers, report.actual_workers) == (
        "主体封顶",
        "用地报批",
        120,
        98,
    )
    other = MonthlyReport.objects.get(project=sewer, month=10)
    assert (other.amount, other.since_start_total, other.issues) == (Decimal("0"), None, "")
    record = report.history.get()
    assert record.history_change_reason == "导入月度调度表：10月.xlsx" and record.history_user == reporter_jj


def test_it_warns_when_the_year_to_date_does_not_add_up(reporter_jj: User, listed: tuple[Project, Project]) -> None:
    data = workbook([["项目代码", "本月完成投资", "1—10月累计完成投资"], [CODE_A, 100, 250]])
    result = run_import(ProgressImportSpec, data, reporter_jj, dry_run=True, context=OCTOBER, filename="x.xlsx")
    assert result.errors == []
    assert [str(w) for w in result.warnings] == [
        "第2行 本年累计完成投资: 本年累计为250万元，按已审核的1—9月累计0万元加当月完成投资100万元应为100万元，请核对"
    ]


def test_it_refuses_a_locked_report(
    reporter_jj: User, listed: tuple[Project, Project], make_report: Callable[..., MonthlyReport]
) -> None:
    factory, sewer = listed
    locked = make_report(factory, 10, 100, ReportStatus.APPROVED)
    history = history_count()
    data = workbook([HEADER, [CODE_A, None, 120, "主体封顶"], [CODE_B, None, 50, "开工"]])

    result = run_import(ProgressImportSpec, data, reporter_jj, dry_run=False, context=OCTOBER, filename="x.xlsx")

    assert result.error_lines() == ["第2行 当月完成投资: 该月报告已审核锁定，如需更正请联系市级调度"]
    locked.refresh_from_db()
    assert locked.amount == Decimal("100") and locked.status == ReportStatus.APPROVED
    assert not MonthlyReport.objects.filter(project=sewer).exists()
    assert history_count() == history
    # The same figures again are no change, not an error.
    same = workbook([HEADER, [CODE_A, None, 100, None]])
    result = run_import(ProgressImportSpec, same, reporter_jj, dry_run=True, context=OCTOBER, filename="x.xlsx")
    assert (result.errors, result.unchanged) == ([], 1)


def test_it_updates_a_draft_and_refuses_a_submitted_report(
    reporter_jj: User, listed: tuple[Project, Project], make_report: Callable[..., MonthlyReport]
) -> None:
    factory, sewer = listed
    draft = make_report(factory, 10, 100)
    make_report(sewer, 10, 10, ReportStatus.SUBMITTED)
    data = workbook([HEADER, [CODE_A, None, 130, "主体封顶"], [CODE_B, None, 11, None]])
    result = run_import(ProgressImportSpec, data, reporter_jj, dry_run=True, context=OCTOBER, filename="x.xlsx")
    assert result.error_lines() == [
        "第3行 当月完成投资: 该月报告已报送，正在等待审核，不能通过导入修改；如需修改请联系市级调度退回"
    ]
    data = workbook([HEADER, [CODE_A, None, 130, "主体封顶"]])
    result = run_import(ProgressImportSpec, data, reporter_jj, dry_run=False, context=OCTOBER, filename="x.xlsx")
    assert result.errors == [] and result.updated == 1
    assert result.rows[0].changes == [("当月完成投资", "100", "130"), ("形象进度", "", "主体封顶")]
    draft.refresh_from_db()
    assert (draft.amount, draft.progress, draft.status) == (Decimal("130"), "主体封顶", ReportStatus.DRAFT)


def test_it_refuses_projects_outside_the_scope_or_unknown(
    reporter_jj: User, listed: tuple[Project, Project], make_project: Callable[..., Project]
) -> None:
    make_project("鲤城区历史街区保护", "350502", code="2505-350502-04-01-111111", plan=10)
    data = workbook(
        [
            ["项目代码", "项目名称", "所属区域", "当月完成投资"],
            ["2505-350502-04-01-111111", "鲤城区历史街区保护", None, 5],
            [None, "鲤城区历史街区保护", "鲤城区", 5],
            ["2599-350582-04-01-999999", "不存在的项目", None, 5],
            [None, "不存在的项目", None, 5],
            [CODE_A, None, None, "-5"],
        ]
    )
    result = run_import(ProgressImportSpec, data, reporter_jj, dry_run=False, context=OCTOBER, filename="x.xlsx")
    assert result.error_lines() == [
        "第2行 项目代码: 未找到项目代码为“2505-350502-04-01-111111”的项目",
        "第3行 所属区域: 不在您的可编辑范围内（晋江市）",
        "第4行 项目代码: 未找到项目代码为“2599-350582-04-01-999999”的项目",
        "第5行 项目名称: 在您的可编辑范围内未找到名为“不存在的项目”的项目",
        "第6行 当月完成投资: 当月完成投资不能为负数。",
    ]
    assert MonthlyReport.objects.count() == 0


def test_it_refuses_a_future_or_missing_month(reporter_jj: User, listed: tuple[Project, Project]) -> None:
    data = workbook([HEADER, [CODE_A, None, 1, None]])
    result = run_import(ProgressImportSpec, data, reporter_jj, dry_run=True, context={"month": "2099-01"})
    assert result.error_lines() == ["不能导入未来月份（2099年1月）的调度数据"]
    result = run_import(ProgressImportSpec, data, reporter_jj, dry_run=True, context={})
    assert result.error_lines() == ["请指定月份，格式如 2025-10"]


def test_it_exports_the_year_list_to_fill_and_reads_it_back(
    reporter_jj: User,
    listed: tuple[Project, Project],
    make_project: Callable[..., Project],
    make_report: Callable[..., MonthlyReport],
) -> None:
    factory, sewer = listed
    make_project("不在名单的项目")
    make_report(factory, 9, 500, ReportStatus.APPROVED)
    report = make_report(factory, 10, Decimal("1200.5"), ReportStatus.APPROVED)
    spec = ProgressImportSpec()
    data = export_rows(spec, spec.export_queryset(reporter_jj, OCTOBER), OCTOBER)
    history = history_count()

    result = run_import(ProgressImportSpec, data, reporter_jj, dry_run=False, context=OCTOBER, filename="x.xlsx")

    assert (result.errors, result.warnings) == ([], [])
    assert (result.created, result.updated, result.unchanged, result.skipped) == (0, 0, 1, 1)
    assert history_count() == history
    # The district fills the blank row of the other project.
    filled = edit_cell(data, "当月完成投资", sewer.name, 321.5)
    result = run_import(ProgressImportSpec, filled, reporter_jj, dry_run=False, context=OCTOBER, filename="填报.xlsx")
    assert (result.errors, result.created, result.unchanged) == ([], 1, 1)
    assert MonthlyReport.objects.get(project=sewer, month=10).amount == Decimal("321.5")
    report.refresh_from_db()
    assert report.amount == Decimal("1200.5")
