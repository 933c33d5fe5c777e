"""Which stored world event a coded mention reports: the candidate look-up behind coding.

A batch's mentions ask few distinct questions (type, actors, date, precision, basis, place):
one query answers all of them, and for each returns only the best few stored world events
that ``cluster.is_same_event`` accepts, ranked as ``cluster.best_match`` ranks them. Shipping
every compatible event instead cost 45 of 116 s of coding at 20k articles: a busy actor pair
has hundreds of events in the news at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from newswatch.model import ExtractedEvent
from newswatch.worldevents.same_event import (
    OPEN_END,
    PUBLICATION_DATE_SLACK,
    SYMMETRIC_TYPES,
    best_match,
    date_range,
)

# How many ranked stored events each question brings back. More than one because a world event
# refined earlier in the same batch is judged by its new state, not its stored row (see choose).
TOP = 3

Key = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Ranked:
    """The best stored world events for one question, best first."""

    rows: tuple[dict[str, Any], ...]
    complete: bool  # every compatible stored event is here (the query was not cut at its limit)


def lookup_key(m: ExtractedEvent) -> Key:
    return (m.event_type, m.actor1_code, m.actor2_code, m.event_date, m.date_precision,
            m.date_basis, m.location_code or None, m.event_date_end, m.date_open)


def choose(mention: ExtractedEvent, ranked: Ranked, pending: Mapping[str, Mapping[str, Any]],
           everything: Callable[[], Ranked]) -> Mapping[str, Any] | None:
    """The world event ``mention`` joins, or None for a new one.

    ``pending``: world events identified or refined earlier in this batch (same type and
    actors), by id; their current state wins over the stored row. ``everything``: the
    question asked without a limit, for when every ranked row was refined in the batch."""
    stored = [r for r in ranked.rows if r["world_event_id"] not in pending]
    if not stored and not ranked.complete:
        # The ranked rows all changed in this batch: the best unchanged one is further down.
        stored = [r for r in everything().rows if r["world_event_id"] not in pending]
    return best_match([*stored, *pending.values()], mention)


# Every branch is an index range scan on the actor pair's key (ARRAY[event_type, actor1_code,
# actor2_code], migration 0093) and a date: event_date, or last_reported_at. So the cost follows
# the pair's events near the date, not the pair's (or the type's) whole history:
# - the key is matched as one array (arrays compare NULLs as equal, so a one-sided event's NULL
#   actor2 matches too), and only the expression indexes hold that expression, whatever the
#   table's statistics. Matched column by column, the plan rested on statistics: with none (a
#   store filled since its last ANALYZE; autovacuum off, as on the benchmark machine) the planner
#   saw every index on those columns at the cost of one row and took, say, (event_type,
#   actor2_code, first_reported_at) or (actor1_code, actor2_code, event_date <= day), reading every
#   event of the type to that recipient, or of the pair, at each look-up: the cost of coding an
#   article grew within one run (bench_pipeline's store after 5,000 articles: 326 buffers and
#   0.8 ms a look-up; after 10,000, by (actor2_code, event_date), 7,700 buffers and 8.9 ms, where
#   the pair indexes take 18-26 buffers and 0.25 ms; at 50k coding cost twice its 1k cost);
# - one branch per actor order (the reversed one only for symmetric types, as
#   cluster.actor_pair): an OR of orders made the planner probe by event_type alone (38 ms per
#   key at 27k coded articles);
# - "dates can overlap" (one branch per width of stored date: a day, a month, a year), "still in
#   the news" and "a period that began before" as branches rather than one OR. One window of a
#   year either side for every stored date read every event of a busy pair in the news at once.
# The outer filter then is cluster.is_same_event exactly, and the order cluster.best_match's.
_PAIR = "ARRAY[event_type, actor1_code, actor2_code]"
_ACTORS = (
    f"{_PAIR} = ARRAY[k.type, k.a1, k.a2]",
    f"k.either_order AND k.a2 IS NOT NULL AND k.a2 <> k.a1 AND {_PAIR} = ARRAY[k.type, k.a2, k.a1]",
)
_WHEN = (
    # a day holds only itself and a publication date the fortnight before it; a month or a year
    # (partial indexes, for they are a minority) spans up to a month or a year from its date
    "event_date BETWEEN k.lo AND k.hi + %(slack)s",
    "date_precision = 'month' AND event_date BETWEEN k.lo - 31 AND k.hi + 31",
    "date_precision = 'year' AND event_date BETWEEN k.lo - 366 AND k.hi + 366",
    # (by its last report alone, so that only the index on it serves; the outer filter then asks
    # for an event date no later than the report's)
    "k.by_publication AND last_reported_at >= k.day - (%(slack)s + 1)",
    # a period that began long before ("since 2021") still holds a later report's date
    "(date_open OR event_date_end IS NOT NULL) AND event_date <= k.hi",
)
_BRANCHES = "\n         UNION ALL\n".join(
    f"SELECT * FROM newswatch.proj_world_events WHERE {who} AND {when}"
    for who in _ACTORS for when in _WHEN)
# cluster.date_range of the candidate, as SQL.
_LO = """CASE WHEN c.date_open OR c.event_date_end IS NOT NULL THEN c.event_date
              WHEN c.date_basis = 'publication' THEN c.event_date - %(slack)s
              WHEN c.date_precision = 'year' THEN make_date(extract(year FROM c.event_date)::int, 1, 1)
              WHEN c.date_precision = 'month' THEN c.event_date - (extract(day FROM c.event_date)::int - 1)
              ELSE c.event_date END"""
_HI = """CASE WHEN c.date_open THEN %(open_end)s::date
              WHEN c.event_date_end IS NOT NULL THEN c.event_date_end
              WHEN c.date_basis = 'publication' THEN c.event_date
              WHEN c.date_precision = 'year' THEN make_date(extract(year FROM c.event_date)::int, 12, 31)
              WHEN c.date_precision = 'month'
                THEN (c.event_date - (extract(day FROM c.event_date)::int - 1) + interval '1 month')::date - 1
              ELSE c.event_date END"""
_QUERY = f"""
SELECT k.i, w.*, w.world_event_id::text AS world_event_id
  FROM unnest(%(type)s::text[], %(a1)s::text[], %(a2)s::text[], %(day)s::date[], %(lo)s::date[],
              %(hi)s::date[], %(pub)s::bool[], %(sym)s::bool[], %(loc)s::text[])
       WITH ORDINALITY AS k(type, a1, a2, day, lo, hi, by_publication, either_order, loc, i)
 CROSS JOIN LATERAL (
   SELECT * FROM (
     -- An event that both branches found comes back once.
     SELECT DISTINCT ON (c.world_event_id) c.*
       FROM ({_BRANCHES}) c
      WHERE (nullif(c.location_code, '') IS NULL OR k.loc IS NULL OR c.location_code = k.loc)
        AND (({_LO} <= k.hi AND {_HI} >= k.lo)
             OR (k.by_publication AND c.event_date <= k.day
                 AND k.day - c.last_reported_at::date <= %(slack)s))
      ORDER BY c.world_event_id) compatible
    -- best_match's order; the id breaks ties (a re-coding's recount gives several events one
    -- updated_position).
    ORDER BY abs(event_date - k.day), updated_position, world_event_id
    LIMIT %(limit)s) w
