"""One request per canonical URL: Scrapy's request fingerprinter and dupefilter, canonicalised.

Stock Scrapy fingerprints ``w3lib.url.canonicalize_url(request.url)``, which keeps tracking
parameters, ``?share=``, ``/amp/``, a missing trailing slash and default ports, so one article
was fetched (and stored) under up to seven URLs. Here a request is known by ``request_identity``
instead: its ``archiver.urls.canonicalize`` URL (with the method and body when it is no plain GET).

Both Scrapy hooks use it. The fingerprinter (``REQUEST_FINGERPRINTER_CLASS``) serves every other
component that asks "is this the same request?", such as the HTTP cache, whose keys become
canonical so a cached article is found under any of its spellings. The dupefilter keeps what it
let through as ``archiver.frontier.url_key`` digests in the frontier's URL table when the spider
has a frontier (one entry per URL for the run's asked, listed and requested URLs: the frontier
asked most of what the scheduler is handed), in a table of its own otherwise; it also counts how
many requests canonicalisation saved. Settings::

    REQUEST_FINGERPRINTER_CLASS = "archiver.dupefilter.CanonicalRequestFingerprinter"
    DUPEFILTER_CLASS = "archiver.dupefilter.CanonicalDupeFilter"

``dont_filter=True`` requests bypass both, as in stock Scrapy (the scheduler never asks the
dupefilter about them). With ``JOBDIR``, the digests are kept in ``requests.seen``, in Scrapy's
own layout (each entry its 2-byte length, then its 8 bytes).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from scrapy.dupefilters import RFPDupeFilter
from scrapy.utils.job import job_dir
from scrapy.utils.request import fingerprint as stock_fingerprint

from archiver.frontier import REQUESTED, Frontier, UrlSet, UrlTable, url_key
from archiver.urls import canonicalize

if TYPE_CHECKING:
    from collections.abc import Iterator

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

CANONICAL_FILTERED_STAT = "dupefilter/canonical_filtered"
_KEY_BYTES = 8  # a url_key
_LENGTH_BYTES = 2  # Scrapy's requests.seen: each entry's length first


def request_identity(method: str, url: str, body: bytes = b"") -> str:
    """What tells a request from another: its canonical URL for a GET without a body (as the
    frontier knows the URLs it asks), else its method, canonical URL and body. Headers and
    fragments are ignored, as in stock Scrapy."""
    canonical = canonicalize(url)
    if method.upper() == "GET" and not body:
        return canonical
    return f"{method.upper()} {canonical} {body.hex()}"


class CanonicalRequestFingerprinter:
    """Fingerprint = SHA-1 of the request's ``request_identity``."""

    def __init__(self) -> None:
        # Scrapy asks several times per request (scheduler, cache); canonicalising is not free.
        self._cache: WeakKeyDictionary[Request, bytes] = WeakKeyDictionary()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CanonicalRequestFingerprinter:
        return cls()

    def fingerprint(self, request: Request) -> bytes:
        if request not in self._cache:
            identity = request_identity(request.method, request.url, request.body)
            self._cache[request] = hashlib.sha1(identity.encode()).digest()
        return self._cache[request]


class CanonicalDupeFilter(RFPDupeFilter):
    """The dupefilter on ``request_identity`` digests, counting what canonicalisation saved.

    ``table``: the URL table to keep them in (the frontier's; None: one of its own).
    ``dupefilter/canonical_filtered`` (crawler stats) counts the duplicates dropped that stock
    Scrapy would have fetched again: requests whose plain w3lib fingerprint was new but whose
    canonical identity was not (``?utm_source=x``, ``?share=twitter``, ``/amp/``, a missing slash,
    ``:443``; ``#comments`` and ``%2D`` stock Scrapy folds already). It is per run: a resumed
    job (JOBDIR) reloads the canonical digests only.
    """

    def __init__(
        self,
        path: str | None = None,
        debug: bool = False,
        *,
        fingerprinter: CanonicalRequestFingerprinter | None = None,
        stats: StatsCollector | None = None,
        table: UrlTable | None = None,
    ) -> None:
        # The file is this class's (digests, not fingerprints): the parent is given no path.
        super().__init__(
            None, debug, fingerprinter=fingerprinter or CanonicalRequestFingerprinter()
        )
        self.stats = stats
        self.requested = UrlSet(table=table, bit=REQUESTED)
        # Stock fingerprints of the spellings met per canonical digest, kept only where a
        # spelling is not the canonical URL itself (rare: the spider asks canonical URLs). One
        # stock fingerprint per request cost ~50 us and ~200 bytes for the whole run.
        self._spellings: dict[int, set[bytes]] = {}
        if path:
            self.file = Path(path, "requests.seen").open("a+b")
            self.file.seek(0)
            for key in _read_keys(self.file.read()):
                self.requested.add_key(key)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CanonicalDupeFilter:
        # Share the crawler's fingerprinter when it is already canonical (one cache for every
        # component that fingerprints); otherwise fingerprint canonically anyway.
        fingerprinter = crawler.request_fingerprinter
        if not isinstance(fingerprinter, CanonicalRequestFingerprinter):
            fingerprinter = CanonicalRequestFingerprinter()
        frontier = getattr(crawler.spider, "frontier", None)
        return cls(
            job_dir(crawler.settings),
            crawler.settings.getbool("DUPEFILTER_DEBUG"),
            fingerprinter=fingerprinter,
            stats=crawler.stats,
            table=frontier.urls if isinstance(frontier, Frontier) else None,
        )

    def request_seen(self, request: Request) -> bool:
        identity = request_identity(request.method, request.url, request.body)
        key = url_key(identity)
        seen = not self.requested.add_key(key)
        if not seen and self.file:
            self.file.write(
                _KEY_BYTES.to_bytes(_LENGTH_BYTES, "big") + key.to_bytes(_KEY_BYTES, "big")
            )
        if self.stats is not None and self._stock_would_fetch(request, key, seen):
            self.stats.inc_value(CANONICAL_FILTERED_STAT)
        return seen

    def _stock_would_fetch(self, request: Request, key: int, seen: bool) -> bool:
        """Whether stock Scrapy would fetch this request: its plain fingerprint is new.

        A request whose URL is its canonical form has the stock fingerprint of that form, so
        only other spellings need remembering; the canonical one is rebuilt when a duplicate
        comes (duplicates are few: the spider filters by canonical URL before asking).
        """
        canonical = canonicalize(request.url)
        if not seen:
            if request.url != canonical:
                self._spellings[key] = {stock_fingerprint(request)}
            return False
        spellings = self._spellings.get(key)
        if spellings is None:
            spellings = self._spellings[key] = {stock_fingerprint(request.replace(url=canonical))}
        stock = stock_fingerprint(request)
        if stock in spellings:
            return False
        spellings.add(stock)
        return True


def _read_keys(data: bytes) -> Iterator[int]:
    """The digests of a ``requests.seen``; entries of another size (the SHA-1 fingerprints this
    filter kept before) are left: those requests are asked once more. A last entry cut short by
    an unclean shutdown is left too."""
    position = 0
    while position + _LENGTH_BYTES <= len(data):
        size = int.from_bytes(data[position : position + _LENGTH_BYTES], "big")
        position += _LENGTH_BYTES
        entry = data[position : position + size]
        position += size
        if size == _KEY_BYTES and len(entry) == size:
            yield int.from_bytes(entry, "big")
