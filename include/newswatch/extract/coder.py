"""Codes an article into ExtractedEvent records: per sentence, triggers from the patterns, actors into
role slots, claim status, the clause's own date and place, and arms-transfer detail.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import itertools
from dataclasses import dataclass
from functools import lru_cache

from newswatch.model import ExtractedEvent

from . import syntax
from .anaphora import PairAnaphora, antecedents
from .arms import Arsenal, arms_transfer
from .attitude import Lexicon, attitude
from .claims import Claim, Cues, assess, is_question
from .dictionaries import extra_files_signature, load_dictionaries
from .gazetteer import Gazetteer, Mention
from .parser import parse
from .patterns import PatternSet, Trigger
from .roles import LOCATIVE, PREPOSITIONS, Parsed, Span, fill, location
from .sentences import Sentence, split_sentences, tokenize
from .syntax import Tree
from .timex import Timex, find_timexes, shifted

# Bump whenever dictionaries or rules change what is coded: re-coding with a new version appends new
# events (their ids include the version) and never rewrites the old ones.
EXTRACTOR_VERSION = "1.0.0"

_LOCATABLE = frozenset(["state", "capital", "place", "seat"])
_QUOTES = frozenset(['"', "“", "”"])
_HARD_PUNCT = frozenset([";", ":", "(", ")", "—", "–"])
_RELATIVE = frozenset(["which", "who", "whose", "whom"])
_MAX_PARTIES = 3
_HOSTILE = frozenset("ACCUSE REJECT THREATEN PROTEST SANCTION MOBILIZE COERCE ASSAULT".split())
_IN = frozenset(["in", "inside", "across", "throughout"])


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
    return Coder(Gazetteer(d), PatternSet(d), Cues(d, irregular), Arsenal(d), PairAnaphora(d), Lexicon(d, irregular))


def extract_events(
    text: str, published: dt.date, *, title: str | None = None, extractor_version: str = EXTRACTOR_VERSION
) -> list[ExtractedEvent]:
    """Every event the article's sentences state as fact, claim, denial or plan, in text order.

    ``title``, when given, is coded as one more sentence of its own (a headline often states the
    development plainly); its events come first, marked ``in_title`` with offsets into the title.
    """
    if isinstance(published, dt.datetime):
        published = published.date()
    if title and title.strip():
        headline = [dataclasses.replace(e, in_title=True)
                    for e in _extract_text(title.strip(), published, extractor_version)]
        return headline + _extract_text(text, published, extractor_version)
    return _extract_text(text, published, extractor_version)


def _extract_text(text: str, published: dt.date, extractor_version: str) -> list[ExtractedEvent]:
    coder = compiled_coder(extra_files_signature())
    mentions = coder.gazetteer.find(text)
    starts = [m.start for m in mentions]
    timexes = find_timexes(text, published)
    candidates: list[_Candidate] = []
    previous_start = 0
    for sentence in split_sentences(text):
        floor, previous_start = previous_start, sentence.start  # "the two leaders" looks back one sentence
        if is_question(sentence.text):
            continue  # "Can North Korean shells prolong the war?" asks, it does not report
        lo = bisect.bisect_left(starts, sentence.start)
        hi = bisect.bisect_left(starts, sentence.end)
        in_sentence = [m for m in mentions[lo:hi] if m.end <= sentence.end]
        pairs = coder.pairs.may_occur(sentence.text.lower())
        if not in_sentence and not pairs:
            continue  # every event needs a named actor: no mention, nothing to parse
        context = mentions[bisect.bisect_left(starts, floor) : hi] if pairs else []
        candidate = _prepare(coder, text, sentence, in_sentence, context, floor)
        if candidate is not None:
            times = [t for t in timexes if sentence.start <= t.start and t.end <= sentence.end]
            candidates.append(dataclasses.replace(candidate, times=times))
    # only sentences with an actor and a trigger are parsed, all of an article's in one batch
    analyses = parse([c.parsed.tokens for c in candidates], [_names(c.parsed) for c in candidates])
    events: list[ExtractedEvent] = []
    for candidate, analysis in zip(candidates, analyses, strict=True):
        tree = Tree.from_analysis(analysis, candidate.parsed)
        events.extend(_code_sentence(coder, candidate, tree, published, extractor_version))
    return events


def _names(p: Parsed) -> list[tuple[int, int]]:
    """Token spans of the sentence's actor and place names, each parsed as one word."""
    return sorted({(s.i, s.j) for s in (*p.actors, *p.places)})


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A sentence with at least one actor and one trigger: worth parsing."""

    sentence: Sentence
    parsed: Parsed
    triggers: tuple[Trigger, ...]
    times: tuple[Timex, ...] | list[Timex] = ()


def _prepare(coder: Coder, text: str, sentence: Sentence, mentions: list[Mention], context: list[Mention],
             floor: int) -> _Candidate | None:
    p, blocked, adjectival = _parse(coder, text, sentence, mentions, context, floor)
    if not p.actors:
        return None
    # a verb form inside a weapon name, or a plural right after one, is a noun: "artillery shells",
    # "arms transfers" (but "tanks shelled" is a verb)
    weapon_words: set[int] = set()
    for i, j, _ in coder.arsenal.weapons.find(p.low, 0, len(p.low)):
        weapon_words.update(range(i, j))
        if j < len(p.low) and p.low[j].endswith("s"):
            weapon_words.add(j)
    triggers = coder.patterns.find(p.tokens, blocked, adjectival, weapon_words)
    if not triggers:
        return None
    return _Candidate(sentence, p, tuple(triggers))


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
        k = i - 1
        while k >= 0 and low[k] == "the":
            k -= 1
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
        elif word in _HARD_PUNCT:
            hard.add(k + 1)
        elif word in _QUOTES and not _short_quote(low, k):
            soft.add(k if k == 0 or low[k - 1] in (",", ":") else k + 1)
    soft.update(hard)
    soft.update(s for s, _, _ in cues.get("soft_boundaries", []))
    soft.update(s for s, _, _ in cues.get("claim", []) + cues.get("say", []) + cues.get("according_to", []))
    soft.discard(0)
    hard.discard(0)
    parsed = Parsed(text, tokens, low, actors, places, sorted(soft), sorted(hard), relative, cues, blocked)
    return parsed, blocked, adjectival


def _short_quote(low: list[str], k: int) -> bool:
    """A quote mark of a quoted word or two ("overwhelming" retaliation): not a clause of its own."""
    near = [m for m in range(max(0, k - 4), min(len(low), k + 5)) if m != k and low[m] in _QUOTES]
    return any(abs(m - k) <= 4 for m in near)


def _code_sentence(coder: Coder, c: _Candidate, tree: Tree, published: dt.date,
                   version: str) -> list[ExtractedEvent]:
    coded: list[tuple[Trigger, ExtractedEvent]] = []
    consumed: set[int] = set()
    for trigger in c.triggers:
        if not _part_of_speech_agrees(tree, trigger):
            continue
        if not trigger.nominal and not trigger.passive and tree.trusted(trigger.head, False):
            trigger = dataclasses.replace(trigger, passive=tree.passive(trigger.head))
        for event, commitment in _code_trigger(coder, c.parsed, tree, trigger, c.sentence, list(c.times),
                                               published, version):
            coded.append((trigger, event))
            if commitment is not None:
                consumed.add(commitment)
    return _best(coded, consumed)


def _part_of_speech_agrees(tree: Tree, trig: Trigger) -> bool:
    """A noun pattern needs a noun ("the attacks" vs "it attacks")."""
    if trig.nominal:
        return not tree.tags[trig.head].startswith(("VBD", "VBZ", "VBP", "MD"))
    return True  # "meets/NNS": the tagger errs on news verbs more often than the word heuristics do


_PASSIVE = {"subj": "prep:by", "obj": "subj", "prep:by": "subj"}


def _code_trigger(coder: Coder, p: Parsed, tree: Tree, trig: Trigger, sentence: Sentence, times: list[Timex],
                  published: dt.date, version: str):
    pat = trig.pattern
    src_slots = tuple(_PASSIVE.get(s, s) for s in pat.source) if trig.passive else pat.source
    tgt_slots = tuple(_PASSIVE.get(s, s) for s in pat.target) if trig.passive else pat.target
    trusted = tree.trusted(trig.head, trig.nominal)
    att = attitude(tree, coder.lexicon, trig.head, trig.nominal) if trusted else None
    if att is not None and att.veto is not None and att.status != "denied":
        return  # negated, asked for, halted, conditional: nothing to code, whoever the actors are
    speaker = None
    if att is not None and att.speaker is not None:
        named = tree.actors_of(att.speaker)
        speaker = named[0] if named else None
    sources, targets, paired = _roles(p, tree if trusted else None, trig, src_slots, tgt_slots, speaker)
    if not sources:
        return
    place = location(p, trig.head, coder.cues.location_blockers)
    if paired:
        pairs = [(sources[0], targets[0])]
    elif pat.symmetric and len(sources) >= 2 and not targets:
        pairs = list(itertools.combinations(sources[:_MAX_PARTIES], 2))
    else:
        pairs = list(itertools.product(sources[:_MAX_PARTIES], targets[:_MAX_PARTIES] or [None]))
    lo, hi = p.clause(trig.head)
    if pat.type == "AID" and coder.arsenal.is_trade(p, trig.head, lo, hi, p.low[trig.head] in coder.arsenal.trade_verbs):
        return  # trade is not AID: "China exported oil to North Korea"
    struck = _place_object(p, trig) if pat.target_from_location and not targets else None
    if struck is not None and place is None:
        place = struck  # "shelled Kharkiv": the place struck is where it happened
    for source, target in pairs:
        if target is None and pat.target_from_location:
            candidate = struck or place
            if candidate is not None and candidate.mention.code != source.mention.code:
                target = candidate
        if target is None and pat.require_target:
            continue
        if target is not None and (target.mention is source.mention or (
            target.mention.code == source.mention.code
            and (target.mention.sector == source.mention.sector or _the_state_itself(source, target))
        )):
            continue  # an actor acting on itself ("Kim ... North Korea") is a parsing slip, not an event
        # the actor says it did it; for a cooperative event the other party may say so too, but a
        # target that says it was attacked is accusing, not confirming
        confirmers = {source.mention.code}
        if target is not None and pat.type not in _HOSTILE:
            confirmers.add(target.mention.code)
        claim = assess(p, trig.head, trig.end, trig.nominal, frozenset(confirmers), pat.planned, att, tree,
                       pat.type in _HOSTILE)
        if claim is None:
            continue
        where = place
        if pat.location_from_target and target is not None and target.mention.kind in ("capital", "place"):
            where = where or target
        yield _event(coder, p, trig, source, target, claim, where, (lo, hi), sentence, times, published,
                     version), claim.commitment


def _the_state_itself(*spans: Span) -> bool:
    """One side is the state by name ("North Korea", "Pyongyang"), not a group within it."""
    return any(s.mention.kind in ("state", "capital") and s.mention.sector is None for s in spans)


def _place_object(p: Parsed, trig: Trigger) -> Span | None:
    """A place right after the trigger ("shelled Kharkiv", "attacks on Odesa"): the target's ground."""
    for s in p.places:
        if trig.end <= s.i <= trig.end + 3 and all(w in ("the", "on", "against", "city", "of", "port") for w in p.low[trig.end : s.i]):
            return s
    return None


