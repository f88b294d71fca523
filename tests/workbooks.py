"""Real .xlsx workbooks built in tests (no file-format mocks): shared by the reader and the import tests."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import openpyxl


def workbook(rows: Sequence[Sequence[Any]], *, merges: Sequence[str] = (), title: str = "Sheet1") -> bytes:
    """An .xlsx whose first sheet holds ``rows`` from A1 (``None`` leaves a cell empty) with ``merges`` applied."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = title
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(r, c, value)
    for cell_range in merges:
        ws.merge_cells(cell_range)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
