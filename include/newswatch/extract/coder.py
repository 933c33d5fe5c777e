"""Codes an article into ExtractedEvent records: per sentence, triggers from the patterns, actors into
role slots, claim status, the clause's own date and place, and arms-transfer detail.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from newswatch.model import ExtractedEvent

from . import classifier, pronouns, syntax
from .arms import arms_transfer
from .attitude import attitude
from .claims import Claim, assess, pronoun_subject
from .dictionaries import extra_files_signature
from .domestic import home_object, home_party, home_source
from .domestic import rules as domestic_rules
from .event_time import PUBLICATION, EventTime, event_time
from .layout import Coder, Layout, compiled_coder, layouts
from .parser import Analysis, parse
from .patterns import Pattern, Trigger
from .roles import PREPOSITIONS, Parsed, Span, fill, location
from .sentences import Sentence
from .syntax import Tree
from .timex import Timex, find_timexes

# Bump whenever dictionaries or rules change what is coded: re-coding with a new version appends new
# events (their ids include the version) and never rewrites the old ones.
EXTRACTOR_VERSION = "1.4.0"

_MAX_PARTIES = 3
_HOSTILE = frozenset("ACCUSE REJECT THREATEN PROTEST SANCTION MOBILIZE COERCE ASSAULT".split())
# Types that are themselves a stated intent or a speech act: a commitment to them stays what it is.
_INTENT = frozenset("AGREE THREATEN REQUEST REJECT ACCUSE SUPPORT".split())


def extract_events(
    text: str, published: dt.date, *, title: str | None = None, extractor_version: str = EXTRACTOR_VERSION
) -> list[ExtractedEvent]:
    """Every event the article's sentences state as fact, claim, denial or plan, in text order.

    ``title``, when given, is coded as one more sentence of its own (a headline often states the
    development plainly); its events come first, marked ``in_title`` with offsets into the title.
    """
    return extract_many([(text, published, title)], extractor_version=extractor_version)[0]


# Sentences per parser call when articles are coded together: the parser's fixed cost per call (a
# score of thinc layers, each a Python call) is worth a few sentences' work; measured on the
# benchmark's 3 KB articles, parsing 64 sentences at a time instead of one article's ~5 halves the
# parse time per article (6.0 -> 3.2 ms). Larger chunks gain nothing more.
PARSE_CHUNK = 64


def extract_many(items: Sequence[tuple[str, dt.date, str | None]], *, extractor_version: str = EXTRACTOR_VERSION
                 ) -> list[list[ExtractedEvent]]:
    """``extract_events`` for each (text, report date, title) item, in order, with the same result
    as one call per item: the candidate sentences of all the items are parsed together."""
    # the compiled dictionaries and the classifier once per batch, not per text: looking them up costs
    # a package-resource path (and, with analysts' dictionaries, a directory listing) each time
    coder = compiled_coder(extra_files_signature())
    model = classifier.model()
    pending: list[tuple[_Pending, _Pending | None]] = []
    for text, published, title in items:
        if isinstance(published, dt.datetime):
            published = published.date()
        body = _prepare(text, published, extractor_version, coder, model)
        head = _prepare(title.strip(), published, extractor_version, coder, model) if title and title.strip() else None
        pending.append((body, head))
    _parse_all([p for pair in pending for p in pair if p is not None])
    out: list[list[ExtractedEvent]] = []
    for body, head in pending:
        events = _finish(body)
        if head is not None:
            events = [_dated_like_the_body(dataclasses.replace(e, in_title=True), events)
                      for e in _finish(head)] + events
        out.append(events)
    return out


_DATE_FIELDS = ("event_date", "event_date_end", "date_open", "date_precision", "date_basis", "date_text")


def _dated_like_the_body(headline: ExtractedEvent, body: list[ExtractedEvent]) -> ExtractedEvent:
    """A headline rarely states a date ("X ships shells to Y"): it summarises the article, so an
    undated headline event takes the date the body gives the same event (same type and actors,
    the first such body event); otherwise it keeps the report date it fell back to."""
    if headline.date_basis != PUBLICATION:
        return headline
    for e in body:
        if (e.event_type, e.actor1_code, e.actor2_code) == (headline.event_type, headline.actor1_code,
                                                           headline.actor2_code) and e.date_basis != PUBLICATION:
            return dataclasses.replace(headline, **{f: getattr(e, f) for f in _DATE_FIELDS})
    return headline


@dataclass(slots=True)
class _Pending:
    """One text between its layout and its coding: the candidates found, those to parse, and (once
    parsed) their analyses."""

    coder: Coder
    model: classifier.Model | None
    published: dt.date
    version: str
    candidates: list[_Candidate]
    needed: list[_Candidate]
    analyses: dict[int, Analysis] = dataclasses.field(default_factory=dict)


def _prepare(text: str, published: dt.date, extractor_version: str, coder: Coder,
             model: classifier.Model | None) -> _Pending:
    found: list[tuple[Layout, tuple[classifier.Proposal, ...]]] = []
    for lay in layouts(text, coder):
        if not lay.parsed.actors and not (lay.parsed.places and lay.triggers):
            continue  # a place and a trigger may still code an attack by an unnamed force
        # with a trigger, the model is asked later, only if the patterns leave an actor silent
        proposals = tuple(model.propose(lay.parsed, ())) if model is not None and not lay.triggers else ()
        if lay.triggers or proposals:
            found.append((lay, proposals))
    # the article's expressions (an event's date may be stated in the sentence before), tagged only
    # when the text has a candidate sentence: a third of the texts (headlines most) have none, and
    # the tagger is a fifth of the coder's cost
    timexes = find_timexes(text, published) if found else []
    candidates = [_Candidate(lay, proposals, timexes) for lay, proposals in found]
    # only sentences with an actor and a trigger (or the classifier's proposal) whose reading the parse
    # can change are parsed; a plain one is read from its windows
    # (a phrase read backwards, "the embargo the UN imposed", stands only where the parse says so)
    needed = [c for c in candidates if not _plain(c.layout.parsed, coder.lexicon.walked)
              or any(t.patient is not None for t in c.layout.triggers)]
    return _Pending(coder, model, published, extractor_version, candidates, needed)


def _parse_all(pending: Sequence[_Pending]) -> None:
    """Parse every pending text's needed sentences, PARSE_CHUNK at a time, across texts.

    A sentence met again in the batch (the same text and names: a wire story's sentence in another
    outlet's copy, a paragraph repeated) takes the analysis of its first occurrence: the parser reads
    only the sentence's words, spaces and names, so its analysis is the same (and it is never
    modified downstream). On the benchmark corpus 8 % of the parsed sentences are such repeats."""
    occurrences: dict[tuple[str, tuple[tuple[int, int], ...]], list[tuple[_Pending, _Candidate]]] = {}
    for p in pending:
        for c in p.needed:
            key = (c.layout.sentence.text, tuple(_names(c.layout.parsed)))
            occurrences.setdefault(key, []).append((p, c))
    queue = list(occurrences.items())  # in the order first met
    for at in range(0, len(queue), PARSE_CHUNK):
        chunk = queue[at:at + PARSE_CHUNK]
        analyses = parse([same[0][1].layout.parsed.tokens for _, same in chunk], [names for (_, names), _ in chunk])
        for (_, same), analysis in zip(chunk, analyses, strict=True):
            for p, c in same:
                p.analyses[id(c)] = analysis


def _finish(pending: _Pending) -> list[ExtractedEvent]:
    events: list[ExtractedEvent] = []
    before: tuple[Layout, Tree | None] | None = None  # the sentence coded last, with its parse if parsed
    unresolved: set[int] = set()  # pronouns the parse of the sentence before refuted
    for candidate in pending.candidates:
        analysis = pending.analyses.get(id(candidate))
        if candidate.layout.pronoun is not None and _refuted(candidate.layout, before, unresolved):
            candidate = _without_pronoun(candidate)
        p = candidate.layout.parsed
        tree = Tree.from_analysis(analysis, p) if analysis is not None else Tree.unparsed(p)
        before = (candidate.layout, tree if analysis is not None else None)
        events.extend(_code_sentence(pending.coder, candidate, tree, pending.published, pending.version,
                                     pending.model))
    return events


def _refuted(lay: Layout, before: tuple[Layout, Tree | None] | None, unresolved: set[int]) -> bool:
    """A pronoun resolved to the opening party of the sentence before (extract/pronouns.py) is dropped
    when that sentence was parsed and the parse does not make the party its main verb's subject, or
    when it was resolved through a pronoun so dropped ("It ... It also ...")."""
    if id(lay.antecedent) in unresolved:
        unresolved.add(id(lay.pronoun))
        return True
    if before is None or before[1] is None or not before[0].sentence.start <= lay.antecedent.start < before[0].sentence.end:
        return False  # the sentence before was not parsed: its opening word order stands
    if pronouns.subject_in(before[1], before[0].parsed.actors, lay.antecedent):
        return False
    unresolved.add(id(lay.pronoun))
    return True


def _without_pronoun(c: _Candidate) -> _Candidate:
    """The candidate with its resolved pronoun no actor, nor any classifier proposal made with it."""
    lay = c.layout
    actors = [a for a in lay.parsed.actors if a.mention is not lay.pronoun]
    parsed = dataclasses.replace(lay.parsed, actors=actors)
    proposals = tuple(pr for pr in c.proposals if pr.source.mention is not lay.pronoun
                      and (pr.target is None or pr.target.mention is not lay.pronoun))
    return dataclasses.replace(c, layout=dataclasses.replace(lay, parsed=parsed, pronoun=None), proposals=proposals)


# Cue kinds that make a sentence's reading depend on its structure (what is negated, planned,
# conditional, believed); a sentence with none of them, one clause and no verb the modality walk
# reads is read the same from its word windows as from its parse. Plain attributions ("..., officials
# said", "according to X") are read by the windows as well as by the tree.
_STRUCTURAL_CUES = ("hedges", "hypothetical", "conditional", "negation", "future", "commitment", "commit_verbs",
                    "no_evidence", "nominal_hypothetical", "soft_boundaries")
_PLAIN_MAX = 25


def _plain(p: Parsed, attitude_words: frozenset[str]) -> bool:
    """A sentence of one clause with no cue of modality and no verb the parse's modality walk reads
    (deny, believe, commit, plan, halt, ask: attitudes.yaml), such as "Russia shelled Kharkiv on
    Monday, officials said.": the word windows read it as the parse would, so it is not parsed (the
    parse is most of the coder's cost)."""
    low = p.low
    return (len(p.tokens) <= _PLAIN_MAX and not p.hard and not p.relative
            and not any(p.cues.get(kind) for kind in _STRUCTURAL_CUES)
            # a walked word after a determiner is a noun the walk does not read ("for its support")
            # "for" + gerund is a clause of its own whose doer the parse finds ("condemned NATO for
            # sending tanks": NATO sends; "used the base for sending troops": not the base)
            and not any(w == "by" or (w in attitude_words and not (k and low[k - 1] in _DETERMINERS))
                        or (w == "for" and k + 1 < len(low) and low[k + 1].endswith("ing"))
                        for k, w in enumerate(low)))


