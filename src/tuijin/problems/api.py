"""REST API of problem coordination (问题协调), approval items (前期手续) and site inspections (督查).

Reads go through ``visible_to``, writes through ``editable_by`` (404 outside), validation through the models'
``full_clean()``. A problem's status changes only through its workflow methods (``Problem.assign``, ``reply``,
``request_extension``, ``decide_extension``, ``resolve``, ``close``, ``send_back``), exposed as ``POST
problems/{id}/<step>/``: the model's refusal is a 400 with its Chinese message, a step the user may not take a
403, a problem the user cannot see a 404. The numbers come from ``queries``. ``register(router)`` adds the
endpoints to the router of ``tuijin.api.urls``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_filters
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from tuijin.core import audit
from tuijin.core.api import ScopedModelViewSet, TrackedModelSerializer
from tuijin.core.models import ConflictError, Unit
from tuijin.core.scope import is_admin
from tuijin.problems import queries
from tuijin.problems.choices import (
    Action,
    ExtensionStatus,
    Level,
    Urgency,
)
from tuijin.problems.filters import NotificationFilter, ProblemFilter
from tuijin.problems.models import (
    ExtensionRequest,
    HandlingRecord,
    Inspection,
    Notification,
    Problem,
    ProblemKind,
    ProblemSettings,
    StoredFile,
    is_dispatcher_for,
    is_handler_of,
)
from tuijin.projects.api import ScopedRelatedField, model_errors
from tuijin.projects.filters import IntegerFilter
from tuijin.projects.models import Project

STAMPS = ["created", "updated"]
TRACKED = ["version", "reason", *STAMPS]  # the fields TrackedModelSerializer adds to every model's own


@extend_schema_field({"type": "string", "format": "decimal"})
class ExactDecimalField(serializers.Field):
    """A computed Decimal as a string at full precision (a rate such as ``"0.3333…"``); None stays null."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: Decimal) -> str:
        return format(value, "f")


def run_step(step: Any) -> Any:
    """Run a model workflow step atomically. A refusal by a message is ``{"detail": …}`` (400), by field the
    field errors; a step the user may not take is a 403 with the model's message; a stale version a 409."""
    try:
        with transaction.atomic():
            return step()
    except ConflictError:
        raise
    except DjangoPermissionDenied as error:
        raise PermissionDenied(str(error) or None) from error
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            raise model_errors(error) from error
        raise ValidationError({"detail": "".join(error.messages)}) from error


def summaries(noun: str, *, read_only: bool = False) -> dict[str, Any]:
    """Chinese summaries of a viewset's standard operations for the schema (``extend_schema_view(**…)``)."""
    names = {"list": f"{noun}列表", "retrieve": f"{noun}详情"}
    if not read_only:
        names |= {
            "create": f"新建{noun}",
            "update": f"修改{noun}",
            "partial_update": f"修改{noun}（部分字段）",
            "destroy": f"删除{noun}",
        }
    return {operation: extend_schema(summary=summary) for operation, summary in names.items()}


class NonFieldErrorsMixin:
    """A model's ``clean()`` refusal not tied to a field answers as ``non_field_errors``, not ``__all__``."""

    def _save(self, instance: Any, attrs: dict[str, Any]) -> Any:
        try:
            return super()._save(instance, attrs)  # type: ignore[misc]
        except ValidationError as error:
            if isinstance(error.detail, dict) and NON_FIELD_ERRORS in error.detail:
                detail = dict(error.detail)
                detail["non_field_errors"] = detail.pop(NON_FIELD_ERRORS)
                raise ValidationError(detail) from error
            raise


# ---- Filters of the API-only lists (the pages show records and extensions on the problem) ----------------------


class HandlingRecordFilterSet(django_filters.FilterSet):
    problem = IntegerFilter(label=_("问题ID"), field_name="problem_id")
    action = django_filters.ChoiceFilter(label=_("环节"), choices=Action.choices)

    class Meta:
        model = HandlingRecord
        fields = ["problem", "action"]


class ExtensionRequestFilterSet(django_filters.FilterSet):
    problem = IntegerFilter(label=_("问题ID"), field_name="problem_id")
    status = django_filters.ChoiceFilter(label=_("审批结果"), choices=ExtensionStatus.choices)

    class Meta:
        model = ExtensionRequest
        fields = ["problem", "status"]


