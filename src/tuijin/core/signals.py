"""Signal hooks of the core app. History itself is written by the models; this only adds the source."""

from typing import Any

from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

from tuijin.core import audit


@receiver(pre_create_historical_record)
def record_history_source(sender: Any, history_instance: Any, **kwargs: Any) -> None:
    if hasattr(history_instance, "history_source"):
        history_instance.history_source = audit.current().source[:100]
