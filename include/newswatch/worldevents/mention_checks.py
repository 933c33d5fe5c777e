"""Checks on extracted event mentions before they are projected into world events.

An extractor bug (a confidence of 1.7, a code no dictionary defines, an event dated after the
report that says it happened) must not reach an analyst's world events or alerts. A mention that
fails is recorded as EventMentionRejected on its article's stream with each failed check, and
shows in ``newswatch.rejected_mentions``; the rest go on as before.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from newswatch import events as ev
from newswatch import ontology
from newswatch.events import StreamAppend
from newswatch.model import Article, ExtractedEvent, stable_id

# The values a mention may carry, from the ontology (data/ontology.yaml, DESIGN §5).
EVENT_TYPES = frozenset(ontology.shipped().event_types)
CLAIM_STATUSES = frozenset(ontology.shipped().claim_statuses)
DATE_PRECISIONS = frozenset(ontology.shipped().date_precisions)
DATE_BASES = ontology.shipped().date_bases
TRANSFER_STAGES = frozenset(ontology.shipped().transfer_stages)


@dataclass(frozen=True, slots=True)
class MentionFailure:
    check: str  # fixed name, e.g. "confidence_in_range"
    observed: str
    label: str


def known_actor_codes() -> frozenset[str]:
    """Every code the dictionaries (shipped and analysts') can assign, and every ISO state."""
    from newswatch.extract.coder import compiled_coder
    from newswatch.extract.dictionaries import extra_files_signature

    return _iso_states() | compiled_coder(extra_files_signature()).gazetteer.codes


@lru_cache(maxsize=1)
def _iso_states() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.countries)


def check_mention(m: ExtractedEvent, report_date: date, codes: frozenset[str]) -> tuple[MentionFailure, ...]:
    """Every check ``m`` fails (empty when it may be projected). Pure."""
    failures = []

    def fail(check: str, observed: object, label: str) -> None:
        failures.append(MentionFailure(check, str(observed), label))

    if not 0.0 <= m.confidence <= 1.0:
        fail("confidence_in_range", m.confidence, "confidence is between 0 and 1")
    if m.event_type not in EVENT_TYPES:
        fail("event_type_known", m.event_type, "event type is a PLOVER type")
    for role, code in (("actor1_code", m.actor1_code), ("actor2_code", m.actor2_code),
                       ("claimed_by", m.claimed_by), ("location_code", m.location_code)):
        if code is not None and code not in codes:
            fail(f"{role}_known", code, f"{role} is a code the dictionaries define")
    if not m.actor1_code:
        fail("actor1_code_known", "missing", "actor1_code is a code the dictionaries define")
    if m.claim_status not in CLAIM_STATUSES:
        fail("claim_status_known", m.claim_status, "claim status is reported/alleged/confirmed/denied/planned")
    if m.date_precision not in DATE_PRECISIONS:
        fail("date_precision_known", m.date_precision, "date precision is day, month or year")
    if m.date_basis not in DATE_BASES:
        fail("date_basis_known", m.date_basis, "date basis is text, context or publication")
    if m.event_date_end is not None and m.event_date_end < m.event_date:
        fail("period_ordered", f"{m.event_date.isoformat()}..{m.event_date_end.isoformat()}",
             "a stated period ends on or after its first day")
    if m.arms is not None and m.arms.stage not in TRANSFER_STAGES:
        fail("transfer_stage_known", m.arms.stage, "arms-transfer stage is planned/agreed/delivered/suspected")
    # A month- or year-precise date is the first day of its period, never after the report in
    # its own terms; a day after the report is a planned event or an extraction error.
    if m.event_date > report_date and m.claim_status != "planned":
        fail("not_after_report", f"{m.event_date.isoformat()} > {report_date.isoformat()}",
             "event date is not after the report date unless the claim is planned")
    if not (0 <= m.start <= m.end):
        fail("offsets_valid", f"{m.start}..{m.end}", "sentence offsets are ordered")
    return tuple(failures)


def split_valid_mentions(
    mentions: Sequence[ExtractedEvent], article: Article, meta: Mapping[str, Any]
) -> tuple[list[ExtractedEvent], list[StreamAppend]]:
    """The mentions that pass, and an EventMentionRejected append for each one that does not
    (keyed by article, extractor version, offsets and type: a retry appends nothing)."""
    if not mentions:
        return [], []
    codes = known_actor_codes()
    report_date = article.reported_at.date()
    valid, rejected = [], []
    for m in mentions:
        failures = check_mention(m, report_date, codes)
        if not failures:
            valid.append(m)
            continue
        mention_id = stable_id("mention-rejected", article.article_id, m.extractor_version, m.start, m.end,
                               m.event_type, m.actor1_code, m.actor2_code, m.pattern_id,
                               *(["title"] if m.in_title else []))
        event = ev.EventMentionRejected(
            mention_id=mention_id, article_id=article.article_id,
            failures=[dataclasses.asdict(f) for f in failures],
            mention={**dataclasses.asdict(m), "contexts": list(m.contexts)},
        ).recorded(mention_id, metadata=meta)
        rejected.append(StreamAppend(ev.article_stream(article.article_id), [event]))
    return valid, rejected
