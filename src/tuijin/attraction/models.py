"""Investment attraction (招商引资, DOMAIN.md §6): leads and their follow-ups, signed contracts, fulfilment
milestones and funds, signing events, teams, annual signing targets, and the campaign's settings.

Districts keep their own ledgers (区县填报); the city dispatch office (市级调度) may correct any row of its city.
Rates and totals are computed in ``queries.py`` from these rows, never stored.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuijin.attraction.choices import (
    LEAD_NEXT,
    MILESTONE_ORDER,
    MILESTONE_REQUIRES,
    ContractKind,
    EventKind,
    LeadStatus,
    MilestoneKind,
    RateBasis,
)
from tuijin.core.choices import Role
from tuijin.core.models import Region, TrackedModel
from tuijin.core.periods import date_label
from tuijin.core.scope import ScopedQuerySet, ScopeRule
from tuijin.core.validators import not_in_future, validate_credit_code
from tuijin.projects.choices import Category, IndustrySection, Stage
from tuijin.projects.models import MONEY, NON_NEGATIVE, Project, clean_industry

# Districts keep their attraction ledgers; the city dispatch office corrects and keeps city-level rows.
ATTRACTION_EDIT_ROLES = frozenset({Role.REPORTER, Role.DISPATCHER})
ATTRACTION_SCOPE = ScopeRule(region="region", edit_roles=ATTRACTION_EDIT_ROLES)
POSITIVE = [MinValueValidator(Decimal("0.0001"))]


class AttractionSettings(TrackedModel):
    """Thresholds and counting rules of the attraction campaign (one row, edited by the administrator).

    Defaults are DOMAIN.md §6. ``current()`` creates the row on first use. A due period of 0 months switches
    that milestone's lateness check off.
    """

    big_project_threshold = models.DecimalField(
        _("大项目门槛（万元）≥"), default=Decimal("200000"), validators=POSITIVE, **MONEY
    )
    count_framework = models.BooleanField(_("框架协议计入签约总额"), default=False, help_text=_("默认只统计正式合同。"))
    rate_basis = models.CharField(
        _("履约类比率的分母"), max_length=20, choices=RateBasis.choices, default=RateBasis.PERIOD
    )
    stale_lead_days = models.PositiveSmallIntegerField(
        _("线索未跟进提醒（天）"), default=30, validators=[MinValueValidator(1)]
    )
    register_due_months = models.PositiveSmallIntegerField(_("签约后应注册（月）"), default=3)
    land_due_months = models.PositiveSmallIntegerField(_("签约后应供地（月）"), default=6)
    start_due_months = models.PositiveSmallIntegerField(_("签约后应开工（月）"), default=12)
    produce_due_months = models.PositiveSmallIntegerField(_("签约后应投产（月）"), default=24)

    scope = ScopeRule(region=None)

    class Meta:
        verbose_name = _("招商设置")
        verbose_name_plural = _("招商设置")

    def __str__(self) -> str:
        return str(_("招商设置"))

    @classmethod
    def current(cls) -> AttractionSettings:
        settings = cls.objects.order_by("pk").first()
        if settings is None:
            settings = cls.objects.create()
        return settings

    def due_months(self) -> dict[str, int]:
        """Months after signing by which each milestone is due (0: not checked)."""
        return {
            MilestoneKind.REGISTERED: self.register_due_months,
            MilestoneKind.LAND: self.land_due_months,
            MilestoneKind.STARTED: self.start_due_months,
            MilestoneKind.PRODUCING: self.produce_due_months,
        }

    def counted_kinds(self) -> list[str]:
        """Contract kinds that count toward signed totals and rates."""
        if self.count_framework:
            return [ContractKind.FORMAL, ContractKind.FRAMEWORK]
        return [ContractKind.FORMAL]


DEFAULT_SOURCES = ["侨港澳台/在外泉商", "长三角", "粤港澳", "京津冀", "东南亚", "本地增资", "其他"]


class LeadSource(TrackedModel):
    """A source of investment (来源地: 侨港澳台/在外泉商, 长三角 …); the list is kept by administrators.

    Migration 0002 adds ``DEFAULT_SOURCES``; ``ensure_defaults()`` adds any that are missing (the demo, and
    tests after a database flush).
    """

    name = models.CharField(_("名称"), max_length=30, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    scope = ScopeRule(region=None)

    class Meta:
        verbose_name = _("招商来源")
        verbose_name_plural = _("招商来源")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def ensure_defaults(cls) -> None:
        for order, name in enumerate(DEFAULT_SOURCES, start=1):
            if not cls.objects.filter(name=name).exists():
                cls.objects.create(name=name, order=order * 10)


class Team(TrackedModel):
    """A 招商组: a named team of a region with its members; ranked by what it signs."""

    name = models.CharField(_("名称"), max_length=60)
    region = models.ForeignKey(Region, verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="teams")
    leader = models.CharField(_("组长"), max_length=50, blank=True)
    focus = models.CharField(_("招商方向"), max_length=200, blank=True)

    scope = ATTRACTION_SCOPE

    class Meta:
        verbose_name = _("招商组")
        verbose_name_plural = _("招商组")
        ordering = ["region__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"], name="team_unique", violation_error_message=_("该区域已有同名招商组。")
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("attraction:team_detail", args=[self.pk])


class TeamMember(TrackedModel):
    """A member of a team; ``user`` links the member to an account when they have one."""

    team = models.ForeignKey(Team, verbose_name=_("招商组"), on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("姓名"), max_length=50)
    position = models.CharField(_("职务"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    user = models.ForeignKey(
        "core.User", verbose_name=_("系统账号"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope = ScopeRule(region="team__region", edit_roles=ATTRACTION_EDIT_ROLES)

    class Meta:
        verbose_name = _("招商组成员")
        verbose_name_plural = _("招商组成员")
        ordering = ["team", "id"]

    def __str__(self) -> str:
        return self.name


class SigningEvent(TrackedModel):
    """A signing event (集中签约大会) or promotion (专场推介); contracts signed there point to it."""

    name = models.CharField(_("活动名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=20, choices=EventKind.choices, default=EventKind.CONFERENCE)
    theme = models.CharField(_("主题"), max_length=200, blank=True)
    date = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("主办区域"), on_delete=models.PROTECT, related_name="+")

    scope = ATTRACTION_SCOPE

    class Meta:
        verbose_name = _("签约活动")
        verbose_name_plural = _("签约活动")
        ordering = ["-date", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{date_label(self.date)}）"

    def get_absolute_url(self) -> str:
        return reverse("attraction:event_detail", args=[self.pk])


class Lead(TrackedModel):
    """A lead (招商线索) on its way to a contract: 线索 → 洽谈 → 意向 → 签约, or 放弃 with a reason.

    ``status`` changes only through ``move()`` (and to 签约 through ``Contract.save()`` of a contract made from
    the lead), so every change is dated and, in history, reasoned.
    """

    company = models.CharField(_("企业名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, validators=[validate_credit_code])
    project_name = models.CharField(_("拟投资项目"), max_length=200, blank=True)
    source = models.ForeignKey(LeadSource, verbose_name=_("来源地"), on_delete=models.PROTECT, related_name="leads")
    industry_section = models.CharField(_("行业门类"), max_length=1, choices=IndustrySection.choices, blank=True)
    industry_division = models.CharField(_("行业大类"), max_length=2, blank=True)
    intended_investment = models.DecimalField(_("意向投资额（万元）"), validators=NON_NEGATIVE, **MONEY)
    region = models.ForeignKey(Region, verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="leads")
    team = models.ForeignKey(
        Team, verbose_name=_("招商组"), null=True, blank=True, on_delete=models.PROTECT, related_name="leads"
    )
    owner = models.CharField(_("跟进责任人"), max_length=50, blank=True)
    contact = models.CharField(_("企业联系人及电话"), max_length=100, blank=True)
    description = models.TextField(_("线索内容"), blank=True)
    found_on = models.DateField(_("获取日期"), default=timezone.localdate)
    status = models.CharField(
        _("状态"), max_length=20, choices=LeadStatus.choices, default=LeadStatus.LEAD, editable=False
    )
    status_changed_on = models.DateField(_("状态变更日期"), null=True, blank=True, editable=False)
    drop_reason = models.CharField(_("放弃原因"), max_length=500, blank=True, editable=False)

    scope = ATTRACTION_SCOPE

    class Meta:
        verbose_name = _("招商线索")
        verbose_name_plural = _("招商线索")
        ordering = ["-found_on", "company"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.company}：{self.project_name}" if self.project_name else self.company

    def get_absolute_url(self) -> str:
        return reverse("attraction:lead_detail", args=[self.pk])

    def clean_fields(self, exclude: Any = None) -> None:
        self.company = (self.company or "").strip()
        self.credit_code = (self.credit_code or "").strip().upper()
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        clean_industry(self, errors)
        not_in_future(self.found_on, "found_on", errors)
        if self.team_id and self.region_id and not self.region.path.startswith(self.team.region.path):
            errors["team"] = _("招商组“%(team)s”不属于%(region)s。") % {"team": self.team, "region": self.region}
        if errors:
            raise ValidationError(errors)

    def check_move(self, to_status: str, on: datetime.date, reason: str = "") -> None:
        """Refuse a status change by hand that breaks the pipeline (errors keyed ``status`` / ``drop_reason``)."""
        if to_status not in LEAD_NEXT.get(self.status, set()):
            if to_status == LeadStatus.SIGNED:
                raise ValidationError({"status": _("请从线索新建签约项目，签约后线索自动变为“签约”。")})
            raise ValidationError(
                {
                    "status": _("线索不能从“%(from)s”变更为“%(to)s”。")
                    % {"from": LeadStatus(self.status).label, "to": LeadStatus(to_status).label}
                }
            )
        if to_status == LeadStatus.DROPPED and not reason.strip():
            raise ValidationError({"drop_reason": _("放弃线索请填写原因。")})
        if on > timezone.localdate():
            raise ValidationError({"status_changed_on": _("日期不能晚于今天。")})
        earliest = max(day for day in (self.found_on, self.status_changed_on) if day) if self.found_on else None
        if earliest and on < earliest:
            raise ValidationError(
                {"status_changed_on": _("状态变更日期不能早于%(date)s。") % {"date": date_label(earliest)}}
            )

    def move(self, to_status: str, on: datetime.date | None = None, reason: str = "") -> None:
        """Change the status by hand: forward along the pipeline, 放弃 with a reason, or a dropped lead taken up."""
        on = on or timezone.localdate()
        self.check_move(to_status, on, reason)
        self.status = to_status
        self.status_changed_on = on
        self.drop_reason = reason.strip() if to_status == LeadStatus.DROPPED else ""
        self.save()

    @property
    def is_active(self) -> bool:
        return self.status in {LeadStatus.LEAD, LeadStatus.TALKING, LeadStatus.INTENT}


class FollowUp(TrackedModel):
    """A follow-up of a lead (跟进记录): what happened and what comes next."""

    lead = models.ForeignKey(Lead, verbose_name=_("线索"), on_delete=models.CASCADE, related_name="follow_ups")
    date = models.DateField(_("跟进日期"), default=timezone.localdate)
    content = models.TextField(_("跟进内容"))
    next_step = models.CharField(_("下一步工作"), max_length=500, blank=True)
    next_date = models.DateField(_("下次跟进日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        "core.User",
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )

    scope = ScopeRule(region="lead__region", edit_roles=ATTRACTION_EDIT_ROLES)

    class Meta:
        verbose_name = _("跟进记录")
        verbose_name_plural = _("跟进记录")
        ordering = ["lead", "-date", "-id"]

    def __str__(self) -> str:
        return f"{self.lead} {self.date}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        not_in_future(self.date, "date", errors)
        if self.next_date and self.date and self.next_date < self.date:
            errors["next_date"] = _("下次跟进日期不能早于本次跟进日期。")
        if errors:
            raise ValidationError(errors)


class ContractQuerySet(ScopedQuerySet):
    def counted(self, settings: AttractionSettings | None = None) -> ContractQuerySet:
        """Contracts that count toward signed totals and rates (正式合同, plus 框架协议 when configured)."""
        settings = settings or AttractionSettings.current()
        return self.filter(kind__in=settings.counted_kinds())

    def big(self, settings: AttractionSettings | None = None) -> ContractQuerySet:
        """Big projects: amount ≥ the threshold (20亿元 by default)."""
        settings = settings or AttractionSettings.current()
        return self.filter(amount__gte=settings.big_project_threshold)


class Contract(TrackedModel):
    """A signed investment contract (签约项目) and, through its milestones and funds, its fulfilment (履约)."""

    number = models.CharField(_("合同编号"), max_length=50, blank=True)
    name = models.CharField(_("项目名称"), max_length=200)
    lead = models.OneToOneField(
        Lead, verbose_name=_("来源线索"), null=True, blank=True, on_delete=models.SET_NULL, related_name="contract"
    )
    investor_name = models.CharField(_("投资方"), max_length=200)
    investor_credit_code = models.CharField(
        _("投资方统一社会信用代码"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    amount = models.DecimalField(_("合同投资额（万元）"), validators=POSITIVE, **MONEY)
    kind = models.CharField(_("签约类型"), max_length=20, choices=ContractKind.choices, default=ContractKind.FORMAL)
    signed_on = models.DateField(_("签约日期"))
    event = models.ForeignKey(
        SigningEvent,
        verbose_name=_("签约活动"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    region = models.ForeignKey(Region, verbose_name=_("落地区域"), on_delete=models.PROTECT, related_name="contracts")
    industry_section = models.CharField(_("行业门类"), max_length=1, choices=IndustrySection.choices, blank=True)
    industry_division = models.CharField(_("行业大类"), max_length=2, blank=True)
    source = models.ForeignKey(LeadSource, verbose_name=_("来源地"), on_delete=models.PROTECT, related_name="contracts")
    team = models.ForeignKey(
        Team, verbose_name=_("招商组"), null=True, blank=True, on_delete=models.PROTECT, related_name="contracts"
    )
    needs_land = models.BooleanField(
        _("需新供地"), default=True, help_text=_("租用厂房等不需新供地的项目不检查供地逾期。")
    )
    content = models.TextField(_("建设内容"), blank=True)
    project = models.ForeignKey(
        Project,
        verbose_name=_("关联重点项目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
    )

    scope = ATTRACTION_SCOPE
    objects = models.Manager.from_queryset(ContractQuerySet)()

    class Meta:
        verbose_name = _("签约项目")
        verbose_name_plural = _("签约项目")
        ordering = ["-signed_on", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                condition=~Q(number=""),
                name="contract_number_unique",
                violation_error_message=_("该合同编号已被其他签约项目使用。"),
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="contract_amount_positive",
                violation_error_message=_("合同投资额应大于0。"),
            ),
        ]
        indexes = [models.Index(fields=["signed_on"]), models.Index(fields=["kind", "signed_on"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("attraction:contract_detail", args=[self.pk])

    def clean_fields(self, exclude: Any = None) -> None:
        self.number = (self.number or "").strip()
        self.name = (self.name or "").strip()
        self.investor_credit_code = (self.investor_credit_code or "").strip().upper()
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        clean_industry(self, errors)
        not_in_future(self.signed_on, "signed_on", errors)
        if self.event_id and self.signed_on and self.event.date != self.signed_on:
            errors["signed_on"] = _("在签约活动上签约的项目，签约日期应为活动日期%(date)s。") % {
                "date": date_label(self.event.date)
            }
        if self.team_id and self.region_id and not self.region.path.startswith(self.team.region.path):
            errors["team"] = _("招商组“%(team)s”不属于%(region)s。") % {"team": self.team, "region": self.region}
        if self.lead_id and self.lead.status == LeadStatus.DROPPED:
            errors["lead"] = _("该线索已放弃，请先重新跟进后再签约。")
        if self.pk and self.signed_on:
            first = self.milestones.order_by("date").first() if self.pk else None
            if first and first.date < self.signed_on:
                errors["signed_on"] = _("签约日期不能晚于已登记的%(kind)s日期%(date)s。") % {
                    "kind": first.get_kind_display(),
                    "date": date_label(first.date),
                }
        if errors:
            raise ValidationError(errors)

    def save(self, *args: Any, **kwargs: Any) -> None:
        with transaction.atomic():
            super().save(*args, **kwargs)
            # A contract made from a lead closes the lead as 签约.
            if self.lead_id and self.lead.status != LeadStatus.SIGNED:
                self.lead.status = LeadStatus.SIGNED
                self.lead.status_changed_on = self.signed_on
                self.lead.drop_reason = ""
                self.lead.save()

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        """Deleting a contract (signed by mistake, withdrawn) takes its lead back to 意向."""
        with transaction.atomic():
            lead = self.lead
            result = super().delete(*args, **kwargs)
            if lead is not None and lead.status == LeadStatus.SIGNED:
                lead.status = LeadStatus.INTENT
                lead.status_changed_on = timezone.localdate()
                lead.save()
        return result

    def is_big(self, settings: AttractionSettings | None = None) -> bool:
        settings = settings or AttractionSettings.current()
        return self.amount >= settings.big_project_threshold

    def milestone_dates(self) -> dict[str, datetime.date]:
        return {m.kind: m.date for m in self.milestones.all()}

    def funds_total(self, as_of: datetime.date | None = None) -> Decimal:
        funds = self.funds.all()
        if as_of:
            funds = funds.filter(date__lte=as_of)
        return funds.aggregate(total=models.Sum("amount"))["total"] or Decimal("0")

    # -- the registry link ------------------------------------------------------------------------------------

    def new_project(self, planned_start: datetime.date | None = None) -> Project:
        """A registry project made from the contract's facts (not saved)."""
        return Project(
            name=self.name,
            region=self.region,
            category=Category.INDUSTRY,
            industry_section=self.industry_section,
            industry_division=self.industry_division,
            total_investment=self.amount,
            content=self.content,
            planned_start=planned_start,
        )

    def link_project(self, project: Project | None = None, on: datetime.date | None = None) -> Project:
        """Link a registry project; without one, create it in 前期 (entered on ``on``, default today)."""
        with transaction.atomic():
            if project is None:
                project = self.new_project()
                project.full_clean()
                project.save()
                project.enter(Stage.PREPARATION, on or timezone.localdate(), note=f"由签约项目“{self.name}”登记")
            self.project = project
            self.save()
        return project

    def record_milestone(
        self,
        kind: str,
        on: datetime.date,
        evidence: str = "",
        note: str | None = None,
        project: Project | None = None,
    ) -> Milestone:
        """Record (or re-date) a milestone. 开工 brings the linked project to 在建 on that date, linking ``project``
        or creating one from the contract when none is linked yet. ``note=None`` keeps a stored note."""
        with transaction.atomic():
            milestone = self.milestones.filter(kind=kind).first() or Milestone(contract=self, kind=kind)
            milestone.date, milestone.evidence = on, evidence
            if note is not None:
                milestone.note = note
            milestone.full_clean()
            milestone.save()
            if kind == MilestoneKind.STARTED:
                self._start_project(on, project)
        return milestone

    def _start_project(self, on: datetime.date, project: Project | None) -> None:
        project = project or self.project
        if project is None:
            project = self.new_project(planned_start=on)
            project.full_clean()
            project.save()
            project.enter(Stage.CONSTRUCTION, on, note=f"由签约项目“{self.name}”开工登记")
        else:
            if project.stage == Stage.PLANNING:
                project.advance(Stage.PREPARATION, on, note=f"签约项目“{self.name}”开工")
            if project.stage == Stage.PREPARATION:
                project.advance(Stage.CONSTRUCTION, on, note=f"签约项目“{self.name}”开工")
        if self.project_id != project.pk:
            self.project = project
            self.save()


