"""``tuijin import`` and ``tuijin export``: the page's validation from the command line, exit status 1 on errors."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from tests.imports.conftest import edit_cell, history_count
from tests.workbooks import workbook
from tuijin.core.models import User
from tuijin.dispatch.models import MonthlyReport
from tuijin.projects.models import Project

GOOD = [
    ["项目名称", "所属区域", "项目类别", "总投资"],
    ["甲项目", "晋江市", "产业项目", "100"],
    ["乙项目", "晋江市", "产业项目", 2],
]
BAD = [*GOOD, ["丙项目", "鲤城区", "产业项目", "-1"], ["丁项目", "晋江市", "矿业项目", 1]]


def write(tmp_path: Path, name: str, rows: list[list[Any]]) -> Path:
    path = tmp_path / name
    path.write_bytes(workbook(rows))
    return path


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_imports_as_the_first_superuser_with_a_command_history(admin_user: User, tmp_path: Path) -> None:
    out, err = run("import", "projects", str(write(tmp_path, "项目.xlsx", GOOD)))
    assert "导入完成：新增2条，更新0条，不变0条" in out and err == ""
    record = Project.objects.get(name="甲项目").history.earliest()
    assert (record.history_source, record.history_change_reason) == ("command:import", "导入项目信息表：项目.xlsx")
    assert record.history_user == admin_user


def test_it_prints_every_error_and_writes_nothing(admin_user: User, tmp_path: Path) -> None:
    history = history_count()
    with pytest.raises(CommandError) as raised:
        run("import", "projects", str(write(tmp_path, "bad.xlsx", BAD)))
    assert raised.value.returncode == 1
    assert str(raised.value) == "导入失败：共2处错误，未写入任何数据"
    assert Project.objects.count() == 0 and history_count() == history


# The real entry point closes every database connection when it ends: only a transactional test survives that on
# PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_it_exits_with_status_one_and_the_errors_on_stderr(
    admin_user: User, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write(tmp_path, "bad.xlsx", BAD)
    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["tuijin", "import", "projects", str(bad)])
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "第4行 总投资: 总投资不能为负数。\n" in err
    assert "第5行 项目类别: “矿业项目”不是有效的项目类别，可选：产业项目、基础设施项目、社会民生项目\n" in err
    assert Project.objects.count() == 0
    # Success: no SystemExit, i.e. status 0.
    execute_from_command_line(["tuijin", "import", "projects", str(write(tmp_path, "good.xlsx", GOOD))])
    assert "导入完成：新增2条" in capsys.readouterr().out


def test_it_validates_only_on_dry_run(admin_user: User, tmp_path: Path) -> None:
    out, _err = run("import", "projects", str(write(tmp_path, "项目.xlsx", GOOD)), "--dry-run")
    assert "校验通过（--dry-run，未写入）：新增2条，更新0条，不变0条" in out
    assert Project.objects.count() == 0


def test_it_imports_within_the_given_users_scope(reporter_jj: User, tmp_path: Path) -> None:
    path = write(tmp_path, "项目.xlsx", [*GOOD, ["丙项目", "鲤城区", "产业项目", 1]])
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", "projects", str(path), "--user", "jj_reporter", stderr=err)
    assert err.getvalue() == "第4行 所属区域: 不在您的可编辑范围内（晋江市）\n"
    with pytest.raises(CommandError, match="找不到用户“nobody”"):
        run("import", "projects", str(path), "--user", "nobody")
    with pytest.raises(CommandError, match="未知的表“units”，可选：projects、plans、progress"):
        run("import", "units", str(path))


def test_it_exports_the_projects_of_a_region_and_year(
    admin_user: User, make_project: Callable[..., Project], tmp_path: Path
) -> None:
    make_project("晋江名单项目", plan=100)
    make_project("晋江名单外项目")
    make_project("鲤城名单项目", "350502", plan=100)
    target = tmp_path / "导出.xlsx"
    out, _err = run("export", "projects", str(target), "--region", "350582", "--year", "2025")
    assert "已导出1行" in out
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None
    names = [row[1] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert names == ["晋江名单项目"]
    out, _err = run("import", "projects", str(target))
    assert "新增0条，更新0条，不变1条" in out


def test_it_exports_and_imports_the_monthly_sheet(
    admin_user: User, reporter_jj: User, make_project: Callable[..., Project], tmp_path: Path
) -> None:
    project = make_project("晋江名单项目", code="2503-350582-04-01-123456", plan=100)
    target = tmp_path / "10月.xlsx"
    with pytest.raises(CommandError, match="需要指定月份"):
        run("export", "progress", str(target))
    run("export", "progress", str(target), "--month", "2025-10", "--region", "350582")
    target.write_bytes(edit_cell(target.read_bytes(), "当月完成投资", "晋江名单项目", "1,234.5"))
    with pytest.raises(CommandError, match="需要指定月份"):
        run("import", "progress", str(target))
    out, _err = run("import", "progress", str(target), "--month", "2025-10", "--user", "jj_reporter")
    assert "导入完成：新增1条" in out
    report = MonthlyReport.objects.get(project=project, year=2025, month=10)
    assert report.amount == Decimal("1234.5")
    assert report.history.get().history_source == "command:import"
