"""REST API of investment attraction: leads (with status changes) and follow-ups, contracts with their milestones
and funds, signing events, teams, sources and targets, and the read-only rates and target progress.

Reads go through ``visible_to``, writes through ``editable_by`` (404 outside), validation through the models'
``full_clean()`` and workflows (``Lead.move``, ``Contract.record_milestone``); lists take the same query strings
as the pages (the app's FilterSets). ``register(router)`` adds the endpoints to the router of ``tuijin.api.urls``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from tuijin.attraction import queries
from tuijin.attraction.choices import Grouping, LeadStatus
from tuijin.attraction.filters import (
    AttractionTargetFilterSet,
    ContractFilterSet,
    FollowUpFilterSet,
    FundArrivalFilterSet,
    LeadFilterSet,
    MilestoneFilterSet,
    SigningEventFilterSet,
    TeamFilterSet,
)
from tuijin.attraction.import_columns import ancestor_codes
from tuijin.attraction.models import (
    AttractionSettings,
    AttractionTarget,
    Contract,
    FollowUp,
    FundArrival,
    Lead,
    LeadSource,
    Milestone,
    SigningEvent,
    Team,
    TeamMember,
)
from tuijin.core import audit
from tuijin.core.api import ScopedModelViewSet, TrackedModelSerializer
from tuijin.core.models import ConflictError, Region
from tuijin.projects.api import ScopedRelatedField, model_errors
from tuijin.projects.models import Project

MONEY_SUM = DecimalField(max_digits=22, decimal_places=4)
STAMPS = ["created", "updated"]
TRACKED = ["version", "reason", *STAMPS]  # the fields TrackedModelSerializer adds to every model's own


class ReachableField(serializers.PrimaryKeyRelatedField):
    """A team or signing event by id: those the user can see, and those of the regions above the user's scope (a
    district's contract is signed at its city's 签约大会 or followed by a city team). The model then checks that
    it fits the row's region."""

    def get_queryset(self) -> QuerySet:
        model = self.queryset.model
        user = self.context["request"].user
        codes = {code for region in user.scope_regions() for code in ancestor_codes(region)}
        return model.objects.filter(Q(pk__in=model.objects.visible_to(user).values("pk")) | Q(region__code__in=codes))


@extend_schema_field({"type": "string", "format": "decimal"})
class ExactDecimalField(serializers.Field):
    """A computed Decimal as a string at full precision (a rate such as ``"1.2455845…"``); None stays null."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: Decimal) -> str:
        return format(value, "f")


def _run(step: Any) -> Any:
    """Run a model workflow step atomically; its refusal is a 400 with the model's messages (409 for a conflict)."""
    try:
        with transaction.atomic():
            return step()
    except ConflictError:
        raise
    except DjangoValidationError as error:
        raise model_errors(error) from error


# ---- Leads and follow-ups ---------------------------------------------------------------------------------------


class LeadSerializer(TrackedModelSerializer):
    """A lead. ``status`` changes only through ``POST …/move/`` (and to 签约 when its contract is created)."""

    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    region_name = serializers.CharField(source="region.name", read_only=True)
    source = serializers.PrimaryKeyRelatedField(queryset=LeadSource.objects.all())
    source_name = serializers.CharField(source="source.name", read_only=True)
    team = ReachableField(queryset=Team.objects.all(), required=False, allow_null=True)
    team_name = serializers.CharField(source="team.name", read_only=True, allow_null=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Lead
        fields = [
            "id",
            "company",
            "credit_code",
            "project_name",
            "source",
            "source_name",
            "industry_section",
            "industry_division",
            "intended_investment",
            "region",
            "region_name",
            "team",
            "team_name",
            "owner",
            "contact",
            "description",
            "found_on",
            "status",
            "status_display",
            "status_changed_on",
            "drop_reason",
            *TRACKED,
        ]
        read_only_fields = ["status", "status_changed_on", "drop_reason", "created", "updated"]


class MoveSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(
        choices=[c for c in LeadStatus.choices if c[0] != LeadStatus.SIGNED], help_text=_("新状态。")
    )
    date = serializers.DateField(required=False, help_text=_("变更日期，默认今天，不晚于今天。"))
    reason = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="", help_text=_("原因：放弃时必填，记入历史。")
    )
    version = serializers.IntegerField(required=False, help_text=_("读取时的版本号；过期则返回 409。"))


