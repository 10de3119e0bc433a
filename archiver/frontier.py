"""The run's discovery state and its decisions, as plain values: no Scrapy, no I/O of its own.

The spider turns responses into calls here and the answers (:class:`Ask`: this URL, as this kind,
with these validators, for this reason, at this priority) into Requests. Everything is decided on
evidence the pages themselves give, so the rules hold on sites the project has not seen.

:class:`Frontier` holds one run's state: what it asked already (each URL once, within the
budget of its kind), the links it skipped as traps, the articles it will ask (the backlog, held
as plain values until the scheduler has room), what the site's own lists named, the sitemaps
still to read and whether they were complete, and whether the site answered and showed any
article at all. It reads the archive through the crawl state (``storage.CrawlState``: lookup,
aliases, recent not-article verdicts), which is how it knows what is new, changed or due.

Articles (``announce_article``): unknown ones are asked (``new``), known ones only when a signal
(sitemap ``lastmod``, feed ``updated``, REST ``modified``) says they changed (``changed``), when
their age-based re-check is due (``due``, with the validators the archive holds, so an unchanged
page costs a 304), or when every sitemap was read, complete, and none lists them any more
(``vanished``). What a signal names goes ahead of the new ones in the backlog: behind a
backfill's whole walk it would wait for the walk's end, which a run that never completes never
reaches.

Listing pages (``listing_shown``): the page's articles are announced; its own entries (not its
sidebars) say whether it was barren (nothing new to the archive, nor, off the home listing, to
the site's own lists this run); the answer names the pages of its series to ask next, the other
listings it links (walked in a backfill), and on the home page the feeds it announces.

Listing series (:class:`ListingSeries`): a listing (home, category, tag, author, date archive) is
a chain of pages. A page is *productive* when it shows an entry its series has not shown before;
the walk stops on evidence:

* a page that brings no entry new to its series ends the series (an empty page, a page repeating
  the last one, or alternating between the two, as servers answering 200 past the end do);
* the pagination's own numbered links bound it: no page beyond the highest page number the series'
  pagination showed is asked (when it shows numbers at all);
* no page further than ``stop_after`` pages past the last productive one is asked;
* a series that is walked only while it brings articles new to the run (every series but a
  backfill's home listing) stops after ``stop_after`` barren pages in a row.
"""

from __future__ import annotations

import hashlib
import zlib
from array import array
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Set
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urljoin

from archiver.discovery import (
    FeedEntry,
    SitemapDocument,
    archive_path,
    changed_since,
    link_kind,
    listing_page,
    page_url,
    sitemap_lists_posts,
)
from archiver.profiles import SiteProfile
from archiver.urls import canonicalize, link_verdict, same_site
from storage.state import KnownArticle, recheck_due

if TYPE_CHECKING:
    from archiver.pageshape import ListingLinks

# The home listing, feeds and sitemaps before articles: a listing series is a chain, each page
# asked once the previous one is read, so a home page waiting behind every queued article made
# the walk a long tail after the last article (5,000 posts: 40 s of 100). The other listings
# (category, tag, author, date) share the articles' rank: they mostly show articles already
# found, and ahead of articles they kept the extraction workers idle for the first seconds.
DISCOVERY_PRIORITY = 20
ARTICLE_PRIORITY = 10
OTHER_LISTING_PRIORITY = ARTICLE_PRIORITY
_MIN_SLOTS = 16


def url_key(url: str) -> int:
    """What a run keeps of a URL it only needs to recognise: a 64-bit digest, never 0. Two of a
    run's URLs sharing one (one would not be asked) is a 1 in 10**8 chance at a million URLs."""
    return int.from_bytes(hashlib.blake2b(url.encode(), digest_size=8).digest(), "big") or 1


# The marks one UrlTable holds per URL: the frontier's four sets (see Frontier), the requests
# the scheduler's dupefilter let through (``archiver.dupefilter``), and the entries shown by the
# first listing series a run reads (``ListingSeries``).
ASKED, LISTED, SITEMAP_LISTED, TRAP, REQUESTED = 1, 2, 4, 8, 16
SERIES_SEEN = (32, 64, 128)


