"""FilterSets of monthly dispatch: the project list with lights and late reporters, and the monthly reports.

Like every FilterSet they serve the list page, the export and the API alike, so ``?light=red&year=2025&month=6``
means the same everywhere. The reporting period (``year``/``month``) defaults to the last complete month.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuijin.core.filters import RegionSubtreeFilter
from tuijin.core.periods import last_complete_month
from tuijin.dispatch import queries
from tuijin.dispatch.models import MonthlyReport, ReportStatus
from tuijin.projects.filters import ProjectFilterSet
from tuijin.projects.models import Project
from tuijin.projects.queries import four_batches_filters

ALL = _("全部")
MONTH_CHOICES = [(month, f"{month}月") for month in range(1, 13)]
LIGHT_CHOICES = [
    (queries.Light.RED, _("红灯")),
    (queries.Light.YELLOW, _("黄灯")),
    (queries.Light.GREEN, _("绿灯")),
]
YES_NO_CHOICES = [("yes", _("是")), ("no", _("否"))]
# 四个一批 of the period's year, as counted by projects.queries.four_batches.
BATCH_CHOICES = [
    ("planning", _("谋划一批")),
    ("starting", _("开工一批")),
    ("constructing", _("在建一批")),
    ("completing", _("投用一批")),
]


class IntegerFilter(django_filters.NumberFilter):
    """A whole-number filter (django-filter's NumberFilter accepts decimals, which a year never is)."""

    field_class = forms.IntegerField


def default_period() -> tuple[int, int]:
    """The reporting month shown when none is asked for: the last month that has ended."""
    return last_complete_month(timezone.localdate())


def resolve_period(year: Any, month: Any) -> tuple[int, int]:
    """The (year, month) a page or filter works on: what was asked for, completed from the default.

    A year without a month means the whole year for a past year (1—12月) and the default month otherwise.
    """
    default_year, default_month = default_period()
    year = int(year) if year else default_year
    if month:
        return year, int(month)
    return year, default_month if year == default_year else 12


class PeriodFilterMixin:
    """``year`` and ``month`` choose the reporting period; they select no rows by themselves."""

    form: forms.Form

    def period(self) -> tuple[int, int]:
        # The valid fields are in cleaned_data even when another filter (say, a foreign region) is refused.
        self.form.is_valid()
        data = getattr(self.form, "cleaned_data", {})
        return resolve_period(data.get("year"), data.get("month"))

    def keep(self, qs: QuerySet, name: str, value: Any) -> QuerySet:
        return qs


class ProjectDispatchFilterSet(PeriodFilterMixin, ProjectFilterSet):
    """The project list's filters plus the dispatch month, the overall light, late reporting and 四个一批.

    ``year`` is the registry's filter (the year's key-project list); with ``month`` it also sets the period
    the figures and lights are computed for.
    """

    month = django_filters.ChoiceFilter(
        label=_("月份"), choices=MONTH_CHOICES, method="keep", empty_label=_("最近一个已结束的月份")
    )
    light = django_filters.ChoiceFilter(label=_("灯色"), choices=LIGHT_CHOICES, method="filter_light", empty_label=ALL)
    late = django_filters.ChoiceFilter(
        label=_("逾期未报"), choices=YES_NO_CHOICES, method="filter_late", empty_label=ALL
    )
    batch = django_filters.ChoiceFilter(
        label=_("四个一批"), choices=BATCH_CHOICES, method="filter_batch", empty_label=ALL
    )

    def filter_light(self, qs: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        year, month = self.period()
        return queries.projects_with_light(qs, year, month, value)

    def filter_late(self, qs: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        year, month = self.period()
        late = queries.late_projects(qs, year, month, timezone.localdate())
        if value == "yes":
            return late
        return qs.exclude(pk__in=late.values("pk"))

    def filter_batch(self, qs: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        year, _month = self.period()
        return qs.filter(four_batches_filters(year)[value])


class MonthlyReportFilterSet(PeriodFilterMixin, django_filters.FilterSet):
    """Reports by period, status, region (the project's, subtree included) and project name or code."""

    q = django_filters.CharFilter(label=_("搜索"), method="search")
    year = IntegerFilter(label=_("年度"), field_name="year", min_value=2000, max_value=2100)
    month = django_filters.ChoiceFilter(label=_("月份"), choices=MONTH_CHOICES, field_name="month", empty_label=ALL)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ReportStatus.choices, empty_label=ALL)
    region = RegionSubtreeFilter(path_lookup="project__region__path")
    project = django_filters.NumberFilter(field_name="project_id", widget=forms.HiddenInput)

    class Meta:
        model = MonthlyReport
        fields = ["q", "year", "month", "status", "region", "project"]

    def search(self, qs: QuerySet[MonthlyReport], name: str, value: str) -> QuerySet[MonthlyReport]:
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(project__name__icontains=value) | Q(project__code__istartswith=value))
