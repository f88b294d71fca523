"""Excel import/export of the 目标任务分解表 (targets) and of the 指标填报表 (hand-entered figures), on ``exchange``.

Both sheets read exactly what their export writes (``import_columns``), so export → edit in Excel → import changes
only the edited cells. A row is keyed by 年度, 区域 and 指标 (and 月份 for a figure); the region is named by 区域代码
or 区域名称, the indicator by 指标代码 or 指标名称. Values are in the indicator's unit: money in 万元, growth
targets and percent indicators in percent (17.5 means 17.5%).

The signing targets (``indicators.MIRRORED``) are kept by the attraction app and copied here: the export writes them
(their 备注 says so) so the sheet shows every target, and the import passes their unchanged rows as 不变 and refuses
changed or new ones with the pointer to 招商引资 → 招商目标.
"""

from __future__ import annotations

from collections.abc import Hashable
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from tuijin.core.models import Region
from tuijin.exchange import cells
from tuijin.exchange.pipeline import ImportSpec, Problems, assign, choice_value, filter_region, resolve_region
from tuijin.exchange.reader import Row
from tuijin.targets.choices import Source, TargetKind, Unit
from tuijin.targets.import_columns import ENTRY_COLUMNS, TARGET_COLUMNS
from tuijin.targets.indicators import MIRRORED
from tuijin.targets.mirror import NOTE as MIRROR_NOTE
from tuijin.targets.models import Indicator, IndicatorEntry, Target

__all__ = ["EntryImportSpec", "TargetImportSpec", "ordered_entries", "ordered_targets"]

# The sheet writes the kind without the "（%）" of the model's label; both forms (and short ones) are read.
KIND_LABELS = {TargetKind.LEVEL: "总量目标", TargetKind.GROWTH: "增长目标"}
KIND_ALIASES = {
    "总量目标": TargetKind.LEVEL,
    "总量": TargetKind.LEVEL,
    "绝对值": TargetKind.LEVEL,
    "增长目标": TargetKind.GROWTH,
    "增长": TargetKind.GROWTH,
    "增速": TargetKind.GROWTH,
    "增长率": TargetKind.GROWTH,
    "同比增长": TargetKind.GROWTH,
}
MONEY_WORDS = frozenset({*cells.UNIT_SCALES, "万", "亿"})
MIRROR_MESSAGE = "“{name}”的目标在「招商引资 → 招商目标」中设置并自动同步到这里，导入不能新增或修改（未修改的行会跳过）"


def _text(value: Any) -> str:
    return cells.squeeze(value) if isinstance(value, str) else ""


class _RegionIndicatorSpec(ImportSpec):
    """What both sheets share: the region and the indicator a row names, each by code or by name."""

    region_columns = ("region.name", "region.code")
    field_columns = {"region": "region.name", "indicator": "indicator.key"}
    manual_only = False

    def prepare(self, user: Any, context: dict[str, Any]) -> None:
        super().prepare(user, context)
        self._indicators = list(Indicator.objects.order_by("order", "pk"))
        self._regions: dict[tuple[str, str], Region | str] = {}

    @staticmethod
    def _blame(values: dict[str, Any], *keys: str) -> str:
        """The first of ``keys`` whose column is in the sheet (``values`` has only those)."""
        return next((key for key in keys if key in values), keys[0])

    def _region(self, values: dict[str, Any], problems: Problems) -> Region | None:
        code, name = _text(values.get("region.code")), _text(values.get("region.name"))
        if not (code or name):
            problems.add(self._blame(values, "region.name", "region.code"), "不能为空")
            return None
        if (code, name) not in self._regions:
            try:
                self._regions[code, name] = resolve_region(code, name, self.user, self.model.scope)
            except ValueError as exc:
                self._regions[code, name] = str(exc)
        found = self._regions[code, name]
        if isinstance(found, str):
            problems.add("region.code" if code else "region.name", found)
            return None
        return found

    def _indicator(self, values: dict[str, Any], problems: Problems) -> Indicator | None:
        key, name = _text(values.get("indicator.key")), _text(values.get("indicator.name"))
        indicator: Indicator | None = None
        if key:
            indicator = next((i for i in self._indicators if i.key.lower() == key.lower()), None)
            if indicator is None:
                problems.add("indicator.key", f"未找到指标代码为“{key}”的指标")
            elif name and cells.squeeze(indicator.name) != name:
                problems.add("indicator.name", f"指标代码{indicator.key}（{indicator.name}）与指标名称“{name}”不一致")
                indicator = None
        elif name:
            named = [i for i in self._indicators if cells.squeeze(i.name) == name]
            if not named:
                problems.add("indicator.name", f"未找到名为“{name}”的指标")
            elif len(named) > 1:
                problems.add("indicator.name", f"有{len(named)}个名为“{name}”的指标，请填写指标代码")
            else:
                indicator = named[0]
        else:
            problems.add(self._blame(values, "indicator.key", "indicator.name"), "不能为空")
        if indicator is not None and self.manual_only and indicator.source != Source.MANUAL:
            problems.add(
                self._blame(values, "indicator.key", "indicator.name"),
                f"“{indicator.name}”由系统根据项目、签约和问题数据计算，不需要填报",
            )
            return None
        return indicator

    def _check_percent(self, row: Row, key: str, value: Any, percent: bool) -> None:
        """A percentage typed as "17.5%" (or a cell formatted as %) arrives as 0.175: say how the sheet wants it."""
        if percent and isinstance(value, Decimal) and value != 0 and abs(value) < 1:
            shown = format(cells.tidy(value), "f")
            self.warn(
                row,
                key,
                f"{self._header(key)}为{shown}：百分数请按数值填写（17.5 表示17.5%），"
                "单元格设为百分比格式时会读成小数，请确认",
            )

    @staticmethod
    def _region_cells(obj: Any) -> dict[str, Any]:
        return {"region.code": obj.region.code, "region.name": obj.region.name}

    @staticmethod
    def _indicator_cells(obj: Any) -> dict[str, Any]:
        return {"indicator.key": obj.indicator.key, "indicator.name": obj.indicator.name}


