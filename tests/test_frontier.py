"""The frontier's decisions on plain values: when a listing series is over, which pages come next,
what is asked once, within budget, in which order, what counts as vanished, when discovery failed."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta, timezone

import pytest
from lxml.html import document_fromstring
from test_pageshape import STATIC_HOME

from archiver.discovery import FeedEntry, SitemapDocument
from archiver.extraction.article import Article
from archiver.extraction.fingerprint import content_fingerprint, simhash64
from archiver.frontier import (
    ARTICLE_PRIORITY,
    DISCOVERY_PRIORITY,
    Ask,
    Frontier,
    ListingOutcome,
    ListingSeries,
    UrlSet,
    UrlTable,
)
from archiver.pageshape import listing_links
from archiver.profiles import GENERIC, WORDPRESS
from storage.state import load_crawl_state
from storage.writes import ArchiveWriter

HOME = "https://news.example/"


def entries(page: int, per_page: int = 10) -> list[str]:
    return [f"{HOME}post-{page}-{k}/" for k in range(per_page)]


def holds(urls: UrlSet, expected: set[str]) -> bool:
    """Whether ``urls`` holds exactly ``expected`` (a UrlSet keeps digests: it cannot list)."""
    return len(urls) == len(expected) and all(url in urls for url in expected)


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


def test_series_sharing_the_frontiers_table_each_end_on_their_own_entries(archive):
    run = frontier(archive)
    listings = run.listings
    posts = entries(1)
    for post in posts:
        run.admit(post, "article")
    held = len(run.urls)
    # More series than the table has marks for: the first keep their entries in it, the others
    # in tables of their own, and each one's end is told by its own entries alone.
    for series in (HOME, *(f"{HOME}category/c{k}/" for k in range(5))):
        first = listings.page_read(
            series, 1, posts, barren=False, linked_pages={2}, numbered_pages=set(), walk_whole=False
        )
        assert first.productive and first.next_pages == (2,)
        again = listings.page_read(
            series, 2, posts, barren=False, linked_pages={3}, numbered_pages=set(), walk_whole=False
        )
        assert again.ended and not again.productive
    assert len(run.urls) == held  # the shared series' entries cost the run no entry of their own
    assert len(listings.state(HOME).seen) == len(posts)


def test_a_page_read_after_its_series_ended_asks_nothing():
    series = ListingSeries(stop_after=2, max_pages=2000, ahead=8)
    read(series, 1, entries(1), numbered_pages={9}, walk_whole=True)
    assert read(series, 3, [], walk_whole=True).ended  # read before page 2 (asked at once)
    late = read(series, 2, entries(2), walk_whole=True)
    assert late.productive and late.ended and late.next_pages == ()


# --- the run's state: asks, budgets, the article backlog, sitemaps, the verdict ----------------
# Against a real archive (written by the crawler's own writer, read through the spider's crawl
# state): what it holds decides what is new, changed, due or gone.

NOW = datetime(2024, 7, 24, 12, 0, tzinfo=timezone.utc)
OLD = f"{HOME}2022/03/harbour-dues/"  # last checked a year ago: its re-check is due
FRESH = f"{HOME}2022/05/ferry-strike/"  # checked an hour ago: not due
RENAMED = f"{HOME}2022/06/new-slug/"  # also seen under an old slug
OLD_SLUG = f"{HOME}2022/06/old-slug/"


def _page(url: str, fetched: datetime, **fields) -> dict:
    text = f"The story told at {url}, long enough to be an article of its own. " * 8
    article = Article(
        url=url,
        title=f"Story {url[-12:]}",
        text=text,
        fetched_url=url,
        fetched_at=fetched.isoformat(),
        published_at="2022-03-01T08:00:00+00:00",
        modified_at=fields.pop("modified_at", None),
        word_count=len(text.split()),
        fingerprint=content_fingerprint(url, text),
        simhash=simhash64(text),
    )
    return {"article": asdict(article), "html": f"<html><body>{text}</body></html>",
            "status": 200, "content_type": "text/html", **fields}  # fmt: skip


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    path = tmp_path_factory.mktemp("frontier") / "archive.db"
    with ArchiveWriter(path) as writer:
        run_id = writer.start_run("news", "backfill", HOME)
        writer.write_batch(
            [
                _page(
                    OLD, NOW - timedelta(days=365), etag='"v1"', last_modified="Tue, 01 Mar 2022"
                ),
                _page(FRESH, NOW - timedelta(hours=1), modified_at="2022-05-02T00:00:00+00:00"),
                _page(RENAMED, NOW - timedelta(hours=1), aliases=[OLD_SLUG]),
            ]
        )
        writer.finish_run(run_id, "ok", {}, {})
    state = load_crawl_state(path)
    yield state
    state.close()


def frontier(archive, **options) -> Frontier:
    listings = ListingSeries(stop_after=2, max_pages=2000, ahead=8)
    return Frontier(HOME, archive, NOW, listings=listings, **options)


def drain(run: Frontier) -> list[tuple[str, str | None]]:
    asks = []
    while (ask := run.next_article()) is not None:
        asks.append((ask.url, ask.reason))
    return asks


def test_each_page_is_asked_once_whatever_its_spelling_home_listings_first(archive):
    run = frontier(archive)
    home = run.ask(f"{HOME}page/2/", "listing")
    assert home == Ask(f"{HOME}page/2/", "listing", DISCOVERY_PRIORITY)
    assert run.ask(f"{HOME}page/2?utm_source=mail", "listing") is None  # the same page
    category = run.ask(f"{HOME}category/harbour/", "listing")
    assert category.priority == ARTICLE_PRIORITY < DISCOVERY_PRIORITY
    assert run.ask(f"{HOME}sitemap.xml", "sitemap").priority == DISCOVERY_PRIORITY


def test_a_kinds_budget_caps_what_one_run_asks_and_is_counted(archive):
    run = frontier(archive, budgets={"listing": 2})
    asked = [run.ask(f"{HOME}page/{n}/", "listing") for n in range(2, 6)]
    assert [ask is not None for ask in asked] == [True, True, False, False]
    assert run.ask(f"{HOME}feed.xml", "feed") is not None  # other kinds keep their room
    assert run.counts["archiver/budget_exhausted/listing"] == 2


def test_the_backlog_asks_what_a_signal_or_the_schedule_names_before_new_articles(archive):
    run = frontier(archive)
    assert run.announce_article(f"{HOME}2024/07/new-one/") == "new"
    assert run.announce_article(f"{HOME}2024/07/new-two/") == "new"
    assert run.announce_article(FRESH, modified="2024-07-20T00:00:00+00:00") == "changed"
    assert run.announce_article(OLD) == "due"
    assert run.announce_article(f"{HOME}2024/07/new-one/") is None  # asked already
    assert drain(run) == [
        (OLD, "due"),
        (FRESH, "changed"),
        (f"{HOME}2024/07/new-one/", "new"),
        (f"{HOME}2024/07/new-two/", "new"),
    ]


def test_new_articles_are_asked_in_the_order_they_were_found_however_many(archive):
    """A sitemap's thousands of new articles, some asked while more are still being found."""
    run = frontier(archive)
    found = [f"{HOME}2024/07/story-{number}/" for number in range(1, 1501)]
    for url in found[:700]:
        run.announce_article(url)
    asked = [run.next_article().url for _ in range(600)]
    for url in found[700:]:
        run.announce_article(url)
    asked += [url for url, _ in drain(run)]
    assert asked == found


