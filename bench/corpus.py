"""A generated but realistic news corpus for the benchmarks, rendered as RSS feed documents.

Shape, chosen to resemble wire and world-news feeds (and checked by tests/unit/test_bench_corpus.py):
- article text lengths are log-normal, median ~2.2 KB, clipped to 0.4-12 KB (full-content feeds);
- ~18 % of items are duplicates of a recent story: syndicated reprints (same text, another outlet
  and URL), wire updates ("UPDATE 1-" + the same headline, amended text, hours later) and
  re-sent GUIDs;
- ~1 % are bad (no headline, or a publication date years ahead) and must be quarantined;
- a quarter of sentences report an event between two actors the gazetteer knows (states,
  capitals, leaders), with Zipf-like actor popularity (a few actors dominate, as in real news),
  and carry a date phrase about half of the time; the rest is filler with numbers, unknown names,
  organisations and places. That gives ~4 actor mentions per 100 words.
Everything is a pure function of (n, seed), so two runs measure the same input. When a path to
ECB+ (e.g. `/work/shared/data/ecbplus`) is given, as an argument or by the harness's
`--sentences PATH` (environment variable NEWSWATCH_BENCH_SENTENCES), half of the filler sentences
are real news sentences sampled from it instead of templates.
"""

from __future__ import annotations

import html
import itertools
import math
import os
import random
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from newswatch.model import FeedSpec

# The corpus's "now": articles are published in the 60 days before it.
REFERENCE_TIME = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
DUPLICATE_SHARE = 0.18
BAD_SHARE = 0.01
EVENT_SENTENCE_SHARE = 0.25
ITEMS_PER_POLL = 50  # items in one feed document (one poll of one feed)
SENTENCES_ENV = "NEWSWATCH_BENCH_SENTENCES"  # a path to ECB+ set by `python -m bench --sentences`

# (surface form, weight). Weights fall off like a Zipf law: news is about a few actors.
_ACTORS = [
    "Russia", "the United States", "China", "Ukraine", "North Korea", "Israel", "Iran", "South Korea",
    "Japan", "Moscow", "Washington", "Beijing", "Kim Jong Un", "Vladimir Putin", "Pyongyang",
    "Seoul", "Tokyo", "Kyiv", "Tehran", "Germany", "France", "the United Kingdom", "Turkey",
    "India", "Pakistan", "Syria", "Iraq", "Saudi Arabia", "Poland", "Taiwan", "Venezuela", "Cuba",
    "Belarus", "Lebanon", "Egypt", "Qatar", "Brazil", "Mexico", "Canada", "Australia",
]
_ACTOR_CUM = list(itertools.accumulate(1.0 / (rank + 1) ** 0.9 for rank in range(len(_ACTORS))))
_PLACES = ["Vladivostok", "Geneva", "Hanoi", "Singapore", "Istanbul", "Doha", "Jeddah", "Vienna",
           "the Black Sea", "the Yellow Sea", "the border", "Kharkiv", "Gaza", "Aleppo"]
_WEAPONS = ["artillery shells", "ballistic missiles", "drones", "rifles", "tanks", "rockets",
            "air defence systems", "ammunition", "fighter jets", "anti-tank missiles"]
_CLAIMANTS = ["officials said", "the ministry said", "according to a government statement",
              "a spokesperson said", "state media reported", "intelligence officials alleged",
              "diplomats said", "analysts said"]
