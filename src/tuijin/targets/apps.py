from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_after_migrate(sender: AppConfig, **kwargs: Any) -> None:
    """The computed indicators' rows follow ``indicators.INDICATORS``; attraction targets are copied; an indicator
    without any rollup row yet (a new one, or a database from before the targets app) is rolled up. Idempotent."""
    from tuijin.targets.indicators import COMPUTED, ensure_indicators
    from tuijin.targets.mirror import mirror_all
    from tuijin.targets.models import Rollup
    from tuijin.targets.rollups import rebuild

    ensure_indicators()
    mirror_all()
    rolled = set(Rollup.objects.values_list("indicator_key", flat=True).distinct())
    missing = [key for key in COMPUTED if key not in rolled]
    if missing:
        rebuild(missing)


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
