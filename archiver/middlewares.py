"""Downloader middlewares that keep a crawl polite, inside its site and bounded on hostile servers.

* :class:`SiteBoundaryMiddleware` (first in the chain) refuses every request that leaves the site
  or reaches a private address (:mod:`archiver.netguard`): links, retries, ``dont_filter`` requests,
  robots.txt fetches and the requests that the redirect and meta-refresh middlewares re-schedule,
  since those all pass through the chain again.
* :class:`RedirectGuardMiddleware` (just before Scrapy's redirect middleware sees a response) ends a
  redirect loop, an over-long chain or a hop off the site with a logged error and a failure the
  spider records, instead of Scrapy's silent debug-level discard.
* :class:`PolitenessMiddleware` (in place of Scrapy's ``RetryMiddleware``) backs a host off on 429
  and 503 for as long as ``Retry-After`` asks (seconds or HTTP-date) by delaying its download slot,
  never by sleeping the reactor; applies robots.txt ``Crawl-delay`` to the slot; keeps both floors
  under AutoThrottle; and skips bodies whose ``Content-Type`` is not a document at the headers.

* :class:`RobotsPolicyMiddleware` (in place of Scrapy's ``RobotsTxtMiddleware``) obeys robots.txt
  the same way, naming its refusals.

Every refusal raises an :class:`~scrapy.exceptions.IgnoreRequest` subclass named for its cause, so
the spider's errback records ``ForbiddenDestination``, ``RedirectLoop`` or ``TooManyRedirects`` in
the run's failures (``ForbiddenByRobots`` as ``refused-by-robots``, which the run does not count).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from time import monotonic
from typing import Any
from urllib.parse import urljoin

from scrapy import signals
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest, StopDownload
from scrapy.http import HtmlResponse, Request, Response
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred
from w3lib import html
from w3lib.url import safe_url_string

from archiver.charsets import head_text
from archiver.netguard import Site, destination_problem

logger = logging.getLogger(__name__)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RATE_LIMIT_STATUSES = frozenset({429, 503})
# Media types worth downloading whole: pages, feeds, sitemaps, robots.txt and the REST API.
DOCUMENT_TYPES = ("text/", "application/xhtml", "application/xml", "application/json")
DOCUMENT_SUFFIXES = ("+xml", "+json")
# A sitemap may be a ``.xml.gz`` file, which hosts label as a gzip archive or as mere bytes.
GZIP_FILE_TYPES = ("application/gzip", "application/x-gzip", "application/octet-stream")


class ForbiddenDestination(IgnoreRequest):
    """A request (or redirect hop) to another site, a private address or a non-web scheme."""


class ForbiddenByRobots(IgnoreRequest):
    """A URL the site's robots.txt disallows: the owner's policy, not a failure of the page."""


class RedirectLoop(IgnoreRequest):
    """A redirect that leads back to a URL already visited in the same chain."""


class TooManyRedirects(IgnoreRequest):
    """A redirect chain longer than ``REDIRECT_MAX_TIMES``."""


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP-date; None if absent
    or unreadable. A date in the past means "now" (0)."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:  # HTTP-dates are GMT by definition
        moment = moment.replace(tzinfo=timezone.utc)
    return max(0.0, (moment - now).total_seconds())


def is_document_type(content_type: str, kind: str | None = None) -> bool:
    """Whether a ``Content-Type`` names something worth downloading whole (missing counts);
    ``kind``: what the request asked for (a sitemap may come as a gzip file)."""
    media_type = content_type.split(";", 1)[0].strip().lower()
    return (
        not media_type
        or media_type.startswith(DOCUMENT_TYPES)
        or media_type.endswith(DOCUMENT_SUFFIXES)
        or (kind == "sitemap" and media_type in GZIP_FILE_TYPES)
    )


def _spider_site(crawler: Any) -> Site:
    spider = crawler.spider
    base_url = getattr(spider, "base_url", None) or f"https://{spider.allowed_domains[0]}/"
    return Site.from_base_url(base_url)


class SiteBoundaryMiddleware:
    """Refuse any request whose URL is off the site, on a private address or not http(s)."""

    def __init__(self, crawler: Any):
        self.crawler = crawler
        self._site: Site | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> SiteBoundaryMiddleware:
        return cls(crawler)

    @property
    def site(self) -> Site:
        if self._site is None:  # the spider (and its base URL) exists only once the crawl opens
            self._site = _spider_site(self.crawler)
        return self._site

    def process_request(self, request: Request) -> None:
        problem = destination_problem(request.url, self.site)
        if problem:
            refuse(self.crawler, request.url, problem, request.meta.get("redirect_urls"))


def refuse(crawler: Any, url: str, problem: str, came_from: list[str] | None = None) -> None:
    """Log, count and raise the refusal of a destination."""
    via = f" (redirected from {came_from[-1]})" if came_from else ""
    logger.error("Refused %s: %s%s", url, problem, via)
    crawler.stats.inc_value("archiver/refused")
    crawler.stats.inc_value(f"archiver/refused/{problem}")
    raise ForbiddenDestination(f"{problem}: {url}{via}")


class RobotsPolicyMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, refusing with :class:`ForbiddenByRobots` so the run can
    tell a disallowed URL (skipped by design) from one that failed.

    It also closes a hole in Scrapy 2.19: every request that waits for robots.txt awaits the same
    Deferred through ``asFuture()``, whose callback returns None, so only the first waiter gets the
    parser and the others (the spider's start requests) were let through unchecked. The parser
    cached once robots.txt is read is the one that counts.
    """

    async def robot_parser(self, request: Request) -> Any:
        parser = await super().robot_parser(request)
        cached = self._parsers.get(urlparse_cached(request).netloc)
        return cached if parser is None and not isinstance(cached, Deferred) else parser

    def process_request_2(self, rp: Any, request: Request) -> None:
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest as refusal:
            raise ForbiddenByRobots(f"{refusal}: {request.url}") from None


