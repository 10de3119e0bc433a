"""robots.txt is the site owner's word: fetched first, its Disallow obeyed, its Crawl-delay kept.

One real crawl of a small sample site whose robots.txt asks for ``Crawl-delay: 1`` and forbids
most of the site (tags, categories, authors, date archives, the Yoast sitemaps, one article), so
the run is a dozen requests, about a second apart. The server's arrival times are the evidence.
"""

from __future__ import annotations

import pytest
from conftest import query
from hostile_site import HostileSite, run_measured_crawl, serve_hostile

from archiver.samplesite import SampleSite

CRAWL_DELAY = 1
# Arrival times are taken by the server, after the request crossed the loopback and a thread was
# scheduled: a later request can land up to a few milliseconds "early" against the one before.
CLOCK_SLACK = 0.05
FORBIDDEN_PREFIXES = ["/tag/", "/category/", "/author/", "/sitemap_index.xml", "/feed/atom/"]


def _robots_txt(site: SampleSite, forbidden_article: str) -> str:
    months = sorted({"/".join(p.path.split("/")[:3]) + "/" for p in site.published_posts()})
    rules = [
        *FORBIDDEN_PREFIXES,
        "/wp-sitemap-taxonomies",
        "/wp-sitemap-users",
        *(f"{month}$" for month in months),  # the month archive itself, not the posts under it
        forbidden_article,
    ]
    lines = ["User-agent: *", f"Crawl-delay: {CRAWL_DELAY}", *(f"Disallow: {r}" for r in rules)]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    site = SampleSite.generate(n_posts=4, seed=11)
    forbidden_article = site.published_posts()[-1].path
    hostile = HostileSite(site=site, robots_txt=_robots_txt(site, forbidden_article))
    db = tmp_path_factory.mktemp("robots") / "archive.db"
    with serve_hostile(hostile) as base_url:
        result = run_measured_crawl(base_url, db, {}, timeout=60)
    return {"hostile": hostile, "db": db, "forbidden": forbidden_article, "result": result}


def test_the_run_succeeds(crawl):
    result = crawl["result"]
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Crawl-delay of 1" in result.stderr


def test_robots_txt_is_fetched_before_anything_else(crawl):
    paths = [hit.path for hit in crawl["hostile"].hits]
    assert paths[0] == "/robots.txt"
    assert paths.count("/robots.txt") == 1


def test_requests_are_spaced_by_the_crawl_delay(crawl):
    hits = crawl["hostile"].hits
    assert len(hits) >= 6  # enough gaps to mean something
    # Before robots.txt is read nothing else is sent; from then on the slot keeps the floor.
    gaps = [later.at - earlier.at for earlier, later in zip(hits[1:], hits[2:], strict=False)]
    assert min(gaps) >= CRAWL_DELAY - CLOCK_SLACK, [round(g, 3) for g in gaps]


def test_disallowed_urls_are_never_requested(crawl):
    hostile = crawl["hostile"]
    asked = [hit.path for hit in hostile.hits]
    assert [p for p in asked if p.startswith(tuple(FORBIDDEN_PREFIXES))] == []
    assert crawl["forbidden"] not in asked


def test_allowed_articles_are_archived_and_the_forbidden_one_is_not(crawl):
    site = crawl["hostile"].site
    stored = {url for (url,) in query(crawl["db"], "SELECT url FROM articles")}
    allowed = {site.url(p.path) for p in site.published_posts() if p.path != crawl["forbidden"]}
    assert allowed <= stored
    assert site.url(crawl["forbidden"]) not in stored
