"""What the pages of the problems app share: the generic views with the app's sub-navigation templates."""

from __future__ import annotations

from tuijin.core import generic
from tuijin.projects import views as projects_views


class ListView(generic.ObjectListView):
    template_name = "problems/object_list.html"


class DetailView(generic.ObjectDetailView):
    template_name = "problems/object_detail.html"


class EditView(generic.ObjectEditView):
    template_name = "problems/object_form.html"


class ActionView(projects_views.ActionView):
    """The projects app's action view (model refusals on the form, htmx partial answers) with the sub-navigation."""

    template_name = "problems/action_form.html"


class DeleteView(generic.ObjectDeleteView):
    template_name = "problems/object_confirm_delete.html"
