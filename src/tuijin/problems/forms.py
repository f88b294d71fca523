"""Forms of problem coordination: the problem card, the workflow steps (交办, 反馈, 延期, 办结, 退回, 销号), the
performance page's parameters and the settings.

Every rule lives in ``Problem`` (``assign``, ``reply`` …); a step's form collects the input, narrows the dropdowns
to the user's scope, checks the uploaded files the way the model will (so their errors sit on the file field) and
calls the model in ``perform()``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tuijin.core import workdays
from tuijin.core.choices import RegionKind
from tuijin.core.forms import TrackedModelForm
from tuijin.core.models import Region, Unit
from tuijin.core.periods import date_label
from tuijin.problems.choices import Action, Level
from tuijin.problems.models import Attachment, Inspection, Problem, ProblemKind, ProblemSettings, is_handler_of
from tuijin.problems.queries import PERFORMANCE_GROUPS
from tuijin.projects.forms import DateInput
from tuijin.projects.models import Project


def reason_last(form: forms.BaseForm) -> None:
    """The 修改原因 stays the last field of a card."""
    form.fields["reason"] = form.fields.pop("reason")


def project_label(project: Project) -> str:
    return f"{project.region.name} · {project.name}"


def unit_label(unit: Unit) -> str:
    return f"{unit.region.name} · {unit.name}"


# ---- The problem card ---------------------------------------------------------------------------------------------


class ProblemForm(TrackedModelForm):
    """Raise (or, while still 提出, correct) a problem on a project the user may change.

    ``inspection`` (from ``?inspection=``) fixes the source inspection and presets its project; ``project`` (from
    ``?project=``) presets the project.
    """

    class Meta:
        model = Problem
        fields = ["project", "kind", "title", "description", "demand", "level", "raised_on", "inspection"]
        widgets = {
            "raised_on": DateInput,
            "description": forms.Textarea(attrs={"rows": 4}),
            "demand": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(
        self,
        *args: Any,
        user: Any,
        inspection: Inspection | None = None,
        project: Project | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, user=user, **kwargs)
        current_project = self.instance.project_id if self.instance.pk else None
        projects = Project.objects.editable_by(user)
        if current_project:
            projects = projects | Project.objects.filter(pk=current_project)
        self.fields["project"].queryset = projects.select_related("region").order_by("region__path", "name")
        self.fields["project"].label_from_instance = project_label
        current_kind = self.instance.kind_id if self.instance.pk else None
        self.fields["kind"].queryset = ProblemKind.objects.filter(Q(active=True) | Q(pk=current_kind or 0))
        self.fields["inspection"].queryset = Inspection.objects.visible_to(user).select_related("project")
        if not self.instance.pk:
            self.fields["raised_on"].initial = timezone.localdate
        if inspection is not None:
            self.initial["inspection"] = inspection.pk
            self.initial.setdefault("project", inspection.project_id)
            self.fields["inspection"].disabled = True
            self.fields["inspection"].help_text = _("由督查记录发现的问题，来源督查不能更改。")
        elif project is not None:
            self.initial.setdefault("project", project.pk)
        reason_last(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        inspection, project = data.get("inspection"), data.get("project")
        if inspection is not None and project is not None and inspection.project_id != project.pk:
            self.add_error("project", _("所选项目与来源督查记录的项目不一致。"))
        return data


# ---- Uploads ------------------------------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; ``cleaned_data`` holds the list (empty when none were chosen)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def files_field() -> MultipleFileField:
    # The size limit is a setting, read when the files are checked (``Attachment.check_all``).
    return MultipleFileField(
        label=_("附件"),
        help_text=_("可多选；支持PDF、图片（PNG/JPEG/GIF/WebP）、Word/Excel/PowerPoint及WPS文件。"),
    )


# ---- Workflow steps -----------------------------------------------------------------------------------------------


class ProblemActionForm(forms.Form):
    """One workflow step on ``problem`` by ``user``. Subclasses name the ``action`` (for the history reason and
    the title) and call the model in ``perform()``; ``guard_version`` steps refuse a page rendered before someone
    else changed the problem."""

    action: str = ""
    date_field_label = _("日期")
    guard_version = True

    on = forms.DateField(label=_("日期"), widget=DateInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, problem: Problem, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.problem = problem
        self.user = user
        self.fields["on"].label = self.date_field_label
        self.fields["on"].initial = timezone.localdate
        self.fields["version"].initial = problem.version
        # The date comes after the step's own fields.
        self.fields["on"] = self.fields.pop("on")

    def reason_text(self) -> str:
        return ""

    def history_reason(self) -> str:
        label = Action(self.action).label
        note = self.reason_text().strip()
        return f"{label}：{note}" if note else str(label)

    def apply_version(self) -> None:
        submitted = self.cleaned_data.get("version")
        if self.guard_version and submitted:
            self.problem.version = submitted

    def perform(self) -> Any:
        raise NotImplementedError

    def success_message(self) -> str:
        return gettext("已%(action)s：%(problem)s") % {"action": Action(self.action).label, "problem": self.problem}


def check_files(uploads: list[Any]) -> list[Any]:
    """The uploads, or the Chinese message of the first bad one (type by content, size) on the field."""
    Attachment.check_all(uploads)
    return uploads


def suggested_regions(project: Project) -> list[int]:
    """The project's region and the city (地级市) it lies in: their units are offered first."""
    chain: list[Region] = [*project.region.ancestors(), project.region]
    ids = [project.region_id]
    ids += [region.pk for region in chain if region.kind == RegionKind.CITY and region.pk != project.region_id]
    return ids


