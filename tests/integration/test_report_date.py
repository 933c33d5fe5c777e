"""The report date through a real poll (local HTTP server, real PostgreSQL): a full-text feed's item
without a usable date takes its page's own publication day, and the articles view says which basis
dated each article (feed, page or fetch)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from newswatch import projections
from newswatch.ingest.polling import poll_feeds
from newswatch.model import FeedSpec, RunContext

pytestmark = pytest.mark.integration

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
NOW = datetime(2024, 5, 7, 12, 0, tzinfo=timezone.utc)


def _item(guid: str, link: str, title: str, date: str | None) -> str:
    when = f"<pubDate>{date}</pubDate>" if date is not None else ""
    return (f"<item><title>{title}</title><link>{link}</link><guid>{guid}</guid>{when}"
            f"<description>About {title}.</description></item>")


def test_an_undated_item_is_dated_by_its_page_and_the_basis_is_shown(store, httpserver):
    items = [
        _item("p1", httpserver.url_for("/dated"), "Rail convoys cross the border", None),
        _item("p2", httpserver.url_for("/undated"), "Talks resume", "not a date at all"),
        _item("p3", httpserver.url_for("/dated-too"), "A dated item", "Mon, 06 May 2024 09:30:00 GMT"),
    ]
    feed = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
            + "".join(items) + "</channel></rss>")
    httpserver.expect_request("/feed").respond_with_data(feed.encode())
    httpserver.expect_request("/dated").respond_with_data((PAGES / "dated_report.html").read_bytes(),
                                                          content_type="text/html")
    httpserver.expect_request("/dated-too").respond_with_data((PAGES / "dated_report.html").read_bytes(),
                                                              content_type="text/html")
    httpserver.expect_request("/undated").respond_with_data((PAGES / "undated_report.html").read_bytes(),
                                                            content_type="text/html")
    spec = FeedSpec(name="f", url=httpserver.url_for("/feed"), source="Harbour Times", language="en", full_text=True)
    poll_feeds(store, [spec], RunContext("report-date", NOW), allowed_hosts=frozenset({"localhost"}))
    projections.catch_up(store, projections.ARTICLES)
    with store.transaction() as cur:
        cur.execute("SELECT title, published_at, published_basis, date_problem FROM newswatch.articles ORDER BY title")
        rows = cur.fetchall()
    assert rows == [
        ("A dated item", datetime(2024, 5, 6, 9, 30, tzinfo=timezone.utc), "feed", None),
        ("Rail convoys cross the border", datetime(2024, 5, 3, tzinfo=timezone.utc), "page", "missing"),
        ("Talks resume", None, "fetch", "unparsed: not a date at all"),
    ]
