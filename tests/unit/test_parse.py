"""parse_feed: feedparser output becomes frozen ParsedFeed/ParsedEntry values; bad input never raises."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newswatch.ingest.normalize import html_to_text
from newswatch.ingest.parse import (
    DATE_MISSING,
    DATE_UNPARSED,
    EMPTY_FEED,
    MALFORMED_XML,
    NO_LINK_OR_TITLE,
    NOT_A_FEED,
    ParsedFeed,
    parse_feed,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
FEED_URL = "https://harbour.example/feeds/world.xml"


def parse_fixture(name: str, content_type: str | None = "application/rss+xml") -> ParsedFeed:
    headers = {"Content-Type": content_type} if content_type else {}
    return parse_feed((FIXTURES / name).read_bytes(), url=FEED_URL, headers=headers)


def test_rss20_entries_become_parsed_entries():
    feed = parse_fixture("rss20.xml")

    assert feed.is_feed and feed.problem is None
    assert feed.version == "rss20"
    assert feed.title == "Harbour Times: World"
    first = feed.entries[0]
    assert first.guid == "ht-1001"
    assert first.link == "https://harbour.example/world/2024/05/shells?utm_source=rss"
    assert first.title == "North Korea shipped artillery shells to Russia, officials say"
    assert first.author == "Min-ji Park"
    assert first.published_at == datetime(2024, 5, 7, 0, 30, tzinfo=UTC)
    assert first.date_raw == "Tue, 07 May 2024 09:30:00 +0900"
    assert first.date_problem is None
    assert "<b>thousands</b>" in first.summary_html
    assert "Second paragraph" in first.content_html
    assert "<script>" in first.content_html  # as served: not sanitized (never rendered) ...
    assert "track()" not in html_to_text(first.content_html)  # ... and a script is no text


def test_parsed_values_are_frozen():
    feed = parse_fixture("rss20.xml")
    with pytest.raises(dataclasses.FrozenInstanceError):
        feed.entries[0].title = "changed"  # type: ignore[misc]


def test_relative_link_is_resolved_against_the_feed_url():
    feed = parse_fixture("rss20.xml")
    assert feed.entries[1].link == "https://harbour.example/world/2024/05/summit"


def test_atom_relative_link_resolves_against_feed_url_path():
    feed = parse_fixture("atom10.xml", "application/atom+xml")
    assert feed.entries[1].link == "https://harbour.example/feeds/2024/05/07/talks"


def test_sloppy_rfc822_date_is_parsed_to_utc():
    # "Thu,28 Jul 2022 4:35:5 GMT+9": feedparser gives up; the lenient fallback reads it.
    entry = parse_fixture("rss20.xml").entries[1]
    assert entry.date_raw == "Thu,28 Jul 2022 4:35:5 GMT+9"
    assert entry.published_at == datetime(2022, 7, 27, 19, 35, 5, tzinfo=UTC)
    assert entry.date_problem is None


def test_unreadable_date_is_kept_raw_and_marked_unparsed():
    entry = parse_fixture("rss20.xml").entries[2]
    assert entry.published_at is None
    assert entry.date_raw == "sometime last week"
    assert entry.date_problem == DATE_UNPARSED


def test_missing_date_is_marked_missing():
    entry = parse_fixture("malformed.xml").entries[0]
    assert entry.published_at is None and entry.date_raw is None
    assert entry.date_problem == DATE_MISSING


def test_atom_feed_with_html_title_published_and_content():
    feed = parse_fixture("atom10.xml", "application/atom+xml")

    assert feed.is_feed and feed.version == "atom10"
    first, second = feed.entries
    assert first.title == "Pyongyang test-fires missile"  # type="html" flattened to text
    assert first.guid == "tag:korea-desk.example,2024:entry-1"
    assert first.published_at == datetime(2024, 5, 6, 16, 2, 3, tzinfo=UTC)  # +09:00 -> UTC
    assert first.content_html == "<p>The full story.</p>"
    assert first.author == "Desk Editor"
    # No <published>: the entry's <updated> date is used.
    assert second.published_at == datetime(2024, 5, 7, 8, 0, tzinfo=UTC)
    # A plain-text summary is escaped so it can be treated as HTML downstream.
    assert second.summary_html == "Plain &lt;text&gt; summary"


def test_malformed_xml_recovers_entries_and_says_so():
    feed = parse_fixture("malformed.xml", "text/xml")

    assert feed.is_feed
    assert feed.problem == MALFORMED_XML
    assert "not well-formed" in feed.detail
    assert [e.title for e in feed.entries] == ["First story", "Second story: guns & butter"]


def test_html_page_is_not_a_feed():
    feed = parse_fixture("page.html", "text/html; charset=utf-8")

    assert not feed.is_feed
    assert feed.problem == NOT_A_FEED
    assert feed.entries == ()
    assert feed.failure_kind == "soft"


def test_html_page_served_as_xml_is_still_not_a_feed():
    # The page has "<rss>" inside a script, which fools feedparser's version sniffing.
    feed = parse_fixture("page.html", "application/xml")
    assert not feed.is_feed and feed.problem == NOT_A_FEED


@pytest.mark.parametrize("body", [b"", b"   \n", b"\x00\x01\x02 garbage", b"{\"json\": true}"])
def test_empty_or_garbage_body_is_not_a_feed(body):
    feed = parse_feed(body, url=FEED_URL, headers={})
    assert not feed.is_feed and feed.problem == NOT_A_FEED and feed.entries == ()


def test_valid_feed_without_items_is_an_empty_feed():
    body = b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    feed = parse_feed(body, url=FEED_URL, headers={"content-type": "application/rss+xml"})
    assert feed.is_feed and feed.problem == EMPTY_FEED and feed.failure_kind is None


def test_truncated_feed_without_entries_is_malformed_not_a_feed():
    body = b'<rss version="2.0"><channel><title>Cut</ti'
    feed = parse_feed(body, url=FEED_URL, headers={})
    assert not feed.is_feed and feed.problem == MALFORMED_XML


def test_latin1_body_is_decoded_by_the_header_charset():
    feed = parse_fixture("latin1.xml", "application/rss+xml; charset=iso-8859-1")

    assert feed.is_feed and feed.problem is None  # the charset override is benign
    assert feed.title == "Café News"
    assert feed.entries[0].title == "Résumé of the café summit"


def test_missing_content_type_header_does_not_flag_a_good_feed():
    feed = parse_fixture("rss20.xml", content_type=None)
    assert feed.is_feed and feed.problem is None


def test_entry_without_link_or_title_is_kept_and_marked():
    body = b"""<rss version="2.0"><channel><title>T</title>
      <item><description>An orphan paragraph.</description></item>
      <item><title>Has a title only</title></item>
    </channel></rss>"""
    feed = parse_feed(body, url=FEED_URL, headers={"content-type": "application/rss+xml"})

    orphan, titled = feed.entries
    assert orphan.problem == NO_LINK_OR_TITLE
    assert orphan.title == "" and orphan.link is None
    assert orphan.summary_html == "An orphan paragraph."
    assert titled.problem is None and titled.link is None


def test_full_text_extraction_keeps_the_article_and_drops_the_boilerplate():
    from newswatch.ingest.fulltext import extract_main_text

    page = (b"<html><body><nav>Home | World | Sport</nav><article><h1>Shells</h1>"
            + b"<p>North Korea supplied artillery shells to Russia, officials said on Tuesday.</p>" * 5
            + b"</article><footer>Copyright</footer></body></html>")
    text = extract_main_text(page, "https://news.example/a")
    assert "artillery shells" in text and "Sport" not in text and "Copyright" not in text
    assert extract_main_text(b"<html><body></body></html>", "https://news.example/b") == ""


def test_json_feed_items_become_parsed_entries_and_a_bad_item_is_reported():
    feed = parse_feed((FIXTURES / "jsonfeed.json").read_bytes(), url=FEED_URL,
                      headers={"Content-Type": "application/feed+json"})

    assert feed.is_feed and feed.version == "json11" and feed.title == "Northern Ledger (JSON)"
    assert (feed.problem, feed.detail) == ("malformed_json", "1 JSON Feed item(s) are not objects")
    talks, plain, bare = feed.entries
    assert (talks.guid, talks.link, talks.title) == ("101", "https://harbour.example/2024/05/talks",
                                                     "Talks resume in Geneva")
    assert talks.published_at == datetime(2024, 5, 7, 0, 30, tzinfo=UTC) and talks.author == "A. Reporter"
    assert plain.link == "https://other.example/story" and "Second line" in plain.content_html
    assert plain.published_at == datetime(2022, 7, 27, 19, 35, 5, tzinfo=UTC)
    assert (bare.problem, bare.date_problem) == (NO_LINK_OR_TITLE, DATE_MISSING)


@pytest.mark.parametrize("body", [b'{"title": "x"}', b"[1, 2]", b'{"version": "https://jsonfeed.org/version/1", '])
def test_json_that_is_not_a_json_feed_is_not_a_feed(body):
    # (an XML feed mislabelled as JSON is still read as XML: see the next test)
    feed = parse_feed(body, url=FEED_URL, headers={"Content-Type": "application/json"})
    assert not feed.is_feed and feed.problem == NOT_A_FEED


def test_rss10_rdf_feed_with_dc_dates():
    feed = parse_fixture("rss10.xml", content_type="application/rdf+xml")

    assert feed.is_feed and feed.version == "rss10" and feed.problem is None
    port, fish = feed.entries
    assert port.published_at == datetime(2024, 5, 6, 6, 15, tzinfo=UTC)
    assert (fish.published_at, fish.date_problem) == (None, DATE_MISSING)
    assert fish.link == "https://coastal.example/2024/05/fish"


def test_an_xml_feed_served_as_json_is_still_parsed_as_xml():
    body = (FIXTURES / "rss20.xml").read_bytes()
    feed = parse_feed(body, url=FEED_URL, headers={"Content-Type": "application/json"})
    assert feed.is_feed and feed.version == "rss20" and len(feed.entries) == 3
