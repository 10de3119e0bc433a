"""What kind of page is this: one article, a listing of articles, a feed, or something else?

Decided from the page's own evidence. A page is rejected only on *positive* evidence that it is
something else; otherwise every piece of article evidence is weighed. Rules, first match wins:

| evidence                                                                 | page type |
|--------------------------------------------------------------------------|-----------|
| root (or first body) element ``<rss>``, ``<feed>`` or ``<rdf:RDF>``     | feed      |
| body class ``error404``, ``attachment``, ``post-password-required``,    | other     |
| ``login``, ``page-id-N`` (a static WordPress Page: /about/)...          |           |
| ... unless the Page says ``article:published_time`` and prints a date   | article   |
| next to its headline (an open letter published as a Page)               |           |
| body ``single-post`` / ``single`` + ``postid-N`` (a WordPress post)...  |           |
| ... whose post class is ``status-draft|pending|future|private``         | other     |
| ... any other (``robots: noindex`` too: SEO plugins set it on posts)    | article   |
| body ``home``, ``blog``, ``archive``, ``category``, ``tag``, ``author``,| listing   |
| ``date``, ``paged``, ``search``; ``home`` and ``blog`` only without one |           |
| of ``article``, ``story``, ``single`` (another CMS's article page in a  |           |
| section named so: Blogsmith's ``home article``)                          |           |
| an element of class ``error404``, ``error-404`` or ``not-found``        | other     |
| headings answering the page's subject ("Re: Subject", ``replies:N``):   | other     |
| a forum thread, a mailing list's archive                                 |           |
| the page's headline and a password field in one block of a few lines,   | other     |
| no JSON-LD article node (``login-form``: a login or paywall page)       |           |
| two or more entries (``<article>``, h-entry, schema.org Article items)  | listing   |
| with a heading, none holding 2/3 of their text (an archive page, even   |           |
| one whose template also emits BlogPosting JSON-LD), unless they are an  |           |
| article's teasers (below) or the page is a live blog (JSON-LD           |           |
| LiveBlogPosting: the entries are its updates)                            |           |
| JSON-LD CollectionPage / SearchResultsPage / ItemList / ProfilePage     | listing   |
| and no JSON-LD article node                                              |           |
| article evidence from metadata alone (JSON-LD, og, meta) or from one    | listing   |
| entry that is a teaser (its headline, dated, leads to another page of   |           |
| the site), and the page's content is teasers: dated headings (else     |           |
| links of a sentence) that lead to other pages of the site               |           |
| (``teasers:N``), or its URL a date archive                              |           |
| (``date-archive``): an archive whose template says ``BlogPosting``, or  |           |
| marks its one entry h-entry, one post listed or several                 |           |
| a Q&A page (QAPage, JSON-LD or microdata), a product (og:type            | other     |
| ``product``, JSON-LD Product), a book (og:type ``book``, JSON-LD Book)  |           |
| or a recipe (JSON-LD Recipe) with no JSON-LD article node nor article   |           |
| markup: og:type ``article`` is many templates' default (``question``,   |           |
| ``product``, ``book``, ``recipe``)                                       |           |
| any article evidence (below)                                             | article   |
| a URL of a forum's thread (``/forum/``, ``/threads/``, ``viewtopic.php``:| other     |
| ``lexicon.FORUM_PATH_SEGMENTS``; ``forum``): its first post has a       |           |
| headline and a dateline too                                              |           |
| the page's headline, not a link elsewhere, with a date printed next to  | article   |
| it, in the page's title or opening the main text after it (a dateline   |           |
| after a lead: ``dated-headline``: a CMS without any markup), or on a    |           |
| short line after it with a two-digit year ("( Pescasseroli, 14 Gennaio  |           |
| 20 )", not "Version 1.10.22"), or a ``<time datetime>`` after it before |           |
| any teaser's link ("2 hours ago")                                        |           |
| the page's headline followed by a body of a few sentences, at the URL of | article   |
| an item of a news section (``news-section``: ``/news/10365/slug.html``,  |           |
| ``/presse/pm-12-2022.html``, ``?site=news&newsID=111``; not ``/news/``   |           |
| itself nor ``/press/contact/``)                                          |           |
| the page's headline, then a line crediting its writer ("Von Mira Lenz", | article   |
| ``bylined-headline``), then a body of a few sentences                    |           |
| anything else (og:type ``website``, plain ``WebPage``, no evidence)     | other     |

The body classes and reply prefixes are data: WordPress's classes and the prefixes of many
languages in ``lexicon`` (``NOT_ARTICLE_BODY_CLASSES``, ``STATIC_PAGE_BODY_CLASSES``,
``LISTING_BODY_CLASSES``, ``SINGLE_ITEM_BODY_CLASSES``, ``SECTION_NAME_BODY_CLASSES``,
``REPLY_PREFIXES``), a site's own in its profile (``SiteProfile.vocabulary``); a class of the
site's own is recorded as ``body:NAME``.

The page's *headline* is the heading that names it: the first ``<h1>`` (else ``<h2>``, ``<h3>``,
``<h4>``: an old portal's story title under the site's logo)
that is most of og:title, the JSON-LD headline or ``<title>``, or the first or last part of one
("Blog » Post", not the site's name), else the page's only ``<h1>``; where the titles name no
heading (a ``<title>`` that is the site's or its section's), the heading that opens the main text,
else the last heading before it with at most a dateline between, else the line of a headline's
length just above a byline that stands just before the main text (for the last three rules of
the table only). The headline that decides a dated, bylined or news-section headline is the
article's title (``Verdict.headline``). Headings in sidebars are none of these, unless the
sidebar also holds the page's main text (a widget's unclosed tag nests the rest of the page in
it). A link to the page itself (relative, percent-encoded or not) or to a ``#fragment`` is no
link elsewhere.

Entries are an article's *teasers* of other pages ("related", "most read"), not a listing, when
the page's headline (where no title names a heading, an SEO ``<title>`` over the printed one: its
only ``<h1>``, when a date is printed beside it) is no link elsewhere and either stands in one of
them (the page's own entry)
or the page's main text (``chrome.main_text_candidate``, in one entry or outside all of them)
holds 3 times the text of every other entry, or the page's own text between the headline and the
first entry (a body in several blocks) does and outweighs all from there on; a listing's intro is
a line or two, an author's bio less than the posts listed after it. The teasers are
kept on the verdict (``Verdict.teasers``) and pruned before the main text is extracted:
trafilatura takes a page's first ``<article>`` for its content, a teaser's too.

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
| ``drupal:TYPE``        | a Drupal node page whose content type is news (body class            |
|                        | ``node-type-article``, ``page-node-type-news``...; not ``page``; or  |
|                        | the class of the node element holding the headline, Drupal 6)        |
| ``article-element``    | one entry with a headline that links nowhere else, and a byline or   |
|                        | a time                                                               |
| ``dated-permalink``    | a ``/YYYY/MM[/DD]/slug`` URL (fetched or canonical) with one ``<h1>``|
|                        | and a byline or a time, or with the page's headline followed by a    |
|                        | body of a few sentences (a blog without any markup; a soft 404 at    |
|                        | such a URL says a line)                                              |

All but the last two (and ``dated-headline``, ``news-section``, ``bylined-headline``) are
*strong*: a page with strong evidence and a title is an article however short its text (a photo
post). A static Page's
``page`` body class alone proves nothing: other CMSs put it on article pages; WordPress Pages
also carry ``page-id-N``.

``classify_tree`` is the cheap variant for callers that already hold an lxml tree (the spider's
``response.selector.root``): no parsing, and a WordPress page is decided by its body classes.
Both take the fetched URL when known: relative links and dated permalinks are read against it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal
from urllib.parse import unquote, urljoin, urlsplit

from lxml.etree import XPath, _Element, iterwalk
from lxml.html import HtmlElement

from archiver.extraction import lexicon
from archiver.extraction.chrome import PageMarkup, main_text_candidate
from archiver.extraction.metadata import (
    ARTICLE_TYPES,
    LISTING_TYPES,
    NOT_TEXT_TAGS,
    JsonLd,
    alternatives,
    byline_names,
    clean,
    language,
    meta_value,
    names_the_page,
    node_types,
    page_headline,
    page_titles,
    read_json_ld,
    reader_text,
    site_name,
    text_holder,
    title_ends,
    title_words,
)
from archiver.extraction.printed import printed_dates
from archiver.profiles import NO_WORDS, Vocabulary

PageType = Literal["article", "listing", "feed", "other"]

# Evidence that makes a short text no reason to drop the page (see the module docstring).
STRONG_EVIDENCE_PREFIXES = (
    "wp:",
    "drupal:",
    "json-ld:",
    "og:",
    "meta:",
    "microdata:",
    "h-entry",
)

_FEED_ROOTS = {"rss", "feed", "rdf"}
# An XML declaration, comments or a stylesheet instruction, then an RSS / Atom / RDF root.
_FEED_START = re.compile(
    r"^\ufeff?\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S
)
_FEED_SNIFF_CHARS = 1024
_ERROR_CLASSES = {"error404", "error-404", "not-found"}
_UNPUBLISHED_POST_CLASSES = {"status-draft", "status-pending", "status-future", "status-private"}
_POST_ID = re.compile(r"^postid-\d+$")
_LIVE_BLOG = "LiveBlogPosting"
_STATIC_PAGE = "wp:page"  # a WordPress Page, named so in the evidence whatever its id
_DRUPAL_NODE_TYPE = re.compile(r"^(?:page-)?node-type-(.+)$")
_ENTRY_CLASSES = {"h-entry", "hentry"}
# Parts of a page that hold other posts or readers' words, never the page's own entry: these
# tags, and class or id names starting so ("sidebar-1", "comment-body"; not "columns-fix-sidebar").
_NOT_MAIN_TAGS = {"aside", "nav", "footer"}
_NOT_MAIN_MARKERS = ("comment", "sidebar", "related")
_PAGE_TAGS = {"html", "body"}
# A listing shows entries of similar weight; an article page's own entry dwarfs its teasers.
_DOMINANT_SHARE = 2 / 3
# An article page's own text outside its teaser entries ("related", "most read") holds at least
# this many times the text of the largest of them; a listing's intro text is a line or two.
_OWN_TEXT_TO_TEASER = 3
# /2021/10/20/slug/, /2023/09/slug/, /2021/10/slug.html: a date, then a slug (not /page/2/).
_DATED_PERMALINK = re.compile(
    r"/(?:19|20)\d{2}/(?:0?[1-9]|1[0-2])/(?:(?:0?[1-9]|[12]\d|3[01])/)?"
    r"(?:[^/?#]*-[^/?#]*|[^/?#]+\.html?)(?:/|$|[?#])"
)

# One string test per class attribute ("entry" is in both "h-entry" and "hentry"): each
# contains() more over the whole page costs ~0.1 ms. Class tests here go through the attribute
# axis (``//@class[contains(., ...)]/..``): the same elements, in the same order, found ~40%
# faster than with ``//*[contains(@class, ...)]``, which converts every element's @class anew.
# Here and below, unions of one name or attribute each, not ``//*[@itemtype or @typeof]`` or
# ``.//*[self::h1 or ...]``: libxml2 tests every element against each alternative, several
# times slower (the same elements, in document order).
_ENTRIES = XPath('//article | //@itemtype/.. | //@typeof/.. | //@class[contains(., "entry")]/..')
# The same without the class scan, for a page none of whose class values holds "entry".
_ENTRIES_BUT_CLASSES = XPath("//article | //@itemtype/.. | //@typeof/..")
_HEADINGS = XPath("descendant::h1 | descendant::h2 | descendant::h3 | descendant::h4")
# A byline or a time: <time> first (most pages), the class scan only when there is none.
_TIME = XPath(".//time | .//address | .//@rel[. = 'author']/.. | .//@itemprop[. = 'author']/..")
_BYLINE = XPath(
    './/*/@class[contains(., "byline") or contains(., "author") or contains(., "date")'
    ' or contains(., "posted-on") or contains(., "published")]/..'
)
_QUESTION_TYPES = {"QAPage"}
_ITEM_TYPES = XPath("//@itemtype")
_PASSWORD_FIELD = XPath(".//input[@type='password']")
# A login wall's block: a headline, a line or two, the form's labels and links.
_LOGIN_BLOCK_CHARS = 1000
_ERROR_MARKUP = XPath('//@class[contains(., "404") or contains(., "not-found")]')
_ERROR_MARKUP_LITERALS = ("404", "not-found")
_POST_CLASSES = XPath('//article/@class | //@id[starts-with(., "post-")]/../@class')
_CANONICAL = XPath('//link[@rel="canonical"]/@href | //meta[@property="og:url"]/@content')
# The text around a headline where a dateline or byline sits: a few nodes before, more after.
# Text nodes that hold more than the whitespace between tags (a template's indentation).
_TEXT_BEFORE = XPath("preceding::text()[normalize-space()][position() <= 12]")
_TEXT_AFTER = XPath("following::text()[normalize-space()][position() <= 40]")
_NEAR_BEFORE_CHARS, _NEAR_AFTER_CHARS = 150, 400
# The lines just after a headline where a byline stands (a subtitle, a kicker before it).
_LINES_AFTER = XPath("following::text()[normalize-space()][position() <= 8]")
# The lines just before a page's main text where its headline and byline stand, and the words
# of a headline written as a line of text.
_LINES_BEFORE = XPath("preceding::text()[normalize-space()][position() <= 8]")
_HEADLINE_WORDS = (3, 25)
_BODY_TEXT = XPath(".//text()[normalize-space()]")
_ALL_TEXT = XPath(".//text()")
_PRECEDING = XPath("count(preceding::*)")
# A body of a few sentences: what a dated permalink's headline is followed by on an article
# page without a byline or time (an error page at such a URL says a line).
_MIN_BODY_CHARS = 200
# A day as ``<time datetime>`` writes it (ISO 8601), and the words of a link that is a
# teaser's headline, not a byline's name.
_MACHINE_DAY = re.compile(r"\s*(?:19|20)\d{2}-[01]\d-[0-3]\d")
_TEASER_LINK_WORDS = 5
# A dateline at the start of the main text: a date, after a place name at most.
_DATELINE_CHARS = 40
# A dateline's own line after the headline (a place, a byline, a date), and a paragraph's
# length: the body has started.
_SHORT_DATELINE_CHARS, _PARAGRAPH_CHARS = 65, 200

# An item's part of a URL: a number, or words joined into a slug ("gruene-woche", "pm_12");
# not the section's page N ("page/2", "2021/page/3").
_ITEM = re.compile(r"\d|[^\W_][-_][^\W_]")
_PAGED = re.compile(r"^(?:.*/)?page/?\d+$", re.I)
# A query parameter that pages a listing or picks its set (``news.php?page=2``,
# ``article.php?cat=3``; ``lexicon.NOT_ITEM_QUERY_PARAMETERS``), not one naming an item.
_NOT_ITEM_PARAMETER = re.compile(rf"^{alternatives(lexicon.NOT_ITEM_QUERY_PARAMETERS)}=\d*$", re.I)
# A label before a number that is a version, not a date ("Version 1.10.22", "v4.12.21").
_VERSION_LABEL = re.compile(rf"\b{alternatives(lexicon.VERSION_LABELS)}\.?\s*$", re.I)
# A forum's path segment, whole (not "forum-news", nor a host "forum.example").
_FORUM_PATH = re.compile(rf"/{alternatives(lexicon.FORUM_PATH_SEGMENTS)}(?:/|$)", re.I)
# A headline outside any heading element is a line of several words.
_MIN_TEXT_HEADLINE_CHARS = 15
_LINK_AROUND = XPath("ancestor-or-self::a/@href")
_LINKS_IN = XPath(".//a[@href]")
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
# Where a page's headline is looked for, most likely first.
_HEADLINE_LEVELS = ("h1", "h2", "h3", "h4")
_ANY_HEADING = frozenset({*_HEADLINE_LEVELS, "h5", "h6"})
_ANY_HEADINGS = XPath(" | ".join(f"//{level}" for level in sorted(_ANY_HEADING)))
_HEADLINE_CANDIDATES = XPath(" | ".join(f"//{level}" for level in _HEADLINE_LEVELS))
_HEADINGS_BEFORE = XPath(
    "preceding::*[" + " or ".join(f"self::{level}" for level in _HEADLINE_LEVELS) + "]"
)
# A teaser's headline written as a link, a <time> beside it (the paths of ``_TEASER_TIME``).
_TIMED_LINKS = XPath(".//a[@href][../time or ../../time or ../*/time or ../../*/time]")


@dataclass(frozen=True)
class Verdict:
    """A page type and the evidence that decided it (article evidence for an article)."""

    page_type: PageType
    evidence: tuple[str, ...] = ()
    # An article page's entries that are teasers of other pages ("related", "most read"): the
    # main text is looked for without them (``extract.main_text``).
    teasers: tuple[_Element, ...] = field(default=(), compare=False, repr=False)
    # The headline that decided (``dated-headline``, ``bylined-headline``): the article's title
    # on a page without metadata, whose ``<title>`` may be the site's or its section's.
    headline: str = ""

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


@lru_cache(maxsize=64)
def _whole_class(words: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern matching a whole class name that one of ``words`` (a lexicon list) names."""
    return re.compile(alternatives(words), re.I)


