"""The validate → preview → commit pipeline: a spreadsheet in, every row checked, all rows saved or none.

An app declares an ``ImportSpec`` per sheet (STYLE.md point 9, "Imports are forms"): its ``columns`` (the same
columns its export writes, so a user can export, edit in Excel and re-import), its ``model`` and three hooks —
``row_to_instance`` (look the row's object up by its natural key and apply the cells, with related fields given
by human keys), ``validate`` (the model's ``full_clean()``, its errors put on the matching columns) and ``save``.

``run_import`` reads the file with the tolerant reader, runs every row through the hooks, checks each row against
the user's editable scope and the file against duplicate keys, and reports every problem as "第N行 列名: 原因".
With any error nothing is written; otherwise all rows are saved in one transaction inside an audit context whose
reason names the file, so each saved row has its history record. A dry run stops before saving and is what the
page's preview and ``--dry-run`` show. Rows whose values equal the stored ones are not saved at all.

This module knows no app: specs are resolved by name from ``settings.TUIJIN_IMPORT_SPECS`` (layering: core ←
exchange ← projects ← dispatch).
"""

from __future__ import annotations

import datetime
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ImproperlyConfigured, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from tuijin.core.audit import audit_context
from tuijin.core.choices import Role
from tuijin.core.models import Region
from tuijin.core.periods import last_complete_month
from tuijin.core.scope import can_create, editable_regions_q
from tuijin.exchange import cells
from tuijin.exchange.reader import CellError, Column, Row, read_table
from tuijin.exchange.writer import write_table

__all__ = [
    "ImportResult",
    "ImportSetupError",
    "ImportSpec",
    "PreviewRow",
    "Problems",
    "RowError",
    "Status",
    "assign",
    "choice_value",
    "export_rows",
    "filter_region",
    "get_spec",
    "parse_month",
    "region_editable",
    "resolve_region",
    "run_import",
    "scope_label",
    "split_list",
]

# Fields every tracked model has that an import never sets and a change check must ignore.
_BOOKKEEPING = frozenset({"id", "created", "updated", "version"})
_LIST_SEPARATORS = str.maketrans({sep: "、" for sep in ",，;；/\n"})


class Status:
    """What a row of the preview will do (or why it will not)."""

    NEW = "新增"
    UPDATE = "更新"
    SAME = "不变"
    SKIP = "跳过"
    ERROR = "错误"


class ImportSetupError(Exception):
    """The import cannot start (a missing or future month …); the message is for the user."""


class RowError(Exception):
    """Problems of one row: ``(column key or None, message)`` pairs; None means the row as a whole.

    ``obj`` is the object as far as the row could be applied: the pipeline still validates it, so the model's own
    objections to the other cells are reported in the same round.
    """

    def __init__(self, problems: list[tuple[str | None, str]], obj: models.Model | None = None) -> None:
        super().__init__("；".join(message for _key, message in problems))
        self.problems = problems
        self.obj = obj


class Problems:
    """Collects a row's problems so a user sees all of them at once, then raises them together."""

    def __init__(self) -> None:
        self.items: list[tuple[str | None, str]] = []

    def add(self, key: str | None, message: str) -> None:
        self.items.append((key, str(message)))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self, obj: models.Model | None = None) -> None:
        """Raise the collected problems; pass the partly built ``obj`` to have the model check the rest too."""
        if self.items:
            raise RowError(self.items, obj)


@dataclass
class PreviewRow:
    """One data row as the preview shows it: ``changes`` are (column header, old value, new value)."""

    number: int
    status: str
    label: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    """What an import found and did. ``committed`` is True only when the rows were written."""

    title: str
    filename: str = ""
    dry_run: bool = True
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[CellError] = field(default_factory=list)
    warnings: list[CellError] = field(default_factory=list)
    rows: list[PreviewRow] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> int:
        return self.created + self.updated

    @property
    def summary(self) -> str:
        text = f"新增{self.created}条，更新{self.updated}条，不变{self.unchanged}条"
        return f"{text}，跳过{self.skipped}条（未填写）" if self.skipped else text

    def error_lines(self) -> list[str]:
        return [str(error) for error in self.errors]


