"""Converts PETRARCH2's CAMEO verb dictionary (CAMEO.verbpatterns.*.txt) into newswatch patterns,
coding each verb's CAMEO code to PLOVER with the official CAMEO2PLOVER table.

    python -m newswatch.extract.convert.petrarch_verbs CAMEO.verbpatterns.150430.txt CAMEO2PLOVER-2021.txt \
        --json > include/newswatch/data/extract/petrarch_verbs.json

Only the verb synonym blocks are used: each verb takes its own code or its block's, and verbs with
the same PLOVER (type, mode, contexts) become one pattern with generic role slots (subject acts on
object), at a lower confidence than the hand-written patterns. Of PETRARCH's phrase patterns, those
that name the words right after the verb ("- * TO TALKS", "- * OFF STRIKE", "- * FIRE ON +") become
phrases ("return * to * talks"): they make a verb too general alone ("return", "call", "open") an
event. A synset among those words ("- * &CEASEFIRE") becomes a slot of its members' alternatives
("abandon * truce/truces/armistice/..."), the truncated stems listed in STEMS their full words, and
one role right after the verb the phrase's first gap ("- * + TO TALKS": "invite * to * talks");
patterns with words before the verb or verbs of their own are not converted. Verbs that a hand-written pattern or a claim cue already knows are skipped, so the curated
rules always win; so are codes PLOVER does not code as events (01, 02).

The curated verbs and phrase words come from a frozen snapshot (CURATED_SNAPSHOT), not from the live
patterns.yaml: the output depends only on the two sources, this file and the snapshot, and the same
inputs give the same bytes. The JSON's ``_conversion`` header records their digests and the digest
of the content; tests/unit/test_petrarch_verbs_conversion.py fails when the file was edited by hand
or when this converter or the snapshot changed without regenerating it. ``--refresh-curated``
rewrites the snapshot from the current curated files (a change to measure before committing);
``--first-phrases-only`` makes the extractor 1.0 conversion (no synsets, stems or roles); ``--stats``
counts each phrase pattern's fate.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

from newswatch.extract.dictionaries import load_dictionaries
from newswatch.extract.patterns import inflect
from newswatch.ontology import shipped

_BLOCK = re.compile(r"^---\s*(\S+)\s*(?:\[([0-9]{2,4}|---)[^\]]*\])?")
_VERB = re.compile(r"^(\+?[A-Z][A-Z'_+-]*)\s*(\{[^}]*\})?\s*(?:\[([0-9]{2,4}|---)[^\]]*\])?")
_TABLE = re.compile(r"^(\d{2,4}):\s*([A-Z]+)\s*,\s*([^,#]*?)\s*(?:,\s*([^#]*?))?\s*(?:#|$)")
# Role slots by PLOVER type: who gives, meets or agrees goes first, the other party after the verb.
_TARGETS = {
    "AID": ["prep:to", "obj"],
    "AGREE": ["prep:with", "obj", "prep:to"],
    "CONSULT": ["prep:with", "obj"],
    "COOPERATE": ["prep:with", "obj"],
}
_SYMMETRIC = {"AGREE", "CONSULT", "COOPERATE"}
# Verbs too general to code on their own, without PETRARCH's parse-based patterns: they head many
# sentences that report no event ("deepened distrust", "arrived in", "die"). Checked by reading the
# converted verb lists, not by tuning on any evaluation sentence.
_STOPLIST = frozenset("""
need want continue make take go come put set get keep hold call move run turn bring give have do say
tell see show use play work leave face open close end start begin lead follow return act name appoint
elect head mark note express state report announce comment describe mention explain add insist
aver avow backlash brand breach compete contrast counter counterbalance cry despair differ disappoint
grieve humble mourn offend regret shock stun swear wail weep transgress infract savage slight
mine comb dig research scan skim study sweep explore search check
assure certify comply ensure mean resurrect resuscitate revive signal subscribe volunteer vouch proffer
interfere intervene stabilise stabilize step
contaminate corrupt crack impair injured mar rip spoil suffer tarnish tear vitiate rampage
best blow bust circle die disarm dominate engage hammer hang master match overcome overshadow overtake
pit ring ruin struggle surmount thump target quarrel combat string square
bill cage contain enclose enforce inflict moderate reinforce exclude vote cordon
remove beef fill
appropriate catch extract overturn pluck revolutionise revolutionize subvert infest inhabit reside
abide bide clear detach disconnect empower enable include legislate pass resettle resolve retire settle
submit tease tolerate undo untie unloose loosen intermediate arbitrate mediate intercede drop hash
conform satify draw
acquaint apprise apprize approach arrive assemble brave cable cluster communicate confront conglomerate
congregate conjoin constellate contemplate converge debate depart egress elicit embark encounter
excogitate flock gather hear huddle innovate insert interact journey learn meditate muse notify ponder
promulgate reason reconsider ruminate speculate travel unite utter verbalise verbalize find walk
abate accord administer aid allocate allot ameliorate amplify appease apportion assign assuage attach
augment award benefit bequeath bestow better bind blend boost chain coalesce combine command compound
conflate connect constitute control deepen dictate direct enact endow enhance enjoin enlarge enlist
enroll entrust escalate establish exaggerate expediate facilitate found fuse govern grant handle
heighten improve increase institute intensify link magnify manage mitigate order oversaw oversee
prescribe redouble regulate relate serve simplify steer supervise supervize task unify tie trade exchange swap
attire gear outfit render stock tender garner drum
annoy arouse badger bother discomfit disconcert disquiet disturb enkindle harry hassle irk irritate pester
plague provoke rag torment upset vex bridle
defect defer forestall inhibit procrastinate remit retard table bid decree necessitate crusade
countermine deceive disarray disassociate disband disorder disrupt snitch
advertise advertize affect associate bargain barter bless concert confess confide conspire contrive
coordinate correlate deal divulge enliven esteem exalt excuse expose exuberate exult galvanize
harmonise harmonize impact influence inspire integrate invigorate orchestrate organise organize persuade
prefer prize profess promote reassert reckon reinstate rejoice respect revitalize reward rouse sanctify
scheme spur synchronise synchronize tempt toast triumph understand unionise unionize value affirm
admire appreciate celebrate endanger
""".split())


def plover_table(text: str) -> dict[str, tuple[str, str | None, tuple[str, ...]]]:
    """CAMEO code -> (PLOVER type, mode, contexts) from CAMEO2PLOVER."""
    table: dict[str, tuple[str, str | None, tuple[str, ...]]] = {}
    ontology = shipped()
    for line in text.splitlines():
        m = _TABLE.match(line.strip())
        if not m:
            continue
        code, kind, mode, contexts = m.groups()
        ctx = tuple(c.strip() for c in (contexts or "").split(";") if c.strip())
        mode = mode.strip() or None
        if mode is not None and mode not in ontology.modes.get(kind, ()):
            # a context in the mode column ("175: ASSAULT, pro_autocracy , military"): kept only where
            # the ontology knows it as a context
            ctx, mode = ((mode, *ctx) if mode in ontology.contexts else ctx), None
        ctx = tuple(c for c in ctx if c in ontology.contexts)
        table[code] = (kind, mode, ctx)
    return table


def _plover(code: str, table: dict) -> tuple[str, str | None, tuple[str, ...]] | None:
    while code:
        if code in table:
            return table[code]
        code = code[:-1]
    return None


_PLAIN = re.compile(r"^[A-Z][A-Z'-]*$")
# One-sided PLOVER events: their phrases code an actor alone ("called off the strike").
_ONE_SIDED = frozenset("AGREE REJECT THREATEN PROTEST SANCTION COERCE ASSAULT REQUEST ACCUSE MOBILIZE RETREAT".split())
_MAX_WORDS = 3


_CLAUSE = frozenset("when while after before if as because since until unless though although where who which that".split())
# A modal auxiliary alone after the verb names no event ("say * will" coded every "said it will ..." a
# military threat); with words of its own a phrase stays ("announce * would * visit").
_MODALS = frozenset("will would shall should can could may might must".split())
_FUNCTION = frozenset("""to from with on in into against at by for of over off out up down about after before back
    as the a an its their his her this that not no any all""".split())


# Synsets left out: auxiliaries and prepositions (no words of an event); synsets whose words after a verb
# as often report a sale, a delivery or a disarmament as the event PETRARCH coded: weapons ("trade
# weapons" is PETRARCH's exchange of fire, "rushed weapons to" a transfer, "drop/destroy weapons"
# a disarmament), aircraft ("began delivery of airliners", "backed by aircraft") and currencies
# ("unveiled a 5 billion dollar investment" coded as aid); and those that, behind a gap, code
# the wrong party or sense: fighting ("helped Niger fight poverty" as military aid, "the Pentagon
# reported fighting" as its assault), cars ("destroyed a car bomb" as an assault), suspects
# ("sought extradition of the suspects" as a threat), crimes ("committed crimes" as an assault)
# and strongholds ("stormed the stronghold": a seizure where the curated reading is the assault).
# Found by a check of written sentences.
_FUNCTION_SYNSETS = ("AUXVERB", "TOBEVERB", "PREPOSIT", "WEAPON", "AIRCRAFT", "CURRENCY", "WMD", "FIGHT", "CAR",
                     "SUSPECT", "CRIME", "STRONGHOLD")
_SYNSET_WORD = re.compile(r"^[a-z0-9][a-z0-9'-]*$")


def parse_synsets(text: str) -> dict[str, list[list[str]]]:
    """PETRARCH's synonym sets: label (without "&" and a trailing "_") -> its members, each a list of
    words, plurals added as PETRARCH adds them (not for a member or label ending in "_", nor for a
    word ending in "s"). Members a phrase cannot spell ("F/A-18": "/" is the alternative mark) are
    left out."""
    synsets: dict[str, list[list[str]]] = {}
    label: str | None = None
    plural = True
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("&") and " " not in line:
            label, plural = line[1:].rstrip("_"), not line.endswith("_")
            synsets[label] = []
            continue
        if label is None or not line.startswith("+"):
            label = None if not line.startswith("+") and line else label
            continue
        member = line[1:]
        words = member.rstrip("_").lower().split("_")
        if not all(_SYNSET_WORD.match(w) for w in words):
            continue
        if plural and not member.endswith("_") and words[-1].isalpha() and not words[-1].endswith("s"):
            last = words[-1]
            words[-1] = (f"{last}/{last[:-1]}ies" if last.endswith("y") and last[-2:-1] not in "aeiou"
                         else f"{last}/{last}es" if last.endswith("ss") else f"{last}/{last}s")
        if words not in synsets[label]:
            synsets[label].append(words)
    return synsets


def _synset_variants(members: list[list[str]]) -> list[str]:
    """A synset as phrase text: its one-word members as one slot of alternatives. Members of several
    words ("armed forces", "m1 abrams") are left out: each would be a phrase of its own, and the
    weapon and aircraft names alone multiplied the converted phrases by three."""
    singles = sorted({a for m in members if len(m) == 1 for a in m[0].split("/")})
    return ["/".join(singles)] if singles else []


def parse_phrases(text: str, stats: Counter | None = None, synsets: bool = False,
                  stems: dict[str, str] | None = None, roles: bool = False) -> list[tuple[str, str]]:
    """(phrase, CAMEO code) for every pattern of a verb block that names the words right after the
    verb: the verb the pattern's comment names ("# RETURN"), then those words, gaps allowed between
    them ("*"), nouns with their plural. With ``synsets``, a synset ("&CEASEFIRE") becomes a slot of
    its members' alternatives ("truce/truces/armistice/..."), a member of several words a phrase of its
    own; ``stems`` maps PETRARCH's truncated stems ("smuggl") to the full words they stand for; with
    ``roles``, one role right after the verb ("- * + TO TALKS") is the phrase's first gap.
    ``stats`` counts each pattern's fate by reason."""
    stats = Counter() if stats is None else stats
    stems = stems or {}
    sets = parse_synsets(text) if synsets else {}
    out: list[tuple[str, str]] = []
    verbs: set[str] = set()
    for raw in text.splitlines():
        line, _, comment = raw.partition("#")
        line = line.rstrip()
        if not line.strip():
            continue
        if line.startswith("---"):
            verbs = set()
            continue
        m = _VERB.match(line) if line[0] not in "-~&+ \t" else None
        if m:
            word = m.group(1).lstrip("+").lower()
            if "+" not in word and all(p.isalpha() for p in word.split("_")):
                verbs.add(word.replace("_", " "))
            continue
        if not line.startswith("- "):
            continue
        intended = comment.split()[0].lower().replace("_", " ") if comment.split() else ""
        if intended not in verbs:
            stats["not a verb of its block"] += 1
            continue
        code = re.search(r"\[([0-9]{2,4})(?::[0-9]{2,4})?\]", line)
        body = line[2 : line.index("[")].split() if "[" in line else []
        if code is None or not body:
            stats["no code"] += 1
            continue
        if body[0] != "*":
            stats["words before the verb"] += 1
            continue  # words before the verb need the parse PETRARCH had
        # each slot: a list of variants (one for a plain word; a synset's alternatives, then its
        # longer members); a slot counts as one word
        slots: list[list[str]] = []
        words = []  # the plain words, as the first converter counted them
        stop = None
        skipped = 0
        for token in body[1:]:
            if roles and not slots and not skipped and token in ("+", "$"):
                skipped = 1  # "invited + to talks": the role stands in the gap after the verb
                continue
            if token.startswith("&") and sets:
                label, *rest = token[1:].split("_")
                label = token[1:].rstrip("_") if token[1:].rstrip("_") in sets else label
                rest = [] if label == token[1:].rstrip("_") else [w for w in rest if w]
                if label not in sets or not sets[label] or label.startswith(_FUNCTION_SYNSETS) or not all(
                        _PLAIN.match(w) for w in rest):
                    stop = "a synset"  # unknown, or left out above
                    break
                slots.append(_synset_variants(sets[label]))
                words.append("&" + label)
                for w in rest:
                    slots.append([w.lower()])
                    words.append(w.lower())
                continue
            if token in ("+", "$", "%") or not _PLAIN.match(token.replace("_", "")) or token.lower() in _CLAUSE:
                stop = ("a role" if token in ("+", "$", "%") else "a synset" if token.startswith("&")
                        else "a clause" if token.lower() in _CLAUSE else "another token")
                break  # a role, a synset, or a clause of its own ("* WHEN GUNMEN ARRIVED")
            for w in token.lower().split("_"):
                slots.append([w])
                words.append(w)
        if not words:
            stats[f"{stop or 'nothing'} right after the verb"] += 1
            continue
        if len(words) > _MAX_WORDS:
            stats["more than 3 words"] += 1
            continue
        if all(w in _FUNCTION for w in words):
            stats["function words only"] += 1
            continue
        if all(w in _MODALS for w in words):
            stats["a modal only"] += 1
            continue  # "- * WILL" under SAY: "said it will send" is no threat, whatever it will do
        if len(body) > len(words) + 2 + skipped and not all(t in ("+", "$") for t in body[len(words) + 1 + skipped :]):
            stats[f"words after {stop or 'the phrase'}"] += 1
            continue  # more words after a role: a pattern this phrase would only half match
        rendered: list[list[str]] = []
        for slot, w in zip(slots, words, strict=True):
            if w.startswith("&"):
                rendered.append(slot)
            elif w in stems:
                rendered.append([stems[w]])
            else:
                rendered.append([w if w in _FUNCTION or w.endswith("s") or not w.isalpha() else f"{w}/{w}s"])
        variants = [""]
        for slot in rendered:
            variants = [f"{v} * {alt}" for v in variants for alt in slot]
        stats["converted"] += 1
        out.extend((f"{intended}{v}", code.group(1)) for v in variants)
    return out