class UrlTable:
    """Marks (a byte of bits) per URL digest (``url_key``), for the UrlSets sharing it.

    Two arrays, not a dict: a digest in an array of 64-bit words and its marks in a bytearray,
    open addressing with linear probing (the digest is a hash already: its low bits are its
    slot), at most half full: ~20 bytes a URL, where a dict of int keys cost ~75 and a set of
    URLs ~800. Digests are never removed.
    """

    def __init__(self) -> None:
        self._digests = array("Q", bytes(8 * _MIN_SLOTS))
        self._marks = bytearray(_MIN_SLOTS)
        self._mask = _MIN_SLOTS - 1
        self._used = 0

    def __len__(self) -> int:
        """How many URLs it holds a mark for."""
        return self._used

    def _slot(self, key: int) -> int:
        """The slot of ``key``, or the empty one where it would go."""
        digests, mask = self._digests, self._mask
        slot = key & mask
        while (digest := digests[slot]) and digest != key:
            slot = (slot + 1) & mask
        return slot

    def marks(self, key: int) -> int:
        return self._marks[self._slot(key)]

    def mark(self, key: int, bit: int) -> bool:
        """Set ``bit`` for ``key``; whether it was not set."""
        slot = self._slot(key)
        marks = self._marks[slot]
        if marks & bit:
            return False
        if not marks:
            if 2 * (self._used + 1) > len(self._marks):
                self._grow()
                slot = self._slot(key)
            self._digests[slot] = key
            self._used += 1
        self._marks[slot] = marks | bit
        return True

    def _grow(self) -> None:
        digests, marks = self._digests, self._marks
        size = 2 * len(marks)
        self._digests, self._marks, self._mask = (
            array("Q", bytes(8 * size)),
            bytearray(size),
            size - 1,
        )
        for key, bits in zip(digests, marks, strict=True):
            if bits:
                slot = self._slot(key)
                self._digests[slot], self._marks[slot] = key, bits


class UrlSet:
    """A set of URLs for membership only (``add``, ``update``, ``in``, ``len``): it keeps their
    ``url_key``, never the URLs, so it cannot list them.

    Sets sharing one ``table`` (each with its own ``bit``) hold a URL in one entry, the digest
    with the marks of the sets it is in: a run's asked, listed and sitemap-listed URLs are
    mostly the same ones.
    """

    def __init__(self, urls: Iterable[str] = (), *, table: UrlTable | None = None, bit: int = 1):
        self.table = UrlTable() if table is None else table
        self._bit = bit
        self._size = 0
        self.update(urls)

    def add(self, url: str) -> bool:
        """Put ``url`` in; whether it was new to the set."""
        return self.add_key(url_key(url))

    def add_key(self, key: int) -> bool:
        """Put in the URL (or request) whose ``url_key`` is ``key``; whether it was new."""
        if not self.table.mark(key, self._bit):
            return False
        self._size += 1
        return True

    def has_key(self, key: int) -> bool:
        return bool(self.table.marks(key) & self._bit)

    def update(self, urls: Iterable[str]) -> None:
        for url in urls:
            self.add(url)

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and self.has_key(url_key(url))

    def __len__(self) -> int:
        return self._size


class UrlQueue:
    """A first-in first-out queue of URLs (``append``, ``popleft``, ``len``), held packed.

    A site's whole list of new articles waits here once its sitemaps are read (20,000 URLs:
    2.4 MB as a deque of strings). Every ``PACKED_URLS`` URLs are joined into one zlib-compressed
    chunk (a site's URLs share most of their text); a chunk is unpacked when its turn comes.
    """

    PACKED_URLS = 512

    def __init__(self) -> None:
        self._head: deque[str] = deque()  # the chunk being handed out, unpacked
        self._chunks: deque[bytes] = deque()
        self._tail: list[str] = []  # the newest URLs, until a chunk is full
        self._size = 0

    def append(self, url: str) -> None:
        self._tail.append(url)
        self._size += 1
        if len(self._tail) == self.PACKED_URLS:
            # A newline cannot be in a URL: urlsplit drops it (WHATWG), canonicalize escapes.
            self._chunks.append(zlib.compress("\n".join(self._tail).encode(), 1))
            self._tail = []

    def popleft(self) -> str:
        if not self._head:
            if self._chunks:
                self._head.extend(zlib.decompress(self._chunks.popleft()).decode().split("\n"))
            else:
                self._head.extend(self._tail)
                self._tail = []
        url = self._head.popleft()  # IndexError when empty, as a deque's
        self._size -= 1
        return url

    def __len__(self) -> int:
        return self._size


