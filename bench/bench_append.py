"""Figure 2: appending through EventStore.append_many (advisory lock, idempotency and
expected-version checks, COPY) against a raw COPY of the same rows into a scratch table of the same
shape (same columns, indexes and constraints, no checks), both in batches of 1,000 events per
transaction, JSON serialization included in both.

Events are ~1 KB ArticleDiscovered-like payloads, one new stream each (expected version
NO_STREAM), which is what polling appends.
"""

from __future__ import annotations

import io
from typing import Any

from bench.common import in_child, median, row, scratch_database, timed

EVENTS = 30_000
QUICK_EVENTS = 6_000
BATCH = 1_000
RUNS = 3


def run(quick: bool = False) -> list[dict[str, Any]]:
    n = QUICK_EVENTS if quick else EVENTS
    (api, raw), mem = in_child(_rates, n, RUNS)
    note = f"median of {RUNS} runs x {n:,} events, {BATCH:,} per transaction"
    return [
        row("2 append", "EventStore.append_many (checks + COPY)", api, "events/s", note),
        row("2 append", "raw COPY into a scratch table", raw, "events/s", note),
        row("2 append", "append_many / raw COPY", 100 * api / raw, "%"),
        row("5 peak memory", "append benchmark", mem, "MB RSS"),
    ]


def sample_events(n: int, seed: int = 0) -> list[Any]:
    """``n`` NewEvents with realistic payloads, one per article stream."""
    from newswatch import events as ev
    from newswatch.events import NO_STREAM, NewEvent, StreamAppend
    from newswatch.model import stable_id

    appends = []
    for i in range(n):
        article_id = stable_id("bench-article", seed, i)
        data = {
            "article_id": article_id, "feed": "harbour-times-world", "source": "Harbour Times",
            "url": f"https://harbour-times.example/world/2026/10/{i % 28 + 1:02d}/story-{i}",
            "canonical_url": f"https://harbour-times.example/world/2026/10/{i % 28 + 1:02d}/story-{i}",
            "guid": f"ht-{seed}-{i}", "title": f"Talks between two governments resume, story {i}",
            "text": ("Officials from both governments met in Geneva on Tuesday to discuss the "
                     "ceasefire, according to a statement. ") * 6,
            "text_basis": "summary", "published_at": "2026-10-12T09:30:00+00:00",
            "date_problem": None, "fetched_at": "2026-10-12T09:45:00+00:00", "language": "en",
            "content_hash": stable_id("hash", i).replace("-", "") * 2,
        }
        event = NewEvent(ev.ARTICLE_DISCOVERED, data, stable_id(ev.ARTICLE_DISCOVERED, seed, i),
                         {"run_id": "bench", "stage": "poll"})
        appends.append(StreamAppend(ev.article_stream(article_id), [event], NO_STREAM))
    return appends


def _rates(n: int, runs: int) -> tuple[float, float]:
    api, raw = [], []
    for r in range(runs):
        appends = sample_events(n, seed=r)
        api.append(n / append_through_store(appends))
        raw.append(n / raw_copy(appends))
    return median(api), median(raw)


def append_through_store(appends: list[Any]) -> float:
    from newswatch.store import EventStore

    with scratch_database("append") as url, EventStore.open(url) as store:
        seconds, _ = timed(lambda: [store.append_many(appends[i:i + BATCH])
                                    for i in range(0, len(appends), BATCH)])
        with store.transaction() as cur:
            cur.execute("SELECT count(*) FROM newswatch.events")
            assert cur.fetchone()[0] == len(appends), "append_many lost events"
    return seconds


def raw_copy(appends: list[Any]) -> float:
    """What a hand-written loader does: serialize, COPY, commit; no lock, no checks."""
    from newswatch.store import connect, to_json
    from newswatch.store.eventstore import _copy_text

    with scratch_database("copy") as url:
        conn = connect(url)
        try:
            with conn, conn.cursor() as cur:
                cur.execute("CREATE TABLE scratch_events (LIKE newswatch.events INCLUDING ALL)")

            def load() -> None:
                for i in range(0, len(appends), BATCH):
                    buf = io.StringIO()
                    for a in appends[i:i + BATCH]:
                        for version, e in enumerate(a.events):
                            buf.write(f"{e.event_id}\t{_copy_text(a.stream)}\t{version}\t"
                                      f"{_copy_text(e.type)}\t{_copy_text(to_json(e.data))}\t"
                                      f"{_copy_text(to_json(e.metadata))}\n")
                    buf.seek(0)
                    with conn, conn.cursor() as cur:
                        cur.copy_expert("COPY scratch_events (event_id, stream, stream_version,"
                                        " type, data, metadata) FROM STDIN", buf)

            seconds, _ = timed(load)
        finally:
            conn.close()
    return seconds
