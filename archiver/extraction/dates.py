"""Publication and modification dates: structured sources first, heuristics last, never a guess.

Sources, in order (the first valid one wins; ``source`` is what ``Article.*_source`` records):

| source     | published                               | modified                               |
|------------|-----------------------------------------|----------------------------------------|
| json-ld    | article node ``datePublished``          | article node ``dateModified``          |
| meta       | ``article:published_time``, itemprop    | ``article:modified_time``, itemprop    |
| meta       | microdata ``itemprop=datePublished``    | (not used)                             |
| time-tag   | ``<time class="published|entry-date">``, or in a post-date block [3] | ``<time class="updated">`` (another) |
| meta       | ``DC.date.issued``, ``pubdate``... [1]  | (not used)                             |
| url        | date only, ``/YYYY/MM/DD/`` (or ``/M/D/``) | (not used)                            |
| meta       | ``date``, ``DC.date`` [2], when printed | (not used)                             |
| htmldate   | date only, when the article prints it   | (not used)                             |
| printed    | date only, the article's first date     | (not used)                             |
| meta       | ``date``, ``DC.date`` [2]               | (not used)                             |
| htmldate   | date only, from the page's text, not an unshown 1 January | (not used)           |

[1] ``_DATE_METAS``: Dublin Core's issued and created dates, news CMSs' publication metas.
[2] ``_AMBIGUOUS_DATE_METAS``: a date of the page that is as often its last change as its
publication. When the structured sources above date the page, it only takes part in the choice
among disagreeing days below.
[3] ``_PUBLISHED_TIME_BLOCKS``: a ``<time>`` without a class inside WordPress's Post Date block
(block themes), a "posted-on" or "post-date" element.

"Printed" dates are the ones the article's text shows its readers, in its language
(``printed.printed_dates``: 21.10.2019, 21. Oktober 2019, 21 de octubre de 2019, 2019年10月21日...).

Rules:
- Full timestamps keep their offset (``2023-09-22T18:30:00+05:30``). A timestamp without an
  offset is kept as written, without inventing one. An RFC 2822 timestamp (``Wed, 04 May 2022
  00:25:56 GMT``, written into JSON-LD by some CMSs) is read and stored as ISO 8601, and so are
  loosely written ones (``_iso_text``: ``2022-5-5 22:17:36``, Unix time, ``19.03.2019 11:45``).
  The Unix epoch's first day is a CMS's empty timestamp: no date.
- A timestamp written in UTC is written in the site's own offset (same instant), so the stored
  day is the one the site's readers saw: the offset its other timestamps use, else the one the
  time printed beside the article's first date gives (``3 de mayo de 2022 21:25`` against
  ``2022-05-04T00:25:56Z`` is -03:00, the timestamp's seconds ignored; a whole quarter hour or
  no offset at all).
- On a page that gives no offset, a UTC or offset-less publication timestamp whose day the
  article does not print first, when its first printed date is the day before or after within
  reach of the instant (UTC-12:00 to UTC+14:00), is stored as that printed day alone: a CMS that
  stores local midnight as ``23:00Z`` dates every story a day early.
- The *dateline* is the short lines right after the article's headline (the first ``<h1>``
  that names the page, else the first such ``<h2>``: a theme's ``<h1>`` may be its logo),
  before its body (a standfirst right under the headline does not end them: the byline may
  follow it): "By Sarah Yang Updated May 06, 2019", "Stand: 07.11.2023", "Von Björn Jahner |
  31.10.23" (a two-digit year is read there only). A structured
  candidate whose day it shows wins (else one whose day a short line right above the headline
  shows: a kicker's "Pressemitteilung | 12.12.2022"); when it shows one or two days (a
  publication and an update), the first later than every candidate by more than a day, that
  day wins, date only, source ``printed`` (a story updated or put online again shows readers
  the new day while its metadata keeps the first); the first structured candidate is then
  kept as the day of first publication (``first_published_date``, stored as
  ``Article.first_published_at``). More days there are a list (a programme's evenings), not a
  dateline. The lines above give no day of their own: a header's "today" line stands there.
- Else, when the structured sources disagree on the day (a story put online again, a stale
  JSON-LD field), the first whose day the article or the page's ``<title>`` prints wins ("... -
  11/05/2022 - EL PAÍS"); if they print none of them, the order of the table does.
- A date later than the fetch time is rejected (a scheduled post, a template bug, a "today" line).
  Date-only values get one day of slack because the site's calendar may run ahead of ours.
- Without a structured or URL date, the page is read without the header, sidebars and comments
  (the profile's chrome families) and without dated URLs: the first date the article labels
  its publication ("Erschienen am: 13.10.2021", ``printed.PrintedDate.label``), else the
  dateline's first date not labelled a last change (else a day the headline itself prints:
  "23.01.2022 - Wierer darf jubeln"), else the first on the short lines right above the
  headline (a byline or kicker there: "Par Loïc Le Clerc | 30 septembre 2018", not the fetch
  day of a header's "today" line), else the dateline's last change; else an ambiguous date meta [2], then htmldate's answer (``original_date``,
  ``max_date`` = the fetch date; it weighs date markup such as classes and itemprops), stands
  when the article prints that day (htmldate's also when a short line at the top of the page
  does, before any paragraph: a stage box above the ``<main>`` holding the article); else the
  first date the article prints; else the meta; else htmldate's answer, but not a January 1 the
  page does not show (htmldate's reading of a copyright year, "© 2011"). The labelled date and
  the dateline come first: the meta may be the page's last change, and htmldate's day, printed
  in the article, may be a video box's, a teaser's or a sidebar's. A date labelled the last
  change is not passed over: where it is the only one shown, it is the day readers see.
  The fetch day is never taken from either: a header line such as "Wednesday, July 24, 2024" is
  the day of viewing, not the publication date.
- A URL holding only year and month (``/2023/09/slug/``) gives no date: None, source None.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from copy import deepcopy
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from functools import cache, cached_property

from htmldate import find_date
from lxml.etree import XPath
from lxml.html import HtmlElement

from archiver.extraction.chrome import PageMarkup, chrome_elements
from archiver.extraction.metadata import (
    JsonLd,
    article_scope,
    clean,
    meta_value,
    page_headline,
    page_titles,
    reader_text,
)
from archiver.extraction.metadata import language as metadata_language
from archiver.extraction.printed import PrintedDate, printed_dates
from archiver.profiles import KNOWN_CHROME, ChromeFamily

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Month and day with or without a leading zero (Squarespace writes ``/2017/7/12/``).
_URL_DATE = re.compile(r"/((?:19|20)\d{2})/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])/")
# A year/month path segment in a URL-like attribute value ("/2023/09/", "/2024/03/ferry.jpg").
_DATED_PATH = re.compile(r"/(?:19|20)\d{2}/\d{1,2}/")
# The attribute values that may hold one, found by libxml2 (a Python pass over every attribute of
# the page cost more).
_CENTURY_PATH_VALUES = XPath("//@*[contains(., '/19') or contains(., '/20')]")
_A_DAY = timedelta(days=1)
# Unix time, in seconds or milliseconds, of this century's first decades (from 2001-09-09).
_UNIX_TIME = re.compile(r"^1\d{9}(?:\d{3})?$")
# A date of an ISO-like timestamp without leading zeros or with slashes: "2022-5-5 22:17:36".
_LOOSE_ISO = re.compile(r"^((?:19|20)\d{2})[-/](\d{1,2})[-/](\d{1,2})(?=$|[T ])")
# The Unix epoch's first day, east and west of UTC: an empty timestamp, no publication.
_EPOCH_DAYS = frozenset({"1970-01-01", "1969-12-31"})
_DATE_ONLY_SLACK = _A_DAY
# An RFC 2822 timestamp: an optional weekday, then day, month name, year and time.
_RFC_2822 = re.compile(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}")
# The UTC offsets in use run from -12:00 to +14:00, in steps of 15 minutes (Nepal's +05:45).
_WEST_MOST, _EAST_MOST, _OFFSET_STEP = (
    timedelta(hours=12),
    timedelta(hours=14),
    timedelta(minutes=15),
)
# A full timestamp written with a UTC offset other than zero, anywhere in a script or attribute.
_LOCAL_TIMESTAMP = re.compile(
    r"(?:19|20)\d{2}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?([+-])(\d{2}):?(\d{2})(?!\d)"
)


# Microdata on elements other than <meta> (those are read with the page's other metas).
_ITEMPROP = XPath(".//*[@itemprop=$prop][not(self::meta)]")
# The publication date's other <meta> names (Dublin Core's, news CMSs' and search engines'
# own), read after the article's own metadata and date markup (the first in the page wins).
_DATE_METAS = (
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "citation_publication_date",
    "citation_date",
    "parsely-pub-date",
    "sailthru.date",
    "cxenseparse:recs:publishtime",
    "og:published_time",
    "article:published",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
)
# A date of the page that may be its last change as well as its publication (Dublin Core's
# "date" is any event of the page's life): read only when no other structured source dates the
# page, or when it is the day the article prints and the others are not.
_AMBIGUOUS_DATE_METAS = ("date", "dc.date", "dcterms.date")


# The page's first text nodes, where a stage box or kicker above the article element stands.
_TOP_TEXTS = XPath("(//body//text()[normalize-space()])[position() <= 400]")
# The few text nodes right above a headline: a kicker, a section line.
_BEFORE_HEADLINE = XPath("preceding::text()[normalize-space()][position() <= 6]")
# The headings an article's headline may be, in document order.
_H1_H2 = XPath(".//h1 | .//h2")
# The text nodes after a headline where its dateline stands; a line of that length at most holds
# a date and a few words ("Von Christoph Hein | 12.01.2022"); one longer than a paragraph's
# start means the body has begun.
_AFTER_HEADLINE = XPath("following::text()[normalize-space()][position() <= 40]")
_DATELINE_CHARS, _PARAGRAPH_CHARS, _STANDFIRST_CHARS = 65, 200, 400


def _classes(element: HtmlElement) -> set[str]:
    return set((element.get("class") or "").split())


def _parse_timestamp(text: str) -> datetime | None:
    """An ISO 8601 timestamp, or the RFC 2822 one of e-mail and RSS that some CMSs write into
    JSON-LD (``Wed, 04 May 2022 00:25:56 GMT``); None for anything else."""
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text) if _RFC_2822.match(text) else None
    except (TypeError, ValueError):
        return None


def _iso_text(text: str) -> str:
    """``text`` as ISO 8601 where a CMS wrote an ISO-like timestamp loosely: Unix time in
    seconds or milliseconds (``1651035600``, in a ``<time datetime>`` or a data attribute),
    a date without leading zeros or with slashes (``2022-5-5 22:17:36``, ``2022/05/10``), or
    one as the page prints it (``19.03.2019 11:45``, ``23. Juni 2016``: ``printed_dates``, one
    reading only, taken as written, without an offset); else ``text`` unchanged."""
    if _UNIX_TIME.match(text):
        return datetime.fromtimestamp(int(text[:10]), timezone.utc).isoformat()
    loose = _LOOSE_ISO.match(text)
    if loose:
        year, month, day = loose.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}{text[loose.end() :]}"
    if _DATE_ONLY.match(text) or _parse_timestamp(text) is not None:
        return text
    found = printed_dates(text)
    if len(found) == 1 and found[0].start == 0 and found[0].sure:
        local = found[0].local()
        return local.isoformat() if local else found[0].day.isoformat()
    return text


def normalise_date(value: object, fetched_at: datetime) -> str | None:
    """An ISO 8601 date or datetime string if ``value`` is one (or an RFC 2822 timestamp, or a
    loosely written one: ``_iso_text``) and not after ``fetched_at``; None for the Unix epoch's
    first day (a CMS's empty timestamp, ``1970-01-01T01:00:00+01:00``)."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = _iso_text(value.strip())
    if text[:10] in _EPOCH_DAYS:
        return None
    if _DATE_ONLY.match(text):
        try:
            parsed_date = date.fromisoformat(text)
        except ValueError:
            return None
        latest = (fetched_at + _DATE_ONLY_SLACK).date()
        return parsed_date.isoformat() if parsed_date <= latest else None
    parsed = _parse_timestamp(text)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        latest_naive = fetched_at.replace(tzinfo=None) + _DATE_ONLY_SLACK
        return parsed.isoformat() if parsed <= latest_naive else None
    return parsed.isoformat() if parsed <= fetched_at else None


def site_offset(tree: HtmlElement) -> timezone | None:
    """The site's own UTC offset: the commonest non-zero offset its timestamps are written with.

    Read from ``<meta>`` contents, ``<time datetime>`` and script text (JSON-LD, analytics
    data layers), where a CMS that writes one timestamp in UTC often writes another in local time.
    """
    texts = [element.get("content") or "" for element in tree.iter("meta")]
    texts += [element.get("datetime") or "" for element in tree.iter("time")]
    texts += [script.text or "" for script in tree.iter("script")]
    offsets = Counter(
        (sign, int(hours), int(minutes))
        for text in texts
        for sign, hours, minutes in _LOCAL_TIMESTAMP.findall(text)
        if (hours, minutes) != ("00", "00") and int(hours) <= 14 and int(minutes) < 60
    )
    if not offsets:
        return None
    (sign, hours, minutes), _ = offsets.most_common(1)[0]
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if sign == "-" else delta)


