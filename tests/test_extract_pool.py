"""The extraction pool: same articles as inline extraction, and a page past its budget abandoned.

Real worker processes (forkserver) and real trafilatura over sample-site pages.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from scrapy.settings import Settings

from archiver.extract_pool import (
    TOO_LITTLE_TEXT,
    ExtractionFailed,
    ExtractionTimeout,
    ExtractorPool,
    RawPage,
)
from archiver.extraction import extract_article
from archiver.items import FetchedPage, PageFailed
from archiver.pipelines import ExtractedPage, ExtractionPipeline
from archiver.samplesite import SampleSite
from storage.rawhtml import decompress_html

PAGES = Path(__file__).parent / "fixtures" / "pages"

FETCHED_AT = "2024-07-24T12:00:00+00:00"


@pytest.fixture(scope="module")
def site():
    return SampleSite.generate(n_posts=12, seed=5)


def page(site: SampleSite, path: str) -> tuple[str, str]:
    """(html, url) of one rendered page of the sample site."""
    return site.render(path, {}).body.decode("utf-8"), site.url(path)


def pathological(site: SampleSite) -> tuple[str, str]:
    """A real post page with 6,000 extra blocks in its body: ~2 s of trafilatura work, many times
    the test's 0.3 s budget (2,000 blocks took 0.6-0.8 s, a thin margin: one clean-clone run of the
    suite saw that page come back without a timeout)."""
    html, url = page(site, site.published_posts()[0].path)
    at = html.index("<p>")
    padding = ("<div><p>" + "filler " * 40 + "</p></div>") * 6000
    return html[:at] + padding + html[at:], url


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def extract_all(pool: ExtractorPool, pages: list[tuple[str, str]]) -> list:
    try:
        return await asyncio.gather(*(pool.extract(html, url, FETCHED_AT) for html, url in pages))
    finally:
        pool.close()


def test_pool_gives_exactly_the_inline_articles(site):
    posts = [page(site, post.path) for post in site.published_posts()[:6]]
    draft = next(post for post in site.posts if post.status == "draft")
    non_articles = [page(site, "/"), page(site, f"/?p={draft.id}&preview=true")]
    pages = posts + non_articles
    inline = [extract_article(html, url, FETCHED_AT) for html, url in pages]

    pooled = asyncio.run(extract_all(ExtractorPool(workers=2, timeout=20), pages))

    articles = [article for article, _ in pooled]
    assert articles[: len(posts)] == inline[: len(posts)]
    assert all(article is not None for article in articles[: len(posts)])
    assert inline[len(posts) :] == [None, None]
    # The worker says what the pages without an article are: the home page lists, a draft is other.
    assert articles[len(posts) :] == ["listing", "other"]
    # ...and sends each article's page compressed as the archive stores it, nothing for the rest.
    assert [decompress_html(html_zlib) for _, html_zlib in pooled[: len(posts)]] == [
        html for html, _ in posts
    ]
    assert [html_zlib for _, html_zlib in pooled[len(posts) :]] == [None, None]


def test_a_post_too_short_to_archive_is_told_apart_from_a_page_that_is_no_article():
    # A page that only its markup calls an article (no structured data, no WordPress post class):
    # with a line of text it is a stub. (Strong evidence would keep it, flagged "short".)
    html = (PAGES / "plain-article-markup.html").read_text(encoding="utf-8")
    start = html.index('<div class="storytext">')
    end = html.index("</article>")
    stub = html[:start] + "<div><p>Too short.</p></div>" + html[end:]
    url = "https://prairieregister.example/news/story.php?id=4471"

    result = asyncio.run(extract_all(ExtractorPool(workers=0, timeout=20), [(stub, url)]))

    assert result == [(TOO_LITTLE_TEXT, None)]


def test_page_past_its_budget_is_abandoned_and_the_pool_keeps_working(site):
    slow_html, slow_url = pathological(site)
    normal_html, normal_url = page(site, site.published_posts()[1].path)

    async def scenario():
        pool = ExtractorPool(workers=1, timeout=0.3)
        try:
            with pytest.raises(ExtractionTimeout):
                await pool.extract(slow_html, slow_url, FETCHED_AT)
            # The same single worker answers the next page: the budget did not kill it.
            return await pool.extract(normal_html, normal_url, FETCHED_AT)
        finally:
            pool.close()

    article, _ = asyncio.run(scenario())

    assert article == extract_article(normal_html, normal_url, FETCHED_AT)
    assert article.title == site.published_posts()[1].title


@pytest.mark.parametrize("fate", ["killed", "stopped"])
def test_a_worker_lost_on_a_page_costs_that_page_only(site, fate):
    """A worker killed (a crash, the OOM killer) or frozen where the budget cannot reach it (a hang
    in C code; SIGSTOP here) fails the page it held; the pages queued behind it are extracted by
    its replacement, and the pool goes on."""
    slow_html, slow_url = pathological(site)
    pages = [page(site, post.path) for post in site.published_posts()[3:6]]

    async def scenario():
        pool = ExtractorPool(workers=1, timeout=1, hang_grace=0.5)
        try:
            await asyncio.to_thread(pool.start)
            (first_pid,) = pool.worker_pids()
            slow = asyncio.ensure_future(pool.extract(slow_html, slow_url, FETCHED_AT))
            queued = [asyncio.ensure_future(pool.extract(h, u, FETCHED_AT)) for h, u in pages]
            await asyncio.sleep(0.3)  # all four are in the worker's pipe, the slow one first
            os.kill(first_pid, signal.SIGKILL if fate == "killed" else signal.SIGSTOP)
            with pytest.raises(ExtractionFailed if fate == "killed" else ExtractionTimeout):
                await slow
            articles = await asyncio.gather(*queued)
            return first_pid, pool.worker_pids(), articles
        finally:
            pool.close()

    first_pid, pids, results = asyncio.run(scenario())

    assert [article for article, _ in results] == [
        extract_article(html, url, FETCHED_AT) for html, url in pages
    ]
    assert len(pids) == 1 and pids != [first_pid]
    assert not alive(first_pid)


def test_a_page_that_breaks_the_extractor_fails_alone(site):
    html, url = page(site, site.published_posts()[0].path)

    async def scenario():
        pool = ExtractorPool(workers=1, timeout=20)
        try:
            with pytest.raises(ExtractionFailed, match="TypeError"):
                await pool.extract(None, url, FETCHED_AT)  # type: ignore[arg-type]
            return pool.worker_pids(), await pool.extract(html, url, FETCHED_AT)
        finally:
            pool.close()

    pids, (article, _) = asyncio.run(scenario())

    assert len(pids) == 1  # the same worker, still there
    assert article == extract_article(html, url, FETCHED_AT)


@pytest.mark.parametrize("workers", [1, 2])
def test_workers_are_replaced_after_their_pages_with_nothing_lost(site, workers):
    """After ``pages_per_worker`` pages a worker gives way to a fresh one (whatever trafilatura
    keeps between pages cannot grow over a long backfill); every page still comes back right."""
    pages = [page(site, post.path) for post in site.published_posts()[:9]]
    seen_pids: set[int] = set()

    async def scenario():
        pool = ExtractorPool(workers=workers, timeout=20, pages_per_worker=2)
        try:
            results = []
            for html, url in pages:
                results.append(await pool.extract(html, url, FETCHED_AT))
                seen_pids.update(pool.worker_pids())
            return results
        finally:
            pool.close()

    results = asyncio.run(scenario())

    assert [article for article, _ in results] == [
        extract_article(html, url, FETCHED_AT) for html, url in pages
    ]
    assert len(seen_pids) >= 9 // 2  # a new process every two pages
    assert not any(alive(pid) for pid in seen_pids)


def test_workers_give_way_one_at_a_time(site):
    """Pages arriving all at once: the workers are replaced in turn, never two at the same time,
    so the pool never runs more processes than its size (each one is a whole interpreter with
    trafilatura in it)."""
    pages = [page(site, post.path) for post in site.published_posts()] * 8
    most_at_once = 0

    async def scenario():
        nonlocal most_at_once
        pool = ExtractorPool(workers=2, timeout=20, pages_per_worker=40)
        done = asyncio.Event()

        async def count_processes():
            nonlocal most_at_once
            while not done.is_set():
                running = [pid for pid in pool.worker_pids() if alive(pid)]
                most_at_once = max(most_at_once, len(running))
                await asyncio.sleep(0.002)

        counting = asyncio.ensure_future(count_processes())
        try:
            return await asyncio.gather(*(pool.extract(h, u, FETCHED_AT) for h, u in pages))
        finally:
            done.set()
            await counting
            pool.close()

    results = asyncio.run(scenario())

    assert [article for article, _ in results] == [
        extract_article(html, url, FETCHED_AT) for html, url in pages
    ]
    assert most_at_once == 2


def test_inline_pool_starts_no_process():
    pool = ExtractorPool(workers=0, timeout=20)
    pool.start()
    assert pool.worker_pids() == []


def test_start_forks_every_worker_before_any_page_and_never_after_close(site):
    pool = ExtractorPool(workers=2, timeout=20)
    started = threading.Thread(target=pool.start)
    started.start()
    started.join(timeout=60)
    workers = pool.worker_pids()  # forked, warmed up or warming up
    html, url = page(site, site.published_posts()[0].path)

    async def first_page():
        try:
            return await pool.extract(html, url, FETCHED_AT)
        finally:
            pool.close()

    assert len(workers) == 2 and all(alive(pid) for pid in workers)
    article, _ = asyncio.run(first_page())
    assert article.title
    assert not any(alive(pid) for pid in workers)
    pool.start()  # a crawl shorter than the pool's start: nothing is started after close
    assert pool.worker_pids() == []


@pytest.mark.parametrize(("mode", "started"), [("backfill", True), ("fresh", False)])
def test_a_backfill_starts_the_workers_when_the_spider_opens_a_fresh_run_does_not(mode, started):
    """A fresh run often fetches no article: the pool would cost it ~1 s of CPU and ~120 MB."""
    settings = Settings({"ARCHIVER_EXTRACT_WORKERS": 1, "ARCHIVER_EXTRACT_TIMEOUT": 20})
    crawler = SimpleNamespace(settings=settings, stats=None, spider=SimpleNamespace(mode=mode))
    pipeline = ExtractionPipeline.from_crawler(crawler)
    try:
        pipeline.open_spider()
        starting = [t for t in threading.enumerate() if t.name == "extraction-pool-start"]
        for thread in starting:
            thread.join(timeout=60)
        assert len(pipeline.pool.worker_pids()) == started
    finally:
        pipeline.close_spider()


def test_the_site_profiles_chrome_reaches_the_worker():
    """A tagDiv theme prints today's date in its header (``td_data_time``): the WordPress
    profile's chrome removes it before htmldate reads the page, which then finds the post's own
    day; a profile without that chrome (generic) leaves the header in, htmldate's answer is the
    day of viewing, which is dropped, and the day is the first the article prints past the
    header's. Named per page, the profile decides in the worker. (A standfirst longer than
    one between headline and byline, so that the byline's day is no dateline, which would decide
    before htmldate.)"""
    html = (PAGES / "header-date-visible-byline.html").read_text(encoding="utf-8")
    standfirst = (
        '<p class="td-post-sub-title">Mills in Tiruppur and Surat say the duty on raw cotton, '
        "eleven percent since the start of the season, now decides whether they keep their "
        "European orders or lose them to Bangladesh and Vietnam, and they want it lifted. "
        "Spinners say the yarn they sell abroad is already priced below cost, and that two more "
        "months of it would close the smaller mills of both towns for good, whatever the "
        "government decides on the duty after the harvest.</p>"
    )
    html = html.replace(
        '<div class="td-module-meta-info">', standfirst + '<div class="td-module-meta-info">'
    )
    url = "https://megalopreneur.com/textile-exporters-cotton-prices/"

    async def both() -> list:
        pool = ExtractorPool(workers=1, timeout=20)
        try:
            return [
                await pool.extract(html, url, "2024-07-24T09:00:00+00:00", profile)
                for profile in ("wordpress", "generic", None)
            ]
        finally:
            pool.close()

    (wordpress, _), (generic, _), (unnamed, _) = asyncio.run(both())
    assert (wordpress.published_at, wordpress.published_source) == ("2024-03-03", "htmldate")
    assert (generic.published_at, generic.published_source) == ("2024-03-03", "printed")
    assert unnamed == wordpress  # no profile named: every profile's chrome, where it applies


def _fetched(html: bytes, url: str, encoding: str = "utf-8") -> FetchedPage:
    return FetchedPage(url=url, body=html, encoding=encoding, status=200, fetched_at=FETCHED_AT)


def test_the_size_limit_counts_a_pages_characters_not_its_bytes():
    """A Chinese post takes three UTF-8 bytes a character: a limit between its characters and
    its bytes lets it through; a limit under its characters turns it away as too large."""
    html = (PAGES / "chinese-blog-post.html").read_text(encoding="utf-8")
    body, url = html.encode("utf-8"), "https://xiaolan.example/2024/03/chaguan/"
    assert len(body) > len(html) + 500

    def process(max_chars: int) -> object:
        pipeline = ExtractionPipeline(workers=0, timeout=20.0, max_chars=max_chars)
        return asyncio.run(pipeline.process_item(_fetched(body, url)))

    archived = process(len(html) + 250)
    assert isinstance(archived, ExtractedPage)
    assert decompress_html(archived.html_zlib) == html
    refused = process(len(html) - 1)
    assert isinstance(refused, PageFailed) and refused.reason == "too-large"
    assert refused.message == f"{len(html)} characters"


def test_a_worker_reads_a_page_handed_over_as_bytes_in_the_charset_they_show():
    """The spider hands a page over as its bytes and declared charset: the worker decodes them,
    and a page labelled UTF-8 whose bytes are cp1252 still gets its accents."""
    html = (PAGES / "plain-article-markup.html").read_text(encoding="utf-8")
    at = html.index("<p>") + 3
    accented = (
        html[:at] + "Le café de la gare a rouvert, à la grande joie des habitués. " + html[at:]
    )
    url = "https://gazette-locale.fr/2024/07/cafe-gare/"
    pool = ExtractorPool(workers=1, timeout=20.0)

    async def run():
        try:
            return await pool.extract(RawPage(accented.encode("cp1252"), "utf-8"), url, FETCHED_AT)
        finally:
            pool.close()

    article, html_zlib = asyncio.run(run())
    assert "Le café de la gare a rouvert" in article.text
    assert decompress_html(html_zlib) == accented
