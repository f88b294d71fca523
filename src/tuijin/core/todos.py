"""The home page's to-do list: each module contributes a provider listed in TUIJIN_TODO_PROVIDERS."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Todo:
    title: str
    url: str
    count: int = 0
    level: str = "info"  # info, warning, danger


def todos_for(user: Any) -> list[Todo]:
    items: list[Todo] = []
    for path in settings.TUIJIN_TODO_PROVIDERS:
        items.extend(import_string(path)(user))
    return items
