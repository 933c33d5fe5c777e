"""Turn parsed feed entries into `Article`s: canonical URLs, plain text, dedup keys.

Everything here is a pure function of its arguments, so dedup keys are stable across runs and retries.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from collections.abc import Mapping
from datetime import UTC, datetime
from html.parser import HTMLParser
from types import MappingProxyType
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from newswatch.ingest.language import detect_language
from newswatch.model import Article, FeedSpec, ParsedEntry, stable_id

TEXT_BASIS_CONTENT = "content"
TEXT_BASIS_SUMMARY = "summary"

TRACKING_PARAMS = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid"})
TRACKING_PREFIXES = ("utm_", "at_")
# Same story, different rendering: AMP and mobile hosts serve the article of the bare host.
VARIANT_HOST_PREFIXES = ("www.", "amp.", "m.", "mobile.")
DEFAULT_PORTS = {"http": 80, "https": 443}
URN_SAFE = "/:@-._~"

# Wire-service slugs that mark a rewrite of the same story ("UPDATE 2-", "EXCLUSIVE-", "REFILE-").
WIRE_PREFIX = re.compile(
    r"^(?:(?:update|updated|corrected|correction|refile|rpt|repeat|exclusive|breaking|wrapup|"
    r"analysis|factbox|insight|instant view|urgent|flash|live)(?:\s*\d+)?\s*[-:\u2013\u2014]\s*)+",
    re.IGNORECASE,
)
APOSTROPHES = "'\u2019\u2018`\u00b4"

# The most of each stored field an article may carry, in characters. A hostile feed's 10 MB title
# would otherwise become a 10 MB event in a log that can never be cleaned. Generous for real news:
# the longest articles in the evaluation data are ~60,000 characters of text.
FIELD_LIMITS: Mapping[str, int] = MappingProxyType({
    "title": 1_000,
    "text": 100_000,
    "url": 4_096,
    "canonical_url": 4_096,
    "guid": 1_000,
    "date_problem": 300,
})


def canonical_url(url: str) -> str:
    """One spelling per article URL, for ids and exact dedup (never raises)."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return url  # a URN or something odd: leave it as given rather than guess
    host = _canonical_host(parts.hostname)
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, _canonical_path(parts.path), _canonical_query(parts.query), ""))


def _canonical_host(host: str) -> str:
    host = host.lower().rstrip(".")
    for prefix in VARIANT_HOST_PREFIXES:
        # Keep at least a registrable-looking name: "m.com" stays as it is.
        if host.startswith(prefix) and "." in host[len(prefix):]:
            host = host[len(prefix):]
    return host


def _canonical_path(path: str) -> str:
    path = path or "/"
    if path.rstrip("/").endswith("/amp"):
        path = path.rstrip("/")[: -len("/amp")] or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return path


def _canonical_query(query: str) -> str:
    kept = [
        (key, value)
        for key, value in parse_qsl(query, keep_blank_values=True)
        if not _is_tracking(key, value)
    ]
    kept.sort(key=lambda kv: kv[0])  # stable: repeated keys keep their order
    return urlencode(kept)


def _is_tracking(key: str, value: str) -> bool:
    lowered = key.lower()
    if lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES):
        return True
    return lowered == "outputtype" and value.lower() == "amp"


