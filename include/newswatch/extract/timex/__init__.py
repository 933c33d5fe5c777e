"""Temporal expressions: every TimeML TIMEX3 type (DATE, TIME, DURATION, SET) with its TimeML value,
anchored on the report date.

"September 13" -> 2023-09-13, "late last July" -> 2023-07, "the past two years" -> P2Y, "every
morning" -> XXXX-XX-XXTMO, "recent weeks" -> PAST_REF, "the third quarter" -> 2023-Q3. How:
tokens.py gives each token a class letter, grammar.py finds the expressions as patterns over those
letters, resolve.py (calendar dates, days, times) and relative.py (what counts from an anchor:
"last year", "a year earlier", durations, quarters, vague references, sets) give them values;
tense.py says which side of the report date a yearless month or weekday lies on. The words are
data: ``newswatch/data/extract/timex.yaml``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from .grammar import candidates
from .lexicon import lexicon
from .resolve import Resolver
from .tokens import tokenize

__all__ = ["Timex", "find_timexes", "shifted"]


@dataclass(frozen=True, slots=True)
class Timex:
    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str  # TimeML value: 2023-09-13, 2023-09, 2019, 2023-W44, 2023-Q3, P2W, PAST_REF, 2023-11-06TMO
    precision: str | None  # day | month | year; None for weeks, quarters, seasons, decades, durations, sets
    date: dt.date | None  # the first day it names; None when it names no calendar period
    # "year": a day or month stated without a year, "week": a bare weekday; their side of the report
    # date was read from the tense and the coder may move them (a planned event lies ahead)
    shiftable: str | None = None
    last_day: dt.date | None = None  # the last day of the period it names ("2019" -> 2019-12-31)
    mod: str | None = None  # TimeML mod: START, END, MID, APPROX, LESS_THAN, MORE_THAN, ...


def find_timexes(text: str, published: dt.date) -> list[Timex]:
    """Every temporal expression in ``text``, left to right, resolved against ``published``."""
    if isinstance(published, dt.datetime):
        published = published.date()
    lex = lexicon()
    tokens = tokenize(text, lex)
    resolver = Resolver(text, tokens, published, lex)
    out: list[Timex] = []
    for match in candidates(tokens, lex):
        for f in resolver.resolve(match):
            start, end = tokens[f.i].start, tokens[f.j - 1].end
            if text[start].isupper() and _in_a_name(text, start, end):
                continue
            p = f.point
            out.append(Timex(start, end, text[start:end], f.type, f.value,
                             p.precision if p is not None and f.type != "DURATION" else None,
                             p.start if p is not None else None, f.shiftable,
                             f.last or (p.last_day if p is not None else None), f.mod))
    return out


# Time words that are common nouns or adverbs: written with capitals inside a sentence they are a
# name's ("ABC's \"This Week\"", "USA Today", "the Tonight Show"), which TimeML leaves unmarked.
_NAME_WORDS = frozenset(["this", "last", "next", "past", "coming", "today", "tonight", "tomorrow", "yesterday",
                         "now", "day", "week", "weekend", "month", "year", "morning", "afternoon", "evening",
                         "night", "decade", "century", "quarter"])
_LETTERS = re.compile(r"[A-Za-z]+")
_CLAUSE_STOP = re.compile(r"[.!?\n]")


def _in_a_name(text: str, start: int, end: int) -> bool:
    """Whether the capitalised expression at ``text[start:end]`` is part of a name: every word a time
    word with a capital, and either more than one word ("This Week": prose writes "this week" even
    at a sentence's start) or one after a word ("VOA Today", "the Tonight Show") or alone in quotes
    ('NBC's "Today" show'); not in a headline written in title case (no lower-case word of four
    letters or more in its sentence)."""
    words = _LETTERS.findall(text[start:end])
    if not words or any(not w[0].isupper() or w.lower() not in _NAME_WORDS for w in words):
        return False
    if len(words) == 1:
        before = text[max(0, start - 40) : start].rstrip()
        quoted = before[-1:] in ("\"", "`", "'", "“") and text[end : end + 1] in ("\"", "'", "”")
        if not (before[-1:].isalpha() or quoted):
            return False  # a sentence's or a quotation's first word
    left = text[max(0, start - 150) : start]
    stops = [m.end() for m in _CLAUSE_STOP.finditer(left)]
    right = text[end : end + 150]
    stop = _CLAUSE_STOP.search(right)
    around = _LETTERS.findall(left[stops[-1] if stops else 0 :]) + _LETTERS.findall(right[: stop.start() if stop else None])
    return any(len(w) >= 4 and w[0].islower() for w in around)


def shifted(t: Timex, future: bool, pub: dt.date) -> Timex:
    """``t`` moved across the publication date when the clause says it lies on the other side."""
    if t.shiftable is None or t.date is None:
        return t
    if (t.date >= pub) if future else (t.date <= pub):
        return t  # already on the right side; the publication day itself is on both
    if t.shiftable == "week":
        day = t.date + dt.timedelta(days=7 if future else -7)
        suffix = t.value[10:]  # keep a time of day ("T" + "MO")
        return replace(t, value=day.isoformat() + suffix, date=day, last_day=day)
    year = t.date.year + (1 if future else -1)

    def moved(d: dt.date | None) -> dt.date | None:
        if d is None:
            return None
        try:
            return d.replace(year=d.year + (year - t.date.year))
        except ValueError:  # 29 February
            return d.replace(year=d.year + (year - t.date.year), day=28)

    return replace(t, value=f"{year:04d}" + t.value[4:], date=moved(t.date), last_day=moved(t.last_day))
