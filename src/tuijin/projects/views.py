"""Pages of the project registry: create/edit/delete/export of projects, stage changes, 停工/复工, annual plans.

The project list and detail pages belong to the dispatch app (they show monthly-report figures); pages here
link and redirect to them through ``Project.get_absolute_url()``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import UpdateView
from django_htmx.http import HttpResponseClientRedirect

from tuijin.core import audit, generic
from tuijin.core.views import safe_next
from tuijin.exchange.pipeline import export_rows
from tuijin.projects.choices import DecisionStatus
from tuijin.projects.filters import (
    AnnualPlanFilterSet,
    ProjectFilterSet,
    SuspensionFilterSet,
    decidable_suspensions,
)
from tuijin.projects.forms import AdvanceForm, AnnualPlanForm, DecisionForm, ProjectForm, SuspensionForm
from tuijin.projects.imports import ProjectImportSpec
from tuijin.projects.models import AnnualPlan, Project, Suspension
from tuijin.projects.tables import AnnualPlanTable, SuspensionTable, goals_text


def add_model_error(form: BaseForm, error: ValidationError) -> None:
    """Show a model's ValidationError on the form: on the fields it names that the form has, the rest on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ActionView(generic.ObjectEditView):
    """The generic edit view for forms that are more than a model edit: a stage change, a 停工/复工 request,
    an annual plan with its node goals.

    Keeps the generic view's scope (404 outside ``editable_by``, ``can_create`` for new rows), conflict
    detection, reason and transaction, and adds the hooks it lacks: ``get_success_url()`` and
    ``get_cancel_url()`` (the generic view uses ``get_absolute_url()``, which plans and suspensions do not
    have), ``history_reason()``, ``get_summary()`` (facts shown above the form), and a model
    ``ValidationError`` raised while saving shown on the form instead of an error page.

    With ``htmx_template_name`` set, an htmx request gets that partial back, after a save (a fresh form, the
    saved message shown inside it) as after a refusal (the bound form with its errors), instead of a redirect.
    """

    template_name = "projects/action_form.html"
    success_message = _("已保存：%(obj)s")
    htmx_template_name: str | None = None

    def htmx_context(self, form: Any, saved: bool) -> dict[str, Any]:
        return {"form": form}

    def get_title(self) -> str:
        name = self.model._meta.verbose_name
        if self.object is None:
            return _("新建%(name)s") % {"name": name}
        return _("修改%(name)s：%(obj)s") % {"name": name, "obj": self.object}

    def get_success_url(self) -> str:
        raise NotImplementedError

    def get_cancel_url(self) -> str:
        return self.get_success_url()

    def get_summary(self) -> list[tuple[str, str]]:
        return []

    def history_reason(self, form: Any) -> str:
        return form.history_reason() if hasattr(form, "history_reason") else form.cleaned_data["reason"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # Not the generic view's context: that one links back through get_absolute_url().
        context = UpdateView.get_context_data(self, **kwargs)
        context.update(title=self.get_title(), cancel_url=self.get_cancel_url(), summary=self.get_summary())
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        audit.set_reason(self.history_reason(form))
        try:
            with transaction.atomic():
                saved = form.save()
                # Defence in depth: a row saved outside the user's scope is rolled back as if absent.
                if not self.editable_queryset().filter(pk=saved.pk).exists():
                    raise Http404
        except ValidationError as error:  # the model's refusal, or a ConflictError
            add_model_error(form, error)
            # The refused save may have changed the object in memory (e.g. its stage); show what is stored.
            if self.object is not None:
                self.object.refresh_from_db()
            return self.form_invalid(form)
        self.object = saved
        messages.success(self.request, self.success_message % {"obj": saved})
        if self.request.htmx and self.htmx_template_name:
            return render(self.request, self.htmx_template_name, self.htmx_context(form, saved=True))
        url = self.get_success_url()
        return HttpResponseClientRedirect(url) if self.request.htmx else HttpResponseRedirect(url)

    def form_invalid(self, form: Any) -> HttpResponse:
        if self.request.htmx and self.htmx_template_name:
            return render(self.request, self.htmx_template_name, self.htmx_context(form, saved=False))
        return super().form_invalid(form)


# ---- Projects ---------------------------------------------------------------------------------------------------


class ProjectEditView(generic.ObjectEditView):
    model = Project
    form_class = ProjectForm
    template_name = "projects/project_form.html"
    success_url_name = "dispatch:project_list"


class ProjectDeleteView(generic.ObjectDeleteView):
    model = Project
    success_url_name = "dispatch:project_list"


class ProjectExportView(generic.ObjectExportView):
    """The 项目信息表, written by the importer's own spec so that export → edit → import is exact."""

    model = Project
    filterset_class = ProjectFilterSet
    filename = "项目信息表"

    def visible_queryset(self) -> models.QuerySet:
        return super().visible_queryset().select_related("region", "owner", "responsible_unit").prefetch_related("tags")

    def workbook(self, rows: models.QuerySet) -> bytes:
        return export_rows(ProjectImportSpec(), rows)


class ProjectAdvanceView(ActionView):
    """阶段变更: the legal next stage, its date and a note; ``Project.advance`` has the rules."""

    model = Project
    form_class = AdvanceForm
    success_message = _("已变更阶段：%(obj)s")

    def get_title(self) -> str:
        return _("阶段变更：%(project)s") % {"project": self.object}

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()

    def get_summary(self) -> list[tuple[str, str]]:
        transitions = [
            f"{transition.get_to_stage_display()}（{transition.date:%Y-%m-%d}）"
            for transition in self.object.transitions.all()
        ]
        return [
            (_("当前阶段"), self.object.get_stage_display()),
            (_("停工中"), _("是") if self.object.suspended else _("否")),
            (_("阶段记录"), " → ".join(transitions) or "—"),
        ]


# ---- 停工/复工 ----------------------------------------------------------------------------------------------------


class SuspensionCreateView(ActionView):
    """A district's 停工 or 复工 request for one project; it takes effect when the dispatcher approves it."""

    model = Suspension
    form_class = SuspensionForm
    success_message = _("已提交申请，待市级调度审批：%(obj)s")

    def get_object(self, queryset: models.QuerySet | None = None) -> None:
        self.project = get_object_or_404(Project.objects.editable_by(self.request.user), pk=self.kwargs["project_pk"])
        return super().get_object(queryset)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Suspension(project=self.project)
        return kwargs

    def get_title(self) -> str:
        return _("停工/复工申请：%(project)s") % {"project": self.project}

    def get_success_url(self) -> str:
        return self.project.get_absolute_url()

    def get_summary(self) -> list[tuple[str, str]]:
        return [
            (_("当前阶段"), self.project.get_stage_display()),
            (_("停工中"), _("是") if self.project.suspended else _("否")),
        ]


class SuspensionListView(generic.ObjectListView):
    """停工/复工 requests in scope; the 市级调度 decides the pending ones of their city here."""

    model = Suspension
    table_class = SuspensionTable
    filterset_class = SuspensionFilterSet

    def get_queryset(self) -> models.QuerySet:
        decidable = decidable_suspensions(self.request.user).filter(pk=OuterRef("pk"), status=DecisionStatus.PENDING)
        return (
            super().get_queryset().select_related("project__region", "decided_by").annotate(decidable=Exists(decidable))
        )


class SuspensionDecideView(LoginRequiredMixin, View):
    """The dispatcher's decision on a request (POST only); anyone else, or a request outside scope, gets 404."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        suspension = get_object_or_404(decidable_suspensions(request.user).select_related("project"), pk=pk)
        form = DecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("请选择批准或驳回。"))
            return HttpResponseRedirect(safe_next(request, reverse("projects:suspension_list")))
        audit.set_reason(form.history_reason(suspension))
        try:
            with transaction.atomic():
                suspension.decide(request.user, form.approve)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(
                request,
                _("已审批：%(obj)s（%(status)s）") % {"obj": suspension, "status": suspension.get_status_display()},
            )
        return HttpResponseRedirect(safe_next(request, reverse("projects:suspension_list")))


# ---- Annual plans -------------------------------------------------------------------------------------------------


class PlanListView(generic.ObjectListView):
    model = AnnualPlan
    table_class = AnnualPlanTable
    filterset_class = AnnualPlanFilterSet
    create_url_name = "projects:plan_create"
    export_url_name = "projects:plan_export"

    def get_queryset(self) -> models.QuerySet:
        editable = AnnualPlan.objects.editable_by(self.request.user).filter(pk=OuterRef("pk"))
        return (
            super()
            .get_queryset()
            .select_related("project__region")
            .prefetch_related("goals")
            .annotate(editable=Exists(editable))
        )


class PlanEditView(ActionView):
    """Create or edit a plan with its node goals; ``?project=<id>`` preselects the project on create."""

    model = AnnualPlan
    form_class = AnnualPlanForm
    template_name = "projects/plan_form.html"

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if self.object is None and self.request.GET.get("project", "").isdigit():
            initial["project"] = int(self.request.GET["project"])
        return initial

    def get_success_url(self) -> str:
        return reverse("projects:plan_list")


class PlanExportView(generic.ObjectExportView):
    model = AnnualPlan
    filterset_class = AnnualPlanFilterSet
    filename = "年度计划"
    columns = [
        ("项目代码", "project.code"),
        ("项目名称", "project.name"),
        ("所属区域", "project.region.name"),
        ("年度", "year"),
        ("年度计划投资（万元）", "planned_investment"),
        ("节点目标", "goals"),
        ("列入日期", "joined_on"),
        ("调出日期", "left_on"),
        ("调出原因", "left_reason"),
    ]

    @staticmethod
    def cell(obj: models.Model, name: str) -> Any:
        if name == "goals":
            return goals_text(obj) or None
        return generic.ObjectExportView.cell(obj, name)

    def visible_queryset(self) -> models.QuerySet:
        return super().visible_queryset().select_related("project__region").prefetch_related("goals")
