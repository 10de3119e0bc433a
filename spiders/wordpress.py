"""Discovery for news sites: which pages to ask for, and in what order.

``WordPressSpider`` (``scrapy crawl wordpress -a base_url=https://example.com/``) walks a site's
listings (home, category, tag, author and date archives with their pagination), feeds, sitemaps and
REST API, and fetches the articles they announce. Where those are and how their URLs look is the
site profile's (``archiver.profiles``): ``wordpress`` here, chosen from the home page by
``NewsSpider`` (``scrapy crawl news``), which also crawls sites of any other kind by structure. It never extracts nor writes: article pages leave
as :class:`archiver.items.FetchedPage` items for the pipelines.

The archive is the crawl state. At start the spider reads (read-only) what the archive holds, and:

* **fresh mode** (default, the scheduled job): asks the home page and its pagination until
  ``ARCHIVER_LISTING_STOP_AFTER`` consecutive pages bring no unknown article, the feeds, the
  sitemaps and the REST ``modified_after`` route; fetches unknown articles, and re-checks a known
  one only when a signal (sitemap ``lastmod``, feed ``updated``, REST ``modified``) says it changed,
  when its age-based re-check is due (``storage.recheck_due``), or when it vanished from a complete
  sitemap (so a deletion is noticed);
* **backfill mode** (``-a mode=backfill``, and always until one backfill run has completed):
  walks the home listing to its end as well, and every category, tag, author and date listing
  while it shows articles the run has not found yet (see ``Frontier.is_barren``). A killed backfill
  resumes where it stopped, because what was written is known and not fetched again.

Links are canonicalised and checked against the traps (search, calendar, comment, share, admin, API
links) and against what this run already asked *before* a Request is built, so the queue only ever
holds pages that can bring something new.
"""

from __future__ import annotations

import functools
import json
from collections.abc import AsyncIterator, Generator, Iterable, Iterator
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.selector import Selector
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import sitemap_urls_from_robots
from twisted.python.failure import Failure

from archiver.charsets import page_text
from archiver.discovery import (
    listing_page,
    page_url,
    parse_feed,
    parse_rest_posts,
    parse_sitemap,
)
from archiver.frontier import Ask, Frontier, ListingSeries
from archiver.items import (
    NO_ARTICLES_FOUND,
    NOT_ARTICLE,
    REFUSED_BY_ROBOTS,
    FetchedPage,
    PageFailed,
    PageGone,
    PageUnchanged,
    download_failure_reason,
)
from archiver.middlewares import ForbiddenByRobots
from archiver.pageshape import listing_links, type_and_canonical
from archiver.profiles import (
    GENERIC,
    NO_WORDS,
    SiteProfile,
    Vocabulary,
    detect_profile,
    profile_named,
)
from archiver.urls import canonicalize
from storage import HOME_PAGE_REACHED, load_crawl_state

# A backfill asks the home pages this far ahead of each page read, when the pagination shows they
# exist: a home page waits behind a full window of article responses before it is parsed, so a
# walk one page at a time (200 pages on 2,000 posts) was left mostly for after the last article.
HOME_PAGES_AHEAD = 8

# Requests waiting in Scrapy's scheduler above which articles wait in the frontier's backlog as
# (url, reason) pairs instead. A queued Request with its headers and meta is ~1.5 KB, and the
# listings and sitemaps announce articles far faster than they are extracted: on 20,000 posts the
# scheduler held 14,000 requests at its peak and the crawl process grew 50 MB larger than on 5,000.
SCHEDULER_BACKLOG_ROOM = 256


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _then_backlog(callback: Any) -> Any:
    """A callback that, after its own output, tops the scheduler up from the article backlog."""

    @functools.wraps(callback)
    def topped_up(self: WordPressSpider, response: Response) -> Iterator[Any]:
        yield from callback(self, response)
        yield from self._backlog_requests()

    return topped_up


