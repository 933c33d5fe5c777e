"""Coding a batch at a time changes nothing that coding would record one article at a time.

Real worker processes (forked, or spawned interpreters when another thread runs), real PostgreSQL:
the same articles coded with the extraction pool and without it leave the same log and the same
world events; the world-events projection's one-statement-per-run handlers leave the same rows as
its per-event handlers.
"""

from __future__ import annotations

import dataclasses
import threading
from datetime import datetime, timedelta, timezone

import pytest

from newswatch import events as ev
from newswatch import projections
from newswatch.events import StreamAppend
from newswatch.ingest.normalize import canonical_url, content_hash
from newswatch.model import Article, RunContext, stable_id
from newswatch.screen.screening import screen_articles
from newswatch.store import EventStore
from newswatch.worldevents import coding, extraction_pool
from newswatch.worldevents.extraction_pool import ExtractionPool, extract_batch

pytestmark = pytest.mark.integration

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)

# Own-words reports: several outlets on a few stories, so later articles join earlier events.
TEXTS = [
    "Russia sent air defence systems to Serbia last week, officials in Belgrade said on Monday.",
    "Officials in Belgrade said on Monday that Russia had delivered air defence systems to Serbia.",
    "The foreign ministers of France and Germany met in Paris on Tuesday to discuss energy prices.",
    "France and Germany held talks in Paris on Tuesday about the price of energy, diplomats said.",
    "Japan accused China of sending coast guard ships into its waters near the islands on Sunday.",
    "North Korea has shipped artillery shells to Russia, American officials said on Wednesday.",
    "American officials said on Wednesday that North Korea had supplied Russia with artillery shells.",
    "India and Pakistan agreed on Thursday to reopen a border crossing closed since 2019.",
    "Turkey criticised Sweden on Friday over a protest outside its embassy in Stockholm.",
    "Brazil and Argentina signed a trade agreement in Buenos Aires on Saturday.",
    "Kenya asked the United Nations for food aid after a drought in the north, officials said.",
    "The United States imposed new sanctions on Iran on Monday over its drone exports.",
    # Outlet 0 again on its first story: a second mention of one world event from one source.
    "Serbian officials confirmed on Monday that Russia delivered air defence systems to Serbia.",
]


def _articles() -> list[Article]:
    out = []
    for i, text in enumerate(TEXTS):
        url = f"https://outlet{i % 4}.example/story/{i}"
        out.append(Article(
            article_id=stable_id("article", canonical_url(url)), feed=f"outlet{i % 4}",
            source=f"Outlet {i % 4}", url=url, canonical_url=canonical_url(url), guid=None,
            title=f"Story {i}: {text[:40]}", text=text, text_basis="summary",
            published_at=T0 - timedelta(hours=len(TEXTS) - i), date_problem=None, fetched_at=T0,
            language="en", content_hash=content_hash(text)))
    return out


def _code(url: str, workers: int) -> tuple[list, list, list]:
    ctx = RunContext("pool-test", T0 + timedelta(hours=1))
    with EventStore.open(url) as store:
        appends = [StreamAppend(ev.article_stream(a.article_id),
                                [ev.ArticleDiscovered(article=a).recorded(a.article_id)])
                   for a in _articles()]
        store.append_many(appends)
        screen_articles(store, ctx)
        counts = coding.code_articles(store, ctx, workers=workers)
        assert counts["articles"] == len(TEXTS)
        with store.transaction() as cur:
            cur.execute("""SELECT type, stream, data FROM newswatch.events
                           WHERE type LIKE 'WorldEvent%%' OR type IN ('ArticleCoded', 'EventMentionRejected')
                           ORDER BY global_position""")
            log = cur.fetchall()
            cur.execute("SELECT * FROM newswatch.proj_world_events ORDER BY world_event_id")
            world_events = cur.fetchall()
            cur.execute("SELECT * FROM newswatch.proj_event_mentions ORDER BY mention_id")
            mentions = cur.fetchall()
    return log, world_events, mentions