def assignable_units(user: Any, project: Project) -> QuerySet[Unit]:
    """Active units the user may see, those of the project's region and its city first, then by region and name."""
    suggested = suggested_regions(project)
    return (
        Unit.objects.visible_to(user)
        .filter(is_active=True)
        .select_related("region")
        .annotate(
            suggested=Case(When(region_id__in=suggested, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("suggested", "region__path", "name")
    )


class AssignForm(ProblemActionForm):
    """交办 (or 改派 while open): the lead unit, helper units, level and the day the clock starts."""

    action = Action.ASSIGN
    date_field_label = _("交办日期")

    lead_unit = forms.ModelChoiceField(label=_("主办单位"), queryset=Unit.objects.none())
    helper_units = forms.ModelMultipleChoiceField(
        label=_("协办单位"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("可多选（按住Ctrl或⌘）。"),
    )
    level = forms.ChoiceField(label=_("协调层级"), choices=Level.choices)
    note = forms.CharField(label=_("交办意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, problem: Problem, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, problem=problem, user=user, **kwargs)
        if problem.lead_unit_id:
            self.action = Action.REASSIGN
            self.fields["note"].label = _("改派说明")
        units = assignable_units(user, problem.project)
        for name in ("lead_unit", "helper_units"):
            self.fields[name].queryset = units
            self.fields[name].label_from_instance = unit_label
        self.fields["lead_unit"].help_text = _("项目所在区域及所在市的单位排在前面。")
        self.fields["level"].initial = problem.level
        if problem.lead_unit_id:
            self.fields["lead_unit"].initial = problem.lead_unit_id
            self.fields["helper_units"].initial = [unit.pk for unit in problem.helper_units.all()]
        kind = problem.kind
        self.fields["on"].help_text = _(
            "主办时限%(lead)s个工作日、协办回复时限%(helper)s个工作日，自交办次日起算。"
        ) % {
            "lead": kind.lead_days,
            "helper": kind.helper_days,
        }

    def reason_text(self) -> str:
        lead = self.cleaned_data.get("lead_unit")
        text = gettext("主办：%(lead)s") % {"lead": lead} if lead else ""
        extra = self.cleaned_data.get("note", "").strip()
        return f"{text} {extra}".strip()

    def perform(self) -> Any:
        data = self.cleaned_data
        return self.problem.assign(
            self.user,
            data["lead_unit"],
            list(data["helper_units"]),
            level=data["level"],
            on=data["on"],
            note=data["note"].strip(),
        )

    def success_message(self) -> str:
        return gettext("已%(action)s：%(problem)s。办理时限：%(deadline)s") % {
            "action": Action(self.action).label,
            "problem": self.problem,
            "deadline": date_label(self.problem.deadline),
        }


class ReplyForm(ProblemActionForm):
    """办理反馈 (lead unit) or 协办反馈 (helper unit), with files."""

    action = Action.REPLY
    date_field_label = _("反馈日期")
    guard_version = False

    content = forms.CharField(label=_("反馈内容"), widget=forms.Textarea(attrs={"rows": 3}))
    files = files_field()

    def __init__(self, *args: Any, problem: Problem, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, problem=problem, user=user, **kwargs)
        # As ``Problem.reply`` decides: a handler of a helper unit answers as 协办, whatever else they are.
        if any(is_handler_of(user, unit.pk) for unit in problem.helper_units.all()):
            self.action = Action.HELPER_REPLY

    def reason_text(self) -> str:
        return self.cleaned_data.get("content", "")[:100]

    def clean_files(self) -> list[Any]:
        return check_files(self.cleaned_data["files"])

    def perform(self) -> Any:
        data = self.cleaned_data
        record = self.problem.reply(self.user, data["content"], data["files"], on=data["on"])
        self.action = record.action
        return record

    def success_message(self) -> str:
        return gettext("已提交%(action)s：%(problem)s") % {"action": Action(self.action).label, "problem": self.problem}


class ExtensionRequestForm(ProblemActionForm):
    """申请延期: the new deadline (a working day) and why."""

    action = Action.EXTENSION_REQUEST
    date_field_label = _("申请日期")
    guard_version = False

    new_deadline = forms.DateField(label=_("申请延至"), widget=DateInput)
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, problem: Problem, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, problem=problem, user=user, **kwargs)
        if problem.deadline:
            notice = ProblemSettings.current().extension_notice_days
            latest = workdays.subtract_workdays(problem.deadline, notice)
            self.fields["on"].help_text = _("当前时限%(deadline)s；延期申请最迟须在%(latest)s提出。") % {
                "deadline": date_label(problem.deadline),
                "latest": date_label(latest),
            }

    def reason_text(self) -> str:
        return self.cleaned_data.get("reason", "")

    def perform(self) -> Any:
        data = self.cleaned_data
        return self.problem.request_extension(self.user, data["new_deadline"], data["reason"], on=data["on"])

    def success_message(self) -> str:
        return gettext("已提交延期申请，待调度审批：%(problem)s") % {"problem": self.problem}


class ExtensionDecisionForm(ProblemActionForm):
    """同意 or 不同意 the pending extension request (不同意 needs a reason)."""

    action = Action.EXTENSION_APPROVE
    date_field_label = _("审批日期")

    decision = forms.ChoiceField(
        label=_("审批意见"),
        choices=[("approve", _("同意延期")), ("refuse", _("不同意延期"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("不同意时必填。"),
    )

    def __init__(self, *args: Any, problem: Problem, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, problem=problem, user=user, **kwargs)
        pending = problem.pending_extension()
        if pending is not None:
            self.fields["decision"].help_text = _("申请将时限由%(old)s延至%(new)s：%(reason)s") % {
                "old": date_label(pending.current_deadline),
                "new": date_label(pending.new_deadline),
                "reason": pending.reason,
            }

    @property
    def approve(self) -> bool:
        return self.cleaned_data.get("decision") == "approve"

    def reason_text(self) -> str:
        return self.cleaned_data.get("note", "")

    def history_reason(self) -> str:
        self.action = Action.EXTENSION_APPROVE if self.approve else Action.EXTENSION_REFUSE
        return super().history_reason()

    def perform(self) -> Any:
        data = self.cleaned_data
        self.action = Action.EXTENSION_APPROVE if self.approve else Action.EXTENSION_REFUSE
        return self.problem.decide_extension(self.user, self.approve, data["note"].strip(), on=data["on"])

    def success_message(self) -> str:
        if self.approve:
            return gettext("已同意延期，办理时限：%(deadline)s") % {"deadline": date_label(self.problem.deadline)}
        return gettext("已不同意延期：%(problem)s") % {"problem": self.problem}


class ResolveForm(ProblemActionForm):
    """办结 by the lead unit: how the problem was solved, with files."""

    action = Action.RESOLVE
    date_field_label = _("办结日期")

    resolution = forms.CharField(label=_("办结情况"), widget=forms.Textarea(attrs={"rows": 3}))
    files = files_field()

    def reason_text(self) -> str:
        return self.cleaned_data.get("resolution", "")[:100]

    def clean_files(self) -> list[Any]:
        return check_files(self.cleaned_data["files"])

    def perform(self) -> Any:
        data = self.cleaned_data
        return self.problem.resolve(self.user, data["resolution"], data["files"], on=data["on"])


class CloseForm(ProblemActionForm):
    """销号: the dispatcher verifies the resolution."""

    action = Action.CLOSE
    date_field_label = _("销号日期")

    note = forms.CharField(label=_("核验意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def reason_text(self) -> str:
        return self.cleaned_data.get("note", "")

    def perform(self) -> Any:
        data = self.cleaned_data
        return self.problem.close(self.user, data["note"].strip(), on=data["on"])


class ReturnForm(ProblemActionForm):
    """退回: the resolution is not accepted; the lead unit works on with a fresh limit from the day of return."""

    action = Action.RETURN
    date_field_label = _("退回日期")

    reason = forms.CharField(label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 2}))

    def reason_text(self) -> str:
        return self.cleaned_data.get("reason", "")

    def perform(self) -> Any:
        data = self.cleaned_data
        return self.problem.send_back(self.user, data["reason"], on=data["on"])

    def success_message(self) -> str:
        return gettext("已退回：%(problem)s。新的办理时限：%(deadline)s") % {
            "problem": self.problem,
            "deadline": date_label(self.problem.deadline),
        }


# ---- Performance page and settings --------------------------------------------------------------------------------

GROUP_LABELS = {"unit": _("按主办单位"), "kind": _("按问题类型"), "unit_kind": _("按单位和类型")}
GROUP_CHOICES = [(value, GROUP_LABELS[value]) for value in PERFORMANCE_GROUPS]


class PerformanceForm(forms.Form):
    """The performance page's parameters: grouping, as-of date (not after today) and an optional 交办 year."""

    group = forms.ChoiceField(label=_("分组"), choices=GROUP_CHOICES, required=False)
    as_of = forms.DateField(label=_("统计日"), required=False, widget=DateInput)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)

    def clean_as_of(self) -> datetime.date:
        today = timezone.localdate()
        value = self.cleaned_data.get("as_of")
        return min(value, today) if value else today

    def clean_group(self) -> str:
        return self.cleaned_data.get("group") or "unit"


class ProblemSettingsForm(TrackedModelForm):
    class Meta:
        model = ProblemSettings
        fields = ["blue_days", "extension_notice_days", "attachment_max_mb", "land_to_start_days"]
