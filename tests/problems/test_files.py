"""Uploads are judged by their content, not their name; they are stored under random names; a refused file leaves
nothing behind (DOMAIN/issue: attachments are PDF, images and Office files with a size limit)."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.problems.helpers import EXE, PDF, PNG
from tuijin.core import files
from tuijin.core.models import Unit, User
from tuijin.problems.models import Attachment, HandlingRecord, Problem, ProblemSettings


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("征迁协调会议纪要")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def check(content: bytes, name: str, limit: int = 1024 * 1024) -> files.FileKind:
    return files.check_upload(io.BytesIO(content), name, len(content), limit, files.DOCUMENT_KINDS)


def test_kinds_are_recognised_by_content() -> None:
    assert check(PDF, "纪要.pdf") is files.PDF
    assert check(PNG, "现场.PNG") is files.PNG
    assert check(docx_bytes(), "会议纪要.docx") is files.DOCX
    assert check(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "旧表格.xls") is files.OLE


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (EXE, "报告.pdf", "内容不是允许的类型"),
        (PNG, "报告.pdf", "扩展名与内容不符"),
        (PDF, "报告.exe", "扩展名与内容不符"),
        (b"PK\x03\x04not really a zip", "报告.docx", "内容不是允许的类型"),
        (b"", "空.pdf", "是空文件"),
    ],
)
def test_wrong_files_are_refused_in_chinese(content: bytes, name: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        check(content, name)


def test_size_limit() -> None:
    with pytest.raises(ValidationError, match=r"超过上限1\.0 MB"):
        check(PDF + b"0" * (1024 * 1024), "大文件.pdf")


def test_stored_names_are_random_and_display_names_safe() -> None:
    name = files.stored_name("problems", "纪要.PDF", datetime.date(2026, 2, 14))
    assert name.startswith("problems/2026/02/") and name.endswith(".pdf") and "纪要" not in name
    assert files.safe_display_name("../../etc/passwd.pdf") == "passwd.pdf"
    assert files.safe_display_name("C:\\Users\\张三\\纪要.docx") == "纪要.docx"


@pytest.mark.django_db
def test_reply_with_attachments_stores_them_and_a_bad_one_saves_nothing(
    make_problem: Callable[..., Problem], dispatcher_qz: User, land_bureau: Unit, handler_land: User
) -> None:
    problem = make_problem()
    problem.assign(dispatcher_qz, land_bureau, on=datetime.date(2026, 2, 13))
    good = [SimpleUploadedFile("批复.pdf", PDF), SimpleUploadedFile("现场.png", PNG)]
    record = problem.reply(handler_land, "附批复文件", good, on=datetime.date(2026, 2, 24))
    stored = list(record.attachments.order_by("pk"))
    assert [(a.name, a.content_type, a.size) for a in stored] == [
        ("批复.pdf", "application/pdf", len(PDF)),
        ("现场.png", "image/png", len(PNG)),
    ]
    assert stored[0].file.read() == PDF and not stored[0].file.name.endswith("批复.pdf")
    records_before = HandlingRecord.objects.count()
    folder = Path(settings.MEDIA_ROOT) / "problems"
    files_before = sorted(folder.rglob("*.*"))
    bad = [SimpleUploadedFile("说明.pdf", PDF), SimpleUploadedFile("病毒.pdf", EXE)]
    with pytest.raises(ValidationError, match=r"病毒\.pdf"):
        problem.reply(handler_land, "第二次反馈", bad, on=datetime.date(2026, 2, 25))
    assert HandlingRecord.objects.count() == records_before
    assert Attachment.objects.count() == 2
    assert sorted(folder.rglob("*.*")) == files_before  # the good file of the refused reply was not stored


@pytest.mark.django_db
def test_the_size_limit_is_a_setting(
    make_problem: Callable[..., Problem], dispatcher_qz: User, land_bureau: Unit, handler_land: User
) -> None:
    row = ProblemSettings.current()
    row.attachment_max_mb = 1
    row.save()
    problem = make_problem()
    problem.assign(dispatcher_qz, land_bureau, on=datetime.date(2026, 2, 13))
    big = SimpleUploadedFile("大文件.pdf", PDF + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError, match="超过上限"):
        problem.resolve(handler_land, "已解决", [big], on=datetime.date(2026, 2, 24))
    problem.refresh_from_db()
    assert problem.status == "assigned"


@pytest.mark.django_db
def test_files_go_with_their_problem_once_the_deletion_is_committed(
    make_problem: Callable[..., Problem], django_capture_on_commit_callbacks: Callable
) -> None:
    problem = make_problem()
    (stored,) = problem.records.get().attach([SimpleUploadedFile("现场.pdf", PDF)])
    storage, name = stored.file.storage, stored.file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        problem.delete()  # a 提出 problem may be deleted; its record and attachment go by cascade
    assert not Attachment.objects.exists()
    assert storage.exists(name)  # not before the commit: a rolled-back deletion keeps the file
    for callback in callbacks:
        callback()
    assert not storage.exists(name)
