"""Forms of the targets app: indicators (administrator only), targets (市级调度), hand-entered figures (区县填报 and
市级调度) and the progress page's parameters.

Every rule lives in the models' ``clean()``; the forms narrow the dropdowns (regions to the ones the user may write
in, indicators to the ones a form may take) and say in their help texts what unit a value is typed in.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tuijin.core.forms import TrackedModelForm
from tuijin.core.models import Region
from tuijin.core.periods import last_complete_month
from tuijin.projects.forms import DateInput
from tuijin.targets.choices import Source
from tuijin.targets.indicators import COMPUTED, MIRRORED
from tuijin.targets.models import Indicator, IndicatorEntry, Target

# The settings of a computed indicator the administrator may change; its key, name, unit and source come from code.
COMPUTED_EDITABLE = ("time_basis", "direction", "order", "active", "description")


def reason_last(form: forms.BaseForm) -> None:
    """The 修改原因 stays the last field of a card."""
    form.fields["reason"] = form.fields.pop("reason")


def indicator_label(indicator: Indicator) -> str:
    return f"{indicator.name}（{indicator.unit_label}）"


def region_label(region: Region) -> str:
    return f"{'　' * max(region.depth - 1, 0)}{region.name}"


def narrow_regions(field: forms.ModelChoiceField, current: int | None) -> None:
    """The regions the user may write in (already narrowed by ``TrackedModelForm``), in tree order, indented; the
    row's own region stays selectable."""
    regions = field.queryset
    if current:
        regions = regions | Region.objects.filter(pk=current)
    field.queryset = regions.order_by("path")
    field.label_from_instance = region_label


# ---- Indicators ---------------------------------------------------------------------------------------------------


class IndicatorForm(TrackedModelForm):
    """A manual indicator (新建 or 修改), or the adjustable settings of a computed one (序时计算方式, 方向, 排序,
    启用, 口径说明). The source of a new indicator is always 手工填报: computed ones are declared in code."""

    class Meta:
        model = Indicator
        fields = ["key", "name", "unit", "cumulative", "time_basis", "direction", "description", "order", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "key": _("英文字母、数字、下划线或连字符，如 gdp、fai；创建后不能更改（筛选链接和导入使用它）。"),
            "unit": _("金额类指标以万元填报和存储，页面上以亿元显示。"),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        instance = self.instance
        if instance.pk is None:
            instance.source = Source.MANUAL
        elif instance.is_computed:
            for name in self.fields:
                if name not in (*COMPUTED_EDITABLE, "version", "reason"):
                    self.fields[name].disabled = True
            self.fields["key"].help_text = _(
                "系统计算指标的代码、名称、单位和来源由系统确定，这里只能调整计算方式和显示设置。"
            )
        else:
            self.fields["key"].disabled = True
        reason_last(self)


# ---- Targets ------------------------------------------------------------------------------------------------------


def target_indicators(current: int | None) -> QuerySet[Indicator]:
    """Active indicators whose targets are set here (not the mirrored signing targets), plus the row's own."""
    rows = Indicator.objects.exclude(key__in=list(MIRRORED)).filter(Q(active=True) | Q(pk=current or 0))
    return rows.order_by("order", "pk")


def mirrored_help() -> str:
    names = "、".join(spec.name for key, spec in COMPUTED.items() if key in MIRRORED)
    return format_html(
        '{}<a href="{}">{}</a>{}',
        _("%(names)s的目标在") % {"names": names},
        reverse("attraction:target_list"),
        _("「招商引资 → 招商目标」"),
        _("中设置，这里自动同步。"),
    )


class TargetForm(TrackedModelForm):
    """A target of one indicator, region and year; regions limited to those the user may set targets in."""

    class Meta:
        model = Target
        fields = ["year", "region", "indicator", "kind", "value", "note"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        instance = self.instance
        narrow_regions(self.fields["region"], instance.region_id)
        indicator = self.fields["indicator"]
        indicator.queryset = target_indicators(instance.indicator_id)
        indicator.label_from_instance = indicator_label
        indicator.help_text = mirrored_help()
        self.fields["value"].help_text = _(
            "总量目标按指标单位填写：金额类指标填万元（如 1231900 即123.19亿元），个数类填个数，百分比类填百分数"
            "（60 表示60%）；增长目标填写增长率，如 17.5 表示增长17.5%。"
        )
        if instance.pk is None:
            self.fields["year"].initial = timezone.localdate().year
        reason_last(self)


# ---- Hand-entered figures -----------------------------------------------------------------------------------------


class EntryForm(TrackedModelForm):
    """A year-to-date figure of a manual indicator for a region the user may enter figures for."""

    class Meta:
        model = IndicatorEntry
        fields = ["indicator", "region", "year", "month", "value", "previous_value", "note"]
        help_texts = {"month": _("填报“1—m月”的累计数，m 即截至月份。")}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        instance = self.instance
        narrow_regions(self.fields["region"], instance.region_id)
        indicator = self.fields["indicator"]
        current = instance.indicator_id or 0
        indicator.queryset = Indicator.objects.filter(source=Source.MANUAL).filter(Q(active=True) | Q(pk=current))
        indicator.queryset = indicator.queryset.order_by("order", "pk")
        indicator.label_from_instance = indicator_label
        indicator.help_text = _("只有手工填报的指标需要填报；系统计算的指标由项目、招商和问题数据自动汇总。")
        unit_help = _("按指标单位填写：金额类指标填万元，个数类填个数，百分比类填百分数（45.12 表示45.12%）。")
        self.fields["value"].help_text = unit_help
        self.fields["previous_value"].help_text = _("用于计算同比，单位同本期累计；不填则不计算同比。")
        if instance.pk is None:
            year, month = last_complete_month(timezone.localdate())
            self.fields["year"].initial = year
            self.fields["month"].initial = month
        reason_last(self)


# ---- The progress page ----------------------------------------------------------------------------------------------


class ProgressForm(forms.Form):
    """The progress page's parameters: the as-of date (not after today; the year follows from it) and a region
    code (checked against the user's scope by the view)."""

    as_of = forms.DateField(label=_("统计日"), required=False, widget=DateInput)
    region = forms.CharField(label=_("区域"), required=False, max_length=20)

    def clean_as_of(self) -> datetime.date:
        today = timezone.localdate()
        value = self.cleaned_data.get("as_of")
        return min(value, today) if value else today

    def clean_region(self) -> str:
        return (self.cleaned_data.get("region") or "").strip()
