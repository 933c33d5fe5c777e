"""Precision and coverage of the cross-sentence pronoun resolver (extract/pronouns.py) against gold
coreference: MEANTIME (NAF-like XML: ENTITY_MENTION + REFERS_TO) and ECB+ (markables +
CROSS_DOC_COREF / INTRA_DOC_COREF).

    python bench/eval_pronouns.py PATH [PATH ...] [--show N]

Each PATH is a corpus folder (searched recursively for *.xml). A document's text is rebuilt from its
tokens, one gold sentence per sentence (the first, a title or a URL, a paragraph of its own), and the
resolver runs over it with the article's gazetteer mentions, as the coder's layout does.

  precision  resolved pronouns whose antecedent (as written: the name, or the pronoun a chain
             started from) overlaps a gold mention of the pronoun's own chain / resolved pronouns
             that carry a gold chain (a pronoun the corpus leaves unannotated is not scored)
  coverage   resolved / subject pronouns ("it", "its", "their", "his" at a clause opening; "he",
             "she", "they" anywhere)
             whose gold chain has a mention in the two sentences before that overlaps a party
             mention the gazetteer finds there (those our names could resolve at all); and the
             same among the pronouns that open their sentence (the only ones the resolver reads)

With --gold-names the resolver is given the corpus's own named mentions (a capitalised gold mention
of a person, organisation or geo-political entity, its chain as its code) instead of the
gazetteer's: the gazetteer names few of these corpora's companies and people, and this measures the
resolver's rules (subject position, agreement, ambiguity) on many more pronouns. With --list every
resolution is printed with the sentence before it, for judging by eye (TimeML news, *.tml, too).
"""

from __future__ import annotations

import argparse
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python bench/eval_pronouns.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "include"))

from newswatch.extract.gazetteer import Mention  # noqa: E402
from newswatch.extract.layout import compiled_coder  # noqa: E402
from newswatch.extract.pronouns import Resolver  # noqa: E402
from newswatch.extract.sentences import Sentence, article_sentences  # noqa: E402

_PRONOUNS = frozenset(["it", "he", "she", "they", "its", "their", "his"])
_POSSESSIVES = frozenset(["its", "their", "his"])
_IT_OPENERS = frozenset(', ; : " “ ” that and but said says while as when after because since if'.split())
_NO_SPACE_BEFORE = frozenset(", . ; : ! ? ) ] 's ’s n't % ''".split())
_NO_SPACE_AFTER = frozenset("( [ $ ``".split())
_PARTY_KINDS = frozenset(["state", "demonym", "seat", "person", "org", "composite", "capital"])


_KINDS = {"PER": "person", "ORG": "org", "GPE": "state", "FIN": "org"}


def read_plain(path: Path) -> str:
    """A TimeML document's text (TimeBank, AQUAINT: no coreference, for --list only)."""
    raw = path.read_text(encoding="utf-8")
    m = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    return re.sub(r"<[^>]+>", "", m.group(1) if m else raw)


def list_resolutions(paths: list[Path]) -> int:
    """Print every resolution with the sentence before, for judging by eye; the number printed."""
    coder = compiled_coder()
    n = 0
    for path in paths:
        if path.suffix == ".tml":
            text = read_plain(path)
            sentences = list(article_sentences(text))
        else:
            tokens, *_ = read_document(path)
            text, sentences, _ = rebuild(tokens)
        found = coder.gazetteer.find(text)
        resolver = Resolver(text, found, [m.start for m in found])
        for k, sentence in enumerate(sentences):
            m = resolver.step(sentence)
            if m is not None:
                n += 1
                ante = resolver.antecedent
                print(f"{n}. {path.name}: {text[m.start:m.end]!r} -> {ante.text!r} ({ante.code} {ante.sector or ''})")
                print("   " + " ".join(sentences[k - 1].text.split())[:240])
                print("   > " + " ".join(sentence.text.split())[:240])
    return n


