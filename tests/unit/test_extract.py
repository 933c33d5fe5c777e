"""extract_events: who did what to whom, when, where, and according to whom, per sentence.

Every article here is written for these tests.
"""

import datetime as dt

import pytest

from newswatch.extract import EXTRACTOR_VERSION, extract_events
from newswatch.extract.dictionaries import DICTIONARY_DIR_ENV
from newswatch.model import ArmsTransfer, ExtractedEvent

PUBLISHED = dt.date(2023, 11, 8)  # a Wednesday

# Our own retelling of the canonical case: an analysis piece with one allegation, two meetings and
# several hypotheticals that must not become events.
SEED_ARTICLE = """\
With tensions climbing on the Korean Peninsula and the war grinding on in Ukraine, analysts are \
examining the tightening bond between North Korea, Russia and China. The United States has repeatedly \
warned against North Korea providing weapons to Russia for its Ukraine campaign, yet analysts say \
Washington has few tools to stop Moscow and Pyongyang from working together.

One regional analyst argues that the US can impose more sanctions on North Korea, though they would do \
little to stop its cooperation with Russia. Further North Korean weapons could add to Russia's \
firepower, but they would not change the outcome of the war, according to another expert. "Could North \
Korean rifles and artillery rounds keep Russia's campaign going longer?" she asked.

North Korean leader Kim Jong Un's talks with Russian President Vladimir Putin show how far the three \
countries have drifted toward one another. Diplomacy between Washington and Pyongyang has been frozen \
since Donald Trump and Kim Jong Un met in Hanoi for a 2019 summit that ended without a deal, which \
deepened North Korea's distrust of the US.

Analysts expect that any future negotiations between the US and North Korea would focus narrowly on \
Pyongyang's nuclear program.
"""


def events(text: str, published: dt.date = PUBLISHED) -> list[ExtractedEvent]:
    return extract_events(text, published)


def only(text: str, event_type: str | None = None, published: dt.date = PUBLISHED) -> ExtractedEvent:
    found = [e for e in events(text, published) if event_type is None or e.event_type == event_type]
    assert len(found) == 1, found
    return found[0]


def triple(e: ExtractedEvent) -> tuple:
    return (e.event_type, e.actor1_code, e.actor2_code)


# ---- the canonical case -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def coded():
    return extract_events(SEED_ARTICLE, PUBLISHED)


class TestSeedArticle:
    def test_the_warning_is_an_accusation_by_the_united_states(self, coded):
        accuse = [e for e in coded if e.event_type == "ACCUSE"]
        assert [(e.actor1_code, e.actor2_code, e.claim_status) for e in accuse] == [("USA", "PRK", "reported")]

    def test_the_arms_supply_is_alleged_by_the_united_states(self, coded):
        aid = [e for e in coded if e.event_type == "AID"]
        assert len(aid) == 1
        e = aid[0]
        assert "military" in e.contexts
        assert (e.actor1_code, e.actor2_code) == ("PRK", "RUS")
        assert (e.claim_status, e.claimed_by, e.claimed_by_text) == ("alleged", "USA", "United States")
        assert (e.event_date, e.date_precision, e.date_basis) == (PUBLISHED, "day", "publication")
        assert e.arms == ArmsTransfer("weapons", None, "PRK", "RUS", "suspected")

    def test_the_kim_putin_meeting_is_a_consultation_in_order_of_mention(self, coded):
        meeting = [e for e in coded if e.event_type == "CONSULT" and e.actor2_code == "RUS"]
        assert len(meeting) == 1
        e = meeting[0]
        assert (e.actor1_code, e.actor1_sector, e.actor2_sector) == ("PRK", "GOV", "GOV")
        assert e.claim_status == "reported"
        assert e.actor1 == "North Korean leader Kim Jong Un"

    def test_the_2019_hanoi_summit_is_dated_by_its_own_clause(self, coded):
        summit = [e for e in coded if e.event_type == "CONSULT" and e.actor1_code == "USA"]
        assert len(summit) == 1
        e = summit[0]
        assert e.actor2_code == "PRK"
        assert (e.event_date, e.date_precision, e.date_basis, e.date_text) == (dt.date(2019, 1, 1), "year", "text", "2019")
        assert (e.location, e.location_code) == ("Hanoi", "VNM")

    def test_hypotheticals_and_the_question_yield_nothing(self, coded):
        assert sorted(triple(e) for e in coded) == sorted(
            [("ACCUSE", "USA", "PRK"), ("AID", "PRK", "RUS"), ("CONSULT", "PRK", "RUS"), ("CONSULT", "USA", "PRK")]
        )
        hypothetical = ("can impose", "could add", "would focus", "Could North Korean")
        assert not [e for e in coded if any(h in e.sentence for h in hypothetical)]

    def test_provenance_points_at_the_sentence(self, coded):
        for e in coded:
            assert SEED_ARTICLE[e.start : e.end] == e.sentence
            assert e.extractor_version == EXTRACTOR_VERSION
            assert 0.0 <= e.confidence <= 1.0
            assert e.pattern_id


