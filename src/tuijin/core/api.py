"""REST API of the core app (regions, units, the current user) and the base classes every app's API uses."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

from tuijin.core import audit
from tuijin.core.filters import RegionFilterSet, UnitFilterSet
from tuijin.core.models import ConflictError, Region, Unit, User
from tuijin.core.scope import can_create


class TrackedModelSerializer(serializers.ModelSerializer):
    """Base serializer: validation by the model's ``full_clean()``, ``version`` for conflicts, ``reason`` for history.

    An update must send the ``version`` it read; a stale one is answered 409 by ``api_exception_handler``.
    """

    version = serializers.IntegerField(required=False, help_text="读取时的版本号；修改时必填，用于拒绝过期的修改。")
    reason = serializers.CharField(write_only=True, required=False, max_length=500, help_text="修改原因，记入历史。")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None:
            if not attrs.get("version"):
                raise ValidationError({"version": "修改时必须提交读取时的版本号。"})
            if not (attrs.get("reason") or "").strip():
                raise ValidationError({"reason": "请填写修改原因。"})
        return attrs

    def _save(self, instance: Any, attrs: dict[str, Any]) -> Any:
        reason = (attrs.pop("reason", "") or "").strip() or "新建"
        version = attrs.pop("version", None)
        for name, value in attrs.items():
            setattr(instance, name, value)
        if instance.pk and version:
            instance.version = version
        try:
            instance.full_clean()
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages) from error
        audit.set_reason(reason)
        instance.save()
        return instance

    def create(self, validated_data: dict[str, Any]) -> Any:
        return self._save(self.Meta.model(), validated_data)

    def update(self, instance: Any, validated_data: dict[str, Any]) -> Any:
        return self._save(instance, validated_data)


class ScopedModelViewSet(viewsets.ModelViewSet):
    """Reads through ``visible_to``; writes only on ``editable_by`` rows; out-of-scope is 404."""

    def get_queryset(self) -> Any:
        model = self.serializer_class.Meta.model
        user = self.request.user
        if self.action in {"update", "partial_update", "destroy"}:
            return model.objects.editable_by(user)
        return model.objects.visible_to(user)

    def perform_create(self, serializer: TrackedModelSerializer) -> None:
        if not can_create(serializer.Meta.model.scope, self.request.user):
            raise Http404
        self._save_in_scope(serializer)

    def perform_update(self, serializer: TrackedModelSerializer) -> None:
        self._save_in_scope(serializer)

    def _save_in_scope(self, serializer: TrackedModelSerializer) -> None:
        """Save, then roll back if the row would land outside what the user may change."""
        model = serializer.Meta.model
        with transaction.atomic():
            obj = serializer.save()
            if not model.objects.editable_by(self.request.user).filter(pk=obj.pk).exists():
                raise ValidationError({"region": "该区域不在您的可编辑范围内。"})

    def perform_destroy(self, instance: Any) -> None:
        audit.set_reason(self.request.query_params.get("reason") or "API 删除")
        instance.delete()


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler plus: a version conflict is 409, a model ValidationError is 400 with its messages."""
    if isinstance(exc, ConflictError):
        return Response({"detail": exc.messages[0], "code": "conflict"}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    return exception_handler(exc, context)


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Region
        fields = ["id", "code", "name", "short_name", "kind", "kind_display", "parent", "depth", "in_statistics"]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Regions in the user's scope (GB/T 2260 codes and functional zones). Look up by code."""

    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    lookup_field = "code"
    ordering_fields = ["code", "name", "path"]

    def get_queryset(self) -> Any:
        return Region.objects.visible_to(self.request.user).select_related("parent")


class UnitSerializer(TrackedModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Unit
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "kind_display",
            "region",
            "credit_code",
            "contact_person",
            "contact_phone",
            "is_active",
            "version",
            "reason",
            "created",
            "updated",
        ]
        read_only_fields = ["created", "updated"]


class UnitViewSet(ScopedModelViewSet):
    """Units (government departments, institutions, enterprises) in the user's scope."""

    serializer_class = UnitSerializer
    filterset_class = UnitFilterSet
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["name", "region__path", "kind"]


class MeSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()
    unit = serializers.StringRelatedField()

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "email", "unit", "roles"]

    def get_roles(self, user: User) -> list[dict[str, str]]:
        return [
            {"role": role, "region": code, "region_name": name}
            for role, code, name in user.role_assignments.values_list("role", "region__code", "region__name")
        ]


class MeView(APIView):
    """The signed-in user, their unit and their role assignments (the scope every other endpoint applies)."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)
