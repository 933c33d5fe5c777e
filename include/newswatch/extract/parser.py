"""The dependency parser: the spaCy pipeline trained on UD English EWT (include/model/parser), shipped as
package data in ``newswatch/data/parser``, loaded lazily once per process and run only on candidate
sentences, over our own tokens so that every index and offset stays the coder's.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

from newswatch.errors import ConfigError

from .sentences import Token

MODEL_ENV = "NEWSWATCH_PARSER_MODEL"  # another model directory (a newer training run), for evaluation
# What the coder reads: POS tags and the tree. The morphologizer and the lemmatizer cost a third of
# the parse time and nothing here needs them (triggers and cues are matched on word forms).
_UNUSED = ("morphologizer", "trainable_lemmatizer")
_BATCH = 64
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
        return spacy.load(path, exclude=list(_UNUSED))
    except (OSError, ValueError) as e:
        raise ConfigError(f"the parser model in {path} cannot be loaded: {e}") from e


def parser():
    """The loaded pipeline (once per process and model directory); ConfigError when it is missing."""
    with _lock:  # two threads coding at once load it once
        return _load(str(model_path()))


def parse(sentences: Sequence[Sequence[Token]]):
    """One parsed spaCy Doc per token list, token i of a Doc being token i of its list.

    Each list is one sentence of our splitter: the parser's own sentence boundaries are preset so it
    never splits (or joins) one, and the coder's indices and article offsets stay exact.
    """
    nlp = parser()
    from spacy.tokens import Doc

    docs = []
    for tokens in sentences:
        words = [t.text for t in tokens]
        spaces = [a.end < b.start for a, b in zip(tokens, tokens[1:])] + [False]
        doc = Doc(nlp.vocab, words=words, spaces=spaces, sent_starts=[True] + [False] * (len(words) - 1))
        docs.append(doc)
    return list(nlp.pipe(docs, batch_size=_BATCH))


def model_version() -> str:
    """The model's name and version from its meta.json (recorded with classifier provenance)."""
    meta = parser().meta
    return f"{meta.get('name', 'pipeline')}-{meta.get('version', '0')}"
