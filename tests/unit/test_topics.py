"""Watch topics: loading with clear errors, the JSON schema, and matching filter by filter."""

from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from newswatch.alerts.roles import actor_role
from newswatch.alerts.topics import filter_results, load_topics, matches, topics_json_schema
from newswatch.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def shipped():
    return {t.name: t for t in load_topics(ROOT / "include" / "config" / "watch_topics.yaml").topics}


@pytest.fixture
def arms(shipped):
    return shipped["arms-transfers"]


@pytest.fixture
def summits(shipped):
    return shipped["korean-peninsula-summits"]


def _event(**over):
    event = {"world_event_id": "w1", "event_type": "AID", "contexts": ["military"], "actor1_code": "PRK",
             "actor1": "North Korea", "actor1_sector": None, "actor2_code": "RUS", "actor2": "Russia",
             "actor2_sector": None, "claim_status": "alleged", "confidence": 0.8, "summary": "s",
             "event_date": date(2023, 11, 8), "date_precision": "day", "date_basis": "publication",
             "location_code": None, "num_sources": 1,
             "first_reported_at": datetime(2023, 11, 8, 9, tzinfo=timezone.utc)}
    event.update(over)
    return event


def _meeting(actor1, actor2, **over):
    return _event(event_type="CONSULT", contexts=[], actor1=actor1, actor1_sector="GOV", actor2=actor2,
                  actor2_sector="GOV", claim_status="reported", **over)


def test_the_shipped_topics_file_is_valid_and_has_arms_transfers(arms):
    assert arms.event_types == {"AID", "AGREE"} and "desk-webhook" in arms.channels
    assert arms.novelty_window_days == 90


def test_arms_transfers_match_military_aid_but_not_humanitarian_aid_or_denials(arms):
    assert matches(arms, _event())
    assert not matches(arms, _event(contexts=["humanitarian"]))
    assert not matches(arms, _event(claim_status="denied"))
    assert not matches(arms, _event(event_type="CONSULT"))
    assert not matches(arms, _event(confidence=0.2))


def test_leader_level_summits_mean_heads_of_state_or_government_on_both_sides(summits):
    kim_putin = _meeting("North Korean leader Kim Jong Un", "Russian President Vladimir Putin")
    assert matches(summits, kim_putin)
    vice = _meeting("North Korea's vice foreign minister", "South Korean officials", actor2_code="KOR")
    assert not matches(summits, vice)
    kim_shoigu = _meeting("Kim Jong Un", "Russian Defence Minister Sergei Shoigu")
    assert not matches(summits, kim_shoigu)
    (roles,) = [r for r in filter_results(summits, vice) if r.name == "actor_roles"]
    assert not roles.passed
    assert "vice foreign minister\" is official" in roles.detail
    assert "'South Korean officials' is official" in roles.detail and roles.detail.endswith("in [head]")


@pytest.mark.parametrize(("name", "sector", "role"), [
    ("Russian President Vladimir Putin", "GOV", "head"),
    ("Kim Jong Un", None, "head"),
    ("Chinese Premier Li Qiang", "GOV", "head"),
    ("South Korea's foreign minister", "GOV", "minister"),
    ("deputy prime minister", "GOV", "minister"),  # a lowering qualifier: the next role down
    ("North Korea's vice foreign minister", "GOV", "official"),
    ("former President Moon Jae-in", "GOV", None),  # no longer in office
    ("ex-president", "GOV", None),
    ("opposition leader", "OPP", None),  # a title in another sector does not count
    ("the military", "MIL", "military"),
    ("North Korea", None, None),  # a state is no person
])
def test_an_actors_role_is_read_from_its_name_and_sector(name, sector, role):
    assert actor_role(name, sector) == role


def test_sources_exclusions_locations_and_sectors_are_filters(arms):
    from dataclasses import replace

    strict = replace(arms, min_sources=2, exclude_actors=frozenset({"BLR"}), exclude_contexts=frozenset({"economic"}),
                     locations=frozenset({"UKR"}), actor_sectors=frozenset({"GOV"}), role_match="any")
    ok = _event(num_sources=2, location_code="UKR", actor1_sector="GOV")
    assert matches(strict, ok)
    failing = {
        "min_sources": _event(num_sources=1, location_code="UKR", actor1_sector="GOV"),
        "exclude_actors": {**ok, "actor2_code": "BLR"},
        "exclude_contexts": {**ok, "contexts": ["military", "economic"]},
        "locations": {**ok, "location_code": None},
        "actor_sectors": {**ok, "actor1_sector": "MIL"},
    }
    for name, event in failing.items():
        failed = [r.name for r in filter_results(strict, event) if not r.passed]
        assert failed == [name], (name, failed)
        assert not matches(strict, event)


def test_a_denial_passes_the_claim_filter_only_where_the_topic_opts_in(arms):
    from dataclasses import replace

    assert not matches(arms, _event(claim_status="denied"))
    assert matches(replace(arms, alert_on_denials=True), _event(claim_status="denied"))


def test_a_bad_topics_file_names_every_problem(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("topics:\n  - name: x\n    event_types: [AIDE]\n    channels: [pager]\n    colour: red\n"
                    "    actor_roles: [king]\n")
    with pytest.raises(ConfigError) as caught:
        load_topics(path)
    lines = str(caught.value).splitlines()
    assert lines[0] == f"the watch topics file {path} has 4 problems:"
    assert f"  {path}:3: topics[0] (name 'x'): 'event_types' has unknown event types ['AIDE'] (did you mean 'AID'?)" in lines
    assert f"  {path}:4: topics[0] (name 'x'): channel 'pager' is not defined under 'channels:' (defined: log)" in lines
    assert any("'actor_roles' has unknown actor roles ['king']" in line for line in lines)
    assert any("unknown key 'colour'" in line and "actor_roles" in line for line in lines)


def test_a_digest_channel_names_a_channel_that_can_carry_it(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("channels:\n  feed: {type: atom, directory: /tmp/x}\n"
                    "  daily: {type: digest, via: feed}\n  weekly: {type: digest, via: nowhere, period: weekly}\n"
                    "  fine: {type: digest, via: log, period: hourly}\n"
                    "topics:\n  - {name: x, channels: [daily, weekly, fine]}\n")
    with pytest.raises(ConfigError) as caught:
        load_topics(path)
    text = str(caught.value)
    assert "channel 'daily': must name a channel of type log, webhook, email, apprise" in text
    assert "got 'feed' (of type atom)" in text
    assert "channel 'weekly': must name a channel" in text and "got 'nowhere'" in text
    assert "'fine'" not in text


def test_the_json_schema_lists_the_new_keys_with_the_ontologys_values():
    topic = topics_json_schema()["$defs"]["TopicEntry"]["properties"]
    assert topic["actor_roles"]["items"]["enum"] == ["head", "military", "minister", "official"]
    assert "GOV" in topic["actor_sectors"]["items"]["enum"]
    assert {"min_sources", "exclude_actors", "exclude_contexts", "locations", "alert_on_denials",
            "role_match"} <= set(topic)
