"""Tables of problem coordination: the django-tables2 lists, the problem card's rows and the performance workbook.

The 办理时限 cell carries the urgency mark of DOMAIN.md §5 (blue within the 临期 working days, red overdue) with
the working days left or overdue, judged at the table's ``today`` with the settings' ``blue_days`` (read once per
page, not once per row).
"""

from __future__ import annotations

import datetime
import io
from typing import Any

import django_tables2 as tables
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from tuijin.core import workdays
from tuijin.core.periods import date_label
from tuijin.problems import queries
from tuijin.problems.choices import ProblemStatus
from tuijin.problems.models import Inspection, Notification, Problem, ProblemSettings
from tuijin.projects.tables import NUMERIC

STATUS_BADGES = {
    ProblemStatus.RAISED: "badge-info",
    ProblemStatus.ASSIGNED: "badge-info",
    ProblemStatus.HANDLING: "badge-warning",
    ProblemStatus.RETURNED: "badge-danger",
    ProblemStatus.RESOLVED: "badge-success",
    ProblemStatus.CLOSED: "",
}

ESTIMATED_HINT = gettext_lazy("该时限跨越尚未公布节假日安排的年份，按周一至周五估算")


def status_badge(problem: Problem) -> SafeString:
    return format_html(
        '<span class="badge problem-status {}" data-status="{}">{}</span>',
        STATUS_BADGES.get(problem.status, ""),
        problem.status,
        problem.get_status_display(),
    )


def urgency_text(problem: Problem, today: datetime.date) -> str:
    """“剩2个工作日”, “今日到期”, “逾期3个工作日” (“已逾期” on the non-working days just after the deadline); "" for
    a problem whose clock does not run."""
    left = problem.workdays_left(today)
    if left is None:
        return ""
    if today > problem.deadline:
        late = workdays.workdays_between(problem.deadline, today)
        return _("逾期%(n)s个工作日") % {"n": late} if late > 0 else _("已逾期")
    if left == 0:
        return _("今日到期")
    return _("剩%(n)s个工作日") % {"n": left}


def deadline_mark(
    problem: Problem, today: datetime.date, blue_days: int, show_date: bool = True, long_hint: bool = False
) -> SafeString:
    """The deadline with its urgency mark and the 估算 hint (the whole sentence with ``long_hint``); "—" before
    assignment."""
    if problem.deadline is None:
        return format_html("{}", "—")
    urgency = problem.urgency(today, blue_days)
    text = urgency_text(problem, today)
    parts = [format_html('<span class="deadline">{}</span>', date_label(problem.deadline))] if show_date else []
    if text:
        parts.append(
            format_html(
                '<span class="urgency urgency-{}" data-urgency="{}">{}</span>',
                urgency or "none",
                urgency,
                text,
            )
        )
    if problem.deadline_estimated:
        parts.append(format_html('<span class="badge estimated" title="{}">{}</span>', ESTIMATED_HINT, _("估算")))
        if long_hint:
            parts.append(format_html('<span class="estimated-hint" data-testid="estimated">{}</span>', ESTIMATED_HINT))
    if problem.resolved_late():
        parts.append(format_html('<span class="badge badge-warning">{}</span>', _("超时办结")))
    return format_html(" ".join(["{}"] * len(parts)), *parts)