# --- 目标任务分解表 -----------------------------------------------------------------------------------------------


class TargetImportSpec(_RegionIndicatorSpec):
    """目标任务分解表: one row per year, region and indicator; creates targets and updates their kind, value and note.
    Only 市级调度 (and administrators) import it, within their regions."""

    model = Target
    title = "目标任务分解表"
    columns = TARGET_COLUMNS
    key_columns = ("indicator.key", "indicator.name")

    def row_to_instance(self, row: Row, user: Any, context: dict[str, Any]) -> Target:
        values = row.values
        problems = Problems()
        region = self._region(values, problems)
        indicator = self._indicator(values, problems)
        kind = None
        if _text(values.get("kind")):
            try:
                kind = choice_value(TargetKind, values["kind"], "目标类型", KIND_ALIASES)
            except ValueError as exc:
                problems.add("kind", str(exc))
        year = values.get("year")
        if year is None:
            problems.add("year", "不能为空")
        problems.raise_if_any()
        assert region is not None and indicator is not None and year is not None
        target = (
            Target.objects.filter(indicator=indicator, year=year, region=region)
            .select_related("indicator", "region")
            .first()
        ) or Target(indicator=indicator, year=year, region=region, kind=TargetKind.LEVEL)
        if indicator.key in MIRRORED:
            return self._mirrored(target, kind, values, problems)
        if kind is not None:
            target.kind = kind
        assign(target, "value", values.get("value"))
        if "note" in values:
            assign(target, "note", (values["note"] or "").strip())
        self._check_unit(target, values, problems)
        self._check_percent(row, "value", values.get("value"), target.kind == TargetKind.GROWTH or _is_percent(target))
        problems.raise_if_any(target)
        return target

    def _mirrored(self, target: Target, kind: str | None, values: dict[str, Any], problems: Problems) -> Target:
        """An unchanged row of a copied signing target passes as 不变; anything else is refused."""
        unchanged = target.pk is not None and kind in (None, target.kind) and values.get("value") == target.value
        if not unchanged:
            problems.add(
                self._blame(values, "indicator.key", "indicator.name"),
                MIRROR_MESSAGE.format(name=target.indicator.name),
            )
        problems.raise_if_any()
        target._import_unchanged_mirror = True
        return target

    @staticmethod
    def _check_unit(target: Target, values: dict[str, Any], problems: Problems) -> None:
        """单位 is for reading; a money or percent unit that contradicts the indicator's is refused, since the value
        would be stored in the wrong unit (2168 亿元 as 2168 万元)."""
        written = _text(values.get("unit"))
        expected = _unit_label(target)
        if not written or written == expected:
            return
        if expected in ("万元", "%") or written in MONEY_WORDS or written == "%":
            problems.add("unit", f"{_kind_label(target)}按“{expected}”填写，本行单位为“{written}”，请换算后填写")

    def validate(self, obj: Target) -> None:
        if getattr(obj, "_import_unchanged_mirror", False):
            return  # not saved: the attraction app owns it
        super().validate(obj)

    def natural_keys(self, obj: Target) -> list[tuple[str | None, Hashable]]:
        return [("indicator.key", ("target", obj.indicator_id, obj.year, obj.region_id))]

    def describe(self, obj: Target) -> str:
        return f"{obj.region.name} {obj.year}年 {obj.indicator.name}"

    def instance_to_row(self, obj: Target, context: dict[str, Any]) -> dict[str, Any]:
        note = obj.note
        if obj.indicator.key in MIRRORED and not note:
            note = MIRROR_NOTE
        return {
            "year": obj.year,
            **self._region_cells(obj),
            **self._indicator_cells(obj),
            "kind": _kind_label(obj),
            "value": obj.value,
            "unit": _unit_label(obj),
            "note": note or None,
        }

    def export_queryset(self, user: Any, context: dict[str, Any]) -> QuerySet[Target]:
        targets = filter_region(Target.objects.visible_to(user), context.get("region"))
        if context.get("year"):
            targets = targets.filter(year=int(context["year"]))
        return ordered_targets(targets)


