"""A flag for bulk loads (the demo) that rebuild derived data once at the end instead of row by row.

Apps that maintain derived tables on every write (the targets app's rollups) skip the per-row work while
``bulk_load()`` is active; whoever opened it rebuilds afterwards (the demo's last step does).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_active: ContextVar[bool] = ContextVar("tuijin_bulk_load", default=False)


def active() -> bool:
    return _active.get()


@contextmanager
def bulk_load() -> Iterator[None]:
    token = _active.set(True)
    try:
        yield
    finally:
        _active.reset(token)
