"""Notifications of problem coordination: one row per recipient and message, e-mailed when SMTP is configured."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuijin.core.choices import Role
from tuijin.core.models import Unit, User
from tuijin.problems.choices import (
    NotificationKind,
)
from tuijin.projects.models import Project

if TYPE_CHECKING:
    from tuijin.problems.models.problems import Problem


# ---- Notifications ---------------------------------------------------------------------------------------------


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> NotificationQuerySet:
        """A notification is its recipient's alone (administrators included)."""
        if not (user and user.is_authenticated):
            return self.none()
        return self.filter(user=user)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message to one user about a problem (new assignment, deadline near, overdue, returned, extension …).

    Not a tracked model: a notification records that something was said, it is never edited except to mark it
    read. ``key`` makes reminders idempotent (one 即将到期 per problem and deadline).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("类型"), max_length=30, choices=NotificationKind.choices)
    problem = models.ForeignKey(
        "Problem", verbose_name=_("问题"), null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(_("内容"), max_length=300)
    key = models.CharField(_("去重键"), max_length=100, blank=True, default="")
    created = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    emailed = models.BooleanField(_("已发邮件"), default=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], condition=~Q(key=""), name="notification_key_unique")
        ]

    def __str__(self) -> str:
        return self.message

    def get_absolute_url(self) -> str:
        return self.problem.get_absolute_url() if self.problem_id else reverse("problems:notification_list")


def unit_handlers(units: Iterable[Unit | None]) -> models.QuerySet[User]:
    """Active 部门办理 users of the units."""
    ids = [unit.pk for unit in units if unit is not None]
    return User.objects.filter(is_active=True, unit_id__in=ids, role_assignments__role=Role.HANDLER).distinct()


def dispatchers_for(project: Project) -> list[User]:
    """Active 市级调度 users whose scope covers the project's region."""
    path = project.region.path
    users = User.objects.filter(is_active=True, role_assignments__role=Role.DISPATCHER).distinct()
    return [user for user in users if any(path.startswith(p) for p in user.region_paths({Role.DISPATCHER}))]


def notify_users(users: Iterable[User], kind: str, problem: Problem | None, message: str, key: str = "") -> int:
    """Create one notification per user (skipping those that already have ``key``); e-mail them when SMTP is
    configured. Returns how many were created."""
    from tuijin.problems.tasks import send_notification_emails

    created: list[int] = []
    for user in users:
        if key and Notification.objects.filter(user=user, key=key).exists():
            continue
        created.append(
            Notification.objects.create(user=user, kind=kind, problem=problem, message=message[:300], key=key).pk
        )
    if created and settings.EMAIL_HOST:
        transaction.on_commit(lambda: send_notification_emails.enqueue(created))
    return len(created)


def notify_units(units: Iterable[Unit | None], kind: str, problem: Problem, message: str, key: str = "") -> int:
    return notify_users(unit_handlers(units), kind, problem, message, key)
