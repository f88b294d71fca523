"""Template context shared by every page: navigation and the signed-in user's scope."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Navigation of the whole mission. A module's link is listed here when the module lands: explicit,
# so a newcomer finds the menu in one place. (label, url name, url prefix that marks it active)
NAVIGATION: list[tuple[Any, str, str]] = [
    (_("首页"), "home", "/$"),
    (_("驾驶舱"), "targets:cockpit", "/cockpit/"),
    (_("项目库"), "dispatch:project_list", "/projects/"),
    (_("年度计划"), "projects:plan_list", "/plans/"),
    (_("停工/复工"), "projects:suspension_list", "/suspensions/"),
    (_("月度填报"), "dispatch:grid", "/dispatch/grid/"),
    (_("审核队列"), "dispatch:queue", "/dispatch/queue/"),
    (_("月度报告"), "dispatch:report_list", "/reports/"),
    (_("区县概览"), "dispatch:overview", "/dispatch/overview/"),
    (_("招商引资"), "attraction:overview", "/attraction/"),
    (_("问题协调"), "problems:problem_list", "/problems/"),
    (_("前期手续"), "problems:approval_list", "/approvals/"),
    (_("督查"), "problems:inspection_list", "/inspections/"),
    (_("晾晒比拼"), "targets:ranking", "/rankings/"),
    (_("目标考核"), "targets:target_list", "/targets/|/assessment/"),
    (_("数据导入"), "exchange:import_projects", "/import/"),
    (_("单位"), "core:unit_list", "/units/"),
    (_("API文档"), "api-docs", "/api/"),
]


def tuijin(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"nav": []}
    nav = []
    for label, url_name, prefix in NAVIGATION:
        url = reverse(url_name)
        # A prefix may list several alternatives separated by "|".
        active = request.path == "/" if prefix == "/$" else request.path.startswith(tuple(prefix.split("|")))
        nav.append({"label": label, "url": url, "active": active})
    if user.is_staff:
        nav.append(
            {"label": _("系统管理"), "url": reverse("admin:index"), "active": request.path.startswith("/admin/")}
        )
    return {
        "nav": nav,
        "user_roles": user.role_labels(),
        "user_scope": [region.name for region in user.scope_regions()] if not user.is_superuser else [_("全部区域")],
    }
