"""REST API of indicators, targets, hand-entered figures and the assessment, and the read-only progress, rankings and
scores.

Reads go through ``visible_to``, writes through ``editable_by`` (404 outside), validation through the models'
``full_clean()``; lists take the same query strings as the pages (``targets.filters``). The numbers come from
``queries`` and are written as strings at full precision: rates (R, 序时进度 T, 序时完成率) as ratios (``"1.2455…"``
is 124.56%), values of percent indicators, growth (同比) and gaps in percent or points, money in 万元.

Rankings (晾晒比拼) are public among signed-in users: any user reads the ranking of any city's districts and zones,
whatever their scope. ``register(router)`` adds the endpoints to the router of ``tuijin.api.urls``.
"""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.db.models import ProtectedError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from tuijin.core.api import ScopedModelViewSet, TrackedModelSerializer
from tuijin.core.choices import RegionKind
from tuijin.core.filters import RegionSubtreeFilter
from tuijin.core.models import Region
from tuijin.core.scope import is_admin
from tuijin.problems.api import ExactDecimalField, summaries
from tuijin.projects.api import ScopedRelatedField
from tuijin.projects.filters import IntegerFilter, year_filter
from tuijin.targets import queries
from tuijin.targets.choices import AdjustmentKind, RankBy, Source
from tuijin.targets.filters import EntryFilter, IndicatorFilter, TargetFilter
from tuijin.targets.indicators import MIRRORED
from tuijin.targets.models import (
    AssessmentAdjustment,
    AssessmentItem,
    AssessmentScheme,
    Indicator,
    IndicatorEntry,
    Target,
    as_of_default,
)

STAMPS = ["created", "updated"]
TRACKED = ["version", "reason", *STAMPS]  # the fields TrackedModelSerializer adds to every model's own
MIRRORED_MESSAGE = _("该指标的目标在「招商引资 → 招商目标」中设置，这里自动同步，不能在此新增、修改或删除。")


def _indicator_field(queryset: Any = None, missing: str = "未找到指标代码为“{value}”的指标。") -> Any:
    return serializers.SlugRelatedField(
        slug_field="key",
        queryset=queryset if queryset is not None else Indicator.objects.all(),
        help_text=_("指标代码（investment、signed_amount …）。"),
        error_messages={"does_not_exist": missing},
    )


def _region_field() -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.all(),
        help_text=_("区划代码（350582、350500Z01 …）。"),
        error_messages={"does_not_exist": "未找到区划代码为“{value}”的区域。"},
    )


def _first_city(year: int) -> Region | None:
    """The first city with a target of the year (else the first city): where an administrator's figures start."""
    cities = Region.objects.filter(kind=RegionKind.CITY, in_statistics=True).order_by("sort_order", "code")
    return cities.filter(targets__year=year).distinct().first() or cities.first()


# ---- Indicators ---------------------------------------------------------------------------------------------------


class IndicatorSerializer(TrackedModelSerializer):
    """An indicator. Computed ones (``source=computed``) come from code: their key, name and unit are fixed there,
    the administrator may change the time basis, direction, order and whether they are active."""

    unit_display = serializers.CharField(source="get_unit_display", read_only=True)
    time_basis_display = serializers.CharField(source="get_time_basis_display", read_only=True)
    direction_display = serializers.CharField(source="get_direction_display", read_only=True)
    source_display = serializers.CharField(source="get_source_display", read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "key",
            "name",
            "unit",
            "unit_display",
            "time_basis",
            "time_basis_display",
            "direction",
            "direction_display",
            "source",
            "source_display",
            "cumulative",
            "description",
            "order",
            "active",
            *TRACKED,
        ]
        read_only_fields = STAMPS


@extend_schema_view(**summaries("指标"))
class IndicatorViewSet(ScopedModelViewSet):
    """Indicators (``?source=manual&active=true&q=投资``): read by every user with a role, changed by the administrator
    only (404 for the others). A computed indicator, or one with targets or figures, is not deleted (400): it is
    switched off (``active=false``)."""

    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    ordering_fields = ["order", "key", "name"]

    def perform_destroy(self, instance: Indicator) -> None:
        if instance.is_computed:
            raise ValidationError({"detail": gettext("系统计算的指标不能删除，可改为停用。")})
        try:
            super().perform_destroy(instance)
        except ProtectedError as error:
            raise ValidationError(
                {"detail": gettext("该指标已有目标、填报数据或考核指标，不能删除，可改为停用。")}
            ) from error