def parse_verbs(text: str) -> list[tuple[str, str | None, list[str]]]:
    """(verb or "verb particle", CAMEO code, irregular forms) for every verb in the synonym blocks."""
    out: list[tuple[str, str | None, list[str]]] = []
    block_code: str | None = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if line.startswith("---"):
            m = _BLOCK.match(line)
            block_code = m.group(2) if m and m.group(2) not in (None, "---") else None
            continue
        if line[0] in "-~&+" and not (line[0] == "+" and "_" in line):
            continue  # patterns, transformations, synsets and synset members
        if line[0].isspace():
            continue
        m = _VERB.match(line)
        if not m:
            continue
        word, forms, code = m.groups()
        code = block_code if code is None else (None if code == "---" else code)
        parts = word.lstrip("+").lower().split("_")
        if "+" in word[1:] or any(not p.isalpha() for p in parts):
            continue  # pre-compounded verbs ("WIRE_+TAP"): rare in news, skipped
        irregular = [f.strip("+").lower().split("_")[0] for f in (forms or "").strip("{}").split()]
        out.append((" ".join(parts), code, irregular))
    return out


def convert(verbs_text: str, table_text: str, known: set[str], known_alone: set[str] | None = None,
            curated_phrases: dict[str, set[str]] | None = None, synsets: bool = False,
            stems: dict[str, str] | None = None, stats: Counter | None = None, roles: bool = False) -> dict:
    """``known``: verb forms the curated dictionaries use (their verbs are skipped); ``known_alone``:
    those the curated patterns code as a verb alone (their phrases are skipped: the curated reading of
    the verb wins), by default ``known``; ``curated_phrases``: per verb form, the words of its curated
    phrases. A converted phrase sharing a word with a curated phrase of its verb is skipped ("impose *
    sanctions * on" is the curated "impose * sanctions"), one that shares none is kept ("open * fire"
    beside the curated "open * investigation")."""
    known_alone = known if known_alone is None else known_alone
    curated_phrases = curated_phrases or {}
    table = plover_table(table_text)
    groups: dict[tuple, list[str]] = {}
    irregular: dict[str, list[str]] = {}
    for verb, code, forms in parse_verbs(verbs_text):
        first = verb.split()[0]
        if code is None or first in _STOPLIST or first in known:
            continue
        coded = _plover(code, table)
        if coded is None:
            continue  # 01 statements, 02 appeals: not PLOVER events
        groups.setdefault(coded, [])
        if verb not in groups[coded]:
            groups[coded].append(verb)
        if forms:
            irregular.setdefault(first, sorted(set(forms) - {first}))
    phrased: dict[tuple, list[str]] = {}
    seen_phrases: set[str] = set()
    stats = Counter() if stats is None else stats
    # the phrases of the first conversion come first, so a synset or role pattern giving the same
    # phrase never changes its code
    first_pass = parse_phrases(verbs_text, Counter(), stems=stems) if synsets or roles else []
    for phrase, code in first_pass + parse_phrases(verbs_text, stats, synsets, stems, roles):
        first = phrase.split()[0]
        coded = _plover(code, table)
        words = {w for element in phrase.split()[1:] for w in element.split("/")} - _FUNCTION - {"*"}
        reason = ("phrase: no PLOVER event (01, 02)" if coded is None else "phrase: verb coded alone by a curated pattern"
                  if first in known_alone else "phrase: a duplicate" if phrase in seen_phrases
                  else "phrase: shares a word with a curated phrase" if words & curated_phrases.get(first, set()) else None)
        if reason:
            stats[reason] += 1
            continue  # a verb or phrase the curated patterns know keeps their reading; one code per phrase
        stats["phrase: kept"] += 1
        seen_phrases.add(phrase)
        phrased.setdefault(coded, []).append(phrase)
    patterns = []
    for (kind, mode, contexts), words in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or "", kv[0][2])):
        singles = sorted(w for w in words if " " not in w)
        phrases = sorted(w for w in words if " " in w)
        ident = ".".join(["petrarch", kind.lower(), mode or "any", *contexts]).replace(" ", "_")
        pattern: dict = {"id": ident, "type": kind}
        if mode:
            pattern["mode"] = mode
        if contexts:
            pattern["contexts"] = list(contexts)
        if singles:
            pattern["verbs"] = singles
        if phrases:
            pattern["phrases"] = phrases
        pattern.update({"source": ["subj"], "target": _TARGETS.get(kind, ["obj", "right"]),
                        "require_target": True, "confidence": 0.5})
        if kind in _SYMMETRIC:
            pattern["symmetric"] = True
        patterns.append(pattern)
    for (kind, mode, contexts), phrases in sorted(phrased.items(), key=lambda kv: (kv[0][0], kv[0][1] or "", kv[0][2])):
        ident = ".".join(["petrarch", "phrase", kind.lower(), mode or "any", *contexts]).replace(" ", "_")
        pattern = {"id": ident, "type": kind}
        if mode:
            pattern["mode"] = mode
        if contexts:
            pattern["contexts"] = list(contexts)
        pattern.update({"phrases": sorted(phrases), "source": ["subj"], "target": _TARGETS.get(kind, ["obj", "right"]),
                        "require_target": kind not in _ONE_SIDED, "confidence": 0.5})
        if kind in _SYMMETRIC:
            pattern["symmetric"] = True
        patterns.append(pattern)
    return {"irregular": {k: irregular[k] for k in sorted(irregular)}, "patterns": patterns}


