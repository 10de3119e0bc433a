"""Serve a directory written by ``SampleSite.write_static`` over HTTP on 127.0.0.1, like nginx would.

The crawl benchmark needs a web server that is never the bottleneck and costs little CPU, without
installing one; it runs this server in a thread of its own process and charges that CPU to
"server CPU %". An ``asyncio.Protocol`` speaks the little HTTP/1.1 a crawler needs: keep-alive,
GET and HEAD, ``Connection: close`` honoured, pipelined requests answered in order, no request
bodies. It maps ``/a/b/`` to ``a/b/index.html`` (``index.xml`` for feeds), answers
``ETag``/``Last-Modified`` validators with 304 as nginx does, the themed ``404.html`` for anything
else, and ignores query strings (a static server has no REST API, no ``?p=`` shortlinks). Each
request reads its file (a crawl asks each page once: a cache would only serve the re-crawl), and
a response goes out in one ``send``.

Why not ``http.server``: CPU per request measured in the serving process, every post page of a
300-post site fetched 10 times by keep-alive clients in another process: its ``ThreadingHTTPServer``
(a thread per connection) cost ~0.4 ms over 8 connections, 0.8 ms over one (whose responses, sent
as headers then body, also waited out the client's delayed ACK: 22 requests/s); this loop costs
0.08-0.13 ms, ~0.16 ms when every file is read from disk as in a first crawl. In the crawl
benchmark (300 posts) the server threads' own CPU went from ~0.35 to ~0.15 ms per request.

    python scripts/static_server.py DIR [--port 8000]

From Python: ``server = StaticServer(directory)`` binds a free port (``server.base_url`` is known
before the files are written, since their links are absolute); ``with server.running(): ...``.
"""

from __future__ import annotations

import argparse
import asyncio
import email.utils
import functools
import math
import os
import socket
import stat
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import unquote, urlsplit

from archiver.samplesite.server import LISTEN_BACKLOG

CONTENT_TYPES = {
    ".html": "text/html; charset=UTF-8",
    ".xml": "application/xml; charset=UTF-8",
    ".txt": "text/plain; charset=UTF-8",
}

WRITE_BYTES = 256 * 1024  # pipelined responses joined into one write, up to about this much
MAX_HEAD_BYTES = 64 * 1024  # a request head longer than this is refused (400), as http.server did

REASONS = {
    200: "OK",
    304: "Not Modified",
    400: "Bad Request",
    404: "Not Found",
    501: "Not Implemented",
}


def _resolve(root: str, request_path: str) -> str | None:
    """The regular file answering ``request_path`` under ``root``, or None."""
    if request_path.startswith("/") and not request_path.startswith("//"):  # urlsplit, faster
        path = unquote(request_path.partition("#")[0].partition("?")[0])
    else:
        path = unquote(urlsplit(request_path).path)
    if ".." in path.split("/"):
        return None
    relative = path.lstrip("/")
    base = f"{root}/{relative}" if relative else root
    # Strings, not Paths: joining Paths cost more than the rest of a request's parsing.
    candidates = (f"{base.rstrip('/')}/index.html", f"{base.rstrip('/')}/index.xml")
    for candidate in candidates if path.endswith("/") else (base,):
        try:
            status = os.stat(candidate)
        except (OSError, ValueError):  # missing, a file in place of a directory, a NUL byte
            continue
        if stat.S_ISREG(status.st_mode):
            return candidate
    return None


def file_for(root: Path, request_path: str) -> Path | None:
    """The file answering ``request_path`` under ``root``, or None (never outside ``root``)."""
    resolved = _resolve(str(root), request_path)
    return Path(resolved) if resolved else None


def _validators(status: os.stat_result) -> tuple[str, str]:
    """nginx-style ``ETag`` (mtime-size in hex) and ``Last-Modified`` of a file."""
    etag = f'"{int(status.st_mtime):x}-{status.st_size:x}"'
    return etag, _http_date(math.floor(status.st_mtime))


@functools.lru_cache(maxsize=1024)
def _http_date(second: int) -> str:
    """``formatdate`` of a whole second: a site's files share a few mtimes, formatted once."""
    return email.utils.formatdate(second, usegmt=True)


def _read(path: str) -> tuple[os.stat_result, bytes]:
    """A file's stat and bytes, from one open (os.open: io.open's buffered reader cost ~5 us)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        status = os.fstat(fd)  # the validators of the very bytes read
        body = os.read(fd, status.st_size + 1)  # a short read is the end of a regular file
        if len(body) > status.st_size:  # grown since the fstat: read to the end
            chunks = [body]
            while chunks[-1]:
                chunks.append(os.read(fd, 1 << 20))
            body = b"".join(chunks)
    finally:
        os.close(fd)
    return status, body


def not_modified(headers, etag: str, last_modified: str) -> bool:
    """True when the request's validators match the file (If-None-Match wins, as in RFC 9110)."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        return etag in [tag.strip() for tag in if_none_match.split(",")]
    return headers.get("If-Modified-Since") == last_modified


