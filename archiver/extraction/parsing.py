"""Parse a fetched page once into the lxml tree every extraction step reads.

The tree is the one trafilatura's own loader (``trafilatura.utils.load_html``) builds from the raw
bytes: the same decoding (charset detection), repairs and parser options (comments and processing
instructions removed), so that handing it to ``bare_extraction`` gives the same text as passing
the string, without a second parse. One difference: every element is a plain ``HtmlElement``,
chosen by lxml in C, where lxml.html's default parser calls a Python function for each element
Python touches (to give ``<form>``, ``<input>``... their form helpers, which nothing here uses),
a cost paid again by every step that walks the tree. A page lxml does not parse at first
go (an XML encoding declaration in a decoded string, an empty document) gets trafilatura's own
loader and its fallbacks.
"""

from __future__ import annotations

from lxml.etree import ElementDefaultClassLookup
from lxml.html import (
    HtmlComment,
    HtmlElement,
    HtmlEntity,
    HTMLParser,
    HtmlProcessingInstruction,
    fromstring,
)
from trafilatura.utils import decode_file, is_dubious_html, load_html, repair_faulty_html

# trafilatura.utils.HTML_PARSER's options, with lxml's C class lookup.
_PARSER = HTMLParser(
    collect_ids=False,
    default_doctype=False,
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
)
_PARSER.set_element_class_lookup(
    ElementDefaultClassLookup(
        element=HtmlElement,
        comment=HtmlComment,
        pi=HtmlProcessingInstruction,
        entity=HtmlEntity,
    )
)


def parse_html(html: str | bytes) -> HtmlElement | None:
    """The document's root element, or None for an empty or unparseable document."""
    if not isinstance(html, (str, bytes)):
        return load_html(html)  # trafilatura's: a tree as it is, TypeError for anything else
    text = decode_file(html)
    beginning = text[:50].lower()
    try:
        tree = fromstring(repair_faulty_html(text, beginning), parser=_PARSER)
    except Exception:  # lxml's ValueError, ParserError...: trafilatura's loader handles them
        tree = None
    if tree is None or len(tree) < 1:
        return load_html(html)
    # trafilatura's rejection of what is not HTML at all: no "html" in its first characters
    # and a single block.
    if is_dubious_html(beginning) and len(tree) < 2:
        return None
    return tree
