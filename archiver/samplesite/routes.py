"""URL routing of the sample site: path + query + request headers -> ``Response``.

WordPress's behaviour, condensed: permalinks and archives with ``/page/N/``, ``/?p=ID``
shortlinks and slash-less URLs redirect, feeds, sitemaps and the REST API, 404 for the rest.
The home loop and main feeds show ``site.index.home`` (``home_excludes`` left out), every other
listing ``site.index.published`` or its archive; with ``sitemaps=False`` no sitemap URL exists.
Responses are cached per site ``state`` (any mutation clears the cache) and conditional requests
(If-None-Match, If-Modified-Since) answer 304 from the cached ETag / Last-Modified.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from . import coretheme, feeds, pages
from .model import Post, SampleSite

CACHE_LIMIT = 4000  # rendered responses kept per state; the benchmark site has 20,000 posts
HTML = "text/html; charset=UTF-8"
RSS = "application/rss+xml; charset=UTF-8"
ATOM = "application/atom+xml; charset=UTF-8"
XML = "application/xml; charset=UTF-8"
JSON = "application/json; charset=UTF-8"

_LISTING = re.compile(
    r"^(?P<base>/|/(?P<taxonomy>category|tag|author)/(?P<term>[^/]+)/"
    r"|/(?P<year>\d{4})/(?:(?P<month>\d{2})/(?:(?P<day>\d{2})/)?)?)"
    r"(?:page/(?P<number>\d+)/)?$"
)
_ARCHIVE_FEED = re.compile(r"^/(?P<taxonomy>category|tag|author)/(?P<term>[^/]+)/feed/$")
_CORE_POSTS_SITEMAP = re.compile(r"^/wp-sitemap-posts-post-(\d+)\.xml$")
_YOAST_POSTS_SITEMAP = re.compile(r"^/post-sitemap(\d*)\.xml$")
_ANY_SITEMAP = re.compile(r"^/(?:wp-sitemap[^/]*|sitemap_index|[a-z_]+-sitemap\d*)\.xml$")
_CALENDAR = re.compile(r"^/calendar/(\d{4})/(\d{2})/$")
_REST_POST = re.compile(r"^/wp-json/wp/v2/posts/(\d+)/?$")


@dataclass
class Response:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


def render_request(site: SampleSite, path_with_query: str, headers: dict) -> Response:
    """Answer a GET for ``path_with_query`` (the fragment, if any, is ignored as browsers do)."""
    key = ("response", path_with_query.split("#", 1)[0])
    response = site.cache.get(key)
    if response is None:
        response = _route(site, key[1])
        if len(site.cache) > CACHE_LIMIT:
            site.cache.clear()
        site.cache[key] = response
    return _conditional(response, {name.lower(): value for name, value in headers.items()})


# ------------------------------------------------------------------------- responses


def _theme(site: SampleSite):
    """The module that renders posts and listings in the site's theme."""
    return pages if site.theme == "newspaper" else coretheme


def _page(body: str, content_type: str = HTML, status: int = 200, **headers: str) -> Response:
    data = body.encode("utf-8")
    all_headers = {"Content-Type": content_type, **headers}
    if status == 200:
        all_headers["ETag"] = f'"{hashlib.md5(data).hexdigest()}"'
    return Response(status, all_headers, data)


def _http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(timezone.utc), usegmt=True)


def _redirect(site: SampleSite, path: str, status: int = 301) -> Response:
    return Response(
        status,
        {"Location": site.url(path), "Content-Type": HTML, "X-Redirect-By": "WordPress"},
        b"",
    )


def _not_found(site: SampleSite) -> Response:
    return _page(pages.not_found_page(site), status=404)


def _conditional(response: Response, headers: dict[str, str]) -> Response:
    """304 when the client's validators still match (If-None-Match wins, as RFC 9110 says)."""
    if response.status != 200:
        return response
    etag = response.headers.get("ETag")
    validators = {k: v for k, v in response.headers.items() if k in ("ETag", "Last-Modified")}
    if "if-none-match" in headers:
        tags = [tag.strip().removeprefix("W/") for tag in headers["if-none-match"].split(",")]
        return Response(304, validators) if etag in tags or "*" in tags else response
    last_modified = response.headers.get("Last-Modified")
    if last_modified and "if-modified-since" in headers:
        try:
            since = parsedate_to_datetime(headers["if-modified-since"])
        except (TypeError, ValueError):
            return response
        if parsedate_to_datetime(last_modified) <= since:
            return Response(304, validators)
    return response


