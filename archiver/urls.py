"""Canonical URLs, crawler-trap detection and site membership for WordPress news sites.

A news site reaches one article through many URLs: tracking parameters, ``#comments`` anchors,
``?share=twitter`` buttons, ``/amp/`` and ``/embed/`` variants, ``/comment-page-2/`` pages, a
missing trailing slash, ``%2D`` instead of ``-``. This module maps all of them onto one canonical
string, says which URLs must never be scheduled at all, and decides whether a URL belongs to the
archived site. It is pure (standard library and w3lib only, no Scrapy) so that the spider, the
pipelines, storage and the command line all agree on what "the same URL" means.

How the spider uses it, in this order:

1. ``url = canonicalize(link)``: folds aliases (tracking, share, replytocom, amp, print, embed,
   comment pages) onto the article they belong to.
2. ``same_site(url, allowed_hosts)``: off-site links are dropped.
3. ``trap_kind(url)``: anything not None is skipped and counted under that kind. Checked on the
   canonical form it still catches search, calendar, admin, login/logout/register, single feeds,
   REST/oEmbed, media files and previews, none of which canonicalisation removes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, unquote, unquote_plus, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

from archiver.profiles import WORDPRESS_URL_SHAPES

# Query parameters that never change the page a WordPress site serves: analytics and ad-click
# identifiers, plus WordPress/Jetpack presentation switches. A documented allow-list of removals
# (rather than "drop everything unknown") because ``?p=``, ``?page_id=``, ``?cat=``, ``?s=`` and
# ``?preview=`` select different content. ``ref`` is deliberately kept: some plugins use it for
# real state, and fetching a page twice is cheaper than merging two different pages.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",  # Facebook click id
        "gclid",  # Google Ads click id
        "gbraid",  # Google Ads (iOS) click id
        "wbraid",  # Google Ads (web-to-app) click id
        "dclid",  # Google Display click id
        "msclkid",  # Microsoft Ads click id
        "yclid",  # Yandex click id
        "twclid",  # Twitter/X click id
        "ttclid",  # TikTok click id
        "igshid",  # Instagram share id
        "_ga",  # Google Analytics cross-domain linker
        "_gl",  # Google Analytics 4 linker
        "_hsenc",  # HubSpot e-mail tracking
        "_hsmi",  # HubSpot e-mail tracking
        "mkt_tok",  # Marketo e-mail tracking
        "share",  # Jetpack share buttons (?share=twitter) return to the article
        "replytocom",  # WordPress "Reply" link: the article with a reply form opened
        "like_comment",  # Jetpack comment likes
        "amp",  # AMP plugin variant (?amp=1)
        "print",  # print-friendly variant (?print=1)
        "nb",  # Jetpack subscription "no blog" switch (?nb=1)
    }
)
# Whole families: utm_source, utm_medium, ...; mc_cid, mc_eid (Mailchimp).
TRACKING_PREFIXES = ("utm_", "mc_")

# Trailing path segments that show the same article in another dress. Stripped by canonicalize.
VARIANT_SEGMENTS = frozenset({"amp", "embed", "print"})
COMMENT_PAGE = re.compile(r"comment-page-\d+")
COMMENT_ANCHOR = re.compile(r"comment-\d+")

# First path segments of WordPress taxonomy and author archives: ``/category/print/`` is the
# archive of a category called "print", not the print variant of ``/category/``.
TAXONOMY_BASES = WORDPRESS_URL_SHAPES.taxonomy_bases

DEFAULT_PORTS = {"http": 80, "https": 443}

# Last-segment extensions of files that are not HTML pages (uploads, theme assets, downloads).
MEDIA_EXTENSIONS = frozenset(
    {
        "jpg", "jpeg", "png", "gif", "webp", "avif", "svg", "bmp", "ico", "tif", "tiff", "heic",
        "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "csv", "epub",
        "zip", "gz", "tgz", "rar", "7z", "tar", "bz2", "xz", "dmg", "exe", "apk",
        "mp3", "m4a", "wav", "ogg", "oga", "flac", "aac",
        "mp4", "m4v", "webm", "mov", "avi", "mkv", "wmv", "flv",
        "css", "js", "woff", "woff2", "ttf", "otf", "eot", "map",
    }
)  # fmt: skip

# Path endings of WordPress feeds: /feed/, /feed/rss2/, /feed/atom/, ...
FEED_TAIL = re.compile(r"(?:^|/)feed(?:/(?:rss|rss2|rdf|atom))?/?$")
# /YYYY/MM/ and /YYYY/MM/DD/ date archives (real listings), possibly paged.
DATE_ARCHIVE = WORDPRESS_URL_SHAPES.date_archive
REST_POSTS = re.compile(r"^/wp/v2/posts(?:/\d+)?/?$")
CALENDAR_QUERY_KEYS = frozenset({"m", "monthnum", "year", "day", "w"})
# Account actions: as wp-login.php?action=..., ?action=... or a top-level /login/ page.
AUTH_KINDS = frozenset({"login", "logout", "register"})
ADMIN_SCRIPTS = frozenset(
    {"xmlrpc.php", "wp-cron.php", "wp-comments-post.php", "wp-trackback.php", "wp-mail.php"}
)

# Every value trap_kind can return, with the reason the URL must not be scheduled.
TRAP_KINDS = {
    "search": "site search results (?s=, /search/): unbounded, every query is a new page",
    "calendar": "calendar widget links (?m=, ?year=&monthnum=, /calendar/): endless empty months",
    "feed-single": "a single post's or the comments' feed: duplicates the article, never a listing",
    "admin": "WordPress back end (/wp-admin/, xmlrpc.php, wp-cron.php, wp-comments-post.php)",
    "login": "the login form (wp-login.php, /login/)",
    "logout": "a logout action (wp-login.php?action=logout, /logout/)",
    "register": "a registration form (action=register, wp-signup.php, /register/)",
    "api-embed": "REST API and oEmbed endpoints (/wp-json/, ?rest_route=, oembed) other than "
    "the REST posts route (see is_rest_posts_url)",
    "comment": "comment machinery (?replytocom=, /comment-page-N/, #respond, #comment-N, "
    "?like_comment=, /trackback/)",
    "share": "share buttons (?share=twitter): redirect to a social network",
    "variant": "another dress of an article (/amp/, ?amp=, /embed/, /print/, ?print=)",
    "media": "a file rather than a page (uploads, theme assets: images, pdf, zip, audio, video)",
    "preview": "draft previews (?preview=true, preview_id, preview_nonce): need a login",
}


def canonicalize(url: str) -> str:
    """Return the one canonical spelling of an http(s) URL.

    Rules, in order:

    - w3lib.url.canonicalize_url: scheme and host lowercased, IDN host to punycode, fragment
      dropped, dot segments resolved, percent-encoding normalised (unreserved characters such as
      ``%2D`` decoded, remaining escapes upper-cased, spaces and non-ASCII as UTF-8 escapes),
      query arguments sorted (blank values kept);
    - default ports dropped (``:80`` on http, ``:443`` on https), a trailing dot on the host too;
    - tracking and presentation parameters removed (TRACKING_PARAMS, ``utm_*``, ``mc_*``);
    - trailing ``/amp/``, ``/embed/``, ``/print/`` and ``/comment-page-N/`` segments removed
      (not after a date segment or a taxonomy base: ``/2023/09/print/`` is a post called
      "print" and ``/category/amp/`` a category called "amp");
    - WordPress trailing slash: a path whose last segment has no file extension ends with "/",
      one with an extension (``sitemap.xml``, ``wp-login.php``) or ``;parameters`` keeps its
      slash or lack of one; an empty path is "/".

    Idempotent. URLs that are not absolute http(s) URLs (``mailto:``, relative links) are
    returned stripped but otherwise unchanged. Raises ValueError for malformed URLs
    (e.g. an unclosed IPv6 bracket).
    """
    once = _canonicalize_once(url.strip())
    # A rule can expose another (``/;/amp`` -> ``/;`` -> ``/``): apply them to a fixed point.
    for _ in range(3):
        again = _canonicalize_once(once)
        if again == once:
            break
        once = again
    return once


# An http(s) URL with a lowercase host and a path of unreserved characters only, without query or
# fragment: w3lib's canonicalize_url has nothing to lowercase, escape, unescape or sort in it and
# returns it as it is (or with "/" for an empty path), unless a dot segment needs resolving. Most
# links a WordPress site prints have this shape; skipping w3lib for them saves ~30 us a link.
_PLAIN_URL = re.compile(r"https?://[a-z0-9.-]+(?::[0-9]+)?(?:/[A-Za-z0-9._~-]*)*")


def is_plain_url(url: str) -> bool:
    """Whether w3lib's canonicalize_url would leave ``url`` as it is (see _PLAIN_URL)."""
    return _PLAIN_URL.fullmatch(url) is not None and "/." not in url


