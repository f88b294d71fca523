"""Tables of the targets app: the lists of indicators, targets and hand-entered figures, the value formats of
DOMAIN.md §10 in an indicator's unit, and the progress table shared by the page and its workbook.

Money is stored in 万元 and shown in 亿元 to 2 decimals; counts as integers; values of percent indicators and growth
rates are in percent (17.5 means 17.5%); ratios (R, 序时进度, 序时完成率) are shown as percentages to 2 decimals and
同比 to 1 decimal. Rounding is 四舍五入 and happens only here.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from tuijin.core.models import Region
from tuijin.core.money import NONE_DISPLAY, format_percent, quantize_half_up
from tuijin.core.periods import date_label, period_label
from tuijin.projects.tables import NUMERIC
from tuijin.targets.choices import Direction, TargetKind, Unit
from tuijin.targets.formatting import (
    display_unit,
    growth_target_text,
    growth_text,
    number_text,
    points_text,
    target_text,
    value_number,
    value_text,
)
from tuijin.targets.indicators import MIRRORED
from tuijin.targets.models import Indicator, IndicatorEntry, Target
from tuijin.targets.queries import Decomposition, Progress

HUNDRED = Decimal(100)


def is_mirrored(target: Target) -> bool:
    """A signing target copied from the attraction app (set and changed there only)."""
    return target.indicator.key in MIRRORED


# ---- Lists ---------------------------------------------------------------------------------------------------------


class YesNoColumn(tables.Column):
    def render(self, value: bool) -> str:
        return _("是") if value else _("否")


class IndicatorTable(tables.Table):
    key = tables.Column(linkify=True, attrs={"td": {"class": "nowrap"}})
    name = tables.Column(linkify=True)
    unit = tables.Column()
    source = tables.Column()
    time_basis = tables.Column()
    direction = tables.Column()
    cumulative = YesNoColumn()
    active = YesNoColumn()

    class Meta:
        model = Indicator
        fields = ["key", "name", "unit", "source", "time_basis", "direction", "cumulative", "active"]
        order_by = ["order"]
        attrs = {"class": "table", "data-testid": "indicator-table"}
        row_attrs = {"data-key": lambda record: record.key}
        empty_text = gettext_lazy("没有符合条件的指标")


class TargetTable(tables.Table):
    year = tables.Column(linkify=True)
    region = tables.Column(order_by=("region__path",))
    indicator = tables.Column(linkify=True, order_by=("indicator__order", "indicator__pk"))
    kind = tables.Column()
    value = tables.Column(verbose_name=gettext_lazy("目标值"), attrs=NUMERIC)
    note = tables.Column()

    class Meta:
        model = Target
        fields = ["year", "region", "indicator", "kind", "value", "note"]
        attrs = {"class": "table", "data-testid": "target-table"}
        row_attrs = {
            "data-region": lambda record: record.region.code,
            "data-indicator": lambda record: record.indicator.key,
        }
        empty_text = gettext_lazy("没有符合条件的目标")

    def render_year(self, value: int) -> str:
        return _("%(year)s年") % {"year": value}

    def render_indicator(self, record: Target) -> str:
        return record.indicator.name

    def render_value(self, record: Target) -> str:
        return target_text(record)


class EntryTable(tables.Table):
    year = tables.Column(linkify=True)
    month = tables.Column(verbose_name=gettext_lazy("月份"), linkify=True, order_by=("year", "month"))
    region = tables.Column(order_by=("region__path",))
    indicator = tables.Column(order_by=("indicator__order", "indicator__pk"))
    value = tables.Column(attrs=NUMERIC)
    previous_value = tables.Column(attrs=NUMERIC)
    growth = tables.Column(verbose_name=gettext_lazy("同比"), accessor="pk", orderable=False, attrs=NUMERIC)

    class Meta:
        model = IndicatorEntry
        fields = ["year", "month", "region", "indicator", "value", "previous_value", "growth"]
        attrs = {"class": "table", "data-testid": "entry-table"}
        row_attrs = {
            "data-region": lambda record: record.region.code,
            "data-indicator": lambda record: record.indicator.key,
        }
        empty_text = gettext_lazy("没有符合条件的填报数据")

    def render_year(self, value: int) -> str:
        return _("%(year)s年") % {"year": value}

    def render_month(self, record: IndicatorEntry) -> str:
        return period_label(record.year, record.month)

    def render_indicator(self, record: IndicatorEntry) -> str:
        return record.indicator.name

    def render_value(self, record: IndicatorEntry) -> str:
        return value_text(record.indicator, record.value)

    def render_previous_value(self, record: IndicatorEntry) -> str:
        return value_text(record.indicator, record.previous_value)

    def render_growth(self, record: IndicatorEntry) -> str:
        return growth_text(record.growth)


# ---- The progress table --------------------------------------------------------------------------------------------


@dataclass
class Cell:
    """One cell of the progress table: its text on the page, its value in the workbook (a number as rounded for
    the page, shown there with ``number_format``) and the link behind it."""

    key: str
    text: str
    value: Decimal | str | None
    number_format: str = ""
    url: str = ""
    css: str = ""
    label: str = ""


PROGRESS_COLUMNS = [
    ("indicator", gettext_lazy("指标")),
    ("unit", gettext_lazy("单位")),
    ("target", gettext_lazy("目标")),
    ("actual", gettext_lazy("实际完成")),
    ("completion", gettext_lazy("完成率")),
    ("share", gettext_lazy("序时进度")),
    ("schedule_rate", gettext_lazy("序时完成率")),
    ("gap", gettext_lazy("超/慢序时（百分点）")),
    ("growth", gettext_lazy("同比")),
]


def _ratio_cell(key: str, ratio: Decimal | None) -> Cell:
    number = None if ratio is None else quantize_half_up(ratio, 4)
    return Cell(key, format_percent(ratio), number, "0.00%")


def schedule_css(row: Progress) -> str:
    pace = row.on_schedule
    return "" if pace is None else ("ahead" if pace else "behind")


@dataclass
class ProgressRow:
    progress: Progress
    cells: list[Cell] = field(default_factory=list)

    @property
    def indicator(self) -> Indicator:
        return self.progress.indicator


def progress_row(row: Progress, actual_url: str = "") -> ProgressRow:
    """The cells of one indicator's progress, as the page shows them and the workbook writes them."""
    indicator = row.indicator
    target = row.target
    if target is None:
        target_cell = Cell("target", NONE_DISPLAY, None)
    elif target.kind == TargetKind.GROWTH:
        target_cell = Cell("target", growth_target_text(target.value), growth_target_text(target.value))
    else:
        number = value_number(indicator, target.value)
        target_cell = Cell("target", number_text(number), number, _number_format(number))
    actual = value_number(indicator, row.actual)
    gap = None if row.gap_points is None else quantize_half_up(row.gap_points, 2)
    growth = row.growth
    css = schedule_css(row)
    schedule = _ratio_cell("schedule_rate", row.schedule_rate)
    schedule.css = css
    cells = [
        Cell("indicator", indicator.name, indicator.name),
        Cell("unit", display_unit(indicator), display_unit(indicator)),
        target_cell,
        Cell(
            "actual", number_text(actual), actual, _number_format(actual), url=actual_url if actual is not None else ""
        ),
        _ratio_cell("completion", row.completion),
        _ratio_cell("share", row.share),
        schedule,
        Cell("gap", points_text(row.gap_points), gap, "+0.00;-0.00;0.00", css=css),
        Cell(
            "growth",
            growth_text(growth),
            None if growth is None else quantize_half_up(growth / HUNDRED, 3),
            "0.0%",
        ),
    ]
    labels = dict(PROGRESS_COLUMNS)
    for cell in cells:
        cell.label = str(labels[cell.key])
    return ProgressRow(row, cells)


