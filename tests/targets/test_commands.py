"""The ``targets progress``, ``rank`` and ``rollups`` commands: the DOMAIN.md §4 numbers as table, JSON and xlsx,
aligned Chinese tables, the 晾晒 table with its last places, and the rollup rebuild and check with exit codes."""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from tests.attraction import factories
from tuijin.attraction.choices import ContractKind
from tuijin.attraction.models import AttractionTarget
from tuijin.core.models import Region
from tuijin.core.money import format_percent
from tuijin.targets import rollups
from tuijin.targets.choices import Source, TargetKind, Unit
from tuijin.targets.indicators import COMPUTED
from tuijin.targets.management.commands.targets import width
from tuijin.targets.models import Indicator, IndicatorEntry, Rollup, Target

pytestmark = pytest.mark.django_db
D = datetime.date
CODES = [
    "350502",
    "350503",
    "350504",
    "350505",
    "350521",
    "350524",
    "350525",
    "350526",
    "350581",
    "350582",
    "350583",
    "350500Z01",
    "350500Z02",
]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def signed(regions: dict[str, Region]) -> Region:
    """DOMAIN.md §4: 10374.08亿 signed in 泉州 by 31 October 2022 against a 10000亿 target (kept by 招商引资)."""
    factories.contract("晋江大项目", "63740800", D(2022, 3, 15))
    factories.contract("南安大项目", "40000000", D(2022, 10, 31), region_code="350583")
    factories.contract("框架协议", "9999999", D(2022, 5, 1), kind=ContractKind.FRAMEWORK)  # not counted
    city = regions["350500"]
    AttractionTarget.objects.create(year=2022, region=city, signed_amount=Decimal("100000000"), big_projects=100)
    rollups.rebuild()
    return city


@pytest.fixture
def fai(regions: dict[str, Region]) -> Indicator:
    indicator = Indicator(key="fai", name="固定资产投资", unit=Unit.MONEY, source=Source.MANUAL)
    indicator.full_clean()
    indicator.save()
    return indicator


def add(model: type, **fields: Any) -> Any:
    row = model(**fields)
    row.full_clean()
    row.save()
    return row


# --- tuijin targets progress -----------------------------------------------------------------------------------------


def test_progress_prints_an_aligned_chinese_table(signed: Region, fai: Indicator) -> None:
    """晋江's 固定资产投资 +17.5% target against 1—10月 figures (113亿, last year 100亿: +13.0%) is listed too."""
    jj = Region.objects.get(code="350582")
    add(Target, indicator=fai, region=signed, year=2022, value=Decimal("21680000"))
    add(Target, indicator=fai, region=jj, year=2022, kind=TargetKind.GROWTH, value=Decimal("17.5"))

    output = run("targets", "progress", "--year", "2022", "--as-of", "2022-10-31")

    lines = output.splitlines()
    assert lines[0] == "泉州市 2022年目标任务完成情况（截至2022年10月31日）"
    table = lines[2:]
    assert table[0].split() == [
        "指标",
        "目标",
        "本期实际",
        "完成率",
        "序时进度",
        "序时完成率",
        "超（慢）序时进度",
        "同比",
    ]
    # CJK-aware alignment: the numbers are right-aligned, so every line is as wide as the rule under the header.
    assert {width(line) for line in table} == {width(table[1])}
    signed_row = next(line for line in table if line.startswith("新签约项目投资总额"))
    assert signed_row.split() == [
        "新签约项目投资总额",
        "10,000.00亿元",
        "10,374.08亿元",
        "103.74%",
        "83.29%",
        "124.56%",
        "+20.45个百分点",
        "—",
    ]
    big_row = next(line for line in table if line.startswith("20亿元以上项目数"))
    assert big_row.split()[1:3] == ["100个", "2个"]
    fai_row = next(line for line in table if line.startswith("固定资产投资"))
    assert fai_row.split()[1:3] == ["2,168.00亿元", "—"]  # no figure entered for the city

    IndicatorEntry.objects.create(
        indicator=fai, region=jj, year=2022, month=10, value=Decimal("1130000"), previous_value=Decimal("1000000")
    )
    jj_output = run("targets", "progress", "--as-of", "2022-10-31", "--region", "350582")
    assert jj_output.startswith("晋江市 2022年目标任务完成情况")
    jj_row = next(line for line in jj_output.splitlines() if line.startswith("固定资产投资"))
    # A growth target: 13.0% against 17.5% is 4.5 points behind; 序时进度 of a month-basis indicator is 10/12.
    assert jj_row.split() == ["固定资产投资", "增长17.5%", "113.00亿元", "—", "83.33%", "—", "-4.50个百分点", "13.0%"]


