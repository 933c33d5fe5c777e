"""The dependency tree of one sentence on the coder's token grid, and what the coder asks of it: which
actors fill a trigger's roles (subject, object, by-agent, prepositional targets, through coordination,
control, relative clauses and appositions), and whether the trigger's voice is passive.
"""

from __future__ import annotations

from dataclasses import dataclass

from .parser import Analysis
from .patterns import inflect
from .roles import RELATIONAL, Parsed, Span

# Relations through which a noun names the actor it is about: "Senior Hungarian officials",
# "Russia's defence minister", "officials of the European Union", "Shoigu, Russia's minister".
_MODIFIERS = frozenset(["amod", "compound", "nmod:poss", "flat", "appos", "nmod:desc", "nmod:unmarked"])
_OF = frozenset(["of", "from"])
_SUBJ = frozenset(["nsubj", "nsubj:pass", "nsubj:outer", "csubj"])
_REL_PRONOUNS = frozenset(["which", "who", "whom", "that", "whose"])
_CONDITIONS = frozenset(["if", "unless"])
_PRONOUNS = frozenset(["it", "they", "he", "she", "we", "its", "their", "them", "itself", "themselves"])



# Verbs that judge a party for what it did: "X <verb> Y for doing Z" says Y did Z (object control),
# where a purpose adjunct keeps the subject's ("Russia used the base for sending troops").
_JUDGES = frozenset(form for base in (
    "criticize", "criticise", "condemn", "denounce", "blame", "fault", "praise", "thank", "commend",
    "congratulate", "credit", "reward", "punish", "sanction", "fine", "penalize", "penalise", "rebuke",
    "reprimand", "chastise", "scold", "slam", "castigate", "censure", "hail", "applaud", "salute",
    "forgive", "accuse", "attack", "target", "sue", "arrest", "jail", "execute", "honour", "honor",
) for form in inflect(base, {"slam": ["slammed", "slamming"], "target": ["targeted", "targeting"]}))

