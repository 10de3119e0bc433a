"""Article metadata read from a parsed HTML tree: JSON-LD, meta tags, links and markup.

Each reader is a small function of an lxml tree (parsed once by the caller) that returns a
value or None/[]; the order of sources for every field is documented on its reader. JSON-LD is
read once into a ``JsonLd`` record (the article node plus an ``@id`` index, so that Yoast's
``{"@id": ...}`` author references resolve to names).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import json_repair
from lxml.html import HtmlElement

# schema.org types that mean "this page is one news/blog article".
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
        "LiveBlogPosting",
        "Report",
        "TechArticle",
    }
)
# schema.org types that mean "this page lists other pages".
LISTING_TYPES = frozenset({"CollectionPage", "SearchResultsPage", "ItemList", "ProfilePage"})

# Separators between a headline and the site name in <title> / og:title ("Headline - Site").
_TITLE_SEPARATORS = (" - ", " – ", " — ", " | ", " · ", " :: ", " » ", " : ")
_WHITESPACE = re.compile(r"\s+")


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
    """Whitespace collapsed and stripped; '' for None or a non-string JSON value."""
    return _WHITESPACE.sub(" ", text).strip() if isinstance(text, str) else ""


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


def read_json_ld(tree: HtmlElement) -> JsonLd:
    """Parse every ``<script type="application/ld+json">``, repairing slightly broken ones."""
    nodes: list[dict] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        if script.text and script.text.strip():
            nodes.extend(_flatten(parse_json_ld_text(script.text)))
    article = next((n for n in nodes if ARTICLE_TYPES.intersection(node_types(n))), None)
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    return JsonLd(nodes=nodes, article=article, by_id=by_id)


def _meta_values(tree: HtmlElement, *keys: str) -> list[str]:
    """Contents of ``<meta property|name|itemprop=KEY>``, in document order, non-empty."""
    wanted = set(keys)
    values = []
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        if key in wanted and clean(meta.get("content")):
            values.append(clean(meta.get("content")))
    return values


def meta_value(tree: HtmlElement, *keys: str) -> str | None:
    """The first non-empty ``<meta>`` content among ``keys`` (in document order)."""
    values = _meta_values(tree, *keys)
    return values[0] if values else None


# Elements whose content no reader sees as text.
NOT_TEXT_TAGS = frozenset({"script", "style", "noscript", "template"})


def reader_text(nodes: list) -> str:
    """The text nodes of an XPath ``text()`` result that a reader sees, joined by spaces: none
    inside a script, style, noscript or template (the text after one, its tail, is seen)."""
    seen = []
    for node in nodes:
        holder = node.getparent()
        if node.is_tail and holder is not None:
            holder = holder.getparent()
        if holder is None or holder.tag not in NOT_TEXT_TAGS:
            seen.append(node)
    return " ".join(seen)


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
    and a title are compared ("Netz: Daten" in ``<title>`` is "Netz Daten" in a kicker's h1)."""
    return _NON_WORD.sub(" ", text.casefold()).strip()


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


def title(tree: HtmlElement, json_ld: JsonLd, site: str | None) -> str | None:
    """og:title, else JSON-LD headline, else h1.entry-title, else an ``<h1>`` (else an ``<h2>``,
    the headline of themes whose ``<h1>`` is the site's logo) that makes most of ``<title>``'s
    start or end (``<title>`` adds the site's name, after or before, in a spelling of its own; a
    site logo's heading before a longer headline does not qualify), else <title>; " - Site"
    removed.

    og:title comes first because Yoast truncates the JSON-LD headline to 110 characters.
    """
    page_title = clean(tree.findtext(".//title"))
    headings = [
        clean(heading.text_content()) for heading in tree.xpath("//h1") + tree.xpath("//h2")
    ]
    candidates = [
        meta_value(tree, "og:title"),
        clean(json_ld.article.get("headline")) if json_ld.article else None,
        *[clean(h1.text_content()) for h1 in tree.xpath('//h1[contains(@class, "entry-title")]')],
        *[heading for heading in headings if names_the_page(heading, page_title)],
        page_title,
    ]
    found = next((c for c in candidates if isinstance(c, str) and c), None)
    return _strip_site_suffix(found, site) if found else None


