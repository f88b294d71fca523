"""Forms of investment attraction: the ledgers' cards, and the actions on a lead or a contract.

Every rule lives in the models (``Lead.move``, ``Contract.record_milestone``, ``Milestone.clean`` …); the forms
collect input, narrow the dropdowns to the user's scope, call the models and show their Chinese messages.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tuijin.attraction.choices import ACTIVE_LEAD_STATUSES, LEAD_NEXT, LEAD_ORDER, LeadStatus, MilestoneKind
from tuijin.attraction.models import (
    AttractionSettings,
    AttractionTarget,
    Contract,
    FollowUp,
    FundArrival,
    Lead,
    LeadSource,
    SigningEvent,
    Team,
    TeamMember,
)
from tuijin.core.forms import TrackedModelForm
from tuijin.core.models import User
from tuijin.projects.forms import DateInput
from tuijin.projects.industries import DIVISIONS, division_label
from tuijin.projects.models import Project


def division_select() -> forms.Select:
    return forms.Select(choices=[("", "---------"), *((code, division_label(code)) for code in DIVISIONS)])


def reason_last(form: forms.BaseForm) -> None:
    """The 修改原因 stays the last field of a card."""
    form.fields["reason"] = form.fields.pop("reason")


def active_sources(current: LeadSource | None) -> QuerySet[LeadSource]:
    """Active sources, plus the one already chosen on the row (a retired source stays readable)."""
    q = Q(active=True)
    if current is not None:
        q |= Q(pk=current.pk)
    return LeadSource.objects.filter(q)


def region_projects(user: Any, contract: Contract) -> QuerySet[Project]:
    """Registry projects the user may change in the contract's region subtree (those a contract may be linked to)."""
    return (
        Project.objects.editable_by(user)
        .filter(region__path__startswith=contract.region.path)
        .select_related("region")
        .order_by("region__path", "name")
    )


def project_label(project: Project) -> str:
    return f"{project.region.name} · {project.name}（{project.get_stage_display()}）"


# ---- Leads --------------------------------------------------------------------------------------------------------


