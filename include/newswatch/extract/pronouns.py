"""Subject pronouns across sentences: "North Korea denies the claims. It has shipped artillery shells to
Russia since August" - the "It" stands for North Korea. A conservative resolver: a wrong supplier in
an alert misleads more than a missed one, so a pronoun is resolved only where the reading is plain.

- the pronoun ("it", "he", "she", "they") opens its sentence (after "But", "And", "However," at most),
  so it is the subject of the sentence's main clause, and the sentence is no quote; so does a
  possessor ("its", "their", "his") opening the sentence: "Its troops shelled ..." is the party's own;
- the antecedent is the party that opens the sentence just before, in the same paragraph (after a
  dateline, or a short opening phrase naming nobody: "On Tuesday, Putin ..."), or the party a pronoun
  opening that sentence was itself resolved to ("It said ... It also ...");
- the pronoun agrees with it: "he"/"she" a person, "it" a state, organisation, company or a
  collective body ("the Russian army"), never a person or a place; "they" a plural group ("Ukrainian
  troops", "Houthi rebels") or an organisation;
- no other party of a different code that agrees stands where a subject stands in that sentence
  (after a say-verb, "that", a conjunction or a comma: "Ukraine said Russia had ..."), and an "it"
  that opens a frame ("It is expected that", "It was reported", "It rained") stands for nobody.

The resolved pronoun becomes a mention at the pronoun's offsets carrying the antecedent's code,
sector, kind and name, so that it flows through layout, parse and roles like a name written there.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from .gazetteer import Mention
from .roles import Span
from .sentences import Sentence
from .syntax import Tree

# A pronoun opening a sentence, after a conjunction or a linking adverb at most. The first letters
# are a cheap test before the expression runs: most sentences fail it.
_OPENING = re.compile(r"(?:(?:But|And|Yet|So|However,|Meanwhile,|Instead,|Later,|Also,)\s+)?(It|He|She|They|Its|Their|His)\b(?!['’])")
_FIRST_LETTERS = frozenset("IHSTBAYML")
# a possessor opening the sentence ("Its troops shelled ...") agrees as its subject form would
_POSSESSOR = {"its": "it", "their": "they", "his": "he"}
_PARAGRAPH = re.compile(r"\n[^\S\n]*\n")
_WORD = re.compile(r"[\w'’-]+|[^\w\s]")
_QUOTES = frozenset('"“”‘\'')

# "It is expected that", "it was reported", "it emerged", "it rained", "it took three days": an "it"
# before these opens a frame and stands for nobody (a progressive "it was shipping" still acts)
_FRAME = frozenset("""is was 's isn't wasn't seems seemed appears appeared remains remained became becomes
    emerged emerges comes came rained snowed rains takes took means meant matters mattered follows followed
    turned turns looks looked sounds sounded""".split())
_MODAL = frozenset("will would could may might should must can has had have is was".split())
_NOT_ACTS = frozenset("raining snowing pouring going getting becoming being looking seeming".split())

# Words after which a name stands where a subject stands (the opening of a clause)
_CLAUSE_OPENERS = frozenset("""start , ; : — – -- - that and but while whereas as when after before because since if
    though although said says say told tells added adds claimed claims stated insisted warned announced
    reported believes believed alleged accused " “ ” and/or or""".split())
_DETERMINERS = frozenset(["the", "a", "an"])
_NOT_ALONE = frozenset("""and or & shares stocks bonds markets market prices currency index exports
    imports economy trust""".split())

_PERSON_NOUNS = frozenset("""president minister premier chancellor leader spokesman spokeswoman spokesperson
    ambassador envoy king queen prince emir sultan general commander secretary senator governor mayor
    diplomat ruler dictator monarch chief""".split())
_COLLECTIVE = frozenset("""army military government navy ministry parliament administration regime junta
    cabinet company firm party coalition force guard court legislature embassy agency service command
    council congress senate alliance group movement front airline bank state kremlin""".split())
