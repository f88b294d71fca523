"""FilterSets of the project registry: one per model, shared by the pages, the exports and the API.

``ProjectFilterSet`` is also the base of the dispatch app's project list (which adds the warning light), so a
query string such as ``?region=350582&level=provincial&year=2026`` selects the same projects everywhere.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tuijin.core.choices import Role
from tuijin.core.filters import RegionSubtreeFilter, yes_no_filter
from tuijin.core.models import Unit
from tuijin.core.scope import ScopeRule, editable_filter
from tuijin.projects.choices import Category, DecisionStatus, IndustrySection, Stage, SuspensionKind
from tuijin.projects.models import AnnualPlan, Project, StageTransition, Suspension, Tag
from tuijin.projects.queries import year_list


class Level:
    """The 项目级别 filter values; a project may carry several levels, each a boolean field."""

    PROVINCIAL = "provincial"
    MUNICIPAL = "municipal"
    DISTRICT = "district"

    choices = [(PROVINCIAL, _("省重点")), (MUNICIPAL, _("市重点")), (DISTRICT, _("区县重点"))]
    fields = {PROVINCIAL: "level_provincial", MUNICIPAL: "level_municipal", DISTRICT: "level_district"}


class IntegerFilter(django_filters.NumberFilter):
    """A whole number (a year, an id); django-filter's NumberFilter would accept 2025.5."""

    field_class = forms.IntegerField


def year_filter(**kwargs: Any) -> IntegerFilter:
    return IntegerFilter(label=_("年度"), min_value=2000, max_value=2100, **kwargs)


def project_id_filter() -> IntegerFilter:
    # By id without checking that the project exists: an unknown and a foreign project both give an empty list.
    return IntegerFilter(label=_("项目ID"), field_name="project_id", widget=forms.HiddenInput)


def visible_tags(request: HttpRequest | None) -> QuerySet[Tag]:
    return Tag.objects.visible_to(request.user) if request is not None else Tag.objects.none()


def visible_units(request: HttpRequest | None) -> QuerySet[Unit]:
    return Unit.objects.visible_to(request.user) if request is not None else Unit.objects.none()


def search_projects(qs: QuerySet, value: str, prefix: str = "") -> QuerySet:
    """Name contains the text, or the project code starts with it (codes are typed from the left)."""
    value = value.strip()
    if not value:
        return qs
    return qs.filter(Q(**{f"{prefix}name__icontains": value}) | Q(**{f"{prefix}code__istartswith": value}))


class ProjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")
    region = RegionSubtreeFilter()
    stage = django_filters.ChoiceFilter(label=_("阶段"), choices=Stage.choices)
    level = django_filters.ChoiceFilter(label=_("项目级别"), choices=Level.choices, method="filter_level")
    category = django_filters.ChoiceFilter(label=_("项目类别"), choices=Category.choices)
    tag = django_filters.ModelChoiceFilter(
        label=_("标签"), field_name="tags", queryset=visible_tags, to_field_name="name"
    )
    industry_section = django_filters.ChoiceFilter(label=_("行业门类"), choices=IndustrySection.choices)
    year = year_filter(method="filter_year")
    owner = django_filters.ModelChoiceFilter(label=_("业主单位"), queryset=visible_units)
    stats_registered = yes_no_filter(_("统计入库"))
    # The year of 统计入库 (the 入库项目数 indicator's drill-down).
    registered_year = IntegerFilter(
        label=_("入库年度"), field_name="stats_registered_on__year", min_value=2000, max_value=2100
    )
    suspended = yes_no_filter(_("停工中"))

    class Meta:
        model = Project
        fields = [
            "q",
            "region",
            "stage",
            "level",
            "category",
            "tag",
            "industry_section",
            "year",
            "owner",
            "stats_registered",
            "registered_year",
            "suspended",
        ]

    def search(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return search_projects(qs, value)

    def filter_level(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(**{Level.fields[value]: True}) if value in Level.fields else qs

    def filter_year(self, qs: QuerySet, name: str, value: int | None) -> QuerySet:
        # The year's key-project list is defined once, in queries.year_list.
        return year_list(qs, value) if value is not None else qs


class AnnualPlanFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")
    year = year_filter()
    region = RegionSubtreeFilter(path_lookup="project__region__path")
    project = project_id_filter()

    class Meta:
        model = AnnualPlan
        fields = ["q", "year", "region", "project"]

    def search(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return search_projects(qs, value, prefix="project__")


class StageTransitionFilterSet(django_filters.FilterSet):
    project = project_id_filter()
    to_stage = django_filters.ChoiceFilter(label=_("新阶段"), choices=Stage.choices)
    region = RegionSubtreeFilter(path_lookup="project__region__path")

    class Meta:
        model = StageTransition
        fields = ["project", "to_stage", "region"]


class SuspensionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")
    region = RegionSubtreeFilter(path_lookup="project__region__path")
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=SuspensionKind.choices)
    status = django_filters.ChoiceFilter(label=_("审批状态"), choices=DecisionStatus.choices)
    project = project_id_filter()

    class Meta:
        model = Suspension
        fields = ["q", "region", "kind", "status", "project"]

    def search(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return search_projects(qs, value, prefix="project__")


# 停工/复工 requests are decided by the city dispatch office over its own region (or an administrator), not by
# the district that filed them, although both may otherwise change the project's rows.
DECISION_SCOPE = ScopeRule(region="project__region", edit_roles=frozenset({Role.DISPATCHER}))


def decidable_suspensions(user: Any) -> QuerySet[Suspension]:
    """The 停工/复工 requests ``user`` may approve or reject: editable ones in a region where they are 市级调度."""
    queryset = Suspension.objects.editable_by(user)
    q = editable_filter(DECISION_SCOPE, user)
    return queryset if q is None else queryset.filter(q)
