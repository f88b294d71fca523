"""The 目标任务分解表 and 指标填报表 imports and exports: round trips, the copied signing targets, errors on their rows
and columns, atomicity, scope, the pages and the commands."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from tests.workbooks import workbook
from tuijin.attraction.models import AttractionTarget
from tuijin.core.models import Region, User
from tuijin.exchange.pipeline import ImportResult, export_rows, run_import
from tuijin.targets.choices import Source, TargetKind, Unit
from tuijin.targets.imports import EntryImportSpec, TargetImportSpec
from tuijin.targets.models import Indicator, IndicatorEntry, Target

pytestmark = pytest.mark.django_db
TARGET_HEAD = ["年度", "区域代码", "区域名称", "指标代码", "指标名称", "目标类型", "目标值", "单位", "备注"]
ENTRY_HEAD = ["年度", "月份", "区域代码", "区域名称", "指标代码", "指标名称", "本期累计", "上年同期", "备注"]


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def make_indicator(key: str, name: str, unit: str = Unit.MONEY, **fields: Any) -> Indicator:
    indicator = Indicator(key=key, name=name, unit=unit, source=Source.MANUAL, **fields)
    if unit == Unit.PERCENT:
        indicator.cumulative = False
    indicator.full_clean()
    indicator.save()
    return indicator


def make_target(key: str, code: str, value: str, year: int = 2022, kind: str = TargetKind.LEVEL) -> Target:
    row = Target(
        indicator=Indicator.objects.get(key=key),
        region=Region.objects.get(code=code),
        year=year,
        kind=kind,
        value=Decimal(value),
    )
    row.full_clean()
    row.save()
    return row


@pytest.fixture
def fai(regions: dict[str, Region]) -> Indicator:
    return make_indicator("fai", "固定资产投资")


@pytest.fixture
def targets(fai: Indicator, regions: dict[str, Region]) -> dict[str, Target]:
    """泉州's 2022 targets: 固定资产投资 2168亿 for the city and +17.5% for 晋江, 本年完成投资 150亿 for 晋江, and the
    signing targets kept by 招商引资 (copied in as 新签约项目投资总额 and 20亿元以上项目数)."""
    AttractionTarget.objects.create(
        year=2022, region=regions["350500"], signed_amount=Decimal("100000000"), big_projects=100
    )
    return {
        "city": make_target("fai", "350500", "21680000"),
        "growth": make_target("fai", "350582", "17.5", kind=TargetKind.GROWTH),
        "investment": make_target("investment", "350582", "1500000"),
    }


def run(spec: Any, data: bytes, user: User, dry_run: bool = False) -> ImportResult:
    return run_import(spec, data, user, dry_run=dry_run, filename="表.xlsx")


def export(spec: Any, user: User, **context: Any) -> bytes:
    return export_rows(spec, spec.export_queryset(user, context), context)


def sheet_rows(data: bytes) -> list[tuple[Any, ...]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


def set_cell(data: bytes, header: str, row_number: int, value: Any) -> bytes:
    """Change the cell under ``header`` on Excel row ``row_number``, as a user would."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book.active
    assert ws is not None
    column = next(cell.column for cell in ws[2] if cell.value == header)
    ws.cell(row_number, column).value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- 目标任务分解表 -------------------------------------------------------------------------------------------------


def test_it_exports_the_targets_and_reads_them_back_unchanged(targets: dict[str, Target], dispatcher_qz: User) -> None:
    data = export(TargetImportSpec(), dispatcher_qz, year=2022)
    rows = sheet_rows(data)
    assert rows[0][0] == "目标任务分解表"
    assert list(rows[1]) == TARGET_HEAD
    assert [list(row) for row in rows[2:]] == [
        [2022, "350582", "晋江市", "investment", "本年完成投资", "总量目标", 1500000, "万元", None],
        [
            2022,
            "350500",
            "泉州市",
            "signed_amount",
            "新签约项目投资总额",
            "总量目标",
            100000000,
            "万元",
            "同步自招商目标",
        ],
        [2022, "350500", "泉州市", "big_projects", "20亿元以上项目数", "总量目标", 100, "个", "同步自招商目标"],
        [2022, "350500", "泉州市", "fai", "固定资产投资", "总量目标", 21680000, "万元", None],
        [2022, "350582", "晋江市", "fai", "固定资产投资", "增长目标", 17.5, "%", None],
    ]

    result = run(TargetImportSpec(), data, dispatcher_qz)

    assert result.ok and result.committed, result.error_lines()
    assert (result.created, result.updated, result.unchanged) == (0, 0, 5)
    assert [row.status for row in result.rows] == ["不变"] * 5


