"""A deterministic WordPress-like news site imitating MegaloPreneur, served on 127.0.0.1.

It backs ``make demo``, the crawl tests and the benchmarks: WordPress core + tagDiv Newspaper
theme + Jetpack markup, real HTTP, and mutations for incremental-crawl tests.

Building a site::

    site = SampleSite.generate(n_posts=300, seed=1, permalinks="month", variants=False,
                               posts_per_page=10, home_excludes=(), sitemaps=True)

``n_posts`` published posts (one is the seed article from ``seed-page.txt``, published
2023-09-22T18:30:00+05:30 at ``/2023/09/india-quad-message-russia-north-korea-arms-deals/``)
spread over four years up to July 2024, plus 3 drafts and 2 private posts; 3 attachment pages
are linked from their posts. ``permalinks="day"`` gives ``/YYYY/MM/DD/slug/`` paths. Times are in
the site's zone (+05:30); ``site.today`` is the header's "Wednesday, July 24, 2024" date.
``home_excludes=("Markets",)`` leaves the posts of those categories out of the home loop (``/``,
``/page/N/``, paginated over what is left) and the main feeds (``/feed/``, ``/feed/atom/``), as a
theme's ``pre_get_posts`` filter on ``is_home() || is_feed()`` does; their category, tag, author
and date archives, their own pages, the REST API, sitemaps and sidebar widgets still show them.
``sitemaps=False`` makes every sitemap URL answer the themed 404 and drops robots.txt's
``Sitemap:`` lines, like a site with core sitemaps off and no SEO plugin.
``page_kb=100`` (keyword of ``generate``) renders the heavy theme of ``weight``: the inline
CSS/JS, mega-menu, widgets and share/related blocks of a real news theme, pages of ~100 KB, the
same articles; the default 0 is the light theme. ``theme="twentytwentyone"`` or
``"twentytwentythree"`` renders posts and listings in WordPress's own default themes instead
(``coretheme``: no JSON-LD, Open Graph or author meta; the block theme's categories and tags both
``rel="tag"``). ``formats=True`` turns two posts into a Japanese article and an image post whose
only text is its caption (``Post.format``, ``Post.caption``).

Reading it: ``site.posts`` (``Post``: id, slug, title, subtitle, paragraphs, author, categories,
tags, published, modified, status, format, caption, ``path``), ``site.published_posts()`` (newest first),
``site.home_posts()`` (what the home loop lists: the published posts minus ``home_excludes``),
``site.post_by_slug(slug)``, ``site.post_by_id(id)``, ``site.distinct_articles()`` (paths an
archive should hold), ``site.copies`` (``{copy_path: (original_path, "exact" | "near")}``),
``site.variant_urls`` (kind -> paths of aliases and non-articles; see ``SampleSite``).

Changing it: ``add_posts(n, when=None)``, ``edit_post(post_id, paragraphs=None, title=None,
when=None)``, ``delete_post(post_id)``, ``touch_chrome()`` (header date and sidebar only).

Serving it: ``site.render(path_with_query, headers) -> Response(status, headers, body)`` is pure;
``with serve(site) as base_url:`` serves it over HTTP and logs requests to ``site.request_log``
as ``(method, path_with_query, headers, status)``; ``site.write_static(directory)`` writes files
for a static server (no query-string routes or redirects there, see ``static``).

Routes: ``/`` and ``/page/N/``; ``/category/S/``, ``/tag/S/``, ``/author/S/``, ``/YYYY/``,
``/YYYY/MM/``, ``/YYYY/MM/DD/`` (each with ``/page/N/``; past the end is 404, or an empty 200 page
with ``variants``); posts; ``/?p=ID`` (301; drafts with ``&preview=true``); slash-less URLs (301);
``/feed/``, ``/feed/atom/``, ``/comments/feed/``, ``/category/S/feed/``, ``POST/feed/``;
``/wp-sitemap.xml`` (core) and ``/sitemap_index.xml`` (Yoast); ``/robots.txt``; ``/wp-json/``,
``/wp-json/wp/v2/posts`` (``modified_after``, ``per_page``, ``page``, ``_fields``...);
``/wp-login.php``; ``/xmlrpc.php`` (405). With ``variants``: ``amp/`` and ``?amp=1`` copies,
``/calendar/YYYY/MM/`` and ``/?m=YYYYMM`` endless calendars, ``?s=`` search.

A second kind of site over the same posts, a Jekyll/minima static blog: ``jekyll.JekyllSite``.

Command line: ``python -m archiver.samplesite serve [--posts N] [--port P] [--variants]
[--seed S] [--page-kb N]`` and ``python -m archiver.samplesite write DIR [--posts N]
[--page-kb N]``.
"""

from .model import Attachment, Post, SampleSite
from .routes import Response
from .server import serve

__all__ = ["Attachment", "Post", "Response", "SampleSite", "serve"]
