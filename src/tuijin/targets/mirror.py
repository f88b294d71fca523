"""The attraction app keeps the signing targets (``AttractionTarget``: 签约总额, 大项目个数); they are copied into
``Target`` rows of the ``signed_amount`` and ``big_projects`` indicators whenever they change, so progress,
rankings and assessment read one table. Those ``Target`` rows are refused in forms and imports (``Target.clean``).
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save

from tuijin.attraction.models import AttractionTarget
from tuijin.core import bulk
from tuijin.targets.choices import TargetKind
from tuijin.targets.indicators import MIRRORED
from tuijin.targets.models import Indicator, Target

NOTE = "同步自招商目标"


def _write(indicator: Indicator, year: int, region_id: int, value: Any) -> None:
    existing = Target.objects.filter(indicator=indicator, year=year, region_id=region_id).first()
    if value is None or value <= 0:
        if existing is not None:
            existing.delete()
        return
    if existing is None:
        existing = Target(indicator=indicator, year=year, region_id=region_id, kind=TargetKind.LEVEL, note=NOTE)
    elif existing.value == value and existing.kind == TargetKind.LEVEL:
        return
    existing.kind, existing.value = TargetKind.LEVEL, value
    existing._mirroring = True
    existing.save()


def mirror(target: AttractionTarget, *, delete: bool = False) -> None:
    indicators = {row.key: row for row in Indicator.objects.filter(key__in=MIRRORED)}
    for key, field_name in MIRRORED.items():
        if key in indicators:
            value = None if delete else getattr(target, field_name)
            _write(indicators[key], target.year, target.region_id, value)


def mirror_all() -> int:
    """Copy every attraction target (and drop copies whose source is gone); returns the targets copied."""
    sources = list(AttractionTarget.objects.all())
    keep = {(t.year, t.region_id) for t in sources}
    for stale in Target.objects.filter(indicator__key__in=MIRRORED):
        if (stale.year, stale.region_id) not in keep:
            stale.delete()
    for target in sources:
        mirror(target)
    return len(sources)


def _before(sender: Any, instance: AttractionTarget, raw: bool = False, **kwargs: Any) -> None:
    if not raw and instance.pk:
        instance._mirror_before = AttractionTarget.objects.filter(pk=instance.pk).first()


def _saved(sender: Any, instance: AttractionTarget, raw: bool = False, **kwargs: Any) -> None:
    if raw or bulk.active():
        return
    old = getattr(instance, "_mirror_before", None)
    if old is not None and (old.year, old.region_id) != (instance.year, instance.region_id):
        mirror(old, delete=True)
    mirror(instance)


def _deleted(sender: Any, instance: AttractionTarget, **kwargs: Any) -> None:
    if not bulk.active():
        mirror(instance, delete=True)


def connect_signals() -> None:
    pre_save.connect(_before, sender=AttractionTarget, dispatch_uid="targets.mirror.pre_save")
    post_save.connect(_saved, sender=AttractionTarget, dispatch_uid="targets.mirror.post_save")
    post_delete.connect(_deleted, sender=AttractionTarget, dispatch_uid="targets.mirror.post_delete")