_DETERMINERS = frozenset("a an the its their his her our this that these those".split())


def rule_events(text: str, published: dt.date) -> list[ExtractedEvent]:
    """The events the patterns alone code (no classifier): what the classifier's training compares with."""
    pending = _prepare(text, published, EXTRACTOR_VERSION, compiled_coder(extra_files_signature()), None)
    _parse_all([pending])
    return _finish(pending)


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A sentence worth parsing: an actor and a trigger, or a pair the classifier proposes an event for."""

    layout: Layout
    proposals: tuple[classifier.Proposal, ...]
    times: list[Timex]


def _names(p: Parsed) -> list[tuple[int, int]]:
    """Token spans of the sentence's actor and place names, each parsed as one word."""
    return sorted({(s.i, s.j) for s in (*p.actors, *p.places)})


def _code_sentence(coder: Coder, c: _Candidate, tree: Tree, published: dt.date, version: str,
                   model: classifier.Model | None) -> list[ExtractedEvent]:
    coded: list[tuple[Trigger, ExtractedEvent]] = []
    consumed: set[int] = set()
    silenced: set[int] = set()
    lay = c.layout
    for trigger in lay.triggers:
        if not _part_of_speech_agrees(tree, trigger):
            continue
        if trigger.patient is not None and not _clause_on(tree, trigger.head, trigger.patient):
            continue  # "sanctions ... imposed": only where the verb is a clause on that noun
        if not trigger.nominal and not trigger.passive and tree.trusted(trigger.head, False):
            trigger = dataclasses.replace(trigger, passive=tree.passive(trigger.head))
        for event, commitment in _code_trigger(coder, lay.parsed, tree, trigger, lay.sentence, c.times,
                                               published, version, silenced):
            coded.append((trigger, event))
            if commitment is not None:
                consumed.add(commitment)
    events = _best(coded, consumed)
    if model is not None and not silenced:  # a negated or halted trigger is never brought back by the model
        if lay.triggers:
            voiced = {code for e in events if e.actor2_code for code in (e.actor1_code, e.actor2_code)}
            voiced |= {e.claimed_by for e in events if e.claimed_by}
            silent = [a for a in lay.parsed.actors if a.mention.code and a.mention.code not in voiced]
            proposals = tuple(model.propose(lay.parsed, lay.triggers)) if silent else ()
        else:
            proposals = c.proposals
        learned = _code_proposals(coder, c, tree, published, version, model.name, events, proposals)
        # a one-sided event the model finds the other party of gives way to the model's pair
        found = {(e.event_type, e.actor1_code) for e in learned if e.actor2_code}
        events = [e for e in events if e.actor2_code or (e.event_type, e.actor1_code) not in found] + learned
    return events


