"""The event store's promises (DESIGN §3), each against a real PostgreSQL."""

from __future__ import annotations

import threading
import time
import uuid

import psycopg2
import pytest

from newswatch.errors import StoreError, StoreUnavailable, WrongExpectedVersion
from newswatch.events import NO_STREAM, NewEvent, StreamAppend
from newswatch.store import EventStore, connect
from newswatch.store.migrations import migrate

pytestmark = pytest.mark.integration


def _events(n: int, prefix: str = "e") -> list[NewEvent]:
    return [NewEvent(type="Tested", data={"n": i, "label": f"{prefix}{i}"}) for i in range(n)]


def test_appended_events_read_back_in_order_with_stream_versions(store: EventStore):
    store.append("thing-1", _events(3), expected_version=NO_STREAM)
    store.append("thing-2", _events(1))
    got = store.read_stream("thing-1")
    assert [e.stream_version for e in got] == [0, 1, 2]
    assert [e.data["n"] for e in got] == [0, 1, 2]
    everything = store.read_all(0)
    assert [e.global_position for e in everything] == sorted(e.global_position for e in everything)
    assert store.stream_version("thing-1") == 2
    assert store.stream_version("thing-404") == NO_STREAM


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE newswatch.events SET type = 'Rewritten'",
        "DELETE FROM newswatch.events",
        "TRUNCATE newswatch.events",
    ],
)
def test_the_log_refuses_changes_even_from_its_owner(store: EventStore, statement: str):
    store.append("thing-1", _events(2))
    with pytest.raises(StoreError, match="append-only") as refused:
        with store.transaction() as cur:
            cur.execute("SELECT current_user = tableowner FROM pg_tables WHERE tablename = 'events'")
            assert cur.fetchone()[0] is True  # we really are the owner
            cur.execute(statement)
    # The driver's error is the cause of the project's own (callers never see psycopg2's classes).
    assert isinstance(refused.value.__cause__, psycopg2.errors.InsufficientPrivilege)
    assert "SQLSTATE 42501" in str(refused.value)
    assert len(store.read_all(0)) == 2


def test_the_writer_role_may_insert_and_select_but_not_update(store: EventStore):
    store.append("thing-1", _events(1))
    with pytest.raises(StoreError, match="permission denied") as refused:
        with store.transaction() as cur:
            cur.execute("SET LOCAL ROLE newswatch_writer")
            cur.execute("SELECT count(*) FROM newswatch.events")
            cur.execute("UPDATE newswatch.events SET type = 'x'")
    assert isinstance(refused.value.__cause__, psycopg2.errors.InsufficientPrivilege)


def test_a_stale_expected_version_raises_wrong_expected_version(store: EventStore):
    store.append("thing-1", _events(2), expected_version=NO_STREAM)
    with pytest.raises(WrongExpectedVersion) as caught:
        store.append("thing-1", _events(1, "late"), expected_version=0)
    assert (caught.value.stream, caught.value.expected, caught.value.actual) == ("thing-1", 0, 1)
    with pytest.raises(WrongExpectedVersion):
        store.append("thing-1", _events(1, "new"), expected_version=NO_STREAM)
    store.append("thing-1", _events(1, "ok"), expected_version=1)
    assert store.stream_version("thing-1") == 2


def test_a_failed_batch_appends_nothing(store: EventStore):
    store.append("thing-1", _events(1))
    with pytest.raises(WrongExpectedVersion):
        store.append_many(
            [StreamAppend("thing-2", _events(3)), StreamAppend("thing-1", _events(1), NO_STREAM)]
        )
    assert store.stream_version("thing-2") == NO_STREAM


def test_re_appending_the_same_event_ids_is_a_silent_no_op(store: EventStore):
    batch = _events(3)
    first = store.append("thing-1", batch, expected_version=NO_STREAM)
    # An Airflow retry replays the same call, with the same (now stale) expected version.
    again = store.append("thing-1", batch, expected_version=NO_STREAM)
    assert (first.written, again.written, again.skipped) == (3, 0, 3)
    assert len(store.read_all(0)) == 3


def test_batched_appends_span_many_streams_in_one_call(store: EventStore):
    appends = [StreamAppend(f"thing-{i}", _events(5)) for i in range(1000)]
    result = store.append_many(appends)
    assert result.written == 5000
    assert store.stream_version("thing-999") == 4
    assert len(store.read_all(0, limit=10_000)) == 5000


def test_text_with_nul_and_copy_special_characters_round_trips(store: EventStore):
    data = {"text": "tab\there\nnew line \\ back\\slash \x00nul", "nested": ["a\tb"]}
    store.append("thing-1", [NewEvent(type="Tested", data=data)])
    (got,) = store.read_stream("thing-1")
    assert got.data == {"text": "tab\there\nnew line \\ back\\slash nul", "nested": ["a\tb"]}


