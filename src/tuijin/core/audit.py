"""Who is writing, why, and through which door: the context every history record reads.

A web request, an API call, a management command and a background task each run inside an
``audit_context``. The base model's history hook reads the current context, so a write made
anywhere is logged with its user, reason and source; nothing depends on a request existing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse

if TYPE_CHECKING:
    from tuijin.core.models import User


@dataclass(frozen=True)
class AuditContext:
    """The author of the writes made now. ``request`` is kept so the user is read at write time:
    DRF authenticates token users inside the view, after the middleware has run."""

    user: User | None = None
    reason: str = ""
    source: str = "system"
    request: HttpRequest | None = None

    def resolved_user(self) -> User | None:
        user = self.user
        if user is None and self.request is not None:
            user = getattr(self.request, "user", None)
        if user is None or not getattr(user, "is_authenticated", False):
            return None
        return user


_current: ContextVar[AuditContext] = ContextVar("tuijin_audit", default=AuditContext())  # noqa: B039 (frozen)


def current() -> AuditContext:
    return _current.get()


@contextmanager
def audit_context(
    user: User | None = None, reason: str = "", source: str = "system", request: HttpRequest | None = None
) -> Iterator[AuditContext]:
    """Run the block as ``user`` for ``reason``; nested contexts replace the outer one until they end."""
    token = _current.set(AuditContext(user=user, reason=reason, source=source, request=request))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def set_reason(reason: str) -> None:
    """Give the writes that follow in this context a reason (e.g. the 修改原因 typed in a form)."""
    _current.set(replace(_current.get(), reason=reason))


def history_user(instance: Any = None, request: HttpRequest | None = None, **kwargs: Any) -> User | None:
    """simple-history's ``get_user`` hook: the audit context's user, else the instance's explicit one."""
    explicit = getattr(instance, "_history_user", None)
    return explicit or current().resolved_user()


class AuditMiddleware:
    """Wraps every request in an audit context (source ``web`` or ``api``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        source = "api" if request.path.startswith("/api/") else "web"
        with audit_context(source=source, request=request):
            return self.get_response(request)
