"""Figure 3: cost per article when the store already holds 10k and 1M articles' worth of rows.

The history is written in bulk by SQL (generate_series), not through the pipeline, so the
bench stays short: per stored article an ArticleDiscovered and an ArticleCoded event, its
projection row and exact-dedup keys (and near-duplicate band keys when that index exists); per
three articles a world event with three mentions, spread over three years, with the same
actors and PLOVER types the corpus produces (so candidate look-ups find realistic numbers of
candidates). Projection checkpoints are set to the end of that history. Then fresh batches of
the generated corpus run end to end (bench_pipeline.newswatch_once's stages) on top of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bench import corpus
from bench.common import in_child, median, row, scratch_database, timed

SIZES = (10_000, 1_000_000)
QUICK_SIZES = (10_000, 100_000)
BATCH = 1_000
RUNS = 3
ACTOR_CODES = ["RUS", "USA", "CHN", "UKR", "PRK", "ISR", "IRN", "KOR", "JPN", "DEU", "FRA", "GBR",
               "TUR", "IND", "PAK", "SYR", "IRQ", "SAU", "POL", "TWN", "VEN", "CUB", "BLR", "LBN",
               "EGY", "QAT", "BRA", "MEX", "CAN", "AUS"]
EVENT_TYPES = ["AID", "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "RETREAT", "REQUEST", "ACCUSE",
               "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]


def run(quick: bool = False) -> list[dict[str, Any]]:
    sizes = QUICK_SIZES if quick else SIZES
    rows, memory, costs = [], [], {}
    for size in sizes:
        result, mem = in_child(_cost_per_article, size, RUNS)
        costs[size] = result["ms/article"]
        rows.append(row("3 scale", f"cost per article, {size:,} articles stored", costs[size],
                        "ms/article", f"median of {RUNS} batches of {BATCH:,}; fill {result['fill_s']:.0f} s"))
        for stage, ms in result["stages"].items():
            rows.append(row("3 scale", f"  stage {stage}, {size:,} stored", ms, "ms/article"))
        memory.append(row("5 peak memory", f"scale, {size:,} articles stored", mem, "MB RSS"))
    small, large = sizes
    rows.append(row("3 scale", f"cost ratio {large:,} / {small:,} stored", costs[large] / costs[small], "x"))
    return rows + memory


def _cost_per_article(stored: int, runs: int) -> dict[str, Any]:
    from bench.bench_pipeline import _warm_up, newswatch_once

    _warm_up()
    with scratch_database(f"scale{stored}") as url:
        fill_seconds, _ = timed(lambda: fill_history(url, stored))
        totals, stage_runs = [], []
        for seed in range(1, runs + 1):
            docs = corpus.generate(BATCH, seed=1000 + seed).documents()
            stages, _counts = newswatch_once(docs, url=url)
            totals.append(1000 * sum(stages.values()) / BATCH)
            stage_runs.append({k: 1000 * v / BATCH for k, v in stages.items()})
    middle = sorted(range(runs), key=lambda i: totals[i])[runs // 2]
    return {"ms/article": median(totals), "stages": stage_runs[middle], "fill_s": fill_seconds}


def fill_history(url: str, articles: int) -> None:
    """``articles`` articles' worth of log and projection rows, written in bulk."""
    from newswatch import projections
    from newswatch.store import connect

    worlds = articles // 3
    conn = connect(url)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SELECT setseed(0.42)")
            cur.execute("SET LOCAL maintenance_work_mem = '512MB'")
            with _indexes_rebuilt_after(cur, "newswatch.events"):
                cur.execute(_EVENTS_SQL, {"n": articles, "w": worlds})
            cur.execute(_ARTICLES_SQL, {"n": articles})
            cur.execute(_KEYS_SQL)
            cur.execute("SELECT to_regclass('newswatch.proj_article_bands') IS NOT NULL")
            if cur.fetchone()[0]:
                with _indexes_rebuilt_after(cur, "newswatch.proj_article_bands"):
                    cur.execute(_BANDS_SQL)
            cur.execute(_WORLD_SQL, {"w": worlds, "codes": ACTOR_CODES, "types": EVENT_TYPES})
            cur.execute(_MENTIONS_SQL)
            cur.execute(
                """INSERT INTO newswatch.checkpoints (name, position)
                   SELECT name, (SELECT max(global_position) FROM newswatch.events)
                   FROM unnest(%s::text[]) AS name
                   ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position""",
                ([p.name for p in projections.ALL],),
            )
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
    finally:
        conn.close()


@contextmanager
def _indexes_rebuilt_after(cur: Any, table: str) -> Iterator[None]:
    """Drop ``table``'s indexes and unique constraints for a bulk load and build them again
    after it: sorting once is several times faster than millions of random btree inserts."""
    cur.execute(
        """SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
           WHERE conrelid = %s::regclass AND contype IN ('p', 'u')""", (table,))
    constraints = cur.fetchall()
    cur.execute(
        """SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
           WHERE x.indrelid = %s::regclass
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)""",
        (table,))
    indexes = cur.fetchall()
    schema = table.split(".")[0]
    for name, _ in constraints:
        cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        cur.execute(f'DROP INDEX {schema}."{name}"')
    yield
    for name, definition in constraints:
        cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    for _, definition in indexes:
        cur.execute(definition)


