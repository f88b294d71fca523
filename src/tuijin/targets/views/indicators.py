"""Indicators (指标): read by everyone with a role, created (manual ones only) and changed by the administrator.

``Indicator.objects.editable_by(user)`` is empty for everyone else, so the 新建/编辑 buttons do not show and the edit
URLs answer 404. A computed indicator's key, name, unit and source come from ``indicators.COMPUTED``; only its time
basis, direction, order, 启用 and 口径说明 can be changed here.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuijin.targets.filters import IndicatorFilter
from tuijin.targets.forms import IndicatorForm
from tuijin.targets.indicators import COMPUTED, MIRRORED
from tuijin.targets.models import Indicator
from tuijin.targets.tables import IndicatorTable
from tuijin.targets.views import common

FIELDS = ["key", "name", "unit", "source", "time_basis", "direction", "cumulative", "order", "active", "description"]


def computed_rows(indicator: Indicator) -> list[tuple[str, str]]:
    """What a computed indicator counts, from its declaration in code."""
    spec = COMPUTED.get(indicator.key)
    if spec is None:
        return []
    rows = [(_("计算口径"), spec.description or "—")]
    if spec.denominator is not None:
        rows.append((_("计算方式"), _("比率：分子合计 / 分母合计 × 100%，按年初至统计日累计。")))
    else:
        rows.append((_("计算方式"), _("年初至统计日的合计（按区域逐日汇总）。")))
    if indicator.key in MIRRORED:
        rows.append((_("目标来源"), _("目标在「招商引资 → 招商目标」中设置，自动同步到目标任务。")))
    return rows


class IndicatorListView(common.ListView):
    model = Indicator
    table_class = IndicatorTable
    filterset_class = IndicatorFilter
    title = gettext_lazy("指标")
    create_url_name = "targets:indicator_create"


class IndicatorDetailView(common.DetailView):
    model = Indicator
    fields = FIELDS
    edit_url_name = "targets:indicator_edit"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["fields"] = [*context["fields"], *computed_rows(self.object)]
        return context


class IndicatorEditView(common.EditView):
    """Create a manual indicator or edit one (administrator only; 404 for everyone else)."""

    model = Indicator
    form_class = IndicatorForm
    success_url_name = "targets:indicator_list"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.object is not None and self.object.is_computed:
            context["title"] = _("修改系统计算指标：%(obj)s") % {"obj": self.object}
        return context
