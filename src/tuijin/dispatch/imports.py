"""The 月度调度表 import: a district's month of progress figures, one row per project, saved as drafts.

The month is not in the sheet but in the import's context (the page's month field, ``--month 2025-10``), so one
sheet layout serves every month. The export writes one row per project of the year's list with the figures
already reported, for the districts to fill; rows left blank are skipped. A report that is already 已审核 is
locked and an 已报送 one waits for review: a row that would change either is refused, a row repeating it is not.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet, Sum
from django.utils import timezone

from tuijin.dispatch import queries
from tuijin.dispatch.models import MonthlyReport, ReportStatus
from tuijin.exchange.pipeline import (
    ImportSetupError,
    ImportSpec,
    Problems,
    assign,
    filter_region,
    parse_month,
    show,
)
from tuijin.exchange.reader import Column, Row
from tuijin.projects.imports import CODE_SYNONYMS, NAME_SYNONYMS, REGION_SYNONYMS, lookup_project
from tuijin.projects.models import AnnualPlan, Project
from tuijin.projects.queries import year_list

__all__ = ["PROGRESS_COLUMNS", "ProgressImportSpec"]

FIGURES = ("amount", "since_start_total", "progress", "issues", "planned_workers", "actual_workers")
LOCKED_MESSAGE = "该月报告已审核锁定，如需更正请联系市级调度"
SUBMITTED_MESSAGE = "该月报告已报送，正在等待审核，不能通过导入修改；如需修改请联系市级调度退回"

PROGRESS_COLUMNS: list[Column] = [
    Column("project_code", "项目代码", CODE_SYNONYMS),
    Column("project_name", "项目名称", NAME_SYNONYMS),
    Column("region", "所属区域", REGION_SYNONYMS),
    # Read-only: written for reference, ignored on import (plans come from the 年度计划表).
    Column("plan", "年度计划投资", ("本年计划投资", "年计划投资", "年度计划投资额")),
    Column(
        "amount",
        "当月完成投资",
        (
            "本月完成投资",
            "当月完成",
            "本月完成",
            "当月投资",
            "本月投资",
            "当月完成投资额",
            "本年完成投资/当月",
            "本年完成投资/本月",
            "完成投资/当月",
            "完成投资/本月",
        ),
        "money",
    ),
    # Read-only as well: checked against the approved months before this one plus 当月 (a warning, never an error).
    Column("ytd", "本年累计完成投资", ("本年累计", "年度累计完成投资", "本年完成投资/累计", "完成投资/累计"), "money"),
    Column(
        "since_start_total",
        "自开工累计完成投资",
        ("自开工累计", "自开工以来累计完成投资", "开工以来累计完成投资", "项目累计完成投资"),
        "money",
    ),
    Column(
        "progress",
        "形象进度",
        ("工程形象进度", "形象进度情况", "当月形象进度", "本月形象进度", "项目进展情况", "进展情况"),
    ),
    Column(
        "issues",
        "存在问题及建议",
        ("存在问题", "存在问题和建议", "存在的问题及建议", "存在问题及解决建议", "问题及建议", "存在困难和问题"),
    ),
    Column("planned_workers", "计划在岗人数", ("计划在岗", "计划用工人数", "计划用工"), "int"),
    Column("actual_workers", "实际在岗人数", ("实际在岗", "在岗人数", "实际用工人数", "实际用工"), "int"),
]
# Year-to-date headers name the month: "1-10月累计", "1—10月完成投资", "完成投资/1～10月".
_RANGE_DASHES = ("-", "—", "–", "~", "至")


def _month_synonyms(month: int) -> dict[str, tuple[str, ...]]:
    ranges = [f"1{dash}{month}月" for dash in _RANGE_DASHES]
    return {
        "amount": (f"{month}月完成投资", f"{month}月份完成投资", f"{month}月", f"本年完成投资/{month}月"),
        "ytd": tuple(
            name
            for text in ranges
            for name in (
                f"{text}累计",
                f"{text}累计完成投资",
                f"{text}完成投资",
                f"本年完成投资/{text}",
                f"完成投资/{text}累计",
                f"本年完成投资/{text}累计",
            )
        ),
    }


def _period(context: dict[str, Any]) -> tuple[int, int]:
    month = parse_month(context.get("month"))
    return month.year, month.month


class ProgressImportSpec(ImportSpec):
    """月度调度表: creates or updates the month's reports (草稿 for new ones) of projects in the user's scope."""

    model = MonthlyReport
    title = "月度调度表"
    columns = PROGRESS_COLUMNS
    key_columns = ("project_code", "project_name")
    region_columns = ("region",)
    field_columns = {"project": "project_code"}
    needs_month = True

    def get_columns(self, context: dict[str, Any]) -> list[Column]:
        try:
            _year, month = _period(context)
        except ImportSetupError:
            return self.columns
        extra = _month_synonyms(month)
        return [
            Column(c.key, c.header, c.synonyms + extra.get(c.key, ()), c.kind, c.required, c.summed)
            for c in self.columns
        ]

    def template_title(self, context: dict[str, Any]) -> str:
        try:
            year, month = _period(context)
        except ImportSetupError:
            return self.title
        return f"{year}年{month}月重点项目{self.title}"

    def prepare(self, user: Any, context: dict[str, Any]) -> None:
        super().prepare(user, context)
        self.year, self.month = _period(context)
        today = timezone.localdate()
        if (self.year, self.month) > (today.year, today.month):
            raise ImportSetupError(f"不能导入未来月份（{self.year}年{self.month}月）的调度数据")
        self._ytd_before: dict[int, Decimal] | None = None
        self._listed: set[int] | None = None

    def skip_row(self, row: Row, context: dict[str, Any]) -> bool:
        """A project's row with no figure at all: the district had nothing to fill in (or has not yet)."""
        return all(row.values.get(key) in (None, "") for key in FIGURES)

    def row_to_instance(self, row: Row, user: Any, context: dict[str, Any]) -> MonthlyReport:
        values = row.values
        problems = Problems()
        project = lookup_project(values, user, problems, rule=MonthlyReport.scope)
        problems.raise_if_any()
        assert project is not None
        report = MonthlyReport.objects.filter(project=project, year=self.year, month=self.month).first()
        if report is None:
            report = MonthlyReport(project=project, year=self.year, month=self.month)
        stored = {name: getattr(report, name) for name in FIGURES}
        if values.get("amount") is None and (report.pk is None or "amount" in values):
            problems.add("amount", "请填写当月完成投资（当月没有完成投资请填0）")
        for name in FIGURES:
            if name in values:
                assign(report, name, values[name])
        if report.pk and any(getattr(report, name) != stored[name] for name in FIGURES):
            if report.status == ReportStatus.APPROVED:
                problems.add("amount", LOCKED_MESSAGE)
            elif report.status == ReportStatus.SUBMITTED:
                problems.add("amount", SUBMITTED_MESSAGE)
        problems.raise_if_any()
        self._check(row, report)
        return report

    def _check(self, row: Row, report: MonthlyReport) -> None:
        """Findings that do not block: a project off the year's list, a 本年累计 that does not add up."""
        if self._listed is None:
            self._listed = set(AnnualPlan.objects.filter(year=self.year).values_list("project_id", flat=True))
        if report.project_id not in self._listed:
            self.warn(row, "project_name", f"该项目不在{self.year}年重点项目名单（年度计划）中，请核对")
        ytd = row.values.get("ytd")
        if ytd is None or report.amount is None:
            return
        before = self.ytd_before(report.project_id)
        expected = before + report.amount
        if ytd != expected:
            months = f"1—{self.month - 1}月" if self.month > 2 else "1月"
            basis = f"已审核的{months}累计{show(before)}万元加当月" if self.month > 1 else "当月"
            self.warn(
                row,
                "ytd",
                f"本年累计为{show(ytd)}万元，按{basis}完成投资{show(report.amount)}万元应为{show(expected)}万元，请核对",
            )

    def ytd_before(self, project_id: int) -> Decimal:
        """本年累计 of the approved reports before the month (DOMAIN.md §3: official figures are approved ones)."""
        if self._ytd_before is None:
            totals = (
                queries.approved_reports(self.year, self.month - 1)
                .values("project")
                .annotate(total=Sum("amount"))
                .values_list("project", "total")
            )
            self._ytd_before = dict(totals)
        return self._ytd_before.get(project_id, Decimal(0))

    def natural_keys(self, obj: MonthlyReport) -> list[tuple[str | None, Any]]:
        return [("project_code", ("report", obj.project_id))]

    def describe(self, obj: MonthlyReport) -> str:
        return obj.project.name

    def save(self, obj: MonthlyReport, row: Row, user: Any) -> None:
        # A new report is a draft (the model's default); an existing draft or returned report keeps its state and
        # is submitted from the dispatch pages.
        obj.save()

    def instance_to_row(self, obj: Project | MonthlyReport, context: dict[str, Any]) -> dict[str, Any]:
        """An export row: a project of the year's list (annotated by ``export_queryset``) or one report."""
        if isinstance(obj, MonthlyReport):
            project, report = obj.project, obj
        else:
            project = obj
            reports = getattr(project, "month_reports", [])
            report = reports[0] if reports else None
        before = getattr(project, "ytd_amount", None)
        row: dict[str, Any] = {
            "project_code": project.code or None,
            "project_name": project.name,
            "region": project.region.name,
            "plan": getattr(project, "plan_amount", None),
        }
        if report is not None:
            row.update({name: getattr(report, name) for name in FIGURES})
            row["progress"] = report.progress or None
            row["issues"] = report.issues or None
            if before is not None and report.amount is not None:
                row["ytd"] = before + report.amount
        return row

    def export_queryset(self, user: Any, context: dict[str, Any]) -> QuerySet[Project]:
        year, month = _period(context)
        projects = filter_region(year_list(Project.objects.visible_to(user), year), context.get("region"))
        # plan_amount, and ytd_amount = approved 1 … month − 1 (0 for January).
        projects = queries.with_progress(projects, year, month - 1)
        this_month = MonthlyReport.objects.filter(year=year, month=month)
        return (
            projects.select_related("region")
            .prefetch_related(Prefetch("reports", queryset=this_month, to_attr="month_reports"))
            .order_by("region__path", "name", "pk")
        )
