"""Closed-loop problems (问题协调, DOMAIN.md §7): settings, kinds, the problem and its workflow, handling records,
attachments and extension requests (notifications and approval items/inspections are in their own modules).

A problem is raised on a project, assigned (交办) by a dispatcher to a lead unit (主办) and helper units (协办)
with deadlines in official working days (``core.workdays``), handled with feedback, resolved (办结) by the lead
unit, and verified (销号) or sent back (退回) by the dispatcher. Every step is a ``HandlingRecord`` (the timeline)
and goes through a method of ``Problem`` that checks who may take it and when; views, the API, imports and the
demo call these methods, never set ``status`` themselves.

Who may do what (ARCHITECTURE.md, "Roles"): 区县填报 and 市级调度 raise problems on projects of their regions;
a 市级调度 over the project's region assigns, decides extensions, closes and sends back; a 部门办理 of the lead
unit replies, asks for an extension and resolves; a 部门办理 of a helper unit replies. 系统管理员 may do all.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tuijin.core import audit, files, workdays
from tuijin.core.choices import Role
from tuijin.core.models import TrackedModel, Unit
from tuijin.core.periods import date_label
from tuijin.core.scope import ScopedQuerySet, ScopeRule, is_admin
from tuijin.core.validators import not_in_future
from tuijin.problems.choices import (
    OPEN_STATUSES,
    Action,
    ExtensionStatus,
    Level,
    NotificationKind,
    ProblemStatus,
    Urgency,
)
from tuijin.problems.models.notifications import dispatchers_for, notify_units, notify_users, unit_handlers
from tuijin.projects.models import Project

PROBLEM_EDIT_ROLES = frozenset({Role.REPORTER, Role.DISPATCHER})


def _today(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


# ---- Settings and kinds ----------------------------------------------------------------------------------------


class ProblemSettings(TrackedModel):
    """Limits of the problem workflow, approval and inspection rules (one row, edited by the administrator).

    Defaults are DOMAIN.md §5 and §7; per-kind working-day limits are on ``ProblemKind``.
    """

    blue_days = models.PositiveSmallIntegerField(
        _("临期提醒（工作日）"), default=2, help_text=_("距截止日期不超过该工作日数时标蓝。")
    )
    extension_notice_days = models.PositiveSmallIntegerField(
        _("延期申请须提前（工作日）"), default=1, help_text=_("最迟在截止日期前该工作日数提出延期申请。")
    )
    attachment_max_mb = models.PositiveSmallIntegerField(
        _("附件大小上限（MB）"), default=10, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    land_to_start_days = models.PositiveSmallIntegerField(
        _("拿地即开工（天）"), default=30, help_text=_("取得土地后该天数内开工的项目计为“拿地即开工”。")
    )

    scope = ScopeRule(region=None)

    class Meta:
        verbose_name = _("问题协调设置")
        verbose_name_plural = _("问题协调设置")

    def __str__(self) -> str:
        return str(_("问题协调设置"))

    @classmethod
    def current(cls) -> ProblemSettings:
        row = cls.objects.order_by("pk").first()
        if row is None:
            row = cls.objects.create()
        return row

    @property
    def attachment_max_bytes(self) -> int:
        return self.attachment_max_mb * 1024 * 1024


# (code, name, 主办 working days, 协办 working days): DOMAIN.md §7. Migration 0002 adds them.
DEFAULT_KINDS = [
    ("land", "用地报批", 7, 3),
    ("relocation", "征迁", 7, 3),
    ("grid", "电网迁改", 7, 3),
    ("approval", "审批手续", 7, 3),
    ("funding", "资金", 7, 3),
    ("environment", "施工环境", 7, 3),
    ("other", "其他", 7, 3),
]


class ProblemKind(TrackedModel):
    """A kind of problem (用地报批, 征迁 …) with its working-day limits; the list is kept by administrators.

    ``code`` is stable (indicators such as 用地报批解决数 refer to it); the name may change.
    """

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=30, unique=True)
    lead_days = models.PositiveSmallIntegerField(_("主办时限（工作日）"), default=7, validators=[MinValueValidator(1)])
    helper_days = models.PositiveSmallIntegerField(
        _("协办回复时限（工作日）"), default=3, validators=[MinValueValidator(1)]
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    scope = ScopeRule(region=None)

    class Meta:
        verbose_name = _("问题类型")
        verbose_name_plural = _("问题类型")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.helper_days and self.lead_days and self.helper_days > self.lead_days:
            raise ValidationError({"helper_days": _("协办回复时限不能长于主办时限。")})

    @classmethod
    def ensure_defaults(cls) -> None:
        for order, (code, name, lead_days, helper_days) in enumerate(DEFAULT_KINDS, start=1):
            if not cls.objects.filter(code=code).exists():
                cls.objects.create(code=code, name=name, lead_days=lead_days, helper_days=helper_days, order=order)


# ---- Problems --------------------------------------------------------------------------------------------------


class ProblemQuerySet(ScopedQuerySet):
    def open(self) -> ProblemQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, as_of: datetime.date) -> ProblemQuerySet:
        """Open problems past their deadline at ``as_of``: the 督办 list (red)."""
        return self.open().filter(deadline__lt=as_of)

    def due_soon(self, as_of: datetime.date, blue_days: int) -> ProblemQuerySet:
        """Open problems within ``blue_days`` working days of their deadline (blue); deadlines are working days."""
        last = workdays.add_workdays(as_of, blue_days).date
        return self.open().filter(deadline__gte=as_of, deadline__lte=last)

    def of_unit(self, unit: Unit | int) -> ProblemQuerySet:
        """Problems the unit leads or helps with."""
        return self.filter(Q(lead_unit=unit) | Q(helper_units=unit)).distinct()


ProblemManager = models.Manager.from_queryset(ProblemQuerySet)


def is_dispatcher_for(user: Any, project: Project) -> bool:
    """A 市级调度 whose scope covers the project's region, or an administrator."""
    if is_admin(user):
        return True
    if not (user and user.is_authenticated and user.is_active):
        return False
    path = project.region.path
    return any(path.startswith(prefix) for prefix in user.region_paths({Role.DISPATCHER}))