def milestone_errors(
    kind: str, on: datetime.date, signed_on: datetime.date | None, others: Mapping[str, datetime.date]
) -> dict[str, str]:
    """The rules of a milestone ``kind`` dated ``on`` among the contract's ``others`` (kind → date).

    Not in the future, not before signing, after its prerequisite is recorded, in order with the others.
    ``Milestone.clean`` applies it to the stored siblings; the contract import applies it to a sheet's dates.
    """
    errors: dict[str, str] = {}
    label = MilestoneKind(kind).label
    if on > timezone.localdate():
        errors["date"] = _("日期不能晚于今天。")
    if signed_on and on < signed_on:
        errors["date"] = _("%(kind)s日期不能早于签约日期%(date)s。") % {"kind": label, "date": date_label(signed_on)}
    required = MILESTONE_REQUIRES.get(kind)
    if required and required not in others:
        errors["kind"] = _("请先登记“%(required)s”，再登记“%(kind)s”。") % {
            "required": MilestoneKind(required).label,
            "kind": label,
        }
    position = MILESTONE_ORDER.index(kind)
    for other, day in sorted(others.items(), key=lambda item: (item[1], MILESTONE_ORDER.index(item[0]))):
        before = MILESTONE_ORDER.index(other) < position
        if (before and day > on) or (not before and day < on):
            errors.setdefault(
                "date",
                _("%(kind)s日期应%(relation)s%(other)s日期%(date)s。")
                % {
                    "kind": label,
                    "relation": _("不早于") if before else _("不晚于"),
                    "other": MilestoneKind(other).label,
                    "date": date_label(day),
                },
            )
    return errors


