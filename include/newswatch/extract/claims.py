"""Claim status of a coded event: reported, alleged (and by whom), denied, confirmed or planned; and
whether it is no event at all (negated, hypothetical, conditional, or asked about).
"""

from __future__ import annotations

from dataclasses import dataclass

from .attitude import _CALLING, _COPULAS, Attitude
from .dictionaries import DictionaryError
from .patterns import inflect
from .roles import Parsed, Span, subject
from .syntax import Tree

_CUE_KINDS = ("hedges", "according_to", "hypothetical", "conditional", "negation", "future", "commitment",
              "nominal_hypothetical", "nominal_planned", "soft_boundaries", "hard_after_comma", "no_evidence",
              "commit_verbs", "untrue", "beside_party")
# Object-control verbs: "urged Germany to send tanks" -- Germany's sending is only asked for.
_CONTROL = frozenset(
    inflect("urge", {}) | inflect("ask", {}) | inflect("press", {}) | inflect("want", {}) | inflect("warn", {})
    | inflect("encourage", {}) | inflect("order", {}) | inflect("allow", {}) | {"told", "tell", "tells"}
    | inflect("demand", {}) | inflect("insist", {}) | inflect("propose", {}) | inflect("suggest", {})
    | inflect("recommend", {}) | inflect("request", {}) | inflect("require", {})
)


# Sectors that speak about a state without speaking for it: "a Russian newspaper reported" that
# Putin did something alleges it; only the state or its officials confirm.
_NOT_THE_PARTY = frozenset(["MED", "OPP", "CVL", "BUS", "REB", "JUD", "LEG"])


@dataclass(frozen=True, slots=True)
class Claim:
    status: str  # reported | alleged | denied | confirmed | planned
    claimant: Span | None
    claimant_text: str | None
    commitment: int | None  # token index of "agreed/promised to" that this event fulfils
    threat: bool = False  # "said they would boycott": PLOVER codes the stated intent as a THREATEN
    foretold: bool = False  # "said it would V": a reported "would", the speaker's stated intent if it is the doer


class Cues:
    """Cue phrases from ``claims.yaml`` indexed by first word; ``annotate`` finds them in a sentence."""

    def __init__(self, dictionaries: dict, irregular: dict[str, list[str]]):
        d = dictionaries
        self._index: dict[str, list[tuple[tuple[str, ...], str, str | None]]] = {}
        for kind in _CUE_KINDS:
            for phrase in d.get(kind) or []:
                self._add(phrase, kind, None, irregular)
        for status, phrases in (d.get("claims") or {}).items():
            for phrase in phrases:
                self._add(phrase, "claim", status, irregular)
        for phrase in d.get("self_report") or []:
            self._add(phrase, "say", "alleged", irregular)
        self.location_blockers = frozenset(str(w).lower() for w in d.get("location_blockers") or [])

    def _add(self, phrase: object, kind: str, status: str | None, irregular: dict[str, list[str]]) -> None:
        if isinstance(phrase, bool):  # YAML 1.1 reads an unquoted no/yes/on/off as a boolean
            raise DictionaryError(f"{kind}: cue {phrase!r} is not a word; quote no/yes/on/off in YAML (\"no\")")
        words = str(phrase).lower().split()
        firsts = inflect(words[0][1:], irregular) if words[0].startswith("~") else {words[0]}
        for first in firsts:
            self._index.setdefault(first, []).append((tuple(words[1:]), kind, status))

    def annotate(self, low: list[str], blocked: set[int]) -> dict[str, list[tuple[int, int, str | None]]]:
        """Cue spans by kind; words inside actor names ("United States") are never cues."""
        found: dict[str, list[tuple[int, int, str | None]]] = {}
        for i, word in enumerate(low):
            if i in blocked:
                continue
            for rest, kind, status in self._index.get(word, ()):
                if tuple(low[i + 1 : i + 1 + len(rest)]) == rest:
                    found.setdefault(kind, []).append((i, i + 1 + len(rest), status))
        return found


def is_question(sentence: str) -> bool:
    return sentence.rstrip(" \"'”’)»").endswith("?")


