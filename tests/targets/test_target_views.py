"""Target pages and the progress table: the list in each indicator's unit, create/edit/delete by the 市级调度 with
history reasons, 404 for districts (edit) and outsiders (everything), the mirrored signing targets refused with a
pointer to 招商目标, the decomposition warning, and the progress page (DOMAIN.md §4: 113亿 of 123.19亿 → 91.73%)
with its workbook equal to the page."""

from __future__ import annotations

import datetime
import html
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.attraction import factories
from tuijin.attraction.models import AttractionTarget
from tuijin.core.models import Region, User
from tuijin.targets import rollups
from tuijin.targets.choices import Source, TargetKind, Unit
from tuijin.targets.indicators import COMPUTED
from tuijin.targets.models import Indicator, IndicatorEntry, Target

pytestmark = pytest.mark.django_db
D = datetime.date
HTMX = {"HX-Request": "true", "HX-Target": "results"}
DISTRICTS = ["350502", "350503", "350504", "350505", "350521", "350524", "350525", "350526", "350581", "350582"]
PARTS = [*DISTRICTS, "350583", "350500Z01", "350500Z02"]


# ---- helpers ---------------------------------------------------------------------------------------------------------


def manual(key: str = "fai", name: str = "固定资产投资", unit: str = Unit.MONEY, **fields: Any) -> Indicator:
    indicator = Indicator(key=key, name=name, unit=unit, source=Source.MANUAL, **fields)
    if unit == Unit.PERCENT:
        indicator.cumulative = False
    indicator.full_clean()
    indicator.save()
    return indicator


def entry(indicator: Indicator, code: str, value: str, month: int = 10, year: int = 2022, previous: str = "") -> Any:
    row = IndicatorEntry(
        indicator=indicator,
        region=Region.objects.get(code=code),
        year=year,
        month=month,
        value=Decimal(value),
        previous_value=Decimal(previous) if previous else None,
    )
    row.full_clean()
    row.save()
    return row


def target(
    indicator: Indicator, code: str, value: str, year: int = 2022, kind: str = TargetKind.LEVEL, **fields: Any
) -> Target:
    region = Region.objects.get(code=code)
    row = Target(indicator=indicator, region=region, year=year, value=Decimal(value), kind=kind, **fields)
    row.full_clean()
    row.save()
    return row


