"""FilterSets of investment attraction: one per model, shared by the pages, the exports and the API.

A query string such as ``?region=350582&year=2026&source=3&big=true`` selects the same rows on the list page,
in its export and from ``/api/v1/contracts/``.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuijin.attraction import queries
from tuijin.attraction.choices import ContractKind, EventKind, LeadStatus, MilestoneKind
from tuijin.attraction.models import (
    AttractionSettings,
    AttractionTarget,
    Contract,
    FollowUp,
    FundArrival,
    Lead,
    LeadSource,
    Milestone,
    SigningEvent,
    Team,
)
from tuijin.core.filters import RegionSubtreeFilter, yes_no_filter
from tuijin.projects.choices import IndustrySection
from tuijin.projects.filters import IntegerFilter, year_filter


def visible_teams(request: HttpRequest | None) -> QuerySet[Team]:
    return Team.objects.visible_to(request.user) if request is not None else Team.objects.none()


def visible_events(request: HttpRequest | None) -> QuerySet[SigningEvent]:
    return SigningEvent.objects.visible_to(request.user) if request is not None else SigningEvent.objects.none()


def all_sources(request: HttpRequest | None) -> QuerySet[LeadSource]:
    return LeadSource.objects.all()


def source_filter() -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(label=_("来源地"), queryset=all_sources)


def team_filter() -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(label=_("招商组"), queryset=visible_teams)


class LeadFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")
    region = RegionSubtreeFilter()
    status = django_filters.ChoiceFilter(label=_("状态"), choices=LeadStatus.choices)
    source = source_filter()
    team = team_filter()
    industry_section = django_filters.ChoiceFilter(label=_("行业门类"), choices=IndustrySection.choices)
    stale = yes_no_filter(_("超期未跟进"), method="filter_stale")

    class Meta:
        model = Lead
        fields = ["q", "region", "status", "source", "team", "industry_section", "stale"]

    def search(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return qs.filter(Q(company__icontains=value) | Q(project_name__icontains=value) | Q(credit_code__iexact=value))

    def filter_stale(self, qs: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        stale = queries.stale_leads(qs, timezone.localdate())
        return qs.filter(pk__in=stale.values("pk")) if value else qs.exclude(pk__in=stale.values("pk"))


class FollowUpFilterSet(django_filters.FilterSet):
    lead = IntegerFilter(label=_("线索ID"), field_name="lead_id")
    region = RegionSubtreeFilter(path_lookup="lead__region__path")

    class Meta:
        model = FollowUp
        fields = ["lead", "region"]


class ContractFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")
    region = RegionSubtreeFilter()
    year = year_filter(field_name="signed_on__year")
    signed_from = django_filters.DateFilter(label=_("签约日期起"), field_name="signed_on", lookup_expr="gte")
    signed_to = django_filters.DateFilter(label=_("签约日期止"), field_name="signed_on", lookup_expr="lte")
    kind = django_filters.ChoiceFilter(label=_("签约类型"), choices=ContractKind.choices)
    source = source_filter()
    team = team_filter()
    event = django_filters.ModelChoiceFilter(label=_("签约活动"), queryset=visible_events)
    industry_section = django_filters.ChoiceFilter(label=_("行业门类"), choices=IndustrySection.choices)
    big = yes_no_filter(_("大项目"), method="filter_big")
    reached = django_filters.ChoiceFilter(
        label=_("已达履约节点"), choices=MilestoneKind.choices, method="filter_reached"
    )
    late = yes_no_filter(_("履约逾期"), method="filter_late")
    # The kinds counted in signed totals (正式合同, plus 框架协议 when the settings say so): the drill-down of the
    # cockpit's and the indicators' signing figures.
    counted = yes_no_filter(_("计入统计"), method="filter_counted")

    class Meta:
        model = Contract
        fields = [
            "q",
            "region",
            "year",
            "signed_from",
            "signed_to",
            "kind",
            "source",
            "team",
            "event",
            "industry_section",
            "big",
            "reached",
            "late",
            "counted",
        ]

    def search(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return qs.filter(
            Q(name__icontains=value)
            | Q(investor_name__icontains=value)
            | Q(number__iexact=value)
            | Q(investor_credit_code__iexact=value)
        )

    def filter_big(self, qs: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        threshold = AttractionSettings.current().big_project_threshold
        return qs.filter(amount__gte=threshold) if value else qs.filter(amount__lt=threshold)

    def filter_reached(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(milestones__kind=value) if value else qs

    def filter_late(self, qs: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        late = queries.late_contracts(qs, timezone.localdate())
        return qs.filter(pk__in=late.values("pk")) if value else qs.exclude(pk__in=late.values("pk"))

    def filter_counted(self, qs: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        kinds = AttractionSettings.current().counted_kinds()
        return qs.filter(kind__in=kinds) if value else qs.exclude(kind__in=kinds)


class MilestoneFilterSet(django_filters.FilterSet):
    contract = IntegerFilter(label=_("签约项目ID"), field_name="contract_id")
    kind = django_filters.ChoiceFilter(label=_("履约节点"), choices=MilestoneKind.choices)
    region = RegionSubtreeFilter(path_lookup="contract__region__path")

    class Meta:
        model = Milestone
        fields = ["contract", "kind", "region"]


class FundArrivalFilterSet(django_filters.FilterSet):
    contract = IntegerFilter(label=_("签约项目ID"), field_name="contract_id")
    region = RegionSubtreeFilter(path_lookup="contract__region__path")
    year = year_filter(field_name="date__year")

    class Meta:
        model = FundArrival
        fields = ["contract", "region", "year"]


class SigningEventFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")
    region = RegionSubtreeFilter()
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=EventKind.choices)
    year = year_filter(field_name="date__year")

    class Meta:
        model = SigningEvent
        fields = ["q", "region", "kind", "year"]

    def search(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return qs.filter(Q(name__icontains=value) | Q(theme__icontains=value) | Q(place__icontains=value))


class TeamFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")
    region = RegionSubtreeFilter()

    class Meta:
        model = Team
        fields = ["q", "region"]

    def search(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return qs.filter(Q(name__icontains=value) | Q(leader__icontains=value) | Q(members__name=value)).distinct()


class AttractionTargetFilterSet(django_filters.FilterSet):
    region = RegionSubtreeFilter()
    year = year_filter()

    class Meta:
        model = AttractionTarget
        fields = ["region", "year"]


def filtered(filterset_class: type[django_filters.FilterSet], data: Any, queryset: QuerySet, request: Any) -> QuerySet:
    """The filtered rows, or none when the query string is invalid (as the list pages and exports do)."""
    filterset = filterset_class(data, queryset=queryset, request=request)
    return filterset.qs if filterset.is_valid() else queryset.none()
