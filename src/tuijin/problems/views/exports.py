"""The Excel exports of the 问题清单 and the 前期手续台账: the list as filtered (the same query string as the list
page), within what the user may see, written by the importer's own spec, so export → edit → import is exact."""

from __future__ import annotations

from django.db.models import QuerySet

from tuijin.core import generic
from tuijin.exchange.pipeline import export_rows
from tuijin.problems.approval_filters import ApprovalFilter
from tuijin.problems.filters import ProblemFilter
from tuijin.problems.imports import ApprovalImportSpec, ProblemImportSpec, ordered_approvals, ordered_problems
from tuijin.problems.models import ApprovalItem, Problem


class ProblemExportView(generic.ObjectExportView):
    model = Problem
    filterset_class = ProblemFilter
    filename = "问题清单"

    def workbook(self, rows: QuerySet[Problem]) -> bytes:
        return export_rows(ProblemImportSpec(), ordered_problems(rows))


class ApprovalExportView(generic.ObjectExportView):
    model = ApprovalItem
    filterset_class = ApprovalFilter
    filename = "前期手续台账"

    def workbook(self, rows: QuerySet[ApprovalItem]) -> bytes:
        return export_rows(ApprovalImportSpec(), ordered_approvals(rows))