def test_progress_as_json_keeps_full_precision(signed: Region) -> None:
    data = json.loads(run("targets", "progress", "--year", "2022", "--as-of", "2022-10-31", "--format", "json"))
    assert (data["region"], data["region_name"], data["year"], data["as_of"]) == (
        "350500",
        "泉州市",
        2022,
        "2022-10-31",
    )
    row = next(row for row in data["rows"] if row["indicator"] == "signed_amount")
    assert Decimal(row["actual"]) == Decimal("103740800") and Decimal(row["target"]) == Decimal("100000000")
    # 10374.08 / (10000 × 304/365) at full precision (the 40-digit context of the money helpers), 124.56% shown.
    assert row["schedule_rate"].startswith("1.24557210526315789473684210526315789")
    assert format_percent(Decimal(row["schedule_rate"])) == "124.56%" and row["on_schedule"] is True
    assert row["unit"] == "money" and row["target_kind"] == "level" and row["growth"] is None


def test_progress_as_xlsx_writes_numbers_and_percent_formats(signed: Region, tmp_path: Path) -> None:
    path = tmp_path / "进度.xlsx"
    output = run(
        "targets", "progress", "--year", "2022", "--as-of", "2022-10-31", "--format", "xlsx", "--output", str(path)
    )
    assert f"已写入 {path}" in output
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "泉州市 2022年目标任务完成情况（截至2022年10月31日）"
    headers = list(rows[1])
    row = next(row for row in rows[2:] if row[0] == "signed_amount")
    values = dict(zip(headers, row, strict=True))
    assert (values["单位"], values["目标类型"], values["目标值"], values["本期实际"]) == (
        "万元",
        "总量目标",
        100000000,
        103740800,
    )
    assert round(values["序时完成率"], 6) == 1.245572
    number = next(r for r in sheet.iter_rows(min_row=3) if r[0].value == "signed_amount")
    assert number[headers.index("序时完成率")].number_format == "0.00%"

    with pytest.raises(CommandError, match="xlsx 格式需要用 --output 指定文件"):
        run("targets", "progress", "--format", "xlsx")
    with pytest.raises(CommandError, match="不在 2021 年度内"):
        run("targets", "progress", "--year", "2021", "--as-of", "2022-10-31")
    with pytest.raises(CommandError, match="未找到区划代码为“999999”的区域"):
        run("targets", "progress", "--region", "999999")


# --- tuijin rank -----------------------------------------------------------------------------------------------------


def test_rank_orders_by_schedule_rate_and_marks_the_last_places(fai: Indicator) -> None:
    """Every district and zone has a 1000万 target; 1—10月 figures of 100 … 1300 and 1350 for 晋江, which leads."""
    for index, code in enumerate(CODES, start=1):
        region = Region.objects.get(code=code)
        add(Target, indicator=fai, region=region, year=2022, value=Decimal("1000"))
        add(IndicatorEntry, indicator=fai, region=region, year=2022, month=9, value=Decimal(50 * index))
        value = 1350 if code == "350582" else 100 * index
        add(IndicatorEntry, indicator=fai, region=region, year=2022, month=10, value=Decimal(value))
    city = Region.objects.get(code="350500")
    add(Target, indicator=fai, region=city, year=2022, value=Decimal("13000"))

    output = run("rank", "--indicator", "fai", "--as-of", "2022-10-31")

    lines = output.splitlines()
    assert (
        lines[0]
        == "晾晒比拼：固定资产投资（泉州市，截至2022年10月31日，按序时完成率排名）；较上期：与2022年9月30日相比"
    )
    table = lines[2:]
    assert table[0].split() == ["名次", "区域", "实际", "目标", "完成率", "序时完成率", "较上期", "末位"]
    assert {width(line.rstrip()) for line in table if "末位" in line.split()[-1:]} == {width(table[1])}
    first = table[2].split()
    # 1350 of 1000 by 1—10月: 序时完成率 1350 / (1000 × 10/12) = 162%; 4th in September (500 behind 650, 600, 550).
    assert first == ["1", "晋江市", "0.14亿元", "0.10亿元", "135.00%", "162.00%", "↑3"]
    assert table[3].split()[:2] == ["2", "泉州台商投资区"]
    marked = [line.split()[:2] for line in table[2:] if line.endswith("末位")]
    assert marked == [["11", "洛江区"], ["12", "丰泽区"], ["13", "鲤城区"]]

    data = json.loads(run("rank", "--indicator", "fai", "--as-of", "2022-10-31", "--format", "json", "--last", "1"))
    assert (data["region"], data["by"], data["previous_as_of"]) == ("350500", "schedule", "2022-09-30")
    top = data["rows"][0]
    assert (top["rank"], top["region"], top["value"], top["previous_rank"], top["change"]) == (
        1,
        "350582",
        "162.00",
        4,
        3,
    )
    assert Decimal(top["schedule_rate"]) == Decimal("1.62")
    assert [row["last"] for row in data["rows"]].count(True) == 1 and data["rows"][-1]["last"] is True


