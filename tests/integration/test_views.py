"""Views as files: each read-model view lives in store/sql/views/<view>.sql and is re-applied
(dropped, created, granted) whenever its file changes, after the versioned migrations."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest

from newswatch import projections
from newswatch.alerts.topics import load_topics
from newswatch.ingest.feedlist import load_feed_list
from newswatch.model import RunContext
from newswatch.pipeline import run_cycle
from newswatch.store import EventStore, connect, migrations

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2023, 11, 8, 18, 0, tzinfo=timezone.utc)

VIEWS = ("alert_mutes", "alerts", "articles", "digests", "event_mentions", "feed_quality", "feeds",
         "rejected_mentions", "topic_decisions", "validation_runs", "world_events")
# The views that existed before views were files (the migrations created them).
MIGRATION_VIEWS = ("alerts", "articles", "event_mentions", "feed_quality", "feeds", "rejected_mentions",
                   "validation_runs", "world_events")


def test_every_view_file_creates_the_view_it_is_named_after():
    views = migrations.available_views()
    assert tuple(v.name for v in views) == VIEWS
    for view in views:
        created = re.findall(r"^CREATE VIEW newswatch\.(\w+) AS", view.sql, flags=re.M)
        assert created == [view.name], view.name
        assert "CREATE OR REPLACE" not in view.sql  # replaced by drop and create, never in place


def _snapshot(url: str, views=VIEWS, columns: dict[str, list[str]] | None = None) -> dict[str, list]:
    """Each view's rows; with ``columns``, only those columns of each view (a view file may have
    added some since its migration)."""
    conn = connect(url)
    try:
        with conn, conn.cursor() as cur:
            out = {}
            for view in views:
                keep = (columns or {}).get(view) or _view_columns(cur, view)
                cur.execute(f"SELECT jsonb_build_object({', '.join(f'{c!r}, v.{c}' for c in keep)})::text "
                            f"FROM newswatch.{view} v ORDER BY 1")
                out[view] = [row[0] for row in cur.fetchall()]
            return out
    finally:
        conn.close()


def _columns_of(snapshot: dict[str, list], like: dict[str, list]) -> dict[str, list]:
    """Each view's rows with only the columns the views of ``like`` had, in a stable order."""
    out = {}
    for view, rows in snapshot.items():
        keys = set(json.loads(like[view][0])) if like[view] else set()
        out[view] = sorted(json.dumps({k: v for k, v in json.loads(r).items() if k in keys}, sort_keys=True)
                           for r in rows)
    return out


def _view_columns(cur, view: str) -> list[str]:
    cur.execute("""SELECT column_name FROM information_schema.columns
                   WHERE table_schema = 'newswatch' AND table_name = %s ORDER BY ordinal_position""", (view,))
    return [r[0] for r in cur.fetchall()]


@pytest.fixture
def old_db_url(db_url, monkeypatch):
    """A store migrated the way it was before views were files: versioned migrations only (their
    views as the migrations left them), no schema_views bookkeeping."""
    conn = connect(db_url)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("DROP TABLE newswatch.schema_views")
            cur.execute("DELETE FROM newswatch.schema_migrations")
            cur.execute("DROP VIEW " + ", ".join(f"newswatch.{v}" for v in VIEWS))  # as before they were files
        with monkeypatch.context() as m:
            m.setattr(migrations, "_apply_views", lambda conn: [])
            for migration in migrations.available_migrations():
                with conn, conn.cursor() as cur:
                    cur.execute(migration.sql)
                    cur.execute("INSERT INTO newswatch.schema_migrations (version, name, checksum)"
                                " VALUES (%s, %s, %s)", (migration.version, migration.name, migration.checksum))
    finally:
        conn.close()
    return db_url


def test_a_store_migrated_before_views_were_files_gets_them_and_replays_identically(old_db_url, samples):
    with EventStore.open(old_db_url) as store:
        feeds = load_feed_list(ROOT / "include" / "samples" / "feeds.yaml")
        topics = load_topics(ROOT / "include" / "config" / "watch_topics.yaml")
        run_cycle(store, feeds, topics, RunContext(run_id="views-test", now=T0))
    conn = connect(old_db_url)
    with conn, conn.cursor() as cur:
        columns = {v: _view_columns(cur, v) for v in MIGRATION_VIEWS}
    conn.close()
    before = _snapshot(old_db_url, MIGRATION_VIEWS, columns)
    assert before["alerts"] and before["world_events"] and before["articles"]

    conn = connect(old_db_url)
    try:
        applied = migrations.migrate(conn)
        assert applied == [f"view {v}" for v in VIEWS]
        assert migrations.migrate(conn) == []  # nothing changed: nothing re-applied
    finally:
        conn.close()
    with EventStore.open(old_db_url) as store:
        projections.rebuild_all(store)
    assert _snapshot(old_db_url, MIGRATION_VIEWS, columns) == before


def test_a_changed_view_file_is_dropped_created_and_granted_again(db_url, monkeypatch):
    original = {v.name: v for v in migrations.available_views()}
    feeds = original["feeds"]
    # Columns move: something CREATE OR REPLACE VIEW could never do.
    reordered = feeds.sql.replace("SELECT f.name,\n       f.source,", "SELECT f.source,\n       f.name,")
    assert reordered != feeds.sql
    monkeypatch.setattr(migrations, "available_views",
                        lambda: [replace(feeds, sql=reordered) if v.name == "feeds" else v for v in original.values()])
    conn = connect(db_url)
    try:
        assert migrations.migrate(conn) == ["view feeds"]
        with conn, conn.cursor() as cur:
            assert _view_columns(cur, "feeds")[:2] == ["source", "name"]
            cur.execute("SELECT has_table_privilege('newswatch_reader', 'newswatch.feeds', 'SELECT')")
            assert cur.fetchone()[0]
            cur.execute("SELECT checksum FROM newswatch.schema_views WHERE name = 'feeds'")
            assert cur.fetchone()[0] == replace(feeds, sql=reordered).checksum
    finally:
        conn.close()


def test_an_analysts_own_view_on_top_stops_the_replacement_with_a_clear_error(db_url, monkeypatch):
    from newswatch.errors import StoreError

    conn = connect(db_url)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("CREATE VIEW public.my_feeds AS SELECT name FROM newswatch.feeds")
        views = [replace(v, sql=v.sql + "\n-- edited\n") if v.name == "feeds" else v
                 for v in migrations.available_views()]
        monkeypatch.setattr(migrations, "available_views", lambda: views)
        with pytest.raises(StoreError, match="my_feeds"):
            migrations.migrate(conn)
        with conn, conn.cursor() as cur:  # nothing half-done: the old view is still there
            cur.execute("SELECT count(*) FROM newswatch.feeds")
    finally:
        conn.close()
