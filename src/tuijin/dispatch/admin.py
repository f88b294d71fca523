"""Admin of monthly dispatch: reports (figures read-only once approved) and the dispatch settings, with history."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from tuijin.dispatch.models import DispatchSettings, MonthlyReport, ReportFunding

WORKFLOW_FIELDS = ["status", "return_reason", "submitted_by", "submitted_at", "reviewed_by", "reviewed_at", "version"]


class ReportFundingInline(admin.TabularInline):
    model = ReportFunding
    extra = 0
    exclude = ["version"]


@admin.register(MonthlyReport)
class MonthlyReportAdmin(SimpleHistoryAdmin):
    list_display = ["project", "year", "month", "amount", "status", "submitted_by", "reviewed_by"]
    list_filter = ["status", "year", "month"]
    search_fields = ["project__name", "project__code"]
    raw_id_fields = ["project"]
    inlines = [ReportFundingInline]

    def get_readonly_fields(self, request: HttpRequest, obj: MonthlyReport | None = None) -> Any:
        # An approved report is locked: corrections go through the correction page, which asks for a reason.
        if obj is not None and obj.locked:
            return [*WORKFLOW_FIELDS, "project", "year", "month", *MonthlyReport.FIGURE_FIELDS]
        return WORKFLOW_FIELDS


@admin.register(DispatchSettings)
class DispatchSettingsAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "report_deadline_day",
        "investment_yellow_points",
        "investment_red_points",
        "start_red_months",
        "stats_yellow_months",
        "stats_red_months",
    ]
    readonly_fields = ["version"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # One row only; DispatchSettings.current() creates it on first use.
        return not DispatchSettings.objects.exists()