def in_offset(value: str, offset: timezone | None) -> str:
    """A UTC timestamp written in ``offset`` (the same instant), so that its calendar day is the
    one the site's readers saw: ``2018-12-31T23:11:59+00:00`` at ``+02:00`` is
    ``2019-01-01T01:11:59+02:00``. Other values, and any value when ``offset`` is None, unchanged.
    """
    if offset is None or not _is_utc(value):
        return value
    return datetime.fromisoformat(value).astimezone(offset).isoformat()


def _is_utc(value: str) -> bool:
    return not _DATE_ONLY.match(value) and datetime.fromisoformat(value).utcoffset() == timedelta(0)


def _is_naive(value: str) -> bool:
    return not _DATE_ONLY.match(value) and datetime.fromisoformat(value).tzinfo is None


def _time_tags(scope: HtmlElement) -> list[HtmlElement]:
    return [time for time in scope.iter("time") if time.get("datetime")]


# Blocks that hold a post's publication <time> when the element itself has no class: WordPress
# block themes' Post Date block, classic themes' "posted-on" span, and the generic "post-date".
_PUBLISHED_TIME_BLOCKS = frozenset({"wp-block-post-date", "posted-on", "post-date"})


def _published_time_tag(scope: HtmlElement) -> HtmlElement | None:
    """The ``<time datetime>`` marked as the publication time: by its own class, else by the
    class of the block holding it (not a block of the modified date: Twenty Twenty-Three's
    ``wp-block-post-date__modified-date wp-block-post-date``)."""
    times = _time_tags(scope)
    for wanted in ("published", "entry-date"):
        found = next((t for t in times if wanted in _classes(t)), None)
        if found is not None:
            return found
    for time in times:
        holder = _classes(time.getparent()) if time.getparent() is not None else set()
        if holder & _PUBLISHED_TIME_BLOCKS and not any("modified" in c for c in holder):
            return time
    return None


