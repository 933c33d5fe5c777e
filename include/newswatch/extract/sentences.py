"""Sentence splitting and tokenization that keep character offsets into the article text.

Every later step points back at the article through these offsets, so nothing here rewrites text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

# Abbreviations whose period never ends a sentence (titles, initials of months, "No. 2").
_NEVER_FINAL = frozenset(
    """mr mrs ms dr gen lt col maj capt cpt sgt adm gov sen rep rev st prof fr hon pres sec amb
    cmdr brig cdr jan feb mar apr jun jul aug sep sept oct nov dec no nos vs e.g i.e approx est
    fig dept mt ft""".split()
)
# Abbreviations that may end a sentence: split after them only if a typical sentence opener follows.
_MAYBE_FINAL = frozenset("u.s u.k u.n e.u d.c inc corp co ltd jr sr etc a.m p.m d.p.r.k r.o.k".split())
_OPENERS = frozenset(
    """the a an it he she they we i but and in on this that these those there however meanwhile
    his her their its our after before while when as at for last earlier later since some many""".split()
)

_BREAK = re.compile(r"""[.!?]+['"”’)\]]*(?=\s)|\n\s*\n""")
# "U.S.", "U.N.", "D.P.R.K.": an abbreviation of single letters keeps its last full stop (as the treebank
# the parser learnt from writes it); a lone "." inside a sentence would end it for the parser and for
# the phrase patterns alike
# "4,000 troops" is one number, not "4" "," "000" (a comma would cut the clause and the phrase)
# "cannot" is "can" + "not", as the treebank writes it (one unknown word, the parser made it a noun)
_TOKEN = re.compile(r"(?<![\w,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,])|(?:[A-Za-z]\.){2,}(?!\w)|\w+(?=n['’]t\b)|n['’]t\b|(?<!\w)[Cc]an(?=not\b)|\w+(?:[-.]\w+)*|['’]s\b|['’]ll\b|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


class Token(NamedTuple):  # a tuple: a sentence makes dozens, and tuples are the cheapest to build
    text: str  # as written
    low: str  # lower-cased, curly apostrophes straightened
    start: int  # offsets into the article text
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; ``text[s.start:s.end] == s.text`` for every sentence."""
    sentences: list[Sentence] = []
    begin = 0
    for m in _BREAK.finditer(text):
        if m.group().startswith(".") and not _is_sentence_end(text, m.start(), m.end()):
            continue
        _append(sentences, text, begin, m.end())
        begin = m.end()
    _append(sentences, text, begin, len(text))
    return sentences


@lru_cache(maxsize=1024)
def article_sentences(text: str) -> tuple[Sentence, ...]:
    """``split_sentences``, once per text: the layout walks an article's sentences and the event
    dating looks up the sentence before an event's, after a whole batch of articles (up to a few
    hundred texts, headlines included) has been laid out: the cache holds a batch's worth.
    Splitting twice cost 5 % of the coder's time on the benchmark corpus."""
    return tuple(split_sentences(text))


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        out.append(Sentence(start, end, text[start:end]))


_WORD_BEFORE = re.compile(r"([\w.]+)$")
_WORD_AFTER = re.compile(r"\s*['\"“‘(]*(\w+)")
_INITIALS = re.compile(r"(?:\w\.)+\w")


def _is_sentence_end(text: str, dot: int, after: int) -> bool:
    word = _WORD_BEFORE.search(text, max(0, dot - 20), dot)
    following = _WORD_AFTER.match(text, after)  # at the offset: no copy of the rest of the article
    if following is None:
        return True
    nxt = following.group(1)
    if not (nxt[0].isupper() or nxt[0].isdigit()):
        return False  # "the U.S. military", "Sept. 13": a lower-case word continues the sentence
    if word is None:
        return True
    prev = word.group(1).lower().rstrip(".")
    if prev in _NEVER_FINAL or (len(prev) == 1 and prev.isalpha()):
        return False  # "Gen. Kim", "J. Smith"
    if prev in _MAYBE_FINAL or _INITIALS.fullmatch(prev):
        return nxt.lower() in _OPENERS
    return True


# Token(...) goes through the named tuple's Python-level __new__; tuple.__new__ builds the same tuple
# directly, a quarter of the tokenizer's time (it makes every token of every sentence with a name)
_new_tuple = tuple.__new__


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Word and punctuation tokens of ``text[start:end]`` with article offsets."""
    end = len(text) if end is None else end
    return [
        _new_tuple(Token, (word, word.lower().replace("’", "'"), m.start(), m.end()))
        for m in _TOKEN.finditer(text, start, end)
        for word in (m.group(),)
    ]
