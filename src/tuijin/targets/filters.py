"""FilterSets of targets and hand-entered figures, shared by the lists, the Excel exports and the API.

``?indicator=investment&year=2026&region=350582`` selects the same targets on the list, in the 目标任务分解表 export
and at ``/api/v1/targets/``.
"""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tuijin.core.filters import RegionSubtreeFilter
from tuijin.projects.filters import year_filter
from tuijin.targets.choices import Source, TargetKind
from tuijin.targets.models import Indicator, IndicatorEntry, Target


def all_indicators(request: object = None) -> QuerySet[Indicator]:
    return Indicator.objects.order_by("order", "pk")


def manual_indicators(request: object = None) -> QuerySet[Indicator]:
    return Indicator.objects.filter(source=Source.MANUAL).order_by("order", "pk")


class IndicatorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")
    source = django_filters.ChoiceFilter(label=_("来源"), choices=Source.choices)
    active = django_filters.BooleanFilter(label=_("启用"))

    class Meta:
        model = Indicator
        fields = ["q", "source", "active"]

    def search(self, qs: QuerySet[Indicator], name: str, value: str) -> QuerySet[Indicator]:
        value = value.strip()
        return qs.filter(Q(name__icontains=value) | Q(key__icontains=value)) if value else qs


class TargetFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")
    indicator = django_filters.ModelChoiceFilter(
        label=_("指标"), queryset=all_indicators, to_field_name="key", empty_label=_("全部")
    )
    year = year_filter(field_name="year")
    region = RegionSubtreeFilter()
    kind = django_filters.ChoiceFilter(label=_("目标类型"), choices=TargetKind.choices)

    class Meta:
        model = Target
        fields = ["q", "indicator", "year", "region", "kind"]

    def search(self, qs: QuerySet[Target], name: str, value: str) -> QuerySet[Target]:
        value = value.strip()
        if not value:
            return qs
        return qs.filter(
            Q(indicator__name__icontains=value) | Q(region__name__icontains=value) | Q(note__icontains=value)
        )


class EntryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")
    indicator = django_filters.ModelChoiceFilter(
        label=_("指标"), queryset=manual_indicators, to_field_name="key", empty_label=_("全部")
    )
    year = year_filter(field_name="year")
    month = django_filters.NumberFilter(label=_("截至月份"), field_name="month")
    region = RegionSubtreeFilter()
    # A figure of a manual indicator is the region's own entry (not the sum of its districts): its link uses this.
    region_exact = django_filters.CharFilter(label=_("本级区域代码"), field_name="region__code")

    class Meta:
        model = IndicatorEntry
        fields = ["q", "indicator", "year", "month", "region", "region_exact"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # A link-only filter: shown in the form only when the query string uses it.
        if not (self.data or {}).get("region_exact"):
            field = self.form.fields["region_exact"]
            field.widget = field.hidden_widget()

    def search(self, qs: QuerySet[IndicatorEntry], name: str, value: str) -> QuerySet[IndicatorEntry]:
        value = value.strip()
        if not value:
            return qs
        return qs.filter(
            Q(indicator__name__icontains=value) | Q(region__name__icontains=value) | Q(note__icontains=value)
        )
