"""One request per canonical URL: Scrapy's request fingerprinter and dupefilter, canonicalised.

Stock Scrapy fingerprints ``w3lib.url.canonicalize_url(request.url)``, which keeps tracking
parameters, ``?share=``, ``/amp/``, a missing trailing slash and default ports, so one article
was fetched (and stored) under up to seven URLs. Here the fingerprint is the
``archiver.urls.canonicalize`` form instead.

The hook is the fingerprinter (``REQUEST_FINGERPRINTER_CLASS``), because every Scrapy component
that asks "is this the same request?" goes through it: the dupefilter, and also the HTTP cache,
whose keys become canonical so a cached article is found under any of its spellings. The
dupefilter class only adds bookkeeping (how many requests canonicalisation saved) and makes sure
it fingerprints canonically even when the setting is missing. Settings::

    REQUEST_FINGERPRINTER_CLASS = "archiver.dupefilter.CanonicalRequestFingerprinter"
    DUPEFILTER_CLASS = "archiver.dupefilter.CanonicalDupeFilter"

``dont_filter=True`` requests bypass both, as in stock Scrapy (the scheduler never asks the
dupefilter about them).
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from scrapy.dupefilters import RFPDupeFilter
from scrapy.utils.job import job_dir
from scrapy.utils.request import fingerprint as stock_fingerprint

from archiver.urls import canonicalize

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

CANONICAL_FILTERED_STAT = "dupefilter/canonical_filtered"


class CanonicalRequestFingerprinter:
    """Fingerprint = SHA-1 of the request method, canonical URL and body.

    The body is part of it so that two POSTs to one URL stay distinct; for the GETs a crawl
    makes it is empty. Headers and fragments are ignored, as in stock Scrapy.
    """

    def __init__(self) -> None:
        # Scrapy asks several times per request (scheduler, cache); canonicalising is not free.
        self._cache: WeakKeyDictionary[Request, bytes] = WeakKeyDictionary()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CanonicalRequestFingerprinter:
        return cls()

    def fingerprint(self, request: Request) -> bytes:
        if request not in self._cache:
            self._cache[request] = canonical_fingerprint(request.method, request.url, request.body)
        return self._cache[request]


def canonical_fingerprint(method: str, url: str, body: bytes = b"") -> bytes:
    """SHA-1 digest identifying a request by its method, canonical URL and body."""
    data = {"method": method.upper(), "url": canonicalize(url), "body": body.hex()}
    return hashlib.sha1(json.dumps(data, sort_keys=True).encode()).digest()


class CanonicalDupeFilter(RFPDupeFilter):
    """RFPDupeFilter on canonical fingerprints that counts what canonicalisation saved.

    ``dupefilter/canonical_filtered`` (crawler stats) counts the duplicates dropped that stock
    Scrapy would have fetched again: requests whose plain w3lib fingerprint was new but whose
    canonical one was not (``?utm_source=x``, ``?share=twitter``, ``/amp/``, a missing slash,
    ``:443``; ``#comments`` and ``%2D`` stock Scrapy folds already). It is per run: a resumed
    job (JOBDIR) reloads the canonical fingerprints only.
    """

    def __init__(
        self,
        path: str | None = None,
        debug: bool = False,
        *,
        fingerprinter: CanonicalRequestFingerprinter | None = None,
        stats: StatsCollector | None = None,
    ) -> None:
        super().__init__(
            path, debug, fingerprinter=fingerprinter or CanonicalRequestFingerprinter()
        )
        self.stats = stats
        # Stock fingerprints of the spellings met per canonical fingerprint, kept only where a
        # spelling is not the canonical URL itself (rare: the spider asks canonical URLs). One
        # stock fingerprint per request cost ~50 us and ~200 bytes for the whole run.
        self._spellings: dict[bytes, set[bytes]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CanonicalDupeFilter:
        # Share the crawler's fingerprinter when it is already canonical (one cache for the
        # scheduler and the HTTP cache); otherwise fingerprint canonically anyway.
        fingerprinter = crawler.request_fingerprinter
        if not isinstance(fingerprinter, CanonicalRequestFingerprinter):
            fingerprinter = CanonicalRequestFingerprinter()
        return cls(
            job_dir(crawler.settings),
            crawler.settings.getbool("DUPEFILTER_DEBUG"),
            fingerprinter=fingerprinter,
            stats=crawler.stats,
        )

    def request_seen(self, request: Request) -> bool:
        seen = super().request_seen(request)
        if self.stats is not None and self._stock_would_fetch(request, seen):
            self.stats.inc_value(CANONICAL_FILTERED_STAT)
        return seen

    def _stock_would_fetch(self, request: Request, seen: bool) -> bool:
        """Whether stock Scrapy would fetch this request: its plain fingerprint is new.

        A request whose URL is its canonical form has the stock fingerprint of that form, so
        only other spellings need remembering; the canonical one is rebuilt when a duplicate
        comes (duplicates are few: the spider filters by canonical URL before asking).
        """
        key = self.fingerprinter.fingerprint(request)
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