# Day 0 of the stored history is three years before the corpus's articles.
_T0 = corpus.REFERENCE_TIME.strftime("%Y-%m-%d")

_EVENTS_SQL = """
INSERT INTO newswatch.events (event_id, stream, stream_version, type, data, metadata)
SELECT md5(kind || i)::uuid, stream, version, type,
       jsonb_build_object('article_id', md5('a' || i)::uuid, 'title', 'Stored story number ' || i,
                          'text', repeat('Stored text. ', 40)),
       '{"run_id": "bench-fill"}'::jsonb
FROM (
  SELECT i, 'd' AS kind, 'article-' || md5('a' || i)::uuid AS stream, 0 AS version,
         'ArticleDiscovered' AS type FROM generate_series(1, %(n)s) i
  UNION ALL
  SELECT i, 'c', 'article-' || md5('a' || i)::uuid, 1, 'ArticleCoded' FROM generate_series(1, %(n)s) i
  UNION ALL
  SELECT i * 10 + v, 'w', 'world_event-' || md5('w' || i)::uuid, v,
         CASE WHEN v = 0 THEN 'WorldEventIdentified' ELSE 'WorldEventMentioned' END
  FROM generate_series(1, %(w)s) i, generate_series(0, 3) v
) s
"""

_ARTICLES_SQL = f"""
INSERT INTO newswatch.proj_articles (article_id, url, canonical_url, guid, title, source, feed,
  published_at, fetched_at, language, text_basis, content_hash, discovered_position, status,
  duplicate_of, duplicate_method, coded_version, coded_at, num_events)
SELECT md5('a' || i)::uuid, 'https://stored.example/story/' || i, 'https://stored.example/story/' || i,
       'stored-' || i, 'Stored story number ' || i, 'Outlet ' || (i %% 40), 'feed-' || (i %% 200),
       ts, ts, 'en', 'summary', md5('h' || i) || md5('h2' || i), i,
       CASE WHEN r < 0.85 THEN 'accepted' WHEN r < 0.98 THEN 'duplicate' ELSE 'rejected' END,
       CASE WHEN r >= 0.85 AND r < 0.98 THEN md5('a' || greatest(i - 7, 1))::uuid END,
       CASE WHEN r >= 0.85 AND r < 0.98 THEN 'content_hash' END,
       CASE WHEN r < 0.98 THEN 'rules-0.1.0' END, CASE WHEN r < 0.98 THEN ts END,
       CASE WHEN r < 0.98 THEN 3 END
FROM (SELECT i, random() AS r,
             timestamptz '{_T0}' - interval '1095 days' + (i::float / %(n)s) * interval '1095 days' AS ts
      FROM generate_series(1, %(n)s) i) s
"""

_KEYS_SQL = """
INSERT INTO newswatch.proj_article_keys (kind, key, article_id)
SELECT k.kind, k.key, a.article_id FROM newswatch.proj_articles a,
  LATERAL (VALUES ('content_hash', a.content_hash), ('guid', a.feed || '|' || a.guid),
                  ('title', lower(a.source) || '|' || lower(a.title))) AS k(kind, key)
WHERE a.status = 'accepted'
ON CONFLICT DO NOTHING
"""

_BANDS_SQL = """
INSERT INTO newswatch.proj_article_bands (key, article_id)
SELECT ('x' || substr(md5(a.article_id::text || b), 1, 15))::bit(60)::bigint, a.article_id
FROM newswatch.proj_articles a, generate_series(0, 31) b
WHERE a.status = 'accepted'
ON CONFLICT DO NOTHING
"""

_WORLD_SQL = f"""
INSERT INTO newswatch.proj_world_events (world_event_id, event_type, contexts, actor1, actor1_code,
  actor2, actor2_code, event_date, date_precision, date_basis, claim_status, summary, confidence,
  first_reported_at, last_reported_at, num_mentions, num_sources, updated_position)
SELECT md5('w' || i)::uuid, t, '{{}}', c1, c1, c2, c2, d, 'day',
       CASE WHEN random() < 0.5 THEN 'text' ELSE 'publication' END, 'reported',
       t || ': ' || c1 || ' -> ' || c2, 0.7, d::timestamptz, d::timestamptz, 3, 2, i
FROM (SELECT i,
             (%(types)s::text[])[1 + floor(random() * {len(EVENT_TYPES)})::int] AS t,
             (%(codes)s::text[])[1 + floor({len(ACTOR_CODES)} * power(random(), 2.2))::int] AS c1,
             (%(codes)s::text[])[1 + floor({len(ACTOR_CODES)} * power(random(), 2.2))::int] AS c2,
             (date '{_T0}' - 1095 + (i::float / %(w)s * 1095)::int) AS d
      FROM generate_series(1, %(w)s) i) s
"""

_MENTIONS_SQL = """
INSERT INTO newswatch.proj_event_mentions (mention_id, world_event_id, article_id, source, sentence,
  start_char, end_char, extractor_version, claim_status, event_date, date_precision, date_basis,
  confidence, reported_at)
SELECT md5('m' || w.updated_position || '-' || v)::uuid, w.world_event_id,
       md5('a' || (w.updated_position * 3 + v))::uuid, 'Outlet ' || v, w.summary, 0, 80,
       'rules-0.1.0', 'reported', w.event_date, 'day', w.date_basis, 0.7, w.first_reported_at
FROM newswatch.proj_world_events w, generate_series(0, 2) v
"""
