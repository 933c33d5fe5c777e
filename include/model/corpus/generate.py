"""Builds the coder's labelled corpus: template sentences (templates.yaml over lexicon.yaml, seeded)
plus the hand-written natural sentences (natural.yaml), split into train.jsonl / dev.jsonl.

    python include/model/corpus/generate.py [--seed 13] [--out include/model/corpus] [--check]

Same seed, same files: every frame draws from its own random stream (seeded by the frame's id), so
adding a frame leaves the others' sentences as they were. The split is a hash of the sentence id (all
items of one sentence fall on the same side), ~80/20, so it never moves when items are added.
``--check`` also verifies every label against the ontology and every actor against the gazetteer
(needs ``newswatch`` importable: PYTHONPATH=include). The format is documented in README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
DEFAULT_SEED = 13
DEV_SHARE = 5  # one sentence in five goes to dev
FACT = ["reported", "confirmed"]
NOT_DONE = ["reported", "confirmed", "alleged", "planned"]  # what a negated/asked/hypothetical event may not be
NOT_AS_FACT = ["reported", "confirmed", "alleged"]  # a promise, a talk about arms: never the act itself
OATHS = frozenset(["vowed"])  # commit wrappers that swear an act: a hostile one is a THREATEN
SECONDARY = {"request": "REQUEST", "refuse": "REJECT", "accused": "ACCUSE"}
NEGATIVE_GROUPS = {"negation", "question", "conditional", "hypothetical", "request", "refuse"}
_SLOT = re.compile(r"\{([^{}]+)\}")


class Actor:
    """One chosen actor: its code, the surface written and what agreement and pronouns need."""

    def __init__(self, code: str, text: str, plural: bool = False, state: tuple | None = None,
                 appos: str | None = None, speakers: list[str] | None = None):
        self.code, self.text, self.plural, self.state, self.appos = code, text, plural, state, appos
        self.speakers = speakers or []
        self.written: str | None = None  # how the sentence names it first ("Russian" for "{T.dem} diplomats")

    def attr(self, name: str, lex: Lexicon, rng: random.Random) -> str:
        if name == "it":
            return "they" if self.plural else "it"
        if name == "its":
            return "their" if self.plural else "its"
        if name == "appos":
            return self.appos or ""
        if name == "spokes":
            options = [s for s in self.speakers if s != self.text] or [f"a spokesman for {self.text}"]
            return rng.choice(options)
        if self.state is None:
            if name == "poss":
                return self.text + ("'" if self.text.endswith("s") else "'s")
            raise ValueError(f"{self.text}: no {name} (not a state)")
        code, state_name, dem, capital, _leader = self.state
        return {"dem": dem, "capital": capital, "name": state_name,
                "poss": lex.possessive(code, state_name)}[name]


class Lexicon:
    def __init__(self, data: dict):
        self.data = data
        self.states = [tuple(s) for s in data["states"]]
        self.by_code = {s[0]: s for s in self.states}
        self.slots = data["slots"]
        self.labelled = data["labelled"]
        self.verbs = data["verbs"]

    def possessive(self, code: str, name: str) -> str:
        return self.data["possessives"].get(code) or name + ("'" if name.endswith("s") else "'s")

    def state_surfaces(self, state: tuple, style: str) -> list[tuple[str, bool]]:
        code, name, dem, capital, leader = state
        poss = self.possessive(code, name)
        ministry = self.data["ministries"].get(code) or f"{poss} foreign ministry"
        styles = {
            "gov": [(name, False), (capital, False), (f"the {dem} government", False), (f"{dem} officials", True),
                    (ministry, False)] + ([(leader, False)] if leader else []),
            "govn": [(name, False), (name, False), (f"the {dem} government", False)],
            "name": [(name, False)],
            "mil": [(name, False), (f"{dem} forces", True), (f"{dem} troops", True), (f"the {dem} military", False),
                    (f"the {dem} army", False)],
            "civ": [(f"{dem} protesters", True), (f"protesters in {capital}", True), (f"{dem} students", True),
                    (f"thousands of {dem} citizens", True)],
            "workers": [(f"{dem} workers", True), (f"workers in {capital}", True)],
            "opp": [(f"the {dem} opposition", False), (f"{dem} opposition activists", True)],
            "police": [(f"{dem} police", True), (f"police in {capital}", True)],
            "court": [(f"a court in {capital}", False), (f"a {dem} court", False)],
            "gov_target": [(f"the {dem} government", False)],
            "civ_target": [(f"{dem} civilians", True), (f"civilians in {capital}", True)],
            "speaker": [(f"{dem} officials", True), (ministry, False),
                        (f"the {dem} defence ministry", False), (f"{dem} intelligence officials", True),
                        (f"a {dem} government spokesman", False)] + ([(leader, False)] if leader else []),
        }
        return styles[style]

    def speakers(self, state: tuple) -> list[str]:
        return [t for t, _ in self.state_surfaces(state, "speaker")]

    def draw(self, cls: str, rng: random.Random, exclude: set[str], same: str | None = None) -> Actor:
        """An actor of class ``cls`` whose code is not in ``exclude`` (or is ``same``)."""
        for _ in range(200):
            actor = self._draw(cls, rng, same)
            if same is not None or actor.code not in exclude:
                return actor
        raise ValueError(f"no {cls} actor outside {sorted(exclude)}")

    def _draw(self, cls: str, rng: random.Random, same: str | None) -> Actor:
        d = self.data
        if cls in ("gov", "govn", "name", "mil", "civ", "workers", "opp", "police", "court", "gov_target",
                   "civ_target", "speaker"):
            state = self.by_code[same] if same else rng.choice(self.states)
            text, plural = rng.choice(self.state_surfaces(state, cls))
            # an apposition describes a country, not "Russian officials" or a president
            appos = rng.choice(d["state_appositions"]) if text in (state[1], state[3]) else None
            return Actor(state[0], text, plural, state, appos, self.speakers(state))
        if cls == "place":
            code = rng.choice(sorted(d["places"]))
            return Actor(code, rng.choice(d["places"][code]))
        if cls.startswith("igo"):
            want = {"igo_meet": "meet", "igo_aid": "aid", "igo_fin": "fin"}.get(cls)
            pool = [o for o in d["igos"] if want is None or o.get(want)]
            if cls == "igo_inspect":
                pool = [o for o in d["igos"] if o["code"] in ("IAEA", "UNO")]
                org = rng.choice(pool)
                return Actor(org["code"], "IAEA" if org["code"] == "IAEA" else "UN")
            if cls == "igo_court":
                pool = [o for o in d["igos"] if o["code"] in ("ICC",)]
            org = rng.choice(pool)
            text = rng.choice(org["surfaces"])
            return Actor(org["code"], text, False, None, rng.choice(d["igo_appositions"]), org["surfaces"])
        if cls in ("armed", "armed_named"):
            group = rng.choice(d["armed"])
            surfaces = group["surfaces"]
            if cls == "armed_named":
                surfaces = [[s.removeprefix("the "), n] for s, n in surfaces if n == "sg" or s.endswith("Taliban")]
                if not surfaces:
                    return self._draw(cls, rng, same)
            text, number = rng.choice(surfaces)
            return Actor(group["code"], text, number == "pl", None, None, [s for s, _ in group["surfaces"]])
        if cls == "company":
            firm = rng.choice(d["companies"])
            text = rng.choice(firm["surfaces"])
            return Actor(firm["code"], text, False, None, firm["appos"], [text])
        raise ValueError(f"unknown actor class {cls!r}")

    def forms(self, base: str) -> dict[str, str]:
        """base, past, pp (participle), ing and s (third person) of a verb."""
        if base in self.verbs:
            past, pp, ing = self.verbs[base]
        elif base.endswith("e"):
            past = pp = base + "d"
            ing = base[:-1] + "ing"
        elif base.endswith("y") and base[-2] not in "aeiou":
            past = pp = base[:-1] + "ied"
            ing = base + "ing"
        else:
            past = pp = base + "ed"
            ing = base + "ing"
        s = base + "es" if base.endswith(("s", "sh", "ch", "x", "o")) else (
            base[:-1] + "ies" if base.endswith("y") and base[-2] not in "aeiou" else base + "s")
        return {"inf": base, "past": past, "pp": pp, "ing": ing, "s": s}


class Realiser:
    """Fills one template string: roles, predicate forms, slots, alternatives, agreement."""

    def __init__(self, lex: Lexicon, rng: random.Random, roles: dict[str, Actor], pred: str | None = None,
                 verb: str | None = None):
        self.lex, self.rng, self.roles, self.pred, self.verb = lex, rng, roles, pred, verb
        self.chosen: dict[str, dict] = {}  # labelled slot fillers used, by slot name

    def fill(self, template: str) -> str:
        out = template
        for _ in range(6):  # slot fillers may hold slots ("the possible sale of {weapon}")
            new = _SLOT.sub(self._one, out)
            if new == out:
                break
            out = new
        return out

    def _one(self, m: re.Match) -> str:
        key = m.group(1)
        if "|" in key:
            return self.rng.choice(key.split("|"))
        if "~" in key:
            role, forms = key.split("~", 1)
            sg, pl = forms.split("/")
            return pl if self.roles[role].plural else sg
        if key.startswith("P."):
            form = key[2:]
            verb = self.lex.forms(self.verb)[form]
            return self.fill(self.pred.replace("{V}", verb))
        if "." in key:
            role, attr = key.split(".", 1)
            actor = self.roles[role]
            value = actor.attr(attr, self.lex, self.rng)
            if attr in ("dem", "capital", "name"):
                actor.written = actor.written or value
            elif attr == "poss":
                actor.written = actor.written or re.sub(r"'s?$", "", value)
            return value
        if key in self.roles:
            actor = self.roles[key]
            actor.written = actor.written or actor.text
            return actor.text
        if key == "DATELINE":
            city = self.rng.choice([s[3] for s in self.lex.states if len(s[3]) > 4]).upper()
            month = self.rng.choice(self.lex.slots["months"])
            return f"{city}, {month} {self.rng.randint(1, 28)} - "
        if key in self.lex.labelled:
            entry = self.rng.choice(self.lex.labelled[key])
            self.chosen[key] = entry
            return entry["text"]
        if key in self.lex.slots:
            return str(self.rng.choice(self.lex.slots[key]))
        raise KeyError(f"unknown slot {{{key}}} in {m.string!r}")


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# "a" before a vowel sound; "a European", "a UN", "a Ukrainian", "a US" keep "a"
_AN = re.compile(r"\b([Aa]) (?!Eu|U[A-Z.]|Uk|Uni|one\b)(?=[AEIOUaeiou])")
_DATELINE = re.compile(r"^([A-Z ]+, [A-Z][a-z]+ \d+ - )(\w)")


def polish(text: str) -> str:
    """Articles and capitals that slot filling cannot know in advance."""
    text = _AN.sub(lambda m: m.group(1) + "n ", text)
    return _DATELINE.sub(lambda m: m.group(1) + m.group(2).upper(), _capitalise(text))


def _surface(actor: Actor) -> str:
    return re.sub(r"^(?:the|an?) ", "", actor.written or actor.text)


def _party(actor: Actor | None) -> dict | None:
    return None if actor is None else {"text": _surface(actor), "code": actor.code}


def _labels(spec: dict, chosen: dict[str, dict], field: str):
    value = spec.get(field)
    if isinstance(value, str) and value.startswith("@"):
        return chosen[value[1:]].get(field if field != "contexts" else "contexts", [] if field == "contexts" else None)
    return value if value is not None else ([] if field == "contexts" else None)


def _item(event_type, mode, contexts, source, target, status, by, kind, notes, forbid=None, shapes=()):
    return {"event_type": event_type, "mode": mode, "contexts": list(contexts or []), "source": _party(source),
            "target": _party(target), "claim_status": status if event_type else None,
            "claimed_by": by.code if (by is not None and event_type) else None, "kind": kind, "notes": notes,
            "forbidden": forbid or [], "shapes": sorted(set(shapes))}


def realise_frame(frame: dict, wrapper: dict, group: str, lex: Lexicon, rng: random.Random) -> tuple[str, list[dict]]:
    subj_role = frame.get("subj", "S")
    other_role = "T" if subj_role == "S" else "S"
    has_other = bool(frame.get(other_role))
    roles: dict[str, Actor] = {}
    roles[subj_role] = lex.draw(rng.choice(frame[subj_role]), rng, set())
    if has_other:
        same = roles[subj_role].code if frame.get("same_state") else None
        roles[other_role] = lex.draw(rng.choice(frame[other_role]), rng, {roles[subj_role].code}, same)
    taken = {a.code for a in roles.values()}
    roles["C"] = lex.draw("speaker" if rng.random() < 0.8 else "igo_meet", rng, taken)
    roles["X"] = lex.draw("name", rng, taken | {roles["C"].code})
    if group == "coord":
        roles["SUBJ2"] = lex.draw(rng.choice(frame[subj_role]), rng, taken | {roles["C"].code})
    roles["SUBJ"] = roles[subj_role]
    if wrapper.get("singular") and roles["SUBJ"].plural:
        return None, []  # "Russian officials, which ...": the wrapper reads for one actor only
    if ".appos}" in wrapper["text"] and not roles["SUBJ"].appos:
        return None, []
    verbs = frame["verb"] if isinstance(frame["verb"], list) else [frame["verb"]]
    r = Realiser(lex, rng, roles, frame["pred"], rng.choice(verbs))
    text = polish(r.fill(wrapper["text"]))
    etype, mode, contexts = frame["type"], _labels(frame, r.chosen, "mode"), _labels(frame, r.chosen, "contexts")
    source, target = roles["S"], roles.get("T") if frame.get("T") else None
    kind = frame.get("kind", "template")
    notes = f"{frame['id']} / {group}.{wrapper['id']}"
    shapes = list(frame.get("shapes", [])) + list(wrapper.get("shapes", []))
    forbid_types = frame.get("forbid", [])
    by = {"C": roles["C"], "SUBJ": roles["SUBJ"]}.get(wrapper.get("by"))
    # a promise stays planned whoever reports it, but a denial of it is a denial
    status = wrapper.get("status") or (frame.get("status") if group != "denied" else None) or {
        "reported": "reported", "confirmed": "confirmed", "alleged": "alleged", "alleged_nospeaker": "alleged",
        "denied": "denied", "planned": "planned", "accused": "alleged", "coord": "reported"}.get(group)
    other = roles.get(other_role) if has_other else None
    items = []
    if group in ("commit", "intent"):
        # an oath to act against someone ("vowed to attack") is a threat; other promises are AGREE
        oath = wrapper["id"] in OATHS and frame.get("polarity") == "hostile"
        agree = (group == "commit" and not oath) or frame.get("polarity") == "coop"
        new_type = "AGREE" if agree else "THREATEN"
        new_mode = None if agree else frame.get("threat_mode")
        new_status = (wrapper.get("status") or "planned") if agree else "reported"
        items.append(_item(new_type, new_mode, contexts, roles["SUBJ"], other, new_status, None, kind, notes,
                           [_forbid(etype, NOT_AS_FACT)], shapes))
    elif group in NEGATIVE_GROUPS:
        items.append(_item(None, None, [], source, target, None, None, "negative", notes,
                           [_forbid(etype, NOT_DONE)], shapes))
        if group in ("request", "refuse"):
            second_type = SECONDARY[group]
            second_mode = frame.get("request_mode" if group == "request" else "reject_mode")
            if group == "request":
                src, tgt = roles["C"], roles["SUBJ"]
            else:
                src, tgt = roles["SUBJ"], other
            items.append(_item(second_type, second_mode, contexts, src, tgt, "reported", None, "template", notes,
                               shapes=shapes))
    else:
        forbid = [_forbid(t, NOT_AS_FACT) for t in forbid_types]
        if group == "denied":
            forbid.append(_forbid(etype, FACT))
        items.append(_item(etype, mode, contexts, source, target, status, by, kind, notes, forbid, shapes))
        if group == "coord":
            second = dict(roles)
            second[subj_role] = roles["SUBJ2"]
            items.append(_item(etype, mode, contexts, second["S"], second.get("T") if frame.get("T") else None,
                               status, None, kind, notes, forbid, shapes))
        if group == "accused":
            items.append(_item("ACCUSE", "allege", contexts, roles["C"], roles["SUBJ"], "reported", None,
                               "template", notes, shapes=shapes))
    return text, items


def _forbid(event_type: str, statuses: list[str]) -> dict:
    return {"event_type": event_type, "claim_status": list(statuses)}


def realise_sentence(spec: dict, lex: Lexicon, rng: random.Random) -> tuple[str, list[dict]]:
    roles: dict[str, Actor] = {}
    taken: set[str] = set()
    for role in ("S", "T", "S2", "T2", "C", "X"):
        classes = spec.get(role) or (["speaker"] if role == "C" else ["name"] if role == "X" else None)
        if classes:
            roles[role] = lex.draw(rng.choice(classes), rng, taken)
            taken.add(roles[role].code)
    index = rng.randrange(len(spec["text"]))
    r = Realiser(lex, rng, roles)
    text = polish(r.fill(spec["text"][index]))
    variant = (spec.get("variants") or [None] * len(spec["text"]))[index]
    items = []
    for k, it in enumerate(spec["items"]):
        it = {**it, **(variant or {})} if k == 0 else it
        event_type = it.get("type")
        forbid = [_forbid(t, it.get("forbid_status") or (NOT_DONE if event_type is None else NOT_AS_FACT))
                  for t in it.get("forbid", [])]
        if it.get("status") == "denied":
            forbid.append(_forbid(event_type, FACT))
        by = roles.get(it["by"]) if it.get("by") else None
        target = roles.get(it["target"]) if it.get("target") else None
        items.append(_item(event_type, it.get("mode"), it.get("contexts", []), roles[it["source"]], target,
                           it.get("status"), by, spec.get("kind", "template"), f"{spec['id']} / {index}", forbid,
                           spec.get("shapes", [])))
    return text, items


def template_items(templates: dict, lex: Lexicon, seed: int) -> list[tuple[str, str, list[dict]]]:
    """(sentence id, text, items) for every frame and whole-sentence template, duplicates dropped."""
    out: list[tuple[str, str, list[dict]]] = []
    seen: set[str] = set()
    weights = templates["weights"]
    for frame in templates["frames"]:
        rng = random.Random(f"{seed}:{frame['id']}")
        groups = [g for g in frame["wrappers"] if g in weights]
        n, tries = 0, 0
        while n < frame["n"] and tries < frame["n"] * 20:
            tries += 1
            group = rng.choices(groups, [weights[g] for g in groups])[0]
            wrapper = rng.choice(templates["wrappers"][group])
            text, items = realise_frame(frame, wrapper, group, lex, rng)
            if text is None:
                continue
            if text in seen or not _valid_surfaces(text, items):
                continue
            seen.add(text)
            n += 1
            out.append((f"t.{frame['id']}.{n:03d}", text, items))
    for spec in templates["sentences"]:
        rng = random.Random(f"{seed}:{spec['id']}")
        n, tries = 0, 0
        while n < spec["n"] and tries < spec["n"] * 20:
            tries += 1
            text, items = realise_sentence(spec, lex, rng)
            if text in seen or not _valid_surfaces(text, items):
                continue
            seen.add(text)
            n += 1
            out.append((f"s.{spec['id']}.{n:03d}", text, items))
    return out


def spans(text: str, surface: str) -> list[tuple[int, int]]:
    """Where ``surface`` is written as a whole word or phrase (its first letter in either case)."""
    head = re.escape(surface[:1].lower()) + "|" + re.escape(surface[:1].upper())
    pattern = re.compile(rf"(?<!\w)(?:{head}){re.escape(surface[1:])}(?!\w)")
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _valid_surfaces(text: str, items: list[dict]) -> bool:
    """Every labelled actor is written in the sentence (a template that hid one is a bug, not data)."""
    for it in items:
        for party in (it["source"], it["target"]):
            if party is not None and not spans(text, party["text"]):
                raise ValueError(f"{party['text']!r} not in {text!r}")
    return True


def natural_items(path: Path) -> list[tuple[str, str, list[dict]]]:
    """The hand-written sentences: natural.yaml entries {t: text, e: [events], id?}."""
    out = []
    for n, entry in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or [], start=1):
        items = []
        for ev in entry["e"]:
            source = {"text": ev["s"][0], "code": ev["s"][1]}
            target = {"text": ev["t"][0], "code": ev["t"][1]} if ev.get("t") else None
            event_type = ev.get("type")
            forbid = [_forbid(t, st) for t, st in (ev.get("forbid") or {}).items()]
            items.append({"event_type": event_type, "mode": ev.get("mode"), "contexts": list(ev.get("ctx") or []),
                          "source": source, "target": target,
                          "claim_status": ev.get("st", "reported") if event_type else None,
                          "claimed_by": ev.get("by") if event_type else None, "kind": "natural",
                          "notes": ev.get("note", entry.get("note", "")), "forbidden": forbid,
                          "shapes": sorted(entry.get("shapes", []))})
        out.append((f"n.{entry.get('id', n):03d}" if isinstance(entry.get("id", n), int) else f"n.{entry['id']}",
                    entry["t"], items))
    return out


def split_of(sentence_id: str) -> str:
    digest = hashlib.sha256(sentence_id.encode("utf-8")).digest()
    return "dev" if int.from_bytes(digest[:8], "big") % DEV_SHARE == 0 else "train"


def build(seed: int = DEFAULT_SEED, root: Path = HERE) -> list[dict]:
    lex = Lexicon(yaml.safe_load((root / "lexicon.yaml").read_text(encoding="utf-8")))
    templates = yaml.safe_load((root / "templates.yaml").read_text(encoding="utf-8"))
    sentences = template_items(templates, lex, seed) + natural_items(root / "natural.yaml")
    records = []
    for sentence_id, text, items in sentences:
        split = split_of(sentence_id)
        for k, it in enumerate(items, start=1):
            records.append({"id": f"{sentence_id}.{k}", "text": text, "source": it["source"], "target": it["target"],
                            "event_type": it["event_type"], "mode": it["mode"], "contexts": it["contexts"],
                            "claim_status": it["claim_status"], "claimed_by": it["claimed_by"], "split": split,
                            "kind": it["kind"], "notes": it["notes"], "forbidden": it["forbidden"],
                            "shapes": it["shapes"]})
    return records


def check(records: list[dict]) -> list[str]:
    """Labels valid in the ontology; source, target and claimant found by the gazetteer with their code."""
    from newswatch.extract.dictionaries import load_dictionaries
    from newswatch.extract.gazetteer import Gazetteer
    from newswatch.ontology import shipped

    onto = shipped()
    gazetteer = Gazetteer(load_dictionaries())
    problems = []
    mentions: dict[str, list] = {}
    for r in records:
        t = r["event_type"]
        where = f"{r['id']} {r['text']!r}"
        if t is not None:
            if t not in onto.event_types:
                problems.append(f"{where}: type {t}")
            elif r["mode"] is not None and r["mode"] not in onto.modes[t]:
                problems.append(f"{where}: mode {r['mode']} not a mode of {t}")
            if r["claim_status"] not in onto.claim_ranks:
                problems.append(f"{where}: claim status {r['claim_status']}")
        for f in r["forbidden"]:
            if f["event_type"] not in onto.event_types or not set(f["claim_status"]) <= set(onto.claim_ranks):
                problems.append(f"{where}: forbidden {f}")
        if not set(r["contexts"]) <= onto.contexts:
            problems.append(f"{where}: contexts {sorted(set(r['contexts']) - onto.contexts)}")
        found = mentions.setdefault(r["text"], gazetteer.find(r["text"]))
        for role in ("source", "target"):
            party = r[role]
            if party is None:
                continue
            if not any(m.code == party["code"] and m.start < end and m.end > start
                       for start, end in spans(r["text"], party["text"]) for m in found):
                problems.append(f"{where}: {role} {party} not found as {party['code']} "
                                f"(gazetteer: {[(m.text, m.code) for m in found]})")
        if r["claimed_by"] and not any(m.code == r["claimed_by"] for m in found):
            problems.append(f"{where}: claimant {r['claimed_by']} not named")
    return problems


def statistics(records: list[dict]) -> str:
    lines = [f"{len(records)} items, {len({r['text'] for r in records})} sentences"]
    for key in ("split", "kind"):
        lines.append(f"per {key}: " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(r[key] for r in records).items())))
    per_type = Counter((r["event_type"] or "none", r["split"]) for r in records)
    types = sorted({t for t, _ in per_type})
    lines.append("per type (train/dev): " + ", ".join(f"{t} {per_type[t, 'train']}/{per_type[t, 'dev']}" for t in types))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=HERE, help="directory for train.jsonl and dev.jsonl")
    parser.add_argument("--check", action="store_true", help="verify labels with the ontology and gazetteer")
    args = parser.parse_args(argv)
    records = build(args.seed)
    if args.check:
        problems = check(records)
        for p in problems:
            print(p, file=sys.stderr)
        if problems:
            print(f"{len(problems)} problems", file=sys.stderr)
            return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev"):
        with (args.out / f"{split}.jsonl").open("w", encoding="utf-8") as f:
            for r in records:
                if r["split"] == split:
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(statistics(records))
    return 0


if __name__ == "__main__":
    sys.exit(main())