def curated_phrase_words(d: dict | None = None) -> dict[str, set[str]]:
    """Per verb form, the words of the hand-written phrases it starts (of ``d``, by default the shipped
    patterns.yaml)."""
    d = load_dictionaries(shipped=("patterns.yaml",)) if d is None else d
    irregular = {str(k).lower(): list(v) for k, v in (d.get("irregular") or {}).items()}
    out: dict[str, set[str]] = {}
    for p in d.get("patterns") or []:
        for phrase in p.get("phrases") or []:
            words = str(phrase).lower().split()
            rest = {w for element in words[1:] for w in element.split("/")} - _FUNCTION - {"*"}
            for first in words[0].split("/"):
                for form in inflect(first, irregular) | {first}:
                    out.setdefault(form, set()).update(rest)
    return out


def known_verbs(alone: bool = False, d: dict | None = None) -> set[str]:
    """Every verb form the hand-written patterns and claim cues already use (``alone``: only the verbs
    the hand-written patterns code by themselves); of ``d``, by default the shipped patterns.yaml and
    claims.yaml."""
    d = load_dictionaries(shipped=("patterns.yaml", "claims.yaml")) if d is None else d
    irregular = {str(k).lower(): list(v) for k, v in (d.get("irregular") or {}).items()}
    known: set[str] = set()
    for p in d.get("patterns") or []:
        for verb in p.get("verbs") or []:
            verb = str(verb)
            known.update(verb[1:].lower().split("/") if verb.startswith("=") else inflect(verb, irregular))
        if alone:
            continue
        for phrase in p.get("phrases") or []:
            for first in str(phrase).lower().split()[0].split("/"):
                known.update(inflect(first, irregular))
    if alone:
        return known
    for kind, value in d.items():
        phrases = [x for v in value.values() for x in v] if isinstance(value, dict) else value
        if kind in ("patterns", "irregular", "weapons", "context_cues", "units") or not isinstance(phrases, list):
            continue
        for phrase in phrases:
            word = str(phrase).split()[0]
            known.update(inflect(word[1:], irregular) if word.startswith("~") else {word.lower()})
    return known


