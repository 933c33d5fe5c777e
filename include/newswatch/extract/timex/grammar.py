"""Where the time expressions are: patterns over the tokens' class letters (tokens.py), each with a
lexical check, and the longest of overlapping candidates kept.

A pattern names the construction ("month", "ago", "quarter"...); resolve.py turns a match into
TimeML type and value. Modifiers belong to the expression (TimeML puts them in its extent):
"late last July", "the past two years", "almost seven years", "the end of 1990".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import Lexicon
from .tokens import Token

_COUNT = r"(?:[dnN](?:&aH)?|a|f)"  # a number ("two and a half"), "a", "several"
_UNITS = r"[UV2Qq]"
_POS = r"(?:t?Bot?)"  # "the end of (the)"
_MOD = r"(?:e-?)"  # early, late, mid(-)
_DEI = r"(?:ZP|[PXZ])"  # last/next/this, "this past"

# (name, pattern) in priority order: of two overlapping candidates the longer wins, then the earlier.
PATTERNS: tuple[tuple[str, str], ...] = (
    ("iso", r"I"),
    ("clock", r"~?Kx?(?:,?[Mm]\.?[dO]|,?W|A)?|ditT"),
    ("range", r"i?Y(?:-|h|&)Y|Y-[dN]"),
    ("mdy", rf"~?(?:(?:{_DEI}|ZX)?W,?)?[Mm]\.?[dO](?:,?Y)?"),
    ("dmy", r"(?:W,?)?t?[dO]o?[Mm](?:,?Y)?"),
    ("month", rf"{_POS}?{_MOD}?{_DEI}?[Mm](?:,?Y|oY|[ZPX]U)?"),  # "in April next year"
    ("season", rf"{_POS}?t?{_MOD}?{_DEI}?[Ss](?:,?Y|oY)?"),
    ("year", rf"(?:{_POS}|{_MOD}|F-?|~)?Y"),
    ("the_year_n", r"tU[YnN]"),
    ("decade", rf"{_POS}?t?{_MOD}?E"),
    ("century", rf"{_POS}?t?{_MOD}?[Od]-?U"),
    ("holiday", rf"{_DEI}?J(?:,?Y|U)?"),  # "Easter week": the week holding the holiday
    ("dayword", rf"{_MOD}?T?A(?:T)?"),
    ("weekday", rf"(?:{_MOD}|{_DEI}|ZX)?W(?:T)?"),
    ("part_of_day", rf"(?:[ZP]|{_MOD})T|t[XP]?T|zT"),  # "the next morning", "that night"
    ("quarter", rf"(?:t|[ZPXzr]|t[ZPXr])?(?:Y|{_DEI}U'|U'|U-?[gG])?F?-?[O2P]-?F?-?[QH](?:o(?:t?Y|t?E|tU|{_DEI}U))?"),
    ("period_ref", rf"(?:t|z|Z|[PX]|{_DEI}U')(?:r|Z)?(?:U-?[gG]|Y)?F?-?Q(?:o?t?[PX]U|aU[gG])?"),  # "the quarter a year ago"
    ("deictic", rf"~?{_POS}?(?:[eG]-?)?t?(?:z?{_DEI}|z)F?[UQ]"),
    ("ago", rf"~?(?:{_COUNT}-?\+?-?{_UNITS}(?:&aH)?|V)[gG]"),
    ("duration", rf"~?t?(?:[PXr]|[O2])?{_COUNT}\+?-?\+?{_UNITS}(?:&aH)?|t[O2]V"),
    ("duration_range", r"t?[PX]?[dnN](?:-|h|&)[dnN]\+?-?[UV]"),
    ("term", r"[dnNa]-?[UV]k|[O2P]k"),
    ("vague_plural", r"tVg|V-\+|~t?V|(?<=i)V"),
    ("year_ago_adj", r"U-[gG]"),
    ("the_unit", rf"{_POS}?~?t\+?F?[UQ]|~?U-?B|U'B"),
    ("vague", r"t?[rjXP][Vq]|tP|R|tj|r|Z"),
    ("set", r"v[dnN]?-?[UVQqWTMSs2]|D|a[UQ]|[Ww]l|w"),  # "every week", "on Mondays", "Tuesday nights"
)


def _first_letters(pattern: str) -> str | None:
    """The class letters a match of ``pattern`` can start with, or None when that is not known
    (a pattern that can match nothing, a construction this reader does not follow)."""
    try:
        from re import _parser as parser  # Python 3.11+
    except ImportError:  # pragma: no cover - older Pythons
        import sre_parse as parser  # type: ignore[no-redef]

    def first(items) -> tuple[set[str], bool] | None:  # (letters, can be empty)
        out: set[str] = set()
        for op, arg in items:
            kind = str(op)
            if kind == "LITERAL":
                return out | {chr(arg)}, False
            if kind == "IN":
                if any(str(o) != "LITERAL" for o, _ in arg):
                    return None
                return out | {chr(a) for _, a in arg}, False
            if kind == "SUBPATTERN":
                sub = first(arg[-1])
            elif kind == "BRANCH":
                subs = [first(b) for b in arg[1]]
                if any(s is None for s in subs):
                    return None
                sub = (set().union(*(s[0] for s in subs)), any(s[1] for s in subs))
            elif kind in ("MAX_REPEAT", "MIN_REPEAT"):
                inner = first(arg[2])
                sub = None if inner is None else (inner[0], inner[1] or arg[0] == 0)
            elif kind in ("ASSERT", "ASSERT_NOT") and arg[0] < 0:
                continue  # a lookbehind reads nothing of the match
            else:
                return None
            if sub is None:
                return None
            out |= sub[0]
            if not sub[1]:
                return out, False
        return out, True

    try:
        found = first(parser.parse(pattern))
    except Exception:  # noqa: BLE001 - an unknown construction: no prefilter, same matches
        return None
    if found is None or found[1]:
        return None
    return "".join(sorted(found[0]))


def _rarity(letters: set[str]) -> tuple[int, int]:
    """Lower for letters fewer texts hold: no function-word letter first, then the fewest letters."""
    return (sum(c in _COMMON for c in letters), len(letters))


_COMMON = frozenset("tiaoh&,-~NdUY")  # the, in, a, of, to, and, commas, numbers, units, years


def _needed_letters(pattern: str) -> frozenset[str] | None:
    """Letters of which every match of ``pattern`` holds at least one (the fewest found), or None
    when that is not known: a text without any of them cannot hold a match."""
    try:
        from re import _parser as parser  # Python 3.11+
    except ImportError:  # pragma: no cover - older Pythons
        import sre_parse as parser  # type: ignore[no-redef]

    def need(items) -> set[str] | None:  # a sequence: the smallest need of an element that must match
        best: set[str] | None = None
        for op, arg in items:
            kind = str(op)
            if kind == "LITERAL":
                here: set[str] | None = {chr(arg)}
            elif kind == "IN":
                here = {chr(a) for o, a in arg} if all(str(o) == "LITERAL" for o, _ in arg) else None
            elif kind == "SUBPATTERN":
                here = need(arg[-1])
            elif kind == "BRANCH":
                subs = [need(b) for b in arg[1]]
                here = None if any(s is None for s in subs) else set().union(*subs)
            elif kind in ("MAX_REPEAT", "MIN_REPEAT") and arg[0] >= 1:
                here = need(arg[2])
            else:
                here = None  # optional, zero-width or unknown: it needs nothing
            if here is not None and (best is None or _rarity(here) < _rarity(best)):
                best = here
        return best

    try:
        found = need(parser.parse(pattern))
    except Exception:  # noqa: BLE001 - an unknown construction: never skipped
        return None
    return frozenset(found) if found else None


def _compiled(rx: str) -> re.Pattern[str]:
    """``rx``, led by a lookahead on the letters a match can start with: the search then skips the
    other positions at once instead of trying every optional part there (same matches, ~3x faster)."""
    letters = _first_letters(rx)
    if letters is None:
        return re.compile(rx)
    return re.compile(f"(?=[{re.escape(letters)}])(?:{rx})")


_COMPILED = tuple((name, _compiled(rx)) for name, rx in PATTERNS)
# (name, compiled pattern, letters one of which a text must hold for a match; None: always search)
_SEARCHED = tuple((name, rx, _needed_letters(pattern)) for (name, rx), (_, pattern) in zip(_COMPILED, PATTERNS))
_PRIORITY = {name: i for i, (name, _) in enumerate(PATTERNS)}
# A run of tokens is searched only if it holds one of these: most runs ("of the", "and a") hold none.
_CORE = frozenset("IKMmWJSsTAYEdNnOUV2QqHRDjrZPw")
_BREAK = frozenset("_.;")


@dataclass(frozen=True, slots=True)
class Match:
    name: str
    i: int  # first token
    j: int  # one past the last token
    inner: Match | None = None  # "the week of March 6", "the day before Tuesday": the date it is read from


def candidates(tokens: list[Token], lex: Lexicon) -> list[Match]:
    """Every accepted pattern match, overlaps resolved (longest first, then pattern priority)."""
    codes, index = _reduced(tokens)
    if not codes:
        return []
    found: list[Match] = []
    present = set(codes)
    for name, rx, needed in _SEARCHED:
        if needed is not None and present.isdisjoint(needed):
            continue  # no letter every match needs: no match
        pos = 0
        while (m := rx.search(codes, pos)) is not None:
            pos = m.start() + 1  # a rejected match may hold a shorter one further on
            if m.end() == m.start():
                continue
            i, j = index[m.start()], index[m.end() - 1] + 1
            if tokens[i].code == "~" and (tokens[i].low in _ALWAYS_OUTSIDE or (
                    tokens[i].low in _PREPOSITION_LIKE and (tokens[i + 1].code == "t"
                                                            or tokens[i + 1].low.startswith("the ")))):
                i += 1  # "over the past two years", "over the next few days": "over" is the preposition
            if tokens[i].code == "t" and name in ("duration", "quarter") and _adjectival(tokens, i, j):
                i += 1  # "the 30-day rate", "the fiscal second-quarter": "the" belongs to the noun
            if i < j and accept(name, tokens, i, j, lex) and not _compound_modifier(tokens, j):
                found.append(Match(name, i, j))
                pos = m.end()
    found.sort(key=lambda c: (-(c.j - c.i), _PRIORITY[c.name], c.i))
    taken: list[Match] = []
    used: set[int] = set()
    for c in found:
        span = range(c.i, c.j)
        if any(k in used for k in span):
            continue
        used.update(span)
        taken.append(c)
    taken.sort(key=lambda c: c.i)
    return _around_days(taken, tokens)


# Matches that name one day: "the week of" or "the day before/after" may lead them.
_DAY_NAMES = frozenset(["iso", "mdy", "dmy", "weekday", "dayword", "holiday"])


def _around_days(taken: list[Match], tokens: list[Token]) -> list[Match]:
    """"the week of March 6" (the week holding that day) and "the day before Tuesday" / "the day
    after March 3" (the day next to it) are one expression each, read from the day they name: the
    match for the day grows to hold the three words before it, and whatever matched them goes.
    In "April 24 and 25" the second day is a date of its own, in the first one's month."""
    out: list[Match] = []
    for m in taken:
        if m.name == "mdy" and m.j + 1 < len(tokens) and tokens[m.j].code == "&" and tokens[m.j - 1].code in "dO" \
                and tokens[m.j + 1].code in "dO" and (m.j + 2 == len(tokens) or tokens[m.j + 2].code in ",.;i"):
            out.append(m)
            out.append(Match("same_month", m.j + 1, m.j + 2, m))
            continue
        if m.name in _DAY_NAMES and m.i >= 3:
            the, unit, link = tokens[m.i - 3 : m.i]
            if the.code == "t" and unit.code == "U" and unit.low in ("week", "day"):
                name = None
                if unit.low == "week" and link.code == "o" and m.name in ("iso", "mdy", "dmy"):
                    name = "week_of"
                elif unit.low == "day" and link.low in ("before", "after"):
                    name = "day_next_to"
                if name is not None:
                    while out and out[-1].j > m.i - 3:
                        out.pop()  # "the week" read on its own
                    out.append(Match(name, m.i - 3, m.j, m))
                    continue
        out.append(m)
    return out