# ---- event types ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("North Korea supplied artillery shells to Russia.", ("AID", "PRK", "RUS")),
        ("Russia and North Korea signed a mutual defence treaty.", ("AGREE", "RUS", "PRK")),
        ("Kim Jong Un met Vladimir Putin at the Vostochny Cosmodrome.", ("CONSULT", "PRK", "RUS")),
        ("Japan condemned North Korea for the launch.", ("ACCUSE", "JPN", "PRK")),
        ("Washington imposed new sanctions on Russian banks.", ("SANCTION", "USA", "RUS")),
        ("North Korea threatened South Korea with nuclear retaliation.", ("THREATEN", "PRK", "KOR")),
        ("Russian forces attacked Kyiv with drones.", ("ASSAULT", "RUS", "UKR")),
        ("North Korea rejected a proposal from Seoul.", ("REJECT", "PRK", "KOR")),
        ("Kyiv urged Berlin to speed up deliveries.", ("REQUEST", "UKR", "DEU")),
        ("The European Union praised Moldova.", ("SUPPORT", "EU", "MDA")),
        ("China and Russia held joint naval drills in the Sea of Japan.", ("COOPERATE", "CHN", "RUS")),
        ("Russia released two Ukrainian prisoners.", ("RETREAT", "RUS", "UKR")),
        ("South Korean activists protested against Japan.", ("PROTEST", "KOR", "JPN")),
        ("Russia deployed troops to Belarus.", ("MOBILIZE", "RUS", "BLR")),
        ("Iran seized a British tanker.", ("COERCE", "IRN", "GBR")),
        ("China expelled Canadian diplomats.", ("SANCTION", "CHN", "CAN")),
        ("North Korea gave in to Chinese demands.", ("CONCEDE", "PRK", "CHN")),
    ],
)
def test_event_types(text, expected):
    assert triple(only(text)) == expected


def test_an_arms_transfer_is_aid_with_military_context_and_detail():
    e = only("North Korea shipped more than 1 million artillery shells to Russia.")
    assert (e.event_type, e.claim_status) == ("AID", "reported")
    assert "military" in e.contexts
    assert e.arms == ArmsTransfer("artillery shells", "more than 1 million", "PRK", "RUS", "delivered")


def test_a_promise_of_arms_is_agree_with_military_context():
    e = only("Russia agreed to supply fighter jets to North Korea.")
    assert triple(e) == ("AGREE", "RUS", "PRK")
    assert "military" in e.contexts
    assert e.claim_status == "planned"
    assert e.arms == ArmsTransfer("combat aircraft", None, "RUS", "PRK", "agreed")


def test_aid_without_weapons_has_no_arms_detail():
    e = only("Japan sent food and medicine to Turkey.")
    assert triple(e) == ("AID", "JPN", "TUR")
    assert "humanitarian" in e.contexts and "military" not in e.contexts
    assert e.arms is None


def test_a_missile_launch_without_a_target_is_a_show_of_force():
    e = only("North Korea test-fired a ballistic missile.")
    assert (e.event_type, e.actor1_code, e.actor2_code) == ("MOBILIZE", "PRK", None)


def test_firing_at_a_target_is_an_assault_not_a_show_of_force():
    assert triple(only("Russia fired missiles at Ukraine.")) == ("ASSAULT", "RUS", "UKR")


def test_striking_a_city_targets_its_state_and_places_the_event():
    e = only("Russian forces shelled Kharkiv.")
    assert (e.event_type, e.actor1_code, e.actor1_sector, e.actor2_code) == ("ASSAULT", "RUS", "MIL", "UKR")
    assert (e.location, e.location_code) == ("Kharkiv", "UKR")


def test_striking_a_deal_is_an_agreement_not_an_attack():
    assert triple(only("Russia struck a deal with Iran.")) == ("AGREE", "RUS", "IRN")


def test_a_visit_to_a_capital_is_a_consultation_there():
    e = only("Putin visited Pyongyang.")
    assert (e.event_type, e.event_mode, e.actor1_code, e.actor2_code) == ("CONSULT", "visit", "RUS", "PRK")
    assert e.location == "Pyongyang"


def test_a_phone_call_is_a_consultation_by_phone():
    e = only("Yoon Suk Yeol spoke by phone with Joe Biden.")
    assert (e.event_type, e.event_mode, e.actor1_code, e.actor2_code) == ("CONSULT", "phone", "KOR", "USA")


# ---- direction -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "North Korea supplied arms to Russia.",
        "North Korea supplied Russia with ammunition.",
        "Russia received shells from North Korea.",
        "Russia bought rockets from North Korea.",
        "Artillery shells were shipped to Russia by North Korea.",
        "Russia was supplied with missiles by North Korea.",
        "North Korea's arms shipments to Russia continued.",
    ],
)
def test_the_supplier_is_always_actor1_and_the_recipient_actor2(text):
    e = only(text, "AID")
    assert (e.actor1_code, e.actor2_code) == ("PRK", "RUS")
    assert (e.arms.supplier, e.arms.recipient) == ("PRK", "RUS")


