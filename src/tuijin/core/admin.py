"""Admin of the core app: regions, units, users and role assignments, all with history."""

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from tuijin.core.models import LoginFailure, Region, RoleAssignment, Unit, User
from tuijin.core.tasks import enqueue_audited, rebuild_region_tree


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "parent", "in_statistics", "sort_order"]
    list_filter = ["kind", "in_statistics"]
    search_fields = ["code", "name"]
    readonly_fields = ["path", "depth", "version"]
    actions = ["rebuild_tree"]

    @admin.action(description=_("重建区域树（后台任务）"))
    def rebuild_tree(self, request: HttpRequest, queryset: Any) -> None:
        enqueue_audited(rebuild_region_tree, reason=str(_("管理员重建区域树")))
        self.message_user(request, _("已提交后台任务：重建区域树。"), messages.SUCCESS)


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "region", "credit_code", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "credit_code"]
    autocomplete_fields = ["region"]
    readonly_fields = ["version"]


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1
    autocomplete_fields = ["region"]
    exclude = ["version"]


@admin.register(User)
class TuijinUserAdmin(UserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "full_name", "unit", "is_active", "is_staff", "last_login"]
    search_fields = ["username", "full_name", "phone"]
    autocomplete_fields = ["unit"]
    inlines = [RoleAssignmentInline]
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("推进"), {"fields": ("full_name", "phone", "unit")}),
    )


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    list_display = ["username", "ip_address", "at"]
    search_fields = ["username", "ip_address"]
