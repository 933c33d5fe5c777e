"""Train the coder's event-type classifier on the project's labelled corpus, seeded and reproducible.

    python include/model/classifier/train.py [--corpus include/model/corpus] \
        [--output include/newswatch/data/classifier] [--seed 13] [--C 0.5] [--precision 0.93]

Every corpus sentence is laid out exactly as the coder lays it out (newswatch.extract.layout), and
every question the classifier is asked there (each pair of names, each actor alone) gets its label
from the corpus items of that sentence: TYPE> (the earlier name is the source), TYPE< (the later
one), TYPE- (a one-sided event of that actor), or NONE (no event between them: pairs no item labels,
negatives and distractors). A multinomial logistic regression (scikit-learn, lbfgs, L2) is fitted on
the train split over binary features seen at least twice. On the dev split the script prints
accuracy, a reliability table (calibration) and, on the questions the patterns leave silent, the
precision and recall of the proposals at each threshold. The threshold it ships is the lowest whose
precision reaches --precision on the silent questions of the dev split together with the train
split's, each of those predicted by a model fitted without its sentence (5 folds by sentence): the
dev split alone holds ~150 proposals, where one question moves precision by 0.6 points and the
chosen threshold swung between 0.6 and 0.7 with coder changes that moved no figure. Outputs: model.json + weights.npz in --output (package data) and
scores.json beside this file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "include"))

from newswatch.extract import classifier  # noqa: E402
from newswatch.extract.coder import rule_events  # noqa: E402
from newswatch.extract.layout import layouts  # noqa: E402

NAME, VERSION = "eventtype", "1.0.0"
PUBLISHED = dt.date(2024, 6, 15)
THRESHOLDS = [round(0.30 + 0.05 * k, 2) for k in range(14)]
FOLDS = 5


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def label(a, b, items: list[dict]) -> str:
    """The label of the question (a, b) from the sentence's items (b is None: a alone)."""
    ca = a.mention.code
    for it in items:
        src = it["source"]["code"]
        tgt = it["target"]["code"] if it.get("target") else None
        kind = it.get("event_type")
        if b is None:
            if kind and tgt is None and src == ca:
                return f"{kind}-"
            continue
        cb = b.mention.code
        if {ca, cb} == {src, tgt}:
            return f"{kind}{'>' if src == ca else '<'}" if kind else classifier.NONE
    return classifier.NONE


def questions(items: list[dict], with_rules: bool) -> tuple[list[list[str]], list[str], list[bool], list[int]]:
    """Features, labels, (with_rules) whether the patterns already code an event on the question, and
    the question's fold (by its sentence, from a hash of the text: stable when items are added)."""
    by_text: dict[str, list[dict]] = {}
    for it in items:
        by_text.setdefault(it["text"], []).append(it)
    X, y, ruled, folds = [], [], [], []
    for text, its in sorted(by_text.items()):
        fold = int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % FOLDS
        coded = rule_events(text, PUBLISHED) if with_rules else []
        pairs = {frozenset((e.actor1_code, e.actor2_code)) for e in coded}
        singles = {e.actor1_code for e in coded}
        for lay in layouts(text):
            for a, b, feats in classifier.instances(lay.parsed, lay.triggers):
                X.append(feats)
                y.append(label(a, b, its))
                ruled.append(a.mention.code in singles if b is None else
                             frozenset((a.mention.code, b.mention.code)) in pairs)
                folds.append(fold)
    return X, y, ruled, folds


