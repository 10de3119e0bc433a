"""End to end: a real ``scrapy crawl megalopreneur`` over HTTP into a real SQLite archive.

The sample site (``archiver.samplesite``) is served on 127.0.0.1; the crawl runs in a subprocess;
the assertions read the archive file the way a user would.
"""

from __future__ import annotations

import json

import pytest
from conftest import chrome_in, query

from archiver.localcrawl import run_crawl
from archiver.samplesite import SampleSite, serve
from storage.rawhtml import decompress_html

SEED_SLUG = "india-quad-message-russia-north-korea-arms-deals"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """The sample site crawled once into a fresh archive, then a second time unchanged."""
    site = SampleSite.generate(n_posts=120, seed=3)
    db = tmp_path_factory.mktemp("crawl") / "archive.db"
    with serve(site) as base_url:
        first = run_crawl(base_url, db)
        first_requests = len(site.request_log)
        second = run_crawl(base_url, db)
        second_requests = len(site.request_log) - first_requests
    return {
        "site": site,
        "db": db,
        "base_url": base_url,
        "runs": (first, second),
        "requests": (first_requests, second_requests),
    }


def test_crawl_exits_zero_and_logs_a_summary(crawled):
    for run in crawled["runs"]:
        assert run.returncode == 0, run.stderr[-3000:]
        assert "archiver run" in run.stderr


def test_every_published_post_archived_exactly_once_with_title_and_date(crawled):
    site, base = crawled["site"], crawled["base_url"].rstrip("/")
    rows = query(crawled["db"], "SELECT url, title, published_at, evidence FROM articles")
    stored = {url: (title, published) for url, title, published, _ in rows}
    assert len(rows) == len(stored)  # unique URLs
    expected = {base + post.path: post for post in site.published_posts()}
    assert set(stored) == set(expected)
    for url, post in expected.items():
        title, published = stored[url]
        assert title == post.title
        assert published == post.published.isoformat()
    # Why each page was taken for an article is on its row: here the WordPress post body class.
    assert {json.loads(evidence)[0] for *_, evidence in rows} == {"wp:single-post"}


def test_no_listing_draft_private_attachment_or_feed_is_stored(crawled):
    urls = [url for (url,) in query(crawled["db"], "SELECT url FROM articles")]
    for url in urls:
        assert "/page/" not in url
        assert "/feed" not in url
        assert "/attachment/" not in url
        assert "?" not in url
    titles = [title for (title,) in query(crawled["db"], "SELECT title FROM articles")]
    assert not [t for t in titles if t.startswith("Private:")]


def test_no_chrome_phrase_in_stored_text(crawled):
    for url, text in query(crawled["db"], "SELECT url, text FROM articles"):
        assert chrome_in(text) == [], url


def test_seed_article_found_by_full_text_search(crawled):
    rows = query(
        crawled["db"],
        "SELECT articles.url, articles.published_at FROM articles_fts "
        "JOIN articles ON articles.id = articles_fts.rowid WHERE articles_fts MATCH 'quad'",
    )
    assert [url for url, _ in rows if SEED_SLUG in url], rows
    seed = [published for url, published in rows if SEED_SLUG in url][0]
    assert seed == "2023-09-22T18:30:00+05:30"  # the page's metadata, not the header date line


def test_fts_in_sync_and_raw_html_kept(crawled):
    (articles,) = query(crawled["db"], "SELECT count(*) FROM articles")[0]
    (fts,) = query(crawled["db"], "SELECT count(*) FROM articles_fts")[0]
    (raw,) = query(crawled["db"], "SELECT count(*) FROM raw_pages")[0]
    assert fts == articles == raw
    # The page as served, byte for byte once decompressed (the extraction worker compresses it).
    seed = crawled["site"].post_by_slug(SEED_SLUG)
    ((html_zlib,),) = query(
        crawled["db"],
        "SELECT html_zlib FROM raw_pages JOIN articles ON articles.id = raw_pages.article_id "
        "WHERE articles.url LIKE ?",
        (f"%{seed.path}",),
    )
    assert decompress_html(html_zlib) == crawled["site"].render(seed.path, {}).body.decode()


def test_second_crawl_is_incremental(crawled):
    site = crawled["site"]
    (count,) = query(crawled["db"], "SELECT count(*) FROM articles")[0]
    assert count == len(site.published_posts())
    first, second = crawled["requests"]
    # robots.txt, home + 1 page, 2 feeds, 2 sitemap indexes + 2 post sitemaps, REST: no article
    assert second <= 10, (first, second)
    runs = query(
        crawled["db"],
        "SELECT mode, status, articles_new, articles_revised, requests_total FROM crawl_runs ORDER BY id",
    )
    assert [(mode, status) for mode, status, *_ in runs] == [("backfill", "ok"), ("fresh", "ok")]
    assert runs[0][2] == count
    assert runs[1][2:4] == (0, 0)


def test_run_ledger_counts_requests_by_kind(crawled):
    (stats,) = query(crawled["db"], "SELECT stats FROM crawl_runs ORDER BY id LIMIT 1")[0]
    row = query(
        crawled["db"],
        "SELECT requests_total, requests_listing, requests_article, requests_feed, "
        "requests_sitemap FROM crawl_runs ORDER BY id LIMIT 1",
    )[0]
    total, listing, article, feed, sitemap = row
    assert article >= len(crawled["site"].published_posts())
    assert listing > 0 and feed > 0 and sitemap > 0
    assert total >= listing + article + feed + sitemap
    assert json.loads(stats)["archiver/mode"] == "backfill"