# ---- Files --------------------------------------------------------------------------------------------------------


class StoredFileSerializer(serializers.Serializer):
    """An uploaded file: its name as the user gave it, size, type, and the page that serves it (scope-checked)."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    size = serializers.IntegerField(read_only=True, help_text=_("字节数。"))
    content_type = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField(help_text=_("下载地址（页面，按范围检查）。"))

    def get_url(self, stored: StoredFile) -> str:
        request = self.context.get("request")
        path = stored.get_absolute_url()
        return request.build_absolute_uri(path) if request is not None else path


FILES_HELP = _(
    "附件（multipart/form-data，可多个 files）：PDF、图片、Word/Excel/PowerPoint 文件，按内容检查类型和大小。"
)


def files_field(help_text: Any = FILES_HELP) -> serializers.ListField:
    # Empty files pass here so that the model's check refuses them with its Chinese message.
    return serializers.ListField(
        child=serializers.FileField(allow_empty_file=True), default=list, write_only=True, help_text=help_text
    )


# ---- Problems -----------------------------------------------------------------------------------------------------


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name"]
        read_only_fields = fields


class ProblemSerializer(NonFieldErrorsMixin, TrackedModelSerializer):
    """A problem. Only the raising fields are written here, and only while it is 提出; the units, deadlines and
    status change through the workflow actions. ``allowed_actions`` are the steps the requesting user may take
    now (``assign``/``reassign`` → ``assign/``, ``reply``/``helper_reply`` → ``reply/``, ``extension_request`` →
    ``request-extension/``, ``extension_approve``/``extension_refuse`` → ``decide-extension/``, ``resolve``,
    ``close``, ``return``)."""

    project = ScopedRelatedField(editable=True, queryset=Project.objects.all(), help_text=_("项目ID。"))
    project_name = serializers.CharField(source="project.name", read_only=True)
    region = serializers.CharField(source="project.region.code", read_only=True)
    region_name = serializers.CharField(source="project.region.name", read_only=True)
    kind = serializers.SlugRelatedField(
        slug_field="code", queryset=ProblemKind.objects.all(), help_text=_("问题类型代码（land、relocation …）。")
    )
    kind_name = serializers.CharField(source="kind.name", read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    raised_by = serializers.StringRelatedField(read_only=True)
    inspection = ScopedRelatedField(
        queryset=Inspection.objects.all(), required=False, allow_null=True, help_text=_("来源督查记录ID。")
    )
    lead_unit = serializers.PrimaryKeyRelatedField(read_only=True)
    lead_unit_name = serializers.CharField(source="lead_unit.name", read_only=True, allow_null=True)
    helper_units = UnitRefSerializer(many=True, read_only=True)
    urgency = serializers.SerializerMethodField(help_text=_("今天的提醒：blue 临期，red 逾期，空为正常。"))
    workdays_left = serializers.SerializerMethodField(help_text=_("距办理时限的工作日数（逾期为负）。"))
    allowed_actions = serializers.SerializerMethodField(help_text=_("当前用户现在可执行的办理环节。"))

    class Meta:
        model = Problem
        fields = [
            "id",
            "code",
            "project",
            "project_name",
            "region",
            "region_name",
            "kind",
            "kind_name",
            "title",
            "description",
            "demand",
            "level",
            "level_display",
            "status",
            "status_display",
            "raised_on",
            "raised_by",
            "inspection",
            "lead_unit",
            "lead_unit_name",
            "helper_units",
            "assigned_on",
            "deadline",
            "helper_deadline",
            "deadline_estimated",
            "resolved_on",
            "resolution",
            "closed_on",
            "urgency",
            "workdays_left",
            "allowed_actions",
            *TRACKED,
        ]
        read_only_fields = [
            "code",
            "status",
            "assigned_on",
            "deadline",
            "helper_deadline",
            "deadline_estimated",
            "resolved_on",
            "resolution",
            "closed_on",
            *STAMPS,
        ]

    def _blue_days(self) -> int:
        # Read the setting once per response: the context is shared by every row of a list.
        if "blue_days" not in self.context:
            self.context["blue_days"] = ProblemSettings.current().blue_days
        return self.context["blue_days"]

    @extend_schema_field(serializers.ChoiceField(choices=Urgency.choices))
    def get_urgency(self, problem: Problem) -> str:
        return problem.urgency(timezone.localdate(), self._blue_days())

    def get_workdays_left(self, problem: Problem) -> int | None:
        return problem.workdays_left(timezone.localdate())

    # Every step but 提出, which is not taken on an existing problem.
    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=Action.choices[1:])))
    def get_allowed_actions(self, problem: Problem) -> list[str]:
        request = self.context.get("request")
        return sorted(problem.allowed_actions(request.user)) if request is not None else []

    def _save(self, instance: Problem, attrs: dict[str, Any]) -> Problem:
        if instance.pk is None:
            instance.raised_by = self.context["request"].user
        return super()._save(instance, attrs)


DISPATCHER, LEAD, LEAD_OR_HELPER = "dispatcher", "lead", "lead_or_helper"


def may_take(problem: Problem, user: Any, taker: str) -> bool:
    """Whether the user is of those who take a step (the model's own first check, used to order the API's answers:
    the model stays the authority on every step it is asked to take)."""
    if taker == DISPATCHER:
        return is_dispatcher_for(user, problem.project)
    lead = is_handler_of(user, problem.lead_unit_id) or is_admin(user)
    if taker == LEAD_OR_HELPER:
        return lead or any(is_handler_of(user, unit.pk) for unit in problem.helper_units.all())
    return lead


class StepSerializer(serializers.Serializer):
    """The body of a workflow step; ``taker`` says who may take it."""

    taker = DISPATCHER
    version = serializers.IntegerField(required=False, help_text=_("读取时的问题版本号；过期则返回 409。"))


class AssignSerializer(StepSerializer):
    lead_unit = ScopedRelatedField(queryset=Unit.objects.all(), help_text=_("主办单位ID。"))
    helper_units = ScopedRelatedField(
        queryset=Unit.objects.all(), many=True, required=False, default=list, help_text=_("协办单位ID列表。")
    )
    level = serializers.ChoiceField(choices=Level.choices, required=False, help_text=_("协调层级，不填则不变。"))
    on = serializers.DateField(required=False, help_text=_("交办日期，默认今天；工作日时限从该日起算。"))
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text=_("交办意见。"))


class ReplySerializer(StepSerializer):
    taker = LEAD_OR_HELPER

    content = serializers.CharField(allow_blank=True, help_text=_("反馈内容。"))
    on = serializers.DateField(required=False, help_text=_("反馈日期，默认今天。"))
    files = files_field()


class ExtensionRequestBodySerializer(StepSerializer):
    taker = LEAD

    new_deadline = serializers.DateField(help_text=_("申请延至（工作日）。"))
    reason = serializers.CharField(allow_blank=True, help_text=_("延期理由。"))
    on = serializers.DateField(required=False, help_text=_("申请日期，默认今天；须在时限前规定工作日数提出。"))


class ExtensionDecisionSerializer(StepSerializer):
    approve = serializers.BooleanField(help_text=_("true 同意延期，false 不同意（须说明理由）。"))
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text=_("审批意见。"))
    on = serializers.DateField(required=False, help_text=_("审批日期，默认今天。"))


class ResolveSerializer(StepSerializer):
    taker = LEAD

    resolution = serializers.CharField(allow_blank=True, help_text=_("办结情况。"))
    on = serializers.DateField(required=False, help_text=_("办结日期，默认今天。"))
    files = files_field()


class CloseSerializer(StepSerializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text=_("销号意见。"))
    on = serializers.DateField(required=False, help_text=_("销号日期，默认今天。"))


class ReturnSerializer(StepSerializer):
    reason = serializers.CharField(allow_blank=True, help_text=_("退回理由。"))
    on = serializers.DateField(required=False, help_text=_("退回日期，默认今天；新的办理时限从该日起算。"))


def step_schema(summary: str, body: type[serializers.Serializer], description: str) -> Any:
    """The schema of a workflow step: its body, the problem as answer, 400/403/404/409 as every step."""
    return extend_schema(
        summary=summary,
        description=description + "不可见的问题返回 404，无权执行返回 403，版本过期返回 409。",
        request=body,
        responses=ProblemSerializer,
    )


class ProblemStatsQuerySerializer(serializers.Serializer):
    as_of = serializers.DateField(required=False)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    group = serializers.ChoiceField(choices=list(queries.PERFORMANCE_GROUPS), required=False, default="unit")


class PerformanceSerializer(serializers.Serializer):
    """One ``queries.Performance`` row; rates are fractions (0.5 is 50%), null when nothing was assigned."""

    key = serializers.JSONField(help_text=_("分组键：主办单位ID、问题类型ID，或[单位ID, 类型ID]。"))
    label = serializers.CharField()
    assigned = serializers.IntegerField(help_text=_("已交办"))
    solved = serializers.IntegerField(help_text=_("已办结（含销号）"))
    open = serializers.IntegerField(help_text=_("未办结"))
    overdue_open = serializers.IntegerField(help_text=_("逾期未办结"))
    solved_late = serializers.IntegerField(help_text=_("逾期办结"))
    overdue = serializers.IntegerField(help_text=_("逾期合计"))
    resolution_rate = ExactDecimalField(allow_null=True, help_text=_("办结率 = 办结 / 交办"))
    median_days = ExactDecimalField(allow_null=True, help_text=_("交办至办结工作日数的中位数"))


class KindCountSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=_("问题类型代码"))
    kind_name = serializers.CharField()
    raised = serializers.IntegerField(help_text=_("年度内提出"))
    solved = serializers.IntegerField(help_text=_("年度内办结（至统计日期）"))
    open = serializers.IntegerField(help_text=_("当前未办结"))
    overdue = serializers.IntegerField(help_text=_("当前逾期（督办）"))
    resolution_rate = ExactDecimalField(allow_null=True, help_text=_("办结率 = 办结 / 提出"))


@extend_schema_serializer(many=False)
class ProblemStatsSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    year = serializers.IntegerField()
    group = serializers.CharField()
    performance = PerformanceSerializer(many=True)
    by_kind = KindCountSerializer(many=True)
    status_counts = serializers.DictField(child=serializers.IntegerField(), help_text=_("各状态的问题数。"))


@extend_schema_view(**summaries("问题"))
class ProblemViewSet(ScopedModelViewSet):
    """Problems in the user's scope (a 部门办理 sees those its unit leads or helps with), filtered as on the
    pages (``?status=assigned&kind=land&region=350582&urgency=red&raised_year=2026``). Created by 区县填报 and
    市级调度 on projects they may change; changed or deleted only while 提出 (400 otherwise)."""

    serializer_class = ProblemSerializer
    filterset_class = ProblemFilter
    ordering_fields = ["raised_on", "code", "deadline", "status", "assigned_on"]

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related("project", "project__region", "kind", "lead_unit", "raised_by")
            .prefetch_related("helper_units")
        )

    def _step(self, request: Request, body_class: type[StepSerializer], reason: str, step: Any) -> Response:
        """Validate the body, then run ``step(problem, data)`` on a problem the user can see (404 otherwise)."""
        problem = self.get_object()
        body = body_class(data=request.data, context=self.get_serializer_context())
        if not body.is_valid():
            # Someone who may not take the step at all learns that first (403), not what is wrong with the body:
            # a department cannot even name the units a dispatcher assigns to.
            if not may_take(problem, request.user, body_class.taker):
                raise PermissionDenied(gettext("您无权对该问题执行此操作。"))
            raise ValidationError(body.errors)
        data = body.validated_data
        if data.get("version"):
            problem.version = data["version"]
        audit.set_reason(reason)
        run_step(lambda: step(problem, data))
        return Response(self.get_serializer(self.get_queryset().filter(pk=problem.pk).first() or problem).data)

    @step_schema(
        "交办（改派）",
        AssignSerializer,
        "市级调度（项目所在区域）交办给主办、协办单位；办理中可改派。办理时限按工作日从交办日期起算。",
    )
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: Any = None) -> Response:
        return self._step(
            request,
            AssignSerializer,
            gettext("交办"),
            lambda p, d: p.assign(
                request.user, d["lead_unit"], d["helper_units"], level=d.get("level"), on=d.get("on"), note=d["note"]
            ),
        )

    @step_schema(
        "办理反馈（协办反馈）",
        ReplySerializer,
        "主办单位反馈（问题转为办理中）或协办单位反馈，可附文件（multipart 的 files）。",
    )
    @action(detail=True, methods=["post"])
    def reply(self, request: Request, pk: Any = None) -> Response:
        return self._step(
            request,
            ReplySerializer,
            gettext("办理反馈"),
            lambda p, d: p.reply(request.user, d["content"], d["files"], on=d.get("on")),
        )

    @step_schema(
        "申请延期",
        ExtensionRequestBodySerializer,
        "主办单位申请延期，最迟在办理时限前规定的工作日数（默认1个）提出，超过则返回 400。",
    )
    @action(detail=True, methods=["post"], url_path="request-extension")
    def request_extension(self, request: Request, pk: Any = None) -> Response:
        return self._step(
            request,
            ExtensionRequestBodySerializer,
            gettext("申请延期"),
            lambda p, d: p.request_extension(request.user, d["new_deadline"], d["reason"], on=d.get("on")),
        )

    @step_schema(
        "审批延期申请",
        ExtensionDecisionSerializer,
        "市级调度同意（办理时限改为申请的日期）或不同意（须说明理由）待审批的延期申请。",
    )
    @action(detail=True, methods=["post"], url_path="decide-extension")
    def decide_extension(self, request: Request, pk: Any = None) -> Response:
        return self._step(
            request,
            ExtensionDecisionSerializer,
            gettext("审批延期申请"),
            lambda p, d: p.decide_extension(request.user, d["approve"], d["note"], on=d.get("on")),
        )

    @step_schema(
        "办结", ResolveSerializer, "主办单位填写办结情况，可附文件（multipart 的 files）；之后由市级调度销号或退回。"
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, pk: Any = None) -> Response:
        return self._step(
            request,
            ResolveSerializer,
            gettext("办结"),
            lambda p, d: p.resolve(request.user, d["resolution"], d["files"], on=d.get("on")),
        )

    @step_schema("销号", CloseSerializer, "市级调度核实已办结的问题并销号，闭环完成；未办结的问题返回 400。")
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: Any = None) -> Response:
        return self._step(
            request, CloseSerializer, gettext("销号"), lambda p, d: p.close(request.user, d["note"], on=d.get("on"))
        )

    @step_schema("退回", ReturnSerializer, "市级调度不认可办结情况，退回主办单位重办，办理时限从退回日期重新起算。")
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request: Request, pk: Any = None) -> Response:
        return self._step(
            request,
            ReturnSerializer,
            gettext("退回"),
            lambda p, d: p.send_back(request.user, d["reason"], on=d.get("on")),
        )

    @extend_schema(
        summary="问题统计",
        description="办理绩效（按主办单位、问题类型或两者）、按类型的年度提出/解决/未办结/逾期数和各状态问题数；"
        "范围为当前用户可见的问题，列表的筛选条件同样适用。",
        parameters=[
            OpenApiParameter("as_of", OpenApiTypes.DATE, description="统计日期，默认今天"),
            OpenApiParameter("year", OpenApiTypes.INT, description="按类型统计的年度，默认统计日期所在年度"),
            OpenApiParameter(
                "group", str, enum=list(queries.PERFORMANCE_GROUPS), description="办理绩效分组：unit、kind、unit_kind"
            ),
        ],
        responses=ProblemStatsSerializer,
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def stats(self, request: Request) -> Response:
        """办理绩效 (per lead unit, kind or both), counts per kind for a year (raised, solved — what targets such
        as "解决100个用地报批难题" count — open, overdue) and problems per status, over the problems the user can
        see; the list's filters narrow the set."""
        params = ProblemStatsQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        as_of = params.validated_data.get("as_of") or timezone.localdate()
        year = params.validated_data.get("year") or as_of.year
        group = params.validated_data["group"]
        problems = self.filter_queryset(Problem.objects.visible_to(request.user))
        data = {
            "as_of": as_of,
            "year": year,
            "group": group,
            "performance": [row.as_dict() for row in queries.performance(problems, as_of, group)],
            "by_kind": [
                {
                    "kind": row.kind.code,
                    "kind_name": row.kind.name,
                    "raised": row.raised,
                    "solved": row.solved,
                    "open": row.open,
                    "overdue": row.overdue,
                    "resolution_rate": row.resolution_rate,
                }
                for row in queries.counts_by_kind(problems, year, as_of)
            ],
            "status_counts": queries.status_counts(problems),
        }
        return Response(ProblemStatsSerializer(data).data)


