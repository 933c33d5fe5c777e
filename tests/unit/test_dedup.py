"""Exact dedup keys and verdicts (pure functions)."""

from datetime import datetime, timezone

from newswatch.dedup import dedup_keys, find_exact_duplicates
from newswatch.model import Article

NOW = datetime(2023, 11, 8, tzinfo=timezone.utc)


def _article(article_id, *, source="Outlet", feed="feed", title="Ministers meet to discuss the grain deal",
             text="Body text.", guid=None, content_hash=None):
    return Article(article_id=article_id, feed=feed, source=source, url=f"https://x.example/{article_id}",
                   canonical_url=f"https://x.example/{article_id}", guid=guid, title=title, text=text,
                   text_basis="summary", published_at=NOW, date_problem=None, fetched_at=NOW,
                   language="en", content_hash=content_hash or f"hash-{article_id}")


def test_a_reprint_with_the_same_text_is_a_duplicate_of_the_stored_original():
    reprint = _article("b", source="Other", title="A different headline entirely here", content_hash="same")
    (verdict,) = find_exact_duplicates([reprint], {("content_hash", "same"): "a"})
    assert (verdict.duplicate_of, verdict.method) == ("a", "content_hash")


def test_the_first_copy_in_a_batch_is_the_original():
    first, second = _article("a", content_hash="same"), _article("b", source="Other", title="Another headline for it", content_hash="same")
    verdicts = find_exact_duplicates([first, second], {})
    assert [(v.article.article_id, v.duplicate_of) for v in verdicts] == [("a", None), ("b", "a")]


def test_the_same_headline_from_the_same_outlet_is_a_duplicate_but_not_from_another_outlet():
    a, b = _article("a"), _article("b", text="Rewritten body.")
    c = _article("c", source="Elsewhere", text="Third body.")
    verdicts = find_exact_duplicates([a, b, c], {})
    assert [(v.duplicate_of, v.method) for v in verdicts] == [(None, None), ("a", "title"), (None, None)]


def test_short_generic_titles_claim_no_title_key():
    assert "title" not in dedup_keys(_article("a", title="Live updates"))
    assert dedup_keys(_article("a", guid="g1", feed="f"))["guid"] == "f|g1"


def test_an_article_is_never_its_own_duplicate():
    a = _article("a", content_hash="h")
    (verdict,) = find_exact_duplicates([a], {("content_hash", "h"): "a"})
    assert verdict.duplicate_of is None
