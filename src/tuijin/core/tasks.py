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

    repaired = 0
    for region in Region.objects.select_related("parent").order_by("depth", "code"):
        parent = Region.objects.filter(pk=region.parent_id).first() if region.parent_id else None
        expected = f"{parent.path if parent else '/'}{region.code}/"
        if region.path != expected or region.depth != (parent.depth + 1 if parent else 0):
            region.save()
            repaired += 1
    return repaired
