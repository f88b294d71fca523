"""Background tasks of the core app, and the wrapper that gives every task an audit context.

A task is enqueued with the current user and reason (``enqueue_audited``) and runs, in the worker,
inside ``audit_context(user, reason, source="task:<name>")``: its writes land in history exactly as
if the user had made them in a request.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django_tasks import task

from tuijin.core import audit


def audited(func: Callable[..., Any]) -> Callable[..., Any]:
    """Run ``func`` inside the audit context that ``enqueue_audited`` packed into its arguments."""

    @functools.wraps(func)
    def wrapper(*args: Any, audit_user_id: int | None = None, audit_reason: str = "", **kwargs: Any) -> Any:
        from tuijin.core.models import User

        user = User.objects.filter(pk=audit_user_id).first() if audit_user_id else None
        with audit.audit_context(user=user, reason=audit_reason, source=f"task:{func.__name__}"[:100]):
            return func(*args, **kwargs)

    return wrapper


def enqueue_audited(task_obj: Any, *args: Any, reason: str | None = None, **kwargs: Any) -> Any:
    """Enqueue a task carrying the current audit context (user and reason) to the worker."""
    context = audit.current()
    user = context.resolved_user()
    return task_obj.enqueue(
        *args, audit_user_id=user.pk if user else None, audit_reason=reason or context.reason, **kwargs
    )


@task()
@audited
def rebuild_region_tree() -> int:
    """Recompute every region's path and depth from its parent; returns how many were repaired.

    Paths drive every scope filter, so after bulk changes to the tree (imports, SQL fixes) an
    administrator runs this from the admin; each repaired region is saved with history.
    """
    from tuijin.core.models import Region

    # Walk from the roots down, so each region is checked against its parent's repaired path
    # (stored depths may be wrong too, so they cannot give the order).
    repaired = 0
    level = list(Region.objects.filter(parent__isnull=True))
    while level:
        next_level = []
        for parent in level:
            for child in Region.objects.filter(parent=parent):
                child.parent = parent
                if child.path != f"{parent.path}{child.code}/" or child.depth != parent.depth + 1:
                    child.save()
                    repaired += 1
                next_level.append(child)
        level = next_level
    return repaired
