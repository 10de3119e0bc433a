"""What kind of page is this: one article, a listing of articles, a feed, or something else?

Decided from the page's own evidence. A page is rejected only on *positive* evidence that it is
something else; otherwise every piece of article evidence is weighed. Rules, first match wins:

| evidence                                                                 | page type |
|--------------------------------------------------------------------------|-----------|
| root (or first body) element ``<rss>``, ``<feed>`` or ``<rdf:RDF>``     | feed      |
| body class ``error404``, ``attachment``, ``post-password-required``,    | other     |
| ``login``, ``page-id-N`` (a static WordPress Page: /about/)              |           |
| body ``single-post`` / ``single`` + ``postid-N`` (a WordPress post)...  |           |
| ... whose post class is ``status-draft|pending|future|private``         | other     |
| ... any other (``robots: noindex`` too: SEO plugins set it on posts)    | article   |
| body ``home``, ``blog``, ``archive``, ``category``, ``tag``, ``author``,| listing   |
| ``date``, ``paged``, ``search``                                          |           |
| an element of class ``error404``, ``error-404`` or ``not-found``        | other     |
| two or more entries (``<article>``, h-entry, schema.org Article items)  | listing   |
| with a heading, none holding 2/3 of their text (an archive page, even   |           |
| one whose template also emits BlogPosting JSON-LD)                       |           |
| JSON-LD CollectionPage / SearchResultsPage / ItemList / ProfilePage     | listing   |
| and no JSON-LD article node                                              |           |
| article evidence from metadata alone (JSON-LD, og, meta) or from one    | listing   |
| entry that is a teaser (its headline, dated, leads to another page of   |           |
| the site), and the page's content is teasers: dated headings that link  |           |
| to other pages of the site (``teasers:N``), or its URL a date archive   |           |
| (``date-archive``): an archive whose template says ``BlogPosting``, or  |           |
| marks its one entry h-entry, one post listed or several                 |           |
| any article evidence (below)                                             | article   |
| the page's one headline, not a link elsewhere, with a date printed next | article   |
| to it (``dated-headline``: a CMS without any markup)                     |           |
| anything else (og:type ``website``, plain ``WebPage``, no evidence)     | other     |

Article evidence, recorded on the Article (``Article.evidence``) so that a call can be explained:

| evidence               | meaning                                                              |
|------------------------|----------------------------------------------------------------------|
| ``wp:single-post``     | WordPress body class of a single post                                |
| ``json-ld:TYPE``       | a JSON-LD node (also in ``@graph``, also from repaired JSON) of an   |
|                        | article type (``metadata.ARTICLE_TYPES``)                            |
| ``og:type``            | ``<meta property="og:type" content="article">``                      |
| ``meta:published``     | ``article:published_time``                                           |
| ``microdata:TYPE``     | one schema.org article item (``itemtype``, or RDFa ``typeof``)        |
| ``h-entry``            | one microformats entry (``h-entry``, or the older ``hentry``)         |
| ``article-element``    | one entry with a headline that links nowhere else, and a byline or   |
|                        | a time                                                               |
| ``dated-permalink``    | a ``/YYYY/MM[/DD]/slug`` URL (fetched or canonical) with one ``<h1>``|
|                        | and a byline or a time                                               |

All but the last two (and ``dated-headline``) are *strong*: a page with strong evidence and a title is an article however
short its text (a photo post). A static Page's ``page`` body class alone proves nothing: other
CMSs put it on article pages; WordPress Pages also carry ``page-id-N``.

``classify_tree`` is the cheap variant for callers that already hold an lxml tree (the spider's
``response.selector.root``): no parsing, and a WordPress page is decided by its body classes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urljoin, urlsplit

from lxml.etree import XPath, _Element, iterwalk
from lxml.html import HtmlElement

from archiver.extraction.metadata import (
    ARTICLE_TYPES,
    LISTING_TYPES,
    JsonLd,
    meta_value,
    node_types,
    read_json_ld,
    reader_text,
)

PageType = Literal["article", "listing", "feed", "other"]

# Evidence that makes a short text no reason to drop the page (see the module docstring).
STRONG_EVIDENCE_PREFIXES = ("wp:", "json-ld:", "og:", "meta:", "microdata:", "h-entry")

_FEED_ROOTS = {"rss", "feed", "rdf"}
# An XML declaration, comments or a stylesheet instruction, then an RSS / Atom / RDF root.
_FEED_START = re.compile(
    r"^\ufeff?\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S
)
_FEED_SNIFF_CHARS = 1024
_OTHER_BODY_CLASSES = {"error404", "attachment", "post-password-required", "login"}
_ERROR_CLASSES = {"error404", "error-404", "not-found"}
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
_ENTRY_CLASSES = {"h-entry", "hentry"}
# Parts of a page that hold other posts or readers' words, never the page's own entry: these
# tags, and class or id names starting so ("sidebar-1", "comment-body"; not "columns-fix-sidebar").
_NOT_MAIN_TAGS = {"aside", "nav", "footer"}
_NOT_MAIN_MARKERS = ("comment", "sidebar", "related")
# A listing shows entries of similar weight; an article page's own entry dwarfs its teasers.
_DOMINANT_SHARE = 2 / 3
# /2021/10/20/slug/, /2023/09/slug/, /2021/10/slug.html: a date, then a slug (not /page/2/).
_DATED_PERMALINK = re.compile(
    r"/(?:19|20)\d{2}/(?:0?[1-9]|1[0-2])/(?:(?:0?[1-9]|[12]\d|3[01])/)?"
    r"(?:[^/?#]*-[^/?#]*|[^/?#]+\.html?)(?:/|$|[?#])"
)

# One string test per element ("entry" is in both "h-entry" and "hentry"): each contains() more
# over the whole page costs ~0.1 ms.
_ENTRIES = XPath('//article | //*[@itemtype or @typeof] | //*[contains(@class, "entry")]')
_HEADINGS = XPath(".//*[self::h1 or self::h2 or self::h3 or self::h4]")
# A byline or a time: <time> first (most pages), the class scan only when there is none.
_TIME = XPath(".//time | .//address | .//*[@rel='author' or @itemprop='author']")
_BYLINE = XPath(
    './/*[contains(@class, "byline") or contains(@class, "author") or contains(@class, "date")'
    ' or contains(@class, "posted-on") or contains(@class, "published")]'
)
_ERROR_MARKUP = XPath('//*[contains(@class, "404") or contains(@class, "not-found")]/@class')
_POST_CLASSES = XPath('//article/@class | //@id[starts-with(., "post-")]/../@class')
_CANONICAL = XPath('//link[@rel="canonical"]/@href | //meta[@property="og:url"]/@content')
# A date as pages print it, in any language: 21.10.2019, 21/10/2019, 2019-10-21, 2019/10/21,
# "21. Oktober 2019", "21 octobre 2019", "October 21st, 2019", 2019年10月21日.
_YEAR = r"(?:19|20)\d{2}"
_PRINTED_DATE = re.compile(
    rf"(?<!\d)(?:\d{{1,2}}\s?[./]\s?\d{{1,2}}\s?[./]\s?{_YEAR}|{_YEAR}[-/.]\s?\d{{1,2}}[-/.]\s?\d{{1,2}}"
    rf"|\d{{1,2}}\.?\s+[^\W\d]{{3,12}}\.?,?\s+{_YEAR}"
    rf"|[^\W\d]{{3,12}}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}"
    rf"|{_YEAR}\s?年\s?\d{{1,2}}\s?月\s?\d{{1,2}}\s?日)(?!\d)"
)
# The text around a headline where a dateline or byline sits: a few nodes before, more after.
_TEXT_BEFORE = XPath("preceding::text()[position() <= 12]")
_TEXT_AFTER = XPath("following::text()[position() <= 40]")
_NEAR_BEFORE_CHARS, _NEAR_AFTER_CHARS = 150, 400
_NEXT_HEADING = XPath("following::*[self::h2 or self::h3 or self::h4][1]")
# A teaser's date: printed in the few text nodes around its heading, or a <time> beside it.
_TEASER_BEFORE = XPath("preceding::text()[position() <= 4]")
_TEASER_AFTER = XPath("following::text()[position() <= 8]")
_TEASER_TIME = XPath("../time | ../../time | ../*/time | ../../*/time")
# /2021/, /archives/2021/09/, /2021/09/14/ and their page N: a date and nothing after it.
_DATE_ARCHIVE_PATH = re.compile(
    r"^/(?:(?:archives?|date)/)?(?:19|20)\d{2}(?:/(?:0?[1-9]|1[0-2])(?:/(?:0?[1-9]|[12]\d|3[01]))?)?"
    r"/?(?:page/?\d+/?)?$"
)


@dataclass(frozen=True)
class Verdict:
    """A page type and the evidence that decided it (article evidence for an article)."""

    page_type: PageType
    evidence: tuple[str, ...] = ()

    @property
    def strong(self) -> bool:
        """True when some evidence is strong (the page is an article however short)."""
        return any(item.startswith(STRONG_EVIDENCE_PREFIXES) for item in self.evidence)


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


def _classes(element: _Element) -> set[str]:
    return set((element.get("class") or "").split())


def _body_classes(tree: HtmlElement) -> set[str]:
    body = tree.find(".//body") if tree.tag != "body" else tree
    return _classes(body) if body is not None else set()


def _is_single_post(body_classes: set[str]) -> bool:
    has_post_id = any(_POST_ID.match(name) for name in body_classes)
    return "single-post" in body_classes or ("single" in body_classes and has_post_id)


def _is_unpublished(tree: HtmlElement) -> bool:
    """A draft, pending, scheduled or private post (WordPress marks its post element so).

    ``robots: noindex`` is no such evidence: SEO plugins set it on published posts too.
    """
    # Via the id attributes, not `//*[starts-with(@id, ...)]`: same nodes, but testing every
    # element costs ~0.75 ms per page against ~0.13 ms (classification runs in the spider too).
    return any(_UNPUBLISHED_POST_CLASSES.intersection(v.split()) for v in _POST_CLASSES(tree))


def _rejected(body_classes: set[str]) -> str | None:
    """WordPress body classes that say the page is no article (the class that says so)."""
    named = sorted(_OTHER_BODY_CLASSES.intersection(body_classes))
    if named:
        return f"wp:{named[0]}"
    if any(_PAGE_ID.match(name) for name in body_classes):
        return "wp:page"
    return None


def _is_error_page(root: HtmlElement) -> bool:
    """A themed error page: an element of class ``error404``, ``error-404`` or ``not-found``."""
    return any(_ERROR_CLASSES.intersection(value.split()) for value in _ERROR_MARKUP(root))


def _schema_type(element: _Element) -> str | None:
    """The schema.org article type an element's ``itemtype`` / ``typeof`` names, if any."""
    value = element.get("itemtype") or element.get("typeof") or ""
    for token in value.split():
        name = re.split(r"[/:#]", token)[-1]
        if name in ARTICLE_TYPES:
            return name
    return None


