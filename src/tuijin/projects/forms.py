"""Forms of the project registry: the project card, stage changes, 停工/复工 and annual plans with node goals.

Every rule lives in the models; the forms collect input, call the models and show their Chinese messages on
the field they concern.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tuijin.core.forms import TrackedModelForm
from tuijin.projects.choices import NEXT_STAGES, STAGE_ORDER, FundingSource, Stage, SuspensionKind
from tuijin.projects.industries import DIVISIONS, division_label
from tuijin.projects.models import AnnualPlan, NodeGoal, Project, ProjectFunding, StageTransition, Suspension


class DateInput(forms.DateInput):
    """The browser's date picker; the value travels as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class MonthInput(forms.DateInput):
    """The browser's month picker (``<input type=month>``); the value travels as YYYY-MM."""

    input_type = "month"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m")


class MonthField(forms.DateField):
    """A year-month (计划开工/竣工): typed as 2025-03, stored as the first day of that month."""

    widget = MonthInput
    input_formats = ["%Y-%m", "%Y-%m-%d", "%Y年%m月"]
    default_error_messages = {"invalid": _("请输入年月，格式如 2025-03。")}

    def to_python(self, value: Any) -> datetime.date | None:
        result = super().to_python(value)
        return result.replace(day=1) if result else result


class RelatedRowsMixin:
    """Saves the rows that hang off the form's object (funding rows, node goals …) with it, in one transaction.

    With ``commit=False`` they are saved by ``save_m2m()``, as Django does for many-to-many fields.
    """

    def save_related(self, obj: models.Model) -> None:
        raise NotImplementedError

    def save(self, commit: bool = True) -> Any:
        with transaction.atomic():
            obj = super().save(commit=commit)  # type: ignore[misc]
            if commit:
                self.save_related(obj)
            else:
                save_m2m = self.save_m2m  # type: ignore[attr-defined]

                def save_all() -> None:
                    save_m2m()
                    self.save_related(obj)

                self.save_m2m = save_all
        return obj


def funding_field(source: str) -> str:
    """The name of the form field holding one funding source's planned amount."""
    return f"funding_{source}"


def save_fundings(project: Project, amounts: Mapping[str, Decimal | None]) -> None:
    """Make the project's funding rows match ``amounts`` (source → planned 万元; None removes the row).

    Rows are saved one by one (never ``bulk_create``) so each change has its history record.
    """
    existing = {funding.source: funding for funding in project.fundings.all()}
    for source, amount in amounts.items():
        funding = existing.get(source)
        if amount is None:
            if funding is not None:
                funding.delete()
            continue
        if funding is not None and funding.planned_amount == amount:
            continue
        funding = funding or ProjectFunding(project=project, source=source)
        funding.planned_amount = amount
        funding.full_clean()
        funding.save()


def advance_reason(project: Project, to_stage: str, note: str = "") -> str:
    """The history reason of a stage change: the note, else what happened (阶段变更：前期 → 在建)."""
    return note.strip() or gettext("阶段变更：%(from)s → %(to)s") % {
        "from": project.get_stage_display(),
        "to": Stage(to_stage).label,
    }


def request_reason(kind: str, reason: str) -> str:
    """The history reason of a 停工/复工 request: 停工申请：征迁受阻."""
    return gettext("%(kind)s申请：%(reason)s") % {"kind": SuspensionKind(kind).label, "reason": reason}


def decision_reason(suspension: Suspension, approve: bool, note: str = "") -> str:
    """The history reason of a decision: 批准停工申请, with the dispatcher's note after a colon."""
    text = gettext("%(decision)s%(kind)s申请") % {
        "decision": gettext("批准") if approve else gettext("驳回"),
        "kind": suspension.get_kind_display(),
    }
    return f"{text}：{note.strip()}" if note.strip() else text


# Where a StageTransition error goes on the project form's entry-stage pair.
ENTRY_ERROR_FIELDS = {"to_stage": "entry_stage", "date": "entry_date"}


