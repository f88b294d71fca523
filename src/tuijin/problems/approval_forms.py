"""Forms of approval items (前期手续) and site inspections (督查).

The rules live in the models (``ApprovalItem.clean`` and its one-type-per-project constraint, ``Inspection.clean``,
the upload checks of ``StoredFile``); the forms narrow the dropdowns to the user's scope, collect the input and show
the models' Chinese messages. A 部门办理 of the handling unit edits an item through a narrowed form: the handling
fields only, never the project, the type or the unit.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuijin.core.forms import TrackedModelForm
from tuijin.core.models import Region, Unit
from tuijin.core.scope import editable_regions_q, is_admin
from tuijin.problems.models import ApprovalItem, Inspection, InspectionPhoto
from tuijin.projects.forms import DateInput
from tuijin.projects.models import Project

# What the approving unit's handler records: progress and result, not the plan nor where the item belongs.
HANDLER_FIELDS = ("status", "started_on", "obtained_on", "document_no", "note")


def reason_last(form: forms.BaseForm) -> None:
    """The 修改原因 stays the last field of a card."""
    form.fields["reason"] = form.fields.pop("reason")


def project_label(project: Project) -> str:
    return f"{project.region.name} · {project.name}（{project.get_stage_display()}）"


def may_change_project(user: Any, project: Project | int | None) -> bool:
    """Whether the user may change the project (its district's 区县填报, the 市级调度 over it, an administrator): who
    keeps its approval list (adds, moves, re-plans, deletes items) and raises its problems. A handling unit's 部门办理
    may not."""
    if is_admin(user):
        return True
    if project is None:
        return False
    project_id = project.pk if isinstance(project, Project) else project
    return Project.objects.editable_by(user).filter(pk=project_id).exists()


def approval_projects(user: Any) -> QuerySet[Project]:
    return Project.objects.editable_by(user).select_related("region").order_by("region__path", "name")


def inspection_projects(user: Any) -> QuerySet[Project]:
    """Projects the user may record an inspection of: visible ones in the regions where the user may create
    inspections (市级调度 only, by ``Inspection.scope``)."""
    projects = Project.objects.visible_to(user).select_related("region").order_by("region__path", "name")
    q = editable_regions_q(Inspection.scope, user)
    return projects if q is None else projects.filter(region__in=Region.objects.filter(q))


class ApprovalItemForm(TrackedModelForm):
    """An approval item: the whole card for who keeps the project's list, the handling fields (``HANDLER_FIELDS``)
    for the approving unit's handler."""

    class Meta:
        model = ApprovalItem
        fields = [
            "project",
            "type",
            "name",
            "handling_unit",
            "agent_name",
            "agent_phone",
            "status",
            "planned_on",
            "started_on",
            "obtained_on",
            "document_no",
            "note",
        ]
        widgets = {
            "planned_on": DateInput,
            "started_on": DateInput,
            "obtained_on": DateInput,
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.handler_only = bool(self.instance.pk) and not may_change_project(user, self.instance.project_id)
        if self.handler_only:
            for name in list(self.fields):
                if name not in (*HANDLER_FIELDS, "version", "reason"):
                    del self.fields[name]
        else:
            self.fields["project"].queryset = approval_projects(user)
            self.fields["project"].label_from_instance = project_label
            current = self.instance.handling_unit_id
            units = Unit.objects.visible_to(user).filter(is_active=True).values("pk")
            self.fields["handling_unit"].queryset = Unit.objects.filter(Q(pk__in=units) | Q(pk=current or 0)).order_by(
                "region__path", "name"
            )
        reason_last(self)


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several uploaded files (a list, empty when none); their kind and size are checked by the model's rules."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleImageInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class InspectionForm(TrackedModelForm):
    """An inspection and its site photos (added on each save; every file checked before any is stored)."""

    photos = MultipleImageField(
        label=_("现场照片"),
        help_text=_("可多选；仅限 PNG、JPEG、GIF、WebP 图片。"),
    )

    class Meta:
        model = Inspection
        fields = ["on", "project", "inspectors", "findings", "workers_seen"]
        widgets = {"on": DateInput, "findings": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        # Whoever may edit an inspection may record one in its region, so the current project is always offered.
        self.fields["project"].queryset = inspection_projects(user)
        self.fields["project"].label_from_instance = project_label
        if not self.instance.pk:
            self.fields["on"].initial = timezone.localdate
        reason_last(self)

    def clean_photos(self) -> list[Any]:
        photos = self.cleaned_data["photos"]
        try:
            InspectionPhoto.check_all(photos)
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        return photos

    def save(self, commit: bool = True) -> Inspection:
        inspection = super().save(commit=commit)
        if commit and self.cleaned_data.get("photos"):
            # In the view's transaction: a file refused here (or a failed write) leaves no inspection behind.
            inspection.attach(self.cleaned_data["photos"])
        return inspection
