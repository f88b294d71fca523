"""The home page's to-dos of the project registry (listed in settings.TUIJIN_TODO_PROVIDERS)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from tuijin.core.todos import Todo
from tuijin.projects.choices import DecisionStatus
from tuijin.projects.filters import decidable_suspensions


def todos(user: Any) -> list[Todo]:
    """Dispatchers: 停工/复工 requests waiting for their decision."""
    if not user.is_authenticated:
        return []
    waiting = decidable_suspensions(user).filter(status=DecisionStatus.PENDING).count()
    if not waiting:
        return []
    url = f"{reverse('projects:suspension_list')}?status={DecisionStatus.PENDING}"
    return [Todo(_("待审批的停工/复工申请"), url, waiting, "warning")]
