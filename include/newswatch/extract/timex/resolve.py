"""TimeML type and value of each matched expression, anchored as the TimeML guidelines say:
deictic expressions ("yesterday", "last year", "two years ago") on the report date; anaphoric ones
("that day", "the following year", "a year earlier", "the year-ago quarter") on the last date the
text mentioned; a month, weekday or quarter without a year on the side of the report date the
governing verb's tense points to (tense.py), else the nearest occurrence.
"""

from __future__ import annotations

import datetime as dt

from . import calendar as cal
from .calendar import Point
from .found import REFERENCE_REACH, Found
from .grammar import Match
from .lexicon import Lexicon
from .relative import RelativeHandlers
from .tense import FUTURE, PAST, direction
from .tokens import Token


class Resolver(RelativeHandlers):
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
        return self.ref if i - self.ref_at <= REFERENCE_REACH else None

    def reporting_period(self, i: int) -> Point:
        """The quarter the text reports on: the last one it named, else the last completed one."""
        if self.period is not None and i - self.period_at <= 4 * REFERENCE_REACH:
            return self.period
        return cal.of("quarter", self.dct).moved("Q", -1)

    def remember(self, found: Found) -> None:
        p = found.point
        if p is None or found.type not in ("DATE", "TIME") or not found.anchor:
            return
        self.ref, self.ref_at = p, found.i
        if p.gran in ("quarter", "half") and p.last_day < self.dct and (
                self.period is None or p.start >= self.period.start or found.i - self.period_at > 4 * REFERENCE_REACH):
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

    def _week_of(self, m: Match, toks: list[Token]) -> Found | None:
        """"the week of March 6": the ISO week holding that day."""
        day = self._inner(m)
        if day is None:
            return None
        week = cal.of("week", day.point.start)
        return Found(m.i, m.j, "DATE", week.value, week)

    def _day_next_to(self, m: Match, toks: list[Token]) -> Found | None:
        """"the day before Tuesday", "the day after March 3": the day next to the one named."""
        day = self._inner(m)
        if day is None:
            return None
        point = Point("day", day.point.start + dt.timedelta(days=1 if toks[2].low == "after" else -1))
        return Found(m.i, m.j, "DATE", point.value, point, shiftable=day.shiftable)

    def _same_month(self, m: Match, toks: list[Token]) -> Found | None:
        """"25" in "April 24 and 25": that day of the first date's month."""
        first = self._inner(m)
        if first is None:
            return None
        start = first.point.start
        if not _valid(start.year, start.month, toks[0].value):
            return None
        point = Point("day", start.replace(day=toks[0].value))
        return Found(m.i, m.j, "DATE", point.value, point, shiftable=first.shiftable)

    def _inner(self, m: Match) -> Found | None:
        """The day a wrapping match is read from (not remembered as a mention of its own)."""
        inner = m.inner
        found = getattr(self, "_" + inner.name)(inner, self.toks[inner.i : inner.j]) if inner is not None else None
        if not isinstance(found, Found) or found.point is None or found.point.gran not in ("day", "time"):
            return None
        return found

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
        if abs((first_day(nearest) - reference).days) <= close and not self._verb_just_before(m):
            return nearest
        side = self.side(m) or default
        if side == PAST:
            return max(y for y in years if first_day(y) <= reference)
        if side == FUTURE:
            return min(y for y in years if first_day(y) >= reference)
        return min(years, key=lambda y: abs((first_day(y) - reference).days))

    def _verb_just_before(self, m: Match) -> bool:
        """A verb right before the date governs it ("the year ended Jan. 31", "expires Jan. 31"):
        its tense is then a surer guide than nearness to the report date."""
        if m.i == 0:
            return False
        prev = self.toks[m.i - 1]
        word = prev.last_word
        return prev.code == "_" and (word in self.lex.past_cues or (
            len(word) > 4 and word.endswith("ed") and word not in self.lex.not_past))

    def _month(self, m: Match, toks: list[Token]) -> Found | None:
        month = next(t for t in toks if t.code in "Mm").value
        year_tok = next((t for t in toks if t.code == "Y"), None)
        if year_tok is not None:
            return self._date(m, Point("month", dt.date(self._year_of(year_tok), month, 1)), toks)
        if toks[-1].code == "U" and toks[-1].value[0] == "Y":  # "February this year", "April next year"
            year = self.dct.year + (self._deixis(toks[-2:]) or 0)
            return self._date(m, Point("month", dt.date(year, month, 1)), toks)
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
        found = self._holiday_day(m, toks)
        if found is not None and toks[-1].code == "U":  # "Easter week": the ISO week holding the day
            week = cal.of("week", found.point.start)
            return Found(m.i, m.j, "DATE", week.value, week, shiftable=found.shiftable)
        return found

    def _holiday_day(self, m: Match, toks: list[Token]) -> Found | None:
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
        weekday = next(t for t in toks if t.code == "W").value
        dei = self._deixis(toks)
        day, guessed = self.weekday_date(weekday, dei, self.side(m) if dei is None else 0)
        part = next((t.value for t in toks if t.code == "T"), None)
        if part is not None and part != "NI":
            # "Friday morning": TimeML's time of that day (2023-11-10TMO); "Friday night" runs past
            # midnight, and annotated news mostly gives it as the day it starts on
            return Found(m.i, m.j, "TIME", f"{day.isoformat()}T{part}", Point("time", day, "T" + part),
                         self._mod(toks), "week" if guessed else None)
        return self._date(m, Point("day", day), toks, "week" if guessed else None)

    def _part_of_day(self, m: Match, toks: list[Token]) -> Found | None:
        part = next(t for t in toks if t.code == "T").value
        day = self.dct
        if toks[0].code == "P":  # "last night"
            day = self.dct - dt.timedelta(days=1)
        elif toks[0].code in "tz":  # "the evening", "that night", "the next morning": the day last mentioned
            ref = self.anchor(m.i)
            day = ref.start if ref is not None and ref.gran in ("day", "time") else self.dct
            if len(toks) == 3:
                day += dt.timedelta(days=1 if toks[1].code == "X" else -1)
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


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True
