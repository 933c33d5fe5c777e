"""The desk's SQL: every page reads the analysts' views (`newswatch.alerts`, `world_events`,
`event_mentions`, `alert_mutes`, `feeds`, `feed_quality`) and the log (`newswatch.events`), never
a projection table, so what the desk shows is what an analyst's own SQL would show.

Lists fetch one row more than they show: that row only says whether there is a next page (or
that an export was cut), so no page pays for counting everything it matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newswatch.desk.filters import AlertFilter, FeedFilter, Page, SearchFilter, TimelineFilter
from newswatch.model import WatchTopic

Cursor = Any
Row = dict[str, Any]

# A mute covers an alert when it names the alert's topic and either no pair or the alert's pair in
# either order (as alerts.flagging decides when it flags).
_STREAM_MUTED = """EXISTS (
    SELECT 1 FROM newswatch.alert_mutes mu
    WHERE mu.active AND mu.topic = a.topic
      AND (mu.actor1_code = ''
           OR (mu.actor1_code = a.actor1_code AND mu.actor2_code = coalesce(a.actor2_code, ''))
           OR (mu.actor1_code = coalesce(a.actor2_code, '') AND mu.actor2_code = a.actor1_code)))"""

ALERT_COLUMNS = """a.alert_id, a.event_id, a.topic, a.raised_at, a.summary, a.novelty_kind, a.novelty_reason,
       a.event_type, a.event_date, w.date_precision, w.actor1, a.actor1_code, w.actor2, a.actor2_code,
       a.claim_status, a.claimed_by, w.claimed_by_text, a.claim_status_at_alert, a.num_sources,
       a.delivery_status, a.muted, a.acknowledged, a.acknowledged_by, a.acknowledged_at,
       w.contexts, w.weapon_class, w.transfer_stage"""


def alerts(cur: Cursor, f: AlertFilter, page: Page) -> tuple[list[Row], bool]:
    """The inbox: alerts newest first with what happened, who, when, the claim, why new and how
    many sources; ``stream_muted`` says the alert's stream is muted now. (rows, more exist)."""
    where, params = ["true"], {"limit": page.limit + 1, "offset": page.offset}
    if f.topic:
        where.append("a.topic = %(topic)s")
        params["topic"] = f.topic
    if f.kind:
        where.append("a.novelty_kind = %(kind)s")
        params["kind"] = f.kind
    if f.acknowledged is not None:
        where.append("a.acknowledged = %(ack)s")
        params["ack"] = f.acknowledged
    if f.muted is not None:
        where.append(f"(a.muted OR {_STREAM_MUTED}) = %(muted)s")
        params["muted"] = f.muted
    if f.since:
        where.append("a.raised_at >= %(since)s::date")
        params["since"] = f.since
    if f.until:
        where.append("a.raised_at < %(until)s::date + 1")
        params["until"] = f.until
    cur.execute(
        f"""SELECT {ALERT_COLUMNS}, {_STREAM_MUTED} AS stream_muted
            FROM newswatch.alerts a LEFT JOIN newswatch.world_events w ON w.event_id = a.event_id
            WHERE {' AND '.join(where)}
            ORDER BY a.raised_at DESC, a.alert_id DESC
            LIMIT %(limit)s OFFSET %(offset)s""",
        params,
    )
    rows = [dict(r) for r in cur.fetchall()]
    return rows[: page.limit], len(rows) > page.limit


def alert(cur: Cursor, alert_id: str) -> Row | None:
    cur.execute(f"""SELECT {ALERT_COLUMNS}, {_STREAM_MUTED} AS stream_muted
                    FROM newswatch.alerts a LEFT JOIN newswatch.world_events w ON w.event_id = a.event_id
                    WHERE a.alert_id = %s::uuid""", (alert_id,))
    row = cur.fetchone()
    return dict(row) if row else None


def alert_topics(cur: Cursor) -> list[str]:
    cur.execute("SELECT DISTINCT topic FROM newswatch.alerts ORDER BY topic")
    return [r["topic"] for r in cur.fetchall()]


def topic_alerted(cur: Cursor, topic: str) -> bool:
    cur.execute("SELECT EXISTS (SELECT 1 FROM newswatch.alerts WHERE topic = %s) AS alerted", (topic,))
    return cur.fetchone()["alerted"]


