"""What the pages of the targets app share: the generic views with the app's sub-navigation templates."""

from __future__ import annotations

from tuijin.core import generic


class ListView(generic.ObjectListView):
    template_name = "targets/object_list.html"


class DetailView(generic.ObjectDetailView):
    template_name = "targets/object_detail.html"


class EditView(generic.ObjectEditView):
    template_name = "targets/object_form.html"


class DeleteView(generic.ObjectDeleteView):
    template_name = "targets/object_confirm_delete.html"
