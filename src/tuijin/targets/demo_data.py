"""Reference data of the targets demo (no database): the hand-entered economic indicators and their monthly figures,
the city's targets as 泉州市 sets them, their decomposition to the districts, counties and zones, and the year's
assessment scheme.

``demo.py`` reads the demo's projects for the decomposition weights and writes everything.

The economic figures are invented but of Quanzhou's size: 地区生产总值 about 1.3万亿元 a year (1—10月 about 1.05万亿
元), 规上工业增加值 about 40% of it, 社会消费品零售总额 about 3 000亿元, growth between 4% and 8%. They are drawn
from a generator seeded with the year, all twelve months every time, so a month's figure never changes when the
demo runs again later in the year; the city's figure is the sum of its districts' (its growth follows from them).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from tuijin.core.money import quantize_half_up
from tuijin.targets.choices import AdjustmentKind, ScoreRule, TargetKind, Unit

CITY_CODE = "350500"
WAN_PER_YI = Decimal(10000)


@dataclass(frozen=True)
class ManualIndicator:
    key: str
    name: str
    unit: str
    cumulative: bool
    order: int
    description: str


MANUAL_INDICATORS: list[ManualIndicator] = [
    ManualIndicator(
        "gdp", "地区生产总值", Unit.MONEY, True, 200,
        "地区生产总值（现价），年初至报告期累计，统计部门快报口径；增速按可比价以外的现价计算，仅供演示。",
    ),
    ManualIndicator(
        "industry_value_added", "规上工业增加值", Unit.MONEY, True, 210,
        "规模以上工业增加值，年初至报告期累计。",
    ),
    ManualIndicator(
        "fai_growth", "固定资产投资增速", Unit.PERCENT, False, 220,
        "固定资产投资（不含农户）年初至报告期累计同比增速（%），统计部门口径。",
    ),
    ManualIndicator(
        "retail_sales", "社会消费品零售总额", Unit.MONEY, True, 230,
        "社会消费品零售总额，年初至报告期累计。",
    ),
]  # fmt: skip

# Each month's share of a year's output (January–February carry the Spring Festival, December the year-end rush).
MONTH_WEIGHTS = [
    Decimal(w) for w in ("0.074", "0.060", "0.083", "0.080", "0.082", "0.088", "0.081", "0.082", "0.088", "0.082")
] + [Decimal("0.088"), Decimal("0.112")]


@dataclass(frozen=True)
class Economy:
    """A region's last-year output in 亿元 and this year's growth in percent, with its growth targets (percent) and
    its 固定资产投资增速 target (a level in percent)."""

    gdp: int
    industry: int
    retail: int
    fai: int
    gdp_growth: str
    industry_growth: str
    retail_growth: str
    fai_growth: str
    fai_growth_last_year: str
    gdp_target: str
    industry_target: str
    retail_target: str
    fai_target: str


# Last year's 地区生产总值 adds up to about 12 400亿元; growth this year between 4% and 8% (some districts ahead of
# their targets, some behind).
ECONOMY: dict[str, Economy] = {
    # code: GDP, 规上工业, 社零, 固投 (亿元); growth GDP, 工业, 社零, 固投, 固投上年; targets GDP, 工业, 社零, 固投
    "350502": Economy(760, 150, 420, 230, "4.2", "3.6", "5.2", "3.5", "4.8", "5.0", "4.5", "6.0", "6"),  # 鲤城区
    "350503": Economy(950, 140, 570, 300, "5.1", "5.4", "6.4", "6.0", "5.6", "5.5", "5.5", "6.5", "7"),  # 丰泽区
    "350504": Economy(390, 175, 80, 190, "6.8", "7.9", "5.1", "9.8", "8.1", "6.5", "7.5", "5.5", "10"),  # 洛江区
    "350505": Economy(680, 410, 100, 330, "7.4", "8.6", "4.8", "12.4", "10.2", "7.0", "8.0", "5.5", "12"),  # 泉港区
    "350521": Economy(1100, 495, 220, 420, "6.1", "6.9", "5.9", "8.9", "7.5", "6.5", "7.0", "6.0", "10"),  # 惠安县
    "350524": Economy(940, 330, 205, 300, "5.6", "6.2", "6.3", "7.2", "6.6", "6.0", "6.5", "6.0", "8"),  # 安溪县
    "350525": Economy(480, 190, 120, 160, "4.6", "5.0", "5.5", "5.1", "6.3", "5.5", "6.0", "6.0", "7"),  # 永春县
    "350526": Economy(420, 190, 85, 150, "5.9", "7.1", "6.0", "8.5", "7.0", "6.0", "7.0", "6.0", "9"),  # 德化县
    "350581": Economy(1080, 430, 380, 280, "5.3", "5.9", "6.8", "6.6", "5.9", "5.5", "6.0", "6.5", "8"),  # 石狮市
    "350582": Economy(3300, 1650, 830, 900, "5.8", "6.6", "6.2", "9.1", "7.8", "6.0", "7.0", "6.0", "9"),  # 晋江市
    "350583": Economy(1500, 675, 375, 480, "4.9", "5.3", "5.4", "7.7", "6.9", "5.5", "6.0", "6.0", "8"),  # 南安市
    "350500Z01": Economy(280, 180, 28, 170, "7.9", "9.2", "4.5", "13.5", "11.0", "7.5", "8.5", "5.0", "12"),  # 开发区
    "350500Z02": Economy(520, 235, 62, 310, "6.5", "7.8", "7.0", "10.2", "9.4", "7.0", "8.0", "6.5", "12"),  # 台商区
}

# Within a year a month's figure wanders around the region's growth by up to this many points, and last year's
# monthly figure around its share by up to this fraction.
GROWTH_NOISE = 1.2
SHARE_NOISE = 0.03


@dataclass(frozen=True)
class EntrySpec:
    key: str
    region_code: str
    month: int
    value: Decimal
    previous: Decimal | None
    note: str = ""


def _monthly(rng: random.Random, annual_yi: int, growth: str) -> tuple[list[int], list[int]]:
    """Last year's and this year's figure of each month, in whole 万元."""
    last, this = [], []
    for weight in MONTH_WEIGHTS:
        before = (
            Decimal(annual_yi) * WAN_PER_YI * weight * (1 + Decimal(str(round(rng.uniform(-1, 1) * SHARE_NOISE, 4))))
        )
        rate = Decimal(growth) + Decimal(str(round(rng.uniform(-1, 1) * GROWTH_NOISE, 3)))
        last.append(int(quantize_half_up(before, 0)))
        this.append(int(quantize_half_up(before * (1 + rate / 100), 0)))
    return last, this


def _cumulative(values: list[int]) -> list[int]:
    sums, running = [], 0
    for value in values:
        running += value
        sums.append(running)
    return sums


def _growth(current: int, previous: int) -> Decimal:
    return quantize_half_up(Decimal(current - previous) * 100 / Decimal(previous), 1)


def build_entries(year: int, months: int) -> list[EntrySpec]:
    """The 1—m月 figures of months 1 to ``months`` of ``year`` for every region of ``ECONOMY`` and for the city."""
    rng = random.Random(f"tuijin-targets-demo-{year}")
    # key → region → (last year's, this year's) cumulative figures of the twelve months
    series: dict[str, dict[str, tuple[list[int], list[int]]]] = {}
    last_year_fai: dict[str, Decimal] = {}
    for code, economy in ECONOMY.items():
        for key, annual, growth in (
            ("gdp", economy.gdp, economy.gdp_growth),
            ("industry_value_added", economy.industry, economy.industry_growth),
            ("retail_sales", economy.retail, economy.retail_growth),
            ("fai", economy.fai, economy.fai_growth),
        ):
            last, this = _monthly(rng, annual, growth)
            series.setdefault(key, {})[code] = (_cumulative(last), _cumulative(this))
        last_year_fai[code] = Decimal(economy.fai_growth_last_year)
    entries: list[EntrySpec] = []
    for key in ("gdp", "industry_value_added", "retail_sales", "fai"):
        by_region = series[key]
        city_last = [sum(by_region[code][0][m] for code in by_region) for m in range(12)]
        city_this = [sum(by_region[code][1][m] for code in by_region) for m in range(12)]
        rows = [(CITY_CODE, city_last, city_this)] + [(code, *by_region[code]) for code in by_region]
        for code, last, this in rows:
            for month in range(1, months + 1):
                before, now = last[month - 1], this[month - 1]
                if key != "fai":
                    entries.append(EntrySpec(key, code, month, Decimal(now), Decimal(before)))
                    continue
                # 固定资产投资增速: the rate itself; last year's rate of the same period goes in the note.
                base = _city_fai_last_year() if code == CITY_CODE else last_year_fai[code]
                previous = quantize_half_up(base + Decimal(month - 6) / 10, 1)
                note = f"上年同期增长{previous}%"
                entries.append(EntrySpec("fai_growth", code, month, _growth(now, before), None, note))
    return entries


def _city_fai_last_year() -> Decimal:
    """Last year's 固定资产投资增速 of the city: the districts' weighted by their investment."""
    total = sum(Decimal(e.fai) for e in ECONOMY.values())
    return sum(Decimal(e.fai) * Decimal(e.fai_growth_last_year) for e in ECONOMY.values()) / total


# --- targets ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CityTarget:
    """A target of the city. ``weights`` names what its level is decomposed by (``demo.Weights``); a growth or
    percent target is set per district from ``ECONOMY`` (or the same for all) instead."""

    key: str
    kind: str
    value: Decimal
    note: str
    weights: str = ""
    step: Decimal = Decimal(1)


# As 泉州市 sets them for the year ("抓项目、促发展"); 新签约项目投资总额1万亿元 and 100个20亿元以上项目 are the
# attraction app's targets, copied into this app (``mirror``).
CITY_TARGETS: list[CityTarget] = [
    CityTarget("new_starts", TargetKind.LEVEL, Decimal(200), "新开工重点项目200个以上", "starts"),
    CityTarget("completions", TargetKind.LEVEL, Decimal(150), "新建成（竣工投用）重点项目150个以上", "completions"),
    CityTarget("investment", TargetKind.LEVEL, Decimal(21680000), "重点项目完成投资2168亿元", "plan", WAN_PER_YI),
    CityTarget("land_solved", TargetKind.LEVEL, Decimal(100), "解决100个以上重点项目用地报批难题", "projects"),
    CityTarget("relocation_solved", TargetKind.LEVEL, Decimal(100), "解决100个以上重点项目征迁难题", "projects"),
    CityTarget("grid_solved", TargetKind.LEVEL, Decimal(50), "解决50个以上重点项目电网迁改难题", "projects"),
    CityTarget("start_rate", TargetKind.LEVEL, Decimal(50), "签约项目开工率50%以上"),
    CityTarget("gdp", TargetKind.GROWTH, Decimal("5.5"), "地区生产总值增长5.5%"),
    CityTarget("industry_value_added", TargetKind.GROWTH, Decimal("6.5"), "规上工业增加值增长6.5%"),
    CityTarget("retail_sales", TargetKind.GROWTH, Decimal(6), "社会消费品零售总额增长6%"),
    CityTarget("fai_growth", TargetKind.LEVEL, Decimal(8), "固定资产投资增长8%"),
]

# One decomposition is left short on purpose, so the warning "分解未覆盖" shows: the districts' 电网迁改 targets add up
# to 48 of the city's 50.
SHORT_KEY, SHORT_BY = "grid_solved", Decimal(2)
PART_NOTE = "按市级目标分解"


def district_value(target: CityTarget, economy: Economy) -> Decimal:
    """A district's target of a growth or percent indicator."""
    field = {
        "gdp": economy.gdp_target,
        "industry_value_added": economy.industry_target,
        "retail_sales": economy.retail_target,
        "fai_growth": economy.fai_target,
    }.get(target.key)
    return Decimal(field) if field is not None else target.value


