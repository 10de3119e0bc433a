# ruff: noqa: E501 -- HTML/XML templates keep one element per line, as WordPress prints them
"""Machine-readable views of the sample site: RSS/Atom feeds, sitemaps, robots.txt, REST API.

Each function returns the document as ``str`` (the router encodes and sets content types). The
shapes follow WordPress core (``/feed/``, ``/wp-sitemap.xml``, ``/wp-json/wp/v2/posts``) and Yoast
SEO (``/sitemap_index.xml``), because a crawler of a real WordPress site meets all of them.
"""

from __future__ import annotations

import json
import math
from datetime import datetime, timezone
from email.utils import format_datetime
from html import escape
from urllib.parse import quote

from . import prose
from .model import SITE_TZ, Post, SampleSite
from .pages import comments_for, excerpt, post_body_html, slug

FEED_SIZE = 10
CORE_SITEMAP_SIZE = 2000
YOAST_SITEMAP_SIZE = 1000
REST_MAX_PER_PAGE = 100


class RestError(Exception):
    """A REST request WordPress would answer with a 400 JSON error."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def body(self) -> str:
        return json.dumps({"code": self.code, "message": self.message, "data": {"status": 400}})


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def rfc822(moment: datetime) -> str:
    return format_datetime(moment.astimezone(timezone.utc))


def _utc_z(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# ------------------------------------------------------------------------- feeds

_RSS_OPEN = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	xmlns:slash="http://purl.org/rss/1.0/modules/slash/"
	>
"""


def _channel(
    site: SampleSite, title: str, self_path: str, link: str, newest: datetime | None
) -> str:
    build = (
        rfc822(newest)
        if newest
        else rfc822(datetime.combine(site.today, datetime.min.time(), SITE_TZ))
    )
    return f"""<channel>
	<title>{escape(title)}</title>
	<atom:link href="{site.url(self_path)}" rel="self" type="application/rss+xml" />
	<link>{link}</link>
	<description>{prose.SITE_TAGLINE}</description>
	<lastBuildDate>{build}</lastBuildDate>
	<language>en-US</language>
	<sy:updatePeriod>hourly</sy:updatePeriod>
	<sy:updateFrequency>1</sy:updateFrequency>
	<generator>https://wordpress.org/?v=6.5.5</generator>
"""


def rss_feed(site: SampleSite, posts: list[Post], title: str, self_path: str) -> str:
    """RSS 2.0 of the newest posts given (WordPress's ``/feed/`` and archive feeds)."""
    shown = posts[:FEED_SIZE]
    newest = max((p.modified for p in shown), default=None)
    items = "".join(
        f"""	<item>
		<title>{escape(p.title)}</title>
		<link>{site.url(p.path)}</link>
		<comments>{site.url(p.path)}#respond</comments>
		<dc:creator>{_cdata(p.author)}</dc:creator>
		<pubDate>{rfc822(p.published)}</pubDate>
{"".join(f"		<category>{_cdata(name)}</category>{chr(10)}" for name in p.categories + p.tags)}		<guid isPermaLink="false">{site.url(f"/?p={p.id}")}</guid>
		<description>{_cdata(excerpt(p, 55))}</description>
		<content:encoded>{_cdata(post_body_html(site, p))}</content:encoded>
		<wfw:commentRss>{site.url(p.path)}feed/</wfw:commentRss>
		<slash:comments>2</slash:comments>
	</item>
"""
        for p in shown
    )
    return (
        _RSS_OPEN
        + _channel(site, title, self_path, site.url("/"), newest)
        + items
        + "</channel>\n</rss>\n"
    )


