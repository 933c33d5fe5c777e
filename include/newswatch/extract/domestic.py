"""The unnamed domestic addressee of a one-sided event: PLOVER (like CAMEO before it) codes a
demand, refusal or concession that names no other party, in a sentence about one country only, as
the country acting towards itself ("Opposition groups in Zimbabwe demanded that the president step
down": ZWE -> ZWE; "the government accepted demands from rebels": the rebels are its own).

Only when the sentence itself says the other side is at home: a second party of the same country
(another organ, a place of it), or a bare agent noun in the trigger's clause ("rebels", "the
president", "students"); never when a party of another state is named anywhere in the sentence.
Which event types take such an addressee, and which need the stronger evidence, is data
(``domestic`` in ``patterns.yaml``); the agent nouns are the gazetteer's (``agents``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from .dictionaries import load_dictionaries
from .gazetteer import STATE_CODES, Mention
from .roles import PREPOSITIONS, Parsed, Span

# Sectors of a party that is a state's own people or institutions rather than the state acting abroad.
_SUB_STATE = frozenset(["OPP", "CVL", "REB", "LEG", "JUD", "COP", "BUS", "MED"])
# Types whose place alone says the other side is at home: a protest faces the state where it is held.
_STAGED = frozenset(["PROTEST"])


@dataclass(frozen=True, slots=True)
class DomesticRules:
    types: frozenset[str]  # types whose unnamed addressee may be the source's own state
    strict: frozenset[str]  # of these, types that need a second domestic party in the clause itself
    agents: dict[tuple[str, ...], str]  # agent noun (as words) -> sector
    foreign: frozenset[str]  # words that make the agent noun after them someone else's


@lru_cache(maxsize=4)
def rules(extra: tuple[tuple[str, int], ...] = ()) -> DomesticRules:
    d = load_dictionaries(extra)
    spec = d.get("domestic") or {}
    agents: dict[tuple[str, ...], str] = {}
    for sector, nouns in (d.get("agents") or {}).items():
        for noun in nouns:
            agents.setdefault(tuple(str(noun).lower().split()), str(sector))
    return DomesticRules(frozenset(str(t).upper() for t in spec.get("types") or ()),
                         frozenset(str(t).upper() for t in spec.get("strict") or ()), agents,
                         frozenset(str(w).lower() for w in spec.get("foreign") or ()))


def _bare_agents(p: Parsed, lo: int, hi: int, domestic: DomesticRules) -> list[tuple[int, int, str]]:
    """Agent nouns in tokens [lo, hi) that are no part of a named actor or place, nor foreign."""
    agents = domestic.agents
    found = []
    k = lo
    while k < hi:
        for n in (3, 2, 1):
            words = tuple(p.low[k : k + n])
            if len(words) == n and words in agents and not any(t in p.in_names for t in range(k, k + n)):
                if not (k and p.low[k - 1] in domestic.foreign) and not _adjectival(p, k, n):
                    found.append((k, k + n, agents[words]))
                k += n - 1
                break
        k += 1
    return found


# Agent nouns that are as often adjectives before a noun: "a general strike", "an official visit",
# "military action" name no general, official or army.
_ADJECTIVES = frozenset(["general", "official", "military"])


def _adjectival(p: Parsed, k: int, n: int) -> bool:
    """Whether the one-word agent at token ``k`` modifies the lower-case word after it ("general
    strike"); a verb after it keeps it a noun ("the general said", "the military warned")."""
    if n != 1 or p.low[k] not in _ADJECTIVES or k + 1 >= len(p.low):
        return False
    after = p.tokens[k + 1].text
    said = any(s == k + 1 for kind in ("say", "claim") for s, _, _ in p.cues.get(kind, ()))
    return after.isalpha() and after.islower() and not after.endswith("ed") and not said


def home_party(p: Parsed, source: Span, event_type: str, trigger: int, domestic: DomesticRules) -> Span | None:
    """The source's own state as the addressee of its one-sided event, or None (see the module)."""
    code = source.mention.code
    if event_type not in domestic.types or code not in STATE_CODES:
        return None
    if any(a.mention.code in STATE_CODES and a.mention.code != code for a in (*p.actors, *p.places)):
        return None  # another state is named: the addressee may be it, so none is guessed
    lo, hi = p.clause(trigger)
    others = [a for a in p.actors if a.mention.code == code and (a.i, a.j) != (source.i, source.j)
              and (a.mention.sector, a.mention.kind) != (source.mention.sector, source.mention.kind)]
    strict = event_type in domestic.strict
    # a strict type's counterpart is in the trigger's own clause; another's anywhere in its sentence
    # part, except a speaker ("..., officials said", "according to the ministry")
    b_lo, b_hi = (lo, hi) if strict else p.clause(trigger, hard=True)
    bare = [b for b in _bare_agents(p, b_lo, b_hi, domestic)
            if not (source.i <= b[0] < source.j) and not _own_phrase(p, source, b[0], trigger)
            and not _speaking(p, b[0], b[1], trigger)]
    evidence = bool(bare) or any(lo <= a.i < hi for a in others)
    if strict and not evidence and event_type in _STAGED and not source.location:
        # "Kenyans rallied in Nairobi", "a rally in Lagos": a protest staged at home, at a place of
        # the source's own state stated where it happened (the trigger's clause), faces that state,
        # as PLOVER codes a domestic protest with no named addressee (a strike with no place stays
        # one-sided; a state's curfew in its own capital names no victim: COERCE keeps its rule)
        evidence = any(lo <= s.i < hi and s.mention.code == code and (s.location or s.mention.kind == "place")
                       for s in p.places)
    if not strict:
        places = any(s.mention.code == code for s in p.places)
        evidence = evidence or bool(others) or places or source.mention.sector in _SUB_STATE
    if not evidence:
        return None
    # the counterpart named after the trigger ("denied the opposition a permit"), else before it
    at = next((b for b in bare if b[0] > trigger), bare[0] if bare else None)
    i, j = (at[0], at[1]) if at else (source.i, source.j)
    start, end = p.tokens[i].start, p.tokens[j - 1].end
    name = p.text[start:end] if at else _country_name(code)
    mention = Mention(start, end, name, code, at[2] if at else None, "agent" if at else "state")
    return Span(i, j, mention, False)


def _own_phrase(p: Parsed, source: Span, i: int, trigger: int) -> bool:
    """Whether the agent noun at token ``i`` heads the source's own phrase ("Nigerian oil workers
    threatened": the workers are the Nigerians who threaten, no other party)."""
    gap = p.low[source.j : i]
    return source.j <= i < trigger and len(gap) <= 2 and all(w.isalpha() for w in gap)


def _speaking(p: Parsed, i: int, j: int, trigger: int) -> bool:
    """Whether the agent noun at [i, j) speaks: "officials said", "according to the ministry" (the
    event's own trigger is a deed, not a report: "the administration denied a permit")."""
    after = any(j <= s <= j + 2 and s != trigger for kind in ("say", "claim") for s, _, _ in p.cues.get(kind, ()))
    before = any(i - 3 <= e <= i for _, e, _ in p.cues.get("according_to", ()))
    return after or before


@lru_cache(maxsize=512)
def _country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_3=code)
    name = getattr(country, "common_name", None) or getattr(country, "name", code) if country else code
    return re.sub(r",.*", "", name)


