"""FilterSets of approval items (前期手续) and site inspections (督查), shared by the lists and the Excel exports.

A query string such as ``?region=350582&type=land&lagging=true`` selects the same rows on the approval list and in
``problems:approval_export``; ``?region=350582&week=2026-11-18`` the same inspections on the inspection list, in its
export and behind the figures of the coverage page. 滞后 (lagging) is judged at today (``queries.lagging``).
"""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuijin.core.filters import RegionSubtreeFilter, yes_no_filter
from tuijin.problems import queries
from tuijin.problems.choices import ApprovalStatus, ApprovalType
from tuijin.problems.models import ApprovalItem, Inspection
from tuijin.projects.choices import Stage
from tuijin.projects.filters import project_id_filter, visible_units
from tuijin.projects.forms import DateInput


class ApprovalFilter(django_filters.FilterSet):
    """The approval items' filters: the list, its export and the links of the statistics page."""

    q = django_filters.CharFilter(label=_("搜索"), method="search")
    type = django_filters.ChoiceFilter(label=_("手续类型"), choices=ApprovalType.choices)
    status = django_filters.ChoiceFilter(label=_("办理状态"), choices=ApprovalStatus.choices)
    handling_unit = django_filters.ModelChoiceFilter(label=_("审批部门"), queryset=visible_units)
    region = RegionSubtreeFilter(path_lookup="project__region__path")
    stage = django_filters.ChoiceFilter(label=_("项目阶段"), field_name="project__stage", choices=Stage.choices)
    lagging = yes_no_filter(_("滞后"), method="filter_lagging")
    planned_from = django_filters.DateFilter(
        label=_("计划取得日期起"), field_name="planned_on", lookup_expr="gte", widget=DateInput
    )
    planned_to = django_filters.DateFilter(
        label=_("计划取得日期止"), field_name="planned_on", lookup_expr="lte", widget=DateInput
    )
    project = project_id_filter()

    class Meta:
        model = ApprovalItem
        fields = [
            "q",
            "type",
            "status",
            "handling_unit",
            "region",
            "stage",
            "lagging",
            "planned_from",
            "planned_to",
            "project",
        ]

    def search(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        """Project name or code (codes are typed from the left), document number, agent, or the item's own name."""
        value = value.strip()
        if not value:
            return qs
        return qs.filter(
            Q(project__name__icontains=value)
            | Q(project__code__istartswith=value)
            | Q(document_no__icontains=value)
            | Q(agent_name__icontains=value)
            | Q(name__icontains=value)
        )

    def filter_lagging(self, qs: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        late = queries.lagging(qs, timezone.localdate()).values("pk")
        return qs.filter(pk__in=late) if value else qs.exclude(pk__in=late)


def week_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Monday and Sunday of the day's week."""
    monday = queries.week_start(day)
    return monday, monday + datetime.timedelta(days=6)


class InspectionFilter(django_filters.FilterSet):
    """The inspections' filters; ``week`` takes any date of the week (the coverage page links with its Monday)."""

    q = django_filters.CharFilter(label=_("搜索"), method="search")
    region = RegionSubtreeFilter(path_lookup="project__region__path")
    on_from = django_filters.DateFilter(label=_("督查日期起"), field_name="on", lookup_expr="gte", widget=DateInput)
    on_to = django_filters.DateFilter(label=_("督查日期止"), field_name="on", lookup_expr="lte", widget=DateInput)
    week = django_filters.DateFilter(label=_("所在周（任一日期）"), method="filter_week", widget=DateInput)
    project = project_id_filter()

    class Meta:
        model = Inspection
        fields = ["q", "region", "on_from", "on_to", "week", "project"]

    def search(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return qs
        return qs.filter(
            Q(project__name__icontains=value)
            | Q(project__code__istartswith=value)
            | Q(inspectors__icontains=value)
            | Q(findings__icontains=value)
        )

    def filter_week(self, qs: QuerySet, name: str, value: datetime.date | None) -> QuerySet:
        if value is None:
            return qs
        monday, sunday = week_bounds(value)
        return qs.filter(on__gte=monday, on__lte=sunday)
