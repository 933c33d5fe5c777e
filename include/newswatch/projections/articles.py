"""Projection behind newswatch.articles: each article's fate, and the exact-dedup keys."""

from __future__ import annotations

import json

from newswatch import events as ev
from newswatch.projections.base import Cursor, Projection
from newswatch.store import RecordedEvent


def _article_discovered(cur: Cursor, e: RecordedEvent) -> None:
    cur.execute(
        """INSERT INTO newswatch.proj_articles (article_id, url, canonical_url, guid, title, source,
             feed, published_at, date_problem, fetched_at, language, text_basis, content_hash,
             discovered_position)
           VALUES (%(article_id)s, %(url)s, %(canonical_url)s, %(guid)s, %(title)s, %(source)s,
             %(feed)s, %(published_at)s, %(date_problem)s, %(fetched_at)s, %(language)s,
             %(text_basis)s, %(content_hash)s, %(position)s)
           ON CONFLICT (article_id) DO NOTHING""",
        {**e.data, "position": e.global_position},
    )


def _article_accepted(cur: Cursor, e: RecordedEvent) -> None:
    d = e.data
    cur.execute(
        "UPDATE newswatch.proj_articles SET status = 'accepted' WHERE article_id = %s",
        (d["article_id"],),
    )
    for kind, key in sorted(d.get("keys", {}).items()):
        if key:
            cur.execute(
                """INSERT INTO newswatch.proj_article_keys (kind, key, article_id)
                   VALUES (%s, %s, %s) ON CONFLICT (kind, key) DO NOTHING""",
                (kind, key, d["article_id"]),
            )


def _article_rejected(cur: Cursor, e: RecordedEvent) -> None:
    cur.execute(
        """UPDATE newswatch.proj_articles SET status = 'rejected', rejection_reasons = %s
           WHERE article_id = %s""",
        (json.dumps(e.data["failures"]), e.data["article_id"]),
    )


def _article_duplicate(cur: Cursor, e: RecordedEvent) -> None:
    d = e.data
    cur.execute(
        """UPDATE newswatch.proj_articles SET status = 'duplicate', duplicate_of = %s,
             duplicate_method = %s, similarity = %s WHERE article_id = %s""",
        (d["duplicate_of"], d["method"], d.get("similarity"), d["article_id"]),
    )


def _article_coded(cur: Cursor, e: RecordedEvent) -> None:
    d = e.data
    cur.execute(
        """UPDATE newswatch.proj_articles SET coded_version = %s, coded_at = %s, num_events = %s
           WHERE article_id = %s""",
        (d["extractor_version"], d["coded_at"], d["num_events"], d["article_id"]),
    )


ARTICLES = Projection(
    "articles",
    ("newswatch.proj_article_keys", "newswatch.proj_articles"),
    {
        ev.ARTICLE_DISCOVERED: _article_discovered,
        ev.ARTICLE_ACCEPTED: _article_accepted,
        ev.ARTICLE_REJECTED: _article_rejected,
        ev.ARTICLE_DUPLICATE_DETECTED: _article_duplicate,
        ev.ARTICLE_CODED: _article_coded,
    },
)