def _microdata(scope: HtmlElement, prop: str) -> str | None:
    """The value of the first element in ``scope`` other than a ``<meta>`` whose ``itemprop`` is
    ``prop``: its ``datetime``, ``content`` or ``title`` (Blogger's
    ``<abbr itemprop="datePublished" title="2017-09-09T10:52:00+02:00">10:52</abbr>``)."""
    for element in _ITEMPROP(scope, prop=prop):
        value = element.get("datetime") or element.get("content") or element.get("title")
        if value:
            return value
    return None


def _structured_published(
    tree: HtmlElement, json_ld: JsonLd, scope: HtmlElement
) -> list[tuple[object, str]]:
    time_tag = _published_time_tag(scope)
    return [
        (json_ld.article.get("datePublished") if json_ld.article else None, "json-ld"),
        (meta_value(tree, "article:published_time", "datePublished"), "meta"),
        (_microdata(scope, "datePublished"), "meta"),
        (time_tag.get("datetime") if time_tag is not None else None, "time-tag"),
        (meta_value(tree, *_DATE_METAS), "meta"),
    ]


def _structured_modified(
    tree: HtmlElement, json_ld: JsonLd, scope: HtmlElement
) -> list[tuple[object, str]]:
    published_tag = _published_time_tag(scope)
    # tagDiv marks its one date "entry-date updated": the modified time must be another element.
    modified_tag = next(
        (t for t in _time_tags(scope) if "updated" in _classes(t) and t is not published_tag),
        None,
    )
    return [
        (json_ld.article.get("dateModified") if json_ld.article else None, "json-ld"),
        (meta_value(tree, "article:modified_time", "dateModified"), "meta"),
        (modified_tag.get("datetime") if modified_tag is not None else None, "time-tag"),
    ]


