"""Article metadata read from a parsed HTML tree: JSON-LD, meta tags, links and markup.

Each reader is a small function of an lxml tree (parsed once by the caller) that returns a
value or None/[]; the order of sources for every field is documented on its reader. JSON-LD is
read once into a ``JsonLd`` record (the article node plus an ``@id`` index, so that Yoast's
``{"@id": ...}`` author references resolve to names).
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit
from weakref import WeakKeyDictionary

import json_repair
from lxml.etree import XPath
from lxml.html import HtmlElement

from archiver.cjk import CJK_RUN
from archiver.extraction import lexicon
from archiver.profiles import NO_WORDS, Vocabulary

if TYPE_CHECKING:
    from archiver.extraction.chrome import PageMarkup

# schema.org types that mean "this page is one news/blog article": Article and its subtypes
# but ScholarlyArticle (a journal's paper) and SocialMediaPosting (a forum's posts).
ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "BlogPosting",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
        "LiveBlogPosting",
        "Report",
        "TechArticle",
        "SatiricalArticle",
        "AdvertiserContentArticle",
    }
)
# schema.org types that mean "this page lists other pages".
LISTING_TYPES = frozenset({"CollectionPage", "SearchResultsPage", "ItemList", "ProfilePage"})

# Separators between a headline and the site name in <title> / og:title ("Headline - Site").
_TITLE_SEPARATORS = (" - ", " – ", " — ", " | ", " · ", " :: ", " » ", " : ")
# Invisible characters: a soft hyphen (a line-break hint), a zero-width space.
_INVISIBLE = re.compile("[\u00ad\u200b]")


def alternatives(words: Iterable[str]) -> str:
    """A regex group matching any of ``words`` (a ``lexicon`` list): each word literally, one
    ending in ``*`` as every word starting so; none, a group that matches nothing."""
    each = [
        re.escape(word[:-1]) + r"\w*" if word.endswith("*") else re.escape(word) for word in words
    ]
    return f"(?:{'|'.join(each)})" if each else "(?!)"


@dataclass
class JsonLd:
    """The JSON-LD of a page: every node, the first article node, and nodes by ``@id``."""

    nodes: list[dict] = field(default_factory=list)
    article: dict | None = None
    by_id: dict[str, dict] = field(default_factory=dict)

    @property
    def types(self) -> set[str]:
        return {name for node in self.nodes for name in node_types(node)}


def clean(text: object) -> str:
    """Whitespace collapsed and stripped, soft hyphens and zero-width spaces dropped (a CMS
    that hyphenates its headings writes "Mes&shy;sen&shy;ger": readers and search see
    "Messenger"), in Unicode's composed form (NFC: a title, byline or tag written "u" +
    combining diaeresis is found by the "ü" a reader types, and equals the same name composed);
    '' for None or a non-string JSON value."""
    if not isinstance(text, str):
        return ""
    # str.split() cuts at the characters \s matches (str.isspace), ~3-5x faster than re.sub.
    return unicodedata.normalize("NFC", " ".join(_INVISIBLE.sub("", text).split()))


def node_types(node: dict) -> list[str]:
    """The ``@type`` of a JSON-LD node as a list (schema.org allows a string or a list)."""
    value = node.get("@type", [])
    return [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)]


def _flatten(value: object) -> list[dict]:
    """Every dict in a JSON-LD document, following lists and ``@graph`` (not nested values)."""
    if isinstance(value, list):
        return [node for item in value for node in _flatten(item)]
    if not isinstance(value, dict):
        return []
    graph = _flatten(value.get("@graph", []))
    return [value, *graph] if "@type" in value else graph


def parse_json_ld_text(text: str) -> object:
    """One ld+json block as JSON values; a slightly broken block is repaired, not dropped.

    Plugins and templates write raw newlines or unescaped quotes inside strings, trailing
    commas, ``<!-- -->`` or CDATA wrappers: ``json.loads`` rejects all of these, so such a block
    goes through json_repair (only then: the repair is ~50x slower than the strict parse).
    """
    try:
        return json.loads(text, strict=False)  # strict=False: control characters in strings
    except ValueError:
        return json_repair.loads(_JSON_WRAPPERS.sub("", text))


# HTML comment and CDATA wrappers that some CMS templates put around a script's JSON.
_JSON_WRAPPERS = re.compile(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)\s*$")


_JSON_LD_SCRIPTS = XPath('//script[@type="application/ld+json"]')


def read_json_ld(tree: HtmlElement) -> JsonLd:
    """Parse every ``<script type="application/ld+json">``, repairing slightly broken ones."""
    nodes: list[dict] = []
    for script in _JSON_LD_SCRIPTS(tree):
        if script.text and script.text.strip():
            nodes.extend(_flatten(parse_json_ld_text(script.text)))
    article = next((n for n in nodes if ARTICLE_TYPES.intersection(node_types(n))), None)
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    return JsonLd(nodes=nodes, article=article, by_id=by_id)


# The page's <meta> tags by case-folded key, read once per tree (a page has dozens, its readers
# ask for some twenty keys): weakly keyed, the entry goes with its tree. Every reader runs
# before anything prunes the page (``extract_article`` prunes last) and nothing edits a <meta>.
_METAS_OF_TREE: WeakKeyDictionary[HtmlElement, dict[str, list[tuple[int, str]]]] = (
    WeakKeyDictionary()
)


def _metas(tree: HtmlElement) -> dict[str, list[tuple[int, str]]]:
    """(position, content) of the page's ``<meta property|name|itemprop=KEY>`` with a non-empty
    content, by case-folded KEY, the content cleaned, the position the tag's in document order."""
    found = _METAS_OF_TREE.get(tree)
    if found is None:
        found = {}
        for position, meta in enumerate(tree.iter("meta")):
            key = meta.get("property") or meta.get("name") or meta.get("itemprop")
            if key and (content := clean(meta.get("content"))):
                found.setdefault(key.casefold(), []).append((position, content))
        _METAS_OF_TREE[tree] = found
    return found


def _meta_values(tree: HtmlElement, *keys: str) -> list[str]:
    """Contents of ``<meta property|name|itemprop=KEY>``, in document order, non-empty; keys
    compared without case, as HTML compares meta names (``DC.date.issued``, ``dc.date.issued``)."""
    metas = _metas(tree)
    wanted = {key.casefold() for key in keys}
    return [content for _, content in sorted(p for key in wanted for p in metas.get(key, ()))]


def meta_value(tree: HtmlElement, *keys: str) -> str | None:
    """The first non-empty ``<meta>`` content among ``keys`` (in document order)."""
    values = _meta_values(tree, *keys)
    return values[0] if values else None


# Elements whose content no reader sees as text.
NOT_TEXT_TAGS = frozenset({"script", "style", "noscript", "template"})


def text_holder(node) -> HtmlElement | None:
    """The element a text node of an XPath ``text()`` result stands in: its parent, or for a
    tail (the text after an element) the parent's parent."""
    holder = node.getparent()
    if node.is_tail and holder is not None:
        holder = holder.getparent()
    return holder


