"""The 问题清单 and 前期手续台账 imports and exports: round trips, the workflow they may not bypass, errors, scope."""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.workbooks import workbook
from tuijin.core.choices import Role
from tuijin.core.models import Region, Unit, User
from tuijin.exchange.pipeline import ImportResult, export_rows, run_import
from tuijin.problems.choices import Action, ApprovalStatus, ApprovalType, Level, ProblemStatus
from tuijin.problems.imports import ApprovalImportSpec, ProblemImportSpec
from tuijin.problems.models import ApprovalItem, HandlingRecord, Problem
from tuijin.projects.models import Project

pytestmark = pytest.mark.django_db
D = datetime.date
CODE = "2601-350582-04-01-123456"
PROBLEM_HEAD = [
    "问题编号",
    "项目代码",
    "项目名称",
    "问题类型",
    "问题概述",
    "问题描述",
    "协调诉求",
    "协调层级",
    "提出日期",
]
APPROVAL_HEAD = [
    "项目代码",
    "项目名称",
    "手续类型",
    "手续名称",
    "审批部门",
    "帮办代办员",
    "代办员电话",
    "办理状态",
    "计划取得日期",
    "启动日期",
    "取得日期",
    "批准文号",
    "备注",
]


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def coded(project: Project) -> Project:
    """The conftest's 晋江 project, with its national code."""
    project.code = CODE
    project.full_clean()
    project.save()
    return project


@pytest.fixture
def problems(
    coded: Project,
    make_problem: Callable[..., Problem],
    dispatcher_qz: User,
    land_bureau: Unit,
    power_company: Unit,
    handler_land: User,
) -> dict[str, Problem]:
    """A raised problem, an assigned one and a resolved one of the 晋江 project."""
    raised = make_problem(title="征迁户未签约", kind="relocation", demand="请属地加快征迁")
    assigned = make_problem(title="施工临电未接入", kind="grid", raised_on=D(2026, 3, 2))
    assigned.assign(dispatcher_qz, power_company, [land_bureau], on=D(2026, 3, 3))
    resolved = make_problem(raised_on=D(2026, 1, 20), level=Level.CITY)
    resolved.assign(dispatcher_qz, land_bureau, on=D(2026, 1, 21))
    resolved.resolve(handler_land, "用地指标已下达。", on=D(2026, 1, 28))
    return {"raised": raised, "assigned": assigned, "resolved": resolved}


def run(spec: Any, data: bytes, user: User, dry_run: bool = False) -> ImportResult:
    return run_import(spec, data, user, dry_run=dry_run, filename="表.xlsx")


def export(spec: Any, user: User, **context: Any) -> bytes:
    return export_rows(spec, spec.export_queryset(user, context), context)


