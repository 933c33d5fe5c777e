"""A full-text page's own publication day dates an article whose feed gave no usable date."""

import dataclasses
from datetime import date, datetime, timezone
from pathlib import Path

from newswatch.ingest.fulltext import extract_page, with_page_date
from newswatch.model import Article

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
FETCHED = datetime(2024, 5, 7, 12, 0, tzinfo=timezone.utc)


def _article(published_at=None, basis="fetch") -> Article:
    return Article(article_id="a", feed="f", source="s", url="https://news.example/a",
                   canonical_url="https://news.example/a", guid=None, title="t", text="short", text_basis="summary",
                   published_at=published_at, date_problem=None if published_at else "missing", fetched_at=FETCHED,
                   language="en", content_hash="h", published_basis=basis)


def test_the_page_states_its_publication_day_and_its_main_text():
    page = extract_page((PAGES / "dated_report.html").read_bytes(), "https://news.example/a")
    assert page.published == date(2024, 5, 3)
    assert "Freight trains" in page.text and "Copyright" not in page.text and "Sport" not in page.text


def test_a_page_without_a_date_says_none():
    assert extract_page((PAGES / "undated_report.html").read_bytes(), "https://news.example/b").published is None


def test_the_page_day_dates_an_article_the_feed_left_undated():
    dated = with_page_date(_article(), date(2024, 5, 3))
    assert (dated.published_at, dated.published_basis) == (datetime(2024, 5, 3, tzinfo=timezone.utc), "page")
    assert dated.reported_at == datetime(2024, 5, 3, tzinfo=timezone.utc)


def test_the_feed_date_wins_over_the_page():
    feed_dated = _article(datetime(2024, 5, 6, 9, 30, tzinfo=timezone.utc), "feed")
    assert with_page_date(feed_dated, date(2024, 5, 3)) == feed_dated


def test_an_implausible_page_date_is_not_used():
    undated = _article()
    assert with_page_date(undated, date(2024, 5, 9)) == undated  # after the fetch
    assert with_page_date(undated, date(1994, 12, 31)) == undated  # before any news site
    assert with_page_date(undated, None) == undated


def test_an_article_recorded_before_the_basis_was_kept_reads_back_without_one():
    data = dataclasses.asdict(_article())
    del data["published_basis"]
    assert Article.from_data(data).published_basis is None