class RedirectGuardMiddleware:
    """Check each redirect before Scrapy follows it: loops, chain length and destination."""

    def __init__(self, crawler: Any, max_redirects: int):
        self.crawler = crawler
        self.max_redirects = max_redirects
        self._site: Site | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> RedirectGuardMiddleware:
        return cls(crawler, crawler.settings.getint("REDIRECT_MAX_TIMES"))

    def process_response(self, request: Request, response: Response) -> Response:
        target = redirect_target(request, response)
        if target is None:
            return response
        if self._site is None:
            self._site = _spider_site(self.crawler)
        chain = [*request.meta.get("redirect_urls", []), request.url]
        problem = destination_problem(target, self._site)
        if problem:
            refuse(self.crawler, target, problem, chain)
        if target in chain:
            logger.error("Redirect loop at %s: %s", request.url, " -> ".join([*chain, target]))
            self.crawler.stats.inc_value("archiver/redirect_loops")
            raise RedirectLoop(f"redirect loop back to {target} after {len(chain)} hops")
        if len(chain) > self.max_redirects:
            logger.error("More than %d redirects from %s", self.max_redirects, chain[0])
            self.crawler.stats.inc_value("archiver/redirect_chains_too_long")
            raise TooManyRedirects(f"more than {self.max_redirects} redirects from {chain[0]}")
        return response


def redirect_target(request: Request, response: Response) -> str | None:
    """The absolute URL a 3xx response sends to, when Scrapy's redirect middleware would follow."""
    if (
        response.status not in REDIRECT_STATUSES
        or b"Location" not in response.headers
        or request.meta.get("dont_redirect")
        or request.meta.get("handle_httpstatus_all")
        or response.status in request.meta.get("handle_httpstatus_list", ())
    ):
        return None
    location = response.headers[b"Location"]
    if location.startswith(b"//"):  # scheme-relative: keep the request's scheme
        location = request.url.split(":", 1)[0].encode() + b":" + location
    return urljoin(request.url, safe_url_string(location))


class _NoReferer:
    """Scrapy's redirect handling for a crawl that sends no Referer at all.

    ``RefererMiddleware`` is off (settings.py); Scrapy's redirect middlewares look for it when the
    engine starts, to carry the Referer over each hop, and warn on every run when it is missing.
    With no Referer ever set there is nothing to carry: the hop drops any, and nothing to warn of.
    """

    def handle_referer(self, request: Request, response: Response) -> None:
        request.headers.pop("Referer", None)

    def _engine_started(self) -> None:
        """Scrapy's look-up of RefererMiddleware (and its warning): not needed, see above."""


