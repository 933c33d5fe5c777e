"""Offline language identification (py3langid: a small naive-Bayes model shipped in the wheel).

The feed's configured language is a hint: it wins when the text is too short or the model unsure,
since a headline of five words is not enough evidence to overrule the person who set up the feed.
"""

from __future__ import annotations

import threading

MIN_LETTERS = 40  # below this, identification is guesswork
MIN_CONFIDENCE = 0.8  # normalized probability of the best language
SAMPLE_CHARS = 600  # the opening of an article is enough, and keeps long bodies cheap

_lock = threading.Lock()
_identifier = None


def detect_language(text: str, hint: str | None = None) -> str | None:
    """ISO 639-1 code of `text`, or `hint` (the feed's language) when the text cannot tell."""
    sample = text[:SAMPLE_CHARS]
    # A CJK character carries about as much evidence as two Latin letters.
    # Counted over a prefix only: enough to reach the minimum when the text is long.
    letters = sum((2 if ord(ch) >= 0x2E80 else 1) for ch in sample[:MIN_LETTERS * 4] if ch.isalpha())
    if letters < MIN_LETTERS:
        return _normalize(hint)
    language, confidence = _model().classify(sample)
    if confidence < MIN_CONFIDENCE:
        return _normalize(hint)
    return language


def _normalize(hint: str | None) -> str | None:
    # Feed lists say "en", "en-GB" or "EN"; articles record the bare lower-case language.
    return hint.strip().split("-")[0].split("_")[0].lower() or None if hint else None


def _model():
    global _identifier
    with _lock:  # loading takes ~0.5 s; do it once per process, not once per thread
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier
