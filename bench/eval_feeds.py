"""Evaluation: every file of feedparser's test suite and of real-feeds, served over local HTTP,
through the real ingest path (poll_feeds: fetch, body hash, parse, normalize, language, events
appended to a throw-away store, feeds projection). Nothing may crash; every file must yield
entries or a recorded failure/problem with a reason.

    .venv/bin/python -m bench.eval_feeds /work/shared/data [--json]

Each suite file may declare `Header: Name: value` lines in its leading comment (the HTTP headers
feedparser's own tests pretend were sent); they are sent as real response headers. README and
LICENSE files are documentation, not feeds, and are left out (their count is printed).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import threading
from collections import Counter
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

FOLDERS = ("feedparser-suite", "real-feeds")
_HEADER = re.compile(rb"^\s*Header:\s*([A-Za-z-]+):\s*(.*?)\s*$", re.MULTILINE)
_DEFAULT_TYPES = {".xml": "application/xml", ".json": "application/feed+json"}


def feed_files(data: Path) -> tuple[list[Path], list[Path]]:
    """(feed files, documentation files left out) under the evaluated folders."""
    files, docs = [], []
    for folder in FOLDERS:
        for path in sorted((data / folder).rglob("*")):
            if path.is_file():
                (docs if path.suffix == ".md" or path.name.startswith("LICENSE") else files).append(path)
    return files, docs


def declared_headers(body: bytes) -> dict[str, str]:
    head = body[:2000]
    return {name.decode().lower(): value.decode("latin-1") for name, value in _HEADER.findall(head)}


class _Handler(BaseHTTPRequestHandler):
    root: Path

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        path = self.root / unquote(urlsplit(self.path).path).lstrip("/")
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        headers = {"content-type": _DEFAULT_TYPES.get(path.suffix, "application/octet-stream"),
                   **declared_headers(body)}
        self.send_response(200)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def evaluate(data: Path) -> dict[str, Any]:
    from bench.common import drop_template, scratch_database
    from newswatch.ingest import polling
    from newswatch.ingest.scheduling import PollPolicy
    from newswatch.model import FeedSpec, RunContext
    from newswatch.store import EventStore

    files, docs = feed_files(data)
    handler = type("Handler", (_Handler,), {"root": data})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    specs = [FeedSpec(name=str(p.relative_to(data)), url=base + quote(str(p.relative_to(data))),
                      source="eval", allow_private=True) for p in files]
    now = datetime.now(timezone.utc).replace(microsecond=0)
    try:
        with scratch_database("eval") as url, EventStore.open(url) as store:
            counts = polling.poll_feeds(store, specs, RunContext(run_id="eval", now=now),
                                        policy=PollPolicy(per_host=8, max_workers=8))
            with store.transaction() as cur:
                cur.execute("""SELECT name, health, items_seen, last_failure_kind, last_failure_reason,
                                      last_problem FROM newswatch.feeds""")
                feeds = cur.fetchall()
                cur.execute("""SELECT count(*) FILTER (WHERE data->>'date_problem' = 'missing'),
                                      count(*) FILTER (WHERE data->>'date_problem' LIKE 'unparsed%%'),
                                      count(*) FILTER (WHERE data->>'url' LIKE 'urn:%%'),
                                      count(*)
                               FROM newswatch.events WHERE type = 'ArticleDiscovered'""")
                missing, unparsed, linkless, articles = cur.fetchone()
                cur.execute("""SELECT coalesce(data->>'language', '-'), count(*) FROM newswatch.events
                               WHERE type = 'ArticleDiscovered' GROUP BY 1 ORDER BY 2 DESC LIMIT 8""")
                languages = dict(cur.fetchall())
    finally:
        server.shutdown()
        server.server_close()
        drop_template()
    return summarize(files, docs, feeds, counts, missing, unparsed, linkless, articles, languages)


def summarize(files, docs, feeds, counts, missing, unparsed, linkless, articles, languages) -> dict[str, Any]:
    by_folder: dict[str, Counter[str]] = {}
    failures: Counter[str] = Counter()
    problems: Counter[str] = Counter()
    silent: list[str] = []
    crashes: list[str] = []
    for name, health, items, kind, reason, problem in feeds:
        folder = "/".join(name.split("/")[:2])
        if name.endswith(".serde.json"):  # feed-rs's expected parse output: "not a feed" is right
            folder += " (.serde.json expected outputs, not feeds)"
        tally = by_folder.setdefault(folder, Counter())
        tally["files"] += 1
        if health == "failing" or health == "disabled":
            tally["failed"] += 1
            failures[f"{kind}/{reason}"] += 1
            if reason == polling_internal_error():
                crashes.append(name)
        elif items:
            tally["with_entries"] += 1
            tally["entries"] += items
            if problem:
                problems[f"{problem} (entries recovered)"] += 1
        elif problem:
            tally["empty_with_problem"] += 1
            problems[problem] += 1
        else:
            silent.append(name)
    return {
        "files": len(files), "documentation_files_left_out": len(docs), "feeds_recorded": len(feeds),
        "with_entries": sum(t["with_entries"] for t in by_folder.values()),
        "entries": sum(t["entries"] for t in by_folder.values()), "articles_discovered": articles,
        "failures_by_reason": dict(failures.most_common()),
        "problems_with_or_without_entries": dict(problems.most_common()),
        "dates_missing": missing, "dates_unparsed": unparsed, "linkless_entries": linkless,
        "languages": languages, "by_folder": {k: dict(v) for k, v in sorted(by_folder.items())},
        "poll_counts": counts, "crashes": len(crashes), "crashed_files": crashes[:20],
        "silent": len(silent), "silent_files": silent[:20],
        "unrecorded": len(files) - len(feeds),
    }


def polling_internal_error() -> str:
    from newswatch.ingest.polling import INTERNAL_ERROR

    return INTERNAL_ERROR


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the data folder holding feedparser-suite/ and real-feeds/")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    summary = evaluate(args.data)
    if args.json:
        print(json.dumps(summary, indent=2, default=str))
    else:
        for key, value in summary.items():
            print(f"{key:32} {value}")
    ok = summary["crashes"] == 0 and summary["silent"] == 0 and summary["unrecorded"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