class FollowUpSerializer(TrackedModelSerializer):
    lead = ScopedRelatedField(editable=True, queryset=Lead.objects.all())
    lead_name = serializers.CharField(source="lead.__str__", read_only=True)
    recorded_by = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = FollowUp
        fields = ["id", "lead", "lead_name", "date", "content", "next_step", "next_date", "recorded_by", *TRACKED]
        read_only_fields = STAMPS

    def _save(self, instance: FollowUp, attrs: dict[str, Any]) -> FollowUp:
        if instance.pk is None:
            instance.recorded_by = self.context["request"].user
        return super()._save(instance, attrs)


class LeadViewSet(ScopedModelViewSet):
    """Leads in the user's scope, filtered as on the list page (``?status=talking&region=350582&stale=true``)."""

    serializer_class = LeadSerializer
    filterset_class = LeadFilterSet
    ordering_fields = ["found_on", "company", "intended_investment", "status"]

    def get_queryset(self) -> Any:
        if self.action == "move":
            queryset = Lead.objects.editable_by(self.request.user)
        else:
            queryset = super().get_queryset()
        return queryset.select_related("region", "source", "team")

    @extend_schema(request=MoveSerializer, responses=LeadSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: Any = None) -> Response:
        """状态变更: forward along 线索 → 洽谈 → 意向, 放弃 with a reason, or a dropped lead taken up again (洽谈).
        400 with the model's reason otherwise."""
        lead = self.get_object()
        body = MoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        label = LeadStatus(data["to_status"]).label
        reason = data["reason"].strip()
        audit.set_reason(f"状态变更为“{label}”：{reason}" if reason else f"状态变更为“{label}”")
        if data.get("version"):
            lead.version = data["version"]
        _run(lambda: lead.move(data["to_status"], data.get("date") or timezone.localdate(), reason))
        return Response(self.get_serializer(self.get_queryset().get(pk=lead.pk)).data)

    @extend_schema(responses=FollowUpSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], url_path="follow-ups", pagination_class=None, filterset_class=None)
    def follow_ups(self, request: Request, pk: Any = None) -> Response:
        """The lead's follow-ups, newest first (also ``GET /follow-ups/?lead=<id>``)."""
        lead = self.get_object()
        rows = FollowUp.objects.visible_to(request.user).filter(lead=lead).select_related("lead", "recorded_by")
        return Response(FollowUpSerializer(rows, many=True, context=self.get_serializer_context()).data)