def _code_proposals(coder: Coder, c: _Candidate, tree: Tree, published: dt.date, version: str,
                    model_name: str, ruled: list[ExtractedEvent],
                    proposals: tuple[classifier.Proposal, ...]) -> list[ExtractedEvent]:
    """The classifier's events, for pairs no pattern coded: modality and claimant from the parse at the
    word that governs both names, the type, direction and confidence from the model."""
    p = c.layout.parsed
    # an actor the patterns paired with another (or gave a voice) in this sentence is spoken for:
    # the model only fills the silence ("X shipped rockets to Y, US officials said" is no AID X->US)
    taken = {code for e in ruled if e.actor2_code for code in (e.actor1_code, e.actor2_code)}
    taken |= {e.claimed_by for e in ruled if e.claimed_by}
    # an event the patterns coded for an actor alone is not proposed again ("North Korea test-fired a
    # missile" is one MOBILIZE, not a second from the model)
    alone = {(e.event_type, e.actor1_code) for e in ruled if not e.actor2_code}
    out: list[ExtractedEvent] = []
    for prop in proposals:
        codes = {prop.source.mention.code} | ({prop.target.mention.code} if prop.target is not None else set())
        if codes & taken or (prop.target is None and (prop.event_type, prop.source.mention.code) in alone):
            continue
        taken |= codes
        anchor = tree.governor(prop.source, prop.target)
        pattern = classifier_pattern(prop.event_type, model_name, prop.probability)
        trig = Trigger(pattern, anchor, anchor + 1, not tree.is_verb(anchor), False)
        trusted = tree.trusted(anchor, trig.nominal)
        att = attitude(tree, coder.lexicon, anchor, trig.nominal) if trusted else None
        if att is not None and att.veto is not None and att.status != "denied":
            continue
        lo, hi = p.clause(anchor)
        if pattern.type == "AID" and coder.arsenal.is_trade(p, anchor, lo, hi, p.low[anchor] in coder.arsenal.trade_verbs):
            continue
        if coder.arsenal.is_contest(p, pattern.type, anchor, lo, hi) or coder.arsenal.rivals(
                pattern.type, prop.source, prop.target):
            continue  # a game, a vote or a market, not violence
        place = location(p, anchor, coder.cues.location_blockers)
        event = _code_event(coder, p, tree, trig, att, prop.source, prop.target, place, c.layout.sentence,
                            c.times, published, version)
        if event is not None:
            out.append(event[0])
    return out


@lru_cache(maxsize=256)
def classifier_pattern(event_type: str, model_name: str, probability: float) -> Pattern:
    """A pattern standing for the classifier's proposal, so that its event is coded like a rule's."""
    return Pattern(id=f"classifier:{model_name}", type=event_type, mode=None, contexts=(), source=("subj",),
                   target=(), symmetric=event_type in ("CONSULT", "COOPERATE"), require_target=False,
                   target_from_location=False, location_from_target=False, intent_as=None,
                   veto_right=frozenset(), confidence=round(probability, 2), arms=event_type in ("AID", "AGREE"))


def _clause_on(tree: Tree, v: int, noun: int) -> bool:
    """The verb is a reduced or relative clause (acl, acl:relcl) on the noun, or on a noun coordinated
    with it ("sanctions and tariffs imposed by"); or the parse reads it as a passive whose subject is
    the noun ("Sanctions imposed/ROOT by the EU on Belarus took/conj effect"): the noun is its patient
    either way."""
    gov = tree.heads[v]
    if tree.deps[noun] == "nsubj:pass" and tree.heads[noun] == v:
        return True
    return tree.deps[v].split(":")[0] == "acl" and (gov == noun or (tree.deps[gov] == "conj" and tree.heads[gov] == noun))


def _part_of_speech_agrees(tree: Tree, trig: Trigger) -> bool:
    """A noun pattern needs a noun ("the attacks" vs "it attacks")."""
    if trig.nominal:
        return not tree.tags[trig.head].startswith(("VBD", "VBZ", "VBP", "MD"))
    if (tree.tags[trig.head].startswith("JJ") and tree.deps[trig.head] == "amod" and trig.head
            and tree.tags[trig.head - 1] in ("DT", "PRP$", "POS")):
        # "Israel's complete withdrawal", "a continued presence": after a determiner or a possessive
        # the word is an adjective in a noun phrase, not the verb of a verb phrase ("completed its
        # withdrawal"); the noun, if it is an event, has a trigger of its own
        return False
    # "meets/NNS": the tagger errs on news verbs more often than the word heuristics do; but a one-word
    # verb trigger that the parse makes a noun in a noun's role ("security forces/NNS" as a subject or
    # object, "the peacekeeping force") is a noun: tag and relation agree
    if (trig.head and tree.tags[trig.head].startswith("NN") and tree.low[trig.head - 1] in _DETERMINERS
            and trig.head + 1 < len(tree.low) and tree.low[trig.head + 1] in _NOUN_PREPOSITIONS
            and tree.deps[trig.head].split(":")[0] in _NOUN_ROLES):
        # "called for the release of its soldiers", "lifted the ban on rallies": a phrase's verb between a
        # determiner and a preposition is the act's noun (a phrase that opens with a noun, "the
        # agreement was signed", is one as written)
        return False
    return not (trig.end - trig.head == 1 and tree.tags[trig.head].startswith("NN")
                and not tree.low[trig.head].endswith("ing")  # "denied rebuffing/NN the call": a gerund acts
                and not (trig.head and tree.low[trig.head - 1] in _MODALS)  # "would supply/NN": a verb
                and tree.deps[trig.head].split(":")[0] in _NOUN_ROLES)