def _json_ld_person_names(value: object, json_ld: JsonLd) -> list[str]:
    """Names of a JSON-LD ``author``: strings, Person dicts, lists, ``{"@id"}`` references."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [name for item in value for name in _json_ld_person_names(item, json_ld)]
    if isinstance(value, dict):
        if isinstance(value.get("name"), str):
            return [value["name"]]
        referenced = json_ld.by_id.get(value.get("@id", ""))
        if referenced and isinstance(referenced.get("name"), str):
            return [referenced["name"]]
    return []


# Author bio boxes: chrome that names the author in sentences ("View all of X's posts").
_BIO_BOX_CLASSES = frozenset(
    {"author-bio", "author-box", "author-box-wrap", "about-author", "author-info",
     "author-description", "saboxplugin-wrap", "wp-block-post-author__bio"}
)  # fmt: skip
# Byline markup, most specific first; the first kind that names anyone wins. Each is read
# inside the article scope and outside the bio boxes.
_BYLINE_XPATHS = (
    # schema.org microdata: the Person's name, else the author element's own text
    './/*[@itemprop="author"]//*[@itemprop="name"]',
    './/*[@itemprop="author" and not(.//*[@itemprop="name"])]',
    # WordPress block themes: the Post Author Name block, the Post Author block's name line
    './/*[contains(@class, "wp-block-post-author-name") or contains(@class, "post-author__name")]',
    # hCard in a byline (classic themes' "author vcard", Blogger) and microformats2 h-card
    './/*[contains(@class, "vcard")]//*[contains(concat(" ", @class, " "), " fn ")]',
    './/*[contains(@class, "p-author")]//*[contains(@class, "p-name")]',
    './/*[contains(@class, "p-author") and not(.//*[contains(@class, "p-name")])]',
    # a byline's links, else its words
    './/*[contains(@class, "byline") or contains(@class, "author-name")'
    ' or contains(concat(" ", @class, " "), " post-author ")]',
    './/a[contains(concat(" ", normalize-space(@rel), " "), " author ")]',
)
_NAME_SEPARATORS = re.compile(r"\s*(?:,|&|\b(?:and|und|et)\b)\s*")
# Link texts of author chrome, not names: "View all posts by X", "More from X", "X's posts".
_NOT_A_NAME = re.compile(r"\b(?:view|posts?|articles?|more from|stories)\b|'s\b", re.I)
_MAX_NAME_WORDS = 5


def _in_bio_box_or_comments(element: HtmlElement, scope: HtmlElement) -> bool:
    """Inside an author bio box, or in the comments (whose authors are readers)."""
    for node in element.iterancestors():
        classes = (node.get("class") or "").split()
        if not _BIO_BOX_CLASSES.isdisjoint(classes):
            return True
        marks = [*classes, node.get("id") or ""]
        if any(mark.startswith(("comment", "wp-block-comment")) for mark in marks):
            return True
        if node is scope:
            return False
    return False


def _names_in(element: HtmlElement) -> list[str]:
    """The names a byline element gives: its links' texts, else its words without "By"."""
    links = [clean(a.text_content()) for a in element.iter("a")]
    if element.tag != "a" and any(links):
        return links
    return _NAME_SEPARATORS.split(person_name(element.text_content()))


