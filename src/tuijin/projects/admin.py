"""Admin of the project registry: every model with its history; tags are maintained here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tuijin.projects.models import (
    AnnualPlan,
    NodeGoal,
    Project,
    ProjectFunding,
    StageTransition,
    Suspension,
    Tag,
)


@admin.register(Tag)
class TagAdmin(SimpleHistoryAdmin):
    list_display = ["name", "updated"]
    search_fields = ["name"]
    readonly_fields = ["version"]


class ProjectFundingInline(admin.TabularInline):
    model = ProjectFunding
    extra = 0
    exclude = ["version"]


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "region", "stage", "category", "total_investment", "suspended"]
    list_filter = ["stage", "category", "level_provincial", "level_municipal", "level_district", "suspended"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["region", "owner", "responsible_unit"]
    filter_horizontal = ["tags"]
    # Stage, actual dates and 停工 follow from transitions and approved requests, never from a hand edit.
    readonly_fields = ["stage", "actual_start", "actual_completion", "suspended", "version"]
    inlines = [ProjectFundingInline]


@admin.register(StageTransition)
class StageTransitionAdmin(SimpleHistoryAdmin):
    list_display = ["project", "from_stage", "to_stage", "date"]
    list_filter = ["to_stage"]
    search_fields = ["project__name", "project__code"]
    autocomplete_fields = ["project"]
    readonly_fields = ["version"]


@admin.register(ProjectFunding)
class ProjectFundingAdmin(SimpleHistoryAdmin):
    list_display = ["project", "source", "planned_amount"]
    list_filter = ["source"]
    search_fields = ["project__name", "project__code"]
    autocomplete_fields = ["project"]
    readonly_fields = ["version"]


@admin.register(Suspension)
class SuspensionAdmin(SimpleHistoryAdmin):
    list_display = ["project", "kind", "date", "status", "decided_by", "decided_at"]
    list_filter = ["kind", "status"]
    search_fields = ["project__name", "project__code", "reason"]
    autocomplete_fields = ["project"]
    readonly_fields = ["status", "decided_by", "decided_at", "version"]


class NodeGoalInline(admin.TabularInline):
    model = NodeGoal
    extra = 0
    exclude = ["version"]


@admin.register(AnnualPlan)
class AnnualPlanAdmin(SimpleHistoryAdmin):
    list_display = ["project", "year", "planned_investment", "joined_on", "left_on"]
    list_filter = ["year"]
    search_fields = ["project__name", "project__code"]
    autocomplete_fields = ["project"]
    readonly_fields = ["version"]
    inlines = [NodeGoalInline]


@admin.register(NodeGoal)
class NodeGoalAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "kind", "target_month", "achieved_on"]
    list_filter = ["kind", "target_month"]
    search_fields = ["plan__project__name"]
    readonly_fields = ["version"]
