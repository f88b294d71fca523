"""The generic views every app declares its pages with: list, detail (with 历史 tab), edit, delete, export.

A concrete view names its model, filterset, table, form and fields; scope, transactions, conflict
detection, history reasons, messages and htmx partials are handled here once.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, UpdateView
from django_filters.views import FilterView
from django_htmx.http import HttpResponseClientRedirect
from django_tables2 import SingleTableMixin
from openpyxl import Workbook

from tuijin.core import audit
from tuijin.core.forms import DeleteForm
from tuijin.core.models import ConflictError
from tuijin.core.scope import can_create, is_admin


def display_value(obj: models.Model, name: str) -> str:
    """A field's value as a person reads it: choice labels, 是/否, related names, local dates."""
    field = obj._meta.get_field(name)
    value = getattr(obj, name)
    if value is None or value == "":
        return ""
    if getattr(field, "choices", None):
        return str(getattr(obj, f"get_{name}_display")())
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


class ScopedViewMixin(LoginRequiredMixin):
    """Every generic view reaches rows only through ``visible_to`` / ``editable_by``."""

    model: type[models.Model]
    request: HttpRequest

    def visible_queryset(self) -> models.QuerySet:
        return self.model.objects.visible_to(self.request.user)

    def editable_queryset(self) -> models.QuerySet:
        return self.model.objects.editable_by(self.request.user)


