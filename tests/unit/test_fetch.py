"""fetch_feed against a real HTTP server on localhost: limits, conditional GET, SSRF guard, failure kinds."""

from __future__ import annotations

import gzip
import ipaddress
import socket
import time

import httpx
import pytest
from werkzeug.wrappers import Request, Response

from newswatch.ingest.fetch import (
    HARD,
    PRIVATE_ADDRESS,
    SOFT,
    TEMPORARY,
    TIMEOUT,
    TOO_LARGE,
    TOO_MANY_REDIRECTS,
    USER_AGENT,
    FetchLimits,
    allowed_hosts_from_env,
    classify_status,
    fetch_feed,
    is_public_address,
)

RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
# pytest-httpserver listens on "localhost"; allow only that name, so other names stay guarded.
LOCAL = frozenset({"localhost"})
SMALL = FetchLimits(max_bytes=1024)


@pytest.fixture(autouse=True)
def no_unexpected_requests(httpserver):
    yield
    httpserver.check_assertions()


def test_200_returns_body_headers_and_validators(httpserver):
    httpserver.expect_oneshot_request("/feed", headers={"User-Agent": USER_AGENT}).respond_with_data(
        RSS, content_type="application/rss+xml",
        headers={"ETag": '"v1"', "Last-Modified": "Tue, 07 May 2024 09:00:00 GMT"},
    )
    result = fetch_feed(httpserver.url_for("/feed"), allowed_hosts=LOCAL)

    assert result.ok and result.failure_kind is None and result.failure_reason is None
    assert result.status == 200 and result.body == RSS and not result.not_modified
    assert result.headers["content-type"] == "application/rss+xml"
    assert result.etag == '"v1"' and result.last_modified == "Tue, 07 May 2024 09:00:00 GMT"
    assert result.final_url == result.url == httpserver.url_for("/feed")
    assert result.elapsed_ms >= 0


def test_etag_is_sent_back_and_304_means_not_modified(httpserver):
    httpserver.expect_ordered_request("/feed").respond_with_data(RSS, headers={"ETag": '"v1"'})
    httpserver.expect_ordered_request("/feed", headers={"If-None-Match": '"v1"'}).respond_with_data(
        b"", status=304)
    first = fetch_feed(httpserver.url_for("/feed"), allowed_hosts=LOCAL)
    second = fetch_feed(httpserver.url_for("/feed"), etag=first.etag, allowed_hosts=LOCAL)

    assert second.status == 304 and second.not_modified and second.ok
    assert second.body is None
    assert second.etag == '"v1"'  # kept from the request when the 304 does not repeat it


def test_if_modified_since_is_sent(httpserver):
    stamp = "Tue, 07 May 2024 09:00:00 GMT"
    httpserver.expect_oneshot_request("/feed", headers={"If-Modified-Since": stamp}).respond_with_data(
        b"", status=304)
    result = fetch_feed(httpserver.url_for("/feed"), last_modified=stamp, allowed_hosts=LOCAL)
    assert result.not_modified and result.last_modified == stamp


def test_slow_server_times_out_as_temporary(httpserver):
    def slow(request: Request) -> Response:
        time.sleep(0.6)
        return Response(RSS)

    httpserver.expect_oneshot_request("/slow").respond_with_handler(slow)
    result = fetch_feed(httpserver.url_for("/slow"), allowed_hosts=LOCAL,
                        limits=FetchLimits(connect_timeout=1, read_timeout=0.1))

    assert (result.failure_kind, result.failure_reason) == (TEMPORARY, TIMEOUT)
    assert result.status is None and result.body is None
    time.sleep(0.6)  # let the single-threaded test server finish the slow handler


def test_server_dripping_bytes_hits_the_total_time_limit(httpserver):
    def drip(request: Request) -> Response:
        def chunks():
            for _ in range(8):
                time.sleep(0.1)  # each read is quick, so only the total limit can stop this
                yield b"<"
        return Response(chunks(), content_type="application/xml")

    httpserver.expect_oneshot_request("/drip").respond_with_handler(drip)
    result = fetch_feed(httpserver.url_for("/drip"), allowed_hosts=LOCAL,
                        limits=FetchLimits(read_timeout=1, total_timeout=0.3))

    assert (result.failure_kind, result.failure_reason) == (TEMPORARY, TIMEOUT)
    assert "total limit" in result.detail
    time.sleep(0.6)  # let the single-threaded test server finish the handler