def assess(p: Parsed, head: int, end: int, nominal: bool, confirmers: frozenset[str],
           planned_type: bool = False, att: Attitude | None = None, tree: Tree | None = None,
           hostile: bool = False) -> Claim | None:
    """The claim status of an event triggered at tokens [head, end), or None when it is not a fact.
    A party in ``confirmers`` that says the event happened confirms it. With the parse (``att``,
    ``tree``) negation, modality and the claimant come from the tree; the cue windows below are what
    is left when a sentence was not parsed, and the claimant's fallback when the tree names none."""
    if _any(p, ("no_evidence",), 0, head):
        return None  # "there is no evidence that X sent": no fact, however the clause is parsed
    if _phrase_cue_before(p, ("negation", "conditional"), head):
        return None  # "has yet to deliver", "stopped short of supplying", "in the event that X attacks"
    if _inverted_condition(p, head):
        return None  # "Had Israel sent air defences, Russia would have retaliated": a counterfactual
    hard_start = p.clause(head, hard=True)[0]
    if "neither" in p.low[hard_start:head] and "nor" in p.low[hard_start:head]:
        return None  # "Neither Chile nor Peru sent rifles": both subjects negated, whatever the parse
    if att is not None and tree is not None:
        return _assess_parsed(p, head, end, nominal, confirmers, planned_type, att, tree, hostile)
    lo, hi = p.clause(head)
    hard_lo, hard_hi = p.clause(head, hard=True)
    gsubj = None if nominal else subject(p, head)
    foretold = False
    if nominal:
        scope = (lo, hi)
        near = (max(lo, head - 3), head)
        if _any(p, ("nominal_hypothetical",), *near):
            return None
        if _any(p, ("hypothetical", "conditional"), lo, hi, skip=(head, end)):
            return None
        # "no summit" or "the summit was called off" negate the event; "the summit ended without
        # a deal" negates only the deal, so "without" after the head does not count.
        if _any(p, ("negation",), lo, head) or any(
            p.low[s] != "without" for s, _, _ in p.cue_spans("negation", end, hi)
        ):
            return None
    else:
        start = max(gsubj.j, hard_lo) if gsubj and gsubj.j > hard_lo else max(lo, head - 8, hard_lo)
        scope = (start, head)
        if _any(p, ("negation",), *scope):
            return None
        modals = p.cue_spans("hypothetical", *scope)
        if modals:
            reported = any(c[1] <= scope[0] for c in p.cues.get("claim", []) + p.cues.get("say", [])
                           if c[0] >= hard_lo)
            if not (reported and all(p.low[s] in _FORETELLING for s, _, _ in modals)):
                return None
            foretold = True  # "officials said Bolivia would supply": the future of a reported past
        if _any(p, ("conditional",), lo, head):
            return None
        if any(p.low[k] in ("no", "nor") for k in range(end, min(end + 2, hi))):
            return None  # "sent no weapons": the object is negated, so is the event
        if gsubj and _controlled(p, gsubj):
            return None  # "urged Germany to send", "demanded that the US cancel": asked, not done
    commitment = _last(p, "commitment", *scope)
    if commitment is None:  # "has vowed, despite pressure at home, to keep supplying": words between
        verb = _last(p, "commit_verbs", *scope)
        if verb is not None and "to" in p.low[verb[1] : head]:
            commitment = verb
    planned = (
        planned_type  # a promise ("promised jets to"): what it promises lies ahead
        or foretold
        or commitment is not None
        or _any(p, ("future",), *scope)
        or any(s == head for s, _, _ in p.cues.get("commitment", ()))  # "agreed to ...": a plan
        or (nominal and _any(p, ("nominal_planned",), max(lo, head - 3), head))
    )
    claim = (_claim_before(p, head, hard_lo) or _according_to(p, hard_lo, hard_hi)
             or _claim_after(p, end, hard_hi) or _headline_voice(p, head))
    status, claimant, text = "reported", None, None
    if claim is not None:
        status, claimant, text, say = claim
        claimant = _not_beside(p, claimant)
        if say and claimant is not None and claimant.mention.code in confirmers and (
            claimant.mention.sector not in _NOT_THE_PARTY
        ):
            status = "confirmed"  # a party to the event says it happened (not its press or its critics)
    elif _any(p, ("hedges",), max(hard_lo, scope[0] - (3 if nominal else 0)), head):
        status = "alleged"
    if planned and status != "denied":
        status = "planned"
    return Claim(status, claimant, text, commitment[0] if commitment else None, foretold=foretold)


