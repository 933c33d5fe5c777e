"""Screening on real components: feeds served over local HTTP, real PostgreSQL, real GX.

Near-duplicates found through the index held in PostgreSQL (across runs and connections),
quarantine with the reasons, feed batch checks, idempotent retries and identical replays.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from xml.sax.saxutils import escape

import pytest

from newswatch import events as ev
from newswatch import projections
from newswatch.events import StreamAppend
from newswatch.ingest.normalize import canonical_url, content_hash
from newswatch.ingest.polling import poll_feeds
from newswatch.model import Article, FeedSpec, RunContext, stable_id
from newswatch.screen.screening import screen_articles
from newswatch.store import EventStore

pytestmark = pytest.mark.integration

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
LOCAL = frozenset({"localhost", "127.0.0.1"})

ORIGINAL = (
    "North Korea has shipped more than a million artillery shells to Russia since August, South "
    "Korean intelligence officials told lawmakers on Wednesday, in what they described as at least "
    "ten separate deliveries by sea and rail. The officials said the shipments left from the port of "
    "Rajin and crossed into Russia near the border town of Tumangang, and that satellite images "
    "showed a sharp rise in rail traffic at the crossing. In return, Pyongyang is believed to have "
    "received help with its satellite programme, food and fuel, according to the briefing. Moscow and "
    "Pyongyang have denied any arms deals, which would breach United Nations sanctions."
)
REPRINT = (
    "SEOUL (Wire) - North Korea has shipped more than one million artillery shells to Russia since "
    "August, South Korean intelligence officials told lawmakers on Wednesday, in what they described "
    "as at least ten separate deliveries by sea and rail. The officials said the shipments left from "
    "the port of Rajin and crossed into Russia near the border town of Tumangang, and that satellite "
    "pictures showed a sharp rise in rail traffic at the crossing. In return, Pyongyang is thought to "
    "have received help with its satellite programme, food and fuel, according to the briefing. "
    "Moscow and Pyongyang have denied any arms deals, which would breach United Nations sanctions. "
    "Copyright 2026 Wire Service. All rights reserved. This material may not be redistributed."
)
SAME_TOPIC = (
    "Russia and North Korea signed an agreement on military cooperation in Pyongyang on Thursday, "
    "state media in both countries reported, after talks between the two defence ministers that "
    "lasted two days. The agreement covers joint exercises, training of officers and exchanges "
    "between military academies, the reports said, without mentioning weapons. Analysts in Seoul "
    "said the deal formalised ties that had grown since the war in Ukraine began, and warned that "
    "it could bring Russian technology for missiles and submarines to North Korea."
)


def _rss(items: list[dict]) -> str:
    body = "".join(
        f"<item><title>{escape(i['title'])}</title><link>{escape(i['link'])}</link>"
        f"<guid isPermaLink=\"false\">{escape(i['guid'])}</guid>"
        f"<pubDate>{format_datetime(i.get('published', T0 - timedelta(hours=2)))}</pubDate>"
        f"<description>{escape(i['text'])}</description></item>"
        for i in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
            f"<link>https://x.example/</link><description>d</description>{body}</channel></rss>")


def _serve(httpserver, path: str, items: list[dict]) -> None:
    httpserver.expect_request(path).respond_with_data(_rss(items), content_type="application/rss+xml")


def _feed(httpserver, name: str, source: str) -> FeedSpec:
    return FeedSpec(name=name, url=httpserver.url_for(f"/{name}.xml"), source=source, language="en")


def _ctx(minutes: int = 0) -> RunContext:
    now = T0 + timedelta(minutes=minutes)
    return RunContext(run_id=f"test__{now.isoformat()}", now=now)


def _rows(store, sql, *params):
    with store.transaction() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def test_a_reprint_under_another_url_and_headline_is_a_near_duplicate_and_a_same_topic_story_is_not(
        store, db_url, httpserver):
    harbour = _feed(httpserver, "harbour", "Harbour Times")
    coastal = _feed(httpserver, "coastal", "Coastal Wire")
    _serve(httpserver, "/harbour.xml", [
        {"title": "North Korea sent a million shells to Russia, Seoul says",
         "link": "https://harbour.example/world/shells", "guid": "h1", "text": ORIGINAL}])
    poll_feeds(store, [harbour], _ctx(), allowed_hosts=LOCAL)
    screen_articles(store, _ctx())

    # The next run, on another connection (another Airflow task process): the index it reads is
    # the one in PostgreSQL.
    httpserver.clear()
    _serve(httpserver, "/coastal.xml", [
        {"title": "Pyongyang's shell shipments to Moscow top one million",
         "link": "https://coastal.example/2026/11/20/shells-moscow?utm_source=rss", "guid": "c1",
         "text": REPRINT},
        {"title": "Russia and North Korea sign military cooperation pact",
         "link": "https://coastal.example/2026/11/20/pact", "guid": "c2", "text": SAME_TOPIC}])
    with EventStore.open(db_url) as other:
        counts = screen_after_poll(other, [coastal], _ctx(15))
    assert counts["near_duplicate"] == 1 and counts["accepted"] == 1

    rows = dict((title, (status, method, dup, sim)) for title, status, method, dup, sim in _rows(
        store, "SELECT title, status, duplicate_method, duplicate_of::text, similarity FROM newswatch.articles"))
    original_id = stable_id("article", canonical_url("https://harbour.example/world/shells"))
    status, method, dup, similarity = rows["Pyongyang's shell shipments to Moscow top one million"]
    assert (status, method, dup) == ("duplicate", "minhash", original_id)
    assert 0.5 <= similarity < 1.0
    assert rows["Russia and North Korea sign military cooperation pact"][:2] == ("accepted", None)
    assert rows["North Korea sent a million shells to Russia, Seoul says"][0] == "accepted"
    (recorded,) = [e for e in store.read_all(0, 1000, types=[ev.ARTICLE_DUPLICATE_DETECTED])]
    assert recorded.data["duplicate_of"] == original_id and recorded.data["method"] == "minhash"


def screen_after_poll(store, feeds, ctx):
    poll_feeds(store, feeds, ctx, allowed_hosts=LOCAL)
    return screen_articles(store, ctx)


def _discover(store: EventStore, article: Article) -> None:
    event = ev.ArticleDiscovered(article=article).recorded(article.article_id)
    store.append_many([StreamAppend(ev.article_stream(article.article_id), [event])])


def _made(url: str, **changes) -> Article:
    text = changes.pop("text", ORIGINAL)
    base = Article(
        article_id=stable_id("article", canonical_url(url)), feed="harbour", source="Harbour Times",
        url=url, canonical_url=canonical_url(url), guid=None, title="Shells for Moscow, a briefing",
        text=text, text_basis="summary", published_at=T0 - timedelta(hours=1), date_problem=None,
        fetched_at=T0, language="en", content_hash=content_hash(text))
    return dataclasses.replace(base, **changes)


def test_a_future_dated_empty_article_with_markup_is_quarantined_with_those_three_reasons(store):
    bad = _made("https://harbour.example/bad", text="", title="<b>Breaking</b>: shells for Moscow",
                published_at=T0 + timedelta(days=2))
    _discover(store, bad)
    assert screen_articles(store, _ctx())["rejected"] == 1

    ((status, reasons, labels, details),) = _rows(
        store, "SELECT status, rejection_reasons, rejection_labels, rejection_details FROM newswatch.articles")
    assert status == "rejected"
    assert {(d["expectation"], d["column"]) for d in details} == {
        ("expect_column_values_to_be_between", "published_at"),
        ("expect_column_value_lengths_to_be_between", "text"),
        ("expect_column_values_to_not_match_regex", "title"),
    }
    observed = {d["column"]: d["observed"] for d in details}
    assert observed["text"] == "0 chars" and observed["title"] == "<b>"
    assert observed["published_at"].startswith("2026-11-22")
    assert len(reasons) == len(labels) == 3 and all(labels)
    # The GX run itself is kept as an event and a row of newswatch.validation_runs.
    assert _rows(store, "SELECT articles, accepted, rejected FROM newswatch.validation_runs") == [(1, 0, 1)]


def test_a_feed_serving_an_html_page_trips_its_batch_check_and_a_good_feed_passes(store, httpserver):
    harbour = _feed(httpserver, "harbour", "Harbour Times")
    broken = _feed(httpserver, "broken", "Broken Gazette")
    _serve(httpserver, "/harbour.xml", [
        {"title": "North Korea sent a million shells to Russia, Seoul says",
         "link": "https://harbour.example/world/shells", "guid": "h1", "text": ORIGINAL}])
    httpserver.expect_request("/broken.xml").respond_with_data(
        "<!doctype html><html><head><title>Gazette</title></head><body><h1>Welcome</h1></body></html>",
        content_type="text/html; charset=utf-8")
    counts = screen_after_poll(store, [harbour, broken], _ctx())

    assert counts["feeds_degraded"] == 1
    quality = {name: (q, checks, details) for name, q, checks, details in _rows(
        store, "SELECT name, quality, failed_checks, failure_details FROM newswatch.feed_quality")}
    assert quality["harbour"][:2] == ("ok", [])
    q, checks, details = quality["broken"]
    assert (q, checks) == ("degraded", ["the feed served a feed, not an HTML page"])
    assert details[0]["observed"].startswith("not_a_feed")


def test_a_feed_whose_bodies_go_empty_trips_the_empty_body_check(store, httpserver):
    feed = _feed(httpserver, "hollow", "Hollow Post")
    _serve(httpserver, "/hollow.xml", [
        {"title": f"Story number {n} about the port and the docks", "link": f"https://hollow.example/{n}",
         "guid": f"g{n}", "text": ""} for n in range(4)])
    screen_after_poll(store, [feed], _ctx())
    ((quality, checks, stats),) = _rows(store, "SELECT quality, failed_checks, statistics FROM newswatch.feed_quality")
    assert quality == "degraded"
    assert checks == ["at most 50% of items have an empty body"]
    assert stats["articles"] == 4 and stats["empty_bodies"] == 4


def test_screening_twice_appends_nothing_and_replay_rebuilds_identical_tables(store, httpserver):
    harbour = _feed(httpserver, "harbour", "Harbour Times")
    coastal = _feed(httpserver, "coastal", "Coastal Wire")
    _serve(httpserver, "/harbour.xml", [
        {"title": "North Korea sent a million shells to Russia, Seoul says",
         "link": "https://harbour.example/world/shells", "guid": "h1", "text": ORIGINAL}])
    _serve(httpserver, "/coastal.xml", [
        {"title": "Pyongyang's shell shipments to Moscow top one million",
         "link": "https://coastal.example/shells", "guid": "c1", "text": REPRINT},
        {"title": "Russia and North Korea sign military cooperation pact",
         "link": "https://coastal.example/pact", "guid": "c2", "text": SAME_TOPIC}])
    screen_after_poll(store, [harbour, coastal], _ctx())
    position = store.last_position()
    assert screen_articles(store, _ctx()) == {"accepted": 0, "duplicate": 0, "near_duplicate": 0,
                                               "rejected": 0, "feeds_degraded": 0}
    assert store.last_position() == position

    tables = {"proj_articles": "article_id", "proj_article_keys": "kind, key",
              "proj_article_signatures": "article_id", "proj_article_bands": "key, article_id",
              "proj_feed_quality": "feed_id", "proj_validation_runs": "batch_id"}
    snapshot = lambda: {t: _rows(store, f"SELECT * FROM newswatch.{t} ORDER BY {k}") for t, k in tables.items()}  # noqa: E731
    before = snapshot()
    assert len(before["proj_article_signatures"]) == 2  # the two originals, not the duplicate
    assert len(before["proj_article_bands"]) == 2 * 32
    projections.rebuild_all(store)
    assert snapshot() == before


def test_an_extracted_mention_that_fails_its_checks_is_recorded_and_not_projected(store, monkeypatch):
    """The real extractor already marks future-dated events as planned; an extractor bug is
    stood in for by wrapping it, to prove the gate between extraction and projection."""
    from newswatch.worldevents import extraction_pool
    from newswatch.worldevents.coding import code_articles

    real = extraction_pool.extract_many

    def buggy(items, **kwargs):
        out = []
        for (_, published, _), found in zip(items, real(items, **kwargs), strict=True):
            out.append(found + [dataclasses.replace(found[0], confidence=1.7, start=found[0].start + 1,
                                                    event_date=published + timedelta(days=30))])
        return out

    monkeypatch.setattr(extraction_pool, "extract_many", buggy)  # one article: extracted inline
    text = "North Korea shipped artillery shells to Russia, South Korean officials said on Wednesday."
    article = _made("https://harbour.example/shells", text=text)
    _discover(store, article)
    screen_articles(store, _ctx())
    code_articles(store, _ctx())

    ((checks, confidence, sentence),) = _rows(
        store, "SELECT failed_checks, confidence, sentence FROM newswatch.rejected_mentions")
    assert checks == ["confidence_in_range", "not_after_report"]
    assert confidence == pytest.approx(1.7) and "artillery shells" in sentence
    assert _rows(store, "SELECT count(*) FROM newswatch.event_mentions") == [(1,)]
    assert _rows(store, "SELECT num_events FROM newswatch.articles") == [(1,)]


def test_a_near_duplicate_counts_as_a_second_source_without_being_extracted_again(store, httpserver):
    from newswatch.worldevents.coding import code_articles

    harbour = _feed(httpserver, "harbour", "Harbour Times")
    coastal = _feed(httpserver, "coastal", "Coastal Wire")
    _serve(httpserver, "/harbour.xml", [
        {"title": "North Korea sent a million shells to Russia, Seoul says",
         "link": "https://harbour.example/world/shells", "guid": "h1", "text": ORIGINAL}])
    _serve(httpserver, "/coastal.xml", [
        {"title": "Pyongyang's shell shipments to Moscow top one million",
         "link": "https://coastal.example/shells", "guid": "c1", "text": REPRINT}])
    screen_after_poll(store, [harbour, coastal], _ctx())
    code_articles(store, _ctx())

    events = _rows(store, "SELECT event_id, num_mentions, num_sources FROM newswatch.world_events"
                          " WHERE event_type = 'AID'")
    assert events and all(n_sources == 2 for _, _, n_sources in events)
    original = stable_id("article", canonical_url("https://harbour.example/world/shells"))
    via = _rows(store, "SELECT DISTINCT source, via_duplicate_of::text FROM newswatch.event_mentions"
                       " ORDER BY source")
    assert via == [("Coastal Wire", original), ("Harbour Times", None)]
    # Coded once: only the original's ArticleCoded carries no via_duplicate_of.
    coded = [e.data for e in store.read_all(0, 1000, types=[ev.ARTICLE_CODED])]
    assert sorted(bool(d.get("via_duplicate_of")) for d in coded) == [False, True]


def test_a_feed_whose_item_count_collapses_against_its_history_trips_the_history_check(store, httpserver):
    feed = _feed(httpserver, "harbour", "Harbour Times")
    items = [{"title": f"Harbour story number {n} of the week", "link": f"https://harbour.example/{n}",
              "guid": f"g{n}", "text": f"The harbour master said on Monday that berth {n} would reopen."}
             for n in range(14)]
    for poll in range(4):  # history: four polls of ten items, one new item each time
        httpserver.clear()
        _serve(httpserver, "/harbour.xml", items[poll:poll + 10])
        screen_after_poll(store, [feed], _ctx(15 * poll))
    assert _rows(store, "SELECT quality, mean_entries FROM newswatch.feed_quality") == [("ok", 10)]
    httpserver.clear()
    _serve(httpserver, "/harbour.xml", items[13:])
    screen_after_poll(store, [feed], _ctx(60))
    ((quality, checks, ratio),) = _rows(
        store, "SELECT quality, failed_checks, items_vs_history FROM newswatch.feed_quality")
    assert quality == "degraded" and ratio == pytest.approx(0.1)
    assert checks == ["items per poll within 0.2x-5x of the feed's history"]