def home_source(p: Parsed, trigger: int, domestic: DomesticRules, subject: int | None = None) -> Span | None:
    """The doer no name gives, in a sentence about one state only: "Police arrested dozens of students
    in Cairo", "rebels attacked a village in northern Uganda". A bare agent noun that is the trigger's
    subject (the nearest one before it in its clause, no actor between, not a speaker) is that state's
    own, with the agent's sector, as CAMEO codes it (EGYCOP, UGAREB)."""
    states = {a.mention.code for a in (*p.actors, *p.places) if a.mention.code in STATE_CODES}
    if len(states) != 1 or any(a.mention.code not in STATE_CODES for a in p.actors):
        return None  # no state or several named, or an organisation: whose the agents are is a guess
    if _only_counterpart(p, trigger):
        return None
    if subject is not None:  # the parse names the subject: the agent noun must be it, wherever it stands
        bare = [b for b in _bare_agents(p, max(0, subject - 2), subject + 1, domestic) if b[0] <= subject < b[1]]
        if not bare and p.low[subject] in _QUANTITY_HEADS and p.low[subject + 1 : subject + 2] == ["of"]:
            # "tens of thousands of people rallied": the quantity heads the subject, the agent follows it
            bare = [b for b in _bare_agents(p, subject + 2, min(len(p.low), subject + 6), domestic)][:1]
        if not bare or _speaking(p, bare[0][0], bare[0][1], trigger):
            return None
        i, j, sector = bare[0]
    else:
        lo, _ = p.clause(trigger, hard=True)
        bare = [b for b in _bare_agents(p, lo, trigger, domestic) if not _speaking(p, b[0], b[1], trigger)]
        if not bare:
            return None
        i, j, sector = bare[-1]
        between = p.low[j:trigger]
        # "Riot police, armed with batons, detained ...": a phrase set off by two commas is the agent's
        aside = len(between) >= 3 and between[0] == "," and between[-1] == "," and between.count(",") == 2
        inner = between[1:-1] if aside else between
        if any(i < a.i < trigger for a in p.actors) or any(w in (",", ";", "that", "which", "who") for w in inner):
            return None
    code = next(iter(states))
    start, end = p.tokens[i].start, p.tokens[j - 1].end
    return Span(i, j, Mention(start, end, p.text[start:end], code, sector, "agent"), False)


