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
  text and stays. So is a picture's credit line, whatever the template's markup: "© AFP / Jane
  Doe", "Foto: dpa" (``lexicon.PICTURE_CREDIT_LABELS``), a caption that ends with its credit.

One shape is chrome in every language without a word list: a "read also" line in the body
(``read_also_lines``: a paragraph that is a label of a few words and a colon, then one link
making the rest of it: "Lea también: <a>Other story</a>", "Czytaj też: <a>...</a>"). With
the words of ``lexicon.READ_ALSO_LABELS``, the same label standing by itself over the links
("Auch interessant" and a list of headlines, "NOTAS RELACIONADAS" heading a box of cards).

Adding a platform's boilerplate means adding a line to its profile, not a condition in the
extraction code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from lxml.etree import Element, XPath, _Element

from archiver.extraction.lexicon import (
    CHROME_PARAGRAPHS,
    PICTURE_CREDIT_LABELS,
    READ_ALSO_LABELS,
)
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
# A "read also" heading is a line of a few words; its links are a few headlines.
READ_ALSO_LABEL_MAX_CHARS = 80
READ_ALSO_MAX_LINK_BLOCKS = 10
READ_ALSO_MAX_LINKS_CHARS = 1500  # a block of links is a few headlines, never a page's menu
# Blocks a "read also" heading stands in by itself: a paragraph, a heading, a <div> of text and
# inline elements only.
_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
_LABEL_BLOCKS = ("p", *_HEADINGS, "div")
_INLINE = frozenset({"a", "b", "strong", "em", "i", "span", "br"})


def _labels(root: _Element) -> Iterator[tuple[_Element, str]]:
    """The blocks of ``root``'s page short enough to be a label, with their collapsed text."""
    for block in root.iter(_LABEL_BLOCKS):
        if block.tag == "div" and any(child.tag not in _INLINE for child in block):
            continue
        text = block.text_content()
        if len(text) > 4 * READ_ALSO_LABEL_MAX_CHARS:  # not collapsed at any cost
            continue
        text = " ".join(text.split())
        if text and len(text) <= READ_ALSO_LABEL_MAX_CHARS:
            yield block, text


def _is_colon_label(text: str) -> bool:
    """A label of a few words and a colon ("Read more:", "VEA TAMBIÉN:")."""
    # The colon first: the pattern backtracks long on a line without one.
    return text.rstrip().endswith((":", "：")) and bool(_READ_ALSO_LABEL.match(text))


def _collapsed(element: _Element) -> str:
    return " ".join(element.text_content().split())


def _link_share(element: _Element, text: str) -> float:
    """The share of ``text`` (``element``'s, collapsed) that is the text of its links."""
    links = [link for link in element.iter("a") if link.get("href")]
    return sum(len(_collapsed(link)) for link in links) / len(text) if text else 0.0


def _is_read_also_phrase(label: str) -> bool:
    """The whole of ``label`` is one of ``lexicon.READ_ALSO_LABELS`` ("Auch interessant",
    "À lire aussi »", "¿Te puede interesar?")."""
    line = _normalise_line(label).rstrip("?").rstrip(_TRAILING_NOISE).lstrip("¿¡ ")
    return _READ_ALSO_PHRASE.fullmatch(line) is not None


def _read_also_inline(paragraph: _Element) -> bool:
    """A paragraph that is a label ("Lea también:", "À lire aussi »") and one link making most
    of it."""
    links = [link for link in paragraph.iter("a") if link.get("href")]
    if len(links) != 1:
        return False
    text = _collapsed(paragraph)
    link_text = _collapsed(links[0])
    start = text.find(link_text) if link_text else -1
    if start < 0 or len(link_text) < READ_ALSO_MIN_LINK_SHARE * len(text):
        return False
    label = text[:start]
    return _is_colon_label(label) or _is_read_also_phrase(label)


def _links_after(label: _Element) -> list[_Element]:
    """The blocks of links right after ``label`` (a list of headlines, one per paragraph, an
    embed card), blocks without text between them passed over."""
    found = []
    for sibling in label.itersiblings():
        if not isinstance(sibling.tag, str):
            continue  # a comment
        text = _collapsed(sibling)
        if not text:
            continue
        if (
            len(text) > READ_ALSO_MAX_LINKS_CHARS
            or _link_share(sibling, text) < READ_ALSO_MIN_LINK_SHARE
        ):
            break
        found.append(sibling)
        if len(found) == READ_ALSO_MAX_LINK_BLOCKS:
            break
    return found


