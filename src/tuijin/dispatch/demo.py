"""Demo data of monthly dispatch: the year's reports of the 泉州 campaign (a ``tuijin demo`` step).

Runs after ``tuijin.projects.demo.seed_demo`` and reads what it built from the database: every project in the
year's list (an annual plan) that has started reports each month from January, or from its start month when it
started this year (or from the month it joined the list), through the last complete month (or the month it left).

- Each project gets a pace, so that at the last month some are ahead of 序时 (R > T), most are near it, some lag
  10–30 points (yellow) and some more than 30 (red); completed projects reach about their plan by completion
  and report small amounts afterwards; a project under an approved 停工 reports nothing more from then on.
- Workflow: the months before the last are 已审核 (submitted by the district's reporter account when the demo
  has one, else by the city dispatcher, and approved by the dispatcher); in the last month most are 已报送, some
  已审核, a few 草稿 or 退回, and about 5% of projects have not reported at all (late reporters).
- Idempotent: a (project, year, month) that already has a report is left alone. All randomness comes from a
  ``random.Random`` per project seeded with constants, so a run draws the same figures whatever already exists.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db.models import Sum
from django.utils.translation import gettext as _

from tuijin.core.choices import Role
from tuijin.core.management.commands.demo import ACCOUNTS
from tuijin.core.models import Region, User
from tuijin.core.money import format_money
from tuijin.dispatch.models import DispatchSettings, MonthlyReport, ReportStatus
from tuijin.projects.choices import Category, DecisionStatus, Stage, SuspensionKind
from tuijin.projects.demo_specs import CITY_CODE, DISPATCHER_USERNAME, SEED, demo_period
from tuijin.projects.models import AnnualPlan, Project, StageTransition, Suspension

if TYPE_CHECKING:
    from tuijin.core.management.commands.demo import DemoRun

CENT = Decimal("0.01")
# Construction is slow around 春节 (February) and pushed at the half-year and year-end marks.
SEASON = {1: 0.85, 2: 0.55, 3: 1.0, 4: 1.05, 5: 1.1, 6: 1.25, 7: 1.0, 8: 0.95, 9: 1.1, 10: 1.0, 11: 1.05, 12: 1.2}
LATE_SHARE = 0.05
LAST_MONTH_STATUSES = {
    ReportStatus.SUBMITTED: 64,
    ReportStatus.APPROVED: 22,
    ReportStatus.DRAFT: 8,
    ReportStatus.RETURNED: 6,
}
RETURN_REASONS = (
    "当月完成投资与形象进度不匹配，请核实后重新报送",
    "自开工累计完成投资与上月数据衔接有误，请核对",
    "形象进度描述过于简略，请补充具体施工部位和工程量",
    "在岗人数与上月差异较大，请说明原因",
)
ISSUES = (
    "部分地块用地报批手续尚未完成，建议自然资源部门加快组卷报批",
    "红线范围内仍有{n}户征迁未完成，影响施工进度，建议属地镇（街道）加快推进",
    "高压线路迁改尚未完成，需供电公司协调停电计划",
    "施工许可证办理中，建议住建部门提前介入指导",
    "项目资金到位不足，建议协调金融机构给予贷款支持",
    "受持续降雨及台风天气影响，施工有所延误，将在天气好转后加大投入抢回工期",
    "钢材等原材料价格上涨，企业成本压力较大",
    "环评批复尚未取得，建议生态环境部门加快审批",
    "施工用水用电接入滞后，需相关部门协调",
)
# (share of the work done up to which the text applies, text); {p} is the percentage within the step, {total}
# that of the whole project.
BUILDING_STEPS = (
    (0.05, "完成场地平整及临时设施搭建"),
    (0.14, "桩基工程施工中，完成{p}%"),
    (0.22, "基础及地下室结构施工中"),
    (0.45, "主体结构施工至第{floor}层"),
    (0.58, "主体结构封顶，二次结构及外立面施工中"),
    (0.72, "机电安装及室内装修施工中，完成{p}%"),
    (0.88, "室外配套及绿化工程施工中"),
    (1.01, "扫尾工程施工，准备竣工验收"),
)
PLANT_STEPS = (
    *BUILDING_STEPS[:5],
    (0.7, "设备采购合同已签订，部分设备进场安装"),
    (0.85, "设备安装调试中，完成{p}%"),
    (1.01, "生产线联动调试，准备试生产"),
)
WORKS_STEPS = (
    (0.08, "完成征地拆迁及场地清表，完成{p}%"),
    (0.3, "主体工程施工中，累计完成工程量{total}%"),
    (0.55, "累计完成工程量{total}%，同步推进管线迁改"),
    (0.8, "主体工程基本完成，附属工程施工中"),
    (1.01, "附属及绿化照明工程施工，准备交工验收"),
)


def wan(value: float) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def split(total: Decimal, weights: list[float]) -> list[Decimal]:
    """``total`` split by ``weights`` in cents, the rounding remainder on the last part."""
    if not weights:
        return []
    whole = sum(weights)
    parts = [wan(float(total) * weight / whole) for weight in weights[:-1]]
    parts.append(max(Decimal(0), total - sum(parts, Decimal(0))))
    return parts


def progress_text(steps: tuple[tuple[float, str], ...], share: float, floors: int) -> str:
    low = 0.0
    for high, text in steps:
        if share < high:
            within = (share - low) / (high - low)
            return text.format(
                p=min(95, max(5, round(within * 100))),
                total=min(99, max(1, round(share * 100))),
                floor=max(1, round(within * floors)),
            )
        low = high
    return steps[-1][1].format(p=95, total=99, floor=floors)


def pace_target(rng: random.Random, elapsed: float) -> tuple[str, float]:
    """The pace class and the year-to-date completion rate R wanted at the last month (T = ``elapsed``)."""
    draw = rng.random()
    if draw < 0.12:
        return "ahead", elapsed + rng.uniform(0.06, 0.3)
    if draw < 0.70:
        return "near", elapsed + rng.uniform(-0.08, 0.07)
    if draw < 0.88:
        return "yellow", elapsed - rng.uniform(0.11, 0.29)
    return "red", max(0.02, elapsed - rng.uniform(0.32, 0.6))


class ReportRun:
    """The users and lookups of one run, read once."""

    def __init__(self, year: int, last_month: int) -> None:
        self.year = year
        self.last_month = last_month
        self.dispatcher = User.objects.get(username=DISPATCHER_USERNAME)
        reporter_names = {a.region: a.username for a in ACCOUNTS if a.role == Role.REPORTER}
        users = {u.username: u for u in User.objects.filter(username__in=reporter_names.values())}
        self.reporters = {code: users[name] for code, name in reporter_names.items() if name in users}

    def submitter(self, project: Project) -> User:
        return self.reporters.get(project.region.code, self.dispatcher)


def project_months(project: Project, plan: AnnualPlan, year: int, last_month: int) -> list[int]:
    first, last = 1, last_month
    if project.actual_start and project.actual_start.year == year:
        first = project.actual_start.month
    if plan.joined_on:
        first = max(first, plan.joined_on.month)
    if plan.left_on:
        last = min(last, plan.left_on.month)
    return list(range(first, last + 1))


def build_reports(
    project: Project,
    plan: AnnualPlan,
    run: ReportRun,
    suspended_on: datetime.date | None,
    stage_dates: dict[str, datetime.date],
) -> list[tuple[MonthlyReport, str, str]]:
    """The project's reports of the year (unsaved), each with the status it should end in and, for 退回, why."""
    year, last_month = run.year, run.last_month
    rng = random.Random(f"tuijin-demo-{SEED}-{year}-report-{project.name}")
    months = project_months(project, plan, year, last_month)
    planned = plan.planned_investment
    total = project.total_investment
    _pace, rate = pace_target(rng, last_month / 12)
    completed = (
        project.actual_completion if project.actual_completion and project.actual_completion.year == year else None
    )
    if completed:
        rate = rng.uniform(0.9, 1.08)
    if suspended_on and suspended_on.year == year:
        rate = min(rate, rng.uniform(0.15, 0.45))
    year_total = wan(float(planned) * rate)

    weights = []
    for month in months:
        weight = SEASON[month] * rng.uniform(0.6, 1.4)
        if project.actual_start and (project.actual_start.year, project.actual_start.month) == (year, month):
            weight *= 0.3 + 0.7 * (1 - project.actual_start.day / 31)
        if completed and month > completed.month:
            weight *= 0.04  # 尾款、结算
        if suspended_on and (year, month) > (suspended_on.year, suspended_on.month):
            weight = 0.0
        weights.append(weight)
    amounts = split(year_total, weights) if sum(weights) else [Decimal(0)] * len(months)

    started_before = project.actual_start is not None and project.actual_start.year < year
    prior = Decimal(0)
    if started_before:
        prior = wan(max(0.0, float(total - year_total)) * rng.uniform(0.3, 0.95))
    with_total = rng.random() < 0.85
    floors = rng.randint(5, 24)
    if project.category == Category.INFRASTRUCTURE and project.industry_division not in {"70"}:
        steps = WORKS_STEPS
    elif project.category == Category.INDUSTRY and project.industry_division and project.industry_division <= "43":
        steps = PLANT_STEPS
    else:
        steps = BUILDING_STEPS
    planned_workers = int(min(800, max(30, float(total) / rng.uniform(200, 600))))
    late = rng.random() < LATE_SHARE
    last_status = rng.choices(list(LAST_MONTH_STATUSES), weights=list(LAST_MONTH_STATUSES.values()))[0]
    return_reason = rng.choice(RETURN_REASONS)
    issue_chance = 0.3 if rate < last_month / 12 - 0.3 else 0.08

    reports: list[tuple[MonthlyReport, str, str]] = []
    cumulative = prior
    for month, amount in zip(months, amounts, strict=True):
        cumulative += amount
        share = float(cumulative / total) if total else 0.0
        stopped = suspended_on is not None and (year, month) > (suspended_on.year, suspended_on.month)
        if stopped:
            text = "项目停工中"
        elif completed and month > completed.month:
            producing, capacity = stage_dates.get(Stage.PRODUCING), stage_dates.get(Stage.CAPACITY)
            if capacity and (capacity.year, capacity.month) <= (year, month):
                text = "已达产，生产运行正常"
            elif producing and (producing.year, producing.month) <= (year, month):
                text = "已投产，产能逐步释放"
            elif project.category == Category.INDUSTRY:
                text = "已竣工，设备调试及试生产准备中"
            else:
                text = "已竣工投用，进行工程结算审计"
        elif completed and month == completed.month:
            text = "完成竣工验收，正式投入使用"
        else:
            text = progress_text(steps, min(share, 0.999), floors)
        issue = ""
        if not stopped and rng.random() < issue_chance:
            issue = rng.choice(ISSUES).format(n=rng.randint(2, 30))
        workers = planned_workers
        if completed and month > completed.month:
            workers = max(5, planned_workers // 10)
        actual = 0 if stopped else int(workers * rng.uniform(0.55 if issue else 0.75, 1.12))
        report = MonthlyReport(
            project=project,
            year=year,
            month=month,
            amount=amount,
            since_start_total=cumulative if with_total else None,
            progress=text,
            issues=issue,
            planned_workers=workers,
            actual_workers=actual,
        )
        status = ReportStatus.APPROVED if month < last_month else last_status
        if month == last_month and late:
            continue  # not reported yet
        reports.append((report, status, return_reason))
    return reports


def save_report(report: MonthlyReport, status: str, submitter: User, run: ReportRun, return_reason: str) -> None:
    """Take the report through the workflow to ``status`` with the model's own methods."""
    if status == ReportStatus.DRAFT:
        report.full_clean()
        report.save()
        return
    report.submit(submitter)
    if status == ReportStatus.APPROVED:
        report.approve(run.dispatcher)
    elif status == ReportStatus.RETURNED:
        report.return_to_reporter(run.dispatcher, return_reason)


def seed_demo(demo_run: DemoRun) -> None:
    """Create the missing monthly reports of the current campaign year (see the module docstring)."""
    year, last_month = demo_period()
    run = ReportRun(year, last_month)
    city = Region.objects.get(code=CITY_CODE)
    plans = list(
        AnnualPlan.objects.filter(
            year=year,
            project__region__path__startswith=city.path,
            project__actual_start__isnull=False,
        )
        .select_related("project__region")
        .order_by("project__name")
    )
    project_ids = [plan.project_id for plan in plans]
    existing = set(
        MonthlyReport.objects.filter(year=year, project_id__in=project_ids).values_list("project_id", "month")
    )
    suspended = dict(
        Suspension.objects.filter(
            project_id__in=project_ids,
            kind=SuspensionKind.SUSPEND,
            status=DecisionStatus.APPROVED,
            project__suspended=True,
        ).values_list("project_id", "date")
    )
    stage_dates: dict[int, dict[str, datetime.date]] = {}
    for project_id, stage, day in StageTransition.objects.filter(project_id__in=project_ids).values_list(
        "project_id", "to_stage", "date"
    ):
        stage_dates.setdefault(project_id, {})[stage] = day
    created = 0
    for plan in plans:
        project = plan.project
        submitter = run.submitter(project)
        reports = build_reports(project, plan, run, suspended.get(project.pk), stage_dates.get(project.pk, {}))
        for report, status, return_reason in reports:
            if (project.pk, report.month) in existing:
                continue
            save_report(report, status, submitter, run, return_reason)
            created += 1
    demo_run.report(summary(year, last_month, project_ids, created))


def summary(year: int, last_month: int, project_ids: list[int], created: int) -> str:
    reports = MonthlyReport.objects.filter(year=year, project_id__in=project_ids)
    statuses = Counter(reports.values_list("status", flat=True))
    reported_last = set(reports.filter(month=last_month).values_list("project_id", flat=True))
    due_last = AnnualPlan.objects.filter(project_id__in=project_ids, year=year).exclude(left_on__month__lt=last_month)
    missing = due_last.exclude(project_id__in=reported_last).count()
    amount = reports.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    deadline = DispatchSettings.current().deadline(year, last_month)
    return _(
        "月度报告 %(count)d 份（%(statuses)s），新建 %(created)d 份；"
        "%(month)d月未报 %(missing)d 个项目（报送截止%(deadline)s）；%(year)d年1—%(month)d月完成投资 %(amount)s"
    ) % {
        "deadline": f"{deadline.month}月{deadline.day}日",
        "count": sum(statuses.values()),
        "statuses": "、".join(f"{label} {statuses[value]}" for value, label in ReportStatus.choices),
        "created": created,
        "month": last_month,
        "missing": missing,
        "year": year,
        "amount": format_money(amount),
    }