def test_a_passive_attack_keeps_the_attacker_first():
    assert triple(only("Kyiv was attacked by Russia.")) == ("ASSAULT", "RUS", "UKR")


def test_coordinated_suppliers_each_get_an_event():
    found = events("Iran and North Korea supplied drones to Russia.")
    assert sorted(triple(e) for e in found) == [("AID", "IRN", "RUS"), ("AID", "PRK", "RUS")]


def test_symmetric_events_list_parties_in_order_of_mention():
    assert triple(only("Seoul and Tokyo held talks.")) == ("CONSULT", "KOR", "JPN")
    assert triple(only("The talks between Tokyo and Seoul ended.")) == ("CONSULT", "JPN", "KOR")


# ---- claim status --------------------------------------------------------------------------------


def test_a_plain_statement_is_reported():
    e = only("North Korea delivered rockets to Russia.")
    assert (e.claim_status, e.claimed_by, e.claimed_by_text) == ("reported", None, None)


@pytest.mark.parametrize(
    "text, claimant, claimant_text",
    [
        ("US officials said North Korea delivered rockets to Russia.", "USA", "US officials"),
        ("Seoul's spy agency believes North Korea shipped rockets to Russia.", "KOR", "Seoul's spy agency"),
        ("North Korea shipped rockets to Russia, according to the White House.", "USA", "the White House"),
        ("North Korea shipped rockets to Russia, South Korea's military said.", "KOR", "South Korea's military"),
        ("Washington accused Pyongyang of sending rockets to Moscow.", "USA", "Washington"),
        ("Experts believe North Korea shipped rockets to Russia.", None, "Experts"),
    ],
)
def test_claims_are_alleged_with_the_claimant(text, claimant, claimant_text):
    e = only(text, "AID")
    assert (e.actor1_code, e.actor2_code) == ("PRK", "RUS")
    assert (e.claim_status, e.claimed_by, e.claimed_by_text) == ("alleged", claimant, claimant_text)
    assert e.arms.stage == "suspected"


def test_the_warning_is_itself_an_accusation_and_frames_the_allegation():
    found = events("Washington keeps warning against Iran supplying drones to Russia.")
    accuse = only_of(found, "ACCUSE")
    aid = only_of(found, "AID")
    assert (accuse.actor1_code, accuse.actor2_code, accuse.claim_status) == ("USA", "IRN", "reported")
    assert (aid.actor1_code, aid.actor2_code, aid.claim_status, aid.claimed_by) == ("IRN", "RUS", "alleged", "USA")


def only_of(found, event_type):
    matching = [e for e in found if e.event_type == event_type]
    assert len(matching) == 1, found
    return matching[0]


def test_reportedly_makes_an_unattributed_allegation():
    e = only("North Korea reportedly shipped shells to Russia.")
    assert (e.claim_status, e.claimed_by) == ("alleged", None)


@pytest.mark.parametrize(
    "text, claimant",
    [
        ("Moscow denied receiving weapons from Pyongyang.", "RUS"),
        ("Beijing has repeatedly denied supplying weapons to Russia.", "CHN"),
        ("The Kremlin rejected claims that Russia bought shells from North Korea.", "RUS"),
    ],
)
def test_denials_are_denied_and_attributed_to_the_denier(text, claimant):
    e = only(text, "AID")
    assert (e.claim_status, e.claimed_by) == ("denied", claimant)


@pytest.mark.parametrize(
    "text",
    [
        "Russia confirmed that it received drones from Iran.",
        "Russia acknowledged receiving drones from Iran.",
        "Russia said it had received drones from Iran.",  # the recipient speaking for itself
    ],
)
def test_confirmations_are_confirmed(text):
    e = only(text, "AID")
    assert (e.actor1_code, e.actor2_code, e.claim_status, e.claimed_by) == ("IRN", "RUS", "confirmed", "RUS")


@pytest.mark.parametrize(
    "text, event_type, stage",
    [
        ("Pyongyang plans to ship more rockets to Moscow.", "AID", "planned"),
        ("North Korea will send tanks to Russia.", "AID", "planned"),
        ("Russia agreed to deliver air defence systems to Belarus.", "AGREE", "agreed"),
        ("Putin will visit Pyongyang.", "CONSULT", None),
    ],
)
def test_plans_and_promises_are_planned(text, event_type, stage):
    e = only(text)
    assert (e.event_type, e.claim_status) == (event_type, "planned")
    assert (e.arms.stage if e.arms else None) == stage


