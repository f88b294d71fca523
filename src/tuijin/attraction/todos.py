"""The home page's to-dos of investment attraction (listed in settings.TUIJIN_TODO_PROVIDERS)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tuijin.attraction import queries
from tuijin.attraction.models import AttractionSettings, Contract, Lead
from tuijin.core.scope import can_create
from tuijin.core.todos import Todo


def todos(user: Any) -> list[Todo]:
    """For those who keep the ledgers: leads not followed up for too long, and contracts with overdue milestones,
    both within the rows they may change."""
    if not (user.is_authenticated and can_create(Lead.scope, user)):
        return []
    today = timezone.localdate()
    settings = AttractionSettings.current()
    items: list[Todo] = []
    stale = queries.stale_leads(Lead.objects.editable_by(user), today, settings).count()
    if stale:
        url = f"{reverse('attraction:lead_list')}?stale=true"
        items.append(Todo(_("超期未跟进的招商线索"), url, stale, "warning"))
    late = queries.late_contracts(Contract.objects.editable_by(user), today, settings).count()
    if late:
        items.append(Todo(_("履约逾期的签约项目"), reverse("attraction:late_list"), late, "danger"))
    return items