def _number_format(number: Decimal | None) -> str:
    if number is None:
        return ""
    return "#,##0" if number.as_tuple().exponent == 0 else "#,##0.00"


def progress_workbook(rows: list[ProgressRow], region: Region, as_of: datetime.date) -> bytes:
    """The progress table as a workbook: a title row with the region and date, the header, one row per indicator;
    numbers as numbers, rounded as on the page."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("目标进度")
    sheet.append([_("%(region)s目标任务完成情况（截至%(date)s）") % {"region": region.name, "date": date_label(as_of)}])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([str(label) for _key, label in PROGRESS_COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([cell.value for cell in row.cells])
        for index, cell in enumerate(row.cells, start=1):
            if cell.number_format and cell.value is not None:
                sheet.cell(sheet.max_row, index).number_format = cell.number_format
    sheet.column_dimensions["A"].width = 28
    for letter in "CDEFGHI":
        sheet.column_dimensions[letter].width = 14
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ---- Decomposition -------------------------------------------------------------------------------------------------


@dataclass
class DecompositionView:
    """The decomposition check as a page shows it: totals in the indicator's unit and the warning sentences."""

    check: Decomposition
    parts: list[tuple[Target, str]]
    whole: str
    parts_total: str
    difference: str
    warnings: list[str]

    @property
    def covered(self) -> bool:
        return self.check.covered

    @property
    def target(self) -> Target:
        return self.check.target


