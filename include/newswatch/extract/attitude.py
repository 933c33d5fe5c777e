"""Modality and attribution from the parse: walking up the tree from a trigger, what the words that
govern its clause make of it. Negation counts in its own clause only ("there is no evidence that X
sent": no fact; "X, which has not joined the talks, sent": a fact); a say-verb's subject is the
claimant; a believer is the claimant and the believed-about subject stays the doer; a denial beats the
claim it denies ("Y denied claims by Z that ..."); commitments are plans; halted, refused, asked-for
and conditional actions are not facts. The word lists are data (``attitudes.yaml``).
"""

from __future__ import annotations

from dataclasses import dataclass

from .patterns import inflect
from .syntax import Tree

# Relations that end the walk: what hangs there is a clause of its own, not a complement.
_STOP = frozenset(["parataxis", "acl:relcl", "appos", "list", "dep", "discourse", "vocative", "reparandum",
                   "orphan", "dislocated", "root"])
# Relations through which a governing verb frames its complement.
_COMPLEMENT = frozenset(["ccomp", "xcomp", "csubj", "obj", "nsubj:pass", "nsubj"])


@dataclass(slots=True)
class Attitude:
    veto: str | None = None  # why the event is no fact: negated, hypothetical, conditional, halted, requested
    status: str | None = None  # alleged / denied / confirmed, from a speaker, believer or report noun
    speaker: int | None = None  # the claimant's token, when the parse names one
    say: bool = False  # the speaker asserts it (a party saying so confirms it); believing does not
    planned: bool = False
    commitment: int | None = None  # the commitment verb ("agreed", "pledged") this event fulfils
    modal: str | None = None  # "would" (hypothetical) or "will" (future) on the trigger or its chain
    reported: bool = False  # framed by a say-verb (for "said they would boycott": a threat)
    # the trigger itself bears an "if"/"unless" clause ("will boycott the vote unless ..."): the mark;
    # the event is vetoed ("conditioned") unless the coder reads the statement as an ultimatum
    condition: str | None = None


class Lexicon:
    """attitudes.yaml word lists, verbs expanded to their inflected forms, plus claims.yaml's say-verbs."""

    def __init__(self, dictionaries: dict, irregular: dict[str, list[str]]):
        a = dictionaries.get("attitudes") or {}

        def verbs(key: str) -> frozenset[str]:
            return frozenset(f for v in a.get(key) or () for f in inflect(str(v), irregular))

        def words(key: str) -> frozenset[str]:
            return frozenset(str(w).lower() for w in a.get(key) or ())

        self.verb_class: dict[str, str] = {}
        for kind in ("request", "halt", "future", "commit", "believe"):  # later kinds win a shared form
            for form in verbs(kind):
                self.verb_class[form] = kind
        self.claim_status: dict[str, str] = {}
        for status, phrases in (dictionaries.get("claims") or {}).items():
            for phrase in phrases:
                parts = str(phrase).split()
                if len(parts) == 1 and parts[0].startswith("~"):
                    for form in inflect(parts[0][1:], irregular):
                        self.claim_status.setdefault(form, status)
        self.says = frozenset(f for p in dictionaries.get("self_report") or () if str(p).startswith("~")
                              and " " not in str(p) for f in inflect(str(p)[1:], irregular))
        for form in verbs("deny"):
            self.verb_class[form] = "deny"
        self.commit_adjectives = words("commit_adjectives")
        self.commit_nouns = words("commit_nouns")
        self.oaths = verbs("oaths") | {"sworn", "swore"}
        self.readiness = self.commit_adjectives | self.commit_nouns  # a stated readiness, not a promise
        self.halt_nouns = words("halt_nouns")
        self.plan_nouns = words("plan_nouns")
        self.ask_for = verbs("ask_for")
        self.ask_for_only_with_for = verbs("ask_for_only_with_for")  # "called the talks useful": held
        self.ask_for |= self.ask_for_only_with_for
        # forms that are no base form, for the mandative subjunctive ("demands that Iraq withdraw"
        # asks; "insisted that Iraq withdrew" claims): irregular pasts and participles
        self.not_base = frozenset(f.lower() for forms in irregular.values() for f in forms)
        self.onlookers = verbs("onlookers")
        self.report_nouns = words("report_nouns")
        self.event_predicates = verbs("event_predicates")
        self.evidence_nouns = words("evidence_nouns")
        self.falsity = frozenset(str(w).lower() for w in dictionaries.get("untrue") or ())  # claims.yaml
        self.hypothetical = words("hypothetical_modals")
        self.future = words("future_modals")
        self.conditional = words("conditional_marks")
        self.negators = words("negators")
        # every word the walk reads: a sentence with none of them is read the same without the parse
        # (and the onlookers, whose subject the roles must not take for an event noun's doer)
        self.walked = (frozenset(self.verb_class) | self.ask_for | self.readiness | self.halt_nouns
                       | self.evidence_nouns | self.plan_nouns | self.onlookers | self.falsity)

    def kind(self, word: str) -> str | None:
        if self.verb_class.get(word) == "deny":
            return "deny"
        if word in self.claim_status:
            return "believe" if self.verb_class.get(word) == "believe" else "say"
        return self.verb_class.get(word)