# The curated rules the conversion gives way to, frozen: the verbs and phrases of patterns.yaml and
# claims.yaml when the shipped petrarch_verbs.json was made (extractor 1.0, commit 9da4083). Read
# live, they made the output drift with every curated edit (283 entries fewer by 1.3.0), so that
# nobody could regenerate the file without changing the coder. ``--refresh-curated`` re-reads them:
# a deliberate change, to be measured like any other.
CURATED_SNAPSHOT = Path(__file__).with_name("petrarch_verbs_curated.json")
# PETRARCH's truncated stems (a word of a pattern that matches any word it begins): the full words
# they stand for, where they stand for one word family only. Checked by hand against the UD English
# EWT forms that begin with each stem and against the patterns that use it (a noun after the verb
# takes the noun's forms); ambiguous stems (communi, confiden, defen, econom, financ, polic, relat,
# dissol) are left as they were (they match nothing).
STEMS: dict[str, str] = {
    "apolog": "apology/apologies", "assassinat": "assassinate", "attemp": "attempt/attempts",
    "celebrat": "celebration/celebrations", "conferenc": "conference/conferences", "congratulat": "congratulations",
    "cooperat": "cooperate/cooperation", "critici": "criticism/criticisms", "debat": "debate/debates",
    "enforc": "enforcement/enforcing", "evacu": "evacuation/evacuations/evacuees", "exchang": "exchange/exchanges",
    "independen": "independence", "inquir": "inquiry/inquiries", "interrogat": "interrogation/interrogations",
    "interven": "intervention/interventions", "introduc": "introduce", "invad": "invading/invasion",
    "investiga": "investigation/investigations", "invit": "invitation/invitations", "mediat": "mediate/mediation",
    "negotiat": "negotiate/negotiation/negotiations", "penalt": "penalty/penalties", "pledg": "pledge/pledges",
    "prepar": "preparation/preparations", "priorit": "priorities/priority",
    "recogn": "recognise/recognition/recognize", "recogni": "recognise/recognition/recognize",
    "reconcil": "reconciliation", "reconciliat": "reconciliation", "reduc": "reduce/reduction",
    "remov": "removal/remove", "restor": "restoration/restore", "resum": "resume/resumption",
    "reviv": "revival/revive", "salar": "salaries/salary", "satisfact": "satisfaction",
    "sentenc": "sentence/sentences", "smuggl": "smuggle/smuggling", "strik": "strike/strikes",
    "suppl": "supplies/supply", "suspen": "suspend/suspension", "territor": "territorial/territories/territory",
    "tortur": "torture", "violat": "violating/violation/violations",
}


