"""Train, evaluate and package newswatch's English tagger + lemmatizer + dependency parser.

The recipe, end to end (see README.md beside this file):

  1. convert the UD English EWT .conllu files to spaCy's binary format (train/dev/test, 10 sentences
     per document, as for training; and dev/test one sentence per document, for the pre-split scores);
  2. ``spacy train config.cfg`` with the seed and every hyper-parameter fixed in config.cfg, one thread;
  3. evaluate ``model-best`` on dev and test and write ``scores.json``;
  4. copy ``model-best`` into ``include/newswatch/data/parser/`` with LICENSE/ATTRIBUTION for the
     CC BY-SA 4.0 treebank the weights are derived from.

Only spaCy's own packages are needed (``pip install spacy==3.8.18``); nothing is downloaded.

    python include/model/parser/train.py                      # full run (~1.5-2.5 h on one core)
    python include/model/parser/train.py --quick              # ~3 min smoke run, does not package
    python include/model/parser/train.py --skip-train         # re-evaluate and re-package model-best
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
DEFAULT_TREEBANK = Path("/work/shared/data/ud-english-ewt")
DEFAULT_WORKDIR = REPO / "build" / "model-parser"
DEFAULT_OUTPUT = REPO / "include" / "newswatch" / "data" / "parser"
SPLITS = ("train", "dev", "test")
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
               "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")
# The score keys reported, as spaCy's scorers name them.
SCORE_KEYS = {
    "token_acc": "tokenization accuracy (spaCy tokenizer vs. gold tokens)",
    "pos_acc": "UPOS accuracy (morphologizer)",
    "tag_acc": "XPOS / Penn Treebank tag accuracy (tagger)",
    "morph_acc": "UD morphological features, whole-bundle accuracy (morphologizer)",
    "lemma_acc": "lemma accuracy (trainable_lemmatizer)",
    "dep_uas": "unlabelled attachment score (parser)",
    "dep_las": "labelled attachment score (parser)",
    "sents_f": "sentence-boundary F1 (parser)",
}

ATTRIBUTION = """\
newswatch English parser model (tagger, morphologizer, lemmatizer, dependency parser)
=====================================================================================

The files in this folder are a spaCy {spacy_version} pipeline whose weights were trained from scratch
(no pretrained model or vectors) by include/model/parser/train.py in the newswatch repository, on

  Universal Dependencies English Web Treebank (UD_English-EWT), {treebank_version}
  https://github.com/UniversalDependencies/UD_English-EWT

UD English Web Treebank annotations (c) 2013-2021 by The Board of Trustees of The Leland Stanford
Junior University. The annotations and database rights of the treebank are licensed under the
Creative Commons Attribution-ShareAlike 4.0 International License (CC BY-SA 4.0). The underlying texts
come from the LDC English Web Treebank (LDC2012T13); portions may be (c) 2012 Google Inc., (c) 2011
Yahoo! Inc., (c) 2012 Trustees of the University of Pennsylvania and/or other original authors.