def _not_main(element: _Element) -> bool:
    """The element itself is a sidebar, a footer, the comments or a related-posts block."""
    if element.tag in _NOT_MAIN_TAGS:
        return True
    marks = f"{element.get('class') or ''} {element.get('id') or ''}".lower().split()
    return any(mark.startswith(_NOT_MAIN_MARKERS) for mark in marks)


def _outside_main(element: _Element) -> bool:
    """In a sidebar, a footer, the comments or a related-posts block (or is one itself)."""
    return any(_not_main(node) for node in (element, *element.iterancestors()))


def _entries(root: HtmlElement) -> list[_Element]:
    """The page's top-level entries with a heading: one on an article page, many on a listing."""
    candidates = [
        element
        for element in _ENTRIES(root)
        if element.tag == "article"
        or _schema_type(element)
        or _ENTRY_CLASSES.intersection(_classes(element))
    ]
    chosen = set(candidates)
    return [
        element
        for element in candidates
        if not any(ancestor in chosen for ancestor in element.iterancestors())
        and _HEADINGS(element)
        and not _outside_main(element)
    ]


def _page_urls(root: HtmlElement, url: str | None) -> set[str]:
    """The URLs the page is known by: the fetched one, rel=canonical and og:url."""
    urls = {url} if url else set()
    urls.update(value.strip() for value in _CANONICAL(root))
    return {value.rstrip("/") for value in urls if value}


