"""Sentence splitting and tokenization keep exact character offsets into the article."""

import pytest

from newswatch.extract import split_sentences
from newswatch.extract.sentences import tokenize


def _texts(text):
    sentences = split_sentences(text)
    for s in sentences:
        assert text[s.start : s.end] == s.text
    return [s.text for s in sentences]


def test_splits_on_terminal_punctuation_and_keeps_offsets():
    text = "  Seoul protested. Tokyo replied!  Who is next? Nobody knows.  "
    assert _texts(text) == ["Seoul protested.", "Tokyo replied!", "Who is next?", "Nobody knows."]


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Kim arrived in the capital on Monday.",
        "Gen. Park said the drills would go ahead.",
        "The U.S. military moved a carrier into the region.",
        "Talks resumed on Sept. 13 in the border village.",
        "Officials met Dr. J. Lee at the embassy.",
        "The envoy met U.S. Secretary of State Antony Blinken.",
    ],
)
def test_abbreviations_do_not_end_a_sentence(text):
    assert _texts(text) == [text]


def test_us_at_the_end_of_a_sentence_still_splits_before_a_new_one():
    text = "Pyongyang blamed the U.S. The next day it fired a missile."
    assert _texts(text) == ["Pyongyang blamed the U.S.", "The next day it fired a missile."]


def test_closing_quotes_stay_with_their_sentence():
    text = '"We will respond," the ministry said. "Can they stop us?" he asked.'
    assert _texts(text) == ['"We will respond," the ministry said.', '"Can they stop us?"', "he asked."]


def test_paragraph_breaks_end_a_sentence_without_punctuation():
    text = "Headline without a period\n\nBody text starts here."
    assert _texts(text) == ["Headline without a period", "Body text starts here."]


def test_empty_and_blank_text_give_no_sentences():
    assert split_sentences("") == []
    assert split_sentences("   \n ") == []


def test_tokens_carry_article_offsets_and_split_possessives_and_negation():
    text = "Seoul’s envoy didn't meet the U.S. team."
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["Seoul", "’s", "envoy", "did", "n't", "meet", "the", "U.S.", "team", "."]
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert tokens[1].low == "'s"


def test_tokenize_a_sentence_slice_keeps_offsets_into_the_whole_text():
    text = "First one. Second one here."
    second = split_sentences(text)[1]
    tokens = tokenize(text, second.start, second.end)
    assert tokens[0].text == "Second" and tokens[0].start == second.start
