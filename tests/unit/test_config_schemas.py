"""feeds.yaml and watch_topics.yaml as schemas: every problem at once, one per line naming the file
and line, the entry and the field; malformed YAML in one line; and the JSON Schema for editors,
which accepts the shipped files and refuses what the loaders refuse."""

from __future__ import annotations

import pickle
import textwrap
from pathlib import Path

import jsonschema
import pytest
import yaml

from newswatch.alerts.topics import load_topics, topics_json_schema
from newswatch.errors import ConfigError, FeedListError, TopicsError
from newswatch.ingest.feedlist import feed_list_json_schema, load_feed_list

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def write(tmp_path):
    def _write(text: str, name: str = "feeds.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path
    return _write


def _problems(loader, path) -> tuple[str, ...]:
    with pytest.raises(ConfigError) as caught:
        loader(path)
    return caught.value.problems


# --- feeds.yaml ---------------------------------------------------------------------------------

def test_a_feed_list_with_many_problems_reports_them_all_one_per_line(write):
    path = write("""\
        polling:
          per_host: 0
          intervall: 5
        feeds:
          - {name: a, url: "https://a.example/rss"}
          - {name: b, url: "https://b.example/rss", source: B, full_text: "yes", tags: [ok, ""]}
          - {name: a, url: "https://c.example/rss", source: C}
    """)
    with pytest.raises(FeedListError) as caught:
        load_feed_list(path)
    assert caught.value.problems == (
        f"{path}:2: polling: 'per_host' must be at least 1, got 0",
        f"{path}:3: polling: unknown key 'intervall' (did you mean 'interval_minutes'?)",
        f"{path}:5: feeds[0] (name 'a'): missing required key 'source': the outlet, as analysts should see it "
        "(e.g. Harbour Times)",
        f"{path}:6: feeds[1] (name 'b'): 'tags[1]' must not be empty, got ''",
        f"{path}:6: feeds[1] (name 'b'): 'full_text' must be true or false, got 'yes'",
        f"{path}:7: feeds[2] (name 'a'): duplicate name, first used by feeds[0]",
    )
    message = str(caught.value).splitlines()
    assert message[0] == f"the feed list {path} has 6 problems:"
    assert message[1:] == [f"  {p}" for p in caught.value.problems]


def test_a_missing_value_and_a_blank_one_are_named(write):
    path = write("""\
        feeds:
          - name: a
            url: "https://a.example/rss"
            source:
          - {name: "  ", url: "https://b.example/rss", source: B, language: ""}
    """)
    assert _problems(load_feed_list, path) == (
        f"{path}:4: feeds[0] (name 'a'): 'source' must be a string, got nothing",
        f"{path}:5: feeds[1]: 'name' must not be empty, got '  '",
        f"{path}:5: feeds[1]: 'language' must not be empty, got ''",
    )


def test_a_url_with_a_bad_port_is_named(write):
    path = write("feeds:\n  - {name: a, url: 'https://a.example:99999/rss', source: A}\n")
    (problem,) = _problems(load_feed_list, path)
    assert problem.startswith(f"{path}:2: feeds[0] (name 'a'): 'url' is not a valid URL (")


def test_the_feed_list_json_schema_has_help_for_editors_and_accepts_the_shipped_lists():
    schema = feed_list_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"].endswith("2020-12/schema")
    feed = schema["$defs"]["FeedEntry"]
    assert feed["required"] == ["name", "url", "source"] and feed["additionalProperties"] is False
    assert "environment" in feed["properties"]["url"]["description"]
    assert schema["$defs"]["PollingSettings"]["properties"]["per_host"]["default"] == 2
    for path in (ROOT / "include" / "config" / "feeds.yaml", ROOT / "include" / "samples" / "feeds.yaml"):
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)
        assert load_feed_list(path)


@pytest.mark.parametrize("document", [
    {"feeds": []},
    {"feeds": [{"name": "a", "url": "https://a.example/rss"}]},
    {"feeds": [{"name": "a", "url": "https://a.example/rss", "source": "A", "owner": "me"}]},
    {"feeds": [{"name": "a", "url": "https://a.example/rss", "source": "A", "allow_private": "yes"}]},
    {"polling": {"per_host": 0}, "feeds": [{"name": "a", "url": "https://a.example/rss", "source": "A"}]},
    {"feedz": []},
])
def test_the_feed_list_json_schema_refuses_what_the_loader_refuses(write, document):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, feed_list_json_schema())
    with pytest.raises(FeedListError):
        load_feed_list(write(yaml.safe_dump(document)))


# --- watch_topics.yaml --------------------------------------------------------------------------

