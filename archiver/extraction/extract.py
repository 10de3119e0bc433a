"""extract_article(): one fetched page in, one ``Article`` (or None) out.

Steps: parse once (``parsing.parse_html``), decide the page type and keep its evidence (only
articles go on), read the metadata from the tree (``metadata``, ``dates``), let trafilatura find
the main text with the site chrome pruned first (``chrome.chrome_elements``, with the chrome
families of the site's profile), split it into
paragraphs, drop the paragraphs that are pure chrome (``lexicon.CHROME_PARAGRAPHS``), measure
its length by script (``word_count``), fingerprint the result.

Pure: no network, no Scrapy, no storage. Safe to run in a worker process.
"""

from __future__ import annotations

import importlib
import unicodedata
from collections.abc import Sequence
from copy import copy
from datetime import datetime, timezone

import trafilatura
from lxml.html import HtmlElement
from trafilatura.core import _forum_thread_page
from trafilatura.external import compare_extraction
from trafilatura.htmlprocessing import convert_tags, prune_unwanted_nodes, tree_cleaning
from trafilatura.main_extractor import extract_content
from trafilatura.settings import Extractor
from trafilatura.xml import delete_element, xmltotxt
from trafilatura.xpaths import (
    RAW_TREE_PRUNE_XPATH,
    REMOVE_COMMENTS_AND_LISTS_XPATH,
    REMOVE_COMMENTS_XPATH,
    TEASER_DISCARD_XPATH,
)

from archiver.cjk import CJK_CHARACTER
from archiver.extraction import dates, metadata
from archiver.extraction.article import Article
from archiver.extraction.chrome import (
    PageMarkup,
    chrome_elements,
    is_chrome_paragraph,
    main_text_candidate,
    read_also_lines,
)
from archiver.extraction.fingerprint import fingerprints
from archiver.extraction.lead import collapsed_text, copy_into, lead_blocks
from archiver.extraction.pagetype import classify
from archiver.extraction.parsing import parse_html
from archiver.profiles import KNOWN_CHROME, NO_WORDS, ChromeFamily, Vocabulary

# Below this many words of main text (``word_count``) a page with only weak article evidence is a
# stub (an embed, a teaser, a thin page), not an article worth archiving. A page with strong
# evidence and a title is kept however short (a photo post with a caption), flagged ``short``.
MIN_ARTICLE_WORDS = 30
# trafilatura's fallbacks replace its own text when they find about twice as much, or when its
# text is short: below these, main_text runs them (README, "Extraction on real pages": the same
# text F1 as running them on every page).
FALLBACK_BELOW_CHARS = 1000
FALLBACK_BELOW_SHARE = 0.5
# A main text candidate of this much text is a body (a few paragraphs): a text under
# FALLBACK_BELOW_SHARE of it lost part of the body to favor_precision's rules, and trafilatura's
# default balance runs instead of its fallbacks alone. A smaller candidate (a stub post's one
# line, a footer's) is no such evidence: there the default balance takes the post's header block
# (breadcrumb, title, byline) for its text.
RECOVERY_MIN_CANDIDATE_CHARS = 500
# Words in Chinese and Japanese text average about two characters (Korean syllable blocks
# fewer than that per spaced word): CJK characters count as half a word each.
CJK_CHARACTERS_PER_WORD = 2


def _as_aware_datetime(fetched_at: str | datetime) -> datetime:
    """The fetch time as an aware datetime; a naive value is taken to be UTC (our own clock)."""
    moment = datetime.fromisoformat(fetched_at) if isinstance(fetched_at, str) else fetched_at
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def _canonicalize(url: str) -> str:
    """``archiver.urls.canonicalize`` when that module is present, else the URL unchanged.

    Imported lazily so that extraction works (and its tests run) in a checkout without it.
    """
    try:
        urls = importlib.import_module("archiver.urls")
    except ModuleNotFoundError:
        return url
    return urls.canonicalize(url)


def _paragraphs(body: HtmlElement, once: frozenset[str] = frozenset()) -> list[str]:
    """Text of each top-level block trafilatura kept (paragraph, heading, list, quote...).

    In Unicode's composed form (NFC), as ``trafilatura.extract`` returns its text: a page that
    spells "ü" as "u" and a combining diaeresis (text pasted from macOS, some CMSs) is archived,
    searched and exported as the "ü" a reader types. A paragraph of ``once`` (the lead's, whose
    copy ``main_text`` put into the body: whitespace collapsed) is kept the first time only.
    """
    paragraphs = []
    seen = set()
    for block in body:
        text = unicodedata.normalize("NFC", xmltotxt(block, False).strip())
        if not text or is_chrome_paragraph(text):
            continue
        collapsed = " ".join(text.split())
        if collapsed in once:
            if collapsed in seen:
                continue
            seen.add(collapsed)
        paragraphs.append(text)
    return paragraphs


