"""Event patterns from ``patterns.yaml``: verb classes and nominal triggers with PLOVER coding and
role slots, compiled into a first-word index so a sentence is scanned once, whatever the pattern count.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .sentences import Token

GAP = "*"  # in a phrase: up to MAX_GAP tokens of anything but punctuation
MAX_GAP = 3
# an actor's name (and its "'s") in a gap counts as one word: "accepted the European Union's peace
# plan" is "accepted [X's] peace plan"; never more than this many tokens in all
MAX_GAP_TOKENS = 12
_VOWELS = set("aeiou")
# A verb form right after one of these is a noun ("a strike", "the transfer", "its supply").
_DETERMINERS = frozenset("a an the this that these those its their his her our 's any every each no another such".split())
_PREPOSITIONS = frozenset("""in on at of for from by with since until during into over about under despite amid
    amidst against among between through via without within upon toward towards""".split())
_MODALS = frozenset("will would could can may might should must shall 'll 'd".split())
_BE = frozenset("is are was were be been being 're".split())
_STOP = frozenset(".;:!?()\"“”")
# month names that are also words a phrase may name ("hold * march"): capitalized inside a sentence
# they are the month ("held elections in March"), never the word
_MONTH_WORDS = frozenset(["march", "may"])


@dataclass(frozen=True, slots=True)
class Pattern:
    id: str
    type: str
    mode: str | None
    contexts: tuple[str, ...]
    source: tuple[str, ...]
    target: tuple[str, ...]
    symmetric: bool
    require_target: bool
    target_from_location: bool
    location_from_target: bool
    intent_as: str | None
    veto_right: frozenset[str]
    confidence: float
    arms: bool
    planned: bool = False  # the event is a promise: its claim status is "planned" unless denied
    # words right before the trigger that make it another sense ("general strike", "a four-day strike")
    veto_left: frozenset[str] = frozenset()
    require_weapon: bool = False  # no event without a weapon term in the trigger's clause
    goods_subject: bool = False  # the subject is the weapons, their maker the source ("Iranian drones arrived")
    # the sectors a source must have ("arrived in Washington": a leader or an envoy visits; troops,
    # refugees or a state's name alone do not); empty: any source
    source_sectors: frozenset[str] = frozenset()
    # verbs (all their forms) of a relative clause on an event noun whose object is the event's target
    # (slot relobj: "the embargo which has kept Cuba isolated")
    relative_verbs: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Trigger:
    pattern: Pattern
    head: int  # token index of the trigger word
    end: int  # one past the last token of the trigger
    nominal: bool
    passive: bool
    words: int = 1  # how many of the pattern's words matched: of two readings, the more specific wins
    # a phrase read backwards, its verb a clause on its noun ("sanctions imposed by X on Y", "the embargo
    # the UN imposed on Y"): the noun's token, the patient; the coder keeps the trigger only where the
    # parse makes the verb a clause (acl, acl:relcl) of that very noun
    patient: int | None = None


@dataclass(frozen=True, slots=True)
class _Spec:
    pattern: Pattern
    rest: tuple  # remaining phrase elements: frozenset of words, or GAP
    nominal: bool
    participles: frozenset[str]
    # a phrase that opens with a gap ("announce * plan"): the words its next element accepts. It can
    # only match if one of them stands within the gap's reach after the trigger word; most of the
    # converted PETRARCH phrases are of this kind ("announced" alone heads 92), so checking that
    # first spares the gap search for nearly all of them
    after_gap: frozenset[str] | None = None
    # an inverted phrase: the nouns one of which must stand before the participle ("sanctions imposed")
    before: frozenset[str] | None = None


def inflect(base: str, irregular: dict[str, list[str]]) -> set[str]:
    """Base, 3rd-person, past and -ing forms of an English verb (plus listed irregular forms)."""
    base = base.lower()
    forms = {base, *[f.lower() for f in irregular.get(base, [])]}
    if base.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(base + "es")
    elif base.endswith("y") and base[-2:-1] not in _VOWELS:
        forms.add(base[:-1] + "ies")
    else:
        forms.add(base + "s")
    if base.endswith("e"):
        forms.add(base + "d")
    elif base.endswith("y") and base[-2:-1] not in _VOWELS:
        forms.add(base[:-1] + "ied")
    else:
        forms.add(base + "ed")
    if base.endswith("ie"):
        forms.add(base[:-2] + "ying")
    elif base.endswith("e") and not base.endswith("ee"):
        forms.add(base[:-1] + "ing")
    else:
        forms.add(base + "ing")
    return forms


def participles(base: str, irregular: dict[str, list[str]]) -> set[str]:
    forms = inflect(base, irregular)
    return {f for f in forms if f.endswith(("ed", "en")) or f in irregular.get(base, [])} - {base.lower()} - {
        f for f in forms if f.endswith(("ing", "s"))
    }


class PatternSet:
    def __init__(self, dictionaries: dict):
        irregular = {k.lower(): list(v) for k, v in (dictionaries.get("irregular") or {}).items()}
        self.patterns = tuple(replace(pattern, relative_verbs=frozenset(
            form for base in raw.get("relative_verbs") or () for form in inflect(str(base), irregular)))
            for raw in dictionaries.get("patterns") or [] for pattern in [_pattern(raw)])
        self._index: dict[str, list[_Spec]] = {}
        for raw, pattern in zip(dictionaries.get("patterns") or [], self.patterns, strict=True):
            for verb in raw.get("verbs") or []:
                verb = str(verb)
                if verb.startswith("="):
                    forms = set(verb[1:].lower().split("/"))
                    parts = frozenset(f for f in forms if f.endswith(("ed", "en")))
                else:
                    forms = inflect(verb, irregular)
                    parts = frozenset(participles(verb, irregular))
                for form in forms:
                    self._add(form, _Spec(pattern, (), False, parts))
            for phrase in raw.get("phrases") or []:
                words = str(phrase).lower().split()
                rest = tuple(GAP if w == GAP else frozenset(w.split("/")) for w in words[1:])
                for first in words[0].split("/"):
                    parts = frozenset(participles(first, irregular))
                    for form in inflect(first, irregular):
                        self._add(form, _Spec(pattern, rest, False, parts))
                    # "impose * sanctions" also reads "sanctions imposed by X on Y" and "the embargo
                    # (that) the UN imposed": the phrase's noun before its verb's participle
                    content = [w for w in rest if w != GAP]
                    if len(content) == 1 and rest[-1] != GAP:
                        for form in parts:
                            self._add(form, _Spec(pattern, (), False, parts, before=content[0]))
            for noun in raw.get("nouns") or []:
                words = str(noun).lower().split()
                rest = tuple(frozenset(w.split("/")) for w in words[1:])
                for first in words[0].split("/"):
                    self._add(first, _Spec(pattern, rest, True, frozenset()))

    def _add(self, form: str, spec: _Spec) -> None:
        rest = spec.rest
        if len(rest) > 1 and rest[0] == GAP and rest[1] != GAP:
            spec = replace(spec, after_gap=rest[1])
        self._index.setdefault(form, []).append(spec)

    def find(self, tokens: list[Token], blocked: set[int], adjectival: set[int], nouns: set[int]) -> list[Trigger]:
        """Triggers in a sentence's tokens. Tokens inside actor names (``blocked``) never trigger; a
        verb form after an adjectival actor ("Russian strikes") or inside a weapon name (``nouns``:
        "artillery shells") reads as a noun."""
        found: list[Trigger] = []
        low = [t.low for t in tokens]
        for k in range(1, len(low)):
            if low[k] in _MONTH_WORDS and tokens[k].text[:1].isupper():
                low[k] = "#" + low[k]
        # tokens a gap passes for free: an actor's name after its first word, and its possessive
        free = {k for k in blocked if k - 1 in blocked} | {
            k + 1 for k in blocked if k + 1 < len(low) and low[k + 1] in ("'s", "'") and k + 1 not in blocked}
        for i, word in enumerate(low):
            specs = self._index.get(word)
            if not specs or i in blocked:
                continue
            after_det = i > 0 and (low[i - 1] in _DETERMINERS or (i - 1) in adjectival
                                   # "released two kidnapped soldiers": a participle between a number
                                   # and its noun describes them ("three killed in" is still a verb)
                                   or (_counted(low, i) and word.endswith(("ed", "en"))))
            # "in March", "the attack": after a preposition, or capitalized mid-sentence, not a verb
            not_verb = i > 0 and (
                (low[i - 1] in _PREPOSITIONS and not word.endswith("ing"))  # "of supplying" is a verb
                or tokens[i].text[:1].isupper()
            )
            after_modal = i > 0 and low[i - 1] in _MODALS
            reach = None  # the words a leading gap can reach: the trigger's next 1 + MAX_GAP tokens
            for spec in specs:
                if spec.before is not None:
                    patient = _patient_before(low, i, spec.before, blocked)
                    if patient is not None and not _vetoed(low, i + 1, spec.pattern.veto_right):
                        found.append(Trigger(spec.pattern, i, i + 1, False, False, 2, patient))
                    continue
                if not spec.nominal and (i in nouns or not_verb or (after_det and not spec.rest)):
                    continue  # "a strike", "US supplies": the noun reading, not the verb
                if spec.nominal and after_modal:
                    continue  # "would supply": the verb reading, not the noun ("to" also heads "to talks")
                rest = spec.rest
                if rest and rest[0] != GAP and (i + 1 >= len(low) or low[i + 1] not in rest[0]):
                    continue  # most phrases fail at their second word: no call for them
                if spec.after_gap is not None:
                    if reach is None:
                        reach = set(low[i + 1 : _gap_end(i + 1, len(low), free, MAX_GAP + 1)])
                    if spec.after_gap.isdisjoint(reach):
                        continue  # "announced * plan" with no "plan" in reach: no gap search
                end = _match_rest(low, i + 1, rest, free)
                if end is None or _vetoed(low, end, spec.pattern.veto_right) or (
                    i > 0 and _vetoed_left(low[i - 1], spec.pattern.veto_left)
                ):
                    continue
                passive = not spec.nominal and word in spec.participles and _after_be(low, i)
                words = 1 + sum(1 for element in spec.rest if element != GAP)
                found.append(Trigger(spec.pattern, i, end, spec.nominal, passive, words))
        return found


_NUMBERS = frozenset("""two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty
    hundred hundreds thousand thousands dozen dozens several scores""".split())


def _patient_before(low: list[str], i: int, nouns: frozenset[str], blocked: set[int]) -> int | None:
    """The nearest of ``nouns`` within eight tokens before a participle, with only a relative clause's
    words between them ("sanctions imposed", "the embargo that the UN has imposed"): a preposition or a
    stop between them ("talks with X on a planned purchase"), or a determiner right before the
    participle ("a planned"), and the two are no phrase."""
    if low[i - 1] in _DETERMINERS:
        return None
    for j in range(i - 1, max(-1, i - 9), -1):
        if low[j] in _STOP or low[j] in _PREPOSITIONS:
            return None
        if low[j] in nouns and j not in blocked:
            return j
    return None


def _counted(low: list[str], i: int) -> bool:
    """A word between a number and a noun ("two kidnapped soldiers"), not before a preposition or a stop."""
    before = low[i - 1].replace(",", "")
    if not (before.isdigit() or before in _NUMBERS) or i + 1 >= len(low):
        return False
    after = low[i + 1]
    return after[:1].isalpha() and after not in _PREPOSITIONS and after not in ("as", "and", "or", "when", "after", "while")


def _gap_end(i: int, n: int, free: set[int], words: int) -> int:
    """One past the last token a gap from ``i`` can reach: ``words`` tokens, free ones not counted."""
    j, counted = i, 0
    while j < n and j - i < MAX_GAP_TOKENS and (counted < words or j in free):
        counted += j not in free
        j += 1
    return j


def _match_rest(low: list[str], i: int, rest: tuple, free: set[int] = frozenset()) -> int | None:
    """Index one past the phrase's last token, or None; gaps take the fewest tokens that work."""
    if not rest:
        return i
    element = rest[0]
    if element == GAP:
        skip, counted = 0, 0
        while True:
            if skip:
                k = i + skip - 1
                if k >= len(low) or low[k] in _STOP or low[k] == ",":
                    return None
                counted += k not in free
                if counted > MAX_GAP or skip > MAX_GAP_TOKENS:
                    return None
            end = _match_rest(low, i + skip, rest[1:], free)
            if end is not None:
                return end
            skip += 1
    if i < len(low) and low[i] in element:
        return _match_rest(low, i + 1, rest[1:], free)
    return None


