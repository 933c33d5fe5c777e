"""Figure 6: the desk's response times with 100k world events and 1M mentions stored.

The store is filled in bulk by SQL (INSERT ... SELECT over generate_series, server-side like
COPY), straight into the projection tables of a throw-away database, plus the parts of the log
the desk reads: ArticleDiscovered (the article texts, for evidence in context) and each world
event's WorldEventIdentified / WorldEventRefined (its history). WorldEventMentioned and the other
log events are not written: no page reads them. Mentions are skewed over events (a few stories
with thousands of mentions, most with a handful), sentences and titles are drawn from a few
hundred words, so a search for a weapon or a place matches thousands of sentences.

Then the desk runs under uvicorn on a local port and an HTTP client asks for each page many
times with varied parameters: median and p95 per page (target p95 < 300 ms).
"""

from __future__ import annotations

import random
import socket
import statistics
import threading
import time
from typing import Any

from bench.common import in_child, row, scratch_database, timed

SIZES = {"events": 100_000, "mentions": 1_000_000, "articles": 300_000, "alerts": 20_000, "feeds": 300}
QUICK_SIZES = {"events": 10_000, "mentions": 100_000, "articles": 30_000, "alerts": 2_000, "feeds": 300}
REQUESTS = 60  # per page
QUICK_REQUESTS = 15
TARGET_MS = 300

CODES = ["RUS", "USA", "CHN", "UKR", "PRK", "ISR", "IRN", "KOR", "JPN", "DEU", "FRA", "GBR", "TUR", "IND",
         "PAK", "SYR", "IRQ", "SAU", "POL", "TWN", "VEN", "CUB", "BLR", "LBN", "EGY", "QAT", "BRA", "MEX"]
NAMES = ["Russia", "the United States", "China", "Ukraine", "North Korea", "Israel", "Iran", "South Korea",
         "Japan", "Germany", "France", "Britain", "Turkey", "India", "Pakistan", "Syria", "Iraq", "Saudi Arabia",
         "Poland", "Taiwan", "Venezuela", "Cuba", "Belarus", "Lebanon", "Egypt", "Qatar", "Brazil", "Mexico"]
