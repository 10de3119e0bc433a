"""One article, one row: a crawl of the sample site with every alias, copy and trap switched on.

The site links each article under tracking parameters, share and reply links, fragments, a missing
slash, a percent-encoded slug and AMP forms; it publishes an exact syndicated copy and a near
duplicate; it offers an endless calendar, search links, per-post feeds, login/xmlrpc/oEmbed links and
a page past the end of its pagination that answers 200. The crawl must store each article once, link
the copies, request no trap and stay within a stated request budget.
"""

from __future__ import annotations

import pytest
from conftest import query

from archiver.localcrawl import run_crawl
from archiver.samplesite import SampleSite, serve

# Trap kinds of the sample site that must never be requested at all.
NEVER_REQUESTED = (
    "calendar", "search", "post_feed", "login", "xmlrpc", "oembed", "share", "replytocom",
    "draft_preview", "tracking", "amp", "amp_query", "percent_encoded",
)  # fmt: skip


@pytest.fixture(scope="module")
def variant_crawl(tmp_path_factory):
    site = SampleSite.generate(n_posts=80, seed=7, variants=True)
    db = tmp_path_factory.mktemp("variants") / "archive.db"
    with serve(site) as base_url:
        result = run_crawl(base_url, db)
    assert result.returncode == 0, result.stderr[-3000:]
    return site, db, base_url.rstrip("/")


def test_each_distinct_article_stored_exactly_once(variant_crawl):
    site, db, base = variant_crawl
    urls = [url for (url,) in query(db, "SELECT url FROM articles")]
    assert sorted(urls) == sorted(base + path for path in site.distinct_articles())


def test_syndicated_and_near_duplicate_copies_are_linked_not_merged(variant_crawl):
    site, db, base = variant_crawl
    assert {kind for _, kind in site.copies.values()} == {"exact", "near"}
    for copy_path, (original_path, kind) in site.copies.items():
        rows = query(
            db,
            "SELECT c.duplicate_kind, o.url FROM articles c JOIN articles o ON o.id = c.duplicate_of "
            "WHERE c.url = ?",
            (base + copy_path,),
        )
        assert rows == [(kind, base + original_path)]
    (unlinked,) = query(db, "SELECT count(*) FROM articles WHERE duplicate_of IS NULL")[0]
    assert unlinked == len(site.distinct_articles()) - len(site.copies)


def test_no_trap_url_is_ever_requested(variant_crawl):
    site, _db, _base = variant_crawl
    requested = {path for _method, path, _headers, _status in site.request_log}
    for kind in NEVER_REQUESTED:
        for path in site.variant_urls[kind]:
            assert path.split("#")[0] not in requested, (kind, path)
    assert not [p for p in requested if "/calendar/" in p or "?m=" in p or "?s=" in p]


def test_request_budget(variant_crawl):
    """requests <= articles + listing pages + one past-the-end page per listing + a constant."""
    site, db, _base = variant_crawl
    total, listing, article = query(
        db, "SELECT requests_total, requests_listing, requests_article FROM crawl_runs"
    )[0]
    articles = len(site.distinct_articles())
    private = len(site.variant_urls["private"])  # look like posts until fetched
    assert article <= articles + private + 2
    paths = [path for _m, path, _h, _s in site.request_log]
    assert len(paths) == len(set(paths)), "a URL was requested twice"
    listing_pages = [p for p in paths if "/page/" in p or p.count("/") <= 3]
    ends = [
        path for _m, path, _h, status in site.request_log
        if status == 404 or path in site.variant_urls["past_end"]
    ]  # fmt: skip
    assert len(ends) <= len({p.split("page/")[0] for p in listing_pages}) + 4
    # robots.txt, 2 feeds, 2 sitemap indexes and their (at most 8) child sitemaps
    assert total <= article + listing + 13


def test_aliases_resolve_to_the_article(variant_crawl):
    site, db, base = variant_crawl
    seed = site.post_by_slug("india-quad-message-russia-north-korea-arms-deals")
    rows = query(
        db,
        "SELECT a.url FROM aliases x JOIN articles a ON a.id = x.article_id WHERE x.url = ?",
        (f"{base}/?p={seed.id}",),
    )
    assert rows == [(base + seed.path,)]