# Links whose verdict is remembered (~300 bytes each, ~130 more for their canonical form): menus
# and sidebars, and an article's link while the listings that show it are walked. What recurs on
# a site's pages is its chrome (a few hundred links); most of the rest of a page's links it alone
# shows (comment, share and related-post links), and a sitemap's entries are each met once or
# twice, so a larger cache only holds more of those: filled on a large site, never on a small
# one, it made the crawl's memory grow with the site (full, the four link caches of this module
# and of discovery.py hold ~3.7 MB at 4,096 entries, ~1.1 MB at 1,024), for ~7 fewer misses per
# listing page than 1,024.
LINK_VERDICT_CACHE = 1_024


@lru_cache(maxsize=LINK_VERDICT_CACHE)
def _canonicalize_once(url: str) -> str:
    """One pass of the rules of :func:`canonicalize` (cached: a site links the same URLs often)."""
    if not is_plain_url(url):
        parts = urlsplit(url)
        if parts.scheme.lower() not in DEFAULT_PORTS or not parts.netloc:
            return url
        url = canonicalize_url(url, keep_blank_values=True)
    parts = urlsplit(url)
    return urlunsplit(
        (
            parts.scheme,
            _canonical_netloc(parts.scheme, parts.netloc),
            _canonical_path(parts.path),
            _without_tracking(parts.query),
            "",
        )
    )