@pytest.mark.parametrize(
    "text",
    [
        "The US could impose more sanctions on North Korea.",
        "The US can impose more sanctions on North Korea.",
        "North Korean shells would help Russia, and Moscow may buy more from Pyongyang.",
        "Russia might attack Kyiv again.",
        "If North Korea sends shells to Russia, the US will impose sanctions.",
        "Any talks between Washington and Pyongyang would focus on missiles.",
        "Ukraine urged Germany to send more tanks to Kyiv soon.",
    ],
)
def test_hypotheticals_are_not_events(text):
    assert [e for e in events(text) if e.event_type not in ("REQUEST",)] == []


@pytest.mark.parametrize(
    "text",
    [
        "North Korea did not send weapons to Russia.",
        "North Korea never supplied weapons to Russia.",
        "Kim failed to meet Trump.",
    ],
)
def test_negated_events_are_not_events(text):
    assert events(text) == []


def test_a_refused_future_act_is_no_event_but_a_refusal():
    # "will not send" states a refusal (PLOVER REJECT, CAMEO 12); the jets are never a transfer
    found = events("Sweden will not send fighter jets to Ukraine.")
    assert [(e.event_type, e.actor1_code, e.claim_status) for e in found] == [("REJECT", "SWE", "reported")]
    assert all(e.arms is None for e in found)


def test_questions_are_not_events():
    assert events("Will China supply drones to Russia? Did Kim Jong Un meet Putin?") == []


def test_a_threat_to_attack_is_a_threat_not_an_attack():
    assert [triple(e) for e in events("North Korea threatened to attack South Korea.")] == [("THREATEN", "PRK", "KOR")]


def test_rejected_talks_are_a_rejection_not_a_meeting():
    assert [triple(e) for e in events("North Korea rejected talks with the United States.")] == [
        ("REJECT", "PRK", "USA")
    ]


# ---- when ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, date, precision, date_text",
    [
        ("Kim met Putin on September 13. Kim Jong Un met Putin on September 13.", dt.date(2023, 9, 13), "day", "September 13"),
        ("Kim Jong Un met Putin on 13 September 2023.", dt.date(2023, 9, 13), "day", "13 September 2023"),
        ("Kim Jong Un met Putin on Sept. 13, 2023.", dt.date(2023, 9, 13), "day", "Sept. 13, 2023"),
        ("Kim Jong Un met Putin in September 2023.", dt.date(2023, 9, 1), "month", "September 2023"),
        ("Kim Jong Un met Donald Trump in 2019.", dt.date(2019, 1, 1), "year", "2019"),
        ("Kim Jong Un met Putin yesterday.", dt.date(2023, 11, 7), "day", "yesterday"),
        ("Kim Jong Un met Putin last Tuesday.", dt.date(2023, 11, 7), "day", "last Tuesday"),
        ("Kim Jong Un met Putin on Monday.", dt.date(2023, 11, 6), "day", "Monday"),
        ("Kim Jong Un met Putin earlier this month.", dt.date(2023, 11, 1), "month", "earlier this month"),
        ("Kim Jong Un met Putin last month.", dt.date(2023, 10, 1), "month", "last month"),
        ("Kim Jong Un met Putin last year.", dt.date(2022, 1, 1), "year", "last year"),
        ("Kim Jong Un met Putin this year.", dt.date(2023, 1, 1), "year", "this year"),
        ("Kim Jong Un met Putin three days ago.", dt.date(2023, 11, 5), "day", "three days ago"),
    ],
)
def test_the_event_takes_the_date_stated_in_its_clause(text, date, precision, date_text):
    e = only(text)
    assert (e.event_date, e.date_precision, e.date_basis, e.date_text) == (date, precision, "text", date_text)


def test_weeks_are_coded_as_their_seven_days():
    e = only("Kim Jong Un met Putin last week.")  # 2023-W44: 30 October - 5 November
    assert (e.event_date, e.event_date_end, e.date_precision, e.date_basis, e.date_text) == (
        dt.date(2023, 10, 30), dt.date(2023, 11, 5), "day", "text", "last week")
    e = only("Kim Jong Un met Putin two weeks ago.")  # 2023-W43: 23-29 October
    assert (e.event_date, e.event_date_end, e.date_precision) == (dt.date(2023, 10, 23), dt.date(2023, 10, 29), "day")


def test_without_a_date_in_its_clause_the_event_falls_back_to_publication():
    found = events("Kim Jong Un met Putin, months after the collapse of the 2019 summit with Trump.")
    meeting = [e for e in found if e.actor2_code == "RUS"][0]
    assert (meeting.event_date, meeting.date_precision, meeting.date_basis, meeting.date_text) == (
        PUBLISHED, "day", "publication", None)
    summit = [e for e in found if e.actor2_code == "USA"][0]  # the summit's own clause has its year
    assert (summit.event_type, summit.actor1_code, summit.event_date, summit.date_basis) == (
        "CONSULT", "PRK", dt.date(2019, 1, 1), "text")


def test_each_clause_keeps_its_own_date():
    text = "Russia attacked Kyiv on Monday, after North Korea shipped shells to Russia in September."
    found = {e.event_type: e for e in events(text)}
    assert found["ASSAULT"].event_date == dt.date(2023, 11, 6)
    assert (found["AID"].event_date, found["AID"].date_precision) == (dt.date(2023, 9, 1), "month")


