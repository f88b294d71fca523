"""django-tables2 tables of approval items (前期手续) and site inspections (督查), and the card rows of their pages.

The 滞后 cell of an approval item gives the reasons of ``queries.lag_reasons`` at the table's ``today``; 用时 is
official working days from 启动 to 取得 (``ApprovalItem.duration_workdays``).
"""

from __future__ import annotations

import datetime
from typing import Any

import django_tables2 as tables
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from tuijin.core import generic
from tuijin.core.periods import date_label
from tuijin.problems import queries
from tuijin.problems.choices import ApprovalStatus
from tuijin.problems.models import ApprovalItem, Inspection
from tuijin.projects.tables import NUMERIC

APPROVAL_STATUS_BADGES = {
    ApprovalStatus.NOT_STARTED: "",
    ApprovalStatus.IN_PROGRESS: "badge-warning",
    ApprovalStatus.OBTAINED: "badge-success",
}


def approval_status_badge(item: ApprovalItem) -> SafeString:
    return format_html(
        '<span class="badge {}" data-status="{}">{}</span>',
        APPROVAL_STATUS_BADGES.get(item.status, ""),
        item.status,
        item.get_status_display(),
    )


def lag_mark(reasons: list[str]) -> SafeString | str:
    """滞后 with its reasons, or "" for an item on time."""
    if not reasons:
        return ""
    return format_html(
        '<span class="badge badge-danger" data-testid="lag">{}</span> <span class="lag-reasons">{}</span>',
        _("滞后"),
        "；".join(reasons),
    )


def project_link(project: Any) -> SafeString:
    return format_html('<a href="{}">{}</a>', reverse("dispatch:project_detail", args=[project.pk]), project.name)


def link(obj: models.Model | None, text: str | None = None) -> SafeString | str:
    """A link to the object's page, or "" for none."""
    if obj is None:
        return ""
    return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj if text is None else text)


def card_rows(obj: models.Model, names: list[str]) -> list[tuple[str, str]]:
    """(label, text) of fields as a person reads them: dates in Chinese, the project and the unit by name, the
    project as a link."""
    rows = []
    for name in names:
        field = obj._meta.get_field(name)
        value = getattr(obj, name)
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            text: str = date_label(value)
        elif name == "project" and value is not None:
            text = project_link(value)
        else:
            text = generic.display_value(obj, name)
        rows.append((str(field.verbose_name), text))
    return rows


class DateLabelColumn(tables.Column):
    """A date as 2026年10月9日."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("attrs", {"td": {"class": "nowrap"}})
        super().__init__(*args, **kwargs)

    def render(self, value: datetime.date) -> str:
        return date_label(value)


class ApprovalTable(tables.Table):
    """Approval items across projects: 项目, 手续, 审批部门, 帮办代办员, 状态, the dates, 用时, 批准文号, 滞后."""

    # Explicit headers: the project page gives the table a list, from which no model verbose names are read.
    project = tables.Column(verbose_name=_("项目"), order_by=("project__name",))
    type = tables.Column(verbose_name=_("手续"), order_by=("type", "name"))
    handling_unit = tables.Column(verbose_name=_("审批部门"), order_by=("handling_unit__name",))
    agent_name = tables.Column(verbose_name=_("帮办代办员"))
    status = tables.Column(verbose_name=_("状态"))
    planned_on = DateLabelColumn(verbose_name=_("计划取得"))
    started_on = DateLabelColumn(verbose_name=_("启动日期"))
    obtained_on = DateLabelColumn(verbose_name=_("取得日期"))
    duration = tables.Column(verbose_name=_("用时（工作日）"), accessor="pk", orderable=False, attrs=NUMERIC)
    document_no = tables.Column(verbose_name=_("批准文号"))
    lag = tables.Column(verbose_name=_("滞后"), accessor="pk", orderable=False)

    class Meta:
        model = ApprovalItem
        fields = [
            "project",
            "type",
            "handling_unit",
            "agent_name",
            "status",
            "planned_on",
            "started_on",
            "obtained_on",
            "duration",
            "document_no",
            "lag",
        ]
        sequence = fields
        attrs = {"class": "table approval-table", "data-testid": "approval-table"}
        row_attrs = {"data-pk": lambda record: record.pk}
        empty_text = _("没有符合条件的手续")

    def __init__(self, *args: Any, today: datetime.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()

    def render_project(self, record: ApprovalItem) -> SafeString:
        return project_link(record.project)

    def render_type(self, record: ApprovalItem) -> SafeString:
        return link(record, record.label)

    def render_status(self, record: ApprovalItem) -> SafeString:
        return approval_status_badge(record)

    def render_duration(self, record: ApprovalItem) -> str:
        days = record.duration_workdays()
        return "—" if days is None else str(days)

    def render_lag(self, record: ApprovalItem) -> SafeString | str:
        return lag_mark(queries.lag_reasons(record, self.today))


class InspectionTable(tables.Table):
    """Inspections: 日期, 项目, 督查人员, 现场施工人数, 照片数, 发现问题数, 记录人 (the counts are the view's
    annotations, ``views.inspections.with_counts``)."""

    on = DateLabelColumn(linkify=True)
    project = tables.Column(order_by=("project__name",))
    inspectors = tables.Column()
    workers_seen = tables.Column(attrs=NUMERIC)
    photo_count = tables.Column(verbose_name=_("照片数"), attrs=NUMERIC)
    problem_count = tables.Column(verbose_name=_("发现问题数"), attrs=NUMERIC)
    recorded_by = tables.Column(order_by=("recorded_by__full_name", "recorded_by__username"))

    class Meta:
        model = Inspection
        fields = ["on", "project", "inspectors", "workers_seen", "photo_count", "problem_count", "recorded_by"]
        sequence = fields
        attrs = {"class": "table inspection-table", "data-testid": "inspection-table"}
        row_attrs = {"data-pk": lambda record: record.pk}
        empty_text = _("没有符合条件的督查记录")

    def render_project(self, record: Inspection) -> SafeString:
        return project_link(record.project)