def read_also_lines(tree: _Element) -> list[_Element]:
    """The parts of ``tree``'s document that point the reader to other stories, in any language.

    A paragraph that is a label and a single link making most of it: a label of a few words and
    a colon ("Lea también: <a>...</a>"), or a ``lexicon.READ_ALSO_LABELS`` phrase. A block
    that is such a phrase by itself ("Auch interessant", "NOTAS RELACIONADAS"), with the blocks
    of links right after it, or, when it heads a box of teasers (``_heads_teaser_box``), the
    box, unless it holds the headline or the main text candidate. A label of a few words and a
    colon by itself is no evidence: articles head their own lists so ("Empfehlungen von
    Dennis:", "Zutaten:").
    """
    root = tree.getroottree().getroot()
    found: dict[_Element, None] = {}  # in document order, each once
    protected = None  # the headline's and the main text's ancestors, found when needed
    for paragraph in root.iter("p"):
        if _read_also_inline(paragraph):
            found[paragraph] = None
    for block, text in _labels(root):
        if block in found or not _is_read_also_phrase(text):
            continue
        if _heads_teaser_box(block):
            box = block.getparent()
            protected = _protected(root) if protected is None else protected
            if box not in protected:
                found[box] = None
                continue
        found[block] = None
        found.update(dict.fromkeys(_links_after(block)))
    return list(found)


def _heads_teaser_box(label: _Element) -> bool:
    """``label`` is the first thing in its parent, a box of teasers: two headlines or more that
    are links (a "related" section of cards)."""
    box = label.getparent()
    if (
        box is None
        or box.tag in ("body", "html")
        or (box.text or "").strip()
        or next((e for e in box if isinstance(e.tag, str)), None) is not label
    ):
        return False
    headlines = [
        heading
        for heading in box.iter(_HEADINGS)
        if heading is not label
        and (next(heading.iterancestors("a"), None) is not None or _has_link(heading))
    ]
    return len(headlines) >= 2


def _has_link(element: _Element) -> bool:
    return any(link.get("href") for link in element.iter("a"))


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


# A picture's credit line is a line ("© AFP / Jane Doe", "Foto: dpa", a caption and its credit),
# the credit itself a few names (photographers, agencies), never a sentence of the text.
CREDIT_LINE_MAX_CHARS = 200
CREDIT_MAX_CHARS = 80
_CREDIT_LABEL = re.compile(
    r"\(?(?:" + "|".join(map(re.escape, PICTURE_CREDIT_LABELS)) + r")\s*[:：]", re.IGNORECASE
)


def _is_credit_line(line: str) -> bool:
    """A picture's credit: a line that ends with a credit after "©" ("Protest in London. © Jane
    Doe/Agency", "© Agency") or is a ``lexicon.PICTURE_CREDIT_LABELS`` label and a credit
    ("Foto: dpa", "(Credit: Jane Doe / Agency)")."""
    if len(line) > CREDIT_LINE_MAX_CHARS:
        return False
    if "©" in line:
        return len(line.rsplit("©", 1)[1].strip()) <= CREDIT_MAX_CHARS
    label = _CREDIT_LABEL.match(line)
    return label is not None and len(line) - label.end() <= CREDIT_MAX_CHARS


def is_chrome_paragraph(paragraph: str) -> bool:
    """True when the whole paragraph is one of the ``CHROME_PARAGRAPHS``, or a picture's credit
    line (``_is_credit_line``)."""
    if len(paragraph) <= 2 * CREDIT_LINE_MAX_CHARS and _is_credit_line(" ".join(paragraph.split())):
        return True
    return _CHROME_LINE.fullmatch(_normalise_line(paragraph)) is not None


_READ_ALSO_PHRASE = re.compile(
    "|".join(f"(?:{_compile_phrase(phrase).pattern})" for phrase in READ_ALSO_LABELS)
)