_HEDGE_ADVERBS = frozenset(["reportedly", "allegedly", "purportedly", "supposedly", "apparently", "likely",
                            "probably", "suspected", "alleged"])
_FORETELLING = frozenset(["would", "'d"])  # under a say-verb, the future of the past, not a guess
_MAYBE = frozenset(["possibly", "perhaps", "maybe", "potentially", "hypothetically"])


def _assess_parsed(p: Parsed, head: int, end: int, nominal: bool, confirmers: frozenset[str],
                   planned_type: bool, att: Attitude, tree: Tree, hostile: bool) -> Claim | None:
    lo, hi = p.clause(head)
    if att.veto is not None and att.status != "denied":
        return None
    if any(tree.low[k] in _MAYBE for k in tree.kids[head]):
        return None  # "possibly sent": a guess, not a report
    threat = foretold = False
    if att.modal in ("would", "could") and att.status != "denied":
        if not att.reported:
            return None  # "sanctions would do little", "could add to Russia's firepower"
        if hostile:
            threat = True  # "said they would boycott the vote", "warned it could strike"
        elif att.modal == "could":
            return None  # "could help Russia keep fighting, a researcher said": a guess, however reported
        else:
            foretold = True  # "said Romania would supply": the future of a reported past, a plan
    if nominal:
        near = (max(lo, head - 3), head)
        if _any(p, ("nominal_hypothetical",), *near) or _any(p, ("negation",), max(lo, head - 2), head):
            return None  # "any future talks", "no summit"
    # the cue window adds plans the parse missed ("is expected to", "soon"); it only ever makes an
    # event planned, never a fact
    hard_lo = p.clause(head, hard=True)[0]
    window = (max(lo, head - 6, hard_lo), head)
    commitment = att.commitment
    if commitment is None and not nominal:
        cue = _last(p, "commitment", *window)
        verb = _last(p, "commit_verbs", *window)
        if cue is None and verb is not None and "to" in p.low[verb[1] : head]:
            cue = verb  # "committed last week to delivering", however "week" was parsed
        commitment = cue[0] if cue else None
    planned = (planned_type or att.planned or att.modal == "will" or commitment is not None or foretold
               or any(s == head for s, _, _ in p.cues.get("commitment", ()))  # "agreed to ...": a plan
               or (not nominal and _any(p, ("future",), *window))
               or (nominal and _any(p, ("nominal_planned",), max(lo, head - 3), head)))
    if att.modal == "will" and att.reported and hostile:
        threat = True  # "warned it will retaliate"
    elif att.modal == "will" and att.reported and att.status != "denied" and pronoun_subject(tree, head):
        # "announced it will return the weapons": the speaker's own stated intent, as with "would"
        # ("Putin will visit Pyongyang, the Kremlin said" stays a scheduled visit)
        foretold = True
    status, claimant, text, say = "reported", None, None, False
    if att.status is not None:
        status, say = att.status, att.say
        if att.speaker is not None:
            named = tree.actors_of(att.speaker) or [
                # "a spokesman for the Pentagon", "officials at the foreign ministry of Japan": the body
                # the speaker speaks for ("close to", "familiar with" are not among these cases)
                a for k in tree.kids[att.speaker] if tree.deps[k].startswith("nmod")
                and tree.case(k) in _SPEAKS_FOR for a in tree.actors_of(k)]
            claimant = named[0] if named else None
            text = p_text(p, *_phrase(tree, att.speaker))
            claimant = _not_beside(p, claimant)
        elif att.status == "alleged":
            # the parse found the claim verb but no subject for it ("Afghanistan's foreign ministry
            # accused/ROOT ...", the ministry read as an auxiliary): the words before the verb name it
            hard_lo = p.clause(head, hard=True)[0]
            relative = frozenset(k for k in range(len(tree.low)) if tree.deps[k] == "acl:relcl")
            # (not where a report noun carries the claim: "Rome dismissed as propaganda reports that
            # it ..." is no word of Rome's; and the words alone never make a claim a confirmation)
            claim = None if any(w in _REPORT_NOUNS for w in p.low[hard_lo:head]) else _claim_before(
                p, head, hard_lo, relative)
            if claim is not None and claim[0] == "alleged" and claim[1] is not None:
                claimant, text, say = _not_beside(p, claim[1]), claim[2], False
    else:
        # the parse found no say- or deny-verb above the trigger; a cue before it in its clause still
        # frames it (the tagger makes a news verb an adjective now and then: "Armenia denied/amod reports")
        hard_lo, hard_hi = p.clause(head, hard=True)
        # a say-verb the tree hangs in a relative clause speaks of that clause only ("the drones,
        # which Kyiv believes Iran built, were supplied by Tehran": the supply is no belief)
        relative = frozenset(k for k in range(len(tree.low)) if tree.deps[k] == "acl:relcl")
        claim = (_claim_before(p, head, hard_lo, relative) or _according_to(p, hard_lo, hard_hi)
                 or _claim_after(p, end, hard_hi) or _headline_voice(p, head))
        if claim is not None:
            status, claimant, text, say = claim
            claimant = _not_beside(p, claimant)
        elif any(tree.low[k] in _HEDGE_ADVERBS for k in tree.kids[head]) or _any(
            p, ("hedges",), max(hard_lo, head - 4), head
        ):
            status = "alleged"
    if status != "denied" and say and claimant is not None and claimant.mention.code in confirmers and (
        claimant.mention.sector not in _NOT_THE_PARTY
    ):
        status = "confirmed"  # a party to the event says it happened (not its press or its critics)
    if threat:
        # the threat is the statement itself, made by the speaker: it happened as reported
        return Claim("reported", claimant, text, None, True)
    if planned and status != "denied":
        status = "planned"
    return Claim(status, claimant, text, commitment, threat, foretold)


