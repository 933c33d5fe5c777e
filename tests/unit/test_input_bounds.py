"""Bounded input (issue 17), as pure functions: entries beyond the parser's cap are never parsed,
every stored field is cut to its limit with the cut recorded, and a poll takes the newest entries
within its item cap and byte budget."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newswatch.ingest.normalize import FIELD_LIMITS, bound_article, build_article, content_hash
from newswatch.ingest.parse import entries_cut, parse_feed
from newswatch.ingest.polling import newest_first, within_budget
from newswatch.model import Article, FeedSpec

FEED = FeedSpec(name="hostile", url="http://feeds.example/rss", source="Hostile", language="en")
T = datetime(2026, 11, 29, 12, tzinfo=UTC)


def rss(items: list[str]) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
            + "".join(items) + "</channel></rss>").encode()


def item(n: int, title: str | None = None, date: datetime | None = None, body: str = "x") -> str:
    when = f"<pubDate>{date.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>" if date else ""
    return (f"<item><title>{title or f'Story {n}'}</title><link>http://news.example/{n}</link>{when}"
            f"<description>{body}</description></item>")


def test_a_huge_feed_is_cut_before_the_parser_and_the_rest_counted():
    body = rss([item(n) for n in range(5000)])
    parsed = parse_feed(body, url="http://feeds.example/rss", headers={}, max_entries=100)
    assert len(parsed.entries) == 100 and parsed.skipped_entries == 4900
    assert parsed.problem is None  # a clean cut: the kept part is well-formed
    assert [e.title for e in parsed.entries[:2]] == ["Story 0", "Story 1"]


def test_the_cut_closes_every_element_still_open_atom_and_prefixes_included():
    atom = ('<feed xmlns="http://www.w3.org/2005/Atom" xmlns:a="http://www.w3.org/2005/Atom"><title>t</title>'
            + "".join(f'<a:entry><a:title>e{n}</a:title><a:id>urn:e{n}</a:id></a:entry>' for n in range(30))
            + "</feed>").encode()
    cut, skipped = entries_cut(atom, 5)
    assert skipped == 25 and cut.endswith(b"</a:entry></feed>")
    assert len(parse_feed(atom, url="http://a.example/", headers={}, max_entries=5).entries) == 5


def test_a_broken_huge_feed_is_cut_at_an_entry_start_and_read_loosely():
    body = rss(["<item><title>broken & unescaped</title></item>"] + [item(n) for n in range(300)])
    parsed = parse_feed(body, url="http://feeds.example/rss", headers={}, max_entries=50)
    assert len(parsed.entries) == 50 and parsed.skipped_entries == 251
    assert parsed.problem == "malformed_xml"  # the feed's own fault, still said


def test_a_feed_within_the_cap_is_parsed_whole_and_untouched():
    body = rss([item(n) for n in range(10)])
    assert entries_cut(body, 10) == (body, 0)
    assert parse_feed(body, url="http://feeds.example/rss", headers={}, max_entries=10).skipped_entries == 0


def test_a_json_feed_is_capped_too():
    items = ",".join(f'{{"id": "{n}", "url": "http://j.example/{n}", "title": "t{n}"}}' for n in range(40))
    body = ('{"version": "https://jsonfeed.org/version/1.1", "title": "j", "items": [' + items + "]}").encode()
    parsed = parse_feed(body, url="http://j.example/feed.json", headers={}, max_entries=15)
    assert len(parsed.entries) == 15 and parsed.skipped_entries == 25


def test_every_stored_field_is_cut_to_its_limit_and_the_cut_recorded():
    huge = "A" * 5_000_000
    body = rss([f"<item><title>{huge}</title><link>http://news.example/{'p' * 10_000}</link>"
                f"<guid>{'g' * 5_000}</guid><description>{'word ' * 400_000}</description></item>"])
    entry = parse_feed(body, url="http://feeds.example/rss", headers={}).entries[0]
    article = build_article(entry, FEED, fetched_at=T)
    assert len(article.title) == FIELD_LIMITS["title"]
    assert len(article.text) == FIELD_LIMITS["text"]
    assert len(article.url) == FIELD_LIMITS["url"] and len(article.canonical_url) <= FIELD_LIMITS["canonical_url"]
    assert len(article.guid) == FIELD_LIMITS["guid"]
    assert set(article.truncated) == {"title", "text", "url", "guid"}  # the canonical URL of a cut URL fits
    assert article.content_hash == content_hash(article.text)
    recorded = article.to_data()
    assert recorded["truncated"] == article.truncated
    assert Article.from_data({**recorded, "truncated": list(article.truncated)}) == article


def test_an_ordinary_article_records_no_truncation_field():
    entry = parse_feed(rss([item(1)]), url="http://feeds.example/rss", headers={}).entries[0]
    article = build_article(entry, FEED, fetched_at=T)
    assert article.truncated == () and "truncated" not in article.to_data()
    assert bound_article(article) is article


def test_a_full_text_page_longer_than_the_limit_is_cut_like_a_feed():
    entry = parse_feed(rss([item(1)]), url="http://feeds.example/rss", headers={}).entries[0]
    article = build_article(entry, FEED, fetched_at=T)
    from dataclasses import replace

    page = replace(article, text="page " * 50_000, text_basis="full")
    bounded = bound_article(page)
    assert len(bounded.text) == FIELD_LIMITS["text"] and bounded.truncated == ("text",)
    assert bounded.content_hash == content_hash(bounded.text)


def test_newest_entries_come_first_whatever_the_feed_order():
    body = rss([item(n, date=T - timedelta(days=10 - n)) for n in range(10)] + [item(99)])  # oldest first
    entries = parse_feed(body, url="http://feeds.example/rss", headers={}).entries
    ordered = newest_first(entries)
    assert [e.title for e in ordered[:3]] == ["Story 9", "Story 8", "Story 7"]
    assert ordered[-1].title == "Story 99"  # undated last


@pytest.mark.parametrize("budget, taken", [(10**9, 5), (25_000, 2), (1, 0)])
def test_the_byte_budget_takes_the_leading_articles_that_fit(budget, taken):
    body = rss([item(n, body="y" * 10_000) for n in range(5)])
    articles = [build_article(e, FEED, fetched_at=T) for e in
                parse_feed(body, url="http://feeds.example/rss", headers={}).entries]
    kept, left = within_budget(articles, budget)
    assert (len(kept), left) == (taken, 5 - taken)
