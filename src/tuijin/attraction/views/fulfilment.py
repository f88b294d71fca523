"""Fulfilment of a contract: milestones (注册 → 供地 → 开工 → 投产), funds arrived, and the registry project link.

The rules are the models' (``Contract.record_milestone``, ``Milestone.clean``/``delete``, ``Contract.link_project``);
their refusals are shown on the forms.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from tuijin.attraction.forms import FundArrivalForm, LinkProjectForm, MilestoneForm
from tuijin.attraction.models import Contract, FundArrival, Milestone
from tuijin.attraction.views import common
from tuijin.core.money import format_wan
from tuijin.core.periods import date_label


def contract_summary(contract: Contract) -> list[tuple[str, str]]:
    milestones = [f"{m.get_kind_display()}（{date_label(m.date)}）" for m in contract.milestones.order_by("date", "id")]
    return [
        (_("签约日期"), date_label(contract.signed_on)),
        (_("合同投资额（万元）"), format_wan(contract.amount)),
        (_("已登记履约节点"), " → ".join(milestones) or "—"),
        (_("关联重点项目"), common.link(contract.project)),
    ]


class ContractActionView(common.ActionView):
    """An action on one contract the user may change (404 otherwise), back to the contract page afterwards."""

    model = Contract

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()

    def get_summary(self) -> list[tuple[str, str]]:
        return contract_summary(self.object)


class MilestoneRecordView(ContractActionView):
    """Record (or re-date) a milestone; 开工 brings the linked registry project to 在建, creating it if needed."""

    form_class = MilestoneForm
    success_message = _("已登记履约节点：%(obj)s")

    def get_title(self) -> str:
        return _("登记履约节点：%(contract)s") % {"contract": self.object}


class ContractLinkProjectView(ContractActionView):
    """Link an existing registry project, or create one in 前期 from the contract."""

    form_class = LinkProjectForm
    success_message = _("已关联重点项目：%(obj)s")

    def get_title(self) -> str:
        return _("关联重点项目：%(contract)s") % {"contract": self.object}


class MilestoneDeleteView(common.DeleteView):
    """Delete a milestone with a reason; refused while a later milestone needs it (开工 needs 注册 …)."""

    model = Milestone

    def get_cancel_url(self) -> str:
        return self.object.contract.get_absolute_url()

    def get_success_url(self) -> str:
        return self.object.contract.get_absolute_url()


class FundCreateView(common.ActionView):
    """A fund arrival (资金到位) of a contract the user may change."""

    model = FundArrival
    form_class = FundArrivalForm
    success_message = _("已登记到位资金：%(obj)s")

    def get_object(self, queryset: Any = None) -> None:
        self.contract = get_object_or_404(
            Contract.objects.editable_by(self.request.user), pk=self.kwargs["contract_pk"]
        )
        return super().get_object(queryset)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = FundArrival(contract=self.contract)
        return kwargs

    def get_title(self) -> str:
        return _("登记到位资金：%(contract)s") % {"contract": self.contract}

    def get_success_url(self) -> str:
        return self.contract.get_absolute_url()

    def get_summary(self) -> list[tuple[str, str]]:
        return [
            *contract_summary(self.contract)[:2],
            (_("已到位资金（万元）"), format_wan(self.contract.funds_total())),
        ]


class FundDeleteView(common.DeleteView):
    model = FundArrival

    def get_cancel_url(self) -> str:
        return self.object.contract.get_absolute_url()

    def get_success_url(self) -> str:
        return self.object.contract.get_absolute_url()