_NOUN_ROLES = frozenset(["nsubj", "obj", "iobj", "obl", "nmod", "compound", "appos"])
_NOUN_PREPOSITIONS = frozenset(["of", "on", "against", "for", "to", "by", "with", "from"])


_PASSIVE = {"subj": "prep:by", "obj": "subj", "prep:by": "subj"}


def _code_trigger(coder: Coder, p: Parsed, tree: Tree, trig: Trigger, sentence: Sentence, times: list[Timex],
                  published: dt.date, version: str, silenced: set[int]):
    pat = trig.pattern
    src_slots = tuple(_PASSIVE.get(s, s) for s in pat.source) if trig.passive else pat.source
    tgt_slots = tuple(_PASSIVE.get(s, s) for s in pat.target) if trig.passive else pat.target
    trusted = tree.trusted(trig.head, trig.nominal)
    makers = _arriving_goods(coder, p, tree if trusted else None, trig) if pat.goods_subject else []
    if pat.goods_subject and not makers:
        silenced.add(trig.head)  # and the model, seeing "arrived" and "tanks", must not guess AID
        return  # "Russian troops arrived in Mali with tanks", "refugees poured into": no goods arrive
    att = attitude(tree, coder.lexicon, trig.head, trig.nominal) if trusted else None
    speaker = None
    if att is not None and att.speaker is not None:
        named = tree.actors_of(att.speaker)
        speaker = named[0] if named else None
    ultimatum = att is not None and _ultimatum(pat.type, att, tree, trig.head, speaker is not None)
    if ultimatum:
        att = dataclasses.replace(att, veto=None)
    elif att is not None and _offer(pat.type, att, tree, trig.head):
        att = dataclasses.replace(att, veto=None, condition=None)  # an offer, not an ultimatum
    # "said it would not withdraw", "will not allow inspectors in": a party's stated refusal of a
    # cooperative act of its own is a REJECT (CAMEO 12), and the refusal happened
    refused = (att is not None and att.veto == "negated" and att.modal in ("will", "would")
               and att.status != "denied" and att.condition is None and pat.type not in _HOSTILE and pat.type != "REJECT")
    if refused:
        att = dataclasses.replace(att, veto=None, modal=None)
    # "Havana said it had never bought tanks from Kenya": a party that says it did not is denying it
    disowned = (att is not None and att.veto == "negated" and att.reported and att.status != "denied"
                and speaker is not None)
    if att is not None and att.veto is not None and att.status != "denied" and not disowned:
        silenced.add(trig.head)
        return  # negated, asked for, halted, conditional: nothing to code, whoever the actors are
    if not trig.nominal and _asked_in_coordination(coder, p, trig.head):
        silenced.add(trig.head)
        return  # "called on the Lebanese to unite and fight Israel": the second act is asked for too
    if disowned:
        silenced.add(trig.head)  # the model never turns it into a fact either
        att = dataclasses.replace(att, veto=None, status="denied", say=True)
    # no named doer: a bare agent noun of the one state the sentence is about ("police arrested ... in
    # Cairo"), else, for an attack, the unidentified armed force of the place it struck
    subject = tree.subject(trig.head) if not trig.nominal and tree.trusted(trig.head, False) else None
    if trig.passive:  # "were detained by police": the agent after "by" is the doer
        by = next((k for k in range(trig.end, min(trig.end + 4, len(p.low))) if p.low[k] == "by"), None)
        subject = next((k for k in range(by + 1, min(by + 4, len(p.low))) if p.low[k] not in ("the", "a", "an")),
                       None) if by is not None else None
    home = None if trig.nominal or (trig.passive and subject is None) else home_source(
        p, trig.head, domestic_rules(extra_files_signature()), subject)
    unnamed = [home] if home is not None else _unnamed_attackers(coder, p, trig) if pat.type == "ASSAULT" else []
    if not unnamed and pat.type == "AID" and pat.arms and "subj" in tgt_slots:
        unnamed = _weapons_maker(coder, p, trig)
    onlooked = _onlooked(tree if trusted else None, trig, coder.lexicon.onlookers)
    sources, targets, paired = _roles(p, tree if trusted else None, trig, src_slots, tgt_slots, speaker,
                                      onlooked, unnamed)
    if not sources:
        if onlooked:
            # "Iran condemned talks with the US": the rules read the pair and found no doer; the
            # model must not make the onlooker a party to the talks
            silenced.add(trig.head)
        return
    if ultimatum and not targets:  # "will boycott the vote unless the government resigns": its addressee
        targets = [t for t in tree.condition_parties(trig.head) if not _itself(sources[0], t)][:1]
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
    if pat.require_weapon and coder.arsenal.weapon_span(p, trig.head, lo, hi) is None:
        return  # "ordered its troops from Niger to return": no arms ordered
    if pat.goods_subject:  # the goods' makers (checked above) are the only sources
        sources = [m for m in sources if any(m.mention is k.mention for k in makers)] or makers[:1]
        pairs = [(s, t) for s in sources[:_MAX_PARTIES] for t in (targets[:_MAX_PARTIES] or [None])]
    if coder.arsenal.is_contest(p, pat.type, trig.head, lo, hi):
        silenced.add(trig.head)  # "Kenya's national team beat Uganda 2-0": a game, and the model keeps out
        return
    struck = _place_object(p, trig) if pat.target_from_location and not targets else None
    if struck is not None and place is None:
        place = struck  # "shelled Kharkiv": the place struck is where it happened
    for source, target in pairs:
        if pat.source_sectors and source.mention.sector not in pat.source_sectors:
            continue  # "refugees arrived in Turkey" is no visit; "the foreign minister arrived in" is
        if target is not None and _itself(source, target):
            # an actor acting on itself ("Kim ... North Korea") is a parsing slip: the event stands
            # without that target where the pattern allows one ("Bosnian Serbs completed their
            # withdrawal from the Bosnian town"), or with the stated place's state where it takes one
            if (source, None) in pairs:
                continue
            target = None
        if target is None and not trig.nominal and not trig.passive:  # "the army killed five rebels"
            target = home_object(p, source, trig.head, trig.end, domestic_rules(extra_files_signature()))
        if target is None and pat.target_from_location:
            candidate = struck or place
            if candidate is not None and candidate.mention.code != source.mention.code:
                target = candidate
        if target is None and not pat.require_target:  # "the opposition demanded that the president resign"
            target = home_party(p, source, pat.type, trig.head, domestic_rules(extra_files_signature()))
        if target is None and pat.require_target:
            continue
        if coder.arsenal.rivals(pat.type, source, target):
            continue  # two companies contesting a market
        if disowned and speaker.mention.code not in (source.mention.code, target.mention.code if target else None):
            continue  # a third party saying it did not happen: no event, and no denial by a party
        if refused and speaker is not None and speaker.mention.code != source.mention.code:
            continue  # "officials said Iraq would not withdraw": a guess about Iraq, not its refusal
        coded = _code_event(coder, p, tree, trig, att, source, target, place, sentence, times, published, version)
        if coded is None:
            silenced.add(trig.head)
            continue
        if refused:  # the refusal is the statement itself: its maker is no claimant
            own = coded[0].claimed_by == source.mention.code
            coded = (dataclasses.replace(coded[0], event_type="REJECT", event_mode=None, claim_status="reported",
                                         arms=None, claimed_by=None if own else coded[0].claimed_by,
                                         claimed_by_text=None if own else coded[0].claimed_by_text), None)
        yield coded