def reader_text(nodes: list, joiner: str = " ") -> str:
    """The text nodes of an XPath ``text()`` result that a reader sees, joined by spaces (or
    ``joiner``: "" for one element's text): none inside a script, style, noscript or template
    (the text after one, its tail, is seen)."""
    seen = []
    for node in nodes:
        holder = text_holder(node)
        if holder is None or holder.tag not in NOT_TEXT_TAGS:
            seen.append(node)
    return joiner.join(seen)


def _unique(values: list[str]) -> list[str]:
    """Values without blanks or case-insensitive duplicates, first spelling and order kept."""
    seen: set[str] = set()
    result = []
    for value in map(clean, values):
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            result.append(value)
    return result


def _as_strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _link_href(tree: HtmlElement, rel: str, base_url: str) -> str | None:
    for link in tree.iter("link"):
        if rel in (link.get("rel") or "").lower().split() and clean(link.get("href")):
            return urljoin(base_url, clean(link.get("href")))
    return None


def site_name(tree: HtmlElement, json_ld: JsonLd) -> str | None:
    """og:site_name, else the JSON-LD WebSite / Organization name."""
    found = meta_value(tree, "og:site_name")
    if found:
        return found
    for node in json_ld.nodes:
        if {"WebSite", "Organization"}.intersection(node_types(node)) and clean(node.get("name")):
            return clean(node.get("name"))
    return None


def _strip_site_suffix(title: str, site: str | None) -> str:
    if site:
        for separator in _TITLE_SEPARATORS:
            suffix = separator + site
            if title.casefold().endswith(suffix.casefold()) and len(title) > len(suffix):
                return title[: -len(suffix)].strip()
    return title


def title_words(text: str) -> str:
    """``text`` case-folded, its punctuation and spacing reduced to single spaces: how a heading
    and a title are compared ("Netz: Daten" in ``<title>`` is "Netz Daten" in a kicker's h1);
    soft hyphens and zero-width spaces dropped, as by ``clean``."""
    return _NON_WORD.sub(" ", _INVISIBLE.sub("", text.casefold())).strip()


_NON_WORD = re.compile(r"[\W_]+")


def title_ends(page_title: str) -> set[str]:
    """The first and last parts of a title split at its separators, as ``title_words``:
    "Site » Blog Archive » Post" gives {"site", "post"}; a title without one, itself."""
    parts = [page_title]
    for separator in _TITLE_SEPARATORS:
        parts = [piece for part in parts for piece in part.split(separator)]
    words = [title_words(part) for part in parts if title_words(part)]
    return {words[0], words[-1]} if words else set()


def names_the_page(heading: str, page_title: str) -> bool:
    """True when ``heading`` is the page's title, or makes most of its start or end
    (``<title>`` adds the site's name, after or before, in a spelling of its own), or when a
    title cut short with "..." starts it; compared as ``title_words``."""
    was_cut = page_title.rstrip().endswith(("...", "…"))
    heading, page_title = title_words(heading), title_words(page_title)
    if not heading or not page_title:
        return False
    most = 2 * len(heading) > len(page_title)
    if most and (page_title.startswith(heading) or page_title.endswith(heading)):
        return True
    return was_cut and len(page_title) >= 20 and heading.startswith(page_title)


def page_titles(tree: HtmlElement, json_ld: JsonLd) -> list[str]:
    """What the page calls itself: og:title, its JSON-LD article's headline, ``<title>``."""
    headline = json_ld.article.get("headline") if json_ld.article else None
    values = (meta_value(tree, "og:title"), headline, tree.findtext(".//title"))
    return [text for text in map(clean, values) if text]


def page_headline(
    headings: Iterable[HtmlElement], titles: list[str], levels: Iterable[str]
) -> HtmlElement | None:
    """The heading that names the page: among ``headings``, in their order, the first of the
    first of ``levels`` (tags, most likely first: ``("h1", "h2")``) that is most of one of its
    ``titles`` (``names_the_page``: a site logo's heading makes at most half of ``<title>``).
    None when no heading names the page. The one home of "the page's headline": the dateline
    is read after it, the classifier reads the page's kind around it, the title prints it."""
    headings = list(headings)
    for level in levels:
        for heading in headings:
            if heading.tag == level:
                text = clean(heading.text_content())
                if any(names_the_page(text, title) for title in titles):
                    return heading
    return None


def title(tree: HtmlElement, json_ld: JsonLd, site: str | None) -> str | None:
    """og:title, else JSON-LD headline, else h1.entry-title, else an ``<h1>`` (else an ``<h2>``,
    the headline of themes whose ``<h1>`` is the site's logo) that makes most of ``<title>``'s
    start or end (``<title>`` adds the site's name, after or before, in a spelling of its own; a
    site logo's heading before a longer headline does not qualify), else <title>; " - Site"
    removed. The page's first ``<h1>`` is preferred, as printed, where it makes most of the
    title found.

    og:title comes first because Yoast truncates the JSON-LD headline to 110 characters.
    """
    page_title = clean(tree.findtext(".//title"))
    headings = tree.xpath("//h1") + tree.xpath("//h2")
    named = page_headline(headings, [page_title], ("h1", "h2"))
    candidates = [
        meta_value(tree, "og:title"),
        clean(json_ld.article.get("headline")) if json_ld.article else None,
        *[clean(h1.text_content()) for h1 in tree.xpath('//h1[contains(@class, "entry-title")]')],
        clean(named.text_content()) if named is not None else None,
        page_title,
    ]
    found = next((c for c in candidates if isinstance(c, str) and c), None)
    if not found:
        return None
    # The headline as the page prints it, when it makes most of the title found: the metadata
    # adds a site name or a tagline the reader does not see ("Post | Blog 2.0"), or writes
    # ASCII for the headline's dashes and quotes ("-" for "–", "'" for "’").
    first = clean(headings[0].text_content()) if headings else ""
    return first if names_the_page(first, found) else _strip_site_suffix(found, site)


# JSON-LD types of an author who is no person: an organisation credit (see ``authors``).
_ORGANISATION_TYPES = frozenset(
    {"Corporation", "NGO", "CollegeOrUniversity", "LocalBusiness", "WebSite", "Brand", "Project"}
)


def _is_organisation(node: dict) -> bool:
    return any(t.endswith("Organization") or t in _ORGANISATION_TYPES for t in node_types(node))


def _json_ld_author_value(json_ld: JsonLd) -> object:
    """The article node's ``author``, else that of the first page node that has one: a WebPage
    (Yoast puts it there when the post is no Article), a Recipe, a forum post; not a listing's."""
    if json_ld.article and json_ld.article.get("author"):
        return json_ld.article["author"]
    for node in json_ld.nodes:
        if node.get("author") and LISTING_TYPES.isdisjoint(node_types(node)):
            return node["author"]
    return None


