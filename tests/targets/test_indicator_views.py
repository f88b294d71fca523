"""Indicator pages: read by every role, created (manual only) and changed by the administrator only — everyone else
sees no 新建/编辑 button and gets 404 on the edit URLs; a computed indicator keeps its key, name, unit and source."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.targets.test_target_views import as_user, manual, page, text, url
from tuijin.core.models import Region, User
from tuijin.targets.choices import Source
from tuijin.targets.indicators import COMPUTED
from tuijin.targets.models import Indicator

pytestmark = pytest.mark.django_db


def test_every_role_reads_the_indicators_without_edit_buttons(
    client: Client, regions: dict[str, Region], reporter_jj: User, dispatcher_qz: User, handler_lc: User
) -> None:
    fai = manual()
    investment = Indicator.objects.get(key="investment")
    for user in (reporter_jj, dispatcher_qz, handler_lc):
        as_user(client, user)
        content = page(client, url("indicator_list"))
        assert 'data-key="investment"' in content and 'data-key="fai"' in content
        assert url("indicator_create") not in content
        detail = page(client, investment.get_absolute_url())
        assert url("indicator_edit", investment) not in detail
        assert COMPUTED["investment"].description in detail  # what it counts
        for target in (url("indicator_create"), url("indicator_edit", investment), url("indicator_edit", fai)):
            assert client.get(target).status_code == 404
            assert client.post(target, {"name": "改名", "reason": "x"}).status_code == 404
    assert Indicator.objects.get(key="fai").name == "固定资产投资"

    # The filters: manual indicators only.
    content = page(client, f"{url('indicator_list')}?source=manual")
    assert 'data-key="fai"' in content and 'data-key="investment"' not in content


def test_the_administrator_creates_a_manual_indicator_and_edits_it(
    client: Client, regions: dict[str, Region], admin_user: User
) -> None:
    as_user(client, admin_user)
    assert url("indicator_create") in page(client, url("indicator_list"))
    data = {
        "key": "gdp",
        "name": "地区生产总值",
        "unit": "money",
        "cumulative": "on",
        "time_basis": "month",
        "direction": "higher",
        "order": 5,
        "active": "on",
        "reason": "新增考核指标",
    }
    response = client.post(url("indicator_create"), data)
    gdp = Indicator.objects.get(key="gdp")
    assert response.status_code == 302 and gdp.source == Source.MANUAL and gdp.name == "地区生产总值"

    # The key of a computed indicator is refused; a percent indicator does not accumulate.
    response = client.post(url("indicator_create"), {**data, "key": "investment", "name": "投资"})
    assert "该代码属于系统计算指标" in response.content.decode() or "已存在" in response.content.decode()
    response = client.post(url("indicator_create"), {**data, "key": "rate", "unit": "percent"})
    assert "百分比类指标不是年度累计量" in response.content.decode()

    edit = {**data, "key": "changed", "name": "GDP", "version": gdp.version, "reason": "统一名称"}
    assert client.post(url("indicator_edit", gdp), edit).status_code == 302
    gdp.refresh_from_db()
    assert (gdp.key, gdp.name) == ("gdp", "GDP")  # the key is set once
    assert "统一名称" in page(client, f"{gdp.get_absolute_url()}?tab=history")


def test_a_computed_indicator_changes_only_its_settings(
    client: Client, regions: dict[str, Region], admin_user: User
) -> None:
    investment = Indicator.objects.get(key="investment")
    as_user(client, admin_user)
    detail = text(page(client, investment.get_absolute_url()))
    assert "计算口径" in detail and "年度重点项目已审核月报的当年完成投资" in detail
    data = {
        "key": "other",
        "name": "改名",
        "unit": "count",
        "time_basis": "day",
        "direction": "higher",
        "order": 1,
        "active": "on",
        "description": "按日计算序时",
        "version": investment.version,
        "reason": "改为按日",
    }
    response = client.post(url("indicator_edit", investment), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    investment.refresh_from_db()
    assert (investment.key, investment.name, investment.unit, investment.source) == (
        "investment",
        "本年完成投资",
        "money",
        Source.COMPUTED,
    )
    assert (investment.time_basis, investment.order, investment.description) == ("day", 1, "按日计算序时")
    assert investment.cumulative is True


def test_the_admin_lists_the_apps_models(client: Client, regions: dict[str, Region], admin_user: User) -> None:
    as_user(client, admin_user)
    for model in ("indicator", "target", "indicatorentry", "assessmentscheme", "rollup"):
        assert client.get(f"/admin/targets/{model}/").status_code == 200, model
    assert client.get("/admin/targets/assessmentscheme/add/").status_code == 200
    assert client.get("/admin/targets/rollup/add/").status_code == 403  # derived data: read-only
    investment = Indicator.objects.get(key="investment")
    change = client.get(f"/admin/targets/indicator/{investment.pk}/change/").content.decode()
    assert 'name="key"' not in change and 'name="time_basis"' in change