def _code_event(coder: Coder, p: Parsed, tree: Tree, trig: Trigger, att, source: Span, target: Span | None,
                place: Span | None, sentence: Sentence, times: list[Timex], published: dt.date,
                version: str) -> tuple[ExtractedEvent, int | None] | None:
    """The event of one source/target pair at a trigger, with its claim status; None when no fact."""
    pat = trig.pattern
    # the actor says it did it; for a cooperative event the other party may say so too, but a
    # target that says it was attacked is accusing, not confirming
    confirmers = {source.mention.code}
    if target is not None and pat.type not in _HOSTILE:
        confirmers.add(target.mention.code)
    claim = assess(p, trig.head, trig.end, trig.nominal, frozenset(confirmers), pat.planned, att, tree,
                   pat.type in _HOSTILE or (att is not None and att.condition is not None))
    if claim is None:
        return None
    if target is not None and claim.claimant is not None and (claim.claimant.i, claim.claimant.j) == (target.i, target.j) \
            and any(claim.claimant.j <= a.i and a.j <= trig.head and a is not source for a in p.actors):
        # "Ukrainian intelligence says Russia received Iranian drones": the clause names its own
        # party (Russia), so the speaker is not the recipient ("Moscow denied receiving" has none)
        return None
    if claim.threat and claim.claimant is not None and claim.claimant.mention.code != source.mention.code:
        return None  # "Russia may fight on, a researcher in Washington said": a guess about Russia, no threat by it
    if (claim.threat and claim.claimant is None and att is not None and att.modal == "could"
            and not pronoun_subject(tree, trig.head)):
        # "Russia might attack NATO, analysts warned": a may/might/could said by a speaker who names no
        # party is a guess about the doer, never its threat ("warned it could strike": its own)
        return None
    if pat.type == "THREATEN" and claim.status == "planned" and claim.commitment is None and (
            p.low[trig.head].endswith(("ed", "s")) or p.low[trig.head] in ("swore", "sworn")) and any(
            s == trig.head for s, _, _ in p.cues.get("commitment", ())):
        # "vowed to fight on": the oath is the threat, made when it was sworn, not a plan
        claim = dataclasses.replace(claim, status="reported")
    if claim.status in ("reported", "alleged", "confirmed") and _telegraphic_future(p, trig, source):
        claim = dataclasses.replace(claim, status="planned")
    if claim.commitment is not None and _promised_by_another(tree, claim.commitment, source, target):
        claim = dataclasses.replace(claim, commitment=None)  # still planned, but no AGREE of the source's
    where = place
    if pat.location_from_target and target is not None and target.mention.kind in ("capital", "place"):
        where = where or target
    return _event(coder, p, trig, source, target, claim, where, p.clause(trig.head), sentence, times, published,
                  version), claim.commitment


def _asked_in_coordination(coder: Coder, p: Parsed, head: int) -> bool:
    """A verb joined by "and"/"or" to an infinitive that a request verb governs ("urged X to unite and
    fight", "called on them to rise up or resist"): asked for, like the first. Read from the words, as
    the parser often hangs the second verb on the request verb itself."""
    if head < 3 or p.low[head - 1] not in ("and", "or"):
        return False
    to = next((k for k in range(head - 2, max(head - 6, 0), -1) if p.low[k] == "to"), None)
    if to is None or any(p.low[k] in (",", ";", "and", "or") for k in range(to + 1, head - 1)):
        return False
    return any(coder.lexicon.kind(p.low[k]) == "request" for k in range(max(0, to - 6), to))


_THREAT_MODALS = frozenset(["may", "might", "could"])  # "may halt mediation if ...": a warning of a possible act