class NoRefererRedirectMiddleware(_NoReferer, RedirectMiddleware):
    """Scrapy's ``RedirectMiddleware`` (3xx), without Referer bookkeeping."""


class NoRefererMetaRefreshMiddleware(_NoReferer, MetaRefreshMiddleware):
    """Scrapy's ``MetaRefreshMiddleware`` (``<meta http-equiv=refresh>``), without Referer
    bookkeeping, reading the refresh from the page's first characters only.

    Scrapy's reads ``response.text[0:4096]``, which decodes the whole page and caches the text on
    the response; the response lives until its item is processed, so every article page waiting
    for an extraction worker held its text beside its bytes. Same rule, same redirects.
    """

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if (
            request.meta.get("dont_redirect", False)
            or request.method == "HEAD"
            or not isinstance(response, HtmlResponse)
            or urlparse_cached(request).scheme not in _WEB_SCHEMES
        ):
            return response
        interval, url = _meta_refresh(response, self._ignore_tags)
        if not url:
            return response
        redirected = self._redirect_request_using_get(request, response, url)
        if urlparse_cached(redirected).scheme not in _WEB_SCHEMES:
            return response
        if interval < self._maxdelay:
            return self._redirect(redirected, request, "meta refresh")
        return response


_WEB_SCHEMES = frozenset({"http", "https"})
# As many characters as Scrapy's ``get_meta_refresh`` and ``get_base_url`` read of a page.
_HEAD_CHARS = 4096


def _meta_refresh(response: HtmlResponse, ignore_tags: list[str]) -> tuple[Any, Any]:
    """``scrapy.utils.response.get_meta_refresh`` of ``response``, on its head's text alone."""
    head = head_text(response.body, response.encoding, _HEAD_CHARS)
    base = html.get_base_url(head, response.url, response.encoding)
    return html.get_meta_refresh(head, base, response.encoding, ignore_tags=ignore_tags)


@dataclass
class Backoff:
    """A slot held back after a 429/503, and the delay it had before."""

    until: float  # monotonic time
    saved_delay: float
    saved_jitter: float