class _TextExtractor(HTMLParser):
    """Collects text, turning block elements into line breaks and dropping non-content elements."""

    SKIP = frozenset({"script", "style", "template", "noscript", "title"})
    PARAGRAPH = frozenset({
        "p", "div", "section", "article", "header", "footer", "aside", "blockquote", "pre",
        "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "figure", "figcaption",
        "hr", "main", "nav", "form", "fieldset", "address", "details", "summary",
    })
    LINE = frozenset({"br", "li", "tr", "dt", "dd", "caption"})
    CELL = frozenset({"td", "th"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.pre_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skip_depth += 1
        elif tag == "pre":
            self.pre_depth += 1
        self._break(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._break(tag)  # <br/>, <hr/>: no content to skip

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skip_depth:
            self.skip_depth -= 1
        elif tag == "pre" and self.pre_depth:
            self.pre_depth -= 1
        if tag not in self.LINE:  # a line starts at <li>/<br>; its end adds nothing ("a</li><li>b")
            self._break(tag)

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        data = data.replace("\u00a0", " ").replace("\u200b", "")
        # Outside <pre>, a newline in HTML source is just whitespace, not a line break.
        self.parts.append(data if self.pre_depth else re.sub(r"\s+", " ", data))

    def _break(self, tag: str) -> None:
        if tag in self.PARAGRAPH:
            self.parts.append("\n\n")
        elif tag in self.LINE:
            self.parts.append("\n")
        elif tag in self.CELL:
            self.parts.append(" ")


def html_to_text(html: str | None) -> str:
    """Plain text of an HTML fragment: no markup, entities decoded, paragraphs kept as blank lines."""
    if not html:
        return ""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    return _tidy("".join(extractor.parts))


def _tidy(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.split("\n")]
    # Only the extractor's markers are newlines by now: one is a line break, two or more a paragraph.
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def normalize_title(title: str) -> str:
    """Title key for exact dedup: wire slugs, punctuation and case removed."""
    text = unicodedata.normalize("NFKC", title or "")
    text = WIRE_PREFIX.sub("", text.strip())
    text = "".join("" if ch in APOSTROPHES else ch for ch in text)
    text = "".join(" " if unicodedata.category(ch)[0] in "PS" else ch for ch in text)
    return " ".join(text.casefold().split())


def content_hash(text: str) -> str:
    """sha256 hex of the casefolded, whitespace-collapsed text."""
    return hashlib.sha256(" ".join(text.casefold().split()).encode("utf-8")).hexdigest()


def build_article(entry: ParsedEntry, feed: FeedSpec, *, fetched_at: datetime) -> Article:
    """The `Article` for one parsed entry of `feed`; entries without a link still get a stable id.
    Every stored field is cut to FIELD_LIMITS first, and the cut fields named in `truncated`."""
    if fetched_at.tzinfo is None:
        raise ValueError("fetched_at must be timezone-aware")
    text, basis = _article_text(entry)
    title = " ".join((entry.title or "").split())
    cut = {"text"} if {"content_html", "summary_html"} & set(entry.truncated) else set()
    if "title" in entry.truncated:
        cut.add("title")
    title, text = _cut(title, "title", cut), _cut(text, "text", cut)
    link = _cut(entry.link, "url", cut)
    canonical = _cut(canonical_url(link) if link else _fallback_urn(entry, feed, title, text), "canonical_url", cut)
    return Article(
        article_id=stable_id("article", canonical),
        feed=feed.name,
        source=feed.source,
        url=link or canonical,  # a linkless entry carries its urn, which validation accepts
        canonical_url=canonical,
        guid=_cut(entry.guid, "guid", cut),
        title=title,
        text=text,
        text_basis=basis,
        published_at=entry.published_at,
        date_problem=_cut(_article_date_problem(entry), "date_problem", cut),
        fetched_at=fetched_at.astimezone(UTC),
        language=detect_language(f"{title}\n{text}", feed.language),
        content_hash=content_hash(text),
        published_basis="feed" if entry.published_at is not None else "fetch",  # a page may date it later
        truncated=tuple(sorted(cut)),
    )


def bound_article(article: Article) -> Article:
    """``article`` with every stored field within FIELD_LIMITS (e.g. after a full-text fetch put a
    page's text in it); the same object when nothing needed cutting."""
    cut: set[str] = set()
    changes = {name: _cut(getattr(article, name), name, cut) for name in FIELD_LIMITS}
    if not cut:
        return article
    changes = {name: value for name, value in changes.items() if name in cut}
    if "text" in cut:
        changes["content_hash"] = content_hash(changes["text"])
    return dataclasses.replace(article, **changes, truncated=tuple(sorted(cut | set(article.truncated))))


def _cut(value: str | None, field: str, cut: set[str]) -> str | None:
    limit = FIELD_LIMITS[field]
    if value is None or len(value) <= limit:
        return value
    cut.add(field)
    return value[:limit]


def _article_text(entry: ParsedEntry) -> tuple[str, str]:
    content = html_to_text(entry.content_html)
    if content:
        return content, TEXT_BASIS_CONTENT
    return html_to_text(entry.summary_html), TEXT_BASIS_SUMMARY


def _fallback_urn(entry: ParsedEntry, feed: FeedSpec, title: str, text: str) -> str:
    # No link: key on the guid, else on the title (else the text), so a re-poll gives the same id.
    key = entry.guid or content_hash(title or text)[:16]
    # Quoted so the urn has no spaces: validation expects a URL-like value without whitespace.
    return f"urn:newswatch:{quote(feed.name, safe=URN_SAFE)}:{quote(key, safe=URN_SAFE)}"


def _article_date_problem(entry: ParsedEntry) -> str | None:
    if entry.date_problem == "unparsed":
        return f"unparsed: {entry.date_raw}"
    return entry.date_problem
