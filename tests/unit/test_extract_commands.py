"""``newswatch extract`` and ``newswatch timex``: one JSON object per line, errors as one line."""

import json
from pathlib import Path

import pytest

from newswatch.cli import main

ARTICLE = Path(__file__).resolve().parents[1] / "fixtures" / "articles" / "shells_for_russia.txt"
REQUIRED = {"file", "event_type", "event_mode", "contexts", "actor1", "actor1_code", "actor2", "actor2_code",
            "event_date", "date_precision", "date_basis", "claim_status", "claimed_by", "sentence", "start", "end",
            "confidence"}


def lines(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_extract_prints_every_event_with_the_required_fields(capsys):
    assert main(["extract", str(ARTICLE), "--published", "2023-11-08"]) == 0
    events = lines(capsys)
    assert len(events) == 10
    text = ARTICLE.read_text(encoding="utf-8")
    for e in events:
        assert REQUIRED <= set(e)
        assert text[e["start"] : e["end"]] == e["sentence"]
    first = events[0]
    assert (first["event_type"], first["actor1_code"], first["actor2_code"], first["event_date"]) == (
        "AID", "PRK", "RUS", "2023-08-01")
    assert (first["weapon_class"], first["quantity"], first["supplier"], first["recipient"], first["transfer_stage"]) == (
        "artillery shells", "more than 1 million", "PRK", "RUS", "suspected")


def test_extract_reads_several_files(tmp_path, capsys):
    other = tmp_path / "short.txt"
    other.write_text("Russia attacked Kyiv on Monday.", encoding="utf-8")
    assert main(["extract", str(other), str(other), "--published", "2023-11-08"]) == 0
    events = lines(capsys)
    assert [(e["file"], e["event_date"]) for e in events] == [(str(other), "2023-11-06")] * 2


def test_timex_prints_offsets_types_and_timeml_values(tmp_path, capsys):
    path = tmp_path / "a.txt"
    text = "Troops left last week and will return on Monday for two weeks."
    path.write_text(text, encoding="utf-8")
    assert main(["timex", str(path), "--published", "2013-03-20"]) == 0
    found = lines(capsys)
    assert [(t["text"], t["type"], t["value"]) for t in found] == [
        ("last week", "DATE", "2013-W11"), ("Monday", "DATE", "2013-03-25"), ("two weeks", "DURATION", "P2W")]
    assert all(text[t["start"] : t["end"]] == t["text"] for t in found)


def test_a_missing_file_is_one_line_and_a_non_zero_exit(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "nope.txt"), "--published", "2023-11-08"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("newswatch: error: cannot read") and len(err.splitlines()) == 1


def test_a_bad_publication_date_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["timex", str(ARTICLE), "--published", "2023-13-40"])
    assert exit_info.value.code == 2
    assert "expected an ISO date such as 2026-11-29, got '2023-13-40'" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["extract", "timex"])
def test_both_commands_have_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0 and "--published" in capsys.readouterr().out


def test_the_shipped_petrarch_conversions_keep_their_licence_notice():
    from importlib import resources

    data = resources.files("newswatch") / "data" / "extract"
    assert "MIT License" in (data / "LICENSE.petrarch2").read_text(encoding="utf-8")
    notice = json.loads((data / "petrarch_actors.json").read_text(encoding="utf-8"))["_notice"]
    assert any("MIT License" in line for line in notice)
    assert "LICENSE.petrarch2" in json.loads((data / "petrarch_verbs.json").read_text(encoding="utf-8"))["_notice"][0]
