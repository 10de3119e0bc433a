"""Page shape on whole documents: what a listing shows (entries, pagination, taxonomy, feeds) and
whether a page asked as an article is one, with its canonical link."""

from __future__ import annotations

from dataclasses import replace

from lxml.html import document_fromstring

from archiver.pageshape import listing_links, type_and_canonical
from archiver.profiles import GENERIC, WORDPRESS

# A static-generator home page: no WordPress classes, JSON-LD WebSite, posts as headed links.
STATIC_HOME = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Harbour Notes</title>
<link rel="alternate" type="application/atom+xml" href="/feed.xml" title="Harbour Notes">
<link rel="alternate" type="application/feed+json" href="/feed.json">
<link rel="alternate" hreflang="fr" href="/fr/">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"WebSite",
"name":"Harbour Notes","url":"https://notes.example/"}</script></head>
<body><header role="banner"><nav><h2><a href="/about/">About</a></h2></nav></header>
<main><h1>Posts</h1><ul class="post-list">
<li><span>Mar 2, 2024</span><h3><a href="/harbour/2024/03/02/tide-tables.html">Tide tables</a></h3>
<p>Filed under <a rel="category tag" href="/categories/harbour/">harbour</a>,
<a rel="tag" href="/tags/tides/">tides</a></p></li>
<li><span>Feb 9, 2024</span><h3><a href="/ferry-timetable.html">The ferry timetable</a></h3></li>
<li><span>Jan 5, 2024</span><h3><a href="/harbour/2024/01/05/ice.html">Ice in the basin</a></h3></li>
</ul>
<div class="pagination"><a href="/page2/">2</a> <a href="/page3/">3</a>
<a href="/page2/">Older posts</a></div></main>
<aside class="sidebar"><h3><a href="/harbour/2023/12/01/old.html">A popular old post</a></h3></aside>
<footer><h4><a href="/privacy/">Privacy</a></h4></footer></body></html>"""

WP_POST = """<!DOCTYPE html>
<html><head><title>Quad talks</title>
<link rel='stylesheet' href='https://news.example/wp-content/themes/x/style.css'>
<link rel="canonical" href="https://news.example/2023/09/quad-talks/?a=1&amp;b=2">
</head><body class="post-template-default single single-post postid-42 single-format-standard">
<article><h1>Quad talks</h1><p>The ministers met on Friday.</p></article></body></html>"""

SOFT_404 = """<!DOCTYPE html>
<html><head><title>Page not found</title><link rel="canonical" href="https://news.example/gone/">
</head><body class="error404"><main><h1>Nothing here</h1>
<p>The page you asked for does not exist.</p></main></body></html>"""


def test_a_static_home_is_a_listing_by_its_headed_entries_outside_the_chrome():
    page = listing_links(document_fromstring(STATIC_HOME), GENERIC)
    assert page.page_type == "listing"
    assert page.entries == [
        "/harbour/2024/03/02/tide-tables.html",
        "/ferry-timetable.html",
        "/harbour/2024/01/05/ice.html",
    ]  # not the banner's, the sidebar's nor the footer's headed links
    assert page.numbered == ["/page2/", "/page3/"]  # "Older posts" is no page number
    assert page.taxonomy == ["/categories/harbour/", "/tags/tides/"]
    assert page.feeds == ["/feed.xml", "/feed.json"]  # not the hreflang alternate
    assert "/page2/" in page.hrefs and "/about/" in page.hrefs


def test_without_the_structural_reading_a_static_home_shows_no_links():
    """The WordPress profile trusts the classifier: a page it does not call a listing is none."""
    page = listing_links(document_fromstring(STATIC_HOME), WORDPRESS)
    assert page.page_type != "listing"
    assert (page.hrefs, page.entries, page.numbered) == ([], [], [])


def test_a_wordpress_post_is_told_by_its_body_classes_without_parsing_the_page():
    def no_parse():
        raise AssertionError("a WordPress post must not be parsed in the crawl process")

    page_type, canonical = type_and_canonical(WP_POST, no_parse)
    assert (page_type, canonical) == ("article", "https://news.example/2023/09/quad-talks/?a=1&b=2")


def test_a_page_without_that_evidence_is_parsed_and_classified():
    page_type, canonical = type_and_canonical(SOFT_404, lambda: document_fromstring(SOFT_404))
    assert page_type != "article"
    assert canonical == "https://news.example/gone/"


# A tagDiv block whose teaser titles are no heading and no <article>: only the theme's class
# (the WordPress profile's data) says their links are the listing's entries.
TAGDIV_HOME = """<!DOCTYPE html>
<html><head><title>Coastline Daily</title></head><body class="home blog td-standard-pack">
<div class="td_block_wrap"><div class="td_module_flex">
<p class="entry-thumb"><a href="https://coast.example/harbour-dues-rise/"><img src="a.jpg"></a></p>
<p class="td-module-title"><a href="https://coast.example/harbour-dues-rise/">Dues rise</a></p>
</div><div class="td_module_flex">
<p class="td-module-title"><a href="https://coast.example/ferry-strike-ends/">Strike ends</a></p>
</div></div>
<div class="td-footer-wrapper"><a href="https://coast.example/about/">About</a></div>
</body></html>"""


def test_a_themes_teaser_titles_are_entries_by_the_profiles_data():
    page = listing_links(document_fromstring(TAGDIV_HOME), WORDPRESS)
    assert page.entries == [
        "https://coast.example/harbour-dues-rise/",
        "https://coast.example/ferry-strike-ends/",
    ]
    without = replace(WORDPRESS, entry_title_classes=())
    assert listing_links(document_fromstring(TAGDIV_HOME), without).entries == []
    assert GENERIC.entry_title_classes == () and GENERIC.chrome == ()  # nothing site-specific