def _named_class(
    body_classes: set[str], words: tuple[str, ...], site_words: tuple[str, ...]
) -> str | None:
    """The first of the page's body classes that ``words`` (a lexicon list of WordPress's
    classes: ``wp:NAME``) or ``site_words`` (the site profile's own: ``body:NAME``) names."""
    for source, listed in (("wp", words), ("body", site_words)):
        pattern = _whole_class(listed)
        named = sorted(name for name in body_classes if pattern.fullmatch(name))
        if named:
            return f"{source}:{named[0]}"
    return None


def _listing_class(body_classes: set[str], vocabulary: Vocabulary) -> str | None:
    """The body class that says the page is a listing (``wp:NAME``, ``body:NAME``), unless it
    is a section's name ("home", "blog") beside a class naming one item: another CMS's article
    page in that section (Blogsmith's ``home article``). An archive's, a tag's or a search's
    class decides whatever else the body says."""
    listed = lexicon.LISTING_BODY_CLASSES
    if _named_class(body_classes, lexicon.SINGLE_ITEM_BODY_CLASSES, ()):
        sections = _whole_class(lexicon.SECTION_NAME_BODY_CLASSES)
        listed = tuple(name for name in listed if not sections.fullmatch(name))
    return _named_class(body_classes, listed, vocabulary.listing_body_classes)