# A whole run (between "_", "." and ";") holding at least one core letter.
_CORE_RUN = re.compile("[^.;_]*[" + re.escape("".join(sorted(_CORE))) + "][^.;_]*")


def _reduced(tokens: list[Token]) -> tuple[str, list[int]]:
    """The class letters of the runs worth searching, joined by "#", with each letter's token index.
    A run ends at a word the lexicon does not know or at clause punctuation; a clock's time zone
    ("18:00 UTC") is known, so it stays in its run."""
    codes = "".join([t.code for t in tokens])
    out: list[str] = []
    index: list[int] = []
    for m in _CORE_RUN.finditer(codes):
        if out:
            out.append("#")  # a separator no pattern matches
            index.append(m.start())
        out.append(m.group())
        index.extend(range(m.start(), m.end()))
    return "".join(out), index


_PREPOSITION_LIKE = frozenset(["over", "around", "about", "under", "some"])
# Approximators annotated news leaves outside the expression ("about five hours" -> "five hours").
_ALWAYS_OUTSIDE = frozenset(["about", "around", "approximately", "roughly", "some"])


def _adjectival(tokens: list[Token], i: int, j: int) -> bool:
    """A hyphenated count-unit ("30-day") with no word that makes it a noun phrase of time."""
    codes = "".join(t.code for t in tokens[i:j])
    return "-" in codes and not any(c in codes for c in "PXrO") or (
        "-" in codes and codes.endswith("Q") and codes[1:2] in ("F", "O", "2"))


