"""What the attraction pages share: templates with the sub-navigation, card rows, htmx partial answers for
action forms, and the hooks the generic delete view lacks for rows without a page of their own (a milestone,
a fund arrival, a target)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import models
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
    template_name = LIST_TEMPLATE


class DetailView(generic.ObjectDetailView):
    """The generic detail page with the sub-navigation; fields shown as a person reads them (``card_rows``)."""

    template_name = DETAIL_TEMPLATE

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.fields:
            context["fields"] = card_rows(self.object, self.fields)
        return context


class EditView(generic.ObjectEditView):
    template_name = FORM_TEMPLATE


class ActionView(projects_views.ActionView):
    """The projects app's action view (model refusals on the form, htmx partial answers) with the sub-navigation."""

    template_name = ACTION_TEMPLATE


class DeleteView(generic.ObjectDeleteView):
    """The generic delete (reason, htmx prompt, refusals on the form) with the sub-navigation."""

    template_name = DELETE_TEMPLATE
