"""A second kind of sample site: a static news blog as Jekyll and its default theme minima build it.

The posts, their prose and every mutation are the WordPress sample's (``SampleSite``: the same
seed gives the same posts); only the site around them differs, as a static generator makes it:

* no WordPress anywhere: no body classes, no REST API, no ``/wp-content/``; jekyll-seo-tag's
  JSON-LD (``BlogPosting`` on posts, ``WebSite`` on the home page) and ``generator`` meta;
* permalinks ``/<category>/YYYY/MM/DD/<slug>.html`` (Jekyll's ``date`` style), and date-less
  ``/<slug>/`` for one post in five (``permalink: /:title/``);
* the home page paginated by jekyll-paginate at ``/page2/``, ``/page3/``... with "Older" /
  "Newer" links and "Page 2 of 20" (no page numbers linked); past the end is the 404 page;
* ``/feed.xml`` (jekyll-feed, Atom, the 10 newest posts), ``/sitemap.xml`` (jekyll-sitemap, with
  ``lastmod``) named in ``/robots.txt``; no feed or sitemap at a WordPress path;
* ``sitemaps="news-gz"``: the sitemaps as a news site's plugins write them instead: robots.txt
  names ``/sitemap_index.xml.gz`` (a gzip file, served without ``Content-Encoding``), which lists
  ``/sitemap-posts.xml.gz`` (every post but the newest, with ``lastmod``; a gzip file too) and
  ``/news-sitemap.xml`` (a Google News sitemap of the newest ``NEWS_ENTRIES`` posts, with
  ``news:publication_date`` and ``news:title``, no ``lastmod``; served ``Content-Encoding:
  gzip``); no ``/sitemap.xml``;
* ``feed="json"``: a JSON Feed (jsonfeed.org 1.1, ``/feed.json``, the 10 newest posts with
  ``date_published`` and ``date_modified``) announced as ``application/feed+json`` instead of the
  Atom feed, as jekyll-json-feed and Hugo themes make it; no ``/feed.xml``;
* ``post_layout="page"``: a theme change, and every post rendered with the new theme's page
  layout, as a front-matter default gone wrong makes it: a ``WebPage``, no ``og:type``, no
  ``<article>``, ``<time>`` or byline markup (nor minima's ``rel="author"`` site title), no
  date printed and no title on the page, only in ``<title>`` (a landing layout: a dateline, or
  a headline at a dated permalink, would be article evidence); nothing on it says article
  (the run-status test);
* category and tag pages (``/categories/<slug>/``, ``/tags/<slug>/``: every post of the term on
  one page) linked from the header and from each post's footer; year and month archive pages
  (``/archives/YYYY/``, ``/archives/YYYY/MM/``: jekyll-archives, many months with one post)
  linked from the footer, which carry a ``BlogPosting`` JSON-LD block of their own, as a
  careless seo-tag include makes them (a trap for a classifier: a one-post archive shows one
  dated, linked headline and its excerpt);
* the same chrome blocks as the WordPress sample: "Latest Posts", "Stay in touch" with its
  subscribe form, "Share this:", "Related" and the "Leave a Reply" comment form.

``JekyllSite.generate(n_posts, seed)``; ``site.published_posts()``, ``site.path(post)``,
``site.distinct_articles()``; ``edit_post`` / ``add_posts`` / ``delete_post`` as on
``SampleSite``; ``serve(site)`` serves it like the first site (``site.request_log``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import re
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime
from html import escape
from typing import Any

from . import prose
from .feeds import _sitemap_index, _urlset
from .model import DEFAULT_BASE_URL, Post, SampleSite
from .pages import excerpt
from .routes import Response, _conditional

SITE_NAME = "The Harbour Ledger"
TAGLINE = "Markets, money and the people who move them"
GENERATOR = "Jekyll v4.3.3"
HTML = "text/html; charset=utf-8"
POSTS_PER_PAGE = 10
FEED_ENTRIES = 10
NEWS_ENTRIES = 10
SITEMAP_STYLES = ("plain", "news-gz")
FEED_STYLES = ("atom", "json")
RELATED = 3

_HOME_PAGE = re.compile(r"^/(?:page(\d+)/)?$")
_TERM_PAGE = re.compile(r"^/(categories|tags)/([^/]+)/$")
_YEAR_PAGE = re.compile(r"^/archives/(\d{4})/$")
_MONTH_PAGE = re.compile(r"^/archives/(\d{4})/(\d{2})/$")


def _slug(name: str) -> str:
    return prose.slugify(name)


@dataclass(eq=False, repr=False)
class JekyllSite:
    """The posts of a ``SampleSite`` (``content``), published as a Jekyll/minima blog."""

    content: SampleSite
    base_url: str = DEFAULT_BASE_URL
    request_log: list = field(default_factory=list)
    sitemaps: str = "plain"  # or "news-gz" (see the module docstring)
    feed: str = "atom"  # or "json" (see the module docstring)
    post_layout: str = "post"  # or "page" (see the module docstring); may change while served

    def __post_init__(self) -> None:
        if self.sitemaps not in SITEMAP_STYLES:
            raise ValueError(f"sitemaps must be one of {SITEMAP_STYLES}, not {self.sitemaps!r}")
        if self.feed not in FEED_STYLES:
            raise ValueError(f"feed must be one of {FEED_STYLES}, not {self.feed!r}")
        self.log_lock = threading.Lock()
        self.cache: dict[tuple[int, str], Response] = {}

    def __repr__(self) -> str:
        return f"<JekyllSite {len(self.published_posts())} posts base_url={self.base_url}>"

    @classmethod
    def generate(cls, n_posts: int = 200, seed: int = 1, **variant: str) -> JekyllSite:
        """``variant``: ``sitemaps=``, ``post_layout=`` (see the module docstring)."""
        return cls(SampleSite.generate(n_posts=n_posts, seed=seed), **variant)

    # ----------------------------------------------------------------- content

    def published_posts(self) -> list[Post]:
        """Published posts, newest first (Jekyll never renders drafts or private posts)."""
        return self.content.published_posts()

    def path(self, post: Post) -> str:
        if post.id % 5 == 0:
            return f"/{post.slug}/"
        return f"/{_slug(post.categories[0])}/{post.published:%Y/%m/%d}/{post.slug}.html"

    def distinct_articles(self) -> set[str]:
        """Paths an archive of the site should hold, one row each."""
        return {self.path(post) for post in self.published_posts()}

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def edit_post(self, post_id: int, **changes: Any) -> Post:
        return self.content.edit_post(post_id, **changes)

    def add_posts(self, n: int, when: datetime | None = None) -> list[Post]:
        return self.content.add_posts(n, when)

    def delete_post(self, post_id: int) -> Post:
        return self.content.delete_post(post_id)

    def set_base_url(self, base_url: str) -> None:
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.cache.clear()

    # ----------------------------------------------------------------- serving

    def render(self, path_with_query: str, headers: dict | None = None) -> Response:
        """Answer one GET request, as a static host (with ETag and Last-Modified) would."""
        path = path_with_query.split("#", 1)[0].split("?", 1)[0] or "/"
        with self.content.lock:
            key = (self.content.state, self.post_layout, path)
            response = self.cache.get(key)
            if response is None:
                if len(self.cache) > 4000:
                    self.cache.clear()
                response = self.cache[key] = self._with_validators(self._route(path))
        lowered = {name.lower(): value for name, value in (headers or {}).items()}
        return _conditional(response, lowered)

    def _route(self, path: str) -> Response:
        posts = self.published_posts()
        if path == "/robots.txt":
            named = "/sitemap.xml" if self.sitemaps == "plain" else "/sitemap_index.xml.gz"
            body = f"User-agent: *\nDisallow:\n\nSitemap: {self.url(named)}\n"
            return Response(200, {"Content-Type": "text/plain; charset=utf-8"}, body.encode())
        if path == "/feed.xml" and self.feed == "atom":
            return _xml(self._feed(posts[:FEED_ENTRIES]), "application/atom+xml")
        if path == "/feed.json" and self.feed == "json":
            body = json.dumps(self._json_feed(posts[:FEED_ENTRIES])).encode()
            return Response(200, {"Content-Type": "application/feed+json"}, body)
        sitemap = self._sitemap_file(path, posts)
        if sitemap is not None:
            return sitemap
        if path == "/about/":
            return self._html(self._document("About", self._about(), "WebPage", "/about/"))
        home = _HOME_PAGE.match(path)
        if home:
            return self._home(posts, int(home[1] or 1))
        term = _TERM_PAGE.match(path)
        if term:
            return self._term_page(posts, term[1], term[2])
        year = _YEAR_PAGE.match(path)
        if year:
            return self._archive_page(posts, int(year[1]))
        month = _MONTH_PAGE.match(path)
        if month:
            return self._archive_page(posts, int(month[1]), int(month[2]))
        post = next((p for p in posts if self.path(p) == path), None)
        if post is None:
            return self._html(self._document("Page not found", _NOT_FOUND, "WebPage", path), 404)
        if self.post_layout == "page":
            return self._html(self._post_as_page(post))
        return self._html(self._post_page(post, posts))

    def _html(self, body: str, status: int = 200) -> Response:
        return Response(status, {"Content-Type": HTML}, body.encode("utf-8"))

    def _with_validators(self, response: Response) -> Response:
        """A static host's ETag (of the bytes) and Last-Modified (of the build: the site's last
        change) on every 200."""
        if response.status == 200:
            built = max(max(p.published, p.modified) for p in self.content.posts)
            response.headers["ETag"] = f'"{hashlib.sha1(response.body).hexdigest()[:16]}"'
            response.headers["Last-Modified"] = format_datetime(
                built.astimezone(timezone.utc), usegmt=True
            )
        return response

    # ----------------------------------------------------------------- pages

    def _home(self, posts: list[Post], number: int) -> Response:
        total = max(1, math.ceil(len(posts) / POSTS_PER_PAGE))
        if number > total:
            return self._html(self._document("Page not found", _NOT_FOUND, "WebPage", "/"), 404)
        shown = posts[(number - 1) * POSTS_PER_PAGE : number * POSTS_PER_PAGE]
        nav = []
        if number < total:
            nav.append(f'<a class="next" href="{self.url(f"/page{number + 1}/")}">Older</a>')
        nav.append(f'<span class="page_number">Page {number} of {total}</span>')
        if number > 1:
            newer = "/" if number == 2 else f"/page{number - 1}/"
            nav.append(f'<a class="previous" href="{self.url(newer)}">Newer</a>')
        main = (
            '<div class="home"><h2 class="post-list-heading">Posts</h2>'
            f"{self._post_list(shown)}"
            f'<div class="pagination">{" ".join(nav)}</div></div>'
        )
        path = "/" if number == 1 else f"/page{number}/"
        title = SITE_NAME if number == 1 else f"Page {number}"
        return self._html(self._document(title, main, "WebSite", path))

    def _term_page(self, posts: list[Post], kind: str, term: str) -> Response:
        names = self.content.categories if kind == "categories" else self.content.tags
        name = next((n for n in names if _slug(n) == term), None)
        attribute = "categories" if kind == "categories" else "tags"
        shown = [p for p in posts if name in getattr(p, attribute)] if name else []
        if not shown:
            return self._html(self._document("Page not found", _NOT_FOUND, "WebPage", "/"), 404)
        heading = f"{'Category' if kind == 'categories' else 'Tag'}: {name}"
        main = f'<div class="archive"><h1 class="page-heading">{escape(heading)}</h1>'
        main += f"{self._post_list(shown)}</div>"
        return self._html(self._document(heading, main, "WebPage", f"/{kind}/{term}/"))

    def _archive_page(self, posts: list[Post], year: int, month: int | None = None) -> Response:
        """A year or month archive as jekyll-archives makes it: often one post for a month."""
        shown = [
            p
            for p in posts
            if p.published.year == year and (month is None or p.published.month == month)
        ]
        if not shown:
            return self._html(self._document("Page not found", _NOT_FOUND, "WebPage", "/"), 404)
        if month is None:
            name, path = f"{year}", f"/archives/{year}/"
        else:
            name, path = f"{shown[0].published:%B %Y}", f"/archives/{year}/{month:02d}/"
        main = f'<div class="archive"><h1 class="page-heading">Posts from {name}</h1>'
        main += f"{self._post_list(shown)}</div>"
        # The layout's seo include thinks every dated page is a post.
        return self._html(self._document(name, main, "BlogPosting", path, dated=shown[0]))

    def _post_list(self, posts: list[Post]) -> str:
        items = "".join(
            f'<li><span class="post-meta">{p.published:%b %-d, %Y}</span>'
            f'<h3><a class="post-link" href="{self.url(self.path(p))}">{escape(p.title)}</a></h3>'
            f'<p class="post-excerpt">{escape(excerpt(p))}</p></li>'
            for p in posts
        )
        return f'<ul class="post-list">{items}</ul>'

    def _post_page(self, post: Post, posts: list[Post]) -> str:
        paragraphs = "".join(f"<p>{escape(text)}</p>" for text in post.paragraphs)
        categories = ", ".join(
            f'<a href="{self.url(f"/categories/{_slug(c)}/")}" rel="category tag">{escape(c)}</a>'
            for c in post.categories
        )
        tags = ", ".join(
            f'<a href="{self.url(f"/tags/{_slug(t)}/")}" rel="tag">{escape(t)}</a>'
            for t in post.tags
        )
        position = posts.index(post)
        related = [p for p in posts[position + 1 :] if set(p.categories) & set(post.categories)]
        related_items = "".join(
            f'<li><a href="{self.url(self.path(p))}">{escape(p.title)}</a></li>'
            for p in related[:RELATED]
        )
        link = self.url(self.path(post))
        main = f"""<article class="post h-entry" itemscope itemtype="http://schema.org/BlogPosting">
