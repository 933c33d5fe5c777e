"""Shared test harness: a real PostgreSQL per test that needs one, and an isolated Airflow home.

Databases are cloned from a migrated template (CREATE DATABASE ... TEMPLATE), which is much
cheaper than migrating each time and gives every test an empty, fully migrated event store.
The server comes from NEWSWATCH_DATABASE_URL (default postgresql://localhost:5432/newswatch);
the tests never touch the database named there, only newswatch_test_* databases beside it.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Airflow reads these at import time; never inherit a developer's AIRFLOW_HOME or metadata DB.
_airflow_base = ROOT / ".airflow-test"
_airflow_base.mkdir(exist_ok=True)
_airflow_home = tempfile.mkdtemp(prefix="home-", dir=_airflow_base)
os.environ.update(
    {
        "AIRFLOW_HOME": _airflow_home,
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(ROOT / "plugins"),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{_airflow_home}/airflow.db",
        "AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT": "120",
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
        "AIRFLOW__CORE__UNIT_TEST_MODE": "True",
        "GX_ANALYTICS_ENABLED": "False",
    }
)

TEMPLATE_DB = f"newswatch_test_{os.getpid()}_template"
_counter = itertools.count(1)


def _server_url(dbname: str) -> str:
    """A postgresql:// URI for ``dbname`` on the server of NEWSWATCH_DATABASE_URL (a URI, not a
    key=value DSN, because Airflow's AIRFLOW_CONN_* variables take URIs)."""
    from urllib.parse import quote

    import psycopg2.extensions

    from newswatch.config import database_url

    dsn = psycopg2.extensions.parse_dsn(database_url())
    auth = ""
    if dsn.get("user"):
        auth = quote(dsn["user"], safe="")
        if dsn.get("password"):
            auth += ":" + quote(dsn["password"], safe="")
        auth += "@"
    host = quote(dsn.get("host", "localhost"), safe="")
    return f"postgresql://{auth}{host}:{dsn.get('port', '5432')}/{dbname}"


def _admin():
    from newswatch.store import connect

    conn = connect(_server_url("postgres"))
    conn.autocommit = True
    return conn


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _drop(cur, name: str) -> None:
    cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def template_db() -> str:
    """A migrated database that every test database is cloned from."""
    from newswatch.store import connect
    from newswatch.store.migrations import migrate

    admin = _admin()
    with admin.cursor() as cur:
        # Leftovers of interrupted earlier sessions (their pid is gone); never another live
        # session's databases, so test runs in several checkouts can share one server.
        cur.execute("SELECT datname FROM pg_database WHERE datname ~ '^newswatch_test_[0-9]+_'")
        for (name,) in cur.fetchall():
            if not _alive(int(name.split("_")[2])):
                _drop(cur, name)
        cur.execute(f'CREATE DATABASE "{TEMPLATE_DB}"')
    conn = connect(_server_url(TEMPLATE_DB))
    try:
        migrate(conn)
        # The pipeline and reader logins (cluster-wide, shared by every test session; creating
        # them is idempotent), so `newswatch sql` and the desk have their reader login.
        from newswatch.cli.store import ensure_logins_for

        ensure_logins_for(conn, _server_url(TEMPLATE_DB))
    finally:
        conn.close()
    yield TEMPLATE_DB
    with admin.cursor() as cur:
        _drop(cur, TEMPLATE_DB)
    admin.close()


@pytest.fixture
def new_db_url(template_db: str):
    """A function returning the URL of another fresh, migrated, empty event store each call
    (for tests that compare two stores); all are dropped after the test."""
    names: list[str] = []
    admin = _admin()

    def make() -> str:
        name = f"newswatch_test_{os.getpid()}_{next(_counter)}"
        with admin.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_db}"')
        names.append(name)
        return _server_url(name)

    try:
        yield make
    finally:
        with admin.cursor() as cur:
            for name in names:
                _drop(cur, name)
        admin.close()


@pytest.fixture
def db_url(new_db_url) -> str:
    """The URL of a fresh, migrated, empty event store database for this test."""
    return new_db_url()


@pytest.fixture
def samples():
    """The bundled sample feeds served on a free localhost port, and allowed past the SSRF guard."""
    from newswatch.ingest.samples import SampleServer

    mp = pytest.MonkeyPatch()
    with SampleServer(ROOT / "include" / "samples") as server:
        mp.setenv("NEWSWATCH_SAMPLES_URL", server.url)
        mp.setenv("NEWSWATCH_ALLOWED_HOSTS", "127.0.0.1")
        yield server
    mp.undo()


@pytest.fixture
def store(db_url: str):
    from newswatch.store import EventStore

    s = EventStore.open(db_url)
    try:
        yield s
    finally:
        s.close()
