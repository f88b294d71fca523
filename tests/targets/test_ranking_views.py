"""The 晾晒比拼 page: public to every signed-in user, ties sharing a rank, the last places marked, the change since the
previous 晾晒, the `by` switch, the composite ranking of an assessment scheme, and an Excel export equal to the page.

Data: a hand-entered indicator (固定资产投资, 万元, month basis) as of 2022-10-31, so 序时进度 T = 10/12.
"""

from __future__ import annotations

import datetime
import io
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tuijin.core.models import Region, User
from tuijin.targets.choices import AdjustmentKind, ScoreRule, Source, Unit
from tuijin.targets.indicators import COMPUTED
from tuijin.targets.models import (
    AssessmentAdjustment,
    AssessmentItem,
    AssessmentScheme,
    Indicator,
    IndicatorEntry,
    Target,
)

pytestmark = pytest.mark.django_db
D = datetime.date
URL = reverse("targets:ranking")
AS_OF = "2022-10-31"
# region: (target, 1—10月, 1—9月) in 万元
FIGURES = {
    "350582": ("10000000", "9000000", "1000000"),  # 晋江 900亿 of 1000亿: 序时完成率 108.00%
    "350583": ("10000000", "7500000", None),  # 南安 90.00%
    "350581": ("10000000", "7500000", None),  # 石狮 90.00%, tied with 南安
    "350502": ("4000000", "5000000", None),  # 鲤城 500亿 of 400亿: 150.00%
    "350503": ("10000000", "2500000", "2000000"),  # 丰泽 30.00%, first in September
}


def make_indicator(key: str = "fai", name: str = "固定资产投资", unit: str = Unit.MONEY) -> Indicator:
    indicator = Indicator(key=key, name=name, unit=unit, source=Source.MANUAL, order=1)
    indicator.full_clean()
    indicator.save()
    return indicator


def add_entry(indicator: Indicator, code: str, value: str, month: int, year: int = 2022) -> None:
    entry = IndicatorEntry(
        indicator=indicator, region=Region.objects.get(code=code), year=year, month=month, value=Decimal(value)
    )
    entry.full_clean()
    entry.save()


def add_target(indicator: Indicator, code: str, value: str, year: int = 2022) -> None:
    target = Target(indicator=indicator, region=Region.objects.get(code=code), year=year, value=Decimal(value))
    target.full_clean()
    target.save()


@pytest.fixture
def fai(regions: dict[str, Region]) -> Indicator:
    indicator = make_indicator()
    for code, (target, october, september) in FIGURES.items():
        add_target(indicator, code, target)
        add_entry(indicator, code, october, 10)
        if september:
            add_entry(indicator, code, september, 9)
    return indicator


def page(client: Client, hx_target: str = "", **params: Any) -> str:
    headers = {"HX-Request": "true", "HX-Target": hx_target} if hx_target else {}
    response = client.get(URL, params, headers=headers)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def rows(html: str) -> dict[str, dict[str, str]]:
    """The table's cells by region code and data-col (text without tags), plus the row's class."""
    result = {}
    for code, attrs, body in re.findall(r'<tr data-region="([^"]+)"([^>]*)>(.*?)</tr>', html, re.S):
        cells = {col: re.sub(r"<[^>]+>", "", text).strip() for col, text in re.findall(
            r'data-col="([^"]+)"[^>]*>(.*?)</t[dh]>', body, re.S
        )}  # fmt: skip
        cells["class"] = attrs
        result[code] = cells
    return result


def chart_data(html: str) -> dict[str, Any]:
    match = re.search(r'<script id="ranking-chart-data" type="application/json">(.*?)</script>', html, re.S)
    assert match
    return json.loads(match.group(1))


