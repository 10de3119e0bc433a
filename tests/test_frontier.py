"""The frontier's decisions on plain values: when a listing series is over, which pages come next."""

from __future__ import annotations

from archiver.frontier import ListingSeries

HOME = "https://news.example/"


def entries(page: int, per_page: int = 10) -> list[str]:
    return [f"{HOME}post-{page}-{k}/" for k in range(per_page)]


def read(series: ListingSeries, page: int, shown: list[str], **kwargs):
    options = {
        "barren": False,
        "linked_pages": {page + 1},
        "numbered_pages": set(),
        "walk_whole": False,
        **kwargs,
    }
    return series.page_read(HOME, page, shown, **options)


def walk_trap(series: ListingSeries, real_pages: int, **kwargs) -> list[int]:
    """Walk a listing whose server answers every page past ``real_pages`` with a "next" link,
    alternately empty and repeating the last page; return the page numbers asked."""
    asked, page = [1], 1
    while page < 1000:
        if page <= real_pages:
            shown = entries(page)
        else:
            shown = [] if page % 2 else entries(real_pages)
        verdict = read(series, page, shown, **kwargs)
        if not verdict.next_pages:
            break
        page = verdict.next_pages[0]
        asked.append(page)
    return asked


def test_an_empty_page_past_the_end_ends_the_series():
    series = ListingSeries(stop_after=2, max_pages=2000)
    asked = walk_trap(series, real_pages=5, walk_whole=True)
    assert asked == [1, 2, 3, 4, 5, 6]  # page 6 (empty) is the only page past the end


def test_a_page_repeating_an_earlier_one_ends_the_series():
    series = ListingSeries(stop_after=2, max_pages=2000)
    for page in range(1, 5):
        assert read(series, page, entries(page)).next_pages == (page + 1,)
    verdict = read(series, 5, entries(2))  # not the previous page: an earlier one
    assert (verdict.productive, verdict.ended, verdict.next_pages) == (False, True, ())


def test_sidebar_links_are_not_entries_so_an_empty_listing_page_is_empty():
    series = ListingSeries(stop_after=2, max_pages=2000)
    read(series, 1, entries(1))
    assert read(series, 2, []).ended


def test_the_pagination_numbers_bound_the_series():
    series = ListingSeries(stop_after=2, max_pages=2000)
    verdict = read(series, 1, entries(1), numbered_pages={2, 3, 7}, linked_pages={2, 3, 7})
    assert verdict.next_pages == (2,)
    for page in range(2, 7):
        read(series, page, entries(page))
    # Page 7 is the last the pagination numbered: its "next" link leads nowhere asked.
    assert read(series, 7, entries(7), linked_pages={8}).next_pages == ()


def test_a_series_walked_whole_asks_pages_ahead_within_its_bound_only():
    series = ListingSeries(stop_after=2, max_pages=2000, ahead=8)
    first = read(series, 1, entries(1), numbered_pages={2, 3, 5}, walk_whole=True)
    assert first.next_pages == (2, 3, 4, 5)
    unbounded = ListingSeries(stop_after=2, max_pages=2000, ahead=8)
    # Without page numbers only the linked next page: nothing ahead of the evidence.
    assert read(unbounded, 1, entries(1), walk_whole=True).next_pages == (2,)


def test_a_barren_series_stops_after_stop_after_pages_unless_walked_whole():
    series = ListingSeries(stop_after=2, max_pages=2000)
    assert read(series, 1, entries(1), barren=True).next_pages == (2,)
    assert read(series, 2, entries(2), barren=True).next_pages == ()
    whole = ListingSeries(stop_after=2, max_pages=2000)
    for page in (1, 2, 3):
        assert read(whole, page, entries(page), barren=True, walk_whole=True).next_pages
    # ...and a page with something new to the run resets the streak.
    reset = ListingSeries(stop_after=2, max_pages=2000)
    read(reset, 1, entries(1), barren=True)
    assert read(reset, 2, entries(2), barren=False).next_pages == (3,)


def test_the_ceiling_on_pages_holds():
    series = ListingSeries(stop_after=2, max_pages=3)
    assert walk_trap(series, real_pages=50) == [1, 2, 3]


def test_a_page_read_after_its_series_ended_asks_nothing():
    series = ListingSeries(stop_after=2, max_pages=2000, ahead=8)
    read(series, 1, entries(1), numbered_pages={9}, walk_whole=True)
    assert read(series, 3, [], walk_whole=True).ended  # read before page 2 (asked at once)
    late = read(series, 2, entries(2), walk_whole=True)
    assert late.productive and late.ended and late.next_pages == ()
