"""TimeML type and value of each matched expression, anchored as the TimeML guidelines say:
deictic expressions ("yesterday", "last year", "two years ago") on the report date; anaphoric ones
("that day", "the following year", "a year earlier", "the year-ago quarter") on the last date the
text mentioned; a month, weekday or quarter without a year on the side of the report date the
governing verb's tense points to (tense.py), else the nearest occurrence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import calendar as cal
from .calendar import Point
from .grammar import Match
from .lexicon import Lexicon
from .tense import FUTURE, PAST, direction
from .tokens import Token

# How far back (in tokens) a mentioned date still anchors "a year earlier" or "the quarter".
_REFERENCE_REACH = 120


@dataclass(frozen=True, slots=True)
class Found:
    """One resolved expression over tokens i..j (exclusive)."""

    i: int
    j: int
    type: str
    value: str
    point: Point | None = None  # its calendar period, when it has one
    mod: str | None = None
    shiftable: str | None = None  # "year"/"week": the side of the report date was a guess
    last: dt.date | None = None  # an anchored duration's last day ("from 2009 to 2011")
    anchor: bool = True  # later anaphora may refer to it (not so "a year earlier": it refers itself)


class Resolver:
    """Resolves the matches of one text in order (anaphora need what came before)."""

    def __init__(self, text: str, tokens: list[Token], dct: dt.date, lex: Lexicon) -> None:
        self.text = text
        self.toks = tokens
        self.dct = dct
        self.lex = lex
        self.ref: Point | None = None  # the last date mentioned
        self.ref_at = -(10**9)
        self.period: Point | None = None  # the last quarter/half mentioned ("the quarter")
        self.period_at = -(10**9)

    # -- anchors --------------------------------------------------------------------------------

    def anchor(self, i: int) -> Point | None:
        """The last date mentioned within reach of token ``i``, if any."""
        return self.ref if i - self.ref_at <= _REFERENCE_REACH else None

    def reporting_period(self, i: int) -> Point:
        """The quarter the text reports on: the last one it named, else the last completed one."""
        if self.period is not None and i - self.period_at <= 4 * _REFERENCE_REACH:
            return self.period
        return cal.of("quarter", self.dct).moved("Q", -1)

    def remember(self, found: Found) -> None:
        p = found.point
        if p is None or found.type not in ("DATE", "TIME") or not found.anchor:
            return
        self.ref, self.ref_at = p, found.i
        if p.gran in ("quarter", "half") and p.last_day < self.dct and (
                self.period is None or p.start >= self.period.start or found.i - self.period_at > 4 * _REFERENCE_REACH):
            # results are reported for the latest completed quarter the text names; a coming one is
            # a forecast, an earlier one a comparison ("after a flat second quarter")
            self.period, self.period_at = p, found.i

    def side(self, m: Match) -> int:
        return direction(self.text, self.toks[m.i].start, self.toks[m.j - 1].end, self.lex)

    # -- dispatch -------------------------------------------------------------------------------

    def resolve(self, m: Match) -> list[Found]:
        handler = getattr(self, "_" + m.name)
        try:
            out = handler(m, self.toks[m.i : m.j])
        except (ValueError, OverflowError):
            return []  # a date off the calendar ("29 centuries ago" read from the year 1000): no expression
        if out is None:
            return []
        found = out if isinstance(out, list) else [out]
        for f in found:
            self.remember(f)
        return found

    def _mod(self, toks: list[Token]) -> str | None:
        for t in toks:
            if t.code in "eB~" and t.value:
                return t.value
        return None

    def _date(self, m: Match, point: Point | None, toks: list[Token], shiftable: str | None = None,
              typ: str = "DATE", anchor: bool = True) -> Found | None:
        if point is None:
            return None
        return Found(m.i, m.j, typ, point.value, point, self._mod(toks), shiftable, anchor=anchor)

    # -- calendar dates -------------------------------------------------------------------------

    def _iso(self, m: Match, toks: list[Token]) -> Found | None:
        low = toks[0].low
        try:
            if "/" in low:  # US order, as US wire copy writes it ("7/8/07")
                mo, d, y = (int(x) for x in low.split("/"))
                day = dt.date(y + (2000 if y < 100 and y <= self.dct.year % 100 + 10 else 1900 if y < 100 else 0), mo, d)
            else:
                day = dt.date.fromisoformat(low[:10])
        except ValueError:
            return None
        if "t" in low:
            return Found(m.i, m.j, "TIME", day.isoformat() + low[10:].upper(), Point("time", day, low[10:].upper()))
        return self._date(m, Point("day", day), toks)

    def _year_of(self, tok: Token) -> int:
        if isinstance(tok.value, tuple):  # "'98"
            two = tok.value[1]
            century = self.dct.year // 100 * 100
            return century + two if century + two <= self.dct.year + 10 else century - 100 + two
        return int(tok.value)

    def _mdy(self, m: Match, toks: list[Token]) -> Found | None:
        month = next(t for t in toks if t.code in "Mm").value
        day = next(t for t in toks if t.code in "dO").value
        year_tok = next((t for t in toks if t.code == "Y"), None)
        weekday = next((t.value for t in toks if t.code == "W"), None)
        if year_tok is not None:
            return self._day(m, toks, self._year_of(year_tok), month, day)
        years = [self.dct.year - 1, self.dct.year, self.dct.year + 1]
        if weekday is not None:  # "Friday, Jan. 5": the year whose Jan. 5 is a Friday
            fitting = [y for y in years if _valid(y, month, day) and dt.date(y, month, day).weekday() == weekday]
            if len(fitting) == 1:
                return self._day(m, toks, fitting[0], month, day)
        year = self._side_year(m, lambda y: dt.date(y, month, min(day, 28)), self.dct)
        return self._day(m, toks, year, month, day, shiftable="year")

    _dmy = _mdy

    def _day(self, m: Match, toks: list[Token], year: int, month: int, day: int,
             shiftable: str | None = None) -> Found | None:
        if not _valid(year, month, day):
            return None
        return self._date(m, Point("day", dt.date(year, month, day)), toks, shiftable)

    def _side_year(self, m: Match, first_day, reference: dt.date, close: int = 90, default: int = 0) -> int:
        """The year of a yearless date: the occurrence nearest the report date when it is within
        ``close`` days (news rarely means the one a year away), else the side the tense says,
        else the nearest."""
        years = (reference.year - 1, reference.year, reference.year + 1)
        nearest = min(years, key=lambda y: abs((first_day(y) - reference).days))
        if abs((first_day(nearest) - reference).days) <= close:
            return nearest
        side = self.side(m) or default
        if side == PAST:
            return max(y for y in years if first_day(y) <= reference)
        if side == FUTURE:
            return min(y for y in years if first_day(y) >= reference)
        return min(years, key=lambda y: abs((first_day(y) - reference).days))

    def _month(self, m: Match, toks: list[Token]) -> Found | None:
        month = next(t for t in toks if t.code in "Mm").value
        year_tok = next((t for t in toks if t.code == "Y"), None)
        if year_tok is not None:
            return self._date(m, Point("month", dt.date(self._year_of(year_tok), month, 1)), toks)
        dei = self._deixis(toks)
        this = dt.date(self.dct.year, month, 1)
        cur = self.dct.replace(day=1)
        if dei == -1:  # "last June": the latest June before this month (a year back if that is last month)
            start = this if this < cal.add_months(cur, -1) else this.replace(year=this.year - 1)
        elif dei == 1:
            start = this if this > cal.add_months(cur, 1) else this.replace(year=this.year + 1)
        elif dei == 0:
            start = this
        else:
            year = self._side_year(m, lambda y: dt.date(y, month, 1), self.dct.replace(day=1), close=31,
                                   default=PAST)  # news mostly looks back
            return self._date(m, Point("month", dt.date(year, month, 1)), toks, "year")
        return self._date(m, Point("month", start), toks)

    def _deixis(self, toks: list[Token]) -> int | None:
        """-1 / 0 / 1 for last/this/next among the tokens ("this past" is last); None without."""
        codes = "".join(t.code for t in toks)
        if "ZP" in codes or "P" in codes:
            return -1
        if "X" in codes:
            return 1
        if "Z" in codes:
            return 0
        return None

    def _season(self, m: Match, toks: list[Token]) -> Found | None:
        code = next(t for t in toks if t.code in "Ss").value
        year_tok = next((t for t in toks if t.code == "Y"), None)
        month = cal.SEASON_START[code]
        if year_tok is not None:
            return self._date(m, Point("season", dt.date(self._year_of(year_tok), month, 1), season=code), toks)
        current = cal.of("season", self.dct)
        this = Point("season", dt.date(self.dct.year, month, 1), season=code)
        dei = self._deixis(toks)
        if dei == -1:
            start = this.start if this.start < current.start else this.start.replace(year=this.start.year - 1)
        elif dei == 1:
            start = this.start if this.start > current.start else this.start.replace(year=this.start.year + 1)
        elif dei == 0:
            start = this.start
        else:
            year = self._side_year(m, lambda y: dt.date(y, month, 1), current.start, close=0)
            return self._date(m, Point("season", dt.date(year, month, 1), season=code), toks, "year")
        return self._date(m, Point("season", start, season=code), toks)

    def _year(self, m: Match, toks: list[Token]) -> Found | None:
        return self._date(m, Point("year", dt.date(self._year_of(toks[-1]), 1, 1)), toks)

    def _the_year_n(self, m: Match, toks: list[Token]) -> Found | None:
        return self._date(m, Point("year", dt.date(int(toks[-1].value), 1, 1)), toks)

    def _range(self, m: Match, toks: list[Token]) -> list[Found]:
        """"from 2009 to 2011", "2009-2010", "1957-58": the stretch as one anchored duration, and
        each year on its own inside it (MEANTIME annotates both; TimeBank the years)."""
        k1 = next(k for k in range(m.i, m.j) if self.toks[k].code == "Y")
        k2 = m.j - 1
        a = self._year_of(self.toks[k1])
        b = self.toks[k2].value if self.toks[k2].code == "Y" else a // 100 * 100 + int(self.toks[k2].value)
        first, last = Point("year", dt.date(a, 1, 1)), Point("year", dt.date(b, 1, 1))
        return [Found(m.i, m.j, "DURATION", f"P{b - a}Y", first, None, None, dt.date(b, 12, 31), anchor=False),
                Found(k1, k1 + 1, "DATE", first.value, first),
                Found(k2, k2 + 1, "DATE", last.value, last)]

    def _decade(self, m: Match, toks: list[Token]) -> Found | None:
        digits = toks[-1].value
        if len(digits) == 2:
            return self._date(m, Point("century", dt.date(int(digits) * 100, 1, 1)), toks)
        return self._date(m, Point("decade", dt.date(int(digits) * 10, 1, 1)), toks)

    def _century(self, m: Match, toks: list[Token]) -> Found | None:
        n = next(t for t in toks if t.code in "Od").value
        if not 1 <= n <= 21:
            return None
        return self._date(m, Point("century", dt.date(max(1, (n - 1) * 100), 1, 1)), toks)

    def _holiday(self, m: Match, toks: list[Token]) -> Found | None:
        spec = next(t for t in toks if t.code == "J").value
        year_tok = next((t for t in toks if t.code == "Y"), None)
        if year_tok is not None:
            return self._date(m, Point("day", cal.holiday(spec, self._year_of(year_tok))), toks)
        dei = self._deixis(toks)
        days = {y: cal.holiday(spec, y) for y in (self.dct.year - 1, self.dct.year, self.dct.year + 1)}
        if dei == -1:
            day = max(d for d in days.values() if d < self.dct)
        elif dei == 1:
            day = min(d for d in days.values() if d > self.dct)
        elif dei == 0:
            day = days[self.dct.year]
        else:
            day = days[self._side_year(m, lambda y: days[y], self.dct)]
            return self._date(m, Point("day", day), toks, "year")
        return self._date(m, Point("day", day), toks)

    # -- days and times -------------------------------------------------------------------------

    def _dayword(self, m: Match, toks: list[Token]) -> Found | None:
        offset, tod = next(t for t in toks if t.code == "A").value
        day = self.dct + dt.timedelta(days=offset)
        part = next((t.value for t in toks if t.code == "T"), None) or tod
        if part:
            return Found(m.i, m.j, "TIME", f"{day.isoformat()}T{part}", Point("time", day, "T" + part), self._mod(toks))
        return self._date(m, Point("day", day), toks)

    def weekday_date(self, weekday: int, dei: int | None, side: int) -> tuple[dt.date, bool]:
        """The day a weekday names, and whether its side of the report date was a guess."""
        back = (self.dct.weekday() - weekday) % 7
        if dei == -1:
            return self.dct - dt.timedelta(days=back or 7), False
        if dei == 1:
            return self.dct + dt.timedelta(days=(weekday - self.dct.weekday()) % 7 or 7), False
        if dei == 0:
            return self.dct + dt.timedelta(days=weekday - self.dct.weekday()), False
        if side == FUTURE:
            return self.dct + dt.timedelta(days=(weekday - self.dct.weekday()) % 7), True
        return self.dct - dt.timedelta(days=back), True  # news reports the most recent one

    def _weekday(self, m: Match, toks: list[Token]) -> Found | None:
        # "Friday night" is annotated as the day in news (TimeBank: 13 DATE to 6 TIME): the day it is
        weekday = next(t for t in toks if t.code == "W").value
        dei = self._deixis(toks)
        day, guessed = self.weekday_date(weekday, dei, self.side(m) if dei is None else 0)
        return self._date(m, Point("day", day), toks, "week" if guessed else None)

    def _part_of_day(self, m: Match, toks: list[Token]) -> Found | None:
        part = next(t for t in toks if t.code == "T").value
        day = self.dct
        if toks[0].code == "P":  # "last night"
            day = self.dct - dt.timedelta(days=1)
        elif toks[0].code == "t":
            ref = self.anchor(m.i)
            day = ref.start if ref is not None and ref.gran in ("day", "time") else self.dct
        return Found(m.i, m.j, "TIME", f"{day.isoformat()}T{part}", Point("time", day, "T" + part), self._mod(toks))

    def _clock(self, m: Match, toks: list[Token]) -> Found | None:
        if toks[0].code == "d":  # "4 in the morning": the hour, and the part of the day says a.m. or p.m.
            hour = toks[0].value + (12 if toks[-1].value in ("AF", "EV") and toks[0].value < 12 else 0)
            clock = f"T{hour:02d}:00"
            day = self._clock_day(m)
            return Found(m.i, m.j, "TIME", day.isoformat() + clock, Point("time", day, clock))
        k = next(t for t in toks if t.code == "K")
        if isinstance(k.value, str):  # noon, midnight
            hour, minute = (int(x) for x in k.value.split(":"))
        else:
            hour, minute, _ = k.value
        if hour > 24 or minute > 59:
            return None
        zone = "Z" if any(t.code == "x" and t.low in ("utc", "gmt", "z") for t in toks) else ""
        day = self._clock_day(m)
        clock = f"T{hour:02d}:{minute:02d}{zone}"
        return Found(m.i, m.j, "TIME", day.isoformat() + clock, Point("time", day, clock), self._mod(toks))

    def _clock_day(self, m: Match) -> dt.date:
        """The day a clock time is on: its own date ("5 p.m. EST, Nov. 6"), a weekday or day word
        in its clause, else the report day."""
        month = next((t.value for t in self.toks[m.i : m.j] if t.code in "Mm"), None)
        if month is not None:
            day = next(t.value for t in self.toks[m.i : m.j] if t.code in "dO")
            year = self._side_year(m, lambda y: dt.date(y, month, min(day, 28)), self.dct)
            return dt.date(year, month, day) if _valid(year, month, day) else self.dct
        inside = [k for k in range(m.i, m.j) if self.toks[k].code in "AW"]
        ref = self.anchor(m.i)
        fallback = ref.start if ref is not None and ref.gran in ("day", "time") else self.dct
        for k in inside + list(range(m.j, min(len(self.toks), m.j + 6))) + list(range(m.i - 1, max(-1, m.i - 7), -1)):
            tok = self.toks[k]
            if tok.code == ".":
                break
            if tok.code == "A":
                return self.dct + dt.timedelta(days=tok.value[0])
            if tok.code == "W":
                return self.weekday_date(tok.value, None, direction(self.text, tok.start, tok.end, self.lex))[0]
        return fallback

    # -- relative to the report date or to the last date mentioned --------------------------------

    def _unit(self, tok: Token) -> str:
        if tok.code in "Qq":
            return "Q"
        if tok.code == "2":
            return "S"
        return tok.value[0]

    def _deictic(self, m: Match, toks: list[Token]) -> Found | None:
        unit_tok = toks[-1]
        unit = self._unit(unit_tok)
        gran = cal.UNIT_GRANULARITY.get(unit)
        codes = "".join(t.code for t in toks)
        definite = "t" in codes
        dei = self._deixis(toks)
        if gran == "time":  # "the past hour": a stretch of time
            return Found(m.i, m.j, "DURATION", f"PT1{'M' if unit == 'M' else unit}")
        if gran in ("decade", "century") and self._deixis(toks) == -1:  # "the past decade"
            return Found(m.i, m.j, "DURATION", duration_value(1, unit, False), mod=self._mod(toks))
        if gran is None:
            return None
        ref = self.anchor(m.i)
        if "z" in codes:  # "that year": the last date mentioned, read as a year
            base = ref if ref is not None and cal.finer_or_equal(ref.gran, gran) else None
            if base is None:
                return None
            return self._date(m, base.coarsened(gran), toks)
        if definite and dei == 0 and toks[[t.code for t in toks].index("Z")].low == "same":
            base = ref if ref is not None and cal.finer_or_equal(ref.gran, gran) else cal.of(gran, self.dct)
            return self._date(m, base.coarsened(gran), toks)
        # "the following year", "the previous day" count from the last date mentioned; "next year",
        # "the coming week", "the past year" from the report date
        word = next(t.low for t in toks if t.code in "PXZ")
        if definite and word in ("following", "previous", "preceding", "prior", "next") and ref is not None \
                and cal.finer_or_equal(ref.gran, gran):
            base = ref.coarsened(gran)
        else:
            base = cal.of(gran, self.dct)
        step = 0 if dei in (0, None) else dei
        return self._date(m, base.moved(unit if unit != "WE" else "W", step), toks)

    def _count(self, toks: list[Token]) -> float | None:
        """The count of a duration ("two and a half" = 2.5); None for "several"."""
        value: float | None = None
        for k, t in enumerate(toks):
            if t.code in "dnN":
                value = float(t.value)
            elif t.code == "a" and value is None and not (k > 0 and toks[k - 1].code == "&"):
                value = 1.0
            elif t.code == "f":
                return None
            elif t.code == "H" and k > 1 and toks[k - 2].code == "&":
                value = (value or 0) + 0.5
        return value

    def _ago(self, m: Match, toks: list[Token]) -> Found | None:
        unit_tok = next(t for t in toks if t.code in "UV2Qq")
        unit = self._unit(unit_tok)
        n = self._count(toks) if any(t.code in "dnNaf" for t in toks) else None
        after = toks[-1]
        sign = after.value if after.code in "gG" else -1
        if n is None:
            return Found(m.i, m.j, "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", mod=self._mod(toks))
        gran = cal.UNIT_GRANULARITY.get(unit, "day")
        if gran == "time":
            return self._date(m, Point("day", self.dct), toks)
        if n != int(n):  # "a year and a half ago"
            months = {"Y": 12, "M": 1, "Q": 3, "DE": 120}.get(unit)
            if months is None:
                return None
            unit, n, gran = "M", n * months, "month"
        steps = int(n) * sign
        period = self.period if self.period is not None and m.i - self.period_at <= _REFERENCE_REACH else None
        if unit == "Y" and period is not None:
            # "a year ago", "a year earlier" in a quarterly report: that quarter, a year before
            return self._date(m, period.moved("Y", steps), toks, anchor=False)
        if after.code == "G" and unit != "Y":
            # "three days later", "a day earlier": annotated news marks the stretch, not the day
            return Found(m.i, m.j - 1, "DURATION", duration_value(n, unit, unit_tok.code in "UV" and unit_tok.value[1]),
                         mod=self._mod(toks))
        if gran in ("decade", "century"):
            gran = "year"
        return self._date(m, cal.of(gran, self.dct).moved(unit if unit != "WE" else "W", steps), toks, anchor=False)

    def _duration(self, m: Match, toks: list[Token]) -> Found | None:
        unit_tok = next(t for t in reversed(toks) if t.code in "UV2Qq")
        unit = self._unit(unit_tok)
        n = self._count(toks)
        if n is not None and not any(t.code in "dnNaf" for t in toks):
            n = None
        return Found(m.i, m.j, "DURATION", duration_value(n, unit, unit_tok.code in "UV" and unit_tok.value[1]),
                     mod=self._mod(toks))

    def _duration_range(self, m: Match, toks: list[Token]) -> Found:
        """"the next 12 to 18 months", "two to three weeks": one duration of an inexact count."""
        unit_tok = toks[-1]
        return Found(m.i, m.j, "DURATION", duration_value(None, self._unit(unit_tok), unit_tok.value[1]))

    def _term(self, m: Match, toks: list[Token]) -> Found:
        """A term of office: its stated length ("a four-year term" -> P4Y), else unknown years."""
        unit_tok = next((t for t in toks if t.code in "UV"), None)
        if unit_tok is None:
            return Found(m.i, m.j, "DURATION", "PXY")
        return Found(m.i, m.j, "DURATION", duration_value(self._count(toks), self._unit(unit_tok), unit_tok.value[1]))

    def _vague_plural(self, m: Match, toks: list[Token]) -> Found:
        v = next(t for t in toks if t.code == "V")
        return Found(m.i, m.j, "DURATION", duration_value(None, v.value[0], v.value[1]), mod=self._mod(toks))

    def _year_ago_adj(self, m: Match, toks: list[Token]) -> Found | None:
        """"year-earlier profit": the period reported on, a year before."""
        base = self.reporting_period(m.i) if self.period is not None else cal.of("year", self.dct)
        return self._date(m, base.moved("Y", -1), toks, anchor=False)

    def _quarter(self, m: Match, toks: list[Token]) -> Found | None:
        q = next(t for t in toks if t.code in "QH")
        gran = "quarter" if q.code == "Q" else "half"
        size = 3 if gran == "quarter" else 6
        o = next(t for t in toks if t.code in "O2P")
        n = o.value if o.code != "P" else -1
        after = toks[toks.index(q) + 1 :]
        before = toks[: toks.index(o)]
        decade = next((t for t in after if t.code == "E"), None)
        if decade is not None:  # "the last half of the '80s": a part of the decade
            return self._date(m, Point("decade", dt.date(int(decade.value) * 10, 1, 1)), toks)
        year_tok = next((t for t in after + before if t.code == "Y"), None)
        ago = any(t.code in "gG" for t in before)  # "the year-ago third quarter"
        if n == -1 and year_tok is None and not any(t.code == "U" for t in after):
            # "the last quarter": the one before the current
            return self._date(m, cal.of(gran, self.dct).moved("Q" if gran == "quarter" else "H6", -1), toks)
        n = n if n != -1 else (4 if gran == "quarter" else 2)
        if year_tok is not None:
            year = self._year_of(year_tok)
        elif any(t.code == "U" for t in before + after) and not ago:
            dei = self._deixis([t for t in before + after if t.code in "PXZ"])
            year = self.dct.year + (dei or 0)
        else:
            side = self.side(m)
            this = dt.date(self.dct.year, (n - 1) * size + 1, 1)
            # results are reported after a quarter ends: one ended in the last three months is
            # this year's even in a forward-looking clause ("expects to report third-quarter ...")
            if side == FUTURE and cal.add_months(this, size + 3) <= self.dct:
                year = self.dct.year + 1
            else:
                year = self.dct.year if this <= self.dct else self.dct.year - 1
            year -= 1 if ago else 0
        return self._date(m, Point(gran, dt.date(year, (n - 1) * size + 1, 1)), toks, anchor=not ago)

    def _period_ref(self, m: Match, toks: list[Token]) -> Found | None:
        """"the quarter", "the latest period", "the year-ago quarter", "the 1988 period"."""
        codes = "".join(t.code for t in toks)
        base = self.reporting_period(m.i)
        anchor = True
        if codes.endswith("'Q") or codes.endswith("'rQ") or codes[-2:] in ("PU", "XU"):
            # "last year's quarter", "the corresponding period last year": the period, a year off
            dei = self._deixis(toks[-2:] if codes[-2:] in ("PU", "XU") else toks[:1])
            base, anchor = base.moved("Y", dei or 0), False
        elif codes[0] in "ZPX" or (len(codes) > 1 and codes[1] == "Z" and toks[1].low != "same"):
            dei = self._deixis(toks[:2])
            base = cal.of("quarter", self.dct).moved("Q", dei or 0)
        year_tok = next((t for t in toks if t.code == "Y"), None)
        if year_tok is not None:
            year = self._year_of(year_tok)
            base, anchor = Point(base.gran, base.start.replace(year=year)), False
        if "U" in codes and any(t.code in "gG" for t in toks):
            base, anchor = base.moved("Y", -1), False
        return self._date(m, base, toks, anchor=anchor)

    def _the_unit(self, m: Match, toks: list[Token]) -> Found | None:
        """"the year", "the weekend", "later in the day", "the end of the month", "year-end"."""
        u = next(t for t in toks if t.code in "UQ")
        unit = self._unit(u)
        nxt = self.toks[m.j] if m.j < len(self.toks) else None
        if unit == "Y" and nxt is not None and nxt.low in ("ended", "ending", "ends", "to", "through"):
            return Found(m.i, m.j, "DURATION", "P1Y", mod=self._mod(toks))  # "the year ended March 31"
        if unit == "Q":
            return self._date(m, self.reporting_period(m.i), toks)
        gran = cal.UNIT_GRANULARITY[unit]
        if unit == "Y":  # "the year", "the fiscal year", "the end of the year": the report's year
            return self._date(m, cal.of("year", self.dct), toks)
        if unit == "WE":
            side = self.side(m)
            this = cal.of("weekend", self.dct)
            if side == FUTURE:
                point = this if this.last_day >= self.dct else this.moved("W", 1)
            else:
                point = this if this.start <= self.dct else this.moved("W", -1)
            return self._date(m, point, toks)
        ref = self.anchor(m.i)
        base = ref if ref is not None and cal.finer_or_equal(ref.gran, gran) else cal.of(gran, self.dct)
        return self._date(m, base.coarsened(gran), toks)

    # -- vague references and sets --------------------------------------------------------------

    def _vague(self, m: Match, toks: list[Token]) -> Found | None:
        last = toks[-1]
        if last.code == "R":
            return Found(m.i, m.j, "DATE", last.value)
        if last.code == "P":  # "the past"
            return Found(m.i, m.j, "DATE", "PAST_REF")
        if last.code in "Vq":
            word = toks[-2].low
            return Found(m.i, m.j, "DATE", self.lex.vague_unit_adjectives[word])
        if last.code == "j":
            return Found(m.i, m.j, "DATE", "FUTURE_REF")
        value = self.lex.vague_adjectives.get(last.low)
        return Found(m.i, m.j, "DATE", value) if value else None

    def _set(self, m: Match, toks: list[Token]) -> Found | None:
        last = toks[-1]
        if last.code == "D":
            return Found(m.i, m.j, "SET", self.lex.frequency_adverbs[last.low])
        n = next((t.value for t in toks if t.code in "dnN"), 1)
        if last.code == "W":
            return Found(m.i, m.j, "SET", f"XXXX-WXX-{last.value + 1}")
        if last.code == "T":
            return Found(m.i, m.j, "SET", f"XXXX-XX-XXT{last.value}")
        if last.code in "Mm":
            return Found(m.i, m.j, "SET", f"XXXX-{last.value:02d}")
        if last.code in "Ss":
            return Found(m.i, m.j, "SET", f"XXXX-{last.value}")
        unit = self._unit(last)
        if unit == "Q":
            return Found(m.i, m.j, "SET", f"P{int(n)}Q")
        return Found(m.i, m.j, "SET", duration_value(float(n), unit, last.code in "UV" and last.value[1]))


def duration_value(n: float | None, unit: str, is_time: bool) -> str:
    """TimeML duration: P2Y, PT30M, PXY (unknown count); quarters in months, decades in years."""
    letter = {"MIN": "M"}.get(unit, unit)
    if unit == "Q":
        return "PXQ" if n is None else _number_unit(n * 3, "M", False)
    if unit == "DE":
        return "PXDE" if n is None else _number_unit(n * 10, "Y", False)
    if unit == "CE":
        return "PXC" if n is None else _number_unit(n * 100, "Y", False)
    if unit == "ML":
        return "PXML" if n is None else _number_unit(n * 1000, "Y", False)
    if unit == "WE":
        return "P2D" if n == 1 else "PXWE" if n is None else f"P{int(n)}WE"
    if unit == "2W":
        return "PXW" if n is None else _number_unit(n * 2, "W", False)
    if n is None:
        return ("PTX" if is_time else "PX") + letter
    return _number_unit(n, letter, is_time)


_SMALLER = {("Y", False): (12, "M", False), ("H", True): (60, "M", True), ("M", True): (60, "S", True),
            ("D", False): (24, "H", True)}


def _number_unit(n: float, letter: str, is_time: bool) -> str:
    if n != int(n) and (letter, is_time) in _SMALLER and n < 10:
        factor, smaller, smaller_time = _SMALLER[(letter, is_time)]
        whole = int(n)
        rest = round((n - whole) * factor)
        if whole == 0:
            return _number_unit(rest, smaller, smaller_time)
        if is_time or smaller_time:
            return f"PT{whole}{letter}{rest}{smaller}"
    count = str(int(n)) if n == int(n) else f"{n:g}"
    return f"{'PT' if is_time else 'P'}{count}{letter}"


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