# ------------------------------------------------------------------------- routing


def _route(site: SampleSite, path_with_query: str) -> Response:
    split = urlsplit(path_with_query)
    path = unquote(split.path) or "/"
    params = dict(parse_qsl(split.query, keep_blank_values=True))
    if path == "/" and "p" in params:
        return _shortlink(site, params)
    if path.startswith("/wp-json/"):
        return _rest(site, path, params)
    special = _special(site, path)
    if special is not None:
        return special
    if not path.endswith("/"):
        return _add_slash(site, path, split.query)
    listing = _LISTING.match(path)
    if listing:
        return _listing(site, listing, params, split.query)
    archive_feed = _ARCHIVE_FEED.match(path)
    if archive_feed:
        key = f"{archive_feed['taxonomy']}/{archive_feed['term']}"
        posts = site.index.archives.get(key)
        if posts is None:
            return _not_found(site)
        title = f"{pages.prose.SITE_NAME} » {site.index.names[key]}"
        return _page(feeds.rss_feed(site, posts, title, path), RSS)
    calendar = _CALENDAR.match(path)
    if calendar and site.variants and 1 <= int(calendar[2]) <= 12:
        return _page(pages.calendar_page(site, int(calendar[1]), int(calendar[2])))
    return _post_route(site, path, params)


def _shortlink(site: SampleSite, params: dict[str, str]) -> Response:
    """``/?p=ID``: 301 to the permalink; ``&preview=true`` shows a draft as its author would."""
    post = site.index.by_id.get(int(params["p"])) if params["p"].isdigit() else None
    if post is None:
        attachment = next((a for a in site.attachments if str(a.id) == params["p"]), None)
        return _redirect(site, attachment.path) if attachment else _not_found(site)
    if post.status == "draft":
        if params.get("preview") == "true":
            return _page(_theme(site).post_page(site, post, preview=True))
        return _not_found(site)
    return _redirect(site, post.path)


def _special(site: SampleSite, path: str) -> Response | None:
    """Fixed-name files: robots, feeds, sitemaps, login, xmlrpc, admin."""
    published, home = site.index.published, site.index.home
    if not site.sitemaps and _ANY_SITEMAP.match(path):
        return _not_found(site)
    fixed = {
        "/robots.txt": lambda: _page(feeds.robots_txt(site), "text/plain; charset=utf-8"),
        "/feed/": lambda: _page(feeds.rss_feed(site, home, pages.prose.SITE_NAME, "/feed/"), RSS),
        "/feed/atom/": lambda: _page(feeds.atom_feed(site, home), ATOM),
        "/comments/feed/": lambda: _page(
            feeds.comments_feed(
                site, published, f"Comments for {pages.prose.SITE_NAME}", "/comments/feed/"
            ),
            RSS,
        ),
        "/wp-sitemap.xml": lambda: _page(feeds.core_sitemap_index(site), XML),
        "/wp-sitemap-taxonomies-category-1.xml": lambda: _page(
            feeds.taxonomy_sitemap(site, "category"), XML
        ),
        "/wp-sitemap-taxonomies-post_tag-1.xml": lambda: _page(
            feeds.taxonomy_sitemap(site, "tag"), XML
        ),
        "/wp-sitemap-users-1.xml": lambda: _page(feeds.taxonomy_sitemap(site, "author"), XML),
        "/sitemap_index.xml": lambda: _page(feeds.yoast_sitemap_index(site), XML),
        "/category-sitemap.xml": lambda: _page(feeds.taxonomy_sitemap(site, "category"), XML),
        "/post_tag-sitemap.xml": lambda: _page(feeds.taxonomy_sitemap(site, "tag"), XML),
        "/author-sitemap.xml": lambda: _page(feeds.taxonomy_sitemap(site, "author"), XML),
        "/wp-login.php": lambda: _page(pages.login_page(site)),
        "/xmlrpc.php": lambda: Response(
            405,
            {"Content-Type": "text/plain; charset=UTF-8", "Allow": "POST"},
            b"XML-RPC server accepts POST requests only.",
        ),
    }
    if path in fixed:
        response = fixed[path]()
        shown = home if path in ("/feed/", "/feed/atom/") else published
        if path in ("/feed/", "/feed/atom/", "/sitemap_index.xml") and shown:
            newest = max(p.modified for p in shown)
            response.headers["Last-Modified"] = _http_date(newest)
        return response
    if path.startswith("/wp-admin"):
        return _redirect(site, f"/wp-login.php?redirect_to={quote(site.url(path), safe='')}", 302)
    for pattern, render in (
        (_CORE_POSTS_SITEMAP, feeds.core_posts_sitemap),
        (_YOAST_POSTS_SITEMAP, feeds.yoast_posts_sitemap),
    ):
        match = pattern.match(path)
        if match:
            body = render(site, int(match[1] or 1))
            return _page(body, XML) if body else _not_found(site)
    return None


