"""Every alert channel against a real receiver: email to a local SMTP server (aiosmtpd), apprise
to a local HTTP endpoint (its json:// scheme), the Atom feed per topic parsed back by feedparser,
and a receiver that is down then up gets exactly one delivery."""

from __future__ import annotations

import email
import socket
from datetime import datetime, timedelta, timezone
from pathlib import Path

import feedparser
import pytest
from werkzeug import Response

from newswatch.alerts.delivery import deliver_alerts
from newswatch.alerts.topics import load_topics
from newswatch.ingest.feedlist import load_feed_list
from newswatch.model import RunContext
from newswatch.pipeline import run_cycle

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2023, 11, 8, 18, 0, tzinfo=timezone.utc)

TOPICS = """
channels:
  desk-email:
    type: email
    url_env: TEST_SMTP_URL
    from: newswatch@example.org
    to: [desk@example.org, duty@example.org]
  desk-chat:
    type: apprise
    url_env: TEST_APPRISE_URLS
  desk-atom:
    type: atom
    directory: ${TEST_ATOM_DIR}
topics:
  - name: arms-transfers
    event_types: [AID, AGREE]
    contexts: [military]
    min_confidence: 0.5
    channels: [desk-email, desk-chat, desk-atom]
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    from aiosmtpd.controller import Controller

    received = []

    class Inbox:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope)
            return "250 OK"

    controller = Controller(Inbox(), hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, received
    controller.stop()


@pytest.fixture
def setup(samples, httpserver, smtp, tmp_path, monkeypatch):
    controller, received = smtp
    monkeypatch.setenv("TEST_SMTP_URL", f"smtp://{controller.hostname}:{controller.port}")
    monkeypatch.setenv("TEST_APPRISE_URLS", f"json://127.0.0.1:{httpserver.port}/chat")
    monkeypatch.setenv("TEST_ATOM_DIR", str(tmp_path / "atom"))
    (tmp_path / "topics.yaml").write_text(TOPICS)
    feeds = load_feed_list(ROOT / "include" / "samples" / "feeds.yaml")
    return feeds, load_topics(tmp_path / "topics.yaml"), received, tmp_path / "atom" / "arms-transfers.xml"


def _ctx(minutes: int = 0) -> RunContext:
    now = T0 + timedelta(minutes=minutes)
    return RunContext(run_id=f"test__{now.isoformat()}", now=now)


def _status(store):
    with store.transaction() as cur:
        cur.execute("SELECT delivery_status FROM newswatch.alerts WHERE topic = 'arms-transfers'")
        return [r[0] for r in cur.fetchall()]


def test_one_alert_reaches_email_apprise_and_the_atom_feed(store, setup, httpserver):
    feeds, topics, received, atom_file = setup
    httpserver.expect_request("/chat", method="POST").respond_with_data("ok")
    run_cycle(store, feeds, topics, _ctx())
    assert _status(store) == [{"desk-email": "delivered", "desk-chat": "delivered", "desk-atom": "delivered"}]

    (mail,) = received
    assert sorted(mail.rcpt_tos) == ["desk@example.org", "duty@example.org"]
    message = email.message_from_bytes(mail.content)
    body = message.get_payload()[0].get_payload(decode=True).decode()
    assert message["Subject"].startswith("[newswatch] arms-transfers: AID")
    assert "Claim: alleged by United States [USA]" in body
    assert "Why new: first report of the arms transfer PRK->RUS" in body
    assert "warned that North Korea is providing weapons to Russia" in body and "https://" in body

    (chat,) = [r.get_json() for r, _ in httpserver.log if r.path == "/chat"]
    assert chat["title"].startswith("[newswatch] arms-transfers") and "Why new:" in chat["message"]

    parsed = feedparser.parse(atom_file.read_bytes())
    assert not parsed.bozo and parsed.version == "atom10"
    (entry,) = parsed.entries
    assert entry.id.startswith("urn:uuid:") and entry.title.startswith("first report: AID")
    related = [link.href for link in entry.links if link.rel == "related"]
    assert any(h.startswith("https://harbour-times.example/world/2023/11/08/pyongyang-moscow-levers") for h in related)
    assert any(h.startswith("https://www.northern-ledger.example/asia/") for h in related)


def test_an_smtp_server_that_is_down_then_up_gets_exactly_one_message(store, setup, httpserver, smtp, monkeypatch):
    feeds, topics, received, _ = setup
    controller, _ = smtp
    httpserver.expect_ordered_request("/chat", method="POST").respond_with_response(Response("down", 503))
    httpserver.expect_ordered_request("/chat", method="POST").respond_with_data("ok")
    monkeypatch.setenv("TEST_SMTP_URL", f"smtp://127.0.0.1:{_free_port()}")  # nobody listens here
    run_cycle(store, feeds, topics, _ctx())
    assert _status(store) == [{"desk-email": "failed", "desk-chat": "failed", "desk-atom": "delivered"}]
    monkeypatch.setenv("TEST_SMTP_URL", f"smtp://{controller.hostname}:{controller.port}")
    for minutes in (0, 5, 30, 60):  # backoff first, then retries until delivered, then nothing
        deliver_alerts(store, topics, _ctx(minutes))
    assert len(received) == 1
    assert [r.status_code for req, r in httpserver.log if req.path == "/chat"] == [503, 200]
    assert _status(store) == [{"desk-email": "delivered", "desk-chat": "delivered", "desk-atom": "delivered"}]


def test_channel_settings_are_validated_on_load(tmp_path):
    from newswatch.errors import ConfigError

    (tmp_path / "t.yaml").write_text(
        "channels:\n  m: {type: email, url_env: X, to: [not-an-address]}\n  a: {type: apprise}\n"
        "  f: {type: atom}\ntopics: [{name: t, channels: [m, a, f]}]\n")
    with pytest.raises(ConfigError) as caught:
        load_topics(tmp_path / "t.yaml")
    message = str(caught.value)
    assert "channel 'm': missing required key 'from'" in message
    assert "channel 'm': 'to' must hold email addresses, got 'not-an-address'" in message
    assert "channel 'a': missing required key 'url_env'" in message
    assert "channel 'f': missing required key 'directory'" in message
