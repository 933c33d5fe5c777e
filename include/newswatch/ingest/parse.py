"""Parse feed bytes with feedparser into frozen `ParsedFeed`/`ParsedEntry` values.

feedparser's dicts stop here. Bad input never raises: the result says what was wrong (`problem`),
and entries with missing parts are kept and marked, never dropped.
"""

from __future__ import annotations

import calendar
import dataclasses
import html
import io
import re
import time
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urljoin
from xml.parsers import expat

import feedparser

from newswatch.ingest import jsonfeed
from newswatch.ingest.normalize import html_to_text
from newswatch.model import ParsedEntry, ParsedFeed

# Feed-level problems (fixed reason strings).
NOT_A_FEED = "not_a_feed"  # HTML page, empty body, garbage: no feed version and no entries
MALFORMED_XML = "malformed_xml"  # the XML is broken (entries, if any, were recovered by the loose parser)
EMPTY_FEED = "empty_feed"  # a real feed with no items
MALFORMED_JSON = "malformed_json"  # a JSON Feed with items that are not objects (the others are kept)

# Entry-level problems.
NO_LINK_OR_TITLE = "no_link_or_title"
DATE_MISSING = "missing"
DATE_UNPARSED = "unparsed"

DEFAULT_CONTENT_TYPE = "application/xml"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})

# The most of an entry's raw parts kept before they are turned into text, in characters: the
# stored fields have their own, smaller limits (normalize.FIELD_LIMITS); these bound the work.
ENTRY_LIMITS = {"title": 20_000, "summary_html": 1_000_000, "content_html": 1_000_000, "link": 20_000,
                "guid": 20_000, "author": 500, "date_raw": 200}


def parse_feed(body: bytes, *, url: str, headers: Mapping[str, str], max_entries: int | None = None) -> ParsedFeed:
    """Parse a fetched feed body; `headers` are the HTTP response headers (any case).

    With `max_entries`, only the first that many entries (in document order) are parsed and the
    rest are counted in `skipped_entries`: feedparser takes ~0.4 ms per entry, so a 100,000-item
    feed would cost 40 s before anything could be capped.
    """
    if not body or not body.strip():
        return ParsedFeed((), False, NOT_A_FEED, "empty body", None, "")
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "") or ""
    if jsonfeed.looks_like_json(body, content_type):
        return _parse_json_feed(body, url, max_entries)
    skipped = 0
    if max_entries is not None:
        body, skipped = entries_cut(body, max_entries)
    try:
        # No sanitizing or URI rewriting inside entry HTML: newswatch keeps only the text of it
        # (normalize.html_to_text, which drops script and style), never the markup, and the two
        # passes were more than half of feedparser's time (0.45 -> 0.19 ms per item).
        parsed = feedparser.parse(io.BytesIO(body), response_headers=_response_headers(url, headers),
                                  sanitize_html=False, resolve_relative_uris=False)
    except Exception as e:  # noqa: BLE001 - the parser must never raise on bad input; we report it
        return ParsedFeed((), False, NOT_A_FEED, f"feedparser failed: {type(e).__name__}: {e}", None, "")
    entries = tuple(_bounded(_entry(raw, url)) for raw in parsed.get("entries", []))
    version = parsed.get("version") or ""
    title = parsed.get("feed", {}).get("title")
    if not entries and _looks_like_html(body, headers):
        # An HTML page can fool feedparser's version sniffing (e.g. "<rss" inside a script).
        return ParsedFeed((), False, NOT_A_FEED, "an HTML page, not a feed", None, "")
    is_feed, problem, detail = _judge(parsed, version, entries)
    return ParsedFeed(entries, is_feed, problem, detail, title, version, skipped_entries=skipped)


# An entry's start tag, with or without a namespace prefix (RSS item, Atom entry, RDF item).
_ENTRY_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)[\s/>]")


class _Enough(Exception):
    """Stops the scan once the cut point is known."""