def _static_page_class(body_classes: set[str], vocabulary: Vocabulary) -> str | None:
    """The body class that says the page is a static page: ``wp:page`` for a WordPress Page
    (``page-id-N``, whatever its id), ``body:NAME`` for the site profile's own class."""
    static = _named_class(
        body_classes, lexicon.STATIC_PAGE_BODY_CLASSES, vocabulary.static_page_body_classes
    )
    return _STATIC_PAGE if static and static.startswith("wp:") else static


def _static_page(
    root: HtmlElement, json_ld: JsonLd | None, url: str | None, vocabulary: Vocabulary, name: str
) -> Verdict:
    """A static page (``name``: the body class that says so) is no article, unless it says
    when it was published both in its metadata (``article:published_time``) and printed next to
    its headline, as a post does (an open letter published as a Page). An About page prints no
    date; either date alone is a template's (Jetpack's metadata, a theme's date line)."""
    json_ld = json_ld if json_ld is not None else read_json_ld(root)
    metadata = _metadata_evidence(root, json_ld)
    if "meta:published" in metadata:
        titles = page_titles(root, json_ld)
        here = _Here.of(root, url, json_ld, vocabulary)
        headline = _page_headline(root, titles, site_name(root, json_ld), here)
        if headline is not None and _dated_headline(_body(root), headline, here, titles):
            return Verdict("article", (*metadata, "dated-headline"))
    return Verdict("other", (name,))


def _signs_in(headline: _Element) -> bool:
    """The page's headline and a password field share a block of a few lines: a login or
    paywall page ("Sign in to continue reading"), whatever its template's og:type says. An
    article's login box stands apart from its headline (a header's menu, a modal, a sidebar),
    or beside its comments, in a block of the article's whole text."""
    block = headline.getparent()
    if block is None or block.tag in _PAGE_TAGS or not _PASSWORD_FIELD(block):
        return False
    return len(clean(block.text_content())) < _LOGIN_BLOCK_CHARS


def _is_error_page(root: HtmlElement, markup: PageMarkup | None) -> bool:
    """A themed error page: an element of class ``error404``, ``error-404`` or ``not-found``.
    ``markup``: the page's when known, where a page without the literals ``_ERROR_MARKUP`` looks
    for in its class values is told so without its scan."""
    if markup is not None and not markup.names_hold(_ERROR_MARKUP_LITERALS):
        return False
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
    """The element itself is a sidebar, a footer, the comments or a related-posts block. The
    ``<body>``'s classes name the page's layout, not a part of it (Drupal's "one-sidebar
    sidebar-second")."""
    if element.tag in _NOT_MAIN_TAGS:
        return True
    if element.tag in _PAGE_TAGS:
        return False
    marks = f"{element.get('class') or ''} {element.get('id') or ''}".lower().split()
    return any(mark.startswith(_NOT_MAIN_MARKERS) for mark in marks)


def _outside_main(element: _Element) -> bool:
    """In a sidebar, a footer, the comments or a related-posts block (or is one itself)."""
    return any(_not_main(node) for node in (element, *element.iterancestors()))