_EVENTS = [
    "{a} supplied {weapon} to {b}{date}, {claimant}.",
    "{a} has delivered {weapon} to {b}{date}, {claimant}.",
    "{a} agreed to send {weapon} to {b}{date}.",
    "{a} and {b} held talks in {place}{date}.",
    "{a} met officials from {b}{date} to discuss trade and security.",
    "Leaders of {a} and {b} met in {place}{date}.",
    "{a} accused {b} of violating the ceasefire{date}.",
    "{a} condemned {b} for the missile launch{date}.",
    "{a} imposed new sanctions on {b}{date}, {claimant}.",
    "{a} threatened to cut ties with {b}{date}.",
    "{a} deployed troops near the border with {b}{date}.",
    "{a} urged {b} to return to negotiations{date}.",
    "{a} rejected a proposal from {b}{date}.",
    "{a} attacked positions held by {b}{date}, {claimant}.",
    "{a} warned {b} against further provocations{date}.",
    "{a} praised {b} for its support{date}.",
    "{a} expelled diplomats from {b}{date}.",
    "{a} and {b} held joint military drills{date}.",
    "{a} visited {b}{date} for the first time in years.",
    "{a} released prisoners held by {b}{date}, {claimant}.",
    "{a} denied that it had sold {weapon} to {b}.",
    "{a} reportedly shipped {weapon} to {b}{date}, {claimant}.",
]
_FILLER = [
    "The central bank kept its benchmark rate at {pct} percent, citing slowing inflation.",
    "Shares in {company} rose {pct} percent in early trading after quarterly results beat forecasts.",
    "{person}, a researcher at {institute}, said the figures would be revised in the spring.",
    "The ministry of finance expects growth of {pct} percent next year, down from {pct2} percent.",
    "About {num} people attended the rally, organisers said, though police put the figure lower.",
    "Forecasters expect heavy rain along the coast{date}, and ferry operators cancelled sailings.",
    "The city council voted to build a tram line linking the station with the docks.",
    "Construction is expected to take {small} years and cost about {num} million dollars.",
    "\"We are watching the situation closely,\" {person} told reporters.",
    "Analysts said the decision reflected concerns about energy prices and supply chains.",
    "The report, published by {institute}, covers {num} companies in {small} sectors.",
    "Negotiators are expected to meet again before the end of the year.",
    "{company} said it would cut {num} jobs as demand for its products weakened.",
    "Local officials said the road would reopen{date} once repairs were complete.",
    "The agreement still needs the approval of parliament, where the coalition has a slim majority.",
    "Prices for wheat and maize fell for a {ordinal} consecutive week.",
    "{person} has led the agency since {year} and is expected to seek a second term.",
    "The hospital said {small} patients were treated for minor injuries.",
    "Critics said the plan did little to address housing costs in the capital.",
    "The exhibition opens to the public{date} and runs until the end of March.",
    "Officials declined to comment on the details of the investigation.",
    "The team won {small} of its last {num2} matches and sits {ordinal} in the league.",
    "Turnout was {pct} percent, the election commission said.",
    "The company, founded in {year}, employs about {num} people in {small} countries.",
]
_PEOPLE = ["Anna Keller", "Marcus Hale", "Priya Raman", "Tomas Novak", "Elena Ruiz", "David Okafor",
           "Sofia Lind", "Hiro Tanaka", "Leila Haddad", "Jonas Berg", "Mei Chen", "Omar Farouk"]
_COMPANIES = ["Nordwind Energy", "Harbor Logistics", "Meridian Steel", "Bluefin Foods",
              "Atlas Telecom", "Crestline Motors", "Orion Pharma", "Pioneer Shipping"]
_INSTITUTES = ["the Institute for Economic Studies", "the Centre for Policy Research",
               "a university in the capital", "the national statistics office"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]
_ORDINALS = ["second", "third", "fourth", "fifth", "sixth"]
_OUTLETS = [f"{a} {b}" for a in ("Harbour", "Northern", "Coastal", "Capital", "Evening", "Global",
                                  "Daily", "Metro") for b in ("Times", "Ledger", "Wire", "Post", "Herald")]
_SECTIONS = ["world", "asia", "europe", "politics", "business"]


@dataclass(frozen=True, slots=True)
class Item:
    """One feed item as published (before newswatch parses it)."""

    feed: str  # FeedSpec.name
    source: str
    url: str
    guid: str
    title: str
    paragraphs: tuple[str, ...]
    published: datetime
    kind: str  # "original" | "reprint" | "update" | "resent" | "bad"
    original: int | None = None  # index of the original item, for duplicates

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class Corpus:
    items: tuple[Item, ...]
    feeds: tuple[FeedSpec, ...]

    def documents(self, items_per_poll: int = ITEMS_PER_POLL) -> list[tuple[FeedSpec, bytes]]:
        """RSS 2.0 documents, one per poll: each feed's items in publication order, in chunks."""
        by_feed: dict[str, list[Item]] = {}
        for item in self.items:
            by_feed.setdefault(item.feed, []).append(item)
        specs = {f.name: f for f in self.feeds}
        docs = []
        for name in sorted(by_feed):
            items = by_feed[name]
            for i in range(0, len(items), items_per_poll):
                docs.append((specs[name], render_rss(specs[name], items[i:i + items_per_poll])))
        return docs