@dataclass
class _Pending:
    row: Row
    obj: models.Model
    status: str


# --- helpers the specs share: human keys ------------------------------------------------------------------------


def split_list(text: str | None) -> list[str]:
    """A multi-valued cell (``"省重点、市重点"``, ``"城建,文旅"``) as its items, without blanks or repeats."""
    if not text:
        return []
    items = (item.strip() for item in cells.fold(text).translate(_LIST_SEPARATORS).split("、"))
    return list(dict.fromkeys(item for item in items if item))


def _plain(text: str) -> str:
    return cells.squeeze(text).lower()


def choice_value(choices: Any, text: str, noun: str, aliases: dict[str, str] | None = None) -> str:
    """The stored value of a choice given by its Chinese label, its value, or a known alias.

    ``choices`` is a ``TextChoices`` class. A label's "A 农、林、牧、渔业" form is also matched by "A" and by the
    name alone, and a trailing "项目" may be left off ("产业" for 产业项目). Raises ``ValueError`` with the message.
    """
    wanted = _plain(text)
    for alias, value in (aliases or {}).items():
        if _plain(alias) == wanted:
            return value
    for value, label in choices.choices:
        label = str(label)
        forms = {_plain(value), _plain(label), _plain(label).removesuffix("项目")}
        head, _sep, tail = label.partition(" ")
        if tail and len(head) == 1:
            forms |= {_plain(head), _plain(tail)}
        if wanted in forms:
            return value
    allowed = "、".join(str(label) for label in choices.labels)
    raise ValueError(f"“{text}”不是有效的{noun}，可选：{allowed}")


def resolve_region(code: str | None, name: str | None, user: Any, rule: Any) -> Region:
    """The region a row names by 区划代码 and/or name (full or short); raises ``ValueError`` with the message.

    A name shared by several regions is resolved within the user's editable scope when that leaves one.
    """
    if code:
        code = cells.squeeze(code).upper()
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise ValueError(f"未找到区划代码为“{code}”的区域")
        if name and _plain(name) not in {_plain(region.name), _plain(region.short_name or region.name)}:
            raise ValueError(f"区划代码{code}（{region.name}）与所属区域“{name}”不一致")
        return region
    if not name:
        raise ValueError("不能为空")
    text = cells.squeeze(name)
    by_code = Region.objects.filter(code=text.upper()).first()  # a code typed into the name column
    if by_code is not None:
        return by_code
    candidates = list(Region.objects.filter(Q(name=text) | Q(short_name=text)))
    if not candidates and len(text) > 2 and text[-1] in "省市区县":
        candidates = list(Region.objects.filter(short_name=text[:-1]))
    if len(candidates) > 1:
        q = editable_regions_q(rule, user)
        if q is not None:
            inside = set(
                Region.objects.filter(q).filter(pk__in=[c.pk for c in candidates]).values_list("pk", flat=True)
            )
            candidates = [c for c in candidates if c.pk in inside] or candidates
    if not candidates:
        raise ValueError(f"未找到名为“{name}”的区域")
    if len(candidates) > 1:
        raise ValueError(f"有{len(candidates)}个名为“{name}”的区域，请填写区划代码")
    return candidates[0]


def parse_month(value: Any) -> datetime.date:
    """A reporting month from a command option, a form or a session: ``"2025-10"``, ``"2025年10月"`` or a date."""
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    if not value:
        raise ImportSetupError("请指定月份，格式如 2025-10")
    try:
        month = cells.to_date(str(value), kind="month")
    except cells.CellValueError as exc:
        raise ImportSetupError(f"月份“{value}”无效，格式应如 2025-10") from exc
    if month is None:
        raise ImportSetupError("请指定月份，格式如 2025-10")
    return month


def region_editable(region: Region, model: type[models.Model], user: Any) -> bool:
    """Whether ``user`` may place rows of ``model`` in ``region``."""
    q = editable_regions_q(model.scope, user)
    return q is None or Region.objects.filter(q).filter(pk=region.pk).exists()


