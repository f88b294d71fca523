"""REST API of the targets app: CRUD with versions, reasons and scope (404 outside), the copied signing targets
refused, progress on the DOMAIN.md §4 numbers, public rankings, assessment scores, and a clean OpenAPI schema."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.test import Client

from tests.attraction import factories
from tests.conftest import login
from tuijin.attraction.choices import ContractKind
from tuijin.attraction.models import AttractionTarget
from tuijin.core.models import Region, User
from tuijin.core.money import format_percent, quantize_half_up, wan_to_yi
from tuijin.core.periods import elapsed_share_by_day
from tuijin.targets import rollups
from tuijin.targets.choices import Source, TargetKind, Unit
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
JSON = "application/json"


def post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, content_type=JSON)


def patch(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.patch(url, data, content_type=JSON)


def as_user(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


@pytest.fixture
def fai(regions: dict[str, Region]) -> Indicator:
    indicator = Indicator(key="fai", name="固定资产投资", unit=Unit.MONEY, source=Source.MANUAL)
    indicator.full_clean()
    indicator.save()
    return indicator


@pytest.fixture
def jj_target(fai: Indicator, regions: dict[str, Region]) -> Target:
    target = Target(indicator=fai, region=regions["350582"], year=2022, value=Decimal("1231900"))
    target.full_clean()
    target.save()
    return target


@pytest.fixture
def signed(regions: dict[str, Region]) -> Region:
    """DOMAIN.md §4: 10374.08亿 signed in 泉州 by 31 October 2022 against a 10000亿 target (kept by 招商引资)."""
    factories.contract("晋江大项目", "63740800", D(2022, 3, 15))
    factories.contract("南安大项目", "40000000", D(2022, 10, 31), region_code="350583")
    factories.contract("框架协议", "9999999", D(2022, 5, 1), kind=ContractKind.FRAMEWORK)  # not counted
    factories.contract("十一月签约", "5000", D(2022, 11, 1))  # after the as-of date
    city = regions["350500"]
    AttractionTarget.objects.create(year=2022, region=city, signed_amount=Decimal("100000000"), big_projects=100)
    rollups.rebuild()
    return city


# --- targets ---------------------------------------------------------------------------------------------------------


def test_a_city_dispatcher_creates_changes_and_deletes_a_target(
    client: Client, fai: Indicator, dispatcher_qz: User
) -> None:
    api = as_user(client, dispatcher_qz)
    body = {"year": 2022, "indicator": "fai", "region": "350582", "kind": "growth", "value": "17.5", "note": "年初部署"}
    created = post(api, "/api/v1/targets/", body)
    assert created.status_code == 201, created.json()
    data = created.json()
    assert (data["indicator_name"], data["region_name"], data["kind_display"], data["value"]) == (
        "固定资产投资",
        "晋江市",
        "增长目标（%）",
        "17.5000",
    )
    assert data["mirrored"] is False and data["version"] == 1
    url = f"/api/v1/targets/{data['id']}/"

    assert patch(api, url, {"value": "18"}).json() == {"version": ["修改时必须提交读取时的版本号。"]}
    assert patch(api, url, {"value": "18", "version": 1}).json() == {"reason": ["请填写修改原因。"]}
    changed = patch(api, url, {"value": "18", "version": 1, "reason": "年中调整"})
    assert changed.status_code == 200 and changed.json()["version"] == 2
    assert patch(api, url, {"value": "19", "version": 1, "reason": "过期"}).status_code == 409
    target = Target.objects.get()
    assert target.value == Decimal("18") and target.history.first().history_change_reason == "年中调整"

    unknown = post(api, "/api/v1/targets/", {**body, "indicator": "nope", "region": "999999"})
    assert unknown.json() == {
        "indicator": ["未找到指标代码为“nope”的指标。"],
        "region": ["未找到区划代码为“999999”的区域。"],
    }
    duplicate = post(api, "/api/v1/targets/", body)
    assert duplicate.status_code == 400 and "该区域该年度已有这项指标的目标。" in duplicate.content.decode()
    assert api.delete(f"{url}?reason=录入错误").status_code == 204
    assert not Target.objects.exists()


def test_targets_outside_the_scope_are_404_and_absent_from_lists(
    client: Client, jj_target: Target, dispatcher_fz: User, reporter_jj: User, reporter_lc: User
) -> None:
    url = f"/api/v1/targets/{jj_target.pk}/"
    for outsider in (dispatcher_fz, reporter_lc):
        api = as_user(client, outsider)
        assert api.get(url).status_code == 404
        assert patch(api, url, {"value": "1", "version": 1, "reason": "x"}).status_code == 404
        assert api.delete(url).status_code == 404
        assert api.get("/api/v1/targets/").json()["count"] == 0
    # 福州's dispatcher may set targets, but not in 泉州.
    refused = post(
        as_user(client, dispatcher_fz),
        "/api/v1/targets/",
        {"year": 2023, "indicator": "fai", "region": "350582", "value": "1"},
    )
    assert refused.status_code == 400 and refused.json() == {"region": "该区域不在您的可编辑范围内。"}
    # 晋江's reporter reads its target but does not set targets.
    api = as_user(client, reporter_jj)
    assert api.get("/api/v1/targets/?year=2022&indicator=fai").json()["count"] == 1
    assert patch(api, url, {"value": "1", "version": 1, "reason": "x"}).status_code == 404
    assert (
        post(api, "/api/v1/targets/", {"year": 2023, "indicator": "fai", "region": "350582", "value": "1"}).status_code
        == 404
    )
    assert Target.objects.count() == 1


def test_the_copied_signing_targets_are_refused_with_the_pointer_to_attraction(
    client: Client, signed: Region, dispatcher_qz: User
) -> None:
    api = as_user(client, dispatcher_qz)
    message = "该指标的目标在「招商引资 → 招商目标」中设置，这里自动同步。"
    created = post(
        api, "/api/v1/targets/", {"year": 2023, "indicator": "signed_amount", "region": "350582", "value": "1"}
    )
    assert created.status_code == 400 and created.json() == {"indicator": [message]}
    copied = Target.objects.get(indicator__key="signed_amount")
    url = f"/api/v1/targets/{copied.pk}/"
    assert api.get(url).json()["mirrored"] is True
    changed = patch(api, url, {"value": "2", "version": copied.version, "reason": "改目标"})
    assert changed.status_code == 400 and changed.json() == {"indicator": [message]}
    deleted = api.delete(url)
    assert deleted.status_code == 400 and "招商引资 → 招商目标" in deleted.json()["detail"]
    assert Target.objects.get(pk=copied.pk).value == Decimal("100000000")


# --- progress --------------------------------------------------------------------------------------------------------


def test_the_progress_endpoint_gives_the_domain_numbers(client: Client, signed: Region, dispatcher_qz: User) -> None:
    api = as_user(client, dispatcher_qz)
    response = api.get(
        "/api/v1/targets/progress/", {"as_of": "2022-10-31", "region": "350500", "indicator": "signed_amount"}
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["region"], data["region_name"], data["as_of"], data["year"]) == (
        "350500",
        "泉州市",
        "2022-10-31",
        2022,
    )
    (row,) = data["rows"]
    assert (row["indicator"], row["unit"], row["time_basis"], row["target_kind"]) == (
        "signed_amount",
        "money",
        "day",
        "level",
    )
    assert Decimal(row["actual"]) == Decimal("103740800") and Decimal(row["target"]) == Decimal("100000000")
    assert Decimal(row["share"]) == elapsed_share_by_day(D(2022, 10, 31))
    assert row["schedule_rate"].startswith("1.2455")
    assert format_percent(Decimal(row["schedule_rate"])) == "124.56%"
    assert format_percent(Decimal(row["completion"])) == "103.74%"
    assert Decimal(row["gap_points"]) > 0 and row["on_schedule"] is True and row["growth"] is None

    # Without an indicator: the active ones that have a target or a figure.
    keys = [row["indicator"] for row in api.get("/api/v1/targets/progress/", {"as_of": "2022-10-31"}).json()["rows"]]
    # Every computed indicator has a figure (0 is one) but a rate without a denominator; in the indicators' order.
    computed = Indicator.objects.filter(source="computed").exclude(key="resolution_rate").order_by("order")
    assert keys == [row.key for row in computed]
    unknown = api.get("/api/v1/targets/progress/", {"indicator": "signed_amount,nope"})
    assert unknown.status_code == 400 and unknown.json() == {"indicator": ["未找到指标：nope"]}


def test_the_progress_endpoint_stays_in_the_users_scope(client: Client, signed: Region, reporter_jj: User) -> None:
    api = as_user(client, reporter_jj)
    data = api.get("/api/v1/targets/progress/", {"as_of": "2022-10-31", "indicator": "signed_amount"}).json()
    assert data["region"] == "350582"  # the top of the reporter's scope
    assert Decimal(data["rows"][0]["actual"]) == Decimal("63740800") and data["rows"][0]["target"] is None
    assert api.get("/api/v1/targets/progress/", {"region": "350500"}).status_code == 404
    assert api.get("/api/v1/targets/progress/", {"region": "350102"}).status_code == 404


# --- rankings --------------------------------------------------------------------------------------------------------


def test_rankings_are_visible_to_a_user_of_another_city(
    client: Client, signed: Region, dispatcher_fz: User, reporter_jj: User
) -> None:
    api = as_user(client, dispatcher_fz)
    query = {"indicator": "signed_amount", "as_of": "2022-10-31", "region": "350500", "last": 10}
    response = api.get("/api/v1/rankings/", query)
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["region"], data["by"], data["previous_as_of"]) == ("350500", "value", "2022-10-24")
    assert len(data["rows"]) == 13
    first, second = data["rows"][:2]
    assert (first["rank"], first["region"], first["value"], first["change"]) == (1, "350582", "63740800.00", 0)
    assert (second["rank"], second["region"], second["previous_rank"], second["change"]) == (2, "350583", 2, 0)
    assert [row["rank"] for row in data["rows"][2:]] == [3] * 11  # ties share the rank
    # Eleven share the third place, which reaches into the last ten: they share it and are all marked.
    assert [row["last"] for row in data["rows"]] == [False, False] + [True] * 11

    # Without a region: the user's own city.
    assert api.get("/api/v1/rankings/", {"indicator": "signed_amount"}).json()["region"] == "350100"
    assert (
        as_user(client, reporter_jj).get("/api/v1/rankings/", {"indicator": "signed_amount"}).json()["region"]
        == "350500"
    )
    assert api.get("/api/v1/rankings/").json() == {"indicator": ["该字段是必填项。"]}
    assert api.get("/api/v1/rankings/", {"indicator": "nope"}).json() == {"indicator": ["未找到指标：nope"]}


# --- hand-entered figures ------------------------------------------------------------------------------------------


def test_a_district_enters_its_figures_and_outsiders_get_404(
    client: Client, fai: Indicator, reporter_jj: User, reporter_lc: User
) -> None:
    api = as_user(client, reporter_jj)
    body = {
        "indicator": "fai",
        "region": "350582",
        "year": 2022,
        "month": 10,
        "value": "1130000",
        "previous_value": "1000000",
    }
    created = post(api, "/api/v1/indicator-entries/", body)
    assert created.status_code == 201, created.json()
    assert Decimal(created.json()["growth"]) == Decimal("13")
    url = f"/api/v1/indicator-entries/{created.json()['id']}/"
    assert patch(api, url, {"value": "1140000", "version": 1, "reason": "统计局更正"}).status_code == 200
    computed = post(api, "/api/v1/indicator-entries/", {**body, "indicator": "investment"})
    assert computed.json() == {"indicator": ["“investment”不是手工填报的指标（系统计算的指标不需要填报）。"]}
    future = post(api, "/api/v1/indicator-entries/", {**body, "year": 2099, "month": 1})
    assert future.json() == {"month": ["不能填报未来月份的数据。"]}

    outsider = as_user(client, reporter_lc)
    assert outsider.get(url).status_code == 404
    assert patch(outsider, url, {"value": "1", "version": 2, "reason": "x"}).status_code == 404
    assert outsider.delete(url).status_code == 404
    assert outsider.get("/api/v1/indicator-entries/").json()["count"] == 0
    assert IndicatorEntry.objects.get().value == Decimal("1140000")


# --- indicators ------------------------------------------------------------------------------------------------------


def test_indicators_are_read_by_all_and_changed_by_the_administrator(
    client: Client, jj_target: Target, reporter_jj: User, admin_user: User
) -> None:
    api = as_user(client, reporter_jj)
    listed = api.get("/api/v1/indicators/", {"source": "manual"}).json()
    assert [row["key"] for row in listed["results"]] == ["fai"]
    assert post(api, "/api/v1/indicators/", {"key": "gdp", "name": "地区生产总值"}).status_code == 404
    investment = Indicator.objects.get(key="investment")
    url = f"/api/v1/indicators/{investment.pk}/"
    assert patch(api, url, {"time_basis": "day", "version": 1, "reason": "x"}).status_code == 404

    admin = as_user(client, admin_user)
    created = post(admin, "/api/v1/indicators/", {"key": "gdp", "name": "地区生产总值", "unit": "money"})
    assert created.status_code == 201 and created.json()["source"] == "manual"
    changed = patch(admin, url, {"time_basis": "day", "version": investment.version, "reason": "按日计算"})
    assert changed.status_code == 200 and changed.json()["time_basis_display"] == "按日"
    assert admin.delete(url).json() == {"detail": "系统计算的指标不能删除，可改为停用。"}
    used = admin.delete(f"/api/v1/indicators/{jj_target.indicator.pk}/")
    assert used.status_code == 400 and "不能删除" in used.json()["detail"]
    assert admin.delete(f"/api/v1/indicators/{created.json()['id']}/").status_code == 204


# --- assessment ------------------------------------------------------------------------------------------------------


def test_a_scheme_with_items_and_adjustments_is_scored(
    client: Client, fai: Indicator, dispatcher_qz: User, reporter_jj: User, dispatcher_fz: User
) -> None:
    for code, value in (("350582", "900"), ("350583", "600")):
        IndicatorEntry.objects.create(
            indicator=fai, region=Region.objects.get(code=code), year=2022, month=10, value=Decimal(value)
        )
        Target.objects.create(indicator=fai, region=Region.objects.get(code=code), year=2022, value=Decimal("1000"))
    api = as_user(client, dispatcher_qz)
    scheme = post(
        api, "/api/v1/assessment-schemes/", {"year": 2022, "region": "350500", "name": "抓项目考核", "last_places": 1}
    )
    assert scheme.status_code == 201, scheme.json()
    scheme_id = scheme.json()["id"]
    item = post(
        api, "/api/v1/assessment-items/", {"scheme": scheme_id, "indicator": "fai", "weight": "60", "rule": "linear"}
    )
    assert item.status_code == 201, item.json()
    bonus = {
        "scheme": scheme_id,
        "region": "350583",
        "on": "2022-06-30",
        "kind": "bonus",
        "points": "2",
        "reason": "记功嘉奖",
    }
    adjustment = post(api, "/api/v1/assessment-adjustments/", bonus)
    assert adjustment.status_code == 201, adjustment.json()
    assert adjustment.json()["reason"] == "记功嘉奖"
    url = f"/api/v1/assessment-adjustments/{adjustment.json()['id']}/"
    assert patch(api, url, {"points": "3", "version": 1}).json() == {"change_reason": ["请填写修改原因。"]}
    changed = patch(api, url, {"points": "3", "version": 1, "change_reason": "核定分值"})
    assert changed.status_code == 200 and changed.json()["reason"] == "记功嘉奖"
    stored = AssessmentAdjustment.objects.get()
    assert (stored.points, stored.reason, stored.history.first().history_change_reason) == (
        Decimal("3"),
        "记功嘉奖",
        "核定分值",
    )
    wrong = post(api, "/api/v1/assessment-adjustments/", {**bonus, "region": "350102"})
    assert wrong.json() == {"region": ["加减分只能针对考核范围的下级区域。"]}

    scores = api.get(f"/api/v1/assessment-schemes/{scheme_id}/scores/", {"as_of": "2022-10-31"})
    assert scores.status_code == 200, scores.json()
    rows = scores.json()["rows"]
    jj = next(row for row in rows if row["region"] == "350582")
    na = next(row for row in rows if row["region"] == "350583")
    # 晋江 900 of 1000 by 1—10月: 序时完成率 108%, 60 × 1.08 = 64.8; 南安 600: 72%, 43.2 + 3 bonus.
    assert (jj["rank"], Decimal(jj["total"])) == (1, Decimal("64.8"))
    assert (na["rank"], Decimal(na["base"]), Decimal(na["bonus"]), Decimal(na["total"])) == (
        2,
        Decimal("43.2"),
        Decimal("3"),
        Decimal("46.2"),
    )
    assert jj["items"][0]["indicator"] == "fai" and na["adjustments"][0]["reason"] == "记功嘉奖"
    assert scores.json()["name"] == "抓项目考核"

    for outsider in (reporter_jj, dispatcher_fz):
        other = as_user(client, outsider)
        assert other.get(f"/api/v1/assessment-schemes/{scheme_id}/").status_code == 404
        assert other.get(f"/api/v1/assessment-schemes/{scheme_id}/scores/").status_code == 404
        assert other.get(f"/api/v1/assessment-items/{item.json()['id']}/").status_code == 404
        assert other.delete(url).status_code == 404
    assert AssessmentItem.objects.count() == 1 and AssessmentScheme.objects.count() == 1


# --- schema ----------------------------------------------------------------------------------------------------------


def test_the_schema_lists_the_endpoints_and_generates_without_warnings(
    client: Client, reporter_jj: User, tmp_path: Path
) -> None:
    paths = as_user(client, reporter_jj).get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert {
        "/api/v1/indicators/",
        "/api/v1/targets/",
        "/api/v1/targets/{id}/",
        "/api/v1/targets/progress/",
        "/api/v1/indicator-entries/",
        "/api/v1/rankings/",
        "/api/v1/assessment-schemes/",
        "/api/v1/assessment-schemes/{id}/scores/",
        "/api/v1/assessment-items/",
        "/api/v1/assessment-adjustments/",
    } <= set(paths)
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert TargetKind.GROWTH.value in (tmp_path / "schema.yaml").read_text()


def test_the_progress_page_api_and_workbook_agree(client: Client, signed: Region, dispatcher_qz: User) -> None:
    """The same figures of 新签约项目投资总额 for 泉州市 at 2022-10-31 on the page, in its workbook and from the API."""
    query = {"as_of": "2022-10-31", "region": "350500"}
    login(client, dispatcher_qz)
    page = client.get("/targets/progress/", query)
    (row,) = [row for row in page.context["rows"] if row.indicator.key == "signed_amount"]
    shown = {cell.key: cell.text for cell in row.cells}
    assert (shown["actual"], shown["target"], shown["schedule_rate"]) == ("10,374.08", "10,000.00", "124.56%")
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/targets/progress/", {**query, "format": "xlsx"}).content))
    cells = {line[0]: line for line in sheet.active.iter_rows(values_only=True) if line and line[0]}
    written = cells["新签约项目投资总额"]
    assert written[2:5] == (10000, 10374.08, 1.0374) and written[6] == 1.2456
    api = client.get("/api/v1/targets/progress/", {**query, "indicator": "signed_amount"}).json()["rows"][0]
    assert format_percent(Decimal(api["schedule_rate"])) == shown["schedule_rate"]
    assert format_percent(Decimal(api["completion"])) == shown["completion"] == "103.74%"
    assert quantize_half_up(wan_to_yi(Decimal(api["actual"])), 2) == Decimal("10374.08")
