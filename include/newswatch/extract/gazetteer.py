"""Finds actors and places in text: one Aho-Corasick pass over the lower-cased article, then
word-boundary and capitalization checks, then titles and agents folded into the actor they describe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import ahocorasick
import pycountry

# When one name has several readings the higher one wins ("Congress": the US seat over the agent).
_PRIORITY = {"short": 8, "person": 7, "seat": 6, "org": 5, "state": 4, "capital": 3, "demonym": 2, "place": 1, "agent": 0}
_EXACT = re.compile(r"[A-Z0-9.]+")
# What may sit between a state and its agent ("Seoul's spy agency", "US senior officials").
_STATE_AGENT_GAP = re.compile(
    r"\s*(?:['’]s)?\s*(?:(?:senior|top|former|acting|new|chief|deputy|vice|first|high-ranking|"
    r"local|then)\s+)*",
    re.IGNORECASE,
)
_SPACE_GAP = re.compile(r"\s*(?:,\s*)?")
_IN_GAP = re.compile(r"\s+in\s+(?:the\s+)?", re.IGNORECASE)
_LOCAL_SECTORS = frozenset(["GOV", "OPP", "CVL", "REB", "COP", "LEG", "JUD", "BUS", "MED"])


# A name written as someone else's patron or cause: "pro-Russian separatists", "anti-government
# protesters", "Iranian-backed militias" are no Russian, government or Iranian party (the party is the
# noun after it: separatists, protesters, militias). "US-led", "UN-brokered" keep their leader.
_BACKED = ("-backed", "-sponsored", "-supported", "-funded", "-trained", "-armed", "-allied", "-aligned",
           "-leaning", "-friendly", "-born", "-inspired", "-affiliated", "-linked")


def _patron(low: str, start: int, group: tuple) -> bool:
    """Whether the name at ``start`` follows "anti-" ("anti-government"), or "pro-" and is a name, not
    an agent noun ("pro-Russian"; but "pro-government militias" are the government's own)."""
    if low.endswith("anti-", 0, start):
        return True
    return low.endswith("pro-", 0, start) and any(e.kind != "agent" for e in group)


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    text: str
    code: str | None  # None only for bare agents ("officials")
    sector: str | None
    kind: str  # state, demonym, capital, seat, place, person, org, agent, composite
    agent_sector: str | None = None  # the name also reads as an agent noun ("congress")
    person: str | None = None  # the person's full name; for a short name, the candidates joined by "|"


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str
    kind: str
    code: str | None
    sector: str | None
    exact: bool  # match case-sensitively (acronyms: "US", "UN")
    person: str | None = None  # full name of the person this names


class Gazetteer:
    def __init__(self, dictionaries: dict):
        self._automaton = ahocorasick.Automaton()
        entries: dict[str, list[_Entry]] = {}
        for entry in _entries(dictionaries):
            entries.setdefault(_lower(entry.name), []).append(entry)
        for key, group in entries.items():
            group.sort(key=lambda e: -_PRIORITY[e.kind])
            self._automaton.add_word(key, (len(key), tuple(group)))
        self._automaton.make_automaton()
        self.codes = frozenset(e.code for g in entries.values() for e in g if e.code)
        self._titled = _titled_pattern(dictionaries.get("titles") or {})

    def find(self, text: str) -> list[Mention]:
        """Actor, place and agent mentions in ``text``, non-overlapping, titles folded in."""
        low = _lower(text)
        found: list[Mention] = []
        for last, (length, group) in self._automaton.iter(low):
            start, end = last + 1 - length, last + 1
            if (start > 0 and low[start - 1].isalnum()) or (end < len(low) and low[end].isalnum()):
                continue
            if (start > 3 and low[start - 1] == "-" and _patron(low, start, group)) or (
                    end < len(low) and low[end] == "-" and low.startswith(_BACKED, end)):
                continue  # "pro-Russian separatists", "Iranian-backed militias": the patron, not the party
            mention = _reading(text, start, end, group)
            if mention is not None:
                found.append(mention)
        found.sort(key=lambda m: (m.start, m.start - m.end))
        chosen: list[Mention] = []
        for m in found:
            if not chosen or m.start >= chosen[-1].end:
                chosen.append(m)
        if self._titled is not None:
            chosen = _titled_people(text, chosen, self._titled)
        folded = _fold_titles(text, _resolve_short_names(chosen))
        if any(m.code is None for m in folded):
            folded = _titled_countries(text, folded)
        return [m for m in folded if m.code is not None]


def _reading(text: str, start: int, end: int, group: tuple[_Entry, ...]) -> Mention | None:
    surface = text[start:end]
    valid = [e for e in group if _case_ok(e, surface)]
    if not valid:
        return None
    best = valid[0]
    agent = next((e.sector for e in valid if e.kind == "agent"), None)
    if best.kind == "short":
        candidates = "|".join(e.person for e in valid if e.kind == "short" and e.person)
        return Mention(start, end, surface, None, None, "short", agent, candidates)
    return Mention(start, end, surface, best.code, best.sector, best.kind, agent, best.person)


def _resolve_short_names(mentions: list[Mention]) -> list[Mention]:
    """"Kim" is Kim Jong Un only after the article named him in full; otherwise it is dropped."""
    out: list[Mention] = []
    last_seen: dict[str, Mention] = {}
    for m in mentions:
        if m.kind == "person" and m.person:
            last_seen[m.person] = m
        if m.kind != "short":
            out.append(m)
            continue
        seen = [last_seen[c] for c in (m.person or "").split("|") if c in last_seen]
        if seen:
            full = max(seen, key=lambda x: x.start)
            out.append(replace(m, code=full.code, sector=full.sector, kind="person", person=full.person))
    return out


def _case_ok(entry: _Entry, surface: str) -> bool:
    if entry.exact:
        return surface == entry.name
    if entry.kind == "agent":
        return True
    return _first_letter(surface).isupper()


def _first_letter(surface: str) -> str:
    # a plain loop: a generator under next() cost a tenth of the gazetteer's time (every name found)
    for c in surface:
        if c.isalpha():
            return c
    return ""


def _bare_agent(m: Mention) -> Mention:
    """An agent noun ("officials") as the head of a phrase: no code, its agent sector. Built directly
    (dataclasses.replace is five times slower, and every agent in an article passes here)."""
    return Mention(m.start, m.end, m.text, None, m.agent_sector or m.sector, m.kind, m.agent_sector, m.person)


def _fold_titles(text: str, mentions: list[Mention]) -> list[Mention]:
    """Merge "North Korean" + "leader" + "Kim Jong Un" into one actor; drop bare agents."""
    out: list[Mention] = []
    i = 0
    while i < len(mentions):
        head = mentions[i]
        j = i + 1
        if head.kind == "agent":
            head = _bare_agent(head)
        sector = head.sector
        merged = False
        # agents after a state/demonym/capital/seat/org (or after another agent); a seat of the same
        # state reads like an agent ("South Korea's National Intelligence Service")
        while j < len(mentions) and (mentions[j].agent_sector is not None or (
            mentions[j].kind == "seat" and head.code is not None and mentions[j].code == head.code
        )):
            gap = text[mentions[j - 1].end : mentions[j].start]
            pattern = _STATE_AGENT_GAP if j == i + 1 else _SPACE_GAP
            if not pattern.fullmatch(gap) or "," in gap:
                break
            if not merged and head.kind in ("person", "place"):
                break
            if not merged and head.kind != "agent":
                sector = mentions[j].agent_sector or mentions[j].sector
            merged = True
            j += 1
        # a person after the title ("President Vladimir Putin", "Russia's Putin")
        titled = False
        if j < len(mentions) and mentions[j].kind in ("person", _TITLED) and head.kind not in ("person", _TITLED):
            gap = text[mentions[j - 1].end : mentions[j].start]
            if _STATE_AGENT_GAP.fullmatch(gap) and "," not in gap:
                person = mentions[j]
                # "Israeli Prime Minister Ehud Barak": a name no list knows keeps the state before it
                head = replace(head, code=person.code or head.code)
                titled = person.code is None
                sector = person.sector
                merged = True
                j += 1
        # a bare agent located in a state ("protesters in Hong Kong", "officials in Kyiv"): that state's
        # people; never troops or forces, which are as often foreign ones ("forces in Iraq")
        if head.code is None and sector in _LOCAL_SECTORS and j < len(mentions) and (
            mentions[j].kind in ("state", "capital", "place") and _IN_GAP.fullmatch(text[mentions[j - 1].end : mentions[j].start])
        ):
            head = replace(head, code=mentions[j].code)
            merged = True
            j += 1
        if merged:
            end = mentions[j - 1].end
            kind = _TITLED if titled and head.code is None else "composite"
            out.append(Mention(head.start, end, text[head.start : end], head.code, sector, kind))
        elif head.code is not None or head.kind == _TITLED:
            out.append(head)
        i = j
    return out


# A government or military title before a capitalised name no list knows ("President Ould Taya",
# "Lt. Gen. Tran Van Minh", "Foreign Minister Al-Sabah"): that country's person, the country named in
# the phrase ("Haiti's President X", "Israeli Prime Minister Y") or else the one country the sentence
# (or, naming none, the article) speaks of. Titles are data: ``titles`` in actors.yaml.
_TITLED = "titled"
_NAME_WORD = r"(?:[A-Z][\w'’]*(?:-[\w'’]+)*\.?|(?:al|el|bin|ibn|van|von|den|der|de|da|dos|du|la|le)\b-?)"
_NAME = rf"(?P<name>[A-Z][\w'’]*(?:-[\w'’]+)*\.?(?:\s+{_NAME_WORD}){{0,4}})"


def _titled_pattern(titles: dict) -> tuple[re.Pattern, dict[str, str]] | None:
    sectors = {}
    for sector, words in titles.items():
        for w in words or ():
            sectors[" ".join(str(w).split())] = str(sector)
    if not sectors:
        return None
    alternatives = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in sorted(sectors, key=len, reverse=True))
    # a match starts with a title's first letter: the lookahead on them lets the regex engine skip
    # to those letters instead of trying every title at every character (2.3x faster over an article)
    firsts = "".join(re.escape(c) for c in sorted({t[0] for t in sectors if t}))
    skip = rf"(?=[{firsts}])" if "" not in sectors else ""
    return re.compile(rf"{skip}(?<![\w.-])(?P<title>{alternatives})\s+{_NAME}"), sectors


