"""A timeline chart laid out on the server: one lane per event type (PLOVER's order, cooperation
to conflict), time across, one mark per world event coloured by claim status and sized by its
number of sources. The template draws it as SVG, each mark a link to its event: no JavaScript.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from markupsafe import Markup, escape

from newswatch import ontology

WIDTH = 1040
LEFT = 118  # room for the lane labels
RIGHT = 24
TOP = 16
LANE = 40
BOTTOM = 34
# The same chart for a phone's width: drawn at its own size rather than shrunk (unreadable labels)
# or scrolled (marks out of sight).
NARROW = {"width": 380, "left": 76, "right": 14, "lane": 34, "max_ticks": 4}
# Events on the same day in one lane fan out this far (px) around the lane's centre line.
_FAN = (0, -9, 9, -18, 18)
# Claim statuses drawn hollow: not (yet) established as fact.
HOLLOW = frozenset({"alleged", "planned", "denied"})


@dataclass(frozen=True, slots=True)
class Lane:
    label: str
    y: float  # centre line


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class Mark:
    event_id: str
    x: float
    y: float
    r: float
    claim_status: str
    hollow: bool
    alerted: bool
    title: str  # the tooltip: date, type, actors, claim, sources


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    lane_height: int
    height: int
    left: int
    right: int
    plot_top: int
    plot_bottom: float
    lanes: tuple[Lane, ...]
    ticks: tuple[Tick, ...]
    marks: tuple[Mark, ...]
    start: date
    end: date


def _lane_order(types: set[str]) -> list[str]:
    known = ontology.shipped().event_types
    return [t for t in known if t in types] + sorted(types - set(known))


def _span(rows: Sequence[Mapping[str, Any]], since: date | None, until: date | None) -> tuple[date, date]:
    dates = [r["event_date"] for r in rows]
    start = since or (min(dates) if dates else date.today())
    end = until or (max(dates) if dates else start)
    if (end - start).days < 30:  # a single day or a few: give the marks room on both sides
        pad = timedelta(days=(30 - (end - start).days) // 2 + 1)
        start, end = (since or start - pad), (until or end + pad)
    return start, end


def _months(start: date, end: date, step: int) -> list[date]:
    out, y, m = [], start.year, start.month
    while True:
        d = date(y, m, 1)
        if d > end:
            return out
        if d >= start:
            out.append(d)
        m += step
        y, m = y + (m - 1) // 12, (m - 1) % 12 + 1


def ticks_between(start: date, end: date, max_ticks: int = 12) -> list[tuple[date, str]]:
    """Axis ticks on calendar boundaries (years, quarters, months or weeks), at most ``max_ticks``."""
    ticks = _calendar_ticks(start, end)
    step = math.ceil(len(ticks) / max_ticks) if ticks else 1
    return ticks[::step]


def _calendar_ticks(start: date, end: date) -> list[tuple[date, str]]:
    days = (end - start).days
    if days > 3 * 365:
        step = max(1, math.ceil(days / 365 / 10))
        return [(date(y, 1, 1), str(y)) for y in range(start.year + (start > date(start.year, 1, 1)), end.year + 1)
                if (y - start.year) % step == 0]
    if days > 400:
        return [(d, d.strftime("%b %Y")) for d in _months(start, end, 3) if d.month in (1, 4, 7, 10)]
    if days > 100:
        return [(d, d.strftime("%b %Y")) for d in _months(start, end, 1)]
    first = start + timedelta(days=(7 - start.weekday()) % 7)  # Mondays
    step = 7 if days <= 84 else 14
    return [(first + timedelta(days=i), (first + timedelta(days=i)).strftime("%d %b"))
            for i in range(0, days + 1, step) if first + timedelta(days=i) <= end]


def layout(rows: Sequence[Mapping[str, Any]], *, since: date | None = None, until: date | None = None,
           width: int = WIDTH, left: int = LEFT, right: int = RIGHT, lane: int = LANE, max_ticks: int = 12) -> Chart:
    start, end = _span(rows, since, until)
    lanes_order = _lane_order({r["event_type"] for r in rows})
    lane_y = {t: TOP + lane * i + lane / 2 for i, t in enumerate(lanes_order)}
    pad = 12  # the first and last marks stay clear of the lane labels and the edge
    plot_w = width - left - right - 2 * pad
    total = max(1, (end - start).days)

    def x_of(d: date) -> float:
        return round(left + pad + plot_w * (d - start).days / total, 1)

    crowd: dict[tuple[str, float], int] = {}
    marks = []
    for r in sorted(rows, key=lambda r: (r["event_date"], str(r["event_id"]))):
        x = x_of(r["event_date"])
        slot = (r["event_type"], round(x / 6))  # marks closer than ~6 px share a slot and fan out
        n = crowd.get(slot, 0)
        crowd[slot] = n + 1
        sources = max(1, int(r.get("num_sources") or 1))
        who = r["actor1_code"] + (f" → {r['actor2_code']}" if r.get("actor2_code") else "")
        claim = r["claim_status"] + (f" by {r['claimed_by']}" if r.get("claimed_by") else "")
        marks.append(Mark(
            event_id=str(r["event_id"]), x=x, y=lane_y[r["event_type"]] + _FAN[n % len(_FAN)],
            r=round(4.0 + min(3.5, 1.2 * math.log2(sources)), 1), claim_status=r["claim_status"],
            hollow=r["claim_status"] in HOLLOW, alerted=bool(r.get("alerted")),
            title=f"{r['event_date']} · {r['event_type']} {who} · {claim} · {sources} source"
                  + ("s" if sources != 1 else "") + (f" · {r['summary']}" if r.get("summary") else ""),
        ))
    plot_bottom = TOP + lane * max(1, len(lanes_order))
    return Chart(
        width=width, lane_height=lane, height=int(plot_bottom + BOTTOM), left=left, right=right, plot_top=TOP,
        plot_bottom=plot_bottom, lanes=tuple(Lane(t, y) for t, y in lane_y.items()),
        ticks=tuple(Tick(x_of(d), label) for d, label in ticks_between(start, end, max_ticks)),
        marks=tuple(marks), start=start, end=end,
    )


def svg(chart: Chart, *, size: str, href: Callable[[str], str], label: str) -> Markup:
    """The chart as an SVG element (built here rather than in a template: a thousand marks render
    several times faster as one string)."""
    w, lane = chart.width, chart.lane_height
    right = w - chart.right
    out = [f'<svg class="chart {escape(size)}" viewBox="0 0 {w} {chart.height}" role="img" '
           f'aria-label="{escape(label)}">']
    for i, ln in enumerate(chart.lanes):
        if i % 2 == 0:
            out.append(f'<rect class="lane-band" x="{chart.left}" y="{ln.y - lane / 2}" width="{right - chart.left}" '
                       f'height="{lane}"/>')
        out.append(f'<line class="lane-rule" x1="{chart.left}" x2="{right}" y1="{ln.y}" y2="{ln.y}"/>'
                   f'<text class="lane-label" x="{chart.left - 10}" y="{ln.y + 4}" text-anchor="end">'
                   f'{escape(ln.label)}</text>')
    for t in chart.ticks:
        out.append(f'<g class="tick"><line x1="{t.x}" x2="{t.x}" y1="{chart.plot_top}" y2="{chart.plot_bottom}"/>'
                   f'<text x="{t.x}" y="{chart.plot_bottom + 18}" text-anchor="middle">{escape(t.label)}</text></g>')
    out.append(f'<line class="axis" x1="{chart.left}" x2="{right}" y1="{chart.plot_bottom}" y2="{chart.plot_bottom}"/>'
               '<g class="marks">')
    for m in chart.marks:
        ring = f'<circle class="ring" cx="{m.x}" cy="{m.y}" r="{m.r + 3.5}"/>' if m.alerted else ""
        out.append(f'<a href="{escape(href(m.event_id))}" class="event-mark" data-event="{m.event_id}">'
                   f'<title>{escape(m.title)}</title>{ring}'
                   f'<circle class="mark s-{escape(m.claim_status)}" cx="{m.x}" cy="{m.y}" r="{m.r}"/></a>')
    out.append("</g></svg>")
    return Markup("".join(out))