def _not_beside(p: Parsed, claimant: Span | None) -> Span | None:
    """No claimant when the speaker only stands near it: "sources close to the Kremlin said" is no
    word of Russia's (the phrase ends at most a "the" before the name)."""
    if claimant is None:
        return None
    for _s, e, _ in p.cues.get("beside_party", ()):
        if e <= claimant.i and all(p.low[k] in ("the", "a", "an") for k in range(e, claimant.i)):
            return None
    return claimant


_SPEAKS_FOR = frozenset(["for", "of", "at", "in", "from"])
_SELF = frozenset(["it", "they", "he", "she", "we", "i"])


def pronoun_subject(tree: Tree, head: int) -> bool:
    subj = tree.subject(head)
    return subj is not None and tree.low[subj] in _SELF


def _phrase(tree: Tree, t: int) -> tuple[int, int]:
    """Token range of the noun phrase headed by ``t`` without its clauses ("US intelligence officials")."""
    lo = hi = t
    for k in tree.kids[t]:
        if tree.deps[k] in ("compound", "amod", "nmod:poss", "flat", "det", "case", "nummod") or (
            tree.deps[k].startswith("nmod") and tree.case(k) in ("of", "from")
        ):
            sub = [k, *_descendants(tree, k)]
            lo, hi = min(lo, *sub), max(hi, *sub)
    while lo < t and tree.deps[lo] in ("det", "case"):
        lo += 1
    return lo, hi + 1


def _descendants(tree: Tree, t: int, depth: int = 0) -> list[int]:
    if depth > 4:
        return []
    out = []
    for k in tree.kids[t]:
        out.append(k)
        out.extend(_descendants(tree, k, depth + 1))
    return out


def _controlled(p: Parsed, subj: Span) -> bool:
    k = subj.i - 1
    while k > 0 and p.low[k] in ("the", "that"):
        k -= 1
    return k >= 0 and p.low[k] in _CONTROL


