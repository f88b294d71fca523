"""Deadline reminders: 即将到期 (blue) and 已逾期 (red, 督办) notifications for open problems.

Run daily (``tuijin problems remind``, e.g. from cron at 8:00) and by the demo. Idempotent: each problem gets one
reminder of each kind per deadline (the notification ``key``), so running it twice, or every hour, says nothing
new; an extended deadline is a new deadline and is reminded again.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tuijin.core.periods import date_label
from tuijin.problems.choices import NotificationKind
from tuijin.problems.models import Problem, ProblemSettings, dispatchers_for, notify_units, notify_users


@dataclass
class Reminded:
    due_soon: int = 0
    overdue: int = 0


def remind(as_of: datetime.date) -> Reminded:
    """Notify the lead and helper units of problems near their deadline, and the lead unit and the dispatchers of
    problems past it."""
    result = Reminded()
    blue_days = ProblemSettings.current().blue_days
    rows = Problem.objects.select_related("project__region", "lead_unit").prefetch_related("helper_units")
    for problem in rows.due_soon(as_of, blue_days):
        message = _("问题即将到期（%(deadline)s）：%(p)s") % {"deadline": date_label(problem.deadline), "p": problem}
        key = f"due_soon:{problem.pk}:{problem.deadline.isoformat()}"
        units = [problem.lead_unit, *problem.helper_units.all()]
        result.due_soon += notify_units(units, NotificationKind.DUE_SOON, problem, message, key)
    for problem in rows.overdue(as_of):
        message = _("问题已逾期，列入督办（时限%(deadline)s）：%(p)s") % {
            "deadline": date_label(problem.deadline),
            "p": problem,
        }
        key = f"overdue:{problem.pk}:{problem.deadline.isoformat()}"
        kind = NotificationKind.OVERDUE
        result.overdue += notify_units([problem.lead_unit], kind, problem, message, key)
        result.overdue += notify_users(dispatchers_for(problem.project), kind, problem, message, key)
    return result