def test_a_reporting_date_does_not_date_the_reported_event():
    e = only("South Korea said on Tuesday that North Korea had shipped shells to Russia.", "AID")
    assert (e.event_date, e.date_basis) == (PUBLISHED, "publication")


def test_vague_references_do_not_date_an_event():
    e = only("North Korea recently shipped shells to Russia.")
    assert e.date_basis == "publication"


def test_a_planned_event_on_a_weekday_lies_ahead_and_a_past_one_behind():
    assert only("Putin will visit Pyongyang on Monday.").event_date == dt.date(2023, 11, 13)
    assert only("Putin visited Pyongyang on Monday.").event_date == dt.date(2023, 11, 6)


def test_a_past_event_without_a_year_is_not_put_in_the_future():
    assert only("Russia attacked Kyiv on December 20.").event_date == dt.date(2022, 12, 20)
    assert only("Kim Jong Un will meet Putin in December.").event_date == dt.date(2023, 12, 1)


# ---- where ---------------------------------------------------------------------------------------


def test_a_stated_location_is_coded_with_its_state():
    e = only("Donald Trump met Kim Jong Un in Hanoi in 2019.")
    assert (e.actor1_code, e.actor2_code, e.location, e.location_code) == ("USA", "PRK", "Hanoi", "VNM")


def test_a_capital_after_in_is_a_place_and_otherwise_the_state_itself():
    e = only("Kim Jong Un and Vladimir Putin met in Moscow.")
    assert (e.actor1_code, e.actor2_code, e.location, e.location_code) == ("PRK", "RUS", "Moscow", "RUS")
    e = only("Moscow imposed sanctions on Seoul.")
    assert (e.actor1, e.actor1_code, e.actor2_code, e.location) == ("Moscow", "RUS", "KOR", None)


def test_the_war_in_a_country_is_not_the_event_location():
    e = only("North Korea sent shells to Russia for its war in Ukraine.")
    assert e.location is None


def test_no_location_when_none_is_stated():
    assert only("North Korea sent shells to Russia.").location is None


# ---- actors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, code, sector",
    [
        ("Kim Jong Un", "PRK", "GOV"),
        ("Vladimir Putin", "RUS", "GOV"),
        ("Donald Trump", "USA", "GOV"),
        ("Xi Jinping", "CHN", "GOV"),
        ("Volodymyr Zelensky", "UKR", "GOV"),
        ("Yoon Suk Yeol", "KOR", "GOV"),
        ("US officials", "USA", "GOV"),
        ("Seoul's spy agency", "KOR", "GOV"),
        ("South Korea's National Intelligence Service", "KOR", "GOV"),
        ("The Kremlin", "RUS", "GOV"),
        ("The Pentagon", "USA", "MIL"),
        ("Russian troops", "RUS", "MIL"),
        ("The North Korean military", "PRK", "MIL"),
        ("Pyongyang", "PRK", None),
        ("The DPRK", "PRK", None),
        ("Chinese Foreign Minister Wang Yi", "CHN", "GOV"),
        ("NATO", "NATO", None),
        ("Malawi", "MWI", None),  # every state, from pycountry
    ],
)
def test_actors_resolve_to_state_codes_and_sectors(name, code, sector):
    e = only(f"{name} condemned Japan.")
    assert (e.actor1_code, e.actor1_sector) == (code, sector)


def test_a_surname_alone_resolves_only_after_the_full_name():
    assert events("Kim condemned Japan.") == []
    found = events("Kim Jong Un was in Moscow. Kim condemned Japan.")
    assert [(e.actor1, e.actor1_code) for e in found] == [("Kim", "PRK")]


def test_lower_case_words_are_not_countries():
    assert events("The turkey was sent to china shops in jordan.") == []


# ---- provenance and version ----------------------------------------------------------------------


def test_offsets_point_at_the_sentence_in_the_article():
    text = "Markets were calm.\n\nOn Monday, Russia attacked Kyiv. Nothing else happened."
    e = only(text)
    assert text[e.start : e.end] == e.sentence == "On Monday, Russia attacked Kyiv."
    assert (e.pattern_id, e.extractor_version) == ("assault.attack", EXTRACTOR_VERSION)


def test_the_extractor_version_can_be_set_for_recoding():
    e = extract_events("Russia attacked Kyiv.", PUBLISHED, extractor_version="rules-test")[0]
    assert e.extractor_version == "rules-test"


def test_confidence_is_higher_with_both_actors():
    assert only("Russia attacked Kyiv.").confidence > only("North Korea test-fired a missile.").confidence


def test_empty_text_and_text_without_events():
    assert events("") == []
    assert events("The weather was mild across the peninsula.") == []


# ---- analysts' dictionaries ----------------------------------------------------------------------