class _Headers(dict):
    """Request headers by lower-cased name (the first of repeated ones); ``get`` ignores case."""

    def get(self, name: str, default=None):
        return super().get(name.lower(), default)


class _Entry:
    """A file's response parts: its validators, header lines and body."""

    __slots__ = ("etag", "last_modified", "content_type", "validators", "length", "body")

    def __init__(self, path: str, status: os.stat_result, body: bytes):
        self.etag, self.last_modified = _validators(status)
        content_type = CONTENT_TYPES.get(os.path.splitext(path)[1], "text/plain")
        self.content_type = f"Content-Type: {content_type}\r\n".encode("latin-1")
        self.validators = f"ETag: {self.etag}\r\nLast-Modified: {self.last_modified}\r\n".encode()
        self.length = b"Content-Length: %d\r\n" % len(body)
        self.body = body


class _Connection(asyncio.Protocol):
    """One client connection: answers each complete request head in its buffer, in order."""

    def __init__(self, server: StaticServer):
        self.server = server
        self.transport: asyncio.Transport | None = None
        self.buffer = b""
        self.skip = 0  # bytes of a request body still to discard
        self.paused = False
        self.closing = False

    def connection_made(self, transport) -> None:  # asyncio has set TCP_NODELAY
        self.transport = transport
        self.server._connections.add(self)

    def connection_lost(self, exc) -> None:
        self.server._connections.discard(self)

    def data_received(self, data: bytes) -> None:
        self.buffer = self.buffer + data if self.buffer else data
        if not self.paused:
            self._answer_buffered()

    def pause_writing(self) -> None:
        """The client reads slower than it asks: read no more requests until it catches up."""
        self.paused = True
        self.transport.pause_reading()

    def resume_writing(self) -> None:
        self.paused = False
        if not self.closing:
            self.transport.resume_reading()
            self._answer_buffered()

    def _answer_buffered(self) -> None:
        buffer, responses, pending, server = self.buffer, [], 0, self.server
        while not self.closing and not self.paused:
            if self.skip:  # a body no GET or HEAD should carry: drop it
                dropped = min(self.skip, len(buffer))
                buffer, self.skip = buffer[dropped:], self.skip - dropped
                if self.skip:
                    break
            buffer = buffer.lstrip(b"\r\n")  # RFC 9112 2.2: empty lines before a request
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(buffer) > MAX_HEAD_BYTES:
                    responses.append(server._error(400))
                    self.closing = True
                break
            head, buffer = buffer[:end], buffer[end + 4 :]
            response, self.closing, self.skip = server._answer(head)
            responses.append(response)
            pending += len(response)
            if pending >= WRITE_BYTES:  # many pipelined: send, and stop if the client lags
                self._write(responses)
                responses, pending = [], 0
        self.buffer = buffer
        self._write(responses)
        if self.closing:
            self.buffer = b""
            self.transport.close()  # once the responses are sent

    def _write(self, responses: list[bytes]) -> None:
        if responses:
            self.transport.write(responses[0] if len(responses) == 1 else b"".join(responses))


