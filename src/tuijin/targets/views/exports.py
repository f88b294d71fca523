"""The Excel exports of the 目标任务分解表 and the 指标填报表: the list as filtered (the same query string as the list
page), within what the user may see, written by the importer's own spec, so export → edit → import is exact."""

from __future__ import annotations

from django.db.models import QuerySet

from tuijin.core import generic
from tuijin.exchange.pipeline import export_rows
from tuijin.targets.filters import EntryFilter, TargetFilter
from tuijin.targets.imports import EntryImportSpec, TargetImportSpec, ordered_entries, ordered_targets
from tuijin.targets.models import IndicatorEntry, Target


class TargetExportView(generic.ObjectExportView):
    model = Target
    filterset_class = TargetFilter
    filename = "目标任务分解表"

    def workbook(self, rows: QuerySet[Target]) -> bytes:
        return export_rows(TargetImportSpec(), ordered_targets(rows))


class EntryExportView(generic.ObjectExportView):
    model = IndicatorEntry
    filterset_class = EntryFilter
    filename = "指标填报表"

    def workbook(self, rows: QuerySet[IndicatorEntry]) -> bytes:
        return export_rows(EntryImportSpec(), ordered_entries(rows))