def matrix(X: list[list[str]], index: dict[str, int]):
    from scipy.sparse import csr_matrix

    rows, cols = [], []
    for r, feats in enumerate(X):
        for c in sorted({index[f] for f in feats if f in index}):
            rows.append(r)
            cols.append(c)
    return csr_matrix((np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(len(X), len(index)))


def reliability(probs: np.ndarray, right: np.ndarray, bins: int = 10) -> list[dict]:
    conf = probs.max(axis=1)
    table = []
    for k in range(bins):
        lo, hi = k / bins, (k + 1) / bins
        sel = (conf >= lo) & ((conf < hi) if k < bins - 1 else (conf <= hi))
        if sel.any():
            table.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": int(sel.sum()), "confidence": round(float(conf[sel].mean()), 3),
                          "accuracy": round(float(right[sel].mean()), 3)})
    return table


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "include" / "model" / "corpus")
    ap.add_argument("--output", type=Path, default=ROOT / "include" / "newswatch" / "data" / "classifier")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--C", type=float, default=0.5, help="inverse L2 strength")
    # 0.93: the precision the shipped threshold (0.6) turned out to have once measured on five times
    # the questions (dev alone said 0.95); a topic that wants surer events sets min_confidence
    ap.add_argument("--precision", type=float, default=0.93,
                    help="precision the threshold must reach on the rule-silent dev and out-of-fold train questions")
    args = ap.parse_args(argv)
    from sklearn.linear_model import LogisticRegression

    train_items, dev_items = load(args.corpus / "train.jsonl"), load(args.corpus / "dev.jsonl")
    X_train, y_train, ruled_train, folds_train = questions(train_items, with_rules=True)
    X_dev, y_dev, ruled_dev, _ = questions(dev_items, with_rules=True)
    counts = Counter(f for feats in X_train for f in set(feats))
    features = sorted(f for f, n in counts.items() if n >= 2)
    index = {f: k for k, f in enumerate(features)}
    A_train = matrix(X_train, index)
    fit = LogisticRegression(C=args.C, max_iter=5000, random_state=args.seed)
    fit.fit(A_train, y_train)
    classes = [str(c) for c in fit.classes_]
    probs = fit.predict_proba(matrix(X_dev, index))
    predicted = np.array([classes[k] for k in probs.argmax(axis=1)])
    gold = np.array(y_dev)
    right = predicted == gold
    # the train split's questions, each predicted by a model that never saw its sentence
    folds = np.array(folds_train)
    oof_pred = np.empty(len(y_train), dtype=object)
    oof_conf = np.zeros(len(y_train))
    for k in range(FOLDS):
        held = folds == k
        part = LogisticRegression(C=args.C, max_iter=5000, random_state=args.seed)
        part.fit(A_train[~held], np.array(y_train)[~held])
        p = part.predict_proba(A_train[held])
        oof_pred[held] = part.classes_[p.argmax(axis=1)]
        oof_conf[held] = p.max(axis=1)
    dev_sweep = _sweep(predicted, probs.max(axis=1), gold, ~np.array(ruled_dev))
    sweep = _sweep(np.concatenate([predicted, oof_pred.astype(str)]), np.concatenate([probs.max(axis=1), oof_conf]),
                   np.concatenate([gold, np.array(y_train)]), ~np.array(ruled_dev + ruled_train))
    threshold = next((row["threshold"] for row in sweep if row["precision"] >= args.precision), THRESHOLDS[-1])
    digest = hashlib.sha256()
    for name in ("train.jsonl", "dev.jsonl"):
        digest.update((args.corpus / name).read_bytes())
    scores = {
        "model": f"{NAME}-{VERSION}", "seed": args.seed, "C": args.C, "features": len(features),
        "classes": len(classes), "train_questions": len(y_train), "dev_questions": len(y_dev),
        "corpus_sha256": digest.hexdigest(),
        "dev_accuracy": round(float(right.mean()), 3),
        "dev_accuracy_on_events": round(float(right[gold != classifier.NONE].mean()), 3),
        "threshold": threshold, "threshold_sweep_on_rule_silent_questions": sweep,
        "threshold_sweep_on_rule_silent_dev_questions": dev_sweep,
        "reliability_dev": reliability(probs, right),
    }
    meta = {
        "name": NAME, "version": VERSION, "classes": classes, "threshold": threshold, "features": features,
        "trained_on": "include/model/corpus train split (sentences written for this project; MIT, as the project)",
        "corpus_sha256": digest.hexdigest(), "seed": args.seed, "C": args.C,
        "recipe": "include/model/classifier/train.py",
    }
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "model.json").write_text(json.dumps(meta, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    np.savez_compressed(args.output / "weights.npz", coef=fit.coef_.T.astype(np.float32),
                        intercept=fit.intercept_.astype(np.float32))
    (Path(__file__).parent / "scores.json").write_text(json.dumps(scores, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in scores.items() if not k.startswith("threshold_sweep")}, indent=1))
    print("rule-silent questions, dev and out-of-fold train (the threshold is chosen here):")
    for row in sweep:
        print(row)
    print("rule-silent questions, dev only:")
    for row in dev_sweep:
        print(row)
    return 0


def _sweep(predicted: np.ndarray, conf: np.ndarray, gold: np.ndarray, silent: np.ndarray) -> list[dict]:
    """Precision and recall of the proposals on the questions the rules leave silent, per threshold."""
    right = predicted == gold
    events = silent & (gold != classifier.NONE)
    rows = []
    for t in THRESHOLDS:
        proposed = silent & (predicted != classifier.NONE) & (conf >= t)
        good = proposed & right
        rows.append({"threshold": t, "proposed": int(proposed.sum()),
                     "precision": round(float(good.sum() / max(proposed.sum(), 1)), 3),
                     "recall_of_silent_events": round(float(good.sum() / max(events.sum(), 1)), 3)})
    return rows


if __name__ == "__main__":
    sys.exit(main())
