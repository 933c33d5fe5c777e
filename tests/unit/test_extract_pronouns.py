"""Subject pronouns across sentences (extract/pronouns.py): "X denies the claims. It has shipped ..."
codes X as the doer, only where the reading is plain. Every sentence here is written for these tests.
"""

import datetime as dt

import pytest

from newswatch.extract import extract_events
from newswatch.extract.layout import compiled_coder
from newswatch.extract.pronouns import Resolver
from newswatch.extract.sentences import article_sentences

PUBLISHED = dt.date(2024, 6, 1)


def resolved(text: str) -> list[tuple[str, str, str | None]]:
    """(pronoun as written, antecedent as written, code) for every pronoun the resolver resolves."""
    found = compiled_coder().gazetteer.find(text)
    resolver = Resolver(text, found, [m.start for m in found])
    out = []
    for sentence in article_sentences(text):
        m = resolver.step(sentence)
        if m is not None:
            out.append((text[m.start:m.end], resolver.antecedent.text, m.code))
    return out


def coded(text: str) -> list[tuple]:
    return [(e.event_type, e.actor1_code, e.actor2_code, e.claim_status, e.claimed_by)
            for e in extract_events(text, PUBLISHED)]


def test_it_is_the_state_that_opens_the_sentence_before():
    text = "North Korea denies the claims. It has shipped artillery shells to Russia since August, officials say."
    assert resolved(text) == [("It", "North Korea", "PRK")]
    (e,) = extract_events(text, PUBLISHED)
    assert (e.event_type, e.actor1_code, e.actor2_code, e.claim_status) == ("AID", "PRK", "RUS", "alleged")
    # the event's sentence is the pronoun's, and its offsets are that sentence's; the actor is named
    assert e.sentence.startswith("It has shipped") and text[e.start:e.end] == e.sentence
    assert e.actor1 == "North Korea"


def test_he_is_the_person_and_they_the_group():
    assert ("AGREE", "RUS", "PRK", "reported", None) in coded(
        "Putin arrived in Pyongyang on Tuesday. He signed a defence pact with North Korea.")
    assert ("ASSAULT", "HOUTHIS", "SAU", "reported", None) in coded(
        "Houthi rebels seized the port on Monday. They also attacked a Saudi border post.")


def test_a_possessor_opening_the_sentence_is_the_party_too():
    assert ("ASSAULT", "PRK", "UKR", "reported", None) in coded(
        "North Korea denies the claims. Its troops attacked Ukrainian positions on Monday.")
    assert ("AID", "PRK", "RUS", "reported", None) in coded(
        "North Korea denies the claims. Its shipments of shells to Russia continued.")


def test_the_resolved_pronoun_keeps_the_usual_claim_treatment():
    # "It said": the antecedent is the speaker, so it denies; "it" inside the sentence is the speaker
    assert coded("Iran rejected the report. It said it had never sent drones to Russia.") == [
        ("AID", "IRN", "RUS", "denied", "IRN")]
    # a stated intent, then (the resolution carried along) a fact
    assert coded("Iran rejected the report. It said it would send drones to Russia. It also shipped missiles to Syria.") \
        == [("AGREE", "IRN", "RUS", "planned", None), ("AID", "IRN", "SYR", "reported", None)]
    # a conditional is still no event
    assert coded("North Korea denies the claims. It may ship artillery shells to Russia if asked.") == []


def test_an_opening_phrase_naming_nobody_or_a_dateline_does_not_hide_the_subject():
    assert resolved("On Tuesday, Iran rejected the report. It said it had never sent drones.") == [
        ("It", "Iran", "IRN")]
    assert resolved("TEHRAN, June 1 (Agency) - Iran rejected the report. It said it had sent no drones.") == [
        ("It", "Iran", "IRN")]


@pytest.mark.parametrize("text", [
    # two readings: the speaker and the subject of what was said
    "Ukraine said Russia had attacked Kharkiv. It also shelled Odesa.",
    # two persons: "he" may be either
    "Putin met Kim Jong Un in Pyongyang. He promised to send fighter jets to Syria.",
    # two coordinated subjects: "it" is neither alone
    "Russia and Iran signed a pact. It sent drones to Syria.",
    # a person is no "it", a state no "he"
    "Putin arrived in Pyongyang. It shelled Ukraine.",
    "Iran rejected the report. He shelled Ukraine.",
    # a place is never a party
    "Kharkiv came under fire overnight. It attacked Russian positions.",
    # the subject before is no party: "it" is the deal
    "The deal was signed by Russia and Iran on Monday. It provides for the delivery of drones to Russia.",
    # an "it" that stands for nobody
    "North Korea denies the claims. It is expected that shells will reach Russia.",
    "North Korea denies the claims. It was reported that shells reached Russia.",
    "Iran held the drill on Monday. It rained all day.",
    "Iran held the drill on Monday. It emerged that drones had been sent to Russia.",
    # a new paragraph, a quote, a question
    "North Korea denies the claims.\n\nIt has shipped artillery shells to Russia since August.",
    "\u201cWe sent nothing,\u201d Iran said. It also denied the report.",
    "Did North Korea ship shells? It has denied the claims.",
    # a name that only modifies the subject
    "Russia shares fell sharply on Monday. It also lost ground to China.",
    "Putin's government rejected the report. He also denied it.",
    # the other gender spoken of before
    "Putin thanked her for the talks. He promised to send fighter jets to Syria.",
])
def test_what_it_must_not_resolve(text):
    assert resolved(text) == []


def test_nothing_is_coded_from_an_unresolved_pronoun():
    assert [e for e in coded("Ukraine said Russia had attacked Kharkiv. It also shelled Odesa.")
            if e[0] == "ASSAULT" and e[2] != "UKR"] == []
    assert coded("North Korea denies the claims.\n\nIt has shipped artillery shells to Russia since August.") == []


def test_the_parse_of_the_sentence_before_must_make_the_antecedent_its_subject():
    from newswatch.extract.gazetteer import Mention
    from newswatch.extract.pronouns import subject_in
    from newswatch.extract.roles import Span
    from newswatch.extract.syntax import Tree

    def tree(heads, deps, low):
        kids = [[k for k, h in enumerate(heads) if h == i and k != i] for i in range(len(heads))]
        return Tree(heads, deps, [""] * len(heads), kids, low, {})

    state = Mention(0, 6, "Russia", "RUS", None, "state")
    actors = [Span(0, 1, state, False)]
    # "Russia fell silent ." / "Russia shares fell ." (a modifier) / "Critics said Russia fell ." (no main subject)
    assert subject_in(tree([1, 1, 1, 1], ["nsubj", "root", "xcomp", "punct"], ["russia", "fell", "silent", "."]),
                      actors, state)
    assert not subject_in(tree([1, 2, 2, 2], ["compound", "nsubj", "root", "punct"], ["russia", "shares", "fell", "."]),
                          actors, state)
    assert not subject_in(tree([1, 1, 1, 1], ["nsubj", "root", "ccomp", "punct"], ["russia", "said", "fell", "."]),
                          [Span(2, 3, state, False)], state)
    other = Mention(0, 4, "Iran", "IRN", None, "state")
    assert not subject_in(tree([1, 1, 1], ["nsubj", "root", "punct"], ["iran", "fell", "."]), [Span(0, 1, other, False)],
                          state)