def _titled_people(text: str, mentions: list[Mention], titled: tuple[re.Pattern, dict[str, str]]) -> list[Mention]:
    """Names no list knows after a title: a person mention (no code yet) over the title and name, in
    place of the bare title agent there; a name that runs into a known mention is cut before it."""
    pattern, sectors = titled
    out = list(mentions)
    for match in pattern.finditer(text):
        name_start = match.start("name")
        words = list(re.finditer(r"\S+", match.group("name")))
        end = name_start
        for w in words:
            w_start, w_end = name_start + w.start(), name_start + w.end()
            if any(m.start < w_end and w_start < m.end for m in mentions if m.kind != "agent"):
                break
            end = w_end
        while end > name_start and not text[end - 1].isalnum():
            end -= 1  # "Gen. X." ends before the sentence's full stop
        last = text[name_start:end].split()
        if end <= name_start or not last or not last[-1][:1].isupper() or last[-1].lower() in _NOT_NAMES \
                or last[0].lower().rstrip(".,") in _NOT_FIRST_NAMES:
            continue
        start = match.start("title")
        title = " ".join(match.group("title").split())
        sector = sectors.get(title) or next((v for k, v in sectors.items() if k.lower() == title.lower()), "GOV")
        out = [m for m in out if not (start <= m.start and m.end <= end)]  # the title agent, folded in
        out.append(Mention(start, end, text[start:end], None, sector, _TITLED, None, text[name_start:end]))
    out.sort(key=lambda m: (m.start, m.start - m.end))
    return out


