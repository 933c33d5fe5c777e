"""Fetch one feed over HTTP with hard limits, an SSRF guard and conditional GET.

Never raises for network or HTTP trouble: every outcome is a `FetchResult` with a fixed reason string,
so the caller records a readable failure, backs off that feed, and the run goes on.

The guard resolves a host and checks every address; the connection then goes to one of those
checked addresses (`PinnedTransport`), never to a second lookup's answer, which a DNS rebinding
attacker controls. TLS still names the host (SNI, certificate check) and so does the Host header.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import ssl
import threading
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urljoin

import httpcore
import httpx

from newswatch import __version__

USER_AGENT = f"newswatch/{__version__} (+https://github.com/newswatch)"
ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
ACCEPT_PAGE = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"  # article pages (full text)
ALLOWED_HOSTS_ENV = "NEWSWATCH_ALLOWED_HOSTS"

# Failure kinds, after Media Cloud's rss-fetcher: temporary = retry soon with backoff; soft = the
# feed is broken in a way its owner may fix (back off longer); hard = gone, forbidden or refused by
# us (stop polling until someone looks).
TEMPORARY = "temporary"
SOFT = "soft"
HARD = "hard"

# Fixed reason strings (HTTP statuses are reported as "http_<status>", e.g. "http_404").
TIMEOUT = "timeout"
CONNECT_ERROR = "connect_error"
DNS_ERROR = "dns_error"
TLS_ERROR = "tls_error"
NETWORK_ERROR = "network_error"  # connection reset mid-body, broken chunking, ...
TOO_LARGE = "too_large"
TOO_MANY_REDIRECTS = "too_many_redirects"
BAD_REDIRECT = "bad_redirect"  # a 3xx without a Location header
PRIVATE_ADDRESS = "private_address"
INVALID_URL = "invalid_url"
DECODING_ERROR = "decoding_error"  # e.g. a corrupt gzip body
NOT_A_FEED = "not_a_feed"  # decided by the parser (parse.py), listed here so callers share one vocabulary

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
HARD_STATUSES = frozenset({401, 403, 404, 410})
TEMPORARY_STATUSES = frozenset({408, 425, 429})


@dataclass(frozen=True, slots=True)
class FetchLimits:
    connect_timeout: float = 5.0  # seconds
    read_timeout: float = 15.0  # seconds of silence between two reads
    # httpx's read timeout is per read, so a server dripping a byte every few seconds would never
    # trip it; this bounds the whole fetch, redirects included.
    total_timeout: float = 60.0
    max_bytes: int = 10 * 1024 * 1024  # decoded (decompressed) body size
    max_redirects: int = 5
    user_agent: str = USER_AGENT


@dataclass(frozen=True, slots=True)
class FetchResult:
    url: str  # as requested
    final_url: str  # after redirects
    status: int | None  # last HTTP status, None when no response arrived
    body: bytes | None  # set only for a 2xx within limits
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-cased names, last response
    etag: str | None = None  # validators to send next time (kept from the request on a bare 304)
    last_modified: str | None = None
    not_modified: bool = False
    failure_kind: str | None = None  # None | "temporary" | "soft" | "hard"
    failure_reason: str | None = None  # one of the reason constants above, or "http_<status>"
    detail: str = ""
    elapsed_ms: int = 0

    @property
    def ok(self) -> bool:
        """True for a usable answer: a body, or 304 Not Modified."""
        return self.failure_kind is None


def allowed_hosts_from_env(environ: Mapping[str, str] | None = None) -> frozenset[str]:
    """Hosts exempt from the SSRF guard, from NEWSWATCH_ALLOWED_HOSTS (comma-separated)."""
    raw = (os.environ if environ is None else environ).get(ALLOWED_HOSTS_ENV, "")
    return frozenset(h.strip().lower() for h in raw.split(",") if h.strip())


def classify_status(status: int) -> str | None:
    """The failure kind of an HTTP status, or None when it is a success (2xx, 304)."""
    if 200 <= status < 300 or status == 304:
        return None
    if status in HARD_STATUSES:
        return HARD
    if status in TEMPORARY_STATUSES or status >= 500:
        return TEMPORARY
    return SOFT


def fetch_feed(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    client: httpx.Client | None = None,
    limits: FetchLimits = FetchLimits(),
    allowed_hosts: frozenset[str] = frozenset(),
    allow_private: bool = False,
    accept: str = ACCEPT,
) -> FetchResult:
    """GET `url` within `limits`, never raising for network or HTTP trouble.

    `allow_private` (pass FeedSpec.allow_private) exempts every hop from the SSRF guard; `accept`
    is the Accept header (ACCEPT_PAGE when fetching an article page rather than a feed).
    """
    started = time.monotonic()
    request_headers = {"User-Agent": limits.user_agent, "Accept": accept}
    if etag:
        request_headers["If-None-Match"] = etag
    if last_modified:
        request_headers["If-Modified-Since"] = last_modified
    guard = _Guard(frozenset(h.lower() for h in allowed_hosts), allow_private)

    own_client = client is None
    http = client or feed_client(headers={"User-Agent": limits.user_agent})
    try:
        result = _follow(http, url, request_headers, limits, guard, started)
    finally:
        if own_client:
            http.close()

    if result.not_modified:
        # A 304 often omits the validators; keep the ones we sent so the next poll is conditional too.
        result = replace(result, etag=result.etag or etag,
                         last_modified=result.last_modified or last_modified)
    return replace(result, url=url, elapsed_ms=int((time.monotonic() - started) * 1000))


def _follow(http: httpx.Client, url: str, request_headers: dict[str, str], limits: FetchLimits,
            guard: _Guard, started: float) -> FetchResult:
    timeout = httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout)
    current = url
    # Redirects are followed by hand so every hop passes the SSRF guard before we connect to it.
    for _ in range(limits.max_redirects + 1):
        if time.monotonic() - started > limits.total_timeout:
            return _too_slow(current, limits)
        refusal = guard.check(current)
        if refusal is not None:
            return refusal
        try:
            with http.stream("GET", current, headers=request_headers, timeout=timeout,
                             follow_redirects=False) as response:
                if response.status_code not in REDIRECT_STATUSES:
                    return _complete(response, current, limits, started)
                target = _redirect_target(response)
                if target is None:
                    return _failure(current, SOFT, BAD_REDIRECT,
                                    f"HTTP {response.status_code} without a usable Location header",
                                    response=response)
                current = target
        except httpx.HTTPError as e:
            return _transport_failure(current, e)
        except httpx.InvalidURL as e:
            return _failure(current, HARD, INVALID_URL, f"invalid URL {current!r}: {e}")
    return _failure(current, SOFT, TOO_MANY_REDIRECTS,
                    f"more than {limits.max_redirects} redirects (last target {current})")


def _redirect_target(response: httpx.Response) -> str | None:
    location = response.headers.get("location", "").strip()
    if not location:
        return None
    try:
        return urljoin(str(response.url), location)
    except ValueError:  # e.g. "http://[::1" (an unterminated IPv6 literal)
        return None


def _complete(response: httpx.Response, url: str, limits: FetchLimits, started: float) -> FetchResult:
    status = response.status_code
    kind = classify_status(status)
    if kind is not None:
        return _failure(url, kind, f"http_{status}", f"HTTP {status} {response.reason_phrase}".strip(),
                        response=response)
    if status == 304:
        return _success(url, response, body=None)
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        return _failure(url, SOFT, TOO_LARGE,
                        f"Content-Length {declared} exceeds the limit of {limits.max_bytes} bytes",
                        response=response)
    chunks: list[bytes] = []
    received = 0
    # iter_bytes yields *decoded* bytes, so a small gzip body that inflates hugely is stopped here.
    for chunk in response.iter_bytes():
        received += len(chunk)
        if received > limits.max_bytes:
            return _failure(url, SOFT, TOO_LARGE,
                            f"body exceeds the limit of {limits.max_bytes} bytes (after decoding)",
                            response=response)
        if time.monotonic() - started > limits.total_timeout:
            return _too_slow(url, limits, response)
        chunks.append(chunk)
    return _success(url, response, body=b"".join(chunks))


def _success(url: str, response: httpx.Response, *, body: bytes | None) -> FetchResult:
    headers = dict(response.headers)  # httpx lower-cases names and joins repeated ones with ", "
    return FetchResult(
        url=url, final_url=str(response.url), status=response.status_code, body=body,
        headers=headers, etag=headers.get("etag"), last_modified=headers.get("last-modified"),
        not_modified=response.status_code == 304,
        detail=f"HTTP {response.status_code}, {len(body)} bytes" if body is not None
        else "HTTP 304 not modified",
    )


def _failure(url: str, kind: str, reason: str, detail: str, *,
             response: httpx.Response | None = None) -> FetchResult:
    return FetchResult(
        url=url, final_url=str(response.url) if response is not None else url,
        status=response.status_code if response is not None else None, body=None,
        headers=dict(response.headers) if response is not None else {},
        failure_kind=kind, failure_reason=reason, detail=detail,
    )


def _too_slow(url: str, limits: FetchLimits, response: httpx.Response | None = None) -> FetchResult:
    return _failure(url, TEMPORARY, TIMEOUT,
                    f"fetch took longer than the total limit of {limits.total_timeout:g} s",
                    response=response)


def _transport_failure(url: str, error: httpx.HTTPError) -> FetchResult:
    text = f"{type(error).__name__}: {error}".strip()
    if isinstance(error, httpx.TimeoutException):
        return _failure(url, TEMPORARY, TIMEOUT, text)
    if isinstance(error, httpx.UnsupportedProtocol):
        return _failure(url, HARD, INVALID_URL, text)
    if isinstance(error, httpx.DecodingError):
        return _failure(url, SOFT, DECODING_ERROR, text)
    if isinstance(error, httpx.ConnectError):
        # httpx reports certificate and handshake problems as connect errors; say which it was.
        tls = "SSL" in str(error) or "certificate" in str(error).lower()
        reason = TLS_ERROR if tls else CONNECT_ERROR
        return _failure(url, TEMPORARY, reason, text)
    return _failure(url, TEMPORARY, NETWORK_ERROR, text)


@dataclass(frozen=True, slots=True)
class _Guard:
    """Refuses URLs whose host resolves to a non-public address (SSRF), unless exempted."""

    allowed_hosts: frozenset[str]
    allow_private: bool

    def check(self, url: str) -> FetchResult | None:
        try:
            parsed = httpx.URL(url)
            name = parsed.host.lower()
            host = parsed.raw_host.decode("ascii")  # IDNA-encoded, as the resolver wants it
        except (httpx.InvalidURL, UnicodeError) as e:  # IDNAError is a UnicodeError
            return _failure(url, HARD, INVALID_URL, f"invalid URL {url!r}: {e}")
        if parsed.scheme not in ("http", "https") or not host:
            return _failure(url, HARD, INVALID_URL, f"not an http(s) URL with a host: {url!r}")
        if self.allow_private or name in self.allowed_hosts:
            return None
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as e:
            return _failure(url, TEMPORARY, DNS_ERROR, f"cannot resolve {host}: {e}")
        checked = []
        for info in infos:
            address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])  # drop an IPv6 zone id
            if not is_public_address(address):
                return _failure(url, HARD, PRIVATE_ADDRESS,
                                f"{host} resolves to non-public address {address}; add it to "
                                f"{ALLOWED_HOSTS_ENV} or set allow_private on the feed to permit it")
            checked.append(str(address))
        pin(host, port, checked)
        return None


def is_public_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """False for private, loopback, link-local, reserved, multicast and unspecified addresses."""
    if isinstance(address, ipaddress.IPv6Address):
        # An IPv4 address wrapped in IPv6 (::ffff:127.0.0.1, 2002::/16) reaches the IPv4 host.
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            address = embedded
    return address.is_global and not (
        address.is_private or address.is_loopback or address.is_link_local
        or address.is_reserved or address.is_multicast or address.is_unspecified
    )


# -- connecting to the checked address ------------------------------------------------------------

def feed_client(verify: ssl.SSLContext | bool = True, **kwargs: Any) -> httpx.Client:
    """The HTTP client for feeds and article pages: it connects to the addresses the guard
    checked. Behind an HTTP(S) proxy from the environment (which httpx honours only when it
    builds the transport itself) the proxy resolves and connects, and the client is httpx's own."""
    if {"http", "https", "all"} & set(urllib.request.getproxies()):
        return httpx.Client(verify=verify, follow_redirects=False, **kwargs)
    return httpx.Client(transport=PinnedTransport(verify=verify), follow_redirects=False, **kwargs)


