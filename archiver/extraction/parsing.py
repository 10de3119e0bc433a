"""Parse a fetched page once into the lxml tree every extraction step reads.

trafilatura's own loader is used so that the tree is exactly the one trafilatura would build
from the raw bytes (charset detection, comments and processing instructions removed): handing it
back to ``bare_extraction`` then gives the same text as passing the string, without a second parse.
"""

from __future__ import annotations

from lxml.html import HtmlElement
from trafilatura.utils import load_html


def parse_html(html: str | bytes) -> HtmlElement | None:
    """The document's root element, or None for an empty or unparseable document."""
    return load_html(html)