def _valid(candidates: list[tuple[object, str]], fetched_at: datetime) -> list[tuple[str, str]]:
    """The candidates that are dates not after the fetch, normalised."""
    return [
        (normalised, source)
        for value, source in candidates
        if (normalised := normalise_date(value, fetched_at))
    ]


def _article_printed(scope: HtmlElement, language: str | None) -> Callable[[], list[PrintedDate]]:
    """The dates the article in ``scope`` prints in the page's ``language``, read once and only
    when asked for."""
    return cache(
        lambda: printed_dates(reader_text(_headline_scope(scope).xpath(".//text()")), language)
    )


def _headline_scope(scope: HtmlElement) -> HtmlElement:
    """Where the article prints its dates: ``scope``, unless it holds no ``<h1>`` (the page's
    first ``<article>`` is a teaser, a comment or a hidden h-entry block): then the
    ``<article>`` or ``<main>`` holding the headline, if one does."""
    if scope.getparent() is None or scope.find(".//h1") is not None:
        return scope
    for h1 in scope.getroottree().getroot().iter("h1"):
        holder = next(h1.iterancestors("article", "main"), None)
        if holder is not None:
            return holder
    return scope


def _headline(tree: HtmlElement, json_ld: JsonLd, scope: HtmlElement) -> HtmlElement | None:
    """The article's headline (``metadata.page_headline``): the first ``<h1>`` that names the
    page, in ``_headline_scope`` first, then in the page; else the first such ``<h2>`` (themes
    whose ``<h1>`` is the site's logo). None when no heading names the page: a site's name set
    as an ``<h1>`` has no dateline."""
    titles = page_titles(tree, json_ld)
    if not titles:
        return None
    here = _headline_scope(scope)
    places = (here, tree) if here is not tree else (tree,)
    return page_headline(
        (heading for place in places for heading in _H1_H2(place)), titles, ("h1", "h2")
    )


