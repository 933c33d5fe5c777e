"""Full text for feeds that only carry teasers (feeds.yaml `full_text: true`).

The article page is fetched under the same limits and SSRF guard as feeds, and trafilatura
extracts its main text. The article keeps its summary (and says so in `text_basis`) whenever the
page cannot be fetched or yields less text than the feed already gave.

The page also says when it was published (trafilatura's metadata, htmldate underneath): when the
feed gave no usable date, that day becomes the report date (`published_basis = "page"`) instead of
the fetch time, so relative expressions ("last Tuesday") are anchored on the day the report was
written. The feed's own date always wins when it has one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from dataclasses import dataclass

import httpx

from newswatch.ingest.fetch import ACCEPT_PAGE, FetchLimits, fetch_feed
from newswatch.ingest.language import detect_language
from newswatch.ingest.normalize import content_hash
from newswatch.model import Article, FeedSpec

log = logging.getLogger(__name__)

TEXT_BASIS_FULL = "full"
# Reasons the summary was kept (fetch failures use fetch.py's reasons, e.g. "http_404").
NO_MAIN_TEXT = "no_main_text"  # trafilatura found no article body (a paywall, a video page...)
SHORTER_THAN_FEED = "shorter_than_feed"  # the page gave less than the feed itself
NOT_A_WEB_PAGE = "not_a_web_page"  # a linkless entry (urn:) has no page to fetch
# Where an article's report date came from (Article.published_basis).
BASIS_FEED, BASIS_PAGE, BASIS_FETCH = "feed", "page", "fetch"
# A page date before this is a parsing accident, as validation says of feed dates.
_EARLIEST_PAGE_DATE = dt.date(1995, 1, 1)


@dataclass(frozen=True, slots=True)
class Page:
    text: str  # the main text, "" when none
    published: dt.date | None  # the page's own publication day, when it states one


@dataclass(frozen=True, slots=True)
class FullTextOutcome:
    article: Article  # with the page's text when `fetched`, else unchanged
    fetched: bool
    reason: str | None = None  # why the summary was kept
    detail: str = ""


def with_full_text(article: Article, feed: FeedSpec, *, client: httpx.Client, limits: FetchLimits,
                   allowed_hosts: frozenset[str]) -> FullTextOutcome:
    """Fetch `article`'s page and, if it holds more text than the feed gave, use that text."""
    if not article.url.startswith(("http://", "https://")):
        return FullTextOutcome(article, False, NOT_A_WEB_PAGE, article.url)
    page = fetch_feed(article.url, client=client, limits=limits, allowed_hosts=allowed_hosts,
                      allow_private=feed.allow_private, accept=ACCEPT_PAGE)
    if not page.ok or page.body is None:
        return FullTextOutcome(article, False, page.failure_reason or NO_MAIN_TEXT, page.detail)
    extracted = extract_page(page.body, page.final_url)
    article = with_page_date(article, extracted.published)
    text = extracted.text
    if not text:
        return FullTextOutcome(article, False, NO_MAIN_TEXT, f"no main text in {page.final_url}")
    if len(text) < len(article.text):
        return FullTextOutcome(article, False, SHORTER_THAN_FEED,
                               f"page text {len(text)} chars, feed text {len(article.text)}")
    full = dataclasses.replace(
        article, text=text, text_basis=TEXT_BASIS_FULL, content_hash=content_hash(text),
        language=detect_language(f"{article.title}\n{text}", feed.language),
    )
    return FullTextOutcome(full, True)


def with_page_date(article: Article, published: dt.date | None) -> Article:
    """``article`` dated by its page when the feed gave no usable date and the page states a day
    that is plausible (not before 1995, not after the fetch)."""
    if article.published_at is not None or published is None:
        return article
    if not _EARLIEST_PAGE_DATE <= published <= article.fetched_at.date():
        return article
    # The page names a day, not a time: its first moment stands in (UTC, as every stored time)
    at = dt.datetime.combine(published, dt.time(0, 0), tzinfo=dt.timezone.utc)
    return dataclasses.replace(article, published_at=at, published_basis=BASIS_PAGE)


def extract_page(body: bytes, url: str) -> Page:
    """The page's main text (boilerplate, navigation and comments removed; "" when none) and its
    own publication day (None when it states none)."""
    import trafilatura  # 0.2 s to import: only paid by runs that have full-text feeds

    try:
        doc = trafilatura.bare_extraction(body, url=url, include_comments=False, include_tables=False,
                                          favor_precision=True, with_metadata=True,
                                          # the first publication, not the last modification
                                          date_extraction_params={"original_date": True, "extensive_search": True})
    except Exception as e:  # noqa: BLE001 - a library failing on one hostile page must not stop the run
        log.warning("trafilatura failed on %s: %s: %s", url, type(e).__name__, e)
        return Page("", None)
    if doc is None:
        return Page("", None)
    return Page((doc.text or "").strip(), _day(doc.date))


def extract_main_text(body: bytes, url: str) -> str:
    """The page's main text (boilerplate, navigation and comments removed); "" when none."""
    return extract_page(body, url).text


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
