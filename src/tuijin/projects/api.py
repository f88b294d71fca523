"""REST API of the project registry: projects (with stage changes), transitions, annual plans, 停工/复工, tags.

Reads go through ``visible_to``, writes through ``editable_by`` (404 outside), validation through the models'
``full_clean()``; the project list takes the same query string as the pages (``ProjectFilterSet``).
``register(router)`` adds the viewsets to the API router in ``tuijin.api.urls``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from tuijin.core import audit
from tuijin.core.api import ScopedModelViewSet, TrackedModelSerializer
from tuijin.core.models import Region, Unit
from tuijin.projects.choices import FundingSource, Stage
from tuijin.projects.filters import (
    AnnualPlanFilterSet,
    ProjectFilterSet,
    StageTransitionFilterSet,
    SuspensionFilterSet,
    decidable_suspensions,
)
from tuijin.projects.forms import advance_reason, decision_reason, request_reason, save_fundings
from tuijin.projects.models import (
    AnnualPlan,
    NodeGoal,
    Project,
    ProjectFunding,
    StageTransition,
    Suspension,
    Tag,
)


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A related object by id, among those the requesting user may see (or, with ``editable=True``, change).

    An id outside that set is refused with the same message as an id that does not exist.
    """

    def __init__(self, *, editable: bool = False, **kwargs: Any) -> None:
        self.editable = editable
        super().__init__(**kwargs)

    def get_queryset(self) -> models.QuerySet:
        manager = self.queryset.model.objects
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return manager.editable_by(user) if self.editable else manager.visible_to(user)


def model_errors(error: DjangoValidationError, fields: dict[str, str] | None = None) -> ValidationError:
    """A model's ValidationError as the API's 400, its field names renamed by ``fields``."""
    if not hasattr(error, "error_dict"):
        return ValidationError({"non_field_errors": error.messages})
    renamed = fields or {}
    return ValidationError({renamed.get(name, name): messages for name, messages in error.message_dict.items()})


# ---- Projects ---------------------------------------------------------------------------------------------------


class FundingSerializer(serializers.ModelSerializer):
    source_display = serializers.CharField(source="get_source_display", read_only=True)

    class Meta:
        model = ProjectFunding
        fields = ["source", "source_display", "planned_amount"]