def _dateline(
    tree: HtmlElement,
    json_ld: JsonLd,
    scope: HtmlElement,
    language: str | None,
    own: bool = False,
) -> tuple[list[PrintedDate], list[PrintedDate]]:
    """The dates printed on the short lines right after the article's headline, before its
    body (the byline's date, "Updated May 06, 2019", "Stand: 07.11.2023, 07:30 Uhr"), and on
    those right before it, nearest first (a kicker's "Pressemitteilung | 12.12.2022 12:22", but
    also a header's "today" line). A date inside a sentence (an event's, a ruling's) is no
    dateline: only short lines are read, and none past a paragraph. With ``own``, when no line
    after the headline prints a date, the headline's own dates stand for them: a CMS that puts
    the day in the headline ("23.01.2022 - Wierer darf jubeln") prints no other dateline."""
    headline = _headline(tree, json_ld, scope)
    if headline is None:
        return [], []
    lines = _AFTER_HEADLINE(headline)
    # A standfirst right under the headline may run past a paragraph's start; the byline
    # follows it ("Christoph von Eichhorn | Aktualisiert: 11.04.2020, 10:27").
    if lines and _PARAGRAPH_CHARS < len(clean(reader_text(lines[:1]))) <= _STANDFIRST_CHARS:
        lines = lines[1:]
    after = _dateline_dates(lines, language)
    if own and not after:
        after = [found for found in printed_dates(headline.text_content(), language) if found.sure]
    return after, _dateline_dates(reversed(_BEFORE_HEADLINE(headline)), language)


def _dateline_dates(
    nodes: Iterable, language: str | None, short_years: bool = True
) -> list[PrintedDate]:
    """The dates on the short lines among text ``nodes``, up to the first paragraph; with
    ``short_years``, those with a two-digit year too ("Von Björn Jahner | 31.10.23"): beside a
    headline a short line's numbers are a date, at the top of a page they may be anything."""
    days = []
    for node in nodes:
        line = clean(reader_text([node]))  # '' for a script's or style's text
        if len(line) > _PARAGRAPH_CHARS:
            break
        if len(line) <= _DATELINE_CHARS:
            days += [found for found in printed_dates(line, language, short_years) if found.sure]
    return days


