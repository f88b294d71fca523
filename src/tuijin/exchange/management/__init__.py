"""What the ``import`` and ``export`` commands share: the spec of a kind and the user a command acts as."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError

from tuijin.core.models import User
from tuijin.exchange.pipeline import ImportSpec, get_spec


def command_spec(kind: str) -> ImportSpec:
    """The spec of ``kind``; an unknown kind lists the known ones."""
    try:
        return get_spec(kind)
    except KeyError:
        from django.conf import settings

        known = "、".join(getattr(settings, "TUIJIN_IMPORT_SPECS", {}))
        raise CommandError(f"未知的表“{kind}”，可选：{known}") from None
    except ImproperlyConfigured as exc:
        raise CommandError(str(exc)) from exc


def command_user(username: str | None) -> Any:
    """``--user``, else the first active superuser: the command then works within that user's scope."""
    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"找不到用户“{username}”（或该用户已停用）")
        return user
    user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if user is None:
        raise CommandError("没有可用的超级用户，请用 --user 指定以哪个用户的身份和范围执行")
    return user
