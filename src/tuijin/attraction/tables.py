"""django-tables2 tables of investment attraction.

Amounts of a row are 万元 (as entered); totals are 亿元 (``format_money``). Marks that depend on the settings
(大项目, 超期未跟进) take the ``AttractionSettings`` row as a table argument, read once per page.
"""

from __future__ import annotations

import datetime
from typing import Any

import django_tables2 as tables
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from tuijin.attraction import queries
from tuijin.attraction.choices import ACTIVE_LEAD_STATUSES, LeadStatus, MilestoneKind
from tuijin.attraction.models import AttractionSettings, AttractionTarget, Contract, Lead, SigningEvent, Team
from tuijin.core.money import format_money, format_percent
from tuijin.core.periods import date_label
from tuijin.projects.tables import NUMERIC, WanColumn

DATE_FORMAT = "Y年n月j日"

STATUS_BADGES = {
    LeadStatus.LEAD: "badge-info",
    LeadStatus.TALKING: "badge-info",
    LeadStatus.INTENT: "badge-warning",
    LeadStatus.SIGNED: "badge-success",
    LeadStatus.DROPPED: "",
}


def lead_status_badge(lead: Lead) -> SafeString:
    return format_html(
        '<span class="badge {}">{}</span>', STATUS_BADGES.get(lead.status, ""), lead.get_status_display()
    )


def stale_badge() -> SafeString:
    return format_html('<span class="badge badge-danger" data-testid="stale">{}</span>', _("超期未跟进"))


def big_badge() -> SafeString:
    return format_html('<span class="badge badge-warning" data-testid="big">{}</span>', _("大项目"))


def is_stale(lead: Lead, settings: AttractionSettings, today: datetime.date) -> bool:
    """An active lead whose last activity (``with_last_activity``) is older than the settings allow."""
    last = getattr(lead, "last_activity", None)
    if lead.status not in ACTIVE_LEAD_STATUSES or last is None:
        return False
    return (today - last).days > settings.stale_lead_days


