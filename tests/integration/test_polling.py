"""poll_feeds against real local HTTP servers and a real PostgreSQL store: change detection,
failure taxonomy, backoff, Retry-After, disabling, scheduling, per-host caps and full text."""

from __future__ import annotations

import gzip
import threading
import time
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Request, Response

from newswatch import projections
from newswatch.ingest.fetch import FetchLimits
from newswatch.ingest.polling import due_feeds, plan_due_shards, poll_feeds
from newswatch.ingest.scheduling import PollPolicy
from newswatch.model import FeedSpec, RunContext

pytestmark = pytest.mark.integration

T0 = datetime(2024, 5, 7, 12, 0, tzinfo=timezone.utc)
LOCAL = frozenset({"localhost"})


def rss(*items: tuple[str, str], extra: str = "") -> bytes:
    body = "".join(
        f"<item><title>{title}</title><link>https://news.example/{guid}</link><guid>{guid}</guid>"
        f"<pubDate>Tue, 07 May 2024 09:30:00 GMT</pubDate><description>About {title}.</description></item>"
        for guid, title in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>{extra}'
            f"{body}</channel></rss>").encode()


FEED = rss(("a1", "Shells shipped"), ("a2", "Summit held"))


def feed(server: HTTPServer, path: str = "/feed", name: str = "f", **options) -> FeedSpec:
    return FeedSpec(name=name, url=server.url_for(path), source="Src", language="en", **options)


def poll(store, feeds, minutes: float = 0, **kwargs):
    now = T0 + timedelta(minutes=minutes)
    kwargs.setdefault("allowed_hosts", LOCAL)
    return poll_feeds(store, feeds, RunContext(run_id=f"t__{now.isoformat()}", now=now), **kwargs)


def rows(store, sql, *params):
    with store.transaction() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def feed_row(store, name: str = "f") -> dict:
    with store.transaction() as cur:
        cur.execute("SELECT * FROM newswatch.feeds WHERE name = %s", (name,))
        return dict(zip([c.name for c in cur.description], cur.fetchone()))


def last_event(store, type_: str) -> dict:
    return rows(store, "SELECT data FROM newswatch.events WHERE type = %s ORDER BY global_position DESC"
                       " LIMIT 1", type_)[0][0]


def count(store, type_: str) -> int:
    return rows(store, "SELECT count(*) FROM newswatch.events WHERE type = %s", type_)[0][0]


# -- change detection ---------------------------------------------------------------------------

def _forbid_parsing(monkeypatch) -> None:
    def parse_feed(*args, **kwargs):
        raise AssertionError("an unchanged feed must not be parsed")

    monkeypatch.setattr("newswatch.ingest.polling.parse_feed", parse_feed)


def test_304_costs_one_request_and_no_parse(store, httpserver, monkeypatch):
    httpserver.expect_ordered_request("/feed").respond_with_data(FEED, headers={"ETag": '"v1"'})
    httpserver.expect_ordered_request("/feed", headers={"If-None-Match": '"v1"'}).respond_with_data(
        b"", status=304)
    spec = feed(httpserver)
    first = poll(store, [spec])
    _forbid_parsing(monkeypatch)  # a parse would surface as an internal_error failure
    second = poll(store, [spec], 15)

    assert first["new_articles"] == 2 and second["failed"] == 0
    assert second["not_modified"] == 1 and second["new_articles"] == 0
    polled = last_event(store, "FeedPolled")
    assert (polled["parsed"], polled["unchanged"], polled["entries"]) == (False, "not_modified", 0)
    assert len(httpserver.log) == 2
    row = feed_row(store)
    assert (row["health"], row["unchanged_polls"], row["items_seen"]) == ("ok", 1, 2)
    assert row["last_changed_at"] == T0


def test_same_body_under_new_validators_is_not_parsed(store, httpserver, monkeypatch):
    httpserver.expect_ordered_request("/feed").respond_with_data(FEED, headers={"ETag": '"v1"'})
    httpserver.expect_ordered_request("/feed").respond_with_data(FEED, headers={"ETag": '"v2"'})
    spec = feed(httpserver)
    poll(store, [spec])
    _forbid_parsing(monkeypatch)
    second = poll(store, [spec], 15)

    assert second["failed"] == 0
    assert second["same_body"] == 1 and second["entries"] == 0
    polled = last_event(store, "FeedPolled")
    assert (polled["parsed"], polled["unchanged"]) == (False, "same_body")
    assert feed_row(store)["unchanged_polls"] == 1
    assert count(store, "ArticleDiscovered") == 2


