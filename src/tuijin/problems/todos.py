"""The home page's to-dos of problem coordination (listed in settings.TUIJIN_TODO_PROVIDERS)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tuijin.core.choices import Role
from tuijin.core.scope import is_admin
from tuijin.core.todos import Todo
from tuijin.problems.choices import ExtensionStatus, ProblemStatus
from tuijin.problems.models import ExtensionRequest, Notification, Problem, ProblemSettings


def todos(user: Any) -> list[Todo]:
    """Handlers: their unit's new, near-deadline, overdue and returned problems. Dispatchers: problems to assign,
    extensions to decide, resolutions to verify, and the 督办 list. Everyone: unread notifications."""
    if not user.is_authenticated:
        return []
    today = timezone.localdate()
    items: list[Todo] = []
    unread = Notification.objects.visible_to(user).unread().count()
    if unread:
        items.append(Todo(_("未读通知"), reverse("problems:notification_list"), unread, "info"))
    if user.has_role(Role.HANDLER) and user.unit_id:
        mine = Problem.objects.visible_to(user).of_unit(user.unit_id)
        inbox = reverse("problems:inbox")
        new = mine.filter(status=ProblemStatus.ASSIGNED, lead_unit=user.unit_id).count()
        if new:
            items.append(Todo(_("新交办待办理的问题"), f"{inbox}?status=assigned", new, "info"))
        returned = mine.filter(status=ProblemStatus.RETURNED, lead_unit=user.unit_id).count()
        if returned:
            items.append(Todo(_("被退回重办的问题"), f"{inbox}?status=returned", returned, "warning"))
        blue = mine.due_soon(today, ProblemSettings.current().blue_days).count()
        if blue:
            items.append(Todo(_("即将到期的问题"), f"{inbox}?urgency=blue", blue, "warning"))
        red = mine.overdue(today).count()
        if red:
            items.append(Todo(_("已逾期的问题（督办）"), f"{inbox}?urgency=red", red, "danger"))
    if is_admin(user) or user.has_role(Role.DISPATCHER):
        scoped = Problem.objects.editable_by(user)
        board = reverse("problems:problem_list")
        raised = scoped.filter(status=ProblemStatus.RAISED).count()
        if raised:
            items.append(Todo(_("待交办的问题"), f"{board}?status=raised", raised, "info"))
        extensions = ExtensionRequest.objects.filter(
            status=ExtensionStatus.PENDING, problem__in=scoped.values("pk")
        ).count()
        if extensions:
            items.append(Todo(_("待审批的延期申请"), f"{board}?extension=pending", extensions, "warning"))
        resolved = scoped.filter(status=ProblemStatus.RESOLVED).count()
        if resolved:
            items.append(Todo(_("已办结待销号的问题"), f"{board}?status=resolved", resolved, "info"))
        overdue = scoped.overdue(today).count()
        if overdue:
            items.append(Todo(_("督办问题（已逾期）"), reverse("problems:supervision"), overdue, "danger"))
    return items
