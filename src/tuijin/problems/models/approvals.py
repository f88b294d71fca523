"""Approval items (前期手续, 帮办代办) of projects and site inspections (督查) with their photos."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuijin.core import audit, files, workdays
from tuijin.core.choices import Role
from tuijin.core.models import TrackedModel, Unit
from tuijin.core.periods import date_label
from tuijin.core.scope import ScopeRule
from tuijin.core.validators import not_in_future
from tuijin.problems.choices import (
    ApprovalStatus,
    ApprovalType,
)
from tuijin.problems.models.problems import PROBLEM_EDIT_ROLES, Attachment, StoredFile
from tuijin.projects.models import Project

# ---- Approval items (前期手续) ---------------------------------------------------------------------------------


class ApprovalItem(TrackedModel):
    """One approval a project needs before it can start (立项, 用地, 规划, 施工许可, 环评 …), handled by a unit, with
    a 帮办代办 agent who walks it through, planned and actual dates and the document number."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="approvals")
    type = models.CharField(_("手续类型"), max_length=20, choices=ApprovalType.choices)
    name = models.CharField(_("手续名称"), max_length=100, blank=True, help_text=_("类型为“其他”时必填。"))
    handling_unit = models.ForeignKey(
        Unit, verbose_name=_("审批部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="approvals"
    )
    agent_name = models.CharField(_("帮办代办员"), max_length=50, blank=True)
    agent_phone = models.CharField(_("代办员电话"), max_length=30, blank=True)
    status = models.CharField(
        _("办理状态"), max_length=20, choices=ApprovalStatus.choices, default=ApprovalStatus.NOT_STARTED
    )
    planned_on = models.DateField(_("计划取得日期"), null=True, blank=True)
    started_on = models.DateField(_("启动（受理）日期"), null=True, blank=True)
    obtained_on = models.DateField(_("取得日期"), null=True, blank=True)
    document_no = models.CharField(_("批准文号"), max_length=100, blank=True)
    note = models.CharField(_("备注"), max_length=500, blank=True)

    scope = ScopeRule(region="project__region", unit="handling_unit", edit_roles=PROBLEM_EDIT_ROLES, unit_edit=True)

    class Meta:
        verbose_name = _("前期手续")
        verbose_name_plural = _("前期手续")
        ordering = ["project__code", "type", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "type"],
                condition=~Q(type=ApprovalType.OTHER),
                name="approval_type_unique_per_project",
                violation_error_message=_("该项目已有这一类型的手续。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.project.name} · {self.label}"

    @property
    def label(self) -> str:
        return self.name if self.type == ApprovalType.OTHER and self.name else str(self.get_type_display())

    def get_absolute_url(self) -> str:
        return reverse("problems:approval_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.type == ApprovalType.OTHER and not self.name.strip():
            errors["name"] = _("类型为“其他”时请填写手续名称。")
        for field in ("started_on", "obtained_on"):
            not_in_future(getattr(self, field), field, errors)
        if self.status == ApprovalStatus.NOT_STARTED and (self.started_on or self.obtained_on):
            errors["status"] = _("已填写启动或取得日期，状态不能为“未启动”。")
        if self.status == ApprovalStatus.IN_PROGRESS:
            if not self.started_on:
                errors["started_on"] = _("办理中的手续请填写启动（受理）日期。")
            if self.obtained_on:
                errors["obtained_on"] = _("已填写取得日期，状态应为“已取得”。")
        if self.status == ApprovalStatus.OBTAINED and not self.obtained_on:
            errors["obtained_on"] = _("已取得的手续请填写取得日期。")
        if self.started_on and self.obtained_on and self.obtained_on < self.started_on:
            errors["obtained_on"] = _("取得日期不能早于启动（受理）日期。")
        if errors:
            raise ValidationError(errors)

    def duration_workdays(self) -> int | None:
        """Working days from 启动 to 取得."""
        if self.started_on and self.obtained_on:
            return workdays.workdays_between(self.started_on, self.obtained_on)
        return None


# ---- Site inspections (督查) -----------------------------------------------------------------------------------


class Inspection(TrackedModel):
    """A site inspection of a project: who went, what they found, how many workers were on site, photos.
    Problems found on site are raised from it (``Problem.inspection``)."""

    on = models.DateField(_("督查日期"), default=timezone.localdate)
    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="inspections")
    inspectors = models.CharField(_("督查人员"), max_length=200)
    findings = models.TextField(_("督查情况"))
    workers_seen = models.PositiveIntegerField(_("现场施工人数"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    scope = ScopeRule(region="project__region", edit_roles=frozenset({Role.DISPATCHER}))

    class Meta:
        verbose_name = _("督查记录")
        verbose_name_plural = _("督查记录")
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{date_label(self.on)} {self.project.name}"

    def get_absolute_url(self) -> str:
        return reverse("problems:inspection_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        not_in_future(self.on, "on", errors)
        if errors:
            raise ValidationError(errors)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding and self.recorded_by_id is None:
            user = audit.current().resolved_user()
            self.recorded_by = user if user and user.is_authenticated else None
        super().save(*args, **kwargs)

    def attach(self, uploads: Iterable[Any]) -> list[StoredFile]:
        """Store photos (images only, checked by content and size; one bad file stores none)."""
        return InspectionPhoto.store_all(uploads, inspection=self)


class InspectionPhoto(StoredFile):
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("督查记录"), on_delete=models.CASCADE, related_name="photos"
    )

    folder = "inspections"
    allowed_kinds = files.IMAGE_KINDS
    scope = ScopeRule(region="inspection__project__region", edit_roles=frozenset({Role.DISPATCHER}))

    class Meta:
        verbose_name = _("现场照片")
        verbose_name_plural = _("现场照片")
        ordering = ["pk"]

    def get_absolute_url(self) -> str:
        return reverse("problems:photo", args=[self.pk])


@receiver(post_delete, sender=Attachment)
@receiver(post_delete, sender=InspectionPhoto)
def remove_stored_file(sender: type[StoredFile], instance: StoredFile, **kwargs: Any) -> None:
    """Also when the row goes with its problem or inspection (a cascade calls no ``delete()`` of its own)."""
    instance.remove_file_on_commit()
