"""A promise is never a delivery: coded mentions that report an arms transfer as done when their
sentence only promises, agrees or expects it are settled as planned before they join a world
event, so the delivery reported months later is the stage change it is.

Two readings of the language, applied in the coding stage to one article's mentions (a headline
in the future tense, "South Korea to sell howitzers to Poland", is the coder's: extract.coder
codes it planned):

- a promise and its content: "Poland promised to send 14 tanks to Ukraine" states one promise
  (AGREE), and the transfer it names (an AID of the same actors on the same day, from the same
  sentence) has not happened;
- a transfer governed by a word of promise, plan or expectation: "Russia's agreement to sell jets
  to Algeria", "Moscow is expected to deliver the jets", "Washington will ship the missiles", unless
  the sentence also says that something was delivered, shipped, sent or received.

Settled mentions keep their evidence; their pattern id gains "+promised", so the rule that changed
them shows in event_mentions.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from newswatch.model import ExtractedEvent

TRANSFER_TYPE = "AID"
PROMISE_TYPE = "AGREE"
_TRANSFER_VERBS = (r"send|sell|supply|deliver|ship|provide|transfer|give|hand over|hand|buy|purchase|"
                   r"export|lend|donate|equip|arm")
_GOVERNED = re.compile(
    r"\b(?:agree(?:s|d|ment)?|promis(?:e|es|ed)|pledg(?:e|es|ed)|deal|contract|plans?|planned|planning|"
    r"offer(?:s|ed)?|expected|set|due|will|would|intends?|intended|ready|vow(?:s|ed)?|commit(?:s|ted)?)"
    r"(?:\s+(?:in|on|by|last|this|next|early|late|\w+day|\w+ber|\w+ary|march|april|may|june|july|august|"
    r"\d{4}|year|month|week))*\s+to\s+(?:\w+\s+)?(?:" + _TRANSFER_VERBS + r")\b"
    r"|\bwill\s+(?:\w+\s+)?(?:" + _TRANSFER_VERBS + r")\b",
    re.IGNORECASE)
_DONE = re.compile(r"\b(?:delivered|shipped|sent|supplied|handed over|received|arrived|transferred|"
                   r"took delivery|has been supplying|have been supplying)\b", re.IGNORECASE)


def settle_promises(mentions: Sequence[ExtractedEvent]) -> list[ExtractedEvent]:
    """``mentions`` (one article's) with promised transfers made planned."""
    promises = {(m.start, m.end, m.in_title, m.actor1_code, m.actor2_code, m.event_date)
                for m in mentions if m.event_type == PROMISE_TYPE}
    out = []
    for m in mentions:
        if m.event_type == TRANSFER_TYPE and m.claim_status not in ("planned", "denied"):
            key = (m.start, m.end, m.in_title, m.actor1_code, m.actor2_code, m.event_date)
            if key in promises or (_GOVERNED.search(m.sentence) and not _DONE.search(m.sentence)):
                m = _planned(m, "promised")
        out.append(m)
    return out


def _planned(m: ExtractedEvent, why: str) -> ExtractedEvent:
    arms = dataclasses.replace(m.arms, stage="planned") if m.arms and m.event_type != PROMISE_TYPE else m.arms
    return dataclasses.replace(m, claim_status="planned", arms=arms, pattern_id=f"{m.pattern_id}+{why}")
