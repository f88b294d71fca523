"""Report pages: list, export, detail, create/edit (drafts and returned reports only), the workflow actions
(报送, 审核通过, 退回) and the dispatcher's reasoned correction of an approved report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.template import Context
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from tuijin.core import audit, generic
from tuijin.core.money import format_wan
from tuijin.core.views import safe_next
from tuijin.dispatch.filters import MonthlyReportFilterSet
from tuijin.dispatch.forms import CorrectionForm, MonthlyReportForm, ReturnForm
from tuijin.dispatch.models import MonthlyReport, ReportStatus
from tuijin.dispatch.tables import ApprovalQueueTable, MonthlyReportTable, status_badge
from tuijin.dispatch.views.common import EDITABLE_STATUSES, reviewable_reports, with_display

MONEY_FIELDS = {"amount", "since_start_total"}
REPORT_FIELDS = [
    "project",
    "year",
    "month",
    "amount",
    "since_start_total",
    "progress",
    "issues",
    "planned_workers",
    "actual_workers",
    "status",
    "return_reason",
    "submitted_by",
    "submitted_at",
    "reviewed_by",
    "reviewed_at",
    "created",
    "updated",
]


class ReportListView(generic.ObjectListView):
    model = MonthlyReport
    table_class = MonthlyReportTable
    filterset_class = MonthlyReportFilterSet
    title = gettext_lazy("月度调度报告")
    create_url_name = "dispatch:report_create"
    export_url_name = "dispatch:report_export"

    def get_queryset(self) -> QuerySet[MonthlyReport]:
        return super().get_queryset().select_related("project__region", "submitted_by", "reviewed_by")


class ReportExportView(generic.ObjectExportView):
    model = MonthlyReport
    filterset_class = MonthlyReportFilterSet
    filename = "月度调度报告"
    columns = [
        ("项目代码", "project.code"),
        ("项目名称", "project.name"),
        ("所属区域", "project.region.name"),
        ("年度", "year"),
        ("月份", "month"),
        ("当月完成投资（万元）", "amount"),
        ("自开工累计完成投资（万元）", "since_start_total"),
        ("形象进度", "progress"),
        ("存在问题及建议", "issues"),
        ("计划在岗人数", "planned_workers"),
        ("实际在岗人数", "actual_workers"),
        ("状态", "get_status_display"),
        ("退回原因", "return_reason"),
        ("报送人", "submitted_by"),
        ("审核人", "reviewed_by"),
    ]

    def visible_queryset(self) -> QuerySet[MonthlyReport]:
        return super().visible_queryset().select_related("project__region", "submitted_by", "reviewed_by")


class ReportDetailView(generic.ObjectDetailView):
    """A report's figures and workflow state; the actions offered depend on its status and the user's role."""

    model = MonthlyReport
    template_name = "dispatch/report_detail.html"
    fields = REPORT_FIELDS
    edit_url_name = "dispatch:report_edit"

    def get_queryset(self) -> QuerySet[MonthlyReport]:
        return super().get_queryset().select_related("project__region", "submitted_by", "reviewed_by")

    def get_template_names(self) -> list[str]:
        if self.request.htmx and self.request.htmx.target == "tab-body" and self.tab != "history":
            return ["dispatch/partials/report_tab.html"]
        return super().get_template_names()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        report: MonthlyReport = self.object
        user = self.request.user
        if report.status not in EDITABLE_STATUSES:
            context["edit_url"] = None
        if self.tab != "history":
            context["fields"] = [
                (label, format_wan(getattr(report, name)) if name in MONEY_FIELDS and value else value)
                for (label, value), name in zip(context["fields"], self.fields, strict=True)
            ]
        reviewable = reviewable_reports(user).filter(pk=report.pk).exists()
        context.update(
            status_badge=status_badge(report),
            can_submit=context["edit_url"] is not None,
            can_review=reviewable and report.status == ReportStatus.SUBMITTED,
            correct_url=(
                reverse("dispatch:report_correct", args=[report.pk])
                if reviewable and report.status == ReportStatus.APPROVED
                else None
            ),
            return_form=ReturnForm(),
            fundings=with_display(report.fundings.all(), "amount"),
        )
        return context


class ReportEditView(generic.ObjectEditView):
    """Create a report or change a draft or returned one; a submitted or approved report gets an explanation."""

    model = MonthlyReport
    form_class = MonthlyReportForm
    success_url_name = "dispatch:report_list"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.refuse_if_closed() or super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.refuse_if_closed() or super().post(request, *args, **kwargs)

    def refuse_if_closed(self) -> HttpResponse | None:
        """A friendly page instead of the form when the report can no longer be changed by editing."""
        if "pk" not in self.kwargs:
            return None
        report = get_object_or_404(self.editable_queryset(), pk=self.kwargs["pk"])
        if report.status in EDITABLE_STATUSES:
            return None
        reviewable = reviewable_reports(self.request.user).filter(pk=report.pk).exists()
        context = {
            "report": report,
            "status_badge": status_badge(report),
            "correct_url": (
                reverse("dispatch:report_correct", args=[report.pk])
                if reviewable and report.status == ReportStatus.APPROVED
                else None
            ),
        }
        return render(self.request, "dispatch/report_closed.html", context)


class ReportCorrectView(generic.ObjectEditView):
    """The dispatcher's correction of an approved report: figures and a required reason, recorded as “更正：…”."""

    model = MonthlyReport
    form_class = CorrectionForm
    success_url_name = "dispatch:report_list"

    def editable_queryset(self) -> QuerySet[MonthlyReport]:
        return reviewable_reports(self.request.user)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.redirect_unless_approved() or super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.redirect_unless_approved() or super().post(request, *args, **kwargs)

    def redirect_unless_approved(self) -> HttpResponse | None:
        report = get_object_or_404(self.editable_queryset(), pk=self.kwargs["pk"])
        if report.status == ReportStatus.APPROVED:
            return None
        messages.info(self.request, _("该报告尚未审核，无需更正，可直接修改或审核。"))
        return HttpResponseRedirect(report.get_absolute_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("更正已审核的报告：%(obj)s") % {"obj": self.object}
        return context


def render_queue_row(request: HttpRequest, report: MonthlyReport, error: str = "") -> HttpResponse:
    """One row of the approval queue after an htmx action: the same table, the new state."""
    report.queue_error = error
    table = ApprovalQueueTable([report])
    table.context = Context({"csrf_token": get_token(request), "queue_url": reverse("dispatch:queue")})
    return render(request, "dispatch/partials/queue_row.html", {"row": table.rows[0], "table": table})


class ReportActionView(LoginRequiredMixin, View):
    """A POST that moves a report through its workflow; outsiders get 404, a refused move a message.

    From the approval queue (htmx) the answer is the updated row; otherwise a redirect back.
    """

    http_method_names = ["post"]
    success_message = ""

    def reports(self) -> QuerySet[MonthlyReport]:
        return MonthlyReport.objects.editable_by(self.request.user)

    def act(self, report: MonthlyReport) -> None:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = get_object_or_404(self.reports().select_related("project__region"), pk=pk)
        error = ""
        version = request.POST.get("version")
        try:
            with transaction.atomic():
                if version and version.isdigit():
                    # Act on the version the user looked at: a report changed since is refused, not overwritten.
                    report.version = int(version)
                self.act(report)
        except ValidationError as exc:
            error = " ".join(exc.messages)
            report.refresh_from_db()
        if request.htmx:
            return render_queue_row(request, report, error)
        if error:
            messages.error(request, error)
        else:
            messages.success(request, self.success_message % {"obj": report})
        return HttpResponseRedirect(safe_next(request, report.get_absolute_url()))


class ReportSubmitView(ReportActionView):
    success_message = gettext_lazy("已报送：%(obj)s")

    def act(self, report: MonthlyReport) -> None:
        audit.set_reason(_("报送"))
        report.submit(self.request.user)


class ReportApproveView(ReportActionView):
    success_message = gettext_lazy("已审核通过：%(obj)s")

    def reports(self) -> QuerySet[MonthlyReport]:
        return reviewable_reports(self.request.user)

    def act(self, report: MonthlyReport) -> None:
        audit.set_reason(_("审核通过"))
        report.approve(self.request.user)


class ReportReturnView(ReportActionView):
    success_message = gettext_lazy("已退回：%(obj)s")

    def reports(self) -> QuerySet[MonthlyReport]:
        return reviewable_reports(self.request.user)

    def act(self, report: MonthlyReport) -> None:
        form = ReturnForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(form.errors["reason"])
        reason = form.cleaned_data["reason"]
        audit.set_reason(_("退回：%(reason)s") % {"reason": reason})
        report.return_to_reporter(self.request.user, reason)
