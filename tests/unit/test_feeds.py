"""load_feed_list: feeds.yaml becomes FeedSpecs, or says exactly which entry is wrong."""

from __future__ import annotations

import pickle
import textwrap

import pytest

from newswatch.errors import (
    ConfigError,
    FeedListError,
    NewswatchError,
    StoreError,
    WrongExpectedVersion,
)
from newswatch.ingest.feedlist import load_feed_list
from newswatch.model import FeedSpec


@pytest.fixture
def write(tmp_path):
    def _write(text: str):
        path = tmp_path / "feeds.yaml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path
    return _write


def test_valid_feed_list_loads_with_defaults_and_optionals(write):
    path = write("""
        feeds:
          - name: harbour-world
            url: https://harbour.example/world/rss
            source: Harbour Times
          - name: local-demo
            url: http://127.0.0.1:8000/feed.xml
            source: Demo
            language: ko
            tags: [korea, demo]
            allow_private: true
            full_text: true
    """)

    assert list(load_feed_list(path)) == [
        FeedSpec(name="harbour-world", url="https://harbour.example/world/rss", source="Harbour Times"),
        FeedSpec(name="local-demo", url="http://127.0.0.1:8000/feed.xml", source="Demo",
                 language="ko", tags=("korea", "demo"), allow_private=True, full_text=True),
    ]


def test_an_unknown_key_is_refused_with_the_closest_known_one(write):
    path = write("""
        feeds:
          - {name: a, url: "https://a.example/rss", source: A, owner: desk@example.org, ful_text: true}
    """)
    with pytest.raises(FeedListError) as caught:
        load_feed_list(path)
    assert caught.value.problems == (
        f"{path}:3: feeds[0] (name 'a'): unknown key 'owner' (known: allow_private, full_text, language, "
        "name, source, tags, url)",
        f"{path}:3: feeds[0] (name 'a'): unknown key 'ful_text' (did you mean 'full_text'?)",
    )


def test_an_empty_list_is_refused_saying_what_to_do(write):
    path = write("feeds: []\n")
    with pytest.raises(FeedListError) as caught:
        load_feed_list(path)
    assert str(caught.value) == (
        f"{path}:1: the feed list has no feeds: list at least one under 'feeds:', each with a name, url "
        "and source (include/samples/feeds.yaml shows the shape)")


def test_missing_key_names_the_entry_by_index_and_name(write):
    path = write("""
        feeds:
          - {name: ok, url: "https://a.example/rss", source: A}
          - {name: no-url, source: B}
    """)
    with pytest.raises(FeedListError, match=r":4: feeds\[1\] \(name 'no-url'\): missing required key 'url'"):
        load_feed_list(path)


def test_url_must_be_http_or_https(write):
    path = write("""
        feeds:
          - {name: ftp-feed, url: "ftp://a.example/rss", source: A}
          - {name: hostless, url: "https:///rss", source: A}
          - {name: file-feed, url: "file:///etc/passwd", source: A}
    """)
    with pytest.raises(FeedListError) as caught:
        load_feed_list(path)
    problems = caught.value.problems
    assert len(problems) == 3
    assert "feeds[0] (name 'ftp-feed')" in problems[0] and "http:// or https://" in problems[0]
    assert "feeds[1] (name 'hostless')" in problems[1] and "no host" in problems[1]
    assert "feeds[2] (name 'file-feed')" in problems[2]


def test_duplicate_name_points_at_the_first_use(write):
    path = write("""
        feeds:
          - {name: dup, url: "https://a.example/rss", source: A}
          - {name: dup, url: "https://b.example/rss", source: B}
    """)
    expected = r"feeds\[1\] \(name 'dup'\): duplicate name, first used by feeds\[0\]"
    with pytest.raises(FeedListError, match=expected):
        load_feed_list(path)


def test_duplicate_url_is_reported(write):
    path = write("""
        feeds:
          - {name: one, url: "https://a.example/rss", source: A}
          - {name: two, url: "https://a.example/rss", source: A}
    """)
    with pytest.raises(FeedListError) as caught:
        load_feed_list(path)
    assert caught.value.problems == (f"{path}:4: feeds[1] (name 'two'): duplicate url, first used by feeds[0]",)


