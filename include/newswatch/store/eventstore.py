"""The PostgreSQL event store: append events to streams, read them back in commit order.

One append-only table (``newswatch.events``, see ``sql/migrations/0002_events.sql``). Method names follow what
they do in SQL; driver errors surface as :mod:`newswatch.errors` exceptions.
"""

from __future__ import annotations

import io
import json
import re
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import psycopg2
import psycopg2.errors
import psycopg2.extensions
import psycopg2.extras

from newswatch.errors import StoreError, StoreUnavailable, WrongExpectedVersion
from newswatch.events import ANY, NO_STREAM, NewEvent, StreamAppend

# Every append takes this transaction-scoped advisory lock before it allocates positions.
# Why: identity/sequence values are handed out before commit, so two concurrent writers can commit
# positions out of order (41 visible while 40 is still in flight); a reader tailing
# global_position would then checkpoint past 40 and never see it (the bug Marten, Eventuous and
# Emmett shipped). Serializing appends makes the visible log always a gap-free prefix. Appends are
# batched, so the lock is held for milliseconds per thousand events.
APPEND_LOCK_KEY = 0x6E657773  # "news"

_COPY_COLUMNS = "(event_id, stream, stream_version, type, data, metadata)"


@dataclass(frozen=True, slots=True)
class RecordedEvent:
    global_position: int
    event_id: str
    stream: str
    stream_version: int
    type: str
    data: dict[str, Any]
    metadata: dict[str, Any]
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class AppendResult:
    written: int  # events actually inserted (re-appended ids are skipped, not counted)
    skipped: int  # events whose id was already in the store
    last_position: int | None  # global_position of the last inserted event


def redact_url(url: str) -> str:
    """The database URL with any password replaced, fit for error messages and logs."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url)


def connect(url: str, *, application_name: str = "newswatch", jit: bool = False) -> psycopg2.extensions.connection:
    """Open a psycopg2 connection, turning "cannot connect" into one readable StoreUnavailable.

    JIT compilation is off unless asked for. The pipeline runs many small indexed statements, and
    as the tables grow the planner's cost estimate for some of them (the projections' recounts,
    the mention upserts) crosses ``jit_above_cost``: each then paid 15-50 ms of LLVM compilation
    for a statement that runs in well under 1 ms, which is what made coding slow down from ~40 to
    ~6 articles/s between 10k and 20k coded articles (bench/, figure 1 at 50k).
    """
    try:
        conn = psycopg2.connect(url, application_name=application_name, connect_timeout=10)
    except psycopg2.OperationalError as e:
        first_line = (str(e).strip().splitlines() or ["unknown error"])[0]
        raise StoreUnavailable(f"cannot connect to {redact_url(url)}: {first_line}") from e
    if not jit:
        with conn.cursor() as cur:
            cur.execute("SET jit = off")  # for the session: it outlives this transaction
        conn.commit()
    return conn


# Lost connections, a server shutting down or crashed, and resource exhaustion: another try may
# work. SQLSTATE classes 08 (connection), 53 (insufficient resources), 57P (operator intervention:
# admin shutdown, crash shutdown, cannot connect now) and 40001/40P01 (serialization, deadlock).
_TRANSIENT_SQLSTATE = ("08", "53", "57P", "40001", "40P01")


def store_error(e: psycopg2.Error, what: str) -> StoreError:
    """The project's error for a driver error: StoreUnavailable when a retry may help (the
    connection is gone, the server is shutting down), else StoreError with PostgreSQL's first line."""
    code = getattr(e, "pgcode", None) or ""
    first_line = (str(e).strip().splitlines() or [type(e).__name__])[0]
    if isinstance(e, psycopg2.InterfaceError | psycopg2.OperationalError) and not code \
            or code.startswith(_TRANSIENT_SQLSTATE):
        return StoreUnavailable(f"lost {what}: {first_line}")
    return StoreError(f"{what} refused the statement: {first_line}" + (f" (SQLSTATE {code})" if code else ""))