TYPES = ["AID", "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "REQUEST", "ACCUSE", "REJECT", "THREATEN",
         "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
VERBS = ["supplied", "promised", "met", "backed", "worked with", "asked", "accused", "rejected", "threatened",
         "protested against", "sanctioned", "massed troops near", "pressured", "attacked"]
WEAPONS = ["artillery shells", "drones", "ballistic missiles", "rifles", "tanks", "air defence systems",
           "fighter jets", "ammunition", "rocket launchers", "armoured vehicles", "anti-tank missiles",
           "naval mines", "howitzers", "cruise missiles", "radar systems", "body armour"]
PLACES = ["Kyiv", "Pyongyang", "Moscow", "Beijing", "Tehran", "Gaza", "Aleppo", "Minsk", "Seoul", "Taipei",
          "Kharkiv", "Odesa", "Vladivostok", "Damascus", "Beirut", "Baghdad", "Riyadh", "Doha", "Havana",
          "Caracas", "Warsaw", "Ankara", "Islamabad", "New Delhi", "Tokyo", "Berlin", "Paris", "London"]
CLAIMERS = ["officials said", "according to intelligence reports", "a spokesman said", "diplomats said",
            "state media reported", "analysts said", "satellite images suggest", "a ministry statement said"]
FILLER = ("The talks come as regional tensions rise and markets watch for further signals from capitals. "
          "Observers noted the announcement followed weeks of speculation in the press. ")
TOPICS = ["arms-transfers", "korean-peninsula-summits", "sanctions-watch", "border-clashes"]
KINDS = ["first in window", "new supplier", "new recipient", "claim status", "stage change", "new weapon class"]
CLAIMS = ["reported", "alleged", "confirmed", "denied", "planned"]


def run(quick: bool = False) -> list[dict[str, Any]]:
    sizes, requests = (QUICK_SIZES, QUICK_REQUESTS) if quick else (SIZES, REQUESTS)
    result, peak = in_child(_measure, sizes, requests)
    scale = f"{sizes['events']:,} world events, {sizes['mentions']:,} mentions"
    rows = [row("6 desk", f"fill ({scale})", result["fill_s"], "s", "bulk SQL into projections + log")]
    for page, times in result["pages"].items():
        p95 = _p95(times)
        rows.append(row("6 desk", f"{page}: median", statistics.median(times), "ms", f"{len(times)} requests"))
        rows.append(row("6 desk", f"{page}: p95", p95, "ms",
                        f"target < {TARGET_MS} ms: {'met' if p95 < TARGET_MS else 'NOT met'}"))
    for label, ms in result["extra"].items():
        rows.append(row("6 desk", label, ms, "ms", "one request"))
    rows.append(row("5 peak memory", "desk benchmark process (server + client)", peak, "MB RSS"))
    return rows


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def _measure(sizes: dict[str, int], requests: int) -> dict[str, Any]:
    with scratch_database("desk") as url:
        fill_s, _ = timed(lambda: fill(url, sizes))
        return {"fill_s": fill_s, **_time_pages(url, sizes, requests)}


def _time_pages(url: str, sizes: dict[str, int], requests: int) -> dict[str, Any]:
    import httpx
    import uvicorn

    from newswatch.desk import DeskSettings, create_app
    from newswatch.store import connect

    conn = connect(url)
    with conn, conn.cursor() as cur:
        cur.execute("SELECT world_event_id::text FROM newswatch.proj_world_events ORDER BY random() LIMIT %s",
                    (requests,))
        events = [r[0] for r in cur.fetchall()]
        cur.execute("""SELECT world_event_id::text, count(*) FROM newswatch.proj_event_mentions
                       GROUP BY 1 ORDER BY 2 DESC LIMIT 1""")
        busiest, busiest_n = cur.fetchone()
    conn.close()

    app = create_app(DeskSettings(database_url=url, auth="none"))
    sock = socket.create_server(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    rnd = random.Random(7)
    pairs = [(a, b) for a in CODES[:8] for b in CODES[:8] if a != b]
    words = WEAPONS + PLACES + ["sanctions", "summit", "missiles from North Korea", "\"artillery shells\"",
                                "drones -Iran", "talks or summit"]
    pages = {
        "inbox": lambda i: "/",
        "inbox, filtered (topic, not acknowledged)": lambda i: f"/?topic={TOPICS[i % 4]}&acknowledged=no",
        "event page": lambda i: f"/events/{events[i % len(events)]}",
        "timeline, actor pair": lambda i: "/timeline?actors={},{}".format(*pairs[i % len(pairs)]),
        "timeline, topic": lambda i: f"/timeline?topic={TOPICS[i % 4]}",
        "search": lambda i: f"/search?q={words[i % len(words)]}",
        "search with filters": lambda i: f"/search?q={rnd.choice(WEAPONS + PLACES)}&type={rnd.choice(TYPES)}&since=2024-01-01",
    }
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    out: dict[str, list[float]] = {}
    extra: dict[str, float] = {}
    try:
        with httpx.Client(base_url=base, timeout=120) as client:
            for path in ("/", f"/events/{events[0]}", "/timeline?actors=RUS,USA", "/search?q=drones", "/feeds"):
                client.get(path).raise_for_status()  # warm up: connections, templates
            for page, path_of in pages.items():
                times = []
                for i in range(requests):
                    started = time.perf_counter()
                    response = client.get(path_of(i))
                    times.append(1000 * (time.perf_counter() - started))
                    response.raise_for_status()
                out[page] = times
            for label, path in ((f"event page, busiest story ({busiest_n:,} mentions)", f"/events/{busiest}"),
                                ("feeds page", "/feeds"),
                                ("inbox CSV export, 10,000 rows", "/?format=csv"),
                                ("search, broad word (\"Russia\")", "/search?q=Russia")):
                started = time.perf_counter()
                client.get(path).raise_for_status()
                extra[label] = 1000 * (time.perf_counter() - started)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        app.state.desk.pool.close()
    return {"pages": out, "extra": extra}


def fill(url: str, sizes: dict[str, int]) -> None:
    """The desk's read models and the log events it reads, in bulk."""
    from newswatch import projections
    from newswatch.store import connect

    conn = connect(url)
    params = {**sizes, "codes": CODES, "names": NAMES, "types": TYPES, "verbs": VERBS, "weapons": WEAPONS,
              "places": PLACES, "claimers": CLAIMERS, "filler": FILLER, "topics": TOPICS, "kinds": KINDS,
              "claims": CLAIMS}
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SELECT setseed(0.16)")
            cur.execute("SET LOCAL maintenance_work_mem = '512MB'")
            cur.execute("SET LOCAL synchronous_commit = off")
            for statement in (_ARTICLES, _WORLD, _MENTIONS, _COUNTS, _LOG_ARTICLES, _LOG_WORLD, _ALERTS,
                              _DELIVERIES, _FEEDS, _QUALITY):
                cur.execute(statement, params)
            cur.execute(
                """INSERT INTO newswatch.checkpoints (name, position)
                   SELECT name, (SELECT max(global_position) FROM newswatch.events)
                   FROM unnest(%s::text[]) AS name
                   ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position""",
                ([p.name for p in projections.ALL],))
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
    finally:
        conn.close()


# Each article has one lead sentence (who did what to whom, with a weapon, a place and a claimant)
# inside a text of filler; its mentions point at that sentence.
_ARTICLES = """
CREATE TEMP TABLE bench_articles AS
SELECT i, md5('a' || i)::uuid AS article_id, a1, a2,
       (%(names)s)[a1] || ' ' || (%(verbs)s)[v] || ' ' || (%(names)s)[a2] || ' with '
         || (%(weapons)s)[1 + (i * 7) %% cardinality(%(weapons)s)] || ' near '
         || (%(places)s)[1 + (i * 13) %% cardinality(%(places)s)] || ', '
         || (%(claimers)s)[1 + (i * 3) %% cardinality(%(claimers)s)] || '.' AS sentence,
       (%(names)s)[a1] || ' and ' || (%(names)s)[a2] || ': '
         || (%(weapons)s)[1 + (i * 5) %% cardinality(%(weapons)s)] || ' in '
         || (%(places)s)[1 + (i * 11) %% cardinality(%(places)s)] || ' story ' || i AS title,
       timestamptz '2026-06-01' - (i::float / %(articles)s) * interval '1000 days' AS published
FROM (SELECT i, 1 + floor(power(random(), 1.8) * cardinality(%(codes)s))::int AS a1,
             1 + floor(power(random(), 1.8) * cardinality(%(codes)s))::int AS a2,
             1 + floor(random() * cardinality(%(verbs)s))::int AS v
      FROM generate_series(1, %(articles)s) i) s;
INSERT INTO newswatch.proj_articles (article_id, url, canonical_url, guid, title, source, feed, published_at,
  fetched_at, language, text_basis, content_hash, discovered_position, status, coded_version, coded_at, num_events)
SELECT article_id, 'https://outlet' || (i %% 60) || '.example/story/' || i, 'https://outlet' || (i %% 60)
       || '.example/story/' || i, 'g' || i, title, 'Outlet ' || (i %% 60), 'feed-' || (i %% %(feeds)s),
       published, published, 'en', 'summary', md5('h' || i), i, 'accepted', 'rules-0.2.0', published, 3
FROM bench_articles;
"""

# World events: 100k over ~3 years, actors skewed towards the first codes (a few busy pairs).
_WORLD = """
INSERT INTO newswatch.proj_world_events (world_event_id, event_type, contexts, actor1, actor1_code, actor2,
  actor2_code, event_date, date_precision, date_basis, claim_status, claimed_by, summary, confidence, arms,
  first_reported_at, last_reported_at, num_mentions, num_sources, updated_position, num_refinements)
SELECT md5('w' || i)::uuid, t, CASE WHEN t IN ('AID', 'AGREE') AND random() < 0.6 THEN '{military}'::text[]
                                    ELSE '{}'::text[] END,
       (%(names)s)[a1], (%(codes)s)[a1], (%(names)s)[a2], (%(codes)s)[a2], d, 'day', 'text', c,
       CASE WHEN c = 'alleged' THEN 'USA' END, t || ': ' || (%(codes)s)[a1] || ' -> ' || (%(codes)s)[a2], 0.7,
       CASE WHEN t IN ('AID', 'AGREE') THEN jsonb_build_object('weapon_class', (%(weapons)s)[1 + i %% 16],
            'stage', 'delivered', 'weapon_classes', jsonb_build_array((%(weapons)s)[1 + i %% 16])) END,
       d::timestamptz, d::timestamptz + interval '2 days', 0, 0, i, (i %% 5 = 0)::int
FROM (SELECT i, (%(types)s)[1 + floor(random() * cardinality(%(types)s))::int] AS t,
             1 + floor(power(random(), 1.8) * cardinality(%(codes)s))::int AS a1,
             1 + floor(power(random(), 1.8) * cardinality(%(codes)s))::int AS a2,
             (%(claims)s)[1 + floor(power(random(), 2) * 5)::int] AS c,
             date '2026-06-01' - (random() * 1000)::int AS d
      FROM generate_series(1, %(events)s) i) s;
"""

# 1M mentions: each names an event (skewed: event k gets ~k^-0.5 of them) and an article.
_MENTIONS = """
INSERT INTO newswatch.proj_event_mentions (mention_id, world_event_id, article_id, source, sentence, start_char,
  end_char, extractor_version, pattern_id, claim_status, event_date, date_precision, date_basis, confidence,
  reported_at, via_duplicate_of)
SELECT md5('m' || m)::uuid, md5('w' || (1 + floor(power(random(), 2) * %(events)s)::int))::uuid, a.article_id,
       'Outlet ' || (a.i %% 60), a.sentence, length(%(filler)s), length(%(filler)s) + length(a.sentence),
       'rules-0.2.0', 'bench', 'reported', date '2026-06-01' - (m %% 1000), 'day', 'text', 0.7, a.published,
       CASE WHEN m %% 9 = 0 THEN a.article_id END  -- a reprint (of itself: same text)
FROM generate_series(1, %(mentions)s) m
JOIN bench_articles a ON a.i = 1 + (m %% %(articles)s);
"""

_COUNTS = """
UPDATE newswatch.proj_world_events w SET num_mentions = c.n, num_sources = c.s
FROM (SELECT world_event_id, count(*) AS n, count(DISTINCT source) AS s FROM newswatch.proj_event_mentions
      GROUP BY 1) c
WHERE c.world_event_id = w.world_event_id;
DELETE FROM newswatch.proj_world_events WHERE num_mentions = 0;
"""

_LOG_ARTICLES = """
INSERT INTO newswatch.events (event_id, stream, stream_version, type, data)
SELECT md5('ad' || i)::uuid, 'article-' || article_id, 0, 'ArticleDiscovered',
       jsonb_build_object('article_id', article_id, 'title', title, 'text', %(filler)s || sentence || ' ' || %(filler)s)
FROM bench_articles;
"""

_LOG_WORLD = """
INSERT INTO newswatch.events (event_id, stream, stream_version, type, data)
SELECT md5('wi' || updated_position)::uuid, 'world_event-' || world_event_id, 0, 'WorldEventIdentified',
       jsonb_build_object('world_event_id', world_event_id, 'summary', summary, 'reported_at', first_reported_at,
                          'claim_status', 'reported')
FROM newswatch.proj_world_events;
INSERT INTO newswatch.events (event_id, stream, stream_version, type, data)
SELECT md5('wr' || updated_position)::uuid, 'world_event-' || world_event_id, 1, 'WorldEventRefined',
       jsonb_build_object('world_event_id', world_event_id, 'summary', summary, 'reported_at', last_reported_at,
                          'source', 'Outlet 1', 'reasons', jsonb_build_array('claim status'),
                          'previous', jsonb_build_object('claim_status', 'reported'),
                          'changes', jsonb_build_object('claim_status', claim_status))
FROM newswatch.proj_world_events WHERE num_refinements = 1;
"""

_ALERTS = """
INSERT INTO newswatch.proj_alerts (alert_id, topic, world_event_id, raised_at, novelty_reason, summary, channels,
  acknowledged, novelty_kind, muted, acknowledged_by, acknowledged_at, event_type, actor1_code, actor2_code,
  event_date, claim_status)
SELECT md5('al' || n)::uuid, (%(topics)s)[1 + n %% 4], w.world_event_id, w.first_reported_at + interval '1 hour',
       'first ' || w.event_type || ' for this pair in 30 days', w.summary, '{log,desk-webhook}', n %% 3 = 0,
       (%(kinds)s)[1 + n %% 6], n %% 17 = 0, CASE WHEN n %% 3 = 0 THEN 'analyst' END,
       CASE WHEN n %% 3 = 0 THEN w.first_reported_at + interval '5 hours' END,
       w.event_type, w.actor1_code, w.actor2_code, w.event_date, w.claim_status
FROM (SELECT world_event_id, event_type, actor1_code, actor2_code, event_date, claim_status, summary,
             first_reported_at, row_number() OVER (ORDER BY random()) AS n
      FROM newswatch.proj_world_events) w
WHERE w.n <= %(alerts)s;
"""

_DELIVERIES = """
INSERT INTO newswatch.proj_alert_deliveries (alert_id, channel, status, attempts, last_attempt_at, delivered_at)
SELECT alert_id, c, CASE WHEN c = 'log' OR random() < 0.95 THEN 'delivered' ELSE 'failed' END, 1, raised_at,
       raised_at
FROM newswatch.proj_alerts, unnest('{log,desk-webhook}'::text[]) c;
"""

_FEEDS = """
INSERT INTO newswatch.proj_feeds (feed_id, name, url, source, polls, last_polled_at, last_success_at,
  last_http_status, consecutive_failures, items_seen, articles_new, next_poll_at, poll_interval_s,
  last_failure_kind, last_failure_reason, last_failure_detail, failing_since)
SELECT 'feed-' || i, 'feed-' || i, 'https://outlet' || (i %% 60) || '.example/rss/' || i, 'Outlet ' || (i %% 60),
       500, timestamptz '2026-06-01', timestamptz '2026-06-01' - (i %% 7 = 0)::int * interval '1 day',
       CASE WHEN i %% 7 = 0 THEN 503 ELSE 200 END, (i %% 7 = 0)::int * 3, 5000, 900,
       timestamptz '2026-06-01' + interval '15 minutes', 900,
       CASE WHEN i %% 7 = 0 THEN 'temporary' END, CASE WHEN i %% 7 = 0 THEN 'http_5xx' END,
       CASE WHEN i %% 7 = 0 THEN 'HTTP 503 Service Unavailable' END,
       CASE WHEN i %% 7 = 0 THEN timestamptz '2026-05-31' END
FROM generate_series(0, %(feeds)s - 1) i;
"""

_QUALITY = """
INSERT INTO newswatch.proj_feed_quality (feed_id, name, source, batches_checked, consecutive_failed,
  last_checked_at, last_failures, entries_sum, entries_polls, last_entries)
SELECT feed_id, name, source, 100, (i %% 11 = 0)::int, timestamptz '2026-06-01',
       CASE WHEN i %% 11 = 0 THEN '[{"label": "no more than 20%% of items without a body"}]'::jsonb END,
       5000, 500, 10
FROM (SELECT feed_id, name, source, row_number() OVER (ORDER BY feed_id) AS i FROM newswatch.proj_feeds) f;
"""
