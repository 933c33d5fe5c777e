"""`newswatch validation-report`: GX Data Docs for a run, rebuilt from what the store recorded."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from newswatch import cli
from newswatch.ingest.feedlist import load_feed_list
from newswatch.ingest.polling import poll_feeds
from newswatch.model import RunContext
from newswatch.screen.screening import screen_articles

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2023, 11, 8, 18, 0, tzinfo=timezone.utc)


def test_a_runs_data_docs_are_built_into_a_directory_and_match_the_recorded_verdicts(
        store, db_url, samples, tmp_path, capsys):
    ctx = RunContext(run_id="test__report", now=NOW)
    poll_feeds(store, load_feed_list(ROOT / "include" / "samples" / "feeds.yaml"), ctx)
    screen_articles(store, ctx)

    for _ in range(2):  # a second build into the same directory works too
        assert cli.main(["--database-url", db_url, "validation-report", "--output", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "run test__report" in out and "note:" not in out
    index = tmp_path / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    assert index.exists() and str(index) in out
    pages = [p.read_text() for p in (index.parent / "validations").rglob("*.html")]
    assert any("title has no markup" in p for p in pages)  # the suite's own labels
    assert any("the feed served a feed, not an HTML page" in p for p in pages)  # valley-gazette


def test_data_docs_load_nothing_from_the_network(store, db_url, samples, tmp_path, capsys):
    import re

    ctx = RunContext(run_id="test__offline", now=NOW)
    poll_feeds(store, load_feed_list(ROOT / "include" / "samples" / "feeds.yaml"), ctx)
    screen_articles(store, ctx)
    assert cli.main(["--database-url", db_url, "validation-report", "--output", str(tmp_path)]) == 0
    site = tmp_path / "gx" / "uncommitted" / "data_docs" / "local_site"
    assert (site / "index.html").as_uri() in capsys.readouterr().out

    loads = re.compile(r"<(?:script|link|img)\b[^>]*\b(?:src|href)=[\"']([^\"']+)|url\(['\"]?([^'\")]+)")
    files = [*site.rglob("*.html"), *site.rglob("*.css")]
    assert len([f for f in files if f.suffix == ".html"]) >= 4
    for file in files:
        for found in loads.finditer(file.read_text()):
            target = found.group(1) or found.group(2)
            if target.startswith("data:"):
                continue
            assert not re.match(r"(?:https?:)?//", target), f"{file.relative_to(site)} loads {target}"
            if "static/vendor/" in target:  # every vendored asset a page loads is there
                assert (file.parent / target.split("?")[0]).resolve().is_file(), f"{file.relative_to(site)}: {target}"
    index = (site / "index.html").read_text()
    assert "static/vendor/bootstrap-table.min.js" in index and "static/vendor/jquery.min.js" in index


def test_an_unknown_run_is_a_one_line_error(db_url, capsys, tmp_path):
    assert cli.main(["--database-url", db_url, "validation-report", "--run-id", "nope",
                     "--output", str(tmp_path)]) == cli.EXIT_ERROR
    assert "no validation results recorded for run 'nope'" in capsys.readouterr().err
