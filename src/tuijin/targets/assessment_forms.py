"""Forms of the assessment (考核): a scheme, its weighted items, its bonus/penalty adjustments; and the filter of the
scheme list.

The rules live in the models (``AssessmentItem``'s one-indicator-per-scheme constraint, ``AssessmentAdjustment.clean``
for the region and the date); the forms narrow the dropdowns (the cities the user may assess, the active indicators,
the scheme's assessed regions) and show the models' messages.
"""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuijin.core.choices import RegionKind
from tuijin.core.filters import RegionSubtreeFilter
from tuijin.core.forms import TrackedModelForm
from tuijin.core.models import Region
from tuijin.projects.filters import year_filter
from tuijin.projects.forms import DateInput
from tuijin.targets.models import AssessmentAdjustment, AssessmentItem, AssessmentScheme, Indicator


def reason_last(form: forms.BaseForm) -> None:
    """The 修改原因 stays the last field of a card."""
    form.fields["reason"] = form.fields.pop("reason")


class SchemeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")
    year = year_filter(field_name="year")
    region = RegionSubtreeFilter(label=_("考核范围"))

    class Meta:
        model = AssessmentScheme
        fields = ["q", "year", "region"]

    def search(self, qs: QuerySet[AssessmentScheme], name: str, value: str) -> QuerySet[AssessmentScheme]:
        value = value.strip()
        return qs.filter(Q(name__icontains=value) | Q(note__icontains=value)) if value else qs


class SchemeForm(TrackedModelForm):
    """A scheme of a city the user may set schemes for (a 市级调度's city; any city for the administrator)."""

    class Meta:
        model = AssessmentScheme
        fields = ["year", "region", "name", "last_places", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        # The base form narrowed the regions to the user's editable subtree; a scheme assesses a city's districts.
        cities = self.fields["region"].queryset.filter(kind=RegionKind.CITY).order_by("path")
        self.fields["region"].queryset = cities
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year
            if len(cities) == 1:
                self.fields["region"].initial = cities[0].pk

    def clean_region(self) -> Region:
        region = self.cleaned_data["region"]
        if (
            self.instance.pk
            and region.pk != self.instance.region_id
            and AssessmentAdjustment.objects.filter(scheme=self.instance).exists()
        ):
            # Adjustments belong to the districts of the old city: moving the scheme would strand them.
            raise forms.ValidationError(_("该方案已有加减分记录，不能更改考核范围。"))
        return region


class ItemForm(TrackedModelForm):
    """A weighted indicator of the scheme set on the instance (an active indicator, or the one it already has)."""

    class Meta:
        model = AssessmentItem
        fields = ["indicator", "weight", "rule", "cap", "order"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        current = Q(pk=self.instance.indicator_id) if self.instance.indicator_id else Q(pk__in=[])
        self.fields["indicator"].queryset = Indicator.objects.filter(Q(active=True) | current).order_by("order", "pk")
        if not self.instance.pk:
            self.fields["order"].initial = self.instance.scheme.items.count() + 1
        reason_last(self)

    def _get_validation_exclusions(self) -> set[str]:
        # The scheme is not on the form but set by the page: keep it in the model's checks, so the one-indicator-
        # per-scheme constraint answers on the form instead of failing at the database.
        exclude = super()._get_validation_exclusions()
        exclude.discard("scheme")
        return exclude


class AdjustmentForm(TrackedModelForm):
    """A bonus or penalty of one of the scheme's assessed regions. Adjustments are added and deleted, never changed,
    so the 事由 of the new row is also the reason recorded in its history."""

    # The model's 事由 is named ``reason``, like the base form's 修改原因: one field serves both.
    reason = forms.CharField(
        label=_("事由"),
        max_length=200,
        help_text=AssessmentAdjustment._meta.get_field("reason").help_text,
    )

    class Meta:
        model = AssessmentAdjustment
        fields = ["region", "kind", "points", "on", "reason"]
        widgets = {"on": DateInput}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        scheme = self.instance.scheme
        self.fields["region"].queryset = Region.objects.filter(parent=scheme.region, in_statistics=True).order_by(
            "sort_order", "code"
        )
        self.fields["reason"].initial = None
        if scheme.year < timezone.localdate().year:
            self.fields["on"].initial = datetime.date(scheme.year, 12, 31)
