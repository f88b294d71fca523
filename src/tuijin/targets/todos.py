"""The home page's to-dos of targets (listed in settings.TUIJIN_TODO_PROVIDERS)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tuijin.core.periods import last_complete_month, period_label
from tuijin.core.scope import can_create
from tuijin.core.todos import Todo
from tuijin.core.views import with_query
from tuijin.targets import queries
from tuijin.targets.choices import Source, TargetKind
from tuijin.targets.models import Indicator, IndicatorEntry, Target, assessed_regions


def todos(user: Any) -> list[Todo]:
    """For who enters the economic figures: the last ended month's figures still missing in the regions they may
    change (the region itself and its districts and zones). For who sets targets: city targets whose parts do not
    cover the whole."""
    if not user.is_authenticated:
        return []
    items: list[Todo] = []
    if can_create(IndicatorEntry.scope, user):
        items.extend(_missing_entries(user))
    if can_create(Target.scope, user):
        items.extend(_uncovered_targets(user))
    return items


def _missing_entries(user: Any) -> list[Todo]:
    year, month = last_complete_month(timezone.localdate())
    indicators = list(Indicator.objects.filter(source=Source.MANUAL, active=True).order_by("order", "pk"))
    if not indicators:
        return []
    regions: list[Any] = []
    for region in user.scope_regions():
        regions.append(region)
        regions.extend(assessed_regions(region))
    if not regions:
        return []
    entered = set(
        IndicatorEntry.objects.editable_by(user)
        .filter(year=year, month=month, indicator__in=indicators, region__in=regions)
        .values_list("indicator_id", "region_id")
    )
    items = []
    for indicator in indicators:
        missing = sum(1 for region in regions if (indicator.pk, region.pk) not in entered)
        if missing:
            url = with_query(reverse("targets:entry_list"), indicator=indicator.key, year=year)
            title = _("%(period)s%(indicator)s未填报") % {"period": period_label(year, month), "indicator": indicator}
            items.append(Todo(title, url, missing, "warning"))
    return items


def _uncovered_targets(user: Any) -> list[Todo]:
    year = timezone.localdate().year
    uncovered = 0
    targets = Target.objects.editable_by(user).filter(year=year, kind=TargetKind.LEVEL, indicator__active=True)
    for target in targets.select_related("indicator", "region").filter(region__children__isnull=False).distinct():
        check = queries.decomposition(target)
        if check is not None and not check.covered:
            uncovered += 1
    if not uncovered:
        return []
    title = _("%(year)s年目标分解未覆盖上级目标") % {"year": year}
    return [Todo(title, reverse("targets:progress"), uncovered, "warning")]
