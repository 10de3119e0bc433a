"""What the spider reads off a listing page: every link, and the listing's own entries apart.

The entries (links inside the posts' ``<article>`` / ``.entry-title``) are what tells whether a
listing page brought anything new; the sidebar's "Latest Posts" repeat on every page and must not
count. A WordPress site with ``/%postname%/`` permalinks has article links that no URL shape gives
away: there the entries are the only way to know them.
"""

from __future__ import annotations

from datetime import datetime, timezone

from lxml.html import document_fromstring
from scrapy.http import HtmlResponse

from archiver.discovery import link_kind
from archiver.frontier import Frontier, ListingSeries
from archiver.pageshape import listing_links
from archiver.profiles import WORDPRESS
from archiver.samplesite import SampleSite
from storage.state import CrawlState


def _listing_hrefs(response: HtmlResponse):
    return listing_links(document_fromstring(response.text), WORDPRESS)


def sample_site(n_posts: int) -> SampleSite:
    site = SampleSite.generate(n_posts=n_posts, seed=3)
    site.set_base_url("http://127.0.0.1:8000/")
    return site


def listing_response(site: SampleSite, path: str, body: bytes | None = None) -> HtmlResponse:
    body = site.render(path).body if body is None else body
    headers = {"Content-Type": "text/html; charset=UTF-8"}
    return HtmlResponse(site.url(path), body=body, headers=headers)


def test_a_listing_page_entries_are_its_posts_in_order_not_the_sidebar():
    site = sample_site(35)
    page = _listing_hrefs(listing_response(site, "/page/2/"))
    page_type, hrefs, entries, numbered = page.page_type, page.hrefs, page.entries, page.numbered
    on_page_two = [site.url(post.path) for post in site.home_posts()[10:20]]
    assert page_type == "listing"
    assert entries == on_page_two
    sidebar = {h for h in hrefs if link_kind(h) == "article"} - set(on_page_two)
    assert sidebar  # the "Latest Posts" widget links other articles, and they are not entries
    # Plain strings: lxml's "smart" strings would keep each page's whole tree alive.
    assert {type(h) for h in hrefs + entries + numbered} == {str}
    # The pagination block numbers pages 1, 3, 4 and the last; the current page is no link.
    assert numbered == [site.url(path) for path in ("/", "/page/3/", "/page/4/")]


def test_entries_are_found_when_permalinks_say_nothing():
    site = sample_site(12)
    html = site.render("/").body.decode("utf-8")
    posts = site.home_posts()[:10]
    for post in posts:  # /2024/07/slug/ -> /slug/: WordPress's "Post name" permalinks
        html = html.replace(site.url(post.path), site.url(f"/{post.slug}/"))
    entries = _listing_hrefs(listing_response(site, "/", html.encode("utf-8"))).entries
    assert entries == [site.url(f"/{post.slug}/") for post in posts]
    assert {link_kind(url) for url in entries} == {"other"}  # the URL shape alone would miss them


def test_the_archive_links_of_a_post_block_are_not_entries():
    """Themes wrap each listed post in <article> with its category, tag, author and date links."""
    site = sample_site(12)
    html = site.render("/").body.decode("utf-8")
    post = site.home_posts()[0]
    title_link = f'<a href="{site.url(post.path)}"'
    meta = (
        f'<article><a href="{site.url("/category/business/")}">Business</a>'
        f'<a href="{site.url("/author/jane/")}">Jane</a><a href="{site.url("/2024/07/")}">July</a>'
        f'<a href="{site.url(post.path)}#respond">Comment</a></article>'
    )
    html = html.replace(title_link, meta + title_link, 1)
    response = listing_response(site, "/", html.encode("utf-8"))
    frontier = Frontier(
        site.base_url,
        CrawlState(),
        datetime.now(timezone.utc),
        listings=ListingSeries(stop_after=2, max_pages=2000),
        profile=WORDPRESS,
    )
    entries = _listing_hrefs(response).entries
    assert len(entries) == 10 + 4  # the ten titles, and the four links of the block
    kept = frontier.entry_links(entries, response.url)
    assert kept == {site.url(p.path) for p in site.home_posts()[:10]}