def page(client: Client, url: str, **kwargs: Any) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def text(content: str) -> str:
    """The page as a reader sees it: tags dropped, whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", content)))


def as_user(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def url(name: str, obj: Any = None) -> str:
    return reverse(f"targets:{name}", args=[obj.pk] if obj is not None else [])


def progress_url(region: str, as_of: str, **extra: str) -> str:
    query = "&".join(f"{key}={value}" for key, value in {"region": region, "as_of": as_of, **extra}.items())
    return f"{url('progress')}?{query}"


def table_rows(content: str) -> dict[str, dict[str, str]]:
    """The progress table of a page: indicator key → column → cell text (and ``<col>_url`` for links)."""
    body = content.split('data-testid="progress"', 1)[1].split("</table>", 1)[0]
    rows: dict[str, dict[str, str]] = {}
    for key, row in re.findall(r'<tr data-indicator="([^"]+)">(.*?)</tr>', body, re.S):
        cells: dict[str, str] = {}
        for col, cell in re.findall(r'data-col="([^"]+)"[^>]*>(.*?)</t[dh]>', row, re.S):
            cells[col] = text(cell).strip()
            link = re.search(r'href="([^"]+)"', cell)
            if link:
                cells[f"{col}_url"] = html.unescape(link.group(1))
        rows[key] = cells
    return rows


@pytest.fixture
def fai(regions: dict[str, Region]) -> Indicator:
    return manual()


@pytest.fixture
def jj_target(fai: Indicator) -> Target:
    return target(fai, "350582", "1231900")


# ---- list ------------------------------------------------------------------------------------------------------------


def test_it_lists_targets_in_scope_in_each_indicators_unit(
    client: Client, fai: Indicator, dispatcher_qz: User, reporter_jj: User
) -> None:
    target(fai, "350582", "1231900", note="年初下达")
    target(fai, "350500", "17.5", kind=TargetKind.GROWTH)
    target(Indicator.objects.get(key="new_starts"), "350582", "12")
    target(manual("rate", "工业用地出让率", Unit.PERCENT), "350582", "60")
    target(fai, "350102", "5000")  # 福州
    content = page(as_user(client, dispatcher_qz), url("target_list"))
    shown = text(content)
    for expected in ("123.19亿元", "年初下达", "增长17.5%", "60.00%", "总量目标", "增长目标（%）"):
        assert expected in shown
    row = re.search(r'<tr[^>]*data-indicator="new_starts"[^>]*>(.*?)</tr>', content, re.S)
    assert row and re.search(r'<td class="num">\s*12\s*</td>', row.group(1))  # a count as an integer
    assert 'data-region="350102"' not in content
    assert 'href="/targets/new/"' in content  # 市级调度 sets targets

    # A district sees its own targets only, without the 新建 button; htmx refreshes only the table.
    content = page(as_user(client, reporter_jj), url("target_list"))
    assert content.count('data-region="350582"') == 3 and 'data-region="350500"' not in content
    assert 'href="/targets/new/"' not in content
    partial = page(client, f"{url('target_list')}?indicator=fai", headers=HTMX)
    assert "<html" not in partial and partial.count('data-region="350582"') == 1


# ---- create, edit, delete ------------------------------------------------------------------------------------------


def test_the_city_dispatcher_creates_edits_and_deletes_a_target_with_reasons(
    client: Client, fai: Indicator, dispatcher_qz: User
) -> None:
    as_user(client, dispatcher_qz)
    form = page(client, url("target_create"))
    assert "金额类指标填万元" in form and "signed_amount" not in form
    data = {"year": 2022, "region": Region.objects.get(code="350582").pk, "indicator": fai.pk, "kind": "level"}
    response = client.post(url("target_create"), {**data, "value": "1231900", "reason": "年初下达"})
    created = Target.objects.get(indicator=fai)
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    assert created.value == Decimal("1231900")

    # An edit needs a reason; the stale version of another tab is refused.
    response = client.post(url("target_edit", created), {**data, "value": "1300000", "version": created.version})
    assert response.status_code == 200 and "请填写修改原因" in response.content.decode()
    edit = {**data, "value": "1300000", "version": created.version, "reason": "市政府调整"}
    assert client.post(url("target_edit", created), edit).status_code == 302
    assert client.post(url("target_edit", created), {**edit, "value": "1"}).status_code == 200  # stale version
    created.refresh_from_db()
    assert created.value == Decimal("1300000")
    history = page(client, f"{created.get_absolute_url()}?tab=history")
    assert "市政府调整" in history and "年初下达" in history

    # A duplicate is refused with the model's message.
    response = client.post(url("target_create"), {**data, "value": "5", "reason": "重复"})
    assert "该区域该年度已有这项指标的目标" in response.content.decode()

    assert client.post(url("target_delete", created), {"reason": "指标取消"}).status_code == 302
    assert not Target.objects.filter(pk=created.pk).exists()
    assert Target.history.filter(id=created.pk, history_type="-").get().history_change_reason == "指标取消"


def test_the_region_dropdown_offers_only_regions_the_dispatcher_may_set(
    client: Client, fai: Indicator, dispatcher_qz: User
) -> None:
    as_user(client, dispatcher_qz)
    form = page(client, url("target_create"))
    assert "晋江市" in form and "鼓楼区" not in form
    fz = Region.objects.get(code="350102")
    data = {"year": 2022, "region": fz.pk, "indicator": fai.pk, "kind": "level", "value": "1", "reason": "x"}
    response = client.post(url("target_create"), data)
    assert response.status_code == 200 and not Target.objects.exists()


def test_districts_read_their_targets_but_do_not_set_them(
    client: Client, jj_target: Target, reporter_jj: User, leader_qz: User
) -> None:
    for user in (reporter_jj, leader_qz):
        as_user(client, user)
        content = page(client, jj_target.get_absolute_url())
        assert "123.19亿元" in content and url("target_edit", jj_target) not in content
        assert client.get(url("target_create")).status_code == 404
        assert client.get(url("target_edit", jj_target)).status_code == 404
        assert client.post(url("target_delete", jj_target), {"reason": "x"}).status_code == 404
    assert Target.objects.filter(pk=jj_target.pk).exists()


def test_outsiders_get_404(client: Client, jj_target: Target, dispatcher_fz: User, reporter_lc: User) -> None:
    for user in (dispatcher_fz, reporter_lc):
        as_user(client, user)
        for name in ("target_detail", "target_edit", "target_delete"):
            assert client.get(url(name, jj_target)).status_code == 404, (user, name)
        assert client.post(url("target_delete", jj_target), {"reason": "x"}).status_code == 404
        assert jj_target.get_absolute_url() not in page(client, url("target_list"))


# ---- mirrored signing targets ------------------------------------------------------------------------------------


def test_signing_targets_show_but_are_changed_on_the_attraction_page(
    client: Client, regions: dict[str, Region], dispatcher_qz: User
) -> None:
    AttractionTarget.objects.create(year=2022, region=regions["350500"], signed_amount=Decimal("100000000"))
    mirrored = Target.objects.get(indicator__key="signed_amount")
    as_user(client, dispatcher_qz)
    listing = text(page(client, url("target_list")))
    assert "新签约项目投资总额" in listing and "10,000.00亿元" in listing and "同步自招商目标" in listing

    detail = page(client, mirrored.get_absolute_url())
    attraction = reverse("attraction:target_list")
    assert url("target_edit", mirrored) not in detail and url("target_delete", mirrored) not in detail
    assert 'data-testid="mirrored-note"' in detail and attraction in detail

    for name in ("target_edit", "target_delete"):
        refusal = page(client, url(name, mirrored))
        assert "同步自招商目标，不能在这里修改或删除" in text(refusal) and f'href="{attraction}"' in refusal
    data = {"year": 2022, "region": regions["350500"].pk, "indicator": mirrored.indicator_id, "kind": "level"}
    response = client.post(url("target_edit", mirrored), {**data, "value": "1", "reason": "改", "version": 1})
    assert "招商目标" in response.content.decode()
    client.post(url("target_delete", mirrored), {"reason": "删"})
    mirrored.refresh_from_db()
    assert mirrored.value == Decimal("100000000")

    # A new signing target cannot be set here either: the indicator is not offered.
    response = client.post(url("target_create"), {**data, "year": 2023, "value": "5", "reason": "新建"})
    assert response.status_code == 200 and not Target.objects.filter(year=2023).exists()


# ---- target page: progress and decomposition -------------------------------------------------------------------


def test_the_target_page_shows_progress_and_a_decomposition_warning(
    client: Client, fai: Indicator, jj_target: Target, dispatcher_qz: User
) -> None:
    entry(fai, "350582", "1130000", previous="1000000")
    city = target(fai, "350500", "5231900")
    as_user(client, dispatcher_qz)
    shown = text(page(client, jj_target.get_absolute_url()))
    # As of the end of 2022 (a past year): 113亿 of 123.19亿, 12 months elapsed, 同比 +13.0%.
    assert "截至2022年12月31日" in shown
    assert "实际完成 113.00 亿元" in shown and "完成率 91.73%" in shown and "序时进度 100.00%" in shown
    assert "超/慢序时（百分点） -8.27" in shown and "同比 13.0%" in shown and "慢于序时进度" in shown

    content = page(client, city.get_absolute_url())
    tab = page(client, city.get_absolute_url(), headers={"HX-Request": "true", "HX-Target": "tab-body"})
    assert "<html" not in tab and 'data-testid="decomposition-warning"' in tab and "完成进度" in tab
    warning = text(content.split('data-testid="decomposition-warning"', 1)[1].split("</div>\n", 1)[0])
    assert "下级区域目标合计123.19亿元，低于泉州市目标523.19亿元，还差400.00亿元" in warning
    assert "尚未分解到12个区域" in warning and "鲤城区" in warning and "晋江市" not in warning
    assert 'data-covered="false"' in content

    # Covered by the parts: no warning (the check is shown, not a block).
    for code in PARTS:
        if code != "350582":
            target(fai, code, "400000")
    content = page(client, city.get_absolute_url())
    assert 'data-covered="true"' in content and "decomposition-warning" not in content
    assert "下级区域目标已全部分解" in content


# ---- the progress page ------------------------------------------------------------------------------------------


def test_the_progress_page_shows_the_domain_numbers_and_links_every_figure(
    client: Client, fai: Indicator, jj_target: Target, reporter_jj: User
) -> None:
    entry(fai, "350582", "1000000", month=9)
    entry(fai, "350582", "1130000", month=10, previous="1000000")
    factories.contract("晋江大项目", "63740800", D(2022, 3, 15))
    rollups.rebuild()
    as_user(client, reporter_jj)
    content = page(client, progress_url("350582", "2022-11-15"))
    assert "晋江市" in content and "截至2022年11月15日" in content
    rows = table_rows(content)
    assert rows["fai"] == {
        "indicator": "固定资产投资",
        "indicator_url": fai.get_absolute_url(),
        "unit": "亿元",
        "target": "123.19",
        "actual": "113.00",
        "actual_url": f"{url('entry_list')}?indicator=fai&year=2022&region_exact=350582",
        "completion": "91.73%",
        "share": "83.33%",  # 1—10月 by month
        "schedule_rate": "110.07%",
        "gap": "+8.39",
        "growth": "13.0%",
    }
    # A computed indicator without a target: its figure links to the contracts behind it.
    signed = rows["signed_amount"]
    assert signed["actual"] == "6,374.08" and signed["target"] == "—" and signed["completion"] == "—"
    jj = Region.objects.get(code="350582")
    assert signed["actual_url"] == COMPUTED["signed_amount"].drill(jj, 2022, D(2022, 11, 15))
    assert rows["signed_count"]["actual"] == "1"
    assert "new_starts" not in rows  # neither a target nor a figure
    assert 'class="num ahead"' in content  # ahead of schedule: green

    # The default region is the top of the user's scope; another district is a 404.
    assert "晋江市" in text(page(client, url("progress")))
    assert client.get(progress_url("350502", "2022-11-15")).status_code == 404
    # A date that is no date falls back to today, with the error on the form.
    assert "晋江市" in text(page(client, progress_url("350582", "2022-13-45")))


def test_the_progress_page_answers_404_for_regions_outside_scope(
    client: Client, jj_target: Target, dispatcher_fz: User, reporter_lc: User
) -> None:
    for user in (dispatcher_fz, reporter_lc):
        as_user(client, user)
        assert client.get(progress_url("350582", "2022-11-15")).status_code == 404
        assert client.get(progress_url("350582", "2022-11-15", format="xlsx")).status_code == 404
        assert client.get(progress_url("nowhere", "2022-11-15")).status_code == 404


def test_the_progress_workbook_equals_the_page(
    client: Client, fai: Indicator, jj_target: Target, dispatcher_qz: User
) -> None:
    entry(fai, "350582", "1130000", previous="1000000")
    rate = manual("land_rate", "工业用地出让率", Unit.PERCENT)
    entry(rate, "350582", "45.126")
    target(rate, "350582", "60")
    gdp = manual("gdp", "地区生产总值")
    entry(gdp, "350582", "2350000", previous="2000000")
    target(gdp, "350582", "17.5", kind=TargetKind.GROWTH)
    new_starts = Indicator.objects.get(key="new_starts")
    target(new_starts, "350582", "12")
    as_user(client, dispatcher_qz)
    rows = table_rows(page(client, progress_url("350582", "2022-11-15")))
    assert rows["gdp"]["target"] == "增长17.5%" and rows["gdp"]["growth"] == "17.5%" and rows["gdp"]["gap"] == "0.00"
    assert rows["land_rate"]["actual"] == "45.13" and rows["land_rate"]["share"] == "—"
    assert rows["new_starts"]["target"] == "12" and rows["new_starts"]["actual"] == "0"

    response = client.get(progress_url("350582", "2022-11-15", format="xlsx"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[0][0] == "晋江市目标任务完成情况（截至2022年11月15日）"
    assert lines[1] == (
        "指标",
        "单位",
        "目标",
        "实际完成",
        "完成率",
        "序时进度",
        "序时完成率",
        "超/慢序时（百分点）",
        "同比",
    )
    by_name = {line[0]: line for line in lines[2:]}
    assert set(by_name) == {"固定资产投资", "工业用地出让率", "地区生产总值", "新开工项目数"}
    assert by_name["固定资产投资"][2:] == pytest.approx((123.19, 113, 0.9173, 0.8333, 1.1007, 8.39, 0.13))
    keys = {"固定资产投资": "fai", "工业用地出让率": "land_rate", "地区生产总值": "gdp", "新开工项目数": "new_starts"}
    for number, line in enumerate(lines[2:], start=3):
        cells = rows[keys[line[0]]]
        for column, value in zip(("indicator", "unit", "target", "actual"), line[:4], strict=True):
            shown = cells[column]
            assert str(value) == shown or (value is not None and _number(shown) == pytest.approx(value)), column
        for column, value, index in zip(
            ("completion", "share", "schedule_rate", "gap", "growth"), line[4:], range(5, 10), strict=True
        ):
            cell = sheet.cell(number, index)
            assert _excel(value, cell.number_format) == cells[column], (line[0], column)


def _number(shown: str) -> float:
    return float(shown.replace(",", ""))


def _excel(value: Any, number_format: str) -> str:
    """A cell as Excel shows it for the formats the workbook uses."""
    if value is None:
        return "—"
    if number_format == "0.00%":
        return f"{Decimal(str(value)) * 100:.2f}%"
    if number_format == "0.0%":
        return f"{Decimal(str(value)) * 100:.1f}%"
    if number_format.startswith("+0.00"):
        return f"{Decimal(str(value)):+.2f}" if value else "0.00"
    return str(value)


def test_the_progress_page_shows_the_decomposition_of_city_targets(
    client: Client, fai: Indicator, jj_target: Target, dispatcher_qz: User
) -> None:
    city = target(fai, "350500", "1231900")
    as_user(client, dispatcher_qz)
    content = page(client, progress_url("350500", "2022-11-15"))
    assert 'data-testid="decompositions"' in content and "decomposition-warning" in content
    assert "尚未分解到12个区域" in text(content)

    # The parts cover the whole: the check shows, without a warning.
    city.value = Decimal("1000000")
    city.save()
    content = page(client, progress_url("350500", "2022-11-15"))
    assert 'data-covered="false"' in content  # still missing regions
    for code in PARTS:
        if code != "350582":
            target(fai, code, "1")
    content = page(client, progress_url("350500", "2022-11-15"))
    assert 'data-covered="true"' in content and "decomposition-warning" not in content

    # A district has no parts: no decomposition section.
    assert 'data-testid="decompositions"' not in page(client, progress_url("350582", "2022-11-15"))
