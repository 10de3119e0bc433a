"""Site chrome: the page parts that are not the article, removed by data.

Themes wrap every post in the same boilerplate: share buttons, "Like this:", related posts,
author box, newsletter and subscription blocks, comments, sidebar widgets, the header's "today"
date line. Two kinds of data describe it:

- chrome families (``archiver.profiles.ChromeFamily``): containers removed from the HTML tree
  before trafilatura looks for the main text, per platform (WordPress with Jetpack, tagDiv).
  They are site knowledge, so they live in the site profiles and are passed in
  (``chrome_elements(tree, families)``); each family is used only on a page that carries its
  platform's markup, and never on an element holding the headline or the main text;
- ``lexicon.CHROME_PARAGRAPHS`` (true of any site): whole paragraphs that are chrome when they
  are *all* a paragraph says; they catch the blocks a theme renders without a recognisable class.
  A sentence that merely contains such words ("the latest posts on the forum...") is article
  text and stays.

One shape is chrome in every language without a word list: a "read also" line in the body
(``read_also_lines``: a paragraph that is a label of a few words and a colon, then one link
making the rest of it: "Lea también: <a>Other story</a>", "Czytaj też: <a>...</a>").

Adding a platform's boilerplate means adding a line to its profile, not a condition in the
extraction code.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from lxml.etree import Element, XPath, _Element

from archiver.extraction.lexicon import CHROME_PARAGRAPHS
from archiver.profiles import ChromeFamily

# Trailing characters that do not change what a chrome line says.
_TRAILING_NOISE = " .:!…→»›>-–—：。"
# A site name in "Discover more from {site}": a short run of words, never a sentence.
_SITE_NAME_PATTERN = r".{1,80}"


# normalize-space() splits on XML whitespace only (not on NBSP and other Unicode spaces).
_XML_WHITESPACE = str.maketrans("\t\n\r", "   ")

# The page's attribute values, read by libxml2 without building a Python object per element
# (a Python loop over every element of a 100 KB page cost ~4 ms).
_CLASS_VALUES = XPath("//@class", smart_strings=False)
_ID_VALUES = XPath("//@id", smart_strings=False)
# Two scans: a union of both would be sorted into document order, which nothing here needs.
_HREF_VALUES = XPath("//@href", smart_strings=False)
_SRC_VALUES = XPath("//@src", smart_strings=False)
_GENERATORS = XPath('//meta[@name="generator"]/@content', smart_strings=False)


@dataclass(frozen=True)
class PageMarkup:
    """What a page's markup shows, gathered once: its class tokens, ids, URLs and generators."""

    tokens: frozenset[str]
    ids: frozenset[str]
    names: str  # every class and id value, one string
    urls: str  # every href/src value, one per line
    generators: tuple[str, ...]

    @classmethod
    def of(cls, root: _Element) -> PageMarkup:
        classes = " ".join(_CLASS_VALUES(root)).translate(_XML_WHITESPACE)
        ids = _ID_VALUES(root)
        return cls(
            tokens=frozenset(classes.split(" ")),
            ids=frozenset(ids),
            names="\n".join([classes, *ids]),
            urls="\n".join([*_HREF_VALUES(root), *_SRC_VALUES(root)]),
            generators=tuple(_GENERATORS(root)),
        )

    def names_hold(self, parts: Sequence[str]) -> bool:
        """Some class or id value of the page holds one of ``parts``."""
        return any(part in self.names for part in parts)


@dataclass(frozen=True)
class _Markers:
    """A family's markers sorted by kind, so that a page's markup is tested against them cheaply."""

    names: frozenset[str]  # class tokens or ids
    prefixes: tuple[str, ...]  # class token prefixes
    url_parts: tuple[str, ...]
    generators: tuple[str, ...]

    @classmethod
    @lru_cache(maxsize=64)
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

    def shown_by(self, markup: PageMarkup) -> bool:
        if not (self.names.isdisjoint(markup.tokens) and self.names.isdisjoint(markup.ids)):
            return True
        if self.prefixes and any(token.startswith(self.prefixes) for token in markup.tokens):
            return True
        if any(part in markup.urls for part in self.url_parts):
            return True
        return any(generator.startswith(self.generators) for generator in markup.generators)


@lru_cache(maxsize=64)
def _token_pattern(names: frozenset[str]) -> re.Pattern[str]:
    """A regex finding any of ``names`` as a whole token of a class attribute."""
    alternatives = "|".join(sorted(map(re.escape, names))) or "(?!)"
    return re.compile(f"(?:^|[ \\t\\n\\r])(?:{alternatives})(?=[ \\t\\n\\r]|$)")


