"""What a projection is, and how one is run: caught up from its checkpoint, or rebuilt from 0.

A projection's writes and its checkpoint move in one transaction, so a crash neither loses nor
doubles an event. Handlers use only the events' own data (never ``now()``), upcast to today's
shape (``events.upcast``), so dropping a projection and replaying from position 0 rebuilds the
same rows, from old events as from new ones.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import groupby

import psycopg2.extensions

from newswatch import events as ev
from newswatch.store import EventStore, RecordedEvent

Cursor = psycopg2.extensions.cursor
Handler = Callable[[Cursor, RecordedEvent], None]
BulkHandler = Callable[[Cursor, Sequence[RecordedEvent]], None]


@dataclass(frozen=True)
class Projection:
    name: str
    tables: tuple[str, ...]  # truncated on rebuild, children first
    handlers: Mapping[str, Handler]
    # Optional: for a run of consecutive events of one type, one statement for the whole run.
    # It must leave the rows exactly as applying ``handlers`` to each event in turn would
    # (tests/integration/test_projection_runner.py compares the two over a real log).
    bulk: Mapping[str, BulkHandler] = field(default_factory=dict)


def catch_up(store: EventStore, projection: Projection, *, batch_size: int = 1000) -> int:
    """Apply every event after the projection's checkpoint; return how many were applied.

    The checkpoint row is locked FOR UPDATE, so two processes catching up the same projection
    take turns instead of applying an event twice.
    """
    applied = 0
    types = sorted(projection.handlers)
    while True:
        with store.transaction() as cur:
            position = _lock_checkpoint(cur, projection.name)
            # The log's head, read before the events. Appends are serialized (store.APPEND_LOCK_KEY),
            # so every position up to the head is committed and visible to the next statement; once
            # the events below it are applied the checkpoint can move to the head even when the
            # last events there belong to other projections. Without this a projection whose
            # events are rare (alerts) rescans the log's whole tail on every catch-up.
            cur.execute("SELECT coalesce(max(global_position), 0) FROM newswatch.events")
            head = cur.fetchone()[0]
            batch = store.read_all(position, batch_size, types=types, until=head, cursor=cur)
            _apply(cur, projection, batch)
            reached = batch[-1].global_position if len(batch) == batch_size else head
            if reached > position:
                cur.execute(
                    "UPDATE newswatch.checkpoints SET position = %s, updated_at = now() WHERE name = %s",
                    (reached, projection.name),
                )
        applied += len(batch)
        if len(batch) < batch_size:
            return applied


def _lock_checkpoint(cur: Cursor, name: str) -> int:
    cur.execute(
        """INSERT INTO newswatch.checkpoints (name) VALUES (%s)
           ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name
           RETURNING position""",
        (name,),
    )
    # The upsert locks the row like SELECT ... FOR UPDATE and returns it, in one round trip.
    return cur.fetchone()[0]


def _apply(cur: Cursor, projection: Projection, batch: Sequence[RecordedEvent]) -> None:
    statements = StatementBatch(cur)
    for type_, run in groupby(batch, key=lambda e: e.type):
        # Handlers see every payload in today's shape: older events are upcast here, once.
        events = [replace(e, data=ev.upcast(type_, e.data)) for e in run]
        if len(events) > 1 and type_ in projection.bulk:
            projection.bulk[type_](statements, events)  # type: ignore[arg-type]
            continue
        for event in events:
            projection.handlers[type_](statements, event)  # type: ignore[arg-type]
    statements.flush()


class StatementBatch:
    """Stands in for the cursor a handler writes through: its statements are queued and sent to
    the server many at a time, in order, in the same transaction.

    Why: handlers run one or two small statements per event, and each round trip to the server
    cost more than the statement itself (figure 1 of bench/). Anything else a handler asks of the
    cursor (fetchone, rowcount, copy_expert, ...) first sends the queue, so a handler that reads
    the result of its own last statement sees exactly that result.
    """

    MAX_STATEMENTS = 500
    MAX_BYTES = 1 << 20

    def __init__(self, cur: Cursor):
        self._cur = cur
        self._queue: list[bytes] = []
        self._size = 0

    def execute(self, query: str, params: object = None) -> None:
        statement = self._cur.mogrify(query, params)
        self._queue.append(statement)
        self._size += len(statement)
        if len(self._queue) >= self.MAX_STATEMENTS or self._size >= self.MAX_BYTES:
            self.flush()

    def flush(self) -> None:
        if self._queue:
            # A newline before each ";" so a statement ending in a -- comment cannot swallow it.
            query = b"\n;\n".join(self._queue)
            self._queue, self._size = [], 0
            self._cur.execute(query)

    def __getattr__(self, name: str) -> object:
        self.flush()
        return getattr(self._cur, name)


def catch_up_all(store: EventStore, projections: Sequence[Projection]) -> dict[str, int]:
    return {p.name: catch_up(store, p) for p in projections}


def rebuild(store: EventStore, projection: Projection, *, batch_size: int = 5000) -> int:
    """Empty the projection's tables and replay the whole log into them, in one transaction,
    so readers see the old rows until the rebuilt ones commit."""
    types = sorted(projection.handlers)
    applied = 0
    with store.transaction() as cur:
        _lock_checkpoint(cur, projection.name)
        cur.execute(f"TRUNCATE {', '.join(projection.tables)}")
        position = 0
        while True:
            batch = store.read_all(position, batch_size, types=types, cursor=cur)
            _apply(cur, projection, batch)
            applied += len(batch)
            if batch:
                position = batch[-1].global_position
            if len(batch) < batch_size:
                break
        cur.execute(
            "UPDATE newswatch.checkpoints SET position = %s, updated_at = now() WHERE name = %s",
            (position, projection.name),
        )
    return applied


def rebuild_all(store: EventStore, projections: Sequence[Projection]) -> dict[str, int]:
    return {p.name: rebuild(store, p) for p in projections}
