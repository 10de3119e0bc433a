"""A hostile copy of the sample site, served on 127.0.0.1, and a crawl measured from outside.

:class:`HostileSite` takes a :class:`~archiver.samplesite.SampleSite` and gives some of its posts a
fault: the post's permalink (found by the crawler through listings, feeds and sitemaps as usual)
answers with a rate limit, a redirect off the site, a gzip bomb, a trickle, a lie about its charset
and so on. ``RECOVERABLE`` faults must end with the post archived (correctly decoded, scripts
dropped, title intact); ``FATAL`` faults must end with nothing stored for that URL and the crawl
carrying on. Every other URL is answered by the sample site itself.

A second listener, the *trap*, stands for another service on the same machine: redirects point at
it in every spelling of its address. It records any hit; a correct crawl never reaches it.

The home listing is a *listing trap*: it answers 200 for every page number past its end,
alternately empty and repeating its last page, and every page's pagination numbers one page more
than the page itself and links it as "Older posts" (``endless_home``). A crawl must leave it at the
first page past the end (``past_end_hits``).

The server also keeps the rules a real server would enforce: it notes every request's arrival time
and flags a request that arrives while a ``Retry-After`` it sent is still running.

:func:`run_measured_crawl` runs the same ``scrapy crawl`` command as
:func:`archiver.localcrawl.run_crawl`, sampling the resident memory of the crawl's process tree.
"""

from __future__ import annotations

import math
import os
import re
import subprocess
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psutil

from archiver.localcrawl import PROJECT_ROOT, crawl_command
from archiver.samplesite import SampleSite, pages
from archiver.samplesite.server import LISTEN_BACKLOG

# Text that only a right decoding produces: é, € and curly quotes are where cp1252, latin-1 and
# utf-8 disagree.
CAFE_SENTENCE = "The Café on the quay charged €5 for a “flat white”, and nobody minded."
HOSTILE_TITLES = [
    "Robert'); DROP TABLE articles; -- and the SQL injection that wasn't",
    'The "quad" OR NEAR(korea russia) AND title:* ^NOT -arms {braces}',
    "<script>alert('title')</script> & <b>Bold</b> &amp; Co: 50% off",
]
SCRIPT_MARKERS = ["stealCookies(", "alertFromHandler(", "javascript:evil", "inlineTracker("]
RETRY_AFTER_SECONDS = 2
GRACE = 1.0  # requests the crawler sent (or a busy reactor flushed) before reading the 429

# Faults outside both lists, for suites of their own: a page whose bytes contradict its label.
MISLABELLED_UTF8 = "utf8-labelled-cp1252"  # cp1252 bytes, Content-Type and <meta> say UTF-8
CHARSET_FAULTS = (
    "latin1-labelled",
    "meta-charset",
    "bom-beats-header",
    "nul-bytes",
    MISLABELLED_UTF8,
)

RECOVERABLE = [
    "rate-limited",  # first answer 429, Retry-After: 1
    "rate-limited-again",
    "rate-limited-http-date",  # first answer 503, Retry-After: <HTTP-date>
    "rate-limited-no-header",  # first answer 429 with no Retry-After
    "flaky-500",  # first answer 500
    "latin1-labelled",  # cp1252 bytes, Content-Type says iso-8859-1
    "meta-charset",  # cp1252 bytes, only <meta charset="windows-1252">
    "bom-beats-header",  # UTF-8 with BOM, Content-Type says iso-8859-1
    "nul-bytes",
    "malformed-nested",  # unclosed tags, stray end tags, 3000 nested divs after the text
    "scripts",  # <script>, on* handlers and javascript: links inside the article
    "refresh-header",  # a real post with "Refresh: 0; url=<trap>"
    "title-sql",
    "title-fts",
    "title-html",
]
FATAL = [
    "redirect-offsite",  # 302 to the trap, by address and port
    "redirect-decimal",  # 302 to http://2130706433:<trap port>/
    "redirect-hex",  # 302 to http://0x7f.1:<trap port>/
    "redirect-mapped-ipv6",  # 302 to http://[::ffff:127.0.0.1]:<trap port>/
    "redirect-metadata",  # 302 to the cloud metadata address
    "redirect-file",  # 302 to file:///etc/passwd
    "retried-then-offsite",  # 503 Retry-After: 1, then 302 to the trap
    "meta-refresh-offsite",  # 200 page whose meta refresh points at the trap
    "redirect-loop",  # post -> /loop-b/ -> post
    "redirect-chain",  # post -> /chain/1/ -> ... -> /chain/40/
    "huge",  # endless HTML body, no Content-Length
    "gzip-bomb",  # 1 GiB of zeros in a 1 MB gzip body
    "trickle",  # one byte every 0.1 s, forever
    "silent",  # reads the request, never answers
    "pdf",  # application/pdf
    "binary-as-html",  # text/html label on PDF bytes
    "soft-404",  # 200 with the "Page not found" template (body class error404)
    "gone-410",
    "missing-404",
    "always-500",
    "always-429",
    "empty-post",  # an article page with no text
    "slow-to-extract",  # 45,000 paragraphs (3.6 MB): seconds of extraction, over the budget
]