class PolitenessMiddleware(RetryMiddleware):
    """Retry 429/503 after ``Retry-After`` per host; Crawl-delay floors; skip non-document bodies.

    A backed-off host's slot sends nothing until the wait ends (its ``lastseen`` is moved to now and
    its delay to the wait, jitter off), then one request per wait until a response arrives after
    the deadline, which restores the slot's delay. Other hosts and the reactor carry on. Without a
    ``Retry-After`` the wait doubles per try from ``ARCHIVER_BACKOFF_BASE``; a server asking for
    more than ``ARCHIVER_RETRY_AFTER_MAX`` seconds gets no retry (the page is a failure this run).
    """

    def __init__(
        self,
        settings: Any,
        crawler: Any,
        *,
        rate_limit_retries: int,
        backoff_base: float,
        max_wait: float,
    ):
        super().__init__(settings)
        self.crawler = crawler
        self.rate_limit_retries = rate_limit_retries
        self.backoff_base = backoff_base
        self.max_wait = max_wait
        self.backoffs: dict[str, Backoff] = {}
        self.crawl_delays: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> PolitenessMiddleware:
        settings = crawler.settings
        middleware = cls(
            settings,
            crawler,
            rate_limit_retries=settings.getint("ARCHIVER_RATE_LIMIT_RETRIES"),
            backoff_base=settings.getfloat("ARCHIVER_BACKOFF_BASE"),
            max_wait=settings.getfloat("ARCHIVER_RETRY_AFTER_MAX"),
        )
        # Connected after AutoThrottle (extensions load first), so these run after it adjusts.
        crawler.signals.connect(middleware.robots_parsed, signal=signals.robots_parsed)
        crawler.signals.connect(
            middleware.request_reached, signal=signals.request_reached_downloader
        )
        crawler.signals.connect(middleware.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(middleware.headers_received, signal=signals.headers_received)
        return middleware

    # --- 429 / 503 ------------------------------------------------------------------------------

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in RATE_LIMIT_STATUSES or request.meta.get("dont_retry"):
            return super().process_response(request, response)
        wait = self._wait(request, response)
        if wait > self.max_wait:
            logger.error(
                "%s asks to wait %.0f s (> ARCHIVER_RETRY_AFTER_MAX): not retried this run",
                request.url,
                wait,
            )
            return response
        retry = get_retry_request(
            request,
            spider=self.crawler.spider,
            reason=f"{response.status} (retry after {wait:g} s)",
            max_retry_times=self.rate_limit_retries,
        )
        return retry or response

    def _wait(self, request: Request, response: Response) -> float:
        """Seconds the server asks for, or the doubling back-off when it does not say."""
        header = response.headers.get(b"Retry-After")
        asked = retry_after_seconds(
            header.decode("latin-1") if header else None, datetime.now(timezone.utc)
        )
        if asked is not None:
            return asked
        return self.backoff_base * 2 ** request.meta.get("retry_times", 0)

    def back_off(self, slot_key: str | None, wait: float) -> None:
        """Send nothing more to this slot for ``wait`` seconds from now."""
        slot = self.crawler.engine.downloader.slots.get(slot_key)
        if slot is None:
            return
        now = monotonic()
        state = self.backoffs.get(slot_key)
        if state is None:
            state = self.backoffs[slot_key] = Backoff(now, slot.delay, slot.jitter)
        state.until = max(state.until, now + wait)
        # The slot sends its next request `delay` after `lastseen`: both set so the next one
        # leaves at `until`, and jitter off since it would shorten the wait.
        slot.lastseen = now
        slot.delay = max(state.until - now, self.crawl_delays.get(slot_key, 0.0))
        slot.jitter = 0.0
        logger.info("Backing off %s for %.1f s", slot_key, state.until - now)

    # --- slot floors ----------------------------------------------------------------------------

    def robots_parsed(self, robotparser: Any, request: Request) -> None:
        settings = self.crawler.settings
        agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT")
        delay = robotparser.crawl_delay(agent)
        if not delay:
            return
        key = self.crawler.engine.downloader.get_slot_key(request)
        self.crawl_delays[key] = float(delay)
        self.crawler.stats.set_value("archiver/crawl_delay", float(delay))
        logger.info("robots.txt asks %s for a Crawl-delay of %s s", key, delay)
        self._apply_floor(key)

    def request_reached(self, request: Request) -> None:
        # A slot is (re)created idle after Scrapy's slot GC: give it the host's floor again.
        self._apply_floor(request.meta.get("download_slot"))

    def response_downloaded(self, response: Response, request: Request) -> None:
        key = request.meta.get("download_slot")
        if response.status in RATE_LIMIT_STATUSES and not request.meta.get("dont_retry"):
            # Here, not in process_response: the downloader refills the slot from its queue right
            # after this signal, before any middleware sees the response.
            self.crawler.stats.inc_value(f"archiver/backoff/{response.status}")
            self.back_off(key, min(self._wait(request, response), self.max_wait))
            return
        state = self.backoffs.get(key)
        slot = self.crawler.engine.downloader.slots.get(key)
        if (
            state is not None
            and slot is not None
            and monotonic() >= state.until
            and response.status not in RATE_LIMIT_STATUSES
        ):
            slot.delay, slot.jitter = state.saved_delay, state.saved_jitter
            del self.backoffs[key]
            logger.info("%s answers again: back-off over", key)
        self._apply_floor(key)

    def _apply_floor(self, key: str | None) -> None:
        """Keep a slot at or above its Crawl-delay, whatever AutoThrottle computed."""
        floor = self.crawl_delays.get(key)
        slot = self.crawler.engine.downloader.slots.get(key)
        if floor is None or slot is None:
            return
        # Crawl-delay is a minimum: jitter (±50 % by default) would go under it.
        slot.jitter = 0.0
        slot.delay = max(slot.delay, floor)

    # --- bodies that are not documents ----------------------------------------------------------

    def headers_received(self, headers: Any, request: Request) -> None:
        content_type = (headers.get(b"Content-Type") or b"").decode("latin-1")
        if not is_document_type(content_type, request.meta.get("kind")):
            self.crawler.stats.inc_value("archiver/skipped_not_document")
            # fail=False: the callback still gets the (empty-bodied) response and records it.
            raise StopDownload(fail=False)
