"""`newswatch run` is as polite as the scheduler: a feed is polled when its next poll time has
come (which a server's Retry-After pushes back), and `--force` polls anyway, saying so. Config
mistakes are one line (issue 11's work, checked again here for `run`)."""

from __future__ import annotations

import pytest

from newswatch import cli

pytestmark = pytest.mark.integration


@pytest.fixture
def throttled(httpserver, tmp_path, monkeypatch):
    """A feed that answers 429 with Retry-After: 3600, and a count of the requests it got."""
    hits = []

    def handle(request):
        from werkzeug import Response

        hits.append(request.path)
        return Response("slow down", status=429, headers={"Retry-After": "3600"})

    httpserver.expect_request("/busy.xml").respond_with_handler(handle)
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(f"feeds:\n  - name: busy\n    url: {httpserver.url_for('/busy.xml')}\n    source: Busy\n")
    monkeypatch.setenv("NEWSWATCH_ALLOWED_HOSTS", "localhost,127.0.0.1")
    return str(feeds), hits


def test_run_honours_retry_after_and_force_polls_anyway(db_url, throttled, capsys, monkeypatch):
    from datetime import datetime, timedelta, timezone

    from newswatch.model import RunContext

    feeds, hits = throttled
    # Each run a minute after the last (a run in the same second as the last is that run again).
    runs = iter(RunContext(f"run-{n}", datetime(2026, 11, 29, 12, tzinfo=timezone.utc) + timedelta(minutes=n))
                for n in range(10))
    monkeypatch.setattr(RunContext, "for_cli", classmethod(lambda cls: next(runs)))
    assert cli.main(["--database-url", db_url, "run", "--feeds", feeds]) == cli.EXIT_ERROR  # its only feed failed
    assert len(hits) == 1
    capsys.readouterr()

    # Seconds later: the server asked for an hour, so nothing is polled and nothing failed.
    assert cli.main(["--database-url", db_url, "run", "--feeds", feeds]) == 0
    out = capsys.readouterr().out
    assert len(hits) == 1
    assert "1 feed(s) not due yet were not polled" in out and "not_due=1" in out

    assert cli.main(["--database-url", db_url, "run", "--force", "--feeds", feeds]) == cli.EXIT_ERROR
    out = capsys.readouterr().out
    assert len(hits) == 2
    assert out.startswith("--force: polling every enabled feed now, due or not")


def test_an_empty_feed_list_says_so_in_one_line(db_url, tmp_path, capsys):
    empty = tmp_path / "feeds.yaml"
    empty.write_text("feeds: []\n")
    assert cli.main(["--database-url", db_url, "run", "--feeds", str(empty)]) == cli.EXIT_CONFIG
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "the feed list has no feeds" in err
