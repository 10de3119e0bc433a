"""Serve a ``SampleSite`` over real HTTP on 127.0.0.1, recording every request.

``serve(site)`` is a context manager: it starts a ``ThreadingHTTPServer`` (HTTP/1.1 keep-alive,
like a real web server, so a crawler's connection pool behaves as in production) in a daemon
thread, points the site's absolute links at it and yields the base URL. Requests are logged to
``site.request_log`` as ``(method, path_with_query, headers, status)``; nothing goes to stderr.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .model import SampleSite

# Pending connections a local test server queues, like nginx's 511: at socketserver's default of
# 5, a crawler opening its connections at once overflowed the accept queue, and each dropped SYN
# is resent 1 s later (seconds of stalls in a benchmark, requests landing 1 s late in a test).
LISTEN_BACKLOG = 128


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # keep-alive connections must not hold up shutdown
    request_queue_size = LISTEN_BACKLOG

    def __init__(self, address: tuple[str, int], site: SampleSite) -> None:
        super().__init__(address, _Handler)
        self.site = site


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def version_string(self) -> str:
        return "Apache"

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def do_POST(self) -> None:
        """Comments, logins and XML-RPC are not part of the archive: refuse them."""
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._send(405, {"Allow": "GET, HEAD", "Content-Type": "text/plain"}, b"", True)

    def _answer(self, send_body: bool) -> None:
        response = self.server.site.render(self.path, dict(self.headers.items()))
        self._send(response.status, response.headers, response.body, send_body)

    def _send(self, status: int, headers: dict, body: bytes, send_body: bool) -> None:
        site = self.server.site
        with site.log_lock:
            site.request_log.append((self.command, self.path, dict(self.headers.items()), status))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        """Silence the per-request stderr line; the request log is ``site.request_log``."""


@contextmanager
def serve(site: SampleSite, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve ``site`` until the block exits; yields ``http://HOST:PORT/``."""
    server = _Server((host, port), site)
    base_url = f"http://{host}:{server.server_address[1]}/"
    site.set_base_url(base_url)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield base_url
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