@cache
def gzip_bomb(size: int = 1 << 30) -> bytes:
    """A gzip member that inflates to ``size`` zero bytes, built in well under a second.

    Each 1 MiB block is deflated once and ended with a full flush, which makes it byte-aligned and
    independent of what precedes it, so the same compressed bytes can be repeated.
    """
    block = bytes(1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(size >> 20):
        crc = zlib.crc32(block, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)  # empty final block
    size_field = (size & 0xFFFFFFFF).to_bytes(4, "little")
    return header + chunk * (size >> 20) + trailer + crc.to_bytes(4, "little") + size_field


@dataclass
class Hit:
    at: float  # time.monotonic() on arrival
    path: str
    status: int | None = None


@dataclass
class HostileSite:
    """The sample site with one fault per chosen post, plus the bookkeeping tests assert on."""

    site: SampleSite
    faults: dict[str, str] = field(default_factory=dict)  # permalink path -> fault name
    hits: list[Hit] = field(default_factory=list)
    trap_hits: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)  # requests sent during a Retry-After
    counts: dict[str, int] = field(default_factory=dict)  # path -> requests seen
    quiet_until: float = 0.0
    quiet_since: float = 0.0
    trap_port: int = 0
    robots_txt: str | None = None  # served instead of the sample site's own robots.txt
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def build(cls, n_clean: int = 12, seed: int = 7, names: list[str] | None = None) -> HostileSite:
        names = names or RECOVERABLE + FATAL
        site = SampleSite.generate(n_posts=n_clean + len(names) + 1, seed=seed)
        # The seed article stays clean (other suites know it); the oldest posts get the faults.
        posts = [p for p in site.published_posts() if "india-quad" not in p.slug][-len(names) :]
        assigned = list(zip(posts, names, strict=True))
        titles = iter(HOSTILE_TITLES)
        for post, name in assigned:
            if name.startswith("title-"):
                site.edit_post(post.id, title=next(titles), when=post.modified)
            if name in CHARSET_FAULTS:
                paragraphs = [*post.paragraphs, CAFE_SENTENCE]
                site.edit_post(post.id, paragraphs=paragraphs, when=post.modified)
        return cls(site=site, faults={post.path: name for post, name in assigned})

    def home_page_count(self) -> int:
        """How many home listing pages hold posts; the trap answers every one after them."""
        return max(1, math.ceil(len(self.site.home_posts()) / self.site.posts_per_page))

    def past_end_hits(self) -> list[str]:
        """Requests for home listing pages past the last one with posts."""
        last = self.home_page_count()
        return [hit.path for hit in self.hits if (_home_page_number(hit.path) or 0) > last]

    def paths(self, names: list[str]) -> list[str]:
        return [path for path, name in self.faults.items() if name in names]

    def clean_paths(self) -> list[str]:
        return [p.path for p in self.site.published_posts() if p.path not in self.faults]

    def post_title(self, path: str) -> str:
        return next(p.title for p in self.site.published_posts() if p.path == path)

    # --- bookkeeping ----------------------------------------------------------------------------

    def arrive(self, path: str) -> int:
        """Record a request; returns how many times this path was asked (1 = first)."""
        now = time.monotonic()
        with self.lock:
            self.hits.append(Hit(now, path))
            if self.quiet_since + GRACE < now < self.quiet_until:
                self.violations.append(f"{path} {self.quiet_until - now:.2f} s early")
            self.counts[path] = self.counts.get(path, 0) + 1
            return self.counts[path]

    def ask_for_quiet(self, seconds: float) -> None:
        now = time.monotonic()
        with self.lock:
            self.quiet_since = now
            self.quiet_until = max(self.quiet_until, now + seconds)

    # --- pages ----------------------------------------------------------------------------------

    def trap_url(self, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.trap_port}/"

    def endless_home(self, number: int) -> bytes:
        """Home page ``number``: its posts, or past the end none (odd) or the last page's (even),
        with pagination that always numbers one page more and links it as "Older posts"."""
        site, last = self.site, self.home_page_count()
        size = site.posts_per_page
        with site.lock:
            home = site.index.home
            shown = number if number <= last else (last if number % 2 == 0 else 0)
            posts = home[(shown - 1) * size : shown * size] if shown else []
            html = pages.listing_page(
                site,
                heading="Latest News",
                body_class="home blog",
                base_path="/",
                posts=posts,
                number=number,
                total=number + 1,
            )
        return html.encode("utf-8")

    def page_bytes(self, path: str) -> bytes:
        return self.site.render(path).body

    def page_text(self, path: str) -> str:
        return self.page_bytes(path).decode("utf-8")