def _json_ld_authors(value: object, json_ld: JsonLd) -> tuple[list[str], list[str]]:
    """The people and the organisations a JSON-LD ``author`` names: strings, Person or
    Organization dicts, lists, ``{"@id"}`` references and ``@id`` strings into the graph."""
    people: list[str] = []
    organisations: list[str] = []

    def walk(item: object) -> None:
        if isinstance(item, list):
            for each in item:
                walk(each)
        elif isinstance(item, str):
            if item in json_ld.by_id:
                walk(json_ld.by_id[item])
            elif not _URL_LIKE.match(item):  # an @id into a graph we do not have: no name
                people.append(item)
        elif isinstance(item, dict):
            node = item if "name" in item else json_ld.by_id.get(item.get("@id") or "", {})
            (organisations if _is_organisation(node) else people).extend(
                _as_strings(node.get("name"))
            )

    walk(value)
    return people, organisations


_URL_LIKE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|www\.|/|#)", re.I)

# ``<meta>`` keys that name a page's author, most specific first: Highwire/Google Scholar
# (one tag per author), the plain HTML one, Open Graph, Dublin Core, Parse.ly, Sailthru, the
# New York Times' byline. Compared case-folded (DC.creator / dc.creator).
_AUTHOR_METAS = (
    "citation_author",
    "author",
    "article:author",
    "og:article:author",
    "dc.creator",
    "dcterms.creator",
    "parsely-author",
    "sailthru.author",
    "byl",
)
# Yoast's Twitter card pair (twitter:label1 "Written by", twitter:data1 the author).
_AUTHOR_LABEL = re.compile(rf"\b{alternatives(lexicon.AUTHOR_LABELS)}\b", re.I)


def _metas_by_key(tree: HtmlElement) -> dict[str, list[str]]:
    """Non-empty ``<meta>`` contents by case-folded key, in document order."""
    return {key: [content for _, content in metas] for key, metas in _metas(tree).items()}


def _meta_authors(metas: dict[str, list[str]], key: str) -> list[str]:
    """The names under ``key``: not its URLs (article:author is often a profile URL) or
    ``@handles``; Highwire's "Last, First" turned round."""
    values = [v for v in metas.get(key, []) if not _URL_LIKE.match(v) and not v.startswith("@")]
    if key == "citation_author":
        values = [" ".join(reversed(v.split(",", 1))) if v.count(",") == 1 else v for v in values]
        return [clean(v) for v in values]
    return values


def _labelled_author(metas: dict[str, list[str]]) -> list[str]:
    """The ``twitter:dataN`` whose ``twitter:labelN`` says "Written by" (Yoast)."""
    for n in "1234":
        label = metas.get(f"twitter:label{n}", [""])[0]
        if _AUTHOR_LABEL.search(label):
            return metas.get(f"twitter:data{n}", [])[:1]
    return []


# Author bio boxes: chrome that names the author in sentences ("View all of X's posts").
_BIO_BOX_CLASSES = frozenset(
    {"author-bio", "author-box", "author-box-wrap", "about-author", "author-info",
     "author-description", "saboxplugin-wrap", "wp-block-post-author__bio"}
)  # fmt: skip
# Class or id words of containers that show other pages (and their bylines): related posts,
# teasers, recommendations.
_OTHER_PAGES_MARKS = re.compile(r"related|teaser|recommend|more-|read-more")
# Byline markup, most specific first; the first kind that names anyone wins. Each is read
# inside the article scope, outside the bio boxes, comments and teasers.
_BYLINE_XPATHS = (
    # Attribute tests through the attribute axis (``.//*/@class[contains(., ...)]/..``): the same
    # elements in the same order as ``.//*[contains(@class, ...)]``, ~40% faster (libxml2 does
    # not convert every element's attribute anew).
    # schema.org microdata: the Person's name, else the author element's own text
    './/*/@itemprop[. = "author"]/..//*/@itemprop[. = "name"]/..',
    './/*/@itemprop[. = "author"]/parent::*[not(.//*/@itemprop[. = "name"])]',
    # WordPress block themes: the Post Author Name block, the Post Author block's name line
    './/*/@class[contains(., "wp-block-post-author-name") or contains(., "post-author__name")]/..',
    # hCard in a byline (classic themes' "author vcard", Blogger) and microformats2 h-card
    './/*/@class[contains(., "vcard")]/..//*/@class[contains(concat(" ", ., " "), " fn ")]/..',
    './/*/@class[contains(., "p-author")]/..//*/@class[contains(., "p-name")]/..',
    './/*/@class[contains(., "p-author")]/parent::*[not(.//*/@class[contains(., "p-name")])]',
    # a byline's links, else its words
    './/*/@class[contains(., "byline") or contains(., "author-name")'
    ' or contains(concat(" ", ., " "), " post-author ")]/..',
    './/a/@rel[contains(concat(" ", normalize-space(.), " "), " author ")]/..',
    # script-built pages name their parts for their tests, not their styles (classes hashed)
    './/*/@data-testid[contains(., "byline") or contains(., "author-name")]/..',
)
# Link texts of author chrome, not names: "View all posts by X", "More from X", "X's posts".
_NOT_A_NAME = re.compile(
    rf"\b{alternatives(lexicon.NOT_NAME_WORDS)}\b|{alternatives(lexicon.NOT_NAME_ENDINGS)}\b",
    re.I,
)
_MAX_NAME_WORDS = 5
# Links in a byline that are no author's: its post's categories and tags, the permalink, the
# comments and edit links, the site's home.
_NOT_AUTHOR_RELS = frozenset({"tag", "category", "bookmark"})
_NOT_AUTHOR_HREF = re.compile(r"#|/(?:category|categories|tag|tags|wp-admin)/|[?&]action=edit")
# URLs of author pages: WordPress's /author/, and the profile paths of other CMSs.
_AUTHOR_PAGE = re.compile(rf"/{alternatives(lexicon.AUTHOR_PAGE_SEGMENTS)}(?:/|$)", re.I)


def _in_chrome(element: HtmlElement, scope: HtmlElement) -> bool:
    """In (or itself) an author bio box, the comments (whose authors are readers), or a
    container that shows other pages: related posts or teasers, a nested ``<article>`` of an
    article, a link to a page that is not an author's; outside an article, an ``<aside>`` or
    ``<nav>`` (inside one, an ``<aside>`` may hold the post's own byline). A teaser-classed block
    beside the page's ``<h1>`` is the page's own (``_by_headline``)."""
    for node in (element, *element.iterancestors()):
        if node is scope or node.tag in ("body", "html"):
            return False
        classes = (node.get("class") or "").split()
        if not _BIO_BOX_CLASSES.isdisjoint(classes):
            return True
        marks = [*classes, node.get("id") or ""]
        if any(mark.startswith(("comment", "wp-block-comment")) for mark in marks):
            return True
        if node is not element and (
            (node.tag in ("aside", "nav") and scope.tag != "article")
            or (node.tag == "article" and scope.tag == "article")
            or (node.tag == "a" and not _is_author_link(node))
            or (_OTHER_PAGES_MARKS.search(" ".join(marks).casefold()) and not _by_headline(node))
        ):
            return True
    return False


