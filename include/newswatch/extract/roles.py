"""One sentence laid out for coding: tokens, actor spans, clause limits, and the role slots a pattern
names (subj, obj, prep:WORD, right, pre, between) filled from the actors around a trigger.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .gazetteer import Mention
from .sentences import Token

PREPOSITIONS = frozenset(
    """to from with by on against at in of for into over about between among toward towards near across
    after before during since under through despite amid as than like upon onto within outside""".split()
)
LOCATIVE = frozenset("in at near inside across throughout around".split())
# What may stand between a preposition and its actor ("to its ally Russia", "on the US").
_FILLERS = frozenset(
    """the its their his her both fellow neighbouring neighboring ally allies several some many more other
    various new key major top senior two three four five dozens scores individual""".split()
)
# Nouns of a relation to another party: "a key US ally", "Russia's neighbours", "allies of France" name
# someone else than the state they are anchored on (the name of the ally itself still counts: "its
# ally Belarus"; an organisation's allies or partners are its members: "NATO allies").
RELATIONAL = frozenset("""ally allies partner partners neighbour neighbours neighbor neighbors rival rivals
    archrival archrivals arch-rival arch-rivals enemy enemies arch-enemy archenemy foe foes adversary adversaries
    proxy proxies client clients""".split())
_QUANTITIES = frozenset("""thousands hundreds dozens scores millions tens some many several most all part
    batch batches number lot lots group groups unit units""".split())
_DETS = frozenset("the a an this that these those its their his her our".split())
_COORD = frozenset([",", "and", "the", "or", "as", "well"])
_CONJ = frozenset(["and", "or"])
_PUNCT_STOP = frozenset([";", ":", "(", ")", "—", "–"])


@dataclass(frozen=True, slots=True)
class Span:
    """An actor or place mention placed on the token grid: tokens [i, j)."""

    i: int
    j: int
    mention: Mention
    location: bool  # "in Hanoi", "at the Kremlin": where something happened, not who did it


@dataclass(slots=True)
class Parsed:
    text: str  # the whole article: token offsets point into it
    tokens: list[Token]
    low: list[str]
    actors: list[Span]  # actor candidates (never places or locative mentions)
    places: list[Span]  # places and locative mentions ("in Hanoi": location=True)
    soft: list[int]  # token indices that open a clause (soft and hard boundaries)
    hard: list[int]  # token indices that open a coordinate clause (claims do not cross them)
    relative: list[tuple[int, int]]  # ", which ... ," spans: their actors are not a later verb's subject
    cues: dict[str, list[tuple[int, int, str | None]]] = field(default_factory=dict)
    in_names: set[int] = field(default_factory=set)  # tokens inside actor or place names

    def clause(self, idx: int, hard: bool = False) -> tuple[int, int]:
        """Token range of the clause that contains token ``idx``."""
        marks = self.hard if hard else self.soft
        lo, hi = 0, len(self.tokens)
        for m in marks:
            if m <= idx:
                lo = m
            else:
                hi = m
                break
        return lo, hi

    def cue_spans(self, kind: str, lo: int, hi: int) -> list[tuple[int, int, str | None]]:
        return [c for c in self.cues.get(kind, ()) if lo <= c[0] and c[1] <= hi]


def fill(slot: str, p: Parsed, head: int, end: int, taken: tuple[Span, ...] = ()) -> list[Span]:
    """The actors a role slot names for a trigger at tokens [head, end); [] when it is empty."""
    lo, hi = p.clause(head)
    hi = max(hi, end)
    if slot == "subj":
        found = subject(p, head)
        if found is None:
            return []
        host = _comitative_host(p, found)
        # "the United States, along with Britain, launched": the host is the subject, its companion
        # acts with it
        return [*coordinated_left(p, host), found] if host is not None else coordinated_left(p, found)
    if slot == "obj":
        for a in p.actors:
            if a.i <= head or a.i >= hi or a in taken:
                continue
            gap = p.low[head + 1 : a.i]
            # "shelled positions of the Palestinian forces": the object's owner is the one struck
            # ("thousands of riot police" counts its own object, it names no owner)
            owner = gap.count("of") == 1 and gap[0] != "of" and gap[gap.index("of") - 1] not in _QUANTITIES
            if len(gap) > 6 or any((w in PREPOSITIONS and not (owner and w == "of")) or not w[0].isalnum() for w in gap):
                return []
            return coordinated_right(p, a, hi)
        return []
    if slot.startswith("prep:"):
        word = slot[5:]
        if word == "to" and end < hi and p.low[end] == "to":
            # "agreed to let Russia use its airspace for flights to Libya": a "to" right after the
            # trigger is its own (an infinitive or its object); a later one belongs to the complement
            hi = next((k for k in range(end + 1, hi) if p.low[k] == "to"), hi)
        for a in p.actors:
            if a.i >= end and a.i < hi and a not in taken and _preceded_by(p, a.i, word, end):
                if word == "by" and _passive_between(p, end, a.i):
                    return []  # "the attack on the embassy was condemned by Greece": the verb's agent
                return coordinated_right(p, a, hi)
        return []
    if slot == "right":
        for a in p.actors:
            if a.i >= end and a.i < hi and a not in taken:
                return [a]
        return []
    if slot == "pre":  # "US sanctions", "North Korea's arms shipments"
        for a in reversed(p.actors):
            if a.j <= head and head - a.j <= 3:
                gap = p.low[a.j : head]
                said = any(a.j <= s < head for kind in ("claim", "say") for s, _, _ in p.cues.get(kind, ()))
                if not said and all(w == "'s" or (w[0].isalnum() and w not in PREPOSITIONS and w not in _DETS) for w in gap):
                    return [a]
            if a.j <= head:
                break
        return []
    if slot == "agent":  # the clause's own subject: "Kim travelled ... for a summit with Putin"
        hard_lo, _ = p.clause(head, hard=True)
        for a in p.actors:
            # "thousands of Kenyans gathered for a rally": a crowd counted "of" its people is them
            counted = a.i >= 2 and p.low[a.i - 1] == "of" and p.low[a.i - 2] in _QUANTITIES
            if counted and hard_lo <= a.i - 2 and a.j <= head:
                return [a]
            if hard_lo <= a.i and a.j <= head and (a.i == 0 or p.low[a.i - 1] not in PREPOSITIONS):
                k = a.i - 1
                while k >= hard_lo and p.low[k] in _DETS:
                    k -= 1
                if k < hard_lo or p.low[k] not in PREPOSITIONS:
                    return [a]
        return []
    if slot == "that":  # "demanded that the US cancel ...": the complement clause's subject
        k = next((k for k in range(end, min(end + 3, len(p.low))) if p.low[k] == "that"), None)
        if k is None:
            return []
        return [a for a in p.actors if k < a.i <= k + 4 and a not in taken][:1]
    if slot == "between":
        return between(p, head, hi)
    raise ValueError(f"unknown role slot {slot!r}")


_BE = frozenset(["was", "were", "been", "is", "are", "be", "being"])


def _passive_between(p: Parsed, lo: int, hi: int) -> bool:
    """A passive verb ("was condemned", "were rejected") between a trigger and a "by": the by-phrase is
    that verb's agent, not the trigger's."""
    return any(p.low[k] in _BE and p.low[k + 1].endswith(("ed", "en", "wn", "ught", "ung"))
               for k in range(lo, min(hi, len(p.low)) - 1))


def subject(p: Parsed, head: int) -> Span | None:
    """Nearest actor before the trigger, skipping relative clauses that close before it."""
    for a in reversed(p.actors):
        if a.j > head:
            continue
        if any(r0 <= a.i and a.j <= r1 and r1 <= head for r0, r1 in p.relative):
            continue
        if any(p.low[k] in _PUNCT_STOP for k in range(a.j, head)):
            return None
        after = a.j + 1 if a.j < head and p.low[a.j] == "'s" else a.j
        if after < head and p.low[after] in RELATIONAL and a.mention.kind != "org":
            continue  # "Pakistan, a key US ally, refused": the ally is not the US
        # "captured 23 pirates who threatened": a relative clause's subject is the noun before
        # "who"; only when that noun is the actor ("the Russians who attacked") is it the subject
        rel = next((k for k in range(head - 1, a.j - 1, -1) if p.low[k] in _REL_PRONOUNS), None)
        if rel is not None and rel != a.j and not (rel == a.j + 1 and p.low[a.j] == ","):
            return None
        return a
    return None


_REL_PRONOUNS = frozenset(["who", "which", "whom"])


_COMITATIVE = (("along", "with"), ("together", "with"), ("alongside",), ("as", "well", "as"), ("joined", "by"))


def _comitative_host(p: Parsed, companion: Span) -> Span | None:
    """The actor that "along with", "together with", "alongside" or "as well as" attaches ``companion``
    to, right before the phrase (a comma at most between): "Washington, along with London, ..."."""
    k = companion.i
    while k > 0 and p.low[k - 1] in _DETS:
        k -= 1
    for phrase in _COMITATIVE:
        n = len(phrase)
        if k - n >= 1 and tuple(p.low[k - n : k]) == phrase:
            last = k - n - 1  # the host's last word, before a comma at most
            if p.low[last] == ",":
                last -= 1
            return next((a for a in p.actors if a.j == last + 1), None) if last >= 0 else None
    return None


def between(p: Parsed, head: int, hi: int) -> list[Span]:
    for k in range(head + 1, min(head + 6, hi)):
        if p.low[k] == "between":
            after = [a for a in p.actors if a.i > k and a.i < hi]
            if len(after) >= 2 and "and" in p.low[after[0].j : after[1].i]:
                return after[:2]
            return []
    return []


def coordinated_left(p: Parsed, last: Span) -> list[Span]:
    """"Russia, North Korea and China ..." -> all three, in order of mention."""
    chain = [last]
    index = p.actors.index(last)
    seen_and = False
    while index > 0:
        prev = p.actors[index - 1]
        if (prev.i, prev.j) == (chain[0].i, chain[0].j):  # "the two leaders": both parties in one phrase
            return [prev, *chain]  # the pair is the whole list: its parties were named before it
        gap = set(p.low[prev.j : chain[0].i])
        if not gap or not gap <= _COORD or not ({"and", ","} & gap):
            break
        if not (gap & _CONJ) and not seen_and:
            break  # "Japan, Russia attacked": a comma alone is no list
        seen_and = seen_and or bool(gap & _CONJ)
        chain.insert(0, prev)
        index -= 1
    return chain


def coordinated_right(p: Parsed, first: Span, hi: int) -> list[Span]:
    """"to Russia, Iran and Syria" -> all three; "to Russia, South Korea's military said" -> one."""
    chain = [first]
    complete = 1
    index = p.actors.index(first)
    while index + 1 < len(p.actors):
        nxt = p.actors[index + 1]
        if (nxt.i, nxt.j) == (chain[-1].i, chain[-1].j):  # "the two leaders": both parties in one phrase
            chain.append(nxt)
            complete = len(chain)
            index += 1
            continue
        gap = set(p.low[chain[-1].j : nxt.i])
        if nxt.i >= hi or not gap or not gap <= _COORD or not ({"and", ","} & gap):
            break
        chain.append(nxt)
        if gap & _CONJ:
            complete = len(chain)
        index += 1
    return chain[:complete]


def _preceded_by(p: Parsed, i: int, word: str, floor: int) -> bool:
    k = i - 1
    skipped = 0
    while k >= floor and (p.low[k] in _FILLERS or _compound_adjective(p.tokens[k].text)) and skipped < 3:
        k -= 1
        skipped += 1
    return k >= floor and p.low[k] == word


def _compound_adjective(word: str) -> bool:
    """A lower-case hyphenated adjective before a name: "the invasion of oil-wealthy Kuwait", "aid to
    war-torn Sudan" (never "pro-Russian", which names a party)."""
    return "-" in word and word.islower() and all(part.isalpha() for part in word.split("-"))