def _entries(root: HtmlElement, markup: PageMarkup | None) -> list[_Element]:
    """The page's top-level entries with a heading: one on an article page, many on a listing.
    ``markup``: the page's when known (its class scan is left out where no class holds "entry")."""
    scan = (
        _ENTRIES_BUT_CLASSES
        if markup is not None and not markup.names_hold(("entry",))
        else _ENTRIES
    )
    candidates = [
        element
        for element in scan(root)
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


def _url_key(url: str) -> str:
    """A URL as compared with the page's own: no scheme, "www.", fragment, final slash, or
    percent-encoding (``%27`` and ``'`` name the same page)."""
    parts = urlsplit(unquote(url))
    query = f"?{parts.query}" if parts.query else ""
    return parts.netloc.lower().removeprefix("www.") + parts.path.rstrip("/") + query


@dataclass(frozen=True)
class _Here:
    """The URLs a page is known by (the fetched one, rel=canonical, og:url), as written, and
    what tells a link to the page itself (a permalink on its own headline) from one elsewhere;
    the page's language, which says how its printed dates read (``10/11/2019``, month names);
    the site's name for its news section."""

    urls: tuple[str, ...]
    base: str  # what relative links are resolved against
    keys: frozenset[str]
    # The site's hosts and the page's own paths (no final slash): a link to another page of
    # the site is a teaser's (``_leads_elsewhere_on_site``).
    hosts: frozenset[str]
    paths: frozenset[str]
    language: str | None
    news_section: re.Pattern[str]  # a URL's part that names a news section (``_news_section``)

    @classmethod
    def of(
        cls, root: HtmlElement, url: str | None, json_ld: JsonLd, vocabulary: Vocabulary
    ) -> _Here:
        urls = tuple(value.strip() for value in ([url] if url else []) + _CANONICAL(root))
        urls = tuple(value for value in urls if value)
        base = next((value for value in urls if value.startswith(("http://", "https://"))), "")
        keys = frozenset(_url_key(urljoin(base, value)) for value in urls)
        parts = [urlsplit(value) for value in urls]
        hosts = frozenset(part.netloc.lower() for part in parts)
        paths = frozenset(part.path.rstrip("/") for part in parts)
        language_ = language(root, json_ld)
        return cls(urls, base, keys, hosts, paths, language_, _news_section(vocabulary))

    def prints_date(self, text: str) -> bool:
        """``text`` holds a full date as the page's readers read one (``printed.printed_dates``)."""
        return bool(printed_dates(text, self.language))

    def is_elsewhere(self, href: str) -> bool:
        """A link to another page (not a ``#fragment``, nor a ``javascript:`` or mail link)."""
        href = href.strip()
        if not href or href.startswith("#"):
            return False
        target = urljoin(self.base, href)
        if not target.startswith(("http://", "https://")) and self.base:
            return False
        return _url_key(target) not in self.keys


def _links_elsewhere(heading: _Element, here: _Here) -> bool:
    """A heading that is a link to another page: a teaser of a listing, not the headline. The
    link holds the heading, or most of its text (not a glossary link on one of its words)."""
    if any(here.is_elsewhere(href) for href in _LINK_AROUND(heading)):
        return True
    half = len(clean(heading.text_content())) / 2
    return any(
        here.is_elsewhere(link.get("href") or "") and len(clean(link.text_content())) >= half
        for link in _LINKS_IN(heading)
    )


def _entry_headline(scope: _Element, levels: str = "h1 h2 h3 h4") -> _Element | None:
    """The headline of an entry: its ``<h1>``, else its first heading of ``levels`` (a kicker
    above the headline, linking to its section, is an ``<h2>`` or a smaller heading)."""
    headings = [h for h in _HEADINGS(scope) if h.tag in levels]
    return next((h for h in headings if h.tag == "h1"), headings[0] if headings else None)


def _headline_with_byline(scope: _Element, here: _Here, levels: str) -> bool:
    """A headline (``_entry_headline``) that links nowhere else, and a byline or a time."""
    headline = _entry_headline(scope, levels)
    if headline is None or _links_elsewhere(headline, here):
        return False
    return bool(_TIME(scope) or _BYLINE(scope))


def _page_headline(
    root: HtmlElement, titles: list[str], site: str | None, here: _Here
) -> _Element | None:
    """The heading that names the page (``metadata.page_headline``): its first ``<h1>`` that
    does, else ``<h2>``, ``<h3>``, ``<h4>``, outside sidebars, footers and related posts; else
    the first heading that is the first or last part of a title ("Blog » Post"), of two words
    or more, neither the ``site``'s name nor a link elsewhere (a logo links to the home page)."""
    if not titles:
        return None
    headings = [heading for heading in _HEADLINE_CANDIDATES(root) if not _outside_main(heading)]
    named = page_headline(headings, titles, _HEADLINE_LEVELS)
    if named is not None:
        return named
    ends = set().union(*map(title_ends, titles)) - {title_words(site or "")}
    for level in _HEADLINE_LEVELS:
        for heading in headings:
            words = title_words(clean(heading.text_content()))
            if heading.tag == level and words in ends and " " in words:
                if not _links_elsewhere(heading, here):
                    return heading
    return None


def _headline_in_misnested_sidebar(root: HtmlElement, titles: list[str]) -> _Element | None:
    """The first heading that names the page (``metadata.names_the_page``) in a sidebar that
    also holds the page's main text (``chrome.main_text_candidate``): a widget's unclosed tag
    has nested the rest of the page in the sidebar, the post's headline and body with it."""
    around_text = None  # the main text's ancestors, read once a heading names the page
    for heading in _HEADLINE_CANDIDATES(root):
        sidebars = [node for node in (heading, *heading.iterancestors()) if _not_main(node)]
        text = clean(heading.text_content())
        if not sidebars or not any(names_the_page(text, title) for title in titles):
            continue
        if around_text is None:
            candidate = main_text_candidate(root)
            around_text = set(candidate.iterancestors()) if candidate is not None else set()
        if around_text.issuperset(sidebars):
            return heading
    return None


def _heading_text(heading: _Element) -> str:
    """A heading's text as a reader sees it: not the ``<style>`` a CSS-in-JS theme puts in it."""
    return clean(reader_text(_ALL_TEXT(heading), joiner=""))


def _text_headline(body: _Element, titles: list[str]) -> _Element | None:
    """On a page whose headings name nothing: the element whose text names the page (a
    ``<div class="title">``, a ``<td>``, a ``<strong>``) before or at the start of the page's
    main text (``chrome.main_text_candidate``), outside sidebars and footers; the longest such
    text (a site's name in the header may name the page too)."""
    candidate = main_text_candidate(body)
    if candidate is None:
        return None
    text_starts = _PRECEDING(candidate)
    ancestors = set(candidate.iterancestors())
    found = []
    for node in _BODY_TEXT(body):
        holder = node.getparent()
        if holder is None or holder.tag in NOT_TEXT_TAGS or holder.tag == "a":
            continue
        text = clean(node)
        if len(text) < _MIN_TEXT_HEADLINE_CHARS or not any(names_the_page(text, t) for t in titles):
            continue
        ahead = candidate in holder.iterancestors() or _PRECEDING(holder) < text_starts
        if ahead and holder not in ancestors and not _outside_main(holder):
            found.append((len(text), holder))
    return max(found, key=lambda item: item[0])[1] if found else None


@lru_cache(maxsize=16)
def _reply_prefix(vocabulary: Vocabulary) -> re.Pattern[str]:
    """How a reply's subject starts in forums and mail archives ("Re:", "AW:", "Re[2]:",
    "Re^2:"): ``lexicon.REPLY_PREFIXES`` and the site's own."""
    prefixes = alternatives((*lexicon.REPLY_PREFIXES, *vocabulary.reply_prefixes))
    return re.compile(rf"{prefixes}\s*(?:\[\d+\]|\^\d+)?\s*:\s*", re.I)


def _replies(root: HtmlElement, titles: list[str], vocabulary: Vocabulary) -> int:
    """The headings that answer the page's subject ("Re: Subject", "AW: Subject"), outside
    the comments: the posts of a forum thread or of a mailing list's archive, never an
    article's own headings (a comment answering the post is in the comments)."""
    subjects = {title_words(title) for title in titles}.union(*map(title_ends, titles))
    reply, count = _reply_prefix(vocabulary), 0
    for heading in _ANY_HEADINGS(root):
        text = clean(heading.text_content())
        prefix = reply.match(text)
        if prefix and title_words(text[prefix.end() :]) in subjects and not _outside_main(heading):
            count += 1
    return count


def _thing(root: HtmlElement, json_ld: JsonLd) -> str | None:
    """``question`` for a question and its answers (schema.org QAPage, in JSON-LD or
    microdata: a Q&A site, "Asked 8 years ago" its time), ``product`` for a shop's product page
    (og:type ``product``, ``product.item``..., or a JSON-LD Product), ``book`` for a book's page
    in a catalogue (og:type ``book``, JSON-LD Book: its "by Author" line is no byline),
    ``recipe`` for a recipe (JSON-LD Recipe); else None."""
    og_type = (meta_value(root, "og:type") or "").lower()
    if _QUESTION_TYPES.intersection(json_ld.types) or any(
        value.rstrip("/").rsplit("/", 1)[-1] in _QUESTION_TYPES for value in _ITEM_TYPES(root)
    ):
        return "question"
    if og_type.startswith("product") or "Product" in json_ld.types:
        return "product"
    if og_type == "book" or "Book" in json_ld.types:
        return "book"
    return "recipe" if "Recipe" in json_ld.types else None


def _body(root: HtmlElement) -> HtmlElement:
    """The ``<body>``, or the root of a page that has none (output before ``<html>``: a PHP
    warning makes the parser put the page in a ``<div>``)."""
    body = root.find("body")
    return body if body is not None else root


def _own_headline(
    body: _Element, here: _Here, headline: _Element | None, titles: list[str]
) -> _Element | None:
    """The page's headline (the heading that names it, else its only ``<h1>``, else its first
    ``<h2>`` on a page without one) when it is no link elsewhere and no listing's title: the
    first heading after a listing's own title is a teaser's, a link elsewhere, before or in
    the page's main text, and no part of the page's title (a column's name above its piece,
    "Kolumne: Queer Royal", links to the column's other pieces)."""
    if headline is None:
        headings = body.findall(".//h1") or body.findall(".//h2")[:1]
        if len(headings) != 1:
            return None
        headline = headings[0]
    if _links_elsewhere(headline, here):
        return None
    following = _NEXT_HEADING(headline)
    if following and _links_elsewhere(following[0], here) and _before_text(body, following[0]):
        words = title_words(following[0].text_content())
        if not (words and any(words in title_words(title) for title in titles)):
            return None  # a listing's heading, then teasers: "News", then linked headlines
    return headline


def _only_h1(body: _Element) -> _Element | None:
    """The page's ``<h1>`` when it has one only."""
    headings = body.findall(".//h1")
    return headings[0] if len(headings) == 1 else None


def _opening_heading(body: _Element, here: _Here) -> _Element | None:
    """The heading that opens the page's main text (``chrome.main_text_candidate``): its first
    heading of any level, with at most a dateline's worth of text before it; else, when none
    stands there, the last heading before the main text, with at most a dateline's worth of
    text between them ("Swimming 01.02.2022 Category: Clubs"). Two words or more, no link
    elsewhere. The headline of a page whose ``<title>`` is the site's or its section's ("Site |
    Prices", "Swimming - News | Federation") and whose template writes the headline as an
    ``<h4>`` or ``<h6>`` in the text block, or as an ``<h2>`` above it (a news plugin's
    single view, the site's logo the page's ``<h1>``)."""
    candidate = main_text_candidate(body)
    if candidate is None:
        return None
    opening = _heading_opening(candidate)
    if opening is None:
        opening = _heading_just_before(candidate)
    if opening is None or _outside_main(opening):
        return None
    if " " not in title_words(_heading_text(opening)) or _links_elsewhere(opening, here):
        return None
    return opening


def _heading_opening(candidate: _Element) -> _Element | None:
    """The main text's first heading, with at most a dateline's worth of text before it."""
    seen = 0  # characters of text before the heading (a tail counted with its element)
    for element in candidate.iter():
        if element is not candidate and element.tag in _ANY_HEADING:
            return element
        if isinstance(element.tag, str) and element.tag not in NOT_TEXT_TAGS:
            seen += len((element.text or "").strip())
        if element is not candidate:
            seen += len((element.tail or "").strip())
        if seen > _NEAR_BEFORE_CHARS:
            return None
    return None


def _heading_just_before(candidate: _Element) -> _Element | None:
    """The last heading before the main text, with at most a dateline's worth of text between."""
    before = _HEADINGS_BEFORE(candidate)
    if not before:
        return None
    heading, seen = before[-1], 0
    for node in _TEXT_AFTER(heading):
        holder = text_holder(node)
        if holder is None:
            continue
        if holder is candidate or candidate in holder.iterancestors():
            return heading
        if holder.tag not in NOT_TEXT_TAGS:
            seen += len(node.strip())
        if seen > _NEAR_BEFORE_CHARS:
            return None
    return None


def _line_above_byline(body: _Element, vocabulary: Vocabulary) -> _Element | None:
    """On a page without headings that name it: the line just above a byline ("By Marcus
    Delaney") that stands just before the main text (``chrome.main_text_candidate``), when it
    is a headline's length (an old CMS's ``<div class="story-head">``, its ``<title>`` the
    section's). Not a link, nor in a sidebar or footer."""
    candidate = main_text_candidate(body)
    if candidate is None:
        return None
    holders = [text_holder(node) for node in _LINES_BEFORE(candidate)]
    holders = [holder for holder in holders if holder is not None]
    for at in range(len(holders) - 1, 0, -1):
        byline = holders[at]
        if not byline_names(byline.text_content(), vocabulary):
            continue
        # The line before the byline's block: not a part of it (its date, its views count).
        line = next((h for h in reversed(holders[:at]) if not _nested(h, byline)), None)
        if line is None or line.tag in NOT_TEXT_TAGS or _LINK_AROUND(line) or _outside_main(line):
            return None
        words = len(clean(line.text_content()).split())
        return line if _HEADLINE_WORDS[0] <= words <= _HEADLINE_WORDS[1] else None
    return None


def _nested(one: _Element, other: _Element) -> bool:
    """The two elements are one, or one holds the other."""
    return one is other or other in one.iterancestors() or one in other.iterancestors()


def _before_text(body: _Element, element: _Element) -> bool:
    """``element`` stands before the end of the page's main text (in it or before it): a teaser
    there is the page's content; one after an article's text is a sidebar's."""
    candidate = main_text_candidate(body)
    if candidate is None or candidate in element.iterancestors():
        return True
    return _PRECEDING(element) < _PRECEDING(candidate)


def _dated_headline(body: _Element, headline: _Element, here: _Here, titles: list[str]) -> bool:
    """A date printed next to the headline, in the page's title ("Story | DW | 19.01.2020"), or
    opening the main text after it: the dateline of an article on a CMS without markup (an
    About page prints no date)."""
    near = (
        clean(reader_text(_TEXT_BEFORE(headline)))[-_NEAR_BEFORE_CHARS:]
        + " "
        + headline.text_content()
        + " "
        + clean(reader_text(_TEXT_AFTER(headline)))[:_NEAR_AFTER_CHARS]
    )
    if here.prints_date(near) or any(here.prints_date(title) for title in titles):
        return True
    return (
        _short_dateline(headline, here)
        or _timed_headline(headline, here)
        or _dateline_opens_text(body, headline, here)
    )


def _short_dateline(headline: _Element, here: _Here) -> bool:
    """A short line right after the headline, before its body, printing a date of a two-digit
    year ("( Pescasseroli, 14 Gennaio 20 )", "Von Jan Roth | 31.10.23"): beside a headline a
    short line's numbers are a date, unless a version's label stands before them ("Version
    1.10.22"); in a sentence they may be anything."""
    for node in _LINES_AFTER(headline):
        line = clean(node)
        if len(line) > _PARAGRAPH_CHARS:
            return False  # the body has started
        if len(line) > _SHORT_DATELINE_CHARS:
            continue
        found = printed_dates(line, here.language, short_years=True)
        if any(not _VERSION_LABEL.search(line[: printed.start]) for printed in found):
            return True
    return False


def _timed_headline(headline: _Element, here: _Here) -> bool:
    """A ``<time>`` with a machine-readable day just after the headline, before any teaser's
    link (a link elsewhere of a sentence): the dateline of a page that prints its time as "2
    hours ago" (a JavaScript site's server-rendered story). A section front's first time is a
    teaser's, after its linked headline."""
    seen = 0
    for node in _TEXT_AFTER(headline):
        holder = text_holder(node)
        if holder is None or holder.tag in NOT_TEXT_TAGS:
            continue
        for element in (holder, *holder.iterancestors()):
            if element.tag == "time" and _MACHINE_DAY.match(element.get("datetime") or ""):
                return True
            if element.tag == "a" and here.is_elsewhere(element.get("href") or ""):
                if len(element.text_content().split()) >= _TEASER_LINK_WORDS:
                    return False
        seen += len(node.strip())
        if seen > _NEAR_AFTER_CHARS:
            return False
    return False


def _dateline_opens_text(body: _Element, headline: _Element, here: _Here) -> bool:
    """The main text (``chrome.main_text_candidate``) after the headline starts with a date:
    a dateline ("29.11.2022 – The ministry...", "Berlin, 29.11.2022 –") that a lead paragraph
    and a photo's caption keep out of the headline's neighbourhood. Not a reader's comment
    ("Inga says: April 5, 2014"), which a page of comments may make its largest text."""
    candidate = main_text_candidate(body)
    if candidate is None or _outside_main(candidate):
        return False
    if _PRECEDING(candidate) < _PRECEDING(headline):
        return False  # the headline stands in the main text, or after it
    return here.prints_date(clean(reader_text(_BODY_TEXT(candidate)))[:_DATELINE_CHARS])


def _bylined(headline: _Element, vocabulary: Vocabulary) -> bool:
    """A line crediting a writer by name ("Von Vanessa Franke", "By Jane Doe"; see
    ``metadata.byline_names``) among the first lines after the headline, not a caption."""
    for node in _LINES_AFTER(headline):
        holder = text_holder(node)
        if holder is None or holder.tag in NOT_TEXT_TAGS or holder.tag in ("figcaption", "figure"):
            continue
        if byline_names(holder.text_content(), vocabulary):
            return True
    return False


def _leads_elsewhere_on_site(heading: _Element, here: _Here) -> bool:
    """A heading linking to another page of the page's own site (not its home page): a teaser's
    headline. Links to other sites do not count (a link post's headline names its source)."""
    for href in heading.xpath("ancestor-or-self::a/@href | .//a/@href"):
        target = urlsplit(urljoin(here.base, href.strip()))
        path = target.path.rstrip("/")
        if target.scheme in ("http", "https") and target.netloc.lower() in here.hosts:
            if path and path not in here.paths:
                return True
    return False


def _dated(heading: _Element, here: _Here) -> bool:
    """A date printed just before or after a heading, or a ``<time>`` in its entry."""
    if _TEASER_TIME(heading):
        return True
    near = reader_text(_TEASER_BEFORE(heading)) + " " + reader_text(_TEASER_AFTER(heading))
    return here.prints_date(near)


def _is_teaser(heading: _Element, here: _Here) -> bool:
    """A teaser's headline: a heading leading to another page of the site, with a date."""
    return _leads_elsewhere_on_site(heading, here) and _dated(heading, here)


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


def _listing_shape(body: _Element, here: _Here) -> str | None:
    """Evidence that a page with article metadata (and nothing else) is a listing: an archive
    whose template emits ``BlogPosting`` for every dated page (one post listed, or several).

    Its URL is a date archive (``/2021/``, ``/archives/2021/09/``); or its content is teasers:
    headings linking to other pages of the site, each with a date, and before the first of
    them no more of the page's own text (after its headline) than from there on. An article
    followed by a "more stories" block has its body before the block; one whose kicker or
    byline heading links elsewhere, dated, has a body that dwarfs it."""
    if any(_DATE_ARCHIVE_PATH.match(urlsplit(value).path or "/") for value in here.urls):
        return "date-archive"
    if not here.urls:
        return None  # a link "elsewhere" needs the page's own URL to compare with
    headings = _HEADINGS(body)
    # ``_is_teaser``'s tests with the main-content one between them, the cheapest first: most
    # headings lead nowhere else on the site, and few of those stand outside the main content.
    teasers = [
        h
        for h in headings
        if _leads_elsewhere_on_site(h, here) and not _outside_main(h) and _dated(h, here)
    ] or _teaser_links(body, here)
    if not teasers:
        return None
    if _text_dwarfs_teasers(body, teasers):
        return None  # an article body, and dated headings around it: a kicker, more stories
    headings = [h for h in headings if not _outside_main(h)]
    lead, rest = _lead_and_rest(body, _first_before(body, headings, teasers[0]), teasers[0])
    return f"teasers:{len(teasers)}" if lead < rest else None


def _teaser_links(body: _Element, here: _Here) -> list[_Element]:
    """Teasers whose headlines are links, not headings (an archive of ``<a>`` titles, each
    with its ``<time>``): links of a sentence at least, leading to another page of the site,
    outside sidebars and footers. Only a ``<time>`` dates them: reading every link's
    surroundings for a printed date costs more than a page's classification."""
    return [
        link
        for link in _TIMED_LINKS(body)
        if len(link.text_content().split()) >= _TEASER_LINK_WORDS
        and not _outside_main(link)
        and _leads_elsewhere_on_site(link, here)
    ]


def _first_before(body: _Element, elements: list[_Element], end: _Element) -> _Element | None:
    """The first of ``elements`` that stands before ``end`` in the page, if any."""
    wanted = set(elements)
    for element in body.iter():
        if element is end:
            return None
        if element in wanted:
            return element
    return None


def _text_dwarfs_teasers(body: _Element, teasers: list[_Element]) -> bool:
    """The page's main text (``chrome.main_text_candidate``) stands in none of the teasers'
    blocks (a heading's parent: its excerpt and date) and holds ``_OWN_TEXT_TO_TEASER`` times
    the text of the largest: an article's body, whatever links its kicker, byline or "more
    stories" headings make. A listing's main text is an excerpt in a teaser's block."""
    candidate = main_text_candidate(body)
    blocks = [block for block in (teaser.getparent() for teaser in teasers) if block is not None]
    if candidate is None or not blocks:
        return False
    if not {candidate, *candidate.iterancestors()}.isdisjoint(blocks):
        return False
    largest = max(len(clean(block.text_content())) for block in blocks)
    return len(clean(candidate.text_content())) >= _OWN_TEXT_TO_TEASER * largest


def _own_text(
    root: HtmlElement, entries: list[_Element], sizes: list[int]
) -> tuple[_Element | None, bool]:
    """(the entry holding the page's main text candidate or None, whether that text dwarfs
    every other entry): the entry's text, or the candidate's own when it is in none."""
    candidate = main_text_candidate(root)
    if candidate is None:
        return None, False
    around = {candidate, *candidate.iterancestors()}
    holder = next((entry for entry in entries if entry in around), None)
    own = sizes[entries.index(holder)] if holder is not None else len(candidate.text_content())
    others = [size for entry, size in zip(entries, sizes, strict=True) if entry is not holder]
    return holder, own >= _OWN_TEXT_TO_TEASER * max(others)


def _main_entry(
    root: HtmlElement, entries: list[_Element], headline: _Element | None, here: _Here
) -> tuple[_Element | None, bool]:
    """(the entry holding the page's content or None, whether the entries make a listing).

    Entries of similar weight make a listing, unless the page has a headline of its own (not
    a link elsewhere) and the entries are an article's teasers of other pages: the headline is
    in one of them (the page's own entry), or the page's main text (in an entry or outside all
    of them) dwarfs every other entry, or the text between the headline and the first entry
    (an article body in several blocks, "more news" after it) does and outweighs the rest.
    """
    if len(entries) == 1:
        return entries[0], False
    if not entries:
        return None, False
    sizes = [len(entry.text_content()) for entry in entries]
    largest = max(sizes)
    if largest >= _DOMINANT_SHARE * sum(sizes):
        return entries[sizes.index(largest)], False
    if headline is not None and not _links_elsewhere(headline, here):
        ancestors = set(headline.iterancestors())
        holder = next((entry for entry in entries if entry in ancestors), None)
        if holder is not None:
            return holder, False
        holder, dwarfs = _own_text(root, entries, sizes)
        if dwarfs:
            return holder, False
        lead, rest = _lead_and_rest(_body(root), headline, entries[0])
        if lead >= _OWN_TEXT_TO_TEASER * largest and lead > rest:
            return None, False  # a body in several blocks, then "more news"
    return None, True


@lru_cache(maxsize=16)
def _news_section(vocabulary: Vocabulary) -> re.Pattern[str]:
    """What sites call their news section: a word's start (``lexicon.NEWS_SECTION_WORDS`` and
    the site's own: "Pressemitteilungen", not "impressum"), or a word anywhere
    (``lexicon.NEWS_SECTION_INFIXES``: "outdoornews", "NewsDetail", "tt_news") but in a word that
    names no news section (``lexicon.NOT_NEWS_SECTIONS``: "newsletter")."""
    starts = (*lexicon.NEWS_SECTION_WORDS, *vocabulary.news_section_words)
    anywhere = []
    for infix in lexicon.NEWS_SECTION_INFIXES:
        rests = tuple(w[len(infix) :] for w in lexicon.NOT_NEWS_SECTIONS if w.startswith(infix))
        anywhere.append(re.escape(infix) + (f"(?!{alternatives(rests)})" if rests else ""))
    return re.compile(rf"(?:^|[^a-z]){alternatives(starts)}|{'|'.join(anywhere)}", re.I)


def _in_news_section(here: _Here) -> bool:
    """A URL of the page (fetched or canonical) of an item in a news section: a path segment
    naming one, then an item's slug or number (``/news/2021/jan21/helium-found.php``,
    ``/News/10365/``; not the section's index, its ``/page/2/`` or ``/press/contact/``), or a
    query with a number naming one (``index.php?site=news&newsID=111``) or asked of a script
    named after one (``article.aspx?cp-documentid=31244150``, ``story.php?storyid=504``)."""
    for value in here.urls:
        parts = urlsplit(value)
        segments = [segment for segment in unquote(parts.path).split("/") if segment]
        for at, segment in enumerate(segments):
            rest = "/".join(segments[at + 1 :])
            if here.news_section.search(segment) and _ITEM.search(rest) and not _PAGED.match(rest):
                return True
        query = unquote(parts.query)
        script = segments[-1] if segments and "." in segments[-1] else ""
        named = here.news_section.search(query) or here.news_section.search(script)
        numbered = any(
            char.isdigit() and not _NOT_ITEM_PARAMETER.match(parameter)
            for parameter in query.split("&")
            for char in parameter
        )
        if named and numbered:
            return True
    return False


def _in_forum(here: _Here) -> bool:
    """A URL of the page (fetched or canonical) is a forum software's thread or topic
    (``lexicon.FORUM_PATH_SEGMENTS``: ``/forum/...``, ``/threads/slug.123/``,
    ``viewtopic.php?t=167``)."""
    return any(_FORUM_PATH.search(urlsplit(value).path) for value in here.urls)


def _headline_then_body(body: _Element, headline: _Element, here: _Here) -> bool:
    """The page's headline, no link elsewhere, then its body: the main text
    (``chrome.main_text_candidate``) after the headline or around it, of a few sentences at
    least (an error page's apology is a line)."""
    candidate = main_text_candidate(body)
    if candidate is None or _links_elsewhere(headline, here):
        return False
    if len(clean(candidate.text_content())) < _MIN_BODY_CHARS:
        return False
    return candidate in headline.iterancestors() or _PRECEDING(headline) < _PRECEDING(candidate)


def _metadata_evidence(root: HtmlElement, json_ld: JsonLd) -> list[str]:
    """Article evidence in the page's metadata: JSON-LD, og:type, article:published_time."""
    evidence = [f"json-ld:{node_types(json_ld.article)[0]}"] if json_ld.article else []
    if (meta_value(root, "og:type") or "").lower() == "article":
        evidence.append("og:type")
    if meta_value(root, "article:published_time"):
        evidence.append("meta:published")
    return evidence


def _drupal_type(classes: set[str], news_section: re.Pattern[str]) -> str | None:
    """The news content type a Drupal node page names in its classes (``node-type-article``,
    Drupal 7's body, Drupal 6's node element; ``page-node-type-article``, 8 and later; "news",
    "blog", "story", "dd-pressrelease"...), None for any other (``page``, ``recipe``,
    ``gallery``) or a page that is no node."""
    for name in sorted(classes):
        content_type = _DRUPAL_NODE_TYPE.match(name)
        if content_type and news_section.search(content_type.group(1)):
            return content_type.group(1)
    return None


def _markup_evidence(
    root: HtmlElement, main: _Element | None, headline: _Element | None, here: _Here
) -> list[str]:
    """Article evidence in the page's markup: a Drupal news node, the one entry, a dated
    permalink with a headline."""
    # Drupal 6 themes name the node's type on the node's element, not the body: the element
    # holding the page's headline ("node node-type-story"), never a teaser's.
    classes = _body_classes(root)
    if headline is not None:
        classes = classes.union(*map(_classes, headline.iterancestors()))
    drupal_type = _drupal_type(classes, here.news_section)
    evidence = [f"drupal:{drupal_type}"] if drupal_type else []
    if main is not None:
        schema_type = _schema_type(main)
        if schema_type:
            evidence.append(f"microdata:{schema_type}")
        if _ENTRY_CLASSES.intersection(_classes(main)):
            evidence.append("h-entry")
        if _headline_with_byline(main, here, "h1 h2 h3 h4"):
            evidence.append("article-element")
    if any(_DATED_PERMALINK.search(value) for value in here.urls):
        body = _body(root)
        if len(body.findall(".//h1")) == 1 and _headline_with_byline(body, here, "h1"):
            evidence.append("dated-permalink")
        elif headline is not None and _headline_then_body(body, headline, here):
            evidence.append("dated-permalink")
    return evidence


def classify(
    tree: _Element,
    json_ld: JsonLd | None = None,
    url: str | None = None,
    vocabulary: Vocabulary = NO_WORDS,
    markup: PageMarkup | None = None,
) -> Verdict:
    """The page type of a parsed tree and the evidence for it (rules in the module docstring).

    ``json_ld`` may be passed when the caller has read it already, to avoid decoding it twice,
    and ``markup`` (the tree's ``chrome.PageMarkup``): it spares the page-wide scans of class
    values that it shows cannot match;
    ``url`` (the fetched URL) is one piece of evidence among others: a dated permalink.
    ``vocabulary``: the site profile's own words (``SiteProfile.vocabulary``), besides the
    lexicon's: what the site calls its news section.
    """
    root = tree.getroottree().getroot()
    if _is_feed(root):
        return Verdict("feed", ("feed",))
    body_classes = _body_classes(root)
    rejected = _named_class(
        body_classes, lexicon.NOT_ARTICLE_BODY_CLASSES, vocabulary.not_article_body_classes
    )
    if rejected:
        return Verdict("other", (rejected,))
    static = _static_page_class(body_classes, vocabulary)
    if static:
        return _static_page(root, json_ld, url, vocabulary, static)
    if _is_single_post(body_classes):
        if _is_unpublished(root):
            return Verdict("other", ("unpublished",))
        # The body class decides; the metadata is recorded with it, the markup is not searched.
        json_ld = json_ld if json_ld is not None else read_json_ld(root)
        return Verdict("article", ("wp:single-post", *_metadata_evidence(root, json_ld)))
    listing_class = _listing_class(body_classes, vocabulary)
    if listing_class:
        return Verdict("listing", (listing_class,))
    if _is_error_page(root, markup):
        return Verdict("other", ("error-page",))
    json_ld = json_ld if json_ld is not None else read_json_ld(root)
    titles = page_titles(root, json_ld)
    replies = _replies(root, titles, vocabulary)
    if replies:
        return Verdict("other", (f"replies:{replies}",))
    here = _Here.of(root, url, json_ld, vocabulary)
    headline = _page_headline(root, titles, site_name(root, json_ld), here)
    if headline is None:
        headline = _headline_in_misnested_sidebar(root, titles)
    if headline is not None and json_ld.article is None and _signs_in(headline):
        return Verdict("other", ("login-form",))
    # A live blog's updates are entries of similar weight, each with a heading and a time:
    # the page's article, not a listing of others (its structured data says LiveBlogPosting).
    entries = [] if _LIVE_BLOG in json_ld.types else _entries(root, markup)
    body = _body(root)
    own = headline
    if own is None and len(entries) > 1:
        # Where no title names a heading (an SEO <title> over the printed headline), the page's
        # only <h1> with a dateline is its headline, against which the entries are weighed.
        own = _only_h1(body)
        own = own if own is not None and _dated_headline(body, own, here, titles) else None
    main, is_listing = _main_entry(root, entries, own, here)
    if is_listing:
        return Verdict("listing", (f"entries:{len(entries)}",))
    if json_ld.article is None:
        listing_types = sorted(LISTING_TYPES.intersection(json_ld.types))
        if listing_types:
            return Verdict("listing", (f"json-ld:{listing_types[0]}",))
    teasers = tuple(entry for entry in entries if entry is not main) if len(entries) > 1 else ()
    # The one entry of a one-post archive is a teaser: its headline leads to the post's page.
    teaser = main is not None and bool(here.urls) and _is_teaser(_entry_headline(main), here)
    if teaser:
        main = None
    metadata, markup = (
        _metadata_evidence(root, json_ld),
        _markup_evidence(root, main, headline, here),
    )
    if (metadata or teaser) and not markup:
        # Metadata alone can be a template's: an archive page may say BlogPosting.
        listing = _listing_shape(body, here)
        if listing:
            return Verdict("listing", (listing,))
    thing = _thing(root, json_ld)
    if thing and json_ld.article is None and not markup:
        # og:type "article" is many templates' default; the structured data names the thing.
        return Verdict("other", (thing,))
    evidence = [*metadata, *markup]
    if evidence:
        return Verdict("article", tuple(evidence), teasers)
    if _in_forum(here):
        # A thread's first post has a headline, a byline and a dateline too.
        return Verdict("other", ("forum",))
    # The last resort, for CMSs without any markup: a headline with a dateline.
    if headline is None:
        headline = _text_headline(body, titles)
    headline = _own_headline(body, here, headline, titles)
    if headline is None:
        headline = _opening_heading(body, here)
    if headline is None:
        headline = _line_above_byline(body, vocabulary)
    if headline is None:
        return Verdict("other")
    # The heading that decided is the article's title (a <title> may be the site's, or add a
    # subtitle and the site's name).
    text = _heading_text(headline)
    if _dated_headline(body, headline, here, titles):
        return Verdict("article", ("dated-headline",), teasers, text)
    if not _headline_then_body(body, headline, here):
        return Verdict("other")
    if _in_news_section(here):
        return Verdict("article", ("news-section",), teasers, text)
    if _bylined(headline, vocabulary):
        return Verdict("article", ("bylined-headline",), teasers, text)
    return Verdict("other")


def classify_tree(
    tree: _Element,
    json_ld: JsonLd | None = None,
    url: str | None = None,
    vocabulary: Vocabulary = NO_WORDS,
) -> PageType:
    """Page type of an already parsed lxml tree (see the module docstring for the rules);
    ``url``, the fetched URL, when known (relative links, a dated permalink); ``vocabulary``,
    the site profile's own words."""
    return classify(tree, json_ld, url, vocabulary).page_type


def _starts_like_feed(document: str | bytes) -> bool:
    head = document[:_FEED_SNIFF_CHARS]
    text = head.decode("utf-8", "replace") if isinstance(head, bytes) else head
    return _FEED_START.match(text) is not None


def classify_page(
    html_or_tree: str | bytes | _Element, url: str, vocabulary: Vocabulary = NO_WORDS
) -> PageType:
    """Page type ("article" | "listing" | "feed" | "other") of an HTML document or lxml tree.

    ``url`` is the base for parsing and, as a dated permalink, one piece of article evidence
    among others: never enough alone (a /2023/09/slug/ URL can hold a 404 page).
    ``vocabulary``: the site profile's own words (``SiteProfile.vocabulary``).
    """
    if not isinstance(html_or_tree, _Element) and _starts_like_feed(html_or_tree):
        return "feed"  # the HTML parser rejects an RSS/Atom document, so sniff its root first
    # Imported here: parsing text needs trafilatura, classifying a tree (the crawl process's
    # case, via classify_tree) does not.
    from archiver.extraction.parsing import parse_html

    tree = html_or_tree if isinstance(html_or_tree, _Element) else parse_html(html_or_tree)
    if tree is None:
        return "other"
    return classify(tree, url=url, vocabulary=vocabulary).page_type
