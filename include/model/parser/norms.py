"""Make the NORM feature context-free, so that ``nlp(text)`` and ``Doc(nlp.vocab, words=..., spaces=...)``
give the model exactly the same input features.

The tok2vec layer embeds each token's NORM. spaCy's English tokenizer sets NORM on the pieces of its
special cases *in context* ("didn't" -> did/NORM "do" + n't/NORM "not", "gonna" -> gon/"going" +
na/"to"), but a Doc built from a list of words never passes through those special cases, so the same
words got different features and (slightly) different tags and trees. This callback, run once when the
pipeline is initialised for training (``[initialize.after_init]`` in config.cfg):

  * strips NORM from the tokenizer's special cases (they then split text exactly as before), and
  * puts the context-free part of those norms into the vocabulary's ``lexeme_norm`` table: pieces that
    carry an apostrophe or a full stop and always have one norm ("n't"/"n’t" -> "not", "'re" -> "are",
    "’ll" -> "will", "Calif." -> "California"); curly apostrophes and quotes are already normalised by
    spaCy's built-in BASE_NORMS ("’s" -> "'s", "“" -> '"').

The table is saved in vocab/lookups.bin with the model, so loading the model needs neither this file
nor spacy-lookups-data. Pass it to training with ``spacy train --code norms.py`` (train.py does).
"""

from __future__ import annotations

from collections import defaultdict

import spacy
from spacy.attrs import NORM, ORTH


def context_free_norms(rules: dict) -> dict[str, str]:
    seen: dict[str, set[str]] = defaultdict(set)
    for pieces in rules.values():
        for piece in pieces:
            if NORM in piece:
                seen[piece[ORTH]].add(piece[NORM])
    table = {}
    for orth, norms in seen.items():
        if len(norms) != 1:
            continue  # "'s" is "'s" or "us", "'d" is "would" or "'d": leave them to the model
        norm = next(iter(norms))
        if norm != orth.lower() and any(c in orth for c in "'’.") and not orth.isspace():
            table[orth] = norm
    return dict(sorted(table.items()))


@spacy.registry.callbacks("newswatch.context_free_norms.v1")
def make_context_free_norms():
    def apply(nlp):
        tokenizer = nlp.tokenizer
        rules = tokenizer.rules
        table = context_free_norms(rules)
        tokenizer.rules = {
            key: [{k: v for k, v in piece.items() if k != NORM} for piece in pieces]
            for key, pieces in rules.items()
        }
        for orth, norm in table.items():
            nlp.vocab[orth].norm_ = norm  # fills vocab.lookups["lexeme_norm"]
        nlp.vocab.lookups = nlp.vocab.lookups  # re-install the NORM getter with the table
        return nlp

    return apply
