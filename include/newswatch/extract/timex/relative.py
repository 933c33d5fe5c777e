"""Expressions read relative to an anchor (resolve.py's Resolver holds the anchors): deictic units
("last year", "the following day"), counts from now or then ("two years ago", "a year earlier"),
durations, quarters and reporting periods ("the year-ago quarter"), vague references and sets."""

from __future__ import annotations

import datetime as dt

from . import calendar as cal
from .calendar import Point
from .found import REFERENCE_REACH, Found, duration_value
from .grammar import Match
from .tense import _MODALS, FUTURE
from .tokens import Token


class RelativeHandlers:
    """The Resolver's handlers for expressions that count from an anchor (mixed into Resolver,
    whose ``anchor``, ``reporting_period``, ``side``, ``_date``, ``_deixis`` and ``_mod`` they use)."""


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
            if after.code == "G" and unit != "Y":  # "a few days later": the stretch, as with a count below
                return Found(m.i, m.j - 1, "DURATION", duration_value(None, unit, unit_tok.code in "UV" and unit_tok.value[1]),
                             mod=self._mod(toks))
            return Found(m.i, m.j, "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", mod=self._mod(toks))
        gran = cal.UNIT_GRANULARITY.get(unit, "day")
        if gran == "time":
            if after.code == "G":  # "an hour later": the stretch, as "three days later" below
                return Found(m.i, m.j - 1, "DURATION", duration_value(n, unit, True), mod=self._mod(toks))
            return self._date(m, Point("day", self.dct), toks)  # "an hour ago": today
        if n != int(n):  # "a year and a half ago"
            months = {"Y": 12, "M": 1, "Q": 3, "DE": 120}.get(unit)
            if months is None:
                return None
            unit, n, gran = "M", n * months, "month"
        steps = int(n) * sign
        period = self.period if self.period is not None and m.i - self.period_at <= REFERENCE_REACH else None
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
        if len(toks) == 2 and toks[0].low == "one" and unit_tok.low == "day" and m.i > 0 \
                and self.toks[m.i - 1].last_word in _MODALS:
            # "will one day lead", "hopes to one day return": an unnamed day ahead, not a stretch
            return Found(m.i, m.j, "DATE", "FUTURE_REF")
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
            # "the year-ago quarter", "the quarter a year ago"; "a year later" looks ahead
            after = next(t for t in toks if t.code in "gG")
            base, anchor = base.moved("Y", after.value if codes.endswith(("aUg", "aUG")) else -1), False
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
        day = next((t for t in toks if t.code in "Ww"), None)
        if day is not None and toks[0].code != "v":  # "on Mondays", "Tuesday nights"
            part = f"T{last.value}" if last.code == "l" else ""
            return Found(m.i, m.j, "SET", f"XXXX-WXX-{day.value + 1}{part}")
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
