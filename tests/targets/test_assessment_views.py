"""Assessment (考核) pages: a scheme, its items and adjustments created, changed and deleted by the city's 市级调度
with history reasons; outsiders get 404; the score table at 年中 and 年底 (a linear item capped at 1.2 × its weight, a
reached item, a bonus before and a penalty after the as-of date) and its Excel export.

Data: hand-entered indicators in 2022 (month basis): at 2022-06-30 序时进度 T = 1/2.
"""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tuijin.core.models import Region, User
from tuijin.targets.choices import AdjustmentKind, ScoreRule, Source, Unit
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


def make_indicator(key: str, name: str) -> Indicator:
    indicator = Indicator(key=key, name=name, unit=Unit.MONEY, source=Source.MANUAL)
    indicator.full_clean()
    indicator.save()
    return indicator


def figures(indicator: Indicator, code: str, target: str, done: str, month: int = 6) -> None:
    region = Region.objects.get(code=code)
    Target(indicator=indicator, region=region, year=2022, value=Decimal(target)).save()
    IndicatorEntry(indicator=indicator, region=region, year=2022, month=month, value=Decimal(done)).save()


def adjust(scheme: AssessmentScheme, code: str, on: datetime.date, kind: str, points: str, reason: str) -> None:
    row = AssessmentAdjustment(
        scheme=scheme, region=Region.objects.get(code=code), on=on, kind=kind, points=Decimal(points), reason=reason
    )
    row.full_clean()
    row.save()


def scheme_form(**changes: Any) -> dict[str, Any]:
    data = {"year": "2022", "region": Region.objects.get(code="350500").pk, "name": "项目攻坚考核", "last_places": "3"}
    return {**data, "note": "", "reason": "", **changes}


def rows(html: str) -> dict[str, dict[str, str]]:
    result = {}
    for code, attrs, body in re.findall(r'<tr data-region="([^"]+)"([^>]*)>(.*?)</tr>', html, re.S):
        cells = {col: re.sub(r"<[^>]+>", "", text).strip() for col, text in re.findall(
            r'data-col="([^"]+)"[^>]*>(.*?)</t[dh]>', body, re.S
        )}  # fmt: skip
        cells["class"] = attrs
        result[code] = cells
    return result


def reasons(obj: Any) -> list[tuple[str, str]]:
    return [(record.history_type, record.history_change_reason) for record in obj.history.order_by("history_id")]


@pytest.fixture
def fai(regions: dict[str, Region]) -> Indicator:
    return make_indicator("fai", "固定资产投资")


@pytest.fixture
def gdp(regions: dict[str, Region]) -> Indicator:
    return make_indicator("gdp", "地区生产总值")


@pytest.fixture
def scheme(fai: Indicator, gdp: Indicator) -> AssessmentScheme:
    """60 points on 固定资产投资 (linear, capped at 1.2) and 40 on 地区生产总值 (reached); figures of 1—6月."""
    scheme = AssessmentScheme.objects.create(
        year=2022, region=Region.objects.get(code="350500"), name="项目攻坚考核", last_places=10
    )
    AssessmentItem.objects.create(scheme=scheme, indicator=fai, weight=Decimal("60"), rule=ScoreRule.LINEAR, order=1)
    AssessmentItem.objects.create(scheme=scheme, indicator=gdp, weight=Decimal("40"), rule=ScoreRule.REACHED, order=2)
    # 晋江 700 of 1000 at T = 1/2 is 140% → capped: 1.2 × 60 = 72; GDP 500 of 1000 is 100% → 40.
    # 石狮 600 → 120% → 72 as well; GDP 700 → 40. 南安 300 → 60% → 36; GDP 499 → 99.8% → 0.
    for code, done, gdp_done in (("350582", "7000000", "5000000"), ("350581", "6000000", "7000000"),
                                 ("350583", "3000000", "4990000")):  # fmt: skip
        figures(fai, code, "10000000", done)
        figures(gdp, code, "10000000", gdp_done)
    adjust(scheme, "350583", D(2022, 5, 1), AdjustmentKind.BONUS, "2", "记功嘉奖（省重点项目提前开工）")
    adjust(scheme, "350581", D(2022, 7, 1), AdjustmentKind.PENALTY, "5", "通报批评")
    return scheme


# ---- CRUD with history ----------------------------------------------------------------------------------------------


