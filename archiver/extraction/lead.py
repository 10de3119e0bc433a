"""The article's lead (standfirst, deck, summary): text between the headline and the body.

News and blog templates put the lead in the article's ``<header>``, or in a block of its own
between the headline and the body (``p.lead``, ``div.intro``, ``h2.deck``, a summary list).
trafilatura reads the body: its element selection starts at the element holding the body's
paragraphs, and it deletes every ``<header>`` in precision mode, so the lead was lost.

``lead_blocks`` finds the lead by position and shape, in any language and theme: the blocks of
prose after the page's headline (its last ``<h1>`` before the body) and before the main text
candidate (``chrome.main_text_candidate``), inside the element holding both; never a figure, a
navigation, a form or an aside, a line or two right below a picture (a caption outside
``<figure>``), a block with a ``<time>`` (a dateline or byline), a block of links (a
breadcrumb trail, a "read also" line) nor a line of a few words (a kicker, a byline); a few
blocks at most (more is another text: a second article, a column of teasers; or the lead and
the body's own start in another wrapper of the candidate, after a table of contents: then the
blocks of the first one's wrapper). On a page without an ``<h1>`` before the body (a news
module heading the story with an ``<h3>``), the lead is the block of prose right before the
candidate, past the lead picture.
``copy_into`` makes copies of them the first paragraphs of the body, where trafilatura reads
them; trafilatura's own rules still judge their text.
"""

from __future__ import annotations

from copy import deepcopy

from lxml.etree import XPath, _Element

