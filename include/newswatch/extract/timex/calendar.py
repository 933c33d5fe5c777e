"""Calendar periods with a granularity (a day, an ISO week, a quarter, a season, a decade...), their
TimeML values, first and last days, and arithmetic (a period moved by some units keeps its kind)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

# Coarser granularities later: a period can be read at its own granularity or any coarser one.
GRANULARITY = ("time", "day", "weekend", "week", "month", "season", "quarter", "half", "year", "decade", "century")
_RANK = {g: i for i, g in enumerate(GRANULARITY)}
# The granularity a unit of measure names ("two years ago" is a year).
UNIT_GRANULARITY = {"D": "day", "W": "week", "WE": "weekend", "M": "month", "Q": "quarter", "Y": "year",
                    "DE": "decade", "CE": "century", "H": "time", "MIN": "time", "S": "time", "2W": "week"}
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
SEASON_OF_MONTH = {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU",
                   9: "FA", 10: "FA", 11: "FA"}


@dataclass(frozen=True, slots=True)
class Point:
    """A calendar period: its granularity and first day (``clock``: "T19:15" or "TMO" for times;
    ``season``: SP/SU/FA/WI for seasons)."""

    gran: str
    start: dt.date
    clock: str = ""
    season: str = ""

    @property
    def value(self) -> str:
        s, g = self.start, self.gran
        if g in ("day", "time"):
            return s.isoformat() + self.clock
        if g in ("week", "weekend"):
            year, week, _ = s.isocalendar()
            return f"{year:04d}-W{week:02d}" + ("-WE" if g == "weekend" else "")
        if g == "month":
            return f"{s.year:04d}-{s.month:02d}"
        if g == "quarter":
            return f"{s.year:04d}-Q{(s.month - 1) // 3 + 1}"
        if g == "half":
            return f"{s.year:04d}-H{1 if s.month <= 6 else 2}"
        if g == "season":
            return f"{s.year:04d}-{self.season}"
        if g == "year":
            return f"{s.year:04d}"
        if g == "decade":
            return f"{s.year // 10:03d}"
        return f"{s.year // 100:02d}"  # century

    @property
    def last_day(self) -> dt.date:
        s, g = self.start, self.gran
        if g in ("day", "time"):
            return s
        if g == "week":
            return s + dt.timedelta(days=6)
        if g == "weekend":
            return s + dt.timedelta(days=1)
        months = {"month": 1, "season": 3, "quarter": 3, "half": 6, "year": 12, "decade": 120, "century": 1200}[g]
        nxt = add_months(s, months)
        return nxt - dt.timedelta(days=1)

    @property
    def precision(self) -> str | None:
        """The precision the event model knows (day, month, year); None for other periods."""
        return {"day": "day", "time": "day", "month": "month", "year": "year"}.get(self.gran)

    def moved(self, unit: str, n: int) -> Point:
        """This period ``n`` units later (earlier when negative), at its own granularity."""
        return of(self.gran, shift(self.start, unit, n), self.clock, self.season)

    def coarsened(self, gran: str) -> Point:
        """The period of granularity ``gran`` holding this one's first day (never finer)."""
        if _RANK[gran] <= _RANK[self.gran]:
            return self
        return of(gran, self.start)


def finer_or_equal(a: str, b: str) -> bool:
    return _RANK[a] <= _RANK[b]


def add_months(day: dt.date, n: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + n
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def shift(day: dt.date, unit: str, n: int) -> dt.date:
    if unit == "D":
        return day + dt.timedelta(days=n)
    if unit in ("W", "WE"):
        return day + dt.timedelta(weeks=n)
    if unit == "2W":
        return day + dt.timedelta(weeks=2 * n)
    months = {"M": 1, "Q": 3, "H6": 6, "Y": 12, "DE": 120, "CE": 1200}.get(unit)
    if months is None:
        return day
    return add_months(day, months * n)


def of(gran: str, day: dt.date, clock: str = "", season: str = "") -> Point:
    """The period of granularity ``gran`` that holds ``day``."""
    if gran in ("day", "time"):
        return Point(gran, day, clock)
    if gran == "week":
        return Point(gran, day - dt.timedelta(days=day.weekday()))
    if gran == "weekend":
        return Point(gran, day - dt.timedelta(days=day.weekday()) + dt.timedelta(days=5))
    if gran == "month":
        return Point(gran, day.replace(day=1))
    if gran == "quarter":
        return Point(gran, dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1))
    if gran == "half":
        return Point(gran, dt.date(day.year, 1 if day.month <= 6 else 7, 1))
    if gran == "season":
        code = season or SEASON_OF_MONTH[day.month]
        year = day.year - 1 if code == "WI" and day.month <= 2 else day.year
        return Point(gran, dt.date(year, SEASON_START[code], 1), season=code)
    if gran == "year":
        return Point(gran, dt.date(day.year, 1, 1))
    if gran == "decade":
        return Point(gran, dt.date(day.year // 10 * 10, 1, 1))
    return Point("century", dt.date(max(1, day.year // 100 * 100), 1, 1))


def easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def holiday(spec, year: int) -> dt.date | None:
    """The day of a holiday in ``year``: [month, day], [month, weekday, nth] (nth -1: the last), or
    "easter" / "good friday"."""
    if spec == "easter":
        return easter(year)
    if spec == "good friday":
        return easter(year) - dt.timedelta(days=2)
    if len(spec) == 2:
        return dt.date(year, spec[0], spec[1])
    month, weekday, nth = spec
    if nth > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
