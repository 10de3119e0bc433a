"""No article lost when only the archives show it: a theme that hides a category from home, no sitemaps.

Many WordPress news themes keep a category out of the home loop and the main feeds (a
``pre_get_posts`` filter on ``is_home() || is_feed()``), and many sites have no sitemap. Then the
home pagination and ``/feed/`` never name those posts: only their category, tag, author and date
archives do. The crawler walks the home listing to its end but stops a secondary series
(category/tag/author/date) after ``ARCHIVER_LISTING_STOP_AFTER`` pages in a row that bring no
article new to the run, so this is the site where that rule could lose articles.

The site is small (200 posts) but paginated by 2, so the archives are several pages deep: some
hidden posts appear on no first page of any archive the listings link (checked below), and a
crawl that never walked past an archive's first page would miss them (measured: 19 of 44 lost with
``ARCHIVER_LISTING_STOP_AFTER=0``).
"""

from __future__ import annotations

import math
import re
from datetime import timezone
from email.utils import format_datetime
from urllib.parse import urlsplit

import pytest
from conftest import query

from archiver.localcrawl import run_crawl
from archiver.samplesite import SampleSite, serve

HIDDEN_CATEGORY = "Business"  # 44 of the 200 posts of seed 1, the largest category
POSTS_PER_PAGE = 2
SITEMAP_PATHS = [
    "/wp-sitemap.xml",
    "/wp-sitemap-posts-post-1.xml",
    "/wp-sitemap-taxonomies-category-1.xml",
    "/wp-sitemap-taxonomies-post_tag-1.xml",
    "/wp-sitemap-users-1.xml",
    "/sitemap_index.xml",
    "/post-sitemap.xml",
    "/category-sitemap.xml",
    "/post_tag-sitemap.xml",
    "/author-sitemap.xml",
]
_ENTRY = re.compile(r'<h3 class="entry-title td-module-title"><a href="([^"]+)"')
_FEED_LINK = re.compile(
    r'<link>([^<]+)</link>|<link rel="alternate" type="text/html" href="([^"]+)"'
)
_ANY_LINK = re.compile(r'(?:href="|<link>)([^"<]+)')


def _generate(**options) -> SampleSite:
    return SampleSite.generate(n_posts=200, seed=1, posts_per_page=POSTS_PER_PAGE, **options)


def _hiding_site() -> SampleSite:
    return _generate(home_excludes=(HIDDEN_CATEGORY,), sitemaps=False)


def _path(url: str) -> str:
    return urlsplit(url).path


def _listing_entries(site: SampleSite, base: str) -> list[list[str]]:
    """The post paths of each page of a listing series, walked until its first 404."""
    pages, number = [], 1
    while True:
        response = site.render(base if number == 1 else f"{base}page/{number}/")
        if response.status == 404:
            return pages
        assert response.status == 200, (base, number, response.status)
        pages.append([_path(url) for url in _ENTRY.findall(response.body.decode())])
        number += 1


def _feed_items(site: SampleSite, path: str) -> list[str]:
    body = site.render(path).body.decode()
    links = [_path(rss or atom) for rss, atom in _FEED_LINK.findall(body)]
    return [link for link in links if link != "/"]  # the channel's own link to the home page


def _linked_from_home_and_feeds(site: SampleSite) -> set[str]:
    """Every path any link of the home pages, ``/feed/`` or ``/feed/atom/`` points at."""
    total = math.ceil(len(site.home_posts()) / site.posts_per_page)
    paths = ["/"] + [f"/page/{k}/" for k in range(2, total + 1)] + ["/feed/", "/feed/atom/"]
    linked = set()
    for path in paths:
        response = site.render(path)
        assert response.status == 200, path
        linked |= {_path(url) for url in _ANY_LINK.findall(response.body.decode())}
    return linked


# --------------------------------------------------------------------- the sample site alone


@pytest.fixture(scope="module")
def site():
    return _hiding_site()


def test_options_change_where_posts_show_not_the_posts():
    plain, hiding = _generate(), _hiding_site()
    assert [p.path for p in hiding.posts] == [p.path for p in plain.posts]
    assert plain.home_posts() == plain.published_posts()
    assert len(plain.home_posts()) == 200
    with pytest.raises(ValueError, match="unknown categories"):
        _generate(home_excludes=("Sports",))


def test_home_pages_and_main_feeds_leave_the_category_out_and_paginate_what_is_left(site):
    published = site.published_posts()
    hidden = {p.path for p in published if HIDDEN_CATEGORY in p.categories}
    assert len(hidden) == 44
    home = [p.path for p in published if p.path not in hidden]
    assert [p.path for p in site.home_posts()] == home
    pages = _listing_entries(site, "/")
    assert len(pages) == math.ceil(len(home) / POSTS_PER_PAGE)  # 78, not the 100 of every post
    assert [path for page in pages for path in page] == home
    assert _feed_items(site, "/feed/") == home[:10]
    assert _feed_items(site, "/feed/atom/") == home[:10]
    newest_home = max(p.modified for p in site.home_posts()).astimezone(timezone.utc)
    for feed in ("/feed/", "/feed/atom/"):  # Last-Modified: of what the feed shows
        last_modified = site.render(feed).headers["Last-Modified"]
        assert last_modified == format_datetime(newest_home, usegmt=True)