def ordered_targets(targets: QuerySet[Target]) -> QuerySet[Target]:
    """The export's rows: by year, indicator (in its order) and region (the city before its districts)."""
    return targets.select_related("indicator", "region").order_by(
        "year", "indicator__order", "indicator__pk", "region__path"
    )


def _is_percent(target: Target) -> bool:
    return target.indicator.unit == Unit.PERCENT


def _unit_label(target: Target) -> str:
    return "%" if target.kind == TargetKind.GROWTH else str(target.indicator.unit_label)


def _kind_label(target: Target) -> str:
    return KIND_LABELS.get(target.kind, str(target.get_kind_display()))


# --- 指标填报表 ---------------------------------------------------------------------------------------------------


class EntryImportSpec(_RegionIndicatorSpec):
    """指标填报表: the year-to-date figure (1—m月) of a hand-entered indicator per region and month, with last year's
    same period; 区县填报 and 市级调度 import the figures of their regions."""

    model = IndicatorEntry
    title = "指标填报表"
    columns = ENTRY_COLUMNS
    key_columns = ("indicator.key", "indicator.name")
    manual_only = True

    def row_to_instance(self, row: Row, user: Any, context: dict[str, Any]) -> IndicatorEntry:
        values = row.values
        problems = Problems()
        region = self._region(values, problems)
        indicator = self._indicator(values, problems)
        year, month = values.get("year"), values.get("month")
        for key, value in (("year", year), ("month", month)):
            if value is None:
                problems.add(key, "不能为空")
        problems.raise_if_any()
        assert region is not None and indicator is not None and year is not None and month is not None
        entry = (
            IndicatorEntry.objects.filter(indicator=indicator, region=region, year=year, month=month)
            .select_related("indicator", "region")
            .first()
        ) or IndicatorEntry(indicator=indicator, region=region, year=year, month=month)
        for name in ("value", "previous_value"):
            if name in values:
                assign(entry, name, values[name])
                self._check_percent(row, name, values[name], indicator.unit == Unit.PERCENT)
        if "note" in values:
            assign(entry, "note", (values["note"] or "").strip())
        problems.raise_if_any(entry)
        return entry

    def natural_keys(self, obj: IndicatorEntry) -> list[tuple[str | None, Hashable]]:
        return [("indicator.key", ("entry", obj.indicator_id, obj.region_id, obj.year, obj.month))]

    def describe(self, obj: IndicatorEntry) -> str:
        return f"{obj.region.name} {obj.year}年1—{obj.month}月 {obj.indicator.name}"

    def instance_to_row(self, obj: IndicatorEntry, context: dict[str, Any]) -> dict[str, Any]:
        return {
            "year": obj.year,
            "month": obj.month,
            **self._region_cells(obj),
            **self._indicator_cells(obj),
            "value": obj.value,
            "previous_value": obj.previous_value,
            "note": obj.note or None,
        }

    def export_queryset(self, user: Any, context: dict[str, Any]) -> QuerySet[IndicatorEntry]:
        entries = filter_region(IndicatorEntry.objects.visible_to(user), context.get("region"))
        if context.get("year"):
            entries = entries.filter(year=int(context["year"]))
        return ordered_entries(entries)


def ordered_entries(entries: QuerySet[IndicatorEntry]) -> QuerySet[IndicatorEntry]:
    """The export's rows: by year and month, indicator and region."""
    return entries.select_related("indicator", "region").order_by(
        "year", "month", "indicator__order", "indicator__pk", "region__path"
    )