# Words between "in" and a place that keep it the place where something happens ("in the occupied West
# Bank", "in southern Lebanon")
_PLACE_ADJECTIVES = frozenset("""occupied disputed besieged annexed northern southern eastern western central
    north south east west northeast northwest southeast southwest far rebel-held war-torn""".split())


# Nouns of a kind of place written before its name: "the town of Samarra", "the southern port of Basra"
_PLACE_NOUNS = frozenset("""town towns city cities village villages province provinces region district districts
    port capital state county area enclave island islands suburb suburbs neighbourhood neighborhood
    governorate municipality""".split())


def before_place(low: list[str], i: int) -> int:
    """The index of the word before a place name at token ``i``, past "the" and its adjectives
    ("in the occupied West Bank", "in southern Lebanon" -> the "in"), and past the kind of place the
    name is written as ("near the town of Samarra", "in the northern city of Mosul" -> the "near");
    -1 at the sentence's start."""
    k = i - 1
    while k >= 0 and (low[k] == "the" or low[k] in _PLACE_ADJECTIVES):
        k -= 1
    if k >= 2 and low[k] == "of" and low[k - 1] in _PLACE_NOUNS:
        j = k - 3 if low[k - 2] in _PLACE_NOUNS else k - 2  # the word before "town", "port city"
        m = j
        while m >= 0 and (low[m] == "the" or low[m] in _PLACE_ADJECTIVES):
            m -= 1
        if m < j:  # "the (northern) town of" names the place; "a city of Iraq" does not
            return m
    return k


def _located(p: Parsed, s: Span) -> bool:
    """A place written "in the occupied West Bank": a locative mention the layout read as a bare name."""
    k = before_place(p.low, s.i)
    return k < s.i - 1 and k >= 0 and p.low[k] in LOCATIVE


def location(p: Parsed, head: int, blockers: frozenset[str]) -> Span | None:
    """The stated place of the event: a locative mention in the trigger's clause, nearest after it."""
    lo, hi = p.clause(head)
    best = None
    for s in p.places:
        if not (s.location or _located(p, s)) or not (lo <= s.i < hi):
            continue
        k = s.i - 1
        while k > 0 and p.low[k] == "the":
            k -= 1
        if k > 0 and p.low[k - 1] in blockers:
            continue  # "the war in Ukraine" places the war, not this event
        distance = (s.i - head) if s.i > head else (head - s.i) + 100
        if best is None or distance < best[0]:
            best = (distance, s)
    return best[1] if best else None
