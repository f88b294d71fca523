"""Admin of problem coordination: the kinds list (with its working-day limits) and the settings row are kept here;
problems, approval items and inspections are shown with their history.

A problem's status, units and deadlines change only through its workflow methods (the pages and the API), which
check who may act and write the timeline; the admin shows them read-only.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from tuijin.problems.models import (
    ApprovalItem,
    ExtensionRequest,
    HandlingRecord,
    Inspection,
    Notification,
    Problem,
    ProblemKind,
    ProblemSettings,
)


@admin.register(ProblemSettings)
class ProblemSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "blue_days", "extension_notice_days", "attachment_max_mb", "land_to_start_days"]
    readonly_fields = ["version"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # One row only; ProblemSettings.current() creates it on first use.
        return not ProblemSettings.objects.exists()


@admin.register(ProblemKind)
class ProblemKindAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "lead_days", "helper_days", "order", "active"]
    list_editable = ["lead_days", "helper_days", "order", "active"]
    readonly_fields = ["version"]

    def get_readonly_fields(self, request: HttpRequest, obj: ProblemKind | None = None) -> list[str]:
        # Indicators refer to the code; it is set once.
        return ["code", "version"] if obj else ["version"]


class HandlingRecordInline(admin.TabularInline):
    model = HandlingRecord
    extra = 0
    can_delete = False
    fields = ["on", "action", "unit", "user", "note"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Problem)
class ProblemAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "project", "kind", "status", "lead_unit", "deadline"]
    list_filter = ["status", "kind", "level"]
    search_fields = ["code", "title", "description", "project__name"]
    date_hierarchy = "raised_on"
    raw_id_fields = ["project", "inspection"]
    readonly_fields = [
        "code",
        "status",
        "raised_by",
        "lead_unit",
        "assigned_on",
        "deadline",
        "helper_deadline",
        "deadline_estimated",
        "resolved_on",
        "resolution",
        "closed_on",
        "version",
    ]
    inlines = [HandlingRecordInline]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(SimpleHistoryAdmin):
    list_display = ["problem", "requested_on", "current_deadline", "new_deadline", "status", "decided_on"]
    list_filter = ["status"]
    raw_id_fields = ["problem"]
    readonly_fields = ["version"]


@admin.register(ApprovalItem)
class ApprovalItemAdmin(SimpleHistoryAdmin):
    list_display = ["project", "type", "name", "handling_unit", "status", "planned_on", "obtained_on", "document_no"]
    list_filter = ["type", "status"]
    search_fields = ["project__name", "project__code", "document_no", "agent_name"]
    raw_id_fields = ["project", "handling_unit"]
    readonly_fields = ["version"]


@admin.register(Inspection)
class InspectionAdmin(SimpleHistoryAdmin):
    list_display = ["on", "project", "inspectors", "workers_seen", "recorded_by"]
    search_fields = ["project__name", "inspectors", "findings"]
    date_hierarchy = "on"
    raw_id_fields = ["project"]
    readonly_fields = ["recorded_by", "version"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created", "user", "kind", "message", "read_at", "emailed"]
    list_filter = ["kind"]
    search_fields = ["message", "user__username"]
    raw_id_fields = ["user", "problem"]