def _first_sure(printed: list[PrintedDate]) -> PrintedDate | None:
    return next((printed_date for printed_date in printed if printed_date.sure), None)


def _printed_offset(
    published: list[tuple[str, str]], printed: list[PrintedDate]
) -> timezone | None:
    """The offset the time printed beside the article's first date gives against a UTC
    publication timestamp: ``19. Oktober 2019 00:04`` for ``2019-10-18T22:04:00Z`` is +02:00."""
    first = _first_sure(printed)
    local = first.local() if first else None
    if local is None:
        return None
    for value, _ in published:
        if _is_utc(value):
            # The page prints hours and minutes: the timestamp's seconds are not compared.
            instant = datetime.fromisoformat(value).replace(tzinfo=None, second=0, microsecond=0)
            delta = local - instant
            if -_WEST_MOST <= delta <= _EAST_MOST and not delta % _OFFSET_STEP:
                return timezone(delta)
    return None


@dataclass(eq=False)
class DatedPage:
    """One page as the date rules read it: what ``published_date``, ``modified_date`` and
    ``first_published_date`` all need (the structured publication candidates, the site's
    offset, the article's printed dates) computed once, when first asked for."""

    tree: HtmlElement
    json_ld: JsonLd
    scope: HtmlElement  # the article's element (``metadata.article_scope``)
    fetched_at: datetime
    # The tree's ``chrome.PageMarkup`` when the caller read it already: the copy read for
    # printed dates and htmldate shows the same markup, not read again.
    markup: PageMarkup | None = None

    @cached_property
    def language(self) -> str | None:
        return metadata_language(self.tree, self.json_ld)

    @cached_property
    def published(self) -> list[tuple[str, str]]:
        """The structured publication candidates, valid and normalised, in the table's order."""
        return _valid(_structured_published(self.tree, self.json_ld, self.scope), self.fetched_at)

    @cached_property
    def offset(self) -> timezone | None:
        return site_offset(self.tree)

    @cached_property
    def printed(self) -> Callable[[], list[PrintedDate]]:
        return _article_printed(self.scope, self.language)


def _localised(
    valid: list[tuple[str, str]],
    page: DatedPage,
    published: list[tuple[str, str]],
    printed: Callable[[], list[PrintedDate]],
    readers_day: bool,
) -> list[tuple[str, str]]:
    """UTC candidates written in the site's own offset: the one its timestamps use
    (``site_offset``), else the one the article's printed time gives (``_printed_offset``). On
    a page that gives neither, with ``readers_day``, UTC and offset-less candidates as the day
    the article prints (``_readers_day``)."""
    if not any(_is_utc(value) or _is_naive(value) for value, _ in valid):
        return valid
    offset = page.offset or _printed_offset(published, printed())
    if offset is not None:
        return [(in_offset(value, offset), source) for value, source in valid]
    if not readers_day:
        return valid
    days = printed()
    return [(_readers_day(value, days), source) for value, source in valid]


def _printed_choice(
    valid: list[tuple[str, str]], printed: Callable[[], list[PrintedDate]]
) -> tuple[str, str]:
    """The first candidate, unless the candidates disagree on the day: then the first whose day
    the article prints for its readers (a republished story's JSON-LD may keep the first day)."""
    if len({value[:10] for value, _ in valid}) > 1:
        days = {printed_date.day for printed_date in printed()}
        for value, source in valid:
            if date.fromisoformat(value[:10]) in days:
                return value, source
    return valid[0]


def _readers_day(value: str, printed: list[PrintedDate]) -> str:
    """A UTC or offset-less timestamp on a page that gives no offset, as the day its readers
    saw: the article's first printed date when it is the day before or after, within reach of
    the instant (UTC-12:00 to UTC+14:00), and the article prints the timestamp's own day nowhere;
    written as that day alone, no offset being known."""
    first = _first_sure(printed)
    if first is None or _DATE_ONLY.match(value) or datetime.fromisoformat(value).utcoffset():
        return value
    instant = datetime.fromisoformat(value).replace(tzinfo=None)
    reach = {(instant - _WEST_MOST).date(), (instant + _EAST_MOST).date()} - {instant.date()}
    if first.day not in reach or instant.date() in {printed_date.day for printed_date in printed}:
        return value
    return first.day.isoformat()


