"""django-tables2 tables of the project registry."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tuijin.core.money import format_wan
from tuijin.projects.models import AnnualPlan, Project, Suspension

NUMERIC = {"td": {"class": "num"}, "th": {"class": "num"}}


class WanColumn(tables.Column):
    """An amount in 万元, right-aligned, two decimals rounded 四舍五入 (never float, never round())."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("attrs", NUMERIC)
        super().__init__(*args, **kwargs)

    def render(self, value: Decimal) -> str:
        return format_wan(value)


class YearMonthColumn(tables.Column):
    """A planned year-month shown as 2025年3月."""

    def render(self, value: datetime.date) -> str:
        return f"{value.year}年{value.month}月"


class ProjectTable(tables.Table):
    name = tables.Column(linkify=True)
    region = tables.Column(order_by=("region__path",))
    levels_display = tables.Column(verbose_name=_("项目级别"), orderable=False)
    total_investment = WanColumn()
    planned_start = YearMonthColumn(verbose_name=_("计划开工"))

    class Meta:
        model = Project
        fields = ["name", "code", "region", "stage", "category", "levels_display", "total_investment", "planned_start"]
        order_by = ["region", "name"]


def goals_text(plan: AnnualPlan) -> str:
    """The node goals of a plan on one line: 年内开工（3月）、主体封顶（10月）."""
    return "、".join(str(goal) for goal in plan.goals.all())


class AnnualPlanTable(tables.Table):
    """Annual plans; the 编辑 link shows only on rows the queryset marks ``editable`` (see PlanListView)."""

    project = tables.Column(linkify=True, order_by=("project__name",))
    region = tables.Column(verbose_name=_("所属区域"), accessor="project__region", order_by=("project__region__path",))
    year = tables.Column()
    planned_investment = WanColumn()
    goals = tables.Column(verbose_name=_("节点目标"), accessor="pk", orderable=False)
    joined_on = tables.DateColumn(format="Y年n月j日")
    left_on = tables.DateColumn(format="Y年n月j日")
    actions = tables.Column(verbose_name="", accessor="pk", orderable=False)

    class Meta:
        model = AnnualPlan
        fields = ["project", "region", "year", "planned_investment", "goals", "joined_on", "left_on"]
        order_by = ["-year", "region", "project"]

    def render_goals(self, record: AnnualPlan) -> str:
        return goals_text(record) or "—"

    def render_actions(self, record: AnnualPlan) -> str:
        if not getattr(record, "editable", False):
            return ""
        return format_html('<a href="{}">{}</a>', reverse("projects:plan_edit", args=[record.pk]), _("编辑"))


class SuspensionTable(tables.Table):
    """停工/复工 requests; rows the queryset marks ``decidable`` carry the approve/reject buttons."""

    project = tables.Column(linkify=True, order_by=("project__name",))
    region = tables.Column(verbose_name=_("所属区域"), accessor="project__region", order_by=("project__region__path",))
    date = tables.DateColumn(format="Y年n月j日")
    decided_at = tables.DateTimeColumn(format="Y年n月j日 H:i")
    decision = tables.TemplateColumn(
        template_name="projects/partials/suspension_decide.html", verbose_name=_("审批"), orderable=False
    )

    class Meta:
        model = Suspension
        fields = ["project", "region", "kind", "date", "reason", "status", "decided_by", "decided_at"]
        order_by = ["-date"]