def _by_headline(node: HtmlElement) -> bool:
    """``node`` holds an ``<h1>`` or comes right after one: the page's own header block,
    whatever its classes say (a theme that styles the article's header like its teasers,
    "teaser-small__metadata"); teasers title their pages with lesser headings."""
    before = node.getprevious()
    return (before is not None and before.tag == "h1") or node.find(".//h1") is not None


def _is_author_link(link: HtmlElement) -> bool:
    """A link to an author's page: ``rel=author``, a profile URL (``_AUTHOR_PAGE``), or the
    page's own author box ("#article-authors", "#author-bio")."""
    href = urlsplit(link.get("href") or "")
    return "author" in (link.get("rel") or "").lower().split() or bool(
        _AUTHOR_PAGE.search(href.path)
        or "author=" in href.query
        or "author" in href.fragment.casefold()
    )


def _author_links(element: HtmlElement) -> list[HtmlElement]:
    """The links of a byline element that can be its authors: those to author pages (or
    ``rel=author``) when there are any, else all but the links no author's (``_NOT_AUTHOR_*``)."""
    links = [element] if element.tag == "a" else list(element.iter("a"))
    links = [
        a
        for a in links
        if _NOT_AUTHOR_RELS.isdisjoint((a.get("rel") or "").lower().split())
        and (not _NOT_AUTHOR_HREF.search(a.get("href") or "") or _is_author_link(a))
        and not _is_home(a.get("href") or "")
    ]
    return [a for a in links if _is_author_link(a)] or links


def _is_home(href: str) -> bool:
    """A link to the site's home page (a fragment alone points into this page)."""
    parts = urlsplit(href)
    return parts.path in ("", "/") and not parts.query and not href.startswith("#")


def _names_in(element: HtmlElement) -> list[str]:
    """The names a byline element gives: its author links' texts, else its words."""
    has_links = element.tag != "a" and element.find(".//a") is not None
    links = [clean(a.text_content()) for a in _author_links(element)]
    if has_links and any(links):
        return links
    return [clean(element.text_content())] if element.tag != "a" or links else []


def _byline_names(scope: HtmlElement, words: _Bylines, markup: PageMarkup | None) -> list[str]:
    """The names of the first byline element (by ``_BYLINE_XPATHS``, then any element with an
    author class, ``_AUTHOR_CLASS``) that names anyone, and of the elements of the same kind
    beside it (co-authors, one element each): a later one elsewhere on the page is another
    post's."""
    for elements in _byline_kinds(scope, markup):
        first = None
        names: list[str] = []
        for element in elements:
            if _in_chrome(element, scope):
                continue
            found = person_names(_names_in(element), words=words)
            if not found:
                continue
            if first is None:
                first = element
            elif not _beside(element, first):
                continue
            names.extend(found)
        if names:
            return _unique(names)
    return []


# Class tokens of a byline's author element in any theme: "author", "post-author",
# "Post__author", "c-card__author", "article__authors", "author-name", "author-link"; not the
# bio box ("author-box", "author-bio"), the avatar or the author's social links.
_AUTHOR_CLASS = re.compile(r"^(?:.*[_-])?authors?(?:[_-]?(?:name|names|link))?$", re.I)
_MAX_LINE_WORDS = 15
_MAX_LINE_CHARS = 200


@dataclass(frozen=True)
class _Bylines:
    """The patterns that read bylines, built from the lexicon and a site's own words
    (``_bylines``)."""

    prefix: re.Pattern[str]  # "By", "Posted by", "Text:", "文／", "记者 " before a name
    role_after: re.Pattern[str]  # " 기자", "記者" after a name
    # A text node that may be a byline line holds a "by" word, starts with a label or holds a
    # role: three cheap tests (one pattern for all three costs ten times as much).
    by_word: re.Pattern[str]
    label_start: re.Pattern[str]
    role_word: re.Pattern[str]
    # Lines that credit their writer, the name in group "name", each with whether the line
    # says so plainly (a label or a role: a one-word name is a name) or with a "By".
    lines: tuple[tuple[re.Pattern[str], bool], ...]
    desk_words: frozenset[str]  # a credit's last word that makes it a desk or a role


@lru_cache(maxsize=16)
def _bylines(vocabulary: Vocabulary) -> _Bylines:
    """The byline patterns of the lexicon (``lexicon.BY_WORDS``, ``BYLINE_VERBS``,
    ``CREDIT_LABELS``, ``ROLES_BEFORE_NAMES``, ``ROLES_AFTER_NAMES``, ``DESK_WORDS``) with the
    site's own words (``vocabulary``).

    A byline line is one that credits its writer, of at most ``_MAX_LINE_WORDS`` words: "By X",
    "Posted by X", "Posted on <date> by X", "<date> von X", "Text von X"; a label and a colon,
    "Автор: X", "作者：X", "文/X"; a role before a name, "记者 X", "本报记者 X"; or after
    it, "X 기자", "X 선임기자 = ...", "[서울=연합뉴스] X 기자", "X記者" (CJK is written without
    spaces: no word boundary before a CJK role).
    """
    by = alternatives((*lexicon.BY_WORDS, *vocabulary.by_words))
    verbs = alternatives(lexicon.BYLINE_VERBS)
    labels = alternatives((*lexicon.CREDIT_LABELS, *vocabulary.credit_labels))
    label = rf"(?:{labels}\s*[:：]|{alternatives(lexicon.SLASH_CREDIT_LABELS)}\s*[/／])\s*"
    before = rf"\S{{0,8}}?{alternatives(lexicon.ROLES_BEFORE_NAMES)}\s+"
    after = alternatives(lexicon.ROLES_AFTER_NAMES)
    # A qualifier between a name and its role, after a space: "선임" (senior) in "X 선임기자".
    role = rf"(?:\s\S{{0,4}}?|\s?){after}(?!\w)"
    dateline = r"(?:[\[(（【［][^\])）】］]{0,30}[\])）】］]\s*)?"  # "[서울=연합뉴스]"
    # After the role: nothing, or a separator, a date or an e-mail address.
    role_end = r"\s*(?:[=＝|/／·ㅣ(（\[<].*|\S*[\d@].*)?$"
    return _Bylines(
        prefix=re.compile(rf"^(?:{verbs}\s+)?{by}\b[:\s]+|^{label}|^{before}", re.I),
        role_after=re.compile(rf"(?<=\S){role}\s*$"),
        by_word=re.compile(rf"\b{by}\b", re.I),
        label_start=re.compile(rf"[\W\d]*+{label}", re.I),
        role_word=re.compile(
            alternatives((*lexicon.ROLES_AFTER_NAMES, *lexicon.ROLES_BEFORE_NAMES))
        ),
        lines=(
            (
                re.compile(rf"^[\W\d]*(?:{verbs}\b[^|]{{0,40}}?\s)?{by}\s+(?P<name>\S.*)$", re.I),
                False,
            ),
            (re.compile(rf"^[\W\d]*(?:{label}|{before})(?P<name>\S.*)$", re.I), True),
            (
                re.compile(
                    rf"^[\W\d]*{dateline}(?P<name>[^\W\d_][^\d=＝|/／]{{0,30}}?){role}{role_end}"
                ),
                True,
            ),
        ),
        desk_words=lexicon.DESK_WORDS | {word.casefold() for word in vocabulary.desk_words},
    )