def test_it_creates_and_updates_targets_by_codes_or_names(fai: Indicator, dispatcher_qz: User) -> None:
    rows = [
        TARGET_HEAD,
        [2023, "350500", "泉州市", "fai", "固定资产投资", "总量目标", 23000000, "万元", "年初部署"],
        [2023, None, "晋江市", None, "固定资产投资", "增长", "12.5", "%", None],
        [2023, "350500Z01", None, "investment", None, None, 800000, None, None],
    ]

    result = run(TargetImportSpec(), workbook(rows), dispatcher_qz)

    assert result.committed and result.created == 3, result.error_lines()
    city = Target.objects.get(year=2023, region__code="350500")
    assert (city.indicator, city.kind, city.value, city.note) == (
        fai,
        TargetKind.LEVEL,
        Decimal("23000000"),
        "年初部署",
    )
    jj = Target.objects.get(year=2023, region__code="350582")
    assert (jj.kind, jj.value) == (TargetKind.GROWTH, Decimal("12.5"))
    zone = Target.objects.get(year=2023, region__code="350500Z01")
    assert (zone.indicator.key, zone.kind, zone.value) == ("investment", TargetKind.LEVEL, Decimal("800000"))
    record = city.history.get()
    assert (record.history_user, record.history_change_reason, record.history_source) == (
        dispatcher_qz,
        "导入目标任务分解表：表.xlsx",
        "web",
    )

    rows[1][6] = 24000000
    again = run(TargetImportSpec(), workbook(rows), dispatcher_qz)
    assert (again.created, again.updated, again.unchanged) == (0, 1, 2)
    assert again.rows[0].changes == [("目标值", "23000000", "24000000")]
    city.refresh_from_db()
    assert city.value == Decimal("24000000") and city.version == 2


def test_it_reports_every_bad_row_precisely_and_writes_nothing(fai: Indicator, dispatcher_qz: User) -> None:
    valid = [2023, "350582", "晋江市", "fai", "固定资产投资", "总量目标", 1000, "万元", None]
    rows = [
        TARGET_HEAD,
        valid,
        [2023, "350582", "晋江市", "gdpx", None, "总量目标", 1000, None, None],
        [2023, "359999", None, "fai", None, None, 1000, None, None],
        [2023, "350583", "南安市", "fai", None, None, "一千", None, None],
        [2023, "350583", "南安市", "fai", None, "总量目标", 0, None, None],
        [2023, "350500", "泉州市", "signed_amount", None, None, 5000, "万元", None],
        [2023, "350503", "丰泽区", "fai", None, None, 12, "亿元", None],
        [2023, "350504", "洛江区", "fai", None, "翻番", 10, None, None],
        valid,
        [2023, "350582", "南安市", "fai", None, None, 10, None, None],
        [1999, "350505", "泉港区", "fai", None, None, 10, None, None],
        [2023, "350521", "惠安县", "start_rate", None, "增长目标", 10, None, None],
        [2023, "350524", "安溪县", "fai", "本年完成投资", None, 10, None, None],
    ]

    result = run(TargetImportSpec(), workbook(rows), dispatcher_qz)

    assert not result.committed
    assert result.error_lines() == [
        "第3行 指标代码: 未找到指标代码为“gdpx”的指标",
        "第4行 区域代码: 未找到区划代码为“359999”的区域",
        "第5行 目标值: “一千” 不是有效的数字",
        "第6行 目标值: 总量目标应大于0。",
        "第7行 指标代码: “新签约项目投资总额”的目标在「招商引资 → 招商目标」中设置并自动同步到这里，"
        "导入不能新增或修改（未修改的行会跳过）",
        "第8行 单位: 总量目标按“万元”填写，本行单位为“亿元”，请换算后填写",
        "第9行 目标类型: “翻番”不是有效的目标类型，可选：总量目标、增长目标（%）",
        "第10行 指标代码: 与第2行重复",
        "第11行 区域代码: 区划代码350582（晋江市）与所属区域“南安市”不一致",
        "第12行 年度: 确保该值大于或等于2000。",
        "第13行 目标类型: 百分比类指标请设定总量目标（例如 60 表示60%）。",
        "第14行 指标名称: 指标代码fai（固定资产投资）与指标名称“本年完成投资”不一致",
    ]
    assert not Target.objects.filter(year=2023).exists()