def _selected(
    root: _Element, markup: PageMarkup, families: Sequence[ChromeFamily]
) -> list[_Element]:
    """The elements selected by a family whose markers the page shows, in document order."""
    shown = [family for family in families if _Markers.of(family).shown_by(markup)]
    selectors = {selector for family in shown for selector in family.selectors}
    # Only the selectors the page's markup holds are looked for: usually a few of them.
    classes = frozenset(n for kind, n in selectors if kind == "class" and n in markup.tokens)
    ids = frozenset(n for kind, n in selectors if kind == "id" and n in markup.ids)
    if not (classes or ids):
        return []
    # A Python loop, not an XPath: libxml2 converts @class to a string again for every
    # contains() test, and one test per selector made that slower than this loop.
    tokens = _token_pattern(classes)
    selected = []
    for element in root.iter(Element):
        value = element.get("class")
        if value and tokens.search(value) or element.get("id") in ids:
            selected.append(element)
    return selected


def main_text_candidate(tree: _Element) -> _Element | None:
    """The element whose own paragraphs hold the most text (None on a page without any).

    Own paragraphs are ``<p>`` children and text after ``<br>`` children: the candidate is an
    article body, never a list of comments (each comment has its own paragraph parent) nor a
    sidebar of short links.
    """
    text_by_parent: dict[_Element, int] = {}
    for element in tree.getroottree().getroot().iter("p", "br"):
        parent = element.getparent()
        if parent is None:
            continue
        own = element.text_content() if element.tag == "p" else element.tail or ""
        text_by_parent[parent] = text_by_parent.get(parent, 0) + len(own)
    return max(text_by_parent, key=text_by_parent.__getitem__) if text_by_parent else None


def _protected(root: _Element) -> set[_Element]:
    """The headline's and the main text candidate's ancestors: chrome never contains them."""
    # Only <h1>: themes mark every teaser's title in a sidebar "entry-title" too.
    anchors = list(root.iter("h1"))
    candidate = main_text_candidate(root)
    if candidate is not None:
        anchors.append(candidate)
    return {ancestor for anchor in anchors for ancestor in anchor.iterancestors()} | set(anchors)


# The label of a "read also" line: one to four words and a colon ("Read more:", "VEA TAMBIÉN:").
_READ_ALSO_LABEL = re.compile(r"^\W*(?:\w+\W*){1,4}[:：]\s*$")
# The link makes most of the line: the other story's headline.
READ_ALSO_MIN_LINK_SHARE = 0.6


def read_also_lines(tree: _Element) -> list[_Element]:
    """The paragraphs of ``tree``'s document that point the reader to another story: a label of
    a few words and a colon, then a single link making most of the paragraph."""
    lines = []
    for paragraph in tree.getroottree().getroot().iter("p"):
        links = [link for link in paragraph.iter("a") if link.get("href")]
        if len(links) != 1:
            continue
        text = " ".join(paragraph.text_content().split())
        link_text = " ".join(links[0].text_content().split())
        start = text.find(link_text) if link_text else -1
        if start < 0 or len(link_text) < READ_ALSO_MIN_LINK_SHARE * len(text):
            continue
        if _READ_ALSO_LABEL.match(text[:start]):
            lines.append(paragraph)
    return lines


def chrome_elements(
    tree: _Element,
    families: Sequence[ChromeFamily],
    teasers: tuple[_Element, ...] = (),
    markup: PageMarkup | None = None,
) -> list[_Element]:
    """The chrome elements of ``tree``'s document, in document order, then the ``teasers``.

    Those selected by one of ``families`` (the site profile's) whose markers the page carries,
    and the ``teasers`` (an article page's entries that show other pages,
    ``pagetype.Verdict.teasers``), except an element holding the headline or the main text
    candidate. The markers are read from the page's attribute values and the selectors
    evaluated as one XPath over the page (a Python
    pass over every element, or one XPath scan per selector, cost several ms per page);
    removing them in document order leaves the same tree whatever the order of the selectors.
    ``markup``: the page's, for a caller that has read it already (``PageMarkup.of``).
    """
    if not (families or teasers):
        return []
    root = tree.getroottree().getroot()
    if families:
        selected = _selected(root, markup or PageMarkup.of(root), families)
    else:
        selected = []
    if teasers:  # after the families' elements: the order of removal does not change the tree
        chosen = set(selected)
        selected += [element for element in teasers if element not in chosen]
    if not selected:
        return []
    protected = _protected(root)
    return [element for element in selected if element not in protected]


def _normalise_line(text: str) -> str:
    return " ".join(text.split()).rstrip(_TRAILING_NOISE).casefold()


def _compile_phrase(phrase: str) -> re.Pattern[str]:
    literal_parts = [re.escape(_normalise_line(part)) for part in phrase.split("{site}")]
    return re.compile(_SITE_NAME_PATTERN.join(literal_parts))


# One alternation of every phrase: a single fullmatch per paragraph, not one per phrase.
_CHROME_LINE = re.compile(
    "|".join(f"(?:{_compile_phrase(phrase).pattern})" for phrase in CHROME_PARAGRAPHS)
)


def is_chrome_paragraph(paragraph: str) -> bool:
    """True when the whole paragraph is one of the ``CHROME_PARAGRAPHS``."""
    return _CHROME_LINE.fullmatch(_normalise_line(paragraph)) is not None