def test_it_creates_edits_and_deletes_a_scheme_with_reasons(
    client: Client, dispatcher_qz: User, fai: Indicator
) -> None:
    client.force_login(dispatcher_qz)
    response = client.get(reverse("targets:scheme_create"))
    assert list(response.context["form"].fields["region"].queryset.values_list("code", flat=True)) == ["350500"]
    response = client.post(reverse("targets:scheme_create"), scheme_form())
    assert response.status_code == 302, response.context["form"].errors
    scheme = AssessmentScheme.objects.get()
    assert response["Location"] == scheme.get_absolute_url()

    edit = reverse("targets:scheme_edit", args=[scheme.pk])
    response = client.post(edit, scheme_form(last_places="2", version=scheme.version))
    assert response.status_code == 200 and "请填写修改原因" in response.content.decode()
    response = client.post(edit, scheme_form(last_places="2", version=scheme.version, reason="末位按两名通报"))
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert scheme.last_places == 2
    history = client.get(scheme.get_absolute_url(), {"tab": "history"}).content.decode()
    assert "末位按两名通报" in history and "标记末位数" in history
    # A city outside the dispatcher's scope is not offered, so it cannot be chosen.
    response = client.post(edit, scheme_form(region=Region.objects.get(code="350100").pk, reason="改为福州"))
    assert response.status_code == 200 and "region" in response.context["form"].errors

    response = client.post(reverse("targets:scheme_delete", args=[scheme.pk]), {"reason": "方案作废"})
    assert response.status_code == 302 and response["Location"] == reverse("targets:scheme_list")
    assert not AssessmentScheme.objects.exists()
    assert reasons(scheme) == [("+", "新建"), ("~", "末位按两名通报"), ("-", "方案作废")]


def test_it_adds_edits_and_deletes_items_and_adjustments(
    client: Client, dispatcher_qz: User, scheme: AssessmentScheme, fai: Indicator
) -> None:
    client.force_login(dispatcher_qz)
    rate = make_indicator("rate", "投资增速")
    create = reverse("targets:scheme_item_create", args=[scheme.pk])
    data = {"indicator": rate.pk, "weight": "10", "rule": ScoreRule.LINEAR, "cap": "1.20", "order": "3", "reason": ""}
    response = client.post(create, data)
    assert response.status_code == 302 and response["Location"] == scheme.get_absolute_url()
    item = AssessmentItem.objects.get(indicator=rate)
    assert (item.scheme, item.weight) == (scheme, Decimal("10"))
    # One indicator once per scheme: the model's constraint answers on the form.
    response = client.post(create, {**data, "indicator": fai.pk})
    assert response.status_code == 200 and "该方案已有这项考核指标。" in response.content.decode()

    html = client.get(scheme.get_absolute_url()).content.decode()
    assert "总分值：110分" in html and 'data-testid="weight-warning"' in html  # a warning only

    edit = reverse("targets:scheme_item_edit", args=[item.pk])
    response = client.post(edit, {**data, "weight": "5", "version": item.version, "reason": "权重调整"})
    assert response.status_code == 302
    delete = reverse("targets:scheme_item_delete", args=[item.pk])
    assert client.post(delete, {"reason": "不再考核"})["Location"] == scheme.get_absolute_url()
    assert reasons(item) == [("+", "新建"), ("~", "权重调整"), ("-", "不再考核")]
    html = client.get(scheme.get_absolute_url()).content.decode()
    assert "总分值：100分" in html and 'data-testid="weight-warning"' not in html

    create = reverse("targets:scheme_adjustment_create", args=[scheme.pk])
    form = client.get(create).context["form"]
    assert "350100" not in form.fields["region"].queryset.values_list("code", flat=True)
    assert "350527" not in form.fields["region"].queryset.values_list("code", flat=True)  # 金门: not assessed
    data = {"region": Region.objects.get(code="350582").pk, "kind": AdjustmentKind.PENALTY, "points": "3"}
    response = client.post(create, {**data, "on": "2023-01-05", "reason": "约谈"})
    assert response.status_code == 200 and "日期应在考核年度内。" in response.content.decode()
    response = client.post(create, {**data, "on": "2022-09-01", "reason": "约谈（开工滞后）"})
    assert response.status_code == 302
    adjustment = AssessmentAdjustment.objects.get(reason="约谈（开工滞后）")
    delete = reverse("targets:scheme_adjustment_delete", args=[adjustment.pk])
    assert client.post(delete, {"reason": "误录"}).status_code == 302
    assert reasons(adjustment) == [("+", "约谈（开工滞后）"), ("-", "误录")]


def test_outsiders_get_404(
    client: Client, dispatcher_fz: User, reporter_jj: User, leader_qz: User, scheme: AssessmentScheme
) -> None:
    item = scheme.items.first()
    adjustment = scheme.adjustments.first()
    changes = [
        reverse("targets:scheme_edit", args=[scheme.pk]),
        reverse("targets:scheme_delete", args=[scheme.pk]),
        reverse("targets:scheme_item_create", args=[scheme.pk]),
        reverse("targets:scheme_item_edit", args=[item.pk]),
        reverse("targets:scheme_item_delete", args=[item.pk]),
        reverse("targets:scheme_adjustment_create", args=[scheme.pk]),
        reverse("targets:scheme_adjustment_delete", args=[adjustment.pk]),
    ]
    for user in (dispatcher_fz, reporter_jj):
        client.force_login(user)
        for url in [scheme.get_absolute_url(), *changes]:
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(changes[1], {"reason": "试图删除"}).status_code == 404
        assert "项目攻坚考核" not in client.get(reverse("targets:scheme_list")).content.decode()
    client.force_login(leader_qz)  # the city's leader reads the scheme and changes nothing
    html = client.get(scheme.get_absolute_url()).content.decode()
    assert "项目攻坚考核" in html and reverse("targets:scheme_item_create", args=[scheme.pk]) not in html
    for url in changes:
        assert client.get(url).status_code == 404, url
    assert AssessmentScheme.objects.filter(pk=scheme.pk).exists()


