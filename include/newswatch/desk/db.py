"""The desk's connections: every page reads through the reader login (a login that is only
newswatch_reader, refused otherwise: `store.roles.connect_reader`) in read-only sessions with a
statement timeout, from a small pool; writes (acknowledge, mute, unmute) open the pipeline's
store and append events through `newswatch.alerts.actions`, like the CLI.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg2
import psycopg2.errors
import psycopg2.extensions
import psycopg2.extras

from newswatch import config
from newswatch.errors import StoreError
from newswatch.store import EventStore
from newswatch.store.eventstore import store_error
from newswatch.store.roles import connect_reader, reader_url


class TooSlow(StoreError):
    """A page's query ran past the desk's statement timeout."""


def open_reader(url: str, *, statement_timeout_ms: int) -> psycopg2.extensions.connection:
    """A connection that can only read the analysts' views and the log, and only for so long:
    the reader login (NEWSWATCH_READER_DATABASE_URL, else the event store's server with the login
    `newswatch init` creates), which cannot become anything else."""
    conn = connect_reader(reader_url(url, config.reader_database_url()), application_name="newswatch-desk")
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT set_config('statement_timeout', %s, false)", (str(int(statement_timeout_ms)),))
        conn.commit()
    except psycopg2.Error as e:
        conn.close()
        raise store_error(e, "the reader connection") from e
    return conn


class ReaderPool:
    """At most ``size`` reader connections, reused across requests (a connection costs more than
    most page queries). A connection that failed is closed rather than handed out again."""

    def __init__(self, url_of: Any, *, size: int, statement_timeout_ms: int):
        self._url_of = url_of
        self._timeout = statement_timeout_ms
        self._idle: queue.LifoQueue[psycopg2.extensions.connection] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(size)

    @contextmanager
    def connection(self) -> Iterator[psycopg2.extensions.connection]:
        """A reader connection for one request; its transaction is rolled back afterwards."""
        if not self._slots.acquire(timeout=30):
            raise StoreError("every reader connection of the desk is busy; try again in a moment")
        conn = None
        healthy = False
        try:
            try:
                conn = self._idle.get_nowait()
            except queue.Empty:
                conn = open_reader(self._url_of(), statement_timeout_ms=self._timeout)
            try:
                yield conn
            except psycopg2.errors.QueryCanceled as e:
                raise TooSlow(f"this page took longer than {self._timeout / 1000:g} s to read: narrow it "
                              "(dates, a type, actors) and try again") from e
            except psycopg2.Error as e:
                raise store_error(e, "the desk's reader connection") from e
            finally:
                try:
                    if not conn.closed:
                        conn.rollback()
                        healthy = True
                except psycopg2.Error:
                    healthy = False  # the connection is gone: close it, open a new one next time
        finally:
            if conn is not None:
                if healthy and not conn.closed:
                    self._idle.put(conn)
                else:
                    conn.close()
            self._slots.release()

    @contextmanager
    def cursor(self) -> Iterator[psycopg2.extras.RealDictCursor]:
        """A dict cursor in one read-only transaction."""
        with self.connection() as conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
            yield cur

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return


@contextmanager
def writer(url: str) -> Iterator[EventStore]:
    """The store for an analyst's action, appended through the same functions as the CLI."""
    store = EventStore.open(url, application_name="newswatch-desk")
    try:
        yield store
    finally:
        store.close()
