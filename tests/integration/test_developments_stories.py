"""A fast subset of the evolving stories (tests/fixtures/stories, bench/eval_developments.py) on real
components: the items served over HTTP on localhost one publication day at a time, the real cycle
at the end of each day, and the alerts scored against the labels written for them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # bench/ is a top-level folder of the checkout, not an installed package
    sys.path.insert(0, str(ROOT))

from bench.eval_developments import Store, score  # noqa: E402
from bench.stories import STORIES, load_items, replay  # noqa: E402
from newswatch.alerts.topics import load_topics  # noqa: E402

pytestmark = pytest.mark.integration

# Rumour, reprint, allegation, denial, confirmation months later, a rewrite, a new weapon class and
# its background-clause follow-up; a new supplier and a tenfold quantity; a promise and its
# delivery; a summit planned and held beside meetings of ministers; a sale and its retellings.
SUBSET = ["shells-01", "shells-02", "shells-03", "shells-04", "shells-08", "shells-09", "shells-11", "shells-13",
          "drones-01", "drones-02", "drones-03", "ukraine-01", "ukraine-03", "ukraine-05", "summits-04", "summits-05",
          "summits-07", "summits-08", "summits-10", "jets-01", "jets-03", "jets-05", "background-02"]


@pytest.fixture(scope="module")
def topics():
    return load_topics(STORIES / "topics.yaml")


@pytest.fixture(scope="module")
def stories_db(template_db):
    """One store for the module: the replay is the slow part, the tests only read it."""
    import os

    import psycopg2.extensions

    from newswatch.config import database_url
    from newswatch.store import connect

    def _server_url(dbname: str) -> str:  # as conftest's: a database beside NEWSWATCH_DATABASE_URL's
        return psycopg2.extensions.make_dsn(**{**psycopg2.extensions.parse_dsn(database_url()), "dbname": dbname})

    name = f"newswatch_test_{os.getpid()}_stories"
    admin = connect(_server_url("postgres"))
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_db}"')
    try:
        yield _server_url(name)
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(scope="module")
def stories_run(stories_db, topics):
    from newswatch.store import EventStore

    items = load_items(STORIES, SUBSET)
    with EventStore.open(stories_db) as store:
        run = replay(store, items, topics)
        yield store, items, run


def test_the_stories_subset_raises_every_expected_alert_with_its_reason_and_nothing_else(stories_run, topics):
    store, items, run = stories_run
    out = score(Store(store, run.base), items, run, topics)
    expected = sorted((i.id, a.topic, a.kind) for i in items for a in i.alerts)
    raised = sorted((i.id, t, a["novelty_kind"]) for i, t, _, a in out.matched)
    assert raised == expected, [m[3] for m in out.misses]
    assert not out.false_alerts, [why for *_, why in out.false_alerts]
    assert out.precision == out.recall == out.reason_accuracy == 1.0
    assert out.on_retellings == 0


def _rows(store, sql, *params):
    with store.transaction() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def test_a_meeting_of_ministers_is_explained_filter_by_filter(stories_run, capsys, stories_db):
    store, _, _ = stories_run
    (event_id,) = _rows(store, """SELECT DISTINCT m.event_id::text FROM newswatch.event_mentions m
                                  JOIN newswatch.articles a USING (article_id)
                                  WHERE a.url LIKE '%%/summits-10' AND NOT m.in_title""")[0]
    from newswatch.cli.main import main

    code = main(["--database-url", stories_db, "topics", "explain", event_id, "--topics", str(STORIES / "topics.yaml")])
    text = capsys.readouterr().out
    assert code == 0
    assert "topic korean-peninsula-summits: does not match" in text
    assert "FAIL actor_roles: both of ('North Korean Foreign Minister Choe Son Hui' is minister" in text
    assert "pass event_types: CONSULT in [CONSULT]" in text
    assert "topic arms-transfers: does not match" in text and "FAIL event_types: CONSULT in [AGREE, AID]" in text


def test_a_repeat_is_explained_by_the_alerts_it_repeats(stories_run, capsys, stories_db):
    store, _, _ = stories_run
    # shells-13: more shells, already confirmed: the topic's decision names what it repeats
    (event_id, outcome, explanation, repeat_of) = _rows(
        store, """SELECT d.event_id::text, d.outcome, d.explanation, d.repeat_of FROM newswatch.topic_decisions d
                  JOIN newswatch.event_mentions m USING (event_id) JOIN newswatch.articles a USING (article_id)
                  WHERE d.topic = 'arms-transfers' AND a.url LIKE '%%/shells-13'""")[0]
    assert outcome == "repeat"
    assert "firmest claim confirmed" in explanation and "artillery shells" in explanation
    assert repeat_of and {r["kind"] for r in repeat_of} <= {"alert", "world event"}
    from newswatch.cli.main import main

    assert main(["--database-url", stories_db, "topics", "explain", event_id, "--json",
                 "--topics", str(STORIES / "topics.yaml")]) == 0
    by_topic = {r["topic"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert by_topic["arms-transfers"]["matched"] is True
    assert by_topic["arms-transfers"]["last_decision"]["outcome"] == "repeat"
    assert by_topic["arms-transfers"]["judged_now"]["outcome"] == "repeat"


def test_a_headline_is_evidence_of_its_own_and_no_second_source(stories_run):
    store, _, _ = stories_run
    # shells-08's headline and body both report the confirmation: two mentions, one source
    rows = _rows(store, """SELECT m.event_id, m.in_title, w.num_sources FROM newswatch.event_mentions m
                           JOIN newswatch.articles a USING (article_id) JOIN newswatch.world_events w USING (event_id)
                           WHERE a.url LIKE '%%/shells-08' AND w.event_type = 'AID'""")
    assert {in_title for _, in_title, _ in rows} == {True, False}
    sources = dict(_rows(store, """SELECT m.event_id, count(DISTINCT m.source) FROM newswatch.event_mentions m
                                   WHERE m.event_id = ANY(%s::uuid[]) GROUP BY 1""", [str(r[0]) for r in rows]))
    for event_id, _, num_sources in rows:
        assert num_sources == sources[event_id]  # outlets, never sentences


def test_alerts_keep_every_reason_in_the_view(stories_run):
    store, _, _ = stories_run
    rows = _rows(store, "SELECT novelty_kind, novelty_reasons FROM newswatch.alerts")
    assert rows and all(kind == reasons[0] for kind, reasons in rows)