class YearMonthField(serializers.DateField):
    """计划开工/竣工: written and read as ``2025-03`` (a full date is accepted and moved to the 1st)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m", input_formats=["%Y-%m", "iso-8601"], **kwargs)


class ProjectSerializer(TrackedModelSerializer):
    """A project card. ``fundings``, when sent, replaces the funding rows; ``entry_stage``/``entry_date``
    (create only, default 谋划 today) record the stage the project enters the registry at. The stage and the
    actual dates change only through ``POST …/advance/``."""

    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    region_name = serializers.CharField(source="region.name", read_only=True)
    tags = serializers.SlugRelatedField(slug_field="name", queryset=Tag.objects.all(), many=True, required=False)
    owner = ScopedRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True)
    owner_name = serializers.CharField(source="owner.name", read_only=True, allow_null=True)
    responsible_unit = ScopedRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True)
    responsible_unit_name = serializers.CharField(source="responsible_unit.name", read_only=True, allow_null=True)
    planned_start = YearMonthField(required=False, allow_null=True)
    planned_completion = YearMonthField(required=False, allow_null=True)
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    stage_display = serializers.CharField(source="get_stage_display", read_only=True)
    levels_display = serializers.CharField(read_only=True)
    fundings = FundingSerializer(many=True, required=False)
    entry_stage = serializers.ChoiceField(
        choices=Stage.choices, write_only=True, required=False, help_text=_("新建时：入库阶段，默认谋划。")
    )
    entry_date = serializers.DateField(
        write_only=True, required=False, help_text=_("新建时：进入该阶段的日期，默认今天。")
    )

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "name",
            "region",
            "region_name",
            "level_provincial",
            "level_municipal",
            "level_district",
            "levels_display",
            "category",
            "category_display",
            "tags",
            "industry_section",
            "industry_division",
            "nature",
            "location",
            "content",
            "total_investment",
            "planned_start",
            "planned_completion",
            "actual_start",
            "actual_completion",
            "owner",
            "owner_name",
            "responsible_unit",
            "responsible_unit_name",
            "responsible_leader",
            "stats_registered",
            "stats_registered_on",
            "longitude",
            "latitude",
            "stage",
            "stage_display",
            "suspended",
            "fundings",
            "entry_stage",
            "entry_date",
            "version",
            "reason",
            "created",
            "updated",
        ]
        read_only_fields = ["stage", "suspended", "actual_start", "actual_completion", "created", "updated"]
        # Uniqueness is checked by the model's full_clean(), with its Chinese message.
        validators: list[Any] = []

    def validate_fundings(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        sources = [row["source"] for row in rows]
        if len(sources) != len(set(sources)):
            raise ValidationError(_("同一资金来源只能填写一次。"))
        return rows

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if self.instance is not None and ({"entry_stage", "entry_date"} & set(attrs)):
            raise ValidationError({"entry_stage": _("入库阶段只在新建时填写；请使用阶段变更（advance）。")})
        return attrs

    def _save(self, instance: Project, attrs: dict[str, Any]) -> Project:
        tags = attrs.pop("tags", None)
        fundings = attrs.pop("fundings", None)
        entry = (attrs.pop("entry_stage", Stage.PLANNING), attrs.pop("entry_date", None) or timezone.localdate())
        creating = instance.pk is None
        with transaction.atomic():
            project = super()._save(instance, attrs)
            if tags is not None:
                project.tags.set(tags)
            if fundings is not None:
                amounts: dict[str, Any] = dict.fromkeys(FundingSource.values)
                amounts.update({row["source"]: row["planned_amount"] for row in fundings})
                save_fundings(project, amounts)
            if creating:
                try:
                    project.enter(*entry)
                except DjangoValidationError as error:
                    raise model_errors(error, {"to_stage": "entry_stage", "date": "entry_date"}) from error
        return project


class AdvanceSerializer(serializers.Serializer):
    to_stage = serializers.ChoiceField(choices=Stage.choices, help_text=_("新阶段（只能是下一个阶段）。"))
    date = serializers.DateField(help_text=_("变更日期，不早于上一次阶段变更，不晚于今天。"))
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False, help_text=_("读取时的项目版本号；过期则返回 409。"))
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, help_text=_("记入历史的原因。"))


class ProjectViewSet(ScopedModelViewSet):
    """Projects in the user's scope; filters as on the pages (``?region=350582&level=provincial&year=2026``)."""

    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet
    ordering_fields = ["name", "code", "region__path", "total_investment", "planned_start", "stage"]

    def get_queryset(self) -> Any:
        if self.action == "advance":
            queryset = Project.objects.editable_by(self.request.user)
        else:
            queryset = super().get_queryset()
        return queryset.select_related("region", "owner", "responsible_unit").prefetch_related("tags", "fundings")

    @extend_schema(request=AdvanceSerializer, responses=ProjectSerializer)
    @action(detail=True, methods=["post"])
    def advance(self, request: Request, pk: Any = None) -> Response:
        """阶段变更: 400 with the model's reason when the move, its date or the 停工 state forbids it."""
        project = self.get_object()
        serializer = AdvanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        audit.set_reason(advance_reason(project, data["to_stage"], data.get("reason") or data["note"]))
        if data.get("version"):
            project.version = data["version"]
        # A refusal propagates as the model's ValidationError: api_exception_handler answers 400 with its
        # messages (409 for a stale version); the savepoint leaves nothing behind.
        with transaction.atomic():
            project.advance(data["to_stage"], data["date"], data["note"].strip())
        return Response(self.get_serializer(self.get_queryset().get(pk=project.pk)).data)

    def perform_destroy(self, instance: Project) -> None:
        try:
            with transaction.atomic():
                super().perform_destroy(instance)
        except ProtectedError as error:
            names = "、".join(sorted({str(obj._meta.verbose_name) for obj in error.protected_objects}))
            message = gettext("仍有%(names)s引用该项目，无法删除。") % {"names": names}
            raise ValidationError({"non_field_errors": [message]}) from error


class StageTransitionSerializer(serializers.ModelSerializer):
    project_name = serializers.CharField(source="project.name", read_only=True)
    from_stage_display = serializers.CharField(source="get_from_stage_display", read_only=True)
    to_stage_display = serializers.CharField(source="get_to_stage_display", read_only=True)

    class Meta:
        model = StageTransition
        fields = [
            "id",
            "project",
            "project_name",
            "from_stage",
            "from_stage_display",
            "to_stage",
            "to_stage_display",
            "date",
            "note",
            "created",
        ]
        read_only_fields = fields


class StageTransitionViewSet(viewsets.ReadOnlyModelViewSet):
    """Dated stage changes (``?project=<id>``); they are made through ``POST /projects/{id}/advance/``."""

    serializer_class = StageTransitionSerializer
    filterset_class = StageTransitionFilterSet
    ordering_fields = ["date", "project"]

    def get_queryset(self) -> Any:
        return StageTransition.objects.visible_to(self.request.user).select_related("project")


