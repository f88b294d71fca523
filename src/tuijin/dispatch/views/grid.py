"""Grid entry (表格填报): a district fills one month for all its projects on one spreadsheet-like page.

Every row is validated before anything is written; one bad cell keeps the whole page unsaved, with every
error shown next to its cell and every input kept. Rows carry the version of their report, so a report
changed by someone else since the page was opened is refused rather than overwritten.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from tuijin.core import audit
from tuijin.core.money import format_wan
from tuijin.core.periods import period_label
from tuijin.dispatch import queries
from tuijin.dispatch.forms import GridRowForm
from tuijin.dispatch.models import MonthlyReport
from tuijin.dispatch.tables import month_label, status_badge
from tuijin.dispatch.views.common import EDITABLE_STATUSES, is_future, request_period
from tuijin.projects.choices import Stage
from tuijin.projects.models import Project
from tuijin.projects.queries import year_list

RUNNING_STAGES = [Stage.CONSTRUCTION, Stage.COMPLETED, Stage.PRODUCING, Stage.CAPACITY]

# Column names as the grid shows them, for model errors that are not tied to a grid input.
GRID_LABELS = {
    "amount": "当月完成投资",
    "progress": "形象进度",
    "issues": "存在问题",
    "planned_workers": "计划在岗",
    "actual_workers": "实际在岗",
}


def grid_projects(user: Any, year: int, month: int) -> QuerySet[Project]:
    """The rows of the grid: the user's editable projects that report for the month.

    That is the year's list (projects with a plan), projects under construction or beyond that were not
    finished before the year began, and any project that already has a report for the month.
    """
    editable = Project.objects.editable_by(user)
    running = editable.filter(stage__in=RUNNING_STAGES).exclude(actual_completion__lt=datetime.date(year, 1, 1))
    reported = MonthlyReport.objects.filter(year=year, month=month).values("project_id")
    rows = editable.filter(
        Q(pk__in=year_list(editable, year).values("pk")) | Q(pk__in=running.values("pk")) | Q(pk__in=reported)
    )
    # 本年累计 before this month: approved reports of months 1 to month − 1.
    return queries.with_progress(rows, year, month - 1).select_related("region").order_by("region__path", "name")


@dataclass
class GridRow:
    number: int
    project: Project
    report: MonthlyReport | None
    form: GridRowForm
    errors: list[str] = field(default_factory=list)  # every error of the row, for the summary at the top
    row_errors: list[str] = field(default_factory=list)  # those not tied to one cell (e.g. a stale version)

    def fail(self, message: str, cell: str | None = None) -> None:
        self.errors.append(message)
        if cell is None:
            self.row_errors.append(message)
        else:
            self.form.add_error(cell, message)

    @property
    def editable(self) -> bool:
        return self.report is None or self.report.status in EDITABLE_STATUSES

    @property
    def status_badge(self) -> Any:
        return status_badge(self.report) if self.report else ""

    @property
    def plan_display(self) -> str:
        return format_wan(self.project.plan_amount)

    @property
    def ytd_display(self) -> str:
        return format_wan(self.project.ytd_amount)

    @property
    def amount_display(self) -> str:
        return format_wan(self.report.amount) if self.report else ""


class GridView(LoginRequiredMixin, View):
    """GET shows the month's grid; POST saves all rows as drafts (保存草稿) or saves and submits them (报送)."""

    template_name = "dispatch/grid.html"

    def setup_grid(self, request: HttpRequest) -> None:
        self.year, self.month = request_period(request)
        self.future = is_future(self.year, self.month)

    def build_rows(self, data: Any = None) -> list[GridRow]:
        projects = list(grid_projects(self.request.user, self.year, self.month))
        month_reports = MonthlyReport.objects.filter(
            project__in=[p.pk for p in projects], year=self.year, month=self.month
        )
        reports = {report.project_id: report for report in month_reports}
        rows = []
        for number, project in enumerate(projects, start=1):
            report = reports.get(project.pk)
            editable = report is None or report.status in EDITABLE_STATUSES
            bound = data if (data is not None and editable) else None
            form = GridRowForm(bound, prefix=f"p{project.pk}", report=report)
            rows.append(GridRow(number, project, report, form))
        return rows

    def render_grid(self, rows: list[GridRow], status: int = 200) -> HttpResponse:
        errors = [f"第{row.number}行 {row.project.name}：{message}" for row in rows for message in row.errors]
        context = {
            "title": _("月度调度填报"),
            "year": self.year,
            "month": self.month,
            "month_label": month_label(self.year, self.month),
            "before_label": period_label(self.year, self.month - 1) if self.month > 1 else "",
            "future": self.future,
            "rows": rows,
            "errors": errors,
            "editable_count": sum(1 for row in rows if row.editable),
            "months": range(1, 13),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        self.setup_grid(request)
        return self.render_grid(self.build_rows())

    def post(self, request: HttpRequest) -> HttpResponse:
        self.setup_grid(request)
        if self.future:
            label = month_label(self.year, self.month)
            messages.error(request, _("不能填报未来月份（%(month)s）。") % {"month": label})
            return self.render_grid(self.build_rows(), status=400)
        submit = request.POST.get("action") == "submit"
        rows = self.build_rows(request.POST)
        to_save, to_submit = self.validate(rows)
        if any(row.errors for row in rows):
            return self.render_grid(rows)
        try:
            with transaction.atomic():
                audit.set_reason(_("表格填报：%(month)s") % {"month": month_label(self.year, self.month)})
                for report in to_save:
                    report.save()
                if submit:
                    audit.set_reason(_("报送：%(month)s") % {"month": month_label(self.year, self.month)})
                    for report in to_submit:
                        report.submit(request.user)
        except ValidationError as error:
            # A concurrent change between validation and saving: nothing of this page was written.
            messages.error(request, " ".join(error.messages) + _("本页数据均未保存。"))
            return self.render_grid(rows)
        if submit:
            text = _("已保存%(saved)s条，报送%(submitted)s条。") % {"saved": len(to_save), "submitted": len(to_submit)}
        else:
            text = _("已保存%(saved)s条草稿。") % {"saved": len(to_save)}
        messages.success(request, text)
        return HttpResponseRedirect(request.get_full_path())

    def validate(self, rows: list[GridRow]) -> tuple[list[MonthlyReport], list[MonthlyReport]]:
        """Check every row; return the reports to save and those to submit (all non-empty editable rows)."""
        posted = self.request.POST
        to_save: list[MonthlyReport] = []
        to_submit: list[MonthlyReport] = []
        for row in rows:
            prefix = f"p{row.project.pk}"
            posted_version = posted.get(f"{prefix}-version", "")
            blank = all(not posted.get(f"{prefix}-{name}", "").strip() for name in GridRowForm.INPUTS)
            if row.report is not None and not posted_version and not blank:
                # Someone else created the report after this page was opened.
                if row.editable:
                    row.fail(_("该项目本月报告已由其他用户填写，请刷新页面后再修改。"))
                else:
                    status = row.report.get_status_display()
                    row.fail(_("该项目本月报告已由其他用户填写（%(status)s），不能再修改。") % {"status": status})
                continue
            if row.report is not None and posted_version and posted_version != str(row.report.version):
                row.fail(self.stale_message(row.report))
                continue
            if not row.editable or (blank and (row.report is None or not posted_version)):
                # Read-only (submitted or approved), or nothing typed in a row without a report.
                continue
            if not row.form.is_valid():
                for name, errors in row.form.errors.items():
                    row.errors.extend(errors)
                    if name not in GridRowForm.INPUTS:
                        row.row_errors.extend(errors)
                continue
            report = row.report or MonthlyReport(project=row.project, year=self.year, month=self.month)
            figures = row.form.figures()
            changed = report.pk is None or any(getattr(report, name) != value for name, value in figures.items())
            for name, value in figures.items():
                setattr(report, name, value)
            try:
                report.full_clean()
            except ValidationError as error:
                self.add_model_errors(row, error)
                continue
            if changed:
                to_save.append(report)
            to_submit.append(report)
        return to_save, to_submit

    @staticmethod
    def stale_message(report: MonthlyReport) -> str:
        return _("该报告已被其他用户修改（当前为第%(version)s版，状态：%(status)s），请刷新页面后再修改。") % {
            "version": report.version,
            "status": report.get_status_display(),
        }

    @staticmethod
    def add_model_errors(row: GridRow, error: ValidationError) -> None:
        """Model rules (MonthlyReport.clean) shown like cell errors: next to the cell, named by the column."""
        for name, messages_ in error.message_dict.items():
            for message in messages_:
                if name in GRID_LABELS:
                    row.fail(f"{GRID_LABELS[name]}：{message}", cell=name)
                else:
                    row.fail(message)
