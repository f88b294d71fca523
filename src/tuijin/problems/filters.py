"""FilterSets of problem coordination, shared by the pages and the Excel export.

A query string such as ``?region=350582&kind=land&urgency=red`` selects the same rows on the problem list, the
inbox, the board and in ``problems:problem_export``. Urgency is judged at today with the configured 临期 working
days (DOMAIN.md §5); ``role`` is relative to the signed-in user's unit (主办 or 协办).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuijin.core.filters import RegionSubtreeFilter
from tuijin.core.models import Unit
from tuijin.problems.choices import OPEN_STATUSES, SOLVED_STATUSES, ExtensionStatus, Level, ProblemStatus, Urgency
from tuijin.problems.models import ExtensionRequest, Notification, Problem, ProblemKind, ProblemSettings
from tuijin.projects.filters import IntegerFilter, project_id_filter, visible_units

URGENCY_CHOICES = [(Urgency.BLUE.value, _("临期（蓝）")), (Urgency.RED.value, _("逾期（红）"))]
ROLE_LEAD, ROLE_HELPER = "lead", "helper"
ROLE_CHOICES = [(ROLE_LEAD, _("主办")), (ROLE_HELPER, _("协办"))]
PHASE_OPEN, PHASE_SOLVED = "open", "solved"
PHASE_CHOICES = [(PHASE_OPEN, _("在办")), (PHASE_SOLVED, _("已解决（办结/销号）"))]


def all_kinds(request: HttpRequest | None) -> QuerySet[ProblemKind]:
    """Every kind (a retired kind still selects its old problems)."""
    return ProblemKind.objects.all()


def year_filter(label: str, field_name: str) -> IntegerFilter:
    return IntegerFilter(label=label, field_name=field_name, min_value=2000, max_value=2100)


def urgency_q(value: str, today: Any = None) -> Q | None:
    """The rows that are red (open past the deadline) or blue (open, within the 临期 working days) at today."""
    today = today or timezone.localdate()
    if value == Urgency.RED:
        return Q(pk__in=Problem.objects.overdue(today).values("pk"))
    if value == Urgency.BLUE:
        blue_days = ProblemSettings.current().blue_days
        return Q(pk__in=Problem.objects.due_soon(today, blue_days).values("pk"))
    return None


class ProblemFilter(django_filters.FilterSet):
    """The problems' filters; the list, the inbox, the board and the export take the same query string."""

    q = django_filters.CharFilter(label=_("搜索"), method="search")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ProblemStatus.choices)
    kind = django_filters.ModelChoiceFilter(label=_("问题类型"), queryset=all_kinds, to_field_name="code")
    level = django_filters.ChoiceFilter(label=_("协调层级"), choices=Level.choices)
    region = RegionSubtreeFilter(path_lookup="project__region__path")
    project = project_id_filter()
    lead_unit = django_filters.ModelChoiceFilter(label=_("主办单位"), queryset=visible_units)
    unit = django_filters.ModelChoiceFilter(
        label=_("主办或协办单位"), queryset=visible_units, method="filter_unit", widget=forms.HiddenInput
    )
    urgency = django_filters.ChoiceFilter(label=_("临期/逾期"), choices=URGENCY_CHOICES, method="filter_urgency")
    extension = django_filters.ChoiceFilter(
        label=_("延期申请"), choices=[(ExtensionStatus.PENDING.value, _("待审批"))], method="filter_extension"
    )
    phase = django_filters.ChoiceFilter(label=_("办理阶段"), choices=PHASE_CHOICES, method="filter_phase")
    role = django_filters.ChoiceFilter(label=_("本单位角色"), choices=ROLE_CHOICES, method="filter_role")
    raised_year = year_filter(_("提出年度"), "raised_on__year")
    assigned_year = year_filter(_("交办年度"), "assigned_on__year")
    resolved_year = year_filter(_("办结年度"), "resolved_on__year")

    class Meta:
        model = Problem
        fields = [
            "q",
            "status",
            "kind",
            "level",
            "region",
            "project",
            "lead_unit",
            "unit",
            "urgency",
            "extension",
            "phase",
            "role",
            "raised_year",
            "assigned_year",
            "resolved_year",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Narrow filters that only make sense as links (from the performance page) stay out of the visible form
        # unless the query string uses them.
        for name in ("assigned_year", "resolved_year", "phase"):
            if not (self.data or {}).get(name):
                self.form.fields[name].widget = self.form.fields[name].hidden_widget()

    def search(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return qs
        return qs.filter(
            Q(code__icontains=value)
            | Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(project__name__icontains=value)
        )

    def filter_unit(self, qs: QuerySet, name: str, value: Unit | None) -> QuerySet:
        return qs.filter(pk__in=Problem.objects.of_unit(value).values("pk")) if value else qs

    def filter_urgency(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        q = urgency_q(value)
        return qs.filter(q) if q is not None else qs

    def filter_extension(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return qs
        pending = ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING).values("problem_id")
        return qs.filter(pk__in=pending)

    def filter_phase(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        if value == PHASE_OPEN:
            return qs.filter(status__in=OPEN_STATUSES)
        if value == PHASE_SOLVED:
            return qs.filter(status__in=SOLVED_STATUSES)
        return qs

    def filter_role(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return qs
        user = getattr(self.request, "user", None)
        unit_id = getattr(user, "unit_id", None)
        if unit_id is None:
            return qs.none()
        if value == ROLE_LEAD:
            return qs.filter(lead_unit_id=unit_id)
        return qs.filter(pk__in=Problem.objects.filter(helper_units=unit_id).values("pk"))


class NotificationFilter(django_filters.FilterSet):
    """The user's notifications: unread only, or all (the rows are already the user's own)."""

    show = django_filters.ChoiceFilter(
        label=_("显示"), choices=[("unread", _("未读"))], empty_label=_("全部"), method="filter_show"
    )

    class Meta:
        model = Notification
        fields = ["show"]

    def filter_show(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(read_at__isnull=True) if value == "unread" else qs