def fund_errors(on: datetime.date, signed_on: datetime.date | None) -> dict[str, str]:
    """The rules of a fund arrival dated ``on`` (not in the future, not before signing)."""
    errors: dict[str, str] = {}
    if on > timezone.localdate():
        errors["date"] = _("日期不能晚于今天。")
    elif signed_on and on < signed_on:
        errors["date"] = _("到位日期不能早于签约日期%(date)s。") % {"date": date_label(signed_on)}
    return errors


class Milestone(TrackedModel):
    """A fulfilment milestone of a contract (注册, 供地, 开工, 投产) with its date and evidence.

    Rules: one per kind; not before signing nor after today; in order (注册 ≤ 供地 ≤ 开工 ≤ 投产 among those
    recorded); 开工 needs 注册 and 投产 needs 开工 recorded first.
    """

    contract = models.ForeignKey(
        Contract, verbose_name=_("签约项目"), on_delete=models.CASCADE, related_name="milestones"
    )
    kind = models.CharField(_("履约节点"), max_length=20, choices=MilestoneKind.choices)
    date = models.DateField(_("日期"))
    evidence = models.CharField(
        _("佐证"),
        max_length=500,
        blank=True,
        help_text=_("营业执照、土地出让合同、施工许可证、投产批文等的名称或编号。"),
    )
    note = models.CharField(_("备注"), max_length=500, blank=True)

    scope = ScopeRule(region="contract__region", edit_roles=ATTRACTION_EDIT_ROLES)

    class Meta:
        verbose_name = _("履约节点")
        verbose_name_plural = _("履约节点")
        ordering = ["contract", "date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "kind"],
                name="milestone_unique",
                violation_error_message=_("该签约项目已登记此履约节点。"),
            )
        ]
        indexes = [models.Index(fields=["kind", "date"])]

    def __str__(self) -> str:
        return f"{self.contract} {self.get_kind_display()}"

    def clean(self) -> None:
        if not (self.date and self.kind and self.contract_id):
            return
        others = dict(self.contract.milestones.exclude(pk=self.pk).values_list("kind", "date"))
        errors = milestone_errors(self.kind, self.date, self.contract.signed_on, others)
        if errors:
            raise ValidationError(errors)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        dependants = [
            MilestoneKind(kind).label
            for kind, required in MILESTONE_REQUIRES.items()
            if required == self.kind and self.contract.milestones.filter(kind=kind).exists()
        ]
        if dependants:
            raise ValidationError(
                _("已登记“%(kinds)s”，不能删除“%(kind)s”。")
                % {"kinds": "、".join(str(k) for k in dependants), "kind": self.get_kind_display()}
            )
        return super().delete(*args, **kwargs)


