"""Projection behind newswatch.articles: each article's fate, the exact-dedup keys and the
near-duplicate index (MinHash signatures and LSH band keys of accepted articles)."""

from __future__ import annotations

import json

from newswatch import events as ev
from newswatch.projections import near_index
from newswatch.projections.base import Cursor, Projection
from newswatch.store import RecordedEvent


def _article_discovered(cur: Cursor, e: RecordedEvent) -> None:
    cur.execute(
        """INSERT INTO newswatch.proj_articles (article_id, url, canonical_url, guid, title, source,
             feed, published_at, date_problem, fetched_at, language, text_basis, content_hash,
             discovered_position, published_basis)
           VALUES (%(article_id)s, %(url)s, %(canonical_url)s, %(guid)s, %(title)s, %(source)s,
             %(feed)s, %(published_at)s, %(date_problem)s, %(fetched_at)s, %(language)s,
             %(text_basis)s, %(content_hash)s, %(position)s,
             -- articles recorded before the basis was kept: a date could then only come from the feed
             coalesce(%(published_basis)s, CASE WHEN %(published_at)s IS NULL THEN 'fetch' ELSE 'feed' END))
           ON CONFLICT (article_id) DO NOTHING""",
        {"published_basis": None, **e.data, "position": e.global_position},
    )


def _article_accepted(cur: Cursor, e: RecordedEvent) -> None:
    d = e.data
    cur.execute(
        "UPDATE newswatch.proj_articles SET status = 'accepted' WHERE article_id = %s",
        (d["article_id"],),
    )
    for kind, key in sorted(d.get("keys", {}).items()):
        if key:
            # The title key moves to the latest accepted article (it holds within a window);
            # the others stay with the first.
            cur.execute(
                f"""INSERT INTO newswatch.proj_article_keys (kind, key, article_id, claimed_at)
                    SELECT %(kind)s, %(key)s, a.article_id, coalesce(a.published_at, a.fetched_at)
                    FROM newswatch.proj_articles a WHERE a.article_id = %(article_id)s
                    ON CONFLICT (kind, key) DO {_ON_KEY_CONFLICT[kind == "title"]}""",
                {"kind": kind, "key": key, "article_id": d["article_id"]},
            )
    if d.get("minhash"):
        # The band keys are derived from the recorded signature, never recomputed from text,
        # so a replay rebuilds the same index whatever the shingling code has become since.
        cur.execute(
            """INSERT INTO newswatch.proj_article_signatures (article_id, signature) VALUES (%s, %s)
               ON CONFLICT (article_id) DO NOTHING""",
            (d["article_id"], d["minhash"]),
        )
        cur.execute(
            """INSERT INTO newswatch.proj_article_bands (key, article_id)
               SELECT k, %s FROM unnest(%s::bigint[]) AS k ON CONFLICT DO NOTHING""",
            (d["article_id"], near_index.band_keys(near_index.decode(d["minhash"]))),
        )


_ON_KEY_CONFLICT = {
    False: "NOTHING",
    True: "UPDATE SET article_id = EXCLUDED.article_id, claimed_at = EXCLUDED.claimed_at",
}


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


# Rejected mentions live with the articles (coding catches this projection up after each
# batch), so newswatch.rejected_mentions is current as soon as a batch is coded.
def _event_mention_rejected(cur: Cursor, e: RecordedEvent) -> None:
    d, m = e.data, e.data["mention"]
    cur.execute(
        """INSERT INTO newswatch.proj_mention_rejections (mention_id, article_id, extractor_version,
             event_type, actor1_code, actor2_code, event_date, claim_status, confidence, sentence, failures)
           VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (mention_id) DO NOTHING""",
        (d["mention_id"], d["article_id"], m.get("extractor_version"), m.get("event_type"),
         m.get("actor1_code"), m.get("actor2_code"), m.get("event_date"), m.get("claim_status"),
         m.get("confidence"), m.get("sentence"), json.dumps(d["failures"])),
    )


ARTICLES = Projection(
    "articles",
    ("newswatch.proj_article_bands", "newswatch.proj_article_signatures", "newswatch.proj_article_keys",
     "newswatch.proj_mention_rejections", "newswatch.proj_articles"),
    {
        ev.ARTICLE_DISCOVERED: _article_discovered,
        ev.ARTICLE_ACCEPTED: _article_accepted,
        ev.ARTICLE_REJECTED: _article_rejected,
        ev.ARTICLE_DUPLICATE_DETECTED: _article_duplicate,
        ev.ARTICLE_CODED: _article_coded,
        ev.EVENT_MENTION_REJECTED: _event_mention_rejected,
    },
)