def _vetoed(low: list[str], end: int, veto: frozenset[str]) -> bool:
    return bool(veto) and any(w in veto for w in low[end : end + 4])


def _vetoed_left(before: str, veto: frozenset[str]) -> bool:
    """A listed word, or a duration ("four-day", "24-hour") when durations are listed ("-day")."""
    return bool(veto) and (before in veto or any(w.startswith("-") and before.endswith(w) for w in veto))


def _after_be(low: list[str], i: int) -> bool:
    for j in range(i - 1, max(-1, i - 4), -1):
        if low[j] in _BE:
            return True
        if not low[j].isalpha() or not (low[j].endswith("ly") or low[j] in ("also", "already", "not", "never")):
            return False
    return False


def _pattern(raw: dict) -> Pattern:
    def tup(key: str) -> tuple[str, ...]:
        return tuple(str(x) for x in raw.get(key) or ())

    if "id" not in raw or "type" not in raw:
        raise ValueError(f"event pattern needs an id and a type: {raw!r}")
    return Pattern(
        id=str(raw["id"]),
        type=str(raw["type"]).upper(),
        mode=raw.get("mode"),
        contexts=tup("contexts"),
        source=tup("source") or ("subj",),
        target=tup("target"),
        symmetric=bool(raw.get("symmetric", False)),
        require_target=bool(raw.get("require_target", False)),
        target_from_location=bool(raw.get("target_from_location", False)),
        location_from_target=bool(raw.get("location_from_target", False)),
        intent_as=raw.get("intent_as"),
        veto_right=frozenset(str(w).lower() for w in raw.get("veto_right") or ()),
        confidence=float(raw.get("confidence", 0.7)),
        arms=bool(raw.get("arms", False)),
        planned=bool(raw.get("planned", False)),
        veto_left=frozenset(str(w).lower() for w in raw.get("veto_left") or ()),
        require_weapon=bool(raw.get("require_weapon", False)),
        goods_subject=bool(raw.get("goods_subject", False)),
        source_sectors=frozenset(str(w) for w in raw.get("source_sectors") or ()),
    )