class ProblemTable(tables.Table):
    """The dispatcher's list: 编号, 项目, 问题类型, 概述, 协调层级, 主办单位, 状态, 提出日期, 办理时限 with its mark."""

    code = tables.Column(linkify=True, attrs={"td": {"class": "nowrap"}})
    project = tables.Column(order_by=("project__name",))
    kind = tables.Column(order_by=("kind__order", "kind__name"))
    title = tables.Column(verbose_name=gettext_lazy("概述"), linkify=True)
    level = tables.Column()
    lead_unit = tables.Column(order_by=("lead_unit__name",))
    status = tables.Column()
    raised_on = tables.Column(attrs={"td": {"class": "nowrap"}})
    deadline = tables.Column(empty_values=(), attrs={"td": {"class": "nowrap"}})

    class Meta:
        model = Problem
        fields = ["code", "project", "kind", "title", "level", "lead_unit", "status", "raised_on", "deadline"]
        attrs = {"class": "table problem-table", "data-testid": "problem-table"}
        row_attrs = {"data-code": lambda record: record.code}
        empty_text = gettext_lazy("没有符合条件的问题")

    def __init__(
        self, *args: Any, today: datetime.date | None = None, blue_days: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.blue_days = ProblemSettings.current().blue_days if blue_days is None else blue_days

    def render_project(self, record: Problem) -> SafeString:
        url = reverse("dispatch:project_detail", args=[record.project_id])
        return format_html('<a href="{}">{}</a>', url, record.project.name)

    def render_status(self, record: Problem) -> SafeString:
        return status_badge(record)

    def render_raised_on(self, value: datetime.date) -> str:
        return date_label(value)

    def render_deadline(self, record: Problem) -> SafeString:
        return deadline_mark(record, self.today, self.blue_days)


class InboxTable(ProblemTable):
    """The unit's problems with its role in each (主办/协办); the view orders them by urgency."""

    role = tables.Column(verbose_name=gettext_lazy("本单位角色"), accessor="pk", orderable=False)

    class Meta(ProblemTable.Meta):
        fields = ["code", "project", "kind", "title", "role", "lead_unit", "status", "raised_on", "deadline"]
        sequence = ["code", "project", "kind", "title", "role", "lead_unit", "status", "raised_on", "deadline"]
        attrs = {"class": "table problem-table", "data-testid": "inbox-table"}
        empty_text = gettext_lazy("本单位暂无问题")

    def __init__(self, *args: Any, unit_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit_id = unit_id

    def render_role(self, record: Problem) -> SafeString:
        if record.lead_unit_id == self.unit_id:
            return format_html('<span class="badge badge-info" data-role="lead">{}</span>', _("主办"))
        return format_html('<span class="badge" data-role="helper">{}</span>', _("协办"))


class SupervisionTable(tables.Table):
    """督办: open problems past their deadline with the working days overdue, longest overdue first."""

    code = tables.Column(linkify=True, attrs={"td": {"class": "nowrap"}})
    project = tables.Column(order_by=("project__name",))
    region = tables.Column(
        verbose_name=gettext_lazy("区域"), accessor="project__region__name", order_by=("project__region__path",)
    )
    kind = tables.Column(order_by=("kind__order", "kind__name"))
    title = tables.Column(verbose_name=gettext_lazy("概述"), linkify=True)
    lead_unit = tables.Column(order_by=("lead_unit__name",))
    status = tables.Column()
    deadline = tables.Column(attrs={"td": {"class": "nowrap"}})
    days_overdue = tables.Column(
        verbose_name=gettext_lazy("逾期（工作日）"), accessor="deadline", order_by=("-deadline",), attrs=NUMERIC
    )

    class Meta:
        model = Problem
        fields = ["code", "project", "region", "kind", "title", "lead_unit", "status", "deadline", "days_overdue"]
        attrs = {"class": "table problem-table", "data-testid": "supervision-table"}
        row_attrs = {"data-code": lambda record: record.code}
        empty_text = gettext_lazy("没有逾期未办结的问题")

    def __init__(self, *args: Any, today: datetime.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()

    def render_project(self, record: Problem) -> SafeString:
        url = reverse("dispatch:project_detail", args=[record.project_id])
        return format_html('<a href="{}">{}</a>', url, record.project.name)

    def render_status(self, record: Problem) -> SafeString:
        return status_badge(record)

    def render_deadline(self, record: Problem) -> SafeString:
        return deadline_mark(record, self.today, 0, show_date=True)

    def render_days_overdue(self, record: Problem) -> SafeString:
        days = workdays.workdays_between(record.deadline, self.today)
        return format_html('<span class="urgency-red" data-testid="days-overdue">{}</span>', days)


class NotificationTable(tables.Table):
    """The user's notifications, unread ones in bold with a button marking them read."""

    created = tables.Column(attrs={"td": {"class": "nowrap"}})
    kind = tables.Column()
    message = tables.Column()
    read = tables.Column(verbose_name=gettext_lazy("状态"), accessor="read_at", empty_values=(), orderable=False)

    class Meta:
        model = Notification
        fields = ["created", "kind", "message", "read"]
        attrs = {"class": "table notification-table", "data-testid": "notification-table"}
        row_attrs = {
            "class": lambda record: "is-unread" if record.read_at is None else "is-read",
            "data-notification": lambda record: record.pk,
        }
        empty_text = gettext_lazy("暂无通知")

    def render_created(self, value: datetime.datetime) -> str:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")

    def render_message(self, record: Notification) -> SafeString:
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), record.message)

    def render_read(self, record: Notification) -> SafeString:
        if record.read_at is not None:
            return format_html('<span class="muted">{}</span>', _("已读"))
        url = reverse("problems:notification_read")
        return format_html(
            '<form method="post" action="{}" class="inline-form" hx-post="{}">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<input type="hidden" name="pk" value="{}">'
            '<button type="submit" class="btn btn-link">{}</button></form>',
            url,
            url,
            get_token(self.request),
            record.pk,
            _("标为已读"),
        )


# ---- The problem card and the performance workbook ---------------------------------------------------------------


def link(url: str, text: Any) -> str:
    return format_html('<a href="{}">{}</a>', url, text)


def card_rows(problem: Problem, user: Any, today: datetime.date, blue_days: int) -> list[tuple[str, str]]:
    """The card's fields as a person reads them (links, Chinese dates, the deadline with its mark)."""
    inspection = None
    if problem.inspection_id and Inspection.objects.visible_to(user).filter(pk=problem.inspection_id).exists():
        inspection = problem.inspection
    helpers = list(problem.helper_units.all())
    rows = [
        (_("问题编号"), problem.code),
        (_("项目"), link(reverse("dispatch:project_detail", args=[problem.project_id]), problem.project.name)),
        (_("所属区域"), problem.project.region.name),
        (_("问题类型"), problem.kind.name),
        (_("协调层级"), problem.get_level_display()),
        (_("状态"), status_badge(problem)),
        (_("提出日期"), date_label(problem.raised_on)),
        (_("提出人"), str(problem.raised_by or "")),
        (_("来源督查"), link(inspection.get_absolute_url(), inspection) if inspection else ""),
        (_("主办单位"), problem.lead_unit.name if problem.lead_unit else ""),
        (_("协办单位"), "、".join(unit.name for unit in helpers)),
        (_("交办日期"), date_label(problem.assigned_on) if problem.assigned_on else ""),
        (_("办理时限"), deadline_mark(problem, today, blue_days, long_hint=True) if problem.deadline else ""),
        (_("协办回复时限"), date_label(problem.helper_deadline) if problem.helper_deadline else ""),
        (_("办结日期"), date_label(problem.resolved_on) if problem.resolved_on else ""),
        (_("办结情况"), mark_safe(linebreaks(problem.resolution, autoescape=True)) if problem.resolution else ""),
        (_("销号日期"), date_label(problem.closed_on) if problem.closed_on else ""),
    ]
    return rows


PERFORMANCE_COLUMNS = [
    ("assigned", gettext_lazy("交办数")),
    ("solved", gettext_lazy("已办结")),
    ("resolution_rate", gettext_lazy("办结率")),
    ("median_days", gettext_lazy("办结中位用时（工作日）")),
    ("open", gettext_lazy("在办")),
    ("overdue_open", gettext_lazy("逾期在办")),
    ("solved_late", gettext_lazy("超时办结")),
    ("overdue", gettext_lazy("逾期合计")),
]
KIND_COLUMNS = [
    ("raised", gettext_lazy("提出")),
    ("solved", gettext_lazy("解决")),
    ("open", gettext_lazy("在办")),
    ("overdue", gettext_lazy("督办")),
    ("resolution_rate", gettext_lazy("办结率")),
]


def performance_workbook(
    rows: list[queries.Performance],
    kinds: list[queries.KindCount],
    group_header: str,
    as_of: datetime.date,
    year: int | None,
    kind_year: int,
) -> bytes:
    """Both tables of the performance page in one workbook; counts and days as numbers, rates as numbers shown as
    percentages."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("单位绩效")
    title = _("问题办理绩效（截至%(date)s）") % {"date": date_label(as_of)}
    if year:
        title += _("，%(year)s年交办") % {"year": year}
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([group_header, *(str(label) for _key, label in PERFORMANCE_COLUMNS)])
    for row in rows:
        values = row.as_dict()
        sheet.append([row.label, *(values[key] for key, _label in PERFORMANCE_COLUMNS)])
        sheet.cell(sheet.max_row, 4).number_format = "0.00%"
    by_kind = book.create_sheet(_("分类型统计"))
    by_kind.append([_("%(year)s年问题分类型统计（截至%(date)s）") % {"year": kind_year, "date": date_label(as_of)}])
    by_kind["A1"].font = Font(bold=True, size=14)
    by_kind.append([_("问题类型"), *(str(label) for _key, label in KIND_COLUMNS)])
    for count in kinds:
        by_kind.append([count.kind.name, count.raised, count.solved, count.open, count.overdue, count.resolution_rate])
        by_kind.cell(by_kind.max_row, 6).number_format = "0.00%"
    for worksheet in (sheet, by_kind):
        worksheet.column_dimensions["A"].width = 36
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