class EventStore:
    """Append to and read from ``newswatch.events`` over one psycopg2 connection."""

    def __init__(self, conn: psycopg2.extensions.connection):
        self.conn = conn

    @classmethod
    def open(cls, url: str, *, application_name: str = "newswatch") -> EventStore:
        return cls(connect(url, application_name=application_name))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self, cursor_factory: Any = None) -> Iterator[psycopg2.extensions.cursor]:
        """A cursor in one transaction: committed on success, rolled back on any error.

        Driver errors leave as the project's own (see `store_error`), so callers and task
        boundaries never see psycopg2's classes.
        """
        try:
            with self.conn:  # commits or rolls back
                with self.conn.cursor(cursor_factory=cursor_factory) as cur:
                    yield cur
        except psycopg2.Error as e:
            raise store_error(e, "the event store") from e

    # -- writing -------------------------------------------------------------------------------

    def append(
        self, stream: str, events: Sequence[NewEvent], expected_version: int | None = ANY
    ) -> AppendResult:
        """Append ``events`` to ``stream`` atomically.

        Raises WrongExpectedVersion if ``expected_version`` is given and the stream is elsewhere.
        Events whose id is already stored are skipped, so a retried append is a no-op.
        """
        return self.append_many([StreamAppend(stream, events, expected_version)])

    def append_many(
        self, appends: Sequence[StreamAppend], *, cursor: psycopg2.extensions.cursor | None = None
    ) -> AppendResult:
        """Append to many streams in one transaction (or inside the caller's ``cursor``)."""
        if not any(a.events for a in appends):
            return AppendResult(0, 0, None)
        if cursor is not None:
            return insert_events(cursor, appends)
        with self.transaction() as cur:
            return insert_events(cur, appends)

    # -- reading -------------------------------------------------------------------------------

    def read_all(
        self,
        after: int = 0,
        limit: int = 1000,
        *,
        types: Sequence[str] | None = None,
        until: int | None = None,
        cursor: psycopg2.extensions.cursor | None = None,
    ) -> list[RecordedEvent]:
        """Events with global_position > ``after`` (and <= ``until``), in order (optionally only
        some types)."""
        sql = (
            "SELECT global_position, event_id::text, stream, stream_version, type, data, metadata,"
            " recorded_at FROM newswatch.events WHERE global_position > %s"
        )
        params: list[Any] = [after]
        if types is not None:
            sql += " AND type = ANY(%s)"
            params.append(list(types))
        if until is not None:
            sql += " AND global_position <= %s"
            params.append(until)
        sql += " ORDER BY global_position LIMIT %s"
        params.append(limit)
        if cursor is not None:
            cursor.execute(sql, params)
            return [_recorded(row) for row in cursor.fetchall()]
        with self.transaction() as cur:
            cur.execute(sql, params)
            return [_recorded(row) for row in cur.fetchall()]

    def read_stream(self, stream: str) -> list[RecordedEvent]:
        with self.transaction() as cur:
            cur.execute(
                "SELECT global_position, event_id::text, stream, stream_version, type, data,"
                " metadata, recorded_at FROM newswatch.events WHERE stream = %s"
                " ORDER BY stream_version",
                (stream,),
            )
            return [RecordedEvent(*row) for row in cur.fetchall()]

    def stream_version(self, stream: str) -> int:
        """The stream's last version, or NO_STREAM (-1) when it has no events."""
        with self.transaction() as cur:
            cur.execute(
                "SELECT coalesce(max(stream_version), -1) FROM newswatch.events WHERE stream = %s",
                (stream,),
            )
            return cur.fetchone()[0]

    def last_position(self) -> int:
        with self.transaction() as cur:
            cur.execute("SELECT coalesce(max(global_position), 0) FROM newswatch.events")
            return cur.fetchone()[0]


def _recorded(row: Sequence[Any] | Mapping[str, Any]) -> RecordedEvent:
    """A RecordedEvent from a row of any cursor type (tuples, or dicts from RealDictCursor)."""
    return RecordedEvent(*(row.values() if isinstance(row, Mapping) else row))