def test_a_due_recheck_carries_the_archives_validators_a_signalled_change_none(archive):
    run = frontier(archive)
    run.announce_article(OLD)
    assert run.next_article().validators == (
        ("If-None-Match", '"v1"'),
        ("If-Modified-Since", "Tue, 01 Mar 2022"),
    )
    other = frontier(archive)
    other.announce_article(OLD, modified="2024-07-20T00:00:00+00:00")
    changed = other.next_article()
    assert (changed.reason, changed.validators) == ("changed", ())


def test_a_known_article_neither_changed_nor_due_is_not_asked(archive):
    run = frontier(archive)
    assert run.announce_article(FRESH) is None
    assert run.announce_article(FRESH, modified="2022-05-01T00:00:00+00:00") is None  # older
    assert run.announce_article(OLD_SLUG) is None  # an alias of an archived, fresh article
    assert drain(run) == []
    assert run.counts["archiver/articles_skipped_known"] == 3


def test_articles_no_complete_sitemap_lists_any_more_are_rechecked_as_vanished(archive):
    run = frontier(archive)
    run.sitemap_asked()
    run.sitemap_asked()
    run.sitemap_listed.update([FRESH, OLD_SLUG])  # the renamed article under its old URL
    assert run.sitemap_answered(complete=True) == []  # one sitemap still to read
    assert run.sitemap_answered(complete=True) == [OLD]
    assert drain(run) == [(OLD, "vanished")]


