"""Pair anaphora: "the two leaders", "both sides" stand for the last two parties named before them
("Kim met Putin, and the two leaders agreed ..."). Phrases are data (``pair_anaphora`` in actors.yaml).
"""

from __future__ import annotations

from .gazetteer import Mention

# Kinds of mention that can be a party; places and bare capitals after "in" cannot.
_PARTY_KINDS = frozenset(["state", "demonym", "seat", "person", "org", "composite", "capital"])


class PairAnaphora:
    def __init__(self, dictionaries: dict):
        self._index: dict[str, list[tuple[str, ...]]] = {}
        for phrase in dictionaries.get("pair_anaphora") or []:
            words = str(phrase).lower().split()
            self._index.setdefault(words[0], []).append(tuple(words[1:]))
        # a cheap test on the raw sentence before any tokenizing: the phrases' last words
        self._needles = tuple({(rest[-1] if rest else first) for first, rests in self._index.items() for rest in rests})

    def may_occur(self, lowered: str) -> bool:
        return any(n in lowered for n in self._needles)

    def find(self, low: list[str], blocked: set[int]) -> list[tuple[int, int]]:
        """Token ranges [i, j) of pair phrases, left to right, never inside a name."""
        found = []
        for i, word in enumerate(low):
            if i in blocked:
                continue
            for rest in self._index.get(word, ()):
                j = i + 1 + len(rest)
                if tuple(low[i + 1 : j]) == rest and not blocked.intersection(range(i, j)):
                    found.append((i, j))
                    break
        return found


def antecedents(mentions: list[Mention], before: int, floor: int) -> tuple[Mention, Mention] | None:
    """The last two parties with different codes named in text[floor:before], in order of mention."""
    chosen: list[Mention] = []
    for m in reversed(mentions):
        if m.start >= before or m.kind not in _PARTY_KINDS:
            continue
        if m.start < floor:
            break
        if all(m.code != c.code for c in chosen):
            chosen.insert(0, m)
            if len(chosen) == 2:
                return chosen[0], chosen[1]
    return None