def _page_without_chrome_or_urls(
    tree: HtmlElement, chrome: Sequence[ChromeFamily], markup: PageMarkup | None = None
) -> HtmlElement:
    """A copy of the page for htmldate: no chrome, no dated URL (``markup``: the page's).

    The ld+json blocks and date metas stay: htmldate reads them its own, tolerant way (a block
    that is not valid JSON still holds a ``"datePublished"`` it finds).

    htmldate reads ``/2023/09/`` in a canonical link, an ``<a href>`` or an upload path
    (``og:image``, ``<img src>``) as 2023-09-01: a day invented from a month. URL dates are this
    module's own rule (tried before htmldate), so every attribute holding a dated path is
    removed from the copy.
    """
    pruned = deepcopy(tree)
    for element in chrome_elements(pruned, chrome, markup=markup):
        element.drop_tree()
    for value in _CENTURY_PATH_VALUES(pruned):
        if _DATED_PATH.search(value):
            del value.getparent().attrib[value.attrname]
    return pruned


def _top_days(tree: HtmlElement, language: str | None) -> set[date]:
    """The days printed on the page's short lines before its first paragraph: a stage box's
    "03.02.2022" above the ``<main>`` that holds the article."""
    return {printed_date.day for printed_date in _dateline_dates(_TOP_TEXTS(tree), language, False)}


def _first_printed(printed: list[PrintedDate], fetched_at: datetime) -> str | None:
    """The first date the article prints, unless it is the fetch day (a header's "today" line)
    or later."""
    today = fetched_at.date()
    for printed_date in printed:
        if printed_date.sure and printed_date.day != today:
            return normalise_date(printed_date.day.isoformat(), fetched_at)
    return None


def _htmldate_published(pruned: HtmlElement, fetched_at: datetime) -> str | None:
    found = find_date(
        pruned,
        extensive_search=True,
        original_date=True,
        max_date=fetched_at.date().isoformat(),
        url="",  # an empty URL: htmldate neither parses it nor falls back to rel=canonical
    )
    if not found or found == fetched_at.date().isoformat():
        return None
    return normalise_date(found, fetched_at)


def _url_date(url: str) -> str | None:
    match = _URL_DATE.search(url)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        return None  # /2023/02/30/ is a slug that looks like a date


