"""``tuijin rollups rebuild|check``: recompute the stored rollups, or prove they agree with the source rows.

    tuijin rollups rebuild [--indicator KEY ...]
    tuijin rollups check [--as-of 2026-10-31] [--indicator KEY ...]

``rebuild`` creates the computed indicators' rows (``ensure_indicators``), copies the attraction app's signing
targets (``mirror.mirror_all``) and recomputes the rollups of the given indicators (all by default), printing the rows
written per indicator. ``check`` compares, for every computed indicator and every region of statistics (each city and
its districts and zones), the figure read from the rollups with the one computed directly from the source rows at the
as-of date; it lists the differences and exits with status 1 when there is any (for monitoring: run it from cron after
the nightly rebuild, or after an incident, and rebuild when it fails).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from tuijin.core.audit import audit_context
from tuijin.core.choices import RegionKind
from tuijin.core.models import Region
from tuijin.targets import mirror, queries, rollups
from tuijin.targets.indicators import COMPUTED, INDICATORS, ensure_indicators
from tuijin.targets.management.commands.targets import parse_date, render_table
from tuijin.targets.models import Indicator, assessed_regions


def statistics_regions() -> list[Region]:
    """Each city counted in statistics followed by its districts and zones (the regions rankings compare)."""
    regions: list[Region] = []
    for city in Region.objects.filter(kind=RegionKind.CITY, in_statistics=True).order_by("sort_order", "code"):
        regions += [city, *assessed_regions(city)]
    return regions


def differences(keys: list[str], as_of: datetime.date) -> list[tuple[Indicator, Region, Any, Any]]:
    """(indicator, region, rolled up, direct) wherever the two answers differ."""
    regions = statistics_regions()
    found = []
    for indicator in Indicator.objects.filter(key__in=keys).order_by("order", "pk"):
        rolled = queries.actual_by_region(indicator, regions, as_of, source="rollup")
        direct = queries.actual_by_region(indicator, regions, as_of, source="direct")
        for region in regions:
            if rolled[region.pk] != direct[region.pk]:
                found.append((indicator, region, rolled[region.pk], direct[region.pk]))
    return found


def plain(value: Decimal | None) -> str:
    """A figure at full precision without trailing zeros, the same on every database ("103740800", "0.5")."""
    return "—" if value is None else format(value.normalize(), "f")


class Command(BaseCommand):
    help = (
        "汇总数据：rebuild 重建计算指标的汇总数据（并同步指标和招商目标）；"
        "check 核对汇总数据与直接计算是否一致，不一致时列出差异并以状态码1退出"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rebuild", "check"], help="rebuild 重建；check 核对")
        parser.add_argument(
            "--indicator",
            dest="indicators",
            action="extend",
            nargs="+",
            metavar="KEY",
            help="只处理这些计算指标（指标代码，可多个；默认全部）",
        )
        parser.add_argument("--as-of", dest="as_of", help="check：核对的统计日期，如 2026-10-31（默认今天）")

    def handle(self, *args: Any, **options: Any) -> None:
        keys = options["indicators"] or [spec.key for spec in INDICATORS]
        unknown = [key for key in keys if key not in COMPUTED]
        if unknown:
            raise CommandError(f"不是计算指标：{'、'.join(unknown)}（可选：{'、'.join(COMPUTED)}）")
        if options["action"] == "rebuild":
            self.rebuild_rollups(keys if options["indicators"] else None)
        else:
            # Not ``check``: BaseCommand.check runs the system checks.
            self.check_rollups(keys, parse_date(options["as_of"], "--as-of") or timezone.localdate())

    def rebuild_rollups(self, keys: list[str] | None) -> None:
        with audit_context(reason="重建汇总数据", source="command:rollups"), transaction.atomic():
            ensure_indicators()
            copied = mirror.mirror_all()
            counts = rollups.rebuild(keys)
        rows = [[key, COMPUTED[key].name, f"{count}行"] for key, count in counts.items()]
        for line in render_table(["指标代码", "指标名称", "汇总数据"], rows, right={2}):
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                f"已重建{len(counts)}项指标的汇总数据，共{sum(counts.values())}行；同步招商目标{copied}条"
            )
        )

    def check_rollups(self, keys: list[str], as_of: datetime.date) -> None:
        with audit_context(reason="核对汇总数据", source="command:rollups"):
            found = differences(keys, as_of)
            regions = len(statistics_regions())
        if not found:
            self.stdout.write(
                self.style.SUCCESS(
                    f"汇总数据与直接计算一致（{len(keys)}项指标 × {regions}个区域，截至{as_of.isoformat()}）"
                )
            )
            return
        rows = [
            [indicator.key, indicator.name, region.code, region.name, plain(rolled), plain(direct)]
            for indicator, region, rolled, direct in found
        ]
        for line in render_table(
            ["指标代码", "指标名称", "区划代码", "区域", "汇总数据", "直接计算"], rows, right={4, 5}
        ):
            self.stderr.write(line)
        raise CommandError(
            f"汇总数据与直接计算有{len(found)}处不一致（截至{as_of.isoformat()}），请运行 tuijin rollups rebuild 重建",
            returncode=1,
        )
