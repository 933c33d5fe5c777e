"""Check that the packaged parser model loads and runs the ways newswatch calls it, and time it.

    python include/model/parser/check_model.py [MODEL_DIR] [--news /work/shared/data/meantime]

Checks (exit status 1 if one fails):
  * ``spacy.load(MODEL_DIR)`` with spaCy's own packages only (spacy-lookups-data is not needed);
  * ``nlp(text)`` on a sentence already split from its article;
  * ``Doc(nlp.vocab, words=..., spaces=...)`` then ``nlp(doc)``, and the same doc run through the
    components one by one, give the same analysis as ``nlp(text)``;
  * a pre-split sentence can be kept in one piece: set ``is_sent_start`` (True on the first token,
    False on the others) before the parser runs, and the parser respects it (one root).
Then it times the model on one core (OMP/BLAS threads = 1) on news sentences: MEANTIME's Wikinews
articles if --news points at them, else a few built-in sentences repeated.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import spacy  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

DEFAULT_MODEL = Path(__file__).resolve().parents[2] / "newswatch" / "data" / "parser"
BUILTIN = [
    "The minister said on Tuesday that the talks had collapsed after rebels attacked a convoy near the border.",
    "Police arrested three men who were suspected of planning the bombing, officials said.",
    "The company will cut 2,000 jobs and has warned that profits may fall sharply next year.",
    "Protesters marched through the capital demanding the resignation of the prime minister.",
    "Russia and Ukraine agreed to a ceasefire, but fighting continued in the east.",
    "Apple didn't comment on the report, which was first published by the Financial Times.",
]


def analysis(doc: Doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


def news_sentences(folder: Path | None) -> list[str]:
    if folder is None or not folder.exists():
        return BUILTIN * 200
    sentences: list[str] = []
    for xml in sorted(folder.rglob("*.xml")):
        current: dict[str, list[str]] = {}
        for m in re.finditer(r'<token [^>]*sentence="(\d+)"[^>]*>([^<]*)</token>', xml.read_text("utf-8")):
            current.setdefault(m.group(1), []).append(m.group(2))
        for toks in current.values():
            text = " ".join(toks)
            text = re.sub(r" ([,.;:!?%)\]'])", r"\1", text).replace("( ", "(").replace(" n't", "n't")
            text = text.replace("&amp;", "&").replace("&quot;", '"').replace("&apos;", "'")
            if len(toks) >= 4:
                sentences.append(text)
    return sentences


def check(nlp) -> list[str]:
    failures = []
    try:
        import spacy_lookups_data  # noqa: F401
        print("note: spacy-lookups-data is installed here, so this check cannot prove it is unneeded")
    except ImportError:
        print("ok: spacy-lookups-data is not installed")
    expected = ["tok2vec", "tagger", "morphologizer", "trainable_lemmatizer", "parser"]
    if nlp.pipe_names != expected:
        failures.append(f"pipeline {nlp.pipe_names} != {expected}")

    text = BUILTIN[0]
    doc = nlp(text)
    for t in doc:
        print(f"  {t.i:2d} {t.text:10s} {t.tag_:5s} {t.pos_:6s} {t.lemma_:10s} {t.dep_:10s} {t.head.i:2d} {t.morph}")
    tags = {t.text: t.tag_ for t in doc}
    if tags.get("said") != "VBD" or tags.get("collapsed") != "VBN" or tags.get("had") != "VBD":
        failures.append(f"unexpected tags for said/had/collapsed: {tags}")
    if {t.text: t.lemma_ for t in doc}.get("attacked") != "attack":
        failures.append("lemma of 'attacked' is not 'attack'")

    # Pre-tokenized input: Doc(words, spaces) -> nlp(doc), and component by component.
    for text in BUILTIN:
        ref = nlp(text)
        words = [t.text for t in ref]
        spaces = [bool(t.whitespace_) for t in ref]
        d1 = nlp(Doc(nlp.vocab, words=words, spaces=spaces))
        d2 = Doc(nlp.vocab, words=words, spaces=spaces)
        for _name, proc in nlp.pipeline:
            d2 = proc(d2)
        d3 = list(nlp.pipe([Doc(nlp.vocab, words=words, spaces=spaces)]))[0]
        if not (analysis(ref) == analysis(d1) == analysis(d2) == analysis(d3)):
            failures.append(f"Doc(words, spaces) analysis differs from nlp(text) for {text!r}")
        if d1.text != text:
            failures.append(f"Doc text {d1.text!r} != {text!r}")
    print("ok:" if not any("Doc" in f for f in failures) else "FAIL:", "Doc(words=..., spaces=...) via nlp(doc), nlp.pipe and the components")

    # Keeping a sentence whole: preset sentence starts are respected by the parser.
    two = "He resigned. The party chose a new leader on Friday."
    free = nlp(two)
    forced = nlp.make_doc(two)
    for i, t in enumerate(forced):
        t.is_sent_start = i == 0
    forced = nlp(forced)
    n_free, n_forced = len(list(free.sents)), len(list(forced.sents))
    roots = sum(1 for t in forced if t.dep_ == "ROOT")
    print(f"  {two!r}: {n_free} sentence(s) unconstrained, {n_forced} with preset is_sent_start, {roots} root(s)")
    if n_forced != 1 or roots != 1:
        failures.append("the parser did not respect preset sentence starts")
    return failures


def timing(nlp, sentences: list[str], repeats: int) -> dict:
    words = sum(len(d) for d in nlp.tokenizer.pipe(sentences))
    out = {"sentences": len(sentences), "words": words}

    def best(fn) -> float:
        runs = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - t0)
        return min(runs), statistics.median(runs)

    tok = [(([t.text for t in d]), [bool(t.whitespace_) for t in d]) for d in nlp.tokenizer.pipe(sentences)]
    list(nlp.pipe(sentences[:200]))  # warm up
    cases = {
        "nlp.pipe(texts, batch_size=256)": lambda: list(nlp.pipe(sentences, batch_size=256)),
        "nlp.pipe(Doc(words, spaces))": lambda: list(nlp.pipe(Doc(nlp.vocab, words=w, spaces=s) for w, s in tok)),
        "nlp(text) one sentence at a time": lambda: [nlp(s) for s in sentences],
        "tokenizer only": lambda: list(nlp.tokenizer.pipe(sentences)),
    }
    for name, fn in cases.items():
        t_best, t_med = best(fn)
        out[name] = {"words_per_s_best": round(words / t_best), "words_per_s_median": round(words / t_med)}
        print(f"  {name:36s} {words / t_best:9.0f} words/s (best of {repeats}), {words / t_med:9.0f} median")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", nargs="?", type=Path, default=DEFAULT_MODEL)
    ap.add_argument("--news", type=Path, default=None,
                    help="MEANTIME folder (e.g. /work/shared/data/meantime) for news sentences to time")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--no-timing", action="store_true")
    args = ap.parse_args(argv)

    nlp = spacy.load(args.model)
    size = sum(p.stat().st_size for p in args.model.rglob("*") if p.is_file())
    print(f"model {args.model}: {size / 1e6:.1f} MB on disk, spaCy {spacy.__version__}, pipeline {nlp.pipe_names}")
    failures = check(nlp)
    if not args.no_timing:
        sentences = news_sentences(args.news)
        print(f"timing on {len(sentences)} sentences, one thread:")
        timing(nlp, sentences, args.repeats)
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
