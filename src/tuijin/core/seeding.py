"""Idempotent writes for reference and demo data: create what is missing, update only what differs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import models

from tuijin.core import audit

ModelT = TypeVar("ModelT", bound=models.Model)


def upsert(
    model: type[ModelT],
    lookup: Mapping[str, Any],
    values: Mapping[str, Any],
    create_values: Mapping[str, Any] | None = None,
) -> tuple[ModelT, bool]:
    """Create the row matching ``lookup`` or bring its ``values`` up to date; return (row, created).

    ``create_values`` are used only when the row is created (e.g. an initial password).

    Unlike ``update_or_create`` this writes only when a value differs, so re-running seed data
    leaves versions and history untouched, and it saves every field (``update_or_create`` passes
    ``update_fields``, which would drop the ``path``/``depth`` that ``Region.save`` recomputes).
    Each write goes through ``full_clean()`` and ``save()``, like a form would, so seed data obeys
    the same rules and leaves the same history as data typed in by a user.
    """
    obj = model._default_manager.filter(**lookup).first()
    created = obj is None
    if obj is None:
        obj = model(**lookup, **values, **(create_values or {}))
    else:
        changed = [name for name, value in values.items() if _differs(obj, name, value)]
        if not changed:
            return obj, False
        for name in changed:
            setattr(obj, name, values[name])
    # Validate what a user could edit; computed columns (path, depth, version, timestamps) are set by save().
    obj.full_clean(exclude=[field.name for field in obj._meta.fields if not field.editable])
    if not getattr(obj, "_change_reason", None):
        # TrackedModel.save does this itself; the user model is not a TrackedModel.
        obj._change_reason = audit.current().reason or None
    obj.save()
    return obj, created


def _differs(obj: models.Model, name: str, value: Any) -> bool:
    """Compare by id for foreign keys, so checking a row for changes does not load its relations."""
    field = obj._meta.get_field(name)
    if field.many_to_one:
        return getattr(obj, field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value
