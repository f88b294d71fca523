"""Helpers shared by the dispatch pages: the reporting period of a request, who may review, safe redirects."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from tuijin.core.choices import Role
from tuijin.core.money import format_wan
from tuijin.core.scope import is_admin
from tuijin.dispatch.filters import resolve_period
from tuijin.dispatch.models import REPORT_SCOPE, MonthlyReport, ReportStatus

EDITABLE_STATUSES = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})


def _int_param(value: str | None, low: int, high: int) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if low <= number <= high else None


def request_period(request: HttpRequest) -> tuple[int, int]:
    """``?year=&month=`` of the request (ignored when malformed), completed from the last complete month."""
    return resolve_period(_int_param(request.GET.get("year"), 2000, 2100), _int_param(request.GET.get("month"), 1, 12))


def is_future(year: int, month: int) -> bool:
    today = timezone.localdate()
    return (year, month) > (today.year, today.month)


def is_dispatcher(user: Any) -> bool:
    """市级调度 (or an administrator): reviews and corrects reports."""
    return bool(user.is_authenticated and (is_admin(user) or user.has_role(Role.DISPATCHER)))


def reviewable_reports(user: Any) -> QuerySet[MonthlyReport]:
    """Reports the user may approve, return or correct: those under a region where they are 市级调度.

    Narrower than ``editable_by`` (which also lets district reporters change their drafts).
    """
    editable = MonthlyReport.objects.editable_by(user)
    if is_admin(user):
        return editable
    return editable.filter(REPORT_SCOPE.region_q(user.region_paths({Role.DISPATCHER})))


def with_display(rows: Any, field: str) -> list[Any]:
    """The rows with ``amount_display``: the amount in ``field`` (万元) as tables show it, 四舍五入 to 2 decimals."""
    rows = list(rows)
    for row in rows:
        row.amount_display = format_wan(getattr(row, field))
    return rows
