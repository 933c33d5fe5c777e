"""An actor's role (head of state or government, minister, military, official), read from its name
as the event's sentence gives it and its sector, with the ontology's roles (data/ontology.yaml,
`actor_roles`). Watch topics filter on it: "leader-level meetings" are meetings of heads.

The gazetteer folds titles into the actor's name ("Russian President Vladimir Putin", "North
Korea's vice foreign minister") and gives a sector (GOV for a president and a vice-minister
alike), so the name is where the rank is: a person the ontology names, else the longest title in
the name (a lowering qualifier before it, "vice", takes the next role down; "former" gives none),
else the sector alone (a bare "South Korean officials" is an official, a state name has no role).
"""

from __future__ import annotations

import functools
import re

from newswatch import ontology


def role_names() -> tuple[str, ...]:
    """The roles a topic may ask for, highest first."""
    return tuple(r.name for r in ontology.shipped().actor_roles)


@functools.lru_cache(maxsize=4096)
def actor_role(name: str | None, sector: str | None) -> str | None:
    """The role of the actor called ``name`` (as the text names it) with ``sector``, or None."""
    onto = ontology.shipped()
    roles = onto.actor_roles
    if not name:
        return None
    low = name.lower()
    for role in roles:
        for person in role.people:
            for m in _find(person, name, case=True):
                # "former President Moon Jae-in" no longer holds the office
                return None if _has_any(low[: m.start()], onto.former_qualifiers) else role.name
    best: tuple[int, int, int] | None = None  # (length, -start, role index) of the longest title
    for index, role in enumerate(roles):
        if sector and role.sectors and sector not in role.sectors:
            continue
        for title in role.titles:
            for m in _find(title, low, case=False):
                candidate = (m.end() - m.start(), -m.start(), index)
                if best is None or candidate > best:
                    best = candidate
    if best is not None:
        length, neg_start, index = best
        before = low[: -neg_start].rstrip()
        if _ends_with_any(before, onto.former_qualifiers):
            return None
        if _ends_with_any(before, onto.lowering_qualifiers):
            # the next role down in the same line of office (head -> minister -> official)
            return _lower(roles, index)
        return roles[index].name
    for role in reversed(roles):  # the sector alone gives the lowest role held in it
        if sector and sector in role.sectors and role.titles:
            return role.name
    return None


def _lower(roles: tuple[ontology.ActorRole, ...], index: int) -> str | None:
    sectors = roles[index].sectors
    for role in roles[index + 1:]:
        if role.sectors & sectors or not sectors:
            return role.name
    return None


def _find(phrase: str, text: str, *, case: bool) -> list[re.Match[str]]:
    return list(_pattern(phrase, case).finditer(text))


@functools.lru_cache(maxsize=2048)
def _pattern(phrase: str, case: bool) -> re.Pattern[str]:
    # A person's name is a whole name ("Kim Jong-un", not "Jong-un"); a title may follow a
    # hyphenated qualifier ("ex-president").
    before = r"(?<![\w-])" if case else r"(?<!\w)"
    return re.compile(before + re.escape(phrase) + r"(?![\w-])", 0 if case else re.IGNORECASE)


def _ends_with_any(text: str, qualifiers: tuple[str, ...]) -> bool:
    return any(re.search(r"(?:^|[\s'’])" + re.escape(q) + r"\s*$", text) for q in qualifiers)


def _has_any(text: str, qualifiers: tuple[str, ...]) -> bool:
    return any(re.search(r"(?:^|[\s'’])" + re.escape(q) + r"(?:\s|$)", text) for q in qualifiers)