class ObjectListView(ScopedViewMixin, SingleTableMixin, FilterView):
    """A filterable, sortable, paginated list; htmx requests get only the results partial.

    ``links`` are extra buttons beside 新建 (label, url name), opened with the list's current filters.
    """

    template_name = "core/object_list.html"
    partial_template_name = "core/partials/list_results.html"
    paginate_by = 50
    title = ""
    create_url_name: str | None = None
    export_url_name: str | None = None
    links: list[tuple[str, str]] = []

    def get_queryset(self) -> models.QuerySet:
        return self.visible_queryset()

    def get_template_names(self) -> list[str]:
        if self.request.htmx and not self.request.htmx.boosted and self.request.htmx.target == "results":
            return [self.partial_template_name]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = self.title or self.model._meta.verbose_name_plural
        context["create_url"] = (
            reverse(self.create_url_name)
            if self.create_url_name and can_create(self.model.scope, self.request.user)
            else None
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        context["export_url"] = f"{reverse(self.export_url_name)}?{query.urlencode()}" if self.export_url_name else None
        query.pop("sort", None)
        suffix = f"?{query.urlencode()}" if query else ""
        context["links"] = [(label, reverse(name) + suffix) for label, name in self.links]
        return context


@dataclass
class HistoryEntry:
    history_date: datetime
    user_display: str
    action: str
    reason: str
    source: str
    changes: list[tuple[str, str, str]]


HISTORY_ACTIONS = {"+": "新建", "~": "修改", "-": "删除"}


def history_entries(obj: models.Model, limit: int = 200) -> list[HistoryEntry]:
    """The object's history, newest first, each with its field changes in readable form."""
    entries = []
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            for change in record.diff_against(previous).changes:
                field = obj._meta.get_field(change.field)
                if field.name in {"updated", "version"}:
                    continue
                old = display_value(previous.instance, field.name) if hasattr(previous, field.name) else ""
                new = display_value(record.instance, field.name)
                changes.append((str(field.verbose_name), old, new))
        user = record.history_user
        entries.append(
            HistoryEntry(
                history_date=record.history_date,
                user_display=str(user) if user else _("系统"),
                action=_(HISTORY_ACTIONS.get(record.history_type, record.history_type)),
                reason=record.history_change_reason or "",
                source=getattr(record, "history_source", ""),
                changes=changes,
            )
        )
    return entries


class ObjectDetailView(ScopedViewMixin, DetailView):
    """A card of fields and a 历史 tab; out-of-scope objects are 404.

    ``extra_template`` holds the sections under the card (timeline, related rows), shown on the full page and in
    the 详情 tab body that htmx swaps in.
    """

    template_name = "core/object_detail.html"
    fields: list[str] = []
    edit_url_name: str | None = None
    delete_url_name: str | None = None
    extra_template: str | None = None

    def get_queryset(self) -> models.QuerySet:
        return self.visible_queryset()

    def get_template_names(self) -> list[str]:
        if self.request.htmx and self.request.htmx.target == "tab-body":
            return ["core/partials/history.html" if self.tab == "history" else "core/partials/detail_tab.html"]
        return [self.template_name]

    def is_editable(self) -> bool:
        return self.editable_queryset().filter(pk=self.object.pk).exists()

    @property
    def tab(self) -> str:
        return "history" if self.request.GET.get("tab") == "history" else "detail"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        obj = self.object
        editable = self.is_editable()
        context.update(
            extra_template=self.extra_template,
            title=str(obj),
            fields=[(obj._meta.get_field(name).verbose_name, display_value(obj, name)) for name in self.fields],
            edit_url=reverse(self.edit_url_name, args=[obj.pk]) if editable and self.edit_url_name else None,
            delete_url=reverse(self.delete_url_name, args=[obj.pk]) if editable and self.delete_url_name else None,
            tab=self.tab,
            detail_url=self.request.path,
            history_url=f"{self.request.path}?tab=history",
        )
        if self.tab == "history":
            context["history"] = history_entries(obj)
        return context


class ObjectEditView(ScopedViewMixin, UpdateView):
    """Create (no pk in the URL) or edit an object within the user's editable scope.

    The form carries the version it was rendered from; a stale save is refused with a message and
    the user's input is kept. The 修改原因 becomes the history reason of every write of the request.
    """

    template_name = "core/object_form.html"
    success_url_name: str | None = None

    def get_object(self, queryset: models.QuerySet | None = None) -> models.Model | None:
        if "pk" not in self.kwargs:
            if not can_create(self.model.scope, self.request.user):
                raise Http404
            return None
        return get_object_or_404(self.editable_queryset(), pk=self.kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        meta = self.model._meta
        if self.object is None:
            context["title"] = _("新建%(name)s") % {"name": meta.verbose_name}
        else:
            context["title"] = _("修改%(name)s：%(obj)s") % {"name": meta.verbose_name, "obj": self.object}
        context["cancel_url"] = self.object.get_absolute_url() if self.object else reverse(self.success_url_name)
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        audit.set_reason(form.cleaned_data["reason"])
        try:
            with transaction.atomic():
                self.object = form.save()
                # Defence in depth: a row saved outside the user's scope is rolled back as if absent.
                if not self.editable_queryset().filter(pk=self.object.pk).exists():
                    raise Http404
        except ConflictError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("已保存：%(obj)s") % {"obj": self.object})
        url = self.object.get_absolute_url()
        return HttpResponseClientRedirect(url) if self.request.htmx else HttpResponseRedirect(url)


class ObjectDeleteView(ScopedViewMixin, View):
    """Delete with a reason; protected references and a model's refusal (``ValidationError`` from ``delete()``)
    give a readable message on the form instead of an error page.

    An htmx request may carry the reason in the ``HX-Prompt`` header (``hx-prompt`` on the button). Rows whose way
    back is not their own page override ``get_cancel_url`` / ``get_success_url``; ``refused`` and ``deleted`` are
    the two answers a subclass may shape (e.g. htmx partials).
    """

    template_name = "core/object_confirm_delete.html"
    success_url_name: str

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = get_object_or_404(self.editable_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_cancel_url(self) -> str:
        return self.object.get_absolute_url()

    def get_success_url(self) -> str:
        return reverse(self.success_url_name)

    def render_form(self, form: DeleteForm) -> HttpResponse:
        context = {"object": self.object, "form": form, "cancel_url": self.get_cancel_url()}
        return render(self.request, self.template_name, context)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_form(DeleteForm())

    def refused(self, form: DeleteForm) -> HttpResponse:
        return self.render_form(form)

    def deleted(self) -> HttpResponse:
        return HttpResponseRedirect(self.get_success_url())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        data = request.POST.copy()
        if request.htmx and request.htmx.prompt is not None and not data.get("reason"):
            data["reason"] = request.htmx.prompt
        form = DeleteForm(data)
        if not form.is_valid():
            return self.refused(form)
        audit.set_reason(form.cleaned_data["reason"])
        try:
            with transaction.atomic():
                self.object.delete()
        except ProtectedError as error:
            names = "、".join(sorted({str(obj._meta.verbose_name) for obj in error.protected_objects}))
            form.add_error(None, _("仍有%(names)s引用该记录，无法删除。") % {"names": names})
            return self.refused(form)
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.refused(form)
        messages.success(request, _("已删除：%(obj)s") % {"obj": self.object})
        return self.deleted()


class ObjectExportView(ScopedViewMixin, View):
    """The filtered, visible rows as an .xlsx workbook; the query string means what it means on the list."""

    filterset_class: type
    columns: list[tuple[str, str]] = []  # (header, attribute name; "get_x_display" style names allowed)
    filename = "export"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        filterset = self.filterset_class(request.GET, queryset=self.visible_queryset(), request=request)
        rows = filterset.qs if filterset.is_valid() else self.model.objects.none()
        response = HttpResponse(
            self.workbook(rows), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        stamp = timezone.localdate().strftime("%Y%m%d")
        filename = f"{self.filename}-{stamp}.xlsx"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
        return response

    def workbook(self, rows: models.QuerySet) -> bytes:
        """The .xlsx bytes; a model with an import sheet overrides this to write exactly what its import reads."""
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(str(self.model._meta.verbose_name_plural))
        sheet.append([header for header, _name in self.columns])
        for obj in rows:
            sheet.append([self.cell(obj, name) for _header, name in self.columns])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    @staticmethod
    def cell(obj: models.Model, name: str) -> Any:
        value: Any = obj
        for part in name.split("."):
            value = getattr(value, part, None)
            if callable(value):
                value = value()
            if value is None:
                return None
        if isinstance(value, (str, int, bool)) or hasattr(value, "as_tuple"):
            return value
        return str(value)


class SettingsEditView(LoginRequiredMixin, UpdateView):
    """The one row of a settings model (``model.current()``), edited by administrators only (others get 404)."""

    template_name = "core/object_form.html"
    title = ""
    saved_message = ""
    url_name = ""

    def get_object(self, queryset: models.QuerySet | None = None) -> models.Model:
        if not is_admin(self.request.user):
            raise Http404
        return self.model.current()

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        audit.set_reason(form.cleaned_data["reason"])
        try:
            self.object = form.save()
        except ConflictError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.saved_message)
        return HttpResponseRedirect(reverse(self.url_name))


class WorkbookPageMixin:
    """A page of figures whose ``?format=xlsx`` gives the same figures as a workbook: ``compute()`` gathers what both
    need once, then ``export()`` answers the workbook, or the page is rendered."""

    def compute(self) -> None:
        """Gather the figures the page and the workbook share (nothing by default)."""

    def export(self) -> HttpResponse:
        raise NotImplementedError

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.compute()
        if request.GET.get("format") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)
