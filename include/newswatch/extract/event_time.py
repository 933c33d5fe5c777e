"""When a coded event happened, as the text means it: a day, a month or a year, a stated period
("between March and May", "for the past three years"), or an ongoing one ("since August").

The date comes from the event's own clause (the calendar expression nearest its trigger), else from
the sentence before when the reference is clear (see ``_context``), else it is the report date.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .sentences import Sentence, article_sentences
from .timex import Timex, shifted
from .timex.calendar import add_months
from .timex.lexicon import lexicon
from .timex.tense import FUTURE, PAST, verb_tense

TEXT, CONTEXT, PUBLICATION = "text", "context", "publication"

# "since August", "since the 2021 coup", "since early 2022": the start of an ongoing period
_SINCE = re.compile(r"\b(?:since|ever since)\s+(?:(?:the|a|an|its|their|his|her|late|early|mid)\s+)?$", re.I)
# "between March and May", "from 2019 to 2021", "March to May", "March-May": the connector between two dates
_RANGE_OPEN = re.compile(r"\b(?:between|from)\s+(?:(?:the|late|early|mid)\s+)?$", re.I)
_RANGE_JOIN = re.compile(r"^\s*(?:and|to|until|till|through|thru|-|–|—)\s*(?:(?:the|late|early|mid)\s+)?$", re.I)
# "for the past three years", "over the last two months", "in the past decade": a stretch up to the report
_UP_TO_NOW = re.compile(r"\b(?:for|over|during|in|throughout|within)\s+$", re.I)
_PERFECT = re.compile(r"\b(?:has|have|'ve|had)\s+(?:\w+\s+){0,2}?(?:been\s+)?\w+(?:ed|en|wn|t)\b", re.I)
_DURATION = re.compile(r"^P(?:T?)(\d+(?:\.\d+)?)(Y|M|W|D|H)$")
# Words that carry a reference back to the sentence before ("it", "the shipment").
_LINKS = frozenset("it its they their them he she his her this these those".split())
_STOP = frozenset("""the a an and or but of to in on at for with from by as that this these those its their
said says say told also which who whom whose what when where while after before since into over
about against between during than then there they them it he she his her was were has have had will
would could been being are is not officials official""".split())


@dataclass(frozen=True, slots=True)
class EventTime:
    start: dt.date
    end: dt.date | None  # inclusive last day of a stated period; None for a point at ``precision``
    open_end: bool  # an ongoing period ("since August"): it has not ended
    precision: str  # day | month | year
    basis: str  # text | context | publication
    text: str | None  # the expression(s) it was read from


def event_time(sentence: Sentence, clause_span: tuple[int, int], trigger_position: int,
               timexes: Sequence[Timex], published: dt.date, tense: str | None = None,
               text: str | None = None) -> EventTime:
    """The date or period of the event whose trigger is at ``trigger_position`` (offsets into the
    article ``text``), stated in ``clause_span`` of ``sentence``. ``timexes``: the article's, in
    text order. ``tense="future"`` (a planned event) moves a yearless date the tagger placed in the
    past to the coming occurrence; a yearless date of an event told in the past tense ("attacked
    on December 20") is the last occurrence."""
    if isinstance(published, dt.datetime):
        published = published.date()
    text = text if text is not None else _sentence_text(sentence)
    if tense is None:
        side = verb_tense(text, trigger_position, trigger_position + 40, lexicon())
        tense = "future" if side == FUTURE else "past" if side == PAST else None
    lo, hi = clause_span
    own = [t for t in timexes if lo <= t.start and t.end <= hi]
    found = _own(own, trigger_position, text, published, tense)
    if found is not None:
        return found
    found = _context(sentence, own, timexes, text, published, tense)
    if found is not None:
        return found
    return EventTime(published, None, False, "day", PUBLICATION, None)


def _sentence_text(sentence: Sentence) -> str:
    """A stand-in article text holding just ``sentence`` at its offsets."""
    return " " * sentence.start + sentence.text


def _own(own: list[Timex], anchor: int, text: str, published: dt.date, tense: str | None) -> EventTime | None:
    calendar = [t for t in own if t.date is not None]
    if calendar:
        best = min(calendar, key=lambda t: (t.start - anchor) if t.start >= anchor else (anchor - t.end) + 0.5)
        return _from_timex(best, calendar, text, published, tense, TEXT)
    for t in own:  # no calendar date: a stretch up to the report ("for the past three years")
        try:
            found = _stretch(t, text, published, tense)
        except (ValueError, OverflowError):
            continue  # a stretch reaching off the calendar ("for the past 5,000 years")
        if found is not None:
            return found
    return None


def _from_timex(best: Timex, calendar: list[Timex], text: str, published: dt.date, tense: str | None,
                basis: str) -> EventTime:
    if tense in ("future", "past"):
        best = shifted(best, tense == "future", published)
    outer = next((t for t in calendar if t.type == "DURATION" and t.start <= best.start and best.end <= t.end
                  and t is not best), None)
    if outer is not None:  # "from 2009 to 2011": the stretch, not one of its years
        best = outer
    if best.type == "DURATION" and best.last_day is not None:
        return EventTime(best.date, best.last_day, False, best.precision or "year", basis, best.text)
    before = text[max(0, best.start - 40) : best.start]
    since = _SINCE.search(before)
    if since is not None:
        return EventTime(best.date, None, True, _precision(best), basis,
                         text[best.start - len(before) + since.start() : best.end])
    pair = _range(best, calendar, text)
    if pair is not None:
        first, last = pair
        return EventTime(first.date, last.last_day, False, _precision(first), basis,
                         text[first.start : last.end])
    end = None if best.precision is not None else best.last_day
    return EventTime(best.date, end, False, _precision(best), basis, best.text)


def _precision(t: Timex) -> str:
    """day/month/year; a week is read at day precision (its days are stated by ``end``), a
    quarter or season at month, a decade or century at year."""
    if t.precision is not None:
        return t.precision
    if t.value[:4].isdigit() and "-W" in t.value:
        return "day"
    if len(t.value) <= 3 and t.value.isdigit():
        return "year"
    return "month"


def _range(t: Timex, calendar: list[Timex], text: str) -> tuple[Timex, Timex] | None:
    """``t`` and its partner when two dates are joined as a range ("between March and May")."""
    for a, b in zip(calendar, calendar[1:]):
        if t is not a and t is not b:
            continue
        if a.date is None or b.date is None or b.date < a.date:
            continue
        between = text[a.end : b.start]
        opener = text[max(0, a.start - 20) : a.start]
        if _RANGE_JOIN.match(between) and (between.strip() in ("-", "–", "—", "to", "until", "through")
                                          or _RANGE_OPEN.search(opener)):
            return a, b
    return None


def _stretch(t: Timex, text: str, published: dt.date, tense: str | None) -> EventTime | None:
    """A duration that ends at the report ("for the past three years", "has fought for two
    years") or starts at it ("will be deployed for six months") as a period."""
    m = _DURATION.match(t.value)
    if t.type != "DURATION" or m is None:
        return None
    n, unit = float(m.group(1)), m.group(2)
    if "T" in t.value:
        return None  # hours and minutes: a point at day precision says as much
    before = text[max(0, t.start - 12) : t.start]
    sentence_before = text[max(0, t.start - 120) : t.start]
    up_to_now = bool(re.search(r"\b(?:past|last)\b", t.text, re.I)) or bool(_PERFECT.search(sentence_before))
    if not _UP_TO_NOW.search(before):
        return None
    months = {"Y": 12 * n, "M": n}.get(unit)
    days = {"W": 7 * n, "D": n}.get(unit)
    precision = "year" if unit == "Y" and n == int(n) else "month" if unit in ("Y", "M") else "day"
    if tense == "future" and not up_to_now:
        end = add_months(published, int(months)) if months else published + dt.timedelta(days=int(days))
        return EventTime(published, end - dt.timedelta(days=1), False, "day", TEXT, t.text)
    if not up_to_now:
        return None  # "fought for three years" (in the past): when is not said
    start = add_months(published, -int(months)) if months else published - dt.timedelta(days=int(days))
    if precision == "year":
        start, precision = start.replace(day=1), "month"
    elif precision == "month":
        start = start.replace(day=1)
    return EventTime(start, published, False, precision, TEXT, t.text)


def _context(sentence: Sentence, own: list[Timex], timexes: Sequence[Timex], text: str, published: dt.date,
             tense: str | None) -> EventTime | None:
    """The date of the sentence before, when the reference to it is clear:
    - the event's own sentence states no time at all (not even "now" or "for weeks");
    - the sentence before is in the same paragraph and states exactly one calendar date
      (a range counts as one), and it is not a plan (the event is not planned either);
    - the event's sentence points back at it: a pronoun ("it", "they", "the same") or a noun
      the sentence before used, after "the" ("The shipment arrived on 3 March. Officials said
      the shipment carried shells.").
    """
    if tense == "future" or any(sentence.start <= t.start < sentence.end for t in timexes):
        return None
    if not any(t.date is not None and sentence.start - 800 <= t.start < sentence.start for t in timexes):
        return None  # no date just before: nothing to refer to (and no need to find the sentence)
    previous = _previous_sentence(sentence, text)
    if previous is None:
        return None
    theirs = [t for t in timexes if previous.start <= t.start and t.end <= previous.end]
    calendar = [t for t in theirs if t.date is not None]
    if not calendar or len(theirs) != len(calendar):
        return None
    ranges = [t for t in calendar if t.type == "DURATION"]
    points = [t for t in calendar if t.type != "DURATION" and not any(r.start <= t.start and t.end <= r.end
                                                                      for r in ranges)]
    if len(ranges) + len(points) != 1 or (points and points[0].date > published):
        return None
    if not _points_back(sentence.text, previous.text):
        return None
    return _from_timex((ranges or points)[0], calendar, text, published, None, CONTEXT)


def _previous_sentence(sentence: Sentence, text: str) -> Sentence | None:
    sentences = article_sentences(text)  # the layout's split, cached
    k = bisect.bisect_left(sentences, sentence.start, key=lambda s: s.start)
    if k == 0:
        return None
    last = sentences[k - 1]
    if last.end > sentence.start or _PARAGRAPH.search(text, last.end, sentence.start):
        return None  # not the sentence before in the article's own split, or another paragraph
    return last


_WORDS = re.compile(r"[A-Za-z][A-Za-z'-]+")
_PARAGRAPH = re.compile(r"\n\s*\n")


def _points_back(current: str, previous: str) -> bool:
    words = [w.lower() for w in _WORDS.findall(current)]
    if any(w in _LINKS for w in words):
        return True
    before = {w.lower() for w in _WORDS.findall(previous)}
    return any(a == "the" and b not in _STOP and len(b) > 3 and b in before for a, b in zip(words, words[1:]))
