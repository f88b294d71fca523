"""The 招商线索表 and 签约项目台账 imports: round trips, milestones and funds through the models, errors, scope."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.attraction import factories
from tests.workbooks import workbook
from tuijin.attraction.choices import LeadStatus, MilestoneKind
from tuijin.attraction.imports import ContractImportSpec, LeadImportSpec, recording_order
from tuijin.attraction.models import Contract, FundArrival, Lead, Milestone, SigningEvent, milestone_errors
from tuijin.core.models import Region, User
from tuijin.exchange.pipeline import ImportResult, export_rows, run_import
from tuijin.projects.choices import Category, Stage
from tuijin.projects.models import Project

D = datetime.date
R, L, S, P = MilestoneKind.REGISTERED, MilestoneKind.LAND, MilestoneKind.STARTED, MilestoneKind.PRODUCING
HEAD = [
    "合同编号",
    "项目名称",
    "投资方",
    "合同投资额",
    "签约日期",
    "所属区域",
    "来源地",
    "注册日期",
    "供地日期",
    "开工日期",
]


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def contract_row(number: str, name: str, signed: str = "2025-03-01", region: str = "晋江市", **cells: Any) -> list:
    values = {"source": "长三角", "amount": "50000", **cells}
    return [
        number,
        name,
        f"{name}投资有限公司",
        values["amount"],
        signed,
        region,
        values["source"],
        values.get("registered"),
        values.get("land"),
        values.get("started"),
    ]


def run(spec: Any, data: bytes, user: User, dry_run: bool = False, name: str = "台账.xlsx") -> ImportResult:
    return run_import(spec, data, user, dry_run=dry_run, filename=name)


def counts() -> tuple[int, ...]:
    models = (Contract, Milestone, FundArrival, Project, Lead)
    return tuple(model.objects.count() for model in models) + tuple(model.history.count() for model in models)


def export(spec: Any, user: User, **context: Any) -> bytes:
    return export_rows(spec, spec.export_queryset(user, context), context)


def sheet_rows(data: bytes) -> list[tuple[Any, ...]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


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


@pytest.fixture
def ledger(regions: dict[str, Region]) -> dict[str, Contract]:
    """Three 晋江 contracts with fulfilment, one 鲤城 contract; an event, a team and a linked registry project."""
    event = SigningEvent.objects.create(name="2025年春季集中签约大会", date=D(2025, 3, 1), region=regions["350500"])
    team = factories.team("晋江市驻上海招商组")
    project = Project.objects.create(
        name="恒安新材料产业园",
        code="2503-350582-04-01-123456",
        region=regions["350582"],
        category=Category.INDUSTRY,
        total_investment=Decimal("300000"),
    )
    project.enter(Stage.PREPARATION, D(2025, 2, 1))
    c1 = factories.contract(
        "恒安新材料产业园",
        "300000.1234",
        D(2025, 3, 1),
        number="JJ-2025-001",
        event=event,
        team=team,
        industry_division="29",
        content="年产5万吨新材料",
        milestones={R: D(2025, 3, 20), L: D(2025, 5, 1)},
        funds=[(D(2025, 4, 1), 1000), (D(2025, 6, 1), "500.5")],
    )
    Milestone.objects.filter(contract=c1, kind=R).update(evidence="营业执照")
    c1.link_project(project)
    c1.record_milestone(S, D(2025, 6, 10), "施工许可证")
    c2 = factories.contract(
        "晋江鞋服智造中心", 80000, D(2025, 5, 6), needs_land=False, source=factories.source("粤港澳")
    )
    c3 = factories.contract("晋江框架协议项目", 20000, D(2024, 12, 1), number="JJ-2024-009", kind="framework")
    c4 = factories.contract("鲤城文旅综合体", 40000, D(2025, 6, 15), region_code="350502", number="LC-2025-001")
    return {"c1": c1, "c2": c2, "c3": c3, "c4": c4}


# --- round trips ---------------------------------------------------------------------------------------------------


def test_it_exports_the_ledger_and_reads_it_back_unchanged(ledger: dict[str, Contract], admin_user: User) -> None:
    data = export(ContractImportSpec(), admin_user)
    rows = sheet_rows(data)
    assert rows[0][0] == "签约项目台账" and rows[1][0] == "单位：万元"
    header = rows[2]
    assert header[:8] == (
        "合同编号",
        "项目名称",
        "投资方",
        "投资方统一社会信用代码",
        "合同投资额",
        "签约类型",
        "签约日期",
        "签约活动",
    )
    first = next(dict(zip(header, row, strict=True)) for row in rows[3:] if row[0] == "JJ-2025-001")
    assert first["合同编号"] == "JJ-2025-001" and first["签约活动"] == "2025年春季集中签约大会"
    assert first["注册佐证"] == "营业执照" and first["开工佐证"] == "施工许可证"
    assert (first["累计到位资金"], first["关联项目代码"]) == (1500.5, "2503-350582-04-01-123456")
    before = counts()

    result = run(ContractImportSpec(), data, admin_user)

    assert result.error_lines() == [] and result.committed
    assert (result.created, result.updated, result.unchanged) == (0, 0, 4)
    assert counts() == before


def test_it_exports_the_leads_and_reads_them_back_unchanged(regions: dict[str, Region], admin_user: User) -> None:
    team = factories.team("晋江市驻深圳招商组")
    factories.lead("恒安集团", project_name="新材料项目", credit_code="91350582MA2Y3D6K1R", team=team, owner="王五")
    dropped = factories.lead("某某科技", project_name="芯片封测", description="意向不强")
    dropped.move(LeadStatus.DROPPED, D(2025, 2, 1), "企业转投他地")
    talking = factories.lead("鲤城文旅公司", region_code="350502", industry_division="90")
    talking.move(LeadStatus.TALKING, D(2025, 1, 15))
    data = export(LeadImportSpec(), admin_user)
    assert sheet_rows(data)[2][:4] == ("企业名称", "统一社会信用代码", "拟投资项目", "来源地")
    before = counts()

    result = run(LeadImportSpec(), data, admin_user, name="线索.xlsx")

    assert result.error_lines() == [] and (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert counts() == before


def test_it_round_trips_through_the_commands(ledger: dict[str, Contract], admin_user: User, tmp_path: Path) -> None:
    target = tmp_path / "台账.xlsx"
    out = io.StringIO()
    call_command("export", "contracts", str(target), "--year", "2025", "--region", "350582", stdout=out)
    assert "已导出2行" in out.getvalue()
    names = [row[1] for row in sheet_rows(target.read_bytes())[3:]]
    assert names == ["晋江鞋服智造中心", "恒安新材料产业园"]
    target.write_bytes(set_cell(target.read_bytes(), "合同投资额", "晋江鞋服智造中心", "90,000"))
    out = io.StringIO()
    call_command("import", "contracts", str(target), "--dry-run", stdout=out)
    assert "校验通过（--dry-run，未写入）：新增0条，更新1条，不变1条" in out.getvalue()
    assert Contract.objects.get(name="晋江鞋服智造中心").amount == Decimal("80000")
    call_command("import", "contracts", str(target), stdout=out)
    contract = Contract.objects.get(name="晋江鞋服智造中心")
    assert contract.amount == Decimal("90000")
    record = contract.history.latest("history_id")
    assert (record.history_source, record.history_change_reason) == ("command:import", "导入签约项目台账：台账.xlsx")
    leads = tmp_path / "线索.xlsx"
    factories.lead("恒安集团")
    call_command("export", "leads", str(leads), "--year", "2025", stdout=out)
    call_command("import", "leads", str(leads), stdout=out)
    assert "导入完成：新增0条，更新0条，不变1条" in out.getvalue()


# --- contracts with their fulfilment -------------------------------------------------------------------------------


def test_it_creates_a_contract_with_milestones_funds_and_the_registry_project(
    regions: dict[str, Region], reporter_jj: User
) -> None:
    data = workbook(
        [
            ["签约项目台账"],
            ["单位：亿元"],
            [*HEAD, "开工佐证", "累计到位资金", "最近到位日期", "签约类型", "需新供地"],
            [
                "JJ-2025-010",
                "晋江智能装备产业园",
                "某某装备集团",
                "2.5",
                "2025年3月1日",
                "晋江",
                "长三角",
                "2025-04-01",
                None,
                "2025-06-01",
                "施工许可证",
                "0.05",
                "2025-06-30",
                "框架协议",
                "否",
            ],
        ]
    )
    result = run(ContractImportSpec(), data, reporter_jj)
    assert result.error_lines() == [] and result.created == 1
    contract = Contract.objects.get(number="JJ-2025-010")
    assert (contract.amount, contract.kind, contract.needs_land) == (Decimal("25000"), "framework", False)
    assert contract.milestone_dates() == {R: D(2025, 4, 1), S: D(2025, 6, 1)}
    assert contract.milestones.get(kind=S).evidence == "施工许可证"
    assert [(f.date, f.amount) for f in contract.funds.all()] == [(D(2025, 6, 30), Decimal("500"))]
    # 开工 created the registry project in 在建 from the contract's facts.
    assert contract.project is not None
    assert (contract.project.name, contract.project.stage, contract.project.actual_start) == (
        "晋江智能装备产业园",
        Stage.CONSTRUCTION,
        D(2025, 6, 1),
    )
    record = contract.history.earliest("history_id")
    assert (record.history_user, record.history_change_reason) == (reporter_jj, "导入签约项目台账：台账.xlsx")


def test_it_reads_the_headers_districts_use_with_their_units(regions: dict[str, Region], reporter_jj: User) -> None:
    data = workbook(
        [
            [
                "项目名称",
                "投资企业",
                "计划总投资（亿元）",
                "签约时间",
                "县（市、区）",
                "客商来源",
                "到位资金（万元）",
                "到位日期",
            ],
            ["晋江新能源项目", "某某能源", 2.5, "2025.3.1", "晋江市", "长三角", 120, "2025-04-01"],
        ]
    )
    result = run(ContractImportSpec(), data, reporter_jj)
    assert result.error_lines() == []
    contract = Contract.objects.get()
    assert (contract.name, contract.investor_name, contract.amount) == ("晋江新能源项目", "某某能源", Decimal("25000"))
    assert contract.funds_total() == Decimal("120")


def test_it_redates_milestones_in_a_safe_order_and_adds_the_fund_difference(
    ledger: dict[str, Contract], reporter_jj: User
) -> None:
    c1 = ledger["c1"]
    data = export(ContractImportSpec(), reporter_jj, region=Region.objects.get(code="350582"))
    # Every milestone moves later, past where the next one is stored: one at a time in sheet order would fail.
    data = set_cell(data, "注册日期", "恒安新材料产业园", "2025-06-15")
    data = set_cell(data, "供地日期", "恒安新材料产业园", "2025-06-20")
    data = set_cell(data, "开工日期", "恒安新材料产业园", "2025-07-01")
    data = set_cell(data, "投产日期", "恒安新材料产业园", "2025-10-01")
    data = set_cell(data, "累计到位资金", "恒安新材料产业园", "2000.5")
    data = set_cell(data, "最近到位日期", "恒安新材料产业园", "2025-10-15")

    preview = run(ContractImportSpec(), data, reporter_jj, dry_run=True)

    assert preview.error_lines() == [] and (preview.updated, preview.unchanged) == (1, 2)
    changes = next(row.changes for row in preview.rows if row.label == "恒安新材料产业园（JJ-2025-001）")
    assert ("注册日期", "2025-03-20", "2025-06-15") in changes
    assert ("投产日期", "", "2025-10-01") in changes
    assert ("累计到位资金", "1500.5", "2000.5") in changes
    result = run(ContractImportSpec(), data, reporter_jj)
    assert result.committed
    assert c1.milestone_dates() == {R: D(2025, 6, 15), L: D(2025, 6, 20), S: D(2025, 7, 1), P: D(2025, 10, 1)}
    assert c1.milestones.get(kind=R).evidence == "营业执照"
    assert c1.funds.latest("date").amount == Decimal("500") and c1.funds_total() == Decimal("2000.5")


def test_the_recording_order_keeps_every_step_in_order() -> None:
    class Stored:
        def __init__(self, day: datetime.date) -> None:
            self.date, self.evidence = day, ""

    stored = {R: Stored(D(2025, 2, 1)), L: Stored(D(2025, 3, 1)), S: Stored(D(2025, 5, 1))}
    plan = {R: (D(2025, 1, 15), ""), L: (D(2025, 6, 1), ""), S: (D(2025, 7, 1), ""), P: (D(2025, 8, 1), "")}
    assert recording_order(plan, stored) == [R, S, L, P]  # type: ignore[arg-type]


def test_it_reports_every_bad_row_precisely_and_writes_nothing(ledger: dict[str, Contract], reporter_jj: User) -> None:
    future = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    data = workbook(
        [
            HEAD,
            contract_row("JJ-2025-020", "好项目", registered="2025-03-10"),
            contract_row("JJ-2025-021", "来源不明项目", source="火星"),
            contract_row("JJ-2025-022", "未来项目", signed=future),
            contract_row("JJ-2025-023", "倒序项目", registered="2025-05-01", land="2025-04-01"),
            contract_row("JJ-2025-024", "未注册先开工项目", started="2025-05-01"),
            contract_row("JJ-2025-020", "重号项目"),
            contract_row("JJ-2025-025", "早于签约项目", registered="2025-02-01"),
        ]
    )
    before = counts()

    result = run(ContractImportSpec(), data, reporter_jj)

    assert result.error_lines() == [
        "第3行 来源地: 未找到来源地“火星”，可选：侨港澳台/在外泉商、长三角、粤港澳、京津冀、东南亚、本地增资、其他",
        "第4行 签约日期: 日期不能晚于今天。",
        "第5行 注册日期: 注册日期应不晚于供地日期2025年4月1日。",
        "第5行 供地日期: 供地日期应不早于注册日期2025年5月1日。",
        "第6行 开工日期: 请先登记“注册”，再登记“开工”。",
        "第7行 合同编号: 与第2行重复",
        "第8行 注册日期: 注册日期不能早于签约日期2025年3月1日。",
    ]
    assert not result.committed and counts() == before


def test_it_refuses_to_clear_a_milestone_or_to_lower_the_funds(ledger: dict[str, Contract], reporter_jj: User) -> None:
    data = export(ContractImportSpec(), reporter_jj)
    data = set_cell(data, "供地日期", "恒安新材料产业园", None)
    data = set_cell(data, "累计到位资金", "恒安新材料产业园", 100)
    data = set_cell(data, "累计到位资金", "晋江鞋服智造中心", 100)
    before = counts()

    result = run(ContractImportSpec(), data, reporter_jj)

    assert result.error_lines() == [
        "第4行 最近到位日期: 累计到位资金增加时请填写最近到位日期",
        "第5行 供地日期: 已登记的供地（2025年5月1日）不能通过导入清除，请在系统中删除",
        "第5行 累计到位资金: 累计到位资金100万元少于已登记的1500.5万元；"
        "导入只能增加到位资金，更正请在签约项目页面修改到位记录",
    ]
    assert counts() == before


def test_it_links_only_a_visible_registry_project(
    ledger: dict[str, Contract], reporter_lc: User, regions: dict[str, Region]
) -> None:
    data = workbook(
        [
            [*HEAD[:7], "关联项目代码"],
            [*contract_row("LC-2025-002", "鲤城项目", region="鲤城区")[:7], "2503-350582-04-01-123456"],
        ]
    )
    result = run(ContractImportSpec(), data, reporter_lc)
    assert result.error_lines() == ["第2行 关联项目代码: 未找到项目代码为“2503-350582-04-01-123456”的项目"]


def test_it_checks_the_project_a_start_would_advance(ledger: dict[str, Contract], reporter_jj: User) -> None:
    project = Project.objects.create(
        name="晋江在谋项目",
        code="2503-350582-04-01-654321",
        region=ledger["c2"].region,
        total_investment=1,
        category=Category.INDUSTRY,
    )
    project.enter(Stage.PREPARATION, D(2025, 9, 1))
    data = workbook(
        [
            [*HEAD, "关联项目代码"],
            [
                *contract_row("JJ-2025-030", "晋江在谋项目", registered="2025-03-05", started="2025-08-01"),
                "2503-350582-04-01-654321",
            ],
        ]
    )
    result = run(ContractImportSpec(), data, reporter_jj)
    assert result.error_lines() == [
        "第2行 开工日期: 关联项目“晋江在谋项目”：日期不能早于上一次阶段变更（2025年9月1日 前期）。"
    ]


def test_the_milestone_rule_agrees_with_the_model(ledger: dict[str, Contract]) -> None:
    contract = ledger["c2"]  # signed 2025-05-06, no milestones
    contract.record_milestone(R, D(2025, 6, 1))
    contract.record_milestone(S, D(2025, 8, 1))
    stored = contract.milestone_dates()
    cases = [(L, D(2025, 5, 1)), (L, D(2025, 9, 1)), (P, D(2025, 7, 1)), (R, D(2025, 9, 1))]
    for kind, day in cases:
        milestone = contract.milestones.filter(kind=kind).first() or Milestone(contract=contract, kind=kind)
        milestone.date = day
        with pytest.raises(ValidationError) as raised:
            milestone.full_clean()
        others = {k: d for k, d in stored.items() if k != kind}
        expected = {name: " ".join(messages) for name, messages in raised.value.message_dict.items()}
        assert milestone_errors(kind, day, contract.signed_on, others) == expected, (kind, day)
    assert milestone_errors(L, D(2025, 7, 1), contract.signed_on, {R: D(2025, 6, 1), S: D(2025, 8, 1)}) == {}


# --- leads ---------------------------------------------------------------------------------------------------------

LEAD_HEAD = ["企业名称", "拟投资项目", "来源地", "意向投资额", "所属区域", "招商组", "获取日期", "状态", "放弃原因"]


def test_it_creates_leads_in_a_status_through_the_workflow(regions: dict[str, Region], reporter_jj: User) -> None:
    team = factories.team("泉州市驻深圳招商组", "350500")
    data = workbook(
        [
            LEAD_HEAD,
            ["甲企业", "甲项目", "粤港澳", "10000", "晋江市", "泉州市驻深圳招商组", "2025-03-01", "洽谈", None],
            ["乙企业", "乙项目", "长三角", "1亿元", "晋江市", None, "2025-03-01", "放弃", "已落户外省"],
            ["丙企业", "丙项目", "长三角", "1", "晋江市", None, "2025-03-01", None, None],
        ]
    )
    result = run(LeadImportSpec(), data, reporter_jj)
    assert result.error_lines() == [] and result.created == 3
    first, second, third = (Lead.objects.get(company=name) for name in ("甲企业", "乙企业", "丙企业"))
    assert (first.status, first.status_changed_on, first.team) == (LeadStatus.TALKING, timezone.localdate(), team)
    assert (second.status, second.drop_reason, second.intended_investment) == (
        "dropped",
        "已落户外省",
        Decimal("10000"),
    )
    assert (third.status, third.status_changed_on) == (LeadStatus.LEAD, None)


def test_it_refuses_status_changes_of_existing_leads(regions: dict[str, Region], reporter_jj: User) -> None:
    factories.lead("甲企业", project_name="甲项目")
    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    data = workbook(
        [
            LEAD_HEAD,
            ["甲企业", "甲项目", "长三角", "10000", "晋江市", None, "2025-01-01", "意向", None],
            ["乙企业", "乙项目", "长三角", "1", "晋江市", None, "2025-03-01", "签约", None],
            ["丙企业", "丙项目", "长三角", "1", "晋江市", None, "2025-03-01", "放弃", None],
            ["丁企业", "丁项目", "长三角", "1", "晋江市", "不存在的组", future, None, None],
        ]
    )
    before = counts()
    result = run(LeadImportSpec(), data, reporter_jj)
    assert result.error_lines() == [
        "第2行 状态: 线索当前状态为“线索”，导入不能变更状态，请在线索页面办理状态变更（变更为“意向”）",
        "第3行 状态: 请从线索新建签约项目，签约后线索自动变为“签约”。",
        "第4行 放弃原因: 放弃线索请填写原因。",
        "第5行 招商组: 未找到晋江市或其上级区域名为“不存在的组”的招商组",
        "第5行 获取日期: 日期不能晚于今天。",
    ]
    assert counts() == before


# --- scope ---------------------------------------------------------------------------------------------------------


def test_it_refuses_rows_outside_the_users_scope(ledger: dict[str, Contract], reporter_lc: User) -> None:
    data = workbook([HEAD, contract_row("JJ-2025-040", "晋江新项目"), contract_row("JJ-2025-001", "恒安新材料产业园")])
    result = run(ContractImportSpec(), data, reporter_lc)
    assert result.error_lines() == [
        "第2行 所属区域: 不在您的可编辑范围内（鲤城区）",
        # A contract the user cannot see is not found by its number: the row would be a new 晋江 contract.
        "第3行 所属区域: 不在您的可编辑范围内（鲤城区）",
    ]
    leads = workbook([LEAD_HEAD, ["甲企业", "甲项目", "长三角", "1", "晋江市", None, "2025-03-01", None, None]])
    assert run(LeadImportSpec(), leads, reporter_lc).error_lines() == ["第2行 所属区域: 不在您的可编辑范围内（鲤城区）"]
    assert Contract.objects.count() == 4 and not Lead.objects.exists()


def test_an_outsider_exports_nothing_of_jinjiang(ledger: dict[str, Contract], reporter_lc: User) -> None:
    factories.lead("晋江线索企业")
    rows = sheet_rows(export(ContractImportSpec(), reporter_lc))
    assert [row[1] for row in rows[3:]] == ["鲤城文旅综合体"]
    assert sheet_rows(export(LeadImportSpec(), reporter_lc))[3:] == []


# --- the pages -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "rows", "model"),
    [
        ("contracts", [HEAD, contract_row("JJ-2025-050", "页面导入项目", registered="2025-03-02")], Contract),
        ("leads", [LEAD_HEAD, ["页面企业", "页面项目", "长三角", "1", "晋江市", None, "2025-03-01", None, None]], Lead),
    ],
)
def test_the_import_page_previews_and_commits(
    client: Client, regions: dict[str, Region], reporter_jj: User, kind: str, rows: list, model: Any
) -> None:
    client.force_login(reporter_jj)
    page = reverse(f"exchange:import_{kind}")
    title = "签约项目台账" if kind == "contracts" else "招商线索表"
    body = client.get(page).content.decode()
    assert f"导入{title}" in body and reverse("exchange:template", args=[kind]) in body
    template = client.get(reverse("exchange:template", args=[kind]))
    assert sheet_rows(template.content)[0][0] == title

    preview = client.post(page, {"file": SimpleUploadedFile("表.xlsx", workbook(rows))})
    body = preview.content.decode()
    assert "确认导入（新增1条，更新0条）" in body and not model.objects.exists()
    token = re.search(r'name="token" value="([^"]+)"', body)
    assert token is not None
    response = client.post(page, {"token": token.group(1)}, follow=True)
    assert "导入完成：新增1条，更新0条" in response.content.decode()
    assert model.objects.get().history.get().history_source == "web"


def test_a_leader_cannot_import(client: Client, leader_qz: User) -> None:
    client.force_login(leader_qz)
    assert client.get(reverse("exchange:import_contracts")).status_code == 404
    with pytest.raises(CommandError, match="无权导入签约项目台账"):
        call_command("import", "contracts", __file__, "--user", "qz_leader")