def _ultimatum(event_type: str, att, tree: Tree, head: int, named_speaker: bool) -> bool:
    """"Israel will close the crossings if rockets are fired", "the union said it would strike unless
    wages rise": a party's stated hostile act on a condition is a threat, which PLOVER codes as
    THREATEN (the act itself stays no fact). Only when the statement is reported with a will/would
    (or a may/might/could said by the party itself: "the EU said it may suspend aid if ...") and the
    trigger itself bears the condition; a withdrawal is a threat only under "unless" ("will
    pull out its force unless"), a cooperative act on a condition is an offer, never coded as done."""
    if att.veto == "conditioned" and event_type == "THREATEN":
        return True  # "threatened to close the roads if Greece held the drills": the threat was made
    if att.veto != "conditioned" or not att.reported:
        return False
    if att.modal not in ("will", "would") and not (
            att.modal == "could" and any(tree.deps[k] == "aux" and tree.low[k] in _THREAT_MODALS for k in tree.kids[head])
            and (named_speaker or pronoun_subject(tree, head))):
        # "must", "should", "can" on a condition: an obligation or an ability, no threat; a "may" said
        # by no named party ("analysts said Russia may invade if ...") is a guess (a named party other
        # than the doer is dropped with the claimant check)
        return False
    return event_type in _HOSTILE or (event_type == "RETREAT" and att.condition == "unless")


def _offer(event_type: str, att, tree: Tree, head: int) -> bool:
    """"Japan said it would send doctors if asked": a party stating a cooperative act of its own on a
    condition makes an offer, which PLOVER codes as AGREE (planned, from the reported "would"); the act
    itself stays no fact. Only the speaker's own act ("it", "they"): a condition on someone else's act
    ("officials said Japan would send") is a guess about it."""
    return (att.veto == "conditioned" and att.condition == "if" and att.reported and att.status != "denied"
            and att.modal in ("will", "would") and event_type not in _HOSTILE and event_type != "RETREAT"
            and pronoun_subject(tree, head))


_DASHES = frozenset(["-", "--", "\u2013", "\u2014"])


def _telegraphic_future(p: Parsed, trig: Trigger, source: Span) -> bool:
    """Headline grammar: "Warsaw to send tanks to Kyiv", "US and Japan to hold drills" state what
    is to come. The subject (with the parties coordinated with it) opens its clause, after a
    dateline at most, and the infinitive's "to" follows it directly: no finite verb can govern the
    "to" ("urged X to send" is the say- or ask-verb's business, not this rule's)."""
    head = trig.head
    if trig.nominal or head < 1 or p.low[head - 1] != "to":
        return False
    # the subject and the parties coordinated with it ("Germany, France and Italy to send tanks")
    # fill the clause up to the "to", after a dateline's punctuation at most
    lo = p.clause(head, hard=True)[0]
    dashes = [k for k in range(lo, source.i) if p.low[k] in _DASHES]
    lo = dashes[-1] + 1 if dashes else lo  # "MADRID, May 4 - Spain to sell ...": after the dateline
    if not lo <= source.i < head - 1:
        return False
    inside = {k for a in p.actors for k in range(a.i, a.j)}
    return all(k in inside or not p.low[k].isalpha() or p.low[k] in ("and", "&") for k in range(lo, head - 1))


# Violence by an attacker no name gives ("gunmen", "a roadside bomb"): CAMEO codes the unidentified
# armed force to the state where it struck (sector UAF), so the attack is coded, not dropped. Only with
# a word of violence in the clause, and never for a mishap ("killed in a car crash in Kabul").
_ATTACK_WORDS = frozenset("""gunmen gunman militants militant insurgents insurgent guerrillas guerillas guerrilla
    bomber bombers attackers attacker assailants assailant sniper snipers bomb bombs bombing bombings blast
    blasts explosion explosions explosive explosives grenade grenades mortar mortars shelling suicide ambush
    car-bomb roadside gunfire gunshots shooting raid""".split())
_MISHAP_WORDS = frozenset("""accident accidents crash crashes collision earthquake quake flood floods flooding
    storm storms cyclone hurricane typhoon landslide avalanche stampede fire blaze disease outbreak
    epidemic""".split())


def _unnamed_attackers(coder: Coder, p: Parsed, trig: Trigger) -> list[Span]:
    """The unidentified armed force of the state where an attack with no named doer happened."""
    lo, hi = p.clause(trig.head)
    words = set(p.low[lo:hi])
    if not words & _ATTACK_WORDS or words & _MISHAP_WORDS:
        return []
    place = location(p, trig.head, coder.cues.location_blockers)
    if place is None or place.mention.code is None:
        return []
    return [Span(place.i, place.j, dataclasses.replace(place.mention, sector="UAF"), False)]


def _promised_by_another(tree: Tree, commitment: int, source: Span, target: Span | None) -> bool:
    """"Qatar offered to host talks between Hamas and Israel": the promise is Qatar's, a party to
    neither side, so the talks stay talks, planned, and are no AGREE of Hamas's (a promise is its
    maker's intent; "Algeria agreed to buy jets from Russia" is the buyer's, a party to the deal)."""
    maker = tree.subject(commitment)
    named = tree.actors_of(maker) if maker is not None else []
    parties = {source.mention.code, target.mention.code if target is not None else None}
    return bool(named) and all(a.mention.code not in parties for a in named)


def _weapons_maker(coder: Coder, p: Parsed, trig: Trigger) -> list[Span]:
    """A recipient that names no supplier ("Belarus received two dozen Russian tanks", "Algeria bought
    Chinese drones"): the state whose mark the weapons bear supplies them, as a deal for "Russian
    fighter jets" is one with their maker (Arsenal.made_by); goods that are no weapons name no one."""
    _, hi = p.clause(trig.head)
    span = coder.arsenal.weapon_span(p, trig.head, trig.end, hi)
    if span is None:
        return []
    return [a for a in p.actors if trig.end <= a.i and a.j <= span[0] and coder.arsenal.made_by(p, span, a)][:3]


def _arriving_goods(coder: Coder, p: Parsed, tree: Tree | None, trig: Trigger) -> list[Span]:
    """The makers of the weapons that are the subject of an arrival verb ("North Korean shells are
    reaching Russia": PRK): the weapon term must end the subject (by the parse, or, unparsed, right
    before the verb and its auxiliaries), so troops or talks that arrive are no delivery."""
    span = coder.arsenal.weapon_span(p, trig.head, p.clause(trig.head)[0], trig.head)
    if span is None:
        return []
    subject = tree.subject(trig.head) if tree is not None else None
    if subject is not None:
        if not span[0] <= subject < span[1]:
            return []
    elif any(p.low[k] not in ("is", "are", "was", "were", "have", "has", "had", "been", "being", "now",
                              "still", "already", "reportedly", "allegedly") for k in range(span[1], trig.head)):
        return []
    return [a for a in p.actors if a.j <= span[0] and coder.arsenal.made_by(p, span, a)][:_MAX_PARTIES]


