"""Shared fixtures: the seeded region tree and one user per role, inside and outside 晋江市.

Most tests use the Healthchecks pattern: an insider who may act, and outsiders (another district,
another city, a department of another region) who must get 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings

from tuijin.attraction.models import LeadSource
from tuijin.core.choices import Role, UnitKind
from tuijin.core.models import Region, RoleAssignment, Unit, User
from tuijin.core.regions import seed_regions
from tuijin.problems.models import ProblemKind
from tuijin.targets.indicators import ensure_indicators

PASSWORD = "Test-pass-2026"


@pytest.fixture(scope="session", autouse=True)
def _test_settings(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Tests do not run collectstatic (static files by name, not the hashed manifest), hash passwords fast and
    store uploads in a temporary directory."""
    with override_settings(
        MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        # PBKDF2 costs ~0.7 s per fixture user; hashing strength is not what these tests are about.
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        yield


@pytest.fixture
def regions(db: Any) -> dict[str, Region]:
    """The region tree (and the reference rows data migrations add, which a live-server test's flush removes)."""
    seed_regions()
    LeadSource.ensure_defaults()
    ProblemKind.ensure_defaults()
    ensure_indicators()
    return {region.code: region for region in Region.objects.all()}


@pytest.fixture
def make_unit(regions: dict[str, Region]) -> Callable[..., Unit]:
    def make(name: str, region_code: str, kind: str = UnitKind.GOVERNMENT, **fields: Any) -> Unit:
        return Unit.objects.create(name=name, region=regions[region_code], kind=kind, **fields)

    return make


@pytest.fixture
def make_user(regions: dict[str, Region]) -> Callable[..., User]:
    def make(username: str, role: str | None, region_code: str | None, unit: Unit | None = None, **fields: Any) -> User:
        user = User.objects.create_user(username=username, password=PASSWORD, unit=unit, **fields)
        if role:
            RoleAssignment.objects.create(user=user, role=role, region=regions[region_code])
        return user

    return make


@pytest.fixture
def jj_unit(make_unit: Callable[..., Unit]) -> Unit:
    return make_unit("晋江市发改局", "350582")


@pytest.fixture
def lc_unit(make_unit: Callable[..., Unit]) -> Unit:
    return make_unit("鲤城区自然资源局", "350502")


@pytest.fixture
def admin_user(make_user: Callable[..., User]) -> User:
    return make_user("admin", Role.ADMIN, "350000", is_superuser=True, is_staff=True)


@pytest.fixture
def dispatcher_qz(make_user: Callable[..., User]) -> User:
    return make_user("qz_dispatch", Role.DISPATCHER, "350500", full_name="陈调度")


@pytest.fixture
def leader_qz(make_user: Callable[..., User]) -> User:
    return make_user("qz_leader", Role.LEADER, "350500")


@pytest.fixture
def reporter_jj(make_user: Callable[..., User], jj_unit: Unit) -> User:
    return make_user("jj_reporter", Role.REPORTER, "350582", unit=jj_unit, full_name="王填报")


@pytest.fixture
def reporter_lc(make_user: Callable[..., User]) -> User:
    return make_user("lc_reporter", Role.REPORTER, "350502")


@pytest.fixture
def handler_lc(make_user: Callable[..., User], lc_unit: Unit) -> User:
    return make_user("lc_handler", Role.HANDLER, "350502", unit=lc_unit)


@pytest.fixture
def dispatcher_fz(make_user: Callable[..., User]) -> User:
    return make_user("fz_dispatch", Role.DISPATCHER, "350100")


@pytest.fixture
def leader_fz(make_user: Callable[..., User]) -> User:
    return make_user("fz_leader", Role.LEADER, "350100")


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client
