"""The import pages: upload → preview (a dry run) → commit, and the empty template of each sheet.

One view serves every sheet; the app's ``ImportSpec`` (named in ``settings.TUIJIN_IMPORT_SPECS``) says what the
sheet holds. The uploaded file is kept under ``MEDIA_ROOT/imports/`` under a random token that only the uploader's
session knows, so the commit re-reads the very file that was previewed and never a path sent by the browser.
"""

from __future__ import annotations

import codecs
import datetime
import io
import re
import secrets
import time
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from tuijin.exchange.pipeline import (
    ImportResult,
    ImportSetupError,
    ImportSpec,
    default_month,
    get_spec,
    parse_month,
    run_import,
)
from tuijin.exchange.writer import write_table

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
"""Default upload limit; ``settings.TUIJIN_IMPORT_MAX_BYTES`` overrides it."""
UPLOAD_DIR = "imports"
SESSION_KEY = "exchange_imports"
KEEP_PER_SESSION = 5
STALE_SECONDS = 24 * 3600
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(data: bytes) -> str | None:
    """The kind of an upload by its content: ``".xlsx"``, ``".xls"``, ``".csv"`` (decodable text) or None.

    The name and the browser's content type are not trusted: a renamed PDF or Word file is refused here.
    """
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        return ".xlsx" if "xl/workbook.xml" in names else None
    if data.startswith(_OLE_MAGIC):
        return ".xls"
    return ".csv" if _is_text(data) else None


def _is_text(data: bytes) -> bool:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return False
    elif b"\x00" in data:
        return False
    else:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            return False
    # Binary files decode as GB18030 more often than not; text has no control characters but tabs and breaks.
    return bool(text.strip()) and not any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text)


def max_upload_bytes() -> int:
    return int(getattr(settings, "TUIJIN_IMPORT_MAX_BYTES", MAX_UPLOAD_BYTES))


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m")