_LEXICON_BYLINES = _bylines(NO_WORDS)
# The text nodes a byline line may be: ``_byline_line_names`` keeps the short ones itself
# (libxml2's string-length() copies every node's text again, slower than Python's len()).
_TEXT_NODES = XPath(".//text()")
# Where a byline line's name ends: a date, a time, a count, "am"/"on"/"le" before one, or a
# byline verb in lower case ("By X posted May 2nd 2024", as Blogsmith's blogs wrote it; a
# capitalised one may be a surname: "By John Story").
_NAME_END = re.compile(
    rf"\s{alternatives(lexicon.BEFORE_DATE_WORDS)}\s.*$|\s?\S*\d.*$"
    rf"|\s(?-i:{alternatives(lexicon.BYLINE_VERBS)})\s.*$",
    re.I,
)


def _byline_line_names(scope: HtmlElement, words: _Bylines) -> list[str]:
    """The names in the first short line of the article that credits its writer
    (``_Bylines.lines``): after "By", names of two capitalised words or more (or of a script
    without capitals), a single word only after "Posted"/"Written"...; after a label or beside
    a role, any name, a CJK one of at most ``_MAX_CJK_NAME_CHARS``. Not in a caption ("Photo by
    X"), a heading, a link or chrome (``_in_chrome``)."""
    for node in _TEXT_NODES(scope):
        # Cheap tests on the text node first: a page has thousands, a byline line is short.
        if len(node) >= _MAX_LINE_CHARS:
            continue
        if not (
            words.by_word.search(node)
            or words.label_start.match(node)
            or words.role_word.search(node)
        ):
            continue
        holder = text_holder(node)
        if holder is None or holder.tag in NOT_TEXT_TAGS or holder.tag in _NOT_BYLINE_LINES:
            continue
        names = _line_names(holder.text_content(), words)
        if not names or _in_chrome(holder, scope):
            continue
        if any(a.tag in ("figcaption", "figure") for a in holder.iterancestors()):
            continue
        return names
    return []


def byline_names(line: str, vocabulary: Vocabulary = NO_WORDS) -> list[str]:
    """The names a short line credits as its writers ("By X", "Posted on <date> by X", "Von X
    und Y", "Автор: X", "记者 X"; ``_Bylines.lines`` with the site's own words, ``vocabulary``);
    [] for any other line or a longer one."""
    return _line_names(line, _bylines(vocabulary))


def _line_names(line: str, words: _Bylines) -> list[str]:
    """``byline_names`` with the patterns built: names of two capitalised words or more, a
    single word only after "Posted"/"Written"... or a label, an uncased name, a CJK name of a
    few characters."""
    if len(line) > _MAX_LINE_CHARS:
        return []
    line = clean(line)
    if len(line.split()) > _MAX_LINE_WORDS:
        return []
    match, plain = next(
        ((found, plain) for pattern, plain in words.lines if (found := pattern.match(line))),
        (None, False),
    )
    if not match:
        return []
    names = person_names([_NAME_END.sub("", match["name"])], words=words)
    verb = plain or match.start("name") > 4  # "Posted by X", not "By X"
    return [
        name
        for name in names
        if (verb or _capitalised_words(name) >= 2 or not _has_case(name))
        and not any(len(run) > _MAX_CJK_NAME_CHARS for run in CJK_RUN.findall(name))
    ]


# A CJK name is a few characters ("张三", "山田太郎", "홍길동"); more is a phrase.
_MAX_CJK_NAME_CHARS = 6


_NOT_BYLINE_LINES = frozenset({"a", "h1", "h2", "h3", "title", "option", "button", "label"})


def _has_case(name: str) -> bool:
    """``name`` has a letter with an upper and a lower case (Latin, Greek, Cyrillic...): CJK,
    Arabic or Hebrew names have none, so no capitals tell them from other words."""
    return any(char.lower() != char.upper() for char in name)


def _capitalised_words(name: str) -> int:
    return sum(word[0].isupper() for word in name.split())


# Compiled once: ``element.xpath(text)`` compiles its expression on every call.
_BYLINE_XPATH_EVALUATORS = tuple(XPath(xpath) for xpath in _BYLINE_XPATHS)
# What a class value must hold for each of ``_BYLINE_XPATHS`` to match (None: it tests no
# class), so that a page whose class values hold none of it is not scanned for it.
_BYLINE_CLASS_LITERALS: tuple[tuple[str, ...] | None, ...] = (
    None,
    None,
    ("wp-block-post-author-name", "post-author__name"),
    ("vcard",),
    ("p-author",),
    ("p-author",),
    ("byline", "author-name", "post-author"),
    None,
    None,
)
_AUTHOR_CLASS_XPATH = XPath('.//*/@class[contains(., "uthor")]/..')  # "author", "Author"


def _byline_kinds(scope: HtmlElement, markup: PageMarkup | None) -> Iterator[list[HtmlElement]]:
    """The elements of each kind of byline markup, one kind at a time (each is an XPath scan,
    left out where the page's ``markup``, when known, shows it cannot match)."""
    for xpath, literals in zip(_BYLINE_XPATH_EVALUATORS, _BYLINE_CLASS_LITERALS, strict=True):
        skip = literals and markup is not None and not markup.names_hold(literals)
        yield [] if skip else xpath(scope)
    if markup is not None and not markup.names_hold(("uthor",)):
        return
    yield [
        element
        for element in _AUTHOR_CLASS_XPATH(scope)
        if any(_AUTHOR_CLASS.match(token) for token in element.get("class", "").split())
    ]


def _beside(element: HtmlElement, first: HtmlElement) -> bool:
    """``element`` shares a parent or grandparent with ``first``."""

    def near(node: HtmlElement) -> set[HtmlElement]:
        parent = node.getparent()
        return {parent, parent.getparent()} - {None} if parent is not None else set()

    return bool(near(element) & near(first))


