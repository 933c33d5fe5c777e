"""How projections are run (projections/base.py) and the append's batched checks (store.py),
against a real PostgreSQL: statements batched without changing what handlers see, checkpoints
that move past other projections' events but never past an event committed later."""

from __future__ import annotations

import pytest

from newswatch.errors import WrongExpectedVersion
from newswatch.events import NO_STREAM, NewEvent
from newswatch.projections.base import Projection, StatementBatch, catch_up, rebuild
from newswatch.store import EventStore

pytestmark = pytest.mark.integration


def _counted(n: int) -> NewEvent:
    return NewEvent(type="Counted", data={"n": n})


@pytest.fixture
def counter(store: EventStore):
    """A projection into a table of its own; ``seen`` records what each handler call read back."""
    with store.transaction() as cur:
        cur.execute("CREATE TABLE counted (n integer PRIMARY KEY)")
    seen: list[int] = []

    def count(cur, e) -> None:
        cur.execute("INSERT INTO counted (n) VALUES (%s)", (e.data["n"],))
        cur.execute("SELECT count(*) FROM counted")
        seen.append(cur.fetchone()[0])

    return Projection("counter", ("counted",), {"Counted": count}), seen


def _checkpoint(store: EventStore, name: str) -> int:
    with store.transaction() as cur:
        cur.execute("SELECT position FROM newswatch.checkpoints WHERE name = %s", (name,))
        return cur.fetchone()[0]


def test_batched_handler_statements_run_in_order_and_a_handler_reads_its_own_last_result(store, counter):
    projection, seen = counter
    n = StatementBatch.MAX_STATEMENTS * 2 + 7  # several flushes by size, not only by reads
    store.append("counter-1", [_counted(i) for i in range(n)])
    assert catch_up(store, projection) == n
    assert seen == list(range(1, n + 1))
    with store.transaction() as cur:
        cur.execute("SELECT count(*), min(n), max(n) FROM counted")
        assert cur.fetchone() == (n, 0, n - 1)


def test_queued_statements_are_sent_before_the_transaction_ends(store):
    with store.transaction() as cur:
        cur.execute("CREATE TABLE noted (n integer)")
    with store.transaction() as cur:
        batch = StatementBatch(cur)
        for i in range(3):
            batch.execute("INSERT INTO noted VALUES (%s) -- a comment must not swallow the next", (i,))
        batch.flush()
    with store.transaction() as cur:
        cur.execute("SELECT array_agg(n ORDER BY n) FROM noted")
        assert cur.fetchone()[0] == [0, 1, 2]


def test_a_projection_whose_events_are_rare_moves_its_checkpoint_to_the_head(store, counter):
    projection, _ = counter
    store.append("other-1", [NewEvent(type="Other", data={}) for _ in range(5)])
    store.append("counter-1", [_counted(1)])
    store.append("other-2", [NewEvent(type="Other", data={}) for _ in range(5)])
    assert catch_up(store, projection) == 1
    assert _checkpoint(store, "counter") == store.last_position()
    store.append("other-3", [NewEvent(type="Other", data={})])
    assert catch_up(store, projection) == 0
    assert _checkpoint(store, "counter") == store.last_position()


def test_catch_up_never_passes_an_event_committed_while_it_runs(store, db_url, counter):
    projection, seen = counter
    late = EventStore.open(db_url)
    original = projection.handlers["Counted"]

    def count_and_append_meanwhile(cur, e) -> None:
        original(cur, e)
        if e.data["n"] == 0:  # another writer commits a new event while this batch is applied
            late.append("counter-2", [_counted(99)])

    racing = Projection(projection.name, projection.tables, {"Counted": count_and_append_meanwhile})
    try:
        store.append("counter-1", [_counted(0)])
        assert catch_up(store, racing) == 1
        assert _checkpoint(store, "counter") < store.last_position()
        assert catch_up(store, projection) == 1  # the late event is applied, not skipped
        assert seen == [1, 2]
    finally:
        late.close()


def test_rebuild_through_batched_statements_gives_the_same_rows(store, counter):
    projection, _ = counter
    store.append("counter-1", [_counted(i) for i in range(20)])
    catch_up(store, projection)
    assert rebuild(store, projection) == 20
    with store.transaction() as cur:
        cur.execute("SELECT array_agg(n ORDER BY n) FROM counted")
        assert cur.fetchone()[0] == list(range(20))


@pytest.mark.parametrize("stream", ['thing-with "quotes", commas', "thing-back\\slash {braces}"])
def test_expected_versions_hold_for_streams_with_characters_that_arrays_escape(store, stream):
    store.append(stream, [NewEvent(type="Tested", data={})], expected_version=NO_STREAM)
    store.append(stream, [NewEvent(type="Tested", data={})], expected_version=0)
    with pytest.raises(WrongExpectedVersion):
        store.append(stream, [NewEvent(type="Tested", data={})], expected_version=NO_STREAM)
    assert store.stream_version(stream) == 1