def entries_cut(body: bytes, keep: int) -> tuple[bytes, int]:
    """``body`` cut just before its entry number ``keep + 1`` and closed again (every element
    still open there gets its end tag), and how many entries were cut off; ``(body, 0)`` when it
    has no more than ``keep``. expat finds the cut in well-formed XML; in broken XML the cut is
    at the next entry's start tag and feedparser's loose parser reads what comes before it."""
    if len(_ENTRY_START.findall(body)) <= keep:
        return body, 0
    if body[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in body[:64]:
        return body, 0  # UTF-16/32: end tags would need its encoding; the byte limit bounds these
    parser = expat.ParserCreate()  # no namespace processing: end tags are written as the start tags were
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    open_elements: list[str] = []
    seen = 0
    cut: tuple[int, list[str]] | None = None

    def start(name: str, attrs: object) -> None:
        nonlocal seen, cut
        if name.rpartition(":")[2] in ("item", "entry"):
            seen += 1
            if seen > keep:
                cut = (parser.CurrentByteIndex, list(open_elements))
                raise _Enough
        open_elements.append(name)

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda name: open_elements.pop()
    try:
        parser.Parse(body, True)
    except (_Enough, expat.ExpatError, ValueError):
        pass
    if cut is not None:
        offset, still_open = cut
        closing = "".join(f"</{name}>" for name in reversed(still_open)).encode("ascii", "ignore")
    else:  # broken XML before the cut: cut at the next entry's start tag and let the loose parser cope
        offset, closing = [m.start() for m in _ENTRY_START.finditer(body)][keep], b""
    return body[:offset] + closing, len(_ENTRY_START.findall(body, offset))


def _bounded(entry: ParsedEntry) -> ParsedEntry:
    """The entry with each raw part cut to ENTRY_LIMITS (cut parts named in `truncated`)."""
    cut = {name: getattr(entry, name)[:limit] for name, limit in ENTRY_LIMITS.items()
           if getattr(entry, name) is not None and len(getattr(entry, name)) > limit}
    if not cut:
        return entry
    return dataclasses.replace(entry, **cut, truncated=tuple(sorted(set(entry.truncated) | set(cut))))


def _parse_json_feed(body: bytes, url: str, max_entries: int | None = None) -> ParsedFeed:
    document, why = jsonfeed.load_json_feed(body)
    if document is None:
        return ParsedFeed((), False, NOT_A_FEED, why, None, "")
    version = jsonfeed.version_name(document)
    entries = []
    items = document.get("items") or []
    kept = items if max_entries is None else items[:max_entries]
    for item in kept:
        if not isinstance(item, Mapping):
            continue  # counted below: a non-object item is reported, not silently skipped
        fields = jsonfeed.item_fields(item, url)
        raw = fields.pop("date_raw")
        when = (jsonfeed.parse_rfc3339(raw) or _lenient_rfc822(raw)) if raw else None
        problem = None if when else (DATE_UNPARSED if raw else DATE_MISSING)
        entries.append(_bounded(ParsedEntry(**fields, published_at=when, date_raw=raw, date_problem=problem,
                                            problem=None if (fields["link"] or fields["title"]) else NO_LINK_OR_TITLE)))
    over_cap = len(items) - len(kept)
    skipped = len(kept) - len(entries)
    title = document.get("title") if isinstance(document.get("title"), str) else None
    if skipped:
        return ParsedFeed(tuple(entries), bool(entries), MALFORMED_JSON if entries else NOT_A_FEED,
                          f"{skipped} JSON Feed item(s) are not objects", title, version, skipped_entries=over_cap)
    if not entries:
        return ParsedFeed((), True, EMPTY_FEED, f"{version} feed with no entries", title, version)
    return ParsedFeed(tuple(entries), True, None, f"{version} with {len(entries)} entries", title, version,
                      skipped_entries=over_cap)


def _response_headers(url: str, headers: Mapping[str, str]) -> dict[str, str]:
    lowered = {k.lower(): v for k, v in headers.items()}
    # Without content-type feedparser flags every feed as bozo; with it, the header's charset
    # correctly overrides a wrong XML declaration.
    result = {
        "content-type": lowered.get("content-type") or DEFAULT_CONTENT_TYPE,
        "content-location": url,
    }
    if lowered.get("content-language"):
        result["content-language"] = lowered["content-language"]
    return result


_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]",
                         re.IGNORECASE | re.DOTALL)


def _looks_like_html(body: bytes, headers: Mapping[str, str]) -> bool:
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "") or ""
    if content_type.split(";", 1)[0].strip().lower() in HTML_TYPES:
        return True
    return _HTML_START.match(body[:4096]) is not None