def decompose(
    total: Decimal, weights: dict[str, Decimal], step: Decimal, short: Decimal = Decimal(0)
) -> dict[str, Decimal]:
    """``total`` split in proportion to ``weights`` into multiples of ``step`` (at least one step each; equal parts
    when no weight is positive). Each part is rounded up, so the parts cover the whole; with ``short``, the parts
    add up to exactly ``total - short`` instead (largest remainders), a decomposition that falls short."""
    codes = sorted(weights)
    if sum(weights.values(), Decimal(0)) <= 0:
        weights = dict.fromkeys(codes, Decimal(1))
    weight_total = sum(weights.values(), Decimal(0))
    goal = total - short
    quotas = {code: goal * weights[code] / (weight_total * step) for code in codes}  # in steps
    if not short:
        return {code: max(Decimal(1), quotas[code].to_integral_value(ROUND_CEILING)) * step for code in codes}
    steps = {code: max(Decimal(1), quotas[code].to_integral_value(ROUND_FLOOR)) for code in codes}
    by_remainder = sorted(codes, key=lambda code: (steps[code] - quotas[code], code))
    missing = int(goal / step - sum(steps.values()))
    for code in by_remainder[: max(missing, 0)]:
        steps[code] += 1
    while sum(steps.values()) * step > goal and any(value > 1 for value in steps.values()):
        steps[max(codes, key=lambda code: (steps[code], code))] -= 1  # the one-step minimums overshot
    return {code: steps[code] * step for code in codes}