def test_the_copied_signing_targets_pass_unchanged_and_are_refused_when_changed(
    targets: dict[str, Target], dispatcher_qz: User
) -> None:
    data = export(TargetImportSpec(), dispatcher_qz, year=2022, region=Region.objects.get(code="350500"))
    assert [row[3] for row in sheet_rows(data)[2:4]] == ["investment", "signed_amount"]
    assert run(TargetImportSpec(), data, dispatcher_qz).unchanged == 5

    changed = set_cell(set_cell(data, "目标值", 4, 120000000), "目标值", 6, 22000000)
    result = run(TargetImportSpec(), changed, dispatcher_qz)

    assert result.error_lines() == [
        "第4行 指标代码: “新签约项目投资总额”的目标在「招商引资 → 招商目标」中设置并自动同步到这里，"
        "导入不能新增或修改（未修改的行会跳过）"
    ]
    assert Target.objects.get(indicator__key="signed_amount").value == Decimal("100000000")
    # All or nothing: the valid change of row 6 waits for the file to be fixed.
    assert Target.objects.get(pk=targets["city"].pk).value == Decimal("21680000")


def test_it_refuses_targets_outside_the_users_regions(
    targets: dict[str, Target], dispatcher_fz: User, reporter_jj: User, admin_user: User, tmp_path: Path
) -> None:
    rows = [
        TARGET_HEAD,
        [2022, "350582", "晋江市", "fai", None, "增长目标", 20, "%", None],  # stored: 晋江 +17.5%
        [2023, "350583", "南安市", "fai", None, None, 1000, None, None],  # new
        [2023, "350102", "鼓楼区", "fai", None, None, 1000, None, None],  # their own
    ]

    result = run(TargetImportSpec(), workbook(rows), dispatcher_fz)

    assert result.error_lines() == [
        "第2行 区域名称: 不在您的可编辑范围内（福州市）",
        "第3行 区域名称: 不在您的可编辑范围内（福州市）",
    ]
    assert not Target.objects.filter(year=2023).exists()
    assert targets["growth"].value == Decimal("17.5")
    assert sheet_rows(export(TargetImportSpec(), dispatcher_fz, year=2022))[2:] == []
    # 区县填报 enter figures but do not set targets.
    assert not TargetImportSpec().can_import(reporter_jj)
    path = tmp_path / "目标.xlsx"
    path.write_bytes(workbook(rows))
    with pytest.raises(CommandError, match="无权导入目标任务分解表"):
        call_command("import", "targets", str(path), "--user", "jj_reporter")


def test_it_warns_about_a_percentage_read_as_a_fraction(fai: Indicator, dispatcher_qz: User) -> None:
    rows = [TARGET_HEAD, [2023, "350582", "晋江市", "fai", None, "增长目标", 0.175, None, None]]
    result = run(TargetImportSpec(), workbook(rows), dispatcher_qz, dry_run=True)
    assert result.ok
    assert [str(w) for w in result.warnings] == [
        "第2行 目标值: 目标值为0.175：百分数请按数值填写（17.5 表示17.5%），单元格设为百分比格式时会读成小数，请确认"
    ]


# --- 指标填报表 -------------------------------------------------------------------------------------------------------