def _compound_modifier(tokens: list[Token], j: int) -> bool:
    """An expression glued by a hyphen to a following word is part of a compound ("last-minute",
    "quarter-to-quarter", "two-year-old", "the 1990-era"): not a time expression."""
    return j + 1 < len(tokens) and tokens[j].code == "-" and tokens[j + 1].code in "_hV"


def accept(name: str, toks: list[Token], i: int, j: int, lex: Lexicon) -> bool:
    """The lexical conditions a pattern's letters cannot say."""
    first, last = toks[i], toks[j - 1]
    prev = toks[i - 1] if i > 0 else None
    nxt = toks[j] if j < len(toks) else None
    codes = "".join(t.code for t in toks[i:j])
    if last.code in ",-'":
        return False
    if name == "clock":
        if first.code == "d":  # "4 in the morning"
            return first.value <= 12 and toks[i + 1].low in ("in", "at")
        k = next(t for t in toks[i:j] if t.code == "K")
        zone = next((t for t in toks[i:j] if t.code == "x"), None)
        if k.low in lex.clock_words:
            return not (k is first and prev is not None and prev.last_word == "high")  # the idiom "high noon"
        if k.value is None:
            return False
        # "3:1" or "2:30" without a.m./p.m. may be a score or a ratio; two digits read as a time
        return k.value[2] is not None or k.low.index(":") == 2 or zone is not None
    if name == "range":
        years = [t for t in toks[i:j] if t.code in "YdN"]
        a = years[0].value if years[0].code == "Y" else None
        b = years[-1].value
        if not isinstance(a, int) or not isinstance(b, (int, float)) or b != int(b):
            return False
        b = int(b)
        if years[-1].code in "dN":
            if len(years[-1].low) != 2:
                return False
            b = a // 100 * 100 + b
        if first.code == "i" and first.low not in ("from", "between"):
            return False
        if "&" in codes and first.low != "between":
            return False
        if "h" in codes and first.low != "from" and toks[i + 1].low != "-":
            return "-" in codes
        return a < b <= a + 50 and _year_ok(toks, i, j, lex, years[0])
    if name in ("month", "mdy", "dmy"):
        if last.code == "U" and last.value[0] != "Y":
            return False  # "in March this year", not "March this week"
        m = next(t for t in toks[i:j] if t.code in "Mm")
        if m.code == "m" and name == "month" and len(codes) == 1:
            # "May" and "March" alone are a month only after a preposition or a modifier
            if prev is not None and prev.code in "&h-" and i > 1 and toks[i - 2].code in "MmdO":
                return True  # "between March and May", "March to May"
            if prev is not None and prev.low in _MONTH_DETERMINERS and nxt is not None and nxt.code == "_" \
                    and not nxt.cap and not _verb_like(nxt.low, lex):
                return True  # "the March accession", "its May elections": a month before a common noun
            return prev is not None and (prev.code in "ie" or prev.last_word in ("until", "since", "in", "last", "next"))
        return True
    if name == "holiday" and last.code == "U":
        return last.low == "week"  # "Easter week", "Christmas week"; not "Christmas day trading"
    if name == "season":
        s = next(t for t in toks[i:j] if t.code in "Ss")
        return len(codes) > 1 or (s.code == "S" and prev is not None and prev.code == "i")
    if name == "year":
        y = toks[j - 1]
        if first.code == "~":
            return False  # "about 2000" is a count more often than a year
        return _year_ok(toks, i, j, lex, y) and (len(codes) > 1 or isinstance(y.value, int))
    if name == "the_year_n":
        return toks[i + 1].value[0] == "Y" and 1000 <= float(last.value if last.code != "Y" else last.value) <= 2199
    if name == "decade":
        e = toks[j - 1]
        weak = e.low in lex.decade_words or (e.low[:1].isdigit() and len(e.low) == 3)  # "nineties", "80s"
        return not weak or len(codes) > 1
    if name == "century":
        return last.value[0] == "CE" and toks[j - 2].code in "Od-" and (toks[j - 2].code != "d" or len(codes) > 2)
    if name == "dayword":
        # "today's youth", "in today's world": today as "nowadays", not the report day
        return not (first.low == "today" and j == i + 1 and nxt is not None and nxt.code == "'"
                    and j + 1 < len(toks) and toks[j + 1].low in _GENERIC_NOUNS)
    if name == "part_of_day":
        if codes == "zT":
            return not _is_pronoun_that(toks, i)
        if codes in ("tXT", "tPT"):  # "the next morning"; not "the past evening", "the coming night"
            return toks[i + 1].low in _ANAPHORIC_STEPS
        if codes == "tT":
            return prev is not None and prev.last_word in ("in", "during", "by", "until", "through", "throughout")
        return True
    if name == "quarter":
        o = next(t for t in toks[i:j] if t.code in "O2P")
        n = o.value if o.code != "P" else -1
        q = next(t for t in toks[i:j] if t.code in "QH")
        if q.code == "Q" and q.value != "Q":
            return False
        return n == -1 or 1 <= n <= (4 if q.code == "Q" else 2)
    if name == "period_ref":
        q = next(t for t in toks[i:j] if t.code == "Q")
        if q.value == "P":  # "period": only with a word saying which one ("the latest period")
            return len(codes) > 2 or codes[0] in "zZ"
        return True
    if name == "deictic":
        unit = last.value[0] if last.code == "U" else "Q"
        if unit == "P":
            return False
        if toks[i].code == "z" and (unit not in ("D", "Y", "W", "M", "Q", "WE") or _is_pronoun_that(toks, i)):
            return False
        return True
    if name in ("duration", "ago"):
        unit_tok = next(t for t in reversed(toks[i:j]) if t.code in "UV2Qq")
        if unit_tok.code in "Qq" and unit_tok.value == "P":
            return False
        count = next((t for t in toks[i:j] if t.code in "dnNaf"), None)
        if count is not None and count.code == "a" and unit_tok.code in "V2":
            return False  # "a second group"
        if name == "ago":
            return True
        if count is not None and count.code == "d" and prev is not None and prev.code in "Mm":
            return False  # "May 5 years": a date, then a count
        if nxt is not None and (nxt.low == "old" or (nxt.low == "of" and unit_tok.code in "Qq"
                                                      and (count is None or count.code != "f"
                                                           or _fraction_of(toks, j + 1)))):
            return False  # an age ("55 years old"), a fraction ("a quarter of the market")
        if count is not None and (count.code == "a" or count.low.startswith("a ")) and any(
                t.code in "PX" for t in toks[i:j]):
            return False  # "supplies last a few weeks": "last" is the verb
        if count is not None and count.code == "a" and (_after_amount(prev, lex) or (
                prev is not None and prev.last_word in lex.rate_cues)):
            return False  # a rate: "four flights a week", "$2 million a year"
        return True
    if name == "term":  # "his second term", "a four-year term"; not "in terms of"
        if first.code in "O2P":  # "under previous terms": a deal's terms, not terms of office
            return last.low == "term" if first.code == "P" else first.value <= 10
        return first.code != "a" or codes.startswith("a-")
    if name == "duration_range":
        nums = [t for t in toks[i:j] if t.code in "dnN"]
        if "&" in codes and (prev is None or prev.last_word != "between"):
            return False
        return nums[0].value < nums[1].value and (nxt is None or nxt.low != "old")
    if name == "vague_plural":
        v = next(t for t in toks[i:j] if t.code == "V")
        if v.low not in lex.vague_plurals:
            return False
        if codes == "tVg":
            return last.low == "ahead"  # "the weeks ahead"
        if codes == "V":
            return prev is not None and prev.last_word in ("for", "within", "in", "after", "during", "throughout")
        return True
    if name == "the_unit":
        u = next(t for t in toks[i:j] if t.code in "UQ")
        unit = u.value[0] if u.code == "U" else "Q"
        if "B" in codes:
            return unit in ("Y", "M", "W", "D", "Q")
        if unit == "Y" or unit == "WE":
            return True
        if unit == "D":
            return prev is not None and prev.last_word in ("in", "during")
        if unit == "W":
            return prev is not None and prev.last_word in ("in", "during", "over", "for")
        return False
    if name == "vague":
        if codes in ("r", "Z"):
            # "recent", "current" as adjectives before a noun ("current realities")
            return first.low in ("recent", "current") and nxt is not None and nxt.code == "_"
        if last.low.endswith("future") and nxt is not None and nxt.low == "of":
            return False  # "the future of the alliance": its fate, not a time
        if codes == "tP":  # "in the past", not "the past two years"
            return last.low == "past" and (nxt is None or nxt.code not in "dnNafUVQqOe-")
        if codes[-1] in "Vq":
            word = toks[j - 2].low
            return word in lex.vague_unit_adjectives and toks[j - 1].value != "P"
        return True
    if name == "set":
        if codes[0] == "a":
            return prev is not None and prev.last_word in lex.rate_cues  # "twice a year"
        if codes == "D":
            # after an amount it is a rate ("grow 8% annually", "5,000 units annually"), which news
            # leaves unannotated as it does "$2 million a year"
            return first.low in lex.frequency_adverbs and not _after_amount(prev, lex)
        return True
    return True