class SettingsTable(tables.Table):
    """A table whose marks read the attraction settings (passed in, or read once)."""

    def __init__(self, *args: Any, settings: AttractionSettings | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.settings = settings or AttractionSettings.current()
        self.today = timezone.localdate()


class LeadTable(SettingsTable):
    company = tables.Column(linkify=True)
    project_name = tables.Column()
    source = tables.Column(order_by=("source__order", "source__name"))
    industry_section = tables.Column(verbose_name=_("行业"))
    intended_investment = WanColumn()
    region = tables.Column(order_by=("region__path",))
    team = tables.Column()
    status = tables.Column()
    last_activity = tables.Column(verbose_name=_("最近跟进"), attrs={"td": {"class": "nowrap"}})

    class Meta:
        model = Lead
        fields = [
            "company",
            "project_name",
            "source",
            "industry_section",
            "intended_investment",
            "region",
            "team",
            "status",
            "last_activity",
        ]
        order_by = ["-last_activity"]
        attrs = {"class": "table", "data-testid": "lead-table"}

    def render_status(self, record: Lead) -> SafeString:
        return lead_status_badge(record)

    def render_last_activity(self, record: Lead, value: datetime.date) -> SafeString:
        text = date_label(value)
        if is_stale(record, self.settings, self.today):
            return format_html("{} {}", text, stale_badge())
        return format_html("{}", text)


def milestone_ticks(record: Any) -> SafeString:
    """注册 供地 开工 投产 with a tick for each one reached (``with_fulfilment`` annotations)."""
    items = []
    for kind in MilestoneKind:
        reached = getattr(record, f"reached_{kind.value}", False)
        items.append(
            format_html(
                '<span class="tick{}" title="{}">{}{}</span>',
                " tick-on" if reached else "",
                _("已达") if reached else _("未达"),
                "✓" if reached else "·",
                kind.label,
            )
        )
    return format_html_join(" ", "{}", ((item,) for item in items))


def contract_footer_count(table: tables.Table) -> str:
    return str(_("合计 %(n)s 个")) % {"n": len(table.data)}


def contract_footer_amount(table: tables.Table) -> str:
    data = table.data.data
    if hasattr(data, "aggregate"):
        total = data.order_by().aggregate(total=Sum("amount"))["total"]
    else:
        total = sum((row.amount for row in data), start=0)
    return format_money(total or 0)


class ContractTable(SettingsTable):
    """Signed contracts with the 大项目 mark and the milestones reached; the footer sums the filtered rows."""

    number = tables.Column(footer=contract_footer_count)
    name = tables.Column(linkify=True)
    investor_name = tables.Column()
    amount = WanColumn(footer=contract_footer_amount)
    kind = tables.Column(verbose_name=_("类型"))
    signed_on = tables.DateColumn(format=DATE_FORMAT)
    region = tables.Column(order_by=("region__path",))
    source = tables.Column(order_by=("source__order", "source__name"))
    team = tables.Column()
    big = tables.Column(verbose_name=_("大项目"), accessor="amount", orderable=False, empty_values=())
    milestones = tables.Column(verbose_name=_("履约节点"), accessor="pk", orderable=False)
    funds_arrived = WanColumn(verbose_name=_("到位资金（万元）"))

    class Meta:
        model = Contract
        fields = [
            "number",
            "name",
            "investor_name",
            "amount",
            "kind",
            "signed_on",
            "region",
            "source",
            "team",
            "big",
            "milestones",
            "funds_arrived",
        ]
        order_by = ["-signed_on"]
        attrs = {"class": "table", "data-testid": "contract-table"}

    def render_big(self, record: Contract) -> SafeString | str:
        return big_badge() if record.amount >= self.settings.big_project_threshold else ""

    def render_milestones(self, record: Contract) -> SafeString:
        return milestone_ticks(record)


class LateTable(tables.Table):
    """Rows of ``queries.late_details`` (``LateContract`` with ``days_overdue`` set by the view)."""

    contract = tables.Column(verbose_name=_("签约项目"), accessor="contract__name", order_by=("contract__name",))
    region = tables.Column(verbose_name=_("落地区域"), accessor="contract__region__name")
    signed_on = tables.Column(verbose_name=_("签约日期"), accessor="contract__signed_on")
    amount = WanColumn(verbose_name=_("合同投资额（万元）"), accessor="contract__amount")
    late = tables.Column(verbose_name=_("逾期节点（应完成日期）"), accessor="late_labels", orderable=False)
    days_overdue = tables.Column(verbose_name=_("逾期天数"), attrs=NUMERIC)

    class Meta:
        order_by = ["-days_overdue"]
        attrs = {"class": "table", "data-testid": "late-table"}

    def render_contract(self, record: Any) -> SafeString:
        return format_html('<a href="{}">{}</a>', record.contract.get_absolute_url(), record.contract.name)

    def render_signed_on(self, value: datetime.date) -> str:
        return date_label(value)

    def render_late(self, record: Any) -> SafeString:
        return format_html_join(
            "、", "{}（{}）", ((item.label, _("应于%(date)s") % {"date": date_label(item.due)}) for item in record.late)
        )


class SigningEventTable(tables.Table):
    name = tables.Column(linkify=True)
    date = tables.DateColumn(format=DATE_FORMAT)
    region = tables.Column(order_by=("region__path",))
    contract_count = tables.Column(verbose_name=_("签约项目数"), attrs=NUMERIC)
    contract_amount = tables.Column(verbose_name=_("签约总额"), attrs=NUMERIC)

    class Meta:
        model = SigningEvent
        fields = ["name", "kind", "theme", "date", "place", "region", "contract_count", "contract_amount"]
        order_by = ["-date"]
        attrs = {"class": "table", "data-testid": "event-table"}

    def render_contract_amount(self, value: Any) -> str:
        return format_money(value)


class TeamTable(tables.Table):
    name = tables.Column(linkify=True)
    region = tables.Column(order_by=("region__path",))
    member_count = tables.Column(verbose_name=_("成员数"), attrs=NUMERIC)
    year_count = tables.Column(verbose_name=_("本年签约个数"), attrs=NUMERIC)
    year_amount = tables.Column(verbose_name=_("本年签约额"), attrs=NUMERIC)

    class Meta:
        model = Team
        fields = ["name", "region", "leader", "focus", "member_count", "year_count", "year_amount"]
        order_by = ["region", "name"]
        attrs = {"class": "table", "data-testid": "team-table"}

    def render_year_amount(self, value: Any) -> str:
        return format_money(value)


class AttractionTargetTable(tables.Table):
    """Targets with what has been signed against them (``queries.target_progress``: the whole year, or up to
    ``as_of`` in the current year); the 编辑/删除 links on rows the queryset marks ``editable``."""

    region = tables.Column(order_by=("region__path",))
    signed_amount = WanColumn()
    actual = tables.Column(verbose_name=_("已签约"), accessor="pk", orderable=False, attrs=NUMERIC)
    completion = tables.Column(verbose_name=_("完成率"), accessor="pk", orderable=False, attrs=NUMERIC)
    schedule = tables.Column(verbose_name=_("序时完成率"), accessor="pk", orderable=False, attrs=NUMERIC)
    actions = tables.Column(verbose_name="", accessor="pk", orderable=False)

    class Meta:
        model = AttractionTarget
        fields = ["year", "region", "signed_amount", "big_projects", "actual", "completion", "schedule"]
        order_by = ["-year", "region"]
        attrs = {"class": "table", "data-testid": "target-table"}

    def __init__(self, *args: Any, contracts: Any = None, as_of: datetime.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.contracts = contracts
        self.as_of = as_of or timezone.localdate()
        self.settings = AttractionSettings.current()
        self._progress: dict[int, queries.TargetProgress | None] = {}

    def progress(self, record: AttractionTarget) -> queries.TargetProgress | None:
        """The target's progress; None for a future year (or without contracts to count)."""
        if record.pk not in self._progress:
            result = None
            if self.contracts is not None and record.year <= self.as_of.year:
                as_of = min(self.as_of, datetime.date(record.year, 12, 31))
                result = queries.target_progress(self.contracts, record.region, as_of, self.settings)
            self._progress[record.pk] = result
        return self._progress[record.pk]

    def render_actual(self, record: AttractionTarget) -> str:
        progress = self.progress(record)
        return format_money(progress.actual) if progress else "—"

    def render_completion(self, record: AttractionTarget) -> str:
        progress = self.progress(record)
        return format_percent(progress.completion) if progress else "—"

    def render_schedule(self, record: AttractionTarget) -> str:
        progress = self.progress(record)
        return format_percent(progress.schedule_completion) if progress else "—"

    def render_actions(self, record: AttractionTarget) -> SafeString | str:
        if not getattr(record, "editable", False):
            return ""
        return format_html(
            '<a href="{}">{}</a> <a href="{}">{}</a>',
            reverse("attraction:target_edit", args=[record.pk]),
            _("编辑"),
            reverse("attraction:target_delete", args=[record.pk]),
            _("删除"),
        )
