"""One request per canonical URL per run, through Scrapy's real scheduler and HTTP cache."""

from __future__ import annotations

import pytest
from scrapy import Request, Spider
from scrapy.core.scheduler import Scheduler
from scrapy.extensions.httpcache import FilesystemCacheStorage
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from archiver import settings as project_settings
from archiver.dupefilter import (
    CANONICAL_FILTERED_STAT,
    CanonicalDupeFilter,
    CanonicalRequestFingerprinter,
)
from spiders.wordpress import MegalopreneurSpider

POST = "https://megalopreneur.com/2023/09/india-quad-message-russia-north-korea-arms-deals/"
SPELLINGS = [
    POST,
    f"{POST}?utm_source=newsletter&utm_medium=email",
    f"{POST}#comments",
    POST.rstrip("/"),
    POST.replace("india-quad", "india%2Dquad"),
    f"{POST}?share=twitter",
    f"{POST}amp/",
    "HTTPS://MEGALOPRENEUR.COM:443/2023/09/india-quad-message-russia-north-korea-arms-deals/",
]
OTHER_POST = "https://megalopreneur.com/2023/09/another-story/"

SETTINGS = {
    "DUPEFILTER_CLASS": "archiver.dupefilter.CanonicalDupeFilter",
    "REQUEST_FINGERPRINTER_CLASS": "archiver.dupefilter.CanonicalRequestFingerprinter",
}


def open_scheduler(settings: dict) -> tuple[Scheduler, Spider]:
    """A real Scrapy scheduler outside a running crawl (the downloader-aware queue needs one)."""
    queue = {"SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.ScrapyPriorityQueue"}
    crawler = get_crawler(Spider, {**settings, **queue})
    spider = Spider.from_crawler(crawler, name="megalopreneur")
    crawler.spider = spider
    scheduler = Scheduler.from_crawler(crawler)
    scheduler.open(spider)
    return scheduler, spider


def test_variants_of_one_article_share_a_fingerprint():
    fingerprinter = CanonicalRequestFingerprinter()
    fingerprints = {fingerprinter.fingerprint(Request(url)) for url in SPELLINGS}
    assert len(fingerprints) == 1
    assert fingerprinter.fingerprint(Request(OTHER_POST)) not in fingerprints


def test_method_and_body_keep_requests_apart():
    fingerprinter = CanonicalRequestFingerprinter()
    get = fingerprinter.fingerprint(Request(POST))
    post_a = fingerprinter.fingerprint(Request(POST, method="POST", body=b"a=1"))
    post_b = fingerprinter.fingerprint(Request(POST, method="POST", body=b"a=2"))
    assert len({get, post_a, post_b}) == 3


def test_scheduler_accepts_each_article_once_and_counts_what_canonicalisation_saved():
    scheduler, spider = open_scheduler(SETTINGS)
    accepted = [
        url for url in [*SPELLINGS, OTHER_POST, POST] if scheduler.enqueue_request(Request(url))
    ]
    assert accepted == [POST, OTHER_POST]
    stats = spider.crawler.stats
    # Stock Scrapy already folds #comments, %2D and host case (and the repeated POST); the
    # tracking parameter, missing slash, share button, AMP variant and :443 it would fetch again.
    assert stats.get_value(CANONICAL_FILTERED_STAT) == 5
    assert stats.get_value("dupefilter/filtered") == len(SPELLINGS)
    scheduler.close("finished")


@pytest.mark.parametrize("order", [slice(None, None, -1), slice(3, None)])
def test_what_canonicalisation_saved_is_counted_whichever_spelling_comes_first(order):
    """Stock Scrapy tells 6 of these spellings apart: 5 refetches saved, whichever came first
    (reversed: the canonical URL comes last; from the 4th: it never comes)."""
    spellings = SPELLINGS[order] + SPELLINGS[order]  # and each once more: already saved
    scheduler, spider = open_scheduler(SETTINGS)
    accepted = [url for url in spellings if scheduler.enqueue_request(Request(url))]
    assert len(accepted) == 1
    distinct_for_stock = 5 if order.start == 3 else 6
    assert spider.crawler.stats.get_value(CANONICAL_FILTERED_STAT) == distinct_for_stock - 1
    scheduler.close("finished")


