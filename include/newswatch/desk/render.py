"""Templates and how values read on the pages: links under the desk's mount point, times in UTC,
dates at their precision, actors with their codes, search matches marked (after escaping)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from newswatch import __version__, ontology
from newswatch.desk.queries import MARK_START, MARK_STOP

# The claim statuses and health values the stylesheet has a colour for.
TONE = {"confirmed": "good", "reported": "info", "alleged": "warn", "planned": "plan", "denied": "bad",
        "ok": "good", "new": "info", "failing": "warn", "disabled": "bad", "degraded": "warn", "unchecked": "muted",
        "delivered": "good", "pending": "info", "failed": "bad"}


def href(request: Request, path: str, **query: Any) -> str:
    """``path`` inside the desk, wherever it is mounted (``/`` standalone, ``/newswatch/`` in
    Airflow), with a query string from the keyword arguments that have a value."""
    root = request.scope.get("root_path", "").rstrip("/")
    params = {k: v for k, v in query.items() if v not in (None, "", ())}
    return root + path + ("?" + urlencode(params) if params else "")


def when(value: datetime | None, *, seconds: bool = False) -> str:
    if value is None:
        return "–"
    return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M" + (":%S" if seconds else "")) + " UTC"


def day(value: date | None, precision: str | None = "day") -> str:
    """A date as precisely as it is known: 2019, Nov 2023, 8 Nov 2023."""
    if value is None:
        return "–"
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return value.strftime("%b %Y")
    return f"{value.day} {value.strftime('%b %Y')}"


def actor(name: str | None, code: str | None) -> Markup:
    if not code:
        return Markup("")
    label = escape(name) if name and name != code else ""
    return Markup('<span class="actor"><abbr class="code">{}</abbr>{}</span>').format(
        code, Markup(" ") + label if label else "")


def who(row: dict[str, Any]) -> Markup:
    """actor1 → actor2 (an arrow: the direction matters, e.g. who supplies whom)."""
    one = actor(row.get("actor1"), row.get("actor1_code"))
    if not row.get("actor2_code"):
        return one
    return Markup('{} <span class="arrow" aria-label="to">→</span> {}').format(
        one, actor(row.get("actor2"), row.get("actor2_code")))


# How a headline reads each PLOVER type (actor1 <verb> actor2); presentation only: the codes and
# the extractor's summary stay in the exports.
_VERBS = {"AGREE": "agrees with", "CONSULT": "meets", "SUPPORT": "supports", "CONCEDE": "makes concessions to",
          "COOPERATE": "cooperates with", "AID": "aids", "RETREAT": "pulls back from", "REQUEST": "appeals to",
          "ACCUSE": "accuses", "REJECT": "rejects", "THREATEN": "threatens", "PROTEST": "protests against",
          "SANCTION": "sanctions", "MOBILIZE": "mobilizes against", "COERCE": "coerces", "ASSAULT": "attacks"}
_ALONE = {"MOBILIZE": "mobilizes", "RETREAT": "pulls back", "PROTEST": "protests", "CONCEDE": "concedes"}


def headline(row: dict[str, Any]) -> str:
    """A world event as a sentence: "North Korea supplies weapons to Russia"."""
    one = row.get("actor1") or row.get("actor1_code") or "?"
    two = row.get("actor2") or row.get("actor2_code")
    kind = row.get("event_type") or ""
    military = "military" in (row.get("contexts") or ())
    weapon = row.get("weapon_class")
    what = weapon if weapon and weapon.lower() not in ontology.shipped().generic_weapons else "arms"
    if kind == "AID" and military:
        verb = f"supplies {what} to"
    elif kind == "AGREE" and military:
        verb = f"agrees to supply {what} to" if two else "agrees an arms deal"
    else:
        verb = _VERBS.get(kind, kind.lower())
    if not two:
        return f"{one} {_ALONE.get(kind, verb.split(' ')[0] if ' ' in verb else verb)}"
    return f"{one} {verb} {two}"


def arrows(text: str | None) -> str:
    """ASCII arrows of the pipeline's texts as arrows (and a line never breaks inside one)."""
    return (text or "").replace("<->", "↔").replace("->", "→")


def marked(snippet: str | None) -> Markup:
    """A ts_headline snippet: escaped, then its match markers made <mark> elements."""
    if not snippet:
        return Markup("")
    return Markup(str(escape(snippet)).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


@jinja2.pass_context
def _url(context: Any, path: str, **query: Any) -> str:
    return href(context["request"], path, **query)


def setup_templates() -> Jinja2Templates:
    env = jinja2.Environment(loader=jinja2.PackageLoader("newswatch.desk", "templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.globals.update(url=_url, who=who, actor=actor, headline=headline, tone=TONE, version=__version__)
    env.filters.update(when=when, day=day, marked=marked, plural=plural, arrows=arrows)
    return Jinja2Templates(env=env)