@pytest.mark.parametrize("other_thread", [False, True], ids=["forked", "spawned"])
def test_coding_with_worker_processes_records_what_inline_coding_records(new_db_url, monkeypatch, caplog,
                                                                        other_thread):
    # Batches of 5 make this a backlog (the pool starts only for one) of three batches, so
    # extraction of the next two overlaps the writing of the one before.
    monkeypatch.setattr(coding, "CODE_BATCH", 5)
    inline = _code(new_db_url(), workers=0)
    stop = threading.Event()
    idle = threading.Thread(target=stop.wait, daemon=True)
    if other_thread:
        idle.start()
    else:  # the test process may run threads of its own (servers of other tests): as if it did not
        monkeypatch.setattr(extraction_pool.threading, "active_count", lambda: 1)
    try:
        assert extraction_pool._start_method() == ("spawn" if other_thread else "fork")  # noqa: SLF001
        pooled = _code(new_db_url(), workers=1)
    finally:
        stop.set()
    assert "worker died" not in caplog.text
    log, world_events, _ = inline
    assert sum(1 for t, _, _ in log if t == ev.WORLD_EVENT_MENTIONED) >= 8
    assert len(world_events) < sum(1 for t, _, _ in log if t == ev.WORLD_EVENT_MENTIONED)  # some joined
    for name, a, b in zip(("log", "world events", "mentions"), inline, pooled, strict=True):
        assert len(a) == len(b), name
        for i, (x, y) in enumerate(zip(a, b)):
            assert x == y, (name, i, x, y)


def test_the_pool_returns_each_articles_mentions_in_batch_order():
    articles = _articles()
    with ExtractionPool("rules-0.2.0", workers=2) as pool:
        pool.start()
        result = pool.submit(articles)
        assert result() == extract_batch(articles, "rules-0.2.0")
        assert pool.submit([])() == []


def test_a_worker_that_dies_leaves_its_batch_to_be_extracted_inline(caplog):
    articles = _articles()
    expected = extract_batch(articles, "rules-0.2.0")
    with ExtractionPool("rules-0.2.0", workers=1) as pool:
        pool.start()
        assert pool.submit(articles[:2])() == expected[:2]
        for process in list(pool._pool._processes.values()):  # noqa: SLF001 - the test kills it
            process.kill()
            process.join()
        assert pool.submit(articles)() == expected
        assert "extraction worker died" in caplog.text
        assert pool.submit(articles[:1])() == expected[:1]  # inline from here on


def test_the_bulk_handlers_leave_the_rows_the_per_event_handlers_leave(new_db_url, samples, monkeypatch):
    """Over a real log (the sample feeds' cycle: two outlets on one story, a reprint linked as a
    second source, a confirmation; plus the stories above, some joined), with runs long enough to
    hold several mentions of one world event from one source."""
    from pathlib import Path

    from newswatch.alerts.topics import load_topics
    from newswatch.ingest.feedlist import load_feed_list
    from newswatch.pipeline import run_cycle

    root = Path(__file__).resolve().parents[2]
    monkeypatch.setattr(coding, "CODE_BATCH", 5)
    url = new_db_url()
    _code(url, workers=0)
    with EventStore.open(url) as store:
        run_cycle(store, load_feed_list(root / "include" / "samples" / "feeds.yaml"),
                  load_topics(root / "include" / "config" / "watch_topics.yaml"), RunContext("t1", T0))

        def tables():
            with store.transaction() as cur:
                out = {}
                for table in ("proj_world_events", "proj_event_mentions"):
                    cur.execute(f"SELECT * FROM newswatch.{table} ORDER BY 1")
                    out[table] = cur.fetchall()
                return out

        with store.transaction() as cur:
            cur.execute("""SELECT count(*) FROM (
                             SELECT world_event_id, source FROM newswatch.proj_event_mentions
                              GROUP BY 1, 2 HAVING count(*) > 1) s""")
            assert cur.fetchone()[0] > 0  # a source with several mentions of one event
        bulk = tables()
        projections.rebuild(store, dataclasses.replace(projections.WORLD_EVENTS, bulk={}))
        per_event = tables()
        assert len(per_event["proj_event_mentions"]) > 10
        assert bulk == per_event
