"""`newswatch sql "…"`: one read-only statement for analysts (see ``store.console``), printed as a
table, CSV or JSON Lines."""

from __future__ import annotations

import argparse
import csv
import sys
from typing import Any

from newswatch import config
from newswatch.cli.common import positive_float, positive_int
from newswatch.cli.output import Column, json_text, print_jsonl, print_table
from newswatch.errors import ConfigError, StoreUnavailable

# The console's defaults, repeated here so that building the parser imports no psycopg2.
DEFAULT_ROW_CAP = 1000
DEFAULT_TIMEOUT_S = 10.0
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def register(sub: Any) -> None:
    p = sub.add_parser("sql", help="run one read-only SQL query as newswatch_reader",
                       description="Run one read-only query against the newswatch views "
                                   "(search_path is newswatch, so `FROM world_events` works), logged "
                                   "in as $NEWSWATCH_READER_DATABASE_URL (default: the event store's "
                                   "server as newswatch_analyst), a login that may only read.")
    p.add_argument("statement", help='e.g. "SELECT * FROM world_events LIMIT 5"')
    p.add_argument("--max-rows", type=positive_int, default=DEFAULT_ROW_CAP, help="row cap (default %(default)s)")
    p.add_argument("--timeout", type=positive_float, default=DEFAULT_TIMEOUT_S,
                   help="time limit in seconds (default %(default)s)")
    p.add_argument("--max-bytes", type=positive_int, default=DEFAULT_MAX_BYTES,
                   help="cap on the result's size in bytes of text (default %(default)s)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help="table (default), csv, or json: one JSON object per line")
    p.set_defaults(func=cmd_sql)


def cmd_sql(args: argparse.Namespace) -> int:
    from newswatch.store.console import run_query
    from newswatch.store.roles import reader_url

    url = reader_url(args.database_url, config.reader_database_url())
    try:
        result = run_query(url, args.statement, row_cap=args.max_rows, timeout_ms=int(args.timeout * 1000),
                           byte_cap=args.max_bytes)
    except StoreUnavailable as e:
        if "does not exist" in str(e):  # the reader login or the database: both made by init
            raise ConfigError(f"{e}: run `newswatch init` (it creates the reader login), or set "
                              "NEWSWATCH_READER_DATABASE_URL") from e
        raise
    print_result(result, args.format)
    return 0


def print_result(result: Any, fmt: str) -> None:
    """A ``QueryResult`` on stdout; a note on stderr when the row cap cut it."""
    if fmt == "json":
        print_jsonl(dict(zip(result.columns, row)) for row in result.rows)
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(result.columns)
        writer.writerows([[_structured(v) for v in row] for row in result.rows])
    elif result.columns:
        print_table([Column(c, wrap=True) for c in result.columns], [[_structured(v) for v in row] for row in result.rows])
        print(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    if result.truncated:
        if getattr(result, "truncated_by", None) == "bytes":
            print(f"newswatch: truncated at {len(result.rows)} rows, {result.size_bytes} bytes "
                  "(raise --max-bytes)", file=sys.stderr)
        else:
            print(f"newswatch: truncated at {len(result.rows)} rows (raise --max-rows)", file=sys.stderr)


def _structured(value: Any) -> Any:
    # jsonb and arrays as JSON text in a cell, NULL as nothing, as psql shows them
    if value is None:
        return ""
    return json_text(value) if isinstance(value, (dict, list)) else value
