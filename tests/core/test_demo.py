"""The reference regions and the ``tuijin demo`` command."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from tuijin.core.choices import RegionKind, Role, UnitKind
from tuijin.core.management.commands import demo as demo_command
from tuijin.core.management.commands.demo import ACCOUNTS, DEMO_PASSWORD, DEPARTMENTS
from tuijin.core.models import Region, RoleAssignment, Unit, User
from tuijin.core.regions import REGIONS, seed_regions

pytestmark = pytest.mark.django_db

MODELS = (Region, Unit, User, RoleAssignment)


@pytest.fixture(autouse=True)
def core_steps_only(monkeypatch: pytest.MonkeyPatch) -> None:
    # These tests are about the core steps (regions, units, accounts); the projects and dispatch steps take a
    # minute and are tested once, in tests/projects/test_demo_data.py.
    monkeypatch.setattr(demo_command, "STEPS", [step for step in demo_command.STEPS if not isinstance(step, str)])


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def history_counts() -> dict[str, int]:
    return {model.__name__: model.history.count() for model in MODELS}


def test_it_builds_the_region_tree() -> None:
    assert seed_regions() == len(REGIONS) == 31

    province = Region.objects.get(code="350000")
    assert (province.kind, province.parent, province.depth, province.path) == (RegionKind.PROVINCE, None, 0, "/350000/")
    quanzhou = Region.objects.get(code="350500")
    fuzhou = Region.objects.get(code="350100")
    assert quanzhou.children.count() == 14  # 4 districts, 5 counties, 3 county-level cities, 2 zones
    assert fuzhou.children.count() == 14  # 6 districts, 6 counties, 1 county-level city, 1 zone
    assert quanzhou.children.filter(kind=RegionKind.COUNTY_CITY).count() == 3
    assert fuzhou.children.filter(kind=RegionKind.DISTRICT).count() == 6

    # Only 金门县 stays out of totals and rankings.
    assert list(Region.objects.filter(in_statistics=False).values_list("name", flat=True)) == ["金门县"]

    zones = {region.code: region for region in Region.objects.filter(kind=RegionKind.ZONE)}
    assert set(zones) == {"350500Z01", "350500Z02", "350100Z01"}
    assert zones["350500Z01"].parent == quanzhou and zones["350500Z01"].short_name == "泉州开发区"
    assert zones["350500Z02"].parent == quanzhou and zones["350500Z02"].name == "泉州台商投资区"
    assert zones["350100Z01"].parent == fuzhou and zones["350100Z01"].depth == 2

    for region in Region.objects.exclude(parent=None).select_related("parent"):
        assert region.path == f"{region.parent.path}{region.code}/"
        assert region.depth == region.parent.depth + 1
    assert Region.objects.get(code="350582").path == "/350000/350500/350582/"

    # sort_order follows the GB/T 2260 codes of the administrative regions.
    coded = Region.objects.exclude(kind=RegionKind.ZONE).order_by("sort_order")
    codes = list(coded.values_list("code", flat=True))
    assert codes == sorted(codes)


def test_it_seeds_regions_without_rewriting_them() -> None:
    seed_regions()
    versions = dict(Region.objects.values_list("code", "version"))
    history = Region.history.count()

    assert seed_regions() == 0

    assert dict(Region.objects.values_list("code", "version")) == versions
    assert Region.history.count() == history


def test_it_repairs_a_changed_region() -> None:
    seed_regions()
    Region.objects.filter(code="350582").update(name="晋江", in_statistics=False)

    assert seed_regions() == 0

    jinjiang = Region.objects.get(code="350582")
    assert (jinjiang.name, jinjiang.in_statistics, jinjiang.version) == ("晋江市", True, 2)


def test_it_is_idempotent() -> None:
    first_output = run_demo()
    first = counts()
    history = history_counts()

    run_demo()

    assert counts() == first
    assert history_counts() == history
    assert first == {
        "Region": 31,
        # 29 regions (2 cities, 13 + 14 statistical children) × 7 departments, 26 power companies.
        "Unit": 29 * len(DEPARTMENTS) + 26,
        "User": len(ACCOUNTS),
        "RoleAssignment": len(ACCOUNTS),
    }
    assert Unit.objects.values("region", "name").distinct().count() == first["Unit"]
    assert "演示密码：Tuijin@2026" in first_output


def test_it_generates_valid_credit_codes() -> None:
    run_demo()

    codes = set()
    for unit in Unit.objects.select_related("region__parent"):
        unit.full_clean()
        area = unit.region.parent.code if unit.region.kind == RegionKind.ZONE else unit.region.code
        prefix = "91" if unit.kind == UnitKind.ENTERPRISE else "11"
        assert unit.credit_code.startswith(prefix + area), unit.name
        codes.add(unit.credit_code)
    assert len(codes) == Unit.objects.count()


def test_it_names_units_after_their_region() -> None:
    run_demo()

    assert Unit.objects.get(name="晋江市发改局").region.code == "350582"
    assert Unit.objects.get(name="泉州经济技术开发区自然资源和规划局").region.code == "350500Z01"
    assert Unit.objects.get(name="国网泉州供电公司").kind == UnitKind.ENTERPRISE
    assert Unit.objects.get(name="国网晋江市供电公司").region.code == "350582"
    # Zones are supplied by their city's power company; 金门县 has no demo departments.
    assert not Unit.objects.filter(region__kind=RegionKind.ZONE, kind=UnitKind.ENTERPRISE).exists()
    assert not Unit.objects.filter(region__code="350527").exists()


def test_it_records_history_of_created_rows() -> None:
    run_demo()

    for model in (Unit, Region, User, RoleAssignment):
        created = model.history.filter(history_type="+")
        assert created.count() == model.objects.count(), model.__name__
        assert set(created.values_list("history_change_reason", "history_source")) == {("演示数据", "command:demo")}


def test_it_creates_the_accounts() -> None:
    run_demo()

    for account in ACCOUNTS:
        user = User.objects.get(username=account.username)
        assert user.full_name == account.full_name
        assert user.check_password(DEMO_PASSWORD)
        assert user.has_role(account.role)
        assert list(user.scope_regions().values_list("code", flat=True)) == [account.region]
        assert (user.unit.name if user.unit else "") == account.unit
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert not User.objects.filter(is_staff=True).exclude(username="admin").exists()
    assert User.objects.get(username="jj_power_handler").unit.name == "国网晋江市供电公司"
    assert User.objects.get(username="qz_dispatch").roles == [Role.DISPATCHER]


def test_it_keeps_a_changed_password_unless_asked_to_reset() -> None:
    run_demo()
    user = User.objects.get(username="jj_reporter")
    user.set_password("Changed@2026")
    user.save()

    run_demo()
    user.refresh_from_db()
    assert user.check_password("Changed@2026")

    run_demo("--reset-passwords")
    user.refresh_from_db()
    assert user.check_password(DEMO_PASSWORD)


def test_it_does_nothing_if_empty_is_given_on_a_used_database() -> None:
    User.objects.create_user("somebody", password="Somebody@2026")

    output = run_demo("--if-empty")

    assert counts() == {"Region": 0, "Unit": 0, "User": 1, "RoleAssignment": 0}
    assert "已有用户" in output


def test_it_fills_an_empty_database_if_empty_is_given() -> None:
    output = run_demo("--if-empty")

    assert User.objects.count() == len(ACCOUNTS)
    assert "qz_dispatch" in output


def test_it_prints_the_accounts_without_touching_the_database() -> None:
    output = run_demo("--accounts")

    assert counts() == {"Region": 0, "Unit": 0, "User": 0, "RoleAssignment": 0}
    for header in ("用户名", "姓名", "角色", "范围", "单位"):
        assert header in output
    for account in ACCOUNTS:
        assert account.username in output
    assert "晋江市" in output and "区县填报" in output
    assert "演示密码：Tuijin@2026" in output


def test_it_limits_a_reporter_to_their_region() -> None:
    run_demo()
    reporter = User.objects.get(username="jj_reporter")
    jinjiang = Region.objects.get(code="350582")

    visible = Unit.objects.visible_to(reporter).select_related("region")

    assert visible.exists()
    assert all(unit.region.path.startswith(jinjiang.path) for unit in visible)
    assert set(visible) == set(Unit.objects.filter(region__path__startswith=jinjiang.path))
    assert not visible.filter(name="泉州市发改局").exists()