# Determiners after which a capitalised "May" or "March" before a lower-case noun is the month
# ("the March vote"); "the March of Dimes" has a capital after it.
_MONTH_DETERMINERS = frozenset(["the", "a", "its", "their", "his", "her", "this", "that"])

def _verb_like(word: str, lex: Lexicon) -> bool:
    """A word that reads as the verb of its clause ("the March went well", "the march ended")."""
    return (word in lex.past_cues or word in lex.future_cues or word in _COMMON_VERBS
            or (word.endswith("ed") and word not in lex.not_past))


_COMMON_VERBS = frozenset(["is", "are", "has", "have", "goes", "went", "begins", "began", "starts", "ends",
                           "continues", "passes", "moves", "reached", "turned"])


# "the next morning", "the previous night": a day from the last one mentioned
_ANAPHORIC_STEPS = frozenset(["next", "following", "previous", "preceding", "prior"])

# nouns after "today's" that make it "nowadays" ("today's youth")
_GENERIC_NOUNS = frozenset(["world", "youth", "society", "generation", "generations", "young", "children", "kids",
                            "standards", "economy", "culture", "climate", "technology", "age", "era"])


_DETERMINERS = frozenset(["the", "a", "an", "its", "their", "his", "her", "our", "my", "your", "all", "this", "that",
                          "these", "those", "every", "each", "one"])


