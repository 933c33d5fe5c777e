"""The candidate look-up asks PostgreSQL exactly what cluster.is_same_event and best_match decide.

Random world events and random questions over a small domain (so that dates, precisions, bases,
stated and ongoing periods, places and actor orders collide often), checked against a brute-force
Python reading of the same rows; then a generated corpus coded with 1, 3 and unlimited ranked candidates per question
leaves the same log.
"""

from __future__ import annotations

import dataclasses
import random
import sys
import uuid
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import psycopg2.extras
import pytest

from newswatch.model import ExtractedEvent
from newswatch.store import EventStore
from newswatch.worldevents import candidates, coding
from newswatch.worldevents.same_event import best_match, is_same_event

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # bench/ is a top-level folder of the checkout
    sys.path.insert(0, str(ROOT))

DAY0 = date(2026, 10, 1)
TYPES = ("AID", "CONSULT")  # one directed, one symmetric
ACTORS = ("PRK", "RUS", "USA")
PLACES = (None, "", "PRK", "RUS")


def _mention(rng: random.Random) -> ExtractedEvent:
    precision = rng.choice(("day", "day", "month", "year"))
    day = DAY0 + timedelta(days=rng.randrange(-400, 120))
    if precision != "day" and rng.random() < 0.5:  # mostly first days, as timex resolves them
        day = day.replace(day=1) if precision == "month" else day.replace(month=1, day=1)
    a1, a2 = rng.choice(ACTORS), rng.choice((*ACTORS, None))
    basis = rng.choice(("text", "publication", "context"))
    end, open_end = None, False
    if basis != "publication" and rng.random() < 0.25:  # a period: stated, or ongoing since long ago
        if rng.random() < 0.5:
            end = day + timedelta(days=rng.randrange(0, 500))
        else:
            day, open_end = day - timedelta(days=rng.randrange(0, 900)), True
    return ExtractedEvent(
        event_type=rng.choice(TYPES), event_mode=None, contexts=(), actor1=a1, actor1_code=a1,
        actor1_sector=None, actor2=a2, actor2_code=a2, actor2_sector=None, event_date=day,
        date_precision=precision, date_basis=basis, date_text=None,
        location=None, location_code=rng.choice(PLACES), claim_status="reported", claimed_by=None,
        claimed_by_text=None, sentence="s", start=0, end=1, confidence=0.5, pattern_id="p",
        extractor_version="test", event_date_end=end, date_open=open_end)


def _store_world_events(cur, rng: random.Random, n: int) -> None:
    rows = []
    for position in range(1, n + 1):
        m = _mention(rng)
        last = datetime.combine(m.event_date + timedelta(days=rng.randrange(0, 60)), time(rng.randrange(24)),
                                tzinfo=timezone.utc)
        rows.append((str(uuid.UUID(int=rng.getrandbits(128))), m.event_type, m.actor1, m.actor1_code,
                     m.actor2, m.actor2_code, m.event_date, m.date_precision, m.date_basis,
                     m.location_code, last, position * 7, "reported", "s", 0.5, last, m.event_date_end,
                     m.date_open))
        if position % 10 == 0:  # a twin as a re-coding's recount leaves them: one updated_position
            rows.append((str(uuid.UUID(int=rng.getrandbits(128))), *rows[-1][1:]))
    psycopg2.extras.execute_values(
        cur,
        """INSERT INTO newswatch.proj_world_events (world_event_id, event_type, actor1, actor1_code,
             actor2, actor2_code, event_date, date_precision, date_basis, location_code,
             last_reported_at, updated_position, claim_status, summary, confidence, first_reported_at,
             event_date_end, date_open)
           VALUES %s""",
        rows,
    )


