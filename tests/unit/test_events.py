"""The event catalogue: one typed event per recorded type, payloads exactly their fields, and one
upcaster that brings older payload shapes to today's."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone

import pytest

from newswatch import events as ev
from newswatch.model import Article

T = datetime(2026, 11, 29, 12, 0, tzinfo=timezone.utc)


def test_every_type_name_constant_is_a_catalogued_class():
    names = {v for k, v in vars(ev).items() if k.isupper() and isinstance(v, str) and k not in ("ANY",)}
    assert names == set(ev.CATALOGUE)
    assert len(ev.CATALOGUE) == 25  # 21 + DigestClaimed/Delivered/DeliveryFailed (#15) + AlertDeliveryClaimed (#17)
    for type_, cls in ev.CATALOGUE.items():
        assert cls.TYPE == type_ and cls.__name__ == type_  # past tense, named as recorded


def test_a_recorded_event_has_a_deterministic_id_and_its_fields_as_payload():
    e = ev.AlertAcknowledged(alert_id="a-1", acknowledged_at=T, by="ana")
    first, again = e.recorded("a-1"), e.recorded("a-1")
    assert first.event_id == again.event_id != e.recorded("a-2").event_id
    assert first.type == "AlertAcknowledged"
    assert first.data == {"alert_id": "a-1", "acknowledged_at": T, "by": "ana", "note": None}
    assert ev.decode(first.type, first.data) == e


def test_events_are_frozen_and_keyword_only():
    with pytest.raises(TypeError):
        ev.AlertAcknowledged("a-1", T)  # type: ignore[misc]
    e = ev.AlertAcknowledged(alert_id="a-1", acknowledged_at=T)
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.by = "x"  # type: ignore[misc]


def test_an_old_feed_polled_payload_is_upcast_to_todays_shape():
    old = {"feed_id": "f", "name": "n", "url": "http://x", "source": "S", "polled_at": T, "http_status": 200,
           "not_modified": False, "entries": 3, "new_articles": 1}
    new = ev.upcast("FeedPolled", old)
    assert new["parsed"] is True  # a changed body was always parsed before it was recorded
    assert new["detail"] == "" and new["full_text_reasons"] == {} and new["unchanged"] is None
    assert ev.upcast("FeedPolled", {**old, "not_modified": True})["parsed"] is False
    assert "parsed" not in old  # the recorded payload is never modified


def test_todays_payload_comes_back_uncopied():
    payload = ev.FeedEnabled(feed_id="f", name="n", enabled_at=T, was_disabled_at=None).to_data()
    assert ev.upcast("FeedEnabled", payload) is payload
    assert ev.upcast("NotInTheCatalogue", payload) is payload


def test_an_alert_raised_before_its_state_was_kept_upcasts_to_an_empty_state():
    old = {"alert_id": "a", "topic": "t", "world_event_id": "w", "raised_at": T, "summary": "s",
           "novelty_reason": "first", "channels": ["log"]}
    flagged = ev.decode("DevelopmentFlagged", old)
    assert flagged.state == {} and flagged.muted is False and flagged.novelty_kind is None


def test_article_discovered_records_the_articles_fields():
    article = Article(article_id="a", feed="f", source="S", url="http://x/1", canonical_url="http://x/1", guid=None,
                      title="T", text="body", text_basis="summary", published_at=T, date_problem=None,
                      fetched_at=T, language="en", content_hash="h")
    data = ev.ArticleDiscovered(article=article).to_data()
    assert data["title"] == "T" and "article" not in data
    stored = {**data, "published_at": T.isoformat(), "fetched_at": T.isoformat()}  # as JSON gives it back
    assert ev.decode("ArticleDiscovered", stored).article == article


def test_article_coded_records_via_duplicate_of_only_for_duplicates():
    plain = ev.ArticleCoded(article_id="a", extractor_version="v", num_events=1, coded_at=T).to_data()
    assert "via_duplicate_of" not in plain
    dup = ev.ArticleCoded(article_id="b", extractor_version="v", num_events=1, coded_at=T, via_duplicate_of="a")
    assert dup.to_data()["via_duplicate_of"] == "a"