# --- fault handlers: (handler, site, path, nth request) -> None ---------------------------------

Fault = Callable[["_Handler", HostileSite, str, int], None]


def _rate_limited(status: int, retry_after: Callable[[], tuple[str | None, float]]) -> Fault:
    def fault(handler: _Handler, hostile: HostileSite, path: str, nth: int) -> None:
        if nth > 1:
            return handler.pass_through(path)
        value, seconds = retry_after()
        if value is not None:
            hostile.ask_for_quiet(seconds)
        headers = {"Retry-After": value} if value is not None else {}
        handler.send(status, b"Slow down", "text/plain", headers)

    return fault


def _seconds(value: int) -> tuple[str, float]:
    return str(value), value


def _http_date_in(seconds: int) -> tuple[str, float]:
    """An HTTP-date ``seconds`` from now, and how long it really is away (dates drop fractions)."""
    now = time.time()
    return formatdate(now + seconds, usegmt=True), int(now + seconds) - now


def _always_429(handler: _Handler, hostile: HostileSite, path: str, nth: int) -> None:
    hostile.ask_for_quiet(RETRY_AFTER_SECONDS)
    handler.send(429, b"Slow down", "text/plain", {"Retry-After": str(RETRY_AFTER_SECONDS)})


def _pass_through(handler: _Handler, hostile: HostileSite, path: str, nth: int) -> None:
    handler.pass_through(path)


def _flaky_500(handler: _Handler, hostile: HostileSite, path: str, nth: int) -> None:
    if nth > 1:
        return handler.pass_through(path)
    handler.send(500, b"Internal Server Error", "text/plain")


def _always(status: int, body: bytes = b"error") -> Fault:
    return lambda handler, hostile, path, nth: handler.send(status, body, "text/plain")


def _redirect_to(target: Callable[[HostileSite], str]) -> Fault:
    return lambda handler, hostile, path, nth: handler.send(
        302, b"", "text/html", {"Location": target(hostile)}
    )


def _retried_then_offsite(handler: _Handler, hostile: HostileSite, path: str, nth: int) -> None:
    if nth == 1:
        hostile.ask_for_quiet(RETRY_AFTER_SECONDS)
        return handler.send(503, b"busy", "text/plain", {"Retry-After": str(RETRY_AFTER_SECONDS)})
    handler.send(302, b"", "text/html", {"Location": hostile.trap_url() + "after-retry"})


def _meta_refresh(handler: _Handler, hostile: HostileSite, path: str, nth: int) -> None:
    target = hostile.trap_url() + "meta-refresh"
    body = f'<html><head><meta http-equiv="refresh" content="0; url={target}"></head></html>'
    handler.send(200, body.encode(), "text/html; charset=utf-8")


def _refresh_header(handler: _Handler, hostile: HostileSite, path: str, nth: int) -> None:
    headers = {"Refresh": f"0; url={hostile.trap_url()}refresh-header"}
    handler.send(200, hostile.page_bytes(path), "text/html; charset=UTF-8", headers)


def _loop(handler: _Handler, hostile: HostileSite, path: str, nth: int) -> None:
    handler.send(302, b"", "text/html", {"Location": "/loop-b/"})