def _negated(tree: Tree, lex: Lexicon, i: int) -> bool:
    return any(tree.deps[k] in ("advmod", "det", "cc:preconj", "neg") and tree.low[k] in lex.negators
               for k in tree.kids[i])


def _modal(tree: Tree, lex: Lexicon, i: int) -> str | None:
    for k in tree.kids[i]:
        if tree.deps[k] == "aux":
            if tree.low[k] in lex.hypothetical:
                # "would" under a say-verb is the future of a reported past ("said it would supply");
                # "could", "might", "may" stay a guess, said or not
                return "would" if tree.low[k] in ("would", "'d") else "could"
            if tree.low[k] in lex.future:
                return "will"
    return None


def _speaker(tree: Tree, gov: int, lex: Lexicon | None = None) -> int | None:
    if tree.passive(gov):
        agents = tree.agent(gov)
        who = agents[0] if agents else None
    else:
        who = tree.subject(gov)
    if who is not None and lex is not None and tree.low[who] in lex.report_nouns:
        # "a report by Britain says", "Seoul's assessment says": the report speaks for its author
        author = [k for k in tree.kids[who] if tree.case(k) == "by" or tree.deps[k] == "nmod:poss"]
        if author:
            return author[0]
    return who


def _relative_speaker(tree: Tree, lex: Lexicon, att: Attitude, noun: int) -> None:
    """"the shipments, which the US says began in 2023, continued": a say-verb in a relative clause
    on the event noun, whose own clause is about the noun, makes its subject the claimant."""
    # the parser often hangs the clause on the noun's "of" phrase ("the transfer of tanks, which
    # Warsaw denied"): there only the pronoun-object form counts (one denies a transfer, not tanks;
    # "shipments to Russia, which the US says is losing" is about Russia)
    nested = [m for m in tree.kids[noun] if tree.deps[m].startswith("nmod")]
    nested += [m for n in nested for m in tree.kids[n] if tree.deps[m].startswith("nmod")]
    for k, own in ((k, n == noun) for n in [noun, *nested] for k in tree.kids[n]):
        if tree.deps[k] != "acl:relcl" or lex.kind(tree.low[k]) not in ("say", "believe", "deny"):
            continue
        # its clause is about the noun: a complement clause ("which the US says began"), or the
        # relative pronoun as its object ("the transfer, which Warsaw has denied"); on a nested noun,
        # a clause only an event can be the subject of ("which the US says began in May")
        eventive = [c for c in tree.kids[k] if tree.deps[c] in ("ccomp", "acl") and tree.low[c] in lex.event_predicates
                    and not tree.children(c, "nsubj", "nsubj:pass", "obj")]
        about = (tree.children(k, "ccomp") if own else eventive) or [
            r for r in tree.kids[k] if tree.deps[r] in ("obj", "dep") and tree.low[r] in ("which", "that")
            and r < k and lex.kind(tree.low[k]) != "believe"]
        if not about or _negated(tree, lex, k):
            continue
        kind = lex.kind(tree.low[k])
        att.status = "denied" if kind == "deny" else lex.claim_status.get(tree.low[k], "alleged")
        # the clause's own subject (never the noun it hangs on, which a relative clause lends it);
        # the parser now and then makes it a compound of the verb ("which Britain/compound says")
        own = tree.children(k, "nsubj") or [c for c in tree.kids[k] if tree.deps[c] == "compound" and c < k]
        att.speaker = _speaker(tree, k, lex) if tree.passive(k) else (own[0] if own else None)
        if att.speaker is not None and tree.low[att.speaker] in lex.report_nouns:
            att.speaker = _speaker(tree, k, lex)
        att.say = kind == "deny" or (kind == "say" and tree.low[k] in lex.says) or att.status == "confirmed"
        att.reported = True
        return


