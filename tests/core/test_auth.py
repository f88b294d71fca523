"""Sign-in, throttling, sign-out, password change and the session timeout."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tuijin.core.models import LoginFailure, User


def post_login(client: Client, username: str, password: str) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password})


def test_it_redirects_anonymous_visitors_to_login(client: Client, db: Any) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_serves_a_chinese_login_page(client: Client, db: Any) -> None:
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_it_signs_in_and_shows_the_scope(client: Client, reporter_jj: User) -> None:
    response = post_login(client, "jj_reporter", PASSWORD)
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert "晋江市" in page and "区县填报" in page and "王填报" in page


def test_it_explains_a_wrong_password_in_chinese(client: Client, reporter_jj: User) -> None:
    response = post_login(client, "jj_reporter", "wrong")
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode() or "用户名" in response.content.decode()
    assert LoginFailure.objects.filter(username="jj_reporter").count() == 1


def test_it_locks_out_after_repeated_failures(client: Client, reporter_jj: User) -> None:
    for _attempt in range(settings.TUIJIN_LOGIN_MAX_FAILURES):
        post_login(client, "jj_reporter", "wrong")
    # Even the right password is refused while locked: the lock must not reveal whether it was right.
    response = post_login(client, "jj_reporter", PASSWORD)
    assert response.status_code == 200
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_counts_failures_per_username(client: Client, reporter_jj: User, reporter_lc: User) -> None:
    for _attempt in range(settings.TUIJIN_LOGIN_MAX_FAILURES):
        post_login(client, "jj_reporter", "wrong")
    assert post_login(client, "lc_reporter", PASSWORD).status_code == 302


def test_it_forgets_failures_after_success(client: Client, reporter_jj: User) -> None:
    post_login(client, "jj_reporter", "wrong")
    assert post_login(client, "jj_reporter", PASSWORD).status_code == 302
    assert not LoginFailure.objects.filter(username="jj_reporter").exists()


def test_it_signs_out_with_post(client: Client, reporter_jj: User) -> None:
    client.force_login(reporter_jj)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_it_changes_the_password(client: Client, reporter_jj: User) -> None:
    client.force_login(reporter_jj)
    assert "修改密码" in client.get(reverse("password_change")).content.decode()
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Another-pass-2027", "new_password2": "Another-pass-2027"},
    )
    assert response.status_code == 302
    reporter_jj.refresh_from_db()
    assert reporter_jj.check_password("Another-pass-2027")


@pytest.mark.parametrize("setting", ["SESSION_COOKIE_AGE"])
def test_it_times_sessions_out(setting: str, client: Client, reporter_jj: User) -> None:
    assert getattr(settings, setting) == 120 * 60  # default TUIJIN_SESSION_MINUTES
    client.force_login(reporter_jj)
    client.get("/")
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert settings.SESSION_SAVE_EVERY_REQUEST  # sliding: activity renews the session