def decomposition_view(check: Decomposition) -> DecompositionView:
    target = check.target
    indicator = target.indicator
    warnings: list[str] = []
    difference = check.difference
    names = {"indicator": indicator.name, "region": target.region.name}
    if indicator.direction == Direction.LOWER and difference > 0:
        warnings.append(
            _("下级区域目标合计%(parts)s，超过%(region)s目标%(whole)s，多%(diff)s。")
            % {
                **names,
                "parts": value_text(indicator, check.parts_total),
                "whole": value_text(indicator, target.value),
                "diff": value_text(indicator, difference),
            }
        )
    elif indicator.direction != Direction.LOWER and difference < 0:
        warnings.append(
            _("下级区域目标合计%(parts)s，低于%(region)s目标%(whole)s，还差%(diff)s。")
            % {
                **names,
                "parts": value_text(indicator, check.parts_total),
                "whole": value_text(indicator, target.value),
                "diff": value_text(indicator, -difference),
            }
        )
    if check.missing:
        warnings.append(
            _("尚未分解到%(count)s个区域：%(names)s。")
            % {"count": len(check.missing), "names": "、".join(region.name for region in check.missing)}
        )
    if warnings:
        warnings.insert(0, _("目标分解未覆盖%(region)s的%(indicator)s目标（仅作提醒，不影响保存）：") % names)
    sign = "+" if difference > 0 else ("-" if difference < 0 else "")
    return DecompositionView(
        check=check,
        parts=[(part, target_text(part)) for part in check.parts],
        whole=target_text(target),
        parts_total=value_text(indicator, check.parts_total),
        difference=f"{sign}{value_text(indicator, abs(difference))}",
        warnings=warnings,
    )


def entry_fields(entry: IndicatorEntry) -> list[tuple[str, Any]]:
    """The card of a hand-entered figure: values in the indicator's unit (money also in 万元 as entered)."""
    indicator = entry.indicator

    def amount(value: Decimal | None) -> str:
        text = value_text(indicator, value)
        if value is not None and indicator.unit == Unit.MONEY:
            text += _("（%(wan)s万元）") % {"wan": f"{quantize_half_up(value, 2):,f}"}
        return text

    return [
        (_("指标"), indicator.name),
        (_("区域"), entry.region.name),
        (_("期间"), period_label(entry.year, entry.month)),
        (_("本期累计"), amount(entry.value)),
        (_("上年同期"), amount(entry.previous_value)),
        (_("同比"), growth_text(entry.growth)),
        (_("备注"), entry.note),
    ]