def _roles(p: Parsed, tree: Tree | None, trig: Trigger, src_slots, tgt_slots,
           speaker: Span | None) -> tuple[list[Span], list[Span], bool]:
    """Source and target actors: each slot filled from the parse, or from the word window when the
    parse has no word in that role (a parser misses an arc now and then; the window rarely does)."""
    kind = trig.pattern.type

    def slot_fill(slot: str, taken: tuple[Span, ...] = ()) -> list[Span]:
        found = None if tree is None else syntax.fill(tree, slot, trig.head, trig.passive, kind,
                                                       speaker or _main_subject(p, trig.head))
        if found == [] and tree is not None:
            # the parse puts a word that names no actor there ("aircraft", "militiamen"); the window's
            # actor stands in unless the parse gives it another role: the speaker of the clause, or an
            # object or oblique of this very trigger
            window = [a for a in fill(slot, p, trig.head, trig.end, taken=taken)
                      if a is not speaker and not _dependent_of(tree, a, trig.head)]
            return window
        if found is None:
            found = fill(slot, p, trig.head, trig.end, taken=taken)
            if slot == "subj" and found and _pronoun_between(p, found[-1].j, trig.head):
                main = speaker or _main_subject(p, trig.head)  # "Russia denied claims by Ukraine that it had sent"
                found = [main] if main is not None and main not in found else []
        return found

    sources: list[Span] = []
    for slot in src_slots:
        found = slot_fill(slot)
        if slot == "between" and found:
            return found[:1], found[1:2], True
        if found:
            sources = found
            break
    if not sources:
        return [], [], False
    for slot in tgt_slots:
        found = slot_fill(slot, tuple(sources))
        if slot == "between":
            found = found[1:] if found[:1] == sources[:1] else []
        found = [t for t in found if t not in sources]
        if found:
            return sources, found, False
    return sources, [], False


