"""What kind of page is this: one article, a listing of articles, a feed, or something else?

Decided from the page's own evidence, not from its URL. Rules, first match wins:

| evidence                                                              | page type |
|-----------------------------------------------------------------------|-----------|
| root (or first body) element ``<rss>``, ``<feed>`` or ``<rdf:RDF>``  | feed      |
| body class ``error404``, ``attachment``, ``post-password-required``   | other     |
| body class ``page`` / ``page-id-N`` (a static WordPress Page: /about/)| other     |
| post class ``status-draft|pending|future|private``                    | other     |
| body ``single-post`` / ``single`` + ``postid-N`` with robots noindex  | other     |
| body ``single-post`` / ``single`` + ``postid-N``                      | article   |
| body ``home``, ``blog``, ``archive``, ``category``, ``tag``,          | listing   |
| ``author``, ``date``, ``paged``, ``search``                           |           |
| (not WordPress) JSON-LD ``@type`` Article/NewsArticle/BlogPosting...  | article   |
| (not WordPress) og:type ``article``                                   | article   |
| (not WordPress) JSON-LD CollectionPage/SearchResultsPage/ItemList     | listing   |
| anything else (og:type ``website``, plain ``WebPage``, no evidence)   | other     |

``classify_tree`` is the cheap variant for callers that already hold an lxml tree (the spider's
``response.selector.root``): no parsing, no JSON-LD decoding unless the body classes are silent.
"""

from __future__ import annotations

import re
from typing import Literal

from lxml.etree import _Element
from lxml.html import HtmlElement

from archiver.extraction.metadata import (
    ARTICLE_TYPES,
    LISTING_TYPES,
    JsonLd,
    meta_value,
    read_json_ld,
)

PageType = Literal["article", "listing", "feed", "other"]

_FEED_ROOTS = {"rss", "feed", "rdf"}
# An XML declaration, comments or a stylesheet instruction, then an RSS / Atom / RDF root.
_FEED_START = re.compile(
    r"^\ufeff?\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S
)
_FEED_SNIFF_CHARS = 1024
_OTHER_BODY_CLASSES = {"error404", "attachment", "post-password-required", "page"}
_UNPUBLISHED_POST_CLASSES = {"status-draft", "status-pending", "status-future", "status-private"}
_LISTING_BODY_CLASSES = {
    "home",
    "blog",
    "archive",
    "category",
    "tag",
    "author",
    "date",
    "paged",
    "search",
    "search-results",
}
_POST_ID = re.compile(r"^postid-\d+$")
_PAGE_ID = re.compile(r"^page-id-\d+$")


def _local_name(tag: object) -> str:
    # "{namespace}rss", "rdf:RDF" and "rss" all name the same kind of root.
    return re.split(r"[}:]", tag)[-1].lower() if isinstance(tag, str) else ""


def _is_feed(root: _Element) -> bool:
    # An RSS document parsed as HTML ends up as html > body > rss: look there too.
    body = root.find("body")
    first_in_body = body[0] if body is not None and len(body) else None
    return _local_name(root.tag) in _FEED_ROOTS or (
        first_in_body is not None and _local_name(first_in_body.tag) in _FEED_ROOTS
    )


def _body_classes(tree: HtmlElement) -> set[str]:
    body = tree.find(".//body") if tree.tag != "body" else tree
    return set((body.get("class") or "").split()) if body is not None else set()


def _is_single_post(body_classes: set[str]) -> bool:
    has_post_id = any(_POST_ID.match(name) for name in body_classes)
    return "single-post" in body_classes or ("single" in body_classes and has_post_id)


def _is_unpublished(tree: HtmlElement) -> bool:
    """A draft/private/scheduled post, or a post the site asks not to index (draft previews)."""
    # Via the id attributes, not `//*[starts-with(@id, ...)]`: same nodes, but testing every
    # element costs ~0.75 ms per page against ~0.13 ms (classification runs in the spider too).
    post_classes = tree.xpath('//article/@class | //@id[starts-with(., "post-")]/../@class')
    if any(_UNPUBLISHED_POST_CLASSES.intersection(value.split()) for value in post_classes):
        return True
    robots = (meta_value(tree, "robots") or "").lower()
    return "noindex" in robots


def _classify_wordpress(tree: HtmlElement, body_classes: set[str]) -> PageType | None:
    if _OTHER_BODY_CLASSES.intersection(body_classes) or any(
        _PAGE_ID.match(name) for name in body_classes
    ):
        return "other"
    if _is_single_post(body_classes):
        return "other" if _is_unpublished(tree) else "article"
    if _LISTING_BODY_CLASSES.intersection(body_classes):
        return "listing"
    return None


def _classify_structured(tree: HtmlElement, json_ld: JsonLd) -> PageType:
    types = json_ld.types
    if ARTICLE_TYPES.intersection(types):
        return "article"
    if (meta_value(tree, "og:type") or "").lower() == "article":
        return "article"
    if LISTING_TYPES.intersection(types):
        return "listing"
    return "other"


def classify_tree(tree: _Element, json_ld: JsonLd | None = None) -> PageType:
    """Page type of an already parsed lxml tree (see the module docstring for the rules).

    ``json_ld`` may be passed when the caller has read it already, to avoid decoding it twice.
    """
    root = tree.getroottree().getroot()
    if _is_feed(root):
        return "feed"
    wordpress = _classify_wordpress(root, _body_classes(root))
    if wordpress is not None:
        return wordpress
    return _classify_structured(root, json_ld if json_ld is not None else read_json_ld(root))


def _starts_like_feed(document: str | bytes) -> bool:
    head = document[:_FEED_SNIFF_CHARS]
    text = head.decode("utf-8", "replace") if isinstance(head, bytes) else head
    return _FEED_START.match(text) is not None


def classify_page(html_or_tree: str | bytes | _Element, url: str) -> PageType:
    """Page type ("article" | "listing" | "feed" | "other") of an HTML document or lxml tree.

    ``url`` is used only as the base for parsing, never as evidence: a /2023/09/slug/ URL can
    hold a 404 page and a /?p=123 URL an article.
    """
    if not isinstance(html_or_tree, _Element) and _starts_like_feed(html_or_tree):
        return "feed"  # the HTML parser rejects an RSS/Atom document, so sniff its root first
    # Imported here: parsing text needs trafilatura, classifying a tree (the crawl process's
    # case, via classify_tree) does not.
    from archiver.extraction.parsing import parse_html

    tree = html_or_tree if isinstance(html_or_tree, _Element) else parse_html(html_or_tree)
    if tree is None:
        return "other"
    return classify_tree(tree)
