"""URLs of the targets app: the cockpit (/cockpit/), targets and progress (/targets/), hand-entered figures
(/targets/entries/), indicators (/targets/indicators/), rankings (/rankings/) and assessment (/assessment/)."""

from django.urls import path

from tuijin.targets.views import assessment, cockpit, entries, exports, indicators, rankings, targets

app_name = "targets"

urlpatterns = [
    path("cockpit/", cockpit.CockpitView.as_view(), name="cockpit"),
    # Targets (目标任务) and progress
    path("targets/", targets.TargetListView.as_view(), name="target_list"),
    path("targets/new/", targets.TargetEditView.as_view(), name="target_create"),
    path("targets/export/", exports.TargetExportView.as_view(), name="target_export"),
    path("targets/progress/", targets.ProgressView.as_view(), name="progress"),
    path("targets/<int:pk>/", targets.TargetDetailView.as_view(), name="target_detail"),
    path("targets/<int:pk>/edit/", targets.TargetEditView.as_view(), name="target_edit"),
    path("targets/<int:pk>/delete/", targets.TargetDeleteView.as_view(), name="target_delete"),
    # Indicators (指标)
    path("targets/indicators/", indicators.IndicatorListView.as_view(), name="indicator_list"),
    path("targets/indicators/new/", indicators.IndicatorEditView.as_view(), name="indicator_create"),
    path("targets/indicators/<int:pk>/", indicators.IndicatorDetailView.as_view(), name="indicator_detail"),
    path("targets/indicators/<int:pk>/edit/", indicators.IndicatorEditView.as_view(), name="indicator_edit"),
    # Hand-entered figures (指标填报)
    path("targets/entries/", entries.EntryListView.as_view(), name="entry_list"),
    path("targets/entries/new/", entries.EntryEditView.as_view(), name="entry_create"),
    path("targets/entries/export/", exports.EntryExportView.as_view(), name="entry_export"),
    path("targets/entries/<int:pk>/", entries.EntryDetailView.as_view(), name="entry_detail"),
    path("targets/entries/<int:pk>/edit/", entries.EntryEditView.as_view(), name="entry_edit"),
    path("targets/entries/<int:pk>/delete/", entries.EntryDeleteView.as_view(), name="entry_delete"),
    # Rankings (晾晒比拼), visible to every signed-in user
    path("rankings/", rankings.RankingView.as_view(), name="ranking"),
    # Assessment (考核)
    path("assessment/", assessment.SchemeListView.as_view(), name="scheme_list"),
    path("assessment/new/", assessment.SchemeEditView.as_view(), name="scheme_create"),
    path("assessment/<int:pk>/", assessment.SchemeDetailView.as_view(), name="scheme_detail"),
    path("assessment/<int:pk>/edit/", assessment.SchemeEditView.as_view(), name="scheme_edit"),
    path("assessment/<int:pk>/delete/", assessment.SchemeDeleteView.as_view(), name="scheme_delete"),
    path("assessment/<int:scheme_pk>/items/new/", assessment.ItemEditView.as_view(), name="scheme_item_create"),
    path("assessment/items/<int:pk>/edit/", assessment.ItemEditView.as_view(), name="scheme_item_edit"),
    path("assessment/items/<int:pk>/delete/", assessment.ItemDeleteView.as_view(), name="scheme_item_delete"),
    path(
        "assessment/<int:scheme_pk>/adjustments/new/",
        assessment.AdjustmentEditView.as_view(),
        name="scheme_adjustment_create",
    ),
    path(
        "assessment/adjustments/<int:pk>/delete/",
        assessment.AdjustmentDeleteView.as_view(),
        name="scheme_adjustment_delete",
    ),
]
