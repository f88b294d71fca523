"""The key-project registry: projects, their planned funding, lifecycle transitions, 停工/复工 and annual plans."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuijin.core.choices import Role
from tuijin.core.models import Region, TrackedModel, Unit
from tuijin.core.scope import ScopeRule
from tuijin.core.validators import validate_project_code
from tuijin.projects.choices import (
    NEXT_STAGES,
    STAGE_ORDER,
    Category,
    DecisionStatus,
    FundingSource,
    IndustrySection,
    Nature,
    NodeGoalKind,
    Stage,
    SuspensionKind,
    section_of_division,
)

MONEY = {"max_digits": 18, "decimal_places": 4}
NON_NEGATIVE = [MinValueValidator(Decimal("0"))]
# Districts keep their projects; the city dispatch office may correct any of its city's.
PROJECT_EDIT_ROLES = frozenset({Role.REPORTER, Role.DISPATCHER})
PROJECT_SCOPE = ScopeRule(region="project__region", edit_roles=PROJECT_EDIT_ROLES)


def clean_industry(obj: Any, errors: dict[str, Any]) -> None:
    """The GB/T 4754 division (``industry_division``) must belong to the section (``industry_section``); a division
    alone fills in its section. Shared by every model with the two industry fields."""
    if not obj.industry_division:
        return
    section = section_of_division(obj.industry_division)
    if section is None:
        errors["industry_division"] = _("行业大类应为01–97之间的两位数字。")
    elif obj.industry_section and section != obj.industry_section:
        errors["industry_division"] = _("行业大类%(division)s不属于门类%(section)s（应属门类%(expected)s）。") % {
            "division": obj.industry_division,
            "section": obj.industry_section,
            "expected": section,
        }
    elif not obj.industry_section:
        obj.industry_section = section


def first_of_month(value: datetime.date | None) -> datetime.date | None:
    return value.replace(day=1) if value else None


class Tag(TrackedModel):
    """A theme tag (城建, 文旅, 生态环保, 侨港澳台 …); the list is kept by administrators."""

    name = models.CharField(_("名称"), max_length=30, unique=True)

    class Meta:
        verbose_name = _("项目标签")
        verbose_name_plural = _("项目标签")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Project(TrackedModel):
    """A key project (重点项目) with the card fields of DOMAIN.md §2.

    ``stage``, ``actual_start`` and ``actual_completion`` are maintained by ``advance()`` from dated
    transitions; counts such as 开工一批 read the transitions, never the current stage.
    """

    code = models.CharField(
        _("项目代码"),
        max_length=24,
        blank=True,
        validators=[validate_project_code],
        help_text=_("投资项目统一代码，24位，如 2603-350583-04-03-243140。"),
    )
    name = models.CharField(_("项目名称"), max_length=200)
    region = models.ForeignKey(Region, verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="projects")
    level_provincial = models.BooleanField(_("省重点"), default=False)
    level_municipal = models.BooleanField(_("市重点"), default=False)
    level_district = models.BooleanField(_("区（县）重点"), default=False)
    category = models.CharField(_("项目类别"), max_length=20, choices=Category.choices)
    tags = models.ManyToManyField(Tag, verbose_name=_("标签"), blank=True, related_name="projects")
    industry_section = models.CharField(_("行业门类"), max_length=1, choices=IndustrySection.choices, blank=True)
    industry_division = models.CharField(
        _("行业大类"), max_length=2, blank=True, help_text=_("GB/T 4754-2017 两位大类代码，如 制造业 13–43。")
    )
    nature = models.CharField(_("建设性质"), max_length=20, choices=Nature.choices, default=Nature.NEW)
    location = models.CharField(_("建设地点"), max_length=200, blank=True)
    content = models.TextField(_("建设规模及主要建设内容"), blank=True)
    total_investment = models.DecimalField(_("总投资（万元）"), validators=NON_NEGATIVE, **MONEY)
    planned_start = models.DateField(_("计划开工（年月）"), null=True, blank=True)
    planned_completion = models.DateField(_("计划竣工（年月）"), null=True, blank=True)
    actual_start = models.DateField(_("实际开工日期"), null=True, blank=True, editable=False)
    actual_completion = models.DateField(_("实际竣工日期"), null=True, blank=True, editable=False)
    owner = models.ForeignKey(
        Unit, verbose_name=_("业主单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="owned_projects"
    )
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_projects",
    )
    responsible_leader = models.CharField(_("挂钩（包保）领导"), max_length=50, blank=True)
    stats_registered = models.BooleanField(_("统计入库"), default=False)
    stats_registered_on = models.DateField(_("入库日期"), null=True, blank=True)
    longitude = models.DecimalField(
        _("经度（WGS84）"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )
    latitude = models.DecimalField(
        _("纬度（WGS84）"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )
    stage = models.CharField(_("阶段"), max_length=20, choices=Stage.choices, default=Stage.PLANNING, editable=False)
    suspended = models.BooleanField(_("停工中"), default=False, editable=False)

    scope = ScopeRule(region="region", edit_roles=PROJECT_EDIT_ROLES)

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["region__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="project_code_unique",
                violation_error_message=_("该项目代码已被其他项目使用。"),
            ),
            models.CheckConstraint(
                condition=Q(total_investment__gte=0),
                name="project_total_investment_non_negative",
                violation_error_message=_("总投资不能为负数。"),
            ),
        ]
        indexes = [models.Index(fields=["stage"]), models.Index(fields=["category"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("dispatch:project_detail", args=[self.pk])

    def clean_fields(self, exclude: Any = None) -> None:
        # People type codes with spaces and full-width dashes; store the canonical form.
        self.code = (self.code or "").strip().replace("－", "-").replace("—", "-").upper()
        self.name = (self.name or "").strip()
        self.planned_start = first_of_month(self.planned_start)
        self.planned_completion = first_of_month(self.planned_completion)
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        clean_industry(self, errors)
        if self.planned_start and self.planned_completion and self.planned_completion < self.planned_start:
            errors["planned_completion"] = _("计划竣工年月不能早于计划开工年月。")
        if self.stats_registered and not self.stats_registered_on:
            errors["stats_registered_on"] = _("已统计入库的项目请填写入库日期。")
        if self.stats_registered_on and not self.stats_registered:
            errors["stats_registered"] = _("填写了入库日期的项目应勾选“统计入库”。")
        if (self.longitude is None) != (self.latitude is None):
            errors["latitude"] = _("经度和纬度应同时填写或同时留空。")
        if errors:
            raise ValidationError(errors)

    @property
    def levels_display(self) -> str:
        names = [
            str(field.verbose_name)
            for field in (self._meta.get_field(f) for f in ("level_provincial", "level_municipal", "level_district"))
            if getattr(self, field.name)
        ]
        return "、".join(names)

    def enter(self, stage: str, on: datetime.date, note: str = "") -> StageTransition:
        """Record the stage a newly registered project enters the registry at (谋划, or later for a running one)."""
        if self.transitions.exists():
            raise ValidationError(_("该项目已有阶段记录，请使用阶段变更。"))
        return self._move("", stage, on, note)

    def advance(self, to_stage: str, on: datetime.date, note: str = "") -> StageTransition:
        """Move to ``to_stage`` on date ``on``; refuses an illegal jump or a date before the previous one."""
        if self.suspended:
            raise ValidationError(_("项目处于停工状态，请先办理复工。"))
        return self._move(self.stage, to_stage, on, note)

    def _move(self, from_stage: str, to_stage: str, on: datetime.date, note: str) -> StageTransition:
        with transaction.atomic():
            transition = StageTransition(project=self, from_stage=from_stage, to_stage=to_stage, date=on, note=note)
            transition.full_clean()
            transition.save()
            self.stage = to_stage
            if to_stage == Stage.CONSTRUCTION:
                self.actual_start = on
            elif to_stage == Stage.COMPLETED:
                self.actual_completion = on
            self.save()
        return transition


class StageTransition(TrackedModel):
    """One dated move of a project's lifecycle. The first one (from_stage empty) records its entry stage."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.CharField(_("原阶段"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("新阶段"), max_length=20, choices=Stage.choices)
    date = models.DateField(_("日期"))
    note = models.CharField(_("说明"), max_length=500, blank=True)

    scope = PROJECT_SCOPE

    class Meta:
        verbose_name = _("阶段变更")
        verbose_name_plural = _("阶段变更")
        ordering = ["project", "date", "id"]
        indexes = [models.Index(fields=["to_stage", "date"])]

    def __str__(self) -> str:
        return f"{self.project} {self.get_from_stage_display() or '—'} → {self.get_to_stage_display()}"

    def clean(self) -> None:
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("阶段变更日期不能晚于今天。")})
        if self.to_stage in {Stage.PRODUCING, Stage.CAPACITY} and self.project.category != Category.INDUSTRY:
            raise ValidationError({"to_stage": _("只有产业项目才有投产、达产阶段。")})
        if not self.from_stage:
            return
        if self.to_stage not in NEXT_STAGES.get(self.from_stage, set()):
            allowed = "、".join(
                str(Stage(s).label) for s in sorted(NEXT_STAGES[self.from_stage], key=STAGE_ORDER.index)
            )
            raise ValidationError(
                {
                    "to_stage": _("不能从“%(from)s”直接变更为“%(to)s”%(hint)s。")
                    % {
                        "from": Stage(self.from_stage).label,
                        "to": Stage(self.to_stage).label,
                        "hint": _("，只能变更为“%(allowed)s”") % {"allowed": allowed}
                        if allowed
                        else _("，该阶段已是最后阶段"),
                    }
                }
            )
        previous = self.project.transitions.exclude(pk=self.pk).order_by("-date", "-id").first()
        if previous and self.date and self.date < previous.date:
            raise ValidationError(
                {
                    "date": _("日期不能早于上一次阶段变更（%(date)s %(stage)s）。")
                    % {
                        "date": previous.date.strftime("%Y年%m月%d日").replace("年0", "年").replace("月0", "月"),
                        "stage": previous.get_to_stage_display(),
                    }
                }
            )