def test_a_district_enters_its_figures_and_reads_them_back_unchanged(fai: Indicator, reporter_jj: User) -> None:
    rows = [
        ENTRY_HEAD,
        [2022, 9, "350582", "晋江市", "fai", "固定资产投资", 1000000, 900000, None],
        [2022, 10, None, "晋江市", None, "固定资产投资", "1130000", "1000000", "统计局快报"],
    ]

    result = run(EntryImportSpec(), workbook(rows), reporter_jj)

    assert result.committed and result.created == 2, result.error_lines()
    october = IndicatorEntry.objects.get(month=10)
    assert (october.value, october.previous_value, october.note) == (
        Decimal("1130000"),
        Decimal("1000000"),
        "统计局快报",
    )
    assert october.growth == Decimal("13.0")
    data = export(EntryImportSpec(), reporter_jj, year=2022)
    assert list(sheet_rows(data)[1]) == ENTRY_HEAD
    assert list(sheet_rows(data)[3]) == [
        2022,
        10,
        "350582",
        "晋江市",
        "fai",
        "固定资产投资",
        1130000,
        1000000,
        "统计局快报",
    ]
    again = run(EntryImportSpec(), data, reporter_jj)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_it_refuses_computed_indicators_foreign_regions_and_future_months(fai: Indicator, reporter_jj: User) -> None:
    energy = make_indicator("energy", "单位GDP能耗下降率", Unit.PERCENT)
    rows = [
        ENTRY_HEAD,
        [2022, 10, "350582", "晋江市", "fai", None, 1000, None, None],
        [2022, 10, "350582", "晋江市", "investment", None, 1000, None, None],
        [2022, 10, "350502", "鲤城区", "fai", None, 1000, None, None],
        [2099, 1, "350582", "晋江市", "fai", None, 1000, None, None],
        [2022, 13, "350582", "晋江市", "fai", None, 1000, None, None],
        [2022, None, "350582", "晋江市", "fai", None, 1000, None, None],
        [2022, 10, "350582", "晋江市", "energy", None, 0.035, None, None],
    ]

    result = run(EntryImportSpec(), workbook(rows), reporter_jj)

    assert result.error_lines() == [
        "第3行 指标代码: “本年完成投资”由系统根据项目、签约和问题数据计算，不需要填报",
        "第4行 区域名称: 不在您的可编辑范围内（晋江市）",
        "第5行 月份: 不能填报未来月份的数据。",
        "第6行 月份: 确保该值小于或等于12。",
        "第7行 月份: 不能为空",
    ]
    assert [str(w) for w in result.warnings] == [
        "第8行 本期累计: 本期累计为0.035：百分数请按数值填写（17.5 表示17.5%），"
        "单元格设为百分比格式时会读成小数，请确认"
    ]
    assert not IndicatorEntry.objects.exists() and energy.pk


# --- the pages and the commands ------------------------------------------------------------------------------------


def test_a_dispatcher_previews_and_commits_targets_on_the_import_page(
    client: Client, fai: Indicator, dispatcher_qz: User
) -> None:
    client.force_login(dispatcher_qz)
    page = reverse("exchange:import_targets")
    assert page == "/import/targets/"
    body = client.get(page).content.decode()
    assert "导入目标任务分解表" in body and reverse("exchange:template", args=["targets"]) in body
    template = client.get(reverse("exchange:template", args=["targets"]))
    assert sheet_rows(template.content)[:2] == [("目标任务分解表", *[None] * 8), tuple(TARGET_HEAD)]

    rows = [TARGET_HEAD, [2023, "350582", "晋江市", "fai", None, None, 1000000, "万元", None]]
    preview = client.post(page, {"file": SimpleUploadedFile("目标.xlsx", workbook(rows))})
    body = preview.content.decode()
    assert "确认导入（新增1条，更新0条）" in body and not Target.objects.exists()
    token = re.search(r'name="token" value="([^"]+)"', body)
    assert token is not None
    response = client.post(page, {"token": token.group(1)}, follow=True)
    assert "导入完成：新增1条，更新0条" in response.content.decode()
    assert Target.objects.get().history.get().history_source == "web"


def test_an_outsider_gets_row_errors_on_the_page_and_nothing_is_saved(
    client: Client, fai: Indicator, dispatcher_fz: User, reporter_jj: User
) -> None:
    client.force_login(dispatcher_fz)
    rows = [TARGET_HEAD, [2023, "350582", "晋江市", "fai", None, None, 1000000, None, None]]
    preview = client.post(reverse("exchange:import_targets"), {"file": SimpleUploadedFile("目标.xlsx", workbook(rows))})
    body = preview.content.decode()
    assert "不在您的可编辑范围内（福州市）" in body and 'name="token"' not in body
    assert not Target.objects.exists()
    client.force_login(reporter_jj)
    assert client.get(reverse("exchange:import_targets")).status_code == 404
    assert client.get(reverse("exchange:import_entries")).status_code == 200


