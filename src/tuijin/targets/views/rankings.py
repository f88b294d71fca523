"""晾晒比拼: the districts and zones of a city ranked on one indicator, or on the total of an assessment scheme (综合).

Rankings are a public comparison (DOMAIN.md §1): every signed-in user sees the same table of aggregates (rollups
over ``models.assessed_regions``), so the figures are not narrowed to the user's scope; the lists behind them are
(each 实际完成 links to its rows, which that list scopes as usual). ``?format=xlsx`` exports the page's table with
the page's numbers.

Parameters: ``region`` (the city whose districts are compared; default the city of the user's scope), ``indicator``
(key), ``scheme`` (pk; ranks by the scheme's total instead), ``as_of`` (default today), ``by`` (``RankBy``) and
``last`` (the number of last places marked).
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from openpyxl import Workbook
from openpyxl.styles import Font

from tuijin.core import generic
from tuijin.core.choices import RegionKind
from tuijin.core.models import Region
from tuijin.core.periods import TimeBasis, date_label
from tuijin.core.scope import is_admin
from tuijin.core.views import default_region, with_query
from tuijin.targets import queries
from tuijin.targets.assessment_tables import (
    ScoreTable,
    cell_text,
    percent_text,
    score_table,
    shown,
    target_cell,
    yoy_text,
)
from tuijin.targets.choices import RankBy
from tuijin.targets.formatting import change_mark, display_unit, number_text, percent_number, points_text, value_number
from tuijin.targets.indicators import figure_url
from tuijin.targets.models import AssessmentScheme, Indicator, as_of_default, assessed_regions

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFAULT_LAST_PLACES = 3
MAX_LAST_PLACES = 10


# --- request parameters --------------------------------------------------------------------------------------------


def request_as_of(request: HttpRequest) -> datetime.date | None:
    """``?as_of=YYYY-MM-DD`` (not after today); None when absent or malformed."""
    try:
        value = parse_date(request.GET.get("as_of") or "")
    except ValueError:
        value = None
    return min(value, timezone.localdate()) if value else None


def request_int(request: HttpRequest, name: str, default: int, low: int, high: int) -> int:
    text = request.GET.get(name, "")
    return max(low, min(high, int(text))) if text.isdigit() else default


def city_of(region: Region) -> Region | None:
    """The region itself or its nearest ancestor that is a city."""
    node: Region | None = region
    while node is not None:
        if node.kind == RegionKind.CITY:
            return node
        node = node.parent
    return None


def default_city(user: Any) -> Region:
    """The city of the user's scope (泉州市 for a 晋江 reporter); the first city for an administrator, a province-wide
    role or a user without a region."""
    try:
        top: Region | None = default_region(user)
    except Http404:
        top = None
    if top is not None and not is_admin(user):
        city = city_of(top)
        if city is not None:
            return city
    cities = Region.objects.filter(kind=RegionKind.CITY)
    if top is not None:
        cities = cities.filter(path__startswith=top.path)
    city = cities.order_by("path").first() or Region.objects.filter(kind=RegionKind.CITY).order_by("path").first()
    if city is None:
        raise Http404
    return city


def xlsx_response(title: str, headers: list[str], rows: list[list[Any]], name: str) -> HttpResponse:
    """One sheet: the title row, the headers, the rows (numbers stay numbers) as ``name-YYYYMMDD.xlsx``."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = name[:31]
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[sheet.cell(2, index).column_letter].width = max(10, len(header) * 2 + 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    filename = f"{name}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


# --- the indicator table ---------------------------------------------------------------------------------------------


@dataclass
class Line:
    """One row of the 晾晒 table with its figures as shown (numbers, or text for growth targets)."""

    row: queries.RankRow
    actual: Decimal | None
    actual_url: str
    target: Decimal | str | None
    completion: Decimal | str | None
    schedule: Decimal | None
    gap: Decimal | None

    @property
    def region(self) -> Region:
        return self.row.region

    @property
    def rank(self) -> int | None:
        return self.row.rank

    @property
    def last(self) -> bool:
        return self.row.last

    @property
    def change(self) -> int | None:
        return self.row.change

    @property
    def on_schedule(self) -> bool | None:
        return self.row.progress.on_schedule

    def texts(self) -> dict[str, str]:
        change, change_class = change_mark(self.change)
        return {
            "actual": number_text(self.actual),
            "target": cell_text(self.target),
            "completion": self.completion if isinstance(self.completion, str) else percent_text(self.completion),
            "schedule": percent_text(self.schedule),
            "gap": points_text(self.gap),
            "change": change,
            "change_class": change_class,
        }

    def cells(self) -> list[Any]:
        return [
            self.rank,
            self.region.name,
            self.actual,
            self.target,
            self.completion,
            self.schedule,
            self.gap,
            self.change,
            _("末位") if self.last else None,
        ]


def lines(ranking: queries.Ranking) -> list[Line]:
    indicator, as_of = ranking.indicator, ranking.as_of
    result = []
    for row in ranking.rows:
        progress = row.progress
        completion = yoy_text(progress.growth) if progress.is_growth else percent_number(progress.completion)
        result.append(
            Line(
                row,
                value_number(indicator, progress.actual),
                figure_url(indicator, row.region, as_of),
                target_cell(indicator, progress.target),
                completion,
                percent_number(progress.schedule_rate),
                shown(progress.gap_points),
            )
        )
    return result


def indicator_headers(indicator: Indicator) -> list[str]:
    unit = display_unit(indicator)
    return [
        _("名次"),
        _("区域"),
        _("实际完成（%(unit)s）") % {"unit": unit},
        _("目标（%(unit)s）") % {"unit": unit},
        _("完成率（%）"),
        _("序时完成率（%）"),
        _("超（慢）序时（百分点）"),
        _("较上期"),
        _("末位"),
    ]


# --- the page -------------------------------------------------------------------------------------------------------


class RankingView(generic.WorkbookPageMixin, LoginRequiredMixin, TemplateView):
    """The 晾晒 table of a city's districts and zones on one indicator (or a scheme's total), with a bar chart."""

    template_name = "targets/ranking.html"
    partial_template_name = "targets/partials/ranking_body.html"

    def get_template_names(self) -> list[str]:
        if self.request.htmx and self.request.htmx.target == "ranking-body":
            return [self.partial_template_name]
        return [self.template_name]

    # The parameters, read once for the page and the export.
    def compute(self) -> None:
        request = self.request
        self.scheme: AssessmentScheme | None = None
        scheme_id = request.GET.get("scheme", "")
        if scheme_id.isdigit():
            # The composite is a ranking like the others: any signed-in user may see it, whatever the scheme's scope.
            self.scheme = get_object_or_404(AssessmentScheme.objects.select_related("region"), pk=int(scheme_id))
            self.region = self.scheme.region
        elif request.GET.get("region"):
            self.region = get_object_or_404(Region, code=request.GET["region"])
        else:
            self.region = default_city(request.user)
        if not assessed_regions(self.region):
            raise Http404
        as_of = request_as_of(request)
        if self.scheme is not None:
            year = self.scheme.year
            self.as_of = as_of if as_of is not None and as_of.year == year else as_of_default(year)
        else:
            self.as_of = as_of or timezone.localdate()
        default_last = self.scheme.last_places if self.scheme is not None else DEFAULT_LAST_PLACES
        self.last = request_int(request, "last", default_last, 0, MAX_LAST_PLACES)
        by = request.GET.get("by", "")
        self.by = by if by in RankBy.values else None
        self.indicators = list(queries.active_indicators())
        self.indicator = self.choose_indicator()
        self.ranking: queries.Ranking | None = None
        self.scores: ScoreTable | None = None
        if self.scheme is not None:
            # 较上期 of the composite: the end of the month before the last ended one, as for a month-basis indicator.
            previous = queries.previous_as_of(Indicator(time_basis=TimeBasis.MONTH), self.as_of)
            self.scores = score_table(self.scheme, self.as_of, last_places=self.last, previous_as_of=previous)
        elif self.indicator is not None:
            self.ranking = queries.ranking(self.indicator, self.region, self.as_of, by=self.by, last_places=self.last)

    def choose_indicator(self) -> Indicator | None:
        """``?indicator=KEY`` among the active indicators (404 for another key, unless a scheme is ranked); default
        the first active indicator with targets in the city that year, else the first active one."""
        key = self.request.GET.get("indicator")
        if key:
            for indicator in self.indicators:
                if indicator.key == key:
                    return indicator
            if self.scheme is None:
                raise Http404
        with_targets = queries.active_indicators().filter(
            targets__year=self.as_of.year, targets__region__path__startswith=self.region.path
        )
        return with_targets.first() or (self.indicators[0] if self.indicators else None)

    @property
    def subject(self) -> str:
        if self.scheme is not None:
            return _("综合（%(scheme)s）") % {"scheme": self.scheme}
        return self.indicator.name if self.indicator is not None else ""

    def query(self, **changes: Any) -> str:
        params = {
            "region": self.region.code,
            "indicator": self.indicator.key if self.indicator is not None and self.scheme is None else None,
            "scheme": self.scheme.pk if self.scheme is not None else None,
            "as_of": self.as_of.isoformat(),
            "by": self.by,
            "last": self.last,
        }
        params.update(changes)
        return with_query(self.request.path, **params)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        schemes = AssessmentScheme.objects.filter(region=self.region).order_by("-year", "name")
        context.update(
            title=_("晾晒比拼"),
            subject=self.subject,
            region=self.region,
            cities=Region.objects.filter(kind=RegionKind.CITY).order_by("path"),
            indicators=self.indicators,
            indicator=self.indicator,
            schemes=schemes,
            scheme=self.scheme,
            scheme_url=(
                self.scheme.get_absolute_url()
                if self.scheme is not None
                and AssessmentScheme.objects.visible_to(user).filter(pk=self.scheme.pk).exists()
                else None
            ),
            as_of=self.as_of,
            as_of_label=date_label(self.as_of),
            by_choices=RankBy.choices,
            by=self.by or "",
            last=self.last,
            export_url=self.query(format="xlsx"),
        )
        if self.scores is not None:
            context.update(scores=self.scores, previous_as_of=self.scores.previous_as_of, chart=self.scheme_chart())
        elif self.ranking is not None:
            rows = lines(self.ranking)
            context.update(
                ranking=self.ranking,
                rows=[(line, line.texts()) for line in rows],
                headers=indicator_headers(self.ranking.indicator),
                by_label=RankBy(self.ranking.by).label,
                previous_as_of=self.ranking.previous_as_of,
                chart=self.indicator_chart(rows),
            )
        if context.get("previous_as_of"):
            context["previous_label"] = date_label(context["previous_as_of"])
        return context

    def indicator_chart(self, rows: list[Line]) -> dict[str, Any]:
        assert self.ranking is not None
        by = self.ranking.by
        ranked = [line for line in rows if line.rank is not None]
        if by == RankBy.VALUE:
            values = [line.actual for line in ranked]
            label = f"{self.ranking.indicator.name}（{display_unit(self.ranking.indicator)}）"
        else:
            values = [line.row.value for line in ranked]
            label = _("%(by)s（%%）") % {"by": RankBy(by).label}
        return {
            "regions": [line.region.name for line in ranked],
            "values": [None if value is None else str(value) for value in values],
            "last": [line.last for line in ranked],
            "label": label,
        }

    def scheme_chart(self) -> dict[str, Any]:
        assert self.scores is not None
        return {
            "regions": [row.region.name for row in self.scores.rows],
            "values": [str(row.total) for row in self.scores.rows],
            "last": [row.last for row in self.scores.rows],
            "label": _("总分"),
        }

    def export(self) -> HttpResponse:
        title = _("晾晒比拼：%(subject)s（截至%(date)s）") % {"subject": self.subject, "date": date_label(self.as_of)}
        if self.scores is not None:
            headers = [
                _("名次"),
                _("区域"),
                *(header for _item, header in self.scores.item_headers),
                _("加分"),
                _("扣分"),
                _("总分"),
                _("较上期"),
                _("末位"),
            ]
            rows = [
                [
                    row.rank,
                    row.region.name,
                    *(cell.score for cell in row.cells),
                    row.bonus,
                    row.penalty,
                    row.total,
                    row.change,
                    _("末位") if row.last else None,
                ]
                for row in self.scores.rows
            ]
        elif self.ranking is not None:
            headers = indicator_headers(self.ranking.indicator)
            rows = [line.cells() for line in lines(self.ranking)]
        else:
            raise Http404
        return xlsx_response(title, headers, rows, _("晾晒比拼"))