class StaticServer:
    """A static file server bound to a free port on 127.0.0.1 at construction."""

    def __init__(self, directory: str | Path, host: str = "127.0.0.1", port: int = 0):
        self.root = Path(directory)
        self._root = str(self.root)
        self.socket = socket.create_server((host, port), backlog=LISTEN_BACKLOG)
        self.server_address = self.socket.getsockname()[:2]
        self.base_url = f"http://{host}:{self.server_address[1]}/"
        self.requests = 0  # written by the serving thread only
        self._date_second = -1
        self._date = ""
        self._connections: set[_Connection] = set()
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopped: asyncio.Future | None = None
        self._stop_requested = False
        self._started = threading.Event()  # serve_forever accepts connections, or gave up
        self._finished = threading.Event()  # serve_forever has returned

    # -- serving ------------------------------------------------------------------------------

    def serve_forever(self) -> None:
        """Serve in this thread until ``shutdown()`` (from another thread) or Ctrl-C."""
        loop = asyncio.new_event_loop()
        with self._lock:
            self._loop = loop
            self._finished.clear()
        task = loop.create_task(self._serve())
        try:
            loop.run_until_complete(task)
        finally:
            with self._lock:
                self._loop = None
                self._stop_requested = False
            if not task.done():  # Ctrl-C: close the listener
                task.cancel()
                with suppress(asyncio.CancelledError):
                    loop.run_until_complete(task)
            for connection in list(self._connections):
                connection.transport.abort()
            loop.run_until_complete(asyncio.sleep(0))  # the aborts close their sockets
            loop.close()
            self._started.set()
            self._finished.set()

    async def _serve(self) -> None:
        loop = asyncio.get_running_loop()
        self._stopped = loop.create_future()
        # asyncio closes the socket it serves: give it a duplicate, ``server_close`` closes ours.
        listener = await loop.create_server(
            lambda: _Connection(self), sock=self.socket.dup(), backlog=LISTEN_BACKLOG
        )
        try:
            self._started.set()
            if not self._stop_requested:
                await self._stopped
        finally:
            listener.close()

    def _wake(self) -> None:
        if self._stopped is not None and not self._stopped.done():
            self._stopped.set_result(None)

    def shutdown(self) -> None:
        """Stop ``serve_forever`` and wait until it has returned."""
        with self._lock:
            self._stop_requested = True
            loop = self._loop
        if loop is not None:
            loop.call_soon_threadsafe(self._wake)
            self._finished.wait()

    def server_close(self) -> None:
        self.socket.close()

    @contextmanager
    def running(self) -> Iterator[str]:
        """Serve in a daemon thread until the block exits; yields the base URL."""
        self._started.clear()
        thread = threading.Thread(target=self.serve_forever, daemon=True)
        thread.start()
        self._started.wait()
        try:
            yield self.base_url
        finally:
            self.shutdown()
            self.server_close()
            thread.join()

    # -- answering ----------------------------------------------------------------------------

    def _status_line(self, status: int) -> bytes:
        """Status line, ``Server`` and ``Date`` (formatted once a second), as http.server sends."""
        now = time.time()
        if int(now) != self._date_second:
            self._date_second = int(now)
            self._date = email.utils.formatdate(now, usegmt=True)
        line = f"HTTP/1.1 {status} {REASONS[status]}\r\nServer: nginx\r\nDate: {self._date}\r\n"
        return line.encode()

    def _error(self, status: int) -> bytes:
        return self._status_line(status) + b"Content-Length: 0\r\nConnection: close\r\n\r\n"

    def _answer(self, head: bytes) -> tuple[bytes, bool, int]:
        """The response to one request head, whether to close after it, the body bytes to skip."""
        lines = head.decode("latin-1").split("\r\n")
        words = lines[0].split()
        if len(words) != 3 or words[2] not in ("HTTP/1.0", "HTTP/1.1"):
            return self._error(400), True, 0
        method, target, version = words
        headers = _Headers()
        for line in lines[1:]:
            name, colon, value = line.partition(":")
            if not colon:
                return self._error(400), True, 0
            headers.setdefault(name.strip().lower(), value.strip())
        if method not in ("GET", "HEAD") or "transfer-encoding" in headers:
            return self._error(501), True, 0
        try:
            body_length = int(headers.get("content-length", 0))
        except ValueError:
            return self._error(400), True, 0
        tokens = [token.strip().lower() for token in headers.get("connection", "").split(",")]
        close = "close" in tokens or (version == "HTTP/1.0" and "keep-alive" not in tokens)
        self.requests += 1
        parts = self._respond(target, headers)
        if method == "HEAD":
            parts[-1] = b""
        if close:
            parts.insert(-2, b"Connection: close\r\n")
        return b"".join(parts), close, max(body_length, 0)

    def _respond(self, target: str, headers: _Headers) -> list[bytes]:
        """Status line and headers, the blank line, then the body: the last two parts."""
        if target.startswith("//"):  # a path, not a network location (as http.server reads it)
            target = "/" + target.lstrip("/")
        resolved = _resolve(self._root, target)
        try:
            entry = _Entry(resolved, *_read(resolved)) if resolved else None
        except OSError:  # removed or replaced since its stat
            entry = None
        if entry is None:
            missing = f"{self._root}/404.html"
            try:
                entry = _Entry(missing, *_read(missing))
            except OSError:
                head = b"Content-Type: text/html; charset=UTF-8\r\nContent-Length: 0\r\n"
                return [self._status_line(404), head, b"\r\n", b""]
            return [self._status_line(404), entry.content_type, entry.length, b"\r\n", entry.body]
        if not_modified(headers, entry.etag, entry.last_modified):
            head = entry.validators + b"Content-Length: 0\r\n"
            return [self._status_line(304), head, b"\r\n", b""]
        head = entry.content_type + entry.validators + entry.length
        return [self._status_line(200), head, b"\r\n", entry.body]


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
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
