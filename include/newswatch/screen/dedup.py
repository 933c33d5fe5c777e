"""Deduplication: the same article again, under another URL, feed or outlet, or lightly edited.

Exact keys: the content hash (a reprint of the same text), the GUID within a feed (an item whose
URL changed) and the normalized title within an outlet and a time window (a re-published
headline). The canonical URL needs no key: it *is* the article id (tracking parameters, `www.`,
AMP and mobile variants are normalized away), so the same URL is never discovered twice.
Then near-duplicates (syndicated or lightly edited copies) by MinHash/LSH (see ``neardup``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from newswatch.ingest.normalize import normalize_title
from newswatch.model import Article
from newswatch.projections import near_index
from newswatch.screen import neardup

# A title shorter than this ("Live updates", "Morning briefing") recurs without being a duplicate.
MIN_TITLE_WORDS_FOR_KEY = 4
# An outlet re-publishing a headline (an updated story) does so within hours; a recurring daily
# column ("Morning briefing: five things to know") comes back a day later and is new.
TITLE_WINDOW = timedelta(hours=12)
KEY_ORDER = ("content_hash", "guid", "title")
NEAR = "minhash"


@dataclass(frozen=True, slots=True)
class DuplicateVerdict:
    article: Article
    duplicate_of: str | None  # article id of the original, None when the article is new
    method: str | None  # "content_hash" | "guid" | "title" | "minhash"
    similarity: float = 1.0  # 1.0 for exact keys, the estimated Jaccard for "minhash"
    # The MinHash signature an accepted article records (None: too short to compare).
    signature: Any = field(default=None, compare=False)


def dedup_keys(article: Article) -> dict[str, str]:
    """The exact-dedup keys an accepted article claims (kind -> key)."""
    keys = {"content_hash": article.content_hash}
    if article.guid:
        keys["guid"] = f"{article.feed}|{article.guid}"
    title = normalize_title(article.title)
    if len(title.split()) >= MIN_TITLE_WORDS_FOR_KEY:
        keys["title"] = f"{article.source.casefold()}|{title}"
    return keys


def find_duplicates(
    articles: Sequence[Article],
    known: Mapping[tuple[str, str], str],
    *,
    claimed_at: Mapping[tuple[str, str], datetime] | None = None,
    near: neardup.NearDuplicateIndex | None = None,
    signatures: Mapping[str, Any] | None = None,
) -> list[DuplicateVerdict]:
    """Judge each article against the stored keys ``known`` ((kind, key) -> article id, with
    ``claimed_at`` for title keys) and the near-duplicate index ``near``, and against the
    articles accepted before it in the batch (the first copy in a batch is the original).
    Only accepted articles claim keys, so ``duplicate_of`` always names an accepted article.
    ``signatures`` (article id -> MinHash) saves recomputing ones the caller already has."""
    seen: dict[tuple[str, str], str] = dict(known)
    when: dict[tuple[str, str], datetime] = dict(claimed_at or {})
    verdicts = []
    for article in articles:
        keys = dedup_keys(article)
        hit = _exact_hit(article, keys, seen, when)
        if hit:
            verdicts.append(DuplicateVerdict(article, hit[1], hit[0]))
            continue
        sig = None
        if near is not None:
            sig = (signatures[article.article_id] if signatures and article.article_id in signatures
                   else neardup.signature(article.text))
        if sig is not None:
            bands = near_index.band_keys(sig)
            found = near.find(article.article_id, sig, bands)
            if found:
                verdicts.append(DuplicateVerdict(article, found.duplicate_of, NEAR, found.similarity))
                continue
            near.add(article.article_id, sig, bands)
        for kind, key in keys.items():
            if kind == "title" or (kind, key) not in seen:
                seen[(kind, key)] = article.article_id
                when[(kind, key)] = article.reported_at
        verdicts.append(DuplicateVerdict(article, None, None, signature=sig))
    return verdicts


def _exact_hit(article: Article, keys: Mapping[str, str], seen: Mapping[tuple[str, str], str],
               when: Mapping[tuple[str, str], datetime]) -> tuple[str, str] | None:
    for kind in KEY_ORDER:
        if kind not in keys:
            continue
        original = seen.get((kind, keys[kind]))
        if original is None or original == article.article_id:
            continue
        if kind == "title" and not _within_window(article, when.get((kind, keys[kind]))):
            continue
        return kind, original
    return None


def _within_window(article: Article, original_at: datetime | None) -> bool:
    # A key recorded before windows existed (no time) is trusted as before.
    return original_at is None or abs(article.reported_at - original_at) <= TITLE_WINDOW


def key_pairs(articles: Iterable[Article]) -> list[tuple[str, str]]:
    """Every (kind, key) the articles would claim: what to look up in the store."""
    return [(kind, key) for a in articles for kind, key in dedup_keys(a).items()]
