from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_after_migrate(sender: AppConfig, **kwargs: Any) -> None:
    """The computed indicators' rows follow ``indicators.INDICATORS``; attraction targets are copied (idempotent)."""
    from tuijin.targets.indicators import ensure_indicators
    from tuijin.targets.mirror import mirror_all

    ensure_indicators()
    mirror_all()


class TargetsConfig(AppConfig):
    name = "tuijin.targets"
    label = "targets"
    verbose_name = _("目标考核")

    def ready(self) -> None:
        # Keep the rollups current when the rows behind a computed indicator change (see rollups.py), and the
        # copies of the attraction app's signing targets (mirror.py).
        from tuijin.targets import mirror, rollups

        rollups.connect_signals()
        mirror.connect_signals()
        post_migrate.connect(_sync_after_migrate, sender=self, dispatch_uid="targets.sync_after_migrate")