class LeadForm(TrackedModelForm):
    """The lead card; the status changes only through ``LeadMoveForm`` (and a contract made from the lead)."""

    class Meta:
        model = Lead
        fields = [
            "company",
            "credit_code",
            "project_name",
            "source",
            "industry_section",
            "industry_division",
            "intended_investment",
            "region",
            "team",
            "owner",
            "contact",
            "found_on",
            "description",
        ]
        widgets = {"found_on": DateInput, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["source"].queryset = active_sources(self.instance.source if self.instance.source_id else None)
        self.fields["industry_division"].widget = division_select()
        reason_last(self)


class LeadMoveForm(forms.Form):
    """A status change by hand. Every status is accepted so that ``Lead.move`` gives its own reasons for refusing
    (签约 by hand, a jump backwards); the dropdown offers only the legal next ones."""

    to_status = forms.ChoiceField(label=_("变更为"), choices=LeadStatus.choices)
    date = forms.DateField(label=_("日期"), initial=timezone.localdate, widget=DateInput)
    reason = forms.CharField(
        label=_("原因"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("放弃线索时必填；将记录在历史中。"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, instance: Lead, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance = instance
        legal = [status for status in [*LEAD_ORDER, LeadStatus.DROPPED] if status in LEAD_NEXT.get(instance.status, ())]
        self.fields["to_status"].widget.choices = [(status, LeadStatus(status).label) for status in legal]
        self.fields["version"].initial = instance.version

    def history_reason(self) -> str:
        label = LeadStatus(self.cleaned_data["to_status"]).label
        reason = self.cleaned_data["reason"].strip()
        return gettext("状态变更为“%(status)s”") % {"status": label} + (f"：{reason}" if reason else "")

    def save(self) -> Lead:
        lead = self.instance
        if self.cleaned_data.get("version"):
            lead.version = self.cleaned_data["version"]
        lead.move(self.cleaned_data["to_status"], self.cleaned_data["date"], self.cleaned_data["reason"])
        return lead


class FollowUpForm(forms.ModelForm):
    """A follow-up of the lead set on the instance; ``recorded_by`` is set by the view."""

    class Meta:
        model = FollowUp
        fields = ["date", "content", "next_step", "next_date"]
        widgets = {"date": DateInput, "next_date": DateInput, "content": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate

    def history_reason(self) -> str:
        return gettext("新增跟进记录")


# ---- Contracts ----------------------------------------------------------------------------------------------------


class ContractForm(TrackedModelForm):
    """The contract card. ``lead`` offers the user's active leads not yet signed (and the one already linked);
    saving a contract with a lead makes the lead 签约 (``Contract.save``)."""

    class Meta:
        model = Contract
        fields = [
            "number",
            "name",
            "lead",
            "investor_name",
            "investor_credit_code",
            "amount",
            "kind",
            "signed_on",
            "event",
            "region",
            "industry_section",
            "industry_division",
            "source",
            "team",
            "needs_land",
            "content",
        ]
        widgets = {"signed_on": DateInput, "content": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        current = self.instance.lead_id
        free = Q(status__in=ACTIVE_LEAD_STATUSES, contract__isnull=True)
        self.fields["lead"].queryset = Lead.objects.editable_by(user).filter(free | Q(pk=current or 0))
        self.fields["source"].queryset = active_sources(self.instance.source if self.instance.source_id else None)
        self.fields["industry_division"].widget = division_select()
        if not self.instance.pk:
            self.fields["signed_on"].initial = timezone.localdate
        reason_last(self)

    def save(self, commit: bool = True) -> Contract:
        lead = self.instance.lead if self.instance.lead_id else None
        if lead is not None and lead.status != LeadStatus.SIGNED:
            # The lead's change to 签约 gets its own reason in the lead's history.
            lead._change_reason = gettext("签约：%(contract)s") % {"contract": self.instance.name}
        return super().save(commit=commit)


class MilestoneForm(forms.Form):
    """Record (or re-date) a fulfilment milestone; for 开工, optionally the registry project that started."""

    kind = forms.ChoiceField(label=_("履约节点"), choices=MilestoneKind.choices)
    date = forms.DateField(label=_("日期"), initial=timezone.localdate, widget=DateInput)
    evidence = forms.CharField(
        label=_("佐证"),
        max_length=500,
        required=False,
        help_text=_("营业执照、土地出让合同、施工许可证、投产批文等。"),
    )
    note = forms.CharField(label=_("备注"), max_length=500, required=False)
    project = forms.ModelChoiceField(
        label=_("关联重点项目（开工时）"),
        queryset=Project.objects.none(),
        required=False,
        help_text=_("登记开工时可选择已在项目库中的项目；不选则由签约项目新建一个在建项目。"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, instance: Contract, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance = instance
        self.fields["version"].initial = instance.version
        recorded = set(instance.milestones.values_list("kind", flat=True))
        missing = [kind for kind in MilestoneKind.values if kind not in recorded]
        if missing:
            self.fields["kind"].initial = missing[0]
        if instance.project_id:
            # Already linked: 开工 advances that project; the choice would be ignored, so it is not offered.
            del self.fields["project"]
        else:
            self.fields["project"].queryset = region_projects(user, instance)
            self.fields["project"].label_from_instance = project_label

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("project") and data.get("kind") != MilestoneKind.STARTED:
            self.add_error("project", _("只有登记“开工”时才能关联重点项目。"))
        return data

    def history_reason(self) -> str:
        label = MilestoneKind(self.cleaned_data["kind"]).label
        return gettext("登记履约节点“%(kind)s”") % {"kind": label}

    def save(self) -> Contract:
        contract = self.instance
        if self.cleaned_data.get("version"):
            contract.version = self.cleaned_data["version"]
        data = self.cleaned_data
        contract.record_milestone(
            data["kind"], data["date"], data["evidence"].strip(), data["note"].strip(), project=data.get("project")
        )
        return contract


class FundArrivalForm(TrackedModelForm):
    class Meta:
        model = FundArrival
        fields = ["date", "amount", "note"]
        widgets = {"date": DateInput}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["date"].initial = timezone.localdate


class LinkProjectForm(forms.Form):
    """Link the contract to a registry project: an existing one, or (left blank) a new one in 前期."""

    project = forms.ModelChoiceField(
        label=_("重点项目"),
        queryset=Project.objects.none(),
        required=False,
        help_text=_("选择项目库中已有的项目；不选则由签约项目新建一个处于“前期”阶段的项目。"),
    )
    reason = forms.CharField(label=_("原因"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, instance: Contract, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance = instance
        self.fields["version"].initial = instance.version
        projects = region_projects(user, instance)
        if instance.project_id:
            projects = projects.exclude(pk=instance.project_id)
            # A linked contract changes its link; it never creates a second project.
            self.fields["project"].required = True
            self.fields["project"].help_text = _("改为关联项目库中的另一个项目。")
        self.fields["project"].queryset = projects
        self.fields["project"].label_from_instance = project_label

    def history_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        return reason or gettext("关联重点项目")

    def save(self) -> Contract:
        contract = self.instance
        if self.cleaned_data.get("version"):
            contract.version = self.cleaned_data["version"]
        contract.link_project(self.cleaned_data.get("project"), on=contract.signed_on)
        return contract


# ---- Events, teams, targets, settings ------------------------------------------------------------------------------


class SigningEventForm(TrackedModelForm):
    class Meta:
        model = SigningEvent
        fields = ["name", "kind", "theme", "date", "place", "region"]
        widgets = {"date": DateInput}


class TeamForm(TrackedModelForm):
    class Meta:
        model = Team
        fields = ["name", "region", "leader", "focus"]


class TeamMemberForm(TrackedModelForm):
    """A member of the team set on the instance; the account is one of the users working in the team's region."""

    class Meta:
        model = TeamMember
        fields = ["name", "position", "phone", "user"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        region = self.instance.team.region
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True, role_assignments__region__path__startswith=region.path)
            .distinct()
            .order_by("username")
        )


class AttractionTargetForm(TrackedModelForm):
    class Meta:
        model = AttractionTarget
        fields = ["year", "region", "signed_amount", "big_projects"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year


class AttractionSettingsForm(TrackedModelForm):
    class Meta:
        model = AttractionSettings
        fields = [
            "big_project_threshold",
            "count_framework",
            "rate_basis",
            "stale_lead_days",
            "register_due_months",
            "land_due_months",
            "start_due_months",
            "produce_due_months",
        ]
