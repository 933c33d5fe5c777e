"""World-event identity: which coded mentions describe the same real-world event, and what a
later mention adds to the event it joins (a more precise date, a firmer claim, a later stage, a
new weapon class, a larger quantity).

Mentions join one world event when they share the event type and the actors in the same
direction (either order for symmetric types such as CONSULT), their dates are compatible given
each one's precision, and their stated locations do not disagree. Stated quantities are read as
numbers (``quantity_value``), so a larger one replaces a smaller one and novelty can tell an
order of magnitude.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from newswatch import ontology
from newswatch.model import ExtractedEvent

# From the ontology (data/ontology.yaml), under the names other modules import.
SYMMETRIC_TYPES = ontology.shipped().symmetric_types
# A date that fell back to the report's date says "on or before this day"; allow this much slack.
PUBLICATION_DATE_SLACK = timedelta(days=14)
# The last day of an ongoing period ("since August"): it holds every later date.
OPEN_END = date(9999, 12, 31)

# Orders used to decide whether a mention moves a world event on. A denial is not "firmer" than
# an allegation: it stays visible as a mention with claim_status 'denied' and never downgrades.
CLAIM_RANK = ontology.shipped().claim_ranks
PRECISION_RANK = ontology.shipped().precision_ranks
STAGE_RANK = ontology.shipped().stage_ranks
# Words that name no particular weapon: never "a new weapon class", replaced by a specific one.
GENERIC_WEAPONS = ontology.shipped().generic_weapons


def date_range(event_date: date, precision: str, basis: str, end: date | None = None,
               open_end: bool = False) -> tuple[date, date]:
    """The interval of days an event date can stand for: an ongoing period holds every date from
    its start, a stated period its days, a point the days its precision leaves open."""
    if open_end:
        return event_date, OPEN_END
    if end is not None:
        return event_date, end
    if basis == "publication":
        return event_date - PUBLICATION_DATE_SLACK, event_date
    if precision == "year":
        return date(event_date.year, 1, 1), date(event_date.year, 12, 31)
    if precision == "month":
        last = calendar.monthrange(event_date.year, event_date.month)[1]
        return event_date.replace(day=1), event_date.replace(day=last)
    return event_date, event_date


def actor_pair(event_type: str, actor1: str | None, actor2: str | None) -> tuple[str, str]:
    """The identity key of the actors: ordered for directed types, sorted for symmetric ones."""
    pair = (actor1 or "", actor2 or "")
    return tuple(sorted(pair)) if event_type in SYMMETRIC_TYPES else pair  # type: ignore[return-value]


def _still_in_the_news(candidate: Mapping[str, Any], mention: ExtractedEvent) -> bool:
    """A report dated only by its publication joins an event with a stated earlier date while
    that event is still being reported (its last report within the slack), as follow-ups do."""
    last = candidate.get("last_reported_at")
    if mention.date_basis != "publication" or last is None:
        return False
    last_day = last.date() if isinstance(last, datetime) else last
    return candidate["event_date"] <= mention.event_date and mention.event_date - last_day <= PUBLICATION_DATE_SLACK


def is_same_event(candidate: Mapping[str, Any], mention: ExtractedEvent) -> bool:
    """Could ``mention`` report the world event ``candidate`` (a proj_world_events row)?"""
    if candidate["event_type"] != mention.event_type:
        return False
    if actor_pair(candidate["event_type"], candidate["actor1_code"], candidate["actor2_code"]) != actor_pair(
        mention.event_type, mention.actor1_code, mention.actor2_code
    ):
        return False
    lo1, hi1 = date_range(candidate["event_date"], candidate["date_precision"], candidate["date_basis"],
                          candidate.get("event_date_end"), bool(candidate.get("date_open")))
    lo2, hi2 = date_range(mention.event_date, mention.date_precision, mention.date_basis, mention.event_date_end,
                          mention.date_open)
    if (hi1 < lo2 or hi2 < lo1) and not _still_in_the_news(candidate, mention):
        return False
    loc1, loc2 = candidate.get("location_code"), mention.location_code
    return not (loc1 and loc2 and loc1 != loc2)


def best_match(
    candidates: Sequence[Mapping[str, Any]], mention: ExtractedEvent
) -> Mapping[str, Any] | None:
    """The compatible candidate whose date is closest (ties: the earliest identified)."""
    compatible = [c for c in candidates if is_same_event(c, mention)]
    if not compatible:
        return None
    return min(
        compatible,
        key=lambda c: (abs((c["event_date"] - mention.event_date).days), c.get("updated_position", 0)),
    )


def weapon_classes(arms: Mapping[str, Any] | None) -> list[str]:
    """Every specific weapon class a world event's arms detail names."""
    if not arms:
        return []
    names = list(arms.get("weapon_classes") or []) or [arms.get("weapon_class")]
    return [n for n in names if n and n.lower() not in GENERIC_WEAPONS]


def confirmed_classes(arms: Mapping[str, Any] | None, claim_status: str | None) -> list[str]:
    """The weapon classes of a world event that some report has confirmed. One world event can
    hold shells confirmed by Seoul and missiles only alleged by Washington; its claim status is the
    firmest of them, so which classes stand confirmed is kept apart (``confirmed_classes``). Arms
    detail recorded before it was kept: every class when the event is confirmed, else none."""
    if not arms:
        return []
    if "confirmed_classes" in arms:
        return list(arms["confirmed_classes"] or [])
    return weapon_classes(arms) if claim_status == "confirmed" else []


_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "a few": 3, "few": 3, "several": 3, "a dozen": 12, "dozen": 12,
          "dozens": 24, "several dozen": 36, "hundreds": 200, "thousands": 2000, "millions": 2_000_000,
          "tens of thousands": 20_000, "hundreds of thousands": 200_000}
