"""Arms-transfer detail (weapon class, stated quantity, stage) and the clause words that add PLOVER
contexts ("shells" -> military, "food" -> humanitarian).
"""

from __future__ import annotations

import re

from newswatch.model import ArmsTransfer

from .patterns import inflect
from .roles import PREPOSITIONS, Parsed, Span

_QUANTITY = (
    r"(?<![\w-])(?P<q>(?i:(?:(?:more than|over|about|around|nearly|almost|at least|up to|some|roughly|an estimated|"
    r"approximately|as many as|fewer than|less than|close to|well over)\s+)?"
    r"(?:\d[\d,.]*(?:\s*(?:dozen|million|billion|thousand|hundred|m|bn|k)\b)?|"
    r"(?:a|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|a dozen|dozens|hundreds|"
    r"thousands|millions|tens of thousands|hundreds of thousands)(?:\s+(?:dozen|million|thousand|hundred))?)"
    r"(?:\s+of)?(?:\s+(?:{units})(?:\s+of)?)?))"
    r"\s+(?:(?:[A-Z][\w-]*|new|more|additional|old|used|modern|advanced|conventional|"
    r"heavy|light|large-calibre|large-caliber)\s+){{0,3}}$"
)  # formatted with the unit nouns, then compiled


class TermIndex:
    """Multi-word terms matched on lower-cased tokens, each with a label (a class or a context)."""

    def __init__(self, groups: dict[str, list[str]]):
        self._index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for label, terms in groups.items():
            for term in terms:
                words = str(term).lower().split()
                self._index.setdefault(words[0], []).append((tuple(words[1:]), label))

    def find(self, low: list[str], lo: int, hi: int) -> list[tuple[int, int, str]]:
        out = []
        for i in range(lo, hi):
            for rest, label in self._index.get(low[i], ()):
                if tuple(low[i + 1 : i + 1 + len(rest)]) == rest and i + 1 + len(rest) <= hi:
                    out.append((i, i + 1 + len(rest), label))
        return out


