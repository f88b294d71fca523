"""``tuijin seed_regions``: create or refresh the reference regions (福建省, 泉州市, 福州市 and zones)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from tuijin.core.audit import audit_context
from tuijin.core.models import Region
from tuijin.core.regions import REGIONS, seed_regions


class Command(BaseCommand):
    help = "导入参考行政区划（福建省、泉州市、福州市及功能区）；可重复运行，已有区划只更新有变化的字段。"

    def handle(self, *args: Any, **options: Any) -> None:
        # One transaction: a failure half-way leaves no tree with orphaned paths behind.
        with transaction.atomic(), audit_context(source="command:seed_regions", reason="导入行政区划"):
            created = seed_regions()
        self.stdout.write(
            self.style.SUCCESS(
                f"行政区划导入完成：参考数据 {len(REGIONS)} 个，新建 {created} 个，"
                f"数据库现有区域 {Region.objects.count()} 个。"
            )
        )
