"""The cockpit in the browser: the city dispatcher opens /cockpit/, reads a headline figure (新签约项目数), clicks it
and lands on the contract list, which shows as many rows as the figure said."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from tests.attraction import factories
from tests.e2e.helpers import sign_in
from tuijin.attraction.choices import ContractKind
from tuijin.core.models import Region, User
from tuijin.targets import rollups
from tuijin.targets.models import Indicator, Target

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_drills_from_a_headline_figure_to_its_rows(
    page: Any, live_server: Any, regions: dict[str, Region], dispatcher_qz: User
) -> None:
    today = timezone.localdate()
    first = datetime.date(today.year, 1, 1)
    # Three counted contracts this year in the city, a framework agreement (not counted) and one in 福州.
    factories.contract("晋江新能源电池", "300000", first)
    factories.contract("晋江鞋服智造", "50000", first, region_code="350582")
    factories.contract("南安石材", "120000", today, region_code="350583")
    factories.contract("晋江框架协议", "80000", first, kind=ContractKind.FRAMEWORK)
    factories.contract("福州数字经济", "5000", first, region_code="350102")
    target = Target(
        indicator=Indicator.objects.get(key="signed_count"), region=regions["350500"], year=today.year, value=Decimal(6)
    )
    target.full_clean()
    target.save()
    rollups.rebuild()

    sign_in(page, live_server, "qz_dispatch")
    page.goto(f"{live_server.url}/cockpit/")
    assert "泉州市" in page.inner_text("h1")
    figure = page.locator("[data-testid=headline-signed_count]")
    assert figure.inner_text() == "3"
    row = page.locator("tr[data-indicator=signed_count]")
    assert row.locator("[data-col=target]").inner_text() == "6"
    assert row.locator("[data-col=completion]").inner_text() == "50.00%"
    page.wait_for_selector("#chart-investment canvas")  # ECharts drew the monthly chart

    with page.expect_navigation():
        figure.click()
    assert "/attraction/contracts/" in page.url
    assert re.search(r"共 3 条", page.inner_text(".results-bar"))
    assert page.locator("table tbody tr").count() == 3
    for name in ("晋江新能源电池", "晋江鞋服智造", "南安石材"):
        assert page.is_visible(f"table tbody >> text={name}")
