"""FilterSets of the core app: one per model, shared by the list page, the export and the API."""

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from tuijin.core.choices import RegionKind, UnitKind
from tuijin.core.models import Region, Unit


def visible_regions(request: HttpRequest | None) -> QuerySet[Region]:
    if request is None:
        return Region.objects.none()
    return Region.objects.visible_to(request.user)


@extend_schema_field(OpenApiTypes.STR)  # a region code (GB/T 2260 or a zone's local code)
class RegionSubtreeFilter(django_filters.ModelChoiceFilter):
    """Filter by a region and everything under it (a district's zones and towns included)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", visible_regions)
        kwargs.setdefault("label", _("区域"))
        kwargs.setdefault("to_field_name", "code")
        self.path_lookup = kwargs.pop("path_lookup", "region__path")
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value: Region | None) -> QuerySet:
        if value is None:
            return qs
        return qs.filter(**{f"{self.path_lookup}__startswith": value.path})


class YesNoWidget(django_filters.widgets.BooleanWidget):
    """The yes/no dropdown in Chinese (全部/是/否) instead of django-filter's Unknown/Yes/No."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices = [("", _("全部")), ("true", _("是")), ("false", _("否"))]


def yes_no_filter(label: str, **kwargs: Any) -> django_filters.BooleanFilter:
    return django_filters.BooleanFilter(label=label, widget=YesNoWidget, **kwargs)


class RegionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=RegionKind.choices)
    parent = django_filters.CharFilter(label=_("上级代码"), field_name="parent__code")
    in_statistics = yes_no_filter(_("纳入统计"))

    class Meta:
        model = Region
        fields = ["q", "kind", "parent", "in_statistics"]

    def search(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(Q(name__icontains=value) | Q(code__startswith=value))


class UnitFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")
    region = RegionSubtreeFilter()
    kind = django_filters.ChoiceFilter(label=_("单位类型"), choices=UnitKind.choices)
    is_active = yes_no_filter(_("启用"))

    class Meta:
        model = Unit
        fields = ["q", "region", "kind", "is_active"]

    def search(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return qs.filter(Q(name__icontains=value) | Q(short_name__icontains=value) | Q(credit_code__iexact=value))
