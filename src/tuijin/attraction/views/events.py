"""Signing events (集中签约大会, 专场推介) and the contracts signed there."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from tuijin.attraction import queries
from tuijin.attraction.filters import SigningEventFilterSet
from tuijin.attraction.forms import SigningEventForm
from tuijin.attraction.models import AttractionSettings, Contract, SigningEvent
from tuijin.attraction.tables import ContractTable, SigningEventTable
from tuijin.attraction.views import common
from tuijin.core import generic
from tuijin.core.money import format_money

EVENT_FIELDS = ["name", "kind", "theme", "date", "place", "region"]
MONEY_FIELD = DecimalField(max_digits=22, decimal_places=4)


def with_contract_totals(events: QuerySet[SigningEvent], user: Any) -> QuerySet[SigningEvent]:
    """Annotate ``contract_count`` and ``contract_amount`` (万元) over the contracts the user may see."""
    contracts = Contract.objects.visible_to(user).filter(event=OuterRef("pk")).order_by().values("event")
    count = contracts.annotate(n=Count("pk")).values("n")
    amount = contracts.annotate(total=Sum("amount")).values("total")
    return events.annotate(
        contract_count=Coalesce(Subquery(count), Value(0)),
        contract_amount=Coalesce(Subquery(amount, output_field=MONEY_FIELD), Value(0), output_field=MONEY_FIELD),
    )


class EventListView(common.ListView):
    model = SigningEvent
    table_class = SigningEventTable
    filterset_class = SigningEventFilterSet
    create_url_name = "attraction:event_create"
    export_url_name = "attraction:event_export"

    def get_queryset(self) -> QuerySet[SigningEvent]:
        return super().get_queryset().select_related("region")

    def get_table_data(self) -> QuerySet[SigningEvent]:
        return with_contract_totals(super().get_table_data(), self.request.user)


class EventExportView(generic.ObjectExportView):
    model = SigningEvent
    filterset_class = SigningEventFilterSet
    filename = "签约活动"
    columns = [
        ("活动名称", "name"),
        ("类型", "get_kind_display"),
        ("主题", "theme"),
        ("日期", "date"),
        ("地点", "place"),
        ("主办区域", "region.name"),
        ("区划代码", "region.code"),
        ("签约项目数", "contract_count"),
        ("签约总额（万元）", "contract_amount"),
    ]

    def visible_queryset(self) -> QuerySet[SigningEvent]:
        return with_contract_totals(super().visible_queryset().select_related("region"), self.request.user)


class EventDetailView(common.DetailView):
    model = SigningEvent
    fields = EVENT_FIELDS
    edit_url_name = "attraction:event_edit"
    delete_url_name = "attraction:event_delete"
    extra_template = "attraction/partials/event_extra.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.tab == "history":
            return context
        contracts = (
            Contract.objects.visible_to(self.request.user)
            .filter(event=self.object)
            .select_related("region", "team", "source")
        )
        total = sum((contract.amount for contract in contracts), start=0)
        context.update(
            contract_count=len(contracts),
            contract_amount=format_money(total),
            contracts_table=ContractTable(
                queries.with_fulfilment(contracts, timezone.localdate()),
                settings=AttractionSettings.current(),
                orderable=False,
            ),
            contracts_note=_("在本活动上签约、您有权查看的签约项目。"),
        )
        return context


class EventEditView(common.EditView):
    model = SigningEvent
    form_class = SigningEventForm
    success_url_name = "attraction:event_list"


class EventDeleteView(common.DeleteView):
    model = SigningEvent
    success_url_name = "attraction:event_list"
