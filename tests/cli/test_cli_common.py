"""The CLI's shared pieces without a database: argument types, one-line errors, the exit-code map."""

from __future__ import annotations

import argparse
from datetime import date, datetime, timezone

import pytest

from newswatch.cli.common import iso_date, iso_datetime, one_line, port_number, positive_float, positive_int
from newswatch.cli.main import EXIT_CONFIG, EXIT_ERROR, EXIT_UNAVAILABLE, exit_code_for
from newswatch.errors import ConfigError, FeedListError, NewswatchError, NotFound, StoreUnavailable


@pytest.mark.parametrize("text, expected", [("2026-11-29", date(2026, 11, 29)), (" 2026-11-29 ", date(2026, 11, 29)),
                                            ("20261129", date(2026, 11, 29)), ("2026-W48-7", date(2026, 11, 29))])
def test_iso_dates_in_their_iso_forms_are_accepted(text, expected):
    assert iso_date(text) == expected


@pytest.mark.parametrize("text", ["yesterday", "29/11/2026", "2026-11-31", "", "2026-11-29T10:00"])
def test_anything_else_is_refused_with_an_example_of_what_would_do(text):
    with pytest.raises(argparse.ArgumentTypeError, match="expected an ISO date such as 2026-11-29, got"):
        iso_date(text)


def test_times_without_a_zone_are_utc_and_a_date_alone_is_its_midnight():
    assert iso_datetime("2026-11-29") == datetime(2026, 11, 29, tzinfo=timezone.utc)
    assert iso_datetime("2026-11-29T18:30") == datetime(2026, 11, 29, 18, 30, tzinfo=timezone.utc)
    assert iso_datetime("2026-11-29T18:30Z") == datetime(2026, 11, 29, 18, 30, tzinfo=timezone.utc)
    assert iso_datetime("2026-11-29T20:30+02:00").astimezone(timezone.utc).hour == 18
    with pytest.raises(argparse.ArgumentTypeError, match="expected an ISO date or time such as 2026-11-29"):
        iso_datetime("tomorrow")


@pytest.mark.parametrize("kind, text, message", [
    (positive_int, "0", "must be 1 or more, got 0"), (positive_int, "-1", "must be 1 or more, got -1"),
    (positive_int, "ten", "expected a whole number, got 'ten'"), (positive_float, "0", "must be more than 0"),
    (positive_float, "-2.5", "must be more than 0"), (positive_float, "nan", "must be more than 0"),
    (positive_float, "inf", "must be more than 0"), (port_number, "65536", "a port is 0-65535"),
    (port_number, "-1", "a port is 0-65535"), (port_number, "http", "expected a port number"),
])
def test_limits_and_ports_out_of_range_are_usage_errors(kind, text, message):
    with pytest.raises(argparse.ArgumentTypeError, match=message):
        kind(text)


def test_a_yaml_error_folds_onto_one_line_keeping_problem_and_position():
    message = ('/x/topics.yaml: not valid YAML: while parsing a block collection\n'
               '  in "<unicode string>", line 2, column 3:\n      - name: x\n      ^\n'
               "expected <block end>, but found '<block mapping start>'\n"
               '  in "<unicode string>", line 3, column 4:\n       bad: [\n       ^')
    assert one_line(message) == ("/x/topics.yaml: not valid YAML: while parsing a block collection (line 2, column 3); "
                                 "expected <block end>, but found '<block mapping start>' (line 3, column 4)")
    file_form = ('/x/feeds.yaml: invalid YAML: while parsing a block collection\n  in "/x/feeds.yaml", line 2, column 3\n'
                 "did not find expected '-' indicator\n  in \"/x/feeds.yaml\", line 3, column 4")
    assert one_line(file_form) == ("/x/feeds.yaml: invalid YAML: while parsing a block collection (line 2, column 3); "
                                   "did not find expected '-' indicator (line 3, column 4)")
    assert one_line("plain") == "plain"


def test_each_kind_of_error_has_its_documented_exit_code():
    import psycopg2

    assert exit_code_for(StoreUnavailable("down"))[0] == EXIT_UNAVAILABLE
    assert exit_code_for(ConfigError("bad"))[0] == EXIT_CONFIG
    assert exit_code_for(FeedListError("bad feed"))[0] == EXIT_CONFIG
    assert exit_code_for(NotFound("no such alert"))[0] == EXIT_ERROR
    assert exit_code_for(NewswatchError("failed"))[0] == EXIT_ERROR
    assert exit_code_for(psycopg2.InterfaceError("connection already closed")) == (
        EXIT_UNAVAILABLE, "lost the database connection: connection already closed")
    assert exit_code_for(psycopg2.OperationalError("server closed the connection unexpectedly\nmore"))[0] == EXIT_UNAVAILABLE
    assert exit_code_for(psycopg2.ProgrammingError("syntax error"))[0] == EXIT_ERROR
    assert exit_code_for(FileNotFoundError(2, "No such file or directory", "/x")) == (
        EXIT_ERROR, "/x: No such file or directory")
    assert exit_code_for(RuntimeError("boom")) == (EXIT_ERROR, "unexpected RuntimeError: boom")