def _chain(handler: _Handler, hostile: HostileSite, path: str, nth: int) -> None:
    handler.send(302, b"", "text/html", {"Location": "/chain/1/"})


def _huge(handler: _Handler, hostile: HostileSite, path: str, nth: int) -> None:
    """An HTML page that never ends, without Content-Length: only a size cap stops it."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Connection", "close")
    handler.end_headers()
    handler.close_connection = True
    block = b"<p>" + b"All work and no play makes a huge page. " * 25_000 + b"</p>\n"
    handler.wfile.write(b"<html><body class='single single-post postid-1'><article>")
    with _until_client_leaves():
        while True:
            handler.wfile.write(block)


def _gzip_bomb(handler: _Handler, hostile: HostileSite, path: str, nth: int) -> None:
    body = gzip_bomb()
    handler.send(200, body, "text/html; charset=utf-8", {"Content-Encoding": "gzip"})


def _trickle(handler: _Handler, hostile: HostileSite, path: str, nth: int) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Connection", "close")  # no length: only a timeout can end it
    handler.end_headers()
    handler.close_connection = True
    with _until_client_leaves():
        while not handler.server.stopping.is_set():
            handler.wfile.write(b"<")
            handler.wfile.flush()
            time.sleep(0.1)


def _silent(handler: _Handler, hostile: HostileSite, path: str, nth: int) -> None:
    handler.close_connection = True
    handler.server.stopping.wait()


def _pdf(handler: _Handler, hostile: HostileSite, path: str, nth: int) -> None:
    handler.send(200, b"%PDF-1.4\n" + bytes(range(256)) * 400, "application/pdf")


def _binary_as_html(handler: _Handler, hostile: HostileSite, path: str, nth: int) -> None:
    handler.send(200, b"%PDF-1.4\n" + bytes(range(256)) * 400, "text/html")


def _soft_404(handler: _Handler, hostile: HostileSite, path: str, nth: int) -> None:
    handler.send(200, hostile.page_bytes("/no-such-page-here/"), "text/html; charset=UTF-8")


EMPTY_POST = (
    "<!doctype html><html lang='en-US'><head><title>Untitled - MegaloPreneur</title>"
    "<meta property='og:type' content='article'></head>"
    "<body class='post-template-default single single-post postid-9999'><article>"
    "<h1 class='entry-title'></h1><div class='entry-content'></div></article></body></html>"
)


def _empty_post(handler: _Handler, hostile: HostileSite, path: str, nth: int) -> None:
    handler.send(200, EMPTY_POST.encode(), "text/html; charset=UTF-8")


# Enough paragraphs that extraction takes well over the tests' 2 s budget even on a quiet machine
# (20,000 no longer did once extraction got faster), and the page stays under their 4 MiB cap.
SLOW_PARAGRAPHS = 45_000


def _slow_to_extract(handler: _Handler, hostile: HostileSite, path: str, nth: int) -> None:
    filler = "".join(
        f"<p>Paragraph {i} about markets and the quarterly numbers, words words words.</p>"
        for i in range(SLOW_PARAGRAPHS)
    )
    html = _inject_after_content_start(hostile.page_text(path), filler)
    handler.send(200, html.encode(), "text/html; charset=UTF-8")


def _cp1252(label_in_header: bool) -> Fault:
    def fault(handler: _Handler, hostile: HostileSite, path: str, nth: int) -> None:
        html = hostile.page_text(path)
        if label_in_header:
            html = html.replace('<meta charset="UTF-8" />', "")
            content_type = "text/html; charset=iso-8859-1"
        else:
            html = html.replace('<meta charset="UTF-8" />', '<meta charset="windows-1252">')
            content_type = "text/html"
        handler.send(200, html.encode("cp1252", errors="xmlcharrefreplace"), content_type)

    return fault


def _utf8_label_on_cp1252(handler: _Handler, hostile: HostileSite, path: str, nth: int) -> None:
    body = hostile.page_text(path).encode("cp1252", errors="xmlcharrefreplace")
    handler.send(200, body, "text/html; charset=UTF-8")


def _bom(handler: _Handler, hostile: HostileSite, path: str, nth: int) -> None:
    body = b"\xef\xbb\xbf" + hostile.page_bytes(path)
    handler.send(200, body, "text/html; charset=iso-8859-1")


def _nul_bytes(handler: _Handler, hostile: HostileSite, path: str, nth: int) -> None:
    body = hostile.page_bytes(path).replace(b"</p>", b"\x00</p>").replace(b"<h2", b"\x00<h2")
    handler.send(200, body, "text/html; charset=UTF-8")


def _malformed(handler: _Handler, hostile: HostileSite, path: str, nth: int) -> None:
    html = hostile.page_text(path)
    html = html.replace("</p>", "", 3)  # unclosed paragraphs
    html = _inject_after_content_start(html, "</span><b><i>Mis-nested</b></i> <table><tr><td>")
    nest = "<div>" * 3000 + "deep" + "</div>" * 10
    html = html.replace("</body>", nest + "</body>")
    handler.send(200, html.encode(), "text/html; charset=UTF-8")


def _scripts(handler: _Handler, hostile: HostileSite, path: str, nth: int) -> None:
    injected = (
        "<script>stealCookies(document.cookie)</script>"
        '<p onclick="alertFromHandler(1)">A paragraph with a click handler, which is fine.</p>'
        '<img src="x.png" onerror="alertFromHandler(2)">'
        '<p><a href="javascript:evil()">A link that runs code</a> inside normal prose here.</p>'
        "<noscript><script>inlineTracker()</script></noscript>"
    )
    html = _inject_after_content_start(hostile.page_text(path), injected)
    handler.send(200, html.encode(), "text/html; charset=UTF-8")


def _inject_after_content_start(html: str, fragment: str) -> str:
    marker = '<div class="entry-content">'
    return html.replace(marker, marker + fragment, 1)


FAULTS: dict[str, Fault] = {
    "rate-limited": _rate_limited(429, lambda: _seconds(RETRY_AFTER_SECONDS)),
    "rate-limited-again": _rate_limited(429, lambda: _seconds(RETRY_AFTER_SECONDS)),
    "rate-limited-http-date": _rate_limited(503, lambda: _http_date_in(2)),
    "rate-limited-no-header": _rate_limited(429, lambda: (None, 0.0)),
    "flaky-500": _flaky_500,
    "latin1-labelled": _cp1252(label_in_header=True),
    "meta-charset": _cp1252(label_in_header=False),
    "bom-beats-header": _bom,
    MISLABELLED_UTF8: _utf8_label_on_cp1252,
    "nul-bytes": _nul_bytes,
    "malformed-nested": _malformed,
    "scripts": _scripts,
    "refresh-header": _refresh_header,
    "title-sql": _pass_through,
    "title-fts": _pass_through,
    "title-html": _pass_through,
    "redirect-offsite": _redirect_to(lambda h: h.trap_url() + "offsite"),
    "redirect-decimal": _redirect_to(lambda h: h.trap_url("2130706433") + "decimal"),
    "redirect-hex": _redirect_to(lambda h: h.trap_url("0x7f.1") + "hex"),
    "redirect-mapped-ipv6": _redirect_to(lambda h: h.trap_url("[::ffff:127.0.0.1]") + "v6"),
    "redirect-metadata": _redirect_to(lambda h: "http://169.254.169.254/latest/meta-data/"),
    "redirect-file": _redirect_to(lambda h: "file:///etc/passwd"),
    "retried-then-offsite": _retried_then_offsite,
    "meta-refresh-offsite": _meta_refresh,
    "redirect-loop": _loop,
    "redirect-chain": _chain,
    "huge": _huge,
    "gzip-bomb": _gzip_bomb,
    "trickle": _trickle,
    "silent": _silent,
    "pdf": _pdf,
    "binary-as-html": _binary_as_html,
    "soft-404": _soft_404,
    "gone-410": _always(410),
    "missing-404": _always(404),
    "always-500": _always(500),
    "always-429": _always_429,
    "empty-post": _empty_post,
    "slow-to-extract": _slow_to_extract,
}


_HOME_PAGE = re.compile(r"^/(?:page/(\d+)/)?$")


def _home_page_number(path: str) -> int | None:
    """The page number of a home listing path (``/`` is 1), None for any other path."""
    match = _HOME_PAGE.match(path)
    return None if match is None else int(match[1] or 1)


@contextmanager
def _until_client_leaves() -> Iterator[None]:
    """Endless writers stop when the crawler hangs up."""
    try:
        yield
    except (BrokenPipeError, ConnectionResetError):
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    # Else requests sent before a 429 could reach the server 1 s late, inside its Retry-After.
    request_queue_size = LISTEN_BACKLOG

    def __init__(self, address: tuple[str, int], handler: type, hostile: HostileSite):
        super().__init__(address, handler)
        self.hostile = hostile
        self.stopping = threading.Event()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        hostile = self.server.hostile
        path = self.path
        nth = hostile.arrive(path)
        if path == "/robots.txt" and hostile.robots_txt is not None:
            return self.send(200, hostile.robots_txt.encode(), "text/plain; charset=utf-8")
        fault = hostile.faults.get(path)
        if fault is not None:
            return FAULTS[fault](self, hostile, path, nth)
        number = _home_page_number(path)
        if number is not None:
            return self.send(200, hostile.endless_home(number), "text/html; charset=UTF-8")
        if path == "/loop-b/":
            loop_start = next(p for p, n in hostile.faults.items() if n == "redirect-loop")
            return self.send(302, b"", "text/html", {"Location": loop_start})
        if path.startswith("/chain/"):
            step = int(path.split("/")[2])
            return self.send(302, b"", "text/html", {"Location": f"/chain/{step + 1}/"})
        self.pass_through(path)

    def pass_through(self, path: str) -> None:
        response = self.server.hostile.site.render(path, dict(self.headers.items()))
        headers = dict(response.headers)
        content_type = headers.pop("Content-Type", "text/html")
        self.send(response.status, response.body, content_type, headers)

    def send(
        self, status: int, body: bytes, content_type: str, headers: dict | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with _until_client_leaves():
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        """Quiet: the hostile site's own log is ``HostileSite.hits``."""