def test_archives_post_pages_and_rest_still_show_the_hidden_posts(site):
    hidden = [p for p in site.published_posts() if HIDDEN_CATEGORY in p.categories]
    category = _listing_entries(site, f"/category/{HIDDEN_CATEGORY.lower()}/")
    assert [path for page in category for path in page] == [p.path for p in hidden]
    example = hidden[len(hidden) // 2]
    month = _listing_entries(site, f"/{example.published:%Y/%m}/")
    assert example.path in [path for page in month for path in page]
    assert site.render(example.path).status == 200
    rest = site.render("/wp-json/wp/v2/posts?per_page=100&_fields=link")
    assert rest.headers["X-WP-Total"] == "200"


def test_some_hidden_post_is_on_no_first_page_of_a_linked_archive(site):
    """What makes the crawl below exercise the walk of archive pagination, not only page 1.

    Listing pages link the category, author and month archives (tag archives only from posts).
    """
    size = site.posts_per_page
    first_pages = set()
    for key, posts in site.index.archives.items():
        if key.startswith(("category/", "author/")) or re.fullmatch(r"\d{4}/\d{2}", key):
            first_pages |= {p.path for p in posts[:size]}
    home = {p.path for p in site.home_posts()}
    deep = [p for p in site.published_posts() if p.path not in home | first_pages]
    assert len(deep) >= 10


def test_without_sitemaps_every_sitemap_url_is_the_themed_404(site):
    with_sitemaps = _generate(home_excludes=(HIDDEN_CATEGORY,))
    themed_404 = site.render("/no-such-page/")
    assert themed_404.status == 404
    for path in SITEMAP_PATHS:
        assert with_sitemaps.render(path).status == 200, path
        response = site.render(path)
        assert (response.status, response.body) == (404, themed_404.body), path
    assert "Sitemap:" in with_sitemaps.render("/robots.txt").body.decode()
    assert "Sitemap:" not in site.render("/robots.txt").body.decode()


def test_write_static_writes_the_shorter_home_series_and_no_sitemap(tmp_path):
    small = SampleSite.generate(
        n_posts=30, seed=1, home_excludes=(HIDDEN_CATEGORY,), sitemaps=False
    )
    written = small.write_static(tmp_path)
    assert not [name for name in written if "sitemap" in name]
    home_pages = [name for name in written if re.fullmatch(r"page/\d+/index\.html", name)]
    assert len(home_pages) + 1 == math.ceil(len(small.home_posts()) / small.posts_per_page)
    assert len(small.home_posts()) < len(small.published_posts())
    assert "Sitemap:" not in (tmp_path / "robots.txt").read_text()


# --------------------------------------------------------------------- one real crawl


@pytest.fixture(scope="module")
def hidden_crawl(tmp_path_factory):
    site = _hiding_site()
    db = tmp_path_factory.mktemp("hidden-from-home") / "archive.db"
    with serve(site) as base_url:
        result = run_crawl(base_url, db)
        linked_from_home = _linked_from_home_and_feeds(site)
    assert result.returncode == 0, result.stderr[-3000:]
    return site, db, base_url.rstrip("/"), linked_from_home


def test_every_published_post_archived_exactly_once(hidden_crawl):
    site, db, base, _linked = hidden_crawl
    rows = query(db, "SELECT url, title FROM articles")
    stored = dict(rows)
    assert len(stored) == len(rows)
    expected = {base + post.path: post.title for post in site.published_posts()}
    assert sorted(set(expected) - set(stored)) == []  # nothing lost
    assert stored == expected


def test_archived_posts_include_some_the_home_listing_and_feeds_never_link(hidden_crawl):
    site, db, base, linked_from_home = hidden_crawl
    archived = {_path(url) for (url,) in query(db, "SELECT url FROM articles")}
    # The sidebar and header widgets show the newest posts of every category on every page.
    only_in_archives = archived - linked_from_home
    assert only_in_archives
    hidden = {p.path for p in site.published_posts() if HIDDEN_CATEGORY in p.categories}
    assert only_in_archives <= hidden
    assert len(only_in_archives) >= 30


def test_the_crawl_asked_for_no_sitemap_beyond_the_two_indexes(hidden_crawl):
    site = hidden_crawl[0]
    asked = [(path, status) for _m, path, _h, status in site.request_log if "sitemap" in path]
    assert sorted(asked) == [("/sitemap_index.xml", 404), ("/wp-sitemap.xml", 404)]