def test_the_export_pages_write_the_filtered_list_within_scope(
    client: Client, targets: dict[str, Target], dispatcher_qz: User, reporter_lc: User, reporter_jj: User
) -> None:
    client.force_login(dispatcher_qz)
    response = client.get(reverse("targets:target_export"), {"year": "2022", "indicator": "fai"})
    assert response.status_code == 200
    assert "attachment; filename*=UTF-8''" in response["Content-Disposition"]
    assert [(row[1], row[3]) for row in sheet_rows(response.content)[2:]] == [("350500", "fai"), ("350582", "fai")]
    client.force_login(reporter_lc)
    assert sheet_rows(client.get(reverse("targets:target_export")).content)[2:] == []

    IndicatorEntry.objects.create(
        indicator=targets["city"].indicator, region=Region.objects.get(code="350582"), year=2022, month=10, value=5
    )
    assert sheet_rows(client.get(reverse("targets:entry_export")).content)[2:] == []
    client.force_login(reporter_jj)
    rows = sheet_rows(client.get(reverse("targets:entry_export"), {"year": "2022"}).content)
    assert [list(row) for row in rows[2:]] == [[2022, 10, "350582", "晋江市", "fai", "固定资产投资", 5, None, None]]


def test_the_commands_export_and_import_the_targets(
    targets: dict[str, Target], admin_user: User, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "目标任务分解表.xlsx"
    call_command("export", "targets", str(path), "--year", "2022", "--region", "350500")
    assert "已导出5行" in capsys.readouterr().out
    call_command("import", "targets", str(path))
    assert "导入完成：新增0条，更新0条，不变5条" in capsys.readouterr().out

    path.write_bytes(set_cell(path.read_bytes(), "目标值", 3, 1600000))  # 本年完成投资 of 晋江: 150亿 → 160亿
    call_command("import", "targets", str(path), "--dry-run")
    assert "校验通过（--dry-run，未写入）：新增0条，更新1条，不变4条" in capsys.readouterr().out
    call_command("import", "targets", str(path))
    assert Target.objects.get(pk=targets["investment"].pk).value == Decimal("1600000")
    assert Target.objects.get(pk=targets["investment"].pk).history.first().history_source == "command:import"

    entries = tmp_path / "指标填报表.xlsx"
    call_command("export", "entries", str(entries), "--year", "2022")
    assert "已导出0行" in capsys.readouterr().out


@pytest.mark.parametrize("kind", ["targets", "entries"])
def test_the_template_reads_back_as_an_empty_sheet(kind: str, fai: Indicator, dispatcher_qz: User) -> None:
    spec = TargetImportSpec() if kind == "targets" else EntryImportSpec()
    result = run(spec, export_rows(spec, []), dispatcher_qz, dry_run=True)
    assert result.error_lines() == ["文件中没有数据行"]


def test_a_money_unit_is_refused_where_nothing_is_converted(fai: Indicator, dispatcher_qz: User) -> None:
    """目标值 holds 万元, counts or percent depending on the indicator, so "单位：亿元" cannot apply to it: read as it
    stands, 2168 would be 2168万元. Above the header and in the header alike, the sheet is refused."""
    row = [2022, "350500", "泉州市", "fai", "固定资产投资", "总量目标", 2168, "", ""]
    above = run(TargetImportSpec(), workbook([["单位：亿元"], TARGET_HEAD, row]), dispatcher_qz)
    assert not above.ok and "单位：亿元" in " ".join(above.error_lines())
    header = [name if name != "目标值" else "目标值（亿元）" for name in TARGET_HEAD]
    in_header = run(TargetImportSpec(), workbook([header, row]), dispatcher_qz)
    assert not in_header.ok and "不能按“亿元”换算" in " ".join(in_header.error_lines())
    assert not Target.objects.exists()