def _inverted_condition(p: Parsed, head: int) -> bool:
    """A sentence opening with an inverted auxiliary ("Had X sent ...", "Were X to send ...", "Should X
    send ...") whose first clause, up to its comma, holds the trigger, and whose main clause says what
    would follow: a condition, not a report (a question ends with "?", and is no such clause)."""
    if not p.tokens or p.tokens[0].text not in ("Had", "Were", "Should") or "?" in p.low:
        return False
    comma = next((k for k in range(1, len(p.low)) if p.low[k] == ","), None)
    return comma is not None and head < comma and any(
        w in ("would", "could", "might", "'d") for w in p.low[comma:])


def _phrase_cue_before(p: Parsed, kinds: tuple[str, ...], head: int) -> bool:
    """A cue of several words ending right before the trigger (at most 4 words between, none a
    comma or a clause mark): such phrases mean the same however a sentence is parsed, so they count
    on either path ("Israel has yet to deliver", "stopped short of supplying")."""
    hard_lo = p.clause(head, hard=True)[0]
    for kind in kinds:
        for s, e, _ in p.cues.get(kind, ()):
            if e - s >= 2 and hard_lo <= s and e <= head and head - e <= 4 and not any(
                p.low[k] in (",", ";", ":", "that", "which", "who") for k in range(e, head)
            ):
                return True
    return False


def _any(p: Parsed, kinds: tuple[str, ...], lo: int, hi: int, skip: tuple[int, int] = (-1, -1)) -> bool:
    for kind in kinds:
        for s, _e, _ in p.cue_spans(kind, lo, hi):
            if not (skip[0] <= s < skip[1]):
                return True
    return False


def _last(p: Parsed, kind: str, lo: int, hi: int) -> tuple[int, int, str | None] | None:
    spans = p.cue_spans(kind, lo, hi)
    return spans[-1] if spans else None


def _claim_before(p: Parsed, head: int, hard_lo: int, skip: frozenset[int] = frozenset()):
    cues = [c for c in p.cues.get("claim", []) + p.cues.get("say", []) if hard_lo <= c[0] and c[1] <= head
            and c[0] not in skip
            and not (c[2] == "denied" and c[0] > 0 and p.low[c[0] - 1] in _NOUN_DETERMINERS)]
    # (a denial verb after a determiner is a noun: "the dispute stems from Iraq's invasion" denies nothing)
    if not cues:
        return None
    # the cue nearest the trigger; "rejected claims" beats the "claims" inside it
    s, e, status = max(cues, key=lambda c: (c[1], c[1] - c[0], c[2] != "alleged"))
    if status == "alleged" and p.low[s] in _REPORT_NOUNS:
        denial = [c for c in cues if c[2] == "denied" and c[1] <= s]
        if denial:  # "Y denied claims by Z that ...": Y denies it; Z's claim is what is denied
            s, e, status = denial[-1]
    if status == "alleged" and p.low[s] in _REPORT_NOUNS and _called_untrue(p, s, head):
        claimant = subject(p, s)  # "Tehran called reports that it ... lies": Tehran denies them
        if claimant is not None and claimant.i < hard_lo:
            claimant = None
        return "denied", claimant, p_text(p, claimant.i, claimant.j) if claimant else None, False
    say = any(c[0] == s for c in p.cues.get("say", []))
    claimant = subject(p, s)
    if s and p.low[s - 1] in _BE_FORMS:
        # "Iran was accused by Israel of sending": a passive claim is its agent's, not its subject's;
        # with no agent ("Afghanistan is suspected of buying") no one named claims it
        by = e < len(p.low) and p.low[e] == "by"
        claimant = next((a for a in p.actors if e < a.i <= e + 3), None) if by else None
    if claimant is not None and claimant.i < hard_lo:
        claimant = None
    if claimant is not None and any(p.low[k] in (",", "that") for k in range(claimant.j, s)) and s - claimant.j > 3:
        claimant = None  # too far from its verb to be the one speaking
    text = p_text(p, claimant.i, claimant.j) if claimant else _bare_speaker(p, s, hard_lo)
    return status or "alleged", claimant, text, say


_BE_FORMS = frozenset(["is", "are", "was", "were", "be", "been", "being"])


