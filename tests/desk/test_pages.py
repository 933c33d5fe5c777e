"""Every page of the desk over the demo's data (one real cycle over the sample feeds), through
FastAPI's test client and a real PostgreSQL: what each shows, its filters, and its CSV and JSON
exports with the same filters."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest

from newswatch.extract import EXTRACTOR_VERSION

pytestmark = pytest.mark.integration

HTML = {"Accept": "text/html"}
# The seed story's evidence sentence, as the sample feeds word it.
EVIDENCE = "The United States has repeatedly warned that North Korea is providing weapons to Russia"


def _alerts(desk, **params):
    return desk.get("/", params={**params, "format": "json"}).json()


def _arms_alert(desk):
    (row,) = [r for r in _alerts(desk)["rows"] if r["topic"] == "arms-transfers"]
    return row


def test_the_inbox_lists_alerts_newest_first_with_what_who_when_claim_why_and_sources(desk):
    page = desk.get("/", headers=HTML)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    text = page.text
    assert "North Korea supplies arms to Russia" in text  # what happened, who
    assert "alleged" in text and "United States" in text  # claim status and claimant
    assert "first report" in text and "first report of the arms transfer PRK→RUS for arms-transfers" in text  # why new
    assert "8 Nov 2023" in text  # when
    rows = _alerts(desk)["rows"]
    assert {r["topic"] for r in rows} == {"arms-transfers", "korean-peninsula-summits"}
    assert [r["raised_at"] for r in rows] == sorted((r["raised_at"] for r in rows), reverse=True)
    arms = _arms_alert(desk)
    assert (arms["actor1_code"], arms["actor2_code"], arms["claim_status"], arms["claimed_by"]) == \
        ("PRK", "RUS", "alleged", "USA")
    assert arms["num_sources"] == 2 and arms["novelty_kind"] == "first report"
    assert arms["event_page"].endswith(f"/events/{arms['event_id']}")  # every alert links to its event
    assert f'href="/events/{arms["event_id"]}"' in text


def test_inbox_filters_topic_kind_acknowledged_muted_and_dates(desk):
    assert {r["topic"] for r in _alerts(desk, topic="arms-transfers")["rows"]} == {"arms-transfers"}
    assert _alerts(desk, topic="no-such-topic")["rows"] == []
    assert len(_alerts(desk, kind="first report")["rows"]) == 2
    assert _alerts(desk, kind="stage change")["rows"] == []
    assert len(_alerts(desk, acknowledged="no")["rows"]) == 2
    assert _alerts(desk, acknowledged="yes")["rows"] == []
    assert _alerts(desk, muted="yes")["rows"] == [] and len(_alerts(desk, muted="no")["rows"]) == 2
    assert len(_alerts(desk, since="2023-11-08", until="2023-11-08")["rows"]) == 2
    assert _alerts(desk, since="2023-11-09")["rows"] == []
    assert _alerts(desk, until="2023-11-07")["rows"] == []
    one = _alerts(desk, limit=1)
    assert len(one["rows"]) == 1 and one["truncated"] is True  # one more matched than was sent
    assert _alerts(desk, limit=1, offset=1)["rows"][0]["alert_id"] != one["rows"][0]["alert_id"]


@pytest.mark.parametrize("query, names", [
    ("since=yesterday", "since"), ("acknowledged=maybe", "acknowledged"), ("limit=0", "limit"),
    ("since=2023-11-09&until=2023-11-01", "after"), ("format=xml", "format"),
])
def test_a_bad_filter_is_a_400_naming_the_parameter(desk, query, names):
    response = desk.get(f"/?{query}")
    assert response.status_code == 400
    assert names in response.json()["detail"]


def test_the_inbox_exports_csv_with_the_same_filters(desk):
    response = desk.get("/", params={"topic": "arms-transfers", "format": "csv"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["topic"] for r in rows] == ["arms-transfers"]
    assert rows[0]["claim_status"] == "alleged" and rows[0]["actor2_code"] == "RUS"
    assert response.headers["X-Newswatch-Truncated"] == "false"


def test_the_event_page_shows_state_history_and_every_mention_with_its_evidence_highlighted(desk):
    arms = _arms_alert(desk)
    page = desk.get(f"/events/{arms['event_id']}", headers=HTML)
    assert page.status_code == 200
    text = page.text
    marked = re.findall(r"<mark>(.*?)</mark>", text, re.S)
    assert any(EVIDENCE in m for m in marked)  # the sentence, highlighted in its article's text
    assert "Identified" in text  # how it got here
    for outlet in ("Harbour Times", "Northern Ledger"):  # every mention, with its outlet
        assert outlet in text
    assert "reprint of" in text  # the duplicate is linked as one more source
    assert f"<code>{EXTRACTOR_VERSION}</code>" in text  # the version of the extractor that coded each mention
    assert "https://harbour-times.example/" in text  # the article's link
    detail = desk.get(f"/events/{arms['event_id']}", params={"format": "json"}).json()
    assert detail["event"]["num_sources"] == 2 and detail["mentions_total"] == 2
    assert [h["type"] for h in detail["history"]] == ["WorldEventIdentified"]
    assert all(m["sentence"].startswith(EVIDENCE) for m in detail["mentions"])
    reprint = [m for m in detail["mentions"] if m["via_duplicate_of"]]
    assert len(reprint) == 1 and reprint[0]["original_source"] == "Harbour Times"
    mentions_csv = list(csv.DictReader(io.StringIO(desk.get(f"/events/{arms['event_id']}?format=csv").text)))
    assert len(mentions_csv) == 2 and {m["source"] for m in mentions_csv} == {"Harbour Times", "Northern Ledger"}


@pytest.mark.parametrize("event_id", ["00000000-0000-0000-0000-000000000000", "not-an-id"])
def test_an_unknown_event_is_a_404(desk, event_id):
    assert desk.get(f"/events/{event_id}").status_code == 404
    assert "Not found" in desk.get(f"/events/{event_id}", headers=HTML).text


def test_the_timelines_index_offers_topics_and_busy_actor_pairs(desk):
    text = desk.get("/timeline", headers=HTML).text
    assert "/timeline?topic=arms-transfers" in text
    assert "/timeline?actors=PRK%2CRUS" in text
    assert desk.get("/timeline?format=json").status_code == 400  # nothing chosen to export


def test_a_pair_timeline_draws_one_linked_mark_per_event_by_type(desk):
    page = desk.get("/timeline", params={"actors": "RUS,PRK"}, headers=HTML)  # either direction
    assert page.status_code == 200
    rows = desk.get("/timeline", params={"actors": "RUS,PRK", "format": "json"}).json()["rows"]
    # AID and CONSULT as stated; a researcher's "could help Russia keep fighting" is a guess, no event
    assert {r["event_type"] for r in rows} == {"AID", "CONSULT"}
    start = page.text.index('<svg class="chart wide"')
    svg = page.text[start:page.text.index("</svg>", start)]
    marks = re.findall(r'<a href="/events/([0-9a-f-]{36})" class="event-mark"', svg)
    assert sorted(marks) == sorted(r["event_id"] for r in rows)
    for lane in ("AID", "CONSULT"):
        assert f">{lane}</text>" in svg
    assert "s-alleged" in svg and "s-reported" in svg  # coloured by claim status


def test_a_topic_timeline_holds_the_events_the_topic_is_about(desk):
    rows = desk.get("/timeline", params={"topic": "arms-transfers", "format": "json"}).json()["rows"]
    assert [(r["event_type"], r["actor1_code"], r["actor2_code"], r["alerted"]) for r in rows] == \
        [("AID", "PRK", "RUS", True)]
    assert desk.get("/timeline", params={"topic": "no-such-topic"}).status_code == 404
    assert desk.get("/timeline", params={"actors": "PRK,RUS,USA"}).status_code == 400
    narrow = desk.get("/timeline", params={"actors": "PRK", "since": "2024-01-01", "format": "json"}).json()
    assert narrow["rows"] == []


def test_search_finds_world_events_by_evidence_words_stemmed(desk):
    result = desk.get("/search", params={"q": "weapon", "format": "json"}).json()  # finds "weapons"
    assert {(r["event_type"], r["actor1_code"]) for r in result["rows"]} == {("AID", "PRK")}
    page = desk.get("/search", params={"q": "weapon"}, headers=HTML).text
    assert "<mark>weapons</mark>" in page


def test_search_finds_world_events_by_article_title(desk):
    # "levers" is in a headline ("Few levers for Washington ..."), in no evidence sentence.
    rows = desk.get("/search", params={"q": "levers", "format": "json"}).json()["rows"]
    assert rows and all(r["actor1_code"] in ("PRK", "USA") for r in rows)
    assert desk.get("/search", params={"q": "zeppelin", "format": "json"}).json()["rows"] == []


def test_search_filters_by_type_actors_claim_and_dates(desk):
    def found(**params):
        return {r["event_type"] for r in desk.get("/search", params={**params, "format": "json"}).json()["rows"]}

    # "Pyongyang" is in the evidence of the alleged arms transfer and of the 2019 Hanoi summit (USA-PRK),
    # and in the headline of the article that reports the Kim-Putin meeting (PRK-RUS)
    assert found(q="Pyongyang") == {"AID", "CONSULT"}
    assert found(q="Pyongyang", type="AID") == {"AID"}
    assert found(q="Pyongyang", claim="reported") == {"CONSULT"}
    assert found(q="Pyongyang", claim="alleged") == {"AID"}
    assert found(q="Pyongyang", actors="USA") == {"CONSULT"}
    assert found(q="Pyongyang", actors="USA", type="AID") == set()
    assert found(q="Pyongyang", since="2023-11-09") == set()
    assert found(type="CONSULT") == {"CONSULT"}  # filters alone, no words
    assert desk.get("/search", params={"type": "DANCE"}).status_code == 400
    csv_rows = list(csv.DictReader(io.StringIO(desk.get("/search", params={"q": "Pyongyang", "format": "csv"}).text)))
    assert {r["event_type"] for r in csv_rows} == {"AID", "CONSULT"}


def test_the_feeds_page_shows_health_failures_with_reasons_quality_and_next_poll(desk):
    text = desk.get("/feeds", headers=HTML).text
    assert "valley-gazette" in text and "not_a_feed" in text and "degraded" in text
    rows = desk.get("/feeds?format=json").json()["rows"]
    assert rows[0]["name"] == "valley-gazette"  # the one needing attention first
    assert {r["name"]: r["health"] for r in rows} == {"valley-gazette": "failing", "coastal-wire": "ok",
                                                     "harbour-times-world": "ok", "northern-ledger": "ok"}
    assert all(r["next_poll_at"] for r in rows)
    failing = desk.get("/feeds", params={"health": "failing", "format": "csv"}).text
    assert [r["name"] for r in csv.DictReader(io.StringIO(failing))] == ["valley-gazette"]
    assert desk.get("/feeds", params={"quality": "degraded", "format": "json"}).json()["count"] == 1


def test_each_topic_has_its_atom_feed_over_http(desk):
    response = desk.get("/topics/arms-transfers.atom")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    assert len(entries) == 1 and "North Korea" in entries[0].find("a:title", ns).text
    assert feed.find("a:link[@rel='self']", ns).get("href").endswith("/topics/arms-transfers.atom")
    assert desk.get("/topics/no-such-topic.atom").status_code == 404


def test_pages_refuse_scripts_from_anywhere_and_framing_by_other_sites(desk):
    headers = desk.get("/", headers=HTML).headers
    csp = headers["content-security-policy"]
    assert "script-src 'none'" in csp and "frame-ancestors 'self'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert desk.get("/static/desk.css").status_code == 200  # vendored, served by the desk itself


@pytest.mark.parametrize("q", ["weapon", "levers", "Putin", "zeppelin"])
def test_search_finds_the_same_events_whether_its_words_are_common_or_rare(desk, monkeypatch, q):
    """Rare words are collected from the indexes, common ones found by walking events newest
    first (queries.search); both must give the same page."""
    from newswatch.desk import queries

    def ids():
        return [r["event_id"] for r in desk.get("/search", params={"q": q, "format": "json"}).json()["rows"]]

    collected = ids()
    monkeypatch.setattr(queries, "COMMON_SENTENCES", 0)
    monkeypatch.setattr(queries, "COMMON_TITLES", 0)
    assert ids() == collected


def test_a_timeline_with_more_events_than_its_chart_holds_says_so(desk, monkeypatch):
    from newswatch.desk import queries

    monkeypatch.setattr(queries, "TIMELINE_CAP", 1)
    page = desk.get("/timeline", params={"actors": "PRK,RUS"}, headers=HTML).text
    assert "More than 1 world event" in page and page.count('class="event-mark"') == 2  # one per chart size
    listing = desk.get("/timeline", params={"actors": "PRK,RUS", "format": "json"}).json()
    assert len(listing["rows"]) == 2 and listing["truncated"] is False  # exports are not the chart


def _discover_and_code(url: str, *reports: tuple[str, str, str]) -> dict[str, int]:
    """More articles ((source, title, text), in that order, an hour apart), discovered, screened and
    coded as the pipeline does, after the demo's: what screening and coding counted."""
    from datetime import datetime, timedelta, timezone

    from newswatch import events as ev
    from newswatch import projections
    from newswatch.events import StreamAppend
    from newswatch.ingest.normalize import canonical_url, content_hash
    from newswatch.model import Article, RunContext, stable_id
    from newswatch.screen.screening import screen_articles
    from newswatch.store import EventStore
    from newswatch.worldevents import coding

    first = datetime(2023, 11, 8, 20, 0, tzinfo=timezone.utc)
    articles = []
    for n, (source, title, text) in enumerate(reports):
        link = f"https://{source.lower().replace(' ', '-')}.example/asia/2023/11/08/weapons"
        published = first + timedelta(hours=n)
        articles.append(Article(
            article_id=stable_id("article", canonical_url(link)), feed=source.lower(), source=source, url=link,
            canonical_url=canonical_url(link), guid=None, title=title, text=text, text_basis="summary",
            published_at=published, date_problem=None, fetched_at=published, language="en",
            content_hash=content_hash(text), published_basis="feed"))
    with EventStore.open(url) as store:
        store.append_many([StreamAppend(ev.article_stream(a.article_id),
                                        [ev.ArticleDiscovered(article=a).recorded(a.article_id)]) for a in articles])
        ctx = RunContext("desk-headline", first + timedelta(hours=len(reports)))
        counts = {**screen_articles(store, ctx), **coding.code_articles(store, ctx, workers=0)}
        projections.catch_up_all(store)
    return counts