def generate(n: int, *, seed: int = 7, sentences_from: str | Path | None = None) -> Corpus:
    """``n`` feed items with the shape described in the module docstring."""
    sentences_from = sentences_from or os.environ.get(SENTENCES_ENV) or None
    rng = random.Random(seed)
    real = load_ecbplus_sentences(sentences_from, rng) if sentences_from else []
    feeds = tuple(
        FeedSpec(name=f"{_slug(o)}-{s}", url=f"https://{_slug(o)}.example/{s}/rss.xml", source=o,
                 language="en")
        for o in _OUTLETS for s in _SECTIONS
    )
    items: list[Item] = []
    originals: list[int] = []
    span = timedelta(days=60).total_seconds()
    for index in range(n):
        published = REFERENCE_TIME - timedelta(seconds=span * (1 - index / max(n, 1)))
        roll = rng.random()
        if originals and roll < DUPLICATE_SHARE:
            of = rng.choice(originals[-500:])
            items.append(_duplicate(rng, index, items[of], of, feeds, published, real))
            continue
        feed = rng.choice(feeds)
        item = _original(rng, index, feed, published, real)
        if roll > 1 - BAD_SHARE:
            item = _spoil(rng, item)
        else:
            originals.append(index)
        items.append(item)
    return Corpus(tuple(items), feeds)


def _original(rng: random.Random, index: int, feed: FeedSpec, published: datetime,
              real: Sequence[str]) -> Item:
    target = int(min(12_000, max(400, rng.lognormvariate(math.log(2_200), 0.5))))
    sentences: list[str] = []
    size = 0
    while size < target:
        s = _event_sentence(rng) if rng.random() < EVENT_SENTENCE_SHARE else _filler(rng, real)
        sentences.append(s)
        size += len(s) + 1
    paragraphs, i = [], 0
    while i < len(sentences):
        k = rng.randint(1, 4)
        paragraphs.append(" ".join(sentences[i:i + k]))
        i += k
    title = _headline(rng, sentences[:1])  # the lede
    slug = _slug(title)[:60]
    section = feed.name.rsplit("-", 1)[1]
    host = feed.url.split("/")[2]
    url = f"https://{host}/{section}/{published:%Y/%m/%d}/{slug}-{index}"
    if rng.random() < 0.3:  # tracking parameters that canonical_url must strip
        url += "?utm_source=rss&utm_medium=feed"
    return Item(feed.name, feed.source, url, f"{host}-{index}", title, tuple(paragraphs), published,
                "original")


def _duplicate(rng: random.Random, index: int, original: Item, of: int,
               feeds: Sequence[FeedSpec], published: datetime, real: Sequence[str]) -> Item:
    roll = rng.random()
    if roll < 0.65:  # syndication: another outlet reprints the text under its own headline
        feed = rng.choice([f for f in feeds if f.source != original.source])
        host = feed.url.split("/")[2]
        title = original.title if rng.random() < 0.4 else _headline(rng, list(original.paragraphs))
        return Item(feed.name, feed.source, f"https://{host}/reprints/{index}", f"{host}-{index}",
                    title, original.paragraphs, published, "reprint", of)
    if roll < 0.9:  # wire update: same outlet and headline with a slug, one more sentence
        extra = _event_sentence(rng) if rng.random() < 0.5 else _filler(rng, real)
        paragraphs = original.paragraphs + (extra,)
        host = original.url.split("/")[2]
        # Wire updates follow within hours (exact dedup trusts a repeated headline only then).
        updated = original.published + timedelta(minutes=rng.randint(20, 360))
        return Item(original.feed, original.source, f"https://{host}/updates/{index}",
                    f"{host}-{index}", f"UPDATE {rng.randint(1, 3)}-{original.title}", paragraphs,
                    updated, "update", of)
    # The same GUID again under a new URL (a CMS that moved the story): a GUID duplicate.
    host = original.url.split("/")[2]
    return Item(original.feed, original.source, f"https://{host}/moved/{index}", original.guid,
                original.title + " (corrected)", original.paragraphs[:-1] + (_filler(rng, real),),
                published, "resent", of)


def _spoil(rng: random.Random, item: Item) -> Item:
    if rng.random() < 0.5:
        return Item(item.feed, item.source, item.url, item.guid, "", item.paragraphs,
                    item.published, "bad")
    return Item(item.feed, item.source, item.url, item.guid, item.title, item.paragraphs,
                item.published.replace(year=item.published.year + 5), "bad")


def _event_sentence(rng: random.Random) -> str:
    a, b = rng.choices(_ACTORS, cum_weights=_ACTOR_CUM, k=2)
    while b == a:
        b = rng.choices(_ACTORS, cum_weights=_ACTOR_CUM)[0]
    sentence = rng.choice(_EVENTS).format(
        a=a, b=b, weapon=rng.choice(_WEAPONS), claimant=rng.choice(_CLAIMANTS),
        place=rng.choice(_PLACES), date=_date_phrase(rng),
    )
    return sentence[0].upper() + sentence[1:]