def insert_events(cur: psycopg2.extensions.cursor, appends: Sequence[StreamAppend]) -> AppendResult:
    """The append algorithm, inside the caller's transaction (see APPEND_LOCK_KEY for the lock)."""
    cur = cur.connection.cursor()  # a plain tuple cursor on the same connection and transaction
    ids = [e.event_id for a in appends for e in a.events]
    streams = sorted({a.stream for a in appends})
    # One round trip: the lock first, then (under it) which ids are stored and where each stream
    # is. The per-stream LATERAL keeps each lookup a probe of the (stream, stream_version) index;
    # "stream = ANY(...) GROUP BY stream" was planned as a parallel scan of the whole log.
    try:
        cur.execute(
            """SELECT pg_advisory_xact_lock(%s);
               SELECT NULL, event_id::text, NULL FROM newswatch.events
                WHERE event_id = ANY(%s::uuid[])
               UNION ALL
               SELECT s.stream, NULL, v.version FROM unnest(%s::text[]) AS s(stream)
               CROSS JOIN LATERAL (SELECT max(stream_version) AS version FROM newswatch.events
                                   WHERE stream = s.stream) v
                WHERE v.version IS NOT NULL""",
            (APPEND_LOCK_KEY, _array_literal(ids), _array_literal(streams)),
        )
    except psycopg2.errors.InvalidTextRepresentation as e:
        raise StoreError(f"an event id is not a UUID: {e}".strip()) from e
    already: set[str] = set()
    versions: dict[str, int] = {}
    for stream, event_id, version in cur.fetchall():
        if stream is None:
            already.add(event_id)
        else:
            versions[stream] = version

    buf = io.StringIO()
    written = skipped = 0
    for a in appends:
        fresh = []
        for e in a.events:
            if str(e.event_id) in already:
                skipped += 1
            else:
                already.add(str(e.event_id))
                fresh.append(e)
        current = versions.get(a.stream, NO_STREAM)
        if not fresh:
            continue  # everything already stored: a retry, not a conflict
        if a.expected_version is not ANY and a.expected_version != current:
            raise WrongExpectedVersion(a.stream, a.expected_version, current)
        for e in fresh:
            current += 1
            buf.write(
                "\t".join(
                    (
                        str(e.event_id),
                        _copy_text(a.stream),
                        str(current),
                        _copy_text(e.type),
                        _copy_text(to_json(e.data)),
                        _copy_text(to_json(e.metadata)),
                    )
                )
            )
            buf.write("\n")
            written += 1
        versions[a.stream] = current
    if not written:
        return AppendResult(0, skipped, None)
    buf.seek(0)
    # COPY is safe without ON CONFLICT: under the lock no one else can insert these ids.
    cur.copy_expert(f"COPY newswatch.events {_COPY_COLUMNS} FROM STDIN", buf)
    cur.execute("SELECT currval(pg_get_serial_sequence('newswatch.events', 'global_position'))")
    return AppendResult(written, skipped, cur.fetchone()[0])


def _array_literal(values: Sequence[str]) -> str:
    """A PostgreSQL array literal ('{"a","b"}'): one string for the server to cast, cheaper to
    parse than the ARRAY['a', 'b', ...] expression psycopg2 makes of a list (~1 ms per 1,000)."""
    return "{" + ",".join(
        '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values
    ) + "}"


def _json_default(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    raise TypeError(f"cannot store {type(value).__name__} in an event")


def _strip_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, Mapping):
        return {k: _strip_nul(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_strip_nul(v) for v in value]
    return value


def to_json(value: Any) -> str:
    """JSON for a jsonb column. jsonb cannot hold U+0000, which scraped text sometimes carries."""
    text = json.dumps(value, ensure_ascii=False, default=_json_default, separators=(",", ":"))
    if "\\u0000" in text:
        text = json.dumps(
            _strip_nul(value), ensure_ascii=False, default=_json_default, separators=(",", ":")
        )
    return text


def _copy_text(value: str) -> str:
    """Escape a value for COPY's text format."""
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )
