"""Pure decisions of discovery: what a link probably is, which listing it pages, when to (re)fetch.

The spider asks these functions before it builds a Request, so the rules are unit-tested without a
crawl. URL shape only decides what to *ask*; what a fetched page *is* (article, listing, other) is
decided from page evidence by :func:`archiver.extraction.classify_page`.

No scrapy import here (timestamps are read the way the archive reads its own).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from lxml import etree

from storage.timestamps import parse_timestamp

# /2023/09/slug/ (month permalinks, the real site) and /2023/09/22/slug/ (day permalinks).
_ARTICLE_PATH = re.compile(r"^/\d{4}/\d{2}/(?:\d{2}/)?(?!page/)[^/]*[^/\d][^/]*/$")
# Listing roots: home, taxonomy and author archives, date archives (year, month, day).
_LISTING_ROOT = re.compile(
    r"^/(?:"
    r"|(?:category|tag|author)/[^/]+(?:/[^/]+)*/"  # nested categories: /category/world/asia/
    r"|\d{4}/(?:\d{2}/(?:\d{2}/)?)?"
    r")$"
)
_PAGED = re.compile(r"^(?P<root>/.*?)page/(?P<n>\d+)/$")


@dataclass(frozen=True)
class ListingPage:
    """Where a listing URL sits: its series (the listing without pagination) and page number."""

    series: str  # canonical URL of page 1 of this listing
    page: int


# Link and listing URLs whose shape is remembered: a listing page's ~130 links are each looked at
# several times, and the menus and sidebars repeat on every page.
SHAPE_CACHE = 4_096


@lru_cache(maxsize=SHAPE_CACHE)
def link_kind(url: str) -> str:
    """Guess from the URL's path alone what a same-site link leads to: article, listing or other."""
    path = urlsplit(url).path or "/"
    if _LISTING_ROOT.match(path) or _PAGED.match(path):
        return "listing"
    if _ARTICLE_PATH.match(path):
        return "article"
    return "other"


_LISTING_SITEMAP = re.compile(r"(taxonom|categor|tag|author|user|page-sitemap|pages-)", re.I)


def sitemap_lists_posts(url: str) -> bool:
    """Whether a child sitemap of an index lists posts, not taxonomy, author or static pages.

    WordPress core names them ``wp-sitemap-posts-post-1.xml`` / ``wp-sitemap-taxonomies-...``,
    Yoast ``post-sitemap2.xml`` / ``category-sitemap.xml`` / ``author-sitemap.xml``.
    """
    return not _LISTING_SITEMAP.search(urlsplit(url).path.rsplit("/", 1)[-1])


@lru_cache(maxsize=SHAPE_CACHE)
def listing_page(url: str) -> ListingPage:
    """Split a listing URL into its series and page number (``/category/x/page/3/`` -> page 3)."""
    scheme, netloc, path, _query, _fragment = urlsplit(url)
    match = _PAGED.match(path or "/")
    if match:
        root = urlunsplit((scheme, netloc, match["root"], "", ""))
        return ListingPage(series=root, page=int(match["n"]))
    return ListingPage(series=urlunsplit((scheme, netloc, path or "/", "", "")), page=1)


def page_url(series: str, page: int) -> str:
    """The URL of page ``page`` of a listing series (WordPress's ``/page/N/`` form)."""
    return series if page <= 1 else f"{series}page/{page}/"


def changed_since(
    lastmod: str | None, known_modified: str | None, known_fetched: str | None
) -> bool:
    """Whether a signal's modification time is later than what the archive holds.

    The archive's own modified date (from the page) is the best reference; failing that, the time we
    last fetched the page. An unparseable or missing signal says nothing (False).
    """
    signal = parse_timestamp(lastmod)
    if signal is None:
        return False
    reference = parse_timestamp(known_modified) or parse_timestamp(known_fetched)
    return reference is None or signal > reference


@dataclass(frozen=True)
class FeedEntry:
    """One link announced by a feed, sitemap or REST answer, with its modification time if given."""

    url: str
    modified: str | None = None


_NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def parse_feed(body: bytes) -> list[FeedEntry]:
    """Links and modification times of an RSS 2.0 or Atom feed; a broken feed gives []."""
    try:
        root = etree.fromstring(body, parser=etree.XMLParser(recover=True, resolve_entities=False))
    except etree.XMLSyntaxError:
        return []
    if root is None:
        return []
    return list(_rss_entries(root)) + list(_atom_entries(root))


def _rss_entries(root: etree._Element) -> Iterator[FeedEntry]:
    for item in root.iterfind("channel/item"):
        link = (item.findtext("link") or "").strip()
        if link:
            # RSS has no modification date; WordPress's pubDate is the publication date.
            modified = item.findtext("dc:date", namespaces=_NS) or _rfc822_to_iso(
                item.findtext("pubDate")
            )
            yield FeedEntry(link, modified)


def _atom_entries(root: etree._Element) -> Iterator[FeedEntry]:
    for entry in root.iterfind("atom:entry", namespaces=_NS):
        href = None
        for link in entry.iterfind("atom:link", namespaces=_NS):
            if link.get("rel", "alternate") == "alternate":
                href = link.get("href")
                break
        if href:
            modified = entry.findtext("atom:updated", namespaces=_NS) or entry.findtext(
                "atom:published", namespaces=_NS
            )
            yield FeedEntry(href.strip(), modified)


def _rfc822_to_iso(value: str | None) -> str | None:
    from email.utils import parsedate_to_datetime

    if not value:
        return None
    try:
        return parsedate_to_datetime(value.strip()).isoformat()
    except (TypeError, ValueError):
        return None


def parse_rest_posts(payload: object) -> list[FeedEntry]:
    """Links and GMT modification times from a WordPress REST ``/wp/v2/posts`` answer."""
    if not isinstance(payload, list):
        return []
    entries = []
    for post in payload:
        if not isinstance(post, dict) or not isinstance(post.get("link"), str):
            continue
        gmt = post.get("modified_gmt")
        modified = f"{gmt}+00:00" if isinstance(gmt, str) and gmt else post.get("modified")
        entries.append(FeedEntry(post["link"], modified if isinstance(modified, str) else None))
    return entries
