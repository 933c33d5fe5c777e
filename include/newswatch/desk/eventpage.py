"""One world event as its page shows it: the current state, how it got there (its identification
and every refinement, read from its stream in the log), every mention with the evidence sentence
in its article's text, and the alerts it raised."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from newswatch.desk import queries
from newswatch.desk.evidence import in_context
from newswatch.errors import NotFound

MENTIONS_SHOWN = 200  # with their context; the JSON and CSV exports carry every mention

_LABELS = {"event_date": "date", "date_precision": "date precision", "date_basis": "date basis",
           "claim_status": "claim status", "claimed_by": "claimed by", "claimed_by_text": "claimant as written",
           "confidence": "confidence", "weapon_class": "weapon class", "weapon_classes": "weapon classes",
           "stage": "transfer stage", "quantity": "quantity", "supplier": "supplier", "recipient": "recipient"}


@dataclass(frozen=True, slots=True)
class Step:
    kind: str  # "identified" | "refined"
    reported_at: datetime | None  # the report that moved the event (publication time)
    recorded_at: datetime  # when newswatch learnt it
    source: str | None
    reasons: tuple[str, ...]
    changes: tuple[tuple[str, Any, Any], ...]  # (what, before, after)
    summary: str


def _flat(values: Mapping[str, Any]) -> dict[str, Any]:
    """Refinement fields with the arms detail spread out, so "stage" reads as its own change."""
    out = {k: v for k, v in values.items() if k != "arms"}
    for key, value in (values.get("arms") or {}).items():
        out[key] = value
    return out


def _shown(value: Any) -> Any:
    return ", ".join(map(str, value)) if isinstance(value, list) else value


def _time(value: Any) -> datetime | None:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return value


def history_steps(rows: Sequence[Mapping[str, Any]]) -> list[Step]:
    """The event's WorldEventIdentified and WorldEventRefined events as readable steps."""
    steps = []
    for row in rows:
        d = row["data"]
        if row["type"] == "WorldEventIdentified":
            steps.append(Step("identified", _time(d.get("reported_at")), row["recorded_at"], None, (), (), d.get("summary", "")))
            continue
        before, after = _flat(d.get("previous") or {}), _flat(d.get("changes") or {})
        changes = tuple((_LABELS.get(k, k.replace("_", " ")), _shown(before.get(k)), _shown(v))
                        for k, v in after.items() if before.get(k) != v)
        steps.append(Step("refined", _time(d.get("reported_at")), row["recorded_at"], d.get("source"),
                          tuple(d.get("reasons") or ()), changes, d.get("summary", "")))
    return steps


def _coded_text(mention: Mapping[str, Any], texts: Mapping[str, str]) -> str | None:
    """The text a mention's offsets index: its article's body, or for a headline mention
    (``in_title``) the title as the coder read it (stripped; a reprint's: its original's title)."""
    if mention["in_title"]:
        title = mention["original_title"] if mention["via_duplicate_of"] else mention["title"]
        return title.strip() if title else None
    return texts.get(mention["via_duplicate_of"] or mention["article_id"])


def event_detail(cur: Any, event_id: str, *, mentions_limit: int = MENTIONS_SHOWN) -> dict[str, Any]:
    event = queries.world_event(cur, event_id)
    if event is None:
        raise NotFound(f"no world event with id {event_id}")
    log = queries.history(cur, event_id)
    mentions = queries.mentions(cur, event_id, mentions_limit)
    # A reprint's mentions point into its original's text (that is what was coded); a headline's
    # into the title, which the page has already (ArticleDiscovered's text is only the body).
    texts = queries.article_texts(cur, sorted({m["via_duplicate_of"] or m["article_id"]
                                               for m in mentions if not m["in_title"]}))
    for m in mentions:
        m["context"] = in_context(_coded_text(m, texts), m["sentence"], m["start_char"], m["end_char"])
    return {"event": event, "history": log, "steps": history_steps(log), "mentions": mentions,
            "mentions_total": event["num_mentions"], "alerts": queries.event_alerts(cur, event_id),
            "sources": sorted({m["source"] for m in mentions})}
