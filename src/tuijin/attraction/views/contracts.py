"""Contract pages: the 签约项目台账 (list, export, card), creation from a lead, and the late-fulfilment list."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuijin.attraction import queries
from tuijin.attraction.choices import MilestoneKind
from tuijin.attraction.filters import ContractFilterSet
from tuijin.attraction.forms import ContractForm
from tuijin.attraction.imports import ContractImportSpec
from tuijin.attraction.models import AttractionSettings, Contract, Lead
from tuijin.attraction.tables import ContractTable, LateTable
from tuijin.attraction.views import common
from tuijin.core import generic
from tuijin.core.money import format_money, format_percent, format_wan, quantize_half_up
from tuijin.core.periods import add_months, completion_rate, date_label
from tuijin.exchange.pipeline import export_rows

# The card shows the form's fields; the lead comes below as a link, and only when the user may see it.
CONTRACT_FIELDS = [name for name in ContractForm.Meta.fields if name != "lead"]
RELATED = ("region", "team", "source", "event", "lead", "project")


class ContractListView(common.ListView):
    model = Contract
    table_class = ContractTable
    filterset_class = ContractFilterSet
    create_url_name = "attraction:contract_create"
    export_url_name = "attraction:contract_export"
    links = [(gettext_lazy("履约逾期"), "attraction:late_list")]

    def get_queryset(self) -> QuerySet[Contract]:
        return super().get_queryset().select_related("region", "team", "source")

    def get_table_data(self) -> QuerySet[Contract]:
        return queries.with_fulfilment(super().get_table_data(), timezone.localdate())

    def get_table_kwargs(self) -> dict[str, Any]:
        return {"settings": AttractionSettings.current()}


class ContractExportView(generic.ObjectExportView):
    """The 签约项目台账 of the list as filtered (milestones, funds and the project link included), written by the
    importer's own spec: export → edit → import is exact."""

    model = Contract
    filterset_class = ContractFilterSet
    filename = "签约项目台账"

    def visible_queryset(self) -> QuerySet[Contract]:
        return super().visible_queryset().select_related(*RELATED).prefetch_related("milestones", "funds")

    def workbook(self, rows: QuerySet[Contract]) -> bytes:
        return export_rows(ContractImportSpec(), rows.order_by("region__path", "-signed_on", "name", "pk"))


class ContractEditView(common.EditView):
    """Create or edit a contract; ``?lead=<id>`` fills a new one from the lead (saving it makes the lead 签约)."""

    model = Contract
    form_class = ContractForm
    success_url_name = "attraction:contract_list"

    def get_object(self, queryset: QuerySet | None = None) -> Contract | None:
        obj = super().get_object(queryset)
        self.lead: Lead | None = None
        lead_id = self.request.GET.get("lead", "")
        if obj is None and lead_id.isdigit():
            self.lead = get_object_or_404(Lead.objects.editable_by(self.request.user), pk=int(lead_id))
        return obj

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        lead = self.lead
        if lead is None:
            return initial
        if not lead.is_active:
            messages.warning(
                self.request, _("该线索当前状态为“%(status)s”，不能签约。") % {"status": lead.get_status_display()}
            )
            return initial
        initial.update(
            lead=lead.pk,
            name=lead.project_name or lead.company,
            investor_name=lead.company,
            investor_credit_code=lead.credit_code,
            amount=lead.intended_investment,
            region=lead.region_id,
            team=lead.team_id,
            source=lead.source_id,
            industry_section=lead.industry_section,
            industry_division=lead.industry_division,
            content=lead.description,
        )
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.object is None and self.lead is not None:
            context["title"] = _("签约：%(lead)s") % {"lead": self.lead}
            context["cancel_url"] = self.lead.get_absolute_url()
        return context


class ContractDeleteView(common.DeleteView):
    model = Contract
    success_url_name = "attraction:contract_list"


def milestone_rows(contract: Contract, settings: AttractionSettings, today: datetime.date, editable: bool) -> list:
    """The four milestones in order 注册 → 供地 → 开工 → 投产: recorded (date, evidence) or due, and overdue ones
    as ``queries.late_details`` finds them."""
    annotated = queries.with_fulfilment(Contract.objects.filter(pk=contract.pk), today).get()
    late = {item.kind: item for entry in queries.late_details([annotated], today, settings) for item in entry.late}
    recorded = {m.kind: m for m in contract.milestones.all()}
    rows = []
    for kind, months in settings.due_months().items():
        milestone = recorded.get(kind)
        due = add_months(contract.signed_on, months) if months else None
        if kind == MilestoneKind.LAND and not contract.needs_land:
            due = None
        rows.append(
            {
                "kind": kind,
                "label": MilestoneKind(kind).label,
                "milestone": milestone,
                "date": date_label(milestone.date) if milestone else "",
                "due": date_label(due) if due else "",
                "late": kind in late,
                "late_days": (today - late[kind].due).days if kind in late else 0,
                "delete_url": (
                    reverse("attraction:milestone_delete", args=[milestone.pk]) if milestone and editable else None
                ),
            }
        )
    return rows


