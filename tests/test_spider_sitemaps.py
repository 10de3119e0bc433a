"""What the spider hands the sitemap parser: a ``.xml.gz`` file inflated with Scrapy's gunzip.

A static host serves ``sitemap_index.xml.gz`` as a file (``application/gzip``, no
``Content-Encoding``), so no download middleware inflates it: the spider does, bounded by the
size allowed for one response, and the parser (``archiver.discovery``, no Scrapy) reads XML.
"""

from __future__ import annotations

import gzip

from scrapy.http import Response

from archiver.discovery import parse_sitemap
from spiders.wordpress import sitemap_xml

INDEX_HEAD = (
    b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    b"<sitemap><loc>https://news.example/sitemap-posts.xml.gz</loc>"
    b"<lastmod>2024-03-02</lastmod></sitemap>"
)
INDEX_TAIL = b"<sitemap><loc>https://news.example/news-sitemap.xml</loc></sitemap></sitemapindex>"


def _served(body: bytes) -> Response:
    return Response(
        "https://news.example/sitemap_index.xml.gz",
        body=body,
        headers={"Content-Type": "application/gzip"},
    )


def test_a_gzipped_index_of_several_members_is_read_whole():
    body = gzip.compress(INDEX_HEAD) + gzip.compress(INDEX_TAIL)
    sitemap = parse_sitemap(sitemap_xml(_served(body), max_size=10_000))
    assert sitemap.kind == "sitemapindex"
    assert [e.url for e in sitemap.entries] == [
        "https://news.example/sitemap-posts.xml.gz",
        "https://news.example/news-sitemap.xml",
    ]


def test_a_plain_sitemap_is_passed_as_it_came():
    body = INDEX_HEAD + INDEX_TAIL
    assert sitemap_xml(_served(body), max_size=10_000) == body


def test_a_gzip_inflating_past_the_response_size_limit_is_refused_not_inflated_whole():
    bomb = gzip.compress(b"<urlset>" + b" " * 200_000 + b"</urlset>")
    assert len(bomb) < 10_000
    assert sitemap_xml(_served(bomb), max_size=10_000) is None
    assert sitemap_xml(_served(bomb), max_size=0) is not None  # 0: no bound (DOWNLOAD_MAXSIZE)


def test_a_damaged_gzip_is_skipped_and_a_truncated_one_keeps_what_it_holds():
    assert sitemap_xml(_served(b"\x1f\x8b\x08\x00garbage"), max_size=10_000) is None
    whole = gzip.compress(INDEX_HEAD + INDEX_TAIL)
    truncated = sitemap_xml(_served(whole[: len(whole) - 12]), max_size=10_000)
    assert truncated is not None and truncated.startswith(INDEX_HEAD)
    assert [e.url for e in parse_sitemap(truncated).entries][0].endswith("sitemap-posts.xml.gz")
