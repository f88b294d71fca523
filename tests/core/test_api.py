"""REST API: authentication, the current user, scoped regions and units, versions, reasons, the schema."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from tuijin.core.models import Unit, User


@pytest.fixture
def api(client: Client) -> Client:
    return client


def test_it_requires_authentication(api: Client, db: Any) -> None:
    assert api.get("/api/v1/units/").status_code in {401, 403}


def test_it_accepts_token_authentication(api: Client, reporter_jj: User) -> None:
    token = Token.objects.create(user=reporter_jj)
    response = api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "jj_reporter"
    assert body["roles"] == [{"role": "reporter", "region": "350582", "region_name": "晋江市"}]


def test_it_scopes_regions(api: Client, reporter_jj: User) -> None:
    api.force_login(reporter_jj)
    codes = {row["code"] for row in api.get("/api/v1/regions/?page_size=100").json()["results"]}
    assert codes == {"350582"}
    assert api.get("/api/v1/regions/350583/").status_code == 404


def test_it_filters_units_like_the_list_page(api: Client, dispatcher_qz: User, make_unit: Any) -> None:
    make_unit("晋江市商务局", "350582")
    make_unit("鲤城区商务局", "350502")
    api.force_login(dispatcher_qz)
    names = {row["name"] for row in api.get("/api/v1/units/?region=350582").json()["results"]}
    assert names == {"晋江市商务局"}


def test_it_creates_updates_and_refuses_stale_versions(api: Client, dispatcher_qz: User, regions: Any) -> None:
    api.force_login(dispatcher_qz)
    created = api.post(
        "/api/v1/units/",
        {"name": "晋江市商务局", "kind": "government", "region": "350582"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    unit = Unit.objects.get(pk=created.json()["id"])
    assert unit.history.get().history_source == "api"
    url = f"/api/v1/units/{unit.pk}/"
    missing_reason = api.patch(url, {"contact_person": "张三", "version": 1}, content_type="application/json")
    assert missing_reason.status_code == 400 and "reason" in missing_reason.json()
    ok = api.patch(url, {"contact_person": "张三", "version": 1, "reason": "补充"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = api.patch(url, {"contact_person": "李四", "version": 1, "reason": "补充"}, content_type="application/json")
    assert stale.status_code == 409
    assert "已被其他用户修改" in stale.json()["detail"]
    unit.refresh_from_db()
    assert unit.contact_person == "张三"
    assert unit.history.latest("history_id").history_change_reason == "补充"
    assert unit.history.latest("history_id").history_user == dispatcher_qz


def test_it_refuses_units_outside_scope(api: Client, dispatcher_qz: User, regions: Any) -> None:
    api.force_login(dispatcher_qz)
    response = api.post(
        "/api/v1/units/",
        {"name": "福州市商务局", "kind": "government", "region": "350100"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not Unit.objects.filter(name="福州市商务局").exists()


def test_it_validates_with_the_model(api: Client, dispatcher_qz: User, regions: Any) -> None:
    api.force_login(dispatcher_qz)
    response = api.post(
        "/api/v1/units/",
        {"name": "某公司", "kind": "enterprise", "region": "350582", "credit_code": "91110108551385082A"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "校验" in str(response.json()["credit_code"])


def test_it_refuses_writes_to_readers(api: Client, leader_qz: User, reporter_jj: User) -> None:
    api.force_login(leader_qz)
    unit = reporter_jj.unit
    response = api.patch(
        f"/api/v1/units/{unit.pk}/", {"name": "改名", "version": 1, "reason": "x"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert api.get(f"/api/v1/units/{unit.pk}/").status_code == 200


def test_it_serves_the_openapi_schema_and_docs(api: Client, reporter_jj: User) -> None:
    api.force_login(reporter_jj)
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {"/api/v1/units/", "/api/v1/regions/", "/api/v1/me/"} <= set(paths)
    assert api.get("/api/v1/docs/").status_code == 200
