"""Which side of the report date a month, weekday or quarter without a year lies on, from the tense
of the verb that governs it: a heuristic over the words of its clause, no tagger (it keeps the
tagger fast, and news clauses are short and mostly simple past or future).

The nearest tense cue before the expression in its clause decides, else the nearest after it:
"will", "plans to", "as soon as", "is scheduled", "is", a plural present of a scheduled event
("the leaders meet Monday"; not "to meet", "did not meet") point forward; a past form ("said", "met",
an -ed verb not listed as an adjective nor after an article: "on a still unspecified date") points
back, and so does "since" just before the expression. A past
participle after "be" takes the tense of what precedes "be" ("will be held" ahead, a bare "be"
says nothing); a plan seen from the past ("had been scheduled to expire Friday") looks back. The
present perfect takes no definite past time, so it says nothing of a date's side ("has set Nov. 10
as the deadline"), though for the tense of its own verb it is past.
"until Saturday" and "effective Feb. 1" are ahead unless the clause is in the past perfect ("had
not called until"). A clause ends at its stop, closing quotes included; "May 16" is no modal.
"""

from __future__ import annotations

import re

from .lexicon import Lexicon

PAST, FUTURE, UNKNOWN = -1, 1, 0
_STOP = 2  # a present-tense reporting verb: stop looking, the side is unknown
_WINDOW = 10  # words either side: a cue further away is in another clause more often than not
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
# clause punctuation, but not the dot of "a.m." or "U.S." (a single letter after a dot or a space);
# a sentence ends also where closing quotes follow its stop ('inaccurate.'' The White House')
# (the lookahead on the first character lets the search skip the others at once)
_CLAUSE_END = re.compile(r"(?=[.!?;:\n\"“”()`'])(?:(?<![.\s][a-z])[.!?]['’”\"]*|[;:\n\"“”()]|``|'')\s")
_BE = frozenset(["be", "been", "being"])
_MODALS = frozenset(["will", "'ll", "shall", "would", "to", "wo", "can", "could", "may", "might", "must",
                     "should"])
_PERFECT = frozenset(["has", "have", "had", "'ve"])
# a future cue after these is a plan seen from before it ("had planned to", "had been due to"): it
# looks back; "was expected to", "were planning to" report a plan that still lies ahead
_PAST_AUX = frozenset(["had", "been"])
_REPORTING = frozenset(["says", "say", "tells", "writes", "reports", "adds", "notes"])
_PRESENT = frozenset(["is", "are", "am", "says", "remains", "remain", "stays", "holds", "begins", "starts",
                      "ends", "opens", "closes", "meets", "arrives", "leaves", "takes"])
# the plural present of verbs of scheduled events: news uses it for what lies ahead ("the leaders
# meet Monday", "talks resume Friday"), but not as an infinitive or after a negation ("failed to
# meet demand into the summer", "did not meet Monday"), nor as a noun ("went on leave Monday",
# "during his visit", "after a weak start")
_PLAN_PLURAL = frozenset(["meet", "begin", "start", "open", "resume", "arrive", "leave", "visit"])
_NOT_FINITE = frozenset(["to", "not", "did", "didn't", "never", "could", "couldn't", "can't", "cannot",
                         "a", "an", "the", "his", "her", "its", "their", "our", "my", "your", "this", "that",
                         "on", "of", "for", "at", "in", "during", "after", "before", "with", "from", "by"])
_FORWARD_PREPS = frozenset(["until", "till", "by"])
# after these an -ed word is an adjective, not a past verb ("on a still unspecified date")
_BEFORE_ADJECTIVE = frozenset(["a", "an", "the", "still", "its", "their", "his", "her", "our", "this", "these",
                               "those", "newly", "very", "more", "most", "less", "well"])


_MONTH_MAY = re.compile(r"\bmay(?=\s+\d)")


def _words(low_text: str) -> list[str]:
    """The words of lower-cased text; the month in "May 16" is not the modal "may"."""
    if "may" in low_text:
        low_text = _MONTH_MAY.sub("maymonth", low_text)
    return _WORD.findall(low_text)