def _itself(source: Span, target: Span) -> bool:
    """The target is the source again: the same name, or the same state and sector."""
    return target.mention is source.mention or (
        target.mention.code == source.mention.code
        and (target.mention.sector == source.mention.sector or _the_state_itself(source, target)))


def _the_state_itself(*spans: Span) -> bool:
    """One side is the state or organisation by name ("North Korea", "Pyongyang", "the UN") and the
    other one of its organs or people acting for it ("Kim", "the army", "a UN spokesman"); the state's
    opposition, rebels or citizens are groups of their own ("Argentina lifted its ban on the
    Argentine opposition")."""
    return any(s.mention.kind in ("state", "capital", "org") and s.mention.sector is None for s in spans) and not any(
        s.mention.sector in _NOT_THE_STATE for s in spans)


_NOT_THE_STATE = frozenset(["OPP", "REB", "CVL", "BUS"])


def _place_object(p: Parsed, trig: Trigger) -> Span | None:
    """A place right after the trigger ("shelled Kharkiv", "attacks on Odesa"): the target's ground."""
    for s in p.places:
        if trig.end <= s.i <= trig.end + 3 and all(w in ("the", "on", "against", "city", "of", "port") for w in p.low[trig.end : s.i]):
            return s
    return None


def _onlooked(tree: Tree | None, trig: Trigger, onlookers: frozenset[str]) -> bool:
    """"police dispersed the protest": an event noun whose clause's subject acts on it, not its doer."""
    return (tree is not None and trig.nominal and tree.deps[trig.head] == "obj"
            and tree.heads[trig.head] != trig.head and tree.low[tree.heads[trig.head]] in onlookers)


def _roles(p: Parsed, tree: Tree | None, trig: Trigger, src_slots, tgt_slots,
           speaker: Span | None, onlooked: bool = False,
           unnamed: list[Span] = ()) -> tuple[list[Span], list[Span], bool]:
    """Source and target actors: each slot filled from the parse, or from the word window when the
    parse has no word in that role (a parser misses an arc now and then; the window rarely does).
    ``onlooked``: the trigger is an event noun whose clause's subject only acts on it (_onlooked)."""
    kind = trig.pattern.type

    def slot_fill(slot: str, taken: tuple[Span, ...] = ()) -> list[Span]:
        if trig.patient is not None and tree is not None and slot == ("subj" if trig.passive else "obj"):
            # the clause's noun is its patient: an actor only if it names one ("the envoys expelled
            # by"), never the window's guess
            return tree.actors_of(trig.patient)
        if slot == "relobj":  # read from the parse only: a window has no notion of a relative clause
            return [] if tree is None else tree.relative_objects(trig.head, trig.pattern.relative_verbs)
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
                found = [main] if main is not None else []
        return found

    sources: list[Span] = []
    # "the withdrawal of some forces from Panama": an actor behind a preposition the pattern's target
    # slots name is the target, however the parse hung it under the source's phrase
    target_words = {s[5:] for s in tgt_slots if s.startswith("prep:")} - {s[5:] for s in src_slots if s.startswith("prep:")}
    for slot in src_slots:
        if onlooked and slot == "agent":
            continue
        if onlooked and slot == "pre" and tree is not None:
            # only the noun's own modifier names its doer ("dispersed a Kurdish protest"); the word
            # window would take the onlooker itself ("Iran condemned talks with the US")
            found = syntax.fill(tree, slot, trig.head, trig.passive, kind) or []
        else:
            found = slot_fill(slot)
        if slot == "between" and found:
            return found[:1], found[1:2], True
        if found and slot != "subj":
            found = [a for a in found if not _behind(p, a, target_words)]
        if found:
            sources = found
            break
    if not sources and not unnamed:
        return [], [], False
    sources = sources or list(unnamed)  # an attacker no name gives: the unidentified force where it struck
    own: list[Span] = []
    for slot in tgt_slots:
        found = slot_fill(slot, tuple(sources))
        if slot == "between":
            found = found[1:] if found[:1] == sources[:1] else []
        found = [t for t in found if t not in sources]
        if found and all(_itself(sources[0], t) for t in found):
            # "threatened to ban voting in East Jerusalem if Hamas ...": Israel's own city is no target;
            # a later slot or the complement may name one (else the pair is dropped, as before)
            own = own or found
            continue
        if found:
            return sources, found, False
    if tree is not None and kind in _INTENT and not trig.nominal:
        codes = {s.mention.code for s in sources}  # "threatened to ban voting in East Jerusalem": not Israel's
        found = [t for t in tree.complement_parties(trig.head)
                 if t not in sources and t is not speaker and t.mention.code not in codes]
        if found:
            return sources, found[:1], False
        # "refused to deploy peacekeepers in Iraq": the state where the intended act would happen
        found = [s for s in _complement_places(p, tree, trig.head) if s.mention.code not in codes]
        if found and kind in ("REJECT", "THREATEN"):
            return sources, found[:1], False
    return sources, own, False


def _complement_places(p: Parsed, tree: Tree, v: int) -> list[Span]:
    """Places of states stated as where the infinitive under ``v`` acts ("to deploy troops in Iraq")."""
    at = {k: s for s in p.places if s.location and s.mention.code for k in range(s.i, s.j)}
    found = []
    for c in tree.children(v, "xcomp"):
        for k in tree.children(c, "obl"):
            if k in at and at[k] not in found:
                found.append(at[k])
    return found


_PRONOUNS = frozenset(["it", "they", "he", "she", "we"])


