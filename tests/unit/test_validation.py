"""The article suite, run through real great-expectations: what it accepts, what it quarantines and why."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from newswatch.model import Article
from newswatch.screen.validation import Failure, ValidationOutcome, validate_articles

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


def make_article(n: int = 1, **changes) -> Article:
    article = Article(
        article_id=f"article-{n}",
        feed="harbour-times",
        source="Harbour Times",
        url=f"https://harbour.example/news/{n}",
        canonical_url=f"https://harbour.example/news/{n}",
        guid=f"guid-{n}",
        title=f"North Korea ships artillery shells to Russia, report {n}",
        text="Satellite images show trains loaded with containers crossing the border at Tumangang.",
        text_basis="summary",
        published_at=NOW - timedelta(hours=n),
        date_problem=None,
        fetched_at=NOW,
        language="en",
        content_hash=f"hash-{n}",
    )
    return dataclasses.replace(article, **changes)


def failed(outcome: ValidationOutcome, article: Article) -> dict[tuple[str, str | None], Failure]:
    (rejection,) = [r for r in outcome.rejected if r.article == article]
    return {(f.expectation, f.column): f for f in rejection.failures}


def test_a_good_article_is_accepted():
    article = make_article()
    outcome = validate_articles([article], now=NOW)
    assert outcome.accepted == (article,)
    assert outcome.rejected == ()
    assert outcome.batch_failures == ()
    assert outcome.suite_name == "newswatch_articles"
    assert outcome.statistics["evaluated_expectations"] == outcome.statistics["successful_expectations"] > 0


def test_future_date_empty_body_and_markup_in_title_are_each_named():
    bad = make_article(
        published_at=NOW + timedelta(days=1), text="", title="<b>Breaking</b> Summit in Vladivostok"
    )
    outcome = validate_articles([bad], now=NOW)

    assert outcome.accepted == ()
    failures = failed(outcome, bad)
    assert set(failures) == {
        ("expect_column_values_to_be_between", "published_at"),
        ("expect_column_value_lengths_to_be_between", "text"),
        ("expect_column_values_to_not_match_regex", "title"),
    }
    assert failures[("expect_column_values_to_be_between", "published_at")].observed.startswith("2026-11-26")
    assert failures[("expect_column_value_lengths_to_be_between", "text")].observed == "0 chars"
    assert failures[("expect_column_values_to_not_match_regex", "title")].observed == "<b>"
    assert all(f.label for f in failures.values())


def test_a_mixed_batch_splits_row_by_row():
    good = [make_article(n) for n in range(1, 6)]
    bad_url = make_article(10, url="ftp://harbour.example/10")
    entity = make_article(11, text="Sanctions on R&amp;D exports were widened.")
    too_old = make_article(12, published_at=datetime(1990, 5, 1, tzinfo=timezone.utc))
    bad_language = make_article(13, language="english")
    batch = [good[0], bad_url, good[1], entity, good[2], too_old, good[3], bad_language, good[4]]

    outcome = validate_articles(batch, now=NOW)

    assert outcome.accepted == tuple(good)
    assert [r.article for r in outcome.rejected] == [bad_url, entity, too_old, bad_language]
    assert set(failed(outcome, bad_url)) == {("expect_column_values_to_match_regex", "url")}
    assert failed(outcome, entity)[("expect_column_values_to_not_match_regex", "text")].observed == "&amp;"
    assert set(failed(outcome, too_old)) == {("expect_column_values_to_be_between", "published_at")}
    assert set(failed(outcome, bad_language)) == {("expect_column_values_to_match_regex", "language")}
    assert outcome.batch_failures == ()
    assert outcome.statistics["accepted"] == 5 and outcome.statistics["rejected"] == 4


def test_tolerated_values_pass():
    undated = make_article(1, published_at=None, date_problem="missing")
    no_language = make_article(2, language=None)
    fallback_url = make_article(3, url="urn:newswatch:guid:abc123")
    slightly_ahead = make_article(4, published_at=NOW + timedelta(minutes=9))
    ampersand = make_article(5, title="AT&T; Q&A with the envoy", text="Prices < costs > nothing")
    batch = [undated, no_language, fallback_url, slightly_ahead, ampersand]

    outcome = validate_articles(batch, now=NOW)

    assert outcome.rejected == ()
    assert outcome.accepted == tuple(batch)


def test_missing_and_oversized_fields_are_rejected():
    no_url = make_article(1, url=None)
    long_title = make_article(2, title="x" * 501)
    huge_text = make_article(3, text="y" * 200_001)

    outcome = validate_articles([no_url, long_title, huge_text], now=NOW)

    assert set(failed(outcome, no_url)) == {("expect_column_values_to_not_be_null", "url")}
    assert failed(outcome, long_title)[("expect_column_value_lengths_to_be_between", "title")].observed == "501 chars"
    assert failed(outcome, huge_text)[("expect_column_value_lengths_to_be_between", "text")].observed == "200001 chars"


def test_the_future_is_measured_from_the_given_now():
    article = make_article(published_at=NOW + timedelta(hours=1))
    assert validate_articles([article], now=NOW).rejected
    assert validate_articles([article], now=NOW + timedelta(hours=1)).accepted == (article,)


def test_the_same_batch_gives_the_same_outcome():
    batch = [make_article(1), make_article(2, text=""), make_article(3, title="<i>x</i>", language="e")]
    first = validate_articles(batch, now=NOW)
    second = validate_articles(list(batch), now=NOW)
    assert first == second
    assert [r.failures for r in first.rejected] == [r.failures for r in second.rejected]


def test_an_oversized_batch_is_a_batch_failure_while_rows_are_still_judged():
    template = make_article()
    batch = [dataclasses.replace(template, url=f"https://harbour.example/{n}") for n in range(50_001)]
    batch[7] = dataclasses.replace(batch[7], text="")

    outcome = validate_articles(batch, now=NOW)

    assert outcome.batch_failures == (
        Failure("expect_table_row_count_to_be_between", None, "50001", "batch has 1 to 50,000 articles"),
    )
    assert [r.article for r in outcome.rejected] == [batch[7]]
    assert len(outcome.accepted) == 50_000


def test_an_empty_batch_is_an_empty_outcome():
    outcome = validate_articles([], now=NOW)
    assert outcome == ValidationOutcome(accepted=(), rejected=(), batch_failures=())
    assert outcome.statistics["articles"] == 0


def test_now_must_be_timezone_aware():
    with pytest.raises(ValueError, match="tz-aware"):
        validate_articles([make_article()], now=NOW.replace(tzinfo=None))


def test_importing_the_module_does_not_import_great_expectations_or_pandas():
    code = (
        "import sys, newswatch.screen.validation; "
        "print(sorted(m for m in ('great_expectations', 'pandas') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"



def test_a_pendulum_now_from_airflow_still_checks_dates():
    """Airflow hands out pendulum datetimes; GX crashed on them and checked no dates at all."""
    import pendulum

    future = make_article(published_at=NOW + timedelta(days=30))
    outcome = validate_articles([future, make_article(2)], now=pendulum.instance(NOW))
    assert outcome.batch_failures == ()
    assert [f.column for r in outcome.rejected for f in r.failures] == ["published_at"]


def test_language_pattern_matches_exactly_the_known_iso_639_codes():
    import itertools
    import re
    import string

    from newswatch.screen.validation import known_languages, known_languages_pattern

    pattern = re.compile(known_languages_pattern())
    words = ("".join(letters) for n in (1, 2, 3, 4)
             for letters in itertools.product(string.ascii_lowercase, repeat=n))
    assert {w for w in words if pattern.match(w)} == set(known_languages())
    for unknown in ("EN", "en-gb", "english", "", "e n"):
        assert not pattern.match(unknown)