def novelty_kinds(cur: Cursor) -> list[str]:
    cur.execute("SELECT DISTINCT novelty_kind FROM newswatch.alerts WHERE novelty_kind IS NOT NULL ORDER BY 1")
    return [r["novelty_kind"] for r in cur.fetchall()]


def mutes(cur: Cursor) -> list[Row]:
    cur.execute("""SELECT topic, actor1_code, actor2_code, muted_at, muted_until, muted_by, reason
                   FROM newswatch.alert_mutes WHERE active ORDER BY topic, actor1_code, actor2_code""")
    return [dict(r) for r in cur.fetchall()]


# -- one world event -------------------------------------------------------------------------------

def world_event(cur: Cursor, event_id: str) -> Row | None:
    cur.execute("SELECT * FROM newswatch.world_events WHERE event_id = %s::uuid", (event_id,))
    row = cur.fetchone()
    return dict(row) if row else None


def history(cur: Cursor, event_id: str) -> list[Row]:
    """How the event got to its current state: its identification and every refinement, from the
    log (the world event's own stream), oldest first."""
    cur.execute("""SELECT global_position, type, data, recorded_at FROM newswatch.events
                   WHERE stream = %s AND type IN ('WorldEventIdentified', 'WorldEventRefined')
                   ORDER BY global_position""", (f"world_event-{event_id}",))
    return [dict(r) for r in cur.fetchall()]


def mentions(cur: Cursor, event_id: str, limit: int) -> list[Row]:
    """The first ``limit`` current mentions (oldest report first; one article's together, its
    headline first, then its sentences in text order) with their articles, and for a reprint the
    original it was found to duplicate (world_events.num_mentions says how many). ``in_title``:
    the evidence is the headline, and start_char/end_char index the title, not the text."""
    cur.execute(
        """SELECT m.mention_id, m.article_id, m.url, m.title, m.source, m.sentence, m.start_char, m.end_char,
                  coalesce(m.in_title, false) AS in_title,
                  m.extractor_version, m.pattern_id, m.claim_status, m.claimed_by, m.event_date,
                  m.date_precision, m.date_basis, m.confidence, m.reported_at, m.via_duplicate_of,
                  o.url AS original_url, o.title AS original_title, o.source AS original_source
           FROM newswatch.event_mentions m
           LEFT JOIN newswatch.articles o ON o.article_id = m.via_duplicate_of
           WHERE m.event_id = %s::uuid
           ORDER BY m.reported_at, m.article_id, coalesce(m.in_title, false) DESC, m.start_char, m.mention_id LIMIT %s""",
        (event_id, limit),
    )
    return [dict(r) for r in cur.fetchall()]


def article_texts(cur: Cursor, article_ids: Sequence[str]) -> dict[str, str]:
    """The text each article was coded from, as recorded when it was discovered (the log)."""
    if not article_ids:
        return {}
    cur.execute("""SELECT substr(stream, 9) AS article_id, data ->> 'text' AS text FROM newswatch.events
                   WHERE stream = ANY(%s) AND type = 'ArticleDiscovered'""",
                ([f"article-{a}" for a in article_ids],))
    return {r["article_id"]: r["text"] or "" for r in cur.fetchall()}


def event_alerts(cur: Cursor, event_id: str) -> list[Row]:
    cur.execute(f"""SELECT {ALERT_COLUMNS}, {_STREAM_MUTED} AS stream_muted
                    FROM newswatch.alerts a LEFT JOIN newswatch.world_events w ON w.event_id = a.event_id
                    WHERE a.event_id = %s::uuid ORDER BY a.raised_at""", (event_id,))
    return [dict(r) for r in cur.fetchall()]


# -- timelines -------------------------------------------------------------------------------------

TIMELINE_CAP = 500  # marks in one chart (more would hide each other); narrow the dates to see the rest