class _TrapHandler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self.server.hostile.trap_hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        """Quiet: hits are recorded in ``HostileSite.trap_hits``."""


@contextmanager
def serve_hostile(hostile: HostileSite) -> Iterator[str]:
    """Serve the hostile site and its trap; yields the site's base URL."""
    site_server = _Server(("127.0.0.1", 0), _Handler, hostile)
    trap_server = _Server(("127.0.0.1", 0), _TrapHandler, hostile)
    hostile.trap_port = trap_server.server_address[1]
    base_url = f"http://127.0.0.1:{site_server.server_address[1]}/"
    hostile.site.set_base_url(base_url)
    threads = [
        threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        for s in (site_server, trap_server)
    ]
    for thread in threads:
        thread.start()
    try:
        yield base_url
    finally:
        for server in (site_server, trap_server):
            server.stopping.set()
            server.shutdown()
            server.server_close()
        for thread in threads:
            thread.join()


@dataclass
class MeasuredCrawl:
    returncode: int
    stderr: str
    seconds: float
    peak_rss: int  # bytes, the crawl process and all its children together


def run_measured_crawl(
    base_url: str, db_path: Path, settings: dict[str, str], timeout: float = 120
) -> MeasuredCrawl:
    """``scrapy crawl`` as :func:`archiver.localcrawl.run_crawl` runs it, sampling memory."""
    command = crawl_command(base_url, db_path, settings=settings)
    log_path = db_path.with_suffix(".log")
    started = time.monotonic()
    peak = 0
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            stdout=subprocess.DEVNULL,
            stderr=log,
            env={**os.environ, "SCRAPY_SETTINGS_MODULE": "archiver.settings"},
        )
        watched = psutil.Process(process.pid)
        while process.poll() is None:
            peak = max(peak, _tree_rss(watched))
            if time.monotonic() - started > timeout:
                process.kill()
                process.wait()
                break
            time.sleep(0.05)
    seconds = time.monotonic() - started
    return MeasuredCrawl(process.returncode, log_path.read_text(), seconds, peak)


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    try:
        for member in [process, *process.children(recursive=True)]:
            total += member.memory_info().rss
    except psutil.Error:  # a child ended between listing and reading
        pass
    return total


def decompressed_size(body: bytes) -> int:
    """Inflated size of a gzip body, streamed (for the bomb's own test)."""
    inflater = zlib.decompressobj(31)
    total = 0
    data = body
    while data:
        total += len(inflater.decompress(data, 1 << 24))
        data = inflater.unconsumed_tail
    return total + len(inflater.flush())
