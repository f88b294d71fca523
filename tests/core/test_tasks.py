"""Background tasks run through the database backend and its worker, inside the enqueuer's audit context."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus

from tuijin.core.audit import audit_context
from tuijin.core.models import Region, User
from tuijin.core.tasks import enqueue_audited, rebuild_region_tree


# The worker commits and closes connections between tasks, as in production: the test must not run inside a
# wrapping transaction (PostgreSQL closes a connection left outside autocommit).
@pytest.mark.django_db(transaction=True)
def test_it_runs_a_task_in_the_worker_with_history_context(regions: Any, admin_user: User) -> None:
    # Break a path the way a raw SQL fix would (no save, no history), then let the task repair it.
    Region.objects.filter(code="350582").update(path="/broken/", depth=9)
    with audit_context(user=admin_user, reason="管理员重建区域树", source="web"):
        result = enqueue_audited(rebuild_region_tree)
    assert result.status == TaskResultStatus.READY
    call_command("db_worker", batch=True, interval=0, verbosity=0)
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 1
    region = Region.objects.get(code="350582")
    assert region.path == "/350000/350500/350582/" and region.depth == 2
    record = region.history.latest("history_id")
    assert record.history_user == admin_user
    assert record.history_change_reason == "管理员重建区域树"
    assert record.history_source == "task:rebuild_region_tree"
