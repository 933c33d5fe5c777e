"""`newswatch sql` accepts exactly one statement (pure function, no database)."""

import pytest

from newswatch.store.console import QueryRefused, single_statement


def test_one_statement_with_or_without_a_trailing_semicolon_is_accepted():
    assert single_statement(" SELECT 1; ") == "SELECT 1"
    assert single_statement("SELECT ';' AS semi, $x$ ; $x$, \"a;b\" -- ; comment\n FROM t") .startswith("SELECT")


@pytest.mark.parametrize("sql", ["SELECT 1; DELETE FROM newswatch.events", "SELECT 1;;", "select 1 /* */; select 2"])
def test_a_second_statement_is_refused(sql):
    with pytest.raises(QueryRefused, match="one statement at a time"):
        single_statement(sql)


@pytest.mark.parametrize("sql", ["", "  ;", "-- only a comment"])
def test_nothing_to_run_is_refused(sql):
    with pytest.raises(QueryRefused, match="no SQL statement"):
        single_statement(sql)
