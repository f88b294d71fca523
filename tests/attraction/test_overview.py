"""The attraction overview and the team ranking: figures from queries, drill-down links, scope and exports."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.attraction import factories
from tests.conftest import login
from tuijin.attraction import queries
from tuijin.attraction.choices import ContractKind, MilestoneKind
from tuijin.attraction.models import AttractionTarget, Contract
from tuijin.core.models import Region, User
from tuijin.core.money import format_percent

D = datetime.date
AS_OF = "2025-09-30"


@pytest.fixture
def campaign(regions: dict[str, Region]) -> dict[str, Contract]:
    team = factories.team("晋江市驻深圳招商组")
    other = factories.team("晋江市长三角招商组")
    contracts = {
        "big": factories.contract(
            "晋江新能源电池项目",
            300000,
            D(2025, 1, 10),
            team=team,
            milestones={MilestoneKind.REGISTERED: D(2025, 2, 1), MilestoneKind.STARTED: D(2025, 6, 1)},
            funds=[(D(2025, 7, 1), 60000)],
        ),
        "late": factories.contract("晋江鞋服智能工厂", 50000, D(2025, 3, 1), team=other),
        "lc": factories.contract("鲤城文旅项目", 40000, D(2025, 6, 15), region_code="350502"),
        "framework": factories.contract("框架协议", 900000, D(2025, 2, 1), kind=ContractKind.FRAMEWORK),
    }
    AttractionTarget.objects.create(year=2025, region=regions["350500"], signed_amount=Decimal("500000"))
    AttractionTarget.objects.create(year=2025, region=regions["350582"], signed_amount=Decimal("400000"))
    return contracts


def page(client: Client, user: User, name: str, **params: str) -> str:
    login(client, user)
    response = client.get(reverse(f"attraction:{name}"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_city_overview_shows_the_figures_of_queries(
    client: Client, dispatcher_qz: User, campaign: dict[str, Contract], regions: dict[str, Region]
) -> None:
    html = page(client, dispatcher_qz, "overview", as_of=AS_OF)
    city = regions["350500"]
    progress = queries.target_progress(Contract.objects.all(), city, D(2025, 9, 30))
    assert progress.actual == Decimal("390000")
    assert "39.00亿元" in html  # 签约总额 without the framework agreement
    assert "78.00%" in html  # 390 000 / 500 000
    assert 'data-region="350582"' in html and 'data-region="350502"' in html
    # 晋江: 350 000 of 400 000 → 87.50%; one contract late on 注册 (due 2025-06-01).
    assert "87.50%" in html
    assert "晋江鞋服智能工厂" in html
    # Drill-down: the amount links to the contract list of the same rows.
    assert "signed_from=2025-01-01" in html and "signed_to=2025-09-30" in html and "kind=formal" in html


def test_the_drill_down_link_lists_the_counted_contracts(
    client: Client, dispatcher_qz: User, campaign: dict[str, Contract]
) -> None:
    login(client, dispatcher_qz)
    params = {"region": "350500", "signed_from": "2025-01-01", "signed_to": AS_OF, "kind": "formal"}
    html = client.get(reverse("attraction:contract_list"), params).content.decode()
    for name in ("晋江新能源电池项目", "晋江鞋服智能工厂", "鲤城文旅项目"):
        assert name in html
    assert "框架协议" not in html.split("<tbody")[-1]


def test_a_district_sees_its_own_overview_only(
    client: Client, reporter_jj: User, campaign: dict[str, Contract]
) -> None:
    html = page(client, reporter_jj, "overview", as_of=AS_OF)
    assert "晋江市" in html
    assert "35.00亿元" in html
    assert "鲤城文旅项目" not in html
    response = client.get(reverse("attraction:overview"), {"region": "350502"})
    assert response.status_code == 404


def test_overview_export_has_the_page_numbers(
    client: Client, dispatcher_qz: User, campaign: dict[str, Contract]
) -> None:
    login(client, dispatcher_qz)
    response = client.get(reverse("attraction:overview"), {"as_of": AS_OF, "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    city = next(row for row in values if row and row[0] == "泉州市")
    jinjiang = next(row for row in values if row and row[0] == "晋江市")
    headers = next(row for row in values if row and row[0] == "区域")
    col = {name: headers.index(name) for name in headers if name}
    assert Decimal(str(city[col["签约总额"]])) == Decimal("390000")
    assert city[col["目标完成率"]] == "78.00%"
    assert city[col["签约项目数"]] == 3
    assert jinjiang[col["开工率"]] == "50.00%"


def test_team_ranking_page_and_export(client: Client, dispatcher_qz: User, campaign: dict[str, Contract]) -> None:
    html = page(client, dispatcher_qz, "team_ranking", as_of=AS_OF, region="350582")
    first = html.index("晋江市驻深圳招商组")
    second = html.index("晋江市长三角招商组")
    assert first < second
    assert "30.00亿元" in html and "5.00亿元" in html
    response = client.get(reverse("attraction:team_ranking"), {"as_of": AS_OF, "region": "350582", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[0] in (1, 2)]
    assert [(row[0], row[1]) for row in rows] == [(1, "晋江市驻深圳招商组"), (2, "晋江市长三角招商组")]


def test_outsiders_cannot_open_a_foreign_region(
    client: Client, reporter_lc: User, campaign: dict[str, Contract]
) -> None:
    login(client, reporter_lc)
    for name in ("overview", "team_ranking"):
        assert client.get(reverse(f"attraction:{name}"), {"region": "350582"}).status_code == 404
    html = client.get(reverse("attraction:team_ranking")).content.decode()
    assert "晋江市驻深圳招商组" not in html


def test_page_api_and_export_agree(client: Client, dispatcher_qz: User, campaign: dict[str, Contract]) -> None:
    login(client, dispatcher_qz)
    api = client.get("/api/v1/attraction/rates/", {"as_of": AS_OF, "region": "350582", "group": "region"}).json()
    progress = client.get("/api/v1/attraction/target-progress/", {"as_of": AS_OF, "region": "350582"}).json()
    html = client.get(reverse("attraction:overview"), {"as_of": AS_OF, "region": "350582"}).content.decode()
    export = client.get(reverse("attraction:overview"), {"as_of": AS_OF, "region": "350582", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    values = [row for row in sheet.iter_rows(values_only=True) if row]
    headers = next(row for row in values if row[0] == "区域")
    jinjiang = dict(zip(headers, next(row for row in values if row[0] == "晋江市"), strict=False))
    total = api["total"]
    assert Decimal(total["amount"]) == Decimal("350000") == Decimal(str(jinjiang["签约总额"]))
    assert total["contracts"] == jinjiang["签约项目数"] == 2
    start_rate = format_percent(Decimal(total["start_rate"]))
    assert start_rate == jinjiang["开工率"] == "50.00%"
    assert 'data-testid="top-start"><a href="' in html and start_rate in html
    first = progress["region"]
    completion = format_percent(Decimal(first["completion"]))
    assert completion == jinjiang["目标完成率"] == "87.50%"
    assert completion in html