def _date_phrase(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.5:
        return ""
    if roll < 0.7:
        return f" on {rng.choice(_DAYS)}"
    if roll < 0.8:
        return f" on {rng.randint(1, 28)} {rng.choice(_MONTHS)}"
    if roll < 0.88:
        return f" in {rng.choice(_MONTHS)} {rng.randint(2019, 2026)}"
    if roll < 0.95:
        return rng.choice([" last week", " earlier this month", " yesterday", " last month"])
    return f" in {rng.randint(2015, 2025)}"


def _filler(rng: random.Random, real: Sequence[str]) -> str:
    if real and rng.random() < 0.5:
        return rng.choice(real)
    template = rng.choice(_FILLER)
    return template.format(**{name: _SLOTS[name](rng) for name in _FILLER_FIELDS[template]})


# Only the slots a template names are drawn (drawing all of them made generation 3x slower).
_SLOTS = {
    "pct": lambda r: f"{r.randint(1, 9)}.{r.randint(0, 9)}",
    "pct2": lambda r: f"{r.randint(1, 9)}.{r.randint(0, 9)}",
    "company": lambda r: r.choice(_COMPANIES),
    "person": lambda r: r.choice(_PEOPLE),
    "institute": lambda r: r.choice(_INSTITUTES),
    "num": lambda r: r.randint(20, 9_000),
    "num2": lambda r: r.randint(10, 30),
    "small": lambda r: r.randint(2, 12),
    "year": lambda r: r.randint(1990, 2024),
    "ordinal": lambda r: r.choice(_ORDINALS),
    "date": _date_phrase,
}
_FILLER_FIELDS = {t: [f for _, f, _, _ in string.Formatter().parse(t) if f] for t in _FILLER}


def _headline(rng: random.Random, sentences: Sequence[str]) -> str:
    words = re.sub(r"[,.\"]", "", rng.choice(list(sentences))).split()
    return " ".join(words[:rng.randint(6, 11)])


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def render_rss(feed: FeedSpec, items: Sequence[Item]) -> bytes:
    """An RSS 2.0 document as outlets publish them: HTML descriptions in CDATA, RFC 822 dates."""
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>',
        f"<title>{html.escape(feed.source)} - {feed.name}</title>",
        f"<link>{html.escape(feed.url)}</link><description>generated</description><language>en</language>",
    ]
    for item in items:
        body = "".join(f"<p>{html.escape(p, quote=False)}</p>\n" for p in item.paragraphs)
        out.append(
            f"<item><title>{html.escape(item.title)}</title><link>{html.escape(item.url)}</link>"
            f'<guid isPermaLink="false">{html.escape(item.guid)}</guid>'
            f"<pubDate>{format_datetime(item.published)}</pubDate>"
            f"<description><![CDATA[{body}]]></description></item>"
        )
    out.append("</channel></rss>\n")
    return "\n".join(out).encode("utf-8")


def load_ecbplus_sentences(path: str | Path, rng: random.Random, limit: int = 5_000) -> list[str]:
    """Real news sentences from ECB+ token files (``<token sentence="n">word</token>``)."""
    files = sorted(Path(path).glob("*/*.xml"))
    token = re.compile(r'<token[^>]*\bsentence="(\d+)"[^>]*>([^<]*)</token>')
    sentences: list[str] = []
    for file in files:
        current, words = None, []
        for number, word in token.findall(file.read_text("utf-8", errors="replace")):
            if number != current and words:
                sentences.append(_detokenize(words))
                words = []
            current = number
            words.append(html.unescape(word))
        if words:
            sentences.append(_detokenize(words))
    good = [s for s in sentences if 60 <= len(s) <= 300 and s[-1] in ".!?\""]
    rng.shuffle(good)
    return good[:limit]


def _detokenize(words: Sequence[str]) -> str:
    text = " ".join(words)
    text = re.sub(r" ([.,;:!?%)'])", r"\1", text).replace("( ", "(").replace(" n't", "n't")
    return text.replace("`` ", '"').replace(" ''", '"').replace("``", '"').replace("''", '"')


def shape(corpus: Corpus) -> dict[str, float]:
    """The corpus's measured shape: what the module docstring promises."""
    items = corpus.items
    lengths = sorted(len(i.text) for i in items)
    words = sum(len(i.text.split()) for i in items)
    actor = re.compile("|".join(re.escape(a) for a in sorted(_ACTORS, key=len, reverse=True)))
    actors = sum(len(actor.findall(i.text)) for i in items)
    return {
        "items": len(items),
        "median_chars": lengths[len(lengths) // 2],
        "duplicate_share": sum(i.kind in ("reprint", "update", "resent") for i in items) / len(items),
        "bad_share": sum(i.kind == "bad" for i in items) / len(items),
        "actors_per_100_words": 100 * actors / max(words, 1),
    }
