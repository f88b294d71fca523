"""``tuijin targets progress``: a region's progress against its targets (DOMAIN.md §4), for the terminal or a file.

    tuijin targets progress --year 2026 [--as-of 2026-10-31] [--region 350500] [--format table|json|xlsx]
                            [--output FILE]

The rows are ``queries.progress_table`` over the active indicators that have a target or a figure. The table shows
what the pages show (money in 亿元, rates as percentages to 2 decimals, 同比 to 1 decimal, 四舍五入); JSON gives
every number as a string at full precision (money in 万元, rates as ratios: "1.2455…" is 124.56%; percent values,
growth and gaps in percent or points); xlsx writes numbers (money in 万元, rates formatted as percentages).

The helpers below (aligned CJK tables, number formats, the xlsx writer, option parsing) are shared with ``rank``.
"""

from __future__ import annotations

import datetime
import io
import json
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from tuijin.core.audit import audit_context
from tuijin.core.choices import RegionKind
from tuijin.core.models import Region
from tuijin.core.money import NONE_DISPLAY, format_money, format_percent, format_points, quantize_half_up
from tuijin.core.periods import date_label
from tuijin.targets import queries
from tuijin.targets.choices import TargetKind, Unit
from tuijin.targets.formatting import growth_target_text, growth_text
from tuijin.targets.models import as_of_default

FORMATS = ("table", "json", "xlsx")
RATIO_FORMAT = "0.00%"
NUMBER_FORMAT = "#,##0.00##"
HUNDRED = Decimal(100)


# --- shared with the rank command -----------------------------------------------------------------------------------


def width(text: str) -> int:
    """Terminal columns of ``text``: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: set[int] = frozenset()) -> list[str]:
    """Aligned lines: a header, a rule, the rows; columns in ``right`` (numbers) are right-aligned."""
    widths = [max(width(str(row[col])) for row in [headers, *rows]) for col in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        padded = []
        for col, cell in enumerate(cells):
            fill = " " * (widths[col] - width(cell))
            padded.append(fill + cell if col in right else cell + fill)
        return "  ".join(padded).rstrip()

    return [line(headers), "  ".join("-" * w for w in widths), *(line(row) for row in rows)]


def exact(value: Decimal | None) -> str | None:
    """A Decimal at full precision as JSON gives it; None stays null."""
    return None if value is None else format(value, "f")


def format_amount(value: Decimal | None, unit: str) -> str:
    """An indicator's value as the pages show it: money in 亿元, counts as numbers, percent values with %."""
    if value is None:
        return NONE_DISPLAY
    if unit == Unit.MONEY:
        return format_money(value)
    rounded = quantize_half_up(value, 2)
    if unit == Unit.PERCENT:
        return f"{rounded:f}%"
    text = f"{rounded.to_integral_value():,f}" if rounded == rounded.to_integral_value() else f"{rounded:,f}"
    return f"{text}{Unit(unit).label}"


def unit_label(unit: str) -> str:
    return str(Unit(unit).label)


