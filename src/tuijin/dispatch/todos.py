"""The home page's to-dos of monthly dispatch (listed in settings.TUIJIN_TODO_PROVIDERS)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from tuijin.core.choices import Role
from tuijin.core.periods import last_complete_month
from tuijin.core.scope import ScopeRule
from tuijin.core.todos import Todo
from tuijin.dispatch.models import REPORT_SCOPE, DispatchSettings, MonthlyReport, ReportStatus
from tuijin.dispatch.views.common import is_dispatcher, reviewable_reports
from tuijin.projects.models import Project
from tuijin.projects.queries import year_list


def todos(user: Any) -> list[Todo]:
    """Reporters: the month due now and not yet submitted, and returned reports; dispatchers: reports to review."""
    if not user.is_authenticated:
        return []
    items: list[Todo] = []
    reporter_paths = user.region_paths({Role.REPORTER})
    if reporter_paths:
        items.extend(reporter_todos(user, reporter_paths))
    if is_dispatcher(user):
        waiting = reviewable_reports(user).filter(status=ReportStatus.SUBMITTED).count()
        if waiting:
            items.append(Todo(_("待审核的月度调度报告"), reverse("dispatch:queue"), waiting, "info"))
    return items


def reporter_todos(user: Any, paths: list[str]) -> list[Todo]:
    today = timezone.localdate()
    # The month due now is the one that ended last; its deadline falls in the current month.
    year, month = last_complete_month(today)
    projects = year_list(Project.objects.editable_by(user).filter(ScopeRule(region="region").region_q(paths)), year)
    reported = MonthlyReport.objects.filter(
        year=year, month=month, status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED]
    ).values("project_id")
    due = projects.exclude(pk__in=reported).count()
    items = []
    if due:
        overdue = today > DispatchSettings.current().deadline(year, month)
        items.append(
            Todo(
                _("%(year)s年%(month)s月调度待报送项目") % {"year": year, "month": month},
                f"{reverse('dispatch:grid')}?{urlencode({'year': year, 'month': month})}",
                due,
                "danger" if overdue else "warning",
            )
        )
    returned = (
        MonthlyReport.objects.editable_by(user)
        .filter(REPORT_SCOPE.region_q(paths), status=ReportStatus.RETURNED)
        .count()
    )
    if returned:
        url = f"{reverse('dispatch:report_list')}?{urlencode({'status': ReportStatus.RETURNED})}"
        items.append(Todo(_("被退回待修改的调度报告"), url, returned, "danger"))
    return items