def test_a_topics_file_with_many_problems_reports_them_all_one_per_line(write):
    path = write("""\
        channels:
          desk-mail: {type: email, url_env: SMTP_URL, to: [not-an-address]}
          chat: {type: apprise}
          pager: {type: pager}
          hook: {type: webhook, url_env: HOOK_URL, directory: /tmp}
        topics:
          - name: arms
            event_types: [AIDE, aid]
            contexts: [militray]
            channels: [log, sms]
          - name: arms
            claim_statuses: rumoured
            min_confidence: 1.5
            novelty_window_days: 0
            actor_match: either
    """, "topics.yaml")
    with pytest.raises(TopicsError) as caught:
        load_topics(path)
    assert caught.value.problems == (
        f"{path}:2: channel 'desk-mail': missing required key 'from': the From address",
        f"{path}:2: channel 'desk-mail': 'to' must hold email addresses, got 'not-an-address'",
        f"{path}:3: channel 'chat': missing required key 'url_env': the environment variable holding the "
        "apprise URL(s), space-separated",
        f"{path}:4: channel 'pager': 'type' must be one of 'log', 'webhook', 'email', 'apprise', 'atom', 'digest', got 'pager'",
        f"{path}:5: channel 'hook': unknown key 'directory' (known: secret_env, type, url_env)",
        f"{path}:8: topics[0] (name 'arms'): 'event_types' has unknown event types ['AIDE'] (did you mean 'AID'?)",
        f"{path}:9: topics[0] (name 'arms'): 'contexts' has unknown contexts ['militray'] (did you mean 'military'?)",
        f"{path}:10: topics[0] (name 'arms'): channel 'sms' is not defined under 'channels:' "
        "(defined: chat, desk-mail, hook, log, pager)",
        f"{path}:11: topics[1] (name 'arms'): duplicate name, first used by topics[0]",
        f"{path}:12: topics[1] (name 'arms'): 'claim_statuses' has unknown claim statuses ['rumoured'] "
        "(known: denied, planned, alleged, reported, confirmed)",
        f"{path}:13: topics[1] (name 'arms'): 'min_confidence' must be at most 1, got 1.5",
        f"{path}:14: topics[1] (name 'arms'): 'novelty_window_days' must be at least 1, got 0",
        f"{path}:15: topics[1] (name 'arms'): 'actor_match' must be 'any' or 'both', got 'either'",
    )
    assert str(caught.value).splitlines()[0] == f"the watch topics file {path} has 13 problems:"


def test_topic_lists_accept_one_value_and_any_case_for_types_and_actors(write):
    path = write("""\
        channels:
        topics:
          - {name: summits, event_types: consult, actors: [prk], keywords: Summit, claim_statuses: [confirmed]}
    """, "topics.yaml")
    (topic,) = load_topics(path).topics
    assert topic.event_types == {"CONSULT"} and topic.actors == {"PRK"} and topic.keywords == ("summit",)
    assert topic.channels == ("log",) and topic.claim_statuses == {"confirmed"}


@pytest.mark.parametrize(("text", "expected"), [
    ("topics: [{name: x}\n", ":2:1: not valid YAML: "),
    ("- name: x\n", ": expected a top-level 'topics:' list, got a list"),
    ("channels: {}\n", ":1: missing required key 'topics': the watch topics"),
])
def test_a_bad_topics_document_is_one_line_naming_the_file(write, text, expected):
    path = write(text, "topics.yaml")
    with pytest.raises(TopicsError) as caught:
        load_topics(path)
    assert str(caught.value).startswith(f"{path}{expected}") and len(str(caught.value).splitlines()) == 1


def test_a_missing_topics_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="nope.yaml: cannot read the watch topics file: No such file"):
        load_topics(tmp_path / "nope.yaml")


def test_topics_error_pickles_its_problems():
    clone = pickle.loads(pickle.dumps(TopicsError("two problems", ["a", "b"])))
    assert isinstance(clone, ConfigError) and str(clone) == "two problems" and clone.problems == ("a", "b")


def test_the_topics_json_schema_offers_the_ontology_and_accepts_the_shipped_file():
    schema = topics_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    topic = schema["$defs"]["TopicEntry"]["properties"]
    assert "AID" in topic["event_types"]["items"]["enum"] and "military" in topic["contexts"]["items"]["enum"]
    assert set(topic["claim_statuses"]["items"]["enum"]) == {"denied", "planned", "alleged", "reported", "confirmed"}
    assert "full-text search" in topic["keywords"]["description"]
    assert schema["properties"]["channels"]["additionalProperties"]["discriminator"]["propertyName"] == "type"
    shipped = ROOT / "include" / "config" / "watch_topics.yaml"
    jsonschema.validate(yaml.safe_load(shipped.read_text(encoding="utf-8")), schema)
    assert load_topics(shipped).topics


@pytest.mark.parametrize("document", [
    {"topics": [{"name": "x", "event_types": ["AIDE"]}]},
    {"topics": [{"name": "x", "colour": "red"}]},
    {"topics": [{"name": "x", "min_confidence": 2}]},
    {"channels": {"m": {"type": "email", "url_env": "X"}}, "topics": []},
    {"channels": {"p": {"type": "pager"}}, "topics": []},
])
def test_the_topics_json_schema_refuses_what_the_loader_refuses(write, document):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, topics_json_schema())
    with pytest.raises(TopicsError):
        load_topics(write(yaml.safe_dump(document), "topics.yaml"))


def test_a_channel_names_its_secrets_by_environment_variable_never_inline(write):
    path = write("""\
        channels:
          hook: {type: webhook, url_env: "https://hooks.example/abc"}
          mail: {type: email, url_env: SMTP_URL, from: desk@example.org, to: []}
        topics: []
    """, "topics.yaml")
    assert _problems(load_topics, path) == (
        f"{path}:2: channel 'hook': 'url_env' must be the name of an environment variable (the URL or secret "
        "stays out of this file), got 'https://hooks.example/abc'",
        f"{path}:3: channel 'mail': 'to' must have at least 1 item(s), got 0",
    )


def test_a_file_that_is_not_utf8_is_one_line(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_bytes("feeds:\n  - {name: caf\u00e9}\n".encode("latin-1"))
    with pytest.raises(FeedListError, match=r"feeds.yaml: the feed list is not UTF-8 text \(invalid"):
        load_feed_list(path)