def test_every_problem_is_reported_at_once_one_per_line(write):
    path = write("""
        feeds:
          - {name: a, url: "https://a.example/rss"}
          - just a string
          - {name: c, url: "gopher://c.example", source: C, tags: nope, allow_private: "yes"}
          - {url: "https://d.example/rss", source: D, language: 7}
    """)
    with pytest.raises(FeedListError) as caught:
        load_feed_list(path)
    problems = caught.value.problems

    assert problems == (
        f"{path}:3: feeds[0] (name 'a'): missing required key 'source': the outlet, as analysts should see it "
        "(e.g. Harbour Times)",
        f"{path}:4: feeds[1]: expected a mapping of keys to values, got 'just a string'",
        f"{path}:5: feeds[2] (name 'c'): 'url' must start with http:// or https://, got 'gopher://c.example'",
        f"{path}:5: feeds[2] (name 'c'): 'tags' must be a list, got 'nope'",
        f"{path}:5: feeds[2] (name 'c'): 'allow_private' must be true or false, got 'yes'",
        f"{path}:6: feeds[3]: missing required key 'name': a short name, unique in the list; it keys the "
        "feed's history, so keep it once chosen",
        f"{path}:6: feeds[3]: 'language' must be a string, got 7",
    )
    assert str(caught.value).splitlines() == [f"the feed list {path} has 7 problems:",
                                              *(f"  {p}" for p in problems)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ": expected a top-level 'feeds:' list, got nothing"),
        ("- name: x\n", ": expected a top-level 'feeds:' list, got a list"),
        ("feeds: {name: x}\n", ":1: 'feeds' must be a list, got a mapping"),
        ("polling: {}\n", ":1: missing required key 'feeds': the feeds to poll"),
        ("feeds: [unclosed\n", ":2:1: not valid YAML: "),  # then the parser's short problem
        ("feeds:\n  - name: a\n   url: x\n", ":3:4: not valid YAML: "),
    ],
)
def test_bad_document_shape_is_one_line_naming_the_file(write, text, expected):
    path = write(text)
    with pytest.raises(FeedListError) as caught:
        load_feed_list(path)
    assert str(caught.value).startswith(f"{path}{expected}")
    assert len(str(caught.value).splitlines()) == 1 and caught.value.problems == (str(caught.value),)


def test_missing_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="nope.yaml: cannot read the feed list: No such file"):
        load_feed_list(tmp_path / "nope.yaml")


def test_feed_list_error_is_a_config_error_and_pickles_its_problems():
    error = FeedListError("first", ["first", "second"])
    assert isinstance(error, ConfigError) and isinstance(error, NewswatchError)
    clone = pickle.loads(pickle.dumps(error))
    assert str(clone) == "first" and clone.problems == ("first", "second")


def test_wrong_expected_version_names_stream_expected_and_actual():
    error = WrongExpectedVersion("article-3f2a", 4, 6)
    assert isinstance(error, StoreError)
    assert (error.stream, error.expected, error.actual) == ("article-3f2a", 4, 6)
    assert "article-3f2a" in str(error) and "expected 4" in str(error) and "actual 6" in str(error)
    clone = pickle.loads(pickle.dumps(error))
    assert (clone.stream, clone.expected, clone.actual) == ("article-3f2a", 4, 6)


def test_urls_expand_environment_variables_with_defaults(tmp_path, monkeypatch):
    path = tmp_path / "feeds.yaml"
    path.write_text(
        "feeds:\n"
        "  - {name: a, source: A, url: '${SAMPLES_BASE:-http://127.0.0.1:8765}/a.xml'}\n"
        "  - {name: b, source: B, url: '${SAMPLES_HOST}/b.xml'}\n"
    )
    monkeypatch.delenv("SAMPLES_BASE", raising=False)
    monkeypatch.delenv("SAMPLES_HOST", raising=False)
    with pytest.raises(FeedListError) as caught:
        load_feed_list(path)
    assert caught.value.problems == (
        f"{path}:3: feeds[1] (name 'b'): 'url' uses the unset environment variable SAMPLES_HOST "
        "('${SAMPLES_HOST}/b.xml')",)
    monkeypatch.setenv("SAMPLES_HOST", "http://127.0.0.1:9999")
    monkeypatch.setenv("SAMPLES_BASE", "https://example.org")
    assert [f.url for f in load_feed_list(path)] == [
        "https://example.org/a.xml",
        "http://127.0.0.1:9999/b.xml",
    ]
