"""Rollups: the stored contributions of every computed indicator, per leaf region × year × day (``Rollup``).

The cockpit, the rankings and the assessment read figures from here, so their cost depends on the number of regions
and days, never on the number of projects, reports, contracts or problems. The rows come from the same series
functions as the direct answer (``indicators.Series.function``), and ``tests/targets/test_rollups.py`` proves
both agree for every indicator and region on the demo data.

Maintenance: a write to a source model (``Series.sources``) marks the (indicator, region, year) keys it touches,
before and after the change; when the transaction commits, those keys are recomputed from the source rows
(delete + insert, a few queries per key). ``tuijin rollups rebuild`` recomputes everything; the demo loads in
``core.bulk.bulk_load()`` (no per-row work) and rebuilds at the end.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Model, Sum
from django.db.models.signals import post_save, pre_delete, pre_save
from django.utils import timezone

from tuijin.core import bulk
from tuijin.core.models import Region
from tuijin.targets.indicators import COMPUTED, INDICATORS, ComputedIndicator
from tuijin.targets.models import Rollup

ZERO = Decimal("0")
Key = tuple[str, int, int]  # (indicator key, leaf region id, year)
BATCH = 2000


# --- recomputing ---------------------------------------------------------------------------------------------------


def _rows(spec: ComputedIndicator, name: str, contributions: Iterable[Any]) -> list[Rollup]:
    return [
        Rollup(indicator_key=spec.key, series=name, region_id=c.region_id, year=c.year, day=c.day, value=c.value)
        for c in contributions
        if c.value
    ]


def refresh(keys: Iterable[Key]) -> int:
    """Recompute the given (indicator, region, year) keys from the source rows; returns the rows written."""
    written = 0
    regions = {region.pk: region for region in Region.objects.filter(pk__in={key[1] for key in keys})}
    with transaction.atomic():
        for key, region_id, year in sorted(set(keys)):
            spec, region = COMPUTED.get(key), regions.get(region_id)
            if spec is None or region is None:
                continue
            for name, series in spec.series().items():
                Rollup.objects.filter(indicator_key=key, series=name, region_id=region_id, year=year).delete()
                rows = _rows(spec, name, series.for_region(region, year, subtree=False))
                Rollup.objects.bulk_create(rows, batch_size=BATCH)
                written += len(rows)
    return written


def rebuild(keys: Iterable[str] | None = None) -> dict[str, int]:
    """Recompute every row of the given indicators (all computed ones by default); returns rows per indicator."""
    specs = [COMPUTED[key] for key in keys] if keys is not None else INDICATORS
    counts: dict[str, int] = {}
    this_year = timezone.localdate().year
    with transaction.atomic():
        for spec in specs:
            Rollup.objects.filter(indicator_key=spec.key).delete()
            counts[spec.key] = 0
            for name, series in spec.series().items():
                years = series.years()
                last = max(years[-1] if years else this_year, this_year)
                first = years[0] if years else this_year
                for year in range(first, last + 1):
                    rows = _rows(spec, name, series.function(series.rows(), year))
                    Rollup.objects.bulk_create(rows, batch_size=BATCH)
                    counts[spec.key] += len(rows)
    return counts


# --- reading -------------------------------------------------------------------------------------------------------


def rolled_sum(key: str, series: str, region: Region, year: int, as_of: datetime.date) -> Decimal:
    """The sum of a series over the region's subtree for the year, up to ``as_of`` inclusive."""
    total = Rollup.objects.filter(
        indicator_key=key, series=series, region__path__startswith=region.path, year=year, day__lte=as_of
    ).aggregate(total=Sum("value"))["total"]
    return total or ZERO


def rolled_sums(key: str, series: str, regions: list[Region], year: int, as_of: datetime.date) -> dict[int, Decimal]:
    """``rolled_sum`` for several regions (each with its subtree) in one query: region id → sum."""
    if not regions:
        return {}
    common = _common_path([region.path for region in regions])
    rows = (
        Rollup.objects.filter(indicator_key=key, series=series, region__path__startswith=common, year=year)
        .filter(day__lte=as_of)
        .values_list("region__path")
        .annotate(total=Sum("value"))
    )
    sums = dict.fromkeys((region.pk for region in regions), ZERO)
    for path, total in rows:
        for region in regions:
            if path.startswith(region.path):
                sums[region.pk] += total
    return sums


def _common_path(paths: list[str]) -> str:
    """The longest shared "/code/…/" prefix."""
    parts = [path.strip("/").split("/") for path in paths]
    shared: list[str] = []
    for codes in zip(*parts, strict=False):
        if len(set(codes)) != 1:
            break
        shared.append(codes[0])
    return "/" + "".join(f"{code}/" for code in shared) if shared else "/"


# --- maintenance on writes -----------------------------------------------------------------------------------------


def _years(*dates: datetime.date | None) -> set[int]:
    return {day.year for day in dates if day is not None}


