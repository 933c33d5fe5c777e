"""Which side of the report date a month, weekday or quarter without a year lies on, from the tense
of the verb that governs it: a heuristic over the clause's words, no tagger (it keeps the tagger
fast, and news clauses are short and mostly simple past or future).

The nearest tense cue before the expression in its clause decides, else the nearest after it:
"will", "plans to", "is scheduled", "until" point forward; a past form ("said", "met", an -ed
verb not listed as an adjective), "since", "ago" point back. A past participle after "be" takes
the tense of what precedes "be" ("will be held", "was held").
"""

from __future__ import annotations

from .lexicon import Lexicon
from .tokens import Token

PAST, FUTURE, UNKNOWN = -1, 1, 0
_WINDOW = 10  # tokens either side: a cue further away is in another clause more often than not
_BE = frozenset(["be", "been", "being"])
_MODALS = frozenset(["will", "'ll", "shall", "would", "to", "going to", "wo", "can", "could", "may", "might",
                     "must", "should"])
_PERFECT = frozenset(["has", "have", "had", "'ve"])
_PAST_AUX = frozenset(["had", "was", "were", "been"])
_REPORTING = frozenset(["says", "say", "tells", "writes", "reports", "adds", "notes"])
_PRESENT = frozenset(["is", "are", "am", "says", "remains", "remain", "stays", "holds", "begins", "starts",
                      "ends", "opens", "closes", "meets", "arrives", "leaves", "takes"])
# Prepositions right before the expression that fix its side whatever the verb.
_FORWARD_PREPS = frozenset(["until", "till", "by"])
_BACKWARD_PREPS = frozenset(["since"])


def direction(tokens: list[Token], i: int, j: int, lex: Lexicon) -> int:
    """PAST, FUTURE or UNKNOWN for the expression spanning tokens ``i``..``j`` (exclusive)."""
    before = tokens[i - 1].low if i > 0 else ""
    if any(tokens[k].low in _BACKWARD_PREPS for k in range(max(0, i - 4), i)):
        return PAST  # "since shortly after the Oct. 23 slaying"
    if before in ("until", "till"):  # "postponed until Tuesday"; "had not called until Thursday" looks back
        clause = range(max(0, i - _WINDOW), min(len(tokens), j + _WINDOW))
        return PAST if any(tokens[k].low in ("had", "hadn't") for k in clause) else FUTURE
    if j < len(tokens) and tokens[j].code == "'" and before not in ("next", "coming"):
        return UNKNOWN  # "Friday's talks": a noun phrase, not a verb's time
    for k in range(i - 1, max(-1, i - 1 - _WINDOW), -1):
        if tokens[k].code == ".":
            break
        found = _cue(tokens, k, lex)
        if found != UNKNOWN:
            return found if found != 2 else UNKNOWN
    for k in range(j, min(len(tokens), j + _WINDOW)):
        if tokens[k].code == ".":
            break
        found = _cue(tokens, k, lex)
        if found != UNKNOWN:
            return found if found != 2 else UNKNOWN
    if before in _FORWARD_PREPS:
        return FUTURE  # "until Saturday" with no verb to say otherwise
    return UNKNOWN


def _cue(tokens: list[Token], k: int, lex: Lexicon) -> int:
    """The tense token ``k`` signals: PAST, FUTURE, 2 (a present-tense verb: stop looking, unknown),
    or UNKNOWN (not a verb cue)."""
    low = tokens[k].low
    if low in lex.future_cues:
        # "planned to leave on Thursday"; but "had been scheduled to expire Friday" looks back
        before = {tokens[b].low for b in range(max(0, k - 3), k)}
        return PAST if before & _PAST_AUX else FUTURE
    if low in _PRESENT:
        return 2 if low in _REPORTING else FUTURE  # "the trial is in May", "the summit begins Friday"
    past = low in lex.past_cues or (len(low) > 4 and low.endswith("ed") and low not in lex.not_past)
    if not past:
        return UNKNOWN
    for back in range(k - 1, max(-1, k - 4), -1):
        word = tokens[back].low
        if word in _BE:
            for further in range(back - 1, max(-1, back - 4), -1):
                if tokens[further].low in _MODALS:
                    return FUTURE  # "will be held", "is to be signed"
            return 2  # a bare "be" is not a past: say nothing
        if word in _MODALS and word != "to":
            return FUTURE  # "would have met" reads as a plan seen from the past; rare either way
        if word in _PERFECT:
            return PAST
    return PAST