def test_the_list_shows_counts_and_weights(client: Client, leader_qz: User, scheme: AssessmentScheme) -> None:
    client.force_login(leader_qz)
    html = client.get(reverse("targets:scheme_list")).content.decode()
    for header in ("年度", "考核范围", "方案名称", "指标数", "总分值"):
        assert header in html
    assert re.search(r"<td[^>]*>\s*2\s*</td>\s*<td[^>]*>\s*100.00\s*</td>", html)
    assert f'href="{scheme.get_absolute_url()}"' in html


# ---- scores ---------------------------------------------------------------------------------------------------------


def test_the_scores_at_mid_year(client: Client, dispatcher_qz: User, scheme: AssessmentScheme) -> None:
    fai_item, gdp_item = scheme.items.order_by("order")
    client.force_login(dispatcher_qz)
    html = client.get(scheme.get_absolute_url(), {"as_of": "2022-06-30"}).content.decode()
    assert "得分（截至2022年6月30日）" in html and "总分值：100分" in html
    assert "年中（6月30日）" in html and "年底（12月31日）" in html
    table = rows(html.split('data-testid="score-breakdown"')[0])

    def row(code: str) -> tuple[str, ...]:
        cells = table[code]
        return tuple(cells[col] for col in ("rank", f"item-{fai_item.pk}", f"item-{gdp_item.pk}", "bonus", "penalty"))

    # 晋江 and 石狮 tie on 112 (石狮's penalty of 7月1日 is after the as-of date); 南安 36 + 0 + 2.
    assert row("350582") == ("1", "72.00", "40.00", "0.00", "0.00") and table["350582"]["total"] == "112.00"
    assert row("350581") == ("1", "72.00", "40.00", "0.00", "0.00") and table["350581"]["total"] == "112.00"
    assert row("350583") == ("3", "36.00", "0.00", "2.00", "0.00") and table["350583"]["total"] == "38.00"
    assert table["350502"]["rank"] == "4" and "rank-last" in table["350502"]["class"]  # ten at 0: the last ten
    assert "rank-last" not in table["350583"]["class"]
    assert f'data-col="item-{fai_item.pk}" title="完成比 140.00%">72.00<' in html  # capped at 1.2 × 60
    # The breakdown of 南安: actual, target, ratio and points of each item, and the bonus.
    breakdown = re.search(r'<details class="score-breakdown" data-region="350583">(.*?)</details>', html, re.S)
    assert breakdown
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", breakdown.group(1)))
    assert "固定资产投资（亿元；" in text and "300.00 1,000.00 60.00% 36.00" in text
    assert "499.00 1,000.00 99.80% 0.00" in text and "记功嘉奖（省重点项目提前开工） +2.00" in text

    # 年底: the penalty counts now; the 1—6月 figures are judged on the whole year (T = 1).
    html = client.get(scheme.get_absolute_url(), {"as_of": "2022-12-31"}).content.decode()
    table = rows(html.split('data-testid="score-breakdown"')[0])
    assert table["350581"]["penalty"] == "5.00" and table["350581"]["total"] == "31.00"  # 36 + 0 − 5
    # An as-of date outside the scheme's year falls back to the year's end (a past year).
    assert (
        "得分（截至2022年12月31日）" in client.get(scheme.get_absolute_url(), {"as_of": "2021-06-30"}).content.decode()
    )


def test_the_scores_export_with_the_breakdown(client: Client, leader_qz: User, scheme: AssessmentScheme) -> None:
    client.force_login(leader_qz)
    response = client.get(scheme.get_absolute_url(), {"as_of": "2022-06-30", "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert sheet[0][0] == "2022年项目攻坚考核得分（截至2022年6月30日）"
    assert sheet[1] == (
        "名次", "区域",
        "固定资产投资（60分）", "固定资产投资实际完成（亿元）", "固定资产投资目标（亿元）", "固定资产投资完成比（%）",
        "地区生产总值（40分）", "地区生产总值实际完成（亿元）", "地区生产总值目标（亿元）", "地区生产总值完成比（%）",
        "加分", "扣分", "总分", "末位",
    )  # fmt: skip
    by_name = {row[1]: row for row in sheet[2:]}
    assert len(by_name) == 13
    assert by_name["晋江市"] == (1, "晋江市", 72, 700, 1000, 140, 40, 500, 1000, 100, 0, 0, 112, None)
    assert by_name["南安市"] == (3, "南安市", 36, 300, 1000, 60, 0, 499, 1000, 99.8, 2, 0, 38, None)
    assert by_name["鲤城区"][:3] == (4, "鲤城区", 0) and by_name["鲤城区"][-1] == "末位"