def _canonical_netloc(scheme: str, netloc: str) -> str:
    """Drop the scheme's default port and a trailing dot on the host; keep userinfo."""
    userinfo, _, hostport = netloc.rpartition("@")
    host, port = _split_port(hostport)
    host = host.rstrip(".") if not host.startswith("[") else host
    if port is not None and port != str(DEFAULT_PORTS[scheme]):
        host = f"{host}:{port}"
    return f"{userinfo}@{host}" if userinfo else host


def _split_port(hostport: str) -> tuple[str, str | None]:
    """Split ``host:port`` without mistaking IPv6 colons (``[::1]:8080``) for a port."""
    head, sep, tail = hostport.rpartition(":")
    if sep and tail.isdigit() and not head.endswith(":") and ("]" in head or "[" not in head):
        return head, tail
    return hostport, None


def _without_tracking(query: str) -> str:
    """Remove tracking parameters from an already sorted and escaped query string."""
    kept = [pair for pair in query.split("&") if pair and not _is_tracking(pair.split("=")[0])]
    return "&".join(kept)


def _is_tracking(key: str) -> bool:
    key = unquote_plus(key).lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


def _canonical_path(path: str) -> str:
    """Strip variant/comment-page tail segments, then apply the WordPress trailing-slash rule."""
    segments = [segment for segment in path.split("/") if segment]
    while segments and _is_alias_tail(segments):
        segments.pop()
    if not segments:
        return "/"
    keep_as_is = "." in segments[-1] or ";" in segments[-1]  # a file name, or path parameters
    slash = path.endswith("/") if keep_as_is else True
    return "/" + "/".join(segments) + ("/" if slash else "")


