"""Uploaded files: what a file really is (by its content, never by its name), size limits, safe stored names.

An upload is accepted when its first bytes (and, for Office Open XML, its zip members) show one of the allowed
kinds *and* its extension belongs to that kind, so a renamed executable or a "photo.pdf" that is really a zip is
refused. The stored name is random (``<32 hex>.<ext>``) under ``<folder>/<yyyy>/<mm>/``: a user's file name never
reaches the file system; it is kept in the database and given back as the download name.
"""

from __future__ import annotations

import datetime
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileKind:
    label: str
    extensions: tuple[str, ...]
    content_type: str


PDF = FileKind("PDF", ("pdf",), "application/pdf")
PNG = FileKind("PNG图片", ("png",), "image/png")
JPEG = FileKind("JPEG图片", ("jpg", "jpeg"), "image/jpeg")
GIF = FileKind("GIF图片", ("gif",), "image/gif")
WEBP = FileKind("WebP图片", ("webp",), "image/webp")
DOCX = FileKind("Word文档", ("docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = FileKind("Excel表格", ("xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
PPTX = FileKind(
    "PowerPoint演示文稿", ("pptx",), "application/vnd.openxmlformats-officedocument.presentationml.presentation"
)
# Word 97–2003, Excel 97–2003, PowerPoint 97–2003 and WPS files share the OLE2 compound-file container.
OLE = FileKind("Office 97-2003/WPS文档", ("doc", "xls", "ppt", "wps", "et", "dps"), "application/octet-stream")

IMAGE_KINDS = (PNG, JPEG, GIF, WEBP)
DOCUMENT_KINDS = (PDF, *IMAGE_KINDS, DOCX, XLSX, PPTX, OLE)

OOXML_MAIN_PART = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX, "ppt/presentation.xml": PPTX}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(upload: IO[bytes]) -> FileKind | None:
    """The kind the content shows, or None. Leaves the file positioned at its start."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind: FileKind | None = None
    if head.startswith(b"%PDF-"):
        kind = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = PNG
    elif head.startswith(b"\xff\xd8\xff"):
        kind = JPEG
    elif head[:6] in (b"GIF87a", b"GIF89a"):
        kind = GIF
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        kind = WEBP
    elif head.startswith(OLE_MAGIC):
        kind = OLE
    elif head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            names = set()
        if "[Content_Types].xml" in names:
            kind = next((found for part, found in OOXML_MAIN_PART.items() if part in names), None)
    upload.seek(0)
    return kind


def extension(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).suffix.lower().lstrip(".")


def check_upload(upload: IO[bytes], name: str, size: int, max_bytes: int, allowed: tuple[FileKind, ...]) -> FileKind:
    """The upload's kind, or a ValidationError in Chinese naming the file and what is wrong with it."""
    if size <= 0:
        raise ValidationError(_("文件“%(name)s”是空文件。") % {"name": name}, code="empty")
    if size > max_bytes:
        raise ValidationError(
            _("文件“%(name)s”大小为%(size)s，超过上限%(limit)s。")
            % {"name": name, "size": size_label(size), "limit": size_label(max_bytes)},
            code="too_large",
        )
    kind = sniff(upload)
    labels = "、".join(dict.fromkeys(kind.label for kind in allowed))
    if kind is None or kind not in allowed:
        raise ValidationError(
            _("文件“%(name)s”的内容不是允许的类型（%(labels)s）。") % {"name": name, "labels": labels},
            code="bad_type",
        )
    if extension(name) not in kind.extensions:
        raise ValidationError(
            _("文件“%(name)s”的扩展名与内容不符：内容为%(kind)s，扩展名应为 %(ext)s。")
            % {"name": name, "kind": kind.label, "ext": "、".join(f".{ext}" for ext in kind.extensions)},
            code="bad_extension",
        )
    return kind


def safe_display_name(name: str) -> str:
    """The file name without any directory part or control characters, at most 200 characters (kept ending)."""
    base = PurePosixPath(name.replace("\\", "/")).name
    base = "".join(ch for ch in base if ch.isprintable()).strip() or "file"
    if len(base) > 200:
        suffix = PurePosixPath(base).suffix[:20]
        base = base[: 200 - len(suffix)] + suffix
    return base


def stored_name(folder: str, original: str, today: datetime.date | None = None) -> str:
    """A random name that keeps the (checked) extension: ``folder/2026/11/<hex>.pdf``."""
    today = today or datetime.date.today()
    return f"{folder}/{today:%Y/%m}/{uuid.uuid4().hex}.{extension(original)}"


def size_label(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} B"