def _links_elsewhere(heading: _Element, page_urls: set[str]) -> bool:
    """A heading that is a link to another page: a teaser of a listing, not the headline."""
    links = heading.xpath("ancestor-or-self::a/@href | .//a/@href")
    return any(href.strip().rstrip("/") not in page_urls for href in links if href.strip())


def _headline_with_byline(scope: _Element, page_urls: set[str], levels: str) -> bool:
    headings = [h for h in _HEADINGS(scope) if h.tag in levels]
    if not headings or _links_elsewhere(headings[0], page_urls):
        return False
    return bool(_TIME(scope) or _BYLINE(scope))


def _dated_headline(body: _Element, page_urls: set[str]) -> bool:
    """The page's one headline (its only ``<h1>``, or its first ``<h2>`` on a page without one),
    not a link elsewhere, with a date printed next to it: the dateline of an article on a CMS
    without markup. A listing's teaser headings link elsewhere (the first heading after a
    listing's own title is such a teaser); an About page prints no date."""
    headings = body.findall(".//h1") or body.findall(".//h2")[:1]
    if len(headings) != 1 or _links_elsewhere(headings[0], page_urls):
        return False
    headline = headings[0]
    following = _NEXT_HEADING(headline)
    if following and _links_elsewhere(following[0], page_urls):
        return False  # a listing's heading, then teasers: "News", then linked headlines
    near = (
        reader_text(_TEXT_BEFORE(headline))[-_NEAR_BEFORE_CHARS:]
        + " "
        + headline.text_content()
        + " "
        + reader_text(_TEXT_AFTER(headline))[:_NEAR_AFTER_CHARS]
    )
    return _PRINTED_DATE.search(near) is not None


