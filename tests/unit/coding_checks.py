"""What the coder tests read of extract_events' output: (type, source, target, claim status) per
event, for sentences written for the tests and dated on one report day."""

import datetime as dt

from newswatch.extract import extract_events

PUBLISHED = dt.date(2023, 11, 8)
FACTS = ("reported", "confirmed", "alleged")


def coded(text: str) -> list[tuple]:
    return [(e.event_type, e.actor1_code, e.actor2_code, e.claim_status) for e in extract_events(text, PUBLISHED)]


def types(text: str) -> set[str]:
    return {c[0] for c in coded(text)}