def _add_slash(site: SampleSite, path: str, query: str) -> Response:
    """WordPress's redirect_canonical: a known page without its trailing slash -> 301."""
    target = path + "/" + (f"?{query}" if query else "")
    if _route(site, target).status == 404:
        return _not_found(site)
    return _redirect(site, target)


def _listing(site: SampleSite, match: re.Match, params: dict[str, str], query: str) -> Response:
    number = int(match["number"] or 1)
    base = match["base"]
    if match["number"] == "1":
        return _redirect(site, base + (f"?{query}" if query else ""))
    if base == "/" and "s" in params:
        return _search(site, params["s"], number, query)
    if base == "/" and "m" in params:
        return _month_query(site, params["m"], number, query)
    described = _describe_listing(site, match)
    if described is None:
        return _not_found(site)
    heading, body_class, posts = described
    return _paged_listing(site, heading, body_class, base, posts, number)


def _describe_listing(site: SampleSite, match: re.Match) -> tuple[str, str, list[Post]] | None:
    """(heading, body class, posts) of a home/taxonomy/date archive, or None if unknown."""
    archives = site.index.archives
    if match["base"] == "/":
        return "Latest News", "home blog", site.index.home
    if match["taxonomy"]:
        key = f"{match['taxonomy']}/{match['term']}"
        if key not in archives:
            return None
        name = site.index.names[key]
        kind = match["taxonomy"]
        ids = {"category": feeds.category_id, "tag": feeds.tag_id, "author": feeds.author_id}
        body_class = f"archive {kind} {kind}-{match['term']} {kind}-{ids[kind](name)}"
        return f"{kind.title()}: {name}", body_class, archives[key]
    year, month, day = match["year"], match["month"], match["day"]
    key = "/".join(part for part in (year, month, day) if part)
    if key not in archives:
        return None
    if day:
        heading = f"Day: {pages.human_date(date(int(year), int(month), int(day)))}"
    elif month:
        heading = f"Month: {date(int(year), int(month), 1):%B %Y}"
    else:
        heading = f"Year: {year}"
    return heading, "archive date", archives[key]


def _paged_listing(
    site: SampleSite,
    heading: str,
    body_class: str,
    base: str,
    posts: list[Post],
    number: int,
    query: str = "",
    extra: str = "",
    robots: str | None = None,
) -> Response:
    """One page of a listing; past the last page is 404 (200 and empty in variants mode)."""
    size = site.posts_per_page
    total = max(1, math.ceil(len(posts) / size))
    if number > total and not site.variants:
        return _not_found(site)
    return _page(
        _theme(site).listing_page(
            site,
            heading=heading,
            body_class=body_class,
            base_path=base,
            posts=posts[(number - 1) * size : number * size],
            number=number,
            total=total,
            query=query,
            extra=extra,
            robots=robots,
        )
    )


