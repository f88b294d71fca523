"""URLs of investment attraction, all under /attraction/."""

from django.urls import path

from tuijin.attraction.views import contracts, events, fulfilment, leads, overview, targets, teams

app_name = "attraction"

urlpatterns = [
    path("attraction/", overview.OverviewView.as_view(), name="overview"),
    path("attraction/teams/ranking/", overview.TeamRankingView.as_view(), name="team_ranking"),
    # Leads
    path("attraction/leads/", leads.LeadListView.as_view(), name="lead_list"),
    path("attraction/leads/board/", leads.LeadBoardView.as_view(), name="lead_board"),
    path("attraction/leads/export/", leads.LeadExportView.as_view(), name="lead_export"),
    path("attraction/leads/new/", leads.LeadEditView.as_view(), name="lead_create"),
    path("attraction/leads/<int:pk>/", leads.LeadDetailView.as_view(), name="lead_detail"),
    path("attraction/leads/<int:pk>/edit/", leads.LeadEditView.as_view(), name="lead_edit"),
    path("attraction/leads/<int:pk>/delete/", leads.LeadDeleteView.as_view(), name="lead_delete"),
    path("attraction/leads/<int:pk>/move/", leads.LeadMoveView.as_view(), name="lead_move"),
    path("attraction/leads/<int:lead_pk>/followups/new/", leads.LeadFollowUpView.as_view(), name="lead_followup"),
    # Contracts and their fulfilment
    path("attraction/contracts/", contracts.ContractListView.as_view(), name="contract_list"),
    path("attraction/contracts/export/", contracts.ContractExportView.as_view(), name="contract_export"),
    path("attraction/contracts/new/", contracts.ContractEditView.as_view(), name="contract_create"),
    path("attraction/contracts/<int:pk>/", contracts.ContractDetailView.as_view(), name="contract_detail"),
    path("attraction/contracts/<int:pk>/edit/", contracts.ContractEditView.as_view(), name="contract_edit"),
    path("attraction/contracts/<int:pk>/delete/", contracts.ContractDeleteView.as_view(), name="contract_delete"),
    path(
        "attraction/contracts/<int:pk>/milestones/", fulfilment.MilestoneRecordView.as_view(), name="milestone_record"
    ),
    path("attraction/milestones/<int:pk>/delete/", fulfilment.MilestoneDeleteView.as_view(), name="milestone_delete"),
    path("attraction/contracts/<int:contract_pk>/funds/new/", fulfilment.FundCreateView.as_view(), name="fund_create"),
    path("attraction/funds/<int:pk>/delete/", fulfilment.FundDeleteView.as_view(), name="fund_delete"),
    path(
        "attraction/contracts/<int:pk>/project/",
        fulfilment.ContractLinkProjectView.as_view(),
        name="contract_link_project",
    ),
    path("attraction/late/", contracts.LateListView.as_view(), name="late_list"),
    path("attraction/late/export/", contracts.LateExportView.as_view(), name="late_export"),
    # Signing events
    path("attraction/events/", events.EventListView.as_view(), name="event_list"),
    path("attraction/events/export/", events.EventExportView.as_view(), name="event_export"),
    path("attraction/events/new/", events.EventEditView.as_view(), name="event_create"),
    path("attraction/events/<int:pk>/", events.EventDetailView.as_view(), name="event_detail"),
    path("attraction/events/<int:pk>/edit/", events.EventEditView.as_view(), name="event_edit"),
    path("attraction/events/<int:pk>/delete/", events.EventDeleteView.as_view(), name="event_delete"),
    # Teams
    path("attraction/teams/", teams.TeamListView.as_view(), name="team_list"),
    path("attraction/teams/export/", teams.TeamExportView.as_view(), name="team_export"),
    path("attraction/teams/new/", teams.TeamEditView.as_view(), name="team_create"),
    path("attraction/teams/<int:pk>/", teams.TeamDetailView.as_view(), name="team_detail"),
    path("attraction/teams/<int:pk>/edit/", teams.TeamEditView.as_view(), name="team_edit"),
    path("attraction/teams/<int:pk>/delete/", teams.TeamDeleteView.as_view(), name="team_delete"),
    path("attraction/teams/<int:team_pk>/members/new/", teams.TeamMemberAddView.as_view(), name="team_member_add"),
    path("attraction/members/<int:pk>/delete/", teams.TeamMemberDeleteView.as_view(), name="team_member_delete"),
    # Targets and settings
    path("attraction/targets/", targets.TargetListView.as_view(), name="target_list"),
    path("attraction/targets/export/", targets.TargetExportView.as_view(), name="target_export"),
    path("attraction/targets/new/", targets.TargetEditView.as_view(), name="target_create"),
    path("attraction/targets/<int:pk>/edit/", targets.TargetEditView.as_view(), name="target_edit"),
    path("attraction/targets/<int:pk>/delete/", targets.TargetDeleteView.as_view(), name="target_delete"),
    path("attraction/settings/", targets.SettingsView.as_view(), name="settings"),
]
