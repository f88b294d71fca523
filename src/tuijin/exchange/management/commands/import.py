"""``tuijin import KIND FILE``: the import page's validate → commit, from the command line.

    tuijin import projects 项目信息表.xlsx [--dry-run] [--user USERNAME]
    tuijin import plans 年度计划表.xlsx
    tuijin import progress 10月调度表.xlsx --month 2025-10 [--dry-run]
    tuijin import targets 目标任务分解表.xlsx
    tuijin import entries 指标填报表.xlsx

Every error is printed to stderr as "第N行 列名: 原因" and the command exits with status 1 without writing
anything. Saved rows land in history with the source ``command:import`` and a reason naming the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuijin.exchange.management import command_spec, command_user
from tuijin.exchange.pipeline import run_import


class Command(BaseCommand):
    help = (
        "从 Excel（.xlsx/.xls）或 CSV 导入：projects 项目信息表、plans 年度计划表、progress 月度调度表、"
        "leads 招商线索表、contracts 签约项目台账、problems 问题清单、approvals 前期手续台账、"
        "targets 目标任务分解表、entries 指标填报表"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind",
            help="要导入的表（projects、plans、progress、leads、contracts、problems、approvals、targets、entries）",
        )
        parser.add_argument("file", type=Path, help="Excel 或 CSV 文件")
        parser.add_argument("--dry-run", action="store_true", help="只校验并报告新增/更新条数，不写入")
        parser.add_argument("--user", dest="username", help="以该用户的身份和可编辑范围导入（默认：第一个超级用户）")
        parser.add_argument("--month", help="月度调度表所属月份，如 2025-10")

    def handle(self, *args: Any, **options: Any) -> None:
        spec = command_spec(options["kind"])
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        if spec.needs_month and not options["month"]:
            raise CommandError(f"导入{spec.title}需要指定月份：--month 2025-10")
        user = command_user(options["username"])
        if not spec.can_import(user):
            raise CommandError(f"用户“{user.username}”无权导入{spec.title}")
        context = {"month": options["month"]} if options["month"] else {}
        result = run_import(
            spec,
            path.read_bytes(),
            user,
            dry_run=options["dry_run"],
            context=context,
            filename=path.name,
            origin="command:import",
        )
        for warning in result.warnings:
            self.stdout.write(f"提示：{warning}")
        if result.errors:
            for line in result.error_lines():
                self.stderr.write(line)
            raise CommandError(f"导入失败：共{len(result.errors)}处错误，未写入任何数据", returncode=1)
        if options["dry_run"]:
            self.stdout.write(f"校验通过（--dry-run，未写入）：{result.summary}")
        else:
            self.stdout.write(self.style.SUCCESS(f"导入完成：{result.summary}"))
