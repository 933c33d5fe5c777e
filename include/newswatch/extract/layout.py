"""One sentence laid out for coding: its tokens, the actors and places on them, the cue phrases and
clause limits, and the triggers the patterns find. The rules and the classifier both start here (and
so does the classifier's training, so that it sees sentences exactly as the coder does).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from . import longlived
from .anaphora import PairAnaphora, antecedents
from .arms import Arsenal
from .attitude import Lexicon
from .claims import Cues, is_question
from .dictionaries import extra_files_signature, load_dictionaries
from .gazetteer import STATE_CODES, Gazetteer, Mention
from .patterns import PatternSet, Trigger
from .pronouns import Resolver
from .roles import LOCATIVE, Parsed, Span, before_place
from .sentences import Sentence, article_sentences, tokenize

_LOCATABLE = frozenset(["state", "capital", "place", "seat"])
_QUOTES = frozenset(['"', "“", "”"])
_HARD_PUNCT = frozenset([";", ":", "(", ")", "—", "–"])
_RELATIVE = frozenset(["which", "who", "whose", "whom"])
# Participles that open a phrase about the noun before them, not a clause of their own.
_NOT_PARTICIPIAL = frozenset("including according excluding during notwithstanding concerning regarding "
                             "following pending barring saying adding noting morning evening spring meeting "
                             "building wedding briefing ceiling offering".split())


def _participial(low: list[str], k: int) -> bool:
    """A participial phrase opens at token k: ", facing ...", ", backed by ...", ", led by ..."."""
    if k >= len(low):
        return False
    word = low[k]
    if word in _NOT_PARTICIPIAL or not word.isalpha():
        return False
    if word.endswith("ing") and len(word) > 5:
        return True
    return word.endswith("ed") and k + 1 < len(low) and low[k + 1] == "by"
_IN = frozenset(["in", "inside", "across", "throughout"])
# Cue kinds whose first word opens a clause (a soft boundary): "..., officials said", "according to"
_CLAUSE_OPENERS = ("soft_boundaries", "claim", "say", "according_to")


@dataclass(frozen=True, slots=True)
class Coder:
    gazetteer: Gazetteer
    patterns: PatternSet
    cues: Cues
    arsenal: Arsenal
    pairs: PairAnaphora
    lexicon: Lexicon


@lru_cache(maxsize=4)
def compiled_coder(extra: tuple[tuple[str, int], ...] = ()) -> Coder:
    """Everything compiled once per set of dictionary files (shipped + analysts' additions)."""
    d = load_dictionaries(extra)
    irregular = {str(k).lower(): list(v) for k, v in (d.get("irregular") or {}).items()}
    coder = Coder(Gazetteer(d), PatternSet(d), Cues(d, irregular), Arsenal(d), PairAnaphora(d), Lexicon(d, irregular))
    longlived.freeze()  # out of the garbage collector's full passes: see longlived.py
    return coder


@dataclass(frozen=True, slots=True)
class Layout:
    """A sentence with at least one actor: its tokens and actors, and the triggers found in it."""

    sentence: Sentence
    parsed: Parsed
    triggers: tuple[Trigger, ...]
    # a pronoun opening the sentence, resolved (extract/pronouns.py): its mention among the actors, and
    # the mention it stands for as written in the sentence before (the coder checks that sentence's parse)
    pronoun: Mention | None = None
    antecedent: Mention | None = None


def layouts(text: str, coder: Coder | None = None) -> Iterator[Layout]:
    """Every sentence of ``text`` that names an actor (questions left out: they ask, not report)."""
    coder = coder or compiled_coder(extra_files_signature())
    mentions = coder.gazetteer.find(text)
    starts = [m.start for m in mentions]
    previous_start = 0
    pronouns = Resolver(text, mentions, starts)
    for sentence in article_sentences(text):
        floor, previous_start = previous_start, sentence.start  # "the two leaders" looks back one sentence
        pronoun = pronouns.step(sentence)  # "It has shipped shells": the party the sentence before opens with
        if is_question(sentence.text):
            continue  # "Can North Korean shells prolong the war?" asks, it does not report
        lo = bisect.bisect_left(starts, sentence.start)
        hi = bisect.bisect_left(starts, sentence.end)
        in_sentence = [m for m in mentions[lo:hi] if m.end <= sentence.end]
        if pronoun is not None:
            in_sentence.insert(0, pronoun)  # it opens the sentence: before any name in it
        pairs = coder.pairs.may_occur(sentence.text.lower())
        if not in_sentence and not pairs:
            continue  # every event needs a named actor: no mention, nothing to parse
        context = mentions[bisect.bisect_left(starts, floor) : hi] if pairs else []
        if not in_sentence and antecedents(context, sentence.end, floor) is None:
            # a sentence with no name and a pair word ("men" is in every "government") whose phrase
            # could stand for no two parties: no actor, so no layout (a fifth of the sentences laid
            # out were such, tokenized for nothing)
            continue
        layout = _lay_out(coder, text, sentence, in_sentence, context, floor)
        if layout is not None:
            yield layout if pronoun is None else replace(layout, pronoun=pronoun, antecedent=pronouns.antecedent)


def _lay_out(coder: Coder, text: str, sentence: Sentence, mentions: list[Mention], context: list[Mention],
             floor: int) -> Layout | None:
    p, blocked, adjectival = _parse(coder, text, sentence, mentions, context, floor)
    if not p.actors and not p.places:
        return None  # (a place alone may still locate an attack by an unnamed force: coder.py)
    # a verb form inside a weapon name, or a plural right after one, is a noun: "artillery shells",
    # "arms transfers" (but "tanks shelled" is a verb)
    weapon_words: set[int] = set()
    for i, j, _ in coder.arsenal.weapons.find(p.low, 0, len(p.low)):
        weapon_words.update(range(i, j))
        if j < len(p.low) and p.low[j].endswith("s"):
            weapon_words.add(j)
    triggers = coder.patterns.find(p.tokens, blocked, adjectival, weapon_words)
    return Layout(sentence, p, tuple(triggers))


def _parse(coder: Coder, text: str, sentence: Sentence, mentions: list[Mention], context: list[Mention] = (),
           floor: int = 0) -> tuple[Parsed, set[int], set[int]]:
    tokens = tokenize(text, sentence.start, sentence.end)
    low = [t.low for t in tokens]
    token_starts = [t.start for t in tokens]
    actors: list[Span] = []
    places: list[Span] = []
    blocked: set[int] = set()
    adjectival: set[int] = set()
    for m in mentions:
        i = bisect.bisect_left(token_starts, m.start)
        j = bisect.bisect_left(token_starts, m.end)
        if i >= j or (m.text.isupper() and len(m.text) > 4 and m.kind in ("capital", "place")):
            continue  # "SEOUL, Nov 2 (Agency) -": a dateline, not an actor
        k = before_place(low, i)  # "in southern Lebanon": the adjective is part of the place
        # "in Ukraine", "at the Kremlin"; but "fired at Ukraine" aims at the state
        locative = m.kind in _LOCATABLE and k >= 0 and low[k] in LOCATIVE and (m.kind != "state" or low[k] in _IN)
        span = Span(i, j, m, locative)
        blocked.update(range(i, j))
        if m.kind == "demonym" and not m.text.endswith("s"):  # "Russian strikes", not "Russians"
            adjectival.add(j - 1)
        if locative or m.kind == "place":
            places.append(span)  # a place is never an actor; "in Hanoi" says where
        else:
            actors.append(span)
    if "ethnic" in low or "minority" in low or "minorities" in low:  # list tests in C: every sentence passes here
        actors, places = _ethnic_hosts(low, actors, places)
    if context:
        for i, j in coder.pairs.find(low, blocked):
            named = antecedents(context, tokens[i].start, floor)
            if named is not None:  # both parties stand at the phrase's place: "the two leaders agreed"
                actors.extend(Span(i, j, m, False) for m in named)
                blocked.update(range(i, j))
        actors.sort(key=lambda a: a.i)
    cues = coder.cues.annotate(low, blocked)
    if "hypothetical" in cues:  # "in May" is a month, not the modal
        cues["hypothetical"] = [c for c in cues["hypothetical"] if not (c[0] > 0 and tokens[c[0]].text == "May")]
    hard = set()
    soft = set()
    relative: list[tuple[int, int]] = []
    hard_words = {s for s, _, _ in cues.get("hard_after_comma", [])}
    for k, word in enumerate(low):
        if word == "," and k + 1 in hard_words and low[k + 2 : k + 3] != ["that"]:  # ", and that": same report
            hard.add(k + 1)
            if low[k + 1] in _RELATIVE:
                close = next((m for m in range(k + 2, len(low)) if low[m] == ","), None)
                if close is not None:
                    relative.append((k + 1, close))
        elif word == "," and k + 1 not in blocked and _participial(low, k + 1):
            # "Saddam Hussein, facing U.S. troops at the Saudi border, promised ...", "the rebels,
            # backed by Rwanda, took ...": the phrase's actors are not the later verb's subject
            close = next((m for m in range(k + 2, len(low)) if low[m] == ","), None)
            if close is not None:
                relative.append((k + 1, close))
        elif word in _HARD_PUNCT:
            hard.add(k + 1)
        elif word in _QUOTES and not _short_quote(low, k):
            soft.add(k if k == 0 or low[k - 1] in (",", ":") else k + 1)
    soft.update(hard)
    for kind in _CLAUSE_OPENERS:  # a loop, not generators: this runs for every sentence laid out
        for s, _, _ in cues.get(kind, ()):
            soft.add(s)
    soft.discard(0)
    hard.discard(0)
    parsed = Parsed(text, tokens, low, actors, places, sorted(soft), sorted(hard), relative, cues, blocked)
    return parsed, blocked, adjectival


_MINORITY = frozenset(["minority", "minorities"])


def _ethnic_hosts(low: list[str], actors: list[Span], places: list[Span]) -> tuple[list[Span], list[Span]]:
    """"Ethnic Albanian rebels attacked Macedonian police", "the Hungarian minority in Romania": a
    people called "ethnic" or a minority lives in another state than its name's, and CAMEO codes it
    to the state it lives in: the one other state the sentence names ("Indonesian troops killed
    ethnic Chinese shopkeepers": IDN). With no other state named, or several, the name keeps its
    own code."""
    ethnic = [a for a in actors if a.mention.code in STATE_CODES and (
        (a.i and low[a.i - 1] == "ethnic") or (a.j < len(low) and low[a.j] in _MINORITY))]
    if not ethnic:
        return actors, places
    own = {a.mention.code for a in ethnic}
    hosts = {s.mention.code for s in (*actors, *places) if s not in ethnic and s.mention.code in STATE_CODES} - own
    if len(hosts) != 1:
        return actors, places
    host = next(iter(hosts))
    # the people, not the host state's government: a people named with no sector of its own is its
    # civilians ("ethnic Albanians" MKD CVL; "ethnic Albanian rebels" keep REB)
    recoded = {id(a): Span(a.i, a.j, replace(a.mention, code=host, sector=a.mention.sector or "CVL"), a.location)
               for a in ethnic}
    return [recoded.get(id(a), a) for a in actors], places


def _short_quote(low: list[str], k: int) -> bool:
    """A quote mark of a quoted word or two ("overwhelming" retaliation): not a clause of its own."""
    near = [m for m in range(max(0, k - 4), min(len(low), k + 5)) if m != k and low[m] in _QUOTES]
    return any(abs(m - k) <= 4 for m in near)


