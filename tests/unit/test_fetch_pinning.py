"""DNS rebinding (issue 17): the connection goes to the address the SSRF guard checked, not to a
second lookup's answer. Two real servers on loopback share a port: the feed on 127.0.0.1 (which
these tests let the guard call public) and an "internal" service on 127.0.0.2 (private); the
resolver answers the feed's address first and the internal one on every later lookup."""

from __future__ import annotations

import datetime as dt
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from newswatch.ingest import fetch
from newswatch.ingest.fetch import feed_client, fetch_feed

FEED = b'<rss version="2.0"><channel><title>feed</title></channel></rss>'
SECRET = b"internal: do not serve"
NAME = "rebind.test"


class _Server:
    """A tiny HTTP(S) server on one loopback address that records each request's Host header."""

    def __init__(self, address: str, port: int, body: bytes, tls: ssl.SSLContext | None = None):
        self.hosts: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the stdlib's name
                outer.hosts.append(self.headers.get("Host", ""))
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer((address, port), Handler)
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _pair(tls: ssl.SSLContext | None = None) -> tuple[_Server, _Server]:
    for _ in range(20):  # a free port on 127.0.0.1 that is also free on 127.0.0.2
        feed = _Server("127.0.0.1", 0, FEED, tls)
        try:
            return feed, _Server("127.0.0.2", feed.port, SECRET, tls)
        except OSError:
            feed.close()
    pytest.skip("no port free on both 127.0.0.1 and 127.0.0.2")


@pytest.fixture
def rebinding(monkeypatch):
    """The guard's lookup of NAME gets 127.0.0.1, every later lookup 127.0.0.2."""
    real = socket.getaddrinfo
    lookups: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        if host != NAME:
            return real(host, port, *args, **kwargs)
        address = "127.0.0.1" if not lookups else "127.0.0.2"
        lookups.append(address)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(fetch, "is_public_address", lambda a: str(a) == "127.0.0.1")
    return lookups


def test_the_connection_goes_to_the_checked_address_not_a_second_lookup(rebinding):
    feed, internal = _pair()
    try:
        result = fetch_feed(f"http://{NAME}:{feed.port}/feed.xml")
        assert result.ok and result.body == FEED
        assert feed.hosts == [f"{NAME}:{feed.port}"] and internal.hosts == []  # Host names the feed
        assert rebinding == ["127.0.0.1"]  # one lookup: the guard's
    finally:
        feed.close()
        internal.close()


def test_without_pinning_the_same_rebinding_reaches_the_internal_service(rebinding):
    # The control: httpx's own transport looks the name up again, which is the attack.
    feed, internal = _pair()
    try:
        with httpx.Client() as plain:
            result = fetch_feed(f"http://{NAME}:{feed.port}/feed.xml", client=plain)
        assert result.body == SECRET and internal.hosts
    finally:
        feed.close()
        internal.close()


def test_a_rebinding_answer_that_is_private_at_the_check_is_refused(monkeypatch):
    monkeypatch.setattr(socket, "getaddrinfo",
                        lambda host, port, *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port))])
    result = fetch_feed(f"http://{NAME}/feed.xml")
    assert result.failure_reason == "private_address"


def _tls_for(name: str, tmp_path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A throw-away CA and a certificate for ``name``: (server context, client context)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)

    def cert(subject, issuer, key, signer, *, ca, san=None):
        builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=1))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
        if san:
            builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(san)]), critical=False)
        return builder.sign(signer, hashes.SHA256())

    ca_key, leaf_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "newswatch test CA")])
    ca = cert(ca_name, ca_name, ca_key, ca_key, ca=True)
    leaf = cert(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]), ca_name, leaf_key, ca_key,
                ca=False, san=name)
    (tmp_path / "leaf.pem").write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "leaf.key").write_bytes(leaf_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(tmp_path / "leaf.pem", tmp_path / "leaf.key")
    client = ssl.create_default_context(cadata=ca.public_bytes(serialization.Encoding.PEM).decode())
    return server, client


def test_tls_keeps_the_name_for_sni_and_the_certificate_check(rebinding, tmp_path):
    server_tls, client_tls = _tls_for(NAME, tmp_path)
    feed, internal = _pair(server_tls)
    try:
        with feed_client(verify=client_tls) as client:
            result = fetch_feed(f"https://{NAME}:{feed.port}/feed.xml", client=client)
        # The certificate names rebind.test, not 127.0.0.1: it verifies only if the handshake
        # named the host while the socket went to the pinned address.
        assert result.ok and result.body == FEED, result.detail
        assert internal.hosts == [] and feed.hosts == [f"{NAME}:{feed.port}"]
    finally:
        feed.close()
        internal.close()
