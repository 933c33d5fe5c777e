"""A local HTTP server for the sample feeds, so the demo and tests run the real fetch path
(httpx, conditional GET, content types) without the internet.
"""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".xml": "application/xml"}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


class SampleServer:
    """Serve ``directory`` on ``host`` (loopback unless told otherwise, e.g. 0.0.0.0 in a
    container) in a background thread (port 0 picks a free port).

    SimpleHTTPRequestHandler sends Last-Modified and answers If-Modified-Since with 304, so a
    second poll exercises change detection too.
    """

    def __init__(self, directory: str | Path, port: int = 0, host: str = "127.0.0.1"):
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> SampleServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()