def read_document(path: Path) -> tuple[list[tuple[int, str]], dict[str, list[int]], dict[str, str], dict[str, str]]:
    """Tokens (sentence number, word) by t_id order, each mention's token ids, each mention's chain,
    each mention's entity kind where the corpus gives one (person, org, state)."""
    root = ET.parse(path).getroot()
    tokens: list[tuple[int, str]] = []
    index: dict[str, int] = {}
    for t in root.iter("token"):
        index[t.get("t_id")] = len(tokens)
        tokens.append((int(t.get("sentence")), t.text or ""))
    mentions: dict[str, list[int]] = {}
    markables = root.find("Markables")
    holders = list(markables) if markables is not None else list(root.iter("ENTITY_MENTION"))
    kinds: dict[str, str] = {}
    for m in holders:
        if m.tag.startswith("HUMAN_PART_") and m.tag[11:] in _KINDS:
            kinds[m.get("m_id")] = _KINDS[m.tag[11:]]
        anchors = [index[a.get("t_id")] for a in m.findall("token_anchor") if a.get("t_id") in index]
        if anchors:
            mentions[m.get("m_id")] = anchors
    entity_kind = {e.get("m_id"): _KINDS[e.get("ent_type")] for e in root.iter("ENTITY")
                   if e.get("ent_type") in _KINDS}
    chain: dict[str, str] = {}
    for tag in ("REFERS_TO", "CROSS_DOC_COREF", "INTRA_DOC_COREF"):
        for rel in root.iter(tag):
            target = rel.find("target")
            if target is None:
                continue
            cid = f"{tag}:{rel.get('note') or target.get('m_id')}"
            for src in rel.findall("source"):
                chain[src.get("m_id")] = cid
                if target.get("m_id") in entity_kind:
                    kinds[src.get("m_id")] = entity_kind[target.get("m_id")]
    return tokens, mentions, chain, kinds


