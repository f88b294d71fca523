"""The list of assessment schemes, the score table of a scheme (考核得分) and the figures both the scores and the
晾晒 table show.

A figure is rounded once, here, to the number the page shows (亿元 for money, 2 decimals; rates as percentages);
the page prints that number and the Excel export writes the same number, so the two cannot disagree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import django_tables2 as tables
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tuijin.core.money import NONE_DISPLAY, quantize_half_up
from tuijin.targets import queries
from tuijin.targets.choices import TargetKind
from tuijin.targets.formatting import (
    change_mark,
    display_unit,
    growth_target_text,
    number_text,
    percent_number,
    value_number,
)
from tuijin.targets.models import AssessmentItem, AssessmentScheme, Indicator, Target

NUMERIC = {"td": {"class": "num"}, "th": {"class": "num"}}
HUNDRED = Decimal(100)


# --- figures as shown ------------------------------------------------------------------------------------------------


def shown(value: Decimal | None, places: int = 2) -> Decimal | None:
    return None if value is None else quantize_half_up(value, places)


def percent_text(number: Decimal | None) -> str:
    return NONE_DISPLAY if number is None else f"{number:f}%"


def yoy_text(growth: Decimal | None) -> str:
    """同比 (in percent) to one decimal, DOMAIN.md §10: 同比+10.0%."""
    if growth is None:
        return NONE_DISPLAY
    number = quantize_half_up(growth, 1)
    return gettext("同比%(sign)s%(value)s%%") % {"sign": "+" if number > 0 else "", "value": f"{number:f}"}


def target_cell(indicator: Indicator, target: Target | None) -> Decimal | str | None:
    """A level target as a number in the shown unit; a growth target as its text (增长17.5%)."""
    if target is None:
        return None
    if target.kind == TargetKind.GROWTH:
        return growth_target_text(target.value)
    return value_number(indicator, target.value)


def weight_text(weight: Decimal) -> str:
    """Points as written in a scheme: 60, 7.5."""
    number = quantize_half_up(weight, 2)
    return f"{number.normalize():f}"


def cell_text(value: Decimal | int | str | None) -> str:
    return value if isinstance(value, str) else number_text(value)


# --- the scheme list -------------------------------------------------------------------------------------------------


class SchemeTable(tables.Table):
    year = tables.Column(verbose_name=_("年度"))
    region = tables.Column(verbose_name=_("考核范围"), order_by=("region__path",))
    name = tables.Column(verbose_name=_("方案名称"), linkify=True)
    item_count = tables.Column(verbose_name=_("指标数"), attrs=NUMERIC)
    weight_total = tables.Column(verbose_name=_("总分值"), attrs=NUMERIC)

    class Meta:
        model = AssessmentScheme
        fields = ["year", "region", "name", "item_count", "weight_total"]
        order_by = ["-year", "region", "name"]

    def render_weight_total(self, value: Decimal | None) -> str:
        return number_text(shown(value or Decimal(0)))


# --- the score table -------------------------------------------------------------------------------------------------


@dataclass
class ItemCell:
    """One item's figures for one region, as shown."""

    item: AssessmentItem
    score: Decimal
    ratio: Decimal | None  # percent
    actual: Decimal | None
    target: Decimal | str | None

    @property
    def unit(self) -> str:
        return display_unit(self.item.indicator)

    @property
    def score_text(self) -> str:
        return number_text(self.score)

    @property
    def title(self) -> str:
        return gettext("完成比 %(ratio)s") % {"ratio": percent_text(self.ratio)}

    @property
    def ratio_text(self) -> str:
        return percent_text(self.ratio)

    @property
    def actual_text(self) -> str:
        return number_text(self.actual)

    @property
    def target_text(self) -> str:
        return cell_text(self.target)


@dataclass
class ScoreRow:
    score: queries.RegionScore
    cells: list[ItemCell]
    bonus: Decimal
    penalty: Decimal
    total: Decimal
    last: bool
    previous_rank: int | None = None

    @property
    def region(self) -> object:
        return self.score.region

    @property
    def rank(self) -> int | None:
        return self.score.rank

    @property
    def change(self) -> int | None:
        if self.rank is None or self.previous_rank is None:
            return None
        return self.previous_rank - self.rank

    @property
    def change_mark(self) -> tuple[str, str]:
        return change_mark(self.change)

    @property
    def bonus_text(self) -> str:
        return number_text(self.bonus)

    @property
    def penalty_text(self) -> str:
        return number_text(self.penalty)

    @property
    def total_text(self) -> str:
        return number_text(self.total)


@dataclass
class ScoreTable:
    """The scores of a scheme at a date: one row per assessed region in rank order, one column per item."""

    scheme: AssessmentScheme
    as_of: datetime.date
    items: list[AssessmentItem]
    rows: list[ScoreRow] = field(default_factory=list)
    previous_as_of: datetime.date | None = None

    @property
    def item_headers(self) -> list[tuple[AssessmentItem, str]]:
        """The score column of each item: 固定资产投资（60分）."""
        return [
            (
                item,
                gettext("%(name)s（%(weight)s分）") % {"name": item.indicator.name, "weight": weight_text(item.weight)},
            )
            for item in self.items
        ]


def score_table(
    scheme: AssessmentScheme,
    as_of: datetime.date,
    *,
    last_places: int | None = None,
    previous_as_of: datetime.date | None = None,
) -> ScoreTable:
    """``queries.assess`` of the scheme at ``as_of`` as shown; with ``previous_as_of`` also the ranks at that date
    (较上期), with ``last_places`` another number of marked last places than the scheme's."""
    items = list(scheme.items.select_related("indicator").order_by("order", "pk"))
    scores = queries.assess(scheme, as_of)
    previous: dict[int, int | None] = {}
    if previous_as_of is not None:
        previous = {score.region.pk: score.rank for score in queries.assess(scheme, previous_as_of)}
    places = scheme.last_places if last_places is None else last_places
    marks = queries.last_marks([score.rank for score in scores], places)
    table = ScoreTable(scheme, as_of, items, previous_as_of=previous_as_of)
    for score, last in zip(scores, marks, strict=True):
        by_item = {item_score.item.pk: item_score for item_score in score.items}
        cells = []
        for item in items:
            item_score = by_item[item.pk]
            progress = item_score.progress
            cells.append(
                ItemCell(
                    item,
                    quantize_half_up(item_score.score, 2),
                    percent_number(item_score.ratio),
                    value_number(item.indicator, progress.actual),
                    target_cell(item.indicator, progress.target),
                )
            )
        table.rows.append(
            ScoreRow(
                score,
                cells,
                quantize_half_up(score.bonus, 2),
                quantize_half_up(score.penalty, 2),
                quantize_half_up(score.total, 2),
                last,
                previous.get(score.region.pk),
            )
        )
    return table