class ImportForm(forms.Form):
    """The upload: the file and, for monthly sheets, the month it reports."""

    file = forms.FileField(label=gettext_lazy("文件"))

    def __init__(self, *args: Any, needs_month: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = max_upload_bytes() // (1024 * 1024)
        self.fields["file"].help_text = _("支持 Excel（.xlsx、.xls）和 CSV 文件，不超过 %(limit)s MB。") % {
            "limit": limit
        }
        if needs_month:
            self.fields["month"] = forms.DateField(
                label=_("月份"),
                input_formats=["%Y-%m", "%Y-%m-%d"],
                widget=MonthInput(),
                initial=default_month,
                help_text=_("表中数据所属的月份。"),
                error_messages={"invalid": _("请输入月份，格式如 2025-10。")},
            )
        self.content = b""
        self.suffix = ""

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("文件过大（%(size).1f MB），请不超过 %(limit)s MB。")
                % {"size": upload.size / 1024 / 1024, "limit": limit // (1024 * 1024)}
            )
        self.content = upload.read()
        self.suffix = sniff(self.content) or ""
        if not self.suffix:
            raise forms.ValidationError(
                _("“%(name)s”不是 Excel 或 CSV 文件，请上传 .xlsx、.xls 或 .csv 格式的表格。") % {"name": upload.name}
            )
        return upload

    def import_context(self) -> dict[str, Any]:
        month = self.cleaned_data.get("month")
        return {"month": month.strftime("%Y-%m")} if month else {}


def _upload_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / UPLOAD_DIR


def _purge_stale(folder: Path) -> None:
    """Uploads nobody committed within a day are removed (the preview says the file is kept only for a while)."""
    cutoff = time.time() - STALE_SECONDS
    for path in folder.glob("*"):
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:  # removed by a concurrent request
            continue


class SpecMixin(LoginRequiredMixin):
    """Resolves the spec of the URL's kind; a kind the user may not import is a 404, like an object out of scope."""

    kind = ""
    spec: ImportSpec

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.kind = kwargs.get("kind", self.kind)
        try:
            self.spec = get_spec(self.kind)
        except KeyError:
            raise Http404 from None
        if not self.spec.can_import(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class ImportView(SpecMixin, View):
    """GET: the upload form. POST a file: the preview. POST ``token``: the commit of the previewed file."""

    template_name = "exchange/import.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_page(self.make_form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "token" in request.POST:
            return self.commit(request)
        form = self.make_form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(form)
        upload = form.cleaned_data["file"]
        context = form.import_context()
        result = run_import(
            self.spec, form.content, request.user, dry_run=True, context=context, filename=upload.name, origin="web"
        )
        token = self.keep(form.content, form.suffix, upload.name, context) if result.ok and result.changed else None
        return self.render_page(form, result=result, token=token)

    def commit(self, request: HttpRequest) -> HttpResponse:
        token = request.POST.get("token", "")
        entries = request.session.get(SESSION_KEY, {})
        entry = entries.get(token) if _TOKEN_RE.fullmatch(token) else None
        if entry is None or entry.get("kind") != self.kind:
            raise Http404  # not this session's upload: another user's token is as good as none
        path = _upload_dir() / f"{token}{entry['suffix']}"
        if not path.is_file():
            self.forget(token)
            messages.error(request, _("上传的文件已过期，请重新上传。"))
            return HttpResponseRedirect(request.path)
        result = run_import(
            self.spec,
            path.read_bytes(),
            request.user,
            dry_run=False,
            context=entry["context"],
            filename=entry["filename"],
            origin="web",
        )
        self.forget(token)
        if not result.committed:
            return self.render_page(self.make_form(), result=result)
        messages.success(
            request,
            _("导入完成：新增%(created)s条，更新%(updated)s条")
            % {"created": result.created, "updated": result.updated},
        )
        return HttpResponseRedirect(request.path)

    def make_form(self, *args: Any) -> ImportForm:
        return ImportForm(*args, needs_month=self.spec.needs_month)

    def keep(self, content: bytes, suffix: str, filename: str, context: dict[str, Any]) -> str:
        """Store the upload under a fresh token bound to this session; older uploads of the session are dropped."""
        folder = _upload_dir()
        folder.mkdir(parents=True, exist_ok=True)
        _purge_stale(folder)
        token = secrets.token_urlsafe(32)
        (folder / f"{token}{suffix}").write_bytes(content)
        session = self.request.session
        entries = dict(session.get(SESSION_KEY, {}))
        for old in list(entries)[: max(0, len(entries) - KEEP_PER_SESSION + 1)]:
            self.remove_file(old, entries.pop(old))
        entries[token] = {"kind": self.kind, "suffix": suffix, "filename": filename, "context": context}
        session[SESSION_KEY] = entries
        return token

    def forget(self, token: str) -> None:
        entries = dict(self.request.session.get(SESSION_KEY, {}))
        entry = entries.pop(token, None)
        if entry is not None:
            self.remove_file(token, entry)
        self.request.session[SESSION_KEY] = entries

    @staticmethod
    def remove_file(token: str, entry: dict[str, Any]) -> None:
        if _TOKEN_RE.fullmatch(token):
            (_upload_dir() / f"{token}{entry.get('suffix', '')}").unlink(missing_ok=True)

    def render_page(
        self, form: ImportForm, result: ImportResult | None = None, token: str | None = None
    ) -> HttpResponse:
        month = form["month"].value() if "month" in form.fields else None
        if isinstance(month, datetime.date):
            month = month.strftime("%Y-%m")
        query = f"?{urlencode({'month': month})}" if isinstance(month, str) and month else ""
        context = {
            "title": _("导入%(title)s") % {"title": self.spec.title},
            "spec": self.spec,
            "form": form,
            "result": result,
            "token": token,
            "template_url": reverse("exchange:template", args=[self.kind]) + query,
        }
        return render(self.request, self.template_name, context)


class TemplateDownloadView(SpecMixin, View):
    """The empty sheet to fill: a title, the "单位：万元" line and the headers the import reads."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        context: dict[str, Any] = {}
        if self.spec.needs_month and request.GET.get("month"):
            try:
                context["month"] = parse_month(request.GET["month"]).strftime("%Y-%m")
            except ImportSetupError:
                pass  # a malformed month gives the generic template
        title = self.spec.template_title(context)
        data = write_table(self.spec.get_columns(context), [], title=title, sheet_name=self.spec.title)
        response = HttpResponse(data, content_type=XLSX_TYPE)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(title + '模板.xlsx')}"
        return response