_PRONOUNS = frozenset(["it", "they", "he", "she", "we"])


def _dependent_of(tree: Tree, a: Span, head: int) -> bool:
    """Whether actor ``a`` hangs under the trigger as its object or an oblique (within two arcs)."""
    k = next((t for t in range(a.i, a.j) if not (a.i <= tree.heads[t] < a.j)), a.i)
    for _ in range(3):
        h = tree.heads[k]
        if h == head:
            return tree.deps[k].split(":")[0] in ("obj", "iobj", "obl", "nmod", "ccomp", "xcomp", "advcl")
        if h == k:
            return False
        k = h
    return False


def _pronoun_between(p: Parsed, lo: int, hi: int) -> bool:
    return any(p.low[k] in _PRONOUNS for k in range(lo, hi))


def _main_subject(p: Parsed, head: int) -> Span | None:
    """The first actor of the sentence not after a preposition: what "it" and "they" most often mean."""
    for a in p.actors:
        if a.i >= head:
            return None
        k = a.i - 1
        while k >= 0 and p.low[k] in ("the", "a"):
            k -= 1
        if k < 0 or p.low[k] not in PREPOSITIONS:
            return a
    return None


def _event(coder: Coder, p: Parsed, trig: Trigger, source: Span, target: Span | None, claim: Claim,
           place: Span | None, clause: tuple[int, int], sentence: Sentence, times: list[Timex],
           published: dt.date, version: str) -> ExtractedEvent:
    pat = trig.pattern
    lo, hi = clause
    when = _clause_date(p, trig, clause, times)
    if when is not None:
        when = shifted(when, claim.status == "planned", published)
        if when.date is not None and when.date > published and claim.status in ("reported", "confirmed", "alleged"):
            # "the leaders meet on December 5": a stated date after the report is a scheduled event
            claim = dataclasses.replace(claim, status="planned")
    event_type = pat.intent_as if claim.commitment is not None and pat.intent_as else pat.type
    mode = pat.mode
    if claim.threat:
        event_type, mode = "THREATEN", None  # "said they would boycott": PLOVER codes the stated intent
    contexts = tuple(dict.fromkeys([*pat.contexts, *sorted(coder.arsenal.contexts_in(p, lo, hi))]))
    arms = None
    if pat.arms and event_type in ("AID", "AGREE") and "military" in contexts:
        weapon = coder.arsenal.weapon(p, trig.head, lo, hi)
        arms = arms_transfer(event_type, claim.status, source.mention.code,
                             target.mention.code if target else None, weapon)
    confidence = pat.confidence + (0.1 if target is not None else -0.1) - (0.05 if trig.nominal else 0.0)
    if claim.status == "alleged" and claim.claimant is None:
        confidence -= 0.05
    return ExtractedEvent(
        event_type=event_type,
        event_mode=mode,
        contexts=contexts,
        actor1=source.mention.text,
        actor1_code=source.mention.code,
        actor1_sector=source.mention.sector,
        actor2=target.mention.text if target else None,
        actor2_code=target.mention.code if target else None,
        actor2_sector=target.mention.sector if target else None,
        event_date=when.date if when else published,
        date_precision=(when.precision or "month") if when else "day",
        date_basis="text" if when else "publication",
        date_text=when.text if when else None,
        location=place.mention.text if place else None,
        location_code=place.mention.code if place else None,
        claim_status=claim.status,
        claimed_by=claim.claimant.mention.code if claim.claimant else None,
        claimed_by_text=claim.claimant_text,
        sentence=sentence.text,
        start=sentence.start,
        end=sentence.end,
        confidence=round(min(0.95, max(0.05, confidence)), 2),
        pattern_id=pat.id,
        extractor_version=version,
        arms=arms,
    )


