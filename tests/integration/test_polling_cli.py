"""`newswatch feeds status` / `newswatch feeds enable` on a real store."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from newswatch import cli
from newswatch.ingest.polling import due_feeds, poll_feeds
from newswatch.model import FeedSpec, RunContext

pytestmark = pytest.mark.integration

T0 = datetime(2024, 5, 7, 12, 0, tzinfo=timezone.utc)


def test_status_shows_why_a_feed_is_disabled_and_enable_brings_it_back(store, db_url, httpserver, capsys):
    httpserver.expect_request("/gone").respond_with_data(b"", status=410)
    httpserver.expect_request("/ok").respond_with_data(
        b'<rss version="2.0"><channel><title>T</title><item><title>A</title>'
        b"<link>https://n.example/a</link></item></channel></rss>")
    gone = FeedSpec(name="gone", url=httpserver.url_for("/gone"), source="S")
    ok = FeedSpec(name="ok", url=httpserver.url_for("/ok"), source="S")
    poll_feeds(store, [gone, ok], RunContext(run_id="r1", now=T0), allowed_hosts=frozenset({"localhost"}))

    assert cli.main(["--database-url", db_url, "feeds", "status", "--problems"]) == 0
    header, *rows = capsys.readouterr().out.splitlines()  # not a terminal: one plain line per feed
    assert header.split()[:2] == ["health", "name"]
    assert len(rows) == 1 and rows[0].split()[:2] == ["disabled", "gone"]
    assert "disabled since 2024-05-07 12:00 UTC: hard failure http_410" in rows[0]

    assert cli.main(["--database-url", db_url, "feeds", "enable", "gone"]) == 0
    assert "re-enabled" in capsys.readouterr().out
    assert cli.main(["--database-url", db_url, "feeds", "enable", "gone"]) == 0
    assert "not disabled" in capsys.readouterr().out
    assert gone in due_feeds(store, [gone], T0)
    with store.transaction() as cur:
        cur.execute("SELECT count(*) FROM newswatch.events WHERE type = 'FeedEnabled'")
        assert cur.fetchone()[0] == 1


def test_enable_names_an_unknown_feed(db_url, capsys):
    assert cli.main(["--database-url", db_url, "feeds", "enable", "nope"]) == cli.EXIT_ERROR
    assert "no feed named 'nope'" in capsys.readouterr().err