def attitude(tree: Tree, lex: Lexicon, v: int, nominal: bool) -> Attitude:
    """How the clause of the trigger at token ``v`` stands: a fact, a claim (by whom), or no fact."""
    att = Attitude()
    if _negated(tree, lex, v) or any(
        tree.low[d] in ("neither", "no") and tree.deps[d] in ("cc:preconj", "det", "advmod")
        for s in tree.children(v, "nsubj", "nsubj:pass") for d in tree.kids[s]
    ):
        att.veto = "negated"  # "did not send", "Neither China nor India delivered", "no country sent"
    att.modal = _modal(tree, lex, v)
    for k in tree.kids[v]:
        if tree.deps[k] == "mark" and tree.low[k] in lex.conditional:
            att.veto = att.veto or "conditional"
        if tree.deps[k].startswith("advcl"):
            marks = [tree.low[m] for m in tree.kids[k] if tree.deps[m] == "mark" and tree.low[m] in lex.conditional]
            if marks:  # "if X sends shells, the US will impose sanctions": vetoed below, unless nothing else is
                att.condition = att.condition or marks[0]
    for o in tree.objects(v) + ([] if nominal else tree.children(v, "nsubj:pass")):
        if any(tree.deps[d] == "det" and tree.low[d] in ("no", "neither") for d in tree.kids[o]):
            att.veto = att.veto or "negated"  # "sent no weapons", "no weapons were sent"
    if nominal and tree.deps[v] in ("obj", "nsubj:pass", "nsubj") and tree.heads[v] != v:
        # "could impose sanctions", "did not hold talks": the light verb's modality is the noun's
        gov = tree.heads[v]
        if _negated(tree, lex, gov):
            att.veto = att.veto or "negated"
        att.modal = att.modal or _modal(tree, lex, gov)
        if any(tree.deps[k].startswith("advcl") and any(tree.deps[m] == "mark" and tree.low[m] in lex.conditional
                                                         for m in tree.kids[k]) for k in tree.kids[gov]):
            att.veto = att.veto or "conditional"
    node, loose, steps = v, False, 0
    # the walk is still at the event noun, a noun coordinated with it, or a modifier of the noun that
    # a phrase began with ("complete * withdrawal": "called for Israel's complete withdrawal")
    direct = True
    while steps < 12:
        steps += 1
        gov, rel = tree.heads[node], tree.deps[node]
        if direct and not loose and gov != node and tree.low[gov] in lex.ask_for \
                and _mandated(tree, lex, node, rel):
            # "demanded that Iraq withdraw", "the resolution demands that Israel pull out", "urged
            # that the talks resume": a clause in the subjunctive under a verb or noun of asking is
            # what is asked, not what was done
            att.veto = att.veto or "requested"
            break
        if gov == node or rel in _STOP:
            break
        if direct and not loose and tree.low[gov] in lex.ask_for and (
                (rel == "obj" and tree.low[gov] not in lex.ask_for_only_with_for)
                or (rel in ("obl", "nmod") and _asked_for(tree, gov, node))):
            # "demanded Israel's withdrawal", "called for an end to the blockade", "urged talks": the
            # event noun is what is asked for, not what was done (however far the noun is from the verb);
            # the noun "calls for" / "demands for" asks as the verb does ("amid calls for a withdrawal")
            att.veto = att.veto or "requested"
            break
        if rel not in ("conj", "amod", "compound") and not (nominal and node == v and rel == "obj"
                                                           and tree.is_verb(gov) and not steps - 1):
            direct = False  # ... or the verb that holds the event noun ("proposed that both hold talks")
        if rel.startswith("advcl"):
            marks = [tree.low[k] for k in tree.kids[node] if tree.deps[k] == "mark"]
            if any(m in lex.conditional for m in marks):
                att.veto = att.veto or "conditional"  # inside an "if" clause
            if (marks == ["to"] and tree.tags[node] in ("VB", "VBG")) or (not marks and tree.tags[node] == "VBG"):
                rel = "xcomp"  # "pledged on Saturday to provide", "denied receiving": hung as advcl
            else:
                loose = True  # "Z retaliated after X attacked": the main clause's modality is not X's
        if rel == "conj":
            node = gov
            continue
        word = tree.low[gov]
        noun_as_verb = lex.kind(word) is not None and any(
            tree.deps[k] == "mark" and tree.low[k] == "to" for k in tree.kids[node])  # "Pyongyang plans to ship"
        infinitive = tree.tags[node] == "VB" and any(
            tree.deps[k] == "mark" and tree.low[k] == "to" for k in tree.kids[node])
        if noun_as_verb:
            rel = "xcomp"
        elif infinitive and not tree.is_verb(gov) and word in lex.commit_nouns:
            att.planned, att.commitment = True, gov  # "expressed readiness to work with", "a pledge to send"
            break
        elif infinitive and not tree.is_verb(gov) and word not in lex.commit_adjectives:
            att.veto = att.veto or "unrealized"  # "few tools to stop", "efforts to send": a purpose, not a deed
            break
        elif (tree.is_noun(gov) or not tree.is_verb(gov)) and not _participle(tree, lex, gov):
            _noun_governor(tree, lex, att, gov, rel, loose)
            if tree.deps[gov] in ("obj", "nsubj", "nsubj:pass", "obl", "nmod") and tree.heads[gov] != gov:
                node = gov  # "denied [claims ...]": keep walking up from the noun
                continue
            node = gov
            continue
        kind = lex.kind(word)
        if not loose and rel in _COMPLEMENT | {"advcl", "obl"}:
            if kind == "deny" and rel in ("ccomp", "xcomp", "obj", "nsubj:pass", "csubj"):
                att.status, att.speaker, att.say = "denied", _speaker(tree, gov, lex), True
                att.veto = None  # a denied event is recorded as denied, whatever the clause inside said
                break
            if kind == "say" and att.status == "denied" and att.speaker is None and rel in ("ccomp", "csubj"):
                att.speaker = _speaker(tree, gov, lex)  # "Beijing said reports that it armed Russia were false"
            if kind in ("say", "believe") and att.status is None and rel in ("ccomp", "xcomp", "csubj", "obj"):
                att.status = lex.claim_status.get(word, "alleged")
                att.speaker = _speaker(tree, gov, lex)
                att.say = kind == "say" and word in lex.says or att.status == "confirmed"
                att.reported = True
                if _negated(tree, lex, gov):
                    att.status, att.speaker, att.say = None, None, False  # "did not say": no one claims it
            elif kind == "commit" and (rel in ("xcomp", "ccomp", "advcl", "obl") or (nominal and node == v and rel == "obj")):
                # an event noun promised or offered ("offered talks", "promised a withdrawal") lies ahead
                if _negated(tree, lex, gov):
                    att.veto = att.veto or "negated"
                att.planned, att.commitment = True, att.commitment if att.commitment is not None else gov
            elif kind == "future" and rel == "xcomp":
                att.planned = True
            elif kind == "halt" and att.status is None and rel in ("obj", "nsubj:pass", "xcomp", "ccomp"):
                att.veto = att.veto or "halted"
            elif kind == "request" and rel in ("xcomp", "ccomp") and att.status is None:
                att.veto = att.veto or "requested"
            elif rel == "xcomp":
                if word in lex.commit_adjectives or any(tree.low[k] in lex.commit_adjectives for k in tree.kids[gov]):
                    att.planned, att.commitment = True, gov
                if _negated(tree, lex, gov) and att.status is None:
                    att.veto = att.veto or "negated"  # "did not manage to deliver"
                att.modal = att.modal or _modal(tree, lex, gov)  # "would agree to send"
            if kind is None and rel in ("ccomp", "csubj") and att.status is None:
                for k in tree.kids[gov]:  # "there is no evidence [that X sent]" when hung on "is"
                    if tree.low[k] in lex.evidence_nouns and _negated(tree, lex, k):
                        att.veto = att.veto or "no evidence"
        node = gov
    if att.status is None and nominal:
        _relative_speaker(tree, lex, att, v)
    if att.status is None:
        _parataxis_speaker(tree, lex, att, node)
    elif att.status == "denied" and att.speaker is None:
        # "Reports that it armed Russia are false, Beijing said": the one who says so denies it
        _parataxis_speaker(tree, lex, att, node)
        att.status, att.say = "denied", True
    if att.condition is not None and att.veto is None and att.status != "denied":
        att.veto = "conditioned"
    return att