_SCALE = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000,
          "k": 1000, "m": 1_000_000, "bn": 1_000_000_000}
_HEDGES = re.compile(r"^(?:more than|over|about|around|nearly|almost|at least|up to|some|roughly|an estimated|"
                     r"approximately|as many as|fewer than|less than|close to|well over)\s+")
_NUMBER = re.compile(r"^(\d[\d,]*(?:\.\d+)?)\s*(dozen|hundred|thousand|million|billion|bn|k|m)?\b")
_WORDED = re.compile(r"^(tens of thousands|hundreds of thousands|several dozen|a few|a dozen|[a-z]+)"
                     r"(?:\s+(dozen|hundred|thousand|million|billion))?\b")


def quantity_value(text: str | None) -> float | None:
    """A stated quantity as a number ("1 million" 1e6, "more than 2,000" 2000, "thousands of" 2000,
    "dozens" 24), or None when it states none. Vague plurals count as twice their unit."""
    if not text:
        return None
    low = _HEDGES.sub("", text.strip().lower())
    m = _NUMBER.match(low)
    if m:
        value = float(m.group(1).replace(",", ""))
        return value * _SCALE.get(m.group(2) or "", 1)
    m = _WORDED.match(low)
    if m and m.group(1) in _WORDS and (m.group(2) or m.group(1) not in ("a", "an")):  # "a million", not "a crate"
        return float(_WORDS[m.group(1)] * _SCALE.get(m.group(2) or "", 1))
    return None


def refinement(current: Mapping[str, Any], mention: ExtractedEvent) -> dict[str, Any]:
    """The fields of world event ``current`` that ``mention`` (which joins it) makes more precise
    or moves on; empty when it only repeats what is known. Keys are proj_world_events columns,
    plus ``reasons``: "date", "claim status", "stage", "weapon class", "quantity"."""
    changes: dict[str, Any] = {}
    reasons: list[str] = []
    if _more_precise_date(current, mention):
        changes.update(event_date=mention.event_date, date_precision=mention.date_precision,
                       date_basis=mention.date_basis, event_date_end=mention.event_date_end,
                       date_open=mention.date_open)
        reasons.append("date")
    if CLAIM_RANK.get(mention.claim_status, 0) > CLAIM_RANK.get(current["claim_status"], 0):
        changes.update(claim_status=mention.claim_status, claimed_by=mention.claimed_by,
                       claimed_by_text=mention.claimed_by_text)
        reasons.append("claim status")
    if mention.confidence > float(current.get("confidence") or 0):
        changes["confidence"] = mention.confidence
    arms, arms_reasons = _refined_arms(current.get("arms"), mention, current["claim_status"])
    if arms_reasons:
        changes["arms"] = arms
        reasons.extend(r for r in arms_reasons if r not in reasons)
    if not reasons:
        return {}
    return {**changes, "reasons": reasons}


def _more_precise_date(current: Mapping[str, Any], mention: ExtractedEvent) -> bool:
    if mention.date_basis != "text":
        return False
    if current["date_basis"] == "publication":
        return mention.event_date <= current["event_date"]  # a stated date, no later than the report
    if current.get("date_open") or current.get("event_date_end") is not None:
        return False  # a period stays a period: a report of one of its days does not narrow it
    if mention.date_open or mention.event_date_end is not None:
        return False
    if PRECISION_RANK[mention.date_precision] <= PRECISION_RANK[current["date_precision"]]:
        return False
    lo, hi = date_range(current["event_date"], current["date_precision"], current["date_basis"])
    return lo <= mention.event_date <= hi  # "in November" -> "on 13 November"


def _refined_arms(current: Mapping[str, Any] | None, mention: ExtractedEvent,
                  claim_status: str) -> tuple[dict[str, Any], list[str]]:
    if mention.arms is None:
        return dict(current or {}), []
    new = mention.arms.to_data()
    if not current:
        new["weapon_classes"] = weapon_classes(new)
        new["confirmed_classes"] = new["weapon_classes"] if mention.claim_status == "confirmed" else []
        return new, ["arms detail"]
    arms = dict(current)
    reasons = []
    confirmed = confirmed_classes(current, claim_status)
    if mention.claim_status == "confirmed":
        # "Kyiv confirmed the missiles" on a world event whose shells were confirmed and whose
        # missiles were only alleged: the missiles firm up, though the event's status stays
        firmed = [w for w in weapon_classes(new) if w not in confirmed]
        if firmed:
            arms["confirmed_classes"] = confirmed + firmed
            reasons.append("claim status")
    if STAGE_RANK.get(new["stage"], -1) > STAGE_RANK.get(arms.get("stage") or "", -1):
        arms["stage"] = new["stage"]
        reasons.append("stage")
    known = weapon_classes(arms)
    added = [w for w in weapon_classes(new) if w not in known]
    if added:
        arms["weapon_classes"] = known + added
        if not weapon_classes({"weapon_class": arms.get("weapon_class")}):
            arms["weapon_class"] = added[0]  # "weapons" -> "artillery shells"
        reasons.append("weapon class")
    # A quantity where none was known, or a larger one ("thousands" -> "1 million").
    if new.get("quantity") and (quantity_value(new["quantity"]) or 0) > (quantity_value(arms.get("quantity")) or 0):
        arms["quantity"] = new["quantity"]
        reasons.append("quantity")
    elif new.get("quantity") and not arms.get("quantity"):
        arms["quantity"] = new["quantity"]
        reasons.append("quantity")
    for side in ("supplier", "recipient"):
        arms[side] = arms.get(side) or new.get(side)
    return arms, reasons