class ProjectForm(RelatedRowsMixin, TrackedModelForm):
    """The project card. On create it also asks for the 入库阶段 and its date, recorded as the first transition.

    The planned amount of each funding source is an optional field of the same form, saved into ProjectFunding
    rows in the project's transaction. ``sections`` groups the fields on the page.
    """

    class Meta:
        model = Project
        fields = [
            "code",
            "name",
            "region",
            "level_provincial",
            "level_municipal",
            "level_district",
            "category",
            "tags",
            "industry_section",
            "industry_division",
            "nature",
            "location",
            "content",
            "total_investment",
            "planned_start",
            "planned_completion",
            "owner",
            "responsible_unit",
            "responsible_leader",
            "stats_registered",
            "stats_registered_on",
            "longitude",
            "latitude",
        ]
        field_classes = {"planned_start": MonthField, "planned_completion": MonthField}
        widgets = {
            "tags": forms.CheckboxSelectMultiple,
            "content": forms.Textarea(attrs={"rows": 3}),
            "stats_registered_on": DateInput,
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["industry_division"].widget = forms.Select(
            choices=[("", "---------"), *((code, division_label(code)) for code in DIVISIONS)]
        )
        fundings = self.instance.fundings.all() if self.instance.pk else []
        planned = {funding.source: funding.planned_amount for funding in fundings}
        for source in FundingSource:
            self.fields[funding_field(source)] = forms.DecimalField(
                label=gettext("%(source)s（万元）") % {"source": source.label},
                required=False,
                min_value=Decimal(0),
                max_digits=18,
                decimal_places=4,
                initial=planned.get(source),
            )
        if self.creating:
            self.fields["entry_stage"] = forms.ChoiceField(
                label=_("入库阶段"),
                choices=Stage.choices,
                initial=Stage.PLANNING,
                help_text=_("项目登记入库时所处的阶段；已开工的项目选“在建”并填写实际开工日期。"),
            )
            self.fields["entry_date"] = forms.DateField(
                label=_("日期"), initial=timezone.localdate, widget=DateInput, help_text=_("进入该阶段的日期。")
            )
        # The 修改原因 stays the last field.
        self.fields["reason"] = self.fields.pop("reason")

    @property
    def creating(self) -> bool:
        return self.instance.pk is None

    @property
    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        """(heading, bound fields) in page order; the entry-stage pair only on create."""
        groups: list[tuple[Any, list[str]]] = [
            (_("基本信息"), ["code", "name", "region", "category"]),
            (_("项目级别与标签"), ["level_provincial", "level_municipal", "level_district", "tags"]),
            (_("行业与建设内容"), ["industry_section", "industry_division", "nature", "location", "content"]),
            (_("投资与工期"), ["total_investment", "planned_start", "planned_completion"]),
            (_("资金来源（计划）"), [funding_field(source) for source in FundingSource]),
            (_("责任主体"), ["owner", "responsible_unit", "responsible_leader"]),
            (_("统计入库与位置"), ["stats_registered", "stats_registered_on", "longitude", "latitude"]),
            (_("入库阶段"), ["entry_stage", "entry_date"]),
            (_("修改原因"), ["reason"]),
        ]
        return [
            (heading, [self[name] for name in names if name in self.fields])
            for heading, names in groups
            if any(name in self.fields for name in names)
        ]

    def _post_clean(self) -> None:
        super()._post_clean()
        # The entry transition is checked by its model once the instance holds the submitted card (category …),
        # so a refused entry shows on the form instead of failing after the project is saved.
        stage, on = self.cleaned_data.get("entry_stage"), self.cleaned_data.get("entry_date")
        if not (self.creating and stage and on):
            return
        try:
            StageTransition(project=self.instance, to_stage=stage, date=on).full_clean(exclude=["project"])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(ENTRY_ERROR_FIELDS.get(field), messages)

    def save_related(self, project: Project) -> None:
        save_fundings(project, {source: self.cleaned_data.get(funding_field(source)) for source in FundingSource})
        if "entry_stage" in self.fields:
            project.enter(self.cleaned_data["entry_stage"], self.cleaned_data["entry_date"])


class AdvanceForm(forms.Form):
    """A stage change (阶段变更) of one project; ``save()`` calls ``Project.advance``, which has the rules."""

    to_stage = forms.ChoiceField(label=_("变更为"))
    date = forms.DateField(label=_("日期"), initial=timezone.localdate, widget=DateInput)
    note = forms.CharField(label=_("说明"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, instance: Project, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance = instance
        # Only the legal next stages are offered; the model still refuses what the choices cannot express
        # (投产 for a project that is not an 产业项目, a date before the previous change).
        next_stages = sorted(NEXT_STAGES.get(instance.stage, set()), key=STAGE_ORDER.index)
        self.fields["to_stage"].choices = [(stage, Stage(stage).label) for stage in next_stages]
        if not next_stages:
            self.fields["to_stage"].help_text = _("该项目已处于最后阶段，不能再变更。")
        self.fields["version"].initial = instance.version

    def history_reason(self) -> str:
        return advance_reason(self.instance, self.cleaned_data["to_stage"], self.cleaned_data["note"])

    def save(self) -> Project:
        project = self.instance
        if self.cleaned_data.get("version"):
            # Advance from the version the user saw: a change made meanwhile makes the save a conflict.
            project.version = self.cleaned_data["version"]
        project.advance(self.cleaned_data["to_stage"], self.cleaned_data["date"], self.cleaned_data["note"].strip())
        return project


class SuspensionForm(forms.ModelForm):
    """A 停工 or 复工 request for the project already set on the instance; the model decides if it is allowed."""

    class Meta:
        model = Suspension
        fields = ["kind", "date", "reason"]
        widgets = {"date": DateInput, "reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = (
            SuspensionKind.RESUME if self.instance.project.suspended else SuspensionKind.SUSPEND
        )
        self.fields["date"].initial = timezone.localdate

    def history_reason(self) -> str:
        return request_reason(self.cleaned_data["kind"], self.cleaned_data["reason"])


class DecisionForm(forms.Form):
    """The dispatcher's decision on a 停工/复工 request, sent by the 批准 / 驳回 buttons."""

    APPROVE, REJECT = "approve", "reject"

    decision = forms.ChoiceField(label=_("审批"), choices=[(APPROVE, _("批准")), (REJECT, _("驳回"))])
    note = forms.CharField(label=_("审批意见"), max_length=500, required=False)

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == self.APPROVE

    def history_reason(self, suspension: Suspension) -> str:
        return decision_reason(suspension, self.approve, self.cleaned_data["note"])


class NodeGoalForm(forms.ModelForm):
    class Meta:
        model = NodeGoal
        fields = ["kind", "description", "target_month", "achieved_on"]
        widgets = {"achieved_on": DateInput}


NodeGoalFormSet = forms.inlineformset_factory(AnnualPlan, NodeGoal, form=NodeGoalForm, extra=2, can_delete=True)


class AnnualPlanForm(RelatedRowsMixin, TrackedModelForm):
    """A project's plan for a year with its node goals (``goals``, an inline formset saved with the plan)."""

    class Meta:
        model = AnnualPlan
        fields = ["project", "year", "planned_investment", "joined_on", "left_on", "left_reason"]
        widgets = {"joined_on": DateInput, "left_on": DateInput}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        project = self.fields["project"]
        project.queryset = Project.objects.editable_by(user).select_related("region")
        project.label_from_instance = lambda obj: f"{obj.region.name} · {obj.name}"
        if self.instance.pk:
            # A plan belongs to its project; to plan another project, create its own plan.
            project.disabled = True
        else:
            self.fields["year"].initial = timezone.localdate().year
        self.fields["reason"] = self.fields.pop("reason")
        self.goals = NodeGoalFormSet(self.data if self.is_bound else None, instance=self.instance, prefix="goals")

    def is_valid(self) -> bool:
        # Validate both, so the page shows the plan's and the goals' errors together.
        plan_valid = super().is_valid()
        goals_valid = self.goals.is_valid()
        return plan_valid and goals_valid

    def save_related(self, plan: AnnualPlan) -> None:
        self.goals.instance = plan
        self.goals.save()
