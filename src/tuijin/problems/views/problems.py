"""Problem pages (问题协调, DOMAIN.md §7): the dispatcher's list and board, a unit's inbox, the 督办 list, the problem
card with its timeline and the workflow forms, attachments, the units' performance, notifications and settings.

Rows are reached only through ``visible_to`` / ``editable_by``: a problem outside the user's scope is a 404. The
workflow steps call the model's methods (``Problem.assign`` …), which decide who may take a step (a refusal is a
403) and when (a refusal is a message on the form). On the problem page the step forms post with htmx: a refused
form comes back in place, a taken step reloads the page (``HX-Redirect``).
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    QueryDict,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from django_filters.views import FilterView
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh

from tuijin.core import audit, generic, workdays
from tuijin.core.periods import date_label
from tuijin.core.scope import can_create
from tuijin.core.views import safe_next
from tuijin.problems import queries
from tuijin.problems.choices import OPEN_STATUSES, Action, ProblemStatus
from tuijin.problems.filters import PHASE_OPEN, PHASE_SOLVED, NotificationFilter, ProblemFilter
from tuijin.problems.forms import (
    GROUP_LABELS,
    AssignForm,
    CloseForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    PerformanceForm,
    ProblemActionForm,
    ProblemForm,
    ProblemSettingsForm,
    ReplyForm,
    ResolveForm,
    ReturnForm,
)
from tuijin.problems.models import Attachment, Inspection, Notification, Problem, ProblemKind, ProblemSettings
from tuijin.problems.tables import (
    InboxTable,
    NotificationTable,
    ProblemTable,
    SupervisionTable,
    card_rows,
    deadline_mark,
    performance_workbook,
    status_badge,
)
from tuijin.problems.views import common
from tuijin.projects.models import Project
from tuijin.projects.views import add_model_error

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RELATED = ("project", "project__region", "kind", "lead_unit")
# The board's columns and the status strip, in the order a problem moves.
STATUS_ORDER = [
    ProblemStatus.RAISED,
    ProblemStatus.ASSIGNED,
    ProblemStatus.HANDLING,
    ProblemStatus.RETURNED,
    ProblemStatus.RESOLVED,
    ProblemStatus.CLOSED,
]


def only_fields(filterset: ProblemFilter, names: tuple[str, ...]) -> ProblemFilter:
    """Keep only the named filters in the form (the others are not applied either)."""
    for name in list(filterset.form.fields):
        if name not in names:
            filterset.form.fields.pop(name)
    return filterset


def by_urgency(problems: QuerySet[Problem], today: datetime.date, blue_days: int) -> QuerySet[Problem]:
    """Open problems first, red (overdue) then blue (临期) then by deadline; then the rest, newest first."""
    last_blue = workdays.add_workdays(today, blue_days).date
    is_open = Q(status__in=OPEN_STATUSES)
    return problems.annotate(
        open_rank=Case(When(is_open, then=Value(0)), default=Value(1), output_field=IntegerField()),
        urgency_rank=Case(
            When(is_open & Q(deadline__lt=today), then=Value(0)),
            When(is_open & Q(deadline__lte=last_blue), then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
    ).order_by("open_rank", "urgency_rank", F("deadline").asc(nulls_last=True), "-raised_on", "-pk")


def list_url(**params: Any) -> str:
    clean = {key: value for key, value in params.items() if value not in (None, "")}
    base = reverse("problems:problem_list")
    return f"{base}?{urlencode(clean)}" if clean else base


class TableSettingsMixin:
    """Tables judge urgency at today with the configured 临期 working days, read once per page."""

    request: HttpRequest

    def get_table_kwargs(self) -> dict[str, Any]:
        return {"today": timezone.localdate(), "blue_days": ProblemSettings.current().blue_days}


# ---- The list, the board, the inbox and 督办 ---------------------------------------------------------------------


def status_strip(request: HttpRequest, problems: QuerySet[Problem]) -> list[dict[str, Any]]:
    """Counts per status of the rows the other filters select, each linking to the list with that status."""
    data = request.GET.copy()
    for name in ("status", "page", "sort"):
        data.pop(name, None)
    filterset = ProblemFilter(data, queryset=problems, request=request)
    rows = filterset.qs if filterset.is_valid() else problems.none()
    counts = queries.status_counts(rows)
    current = request.GET.get("status", "")
    base = reverse("problems:problem_list")
    strip = []
    for status in STATUS_ORDER:
        query = data.copy()
        query["status"] = status
        strip.append(
            {
                "status": status.value,
                "label": status.label,
                "count": counts.get(status, 0),
                "url": f"{base}?{query.urlencode()}",
                "active": current == status,
            }
        )
    return strip


class ProblemListView(TableSettingsMixin, common.ListView):
    """问题清单: every visible problem, filterable, with a count per status above the table."""

    model = Problem
    table_class = ProblemTable
    filterset_class = ProblemFilter
    template_name = "problems/problem_list.html"
    partial_template_name = "problems/partials/problem_list_results.html"
    title = gettext_lazy("问题清单")
    create_url_name = "problems:problem_create"
    export_url_name = "problems:problem_export"
    links = [(gettext_lazy("调度看板"), "problems:problem_board"), (gettext_lazy("督办"), "problems:supervision")]

    def get_queryset(self) -> QuerySet[Problem]:
        return super().get_queryset().select_related(*RELATED)

    def get_filterset(self, filterset_class: type) -> ProblemFilter:
        filterset = super().get_filterset(filterset_class)
        if self.request.user.unit_id is None:
            filterset.form.fields.pop("role", None)  # relative to the user's unit: meaningless without one
        return filterset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["status_strip"] = status_strip(self.request, self.get_queryset())
        return context


class ProblemBoardView(generic.ScopedViewMixin, FilterView):
    """调度看板: one column per status with its count and the most urgent cards; filters by kind and region."""

    model = Problem
    filterset_class = ProblemFilter
    template_name = "problems/problem_board.html"
    partial_template_name = "problems/partials/problem_board_columns.html"
    filter_fields = ("kind", "region")
    cards_per_column = 30

    def get_queryset(self) -> QuerySet[Problem]:
        return self.visible_queryset().select_related(*RELATED)

    def get_filterset(self, filterset_class: type) -> ProblemFilter:
        return only_fields(super().get_filterset(filterset_class), self.filter_fields)

    def get_template_names(self) -> list[str]:
        if self.request.htmx and self.request.htmx.target == "board":
            return [self.partial_template_name]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        blue_days = ProblemSettings.current().blue_days
        problems = self.object_list
        counts = queries.status_counts(problems)
        query = QueryDict(mutable=True)
        for name in self.filter_fields:
            if self.request.GET.get(name):
                query[name] = self.request.GET[name]
        base = reverse("problems:problem_list")
        columns = []
        for status in STATUS_ORDER:
            cards = list(by_urgency(problems.filter(status=status), today, blue_days)[: self.cards_per_column])
            for card in cards:
                card.deadline_display = deadline_mark(card, today, blue_days)
            more = query.copy()
            more["status"] = status
            count = counts.get(status, 0)
            columns.append(
                {
                    "status": status.value,
                    "label": status.label,
                    "count": count,
                    "cards": cards,
                    "more": count - len(cards),
                    "list_url": f"{base}?{more.urlencode()}",
                }
            )
        context.update(
            title=_("调度看板"),
            columns=columns,
            list_url=f"{base}?{query.urlencode()}" if query else base,
            create_url=reverse("problems:problem_create") if can_create(Problem.scope, self.request.user) else None,
        )
        return context


class InboxView(TableSettingsMixin, common.ListView):
    """本单位待办: the problems the user's unit leads or helps with, open ones first by urgency."""

    model = Problem
    table_class = InboxTable
    filterset_class = ProblemFilter
    template_name = "problems/inbox.html"
    title = gettext_lazy("本单位待办")
    filter_fields = ("q", "status", "urgency", "role")

    def get_queryset(self) -> QuerySet[Problem]:
        unit_id = self.request.user.unit_id
        if unit_id is None:
            return Problem.objects.none()
        problems = super().get_queryset().of_unit(unit_id).select_related(*RELATED)
        return by_urgency(problems, timezone.localdate(), ProblemSettings.current().blue_days)

    def get_filterset(self, filterset_class: type) -> ProblemFilter:
        return only_fields(super().get_filterset(filterset_class), self.filter_fields)

    def get_table_kwargs(self) -> dict[str, Any]:
        return {**super().get_table_kwargs(), "unit_id": self.request.user.unit_id}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        unit = self.request.user.unit
        context["unit"] = unit
        if unit is not None:
            query = self.request.GET.copy()
            for name in ("page", "sort"):
                query.pop(name, None)
            query["unit"] = unit.pk
            context["export_url"] = f"{reverse('problems:problem_export')}?{query.urlencode()}"
            context["title"] = _("本单位待办 · %(unit)s") % {"unit": unit.name}
        return context


