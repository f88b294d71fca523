"""API of approval items (前期手续) and site inspections (督查), scoped like their pages; the shared pieces (error
mapping of the model's steps, file fields) come from ``problems.api``."""

from __future__ import annotations

from typing import Any

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
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from tuijin.core import audit
from tuijin.core.api import ScopedModelViewSet, TrackedModelSerializer
from tuijin.core.models import Region, Unit
from tuijin.problems import queries
from tuijin.problems.api import (
    STAMPS,
    TRACKED,
    ExactDecimalField,
    NonFieldErrorsMixin,
    StoredFileSerializer,
    files_field,
    run_step,
    summaries,
)
from tuijin.problems.approval_filters import ApprovalFilter, InspectionFilter
from tuijin.problems.models import (
    ApprovalItem,
    Inspection,
    ProblemSettings,
)
from tuijin.projects.api import ScopedRelatedField
from tuijin.projects.models import Project

# ---- Approval items -------------------------------------------------------------------------------------------------


class ApprovalItemSerializer(NonFieldErrorsMixin, TrackedModelSerializer):
    """A 前期手续 item of a project with its handling unit and 帮办代办 agent; ``lag_reasons`` say why it is
    flagged as lagging today (empty when it is not)."""

    project = ScopedRelatedField(queryset=Project.objects.all(), help_text=_("项目ID。"))
    project_name = serializers.CharField(source="project.name", read_only=True)
    region = serializers.CharField(source="project.region.code", read_only=True)
    region_name = serializers.CharField(source="project.region.name", read_only=True)
    type_display = serializers.CharField(source="get_type_display", read_only=True)
    label = serializers.CharField(read_only=True)
    handling_unit = ScopedRelatedField(
        queryset=Unit.objects.all(), required=False, allow_null=True, help_text=_("审批部门ID。")
    )
    handling_unit_name = serializers.CharField(source="handling_unit.name", read_only=True, allow_null=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    duration_workdays = serializers.IntegerField(read_only=True, allow_null=True, help_text=_("启动至取得的工作日数。"))
    lag_reasons = serializers.SerializerMethodField(help_text=_("今天滞后的原因（不滞后为空）。"))

    class Meta:
        model = ApprovalItem
        fields = [
            "id",
            "project",
            "project_name",
            "region",
            "region_name",
            "type",
            "type_display",
            "name",
            "label",
            "handling_unit",
            "handling_unit_name",
            "agent_name",
            "agent_phone",
            "status",
            "status_display",
            "planned_on",
            "started_on",
            "obtained_on",
            "document_no",
            "note",
            "duration_workdays",
            "lag_reasons",
            *TRACKED,
        ]
        read_only_fields = STAMPS
        # Uniqueness (one item of a type per project) is checked by the model, with its Chinese message.
        validators: list[Any] = []

    def get_lag_reasons(self, item: ApprovalItem) -> list[str]:
        return [str(reason) for reason in queries.lag_reasons(item, timezone.localdate())]


class ApprovalStatsQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


class DurationSerializer(serializers.Serializer):
    type = serializers.CharField()
    label = serializers.CharField()
    obtained = serializers.IntegerField(help_text=_("已取得"))
    in_progress = serializers.IntegerField(help_text=_("办理中"))
    average_days = ExactDecimalField(allow_null=True, help_text=_("平均办理工作日数（启动至取得）"))
    median_days = ExactDecimalField(allow_null=True, help_text=_("办理工作日数中位数"))


class LandToStartSerializer(serializers.Serializer):
    project = serializers.IntegerField(source="project.pk")
    project_name = serializers.CharField(source="project.name")
    land_on = serializers.DateField(help_text=_("取得土地日期"))
    started_on = serializers.DateField(help_text=_("开工日期"))
    days = serializers.IntegerField(help_text=_("间隔天数"))


@extend_schema_serializer(many=False)
class ApprovalStatsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    durations = DurationSerializer(many=True)
    land_to_start_days = serializers.IntegerField(help_text=_("“拿地即开工”的天数上限（设置）。"))
    land_to_start_count = serializers.IntegerField(help_text=_("年度内拿地即开工的项目数。"))
    land_to_start = LandToStartSerializer(many=True)


@extend_schema_view(**summaries("前期手续"))
class ApprovalItemViewSet(ScopedModelViewSet):
    """前期手续 of the projects in the user's scope (a 部门办理 sees and changes the items of its unit only),
    filtered as on the pages (``?type=land&status=in_progress&region=350582&lagging=true``)."""

    serializer_class = ApprovalItemSerializer
    filterset_class = ApprovalFilter
    ordering_fields = ["project__code", "type", "planned_on", "obtained_on"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("project", "project__region", "handling_unit")

    @extend_schema(
        summary="前期手续统计",
        description="各类手续的已取得数、办理中数及启动至取得的平均、中位工作日数（列表的筛选条件适用），"
        "以及年度内“拿地即开工”的项目（按区域筛选）；范围为当前用户可见的数据，与手续统计页面一致。",
        parameters=[OpenApiParameter("year", OpenApiTypes.INT, description="年度，默认今年")],
        responses=ApprovalStatsSerializer,
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def stats(self, request: Request) -> Response:
        """The statistics page's figures: working days from 启动 to 取得 per type over the visible items (the list's
        filters narrow them), and 拿地即开工: visible projects (of the region) that started in the year within the
        configured days of obtaining their land."""
        params = ApprovalStatsQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        year = params.validated_data.get("year") or timezone.localdate().year
        items = self.filter_queryset(ApprovalItem.objects.visible_to(request.user))
        # As on the statistics page: 拿地即开工 over the visible items of the region (checked by the filter).
        land_items = ApprovalItem.objects.visible_to(request.user)
        code = request.query_params.get("region")
        if code:
            land_items = land_items.filter(project__region__path__startswith=Region.objects.get(code=code).path)
        days = ProblemSettings.current().land_to_start_days
        rows = queries.land_to_start(land_items, year, days)
        data = {
            "year": year,
            "durations": queries.durations_by_type(items),
            "land_to_start_days": days,
            "land_to_start_count": len(rows),
            "land_to_start": rows,
        }
        return Response(ApprovalStatsSerializer(data).data)


# ---- Inspections ----------------------------------------------------------------------------------------------------


class InspectionSerializer(NonFieldErrorsMixin, TrackedModelSerializer):
    """A site inspection; ``photos`` are listed here and uploaded through ``POST inspections/{id}/photos/`` (or
    the page)."""

    project = ScopedRelatedField(queryset=Project.objects.all(), help_text=_("项目ID。"))
    project_name = serializers.CharField(source="project.name", read_only=True)
    region = serializers.CharField(source="project.region.code", read_only=True)
    region_name = serializers.CharField(source="project.region.name", read_only=True)
    recorded_by = serializers.StringRelatedField(read_only=True)
    photos = StoredFileSerializer(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "on",
            "project",
            "project_name",
            "region",
            "region_name",
            "inspectors",
            "findings",
            "workers_seen",
            "recorded_by",
            "photos",
            *TRACKED,
        ]
        read_only_fields = STAMPS

    def _save(self, instance: Inspection, attrs: dict[str, Any]) -> Inspection:
        if instance.pk is None:
            instance.recorded_by = self.context["request"].user
        return super()._save(instance, attrs)


class PhotoUploadSerializer(serializers.Serializer):
    files = files_field(_("现场照片（multipart/form-data，可多个 files）：PNG、JPEG、GIF、WebP，按内容检查。"))


@extend_schema_view(**summaries("督查记录"))
class InspectionViewSet(ScopedModelViewSet):
    """督查记录 in the user's scope (``?region=350582&date_from=2026-03-01&date_to=2026-03-31``); 市级调度
    records and changes them, the others read."""

    serializer_class = InspectionSerializer
    filterset_class = InspectionFilter
    ordering_fields = ["on", "project__name"]

    def get_queryset(self) -> Any:
        if self.action == "photos":
            queryset = Inspection.objects.editable_by(self.request.user)
        else:
            queryset = super().get_queryset()
        return queryset.select_related("project", "project__region", "recorded_by").prefetch_related("photos")

    @extend_schema(
        summary="上传现场照片",
        description="市级调度上传现场照片（仅图片，按内容检查类型和大小；有一个文件不合格则全部不保存）。",
        request=PhotoUploadSerializer,
        responses=InspectionSerializer,
    )
    @action(detail=True, methods=["post"])
    def photos(self, request: Request, pk: Any = None) -> Response:
        """Add photos (images only, checked by content and size; one bad file stores none)."""
        inspection = self.get_object()
        body = PhotoUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        if not body.validated_data["files"]:
            raise ValidationError({"files": [gettext("请选择要上传的照片。")]})
        audit.set_reason(gettext("上传现场照片"))
        run_step(lambda: inspection.attach(body.validated_data["files"]))
        return Response(self.get_serializer(self.get_queryset().get(pk=inspection.pk)).data)


def register(router: BaseRouter) -> None:
    """Add the approval item and inspection endpoints to the API router (called from ``tuijin/api/urls.py``)."""
    router.register("approval-items", ApprovalItemViewSet, basename="approval-item")
    router.register("inspections", InspectionViewSet, basename="inspection")
