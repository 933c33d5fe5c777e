"""Hostile feeds of the second kind (issue 17), over real HTTP into a real store: a feed of
100,000 items costs a bounded number of events, a huge title a bounded event, and what a poll
left behind is recorded on the feed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from newswatch.ingest.polling import poll_feeds
from newswatch.ingest.scheduling import DEFAULT_POLICY, PollPolicy
from newswatch.model import FeedSpec, RunContext

pytestmark = pytest.mark.integration

T0 = datetime(2026, 11, 29, 12, tzinfo=UTC)


def _serve(httpserver, path: str, body: bytes, content_type: str = "application/rss+xml") -> FeedSpec:
    httpserver.expect_request(path).respond_with_data(body, content_type=content_type)
    return FeedSpec(name=path.strip("/"), url=httpserver.url_for(path), source="Hostile", allow_private=True)


def _rss(items) -> bytes:
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>' + "".join(items)
            + "</channel></rss>").encode()


def _events(store, type_: str) -> list[dict]:
    with store.transaction() as cur:
        cur.execute("SELECT data FROM newswatch.events WHERE type = %s ORDER BY global_position", (type_,))
        return [row[0] for row in cur.fetchall()]


def test_a_feed_of_100000_items_costs_a_bounded_number_of_events(store, httpserver):
    body = _rss(f"<item><title>{n}</title><link>/{n}</link></item>" for n in range(100_000))
    assert 4_500_000 < len(body) < 5_500_000  # the 5 MB feed of the issue
    feed = _serve(httpserver, "/flood.xml", body)
    counts = poll_feeds(store, [feed], RunContext("flood", T0))
    assert counts["new_articles"] == DEFAULT_POLICY.max_items_per_poll
    assert counts["overflow"] == 100_000 - DEFAULT_POLICY.max_items_per_poll
    assert len(_events(store, "ArticleDiscovered")) == DEFAULT_POLICY.max_items_per_poll
    [polled] = _events(store, "FeedPolled")
    assert (polled["overflow"], polled["overflow_reason"]) == (99_800, "items_cap")
    with store.transaction() as cur:
        cur.execute("SELECT last_overflow, last_overflow_reason, items_overflow FROM newswatch.feeds")
        assert cur.fetchone() == (99_800, "items_cap", 99_800)
        cur.execute("SELECT sum(pg_column_size(data)) FROM newswatch.events")
        assert cur.fetchone()[0] < 500_000  # the issue saw 248 MB


def test_a_huge_title_becomes_a_bounded_event_that_says_it_was_cut(store, httpserver):
    feed = _serve(httpserver, "/title.xml", _rss([f"<item><title>{'T' * 5_000_000}</title>"
                                                  "<link>http://x.io/long</link><description>d</description></item>"]))
    poll_feeds(store, [feed], RunContext("title", T0))
    [discovered] = _events(store, "ArticleDiscovered")
    assert len(discovered["title"]) == 1_000 and discovered["truncated"] == ["title"]
    assert len(json.dumps(discovered)) < 5_000


def test_the_newest_items_are_taken_and_the_byte_budget_holds(store, httpserver):
    oldest_first = [f"<item><title>Story {n}</title><link>http://x.io/{n}</link>"
                    f"<pubDate>{(T0 - timedelta(days=30 - n)).strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>"
                    f"<description>{'word ' * 20_000}</description></item>" for n in range(30)]
    feed = _serve(httpserver, "/big-items.xml", _rss(oldest_first))
    policy = PollPolicy(max_items_per_poll=10, max_bytes_per_poll=350_000)
    counts = poll_feeds(store, [feed], RunContext("budget", T0), policy=policy)
    titles = [d["title"] for d in _events(store, "ArticleDiscovered")]
    assert sorted(titles) == ["Story 27", "Story 28", "Story 29"]  # 3 x 100,000 characters fit in 350,000
    assert counts["overflow"] == 27
    [polled] = _events(store, "FeedPolled")
    assert polled["overflow_reason"] == "bytes_budget"


def test_a_hostile_feed_with_a_huge_header_validator_records_none(store, httpserver):
    httpserver.expect_request("/etag.xml").respond_with_data(
        _rss(["<item><title>a</title><link>http://x.io/a</link></item>"]), content_type="application/rss+xml",
        headers={"ETag": '"' + "e" * 5_000 + '"'})
    feed = FeedSpec(name="etag", url=httpserver.url_for("/etag.xml"), source="Hostile", allow_private=True)
    poll_feeds(store, [feed], RunContext("etag", T0))
    [polled] = _events(store, "FeedPolled")
    assert polled["etag"] is None