# Words that make "General ...", "Governor ..." a company's or an institution's name, not a person's
_NOT_FIRST_NAMES = frozenset("""motors electric dynamics mills atomics assembly secretary secretariat staff
    council court prosecutor accounting hospital election elections strike services directorate command
    headquarters office""".split())
_NOT_NAMES = frozenset("""monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december on in at and of the said says""".split())


def _titled_countries(text: str, mentions: list[Mention]) -> list[Mention]:
    """A titled person with no country in the phrase takes the one country its sentence names (or,
    naming none, the one the article names); with several, it stays unknown."""
    from .sentences import split_sentences  # only for the rare article with such a name

    bounds = [(s.start, s.end) for s in split_sentences(text)]
    states = [m for m in mentions if m.code in STATE_CODES and m.kind in _COUNTRY_KINDS]
    article = {m.code for m in states}
    out = []
    for m in mentions:
        if m.code is None:
            lo, hi = next(((a, b) for a, b in bounds if a <= m.start < b), (0, len(text)))
            codes = {x.code for x in states if lo <= x.start < hi}
            codes = codes or article
            if len(codes) != 1:
                continue
            m = replace(m, code=next(iter(codes)), kind="person" if m.kind == _TITLED else m.kind)
        out.append(m)
    return out


# every ISO 3166 state code: a mention with one of these names a state (layout and domestic read it too)
STATE_CODES = frozenset(c.alpha_3 for c in pycountry.countries)
_COUNTRY_KINDS = frozenset(["state", "demonym", "capital", "seat", "composite", "person"])


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):  # keep offsets aligned ("İ" lower-cases to two characters)
        low = "".join(c.lower()[:1] or c for c in text)
    return low.replace("’", "'")