@dataclass(slots=True)
class Tree:
    """Heads, relations and tags of a sentence's tokens (indices are the coder's token indices)."""

    heads: list[int]
    deps: list[str]
    tags: list[str]
    kids: list[list[int]]
    low: list[str]
    span_at: dict[int, list[Span]]  # "the two leaders" stands for two actors on the same tokens

    @classmethod
    def from_analysis(cls, parse: Analysis, p: Parsed) -> Tree:
        heads = parse.heads
        kids: list[list[int]] = [[] for _ in heads]
        for i, h in enumerate(heads):
            if h != i:
                kids[h].append(i)
        span_at: dict[int, list[Span]] = {}
        for a in p.actors:
            for k in range(a.i, a.j):
                span_at.setdefault(k, []).append(a)
        return cls(heads, parse.deps, parse.tags, kids, p.low, span_at)

    @classmethod
    def unparsed(cls, p: Parsed) -> Tree:
        """A sentence left unparsed: no arcs and no tags, so nothing in it is ``trusted`` and every
        role and cue is read from the word windows."""
        n = len(p.tokens)
        return cls(list(range(n)), ["dep"] * n, [""] * n, [[] for _ in range(n)], p.low, {})

    def children(self, i: int, *deps: str) -> list[int]:
        return [k for k in self.kids[i] if not deps or self.deps[k] in deps or self.deps[k].split(":")[0] in deps]

    def case(self, i: int) -> str | None:
        """The preposition of a nominal ("to" in "to Russia"), multi-word ones joined ("according to")."""
        for k in self.kids[i]:
            if self.deps[k] in ("case", "mark") and k < i:
                fixed = [f for f in self.kids[k] if self.deps[f] == "fixed"]
                return " ".join([self.low[k], *(self.low[f] for f in fixed)])
        return None

    def trusted(self, i: int, nominal: bool) -> bool:
        """Whether the parse around a trigger is sane enough to read roles and modality from: a verb
        heading a clause, a noun as an argument. A model trained on web text sometimes makes a news
        verb an adjective or a list item ("North Korea shipped/amod rockets"); then the coder keeps to
        its word windows for that trigger."""
        dep = self.deps[i].split(":")[0]
        if nominal:
            return self.tags[i].startswith("NN") and dep in ("nsubj", "obj", "obl", "nmod", "conj", "ROOT", "appos",
                                                            "iobj", "compound")
        return self.tags[i].startswith("VB") and dep in ("ROOT", "ccomp", "xcomp", "advcl", "conj", "acl",
                                                         "parataxis", "csubj")

    def is_verb(self, i: int) -> bool:
        return self.tags[i].startswith(("VB", "MD"))

    def is_noun(self, i: int) -> bool:
        return self.tags[i].startswith(("NN", "PRP", "CD"))

    def passive(self, v: int) -> bool:
        """"was attacked", "were delivered", and reduced passives ("drones sold to Ethiopia by Turkey")."""
        if any(self.deps[k] in ("aux:pass", "obl:agent") for k in self.kids[v]):
            return True
        if any(self.deps[k] == "nsubj:pass" for k in self.kids[v]):
            # "tanks shelled/VBN positions": a past tense misread as a participle, with no auxiliary
            # at all and an object of its own, is active ("was sent weapons" keeps its "was")
            return not (self.children(v, "obj") and not self.children(v, "aux"))
        if (self.deps[v] == "acl" and self.heads[self.heads[v]] == self.heads[v] and self.heads[v] < v
                and not any(self.deps[k] in _SUBJ for k in self.kids[v])
                and any(a.i <= 1 for a in self.actors_of(self.heads[v]))):
            # "The SPLA called/VBN for talks", "Israeli warplanes bombed/VBN positions": the sentence's
            # opening actor, made the root, has its main verb misread as a reduced relative
            return False
        if self.deps[v] == "acl" and self.tags[v] == "VBN" and not any(k in self.span_at for k in self.children(v, "obj")):
            return True  # "drones sold to Ethiopia"; but "aircraft ... killed/acl 4 Iraqis/obj" acts on a party
        if self.tags[v] in ("VBN", "VBD") and not self.children(v, "obj", "iobj", "aux", "ccomp", "xcomp"):
            # (a verb with a clause of its own is active: "said it would boycott the games hosted by X")
            # no object, and "by <someone>" right after: the parser missed a reduced passive
            for k in range(v + 1, min(v + 8, len(self.low) - 1)):
                if self.low[k] in (",", ";", "and", "that", "which", "who"):
                    break
                if self.low[k] == "by" and (k + 1 in self.span_at or self.low[k + 1] == "the"):
                    return True
        return False

    def actors_of(self, t: int, depth: int = 0) -> list[Span]:
        """The actors a nominal token names: itself, its modifiers, its conjuncts, in text order."""
        if depth > 3:
            return []
        found: list[Span] = []
        spans = self.span_at.get(t)
        span = spans[0] if spans else None
        if spans:
            found.extend(spans)
        relational = span is None and self.low[t] in RELATIONAL
        for k in self.kids[t]:
            dep = self.deps[k]
            if span is not None and (span.i <= k < span.j or dep not in ("amod", "compound")):
                continue  # a name's own words; "Hungarian and [Romanian officials]" adds Hungarian
            if relational and dep not in ("appos", "flat") and not any(a.mention.kind == "org" for a in self.span_at.get(k, ())):
                # "a key US ally": someone else than the US ("its ally Belarus" is Belarus; "NATO
                # allies", "its EU partners" are the organisation's members, the organisation)
                continue
            if dep in _MODIFIERS or (dep.startswith("nmod") and self.case(k) in _OF):
                found.extend(self.actors_of(k, depth + 1))
        conjuncts = [k for k in self.kids[t] if self.deps[k] == "conj"]
        # a list ends in "and"/"or": "Russia, South Korea's spy agency said" is no list
        if conjuncts and any(self.deps[c] == "cc" for k in conjuncts for c in self.kids[k]):
            for k in conjuncts:
                found.extend(self.actors_of(k, depth + 1))
        out: list[Span] = []
        for a in sorted(found, key=lambda s: s.i):
            if a not in out:
                out.append(a)
        return out

    def subject(self, v: int, depth: int = 0) -> int | None:
        """The token that is ``v``'s subject, through control ("agreed to send"), raising ("is believed
        to have sent"), coordination ("attacked and occupied"), relative and reduced clauses."""
        if depth > 6:
            return None
        # the subject, or (a parser slip) the subject hung on an auxiliary: "States has warned"; of two
        # (another slip), the nearest before the verb
        candidates = [k for k in [*self.kids[v], *(g for a in self.kids[v] if self.deps[a].startswith("aux")
                                                   for g in self.kids[a])] if self.deps[k] in _SUBJ]
        if candidates:
            before = [k for k in candidates if k < v]
            k = max(before) if before else candidates[0]
            if self.low[k] in _REL_PRONOUNS and self.deps[v] == "acl:relcl":
                return self.heads[v]  # "Russia, which attacked": the noun the clause is about
            return k
        if self.tags[v] == "VBG" and v - 1 in self.span_at:
            return v - 1  # "warned against North Korea providing weapons": the gerund's own subject
        dep, gov = self.deps[v], self.heads[v]
        if gov == v:
            return None
        if dep == "xcomp":
            objects = self.children(gov, "obj", "iobj")
            return objects[0] if objects else self.subject(gov, depth + 1)  # "urged Germany to send"
        if self.tags[v] == "VBG" and self.case(v) == "for":
            # "China criticised the US for selling arms to Taiwan": the US sells (object control)
            if dep.split(":")[0] in ("advcl", "obl") and self.low[gov] in _JUDGES:
                objects = self.children(gov, "obj")
                if objects:
                    return objects[0]
            if dep == "acl":
                host = self.heads[gov]
                if self.low[host] in _JUDGES and self.deps[gov] == "obj":
                    return gov
                # "Russia used the base for sending troops": a noun's purpose is not done by the noun
                return None if host == gov else self.subject(host, depth + 1)
        if dep == "conj" or (dep == "advcl" and self.tags[v] in ("VBG", "VBN", "VB")):
            return self.subject(gov, depth + 1)  # "..., killing five", "suspected of supplying"
        if dep == "acl" and self.tags[v] == "VBG" and self.deps[gov] == "obl:agent" and any(
                self.low[k] == "of" for k in self.kids[v]):
            # "Iran was accused by Israel of sending drones", the "of" clause hung on the agent (a
            # parser slip): the accused, the passive verb's subject, sends
            return self.subject(self.heads[gov], depth + 1)
        if dep in ("acl", "acl:relcl"):
            return gov  # "drones sold to Ethiopia", "forces fighting in the east"
        return None

    def objects(self, v: int) -> list[int]:
        objs = self.children(v, "obj", "iobj")
        if not objs and self.deps[v] == "conj":  # "attacked and occupied Kharkiv": a shared object
            objs = [k for k in self.children(self.heads[v], "obj") if k > v]
        return objs

    def relative_objects(self, n: int, verbs: frozenset[str]) -> list[Span]:
        """Actors a relative clause on the noun ``n`` acts on, the noun its subject and its verb one of
        ``verbs``: "the embargo which has kept Cuba isolated/in a box", "sanctions that hurt Iran"."""
        found: list[Span] = []
        for k in self.children(n, "acl"):
            if self.deps[k] != "acl:relcl" or self.low[k] not in verbs or not any(
                    self.deps[s] == "nsubj" and self.low[s] in _REL_PRONOUNS for s in self.kids[k]):
                continue
            for o in self.children(k, "obj"):
                found.extend(self.actors_of(o))
            for c in self.children(k, "xcomp", "ccomp"):  # "kept Cuba isolated" read as a small clause
                for s in self.children(c, "nsubj"):
                    found.extend(self.actors_of(s))
        return found

    def prepositional(self, v: int, word: str) -> list[int]:
        """Nominals introduced by ``word`` under the trigger, or under its object (a parser often hangs
        "to Russia" on "drones" in "delivered drones to Russia")."""
        out = []
        for host in [v, *self.children(v, "obj", "nsubj:pass")]:
            for k in self.kids[host]:
                if self.deps[k].split(":")[0] in ("obl", "nmod", "advcl") and self.case(k) == word:
                    out.append(k)
        return sorted(out)

    def agent(self, v: int) -> list[int]:
        """The by-phrase of a passive ("by Turkey")."""
        return [k for k in self.kids[v] if self.deps[k] == "obl:agent" or (
            self.deps[k].startswith(("obl", "nmod")) and self.case(k) == "by")]

    def head_of(self, s: Span) -> int:
        """The token of a name that the rest of the sentence hangs on (its last word, as parsed)."""
        return next((k for k in range(s.i, s.j) if not (s.i <= self.heads[k] < s.j)), s.j - 1)

    def governor(self, source: Span, target: Span | None) -> int:
        """The predicate of an event between two names: the nearest verb above the later of the two
        (above the source for a one-sided event), so that "Indonesia denied carrying out airstrikes on
        X" is anchored on "carrying", under the denial, and not on "denied" (and "Armenia denied reports
        that it had received launchers from India" on "received"). Where the classifier's event is
        anchored for its modality and claimant."""
        later = source if target is None or source.i > target.i else target
        node = self.head_of(later)
        for _ in range(4):
            if self.heads[node] == node:
                break
            node = self.heads[node]
            if self.is_verb(node):
                break
        return node

    def complement_parties(self, v: int) -> list[Span]:
        """Actors that the infinitive under ``v`` acts on ("threatened to expel the diplomats of X",
        "refused to extradite a suspect to X"): an intent's other party is its act's."""
        found: list[Span] = []
        # "threatened today to hold a strike": an infinitive hung as advcl is the same complement
        complements = self.children(v, "xcomp") + [c for c in self.children(v, "advcl") if c > v and any(
            self.deps[m] == "mark" and self.low[m] == "to" for m in self.kids[c])]
        for c in complements:
            for k in self.kids[c]:
                if self.deps[k].split(":")[0] in ("obj", "iobj", "obl", "nmod"):
                    found.extend(self.actors_of(k))
                    for g in self.kids[k]:  # "the diplomats of X"
                        if self.deps[g].startswith("nmod"):
                            found.extend(self.actors_of(g))
            found.extend(self.condition_parties(c))
        return found

    def condition_parties(self, v: int) -> list[Span]:
        """The subject of an "if"/"unless" clause under ``v`` ("will boycott the vote unless the
        government resigns"): the party an ultimatum is addressed to."""
        found: list[Span] = []
        for c in self.children(v, "advcl"):
            if any(self.deps[m] == "mark" and self.low[m] in _CONDITIONS for m in self.kids[c]):
                s = self.subject(c)
                if s is not None and self.low[s] not in _PRONOUNS:
                    found.extend(self.actors_of(s))
        return found

    def resolve(self, t: int, speaker: Span | None) -> list[Span]:
        """Actors of a role token; a pronoun ("it", "they") stands for the speaker who says it."""
        if self.low[t] in _PRONOUNS and speaker is not None:
            return [speaker]
        return self.actors_of(t)