def _search(site: SampleSite, needle: str, number: int, query: str) -> Response:
    found = [
        p
        for p in site.index.published
        if needle.lower() in p.title.lower() or needle.lower() in " ".join(p.paragraphs).lower()
    ]
    body_class = "search search-results" if found else "search search-no-results"
    return _paged_listing(
        site,
        f"Search Results for: {needle}",
        body_class,
        "/",
        found,
        number,
        query,
        robots="noindex, follow",
    )


def _month_query(site: SampleSite, month: str, number: int, query: str) -> Response:
    """``/?m=YYYYMM``; in variants mode every month answers and links the one before."""
    if not re.fullmatch(r"\d{6}", month) or not 1 <= int(month[4:]) <= 12:
        return _not_found(site)
    year, month_number = int(month[:4]), int(month[4:])
    posts = site.index.archives.get(f"{year:04d}/{month_number:02d}", [])
    if not posts and not site.variants:
        return _not_found(site)
    extra = ""
    if site.variants:
        prev_year, prev_month = (year - 1, 12) if month_number == 1 else (year, month_number - 1)
        extra = (
            '<nav class="wp-calendar-nav"><span class="wp-calendar-nav-prev">'
            f'<a href="{site.url(f"/?m={prev_year:04d}{prev_month:02d}")}">&laquo; Previous</a>'
            "</span></nav>"
        )
    heading = f"Month: {date(year, month_number, 1):%B %Y}"
    return _paged_listing(site, heading, "archive date", "/", posts, number, query, extra)


def _post_route(site: SampleSite, path: str, params: dict[str, str]) -> Response:
    """Permalinks, attachment pages, AMP copies and per-post comment feeds."""
    index = site.index
    post = index.by_path.get(path)
    if post is not None:
        if site.variants and params.get("amp") == "1":
            return _page(pages.amp_page(site, post))
        return _post_response(site, post)
    attachment = index.attachments.get(path)
    if attachment is not None:
        return _page(pages.attachment_page(site, attachment))
    for suffix in ("amp/", "feed/"):
        parent = index.by_path.get(path.removesuffix(suffix)) if path.endswith(suffix) else None
        if parent is None or parent.status != "publish":
            continue
        if suffix == "feed/":
            title = f"Comments on: {parent.title}"
            return _page(feeds.comments_feed(site, [parent], title, path), RSS)
        if site.variants:
            return _page(pages.amp_page(site, parent))
    return _not_found(site)


def _post_response(site: SampleSite, post: Post) -> Response:
    return _page(
        _theme(site).post_page(site, post),
        Link=(
            f'<{site.url("/wp-json/")}>; rel="https://api.w.org/", '
            f"<{site.url(f'/?p={post.id}')}>; rel=shortlink"
        ),
        **{"Last-Modified": _http_date(post.modified)},
    )


def _rest(site: SampleSite, path: str, params: dict[str, str]) -> Response:
    if path in ("/wp-json/", "/wp-json"):
        return _page(feeds.rest_index(site), JSON)
    if path.rstrip("/") == "/wp-json/wp/v2/posts":
        try:
            body, headers = feeds.rest_posts(site, params)
        except feeds.RestError as error:
            return _page(error.body(), JSON, status=400)
        return _page(body, JSON, **headers)
    single = _REST_POST.match(path)
    if single:
        post = site.index.by_id.get(int(single[1]))
        if post is not None and post.status == "publish":
            return _page(json.dumps(feeds.rest_post(site, post)), JSON)
        return _rest_not_found("rest_post_invalid_id", "Invalid post ID.")
    if path.rstrip("/") == "/wp-json/oembed/1.0/embed":
        base = site.url("")
        target = params.get("url", "")
        post = site.index.by_path.get(urlsplit(target).path) if target.startswith(base) else None
        if post is not None and post.status == "publish":
            return _page(feeds.oembed(site, post), JSON)
        return _rest_not_found("oembed_invalid_url", "Not Found")
    return _rest_not_found(
        "rest_no_route", "No route was found matching the URL and request method."
    )


def _rest_not_found(code: str, message: str) -> Response:
    body = json.dumps({"code": code, "message": message, "data": {"status": 404}})
    return Response(404, {"Content-Type": JSON}, body.encode())