def is_handler_of(user: Any, unit_id: int | None) -> bool:
    """A 部门办理 working for the unit."""
    return bool(
        unit_id
        and user
        and user.is_authenticated
        and user.is_active
        and user.has_role(Role.HANDLER)
        and user.unit_id == unit_id
    )


# How many numbers a new problem tries when simultaneous inserts keep taking the next one.
CODE_ATTEMPTS = 5


class Problem(TrackedModel):
    """A problem blocking a key project, tracked until the dispatcher verifies it solved (销号)."""

    code = models.CharField(_("问题编号"), max_length=20, unique=True, editable=False)
    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="problems")
    kind = models.ForeignKey(ProblemKind, verbose_name=_("问题类型"), on_delete=models.PROTECT, related_name="problems")
    title = models.CharField(_("问题概述"), max_length=100)
    description = models.TextField(_("问题描述"))
    demand = models.TextField(_("协调诉求"), blank=True)
    level = models.CharField(_("协调层级"), max_length=20, choices=Level.choices, default=Level.DISTRICT)
    raised_on = models.DateField(_("提出日期"), default=timezone.localdate)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提出人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    inspection = models.ForeignKey(
        "Inspection",
        verbose_name=_("来源督查"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=ProblemStatus.choices, default=ProblemStatus.RAISED, editable=False
    )
    lead_unit = models.ForeignKey(
        Unit,
        verbose_name=_("主办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_problems",
        editable=False,
    )
    helper_units = models.ManyToManyField(
        Unit, verbose_name=_("协办单位"), blank=True, related_name="helped_problems", editable=False
    )
    assigned_on = models.DateField(_("交办日期"), null=True, blank=True, editable=False)
    deadline = models.DateField(_("办理时限"), null=True, blank=True, editable=False)
    helper_deadline = models.DateField(_("协办回复时限"), null=True, blank=True, editable=False)
    deadline_estimated = models.BooleanField(
        _("时限为估算"),
        default=False,
        editable=False,
        help_text=_("时限跨越尚未公布节假日安排的年份，按周一至周五估算。"),
    )
    resolved_on = models.DateField(_("办结日期"), null=True, blank=True, editable=False)
    resolution = models.TextField(_("办结情况"), blank=True, editable=False)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True, editable=False)

    scope = ScopeRule(
        region="project__region", unit=("lead_unit", "helper_units"), edit_roles=PROBLEM_EDIT_ROLES, unit_edit=True
    )
    objects = ProblemManager()

    class Meta:
        verbose_name = _("问题")
        verbose_name_plural = _("问题")
        ordering = ["-raised_on", "-pk"]
        indexes = [models.Index(fields=["status", "deadline"]), models.Index(fields=["resolved_on"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("problems:problem_detail", args=[self.pk])

    # -- validation and saving --

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        not_in_future(self.raised_on, "raised_on", errors)
        changed = self._changed_fields()
        if self.pk and self.status != ProblemStatus.RAISED and changed:
            errors[NON_FIELD_ERRORS] = _("问题已交办，基本信息不能再修改；如需调整请在办理记录中说明。")
        if self.kind_id and not self.kind.active and (self._state.adding or "kind_id" in changed):
            errors["kind"] = _("该问题类型已停用。")
        if self.inspection_id and self.project_id and self.inspection.project_id != self.project_id:
            errors["inspection"] = _("来源督查记录不是该项目的督查。")
        if errors:
            raise ValidationError(errors)

    DESCRIPTIVE_FIELDS = (
        "project_id", "kind_id", "title", "description", "demand", "level", "raised_on", "inspection_id",
    )  # fmt: skip

    def _changed_fields(self) -> set[str]:
        """The descriptive fields that differ from the stored row (all of them for a new problem)."""
        if self._state.adding or not self.pk:
            return set(self.DESCRIPTIVE_FIELDS)
        stored = Problem.objects.filter(pk=self.pk).values(*self.DESCRIPTIVE_FIELDS).first() or {}
        return {name for name in self.DESCRIPTIVE_FIELDS if stored.get(name) != getattr(self, name)}

    def save(self, *args: Any, **kwargs: Any) -> None:
        adding = self._state.adding
        with transaction.atomic():
            if adding and self.raised_by_id is None:
                user = audit.current().resolved_user()
                self.raised_by = user if user and user.is_authenticated else None
            if adding and not self.code:
                self._save_with_next_code(*args, **kwargs)
            else:
                super().save(*args, **kwargs)
            if adding:
                self._record(Action.RAISE, self.raised_by, None, self.raised_on, self.description)

    def _save_with_next_code(self, *args: Any, **kwargs: Any) -> None:
        """Insert under the next free number; when a simultaneous insert took it, try the one after."""
        for _attempt in range(CODE_ATTEMPTS):
            self.code = self._next_code()
            try:
                with transaction.atomic():
                    super().save(*args, **kwargs)
                return
            except IntegrityError:
                if not Problem.objects.filter(code=self.code).exists():
                    raise
        raise ValidationError(gettext("问题编号分配冲突，请稍后重试。"))

    def _next_code(self) -> str:
        prefix = f"WT{self.raised_on.year}-"
        last = Problem.objects.filter(code__startswith=prefix).order_by("-code").values_list("code", flat=True).first()
        number = int(last.removeprefix(prefix)) + 1 if last else 1
        return f"{prefix}{number:05d}"

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.status != ProblemStatus.RAISED:
            raise ValidationError(_("问题已交办，不能删除；办结后由调度销号。"))
        return super().delete(*args, **kwargs)

    # -- state --

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def urgency(self, as_of: datetime.date | None = None, blue_days: int | None = None) -> str:
        """Red when open past the deadline, blue when within ``blue_days`` working days of it (DOMAIN.md §5)."""
        if not self.is_open or self.deadline is None:
            return Urgency.NONE
        as_of = _today(as_of)
        if as_of > self.deadline:
            return Urgency.RED
        if blue_days is None:
            blue_days = ProblemSettings.current().blue_days
        if workdays.workdays_between(as_of, self.deadline) <= blue_days:
            return Urgency.BLUE
        return Urgency.NONE

    def workdays_left(self, as_of: datetime.date | None = None) -> int | None:
        if self.deadline is None or not self.is_open:
            return None
        return workdays.workdays_between(_today(as_of), self.deadline)

    def resolved_late(self) -> bool:
        return bool(self.resolved_on and self.deadline and self.resolved_on > self.deadline)

    def pending_extension(self) -> ExtensionRequest | None:
        return self.extensions.filter(status=ExtensionStatus.PENDING).first()

    def allowed_actions(self, user: Any) -> set[str]:
        """The workflow steps ``user`` may take now (the pages show these buttons, the API these actions)."""
        actions: set[str] = set()
        dispatcher = is_dispatcher_for(user, self.project)
        lead = is_handler_of(user, self.lead_unit_id) or (is_admin(user) and self.lead_unit_id is not None)
        helper = any(is_handler_of(user, unit.pk) for unit in self.helper_units.all())
        if dispatcher and self.status in (ProblemStatus.RAISED, *OPEN_STATUSES):
            actions.add(Action.ASSIGN if self.status == ProblemStatus.RAISED else Action.REASSIGN)
        if self.is_open:
            pending = self.pending_extension()
            if lead:
                actions |= {Action.REPLY, Action.RESOLVE}
                if pending is None:
                    actions.add(Action.EXTENSION_REQUEST)
            if helper:
                actions.add(Action.HELPER_REPLY)
            if dispatcher and pending is not None:
                actions |= {Action.EXTENSION_APPROVE, Action.EXTENSION_REFUSE}
        if dispatcher and self.status == ProblemStatus.RESOLVED:
            actions |= {Action.CLOSE, Action.RETURN}
        return actions

    # -- workflow --

    def _require(self, allowed: bool) -> None:
        if not allowed:
            raise PermissionDenied(gettext("您无权对该问题执行此操作。"))

    def _require_status(self, statuses: Iterable[str], action: str) -> None:
        if self.status not in statuses:
            raise ValidationError(
                gettext("问题当前状态为“%(status)s”，不能%(action)s。")
                % {"status": self.get_status_display(), "action": Action(action).label}
            )

    def _check_date(self, on: datetime.date, not_before: datetime.date | None, what: str) -> None:
        if on > timezone.localdate():
            raise ValidationError(gettext("日期不能晚于今天。"))
        if not_before and on < not_before:
            raise ValidationError(
                gettext("日期不能早于%(what)s（%(date)s）。") % {"what": what, "date": date_label(not_before)}
            )

    def _record(self, action: str, user: Any, unit: Unit | None, on: datetime.date, note: str = "") -> HandlingRecord:
        return HandlingRecord.objects.create(
            problem=self,
            action=action,
            user=user if user and user.is_authenticated else None,
            unit=unit,
            on=on,
            note=note,
        )

    def _set_deadlines(self, start: datetime.date) -> None:
        lead = workdays.add_workdays(start, self.kind.lead_days)
        helper = workdays.add_workdays(start, self.kind.helper_days)
        self.deadline = lead.date
        self.helper_deadline = helper.date
        self.deadline_estimated = lead.estimated or helper.estimated

    def assign(
        self,
        user: Any,
        lead_unit: Unit,
        helper_units: Iterable[Unit] = (),
        *,
        level: str | None = None,
        on: datetime.date | None = None,
        note: str = "",
    ) -> HandlingRecord:
        """交办 (or 改派 while open): set the units, start the working-day clock from ``on``."""
        self._require(is_dispatcher_for(user, self.project))
        self._require_status((ProblemStatus.RAISED, *OPEN_STATUSES), Action.ASSIGN)
        on = _today(on)
        self._check_date(on, self.raised_on, gettext("提出日期"))
        if lead_unit is None:
            raise ValidationError(gettext("请选择主办单位。"))
        helpers = [unit for unit in helper_units if unit.pk != lead_unit.pk]
        if not lead_unit.is_active or any(not unit.is_active for unit in helpers):
            raise ValidationError(gettext("不能交办给已停用的单位。"))
        action = Action.ASSIGN if self.status == ProblemStatus.RAISED else Action.REASSIGN
        with transaction.atomic():
            self.lead_unit = lead_unit
            if level:
                self.level = level
            self.assigned_on = on
            self._set_deadlines(on)
            self.status = ProblemStatus.ASSIGNED
            self.save()
            self.helper_units.set(helpers)
            names = "、".join(unit.name for unit in helpers)
            text = gettext("主办：%(lead)s；协办：%(helpers)s；办理时限：%(deadline)s") % {
                "lead": lead_unit.name,
                "helpers": names or "—",
                "deadline": date_label(self.deadline),
            }
            record = self._record(action, user, None, on, f"{text}\n{note}".strip())
            notify_units(
                [lead_unit, *helpers], NotificationKind.ASSIGNED, self, gettext("新交办问题：%(p)s") % {"p": self}
            )
        return record

    def reply(
        self, user: Any, content: str, attachments: Iterable[Any] = (), *, on: datetime.date | None = None
    ) -> HandlingRecord:
        """办理反馈 by the lead unit (the problem is then 办理中) or 协办反馈 by a helper unit."""
        if not content.strip():
            raise ValidationError(gettext("请填写反馈内容。"))
        lead = is_handler_of(user, self.lead_unit_id) or is_admin(user)
        helper_unit = next((unit for unit in self.helper_units.all() if is_handler_of(user, unit.pk)), None)
        self._require(lead or helper_unit is not None)
        self._require_status(OPEN_STATUSES, Action.REPLY)
        on = _today(on)
        self._check_date(on, self.assigned_on, gettext("交办日期"))
        attachments = list(attachments)
        Attachment.check_all(attachments)
        with transaction.atomic():
            if lead and helper_unit is None:
                if self.status != ProblemStatus.HANDLING:
                    self.status = ProblemStatus.HANDLING
                    self.save()
                record = self._record(Action.REPLY, user, self.lead_unit, on, content)
            else:
                record = self._record(Action.HELPER_REPLY, user, helper_unit, on, content)
            record.attach(attachments)
        return record

    def request_extension(
        self, user: Any, new_deadline: datetime.date, reason: str, *, on: datetime.date | None = None
    ) -> ExtensionRequest:
        """申请延期: by the lead unit, at the latest ``extension_notice_days`` working days before the deadline."""
        self._require(is_handler_of(user, self.lead_unit_id) or is_admin(user))
        self._require_status(OPEN_STATUSES, Action.EXTENSION_REQUEST)
        on = _today(on)
        self._check_date(on, self.assigned_on, gettext("交办日期"))
        if not reason.strip():
            raise ValidationError(gettext("请填写延期理由。"))
        if self.pending_extension() is not None:
            raise ValidationError(gettext("已有一项延期申请待审批。"))
        notice = ProblemSettings.current().extension_notice_days
        latest = workdays.subtract_workdays(self.deadline, notice)
        if on > latest:
            raise ValidationError(
                gettext("延期申请须在办理时限（%(deadline)s）前%(days)s个工作日提出，最迟%(latest)s，现已超过。")
                % {"deadline": date_label(self.deadline), "days": notice, "latest": date_label(latest)}
            )
        if new_deadline <= self.deadline:
            raise ValidationError(gettext("延期后的时限应晚于当前时限。"))
        if not workdays.is_workday(new_deadline):
            raise ValidationError(gettext("延期后的时限应为工作日。"))
        with transaction.atomic():
            request = ExtensionRequest.objects.create(
                problem=self,
                requested_by=user if user.is_authenticated else None,
                requested_on=on,
                current_deadline=self.deadline,
                new_deadline=new_deadline,
                reason=reason,
            )
            text = gettext("申请将时限由%(old)s延至%(new)s：%(reason)s") % {
                "old": date_label(self.deadline),
                "new": date_label(new_deadline),
                "reason": reason,
            }
            self._record(Action.EXTENSION_REQUEST, user, self.lead_unit, on, text)
            notify_users(
                dispatchers_for(self.project),
                NotificationKind.EXTENSION_REQUESTED,
                self,
                gettext("延期申请待审批：%(p)s") % {"p": self},
            )
        return request

    def decide_extension(
        self, user: Any, approve: bool, note: str = "", *, on: datetime.date | None = None
    ) -> ExtensionRequest:
        """同意 (the deadline moves) or 不同意 the pending extension request."""
        self._require(is_dispatcher_for(user, self.project))
        request = self.pending_extension()
        if request is None:
            raise ValidationError(gettext("没有待审批的延期申请。"))
        self._require_status(OPEN_STATUSES, Action.EXTENSION_APPROVE)
        on = _today(on)
        self._check_date(on, request.requested_on, gettext("申请日期"))
        if not approve and not note.strip():
            raise ValidationError(gettext("不同意延期时请说明理由。"))
        with transaction.atomic():
            request.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
            request.decided_by = user if user.is_authenticated else None
            request.decided_on = on
            request.decision_note = note
            request.save()
            if approve:
                self.deadline = request.new_deadline
                self.deadline_estimated = workdays.estimated_between(self.assigned_on or on, self.deadline)
                self.save()
                text = gettext("同意延期至%(date)s") % {"date": date_label(request.new_deadline)}
            else:
                text = gettext("不同意延期")
            action = Action.EXTENSION_APPROVE if approve else Action.EXTENSION_REFUSE
            self._record(action, user, None, on, f"{text}。{note}".strip("。") if note else text)
            recipients = list(unit_handlers([self.lead_unit]))
            if request.requested_by and request.requested_by not in recipients:
                recipients.append(request.requested_by)
            notify_users(
                recipients,
                NotificationKind.EXTENSION_DECIDED,
                self,
                gettext("延期申请%(decision)s：%(p)s") % {"decision": request.get_status_display(), "p": self},
            )
        return request

    def resolve(
        self, user: Any, resolution: str, attachments: Iterable[Any] = (), *, on: datetime.date | None = None
    ) -> HandlingRecord:
        """办结 by the lead unit, with how the problem was solved."""
        self._require(is_handler_of(user, self.lead_unit_id) or is_admin(user))
        self._require_status(OPEN_STATUSES, Action.RESOLVE)
        if not resolution.strip():
            raise ValidationError(gettext("请填写办结情况。"))
        on = _today(on)
        self._check_date(on, self.assigned_on, gettext("交办日期"))
        attachments = list(attachments)
        Attachment.check_all(attachments)
        with transaction.atomic():
            self.status = ProblemStatus.RESOLVED
            self.resolved_on = on
            self.resolution = resolution
            self.save()
            record = self._record(Action.RESOLVE, user, self.lead_unit, on, resolution)
            record.attach(attachments)
            message = gettext("问题已办结待销号：%(p)s") % {"p": self}
            notify_users(dispatchers_for(self.project), NotificationKind.RESOLVED, self, message)
        return record

    def close(self, user: Any, note: str = "", *, on: datetime.date | None = None) -> HandlingRecord:
        """销号: the dispatcher verifies the resolution; the loop is closed."""
        self._require(is_dispatcher_for(user, self.project))
        self._require_status((ProblemStatus.RESOLVED,), Action.CLOSE)
        on = _today(on)
        self._check_date(on, self.resolved_on, gettext("办结日期"))
        with transaction.atomic():
            self.status = ProblemStatus.CLOSED
            self.closed_on = on
            self.save()
            return self._record(Action.CLOSE, user, None, on, note)

    def send_back(self, user: Any, reason: str, *, on: datetime.date | None = None) -> HandlingRecord:
        """退回: the resolution is not accepted; the lead unit works on with a fresh limit from today."""
        self._require(is_dispatcher_for(user, self.project))
        self._require_status((ProblemStatus.RESOLVED,), Action.RETURN)
        if not reason.strip():
            raise ValidationError(gettext("请填写退回理由。"))
        on = _today(on)
        self._check_date(on, self.resolved_on, gettext("办结日期"))
        with transaction.atomic():
            self.status = ProblemStatus.RETURNED
            self.resolved_on = None
            self._set_deadlines(on)
            self.save()
            record = self._record(Action.RETURN, user, None, on, reason)
            notify_units(
                [self.lead_unit], NotificationKind.RETURNED, self, gettext("问题被退回重办：%(p)s") % {"p": self}
            )
        return record


class HandlingRecord(TrackedModel):
    """One step of a problem's timeline: who did what, for which unit, when, with what note and files."""

    problem = models.ForeignKey(Problem, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="records")
    action = models.CharField(_("环节"), max_length=30, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    on = models.DateField(_("日期"))
    at = models.DateTimeField(_("记录时间"), default=timezone.now)
    note = models.TextField(_("内容"), blank=True)

    scope = ScopeRule(region="problem__project__region", unit=("problem__lead_unit", "problem__helper_units"))

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.problem.code} {self.get_action_display()} {date_label(self.on)}"

    def attach(self, uploads: Iterable[Any]) -> list[StoredFile]:
        """Store uploaded files on this record; every file is checked (type by content, size) before any is
        stored, so one bad file stores none."""
        return Attachment.store_all(uploads, record=self)


class StoredFile(TrackedModel):
    """An uploaded file kept under a random name; ``name`` is what the user called it."""

    file = models.FileField(_("文件"), max_length=200)
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"))
    content_type = models.CharField(_("类型"), max_length=120)

    folder = "files"
    allowed_kinds = files.DOCUMENT_KINDS

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @classmethod
    def check_all(cls, uploads: Iterable[Any]) -> list[tuple[Any, str, files.FileKind]]:
        """(upload, safe name, kind) of each upload, or the ValidationError of the first bad one."""
        limit = ProblemSettings.current().attachment_max_bytes
        checked = []
        for upload in uploads:
            name = files.safe_display_name(getattr(upload, "name", "") or "")
            checked.append((upload, name, files.check_upload(upload, name, upload.size, limit, cls.allowed_kinds)))
        return checked

    @classmethod
    def store_all(cls, uploads: Iterable[Any], **owner: Any) -> list[StoredFile]:
        """Check every upload, then store each under a random name with a row pointing at ``owner``."""
        stored = []
        for upload, name, kind in cls.check_all(uploads):
            row = cls(name=name, size=upload.size, content_type=kind.content_type, **owner)
            row.file.save(files.stored_name(cls.folder, name), upload, save=False)
            row.save()
            stored.append(row)
        return stored

    def remove_file_on_commit(self) -> None:
        """Delete the stored file once the deletion of its row is committed (kept if it rolls back)."""
        storage, path = self.file.storage, self.file.name
        if path:
            transaction.on_commit(lambda: storage.delete(path))

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class Attachment(StoredFile):
    record = models.ForeignKey(
        HandlingRecord, verbose_name=_("办理记录"), on_delete=models.CASCADE, related_name="attachments"
    )

    folder = "problems"
    scope = ScopeRule(
        region="record__problem__project__region",
        unit=("record__problem__lead_unit", "record__problem__helper_units"),
    )

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["pk"]

    def get_absolute_url(self) -> str:
        return reverse("problems:attachment", args=[self.pk])


class ExtensionRequest(TrackedModel):
    """申请延期 of a problem's deadline and the dispatcher's decision."""

    problem = models.ForeignKey(Problem, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="extensions")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_on = models.DateField(_("申请日期"))
    current_deadline = models.DateField(_("原时限"))
    new_deadline = models.DateField(_("申请延至"))
    reason = models.TextField(_("延期理由"))
    status = models.CharField(
        _("审批结果"), max_length=20, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_on = models.DateField(_("审批日期"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)

    scope = ScopeRule(region="problem__project__region", unit=("problem__lead_unit", "problem__helper_units"))

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["-requested_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["problem"],
                condition=Q(status=ExtensionStatus.PENDING),
                name="one_pending_extension_per_problem",
                violation_error_message=_("已有一项延期申请待审批。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.problem.code} {date_label(self.current_deadline)} → {date_label(self.new_deadline)}"
