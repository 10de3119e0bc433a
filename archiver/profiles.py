"""Site profiles: what differs between kinds of news site, as plain values, and how one is chosen.

A profile says where a site keeps its feeds, sitemaps and API, and whether its URL shapes can be
trusted to tell an article from a listing. Everything else the crawl reads off the pages
themselves (listing entries, pagination, taxonomy links, page types), so the ``generic`` profile
needs nothing site-specific.

* ``wordpress``: feeds at ``/feed/`` and ``/feed/atom/``, core (``/wp-sitemap.xml``) and Yoast
  (``/sitemap_index.xml``) sitemaps, the REST route ``wp-json/wp/v2/posts?modified_after=``,
  and WordPress's permalink and archive shapes (``WORDPRESS_URL_SHAPES``: read by
  ``archiver.discovery.link_kind`` to tell articles from listings, and by ``archiver.urls`` to
  tell a taxonomy term or date archive from an alias suffix or a post's feed), the teaser-title
  class of tagDiv themes (``entry_title_classes``, read by ``archiver.pageshape``) and the chrome
  of WordPress with Jetpack and of tagDiv themes (``chrome``: ``ChromeFamily`` values, removed
  by ``archiver.extraction.chrome`` in the extraction workers, which get the profile's name).
* ``generic``: sitemaps named by robots.txt's ``Sitemap:`` lines (``/sitemap.xml`` when it names
  none), feeds announced by the home page's ``<link rel="alternate">``, no URL shapes, no theme
  classes, no chrome families.

A profile may add a site's own words to those extraction reads every page by (``vocabulary``:
``Vocabulary`` values, read by ``archiver.extraction.pagetype`` and ``metadata`` in the crawl
process and the extraction workers alike): what the site calls its news section, its bylines'
words, its templates' body classes for listings and static pages, its forum's reply prefixes.
Neither built-in profile needs any.

``detect_profile`` picks one from what a site's home page shows: WordPress announces its REST API
in a ``Link: <.../wp-json/>; rel="https://api.w.org/"`` header (and the same ``<link>`` in the
page), names itself in ``<meta name="generator">``, and serves its assets from ``/wp-content/``.
No Scrapy import here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class UrlShapes:
    """How a kind of site spells the paths of its posts and archives (canonical paths)."""

    taxonomy_bases: frozenset[str]  # first segments of taxonomy and author archives
    date_archive: re.Pattern[str]  # year, month and day archives, paged or not
    article: re.Pattern[str]  # a post's permalink


# WordPress: ``/category/world/``, ``/tag/quad/``, ``/author/jane/`` (and the ``topics`` and
# ``series`` custom taxonomies news themes register), date archives ``/2023/``, ``/2023/09/``,
# ``/2023/09/22/`` with their ``/page/N/``, and the date permalinks ``/2023/09/slug/`` (month,
# the first configured site) and ``/2023/09/22/slug/`` (day): a slug with a non-digit in it.
WORDPRESS_URL_SHAPES = UrlShapes(
    taxonomy_bases=frozenset({"category", "tag", "author", "topics", "series"}),
    date_archive=re.compile(r"^/\d{4}(?:/\d{1,2}(?:/\d{1,2})?)?/?(?:page/\d+/?)?$"),
    article=re.compile(r"^/\d{4}/\d{2}/(?:\d{2}/)?(?!page/)[^/]*[^/\d][^/]*/$"),
)


# (kind, name): "class" matches one token of the class attribute, "id" the id attribute.
Selector = tuple[str, str]


@dataclass(frozen=True)
class ChromeFamily:
    """Chrome selectors of one platform, applied only on a page that carries its markup.

    A class such as ``widget`` or ``author-bio`` is chrome on a WordPress page and may be the post
    itself elsewhere (Blogger wraps the post in ``div.widget.Blog``): a family's selectors are
    used only when the page shows one of its ``markers``: a class token (``"wp-*"`` for a
    prefix), an id, a path part of a ``href``/``src`` URL (starting with ``/``), or the start of
    ``<meta name="generator">``.
    """

    name: str
    markers: tuple[str, ...]
    selectors: tuple[Selector, ...]


WORDPRESS_CHROME = ChromeFamily(
    "wordpress",
    markers=(
        "/wp-content/",
        "/wp-includes/",
        "/wp-json/",
        "generator:WordPress",
        "post-template-default",
        "postid-*",
        "page-id-*",
        "wp-*",
    ),
    selectors=(
        # Jetpack (a WordPress plugin): sharing buttons, likes, related posts, subscriptions.
        ("class", "sharedaddy"),
        ("id", "jp-relatedposts"),
        ("class", "jp-relatedposts"),
        ("id", "jp-post-flair"),
        ("class", "wp-block-jetpack-subscriptions"),
        ("class", "jetpack_subscription_widget"),
        ("class", "jetpack-subscribe-modal"),
        ("class", "jetpack-subscribe-overlay"),
        ("class", "wp-block-jetpack-related-posts"),
        # Author boxes (generic WordPress themes, Jetpack's author bio block).
        ("class", "about-author"),
        ("class", "author-box"),
        ("class", "author-bio"),
        ("class", "wp-block-post-author"),
        # Comments and the reply form (classic themes; block themes' Comments block).
        ("id", "comments"),
        ("class", "comments-area"),
        ("class", "comment-list"),
        ("id", "respond"),
        ("class", "wp-block-comments"),
        ("class", "wp-block-comment-template"),
        # Sidebar and footer widgets, newsletter forms.
        ("class", "widget"),
        ("class", "widget-area"),
        ("class", "newsletter"),
        ("class", "mc4wp-form"),
    ),
)
TAGDIV_CHROME = ChromeFamily(
    "tagdiv",  # tagDiv "Newspaper" and its clones (WordPress themes)
    markers=(
        "/themes/Newspaper/",
        "/plugins/td-composer/",
        "td-theme-css",
        "td-theme-wrap",
        "td-standard-pack",
        "tagdiv-type",
    ),
    selectors=(
        ("class", "td-post-sharing"),
        ("class", "td-post-sharing-top"),
        ("class", "td-post-sharing-bottom"),
        ("class", "td-block-title"),
        ("class", "td-block-title-wrap"),
        ("class", "td_block_widget"),
        ("class", "td-main-sidebar"),
        ("class", "td-related-posts"),
        ("class", "td_block_related_posts"),
        ("class", "td-post-next-prev"),
        ("class", "td-post-source-tags"),
        ("class", "tdn_block_newsletter_subscribe"),
        ("class", "td-header-wrap"),
        ("class", "td_data_time"),
        ("class", "td-footer-wrapper"),
        ("class", "author-box-wrap"),
    ),
)


@dataclass(frozen=True)
class Vocabulary:
    """A site's own words, read by extraction besides those of every site
    (``archiver.extraction.lexicon``), each field beside the lexicon list it extends.

    A site whose news section is called ``/meldinger/`` or whose bylines say "Tekst og foto: X"
    in a spelling no other site uses has those words here, in its profile, with the page that
    shows them cited in a comment: not in the lexicon nor in the code. Spelled as in the lexicon
    (case-insensitive, ``*`` at a word's end for every word starting so).
    """

    news_section_words: tuple[str, ...] = ()  # lexicon.NEWS_SECTION_WORDS: URL segment starts
    by_words: tuple[str, ...] = ()  # lexicon.BY_WORDS: "By" before a name, a word apart
    credit_labels: tuple[str, ...] = ()  # lexicon.CREDIT_LABELS: "Text: X", before a colon
    desk_words: tuple[str, ...] = ()  # lexicon.DESK_WORDS: a credit's last word, no person
    # lexicon.*_BODY_CLASSES: the body classes of the site's own templates that say a page is
    # no article, a static page, a listing (``body:NAME`` in the page's evidence)
    not_article_body_classes: tuple[str, ...] = ()
    static_page_body_classes: tuple[str, ...] = ()
    listing_body_classes: tuple[str, ...] = ()
    reply_prefixes: tuple[str, ...] = ()  # lexicon.REPLY_PREFIXES: "Re" before a reply's ":"


NO_WORDS = Vocabulary()  # a site that adds no words of its own to the lexicon's


@dataclass(frozen=True)
class SiteProfile:
    name: str
    feed_paths: tuple[str, ...] = ()  # feeds asked at the start, relative to the site's base
    sitemap_paths: tuple[str, ...] = ()  # sitemaps asked at the start
    rest_posts_route: str | None = None  # WordPress REST posts route (``modified_after``)
    sitemaps_from_robots: bool = False  # read robots.txt's Sitemap: lines
    fallback_sitemap_paths: tuple[str, ...] = ()  # when robots.txt names no sitemap
    feed_autodiscovery: bool = False  # follow the home page's <link rel="alternate"> feeds
    url_shapes: UrlShapes | None = None  # URL shapes that tell articles and listings apart
    # Classes of a theme's teaser titles whose links are a listing's entries (besides links in
    # an <article> and hAtom's ``entry-title``, which any kind of site may use).
    entry_title_classes: tuple[str, ...] = ()
    chrome: tuple[ChromeFamily, ...] = ()  # the site chrome extraction removes (extraction.chrome)
    vocabulary: Vocabulary = NO_WORDS  # the site's own words, besides extraction.lexicon's


WORDPRESS = SiteProfile(
    name="wordpress",
    feed_paths=("feed/", "feed/atom/"),
    sitemap_paths=("wp-sitemap.xml", "sitemap_index.xml"),
    rest_posts_route="wp-json/wp/v2/posts",
    url_shapes=WORDPRESS_URL_SHAPES,
    entry_title_classes=("td-module-title",),  # tagDiv: <h3 class="entry-title td-module-title">
    chrome=(WORDPRESS_CHROME, TAGDIV_CHROME),
)
GENERIC = SiteProfile(
    name="generic",
    sitemaps_from_robots=True,
    fallback_sitemap_paths=("sitemap.xml",),
    feed_autodiscovery=True,
)
PROFILES = {profile.name: profile for profile in (WORDPRESS, GENERIC)}
# The chrome of a page no profile was chosen for (a test, a benchmark, ``archiver extract``):
# every profile's, each family applied only where the page shows its markers.
KNOWN_CHROME = tuple(dict.fromkeys(family for p in PROFILES.values() for family in p.chrome))
AUTO = "auto"  # choose from the home page (``detect_profile``)

_WORDPRESS_EVIDENCE = (
    re.compile(r"""rel=["']?https://api\.w\.org/""", re.IGNORECASE),
    re.compile(r"""<meta[^>]+name=["']generator["'][^>]+content=["']WordPress""", re.IGNORECASE),
    re.compile(r"""/wp-content/|/wp-includes/"""),
)


def detect_profile(link_header: str, html: str) -> SiteProfile:
    """The profile a home page's ``Link`` header and HTML call for: WordPress or generic."""
    if any(evidence.search(link_header) for evidence in _WORDPRESS_EVIDENCE[:1]):
        return WORDPRESS
    head = html[:200_000]
    if any(evidence.search(head) for evidence in _WORDPRESS_EVIDENCE):
        return WORDPRESS
    return GENERIC


def profile_named(name: str) -> SiteProfile | None:
    """The profile called ``name``; None for ``auto``. Raises ValueError for an unknown name."""
    if name == AUTO:
        return None
    if name not in PROFILES:
        choices = ", ".join([*PROFILES, AUTO])
        raise ValueError(f"unknown site profile {name!r}: use one of {choices}")
    return PROFILES[name]