def _leads_elsewhere_on_site(heading: _Element, page_urls: set[str]) -> bool:
    """A heading linking to another page of the page's own site (not its home page): a teaser's
    headline. Links to other sites do not count (a link post's headline names its source)."""
    base = sorted(page_urls)[0]
    hosts = {urlsplit(value).netloc.lower() for value in page_urls}
    own_paths = {urlsplit(value).path.rstrip("/") for value in page_urls}
    for href in heading.xpath("ancestor-or-self::a/@href | .//a/@href"):
        target = urlsplit(urljoin(base, href.strip()))
        path = target.path.rstrip("/")
        if target.scheme in ("http", "https") and target.netloc.lower() in hosts:
            if path and path not in own_paths:
                return True
    return False


def _dated(heading: _Element) -> bool:
    """A date printed just before or after a heading, or a ``<time>`` in its entry."""
    if _TEASER_TIME(heading):
        return True
    near = reader_text(_TEASER_BEFORE(heading)) + " " + reader_text(_TEASER_AFTER(heading))
    return _PRINTED_DATE.search(near) is not None


def _is_teaser(heading: _Element, page_urls: set[str]) -> bool:
    """A teaser's headline: a heading leading to another page of the site, with a date."""
    return _leads_elsewhere_on_site(heading, page_urls) and _dated(heading)