_pins: dict[tuple[str, int], tuple[str, ...]] = {}
_pins_lock = threading.Lock()
_MAX_PINS = 10_000


def pin(host: str, port: int, addresses: list[str]) -> None:
    """Connections to ``host:port`` go to ``addresses`` (the guard's checked answer) from now on."""
    with _pins_lock:
        if len(_pins) >= _MAX_PINS:
            _pins.clear()  # hosts are re-pinned by the guard before every request anyway
        _pins[(host.lower(), port)] = tuple(dict.fromkeys(addresses))


def pinned(host: str, port: int) -> tuple[str, ...]:
    with _pins_lock:
        return _pins.get((host.lower(), port), ())


class _PinnedBackend(httpcore.NetworkBackend):
    """httpcore's own socket backend, but a host the guard checked is reached at its checked
    addresses (each tried in turn) instead of being resolved again. The stream's TLS handshake is
    started by httpcore with the origin's host name, so SNI and the certificate check keep it."""

    def __init__(self) -> None:
        self._sockets = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Any = None) -> httpcore.NetworkStream:
        addresses = pinned(host, port)
        if not addresses:  # not checked: an allowed host, a private feed, or a proxy
            return self._sockets.connect_tcp(host, port, timeout, local_address, socket_options)
        error: Exception | None = None
        for address in addresses:
            try:
                return self._sockets.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as e:
                error = e
        assert error is not None
        raise error

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Any = None) -> httpcore.NetworkStream:
        return self._sockets.connect_unix_socket(path, timeout, socket_options)

    def sleep(self, seconds: float) -> None:
        self._sockets.sleep(seconds)


class PinnedTransport(httpx.HTTPTransport):
    """httpx's transport, connecting through `_PinnedBackend`. httpx has no option for a network
    backend, so the connection pool it built is replaced by the same pool with ours (httpx 0.28:
    ``HTTPTransport._pool``; tests/unit/test_fetch_pinning.py fails if that changes)."""

    def __init__(self, verify: ssl.SSLContext | bool = True, limits: httpx.Limits = httpx.Limits()) -> None:
        context = verify if isinstance(verify, ssl.SSLContext) else httpx.create_ssl_context(verify=verify)
        super().__init__(verify=context, limits=limits)
        self._pool = httpcore.ConnectionPool(
            ssl_context=context, max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry, network_backend=_PinnedBackend(),
        )