def test_analyst_dictionaries_add_actors_and_patterns(tmp_path, monkeypatch):
    text = "Minister Arnel Vasquez airlifted rations to Ukraine."
    assert events(text) == []
    (tmp_path / "local.yaml").write_text(
        """\
people:
  - {names: [Arnel Vasquez], code: PHL, sector: GOV}
patterns:
  - id: local.airlift
    type: AID
    verbs: [airlift]
    source: [subj]
    target: [prep:to]
context_cues:
  humanitarian: [rations]
""",
        encoding="utf-8",
    )
    monkeypatch.setenv(DICTIONARY_DIR_ENV, str(tmp_path))
    e = only(text)
    assert (e.event_type, e.actor1_code, e.actor1_sector, e.actor2_code, e.pattern_id) == (
        "AID", "PHL", "GOV", "UKR", "local.airlift")
    assert "humanitarian" in e.contexts
    monkeypatch.delenv(DICTIONARY_DIR_ENV)
    assert events(text) == []


def test_petrarch_country_dictionaries_convert_to_an_analyst_file(tmp_path, capsys):
    from newswatch.extract.convert.petrarch_actors import convert, main

    source = """\
# A TABARI actors file
# The MIT License (MIT)

FREEDONIA_  [FRE]
+FREEDONIAN_
+SYLVANIA_CITY_
RUFUS_T_FIREFLY_  # leader
+PRESIDENT_FIREFLY_
\t[FREGOV 300101-351231]
\t[FREMIL >160101]
OLD_TIMER_  # retired long ago
\t[FREGOV 500101-601231]
"""
    converted = convert(source, since=2015)
    assert converted["states"]["FRE"] == {"names": ["Freedonia", "Sylvania City"], "demonyms": ["Freedonian"]}
    assert converted["people"] == [{"names": ["Rufus T Firefly", "President Firefly"], "code": "FRE", "sector": "MIL"}]
    path = tmp_path / "actors.txt"
    path.write_text(source, encoding="utf-8")
    assert main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "#   The MIT License (MIT)" in out  # the source's notice travels with the derived data


def test_a_dateline_city_is_not_an_actor():
    e = only("SEOUL, Nov 2 (Harbour Times) - North Korea fired a missile.")
    assert (e.event_type, e.actor1_code) == ("MOBILIZE", "PRK")


# ---- fixes to known gaps -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "There was no summit between Seoul and Pyongyang this year.",  # a negated nominal trigger
        "No talks between Seoul and Tokyo took place.",
        "North Korea sent no weapons to Russia.",  # a negated object
    ],
)
def test_negated_nominal_and_object_are_not_events(text):
    assert events(text) == []


def test_a_promise_of_arms_to_someone_is_planned():
    e = only("Putin promised fighter jets to North Korea.")
    assert (triple(e), e.claim_status, e.arms.stage) == (("AGREE", "RUS", "PRK"), "planned", "agreed")


def test_a_states_press_reporting_an_event_does_not_confirm_it():
    e = only("Russia attacked Kyiv on Monday, a Russian newspaper reported.")
    assert (e.claim_status, e.claimed_by) == ("alleged", "RUS")
    e = only("Russia attacked Kyiv on Monday, the Russian defence ministry said.")
    assert (e.claim_status, e.claimed_by) == ("confirmed", "RUS")


def test_a_leader_and_his_own_state_are_not_two_parties():
    assert events("Kim Jong Un praised North Korea.") == []


def test_an_attribution_followed_by_a_time_phrase_still_frames_the_clause():
    e = only("North Korea shipped rockets to Russia, US officials said on Friday, in a briefing.", "AID")
    assert (e.claim_status, e.claimed_by) == ("alleged", "USA")


# ---- the converted PETRARCH dictionaries ---------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Amnesty International condemned Zimbabwe.", ("ACCUSE", "AMN", "ZWE")),  # an NGO
        ("Zimbabwean officials condemned Kenya.", ("ACCUSE", "ZWE", "KEN")),  # a converted demonym
        ("Robert Mugabe condemned Britain.", ("ACCUSE", "ZWE", "GBR")),  # a leader no longer in office
        ("Kenya donated maize to Somalia.", ("AID", "KEN", "SOM")),  # a converted CAMEO verb
        ("Hezbollah condemned Israel.", ("ACCUSE", "HEZBOLLAH", "ISR")),  # curated entries still win
    ],
)
def test_converted_dictionaries_add_actors_and_verbs(text, expected):
    assert triple(only(text)) == expected


def test_petrarch_organisation_files_convert_with_state_and_class_codes():
    from newswatch.extract.convert.petrarch_actors import convert_organisations

    source = """\
# sample organisations
LOIRE_LIBERATION_FRONT_ [FRAREB]
+LLF_
SYLVANIAN_RELIEF_SOCIETY_ [NGOHLHSRS]
DESERT_BRIGADES_ [MEAREB]
MEGACORP_ [MNCUSA]
"""
    orgs = convert_organisations(source, known=set())["organisations"]
    assert orgs == [
        {"names": ["Loire Liberation Front", "LLF"], "code": "FRA", "sector": "REB"},  # a state's group
        {"names": ["Sylvanian Relief Society"], "code": "SRS", "sector": None},  # its own CAMEO code
        {"names": ["Desert Brigades"], "code": "IMG", "sector": "REB"},  # a region's: only its class
    ]  # companies (MNC) are left out