def xlsx(title: str, headers: Sequence[str], rows: Sequence[Sequence[tuple[Any, str | None]]]) -> bytes:
    """A one-sheet workbook: a title line, the headers, then cells given as (value, number format or None)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.cell(1, 1, title).font = Font(bold=True, size=14)
    for col, header in enumerate(headers, start=1):
        cell = sheet.cell(2, col, header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions[cell.column_letter].width = max(10, width(header) + 4)
    for number, row in enumerate(rows, start=3):
        for col, (value, number_format) in enumerate(row, start=1):
            # Excel holds binary doubles: a report cell is a float, the exact figure stays in the JSON output.
            cell = sheet.cell(number, col, float(value) if isinstance(value, Decimal) else value)
            if number_format and value is not None:
                cell.number_format = number_format
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ratio_cell(value: Decimal | None) -> tuple[Any, str | None]:
    return (value, RATIO_FORMAT)


def number_cell(value: Decimal | None) -> tuple[Any, str | None]:
    return (value, NUMBER_FORMAT)


def text_cell(value: Any) -> tuple[Any, str | None]:
    return (value, None)


def parse_date(text: str | None, option: str) -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError as exc:
        raise CommandError(f"{option} “{text}”格式不正确，应为 2026-10-31") from exc


def find_region(code: str) -> Region:
    region = Region.objects.filter(code=code.strip().upper()).first()
    if region is None:
        raise CommandError(f"未找到区划代码为“{code}”的区域")
    return region


def default_city(year: int) -> Region:
    """The first city (in the region list's order) with a target of the year, else the first city: 泉州市 350500 in
    the demo, whose targets are the only ones loaded."""
    cities = Region.objects.filter(kind=RegionKind.CITY, in_statistics=True).order_by("sort_order", "code")
    city = cities.filter(targets__year=year).distinct().first() or cities.first()
    if city is None:
        raise CommandError("没有地级市区域，请先运行 tuijin seed_regions，或用 --region 指定区域")
    return city


def add_output_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="输出格式：table 对齐的中文表格（默认，金额为亿元、比率为百分数、四舍五入到两位小数）；"
        "json 数值为字符串、保留完整精度，不作舍入（金额为万元；完成率、序时进度、序时完成率为小数："
        "1.2456 即 124.56%%；百分比类指标值和同比为百分数，超（慢）序时进度为百分点）；"
        "xlsx 写入 --output 指定的文件（数值单元格）",
    )
    parser.add_argument("--output", type=Path, help="写入该文件（xlsx 格式必填；table、json 默认输出到屏幕）")


def emit(command: BaseCommand, options: dict[str, Any], lines: Any, data: Any, workbook: Any) -> None:
    """Write the table, the JSON or the workbook (each given as a function, so only the asked one is built)."""
    output: Path | None = options["output"]
    kind = options["format"]
    if kind == "xlsx":
        if output is None:
            raise CommandError("xlsx 格式需要用 --output 指定文件，如 --output 进度表.xlsx")
        output.write_bytes(workbook())
        command.stdout.write(command.style.SUCCESS(f"已写入 {output}"))
        return
    text = json.dumps(data(), ensure_ascii=False, indent=2) if kind == "json" else "\n".join(lines())
    if output is not None:
        output.write_text(text + "\n", encoding="utf-8")
        command.stdout.write(command.style.SUCCESS(f"已写入 {output}"))
    else:
        command.stdout.write(text)


# --- the progress table ----------------------------------------------------------------------------------------------


def _target_text(row: queries.Progress) -> str:
    if row.target is None:
        return NONE_DISPLAY
    if row.is_growth:
        return growth_target_text(row.target.value)
    return format_amount(row.target.value, row.indicator.unit)


def _kind(row: queries.Progress) -> str | None:
    if row.target is None:
        return None
    return "增长目标" if row.target.kind == TargetKind.GROWTH else "总量目标"


def progress_rows(region: Region, as_of: datetime.date) -> list[queries.Progress]:
    """The progress of every active indicator with a target or a figure for the region."""
    rows = queries.progress_table(queries.active_indicators(), region, as_of)
    return [row for row in rows if row.target is not None or row.actual is not None]


class Command(BaseCommand):
    help = (
        "目标任务：progress 输出区域各项指标的目标完成情况（实际、目标、完成率、序时进度、序时完成率、"
        "超（慢）序时进度、同比），可输出为表格、JSON 或 Excel"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["progress"], help="progress：目标完成情况")
        parser.add_argument("--year", type=int, help="年度（默认：--as-of 所在年度，否则今年）")
        parser.add_argument("--as-of", dest="as_of", help="统计日期，如 2026-10-31（默认：今年为今天，往年为12月31日）")
        parser.add_argument(
            "--region",
            help="区划代码（默认：有该年度目标的第一个地级市，演示数据中为泉州市 350500；没有目标时为第一个地级市）",
        )
        add_output_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = parse_date(options["as_of"], "--as-of")
        year = options["year"] or (as_of.year if as_of else timezone.localdate().year)
        if as_of is None:
            as_of = as_of_default(year)
        elif as_of.year != year:
            raise CommandError(f"--as-of {as_of.isoformat()} 不在 {year} 年度内")
        with audit_context(reason="目标完成情况", source="command:targets"):
            region = find_region(options["region"]) if options["region"] else default_city(year)
            rows = progress_rows(region, as_of)
        title = f"{region.name} {year}年目标任务完成情况（截至{date_label(as_of)}）"
        emit(
            self,
            options,
            lambda: [title, "", *self.table(rows)] if rows else [title, "", "没有目标或数据。"],
            lambda: self.json(region, as_of, rows),
            lambda: self.workbook(title, rows),
        )

    @staticmethod
    def table(rows: list[queries.Progress]) -> list[str]:
        headers = ["指标", "目标", "本期实际", "完成率", "序时进度", "序时完成率", "超（慢）序时进度", "同比"]
        body = [
            [
                row.indicator.name,
                _target_text(row),
                format_amount(row.actual, row.indicator.unit),
                format_percent(row.completion),
                format_percent(row.share),
                format_percent(row.schedule_rate),
                format_points(row.gap_points),
                growth_text(row.growth),
            ]
            for row in rows
        ]
        return render_table(headers, body, right=set(range(1, len(headers))))

    @staticmethod
    def json(region: Region, as_of: datetime.date, rows: list[queries.Progress]) -> dict[str, Any]:
        return {
            "region": region.code,
            "region_name": region.name,
            "year": as_of.year,
            "as_of": as_of.isoformat(),
            "rows": [
                {
                    "indicator": row.indicator.key,
                    "indicator_name": row.indicator.name,
                    "unit": row.indicator.unit,
                    "target_kind": row.target.kind if row.target else None,
                    "target": exact(row.target.value) if row.target else None,
                    "actual": exact(row.actual),
                    "completion": exact(row.completion),
                    "share": exact(row.share),
                    "schedule_rate": exact(row.schedule_rate),
                    "gap_points": exact(row.gap_points),
                    "growth": exact(row.growth),
                    "on_schedule": row.on_schedule,
                }
                for row in rows
            ],
        }

    @staticmethod
    def workbook(title: str, rows: list[queries.Progress]) -> bytes:
        headers = [
            "指标代码",
            "指标名称",
            "单位",
            "目标类型",
            "目标值",
            "本期实际",
            "年度目标完成率",
            "序时进度",
            "序时完成率",
            "超（慢）序时进度（百分点）",
            "同比增长（%）",
        ]
        body = [
            [
                text_cell(row.indicator.key),
                text_cell(row.indicator.name),
                text_cell(unit_label(row.indicator.unit)),
                text_cell(_kind(row)),
                number_cell(row.target.value if row.target else None),
                number_cell(row.actual),
                ratio_cell(row.completion),
                ratio_cell(row.share),
                ratio_cell(row.schedule_rate),
                number_cell(row.gap_points),
                number_cell(row.growth),
            ]
            for row in rows
        ]
        return xlsx(title, headers, body)