def _topic_filters(definition: WatchTopic, params: dict[str, Any]) -> list[str]:
    """A topic's own filters on world events ``w``, as `alerts.topics.matches` and flagging's
    keyword search decide."""
    parts = []
    if definition.event_types:
        parts.append("w.event_type = ANY(%(t_types)s)")
        params["t_types"] = sorted(definition.event_types)
    if definition.contexts:
        parts.append("w.contexts && %(t_contexts)s::text[]")
        params["t_contexts"] = sorted(definition.contexts)
    if definition.claim_statuses:
        parts.append("w.claim_status = ANY(%(t_claims)s)")
        params["t_claims"] = sorted(definition.claim_statuses)
    if definition.min_confidence:
        parts.append("w.confidence >= %(t_conf)s")
        params["t_conf"] = definition.min_confidence
    if definition.actors:
        params["t_actors"] = sorted(definition.actors)
        one, two = "w.actor1_code = ANY(%(t_actors)s)", "w.actor2_code = ANY(%(t_actors)s)"
        parts.append(f"({one} AND {two})" if definition.actor_match == "both" else f"({one} OR {two})")
    if definition.keywords:
        params["t_kw"] = list(definition.keywords)
        parts.append("""(EXISTS (SELECT 1 FROM newswatch.event_mentions m, unnest(%(t_kw)s::text[]) k
                                 WHERE m.event_id = w.event_id
                                   AND m.sentence_tsv @@ websearch_to_tsquery('english', k))
                         OR EXISTS (SELECT 1 FROM unnest(%(t_kw)s::text[]) k
                                    WHERE to_tsvector('english', w.summary) @@ websearch_to_tsquery('english', k)))""")
    return parts


def _actor_and_date_filters(f: TimelineFilter, alias: str, params: dict[str, Any]) -> list[str]:
    where = []
    if len(f.actors) == 2:
        params["a"], params["b"] = f.actors
        where.append(f"(({alias}.actor1_code = %(a)s AND {alias}.actor2_code = %(b)s)"
                     f" OR ({alias}.actor1_code = %(b)s AND {alias}.actor2_code = %(a)s))")
    elif len(f.actors) == 1:
        params["a"] = f.actors[0]
        where.append(f"({alias}.actor1_code = %(a)s OR {alias}.actor2_code = %(a)s)")
    if f.since:
        where.append(f"{alias}.event_date >= %(since)s")
        params["since"] = f.since
    if f.until:
        where.append(f"{alias}.event_date <= %(until)s")
        params["until"] = f.until
    return where


def timeline(cur: Cursor, f: TimelineFilter, definition: WatchTopic | None, cap: int) -> tuple[list[Row], bool]:
    """The latest ``cap`` world events (by event date) of a topic, about one actor, or between a
    pair in either direction; (rows, more matched). A topic's events are those it alerted on
    (``alerted``) and, while the topics file defines it, those passing its filters.

    Each source of events is asked for its own latest ``cap`` (an index each), and only those few
    are read in full: one query with an OR across them made PostgreSQL read every world event."""
    params: dict[str, Any] = {"cap": cap + 1}
    order = "ORDER BY event_date DESC, event_id LIMIT %(cap)s"
    picked: dict[str, Any] = {}
    alerted: set[str] = set()
    if f.topic:
        # The ids first, then their dates by primary key: joined in one query, PostgreSQL scanned
        # every world event to find a topic's few thousand.
        cur.execute("SELECT array_agg(DISTINCT event_id::text) AS ids FROM newswatch.alerts WHERE topic = %s",
                    (f.topic,))
        params["alerted"] = cur.fetchone()["ids"] or []
        where = " AND ".join(["w.event_id = ANY(%(alerted)s::uuid[])", *_actor_and_date_filters(f, "w", params)])
        cur.execute(f"SELECT w.event_id, w.event_date FROM newswatch.world_events w WHERE {where} {order}", params)
        for r in cur.fetchall():
            picked[r["event_id"]] = r["event_date"]
        alerted = set(picked)
    if definition is not None or not f.topic:
        parts = (_topic_filters(definition, params) if definition is not None else [])
        where = " AND ".join([*parts, *_actor_and_date_filters(f, "w", params)]) or "true"
        cur.execute(f"SELECT w.event_id, w.event_date FROM newswatch.world_events w WHERE {where} {order}", params)
        for r in cur.fetchall():
            picked[r["event_id"]] = r["event_date"]
    latest = sorted(picked, key=lambda i: (-picked[i].toordinal(), i))
    if not latest:
        return [], False
    cur.execute(
        """SELECT w.event_id, w.event_type, w.event_mode, w.contexts, w.weapon_class, w.event_date, w.date_precision,
                  w.claim_status, w.claimed_by, w.actor1, w.actor1_code, w.actor2, w.actor2_code, w.summary,
                  w.num_sources, w.num_mentions, w.first_reported_at
           FROM newswatch.world_events w WHERE w.event_id = ANY(%s::uuid[])
           ORDER BY w.event_date DESC, w.event_id""",
        (latest[:cap],),
    )
    rows = [dict(r) for r in cur.fetchall()]
    for r in rows:
        r["alerted"] = r["event_id"] in alerted
    return rows, len(latest) > cap


