"""Serve a directory written by ``SampleSite.write_static`` over HTTP on 127.0.0.1, like nginx would.

The crawl benchmark needs a web server that is never the bottleneck and costs little CPU, without
installing one: a ``ThreadingHTTPServer`` (HTTP/1.1 keep-alive) mapping ``/a/b/`` to
``a/b/index.html`` (``index.xml`` for feeds), answering ``ETag``/``Last-Modified`` validators with
304 as nginx does, the themed ``404.html`` for anything else, and ignoring query strings (a static
server has no REST API, no ``?p=`` shortlinks). The benchmark measures its CPU share.

    python scripts/static_server.py DIR [--port 8000]

From Python: ``server = StaticServer(directory)`` binds a free port (``server.base_url`` is known
before the files are written, since their links are absolute); ``with server.running(): ...``.
"""

from __future__ import annotations

import argparse
import email.utils
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from archiver.samplesite.server import LISTEN_BACKLOG

CONTENT_TYPES = {
    ".html": "text/html; charset=UTF-8",
    ".xml": "application/xml; charset=UTF-8",
    ".txt": "text/plain; charset=UTF-8",
}


def file_for(root: Path, request_path: str) -> Path | None:
    """The file answering ``request_path`` under ``root``, or None (never outside ``root``)."""
    path = unquote(urlsplit(request_path).path)
    if ".." in path.split("/"):
        return None
    relative = path.lstrip("/")
    if path.endswith("/"):
        for name in ("index.html", "index.xml"):
            candidate = root / relative / name
            if candidate.is_file():
                return candidate
        return None
    candidate = root / relative
    return candidate if candidate.is_file() else None


def validators(path: Path) -> tuple[str, str]:
    """nginx-style ``ETag`` (mtime-size in hex) and ``Last-Modified`` of a file."""
    status = path.stat()
    etag = f'"{int(status.st_mtime):x}-{status.st_size:x}"'
    return etag, email.utils.formatdate(status.st_mtime, usegmt=True)


def not_modified(headers, etag: str, last_modified: str) -> bool:
    """True when the request's validators match the file (If-None-Match wins, as in RFC 9110)."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        return etag in [tag.strip() for tag in if_none_match.split(",")]
    return headers.get("If-Modified-Since") == last_modified


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: StaticServer

    def version_string(self) -> str:
        return "nginx"

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        self.server.count_request()
        path = file_for(self.server.root, self.path)
        if path is None:
            self._send(404, self.server.root / "404.html", {}, send_body)
            return
        etag, last_modified = validators(path)
        headers = {"ETag": etag, "Last-Modified": last_modified}
        if not_modified(self.headers, etag, last_modified):
            self._send(304, None, headers, send_body)
        else:
            self._send(200, path, headers, send_body)

    def _send(self, status: int, path: Path | None, headers: dict, send_body: bool) -> None:
        body = path.read_bytes() if path is not None and path.is_file() else b""
        self.send_response(status)
        if path is not None:
            self.send_header("Content-Type", CONTENT_TYPES.get(path.suffix, "text/plain"))
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        """Silence the per-request stderr line; ``StaticServer.requests`` counts them."""


class StaticServer(ThreadingHTTPServer):
    """A static file server bound to a free port on 127.0.0.1 at construction."""

    daemon_threads = True
    block_on_close = False  # keep-alive connections must not hold up shutdown
    request_queue_size = LISTEN_BACKLOG

    def __init__(self, directory: str | Path, host: str = "127.0.0.1", port: int = 0):
        super().__init__((host, port), _Handler)
        self.root = Path(directory)
        self.base_url = f"http://{host}:{self.server_address[1]}/"
        self.requests = 0
        self._count_lock = threading.Lock()

    def count_request(self) -> None:
        with self._count_lock:
            self.requests += 1

    @contextmanager
    def running(self) -> Iterator[str]:
        """Serve in a daemon thread until the block exits; yields the base URL."""
        thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        try:
            yield self.base_url
        finally:
            self.shutdown()
            self.server_close()
            thread.join()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", help="a directory written by SampleSite.write_static")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    server = StaticServer(args.directory, port=args.port)
    print(f"Serving {args.directory} at {server.base_url} (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


if __name__ == "__main__":
    main()
