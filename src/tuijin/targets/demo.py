"""Demo data of the targets app (the last ``tuijin demo`` step): 泉州市's hand-entered economic figures, the year's
targets of the city decomposed to its districts, counties and zones, and the year's assessment scheme; then the
rollups of every computed indicator, so the cockpit, the rankings and the assessment show a living campaign.

``seed_demo(run)`` writes what ``demo_data`` describes:

- four 手工填报 indicators (地区生产总值, 规上工业增加值, 固定资产投资增速, 社会消费品零售总额) and their 1—m月
  figures for the city and each district for every month of the year that has ended;
- the city's targets (新开工200个、新建成150个、完成投资2168亿元、解决用地报批难题100个 …, growth targets of the
  economic indicators); the level ones decomposed in proportion to the demo's own projects (a district's share of
  the year's planned starts, planned completions, planned investment or key projects), rounded up so the parts
  cover the whole, except 电网迁改 whose parts are left 2 short on purpose (the warning shows). 新签约项目投资
  总额 and 20亿元以上项目数 are the attraction app's targets, copied by ``mirror.mirror_all()``;
- 泉州市“抓项目促发展”年度考核: seven weighted items (100 points) and a 记功嘉奖 and a 通报批评 once their day has come.

Every row is written through ``upsert`` (``full_clean()`` and ``save()``, history with the demo's reason) and looked
up by its natural key, so a second run writes nothing. The demo runs inside ``core.bulk.bulk_load()``, where neither
the rollups nor the copied targets follow the other steps' writes: this step ends by copying the attraction targets
and rebuilding every rollup.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tuijin.core.models import Region
from tuijin.core.money import format_percent
from tuijin.core.periods import months_covered
from tuijin.core.seeding import upsert
from tuijin.projects import queries as project_queries
from tuijin.projects.models import AnnualPlan, Project
from tuijin.targets import mirror, queries, rollups
from tuijin.targets.choices import Source
from tuijin.targets.demo_data import (
    ADJUSTMENTS,
    CITY_CODE,
    CITY_TARGETS,
    ECONOMY,
    MANUAL_INDICATORS,
    PART_NOTE,
    SCHEME_ITEMS,
    SCHEME_NAME,
    SCHEME_NOTE,
    SHORT_BY,
    SHORT_KEY,
    CityTarget,
    EntrySpec,
    build_entries,
    decompose,
    district_value,
)
from tuijin.targets.indicators import ensure_indicators
from tuijin.targets.models import (
    AssessmentAdjustment,
    AssessmentItem,
    AssessmentScheme,
    Indicator,
    IndicatorEntry,
    Target,
    assessed_regions,
)

if TYPE_CHECKING:
    import datetime

    from tuijin.core.management.commands.demo import DemoRun

ZERO = Decimal(0)


class Writer:
    """The rows one run reads once, and what it creates."""

    def __init__(self, today: datetime.date) -> None:
        self.today = today
        self.year = today.year
        self.city = Region.objects.get(code=CITY_CODE)
        self.parts = assessed_regions(self.city)
        self.regions = {region.code: region for region in [self.city, *self.parts]}
        self.indicators: dict[str, Indicator] = {}
        self.stored_targets: dict[tuple[int, int], tuple[str, Decimal, str]] = {}
        self.created: Counter[str] = Counter()

    # -- indicators and their figures -----------------------------------------------------------------------------

    def write_indicators(self) -> None:
        for spec in MANUAL_INDICATORS:
            # The administrator may change the order or the time basis; the demo only sets them on creation.
            _row, created = upsert(
                Indicator,
                {"key": spec.key},
                {"name": spec.name, "unit": spec.unit, "source": Source.MANUAL, "cumulative": spec.cumulative},
                {"description": spec.description, "order": spec.order},
            )
            self.created["indicators"] += created
        self.indicators = {indicator.key: indicator for indicator in Indicator.objects.all()}

    def write_entries(self, specs: list[EntrySpec]) -> None:
        # Read once what is there, so a second run asks the database nothing per figure.
        stored = {
            (row.indicator_id, row.region_id, row.month): (row.value, row.previous_value, row.note)
            for row in IndicatorEntry.objects.filter(year=self.year, region__in=list(self.regions.values()))
        }
        for spec in specs:
            region, indicator = self.regions.get(spec.region_code), self.indicators[spec.key]
            if region is None:
                continue
            if stored.get((indicator.pk, region.pk, spec.month)) == (spec.value, spec.previous, spec.note):
                continue
            _row, created = upsert(
                IndicatorEntry,
                {"indicator": indicator, "region": region, "year": self.year, "month": spec.month},
                {"value": spec.value, "previous_value": spec.previous, "note": spec.note},
            )
            self.created["entries"] += created

    # -- targets --------------------------------------------------------------------------------------------------

    def weights(self) -> dict[str, dict[str, Decimal]]:
        """What the level targets are decomposed by, per district: the year's key projects planned to start
        (``starts``) or to be completed (``completions``) this year, their planned investment (``plan``) and their
        number (``projects``)."""
        codes = [region.code for region in self.parts]
        weights = {name: dict.fromkeys(codes, ZERO) for name in ("starts", "completions", "plan", "projects")}

        def district(path: str) -> str | None:
            return next((region.code for region in self.parts if path.startswith(region.path)), None)

        in_city = Project.objects.filter(region__path__startswith=self.city.path)
        rows = project_queries.year_list(in_city, self.year).values_list(
            "region__path", "planned_start", "planned_completion"
        )
        for path, start, completion in rows:
            code = district(path)
            if code is None:
                continue
            weights["projects"][code] += 1
            if start is not None and start.year == self.year:
                weights["starts"][code] += 1
            if completion is not None and completion.year == self.year:
                weights["completions"][code] += 1
        plans = (
            AnnualPlan.objects.filter(year=self.year, project__region__path__startswith=self.city.path)
            .values_list("project__region__path")
            .annotate(total=Sum("planned_investment"))
        )
        for path, total in plans:
            code = district(path)
            if code is not None:
                weights["plan"][code] += total or ZERO
        return weights

    def district_targets(self, target: CityTarget, weights: dict[str, dict[str, Decimal]]) -> dict[str, Decimal]:
        if target.weights:
            short = SHORT_BY if target.key == SHORT_KEY else ZERO
            return decompose(target.value, weights[target.weights], target.step, short)
        return {
            region.code: district_value(target, ECONOMY[region.code]) if region.code in ECONOMY else target.value
            for region in self.parts
        }

    def write_targets(self) -> None:
        weights = self.weights()
        self.stored_targets = {
            (row.indicator_id, row.region_id): (row.kind, row.value, row.note)
            for row in Target.objects.filter(year=self.year, region__in=list(self.regions.values()))
        }
        for target in CITY_TARGETS:
            indicator = self.indicators[target.key]
            self.write_target(indicator, self.city, target.kind, target.value, target.note)
            for code, value in self.district_targets(target, weights).items():
                self.write_target(indicator, self.regions[code], target.kind, value, PART_NOTE)

    def write_target(self, indicator: Indicator, region: Region, kind: str, value: Decimal, note: str) -> None:
        if self.stored_targets.get((indicator.pk, region.pk)) == (kind, value, note):
            return
        _row, created = upsert(
            Target,
            {"indicator": indicator, "year": self.year, "region": region},
            {"kind": kind, "value": value, "note": note},
        )
        self.created["targets"] += created

    # -- assessment -------------------------------------------------------------------------------------------------

    def write_scheme(self) -> AssessmentScheme:
        scheme, created = upsert(
            AssessmentScheme,
            {"year": self.year, "region": self.city, "name": f"{self.city.name}{SCHEME_NAME}"},
            {"note": SCHEME_NOTE},
            {"last_places": 3},
        )
        self.created["schemes"] += created
        for order, item in enumerate(SCHEME_ITEMS, start=1):
            _row, created = upsert(
                AssessmentItem,
                {"scheme": scheme, "indicator": self.indicators[item.key]},
                {"weight": item.weight, "rule": item.rule, "cap": item.cap, "order": order * 10},
            )
            self.created["items"] += created
        for spec in ADJUSTMENTS:
            on = self.today.replace(month=spec.month, day=spec.day)
            region = self.regions.get(spec.region_code)
            if on > self.today or region is None:
                continue
            _row, created = upsert(
                AssessmentAdjustment,
                {"scheme": scheme, "region": region, "kind": spec.kind, "reason": spec.reason},
                {"on": on, "points": spec.points},
            )
            self.created["adjustments"] += created
        return scheme


def seed_demo(run: DemoRun) -> None:
    """Write the figures, targets and assessment scheme of the current year, copy the attraction targets and rebuild
    the rollups (see the module docstring)."""
    today = timezone.localdate()
    ensure_indicators()
    writer = Writer(today)
    writer.write_indicators()
    writer.write_entries(build_entries(writer.year, months_covered(today)))
    writer.write_targets()
    scheme = writer.write_scheme()
    mirror.mirror_all()
    rollup_rows = sum(rollups.rebuild().values())
    run.report(summary(writer, scheme, rollup_rows))


def summary(writer: Writer, scheme: AssessmentScheme, rollup_rows: int) -> str:
    """One line: indicators, the year's targets (and the decompositions that fall short), figures, the scheme, the
    rollups, and the city's 序时完成率 of investment and new starts."""
    city, year, today = writer.city, writer.year, writer.today
    indicators = Indicator.objects.all()
    targets = Target.objects.filter(year=year, region__path__startswith=city.path).select_related("indicator")
    short = []
    for target in targets.filter(region=city):
        check = queries.decomposition(target)
        if check is not None and not check.covered:
            short.append(f"{target.indicator.name} {check.parts_total.normalize():f}/{target.value.normalize():f}")
    progress = {
        key: queries.progress(writer.indicators[key], city, today).schedule_rate for key in ("investment", "new_starts")
    }
    created = writer.created
    return _(
        "目标考核：指标 %(indicators)d 项（手工填报 %(manual)d 项）；%(year)d年目标 %(targets)d 项"
        "（分解未覆盖：%(short)s）；填报数据 %(entries)d 条；考核方案《%(scheme)s》指标 %(items)d 项、"
        "加减分 %(adjustments)d 项；汇总数据 %(rollups)d 行；全市完成投资序时完成率 %(investment)s、"
        "新开工项目序时完成率 %(starts)s；新建指标 %(new_indicators)d 项、目标 %(new_targets)d 项、"
        "填报 %(new_entries)d 条"
    ) % {
        "indicators": indicators.count(),
        "manual": indicators.filter(source=Source.MANUAL).count(),
        "year": year,
        "targets": targets.count(),
        "short": "、".join(short) or "无",
        "entries": IndicatorEntry.objects.filter(year=year, region__path__startswith=city.path).count(),
        "scheme": scheme.name,
        "items": scheme.items.count(),
        "adjustments": scheme.adjustments.count(),
        "rollups": rollup_rows,
        "investment": format_percent(progress["investment"]),
        "starts": format_percent(progress["new_starts"]),
        "new_indicators": created["indicators"],
        "new_targets": created["targets"],
        "new_entries": created["entries"],
    }