def busiest_pairs(cur: Cursor, limit: int = 12) -> list[Row]:
    """Actor pairs with the most world events (either direction), for the timelines index."""
    cur.execute("""SELECT least(actor1_code, actor2_code) AS a, greatest(actor1_code, actor2_code) AS b,
                          count(*) AS events, max(event_date) AS latest
                   FROM newswatch.world_events WHERE actor2_code IS NOT NULL AND actor2_code <> actor1_code
                   GROUP BY 1, 2 ORDER BY events DESC, latest DESC LIMIT %s""", (limit,))
    return [dict(r) for r in cur.fetchall()]


# -- search ----------------------------------------------------------------------------------------

# ts_headline marks matches with these; the page escapes the sentence, then turns them into <mark>.
MARK_START, MARK_STOP = "\x02", "\x03"


# Search collects the matching events from the GIN indexes while the words match at most this many
# sentences (titles: each names ~3 mentions); past that they are common, and it walks the events
# newest first instead, stopping at a full page.
COMMON_SENTENCES = 4_000
COMMON_TITLES = 1_500


def search(cur: Cursor, f: SearchFilter, page: Page) -> tuple[list[Row], bool]:
    """World events whose evidence sentences or article titles match ``q`` (PostgreSQL full-text
    search, English stemming, web-search syntax) and pass the filters, latest report first, each
    with its best-matching sentence. (rows, more exist)

    Newest first rather than by rank, and two plans by how common the words are: ranking, or
    collecting every match, costs as much as there are matches (a common word has tens of
    thousands among 1M mentions: seconds); walking the events newest first and probing each one's
    mentions stops at the first page, but is slow for rare words, which the GIN indexes answer at
    once. PostgreSQL's own estimate of the matches (EXPLAIN) picks the plan (bench/bench_desk.py)."""
    where, params = [], {"limit": page.limit + 1, "offset": page.offset}
    if f.event_type:
        where.append("w.event_type = %(type)s")
        params["type"] = f.event_type
    if f.claim_status:
        where.append("w.claim_status = %(claim)s")
        params["claim"] = f.claim_status
    if len(f.actors) == 2:
        params["a"], params["b"] = f.actors
        where.append("((w.actor1_code = %(a)s AND w.actor2_code = %(b)s)"
                     " OR (w.actor1_code = %(b)s AND w.actor2_code = %(a)s))")
    elif len(f.actors) == 1:
        params["a"] = f.actors[0]
        where.append("(w.actor1_code = %(a)s OR w.actor2_code = %(a)s)")
    if f.since:
        where.append("w.event_date >= %(since)s")
        params["since"] = f.since
    if f.until:
        where.append("w.event_date <= %(until)s")
        params["until"] = f.until
    joins = ""
    if f.q:
        params["q"] = f.q
        ids = _matching_events(cur, f.q)
        if ids is None:  # common words
            joins = """CROSS JOIN LATERAL (
                         SELECT 1 FROM newswatch.event_mentions m
                         WHERE m.event_id = w.event_id
                           AND (m.sentence_tsv @@ websearch_to_tsquery('english', %(q)s)
                                OR m.title_tsv @@ websearch_to_tsquery('english', %(q)s))
                         LIMIT 1) AS hit"""
        else:
            where.append("w.event_id = ANY(%(ids)s::uuid[])")
            params["ids"] = ids
    cur.execute(
        f"""SELECT w.event_id, w.event_type, w.event_mode, w.contexts, w.weapon_class, w.event_date,
                   w.date_precision, w.actor1, w.actor1_code, w.actor2, w.actor2_code, w.claim_status,
                   w.claimed_by, w.summary, w.num_mentions, w.num_sources, w.first_reported_at, w.last_reported_at
            FROM newswatch.world_events w {joins}
            WHERE {' AND '.join(where) or 'true'}
            ORDER BY w.last_reported_at DESC, w.event_id DESC
            LIMIT %(limit)s OFFSET %(offset)s""",
        params,
    )
    rows = [dict(r) for r in cur.fetchall()]
    rows, more = rows[: page.limit], len(rows) > page.limit
    if f.q and rows:
        snippets = _snippets(cur, f.q, [r["event_id"] for r in rows])
        for r in rows:
            r["snippet"] = snippets.get(r["event_id"])
    return rows, more