def direction(text: str, start: int, end: int, lex: Lexicon) -> int:
    """PAST, FUTURE or UNKNOWN for the expression at ``text[start:end]``."""
    lo = max(0, start - 160)
    left_text = text[lo:start].lower()
    ends = [m.end() for m in _CLAUSE_END.finditer(left_text)]
    # the cue is looked for among the last _WINDOW words, but the few words before them stay in
    # view for the auxiliary a participle needs ("will be named commander ... in December")
    left = _words(left_text[ends[-1] :] if ends else left_text)[-_WINDOW - 3 :]
    right_text = text[end : end + 160].lower()
    stop = _CLAUSE_END.search(right_text)
    right = _words(right_text[: stop.start()] if stop else right_text)[:_WINDOW]
    if any(w == "since" for w in left[-4:]):
        return PAST  # "since shortly after the Oct. 23 slaying"
    before = left[-1] if left else ""
    effective = before == "effective" and (len(left) < 2 or left[-2] not in ("was", "were", "became", "been"))
    if any(w in ("until", "till") for w in left[-4:]) or effective:
        # "postponed until Tuesday", "until 9 a.m. Tuesday"; "had not called until Thursday" looks back;
        # "effective Feb. 1": the day a change takes effect, announced ahead of it ("was effective
        # Monday" is read from its verb below)
        return PAST if "had" in left or "had" in right else FUTURE
    if text[end : end + 2] in ("'s", "’s") and before not in ("next", "coming"):
        return UNKNOWN  # "Friday's talks": a noun phrase, not a verb's time
    for k in range(len(left) - 1, max(-1, len(left) - 1 - _WINDOW), -1):
        found = _cue(left, k, lex)
        if found != UNKNOWN:
            return found if found != _STOP else UNKNOWN
    for k in range(len(right)):
        found = _cue(right, k, lex)
        if found != UNKNOWN:
            return found if found != _STOP else UNKNOWN
    if before in _FORWARD_PREPS:
        return FUTURE  # "by Friday" with no verb to say otherwise
    return UNKNOWN


_FIRST_WORDS: dict[int, frozenset[str]] = {}


def _first_words(lex: Lexicon) -> frozenset[str]:
    """The first words of the multi-word future cues (computed once per lexicon)."""
    firsts = _FIRST_WORDS.get(id(lex))
    if firsts is None:
        firsts = _FIRST_WORDS[id(lex)] = frozenset(cue.split(" ")[0] for cue in lex.future_bigrams)
    return firsts


def _cue(words: list[str], k: int, lex: Lexicon, of_date: bool = True) -> int:
    """The tense word ``k`` signals: PAST, FUTURE, _STOP, or UNKNOWN (not a verb cue)."""
    low = words[k]
    if low in _first_words(lex):  # the first word of a multi-word cue: "plans to", "as soon as"
        pair = low + " " + words[k + 1] if k + 1 < len(words) else ""
        triple = pair + " " + words[k + 2] if k + 2 < len(words) else ""  # "as soon as", "no later than"
        multi = pair in lex.future_bigrams or triple in lex.future_bigrams
    else:
        multi = False
    if low in lex.future_cues or multi or low.endswith("'ll"):
        before = set(words[max(0, k - 3) : k])
        return PAST if before & _PAST_AUX else FUTURE
    if low in _PRESENT:
        return _STOP if low in _REPORTING else FUTURE
    if low in _PLAN_PLURAL:
        noun = (k > 0 and words[k - 1] in _NOT_FINITE) or (k > 1 and words[k - 2] in ("a", "an"))
        return UNKNOWN if noun else FUTURE  # "the trial is in May", "the summit begins Friday"
    past = low in lex.past_cues or (len(low) > 4 and low.endswith("ed") and low not in lex.not_past
                                    and not (k > 0 and words[k - 1] in _BEFORE_ADJECTIVE))
    if not past:
        return UNKNOWN
    for back in range(k - 1, max(-1, k - 4), -1):
        word = words[back]
        if word in _BE:
            if any(w in _MODALS for w in words[max(0, back - 3) : back]):
                return FUTURE  # "will be held", "is to be signed"
            return _STOP  # a bare "be" is not a past: say nothing
        if word in _MODALS and word != "to":
            return FUTURE  # "would have met" reads as a plan seen from the past; rare either way
        if word in _PERFECT:
            # the present perfect takes no definite past time ("has set Nov. 10 as the deadline":
            # the date is its object, not when it happened): it says nothing of a date's side,
            # though its own event is past
            return PAST if word == "had" or not of_date else _STOP
    return PAST


def verb_tense(text: str, start: int, end: int, lex: Lexicon) -> int:
    """PAST, FUTURE or UNKNOWN for the verb at ``text[start:end]`` with the few words before it
    ("attacked", "will meet", "has sent", "is expected to deliver")."""
    before = _words(text[max(0, start - 60) : start].lower())[-4:]
    words = before + _words(text[start:end].lower())[:1]
    if not words:
        return UNKNOWN
    k = len(words) - 1
    if any(w in lex.future_cues or w.endswith("'ll") for w in before) or " ".join(before[-2:]) in lex.future_bigrams:
        return FUTURE
    found = _cue(words, k, lex, of_date=False)
    return found if found in (PAST, FUTURE) else UNKNOWN