def test_body_over_declared_limit_is_refused(httpserver):
    httpserver.expect_oneshot_request("/big").respond_with_data(b"x" * 5000)
    result = fetch_feed(httpserver.url_for("/big"), allowed_hosts=LOCAL, limits=SMALL)

    assert (result.failure_kind, result.failure_reason) == (SOFT, TOO_LARGE)
    assert result.body is None and result.status == 200


def test_streamed_body_without_length_is_cut_at_the_limit(httpserver):
    def endless(request: Request) -> Response:
        return Response((b"x" * 512 for _ in range(100)), content_type="application/xml")

    httpserver.expect_oneshot_request("/stream").respond_with_handler(endless)
    result = fetch_feed(httpserver.url_for("/stream"), allowed_hosts=LOCAL, limits=SMALL)

    assert "content-length" not in result.headers
    assert (result.failure_kind, result.failure_reason) == (SOFT, TOO_LARGE)


def test_gzip_bomb_is_stopped_on_decoded_size(httpserver):
    bomb = gzip.compress(b"\0" * (2 * 1024 * 1024))
    assert len(bomb) < 1024 * 1024 // 10  # small on the wire...
    httpserver.expect_oneshot_request("/bomb").respond_with_data(
        bomb, content_type="application/xml", headers={"Content-Encoding": "gzip"})
    result = fetch_feed(httpserver.url_for("/bomb"), allowed_hosts=LOCAL,
                        limits=FetchLimits(max_bytes=1024 * 1024))  # ...huge when inflated

    assert (result.failure_kind, result.failure_reason) == (SOFT, TOO_LARGE)
    assert "after decoding" in result.detail


def test_gzip_body_within_limit_is_decoded(httpserver):
    httpserver.expect_oneshot_request("/gz").respond_with_data(
        gzip.compress(RSS), content_type="application/xml", headers={"Content-Encoding": "gzip"})
    result = fetch_feed(httpserver.url_for("/gz"), allowed_hosts=LOCAL)
    assert result.ok and result.body == RSS


def test_redirect_is_followed_and_final_url_reported(httpserver):
    httpserver.expect_oneshot_request("/old").respond_with_data(
        b"", status=301, headers={"Location": "/new"})
    httpserver.expect_oneshot_request("/new").respond_with_data(RSS)
    result = fetch_feed(httpserver.url_for("/old"), allowed_hosts=LOCAL)

    assert result.ok and result.body == RSS
    assert result.url == httpserver.url_for("/old")
    assert result.final_url == httpserver.url_for("/new")