def rebuild(tokens: list[tuple[int, str]]) -> tuple[str, list[Sentence], list[tuple[int, int]]]:
    """The text, its gold sentences and each token's offsets."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    sentences: list[Sentence] = []
    pos = 0
    current, begin = None, 0
    for n, (sent, word) in enumerate(tokens):
        if sent != current:
            if current is not None:
                sentences.append(Sentence(begin, pos, "".join(parts)[begin:pos]))
                sep = "\n\n" if len(sentences) == 1 else " "
                parts.append(sep)
                pos += len(sep)
            current, begin = sent, pos
        elif n and word not in _NO_SPACE_BEFORE and tokens[n - 1][1] not in _NO_SPACE_AFTER:
            parts.append(" ")
            pos += 1
        offsets.append((pos, pos + len(word)))
        parts.append(word)
        pos += len(word)
    text = "".join(parts)
    if current is not None:
        sentences.append(Sentence(begin, pos, text[begin:pos]))
    return text, sentences, offsets


def gold_names(text: str, offsets, mentions, chain, kinds) -> list[Mention]:
    """The corpus's named mentions as the resolver's mentions: capitalised, of a kind it knows."""
    out = []
    for mid, toks in mentions.items():
        if mid not in kinds or len(toks) != max(toks) - min(toks) + 1:
            continue
        a, b = offsets[min(toks)][0], offsets[max(toks)][1]
        words = text[a:b].split()
        if not words or not any(w[:1].isupper() for w in words) or words[0].lower() in _PRONOUNS | {"i", "we"}:
            continue
        if words[0] in ("The", "A", "An"):  # "The company": a description, not a name
            if not any(w[:1].isupper() for w in words[1:]):
                continue
            a += len(words[0]) + 1
        out.append(Mention(a, b, text[a:b], chain.get(mid, mid), None, kinds[mid]))
    out.sort(key=lambda m: m.start)
    keep: list[Mention] = []
    for m in out:  # nested gold mentions: the outer one
        if keep and m.start < keep[-1].end:
            continue
        keep.append(m)
    return keep


def evaluate(paths: list[Path], show: int = 0, use_gold_names: bool = False,
             misses: list[str] | None = None) -> Counter:
    coder = compiled_coder()
    counts: Counter = Counter()
    shown = 0
    for path in paths:
        tokens, mentions, chain, kinds = read_document(path)
        if not tokens:
            continue
        text, sentences, offsets = rebuild(tokens)
        found = gold_names(text, offsets, mentions, chain, kinds) if use_gold_names else coder.gazetteer.find(text)
        parties = [m for m in found if m.code is not None and m.kind in _PARTY_KINDS]
        starts = [m.start for m in found]
        token_chains: dict[int, set[str]] = defaultdict(set)
        chain_tokens: dict[str, set[int]] = defaultdict(set)
        exact: dict[int, str] = {}  # a one-token mention's chain (a pronoun's own)
        for mid, toks in mentions.items():
            if mid in chain:
                for t in toks:
                    token_chains[t].add(chain[mid])
                chain_tokens[chain[mid]].update(toks)
                if len(toks) == 1:
                    exact[toks[0]] = chain[mid]
        sentence_of = [s for s, _ in tokens]
        first_token: dict[int, int] = {}
        for n, s in enumerate(sentence_of):
            first_token.setdefault(s, n)
        # which token each character offset belongs to (for mapping mentions to gold tokens)
        def tokens_in(a: int, b: int, offsets=offsets) -> set[int]:
            return {n for n, (s, e) in enumerate(offsets) if s < b and a < e}

        resolver = Resolver(text, found, starts)
        resolved: dict[int, tuple] = {}
        for sentence in sentences:
            m = resolver.step(sentence)
            if m is not None:
                pron = min(tokens_in(m.start, m.end))
                resolved[pron] = (m, resolver.antecedent)
        sent_numbers = sorted(set(sentence_of))
        for n, (sent, word) in enumerate(tokens):
            low = word.lower()
            if low not in _PRONOUNS:
                continue
            prev_word = tokens[n - 1][1].lower() if n and sentence_of[n - 1] == sent else ""
            subject = (low not in _POSSESSIVES and low != "it") or prev_word in _IT_OPENERS or prev_word == ""
            cid = exact.get(n)
            if n in resolved:
                m, ante = resolved[n]
                counts[f"resolved {low}"] += 1
                if cid is None:
                    counts["resolved, unscored (no gold chain)"] += 1
                    continue
                counts["resolved, scored"] += 1
                ok = bool(tokens_in(ante.start, ante.end) & chain_tokens[cid])
                counts["correct" if ok else "wrong"] += 1
                counts[f"{'correct' if ok else 'wrong'} {low}"] += 1
                if not ok and shown < show:
                    shown += 1
                    here = sent_numbers.index(sent)
                    prev = sentences[here - 1].text if here else ""
                    print(f"WRONG {path.name}: [{ante.text}] <- {word!r}\n   {prev}\n   {sentences[here].text}\n")
            if not subject or cid is None:
                continue
            # a gold antecedent in the two sentences before that the gazetteer names as a party
            here = sent_numbers.index(sent)
            window = sentences[max(0, here - 2) : here]
            if not window:
                continue
            lo, hi = window[0].start, window[-1].end
            nameable = any(lo <= p.start and p.end <= hi and tokens_in(p.start, p.end) & chain_tokens[cid]
                           for p in parties)
            if nameable:
                counts["subject pronouns with a nameable antecedent"] += 1
                if n == first_token[sent]:
                    counts["  opening their sentence"] += 1
                    counts["  opening their sentence, resolved"] += n in resolved
                if n in resolved:
                    counts["of which resolved"] += 1
                elif misses is not None and len(misses) < 400:
                    misses.append(f"MISS {path.name}: {word!r}\n   " + "\n   ".join(s.text for s in window)
                                  + f"\n   > {sentences[here].text}\n")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--show", type=int, default=0, help="print up to N wrong resolutions")
    parser.add_argument("--gold-names", action="store_true", help="the corpus's named mentions, not the gazetteer's")
    parser.add_argument("--list", action="store_true",
                        help="only list every resolution for judging by eye (also TimeML *.tml, which has no gold)")
    args = parser.parse_args(argv)
    for root in args.paths:
        if args.list:
            files = sorted([*root.rglob("*.xml"), *root.rglob("*.tml")]) if root.is_dir() else [root]
            print(f"{root}: {list_resolutions(files)} resolutions in {len(files)} documents")
            continue
        files = sorted(root.rglob("*.xml")) if root.is_dir() else [root]
        counts = evaluate(files, args.show, args.gold_names)
        scored = counts["resolved, scored"]
        total = counts["subject pronouns with a nameable antecedent"]
        print(f"{root}: {len(files)} documents{' (gold names)' if args.gold_names else ''}")
        for key in sorted(counts):
            print(f"  {key:48s} {counts[key]}")
        precision = counts["correct"] / scored if scored else float("nan")
        coverage = counts["of which resolved"] / total if total else float("nan")
        opening = counts["  opening their sentence"]
        print(f"  precision {precision:.3f} ({counts['correct']}/{scored})   "
              f"coverage {coverage:.3f} ({counts['of which resolved']}/{total}); of the pronouns opening "
              f"their sentence {counts['  opening their sentence, resolved'] / opening if opening else float('nan'):.3f} "
              f"({counts['  opening their sentence, resolved']}/{opening})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
