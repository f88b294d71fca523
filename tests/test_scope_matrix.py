"""Walks tests/scope_matrix.py: every outsider gets 404 (or an export without the row); the insider does not."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.scope_matrix import ENDPOINTS, FACTORIES, INSIDER, OUTSIDERS, Endpoint


def call(client: Client, endpoint: Endpoint, obj: Any) -> Any:
    method = getattr(client, endpoint.method)
    if endpoint.kind.startswith("api") and endpoint.method in {"patch", "put"}:
        return method(endpoint.url(obj), data=endpoint.data or {}, content_type="application/json")
    if endpoint.method == "get":
        return method(endpoint.url(obj))
    return method(endpoint.url(obj), data=endpoint.data or {})


def export_text(response: Any) -> str:
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return "\n".join(
        " ".join(str(cell) for cell in row if cell is not None)
        for sheet in workbook
        for row in sheet.iter_rows(values_only=True)
    )


def assert_hidden(response: Any, endpoint: Endpoint, obj: Any, who: str) -> None:
    if endpoint.kind == "export":
        assert response.status_code == 200, f"{endpoint} as {who}: {response.status_code}"
        assert endpoint.marker(obj) not in export_text(response), f"{endpoint} as {who} exported a foreign row"
    elif endpoint.kind == "api-list":
        assert response.status_code == 200, f"{endpoint} as {who}: {response.status_code}"
        assert endpoint.marker(obj) not in response.content.decode(), f"{endpoint} as {who} listed a foreign row"
    else:
        assert response.status_code == 404, f"{endpoint} as {who}: expected 404, got {response.status_code}"


def assert_reachable(response: Any, endpoint: Endpoint, obj: Any) -> None:
    assert response.status_code in {200, 204, 302}, f"{endpoint} as insider: {response.status_code}"
    if endpoint.kind == "export":
        assert endpoint.marker(obj) in export_text(response), f"{endpoint}: the insider's export lacks the row"
    if endpoint.kind == "api-list":
        assert endpoint.marker(obj) in response.content.decode(), f"{endpoint}: the insider's list lacks the row"


@pytest.mark.parametrize("outsider", OUTSIDERS)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_it_hides_foreign_objects(
    request: pytest.FixtureRequest, regions: Any, endpoint: Endpoint, outsider: str
) -> None:
    obj = FACTORIES[endpoint.factory](regions)
    user = request.getfixturevalue(outsider)
    client = Client()
    client.force_login(user)
    assert_hidden(call(client, endpoint, obj), endpoint, obj, outsider)
    # Nothing changed behind the 404: the object is still there, with its original version.
    obj.refresh_from_db()
    assert obj.version == 1


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if e.method == "get"], ids=str)
def test_it_shows_the_insider(request: pytest.FixtureRequest, regions: Any, endpoint: Endpoint) -> None:
    obj = FACTORIES[endpoint.factory](regions)
    client = Client()
    client.force_login(request.getfixturevalue(INSIDER))
    assert_reachable(call(client, endpoint, obj), endpoint, obj)