def _lead_and_rest(
    body: _Element, headline: _Element | None, first_teaser: _Element
) -> tuple[int, int]:
    """Characters of the main content between the page's headline and its first teaser, and
    from the first teaser on (sidebars, footers and the like left out)."""
    counts = [0, 0, 0]  # before the headline's end, the lead, from the first teaser on
    part = 0 if headline is not None else 1
    walker = iterwalk(body, events=("start", "end"))
    for event, element in walker:
        if event == "start":
            if element is first_teaser:
                part = 2
            if not isinstance(element.tag, str) or element.tag in ("script", "style"):
                walker.skip_subtree()
            elif _not_main(element):
                walker.skip_subtree()
            else:
                counts[part] += len((element.text or "").strip())
            continue
        if element is headline and part == 0:
            part = 1
        if element is not body:
            counts[part] += len((element.tail or "").strip())
    return counts[1], counts[2]


def _listing_shape(body: _Element, page_urls: set[str]) -> str | None:
    """Evidence that a page with article metadata (and nothing else) is a listing: an archive
    whose template emits ``BlogPosting`` for every dated page (one post listed, or several).

    Its URL is a date archive (``/2021/``, ``/archives/2021/09/``); or its content is teasers:
    headings linking to other pages of the site, each with a date, and before the first of
    them no more of the page's own text (after its headline) than from there on. An article
    followed by a "more stories" block has its body before the block."""
    if any(_DATE_ARCHIVE_PATH.match(urlsplit(value).path or "/") for value in page_urls):
        return "date-archive"
    if not page_urls:
        return None  # a link "elsewhere" needs the page's own URL to compare with
    headings = [h for h in _HEADINGS(body) if not _outside_main(h)]
    teasers = [h for h in headings if _is_teaser(h, page_urls)]
    if not teasers:
        return None
    before = headings[: headings.index(teasers[0])]
    lead, rest = _lead_and_rest(body, before[0] if before else None, teasers[0])
    return f"teasers:{len(teasers)}" if lead < rest else None


def _main_entry(entries: list[_Element]) -> tuple[_Element | None, bool]:
    """(the entry holding the page's content or None, whether the entries make a listing)."""
    if len(entries) == 1:
        return entries[0], False
    if not entries:
        return None, False
    sizes = [len(entry.text_content()) for entry in entries]
    largest = max(sizes)
    if largest < _DOMINANT_SHARE * sum(sizes):
        return None, True
    return entries[sizes.index(largest)], False


def _metadata_evidence(root: HtmlElement, json_ld: JsonLd) -> list[str]:
    """Article evidence in the page's metadata: JSON-LD, og:type, article:published_time."""
    evidence = [f"json-ld:{node_types(json_ld.article)[0]}"] if json_ld.article else []
    if (meta_value(root, "og:type") or "").lower() == "article":
        evidence.append("og:type")
    if meta_value(root, "article:published_time"):
        evidence.append("meta:published")
    return evidence


def _markup_evidence(root: HtmlElement, main: _Element | None, url: str | None) -> list[str]:
    """Article evidence in the page's markup: the one entry, a dated permalink with a headline."""
    evidence = []
    page_urls = _page_urls(root, url)
    if main is not None:
        schema_type = _schema_type(main)
        if schema_type:
            evidence.append(f"microdata:{schema_type}")
        if _ENTRY_CLASSES.intersection(_classes(main)):
            evidence.append("h-entry")
        if _headline_with_byline(main, page_urls, "h1 h2 h3 h4"):
            evidence.append("article-element")
    if any(_DATED_PERMALINK.search(value) for value in page_urls):
        body = root.find("body")
        if body is not None and len(body.findall(".//h1")) == 1:
            if _headline_with_byline(body, page_urls, "h1"):
                evidence.append("dated-permalink")
    return evidence