# Block elements whose text a lead is written in (a list: a summary of bullet points).
_BLOCKS = frozenset({"p", "div", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol"})
# Containers of what is never the lead: pictures and their captions, navigation, forms...
_NEVER = frozenset(
    {"figure", "figcaption", "picture", "nav", "aside", "footer", "form", "button", "select"}
)
_PICTURES = ("img", "picture", "video")
# A caption is a line or two; a lead right below the lead picture is longer.
CAPTION_MAX_CHARS = 150
# A lead is a sentence or more; a kicker, a byline or a date line is shorter.
LEAD_MIN_CHARS = 60
# Above this share of its text in links, a block is a link line ("Read also: ..."), not a lead.
LEAD_MAX_LINK_SHARE = 0.3
# A lead is a paragraph or a few: more before the body is another text (a second article, a
# column of teasers, the page's real body when the candidate is a sidebar's).
LEAD_MAX_BLOCKS = 4
LEAD_MAX_CHARS = 1000


def collapsed_text(element: _Element) -> str:
    """An element's text, whitespace collapsed: how a lead block's text is compared."""
    return " ".join(element.text_content().split())


def _text_length(element: _Element) -> int:
    return len(collapsed_text(element))


def _links_lead(element: _Element, length: int) -> bool:
    """Links as a lead has them: one at most, a small part of its text (two links or more make
    a breadcrumb trail or a "read also" line)."""
    links = list(element.iter("a"))
    return len(links) <= 1 and sum(map(_text_length, links)) <= LEAD_MAX_LINK_SHARE * length


def _is_lead(block: _Element) -> bool:
    length = _text_length(block)
    return (
        length >= LEAD_MIN_CHARS
        and _links_lead(block, length)
        and next(block.iter("time", "h1", *_NEVER), None) is None
        and not _caption(block, length)
    )


def _caption(block: _Element, length: int) -> bool:
    """A line or two right after a picture: its caption or credit, whatever the template calls
    it (a caption outside ``<figure>``)."""
    previous = block.getprevious()
    return (
        length <= CAPTION_MAX_CHARS
        and previous is not None
        and next(previous.iter(*_PICTURES), None) is not None
    )


# The last <h1> before the candidate in document order, not inside it (the nearest on the
# reverse axis), found by libxml2 rather than a Python walk of the page up to it.
_HEADLINE_BEFORE = XPath("preceding::h1[1]")


def _headline_before(candidate: _Element) -> _Element | None:
    """The last ``<h1>`` before ``candidate`` in document order, not inside it."""
    found = _HEADLINE_BEFORE(candidate)
    return found[0] if found else None


def _headline_inside(candidate: _Element) -> tuple[_Element, _Element] | None:
    """The ``<h1>`` in ``candidate`` before its first own paragraph (a ``<p>`` or ``<br>``
    child), and that paragraph: a template that opens the body with the headline."""
    opening = next((child for child in candidate if child.tag in ("p", "br")), None)
    if opening is None:
        return None
    for child in candidate:
        if child is opening:
            return None
        headline = child if child.tag == "h1" else next(child.iter("h1"), None)
        if headline is not None:
            return headline, opening
    return None


def lead_blocks(candidate: _Element) -> list[_Element]:
    """The blocks of the lead before ``candidate``, the main text candidate, in document order,
    or inside it between the headline and its first own paragraph."""
    inside = _headline_inside(candidate)
    if inside is not None:
        headline, stop = inside
        holders = {candidate}
        container = candidate
    else:
        headline = _headline_before(candidate)
        if headline is None:
            return _block_before(candidate)
        stop = candidate
        holders = set(candidate.iterancestors())
        container = next((a for a in headline.iterancestors() if a in holders), None)
        if container is None:
            return []
    inside_headline = set(headline.iter())
    blocks: list[_Element] = []
    lead_holder = None  # the nearest ancestor of the candidate holding the first block
    first_wrapper: list[_Element] = []  # the blocks with that nearest ancestor
    skip: set[_Element] = set()  # what is inside a block already taken or refused
    seen_headline = False
    for element in container.iter():
        if element is headline:
            seen_headline = True
        if element is stop:
            break
        if not seen_headline or element in inside_headline or element in skip:
            continue
        if element.tag in _NEVER:
            skip.update(element.iter())
            continue
        if element.tag not in _BLOCKS or element in holders:
            continue
        # A leaf block: none of its descendants is a block of its own (a list's items are
        # the list's).
        if element.tag not in ("ul", "ol") and any(
            child.tag in _BLOCKS for child in element.iterdescendants()
        ):
            continue
        skip.update(element.iter())
        if _is_lead(element):
            holder = next(a for a in element.iterancestors() if a in holders)
            if not blocks:
                lead_holder = holder
            if holder is lead_holder:
                first_wrapper.append(element)
            blocks.append(element)
    if _is_lead_size(blocks):
        return blocks
    # Many blocks, or much text: the body of another article, a column of teasers; or the lead
    # and, in another wrapper of the candidate, the body's own start (after a table of
    # contents): then the blocks of the first block's wrapper, when they are a lead's size.
    return first_wrapper if _is_lead_size(first_wrapper) else []


def _block_before(candidate: _Element) -> list[_Element]:
    """On a page without a headline ``<h1>`` before the candidate (a theme that heads the story
    with an ``<h3>`` or a ``<div>``): the lead is the block right before the candidate or before
    its wrappers, past the lead picture; its leaf blocks of prose, when they are a lead's size."""
    for node in (candidate, *candidate.iterancestors()):
        if node.tag == "body":
            return []
        for sibling in node.itersiblings(preceding=True):
            if not isinstance(sibling.tag, str) or not _text_length(sibling):
                continue
            if sibling.tag in _NEVER or next(sibling.iter(*_PICTURES), None) is not None:
                continue  # the lead picture and its caption
            if sibling.tag not in _BLOCKS or not _is_lead(sibling):
                return []
            leaves = [
                block
                for block in sibling.iter(*_BLOCKS)
                if not any(child.tag in _BLOCKS for child in block.iterdescendants())
            ]
            leaves = [block for block in leaves if _is_lead(block)]
            return leaves if _is_lead_size(leaves) else []
    return []


def _is_lead_size(blocks: list[_Element]) -> bool:
    return len(blocks) <= LEAD_MAX_BLOCKS and sum(map(_text_length, blocks)) <= LEAD_MAX_CHARS


def copy_into(candidate: _Element, blocks: list[_Element]) -> None:
    """Make copies of ``blocks`` the first paragraphs of ``candidate``, their attributes dropped
    (a class such as ``teaser`` is a template's name for the lead, not a verdict on it), a
    ``<div>`` or a heading made a ``<p>``; for a lead inside ``candidate`` (after the headline
    that opens it), paragraphs where the lead stands, after the headline. Copies: the page
    around them stays as it was, and with it the element trafilatura chooses for the body (a
    lead that trafilatura keeps where it stands is then twice in its text: ``extract`` keeps
    the first)."""
    if not blocks:
        return
    # The child of the candidate holding the first block, when the lead is inside it.
    holder = next(
        (a for a in (blocks[0], *blocks[0].iterancestors()) if a.getparent() is candidate), None
    )
    start = candidate.index(holder) if holder is not None else 0
    for index, block in enumerate(blocks, start):
        duplicate = deepcopy(block)
        duplicate.tail = None
        duplicate.attrib.clear()
        if duplicate.tag not in ("ul", "ol", "blockquote"):
            duplicate.tag = "p"
        candidate.insert(index, duplicate)
    if start == 0 and candidate.text:
        candidate[len(blocks) - 1].tail = candidate.text
        candidate.text = None
