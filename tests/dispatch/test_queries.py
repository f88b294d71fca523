"""Dispatch metrics on the numbers of DOMAIN.md §3–§5: 本年累计, lights and their thresholds, late reporters."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from tests.dispatch.conftest import YEAR
from tuijin.core.periods import TimeBasis, elapsed_share_by_day
from tuijin.dispatch import queries
from tuijin.dispatch.models import DispatchSettings, ReportStatus
from tuijin.dispatch.queries import Light
from tuijin.projects.models import Project

PLAN = Decimal("1200")


@pytest.fixture
def settings_row(db: Any) -> DispatchSettings:
    return DispatchSettings.current()


@pytest.mark.parametrize(
    ("ytd", "expected"),
    [
        # Month 6: T = 50%. 480 of 1200 is R = 40%, exactly 10 points behind: yellow (10 to 30 inclusive).
        ("481", Light.GREEN),  # 9.92 points behind
        ("480", Light.YELLOW),  # exactly 10
        ("479", Light.YELLOW),  # just over 10
        ("240", Light.YELLOW),  # exactly 30
        ("239", Light.RED),  # just over 30
        ("600", Light.GREEN),  # on schedule
        ("900", Light.GREEN),  # ahead
    ],
)
def test_it_lights_investment_at_the_thresholds(settings_row: DispatchSettings, ytd: str, expected: str) -> None:
    assert queries.investment_light(Decimal(ytd), PLAN, YEAR, 6, settings_row).light == expected


def test_it_explains_the_light_in_points(settings_row: DispatchSettings) -> None:
    result = queries.investment_light(Decimal("480"), PLAN, YEAR, 6, settings_row)
    assert result.reason == "完成年度计划40.00%，序时进度50.00%，落后序时10.00个百分点"


def test_it_has_no_investment_light_without_a_plan(settings_row: DispatchSettings) -> None:
    assert queries.investment_light(Decimal("100"), None, YEAR, 6, settings_row).light == Light.NONE
    assert queries.investment_light(Decimal("100"), Decimal(0), YEAR, 6, settings_row).light == Light.NONE


def test_it_follows_configured_thresholds(settings_row: DispatchSettings) -> None:
    settings_row.investment_yellow_points = Decimal("5")
    settings_row.investment_red_points = Decimal("20")
    assert queries.investment_light(Decimal("510"), PLAN, YEAR, 6, settings_row).light == Light.YELLOW  # 7.5 behind
    assert queries.investment_light(Decimal("300"), PLAN, YEAR, 6, settings_row).light == Light.RED  # 25 behind


@pytest.mark.parametrize("month", [1, 3, 6, 12])
def test_it_is_green_when_reports_keep_pace_with_the_plan(make_project: Any, make_report: Any, month: int) -> None:
    project = make_project("晋江大道改造", plan=PLAN)
    for m in range(1, month + 1):
        make_report(project, m, 100, ReportStatus.APPROVED)
    annotated = queries.with_progress(Project.objects.filter(pk=project.pk), YEAR, month).get()
    assert annotated.plan_amount == PLAN
    assert annotated.ytd_amount == Decimal(100 * month)
    assert annotated.month_status == ReportStatus.APPROVED
    assert queries.lights_for(annotated, YEAR, month).overall == Light.GREEN


def test_it_is_red_31_points_behind(make_project: Any, make_report: Any) -> None:
    project = make_project("晋江大道改造", plan=PLAN)
    # Month 6, T = 50%: 228 of 1200 is 19%, 31 points behind.
    make_report(project, 6, 228, ReportStatus.APPROVED)
    lights = queries.lights_for(project, YEAR, 6)
    assert lights.investment.light == Light.RED
    assert lights.overall == Light.RED
    assert "落后序时31.00个百分点" in lights.reasons[0]


def test_it_counts_only_approved_reports(make_project: Any, make_report: Any) -> None:
    project = make_project("晋江大道改造", plan=PLAN)
    make_report(project, 1, 100, ReportStatus.APPROVED)
    make_report(project, 2, 1000, ReportStatus.DRAFT)
    make_report(project, 3, 1000, ReportStatus.SUBMITTED)
    make_report(project, 4, 1000, ReportStatus.RETURNED)
    annotated = queries.with_progress(Project.objects.filter(pk=project.pk), YEAR, 4).get()
    assert annotated.ytd_amount == Decimal(100)
    assert queries.investment_totals(Project.objects.all(), YEAR, 4) == (Decimal(100), PLAN)
    # 100 of 1200 at month 4 is 25 points behind 序时 (33.33%): the unapproved 3000 do not help.
    assert queries.lights_for(annotated, YEAR, 4).investment.light == Light.YELLOW


def test_it_counts_reports_up_to_the_month_only(make_project: Any, make_report: Any) -> None:
    project = make_project("晋江大道改造", plan=PLAN)
    for m in (1, 2, 3):
        make_report(project, m, 100, ReportStatus.APPROVED)
    annotated = queries.with_progress(Project.objects.filter(pk=project.pk), YEAR, 2).get()
    assert annotated.ytd_amount == Decimal(200)


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        (3, Light.NONE),  # the planned month itself is not late
        (4, Light.YELLOW),  # the planned month has passed
        (6, Light.YELLOW),  # 3 months over: still yellow
        (7, Light.RED),  # more than 3 months over
    ],
)
def test_it_lights_a_late_start_at_month_boundaries(
    make_project: Any, settings_row: DispatchSettings, month: int, expected: str
) -> None:
    project = make_project("安海物流园", planned_start=datetime.date(YEAR, 3, 1))
    assert queries.lights_for(project, YEAR, month, settings_row).start.light == expected


def test_it_has_no_start_light_once_started(make_project: Any, settings_row: DispatchSettings) -> None:
    project = make_project(
        "安海物流园", planned_start=datetime.date(YEAR, 3, 1), actual_start=datetime.date(YEAR, 8, 1)
    )
    assert queries.lights_for(project, YEAR, 10, settings_row).start.light == Light.NONE


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (datetime.date(YEAR, 4, 14), Light.NONE),  # not yet a month since the start on 15 March
        (datetime.date(YEAR, 4, 15), Light.YELLOW),  # one month
        (datetime.date(YEAR, 5, 14), Light.YELLOW),
        (datetime.date(YEAR, 5, 15), Light.RED),  # two months
    ],
)
def test_it_lights_missing_statistics_registration_at_month_boundaries(
    make_project: Any, settings_row: DispatchSettings, as_of: datetime.date, expected: str
) -> None:
    project = make_project("安海物流园", actual_start=datetime.date(YEAR, 3, 15))
    assert queries.stats_light(project, as_of, settings_row).light == expected


def test_it_has_no_statistics_light_once_registered(make_project: Any, settings_row: DispatchSettings) -> None:
    project = make_project(
        "安海物流园",
        actual_start=datetime.date(YEAR, 3, 15),
        stats_registered=True,
        stats_registered_on=datetime.date(YEAR, 4, 1),
    )
    assert queries.stats_light(project, datetime.date(YEAR, 12, 31), settings_row).light == Light.NONE


def test_it_takes_the_worst_light_as_overall(make_project: Any, make_report: Any) -> None:
    # Investment on schedule (green) but started in March and not registered by the end of June (red).
    project = make_project("安海物流园", plan=PLAN, actual_start=datetime.date(YEAR, 3, 15))
    make_report(project, 6, 600, ReportStatus.APPROVED)
    lights = queries.lights_for(project, YEAR, 6)
    assert (lights.investment.light, lights.stats.light, lights.overall) == (Light.GREEN, Light.RED, Light.RED)
    assert lights.reasons == ["开工3个月仍未统计入库"]


def test_it_selects_projects_by_light(make_project: Any, make_report: Any) -> None:
    green = make_project("绿灯项目", plan=PLAN)
    make_report(green, 6, 600, ReportStatus.APPROVED)
    yellow = make_project("黄灯项目", plan=PLAN)
    make_report(yellow, 6, 400, ReportStatus.APPROVED)
    red = make_project("红灯项目", plan=PLAN)
    projects = Project.objects.all()
    assert list(queries.projects_with_light(projects, YEAR, 6, Light.GREEN)) == [green]
    assert list(queries.projects_with_light(projects, YEAR, 6, Light.YELLOW)) == [yellow]
    assert list(queries.projects_with_light(projects, YEAR, 6, Light.RED)) == [red]


def test_it_lists_late_reporters_only_after_the_deadline(make_project: Any, make_report: Any) -> None:
    started = {"actual_start": datetime.date(YEAR, 3, 1)}
    silent = make_project("未报项目", plan=PLAN, **started)
    drafted = make_project("草稿项目", plan=PLAN, **started)
    make_report(drafted, 10, 100, ReportStatus.DRAFT)
    returned = make_project("退回项目", plan=PLAN, **started)
    make_report(returned, 10, 100, ReportStatus.RETURNED)
    submitted = make_project("已报项目", plan=PLAN, **started)
    make_report(submitted, 10, 100, ReportStatus.SUBMITTED)
    make_project("不在名单的项目", **started)  # no plan for the year: not expected to report
    make_project("前期项目", plan=PLAN)  # not started: no investment to report yet
    make_project("11月开工项目", plan=PLAN, actual_start=datetime.date(YEAR, 11, 2))  # started after October
    projects = Project.objects.all()
    # October's reports are due on 5 November.
    assert not queries.late_projects(projects, YEAR, 10, datetime.date(YEAR, 11, 5)).exists()
    late = queries.late_projects(projects, YEAR, 10, datetime.date(YEAR, 11, 6))
    assert set(late) == {silent, drafted, returned}


def test_it_moves_the_deadline_with_the_setting(make_project: Any, settings_row: DispatchSettings) -> None:
    make_project("未报项目", plan=PLAN, actual_start=datetime.date(YEAR, 3, 1))
    settings_row.report_deadline_day = 10
    settings_row.save()
    projects = Project.objects.all()
    assert not queries.late_projects(projects, YEAR, 12, datetime.date(YEAR + 1, 1, 10)).exists()
    assert queries.late_projects(projects, YEAR, 12, datetime.date(YEAR + 1, 1, 11)).count() == 1


def test_it_gives_no_investment_light_before_the_planned_start(make_project: Any) -> None:
    # Planned to start in November: nothing is expected by June, whatever the year's plan.
    later = make_project("年底开工项目", plan=PLAN, planned_start=datetime.date(YEAR, 11, 1))
    lights = queries.lights_for(later, YEAR, 6)
    assert lights.investment.light == Light.NONE
    assert "尚未到开工时间" in lights.investment.reason
    # Once the planned month has passed without a start, the start light and 序时 both speak.
    december = queries.lights_for(later, YEAR, 12)
    assert (december.investment.light, december.start.light) == (Light.RED, Light.YELLOW)


def test_it_measures_investment_against_either_time_basis(settings_row: DispatchSettings) -> None:
    # DOMAIN.md §4: A = 10374.08亿, P = 10000亿 as of 31 October 2022: T = 304/365 by day, 10/12 by month.
    actual, plan = Decimal("103740800"), Decimal("100000000")
    by_month = queries.investment_light(actual, plan, 2022, 10, settings_row)
    assert by_month.light == Light.GREEN and "序时进度83.33%" in by_month.reason
    settings_row.investment_time_basis = TimeBasis.DAY
    settings_row.save()
    assert queries.investment_share(2022, 10, settings_row) == elapsed_share_by_day(datetime.date(2022, 10, 31))
    assert f"{queries.investment_share(2022, 10, settings_row):.6f}" == f"{Decimal(304) / Decimal(365):.6f}"
    by_day = queries.investment_light(actual, plan, 2022, 10, settings_row)
    assert by_day.light == Light.GREEN and "序时进度83.29%" in by_day.reason
    # The bases can disagree. End of May 2022: T = 5/12 = 41.67% by month, 151/365 = 41.37% by day; 31.5% done is
    # 10.17 points behind by month (yellow) but 9.87 behind by day (green).
    may = Decimal("378")  # 31.5% of a 1200 plan
    assert queries.investment_light(may, Decimal("1200"), 2022, 5, settings_row).light == Light.GREEN
    settings_row.investment_time_basis = TimeBasis.MONTH
    assert queries.investment_light(may, Decimal("1200"), 2022, 5, settings_row).light == Light.YELLOW
