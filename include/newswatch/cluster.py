"""World-event identity: which coded mentions describe the same real-world event.

Mentions join one world event when they share the event type and the actors in the same
direction (either order for symmetric types such as CONSULT), their dates are compatible given
each one's precision, and their stated locations do not disagree.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from newswatch.model import ExtractedEvent

SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE"})
# A date that fell back to the report's date says "on or before this day"; allow this much slack.
PUBLICATION_DATE_SLACK = timedelta(days=14)


def date_range(event_date: date, precision: str, basis: str) -> tuple[date, date]:
    """The interval of days an event date can stand for."""
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


def is_same_event(candidate: Mapping[str, Any], mention: ExtractedEvent) -> bool:
    """Could ``mention`` report the world event ``candidate`` (a proj_world_events row)?"""
    if candidate["event_type"] != mention.event_type:
        return False
    if actor_pair(candidate["event_type"], candidate["actor1_code"], candidate["actor2_code"]) != actor_pair(
        mention.event_type, mention.actor1_code, mention.actor2_code
    ):
        return False
    lo1, hi1 = date_range(candidate["event_date"], candidate["date_precision"], candidate["date_basis"])
    lo2, hi2 = date_range(mention.event_date, mention.date_precision, mention.date_basis)
    if hi1 < lo2 or hi2 < lo1:
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
