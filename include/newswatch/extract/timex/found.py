"""What the resolver makes of one matched expression, and TimeML duration values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .calendar import Point

# How far back (in tokens) a mentioned date still anchors "a year earlier" or "the quarter".
REFERENCE_REACH = 120


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


def duration_value(n: float | None, unit: str, is_time: bool) -> str:
    """TimeML duration: P2Y, PT30M, PXY (unknown count); quarters in months, decades in years."""
    letter = {"MIN": "M"}.get(unit, unit)
    if unit == "Q":
        return "PXQ" if n is None else _number_unit(n * 3, "M", False)
    if unit == "DE":
        # "decades-long": an unknown number of years, as TimeBank and MEANTIME write it (not PXDE)
        return "PXY" if n is None else _number_unit(n * 10, "Y", False)
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
        if is_time:
            return f"PT{whole}{letter}{rest}{smaller}"  # "5 1/2 hours" -> PT5H30M
        if smaller_time:
            return f"P{whole}{letter}T{rest}{smaller}"  # "1.5 days" -> P1DT12H (the hours after the T)
    count = str(int(n)) if n == int(n) else f"{n:g}"
    return f"{'PT' if is_time else 'P'}{count}{letter}"