class FollowUpViewSet(ScopedModelViewSet):
    """Follow-ups of the leads in the user's scope (``?lead=<id>``); the recorder is the signed-in user."""

    serializer_class = FollowUpSerializer
    filterset_class = FollowUpFilterSet
    ordering_fields = ["date", "next_date"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("lead", "recorded_by")


# ---- Contracts, milestones and funds ----------------------------------------------------------------------------


class MilestoneSummarySerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Milestone
        fields = ["id", "kind", "kind_display", "date", "evidence"]
        read_only_fields = fields


class FundsTotalField(serializers.DecimalField):
    """累计到位资金 (万元): the list's annotation, else the contract's own sum."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_digits=22, decimal_places=4, read_only=True, source="*", **kwargs)

    def to_representation(self, contract: Contract) -> str:
        value = getattr(contract, "funds_sum", None)
        return super().to_representation(contract.funds_total() if value is None else value)


class ContractSerializer(TrackedModelSerializer):
    """A signed contract; ``milestones`` and ``funds_total`` show its fulfilment (changed through
    ``/milestones/`` and ``/fund-arrivals/``)."""

    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    region_name = serializers.CharField(source="region.name", read_only=True)
    source = serializers.PrimaryKeyRelatedField(queryset=LeadSource.objects.all())
    source_name = serializers.CharField(source="source.name", read_only=True)
    team = ReachableField(queryset=Team.objects.all(), required=False, allow_null=True)
    team_name = serializers.CharField(source="team.name", read_only=True, allow_null=True)
    event = ReachableField(queryset=SigningEvent.objects.all(), required=False, allow_null=True)
    event_name = serializers.CharField(source="event.name", read_only=True, allow_null=True)
    lead = ScopedRelatedField(editable=True, queryset=Lead.objects.all(), required=False, allow_null=True)
    project = ScopedRelatedField(queryset=Project.objects.all(), required=False, allow_null=True)
    project_name = serializers.CharField(source="project.name", read_only=True, allow_null=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    is_big = serializers.SerializerMethodField(help_text=_("合同投资额达到大项目门槛（默认20亿元）。"))
    milestones = MilestoneSummarySerializer(many=True, read_only=True)
    funds_total = FundsTotalField(help_text=_("累计到位资金（万元）。"))

    class Meta:
        model = Contract
        fields = [
            "id",
            "number",
            "name",
            "lead",
            "investor_name",
            "investor_credit_code",
            "amount",
            "kind",
            "kind_display",
            "signed_on",
            "event",
            "event_name",
            "region",
            "region_name",
            "industry_section",
            "industry_division",
            "source",
            "source_name",
            "team",
            "team_name",
            "needs_land",
            "content",
            "project",
            "project_name",
            "is_big",
            "milestones",
            "funds_total",
            *TRACKED,
        ]
        read_only_fields = STAMPS
        validators: list[Any] = []

    def get_is_big(self, contract: Contract) -> bool:
        # Read the threshold once per response: the context is shared by every row of a list.
        if "attraction_settings" not in self.context:
            self.context["attraction_settings"] = AttractionSettings.current()
        return contract.is_big(self.context["attraction_settings"])


class ContractViewSet(ScopedModelViewSet):
    """Contracts in the user's scope, filtered as on the pages (``?region=350582&year=2025&big=true&late=true``)."""

    serializer_class = ContractSerializer
    filterset_class = ContractFilterSet
    ordering_fields = ["signed_on", "amount", "name", "region__path"]

    def get_queryset(self) -> Any:
        funds = (
            FundArrival.objects.filter(contract=OuterRef("pk"))
            .order_by()
            .values("contract")
            .annotate(total=Sum("amount"))
            .values("total")
        )
        return (
            super()
            .get_queryset()
            .select_related("region", "source", "team", "event", "project")
            .prefetch_related("milestones")
            .annotate(
                funds_sum=Coalesce(Subquery(funds, output_field=MONEY_SUM), Value(Decimal(0)), output_field=MONEY_SUM)
            )
        )


class MilestoneSerializer(TrackedModelSerializer):
    """A fulfilment milestone, recorded through ``Contract.record_milestone``: 开工 brings the linked registry
    project to 在建 (``project`` links one; without a linked project one is created from the contract)."""

    contract = ScopedRelatedField(editable=True, queryset=Contract.objects.all())
    contract_name = serializers.CharField(source="contract.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    project = ScopedRelatedField(
        queryset=Project.objects.all(),
        required=False,
        allow_null=True,
        write_only=True,
        help_text=_("开工时关联的重点项目（可选）。"),
    )

    class Meta:
        model = Milestone
        fields = [
            "id",
            "contract",
            "contract_name",
            "kind",
            "kind_display",
            "date",
            "evidence",
            "note",
            "project",
            *TRACKED,
        ]
        read_only_fields = STAMPS
        validators: list[Any] = []

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        milestone = self.instance
        if milestone is not None:
            moved = [name for name in ("contract", "kind") if name in attrs and attrs[name] != getattr(milestone, name)]
            if moved:
                raise ValidationError({name: [_("履约节点的签约项目和类型创建后不能修改。")] for name in moved})
        elif attrs["contract"].milestones.filter(kind=attrs["kind"]).exists():
            raise ValidationError({"kind": [_("该签约项目已登记此履约节点。")]})
        return attrs

    def _save(self, instance: Milestone, attrs: dict[str, Any]) -> Milestone:
        creating = instance.pk is None
        version = attrs.pop("version", None)
        if not creating and version and version != instance.version:
            raise ConflictError(instance, version, instance.version)
        audit.set_reason((attrs.pop("reason", "") or "").strip() or "新建")
        contract = attrs.get("contract") or instance.contract
        kind = attrs.get("kind") or instance.kind
        date = attrs.get("date") or instance.date
        evidence = attrs.get("evidence", "" if creating else instance.evidence)
        note = attrs.get("note", "" if creating else instance.note)
        return _run(lambda: contract.record_milestone(kind, date, evidence, note, attrs.get("project")))


class MilestoneViewSet(ScopedModelViewSet):
    """Milestones of the contracts in the user's scope (``?contract=<id>``). A milestone another one depends on
    (注册 before 开工, 开工 before 投产) cannot be deleted: 400 with the reason."""

    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilterSet
    ordering_fields = ["date", "kind"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("contract")


class FundArrivalSerializer(TrackedModelSerializer):
    contract = ScopedRelatedField(editable=True, queryset=Contract.objects.all())
    contract_name = serializers.CharField(source="contract.name", read_only=True)

    class Meta:
        model = FundArrival
        fields = ["id", "contract", "contract_name", "date", "amount", "note", *TRACKED]
        read_only_fields = STAMPS


class FundArrivalViewSet(ScopedModelViewSet):
    """Funds arrived (资金到位, 万元) for contracts in the user's scope (``?contract=<id>&year=2025``)."""

    serializer_class = FundArrivalSerializer
    filterset_class = FundArrivalFilterSet
    ordering_fields = ["date", "amount"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("contract")


# ---- Events, teams, sources, targets ----------------------------------------------------------------------------


class SigningEventSerializer(TrackedModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    region_name = serializers.CharField(source="region.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = SigningEvent
        fields = ["id", "name", "kind", "kind_display", "theme", "date", "place", "region", "region_name", *TRACKED]
        read_only_fields = STAMPS


class SigningEventViewSet(ScopedModelViewSet):
    """Signing events (集中签约大会) and promotions (专场推介) hosted in the user's scope."""

    serializer_class = SigningEventSerializer
    filterset_class = SigningEventFilterSet
    ordering_fields = ["date", "name"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("region")


class MemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = TeamMember
        fields = ["id", "name", "position", "phone"]
        read_only_fields = fields


class TeamSerializer(TrackedModelSerializer):
    """A 招商组; its ``members`` are shown here and changed through ``/team-members/``."""

    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    region_name = serializers.CharField(source="region.name", read_only=True)
    members = MemberSerializer(many=True, read_only=True)

    class Meta:
        model = Team
        fields = ["id", "name", "region", "region_name", "leader", "focus", "members", *TRACKED]
        read_only_fields = STAMPS
        validators: list[Any] = []


class TeamViewSet(ScopedModelViewSet):
    serializer_class = TeamSerializer
    filterset_class = TeamFilterSet
    ordering_fields = ["name", "region__path"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("region").prefetch_related("members")


class TeamMemberSerializer(TrackedModelSerializer):
    team = ScopedRelatedField(editable=True, queryset=Team.objects.all())
    team_name = serializers.CharField(source="team.name", read_only=True)
    user = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = TeamMember
        fields = ["id", "team", "team_name", "name", "position", "phone", "user", *TRACKED]
        read_only_fields = STAMPS


class TeamMemberViewSet(ScopedModelViewSet):
    """Members of the teams in the user's scope (``?team=<id>``)."""

    serializer_class = TeamMemberSerializer
    filterset_fields = ["team"]
    ordering_fields = ["name"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("team", "user")


class LeadSourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = LeadSource
        fields = ["id", "name", "order", "active"]


class LeadSourceViewSet(viewsets.ReadOnlyModelViewSet):
    """来源地 (侨港澳台/在外泉商, 长三角 …), kept by administrators; leads and contracts name them by id."""

    serializer_class = LeadSourceSerializer
    pagination_class = None

    def get_queryset(self) -> Any:
        return LeadSource.objects.visible_to(self.request.user)


class AttractionTargetSerializer(TrackedModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = AttractionTarget
        fields = ["id", "year", "region", "region_name", "signed_amount", "big_projects", *TRACKED]
        read_only_fields = STAMPS
        validators: list[Any] = []


class AttractionTargetViewSet(ScopedModelViewSet):
    """Annual signing targets (万元) per region; set by the city (市级调度)."""

    serializer_class = AttractionTargetSerializer
    filterset_class = AttractionTargetFilterSet
    ordering_fields = ["year", "region__path"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("region")


# ---- Rates and target progress ----------------------------------------------------------------------------------


class RatesSerializer(serializers.Serializer):
    """One ``queries.Rates`` row: counts, amounts (万元) and rates as fractions (0.6 is 60%), null without contracts."""

    key = serializers.JSONField(
        allow_null=True, help_text=_("分组键：区域、招商组、来源地的ID，行业门类字母或年度；合计为null。")
    )
    label = serializers.CharField()
    contracts = serializers.IntegerField()
    amount = ExactDecimalField()
    big = serializers.IntegerField()
    big_amount = ExactDecimalField()
    fulfilled = serializers.IntegerField()
    landed = serializers.IntegerField()
    registered = serializers.IntegerField()
    land_supplied = serializers.IntegerField()
    started = serializers.IntegerField()
    producing = serializers.IntegerField()
    funds = ExactDecimalField()
    fulfilment_rate = ExactDecimalField(allow_null=True)
    landing_rate = ExactDecimalField(allow_null=True)
    start_rate = ExactDecimalField(allow_null=True)
    production_rate = ExactDecimalField(allow_null=True)
    funds_rate = ExactDecimalField(allow_null=True)


@extend_schema_serializer(many=False)
class RatesResponseSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    group = serializers.CharField()
    total = RatesSerializer()
    rows = RatesSerializer(many=True)


class RatesQuerySerializer(serializers.Serializer):
    as_of = serializers.DateField(required=False)
    group = serializers.ChoiceField(choices=Grouping.choices, required=False, default=Grouping.REGION)


def _as_of(data: dict[str, Any]) -> datetime.date:
    return data.get("as_of") or timezone.localdate()


class RatesViewSet(viewsets.GenericViewSet):
    """履约率, 落地率, 开工率, 投产率, 资金到位率 of the contracts in the user's scope at ``as_of``, in total and per
    group; the contract filters of ``/contracts/`` narrow the set (``?region=350582&source=3``)."""

    serializer_class = RatesResponseSerializer
    filterset_class = ContractFilterSet
    filter_backends = [DjangoFilterBackend]
    pagination_class = None

    def get_queryset(self) -> Any:
        return Contract.objects.visible_to(self.request.user)

    @extend_schema(
        parameters=[
            OpenApiParameter("as_of", OpenApiTypes.DATE, description="统计日期，默认今天"),
            OpenApiParameter(
                "group", str, enum=Grouping.values, description="分组：region、team、source、industry、year"
            ),
        ],
        responses=RatesResponseSerializer,
    )
    def list(self, request: Request) -> Response:
        params = RatesQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        as_of, group = _as_of(params.validated_data), params.validated_data["group"]
        code = request.query_params.get("region")
        if code:  # a region outside the scope is absent, as in /attraction/target-progress/
            get_object_or_404(Region.objects.visible_to(request.user), code=code)
        contracts = self.filter_queryset(self.get_queryset())
        settings = AttractionSettings.current()
        data = {
            "as_of": as_of,
            "group": group,
            "total": queries.rates(contracts, as_of, settings).as_dict(),
            "rows": [row.as_dict() for row in queries.rates_by(contracts, as_of, group, settings)],
        }
        return Response(RatesResponseSerializer(data).data)


class TargetProgressSerializer(serializers.Serializer):
    """``queries.TargetProgress``: signed amount (万元) against the year's target; rates as fractions."""

    region = serializers.CharField()
    region_name = serializers.CharField()
    year = serializers.IntegerField()
    as_of = serializers.DateField()
    actual = ExactDecimalField()
    target = ExactDecimalField(allow_null=True)
    completion = ExactDecimalField(allow_null=True, help_text=_("年度目标完成率 R = A / P"))
    share = ExactDecimalField(help_text=_("序时进度 T（按日）"))
    schedule_completion = ExactDecimalField(allow_null=True, help_text=_("序时完成率 = A / (P × T)"))
    gap_points = ExactDecimalField(allow_null=True, help_text=_("超（慢）序时进度，百分点"))
    big_actual = serializers.IntegerField()
    big_target = serializers.IntegerField(allow_null=True)


@extend_schema_serializer(many=False)
class TargetProgressResponseSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    region = TargetProgressSerializer()
    children = TargetProgressSerializer(many=True)


class TargetProgressQuerySerializer(serializers.Serializer):
    as_of = serializers.DateField(required=False)
    region = serializers.CharField(required=False)


class TargetProgressViewSet(viewsets.GenericViewSet):
    """The signing target's progress (DOMAIN.md §4, by day) of a region and of each of its sub-regions, over the
    contracts the user can see. The region defaults to the top of the user's scope; outside it is a 404."""

    serializer_class = TargetProgressResponseSerializer
    pagination_class = None
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        return Region.objects.visible_to(self.request.user)

    def region(self, code: str | None) -> Region:
        regions = self.get_queryset()
        if code:
            return get_object_or_404(regions, code=code.strip())
        tops = list(regions.order_by("depth", "path")[:2])
        if not tops:
            raise ValidationError({"region": [_("您的范围内没有区域。")]})
        if len(tops) == 2 and tops[0].depth == tops[1].depth:
            raise ValidationError({"region": [_("请指定区域（区划代码）。")]})
        return tops[0]

    @extend_schema(
        parameters=[
            OpenApiParameter("as_of", OpenApiTypes.DATE, description="统计日期，默认今天"),
            OpenApiParameter("region", str, description="区划代码，默认为您范围内的最上级区域"),
        ],
        responses=TargetProgressResponseSerializer,
    )
    def list(self, request: Request) -> Response:
        params = TargetProgressQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        as_of = _as_of(params.validated_data)
        region = self.region(params.validated_data.get("region"))
        children = self.get_queryset().filter(parent=region, in_statistics=True).order_by("sort_order", "path")
        contracts = Contract.objects.visible_to(request.user)
        settings = AttractionSettings.current()
        data = {
            "as_of": as_of,
            "region": queries.target_progress(contracts, region, as_of, settings).as_dict(),
            "children": [p.as_dict() for p in queries.target_progress_by_region(contracts, children, as_of, settings)],
        }
        return Response(TargetProgressResponseSerializer(data).data)


def register(router: BaseRouter) -> None:
    """Add the attraction endpoints to the API router (called from ``tuijin/api/urls.py``)."""
    router.register("leads", LeadViewSet, basename="lead")
    router.register("follow-ups", FollowUpViewSet, basename="follow-up")
    router.register("contracts", ContractViewSet, basename="contract")
    router.register("milestones", MilestoneViewSet, basename="milestone")
    router.register("fund-arrivals", FundArrivalViewSet, basename="fund-arrival")
    router.register("signing-events", SigningEventViewSet, basename="signing-event")
    router.register("teams", TeamViewSet, basename="team")
    router.register("team-members", TeamMemberViewSet, basename="team-member")
    router.register("lead-sources", LeadSourceViewSet, basename="lead-source")
    router.register("attraction-targets", AttractionTargetViewSet, basename="attraction-target")
    router.register("attraction/rates", RatesViewSet, basename="attraction-rates")
    router.register("attraction/target-progress", TargetProgressViewSet, basename="attraction-target-progress")
