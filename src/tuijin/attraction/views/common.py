"""What the attraction pages share: templates with the sub-navigation, card rows, htmx partial answers for
action forms, and the hooks the generic delete view lacks for rows without a page of their own (a milestone,
a fund arrival, a target)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html

from tuijin.core import generic
from tuijin.core.models import Region
from tuijin.core.money import format_wan
from tuijin.core.periods import date_label
from tuijin.projects import views as projects_views
from tuijin.projects.industries import division_label

LIST_TEMPLATE = "attraction/object_list.html"
DETAIL_TEMPLATE = "attraction/object_detail.html"
FORM_TEMPLATE = "attraction/object_form.html"
ACTION_TEMPLATE = "attraction/action_form.html"
DELETE_TEMPLATE = "attraction/object_confirm_delete.html"


def link(obj: models.Model | None) -> str:
    """A link to the object's page, or "" for none."""
    if obj is None:
        return ""
    return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj)


def card_rows(obj: models.Model, names: list[str]) -> list[tuple[str, str]]:
    """(label, text) of fields as a person reads them: money in 万元 with 2 decimals, dates in Chinese, related
    objects with a page as links, the industry division with its name."""
    rows = []
    for name in names:
        field = obj._meta.get_field(name)
        value = getattr(obj, name)
        if name == "industry_division":
            text = division_label(value)
        elif isinstance(value, Decimal) and not field.choices:
            text = format_wan(value)
        elif isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            text = date_label(value)
        elif isinstance(value, models.Model) and not isinstance(value, Region) and hasattr(value, "get_absolute_url"):
            text = link(value)
        else:
            text = generic.display_value(obj, name)
        rows.append((str(field.verbose_name), text))
    return rows


class ListView(generic.ObjectListView):
    """The generic list with the sub-navigation; ``links`` are extra buttons next to 新建 (label, url name)."""

    template_name = LIST_TEMPLATE
    links: list[tuple[str, str]] = []

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("sort", None)
        suffix = f"?{query.urlencode()}" if query else ""
        context["links"] = [(label, reverse(name) + suffix) for label, name in self.links]
        return context


class DetailView(generic.ObjectDetailView):
    """The generic detail page with the sub-navigation; ``extra_template`` holds the sections under the card,
    shown on the full page and in the 详情 tab body htmx swaps in."""

    template_name = DETAIL_TEMPLATE
    tab_template_name = "attraction/partials/detail_tab.html"
    extra_template: str | None = None

    def get_template_names(self) -> list[str]:
        if self.request.htmx and self.request.htmx.target == "tab-body" and self.tab != "history":
            return [self.tab_template_name]
        return super().get_template_names()

    def is_editable(self) -> bool:
        return self.editable_queryset().filter(pk=self.object.pk).exists()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["extra_template"] = self.extra_template
        if self.fields:
            context["fields"] = card_rows(self.object, self.fields)
        return context


class EditView(generic.ObjectEditView):
    template_name = FORM_TEMPLATE


class ActionView(projects_views.ActionView):
    """The projects app's action view (model refusals shown on the form) with the attraction sub-navigation.

    With ``htmx_template_name`` set, an htmx request gets that partial back, after a save (a fresh form, the
    saved message shown inside it) as after a refusal (the bound form with its errors), instead of a redirect.
    """

    template_name = ACTION_TEMPLATE
    htmx_template_name: str | None = None

    def htmx_context(self, form: Any, saved: bool) -> dict[str, Any]:
        return {"form": form}

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        if self.request.htmx and self.htmx_template_name and response.has_header("HX-Redirect"):
            return render(self.request, self.htmx_template_name, self.htmx_context(form, saved=True))
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        if self.request.htmx and self.htmx_template_name:
            return render(self.request, self.htmx_template_name, self.htmx_context(form, saved=False))
        return super().form_invalid(form)


class DeleteView(generic.ObjectDeleteView):
    """The generic delete (reason, htmx prompt, refusals on the form) with the sub-navigation."""

    template_name = DELETE_TEMPLATE
