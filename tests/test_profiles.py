"""Site profiles: chosen from what the home page shows, and the generic URL rules they rely on."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from archiver.discovery import archive_path, listing_page, page_url, parse_feed
from archiver.extraction import classify_page, extract_article
from archiver.extraction.pagetype import classify
from archiver.extraction.parsing import parse_html
from archiver.pageshape import type_and_canonical
from archiver.profiles import GENERIC, WORDPRESS, Vocabulary, detect_profile, profile_named
from archiver.samplesite import SampleSite
from archiver.samplesite.jekyll import JekyllSite

BASE = "https://news.example"


def test_the_wordpress_sample_is_detected_by_its_header_or_its_page_alone():
    site = SampleSite.generate(n_posts=12, seed=1)
    home = site.render("/")
    html = home.body.decode()
    link = home.headers.get("Link", "")
    assert detect_profile(link, html) is WORDPRESS
    assert detect_profile("", html) is WORDPRESS  # <link rel="https://api.w.org/">, /wp-content/
    api_only = '<http://x.example/wp-json/>; rel="https://api.w.org/"'
    assert detect_profile(api_only, "<html><body>plain</body></html>") is WORDPRESS
    generator = '<html><head><meta name="generator" content="WordPress 6.5.5"></head></html>'
    assert detect_profile("", generator) is WORDPRESS


def test_a_static_site_is_generic():
    site = JekyllSite.generate(n_posts=12, seed=1)
    home = site.render("/")
    assert detect_profile(home.headers.get("Link", ""), home.body.decode()) is GENERIC


def test_profiles_are_named_and_auto_means_detect():
    assert profile_named("wordpress") is WORDPRESS and profile_named("generic") is GENERIC
    assert profile_named("auto") is None
    with pytest.raises(ValueError, match="unknown site profile 'drupal'"):
        profile_named("drupal")


@pytest.mark.parametrize(
    ("path", "series", "page", "next_path"),
    [
        ("/page/3/", "/", 3, "/page/4/"),
        ("/page3/", "/", 3, "/page4/"),
        ("/tags/quad/page-2/", "/tags/quad/", 2, "/tags/quad/page-3/"),
        ("/", "/", 1, "/page/2/"),
    ],
)
def test_pagination_of_any_spelling_splits_into_series_and_page(path, series, page, next_path):
    here = listing_page(BASE + path)
    assert (here.series, here.page) == (BASE + series, page)
    assert page_url(here.series, page + 1, here.style) == BASE + next_path


@pytest.mark.parametrize(
    ("path", "archive"),
    [
        ("/tags/quad/", True),
        ("/categories/world/", True),
        ("/category/world/asia/", True),
        ("/archives/2023/", True),
        ("/2023/09/", True),
        ("/tags/", False),  # an index of tags, not a listing of posts
        ("/world/2023/09/22/quad.html", False),
        ("/quad-message/", False),
        ("/about/", False),
    ],
)
def test_archive_paths_of_any_site(path, archive):
    assert archive_path(BASE + path) is archive


def test_a_json_feed_gives_its_items_links_and_dates():
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "items": [
            {"id": "1", "url": f"{BASE}/a/", "date_modified": "2024-07-01T10:00:00Z"},
            {"id": "2", "url": f"{BASE}/b/", "date_published": "2024-06-01T10:00:00Z"},
            {"id": "3"},
        ],
    }
    entries = parse_feed(json.dumps(feed).encode())
    assert [(e.url, e.modified) for e in entries] == [
        (f"{BASE}/a/", "2024-07-01T10:00:00Z"),
        (f"{BASE}/b/", "2024-06-01T10:00:00Z"),
    ]
    assert parse_feed(b"{not json") == []


def test_wordpress_url_shapes_are_one_value_both_url_readers_agree_on():
    """A taxonomy base is a listing to discovery and a term (not an alias suffix) to canonicalize;
    a date archive is a listing to discovery and keeps its feed (not a post's) to the traps."""
    from archiver.discovery import link_kind
    from archiver.profiles import WORDPRESS, WORDPRESS_URL_SHAPES
    from archiver.urls import canonicalize, trap_kind

    assert WORDPRESS.url_shapes is WORDPRESS_URL_SHAPES
    site = "https://news.example"
    for base in sorted(WORDPRESS_URL_SHAPES.taxonomy_bases):
        assert link_kind(f"{site}/{base}/energy/") == "listing"
        assert canonicalize(f"{site}/{base}/amp/") == f"{site}/{base}/amp/"
    for archive in ("/2023/", "/2023/09/", "/2023/9/", "/2023/09/22/", "/2023/09/page/2/"):
        assert link_kind(site + archive) == "listing"
        assert trap_kind(f"{site}{archive}feed/") is None
    assert link_kind(f"{site}/2023/09/quad-talks/") == "article"
    assert trap_kind(f"{site}/2023/09/quad-talks/feed/") == "feed-single"


HOUSE_SECTION_PAGE = Path(__file__).parent / "fixtures" / "pages" / "house-section-item-no-markup"


def test_a_profile_s_own_news_section_word_makes_its_items_articles() -> None:
    """A local paper calls its news "Hafenfunk": no language does, so only the site's profile
    knows that ``/hafenfunk/4711/slug`` is an item of its news section. With the word, the item
    (a headline and a body, no markup, no date) is an article in the crawl process and in the
    extraction worker alike; the section's index stays no article; without it, the page is none."""
    html = HOUSE_SECTION_PAGE.with_suffix(".html").read_text(encoding="utf-8")
    url = json.loads(HOUSE_SECTION_PAGE.with_suffix(".json").read_text(encoding="utf-8"))["url"]
    site = replace(GENERIC, name="kuestenbote", vocabulary=Vocabulary(("hafenfunk",)))

    assert classify_page(html, url) == "other"
    assert classify_page(html, url, site.vocabulary) == "article"
    assert type_and_canonical(html, lambda: parse_html(html), url, site.vocabulary)[0] == "article"
    article = extract_article(html, url, "2024-07-24T09:00:00+00:00", vocabulary=site.vocabulary)
    assert article is not None and article.evidence == ["news-section"]
    assert article.title == "Fähre nach Amrum fällt am Wochenende aus"
    assert "Versorgungsschiff" in article.text
    index = "https://kuestenbote.example/hafenfunk/"
    assert classify_page(html, index, site.vocabulary) == "other"
    assert extract_article(html, url, "2024-07-24T09:00:00+00:00") is None


PAGES = Path(__file__).parent / "fixtures" / "pages"
STATIC_PAGE = PAGES / "cms-static-page-own-class"


def test_a_profile_s_own_body_classes_say_what_its_pages_are() -> None:
    """A local paper's CMS marks its static pages ``tpl-static`` and its template says og:type
    article on every page: an About page with a headline and a "Stand:" time reads as an
    article, unless the site's profile names the class. So named, the page is a static page
    in the crawl process and in the extraction worker alike, and the evidence names the class.
    A listing class and a forum's own reply prefix are read the same way."""
    html = STATIC_PAGE.with_suffix(".html").read_text(encoding="utf-8")
    url = json.loads(STATIC_PAGE.with_suffix(".json").read_text(encoding="utf-8"))["url"]
    own = Vocabulary(static_page_body_classes=("tpl-static",))
    fetched_at = "2024-07-24T09:00:00+00:00"

    assert classify_page(html, url) == "article"
    assert classify_page(html, url, own) == "other"
    assert type_and_canonical(html, lambda: parse_html(html), url, own)[0] == "other"
    assert extract_article(html, url, fetched_at, vocabulary=own) is None
    assert classify(parse_html(html), url=url, vocabulary=own).evidence == ("body:tpl-static",)
    section_front = html.replace("tpl-static", "tpl-ressort")
    fronts = Vocabulary(listing_body_classes=("tpl-ressort",))
    assert classify(parse_html(section_front), url=url, vocabulary=fronts).evidence == (
        "body:tpl-ressort",
    )
    assert classify_page(section_front, url, fronts) == "listing"

    thread = (PAGES / "forum-thread.html").read_text(encoding="utf-8")
    house_style = thread.replace(">Re: ", ">Antw. zu: ")
    assert classify(parse_html(house_style)).evidence != ("replies:3",)
    replies = Vocabulary(reply_prefixes=("antw. zu",))
    assert classify(parse_html(house_style), vocabulary=replies).evidence == ("replies:3",)
