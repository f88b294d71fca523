"""``tuijin demo``: demonstration data (regions, departments, accounts) that is safe to load again.

Usage:

- ``tuijin demo`` creates what is missing and refreshes what differs, then prints the accounts;
  running it twice changes nothing the second time and never duplicates a row;
- ``tuijin demo --if-empty`` does the same on a database without users, and otherwise only prints
  the accounts (``make run`` calls it on every start, so it must never touch a used database);
- ``tuijin demo --accounts`` only prints the demo accounts (no database needed);
- ``tuijin demo --reset-passwords`` also sets every demo account's password back to DEMO_PASSWORD
  (otherwise a password is set only when the account is created, so a changed one is kept).

Everything runs in one transaction, inside ``audit_context(source="command:demo", reason="演示数据")``,
so each row lands in history with that source and reason, and a failure leaves nothing half-made.

Extending: the data is built by the functions in ``STEPS``, run in order, each taking a ``DemoRun``
(its ``stdout``, the ``reset_passwords`` flag and ``report()`` for a one-line summary). An app adds
its demo data by writing ``def seed_demo(run: DemoRun) -> None`` in its own module (e.g.
``tuijin/projects/demo.py``) and appending its dotted path, e.g. ``"tuijin.projects.demo.seed_demo"``,
to ``STEPS`` after the steps it builds on. Dotted paths keep ``core`` from importing the apps above
it (see ARCHITECTURE.md, "Layout"). A step must be idempotent too: look rows up by a natural key and
write through ``tuijin.core.seeding.upsert`` (or ``save()``), never ``bulk_create``, so history sees
every write.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from django.db import transaction
from django.db.models import Q
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from tuijin.core import bulk
from tuijin.core.audit import audit_context
from tuijin.core.choices import RegionKind, Role, UnitKind
from tuijin.core.models import Region, RoleAssignment, Unit, User
from tuijin.core.regions import REGIONS, seed_regions
from tuijin.core.seeding import upsert
from tuijin.core.validators import credit_code_check_char, org_code_check_char

DEMO_PASSWORD = "Tuijin@2026"

# The cities whose departments the demo creates, with their districts, counties and zones.
DEMO_CITIES = ("350500", "350100")  # 泉州市, 福州市

# Government departments created in every demo city, district, county and zone, named f"{region}{dept}".
DEPARTMENTS = ("发改局", "商务局", "工信局", "自然资源和规划局", "住建局", "交通运输局", "生态环境局")


@dataclass(frozen=True)
class DemoAccount:
    """One demo sign-in: a role over a region subtree, optionally working for a unit of that region."""

    username: str
    full_name: str
    role: str
    region: str  # code of the region the role covers; the unit is looked up in the same region
    unit: str = ""
    superuser: bool = False


ACCOUNTS: list[DemoAccount] = [
    DemoAccount("admin", "系统管理员", Role.ADMIN, "350000", superuser=True),
    DemoAccount("qz_dispatch", "陈调度", Role.DISPATCHER, "350500", "泉州市发改局"),
    DemoAccount("qz_leader", "林领导", Role.LEADER, "350500"),
    DemoAccount("jj_reporter", "许晋明", Role.REPORTER, "350582", "晋江市发改局"),
    DemoAccount("lc_reporter", "黄丽华", Role.REPORTER, "350502", "鲤城区发改局"),
    DemoAccount("na_reporter", "洪志强", Role.REPORTER, "350583", "南安市发改局"),
    DemoAccount("kfq_reporter", "庄雅婷", Role.REPORTER, "350500Z01", "泉州经济技术开发区发改局"),
    DemoAccount("qz_zrzy_handler", "吴国平", Role.HANDLER, "350500", "泉州市自然资源和规划局"),
    DemoAccount("jj_power_handler", "苏建华", Role.HANDLER, "350582", "国网晋江市供电公司"),
    DemoAccount("fz_dispatch", "郑海峰", Role.DISPATCHER, "350100", "福州市发改局"),
    DemoAccount("gx_reporter", "林晓燕", Role.REPORTER, "350100Z01", "福州高新区发改局"),
]


@dataclass
class DemoRun:
    """What a step gets: where to print and the options that concern it."""

    stdout: OutputWrapper
    reset_passwords: bool = False

    def report(self, message: str) -> None:
        self.stdout.write(f"  · {message}")

    @cached_property
    def password_hash(self) -> str:
        """DEMO_PASSWORD hashed once per run: the hasher is slow on purpose (~0.5 s a call), and a salt
        shared by the demo accounts protects nothing, since their password is printed anyway."""
        return make_password(DEMO_PASSWORD)


# ---------------------------------------------------------------------------------------------------
# Steps
# ---------------------------------------------------------------------------------------------------


def seed_demo_regions(run: DemoRun) -> None:
    """The reference region tree (the same data as ``tuijin seed_regions``)."""
    created = seed_regions()
    run.report(_("区域：新建 %(created)d 个，共 %(total)d 个") % {"created": created, "total": len(REGIONS)})


def demo_regions() -> list[Region]:
    """The demo cities and their statistical districts, counties and zones, in sort order.

    Regions outside statistics (金门县) get no departments: the city does not run them.
    """
    return list(
        Region.objects.filter(Q(code__in=DEMO_CITIES) | Q(parent__code__in=DEMO_CITIES, in_statistics=True))
        .select_related("parent")
        .order_by("sort_order")
    )


def power_company_name(region: Region) -> str:
    """国网泉州供电公司 for a city (State Grid drops 市 there), 国网晋江市供电公司 for a county."""
    if region.kind == RegionKind.CITY:
        return f"国网{region.short_name or region.name}供电公司"
    return f"国网{region.name}供电公司"


def demo_credit_code(kind: str, region: Region, name: str) -> str:
    """A valid, stable 统一社会信用代码 (GB 32100-2015) for a demo unit.

    Registration authority and type: ``11`` (机构编制 · 机关) for government organs, ``91`` (工商 · 企业)
    for enterprises; then the region's GB/T 2260 code (a zone's city code, zones having none); then
    an organization code whose 8-digit body is taken from a hash of the unit name (stable across
    runs and machines, unlike ``hash()``) with its own GB 11714 check character; then the GB 32100
    check character.
    """
    prefix = "91" if kind == UnitKind.ENTERPRISE else "11"
    area = region.parent.code if region.kind == RegionKind.ZONE and region.parent else region.code
    body = f"{int(hashlib.sha256(name.encode()).hexdigest(), 16) % 10**8:08d}"
    first17 = f"{prefix}{area}{body}{org_code_check_char(body)}"
    return first17 + credit_code_check_char(first17)


def seed_demo_units(run: DemoRun) -> None:
    """The departments of each demo region, and a power company per city, district and county."""
    created = total = 0
    for region in demo_regions():
        units = [
            (f"{region.name}{dept}", f"{region.short_name or region.name}{dept}", UnitKind.GOVERNMENT)
            for dept in DEPARTMENTS
        ]
        if region.kind != RegionKind.ZONE:
            # Zones are supplied by their city's company; districts and counties have their own.
            short = f"{region.short_name or region.name}供电公司"
            units.append((power_company_name(region), short, UnitKind.ENTERPRISE))
        for name, short_name, kind in units:
            _unit, was_created = upsert(
                Unit,
                {"region": region, "name": name},
                {"short_name": short_name, "kind": kind, "credit_code": demo_credit_code(kind, region, name)},
            )
            created += was_created
            total += 1
    run.report(_("单位：新建 %(created)d 个，共 %(total)d 个") % {"created": created, "total": total})


def seed_demo_accounts(run: DemoRun) -> None:
    """The accounts of ACCOUNTS with their roles; a password only for new accounts (or on request)."""
    created = 0
    for account in ACCOUNTS:
        try:
            region = Region.objects.get(code=account.region)
            unit = Unit.objects.get(region=region, name=account.unit) if account.unit else None
        except (Region.DoesNotExist, Unit.DoesNotExist) as exc:
            raise CommandError(
                _("演示账号 %(username)s 的区域 %(region)s 或单位“%(unit)s”不存在。")
                % {"username": account.username, "region": account.region, "unit": account.unit}
            ) from exc
        values: dict[str, Any] = {
            "full_name": account.full_name,
            "unit": unit,
            "is_staff": account.superuser,
            "is_superuser": account.superuser,
        }
        create_values: dict[str, Any] = {}
        # Hashing is slow on purpose, so hash only when a password will actually be written.
        if run.reset_passwords:
            values["password"] = run.password_hash
        elif not User.objects.filter(username=account.username).exists():
            create_values["password"] = run.password_hash
        user, was_created = upsert(User, {"username": account.username}, values, create_values)
        created += was_created
        # Extra roles an administrator granted are left alone: the demo only ensures its own.
        upsert(RoleAssignment, {"user": user, "role": account.role, "region": region}, {})
    run.report(_("账号：新建 %(created)d 个，共 %(total)d 个") % {"created": created, "total": len(ACCOUNTS)})


# Run in order; an app appends the dotted path of its own step (see the module docstring).
STEPS: list[Callable[[DemoRun], None] | str] = [
    seed_demo_regions,
    seed_demo_units,
    seed_demo_accounts,
    "tuijin.projects.demo.seed_demo",
    "tuijin.dispatch.demo.seed_demo",
    "tuijin.attraction.demo.seed_demo",
    "tuijin.problems.demo.seed_demo",
    "tuijin.targets.demo.seed_demo",
]


# ---------------------------------------------------------------------------------------------------
# The accounts table
# ---------------------------------------------------------------------------------------------------


def _width(text: str) -> int:
    """Terminal columns of ``text``: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def accounts_table(accounts: Sequence[DemoAccount]) -> list[str]:
    """The lines of the 用户名 / 姓名 / 角色 / 范围 / 单位 table, aligned for a terminal."""
    region_names = {seed.code: seed.name for seed in REGIONS}
    rows = [[_("用户名"), _("姓名"), _("角色"), _("范围"), _("单位")]]
    rows += [
        [a.username, a.full_name, str(Role(a.role).label), region_names.get(a.region, a.region), a.unit or "—"]
        for a in accounts
    ]
    widths = [max(_width(row[col]) for row in rows) for col in range(len(rows[0]))]
    lines = ["  ".join(_pad(cell, width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return lines


class Command(BaseCommand):
    help = "创建或刷新演示数据（区域、单位、账号），可重复运行；--if-empty 仅在没有用户时创建。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="数据库中已有用户时不写入任何数据，只列出演示账号。"
        )
        parser.add_argument("--accounts", action="store_true", help="只列出演示账号，不读写数据库。")
        parser.add_argument(
            "--reset-passwords", action="store_true", help=f"把所有演示账号的密码重置为 {DEMO_PASSWORD}。"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["accounts"]:
            self.print_accounts(ACCOUNTS)
            return
        if options["if_empty"] and User.objects.exists():
            self.stdout.write(_("数据库中已有用户，未写入演示数据。"))
            # A real deployment may have no demo accounts at all: list only those that exist.
            existing = set(
                User.objects.filter(username__in=[a.username for a in ACCOUNTS]).values_list("username", flat=True)
            )
            self.print_accounts([a for a in ACCOUNTS if a.username in existing])
            return

        run = DemoRun(stdout=self.stdout, reset_passwords=options["reset_passwords"])
        self.stdout.write(_("正在写入演示数据……"))
        # bulk_load: derived tables (the targets app's rollups) are rebuilt once by the last step, not row by row.
        with transaction.atomic(), audit_context(source="command:demo", reason="演示数据"), bulk.bulk_load():
            for step in STEPS:
                function: Callable[[DemoRun], None] = import_string(step) if isinstance(step, str) else step
                function(run)
        self.stdout.write(self.style.SUCCESS(_("演示数据已就绪。")))
        self.print_accounts(ACCOUNTS)

    def print_accounts(self, accounts: Sequence[DemoAccount]) -> None:
        if not accounts:
            self.stdout.write(_("数据库中没有演示账号。"))
            return
        self.stdout.write("")
        for line in accounts_table(accounts):
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(_("演示密码：%(password)s") % {"password": DEMO_PASSWORD})
