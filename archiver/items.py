"""Items the spider hands to the pipelines: what was fetched, never what it means.

The spider only discovers and fetches; it does not extract nor write. A fetched article page becomes
a :class:`FetchedPage`, which the extraction pipeline turns into an ``Article``; the other items
report what the archive must learn about a URL without new content (unchanged, gone, failed).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Reason prefix of a PageFailed for a page that answered fine but holds no article (soft 404,
# private post, attachment): listed in the failures table, not counted against the run.
NOT_ARTICLE = "not-article"
# Reason of a request robots.txt forbids: never sent, listed, no outcome of the run.
REFUSED_BY_ROBOTS = "refused-by-robots"
# Crawl stat the spider sets when the site answered but nothing showed an article: the run
# fails with this stat's text as its reason (see ``ArchivePipeline.finish_run``).
NO_ARTICLES_FOUND = "archiver/no_articles_found"


# What a failed download is called in the ledger and the run summary, by exception class name
# (Scrapy's own, and the Twisted ones it may pass on unwrapped); any other keeps its class name.
_DOWNLOAD_CAUSES = {
    "DownloadConnectionRefusedError": "connection-refused",
    "ConnectionRefusedError": "connection-refused",
    "CannotResolveHostError": "dns",
    "DNSLookupError": "dns",
    "DownloadTimeoutError": "timeout",
    "TimeoutError": "timeout",
    "TCPTimedOutError": "timeout",
    "UserTimeoutError": "timeout",
    "DownloadFailedError": "connection-lost",
    "ResponseFailed": "connection-lost",
    "ResponseNeverReceived": "connection-lost",
    "ConnectionLost": "connection-lost",
    "ConnectionDone": "connection-lost",
}


def download_failure_reason(exception: BaseException) -> str:
    """The ``PageFailed.reason`` of a request that got no response: ``connection-refused``,
    ``dns``, ``timeout``, ``connection-lost``, or the exception's class name."""
    name = type(exception).__name__
    return _DOWNLOAD_CAUSES.get(name, name)


@dataclass
class FetchedPage:
    """An HTML page that the spider believes (from page evidence) to be an article.

    For a WordPress post the evidence is its ``<body>`` classes alone: the extraction worker
    confirms the page type on its own parse, and a page that holds no article becomes a
    ``PageFailed`` with a ``NOT_ARTICLE`` reason there.
    """

    url: str  # the response URL, after redirects
    # The page as fetched, and the charset its response declared (header, BOM or meta): the
    # extraction worker decodes it (``archiver.charsets.page_text``), so the crawl process does
    # not hold its text, often twice the bytes, while the page waits for a worker.
    body: bytes
    encoding: str
    status: int
    fetched_at: str  # ISO 8601 with offset
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    aliases: list[str] = field(default_factory=list)  # other URLs that led here (redirects, links)
    profile: str | None = None  # the site profile it was crawled under (whose chrome to remove)


@dataclass
class PageUnchanged:
    """The server answered 304 Not Modified to a conditional re-check."""

    url: str
    fetched_at: str


@dataclass
class PageGone:
    """An archived article now answers 404 or 410: keep it, mark when it disappeared."""

    url: str
    status: int
    fetched_at: str


@dataclass
class PageFailed:
    """A request that ended without a usable page; recorded in the run ledger."""

    url: str
    kind: str  # what was asked: article, listing, feed, sitemap, rest
    reason: str  # short machine-readable cause: http-500, timeout, dns, connection-refused, ...
    message: str = ""
    status: int | None = None

    @property
    def failure_kind(self) -> str:
        """The ``failures.kind`` to store: what was asked, or ``not-article`` for a fine page."""
        return NOT_ARTICLE if self.reason.startswith(NOT_ARTICLE) else self.kind

    @property
    def outcome(self) -> str | None:
        """How the run counts it: ``not_article``, ``failed``, or None (never asked)."""
        if self.reason == REFUSED_BY_ROBOTS:
            return None
        return "not_article" if self.failure_kind == NOT_ARTICLE else "failed"