"""


def ranked_candidates(cur: Any, keys: Sequence[Key], limit: int | None = TOP) -> dict[Key, Ranked]:
    """For each distinct key, its best ``limit`` compatible stored world events (all of them
    with ``limit=None``), in one query. ``cur`` returns rows as dicts."""
    keys = list(dict.fromkeys(keys))
    if not keys:
        return {}
    ranges = [date_range(day, precision, basis, end, open_end) for _, _, _, day, precision, basis, _, end, open_end
              in keys]
    cur.execute(_QUERY, {
        "type": [k[0] for k in keys], "a1": [k[1] for k in keys], "a2": [k[2] for k in keys],
        "day": [k[3] for k in keys], "lo": [r[0] for r in ranges], "hi": [r[1] for r in ranges],
        "pub": [k[5] == "publication" for k in keys], "sym": [k[0] in SYMMETRIC_TYPES for k in keys],
        "loc": [k[6] for k in keys], "slack": PUBLICATION_DATE_SLACK.days, "limit": limit,
        "open_end": OPEN_END,
    })
    rows: dict[Key, list[dict[str, Any]]] = {k: [] for k in keys}
    for row in cur.fetchall():
        row = dict(row)
        rows[keys[row.pop("i") - 1]].append(row)
    return {k: Ranked(tuple(found), limit is None or len(found) < limit) for k, found in rows.items()}
