"""Discovery's pure rules: what a link probably is, listing pagination, change signals, feeds."""

import pytest

from archiver.discovery import (
    FeedEntry,
    changed_since,
    link_kind,
    listing_page,
    page_url,
    parse_feed,
    parse_rest_posts,
)

BASE = "https://megalopreneur.com"


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/2023/09/india-quad-message-russia-north-korea-arms-deals/", "article"),
        ("/2023/09/22/india-quad-message-russia-north-korea-arms-deals/", "article"),
        ("/2023/09/2024-elections-explained/", "article"),
        ("/", "listing"),
        ("/page/7/", "listing"),
        ("/category/world/", "listing"),
        ("/category/world/asia/page/2/", "listing"),
        ("/tag/quad/", "listing"),
        ("/author/jane-doe/page/3/", "listing"),
        ("/2023/", "listing"),
        ("/2023/09/", "listing"),
        ("/2023/09/22/", "listing"),
        ("/2023/09/page/2/", "listing"),
        ("/about/", "other"),
        ("/wp-sitemap.xml", "other"),
    ],
)
def test_link_kind_from_url_shape(path, kind):
    assert link_kind(BASE + path) == kind


def test_listing_page_splits_series_and_page_number():
    assert listing_page(f"{BASE}/category/world/page/3/").series == f"{BASE}/category/world/"
    assert listing_page(f"{BASE}/category/world/page/3/").page == 3
    assert listing_page(f"{BASE}/").page == 1
    assert listing_page(f"{BASE}/page/2/").series == f"{BASE}/"
    assert page_url(f"{BASE}/tag/quad/", 2) == f"{BASE}/tag/quad/page/2/"
    assert page_url(f"{BASE}/tag/quad/", 1) == f"{BASE}/tag/quad/"


@pytest.mark.parametrize(
    ("signal", "modified", "fetched", "changed"),
    [
        ("2024-01-02T00:00:00+00:00", "2024-01-01T00:00:00+00:00", None, True),
        ("2024-01-01T00:00:01+00:00", "2024-01-01T05:30:00+05:30", None, True),
        ("2024-01-01T05:30:00+05:30", "2024-01-01T00:00:00+00:00", None, False),
        ("2024-01-01", None, "2024-06-01T00:00:00+00:00", False),
        ("2024-07-01", None, "2024-06-01T00:00:00+00:00", True),
        (None, "2024-01-01T00:00:00+00:00", None, False),
        ("not a date", "2024-01-01T00:00:00+00:00", None, False),
    ],
)
def test_changed_since_compares_aware_times(signal, modified, fetched, changed):
    assert changed_since(signal, modified, fetched) is changed


RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>MegaloPreneur</title>
<item><title>One</title><link>https://megalopreneur.com/2024/07/one/</link>
<pubDate>Tue, 23 Jul 2024 10:00:00 +0000</pubDate></item>
<item><title>No link</title></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>MegaloPreneur</title>
<entry><title>Two</title><link rel="alternate" href="https://megalopreneur.com/2024/07/two/"/>
<published>2024-07-20T10:00:00Z</published><updated>2024-07-22T08:00:00Z</updated></entry>
</feed>"""


def test_parse_feed_reads_rss_and_atom():
    assert parse_feed(RSS) == [
        FeedEntry("https://megalopreneur.com/2024/07/one/", "2024-07-23T10:00:00+00:00")
    ]
    assert parse_feed(ATOM) == [
        FeedEntry("https://megalopreneur.com/2024/07/two/", "2024-07-22T08:00:00Z")
    ]


def test_parse_feed_survives_garbage():
    assert parse_feed(b"<html><body>not a feed") == []
    assert parse_feed(b"") == []


def test_parse_rest_posts_uses_gmt_modification_time():
    payload = [
        {"link": "https://megalopreneur.com/2024/07/two/", "modified_gmt": "2024-07-22T08:00:00"},
        {"link": 42},
        "junk",
    ]
    assert parse_rest_posts(payload) == [
        FeedEntry("https://megalopreneur.com/2024/07/two/", "2024-07-22T08:00:00+00:00")
    ]
    assert parse_rest_posts({"code": "rest_no_route"}) == []


@pytest.mark.parametrize(
    ("url", "posts"),
    [
        ("https://m.com/wp-sitemap-posts-post-1.xml", True),
        ("https://m.com/post-sitemap2.xml", True),
        ("https://m.com/wp-sitemap-taxonomies-category-1.xml", False),
        ("https://m.com/wp-sitemap-users-1.xml", False),
        ("https://m.com/category-sitemap.xml", False),
        ("https://m.com/post_tag-sitemap.xml", False),
        ("https://m.com/author-sitemap.xml", False),
        ("https://m.com/page-sitemap.xml", False),
    ],
)
def test_sitemap_lists_posts(url, posts):
    from archiver.discovery import sitemap_lists_posts

    assert sitemap_lists_posts(url) is posts


NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>https://news.example/business/2024/03/01/older-story.html</loc>
    <news:news>
      <news:publication><news:name>The Ledger</news:name><news:language>en</news:language>
      </news:publication>
      <news:publication_date>2024-03-01T08:00:00+01:00</news:publication_date>
      <news:title>An older story</news:title>
    </news:news>
    <image:image><image:loc>https://news.example/img/older.jpg</image:loc></image:image>
  </url>
  <url>
    <loc>https://news.example/business/2024/03/02/newest-story.html</loc>
    <news:news>
      <news:publication><news:name>The Ledger</news:name><news:language>en</news:language>
      </news:publication>
      <news:publication_date>2024-03-02</news:publication_date>
      <news:title>The newest story</news:title>
    </news:news>
  </url>
  <url><loc>https://news.example/about/</loc></url>
  <url>
    <loc>https://news.example/world/2024/02/28/edited-story.html</loc>
    <lastmod>2024-03-01T12:00:00Z</lastmod>
    <news:news><news:publication_date>2024-02-28T09:00:00Z</news:publication_date></news:news>
  </url>
</urlset>
"""


def test_parse_sitemap_reads_news_publication_dates_newest_first():
    """A news sitemap's publication date is its entries' time when they have no lastmod (a
    lastmod wins: it says when the page last changed); the newest come first, undated last."""
    from archiver.discovery import parse_sitemap

    sitemap = parse_sitemap(NEWS_SITEMAP)
    assert sitemap.kind == "urlset"
    assert sitemap.entries == [
        FeedEntry("https://news.example/business/2024/03/02/newest-story.html", "2024-03-02"),
        FeedEntry(
            "https://news.example/world/2024/02/28/edited-story.html", "2024-03-01T12:00:00Z"
        ),
        FeedEntry(
            "https://news.example/business/2024/03/01/older-story.html",
            "2024-03-01T08:00:00+01:00",
        ),
        FeedEntry("https://news.example/about/", None),
    ]


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"\x1f\x8b\x08\x00garbage",
        b"<!doctype html><html><body><h1>Not found</h1></body></html>",
        b'{"items": []}',
    ],
)
def test_parse_sitemap_says_none_for_what_is_not_a_sitemap(body):
    from archiver.discovery import parse_sitemap

    assert parse_sitemap(body) is None


def test_parse_sitemap_keeps_the_entries_of_a_truncated_sitemap():
    from archiver.discovery import parse_sitemap

    body = NEWS_SITEMAP[: NEWS_SITEMAP.index(b"<url><loc>https://news.example/about/")]
    sitemap = parse_sitemap(body)
    assert [e.url.rsplit("/", 1)[1] for e in sitemap.entries] == [
        "newest-story.html",
        "older-story.html",
    ]