<header class="post-header">
<h1 class="post-title p-name" itemprop="name headline">{escape(post.title)}</h1>
<p class="post-meta"><time class="dt-published" datetime="{post.published.isoformat()}" itemprop="datePublished">{post.published:%b %-d, %Y}</time> • <span itemprop="author" itemscope itemtype="http://schema.org/Person"><span class="p-author h-card" itemprop="name">{escape(post.author)}</span></span></p>
</header>
<div class="post-content e-content" itemprop="articleBody">
<p class="post-subtitle"><em>{escape(post.subtitle)}</em></p>
{paragraphs}
</div>
<footer class="post-footer">
<p class="post-categories">Posted in {categories}</p>
<p class="post-tags">Tags: {tags}</p>
</footer>
<div class="share-this"><h3>Share this:</h3><ul>
<li><a href="https://twitter.com/intent/tweet?url={escape(link)}">Twitter</a></li>
<li><a href="https://www.facebook.com/sharer.php?u={escape(link)}">Facebook</a></li></ul></div>
<div class="related"><h3>Related</h3><ul>{related_items}</ul></div>
<div class="comments" id="comments"><h3>Leave a Reply</h3>
<form class="comment-form" method="post" action="https://staticman.example/v3/entry">
<label>Comment</label><textarea name="fields[message]"></textarea>
<label>Name</label><input name="fields[name]"/><button type="submit">Post Comment</button>
</form></div>
<a class="u-url" href="{escape(link)}" hidden></a>
</article>"""
        return self._document(post.title, main, "BlogPosting", self.path(post), dated=post)

    def _post_as_page(self, post: Post) -> str:
        paragraphs = "".join(f"<p>{escape(text)}</p>" for text in post.paragraphs)
        main = f"""<div class="post">
