"""Site chrome: the page parts that are not the article, as data.

WordPress themes (tagDiv "Newspaper" and its clones) and Jetpack wrap every post in the same
boilerplate: share buttons, "Like this:", related posts, author box, newsletter and subscription
blocks, comments, sidebar widgets, the header's "today" date line. Two lists describe it:

- ``CHROME_FAMILIES``: containers removed from the HTML tree before trafilatura looks for the
  main text, per platform (WordPress with Jetpack, tagDiv), each used only on a page that carries
  that platform's markup, and never an element holding the headline or the main text;
- ``CHROME_PARAGRAPHS``: whole paragraphs that are chrome when they are *all* a paragraph says;
  they catch the blocks a theme renders without a recognisable class. A sentence that merely
  contains such words ("the latest posts on the forum...") is article text and stays.

Adding a site's boilerplate means adding a line here, not a condition in the extraction code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.etree import Element, _Element

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


CHROME_FAMILIES: tuple[ChromeFamily, ...] = (
    ChromeFamily(
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
            # Comments and the reply form.
            ("id", "comments"),
            ("class", "comments-area"),
            ("class", "comment-list"),
            ("id", "respond"),
            # Sidebar and footer widgets, newsletter forms.
            ("class", "widget"),
            ("class", "widget-area"),
            ("class", "newsletter"),
            ("class", "mc4wp-form"),
        ),
    ),
    ChromeFamily(
        "tagdiv",  # tagDiv "Newspaper" and its clones
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
    ),
)

# Paragraphs that are chrome when they are the whole paragraph. Matched after normalisation
# (case-folded, whitespace collapsed, trailing punctuation and arrows dropped), so
# "Share this:" and "Continue reading →" match too. ``{site}`` stands for any site name.
CHROME_PARAGRAPHS: tuple[str, ...] = (
    "Latest Posts",
    "Stay in touch",
    "To be updated with all the latest news, offers and special announcements.",
    "Discover more from {site}",
    "Subscribe now to keep reading and get access to the full archive.",
    "Continue reading",
    "Share this:",
    "Like this:",
    "Related",
    "Loading...",
)

# Trailing characters that do not change what a chrome line says.
_TRAILING_NOISE = " .:!…→»›>-–—"
_WHITESPACE = re.compile(r"\s+")
# A site name in "Discover more from {site}": a short run of words, never a sentence.
_SITE_NAME_PATTERN = r".{1,80}"


# normalize-space() splits on XML whitespace only (not on NBSP and other Unicode spaces).
_XML_WHITESPACE = str.maketrans("\t\n\r", "   ")


def _tokens(element: _Element) -> list[str]:
    return (element.get("class") or "").translate(_XML_WHITESPACE).split(" ")


@dataclass(frozen=True)
class _Markers:
    """A family's markers sorted by kind, so that one pass over the page tests them cheaply."""

    names: frozenset[str]  # class tokens or ids
    prefixes: tuple[str, ...]  # class token prefixes
    url_parts: tuple[str, ...]
    generators: tuple[str, ...]

    @classmethod
    def of(cls, family: ChromeFamily) -> _Markers:
        markers = family.markers
        return cls(
            names=frozenset(
                m for m in markers if not m.startswith("/") and "*" not in m and ":" not in m
            ),
            prefixes=tuple(m[:-1] for m in markers if m.endswith("*")),
            url_parts=tuple(m for m in markers if m.startswith("/")),
            generators=tuple(
                m.removeprefix("generator:") for m in markers if m.startswith("generator:")
            ),
        )

    def shown_by(self, element: _Element, tokens: list[str]) -> bool:
        if element.get("id") in self.names or not self.names.isdisjoint(tokens):
            return True
        if self.prefixes and any(token.startswith(self.prefixes) for token in tokens):
            return True
        url = element.get("href") or element.get("src")
        if url and any(part in url for part in self.url_parts):
            return True
        return (
            element.tag == "meta"
            and element.get("name") == "generator"
            and (element.get("content") or "").startswith(self.generators)
        )


