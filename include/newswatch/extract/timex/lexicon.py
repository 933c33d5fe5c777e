"""The tagger's lexicon (``data/extract/timex.yaml``), read once into lookup tables by word."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PLURAL_UNITS = frozenset(["seconds", "minutes", "mins", "hours", "hrs", "days", "weeks", "weekends", "months",
                          "quarters", "years", "decades", "centuries", "millennia"])


@dataclass(frozen=True, slots=True)
class Lexicon:
    months: dict[str, int]
    ambiguous_months: frozenset[str]
    weekdays: dict[str, int]
    dotted_weekdays: frozenset[str]
    abbreviations: frozenset[str]
    seasons: dict[str, str]
    weak_seasons: frozenset[str]
    parts_of_day: dict[str, str]
    clock_words: dict[str, str]
    day_words: dict[str, tuple[int, str | None]]
    units: dict[str, tuple[str, bool]]  # word -> (TimeML letter, is a time unit)
    vague_plurals: frozenset[str]
    numbers: dict[str, float]
    vague_quantities: frozenset[str]
    ordinals: dict[str, int]
    decade_words: dict[str, int]
    deictic: dict[str, int]
    anaphoric: frozenset[str]
    latest: frozenset[str]
    position_modifiers: dict[str, str]
    approximators: dict[str, str | None]
    inner_adjectives: frozenset[str]
    relative_after: dict[str, int]
    fiscal: frozenset[str]
    holidays: dict[str, Any]
    set_words: frozenset[str]
    frequency_adverbs: dict[str, str]
    rate_cues: frozenset[str]
    vague_references: dict[str, str]
    vague_adjectives: dict[str, str | None]
    vague_unit_adjectives: dict[str, str]
    count_nouns: frozenset[str]
    count_cues: frozenset[str]
    future_cues: frozenset[str]
    future_bigrams: frozenset[str]  # the multi-word ones ("plans to", "is scheduled")
    past_cues: frozenset[str]
    not_past: frozenset[str]
    phrases: dict[str, tuple[tuple[str, ...], ...]]  # first word -> multi-word entries, longest first
    known_words: frozenset[str]  # every word the tokenizer keeps as a token of its own


# Words the grammar reads that are in no lexicon class: determiners, prepositions, units' kin.
_FUNCTION_WORDS = ("a", "an", "the", "of", "and", "to", "through", "thru", "'s", "second", "quarter", "quarters",
                   "half", "period", "periods", "future", "ago", "hence", "ahead", "in", "on", "at", "since",
                   "during", "by", "until", "till", "before", "after", "from", "throughout", "for", "within",
                   "into", "between", "as", "past", "utc", "gmt", "z", "est", "edt", "cst", "cdt", "mst", "mdt",
                   "pst", "pdt", "et", "bst", "cet", "cest", "jst", "kst", "same", "that", "those", "term", "terms")

# Parts of the day whose plural names a recurring time ("Friday evenings").
_RECURRING_PARTS = ("morning", "afternoon", "evening", "night")

# Classes whose multi-word entries are joined into one token (the others are parsed word by word).
_JOINED = ("numbers", "vague_quantities", "approximators", "relative_after", "holidays", "vague_references",
           "latest")


def split_words(phrase: str) -> tuple[str, ...]:
    """A lexicon phrase as the tokenizer splits text: words, and "'s" on its own."""
    out: list[str] = []
    for word in phrase.lower().split():
        if word.endswith("'s") and len(word) > 2:
            out.extend([word[:-2], "'s"])
        else:
            out.append(word)
    return tuple(out)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    text = (resources.files("newswatch") / "data" / "extract" / "timex.yaml").read_text(encoding="utf-8")
    d = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    low = lambda xs: frozenset(str(x).lower() for x in xs)  # noqa: E731
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for key in _JOINED:
        entries = d[key]
        for entry in (entries if isinstance(entries, list) else entries.keys()):
            words = split_words(str(entry))
            if len(words) > 1:
                phrases.setdefault(words[0], []).append(words)
    known: set[str] = set(_FUNCTION_WORDS)
    for key, entries in d.items():
        if key in ("count_nouns", "future_cues", "past_cues", "not_past"):
            continue  # read as the first or last word of a run, or by the tense reader from the text
        for entry in (entries if isinstance(entries, list) else entries.keys()):
            known.update(split_words(str(entry)))
    for words in (w for options in phrases.values() for w in options):
        known.update(words)
    # "on Mondays", "Tuesday nights": recurring days and parts of the day (tokens.py, SETs)
    known.update(str(k) + "s" for k in d["weekdays"] if len(str(k)) > 5)
    known.update(str(k) + "s" for k in d["parts_of_day"] if str(k) in _RECURRING_PARTS)
    return Lexicon(
        months={str(k): int(v) for k, v in d["months"].items()},
        ambiguous_months=low(d["ambiguous_months"]),
        weekdays={str(k): int(v) for k, v in d["weekdays"].items()},
        dotted_weekdays=low(d["dotted_weekdays"]),
        abbreviations=low(d["abbreviations"]),
        seasons=dict(d["seasons"]),
        weak_seasons=low(d["weak_seasons"]),
        parts_of_day=dict(d["parts_of_day"]),
        clock_words={str(k): str(v) for k, v in d["clock_words"].items()},
        day_words={str(k): (int(v[0]), v[1]) for k, v in d["day_words"].items()},
        units={str(k): (str(v[0]), v[1] == "time") for k, v in d["units"].items()},
        vague_plurals=low(d["vague_plurals"]),
        numbers={" ".join(split_words(str(k))): float(v) for k, v in d["numbers"].items()},
        vague_quantities=frozenset(" ".join(split_words(str(x))) for x in d["vague_quantities"]),
        ordinals={str(k): int(v) for k, v in d["ordinals"].items()},
        decade_words={str(k): int(v) for k, v in d["decade_words"].items()},
        deictic={str(k): int(v) for k, v in d["deictic"].items()},
        anaphoric=low(d["anaphoric"]),
        latest=frozenset(" ".join(split_words(str(x))) for x in d["latest"]),
        position_modifiers=dict(d["position_modifiers"]),
        approximators={" ".join(split_words(str(k))): v for k, v in d["approximators"].items()},
        inner_adjectives=low(d["inner_adjectives"]),
        relative_after={" ".join(split_words(str(k))): int(v) for k, v in d["relative_after"].items()},
        fiscal=low(d["fiscal"]),
        holidays={" ".join(split_words(str(k))): v for k, v in d["holidays"].items()},
        set_words=low(d["set_words"]),
        frequency_adverbs=dict(d["frequency_adverbs"]),
        rate_cues=low(d["rate_cues"]),
        vague_references={" ".join(split_words(str(k))): str(v) for k, v in d["vague_references"].items()},
        vague_adjectives=dict(d["vague_adjectives"]),
        vague_unit_adjectives=dict(d["vague_unit_adjectives"]),
        count_nouns=low(d["count_nouns"]),
        count_cues=low(d["count_cues"]),
        future_cues=frozenset(" ".join(split_words(str(x))) for x in d["future_cues"]),
        past_cues=frozenset(" ".join(split_words(str(x))) for x in d["past_cues"]),
        future_bigrams=frozenset(" ".join(split_words(str(x))) for x in d["future_cues"] if " " in str(x)),
        not_past=low(d["not_past"]),
        phrases={k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in phrases.items()},
        known_words=frozenset(known),
    )