# ---- Targets and progress -----------------------------------------------------------------------------------------


class TargetSerializer(TrackedModelSerializer):
    """A target of one indicator, region and year: a level in the indicator's unit (万元 for money) or a growth rate
    in percent (``kind=growth``, 17.5 means 17.5%). The signing targets (``mirrored``) are copied from 招商引资 →
    招商目标 and refused here (400)."""

    indicator = _indicator_field()
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    unit = serializers.CharField(
        source="indicator.unit", read_only=True, help_text=_("指标单位：count、money、percent。")
    )
    region = _region_field()
    region_name = serializers.CharField(source="region.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    mirrored = serializers.SerializerMethodField(help_text=_("是否同步自招商目标（只读）。"))

    class Meta:
        model = Target
        fields = [
            "id",
            "year",
            "indicator",
            "indicator_name",
            "unit",
            "region",
            "region_name",
            "kind",
            "kind_display",
            "value",
            "note",
            "mirrored",
            *TRACKED,
        ]
        read_only_fields = STAMPS
        # One target per indicator, region and year: checked by the model, with its Chinese message.
        validators: list[Any] = []

    def get_mirrored(self, target: Target) -> bool:
        return target.indicator.key in MIRRORED


class ProgressQuerySerializer(serializers.Serializer):
    as_of = serializers.DateField(required=False)
    region = serializers.CharField(required=False)
    indicator = serializers.CharField(required=False)


class ProgressRowSerializer(serializers.Serializer):
    """``queries.Progress``: an indicator's year-to-date figure for the region against its target (DOMAIN.md §4)."""

    indicator = serializers.CharField(source="indicator.key")
    indicator_name = serializers.CharField(source="indicator.name")
    unit = serializers.CharField(source="indicator.unit", help_text=_("count 个、money 万元、percent 百分数。"))
    time_basis = serializers.CharField(source="indicator.time_basis", help_text=_("序时计算方式：month 或 day。"))
    target_kind = serializers.CharField(
        source="target.kind", allow_null=True, help_text=_("level 总量目标、growth 增长目标，无目标为null。")
    )
    actual = ExactDecimalField(allow_null=True, help_text=_("本期实际（年初至统计日期）"))
    target = ExactDecimalField(source="target.value", allow_null=True, help_text=_("目标值（增长目标为百分数）"))
    completion = ExactDecimalField(allow_null=True, help_text=_("年度目标完成率 R = A / P（比率）"))
    share = ExactDecimalField(allow_null=True, help_text=_("序时进度 T（比率）；非累计指标为null"))
    schedule_rate = ExactDecimalField(allow_null=True, help_text=_("序时完成率 = A / (P × T)（比率）"))
    gap_points = ExactDecimalField(
        allow_null=True, help_text=_("超（慢）序时进度，百分点；增长目标为实际增速减目标增速")
    )
    growth = ExactDecimalField(allow_null=True, help_text=_("同比增长，百分数（仅增长目标计算）"))
    previous = ExactDecimalField(allow_null=True, help_text=_("上年同期（仅增长目标计算）"))
    on_schedule = serializers.BooleanField(allow_null=True, help_text=_("是否达到序时进度"))


@extend_schema_serializer(many=False)
class ProgressResponseSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    year = serializers.IntegerField()
    region = serializers.CharField()
    region_name = serializers.CharField()
    rows = ProgressRowSerializer(many=True)


@extend_schema_view(**summaries("目标任务"))
class TargetViewSet(ScopedModelViewSet):
    """Targets in the user's scope, filtered as on the list page (``?indicator=investment&year=2026&region=350582``);
    set by 市级调度 within their regions."""

    serializer_class = TargetSerializer
    filterset_class = TargetFilter
    ordering_fields = ["year", "indicator__order", "region__path", "value"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("indicator", "region")

    def perform_destroy(self, instance: Target) -> None:
        if instance.indicator.key in MIRRORED:
            raise ValidationError({"detail": str(MIRRORED_MESSAGE)})
        super().perform_destroy(instance)

    def _region(self, code: str | None, year: int) -> Region:
        """The region asked for among those the user can see (404 outside); by default the top of the user's scope
        (for an administrator, the first city with targets of the year)."""
        regions = Region.objects.visible_to(self.request.user)
        if code:
            return get_object_or_404(regions, code=code.strip())
        if is_admin(self.request.user):
            region = _first_city(year)
        else:
            tops = list(self.request.user.scope_regions().order_by("depth", "sort_order", "code")[:2])
            if len(tops) == 2 and tops[0].depth == tops[1].depth:
                raise ValidationError({"region": [gettext("请指定区域（区划代码）。")]})
            region = tops[0] if tops else None
        if region is None:
            raise ValidationError({"region": [gettext("您的范围内没有区域。")]})
        return region

    @extend_schema(
        summary="目标完成进度",
        description="区域各项指标的本期实际、目标、年度目标完成率、序时进度、序时完成率和超（慢）序时进度"
        "（DOMAIN.md §4）。不指定指标时列出有目标或有数据的启用指标。数值为完整精度的字符串，比率以小数表示。",
        parameters=[
            OpenApiParameter("as_of", OpenApiTypes.DATE, description="统计日期，默认今天"),
            OpenApiParameter(
                "region", str, description="区划代码，默认为您范围内的最上级区域（管理员：有目标的第一个地级市）"
            ),
            OpenApiParameter("indicator", str, description="指标代码，多个用逗号分隔；默认全部"),
        ],
        responses=ProgressResponseSerializer,
        filters=False,
    )
    @action(detail=False, methods=["get"], url_path="progress", pagination_class=None, filter_backends=[])
    def progress(self, request: Request) -> Response:
        params = ProgressQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        as_of = params.validated_data.get("as_of") or as_of_default(timezone.localdate().year)
        region = self._region(params.validated_data.get("region"), as_of.year)
        keys = [key.strip() for key in (params.validated_data.get("indicator") or "").split(",") if key.strip()]
        if keys:
            found = {indicator.key: indicator for indicator in Indicator.objects.filter(key__in=keys)}
            missing = [key for key in keys if key not in found]
            if missing:
                raise ValidationError({"indicator": [gettext("未找到指标：%(keys)s") % {"keys": "、".join(missing)}]})
            rows = queries.progress_table([found[key] for key in keys], region, as_of)
        else:
            rows = [
                row
                for row in queries.progress_table(queries.active_indicators(), region, as_of)
                if row.target is not None or row.actual is not None
            ]
        data = {"as_of": as_of, "year": as_of.year, "region": region.code, "region_name": region.name, "rows": rows}
        return Response(ProgressResponseSerializer(data).data)


# ---- Hand-entered figures -----------------------------------------------------------------------------------------


class IndicatorEntrySerializer(TrackedModelSerializer):
    """A hand-entered figure: the year-to-date value of ``year``年1—``month``月 (万元 for money, percent for rates)
    and last year's same period, for a manual indicator."""

    indicator = _indicator_field(
        Indicator.objects.filter(source=Source.MANUAL),
        "“{value}”不是手工填报的指标（系统计算的指标不需要填报）。",
    )
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    unit = serializers.CharField(
        source="indicator.unit", read_only=True, help_text=_("指标单位：count、money、percent。")
    )
    region = _region_field()
    region_name = serializers.CharField(source="region.name", read_only=True)
    growth = ExactDecimalField(allow_null=True, help_text=_("同比增长，百分数（无上年同期为null）"))

    class Meta:
        model = IndicatorEntry
        fields = [
            "id",
            "indicator",
            "indicator_name",
            "unit",
            "region",
            "region_name",
            "year",
            "month",
            "value",
            "previous_value",
            "growth",
            "note",
            *TRACKED,
        ]
        read_only_fields = STAMPS
        validators: list[Any] = []


@extend_schema_view(**summaries("指标填报"))
class IndicatorEntryViewSet(ScopedModelViewSet):
    """Hand-entered figures in the user's scope (``?indicator=fai&year=2026&month=10&region=350582``); entered by
    区县填报 and 市级调度 for their regions."""

    serializer_class = IndicatorEntrySerializer
    filterset_class = EntryFilter
    ordering_fields = ["year", "month", "indicator__order", "region__path"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("indicator", "region")


# ---- Rankings -----------------------------------------------------------------------------------------------------


class RankingQuerySerializer(serializers.Serializer):
    indicator = serializers.CharField()
    as_of = serializers.DateField(required=False)
    region = serializers.CharField(required=False)
    by = serializers.ChoiceField(choices=RankBy.choices, required=False)
    last = serializers.IntegerField(required=False, min_value=0, max_value=10, default=3)


class RankRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField(allow_null=True, help_text=_("名次（并列同名次）；无数据为null"))
    region = serializers.CharField(source="region.code")
    region_name = serializers.CharField(source="region.name")
    value = ExactDecimalField(allow_null=True, help_text=_("排序所用的数值，按显示精度（两位小数；完成率为百分数）"))
    actual = ExactDecimalField(source="progress.actual", allow_null=True, help_text=_("本期实际"))
    target = ExactDecimalField(source="progress.target.value", allow_null=True, help_text=_("目标值"))
    target_kind = serializers.CharField(source="progress.target.kind", allow_null=True)
    completion = ExactDecimalField(source="progress.completion", allow_null=True, help_text=_("年度目标完成率（比率）"))
    schedule_rate = ExactDecimalField(
        source="progress.schedule_rate", allow_null=True, help_text=_("序时完成率（比率）")
    )
    gap_points = ExactDecimalField(
        source="progress.gap_points", allow_null=True, help_text=_("超（慢）序时进度，百分点")
    )
    previous_rank = serializers.IntegerField(allow_null=True, help_text=_("上期名次"))
    change = serializers.IntegerField(allow_null=True, help_text=_("较上期上升的名次（负数为下降）"))
    last = serializers.BooleanField(help_text=_("是否为末位"))


@extend_schema_serializer(many=False)
class RankingSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="indicator.key")
    indicator_name = serializers.CharField(source="indicator.name")
    unit = serializers.CharField(source="indicator.unit")
    region = serializers.CharField(source="parent.code", help_text=_("参与比拼的是该区域的下级区域"))
    region_name = serializers.CharField(source="parent.name")
    as_of = serializers.DateField()
    by = serializers.ChoiceField(choices=RankBy.choices)
    previous_as_of = serializers.DateField(allow_null=True, help_text=_("“较上期”比较的日期"))
    rows = RankRowSerializer(many=True)


class RankingViewSet(viewsets.GenericViewSet):
    """晾晒比拼: one indicator's table of a city's districts and zones, visible to every signed-in user whatever their
    scope (a public comparison). The city defaults to the one of the user's scope (administrator: the first city with
    targets of the year)."""

    serializer_class = RankingSerializer
    pagination_class = None
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        return Region.objects.all()

    def _parent(self, code: str | None, year: int) -> Region:
        if code:
            return get_object_or_404(Region, code=code.strip())
        user = self.request.user
        top = None if is_admin(user) else user.scope_regions().order_by("depth", "sort_order", "code").first()
        while top is not None and top.kind != RegionKind.CITY and top.parent_id is not None:
            top = top.parent
        region = top if top is not None and top.kind == RegionKind.CITY else _first_city(year)
        if region is None:
            raise ValidationError({"region": [gettext("请指定区域（区划代码）。")]})
        return region

    @extend_schema(
        summary="晾晒比拼",
        description="一个地级市各县（市、区）和功能区在一项指标上的排名：名次（并列同名次）、实际、目标、"
        "序时完成率、较上期名次变化和末位标记。所有登录用户可见。",
        parameters=[
            OpenApiParameter("indicator", str, required=True, description="指标代码"),
            OpenApiParameter("as_of", OpenApiTypes.DATE, description="统计日期，默认今天"),
            OpenApiParameter("region", str, description="地级市区划代码，默认为您所在的地级市"),
            OpenApiParameter("by", str, enum=RankBy.values, description="排序依据，默认按目标情况自动选择"),
            OpenApiParameter("last", OpenApiTypes.INT, description="标记为末位的名次数，默认3"),
        ],
        responses=RankingSerializer,
    )
    def list(self, request: Request) -> Response:
        params = RankingQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        key = data["indicator"].strip()
        indicator = Indicator.objects.filter(key=key).first()
        if indicator is None:
            raise ValidationError({"indicator": [gettext("未找到指标：%(key)s") % {"key": key}]})
        as_of = data.get("as_of") or as_of_default(timezone.localdate().year)
        parent = self._parent(data.get("region"), as_of.year)
        table = queries.ranking(indicator, parent, as_of, by=data.get("by"), last_places=data["last"])
        return Response(RankingSerializer(table).data)


# ---- Assessment ---------------------------------------------------------------------------------------------------


class SchemeItemSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.key")
    indicator_name = serializers.CharField(source="indicator.name")

    class Meta:
        model = AssessmentItem
        fields = ["id", "indicator", "indicator_name", "weight", "rule", "cap", "order"]
        read_only_fields = fields


class AssessmentSchemeSerializer(TrackedModelSerializer):
    """A year's assessment of a city's districts and zones; its ``items`` are changed through
    ``/assessment-items/``, its bonuses and penalties through ``/assessment-adjustments/``."""

    region = _region_field()
    region_name = serializers.CharField(source="region.name", read_only=True)
    total_weight = ExactDecimalField(help_text=_("各考核指标分值之和"))
    items = SchemeItemSerializer(many=True, read_only=True)

    class Meta:
        model = AssessmentScheme
        fields = [
            "id",
            "year",
            "region",
            "region_name",
            "name",
            "last_places",
            "note",
            "total_weight",
            "items",
            *TRACKED,
        ]
        read_only_fields = STAMPS
        validators: list[Any] = []


class SchemeFilterSet(django_filters.FilterSet):
    year = year_filter(field_name="year")
    region = RegionSubtreeFilter()

    class Meta:
        model = AssessmentScheme
        fields = ["year", "region"]


class ScoresQuerySerializer(serializers.Serializer):
    as_of = serializers.DateField(required=False)


class ItemScoreSerializer(serializers.Serializer):
    item = serializers.IntegerField(source="item.pk")
    indicator = serializers.CharField(source="item.indicator.key")
    indicator_name = serializers.CharField(source="item.indicator.name")
    weight = ExactDecimalField(source="item.weight", help_text=_("分值（满分）"))
    rule = serializers.CharField(source="item.rule")
    rank = serializers.IntegerField(allow_null=True)
    score = ExactDecimalField(help_text=_("得分"))
    ratio = ExactDecimalField(allow_null=True, help_text=_("计分比率（序时完成率或增速之比）"))
    actual = ExactDecimalField(source="progress.actual", allow_null=True)
    target = ExactDecimalField(source="progress.target.value", allow_null=True)
    schedule_rate = ExactDecimalField(source="progress.schedule_rate", allow_null=True)


class AdjustmentRefSerializer(serializers.ModelSerializer):
    # A plain string: one enum component per choice set (``AssessmentAdjustment.kind``) keeps the schema's names stable.
    kind = serializers.CharField(read_only=True, help_text=_("bonus 加分、penalty 扣分。"))

    class Meta:
        model = AssessmentAdjustment
        fields = ["id", "on", "kind", "points", "reason"]
        read_only_fields = fields


class RegionScoreSerializer(serializers.Serializer):
    rank = serializers.IntegerField(allow_null=True)
    last = serializers.BooleanField(help_text=_("是否为末位"))
    region = serializers.CharField(source="region.code")
    region_name = serializers.CharField(source="region.name")
    base = ExactDecimalField(help_text=_("指标得分合计"))
    bonus = ExactDecimalField(help_text=_("加分"))
    penalty = ExactDecimalField(help_text=_("扣分"))
    total = ExactDecimalField(help_text=_("总分"))
    items = ItemScoreSerializer(many=True)
    adjustments = AdjustmentRefSerializer(many=True)


@extend_schema_serializer(many=False)
class ScoresSerializer(serializers.Serializer):
    scheme = serializers.IntegerField(source="scheme.pk")
    name = serializers.CharField(source="scheme.name")
    as_of = serializers.DateField()
    rows = RegionScoreSerializer(many=True)


@extend_schema_view(**summaries("考核方案"))
class AssessmentSchemeViewSet(ScopedModelViewSet):
    """Assessment schemes in the user's scope (``?year=2026``); set by 市级调度."""

    serializer_class = AssessmentSchemeSerializer
    filterset_class = SchemeFilterSet
    ordering_fields = ["year", "name"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("region").prefetch_related("items__indicator")

    @extend_schema(
        summary="考核得分",
        description="方案在统计日期的得分：各区域的名次、末位标记、指标得分、加减分和总分，及每项指标的明细。",
        parameters=[OpenApiParameter("as_of", OpenApiTypes.DATE, description="统计日期，默认今天（往年为年底）")],
        responses=ScoresSerializer,
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def scores(self, request: Request, pk: Any = None) -> Response:
        scheme = self.get_object()
        params = ScoresQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        as_of: datetime.date = params.validated_data.get("as_of") or as_of_default(scheme.year)
        data = {"scheme": scheme, "as_of": as_of, "rows": queries.assess(scheme, as_of)}
        return Response(ScoresSerializer(data).data)


class AssessmentItemSerializer(TrackedModelSerializer):
    scheme = ScopedRelatedField(editable=True, queryset=AssessmentScheme.objects.all(), help_text=_("考核方案ID。"))
    scheme_name = serializers.CharField(source="scheme.__str__", read_only=True)
    indicator = _indicator_field()
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    rule_display = serializers.CharField(source="get_rule_display", read_only=True)

    class Meta:
        model = AssessmentItem
        fields = [
            "id",
            "scheme",
            "scheme_name",
            "indicator",
            "indicator_name",
            "weight",
            "rule",
            "rule_display",
            "cap",
            "order",
            *TRACKED,
        ]
        read_only_fields = STAMPS
        validators: list[Any] = []


class ItemFilterSet(django_filters.FilterSet):
    scheme = IntegerFilter(label=_("考核方案ID"), field_name="scheme_id")

    class Meta:
        model = AssessmentItem
        fields = ["scheme"]


@extend_schema_view(**summaries("考核指标"))
class AssessmentItemViewSet(ScopedModelViewSet):
    """The weighted indicators of the schemes in the user's scope (``?scheme=<id>``)."""

    serializer_class = AssessmentItemSerializer
    filterset_class = ItemFilterSet
    ordering_fields = ["order"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("scheme", "indicator")


class AssessmentAdjustmentSerializer(TrackedModelSerializer):
    """A bonus or penalty. ``reason`` is its 事由 (the model's field); the reason for the history of a change is
    ``change_reason``."""

    scheme = ScopedRelatedField(editable=True, queryset=AssessmentScheme.objects.all(), help_text=_("考核方案ID。"))
    region = _region_field()
    region_name = serializers.CharField(source="region.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    reason = serializers.CharField(max_length=200, help_text=_("事由，如：记功嘉奖（省重点项目提前开工）。"))
    change_reason = serializers.CharField(
        write_only=True, required=False, max_length=500, help_text=_("修改原因，记入历史；修改时必填。")
    )

    class Meta:
        model = AssessmentAdjustment
        fields = [
            "id",
            "scheme",
            "region",
            "region_name",
            "on",
            "kind",
            "kind_display",
            "points",
            "reason",
            "version",
            "change_reason",
            *STAMPS,
        ]
        read_only_fields = STAMPS

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None:
            if not attrs.get("version"):
                raise ValidationError({"version": "修改时必须提交读取时的版本号。"})
            if not (attrs.get("change_reason") or "").strip():
                raise ValidationError({"change_reason": "请填写修改原因。"})
        return attrs

    def _save(self, instance: AssessmentAdjustment, attrs: dict[str, Any]) -> AssessmentAdjustment:
        # The base class takes ``reason`` as the history reason: hand it the change reason and set the 事由 here.
        if "reason" in attrs:
            instance.reason = attrs.pop("reason")
        attrs["reason"] = attrs.pop("change_reason", "")
        return super()._save(instance, attrs)


class AdjustmentFilterSet(django_filters.FilterSet):
    scheme = IntegerFilter(label=_("考核方案ID"), field_name="scheme_id")
    region = RegionSubtreeFilter()
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=AdjustmentKind.choices)

    class Meta:
        model = AssessmentAdjustment
        fields = ["scheme", "region", "kind"]


@extend_schema_view(**summaries("加减分"))
class AssessmentAdjustmentViewSet(ScopedModelViewSet):
    """Bonuses and penalties of the schemes in the user's scope (``?scheme=<id>&kind=penalty``)."""

    serializer_class = AssessmentAdjustmentSerializer
    filterset_class = AdjustmentFilterSet
    ordering_fields = ["on", "points"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("scheme", "region")


def register(router: BaseRouter) -> None:
    """Add the targets endpoints to the API router (called from ``tuijin/api/urls.py``)."""
    router.register("indicators", IndicatorViewSet, basename="indicator")
    router.register("targets", TargetViewSet, basename="target")
    router.register("indicator-entries", IndicatorEntryViewSet, basename="indicator-entry")
    router.register("rankings", RankingViewSet, basename="ranking")
    router.register("assessment-schemes", AssessmentSchemeViewSet, basename="assessment-scheme")
    router.register("assessment-items", AssessmentItemViewSet, basename="assessment-item")
    router.register("assessment-adjustments", AssessmentAdjustmentViewSet, basename="assessment-adjustment")
