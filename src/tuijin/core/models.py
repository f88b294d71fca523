"""Core models: the tracked base model, regions, units, users and their role assignments."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tuijin.core import audit
from tuijin.core.choices import RegionKind, Role, UnitKind
from tuijin.core.scope import ScopedManager, ScopeRule
from tuijin.core.validators import validate_credit_code


class ConflictError(ValidationError):
    """Raised when a save starts from a version that someone else has already replaced."""

    def __init__(self, model: models.Model, expected: int, current: int | None) -> None:
        name = model._meta.verbose_name
        if current is None:
            message = _("该%(name)s已被删除，无法保存。") % {"name": name}
        else:
            message = _(
                "该%(name)s已被其他用户修改（您编辑的是第%(expected)s版，当前为第%(current)s版），"
                "为避免覆盖他人的修改，本次保存未生效。请刷新页面后重新修改。"
            ) % {"name": name, "expected": expected, "current": current}
        super().__init__(message, code="conflict")


class HistoryBase(models.Model):
    """Extra columns on every history table: where the write came from (web, api, command:…, task:…)."""

    history_source = models.CharField(_("来源"), max_length=100, blank=True, default="")

    class Meta:
        abstract = True


class TrackedModel(models.Model):
    """Base of every domain model: timestamps, a version for conflict detection, history, scope.

    ``save()`` raises ConflictError when the row's version in the database is no longer the one this
    instance was loaded (or submitted) with, so two edits of the same version cannot both land.
    Every write leaves a history record with the audit context's user, reason and source.
    """

    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    history = HistoricalRecords(
        inherit=True,
        get_user=audit.history_user,
        bases=[HistoryBase],
    )
    objects = ScopedManager()

    scope: ScopeRule = ScopeRule(region=None)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        with transaction.atomic():
            if not self._state.adding and self.pk is not None:
                model = type(self)
                bumped = model._base_manager.filter(pk=self.pk, version=self.version).update(version=F("version") + 1)
                if not bumped:
                    current = model._base_manager.filter(pk=self.pk).values_list("version", flat=True).first()
                    raise ConflictError(self, self.version, current)
                self.version += 1
            if not getattr(self, "_change_reason", None):
                self._change_reason = audit.current().reason or None
            super().save(*args, **kwargs)
            # A reason belongs to one write; the next save asks the context again.
            self._change_reason = None

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if not getattr(self, "_change_reason", None):
            self._change_reason = audit.current().reason or None
        return super().delete(*args, **kwargs)


class Region(TrackedModel):
    """An administrative region (GB/T 2260) or a functional zone with a local code, in one tree.

    ``path`` is the chain of codes from the root, e.g. ``/350000/350500/350502/``, so a subtree is a
    prefix match: scope filters on every model become one indexed ``LIKE 'prefix%'``.
    """

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    short_name = models.CharField(_("简称"), max_length=20, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=RegionKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(_("路径"), max_length=255, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(_("层级"), default=0, editable=False)
    in_statistics = models.BooleanField(
        _("纳入统计"), default=True, help_text=_("不纳入统计的区域（如金门县）不参与汇总与排名。")
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    scope = ScopeRule(region="")

    class Meta:
        verbose_name = _("区域")
        verbose_name_plural = _("区域")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(code=""),
                name="region_code_not_empty",
                violation_error_message=_("区划代码不能为空。"),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        old_path = self.path
        self.path = f"{self.parent.path if self.parent else '/'}{self.code}/"
        self.depth = self.parent.depth + 1 if self.parent else 0
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            for child in self.children.all():
                child.save()

    def clean(self) -> None:
        if self.kind == RegionKind.ZONE:
            if self.parent is None:
                raise ValidationError({"parent": _("功能区必须隶属于一个上级区域。")})
        elif not (self.code.isdigit() and len(self.code) == 6):
            raise ValidationError({"code": _("行政区划代码应为6位数字（GB/T 2260），功能区请选择类型“功能区”。")})
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("上级区域不能是自身或自身的下级。")})
            ancestor = ancestor.parent

    def subtree(self) -> models.QuerySet[Region]:
        return Region.objects.filter(path__startswith=self.path)

    def ancestors(self) -> list[Region]:
        chain: list[Region] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


class Unit(TrackedModel):
    """A unit (单位): a government department, an institution or an enterprise, located in a region."""

    name = models.CharField(_("单位名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    kind = models.CharField(_("单位类型"), max_length=20, choices=UnitKind.choices, default=UnitKind.GOVERNMENT)
    region = models.ForeignKey(Region, verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="units")
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, validators=[validate_credit_code])
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    scope = ScopeRule(region="region", unit="", edit_roles=frozenset({Role.DISPATCHER}))

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["region__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="unit_name_unique_in_region",
                violation_error_message=_("同一区域内已有同名单位。"),
            ),
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(credit_code=""),
                name="unit_credit_code_unique",
                violation_error_message=_("该统一社会信用代码已被其他单位使用。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:unit_detail", args=[self.pk])

    def clean_fields(self, exclude: Any = None) -> None:
        # Normalise before the validators run: codes are often typed in lower case or with spaces.
        self.credit_code = (self.credit_code or "").strip().upper()
        self.name = (self.name or "").strip()
        super().clean_fields(exclude=exclude)


class TuijinUserManager(UserManager["User"]):
    pass


class User(AbstractUser):
    """A person who signs in. Roles and their regions are rows in RoleAssignment, never JSON."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号"), max_length=30, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("所在单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )

    history = HistoricalRecords(
        get_user=audit.history_user,
        bases=[HistoryBase],
        excluded_fields=["password", "last_login"],
    )
    objects = TuijinUserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def _assignment_rows(self) -> list[tuple[str, str, int]]:
        """(role, region path, region id) of every assignment, read once per user object."""
        cached = getattr(self, "_assignments_cache", None)
        if cached is None:
            if self.pk is None:
                cached = []
            else:
                cached = list(self.role_assignments.values_list("role", "region__path", "region_id"))
            self._assignments_cache = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return any(role in roles for role, _path, _id in self._assignment_rows())

    @property
    def roles(self) -> list[str]:
        return sorted({role for role, _path, _id in self._assignment_rows()})

    def region_paths(self, roles: Iterable[str]) -> list[str]:
        wanted = set(roles)
        return sorted({path for role, path, _id in self._assignment_rows() if role in wanted})

    def scope_regions(self) -> models.QuerySet[Region]:
        """The regions at the top of the user's scope (one per assignment)."""
        return Region.objects.filter(pk__in={region_id for _role, _path, region_id in self._assignment_rows()})

    def role_labels(self) -> list[str]:
        labels = [str(Role(role).label) for role in self.roles]
        if self.is_superuser and str(Role.ADMIN.label) not in labels:
            labels.insert(0, str(Role.ADMIN.label))
        return labels


class RoleAssignment(TrackedModel):
    """One role of one user over one region subtree (e.g. 区县填报 @ 晋江市)."""

    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("范围区域"), on_delete=models.PROTECT, related_name="role_assignments"
    )

    scope = ScopeRule(region="region")

    class Meta:
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")
        ordering = ["user__username", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                name="role_assignment_unique",
                violation_error_message=_("该用户在此区域已有该角色。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} @ {self.region}"

    def clean(self) -> None:
        if self.role == Role.HANDLER and self.user_id and not self.user.unit_id:
            raise ValidationError({"role": _("部门办理角色的用户必须先设置所在单位。")})


class LoginFailure(models.Model):
    """A failed sign-in, counted for throttling across all server processes."""

    username = models.CharField(_("用户名"), max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP地址"), null=True, blank=True, db_index=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("登录失败记录")
        verbose_name_plural = _("登录失败记录")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.username} @ {self.ip_address}"