def workbook_rows(response: Any) -> list[tuple]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def test_it_ranks_a_district_users_city_by_default(client: Client, reporter_jj: User, fai: Indicator) -> None:
    """A 晋江 reporter sees 泉州市's districts (not only 晋江), ranked by the value when not every region has a target;
    ties share a rank and the next rank skips; the last two ranked places are marked."""
    client.force_login(reporter_jj)
    html = page(client, as_of=AS_OF, last=2)
    assert "固定资产投资 · 泉州市 · 截至2022年10月31日" in html
    table = rows(html)
    ranked = {code: table[code]["rank"] for code in FIGURES}
    assert ranked == {"350582": "1", "350583": "2", "350581": "2", "350502": "4", "350503": "5"}
    assert table["350504"]["rank"] == "—" and table["350500Z01"]["rank"] == "—"  # no figure, no rank
    jj = table["350582"]
    assert (jj["actual"], jj["target"], jj["completion"], jj["schedule"], jj["gap"]) == (
        "900.00", "1,000.00", "90.00%", "108.00%", "+6.67",
    )  # fmt: skip
    assert [code for code, cells in table.items() if "rank-last" in cells["class"]] == ["350502", "350503"]
    assert table["350503"]["last"] == "末位" and table["350582"]["last"] == ""
    # 较上期 (1—9月): 丰泽 led September and fell to fifth, 晋江 rose from second.
    assert "较上期" in html and "2022年9月30日" in html
    assert (jj["change"], table["350503"]["change"], table["350583"]["change"]) == ("↑1", "↓4", "—")
    assert re.search(r'class="rank-down" data-col="change">↓4<', html)
    # Each 实际完成 links to the entries behind it.
    link = f"{reverse('targets:entry_list')}?indicator=fai&amp;year=2022&amp;region_exact=350582"
    assert f'<a href="{link}">900.00</a>' in html
    # The chart data lists the ranked regions in rank order, the last places flagged.
    chart = chart_data(html)
    assert chart["regions"] == ["晋江市", "石狮市", "南安市", "鲤城区", "丰泽区"]  # ties by code
    assert chart["values"] == ["900.00", "750.00", "750.00", "500.00", "250.00"]
    assert chart["last"] == [False, False, False, True, True]


def test_a_foreign_city_user_sees_the_same_figures(client: Client, dispatcher_fz: User, fai: Indicator) -> None:
    client.force_login(dispatcher_fz)
    assert "福州市 · 截至" in page(client, as_of=AS_OF)  # their own city by default
    table = rows(page(client, region="350500", as_of=AS_OF))
    assert table["350582"]["actual"] == "900.00" and table["350582"]["rank"] == "1"


def test_a_computed_figure_links_to_its_source_rows(client: Client, admin_user: User, fai: Indicator) -> None:
    client.force_login(admin_user)
    assert "福州市 · 截至" in page(client, as_of=AS_OF)  # the administrator starts at the first city
    html = page(client, region="350500", indicator="signed_amount", as_of=AS_OF)
    assert "新签约项目投资总额 · 泉州市" in html
    jj = Region.objects.get(code="350582")
    link = COMPUTED["signed_amount"].drill(jj, 2022, D(2022, 10, 31)).replace("&", "&amp;")
    assert f'data-col="actual"><a href="{link}">' in html


def test_it_needs_a_region_with_districts_and_a_known_indicator(
    client: Client, leader_qz: User, fai: Indicator
) -> None:
    client.force_login(leader_qz)
    assert client.get(URL, {"region": "350582"}).status_code == 404  # 晋江 has no districts to compare
    assert client.get(URL, {"indicator": "no_such"}).status_code == 404
    client.logout()
    assert client.get(URL).status_code == 302  # sign-in first


def test_the_by_switch_ranks_on_the_schedule_rate(client: Client, dispatcher_qz: User, fai: Indicator) -> None:
    client.force_login(dispatcher_qz)
    html = page(client, as_of=AS_OF, by="schedule", last=2, hx_target="ranking-body")
    assert "<html" not in html and 'data-testid="ranking-form"' in html  # the htmx swap: the body alone
    assert "排序依据：序时完成率" in html
    table = rows(html)
    ranked = {code: table[code]["rank"] for code in FIGURES}
    assert ranked == {"350502": "1", "350582": "2", "350583": "3", "350581": "3", "350503": "5"}
    # Five ranked, the last two places: 丰泽 (5th) and the tie for 3rd that reaches into them, marked as a whole.
    assert sorted(code for code, cells in table.items() if "rank-last" in cells["class"]) == [
        "350503",
        "350581",
        "350583",
    ]
    assert table["350502"]["schedule"] == "150.00%" and table["350503"]["gap"] == "-58.33"
    assert 'data-by="schedule"' in html
    html = page(client, as_of=AS_OF, by="completion")
    assert rows(html)["350502"]["completion"] == "125.00%" and "排序依据：目标完成率" in html


