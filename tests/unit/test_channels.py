"""What alert channels render (pure functions): the text of an email or chat message, the
email itself, and an Atom feed that feedparser reads back."""

from datetime import datetime, timezone

import feedparser

from newswatch.alerts.channels import render_subject, render_text
from newswatch.alerts.channels.atom import render_feed
from newswatch.alerts.channels.mail import build_message
from newswatch.alerts.topics import ChannelSpec

PAYLOAD = {
    "alert_id": "5b0c0a52-2b7e-4f25-9a3d-0f1e5f3b6a11", "topic": "arms-transfers",
    "raised_at": "2023-11-20T18:00:00+00:00", "novelty_kind": "claim status",
    "novelty_reason": "claim status: alleged -> confirmed (by KOR)",
    "summary": "AID (military): North Korea [PRK] -> Russia [RUS]; confirmed by KOR",
    "event": {"event_id": "e1", "event_type": "AID", "contexts": ["military"], "actor1": "North Korea",
              "actor1_code": "PRK", "actor2": "Russia", "actor2_code": "RUS", "event_date": "2023-11-08",
              "date_precision": "day", "date_basis": "publication", "claim_status": "confirmed",
              "claimed_by": "KOR", "claimed_by_text": "South Korea's defence ministry",
              "weapon_class": "artillery shells", "transfer_stage": "delivered", "num_mentions": 3,
              "num_sources": 3, "first_reported_at": "2023-11-08T09:30:00+00:00"},
    "evidence": [{"sentence": "North Korea delivered artillery shells to Russia.", "source": "Late Wire",
                  "title": "Seoul confirms", "url": "https://late-wire.example/confirmed"}],
}


def test_the_text_says_what_who_when_the_claim_why_new_and_links_the_evidence():
    text = render_text(PAYLOAD)
    assert "What: AID (military)" in text
    assert "Who: North Korea [PRK] -> Russia [RUS]" in text
    assert "When: 2023-11-08 (day, publication)" in text
    assert "Claim: confirmed by South Korea's defence ministry [KOR]" in text
    assert "Why new: claim status: alleged -> confirmed" in text
    assert "https://late-wire.example/confirmed" in text
    assert render_subject(PAYLOAD).startswith("[newswatch] arms-transfers: AID")


def test_an_email_has_a_stable_message_id_and_the_json_attached():
    channel = ChannelSpec("m", "email", "X", sender="nw@example.org", recipients=("a@example.org", "b@example.org"))
    msg = build_message(channel, PAYLOAD)
    assert msg["Message-ID"] == f"<{PAYLOAD['alert_id']}@newswatch>"
    assert msg["To"] == "a@example.org, b@example.org"
    (attachment,) = list(msg.iter_attachments())
    assert attachment.get_filename() == f"alert-{PAYLOAD['alert_id']}.json"


def test_the_atom_feed_is_valid_and_each_alert_is_one_entry():
    alert = {"alert_id": PAYLOAD["alert_id"], "raised_at": datetime(2023, 11, 20, 18, tzinfo=timezone.utc),
             "novelty_kind": "claim status", "novelty_reason": PAYLOAD["novelty_reason"],
             "summary": PAYLOAD["summary"], "payload": PAYLOAD, "evidence": PAYLOAD["evidence"]}
    parsed = feedparser.parse(render_feed("arms-transfers", [alert], self_url="https://desk.example/arms.xml"))
    assert not parsed.bozo and parsed.version == "atom10"
    assert parsed.feed.title == "newswatch alerts: arms-transfers"
    (entry,) = parsed.entries
    assert entry.id == f"urn:uuid:{PAYLOAD['alert_id']}"
    assert entry.summary == PAYLOAD["novelty_reason"]
    assert [link.href for link in entry.links if link.rel == "related"] == ["https://late-wire.example/confirmed"]
    assert feedparser.parse(render_feed("empty", [])).version == "atom10"
