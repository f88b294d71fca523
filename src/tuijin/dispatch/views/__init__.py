"""Pages of monthly dispatch, one module per area: projects, reports, grid entry, queue and late list, overview."""

from tuijin.dispatch.views.grid import GridView
from tuijin.dispatch.views.overview import OverviewView, SettingsView
from tuijin.dispatch.views.projects import ProjectDetailView, ProjectExportView, ProjectListView
from tuijin.dispatch.views.queue import LateView, QueueView
from tuijin.dispatch.views.reports import (
    ReportApproveView,
    ReportCorrectView,
    ReportDetailView,
    ReportEditView,
    ReportExportView,
    ReportListView,
    ReportReturnView,
    ReportSubmitView,
)

__all__ = [
    "GridView",
    "LateView",
    "OverviewView",
    "ProjectDetailView",
    "ProjectExportView",
    "ProjectListView",
    "QueueView",
    "ReportApproveView",
    "ReportCorrectView",
    "ReportDetailView",
    "ReportEditView",
    "ReportExportView",
    "ReportListView",
    "ReportReturnView",
    "ReportSubmitView",
    "SettingsView",
]
