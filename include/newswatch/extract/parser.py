"""The dependency parser: the spaCy pipeline trained on UD English EWT (include/model/parser), shipped as
package data in ``newswatch/data/parser``, loaded lazily once per process and run only on candidate
sentences, over our own tokens so that every index and offset stays the coder's.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from newswatch.errors import ConfigError

from . import longlived
from .sentences import Token

MODEL_ENV = "NEWSWATCH_PARSER_MODEL"  # another model directory (a newer training run), for evaluation
# What the coder reads: POS tags and the tree. The morphologizer and the lemmatizer cost a third of
# the parse time and nothing here needs them (triggers and cues are matched on word forms).
_UNUSED = ("morphologizer", "trainable_lemmatizer")
_NAME = "Smith"  # a name EWT has seen often, in every role
_lock = threading.Lock()


def model_path() -> Path:
    import os

    override = os.environ.get(MODEL_ENV)
    if override:
        return Path(override)
    return Path(str(resources.files("newswatch") / "data" / "parser"))


@lru_cache(maxsize=2)
def _load(path: str):
    if not (Path(path) / "meta.json").is_file():
        raise ConfigError(
            f"the parser model is missing: no meta.json in {path} (train and package it with "
            f"`make model`, see include/model/parser/README.md, or set {MODEL_ENV} to a model directory)"
        )
    try:
        import spacy
    except ImportError as e:  # pragma: no cover - spaCy is a dependency; a broken install says so
        raise ConfigError(f"the parser needs spaCy (pip install -c constraints.txt spacy): {e}") from e
    try:
        nlp = spacy.load(path, exclude=list(_UNUSED))
    except (OSError, ValueError) as e:
        raise ConfigError(f"the parser model in {path} cannot be loaded: {e}") from e
    _multiply_with_numpy(nlp)
    longlived.freeze()  # the model's objects out of the garbage collector's full passes: see longlived.py
    return nlp


def _multiply_with_numpy(nlp) -> None:
    """Run the layers' matrix products through numpy's BLAS (OpenBLAS) instead of thinc's blis.

    Measured here (bench/bench_extract.py, an article's ~5 candidate sentences of ~12 words per
    call): blis is tuned for large batches and takes 160 us for a 14 x 288 by 288 x 288 product
    where numpy takes 55 us; the parse of an article goes from 13.1 to 7.6 ms, every head, relation
    and tag identical on the benchmark's 274 sentences. Only the Python-level products change: the
    parser's per-state scoring stays in spaCy's C code.

    OpenBLAS is held to one thread in this process: the coder runs one process per core (the
    extraction workers beside the coding loop and PostgreSQL), and OpenBLAS threads that busy-wait
    for a core another process holds made extraction three times slower on a loaded 2-core
    machine (101 against 31 ms per article, bench_extract under load)."""
    from thinc.backends.numpy_ops import NumpyOps
    from thinc.backends.ops import Ops
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")

    class _NumpyBlasOps(NumpyOps):
        gemm = Ops.gemm  # numpy.dot, with the same transposes and out= handling

    ops = _NumpyBlasOps()
    for _, component in nlp.pipeline:
        for node in component.model.walk():
            node.ops = ops


def parser():
    """The loaded pipeline (once per process and model directory); ConfigError when it is missing."""
    with _lock:  # two threads coding at once load it once
        return _load(str(model_path()))


@dataclass(frozen=True, slots=True)
class Analysis:
    """A sentence's parse on the coder's own token grid: token k's head, relation and POS tag."""

    heads: list[int]
    deps: list[str]
    tags: list[str]


def placeholder(tokens: Sequence[Token], i: int, j: int) -> str:
    """The one word a name [i, j) is parsed as. A treebank of web text has seen few multi-word names
    ("Kim Jong Un", "the Democratic People's Republic of Korea") and parses them as lists or clauses;
    one capitalised word it parses as a proper noun in any role. The name's last word keeps what the
    parser needs of it: its shape and number ("North Korea" -> "Korea", "US officials" -> "officials",
    "the two leaders" -> "leaders"); a last word that is no word ("Un", "II") becomes a common name."""
    last = tokens[j - 1].text
    if last[:1].isupper() and (len(last) < 3 or not last.isalpha() or last.isupper()):
        return _NAME
    return last