# --- assessment ------------------------------------------------------------------------------------------------------

SCHEME_NAME = "“抓项目促发展”年度考核"
SCHEME_NOTE = (
    "按序时完成率计分的指标封顶120%；20亿元以上项目数按排名计分；用地报批难题解决数达到序时目标得满分；"
    "地区生产总值按增速与目标增速之比计分。记功嘉奖、通报批评按事项加减分。"
)


@dataclass(frozen=True)
class ItemSpec:
    key: str
    weight: Decimal
    rule: str
    cap: Decimal = Decimal("1.20")


SCHEME_ITEMS: list[ItemSpec] = [
    ItemSpec("investment", Decimal(25), ScoreRule.LINEAR),
    ItemSpec("new_starts", Decimal(15), ScoreRule.LINEAR),
    ItemSpec("completions", Decimal(10), ScoreRule.LINEAR),
    ItemSpec("signed_amount", Decimal(20), ScoreRule.LINEAR),
    ItemSpec("big_projects", Decimal(10), ScoreRule.RANK),
    ItemSpec("land_solved", Decimal(10), ScoreRule.REACHED),
    ItemSpec("gdp", Decimal(10), ScoreRule.LINEAR),
]


@dataclass(frozen=True)
class AdjustmentSpec:
    region_code: str
    month: int
    day: int
    kind: str
    points: Decimal
    reason: str


# Written once their day has come (a date may not be in the future).
ADJUSTMENTS: list[AdjustmentSpec] = [
    AdjustmentSpec(
        "350582", 4, 16, AdjustmentKind.BONUS, Decimal(2), "记功嘉奖（一季度省重点项目提前开工，全市“开门红”第一）"
    ),
    AdjustmentSpec("350504", 8, 12, AdjustmentKind.PENALTY, Decimal(1), "通报批评（重点项目用地报批推进滞后）"),
]
