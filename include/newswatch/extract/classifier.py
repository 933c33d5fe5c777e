"""The learned event-type classifier: where no pattern fires for a pair of actors in a sentence, a
linear model over the words around and between them, the triggers and cue phrases near them, and
their kinds proposes a PLOVER type and its direction, with a calibrated probability.

It is trained on the project's own labelled corpus (include/model/classifier/train.py, seeded) and
ships as package data in ``newswatch/data/classifier`` (model.json: classes, features, threshold,
provenance; weights.npz: the coefficients). Features need no parse, so proposing costs microseconds
and only a sentence with a proposal is parsed (for the event's modality and claimant).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from newswatch.errors import ConfigError

from .patterns import Trigger
from .roles import Parsed, Span

NONE = "NONE"
_MAX_SPANS = 6  # actors and places per sentence paired; a longer list is a roll-call, not an event
_MAX_GAP = 24  # tokens between two names: farther apart they are rarely one event's parties
_STOP = frozenset(["the", "a", "an", ",", "'s", "its", "their", "his", "her", "of", "and"])
_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class Proposal:
    source: Span
    target: Span | None
    event_type: str
    probability: float


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude stem that folds a verb's or noun's inflections together ("supplied", "supplies",
    "supply" -> "suppl"); the features only need the forms to agree, not to be words."""
    for suffix in ("ies", "ied", "ing", "ed", "es", "s", "y", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def instances(p: Parsed, triggers: tuple[Trigger, ...]) -> list[tuple[Span, Span | None, list[str]]]:
    """The classifier's questions for one sentence: each pair of names (at least one an actor; in text
    order) and each actor alone (a one-sided event), with their features."""
    named = [a for a in p.actors[:_MAX_SPANS] if a.mention.code]
    spans = sorted([*named, *(s for s in p.places[:_MAX_SPANS] if s.mention.code)], key=lambda s: (s.i, s.j))
    actors = {id(a) for a in named}
    sentence = _sentence_features(p, triggers)
    out: list[tuple[Span, Span | None, list[str]]] = []
    for a in named:
        out.append((a, None, _single(p, a, triggers) + sentence))
    for x, a in enumerate(spans):
        for b in spans[x + 1 :]:
            if (id(a) not in actors and id(b) not in actors) or b.i < a.j or b.i - a.j > _MAX_GAP:
                continue
            if a.mention.code == b.mention.code or (a.i, a.j) == (b.i, b.j):
                continue
            out.append((a, b, _pair(p, a, b, triggers) + sentence))
    return out


def _kind(s: Span) -> str:
    return "loc" if s.location else s.mention.kind


def _sentence_features(p: Parsed, triggers: tuple[Trigger, ...]) -> list[str]:
    feats = [f"cue:{kind}" for kind in p.cues if p.cues[kind]]
    feats += [f"strig:{t.pattern.type}" for t in triggers]
    return feats


def _single(p: Parsed, a: Span, triggers: tuple[Trigger, ...]) -> list[str]:
    low = p.low
    feats = ["single", f"a:{_kind(a)}", f"asec:{a.mention.sector}"]
    after = [w for w in low[a.j : a.j + 8] if w not in _STOP]
    feats += [f"aft:{stem(w)}" for w in after]
    feats += [f"aft1:{stem(w)}" for w in after[:2]]
    feats += [f"pre:{stem(w)}" for w in low[max(0, a.i - 3) : a.i]]
    feats += [f"trig:{t.pattern.type}" for t in triggers if a.j <= t.head < a.j + 8]
    feats.append(f"pos:{min(a.i, 3)}")
    return feats


def _pair(p: Parsed, a: Span, b: Span, triggers: tuple[Trigger, ...]) -> list[str]:
    low = p.low
    between = [w for w in low[a.j : b.i] if w not in _STOP]
    feats = ["pair", f"a:{_kind(a)}", f"b:{_kind(b)}", f"asec:{a.mention.sector}", f"bsec:{b.mention.sector}",
             f"gap:{min(len(between), 8) // 2}"]
    feats += [f"btw:{stem(w)}" for w in between[:12]]
    if between:
        feats += [f"first:{stem(between[0])}", f"last:{stem(between[-1])}"]
        feats += [f"bi:{stem(x)}_{stem(y)}" for x, y in zip(between, between[1:])]
    else:
        feats.append("adjacent")
    feats += [f"pre:{stem(w)}" for w in low[max(0, a.i - 3) : a.i]]
    feats += [f"post:{stem(w)}" for w in low[b.j : b.j + 4] if w not in _STOP]
    feats += [f"trig:{t.pattern.type}" for t in triggers if a.j <= t.head < b.i]
    feats += [f"trigid:{t.pattern.id}" for t in triggers if a.j <= t.head < b.i]
    feats += [f"ptrig:{t.pattern.type}" for t in triggers if b.j <= t.head < b.j + 6]
    for kind, spans in p.cues.items():
        if any(a.j <= s < b.i for s, _, _ in spans):
            feats.append(f"bcue:{kind}")
    return feats


class Model:
    """The shipped linear model: a softmax over the summed weight columns of a question's features."""

    def __init__(self, meta: dict, coef, intercept):
        self.name = f"{meta['name']}-{meta['version']}"
        self.classes: list[str] = list(meta["classes"])
        self.threshold = float(meta["threshold"])
        self.index = {f: k for k, f in enumerate(meta["features"])}
        self.coef = coef  # (features, classes): one row per feature, so a question sums a few rows
        self.intercept = intercept

    def scores(self, questions: list[list[str]]):
        """Class probabilities, one row per question (all of a sentence's at once: numpy's cost is
        per call, not per row)."""
        import numpy as np

        rows: list[int] = []
        filled, starts = [], []  # the questions with a known feature, and where their rows start
        for k, feats in enumerate(questions):
            known = [self.index[f] for f in set(feats) if f in self.index]
            if known:
                filled.append(k)
                starts.append(len(rows))
                rows.extend(known)
        logits = np.tile(self.intercept, (len(questions), 1))
        if rows:
            logits[filled] += np.add.reduceat(self.coef[rows], starts, axis=0)
        e = np.exp(logits - logits.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def propose(self, p: Parsed, triggers: tuple[Trigger, ...]) -> list[Proposal]:
        """Proposals above the threshold chosen on the corpus' dev split, most probable first."""
        asked = instances(p, triggers)
        if not asked:
            return []
        probs = self.scores([feats for _, _, feats in asked])
        best = probs.argmax(axis=1)
        out = []
        for (a, b, _), k, row in zip(asked, best, probs, strict=True):
            label, prob = self.classes[int(k)], float(row[k])
            if label == NONE or prob < self.threshold:
                continue
            kind, direction = label[:-1], label[-1]
            if direction == "-":
                if b is None:
                    out.append(Proposal(a, None, kind, prob))
            elif b is not None:
                source, target = (a, b) if direction == ">" else (b, a)
                if source in p.actors:
                    out.append(Proposal(source, target, kind, prob))
        return sorted(out, key=lambda x: -x.probability)


def model_dir() -> Path:
    return Path(str(resources.files("newswatch") / "data" / "classifier"))


@lru_cache(maxsize=2)
def _load(path: str) -> Model:
    folder = Path(path)
    try:
        meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
        import numpy as np

        with np.load(folder / "weights.npz") as w:
            return Model(meta, w["coef"], w["intercept"])
    except (OSError, ValueError, KeyError) as e:
        raise ConfigError(
            f"the event-type classifier in {folder} cannot be loaded ({e}); rebuild it with "
            f"`make classifier` (include/model/classifier/train.py)"
        ) from e


def model() -> Model:
    """The shipped classifier, loaded once per process; ConfigError when it is missing or broken."""
    with _lock:
        return _load(str(model_dir()))
