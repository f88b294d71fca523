"""The home page's to-dos of targets: missing figures of the last ended month, uncovered decompositions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import login
from tuijin.core.models import Region, User
from tuijin.core.periods import last_complete_month
from tuijin.targets.choices import Source, Unit
from tuijin.targets.models import Indicator, IndicatorEntry, Target
from tuijin.targets.todos import todos

pytestmark = pytest.mark.django_db


@pytest.fixture
def gdp(regions: dict[str, Region]) -> Indicator:
    return Indicator.objects.create(key="gdp", name="地区生产总值", unit=Unit.MONEY, source=Source.MANUAL)


def test_a_district_is_reminded_of_its_missing_figure(
    gdp: Indicator, regions: dict[str, Region], reporter_jj: User, client: Client
) -> None:
    year, month = last_complete_month(timezone.localdate())
    (item,) = todos(reporter_jj)
    assert item.count == 1 and "地区生产总值未填报" in item.title
    IndicatorEntry.objects.create(indicator=gdp, region=regions["350582"], year=year, month=month, value=Decimal(1))
    assert todos(reporter_jj) == []
    login(client, reporter_jj)
    assert client.get("/").status_code == 200


def test_the_city_is_reminded_of_missing_figures_and_uncovered_targets(
    gdp: Indicator, regions: dict[str, Region], dispatcher_qz: User, leader_qz: User
) -> None:
    year = timezone.localdate().year
    Target.objects.create(indicator=gdp, year=year, region=regions["350500"], value=Decimal("100"))
    Target.objects.create(indicator=gdp, year=year, region=regions["350582"], value=Decimal("60"))
    titles = {item.title: item.count for item in todos(dispatcher_qz)}
    missing = next(count for title, count in titles.items() if "未填报" in title)
    assert missing == 14  # 泉州市 and its 13 districts and zones
    assert titles[f"{year}年目标分解未覆盖上级目标"] == 1
    assert todos(leader_qz) == []  # leaders change nothing