def sheet_rows(data: bytes) -> list[tuple[Any, ...]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


def as_dicts(data: bytes) -> list[dict[str, Any]]:
    rows = sheet_rows(data)
    return [dict(zip(rows[1], row, strict=True)) for row in rows[2:]]


def set_cell(data: bytes, header: str, row_value: str, value: Any) -> bytes:
    """Change the cell under ``header`` on the row that contains ``row_value``, as a user would in Excel."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book.active
    assert ws is not None
    column = next(cell.column for row in ws.iter_rows() for cell in row if cell.value == header)
    row_index = next(cell.row for row in ws.iter_rows() for cell in row if cell.value == row_value)
    ws.cell(row_index, column).value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def counts() -> tuple[int, ...]:
    models = (Problem, HandlingRecord, ApprovalItem)
    return tuple(m.objects.count() for m in models) + tuple(m.history.count() for m in models)


def problem_row(code: str = "", project: str = CODE, **cells: Any) -> list[Any]:
    values = {
        "name": "",
        "kind": "用地报批",
        "title": "用地指标未落实",
        "description": "二期用地指标尚未下达。",
        "demand": "请求调剂指标",
        "level": "区级",
        "raised": "2026-03-02",
        **cells,
    }
    keys = ("name", "kind", "title", "description", "demand", "level", "raised")
    return [code, project, *(values[key] for key in keys)]


# --- 问题清单 ---------------------------------------------------------------------------------------------------------


def test_it_exports_the_problems_and_reads_them_back_unchanged(problems: dict[str, Problem], admin_user: User) -> None:
    data = export(ProblemImportSpec(), admin_user)
    rows = sheet_rows(data)
    assert rows[0][0] == "问题清单"
    assert rows[1] == (
        "问题编号",
        "项目代码",
        "项目名称",
        "所属区域",
        "问题类型",
        "问题概述",
        "问题描述",
        "协调诉求",
        "协调层级",
        "提出日期",
        "状态",
        "主办单位",
        "协办单位",
        "交办日期",
        "办理时限",
        "办结日期",
        "销号日期",
    )
    by_title = {row["问题概述"]: row for row in as_dicts(data)}
    assigned = by_title["施工临电未接入"]
    assert (assigned["问题编号"], assigned["项目代码"], assigned["问题类型"], assigned["状态"]) == (
        problems["assigned"].code,
        CODE,
        "电网迁改",
        "交办",
    )
    assert (assigned["主办单位"], assigned["协办单位"]) == ("国网晋江市供电公司", "晋江市自然资源和规划局")
    assert by_title["用地指标未落实"]["协调层级"] == "市级" and by_title["用地指标未落实"]["状态"] == "办结"
    assert [row["问题概述"] for row in as_dicts(data)] == ["用地指标未落实", "征迁户未签约", "施工临电未接入"]
    before = counts()

    result = run(ProblemImportSpec(), data, admin_user)

    assert result.error_lines() == [] and result.warnings == []
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert counts() == before


def test_it_raises_new_problems_and_corrects_raised_ones(problems: dict[str, Problem], reporter_jj: User) -> None:
    data = export(ProblemImportSpec(), reporter_jj)
    data = set_cell(data, "协调诉求", "征迁户未签约", "请属地政府月底前完成签约")
    new = workbook(
        [
            PROBLEM_HEAD,
            problem_row(title="林地审核未完成", description="涉及林地12亩。", level="市级", raised="2026-04-01"),
            problem_row(project="", name="晋江智能装备产业园", kind="征迁", title="坟墓迁移未完成", demand=""),
        ]
    )

    first = run(ProblemImportSpec(), data, reporter_jj)
    second = run(ProblemImportSpec(), new, reporter_jj)

    assert first.error_lines() == [] and (first.created, first.updated, first.unchanged) == (0, 1, 2)
    problems["raised"].refresh_from_db()
    assert problems["raised"].demand == "请属地政府月底前完成签约"
    assert second.error_lines() == [] and second.created == 2
    forest = Problem.objects.get(title="林地审核未完成")
    assert (forest.status, forest.level, forest.raised_on, forest.raised_by) == (
        ProblemStatus.RAISED,
        Level.CITY,
        D(2026, 4, 1),
        reporter_jj,
    )
    assert re.fullmatch(r"WT2026-\d{5}", forest.code)
    record = forest.records.get()
    assert (record.action, record.user, record.on) == (Action.RAISE, reporter_jj, D(2026, 4, 1))
    assert forest.history.get().history_change_reason == "导入问题清单：表.xlsx"
    assert Problem.objects.get(title="坟墓迁移未完成").kind.code == "relocation"


def test_it_refuses_to_change_an_assigned_problem(problems: dict[str, Problem], reporter_jj: User) -> None:
    data = export(ProblemImportSpec(), reporter_jj)
    data = set_cell(data, "问题描述", "施工临电未接入", "临电已报装三个月。")
    data = set_cell(data, "协调层级", "用地指标未落实", "区级")
    data = set_cell(data, "主办单位", "征迁户未签约", "晋江市住建局")
    before = counts()

    result = run(ProblemImportSpec(), data, reporter_jj)

    assert result.error_lines() == [
        "第3行 协调层级: 问题已交办，基本信息不能再修改；如需调整请在办理记录中说明。",
        "第5行 问题描述: 问题已交办，基本信息不能再修改；如需调整请在办理记录中说明。",
    ]
    assert [str(w) for w in result.warnings] == ["第4行 主办单位: 主办单位以系统办理记录为准，导入不修改（系统中为空）"]
    assert counts() == before


def test_it_reports_every_bad_row_precisely_and_writes_nothing(coded: Project, reporter_jj: User) -> None:
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    data = workbook(
        [
            PROBLEM_HEAD,
            problem_row(),
            problem_row(kind="土地问题", title="类型不明"),
            problem_row(project="2601-350582-04-01-999999", title="项目不明"),
            problem_row(raised=future, title="未来的问题"),
            problem_row(level="国家级", title="层级不明"),
            problem_row(description=None, title="没有描述"),
            problem_row(),
            problem_row(code="WT2026-09999", title="编号不明"),
            problem_row(name="别的项目", title="名称不符"),
        ]
    )
    before = counts()

    result = run(ProblemImportSpec(), data, reporter_jj)

    assert result.error_lines() == [
        "第3行 问题类型: 未找到问题类型“土地问题”，可选：用地报批、征迁、电网迁改、审批手续、资金、施工环境、其他",
        "第4行 项目代码: 未找到项目代码为“2601-350582-04-01-999999”的项目",
        "第5行 提出日期: 日期不能晚于今天。",
        "第6行 协调层级: “国家级”不是有效的协调层级，可选：区级、市级、省级",
        "第7行 问题描述: 不能为空",
        "第8行 问题概述: 与第2行重复",
        "第9行 问题编号: 未找到问题编号为“WT2026-09999”的问题（新增问题请将问题编号留空）",
        f"第10行 项目名称: 项目代码{CODE}对应的项目为“晋江智能装备产业园”，与项目名称“别的项目”不一致",
    ]
    assert not result.committed and counts() == before


def test_it_refuses_rows_outside_the_users_scope(
    problems: dict[str, Problem], reporter_lc: User, make_user: Callable[..., User], regions: dict[str, Region]
) -> None:
    code = problems["raised"].code
    rows = [PROBLEM_HEAD, problem_row(), problem_row(code=code, title="征迁户未签约", kind="征迁")]

    outsider = run(ProblemImportSpec(), workbook(rows), reporter_lc)

    assert outsider.error_lines() == [
        f"第2行 项目代码: 未找到项目代码为“{CODE}”的项目",
        f"第3行 问题编号: 未找到问题编号为“{code}”的问题（新增问题请将问题编号留空）",
        f"第3行 项目代码: 未找到项目代码为“{CODE}”的项目",
    ]
    # A city leader who reports for 鲤城区 sees 晋江's problems but may change none of them.
    onlooker = make_user("lc_both", Role.LEADER, "350500")
    onlooker.role_assignments.create(role=Role.REPORTER, region=regions["350502"])
    seen = run(ProblemImportSpec(), workbook(rows), onlooker)
    assert seen.error_lines() == [
        "第2行 项目代码: 不在您的可编辑范围内（鲤城区）",
        "第3行 项目代码: 不在您的可编辑范围内（鲤城区）",
    ]
    assert sheet_rows(export(ProblemImportSpec(), reporter_lc))[2:] == []
    assert Problem.objects.count() == 3


def test_the_export_page_writes_the_filtered_list_within_scope(
    client: Client, problems: dict[str, Problem], dispatcher_qz: User, reporter_lc: User
) -> None:
    client.force_login(dispatcher_qz)
    response = client.get(reverse("problems:problem_export"), {"kind": "land"})
    assert response.status_code == 200
    assert "问题清单" in response["Content-Disposition"] or "%E9%97%AE" in response["Content-Disposition"]
    assert [row["问题概述"] for row in as_dicts(response.content)] == ["用地指标未落实"]
    everything = client.get(reverse("problems:problem_export"))
    assert len(as_dicts(everything.content)) == 3
    client.force_login(reporter_lc)
    assert as_dicts(client.get(reverse("problems:problem_export")).content) == []


# --- 前期手续台账 -----------------------------------------------------------------------------------------------------


@pytest.fixture
def approval_units(make_unit: Callable[..., Unit], land_bureau: Unit) -> dict[str, Unit]:
    return {
        "land": land_bureau,
        "housing": make_unit("晋江市住建局", "350582"),
        "eco": make_unit("泉州市生态环境局", "350500"),
    }


def approval_row(type_: str, unit: str = "晋江市自然资源和规划局", **cells: Any) -> list[Any]:
    values = {
        "code": CODE,
        "project": "",
        "name": "",
        "agent": "王代办",
        "phone": "13800000000",
        "status": "",
        "planned": None,
        "started": None,
        "obtained": None,
        "document": "",
        "note": "",
        **cells,
    }
    head = [values["code"], values["project"], type_, values["name"], unit, values["agent"], values["phone"]]
    keys = ("status", "planned", "started", "obtained", "document", "note")
    return head + [values[key] for key in keys]


def test_it_creates_approval_items_with_units_of_the_region_and_above(
    coded: Project, approval_units: dict[str, Unit], reporter_jj: User
) -> None:
    data = workbook(
        [
            APPROVAL_HEAD,
            approval_row(
                "土地出让",
                status="已取得",
                planned="2026-03-01",
                started="2026-02-01",
                obtained="2026-03-05",
                document="晋自然资让〔2026〕12号",
                project="晋江智能装备产业园",
            ),
            approval_row("环评", unit="泉州市生态环境局", started="2026-03-01"),
            approval_row("其他", unit="", name="消防设计审查", planned="2026-05-01"),
        ]
    )

    result = run(ApprovalImportSpec(), data, reporter_jj)

    assert result.error_lines() == [] and result.created == 3
    land = ApprovalItem.objects.get(type=ApprovalType.LAND)
    assert (land.handling_unit, land.status, land.obtained_on, land.agent_name) == (
        approval_units["land"],
        ApprovalStatus.OBTAINED,
        D(2026, 3, 5),
        "王代办",
    )
    eia = ApprovalItem.objects.get(type=ApprovalType.EIA)
    assert (eia.handling_unit, eia.status) == (approval_units["eco"], ApprovalStatus.IN_PROGRESS)  # from 启动日期
    other = ApprovalItem.objects.get(type=ApprovalType.OTHER)
    assert (other.name, other.status, other.handling_unit) == ("消防设计审查", ApprovalStatus.NOT_STARTED, None)
    assert land.history.get().history_change_reason == "导入前期手续台账：表.xlsx"


def test_it_exports_the_approvals_and_reads_them_back_unchanged(
    coded: Project, approval_units: dict[str, Unit], admin_user: User
) -> None:
    ApprovalItem.objects.create(
        project=coded,
        type=ApprovalType.CONSTRUCTION,
        handling_unit=approval_units["housing"],
        status=ApprovalStatus.IN_PROGRESS,
        started_on=D(2026, 5, 6),
        planned_on=D(2026, 6, 1),
        agent_name="李四",
    )
    ApprovalItem.objects.create(
        project=coded,
        type=ApprovalType.FILING,
        status=ApprovalStatus.OBTAINED,
        started_on=D(2026, 1, 6),
        obtained_on=D(2026, 1, 9),
        document_no="晋发改备〔2026〕3号",
        note="已备案",
    )
    ApprovalItem.objects.create(
        project=coded, type=ApprovalType.OTHER, name="人防审查", handling_unit=approval_units["eco"]
    )
    data = export(ApprovalImportSpec(), admin_user)
    rows = as_dicts(data)
    assert sheet_rows(data)[0][0] == "前期手续台账"
    assert [row["手续类型"] for row in rows] == ["立项/备案", "施工许可", "其他"]  # in the order they are obtained
    assert rows[0]["批准文号"] == "晋发改备〔2026〕3号" and rows[0]["项目名称"] == "晋江智能装备产业园"
    assert rows[2]["审批部门"] == "泉州市生态环境局" and rows[2]["办理状态"] == "未启动"
    before = counts()

    result = run(ApprovalImportSpec(), data, admin_user)

    assert result.error_lines() == [] and (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert counts() == before


def test_it_puts_the_models_objections_on_their_columns(
    coded: Project, approval_units: dict[str, Unit], reporter_jj: User
) -> None:
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    good = approval_row("土地出让", status="已取得", started="2026-02-01", obtained="2026-03-05")
    data = workbook(
        [
            APPROVAL_HEAD,
            good,
            approval_row("施工许可", unit="晋江市住建局", status="办理中"),
            approval_row("其他", status="未启动"),
            approval_row("立项", unit="", status="已取得", started="2026-03-10", obtained="2026-03-01"),
            approval_row("用地规划许可", unit="火星局"),
            approval_row("拆迁许可"),
            good,
            approval_row("环评", project="别的项目"),
            approval_row("节能审查", unit="", status="已取得", started="2026-03-01", obtained=future),
        ]
    )
    before = counts()

    result = run(ApprovalImportSpec(), data, reporter_jj)

    assert result.error_lines() == [
        "第3行 启动日期: 办理中的手续请填写启动（受理）日期。",
        "第4行 手续名称: 类型为“其他”时请填写手续名称。",
        "第5行 取得日期: 取得日期不能早于启动（受理）日期。",
        "第6行 审批部门: 未找到晋江市或其上级区域名为“火星局”的单位",
        "第7行 手续类型: “拆迁许可”不是有效的手续类型，可选：立项/备案、用地预审与选址、用地规划许可、"
        "土地出让（拿地）、工程规划许可、施工许可、环评、节能审查、水土保持、其他",
        "第8行 手续类型: 与第2行重复",
        f"第9行 项目名称: 项目代码{CODE}对应的项目为“晋江智能装备产业园”，与项目名称“别的项目”不一致",
        "第10行 取得日期: 日期不能晚于今天。",
    ]
    assert not result.committed and counts() == before


def test_an_outsider_can_neither_import_nor_export_approvals(
    coded: Project, approval_units: dict[str, Unit], reporter_lc: User, admin_user: User
) -> None:
    ApprovalItem.objects.create(project=coded, type=ApprovalType.FILING)
    result = run(ApprovalImportSpec(), workbook([APPROVAL_HEAD, approval_row("立项")]), reporter_lc)
    assert result.error_lines() == [f"第2行 项目代码: 未找到项目代码为“{CODE}”的项目"]
    assert as_dicts(export(ApprovalImportSpec(), reporter_lc)) == []
    assert len(as_dicts(export(ApprovalImportSpec(), admin_user))) == 1


def test_the_approval_export_page_honours_the_list_filters(
    client: Client, coded: Project, approval_units: dict[str, Unit], dispatcher_qz: User
) -> None:
    ApprovalItem.objects.create(project=coded, type=ApprovalType.FILING, handling_unit=approval_units["land"])
    ApprovalItem.objects.create(project=coded, type=ApprovalType.LAND, handling_unit=approval_units["land"])
    client.force_login(dispatcher_qz)
    response = client.get(reverse("problems:approval_export"), {"type": "land", "region": "350582"})
    assert response.status_code == 200
    assert [row["手续类型"] for row in as_dicts(response.content)] == ["土地出让（拿地）"]


# --- the exchange commands and page -----------------------------------------------------------------------------------


def test_the_commands_export_and_import_both_sheets(
    problems: dict[str, Problem], approval_units: dict[str, Unit], admin_user: User, tmp_path: Path
) -> None:
    target = tmp_path / "问题清单.xlsx"
    out = io.StringIO()
    call_command("export", "problems", str(target), "--region", "350582", stdout=out)
    assert "已导出3行" in out.getvalue()
    call_command("import", "problems", str(target), stdout=out)
    assert "导入完成：新增0条，更新0条，不变3条" in out.getvalue()

    ApprovalItem.objects.create(project=problems["raised"].project, type=ApprovalType.FILING)
    ledger = tmp_path / "前期手续台账.xlsx"
    call_command("export", "approvals", str(ledger), stdout=out)
    ledger.write_bytes(set_cell(ledger.read_bytes(), "帮办代办员", "立项/备案", "陈代办"))
    call_command("import", "approvals", str(ledger), "--user", "admin", stdout=out)
    assert "导入完成：新增0条，更新1条，不变0条" in out.getvalue()
    item = ApprovalItem.objects.get()
    assert item.agent_name == "陈代办"
    record = item.history.latest("history_id")
    assert (record.history_source, record.history_change_reason) == (
        "command:import",
        "导入前期手续台账：前期手续台账.xlsx",
    )


def test_the_import_page_previews_and_commits_a_problem(client: Client, coded: Project, reporter_jj: User) -> None:
    client.force_login(reporter_jj)
    page = reverse("exchange:import_problems")
    assert "导入问题清单" in client.get(page).content.decode()
    template = client.get(reverse("exchange:template", args=["approvals"]))
    assert sheet_rows(template.content)[0][0] == "前期手续台账"

    preview = client.post(page, {"file": SimpleUploadedFile("问题.xlsx", workbook([PROBLEM_HEAD, problem_row()]))})
    body = preview.content.decode()
    assert "确认导入（新增1条，更新0条）" in body and not Problem.objects.exists()
    token = re.search(r'name="token" value="([^"]+)"', body)
    assert token is not None
    response = client.post(page, {"token": token.group(1)}, follow=True)
    assert "导入完成：新增1条，更新0条" in response.content.decode()
    assert Problem.objects.get().history.get().history_source == "web"
