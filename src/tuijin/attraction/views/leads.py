"""Lead pages: the list and its export, the pipeline board, the lead card with its status actions and follow-up
timeline, and the status change and follow-up forms (htmx partials on the lead page)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet, Sum
from django.forms import BaseForm
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django_filters.views import FilterView

from tuijin.attraction import queries
from tuijin.attraction.choices import LEAD_NEXT, LEAD_ORDER, LeadStatus
from tuijin.attraction.filters import LeadFilterSet
from tuijin.attraction.forms import FollowUpForm, LeadForm, LeadMoveForm
from tuijin.attraction.imports import LeadImportSpec
from tuijin.attraction.models import AttractionSettings, Contract, FollowUp, Lead
from tuijin.attraction.tables import LeadTable, is_stale
from tuijin.attraction.views import common
from tuijin.core import generic
from tuijin.core.money import format_money, format_wan
from tuijin.core.scope import can_create
from tuijin.exchange.pipeline import export_rows

LEAD_FIELDS = LeadForm.Meta.fields
BOARD_STATUSES = [*LEAD_ORDER, LeadStatus.DROPPED]


class LeadListView(common.ListView):
    model = Lead
    table_class = LeadTable
    filterset_class = LeadFilterSet
    create_url_name = "attraction:lead_create"
    export_url_name = "attraction:lead_export"
    links = [(_("看板"), "attraction:lead_board")]

    def get_queryset(self) -> QuerySet[Lead]:
        return super().get_queryset().select_related("region", "team", "source")

    def get_table_data(self) -> QuerySet[Lead]:
        # Annotated after filtering, so the ``stale`` filter works on plain rows.
        return queries.with_last_activity(super().get_table_data())

    def get_table_kwargs(self) -> dict[str, Any]:
        return {"settings": AttractionSettings.current()}


class LeadExportView(generic.ObjectExportView):
    """The 招商线索表 of the list as filtered, written by the importer's own spec: export → edit → import is exact."""

    model = Lead
    filterset_class = LeadFilterSet
    filename = "招商线索表"

    def visible_queryset(self) -> QuerySet[Lead]:
        return super().visible_queryset().select_related("region", "team", "source")

    def workbook(self, rows: QuerySet[Lead]) -> bytes:
        return export_rows(LeadImportSpec(), rows.order_by("region__path", "-found_on", "company", "pk"))


class LeadBoardView(generic.ScopedViewMixin, FilterView):
    """The pipeline: one column per status with its count, amount and the largest leads as cards."""

    model = Lead
    filterset_class = LeadFilterSet
    template_name = "attraction/lead_board.html"
    partial_template_name = "attraction/partials/lead_board_columns.html"
    cards_per_column = 12

    def get_queryset(self) -> QuerySet[Lead]:
        return self.visible_queryset().select_related("region", "team", "source")

    def get_filterset(self, filterset_class: type) -> LeadFilterSet:
        filterset = super().get_filterset(filterset_class)
        # The columns are the statuses; the filter form leaves the status out.
        filterset.form.fields.pop("status", None)
        return filterset

    def get_template_names(self) -> list[str]:
        if self.request.htmx and self.request.htmx.target == "board":
            return [self.partial_template_name]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        leads = self.object_list
        settings = AttractionSettings.current()
        today = timezone.localdate()
        counts = queries.lead_counts(leads)
        amounts = {
            row["status"]: row["total"]
            for row in leads.order_by().values("status").annotate(total=Sum("intended_investment"))
        }
        query = self.request.GET.copy()
        for name in ("status", "page", "sort"):
            query.pop(name, None)
        columns = []
        for status in BOARD_STATUSES:
            cards = list(
                queries.with_last_activity(leads.filter(status=status)).order_by("-intended_investment", "company")[
                    : self.cards_per_column
                ]
            )
            for card in cards:
                card.stale = is_stale(card, settings, today)
                card.amount_display = format_wan(card.intended_investment)
            count = counts.get(status, 0)
            more = query.copy()
            more["status"] = status
            columns.append(
                {
                    "status": status,
                    "label": LeadStatus(status).label,
                    "count": count,
                    "amount": format_money(amounts.get(status) or 0),
                    "cards": cards,
                    "more": count - len(cards),
                    "list_url": f"{reverse('attraction:lead_list')}?{more.urlencode()}",
                }
            )
        context.update(
            title=_("线索看板"),
            columns=columns,
            list_url=f"{reverse('attraction:lead_list')}?{query.urlencode()}",
            stale_days=settings.stale_lead_days,
            create_url=reverse("attraction:lead_create") if can_create(Lead.scope, self.request.user) else None,
        )
        return context


