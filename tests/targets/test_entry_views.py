"""Hand-entered figures (指标填报): the list with periods and 同比, create/edit/delete by the 区县填报 of the
region's subtree and the 市级调度 with history reasons, manual indicators only, and 404 for outsiders."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.targets.test_target_views import as_user, entry, manual, page, text, url
from tuijin.core.models import Region, User
from tuijin.targets.choices import Unit
from tuijin.targets.models import Indicator, IndicatorEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def fai(regions: dict[str, Region]) -> Indicator:
    return manual()


@pytest.fixture
def jj_entry(fai: Indicator) -> IndicatorEntry:
    return entry(fai, "350582", "1130000", previous="1000000")


def form_data(indicator: Indicator, code: str, **fields: object) -> dict[str, object]:
    region = Region.objects.get(code=code)
    return {"indicator": indicator.pk, "region": region.pk, "year": 2022, "month": 10, "value": "1130000", **fields}


def test_it_lists_entries_in_scope_with_period_and_growth(
    client: Client, fai: Indicator, jj_entry: IndicatorEntry, dispatcher_qz: User, reporter_jj: User
) -> None:
    entry(manual("jobs", "新增就业", Unit.COUNT), "350582", "1234", month=1)
    entry(fai, "350502", "500000", month=9)
    entry(fai, "350102", "900000")  # 福州
    content = page(as_user(client, dispatcher_qz), url("entry_list"))
    shown = text(content)
    for expected in ("2022年1—10月", "113.00亿元", "100.00亿元", "13.0%", "2022年1月", "1,234", "2022年1—9月"):
        assert expected in shown, expected
    assert 'data-region="350102"' not in content and 'href="/targets/entries/new/"' in content

    # A district sees its subtree; the filters narrow the table (htmx refreshes only the table).
    content = page(as_user(client, reporter_jj), url("entry_list"))
    assert 'data-region="350582"' in content and 'data-region="350502"' not in content
    partial = page(
        client, f"{url('entry_list')}?indicator=fai&month=10", headers={"HX-Request": "true", "HX-Target": "results"}
    )
    assert "<html" not in partial and partial.count('data-region="350582"') == 1


def test_a_district_enters_edits_and_deletes_figures_of_its_own_subtree(
    client: Client, fai: Indicator, reporter_jj: User
) -> None:
    as_user(client, reporter_jj)
    form = page(client, url("entry_create"))
    assert "金额类指标填万元" in form and "鲤城区" not in form
    assert f'value="{Indicator.objects.get(key="investment").pk}"' not in form  # computed: not entered here

    response = client.post(url("entry_create"), form_data(fai, "350582", previous_value="1000000", reason="10月数据"))
    created = IndicatorEntry.objects.get()
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    detail = text(page(client, created.get_absolute_url()))
    assert "113.00亿元（1,130,000.00万元）" in detail and "同比 13.0%" in detail

    # Another district's region and a computed indicator are refused.
    refused = client.post(url("entry_create"), form_data(fai, "350502", month=9, reason="x"))
    assert refused.status_code == 200 and IndicatorEntry.objects.count() == 1
    investment = Indicator.objects.get(key="investment")
    refused = client.post(url("entry_create"), form_data(investment, "350582", month=9, reason="x"))
    assert refused.status_code == 200 and IndicatorEntry.objects.count() == 1

    edit = form_data(fai, "350582", value="1140000", version=created.version, reason="统计局核定")
    assert client.post(url("entry_edit", created), edit).status_code == 302
    created.refresh_from_db()
    assert created.value == 1140000
    assert "统计局核定" in page(client, f"{created.get_absolute_url()}?tab=history")

    assert client.post(url("entry_delete", created), {"reason": "重复填报"}).status_code == 302
    assert IndicatorEntry.history.filter(id=created.pk, history_type="-").get().history_change_reason == "重复填报"


def test_the_city_dispatcher_edits_a_districts_figure(
    client: Client, fai: Indicator, jj_entry: IndicatorEntry, dispatcher_qz: User
) -> None:
    as_user(client, dispatcher_qz)
    detail = page(client, jj_entry.get_absolute_url())
    assert url("entry_edit", jj_entry) in detail and url("entry_delete", jj_entry) in detail
    edit = form_data(fai, "350582", value="1150000", version=jj_entry.version, reason="更正")
    assert client.post(url("entry_edit", jj_entry), edit).status_code == 302
    jj_entry.refresh_from_db()
    assert jj_entry.value == 1150000


def test_a_leader_reads_figures_but_does_not_change_them(
    client: Client, jj_entry: IndicatorEntry, leader_qz: User
) -> None:
    as_user(client, leader_qz)
    assert url("entry_edit", jj_entry) not in page(client, jj_entry.get_absolute_url())
    assert client.get(url("entry_create")).status_code == 404
    assert client.get(url("entry_edit", jj_entry)).status_code == 404


def test_outsiders_get_404(client: Client, jj_entry: IndicatorEntry, dispatcher_fz: User, reporter_lc: User) -> None:
    for user in (dispatcher_fz, reporter_lc):
        as_user(client, user)
        for name in ("entry_detail", "entry_edit", "entry_delete"):
            assert client.get(url(name, jj_entry)).status_code == 404, (user, name)
        assert client.post(url("entry_delete", jj_entry), {"reason": "x"}).status_code == 404
        assert jj_entry.get_absolute_url() not in page(client, url("entry_list"))
    assert IndicatorEntry.objects.filter(pk=jj_entry.pk).exists()


def test_a_future_month_is_refused_on_the_form(client: Client, fai: Indicator, reporter_jj: User) -> None:
    as_user(client, reporter_jj)
    response = client.post(url("entry_create"), form_data(fai, "350582", year=2100, month=1, reason="x"))
    assert response.status_code == 200 and "不能填报未来月份的数据" in response.content.decode()