def test_changed_body_is_parsed_and_only_new_items_are_discovered(store, httpserver):
    httpserver.expect_ordered_request("/feed").respond_with_data(FEED)
    httpserver.expect_ordered_request("/feed").respond_with_data(
        rss(("a3", "Sanctions widened"), ("a1", "Shells shipped"), ("a2", "Summit held")))
    spec = feed(httpserver)
    poll(store, [spec])
    second = poll(store, [spec], 15)

    assert (second["entries"], second["new_articles"]) == (3, 1)
    assert count(store, "ArticleDiscovered") == 3
    assert feed_row(store)["last_new_item_at"] == T0 + timedelta(minutes=15)


# -- failures, each recorded with a reason while the other feeds are ingested -------------------

@pytest.fixture
def threaded_server():
    server = HTTPServer(threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def test_every_kind_of_bad_feed_is_recorded_and_the_good_one_still_ingested(store, threaded_server):
    server = threaded_server

    def slow(request: Request) -> Response:
        time.sleep(1.0)
        return Response(FEED)

    server.expect_request("/good").respond_with_data(FEED, content_type="application/rss+xml")
    server.expect_request("/slow").respond_with_handler(slow)
    server.expect_request("/huge").respond_with_data(b"<rss>" + b"x" * 50_000)
    server.expect_request("/bomb").respond_with_data(
        gzip.compress(b" " * 3_000_000), headers={"Content-Encoding": "gzip"})
    server.expect_request("/loop").respond_with_data(b"", status=302, headers={"Location": "/loop"})
    server.expect_request("/page").respond_with_data(
        b"<!doctype html><html><body><h1>Moved</h1></body></html>", content_type="text/html")
    server.expect_request("/error").respond_with_data(b"oops", status=500)
    server.expect_request("/gone").respond_with_data(b"gone", status=410)
    specs = [feed(server, f"/{n}", name=n) for n in
             ("good", "slow", "huge", "bomb", "loop", "page", "error", "gone")]
    specs.append(FeedSpec(name="private", url=server.url_for("/good").replace("localhost", "127.0.0.1"),
                          source="Src"))
    counts = poll(store, specs, limits=FetchLimits(read_timeout=0.3, max_bytes=20_000, max_redirects=3))

    assert counts["failed"] == 8 and counts["new_articles"] == 2
    reasons = dict(rows(store, "SELECT name, coalesce(last_failure_kind || '/' || last_failure_reason, health)"
                               " FROM newswatch.feeds"))
    assert reasons == {
        "good": "ok", "slow": "temporary/timeout", "huge": "soft/too_large", "bomb": "soft/too_large",
        "loop": "soft/too_many_redirects", "page": "soft/not_a_feed", "error": "temporary/http_500",
        "gone": "hard/http_410", "private": "hard/private_address",
    }
    assert all(r[0] for r in rows(store, "SELECT last_failure_detail <> '' FROM newswatch.feeds"
                                         " WHERE name <> 'good'"))


def test_500_backs_off_then_recovers(store, httpserver):
    httpserver.expect_ordered_request("/feed").respond_with_data(b"oops", status=500)
    httpserver.expect_ordered_request("/feed").respond_with_data(b"oops", status=503)
    httpserver.expect_ordered_request("/feed").respond_with_data(FEED)
    spec = feed(httpserver)
    poll(store, [spec])
    first_wait = feed_row(store)["next_poll_at"] - T0
    poll(store, [spec], 15)
    second_wait = feed_row(store)["next_poll_at"] - (T0 + timedelta(minutes=15))
    failing = feed_row(store)
    assert (failing["health"], failing["consecutive_failures"], failing["failing_since"]) == ("failing", 2, T0)
    assert second_wait == 2 * first_wait  # exponential backoff

    poll(store, [spec], 60)
    row = feed_row(store)
    assert (row["health"], row["consecutive_failures"], row["failing_since"], row["failure_score"]) == (
        "ok", 0, None, 0)
    assert row["items_seen"] == 2


def test_retry_after_on_429_is_honoured(store, httpserver):
    httpserver.expect_oneshot_request("/feed").respond_with_data(
        b"slow down", status=429, headers={"Retry-After": "7200"})
    poll(store, [feed(httpserver)])
    row = feed_row(store)
    assert (row["last_failure_kind"], row["last_failure_reason"]) == ("temporary", "http_429")
    assert row["next_poll_at"] == T0 + timedelta(hours=2)
    assert last_event(store, "FeedPollFailed")["retry_after_s"] == 7200


def test_410_disables_the_feed_at_once_and_says_why_and_since_when(store, httpserver):
    httpserver.expect_request("/feed").respond_with_data(b"gone", status=410)
    spec = feed(httpserver)
    poll(store, [spec])

    row = feed_row(store)
    assert row["health"] == "disabled" and row["disabled_at"] == T0
    assert "http_410" in row["disabled_reason"] and row["next_poll_at"] is None
    assert count(store, "FeedDisabled") == 1
    # A disabled feed is neither planned nor fetched again.
    later = T0 + timedelta(days=2)
    assert due_feeds(store, [spec], later) == []
    counts = poll(store, [spec], 60 * 48)
    assert counts["disabled"] == 1 and len(httpserver.log) == 1


def test_a_disabled_feed_whose_url_was_fixed_is_polled_and_reenabled(store, httpserver):
    httpserver.expect_request("/old").respond_with_data(b"gone", status=410)
    httpserver.expect_request("/new").respond_with_data(FEED)
    poll(store, [feed(httpserver, "/old")])
    fixed = feed(httpserver, "/new")
    assert due_feeds(store, [fixed], T0) == [fixed]
    poll(store, [fixed], 15)
    row = feed_row(store)
    assert (row["health"], row["disabled_at"], row["disabled_reason"]) == ("ok", None, None)


def test_repeated_404s_disable_the_feed_when_the_weighted_score_reaches_the_threshold(store, httpserver):
    httpserver.expect_request("/feed").respond_with_data(b"nope", status=404)
    spec = feed(httpserver)
    policy = PollPolicy(disable_after=10)  # a hard failure weighs 4: disabled at the third
    for minutes in (0, 60, 180):
        assert feed_row(store)["health"] != "disabled" if minutes else True
        poll(store, [spec], minutes, policy=policy)
    row = feed_row(store)
    assert (row["health"], row["failure_score"], row["consecutive_failures"]) == ("disabled", 12, 3)
    assert row["disabled_at"] == T0 + timedelta(minutes=180)


def test_an_html_page_turns_hard_when_it_persists(store, httpserver):
    httpserver.expect_request("/feed").respond_with_data(b"<html><body>hi</body></html>",
                                                         content_type="text/html")
    spec = feed(httpserver)
    policy = PollPolicy(not_a_feed_polls=2, disable_after=100)
    kinds = []
    for minutes in (0, 60, 120):
        poll(store, [spec], minutes, policy=policy)
        kinds.append(feed_row(store)["last_failure_kind"])
    assert kinds == ["soft", "hard", "hard"]
    assert feed_row(store)["failure_score"] == 2 + 4 + 4


# -- scheduling ---------------------------------------------------------------------------------

def test_feeds_are_due_by_their_own_next_poll_time(store, httpserver):
    httpserver.expect_request("/busy").respond_with_data(FEED)
    httpserver.expect_request("/down").respond_with_data(b"", status=503)
    busy, down, fresh = feed(httpserver, "/busy", "busy"), feed(httpserver, "/down", "down"), feed(
        httpserver, "/fresh", "fresh")
    poll(store, [busy, down])
    busy_next, down_next = feed_row(store, "busy")["next_poll_at"], feed_row(store, "down")["next_poll_at"]
    assert busy_next < down_next

    assert {f.name for f in due_feeds(store, [busy, down, fresh], T0)} == {"fresh"}
    assert {f.name for f in due_feeds(store, [busy, down, fresh], busy_next)} == {"fresh", "busy"}
    assert {f.name for f in due_feeds(store, [busy, down, fresh], down_next)} == {"fresh", "busy", "down"}
    ctx = RunContext(run_id="plan", now=busy_next)
    assert sorted(n for shard in plan_due_shards(store, [busy, down, fresh], ctx) for n in shard) == [
        "busy", "fresh"]


def test_busy_feeds_are_polled_more_often_than_quiet_ones(store, httpserver):
    bodies = iter([rss((f"b{i}", f"Story {i}")) for i in range(4)])
    httpserver.expect_request("/busy").respond_with_handler(lambda r: Response(next(bodies)))
    httpserver.expect_request("/quiet").respond_with_data(FEED)
    busy, quiet = feed(httpserver, "/busy", "busy"), feed(httpserver, "/quiet", "quiet")
    for minutes in (0, 60, 120, 180):
        poll(store, [busy, quiet], minutes)
    intervals = dict(rows(store, "SELECT name, poll_interval FROM newswatch.feeds"))
    assert intervals["busy"] == PollPolicy().min_interval
    assert intervals["quiet"] > PollPolicy().interval


def test_requests_to_one_host_are_capped(store, threaded_server):
    active: Counter[str] = Counter()
    peak: Counter[str] = Counter()
    lock = threading.Lock()

    def handler(request: Request) -> Response:
        host = request.host.split(":")[0]
        with lock:
            active[host] += 1
            peak[host] = max(peak[host], active[host])
        time.sleep(0.3)
        with lock:
            active[host] -= 1
        return Response(FEED)

    threaded_server.expect_request("/feed").respond_with_handler(handler)
    specs = []
    for i in range(5):
        specs.append(FeedSpec(name=f"l{i}", url=threaded_server.url_for(f"/feed?i={i}"), source="S"))
        specs.append(FeedSpec(name=f"n{i}", url=threaded_server.url_for(f"/feed?i={i}").replace(
            "localhost", "127.0.0.1"), source="S"))
    poll(store, specs, allowed_hosts=frozenset({"localhost", "127.0.0.1"}),
         policy=PollPolicy(per_host=2, max_workers=8))
    assert peak["localhost"] <= 2 and peak["127.0.0.1"] <= 2
    assert len(threaded_server.log) == 10


# -- full text and language ---------------------------------------------------------------------

ARTICLE_PAGE = (
    "<html><head><title>Shells</title></head><body><nav>Home | World | Sport</nav><article>"
    "<h1>Shells shipped</h1>"
    + "<p>North Korea supplied artillery shells to Russia, officials said on Tuesday. "
      "The shipment crossed the border by rail over several nights.</p>" * 4
    + "</article><footer>Copyright Harbour Times</footer></body></html>"
).encode()


def test_full_text_is_fetched_for_new_articles_and_its_basis_recorded(store, httpserver):
    body = rss(("a1", "Shells shipped"), ("a2", "Summit held")).replace(
        b"https://news.example/a1", httpserver.url_for("/a1").encode()).replace(
        b"https://news.example/a2", httpserver.url_for("/a2").encode())
    httpserver.expect_request("/feed").respond_with_data(body)
    httpserver.expect_request("/a1").respond_with_data(ARTICLE_PAGE, content_type="text/html")
    httpserver.expect_request("/a2").respond_with_data(b"missing", status=404)
    spec = feed(httpserver, full_text=True)
    counts = poll(store, [spec])

    assert counts["full_text"] == 1
    basis = dict(rows(store, "SELECT data->>'title', data->>'text_basis' FROM newswatch.events"
                             " WHERE type = 'ArticleDiscovered'"))
    assert basis == {"Shells shipped": "full", "Summit held": "summary"}
    text = rows(store, "SELECT data->>'text' FROM newswatch.events WHERE data->>'title' = 'Shells shipped'")[0][0]
    assert "by rail" in text and "Sport" not in text and "Copyright" not in text
    row = feed_row(store)
    assert (row["full_text_fetched"], row["full_text_failed"]) == (1, 1)
    assert last_event(store, "FeedPolled")["full_text_reasons"] == {"http_404": 1}


def test_full_text_pages_obey_the_ssrf_guard(store, httpserver):
    body = rss(("a1", "Shells")).replace(b"https://news.example/a1",
                                         b"http://169.254.169.254/latest/meta-data")
    httpserver.expect_request("/feed").respond_with_data(body)
    poll(store, [feed(httpserver, full_text=True)])
    assert last_event(store, "FeedPolled")["full_text_reasons"] == {"private_address": 1}


def test_language_is_detected_with_the_feed_language_as_fallback(store, httpserver):
    french = ("Le gouvernement a annoncé mardi de nouvelles sanctions contre les fournisseurs "
              "d'armes, selon un communiqué du ministère.")
    body = rss(("fr1", french), ("en1", "Talks"))
    httpserver.expect_request("/feed").respond_with_data(body)
    poll(store, [feed(httpserver)])
    languages = dict(rows(store, "SELECT data->>'title', data->>'language' FROM newswatch.events"
                                 " WHERE type = 'ArticleDiscovered'"))
    assert languages == {french: "fr", "Talks": "en"}


# -- replay -------------------------------------------------------------------------------------

def test_rebuilding_the_feeds_projection_gives_the_same_rows(store, httpserver):
    httpserver.expect_ordered_request("/feed").respond_with_data(FEED, headers={"ETag": '"v1"'})
    httpserver.expect_ordered_request("/feed").respond_with_data(b"", status=304)
    httpserver.expect_ordered_request("/feed").respond_with_data(b"x", status=500)
    httpserver.expect_request("/gone").respond_with_data(b"", status=410)
    spec, gone = feed(httpserver), feed(httpserver, "/gone", "gone")
    for minutes in (0, 15, 30):
        poll(store, [spec, gone], minutes)
    before = rows(store, "SELECT * FROM newswatch.proj_feeds ORDER BY feed_id")
    projections.rebuild(store, projections.FEEDS)
    assert rows(store, "SELECT * FROM newswatch.proj_feeds ORDER BY feed_id") == before


def test_a_retried_poll_in_the_same_run_fetches_nothing_and_counts_no_failure_twice(store, httpserver):
    httpserver.expect_request("/feed").respond_with_data(b"nope", status=404)
    spec = feed(httpserver)
    policy = PollPolicy(disable_after=8)  # two 404s (4 points each) would disable the feed
    poll(store, [spec], policy=policy)
    retry = poll(store, [spec], policy=policy)  # same reference time: an Airflow retry

    assert retry["already_polled"] == 1 and len(httpserver.log) == 1
    row = feed_row(store)
    assert (row["health"], row["failure_score"]) == ("failing", 4)