def _tail(url: str, stop: threading.Event, seen: list[str]) -> None:
    """A subscriber that trusts global_position: reads after its checkpoint, then moves it."""
    reader = EventStore.open(url)
    checkpoint = 0
    try:
        while True:
            finished = stop.is_set()
            for e in reader.read_all(checkpoint, 500):
                seen.append(e.event_id)
                checkpoint = e.global_position
            if finished:
                break
            time.sleep(0.001)
    finally:
        reader.close()


def _run_writers_and_tail(url: str, write_one) -> tuple[set[str], list[str]]:
    stop = threading.Event()
    seen: list[str] = []
    tail = threading.Thread(target=_tail, args=(url, stop, seen))
    tail.start()
    written: set[str] = set()
    lock = threading.Lock()

    def writer(w: int) -> None:
        conn = connect(url)
        try:
            for i in range(40):
                eid = str(uuid.uuid4())
                write_one(conn, f"writer-{w}.{i}", eid, i)
                with lock:
                    written.add(eid)
        finally:
            conn.close()

    writers = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
    for t in writers:
        t.start()
    for t in writers:
        t.join()
    stop.set()
    tail.join()
    return written, seen


def test_a_tailing_reader_never_skips_events_while_writers_append_concurrently(db_url: str):
    def write_one(conn, stream, eid, i):
        store = EventStore(conn)
        with store.transaction() as cur:
            store.append_many([StreamAppend(stream, [NewEvent("Tested", {"i": i}, eid)])], cursor=cur)
            time.sleep(0.002 * (i % 3))  # commit late: widen the window a gap would need

    written, seen = _run_writers_and_tail(db_url, write_one)
    assert len(written) == 160
    assert set(seen) == written, f"the tailing reader skipped {len(written - set(seen))} events"
    assert len(seen) == len(set(seen))


def test_the_tailing_test_catches_unserialized_appends(db_url: str):
    """Control: writers that insert without the store's lock do make the reader skip events."""

    def write_one(conn, stream, eid, i):
        with conn, conn.cursor() as cur:
            cur.execute(
                "INSERT INTO newswatch.events (event_id, stream, stream_version, type, data)"
                " VALUES (%s, %s, 0, 'Tested', '{}')",
                (eid, stream),
            )
            time.sleep(0.002 * (i % 3))

    written, seen = _run_writers_and_tail(db_url, write_one)
    assert set(seen) < written  # proves the harness can see the Marten-class bug


def test_migrations_are_versioned_and_idempotent(db_url: str):
    conn = connect(db_url)
    try:
        assert migrate(conn) == []  # the template already applied everything
        with conn, conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM newswatch.schema_migrations")
            assert cur.fetchone()[0] >= 9
            cur.execute("UPDATE newswatch.schema_migrations SET checksum = 'edited' WHERE version = 2")
        with pytest.raises(Exception, match="changed after it was applied"):
            migrate(conn)
    finally:
        conn.close()


def test_an_unreachable_database_is_one_readable_error():
    with pytest.raises(StoreUnavailable, match=r"cannot connect to postgresql://nobody:\*\*\*@127\.0\.0\.1:1/x"):
        EventStore.open("postgresql://nobody:secret@127.0.0.1:1/x")


def test_a_connection_lost_mid_run_is_store_unavailable_not_a_driver_error(store: EventStore, db_url):
    """The server ends the session (a restart, an operator's pg_terminate_backend): callers see
    StoreUnavailable, which the CLI maps to exit 3 and Airflow retries, never psycopg2's classes."""
    from newswatch.store import connect

    store.append("thing-1", _events(1))
    with store.transaction() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    admin = connect(db_url)
    try:
        with admin, admin.cursor() as cur:
            cur.execute("SELECT pg_terminate_backend(%s)", (pid,))
    finally:
        admin.close()
    with pytest.raises(StoreUnavailable, match="lost the event store"):
        store.read_all(0)
    with pytest.raises(StoreUnavailable):  # and again: the connection stays closed, still not a driver error
        store.append("thing-1", _events(1, "later"))


def test_a_statement_the_server_refuses_is_a_store_error_naming_its_sqlstate(store: EventStore):
    with pytest.raises(StoreError, match=r"division by zero \(SQLSTATE 22012\)") as refused:
        with store.transaction() as cur:
            cur.execute("SELECT 1 / 0")
    assert not isinstance(refused.value, StoreUnavailable)  # a retry would not help