def _participle(tree: Tree, lex: Lexicon, k: int) -> bool:
    """A verb the tagger read as an adjective after its auxiliary: "the transfer was delayed/JJ",
    "shipments were halted/JJ" (the walk reads it as the verb it is)."""
    return (tree.tags[k].startswith("JJ") and lex.kind(tree.low[k]) is not None
            and any(tree.deps[c] in ("aux:pass", "cop") for c in tree.kids[k]))


def _mandated(tree: Tree, lex: Lexicon, clause: int, rel: str) -> bool:
    """Whether the clause's verb stands in the mandative subjunctive: a base form with a subject of
    its own and no tense ("that Iraq withdraw", "that the rebels lay down their arms"), or under
    "should"/"must" ("that Iraq should withdraw"). A past, a present in -s or a perfect is a claim
    ("suggested that Iraq withdrew", "insists that Russia sends arms", "that Iraq has withdrawn")."""
    word = tree.low[clause]
    that = any(tree.deps[k] == "mark" and tree.low[k] == "that" for k in tree.kids[clause])
    # a content clause, or one the parser took for a relative clause on "demands/NNS" ("that" is its
    # mark there, never the relative pronoun, which would be the clause's subject or object)
    if not (rel in ("ccomp", "acl") or (rel == "acl:relcl" and that)):
        return False
    if not tree.children(clause, "nsubj", "nsubj:pass"):
        return False
    auxes = [tree.low[k] for k in tree.kids[clause] if tree.deps[k] in ("aux", "aux:pass")]
    if auxes:
        return auxes[0] in ("should", "must", "be")  # "that sanctions be lifted"
    if tree.tags[clause] in ("VBG", "VBN", "VBZ") or word in lex.not_base:
        return False
    return not word.endswith(("ed", "ing")) and not (word.endswith("s") and not word.endswith("ss"))


