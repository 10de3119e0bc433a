"""Pure decisions of discovery: what a link probably is, which listing it pages, when to (re)fetch.

The spider asks these functions before it builds a Request, so the rules are unit-tested without a
crawl. URL shape only decides what to *ask*; what a fetched page *is* (article, listing, other) is
decided from page evidence by :func:`archiver.extraction.classify_page`.

No scrapy import here (timestamps are read the way the archive reads its own).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from urllib.parse import urlsplit, urlunsplit

from lxml import etree

from archiver.profiles import WORDPRESS_URL_SHAPES
from storage.timestamps import parse_timestamp

# WordPress's listing roots: home, taxonomy and author archives (nested categories too:
# /category/world/asia/), and date archives; posts by their date permalinks.
_WP = WORDPRESS_URL_SHAPES
_TAXONOMY_ARCHIVE = re.compile(rf"^/(?:{'|'.join(sorted(_WP.taxonomy_bases))})/[^/]+(?:/[^/]+)*/$")
# Pagination: WordPress's /page/3/, Jekyll's /page3/, /page-3/ elsewhere.
_PAGED = re.compile(r"^(?P<root>/.*?)page(?P<sep>[/-]?)(?P<n>\d+)/$")


@dataclass(frozen=True)
class ListingPage:
    """Where a listing URL sits: its series (the listing without pagination) and page number."""

    series: str  # canonical URL of page 1 of this listing
    page: int
    style: str = "page/{n}/"  # how the series spells page n after its first


# Link and listing URLs whose shape is remembered: a listing page's ~130 links are each looked at
# several times, and the menus and sidebars repeat on every page. Sized as urls.LINK_VERDICT_CACHE,
# for the same reason.
SHAPE_CACHE = 1_024


@lru_cache(maxsize=SHAPE_CACHE)
def link_kind(url: str) -> str:
    """Guess from the URL's path alone, by WordPress's URL shapes (the WordPress profile's), what
    a same-site link leads to: article, listing or other."""
    path = urlsplit(url).path or "/"
    if path == "/" or _TAXONOMY_ARCHIVE.match(path) or _WP.date_archive.match(path):
        return "listing"
    if _PAGED.match(path):  # /category/x/page/3/ and the like
        return "listing"
    if _WP.article.match(path):
        return "article"
    return "other"


# First path segments of taxonomy and archive listings on sites of any kind; date archives are
# shaped as WordPress shapes them (``/2023/``, ``/2023/09/``), the one date-archive shape.
_ARCHIVE_SEGMENTS = frozenset(
    "tag tags category categories topic topics section sections series archive archives "
    "author authors label labels".split()
)


@lru_cache(maxsize=SHAPE_CACHE)
def archive_path(url: str) -> bool:
    """Whether a URL's path is shaped as a taxonomy or date archive on a site of any kind:
    ``/tags/quad/``, ``/category/world/``, ``/archives/2023/``, ``/2023/09/``."""
    path = urlsplit(url).path or "/"
    first = path.strip("/").split("/", 1)[0]
    return (first in _ARCHIVE_SEGMENTS and path != f"/{first}/") or bool(
        _WP.date_archive.match(path)
    )


_LISTING_SITEMAP = re.compile(r"(taxonom|categor|tag|author|user|page-sitemap|pages-)", re.I)


def sitemap_lists_posts(url: str) -> bool:
    """Whether a child sitemap of an index lists posts, not taxonomy, author or static pages.

    WordPress core names them ``wp-sitemap-posts-post-1.xml`` / ``wp-sitemap-taxonomies-...``,
    Yoast ``post-sitemap2.xml`` / ``category-sitemap.xml`` / ``author-sitemap.xml``.
    """
    return not _LISTING_SITEMAP.search(urlsplit(url).path.rsplit("/", 1)[-1])


@lru_cache(maxsize=SHAPE_CACHE)
def listing_page(url: str) -> ListingPage:
    """Split a listing URL into its series and page number (``/category/x/page/3/`` -> page 3,
    ``/page3/`` -> page 3 of ``/``)."""
    scheme, netloc, path, _query, _fragment = urlsplit(url)
    match = _PAGED.match(path or "/")
    if match:
        root = urlunsplit((scheme, netloc, match["root"], "", ""))
        return ListingPage(series=root, page=int(match["n"]), style=f"page{match['sep']}{{n}}/")
    return ListingPage(series=urlunsplit((scheme, netloc, path or "/", "", "")), page=1)


def page_url(series: str, page: int, style: str = "page/{n}/") -> str:
    """The URL of page ``page`` of a listing series (``style``: WordPress's ``/page/N/`` unless
    the series spells it otherwise, see ``ListingPage``)."""
    return series if page <= 1 else series + style.format(n=page)


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
    """Links and modification times of an RSS 2.0, Atom or JSON Feed; a broken feed gives []."""
    if body.lstrip()[:1] == b"{":
        return _json_feed_entries(body)
    try:
        root = etree.fromstring(body, parser=etree.XMLParser(recover=True, resolve_entities=False))
    except etree.XMLSyntaxError:
        return []
    if root is None:
        return []
    return list(_rss_entries(root)) + list(_atom_entries(root))


def _json_feed_entries(body: bytes) -> list[FeedEntry]:
    """Items of a JSON Feed (jsonfeed.org 1.x): ``url`` and ``date_modified`` / ``date_published``."""
    try:
        feed = json.loads(body)
    except ValueError:
        return []
    items = feed.get("items") if isinstance(feed, dict) else None
    entries = []
    for item in items if isinstance(items, list) else []:
        url = item.get("url") if isinstance(item, dict) else None
        if isinstance(url, str) and url.strip():
            modified = item.get("date_modified") or item.get("date_published")
            entries.append(FeedEntry(url.strip(), modified if isinstance(modified, str) else None))
    return entries


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


@dataclass(frozen=True)
class SitemapDocument:
    """A parsed sitemap: ``urlset`` (pages) or ``sitemapindex`` (child sitemaps), newest first."""

    kind: str
    entries: list[FeedEntry]


def parse_sitemap(body: bytes) -> SitemapDocument | None:
    """The entries of a sitemap or sitemap index (its XML: the spider inflates a ``.xml.gz``
    file first, with Scrapy's bounded gunzip); None when it is neither.

    An entry's time is its ``lastmod``, else a Google News sitemap's
    ``news:publication_date`` (the sitemap of a news site's last two days, often without
    ``lastmod``): either says when the page last changed at the latest. Entries come newest
    first (undated ones after, in document order), so the latest articles are asked first.
    """
    kind = None
    entries: list[FeedEntry] = []
    try:
        for event, element in etree.iterparse(
            BytesIO(body),
            events=("start", "end"),
            recover=True,
            resolve_entities=False,
            remove_comments=True,
            remove_pis=True,
        ):
            name = _local(element.tag)
            if kind is None:
                kind = name
                if kind not in ("urlset", "sitemapindex"):
                    return None
            elif event == "end" and name in ("url", "sitemap"):
                entry = _sitemap_entry(element)
                if entry is not None:
                    entries.append(entry)
                # Streamed: what was read is dropped (a sitemap holds up to 50,000 URLs).
                element.clear(keep_tail=False)
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError:
        if kind is None:
            return None  # a recovering parser still gives up on a body with no element at all
    if kind is None:
        return None
    order = sorted(range(len(entries)), key=lambda i: _newest_first(entries[i], i))
    return SitemapDocument(kind, [entries[i] for i in order])


def _sitemap_entry(element: etree._Element) -> FeedEntry | None:
    loc = lastmod = published = None
    for child in element.iter():
        name = _local(child.tag)
        text = (child.text or "").strip()
        if name == "loc" and loc is None and child.getparent() is element:
            loc = text
        elif name == "lastmod" and child.getparent() is element:
            lastmod = text
        elif name == "publication_date":
            published = text
    if not loc:
        return None
    return FeedEntry(loc, lastmod or published or None)


def _newest_first(entry: FeedEntry, position: int) -> tuple[int, float, int]:
    moment = parse_timestamp(entry.modified)
    if moment is None:
        return (1, 0.0, position)
    return (0, -moment.timestamp(), position)


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


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
