"""The archive pipeline writes its batch once the pages it holds weigh enough, whatever their
count: the batch is the crawl process's largest buffer, and heavy pages must not make it big.

A real Scrapy crawler's pipeline, real extraction of heavy-theme sample pages, real SQLite."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from dataclasses import replace

import scrapy
from scrapy.utils.test import get_crawler

from archiver.extract_pool import extract_for_archive
from archiver.items import FetchedPage
from archiver.pipelines import BATCH_MAX_BYTES, ArchivePipeline, ExtractedPage
from archiver.samplesite import SampleSite

FETCHED_AT = "2024-07-24T12:00:00+00:00"


class SiteSpider(scrapy.Spider):
    name = "wordpress"
    mode = "backfill"
    base_url = "http://127.0.0.1:8642/"


def extracted_pages(count: int) -> list[ExtractedPage]:
    site = SampleSite.generate(n_posts=count, seed=7, page_kb=100)
    pages = []
    for post in site.published_posts()[:count]:
        url = site.url(post.path)
        html = site.render(post.path, {}).body.decode("utf-8")
        article, html_zlib = extract_for_archive(html, url, FETCHED_AT, "wordpress")
        pages.append(
            ExtractedPage(
                FetchedPage(url, html.encode(), "utf-8", 200, FETCHED_AT), article, html_zlib
            )
        )
    return pages


def archived(db_path) -> int:
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as connection:
        return connection.execute("SELECT count(*) FROM articles").fetchone()[0]


def archived_after_each(db_path, pages: list[ExtractedPage]) -> list[int]:
    """The articles archived after each of ``pages`` went through the pipeline (batches of up to
    1,000 pages by count), then closed."""
    crawler = get_crawler(SiteSpider, {"ARCHIVER_DB": str(db_path), "ARCHIVER_BATCH_SIZE": "1000"})
    crawler.spider = SiteSpider()
    pipeline = ArchivePipeline.from_crawler(crawler)
    seen = []

    async def scenario():
        await pipeline.open_spider()
        for page in pages:
            await pipeline.process_item(page)
            seen.append(archived(db_path))
        await pipeline.close_spider()
        await pipeline.finish_run(crawler.spider, "finished")

    asyncio.run(scenario())
    return seen


def weight(pages: list[ExtractedPage]) -> int:
    """The pages' compressed HTML and UTF-8 texts, in bytes."""
    return sum(len(page.html_zlib) + len(page.article.text.encode()) for page in pages)


def test_a_batch_of_heavy_pages_is_written_by_weight_before_its_count(tmp_path):
    db_path = tmp_path / "archive.db"
    pages = extracted_pages(60)
    assert weight(pages) > BATCH_MAX_BYTES  # more than one batch by weight, far from one by count
    seen = archived_after_each(db_path, pages)

    # Written while the pages came, a batch at a time, each well short of 1,000 pages.
    first = next(count for count in seen if count)
    assert 0 < first < len(pages)
    assert seen[-1] < len(pages)  # the last pages wait for the close
    assert archived(db_path) == len(pages)  # and none is lost


def test_a_batch_of_cjk_texts_is_weighed_in_bytes_not_characters(tmp_path):
    db_path = tmp_path / "archive.db"
    text = "港湾の浚渫工事が月曜日に始まった。" * 7_000  # ~119,000 characters, ~357 KB in UTF-8
    pages = [
        ExtractedPage(page.page, replace(page.article, text=text), page.html_zlib)
        for page in extracted_pages(3)
    ]
    characters = sum(len(page.html_zlib) + len(page.article.text) for page in pages)
    assert characters < BATCH_MAX_BYTES < weight(pages)
    seen = archived_after_each(db_path, pages)

    assert seen == [0, 0, 3]  # the third text fills the batch's megabyte: written there