class WordPressSpider(scrapy.Spider):
    """A generic WordPress/news-site spider; subclasses set ``name`` and ``default_base_url``."""

    name = "wordpress"
    default_base_url: str | None = None
    # The site profile unless -a profile= or ARCHIVER_PROFILE says otherwise ("auto": detected).
    default_profile = "wordpress"
    # Scrapy starts CONCURRENT_ITEMS (default 100) asyncio tasks for *every* response's output;
    # ours yields one item per article page, so 100 tasks per page were pure reactor overhead.
    custom_settings = {"CONCURRENT_ITEMS": 4}

    @classmethod
    def check_arguments(
        cls, settings: Any, base_url: str | None = None, mode: str | None = None, **_: Any
    ) -> None:
        """Raise ValueError, one sentence, for arguments no run can start with. ``scrapy crawl``
        asks before anything starts (so no run is recorded); ``from_crawler`` asks again."""
        base_url = base_url or cls.default_base_url
        if not base_url:
            raise ValueError(f"spider {cls.name!r} needs -a base_url=https://news.example/")
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(
                f"base_url {base_url!r} is not an http(s) URL: use e.g. -a base_url=https://news.example/"
            )
        mode = mode or settings.get("ARCHIVER_MODE")
        if mode not in ("fresh", "backfill"):
            raise ValueError(f"unknown mode {mode!r}: use -a mode=fresh or -a mode=backfill")

    def __init__(
        self,
        base_url: str | None = None,
        mode: str | None = None,
        profile: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        base_url = base_url or self.default_base_url
        self.base_url = canonicalize(base_url)
        self.host = urlsplit(self.base_url).hostname or ""
        self.allowed_domains = [self.host]
        self.requested_mode = mode
        self.requested_profile = profile
        # None: chosen from the home page (``auto``); ARCHIVER_PROFILE may replace the default.
        self.initial_profile = profile_named(profile or self.default_profile)

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> WordPressSpider:
        cls.check_arguments(crawler.settings, **kwargs)
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.db_path = settings.get("ARCHIVER_DB")
        if not spider.requested_profile and settings.get("ARCHIVER_PROFILE"):
            spider.initial_profile = profile_named(settings.get("ARCHIVER_PROFILE"))
        mode = spider.requested_mode or settings.get("ARCHIVER_MODE")
        # The archive is the crawl state; read it now, so the mode is known before the run opens.
        spider.state = load_crawl_state(spider.db_path)
        resume_page = None
        if not spider.state.backfill_complete:
            # Nothing archived yet, or the first backfill did not complete: walk everything. What
            # was written is known and not fetched again, and the home walk picks up where it got.
            mode = "backfill"
            reached = spider.state.backfill_resume_page or 0
            resume_page = reached - 1 if reached > 2 else None
        # The run's discovery state and decisions: the spider only turns its Asks into Requests.
        spider.frontier = Frontier(
            spider.base_url,
            spider.state,
            _now(),
            profile=spider.initial_profile,
            mode=mode,
            resume_page=resume_page,
            listings=ListingSeries(
                settings.getint("ARCHIVER_LISTING_STOP_AFTER"),
                settings.getint("ARCHIVER_MAX_LISTING_PAGES"),
                ahead=HOME_PAGES_AHEAD,
            ),
            budgets=settings.getdict("ARCHIVER_REQUEST_BUDGETS"),
            # Looked up on each event: the stats collector exists only once the crawl starts.
            count=lambda event: crawler.stats.inc_value(event),
        )
        crawler.signals.connect(spider._count_request, signal=signals.request_reached_downloader)
        crawler.signals.connect(spider._release_backlog_when_idle, signal=signals.spider_idle)
        return spider

    @property
    def profile(self) -> SiteProfile | None:
        """The site's profile, the frontier's: None until chosen from the home page (``auto``)."""
        return self.frontier.profile

    @property
    def mode(self) -> str:
        """``fresh`` or ``backfill`` (forced until one backfill has completed)."""
        return self.frontier.mode

    # --- start --------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        stats = self.crawler.stats
        stats.set_value("archiver/mode", self.mode)
        stats.set_value("archiver/base_url", self.base_url)
        self.logger.info(
            "%s crawl of %s: %d articles already archived",
            self.mode,
            self.base_url,
            self.state.article_count(),
        )
        yield self._request(self.base_url, "listing", self.parse_listing)
        if self.profile is not None:
            for request in self._profile_requests():
                yield request

    def _choose_profile(self, response: Response) -> Iterator[scrapy.Request]:
        """Choose the site's profile from its home page (or generic when it has none to show)."""
        link = response.headers.get("Link", b"").decode("latin-1")
        text = response.text if isinstance(response, TextResponse) else ""
        self.frontier.profile = detect_profile(link, text) if response.status == 200 else GENERIC
        self.logger.info("site profile: %s", self.profile.name)
        yield from self._profile_requests()

    def _profile_requests(self) -> Iterator[scrapy.Request]:
        """The feeds, sitemaps and API the site's profile names, asked at the start of a run."""
        profile: SiteProfile = self.profile
        self.crawler.stats.set_value("archiver/profile", profile.name)
        for path in profile.feed_paths:
            request = self._request(urljoin(self.base_url, path), "feed", self.parse_feed)
            if request is not None:
                yield request
        yield from self._sitemap_requests(profile.sitemap_paths)
        if profile.sitemaps_from_robots:
            request = self._request(
                urljoin(self.base_url, "/robots.txt"), "robots", self.parse_robots
            )
            if request is not None:
                self.frontier.sitemap_asked()  # the sitemaps it names are not known yet
                yield request
        # Whatever the mode: a backfill that never completes must not keep a scheduled run from
        # noticing what the site changed meanwhile.
        if profile.rest_posts_route and self.state.last_run_started:
            request = self._rest_request(profile.rest_posts_route, self.state.last_run_started)
            if request is not None:
                yield request
        if self.frontier.resume_page and profile.url_shapes:
            # An unfinished backfill resumes its home walk a page before where it got (newer
            # posts push the listing down); the pages before are walked as in fresh mode.
            self.logger.info("backfill resumed at home page %d", self.frontier.resume_page)
            yield self._request(
                page_url(self.base_url, self.frontier.resume_page), "listing", self.parse_listing
            )

    def _sitemap_requests(self, paths: Iterable[str]) -> Iterator[scrapy.Request]:
        for path in paths:
            request = self._request(urljoin(self.base_url, path), "sitemap", self.parse_sitemap)
            if request is not None:
                self.frontier.sitemap_asked()
                yield request

    @_then_backlog
    def parse_robots(self, response: Response) -> Iterator[Any]:
        """The sitemaps robots.txt names (its ``Sitemap:`` lines), else the usual location."""
        named = []
        if response.status == 200 and isinstance(response, TextResponse):
            named = list(sitemap_urls_from_robots(response.body, base_url=self.base_url))
        yield from self._sitemap_requests(named or self.profile.fallback_sitemap_paths)
        self.frontier.sitemap_answered(complete=True)

    def _rest_request(self, route: str, modified_after: str) -> scrapy.Request | None:
        query = urlencode(
            {
                "modified_after": modified_after,
                "per_page": 100,
                "orderby": "modified",
                "_fields": "link,modified,modified_gmt",
            }
        )
        url = urljoin(self.base_url, f"{route}?{query}")
        return self._request(url, "rest", self.parse_rest, canonical=False)

    # --- building requests ----------------------------------------------------------------------

    def _request(
        self,
        url: str,
        kind: str,
        callback: Any,
        *,
        canonical: bool = True,
        meta: dict[str, Any] | None = None,
    ) -> scrapy.Request | None:
        """A Request for ``url``, or None when this run asked it already or its budget is spent."""
        ask = self.frontier.ask(url, kind, canonical=canonical)
        return None if ask is None else self._build(ask, callback, meta=meta)

    def _build(
        self, ask: Ask, callback: Any, *, meta: dict[str, Any] | None = None
    ) -> scrapy.Request:
        meta = {"kind": ask.kind, "handle_httpstatus_list": [304, 404, 410], **(meta or {})}
        if ask.reason:
            meta["reason"] = ask.reason
        return scrapy.Request(
            ask.url,
            callback=callback,
            errback=self.on_error,
            priority=ask.priority,
            headers=dict(ask.validators) or None,
            meta=meta,
        )

    # --- callbacks ------------------------------------------------------------------------------

    def _read_listing(self, response: Response) -> Iterator[Any]:
        if self.profile is None:
            yield from self._choose_profile(response)
        if response.status in (404, 410) or not isinstance(response, HtmlResponse):
            return  # a page past the end, or not a page: the series ends here
        self.frontier.site_reached = True
        # Read from a tree of its own, freed on return. ``response.selector`` would cache the tree
        # on the response, and the selector points back at the response: a reference cycle only
        # the cyclic GC frees, which counts Python objects, not the lxml tree's megabytes (a fast
        # crawl kept ~200 listing trees alive at once that way, +150 MB on 5,000 posts).
        page = listing_links(Selector(response).root, self.profile)
        if page.page_type == "article":
            yield from self._read_article(response)
            return
        if page.page_type != "listing":
            return
        outcome = self.frontier.listing_shown(response.url, page)
        for url in outcome.feeds:
            request = self._request(url, "feed", self.parse_feed)
            if request is not None:
                yield request
        if not outcome.productive:
            self.crawler.stats.inc_value("archiver/listing_end_detected")
            return  # nothing new to its series: past the end, whatever the status said
        if outcome.walked_whole:
            self.crawler.stats.max_value(HOME_PAGE_REACHED, listing_page(response.url).page)
        yield from self._listing_requests((*outcome.pages, *outcome.listings))

    def _read_article(self, response: Response) -> Iterator[Any]:
        fetched_at = _iso(_now())
        if response.status == 304:
            yield PageUnchanged(url=response.url, fetched_at=fetched_at)
            return
        if response.status in (404, 410):
            yield PageGone(url=response.url, status=response.status, fetched_at=fetched_at)
            return
        if not isinstance(response, HtmlResponse):
            yield self._failure(response.url, "article", "not-html", response.status)
            return
        vocabulary = self.profile.vocabulary if self.profile else NO_WORDS
        page_type, canonical = _type_and_canonical(response, vocabulary)
        if page_type == "listing":
            yield from self._read_listing(response)
            return
        if page_type != "article":
            # A soft 404, an error page, a draft or private post, an attachment: not stored, but
            # counted, so the ledger says which asked-for "articles" were not.
            yield self._failure(
                response.url, "article", f"{NOT_ARTICLE}-{page_type}", response.status
            )
            return
        yield FetchedPage(
            url=response.url,
            body=response.body,
            encoding=response.encoding,
            status=response.status,
            fetched_at=fetched_at,
            content_type=response.headers.get("Content-Type", b"").decode("latin-1"),
            etag=_header(response, "ETag"),
            last_modified=_header(response, "Last-Modified"),
            aliases=_aliases(response),
            profile=self.profile.name if self.profile else None,
        )
        # An alias page may name its article by rel=canonical: make sure that one is archived too.
        if canonical:
            for url in self.frontier.site_links([canonical], response.url):
                if url != canonicalize(response.url):
                    self.frontier.announce_article(url)

    @_then_backlog
    def parse_feed(self, response: Response) -> Iterator[Any]:
        if response.status != 200:
            return
        yield from self._listing_requests(self.frontier.entries_listed(parse_feed(response.body)))

    @_then_backlog
    def parse_rest(self, response: Response) -> Iterator[Any]:
        if response.status != 200 or not isinstance(response, TextResponse):
            return  # REST API off or hidden: the other signals still work
        try:
            payload = json.loads(response.text)
        except ValueError:
            return
        yield from self._listing_requests(self.frontier.entries_listed(parse_rest_posts(payload)))

    def _listing_requests(self, urls: Iterable[str]) -> Iterator[scrapy.Request]:
        for url in urls:
            request = self._request(url, "listing", self.parse_listing)
            if request is not None:
                yield request

    # The callbacks of listing and article requests: each reads its page (handing over to the other
    # reader when the page turns out to be the other kind), then tops the scheduler up once.
    parse_listing = _then_backlog(_read_listing)
    parse_article = _then_backlog(_read_article)

    @_then_backlog
    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        if response.status == 200:
            complete = yield from self._parse_sitemap_body(response)
        else:
            # A sitemap the profile guesses at (a flavour the site does not have) missing leaves
            # nothing incomplete; one a site named (robots.txt, an index) does.
            complete = response.url.endswith(self.profile.sitemap_paths)
        self.frontier.sitemap_answered(complete=complete)

    def _parse_sitemap_body(self, response: Response) -> Generator[Any, None, bool]:
        """Follow what a sitemap lists; return whether it was whole (parsed, not too large)."""
        xml = sitemap_xml(response, self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        sitemap = parse_sitemap(xml) if xml is not None else None
        if sitemap is None:  # not a sitemap, a broken one or one too large: skipped
            return False
        leads = self.frontier.sitemap_read(sitemap)
        for url in leads.sitemaps:
            request = self._request(url, "sitemap", self.parse_sitemap, canonical=False)
            if request is not None:
                self.frontier.sitemap_asked()
                yield request
        yield from self._listing_requests(leads.listings)
        return True

    def _backlog_requests(self) -> Iterator[scrapy.Request]:
        """Requests for backlog articles, as many as the scheduler has room for."""
        scheduler = self.crawler.engine.scheduler
        # Measured before each one: Scrapy runs several callbacks' output interleaved, so a room
        # counted once at the start was handed out by each of them (2,300 queued, not 256), and
        # another callback may empty the backlog between two of these yields.
        while len(scheduler) < SCHEDULER_BACKLOG_ROOM:
            ask = self.frontier.next_article()
            if ask is None:
                return
            yield self._build(ask, self.parse_article)

    def _release_backlog_when_idle(self) -> None:
        """Nothing else is left to do: the backlog must not let the run end early."""
        released = list(self._backlog_requests())
        for request in released:
            self.crawler.engine.crawl(request)
        if released:
            raise DontCloseSpider
        # At the end: a site that answered but showed no article anywhere fails the run.
        failure = self.frontier.discovery_failure(self.profile.name if self.profile else "auto")
        if failure:
            self.crawler.stats.set_value(NO_ARTICLES_FOUND, failure)

    def on_error(self, failure: Failure) -> Iterator[Any]:
        request = failure.request
        kind = request.meta.get("kind", "other")
        if failure.check(HttpError):
            status = failure.value.response.status
            yield self._failure(request.url, kind, f"http-{status}", status)
        elif failure.check(ForbiddenByRobots):
            yield self._failure(request.url, kind, REFUSED_BY_ROBOTS, None, str(failure.value))
        else:
            reason = download_failure_reason(failure.value)
            yield self._failure(request.url, kind, reason, None, str(failure.value))
        if kind == "robots":  # robots.txt unreachable: the sitemap at its usual place
            yield from self._sitemap_requests(self.profile.fallback_sitemap_paths)
        if kind in ("sitemap", "robots"):
            self.frontier.sitemap_answered(complete=kind == "robots")
        yield from self._backlog_requests()

    def _failure(
        self, url: str, kind: str, reason: str, status: int | None, message: str = ""
    ) -> PageFailed:
        self.crawler.stats.inc_value(f"archiver/failures/{kind}")
        return PageFailed(url=url, kind=kind, reason=reason, message=message[:500], status=status)

    def closed(self, reason: str) -> None:
        self.state.close()  # the archive's read-only connection

    def _count_request(self, request: scrapy.Request, spider: scrapy.Spider) -> None:
        kind = request.meta.get(
            "kind", "robots" if request.url.endswith("/robots.txt") else "other"
        )
        self.crawler.stats.inc_value("archiver/requests")
        self.crawler.stats.inc_value(f"archiver/requests/{kind}")


def sitemap_xml(response: Response, max_size: int) -> bytes | None:
    """A sitemap response's XML. A ``.xml.gz`` file is served as it is, without
    ``Content-Encoding`` (so no middleware inflated it): inflated here by Scrapy's gunzip (every
    member; what a truncated file holds), to at most ``max_size`` bytes (0: no bound). None
    when it inflates past that (a response's size limit must hold for what it inflates to) or
    is no gzip at all past its first bytes."""
    if not gzip_magic_number(response):
        return response.body
    try:
        return gunzip(response.body, max_size=max_size)
    except ValueError:  # Scrapy's _DecompressionMaxSizeExceeded, a ValueError
        return None
    except (OSError, EOFError):  # damaged before anything could be inflated
        return None


def _type_and_canonical(response: HtmlResponse, vocabulary: Vocabulary) -> tuple[str, str | None]:
    """``pageshape.type_and_canonical`` of an article response, caching nothing on it.

    The response stays in memory until its item is processed: a tree cached on it
    (``response.selector``) is many times the page, its decoded text (``response.text``) up to
    4x its bytes. Here the text lives for this call only; the item carries the bytes, and the
    extraction worker decodes them again.
    """
    text = page_text(response.body, response.encoding, response.url)
    return type_and_canonical(
        text,
        lambda: Selector(text=text, type="html", base_url=response.url).root,
        response.url,
        vocabulary,
    )


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _aliases(response: Response) -> list[str]:
    """Every URL that led to this response: the one linked, and each redirect hop."""
    urls = [*response.meta.get("redirect_urls", []), response.request.url, response.url]
    return list(dict.fromkeys(canonicalize(u) for u in urls))


class MegalopreneurSpider(WordPressSpider):
    """The first configured site: MegaloPreneur (``-a base_url=...`` points it at a mirror)."""

    name = "megalopreneur"
    default_base_url = "https://megalopreneur.com/"


class NewsSpider(WordPressSpider):
    """Any news site (``-a base_url=...``): the site profile is chosen from its home page."""

    name = "news"
    default_profile = "auto"