def authors(
    tree: HtmlElement,
    json_ld: JsonLd,
    scope: HtmlElement,
    vocabulary: Vocabulary = NO_WORDS,
    markup: PageMarkup | None = None,
) -> list[str]:
    """The people who wrote the article, from its metadata first, its byline last.

    Sources in order, the first that names a person wins (mixing sources only adds spelling
    variants): JSON-LD ``author`` (``_json_ld_author_value``), the author ``<meta>`` tags
    (``_AUTHOR_METAS``, each in turn), Yoast's "Written by" Twitter label, the byline markup in
    the article (``_byline_names``), a "By X" line (``_byline_line_names``), never from an
    author bio box, the comments or teasers; a later source may spell the same people out
    (``_fuller``). Every value goes through ``person_names``. A credit (``_is_credit``: the site, an
    organisation, a desk or a role such as "Staff Writer") gives way to a later source that
    names a person, and is kept only when no source does. ``vocabulary``: the site profile's
    own byline words, besides the lexicon's. ``markup``: the page's (``chrome.PageMarkup``), when
    known: the byline markup its class values cannot hold is not looked for.
    """
    words = _bylines(vocabulary)
    ld_people, ld_organisations = _json_ld_authors(_json_ld_author_value(json_ld), json_ld)
    credits = _credits(tree, json_ld) | {title_words(name) for name in ld_organisations}
    metas = _metas_by_key(tree)
    metadata_sources = [
        lambda: ld_people + ld_organisations,
        *[lambda key=key: _meta_authors(metas, key) for key in _AUTHOR_METAS],
        lambda: _labelled_author(metas),
    ]
    sources = [
        *metadata_sources,
        lambda: _byline_names(scope, words, markup),
        lambda: _byline_line_names(scope, words),
        lambda: _header_byline_names(tree, scope, words, markup),
    ]
    fallback: list[str] = []
    for index, source in enumerate(sources):
        names = person_names(source(), credits, words)
        people = [name for name in names if not _is_credit(name, credits, words)]
        if people:
            # Later sources may only spell the same people out more fully: the byline markup
            # too when these are one-word logins ("Nils" for "Nils Pickert").
            later = sources[index + 1 : len(metadata_sources)]
            if all(len(name.split()) == 1 for name in people):
                later = sources[index + 1 : len(metadata_sources) + 1]
            return _fuller(people, later, credits, words)
        fallback = fallback or names
    return fallback


def _header_byline_names(
    tree: HtmlElement, scope: HtmlElement, words: _Bylines, markup: PageMarkup | None
) -> list[str]:
    """The byline of an ``<article>`` that holds the body only, its headline and byline standing
    before it (script-built pages): read in the block that holds both the article and the page's
    one ``<h1>``, short of ``<body>``. Not where the page has several ``<article>`` (teasers: the
    first need not be the story)."""
    if scope.tag != "article" or scope.find(".//h1") is not None:
        return []
    if len(_ARTICLES(tree)) > 1:
        return []
    headlines = _HEADLINES(tree)
    if len(headlines) != 1:
        return []
    around = set(scope.iterancestors())
    header = next((node for node in headlines[0].iterancestors() if node in around), None)
    if header is None or header.tag in ("body", "html"):
        return []
    return _byline_names(header, words, markup) or _byline_line_names(header, words)


_HEADLINES = XPath("//h1")
_ARTICLES = XPath("//article")


def _people(values: list[str], credits: frozenset[str], words: _Bylines) -> list[str]:
    found = person_names(values, credits, words)
    return [name for name in found if not _is_credit(name, credits, words)]


def _fuller(people: list[str], later: list, credits: frozenset[str], words: _Bylines) -> list[str]:
    """``people``, or the names of the first later source that names them all and more
    ("April Roach" then "April Roach, Daniel O'Mahony"), or spells each one-word name out
    ("Nils" then "Nils Pickert", "arianschlichenmayer" then "Arian Schlichenmayer")."""
    known = [name.casefold() for name in people]
    for source in later:
        found = _people(source(), credits, words)
        folded = [name.casefold() for name in found]
        if len(found) > len(people) and set(known) <= set(folded):
            return found
        spelled = [next((f for f in found if _spells_out(f, name)), None) for name in people]
        if all(spelled):
            return spelled
    return people


def _spells_out(full: str, short: str) -> bool:
    """``full`` is ``short`` with more words or spaces: "Nils Pickert" for "Nils"."""
    full_words, short_words = full.casefold().split(), short.casefold().split()
    if len(full_words) <= len(short_words):
        return False
    letters = "".join(char for char in full.casefold() if char.isalnum())
    return full_words[: len(short_words)] == short_words or letters == short.casefold()


def _credits(tree: HtmlElement, json_ld: JsonLd) -> frozenset[str]:
    """The names, as ``title_words``, of the site and of the organisations in its JSON-LD
    (publisher, WebSite, Organization nodes)."""
    names = [site_name(tree, json_ld) or ""]
    for node in json_ld.nodes:
        if _is_organisation(node):
            names.extend(_as_strings(node.get("name")))
    publisher = json_ld.article.get("publisher") if json_ld.article else None
    names.extend(name for found in _json_ld_authors(publisher, json_ld) for name in found)
    return frozenset(filter(None, map(title_words, names)))


# Legal forms that end an organisation's name: "e.V." also spelled "e. V.".
_LEGAL_FORMS = alternatives(lexicon.LEGAL_FORMS).replace(re.escape("."), r"\.\s?")
_LEGAL_FORM = re.compile(rf"\b{_LEGAL_FORMS}\.?$", re.I)


def _is_credit(name: str, credits: frozenset[str], words: _Bylines = _LEXICON_BYLINES) -> bool:
    """``name`` is a desk or a role (``_Bylines.desk_words``; in CJK, ``lexicon.DESK_ENDINGS``
    end its last word), or an organisation (``_is_organisation_name``)."""
    folded = title_words(name)
    if not folded:
        return False
    last = folded.split()[-1]
    return (
        last in words.desk_words
        or last.endswith(lexicon.DESK_ENDINGS)
        or _is_organisation_name(name, credits)
    )


def _is_organisation_name(name: str, credits: frozenset[str]) -> bool:
    """``name`` is the site or one of its organisations (also within a longer spelling of
    either: "Die FURCHE" in "Achtsam | Die FURCHE"), or ends in a legal form ("GmbH")."""
    padded = f" {title_words(name)} "
    return bool(_LEGAL_FORM.search(name)) or any(
        padded in f" {credit} " or f" {credit} " in padded for credit in credits
    )


_HANDLE = re.compile(r"\s+@\w+$")
_AFFILIATION = re.compile(rf"\s+{alternatives(lexicon.AFFILIATION_WORDS)}\s+\S.*$", re.I)
# A word of digits and punctuation: a date, a time or a count ("07 Dezember", "9 Apr 2020").
_NUMBER = re.compile(r"(?:^|\s)[\d\W]*\d[\d\W]*(?:\s|$)")
_DOMAIN = re.compile(r"^\S+\.[a-z]{2,}$", re.I)
# Between the names of one byline: commas (CJK and Arabic ones too), "&", "and"
# (``lexicon.AND_WORDS``), and a spaced dash or bar ("Name | Updated", "Site - Name").
_NAME_SEPARATORS = re.compile(
    rf"\s*(?:[,;&、，；،]|\s[-–—|·•]\s|\b{alternatives(lexicon.AND_WORDS)}\b)\s*"
)
# Values that stand for no author: the CMS's default logins and empty placeholders.
_PLACEHOLDERS = re.compile(
    r"^(?:(?:wp|wordpress|site|web)?admin(?:istrator)?\d*"
    rf"|{alternatives(lexicon.PLACEHOLDER_AUTHORS)})$",
    re.I,
)


