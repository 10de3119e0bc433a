"""Page-type evidence, length by script and short articles, on the whole-page fixtures.

``test_extraction.py`` checks every fixture end to end; these tests vary one thing at a time
(the text's length and script, the evidence a page carries) and check classification and
metadata apart from the text (the Blogger post).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from archiver.extraction import MIN_ARTICLE_WORDS, extract_article
from archiver.extraction.extract import word_count
from archiver.extraction.metadata import (
    article_scope,
    authors,
    parse_json_ld_text,
    read_json_ld,
    site_name,
    tags,
    title,
)
from archiver.extraction.pagetype import classify
from archiver.extraction.parsing import parse_html

PAGES = Path(__file__).parent / "fixtures" / "pages"
FETCHED_AT = "2024-07-24T09:00:00+00:00"
PLAIN_URL = "https://prairieregister.example/news/story.php?id=4471"
JAPANESE_URL = "https://minato-nippo.example/articles/20240612/k00123"
# A page of the office's own, outside any news section.
OFFICE_PAGE_URL = "https://gewaesserschutz.example/amt/messstellen.html"


def _page(name: str) -> str:
    return (PAGES / f"{name}.html").read_text(encoding="utf-8")


def _with_body(name: str, start_marker: str, end_marker: str, body: str) -> str:
    html = _page(name)
    start, end = html.index(start_marker), html.index(end_marker)
    return html[:start] + body + html[end:]


def _plain_article(paragraph: str) -> str:
    """The plain-markup article (only its markup says "article") with one paragraph of text."""
    body = f'<div class="storytext"><p>{paragraph}</p></div>\n'
    return _with_body("plain-article-markup", '<div class="storytext">', "</article>", body)


def test_cjk_text_is_counted_by_characters_and_other_text_by_words() -> None:
    assert word_count("Ferry crews ended a four-day strike.") == 6
    assert word_count("花火大会を再開する") == 5  # 9 characters, two to a word, rounded up
    assert word_count("港まつり iPhone 8000発") == 5  # 4 + 1 CJK -> 3 words, and 2 spaced words
    assert word_count("한국어 문장입니다") == 4  # Hangul syllables count like Han characters


@pytest.mark.parametrize(
    ("characters", "kept"), [(MIN_ARTICLE_WORDS // 2, False), (4 * MIN_ARTICLE_WORDS, True)]
)
def test_minimum_length_applies_to_cjk_text_by_its_characters(characters: int, kept: bool) -> None:
    # One paragraph without spaces: by whitespace it would be one word, whatever its length.
    paragraph = ("港の花火大会は四年ぶりに再開される" * 20)[:characters]
    article = extract_article(_plain_article(paragraph), PLAIN_URL, FETCHED_AT)
    assert (article is not None) == kept
    if article is not None:
        assert paragraph in article.text
        assert article.word_count >= MIN_ARTICLE_WORDS
        assert article.evidence == ["article-element"]


def test_short_text_drops_a_page_that_only_its_markup_calls_an_article() -> None:
    assert extract_article(_plain_article("Pictures to follow."), PLAIN_URL, FETCHED_AT) is None


def test_short_text_keeps_a_page_with_strong_evidence_and_flags_it() -> None:
    html = _with_body(
        "japanese-news-article",
        '<div class="article__body">',
        "</article>",
        '<div class="article__body"><p>花火大会を再開へ。</p></div>\n',
    )
    article = extract_article(html, JAPANESE_URL, FETCHED_AT)
    assert article is not None
    assert article.word_count < MIN_ARTICLE_WORDS
    assert article.evidence == [
        "json-ld:NewsArticle",
        "og:type",
        "meta:published",
        "article-element",
        "short",
    ]


def test_an_article_without_any_text_is_not_archived_whatever_its_evidence() -> None:
    html = _with_body(
        "photo-post", '<div class="entry-content">', "</article>", '<div class="entry-content">'
    )
    html = html.replace('</div>\n<div class="section-inner">', "")
    assert "figcaption" not in html
    assert extract_article(html, "https://estuaryweekly.example/?p=1780", FETCHED_AT) is None


def test_a_post_page_says_published_although_its_seo_plugin_asks_not_to_index_it() -> None:
    html = _page("wp-noindex-published-post")
    assert "noindex" in html
    assert classify(parse_html(html)).page_type == "article"
    draft = html.replace("status-publish", "status-draft")
    assert classify(parse_html(draft)).evidence == ("unpublished",)


@pytest.mark.parametrize(
    "schema_type", ["SatiricalArticle", "AskPublicNewsArticle", "AdvertiserContentArticle"]
)
def test_every_schema_org_article_type_is_article_evidence(schema_type: str) -> None:
    # The page's JSON-LD is its only markup: a satirical piece, a readers' question answered.
    # Read as an article node, it gives the full publication time (a printed day otherwise).
    html = _page("article-json-ld-more-stories").replace('"NewsArticle"', f'"{schema_type}"')
    article = extract_article(html, "https://quayside.example/posts/dredging-vote/", FETCHED_AT)
    assert article is not None
    assert article.evidence == [f"json-ld:{schema_type}"]
    assert article.title == "Harbour board votes to dredge the inner basin after all"
    assert article.published_at == "2024-05-16T19:30:00+01:00"


def test_a_body_class_page_rejects_only_wordpress_pages() -> None:
    html = _page("nonwp-page-class-newsarticle")
    assert classify(parse_html(html)).page_type == "article"
    wordpress_page = html.replace('<body class="page ', '<body class="page page-id-12 ')
    assert classify(parse_html(wordpress_page)).evidence == ("wp:page",)


def test_a_wordpress_page_is_an_article_only_when_published_in_its_metadata_and_in_print() -> None:
    html = _page("wp-page-open-letter")
    url = "https://lanternreview.example/open-letter-riverside-library/"
    assert classify(parse_html(html), url=url).page_type == "article"
    # Either date alone is a template's: Jetpack says published_time on every Page, tagDiv
    # prints a date on every Page (static-page-about).
    undated = html.replace('<span class="page-date">March 5, 2024</span>', "")
    unpublished = html.replace('property="article:published_time"', 'property="x"')
    for page in (undated, unpublished):
        assert classify(parse_html(page), url=url).evidence == ("wp:page",)


def test_a_dateline_opening_the_text_after_a_lead_and_a_caption_dates_the_headline() -> None:
    html = _page("dateline-after-lead-no-markup")
    url = "https://energiewende-aktuell.example/strom/netze/netzbetreiber-kuerzen-einspeiseverguetung/"
    assert classify(parse_html(html), url=url).evidence == ("dated-headline",)
    undated = html.replace("<p>03.02.2024 – ", "<p>")
    assert classify(parse_html(undated), url=url).page_type == "other"


def test_the_heading_just_above_the_text_is_the_headline_only_with_a_dateline_between() -> None:
    html = _page("news-single-heading-before-text")
    url = "https://schwimmbund-nord.example/index.php?id=77&item=812"
    assert classify(parse_html(html), url=url).page_type == "article"
    # A paragraph between them: the heading is a section's or a box's, not the story's.
    intro = "<p>" + "Neues aus der Fachsparte Wasserball im Schwimmbund Nord. " * 4 + "</p>"
    far = html.replace('<div class="newsSingle">', intro + '<div class="newsSingle">')
    assert classify(parse_html(far), url=url).page_type == "other"


def test_a_drupal_6_node_element_names_the_content_type_of_the_page_s_headline() -> None:
    html = _page("drupal6-story-node-no-metadata")
    assert classify(parse_html(html)).evidence == ("drupal:story",)
    # The same type on a teaser's node, the page's headline outside it, says nothing.
    teaser = html.replace('<div id="node-4711" class="node node-type-story">', "<div>").replace(
        '<div id="footer">',
        '<div class="node node-type-story"><h2><a href="/themen/x">Ein anderer Beitrag</a></h2></div>'
        '<div id="footer">',
    )
    assert not classify(parse_html(teaser)).evidence


def test_an_archive_page_stays_a_listing_with_one_entry_fewer_and_an_article_with_teasers() -> None:
    listing = _page("listing-date-static-blog")
    first_entry_end = listing.index("</article>") + len("</article>")
    one_fewer = listing[: listing.index('<article class="post-entry">')] + listing[first_entry_end:]
    assert classify(parse_html(one_fewer)).evidence == ("entries:3",)
    # An article page whose related-posts cards are <article> elements too is still an article.
    article = _page("plain-article-markup")
    cards = "".join(
        f'<article class="card"><h3><a href="/news/story.php?id={n}">Story {n}</a></h3></article>'
        for n in range(3)
    )
    with_cards = article.replace('<div class="storytools">', cards + '<div class="storytools">')
    assert classify(parse_html(with_cards), url=PLAIN_URL).page_type == "article"


@pytest.mark.parametrize(
    "dateline",
    ["24.01.2022", "24. Januar 2022", "24 de enero de 2022", "24, Enero, 2022", "January 24, 2022"],
)
def test_a_dateline_in_any_language_dates_a_headline_without_markup(dateline: str) -> None:
    html = _page("dated-headline-no-markup")
    expected = json.loads((PAGES / "dated-headline-no-markup.json").read_text(encoding="utf-8"))
    dated = html.replace("vom 24.01.2022", f"vom {dateline}")
    assert f"vom {dateline}" in dated
    assert classify(parse_html(dated), url=expected["url"]).evidence == ("dated-headline",)
    undated = html.replace("vom 24.01.2022", "vom Landesamt")
    assert classify(parse_html(undated), url=OFFICE_PAGE_URL).page_type == "other"


def test_a_date_in_the_page_title_dates_a_headline_without_markup() -> None:
    html = _page("dated-title-no-markup")
    url = json.loads((PAGES / "dated-title-no-markup.json").read_text(encoding="utf-8"))["url"]
    assert classify(parse_html(html), url=url).evidence == ("dated-headline",)
    undated = html.replace(" | 14.02.2023</title>", "</title>")
    assert classify(parse_html(undated), url=url).page_type == "other"


def test_a_headline_and_body_in_a_news_section_make_an_article_without_a_date() -> None:
    """The press release without its dateline: at its URL, an item of the office's press
    section, its headline and body still make it an article; the same page outside any news
    section (an office's page on the same subject) does not."""
    html = _page("dated-headline-no-markup").replace("vom 24.01.2022", "vom Landesamt")
    url = json.loads((PAGES / "dated-headline-no-markup.json").read_text(encoding="utf-8"))["url"]
    items = (
        url,
        "https://gewaesserschutz.example/News/10365/Messstellen.html",
        "https://gewaesserschutz.example/index.php?site=news_detail&newsID=111",
    )
    for item in items:
        assert classify(parse_html(html), url=item).evidence == ("news-section",), item
    assert classify(parse_html(html), url=OFFICE_PAGE_URL).page_type == "other"
    # The section's index and its page 2, a one-word page in it, a newsletter's page: no item.
    for other in (
        "https://gewaesserschutz.example/presse/",
        "https://gewaesserschutz.example/presse/kontakt/",
        "https://gewaesserschutz.example/presse/page/2/",
        "https://gewaesserschutz.example/newsletter/archiv-2022.html",
    ):
        assert classify(parse_html(html), url=other).page_type == "other", other


def test_blogger_post_is_classified_and_credited_from_its_own_markup() -> None:
    tree = parse_html(_page("blogger-post"))
    json_ld = read_json_ld(tree)
    verdict = classify(tree, json_ld, "https://quiltersdiary.example/2021/10/choosing-batting.html")
    assert verdict.page_type == "article"
    assert verdict.evidence == (
        "microdata:BlogPosting",
        "h-entry",
        "article-element",
        "dated-permalink",
    )
    assert verdict.strong
    scope = article_scope(tree)
    assert title(tree, json_ld, site_name(tree, json_ld)) == (
        "Choosing Batting for a Quilt That Will Be Washed Weekly"
    )
    # The sidebar's profile widget also links rel=author: only the post's own byline counts.
    assert authors(tree, json_ld, scope) == ["Margaret Ellison"]
    assert tags(tree, json_ld, scope) == ["batting", "techniques"]


@pytest.mark.parametrize(
    "text",
    [
        '{"@type": "NewsArticle", "headline": "A "quoted" word",}',
        '<!--\n{"@type": "NewsArticle",\n "headline": "Line\nbreak"}\n-->',
        '//<![CDATA[\n{"@type": "NewsArticle", "headline": "x"}\n//]]>',
    ],
)
def test_slightly_broken_json_ld_is_repaired(text: str) -> None:
    value = parse_json_ld_text(text)
    assert isinstance(value, dict)
    assert value["@type"] == "NewsArticle"


def test_json_ld_that_is_no_json_at_all_gives_no_node() -> None:
    assert (
        read_json_ld(
            parse_html(
                '<html><head><script type="application/ld+json">var x = 1;</script></head>'
                "<body><p>text</p></body></html>"
            )
        ).nodes
        == []
    )


def test_a_one_post_archive_whose_entry_is_an_h_entry_teaser_is_a_listing() -> None:
    """The archive's one entry carries h-entry (its theme marks every entry so), with or without
    the template's BlogPosting: its headline leads to the post's own page, so the entry is a
    teaser, not this page's article. The post it leads to, the same markup with its headline
    not a link, stays an article."""
    url = "https://inselbote.example/schlagwort/faehrverkehr/"
    html = _page("listing-one-post-h-entry-archive")
    bare = html.replace('"application/ld+json"', '"text/plain"').replace("og:type", "og:kind")
    for page in (html, bare):
        assert classify(parse_html(page), url=url).page_type == "listing"
    post_url = "https://inselbote.example/2024/02/06/winterfahrplan-verlaengert/"
    post = (
        bare.replace(url, post_url)
        .replace('<a class="u-url" href="/2024/02/06/winterfahrplan-verlaengert/">', "")
        .replace("</a></h2>", "</h2>")
    )
    verdict = classify(parse_html(post), url=post_url)
    assert verdict.page_type == "article" and "h-entry" in verdict.evidence


@pytest.mark.parametrize(
    "path",
    [
        "/novosti/2024/most-cherez-svetluyu.html",  # Russian, transliterated
        "/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/4412/",  # Russian: /новости/4412/
        "/aktualnosci/2024/most-otwarty.html",  # Polish
        "/haberler/4412/yeni-kopru-acildi",  # Turkish
        "/uutiset/2024/uusi-silta",  # Finnish
        "/nyheder/4412-ny-bro",  # Danish
        "/xinwen/2024/4412.html",  # Chinese, pinyin
        "/%E3%83%8B%E3%83%A5%E3%83%BC%E3%82%B9/4412",  # Japanese: /ニュース/4412
    ],
)
def test_news_sections_of_other_languages_hold_articles(path: str) -> None:
    """The Russian article without markup or date: its headline and body make it an article at
    an item's URL in a news section, in the words sites of each language use for one."""
    html = _page("russian-author-label-no-author-meta")
    verdict = classify(parse_html(html), url=f"https://zarechnye-vesti.example{path}")
    assert verdict.evidence == ("news-section",)


@pytest.mark.parametrize(
    "path",
    ["/novosti/", "/novosti/page/2/", "/statistik/2024/tabelle-4412.html", "/kontakty/4412/"],
)
def test_a_news_section_s_index_and_other_sections_hold_no_article(path: str) -> None:
    # Without its byline line: a headline, a byline and a body are an article anywhere.
    html = _page("russian-author-label-no-author-meta").replace("Автор: Иван Петров", "")
    url = f"https://zarechnye-vesti.example{path}"
    assert classify(parse_html(html), url=url).page_type == "other"


TYPED = Path(__file__).parent / "fixtures" / "pagetypes"


@pytest.mark.parametrize("name", sorted(path.stem for path in TYPED.glob("*.html")))
def test_cms_page_kinds_are_classified_by_their_evidence(name: str) -> None:
    """Pages of CMS kinds whose type is what these fixtures check (their dates and bylines are
    other modules' to read): each is classified as its NAME.json says, on that evidence."""
    html = (TYPED / f"{name}.html").read_text(encoding="utf-8")
    expected = json.loads((TYPED / f"{name}.json").read_text(encoding="utf-8"))
    verdict = classify(parse_html(html), url=expected["url"])
    assert (verdict.page_type, list(verdict.evidence)) == (
        expected["page_type"],
        expected["evidence"],
    )


def test_a_live_blog_s_updates_are_its_text_not_a_listing() -> None:
    """Each update of a live blog is an ``<article>`` with a heading and a time, like a
    listing's entries: its structured data (LiveBlogPosting) says they are the page's own."""
    html = _page("live-blog-updates-as-articles")
    url = "https://harbourgazette.example/uk-news/live/2024/mar/14/storm-ingrid-live-updates"
    assert classify(parse_html(html), url=url).evidence == ("json-ld:LiveBlogPosting",)
    as_blog_posting = html.replace('"@type":"LiveBlogPosting"', '"@type":"BlogPosting"')
    assert classify(parse_html(as_blog_posting), url=url).evidence == ("entries:4",)


def test_a_machine_readable_time_after_the_headline_dates_it_before_a_teaser_s_link() -> None:
    """A story that prints its time as "2 hours ago" is dated by its ``<time datetime>``; a
    section front's first ``<time>``, after a teaser's linked headline, dates no headline."""
    html = _page("nextjs-news-relative-time")
    url = "https://metroledger.example/transport/tram-line-extension-wins-final-approval"
    assert classify(parse_html(html), url=url).evidence == ("dated-headline",)
    undated = html.replace('<time datetime="2024-03-14T09:12:00.000Z">', "<time>")
    assert classify(parse_html(undated), url=url).page_type == "other"
    front = _page("nextjs-section-front")
    assert classify(parse_html(front), url="https://metroledger.example/transport").evidence == ()


def test_an_archive_of_dated_link_titles_is_a_listing_though_its_template_says_article() -> None:
    """og:type ``article`` on an archive whose titles are links, not headings, each dated."""
    html = _page("substack-archive")
    url = "https://wardreport.substack.example/archive"
    assert classify(parse_html(html), url=url).evidence == ("teasers:3",)
    undated = re.sub(r"<time [^>]*>[^<]*</time>", "", html)
    assert classify(parse_html(undated), url=url).evidence == ("og:type",)


@pytest.mark.parametrize(
    ("query", "page_type"),
    [("cat=3", "other"), ("cat=3&page=2", "other"), ("cat=3&id=2291", "article")],
)
def test_a_number_picking_a_script_s_category_names_no_item(query: str, page_type: str) -> None:
    """``article.php?cat=3`` lists a category: its first teaser's excerpt is no article body;
    the story the same script shows names its item (``id=2291``) beside its category."""
    html = _page("listing-article-script-category")
    url = f"http://www.dunmore-online.example/article.php?{query}"
    assert classify(parse_html(html), url=url).page_type == page_type


@pytest.mark.parametrize(
    ("body_class", "evidence"),
    [
        ("home article", ("og:type", "dated-permalink")),
        ("blog story", ("og:type", "dated-permalink")),
        ("tag article", ("wp:tag",)),
        ("search-results story", ("wp:search-results",)),
        ("archive date single", ("wp:archive",)),
    ],
)
def test_an_item_s_body_class_overrides_only_a_section_s_name(
    body_class: str, evidence: tuple[str, ...]
) -> None:
    """Blogsmith writes ``home article`` on every post of its "Home" section; no CMS writes a
    tag's, a search's or an archive's class on an article page."""
    html = _page("blog-network-post-home-article-class")
    html = html.replace('<body class="home article">', f'<body class="{body_class}">')
    url = "http://www.gadgetledger.example/2024/05/02/council-fibre-rollout-eastern-districts/"
    assert classify(parse_html(html), url=url).evidence == evidence


def test_the_line_above_a_byline_is_the_headline_of_a_page_without_headings() -> None:
    """An old CMS's story: its headline a ``<div>``, its ``<title>`` the section's, then "By
    NAME" and the body. Without the byline the line is no headline."""
    html = _page("wire-story-dateline-no-markup")
    url = "https://prairieregister.example/wire/88131.html"  # outside any news section
    verdict = classify(parse_html(html), url=url)
    assert (verdict.evidence, verdict.headline) == (
        ("bylined-headline",),
        "Grain exports hit record as river levels recover",
    )
    unsigned = html.replace("By MARCUS DELANEY", "")
    assert classify(parse_html(unsigned), url=url).page_type == "other"
