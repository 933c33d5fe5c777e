"""The evidence sentence in its article: the text around it, cut at word boundaries, with the
sentence itself set apart so the page can highlight it.

Mentions keep the sentence and its character offsets into the text the extractor saw (recorded in
ArticleDiscovered). When the offsets no longer point at the sentence (a text recorded differently
by an older version), the sentence is shown alone rather than a wrong passage highlighted.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTEXT_CHARS = 280


@dataclass(frozen=True, slots=True)
class InContext:
    before: str  # text leading up to the sentence ("…" first when cut)
    sentence: str
    after: str
    located: bool  # the offsets matched the sentence in the article's text


def _normal(text: str) -> str:
    return " ".join(text.split())


def in_context(text: str | None, sentence: str, start: int, end: int, *, chars: int = CONTEXT_CHARS) -> InContext:
    if not text or not 0 <= start < end <= len(text) or _normal(text[start:end]) != _normal(sentence):
        return InContext("", sentence, "", located=False)
    lo = max(0, start - chars)
    if lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space != -1 else lo
    hi = min(len(text), end + chars)
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space != -1 else hi
    before = ("… " if lo > 0 else "") + text[lo:start]
    after = text[end:hi] + (" …" if hi < len(text) else "")
    return InContext(before, text[start:end], after, located=True)
