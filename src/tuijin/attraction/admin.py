"""Admin of investment attraction: every ledger with its history; the settings row and the source list here too.

Statuses and milestones are changed through the pages (``Lead.move``, ``Contract.record_milestone``), which check
the rules and ask for a reason; the admin shows them read-only where a direct change would skip a rule.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from tuijin.attraction.models import (
    AttractionSettings,
    AttractionTarget,
    Contract,
    FollowUp,
    FundArrival,
    Lead,
    LeadSource,
    Milestone,
    SigningEvent,
    Team,
    TeamMember,
)


@admin.register(AttractionSettings)
class AttractionSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "big_project_threshold", "count_framework", "rate_basis", "stale_lead_days"]
    readonly_fields = ["version"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # One row only; AttractionSettings.current() creates it on first use.
        return not AttractionSettings.objects.exists()


@admin.register(LeadSource)
class LeadSourceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "order", "active"]
    list_editable = ["order", "active"]
    readonly_fields = ["version"]


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    exclude = ["version"]
    raw_id_fields = ["user"]


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "region", "leader"]
    search_fields = ["name", "leader"]
    list_filter = ["region"]
    raw_id_fields = ["region"]
    readonly_fields = ["version"]
    inlines = [TeamMemberInline]


@admin.register(SigningEvent)
class SigningEventAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "date", "region"]
    list_filter = ["kind"]
    search_fields = ["name", "theme"]
    date_hierarchy = "date"
    raw_id_fields = ["region"]
    readonly_fields = ["version"]


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    exclude = ["version"]
    readonly_fields = ["recorded_by"]


@admin.register(Lead)
class LeadAdmin(SimpleHistoryAdmin):
    list_display = ["company", "project_name", "source", "intended_investment", "region", "status", "found_on"]
    list_filter = ["status", "source"]
    search_fields = ["company", "project_name", "credit_code"]
    raw_id_fields = ["region", "team"]
    readonly_fields = ["status", "status_changed_on", "drop_reason", "version"]
    inlines = [FollowUpInline]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    exclude = ["version"]


class FundArrivalInline(admin.TabularInline):
    model = FundArrival
    extra = 0
    exclude = ["version"]


@admin.register(Contract)
class ContractAdmin(SimpleHistoryAdmin):
    list_display = ["name", "number", "investor_name", "amount", "kind", "signed_on", "region", "team"]
    list_filter = ["kind", "source"]
    search_fields = ["name", "number", "investor_name", "investor_credit_code"]
    date_hierarchy = "signed_on"
    raw_id_fields = ["region", "lead", "event", "team", "project"]
    readonly_fields = ["version"]
    inlines = [MilestoneInline, FundArrivalInline]


@admin.register(AttractionTarget)
class AttractionTargetAdmin(SimpleHistoryAdmin):
    list_display = ["year", "region", "signed_amount", "big_projects"]
    list_filter = ["year"]
    raw_id_fields = ["region"]
    readonly_fields = ["version"]