class FundArrival(TrackedModel):
    """Funds arrived (资金到位) for a contract: a dated amount in 万元."""

    contract = models.ForeignKey(Contract, verbose_name=_("签约项目"), on_delete=models.CASCADE, related_name="funds")
    date = models.DateField(_("到位日期"))
    amount = models.DecimalField(_("到位资金（万元）"), validators=POSITIVE, **MONEY)
    note = models.CharField(_("说明"), max_length=500, blank=True)

    scope = ScopeRule(region="contract__region", edit_roles=ATTRACTION_EDIT_ROLES)

    class Meta:
        verbose_name = _("资金到位")
        verbose_name_plural = _("资金到位")
        ordering = ["contract", "date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="fund_amount_positive",
                violation_error_message=_("到位资金应大于0。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract} {self.date} {self.amount}万元"

    def clean(self) -> None:
        if not (self.date and self.contract_id):
            return
        errors = fund_errors(self.date, self.contract.signed_on)
        if errors:
            raise ValidationError(errors)


class AttractionTarget(TrackedModel):
    """A region's annual target of signed investment (新签约项目投资总额, 万元) and of big projects."""

    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    region = models.ForeignKey(
        Region, verbose_name=_("区域"), on_delete=models.PROTECT, related_name="attraction_targets"
    )
    signed_amount = models.DecimalField(_("签约总额目标（万元）"), validators=POSITIVE, **MONEY)
    big_projects = models.PositiveIntegerField(_("大项目个数目标"), null=True, blank=True)

    # Targets are set by the city.
    scope = ScopeRule(region="region", edit_roles=frozenset({Role.DISPATCHER}))

    class Meta:
        verbose_name = _("招商目标")
        verbose_name_plural = _("招商目标")
        ordering = ["-year", "region__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "region"],
                name="attraction_target_unique",
                violation_error_message=_("该区域已有该年度的招商目标。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year}年招商目标"
