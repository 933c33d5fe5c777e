"""Dedup cost per article with 10k and with 1M articles' index rows stored in PostgreSQL.

    python bench/bench_dedup.py [--quick]      # quick: 10k vs 100k

A throw-away database is created on the server of NEWSWATCH_DATABASE_URL and dropped afterwards.
Its near-duplicate index (32 band keys and one signature per article) and exact keys (content
hash and title per article) are filled with COPY; then the same screening dedup path as
``screening.screen_articles`` (signatures, the two index lookups, the exact-key lookup and the
verdicts) judges batches of 200 articles: 100 lightly edited reprints of indexed originals and 100
new texts. The figure is the median of several runs per size, and the ratio between the sizes,
measured in the same run.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import time
import uuid
from datetime import datetime, timezone

import numpy as np
import psycopg2.extensions

from newswatch import config
from newswatch.ingest.normalize import content_hash
from newswatch.model import Article, stable_id
from newswatch.projections import near_index
from newswatch.screen import neardup, screening
from newswatch.screen.dedup import find_duplicates
from newswatch.store import EventStore, connect
from newswatch.store.migrations import migrate

BATCH = 200
RUNS = 5
CHUNK = 20_000
NOW = datetime(2026, 11, 25, tzinfo=timezone.utc)
VOCAB = [f"w{n}" for n in range(5000)]


def _server(dbname: str) -> str:
    dsn = psycopg2.extensions.parse_dsn(config.database_url())
    dsn["dbname"] = dbname
    return psycopg2.extensions.make_dsn(**dsn)


def _text(rng: random.Random, words: int = 250) -> str:
    return " ".join(rng.choice(VOCAB) for _ in range(words))


def _edited(text: str, rng: random.Random) -> str:
    words = text.split()
    for _ in range(len(words) // 40):
        words[rng.randrange(len(words))] = rng.choice(VOCAB)
    return "WIRE (Agency) - " + " ".join(words) + " All rights reserved."


def _article(text: str, n: str) -> Article:
    url = f"https://bench.example/{n}"
    return Article(stable_id("article", url), "bench", "Bench Post", url, url, None, f"Bench story {n} of the day",
                   text, "content", NOW, None, NOW, "en", content_hash(text))


def _fill(conn, start: int, stop: int, seed: int) -> float:
    """COPY synthetic index rows for articles start..stop (random band keys and signatures:
    what matters is how many rows the lookups search). Returns rows per second."""
    rng = np.random.default_rng(seed)
    rows = 0
    began = time.perf_counter()
    with conn.cursor() as cur:
        for lo in range(start, stop, CHUNK):
            n = min(CHUNK, stop - lo)
            raw = rng.bytes(16 * n)
            ids = [str(uuid.UUID(bytes=raw[i * 16:(i + 1) * 16])) for i in range(n)]
            keys = rng.integers(0, 2**63 - 1, size=(n, near_index.BANDS), dtype=np.int64)
            sigs = rng.integers(0, 2**32, size=(n, near_index.NUM_PERM), dtype=np.uint32)
            bands = io.StringIO("".join(f"{k}\t{a}\n" for a, row in zip(ids, keys.tolist()) for k in row))
            cur.copy_expert("COPY newswatch.proj_article_bands (key, article_id) FROM STDIN", bands)
            sig_text = io.StringIO("".join(f"{a}\t{near_index.encode(s)}\n" for a, s in zip(ids, sigs)))
            cur.copy_expert("COPY newswatch.proj_article_signatures (article_id, signature) FROM STDIN", sig_text)
            exact = io.StringIO("".join(f"content_hash\t{x:064x}\t{a}\n" f"title\tbench post|t{x}\t{a}\n"
                                        for a, x in zip(ids, rng.integers(1, 2**62, n).tolist())))
            cur.copy_expert("COPY newswatch.proj_article_keys (kind, key, article_id) FROM STDIN", exact)
            rows += n * (near_index.BANDS + 3)
        conn.commit()
    return rows / (time.perf_counter() - began)


def _index(conn, drop: bool) -> None:
    with conn.cursor() as cur:
        if drop:
            cur.execute("ALTER TABLE newswatch.proj_article_bands DROP CONSTRAINT proj_article_bands_pkey")
            cur.execute("ALTER TABLE newswatch.proj_article_signatures DROP CONSTRAINT proj_article_signatures_pkey")
            cur.execute("ALTER TABLE newswatch.proj_article_keys DROP CONSTRAINT proj_article_keys_pkey")
        else:
            cur.execute("SET maintenance_work_mem = '512MB'")
            cur.execute("ALTER TABLE newswatch.proj_article_bands ADD PRIMARY KEY (key, article_id)")
            cur.execute("ALTER TABLE newswatch.proj_article_signatures ADD PRIMARY KEY (article_id)")
            cur.execute("ALTER TABLE newswatch.proj_article_keys ADD PRIMARY KEY (kind, key)")
    conn.commit()
    if not drop:
        old = conn.autocommit
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("VACUUM ANALYZE newswatch.proj_article_bands, newswatch.proj_article_signatures,"
                        " newswatch.proj_article_keys")
        conn.autocommit = old


def _originals(conn, rng: random.Random) -> list[str]:
    """100 real originals (true signatures and band keys) inside the index."""
    texts = [_text(rng) for _ in range(BATCH // 2)]
    with conn.cursor() as cur:
        for n, text in enumerate(texts):
            a = _article(text, f"orig-{n}")
            sig = neardup.signature(text)
            cur.execute("INSERT INTO newswatch.proj_article_signatures VALUES (%s, %s) ON CONFLICT DO NOTHING",
                        (a.article_id, near_index.encode(sig)))
            cur.execute("INSERT INTO newswatch.proj_article_bands SELECT k, %s FROM unnest(%s::bigint[]) k"
                        " ON CONFLICT DO NOTHING", (a.article_id, near_index.band_keys(sig)))
    conn.commit()
    return texts


def _judge(store: EventStore, batch: list[Article]) -> tuple[float, int]:
    """The screening dedup path for one batch: seconds taken and near-duplicates found."""
    began = time.perf_counter()
    known, claimed = screening._known_keys(store, batch)
    sigs = {a.article_id: neardup.signature(a.text) for a in batch}
    index = screening._near_index(store, sigs.values())
    verdicts = find_duplicates(batch, known, claimed_at=claimed, near=index, signatures=sigs)
    return time.perf_counter() - began, sum(1 for v in verdicts if v.method == "minhash")


def _measure(store: EventStore, originals: list[str], rng: random.Random) -> tuple[float, int]:
    per_article = []
    found = 0
    for run in range(RUNS + 1):
        batch = [_article(_edited(t, rng), f"r{run}-{n}") for n, t in enumerate(originals)]
        batch += [_article(_text(rng), f"n{run}-{n}") for n in range(BATCH - len(batch))]
        seconds, found = _judge(store, batch)
        if run:  # the first run warms caches and plans
            per_article.append(seconds / len(batch) * 1000)
    return statistics.median(per_article), found


def run(quick: bool = False) -> list[dict]:
    small, large = 10_000, (100_000 if quick else 1_000_000)
    name = f"newswatch_bench_dedup_{os.getpid()}"
    admin = connect(_server("postgres"))
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    rows: list[dict] = []
    try:
        conn = connect(_server(name))
        migrate(conn)
        store = EventStore(conn)
        rng = random.Random(7)
        originals = _originals(conn, rng)
        filled = 0
        for size in (small, large):
            _index(conn, drop=True)
            rate = _fill(conn, filled, size, seed=size)
            _index(conn, drop=False)
            filled = size
            ms, found = _measure(store, originals, rng)
            label = f"{size:,} articles indexed"
            rows += [
                {"figure": label, "metric": "dedup cost per article (median of 5 batches of 200)", "value": round(ms, 3), "unit": "ms"},
                {"figure": label, "metric": "near-duplicates found per batch (100 planted)", "value": found, "unit": "articles"},
                {"figure": label, "metric": "index fill with COPY", "value": round(rate), "unit": "rows/s"},
                {"figure": label, "metric": "band rows stored", "value": size * near_index.BANDS, "unit": "rows"},
            ]
        small_ms = rows[0]["value"]
        large_ms = rows[4]["value"]
        rows.append({"figure": f"{large:,} vs {small:,}", "metric": "cost ratio (target <= 1.5)",
                     "value": round(large_ms / small_ms, 3), "unit": "x"})
        conn.close()
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="10k vs 100k instead of 10k vs 1M")
    args = parser.parse_args(argv)
    for row in run(quick=args.quick):
        print(f"{row['figure']:>24}  {row['metric']:<52} {row['value']:>12} {row['unit']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