def _clause_date(p: Parsed, trig: Trigger, clause: tuple[int, int], times: list[Timex]) -> Timex | None:
    """The calendar expression nearest the trigger inside its own clause (never another clause's)."""
    lo, hi = clause
    first, last = p.tokens[lo].start, p.tokens[hi - 1].end
    anchor = p.tokens[trig.head].start
    best = None
    for t in times:
        if t.date is None or t.start < first or t.end > last:
            continue
        distance = (t.start - anchor) if t.start >= anchor else (anchor - t.end) + 0.5
        if best is None or distance < best[0]:
            best = (distance, t)
    if best is None:
        return None
    t = best[1]
    if t.precision is None:  # a week: the model knows day/month/year; a week is coded by its month
        thursday = t.date + dt.timedelta(days=3)
        return Timex(t.start, t.end, t.text, t.type, t.value, "month", thursday.replace(day=1))
    return t


def _best(coded: list[tuple[Trigger, ExtractedEvent]], consumed: set[int]) -> list[ExtractedEvent]:
    """One reading per trigger word, then one event per (type, actors, status) in the sentence."""
    by_head: dict[int, list[tuple[Trigger, ExtractedEvent]]] = {}
    for trig, event in coded:
        if trig.head not in consumed:
            by_head.setdefault(trig.head, []).append((trig, event))
    kept: list[tuple[Trigger, ExtractedEvent]] = []
    for head in sorted(by_head):
        group = by_head[head]
        best = max(group, key=lambda te: (te[0].end - te[0].head, te[1].actor2_code is not None, te[1].confidence))
        kept.extend(te for te in group if te[0].pattern is best[0].pattern)
    seen: dict[tuple, ExtractedEvent] = {}
    for _, event in kept:
        key = (event.event_type, event.actor1_code, event.actor2_code, event.claim_status)
        if key not in seen or event.confidence > seen[key].confidence:
            seen[key] = event
    return list(seen.values())