@dataclass(frozen=True)
class Ask:
    """Ask ``url`` as ``kind`` (listing, article, feed, sitemap, robots, rest), for ``reason``
    (an article's: new, changed, due, vanished), with ``validators`` (conditional headers)."""

    url: str
    kind: str
    priority: int
    reason: str | None = None
    validators: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ListingOutcome:
    """What one listing page leads to."""

    productive: bool  # it showed an entry new to its series (else it is past the series' end)
    walked_whole: bool  # a page of a walk to the end (a backfill's home listing)
    pages: tuple[str, ...]  # pages of its series to ask now
    listings: tuple[str, ...]  # first pages of the other listings it links, to walk too
    feeds: tuple[str, ...] = ()  # feeds the home page announces (feed autodiscovery)


@dataclass(frozen=True)
class SitemapLeads:
    """What one sitemap leads to: child sitemaps of an index, listings (in a backfill)."""

    sitemaps: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()


class ArchiveView(Protocol):
    """What the frontier reads of the archive (``storage.state.CrawlState``)."""

    def lookup(self, url: str) -> KnownArticle | None: ...
    def recently_not_article(self, url: str, now: datetime) -> bool: ...
    def known_articles(self) -> Iterable[KnownArticle]: ...
    def aliases_of(self, article_id: int) -> list[str]: ...


