"""`newswatch config` shows what is in use with secrets masked and never fails for what it reports;
`config schema` prints the config files' JSON Schema; `completion` and argcomplete complete."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newswatch import cli

ROOT = Path(__file__).resolve().parents[2]
UNREACHABLE = "postgresql://newswatch:hunter2@127.0.0.1:1/newswatch"


@pytest.fixture
def environment(monkeypatch, tmp_path):
    for name in [n for n in os.environ if n.startswith("NEWSWATCH_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("NEWSWATCH_DATABASE_URL", UNREACHABLE)
    monkeypatch.setenv("NEWSWATCH_WEBHOOK_SECRET", "s3cr3t-hmac")
    monkeypatch.setenv("NEWSWATCH_WEBHOOK_URL", "https://hooks.example/T0/abcdef")
    monkeypatch.setenv("NEWSWATCH_ALLOWED_HOSTS", "127.0.0.1")
    monkeypatch.setenv("NEWSWATCH_DICTIONARY_DIR", str(tmp_path / "no-such-dir"))


def test_config_masks_secrets_and_reports_an_unreachable_database_without_failing(environment, capsys):
    assert cli.main(["config"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "\x1b" not in out
    for secret in ("hunter2", "s3cr3t-hmac", "abcdef"):
        assert secret not in out
    rows = {line.split(None, 1)[0]: line for line in out.splitlines()}
    assert "postgresql://newswatch:***@127.0.0.1:1/newswatch" in rows["database"]
    assert "unreachable" in rows["event"] and "unreachable" in rows["postgresql"]
    assert "watch_topics.yaml" in rows["topics"] and "no-such-dir (missing)" in rows["dictionary"]
    assert "NEWSWATCH_WEBHOOK_URL set, NEWSWATCH_WEBHOOK_SECRET set" in out
    assert "NEWSWATCH_ALLOWED_HOSTS" in rows and rows["NEWSWATCH_ALLOWED_HOSTS"].endswith("127.0.0.1")
    assert rows["NEWSWATCH_WEBHOOK_SECRET"].endswith("(set, value hidden)")


def test_config_json_is_one_object(environment, capsys):
    assert cli.main(["config", "--json"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    report = json.loads(out)
    assert report["database"] == {"url": "postgresql://newswatch:***@127.0.0.1:1/newswatch", "reachable": False,
                                  "error": report["database"]["error"], "server_version": "unreachable",
                                  "migrations_applied": None, "migrations_shipped": report["database"]["migrations_shipped"]}
    assert report["versions"]["newswatch"] and report["versions"]["extractor"] and report["versions"]["python"]
    assert {c["name"] for c in report["channels"]} >= {"log"}
    assert report["environment"]["NEWSWATCH_WEBHOOK_SECRET"] == "(set, value hidden)"
    assert report["feeds_file"]["exists"] is True and report["dictionary_dir"]["exists"] is False
    assert "s3cr3t" not in out and "hunter2" not in out


def test_config_with_a_url_that_is_not_postgresql_still_reports(environment, monkeypatch, capsys):
    monkeypatch.setenv("NEWSWATCH_DATABASE_URL", "mysql://newswatch:hunter2@db.example/newswatch")
    assert cli.main(["config", "--json"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out)["database"]["reachable"] is False and "hunter2" not in out


@pytest.mark.integration
def test_config_shows_the_server_version_and_migrations_when_reachable(db_url, capsys):
    assert cli.main(["--database-url", db_url, "config", "--json"]) == 0
    db = json.loads(capsys.readouterr().out)["database"]
    assert db["reachable"] and db["server_version"][:2].isdigit()
    assert db["migrations_applied"] == db["migrations_shipped"] > 0


def test_config_reports_a_broken_topics_file_as_a_value(environment, tmp_path, monkeypatch, capsys):
    broken = tmp_path / "topics.yaml"
    broken.write_text("topics: [\n")
    monkeypatch.setenv("NEWSWATCH_TOPICS_FILE", str(broken))
    assert cli.main(["config", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["channels"] == [] and "not valid YAML" in report["topics_file"]["problem"]


@pytest.mark.parametrize("which, module, function", [("feeds", "newswatch.ingest.feedlist", "feed_list_json_schema"),
                                                     ("topics", "newswatch.alerts.topics", "topics_json_schema")])
def test_config_schema_prints_the_json_schema(which, module, function, tmp_path, capsys):
    import importlib

    if not hasattr(importlib.import_module(module), function):
        pytest.skip(f"{module}.{function} is not merged yet (the config-schema branch)")
    assert cli.main(["config", "schema", which]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert isinstance(schema, dict) and ("properties" in schema or "$defs" in schema)
    target = tmp_path / f"{which}.schema.json"
    assert cli.main(["config", "schema", which, "-o", str(target)]) == 0
    assert json.loads(target.read_text()) == schema


def test_config_schema_prints_what_the_schema_function_returns(monkeypatch, tmp_path, capsys):
    import newswatch.alerts.topics as topics

    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
              "properties": {"topics": {"type": "array"}}}
    monkeypatch.setattr(topics, "topics_json_schema", lambda: schema, raising=False)
    assert cli.main(["config", "schema", "topics"]) == 0
    assert json.loads(capsys.readouterr().out) == schema
    assert cli.main(["config", "schema", "topics", "-o", str(tmp_path / "missing-dir" / "s.json")]) == cli.EXIT_ERROR
    assert capsys.readouterr().err.endswith("s.json: No such file or directory\n")


def test_config_schema_without_the_schema_function_is_one_line(monkeypatch, capsys):
    import newswatch.ingest.feedlist as feedlist

    monkeypatch.delattr(feedlist, "feed_list_json_schema", raising=False)
    assert cli.main(["config", "schema", "feeds"]) == cli.EXIT_ERROR
    assert capsys.readouterr().err == ("newswatch: error: this newswatch has no JSON Schema for feeds.yaml yet "
                                       "(newswatch.ingest.feedlist.feed_list_json_schema is missing)\n")


def test_completion_prints_shell_code_for_newswatch(capsys):
    assert cli.main(["completion", "bash"]) == 0
    code = capsys.readouterr().out
    assert "complete " in code and "newswatch" in code and "_ARGCOMPLETE" in code
    assert cli.main(["completion", "zsh"]) == 0 and "newswatch" in capsys.readouterr().out


def test_the_console_script_module_carries_the_argcomplete_marker():
    import newswatch.cli

    assert "PYTHON_ARGCOMPLETE_OK" in Path(newswatch.cli.__file__).read_text()[:1024]


def complete(line: str, tmp_path: Path) -> list[str]:
    """What argcomplete offers for ``line`` (the shell hook's protocol, without a shell)."""
    out = tmp_path / "completions"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "include"), "_ARGCOMPLETE": "1", "COMP_LINE": line,
           "COMP_POINT": str(len(line)), "_ARGCOMPLETE_STDOUT_FILENAME": str(out), "_ARGCOMPLETE_IFS": "\n"}
    for name in ("NEWSWATCH_TOPICS_FILE", "NEWSWATCH_CONFIG_DIR"):
        env.pop(name, None)
    result = subprocess.run([sys.executable, "-m", "newswatch"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return sorted(out.read_text().split())


def test_argcomplete_completes_commands_options_and_topic_names(tmp_path):
    assert complete("newswatch ale", tmp_path) == ["alerts", "alerts-feed"]
    assert "--json" in complete("newswatch alerts --", tmp_path)
    assert "arms-transfers" in complete("newswatch mute ", tmp_path)
