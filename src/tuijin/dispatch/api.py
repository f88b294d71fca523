"""REST API of monthly dispatch: monthly reports with their workflow actions, and projects with their figures.

The same FilterSets as the pages (``?year=2025&month=6&status=submitted&region=350582``), the same scope
(out of scope is 404), the same model rules (``full_clean``), the same history reasons.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from tuijin.core import audit
from tuijin.core.api import ScopedModelViewSet, TrackedModelSerializer
from tuijin.core.models import ConflictError
from tuijin.core.periods import completion_rate
from tuijin.dispatch import queries
from tuijin.dispatch.filters import MonthlyReportFilterSet, ProjectDispatchFilterSet
from tuijin.dispatch.models import DispatchSettings, MonthlyReport, ReportStatus
from tuijin.dispatch.views.common import EDITABLE_STATUSES, reviewable_reports
from tuijin.projects.models import Project

LOCKED_MESSAGE = "该报告已审核锁定，修改须由市级调度填写原因后更正。"
SUBMITTED_MESSAGE = "该报告已报送，等待审核，不能修改；如需修改请联系市级调度退回。"


class EditableProjectField(serializers.PrimaryKeyRelatedField):
    """A project the requesting user may change (reports are written for those only)."""

    def get_queryset(self) -> Any:
        return Project.objects.editable_by(self.context["request"].user)


class MonthlyReportSerializer(TrackedModelSerializer):
    project = EditableProjectField()
    project_name = serializers.CharField(source="project.name", read_only=True)
    region = serializers.CharField(source="project.region.code", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    submitted_by = serializers.StringRelatedField()
    reviewed_by = serializers.StringRelatedField()

    class Meta:
        model = MonthlyReport
        fields = [
            "id",
            "project",
            "project_name",
            "region",
            "year",
            "month",
            "amount",
            "since_start_total",
            "progress",
            "issues",
            "planned_workers",
            "actual_workers",
            "status",
            "status_display",
            "return_reason",
            "submitted_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "version",
            "reason",
            "created",
            "updated",
        ]
        read_only_fields = [
            "status",
            "return_reason",
            "submitted_at",
            "reviewed_at",
            "created",
            "updated",
        ]
        # Uniqueness and every other rule come from the model's full_clean(), with its Chinese messages.
        validators: list[Any] = []

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        report = self.instance
        if report is not None:
            if report.status == ReportStatus.APPROVED:
                raise ValidationError({"non_field_errors": [LOCKED_MESSAGE]})
            if report.status not in EDITABLE_STATUSES:
                raise ValidationError({"non_field_errors": [SUBMITTED_MESSAGE]})
            moved = [
                name for name in ("project", "year", "month") if name in attrs and attrs[name] != getattr(report, name)
            ]
            if moved:
                raise ValidationError({name: ["报告的项目和月份创建后不能修改。"] for name in moved})
        return super().validate(attrs)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, help_text="原因，记入历史。")


class CorrectionSerializer(serializers.Serializer):
    """Figures to correct (any subset) and the required reason."""

    reason = serializers.CharField(max_length=500)
    version = serializers.IntegerField(required=False, help_text="读取时的版本号，用于拒绝过期的更正。")
    amount = serializers.DecimalField(max_digits=18, decimal_places=4, min_value=0, required=False)
    since_start_total = serializers.DecimalField(
        max_digits=18, decimal_places=4, min_value=0, required=False, allow_null=True
    )
    progress = serializers.CharField(required=False, allow_blank=True)
    issues = serializers.CharField(required=False, allow_blank=True)
    planned_workers = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    actual_workers = serializers.IntegerField(required=False, allow_null=True, min_value=0)


def _run(step: Any) -> None:
    """Run a workflow step atomically; the model's refusal becomes a 400 with its Chinese message.

    A stale version (ConflictError) is left to the API's exception handler, which answers 409.
    """
    try:
        with transaction.atomic():
            step()
    except ConflictError:
        raise
    except DjangoValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
        raise ValidationError(detail) from error


class MonthlyReportViewSet(ScopedModelViewSet):
    """Monthly reports in the user's scope. Create or change drafts and returned reports; ``submit``;
    dispatchers ``approve``, ``return`` (with a reason) and ``correct`` an approved report (with a reason)."""

    serializer_class = MonthlyReportSerializer
    filterset_class = MonthlyReportFilterSet
    ordering_fields = ["year", "month", "amount", "project__name"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("project__region", "submitted_by", "reviewed_by")

    def perform_destroy(self, instance: MonthlyReport) -> None:
        if instance.status not in EDITABLE_STATUSES:
            raise ValidationError({"non_field_errors": ["只有草稿或被退回的报告可以删除。"]})
        super().perform_destroy(instance)

    def _editable(self, pk: Any) -> MonthlyReport:
        return get_object_or_404(MonthlyReport.objects.editable_by(self.request.user), pk=pk)

    def _reviewable(self, pk: Any) -> MonthlyReport:
        return get_object_or_404(reviewable_reports(self.request.user), pk=pk)

    def _answer(self, report: MonthlyReport) -> Response:
        report.refresh_from_db()
        return Response(self.get_serializer(report).data)

    @extend_schema(request=None, responses=MonthlyReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        """报送 a draft or returned report."""
        report = self._editable(pk)

        def step() -> None:
            audit.set_reason("报送")
            report.submit(request.user)

        _run(step)
        return self._answer(report)

    @extend_schema(request=None, responses=MonthlyReportSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: Any = None) -> Response:
        """审核通过 a submitted report (市级调度); it is locked from then on."""
        report = self._reviewable(pk)

        def step() -> None:
            audit.set_reason("审核通过")
            report.approve(request.user)

        _run(step)
        return self._answer(report)

    @extend_schema(request=ReasonSerializer, responses=MonthlyReportSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_report(self, request: Request, pk: Any = None) -> Response:
        """退回 a submitted report to its district, with a reason (市级调度)."""
        report = self._reviewable(pk)
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        reason = body.validated_data["reason"].strip()

        def step() -> None:
            audit.set_reason(f"退回：{reason}")
            report.return_to_reporter(request.user, reason)

        _run(step)
        return self._answer(report)

    @extend_schema(request=CorrectionSerializer, responses=MonthlyReportSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: Any = None) -> Response:
        """更正 an approved report (市级调度): the changed figures and a reason, recorded as “更正：…”."""
        report = self._reviewable(pk)
        if report.status != ReportStatus.APPROVED:
            raise ValidationError({"non_field_errors": ["只有已审核的报告需要更正；未审核的报告请直接修改。"]})
        body = CorrectionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        reason = data.pop("reason")
        version = data.pop("version", None)
        if not data:
            raise ValidationError({"non_field_errors": ["请提交要更正的数据。"]})

        def step() -> None:
            if version:
                report.version = version
            report.correct(request.user, reason, **data)

        _run(step)
        return self._answer(report)


class ProjectProgressSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code")
    region_name = serializers.CharField(source="region.name")
    stage_display = serializers.CharField(source="get_stage_display")
    plan_amount = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    ytd_amount = serializers.DecimalField(max_digits=20, decimal_places=4)
    ytd_rate = serializers.SerializerMethodField(help_text="本年累计占年度计划的比例（0.5 即 50%），无计划为 null。")
    month_status = serializers.CharField(allow_null=True)
    month_amount = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    lights = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "name",
            "region",
            "region_name",
            "stage",
            "stage_display",
            "total_investment",
            "plan_amount",
            "ytd_amount",
            "ytd_rate",
            "month_status",
            "month_amount",
            "lights",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_ytd_rate(self, project: Project) -> str | None:
        rate = completion_rate(project.ytd_amount, project.plan_amount)
        return None if rate is None else str(rate)

    @extend_schema_field(serializers.DictField(help_text="总灯色、原因及投资、开工、入库三项灯色"))
    def get_lights(self, project: Project) -> dict[str, Any]:
        year, month = self.context["period"]
        lights = queries.lights_for(project, year, month, self.context["dispatch_settings"])
        return {
            "overall": lights.overall,
            "overall_display": queries.Light.LABELS[lights.overall],
            "reasons": lights.reasons,
            "investment": {"light": lights.investment.light, "reason": lights.investment.reason},
            "start": {"light": lights.start.light, "reason": lights.start.reason},
            "stats": {"light": lights.stats.light, "reason": lights.stats.reason},
        }


@extend_schema(
    parameters=[
        OpenApiParameter("year", int, description="年度，默认为最近一个已结束月份所在年度"),
        OpenApiParameter("month", int, description="月份（1—12），默认为最近一个已结束的月份"),
    ]
)
class ProjectProgressViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Projects in the user's scope with the year's plan, 本年累计 (approved reports) and lights for a month."""

    serializer_class = ProjectProgressSerializer
    filterset_class = ProjectDispatchFilterSet
    ordering_fields = ["name", "region__path", "plan_amount", "ytd_amount"]

    def period(self) -> tuple[int, int]:
        filterset = ProjectDispatchFilterSet(
            self.request.query_params, queryset=Project.objects.none(), request=self.request
        )
        return filterset.period()

    def get_queryset(self) -> Any:
        return Project.objects.visible_to(self.request.user).select_related("region")

    def filter_queryset(self, queryset: Any) -> Any:
        # Filter first (the light filter works on plain rows), then annotate the figures of the period.
        return queries.with_progress(super().filter_queryset(queryset), *self.period())

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        return {**context, "period": self.period(), "dispatch_settings": self.dispatch_settings}

    @property
    def dispatch_settings(self) -> DispatchSettings:
        if not hasattr(self, "_dispatch_settings"):
            self._dispatch_settings = DispatchSettings.current()
        return self._dispatch_settings


def register(router: BaseRouter) -> None:
    """Add the dispatch endpoints to the API router (called from ``tuijin/api/urls.py``)."""
    router.register("monthly-reports", MonthlyReportViewSet, basename="monthly-report")
    router.register("projects-progress", ProjectProgressViewSet, basename="project-progress")