def _asked_for(tree: Tree, gov: int, noun: int) -> bool:
    """The noun is the "for" phrase of the verb: its own case, or (when the parser hung the "for" on a
    word before it: "calling for Turkey's swift/obl pullout/obl") a "for" between verb and noun with
    no other verb between."""
    case = tree.case(noun)
    if case is not None:
        return case == "for"  # "called for calm after Russia's withdrawal": the withdrawal is no ask
    between = range(gov + 1, noun)
    return gov < noun and any(tree.low[k] == "for" for k in between) and not any(tree.is_verb(k) for k in between)


def _noun_governor(tree: Tree, lex: Lexicon, att: Attitude, gov: int, rel: str, loose: bool) -> None:
    word = tree.low[gov]
    if loose:
        return
    if word in lex.evidence_nouns and _negated(tree, lex, gov):
        att.veto = att.veto or "no evidence"
    elif word in lex.halt_nouns and rel.startswith("nmod"):
        att.veto = att.veto or "halted"  # "a halt to deliveries", "the suspension of shipments"
    elif word in lex.plan_nouns and rel.startswith(("acl", "nmod")) and rel != "acl:relcl":
        att.planned = True  # "a plan for sending troops", "a bill on supplying jets": it lies ahead
    elif word in lex.report_nouns and rel in ("acl", "ccomp", "nmod", "acl:relcl") and att.status is None:
        att.status = "alleged"
        author = [k for k in tree.kids[gov] if tree.case(k) == "by" or tree.deps[k] in ("nmod:poss", "compound")]
        att.speaker = author[0] if author else None
        att.reported = True
        denial = [k for k in tree.kids[gov] if tree.deps[k] == "amod" and k < gov and lex.kind(tree.low[k]) == "deny"]
        if denial:
            # "Al-Shabaab denied/amod claims by Z that ...": the tagger made the denying verb an
            # adjective; the claim is denied, by the word the phrase hangs on before the verb
            head = tree.heads[gov]
            denier = None
            if head != gov and head < denial[0]:
                denier = tree.subject(head) if tree.is_verb(head) else head
            if denier is None:  # "Chad/compound denied/amod claims": the name before the verb
                denier = next((c for c in tree.kids[denial[0]] + tree.kids[gov]
                               if tree.deps[c] in ("compound", "nsubj") and c < denial[0]), None)
            att.status, att.speaker, att.say = "denied", denier, True
            return
        if _called_untrue(tree, lex, gov):
            # the claim is reported only to be called untrue: denied, by whoever calls it so (the
            # subject of "dismissed ... as baseless", else the say-verb found later in the walk)
            head = tree.heads[gov]
            denier = tree.subject(head) if head != gov and tree.is_verb(head) else None
            att.status, att.speaker, att.say = "denied", denier, True


