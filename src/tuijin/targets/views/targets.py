"""Targets (目标任务) and the progress table (目标进度, DOMAIN.md §4).

Targets are set by the 市级调度 within their region; a district sees its own. The signing targets (``MIRRORED``) are
copied from the attraction app: they show here but are changed only on its 招商目标 page, which the edit and delete
pages say instead of acting. A city target is checked against its districts' targets (a warning, never a block).
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import quote

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from tuijin.core import generic
from tuijin.core.models import Region
from tuijin.core.periods import date_label
from tuijin.core.views import default_region
from tuijin.targets import queries
from tuijin.targets.filters import TargetFilter
from tuijin.targets.formatting import target_text
from tuijin.targets.forms import ProgressForm, TargetForm, region_label
from tuijin.targets.indicators import figure_url
from tuijin.targets.models import Target, as_of_default
from tuijin.targets.tables import (
    PROGRESS_COLUMNS,
    DecompositionView,
    ProgressRow,
    TargetTable,
    decomposition_view,
    is_mirrored,
    progress_row,
    progress_workbook,
)
from tuijin.targets.views import common

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RELATED = ("indicator", "region")


def tree_order(regions: QuerySet[Region]) -> list[Region]:
    """Regions in tree order, each parent followed by its children (by ``sort_order``, so zones come last)."""
    rows = list(regions.order_by("depth", "sort_order", "code"))
    ids = {region.pk for region in rows}
    children: dict[int | None, list[Region]] = {}
    for region in rows:
        children.setdefault(region.parent_id if region.parent_id in ids else None, []).append(region)
    ordered: list[Region] = []

    def walk(parent: int | None) -> None:
        for region in children.get(parent, []):
            ordered.append(region)
            walk(region.pk)

    walk(None)
    return ordered


def progress_url(region: Region, as_of: datetime.date) -> str:
    return f"{reverse('targets:progress')}?{urlencode({'region': region.code, 'as_of': as_of.isoformat()})}"


def mirrored_refusal(request: HttpRequest, target: Target) -> HttpResponse:
    """The answer to an edit or delete of a copied signing target: nothing changes, the page says where to go."""
    context = {
        "title": _("不能在这里修改：%(obj)s") % {"obj": target},
        "target": target,
        "attraction_url": reverse("attraction:target_list"),
    }
    return render(request, "targets/target_mirrored.html", context)


def shown(row: queries.Progress) -> bool:
    """An indicator has a row when the region has a target or a (non-zero) figure for it."""
    return row.target is not None or bool(row.actual)


def with_previous(row: queries.Progress) -> queries.Progress:
    """Last year's figure for 同比 of a cumulative indicator (``progress`` reads it only for growth targets)."""
    if row.previous is None and row.indicator.cumulative and row.actual is not None:
        row.previous = queries.previous_value(row.indicator, row.region, row.as_of)
    return row


# ---- Targets --------------------------------------------------------------------------------------------------------


class TargetListView(common.ListView):
    model = Target
    table_class = TargetTable
    filterset_class = TargetFilter
    template_name = "targets/target_list.html"
    title = gettext_lazy("目标任务")
    create_url_name = "targets:target_create"
    export_url_name = "targets:target_export"

    def get_queryset(self) -> QuerySet[Target]:
        return super().get_queryset().select_related(*RELATED)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The progress page takes a region and a date, not the list's filters.
        context["links"] = [(_("目标进度"), reverse("targets:progress"))]
        context["attraction_url"] = reverse("attraction:target_list")
        return context


