"""The 项目信息表 and 年度计划表 imports: messy district workbooks, all-or-nothing, scope, and the export round trip."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from tests.imports.conftest import edit_cell, history_count
from tests.workbooks import workbook
from tuijin.core.models import Unit, User
from tuijin.exchange.cells import EXCEL_EPOCH
from tuijin.exchange.pipeline import export_rows, run_import
from tuijin.projects.choices import Category, Nature, Stage
from tuijin.projects.columns import PROJECT_COLUMNS
from tuijin.projects.imports import PROJECT_COLUMN_TYPES, AnnualPlanImportSpec, ProjectImportSpec
from tuijin.projects.models import AnnualPlan, Project, Tag

D = datetime.date
CODE = "2503-350582-04-01-123456"
HEADER = ["项目名称", "所属区域", "项目类别", "总投资", "阶段", "实际开工", "实际竣工", "业主单位"]


def serial(day: datetime.date) -> float:
    """The number Excel stores for a date cell."""
    return float((day - EXCEL_EPOCH).days)


def messy_workbook() -> bytes:
    """A 晋江 sheet as districts make them: title rows, 单位：亿元, a two-row merged header, a 合计 row, blank rows,
    text numbers with separators and full-width digits, serial and "2025年3月" dates, and a sign-off footer."""
    rows: list[list[Any]] = [
        ["2025年晋江市重点项目信息表"],
        ["（第一批，截至2025年6月底）"],
        [None] * 14 + ["单位：亿元"],
        [
            "序号",
            "项目\n全称",
            "投资项目\n统一代码",
            "所属\n区域",
            "项目类别",
            "计划总投资",
            "建设年限",
            None,
            "实际开工\n日期",
            "项目\n阶段",
            "业主单位",
            "标签",
            "是否入库",
            "入库时间",
            "备注",
        ],
        [None] * 6 + ["计划开工", "计划竣工"],
        [None, "合  计", None, None, None, "4.96906"],
        [
            1,
            " 晋江市五里园区标准厂房 ",
            CODE,
            "晋江市",
            "产业项目",
            "１．２３４５",
            "2025年3月",
            serial(D(2026, 12, 1)),
            "2025年3月5日",
            "在建",
            "晋江恒安建设有限公司",
            "城建，侨港澳台",
            "是",
            serial(D(2025, 4, 10)),
            "省重点",
        ],
        [],
        [2, "晋江市第二实验小学扩建", None, "晋江", "社会民生", "12,345.6万元", "2025.06", "2026年12月", None, "前期"],
        [3, "安海镇污水管网改造", None, "350582", "基础设施项目", 2.5, "2024-11", None, None, "谋划", None, None, "否"],
        [None, None],
        ["填报单位：晋江市发展和改革局", None, None, "填报人：张三", None, None, "联系电话：0595-85612345"],
        [4, "表尾以下的项目", None, "晋江市", "产业项目", 1],
    ]
    merges = ["A1:O1", "A2:O2", "G4:H4"] + [f"{c}4:{c}5" for c in "ABCDEFIJKLMNO"]
    return workbook(rows, merges=merges, title="晋江市")


def test_it_imports_a_messy_district_workbook_with_exact_values(
    reporter_jj: User, owner_unit: Unit, tags: dict[str, Tag]
) -> None:
    result = run_import(ProjectImportSpec, messy_workbook(), reporter_jj, dry_run=False, filename="晋江项目.xlsx")

    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    assert [row.number for row in result.rows] == [7, 9, 10]
    factory = Project.objects.get(code=CODE)
    assert factory.name == "晋江市五里园区标准厂房"
    assert factory.region.code == "350582"
    assert factory.category == Category.INDUSTRY
    assert factory.total_investment == Decimal("12345")
    assert (factory.planned_start, factory.planned_completion) == (D(2025, 3, 1), D(2026, 12, 1))
    assert factory.stage == Stage.CONSTRUCTION and factory.actual_start == D(2025, 3, 5)
    assert [(t.to_stage, t.date) for t in factory.transitions.all()] == [(Stage.CONSTRUCTION, D(2025, 3, 5))]
    assert factory.owner == owner_unit
    assert sorted(factory.tags.values_list("name", flat=True)) == ["侨港澳台", "城建"]
    assert factory.stats_registered and factory.stats_registered_on == D(2025, 4, 10)
    school = Project.objects.get(name="晋江市第二实验小学扩建")
    assert school.total_investment == Decimal("12345.6")
    assert school.category == Category.SOCIAL and school.stage == Stage.PREPARATION
    assert (school.planned_start, school.planned_completion) == (D(2025, 6, 1), D(2026, 12, 1))
    sewer = Project.objects.get(name="安海镇污水管网改造")
    assert sewer.total_investment == Decimal("25000") and sewer.planned_start == D(2024, 11, 1)
    assert not Project.objects.filter(name="表尾以下的项目").exists()
    record = factory.history.earliest()
    assert record.history_change_reason == "导入项目信息表：晋江项目.xlsx"
    assert record.history_user == reporter_jj and record.history_source == "web"


def test_it_writes_nothing_when_one_row_is_bad(admin_user: User, owner_unit: Unit) -> None:
    data = workbook(
        [
            HEADER,
            ["甲项目", "晋江市", "产业项目", "100", "谋划", None, None, "晋江恒安建设有限公司"],
            ["乙项目", "晋江市", "产业项目", "-100", "谋划"],
            ["丙项目", "晋江市", "产业项目", "50", "谋划", None, None, "不存在的公司"],
            ["丁项目", "晋江市", "工业项目", "１２三", "在建"],
        ]
    )
    projects, units, history = Project.objects.count(), Unit.objects.count(), history_count()

    result = run_import(ProjectImportSpec, data, admin_user, dry_run=False, filename="bad.xlsx")

    assert result.error_lines() == [
        "第3行 总投资: 总投资不能为负数。",
        "第4行 业主单位: 未找到单位“不存在的公司”，请先在“单位”中登记（导入不会新建单位）",
        "第5行 总投资: “１２三” 不是有效的数字",
    ]
    assert not result.committed and result.created == 0
    assert (Project.objects.count(), Unit.objects.count(), history_count()) == (projects, units, history)


def test_it_reports_model_rules_and_choices_on_their_columns(admin_user: User) -> None:
    data = workbook(
        [
            [*HEADER, "项目代码", "计划开工", "计划竣工"],
            ["甲项目", "晋江市", "工业项目", "100", "谋划", None, None, None, "2503-35058", "2026-05", "2025-01"],
            ["乙项目", "厦门市", "产业项目", "100", "在建"],
        ]
    )
    result = run_import(ProjectImportSpec, data, admin_user, dry_run=True, filename="x.xlsx")
    assert result.error_lines() == [
        "第2行 项目类别: “工业项目”不是有效的项目类别，可选：产业项目、基础设施项目、社会民生项目",
        "第2行 项目代码: 项目代码应为24位，格式如 2603-350583-04-03-243140，当前为 10 位",
        "第2行 计划竣工: 计划竣工年月不能早于计划开工年月。",
        "第3行 所属区域: 未找到名为“厦门市”的区域",
        "第3行 实际开工: 阶段为“在建”的项目请填写实际开工日期",
    ]


def test_it_refuses_a_row_in_another_district_for_a_district_reporter(reporter_jj: User) -> None:
    data = workbook(
        [HEADER, ["晋江项目", "晋江市", "产业项目", "100", "谋划"], ["鲤城项目", "鲤城区", "产业项目", "100", "谋划"]]
    )
    result = run_import(ProjectImportSpec, data, reporter_jj, dry_run=False, filename="x.xlsx")
    assert result.error_lines() == ["第3行 所属区域: 不在您的可编辑范围内（晋江市）"]
    assert Project.objects.count() == 0


def test_it_keeps_an_outsider_out_of_a_foreign_region(reporter_lc: User, make_project: Callable[..., Project]) -> None:
    project = make_project("晋江已有项目", code=CODE)
    version = project.version
    by_region = workbook(
        [[*HEADER, "项目代码"], ["晋江已有项目", "晋江市", "产业项目", "999", None, None, None, None, CODE]]
    )
    result = run_import(ProjectImportSpec, by_region, reporter_lc, dry_run=False, filename="x.xlsx")
    assert "第2行 所属区域: 不在您的可编辑范围内（鲤城区）" in result.error_lines()
    # Without a region the foreign project stays invisible: the row is a new project, refused for its code.
    by_code = workbook(
        [["项目代码", "项目名称", "所属区域", "项目类别", "总投资"], [CODE, "改名", "鲤城区", "产业项目", 1]]
    )
    result = run_import(ProjectImportSpec, by_code, reporter_lc, dry_run=False, filename="x.xlsx")
    assert result.error_lines() == ["第2行 项目代码: 该项目代码已被其他项目使用。"]
    project.refresh_from_db()
    assert (project.version, project.name, project.total_investment) == (version, "晋江已有项目", Decimal("10000"))
    assert Project.objects.count() == 1


def test_it_refuses_duplicate_rows_in_the_file(admin_user: User) -> None:
    data = workbook(
        [
            ["项目代码", *HEADER[:4]],
            [CODE, "甲项目", "晋江市", "产业项目", 1],
            [CODE, "甲项目（重复）", "晋江市", "产业项目", 1],
            [None, "乙项目", "晋江市", "产业项目", 1],
            [None, "乙项目", "晋江市", "产业项目", 2],
            [None, "乙项目", "鲤城区", "产业项目", 2],
        ]
    )
    result = run_import(ProjectImportSpec, data, admin_user, dry_run=True, filename="x.xlsx")
    assert result.error_lines() == ["第3行 项目代码: 与第2行重复", "第5行 项目名称: 与第4行重复"]


@pytest.fixture
def registry(
    admin_user: User, make_project: Callable[..., Project], owner_unit: Unit, jj_unit: Unit, tags: dict[str, Tag]
) -> list[Project]:
    """Three projects with every card field used between them, at different stages."""
    factory = make_project(
        "晋江市五里园区标准厂房",
        code=CODE,
        level_provincial=True,
        level_municipal=True,
        category=Category.INDUSTRY,
        industry_division="13",
        nature=Nature.EXPANSION,
        location="晋江市五里工业园区",
        content="一期：标准厂房12万㎡\n二期：仓储物流",
        total_investment=Decimal("123456.7891"),
        planned_start=D(2025, 3, 1),
        planned_completion=D(2026, 12, 1),
        owner=owner_unit,
        responsible_unit=jj_unit,
        responsible_leader="李四",
        stats_registered=True,
        stats_registered_on=D(2025, 4, 10),
        longitude=Decimal("118.589421"),
        latitude=Decimal("24.781234"),
    )
    factory.full_clean()
    factory.save()
    factory.tags.set([tags["城建"], tags["侨港澳台"]])
    factory.enter(Stage.PREPARATION, D(2024, 6, 1))
    factory.advance(Stage.CONSTRUCTION, D(2025, 3, 5))
    plan = make_project("鲤城区历史街区保护", "350502", total_investment=Decimal("0.5"))
    plan.enter(Stage.PLANNING, D(2025, 1, 2))
    done = make_project("晋江市第二实验小学扩建", category=Category.SOCIAL, level_district=True)
    done.enter(Stage.CONSTRUCTION, D(2023, 9, 1))
    done.advance(Stage.COMPLETED, D(2025, 8, 30))
    return [factory, plan, done]


def exported(user: User, context: dict[str, Any] | None = None) -> bytes:
    spec = ProjectImportSpec()
    return export_rows(spec, spec.export_queryset(user, context or {}), context)


def test_it_reports_no_change_when_an_unedited_export_is_imported(
    admin_user: User, reporter_jj: User, registry: list[Project]
) -> None:
    history = history_count()
    result = run_import(ProjectImportSpec, exported(admin_user), admin_user, dry_run=False, filename="x.xlsx")
    assert (result.errors, result.warnings) == ([], [])
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    # A district's own export comes back unchanged too.
    result = run_import(ProjectImportSpec, exported(reporter_jj), reporter_jj, dry_run=False, filename="x.xlsx")
    assert (result.errors, result.created, result.updated, result.unchanged) == ([], 0, 0, 2)
    assert history_count() == history


def test_it_changes_exactly_the_edited_cell_with_a_reasoned_history_record(
    reporter_jj: User, registry: list[Project]
) -> None:
    factory, _plan, done = registry
    before = {f.name: getattr(factory, f.name) for f in Project._meta.concrete_fields}
    done_history = done.history.count()
    data = edit_cell(exported(reporter_jj), "总投资", factory.name, 130000.5)

    result = run_import(ProjectImportSpec, data, reporter_jj, dry_run=False, filename="项目信息表-修改.xlsx")

    assert result.errors == [] and result.committed
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert [row.changes for row in result.rows if row.changes] == [[("总投资", "123456.7891", "130000.5")]]
    factory.refresh_from_db()
    after = {f.name: getattr(factory, f.name) for f in Project._meta.concrete_fields}
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {"total_investment", "version", "updated"}
    assert factory.total_investment == Decimal("130000.5")
    assert sorted(factory.tags.values_list("name", flat=True)) == ["侨港澳台", "城建"]
    record = factory.history.latest()
    assert record.history_change_reason == "导入项目信息表：项目信息表-修改.xlsx"
    assert record.history_user == reporter_jj and record.history_type == "~"
    assert done.history.count() == done_history


def test_it_refuses_a_stage_change_on_update(admin_user: User, registry: list[Project]) -> None:
    factory = registry[0]
    data = edit_cell(exported(admin_user), "阶段", "在建", "竣工投用")
    result = run_import(ProjectImportSpec, data, admin_user, dry_run=False, filename="x.xlsx")
    assert result.error_lines() == [
        "第5行 阶段: 项目当前阶段为“在建”，导入不能变更阶段，请在项目页面使用“阶段变更”办理（变更为“竣工投用”）"
    ]
    factory.refresh_from_db()
    assert factory.stage == Stage.CONSTRUCTION


def test_it_enters_a_new_project_at_its_stage_through_the_given_dates(admin_user: User) -> None:
    data = workbook(
        [
            HEADER,
            ["达产项目", "晋江市", "产业项目", 1, "达产", "2024-01-10", "2025-05-20"],
            ["竣工项目", "晋江市", "基础设施项目", 1, None, None, "2025-05-20"],
        ]
    )
    result = run_import(ProjectImportSpec, data, admin_user, dry_run=False, filename="x.xlsx")
    assert result.errors == []
    assert [str(w) for w in result.warnings] == [
        "第2行 阶段: 文件中没有达产日期，按实际竣工日期2025-05-20记录，如有出入请核对"
    ]
    producing = Project.objects.get(name="达产项目")
    assert [(t.to_stage, t.date) for t in producing.transitions.all()] == [
        (Stage.CONSTRUCTION, D(2024, 1, 10)),
        (Stage.COMPLETED, D(2025, 5, 20)),
        (Stage.PRODUCING, D(2025, 5, 20)),
        (Stage.CAPACITY, D(2025, 5, 20)),
    ]
    assert (producing.actual_start, producing.actual_completion) == (D(2024, 1, 10), D(2025, 5, 20))
    completed = Project.objects.get(name="竣工项目")
    assert (completed.stage, completed.actual_start, completed.actual_completion) == (
        Stage.COMPLETED,
        None,
        D(2025, 5, 20),
    )


def test_it_refuses_stages_the_dates_do_not_support(admin_user: User) -> None:
    data = workbook(
        [
            HEADER,
            ["甲", "晋江市", "产业项目", 1, "在建"],
            ["乙", "晋江市", "基础设施项目", 1, "投产", None, "2025-05-20"],
            ["丙", "晋江市", "产业项目", 1, "前期", "2025-01-01"],
            ["丁", "晋江市", "产业项目", 1, "在建", "2099-01-01"],
        ]
    )
    result = run_import(ProjectImportSpec, data, admin_user, dry_run=True, filename="x.xlsx")
    assert result.error_lines() == [
        "第2行 实际开工: 阶段为“在建”的项目请填写实际开工日期",
        "第3行 阶段: 只有产业项目才有投产、达产阶段。",
        "第4行 实际开工: 阶段为“前期”的项目尚未开工，不应填写实际开工日期",
        "第5行 实际开工: 实际开工日期不能晚于今天",
    ]


def test_it_reads_a_csv_in_gb18030(admin_user: User) -> None:
    text = '项目名称,所属区域,项目类别,总投资\n石狮服装城,石狮市,产业项目,"1,200"\n'
    result = run_import(ProjectImportSpec, text.encode("gb18030"), admin_user, dry_run=False, filename="石狮.csv")
    assert result.errors == [] and result.created == 1
    assert Project.objects.get().total_investment == Decimal("1200")


def test_it_covers_every_column_of_the_project_sheet() -> None:
    assert {key for _header, key in PROJECT_COLUMNS} <= set(PROJECT_COLUMN_TYPES)


# ---- 年度计划表 -----------------------------------------------------------------------------------------------------


def test_it_imports_annual_plans_by_code_or_name(reporter_jj: User, make_project: Callable[..., Project]) -> None:
    coded = make_project("晋江市五里园区标准厂房", code=CODE)
    named = make_project("安海镇污水管网改造", plan=100)
    make_project("鲤城区历史街区保护", "350502")
    data = workbook(
        [
            ["2025年度重点项目计划表"],
            [None, None, None, "单位：亿元"],
            ["项目代码", "项目名称", "年度", "年度计划投资\n（万元）", "列入日期", "调出日期", "调出原因"],
            [CODE, None, 2025, "3,000", "2025年3月1日"],
            [None, "安海镇污水管网改造", "2025", 150.25],
            [None, "鲤城区历史街区保护", 2025, 10],
            [None, "安海镇污水管网改造", 2026, 10, None, "2026-02-01"],
        ]
    )
    result = run_import(AnnualPlanImportSpec, data, reporter_jj, dry_run=False, filename="计划.xlsx")
    assert result.error_lines() == [
        "第6行 项目名称: 在您的可编辑范围内未找到名为“鲤城区历史街区保护”的项目",
        "第7行 调出原因: 调出年度名单时请填写原因。",
    ]
    assert AnnualPlan.objects.count() == 1
    data = workbook([row for i, row in enumerate(_rows(data)) if i not in (5, 6)])
    result = run_import(AnnualPlanImportSpec, data, reporter_jj, dry_run=False, filename="计划.xlsx")
    assert result.errors == [] and (result.created, result.updated) == (1, 1)
    assert AnnualPlan.objects.get(project=coded).planned_investment == Decimal("3000")
    assert AnnualPlan.objects.get(project=coded).joined_on == D(2025, 3, 1)
    assert AnnualPlan.objects.get(project=named).planned_investment == Decimal("150.25")


def _rows(data: bytes) -> list[list[Any]]:
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_it_round_trips_the_annual_plans(admin_user: User, make_project: Callable[..., Project]) -> None:
    project = make_project("安海镇污水管网改造", plan=Decimal("1234.5678"))
    AnnualPlan.objects.create(
        project=project,
        year=2024,
        planned_investment=Decimal("88"),
        joined_on=D(2024, 5, 1),
        left_on=D(2024, 9, 1),
        left_reason="项目调整",
    )
    spec = AnnualPlanImportSpec()
    data = export_rows(spec, spec.export_queryset(admin_user, {}), {})
    result = run_import(AnnualPlanImportSpec, data, admin_user, dry_run=True, filename="x.xlsx")
    assert (result.errors, result.created, result.updated, result.unchanged) == ([], 0, 0, 2)
    data = edit_cell(data, "调出原因", "项目调整", "用地未落实")
    result = run_import(AnnualPlanImportSpec, data, admin_user, dry_run=False, filename="x.xlsx")
    assert (result.errors, result.updated) == ([], 1)
    assert AnnualPlan.objects.get(year=2024).left_reason == "用地未落实"