Because the trained weights (and the label sets, edit-tree lemmatization rules and vocabulary strings
stored with them) are derived from the treebank, THIS MODEL IS DISTRIBUTED UNDER CC BY-SA 4.0
(https://creativecommons.org/licenses/by-sa/4.0/), not under the MIT licence of the newswatch code.
If you share the model or a model derived from it, keep this notice, credit the treebank as below,
and share it under the same licence. Changes: the treebank was converted with `spacy convert` and used
as training data; the model is not the treebank and contains no copy of its sentences.

Please cite the treebank as:

  Natalia Silveira, Timothy Dozat, Marie-Catherine de Marneffe, Samuel Bowman, Miriam Connor,
  John Bauer and Christopher D. Manning. 2014. A Gold Standard Dependency Corpus for English.
  In Proceedings of the Ninth International Conference on Language Resources and Evaluation
  (LREC 2014), pages 2897-2904.

  @inproceedings{{silveira14gold,
    year = {{2014}},
    author = {{Natalia Silveira and Timothy Dozat and Marie-Catherine de Marneffe and Samuel Bowman
      and Miriam Connor and John Bauer and Christopher D. Manning}},
    title = {{A Gold Standard Dependency Corpus for {{E}}nglish}},
    booktitle = {{Proceedings of the Ninth International Conference on Language Resources
      and Evaluation (LREC-2014)}},
    pages = {{2897--2904}}
  }}

Scores of this model on the treebank's dev and test sets are in scores.json beside this file.
The full text of CC BY-SA 4.0 is in LICENSE beside this file.
"""


def log(msg: str) -> None:
    print(f"[train.py {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def run(cmd: list[str], env: dict[str, str]) -> None:
    log("$ " + " ".join(str(c) for c in cmd))
    subprocess.run([str(c) for c in cmd], check=True, env=env)


def single_thread_env(threads: int) -> dict[str, str]:
    env = dict(os.environ)
    for var in THREAD_VARS:
        env[var] = str(threads)
    env["PYTHONHASHSEED"] = "0"
    return env


def treebank_version(treebank: Path) -> str:
    readme = treebank / "README.md"
    if readme.exists():
        for line in readme.read_text(encoding="utf-8").splitlines():
            if "English Web Treebank v" in line:
                return line.split("English Web Treebank", 1)[1].strip()
    return "(version unknown)"


def convert(treebank: Path, corpus: Path, env: dict[str, str]) -> None:
    """CoNLL-U -> .spacy: n10/ (10 sentences a doc: training, and scores on running text) and n1/
    (one sentence a doc: scores for text the caller has already split into sentences)."""
    for n in (10, 1):
        out = corpus / f"n{n}"
        out.mkdir(parents=True, exist_ok=True)
        for split in SPLITS if n == 10 else ("dev", "test"):
            src = treebank / f"en_ewt-ud-{split}.conllu"
            if not src.exists():
                sys.exit(f"missing {src}: pass the UD English EWT folder with --treebank")
            run([sys.executable, "-m", "spacy", "convert", src, out, "--converter", "conllu",
                 "--n-sents", str(n)], env)


def corpus_path(corpus: Path, split: str, n: int) -> Path:
    return corpus / f"n{n}" / f"en_ewt-ud-{split}.spacy"


def train(config: Path, corpus: Path, out: Path, max_steps: int | None, eval_frequency: int | None,
          env: dict[str, str]) -> None:
    cmd = [sys.executable, "-m", "spacy", "train", config, "--output", out, "--code", HERE / "norms.py",
           "--paths.train", corpus_path(corpus, "train", 10),
           "--paths.dev", corpus_path(corpus, "dev", 10)]
    if max_steps is not None:
        cmd += ["--training.max_steps", str(max_steps)]
    if eval_frequency is not None:
        cmd += ["--training.eval_frequency", str(eval_frequency)]
    run(cmd, env)


def evaluate(model: Path, corpus: Path) -> dict:
    """Scores of `model` on dev and test: running text as spaCy's tokenizer splits it (the default
    and the realistic setting), the same with gold tokens, and one sentence at a time."""
    import spacy
    from spacy.training import Corpus

    nlp = spacy.load(model)
    scores: dict = {}
    for split in ("dev", "test"):
        scores[split] = {}
        for name, n, gold_preproc in (("running_text", 10, False), ("gold_tokens", 10, True),
                                      ("one_sentence_per_doc", 1, False),
                                      ("one_sentence_kept_whole", 1, False)):
            path = corpus_path(corpus, split, n)
            examples = list(Corpus(path, gold_preproc=gold_preproc)(nlp))
            if name == "one_sentence_kept_whole":
                for eg in examples:  # preset sentence starts: the parser may not split the sentence
                    for i, tok in enumerate(eg.predicted):
                        tok.is_sent_start = i == 0
            t0 = time.perf_counter()
            s = nlp.evaluate(examples)
            elapsed = time.perf_counter() - t0
            row = {k: round(100 * s[k], 2) for k in SCORE_KEYS if s.get(k) is not None}
            row["words"] = sum(len(eg.reference) for eg in examples)
            row["docs"] = len(examples)
            if name == "one_sentence_per_doc":
                # How often the parser split a single gold sentence into several.
                # (nlp.evaluate works on copies, so parse them again here)
                parsed = nlp.pipe(eg.predicted.copy() for eg in examples)
                split_docs = sum(1 for doc in parsed if any(t.is_sent_start for t in doc[1:]))
                row["docs_split_by_parser"] = split_docs
            row["eval_seconds"] = round(elapsed, 1)
            scores[split][name] = row
            log(f"{split:4s} {name:22s} " + " ".join(f"{k}={v}" for k, v in row.items()))
    return scores


def file_digest(folder: Path) -> str:
    """One sha256 over every file's relative path and bytes, config.cfg left out (it records the
    workdir's paths): equal digests mean bit-identical weights, vocabulary and tokenizer."""
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file() and p.name != "config.cfg":
            h.update(str(p.relative_to(folder)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def previous_wall_seconds(workdir: Path) -> int | None:
    """With --skip-train, keep the training time recorded by the run that trained the model."""
    try:
        return json.loads((workdir / "scores.json").read_text())["training"]["wall_seconds"]
    except (OSError, KeyError, ValueError):
        return None


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def package(model: Path, output: Path, treebank: Path, scores: dict) -> None:
    import spacy
    import srsly

    if output.exists():
        shutil.rmtree(output)
    shutil.copytree(model, output)
    # The training paths in config.cfg are this machine's; loading does not use them.
    from spacy.util import load_config
    cfg = load_config(output / "config.cfg", interpolate=False)
    for key in ("train", "dev"):
        cfg["paths"][key] = None
    cfg.to_disk(output / "config.cfg")
    meta_path = output / "meta.json"
    meta = srsly.read_json(meta_path)
    meta.update({
        "name": "newswatch_parser",
        "version": "1.0.0",
        "description": "English tagger (Penn XPOS), morphologizer (UPOS + UD features), edit-tree "
                       "lemmatizer and dependency parser, trained from scratch on UD English EWT "
                       "by newswatch's include/model/parser/train.py",
        "license": "CC BY-SA 4.0",
        "author": "newswatch (model); treebank: Stanford University / UD English EWT contributors",
        "url": "",
        "email": "",
        "sources": [{
            "name": "Universal Dependencies English Web Treebank " + treebank_version(treebank),
            "url": "https://github.com/UniversalDependencies/UD_English-EWT",
            "license": "CC BY-SA 4.0",
            "author": "Silveira et al. 2014; UD English EWT contributors",
        }],
    })
    srsly.write_json(meta_path, meta)
    lic = treebank / "LICENSE.txt"
    if lic.exists():
        shutil.copyfile(lic, output / "LICENSE")
    (output / "ATTRIBUTION.md").write_text(ATTRIBUTION.format(
        spacy_version=spacy.__version__, treebank_version=treebank_version(treebank)), encoding="utf-8")
    srsly.write_json(output / "scores.json", scores)
    log(f"packaged {model} -> {output} ({folder_size(output) / 1e6:.1f} MB)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--treebank", type=Path, default=DEFAULT_TREEBANK,
                    help="folder with en_ewt-ud-{train,dev,test}.conllu (default: %(default)s)")
    ap.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR,
                    help="corpus, training output and logs (default: %(default)s)")
    ap.add_argument("--output", type=Path, default=None,
                    help=f"where the packaged model goes (default: {DEFAULT_OUTPUT}; --quick: none)")
    ap.add_argument("--config", type=Path, default=HERE / "config.cfg")
    ap.add_argument("--max-steps", type=int, default=None, help="override training.max_steps")
    ap.add_argument("--eval-frequency", type=int, default=None, help="override training.eval_frequency")
    ap.add_argument("--quick", action="store_true",
                    help="smoke run: 300 steps, evaluate every 100, do not package unless --output")
    ap.add_argument("--threads", type=int, default=1, help="BLAS/OpenMP threads (default: 1)")
    ap.add_argument("--skip-train", action="store_true", help="evaluate and package an existing model-best")
    ap.add_argument("--scores", type=Path, default=None,
                    help="also write scores.json here (default: beside this script on a full run)")
    args = ap.parse_args(argv)

    if args.quick:
        args.max_steps = args.max_steps or 300
        args.eval_frequency = args.eval_frequency or 100
    output = args.output or (None if args.quick else DEFAULT_OUTPUT)
    scores_copy = args.scores or (None if args.quick else HERE / "scores.json")
    env = single_thread_env(args.threads)
    for var in THREAD_VARS:  # this process evaluates too
        os.environ[var] = env[var]

    workdir = args.workdir.resolve()
    corpus = workdir / "corpus"
    training = workdir / "training"
    t_start = time.time()
    convert(args.treebank, corpus, env)
    if not args.skip_train:
        if training.exists():
            shutil.rmtree(training)
        train(args.config, corpus, training, args.max_steps, args.eval_frequency, env)
    t_trained = time.time()
    best = training / "model-best"

    import spacy
    import thinc

    scores = {
        "model": "newswatch_parser (include/newswatch/data/parser)",
        "treebank": "UD English EWT " + treebank_version(args.treebank),
        "metrics": SCORE_KEYS,
        "settings": {
            "running_text": "10 gold sentences a doc, raw text tokenized by the model's tokenizer, "
                            "sentence boundaries predicted by the parser (spaCy's default evaluation)",
            "gold_tokens": "gold tokenization and gold sentences (spaCy's gold_preproc: one sentence a doc)",
            "one_sentence_per_doc": "each gold sentence its own doc, raw text tokenized by the model "
                                    "(how newswatch calls it: sentences it has split itself)",
            "one_sentence_kept_whole": "as one_sentence_per_doc, with is_sent_start preset (True on the "
                                       "first token, False on the others) so the parser cannot split it",
        },
        **evaluate(best, corpus),
        "training": {
            "config": str(args.config.name),
            "max_steps_override": args.max_steps,
            "wall_seconds": previous_wall_seconds(workdir) if args.skip_train else round(t_trained - t_start),
            "threads": args.threads,
            "spacy": spacy.__version__,
            "thinc": thinc.__version__,
            "python": platform.python_version(),
            "model_bytes": folder_size(best),
            "model_sha256": file_digest(best),
        },
    }
    meta = json.loads((best / "meta.json").read_text())
    perf = meta.get("performance", {})
    scores["training"]["best_dev_during_training"] = {
        k: round(100 * perf[k], 2) for k in SCORE_KEYS if isinstance(perf.get(k), float)}
    srsly_dump = json.dumps(scores, indent=2) + "\n"
    (workdir / "scores.json").write_text(srsly_dump)
    if scores_copy:
        scores_copy.write_text(srsly_dump)
    if output:
        package(best, output, args.treebank, scores)
    log(f"done in {time.time() - t_start:.0f} s; scores in {workdir / 'scores.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
