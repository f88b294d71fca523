"""``tuijin rank``: the 晾晒比拼 table of a city's districts and zones on one indicator (``queries.ranking``).

    tuijin rank --indicator investment [--as-of 2026-10-31] [--region 350500] [--by schedule|completion|value]
                [--last 3] [--format table|json|xlsx] [--output FILE]

Columns: 名次 (ties share a rank), 区域, 实际, 目标, 完成率, 序时完成率, 较上期 (places gained since the previous
晾晒: a week earlier for a day-basis indicator, the month before for a month-basis one) and 末位. Formats as in
``tuijin targets progress``: the table rounds for reading, JSON keeps full precision as strings, xlsx writes numbers.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tuijin.core.audit import audit_context
from tuijin.core.money import NONE_DISPLAY, format_percent
from tuijin.core.periods import date_label
from tuijin.targets import queries
from tuijin.targets.choices import RankBy
from tuijin.targets.formatting import growth_target_text
from tuijin.targets.management.commands.targets import (
    add_output_arguments,
    default_city,
    emit,
    exact,
    find_region,
    format_amount,
    number_cell,
    parse_date,
    ratio_cell,
    render_table,
    text_cell,
    xlsx,
)
from tuijin.targets.models import Indicator, as_of_default


def change_text(change: int | None) -> str:
    """较上期: ↑2 (up two places), ↓1, 持平; — without a previous rank."""
    if change is None:
        return NONE_DISPLAY
    if change > 0:
        return f"↑{change}"
    return f"↓{-change}" if change < 0 else "持平"


def target_text(row: queries.RankRow) -> str:
    target = row.progress.target
    if target is None:
        return NONE_DISPLAY
    if row.progress.is_growth:
        return growth_target_text(target.value)
    return format_amount(target.value, row.progress.indicator.unit)


class Command(BaseCommand):
    help = "晾晒比拼：一个地级市各县（市、区）和功能区在一项指标上的排名（名次、实际、目标、序时完成率、较上期、末位）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--indicator", required=True, help="指标代码，如 investment、signed_amount")
        parser.add_argument("--as-of", dest="as_of", help="统计日期，如 2026-10-31（默认今天）")
        parser.add_argument(
            "--region",
            help="地级市区划代码（默认：统计日期所在年度有目标的第一个地级市，演示数据中为泉州市 350500）",
        )
        parser.add_argument(
            "--by",
            choices=RankBy.values,
            help="排序依据：schedule 序时完成率、completion 目标完成率、value 指标值"
            "（默认：各区域都有总量目标时按序时完成率，比率类指标按完成率，否则按指标值）",
        )
        parser.add_argument("--last", type=int, default=3, help="标记为末位的名次数（默认3，0为不标记）")
        add_output_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        key = options["indicator"].strip()
        indicator = Indicator.objects.filter(key=key).first()
        if indicator is None:
            known = "、".join(Indicator.objects.order_by("order", "pk").values_list("key", flat=True))
            raise CommandError(f"未找到指标“{key}”，可选：{known}")
        if options["last"] < 0:
            raise CommandError("--last 不能为负数")
        as_of = parse_date(options["as_of"], "--as-of") or as_of_default(timezone.localdate().year)
        with audit_context(reason="晾晒比拼", source="command:rank"):
            parent = find_region(options["region"]) if options["region"] else default_city(as_of.year)
            table = queries.ranking(indicator, parent, as_of, by=options["by"], last_places=options["last"])
        if not table.rows:
            raise CommandError(f"{parent.name}没有参与比拼的下级区域")
        by = str(RankBy(table.by).label)
        title = f"晾晒比拼：{indicator.name}（{parent.name}，截至{date_label(as_of)}，按{by}排名）"
        if table.previous_as_of:
            title += f"；较上期：与{date_label(table.previous_as_of)}相比"
        emit(
            self,
            options,
            lambda: [title, "", *self.lines(table)],
            lambda: self.json(table),
            lambda: self.workbook(title, table),
        )

    @staticmethod
    def lines(table: queries.Ranking) -> list[str]:
        unit = table.indicator.unit
        headers = ["名次", "区域", "实际", "目标", "完成率", "序时完成率", "较上期", "末位"]
        body = [
            [
                str(row.rank) if row.rank is not None else NONE_DISPLAY,
                row.region.name,
                format_amount(row.progress.actual, unit),
                target_text(row),
                format_percent(row.progress.completion),
                format_percent(row.progress.schedule_rate),
                change_text(row.change),
                "末位" if row.last else "",
            ]
            for row in table.rows
        ]
        return render_table(headers, body, right={0, 2, 3, 4, 5, 6})

    @staticmethod
    def json(table: queries.Ranking) -> dict[str, Any]:
        return {
            "indicator": table.indicator.key,
            "indicator_name": table.indicator.name,
            "unit": table.indicator.unit,
            "region": table.parent.code,
            "region_name": table.parent.name,
            "as_of": table.as_of.isoformat(),
            "by": table.by,
            "previous_as_of": table.previous_as_of.isoformat() if table.previous_as_of else None,
            "rows": [
                {
                    "rank": row.rank,
                    "region": row.region.code,
                    "region_name": row.region.name,
                    "value": exact(row.value),
                    "actual": exact(row.progress.actual),
                    "target_kind": row.progress.target.kind if row.progress.target else None,
                    "target": exact(row.progress.target.value) if row.progress.target else None,
                    "completion": exact(row.progress.completion),
                    "schedule_rate": exact(row.progress.schedule_rate),
                    "previous_rank": row.previous_rank,
                    "change": row.change,
                    "last": row.last,
                }
                for row in table.rows
            ],
        }

    @staticmethod
    def workbook(title: str, table: queries.Ranking) -> bytes:
        headers = ["名次", "区域代码", "区域", "实际", "目标", "完成率", "序时完成率", "上期名次", "较上期", "末位"]
        body = [
            [
                text_cell(row.rank),
                text_cell(row.region.code),
                text_cell(row.region.name),
                number_cell(row.progress.actual),
                number_cell(row.progress.target.value if row.progress.target else None),
                ratio_cell(row.progress.completion),
                ratio_cell(row.progress.schedule_rate),
                text_cell(row.previous_rank),
                text_cell(row.change),
                text_cell("末位" if row.last else None),
            ]
            for row in table.rows
        ]
        return xlsx(title, headers, body)
