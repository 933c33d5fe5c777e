"""normalize: canonical URLs, plain text, dedup keys and Article construction."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone

import pytest

from newswatch.ingest.normalize import (
    build_article,
    canonical_url,
    content_hash,
    html_to_text,
    normalize_title,
)
from newswatch.model import FeedSpec, ParsedEntry, stable_id

FEED = FeedSpec(name="harbour-world", url="https://harbour.example/rss", source="Harbour Times",
                language="en")
FETCHED = datetime(2024, 5, 7, 12, 0, tzinfo=UTC)


def entry(**overrides) -> ParsedEntry:
    values = dict(
        guid="ht-1", link="https://www.harbour.example/world/story/?utm_source=rss#top",
        title="North Korea ships shells", summary_html="<p>Short &amp; sweet.</p>",
        content_html=None, published_at=datetime(2024, 5, 7, 0, 30, tzinfo=UTC),
        date_raw="Tue, 07 May 2024 09:30:00 +0900", date_problem=None, author=None,
    )
    values.update(overrides)
    return ParsedEntry(**values)


# --- canonical_url ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://WWW.Example.COM/News/Story", "https://example.com/News/Story"),
        ("https://example.com/a/b/#comments", "https://example.com/a/b"),
        ("https://example.com/", "https://example.com/"),
        ("https://example.com", "https://example.com/"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("https://example.com/a?utm_source=rss&utm_medium=feed&id=7", "https://example.com/a?id=7"),
        ("https://example.com/a?fbclid=x&gclid=y&mc_cid=1&mc_eid=2&ocid=3&cmpid=4",
         "https://example.com/a"),
        ("https://example.com/a?at_medium=x&at_campaign=y&page=2", "https://example.com/a?page=2"),
        ("https://example.com/a?b=2&a=1&c=3", "https://example.com/a?a=1&b=2&c=3"),
        ("https://amp.example.com/story", "https://example.com/story"),
        ("https://m.example.com/story", "https://example.com/story"),
        ("https://mobile.example.com/story", "https://example.com/story"),
        ("https://example.com/story/amp", "https://example.com/story"),
        ("https://example.com/story/amp/", "https://example.com/story"),
        ("https://example.com/story?outputType=amp", "https://example.com/story"),
        ("https://example.com/story?outputType=print", "https://example.com/story?outputType=print"),
        ("https://user:pw@example.com/a", "https://example.com/a"),
        ("  https://example.com/a  ", "https://example.com/a"),
        ("http://[::1]:8080/a/", "http://[::1]:8080/a"),
        ("https://example.com?b=&a=1", "https://example.com/?a=1&b="),
    ],
)
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


def test_canonical_url_keeps_a_short_host_that_only_looks_like_a_prefix():
    assert canonical_url("https://m.com/x") == "https://m.com/x"


def test_canonical_url_is_idempotent():
    once = canonical_url("https://www.Example.com/a/amp/?utm_source=x&z=1&a=2#frag")
    assert canonical_url(once) == once


@pytest.mark.parametrize("odd", ["urn:newswatch:feed:1", "not a url", "https://example.com:99999/x", ""])
def test_canonical_url_leaves_non_http_or_broken_input_alone(odd):
    assert canonical_url(odd) == odd.strip()


# --- html_to_text ----------------------------------------------------------------------------

def test_html_to_text_drops_markup_scripts_and_styles():
    html = ("<style>p{color:red}</style><p>Kim &amp; Putin met.</p><script>alert('x')</script>"
            "<p>Second <b>paragraph</b>&nbsp;here.</p>")
    assert html_to_text(html) == "Kim & Putin met.\n\nSecond paragraph here."


def test_html_to_text_turns_breaks_and_list_items_into_lines():
    assert html_to_text("one<br>two<br/>three") == "one\ntwo\nthree"
    assert html_to_text("<ul><li>a</li><li>b</li></ul>") == "a\nb"


def test_html_to_text_treats_source_newlines_as_spaces():
    assert html_to_text("<p>one\n   two\tthree</p>") == "one two three"


def test_html_to_text_decodes_entities_and_leaves_no_tags():
    text = html_to_text("<div>5 &lt; 6 &#8212; &quot;quoted&quot; <img src=x alt=y></div>")
    assert text == '5 < 6 \u2014 "quoted"'
    assert "<img" not in text


def test_html_to_text_of_nothing_is_empty():
    assert html_to_text(None) == "" and html_to_text("") == "" and html_to_text("<p> </p>") == ""


# --- normalize_title / content_hash ----------------------------------------------------------

@pytest.mark.parametrize(
    "title",
    [
        "North Korea's shells reach Russia",
        "UPDATE 2-North Korea's shells reach Russia",
        "EXCLUSIVE-North Korea\u2019s shells reach Russia",
        "Exclusive: north korea's shells reach Russia!",
        "  NORTH KOREA'S SHELLS   REACH RUSSIA.  ",
    ],
)
def test_normalize_title_makes_wire_rewrites_equal(title):
    assert normalize_title(title) == "north koreas shells reach russia"


def test_normalize_title_keeps_words_that_only_start_like_a_slug():
    assert normalize_title("Breaking Bad star visits Seoul") == "breaking bad star visits seoul"


def test_content_hash_ignores_case_and_whitespace():
    assert content_hash("Kim  met\nPutin") == content_hash("kim met putin")
    assert content_hash("kim met putin") == hashlib.sha256(b"kim met putin").hexdigest()
    assert content_hash("kim met putin") != content_hash("kim met xi")


# --- build_article -----------------------------------------------------------------------------

def test_build_article_from_summary():
    article = build_article(entry(), FEED, fetched_at=FETCHED)

    assert article.canonical_url == "https://harbour.example/world/story"
    assert article.article_id == stable_id("article", "https://harbour.example/world/story")
    assert article.url == "https://www.harbour.example/world/story/?utm_source=rss#top"
    assert article.feed == "harbour-world" and article.source == "Harbour Times"
    assert article.guid == "ht-1"
    assert article.text == "Short & sweet." and article.text_basis == "summary"
    assert article.content_hash == content_hash("Short & sweet.")
    assert article.language == "en"
    assert article.published_at == datetime(2024, 5, 7, 0, 30, tzinfo=UTC)
    assert article.date_problem is None
    assert article.fetched_at == FETCHED


def test_build_article_prefers_full_content_over_summary():
    article = build_article(entry(content_html="<p>Full one.</p><p>Full two.</p>"), FEED,
                            fetched_at=FETCHED)
    assert article.text == "Full one.\n\nFull two." and article.text_basis == "content"


def test_build_article_falls_back_to_summary_when_content_has_no_text():
    article = build_article(entry(content_html="<img src='x.jpg'>"), FEED, fetched_at=FETCHED)
    assert article.text == "Short & sweet." and article.text_basis == "summary"


def test_same_story_from_amp_and_tracking_links_gets_one_id():
    a = build_article(entry(link="https://amp.harbour.example/world/story/amp"), FEED, fetched_at=FETCHED)
    b = build_article(entry(), FEED, fetched_at=FETCHED)
    assert a.article_id == b.article_id


def test_build_article_records_unparsed_and_missing_dates():
    unparsed = build_article(entry(published_at=None, date_raw="last week", date_problem="unparsed"),
                             FEED, fetched_at=FETCHED)
    missing = build_article(entry(published_at=None, date_raw=None, date_problem="missing"),
                            FEED, fetched_at=FETCHED)
    assert unparsed.published_at is None and unparsed.date_problem == "unparsed: last week"
    assert missing.published_at is None and missing.date_problem == "missing"
    assert missing.reported_at == FETCHED


def test_entry_without_link_gets_a_stable_urn_from_its_guid():
    article = build_article(entry(link=None), FEED, fetched_at=FETCHED)
    assert article.canonical_url == "urn:newswatch:harbour-world:ht-1"
    assert article.url == article.canonical_url
    again = build_article(entry(link=None), FEED, fetched_at=FETCHED + timedelta(hours=1))
    assert again.article_id == article.article_id


def test_fallback_urn_has_no_whitespace():
    spaced = FeedSpec(name="Harbour World", url="https://harbour.example/rss", source="Harbour Times")
    article = build_article(entry(link=None, guid="item 7"), spaced, fetched_at=FETCHED)
    assert article.canonical_url == "urn:newswatch:Harbour%20World:item%207"


def test_entry_without_link_or_guid_gets_a_urn_from_its_title():
    a = build_article(entry(link=None, guid=None), FEED, fetched_at=FETCHED)
    b = build_article(entry(link=None, guid=None, title="Another story"), FEED, fetched_at=FETCHED)
    assert a.canonical_url.startswith("urn:newswatch:harbour-world:")
    assert a.article_id != b.article_id


def test_fetched_at_is_stored_in_utc_and_must_be_aware():
    seoul = timezone(timedelta(hours=9))
    article = build_article(entry(), FEED, fetched_at=datetime(2024, 5, 7, 21, 0, tzinfo=seoul))
    assert article.fetched_at == FETCHED and article.fetched_at.tzinfo == UTC
    with pytest.raises(ValueError):
        build_article(entry(), FEED, fetched_at=datetime(2024, 5, 7, 12, 0))


def test_language_is_detected_from_the_text_and_falls_back_to_the_feed_hint():
    from newswatch.ingest.language import detect_language

    french = "Le gouvernement a annoncé mardi de nouvelles sanctions contre les fournisseurs d'armes."
    assert detect_language(french, "en") == "fr"
    assert detect_language("Talks", "en-GB") == "en"  # too short to tell: the feed's hint, bare
    assert detect_language("Talks", None) is None
    korean = "북한이 러시아에 포탄을 공급했다고 정부 관계자들이 화요일 밝혔다. 수송은 철도로 이루어졌다."
    assert detect_language(korean, "en") == "ko"