def test_cameo_verbs_convert_to_plover_patterns():
    from newswatch.extract.convert.petrarch_verbs import convert

    verbs = """\
--- GIFT [070] ---
BESTOW_UPON
GRANT_AID
TITHE
DONATE
--- RALLY [---] ---
CONVENE
--- MENACE [130] ---
MENACE
INTIMIDATE [138]
"""
    table = "070: AID,   ,  # Provide aid\n130: THREATEN,   ,  # Threaten\n138: THREATEN, violence, military # x\n"
    patterns = {p["id"]: p for p in convert(verbs, table, known={"donate"})["patterns"]}
    assert patterns["petrarch.aid.any"]["verbs"] == ["tithe"]  # "donate" is known to the curated rules
    assert patterns["petrarch.aid.any"]["target"][0] == "prep:to"
    assert patterns["petrarch.threaten.violence.military"]["verbs"] == ["intimidate"]
    assert patterns["petrarch.threaten.any"]["verbs"] == ["menace"]
    assert not any("convene" in p.get("verbs", []) for p in patterns.values())  # a null code


def test_cameo_phrase_patterns_make_a_general_verb_an_event():
    from newswatch.extract.convert.petrarch_verbs import convert

    verbs = """--- RETURN [---] ---
RETURN
REVERT
- * TO TALKS [046]  # RETURN <xx>
- * TO + [---]  # RETURN
- + WERE * HOME [046]  # RETURN
- * WHEN GUNMEN ARRIVED [190]  # REVERT
--- OPEN [---] ---
OPEN
- * FIRE ON + [190]  # OPEN
"""
    table = "046: CONSULT, , # Engage in negotiation\n190: ASSAULT, , military # Use conventional force\n"
    patterns = {p["id"]: p for p in convert(verbs, table, known=set())["patterns"]}
    # words before the verb, or a clause after it, need the parse PETRARCH had: not converted
    assert patterns["petrarch.phrase.consult.any"]["phrases"] == ["return * to * talks"]
    assert patterns["petrarch.phrase.assault.any.military"]["phrases"] == ["open * fire/fires * on"]
    assert patterns["petrarch.phrase.assault.any.military"]["require_target"] is False  # PLOVER codes it one-sided
    assert "return" not in str(patterns.get("petrarch.consult.any", {}).get("verbs"))  # alone it is no event
    # a curated phrase of the same verb wins where the two share a word, and only there
    kept = convert(verbs, table, known=set(), curated_phrases={"open": {"investigation"}})["patterns"]
    assert any("open * fire/fires * on" in p.get("phrases", []) for p in kept)
    dropped = convert(verbs, table, known=set(), curated_phrases={"open": {"fire"}})["patterns"]
    assert not any("open * fire/fires * on" in p.get("phrases", []) for p in dropped)


def test_a_stated_date_after_the_report_makes_the_event_planned():
    e = only("Kim Jong Un meets Putin tomorrow in Vladivostok.")
    assert (e.event_date, e.claim_status, e.date_basis) == (dt.date(2023, 11, 9), "planned", "text")
    e = only("Kim Jong Un meets Putin on 20 November 2023.")
    assert (e.event_date, e.claim_status) == (dt.date(2023, 11, 20), "planned")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Kim Jong Un met Vladimir Putin on Monday. The two leaders signed a defence pact.",
         ("AGREE", "PRK", "RUS")),
        ("Kim Jong Un met Vladimir Putin, and the two leaders agreed to expand trade.", ("AGREE", "PRK", "RUS")),
        ("Xi Jinping visited Moscow. Both sides condemned NATO.", ("ACCUSE", "CHN", "NATO")),
    ],
)
def test_the_two_leaders_are_the_two_parties_named_before(text, expected):
    assert expected in [triple(e) for e in events(text)]


def test_the_two_leaders_without_two_parties_before_them_are_nobody():
    assert events("The two leaders signed a pact.") == []
    assert events("Kim Jong Un spoke. The two leaders signed a pact.") == []


def test_a_demand_that_someone_act_targets_that_someone():
    found = events("China demanded that the United States cancel arms sales to Taiwan.")
    assert [triple(e) for e in found] == [("REQUEST", "CHN", "USA")]  # the sale is only demanded


