"""Annual signing targets (set by the 市级调度) and the campaign's settings (administrators only)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuijin.attraction.filters import AttractionTargetFilterSet
from tuijin.attraction.forms import AttractionSettingsForm, AttractionTargetForm
from tuijin.attraction.models import AttractionSettings, AttractionTarget, Contract
from tuijin.attraction.tables import AttractionTargetTable
from tuijin.attraction.views import common
from tuijin.core import generic


class TargetListView(common.ListView):
    """Targets with what has been signed against them (the whole year, or up to today for the current year)."""

    model = AttractionTarget
    table_class = AttractionTargetTable
    filterset_class = AttractionTargetFilterSet
    create_url_name = "attraction:target_create"
    export_url_name = "attraction:target_export"

    def get_queryset(self) -> QuerySet[AttractionTarget]:
        editable = AttractionTarget.objects.editable_by(self.request.user).filter(pk=OuterRef("pk"))
        return super().get_queryset().select_related("region").annotate(editable=Exists(editable))

    def get_table_kwargs(self) -> dict[str, Any]:
        return {"contracts": Contract.objects.visible_to(self.request.user), "as_of": timezone.localdate()}


class TargetExportView(generic.ObjectExportView):
    model = AttractionTarget
    filterset_class = AttractionTargetFilterSet
    filename = "招商目标"
    columns = [
        ("年度", "year"),
        ("区域", "region.name"),
        ("区划代码", "region.code"),
        ("签约总额目标（万元）", "signed_amount"),
        ("大项目个数目标", "big_projects"),
    ]

    def visible_queryset(self) -> QuerySet[AttractionTarget]:
        return super().visible_queryset().select_related("region")


class TargetEditView(common.ActionView):
    model = AttractionTarget
    form_class = AttractionTargetForm

    def get_success_url(self) -> str:
        return reverse("attraction:target_list")


class TargetDeleteView(common.DeleteView):
    model = AttractionTarget
    success_url_name = "attraction:target_list"

    def get_cancel_url(self) -> str:
        return reverse("attraction:target_list")


class SettingsView(generic.SettingsEditView):
    """Thresholds, counting rules and due periods of the campaign; administrators only (others get 404)."""

    model = AttractionSettings
    form_class = AttractionSettingsForm
    template_name = common.FORM_TEMPLATE
    title = gettext_lazy("招商设置")
    saved_message = gettext_lazy("招商设置已保存。")
    url_name = "attraction:settings"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.request.user.is_staff:
            context["admin_links"] = [(_("维护来源地列表"), reverse("admin:attraction_leadsource_changelist"))]
        return context