def test_rank_is_computed_for_any_city_and_written_as_xlsx(signed: Region, tmp_path: Path) -> None:
    path = tmp_path / "晾晒.xlsx"
    run(
        "rank",
        "--indicator",
        "signed_amount",
        "--as-of",
        "2022-10-31",
        "--region",
        "350500",
        "--by",
        "value",
        "--format",
        "xlsx",
        "--output",
        str(path),
    )
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert rows[1] == ("名次", "区域代码", "区域", "实际", "目标", "完成率", "序时完成率", "上期名次", "较上期", "末位")
    assert rows[2][:4] == (1, "350582", "晋江市", 63740800)
    assert rows[3][:4] == (2, "350583", "南安市", 40000000)
    assert len(rows) == 2 + 13

    with pytest.raises(CommandError, match="未找到指标“nope”，可选：new_starts"):
        run("rank", "--indicator", "nope")
    with pytest.raises(CommandError, match="晋江市没有参与比拼的下级区域"):
        run("rank", "--indicator", "signed_amount", "--region", "350582")


# --- tuijin rollups --------------------------------------------------------------------------------------------------


def test_rollups_rebuild_recreates_the_rows_and_the_copied_targets(regions: dict[str, Region]) -> None:
    factories.contract("晋江大项目", "63740800", D(2022, 3, 15))
    AttractionTarget.objects.create(
        year=2022, region=regions["350500"], signed_amount=Decimal("100000000"), big_projects=100
    )
    Target.objects.filter(indicator__key="big_projects").delete()  # as if the copy had been lost

    output = run("rollups", "rebuild")

    lines = output.splitlines()
    assert lines[0].split() == ["指标代码", "指标名称", "汇总数据"]
    signed_line = next(line for line in lines if line.startswith("signed_amount"))
    assert signed_line.split()[1] == "新签约项目投资总额" and signed_line.endswith("行")
    assert f"已重建{len(COMPUTED)}项指标的汇总数据" in lines[-1] and "同步招商目标1条" in lines[-1]
    copied = Target.objects.get(indicator__key="big_projects")
    assert copied.value == 100 and copied.history.first().history_source == "command:rollups"
    assert Rollup.objects.filter(indicator_key="signed_amount").exists()

    only = run("rollups", "rebuild", "--indicator", "signed_amount", "signed_count").splitlines()
    assert [line.split()[0] for line in only[2:-1]] == ["signed_amount", "signed_count"]
    with pytest.raises(CommandError, match="不是计算指标：fai"):
        run("rollups", "rebuild", "--indicator", "fai")


def test_rollups_check_exits_non_zero_listing_the_differences(signed: Region) -> None:
    output = run("rollups", "check", "--as-of", "2022-10-31")
    assert f"汇总数据与直接计算一致（{len(COMPUTED)}项指标 × 29个区域，截至2022-10-31）" in output

    # A contract saved without its rollups (on-commit maintenance does not run inside a test's transaction).
    factories.contract("石狮新项目", "5000", D(2022, 6, 1), region_code="350581")
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command(
            "rollups",
            "check",
            "--as-of",
            "2022-10-31",
            "--indicator",
            "signed_amount",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert failure.value.returncode == 1
    assert "有2处不一致" in str(failure.value)
    lines = err.getvalue().splitlines()
    assert lines[0].split() == ["指标代码", "指标名称", "区划代码", "区域", "汇总数据", "直接计算"]
    assert [line.split() for line in lines[2:]] == [
        ["signed_amount", "新签约项目投资总额", "350500", "泉州市", "103740800", "103745800"],
        ["signed_amount", "新签约项目投资总额", "350581", "石狮市", "0", "5000"],
    ]

    run("rollups", "rebuild", "--indicator", "signed_amount")
    assert "一致" in run("rollups", "check", "--as-of", "2022-10-31", "--indicator", "signed_amount")