def word_count(text: str) -> int:
    """Words in ``text``: whitespace-separated words, and CJK text by its characters.

    Each CJK character counts ``1 / CJK_CHARACTERS_PER_WORD`` of a word (rounded up for the text),
    so that 474 characters of Japanese are ~237 words, not the 5 its spaces would make.
    """
    cjk_characters = len(CJK_CHARACTER.findall(text))
    if not cjk_characters:
        return len(text.split())
    other_words = len(CJK_CHARACTER.sub(" ", text).split())
    return other_words + -(-cjk_characters // CJK_CHARACTERS_PER_WORD)


def _captions(scope: HtmlElement) -> list[str]:
    """The article's figure captions, composed (NFC, by ``metadata.clean``) like the text."""
    return [metadata.clean(caption.text_content()) for caption in scope.iter("figcaption")]


def _with_captions(text: str, captions: list[str]) -> str:
    """``text`` and, as paragraphs after it, the ``captions`` it does not hold."""
    paragraphs = [text] if text else []
    paragraphs += [caption for caption in captions if caption and caption not in text]
    return "\n\n".join(paragraphs)


# The first run: favor_precision, without trafilatura's fallbacks (``fast``). Its default
# balance finds more article text on real pages but more boilerplate with it (README,
# "Extraction on real pages"), and its fallbacks (readability, justext) cost as much as its own
# extraction and change only a text that came out short.
# The second, for a text that came out short: the default balance with the fallbacks. Where
# favor_precision found little, its stricter rules (link density, <header>s, "bottom" classes)
# have usually deleted the body itself.
# output_format="txt": the body is what is read here, paragraph by paragraph; the "python"
# format would also serialise the whole body into a text nobody reads.
# Built once: an Extractor reads its settings from trafilatura's config on construction, a
# cost on every page otherwise.
_EXTRACTORS = {
    "precise": Extractor(
        output_format="txt", fast=True, precision=True, comments=False, tables=True
    ),
    "recovery": Extractor(output_format="txt", fast=False, comments=False, tables=True),
    "fallbacks": Extractor(
        output_format="txt", fast=False, precision=True, comments=False, tables=True
    ),
}


def _options(url: str, run: str) -> Extractor:
    options = copy(_EXTRACTORS[run])
    options.url = options.source = url  # what trafilatura's own command line sets per page
    return options


def _body_text(body: HtmlElement, text: str, options: Extractor, once: frozenset[str]) -> str:
    """The paragraphs of the body trafilatura found (``_paragraphs``); "" where
    ``bare_extraction`` gives None."""
    if len(text) < options.min_output_size:
        return ""
    return "\n\n".join(_paragraphs(body, once))


# trafilatura's raw-tree and comment prunes test each container's id and class with re:test, a
# call into Python per element and pattern (2 ms of a heavy page), its teaser XPath converts
# each one's to a string again (1 ms): none can match on a page whose class and id values hold no
# literal part of their patterns, and there they are not run.
# The patterns, as trafilatura 2.3 writes them (tests/test_extraction.py checks they still are),
# and the literals each needs: "[Cc]omment" needs "omment", "infinite-?scroll" "infinite"...
_COMMENT_LITERALS = ("omment", "comol", "disqus_thread")
PRUNE_GUARDS = {
    RAW_TREE_PRUNE_XPATH[0]: (
        ("mvp-post-add-(?:box|wrap)|infinite-?scroll", "mvp-post-add-(?:box|wrap)"),
        ("mvp-post-add-", "infinite"),
    ),
    RAW_TREE_PRUNE_XPATH[1]: (("elementor-share-buttons",), ("elementor-share-buttons",)),
    REMOVE_COMMENTS_AND_LISTS_XPATH[0]: (
        (
            "^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)",
            "^[Cc]omment(?!ary)|(?:article|post)-comments",
            "^(?:[Cc]omment(?!ary)|comol)",
        ),
        _COMMENT_LITERALS,
    ),
    REMOVE_COMMENTS_XPATH[0]: (
        (
            "^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)",
            "^[Cc]omment(?!ary)|(?:article|post)-comments",
        ),
        _COMMENT_LITERALS,
    ),
    # 'teaser' in the id or class with its T lowered
    TEASER_DISCARD_XPATH[0]: (("teaser",), ("teaser", "Teaser")),
}


def _prune(tree: HtmlElement, xpaths: list, markup: PageMarkup) -> HtmlElement:
    """trafilatura's ``prune_unwanted_nodes(tree, xpaths)``, each XPath run where it can match."""
    for xpath in xpaths:
        if markup.names_hold(PRUNE_GUARDS[xpath][1]):
            tree = prune_unwanted_nodes(tree, [xpath])
    return tree


def _trafilatura_text(
    raw: HtmlElement,
    url: str,
    fallback_below: float,
    markup: PageMarkup,
    once: frozenset[str] = frozenset(),
    recover_below: float = 0.0,
) -> str:
    """The text ``trafilatura.bare_extraction(raw, options=...)`` finds with ``_EXTRACTORS``'
    options: in favor_precision mode without its fallbacks (``"precise"``), and, when that text
    is shorter than ``fallback_below``, with them (``"fallbacks"``); when it is shorter than
    ``recover_below``, the longer of it and the text of trafilatura's default balance with its
    fallbacks (``"recovery"``) instead.

    Its own sequence for these options (``trafilatura.core.trafilatura_sequence`` in
    ``favor_precision`` mode without comments: no baseline rescue, no recall escalation), run
    here on ``raw`` itself so that the main extractor runs once for both answers: its fallbacks
    (``compare_extraction``: readability, then justext) take the body it found and the same
    trees ``bare_extraction`` would give them. ``bare_extraction`` would first copy ``raw`` (a
    tree it does not own), and, asked again with fallbacks, prune, clean and extract it all over.
    One difference between the two runs: with ``fast``, trafilatura's wild-text recovery (for a
    body it found short) keeps teaser-class blocks; where the page has any, the extractor runs
    again for the second answer. ``raw`` is pruned in place (trafilatura's raw-tree prunes).
    ``markup``: the page's, read before any pruning (``PRUNE_GUARDS``); ``once``: as
    ``_paragraphs`` takes it."""
    try:
        return _trafilatura_sequence(raw, url, fallback_below, markup, once, recover_below)
    except (TypeError, ValueError):  # what bare_extraction answers None for, lxml's errors too
        return ""


def _trafilatura_sequence(
    raw: HtmlElement,
    url: str,
    fallback_below: float,
    markup: PageMarkup,
    once: frozenset[str],
    recover_below: float,
) -> str:
    options = _options(url, "precise")
    is_forum = _forum_thread_page(raw)
    raw = _prune(raw, RAW_TREE_PRUNE_XPATH, markup)
    raw = _prune(raw, REMOVE_COMMENTS_AND_LISTS_XPATH, markup)

    def converted(cleaned: HtmlElement) -> HtmlElement:
        cleaned = convert_tags(cleaned, options, url)
        return cleaned if is_forum else _prune(cleaned, REMOVE_COMMENTS_XPATH, markup)

    cleaned = converted(tree_cleaning(copy(raw), options))
    teaser_xpath = TEASER_DISCARD_XPATH[0]
    has_teasers = markup.names_hold(PRUNE_GUARDS[teaser_xpath][1]) and bool(teaser_xpath(cleaned))
    body, text = extract_content(cleaned, options)
    found = _body_text(body, text, options, once)
    if len(found) < recover_below:
        return max(found, _balanced_text(raw, url, once), key=len)
    if len(found) >= fallback_below:
        return found
    options = _options(url, "fallbacks")
    # The cleaned tree before tag conversion, as trafilatura keeps it for justext.
    backup = tree_cleaning(copy(raw), options)
    if has_teasers:
        body, text = extract_content(converted(copy(backup)), options)
    body, text = compare_extraction(backup, copy(raw), body, text, options)
    return _body_text(body, text, options, once)


def _balanced_text(raw: HtmlElement, url: str, once: frozenset[str]) -> str:
    """The text of trafilatura's default balance with its fallbacks (its whole sequence, on a
    copy of ``raw``: this run is the exception)."""
    document = trafilatura.bare_extraction(raw, options=_options(url, "recovery"))
    if document is None or document.body is None:
        return ""
    return "\n\n".join(_paragraphs(document.body, once))


# Containers a body's paragraphs stand in; a <p> (or a list item, a cell) with <br>-separated
# lines is read as one block by trafilatura, its text is no loose run.
_BODY_CONTAINERS = frozenset({"div", "section", "article", "main", "body"})
# Children of the body after which a text run is no part of their own sentence: a box (an inline
# ad, a "related" box, a picture), a list, a table, a heading, a rule.
_BOXES = frozenset(
    {"div", "section", "aside", "figure", "table", "ul", "ol", "dl", "blockquote", "center"}
    | {"form", "iframe", "noscript", "hr", "h1", "h2", "h3", "h4", "h5", "h6"}
)
# A loose run of this many characters is a sentence or more of the body; a shorter one is a
# separator, a credit or a label ("|", "Foto: dpa", "Advertisement").
LOOSE_TEXT_MIN_CHARS = 80


def _loose_text(candidate: HtmlElement) -> list[tuple[HtmlElement | None, str]]:
    """The runs of text standing loose in ``candidate``, the body: its own text before its first
    child (a template that writes the first paragraph without a ``<p>``), and text after a box
    child (a paragraph whose ``<p>`` an inline box closed: ``<p><div>related</div>Text</p>``
    parses as the box and the text after it). Each with the child it follows (None: the
    candidate's own text). trafilatura reads neither where it finds no body by its own
    selectors, and then searches the page for paragraphs only."""
    if candidate.tag not in _BODY_CONTAINERS:
        return []
    runs: list[tuple[HtmlElement | None, str]] = []
    text = candidate.text or ""
    # A frame of <br>-separated lines is read whole by trafilatura: its first line is no run.
    if len(text.strip()) >= LOOSE_TEXT_MIN_CHARS and not any(c.tag == "br" for c in candidate):
        runs.append((None, text))
    for child in candidate:
        tail = child.tail or ""
        if child.tag in _BOXES and len(tail.strip()) >= LOOSE_TEXT_MIN_CHARS:
            runs.append((child, tail))
    return runs


def _wrap_loose_text(candidate: HtmlElement) -> None:
    """Make each run of ``_loose_text`` a ``<p>`` of its own, where it stands."""
    for child, text in reversed(_loose_text(candidate)):
        paragraph = candidate.makeelement("p", {})
        paragraph.text = text
        if child is None:
            candidate.text = None
            candidate.insert(0, paragraph)
        else:
            child.tail = None
            child.addnext(paragraph)


def _scripts_and_styles(tree: HtmlElement) -> list[HtmlElement]:
    """The page's scripts and styles, but its JSON-LD: trafilatura deletes them all with their
    text (keeping the tail, as ``delete_element`` does) before it reads the page, and its
    readability fallback drops them too; gone first, they are not copied and walked by each of
    its steps. JSON-LD stays: trafilatura reads it (a forum thread's posts are its content)."""
    return [
        element
        for element in tree.iter("script", "style")
        if element.tag == "style" or element.get("type") != "application/ld+json"
    ]


def main_text(
    tree: HtmlElement,
    url: str,
    *,
    keep_tree: bool = True,
    chrome: Sequence[ChromeFamily] = KNOWN_CHROME,
    teasers: tuple[HtmlElement, ...] = (),
    markup: PageMarkup | None = None,
) -> str:
    """The article's main text, paragraphs separated by a blank line ("" if none found).

    The chrome is pruned from a copy of ``tree``, or with ``keep_tree=False`` from ``tree`` itself
    (for a caller done reading the page: a copy of a heavy page costs as much as a step; its
    scripts and styles go too, and what trafilatura prunes from the raw page), and
    with it the ``teasers``, elements of ``tree`` that show other pages (``Verdict.teasers``):
    trafilatura takes a page's first ``<article>`` for its main text, even a teaser's.

    trafilatura runs first in favor_precision mode without its fallbacks (readability, then
    justext), which cost as much as its own extraction and change only a text that came out
    short. When the text is under ``FALLBACK_BELOW_SHARE`` of the text of the page's main text
    candidate (``chrome.main_text_candidate``, the article body by our own evidence) and that
    candidate is a body (``RECOVERY_MIN_CANDIDATE_CHARS``), it runs again in its default
    balance with the fallbacks, and the longer text is kept; else, when the text is under
    ``FALLBACK_BELOW_CHARS``, again with the fallbacks in favor_precision mode.
    The article's lead (``lead.lead_blocks``: a standfirst in the article's ``<header>`` or
    between the headline and the body) is copied to the start of that candidate first, where
    trafilatura, which reads the body and deletes headers, finds it.
    ``markup``: the ``chrome.PageMarkup`` of ``tree`` as it is, for a caller that read it already.
    """
    # The chrome is pruned here, in one pass, rather than by trafilatura's ``prune_xpath`` (one
    # XPath scan of the page per selector).
    pruned = copy(tree) if keep_tree else tree
    if keep_tree and teasers:  # the same elements in the copy
        paths = [tree.getroottree().getpath(element) for element in teasers]
        teasers = tuple(found for path in paths for found in pruned.getroottree().xpath(path))
    markup = markup or PageMarkup.of(pruned.getroottree().getroot())
    for element in chrome_elements(pruned, chrome, teasers, markup) + read_also_lines(pruned):
        delete_element(element)  # what trafilatura's pruning does: the tail text is kept
    candidate = main_text_candidate(pruned)
    candidate_chars = len(candidate.text_content()) if candidate is not None else 0
    for element in _scripts_and_styles(pruned):
        delete_element(element)
    if candidate is not None:
        _wrap_loose_text(candidate)
    lead = lead_blocks(candidate) if candidate is not None else []
    once = frozenset(map(collapsed_text, lead))
    if lead:
        copy_into(candidate, lead)
    # The default balance where favor_precision left under half of a body (the candidate).
    recover_below = (
        FALLBACK_BELOW_SHARE * candidate_chars
        if candidate_chars >= RECOVERY_MIN_CANDIDATE_CHARS
        else 0.0
    )
    return _trafilatura_text(pruned, url, FALLBACK_BELOW_CHARS, markup, once, recover_below)


def extract_article(
    html: str | bytes,
    url: str,
    fetched_at: str | datetime,
    chrome: Sequence[ChromeFamily] = KNOWN_CHROME,
    vocabulary: Vocabulary = NO_WORDS,
) -> Article | None:
    """The article on a fetched page, or None when the page is not an article.

    None means: not parseable, not an article by ``pagetype.classify`` (a listing, a draft, a
    404, an attachment...), no text at all, or fewer than ``MIN_ARTICLE_WORDS`` words of main
    text on a page without strong article evidence and a title. A short article that is kept
    has ``short`` last in ``Article.evidence``, and its figure captions in its text (a photo
    post's caption is its text; trafilatura leaves captions out).
    ``fetched_at`` is an ISO 8601 string or datetime; naive values are taken as UTC.
    ``chrome``: the chrome families of the site's profile (``SiteProfile.chrome``); by default
    every profile's, each where the page shows its platform's markup. ``vocabulary``: the site
    profile's own words (``SiteProfile.vocabulary``), besides ``lexicon``'s.
    """
    tree = parse_html(html)
    if tree is None:
        return None
    json_ld = metadata.read_json_ld(tree)
    # Read once for every step: classification, the byline, the text's pruning.
    markup = PageMarkup.of(tree)
    verdict = classify(tree, json_ld, url, vocabulary, markup)
    if verdict.page_type != "article":
        return None
    site = metadata.site_name(tree, json_ld)
    title = verdict.headline or metadata.title(tree, json_ld, site) or ""
    scope = metadata.article_scope(tree)
    fetched = _as_aware_datetime(fetched_at)
    dated = dates.DatedPage(tree, json_ld, scope, fetched, markup)
    published_at, published_source = dates.published_date(dated, url, chrome)
    modified_at, modified_source = dates.modified_date(dated)
    first_published_at = dates.first_published_date(dated, published_source)
    article = Article(
        url=_canonicalize(metadata.canonical_url(tree, url)),
        title=title,
        text="",
        fetched_url=url,
        fetched_at=fetched.isoformat(),
        authors=metadata.authors(tree, json_ld, scope, vocabulary, markup),
        published_at=published_at,
        published_source=published_source,
        modified_at=modified_at,
        modified_source=modified_source,
        first_published_at=first_published_at,
        categories=metadata.categories(tree, json_ld, scope),
        tags=metadata.tags(tree, json_ld, scope),
        language=metadata.language(tree, json_ld),
        description=metadata.description(tree, json_ld),
        image=metadata.image(tree, url),
        site_name=site,
        shortlink=metadata.shortlink(tree, url),
        evidence=list(verdict.evidence),
    )
    captions = _captions(scope)
    # Everything else is read from the whole page: the text last, its chrome pruned in place.
    text = main_text(
        tree, url, keep_tree=False, chrome=chrome, teasers=verdict.teasers, markup=markup
    )
    words = word_count(text)
    if words < MIN_ARTICLE_WORDS:
        text = _with_captions(text, captions)
        words = word_count(text)
        if not (verdict.strong and title and text):
            return None
        article.evidence.append("short")
    article.text = text
    article.word_count = words
    article.fingerprint, article.simhash = fingerprints(title, text)
    return article