# ---- Handling records, extension requests, kinds --------------------------------------------------------------------


class HandlingRecordSerializer(serializers.ModelSerializer):
    action_display = serializers.CharField(source="get_action_display", read_only=True)
    user = serializers.StringRelatedField(read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True, allow_null=True)
    attachments = StoredFileSerializer(many=True, read_only=True)

    class Meta:
        model = HandlingRecord
        fields = ["id", "problem", "action", "action_display", "user", "unit", "unit_name", "on", "at", "note"]
        fields += ["attachments"]
        read_only_fields = fields


@extend_schema_view(**summaries("办理记录", read_only=True))
class HandlingRecordViewSet(viewsets.ReadOnlyModelViewSet):
    """The timeline of the problems the user can see (``?problem=<id>``), with their attachments; written only
    through the problem's workflow actions."""

    serializer_class = HandlingRecordSerializer
    filterset_class = HandlingRecordFilterSet
    ordering_fields = ["on", "at"]

    def get_queryset(self) -> Any:
        return (
            HandlingRecord.objects.visible_to(self.request.user)
            .select_related("user", "unit")
            .prefetch_related("attachments")
        )


class ExtensionRequestSerializer(serializers.ModelSerializer):
    problem_code = serializers.CharField(source="problem.code", read_only=True)
    requested_by = serializers.StringRelatedField(read_only=True)
    decided_by = serializers.StringRelatedField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = ExtensionRequest
        fields = [
            "id",
            "problem",
            "problem_code",
            "requested_by",
            "requested_on",
            "current_deadline",
            "new_deadline",
            "reason",
            "status",
            "status_display",
            "decided_by",
            "decided_on",
            "decision_note",
        ]
        read_only_fields = fields