def atom_feed(site: SampleSite, posts: list[Post]) -> str:
    """Atom 1.0 (``/feed/atom/``): entries carry both ``<published>`` and ``<updated>``."""
    shown = posts[:FEED_SIZE]
    newest = max((p.modified for p in shown), default=None)
    entries = "".join(
        f"""	<entry>
		<author><name>{escape(p.author)}</name><uri>{site.url(f"/author/{slug(p.author)}/")}</uri></author>
		<title type="html">{_cdata(p.title)}</title>
		<link rel="alternate" type="text/html" href="{site.url(p.path)}" />
		<id>{site.url(f"/?p={p.id}")}</id>
		<updated>{_utc_z(p.modified)}</updated>
		<published>{_utc_z(p.published)}</published>
{"".join(f'		<category scheme="{site.url("/")}" term="{escape(name)}" />{chr(10)}' for name in p.categories)}		<summary type="html">{_cdata(excerpt(p, 55))}</summary>
		<content type="html" xml:base="{site.url(p.path)}">{_cdata(post_body_html(site, p))}</content>
	</entry>
"""
        for p in shown
    )
    updated = (
        _utc_z(newest)
        if newest
        else _utc_z(datetime.combine(site.today, datetime.min.time(), SITE_TZ))
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?><feed
  xmlns="http://www.w3.org/2005/Atom"
  xmlns:thr="http://purl.org/syndication/thread/1.0"
  xml:lang="en-US"
  >
	<title type="text">{prose.SITE_NAME}</title>
	<subtitle type="text">{prose.SITE_TAGLINE}</subtitle>
	<updated>{updated}</updated>
	<link rel="alternate" type="text/html" href="{site.url("/")}" />
	<id>{site.url("/feed/atom/")}</id>
	<link rel="self" type="application/atom+xml" href="{site.url("/feed/atom/")}" />
	<generator uri="https://wordpress.org/" version="6.5.5">WordPress</generator>
{entries}</feed>
"""


def comments_feed(site: SampleSite, posts: list[Post], title: str, self_path: str) -> str:
    """RSS of reader comments: site-wide (``/comments/feed/``) or one post's (``.../feed/``)."""
    items = "".join(
        f"""	<item>
		<title>By: {escape(name)}</title>
		<link>{site.url(p.path)}#comment-{cid}</link>
		<dc:creator>{_cdata(name)}</dc:creator>
		<pubDate>{rfc822(when)}</pubDate>
		<guid isPermaLink="false">{site.url(f"/?p={p.id}#comment-{cid}")}</guid>
		<description>{_cdata(text)}</description>
	</item>
"""
        for p in posts[:FEED_SIZE]
        for cid, name, text, when in comments_for(p)
    )
    newest = max((p.published for p in posts[:FEED_SIZE]), default=None)
    return (
        _RSS_OPEN
        + _channel(site, title, self_path, site.url("/"), newest)
        + items
        + "</channel>\n</rss>\n"
    )


# ------------------------------------------------------------------------- sitemaps

_SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def _sitemap_index(locs: list[tuple[str, str | None]]) -> str:
    entries = "".join(
        f"<sitemap><loc>{escape(loc)}</loc>"
        + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "")
        + "</sitemap>\n"
        for loc, lastmod in locs
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex {_SITEMAP_NS}>\n{entries}</sitemapindex>\n'


def _urlset(entries: list[tuple[str, str | None]]) -> str:
    urls = "".join(
        f"<url><loc>{escape(loc)}</loc>"
        + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "")
        + "</url>\n"
        for loc, lastmod in entries
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {_SITEMAP_NS}>\n{urls}</urlset>\n'


def _chunks(posts: list[Post], size: int) -> int:
    return math.ceil(len(posts) / size)


def core_sitemap_index(site: SampleSite) -> str:
    """``/wp-sitemap.xml``: post pages of 2000, then categories, tags and users."""
    pages = _chunks(site.index.published, CORE_SITEMAP_SIZE)
    locs = [(site.url(f"/wp-sitemap-posts-post-{k}.xml"), None) for k in range(1, pages + 1)]
    locs += [
        (site.url("/wp-sitemap-taxonomies-category-1.xml"), None),
        (site.url("/wp-sitemap-taxonomies-post_tag-1.xml"), None),
        (site.url("/wp-sitemap-users-1.xml"), None),
    ]
    return _sitemap_index(locs)


def core_posts_sitemap(site: SampleSite, number: int) -> str | None:
    """Page ``number`` of core's posts sitemap (ordered by id, as core does); None past the end."""
    posts = sorted(site.index.published, key=lambda p: p.id)
    chunk = posts[(number - 1) * CORE_SITEMAP_SIZE : number * CORE_SITEMAP_SIZE]
    if number < 1 or not chunk:
        return None
    return _urlset([(site.url(p.path), p.modified.isoformat()) for p in chunk])


def taxonomy_sitemap(site: SampleSite, taxonomy: str) -> str:
    """Archive pages of ``category``, ``tag`` or ``author`` that have published posts."""
    archives = site.index.archives
    entries = [
        (site.url(f"/{key}/"), max(p.modified for p in posts).isoformat())
        for key, posts in archives.items()
        if key.startswith(f"{taxonomy}/")
    ]
    return _urlset(sorted(entries))


def yoast_sitemap_index(site: SampleSite) -> str:
    """``/sitemap_index.xml``: post-sitemap.xml, post-sitemap2.xml... then taxonomies."""
    posts = _yoast_order(site)
    locs = []
    for k in range(_chunks(posts, YOAST_SITEMAP_SIZE)):
        chunk = posts[k * YOAST_SITEMAP_SIZE : (k + 1) * YOAST_SITEMAP_SIZE]
        name = "/post-sitemap.xml" if k == 0 else f"/post-sitemap{k + 1}.xml"
        locs.append((site.url(name), max(p.modified for p in chunk).isoformat()))
    newest = max((p.modified for p in posts), default=None)
    stamp = newest.isoformat() if newest else None
    for name in ("category", "post_tag", "author"):
        locs.append((site.url(f"/{name}-sitemap.xml"), stamp))
    return _sitemap_index(locs)


def yoast_posts_sitemap(site: SampleSite, number: int) -> str | None:
    posts = _yoast_order(site)
    chunk = posts[(number - 1) * YOAST_SITEMAP_SIZE : number * YOAST_SITEMAP_SIZE]
    if number < 1 or not chunk:
        return None
    return _urlset([(site.url(p.path), p.modified.isoformat()) for p in chunk])


def _yoast_order(site: SampleSite) -> list[Post]:
    """Yoast lists posts by last modification, oldest first: edits move posts between files."""
    return sorted(site.index.published, key=lambda p: (p.modified, p.id))


def robots_txt(site: SampleSite) -> str:
    """WordPress's virtual robots.txt; it names the sitemaps only when the site has them."""
    rules = "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n"
    if not site.sitemaps:
        return rules
    return (
        rules
        + f"\nSitemap: {site.url('/wp-sitemap.xml')}\nSitemap: {site.url('/sitemap_index.xml')}\n"
    )


# ------------------------------------------------------------------------- REST API


def category_id(name: str) -> int:
    return 2 + prose.CATEGORIES.index(name)  # 1 is WordPress's "Uncategorized"


def tag_id(name: str) -> int:
    return 30 + prose.TAGS.index(name)


def author_id(name: str) -> int:
    return 1 + [author for author, _ in prose.AUTHORS].index(name)


def rest_index(site: SampleSite) -> str:
    return json.dumps(
        {
            "name": prose.SITE_NAME,
            "description": prose.SITE_TAGLINE,
            "url": site.url("/").rstrip("/"),
            "home": site.url("/").rstrip("/"),
            "gmt_offset": "5.5",
            "timezone_string": "Asia/Kolkata",
            "namespaces": ["oembed/1.0", "wp/v2"],
            "routes": {
                "/wp/v2/posts": {"namespace": "wp/v2", "methods": ["GET"]},
                "/wp/v2/posts/(?P<id>[\\d]+)": {"namespace": "wp/v2", "methods": ["GET"]},
                "/oembed/1.0/embed": {"namespace": "oembed/1.0", "methods": ["GET"]},
            },
        }
    )


def _naive(moment: datetime) -> str:
    return moment.replace(tzinfo=None).isoformat()


def rest_post(site: SampleSite, post: Post, fields: list[str] | None = None) -> dict:
    """A post in the REST shape; only the requested ``_fields`` are built (content is costly)."""
    utc = timezone.utc
    builders = {
        "id": lambda: post.id,
        "date": lambda: _naive(post.published),
        "date_gmt": lambda: _naive(post.published.astimezone(utc)),
        "guid": lambda: {"rendered": site.url(f"/?p={post.id}")},
        "modified": lambda: _naive(post.modified),
        "modified_gmt": lambda: _naive(post.modified.astimezone(utc)),
        "slug": lambda: post.slug,
        "status": lambda: post.status,
        "type": lambda: "post",
        "link": lambda: site.url(post.path),
        "title": lambda: {"rendered": escape(post.title, quote=False)},
        "content": lambda: {"rendered": post_body_html(site, post), "protected": False},
        "excerpt": lambda: {"rendered": f"<p>{escape(excerpt(post, 55))}</p>", "protected": False},
        "author": lambda: author_id(post.author),
        "featured_media": lambda: 0,
        "comment_status": lambda: "open",
        "format": lambda: "standard",
        "categories": lambda: [category_id(c) for c in post.categories],
        "tags": lambda: [tag_id(t) for t in post.tags],
    }
    wanted = [f for f in fields if f in builders] if fields else list(builders)
    return {name: builders[name]() for name in wanted}


def _parse_rest_date(name: str, value: str) -> datetime:
    """RFC 3339 like WordPress accepts; a value without offset is in the site's time zone."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "+"))
    except ValueError:
        raise RestError("rest_invalid_param", f"Invalid parameter(s): {name}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=SITE_TZ)


def _int_param(params: dict[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = params.get(name, str(default))
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise RestError("rest_invalid_param", f"Invalid parameter(s): {name}")
    return int(raw)


def _beyond(moment: datetime, limit: datetime, newer: bool) -> bool:
    """Strictly after (``newer``) or strictly before ``limit``, as WordPress's date queries."""
    return moment > limit if newer else moment < limit


def rest_posts(site: SampleSite, params: dict[str, str]) -> tuple[str, dict[str, str]]:
    """``/wp-json/wp/v2/posts``: filters ``after``, ``before``, ``modified_after``,
    ``modified_before``, ``categories``, ``search``; ``orderby`` date|modified|id; paging.

    Returns (JSON body, headers with X-WP-Total / X-WP-TotalPages / Link). Raises ``RestError``.
    """
    per_page = _int_param(params, "per_page", 10, 1, REST_MAX_PER_PAGE)
    page = _int_param(params, "page", 1, 1, 10**9)
    posts = list(site.index.published)
    for name, attribute, newer in (
        ("after", "published", True),
        ("before", "published", False),
        ("modified_after", "modified", True),
        ("modified_before", "modified", False),
    ):
        if name in params:
            limit = _parse_rest_date(name, params[name])
            posts = [p for p in posts if _beyond(getattr(p, attribute), limit, newer)]
    if "categories" in params:
        wanted = {int(x) for x in params["categories"].split(",") if x.isdigit()}
        posts = [p for p in posts if wanted & {category_id(c) for c in p.categories}]
    if "search" in params:
        needle = params["search"].lower()
        posts = [
            p
            for p in posts
            if needle in p.title.lower() or needle in " ".join(p.paragraphs).lower()
        ]
    orderby = params.get("orderby", "date")
    keys = {
        "date": lambda p: (p.published, p.id),
        "modified": lambda p: (p.modified, p.id),
        "id": lambda p: p.id,
    }
    if orderby not in keys:
        raise RestError("rest_invalid_param", "Invalid parameter(s): orderby")
    posts.sort(key=keys[orderby], reverse=params.get("order", "desc") != "asc")
    total_pages = math.ceil(len(posts) / per_page)
    if page > max(total_pages, 1):
        raise RestError(
            "rest_post_invalid_page_number",
            "The page number requested is larger than the number of pages available.",
        )
    fields = [f.strip() for f in params["_fields"].split(",")] if "_fields" in params else None
    chunk = posts[(page - 1) * per_page : page * per_page]
    headers = {"X-WP-Total": str(len(posts)), "X-WP-TotalPages": str(total_pages)}
    links = []
    query = {k: v for k, v in params.items() if k != "page"}
    base = site.url("/wp-json/wp/v2/posts")
    encoded = "&".join(f"{k}={quote(v, safe=',:')}" for k, v in query.items())
    prefix = f"{base}?{encoded}&" if encoded else f"{base}?"
    if page > 1:
        links.append(f'<{prefix}page={page - 1}>; rel="prev"')
    if page < total_pages:
        links.append(f'<{prefix}page={page + 1}>; rel="next"')
    if links:
        headers["Link"] = ", ".join(links)
    return json.dumps([rest_post(site, p, fields) for p in chunk]), headers


def oembed(site: SampleSite, post: Post) -> str:
    return json.dumps(
        {
            "version": "1.0",
            "provider_name": prose.SITE_NAME,
            "provider_url": site.url("/"),
            "author_name": post.author,
            "author_url": site.url(f"/author/{slug(post.author)}/"),
            "title": post.title,
            "type": "rich",
            "width": 600,
            "height": 338,
            "html": f'<blockquote class="wp-embedded-content"><a href="{site.url(post.path)}">'
            f"{escape(post.title)}</a></blockquote>",
        }
    )
