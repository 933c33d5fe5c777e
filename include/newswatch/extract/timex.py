"""Temporal expressions (TimeML TIMEX3 types and values) normalized against the publication date.

"September 13" -> 2023-09-13, "last week" -> 2023-W44, "two weeks" -> P2W, "recently" -> PAST_REF.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_WEEKDAYS = {d: i for i, d in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100, "several": None, "a few": None, "few": None, "some": None, "many": None,
}
_UNIT = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE", "hour": "H", "minute": "MIN", "quarter": "Q"}
_TOD = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}

_MON = r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_FULLMON = r"(?P<mon>January|February|March|April|June|July|August|September|October|November|December)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_NUM = r"(?P<num>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|hundred|several|a few|few|some|many)"
_UNITS = r"(?P<unit>day|week|month|year|decade|hour|minute)s?"
_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_I = re.IGNORECASE

def _after(words: str) -> str:
    """A leading word (either capitalization) that must precede the expression; not part of it."""
    forms = [f for w in words.split() for f in (w, w.capitalize())]
    return r"\b(?:" + "|".join(forms) + r")\s+"


# (kind, regex) in priority order; a longer match always beats a shorter overlapping one.
_RULES: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    ("mdy", re.compile(rf"\b{_MON}\s+{_DAY}(?:,?\s+{_YEAR})?\b(?!\s*(?:[-–]|%|\d))")),
    ("dmy", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR})?\b")),
    ("my", re.compile(rf"\b(?:(?P<mod>early|mid|late|mid-)[\s-]?)?{_MON},?\s+{_YEAR}\b")),
    ("m", re.compile(rf"{_after('in since during until by from through this last next early late')}(?P<t>{_FULLMON}|(?P<may>May))\b")),
    # a full month name alone ("as of February"); "May" and "March" also are a modal and a verb
    ("m_bare", re.compile(r"\b(?P<mon>January|February|April|June|July|August|September|October|November|December)\b(?!\s*\d)")),
    ("mdy_num", re.compile(r"\b(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])/(?P<y>\d\d|(?:19|20)\d\d)\b")),
    ("clock", re.compile(r"\b(?P<h>[01]?\d|2[0-3]):(?P<min>[0-5]\d)(?:\s*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b))?(?:\s*(?P<utc>UTC|GMT)\b)?")),
    ("decade", re.compile(r"\b(?:the\s+)?(?P<dec>(?:19|20)\d)0s\b")),
    # a year closing a line or a clause ("WWDC 2005", "... in the spring of 2010.")
    ("year_end", re.compile(r"(?<![\d,.$£€-])\b(?P<year>19[5-9]\d|20[0-4]\d)\b(?=[ \t]*(?:$|\n|[.;:!?)]))", re.MULTILINE)),
    ("year", re.compile(rf"{_after('in since during until by before after from through of the a to and for between')}(?P<t>(?:(?P<mod>early|mid|late)[\s-])?{_YEAR})\b(?![-–/,.]?\d)(?![-–])(?!\s*(?:%|percent|people|troops|soldiers|km|kilometres|kilometers|miles|tons|tonnes|shells|rounds))")),
    ("ago", re.compile(rf"\b{_NUM}\s+{_UNITS}\s+ago\b", _I)),
    ("rel_unit", re.compile(r"\b(?:(?P<pre>earlier|later|late|early)\s+)?(?P<which>this|last|next|past|previous|coming)\s+(?P<unit>week|month|year|decade|quarter)\b(?!s)", _I)),
    ("weekend", re.compile(r"\b(?P<which>this|last|next|the)\s+weekend\b", _I)),
    ("vague_years", re.compile(r"\b(?:over|in|for)\s+the\s+(?P<t>years|decades)\b|\b(?P<t2>decades|years)-long\b", _I)),
    ("weekday", re.compile(rf"\b(?:(?P<which>[Ll]ast|[Nn]ext|[Tt]his|early|late)\s+)?{_WD}(?:\s+(?P<tod>morning|afternoon|evening|night))?\b")),
    ("dayword", re.compile(r"\b(?P<word>yesterday|today|tomorrow|tonight|last night|this morning|this afternoon|this evening)\b", _I)),
    ("past_ref", re.compile(r"\b(?:recently|lately|previously|in the past(?!\s+(?:few\s+|several\s+)?(?:\w+\s+)?(?:days?|weeks?|months?|years?|decades?)\b)|in recent (?:days|weeks|months|years)|in the past few (?:days|weeks|months|years))\b(?!\s+\d)", _I)),
    ("future_ref", re.compile(r"\b(?:in the future|in the coming (?:days|weeks|months|years)|in the near future)\b", _I)),
    ("present_ref", re.compile(r"\b(?:currently|at present|nowadays|right now|now)\b(?!\s+that)", _I)),
    ("set", re.compile(rf"\b(?:(?:every|each)\s+(?:(?P<unit>day|week|month|year)|{_WD})|(?P<adv>daily|weekly|monthly|annually|yearly|annual))\b", _I)),
    ("duration", re.compile(rf"\b{_NUM}[\s-]+{_UNITS}\b", _I)),
]
_UNIT_WORDS = ("day", "week", "month", "year", "decade", "hour", "minute")
_NEEDLES = {
    "iso": ("-",),
    "decade": ("0s",),
    "ago": (" ago",),
    "rel_unit": ("week", "month", "year", "decade", "quarter"),
    "weekend": ("weekend",),
    "vague_years": ("years", "decades"),
    "mdy_num": ("/",),
    "clock": (":",),
    "weekday": ("day",),
    "dayword": ("yesterday", "today", "tomorrow", "tonight", "last night", "this morning", "this afternoon", "this evening"),
    "past_ref": ("recent", "lately", "previously", "in the past"),
    "future_ref": ("in the future", "in the coming", "in the near future"),
    "present_ref": ("currently", "at present", "nowadays", "now"),
    "set": ("every", "each", "daily", "weekly", "monthly", "annual", "yearly"),
    "duration": _UNIT_WORDS,
}
_RULE_NAMES = {"past_ref": "PAST_REF", "future_ref": "FUTURE_REF", "present_ref": "PRESENT_REF"}


@dataclass(frozen=True, slots=True)
class Timex:
    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str  # TimeML value: 2023-09-13, 2023-09, 2019, 2023-W44, P2W, PAST_REF, 2023-11-06TMO
    precision: str | None  # day | month | year; None for weeks, durations, sets and vague references
    date: dt.date | None  # the resolved (first) day, None when it has no calendar position
    # "year": a day or month stated without a year, "week": a bare weekday; the coder may move it
    # to the other side of the publication date when the clause is about the future (or the past)
    shiftable: str | None = None


def find_timexes(text: str, published: dt.date) -> list[Timex]:
    """Every temporal expression in ``text``, left to right, resolved against ``published``."""
    if isinstance(published, dt.datetime):
        published = published.date()
    found: list[Timex] = []
    low = text.lower()
    for kind, rx in _RULES:
        needles = _NEEDLES.get(kind)
        if needles and not any(n in low for n in needles):
            continue  # most rules need a word most articles lack; skip the scan
        for m in rx.finditer(text):
            timex = _resolve(kind, m, published)
            if timex is not None:
                found.append(timex)
    found.sort(key=lambda t: (t.start, t.start - t.end))
    out: list[Timex] = []
    for t in found:
        if out and t.start < out[-1].end:
            if t.end - t.start > out[-1].end - out[-1].start:
                out[-1] = t
            continue
        out.append(t)
    return out


def _resolve(kind: str, m: re.Match, pub: dt.date) -> Timex | None:
    g = m.groupdict()
    span = "t" if g.get("t") else 0  # rules with a leading word ("in 2019") keep only the expression
    make = lambda typ, value, precision, date: Timex(m.start(span), m.end(span), m.group(span), typ, value, precision, date)  # noqa: E731
    if kind == "iso":
        return _day(make, int(g["year"]), int(g["m"]), int(g["d"]))
    if kind in ("mdy", "dmy"):
        month = _MONTHS[g["mon"].lower()]
        day = int(g["day"])
        if g.get("year"):
            return _day(make, int(g["year"]), month, day)
        t = _day(make, _nearest_year(pub, month, day), month, day)
        return replace(t, shiftable="year") if t else None
    if kind == "my":
        return make("DATE", f"{int(g['year']):04d}-{_MONTHS[g['mon'].lower()]:02d}", "month",
                    dt.date(int(g["year"]), _MONTHS[g["mon"].lower()], 1))
    if kind == "m":
        month = _MONTHS[(g["mon"] or g["may"]).lower()]
        before = m.string[max(0, m.start("t") - 5) : m.start("t")].lower()
        year = pub.year
        if before.endswith("last "):
            year = pub.year if month < pub.month else pub.year - 1
        elif before.endswith("next "):
            year = pub.year if month > pub.month else pub.year + 1
        elif not before.endswith("this "):
            year = _nearest_year(pub, month, 15)
            return replace(_month(make, year, month), shiftable="year")
        return _month(make, year, month)
    if kind == "m_bare":
        month = _MONTHS[g["mon"].lower()]
        return replace(_month(make, _nearest_year(pub, month, 15), month), shiftable="year")
    if kind == "mdy_num":  # US order, as US wire copy writes it ("7/8/07")
        year = int(g["y"]) + (2000 if len(g["y"]) == 2 else 0)
        return _day(make, year, int(g["m"]), int(g["d"]))
    if kind == "clock":
        hour = int(g["h"])
        if g.get("ampm") and g["ampm"].lower().startswith("p") and hour < 12:
            hour += 12
        if not (g.get("ampm") or g.get("utc")) and len(g["h"]) < 2:
            return None  # "3:1" scores and ratios are not times
        zone = "Z" if g.get("utc") else ""
        return make("TIME", f"{pub.isoformat()}T{hour:02d}:{g['min']}{zone}", "day", pub)
    if kind == "weekend":
        which = g["which"].lower()
        step = {"last": -1, "next": 1}.get(which, 0)
        year, week, _ = (pub + dt.timedelta(weeks=step)).isocalendar()
        return make("DATE", f"{year:04d}-W{week:02d}-WE", None, None)
    if kind == "vague_years":
        span = "t" if g.get("t") else "t2"
        return Timex(m.start(span), m.end(span), m.group(span), "DURATION", "PXY" if "year" in m.group(span).lower() else "PXDE", None, None)
    if kind in ("year", "year_start", "year_end"):
        year = int(g["year"])
        return make("DATE", f"{year:04d}", "year", dt.date(year, 1, 1))
    if kind == "decade":
        return make("DATE", g["dec"], None, None)
    if kind == "ago":
        n = _number(g["num"])
        unit = g["unit"].lower()
        if n is None:
            return make("DATE", "PAST_REF", None, None)
        return _shift(make, pub, unit, -n)
    if kind == "rel_unit":
        return _relative_unit(make, pub, g["which"].lower(), g["unit"].lower(), (g["pre"] or "").lower())
    if kind == "weekday":
        which = (g["which"] or "").lower()
        t = _weekday(make, pub, which, _WEEKDAYS[g["wd"].lower()], g["tod"])
        return t if which in ("last", "next") else replace(t, shiftable="week")
    if kind == "dayword":
        word = g["word"].lower()
        offset = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(word, 0)
        day = pub + dt.timedelta(days=offset)
        tod = {"tonight": "NI", "last night": "NI"}.get(word) or _TOD.get(word.split()[-1])
        if tod:
            return make("TIME", f"{day.isoformat()}T{tod}", "day", day)
        return make("DATE", day.isoformat(), "day", day)
    if kind in _RULE_NAMES:
        return make("DATE", _RULE_NAMES[kind], None, None)
    if kind == "set":
        if g.get("adv"):
            unit = {"daily": "D", "weekly": "W", "monthly": "M", "annually": "Y", "annual": "Y", "yearly": "Y"}[g["adv"].lower()]
            return make("SET", f"P1{unit}", None, None)
        if g.get("wd"):
            return make("SET", f"XXXX-WXX-{_WEEKDAYS[g['wd'].lower()] + 1}", None, None)
        return make("SET", f"P1{_UNIT[g['unit'].lower()]}", None, None)
    if kind == "duration":
        n = _number(g["num"])
        unit = _UNIT[g["unit"].lower()]
        if n is None:
            return make("DURATION", f"PX{unit}", None, None)
        value = f"PT{n}{unit[0]}" if unit in ("H", "MIN") else f"P{n * 10 if unit == 'DE' else n}{'Y' if unit == 'DE' else unit}"
        return make("DURATION", value, None, None)
    return None


def shifted(t: Timex, future: bool, pub: dt.date) -> Timex:
    """``t`` moved across the publication date when the clause's tense says it lies on the other side."""
    if t.shiftable is None or t.date is None:
        return t
    if (t.date >= pub) if future else (t.date <= pub):
        return t  # already on the right side; the publication day itself is on both
    if t.shiftable == "week":
        day = t.date + dt.timedelta(days=7 if future else -7)
        suffix = t.value[10:]  # keep a time of day ("T" + "MO")
        return replace(t, value=day.isoformat() + suffix, date=day)
    year = t.date.year + (1 if future else -1)
    try:
        day = t.date.replace(year=year)
    except ValueError:  # 29 February
        day = t.date.replace(year=year, day=28)
    return replace(t, value=f"{year:04d}" + t.value[4:], date=day)


