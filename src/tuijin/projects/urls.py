"""Pages of the project registry. The project list and detail (/projects/, /projects/<pk>/) are the dispatch app's."""

from django.urls import path

from tuijin.projects import views

app_name = "projects"

urlpatterns = [
    path("projects/new/", views.ProjectEditView.as_view(), name="project_create"),
    path("projects/export/", views.ProjectExportView.as_view(), name="project_export"),
    path("projects/<int:pk>/edit/", views.ProjectEditView.as_view(), name="project_edit"),
    path("projects/<int:pk>/delete/", views.ProjectDeleteView.as_view(), name="project_delete"),
    path("projects/<int:pk>/advance/", views.ProjectAdvanceView.as_view(), name="project_advance"),
    path("projects/<int:project_pk>/suspensions/new/", views.SuspensionCreateView.as_view(), name="suspension_create"),
    path("suspensions/", views.SuspensionListView.as_view(), name="suspension_list"),
    path("suspensions/<int:pk>/decide/", views.SuspensionDecideView.as_view(), name="suspension_decide"),
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/new/", views.PlanEditView.as_view(), name="plan_create"),
    path("plans/export/", views.PlanExportView.as_view(), name="plan_export"),
    path("plans/<int:pk>/edit/", views.PlanEditView.as_view(), name="plan_edit"),
]