def published_date(
    page: DatedPage, url: str, chrome: Sequence[ChromeFamily] = KNOWN_CHROME
) -> tuple[str | None, str | None]:
    """(published_at, published_source) by the table in the module docstring; ``chrome``: the
    site profile's chrome families, left out of the page read for printed dates and htmldate."""
    tree, json_ld, scope, fetched_at = page.tree, page.json_ld, page.scope, page.fetched_at
    language, printed, valid = page.language, page.printed, page.published
    ambiguous = _valid([(meta_value(tree, *_AMBIGUOUS_DATE_METAS), "meta")], fetched_at)
    if valid:
        localised = _localised(valid + ambiguous, page, valid, printed, readers_day=True)
        after, before = _dateline(tree, json_ld, scope, language)
        # The page's title is printed for its readers too (a tab, a search result: "... -
        # 11/05/2022 - EL PAÍS").
        in_title = cache(lambda: printed_dates(clean(tree.findtext(".//title")), language))
        return _dateline_choice(localised, after, before, fetched_at) or _printed_choice(
            localised, lambda: printed() + in_title()
        )
    # A day in the permalink is the site's own statement; the printed day is the site's words to
    # its readers; htmldate's is a guess from the text.
    from_url = normalise_date(_url_date(url), fetched_at)
    if from_url:
        return from_url, "url"
    pruned = _page_without_chrome_or_urls(tree, chrome, page.markup)
    pruned_scope = article_scope(pruned)
    printed_here = _article_printed(pruned_scope, language)()
    printed_days = {printed_date.day for printed_date in printed_here}
    # A day the article labels its publication, then the headline's dateline; else an ambiguous
    # date meta, then htmldate's answer (it weighs the page's date markup: classes, itemprops),
    # stand when the article prints their day; else the first day the article prints; else the
    # meta; else htmldate's guess. Only here does the headline's own day count: beside a
    # structured date it may be an event's, "later" than it.
    labelled = [found for found in printed_here if found.label == "published"]
    after_headline, above = _dateline(pruned, json_ld, pruned_scope, language, own=True)
    # A byline above the headline ("| Par Loïc Le Clerc | 30 septembre 2018") comes before a
    # last change printed under it ("Article mis à jour le 7 janvier 2020"), and stands when
    # nothing under it is dated (a kicker's "Pressemitteilung | 12.12.2022 12:22").
    changed = [found for found in after_headline if found.label == "modified"]
    unchanged = [found for found in after_headline if found.label != "modified"]
    from_dateline = _first_printed(labelled + unchanged + above + changed, fetched_at)
    if from_dateline:
        return from_dateline, "printed"
    if ambiguous:
        ambiguous = _localised(ambiguous, page, ambiguous, lambda: printed_here, readers_day=True)
        if date.fromisoformat(ambiguous[0][0][:10]) in printed_days:
            return ambiguous[0]
    from_text = _htmldate_published(pruned, fetched_at)
    shown = from_text and date.fromisoformat(from_text)
    if shown and (shown in printed_days or shown in _top_days(pruned, language)):
        return from_text, "htmldate"
    from_print = _first_printed(printed_here, fetched_at)
    if from_print:
        return from_print, "printed"
    if ambiguous:
        return ambiguous[0]
    # htmldate reads a footer's "© 2011" as 2011-01-01 when it finds nothing else: a year is no
    # publication day, and a made-up one is worse than none. A January 1 shown on the page has
    # returned above.
    if not from_text or from_text[5:] == "01-01":
        return None, None
    return from_text, "htmldate"


def _dateline_choice(
    candidates: list[tuple[str, str]],
    dateline: list[PrintedDate],
    above: list[PrintedDate],
    fetched_at: datetime,
) -> tuple[str, str] | None:
    """What the article's dateline decides among the structured ``candidates``: the first
    candidate whose day it shows (the lines after the headline first, then those ``above``
    it); else, when the first day after the headline is later than them all by more than a
    day, that day (a story updated or put online again shows its readers the new day while its
    metadata keeps the first: "Updated Mar 12, 2020" over a datePublished of 2019); else None.
    A day's difference is left to the time zone rules above (the same instant is the next day
    east of UTC); the fetch day is never taken from it (a "today" line), nor a day from the
    lines above the headline, where a header's date line stands."""
    days = {
        date.fromisoformat(value[:10]): (value, source) for value, source in reversed(candidates)
    }
    shown = next((printed.day for printed in dateline + above if printed.day in days), None)
    if shown is not None:
        return days[shown]
    # A publication and an update at most: more days after the headline are a list (events,
    # a programme), none of them the article's.
    first = dateline[0].day if 0 < len({p.day for p in dateline}) <= 2 else None
    if first is None or first <= max(days) + _A_DAY or first == fetched_at.date():
        return None
    later = normalise_date(first.isoformat(), fetched_at)
    return (later, "printed") if later else None


def first_published_date(page: DatedPage, published_source: str | None) -> str | None:
    """The structured publication date a later day the dateline shows superseded: when the
    published date came from the page's print (``published_source`` ``printed``) although
    structured sources date the page, the first of them, as ``published_date`` read it. It
    is kept as the story's first publication (its metadata keeps that day when the story is
    updated or put online again); None otherwise."""
    if published_source != "printed":
        return None
    if not page.published:
        return None
    return _localised(page.published, page, page.published, page.printed, readers_day=True)[0][0]


def modified_date(page: DatedPage) -> tuple[str | None, str | None]:
    """(modified_at, modified_source) from the structured sources only, in the offset the
    published date is written in when it is UTC."""
    valid = _valid(_structured_modified(page.tree, page.json_ld, page.scope), page.fetched_at)
    if not valid:
        return None, None
    return _localised(valid, page, page.published, page.printed, readers_day=False)[0]