def _entries(d: dict):
    excluded = {n.lower() for n in d.get("exclude_names", [])}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            name = getattr(country, attr, None)
            if name and "," not in name and "(" not in name and name[0].isupper():
                if name.lower() not in excluded:
                    yield _entry(name, "state", country.alpha_3, None)
    for code, info in (d.get("states") or {}).items():
        info = info or {}
        for name in info.get("names", []):
            yield _entry(name, "state", code, None)
            if " " not in str(name) and str(name).endswith(("ian", "ean")):
                # converted PETRARCH names list a demonym among them ("Ghanaian"): its plural names the
                # people ("Ghanaians"), as a curated demonym's does
                yield _entry(str(name) + "s", "demonym", code, None)
        for name in info.get("demonyms", []):
            yield _entry(name, "demonym", code, None)
            if name.endswith(("an", "i")):
                yield _entry(name + "s", "demonym", code, None)
        for name in info.get("capitals", []):
            yield _entry(name, "capital", code, None)
        for name, sector in (info.get("seats") or {}).items():
            yield _entry(name, "seat", code, sector)
        for name in info.get("places", []):
            yield _entry(name, "place", code, None)
    for item in d.get("people") or []:
        full = str(item["names"][0])
        for name in item.get("names", []):
            yield _entry(name, "person", item.get("code"), item.get("sector"), full)
        for name in item.get("short", []):
            yield _entry(name, "short", item.get("code"), item.get("sector"), full)
    for item in d.get("organisations") or []:
        for name in item.get("names", []):
            yield _entry(name, "org", item.get("code"), item.get("sector"))
    for sector, nouns in (d.get("agents") or {}).items():
        for noun in nouns:
            yield _Entry(str(noun), "agent", None, sector, False)


def _entry(name: str, kind: str, code: str | None, sector: str | None, person: str | None = None) -> _Entry:
    name = str(name)
    return _Entry(name, kind, code, sector, bool(_EXACT.fullmatch(name)) and any(c.isalpha() for c in name), person)