def _is_alias_tail(segments: list[str]) -> bool:
    """Whether the last segment is an alias suffix of the page named by the segments before it."""
    tail = segments[-1].lower()
    if COMMENT_PAGE.fullmatch(tail):
        return True
    if tail not in VARIANT_SEGMENTS or len(segments) < 2:
        return False
    parent = segments[-2].lower()
    # /2023/09/print/ is a post slug under a date permalink; /category/amp/ a taxonomy term.
    return not parent.isdigit() and not (len(segments) == 2 and parent in TAXONOMY_BASES)


def is_rest_posts_url(url: str) -> bool:
    """Whether ``url`` is the WordPress REST posts route the spider reads on purpose.

    ``/wp-json/wp/v2/posts`` (list or ``/<id>``, any query such as ``?per_page=100&page=2``) and
    its plain-permalink form ``?rest_route=/wp/v2/posts``. Every other REST route is a trap of
    kind ``api-embed``.
    """
    return _is_rest_posts(_Link.parse(url))


def trap_kind(url: str) -> str | None:
    """Return why ``url`` must never be scheduled (a key of TRAP_KINDS), or None for a page.

    Call it on the canonical form (``trap_kind(canonicalize(link))``): canonicalize already folds
    share buttons, replytocom, amp/print/embed variants and comment pages onto their article, so
    those stop being traps and the dupefilter drops them instead. On the canonical form this
    still reports search, calendar, feed-single, admin, login, logout, register, api-embed,
    media, preview and the remaining comment endpoints. On a raw URL it reports the folded kinds
    too (share, variant, comment including ``#respond`` and ``#comment-N``).

    Normal pages return None: articles, date/category/tag/author listings and their ``/page/N/``,
    the site and category feeds, sitemaps, robots.txt, shortlinks (``/?p=123``) and the REST
    posts route.
    """
    link = _Link.parse(url)
    for check in _TRAP_CHECKS:
        kind = check(link)
        if kind:
            return kind
    return None


@dataclass(frozen=True)
class _Link:
    """The parts of a URL the trap checks look at, lowercased and unescaped."""

    path: str
    segments: list[str]
    query: dict[str, str]
    fragment: str

    @classmethod
    def parse(cls, url: str) -> _Link:
        parts = urlsplit(url.strip())
        path = unquote(parts.path).lower()
        return cls(
            path=path,
            segments=[segment for segment in path.split("/") if segment],
            query={key.lower(): value.lower() for key, value in parse_qsl(parts.query, True)},
            fragment=parts.fragment.lower(),
        )

    @property
    def last(self) -> str:
        return self.segments[-1] if self.segments else ""


def _search(link: _Link) -> str | None:
    if "s" in link.query or link.segments[:1] == ["search"]:
        return "search"
    return None


def _calendar(link: _Link) -> str | None:
    if CALENDAR_QUERY_KEYS & link.query.keys() or "calendar" in link.segments:
        return "calendar"
    return None


def _auth(link: _Link) -> str | None:
    if link.last == "wp-login.php":
        action = link.query.get("action", "")
        return action if action in AUTH_KINDS else "login"
    if link.last == "wp-signup.php":
        return "register"
    if link.query.get("action") in AUTH_KINDS:
        return link.query["action"]
    # Only as a top-level page: /2023/09/register/ is a post that happens to be called so.
    if len(link.segments) == 1 and link.last in AUTH_KINDS:
        return link.last
    return None


def _admin(link: _Link) -> str | None:
    if "wp-admin" in link.segments or link.last in ADMIN_SCRIPTS:
        return "admin"
    return None


def _preview(link: _Link) -> str | None:
    if link.query.get("preview") == "true" or {"preview_id", "preview_nonce"} & link.query.keys():
        return "preview"
    return None


def _api_embed(link: _Link) -> str | None:
    is_rest = "wp-json" in link.segments or "rest_route" in link.query
    if is_rest and _is_rest_posts(link):
        return None
    if is_rest or "oembed" in link.path or "oembed" in link.query:
        return "api-embed"
    return None


def _is_rest_posts(link: _Link) -> bool:
    marker = link.path.find("/wp-json/")
    if marker != -1:
        return bool(REST_POSTS.match(link.path[marker + len("/wp-json") :]))
    return bool(REST_POSTS.match(link.query.get("rest_route", "")))


