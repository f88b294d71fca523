"""Admin of the targets app: indicators, targets, hand-entered figures and assessment schemes with their history;
rollups as a read-only list (derived data, rebuilt with ``tuijin rollups rebuild``, never edited).

A computed indicator's key, name, unit and source come from ``indicators.COMPUTED``; the admin shows them read-only.
The signing targets copied from the attraction app are refused by ``Target.clean`` here as everywhere.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from tuijin.targets.models import (
    AssessmentAdjustment,
    AssessmentItem,
    AssessmentScheme,
    Indicator,
    IndicatorEntry,
    Rollup,
    Target,
)


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["key", "name", "unit", "source", "time_basis", "direction", "cumulative", "order", "active"]
    list_filter = ["source", "unit", "active"]
    search_fields = ["key", "name"]
    list_editable = ["order", "active"]
    readonly_fields = ["version"]

    def get_readonly_fields(self, request: HttpRequest, obj: Indicator | None = None) -> list[str]:
        if obj is not None and obj.is_computed:
            # Declared in code (indicators.COMPUTED); ensure_indicators() would put them back anyway.
            return ["key", "name", "unit", "source", "cumulative", "version"]
        if obj is not None:
            return ["key", "source", "version"]
        return ["source", "version"]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["year", "region", "indicator", "kind", "value", "note"]
    list_filter = ["year", "kind", "indicator"]
    search_fields = ["region__name", "region__code", "indicator__name", "note"]
    raw_id_fields = ["region"]
    readonly_fields = ["version"]


@admin.register(IndicatorEntry)
class IndicatorEntryAdmin(SimpleHistoryAdmin):
    list_display = ["year", "month", "region", "indicator", "value", "previous_value"]
    list_filter = ["year", "month", "indicator"]
    search_fields = ["region__name", "region__code", "indicator__name", "note"]
    raw_id_fields = ["region"]
    readonly_fields = ["version"]


class AssessmentItemInline(admin.TabularInline):
    model = AssessmentItem
    extra = 0
    fields = ["indicator", "weight", "rule", "cap", "order"]


class AssessmentAdjustmentInline(admin.TabularInline):
    model = AssessmentAdjustment
    extra = 0
    fields = ["region", "on", "kind", "points", "reason"]
    raw_id_fields = ["region"]


@admin.register(AssessmentScheme)
class AssessmentSchemeAdmin(SimpleHistoryAdmin):
    list_display = ["year", "name", "region", "last_places"]
    list_filter = ["year"]
    search_fields = ["name", "region__name"]
    raw_id_fields = ["region"]
    readonly_fields = ["version"]
    inlines = [AssessmentItemInline, AssessmentAdjustmentInline]


@admin.register(Rollup)
class RollupAdmin(admin.ModelAdmin):
    list_display = ["indicator_key", "series", "region", "year", "day", "value"]
    list_filter = ["indicator_key", "series", "year"]
    search_fields = ["region__name", "region__code"]
    date_hierarchy = "day"
    list_select_related = ["region"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Rollup | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Rollup | None = None) -> bool:
        return False
