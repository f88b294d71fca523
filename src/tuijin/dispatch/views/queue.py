"""The dispatcher's approval queue (one by one with htmx, or in bulk) and the list of late reporters."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from tuijin.core import audit, generic
from tuijin.core.periods import date_label
from tuijin.dispatch import queries
from tuijin.dispatch.filters import MonthlyReportFilterSet
from tuijin.dispatch.forms import ReturnForm
from tuijin.dispatch.models import DispatchSettings, MonthlyReport, ReportStatus
from tuijin.dispatch.tables import ApprovalQueueTable, month_label
from tuijin.dispatch.views.common import is_dispatcher, request_period, reviewable_reports
from tuijin.projects.models import Project


class QueueFilterSet(MonthlyReportFilterSet):
    """The report filters without status: the queue holds submitted reports only."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters.pop("status", None)


class QueueView(generic.ObjectListView):
    """Submitted reports under the dispatcher's regions, to approve or return one by one or in bulk."""

    model = MonthlyReport
    table_class = ApprovalQueueTable
    filterset_class = QueueFilterSet
    template_name = "dispatch/queue.html"
    title = gettext_lazy("调度报告审核")
    paginate_by = 100

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not is_dispatcher(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[MonthlyReport]:
        return (
            reviewable_reports(self.request.user)
            .filter(status=ReportStatus.SUBMITTED)
            .select_related("project__region", "submitted_by")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["return_form"] = ReturnForm()
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Bulk 审核通过 / 退回 of the ticked reports: all of them or, if one is refused, none."""
        back = request.get_full_path()
        ids = [value for value in request.POST.getlist("ids") if value.isdigit()]
        action = request.POST.get("action")
        if not ids:
            messages.error(request, _("请先勾选要审核的报告。"))
            return HttpResponseRedirect(back)
        reason = ""
        if action == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("批量退回必须填写退回原因。"))
                return HttpResponseRedirect(back)
            reason = form.cleaned_data["reason"]
        elif action != "approve":
            messages.error(request, _("未知的操作。"))
            return HttpResponseRedirect(back)
        reports = list(self.get_queryset().filter(pk__in=ids))
        if len(reports) != len(set(ids)):
            messages.error(request, _("部分报告已被他人处理或不在您的审核范围内，请刷新后重试；本次未作任何处理。"))
            return HttpResponseRedirect(back)
        try:
            with transaction.atomic():
                for report in reports:
                    if action == "approve":
                        audit.set_reason(_("审核通过（批量）"))
                        report.approve(request.user)
                    else:
                        audit.set_reason(_("退回：%(reason)s") % {"reason": reason})
                        report.return_to_reporter(request.user, reason)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages) + _("本次未作任何处理。"))
            return HttpResponseRedirect(back)
        if action == "approve":
            messages.success(request, _("已审核通过%(count)s条报告。") % {"count": len(reports)})
        else:
            messages.success(request, _("已退回%(count)s条报告。") % {"count": len(reports)})
        return HttpResponseRedirect(back)


class LateView(LoginRequiredMixin, TemplateView):
    """Projects of the year's list without a submitted report once the month's deadline has passed, by region."""

    template_name = "dispatch/late.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year, month = request_period(self.request)
        today = timezone.localdate()
        deadline = DispatchSettings.current().deadline(year, month)
        projects = (
            queries.late_projects(Project.objects.visible_to(self.request.user), year, month, today)
            .select_related("region")
            .order_by("region__sort_order", "region__path", "name")
        )
        groups = []
        for region, items in groupby(projects, key=lambda project: project.region):
            rows = list(items)
            query = urlencode({"region": region.code, "year": year, "month": month, "late": "yes"})
            url = f"{reverse('dispatch:project_list')}?{query}"
            groups.append({"region": region, "projects": rows, "count": len(rows), "url": url})
        context.update(
            title=_("逾期未报项目"),
            year=year,
            month=month,
            month_label=month_label(year, month),
            deadline=date_label(deadline),
            before_deadline=today <= deadline,
            groups=groups,
            total=sum(group["count"] for group in groups),
            grid_url=f"{reverse('dispatch:grid')}?{urlencode({'year': year, 'month': month})}",
            months=range(1, 13),
        )
        return context