def funds_chart(contract: Contract, funds: list, today: datetime.date) -> dict[str, Any]:
    """Cumulative funds arrived (万元) from the signing date to today, a step at each arrival, against the contract
    amount. Values are strings rounded half-up, so money never passes through a float here."""
    total = Decimal(0)
    points = [(contract.signed_on.isoformat(), "0.00")]
    for fund in funds:
        total += fund.amount
        points.append((fund.date.isoformat(), str(quantize_half_up(total))))
    if today > (funds[-1].date if funds else contract.signed_on):
        points.append((today.isoformat(), str(quantize_half_up(total))))
    return {
        "points": points,
        "amount": str(quantize_half_up(contract.amount)),
        "series_label": _("累计到位资金"),
        "amount_label": _("合同投资额"),
        "title": _("资金到位累计（万元）"),
    }


class ContractDetailView(common.DetailView):
    """The contract card with the lead and project links, the milestones, the funds and their chart."""

    model = Contract
    fields = CONTRACT_FIELDS
    template_name = "attraction/contract_detail.html"
    extra_template = "attraction/partials/contract_extra.html"
    edit_url_name = "attraction:contract_edit"
    delete_url_name = "attraction:contract_delete"

    def get_queryset(self) -> QuerySet[Contract]:
        return super().get_queryset().select_related(*RELATED)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.tab == "history":
            return context
        contract = self.object
        user = self.request.user
        settings = AttractionSettings.current()
        today = timezone.localdate()
        editable = self.is_editable()
        visible_lead = contract.lead_id and Lead.objects.visible_to(user).filter(pk=contract.lead_id).exists()
        lead = contract.lead if visible_lead else None
        project = contract.project
        context["fields"] = [
            *context["fields"],
            (_("大项目"), _("是") if contract.is_big(settings) else _("否")),
            (_("来源线索"), common.link(lead)),
            (_("关联重点项目"), common.link(project)),
        ]
        funds = list(contract.funds.order_by("date", "id"))
        funds_total = sum((fund.amount for fund in funds), start=Decimal(0))
        context.update(
            milestones=milestone_rows(contract, settings, today, editable),
            funds=[
                {
                    "fund": fund,
                    "amount": format_wan(fund.amount),
                    "delete_url": reverse("attraction:fund_delete", args=[fund.pk]) if editable else None,
                }
                for fund in funds
            ],
            funds_total=format_wan(funds_total),
            funds_total_yi=format_money(funds_total),
            funds_rate=format_percent(completion_rate(funds_total, contract.amount)),
            chart=funds_chart(contract, funds, today),
            project=project,
            big=contract.is_big(settings),
            actions=contract_actions(contract) if editable else [],
        )
        return context


def contract_actions(contract: Contract) -> list[tuple[str, str]]:
    actions = [
        (_("登记履约节点"), reverse("attraction:milestone_record", args=[contract.pk])),
        (_("登记到位资金"), reverse("attraction:fund_create", args=[contract.pk])),
    ]
    label = _("更改关联项目") if contract.project_id else _("关联重点项目")
    actions.append((label, reverse("attraction:contract_link_project", args=[contract.pk])))
    return actions


# ---- 履约逾期 -------------------------------------------------------------------------------------------------------


def late_rows(contracts: QuerySet[Contract], today: datetime.date) -> list[queries.LateContract]:
    """The overdue contracts among ``contracts`` with their overdue milestones and ``days_overdue``."""
    rows = queries.late_details(queries.late_contracts(contracts, today), today)
    for row in rows:
        row.days_overdue = (today - row.earliest_due).days
    return rows


class LateListView(common.ListView):
    """Counted contracts with an overdue milestone, longest overdue first; the filters are the contract list's."""

    model = Contract
    table_class = LateTable
    filterset_class = ContractFilterSet
    title = gettext_lazy("履约逾期")
    export_url_name = "attraction:late_export"
    template_name = "attraction/late_list.html"

    def get_table_data(self) -> list[queries.LateContract]:
        return late_rows(super().get_table_data(), timezone.localdate())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["attraction_settings"] = AttractionSettings.current()
        return context


class LateExportView(generic.ObjectExportView):
    model = Contract
    filterset_class = ContractFilterSet
    filename = "履约逾期"
    columns = [
        ("合同编号", "contract.number"),
        ("项目名称", "contract.name"),
        ("投资方", "contract.investor_name"),
        ("落地区域", "contract.region.name"),
        ("签约日期", "contract.signed_on"),
        ("合同投资额（万元）", "contract.amount"),
        ("逾期节点", "late_labels"),
        ("最早应完成日期", "earliest_due"),
        ("逾期天数", "days_overdue"),
    ]

    def workbook(self, rows: QuerySet[Contract]) -> bytes:
        return super().workbook(late_rows(rows, timezone.localdate()))
