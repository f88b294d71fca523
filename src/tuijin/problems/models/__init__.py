"""Models of problem coordination (see ``problems``), notifications and approval items with site inspections."""

from tuijin.problems.models.approvals import ApprovalItem, Inspection, InspectionPhoto
from tuijin.problems.models.notifications import (
    Notification,
    NotificationQuerySet,
    dispatchers_for,
    notify_units,
    notify_users,
    unit_handlers,
)
from tuijin.problems.models.problems import (
    DEFAULT_KINDS,
    PROBLEM_EDIT_ROLES,
    Attachment,
    ExtensionRequest,
    HandlingRecord,
    Problem,
    ProblemKind,
    ProblemQuerySet,
    ProblemSettings,
    StoredFile,
    is_dispatcher_for,
    is_handler_of,
)

__all__ = [
    "DEFAULT_KINDS",
    "PROBLEM_EDIT_ROLES",
    "ApprovalItem",
    "Attachment",
    "ExtensionRequest",
    "HandlingRecord",
    "Inspection",
    "InspectionPhoto",
    "Notification",
    "NotificationQuerySet",
    "Problem",
    "ProblemKind",
    "ProblemQuerySet",
    "ProblemSettings",
    "StoredFile",
    "dispatchers_for",
    "is_dispatcher_for",
    "is_handler_of",
    "notify_units",
    "notify_users",
    "unit_handlers",
]
