"""The safety middlewares one decision at a time, on a real Scrapy crawler built from our settings.

``scrapy.utils.test.get_crawler`` builds the crawler, its spider and its engine (nothing is
downloaded: the http handlers are switched off so no reactor is needed); requests and responses
are real Scrapy objects and download slots are the downloader's own.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from time import monotonic

import pytest
from scrapy import Spider
from scrapy.core.downloader import Slot
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import HtmlResponse, Request, Response
from scrapy.utils.test import get_crawler

import archiver.settings
from archiver.middlewares import (
    ForbiddenDestination,
    NoRefererMetaRefreshMiddleware,
    PolitenessMiddleware,
    RedirectGuardMiddleware,
    RedirectLoop,
    SiteBoundaryMiddleware,
    TooManyRedirects,
    is_document_type,
    retry_after_seconds,
)

BASE = "http://127.0.0.1:8123/"
NOW = datetime(2024, 7, 24, 12, 0, 0, tzinfo=timezone.utc)


class LocalCopySpider(Spider):
    name = "local-copy"
    base_url = BASE


def project_settings(**overrides) -> dict:
    """What ``scrapy crawl`` gets from ``archiver/settings.py``, plus ``overrides``."""
    ours = {name: value for name, value in vars(archiver.settings).items() if name.isupper()}
    return {**ours, **overrides}


@pytest.fixture
def crawler():
    # No http handlers: building them needs a running reactor, and nothing is downloaded here.
    crawler = get_crawler(
        LocalCopySpider,
        project_settings(DOWNLOAD_HANDLERS={"http": None, "https": None}, DOWNLOAD_DELAY=0.5),
    )
    crawler.spider = crawler._create_spider()
    crawler.engine = crawler._create_engine()
    return crawler


def slot_for(crawler, url: str) -> tuple[str, Slot]:
    """The downloader slot a request to ``url`` would use, created as the downloader does."""
    downloader = crawler.engine.downloader
    key = downloader.get_slot_key(Request(url))
    slot = downloader.slots.setdefault(key, Slot(concurrency=4, delay=0.5, jitter=0.5))
    return key, slot


def response(url: str, status: int, headers: dict | None = None) -> Response:
    return Response(url, status=status, headers=headers or {}, request=Request(url))


# --- Retry-After ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        (" 7 ", 7.0),
        ("0", 0.0),
        (format_datetime(NOW + timedelta(seconds=90), usegmt=True), 90.0),
        ("Wed, 24 Jul 2024 12:05:00 GMT", 300.0),
        ("Wed, 24 Jul 2024 11:00:00 GMT", 0.0),  # already past: retry now
        ("Wednesday, 24-Jul-24 12:01:00 GMT", 60.0),  # RFC 850, still allowed by HTTP
        ("Wed Jul 24 12:00:30 2024", 30.0),  # asctime, read as GMT
    ],
)
def test_retry_after_reads_seconds_and_http_dates(value, seconds):
    assert retry_after_seconds(value, NOW) == pytest.approx(seconds)


@pytest.mark.parametrize("value", [None, "", "   ", "soon", "-5", "1.5", "Someday, 99 Foo 2024"])
def test_unreadable_retry_after_is_ignored(value):
    assert retry_after_seconds(value, NOW) is None


def test_a_429_is_retried_with_its_retry_after_in_the_reason(crawler):
    middleware = PolitenessMiddleware.from_crawler(crawler)
    url = BASE + "post/"
    retry = middleware.process_response(Request(url), response(url, 429, {"Retry-After": "3"}))
    assert isinstance(retry, Request) and retry.url == url
    assert retry.meta["retry_times"] == 1
    assert retry.dont_filter  # the dupefilter must not drop the second try
    assert crawler.stats.get_value("retry/reason_count/429 (retry after 3 s)") == 1


def test_a_server_asking_for_too_long_is_not_retried_this_run(crawler):
    middleware = PolitenessMiddleware.from_crawler(crawler)
    url = BASE + "post/"
    wait = str(int(crawler.settings.getfloat("ARCHIVER_RETRY_AFTER_MAX")) + 1)
    answer = response(url, 503, {"Retry-After": wait})
    assert middleware.process_response(Request(url), answer) is answer


def test_rate_limit_retries_are_bounded(crawler):
    middleware = PolitenessMiddleware.from_crawler(crawler)
    url = BASE + "post/"
    request, tries = Request(url), 0
    while isinstance(request, Request):
        request = middleware.process_response(request, response(url, 429, {"Retry-After": "1"}))
        tries += 1
    assert tries == 1 + crawler.settings.getint("ARCHIVER_RATE_LIMIT_RETRIES")


def test_without_retry_after_the_wait_doubles_per_try(crawler):
    middleware = PolitenessMiddleware.from_crawler(crawler)
    base = crawler.settings.getfloat("ARCHIVER_BACKOFF_BASE")
    url = BASE + "post/"
    waits = [
        middleware._wait(Request(url, meta={"retry_times": n}), response(url, 429))
        for n in range(3)
    ]
    assert waits == [base, 2 * base, 4 * base]


# --- back-off per host ----------------------------------------------------------------------------


def test_backing_off_holds_only_the_rate_limited_host(crawler):
    middleware = PolitenessMiddleware.from_crawler(crawler)
    limited_key, limited = slot_for(crawler, BASE + "a/")
    other_key, other = slot_for(crawler, "http://other.example/a/")
    before = monotonic()
    middleware.back_off(limited_key, 4.0)
    assert limited.delay == pytest.approx(4.0, abs=0.05)
    assert limited.jitter == 0.0  # jitter could send the next request early
    assert limited.lastseen >= before  # the wait counts from now, not from the last request
    assert (other.delay, other.jitter) == (0.5, 0.5)
    assert other_key not in middleware.backoffs


def test_a_longer_back_off_wins_and_a_shorter_one_never_shortens_it(crawler):
    middleware = PolitenessMiddleware.from_crawler(crawler)
    key, slot = slot_for(crawler, BASE + "a/")
    middleware.back_off(key, 10.0)
    middleware.back_off(key, 1.0)
    assert slot.delay == pytest.approx(10.0, abs=0.05)


def test_the_slot_gets_its_delay_back_when_the_host_answers_after_the_wait(crawler):
    middleware = PolitenessMiddleware.from_crawler(crawler)
    key, slot = slot_for(crawler, BASE + "a/")
    middleware.back_off(key, 0.0)
    request = Request(BASE + "b/", meta={"download_slot": key})
    middleware.response_downloaded(response(request.url, 200), request)
    assert (slot.delay, slot.jitter) == (0.5, 0.5)
    assert middleware.backoffs == {}


def test_a_429_seen_at_download_backs_off_its_slot_at_once(crawler):
    middleware = PolitenessMiddleware.from_crawler(crawler)
    key, slot = slot_for(crawler, BASE + "a/")
    request = Request(BASE + "a/", meta={"download_slot": key})
    middleware.response_downloaded(response(request.url, 429, {"Retry-After": "2"}), request)
    assert slot.delay == pytest.approx(2.0, abs=0.05)
    assert crawler.stats.get_value("archiver/backoff/429") == 1


def test_crawl_delay_is_a_floor_that_autothrottle_cannot_go_under(crawler):
    middleware = PolitenessMiddleware.from_crawler(crawler)
    key, slot = slot_for(crawler, BASE + "a/")
    middleware.crawl_delays[key] = 3.0
    slot.delay = 0.1  # what AutoThrottle may set after fast responses
    request = Request(BASE + "a/", meta={"download_slot": key})
    middleware.response_downloaded(response(request.url, 200), request)
    assert (slot.delay, slot.jitter) == (3.0, 0.0)


@pytest.mark.parametrize(
    ("content_type", "document"),
    [
        ("text/html; charset=utf-8", True),
        ("application/rss+xml", True),
        ("application/json", True),
        ("", True),
        ("application/pdf", False),
        ("image/jpeg", False),
        ("application/octet-stream", False),
    ],
)
def test_only_documents_are_downloaded_whole(content_type, document):
    assert is_document_type(content_type) is document


@pytest.mark.parametrize("content_type", ["application/gzip", "application/x-gzip"])
def test_a_sitemap_may_be_a_gzip_file_but_a_page_may_not(content_type):
    assert is_document_type(content_type, "sitemap") is True
    assert is_document_type(content_type, "article") is False
    assert is_document_type(content_type) is False


# --- site boundary --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://other.example/post/",
        "http://127.0.0.1:9999/admin/",  # this machine, another service
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
    ],
)
def test_dont_filter_does_not_get_a_request_off_the_site(crawler, url):
    boundary = SiteBoundaryMiddleware.from_crawler(crawler)
    with pytest.raises(ForbiddenDestination):
        boundary.process_request(Request(url, dont_filter=True))
    assert crawler.stats.get_value("archiver/refused") == 1


def test_a_retried_request_is_checked_again(crawler):
    boundary = SiteBoundaryMiddleware.from_crawler(crawler)
    original = Request("http://other.example/post/", dont_filter=True)
    retry = get_retry_request(original, spider=crawler.spider, reason="test")
    assert retry is not None
    with pytest.raises(ForbiddenDestination, match="off-site"):
        boundary.process_request(retry)


def test_requests_on_the_site_pass(crawler):
    boundary = SiteBoundaryMiddleware.from_crawler(crawler)
    assert boundary.process_request(Request(BASE + "2024/07/post/", dont_filter=True)) is None
    assert boundary.process_request(Request(BASE + "robots.txt")) is None


# --- redirects ------------------------------------------------------------------------------------


def redirect(url: str, location: str, chain: list[str] | None = None) -> tuple[Request, Response]:
    request = Request(url, meta={"redirect_urls": chain} if chain else {})
    return request, response(url, 302, {"Location": location})


def test_a_redirect_back_to_a_visited_url_is_a_loop(crawler):
    guard = RedirectGuardMiddleware.from_crawler(crawler)
    request, answer = redirect(BASE + "b/", "/a/", chain=[BASE + "a/"])
    with pytest.raises(RedirectLoop, match="after 2 hops"):
        guard.process_response(request, answer)
    assert crawler.stats.get_value("archiver/redirect_loops") == 1


def test_a_page_redirecting_to_itself_is_a_loop(crawler):
    guard = RedirectGuardMiddleware.from_crawler(crawler)
    with pytest.raises(RedirectLoop):
        guard.process_response(*redirect(BASE + "a/", BASE + "a/"))


def test_an_over_long_chain_is_cut(crawler):
    guard = RedirectGuardMiddleware.from_crawler(crawler)
    limit = crawler.settings.getint("REDIRECT_MAX_TIMES")
    chain = [f"{BASE}hop/{n}/" for n in range(limit)]
    with pytest.raises(TooManyRedirects):
        guard.process_response(*redirect(f"{BASE}hop/{limit}/", "/next/", chain))


@pytest.mark.parametrize(
    "location", ["http://127.0.0.1:9999/", "//other.example/x", "http://2130706433:9999/"]
)
def test_a_redirect_off_the_site_is_refused_before_it_is_followed(crawler, location):
    guard = RedirectGuardMiddleware.from_crawler(crawler)
    with pytest.raises(ForbiddenDestination):
        guard.process_response(*redirect(BASE + "a/", location))


def test_ordinary_redirects_and_pages_pass_untouched(crawler):
    guard = RedirectGuardMiddleware.from_crawler(crawler)
    request, answer = redirect(BASE + "?p=12", "/2024/07/post/")
    assert guard.process_response(request, answer) is answer
    page = HtmlResponse(BASE + "a/", body=b"<html></html>", request=Request(BASE + "a/"))
    assert guard.process_response(page.request, page) is page


# --- defaults -------------------------------------------------------------------------------------


def test_politeness_is_on_by_default():
    crawler = get_crawler(LocalCopySpider, project_settings())
    settings = crawler.settings
    assert settings.getbool("AUTOTHROTTLE_ENABLED")
    assert settings.getbool("ROBOTSTXT_OBEY")
    assert settings.getfloat("DOWNLOAD_DELAY") > 0
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") <= 4
    assert any(isinstance(ext, AutoThrottle) for ext in crawler.extensions.middlewares)


def _moved_page(head: str, charset: str = "utf-8") -> HtmlResponse:
    """A whole page of a site that moved a story: a meta refresh in its head, then its chrome."""
    html = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}"><title>Story moved – Valley Courier</title>
{head}
<link rel="stylesheet" href="/assets/site.css"></head>
<body class="page"><header><nav><a href="/">Home</a> <a href="/news/">News</a></nav></header>
<main><p>This story has moved. If nothing happens, follow the link below.</p></main>
<aside><h2>Most read</h2><ul><li><a href="/news/2024/07/dam-report/">Dam report</a></li></ul></aside>
<footer><p>© 2024 Valley Courier · Straße 5, Zürich</p></footer></body></html>"""
    return HtmlResponse(BASE + "old/story/", body=html.encode(charset))