def _feed_single(link: _Link) -> str | None:
    query = link.query
    if query.get("feed", "").startswith("comments") or "withcomments" in query:
        return "feed-single"
    if "feed" in query and "p" in query:
        return "feed-single"
    match = FEED_TAIL.search(link.path)
    if not match:
        return None
    base = link.path[: match.start()] or "/"
    base_segments = [segment for segment in base.split("/") if segment]
    if not base_segments or DATE_ARCHIVE.match(base):
        return None  # the site feed, or a date archive's feed
    # Category, tag and author feeds are listings; /comments/feed/ and a post's feed are not.
    return None if base_segments[0] in TAXONOMY_BASES else "feed-single"


def _comment(link: _Link) -> str | None:
    if "replytocom" in link.query or "like_comment" in link.query:
        return "comment"
    if COMMENT_PAGE.fullmatch(link.last) or link.last == "trackback":
        return "comment"
    if link.fragment == "respond" or COMMENT_ANCHOR.fullmatch(link.fragment):
        return "comment"
    return None


def _share(link: _Link) -> str | None:
    return "share" if "share" in link.query else None


def _variant(link: _Link) -> str | None:
    if "amp" in link.query or "print" in link.query:
        return "variant"
    if link.segments and _is_alias_tail(link.segments):
        return "variant"
    return None


def _media(link: _Link) -> str | None:
    _, dot, extension = link.last.rpartition(".")
    return "media" if dot and extension in MEDIA_EXTENSIONS else None


# Order matters only where kinds overlap: a search results feed is "search", a login link to
# the back end is "login", and the REST posts route is exempt before any other REST check.
_TRAP_CHECKS = (
    _search,
    _calendar,
    _auth,
    _admin,
    _preview,
    _api_embed,
    _feed_single,
    _comment,
    _share,
    _variant,
    _media,
)


@lru_cache(maxsize=LINK_VERDICT_CACHE)
def link_verdict(absolute: str, site: str) -> tuple[str, str | None] | None:
    """(canonical URL, trap kind or None) of an absolute link on ``site``, None for any other link.

    Memoised: menus, sidebars and the overlapping listings (home, category, tag, author, date)
    show the same links page after page, and canonicalising one costs ~40 us.
    """
    if not absolute.startswith(("http://", "https://")):
        return None
    url = canonicalize(absolute)
    if not same_site(url, [site]):
        return None
    return url, trap_kind(url)


def same_site(url: str, allowed_hosts: list[str] | tuple[str, ...] | set[str]) -> bool:
    """Whether ``url`` is on one of ``allowed_hosts``.

    Hosts compare case-insensitively, IDN-aware and ignoring one leading ``www.``
    (``www.megalopreneur.com`` is ``megalopreneur.com``); subdomains are other sites. An allowed
    host is ``host``, ``host:port`` or a whole base URL. Ports matter only when not the default:
    ``https://example.com:443/`` is on ``example.com``, ``http://127.0.0.1:8080/`` is on
    ``127.0.0.1:8080`` but not on ``127.0.0.1``.
    """
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in DEFAULT_PORTS or not parts.hostname:
        return False
    wanted = _site_key(parts.hostname, parts.port, DEFAULT_PORTS[parts.scheme.lower()])
    return any(_allowed_key(host) == wanted for host in allowed_hosts)


def _allowed_key(allowed: str) -> tuple[str, int | None]:
    """Site key of an allowed-hosts entry: a bare host, ``host:port`` or a base URL."""
    allowed = allowed.strip()
    parts = urlsplit(allowed if "://" in allowed else f"//{allowed}")
    default = DEFAULT_PORTS.get(parts.scheme.lower())
    return _site_key(parts.hostname or "", parts.port, default)


def _site_key(host: str, port: int | None, default_port: int | None) -> tuple[str, int | None]:
    host = _idna(host.lower().rstrip("."))
    host = host.removeprefix("www.")
    # Without a scheme (bare "host:443") either default port means "the default".
    if port is not None and (port == default_port or (default_port is None and port in (80, 443))):
        port = None
    return host, port


def _idna(host: str) -> str:
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host
