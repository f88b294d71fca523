"""The targets demo: its figures and decompositions in memory (fast, no database), its step on a small campaign, and
what ``tuijin demo`` writes (``check_targets_demo``, called by the one test that runs the whole demo,
tests/projects/test_demo_data.py).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management.base import OutputWrapper
from django.utils import timezone

from tests.attraction import factories
from tuijin.attraction.models import AttractionTarget
from tuijin.core import bulk
from tuijin.core.audit import audit_context
from tuijin.core.management.commands.demo import (
    DemoRun,
    seed_demo_accounts,
    seed_demo_regions,
    seed_demo_units,
)
from tuijin.core.models import Region, Unit, User
from tuijin.core.periods import months_covered, yoy_growth
from tuijin.dispatch.models import MonthlyReport
from tuijin.problems.models import Problem, ProblemKind
from tuijin.projects.choices import Category, Stage
from tuijin.projects.models import AnnualPlan, Project
from tuijin.targets import queries
from tuijin.targets.choices import Source, TargetKind
from tuijin.targets.demo import seed_demo
from tuijin.targets.demo_data import (
    CITY_CODE,
    CITY_TARGETS,
    ECONOMY,
    MANUAL_INDICATORS,
    SCHEME_ITEMS,
    SHORT_BY,
    SHORT_KEY,
    build_entries,
    decompose,
)
from tuijin.targets.indicators import INDICATORS, MIRRORED
from tuijin.targets.models import (
    AssessmentAdjustment,
    AssessmentItem,
    AssessmentScheme,
    Indicator,
    IndicatorEntry,
    Target,
    assessed_regions,
)

D = datetime.date
MONEY_KEYS = ("gdp", "industry_value_added", "retail_sales")


def history_counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in apps.get_models() if m.__name__.startswith("Historical")}


# ---------------------------------------------------------------------------------------------------
# The figures and the decomposition, in memory
# ---------------------------------------------------------------------------------------------------


def test_the_districts_figures_add_up_to_the_citys_of_quanzhou_size() -> None:
    entries = build_entries(2026, 12)
    assert len(entries) == len(MANUAL_INDICATORS) * (len(ECONOMY) + 1) * 12
    by_key: dict[tuple[str, int], dict[str, tuple[Decimal, Decimal | None]]] = defaultdict(dict)
    for entry in entries:
        by_key[entry.key, entry.month][entry.region_code] = (entry.value, entry.previous)
    for key in MONEY_KEYS:
        for month in range(1, 13):
            rows = dict(by_key[key, month])
            city = rows.pop(CITY_CODE)
            assert city[0] == sum(value for value, _previous in rows.values())
            assert city[1] == sum(previous for _value, previous in rows.values())
            for value, previous in rows.values():
                assert value > 0 and previous is not None and previous > 0
                assert Decimal("0.01") < yoy_growth(value, previous) < Decimal("0.11")
            assert Decimal("0.04") < yoy_growth(*city) < Decimal("0.08"), (key, month)
    # 泉州 GDP about 1.3万亿元 a year, 1—10月 about 1.05万亿元 (万元).
    gdp_october = by_key["gdp", 10][CITY_CODE][0]
    assert Decimal(100_000_000) < gdp_october < Decimal(110_000_000)
    assert Decimal(125_000_000) < by_key["gdp", 12][CITY_CODE][0] < Decimal(135_000_000)
    # 固定资产投资增速 is a rate in percent, with last year's rate in the note.
    fai = [entry for entry in entries if entry.key == "fai_growth"]
    assert all(entry.previous is None and entry.note.startswith("上年同期增长") for entry in fai)
    assert all(Decimal(-5) < entry.value < Decimal(20) for entry in fai)


def test_a_months_figures_do_not_change_later_in_the_year() -> None:
    march, november = build_entries(2026, 3), build_entries(2026, 11)
    assert set(march) < set(november)
    assert build_entries(2026, 11) == november  # the same on every run
    assert build_entries(2025, 3) != march  # another year, other figures
    assert build_entries(2026, 0) == []  # January: no month has ended


def test_the_parts_cover_the_whole_rounded_up() -> None:
    weights = {"350582": Decimal(39), "350583": Decimal(29), "350502": Decimal(16), "350525": Decimal(0)}
    parts = decompose(Decimal(200), weights, Decimal(1))
    assert parts == {"350502": 39, "350525": 1, "350582": 93, "350583": 70}  # 38.10 → 39, 92.86 → 93 …
    assert sum(parts.values()) >= 200
    money = decompose(Decimal(21680000), weights, Decimal(10000))  # whole 亿元
    assert all(value % 10000 == 0 and value > 0 for value in money.values()) and sum(money.values()) >= 21680000
    assert decompose(Decimal(10), dict.fromkeys(["a", "b", "c"], Decimal(0)), Decimal(1)) == {"a": 4, "b": 4, "c": 4}


def test_a_short_decomposition_falls_short_by_exactly_the_amount() -> None:
    projects = [26, 30, 29, 48, 54, 34, 25, 24, 48, 94, 66, 41, 44]  # the demo's key projects per district
    weights = {code: Decimal(n) for code, n in zip(ECONOMY, projects, strict=True)}
    parts = decompose(Decimal(50), weights, Decimal(1), SHORT_BY)
    assert sum(parts.values()) == 50 - SHORT_BY
    assert all(value >= 1 for value in parts.values())
    assert max(parts, key=lambda code: parts[code]) == "350582"  # the largest share keeps the largest part


def test_the_assessment_weighs_100_points_and_the_targets_are_the_citys() -> None:
    assert sum(item.weight for item in SCHEME_ITEMS) == 100
    targets = {target.key: (target.kind, target.value) for target in CITY_TARGETS}
    assert targets["new_starts"] == (TargetKind.LEVEL, 200)
    assert targets["investment"] == (TargetKind.LEVEL, Decimal(21680000))  # 2168亿元
    assert targets["gdp"] == (TargetKind.GROWTH, Decimal("5.5"))
    assert not set(targets) & set(MIRRORED)  # the signing targets are the attraction app's


# ---------------------------------------------------------------------------------------------------
# The step, on a small campaign
# ---------------------------------------------------------------------------------------------------


def day_of_year(today: datetime.date, days_ago: int) -> datetime.date:
    """A day of this year up to ``days_ago`` days back (never before 1 January)."""
    return max(D(today.year, 1, 1), today - datetime.timedelta(days=days_ago))


def small_campaign(today: datetime.date) -> None:
    """A few key projects of the year in four districts (plans, starts, an approved report), contracts, a solved
    land problem and the city's signing target."""
    year = today.year
    regions = {region.code: region for region in Region.objects.all()}
    dispatcher, admin = User.objects.get(username="qz_dispatch"), User.objects.get(username="admin")
    reporter = User.objects.get(username="jj_reporter")
    projects = []
    for number, (code, count) in enumerate({"350582": 4, "350583": 3, "350502": 2, "350500Z01": 1}.items()):
        for index in range(count):
            project = Project(
                name=f"{regions[code].name}演示项目{index + 1}",
                region=regions[code],
                category=Category.INDUSTRY,
                total_investment=Decimal(50000 + 10000 * index),
                planned_start=D(year, 3 + number, 1),
                planned_completion=D(year, 12, 1) if index == 0 else D(year + 1, 6, 1),
            )
            project.full_clean()
            project.save()
            plan = AnnualPlan(project=project, year=year, planned_investment=Decimal(20000 + 5000 * index))
            plan.full_clean()
            plan.save()
            if index < count - 1 or count == 1:
                project.enter(Stage.CONSTRUCTION, day_of_year(today, 40 + 10 * index))
            else:
                project.enter(Stage.PREPARATION, day_of_year(today, 200))
            projects.append(project)
    if months_covered(today):
        report = MonthlyReport(project=projects[0], year=year, month=months_covered(today), amount=Decimal(3000))
        report.full_clean()
        report.save()
        report.submit(reporter)
        report.approve(dispatcher)
    factories.contract("晋江演示签约项目", "250000", day_of_year(today, 20))
    factories.contract("南安演示签约项目", "80000", day_of_year(today, 10), region_code="350583")
    signing = AttractionTarget(year=year, region=regions[CITY_CODE], signed_amount=Decimal(1000000), big_projects=10)
    signing.full_clean()
    signing.save()
    raised = day_of_year(today, 30)
    problem = Problem(
        project=projects[0],
        kind=ProblemKind.objects.get(code="land"),
        title="用地报批未获批复",
        description="项目用地报批材料已上报，尚未获批。",
        raised_on=raised,
    )
    problem.full_clean()
    problem.save()
    problem.assign(dispatcher, Unit.objects.get(name="晋江市自然资源和规划局"), on=raised)
    problem.resolve(admin, "用地已获批复。", on=day_of_year(today, 5))


