"""``scrapy crawl news`` on two kinds of site: the WordPress sample and a Jekyll/minima blog.

Nothing tells the spider which kind it faces: it picks the site profile from the home page
(WordPress's REST ``Link`` header, generator meta, ``/wp-content/`` assets; else generic) and
finds the posts of the static site by structure: robots.txt's ``Sitemap:`` line, the feed the
home page announces, ``/page2/`` pagination, category, tag and year archive pages. Each site is
crawled twice; the assertions are the WordPress sample's (tests/test_crawl.py).
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from conftest import chrome_in, query

from archiver.localcrawl import run_crawl
from archiver.samplesite import SampleSite, serve
from archiver.samplesite.jekyll import JekyllSite


def _post_path(site, post) -> str:
    return site.path(post) if isinstance(site, JekyllSite) else post.path


@pytest.fixture(scope="module", params=["wordpress", "jekyll"])
def crawled(request, tmp_path_factory):
    site = (
        SampleSite.generate(n_posts=80, seed=6)
        if request.param == "wordpress"
        else JekyllSite.generate(n_posts=80, seed=6)
    )
    db = tmp_path_factory.mktemp(request.param) / "archive.db"
    with serve(site) as base_url:
        first = run_crawl(base_url, db, spider="news")
        mark = len(site.request_log)
        second = run_crawl(base_url, db, spider="news")
        rerun = site.request_log[mark:]
    return {
        "kind": request.param,
        "site": site,
        "db": db,
        "base": base_url.rstrip("/"),
        "runs": (first, second),
        "rerun": rerun,
    }


def test_both_runs_succeed_with_the_sites_profile(crawled):
    for run in crawled["runs"]:
        assert run.returncode == 0, run.stderr[-3000:]
        assert "Warning" not in run.stderr  # the short log of a run that went well: no noise
    profiles = [
        json.loads(stats)["archiver/profile"]
        for (stats,) in query(crawled["db"], "SELECT stats FROM crawl_runs ORDER BY id")
    ]
    expected = "wordpress" if crawled["kind"] == "wordpress" else "generic"
    assert profiles == [expected, expected]


def test_every_post_archived_exactly_once_with_title_date_and_author(crawled):
    site, base = crawled["site"], crawled["base"]
    rows = query(crawled["db"], "SELECT url, title, published_at, authors FROM articles")
    stored = {
        url: (title, published, json.loads(authors)) for url, title, published, authors in rows
    }
    assert len(rows) == len(stored)
    expected = {base + _post_path(site, post): post for post in site.published_posts()}
    assert set(stored) == set(expected)
    for url, post in expected.items():
        assert stored[url] == (post.title, post.published.isoformat(), [post.author]), url


def test_no_listing_page_or_static_page_is_stored(crawled):
    for (url,) in query(crawled["db"], "SELECT url FROM articles"):
        path = url.removeprefix(crawled["base"])
        assert not path.startswith(("/page", "/tags/", "/categories/", "/archives/", "/about/"))
        assert "/page/" not in path and "/feed" not in path and "?" not in path


@pytest.mark.parametrize("crawled", ["jekyll"], indirect=True)
def test_archive_pages_saying_blogposting_are_listings_one_post_or_several(crawled):
    """The static blog's year and month archives carry a ``BlogPosting`` JSON-LD block (its seo
    include dates every dated page), and many months hold one post: the crawl reads each of
    them and archives none, while every post they list is archived under its own URL."""
    site, base = crawled["site"], crawled["base"]
    by_month = Counter((p.published.year, p.published.month) for p in site.published_posts())
    one_post = {f"/archives/{y}/{m:02d}/" for (y, m), count in by_month.items() if count == 1}
    asked = {path for _m, path, _h, status in crawled["site"].request_log if status == 200}
    assert one_post and one_post <= asked
    assert any(
        path.startswith("/archives/") and len(path) == len("/archives/2024/") for path in asked
    )
    stored = {url for (url,) in query(crawled["db"], "SELECT url FROM articles")}
    assert not {url for url in stored if "/archives/" in url}
    assert {base + site.path(p) for p in site.published_posts()} <= stored


def test_no_chrome_phrase_in_stored_text(crawled):
    for url, text in query(crawled["db"], "SELECT url, text FROM articles"):
        assert chrome_in(text) == [], url


def test_a_rerun_with_nothing_new_costs_at_most_ten_requests(crawled):
    assert len(crawled["rerun"]) <= 10, [path for _m, path, _h, _s in crawled["rerun"]]
    new, revised = query(
        crawled["db"], "SELECT articles_new, articles_revised FROM crawl_runs ORDER BY id DESC"
    )[0]
    assert (new, revised) == (0, 0)


def test_a_profile_that_finds_no_article_on_a_site_with_posts_fails_the_run(tmp_path):
    """The WordPress profile forced on the static blog finds nothing (its shapes, feeds and
    sitemaps are not there): the run must not say ``ok``, and the summary says why."""
    site = JekyllSite.generate(n_posts=20, seed=6)
    db = tmp_path / "archive.db"
    with serve(site) as base_url:
        run = run_crawl(base_url, db, spider="wordpress")
    assert run.returncode == 1, run.stderr[-3000:]
    assert "no article found: the site answered" in run.stderr
    assert query(db, "SELECT status, articles_new FROM crawl_runs") == [("failed", 0)]


def test_gzipped_sitemap_index_and_news_sitemap_are_read_whole(tmp_path):
    """robots.txt names a gzipped sitemap index (a ``.xml.gz`` file, no Content-Encoding) whose
    children are a gzipped posts sitemap and a news sitemap served gzip-encoded: every post is
    archived once, and since both sitemaps were read whole, posts deleted from either are
    noticed on the next run (re-checked because no sitemap lists them any more: 404, gone)."""
    site = JekyllSite.generate(n_posts=40, seed=8, sitemaps="news-gz")
    db = tmp_path / "archive.db"
    with serve(site) as base_url:
        first = run_crawl(base_url, db, spider="news")
        asked = {path: status for _m, path, _h, status in site.request_log}
        newest, older = site.published_posts()[0], site.published_posts()[-1]
        for post in (newest, older):
            site.delete_post(post.id)
        second = run_crawl(base_url, db, spider="news")
    for run in (first, second):
        assert run.returncode == 0, run.stderr[-3000:]
    for path in ("/sitemap_index.xml.gz", "/sitemap-posts.xml.gz", "/news-sitemap.xml"):
        assert asked.get(path) == 200, path
    assert "/sitemap.xml" not in asked
    base = base_url.rstrip("/")
    gone = {base + site.path(post) for post in (newest, older)}
    rows = dict(query(db, "SELECT url, gone_at IS NOT NULL FROM articles"))
    assert len(rows) == 40
    assert {url for url, is_gone in rows.items() if is_gone} == gone
    stats = json.loads(query(db, "SELECT stats FROM crawl_runs ORDER BY id")[0][0])
    assert not any(key.startswith("archiver/failures/sitemap") for key in stats)


def test_a_json_feed_is_discovered_and_its_dates_say_what_changed(tmp_path):
    """The home page announces a JSON Feed (``application/feed+json``) and no Atom feed; the
    newest posts are in the news sitemap only, whose publication dates do not move on an edit:
    the feed's ``date_modified`` alone says the newest post was edited, and the next run
    fetches that post again and archives its new version, and nothing else."""
    site = JekyllSite.generate(n_posts=30, seed=10, sitemaps="news-gz", feed="json")
    db = tmp_path / "archive.db"
    with serve(site) as base_url:
        first = run_crawl(base_url, db, spider="news")
        newest = site.published_posts()[0]
        site.edit_post(newest.id)
        mark = len(site.request_log)
        second = run_crawl(base_url, db, spider="news")
        rerun = [(path, status) for _m, path, _h, status in site.request_log[mark:]]
    for run in (first, second):
        assert run.returncode == 0, run.stderr[-3000:]
    assert ("/feed.json", 200) in rerun and "/feed.xml" not in dict(rerun)
    articles = [path for path, _ in rerun if path == site.path(newest)]
    assert articles == [site.path(newest)]
    assert query(
        db, "SELECT articles_new, articles_revised FROM crawl_runs ORDER BY id DESC LIMIT 1"
    ) == [(0, 1)]
    url = base_url.rstrip("/") + site.path(newest)
    assert query(db, "SELECT revision_count FROM articles WHERE url = ?", (url,)) == [(1,)]
