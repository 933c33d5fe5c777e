"""Exact dedup keys and verdicts (pure functions)."""

import dataclasses
from datetime import datetime, timezone

from newswatch.model import Article
from newswatch.screen.dedup import dedup_keys, find_duplicates

NOW = datetime(2023, 11, 8, tzinfo=timezone.utc)


def _article(article_id, *, source="Outlet", feed="feed", title="Ministers meet to discuss the grain deal",
             text="Body text.", guid=None, content_hash=None):
    return Article(article_id=article_id, feed=feed, source=source, url=f"https://x.example/{article_id}",
                   canonical_url=f"https://x.example/{article_id}", guid=guid, title=title, text=text,
                   text_basis="summary", published_at=NOW, date_problem=None, fetched_at=NOW,
                   language="en", content_hash=content_hash or f"hash-{article_id}")


def test_a_reprint_with_the_same_text_is_a_duplicate_of_the_stored_original():
    reprint = _article("b", source="Other", title="A different headline entirely here", content_hash="same")
    (verdict,) = find_duplicates([reprint], {("content_hash", "same"): "a"})
    assert (verdict.duplicate_of, verdict.method) == ("a", "content_hash")


def test_the_first_copy_in_a_batch_is_the_original():
    first, second = _article("a", content_hash="same"), _article("b", source="Other", title="Another headline for it", content_hash="same")
    verdicts = find_duplicates([first, second], {})
    assert [(v.article.article_id, v.duplicate_of) for v in verdicts] == [("a", None), ("b", "a")]


def test_the_same_headline_from_the_same_outlet_is_a_duplicate_but_not_from_another_outlet():
    a, b = _article("a"), _article("b", text="Rewritten body.")
    c = _article("c", source="Elsewhere", text="Third body.")
    verdicts = find_duplicates([a, b, c], {})
    assert [(v.duplicate_of, v.method) for v in verdicts] == [(None, None), ("a", "title"), (None, None)]


def test_short_generic_titles_claim_no_title_key():
    assert "title" not in dedup_keys(_article("a", title="Live updates"))
    assert dedup_keys(_article("a", guid="g1", feed="f"))["guid"] == "f|g1"


def test_an_article_is_never_its_own_duplicate():
    a = _article("a", content_hash="h")
    (verdict,) = find_duplicates([a], {("content_hash", "h"): "a"})
    assert verdict.duplicate_of is None


# --- title window and near-duplicates ---------------------------------------------------------

from datetime import timedelta  # noqa: E402

from newswatch.screen import neardup  # noqa: E402

LONG = ("North Korea has shipped more than a million artillery shells to Russia since August, South Korean "
        "intelligence officials told lawmakers on Wednesday, describing at least ten deliveries by sea and rail "
        "from the port of Rajin across the border near Tumangang, where satellite images showed more traffic.")


def test_the_same_headline_a_day_later_is_a_new_article_but_within_hours_a_duplicate():
    first = _article("a", text="First body.")
    def at(n, delta, text):
        return dataclasses.replace(_article(n, text=text), published_at=NOW + delta)
    soon = at("b", timedelta(hours=3), "Updated body.")
    next_day = at("c", timedelta(days=1), "Next day's body.")
    next_day_update = at("d", timedelta(days=1, hours=2), "Next day's update.")
    key = ("title", dedup_keys(first)["title"])
    verdicts = find_duplicates([soon, next_day, next_day_update], {key: "a"}, claimed_at={key: NOW})
    # "c" is new and takes the title key over, so the update two hours later points at "c".
    assert [(v.duplicate_of, v.method) for v in verdicts] == [("a", "title"), (None, None), ("c", "title")]


def test_a_near_copy_in_the_same_batch_points_at_the_first_and_only_originals_claim_keys():
    index = neardup.NearDuplicateIndex({}, {})
    original = _article("a", title="Seoul says a million shells went north", text=LONG)
    copy = _article("b", source="Wire", title="Shells to Moscow top one million",
                    text="SEOUL (Wire) - " + LONG.replace("Wednesday", "Tuesday") + " All rights reserved.")
    # Same text as the near copy: an exact duplicate of a duplicate must name the original instead.
    again = _article("c", source="Third", title="A third headline for the story", text=copy.text,
                     content_hash="hash-b")
    verdicts = find_duplicates([original, copy, again], {}, near=index)
    assert [(v.duplicate_of, v.method) for v in verdicts] == [(None, None), ("a", "minhash"), ("a", "minhash")]
    assert verdicts[0].signature is not None and 0.5 <= verdicts[1].similarity < 1
    assert set(index.signatures) == {"a"}


def test_short_texts_get_exact_dedup_only():
    index = neardup.NearDuplicateIndex({}, {})
    verdicts = find_duplicates([_article("a", text="Short teaser."), _article("b", text="Short teaser!",
                                                                              source="Other")], {}, near=index)
    assert [v.duplicate_of for v in verdicts] == [None, None]
    assert verdicts[0].signature is None
