"""`make bench`: time the scoped queries every page is built on, at sizes S, M and L, and print a table.

Runs on a throw-away SQLite database (or BENCH_DATABASE_URL, e.g. PostgreSQL). Sizes are the number
of rows of each kind: units spread over the Quanzhou and Fuzhou districts, and attraction contracts (half of
them with milestones and funds) over the Quanzhou districts; later modules add their own rows to the same
table. Usage: python -m tests.bench [S M L]
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal

SIZES = {"S": 2_000, "M": 20_000, "L": 200_000}
REPEAT = 5


def setup_django(var_dir: str) -> None:
    os.environ["TUIJIN_VAR_DIR"] = var_dir
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{var_dir}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuijin.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"  # the Django test client's host
    import django

    django.setup()
    from django.conf import settings

    # No collectstatic in a throw-away directory: serve static names as they are (as the tests do).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


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

        from tuijin.attraction import queries
        from tuijin.attraction.choices import Grouping, MilestoneKind
        from tuijin.attraction.models import Contract, FundArrival, LeadSource, Milestone
        from tuijin.core.choices import Role
        from tuijin.core.models import Region, RoleAssignment, Unit, User
        from tuijin.core.regions import seed_regions
        from tuijin.problems import queries as problem_queries
        from tuijin.problems.choices import ProblemStatus
        from tuijin.problems.models import Problem, ProblemKind
        from tuijin.projects.choices import Category
        from tuijin.projects.models import Project
        from tuijin.targets import queries as target_queries
        from tuijin.targets import rollups
        from tuijin.targets.models import Indicator

        call_command("migrate", verbosity=0)
        seed_regions()
        leaves = list(Region.objects.filter(depth=2))
        reporter = User.objects.create_user("bench_reporter", password="x")
        RoleAssignment.objects.create(user=reporter, role=Role.REPORTER, region=Region.objects.get(code="350582"))
        dispatcher = User.objects.create_user("bench_dispatcher", password="x")
        RoleAssignment.objects.create(user=dispatcher, role=Role.DISPATCHER, region=Region.objects.get(code="350500"))
        client = Client()
        client.force_login(dispatcher)

        quanzhou = list(Region.objects.filter(parent__code="350500", in_statistics=True))
        source = LeadSource.objects.order_by("pk").first()
        as_of = datetime.date(2025, 12, 31)
        contracts = Contract.objects.visible_to(dispatcher)

        def add_contracts(start: int, stop: int) -> None:
            # Bench data only: bulk_create skips history on purpose, it measures reads.
            batch = [
                Contract(
                    name=f"签约项目{i:06d}",
                    investor_name=f"投资方{i:06d}",
                    amount=Decimal(1000 + (i * 7919) % 400_000),
                    signed_on=datetime.date(2024 + i % 2, 1 + i % 12, 1 + i % 28),
                    region=quanzhou[i % len(quanzhou)],
                    source=source,
                )
                for i in range(start, stop)
            ]
            Contract.objects.bulk_create(batch, batch_size=5_000)
            saved = Contract.objects.filter(name__in=[c.name for c in batch[::2]]).values_list("pk", "signed_on")
            Milestone.objects.bulk_create(
                [
                    Milestone(contract_id=pk, kind=MilestoneKind.REGISTERED, date=signed + datetime.timedelta(days=30))
                    for pk, signed in saved
                ],
                batch_size=5_000,
            )
            FundArrival.objects.bulk_create(
                [
                    FundArrival(contract_id=pk, date=signed + datetime.timedelta(days=60), amount=Decimal(500))
                    for pk, signed in saved
                ],
                batch_size=5_000,
            )

        kinds = list(ProblemKind.objects.all())
        statuses = [ProblemStatus.ASSIGNED, ProblemStatus.HANDLING, ProblemStatus.RESOLVED, ProblemStatus.CLOSED]
        problems = Problem.objects.visible_to(dispatcher)

        def add_problems(start: int, stop: int) -> None:
            # Bench data only: bulk_create skips history on purpose, it measures reads.
            Project.objects.bulk_create(
                [
                    Project(
                        name=f"问题项目{i:06d}",
                        region=quanzhou[i % len(quanzhou)],
                        category=Category.INDUSTRY,
                        total_investment=Decimal(10_000),
                    )
                    for i in range(start // 10, stop // 10)
                ],
                batch_size=5_000,
            )
            projects = dict(
                Project.objects.filter(name__startswith="问题项目").values_list("name", "pk").order_by("pk")
            )
            units = list(Unit.objects.filter(region__path__startswith="/350000/350500/").values_list("pk", flat=True))
            batch = []
            for i in range(start, stop):
                status = statuses[i % len(statuses)]
                assigned = datetime.date(2025, 1 + i % 12, 1 + i % 28)
                solved = status in (ProblemStatus.RESOLVED, ProblemStatus.CLOSED)
                batch.append(
                    Problem(
                        code=f"WT2025-{i:06d}",
                        project_id=projects[f"问题项目{i // 10:06d}"],
                        kind=kinds[i % len(kinds)],
                        title=f"问题{i:06d}",
                        description="用地指标未落实",
                        raised_on=assigned,
                        status=status,
                        lead_unit_id=units[i % len(units)],
                        assigned_on=assigned,
                        deadline=assigned + datetime.timedelta(days=9),
                        resolved_on=assigned + datetime.timedelta(days=5 + i % 10) if solved else None,
                    )
                )
            Problem.objects.bulk_create(batch, batch_size=5_000)

        signed = Indicator.objects.get(key="signed_amount")
        city = Region.objects.get(code="350500")
        rows = []
        created = 0
        for size in sizes:
            target = SIZES[size]
            # Bench data only: bulk_create skips history on purpose, it measures reads.
            Unit.objects.bulk_create(
                [Unit(name=f"单位{i:06d}", region=leaves[i % len(leaves)]) for i in range(created, target)],
                batch_size=5_000,
            )
            add_contracts(created, target)
            add_problems(created, target)
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
            rows.append((size, target, "招商 rates() (市级调度)", timed(lambda: queries.rates(contracts, as_of))))
            rows.append(
                (
                    size,
                    target,
                    "招商 rates_by(region)",
                    timed(lambda: queries.rates_by(contracts, as_of, Grouping.REGION)),
                )
            )
            rows.append(
                (
                    size,
                    target,
                    "招商 late_contracts().count()",
                    timed(lambda: queries.late_contracts(contracts, as_of).count()),
                )
            )
            rows.append(
                (
                    size,
                    target,
                    "GET /attraction/ (市级调度)",
                    timed(lambda: client.get("/attraction/?as_of=2025-12-31")),
                )
            )

            rows.append(
                (
                    size,
                    target,
                    "问题 performance(unit)",
                    timed(lambda: problem_queries.performance(problems, as_of, "unit")),
                )
            )
            rows.append(
                (
                    size,
                    target,
                    "问题 counts_by_kind(2025)",
                    timed(lambda: problem_queries.counts_by_kind(problems, 2025, as_of)),
                )
            )
            rows.append((size, target, "GET /problems/ (市级调度)", timed(lambda: client.get("/problems/"))))

            # Targets: the rollups are rebuilt from the rows (cost grows with them); reading a figure from the
            # rollups does not, reading it directly from the rows does.
            start = time.perf_counter()
            rollups.rebuild(["signed_amount", "signed_count", "land_solved", "resolution_rate"])
            rows.append((size, target, "rollups rebuild (4 indicators)", (time.perf_counter() - start) * 1000))
            for mode in ("rollup", "direct"):
                rows.append(
                    (
                        size,
                        target,
                        f"目标 progress 签约总额 ({mode})",
                        timed(lambda mode=mode: target_queries.progress(signed, city, as_of, source=mode)),
                    )
                )
            rows.append(
                (size, target, "GET /cockpit/ (市级调度)", timed(lambda: client.get("/cockpit/?as_of=2025-12-31")))
            )
            rows.append(
                (
                    size,
                    target,
                    "晾晒 ranking 签约总额 (rollup)",
                    timed(lambda: target_queries.ranking(signed, city, as_of)),
                )
            )

        print(f"\n{'size':<5} {'rows':>8}  {'operation':<34} {'median ms':>10}")
        print("-" * 62)
        for size, count, operation, ms in rows:
            print(f"{size:<5} {count:>8}  {operation:<34} {ms:>10.1f}")
        print(f"\n(median of {REPEAT} runs; database: {os.environ['DATABASE_URL'].split(':')[0]})")


if __name__ == "__main__":
    main(sys.argv[1:] or ["S", "M"])
