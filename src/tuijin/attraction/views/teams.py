"""Teams (招商组): the list with this year's signing, the team card with members (htmx), leads and rates."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, DecimalField, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuijin.attraction import queries
from tuijin.attraction.choices import LeadStatus
from tuijin.attraction.filters import TeamFilterSet
from tuijin.attraction.forms import TeamForm, TeamMemberForm
from tuijin.attraction.models import AttractionSettings, Contract, Lead, Team, TeamMember
from tuijin.attraction.tables import TeamTable
from tuijin.attraction.views import common
from tuijin.core import generic
from tuijin.core.money import format_money, format_percent

TEAM_FIELDS = ["name", "region", "leader", "focus"]
MONEY_FIELD = DecimalField(max_digits=22, decimal_places=4)


def with_team_figures(teams: QuerySet[Team], user: Any, today: datetime.date) -> QuerySet[Team]:
    """Annotate ``member_count`` and this year's counted contracts (``year_count``, ``year_amount`` 万元) among
    those the user may see. Subqueries, so a search joining the members does not change the counts."""
    settings = AttractionSettings.current()
    members = TeamMember.objects.filter(team=OuterRef("pk")).order_by().values("team").annotate(n=Count("pk"))
    signed = (
        queries.signed_between(
            Contract.objects.visible_to(user).filter(team=OuterRef("pk")),
            datetime.date(today.year, 1, 1),
            today,
            settings,
        )
        .order_by()
        .values("team")
    )
    return teams.annotate(
        member_count=Coalesce(Subquery(members.values("n"), output_field=IntegerField()), Value(0)),
        year_count=Coalesce(
            Subquery(signed.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), Value(0)
        ),
        year_amount=Coalesce(
            Subquery(signed.annotate(total=Sum("amount")).values("total"), output_field=MONEY_FIELD),
            Value(0),
            output_field=MONEY_FIELD,
        ),
    )


class TeamListView(common.ListView):
    model = Team
    table_class = TeamTable
    filterset_class = TeamFilterSet
    create_url_name = "attraction:team_create"
    export_url_name = "attraction:team_export"
    links = [(gettext_lazy("招商组排名"), "attraction:team_ranking")]

    def get_queryset(self) -> QuerySet[Team]:
        return super().get_queryset().select_related("region")

    def get_table_data(self) -> QuerySet[Team]:
        return with_team_figures(super().get_table_data(), self.request.user, timezone.localdate())


class TeamExportView(generic.ObjectExportView):
    model = Team
    filterset_class = TeamFilterSet
    filename = "招商组"
    columns = [
        ("名称", "name"),
        ("所属区域", "region.name"),
        ("区划代码", "region.code"),
        ("组长", "leader"),
        ("招商方向", "focus"),
        ("成员数", "member_count"),
        ("本年签约个数", "year_count"),
        ("本年签约额（万元）", "year_amount"),
    ]

    def visible_queryset(self) -> QuerySet[Team]:
        return with_team_figures(
            super().visible_queryset().select_related("region"), self.request.user, timezone.localdate()
        )


def members_context(request: Any, team: Team, editable: bool, form: Any = None) -> dict[str, Any]:
    members = [
        {
            "member": member,
            "delete_url": reverse("attraction:team_member_delete", args=[member.pk]) if editable else None,
        }
        for member in team.members.select_related("user").order_by("id")
    ]
    if editable and form is None:
        form = TeamMemberForm(instance=TeamMember(team=team), user=request.user)
    return {
        "team": team,
        "members": members,
        "member_form": form if editable else None,
        "member_add_url": reverse("attraction:team_member_add", args=[team.pk]),
    }


class TeamDetailView(common.DetailView):
    """The team card, its members (added and removed in place), its leads and contracts, and its rates."""

    model = Team
    fields = TEAM_FIELDS
    edit_url_name = "attraction:team_edit"
    delete_url_name = "attraction:team_delete"
    extra_template = "attraction/partials/team_extra.html"

    def get_queryset(self) -> QuerySet[Team]:
        return super().get_queryset().select_related("region")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.tab == "history":
            return context
        team, user = self.object, self.request.user
        today = timezone.localdate()
        contracts = Contract.objects.visible_to(user).filter(team=team)
        leads = Lead.objects.visible_to(user).filter(team=team)
        counts = queries.lead_counts(leads)
        rates = queries.rates(contracts, today)
        context.update(members_context(self.request, team, self.is_editable()))
        context.update(
            lead_counts=[(LeadStatus(status).label, counts.get(status, 0)) for status in LeadStatus.values],
            lead_total=sum(counts.values()),
            leads_url=f"{reverse('attraction:lead_list')}?team={team.pk}",
            contract_total=contracts.count(),
            contracts_url=f"{reverse('attraction:contract_list')}?team={team.pk}",
            as_of=today,
            rates=[
                (_("签约项目数（统计口径）"), str(rates.contracts)),
                (_("签约总额"), format_money(rates.amount)),
                (_("大项目"), str(rates.big)),
                (_("履约率"), format_percent(rates.fulfilment_rate)),
                (_("落地率"), format_percent(rates.landing_rate)),
                (_("开工率"), format_percent(rates.start_rate)),
                (_("投产率"), format_percent(rates.production_rate)),
                (_("资金到位率"), format_percent(rates.funds_rate)),
            ],
        )
        return context


class TeamEditView(common.EditView):
    model = Team
    form_class = TeamForm
    success_url_name = "attraction:team_list"


class TeamDeleteView(common.DeleteView):
    model = Team
    success_url_name = "attraction:team_list"


class TeamMemberAddView(common.ActionView):
    """Add a member to a team the user may change; on the team page the member list is swapped in place."""

    model = TeamMember
    form_class = TeamMemberForm
    htmx_template_name = "attraction/partials/team_members.html"
    success_message = gettext_lazy("已添加成员：%(obj)s")

    def get_object(self, queryset: Any = None) -> None:
        self.team = get_object_or_404(Team.objects.editable_by(self.request.user), pk=self.kwargs["team_pk"])
        return super().get_object(queryset)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = TeamMember(team=self.team)
        return kwargs

    def get_title(self) -> str:
        return _("添加成员：%(team)s") % {"team": self.team}

    def get_success_url(self) -> str:
        return self.team.get_absolute_url()

    def htmx_context(self, form: Any, saved: bool) -> dict[str, Any]:
        return members_context(self.request, self.team, editable=True, form=None if saved else form)


class TeamMemberDeleteView(common.DeleteView):
    """Remove a member with a reason (typed in the ``hx-prompt`` on the team page, or on the confirmation page)."""

    model = TeamMember

    def get_cancel_url(self) -> str:
        return self.object.team.get_absolute_url()

    def get_success_url(self) -> str:
        return self.object.team.get_absolute_url()

    def refused(self, form: Any) -> HttpResponse:
        if self.request.htmx:
            context = members_context(self.request, self.object.team, editable=True)
            context["member_errors"] = [error for errors in form.errors.values() for error in errors]
            return render(self.request, "attraction/partials/team_members.html", context)
        return super().refused(form)

    def deleted(self) -> HttpResponse:
        if self.request.htmx:
            return render(
                self.request,
                "attraction/partials/team_members.html",
                members_context(self.request, self.object.team, editable=True),
            )
        return super().deleted()
