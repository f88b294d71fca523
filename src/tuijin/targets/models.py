"""Indicators, targets per region and year, hand-entered figures, rollups and the annual assessment (考核).

Terms and formulas: DOMAIN.md §1 and §4. An indicator is either computed from the other apps' rows (its series are
named in ``indicators.py``) or entered by hand per region and month (``IndicatorEntry``: 地区生产总值 …). A target is
a level (完成投资2168亿元) or a growth rate (增长17.5%) for one indicator, region and year; city targets are decomposed
to districts and zones, and a check says whether the parts cover the whole (a warning, never a block).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tuijin.core.choices import Role
from tuijin.core.models import Region, TrackedModel
from tuijin.core.periods import TimeBasis, yoy_growth
from tuijin.core.scope import ScopeRule
from tuijin.targets.choices import AdjustmentKind, Direction, ScoreRule, Source, TargetKind, Unit

VALUE = {"max_digits": 18, "decimal_places": 4}
YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
POSITIVE = [MinValueValidator(Decimal("0.0001"))]
# Targets and assessment schemes are set by the city dispatch office; districts enter their own economic figures.
CITY_ROLES = frozenset({Role.DISPATCHER})
ENTRY_ROLES = frozenset({Role.DISPATCHER, Role.REPORTER})


class Indicator(TrackedModel):
    """One measured quantity. Computed ones are created from ``indicators.COMPUTED`` (key, name, unit and series come
    from code; the administrator may change the time basis, direction and order); manual ones are added here."""

    key = models.SlugField(_("指标代码"), max_length=40, unique=True)
    name = models.CharField(_("指标名称"), max_length=50)
    unit = models.CharField(_("单位"), max_length=20, choices=Unit.choices, default=Unit.COUNT)
    time_basis = models.CharField(
        _("序时计算方式"),
        max_length=10,
        choices=TimeBasis.choices,
        default=TimeBasis.MONTH,
        help_text=_("按月：T = 已过月数 / 12；按日：T = 已过天数 / 全年天数（DOMAIN.md §4）。"),
    )
    direction = models.CharField(_("方向"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    cumulative = models.BooleanField(
        _("年度累计"),
        default=True,
        help_text=_("年初至今累计的总量（投资额、个数）有序时进度；比率、增速等不累计的指标没有。"),
    )
    description = models.CharField(_("口径说明"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=100)
    active = models.BooleanField(_("启用"), default=True)

    # Anyone with a role reads the list; only the administrator changes it (edit_roles is empty).
    scope = ScopeRule(region=None)

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("targets:indicator_detail", args=[self.pk])

    @property
    def is_computed(self) -> bool:
        return self.source == Source.COMPUTED

    @property
    def unit_label(self) -> str:
        return self.get_unit_display()

    def clean(self) -> None:
        from tuijin.targets.indicators import COMPUTED

        errors: dict[str, Any] = {}
        spec = COMPUTED.get(self.key)
        if self.source == Source.COMPUTED and spec is None:
            errors["source"] = _("系统计算的指标须在代码中登记（targets/indicators.py），此处只能新增手工填报指标。")
        if spec is not None and (self.source != Source.COMPUTED or self.unit != spec.unit):
            errors["key"] = _("该代码属于系统计算指标，其来源和单位由系统确定。")
        if self.unit == Unit.PERCENT and self.cumulative:
            errors["cumulative"] = _("百分比类指标不是年度累计量。")
        if errors:
            raise ValidationError(errors)


class IndicatorEntry(TrackedModel):
    """A hand-entered figure of a manual indicator for a region: the year-to-date value of "year年1—month月" and,
    for 同比, the same period of last year."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="entries")
    region = models.ForeignKey(
        Region, verbose_name=_("区域"), on_delete=models.PROTECT, related_name="indicator_entries"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(_("截至月份"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    value = models.DecimalField(_("本期累计"), **VALUE)
    previous_value = models.DecimalField(_("上年同期"), null=True, blank=True, **VALUE)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    scope = ScopeRule(region="region", edit_roles=ENTRY_ROLES)

    class Meta:
        verbose_name = _("指标填报")
        verbose_name_plural = _("指标填报")
        ordering = ["-year", "-month", "indicator__order", "region__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "year", "month"],
                name="indicator_entry_unique",
                violation_error_message=_("该区域该月份的这项指标已经填报。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.indicator} {self.year}年1—{self.month}月"

    def get_absolute_url(self) -> str:
        return reverse("targets:entry_detail", args=[self.pk])

    @property
    def growth(self) -> Decimal | None:
        """同比 in percent (12.3 for 12.3%); None without last year's figure."""
        ratio = yoy_growth(self.value, self.previous_value)
        return None if ratio is None else ratio * 100

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.indicator_id and self.indicator.source != Source.MANUAL:
            errors["indicator"] = _("系统计算的指标不需要填报。")
        today = timezone.localdate()
        if self.year and self.month and (self.year, self.month) > (today.year, today.month):
            errors["month"] = _("不能填报未来月份的数据。")
        if errors:
            raise ValidationError(errors)


class Target(TrackedModel):
    """An annual target of one indicator for one region: a level in the indicator's unit (万元 for money) or a growth
    rate in percent over last year's same period."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="targets")
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    region = models.ForeignKey(Region, verbose_name=_("区域"), on_delete=models.PROTECT, related_name="targets")
    kind = models.CharField(_("目标类型"), max_length=10, choices=TargetKind.choices, default=TargetKind.LEVEL)
    value = models.DecimalField(
        _("目标值"),
        help_text=_("总量目标按指标单位填写（金额为万元）；增长目标填写增长率，如 17.5 表示增长17.5%。"),
        **VALUE,
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    scope = ScopeRule(region="region", edit_roles=CITY_ROLES)

    class Meta:
        verbose_name = _("目标任务")
        verbose_name_plural = _("目标任务")
        ordering = ["-year", "indicator__order", "region__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "region"],
                name="target_unique",
                violation_error_message=_("该区域该年度已有这项指标的目标。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year}年{self.indicator}目标"

    def get_absolute_url(self) -> str:
        return reverse("targets:target_detail", args=[self.pk])

    def clean(self) -> None:
        from tuijin.targets.indicators import MIRRORED

        errors: dict[str, Any] = {}
        if self.indicator_id:
            if self.indicator.key in MIRRORED and not getattr(self, "_mirroring", False):
                errors["indicator"] = _("该指标的目标在「招商引资 → 招商目标」中设置，这里自动同步。")
            if self.kind == TargetKind.GROWTH and self.indicator.unit == Unit.PERCENT:
                errors["kind"] = _("百分比类指标请设定总量目标（例如 60 表示60%）。")
            if self.kind == TargetKind.LEVEL and self.value is not None and self.value <= 0:
                errors["value"] = _("总量目标应大于0。")
        if errors:
            raise ValidationError(errors)


class Rollup(models.Model):
    """A stored contribution of a computed indicator's series (``core.series``): region × year × day. Not a tracked
    model: it is derived data, rebuilt at will (``tuijin rollups rebuild``) and never edited."""

    indicator_key = models.CharField(_("指标代码"), max_length=40)
    series = models.CharField(_("序列"), max_length=3)  # "num" or "den"
    region = models.ForeignKey(Region, verbose_name=_("区域"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    day = models.DateField(_("日期"))
    value = models.DecimalField(_("数值"), **VALUE)

    class Meta:
        verbose_name = _("汇总数据")
        verbose_name_plural = _("汇总数据")
        constraints = [
            models.UniqueConstraint(fields=["indicator_key", "series", "region", "year", "day"], name="rollup_unique")
        ]
        indexes = [models.Index(fields=["indicator_key", "year", "day"])]

    def __str__(self) -> str:
        return f"{self.indicator_key}/{self.series} {self.region_id} {self.day}: {self.value}"


class AssessmentScheme(TrackedModel):
    """A year's assessment (考核) of the districts and zones under a city: weighted indicators and bonus/penalty items,
    scored at any as-of date (年中, 年底)."""

    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    region = models.ForeignKey(
        Region,
        verbose_name=_("考核范围"),
        on_delete=models.PROTECT,
        related_name="assessment_schemes",
        help_text=_("被考核的是该区域的下级区域（县、市、区和功能区）。"),
    )
    name = models.CharField(_("方案名称"), max_length=100)
    last_places = models.PositiveSmallIntegerField(
        _("标记末位数"), default=3, validators=[MaxValueValidator(10)], help_text=_("排名表中标记为末位的名次数。")
    )
    note = models.TextField(_("说明"), blank=True)

    scope = ScopeRule(region="region", edit_roles=CITY_ROLES)

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        ordering = ["-year", "region__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "region", "name"],
                name="assessment_scheme_unique",
                violation_error_message=_("该区域该年度已有同名考核方案。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.name}"

    def get_absolute_url(self) -> str:
        return reverse("targets:scheme_detail", args=[self.pk])

    @property
    def total_weight(self) -> Decimal:
        return sum((item.weight for item in self.items.all()), Decimal(0))


class AssessmentItem(TrackedModel):
    """One weighted indicator of a scheme: full marks = ``weight``, scored by ``rule``."""

    scheme = models.ForeignKey(
        AssessmentScheme, verbose_name=_("考核方案"), on_delete=models.CASCADE, related_name="items"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="assessment_items"
    )
    weight = models.DecimalField(_("分值"), max_digits=6, decimal_places=2, validators=POSITIVE)
    rule = models.CharField(_("计分规则"), max_length=10, choices=ScoreRule.choices, default=ScoreRule.LINEAR)
    cap = models.DecimalField(
        _("封顶系数"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.20"),
        validators=[MinValueValidator(Decimal("1"))],
        help_text=_("按序时完成率计分时的上限：1.20 表示超序时完成的最多得分值的120%。"),
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    scope = ScopeRule(region="scheme__region", edit_roles=CITY_ROLES)

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["scheme", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "indicator"],
                name="assessment_item_unique",
                violation_error_message=_("该方案已有这项考核指标。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}（{self.weight}分）"

    def get_absolute_url(self) -> str:
        return self.scheme.get_absolute_url()


class AssessmentAdjustment(TrackedModel):
    """A bonus (记功嘉奖, 表扬) or penalty (通报批评, 约谈) of an assessed region, counted from its date on."""

    scheme = models.ForeignKey(
        AssessmentScheme, verbose_name=_("考核方案"), on_delete=models.CASCADE, related_name="adjustments"
    )
    region = models.ForeignKey(Region, verbose_name=_("被考核区域"), on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("日期"), default=timezone.localdate)
    kind = models.CharField(_("类型"), max_length=10, choices=AdjustmentKind.choices)
    points = models.DecimalField(_("分数"), max_digits=6, decimal_places=2, validators=POSITIVE)
    reason = models.CharField(_("事由"), max_length=200, help_text=_("如：记功嘉奖（省重点项目提前开工）、通报批评。"))

    scope = ScopeRule(region="scheme__region", edit_roles=CITY_ROLES)

    class Meta:
        verbose_name = _("加减分")
        verbose_name_plural = _("加减分")
        ordering = ["-on", "pk"]

    def __str__(self) -> str:
        return f"{self.region} {self.get_kind_display()}{self.points}分：{self.reason}"

    def get_absolute_url(self) -> str:
        return self.scheme.get_absolute_url()

    @property
    def signed_points(self) -> Decimal:
        return self.points if self.kind == AdjustmentKind.BONUS else -self.points

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.scheme_id and self.region_id:
            if self.region.parent_id != self.scheme.region_id:
                errors["region"] = gettext("加减分只能针对考核范围的下级区域。")
            if self.on and self.on.year != self.scheme.year:
                errors["on"] = gettext("日期应在考核年度内。")
        if self.on and self.on > timezone.localdate():
            errors["on"] = gettext("日期不能晚于今天。")
        if errors:
            raise ValidationError(errors)


def assessed_regions(region: Region) -> list[Region]:
    """The regions a city's rankings and assessment compare: its children counted in statistics, in order."""
    return list(region.children.filter(in_statistics=True).order_by("sort_order", "code"))


def as_of_default(year: int) -> datetime.date:
    """Today for the current year, the year's last day for a past one."""
    today = timezone.localdate()
    return today if year >= today.year else datetime.date(year, 12, 31)