def _judge(parsed: Any, version: str, entries: tuple[ParsedEntry, ...]) -> tuple[bool, str | None, str]:
    error = parsed.get("bozo_exception") if parsed.get("bozo") else None
    # CharacterEncodingOverride, NonXMLContentType, ...: the data is fine, feedparser is just chatty.
    benign = error is None or isinstance(error, feedparser.ThingsNobodyCaresAboutButMe)
    error_text = f"{type(error).__name__}: {error}" if error is not None else ""
    if not entries:
        if not version:
            return False, NOT_A_FEED, error_text or "no RSS, Atom or RDF markup and no entries"
        if not benign:
            return False, MALFORMED_XML, f"{version} feed with no readable entries: {error_text}"
        return True, EMPTY_FEED, f"{version} feed with no entries"
    if not benign:
        return True, MALFORMED_XML, f"{len(entries)} entries recovered from malformed XML: {error_text}"
    return True, None, f"{version or 'feed'} with {len(entries)} entries"


def _entry(raw: Mapping[str, Any], feed_url: str) -> ParsedEntry:
    link = (raw.get("link") or "").strip()
    link = urljoin(feed_url, link) if link else None
    title = _plain_title(raw)
    published_at, date_raw, date_problem = _entry_date(raw)
    return ParsedEntry(
        guid=(raw.get("id") or "").strip() or None,
        link=link,
        title=title,
        summary_html=_as_html(raw.get("summary"), raw.get("summary_detail")),
        content_html=_content_html(raw.get("content") or []),
        published_at=published_at,
        date_raw=date_raw,
        date_problem=date_problem,
        author=(raw.get("author") or "").strip() or None,
        problem=None if (link or title) else NO_LINK_OR_TITLE,
    )


def _plain_title(raw: Mapping[str, Any]) -> str:
    title = raw.get("title") or ""
    detail = raw.get("title_detail") or {}
    if detail.get("type") in HTML_TYPES:
        title = html_to_text(title)
    return " ".join(title.split())


def _as_html(value: str | None, detail: Mapping[str, Any] | None) -> str | None:
    if not value:
        return None
    if (detail or {}).get("type") in HTML_TYPES:
        return value
    # Plain text: escape it so every *_html field can go through the same HTML-to-text step.
    return html.escape(value).replace("\n", "<br>")


def _content_html(contents: list[Mapping[str, Any]]) -> str | None:
    # Feeds may carry several content variants; prefer HTML, then the longest.
    candidates = [c for c in contents if c.get("value")]
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (c.get("type") in HTML_TYPES, len(c["value"])))
    return _as_html(best["value"], best)


def _entry_date(raw: Mapping[str, Any]) -> tuple[datetime | None, str | None, str | None]:
    """(published_at, raw string, problem): published, else updated; lenient fallback for sloppy RFC 822."""
    raws = []
    for key in ("published", "updated"):
        # dict.get skips FeedParserDict's deprecated fallback that answers "updated" with "published".
        text = (dict.get(raw, key) or "").strip()
        when = _from_struct(dict.get(raw, f"{key}_parsed")) or (_lenient_rfc822(text) if text else None)
        if when is not None:
            return when, text or None, None
        raws.append(text)
    first = next((t for t in raws if t), None)
    return None, first, DATE_UNPARSED if first else DATE_MISSING


def _from_struct(value: time.struct_time | None) -> datetime | None:
    if value is None:
        return None
    try:
        # feedparser's struct_time is UTC; calendar.timegm reads it as such (time.mktime would not).
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, OSError, TypeError):
        return None


# "Thu,28 Jul 2022 4:35:5 GMT+9": missing space, unpadded fields, "GMT+9" offsets. feedparser gives up.
_SLOPPY_RFC822 = re.compile(
    r"^(?:[a-z]{2,9}\.?,?\s*)?(\d{1,2})\s*([a-z]{3})[a-z]*\.?\s*(\d{4})\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?"
    r"\s*(?:(?:gmt|utc|ut|z)?\s*([+-])(\d{1,2})(?::?(\d{2}))?|gmt|utc|ut|z)?\s*$",
    re.IGNORECASE,
)
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}


def _lenient_rfc822(text: str) -> datetime | None:
    match = _SLOPPY_RFC822.match(text)
    if match is None or match.group(2).lower() not in _MONTHS:
        return None
    day, month_name, year, hour, minute, second, sign, off_h, off_m = match.groups()
    try:
        offset = timedelta(hours=int(off_h or 0), minutes=int(off_m or 0))
        local = datetime(int(year), _MONTHS[month_name.lower()], int(day), int(hour), int(minute),
                         int(second or 0), tzinfo=timezone(-offset if sign == "-" else offset))
    except ValueError:
        return None
    return local.astimezone(UTC)
