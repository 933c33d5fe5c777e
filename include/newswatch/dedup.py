"""Exact deduplication: the same article again, under another URL, feed or outlet.

Keys: the content hash (a reprint of the same text), the GUID within a feed (an item whose URL
changed) and the normalized title within an outlet (a re-published headline). The canonical URL
needs no key: it *is* the article id, so the same URL is never discovered twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from newswatch.model import Article
from newswatch.normalize import normalize_title

# A title shorter than this ("Live updates", "Morning briefing") recurs without being a duplicate.
MIN_TITLE_WORDS_FOR_KEY = 4
KEY_ORDER = ("content_hash", "guid", "title")


@dataclass(frozen=True, slots=True)
class DuplicateVerdict:
    article: Article
    duplicate_of: str | None  # article id of the original, None when the article is new
    method: str | None  # which key matched: "content_hash" | "guid" | "title"


def dedup_keys(article: Article) -> dict[str, str]:
    """The exact-dedup keys an accepted article claims (kind -> key)."""
    keys = {"content_hash": article.content_hash}
    if article.guid:
        keys["guid"] = f"{article.feed}|{article.guid}"
    title = normalize_title(article.title)
    if len(title.split()) >= MIN_TITLE_WORDS_FOR_KEY:
        keys["title"] = f"{article.source.casefold()}|{title}"
    return keys


def find_exact_duplicates(
    articles: Sequence[Article], known: Mapping[tuple[str, str], str]
) -> list[DuplicateVerdict]:
    """Judge each article against ``known`` keys (kind, key) -> article id, and against the
    articles before it in the batch (the first copy in a batch is the original)."""
    seen: dict[tuple[str, str], str] = dict(known)
    verdicts = []
    for article in articles:
        keys = dedup_keys(article)
        hit = next(
            ((kind, seen[(kind, keys[kind])]) for kind in KEY_ORDER
             if kind in keys and (kind, keys[kind]) in seen and seen[(kind, keys[kind])] != article.article_id),
            None,
        )
        if hit:
            verdicts.append(DuplicateVerdict(article, hit[1], hit[0]))
            continue
        for kind, key in keys.items():
            seen.setdefault((kind, key), article.article_id)
        verdicts.append(DuplicateVerdict(article, None, None))
    return verdicts


def key_pairs(articles: Iterable[Article]) -> list[tuple[str, str]]:
    """Every (kind, key) the articles would claim: what to look up in the store."""
    return [(kind, key) for a in articles for kind, key in dedup_keys(a).items()]