<div class="post-content">
<p>{escape(post.author)}</p>
<p><em>{escape(post.subtitle)}</em></p>
{paragraphs}
</div></div>"""
        return self._document(post.title, main, "WebPage", self.path(post))

    def _about(self) -> str:
        return (
            '<article class="post"><header class="post-header"><h1 class="post-title">About'
            f'</h1></header><div class="post-content"><p>{escape(SITE_NAME)} is an independent '
            "newsletter about markets and money, written by a handful of reporters.</p>"
            "<p>It is built with Jekyll and published every weekday.</p></div></article>"
        )

    def _document(
        self, title: str, main: str, schema_type: str, path: str, dated: Post | None = None
    ) -> str:
        canonical = self.url(path)
        graph: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": schema_type,
            "url": canonical,
            "headline": title,
            "name": title if schema_type != "BlogPosting" else None,
        }
        head_dates = ""
        if dated is not None:
            graph |= {
                "datePublished": dated.published.isoformat(),
                "dateModified": dated.modified.isoformat(),
                "author": {"@type": "Person", "name": dated.author},
                "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
                "description": excerpt(dated),
            }
            if schema_type == "BlogPosting" and path == self.path(dated):
                head_dates = (
                    '<meta property="og:type" content="article" />\n'
                    f'<meta property="article:published_time" '
                    f'content="{dated.published.isoformat()}" />\n'
                )
        if schema_type == "WebSite":
            graph["description"] = TAGLINE
        graph = {key: value for key, value in graph.items() if value is not None}
        page_title = title if title == SITE_NAME else f"{title} | {SITE_NAME}"
        # minima marks its site title rel="author"; the theme of the "page" layout does not.
        author = ' rel="author"' if self.post_layout == "post" else ""
        feed_type, feed_path = (
            ("application/atom+xml", "/feed.xml")
            if self.feed == "atom"
            else ("application/feed+json", "/feed.json")
        )
        return f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8"><meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(page_title)}</title>
<meta name="generator" content="{GENERATOR}" />
<meta property="og:title" content="{escape(title)}" />
<meta property="og:locale" content="en_US" />
<link rel="canonical" href="{escape(canonical)}" />
<meta property="og:url" content="{escape(canonical)}" />
<meta property="og:site_name" content="{escape(SITE_NAME)}" />
{head_dates}<script type="application/ld+json">{json.dumps(graph)}</script>
<link rel="stylesheet" href="{self.url("/assets/main.css")}">
<link type="{feed_type}" rel="alternate" href="{self.url(feed_path)}" title="{escape(SITE_NAME)}" />
</head>
<body>
<header class="site-header" role="banner"><div class="wrapper">
<a class="site-title"{author} href="{self.url("/")}">{escape(SITE_NAME)}</a>
<nav class="site-nav"><div class="trigger">
<a class="page-link" href="{self.url("/about/")}">About</a>
{self._category_links()}
</div></nav></div></header>
<main class="page-content" aria-label="Content"><div class="wrapper">
{main}
</div></main>
{self._footer()}
</body></html>
"""

    def _category_links(self) -> str:
        used = {c for p in self.published_posts() for c in p.categories}
        return "\n".join(
            f'<a class="page-link" href="{self.url(f"/categories/{_slug(c)}/")}">{escape(c)}</a>'
            for c in self.content.categories
            if c in used
        )

    def _footer(self) -> str:
        posts = self.published_posts()
        latest = "".join(
            f'<li><a href="{self.url(self.path(p))}">{escape(p.title)}</a></li>' for p in posts[:5]
        )
        months: dict[int, list[int]] = {}
        for p in posts:
            year_months = months.setdefault(p.published.year, [])
            if p.published.month not in year_months:
                year_months.append(p.published.month)
        archives = "".join(
            f'<li><a href="{self.url(f"/archives/{y}/")}">{y}</a>: '
            + " ".join(
                f'<a href="{self.url(f"/archives/{y}/{m:02d}/")}">{datetime(y, m, 1):%b}</a>'
                for m in ms
            )
            + "</li>"
            for y, ms in months.items()
        )
        return f"""<footer class="site-footer h-card"><div class="wrapper">
<div class="footer-col-wrapper">
<div class="footer-col"><h2 class="footer-heading">Latest Posts</h2><ul>{latest}</ul></div>
<div class="footer-col"><h2 class="footer-heading">Archives</h2><ul>{archives}</ul></div>
<div class="footer-col subscribe"><h2 class="footer-heading">Stay in touch</h2>
<p>To be updated with all the latest news, offers and special announcements.</p>
<form action="https://newsletter.example/subscribe" method="post"><input type="email" name="email" placeholder="Type your email…"/><button type="submit">Subscribe</button></form></div>
<div class="footer-col"><p>{escape(TAGLINE)}</p></div>
</div></div></footer>"""

    # ----------------------------------------------------------------- feeds

    def _feed(self, posts: list[Post]) -> str:
        updated = max((p.modified for p in posts), default=None)
        entries = "".join(
            f"""<entry><title type="html">{escape(p.title)}</title>
<link href="{escape(self.url(self.path(p)))}" rel="alternate" type="text/html" title="{escape(p.title)}" />
<published>{p.published.isoformat()}</published><updated>{p.modified.isoformat()}</updated>
<id>{escape(self.url(self.path(p)))}</id><author><name>{escape(p.author)}</name></author>
<summary type="html">{escape(excerpt(p))}</summary></entry>
"""
            for p in posts
        )
        return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><generator uri="https://jekyllrb.com/" version="4.3.3">Jekyll</generator>
