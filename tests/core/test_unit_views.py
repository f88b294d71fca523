"""Unit pages through the generic views: list, filter, htmx partial, detail, history, create, edit, delete, export."""

from __future__ import annotations

import io
from typing import Any

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tuijin.core.models import Unit, User

VALID_CODE = "91110108551385082Q"


def unit_form(unit: Unit | None = None, **changes: Any) -> dict[str, Any]:
    data = {
        "name": "晋江市商务局",
        "short_name": "",
        "kind": "government",
        "region": "",
        "credit_code": "",
        "contact_person": "",
        "contact_phone": "",
        "is_active": "on",
        "reason": "",
    }
    if unit is not None:
        data.update(name=unit.name, kind=unit.kind, region=unit.region_id, version=unit.version)
    data.update(changes)
    return data


def test_it_lists_filters_and_searches(client: Client, dispatcher_qz: User, make_unit: Any, regions: Any) -> None:
    make_unit("晋江市商务局", "350582")
    make_unit("鲤城区商务局", "350502")
    client.force_login(dispatcher_qz)
    page = client.get(reverse("core:unit_list")).content.decode()
    assert "晋江市商务局" in page and "鲤城区商务局" in page
    page = client.get(reverse("core:unit_list"), {"region": "350582"}).content.decode()
    assert "晋江市商务局" in page and "鲤城区商务局" not in page
    page = client.get(reverse("core:unit_list"), {"q": "鲤城"}).content.decode()
    assert "鲤城区商务局" in page and "晋江市商务局" not in page


def test_it_answers_htmx_with_the_results_partial(client: Client, dispatcher_qz: User, make_unit: Any) -> None:
    make_unit("晋江市商务局", "350582")
    client.force_login(dispatcher_qz)
    response = client.get(reverse("core:unit_list"), {"q": "晋江"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    body = response.content.decode()
    assert "晋江市商务局" in body
    assert "<html" not in body


def test_it_shows_detail_and_history(client: Client, dispatcher_qz: User, make_unit: Any) -> None:
    unit = make_unit("晋江市商务局", "350582")
    client.force_login(dispatcher_qz)
    client.post(reverse("core:unit_edit", args=[unit.pk]), unit_form(unit, contact_person="张三", reason="补充联系人"))
    page = client.get(reverse("core:unit_detail", args=[unit.pk]) + "?tab=history").content.decode()
    assert "补充联系人" in page and "陈调度" in page and "张三" in page


def test_it_creates_within_scope_with_history(client: Client, dispatcher_qz: User, regions: Any) -> None:
    client.force_login(dispatcher_qz)
    response = client.post(reverse("core:unit_create"), unit_form(region=regions["350582"].pk, credit_code=VALID_CODE))
    assert response.status_code == 302
    unit = Unit.objects.get(name="晋江市商务局")
    record = unit.history.get()
    assert record.history_user == dispatcher_qz and record.history_change_reason == "新建"
    assert record.history_source == "web"


def test_it_refuses_a_region_outside_scope_on_create(client: Client, dispatcher_qz: User, regions: Any) -> None:
    client.force_login(dispatcher_qz)
    response = client.post(reverse("core:unit_create"), unit_form(region=regions["350102"].pk))
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode() or "有效" in response.content.decode()
    assert not Unit.objects.filter(name="晋江市商务局").exists()


def test_it_refuses_create_to_roles_without_rights(client: Client, reporter_jj: User, leader_qz: User) -> None:
    for user in (reporter_jj, leader_qz):
        client.force_login(user)
        assert client.get(reverse("core:unit_create")).status_code == 404


def test_it_requires_a_reason_to_edit(client: Client, dispatcher_qz: User, make_unit: Any) -> None:
    unit = make_unit("晋江市商务局", "350582")
    client.force_login(dispatcher_qz)
    response = client.post(reverse("core:unit_edit", args=[unit.pk]), unit_form(unit, contact_person="张三"))
    assert response.status_code == 200
    assert "请填写修改原因" in response.content.decode()
    unit.refresh_from_db()
    assert unit.contact_person == ""


def test_it_refuses_a_stale_edit_and_keeps_the_newer_one(client: Client, dispatcher_qz: User, make_unit: Any) -> None:
    unit = make_unit("晋江市商务局", "350582")
    client.force_login(dispatcher_qz)
    stale_form = unit_form(unit, contact_person="李四", reason="第二人修改")
    client.post(reverse("core:unit_edit", args=[unit.pk]), unit_form(unit, contact_person="张三", reason="第一人修改"))
    response = client.post(reverse("core:unit_edit", args=[unit.pk]), stale_form)
    assert response.status_code == 200
    assert "已被其他用户修改" in response.content.decode()
    unit.refresh_from_db()
    assert unit.contact_person == "张三" and unit.version == 2


def test_it_shows_credit_code_errors_in_chinese(client: Client, dispatcher_qz: User, regions: Any) -> None:
    client.force_login(dispatcher_qz)
    response = client.post(reverse("core:unit_create"), unit_form(region=regions["350582"].pk, credit_code="123"))
    assert "18位" in response.content.decode()
    assert not Unit.objects.exists()


def test_it_deletes_with_a_reason(client: Client, dispatcher_qz: User, make_unit: Any) -> None:
    unit = make_unit("晋江市商务局", "350582")
    client.force_login(dispatcher_qz)
    assert client.post(reverse("core:unit_delete", args=[unit.pk]), {"reason": ""}).status_code == 200
    assert Unit.objects.filter(pk=unit.pk).exists()
    response = client.post(reverse("core:unit_delete", args=[unit.pk]), {"reason": "重复"})
    assert response.status_code == 302
    assert Unit.history.filter(id=unit.pk, history_type="-").get().history_change_reason == "重复"


def test_it_refuses_to_delete_a_unit_in_use(client: Client, dispatcher_qz: User, reporter_jj: User) -> None:
    client.force_login(dispatcher_qz)
    response = client.post(reverse("core:unit_delete", args=[reporter_jj.unit_id]), {"reason": "清理"})
    assert response.status_code == 200
    assert "引用" in response.content.decode()
    assert Unit.objects.filter(pk=reporter_jj.unit_id).exists()


def test_it_exports_the_filtered_rows(client: Client, dispatcher_qz: User, make_unit: Any) -> None:
    make_unit("晋江市商务局", "350582", credit_code=VALID_CODE)
    make_unit("鲤城区商务局", "350502")
    client.force_login(dispatcher_qz)
    response = client.get(reverse("core:unit_export"), {"region": "350582"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("单位名称", "简称", "单位类型")
    names = {row[0] for row in rows[1:]}
    assert names == {"晋江市商务局"}
    assert rows[1][5] == VALID_CODE
