"""Text -> tokens, each with one class letter, so the grammar can be written as regular expressions
over a string with one character per token ("last June" -> "PM", "the past two years" -> "tPnV").

Letters (the lexicon's classes, data/extract/timex.yaml):
  I iso or numeric date   K clock time       M month        m month that is also a word ("May")
  W weekday               J holiday          S season       s season that is also a word ("fall")
  T part of the day       A today/yesterday  Y year         E decade or century ("1990s", "1800s")
  d number 1-31           N other number     n number word  a a/an        f vague quantity
  O ordinal               2 "second"         U unit         V units       Q quarter   q quarters
  H half                  P last/past        X next/coming  Z this/current  z that/those
  r latest/recent         j future           e early/late/mid   G earlier/later
  B beginning/end/middle  g ago/from now     o of           & and         h to
  ~ approximator          + inner adjective  F fiscal       v every/each  D daily/annually
  R vague reference       t the              i preposition  ' 's          , comma
  - hyphen or dash        . clause punctuation   ; other punctuation   x time zone
  k term (of office)       w weekdays ("Mondays")   l parts of the day ("nights")
  _ a run of words the lexicon does not know
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .lexicon import PLURAL_UNITS, Lexicon

# Words first: they are most tokens, and a letter fails every other branch at its first character.
# No token starts with white space: the lookahead skips it at once (instead of trying each branch).
_TOKEN = re.compile(
    r"(?=\S)(?:"
    r"(?P<word>[A-Za-z]+(?![\d]))"
    r"|(?P<clock>\d{1,2}:\d{2}(?::\d{2})?(?:\s?[apAP]\.?[mM]\b\.?)?|\d{1,2}\s?[apAP]\.[mM]\.|\d{1,2}\s?[apAP][mM]\b)"
    r"|(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d(?:T[0-2]\d:[0-5]\d)?)(?![\d-])"
    r"|(?P<slash>[01]?\d/[0-3]?\d/(?:\d\d){1,2})(?![\d/])"
    r"|(?P<frac>\d+\s1/2(?!\d))"
    r"|(?P<num>\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:st|nd|rd|th|s)?(?![A-Za-z]))"
    r"|(?P<apos>['’]\d\d(?:s\b)?)"
    r"|(?P<other>['’][sS]\b|\w+)"
    r"|(?P<punct>\S)"
    r")"
)
_CLAUSE_PUNCT = frozenset(".!?;:")
_DASHES = frozenset("-–—")
_PREPOSITIONS = frozenset(["in", "on", "at", "since", "during", "by", "until", "till", "before", "after", "from",
                           "through", "throughout", "for", "within", "into", "between", "as", "of", "past"])
_AMPM = re.compile(r"([ap])\.?\s?m\.?$", re.IGNORECASE)


@dataclass(slots=True)
class Token:
    start: int
    end: int
    low: str
    code: str
    value: Any = None
    cap: bool = False  # written with a capital (month and weekday names need one)
    tail: str = ""  # a run of unknown words ("_"): its last word ("low" is its first)

    @property
    def last_word(self) -> str:
        return self.tail or self.low


def tokenize(text: str, lex: Lexicon) -> list[Token]:
    """The tokens of ``text``; a run of words the lexicon does not know is one "_" token (its
    first word as ``low``, its last as ``tail``): most of an article, and nothing the grammar reads.

    A word or mark whose class depends on itself alone is classed as it is read (the table of
    ``_table``); the others (numbers, clock times, month and weekday names, which need their
    capital) are classed once multi-word entries are joined."""
    known = lex.known_words
    abbreviations = lex.abbreviations
    phrases = lex.phrases
    table = _table(lex)
    tokens: list[Token] = []
    append = tokens.append
    pending: list[Token] = []  # tokens classed after the joining
    starts: list[int] = []  # indices of the tokens whose word starts a multi-word entry
    numbers = False  # a number word was seen ("two"): numbers may need joining
    n = len(text)
    lowered = text.lower()
    if len(lowered) != n:  # a character whose lower case is longer: keep offsets exact
        lowered = "".join(c.lower()[0] for c in text)
    covered = 0
    gap: Token | None = None
    for m in _TOKEN.finditer(lowered):
        kind = m.lastgroup
        if kind == "word" or kind == "other":
            low = m.group()
            if low not in known:
                if "’" in low and low.replace("’", "'") in known:
                    low = low.replace("’", "'")
                elif gap is not None:
                    gap.end, gap.tail = m.end(), low
                    continue
                else:
                    gap = Token(m.start(), m.end(), low, "_", None, False, low)
                    append(gap)
                    continue
            gap = None
            start, end = m.span()
            if end < n and text[end] == "." and low in abbreviations:
                end += 1  # "Sept." keeps its dot
                low += "."
                covered = end
            if low in phrases:
                starts.append(len(tokens))
            coded = table.get(low)
            if coded is not None and coded[0] != "_":
                append(Token(start, end, low, coded[0], coded[1], text[start].isupper()))
                if coded[0] == "n":
                    numbers = True
            else:
                tok = Token(start, end, low, "", None, text[start].isupper())
                append(tok)
                pending.append(tok)
            continue
        start, end = m.span()
        if start < covered:
            continue  # the dot an abbreviation took
        gap = None
        low = m.group()
        if kind == "punct":
            coded = table.get(low)
            if coded is not None:
                append(Token(start, end, low, coded[0], coded[1]))
                continue
            tok = Token(start, end, low, "", None)
        else:
            tok = Token(start, end, low, "", kind)  # the value holds the kind until coded
        append(tok)
        pending.append(tok)
    if starts:
        pending.extend(_join_phrases(tokens, lex, starts))
    for tok in pending:  # some may have been joined away: classing them does no harm
        known_code = table.get(tok.low)
        if known_code is not None:
            tok.code, tok.value = known_code
        else:
            _code(tok, text, lex)
        if tok.code == "n":
            numbers = True
    if numbers:
        _join_numbers(tokens)
    return tokens


_TABLES: dict[int, dict[str, tuple[str, Any]]] = {}


def _table(lex: Lexicon) -> dict[str, tuple[str, Any]]:
    """The class of every known word whose class depends on the word alone (not on a capital or a
    dot: month and weekday names, holidays), computed once per lexicon."""
    table = _TABLES.get(id(lex))
    if table is None:
        table = {}
        capital = set(lex.months) | set(lex.weekdays) | set(lex.holidays)
        for word in lex.known_words | set(lex.numbers) | set(lex.approximators) | set(lex.vague_references):
            if word in capital or word.split(" ")[0] in capital or word[:-1] in lex.weekdays:  # "Mondays"
                continue
            tok = Token(0, 0, word, "", "word" if " " not in word else None)
            if " " in word:
                _code_phrase(tok, word, lex)
            else:
                tok.value = None
                _code_word(tok, word, lex)
            table[word] = (tok.code, tok.value)
        for punct in ",.-–—!?;:'\"$%()/&#":
            tok = Token(0, 0, punct, "", None)
            _code_word(tok, punct, lex)
            table[punct] = (tok.code, tok.value)
        _TABLES[id(lex)] = table
    return table


def _join_phrases(tokens: list[Token], lex: Lexicon, starts: list[int]) -> list[Token]:
    """Join multi-word lexicon entries ("more than", "a couple of", "new year's day") into one token,
    left to right, the longest entry first; ``starts``: the indices of the tokens whose word starts
    an entry (the others are not tried). Returns the joined tokens (not classed yet)."""
    phrases = lex.phrases
    joined: list[Token] = []
    removed = 0  # tokens joined away so far: a start's index in the list is now ``k - removed``
    free = 0  # the first original index not inside a joined phrase
    for k in starts:
        if k < free:
            continue
        i = k - removed
        if i >= len(tokens) - 1:
            break
        if tokens[i].code == "_":
            continue
        second = tokens[i + 1].low
        for words in phrases[tokens[i].low]:
            n = len(words)
            if words[1] == second and tuple(t.low for t in tokens[i : i + n]) == words:
                first, last = tokens[i], tokens[i + n - 1]
                tok = Token(first.start, last.end, " ".join(words), "", None, first.cap)
                tokens[i : i + n] = [tok]
                joined.append(tok)
                removed += n - 1
                free = k + n
                break
    return joined


def _code(tok: Token, text: str, lex: Lexicon) -> None:
    low = tok.low
    kind = tok.value
    tok.value = None
    if kind == "clock":
        tok.code, tok.value = "K", _clock(low)
        return
    if kind in ("iso", "slash"):
        tok.code, tok.value = "I", low
        return
    if kind == "num":
        _code_number(tok, low)
        return
    if kind == "frac":  # "2 1/2"
        tok.code, tok.value = "N", int(low.split()[0]) + 0.5
        return
    if kind == "apos":
        digits = low[1:3]
        if low.endswith("s"):
            tok.code, tok.value = "E", "19" + digits[0]  # "'70s"
        else:
            tok.code, tok.value = "Y", ("year2", int(digits))  # "'98": the century is the anchor's
        return
    if " " in low:
        _code_phrase(tok, low, lex)
        return
    _code_word(tok, low, lex)


ZONES = frozenset(["utc", "gmt", "z", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "et", "bst", "cet",
                   "cest", "jst", "kst"])


def _code_word(tok: Token, low: str, lex: Lexicon) -> None:
    if low == "'s":
        tok.code = "'"
    elif len(low) == 1 and not low.isalnum():
        tok.code = "," if low == "," else "-" if low in _DASHES else "." if low in _CLAUSE_PUNCT else ";"
    elif low in lex.months and (tok.cap or low.endswith(".")):
        tok.value = lex.months[low.rstrip(".")]
        plain = low.rstrip(".")
        tok.code = "M" if (plain not in lex.ambiguous_months or low.endswith(".")) else "m"
    elif low.rstrip(".") in lex.months and low.endswith("."):
        tok.code, tok.value = "M", lex.months[low.rstrip(".")]
    elif low.rstrip(".") in lex.weekdays and tok.cap and (low.endswith(".") or low not in lex.dotted_weekdays):
        tok.code, tok.value = "W", lex.weekdays[low.rstrip(".")]
    elif low.endswith("s") and len(low) > 6 and low[:-1] in lex.weekdays and tok.cap:
        tok.code, tok.value = "w", lex.weekdays[low[:-1]]  # "on Mondays": every Monday
    elif low.endswith("s") and low[:-1] in lex.parts_of_day:
        tok.code, tok.value = "l", lex.parts_of_day[low[:-1]]  # "Friday evenings"
    elif low in lex.day_words:
        tok.code, tok.value = "A", lex.day_words[low]
    elif low in lex.parts_of_day:
        tok.code, tok.value = "T", lex.parts_of_day[low]
    elif low in lex.clock_words:
        tok.code, tok.value = "K", lex.clock_words[low]
    elif low in lex.seasons:
        tok.code, tok.value = ("s" if low in lex.weak_seasons else "S"), lex.seasons[low]
    elif low == "second":
        tok.code, tok.value = "2", 2
    elif low in ("quarter", "quarters"):
        tok.code, tok.value = ("q" if low.endswith("s") else "Q"), "Q"
    elif low in ("term", "terms"):  # a term of office: "his second term", "a four-year term"
        tok.code = "k"
    elif low in ("period", "periods"):  # a reporting period: "the latest period", "the year-ago period"
        tok.code, tok.value = ("q" if low.endswith("s") else "Q"), "P"
    elif low == "half":
        tok.code = "H"
    elif low in lex.units:
        tok.code, tok.value = ("V" if low in PLURAL_UNITS else "U"), lex.units[low]
    elif low in ("a", "an"):
        tok.code, tok.value = "a", 1
    elif low == "the":
        tok.code = "t"
    elif low in lex.numbers:
        tok.code, tok.value = "n", lex.numbers[low]
    elif low in lex.vague_quantities:
        tok.code = "f"
    elif low in lex.deictic:
        tok.code, tok.value = ("P" if lex.deictic[low] < 0 else "X" if lex.deictic[low] > 0 else "Z"), low
    elif low in lex.ordinals:
        tok.code, tok.value = "O", lex.ordinals[low]
    elif low in lex.decade_words:
        tok.code, tok.value = "E", "19" + str(lex.decade_words[low])
    elif low in lex.anaphoric:
        tok.code = "z"
    elif low in lex.latest:
        tok.code = "r"
    elif low == "future":
        tok.code = "j"
    elif low in ("early", "late", "mid"):
        tok.code, tok.value = "e", lex.position_modifiers[low]
    elif low in ("earlier", "later"):
        tok.code, tok.value = "G", lex.relative_after[low]
    elif low in lex.position_modifiers:
        tok.code, tok.value = "B", lex.position_modifiers[low]
    elif low in ("ago", "hence", "ahead"):
        tok.code, tok.value = "g", lex.relative_after[low]
    elif low in lex.approximators:
        tok.code, tok.value = "~", lex.approximators[low]
    elif low in lex.inner_adjectives:
        tok.code = "+"
    elif low in lex.fiscal:
        tok.code = "F"
    elif low in lex.set_words:
        tok.code = "v"
    elif low in lex.frequency_adverbs:
        tok.code, tok.value = "D", lex.frequency_adverbs[low]
    elif low in lex.vague_references:
        tok.code, tok.value = "R", lex.vague_references[low]
    elif low in lex.holidays and tok.cap:
        tok.code, tok.value = "J", lex.holidays[low]
    elif low == "of":
        tok.code = "o"
    elif low == "and":
        tok.code = "&"
    elif low in ("to", "through", "thru"):
        tok.code = "h"
    elif low in _PREPOSITIONS:
        tok.code = "i"
    elif low in ZONES:
        tok.code = "x"  # a time zone after a clock time
    else:
        tok.code = "_"


def _code_phrase(tok: Token, low: str, lex: Lexicon) -> None:
    if low in lex.numbers:
        tok.code, tok.value = "n", lex.numbers[low]
    elif low in lex.vague_quantities:
        tok.code = "f"
    elif low in lex.approximators:
        tok.code, tok.value = "~", lex.approximators[low]
    elif low in lex.relative_after:
        tok.code, tok.value = "g", lex.relative_after[low]
    elif low in lex.holidays:
        tok.code, tok.value = "J", lex.holidays[low]
    elif low in lex.vague_references:
        tok.code, tok.value = "R", lex.vague_references[low]
    elif low in lex.latest:
        tok.code = "r"
    else:
        tok.code = "_"  # a tense cue ("going to"): not part of any expression


def _code_number(tok: Token, low: str) -> None:
    digits = low.rstrip("stndrh")
    if low.endswith("s") and digits.isdigit():
        if len(digits) == 4 and digits.endswith("00"):
            tok.code, tok.value = "E", digits[:2]  # "the 1800s": a century
        elif len(digits) == 4:
            tok.code, tok.value = "E", digits[:3]
        elif len(digits) == 2:
            tok.code, tok.value = "E", "19" + digits[0]  # "the 80s"
        else:
            tok.code = "N"
        return
    if low[-2:] in ("st", "nd", "rd", "th") and digits.isdigit():
        tok.code, tok.value = "O", int(digits)
        return
    plain = low.replace(",", "")
    try:
        number = float(plain)
    except ValueError:
        tok.code = "_"
        return
    if "," in low:
        tok.code, tok.value = "N", number  # "1,500": an amount, never a year
    elif plain.isdigit() and len(plain) == 4 and 1000 <= number <= 2199:
        tok.code, tok.value = "Y", int(number)
    elif plain.isdigit() and 1 <= number <= 31 and not plain.startswith("0"):
        tok.code, tok.value = "d", int(number)
    else:
        tok.code, tok.value = "N", number


def _clock(low: str) -> tuple[int, int, str | None] | None:
    """(hour 0-24, minute, "am"/"pm"/None)."""
    ampm = _AMPM.search(low)
    base = low[: ampm.start()].strip() if ampm else low
    parts = base.split(":")
    try:
        hour, minute = int(parts[0]), int(parts[1]) if len(parts) > 1 else 0
    except ValueError:
        return None
    meridiem = ampm.group(1).lower() + "m" if ampm else None
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    return (hour, minute, meridiem)


_TENS = frozenset([20, 30, 40, 50, 60, 70, 80, 90])


def _join_numbers(tokens: list[Token]) -> None:
    """Number words into one number ("twenty four", "twenty-four", "two thousand"), then spoken
    years into one year ("nineteen ninety-six" -> 1996)."""
    i = 0
    while i < len(tokens):
        if tokens[i].code != "n":
            i += 1
            continue
        j, value = i + 1, tokens[i].value
        while j < len(tokens):
            hyphen = tokens[j].code == "-" and j + 1 < len(tokens)
            other = tokens[j + 1] if hyphen else tokens[j]
            if other.code != "n":
                break
            if value in _TENS and 1 <= other.value <= 9:
                value += other.value
            elif other.value in (100, 1000) and value < 1000 and not hyphen:
                value *= other.value
            elif value >= 100 and value % 100 == 0 and other.value < 100 and not hyphen:
                value += other.value
            else:
                break
            j += 2 if hyphen else 1
        if j > i + 1:
            tokens[i:j] = [Token(tokens[i].start, tokens[j - 1].end, "number", "n", value)]
        i += 1
    i = 0
    while i + 1 < len(tokens):
        a, b = tokens[i], tokens[i + 1]
        if a.code == "n" and b.code == "n" and 11 <= a.value <= 19 and 10 <= b.value <= 99 and a.value == int(a.value):
            tokens[i : i + 2] = [Token(a.start, b.end, "spoken year", "Y", int(a.value * 100 + b.value))]
        i += 1