def parse(sentences: Sequence[Sequence[Token]], names: Sequence[Sequence[tuple[int, int]]] | None = None
          ) -> list[Analysis]:
    """One Analysis per token list, in the list's own token indices.

    Each list is one sentence of our splitter: the parser's own sentence boundaries are preset so it
    never splits (or joins) one. ``names`` gives, per sentence, the token spans of actor and place
    names: each is parsed as one word (``placeholder``) and mapped back, its last token taking the
    word's head, relation and tag, the others hanging on it as ``flat``, so every index and article
    offset stays the coder's.
    """
    nlp = parser()
    from spacy.tokens import Doc

    docs, origins = [], []
    for n, tokens in enumerate(sentences):
        spans = {i: j for i, j in (names[n] if names is not None else ()) if j - i > 1}
        words, spaces, origin = [], [], []
        k = 0
        while k < len(tokens):
            j = spans.get(k, k + 1)
            words.append(placeholder(tokens, k, j) if j - k > 1 else tokens[k].text)
            spaces.append(j < len(tokens) and tokens[j - 1].end < tokens[j].start)
            origin.append(j - 1)
            k = j
        starts = [True] + [False] * (len(words) - 1)
        body = _after_dateline(words)
        if body:
            starts[body] = True  # the dateline is no part of the sentence's grammar: parse it apart
        doc = Doc(nlp.vocab, words=words, spaces=spaces, sent_starts=starts)
        docs.append(doc)
        origins.append(origin)
    if docs:
        # each component once over the article's sentences: what nlp.pipe does, without its per-batch
        # generator plumbing (a tenth of the parse time for a dozen short sentences)
        for _, component in nlp.pipeline:
            component.set_annotations(docs, component.predict(docs))
    strings = nlp.vocab.strings
    out = []
    for tokens, doc, origin in zip(sentences, docs, origins, strict=True):
        heads = list(range(len(tokens)))
        deps = ["flat"] * len(tokens)
        tags = ["NNP"] * len(tokens)
        first = 0
        # one array read instead of a Token object per word (the Python side of the parse costs
        # as much as a third of it otherwise); HEAD is the offset to the head
        for i, (offset, dep, tag) in enumerate(doc.to_array(_ATTRS).astype("int64").tolist()):
            k = origin[i]
            for inner in range(first, k):  # a name's other words hang on its last one
                heads[inner] = k
            heads[k], deps[k], tags[k] = origin[i + offset], _string(strings, dep), _string(strings, tag)
            first = k + 1
        out.append(Analysis(heads, deps, tags))
    return out


# A wire dateline opens a story's first sentence: "TOKYO, March 3 (Harbour Times) -", "KYIV (AP) --".
# Parsed with the sentence, its capitals and date become the clause's subject and the real subject
# is lost; parsed as a sentence of its own, the story's first clause keeps its grammar.
_DASHES = frozenset({"-", "--", "–", "—"})
_MAX_DATELINE = 12  # words


def _after_dateline(words: Sequence[str]) -> int:
    """The index of the first word after a leading dateline, or 0 when there is none."""
    if not words or not (words[0].isupper() and words[0].isalpha() and len(words[0]) > 1):
        return 0
    for i, w in enumerate(words[1:_MAX_DATELINE + 1], start=1):
        if w in _DASHES:
            return i + 1 if i + 1 < len(words) and any(x in (",", "(") for x in words[1:i]) else 0
    return 0


_ATTRS = ["HEAD", "DEP", "TAG"]
_names_of: dict[int, str] = {}


def _string(strings, key: int) -> str:
    name = _names_of.get(key)
    if name is None:
        name = _names_of[key] = strings[key & 0xFFFFFFFFFFFFFFFF]  # the array holds the hash signed
    return name


def model_version() -> str:
    """The model's name and version from its meta.json (recorded with classifier provenance)."""
    meta = parser().meta
    return f"{meta.get('name', 'pipeline')}-{meta.get('version', '0')}"