def classify(tree: _Element, json_ld: JsonLd | None = None, url: str | None = None) -> Verdict:
    """The page type of a parsed tree and the evidence for it (rules in the module docstring).

    ``json_ld`` may be passed when the caller has read it already, to avoid decoding it twice;
    ``url`` (the fetched URL) is one piece of evidence among others: a dated permalink.
    """
    root = tree.getroottree().getroot()
    if _is_feed(root):
        return Verdict("feed", ("feed",))
    body_classes = _body_classes(root)
    rejected = _rejected(body_classes)
    if rejected:
        return Verdict("other", (rejected,))
    if _is_single_post(body_classes):
        if _is_unpublished(root):
            return Verdict("other", ("unpublished",))
        # The body class decides; the metadata is recorded with it, the markup is not searched.
        json_ld = json_ld if json_ld is not None else read_json_ld(root)
        return Verdict("article", ("wp:single-post", *_metadata_evidence(root, json_ld)))
    listing_classes = sorted(_LISTING_BODY_CLASSES.intersection(body_classes))
    if listing_classes:
        return Verdict("listing", (f"wp:{listing_classes[0]}",))
    if _is_error_page(root):
        return Verdict("other", ("error-page",))
    json_ld = json_ld if json_ld is not None else read_json_ld(root)
    entries = _entries(root)
    main, is_listing = _main_entry(entries)
    if is_listing:
        return Verdict("listing", (f"entries:{len(entries)}",))
    if json_ld.article is None:
        listing_types = sorted(LISTING_TYPES.intersection(json_ld.types))
        if listing_types:
            return Verdict("listing", (f"json-ld:{listing_types[0]}",))
    page_urls = _page_urls(root, url)
    # The one entry of a one-post archive is a teaser: its headline leads to the post's page.
    teaser = main is not None and bool(page_urls) and _is_teaser(_HEADINGS(main)[0], page_urls)
    if teaser:
        main = None
    metadata, markup = _metadata_evidence(root, json_ld), _markup_evidence(root, main, url)
    body = root.find("body")
    if (metadata or teaser) and not markup and body is not None:
        # Metadata alone can be a template's: an archive page may say BlogPosting.
        listing = _listing_shape(body, page_urls)
        if listing:
            return Verdict("listing", (listing,))
    evidence = [*metadata, *markup]
    if evidence:
        return Verdict("article", tuple(evidence))
    # The last resort, for CMSs without any markup: a headline with a dateline.
    if body is not None and _dated_headline(body, _page_urls(root, url)):
        return Verdict("article", ("dated-headline",))
    return Verdict("other")


def classify_tree(tree: _Element, json_ld: JsonLd | None = None) -> PageType:
    """Page type of an already parsed lxml tree (see the module docstring for the rules)."""
    return classify(tree, json_ld).page_type


def _starts_like_feed(document: str | bytes) -> bool:
    head = document[:_FEED_SNIFF_CHARS]
    text = head.decode("utf-8", "replace") if isinstance(head, bytes) else head
    return _FEED_START.match(text) is not None


def classify_page(html_or_tree: str | bytes | _Element, url: str) -> PageType:
    """Page type ("article" | "listing" | "feed" | "other") of an HTML document or lxml tree.

    ``url`` is the base for parsing and, as a dated permalink, one piece of article evidence
    among others: never enough alone (a /2023/09/slug/ URL can hold a 404 page).
    """
    if not isinstance(html_or_tree, _Element) and _starts_like_feed(html_or_tree):
        return "feed"  # the HTML parser rejects an RSS/Atom document, so sniff its root first
    # Imported here: parsing text needs trafilatura, classifying a tree (the crawl process's
    # case, via classify_tree) does not.
    from archiver.extraction.parsing import parse_html

    tree = html_or_tree if isinstance(html_or_tree, _Element) else parse_html(html_or_tree)
    if tree is None:
        return "other"
    return classify(tree, url=url).page_type