_PLURAL_COLLECTIVE = frozenset(["police", "authorities"])
_GROUPS = frozenset(["taliban", "police", "mujahideen", "militia"])
# a pronoun of the other gender in the sentence before: someone else is spoken of there
_OTHER_GENDER = {"he": frozenset(["she", "her", "hers", "herself"]), "she": frozenset(["he", "him", "his", "himself"])}


def _plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith(("ss", "us", "is")) or word in _PLURAL_COLLECTIVE


def agrees(pronoun: str, m: Mention) -> bool:
    """Whether a pronoun can stand for mention ``m`` (a party with a code)."""
    if m.code is None or m.kind in ("place", "agent", "titled"):
        return False
    words = m.text.lower().split()
    last = words[-1] if words else ""
    person = m.kind == "person" or (m.kind == "composite" and bool(_PERSON_NOUNS.intersection(words))
                                    and not _plural(last))
    if pronoun in ("he", "she"):
        return person
    if person:
        return False
    if pronoun == "it":
        # not a capital: a city's name is as often a market's or a firm's ("London shares fell. It ...")
        if m.kind in ("state", "seat"):
            return True
        if m.kind == "org":
            return not _plural(last) or last in ("hamas", "nations", "states")
        return m.kind == "composite" and last in _COLLECTIVE
    # "they": a plural group ("Houthi rebels", "Ukrainian troops", "Russians"); never a state or an
    # organisation by its singular name, whose "they" is as often the goods or people it dealt with
    return m.kind in ("org", "demonym", "composite") and (_plural(last) or last in _GROUPS)


def _tokens(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(w.group().lower(), w.start(), w.end()) for w in _WORD.finditer(text, start, end)]


def _frame(words: list[str], k: int) -> bool:
    """Whether the "it" at ``words[k]`` opens a frame rather than naming a doer."""
    nxt = words[k + 1 : k + 4]
    if not nxt:
        return True
    first = nxt[0]
    if first in _FRAME:
        after = nxt[1] if len(nxt) > 1 else ""
        if first in ("is", "was", "'s") and after.endswith("ing") and after not in _NOT_ACTS:
            return False  # "it was shipping shells": a progressive act
        return True
    if first in _MODAL and len(nxt) > 1 and nxt[1] in ("be", "been"):
        after = nxt[2] if len(nxt) > 2 else ""
        return not (after.endswith("ing") and after not in _NOT_ACTS)
    return False


