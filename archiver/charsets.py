"""The text of a page, and of a page whose bytes contradict the charset it declares.

:func:`page_text` decodes a page's body as its response declared (header, BOM or ``<meta>``),
the way Scrapy's ``response.text`` does, and mends it as below: a pure function of the bytes, so
the crawl process can hand a page to an extraction worker as its bytes and let the worker decode
it, rather than hold its decoded text (often twice the bytes) while the page waits.

A page labelled UTF-8 (by its Content-Type or ``<meta charset>``) whose bytes are cp1252 is a
common accident: a server or CMS default label over a legacy database. Decoded as labelled,
every "é" and "€" becomes U+FFFD and is lost to the archive. When the bytes cannot be the
declared charset, they are decoded as browsers decode a page that declares nothing: with
chardetng, Firefox's detector (the top-level domain as its hint, as Firefox gives it).

A page that is mostly valid in its charset, with a few broken bytes (one bad paste into a UTF-8
page), keeps its label: re-reading it in a legacy charset would garble every correct character
to mend a few.
"""

from __future__ import annotations

import codecs
from urllib.parse import urlsplit

from chardetng_py import detect
from w3lib.encoding import html_to_unicode


def page_text(body: bytes, encoding: str, url: str) -> str:
    """The page as text: as its declared charset ``encoding`` says (``TextResponse.encoding``),
    unless its bytes are not that charset (a UTF-8 label on cp1252 bytes), which shows as
    U+FFFD in that decoding. ``url``: where the page was fetched (its domain guides detection)."""
    text = html_to_unicode(f"charset={encoding}", body)[1]
    if "\ufffd" not in text:
        return text
    return redecoded(body, encoding, urlsplit(url).hostname or "") or text


def head_text(body: bytes, encoding: str, chars: int) -> str:
    """The first ``chars`` characters of the page ``page_text`` would give as declared, without
    decoding the whole body: what ``<head>`` readers (a meta refresh, a ``<base href>``) need."""
    # No charset takes more than 4 bytes a character, so this many bytes hold ``chars`` of them.
    return html_to_unicode(f"charset={encoding}", body[: chars * 4])[1][:chars]


def redecoded(body: bytes, declared: str, host: str = "") -> str | None:
    """The text of ``body`` in the charset its bytes show, or None when ``declared`` holds.

    ``declared`` is the charset the response declared (header, BOM or ``<meta>``); ``host`` the
    page's host name, whose top-level domain guides the detection as it does in Firefox.
    """
    try:
        body.decode(declared)
        return None
    except UnicodeDecodeError:
        pass
    except LookupError:  # a charset Python does not know: nothing to compare against
        return None
    as_declared = body.decode(declared, errors="replace")
    broken = as_declared.count("\ufffd")
    valid_non_ascii = sum(1 for char in as_declared if char > "\x7f") - broken
    if valid_non_ascii >= broken:
        return None
    detected = detect(body, allow_utf8=False, tld=_tld(host))
    if codecs.lookup(detected).name == codecs.lookup(declared).name:
        return None
    return body.decode(detected, errors="replace")


def _tld(host: str) -> bytes | None:
    label = host.rstrip(".").rpartition(".")[2].lower()
    return label.encode() if label.isascii() and label.isalpha() else None