def _day(make, year: int, month: int, day: int) -> Timex | None:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return make("DATE", date.isoformat(), "day", date)


def _nearest_year(pub: dt.date, month: int, day: int) -> int:
    """News dates without a year are the occurrence nearest the publication date."""
    best = pub.year
    best_gap = None
    for year in (pub.year - 1, pub.year, pub.year + 1):
        try:
            gap = abs((dt.date(year, month, min(day, 28)) - pub).days)
        except ValueError:
            continue
        if best_gap is None or gap < best_gap:
            best, best_gap = year, gap
    return best


def _number(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else _NUMBERS.get(word)


def _week(make, day: dt.date) -> Timex:
    year, week, _ = day.isocalendar()
    monday = day - dt.timedelta(days=day.weekday())
    return make("DATE", f"{year:04d}-W{week:02d}", None, monday)


def _month(make, year: int, month: int) -> Timex:
    return make("DATE", f"{year:04d}-{month:02d}", "month", dt.date(year, month, 1))


def _shift(make, pub: dt.date, unit: str, n: int) -> Timex:
    if unit == "day":
        day = pub + dt.timedelta(days=n)
        return make("DATE", day.isoformat(), "day", day)
    if unit == "week":
        return _week(make, pub + dt.timedelta(weeks=n))
    if unit == "month":
        index = pub.year * 12 + pub.month - 1 + n
        return _month(make, index // 12, index % 12 + 1)
    if unit == "year":
        year = pub.year + n
        return make("DATE", f"{year:04d}", "year", dt.date(year, 1, 1))
    if unit == "decade":
        return make("DATE", str((pub.year + 10 * n) // 10), None, None)
    return make("TIME", "PAST_REF" if n < 0 else "FUTURE_REF", None, None)


def _relative_unit(make, pub: dt.date, which: str, unit: str, pre: str) -> Timex:
    if unit == "decade" and which in ("past", "last", "previous"):
        return make("DURATION", "P10Y", None, None)  # "the past decade": a stretch of time, not a decade
    if which == "past" and not pre:
        return make("DURATION", f"P1{_UNIT[unit]}", None, None)  # "the past week"
    if unit == "quarter":
        step = {"this": 0, "last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1}[which]
        index = pub.year * 4 + (pub.month - 1) // 3 + step
        return make("DATE", f"{index // 4:04d}-Q{index % 4 + 1}", None, dt.date(index // 4, (index % 4) * 3 + 1, 1))
    step = {"this": 0, "last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1}[which]
    return _shift(make, pub, unit, step)


def _weekday(make, pub: dt.date, which: str, weekday: int, tod: str | None) -> Timex:
    back = (pub.weekday() - weekday) % 7
    if which == "last":
        back = back or 7
        day = pub - dt.timedelta(days=back)
    elif which == "next":
        ahead = (weekday - pub.weekday()) % 7 or 7
        day = pub + dt.timedelta(days=ahead)
    else:  # "on Monday", "Monday": news reports the most recent one
        day = pub - dt.timedelta(days=back)
    if tod:
        return make("TIME", f"{day.isoformat()}T{_TOD[tod.lower()]}", "day", day)
    return make("DATE", day.isoformat(), "day", day)
