"""Every list as CSV or JSON, with the page's filters: the same rows, more of them per request.

JSON is one object: ``rows`` (each row as the page's query returned it, times in ISO 8601 with
their offset), ``count`` and ``truncated`` (more rows matched than were sent: ask again with
``offset``). CSV has a header row; lists are joined with ``; `` and objects written as JSON. Both
say ``X-Newswatch-Truncated: true`` when cut. A CSV cell that a spreadsheet would run as a formula
(starting with = + @ or a tab) gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from fastapi.responses import Response

_FORMULA_START = ("=", "+", "@", "\t", "\r")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, uuid.UUID | set | frozenset):
        return str(value) if isinstance(value, uuid.UUID) else sorted(value)
    raise TypeError(f"cannot export {type(value).__name__}")


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_plain)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        text = "; ".join("" if v is None else (v if isinstance(v, str) else to_json(v)) for v in value)
    elif isinstance(value, Mapping):
        text = to_json(value)
    elif isinstance(value, str):
        text = value
    else:
        plain = _plain(value) if not isinstance(value, int | float) else value
        text = str(plain)
    return "'" + text if text.startswith(_FORMULA_START) else text


def rows_response(rows: Sequence[Mapping[str, Any]], output: str, *, name: str, truncated: bool = False,
                  columns: Sequence[str] | None = None, extra: Mapping[str, Any] | None = None) -> Response:
    headers = {"X-Newswatch-Truncated": "true" if truncated else "false"}
    if output == "json":
        body = to_json({**(extra or {}), "count": len(rows), "truncated": truncated, "rows": list(rows)})
        return Response(body, media_type="application/json", headers=headers)
    names = list(columns or (rows[0].keys() if rows else []))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(names)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in names])
    headers["Content-Disposition"] = f'attachment; filename="newswatch-{name}.csv"'
    return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