def test_dont_filter_requests_are_always_scheduled():
    scheduler, spider = open_scheduler(SETTINGS)
    assert scheduler.enqueue_request(Request(POST))
    assert scheduler.enqueue_request(Request(f"{POST}?utm_source=x", dont_filter=True))
    assert scheduler.enqueue_request(Request(POST, dont_filter=True))
    assert not scheduler.enqueue_request(Request(f"{POST}#comments"))
    assert len(scheduler) == 3
    scheduler.close("finished")


def test_dupefilter_is_canonical_even_without_the_fingerprinter_setting():
    scheduler, _ = open_scheduler({"DUPEFILTER_CLASS": SETTINGS["DUPEFILTER_CLASS"]})
    assert isinstance(scheduler.df, CanonicalDupeFilter)
    accepted = [url for url in SPELLINGS if scheduler.enqueue_request(Request(url))]
    assert accepted == [POST]
    scheduler.close("finished")


def test_dupefilter_shares_the_crawlers_canonical_fingerprinter():
    scheduler, spider = open_scheduler(SETTINGS)
    assert scheduler.df.fingerprinter is spider.crawler.request_fingerprinter
    scheduler.close("finished")


def test_resumed_job_remembers_canonical_fingerprints(tmp_path):
    settings = {**SETTINGS, "JOBDIR": str(tmp_path)}
    first, _ = open_scheduler(settings)
    assert first.enqueue_request(Request(f"{POST}?utm_campaign=launch"))
    first.close("shutdown")
    resumed, _ = open_scheduler(settings)
    assert not resumed.enqueue_request(Request(POST))
    resumed.close("finished")


@pytest.mark.parametrize(
    ("settings", "hit"),
    [(SETTINGS, True), ({}, False)],
    ids=["canonical-fingerprinter", "stock-fingerprinter"],
)
def test_http_cache_finds_an_article_under_any_spelling(tmp_path, settings, hit):
    crawler = get_crawler(Spider, {**settings, "HTTPCACHE_DIR": str(tmp_path)})
    spider = Spider.from_crawler(crawler, name="megalopreneur")
    storage = FilesystemCacheStorage(crawler.settings)
    storage.open_spider(spider)
    body = b"<html><head><title>Quad</title></head><body><p>Quad message.</p></body></html>"
    request = Request(POST)
    storage.store_response(spider, request, HtmlResponse(POST, body=body, request=request))
    cached = storage.retrieve_response(spider, Request(f"{POST}?utm_source=x#comments"))
    assert (cached is not None and cached.body == body) is hit
    storage.close_spider(spider)


def test_a_crawls_dupefilter_keeps_its_requests_in_the_frontiers_url_table(tmp_path):
    """One entry per URL for the run: the frontier asked it, the scheduler was handed it."""
    settings = {
        **{name: value for name, value in vars(project_settings).items() if name.isupper()},
        "ARCHIVER_DB": str(tmp_path / "archive.db"),
        "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.ScrapyPriorityQueue",
    }
    crawler = get_crawler(MegalopreneurSpider, settings)
    spider = MegalopreneurSpider.from_crawler(crawler)
    crawler.spider = spider
    scheduler = Scheduler.from_crawler(crawler)
    scheduler.open(spider)
    assert spider.frontier.admit(POST, "article") == POST
    assert scheduler.enqueue_request(Request(POST))
    assert not scheduler.enqueue_request(Request(f"{POST}?utm_source=newsletter"))
    assert len(spider.frontier.urls) == 1
    # A URL the frontier never asked (a redirect's target) is the dupefilter's alone.
    assert scheduler.enqueue_request(Request(OTHER_POST))
    assert not scheduler.enqueue_request(Request(OTHER_POST))
    assert len(spider.frontier.urls) == 2
    assert OTHER_POST not in spider.frontier.scheduled
    scheduler.close("finished")