def test_an_incomplete_sitemap_marks_nothing_vanished(archive):
    run = frontier(archive)
    run.sitemap_asked()
    run.sitemap_asked()
    run.sitemap_listed.add(FRESH)
    run.sitemap_answered(complete=False)  # broken, too large or unreachable: it may list OLD
    assert run.sitemap_answered(complete=True) == []
    assert drain(run) == []


def test_a_category_page_showing_only_what_the_sites_own_lists_named_is_barren(archive):
    run = frontier(archive)
    unknown = f"{HOME}2024/07/unknown/"
    category = f"{HOME}category/harbour/"
    assert run.is_barren(HOME, [FRESH, OLD])  # all archived
    assert not run.is_barren(HOME, [FRESH, unknown])
    assert not run.is_barren(category, [unknown])
    run.listed.add(unknown)  # the home listing (or a feed) named it
    assert run.is_barren(category, [unknown]) and not run.is_barren(HOME, [unknown])
    other = f"{HOME}2024/07/in-a-sitemap/"
    run.sitemap_listed.add(other)
    assert run.is_barren(category, [other])


def test_site_links_are_canonical_same_site_each_once_traps_counted_once(archive):
    run = frontier(archive)
    hrefs = [
        "/2024/07/story/",
        "/2024/07/story/#respond",
        "https://elsewhere.example/2024/07/story/",
        "/?s=harbour",
        "/?s=harbour",
        "mailto:desk@news.example",
        "/2024/07/story/?utm_campaign=x",
    ]
    assert list(run.site_links(hrefs, f"{HOME}page/2/")) == [f"{HOME}2024/07/story/"]
    assert list(run.site_links(["/?s=harbour"], HOME)) == []
    assert run.counts["archiver/traps_skipped"] == 1
    assert run.counts["archiver/traps_skipped/search"] == 1


def test_a_site_that_answered_but_showed_no_article_fails_discovery(archive):
    run = frontier(archive)
    assert run.discovery_failure("generic") is None  # nothing answered: another failure
    run.site_reached = True
    assert "no article found" in run.discovery_failure("generic")
    run.sitemap_asked()
    run.sitemap_listed.add(FRESH)
    run.sitemap_answered(complete=True)  # marks OLD and RENAMED vanished: not announced by the site
    assert "profile generic" in run.discovery_failure("generic")
    run.announce_article(FRESH)  # known and fresh, not asked: still shown by the site
    assert run.discovery_failure("generic") is None


def test_a_listing_page_leads_to_its_next_pages_as_its_links_spell_them(archive):
    """A static generator's ``/page2/``: the series' later pages are asked as its links spell
    them; in fresh mode the other listings it links are left, in a backfill they are walked."""
    links = [f"{HOME}page2/", f"{HOME}page3/", f"{HOME}tags/harbour/", f"{HOME}about/"]
    shown = entries(1)
    fresh = frontier(archive)
    outcome = fresh.listing_read(HOME, links, set(links[:2]), set(), shown, barren=False)
    assert outcome == ListingOutcome(True, False, (f"{HOME}page2/",), ())
    backfill = frontier(archive, mode="backfill")
    outcome = backfill.listing_read(HOME, links, set(links[:2]), set(), shown, barren=True)
    # Walked whole, several pages ahead within the numbered bound, and the tag listing too.
    assert outcome == ListingOutcome(
        True, True, (f"{HOME}page2/", f"{HOME}page3/"), (f"{HOME}tags/harbour/",)
    )