_MARKERS = {family.name: _Markers.of(family) for family in CHROME_FAMILIES}
_FAMILIES_BY_SELECTOR: dict[Selector, tuple[str, ...]] = {}
for _family in CHROME_FAMILIES:
    for _selector in _family.selectors:
        _FAMILIES_BY_SELECTOR[_selector] = (*_FAMILIES_BY_SELECTOR.get(_selector, ()), _family.name)
_SELECTOR_IDS = frozenset(name for kind, name in _FAMILIES_BY_SELECTOR if kind == "id")


def _selecting_families(element: _Element, tokens: list[str]) -> set[str]:
    families = {
        name for token in tokens for name in _FAMILIES_BY_SELECTOR.get(("class", token), ())
    }
    element_id = element.get("id")
    if element_id in _SELECTOR_IDS:
        families.update(_FAMILIES_BY_SELECTOR[("id", element_id)])
    return families


def _protected(root: _Element) -> set[_Element]:
    """The headline's and the main text candidate's ancestors: chrome never contains them.

    The main text candidate is the element whose own paragraphs (``<p>`` children, text after
    ``<br>``) hold the most text: an article body, never a list of comments (each comment has
    its own paragraph parent) nor a sidebar of short links.
    """
    text_by_parent: dict[_Element, int] = {}
    anchors = []
    for element in root.iter("p", "br", "h1"):
        parent = element.getparent()
        if element.tag == "p" and parent is not None:
            text_by_parent[parent] = text_by_parent.get(parent, 0) + len(element.text_content())
        elif element.tag == "br" and parent is not None:
            text_by_parent[parent] = text_by_parent.get(parent, 0) + len(element.tail or "")
        elif element.tag == "h1":
            # Only <h1>: themes mark every teaser's title in a sidebar "entry-title" too.
            anchors.append(element)
    if text_by_parent:
        anchors.append(max(text_by_parent, key=text_by_parent.__getitem__))
    return {ancestor for anchor in anchors for ancestor in anchor.iterancestors()} | set(anchors)


def chrome_elements(tree: _Element) -> list[_Element]:
    """The chrome elements of ``tree``'s document, in document order.

    Those selected by a ``CHROME_FAMILIES`` family whose markers the page carries, except an
    element holding the headline or the main text candidate. Found in one pass over the page
    (evaluating ~40 XPath scans with string functions cost ~9 ms per page); removing them in
    document order leaves the same tree whatever the order of the selectors.
    """
    root = tree.getroottree().getroot()
    hits: list[tuple[_Element, set[str]]] = []
    evidence: set[str] = set()
    for element in root.iter(Element):
        tokens = _tokens(element)
        for name, markers in _MARKERS.items():
            if name not in evidence and markers.shown_by(element, tokens):
                evidence.add(name)
        families = _selecting_families(element, tokens)
        if families:
            hits.append((element, families))
    selected = [element for element, families in hits if not evidence.isdisjoint(families)]
    if not selected:
        return []
    protected = _protected(root)
    return [element for element in selected if element not in protected]


def _normalise_line(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip().rstrip(_TRAILING_NOISE).casefold()


def _compile_phrase(phrase: str) -> re.Pattern[str]:
    literal_parts = [re.escape(_normalise_line(part)) for part in phrase.split("{site}")]
    return re.compile(_SITE_NAME_PATTERN.join(literal_parts))


_CHROME_PATTERNS = tuple(_compile_phrase(phrase) for phrase in CHROME_PARAGRAPHS)


def is_chrome_paragraph(paragraph: str) -> bool:
    """True when the whole paragraph is one of the ``CHROME_PARAGRAPHS``."""
    line = _normalise_line(paragraph)
    return any(pattern.fullmatch(line) for pattern in _CHROME_PATTERNS)
