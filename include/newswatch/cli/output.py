"""How commands print: rich tables on a terminal and plain aligned columns in a pipe, JSON Lines for
``--json``, and a progress spinner that only a terminal sees (the domain's long functions give no
progress hooks, so a spinner rather than a bar).

rich is imported inside the functions: ``newswatch --help`` must stay fast.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any


def is_terminal() -> bool:
    """stdout is a terminal: tables may use boxes, colour and several lines per row."""
    return _isatty(sys.stdout)


def interactive() -> bool:
    """A person is watching: stdout and stderr are terminals (progress goes to stderr)."""
    return _isatty(sys.stdout) and _isatty(sys.stderr) and os.environ.get("TERM", "") != "dumb"


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or already closed
        return False


def _console(stream: Any) -> Any:
    from rich.console import Console

    tty = _isatty(stream)
    # In a pipe: no colour whatever FORCE_COLOR says, and no wrapping, so a row stays one line.
    return Console(file=stream, force_terminal=tty, no_color=not tty or None, highlight=False,
                   width=None if tty else 100_000, soft_wrap=not tty)


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    wrap: bool = False  # long text (summaries, reasons) wraps on a terminal instead of widening the table
    justify: str = "left"


def print_table(columns: Sequence[Column | str], rows: Iterable[Sequence[Any]]) -> None:
    """A table on stdout: rich boxes on a terminal; in a pipe, one line per row, columns aligned
    by spaces, no colour and no trailing blanks (greppable, and ``cut``-able by eye)."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    cols = [c if isinstance(c, Column) else Column(c) for c in columns]
    out = sys.stdout
    console = _console(out)
    tty = _isatty(out)
    cells = [[cell_text(v) if tty else cell_text(v).replace("\n", " ") for v in row] for row in rows]
    table = Table(box=box.SIMPLE_HEAD if tty else None, show_edge=False, pad_edge=False,
                  header_style="bold" if tty else "")
    # On a terminal, times, ids and names are kept whole while the wrapping columns can still get
    # a readable width; on a narrow one rich shares the width out (and ellipsizes) as it sees fit.
    widths = [max([len(c.header)] + [len(line) for r in cells for line in r[i].splitlines()])
              for i, c in enumerate(cols)]
    fixed = sum(min(w, 40) + 3 for c, w in zip(cols, widths) if not c.wrap)
    keep_whole = console.width - fixed >= 30 * sum(c.wrap for c in cols)
    for c, width in zip(cols, widths):
        if not tty:
            table.add_column(c.header, justify=c.justify, no_wrap=True, overflow="ignore")
        elif c.wrap:
            table.add_column(c.header, justify=c.justify, overflow="fold")
        else:
            table.add_column(c.header, justify=c.justify, no_wrap=True, overflow="ellipsis",
                             min_width=min(width, 40) if keep_whole else None)
    for row in cells:
        # Text, not str: a summary holding "[PRK]" is words, not rich markup.
        table.add_row(*[Text(v) for v in row])
    if tty:
        console.print(table)
        return
    with console.capture() as captured:
        console.print(table)
    for line in captured.get().splitlines():
        out.write(line.rstrip() + "\n")


def cell_text(value: Any) -> str:
    """A value as a table cell: times to the minute in UTC, lists comma-separated, None as '-'."""
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(cell_text(v) for v in (sorted(value) if isinstance(value, (set, frozenset)) else value))
    if isinstance(value, Mapping):
        return ", ".join(f"{k}={cell_text(v)}" for k, v in sorted(value.items()))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def print_jsonl(records: Iterable[Mapping[str, Any]]) -> int:
    """One JSON object per line on stdout (JSON Lines); returns how many were printed."""
    n = 0
    for record in records:
        sys.stdout.write(json_text(record) + "\n")
        n += 1
    return n


def json_text(value: Any) -> str:
    """Compact JSON for anything a row holds (times, intervals, numerics, UUIDs)."""
    return json.dumps(value, default=json_default, ensure_ascii=False)


def json_default(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)  # UUIDs, paths and the like


@contextmanager
def status(message: str) -> Iterator[None]:
    """A spinner with ``message`` on a terminal while the body runs; nothing in a pipe."""
    if not interactive():
        yield
        return
    console = _console(sys.stderr)
    with console.status(message), _logging_through(console):
        yield


@contextmanager
def _logging_through(console: Any) -> Iterator[None]:
    # Log lines written while a live display runs would tear it; route them through its console.
    import logging

    handlers = [h for h in logging.getLogger().handlers
                if type(h) is logging.StreamHandler and h.stream in (sys.stderr, sys.__stderr__)]
    proxy = _ConsoleWriter(console)
    previous = [h.setStream(proxy) for h in handlers]
    try:
        yield
    finally:
        for h, stream in zip(handlers, previous):
            h.setStream(stream)


class _ConsoleWriter:
    def __init__(self, console: Any) -> None:
        self.console = console

    def write(self, text: str) -> int:
        if text.strip():
            self.console.print(text.rstrip("\n"), markup=False, highlight=False)
        return len(text)

    def flush(self) -> None:
        pass