def assign(obj: models.Model, name: str, value: Any) -> None:
    """Set a field from a cell. An empty cell clears an optional field and keeps a required one (a new object
    then fails ``full_clean`` with "不能为空"), so a sheet cannot blank out what the model requires."""
    model_field = obj._meta.get_field(name)
    if value is None or value == "":
        if not model_field.blank:
            return
        value = None if model_field.null else ""
    setattr(obj, name, value)


def scope_label(model: type[models.Model], user: Any) -> str:
    """The regions the user may change rows of ``model`` in, as a message names them: "晋江市、石狮市"."""
    paths = user.region_paths(model.scope.edit_roles - {Role.LEADER}) if user and user.is_authenticated else []
    names = list(Region.objects.filter(path__in=paths).order_by("path").values_list("name", flat=True))
    return "、".join(names) or "无"


def show(value: Any) -> str:
    """A value as the preview shows it: 是/否, dates as 2025-03-05, amounts without trailing zeros."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return format(cells.tidy(value), "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


# --- the spec ---------------------------------------------------------------------------------------------------


class ImportSpec:
    """One importable sheet. Subclasses declare ``model``, ``columns``, ``title`` and implement the hooks.

    A spec instance serves one run (``prepare`` resets it), so hooks may cache lookups on ``self``. Hooks raise
    ``RowError`` (built with ``Problems``) for problems of a row and call ``warn`` for findings that do not block.
    """

    model: type[models.Model]
    columns: list[Column] = []
    title: str = ""
    key_columns: tuple[str, ...] = ()  # where a duplicate key is reported, the first present in the sheet
    region_columns: tuple[str, ...] = ()  # where a scope refusal is reported, the first present in the sheet
    field_columns: dict[str, str] = {}  # model field → column key, for validation errors
    needs_month: bool = False  # the page asks for a month, the command needs --month

    def __init__(self) -> None:
        self.user: Any = None
        self.warnings: list[tuple[Row, str | None, str]] = []

    # configuration
    def get_columns(self, context: dict[str, Any]) -> list[Column]:
        """The columns for this run (a spec may add synonyms that depend on the context, e.g. "1-10月累计")."""
        return self.columns

    def can_import(self, user: Any) -> bool:
        """Whether the user may import this sheet at all (the page is a 404 otherwise)."""
        return can_create(self.model.scope, user)

    def template_title(self, context: dict[str, Any]) -> str:
        return self.title

    def prepare(self, user: Any, context: dict[str, Any]) -> None:
        """Start a run: check the context (raise ``ImportSetupError``) and reset per-run state."""
        self.user = user
        self.warnings = []

    # hooks
    def skip_row(self, row: Row, context: dict[str, Any]) -> bool:
        """Whether a row is left out without error (e.g. a project's row of a fill-in sheet left blank)."""
        return False

    def row_to_instance(self, row: Row, user: Any, context: dict[str, Any]) -> models.Model:
        """The object the row describes, looked up by its natural key (or new), with the row's cells applied."""
        raise NotImplementedError

    def validate(self, obj: models.Model) -> None:
        """``full_clean()``; its errors are raised as a ``RowError`` on the columns of the fields they concern."""
        try:
            obj.full_clean()
        except ValidationError as error:
            raise RowError(self.error_problems(obj, error)) from None

    def save(self, obj: models.Model, row: Row, user: Any) -> None:
        obj.save()

    def natural_keys(self, obj: models.Model) -> list[tuple[str | None, Hashable]]:
        """(column to report on, key) pairs that two rows of one file may not share; by default the stored object."""
        column = self.key_columns[0] if self.key_columns else None
        return [(column, ("pk", obj.pk))] if obj.pk else []

    def describe(self, obj: models.Model) -> str:
        return str(obj)

    def snapshot(self, obj: models.Model) -> dict[str, Any]:
        """The values a change check compares: every concrete field but the bookkeeping ones."""
        return {f.name: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.name not in _BOOKKEEPING}

    def instance_to_row(self, obj: Any, context: dict[str, Any]) -> dict[str, Any]:
        """The export row of an object: values by column key, as ``write_table`` writes them."""
        raise NotImplementedError

    def export_queryset(self, user: Any, context: dict[str, Any]) -> models.QuerySet:
        """The objects an export writes, within what ``user`` may see (``context``: region, year, month …)."""
        raise NotImplementedError

    def scope_region(self, obj: models.Model) -> Region | None:
        """The region the object belongs to for scope, reached through ``model.scope.region``."""
        path = self.model.scope.region
        value: Any = obj
        for part in (path or "").split("__") if path else []:
            value = getattr(value, part, None)
            if value is None:
                return None
        return value if isinstance(value, Region) else None

    # helpers for subclasses
    def warn(self, row: Row, key: str | None, message: str) -> None:
        self.warnings.append((row, key, str(message)))

    def column_for_field(self, name: str) -> str | None:
        if name in self.field_columns:
            return self.field_columns[name]
        return name if any(column.key == name for column in self.columns) else None

    def error_problems(self, obj: models.Model, error: ValidationError) -> list[tuple[str | None, str]]:
        """A model ``ValidationError`` as row problems: each message on its field's column, in plain words."""
        problems: list[tuple[str | None, str]] = []
        if not hasattr(error, "error_dict"):
            return [(None, message) for message in error.messages]
        constraint_fields = _constraint_fields(type(obj))
        for name, errors in error.error_dict.items():
            for item in errors:
                message = " ".join(item.messages)
                target = constraint_fields.get(message) if name == NON_FIELD_ERRORS else name
                key = self.column_for_field(target) if target else None
                problems.append((key, self._plain_message(obj, target, key, item, message)))
        return problems

    def _plain_message(
        self, obj: models.Model, name: str | None, key: str | None, item: ValidationError, message: str
    ) -> str:
        header = self._header(key) if key else None
        noun = header or _verbose_name(obj, name)
        if item.code in {"null", "blank", "required"}:
            return "不能为空" if header else f"{noun}不能为空"
        if item.code == "min_value" and (item.params or {}).get("limit_value") == 0:
            return f"{noun}不能为负数。"
        if key is None and noun and not message.startswith(noun):
            return f"{noun}：{message}"
        return message

    def _header(self, key: str) -> str | None:
        return next((column.header for column in self.columns if column.key == key), None)


def _verbose_name(obj: models.Model, name: str | None) -> str:
    """A field's name without its unit hint ("总投资（万元）" → "总投资"); "" for non-field errors."""
    try:
        return str(obj._meta.get_field(name).verbose_name).split("（")[0] if name else ""
    except Exception:  # FieldDoesNotExist for "__all__" or a key a clean() made up
        return ""


def _constraint_fields(model: type[models.Model]) -> dict[str, str]:
    """Violation message → the field it concerns, for constraints Django reports as non-field errors."""
    result: dict[str, str] = {}
    for constraint in model._meta.constraints:
        message = str(constraint.get_violation_error_message())
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            # The last field is the one a person typed (code; for (project, year) the year).
            result[message] = constraint.fields[-1] if len(constraint.fields) > 1 else constraint.fields[0]
        elif isinstance(constraint, models.CheckConstraint):
            lookups = [child[0] for child in constraint.condition.children if isinstance(child, tuple)]
            if lookups:
                result[message] = lookups[0].split("__")[0]
    return result


# --- running an import ------------------------------------------------------------------------------------------


def get_spec(kind: str) -> ImportSpec:
    """A fresh spec for ``kind`` (``"projects"``, ``"plans"``, ``"progress"``) from ``TUIJIN_IMPORT_SPECS``.

    Raises ``KeyError`` for an unknown kind and ``ImproperlyConfigured`` when the setting is missing.
    """
    specs = getattr(settings, "TUIJIN_IMPORT_SPECS", None)
    if specs is None:
        raise ImproperlyConfigured("settings.TUIJIN_IMPORT_SPECS 未配置：请列出各导入表对应的 ImportSpec 类")
    spec_class = import_string(specs[kind])
    return spec_class()


class _Run:
    """The state of one ``run_import``: the table, the result and the rows to save."""

    def __init__(self, spec: ImportSpec, user: Any, context: dict[str, Any], result: ImportResult) -> None:
        self.spec, self.user, self.context, self.result = spec, user, context, result
        self.sheet = ""
        self.headers: dict[str, str] = {}
        self.pending: list[_Pending] = []
        self.seen: dict[Hashable, int] = {}
        self._editable_regions: set[int] | None = None
        self._all_regions = editable_regions_q(spec.model.scope, user) is None

    def error(self, row: Row, key: str | None, message: str, preview: PreviewRow | None = None) -> None:
        header = self.spec._header(key) if key else None
        cell_error = CellError(self.sheet, row.number, header, message)
        self.result.errors.append(cell_error)
        if preview is not None:
            preview.errors.append(f"{header}: {message}" if header else message)

    def blame(self, *keys: str | None) -> str | None:
        """The first of ``keys`` whose column is in the sheet (else the first given)."""
        present = [key for key in keys if key and key in self.headers]
        return present[0] if present else next((key for key in keys if key), None)

    def scope_problem(self, obj: models.Model) -> str | None:
        model = type(obj)
        if obj.pk and not model.objects.editable_by(self.user).filter(pk=obj.pk).exists():
            return f"不在您的可编辑范围内（{scope_label(model, self.user)}）"
        region = self.spec.scope_region(obj)
        if region is None or self._all_regions:
            return None
        if self._editable_regions is None:
            q = editable_regions_q(model.scope, self.user)
            self._editable_regions = set(Region.objects.filter(q).values_list("pk", flat=True))
        if region.pk not in self._editable_regions:
            return f"不在您的可编辑范围内（{scope_label(model, self.user)}）"
        return None

    def check_row(self, row: Row) -> PreviewRow:
        spec = self.spec
        preview = PreviewRow(row.number, Status.ERROR)
        if row.errors:
            preview.errors = [f"{e.column_header}: {e.message}" if e.column_header else e.message for e in row.errors]
            return preview
        if spec.skip_row(row, self.context):
            preview.status = Status.SKIP
            return preview
        try:
            obj = spec.row_to_instance(row, self.user, self.context)
            preview.label = spec.describe(obj)
            problem = self.scope_problem(obj)
            if problem:
                raise RowError([(self.blame(*spec.region_columns, *spec.key_columns), problem)])
            spec.validate(obj)
        except RowError as error:
            problems = list(error.problems)
            if error.obj is not None:
                problems += self.model_problems(error.obj, {key for key, _message in problems})
            for key, message in problems:
                self.error(row, key, message, preview)
            return preview
        keys = spec.natural_keys(obj)
        for column, key in keys:
            if key in self.seen:
                self.error(row, self.blame(column, *spec.key_columns), f"与第{self.seen[key]}行重复", preview)
                return preview
        for _column, key in keys:
            self.seen[key] = row.number
        if obj.pk is None:
            preview.status = Status.NEW
        else:
            preview.changes = self.changes(obj)
            preview.status = Status.UPDATE if preview.changes else Status.SAME
        self.pending.append(_Pending(row, obj, preview.status))
        return preview

    def model_problems(self, obj: models.Model, reported: set[str | None]) -> list[tuple[str | None, str]]:
        """The model's objections to a row that already failed, except on columns that have an error already."""
        try:
            self.spec.validate(obj)
        except RowError as error:
            return [(key, message) for key, message in error.problems if key is not None and key not in reported]
        return []

    def changes(self, obj: models.Model) -> list[tuple[str, str, str]]:
        """(header, old, new) of each column whose value differs from the stored object."""
        spec = self.spec
        stored = type(obj)._base_manager.get(pk=obj.pk)
        before, after = spec.snapshot(stored), spec.snapshot(obj)
        changed = [name for name in after if before.get(name) != after[name]]
        if not changed:
            return []
        old_row, new_row = spec.instance_to_row(stored, self.context), spec.instance_to_row(obj, self.context)
        result: list[tuple[str, str, str]] = []
        for name in changed:
            key = spec.column_for_field(name) or name
            header = spec._header(key) or _verbose_name(obj, name) or name
            entry = (header, show(old_row.get(key, before[name])), show(new_row.get(key, after[name])))
            if entry not in result:
                result.append(entry)
        return result


def run_import(
    spec: ImportSpec | type[ImportSpec],
    source: bytes | Path | BinaryIO,
    user: Any,
    *,
    dry_run: bool,
    context: dict[str, Any] | None = None,
    filename: str = "",
    origin: str = "web",
) -> ImportResult:
    """Validate every row of ``source`` and, unless ``dry_run`` or anything is wrong, save them all.

    ``origin`` is the history source: ``"web"`` for the page, ``"command:import"`` for the command. Never raises
    for bad input: every problem is in ``ImportResult.errors`` and nothing is written when there is one.
    """
    spec = spec() if isinstance(spec, type) else spec
    context = dict(context or {})
    if not filename and isinstance(source, Path):
        filename = source.name
    result = ImportResult(title=spec.title, filename=filename, dry_run=dry_run)
    try:
        spec.prepare(user, context)
    except ImportSetupError as exc:
        result.errors.append(CellError("", None, None, str(exc)))
        return result
    columns = spec.get_columns(context)
    table = read_table(source, columns=columns, filename=filename)
    run = _Run(spec, user, context, result)
    run.sheet, run.headers = table.sheet_name, table.headers
    result.warnings.extend(table.warnings)
    file_errors = [error for error in table.errors if error.row is None]
    if file_errors:
        result.errors.extend(file_errors)
        return result
    result.errors.extend(table.errors)
    for row in table.rows:
        result.rows.append(run.check_row(row))
    for row, key, message in spec.warnings:
        result.warnings.append(CellError(run.sheet, row.number, spec._header(key) if key else None, message))
    result.errors.sort(key=lambda error: error.row or 0)
    result.warnings.sort(key=lambda warning: warning.row or 0)
    result.skipped = sum(1 for row in result.rows if row.status == Status.SKIP)
    counts = {status: sum(1 for p in run.pending if p.status == status) for status in (Status.NEW, Status.UPDATE)}
    result.unchanged = sum(1 for p in run.pending if p.status == Status.SAME)
    if not table.rows and not result.errors:
        result.errors.append(CellError(run.sheet, None, None, "文件中没有数据行"))
    if result.errors:
        return result
    result.created, result.updated = counts[Status.NEW], counts[Status.UPDATE]
    if dry_run:
        return result
    _commit(run, filename, origin)
    return result


def _commit(run: _Run, filename: str, origin: str) -> None:
    """Save every changed row in one transaction; any refusal rolls all of them back and becomes an error."""
    spec, result = run.spec, run.result
    reason = f"导入{spec.title}：{filename}" if filename else f"导入{spec.title}"
    current: _Pending | None = None
    try:
        with audit_context(user=run.user, reason=reason, source=origin), transaction.atomic():
            for current in run.pending:
                if current.status == Status.SAME:
                    continue
                spec.save(current.obj, current.row, run.user)
                # Defence in depth, as in the generic edit view: a row saved outside the scope undoes the import.
                model = type(current.obj)
                if not model.objects.editable_by(run.user).filter(pk=current.obj.pk).exists():
                    raise ValidationError(f"不在您的可编辑范围内（{scope_label(model, run.user)}）")
    except ValidationError as error:
        assert current is not None
        for key, message in spec.error_problems(current.obj, error):
            run.error(current.row, key, message)
    except IntegrityError as error:
        assert current is not None
        run.error(current.row, None, f"保存失败（数据库约束）：{error}")
    else:
        result.committed = True
        return
    result.created = result.updated = 0


def export_rows(spec: ImportSpec, objects: Iterable[Any], context: dict[str, Any] | None = None) -> bytes:
    """The objects as an .xlsx with the spec's columns and title: what the import reads back unchanged."""
    context = dict(context or {})
    rows = [spec.instance_to_row(obj, context) for obj in objects]
    return write_table(spec.get_columns(context), rows, title=spec.template_title(context))


def filter_region(queryset: models.QuerySet, region: Region | None) -> models.QuerySet:
    """Rows of ``region``'s subtree, through the model's scope path (``--region`` of the export command)."""
    if region is None:
        return queryset
    path = queryset.model.scope.region
    lookup = f"{path}__path__startswith" if path else "path__startswith"
    return queryset.filter(**{lookup: region.path})


def default_month() -> datetime.date:
    """The month a reporting page offers first: the last month that has ended."""
    return datetime.date(*last_complete_month(timezone.localdate()), 1)
