"""``tuijin problems remind [--date YYYY-MM-DD]``: deadline reminders for open problems.

Sends 即将到期 notifications to the lead and helper units of problems within the blue window (DOMAIN.md §5) and
已逾期（督办） notifications to the lead unit and the dispatchers of overdue ones; e-mail too when SMTP is configured.
Safe to run as often as wanted (cron, daily at 8:00): each problem is reminded once per kind and deadline.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from tuijin.core.audit import audit_context
from tuijin.problems.reminders import remind


class Command(BaseCommand):
    help = "问题协调：remind 发送临期、逾期（督办）提醒"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["remind"], help="remind：发送临期与逾期提醒")
        parser.add_argument("--date", help="按该日期计算（默认今天），如 2026-11-23")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = timezone.localdate()
        if options["date"]:
            try:
                as_of = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"日期“{options['date']}”格式不正确，应为 2026-11-23") from exc
        with audit_context(reason="临期与逾期提醒", source="command:problems"), transaction.atomic():
            result = remind(as_of)
        self.stdout.write(
            self.style.SUCCESS(f"已发送提醒：即将到期 {result.due_soon} 条，已逾期（督办） {result.overdue} 条")
        )