def test_a_barren_category_series_ends_where_a_backfills_home_walk_goes_on(archive):
    category = f"{HOME}category/harbour/"
    run = frontier(archive, mode="backfill")
    for page in (1, 2):
        url = category if page == 1 else f"{category}page/{page}/"
        links = [f"{category}page/{page + 1}/"]
        outcome = run.listing_read(url, links, set(), set(), entries(page), barren=True)
    assert outcome.pages == ()  # two barren pages in a row: the category is left
    home = run.listing_read(
        f"{HOME}page/2/", [f"{HOME}page/3/"], set(), set(), entries(2), barren=True
    )
    assert home.walked_whole and home.pages == (f"{HOME}page/3/",)
    past_end = run.listing_read(f"{HOME}page/3/", [], set(), set(), [], barren=True)
    assert not past_end.productive


def test_a_static_home_page_shown_to_the_frontier_announces_its_posts_feeds_and_next_page(archive):
    run = frontier(archive, profile=GENERIC)
    page = listing_links(document_fromstring(STATIC_HOME), GENERIC)
    outcome = run.listing_shown(HOME, page)
    assert outcome.feeds == (f"{HOME}feed.xml", f"{HOME}feed.json")
    assert outcome.pages == (f"{HOME}page2/",)
    assert outcome.listings == ()  # fresh mode: the category and tag pages are left
    posts = [
        f"{HOME}harbour/2024/03/02/tide-tables.html",
        f"{HOME}ferry-timetable.html",
        f"{HOME}harbour/2024/01/05/ice.html",
    ]
    assert drain(run) == [(url, "new") for url in posts]  # not the sidebar's popular post
    assert holds(run.listed, set(posts)) and run.articles_announced == 3


def test_a_feed_announces_its_articles_and_in_a_backfill_its_listings(archive):
    listed = [
        FeedEntry(f"{HOME}2024/07/from-the-feed/", "2024-07-20T00:00:00+00:00"),
        FeedEntry(f"{HOME}category/harbour/"),
        FeedEntry("https://elsewhere.example/2024/07/x/"),
    ]
    fresh = frontier(archive, profile=WORDPRESS)
    assert fresh.entries_listed(listed) == ()
    assert drain(fresh) == [(f"{HOME}2024/07/from-the-feed/", "new")]
    assert holds(fresh.listed, {f"{HOME}2024/07/from-the-feed/"})
    backfill = frontier(archive, profile=WORDPRESS, mode="backfill")
    assert backfill.entries_listed(listed) == (f"{HOME}category/harbour/",)


def test_a_sitemap_index_leads_to_its_post_sitemaps_and_a_urlset_to_its_articles(archive):
    index = SitemapDocument(
        "sitemapindex",
        [
            FeedEntry(f"{HOME}wp-sitemap-posts-post-1.xml"),
            FeedEntry(f"{HOME}wp-sitemap-taxonomies-category-1.xml"),
            FeedEntry(f"{HOME}sitemap-news.xml.gz"),
            FeedEntry("https://cdn.example/sitemap.xml"),
        ],
    )
    run = frontier(archive, profile=WORDPRESS)
    assert run.sitemap_read(index).sitemaps == (
        f"{HOME}wp-sitemap-posts-post-1.xml",
        f"{HOME}sitemap-news.xml.gz",
    )
    urlset = SitemapDocument(
        "urlset",
        [
            FeedEntry(FRESH, "2024-07-01T00:00:00+00:00"),  # changed since it was archived
            FeedEntry(OLD_SLUG),
            FeedEntry(f"{HOME}tag/ferries/"),
        ],
    )
    assert run.sitemap_read(urlset).listings == ()  # fresh mode: the tag page is left
    assert holds(run.sitemap_listed, {FRESH, OLD_SLUG})
    assert drain(run) == [(FRESH, "changed")]


def test_url_sets_sharing_a_table_hold_each_url_for_themselves():
    table = UrlTable()
    asked, listed = UrlSet(table=table, bit=1), UrlSet([FRESH], table=table, bit=2)
    assert FRESH in listed and FRESH not in asked and len(asked) == 0
    assert asked.add(FRESH) and not asked.add(FRESH)  # new once
    assert FRESH in asked and len(asked) == 1 and len(listed) == 1
    assert OLD not in asked and OLD not in listed
    assert len(table) == 1  # one entry for the URL, whatever sets hold it
