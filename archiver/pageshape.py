"""What a page's shape says before extraction: its type and canonical link, a listing's links.

The spider reads every listing and article response through these functions: which links are the
listing's own entries (not its sidebars), which are its pagination block, which say they lead
to a tag or category, which feeds the page announces, and whether an article response is an
article at all and names a canonical URL. Pure lxml on a tree the caller built (the spider builds
it with Scrapy's parser); no Scrapy import, so the rules are unit-tested on whole documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from html import unescape
from typing import NamedTuple

from lxml import etree
from lxml.html import HtmlElement, document_fromstring

from archiver.extraction import classify_tree
from archiver.profiles import NO_WORDS, SiteProfile, Vocabulary

# Listing containers whose links are article candidates even when the URL shape says nothing:
# links inside an <article> or an hAtom ``entry-title`` (markup of any kind of site), and inside
# the teaser titles of the themes the site's profile names (``SiteProfile.entry_title_classes``).
_ARTICLE_LINK_XPATH = (
    "//article//a[@href] | //*[contains(concat(' ', normalize-space(@class), ' '), ' entry-title ')]"
    "//a[@href]"
)

# Compiled once, evaluated on the lxml tree: plain strings (lxml's default "smart" strings point
# back into the tree and would keep it alive), without parsel's Selector per result (~1 ms a page).
_ALL_HREFS = etree.XPath("//a/@href", smart_strings=False)


@lru_cache(maxsize=8)
def _container_hrefs(theme_classes: tuple[str, ...]) -> etree.XPath:
    """The hrefs of the listing's post containers, the themes' teaser titles among them."""
    themes = "".join(f" | //*[contains(@class, '{name}')]//a[@href]" for name in theme_classes)
    return etree.XPath(f"({_ARTICLE_LINK_XPATH}{themes})/@href", smart_strings=False)


# Without WordPress's markup (the generic profile): a listing's entries are the links of its
# headings, outside the navigation, sidebars, footers, related-posts and comment blocks.
_HEADING_HREFS = etree.XPath(
    "//*[self::h1 or self::h2 or self::h3 or self::h4]//a[@href]"
    "[not(ancestor::nav or ancestor::aside or ancestor::footer"
    " or ancestor::*[@role='banner' or @role='navigation' or @role='complementary'"
    " or @role='contentinfo'])]"
    "[not(ancestor::*[contains(@class, 'related') or contains(@class, 'widget')"
    " or contains(@class, 'sidebar') or contains(@class, 'comment')])]/@href",
    smart_strings=False,
)
# Links that say they lead to a taxonomy listing (rel="tag", rel="category tag").
_TAXONOMY_HREFS = etree.XPath(
    "//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')"
    " or contains(concat(' ', normalize-space(@rel), ' '), ' category ')]/@href",
    smart_strings=False,
)
# Feeds a page announces (feed autodiscovery): RSS, Atom, JSON Feed.
_FEED_HREFS = etree.XPath(
    "//link[contains(concat(' ', normalize-space(@rel), ' '), ' alternate ')]"
    "[contains(@type, 'rss+xml') or contains(@type, 'atom+xml') or contains(@type, 'feed+json')]"
    "/@href",
    smart_strings=False,
)
# Links whose text is a page number: a pagination block (``1 2 3 ... 200``), which bounds its series.
_NUMBERED_HREFS = etree.XPath(
    "//a[@href][string-length(normalize-space()) > 0]"
    "[string-length(translate(normalize-space(), '0123456789', '')) = 0]/@href",
    smart_strings=False,
)
_CANONICAL_HREF = etree.XPath("//link[@rel='canonical']/@href", smart_strings=False)

# A listing without WordPress's evidence is taken for one when it shows this many entries.
MIN_STRUCTURAL_ENTRIES = 2

# The opening <body> tag, and the <link> tags of the head: enough to tell a WordPress post and its
# rel=canonical link without parsing the page.
_BODY_TAG = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_LINK_TAG = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_REL_CANONICAL = re.compile(r"""\brel\s*=\s*["']?canonical\b""", re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)


class ListingLinks(NamedTuple):
    """What a listing page shows, as hrefs in page order (relative ones as written)."""

    page_type: str
    hrefs: list[str]  # every link
    entries: list[str]  # links inside the posts' containers: the listing's own entries
    numbered: list[str]  # links whose text is a page number: the pagination block
    taxonomy: list[str] = []  # links that say they lead to a tag or category (generic profile)
    feeds: list[str] = []  # feeds the page announces (generic profile)


def listing_links(root: HtmlElement, profile: SiteProfile) -> ListingLinks:
    """The page type and links of a page asked as a listing (see ``ListingLinks``), on a site of
    the kind ``profile`` describes.

    A profile without URL shapes (generic) reads listings by structure: a page the classifier
    calls an article or "other" is a listing when its headings link at least
    ``MIN_STRUCTURAL_ENTRIES`` entries (a static generator's home page says ``WebSite``), and
    those heading links are entries too. Any page that is no listing shows no links here.
    """
    structural = not profile.url_shapes
    container_hrefs = _container_hrefs(profile.entry_title_classes)
    page_type = classify_tree(root, vocabulary=profile.vocabulary)
    headings = _HEADING_HREFS(root) if structural else []
    if page_type in ("article", "other") and len(set(headings)) >= MIN_STRUCTURAL_ENTRIES:
        page_type = "listing"
    if page_type != "listing":
        return ListingLinks(page_type, [], [], [])
    if not structural:
        return ListingLinks(
            page_type, _ALL_HREFS(root), container_hrefs(root), _NUMBERED_HREFS(root)
        )
    return ListingLinks(
        page_type,
        _ALL_HREFS(root),
        container_hrefs(root) + headings,
        _NUMBERED_HREFS(root),
        _TAXONOMY_HREFS(root),
        _FEED_HREFS(root),
    )


def type_and_canonical(
    text: str,
    parse: Callable[[], HtmlElement],
    url: str | None = None,
    vocabulary: Vocabulary = NO_WORDS,
) -> tuple[str, str | None]:
    """The page type and rel=canonical link of a page asked as an article (fetched at ``url``,
    on a site whose profile adds ``vocabulary`` to the words pages are read by).

    A WordPress post says so in its ``<body class>``: then the page is not parsed here (the
    extraction worker parses it once, confirms the type and extracts) and its canonical link is
    read from the ``<head>`` text. Only other pages are parsed, by ``parse()`` (~1.5 ms each).
    """
    body = _BODY_TAG.search(text)
    if body is not None and classify_tree(_body_only(body.group())) == "article":
        return "article", canonical_in_head(text[: body.start()])
    root = parse()
    canonical = _CANONICAL_HREF(root)
    return classify_tree(root, url=url, vocabulary=vocabulary), canonical[0] if canonical else None


def _body_only(body_tag: str) -> HtmlElement:
    """A document made of the page's ``<body>`` tag alone: its classes are the WordPress evidence."""
    return document_fromstring(f"<html>{body_tag}</body></html>")


def canonical_in_head(head: str) -> str | None:
    """The href of the first ``<link rel=canonical>`` in ``head`` (HTML text), entities decoded."""
    for tag in _LINK_TAG.findall(head):
        if _REL_CANONICAL.search(tag):
            href = _HREF.search(tag)
            if href is not None:
                return unescape(next(value for value in href.groups() if value is not None))
    return None
