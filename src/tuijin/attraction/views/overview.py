"""The attraction overview (招商概览) of a city or district, and the team ranking (招商组排名).

Both read only ``tuijin.attraction.queries`` over the user's visible rows, at an as-of date (``?as_of=``, default
today). Every figure links to the contract list filtered to the rows behind it; ``?format=xlsx`` exports the
table of the page with the same numbers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from tuijin.attraction import queries
from tuijin.attraction.choices import ContractKind, Grouping, LeadStatus, MilestoneKind, RateBasis
from tuijin.attraction.models import AttractionSettings, Contract, Lead, Team
from tuijin.core import generic
from tuijin.core.models import Region
from tuijin.core.money import format_money, format_percent, format_points, wan_to_yi
from tuijin.core.periods import date_label
from tuijin.core.views import request_as_of, request_region, with_query
from tuijin.exchange.reader import Column
from tuijin.exchange.writer import write_table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def region_choices(user: Any, region: Region) -> Any:
    """Regions offered by the picker: the visible ones down to the children of the current region."""
    return Region.objects.visible_to(user).filter(depth__lte=region.depth + 1).order_by("path")


def xlsx_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    filename = f"{name}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def percent_value(rate: Decimal | None) -> str:
    """A rate as the export shows it: the page's text, "60.00%" (the exports are reports, not import sheets)."""
    return format_percent(rate)


RATE_COLUMNS = [
    Column("contracts", "签约项目数", kind="int"),
    Column("amount", "签约总额", kind="money"),
    Column("big", "大项目数", kind="int"),
    Column("fulfilment_rate", "履约率"),
    Column("landing_rate", "落地率"),
    Column("start_rate", "开工率"),
    Column("production_rate", "投产率"),
    Column("funds", "到位资金", kind="money"),
    Column("funds_rate", "资金到位率"),
]


def rate_cells(rates: queries.Rates) -> dict[str, Any]:
    return {
        "contracts": rates.contracts,
        "amount": rates.amount,
        "big": rates.big,
        "fulfilment_rate": percent_value(rates.fulfilment_rate),
        "landing_rate": percent_value(rates.landing_rate),
        "start_rate": percent_value(rates.start_rate),
        "production_rate": percent_value(rates.production_rate),
        "funds": rates.funds,
        "funds_rate": percent_value(rates.funds_rate),
    }


def rate_display(rates: queries.Rates) -> dict[str, str]:
    return {
        "amount": format_money(rates.amount),
        "big_amount": format_money(rates.big_amount),
        "funds": format_money(rates.funds),
        "fulfilment_rate": format_percent(rates.fulfilment_rate),
        "landing_rate": format_percent(rates.landing_rate),
        "start_rate": format_percent(rates.start_rate),
        "production_rate": format_percent(rates.production_rate),
        "funds_rate": format_percent(rates.funds_rate),
    }


@dataclass
class ContractLinks:
    """URLs of the contract list behind the figures of one region at an as-of date (the rate denominator)."""

    region: Region
    as_of: datetime.date
    settings: AttractionSettings

    def url(self, **extra: Any) -> str:
        params: dict[str, Any] = {"region": self.region.code, "signed_to": self.as_of.isoformat()}
        if self.settings.rate_basis == RateBasis.PERIOD:
            params["signed_from"] = datetime.date(self.as_of.year, 1, 1).isoformat()
        if not self.settings.count_framework:
            params["kind"] = ContractKind.FORMAL
        return f"{reverse('attraction:contract_list')}?{urlencode({**params, **extra})}"

    def cells(self) -> dict[str, str]:
        return {
            "all": self.url(),
            "big": self.url(big="true"),
            "late": self.url(late="true"),
            **{kind: self.url(reached=kind) for kind in MilestoneKind.values},
        }


