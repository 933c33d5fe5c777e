"""Alert precision, recall and reason accuracy on evolving stories, every miss diagnosed and every
false alert explained.

    python bench/eval_developments.py [STORIES_DIR] [--topics FILE] [--only ID ...] [--json]

The stories (default tests/fixtures/stories/: labelled feed items, see its README) are served as
one feed per outlet over real HTTP on localhost, one stage per publication day; each stage runs
the real cycle (poll, screen, code, flag, deliver) with RunContext.now at the end of that day,
into a fresh event store. Then:

  precision        alerts that an item's label expects (same topic, raised on the item's day, on a
                   world event the item reports) / alerts raised
  recall           expected alerts raised / expected alerts
  reason accuracy  matched alerts whose novelty_kind is the label's kind / matched alerts
  on retellings    alerts raised on items that only retell or recount history (must be 0)

A miss is diagnosed at the first step that lost it: not extracted (the article's coding has no
event of the labelled type between the labelled actors; what it coded is shown), not joined (the
mention was extracted but refused before it joined a world event), not matched (its world event
failed a filter of the topic: which, and what it saw), or suppressed (the topic's decision that
day: a repeat of what it knew, or background, with the alerts and world events it repeats).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg2.extras

if __package__ in (None, ""):  # run as a script: python bench/eval_developments.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.stories import STORIES, Item, Replay, Stage, item_url, load_items, replay  # noqa: E402
from newswatch.alerts.topics import TopicConfig, load_topics  # noqa: E402
from newswatch.errors import StoreError  # noqa: E402
from newswatch.extract import EXTRACTOR_VERSION  # noqa: E402
from newswatch.store import EventStore  # noqa: E402

try:  # older code (a baseline run against another checkout's package) has no per-filter results
    from newswatch.alerts.topics import filter_results
except ImportError:  # pragma: no cover - baselines only
    filter_results = None

ARMS = {"AID", "AGREE"}
RETELLING_WORDS = ("retold", "background", "recounted", "recalled")


@dataclass
class Outcome:
    """The scored run: matched, missed and false alerts, with their diagnoses."""

    expected: int = 0
    raised: int = 0
    matched: list[tuple[Item, str, str, dict[str, Any]]] = field(default_factory=list)  # item, topic, kind, alert
    misses: list[tuple[Item, str, str, str]] = field(default_factory=list)  # item, topic, kind, diagnosis
    false_alerts: list[tuple[dict[str, Any], list[Item], str]] = field(default_factory=list)
    on_retellings: int = 0

    @property
    def precision(self) -> float:
        return len(self.matched) / self.raised if self.raised else 1.0

    @property
    def recall(self) -> float:
        return len(self.matched) / self.expected if self.expected else 1.0

    @property
    def reason_accuracy(self) -> float:
        right = sum(1 for _, _, kind, alert in self.matched if alert["novelty_kind"] == kind)
        return right / len(self.matched) if self.matched else 1.0

    def figures(self) -> dict[str, Any]:
        return {"expected": self.expected, "raised": self.raised, "matched": len(self.matched),
                "precision": round(self.precision, 3), "recall": round(self.recall, 3),
                "reason_accuracy": round(self.reason_accuracy, 3),
                "right_reason": sum(1 for _, _, k, a in self.matched if a["novelty_kind"] == k),
                "misses": len(self.misses), "false_alerts": len(self.false_alerts),
                "alerts_on_retellings": self.on_retellings,
                "misses_by_diagnosis": dict(Counter(d.split(":")[0] for *_, d in self.misses))}


def is_retelling(item: Item) -> bool:
    return not item.alerts and (item.story == "background" or any(w in item.note for w in RETELLING_WORDS))


class Store:
    """Look-ups the scoring needs, on the evaluated store."""

    def __init__(self, store: EventStore, base: str):
        self.store, self.base = store, base
        columns = {r["column_name"] for r in self.rows(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'newswatch' "
            "AND table_name = 'event_mentions'")}
        self.in_title = "m.in_title" if "in_title" in columns else "false"  # older stores: no headlines

    def rows(self, sql: str, *params: Any) -> list[dict[str, Any]]:
        with self.store.transaction(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
            cur.execute(sql, params)
            return [dict(r) for r in cur.fetchall()]

    def article(self, item: Item) -> dict[str, Any] | None:
        found = self.rows("SELECT article_id::text, status, duplicate_of::text, rejection_labels "
                          "FROM newswatch.articles WHERE url = %s", item_url(self.base, item))
        return found[0] if found else None

    def mentions(self, article_id: str) -> list[dict[str, Any]]:
        return self.rows(
            f"""SELECT m.event_id::text AS world_event_id, m.sentence, {self.in_title} AS in_title, m.claim_status,
                      m.event_date, m.date_precision, m.date_basis, w.event_type, w.actor1_code, w.actor2_code,
                      w.contexts, w.weapon_classes, w.quantity, w.transfer_stage
               FROM newswatch.event_mentions m JOIN newswatch.world_events w USING (event_id)
               WHERE m.article_id = %s ORDER BY 3 DESC, m.start_char""", article_id)

    def rejected(self, article_id: str) -> list[dict[str, Any]]:
        return self.rows("SELECT event_type, actor1_code, actor2_code, failed_checks, sentence "
                         "FROM newswatch.rejected_mentions WHERE article_id = %s", article_id)

    def world_event(self, world_event_id: str) -> dict[str, Any]:
        return self.rows("SELECT *, world_event_id::text AS world_event_id FROM newswatch.proj_world_events "
                         "WHERE world_event_id = %s", world_event_id)[0]

    def decisions(self, stage: Stage) -> dict[tuple[str, str], dict[str, Any]]:
        try:
            rows = self.rows("SELECT topic, event_id::text AS world_event_id, outcome, explanation, novelty_kind "
                             "FROM newswatch.topic_decisions WHERE decided_at = %s", stage.now)
        except StoreError:  # older code records no decisions
            return {}
        return {(r["topic"], r["world_event_id"]): r for r in rows}


def reports_match(reports: dict[str, Any] | None, m: dict[str, Any]) -> bool:
    """Is mention ``m`` (with its world event's type and actors) the event ``reports`` labels?"""
    if not reports:
        return False
    if reports["type"] in ARMS:
        return m["event_type"] in ARMS and (m["actor1_code"], m["actor2_code"]) == (reports["from"], reports["to"])
    return m["event_type"] == reports["type"] and {m["actor1_code"], m["actor2_code"]} == set(reports["actors"])


def describe_mention(m: dict[str, Any]) -> str:
    arms = "".join(f", {k} {m[k]}" for k in ("weapon_classes", "quantity", "transfer_stage") if m.get(k))
    where = "title" if m.get("in_title") else "body"
    return (f"{m['event_type']} {m['actor1_code']}->{m['actor2_code']} {m['claim_status']} "
            f"{m['event_date']} ({m['date_precision']}, {m['date_basis']}){arms} [{where}]")


def score(db: Store, items: Sequence[Item], run: Replay, topics: TopicConfig) -> Outcome:
    out = Outcome()
    by_topic = {t.name: t for t in topics.topics}
    for stage in run.stages:
        decisions = db.decisions(stage)
        articles = {i.id: db.article(i) for i in stage.items}
        mentions = {i.id: db.mentions(a["article_id"]) if a else [] for i, a in
                    ((i, articles[i.id]) for i in stage.items)}
        # Which of the day's items each alert is about: those with evidence in its world event.
        about = {a["alert_id"]: [i for i in stage.items
                                 if any(m["world_event_id"] == a["world_event_id"] for m in mentions[i.id])]
                 for a in stage.alerts}
        out.raised += len(stage.alerts)
        unmatched = list(stage.alerts)
        for item in stage.items:
            for want in item.alerts:
                out.expected += 1
                candidates = [a for a in unmatched if a["topic"] == want.topic and item in about[a["alert_id"]]]
                candidates.sort(key=lambda a: a["novelty_kind"] != want.kind)  # the right reason first
                if candidates:
                    unmatched.remove(candidates[0])
                    out.matched.append((item, want.topic, want.kind, candidates[0]))
                else:
                    out.misses.append((item, want.topic, want.kind,
                                       diagnose(db, item, articles[item.id], mentions[item.id],
                                                by_topic[want.topic], decisions)))
        for alert in unmatched:
            items_about = about[alert["alert_id"]]
            out.false_alerts.append((alert, items_about, explain_false(db, alert, items_about)))
            out.on_retellings += any(is_retelling(i) for i in items_about)
    return out


def diagnose(db: Store, item: Item, article: dict[str, Any] | None, mentions: list[dict[str, Any]],
             topic: Any, decisions: dict[tuple[str, str], dict[str, Any]]) -> str:
    if article is None:
        return "not extracted: the article was never seen"
    if article["status"] == "rejected":
        return f"not extracted: the article was rejected ({', '.join(article['rejection_labels'] or [])})"
    coded = "; ".join(describe_mention(m) for m in mentions) or "nothing"
    hits = [m for m in mentions if reports_match(item.reports, m)]
    if not hits:
        refused = [r for r in (db.rejected(article["article_id"]) if article else [])
                   if reports_match(item.reports, {**r, "event_type": r["event_type"]})]
        if refused:
            return f"not joined: its mention was refused before joining ({', '.join(refused[0]['failed_checks'])})"
        return f"not extracted: coded {coded}"
    notes = []
    for wid in dict.fromkeys(m["world_event_id"] for m in hits):
        event = db.world_event(wid)
        failed = [r for r in filter_results(topic, event) if not r.passed] if filter_results else []
        mention = describe_mention(next(m for m in hits if m["world_event_id"] == wid))
        if failed:
            notes.append((1, f"not matched: {mention} failed {'; '.join(f'{r.name} ({r.detail})' for r in failed)}"))
            continue
        decision = decisions.get((topic.name, wid))
        if decision is None:
            notes.append((2, f"suppressed: {mention}: not judged this day (world event untouched)"))
        elif decision["outcome"] == "alerted":
            notes.append((3, f"alerted as {decision['novelty_kind']} on {mention}, but the alert was "
                             "counted for another item"))
        else:
            notes.append((2, f"suppressed: {mention}: {decision['outcome']}: {decision['explanation']}"))
    return max(notes)[1]


def explain_false(db: Store, alert: dict[str, Any], items: list[Item]) -> str:
    labels = "; ".join(f"{i.id} expects {[f'{a.topic}/{a.kind}' for a in i.alerts] or 'no alert'} ({i.note})"
                       for i in items) or "no item of the day reports it"
    event = db.world_event(alert["world_event_id"])
    return (f"{alert['topic']} / {alert['novelty_kind']} ({alert['novelty_reason']}) on {event['summary']}; "
            f"items: {labels}")


def print_report(out: Outcome, stories: Path, version: str) -> None:
    f = out.figures()
    print(f"developments on {stories} with extractor {version}")
    print(f"  expected alerts {f['expected']}, raised {f['raised']}, matched {f['matched']}")
    print(f"  precision        {f['precision']:.2f}  (target >= 0.90)")
    print(f"  recall           {f['recall']:.2f}  (target >= 0.90)")
    print(f"  reason accuracy  {f['reason_accuracy']:.2f}  ({f['right_reason']} of {f['matched']}; target >= 0.85)")
    print(f"  alerts on retellings and background history: {f['alerts_on_retellings']} (target 0)")
    print(f"  misses by diagnosis: {f['misses_by_diagnosis']}")
    if out.misses:
        print("\nmisses:")
        for item, topic, kind, why in out.misses:
            print(f"  {item.id} {item.day} {topic} / {kind}: {why}")
    wrong = [(i, t, k, a) for i, t, k, a in out.matched if a["novelty_kind"] != k]
    if wrong:
        print("\nwrong reasons:")
        for item, topic, kind, alert in wrong:
            print(f"  {item.id} {item.day} {topic}: expected {kind}, got {alert['novelty_kind']} "
                  f"({alert['novelty_reason']})")
    if out.false_alerts:
        print("\nfalse alerts:")
        for _alert, _, why in out.false_alerts:
            print(f"  {why}")


def evaluate(stories: Path, topics_file: Path, only: Sequence[str] | None = None,
             progress: bool = True) -> Outcome:
    from bench.common import drop_template, scratch_database

    items = load_items(stories, only)
    topics = load_topics(topics_file)

    def show(stage: Stage) -> None:
        if progress:
            print(f"  {stage.day}: {len(stage.items)} item(s), {len(stage.alerts)} alert(s)", file=sys.stderr)

    try:
        with scratch_database("stories") as url, EventStore.open(url) as store:
            run = replay(store, items, topics, show)
            return score(Store(store, run.base), items, run, topics)
    finally:
        drop_template()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stories", nargs="?", type=Path, default=STORIES)
    parser.add_argument("--topics", type=Path, default=None, help="default: STORIES/topics.yaml")
    parser.add_argument("--only", nargs="*", default=None, help="item ids to replay (default: all)")
    parser.add_argument("--json", action="store_true", help="the figures as one JSON object")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # the log channel's alert lines would drown the report
    out = evaluate(args.stories, args.topics or args.stories / "topics.yaml", args.only)
    if args.json:
        print(json.dumps(out.figures()))
    else:
        print_report(out, args.stories, EXTRACTOR_VERSION)
    return 0


if __name__ == "__main__":
    sys.exit(main())