class Resolver:
    """One article's pass: ``step`` is called with every sentence in text order and returns the
    mention a pronoun opening that sentence stands for (None mostly)."""

    __slots__ = ("_text", "_mentions", "_starts", "_previous", "_previous_resolved", "antecedent")

    def __init__(self, text: str, mentions: list[Mention], starts: list[int]):
        self._text = text
        self._mentions = mentions
        self._starts = starts
        self._previous: Sentence | None = None
        self._previous_resolved: Mention | None = None
        self.antecedent: Mention | None = None  # the mention the last resolved pronoun stands for, as written

    def step(self, sentence: Sentence) -> Mention | None:
        previous, resolved_before = self._previous, self._previous_resolved
        self._previous, self._previous_resolved = sentence, None
        if sentence.text[0] not in _FIRST_LETTERS or previous is None:
            return None
        m = _OPENING.match(sentence.text)
        if m is None:
            return None
        if _PARAGRAPH.search(self._text, previous.end, sentence.start):
            return None  # a new paragraph: its pronoun's antecedent may lie anywhere
        pronoun = _POSSESSOR.get(m.group(1).lower(), m.group(1).lower())
        words = [w for w, _, _ in _tokens(sentence.text, m.start(1), min(len(sentence.text), m.end(1) + 40))]
        if pronoun == "it" and _frame(words, 0):
            return None
        antecedent = self._antecedent(previous, pronoun, resolved_before)
        if antecedent is None:
            return None
        self.antecedent = antecedent
        start = sentence.start + m.start(1)
        resolved = replace(antecedent, start=start, end=sentence.start + m.end(1))
        self._previous_resolved = resolved
        return resolved

    def _antecedent(self, previous: Sentence, pronoun: str, resolved_before: Mention | None) -> Mention | None:
        lo = bisect.bisect_left(self._starts, previous.start)
        hi = bisect.bisect_left(self._starts, previous.end)
        mentions = [m for m in self._mentions[lo:hi] if m.end <= previous.end]
        if resolved_before is not None:
            mentions = sorted([*mentions, resolved_before], key=lambda m: m.start)
        if not mentions:
            return None
        toks = _tokens(self._text, previous.start, previous.end)
        if not toks or toks[0][0] in _QUOTES:
            return None  # a quote: who speaks, and of whom, the words alone do not say
        opening = _opening(toks, mentions)
        if opening is None or not agrees(pronoun, opening):
            return None
        after = next((t for t in toks if t[1] >= opening.end), None)
        if self._text[opening.end : opening.end + 1] in ("'", "’") or after is not None and (
                after[0] in _NOT_ALONE or self._text[after[1]].isupper()):
            # "Tanzanian police and FBI agents said", "London shares fell", "U.S. Trust named", "Castro's
            # government has": the name is one of several subjects, or a modifier of the subject
            return None
        person = pronoun in _OTHER_GENDER
        if person and any(t[0] in _OTHER_GENDER[pronoun] for t in toks):
            return None  # "X was convicted of stabbing his wife while she visited him. She ..."
        # another party that agrees and stands where a subject stands (for "he" and "she", anywhere:
        # "Putin met Kim. He ..."): two readings, none resolved
        starts = [t[1] for t in toks]
        for other in mentions:
            if other is opening or (other.code, other.sector) == (opening.code, opening.sector):
                continue
            if not agrees(pronoun, other):
                continue
            if person:
                return None
            k = bisect.bisect_left(starts, other.start) - 1
            while k >= 0 and toks[k][0] in _DETERMINERS:
                k -= 1
            if k < 0 or toks[k][0] in _CLAUSE_OPENERS:
                return None
        return opening


def _opening(toks: list[tuple[str, int, int]], mentions: list[Mention]) -> Mention | None:
    """The party that opens the sentence (its subject by position): at its first word (after "the"),
    after a dateline ("SEOUL, Nov 2 (Agency) - "), or after a short opening phrase that names nobody
    and ends in a comma ("On Tuesday, ")."""
    k = 0
    words = [t[0] for t in toks]
    dash = next((i for i, w in enumerate(words[:14]) if w in ("-", "—", "–", "--")), None)
    if dash is not None and toks and toks[0][0].isalpha() and toks[0][0].upper() == _upper_word(toks, mentions):
        k = dash + 1
    elif "," in words[:7]:
        comma = words.index(",")
        if not any(m.start < toks[comma][1] for m in mentions) and words[0] not in ("according", "asked"):
            k = comma + 1
    while k < len(toks) and toks[k][0] in _DETERMINERS:
        k += 1
    if k >= len(toks):
        return None
    at = toks[k][1]
    return next((m for m in mentions if m.start == at), None)


def _upper_word(toks, mentions) -> str:
    """The dateline's first word when the sentence opens with one in capitals ("SEOUL"), else ""."""
    first = mentions[0] if mentions else None
    if first is not None and first.start == toks[0][1] and first.text.isupper() and first.kind in ("capital", "place"):
        return toks[0][0].upper()
    return ""


def subject_in(tree: Tree, actors: list[Span], antecedent: Mention) -> bool:
    """Whether the parse of the sentence before makes ``antecedent`` the subject of its main verb
    (the coder asks where that sentence was parsed: "London shares fell" makes London a modifier)."""
    span = next((a for a in actors if a.mention is antecedent), None)
    if span is None:
        return False
    k = tree.head_of(span)
    verb = tree.heads[k]
    return tree.deps[k] in ("nsubj", "nsubj:pass") and tree.heads[verb] == verb