def _behind(p: Parsed, a: Span, words: set[str]) -> bool:
    """Whether actor ``a`` stands right behind one of ``words`` ("from (the) Panama")."""
    k = a.i - 1
    while k >= 0 and p.low[k] in _DETERMINERS:
        k -= 1
    return k >= 0 and p.low[k] in words


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
    future = claim.status == "planned" and not _dated_commitment(p, claim.commitment, trig.head, lo, times)
    when = _event_time(p, trig.head, clause, sentence, times, future, published)
    # "called on the G7 to lift sanctions next year": a request made in the past tense asks for
    # something later; the date is the act's, the request is no scheduled event
    asked = pat.type == "REQUEST" and not trig.nominal and (p.low[trig.head].endswith("ed") or p.low[trig.head] == "sought")
    if when.basis != PUBLICATION and not when.open_end and when.start > published and not asked \
            and claim.status in ("reported", "confirmed", "alleged"):
        # "the leaders meet on December 5": a stated date after the report is a scheduled event
        claim = dataclasses.replace(claim, status="planned")
    event_type = pat.intent_as if claim.commitment is not None and pat.intent_as else pat.type
    mode = pat.mode
    # a party that commits itself ("pledged to", "is ready to", "said it would") states an intent, which
    # PLOVER codes as such: AGREE for a cooperative act, THREATEN for a hostile one; the commitment is
    # the reported fact, so the party is not its own claimant
    # ("Putin will visit Pyongyang, the Kremlin said" is a scheduled visit: a "will" keeps its type)
    self_stated = (claim.foretold and claim.claimant is not None
                   and claim.claimant.mention.code == source.mention.code)
    if claim.status == "planned" and (claim.commitment is not None or self_stated) and event_type not in _INTENT:
        # a promise (agree, pledge, vow, offer) is an AGREE whatever it promises; a stated readiness or
        # intent ("ready to", "said it would") to act against someone is a THREATEN, and happened
        # (the word cue of a readiness starts at its copula: "was ready to")
        promised = claim.commitment is not None and not any(
            w in coder.lexicon.readiness for w in p.low[claim.commitment : claim.commitment + 2])
        # an oath to act against someone ("vowed to crush", "have sworn to fight") is a threat
        sworn = promised and p.low[claim.commitment] in coder.lexicon.oaths
        if event_type in _HOSTILE and (not promised or sworn):
            event_type, mode = "THREATEN", None
            claim = dataclasses.replace(claim, status="reported")
        else:
            event_type, mode = "AGREE", None
        if self_stated or _own_word(claim, source):
            claim = dataclasses.replace(claim, claimant=None, claimant_text=None)
    if claim.threat:
        event_type, mode = "THREATEN", None  # "said they would boycott": PLOVER codes the stated intent
        if _own_word(claim, source):  # the threat is the statement itself: its maker is no claimant
            claim = dataclasses.replace(claim, claimant=None, claimant_text=None)
    contexts = tuple(dict.fromkeys([*pat.contexts, *sorted(coder.arsenal.contexts_in(p, lo, hi))]))
    arms = None
    if pat.arms and event_type in ("AID", "AGREE") and "military" in contexts:
        span = coder.arsenal.weapon_span(p, trig.head, lo, hi)
        supplier, recipient = source, target
        if event_type == "AGREE" and target is not None and span is not None and coder.arsenal.made_by(p, span, target):
            # "Algeria signs a deal for Russian fighter jets": the buyer signs, the jets' maker supplies
            supplier, recipient = target, source
        arms = arms_transfer(event_type, claim.status, supplier.mention.code,
                             recipient.mention.code if recipient else None,
                             coder.arsenal.weapon(p, span, lo) if span is not None else None)
    if pat.id.startswith("classifier:"):
        confidence = pat.confidence  # the model's calibrated probability
    else:
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
        event_date=when.start,
        date_precision=when.precision,
        date_basis=when.basis,
        date_text=when.text,
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
        event_date_end=when.end,
        date_open=when.open_end,
    )


_MODALS = frozenset(["will", "would", "shall", "to", "may", "might", "could", "should", "can", "must"])


def _own_word(claim: Claim, source: Span) -> bool:
    """The party that states an intent ("said it was ready to", "announced it would") is its source."""
    return claim.claimant is not None and claim.claimant.mention.code == source.mention.code


def _dated_commitment(p: Parsed, commitment: int | None, head: int, lo: int, times: list[Timex]) -> bool:
    """"Algeria, which agreed in March to buy jets": a commitment in the past tense with a date
    stated between it and the promised act is dated by that date, which lies behind the report; a
    date stated only after the act ("agreed to deliver them in June") still lies ahead."""
    if commitment is None or not lo <= commitment < head:
        return False
    word = p.low[commitment]
    if not (word.endswith("ed") or word in _STRONG_PAST) or (commitment and p.low[commitment - 1] in _MODALS):
        return False
    begin, end = p.tokens[lo].start, p.tokens[head].start
    return any(begin <= t.start < end for t in times)


_STRONG_PAST = frozenset(["swore", "undertook", "made", "gave", "took", "struck", "won"])


def _event_time(p: Parsed, head: int, clause: tuple[int, int], sentence: Sentence, times: list[Timex],
                planned: bool, published: dt.date) -> EventTime:
    """The one place the coder asks for an event's time (extract.event_time decides it): the date or
    period stated in the trigger's clause, else one clearly referenced just before, else the report's
    date; a planned event's yearless date is the coming one."""
    lo, hi = clause
    return event_time(sentence, (p.tokens[lo].start, p.tokens[hi - 1].end), p.tokens[head].start, times,
                      published, "future" if planned else None, p.text)


def _best(coded: list[tuple[Trigger, ExtractedEvent]], consumed: set[int]) -> list[ExtractedEvent]:
    """One reading per trigger word, then one event per (type, actors, status) in the sentence."""
    by_head: dict[int, list[tuple[Trigger, ExtractedEvent]]] = {}
    for trig, event in coded:
        if trig.head not in consumed:
            by_head.setdefault(trig.head, []).append((trig, event))
    kept: list[tuple[Trigger, ExtractedEvent]] = []
    for head in sorted(by_head):
        group = by_head[head]
        best = max(group, key=lambda te: (te[0].words, te[0].end - te[0].head, te[1].actor2_code is not None,
                                          te[1].confidence))
        kept.extend(te for te in group if te[0].pattern is best[0].pattern)
    seen: dict[tuple, ExtractedEvent] = {}
    for _, event in kept:
        key = (event.event_type, event.actor1_code, event.actor2_code, event.claim_status)
        if key not in seen or event.confidence > seen[key].confidence:
            seen[key] = event
    return list(seen.values())