class SupervisionView(common.ListView):
    """督办: open problems past their deadline, longest overdue first, with the working days overdue."""

    model = Problem
    table_class = SupervisionTable
    filterset_class = ProblemFilter
    template_name = "problems/supervision.html"
    title = gettext_lazy("督办（逾期未办结）")
    filter_fields = ("q", "kind", "region", "lead_unit")
    links = [(gettext_lazy("问题清单"), "problems:problem_list")]

    def get_queryset(self) -> QuerySet[Problem]:
        today = timezone.localdate()
        return super().get_queryset().overdue(today).select_related(*RELATED).order_by("deadline", "pk")

    def get_filterset(self, filterset_class: type) -> ProblemFilter:
        return only_fields(super().get_filterset(filterset_class), self.filter_fields)

    def get_table_kwargs(self) -> dict[str, Any]:
        return {"today": timezone.localdate()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = QueryDict(mutable=True)
        for name in self.filter_fields:
            if self.request.GET.get(name):
                query[name] = self.request.GET[name]
        query["urgency"] = "red"
        context["export_url"] = f"{reverse('problems:problem_export')}?{query.urlencode()}"
        return context


# ---- The problem card ---------------------------------------------------------------------------------------------


# (panel, actions that open it, URL name, form class)
ACTION_PANELS: list[tuple[str, frozenset[str], str, type[ProblemActionForm]]] = [
    ("assign", frozenset({Action.ASSIGN, Action.REASSIGN}), "problems:problem_assign", AssignForm),
    ("reply", frozenset({Action.REPLY, Action.HELPER_REPLY}), "problems:problem_reply", ReplyForm),
    ("extension", frozenset({Action.EXTENSION_REQUEST}), "problems:problem_extension", ExtensionRequestForm),
    (
        "decide",
        frozenset({Action.EXTENSION_APPROVE, Action.EXTENSION_REFUSE}),
        "problems:problem_extension_decide",
        ExtensionDecisionForm,
    ),
    ("resolve", frozenset({Action.RESOLVE}), "problems:problem_resolve", ResolveForm),
    ("return", frozenset({Action.RETURN}), "problems:problem_return", ReturnForm),
    ("close", frozenset({Action.CLOSE}), "problems:problem_close", CloseForm),
]


def panel_auto_id(panel: str) -> str:
    """Field ids per panel: the problem page holds several step forms with the same field names."""
    return f"id_{panel}_%s"


def panel_label(panel: str, allowed: set[str]) -> str:
    labels = {
        "assign": Action.REASSIGN.label if Action.REASSIGN in allowed else Action.ASSIGN.label,
        "reply": Action.REPLY.label if Action.REPLY in allowed else Action.HELPER_REPLY.label,
        "extension": Action.EXTENSION_REQUEST.label,
        "decide": _("审批延期申请"),
        "resolve": Action.RESOLVE.label,
        "return": Action.RETURN.label,
        "close": Action.CLOSE.label,
    }
    return str(labels[panel])


def actions_context(
    request: HttpRequest, problem: Problem, bound: dict[str, ProblemActionForm] | None = None
) -> dict[str, Any]:
    """The action panel: a form for each step ``problem.allowed_actions(user)`` offers (a refused, bound form
    in place of a fresh one)."""
    user = request.user
    allowed = problem.allowed_actions(user)
    bound = bound or {}
    panels = []
    for panel, actions, url_name, form_class in ACTION_PANELS:
        if not actions & allowed:
            continue
        form = bound.get(panel) or form_class(problem=problem, user=user, auto_id=panel_auto_id(panel))
        panels.append(
            {
                "panel": panel,
                "label": panel_label(panel, allowed),
                "url": reverse(url_name, args=[problem.pk]),
                "form": form,
                "open": panel in bound,
            }
        )
    return {"problem": problem, "action_panels": panels}


def detail_context(request: HttpRequest, problem: Problem) -> dict[str, Any]:
    records = problem.records.select_related("user", "unit").prefetch_related("attachments").order_by("at", "pk")
    return {
        "records": records,
        "extensions": problem.extensions.select_related("requested_by", "decided_by").order_by("requested_on", "pk"),
        **actions_context(request, problem),
    }


class ProblemDetailView(common.DetailView):
    """The problem card, its description and demand, the action panel, extension requests and the timeline."""

    model = Problem
    template_name = "problems/problem_detail.html"
    extra_template = "problems/partials/problem_extra.html"
    edit_url_name = "problems:problem_edit"
    delete_url_name = "problems:problem_delete"

    def get_queryset(self) -> QuerySet[Problem]:
        return super().get_queryset().select_related(*RELATED, "raised_by", "inspection")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        problem = self.object
        if problem.status != ProblemStatus.RAISED:
            # Only a problem not yet assigned may be changed or deleted (the model refuses the rest).
            context["edit_url"] = context["delete_url"] = None
        if self.tab == "history":
            return context
        today = timezone.localdate()
        blue_days = ProblemSettings.current().blue_days
        context["fields"] = card_rows(problem, self.request.user, today, blue_days)
        context.update(detail_context(self.request, problem))
        return context


class ProblemEditView(common.EditView):
    """Raise a problem (``?project=`` presets the project, ``?inspection=`` fixes the source inspection and its
    project) or correct one still 提出."""

    model = Problem
    form_class = ProblemForm
    success_url_name = "problems:problem_list"

    def get_object(self, queryset: QuerySet | None = None) -> Problem | None:
        obj = super().get_object(queryset)
        self.inspection: Inspection | None = None
        self.preset_project: Project | None = None
        if obj is None:
            user = self.request.user
            inspection_id = self.request.GET.get("inspection", "")
            project_id = self.request.GET.get("project", "")
            if inspection_id.isdigit():
                self.inspection = get_object_or_404(Inspection.objects.visible_to(user), pk=int(inspection_id))
            elif project_id.isdigit():
                self.preset_project = get_object_or_404(Project.objects.editable_by(user), pk=int(project_id))
        return obj

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        if self.object is not None and self.object.status != ProblemStatus.RAISED:
            messages.warning(request, _("问题已交办，基本信息不能再修改；如需调整请在办理记录中说明。"))
            return HttpResponseRedirect(self.object.get_absolute_url())
        return self.render_to_response(self.get_context_data())

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(inspection=self.inspection, project=self.preset_project)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.object is None and self.inspection is not None:
            context["title"] = _("督查发现问题：%(inspection)s") % {"inspection": self.inspection}
            context["cancel_url"] = self.inspection.get_absolute_url()
        return context


class ProblemDeleteView(common.DeleteView):
    """Delete a problem still 提出 (the model refuses the others, with its message on the form)."""

    model = Problem
    success_url_name = "problems:problem_list"


# ---- Workflow steps -----------------------------------------------------------------------------------------------


class ProblemActionView(LoginRequiredMixin, View):
    """One workflow step of a visible problem (404 otherwise): GET shows the form (403 when the user may not take
    the step now), POST calls the model through the form in a transaction. A model ``PermissionDenied`` is a 403, a
    ``ValidationError`` (rule, date, file, stale version) is shown on the form and nothing is saved.

    htmx posts come from the action panel of the problem page: a refusal re-renders the panel, success answers
    ``HX-Redirect`` to the problem page (whose messages show the result).
    """

    panel: str
    form_class: type[ProblemActionForm]
    template_name = "problems/action_form.html"
    htmx_template_name = "problems/partials/problem_actions.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        visible = Problem.objects.visible_to(request.user).select_related(*RELATED)
        self.problem = get_object_or_404(visible, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    @property
    def actions(self) -> frozenset[str]:
        return next(actions for panel, actions, _url, _form in ACTION_PANELS if panel == self.panel)

    def get_form(self, data: Any = None, files: Any = None) -> ProblemActionForm:
        auto_id = panel_auto_id(self.panel) if self.request.htmx else "id_%s"
        return self.form_class(data, files, problem=self.problem, user=self.request.user, auto_id=auto_id)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.actions & self.problem.allowed_actions(request.user):
            raise PermissionDenied(_("您当前不能对该问题执行此操作。"))
        return self.render_form(self.get_form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form(request.POST, request.FILES)
        if form.is_valid():
            audit.set_reason(form.history_reason())
            try:
                with transaction.atomic():
                    form.apply_version()
                    form.perform()
            except ValidationError as error:
                add_model_error(form, error)
                # A refused step may have changed the problem in memory; show what is stored.
                self.problem.refresh_from_db()
            else:
                messages.success(request, form.success_message())
                url = self.problem.get_absolute_url()
                return HttpResponseClientRedirect(url) if request.htmx else HttpResponseRedirect(url)
        return self.render_form(form)

    def render_form(self, form: ProblemActionForm) -> HttpResponse:
        if self.request.htmx:
            context = actions_context(self.request, self.problem, bound={self.panel: form})
            return render(self.request, self.htmx_template_name, context)
        label = panel_label(self.panel, self.problem.allowed_actions(self.request.user) | set(self.actions))
        today = timezone.localdate()
        context = {
            "form": form,
            "problem": self.problem,
            "title": _("%(action)s：%(problem)s") % {"action": label, "problem": self.problem},
            "cancel_url": self.problem.get_absolute_url(),
            "summary": [
                (_("状态"), status_badge(self.problem)),
                (_("主办单位"), self.problem.lead_unit.name if self.problem.lead_unit else ""),
                (
                    _("办理时限"),
                    deadline_mark(self.problem, today, ProblemSettings.current().blue_days, long_hint=True),
                ),
            ],
        }
        return render(self.request, self.template_name, context)


class AssignView(ProblemActionView):
    """交办 / 改派 by the dispatcher of the project's region."""

    panel = "assign"
    form_class = AssignForm


class ReplyView(ProblemActionView):
    """办理反馈 by the lead unit or 协办反馈 by a helper unit, with files."""

    panel = "reply"
    form_class = ReplyForm


class ExtensionRequestView(ProblemActionView):
    """申请延期 by the lead unit, in time before the deadline."""

    panel = "extension"
    form_class = ExtensionRequestForm


class ExtensionDecisionView(ProblemActionView):
    """同意 / 不同意 the pending extension request (the dispatcher)."""

    panel = "decide"
    form_class = ExtensionDecisionForm


class ResolveView(ProblemActionView):
    """办结 by the lead unit, with files."""

    panel = "resolve"
    form_class = ResolveForm


class CloseView(ProblemActionView):
    """销号 by the dispatcher."""

    panel = "close"
    form_class = CloseForm


class ReturnView(ProblemActionView):
    """退回 by the dispatcher: the lead unit works on with a fresh limit."""

    panel = "return"
    form_class = ReturnForm


class AttachmentView(LoginRequiredMixin, View):
    """An attachment of a visible problem: images inline, other files as downloads, under the user's file name."""

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        attachment = get_object_or_404(Attachment.objects.visible_to(request.user), pk=pk)
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(
            handle,
            as_attachment=not attachment.is_image,
            filename=attachment.name,
            content_type=attachment.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


# ---- Performance ----------------------------------------------------------------------------------------------------


class PerformanceView(generic.WorkbookPageMixin, LoginRequiredMixin, TemplateView):
    """单位绩效: per lead unit, kind or both (``queries.performance``) at an as-of date, optionally over the problems
    assigned in one year, and per kind for a year (``queries.counts_by_kind``). When the as-of date is today every
    count links to the list of the problems behind it (where a list filter expresses it); ``?format=xlsx`` exports
    both tables."""

    template_name = "problems/performance.html"

    def compute(self) -> None:
        form = PerformanceForm(self.request.GET)
        data = form.cleaned_data if form.is_valid() else {}
        self.form = form
        self.today = timezone.localdate()
        self.as_of: datetime.date = data.get("as_of") or self.today
        self.group: str = data.get("group") or "unit"
        self.year: int | None = data.get("year")
        self.kind_year = self.year or self.as_of.year
        problems = Problem.objects.visible_to(self.request.user)
        assigned = problems.filter(assigned_on__year=self.year) if self.year else problems
        self.rows = queries.performance(assigned, self.as_of, self.group)
        self.kinds = queries.counts_by_kind(problems, self.kind_year, self.as_of)
        self.kind_codes = dict(ProblemKind.objects.values_list("pk", "code"))

    @property
    def linked(self) -> bool:
        # The list filters judge "now"; a past as-of date's counts have no list that gives them back.
        return self.as_of == self.today

    def row_links(self, row: queries.Performance) -> dict[str, str]:
        if not self.linked:
            return {}
        if self.group == "unit":
            base = {"lead_unit": row.key}
        elif self.group == "kind":
            base = {"kind": self.kind_codes.get(row.key, "")}
        else:
            base = {"lead_unit": row.key[0], "kind": self.kind_codes.get(row.key[1], "")}
        if self.year:
            base["assigned_year"] = self.year
        return {
            "assigned": list_url(**base),
            "solved": list_url(**base, phase=PHASE_SOLVED),
            "open": list_url(**base, phase=PHASE_OPEN),
            "overdue_open": list_url(**base, urgency="red"),
        }

    def kind_links(self, row: queries.KindCount) -> dict[str, str]:
        if not self.linked:
            return {}
        kind = row.kind.code
        return {
            "raised": list_url(kind=kind, raised_year=self.kind_year),
            "solved": list_url(kind=kind, resolved_year=self.kind_year, phase=PHASE_SOLVED),
            "open": list_url(kind=kind, phase=PHASE_OPEN),
            "overdue": list_url(kind=kind, urgency="red"),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = {"group": self.group, "as_of": self.as_of.isoformat()}
        if self.year:
            query["year"] = self.year
        context.update(
            title=_("单位绩效"),
            form=self.form,
            as_of=self.as_of,
            as_of_label=date_label(self.as_of),
            group=self.group,
            group_label=self.group_header(),
            groups=[(value, str(label)) for value, label in GROUP_LABELS.items()],
            year=self.year,
            kind_year=self.kind_year,
            linked=self.linked,
            rows=[{"row": row, "links": self.row_links(row)} for row in self.rows],
            kinds=[{"row": row, "links": self.kind_links(row)} for row in self.kinds],
            export_url=f"{self.request.path}?{urlencode({**query, 'format': 'xlsx'})}",
        )
        return context

    def group_header(self) -> str:
        return {"unit": _("主办单位"), "kind": _("问题类型"), "unit_kind": _("主办单位 · 问题类型")}[self.group]

    def export(self) -> HttpResponse:
        content = performance_workbook(
            self.rows, self.kinds, self.group_header(), self.as_of, self.year, self.kind_year
        )
        response = HttpResponse(content, content_type=XLSX)
        filename = f"{_('问题办理绩效')}-{self.as_of:%Y%m%d}.xlsx"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
        return response


# ---- Notifications --------------------------------------------------------------------------------------------------


class NotificationListView(common.ListView):
    """The user's own notifications, unread first."""

    model = Notification
    table_class = NotificationTable
    filterset_class = NotificationFilter
    template_name = "problems/notification_list.html"
    title = gettext_lazy("通知")
    paginate_by = 30

    def get_queryset(self) -> QuerySet[Notification]:
        unread_first = Case(When(read_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField())
        return (
            Notification.objects.visible_to(self.request.user)
            .select_related("problem")
            .annotate(unread_rank=unread_first)
            .order_by("unread_rank", "-created", "-pk")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["unread_count"] = Notification.objects.visible_to(self.request.user).unread().count()
        context["read_url"] = reverse("problems:notification_read")
        return context


class NotificationReadView(LoginRequiredMixin, View):
    """Mark one of the user's notifications (``pk``) or all of them (``all``) read; another's is a 404."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        mine = Notification.objects.visible_to(request.user)
        now = timezone.now()
        pk = request.POST.get("pk", "")
        if pk:
            if not pk.isdigit():
                raise Http404
            notification = get_object_or_404(mine, pk=int(pk))
            if notification.read_at is None:
                notification.read_at = now
                notification.save(update_fields=["read_at"])
        elif request.POST.get("all"):
            count = mine.unread().update(read_at=now)
            messages.success(request, _("已将%(n)s条通知标为已读。") % {"n": count})
        else:
            return HttpResponseBadRequest(_("请选择要标为已读的通知。"))
        if request.htmx:
            return HttpResponseClientRefresh()
        return HttpResponseRedirect(safe_next(request, reverse("problems:notification_list")))


# ---- Settings -------------------------------------------------------------------------------------------------------


class SettingsView(generic.SettingsEditView):
    """Limits of the workflow (临期 days, extension notice, attachment size …); administrators only (others 404)."""

    model = ProblemSettings
    form_class = ProblemSettingsForm
    template_name = "problems/object_form.html"
    title = gettext_lazy("问题协调设置")
    saved_message = gettext_lazy("问题协调设置已保存。")
    url_name = "problems:settings"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.request.user.is_staff:
            context["admin_links"] = [(_("维护问题类型及办理时限"), reverse("admin:problems_problemkind_changelist"))]
        return context
