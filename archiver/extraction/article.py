"""The Article record: what extraction returns and what the archive stores.

One dataclass, shared by extraction (which fills it), the pipelines (which pass it on) and storage
(which writes it). Every field documents its format so that exports and the database schema can
promise the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Article:
    """A news article as extracted from one fetched page.

    Dates are ISO 8601 strings with a UTC offset (``2023-09-22T10:15:00+05:30``), or None when the
    page gives no trustworthy date: None is preferred to a guess. ``*_source`` says where a date
    came from: ``json-ld``, ``meta`` (``article:*_time``), ``time-tag``, ``url``, ``printed`` (a date
    the article prints: its dateline's beside the headline, else its first) or ``htmldate``.
    """

    url: str  # canonical URL of the article (see archiver.urls.canonicalize)
    title: str
    text: str  # main text only, paragraphs separated by a blank line ("\n\n")
    fetched_url: str  # the URL the page was fetched from (may be an alias of ``url``)
    fetched_at: str  # ISO 8601 with offset, when the page was fetched
    authors: list[str] = field(default_factory=list)
    published_at: str | None = None
    published_source: str | None = None
    modified_at: str | None = None
    modified_source: str | None = None
    # The structured publication date when a later day the article prints beside its headline
    # is ``published_at`` (a story updated or put online again: "Updated Mar 12, 2020" over a
    # datePublished of 2019): the day it was first published. None otherwise.
    first_published_at: str | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    language: str | None = None  # BCP 47 tag from <html lang> / og:locale, e.g. "en-US"
    description: str | None = None
    image: str | None = None  # absolute URL of the lead image
    site_name: str | None = None
    shortlink: str | None = None  # WordPress rel=shortlink (``/?p=ID``), an alias of ``url``
    word_count: int = 0  # words in text; CJK characters count half a word (extract.word_count)
    # Why this page is an article (``pagetype`` evidence such as ``json-ld:NewsArticle``,
    # ``wp:single-post``, ``h-entry``), plus ``short`` when it is kept with little text.
    evidence: list[str] = field(default_factory=list)
    fingerprint: str = ""  # sha1 hex of the normalised title + text: equal means same content
    simhash: int = 0  # signed 64-bit SimHash of text word shingles, for near-duplicate search