def _without_credit_words(text: str, words: _Bylines) -> str:
    """A byline's text without the words that say it is one: "By", "Text:", "记者 " before the
    name, " 기자" after it (``_Bylines.prefix``, ``role_after``)."""
    return words.role_after.sub("", words.prefix.sub("", clean(html.unescape(text))))


def person_name(text: str, words: _Bylines = _LEXICON_BYLINES) -> str:
    """A byline's name without "By"/"Von" before it or a ``@handle`` or an affiliation ("for
    The Mail on Sunday", "from University of X") after it; "" when the text is no person's name:
    a date or a count ("07 Dezember", "11"; "delta201" is a name), a domain ("site.com"), a
    placeholder ("admin", "null"), a phrase ("Alle Beiträge", "Leave a comment"), link chrome
    ("View all posts"), more than ``_MAX_NAME_WORDS`` words. A name of several words in capitals
    is written in title case."""
    name = _without_credit_words(text, words)
    name = _AFFILIATION.sub("", _HANDLE.sub("", name)).strip(_AROUND_NAMES)
    if name.endswith(".") and len(name.split()[-1]) > 4:  # "Costa." but "Jr.", "C."
        name = name.rstrip(".")
    words = name.split()
    if (
        not words
        or len(words) > _MAX_NAME_WORDS
        or _NUMBER.search(name)
        or _DOMAIN.match(name)
        or _PLACEHOLDERS.match(name)
        or _NOT_A_NAME.search(name)
        or _NOT_IN_NAMES.search(name)
        or _is_phrase(words)
    ):
        return ""
    # A byline set in capitals ("VON MORITZ GATHMANN") names "Moritz Gathmann"; one word in
    # capitals may be an agency's initials ("AFP"), left as it is.
    if len(words) >= 2 and name.isupper():
        return name.title()
    return name


# Punctuation around a name in a byline ("| Name", "Name:", "Name,"); a final "." is kept after
# an initial or abbreviation ("Perry Bacon Jr.", "Juan Muñoz C."), dropped after a word.
_AROUND_NAMES = " ,;:|·•-–—"
# Characters that no name holds (image credits "Bild © hr", "Floyd$Money$Mayweather").
_NOT_IN_NAMES = re.compile(r"[©®™|@$%*+=<>{}\[\]#~^]")


def _is_phrase(words: list[str]) -> bool:
    """Words of a sentence, not a name: a lower-case word that is no name particle before a
    capitalised one ("Hinterlasse einen Kommentar", "Landesanstalt für Wald"), or two of them
    after a capitalised first word ("Leave a comment"), or three lower-case words ("news service
    reports"); a lower-case surname passes ("Mobasir hassan", "bell hooks")."""
    cased = [word for word in words if word[0].lower() != word[0].upper()]
    lower = [
        word[0].islower()
        and word.casefold() not in lexicon.NAME_PARTICLES
        and not _ELIDED_PARTICLE.match(word)
        for word in cased
    ]
    upper = [word[0].isupper() for word in cased]
    before_capital = any(low and any(upper[i + 1 :]) for i, low in enumerate(lower))
    return before_capital or (bool(upper) and upper[0] and sum(lower) >= 2) or sum(lower) >= 3


_ELIDED_PARTICLE = re.compile(r"^[dl]'", re.I)  # "d'Alembert", "l'Hôpital"


def person_names(
    values: list[str], credits: frozenset[str] = frozenset(), words: _Bylines = _LEXICON_BYLINES
) -> list[str]:
    """The names in byline values, each apart: "By A, B and C" is three. A value that is an
    organisation, or a desk or role named alone, stays whole ("Jobs & Hire", "Redaktion");
    beside a person, a role ("Jane Doe, Staff Writer", ``_is_credit``) is dropped, and so is a
    one-word piece after a name of several words, an affiliation ("Rob Picheta, CNN")."""
    names = []
    for value in values:
        value = _without_credit_words(value, words)
        alone = not _NAME_SEPARATORS.search(value.strip(_AROUND_NAMES))
        if _is_organisation_name(value, credits) or (alone and _is_credit(value, credits, words)):
            if not _NUMBER.search(value) and not _PLACEHOLDERS.match(value.strip(_AROUND_NAMES)):
                names.append(value.strip(_AROUND_NAMES))
            continue
        raw = [_AFFILIATION.sub("", clean(piece)) for piece in _NAME_SEPARATORS.split(value)]
        if any(_is_phrase(piece.split()) for piece in raw if piece and not _NUMBER.search(piece)):
            continue  # a sentence or an organisation's name, not a list of people
        pieces = []
        for piece in (person_name(piece, words) for piece in raw):
            several_words = any(len(name.split()) > 1 for name in pieces)
            if piece and not (several_words and len(piece.split()) == 1):
                pieces.append(piece)
        people = [piece for piece in pieces if not _is_credit(piece, credits, words)]
        names.extend(people or pieces)
    return _unique(names)


# Containers of a theme's term links (classic themes, block themes' post-terms blocks, Blogger,
# Drupal's default Tags field in its 7 and 8+ spellings).
_CATEGORY_CONTAINERS = frozenset(
    {"cat-links", "taxonomy-category", "post-categories", "entry-categories", "category-links",
     "entry-category", "post-category"}
)  # fmt: skip
_TAG_CONTAINERS = frozenset(
    {"tags-links", "taxonomy-post_tag", "post-tags", "entry-tags", "tag-links", "post-labels",
     "td-tags", "field--name-field-tags", "field-name-field-tags"}
)  # fmt: skip
_CATEGORY_PATH = re.compile(rf"/{alternatives(lexicon.CATEGORY_PATH_SEGMENTS)}/", re.I)


def _container_kind(node: HtmlElement) -> str | None:
    """ "category" or "tag" for a term container (by its classes), else None."""
    classes = (node.get("class") or "").split()
    if not _CATEGORY_CONTAINERS.isdisjoint(classes):
        return "category"
    if not _TAG_CONTAINERS.isdisjoint(classes):
        return "tag"
    return None


def _term_kind(
    link: HtmlElement, scope: HtmlElement, containers: dict[HtmlElement, str | None]
) -> str | None:
    """ "category", "tag" or None for a link in the article.

    A term container decides first (block themes mark categories and tags both ``rel=tag``);
    then ``rel`` (``category tag`` in classic themes) and microformats ``p-category``, with the
    URL path telling a category (``/category/``) from a tag. ``containers``: the kinds of the
    ancestors seen so far (the links of a page share most of theirs).
    """
    for node in link.iterancestors():
        if node not in containers:
            containers[node] = _container_kind(node)
        if containers[node]:
            return containers[node]
        if node is scope:
            break
    rel = (link.get("rel") or "").lower().split()
    if "category" in rel:
        return "category"
    if "tag" in rel or "p-category" in (link.get("class") or "").split():
        return "category" if _CATEGORY_PATH.search(link.get("href") or "") else "tag"
    return None


