"""What the coder computes once and reuses (extract/coder.py, extract/layout.py) changes no event."""

import dataclasses
import datetime as dt

from newswatch.extract import extract_events, extract_many

PUBLISHED = dt.date(2023, 11, 8)
SENTENCE = "Officials in Seoul said North Korea had denied sending artillery shells to Russia on Monday."


def _without_offsets(events):
    return [dataclasses.replace(e, start=0, end=0) for e in events]


def test_a_repeated_sentence_codes_as_each_of_its_occurrences():
    """The second occurrence of a sentence in a batch takes the first one's parse: its events are
    those of the sentence alone, at its own offsets."""
    once = extract_events(SENTENCE, PUBLISHED)
    assert once
    twice = extract_events(SENTENCE + "\n\n" + SENTENCE, PUBLISHED)
    assert _without_offsets(twice) == _without_offsets(once) * 2
    assert [e.start for e in twice] == [0] * len(once) + [len(SENTENCE) + 2] * len(once)
    assert extract_many([(SENTENCE, PUBLISHED, None)] * 3) == [once] * 3


def test_a_pair_word_without_two_parties_before_it_codes_nothing_and_with_them_codes_the_pair():
    """A sentence with no name is laid out only when its pair phrase can stand for two parties."""
    assert extract_events("The government said the two leaders signed a pact.", PUBLISHED) == []
    met = extract_events("Kim Jong Un met Vladimir Putin on Monday. The two leaders signed a defence pact.",
                         PUBLISHED)
    assert any({e.actor1_code, e.actor2_code} == {"PRK", "RUS"} for e in met)