# ---- Annual plans -----------------------------------------------------------------------------------------------


class NodeGoalSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = NodeGoal
        fields = ["id", "kind", "kind_display", "description", "target_month", "achieved_on"]
        read_only_fields = fields


class AnnualPlanSerializer(TrackedModelSerializer):
    project = ScopedRelatedField(editable=True, queryset=Project.objects.all())
    project_name = serializers.CharField(source="project.name", read_only=True)
    goals = NodeGoalSerializer(many=True, read_only=True)

    class Meta:
        model = AnnualPlan
        fields = [
            "id",
            "project",
            "project_name",
            "year",
            "planned_investment",
            "joined_on",
            "left_on",
            "left_reason",
            "goals",
            "version",
            "reason",
            "created",
            "updated",
        ]
        read_only_fields = ["created", "updated"]
        validators: list[Any] = []


class AnnualPlanViewSet(ScopedModelViewSet):
    """Annual plans (the year's key-project list); node goals are shown nested and edited on the page."""

    serializer_class = AnnualPlanSerializer
    filterset_class = AnnualPlanFilterSet
    ordering_fields = ["year", "project__name", "planned_investment"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("project").prefetch_related("goals")


# ---- 停工/复工 ----------------------------------------------------------------------------------------------------


class SuspensionSerializer(TrackedModelSerializer):
    """A 停工/复工 request; ``reason`` here is the request's 原因, which is also its history reason."""

    project = ScopedRelatedField(editable=True, queryset=Project.objects.all())
    project_name = serializers.CharField(source="project.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    decided_by = serializers.StringRelatedField(read_only=True)
    reason = serializers.CharField(max_length=500, help_text=_("停工/复工原因。"))

    class Meta:
        model = Suspension
        fields = [
            "id",
            "project",
            "project_name",
            "kind",
            "kind_display",
            "date",
            "reason",
            "status",
            "status_display",
            "decided_by",
            "decided_at",
            "version",
            "created",
            "updated",
        ]
        read_only_fields = ["status", "decided_at", "created", "updated"]

    def _save(self, instance: Suspension, attrs: dict[str, Any]) -> Suspension:
        # The base class takes ``reason`` as the history reason; here it is first the request's own field.
        instance.reason = attrs["reason"]
        attrs["reason"] = request_reason(attrs["kind"], attrs["reason"])
        return super()._save(instance, attrs)


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("approve", _("批准")), ("reject", _("驳回"))])
    note = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="", help_text=_("审批意见。")
    )


class SuspensionViewSet(ScopedModelViewSet):
    """停工/复工 requests: districts file them (POST), the 市级调度 of the city decides (``POST …/decide/``)."""

    serializer_class = SuspensionSerializer
    filterset_class = SuspensionFilterSet
    ordering_fields = ["date", "status"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> Any:
        if self.action == "decide":
            queryset = decidable_suspensions(self.request.user)
        else:
            queryset = super().get_queryset()
        return queryset.select_related("project", "decided_by")

    @extend_schema(request=DecisionSerializer, responses=SuspensionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: Any = None) -> Response:
        """Approve or reject a pending request; only a 市级调度 over the project's region (404 for others)."""
        suspension = self.get_object()
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        approve = serializer.validated_data["decision"] == "approve"
        audit.set_reason(decision_reason(suspension, approve, serializer.validated_data["note"]))
        with transaction.atomic():
            suspension.decide(request.user, approve)
        return Response(self.get_serializer(suspension).data)


# ---- Tags -------------------------------------------------------------------------------------------------------


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ["id", "name"]


class TagViewSet(viewsets.ReadOnlyModelViewSet):
    """Theme tags (城建, 文旅 …), kept by administrators; projects name them in ``tags``."""

    serializer_class = TagSerializer
    pagination_class = None

    def get_queryset(self) -> Any:
        return Tag.objects.visible_to(self.request.user)


def register(router: BaseRouter) -> None:
    """Add the project registry's endpoints to the API router (called from tuijin.api.urls)."""
    router.register("projects", ProjectViewSet, basename="project")
    router.register("stage-transitions", StageTransitionViewSet, basename="stage-transition")
    router.register("annual-plans", AnnualPlanViewSet, basename="annual-plan")
    router.register("suspensions", SuspensionViewSet, basename="suspension")
    router.register("project-tags", TagViewSet, basename="project-tag")