def _fraction_of(toks: list[Token], k: int) -> bool:
    """After "several quarters of": a determined noun phrase makes a fraction ("several quarters
    of the vote"); a bare noun a stretch of time ("several quarters of losses"). A number before
    "quarters of" is read as a fraction ("three quarters of voters")."""
    return k >= len(toks) or toks[k].code in "tadNn" or toks[k].low in _DETERMINERS or toks[k].code in ".;,"


def _after_amount(prev: Token | None, lex: Lexicon) -> bool:
    """The word before is a number, an amount or a plural noun (what a rate counts)."""
    return prev is not None and (
        prev.code in "dNnV" or prev.last_word in ("million", "billion", "percent", "%", "cents")  # "24 hours a day"
        or (prev.code == "_" and prev.last_word.endswith("s") and not prev.last_word.endswith("ss")
            and prev.last_word not in _NOT_PLURAL))


# words in -s that are no plural noun ("in his daily life")
_NOT_PLURAL = frozenset(["his", "its", "this", "is", "was", "has", "does", "as", "us", "thus", "plus", "always",
                         "perhaps", "whereas", "news", "yes", "hers", "ours", "theirs", "yours"])


def _year_ok(toks: list[Token], i: int, j: int, lex: Lexicon, y: Token) -> bool:
    """A four-digit number is a year unless it counts something or is an amount."""
    value = y.value if isinstance(y.value, int) else 1900
    k = toks.index(y, i, j)
    before = toks[k - 1] if k > 0 else None
    after = toks[k + 1] if k + 1 < len(toks) else None
    if before is not None and (before.last_word in ("$", "£", "€", "¥", "#", "no", "number", "nos")
                               or (before.code in "dnN" and k == i)):
        return False
    if after is not None and (after.low in lex.count_nouns or after.low in ("%", "percent", "per")):
        return False
    if after is not None and after.code == "-" and k + 2 < len(toks) and toks[k + 2].low in lex.count_nouns:
        return False
    if value < 1900 and (before is None or before.code not in "itoeBF"):
        return False  # "in 1848" is a year; a bare 1500 is a count
    return value <= 2099


def _is_pronoun_that(toks: list[Token], i: int) -> bool:
    """"that" as a conjunction before a unit that starts a clause ("said that day-to-day ...")."""
    return i > 0 and toks[i - 1].last_word in ("said", "says", "say", "so", "such", "now")