def _is_name(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= _MAX_NAME_WORDS and not _NOT_A_NAME.search(text)


def _byline_names(scope: HtmlElement) -> list[str]:
    for xpath in _BYLINE_XPATHS:
        names = [
            name
            for element in scope.xpath(xpath)
            if not _in_bio_box_or_comments(element, scope)
            for name in _names_in(element)
        ]
        names = _person_names([name for name in names if _is_name(clean(name))])
        if names:
            return names
    return []


def authors(tree: HtmlElement, json_ld: JsonLd, scope: HtmlElement) -> list[str]:
    """JSON-LD author names, else ``<meta name=author>``, else the byline in the article.

    Bylines by ``_BYLINE_XPATHS`` (microdata, block-theme author blocks, hCard / h-card,
    ``.byline``, ``rel=author``), never from an author bio box. The first source that names
    anyone wins: mixing sources only adds spelling variants. Every name goes through
    ``person_name``; a source that credits only the site itself (its og:site_name) gives way to
    the next, and that credit is kept only when no source names a person.
    """
    sources = (
        lambda: (
            _json_ld_person_names(json_ld.article.get("author"), json_ld) if json_ld.article else []
        ),
        lambda: [name for name in _meta_values(tree, "author") if "/" not in name],
        lambda: _byline_names(scope),
    )
    site = (site_name(tree, json_ld) or "").casefold()
    site_credit: list[str] = []
    for source in sources:
        names = _person_names(source())
        # The site credited as its own author (a CMS default): a byline elsewhere may name
        # the writer; the site's credit is kept only when none does.
        people = [name for name in names if name.casefold() != site]
        if people:
            return people
        site_credit = site_credit or names
    return site_credit


# "By X" in the languages of the sites we see (English, German, French, Spanish, Italian,
# Dutch, Scandinavian): not "de", a particle of many names.
_BY_PREFIX = re.compile(
    r"^(?:(?:posted|written|words|story)\s+)?(?:by|von|par|por|di|door|av|af)\b[:\s]+", re.I
)
_HANDLE = re.compile(r"\s+@\w+$")
_DOMAIN = re.compile(r"^\S+\.[a-z]{2,}$", re.I)


def person_name(text: str) -> str:
    """A byline's name without "By"/"Von" before it or a ``@handle`` after it; "" when the text
    is no person's name: a date or a count ("07 Dezember", "11"), a domain ("site.com")."""
    name = _HANDLE.sub("", _BY_PREFIX.sub("", clean(text)))
    if any(char.isdigit() for char in name) or _DOMAIN.match(name):
        return ""
    return name


def _person_names(values: list[str]) -> list[str]:
    return _unique([person_name(value) for value in values])


# Containers of a theme's term links (classic themes, block themes' post-terms blocks, Blogger).
_CATEGORY_CONTAINERS = frozenset(
    {"cat-links", "taxonomy-category", "post-categories", "entry-categories", "category-links",
     "entry-category", "post-category"}
)  # fmt: skip
_TAG_CONTAINERS = frozenset(
    {"tags-links", "taxonomy-post_tag", "post-tags", "entry-tags", "tag-links", "post-labels",
     "td-tags"}
)  # fmt: skip
_CATEGORY_PATH = re.compile(r"/(?:category|categories|section|rubrique)/", re.I)


def _term_kind(link: HtmlElement, scope: HtmlElement) -> str | None:
    """ "category", "tag" or None for a link in the article.

    A term container decides first (block themes mark categories and tags both ``rel=tag``);
    then ``rel`` (``category tag`` in classic themes) and microformats ``p-category``, with the
    URL path telling a category (``/category/``) from a tag.
    """
    for node in link.iterancestors():
        classes = set((node.get("class") or "").split())
        if not _CATEGORY_CONTAINERS.isdisjoint(classes):
            return "category"
        if not _TAG_CONTAINERS.isdisjoint(classes):
            return "tag"
        if node is scope:
            break
    rel = (link.get("rel") or "").lower().split()
    if "category" in rel:
        return "category"
    if "tag" in rel or "p-category" in (link.get("class") or "").split():
        return "category" if _CATEGORY_PATH.search(link.get("href") or "") else "tag"
    return None


def _term_links(scope: HtmlElement, kind: str) -> list[str]:
    return _unique([a.text_content() for a in scope.iter("a") if _term_kind(a, scope) == kind])


def categories(tree: HtmlElement, json_ld: JsonLd, scope: HtmlElement) -> list[str]:
    """JSON-LD articleSection, else ``article:section`` metas, else category links (see
    ``_term_kind``)."""
    if json_ld.article:
        sections = _unique(_as_strings(json_ld.article.get("articleSection")))
        if sections:
            return sections
    sections = _unique(_meta_values(tree, "article:section"))
    return sections or _term_links(scope, "category")


def tags(tree: HtmlElement, json_ld: JsonLd, scope: HtmlElement) -> list[str]:
    """``article:tag`` metas, else JSON-LD keywords, else tag links (see ``_term_kind``)."""
    found = _unique(_meta_values(tree, "article:tag"))
    if found:
        return found
    if json_ld.article:
        keywords = json_ld.article.get("keywords")
        # schema.org keywords: a list, or one comma-separated string.
        words = keywords.split(",") if isinstance(keywords, str) else _as_strings(keywords)
        if _unique(words):
            return _unique(words)
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
    for xpath in (
        '//article[starts-with(@id, "post-")]',
        '//*[contains(@itemtype, "schema.org/Article") or contains(@itemtype, "NewsArticle")'
        ' or contains(@itemtype, "BlogPosting")]',
        "//article",
        "//main",
    ):
        found = tree.xpath(xpath)
        if found:
            return found[0]
    return tree
