"""What stock Scrapy alone costs per page on this machine: the floor under any Scrapy crawl.

Fetches the URLs listed in a file (one per line) with the archive crawl's concurrency and a callback
that only decodes each page: no link read, nothing extracted or stored. Its CPU time per page is
what Scrapy's engine, scheduler, downloader, middlewares and Twisted's HTTP client spend whatever
the spider does, so the crawl's own code costs what the crawl spends above it.
``scripts/bench_crawl.py --floor`` runs it on the article URLs its crawl archived and reports it
beside the crawl; prints the pages fetched.

    python scripts/scrapy_floor.py URLS_FILE
"""

from __future__ import annotations

import sys
from pathlib import Path

import scrapy
from scrapy.crawler import CrawlerProcess

from archiver.localcrawl import LOCAL_SITE_SETTINGS

FLOOR_SETTINGS = {
    **LOCAL_SITE_SETTINGS,
    "LOG_LEVEL": "WARNING",
    "ROBOTSTXT_OBEY": False,
    "TELNETCONSOLE_ENABLED": False,
    # As the archive crawl sets it: Scrapy's default of 100 starts 100 asyncio tasks per response
    # (1.6 -> 3.1 CPU-ms per page here), which would make the floor a ceiling.
    "CONCURRENT_ITEMS": 4,
}


class FloorSpider(scrapy.Spider):
    name = "floor"

    def __init__(self, urls: list[str], **kwargs):
        super().__init__(**kwargs)
        self.urls = urls
        self.pages = 0

    async def start(self):
        for url in self.urls:
            yield scrapy.Request(url, callback=self.parse, dont_filter=True)

    def parse(self, response):
        if response.text:
            self.pages += 1


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.exit(__doc__)
    urls = Path(args[0]).read_text("utf-8").split()
    process = CrawlerProcess(FLOOR_SETTINGS)
    crawler = process.create_crawler(FloorSpider)
    process.crawl(crawler, urls=urls)
    process.start()
    print(crawler.spider.pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
