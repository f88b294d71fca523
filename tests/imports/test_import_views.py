"""The import pages: upload → preview → commit, tokens bound to the uploader's session, and refused uploads."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.imports.conftest import history_count
from tests.workbooks import workbook
from tuijin.core.models import User
from tuijin.dispatch.models import MonthlyReport
from tuijin.projects.models import Project

GOOD = [
    ["项目名称", "所属区域", "项目类别", "总投资"],
    ["甲项目", "晋江市", "产业项目", "100"],
    ["乙项目", "晋江市", "产业项目", 2],
]
BAD = [*GOOD, ["丙项目", "晋江市", "产业项目", "-1"]]


def page(kind: str = "projects") -> str:
    return reverse(f"exchange:import_{kind}")


def upload(client: Client, data: bytes, name: str = "项目.xlsx", kind: str = "projects", **fields: Any) -> Any:
    return client.post(page(kind), {"file": SimpleUploadedFile(name, data), **fields})


def token_in(response: Any) -> str:
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, "预览页面没有确认导入的表单"
    return match.group(1)


def kept_files() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_it_shows_the_upload_form_with_the_template_link(client: Client, reporter_jj: User) -> None:
    client.force_login(reporter_jj)
    body = client.get(page()).content.decode()
    assert "导入项目信息表" in body and "上传并校验" in body
    assert reverse("exchange:template", args=["projects"]) in body


@pytest.mark.parametrize("who", ["leader_qz", "handler_lc"])
def test_it_hides_the_pages_from_users_who_cannot_import(client: Client, request: Any, who: str) -> None:
    client.force_login(request.getfixturevalue(who))
    for kind in ("projects", "plans", "progress"):
        assert client.get(page(kind)).status_code == 404
        assert client.get(reverse("exchange:template", args=[kind])).status_code == 404
    assert client.get(reverse("exchange:template", args=["units"])).status_code == 404


def test_it_sends_anonymous_users_to_the_login(client: Client, db: Any) -> None:
    response = client.get(page("progress"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_it_downloads_an_empty_template_with_title_unit_and_headers(client: Client, reporter_jj: User) -> None:
    client.force_login(reporter_jj)
    response = client.get(reverse("exchange:template", args=["progress"]), {"month": "2025-10"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "2025年10月重点项目月度调度表"
    assert rows[1][0] == "单位：万元"
    assert rows[2][:4] == ("项目代码", "项目名称", "所属区域", "年度计划投资")
    assert len(rows) == 3


def test_it_previews_errors_and_saves_nothing(client: Client, reporter_jj: User) -> None:
    client.force_login(reporter_jj)
    history = history_count()
    response = upload(client, workbook(BAD))
    body = response.content.decode()
    assert response.status_code == 200
    assert "第4行 总投资: 总投资不能为负数。" in body
    assert "文件中有错误，未写入任何数据" in body
    assert 'name="token"' not in body
    assert Project.objects.count() == 0 and history_count() == history
    assert kept_files() == []


def test_it_previews_then_commits_a_valid_file(client: Client, reporter_jj: User) -> None:
    client.force_login(reporter_jj)
    preview = upload(client, workbook(GOOD))
    body = preview.content.decode()
    assert "新增" in body and "甲项目" in body and "确认导入（新增2条，更新0条）" in body
    assert Project.objects.count() == 0
    token = token_in(preview)
    assert [path.name for path in kept_files()] == [f"{token}.xlsx"]

    response = client.post(page(), {"token": token}, follow=True)

    assert response.redirect_chain == [(page(), 302)]
    assert "导入完成：新增2条，更新0条" in response.content.decode()
    records = Project.objects.get(name="甲项目").history.all()
    assert {(r.history_change_reason, r.history_user, r.history_source) for r in records} == {
        ("导入项目信息表：项目.xlsx", reporter_jj, "web")
    }
    assert Project.objects.get(name="乙项目").total_investment == Decimal("2")
    assert kept_files() == []
    assert client.post(page(), {"token": token}).status_code == 404
    # A second upload previews the change of the edited cell, old and new value.
    edited = [GOOD[0], GOOD[1], ["乙项目", "晋江市", "产业项目", "2,000"]]
    body = upload(client, workbook(edited)).content.decode()
    assert '总投资：<span class="old">2</span> <span class="arrow">→</span> <span class="new">2000</span>' in body
    assert "确认导入（新增0条，更新1条）" in body


def test_it_refuses_another_users_token(client: Client, reporter_jj: User, dispatcher_qz: User) -> None:
    client.force_login(reporter_jj)
    token = token_in(upload(client, workbook(GOOD)))
    other = Client()
    other.force_login(dispatcher_qz)
    assert other.post(page(), {"token": token}).status_code == 404
    assert other.post(page(), {"token": "../../etc/passwd"}).status_code == 404
    # Nor is a token of one sheet good on another sheet's page.
    assert client.post(page("plans"), {"token": token}).status_code == 404
    assert Project.objects.count() == 0


def _zip(name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("报告.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\x00\x01\x02endobj"),
        ("照片.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"),
        ("通知.docx", _zip("word/document.xml")),
        ("空.csv", b""),
    ],
)
def test_it_refuses_files_that_are_not_excel_or_csv(client: Client, reporter_jj: User, name: str, data: bytes) -> None:
    client.force_login(reporter_jj)
    body = upload(client, data, name=name).content.decode()
    if data:
        assert f"“{name}”不是 Excel 或 CSV 文件，请上传 .xlsx、.xls 或 .csv 格式的表格。" in body
    else:
        assert "提交的是空文件。" in body
    assert 'name="token"' not in body and kept_files() == []


def test_it_refuses_files_over_ten_megabytes(client: Client, reporter_jj: User) -> None:
    client.force_login(reporter_jj)
    data = "项目名称,所属区域\n".encode() + b"x" * (12 * 1024 * 1024)
    body = upload(client, data, name="大.csv").content.decode()
    assert "文件过大（12.0 MB），请不超过 10 MB。" in body


def test_it_accepts_csv_by_content(client: Client, reporter_jj: User) -> None:
    client.force_login(reporter_jj)
    text = '项目名称,所属区域,项目类别,总投资\n丙项目,晋江市,产业项目,"1,000"\n'
    preview = upload(client, text.encode("gb18030"), name="从Excel另存.txt")
    token = token_in(preview)
    assert kept_files()[0].name == f"{token}.csv"
    client.post(page(), {"token": token})
    assert Project.objects.get().total_investment == Decimal("1000")


def test_it_imports_the_monthly_sheet_for_the_chosen_month(
    client: Client, reporter_jj: User, make_project: Callable[..., Project]
) -> None:
    project = make_project("晋江名单项目", code="2503-350582-04-01-123456", plan=100)
    client.force_login(reporter_jj)
    assert 'type="month"' in client.get(page("progress")).content.decode()
    data = workbook([["项目代码", "本月完成投资", "形象进度"], ["2503-350582-04-01-123456", "88.8", "主体施工"]])
    preview = upload(client, data, name="10月调度.xlsx", kind="progress", month="2025-10")
    assert "2025-10" in preview.content.decode()  # the template link keeps the month
    response = client.post(page("progress"), {"token": token_in(preview)}, follow=True)
    assert "导入完成：新增1条，更新0条" in response.content.decode()
    report = MonthlyReport.objects.get(project=project)
    assert (report.year, report.month, report.amount) == (2025, 10, Decimal("88.8"))
    future = upload(client, data, name="10月调度.xlsx", kind="progress", month="2099-01").content.decode()
    assert "不能导入未来月份（2099年1月）的调度数据" in future