def curated_snapshot(path: Path = CURATED_SNAPSHOT) -> tuple[set[str], set[str], dict[str, set[str]]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return set(data["known"]), set(data["known_alone"]), {k: set(v) for k, v in data["curated_phrases"].items()}


def dump_snapshot(known: set[str], known_alone: set[str], phrases: dict[str, set[str]]) -> str:
    data = {"_notice": ["The curated verb forms and phrase words the PETRARCH2 verb conversion gives way to "
                        "(petrarch_verbs.py: CURATED_SNAPSHOT)."],
            "known": sorted(known), "known_alone": sorted(known_alone),
            "curated_phrases": {k: sorted(phrases[k]) for k in sorted(phrases)}}
    return json.dumps(data, ensure_ascii=False, indent=0) + "\n"


def _sha(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def content_digest(converted: dict) -> str:
    """The digest of a conversion's content (its irregular forms and patterns), key order aside."""
    body = {"irregular": converted["irregular"], "patterns": converted["patterns"]}
    return _sha(json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8"))


def provenance(sources: dict[str, bytes], snapshot: bytes, converted: dict) -> dict:
    """What a conversion was made from: the converter's own source, the curated snapshot, the
    PETRARCH2 and CAMEO2PLOVER files (by name and digest) and the digest of what it made. The unit
    tests check the shipped file against this header (the sources themselves are not shipped)."""
    return {"converter": _sha(Path(__file__).read_bytes()), "curated_snapshot": _sha(snapshot),
            "sources": {name: _sha(data) for name, data in sorted(sources.items())},
            "content": content_digest(converted)}


def dump(notice: list[str], header: dict, converted: dict) -> str:
    """The JSON file, byte for byte: the same inputs always give the same text."""
    return json.dumps({"_notice": notice, "_conversion": header, **converted}, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("verbs", type=Path, help="CAMEO.verbpatterns.*.txt")
    parser.add_argument("table", type=Path, help="CAMEO2PLOVER-2021.txt")
    parser.add_argument("--json", action="store_true", help="write JSON (the notice goes under _notice)")
    parser.add_argument("--refresh-curated", action="store_true",
                        help="re-read the curated verbs from patterns.yaml and claims.yaml and rewrite the snapshot")
    parser.add_argument("--first-phrases-only", action="store_true",
                        help="the extractor 1.0 conversion: no synsets, stems or roles")
    parser.add_argument("--stats", action="store_true", help="count each phrase pattern's fate on stderr")
    args = parser.parse_args(argv)
    verbs_bytes, table_bytes = args.verbs.read_bytes(), args.table.read_bytes()
    if args.refresh_curated:
        CURATED_SNAPSHOT.write_text(dump_snapshot(known_verbs(), known_verbs(alone=True), curated_phrase_words()),
                                    encoding="utf-8")
    known, known_alone, phrases = curated_snapshot()
    stats: Counter = Counter()
    full = not args.first_phrases_only
    converted = convert(verbs_bytes.decode("utf-8", errors="replace"), table_bytes.decode("utf-8"), known, known_alone,
                        phrases, synsets=full, stems=STEMS if full else None, stats=stats, roles=full)
    if args.stats:
        for reason, n in sorted(stats.items(), key=lambda kv: -kv[1]):
            print(f"{n:6d}  {reason}", file=sys.stderr)
    notice = [f"Converted from {args.verbs.name} (PETRARCH2, MIT licence: see LICENSE.petrarch2) and "
              f"{args.table.name} (openeventdata/PLOVER, CC BY-SA 4.0) by newswatch.convert_verbs."]
    if args.json:
        header = provenance({args.verbs.name: verbs_bytes, args.table.name: table_bytes},
                            CURATED_SNAPSHOT.read_bytes(), converted)
        sys.stdout.write(dump(notice, header, converted))
    else:
        print("\n".join(f"# {line}" for line in notice))
        print(yaml.safe_dump(converted, sort_keys=False, allow_unicode=True, width=110))
    return 0


if __name__ == "__main__":
    sys.exit(main())