class Arsenal:
    def __init__(self, dictionaries: dict):
        weapons = dictionaries.get("weapons") or {}
        self.weapons = TermIndex(weapons)
        cues = dict(dictionaries.get("context_cues") or {})
        self.contexts = TermIndex(cues)
        self.trade = TermIndex({"trade": dictionaries.get("trade_goods") or []})
        irregular = {str(k).lower(): list(v) for k, v in (dictionaries.get("irregular") or {}).items()}
        self.trade_verbs = frozenset(f for v in dictionaries.get("trade_verbs") or () for f in inflect(str(v), irregular))
        self.gift_verbs = frozenset(f for v in dictionaries.get("gift_verbs") or () for f in inflect(str(v), irregular))
        contests = dictionaries.get("contests") or {}
        self.contest_types = frozenset(str(t).upper() for t in contests.get("types") or ())
        self.contest_players = TermIndex({"player": contests.get("players") or []})
        self.contest_outcomes = TermIndex({"outcome": contests.get("outcomes") or []})
        self.contest_verbs = frozenset(f for v in contests.get("verbs") or () for f in inflect(str(v), irregular))
        self.contest_teams = frozenset(str(w).lower() for w in contests.get("teams") or ())
        self.contest_sectors = frozenset(str(w).upper() for w in contests.get("sectors") or ())
        units = "|".join(re.escape(str(u)) for u in dictionaries.get("units") or ["containers"])
        self._quantity = re.compile(_QUANTITY.format(units=units))

    def contexts_in(self, p: Parsed, lo: int, hi: int) -> set[str]:
        """Contexts cued by the clause's words; names do not count ("National Intelligence Service")."""
        found = {label for i, _, label in self.contexts.find(p.low, lo, hi)
                 if i not in p.in_names and not _negated_goods(p.low, i)}
        if any(not _negated_goods(p.low, i) for i, _, _ in self.weapons.find(p.low, lo, hi)):
            found.add("military")
        return found

    def is_contest(self, p: Parsed, event_type: str, head: int, lo: int, hi: int) -> bool:
        """A game, a vote or a market, not violence (``contests`` in patterns.yaml): a team or a
        player acting ("Kenya's national team beat Uganda"), or a word of winning with a game's, a
        vote's or a market's words or a score in its clause ("beat Uganda 2-0 in the qualifier")."""
        if event_type not in self.contest_types:
            return False
        # the players may be the subject of the sentence's main clause ("the Malian team invaded the
        # pitch after beating Mexico"): anywhere before the trigger within its sentence part
        start = p.clause(head, hard=True)[0]
        if any(i < head and i not in p.in_names and not _after_preposition(p, i)
               for i, _, _ in self.contest_players.find(p.low, start, hi)):
            return True  # (a team after a preposition is no player acting: "trained with the national team")
        if any(start <= a.j < head and p.low[a.j] in self.contest_teams
               and not (a.j + 1 < len(p.low) and p.low[a.j + 1] == "of") for a in p.actors):
            return True  # "the Malian team invaded the pitch", "Kenya's side" (its "'s" is part of the name)
        return p.low[head] in self.contest_verbs and (
            any(i not in p.in_names for i, _, _ in self.contest_outcomes.find(p.low, lo, hi))
            or any(_SCORE.match(w) for w in p.low[lo:hi]))

    def rivals(self, event_type: str, source: Span, target: Span | None) -> bool:
        """Two companies contesting a market, no violence: "Hanwha attacked Rostec's bid"."""
        return (event_type in self.contest_types and target is not None
                and source.mention.sector in self.contest_sectors and target.mention.sector in self.contest_sectors)

    def is_trade(self, p: Parsed, head: int, lo: int, hi: int, trade_verb: bool) -> bool:
        """Trade, not AID: goods that are neither arms nor aid ("exported oil"), or a sale or purchase
        with no weapon and no aid in its clause ("bought chips")."""
        contexts = self.contexts_in(p, lo, hi)
        if contexts & {"military", "humanitarian"} or p.low[head] in self.gift_verbs:
            return False
        return trade_verb or bool(self.trade.find(p.low, lo, hi))

    def weapon_span(self, p: Parsed, head: int, lo: int, hi: int) -> tuple[int, int, str] | None:
        """Tokens [i, j) and class of the clause's longest weapon term (the nearest to the trigger)."""
        terms = self.weapons.find(p.low, lo, hi)
        return max(terms, key=lambda t: (t[1] - t[0], -abs(t[0] - head))) if terms else None

    @staticmethod
    def made_by(p: Parsed, span: tuple[int, int, str], actor: Span) -> bool:
        """Does ``actor`` name where the weapons of ``span`` come from: "Russian fighter jets",
        "Iranian attack drones" (a demonym or state at most two lower-case words before the weapon
        term, inside its noun phrase), or one of coordinated makers ("Chinese and Russian fighter
        jets": the words between are other makers' names, "and", "or" and commas)?"""
        if actor.mention.kind not in ("state", "demonym") or not actor.j <= span[0]:
            return False
        between = range(actor.j, span[0])
        if span[0] - 2 <= actor.j and all(p.tokens[k].text.isalpha() and not p.tokens[k].text[:1].isupper()
                                         for k in between):
            return True
        makers = {k for a in p.actors if a.mention.kind in ("state", "demonym") for k in range(a.i, a.j)}
        return (span[0] - actor.j <= 8 and any(p.low[k] in ("and", "or", ",") for k in between)
                and all(k in makers or p.low[k] in ("and", "or", ",") for k in between[:-1])
                and (span[0] - 1 in makers or p.tokens[span[0] - 1].text.isalpha()
                     and not p.tokens[span[0] - 1].text[:1].isupper()))

    def weapon(self, p: Parsed, span: tuple[int, int, str], lo: int) -> tuple[str, str | None]:
        """(weapon class, quantity as stated) of the weapon term ``span`` (weapon_span) in the clause
        starting at token ``lo``."""
        i, _, label = span
        prefix = p.text[p.tokens[lo].start : p.tokens[i].start]
        m = self._quantity.search(prefix)
        quantity = re.sub(r"\s+of$", "", m.group("q").strip()) if m else None
        if quantity and quantity.lower().split()[0] in ("a", "an", "one", "some") and not re.search(
            r"\d|million|thousand|dozen|hundred", quantity
        ):
            quantity = None  # "a shipment", "one tank" is not worth stating
        return label, quantity


def _after_preposition(p: Parsed, i: int) -> bool:
    k = i - 1
    while k >= 0 and (p.low[k] in ("the", "a", "an", "its", "their", "'s") or k in p.in_names):
        k -= 1
    return k >= 0 and p.low[k] in PREPOSITIONS


_SCORE = re.compile(r"^\d{1,2}-\d{1,2}$")  # "2-0", "3-1" (not "2023-24" nor "152-mm")

# "not weapons", "instead of tanks", "rather than artillery": goods named only to be ruled out (a
# negated act, "never bought tanks", is the claim's business, not the goods')
_NEGATORS = frozenset(["not", "no", "without", "nor"])
_INSTEAD = (["instead", "of"], ["rather", "than"])


def _negated_goods(low: list[str], i: int) -> bool:
    return (i > 0 and low[i - 1] in _NEGATORS) or low[max(0, i - 2) : i] in _INSTEAD


def arms_transfer(event_type: str, status: str, supplier: str | None, recipient: str | None,
                  weapon: tuple[str, str | None] | None) -> ArmsTransfer | None:
    if weapon is None:
        return None
    if event_type == "AGREE":
        stage = "agreed"
    elif status == "planned":
        stage = "planned"
    elif status in ("alleged", "denied"):
        stage = "suspected"
    else:
        stage = "delivered"
    return ArmsTransfer(weapon_class=weapon[0], quantity=weapon[1], supplier=supplier, recipient=recipient,
                        stage=stage)
