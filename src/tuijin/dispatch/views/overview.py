"""The district overview (调度总览) and the dispatch settings page."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from tuijin.core import generic
from tuijin.core.models import Region
from tuijin.core.money import format_money, format_percent, format_points
from tuijin.core.periods import (
    completion_rate,
    period_label,
    schedule_completion_rate,
    schedule_gap_points,
)
from tuijin.core.views import default_region
from tuijin.dispatch import queries
from tuijin.dispatch.filters import BATCH_CHOICES
from tuijin.dispatch.forms import DispatchSettingsForm
from tuijin.dispatch.models import DispatchSettings
from tuijin.dispatch.views.common import request_period
from tuijin.projects.choices import Stage
from tuijin.projects.models import Project
from tuijin.projects.queries import FourBatches, four_batches, stage_counts, year_list

BATCH_LABELS = dict(BATCH_CHOICES)


@dataclass
class RegionFigures:
    """The overview's figures for one region subtree and year (all through ``visible_to``)."""

    region: Region
    projects: int
    stages: dict[str, int]
    batches: FourBatches
    ytd: Decimal
    plan: Decimal
    rate: Decimal | None  # 年度计划完成率 R = A / P
    share: Decimal  # 序时进度 T = m / 12
    gap: Decimal | None  # 超（慢）序时进度, points
    schedule_rate: Decimal | None  # 序时完成率 = A / (P × T)
    red: int
    yellow: int
    late: int

    @property
    def display(self) -> dict[str, str]:
        return {
            "ytd": format_money(self.ytd),
            "plan": format_money(self.plan),
            "rate": format_percent(self.rate),
            "share": format_percent(self.share),
            "gap": format_points(self.gap),
            "schedule_rate": format_percent(self.schedule_rate),
        }


def region_figures(
    region: Region, projects: QuerySet[Project], year: int, month: int, settings: DispatchSettings
) -> RegionFigures:
    """Stage counts, 四个一批, investment against plan and 序时, lights and late reporters of one region.

    Everything counts the year's key-project list (``year_list``), so each number equals the length of the
    project list its link opens (``?region=…&year=…`` selects that list there too).
    """
    projects = year_list(projects.filter(region__path__startswith=region.path), year)
    ytd, plan = queries.investment_totals(projects, year, month)
    share = queries.investment_share(year, month, settings)
    lights = [
        queries.lights_for(project, year, month, settings).overall
        for project in queries.with_progress(projects, year, month)
    ]
    return RegionFigures(
        region=region,
        projects=projects.count(),
        stages=stage_counts(projects),
        batches=four_batches(projects, year),
        ytd=ytd,
        plan=plan,
        rate=completion_rate(ytd, plan),
        share=share,
        gap=schedule_gap_points(ytd, plan, share),
        schedule_rate=schedule_completion_rate(ytd, plan, share),
        red=lights.count(queries.Light.RED),
        yellow=lights.count(queries.Light.YELLOW),
        late=queries.late_projects(projects, year, month, timezone.localdate()).count(),
    )


class OverviewView(LoginRequiredMixin, TemplateView):
    """A region's dispatch figures and one row per child region (district, county, zone), each number linking
    to the project list filtered the same way."""

    template_name = "dispatch/overview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        year, month = request_period(self.request)
        code = self.request.GET.get("region")
        region = get_object_or_404(Region.objects.visible_to(user), code=code) if code else default_region(user)
        projects = Project.objects.visible_to(user)
        settings = DispatchSettings.current()
        children = Region.objects.visible_to(user).filter(parent=region, in_statistics=True)
        top = self.row(region_figures(region, projects, year, month, settings), year, month)
        rows = [
            self.row(region_figures(child, projects, year, month, settings), year, month)
            for child in children.order_by("sort_order", "code")
        ]
        context.update(
            title=_("调度总览"),
            region=region,
            year=year,
            month=month,
            period=period_label(year, month),
            top=top,
            rows=rows,
            stages=[label for _value, label in Stage.choices],
            batch_labels=list(BATCH_LABELS.values()),
            regions=Region.objects.visible_to(user).filter(depth__lte=region.depth + 1).order_by("path"),
            months=range(1, 13),
            parent_url=self.parent_url(region, year, month),
        )
        return context

    def row(self, figures: RegionFigures, year: int, month: int) -> dict[str, Any]:
        """A row of figures with the project-list URL behind each number."""
        base = {"region": figures.region.code, "year": year, "month": month}
        url = reverse("dispatch:project_list")

        def link(**extra: Any) -> str:
            return f"{url}?{urlencode({**base, **extra})}"

        return {
            "figures": figures,
            "display": figures.display,
            "all_url": link(),
            "stage_cells": [(label, figures.stages[stage], link(stage=stage)) for stage, label in Stage.choices],
            "batch_cells": [
                (label, getattr(figures.batches, name), link(batch=name)) for name, label in BATCH_LABELS.items()
            ],
            "red_url": link(light=queries.Light.RED),
            "yellow_url": link(light=queries.Light.YELLOW),
            "late_url": link(late="yes"),
            "overview_url": f"{reverse('dispatch:overview')}?{urlencode(base)}",
        }

    def parent_url(self, region: Region, year: int, month: int) -> str | None:
        parent = region.parent
        if parent is None or not Region.objects.visible_to(self.request.user).filter(pk=parent.pk).exists():
            return None
        return f"{reverse('dispatch:overview')}?{urlencode({'region': parent.code, 'year': year, 'month': month})}"


class SettingsView(generic.SettingsEditView):
    """Deadlines and light thresholds; administrators only (others get 404)."""

    model = DispatchSettings
    form_class = DispatchSettingsForm
    title = gettext_lazy("调度设置")
    saved_message = gettext_lazy("调度设置已保存。")
    url_name = "dispatch:settings"
