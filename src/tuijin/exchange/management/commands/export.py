"""``tuijin export KIND FILE``: the sheet the import reads, filled from the database.

    tuijin export projects 项目信息表.xlsx [--region 350582] [--year 2025]
    tuijin export plans 年度计划表.xlsx [--region CODE] [--year 2025]
    tuijin export progress 10月调度表.xlsx --month 2025-10 [--region CODE]
    tuijin export targets 目标任务分解表.xlsx --year 2026 [--region CODE]
    tuijin export entries 指标填报表.xlsx --year 2026 [--region CODE]

``--year`` limits projects to that year's list (targets and hand-entered figures to that year); the progress sheet
has one row per project of the month's year list with the figures already reported, for the districts to fill in
and import back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuijin.core.models import Region
from tuijin.exchange.management import command_spec, command_user
from tuijin.exchange.pipeline import ImportSetupError, export_rows, parse_month


class Command(BaseCommand):
    help = (
        "导出为 Excel：projects 项目信息表、plans 年度计划表、progress 月度调度表、leads 招商线索表、"
        "contracts 签约项目台账、problems 问题清单、approvals 前期手续台账、targets 目标任务分解表、"
        "entries 指标填报表（导出的文件可修改后再导入）"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind",
            help="要导出的表（projects、plans、progress、leads、contracts、problems、approvals、targets、entries）",
        )
        parser.add_argument("file", type=Path, help="要写入的 .xlsx 文件")
        parser.add_argument("--region", help="只导出该区域（区划代码）及其下级")
        parser.add_argument(
            "--year", type=int, help="只导出该年度重点项目名单中的项目（年度计划），或该年度的目标、填报数据"
        )
        parser.add_argument("--month", help="月度调度表的月份，如 2025-10")
        parser.add_argument("--user", dest="username", help="以该用户的可见范围导出（默认：第一个超级用户）")

    def handle(self, *args: Any, **options: Any) -> None:
        spec = command_spec(options["kind"])
        context: dict[str, Any] = {}
        if options["region"]:
            region = Region.objects.filter(code=options["region"].strip()).first()
            if region is None:
                raise CommandError(f"未找到区划代码为“{options['region']}”的区域")
            context["region"] = region
        if options["year"]:
            context["year"] = options["year"]
        if options["month"]:
            try:
                context["month"] = parse_month(options["month"]).strftime("%Y-%m")
            except ImportSetupError as exc:
                raise CommandError(str(exc)) from exc
        elif spec.needs_month:
            raise CommandError(f"导出{spec.title}需要指定月份：--month 2025-10")
        user = command_user(options["username"])
        objects = list(spec.export_queryset(user, context))
        path: Path = options["file"]
        path.write_bytes(export_rows(spec, objects, context))
        self.stdout.write(self.style.SUCCESS(f"已导出{len(objects)}行到 {path}"))