@extend_schema_view(**summaries("延期申请", read_only=True))
class ExtensionRequestViewSet(viewsets.ReadOnlyModelViewSet):
    """延期申请 of the problems the user can see (``?problem=<id>&status=pending``); made and decided through
    ``problems/{id}/request-extension/`` and ``decide-extension/``."""

    serializer_class = ExtensionRequestSerializer
    filterset_class = ExtensionRequestFilterSet
    ordering_fields = ["requested_on", "new_deadline"]

    def get_queryset(self) -> Any:
        return ExtensionRequest.objects.visible_to(self.request.user).select_related(
            "problem", "requested_by", "decided_by"
        )


class ProblemKindSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProblemKind
        fields = ["id", "code", "name", "lead_days", "helper_days", "order", "active"]
        read_only_fields = fields


@extend_schema_view(**summaries("问题类型", read_only=True))
class ProblemKindViewSet(viewsets.ReadOnlyModelViewSet):
    """问题类型 with their working-day limits (主办, 协办), kept by administrators; problems name them by code."""

    serializer_class = ProblemKindSerializer
    pagination_class = None
    lookup_field = "code"

    def get_queryset(self) -> Any:
        return ProblemKind.objects.visible_to(self.request.user)


# ---- Notifications --------------------------------------------------------------------------------------------------


class NotificationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    problem_code = serializers.CharField(source="problem.code", read_only=True, allow_null=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True, help_text=_("相关页面地址。"))

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_display", "problem", "problem_code", "message", "url", "created", "read_at"]
        read_only_fields = fields


@extend_schema_serializer(many=False)
class ReadAllSerializer(serializers.Serializer):
    updated = serializers.IntegerField(help_text=_("本次标记为已读的通知数。"))


@extend_schema_view(**summaries("通知", read_only=True))
class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The signed-in user's own notifications (``?show=unread``), newest first; another user's is a 404."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    ordering_fields = ["created"]

    def get_queryset(self) -> Any:
        return Notification.objects.visible_to(self.request.user).select_related("problem")

    @extend_schema(summary="标记已读", request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: Any = None) -> Response:
        """Mark one notification read (already read: unchanged)."""
        notification = self.get_object()
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
        return Response(self.get_serializer(notification).data)

    @extend_schema(summary="全部标记已读", request=None, responses=ReadAllSerializer, filters=False)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        """Mark all of the user's unread notifications read."""
        updated = self.get_queryset().unread().update(read_at=timezone.now())
        return Response({"updated": updated})


def register(router: BaseRouter) -> None:
    """Add the problem endpoints to the API router (called from ``tuijin/api/urls.py``)."""
    router.register("problems", ProblemViewSet, basename="problem")
    router.register("handling-records", HandlingRecordViewSet, basename="handling-record")
    router.register("extension-requests", ExtensionRequestViewSet, basename="extension-request")
    router.register("problem-kinds", ProblemKindViewSet, basename="problem-kind")
    router.register("notifications", NotificationViewSet, basename="notification")
