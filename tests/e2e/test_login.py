"""A district reporter signs in and sees the Chinese home page with their own scope."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import PASSWORD
from tuijin.core.models import User

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page: Any, live_server: Any, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def test_it_shows_a_reporter_their_scope(page: Any, live_server: Any, reporter_jj: User) -> None:
    sign_in(page, live_server, "jj_reporter", PASSWORD)
    page.wait_for_selector("[data-testid=user-scope]")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert "晋江市" in page.inner_text("[data-testid=user-scope]")
    assert "王填报" in page.inner_text("[data-testid=user-name]")
    assert "区县填报" in page.inner_text("body")
    assert "暂无待办事项" in page.inner_text("body")


def test_it_refuses_a_wrong_password_in_chinese(page: Any, live_server: Any, reporter_jj: User) -> None:
    sign_in(page, live_server, "jj_reporter", "wrong-password")
    page.wait_for_selector("text=正确")
    assert "/accounts/login/" in page.url
    assert page.locator("[data-testid=user-scope]").count() == 0


def test_it_keeps_units_of_other_districts_out_of_sight(
    page: Any, live_server: Any, reporter_jj: User, make_unit: Any
) -> None:
    make_unit("鲤城区商务局", "350502")
    sign_in(page, live_server, "jj_reporter", PASSWORD)
    page.wait_for_selector("[data-testid=user-scope]")
    page.goto(f"{live_server.url}/units/")
    body = page.inner_text("body")
    assert "晋江市发改局" in body
    assert "鲤城区商务局" not in body
