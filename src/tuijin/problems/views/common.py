"""What the pages of the problems app share: the generic views with the app's sub-navigation templates."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from tuijin.core import generic
from tuijin.projects import views as projects_views
from tuijin.projects.models import Project


class ListView(generic.ObjectListView):
    template_name = "problems/object_list.html"


class DetailView(generic.ObjectDetailView):
    template_name = "problems/object_detail.html"


class EditView(generic.ObjectEditView):
    template_name = "problems/object_form.html"


class ProjectPresetEditView(EditView):
    """An edit view whose new rows may start from ``?project=<pk>`` (404 unless the project is among
    ``preset_projects``, the ones the user may add rows to); ``self.project`` is that project or None."""

    def preset_projects(self) -> QuerySet[Project]:
        raise NotImplementedError

    def get_object(self, queryset: QuerySet | None = None) -> Any:
        obj = super().get_object(queryset)
        self.project: Project | None = None
        project_id = self.request.GET.get("project", "")
        if obj is None and project_id.isdigit():
            self.project = get_object_or_404(self.preset_projects(), pk=int(project_id))
        return obj

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if self.project is not None:
            initial["project"] = self.project.pk
        return initial


class ActionView(projects_views.ActionView):
    """The projects app's action view (model refusals on the form, htmx partial answers) with the sub-navigation."""

    template_name = "problems/action_form.html"


class DeleteView(generic.ObjectDeleteView):
    template_name = "problems/object_confirm_delete.html"
