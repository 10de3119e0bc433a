"""The run's discovery state and its decisions, as plain values: no Scrapy, no I/O.

The spider turns responses into calls here and the answers into Requests. Everything is decided
on evidence the pages themselves give, so the rules hold on sites the project has not seen.

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

from dataclasses import dataclass, field


@dataclass
class SeriesState:
    """What a run knows of one listing series."""

    seen: set[str] = field(default_factory=set)  # entries its pages showed
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

    def state(self, series: str) -> SeriesState:
        return self.series.setdefault(series, SeriesState())

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
        fresh = set(entries) - state.seen
        state.seen.update(entries)
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
