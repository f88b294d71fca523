"""URLs of the import pages. Each kind names an ``ImportSpec`` in ``settings.TUIJIN_IMPORT_SPECS``."""

from django.urls import path

from tuijin.exchange import views

app_name = "exchange"

urlpatterns = [
    path("import/projects/", views.ImportView.as_view(kind="projects"), name="import_projects"),
    path("import/plans/", views.ImportView.as_view(kind="plans"), name="import_plans"),
    path("import/progress/", views.ImportView.as_view(kind="progress"), name="import_progress"),
    path("import/leads/", views.ImportView.as_view(kind="leads"), name="import_leads"),
    path("import/contracts/", views.ImportView.as_view(kind="contracts"), name="import_contracts"),
    path("import/problems/", views.ImportView.as_view(kind="problems"), name="import_problems"),
    path("import/approvals/", views.ImportView.as_view(kind="approvals"), name="import_approvals"),
    path("import/targets/", views.ImportView.as_view(kind="targets"), name="import_targets"),
    path("import/entries/", views.ImportView.as_view(kind="entries"), name="import_entries"),
    path("import/<slug:kind>/template/", views.TemplateDownloadView.as_view(), name="template"),
]
