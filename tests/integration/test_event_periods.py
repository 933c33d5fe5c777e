"""World events as intervals on real PostgreSQL: an ongoing event ("since February 2022") and its
later reports are one world event; stated and ongoing periods show in the analysts' views; a replay
rebuilds them; an article's report-date basis shows in the articles view."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import psycopg2.extras
import pytest

from newswatch import events as ev
from newswatch import projections
from newswatch.events import StreamAppend
from newswatch.ingest.normalize import canonical_url, content_hash
from newswatch.model import Article, RunContext, stable_id
from newswatch.screen.screening import screen_articles
from newswatch.worldevents import coding

pytestmark = pytest.mark.integration

T0 = datetime(2023, 11, 8, 12, 0, tzinfo=timezone.utc)

# Own-words reports, oldest first.
REPORTS = [
    ("outlet-a", "Russia has attacked Ukraine since February 2022, the ministry said.", T0 - timedelta(days=3)),
    ("outlet-b", "Russia attacked Ukraine on Monday, officials said.", T0),
    ("outlet-c", "North Korea supplied shells to Russia between March and May.", T0),
]


def _article(source: str, text: str, published: datetime | None, basis: str | None) -> Article:
    url = f"https://{source}.example/{abs(hash(text)) % 10**8}"
    return Article(
        article_id=stable_id("article", canonical_url(url)), feed=source, source=source, url=url,
        canonical_url=canonical_url(url), guid=None, title=text[:50], text=text, text_basis="summary",
        published_at=published, date_problem=None, fetched_at=T0, language="en", content_hash=content_hash(text),
        published_basis=basis)


def _rows(store, sql: str) -> list[dict]:
    with store.transaction(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(sql)
        return [dict(r) for r in cur.fetchall()]


@pytest.fixture
def coded(store):
    articles = [_article(s, t, p, "feed") for s, t, p in REPORTS]
    store.append_many([StreamAppend(ev.article_stream(a.article_id),
                                    [ev.ArticleDiscovered(article=a).recorded(a.article_id)]) for a in articles])
    ctx = RunContext("periods", T0 + timedelta(hours=1))
    screen_articles(store, ctx)
    coding.code_articles(store, ctx, workers=0)
    projections.catch_up(store, projections.WORLD_EVENTS)
    return store


def test_an_ongoing_event_and_its_later_report_are_one_world_event(coded):
    rows = _rows(coded, """SELECT event_date, event_date_end, date_open, date_precision, num_mentions, num_sources
                             FROM newswatch.world_events WHERE event_type = 'ASSAULT'""")
    assert rows == [{"event_date": date(2022, 2, 1), "event_date_end": None, "date_open": True,
                     # each report's headline and body sentence: two mentions, one source per outlet
                     "date_precision": "month", "num_mentions": 4, "num_sources": 2}]


def test_the_summary_says_since_when_or_from_when_to_when(coded):
    rows = _rows(coded, "SELECT event_type, summary FROM newswatch.world_events ORDER BY event_type")
    assert "; since 2022-02-01 (month, text)" in rows[1]["summary"]  # ASSAULT
    assert "; 2023-03-01 to 2023-05-31 (month, text)" in rows[0]["summary"]  # AID


def test_a_stated_period_shows_its_last_day_in_the_views(coded):
    world = _rows(coded, """SELECT event_date, event_date_end, date_open FROM newswatch.world_events
                              WHERE event_type = 'AID'""")
    assert world == [{"event_date": date(2023, 3, 1), "event_date_end": date(2023, 5, 31), "date_open": False}]
    mentions = _rows(coded, """SELECT m.event_date, m.event_date_end, m.date_open FROM newswatch.event_mentions m
                                 JOIN newswatch.world_events w USING (event_id)
                                ORDER BY m.event_date""")
    assert {(m["event_date"], m["event_date_end"], m["date_open"]) for m in mentions} == {
        (date(2022, 2, 1), None, True), (date(2023, 11, 6), None, False), (date(2023, 3, 1), date(2023, 5, 31), False)}


def test_a_replay_rebuilds_the_periods(coded):
    before = _rows(coded, "SELECT * FROM newswatch.world_events ORDER BY event_id")
    projections.rebuild(coded, projections.WORLD_EVENTS)
    assert _rows(coded, "SELECT * FROM newswatch.world_events ORDER BY event_id") == before


def test_the_articles_view_shows_where_the_report_date_came_from(store):
    recorded = [_article("outlet-a", "A report dated by its feed.", T0, "feed"),
                _article("outlet-b", "A report dated by its page.", T0 - timedelta(hours=5), "page"),
                _article("outlet-c", "A report with no date of its own.", None, "fetch"),
                _article("outlet-d", "A report recorded before the basis was kept.", T0, None)]
    store.append_many([StreamAppend(ev.article_stream(a.article_id),
                                    [ev.ArticleDiscovered(article=a).recorded(a.article_id)]) for a in recorded])
    projections.catch_up(store, projections.ARTICLES)
    rows = _rows(store, "SELECT source, published_basis FROM newswatch.articles ORDER BY source")
    assert [(r["source"], r["published_basis"]) for r in rows] == [
        ("outlet-a", "feed"), ("outlet-b", "page"), ("outlet-c", "fetch"), ("outlet-d", "feed")]