class OverviewView(generic.WorkbookPageMixin, LoginRequiredMixin, TemplateView):
    """The attraction figures of a region at a date: target progress (by day), rates, charts, big projects,
    late contracts, leads; one row per child region."""

    template_name = "attraction/overview.html"

    def setup_figures(self) -> None:
        user = self.request.user
        self.as_of = request_as_of(self.request)
        self.region = request_region(self.request)
        self.settings = AttractionSettings.current()
        self.contracts = Contract.objects.visible_to(user).filter(region__path__startswith=self.region.path)
        self.children = list(
            Region.objects.visible_to(user)
            .filter(parent=self.region, in_statistics=True)
            .order_by("sort_order", "code")
        )

    def child_rows(self) -> list[dict[str, Any]]:
        rows = []
        for child in self.children:
            contracts = self.contracts.filter(region__path__startswith=child.path)
            rates = queries.rates(contracts, self.as_of, self.settings)
            progress = queries.target_progress(contracts, child, self.as_of, self.settings)
            rows.append(
                {
                    "region": child,
                    "rates": rates,
                    "progress": progress,
                    "display": rate_display(rates),
                    "progress_display": self.progress_display(progress),
                    "links": ContractLinks(child, self.as_of, self.settings).cells(),
                    "overview_url": self.overview_url(child),
                }
            )
        return rows

    def overview_url(self, region: Region) -> str:
        query = urlencode({"region": region.code, "as_of": self.as_of.isoformat()})
        return f"{reverse('attraction:overview')}?{query}"

    @staticmethod
    def progress_display(progress: queries.TargetProgress) -> dict[str, str]:
        return {
            "actual": format_money(progress.actual),
            "target": format_money(progress.target),
            "completion": format_percent(progress.completion),
            "share": format_percent(progress.share),
            "schedule_completion": format_percent(progress.schedule_completion),
            "gap": format_points(progress.gap_points),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        self.setup_figures()
        user, as_of, settings = self.request.user, self.as_of, self.settings
        total = queries.rates(self.contracts, as_of, settings)
        progress = queries.target_progress(self.contracts, self.region, as_of, settings)
        links = ContractLinks(self.region, as_of, settings)
        denominator = queries.rate_contracts(self.contracts, as_of, settings)
        leads = Lead.objects.visible_to(user).filter(region__path__startswith=self.region.path)
        lead_counts = queries.lead_counts(leads)
        late = queries.late_contracts(self.contracts, as_of, settings)
        lead_list = reverse("attraction:lead_list")
        context.update(
            title=_("招商引资概览"),
            region=self.region,
            as_of=as_of,
            as_of_label=date_label(as_of),
            settings=settings,
            total=total,
            display=rate_display(total),
            progress=progress,
            progress_display=self.progress_display(progress),
            links=links.cells(),
            rows=self.child_rows(),
            regions=region_choices(user, self.region),
            parent_url=self.parent_url(),
            big_contracts=queries.big_contracts(self.contracts, as_of, settings)[:20],
            late_count=late.count(),
            late_items=queries.late_details(late.order_by("signed_on")[:200], as_of, settings)[:10],
            late_url=with_query(reverse("attraction:late_list"), region=self.region.code),
            lead_cells=[
                (
                    label,
                    lead_counts.get(value, 0),
                    f"{lead_list}?{urlencode({'region': self.region.code, 'status': value})}",
                )
                for value, label in LeadStatus.choices
            ],
            stale_count=queries.stale_leads(leads, as_of, settings).count(),
            stale_url=with_query(lead_list, region=self.region.code, stale="true"),
            chart=self.chart_data(total, denominator),
            export_url=with_query(self.request.path, region=self.region.code, as_of=as_of.isoformat(), format="xlsx"),
        )
        return context

    def chart_data(self, total: queries.Rates, denominator: Any) -> dict[str, Any]:
        months = queries.signed_by_month(self.contracts, self.as_of.year, self.as_of, self.settings)
        by_source = queries.rates_by(denominator, self.as_of, Grouping.SOURCE, self.settings)
        by_industry = queries.rates_by(denominator, self.as_of, Grouping.INDUSTRY, self.settings)
        return {
            "months": [f"{month}月" for month, _n, _amount in months],
            "amounts": [str(wan_to_yi(amount)) for _month, _n, amount in months],
            "counts": [n for _month, n, _amount in months],
            "sources": [{"name": row.label, "value": str(wan_to_yi(row.amount))} for row in by_source],
            "industries": [{"name": row.label, "value": str(wan_to_yi(row.amount))} for row in by_industry[:12]],
            "funnel": [{"name": name, "value": value} for name, value in queries.funnel(total)],
            "labels": {
                "amount": _("签约额（亿元）"),
                "count": _("签约个数"),
                "months": _("%(year)s年逐月签约") % {"year": self.as_of.year},
                "sources": _("按来源地"),
                "industries": _("按行业"),
                "funnel": _("履约漏斗"),
            },
        }

    def parent_url(self) -> str | None:
        parent = self.region.parent
        if parent is None or not Region.objects.visible_to(self.request.user).filter(pk=parent.pk).exists():
            return None
        return self.overview_url(parent)

    def export(self) -> HttpResponse:
        self.setup_figures()
        columns = [
            Column("region", "区域"),
            Column("target", "年度目标", kind="money"),
            Column("completion", "目标完成率"),
            Column("schedule_completion", "序时完成率"),
            *RATE_COLUMNS,
        ]
        rows = []
        regions = [self.region, *self.children]
        for region in regions:
            contracts = self.contracts.filter(region__path__startswith=region.path)
            progress = queries.target_progress(contracts, region, self.as_of, self.settings)
            rows.append(
                {
                    "region": region.name,
                    "target": progress.target,
                    "completion": percent_value(progress.completion),
                    "schedule_completion": percent_value(progress.schedule_completion),
                    **rate_cells(queries.rates(contracts, self.as_of, self.settings)),
                }
            )
        title = _("招商引资情况（截至%(date)s）") % {"date": date_label(self.as_of)}
        return xlsx_response(write_table(columns, rows, title=title), _("招商引资概览"))


class TeamRankingView(generic.WorkbookPageMixin, LoginRequiredMixin, TemplateView):
    """招商组排名: the visible teams of a region ranked by signed amount, then count, big projects, 履约率."""

    template_name = "attraction/team_ranking.html"

    def ranking(self) -> list[queries.TeamRank]:
        user = self.request.user
        self.as_of = request_as_of(self.request)
        self.region = request_region(self.request)
        self.settings = AttractionSettings.current()
        teams = Team.objects.visible_to(user).filter(region__path__startswith=self.region.path).select_related("region")
        contracts = Contract.objects.visible_to(user)
        return queries.team_ranking(teams.order_by("region__path", "name"), contracts, self.as_of, self.settings)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        ranking = self.ranking()
        links = ContractLinks(self.region, self.as_of, self.settings)
        rows = []
        for item in ranking:
            rows.append(
                {
                    "item": item,
                    "display": rate_display(item.rates),
                    "contracts_url": links.url(team=item.team.pk),
                    "big_url": links.url(team=item.team.pk, big="true"),
                    "team_url": item.team.get_absolute_url(),
                }
            )
        query = {"region": self.region.code, "as_of": self.as_of.isoformat()}
        context.update(
            title=_("招商组排名"),
            region=self.region,
            as_of=self.as_of,
            as_of_label=date_label(self.as_of),
            rows=rows,
            regions=Region.objects.visible_to(self.request.user)
            .filter(depth__lte=self.region.depth + 1)
            .order_by("path"),
            export_url=f"{self.request.path}?{urlencode({**query, 'format': 'xlsx'})}",
            basis=RateBasis(self.settings.rate_basis).label,
        )
        return context

    def export(self) -> HttpResponse:
        columns = [
            Column("rank", "排名", kind="int"),
            Column("team", "招商组"),
            Column("region", "区域"),
            *RATE_COLUMNS,
        ]
        rows = [
            {"rank": item.rank, "team": item.team.name, "region": item.team.region.name, **rate_cells(item.rates)}
            for item in self.ranking()
        ]
        title = _("招商组排名（截至%(date)s）") % {"date": date_label(self.as_of)}
        return xlsx_response(write_table(columns, rows, title=title), _("招商组排名"))