def fill(tree: Tree, slot: str, v: int, passive: bool, event_type: str,
         speaker: Span | None = None) -> list[Span] | None:
    """The actors the parse puts in a pattern's role slot; None when the parse has no word in that role
    at all (the coder then falls back on the word window), [] when the word there is not an actor."""
    if slot == "subj":
        s = tree.subject(v)
        return None if s is None else tree.resolve(s, speaker)
    if slot == "obj":
        objs = tree.objects(v)
        if not objs:
            return None
        return [a for o in objs for a in tree.actors_of(o)]
    if slot == "prep:by":
        agents = tree.agent(v)
        if agents:
            return [a for g in agents for a in tree.actors_of(g)]
        if passive and event_type == "AID":
            # "howitzers from France were delivered to Armenia", "Iranian drones were sold to Russia":
            # with no by-agent the goods' stated origin is their supplier
            s = tree.subject(v)
            if s is not None and s not in tree.span_at:
                origin = [k for k in tree.kids[s] if tree.case(k) == "from"]
                origin += [k for k in tree.kids[s] if tree.deps[k] in ("amod", "compound", "nmod:poss")]
                found = [a for k in origin for a in tree.actors_of(k)]
                return found or None
        return None
    if slot.startswith("prep:"):
        word = slot[5:]
        if word == "between":
            return _between(tree, v)
        toks = tree.prepositional(v, word)
        if not toks:
            return None
        return [a for k in toks for a in tree.actors_of(k)]
    if slot == "between":
        return _between(tree, v)
    if slot == "pre":  # "US sanctions", "Russia's invasion", "Russian strikes"
        mods = [k for k in tree.kids[v] if tree.deps[k] in ("nmod:poss", "compound", "amod") and k < v]
        found = [a for k in mods for a in tree.actors_of(k)]
        return found or None
    if slot == "agent":  # a nominal's doer is the subject of its verb: "Kim travelled for a summit"
        gov = tree.heads[v]
        if gov == v or not tree.is_verb(gov):
            return None
        s = tree.subject(gov)
        return None if s is None else tree.actors_of(s)
    if slot == "that":
        comps = tree.children(v, "ccomp")
        subjects = [s for c in comps if (s := tree.subject(c)) is not None]
        return [a for s in subjects for a in tree.actors_of(s)] if subjects else None
    if slot == "right":
        after = [k for k in tree.kids[v] if k > v and tree.deps[k].split(":")[0] in ("obj", "iobj", "obl", "nmod")]
        found = [a for k in sorted(after) for a in tree.actors_of(k)]
        return found or None
    return None


def _between(tree: Tree, v: int) -> list[Span] | None:
    toks = tree.prepositional(v, "between")
    if not toks:
        return None
    found = [a for k in toks for a in tree.actors_of(k)]
    return found if len(found) >= 2 else None  # one party found: the parse split the pair, ask the window
