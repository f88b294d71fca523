"""django-tables2 tables of monthly dispatch: projects with their figures and lights, reports, the approval queue."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from tuijin.core.money import format_percent, format_wan
from tuijin.core.periods import completion_rate
from tuijin.dispatch import queries
from tuijin.dispatch.models import DispatchSettings, MonthlyReport, ReportStatus
from tuijin.projects.tables import ProjectTable

NUM = {"th": {"class": "num"}, "td": {"class": "num"}}

STATUS_BADGES = {
    ReportStatus.DRAFT: "badge",
    ReportStatus.SUBMITTED: "badge badge-info",
    ReportStatus.APPROVED: "badge badge-success",
    ReportStatus.RETURNED: "badge badge-danger",
}


def light_badge(light: str, reasons: list[str] | None = None) -> SafeString:
    """A light as the coloured dot and its name, the reasons in the title (shown on hover)."""
    if not light:
        return format_html('<span class="muted" title="{}">—</span>', _("无灯色（无计划或不适用）"))
    return format_html(
        '<span class="light-{}" title="{}" data-light="{}">{}</span>',
        light,
        "；".join(reasons or []),
        light,
        queries.Light.LABELS[light],
    )


def status_badge(report: MonthlyReport) -> SafeString:
    title = report.return_reason if report.status == ReportStatus.RETURNED else ""
    return format_html(
        '<span class="{}" title="{}" data-status="{}">{}</span>',
        STATUS_BADGES.get(report.status, "badge"),
        title,
        report.status,
        report.get_status_display(),
    )


def month_label(year: int, month: int) -> str:
    """A report's month as written in Chinese documents: 2025年10月."""
    return f"{year}年{month}月"


class ProjectDispatchTable(ProjectTable):
    """The project list with the year's plan, 本年累计 (approved reports), its share and the overall light.

    The rows must come from ``queries.with_progress`` for the same ``year``/``month`` (the view does so);
    the light is computed per row with the dispatch settings read once.
    """

    plan_amount = tables.Column(verbose_name=_("年度计划（万元）"), attrs=NUM)
    ytd_amount = tables.Column(verbose_name=_("本年累计（万元）"), attrs=NUM)
    ytd_share = tables.Column(verbose_name=_("占年计划 %"), attrs=NUM, empty_values=(), orderable=False)
    light = tables.Column(verbose_name=_("灯色"), empty_values=(), orderable=False)

    def __init__(
        self, *args: Any, year: int, month: int, settings: DispatchSettings | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.year, self.month = year, month
        self.dispatch_settings = settings or DispatchSettings.current()

    def render_plan_amount(self, value: Any) -> str:
        return format_wan(value)

    def render_ytd_amount(self, value: Any) -> str:
        return format_wan(value)

    def render_ytd_share(self, record: Any) -> str:
        return format_percent(completion_rate(record.ytd_amount, record.plan_amount))

    def render_light(self, record: Any) -> SafeString:
        lights = queries.lights_for(record, self.year, self.month, self.dispatch_settings)
        return light_badge(lights.overall, lights.reasons)


class MonthlyReportTable(tables.Table):
    """Reports with their month, amount, status and who submitted and reviewed them when."""

    project = tables.Column(verbose_name=_("项目"), order_by=("project__name",))
    region = tables.Column(verbose_name=_("所属区域"), accessor="project__region", order_by=("project__region__path",))
    period = tables.Column(verbose_name=_("月份"), empty_values=(), order_by=("year", "month"))
    amount = tables.Column(verbose_name=_("当月完成投资（万元）"), attrs=NUM)
    status = tables.Column(verbose_name=_("状态"))
    submitted_by = tables.Column(verbose_name=_("报送人"))
    submitted_at = tables.DateTimeColumn(verbose_name=_("报送时间"), format="Y-m-d H:i")
    reviewed_by = tables.Column(verbose_name=_("审核人"))
    reviewed_at = tables.DateTimeColumn(verbose_name=_("审核时间"), format="Y-m-d H:i")

    class Meta:
        model = MonthlyReport
        fields = [
            "project",
            "region",
            "period",
            "amount",
            "status",
            "submitted_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
        ]
        order_by = ["-period", "region"]
        empty_text = _("暂无调度报告")

    def render_project(self, record: MonthlyReport) -> SafeString:
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), record.project)

    def render_period(self, record: MonthlyReport) -> str:
        return month_label(record.year, record.month)

    def render_amount(self, value: Any) -> str:
        return format_wan(value)

    def render_status(self, record: MonthlyReport) -> SafeString:
        return status_badge(record)


class SubmittedCheckBoxColumn(tables.CheckBoxColumn):
    """A row checkbox for bulk review; rows already decided (after an htmx update) have none."""

    def render(self, value: Any, bound_column: Any, record: Any) -> Any:
        if record.status != ReportStatus.SUBMITTED:
            return ""
        return super().render(value, bound_column, record)


class ApprovalQueueTable(tables.Table):
    """Submitted reports awaiting review: a checkbox for bulk actions and per-row 通过 / 退回 buttons.

    The checkboxes belong to the ``bulk-form`` below the table (HTML ``form`` attribute), so each row can
    carry its own small forms for the single actions without nesting forms.
    """

    ids = SubmittedCheckBoxColumn(
        accessor="pk",
        attrs={
            "input": {"form": "bulk-form", "class": "row-check"},
            "th__input": {"class": "check-all", "title": _("全选"), "aria-label": _("全选")},
        },
        orderable=False,
    )
    project = tables.Column(verbose_name=_("项目"), order_by=("project__name",))
    region = tables.Column(verbose_name=_("所属区域"), accessor="project__region", order_by=("project__region__path",))
    period = tables.Column(verbose_name=_("月份"), empty_values=(), order_by=("year", "month"))
    amount = tables.Column(verbose_name=_("当月完成投资（万元）"), attrs=NUM)
    progress = tables.Column(verbose_name=_("形象进度"), orderable=False)
    issues = tables.Column(verbose_name=_("存在问题及建议"), orderable=False)
    submitted_by = tables.Column(verbose_name=_("报送人"))
    submitted_at = tables.DateTimeColumn(verbose_name=_("报送时间"), format="Y-m-d H:i")
    actions = tables.TemplateColumn(
        verbose_name=_("操作"), template_name="dispatch/partials/queue_actions.html", orderable=False, empty_values=()
    )

    class Meta:
        model = MonthlyReport
        fields = ["ids", "project", "region", "period", "amount", "progress", "issues", "submitted_by", "submitted_at"]
        sequence = [*fields, "actions"]
        order_by = ["region", "project"]
        row_attrs = {"id": lambda record: f"report-{record.pk}"}
        empty_text = _("没有待审核的调度报告")

    def render_project(self, record: MonthlyReport) -> SafeString:
        return format_html(
            '<a href="{}">{}</a> <a class="muted" href="{}" title="{}">↗</a>',
            record.get_absolute_url(),
            record.project,
            reverse("dispatch:project_detail", args=[record.project_id]),
            _("项目详情"),
        )

    def render_period(self, record: MonthlyReport) -> str:
        return month_label(record.year, record.month)

    def render_amount(self, value: Any) -> str:
        return format_wan(value)
