"""Hand-entered figures (指标填报): the year-to-date values of manual indicators (地区生产总值 …) per region and
month, entered by the 区县填报 and 市级调度 of the region's subtree and read by the progress table."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from tuijin.targets.filters import EntryFilter
from tuijin.targets.forms import EntryForm
from tuijin.targets.models import IndicatorEntry
from tuijin.targets.tables import EntryTable, entry_fields
from tuijin.targets.views import common

RELATED = ("indicator", "region")


class EntryListView(common.ListView):
    model = IndicatorEntry
    table_class = EntryTable
    filterset_class = EntryFilter
    title = gettext_lazy("指标填报")
    create_url_name = "targets:entry_create"
    export_url_name = "targets:entry_export"

    def get_queryset(self) -> QuerySet[IndicatorEntry]:
        return super().get_queryset().select_related(*RELATED)


class EntryDetailView(common.DetailView):
    model = IndicatorEntry
    edit_url_name = "targets:entry_edit"
    delete_url_name = "targets:entry_delete"

    def get_queryset(self) -> QuerySet[IndicatorEntry]:
        return super().get_queryset().select_related(*RELATED)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["fields"] = entry_fields(self.object)
        return context


class EntryEditView(common.EditView):
    model = IndicatorEntry
    form_class = EntryForm
    success_url_name = "targets:entry_list"


class EntryDeleteView(common.DeleteView):
    model = IndicatorEntry
    success_url_name = "targets:entry_list"