def test_the_export_equals_the_page(client: Client, leader_fz: User, fai: Indicator) -> None:
    client.force_login(leader_fz)
    params = {"region": "350500", "as_of": AS_OF, "by": "schedule", "last": "2"}
    table = rows(page(client, **params))
    sheet = workbook_rows(client.get(URL, {**params, "format": "xlsx"}))
    assert sheet[0][0] == "晾晒比拼：固定资产投资（截至2022年10月31日）"
    assert sheet[1] == (
        "名次", "区域", "实际完成（亿元）", "目标（亿元）", "完成率（%）", "序时完成率（%）", "超（慢）序时（百分点）",
        "较上期", "末位",
    )  # fmt: skip
    names = {region.name: region.code for region in Region.objects.filter(code__in=table)}
    assert len(sheet) == 2 + len(table) == 2 + 13
    for rank, name, actual, target, completion, schedule, gap, _change, last in sheet[2:]:
        cells = table[names[name]]
        assert cells["rank"] == ("—" if rank is None else str(rank))
        for number, text in ((actual, cells["actual"]), (target, cells["target"])):
            assert text == ("—" if number is None else f"{Decimal(str(number)):,.2f}")
        for number, text in ((completion, cells["completion"]), (schedule, cells["schedule"])):
            assert text == ("—" if number is None else f"{Decimal(str(number)):.2f}%")
        assert cells["gap"] == ("—" if gap is None else f"{Decimal(str(gap)):+.2f}".replace("+-", "-"))
        assert (last or "") == cells["last"]
        assert isinstance(rank, (int, type(None))) and isinstance(actual, (int, float, type(None)))
    first = sheet[2]
    assert first[:2] == (1, "鲤城区") and first[5] == 150 and first[7] is None  # no September figure, no change


def test_a_scheme_ranks_by_its_total(client: Client, reporter_jj: User, fai: Indicator) -> None:
    """综合: the scheme's scores ranked on the total; the linear item is capped at 1.2 × its weight, a bonus dated
    after the as-of date does not count yet."""
    city = Region.objects.get(code="350500")
    scheme = AssessmentScheme.objects.create(year=2022, region=city, name="项目攻坚考核", last_places=8)
    item = AssessmentItem.objects.create(scheme=scheme, indicator=fai, weight=Decimal("50"), rule=ScoreRule.LINEAR)
    AssessmentAdjustment.objects.create(
        scheme=scheme, region=Region.objects.get(code="350503"), on=D(2022, 11, 15), kind=AdjustmentKind.BONUS,
        points=Decimal("30"), reason="记功嘉奖",
    )  # fmt: skip
    client.force_login(reporter_jj)  # the scheme's page is not theirs, the ranking is
    assert client.get(scheme.get_absolute_url()).status_code == 404
    html = page(client, scheme=scheme.pk, as_of=AS_OF)
    assert "综合（2022年项目攻坚考核）" in html and "查看考核方案" not in html
    table = rows(html)
    # 鲤城 150% → capped 1.2 × 50 = 60; 晋江 108% → 54; 南安, 石狮 90% → 45; 丰泽 30% → 15 (its bonus is November's).
    totals = {code: (table[code]["rank"], table[code][f"item-{item.pk}"], table[code]["total"]) for code in FIGURES}
    assert totals == {
        "350502": ("1", "60.00", "60.00"),
        "350582": ("2", "54.00", "54.00"),
        "350583": ("3", "45.00", "45.00"),
        "350581": ("3", "45.00", "45.00"),
        "350503": ("5", "15.00", "15.00"),
    }
    assert 'title="完成比 120.00%"' not in html and 'title="完成比 150.00%"' in html
    # The eight regions without figures score 0 and share rank 6, the last eight places (the scheme marks eight).
    assert table["350504"]["rank"] == "6" and "rank-last" in table["350504"]["class"]
    assert "rank-last" not in table["350503"]["class"]
    sheet = workbook_rows(client.get(URL, {"scheme": scheme.pk, "as_of": AS_OF, "format": "xlsx"}))
    assert sheet[0][0] == "晾晒比拼：综合（2022年项目攻坚考核）（截至2022年10月31日）"
    assert sheet[1][:3] == ("名次", "区域", "固定资产投资（50分）")
    assert sheet[2][:3] == (1, "鲤城区", 60) and sheet[2][-3] == 60
    # At year end the bonus counts: 丰泽 15 + 30 = 45 (T = 1 now: 250亿 of 1000亿 is 25% → 12.5 + 30).
    table = rows(page(client, scheme=scheme.pk, as_of="2022-12-31"))
    assert table["350503"]["bonus"] == "30.00" and table["350503"]["total"] == "42.50"