<link href="{escape(self.url("/feed.xml"))}" rel="self" type="application/atom+xml" />
<link href="{escape(self.url("/"))}" rel="alternate" type="text/html" />
<updated>{updated.isoformat() if updated else ""}</updated><id>{escape(self.url("/feed.xml"))}</id>
<title type="html">{escape(SITE_NAME)}</title>
{entries}</feed>
"""

    def _json_feed(self, posts: list[Post]) -> dict[str, Any]:
        return {
            "version": "https://jsonfeed.org/version/1.1",
            "title": SITE_NAME,
            "home_page_url": self.url("/"),
            "feed_url": self.url("/feed.json"),
            "items": [
                {
                    "id": self.url(self.path(p)),
                    "url": self.url(self.path(p)),
                    "title": p.title,
                    "summary": excerpt(p),
                    "date_published": p.published.isoformat(),
                    "date_modified": p.modified.isoformat(),
                    "authors": [{"name": p.author}],
                }
                for p in posts
            ],
        }

    def _sitemap_file(self, path: str, posts: list[Post]) -> Response | None:
        """The sitemap files of the site's ``sitemaps`` style; None for any other path."""
        if self.sitemaps == "plain":
            return _xml(self._sitemap(posts), "application/xml") if path == "/sitemap.xml" else None
        if path == "/sitemap_index.xml.gz":
            children = [
                (self.url("/sitemap-posts.xml.gz"), None),
                (self.url("/news-sitemap.xml"), None),
            ]
            return _gzip_file(_sitemap_index(children))
        if path == "/sitemap-posts.xml.gz":
            return _gzip_file(self._sitemap(posts[NEWS_ENTRIES:]))
        if path == "/news-sitemap.xml":
            response = _xml(self._news_sitemap(posts[:NEWS_ENTRIES]), "application/xml")
            response.headers["Content-Encoding"] = "gzip"
            response.body = gzip.compress(response.body, mtime=0)
            return response
        return None

    def _sitemap(self, posts: list[Post]) -> str:
        rows = [(self.url(self.path(p)), p.modified.isoformat()) for p in posts]
        rows += [(self.url("/about/"), None), (self.url("/"), None)]
        return _urlset(rows)

    def _news_sitemap(self, posts: list[Post]) -> str:
        urls = "".join(
            f"""<url><loc>{escape(self.url(self.path(p)))}</loc><news:news><news:publication>
<news:name>{escape(SITE_NAME)}</news:name><news:language>en</news:language></news:publication>
<news:publication_date>{p.published.isoformat()}</news:publication_date>
<news:title>{escape(p.title)}</news:title></news:news></url>
"""
            for p in posts
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset '
            'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
            f"{urls}</urlset>\n"
        )


_NOT_FOUND = (
    '<div class="post"><h1 class="post-title">404</h1><p><strong>Page not found :(</strong></p>'
    "<p>The requested page could not be found.</p></div>"
)


def _gzip_file(xml: str) -> Response:
    """A ``.xml.gz`` file as a static host serves one: gzip bytes, no Content-Encoding."""
    return Response(200, {"Content-Type": "application/gzip"}, gzip.compress(xml.encode(), mtime=0))


def _xml(body: str, content_type: str) -> Response:
    return Response(200, {"Content-Type": f"{content_type}; charset=utf-8"}, body.encode("utf-8"))
