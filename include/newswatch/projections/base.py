"""What a projection is, and how one is run: caught up from its checkpoint, or rebuilt from 0.

A projection's writes and its checkpoint move in one transaction, so a crash neither loses nor
doubles an event. Handlers use only the events' own data (never ``now()``), so dropping a
projection and replaying from position 0 rebuilds the same rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import psycopg2.extensions

from newswatch.store import EventStore, RecordedEvent

Cursor = psycopg2.extensions.cursor
Handler = Callable[[Cursor, RecordedEvent], None]


@dataclass(frozen=True)
class Projection:
    name: str
    tables: tuple[str, ...]  # truncated on rebuild, children first
    handlers: Mapping[str, Handler]


def catch_up(store: EventStore, projection: Projection, *, batch_size: int = 1000) -> int:
    """Apply every event after the projection's checkpoint; return how many were applied.

    The checkpoint row is locked FOR UPDATE, so two processes catching up the same projection
    take turns instead of applying an event twice.
    """
    applied = 0
    types = sorted(projection.handlers)
    while True:
        with store.transaction() as cur:
            cur.execute(
                "INSERT INTO newswatch.checkpoints (name) VALUES (%s) ON CONFLICT (name) DO NOTHING",
                (projection.name,),
            )
            cur.execute(
                "SELECT position FROM newswatch.checkpoints WHERE name = %s FOR UPDATE",
                (projection.name,),
            )
            position = cur.fetchone()[0]
            batch = store.read_all(position, batch_size, types=types, cursor=cur)
            for event in batch:
                projection.handlers[event.type](cur, event)
            if batch:
                cur.execute(
                    "UPDATE newswatch.checkpoints SET position = %s, updated_at = now() WHERE name = %s",
                    (batch[-1].global_position, projection.name),
                )
        applied += len(batch)
        if len(batch) < batch_size:
            return applied


def catch_up_all(store: EventStore, projections: Sequence[Projection]) -> dict[str, int]:
    return {p.name: catch_up(store, p) for p in projections}


def rebuild(store: EventStore, projection: Projection, *, batch_size: int = 5000) -> int:
    """Empty the projection's tables and replay the whole log into them, in one transaction,
    so readers see the old rows until the rebuilt ones commit."""
    types = sorted(projection.handlers)
    applied = 0
    with store.transaction() as cur:
        cur.execute(
            "INSERT INTO newswatch.checkpoints (name) VALUES (%s) ON CONFLICT (name) DO NOTHING",
            (projection.name,),
        )
        cur.execute(
            "SELECT position FROM newswatch.checkpoints WHERE name = %s FOR UPDATE", (projection.name,)
        )
        cur.execute(f"TRUNCATE {', '.join(projection.tables)}")
        position = 0
        while True:
            batch = store.read_all(position, batch_size, types=types, cursor=cur)
            for event in batch:
                projection.handlers[event.type](cur, event)
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