class ProjectFunding(TrackedModel):
    """The planned amount of one funding source (资金来源) of a project."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="fundings")
    source = models.CharField(_("资金来源"), max_length=20, choices=FundingSource.choices)
    planned_amount = models.DecimalField(_("计划金额（万元）"), validators=NON_NEGATIVE, **MONEY)

    scope = PROJECT_SCOPE

    class Meta:
        verbose_name = _("资金来源")
        verbose_name_plural = _("资金来源")
        ordering = ["project", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "source"],
                name="project_funding_unique",
                violation_error_message=_("该项目已有此资金来源。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_source_display()}"


class Suspension(TrackedModel):
    """A 停工 or 复工 of a project under construction, with its reason; takes effect when the dispatcher approves."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="suspensions")
    kind = models.CharField(_("类型"), max_length=10, choices=SuspensionKind.choices)
    date = models.DateField(_("日期"))
    reason = models.CharField(_("原因"), max_length=500)
    status = models.CharField(
        _("审批状态"), max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.PENDING, editable=False
    )
    decided_by = models.ForeignKey(
        "core.User",
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        editable=False,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True, editable=False)

    scope = PROJECT_SCOPE

    class Meta:
        verbose_name = _("停工/复工")
        verbose_name_plural = _("停工/复工")
        ordering = ["project", "-date"]

    def __str__(self) -> str:
        return f"{self.project} {self.get_kind_display()} {self.date}"

    def clean(self) -> None:
        if self.status != DecisionStatus.PENDING:
            return
        if self.kind == SuspensionKind.SUSPEND:
            if self.project.stage != Stage.CONSTRUCTION:
                raise ValidationError({"kind": _("只有在建项目可以申请停工。")})
            if self.project.suspended:
                raise ValidationError({"kind": _("该项目已处于停工状态。")})
        elif not self.project.suspended:
            raise ValidationError({"kind": _("该项目未停工，无需复工。")})

    def decide(self, user: Any, approve: bool) -> None:
        """The dispatcher's decision; an approval changes the project's 停工 state."""
        if self.status != DecisionStatus.PENDING:
            raise ValidationError(_("该申请已审批，不能重复审批。"))
        if approve:
            # The project may have moved on since the request (another 停工 approved, completion): check again.
            self.clean()
        with transaction.atomic():
            self.status = DecisionStatus.APPROVED if approve else DecisionStatus.REJECTED
            self.decided_by = user
            self.decided_at = timezone.now()
            self.save()
            if approve:
                self.project.suspended = self.kind == SuspensionKind.SUSPEND
                self.project.save()


class AnnualPlan(TrackedModel):
    """A project's plan for one year. The year's key-project list is the set of projects with a plan that year."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="plans")
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    planned_investment = models.DecimalField(_("年度计划投资（万元）"), validators=NON_NEGATIVE, **MONEY)
    joined_on = models.DateField(_("列入日期"), null=True, blank=True, help_text=_("年中新增列入时填写。"))
    left_on = models.DateField(_("调出日期"), null=True, blank=True)
    left_reason = models.CharField(_("调出原因"), max_length=500, blank=True)

    scope = PROJECT_SCOPE

    class Meta:
        verbose_name = _("年度计划")
        verbose_name_plural = _("年度计划")
        ordering = ["-year", "project"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year"],
                name="annual_plan_unique",
                violation_error_message=_("该项目已有该年度的计划。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year}年计划"

    def clean(self) -> None:
        errors = {}
        for name in ("joined_on", "left_on"):
            value = getattr(self, name)
            if value and self.year and value.year != self.year:
                errors[name] = _("日期应在%(year)s年内。") % {"year": self.year}
        if self.left_on and not self.left_reason.strip():
            errors["left_reason"] = _("调出年度名单时请填写原因。")
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            errors["left_on"] = _("调出日期不能早于列入日期。")
        if errors:
            raise ValidationError(errors)


class NodeGoal(TrackedModel):
    """A node goal of an annual plan (年内开工, 主体封顶 …) with its target month."""

    plan = models.ForeignKey(AnnualPlan, verbose_name=_("年度计划"), on_delete=models.CASCADE, related_name="goals")
    kind = models.CharField(_("节点目标"), max_length=20, choices=NodeGoalKind.choices)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    target_month = models.PositiveSmallIntegerField(
        _("目标月份"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    achieved_on = models.DateField(_("完成日期"), null=True, blank=True)

    scope = ScopeRule(region="plan__project__region", edit_roles=PROJECT_EDIT_ROLES)

    class Meta:
        verbose_name = _("节点目标")
        verbose_name_plural = _("节点目标")
        ordering = ["plan", "target_month"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.target_month}月）"

    def clean(self) -> None:
        if self.kind == NodeGoalKind.OTHER and not self.description.strip():
            raise ValidationError({"description": _("节点目标为“其他”时请填写说明。")})
