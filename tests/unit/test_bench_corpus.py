"""The benchmark corpus (bench/corpus.py) is deterministic and shaped like real news feeds, and
newswatch's own parser and dedup read it the way the benchmarks assume."""

from __future__ import annotations

import random
import sys
from datetime import timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # bench/ is a top-level folder of the checkout, not an installed package
    sys.path.insert(0, str(ROOT))

from bench import corpus  # noqa: E402


@pytest.fixture(scope="module")
def sample() -> corpus.Corpus:
    return corpus.generate(2_000, seed=11)


def test_the_same_seed_generates_the_same_corpus_and_another_seed_does_not():
    assert corpus.generate(300, seed=3) == corpus.generate(300, seed=3)
    assert corpus.generate(300, seed=3).documents() == corpus.generate(300, seed=3).documents()
    assert corpus.generate(300, seed=4).items != corpus.generate(300, seed=3).items


def test_article_lengths_duplicate_share_and_entity_density_look_like_news(sample):
    shape = corpus.shape(sample)
    assert shape["items"] == 2_000
    assert 1_500 <= shape["median_chars"] <= 3_500
    assert 0.12 <= shape["duplicate_share"] <= 0.24
    assert 0.0 < shape["bad_share"] <= 0.03
    assert 1.0 <= shape["actors_per_100_words"] <= 8.0
    lengths = sorted(len(i.text) for i in sample.items)
    assert lengths[0] >= 300 and lengths[-1] <= 13_000
    assert lengths[len(lengths) * 9 // 10] > 1.5 * lengths[len(lengths) // 2]  # a long tail


def test_every_item_comes_back_from_the_feed_documents_through_parse_and_normalize(sample):
    from newswatch.ingest.normalize import build_article
    from newswatch.ingest.parse import parse_feed

    fetched_at = corpus.REFERENCE_TIME + timedelta(hours=1)
    articles = []
    for feed, body in sample.documents():
        parsed = parse_feed(body, url=feed.url, headers={"content-type": "application/rss+xml"})
        assert parsed.is_feed and parsed.problem is None, parsed.detail
        articles += [build_article(e, feed, fetched_at=fetched_at) for e in parsed.entries]
    assert len(articles) == len(sample.items)
    assert all(a.published_at is not None for a in articles)
    by_url = {i.url: i for i in sample.items}
    some = random.Random(0).sample(articles, 50)
    for article in some:
        item = by_url[article.url]
        assert article.title == item.title
        assert article.text == item.text
        assert "utm_" not in article.canonical_url


def test_generated_duplicates_are_duplicates_by_newswatch_exact_keys(sample):
    from newswatch.ingest.normalize import build_article
    from newswatch.ingest.parse import parse_feed
    from newswatch.screen.dedup import find_duplicates

    fetched_at = corpus.REFERENCE_TIME + timedelta(hours=1)
    articles = []
    for feed, body in sample.documents():
        parsed = parse_feed(body, url=feed.url, headers={"content-type": "application/rss+xml"})
        articles += [build_article(e, feed, fetched_at=fetched_at) for e in parsed.entries]
    kinds = {i.url: i.kind for i in sample.items}
    articles.sort(key=lambda a: a.published_at)  # originals are published before their copies
    verdicts = find_duplicates([a for a in articles if kinds[a.url] != "bad"], {})
    flagged = {v.article.url for v in verdicts if v.duplicate_of}
    copies = {i.url for i in sample.items if i.original is not None}
    assert len(flagged & copies) >= 0.95 * len(copies)
    assert len(flagged - copies) <= 0.01 * len(sample.items)


def test_bad_items_are_the_kind_validation_rejects(sample):
    bad = [i for i in sample.items if i.kind == "bad"]
    assert bad
    for item in bad:
        assert item.title == "" or item.published > corpus.REFERENCE_TIME + timedelta(days=300)


def test_real_sentences_are_read_from_ecbplus_token_files(tmp_path):
    topic = tmp_path / "1"
    topic.mkdir()
    tokens = ("Rescuers pulled two survivors from the rubble of the hotel on Sunday , officials said .",
              "Short one .")
    xml = ['<Document doc_name="1_1ecb.xml">']
    for number, sentence in enumerate(tokens):
        xml += [f'<token t_id="{k}" sentence="{number}" number="{k}">{w}</token>'
                for k, w in enumerate(sentence.split())]
    (topic / "1_1ecb.xml").write_text("\n".join(xml + ["</Document>"]))
    sentences = corpus.load_ecbplus_sentences(tmp_path, random.Random(0))
    assert sentences == ["Rescuers pulled two survivors from the rubble of the hotel on Sunday, officials said."]
    mixed = corpus.generate(200, seed=1, sentences_from=tmp_path)
    assert any(sentences[0] in i.text for i in mixed.items)