@pytest.mark.django_db
def test_the_step_writes_the_campaign_once(regions: dict[str, Region]) -> None:
    run = DemoRun(stdout=OutputWrapper(StringIO()))
    today = timezone.localdate()
    with audit_context(source="command:demo", reason="演示数据"):
        seed_demo_regions(run)
        seed_demo_units(run)
        seed_demo_accounts(run)
        small_campaign(today)
        models = (Indicator, IndicatorEntry, Target, AssessmentScheme, AssessmentItem, AssessmentAdjustment)
        with bulk.bulk_load():
            seed_demo(run)
        counts = [model.objects.count() for model in models]
        history = history_counts()
        with bulk.bulk_load():
            seed_demo(run)

    assert [model.objects.count() for model in models] == counts
    assert history_counts() == history
    output = run.stdout._out.getvalue()
    assert output.count("目标考核：") == 2 and "新建指标 0 项、目标 0 项、填报 0 条" in output
    assert "电网迁改问题解决数 48/50" in output  # among the uncovered ones (the signing target has no parts here)

    city = Region.objects.get(code=CITY_CODE)
    parts = assessed_regions(city)
    assert len(parts) == 13
    manual = Indicator.objects.filter(source=Source.MANUAL)
    assert set(manual.values_list("key", flat=True)) == {spec.key for spec in MANUAL_INDICATORS}
    assert IndicatorEntry.objects.count() == len(MANUAL_INDICATORS) * 14 * months_covered(today)
    for entry in IndicatorEntry.objects.all()[:50]:
        entry.full_clean()

    # Every city target, each decomposed to all 13 districts; the parts cover the whole but for the one left short.
    year = today.year
    for spec in CITY_TARGETS:
        target = Target.objects.get(indicator__key=spec.key, year=year, region=city)
        assert (target.kind, target.value) == (spec.kind, spec.value)
        assert Target.objects.filter(indicator__key=spec.key, year=year, region__in=parts).count() == 13
        check = queries.decomposition(target)
        if spec.weights:
            assert check is not None
            assert check.covered == (spec.key != SHORT_KEY), spec.key
            if spec.key == SHORT_KEY:
                assert check.difference == -SHORT_BY
        else:
            assert check is None  # growth and percent targets are not added up
    # The districts with more planned starts get more of the city's 200.
    starts = {t.region.code: t.value for t in Target.objects.filter(indicator__key="new_starts", region__in=parts)}
    assert starts["350582"] > starts["350583"] > starts["350504"] >= 1
    assert Target.objects.get(indicator__key="signed_amount", region=city, year=year).value == Decimal(1000000)

    scheme = AssessmentScheme.objects.get(year=year, region=city)
    assert scheme.total_weight == 100
    assert len(queries.assess(scheme, today)) == 13
    assert not scheme.adjustments.filter(on__gt=today).exists()

    # The rollups rebuilt at the end agree with the direct answer.
    for spec in INDICATORS:
        indicator = Indicator.objects.get(key=spec.key)
        for region in (city, *parts[:4]):
            rolled = queries.actual(indicator, region, today, source="rollup")
            assert rolled == queries.actual(indicator, region, today, source="direct"), (spec.key, region.code)
    new_starts = queries.actual(Indicator.objects.get(key="new_starts"), city, today)
    assert new_starts == 7