def _project_keys(project: Any) -> set[tuple[int, int]]:
    from tuijin.dispatch.models import MonthlyReport
    from tuijin.projects.models import AnnualPlan, StageTransition

    years = {timezone.localdate().year} | _years(project.stats_registered_on)
    if project.pk:
        years |= {day.year for day in StageTransition.objects.filter(project=project).values_list("date", flat=True)}
        years |= set(AnnualPlan.objects.filter(project=project).values_list("year", flat=True))
        years |= set(MonthlyReport.objects.filter(project=project).values_list("year", flat=True))
    return {(project.region_id, year) for year in years}


# Source model → the (leaf region, year) pairs a row of it counts for.
SOURCE_KEYS: dict[str, Callable[[Any], set[tuple[int, int]]]] = {
    "projects.Project": _project_keys,
    "projects.StageTransition": lambda t: {(t.project.region_id, t.date.year)},
    "projects.AnnualPlan": lambda plan: {(plan.project.region_id, plan.year)},
    "dispatch.MonthlyReport": lambda report: {(report.project.region_id, report.year)},
    "attraction.Contract": lambda contract: {(contract.region_id, contract.signed_on.year)},
    "attraction.Milestone": lambda m: {(m.contract.region_id, m.contract.signed_on.year)},
    "problems.Problem": lambda p: {(p.project.region_id, year) for year in _years(p.raised_on, p.resolved_on)},
}
# Settings that change what every row counts: a write recomputes the indicators that read them.
SETTINGS_SOURCES = ("attraction.AttractionSettings",)

_pending = threading.local()


def _indicators_of(label: str) -> list[str]:
    return [spec.key for spec in INDICATORS if any(label in s.sources for s in spec.series().values())]


def mark(keys: set[Key], *, rebuild_keys: Iterable[str] = ()) -> None:
    """Recompute ``keys`` (and rebuild ``rebuild_keys``) when the current transaction commits."""
    if bulk.active():
        return
    if not hasattr(_pending, "keys"):
        _pending.keys, _pending.rebuild = set(), set()
    _pending.keys |= keys
    _pending.rebuild |= set(rebuild_keys)
    # One callback per write; the first to run does the work, the others find nothing left.
    transaction.on_commit(flush)


def flush() -> None:
    keys, rebuild_keys = getattr(_pending, "keys", set()), getattr(_pending, "rebuild", set())
    _pending.keys, _pending.rebuild = set(), set()
    if rebuild_keys:
        rebuild(sorted(rebuild_keys))
    remaining = {key for key in keys if key[0] not in rebuild_keys}
    if remaining:
        refresh(remaining)


def _keys_for(label: str, pairs: set[tuple[int, int]]) -> set[Key]:
    return {(key, region_id, year) for key in _indicators_of(label) for region_id, year in pairs if region_id}


def _on_pre_save(sender: type[Model], instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or bulk.active() or instance.pk is None:
        return
    old = sender._base_manager.filter(pk=instance.pk).first()
    instance._rollup_before = SOURCE_KEYS[sender._meta.label](old) if old is not None else set()


def _on_post_save(sender: type[Model], instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or bulk.active():
        return
    label = sender._meta.label
    pairs = SOURCE_KEYS[label](instance) | getattr(instance, "_rollup_before", set())
    mark(_keys_for(label, pairs))


def _on_pre_delete(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    if bulk.active():
        return
    label = sender._meta.label
    mark(_keys_for(label, SOURCE_KEYS[label](instance)))


def _on_settings_saved(sender: type[Model], instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        mark(set(), rebuild_keys=_indicators_of(sender._meta.label))


def connect_signals() -> None:
    for label in SOURCE_KEYS:
        model = apps.get_model(label)
        uid = f"targets.rollups.{label}"
        pre_save.connect(_on_pre_save, sender=model, dispatch_uid=f"{uid}.pre_save")
        post_save.connect(_on_post_save, sender=model, dispatch_uid=f"{uid}.post_save")
        pre_delete.connect(_on_pre_delete, sender=model, dispatch_uid=f"{uid}.pre_delete")
    for label in SETTINGS_SOURCES:
        post_save.connect(_on_settings_saved, sender=apps.get_model(label), dispatch_uid=f"targets.rollups.{label}")
    _check_sources()


def _check_sources() -> None:
    """Every source a series names must be watched here, or its rollups would silently go stale."""
    watched = set(SOURCE_KEYS) | set(SETTINGS_SOURCES)
    for spec in INDICATORS:
        for series in spec.series().values():
            missing = set(series.sources) - watched
            if missing:
                raise RuntimeError(f"指标 {spec.key} 的数据来源 {sorted(missing)} 未登记到 rollups.SOURCE_KEYS")


__all__ = ["SOURCE_KEYS", "flush", "mark", "rebuild", "refresh", "rolled_sum", "rolled_sums"]