def _called_untrue(tree: Tree, lex: Lexicon, noun: int) -> bool:
    """A report noun that the sentence calls untrue: "baseless claims", "reports ... are false",
    "dismissed the reports as fabrications", "called the claims lies"."""
    if any(tree.deps[k] in ("amod", "compound") and tree.low[k] in lex.falsity for k in tree.kids[noun]):
        return True
    if any(tree.low[k] in lex.falsity for k in range(max(0, noun - 3), noun)):
        return True  # "dismissed as baseless claims", "rejected as fake the reports", however parsed
    # the parser often hangs the predicate of a long subject on the clause inside it ("reports that X
    # is arming Y [are false]"), so the words are read too: a copula and a falsity word after the noun
    low = tree.low
    if any(low[k] in lex.falsity and low[k - 1] in _COPULAS for k in range(noun + 2, len(low))):
        return True
    head = tree.heads[noun]
    if head == noun:
        return False
    if tree.deps[noun].startswith("nsubj") and low[head] in lex.falsity:
        return True  # the copular predicate is the head: "reports [that ...] are false"
    # "called the reports lies", "dismissed the claims as fabrications"
    return tree.deps[noun] == "obj" and (low[head] in _CALLING or any(
        low[k] in lex.falsity and tree.deps[k].split(":")[0] in ("xcomp", "obl", "advcl", "amod", "obj")
        for k in tree.kids[head] if k != noun)) and any(low[k] in lex.falsity for k in range(noun + 1, len(low)))


# (claims.py reads the same words around a report noun when the parse is unusable)
_COPULAS = frozenset(["is", "are", "was", "were", "be", "been", "being"])
_CALLING = frozenset(["called", "calls", "calling", "call", "labelled", "labeled", "branded", "described",
                      "dismissed", "dismisses", "rejected", "rejects", "termed"])


def _parataxis_speaker(tree: Tree, lex: Lexicon, att: Attitude, top: int) -> None:
    """"North Korea shipped shells to Russia, US officials said": the say-verb hangs below the event
    (as a parataxis, a clause, or a conjunct with no "and" of its own: "..., a US official said")."""
    for k in tree.kids[top]:
        if tree.deps[k] in ("parataxis", "ccomp", "advcl", "conj") and k > top and lex.kind(tree.low[k]) in ("say", "believe", "deny"):
            if any(tree.deps[c] in ("cc", "ccomp", "xcomp", "mark") for c in tree.kids[k]):
                continue  # "..., yet analysts say Washington has ...": a clause of its own, not an attribution
            kind = lex.kind(tree.low[k])
            att.status = "denied" if kind == "deny" else lex.claim_status.get(tree.low[k], "alleged")
            att.speaker = _speaker(tree, k, lex)
            if tree.tags[k] != "VBG" and (att.speaker is None or att.speaker < top):
                # "X delivered shells to Y, South Korea's defence ministry confirmed", parsed with the
                # ministry as an oblique of "delivered": a finite say-verb after the event has a
                # speaker of its own, the phrase right before it, never the event's subject (only a
                # participle shares it: "X struck Y, claiming ...")
                before = k - 1
                att.speaker = before if before > top and tree.is_noun(before) else None
            att.say = kind == "deny" or (kind == "say" and tree.low[k] in lex.says) or att.status == "confirmed"
            att.reported = True
            return
