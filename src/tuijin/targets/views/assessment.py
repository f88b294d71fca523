"""Assessment (考核) pages: the schemes of the cities in the user's scope, a scheme's card with its weighted items,
its bonus/penalty adjustments and the scores at a date (年中, 年底 or any day) with each region's breakdown, and the
forms of all three.

Schemes are set by the city's 市级调度 (``AssessmentScheme.scope``); leaders and the city's dispatchers read them,
a district or another city gets 404. The scores are ``queries.assess``; ``?format=xlsx`` on the card exports them
with the breakdown columns.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuijin.core.periods import date_label
from tuijin.core.views import with_query
from tuijin.targets.assessment_forms import AdjustmentForm, ItemForm, SchemeFilter, SchemeForm
from tuijin.targets.assessment_tables import SchemeTable, ScoreTable, score_table, weight_text
from tuijin.targets.formatting import display_unit
from tuijin.targets.models import AssessmentAdjustment, AssessmentItem, AssessmentScheme, as_of_default
from tuijin.targets.views import common
from tuijin.targets.views.rankings import request_as_of, xlsx_response

SCHEME_FIELDS = ["year", "region", "name", "last_places", "note"]
FULL_WEIGHT = 100


def scheme_as_of(request: HttpRequest, scheme: AssessmentScheme) -> datetime.date:
    """``?as_of=`` within the scheme's year (not after today), default ``models.as_of_default``."""
    as_of = request_as_of(request)
    return as_of if as_of is not None and as_of.year == scheme.year else as_of_default(scheme.year)


def quick_dates(scheme: AssessmentScheme) -> list[tuple[str, datetime.date]]:
    """年中 (June 30) and 年底 (December 31) of the scheme's year, those not in the future."""
    today = timezone.localdate()
    dates = [(_("年中"), datetime.date(scheme.year, 6, 30)), (_("年底"), datetime.date(scheme.year, 12, 31))]
    return [(label, day) for label, day in dates if day <= today]


# ---- schemes ------------------------------------------------------------------------------------------------------


class SchemeListView(common.ListView):
    model = AssessmentScheme
    table_class = SchemeTable
    filterset_class = SchemeFilter
    title = gettext_lazy("考核方案")
    create_url_name = "targets:scheme_create"

    def get_queryset(self) -> QuerySet[AssessmentScheme]:
        return (
            super()
            .get_queryset()
            .select_related("region")
            .annotate(
                item_count=Count("items"),
                weight_total=Coalesce(Sum("items__weight"), Value(0), output_field=DecimalField()),
            )
            # Meta.ordering is not applied to an aggregating query.
            .order_by("-year", "region__path", "name")
        )


class SchemeEditView(common.EditView):
    model = AssessmentScheme
    form_class = SchemeForm
    success_url_name = "targets:scheme_list"


class SchemeDeleteView(common.DeleteView):
    """Delete a scheme with its items and adjustments (each leaves its own history record)."""

    model = AssessmentScheme
    success_url_name = "targets:scheme_list"


class SchemeDetailView(common.DetailView):
    """The scheme's card; under it the items, the adjustments and the scores at ``?as_of=``."""

    model = AssessmentScheme
    fields = SCHEME_FIELDS
    edit_url_name = "targets:scheme_edit"
    delete_url_name = "targets:scheme_delete"
    extra_template = "targets/partials/scheme_detail.html"

    def get_queryset(self) -> QuerySet[AssessmentScheme]:
        return super().get_queryset().select_related("region")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("format") == "xlsx":
            self.object = self.get_object()
            return self.export()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.tab == "history":
            return context
        scheme = self.object
        editable = context["edit_url"] is not None
        as_of = scheme_as_of(self.request, scheme)
        items = list(scheme.items.select_related("indicator").order_by("order", "pk"))
        total_weight = sum((item.weight for item in items), Decimal(0))
        export_url = with_query(self.request.path, as_of=as_of.isoformat(), format="xlsx")
        context.update(
            editable=editable,
            items=items,
            total_weight=weight_text(total_weight),
            weight_warning=total_weight != FULL_WEIGHT,
            adjustments=scheme.adjustments.select_related("region").order_by("-on", "-pk"),
            scores=score_table(scheme, as_of),
            as_of=as_of,
            as_of_label=date_label(as_of),
            quick_dates=[
                (label, day, with_query(self.request.path, as_of=day.isoformat())) for label, day in quick_dates(scheme)
            ],
            export_url=export_url,
            ranking_url=with_query(reverse("targets:ranking"), scheme=scheme.pk, as_of=as_of.isoformat()),
        )
        return context

    def export(self) -> HttpResponse:
        scheme = self.object
        as_of = scheme_as_of(self.request, scheme)
        table = score_table(scheme, as_of)
        return xlsx_response(
            _("%(scheme)s得分（截至%(date)s）") % {"scheme": scheme, "date": date_label(as_of)},
            score_headers(table),
            score_rows(table),
            _("考核得分"),
        )


def score_headers(table: ScoreTable) -> list[str]:
    headers = [_("名次"), _("区域")]
    for item, header in table.item_headers:
        name, unit = item.indicator.name, display_unit(item.indicator)
        headers += [
            header,
            _("%(name)s实际完成（%(unit)s）") % {"name": name, "unit": unit},
            _("%(name)s目标（%(unit)s）") % {"name": name, "unit": unit},
            _("%(name)s完成比（%%）") % {"name": name},
        ]
    return [*headers, _("加分"), _("扣分"), _("总分"), _("末位")]


def score_rows(table: ScoreTable) -> list[list[Any]]:
    rows = []
    for row in table.rows:
        cells: list[Any] = [row.rank, row.region.name]
        for cell in row.cells:
            cells += [cell.score, cell.actual, cell.target, cell.ratio]
        rows.append([*cells, row.bonus, row.penalty, row.total, _("末位") if row.last else None])
    return rows


# ---- items and adjustments ----------------------------------------------------------------------------------------


class SchemeChildEditView(common.EditView):
    """Create a row of the scheme at ``scheme_pk`` (a scheme the user may change, else 404) or edit one at ``pk``."""

    success_url_name = "targets:scheme_list"  # only for the generic view's cancel link, replaced by the scheme's

    def get_object(self, queryset: QuerySet | None = None) -> Any:
        obj = super().get_object(queryset)
        if obj is None:
            self.scheme = get_object_or_404(
                AssessmentScheme.objects.editable_by(self.request.user), pk=self.kwargs["scheme_pk"]
            )
        else:
            self.scheme = obj.scheme
        return obj

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if self.object is None:
            kwargs["instance"] = self.model(scheme=self.scheme)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = self.scheme.get_absolute_url()
        if self.object is None:
            context["title"] = _("新增%(name)s：%(scheme)s") % {
                "name": self.model._meta.verbose_name,
                "scheme": self.scheme,
            }
        return context


class ItemEditView(SchemeChildEditView):
    model = AssessmentItem
    form_class = ItemForm


class ItemDeleteView(common.DeleteView):
    model = AssessmentItem

    def get_cancel_url(self) -> str:
        return self.object.scheme.get_absolute_url()

    def get_success_url(self) -> str:
        return self.object.scheme.get_absolute_url()


class AdjustmentEditView(SchemeChildEditView):
    model = AssessmentAdjustment
    form_class = AdjustmentForm


class AdjustmentDeleteView(ItemDeleteView):
    model = AssessmentAdjustment
