"""`make bench`: time the scoped queries every page is built on, at sizes S, M and L, and print a table.

Runs on a throw-away SQLite database (or BENCH_DATABASE_URL, e.g. PostgreSQL). Sizes are the number
of units spread over the Quanzhou and Fuzhou districts; later modules add their own rows (projects,
monthly reports) to the same table. Usage: python -m tests.bench [S M L]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable

SIZES = {"S": 2_000, "M": 20_000, "L": 200_000}
REPEAT = 5


def setup_django(var_dir: str) -> None:
    os.environ["TUIJIN_VAR_DIR"] = var_dir
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{var_dir}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuijin.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"  # the Django test client's host
    import django

    django.setup()


def timed(func: Callable[[], object]) -> float:
    samples = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main(sizes: list[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="tuijin-bench-") as var_dir:
        setup_django(var_dir)
        from django.core.management import call_command
        from django.test import Client

        from tuijin.core.choices import Role
        from tuijin.core.models import Region, RoleAssignment, Unit, User
        from tuijin.core.regions import seed_regions

        call_command("migrate", verbosity=0)
        seed_regions()
        leaves = list(Region.objects.filter(depth=2))
        reporter = User.objects.create_user("bench_reporter", password="x")
        RoleAssignment.objects.create(user=reporter, role=Role.REPORTER, region=Region.objects.get(code="350582"))
        dispatcher = User.objects.create_user("bench_dispatcher", password="x")
        RoleAssignment.objects.create(user=dispatcher, role=Role.DISPATCHER, region=Region.objects.get(code="350500"))
        client = Client()
        client.force_login(dispatcher)

        rows = []
        created = 0
        for size in sizes:
            target = SIZES[size]
            # Bench data only: bulk_create skips history on purpose, it measures reads.
            Unit.objects.bulk_create(
                [Unit(name=f"单位{i:06d}", region=leaves[i % len(leaves)]) for i in range(created, target)],
                batch_size=5_000,
            )
            created = target
            reporter = User.objects.get(pk=reporter.pk)
            rows.append(
                (
                    size,
                    target,
                    "visible_to(区县填报).count()",
                    timed(lambda user=reporter: Unit.objects.visible_to(user).count()),
                )
            )
            rows.append(
                (
                    size,
                    target,
                    "visible_to(市级调度) first page",
                    timed(lambda: list(Unit.objects.visible_to(dispatcher)[:50])),
                )
            )
            rows.append((size, target, "GET /units/ (市级调度)", timed(lambda: client.get("/units/"))))
            rows.append((size, target, "GET /api/v1/units/ (市级调度)", timed(lambda: client.get("/api/v1/units/"))))

        print(f"\n{'size':<5} {'units':>8}  {'operation':<34} {'median ms':>10}")
        print("-" * 62)
        for size, count, operation, ms in rows:
            print(f"{size:<5} {count:>8}  {operation:<34} {ms:>10.1f}")
        print(f"\n(median of {REPEAT} runs; database: {os.environ['DATABASE_URL'].split(':')[0]})")


if __name__ == "__main__":
    main(sys.argv[1:] or ["S", "M"])