def test_redirect_loop_is_too_many_redirects(httpserver):
    httpserver.expect_request("/a").respond_with_data(b"", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data(b"", status=302, headers={"Location": "/a"})
    result = fetch_feed(httpserver.url_for("/a"), allowed_hosts=LOCAL,
                        limits=FetchLimits(max_redirects=3))

    assert (result.failure_kind, result.failure_reason) == (SOFT, TOO_MANY_REDIRECTS)
    assert len(httpserver.log) == 4  # the first request plus three redirects, then we stop


def test_redirect_without_location_is_a_bad_redirect(httpserver):
    httpserver.expect_oneshot_request("/feed").respond_with_data(b"", status=302)
    result = fetch_feed(httpserver.url_for("/feed"), allowed_hosts=LOCAL)
    assert (result.failure_kind, result.failure_reason, result.status) == (SOFT, "bad_redirect", 302)


def test_private_address_is_refused_without_connecting(httpserver):
    result = fetch_feed(httpserver.url_for("/feed"))  # localhost is not allowed here

    assert (result.failure_kind, result.failure_reason) == (HARD, PRIVATE_ADDRESS)
    assert "NEWSWATCH_ALLOWED_HOSTS" in result.detail
    assert result.status is None
    assert httpserver.log == []


def test_private_address_is_accepted_when_allowed(httpserver):
    httpserver.expect_request("/feed").respond_with_data(RSS)

    by_host = fetch_feed(httpserver.url_for("/feed"), allowed_hosts=frozenset({"LOCALHOST"}))
    by_feed = fetch_feed(httpserver.url_for("/feed"), allow_private=True)

    assert by_host.ok and by_host.body == RSS
    assert by_feed.ok and by_feed.body == RSS


def test_redirect_to_a_private_host_is_rechecked(httpserver):
    target = httpserver.url_for("/internal").replace("localhost", "127.0.0.1")
    httpserver.expect_oneshot_request("/feed").respond_with_data(
        b"", status=302, headers={"Location": target})
    result = fetch_feed(httpserver.url_for("/feed"), allowed_hosts=LOCAL)

    assert (result.failure_kind, result.failure_reason) == (HARD, PRIVATE_ADDRESS)
    assert result.final_url == target
    assert [req.path for req, _ in httpserver.log] == ["/feed"]


@pytest.mark.parametrize(("status", "kind"), [(500, TEMPORARY), (503, TEMPORARY), (429, TEMPORARY),
                                              (404, HARD), (410, HARD), (401, HARD), (403, HARD),
                                              (400, SOFT)])
def test_http_errors_are_classified(httpserver, status, kind):
    httpserver.expect_oneshot_request("/feed").respond_with_data(
        b"nope", status=status, headers={"Retry-After": "120"})
    result = fetch_feed(httpserver.url_for("/feed"), allowed_hosts=LOCAL)

    assert result.status == status
    assert (result.failure_kind, result.failure_reason) == (kind, f"http_{status}")
    assert result.body is None and not result.ok
    assert result.headers["retry-after"] == "120"


def test_connection_refused_is_a_temporary_connect_error():
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = fetch_feed(f"http://127.0.0.1:{port}/feed", allowed_hosts=frozenset({"127.0.0.1"}),
                        limits=FetchLimits(connect_timeout=1))
    assert (result.failure_kind, result.failure_reason) == (TEMPORARY, "connect_error")
    assert result.status is None


@pytest.mark.parametrize("url", ["ftp://example.com/feed", "not a url", "file:///etc/passwd"])
def test_non_http_urls_are_hard_invalid_url(url):
    result = fetch_feed(url)
    assert (result.failure_kind, result.failure_reason) == (HARD, "invalid_url")


def test_a_caller_supplied_client_is_used_and_left_open(httpserver):
    httpserver.expect_request("/feed").respond_with_data(RSS)
    with httpx.Client() as client:
        first = fetch_feed(httpserver.url_for("/feed"), client=client, allowed_hosts=LOCAL)
        second = fetch_feed(httpserver.url_for("/feed"), client=client, allowed_hosts=LOCAL)
        assert not client.is_closed
    assert first.body == second.body == RSS


def test_allowed_hosts_from_env(monkeypatch):
    monkeypatch.setenv("NEWSWATCH_ALLOWED_HOSTS", " 127.0.0.1, LocalHost ,,")
    assert allowed_hosts_from_env() == frozenset({"127.0.0.1", "localhost"})
    monkeypatch.delenv("NEWSWATCH_ALLOWED_HOSTS")
    assert allowed_hosts_from_env() == frozenset()


@pytest.mark.parametrize(("address", "public"), [
    ("8.8.8.8", True), ("2606:4700::1111", True), ("127.0.0.1", False), ("10.0.0.1", False),
    ("192.168.1.1", False), ("169.254.169.254", False), ("100.64.0.1", False), ("0.0.0.0", False),
    ("224.0.0.1", False), ("::1", False), ("fe80::1", False), ("fc00::1", False),
    ("::ffff:127.0.0.1", False), ("2002:7f00:1::", False),
])
def test_is_public_address(address, public):
    assert is_public_address(ipaddress.ip_address(address)) is public


def test_classify_status_success_codes():
    assert classify_status(200) is None and classify_status(304) is None
