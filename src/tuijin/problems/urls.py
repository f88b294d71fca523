"""URLs of problem coordination (/problems/), approval items (/approvals/), inspections (/inspections/) and
notifications (/notifications/)."""

from django.urls import path

from tuijin.problems.views import approvals, exports, inspections, problems

app_name = "problems"

urlpatterns = [
    # Problems (问题协调)
    path("problems/", problems.ProblemListView.as_view(), name="problem_list"),
    path("problems/board/", problems.ProblemBoardView.as_view(), name="problem_board"),
    path("problems/inbox/", problems.InboxView.as_view(), name="inbox"),
    path("problems/supervision/", problems.SupervisionView.as_view(), name="supervision"),
    path("problems/performance/", problems.PerformanceView.as_view(), name="performance"),
    path("problems/settings/", problems.SettingsView.as_view(), name="settings"),
    path("problems/export/", exports.ProblemExportView.as_view(), name="problem_export"),
    path("problems/new/", problems.ProblemEditView.as_view(), name="problem_create"),
    path("problems/<int:pk>/", problems.ProblemDetailView.as_view(), name="problem_detail"),
    path("problems/<int:pk>/edit/", problems.ProblemEditView.as_view(), name="problem_edit"),
    path("problems/<int:pk>/delete/", problems.ProblemDeleteView.as_view(), name="problem_delete"),
    path("problems/<int:pk>/assign/", problems.AssignView.as_view(), name="problem_assign"),
    path("problems/<int:pk>/reply/", problems.ReplyView.as_view(), name="problem_reply"),
    path("problems/<int:pk>/extension/", problems.ExtensionRequestView.as_view(), name="problem_extension"),
    path(
        "problems/<int:pk>/extension/decide/",
        problems.ExtensionDecisionView.as_view(),
        name="problem_extension_decide",
    ),
    path("problems/<int:pk>/resolve/", problems.ResolveView.as_view(), name="problem_resolve"),
    path("problems/<int:pk>/close/", problems.CloseView.as_view(), name="problem_close"),
    path("problems/<int:pk>/return/", problems.ReturnView.as_view(), name="problem_return"),
    path("problems/attachments/<int:pk>/", problems.AttachmentView.as_view(), name="attachment"),
    path("notifications/", problems.NotificationListView.as_view(), name="notification_list"),
    path("notifications/read/", problems.NotificationReadView.as_view(), name="notification_read"),
    # Approval items (前期手续, 帮办代办)
    path("approvals/", approvals.ApprovalListView.as_view(), name="approval_list"),
    path("approvals/stats/", approvals.ApprovalStatsView.as_view(), name="approval_stats"),
    path("approvals/export/", exports.ApprovalExportView.as_view(), name="approval_export"),
    path("approvals/new/", approvals.ApprovalEditView.as_view(), name="approval_create"),
    path("approvals/project/<int:project_pk>/", approvals.ProjectApprovalsView.as_view(), name="approval_project"),
    path("approvals/<int:pk>/", approvals.ApprovalDetailView.as_view(), name="approval_detail"),
    path("approvals/<int:pk>/edit/", approvals.ApprovalEditView.as_view(), name="approval_edit"),
    path("approvals/<int:pk>/delete/", approvals.ApprovalDeleteView.as_view(), name="approval_delete"),
    # Site inspections (督查)
    path("inspections/", inspections.InspectionListView.as_view(), name="inspection_list"),
    path("inspections/coverage/", inspections.CoverageView.as_view(), name="inspection_coverage"),
    path("inspections/export/", inspections.InspectionExportView.as_view(), name="inspection_export"),
    path("inspections/new/", inspections.InspectionEditView.as_view(), name="inspection_create"),
    path("inspections/<int:pk>/", inspections.InspectionDetailView.as_view(), name="inspection_detail"),
    path("inspections/<int:pk>/edit/", inspections.InspectionEditView.as_view(), name="inspection_edit"),
    path("inspections/<int:pk>/delete/", inspections.InspectionDeleteView.as_view(), name="inspection_delete"),
    path("inspections/photos/<int:pk>/", inspections.PhotoView.as_view(), name="photo"),
]