def status_context(request: Any, lead: Lead, editable: bool, form: BaseForm | None = None) -> dict[str, Any]:
    """What the status panel of a lead shows: its status, the legal moves and the 签约 button."""
    can_move = editable and bool(LEAD_NEXT.get(lead.status))
    if can_move and form is None:
        form = LeadMoveForm(instance=lead)
    lead_with_activity = queries.with_last_activity(Lead.objects.filter(pk=lead.pk)).first()
    settings = AttractionSettings.current()
    contract = Contract.objects.visible_to(request.user).filter(lead=lead).first()
    return {
        "lead": lead,
        "move_form": form if can_move else None,
        "move_url": reverse("attraction:lead_move", args=[lead.pk]),
        "sign_url": (
            f"{reverse('attraction:contract_create')}?{urlencode({'lead': lead.pk})}"
            if editable and lead.is_active
            else None
        ),
        "contract": contract,
        "stale": bool(lead_with_activity and is_stale(lead_with_activity, settings, timezone.localdate())),
        "last_activity": lead_with_activity.last_activity if lead_with_activity else None,
        "stale_days": settings.stale_lead_days,
    }


def followup_context(lead: Lead, editable: bool, form: BaseForm | None = None) -> dict[str, Any]:
    return {
        "lead": lead,
        "follow_ups": lead.follow_ups.select_related("recorded_by").order_by("-date", "-id"),
        "followup_form": (form or FollowUpForm()) if editable else None,
        "followup_url": reverse("attraction:lead_followup", args=[lead.pk]),
    }


class LeadDetailView(common.DetailView):
    model = Lead
    fields = LEAD_FIELDS
    edit_url_name = "attraction:lead_edit"
    delete_url_name = "attraction:lead_delete"
    extra_template = "attraction/partials/lead_extra.html"

    def get_queryset(self) -> QuerySet[Lead]:
        return super().get_queryset().select_related("region", "team", "source")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.tab == "history":
            return context
        editable = self.is_editable()
        context.update(status_context(self.request, self.object, editable))
        context.update(followup_context(self.object, editable))
        return context


class LeadEditView(common.EditView):
    model = Lead
    form_class = LeadForm
    success_url_name = "attraction:lead_list"


class LeadDeleteView(common.DeleteView):
    model = Lead
    success_url_name = "attraction:lead_list"


class LeadMoveView(common.ActionView):
    """线索 → 洽谈 → 意向, 放弃 with a reason, or a dropped lead taken up again; ``Lead.move`` has the rules.

    On the lead page the form posts with htmx and the status panel is swapped in place.
    """

    model = Lead
    form_class = LeadMoveForm
    htmx_template_name = "attraction/partials/lead_status.html"
    success_message = _("已变更线索状态：%(obj)s")

    def get_title(self) -> str:
        return _("线索状态变更：%(lead)s") % {"lead": self.object}

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()

    def get_summary(self) -> list[tuple[str, str]]:
        return [(_("当前状态"), self.object.get_status_display())]

    def htmx_context(self, form: Any, saved: bool) -> dict[str, Any]:
        lead = Lead.objects.get(pk=self.object.pk)
        return status_context(self.request, lead, editable=True, form=None if saved else form)


class LeadFollowUpView(common.ActionView):
    """A follow-up of the lead; on the lead page the timeline is swapped in place."""

    model = FollowUp
    form_class = FollowUpForm
    htmx_template_name = "attraction/partials/lead_followups.html"
    success_message = _("已添加跟进记录：%(obj)s")

    def get_object(self, queryset: Any = None) -> None:
        self.lead = get_object_or_404(Lead.objects.editable_by(self.request.user), pk=self.kwargs["lead_pk"])
        return super().get_object(queryset)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = FollowUp(lead=self.lead, recorded_by=self.request.user)
        return kwargs

    def get_title(self) -> str:
        return _("新增跟进记录：%(lead)s") % {"lead": self.lead}

    def get_success_url(self) -> str:
        return self.lead.get_absolute_url()

    def htmx_context(self, form: Any, saved: bool) -> dict[str, Any]:
        return followup_context(self.lead, editable=True, form=None if saved else form)
