"""What the browser tests share."""

from __future__ import annotations

from typing import Any

from tests.conftest import PASSWORD


def sign_in(page: Any, live_server: Any, username: str) -> None:
    """Sign in afresh (cookies cleared) with the test password and wait for the signed-in page."""
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=user-scope]")