class Frontier:
    """One run's discovery state (see the module docstring).

    ``listings``: the rules of its listing series. ``profile``: the site's (None until it is
    chosen from the home page). ``mode``: ``fresh`` or ``backfill`` (walk the home listing to its
    end, and every other listing found while it brings articles new to the run);
    ``resume_page``: the home page where an unfinished backfill resumes its walk. ``budgets``:
    the most URLs of each kind one run asks (0 or absent: no limit). ``count``: told the name of
    each event worth a statistic (``archiver/...``), once per event.
    """

    def __init__(
        self,
        base_url: str,
        archive: ArchiveView,
        now: datetime,
        *,
        listings: ListingSeries,
        profile: SiteProfile | None = None,
        mode: str = "fresh",
        resume_page: int | None = None,
        budgets: dict[str, int] | None = None,
        count: Callable[[str], object] | None = None,
    ):
        self.base_url = base_url
        self.profile = profile
        self.mode = mode
        self.resume_page = resume_page
        self.listings = listings
        self.archive = archive
        self.now = now
        self.budgets = {kind: int(limit or 0) for kind, limit in (budgets or {}).items()}
        self.counts: Counter[str] = Counter()
        self.count = count or self._tally
        # The URLs this run met, each one entry of one table whatever it was met as (they are
        # mostly the same URLs: asked, listed, sitemap-listed); the dupefilter's requests and the
        # entries of the first listing series read (the home listing's: every post) too.
        self.urls = table = listings.table
        self.scheduled = UrlSet(table=table, bit=ASKED)  # canonical URLs asked for in this run
        self.scheduled_by_kind: dict[str, int] = defaultdict(int)
        self.traps_seen = UrlSet(table=table, bit=TRAP)
        # Articles this run will ask for, waiting for scheduler room: the new ones by URL, and
        # those a signal or a due re-check named, as (canonical url, reason), ahead of them.
        self.backlog = UrlQueue()
        self.signalled: deque[tuple[str, str]] = deque()
        # Articles the site's own lists named in this run: home listing entries, feeds, REST;
        # and the sitemaps'. What a category, tag, author or date page must add to be worth
        # walking on (``is_barren``).
        self.listed = UrlSet(table=table, bit=LISTED)
        self.sitemap_listed = UrlSet(table=table, bit=SITEMAP_LISTED)
        # Sitemaps (and robots.txt, while the sitemaps it names are unknown) not read yet, and
        # whether every one read so far was whole: only then is an article missing from them gone.
        self.sitemaps_pending = 0
        self.sitemaps_complete = True
        # Whether the site answered a page, and how many article links its pages, feeds, sitemaps
        # and API showed this run (asked or not): see ``discovery_failure``.
        self.site_reached = False
        self.articles_announced = 0
        # How each listing series spells its later pages, as its links showed it.
        self.page_styles: dict[str, str] = {}

    def _tally(self, event: str) -> None:
        self.counts[event] += 1

    # --- asking -----------------------------------------------------------------------------

    def admit(self, url: str, kind: str, *, canonical: bool = True) -> str | None:
        """Count ``url`` as asked for by this run and return its key; None if asked already or
        its kind's budget is spent."""
        if url in self.scheduled:
            return None  # most links are canonical already and asked for: skip canonicalising
        key = canonicalize(url) if canonical else url
        if key != url and key in self.scheduled:
            return None
        budget = self.budgets.get(kind, 0)
        if budget and self.scheduled_by_kind[kind] >= budget:
            self.count(f"archiver/budget_exhausted/{kind}")
            return None
        self.scheduled.add(key)
        self.scheduled_by_kind[kind] += 1
        return key

    def ask(self, url: str, kind: str, *, canonical: bool = True) -> Ask | None:
        """The Ask for a page that is no article (listing, feed, sitemap, robots, rest), or None
        when this run asked it already or its kind's budget is spent."""
        key = self.admit(url, kind, canonical=canonical)
        return None if key is None else Ask(key, kind, self.priority(kind, key))

    def priority(self, kind: str, url: str) -> int:
        if kind == "article":
            return ARTICLE_PRIORITY
        if kind == "listing" and listing_page(url).series != self.base_url:
            return OTHER_LISTING_PRIORITY
        return DISCOVERY_PRIORITY

    def site_links(self, hrefs: Iterable[str], base: str) -> Iterator[str]:
        """Canonical same-site links that are not traps, in page order, each once."""
        seen: set[str] = set()
        for href in hrefs:
            href = href.strip()
            # An absolute link means the same from every page: its verdict is cached on it alone,
            # without its fragment (canonical URLs have none), so ``#respond`` and each
            # ``#comment-N`` of a post share their post's verdict.
            absolute = href if href.startswith(("http://", "https://")) else urljoin(base, href)
            verdict = link_verdict(absolute.partition("#")[0], self.base_url)
            if verdict is None or verdict[0] in seen:
                continue
            url, trap = verdict
            seen.add(url)
            if trap:
                if self.traps_seen.add(url):
                    self.count("archiver/traps_skipped")
                    self.count(f"archiver/traps_skipped/{trap}")
                continue
            yield url

    def is_listing_link(self, url: str, tagged: Set[str] = frozenset()) -> bool:
        """Whether a link leads to a listing: by the profile's URL shapes, or (without them) by
        what the page says of it (``tagged``: its rel="tag" links), a pagination or a taxonomy or
        date archive path."""
        if self.profile is not None and self.profile.url_shapes:
            return link_kind(url) == "listing"
        return url in tagged or listing_page(url).page > 1 or archive_path(url)

    def entry_links(
        self, container_hrefs: Iterable[str], base: str, tagged: Set[str] = frozenset()
    ) -> set[str]:
        """The listing's own entries among the links of its post blocks
        (``pageshape.listing_links``). A post's block also links its categories, tags, author
        and date archive: those are listings whatever block they sit in."""
        return {
            url
            for url in self.site_links(container_hrefs, base)
            if not self.is_listing_link(url, tagged)
        }

    def announced_kind(self, url: str) -> str:
        """What a link a feed, sitemap or API announces leads to: article, listing or other.

        The profile's URL shapes say it; without them (generic profile) anything but the home
        page and what is shaped as a listing (pagination, taxonomy and date archives) is asked
        as an article, and the page itself says what it is (a listing is read as one).
        """
        if self.profile is not None and self.profile.url_shapes:
            return link_kind(url)
        if url == self.base_url:
            return "other"
        return "listing" if self.is_listing_link(url) else "article"

    def listing_shown(self, url: str, page: ListingLinks) -> ListingOutcome:
        """What the listing page at ``url`` shows (``pageshape.listing_links``): its articles go
        to the backlog, and the answer says which listings and feeds to ask next."""
        shapes = self.profile is not None and self.profile.url_shapes
        links = list(self.site_links(page.hrefs, url))
        tagged = set(self.site_links(page.taxonomy, url))
        candidates = self.entry_links(page.entries, url, tagged)
        articles = [u for u in links if (shapes and link_kind(u) == "article") or u in candidates]
        # The listing's own entries (not the sidebar widgets every page repeats) tell whether the
        # page brought anything new and whether it is past the end: a page with none has none,
        # whatever its sidebars show. Judged before its articles are asked for, since asking
        # makes them known to this run.
        entries = [u for u in articles if u in candidates]
        series = listing_page(url).series
        barren = self.is_barren(series, entries)
        if series == self.base_url:
            self.listed.update(entries)
        for article in articles:
            self.announce_article(article)
        numbered = set(self.site_links(page.numbered, url))
        outcome = self.listing_read(url, links, numbered, tagged, entries, barren=barren)
        home = canonicalize(url) == self.base_url
        if self.profile is not None and self.profile.feed_autodiscovery and home:
            return replace(outcome, feeds=tuple(self.site_links(page.feeds, url)))
        return outcome

    def listing_read(
        self,
        url: str,
        links: list[str],
        numbered: Set[str],
        tagged: Set[str],
        entries: list[str],
        *,
        barren: bool,
    ) -> ListingOutcome:
        """Which pages a listing page at ``url`` leads to, from its site links (``links``), those
        of its pagination block that are page numbers (``numbered``) and that say they are tags
        (``tagged``), its own entries and whether they were ``barren`` (``is_barren``)."""
        here = listing_page(url)
        home = here.series == self.base_url
        # A resumed backfill walks its home listing whole from where the last one got; the pages
        # before that are its head, walked like any other listing, as a walk of their own.
        resumed = home and self.resume_page is not None and here.page >= self.resume_page
        walk_whole = self.mode == "backfill" and home and (self.resume_page is None or resumed)
        linked: set[int] = set()
        by_number: set[int] = set()
        first_pages = []
        for link in links:
            if not self.is_listing_link(link, tagged):
                continue
            there = listing_page(link)
            if there.series == here.series:
                linked.add(there.page)
                if there.page > 1:
                    self.page_styles.setdefault(here.series, there.style)
                if link in numbered:
                    by_number.add(there.page)
            elif there.page == 1:
                first_pages.append(link)
        verdict = self.listings.page_read(
            f"{here.series} resumed" if resumed else here.series,
            here.page,
            entries,
            barren=barren,
            linked_pages=linked,
            numbered_pages=by_number,
            # A backfill walks the home listing to its end; any other walk stops after
            # ``stop_after`` pages in a row that bring nothing new.
            walk_whole=walk_whole,
        )
        if not verdict.productive:
            return ListingOutcome(False, walk_whole, (), ())
        style = self.page_styles.get(here.series, here.style)
        pages = tuple(page_url(here.series, page, style) for page in verdict.next_pages)
        others = tuple(first_pages) if self.mode == "backfill" else ()
        return ListingOutcome(True, walk_whole, pages, others)

    # --- articles ---------------------------------------------------------------------------

    def announce_article(
        self, url: str, *, modified: str | None = None, vanished: bool = False
    ) -> str | None:
        """An article link the site showed (``modified``: a signal's time for it): put it in the
        backlog when it is unknown, changed, due, or ``vanished``; return why (None: not asked).

        Decided now, on what the archive held at the start; its Ask is made when the scheduler
        has room for it (``next_article``).
        """
        if not vanished:
            self.articles_announced += 1
        known = self.archive.lookup(url)
        if known is None and not modified and self.archive.recently_not_article(url, self.now):
            self.count("archiver/articles_skipped_not_article")
            return None
        if known is None:
            reason = "new"
        elif vanished and not known.gone_at:
            reason = "vanished"
        elif changed_since(modified, known.modified_at, known.last_fetched):
            reason = "changed"
        elif not known.gone_at and recheck_due(known, self.now):
            reason = "due"
        else:
            self.count("archiver/articles_skipped_known")
            return None
        key = self.admit(url, "article")
        if key is None:
            return None
        if reason == "new":
            self.backlog.append(key)
        else:
            self.signalled.appendleft((key, reason))
        self.count(f"archiver/article_requests/{reason}")
        return reason

    def next_article(self) -> Ask | None:
        """The backlog's next article, with its validators on an age-based re-check; None when
        the backlog is empty."""
        if self.signalled:
            url, reason = self.signalled.popleft()
        elif self.backlog:
            url, reason = self.backlog.popleft(), "new"
        else:
            return None
        validators: tuple[tuple[str, str], ...] = ()
        known = self.archive.lookup(url) if reason == "due" else None
        if known is not None:
            # Validators only help on an age-based re-check: a signal already says it changed.
            validators = tuple(
                (header, value)
                for header, value in (
                    ("If-None-Match", known.etag),
                    ("If-Modified-Since", known.last_modified),
                )
                if value
            )
        return Ask(url, "article", ARTICLE_PRIORITY, reason, validators)

    # --- listings ---------------------------------------------------------------------------

    def is_barren(self, series: str, entries: Iterable[str]) -> bool:
        """Whether a listing page shows no article that is new to the archive.

        The home listing is the site's whole list: new means not archived yet. Every other series
        (category, tag, author, date) is another view of the same articles, so for it new also
        means not named by the site's own lists in this run (home listing, feeds, REST,
        sitemaps): a category page showing only those leads nowhere new. An article another
        category, tag, author or date page found first still counts as new: which series gets
        to a post first is a matter of timing, and a series stopped because the others had got
        to its posts could leave deeper ones that no walked series reaches (a category hidden
        from home on a site without sitemaps lost 1 of its 44 posts in some runs that way).
        """
        new = [url for url in entries if self.archive.lookup(url) is None]
        if series != self.base_url:
            new = [url for url in new if url not in self.listed and url not in self.sitemap_listed]
        return not new

    def entries_listed(self, entries: Iterable[FeedEntry]) -> tuple[str, ...]:
        """What a feed or the REST API lists: its articles are announced (with their modified
        time), and the listings among its links are returned, to walk in a backfill."""
        listings = []
        for entry in entries:
            for url in self.site_links([entry.url], self.base_url):
                kind = self.announced_kind(url)
                if kind == "article":
                    self.listed.add(url)
                    self.announce_article(url, modified=entry.modified)
                elif kind == "listing" and self.mode == "backfill":
                    listings.append(url)
        return tuple(listings)

    # --- sitemaps ---------------------------------------------------------------------------

    def sitemap_asked(self) -> None:
        """A sitemap (or robots.txt, which may name some) was asked: not read yet."""
        self.sitemaps_pending += 1

    def sitemap_read(self, sitemap: SitemapDocument) -> SitemapLeads:
        """What a parsed sitemap lists: an index's child sitemaps (in fresh mode only those of
        posts), a urlset's articles announced and remembered as sitemap-listed."""
        if sitemap.kind == "sitemapindex":
            children = []
            for entry in sitemap.entries:
                if self.mode == "fresh" and not sitemap_lists_posts(entry.url):
                    continue  # taxonomy and author sitemaps only lead to listings
                # Not a page's link: the index says it is a sitemap, so no trap rule applies
                # (a ``sitemap-posts.xml.gz`` is no media file to skip); only the site's own.
                if link_verdict(entry.url, self.base_url) is not None:
                    children.append(entry.url)
            return SitemapLeads(sitemaps=tuple(children))
        listings = []
        for entry in sitemap.entries:
            for url in self.site_links([entry.url], self.base_url):
                if self.announced_kind(url) == "article":
                    self.sitemap_listed.add(url)
                    self.announce_article(url, modified=entry.modified)
                else:
                    listings.extend(self.entries_listed([FeedEntry(url, entry.modified)]))
        return SitemapLeads(listings=tuple(listings))

    def sitemap_answered(self, *, complete: bool) -> list[str]:
        """A sitemap (or robots.txt) was answered or failed; ``complete``: nothing of it is
        missing (a broken or unreachable sitemap may have listed any article). Returns the
        reasons of the articles that answer queued (see ``vanished``)."""
        self.sitemaps_pending -= 1
        if not complete:
            self.sitemaps_complete = False
        return self.vanished()

    def vanished(self) -> list[str]:
        """Once every sitemap is read, whole, put in the backlog the archived articles of the site
        that none lists any more (under any of their URLs), to notice a deletion."""
        if self.sitemaps_pending or not self.sitemaps_complete or not self.sitemap_listed:
            return []
        listed = self.sitemap_listed
        queued = []
        for known in self.archive.known_articles():
            url = known.url
            if url in listed or known.gone_at or not same_site(url, [self.base_url]):
                continue
            # Listed under another of its URLs (an old slug, a shortlink) is listed too.
            if not any(alias in listed for alias in self.archive.aliases_of(known.id)):
                reason = self.announce_article(url, vanished=True)
                if reason:
                    queued.append(url)
        return queued

    # --- the run's verdict ------------------------------------------------------------------

    def discovery_failure(self, profile: str) -> str | None:
        """At the end: why the run archived nothing a news site must have, or None.

        A news site always lists articles; one that answered but showed none anywhere means this
        crawl cannot read the site (a profile that does not fit it, a theme it does not
        understand), and an ``ok`` would let a scheduled job archive nothing, silently, forever.
        """
        if self.site_reached and not self.articles_announced:
            return (
                f"no article found: the site answered, but no listing, feed or sitemap of "
                f"profile {profile} showed one"
            )
        return None