def test_a_meta_refresh_to_another_page_of_the_site_is_followed(crawler):
    refresh = NoRefererMetaRefreshMiddleware.from_crawler(crawler)
    page = _moved_page(f'<meta http-equiv="refresh" content="0; url={BASE}news/2024/07/story/">')
    redirected = refresh.process_response(Request(page.url), page)
    assert isinstance(redirected, Request)
    assert redirected.url == BASE + "news/2024/07/story/"


def test_a_relative_meta_refresh_is_read_against_the_pages_base_in_any_charset(crawler):
    refresh = NoRefererMetaRefreshMiddleware.from_crawler(crawler)
    head = f'<base href="{BASE}archive/"><meta http-equiv="refresh" content="1;url=story-2.html">'
    for charset in ("utf-8", "utf-16", "cp1252"):
        page = _moved_page(head, charset)
        redirected = refresh.process_response(Request(page.url), page)
        assert isinstance(redirected, Request), charset
        assert redirected.url == BASE + "archive/story-2.html"


def test_a_slow_refresh_or_one_in_noscript_is_a_page_to_read(crawler):
    refresh = NoRefererMetaRefreshMiddleware.from_crawler(crawler)
    for head in (
        f'<meta http-equiv="refresh" content="300; url={BASE}">',  # the front page's auto-reload
        f'<noscript><meta http-equiv="refresh" content="0; url={BASE}no-js/"></noscript>',
    ):
        page = _moved_page(head)
        assert refresh.process_response(Request(page.url), page) is page
