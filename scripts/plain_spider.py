"""The simple alternative to the archiver: a plain Scrapy spider and ``trafilatura.extract``.

What a developer would write in an afternoon for one WordPress site: start at the home page,
follow its pagination (``<link rel="next">``), request every post the listing links
(``h3.entry-title a`` in the theme's main column), and hand each post page to ``trafilatura.extract`` in a process pool sized
to the cores. Nothing is stored, nothing is deduplicated beyond Scrapy's own request filter, no
dates, no page classification. ``scripts/bench_crawl.py`` runs it next to the full crawl on the
same site: the archiver should be faster than this, not only better. Prints the number of pages
trafilatura returned a text for as ``articles N``.

    python scripts/plain_spider.py BASE_URL [--workers N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import scrapy
import trafilatura
from scrapy.crawler import CrawlerProcess

from archiver.localcrawl import LOCAL_SITE_SETTINGS

PLAIN_SETTINGS = {
    **LOCAL_SITE_SETTINGS,
    "LOG_LEVEL": "WARNING",
    "ROBOTSTXT_OBEY": True,
    "TELNETCONSOLE_ENABLED": False,
    # As the archive crawl sets it (see scrapy_floor.py): Scrapy's default of 100 costs CPU.
    "CONCURRENT_ITEMS": 4,
}


def extract(body: bytes, url: str) -> bool:
    """Whether trafilatura finds a main text on the page (its default settings)."""
    return trafilatura.extract(body, url=url) is not None


class PlainSpider(scrapy.Spider):
    name = "plain"

    def __init__(self, base_url: str, pool: ProcessPoolExecutor, **kwargs):
        super().__init__(**kwargs)
        self.base_url = base_url
        self.pool = pool
        self.articles = 0

    async def start(self):
        yield scrapy.Request(self.base_url, callback=self.parse_listing)

    def parse_listing(self, response):
        for href in response.css(".td-main-content h3.entry-title a::attr(href)").getall():
            yield response.follow(href, callback=self.parse_post)
        next_page = response.css('link[rel="next"]::attr(href)').get()
        if next_page:
            yield response.follow(next_page, callback=self.parse_listing)

    async def parse_post(self, response):
        future = self.pool.submit(extract, response.body, response.url)
        if await asyncio.wrap_future(future):
            self.articles += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    # forkserver: the workers are forked from a clean process, not from the threaded crawl.
    context = get_context("forkserver")
    context.set_forkserver_preload(["trafilatura"])
    with ProcessPoolExecutor(args.workers, mp_context=context) as pool:
        list(pool.map(abs, range(args.workers)))  # every worker up before the crawl starts
        process = CrawlerProcess(PLAIN_SETTINGS)
        crawler = process.create_crawler(PlainSpider)
        process.crawl(crawler, base_url=args.base_url, pool=pool)
        process.start()
    print(f"articles {crawler.spider.articles}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