def _called_untrue(p: Parsed, noun: int, head: int) -> bool:
    """The words around a report noun call it untrue: "baseless claims", "dismissed as groundless
    allegations" (right before it), "reports that ... are false" (a copula after the trigger), "called
    the reports ... lies" (a calling verb before it)."""
    untrue = [s for s, _, _ in p.cues.get("untrue", ())]
    if any(noun - 3 <= k < noun for k in untrue):
        return True
    if any(k > head and p.low[k - 1] in _COPULAS for k in untrue):
        return True
    before = noun - 1
    if before > 0 and p.low[before] in ("the", "these", "those"):
        before -= 1  # "called the reports ... lies"
    return before >= 0 and p.low[before] in _CALLING and any(k > head for k in untrue)


_NOUN_DETERMINERS = frozenset("a an the its their his her our this that these those border territorial".split())
_REPORT_NOUNS = frozenset(["claims", "claim", "reports", "report", "allegations", "allegation", "accusations",
                           "accusation",
                           "suggestions", "assertions", "charges"])


def _according_to(p: Parsed, lo: int, hi: int):
    for _s, e, _ in p.cue_spans("according_to", lo, hi):
        stop = next((k for k in range(e, hi) if p.low[k] in (",", ".", ";")), hi)
        claimant = next((a for a in p.actors if e <= a.i < stop), None)
        return "alleged", claimant, p_text(p, e, stop) if stop > e else None, False
    return None


def _claim_after(p: Parsed, end: int, hi: int):
    """"North Korea shipped shells to Russia, US officials said."""
    for k in range(end, hi):
        if p.low[k] != ",":
            continue
        for s, e, status in p.cues.get("claim", []) + p.cues.get("say", []):
            if k < s <= k + 10 and e <= hi and (hi - e <= 8 or _tail_ends(p, e, hi)):
                claimant = next((a for a in p.actors if k < a.i and a.j <= hi and a.i <= e + 3), None)
                text = p_text(p, claimant.i, claimant.j) if claimant else None
                say = any(c[0] == s for c in p.cues.get("say", []))
                return status or "alleged", claimant, text, say
    return None


def _headline_voice(p: Parsed, head: int):
    """A headline's "X: Y sends arms to Z" is X's word: a name alone before a colon that opens the
    sentence speaks. A dateline in capitals ("SEOUL: ...") names a place, no speaker."""
    colon = next((k for k in range(1, min(head, 6)) if p.low[k] == ":"), None)
    if colon is None:
        return None
    first = 1 if p.low[0] == "the" else 0
    voice = next((a for a in p.actors if a.i == first and a.j == colon), None)
    if voice is None or any(p.tokens[k].text.isupper() and len(p.tokens[k].text) > 3 for k in range(first, colon)):
        return None
    return "alleged", voice, p_text(p, voice.i, voice.j), True


_WHEN_WORDS = frozenset("""on in at last this late early earlier later yesterday today tonight monday tuesday
    wednesday thursday friday saturday sunday morning afternoon evening night week month year""".split())


def _tail_ends(p: Parsed, e: int, hi: int) -> bool:
    """"..., officials said on Wednesday, in a briefing": after the say-verb only a time phrase
    before the next comma, so the attribution closes the reported clause."""
    k = e
    while k < hi and (p.low[k] in _WHEN_WORDS or p.low[k].isdigit()):
        k += 1
    return k >= hi or p.low[k] in (",", ".", ";")


def _bare_speaker(p: Parsed, cue: int, floor: int) -> str | None:
    """"experts believe", "Jenny Town said": the words naming a speaker no gazetteer knows."""
    k = cue
    while k > floor and cue - k < 5 and p.tokens[k - 1].text[:1].isalnum() and p.low[k - 1] not in (
        "that", "has", "have", "had", "is", "are", "was", "were", "also", "who", "which", "and", "but", "while",
    ):
        k -= 1
    return p_text(p, k, cue) if k < cue else None


def p_text(p: Parsed, i: int, j: int) -> str:
    """The article text covered by tokens [i, j), spacing as written."""
    return p.text[p.tokens[i].start : p.tokens[j - 1].end]
