from django.urls import path

from tuijin.dispatch import views

app_name = "dispatch"

urlpatterns = [
    path("projects/", views.ProjectListView.as_view(), name="project_list"),
    path("dispatch/projects/export/", views.ProjectExportView.as_view(), name="project_export"),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("reports/", views.ReportListView.as_view(), name="report_list"),
    path("reports/new/", views.ReportEditView.as_view(), name="report_create"),
    path("reports/export/", views.ReportExportView.as_view(), name="report_export"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/edit/", views.ReportEditView.as_view(), name="report_edit"),
    path("reports/<int:pk>/submit/", views.ReportSubmitView.as_view(), name="report_submit"),
    path("reports/<int:pk>/approve/", views.ReportApproveView.as_view(), name="report_approve"),
    path("reports/<int:pk>/return/", views.ReportReturnView.as_view(), name="report_return"),
    path("reports/<int:pk>/correct/", views.ReportCorrectView.as_view(), name="report_correct"),
    path("dispatch/grid/", views.GridView.as_view(), name="grid"),
    path("dispatch/queue/", views.QueueView.as_view(), name="queue"),
    path("dispatch/late/", views.LateView.as_view(), name="late"),
    path("dispatch/overview/", views.OverviewView.as_view(), name="overview"),
    path("dispatch/settings/", views.SettingsView.as_view(), name="settings"),
]
