"""feeds.yaml and watch_topics.yaml as schemas: every problem at once, one per line naming the file
and line, the entry and the field; malformed YAML in one line; and the JSON Schema for editors,
which accepts the shipped files and refuses what the loaders refuse."""

from __future__ import annotations

import textwrap
from pathlib import Path

import jsonschema
import pytest
import yaml

from newswatch.errors import ConfigError, FeedListError
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