def _ranking(m: ExtractedEvent, rows: list[dict]) -> list[str]:
    """Every compatible row's id, in best_match's order (ties, which a re-coding's recount makes:
    by id)."""
    def rank(c: dict) -> tuple:
        return abs((c["event_date"] - m.event_date).days), c["updated_position"]

    compatible = [r for r in rows if is_same_event(r, m)]
    order = sorted(compatible, key=lambda c: (*rank(c), c["world_event_id"]))
    assert not compatible or rank(best_match(compatible, m)) == rank(order[0])
    return [r["world_event_id"] for r in order]


def test_ranked_candidates_are_exactly_the_compatible_world_events_in_best_match_order(store: EventStore):
    rng = random.Random(7)
    with store.transaction() as cur:
        _store_world_events(cur, rng, 200)
    questions = [_mention(rng) for _ in range(400)]
    with store.transaction(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute("SELECT *, world_event_id::text AS world_event_id FROM newswatch.proj_world_events")
        rows = [dict(r) for r in cur.fetchall()]
        everything = candidates.ranked_candidates(cur, [candidates.lookup_key(m) for m in questions], None)
        top = candidates.ranked_candidates(cur, [candidates.lookup_key(m) for m in questions])
    matched = cut = 0
    for m in questions:
        key = candidates.lookup_key(m)
        expected = _ranking(m, rows)
        assert [r["world_event_id"] for r in everything[key].rows] == expected, m
        assert everything[key].complete
        assert [r["world_event_id"] for r in top[key].rows] == expected[:candidates.TOP], m
        assert top[key].complete == (len(expected) < candidates.TOP)
        matched += bool(expected)
        cut += not top[key].complete
    # The domain is small enough for every outcome to be common: no match, a few, more than TOP.
    assert 100 < matched < 350 and cut > 30, (matched, cut)
    periods = sum(1 for m in questions if m.date_open or m.event_date_end is not None)
    assert periods > 40, periods  # periods are asked about, and (above) found exactly as Python finds them


def _scanned_indexes(cur, keys) -> list[str]:
    """How the look-up's plan reads proj_world_events: each scan's index, or "Seq Scan"."""

    class Explaining:
        def execute(self, query, params):
            cur.execute("EXPLAIN (FORMAT JSON) " + query, params)
            self.plan = cur.fetchone()[0][0]["Plan"]

        def fetchall(self):
            return []

    explaining = Explaining()
    candidates.ranked_candidates(explaining, keys)
    found, todo = [], [explaining.plan]
    while todo:
        node = todo.pop()
        todo.extend(node.get("Plans", []))
        if node["Node Type"] == "Bitmap Heap Scan":
            continue  # its Bitmap Index Scan below names the index
        if node.get("Relation Name") == "proj_world_events" or node["Node Type"] == "Bitmap Index Scan":
            found.append(node.get("Index Name") or node["Node Type"])
    return found


@pytest.mark.parametrize("analyzed", [False, True])
def test_every_look_up_reads_the_pair_indexes_by_date_with_or_without_statistics(store: EventStore, analyzed):
    # Without statistics (a store filled since its last ANALYZE; autovacuum off) the planner once
    # read some look-ups by an index on (event_type, actor2_code, ...) or (actor1_code, actor2_code,
    # event_date <= day): every event of the type to that recipient, or of the pair, at each
    # look-up, so coding slowed down as a run went on. Each branch must be a range scan of the
    # pair's key and a date (migration 0093).
    rng = random.Random(11)
    with store.transaction() as cur:
        _store_world_events(cur, rng, 3000)
        if analyzed:
            cur.execute("ANALYZE newswatch.proj_world_events")
    keys = [candidates.lookup_key(_mention(rng)) for _ in range(300)]
    with store.transaction() as cur:
        scanned = _scanned_indexes(cur, keys)
    assert scanned and set(scanned) <= {"proj_world_events_pair_date_idx", "proj_world_events_pair_month_idx",
                                         "proj_world_events_pair_year_idx",
                                         "proj_world_events_pair_recent_idx",
                                         "proj_world_events_pair_period_idx"}, scanned


def test_an_ongoing_period_holds_every_later_report_and_a_stated_one_only_its_days():
    since = {"event_type": "ASSAULT", "actor1_code": "RUS", "actor2_code": "UKR", "event_date": date(2021, 2, 1),
             "date_precision": "month", "date_basis": "text", "date_open": True, "event_date_end": None,
             "location_code": None, "last_reported_at": None}
    later = ExtractedEvent(
        event_type="ASSAULT", event_mode=None, contexts=(), actor1="Russia", actor1_code="RUS", actor1_sector=None,
        actor2="Ukraine", actor2_code="UKR", actor2_sector=None, event_date=date(2023, 11, 8), date_precision="day",
        date_basis="text", date_text=None, location=None, location_code=None, claim_status="reported",
        claimed_by=None, claimed_by_text=None, sentence="s", start=0, end=1, confidence=0.5, pattern_id="p",
        extractor_version="test")
    assert is_same_event(since, later)
    assert not is_same_event(since, dataclasses.replace(later, event_date=date(2020, 6, 1)))
    spring = {**since, "date_open": False, "event_date": date(2023, 3, 1), "event_date_end": date(2023, 5, 31)}
    assert is_same_event(spring, dataclasses.replace(later, event_date=date(2023, 4, 20)))
    assert not is_same_event(spring, later)


def test_a_world_event_refined_in_the_batch_is_judged_by_its_new_state_and_the_next_stored_one_takes_over():
    rng = random.Random(3)
    m = dataclasses.replace(_mention(rng), date_basis="text", date_precision="day", location_code=None)
    near = {"world_event_id": "near", "event_type": m.event_type, "actor1_code": m.actor1_code,
            "actor2_code": m.actor2_code, "event_date": m.event_date, "date_precision": "day",
            "date_basis": "text", "location_code": None, "last_reported_at": None, "updated_position": 5}
    farther = {**near, "world_event_id": "farther", "event_date": m.event_date.replace(day=1),
               "date_precision": "month", "updated_position": 9}
    moved_away = {**near, "event_date": m.event_date - timedelta(days=40)}  # its new state: no match
    asked = []

    def everything():
        asked.append(True)
        return candidates.Ranked((near, farther), True)

    # Unchanged in the batch: the best ranked row wins, and nothing more is asked.
    assert candidates.choose(m, candidates.Ranked((near,), False), {}, everything) is near
    # The ranked row changed in the batch and no longer matches: the look-up asks for the rest.
    assert candidates.choose(m, candidates.Ranked((near,), False), {"near": moved_away}, everything) is farther
    assert asked == [True]
    # Every compatible stored row was ranked: nothing more to ask, a new world event.
    assert candidates.choose(m, candidates.Ranked((near,), True), {"near": moved_away}, everything) is None
    assert asked == [True]


def test_coding_with_one_three_or_every_ranked_candidate_records_the_same_log(new_db_url, monkeypatch):
    from bench import bench_pipeline, corpus

    docs = corpus.generate(600, seed=5).documents()
    monkeypatch.setattr(coding, "CODE_BATCH", 50)  # many batches: world events refined in each
    logs = []
    for top in (1, 3, None):
        monkeypatch.setattr(candidates, "TOP", top)
        url = new_db_url()
        bench_pipeline.newswatch_once(docs, url)
        with EventStore.open(url) as store, store.transaction() as cur:
            cur.execute("""SELECT type, stream, data FROM newswatch.events
                            WHERE type LIKE 'WorldEvent%%' ORDER BY global_position""")
            logs.append(cur.fetchall())
    identified = sum(1 for t, _, _ in logs[0] if t == "WorldEventIdentified")
    mentioned = sum(1 for t, _, _ in logs[0] if t == "WorldEventMentioned")
    refined = sum(1 for t, _, _ in logs[0] if t == "WorldEventRefined")
    assert 0 < identified < mentioned and refined > 10  # events joined and moved on
    assert logs[0] == logs[1] == logs[2]