def test_a_headline_mention_is_highlighted_in_the_headline_not_looked_for_in_the_text(desk, desk_db):
    # The coder codes a headline as a sentence of its own (in_title): its offsets index the title.
    # A reprint (same text, its own headline) repeats the original's mentions: its headline
    # mention's offsets index the original's title.
    title, reprint_title = "North Korea sends weapons to Russia, US says", "Washington: Pyongyang arms Moscow"
    body = ("North Korea has sent weapons to Russia for its war in Ukraine, the United States said on Wednesday. "
            "Officials in Seoul gave no figures.")
    counts = _discover_and_code(desk_db, ("Eastern Courier", title, body), ("Western Post", reprint_title, body))
    assert (counts["accepted"], counts["duplicate"], counts["mentions"], counts["duplicates_linked"]) == (1, 1, 2, 1)
    arms = _arms_alert(desk)
    detail = desk.get(f"/events/{arms['event_id']}", params={"format": "json"}).json()
    assert detail["mentions_total"] == 6 and detail["event"]["num_sources"] == 4  # two mentions per outlet
    page = desk.get(f"/events/{arms['event_id']}", headers=HTML).text
    shown = {re.search(r'data-mention="([^"]+)"', a).group(1): a
             for a in re.findall(r'<article class="mention".*?</article>', page, re.S)}
    assert len(shown) == 6
    for source in ("Eastern Courier", "Western Post"):
        ours = [m for m in detail["mentions"] if m["source"] == source]
        assert [m["in_title"] for m in ours] == [True, False]  # one article's together, its headline first
        headline, sentence = ours
        assert title[headline["start_char"]:headline["end_char"]] == headline["sentence"] == title
        assert body[sentence["start_char"]:sentence["end_char"]] == sentence["sentence"]
        assert (f'<blockquote class="evidence headline"><span class="where">Headline</span> <mark>{title}</mark>'
                '</blockquote>') in shown[headline["mention_id"]]
        assert f"<mark>{sentence['sentence']}</mark> Officials in Seoul gave no figures.</blockquote>" \
            in shown[sentence["mention_id"]]
    assert "could not be found" not in page  # every mention located: headlines in titles, the rest in texts
    mentions_csv = list(csv.DictReader(io.StringIO(desk.get(f"/events/{arms['event_id']}?format=csv").text)))
    assert sorted(m["in_title"] for m in mentions_csv) == ["false"] * 4 + ["true"] * 2

    # One mark per world event: headlines add mentions to the arms event, not marks or sources.
    rows = desk.get("/timeline", params={"actors": "PRK,RUS", "format": "json"}).json()["rows"]
    assert len(rows) == 2 and [r["num_sources"] for r in rows if r["event_id"] == arms["event_id"]] == [4]
    chart = desk.get("/timeline", params={"actors": "PRK,RUS"}, headers=HTML).text
    assert chart.count(f'<a href="/events/{arms["event_id"]}" class="event-mark"') == 2  # one per chart size