# ---------------------------------------------------------------------------------------------------
# The rows written by ``tuijin demo`` (called from tests/projects/test_demo_data.py)
# ---------------------------------------------------------------------------------------------------


def check_targets_demo(output: str) -> None:
    """What the targets step of ``tuijin demo`` wrote, read back through ``tuijin.targets.queries``."""
    today = timezone.localdate()
    year = today.year
    city = Region.objects.get(code=CITY_CODE)
    parts = assessed_regions(city)
    assert len(parts) == 13
    assert "目标考核：" in output and "分解未覆盖：电网迁改问题解决数 48/50" in output
    assert output.index("问题协调") < output.index("目标考核") < output.index("演示密码")

    # -- the rollups agree with the direct answer, for every computed indicator and region, today and at the end of
    # last month (the proof that the stored contributions add up to what the rows say)
    month_end = today.replace(day=1) - datetime.timedelta(days=1)
    regions = [city, *parts]
    for indicator in Indicator.objects.filter(source=Source.COMPUTED):
        for as_of in (today, month_end):
            rolled = queries.actual_by_region(indicator, regions, as_of, source="rollup")
            direct = queries.actual_by_region(indicator, regions, as_of, source="direct")
            assert rolled == direct, (indicator.key, as_of)
    assert {row.key for row in Indicator.objects.filter(source=Source.COMPUTED)} == {s.key for s in INDICATORS}

    # -- the city's targets, the signing ones copied from the attraction app
    targets = {t.indicator.key: t for t in Target.objects.filter(year=year, region=city).select_related("indicator")}
    for spec in CITY_TARGETS:
        assert (targets[spec.key].kind, targets[spec.key].value) == (spec.kind, spec.value), spec.key
    assert targets["signed_amount"].value == Decimal(100_000_000) and targets["big_projects"].value == 100
    uncovered = [
        key
        for key, target in targets.items()
        if (check := queries.decomposition(target)) is not None and not check.covered
    ]
    assert uncovered == [SHORT_KEY]

    # -- a living campaign: new starts near their 序时, investment behind it, districts apart
    new_starts = queries.progress(targets["new_starts"].indicator, city, today)
    assert Decimal("0.85") < new_starts.schedule_rate < Decimal("1.25")
    investment = queries.progress(targets["investment"].indicator, city, today)
    assert Decimal("0.6") < investment.schedule_rate < Decimal("1.1")
    gdp = queries.progress(targets["gdp"].indicator, city, today)
    if months_covered(today):
        assert Decimal(4) < gdp.growth < Decimal(8)
    if months_covered(today) >= 10:
        assert Decimal(100_000_000) < gdp.actual < Decimal(135_000_000)  # 1—10月 about 1.05万亿元
    ranking = queries.ranking(targets["new_starts"].indicator, city, today)
    assert len(ranking.rows) == 13 and len({row.rank for row in ranking.rows}) >= 2

    # -- the assessment
    scheme = AssessmentScheme.objects.get(year=year, region=city, name="泉州市“抓项目促发展”年度考核")
    assert scheme.total_weight == 100 and scheme.items.count() == len(SCHEME_ITEMS)
    scores = queries.assess(scheme, today)
    assert len(scores) == 13 and len({score.rank for score in scores}) > 5
    assert all(len(score.items) == len(SCHEME_ITEMS) for score in scores)