def _matching_events(cur: Cursor, q: str) -> list[str] | None:
    """Every world event whose current evidence or article title matches ``q``; None when the words
    are too common to collect (more than COMMON_SENTENCES sentences or COMMON_TITLES titles)."""
    # One row back, not thousands: whether the cap was passed, and the distinct events.
    cur.execute("""SELECT count(*) AS n, array_agg(DISTINCT event_id::text) AS ids
                   FROM (SELECT m.event_id FROM newswatch.event_mentions m
                         WHERE m.sentence_tsv @@ websearch_to_tsquery('english', %s) LIMIT %s) hits""",
                (q, COMMON_SENTENCES + 1))
    found = cur.fetchone()
    if found["n"] > COMMON_SENTENCES:
        return None
    sentences = found["ids"] or []
    cur.execute("""SELECT count(*) AS n, array_agg(article_id::text) AS ids
                   FROM (SELECT a.article_id FROM newswatch.articles a
                         WHERE to_tsvector('english', a.title) @@ websearch_to_tsquery('english', %s) LIMIT %s) hits""",
                (q, COMMON_TITLES + 1))
    found = cur.fetchone()
    if found["n"] > COMMON_TITLES:
        return None
    titled = []
    if found["ids"]:
        cur.execute("""SELECT array_agg(DISTINCT m.event_id::text) AS ids FROM newswatch.event_mentions m
                       WHERE m.article_id = ANY(%s::uuid[])""", (found["ids"],))
        titled = cur.fetchone()["ids"] or []
    return sorted(set(sentences) | set(titled))


def _snippets(cur: Cursor, q: str, event_ids: list[str]) -> dict[str, str]:
    """For each event, its best-matching evidence sentence (or title) with the matches marked."""
    cur.execute(
        f"""SELECT DISTINCT ON (m.event_id) m.event_id,
                   ts_headline('english', CASE WHEN m.sentence_tsv @@ query THEN m.sentence ELSE m.title END, query,
                               'StartSel={MARK_START}, StopSel={MARK_STOP}, HighlightAll=true') AS snippet
            FROM newswatch.event_mentions m, websearch_to_tsquery('english', %(q)s) AS query
            WHERE m.event_id = ANY(%(ids)s::uuid[]) AND (m.sentence_tsv @@ query OR m.title_tsv @@ query)
            ORDER BY m.event_id, (m.sentence_tsv @@ query) DESC, ts_rank(m.sentence_tsv, query) DESC, m.reported_at""",
        {"q": q, "ids": event_ids},
    )
    return {r["event_id"]: r["snippet"] for r in cur.fetchall()}


# -- feeds -----------------------------------------------------------------------------------------

def feeds(cur: Cursor, f: FeedFilter) -> list[Row]:
    """Every feed's health, last failure and its reason, quality checks and next poll; the ones
    needing attention first."""
    where, params = [], {}
    if f.health:
        where.append("f.health = %(health)s")
        params["health"] = f.health
    if f.quality:
        where.append("coalesce(q.quality, 'unchecked') = %(quality)s")
        params["quality"] = f.quality
    cur.execute(
        f"""SELECT f.feed_id, f.name, f.source, f.url, f.health, f.last_polled_at, f.last_success_at, f.last_http_status,
                   f.consecutive_failures, f.failing_since, f.last_failure_kind, f.last_failure_reason,
                   f.last_failure_detail, f.polls, f.items_seen, f.articles_new, f.next_poll_at,
                   f.disabled_at, f.disabled_reason, f.failure_score, extract(epoch FROM f.poll_interval)::int
                   AS poll_interval_s, f.last_new_item_at, f.last_problem, f.last_problem_detail,
                   coalesce(q.quality, 'unchecked') AS quality, q.failed_checks, q.failure_details,
                   q.last_checked_at, q.consecutive_failed, q.mean_entries, q.last_entries
            FROM newswatch.feeds f LEFT JOIN newswatch.feed_quality q ON q.feed_id = f.feed_id
            WHERE {' AND '.join(where) or 'true'}
            ORDER BY CASE f.health WHEN 'disabled' THEN 0 WHEN 'failing' THEN 1 WHEN 'new' THEN 3 ELSE 2 END,
                     coalesce(q.quality, 'unchecked') = 'degraded' DESC, f.name""",
        params,
    )
    return [dict(r) for r in cur.fetchall()]