@pytest.mark.parametrize(
    "text, expected",
    [
        # the pirates threatened, not India; the capture itself is coded with no named target (1.0.0:
        # PLOVER codes one-sided events)
        ("The Indian navy captured 23 pirates who threatened a German vessel.", [("COERCE", "IND", None)]),
        ("The Russians who attacked Kyiv withdrew.", [("ASSAULT", "RUS", "UKR")]),
        ("Russia, which attacked Kyiv on Monday, denied it.", [("ASSAULT", "RUS", "UKR")]),
    ],
)
def test_a_relative_clause_has_the_noun_before_who_as_subject(text, expected):
    assert [triple(e) for e in events(text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ugandan rebels surrendered to the army.", ("RETREAT", "UGA", None)),
        ("The withdrawal of Russian troops from Georgia began in May.", ("RETREAT", "RUS", "GEO")),
        ("France cancelled a planned visit to Haiti.", ("SANCTION", "FRA", "HTI")),
        ("Italy suspended air links with Serbia.", ("SANCTION", "ITA", "SRB")),
        ("Greek farmers blocked roads in Bulgaria.", ("PROTEST", "GRC", "BGR")),
    ],
)
def test_retreats_cancellations_and_blockades(text, expected):
    assert expected in [triple(e) for e in events(text)]


def test_rebels_of_a_state_are_its_rebel_sector():
    e = only("Ugandan rebels condemned Kenya.")
    assert (e.actor1_code, e.actor1_sector) == ("UGA", "REB")


def test_agreeing_to_buy_arms_is_an_agreement_with_the_supplier():
    e = only("Turkey agreed to buy S-400 systems from Russia.")
    assert (triple(e), e.claim_status, e.arms.stage, e.arms.weapon_class) == (
        ("AGREE", "RUS", "TUR"), "planned", "agreed", "air defence")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Protesters in Hong Kong condemned China.", ("HKG", "OPP", "CHN")),
        ("Officials in Kyiv accused Russia.", ("UKR", "GOV", "RUS")),
    ],
)
def test_an_agent_in_a_state_speaks_for_that_states_people(text, expected):
    e = only(text)
    assert (e.actor1_code, e.actor1_sector, e.actor2_code) == expected


def test_troops_in_a_state_are_not_that_states_troops():
    assert events("Forces in Iraq attacked Syria.") == []


def test_an_unquoted_yaml_boolean_cue_is_a_clear_dictionary_error(tmp_path, monkeypatch):
    from newswatch.extract.dictionaries import DictionaryError

    (tmp_path / "cues.yaml").write_text("negation: [no, nope]\n", encoding="utf-8")
    monkeypatch.setenv(DICTIONARY_DIR_ENV, str(tmp_path))
    with pytest.raises(DictionaryError, match="quote no/yes/on/off"):
        events("Russia attacked Kyiv.")


def test_a_batch_is_coded_exactly_as_its_articles_one_by_one():
    """extract_many parses the candidate sentences of many articles together (in chunks of
    PARSE_CHUNK sentences): the events, their order, dates and headline events are the same as
    coding each article alone, also when a chunk boundary falls inside an article."""
    from newswatch.extract import extract_many
    from newswatch.extract.coder import PARSE_CHUNK

    lines = [
        "Officials in Seoul said North Korea had denied sending artillery shells to Russia.",
        "Japan pledged on Tuesday to provide radar systems to the Philippines.",
        "Police in Nairobi arrested dozens of opposition supporters after the rally, the ministry said.",
        "There is no evidence that Iran delivered drones to Sudan, the envoy told reporters.",
        "Turkey and Greece agreed to resume talks on maritime borders next month.",
    ]
    items = []
    for n in range(3 * PARSE_CHUNK // len(lines) + 3):
        day = PUBLISHED - dt.timedelta(days=n % 9)
        text = " ".join(lines[(n + k) % len(lines)] for k in range(len(lines)))
        items.append((text, day, "Seoul says Pyongyang shipped shells to Moscow" if n % 4 == 0 else None))
    items.append((SEED_ARTICLE, PUBLISHED, None))
    items.append(("", PUBLISHED, ""))  # an empty article codes to nothing

    alone = [extract_events(text, day, title=title) for text, day, title in items]
    together = extract_many(items)
    assert together == alone
    assert sum(map(len, together)) > 2 * len(items)  # the articles do code to events
    assert any(e.in_title for found in together for e in found)


@pytest.mark.parametrize("text, doer, speaker", [
    # parsed with "ministry" as an oblique of "sent" and "confirmed" as an adverbial clause
    ("North Korea sent artillery shells to Russia, South Korea's defence ministry confirmed on Friday, "
     "as it refused to comment further.", "PRK", "KOR"),
    ("Belarus delivered tank shells to Russia, Poland's defence ministry confirmed.", "BLR", "POL"),
    ("Iran shipped drones to Russia, Japan's defence ministry said on Friday, as it declined to comment "
     "further.", "IRN", "JPN"),
])
def test_a_trailing_attribution_names_its_own_speaker_not_the_events_doer(text, doer, speaker):
    (e,) = [e for e in events(text) if e.event_type == "AID"]
    assert (e.actor1_code, e.claimed_by) == (doer, speaker), e
