"""Monthly dispatch (月度调度): one report per project and month, its review workflow, and the settings of
deadlines and warning lights (DOMAIN.md §3 and §5)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuijin.core.choices import Role
from tuijin.core.models import TrackedModel
from tuijin.core.periods import TimeBasis
from tuijin.core.scope import ScopeRule
from tuijin.projects.choices import FundingSource
from tuijin.projects.models import MONEY, NON_NEGATIVE, Project


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送")
    APPROVED = "approved", _("已审核")
    RETURNED = "returned", _("退回")


# Reports are entered by districts; the dispatcher reviews them and makes reasoned corrections.
REPORT_SCOPE = ScopeRule(region="project__region", edit_roles=frozenset({Role.REPORTER, Role.DISPATCHER}))


class DispatchSettings(TrackedModel):
    """Deadlines and warning thresholds of the campaign (one row, edited by the administrator).

    Defaults are DOMAIN.md §3 and §5. ``current()`` creates the row on first use.
    """

    report_deadline_day = models.PositiveSmallIntegerField(
        _("报送截止日（次月几日）"), default=5, validators=[MinValueValidator(1), MaxValueValidator(28)]
    )
    investment_yellow_points = models.DecimalField(
        _("投资黄灯：落后序时（百分点）≥"), max_digits=5, decimal_places=2, default=Decimal("10")
    )
    investment_red_points = models.DecimalField(
        _("投资红灯：落后序时（百分点）>"), max_digits=5, decimal_places=2, default=Decimal("30")
    )
    investment_time_basis = models.CharField(
        _("投资序时口径"),
        max_length=10,
        choices=TimeBasis.choices,
        default=TimeBasis.MONTH,
        help_text=_("按月：1—m月为 m/12；按日：年初至月末天数/全年天数。"),
    )
    start_red_months = models.PositiveSmallIntegerField(_("开工红灯：超计划开工月数>"), default=3)
    stats_yellow_months = models.PositiveSmallIntegerField(_("入库黄灯：开工后未入库月数≥"), default=1)
    stats_red_months = models.PositiveSmallIntegerField(_("入库红灯：开工后未入库月数≥"), default=2)

    scope = ScopeRule(region=None)

    class Meta:
        verbose_name = _("调度设置")
        verbose_name_plural = _("调度设置")

    def __str__(self) -> str:
        return str(_("调度设置"))

    def clean(self) -> None:
        if self.investment_red_points < self.investment_yellow_points:
            raise ValidationError({"investment_red_points": _("红灯阈值不能小于黄灯阈值。")})
        if self.stats_red_months < self.stats_yellow_months:
            raise ValidationError({"stats_red_months": _("红灯月数不能小于黄灯月数。")})

    @classmethod
    def current(cls) -> DispatchSettings:
        settings = cls.objects.order_by("pk").first()
        if settings is None:
            settings = cls.objects.create()
        return settings

    def deadline(self, year: int, month: int) -> datetime.date:
        """Reports for ``year``-``month`` are due on this day of the following month."""
        next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
        return datetime.date(next_year, next_month, self.report_deadline_day)


class MonthlyReport(TrackedModel):
    """One project's figures for one month: 草稿 → 已报送 → 已审核 (locked) or 退回.

    An approved report is locked: ``save()`` refuses changes to its figures unless they come through
    ``correct()``, which needs the dispatcher and a written reason and lands in history.
    """

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="reports")
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    month = models.PositiveSmallIntegerField(_("月份"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    amount = models.DecimalField(_("当月完成投资（万元）"), validators=NON_NEGATIVE, **MONEY)
    since_start_total = models.DecimalField(
        _("自开工累计完成投资（万元）"), null=True, blank=True, validators=NON_NEGATIVE, **MONEY
    )
    progress = models.TextField(_("形象进度"), blank=True)
    issues = models.TextField(_("存在问题及建议"), blank=True)
    planned_workers = models.PositiveIntegerField(_("计划在岗人数"), null=True, blank=True)
    actual_workers = models.PositiveIntegerField(_("实际在岗人数"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT, editable=False
    )
    return_reason = models.CharField(_("退回原因"), max_length=500, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        "core.User",
        verbose_name=_("报送人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        editable=False,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        "core.User",
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        editable=False,
        related_name="+",
    )

    scope = REPORT_SCOPE

    # Fields whose change on an approved report is a correction (needs the dispatcher and a reason).
    FIGURE_FIELDS = (
        "amount",
        "since_start_total",
        "progress",
        "issues",
        "planned_workers",
        "actual_workers",
    )

    class Meta:
        verbose_name = _("月度调度报告")
        verbose_name_plural = _("月度调度报告")
        ordering = ["-year", "-month", "project"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year", "month"],
                name="monthly_report_unique",
                violation_error_message=_("该项目该月已有调度报告。"),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="monthly_report_amount_non_negative",
                violation_error_message=_("当月完成投资不能为负数。"),
            ),
        ]
        indexes = [models.Index(fields=["year", "month", "status"])]

    def __str__(self) -> str:
        return f"{self.project} {self.year}年{self.month}月"

    def get_absolute_url(self) -> str:
        return reverse("dispatch:report_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.year and self.month:
            today = timezone.localdate()
            if (self.year, self.month) > (today.year, today.month):
                errors["month"] = _("不能填报未来月份（%(year)s年%(month)s月）。") % {
                    "year": self.year,
                    "month": self.month,
                }
        if (
            self.planned_workers is not None
            and self.actual_workers is not None
            and self.actual_workers > 10 * max(self.planned_workers, 1)
        ):
            errors["actual_workers"] = _("实际在岗人数超过计划的10倍，请核实。")
        if errors:
            raise ValidationError(errors)

    @property
    def locked(self) -> bool:
        return self.status == ReportStatus.APPROVED

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk and not getattr(self, "_correction", False):
            stored = (
                MonthlyReport._base_manager.filter(pk=self.pk, status=ReportStatus.APPROVED)
                .values(*self.FIGURE_FIELDS)
                .first()
            )
            if stored and any(stored[name] != getattr(self, name) for name in self.FIGURE_FIELDS):
                raise ValidationError(_("该报告已审核锁定，修改须由市级调度填写原因后更正。"), code="locked")
        super().save(*args, **kwargs)

    def correct(self, user: Any, reason: str, **changes: Any) -> None:
        """A reasoned correction of a locked report by the dispatcher (the reason goes into history)."""
        from tuijin.core import audit

        if not (user.is_superuser or user.has_role(Role.DISPATCHER, Role.ADMIN)):
            raise ValidationError(_("只有市级调度可以更正已审核的报告。"))
        if not reason.strip():
            raise ValidationError(_("更正已审核的报告必须填写原因。"))
        unknown = set(changes) - set(self.FIGURE_FIELDS)
        if unknown:
            raise ValidationError(_("不能更正这些字段：%(names)s") % {"names": "、".join(sorted(unknown))})
        for name, value in changes.items():
            setattr(self, name, value)
        self.full_clean()
        self._correction = True
        audit.set_reason(f"更正：{reason.strip()}")
        try:
            self.save()
        finally:
            self._correction = False

    def submit(self, user: Any) -> None:
        if self.status not in {ReportStatus.DRAFT, ReportStatus.RETURNED}:
            raise ValidationError(
                _("只有草稿或被退回的报告可以报送（当前：%(status)s）。") % {"status": self.get_status_display()}
            )
        self.full_clean()
        self.status = ReportStatus.SUBMITTED
        self.submitted_at = timezone.now()
        self.submitted_by = user
        self.return_reason = ""
        # A resubmitted report waits for a new review: the previous reviewer no longer applies.
        self.reviewed_at = None
        self.reviewed_by = None
        self.save()

    def approve(self, user: Any) -> None:
        if self.status != ReportStatus.SUBMITTED:
            raise ValidationError(
                _("只有已报送的报告可以审核（当前：%(status)s）。") % {"status": self.get_status_display()}
            )
        self.status = ReportStatus.APPROVED
        self.reviewed_at = timezone.now()
        self.reviewed_by = user
        self.save()

    def return_to_reporter(self, user: Any, reason: str) -> None:
        if self.status != ReportStatus.SUBMITTED:
            raise ValidationError(
                _("只有已报送的报告可以退回（当前：%(status)s）。") % {"status": self.get_status_display()}
            )
        if not reason.strip():
            raise ValidationError(_("退回报告必须填写原因。"))
        self.status = ReportStatus.RETURNED
        self.return_reason = reason.strip()
        self.reviewed_at = timezone.now()
        self.reviewed_by = user
        self.save()


class ReportFunding(TrackedModel):
    """The part of a month's investment paid from one funding source, when known."""

    report = models.ForeignKey(
        MonthlyReport, verbose_name=_("月度报告"), on_delete=models.CASCADE, related_name="fundings"
    )
    source = models.CharField(_("资金来源"), max_length=20, choices=FundingSource.choices)
    amount = models.DecimalField(_("金额（万元）"), validators=NON_NEGATIVE, **MONEY)

    scope = ScopeRule(region="report__project__region", edit_roles=frozenset({Role.REPORTER, Role.DISPATCHER}))

    class Meta:
        verbose_name = _("当月资金来源")
        verbose_name_plural = _("当月资金来源")
        ordering = ["report", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "source"],
                name="report_funding_unique",
                violation_error_message=_("该报告已有此资金来源。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.get_source_display()}"

    def clean(self) -> None:
        if self.report_id and self.amount is not None:
            others = self.report.fundings.exclude(pk=self.pk).aggregate(total=models.Sum("amount"))["total"] or 0
            if others + self.amount > self.report.amount:
                raise ValidationError({"amount": _("各资金来源合计不能超过当月完成投资。")})