@dataclass
class SeriesState:
    """What a run knows of one listing series."""

    seen: UrlSet = field(default_factory=UrlSet)  # entries its pages showed
    last_productive: int = 0  # highest page number that showed an entry new to the series
    bound: int | None = None  # highest page number its numbered pagination links showed
    barren_streak: int = 0  # pages in a row without an article new to the run
    ended: bool = False  # a page brought nothing new to the series: the end


@dataclass(frozen=True)
class PageVerdict:
    """What one listing page says about its series: walk on to which pages."""

    productive: bool  # the page showed an entry new to its series
    ended: bool  # the series is over (this page or an earlier one said so)
    next_pages: tuple[int, ...]  # page numbers of the series to ask now


class ListingSeries:
    """The listing series of one run: which pages to ask next, and when a series is over.

    ``stop_after``: barren pages in a row that end a series walked for new articles, and how
    far past its last productive page a series may be walked. ``max_pages``: the ceiling on a
    series' page number. ``ahead``: how many pages past the one read a series walked whole may be
    asked at once, within its pagination's bound.
    """

    def __init__(self, stop_after: int, max_pages: int, ahead: int = 0):
        self.stop_after = max(1, stop_after)
        self.max_pages = max_pages
        self.ahead = ahead
        self.series: dict[str, SeriesState] = {}
        # The first series read keep their entries as marks (``SERIES_SEEN``) in this table, the
        # frontier's, which holds those URLs already (they are asked): the home listing, read
        # first, shows every post of the site, and a table of its own cost ~30 bytes a post.
        self.table = UrlTable()
        self._free_marks = list(SERIES_SEEN)

    def state(self, series: str) -> SeriesState:
        if series not in self.series:
            seen = (
                UrlSet(table=self.table, bit=self._free_marks.pop(0))
                if self._free_marks
                else UrlSet()
            )
            self.series[series] = SeriesState(seen)
        return self.series[series]

    def page_read(
        self,
        series: str,
        page: int,
        entries: list[str],
        *,
        barren: bool,
        linked_pages: set[int],
        numbered_pages: set[int],
        walk_whole: bool,
    ) -> PageVerdict:
        """Record page ``page`` of ``series`` and say which of its pages to ask next.

        ``entries``: the listing's own entries on the page (not its sidebars). ``barren``: none
        of them is new to the run. ``linked_pages``: page numbers of the series the page links
        (its "next"/"older" link among them); ``numbered_pages``: those it links by their number
        (``1 2 3 ... 200``). ``walk_whole``: walk to the end even through barren pages (a
        backfill's home listing), asking up to ``ahead`` pages at once within the bound.
        """
        state = self.state(series)
        fresh = [url for url in entries if state.seen.add(url)]  # each entry put in once
        if numbered_pages:
            state.bound = max(state.bound or 0, *numbered_pages)
        state.barren_streak = state.barren_streak + 1 if barren else 0
        if not fresh:
            state.ended = True
            return PageVerdict(productive=False, ended=True, next_pages=())
        state.last_productive = max(state.last_productive, page)
        if state.ended or (not walk_whole and state.barren_streak >= self.stop_after):
            return PageVerdict(productive=True, ended=state.ended, next_pages=())
        following = page + 1
        if state.bound is not None:
            # The pagination's own numbers say which pages exist: a series walked whole asks
            # several of them at once, so its walk keeps pace with the articles it announces.
            furthest = page + (max(1, self.ahead) if walk_whole else 1)
            pages = range(following, min(furthest, state.bound, self.max_pages) + 1)
        elif following in linked_pages and following <= self.max_pages:
            pages = range(following, following + 1)
        else:
            pages = range(0)
        return PageVerdict(productive=True, ended=False, next_pages=tuple(pages))
