"""KPI tables as one Excel workbook (``.xlsx``, openpyxl), for boards that live in Excel.

One sheet per table, with the same columns and values as the CSV files (a missing value, NaN, is
an empty cell), the header in bold, frozen and filtered; a first sheet, ``About``, says what was
run. The file is the same bytes for the same tables: the document's dates (openpyxl stamps the
time of saving as "modified") and the dates inside the zip archive are fixed, not the time of
writing.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from models.data.files import atomic_write_bytes

__all__ = ["Sheet", "write_workbook"]

Sheet = tuple[str, Sequence[str], Sequence[Mapping[str, Any]]]  # title, columns, rows
_FIXED = dt.datetime(2000, 1, 1)  # noqa: DTZ001  (a constant document date, not a time of day)
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
_BAD_TITLE = str.maketrans({c: "_" for c in "[]:*?/\\"})


def _cell(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _title(text: str, used: set[str]) -> str:
    base = text.translate(_BAD_TITLE)[:31] or "sheet"
    title, n = base, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


def write_workbook(path: str | Path, sheets: Sequence[Sheet], *,
                   about: Sequence[tuple[str, object]] = ()) -> Path:
    """Write ``sheets`` (title, columns, rows as dicts) to the ``.xlsx`` file ``path``
    (atomically), after an ``About`` sheet of ``about`` (key, value) lines; returns the path."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.properties.creator = "missingsim"
    book.properties.created = _FIXED
    used: set[str] = set()
    first = book.active
    assert first is not None
    first.title = _title("About", used)
    for key, value in about:
        first.append([str(key), _cell(value)])
    first.column_dimensions["A"].width = 28
    first.column_dimensions["B"].width = 90
    bold = Font(bold=True)
    for title, columns, rows in sheets:
        sheet = book.create_sheet(_title(title, used))
        sheet.append(list(columns))
        for cell in sheet[1]:
            cell.font = bold
        for row in rows:
            sheet.append([_cell(row.get(c)) for c in columns])
        sheet.freeze_panes = "A2"
        if columns:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(rows), 1) + 1}"
        for i, column in enumerate(columns, start=1):
            longest = max([len(str(column)), *(len(str(r.get(column, ""))) for r in rows[:200])])
            sheet.column_dimensions[get_column_letter(i)].width = min(max(longest + 2, 8), 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return atomic_write_bytes(path, _fixed_dates(buffer.getvalue()))


def _fixed_dates(data: bytes) -> bytes:
    """The same zip archive with every entry dated ``_ZIP_TIME`` (byte-identical output)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                data = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", data)
            target.writestr(fixed, data)
    return out.getvalue()