def _term_links(scope: HtmlElement, kind: str) -> list[str]:
    containers: dict[HtmlElement, str | None] = {}
    links = scope.iter("a")
    names = [a.text_content() for a in links if _term_kind(a, scope, containers) == kind]
    return _terms(names) or (_tag_path_links(scope) if kind == "tag" else [])


# A link to a tag's archive by its URL (``/tag/NAME``, ``/schlagworte/NAME``...), for themes and
# CMSs that mark their term links neither by ``rel`` nor by a known container.
_TAG_PATH = re.compile(rf"/{alternatives(lexicon.TAG_PATH_SEGMENTS)}/[^/?#]+/?(?:$|[?#])", re.I)
# Where links to tag archives are the site's navigation, not the post's tags: menus, sidebars,
# tag clouds, and the page's header and footer (an article's own header or footer, inside the
# article element, holds its tags).
_SITE_NAVIGATION_TAGS = frozenset({"nav", "aside"})
_SITE_NAVIGATION_MARKS = re.compile(r"menu|widget|cloud|sidebar|breadcrumb")
_PAGE_EDGE = re.compile(r"header|footer|masthead")


def _tag_path_links(scope: HtmlElement) -> list[str]:
    in_article = scope.tag == "article"
    names = []
    for link in scope.iter("a"):
        if not _TAG_PATH.search(link.get("href") or ""):
            continue
        for node in link.iterancestors():
            if node is scope:
                names.append(link.text_content())
                break
            marks = f"{node.tag} {node.get('class') or ''} {node.get('id') or ''}".casefold()
            if (
                node.tag in _SITE_NAVIGATION_TAGS
                or _SITE_NAVIGATION_MARKS.search(marks)
                or (not in_article and _PAGE_EDGE.search(marks))
            ):
                break
        else:
            names.append(link.text_content())
    return _terms(names)


# Marks around a term's name that are no part of it: a hashtag's "#", quotes, a list's comma.
_TERM_MARKS = "#\"'„“”‘’«»,;"


def _terms(values: list[str], *, lists: bool = False) -> list[str]:
    """Term names (categories or tags) without blanks, duplicates, entities left escaped by the
    CMS (``Filme &amp; Serien``), or hashtag and quote marks. ``lists``: a value may be several
    names joined by commas (``articleSection: "Politics, World"``, a one-string
    ``article:tag``), as metadata values often are; a link's text is one name."""
    names = []
    for value in values:
        value = html.unescape(value) if "&" in value else value
        for name in value.split(",") if lists else [value]:
            name = clean(name).strip(_TERM_MARKS).strip()
            if len(name.split()) <= _MAX_TERM_WORDS:
                names.append(name)
    return _unique(names)


# A "term" longer than this is a sentence or a headline a theme put in a term's place.
_MAX_TERM_WORDS = 8


def categories(tree: HtmlElement, json_ld: JsonLd, scope: HtmlElement) -> list[str]:
    """JSON-LD articleSection, else ``article:section`` metas, else category links (see
    ``_term_kind``)."""
    if json_ld.article:
        sections = _terms(_as_strings(json_ld.article.get("articleSection")), lists=True)
        if sections:
            return sections
    sections = _terms(_meta_values(tree, "article:section"), lists=True)
    return sections or _term_links(scope, "category")


def tags(tree: HtmlElement, json_ld: JsonLd, scope: HtmlElement) -> list[str]:
    """``article:tag`` metas, else JSON-LD keywords, else tag links (see ``_term_kind``), else
    links to tag archives outside the site's navigation (``_tag_path_links``)."""
    found = _terms(_meta_values(tree, "article:tag"), lists=True)
    if found:
        return found
    if json_ld.article:
        # schema.org keywords: a list, or one comma-separated string.
        words = _terms(_as_strings(json_ld.article.get("keywords")), lists=True)
        if words:
            return words
    return _term_links(scope, "tag")


def language(tree: HtmlElement, json_ld: JsonLd) -> str | None:
    """``<html lang>``, else og:locale (``en_US`` -> ``en-US``), else JSON-LD inLanguage."""
    candidates = [
        tree.get("lang") if tree.tag == "html" else None,
        (meta_value(tree, "og:locale") or "").replace("_", "-"),
        json_ld.article.get("inLanguage") if json_ld.article else None,
    ]
    return next((clean(c) for c in candidates if isinstance(c, str) and clean(c)), None)


def description(tree: HtmlElement, json_ld: JsonLd) -> str | None:
    """``<meta name=description>``, else og:description, else JSON-LD description."""
    found = meta_value(tree, "description", "og:description")
    if not found and json_ld.article and isinstance(json_ld.article.get("description"), str):
        found = clean(json_ld.article["description"]) or None
    return found


def image(tree: HtmlElement, base_url: str) -> str | None:
    """og:image, else twitter:image, as an absolute URL."""
    found = meta_value(tree, "og:image", "og:image:url", "twitter:image")
    return urljoin(base_url, found) if found else None


def shortlink(tree: HtmlElement, base_url: str) -> str | None:
    """The WordPress ``<link rel=shortlink>``, absolute."""
    return _link_href(tree, "shortlink", base_url)


def canonical_url(tree: HtmlElement, url: str) -> str:
    """``<link rel=canonical>`` when it stays on the fetched URL's host, else ``url``.

    A canonical pointing at another host (syndication, a misconfigured plugin) would file the
    article under a site we did not crawl, so it is ignored.
    """
    canonical = _link_href(tree, "canonical", url)
    if canonical and urlsplit(canonical).hostname == urlsplit(url).hostname:
        return canonical
    return url


def article_scope(tree: HtmlElement) -> HtmlElement:
    """The element holding the article: the WordPress ``<article id=post-N>``, a schema.org
    Article item, ``<main>``, or the whole page. Links and ``<time>`` tags are read inside it so
    that sidebar widgets listing other posts do not lend their authors or dates."""
    root = tree.getroottree().getroot()
    articles = list(root.iter("article"))
    found = next((a for a in articles if (a.get("id") or "").startswith("post-")), None)
    if found is None:
        found = next(iter(_ARTICLE_ITEMS(root)), None)
    if found is None:
        found = articles[0] if articles else next(root.iter("main"), None)
    return tree if found is None else found


# The itemtype attributes tested, not every element (the attribute axis: see ``_BYLINE_XPATHS``).
_ARTICLE_ITEMS = XPath(
    '//@itemtype[contains(., "schema.org/Article") or contains(., "NewsArticle")'
    ' or contains(., "BlogPosting")]/..'
)