# Prepositions after which a state named by name is the other side of the act ("the truce with
# Israel", "fired rockets at Israel", "the war against Ukraine").
_COUNTERPART = frozenset(["with", "at", "against", "on", "into", "toward", "towards"])


def _only_counterpart(p: Parsed, trigger: int) -> bool:
    """Whether the sentence names its one state only as the state itself, by name, behind a
    preposition of the other side after the trigger: "militants abandoned the truce with Israel",
    "militants fired rockets at Israel". The unnamed doer acts on that state, so it is none of its
    own ("Rebels attacked a village in Uganda", "militants attacked Nigerian soldiers" stay at home)."""
    named = [a for a in (*p.actors, *p.places) if a.mention.code in STATE_CODES]
    for a in named:
        k = a.i - 1
        while k >= 0 and p.low[k] in ("the", "a", "an"):
            k -= 1
        if not (a.i > trigger and a.mention.kind == "state" and a.mention.sector is None and k >= 0
                and p.low[k] in _COUNTERPART and not (a.j < len(p.low) and p.low[a.j] in ("'s", "'"))):
            return False
    return bool(named)


_QUANTITY_HEADS = frozenset("tens hundreds thousands millions dozens scores crowds groups".split())


# What may stand between a verb and the agent noun it acts on: "killed five Muslim rebels", "arrested
# dozens of students", "detained 20 suspected militants".
_NUMBERS = frozenset("""a an the some several many dozens scores hundreds thousands tens two three four five six seven
    eight nine ten eleven twelve fifteen twenty thirty forty fifty hundred thousand at least more than about
    nearly some of""".split())
_OBJECT_GAP = 4
_POSSESSIVES = frozenset(["its", "their", "his", "her", "our", "own"])


def home_object(p: Parsed, source: Span, head: int, end: int, domestic: DomesticRules) -> Span | None:
    """The party a verb acts on when its object is a bare agent noun in a sentence about one state:
    "the Philippine army killed five Muslim rebels", "Turkish police detained 20 students" (PHL REB,
    TUR CVL), as home_source reads the doer. Only the object right after the verb (numbers, quantities
    and words that are no preposition between), never a speaker, never someone marked foreign."""
    code = source.mention.code
    states = {a.mention.code for a in (*p.actors, *p.places) if a.mention.code in STATE_CODES}
    if code not in STATE_CODES or states != {code} or any(a.mention.code not in STATE_CODES for a in p.actors):
        return None
    _, hi = p.clause(head)
    if p.low[head].endswith("ing") and head and (p.low[head - 1] in PREPOSITIONS or p.low[head - 1] in _NUMBERS):
        return None  # "demands from striking miners": a participle before its noun, no verb and object
    for i, j, sector in _bare_agents(p, end, min(hi, end + _OBJECT_GAP + 3), domestic):
        gap = p.low[end:i]
        if len(gap) > _OBJECT_GAP or any(not w.isalnum() and "-" not in w for w in gap) or any(
                w in PREPOSITIONS and not (w == "of" and k and gap[k - 1] in _NUMBERS) for k, w in enumerate(gap)):
            return None
        if any(k in p.in_names for k in range(end, i)) or _speaking(p, i, j, head):
            return None
        if sector == source.mention.sector or any(w in _POSSESSIVES for w in gap):
            # "police arrested policemen", "must strengthen its army": the doer's own, no other party
            return None
        start, stop = p.tokens[i].start, p.tokens[j - 1].end
        return Span(i, j, Mention(start, stop, p.text[start:stop], code, sector, "agent"), False)
    return None