class TargetDetailView(common.DetailView):
    """A target with its current progress and, for a region with parts, the decomposition check."""

    model = Target
    edit_url_name = "targets:target_edit"
    delete_url_name = "targets:target_delete"
    extra_template = "targets/partials/target_extra.html"

    def get_queryset(self) -> QuerySet[Target]:
        return super().get_queryset().select_related(*RELATED)

    def is_editable(self) -> bool:
        return not is_mirrored(self.object) and super().is_editable()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        target = self.object
        context["fields"] = [
            (_("年度"), _("%(year)s年") % {"year": target.year}),
            (_("区域"), target.region.name),
            (_("指标"), target.indicator.name),
            (_("目标类型"), target.get_kind_display()),
            (_("目标值"), target_text(target)),
            (_("备注"), target.note),
        ]
        context["mirrored"] = is_mirrored(target)
        context["attraction_url"] = reverse("attraction:target_list")
        if context["tab"] == "history":
            return context
        as_of = as_of_default(target.year)
        if target.year <= timezone.localdate().year:
            progress = queries.progress(target.indicator, target.region, as_of)
            context["progress"] = progress_row(
                with_previous(progress), figure_url(target.indicator, target.region, as_of)
            )
            context["progress_as_of"] = date_label(as_of)
            context["actions"] = [(_("目标进度"), progress_url(target.region, as_of))]
        check = queries.decomposition(target)
        context["decomposition"] = decomposition_view(check) if check is not None else None
        return context


class MirroredGuardMixin:
    """Edit and delete of a copied signing target answer with the page that says where it is changed."""

    def mirrored(self, request: HttpRequest, pk: int | None) -> HttpResponse | None:
        if pk is None or not request.user.is_authenticated:
            return None
        target = get_object_or_404(Target.objects.editable_by(request.user).select_related(*RELATED), pk=pk)
        return mirrored_refusal(request, target) if is_mirrored(target) else None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refusal = self.mirrored(request, kwargs.get("pk"))
        return refusal if refusal is not None else super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class TargetEditView(MirroredGuardMixin, common.EditView):
    model = Target
    form_class = TargetForm
    success_url_name = "targets:target_list"


class TargetDeleteView(MirroredGuardMixin, common.DeleteView):
    model = Target
    success_url_name = "targets:target_list"


# ---- Progress -------------------------------------------------------------------------------------------------------


class ProgressView(generic.WorkbookPageMixin, LoginRequiredMixin, TemplateView):
    """目标进度: one row per active indicator with a target or figure for the region at the as-of date, the
    decomposition check of each of its level targets below; ``?format=xlsx`` gives the same table as a workbook."""

    template_name = "targets/progress.html"

    def compute(self) -> None:
        user = self.request.user
        self.form = ProgressForm(self.request.GET)
        self.form.is_valid()  # a bad date falls back to today; the region is still read
        data = self.form.cleaned_data
        self.as_of: datetime.date = data.get("as_of") or timezone.localdate()
        code = data.get("region") or ""
        self.region = get_object_or_404(Region.objects.visible_to(user), code=code) if code else default_region(user)
        table = queries.progress_table(queries.active_indicators(), self.region, self.as_of)
        self.rows: list[ProgressRow] = [
            progress_row(with_previous(row), figure_url(row.indicator, self.region, self.as_of))
            for row in table
            if shown(row)
        ]
        self.decompositions: list[DecompositionView] = []
        for row in self.rows:
            target = row.progress.target
            check = queries.decomposition(target) if target is not None else None
            if check is not None:
                self.decompositions.append(decomposition_view(check))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        query = {"region": self.region.code, "as_of": self.as_of.isoformat()}
        context.update(
            title=_("目标进度"),
            form=self.form,
            region=self.region,
            as_of=self.as_of,
            as_of_label=date_label(self.as_of),
            year=self.as_of.year,
            columns=[str(label) for _key, label in PROGRESS_COLUMNS],
            rows=self.rows,
            decompositions=self.decompositions,
            regions=[
                (r, region_label(r)) for r in tree_order(Region.objects.visible_to(user).filter(in_statistics=True))
            ],
            export_url=f"{self.request.path}?{urlencode({**query, 'format': 'xlsx'})}",
            targets_url=f"{reverse('targets:target_list')}?{urlencode({'year': self.as_of.year})}",
        )
        return context

    def export(self) -> HttpResponse:
        response = HttpResponse(progress_workbook(self.rows, self.region, self.as_of), content_type=XLSX)
        filename = f"{_('目标进度')}-{self.region.name}-{self.as_of:%Y%m%d}.xlsx"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
        return response
