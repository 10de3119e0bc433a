"""The bundled sample site behaves like the WordPress site it imitates.

Crawl tests and benchmarks trust this site, so these tests pin what a crawler relies on: the seed
article's exact text inside the real chrome, pagination and its end, redirects, validators,
sitemaps and the REST API, mutations, traps, and real HTTP on 127.0.0.1.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from datetime import datetime
from html import unescape
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest

from archiver.samplesite import SampleSite, serve
from archiver.samplesite.__main__ import main as cli_main
from archiver.samplesite.prose import read_seed_article

SEED_SLUG = "india-quad-message-russia-north-korea-arms-deals"
SEED_PATH = f"/2023/09/{SEED_SLUG}/"
SEED_TITLE = "India Joins Quad Nations in Message to Russia Over Arms Deals with North Korea"
CHROME = [
    "Latest Posts",
    "Stay in touch",
    "To be updated with all the latest news, offers and special announcements.",
    "Discover more from MegaloPreneur",
    "Subscribe now to keep reading and get access to the full archive.",
    "Continue reading",
    "Share this:",
    "Related",
    "Wednesday, July 24, 2024",
]
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(scope="module")
def site() -> SampleSite:
    """A read-only site shared by the tests that do not mutate it."""
    return SampleSite.generate(n_posts=60, seed=1)


def get(site: SampleSite, path: str, **headers: str):
    return site.render(path, headers)


def text(response) -> str:
    return response.body.decode("utf-8")


def links(html: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'href="([^"]+)"', html)]


def local(site: SampleSite, url: str) -> str:
    """The path+query of one of the site's absolute links."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def body_classes(html: str) -> set[str]:
    return set(re.search(r'<body class="([^"]+)"', html)[1].split())


def jsonld_article(html: str) -> dict:
    graph = json.loads(re.search(r'yoast-schema-graph">(.*?)</script>', html, re.S)[1])
    return next(n for n in graph["@graph"] if n["@type"] in ("NewsArticle", "BlogPosting"))


# ------------------------------------------------------------------------- content


def test_seed_article_page_has_exact_text_inside_the_real_chrome(site):
    seed = read_seed_article()
    response = get(site, SEED_PATH)
    html = text(response)
    assert response.status == 200
    assert f'<h1 class="entry-title">{SEED_TITLE}</h1>' in html
    assert seed.subtitle in html
    assert len(seed.paragraphs) == 10
    for paragraph in seed.paragraphs:
        assert f"<p>{paragraph}</p>" in html
    for phrase in CHROME:
        assert phrase in html
    assert '<html lang="en-US">' in html
    assert "postid-" in html and "single-post" in html
    assert 'content="2023-09-22T18:30:00+05:30"' in html
    assert '<time class="entry-date published' in html
    article = jsonld_article(html)
    assert article["datePublished"] == "2023-09-22T18:30:00+05:30"
    assert article["headline"] == SEED_TITLE
    assert f'rel="canonical" href="{site.url(SEED_PATH)}"' in html


def test_seed_file_is_parsed_without_its_chrome_lines():
    seed = read_seed_article()
    assert seed.title == SEED_TITLE
    assert seed.subtitle.startswith("Quad Foreign Ministers Express Concerns")
    assert seed.paragraphs[0].startswith("India, after successfully garnering Western support")
    assert seed.paragraphs[-1].endswith("strategic alignment in the Indo-Pacific region.")
    everything = " ".join(seed.paragraphs)
    assert "Latest Posts" not in everything and "Stay in touch" not in everything


def test_generation_is_deterministic_and_every_post_reads_differently():
    first = SampleSite.generate(n_posts=80, seed=7)
    again = SampleSite.generate(n_posts=80, seed=7)
    other = SampleSite.generate(n_posts=80, seed=8)
    assert [(p.slug, p.paragraphs) for p in first.posts] == [
        (p.slug, p.paragraphs) for p in again.posts
    ]
    assert first.posts[5].paragraphs != other.posts[5].paragraphs
    published = first.published_posts()
    assert len(published) == 80
    assert len({"\n".join(p.paragraphs) for p in first.posts}) == len(first.posts)
    for post in published:
        words = sum(len(p.split()) for p in post.paragraphs)
        assert 250 <= words <= 800, post.slug
        assert 4 <= len(post.paragraphs) <= 10
    assert len({p.author for p in published}) == 5
    assert len({c for p in published for c in p.categories}) == 8
    assert {p.published.year for p in published} >= {2021, 2022, 2023, 2024}
    assert published[0].published.isoformat().startswith("2024-07")
    statuses = [p.status for p in first.posts]
    assert statuses.count("draft") == 3 and statuses.count("private") == 2


def test_day_permalinks_put_the_day_in_post_paths_and_serve_day_archives():
    site = SampleSite.generate(n_posts=20, permalinks="day")
    seed = site.post_by_slug(SEED_SLUG)
    assert seed.path == f"/2023/09/22/{SEED_SLUG}/"
    assert get(site, seed.path).status == 200
    day_page = text(get(site, "/2023/09/22/"))
    assert site.url(seed.path) in day_page and "archive date" in day_page


# ------------------------------------------------------------------------- listings


def test_home_page_lists_newest_posts_and_paginates_to_a_404_past_the_end(site):
    home = text(get(site, "/"))
    newest = site.published_posts()
    assert all(site.url(p.path) in home for p in newest[:10])
    assert site.url(newest[10].path) not in home.split('class="td-block-row td-listing"')[1][:20000]
    assert 'class="home blog' in home
    assert f'<a class="page-numbers" href="{site.url("/page/2/")}">2</a>' in home
    assert f'<link rel="next" href="{site.url("/page/2/")}" />' in home
    assert "Older posts" in home
    last = text(get(site, "/page/6/"))
    assert "paged paged-6" in last and "Newer posts" in last
    assert site.url(newest[-1].path) in last
    assert get(site, "/page/7/").status == 404
    assert "Nothing Found" in text(get(site, "/page/7/"))


def test_archives_list_their_posts_with_wordpress_body_classes(site):
    seed = site.post_by_slug(SEED_SLUG)
    for path, body_class in (
        ("/category/world/", "archive category category-world"),
        ("/tag/india/", "archive tag tag-india"),
        ("/author/aditi-sharma/", "archive author author-aditi-sharma"),
        ("/2023/", "archive date"),
        ("/2023/09/", "archive date"),
    ):
        pages, html = [], text(get(site, path))
        assert body_class in html, path
        number = 2
        while site.url(seed.path) not in html and get(site, f"{path}page/{number}/").status == 200:
            html = text(get(site, f"{path}page/{number}/"))
            pages.append(number)
            number += 1
        assert site.url(seed.path) in html, path
    assert get(site, "/category/no-such-thing/").status == 404
    assert get(site, "/1999/").status == 404


def test_redirects_for_shortlinks_missing_slashes_and_page_one(site):
    seed = site.post_by_slug(SEED_SLUG)
    shortlink = get(site, f"/?p={seed.id}")
    assert (shortlink.status, shortlink.headers["Location"]) == (301, site.url(seed.path))
    no_slash = get(site, seed.path.rstrip("/"))
    assert (no_slash.status, no_slash.headers["Location"]) == (301, site.url(seed.path))
    assert get(site, "/category/world/page/1/").headers["Location"] == site.url("/category/world/")
    assert get(site, "/no-such-page").status == 404
    assert get(site, "/?p=999999").status == 404


def test_unknown_paths_answer_the_themed_404(site):
    response = get(site, "/this/does/not/exist/")
    assert response.status == 404
    assert "error404" in text(response) and "Nothing Found" in text(response)
    assert "Stay in touch" in text(response)


# ------------------------------------------------------------------------- validators


def test_conditional_requests_answer_304(site):
    first = get(site, SEED_PATH)
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert get(site, SEED_PATH, **{"If-None-Match": etag}).status == 304
    assert get(site, SEED_PATH, **{"If-None-Match": '"stale"'}).status == 200
    assert get(site, SEED_PATH, **{"If-Modified-Since": last_modified}).status == 304
    assert last_modified == "Sat, 23 Sep 2023 05:35:00 GMT"  # modified 11:05 +05:30
    not_modified = get(site, SEED_PATH, **{"if-none-match": etag})
    assert not_modified.body == b"" and not_modified.headers["ETag"] == etag


# ------------------------------------------------------------------------- machine views


def sitemap_entries(site: SampleSite, index_path: str) -> list[tuple[str, str]]:
    """(loc, lastmod) of every post URL reachable from a sitemap index."""
    index = ElementTree.fromstring(get(site, index_path).body)
    entries = []
    for loc in index.findall("s:sitemap/s:loc", SITEMAP_NS):
        if "post" not in loc.text or "tag" in loc.text:
            continue
        urlset = ElementTree.fromstring(get(site, local(site, loc.text)).body)
        for url in urlset.findall("s:url", SITEMAP_NS):
            entries.append(
                (url.find("s:loc", SITEMAP_NS).text, url.find("s:lastmod", SITEMAP_NS).text)
            )
    return entries


@pytest.fixture(scope="module")
def big_site() -> SampleSite:
    return SampleSite.generate(n_posts=1001, seed=3)  # two Yoast post sitemaps


@pytest.mark.parametrize("index_path", ["/wp-sitemap.xml", "/sitemap_index.xml"])
def test_sitemaps_list_every_published_post_once_with_its_modified_date(big_site, index_path):
    site = big_site
    entries = sitemap_entries(site, index_path)
    expected = {site.url(p.path): p.modified.isoformat() for p in site.published_posts()}
    assert len(entries) == len(expected) == 1001
    assert dict(entries) == expected
    if index_path == "/sitemap_index.xml":
        assert get(site, "/post-sitemap2.xml").status == 200
        assert get(site, "/post-sitemap3.xml").status == 404


def test_robots_txt_points_at_both_sitemaps(site):
    robots = text(get(site, "/robots.txt"))
    assert "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php" in robots
    assert f"Sitemap: {site.url('/wp-sitemap.xml')}" in robots
    assert f"Sitemap: {site.url('/sitemap_index.xml')}" in robots


def test_feeds_carry_the_ten_newest_posts_with_dates(site):
    rss = ElementTree.fromstring(get(site, "/feed/").body)
    items = rss.findall("channel/item")
    newest = site.published_posts()[:10]
    assert [i.findtext("link") for i in items] == [site.url(p.path) for p in newest]
    assert items[0].findtext("pubDate").endswith("+0000")
    atom = ElementTree.fromstring(get(site, "/feed/atom/").body)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entry = atom.find("a:entry", ns)
    assert entry.findtext("a:published", namespaces=ns) and entry.findtext(
        "a:updated", namespaces=ns
    )
    category = ElementTree.fromstring(get(site, "/category/world/feed/").body)
    assert all("World" in [c.text for c in i.findall("category")] for i in category.iter("item"))
    assert get(site, "/comments/feed/").status == 200


def test_rest_api_filters_by_modified_after_and_pages(site):
    cutoff = sorted(p.modified for p in site.published_posts())[-15]
    path = (
        f"/wp-json/wp/v2/posts?modified_after={cutoff.isoformat().replace('+', '%2B')}"
        "&per_page=10&page=1&_fields=link,modified"
    )
    response = get(site, path)
    rows = json.loads(response.body)
    expected = [p for p in site.published_posts() if p.modified > cutoff]
    assert response.headers["X-WP-Total"] == str(len(expected)) == "14"
    assert response.headers["X-WP-TotalPages"] == "2"
    assert 'rel="next"' in response.headers["Link"]
    assert all(set(row) == {"link", "modified"} for row in rows)
    second = json.loads(get(site, path.replace("&page=1", "&page=2")).body)
    assert {r["link"] for r in rows + second} == {site.url(p.path) for p in expected}
    assert get(site, path.replace("&page=1", "&page=3")).status == 400
    assert get(site, "/wp-json/wp/v2/posts?per_page=101").status == 400
    full = json.loads(get(site, "/wp-json/wp/v2/posts?per_page=1").body)[0]
    assert full["link"] == site.url(site.published_posts()[0].path)
    assert "<p>" in full["content"]["rendered"]
    assert json.loads(get(site, "/wp-json/").body)["name"] == "MegaloPreneur"


# ------------------------------------------------------------------------- non-articles


def test_drafts_private_posts_and_attachments_are_linked_and_marked(site):
    urls = site.variant_urls
    sidebar_links = {local(site, href) for href in links(text(get(site, "/")))}
    for kind in ("draft_preview", "private", "attachment"):
        assert urls[kind] and set(urls[kind]) <= sidebar_links, kind
    draft = text(get(site, urls["draft_preview"][0]))
    assert "status-draft" in draft and '<meta name="robots" content="noindex"' in draft
    private = text(get(site, urls["private"][0]))
    assert "status-private" in private and '<h1 class="entry-title">Private: ' in private
    attachment = text(get(site, urls["attachment"][0]))
    assert {"attachment", "single-attachment"} <= body_classes(attachment)
    parent = next(a.post for a in site.attachments if a.path == urls["attachment"][0])
    assert site.url(urls["attachment"][0]) in text(get(site, parent.path))
    published_paths = {p.path for p in site.published_posts()}
    assert not set(urls["private"]) & published_paths
    assert site.distinct_articles() == published_paths
    draft_id = int(urls["draft_preview"][0].split("=")[1].split("&")[0])
    assert get(site, f"/?p={draft_id}").status == 404


# ------------------------------------------------------------------------- mutations


def test_mutations_show_up_in_pages_validators_and_rest():
    site = SampleSite.generate(n_posts=30, seed=2)
    [new] = site.add_posts(1)
    assert new.published > max(p.published for p in site.published_posts()[1:])
    assert site.url(new.path) in text(get(site, "/"))
    assert site.url(new.path) in text(get(site, "/feed/"))

    target = site.published_posts()[5]
    before = get(site, target.path)
    modified_before = target.modified
    site.edit_post(target.id, paragraphs=["A rewritten first paragraph.", "And a second one."])
    after = get(site, target.path)
    assert target.modified > modified_before
    assert after.headers["ETag"] != before.headers["ETag"]
    assert "A rewritten first paragraph." in text(after)
    assert get(site, target.path, **{"If-None-Match": before.headers["ETag"]}).status == 200
    since = modified_before.isoformat().replace("+", "%2B")
    changed = json.loads(get(site, f"/wp-json/wp/v2/posts?modified_after={since}").body)
    assert site.url(target.path) in {row["link"] for row in changed}

    site.edit_post(target.id)  # no new text: an editor's update paragraph is appended
    assert target.paragraphs[-1].startswith("Update (")

    doomed = site.published_posts()[3]
    site.delete_post(doomed.id)
    assert get(site, doomed.path).status == 404
    assert site.url(doomed.path) not in text(get(site, "/"))
    assert site.url(doomed.path) not in text(get(site, "/wp-sitemap-posts-post-1.xml"))


def test_touch_chrome_changes_the_etag_but_not_the_article():
    site = SampleSite.generate(n_posts=30, seed=2)
    before = get(site, SEED_PATH)
    site.touch_chrome()
    after = get(site, SEED_PATH)
    assert after.headers["ETag"] != before.headers["ETag"]
    assert "Thursday, July 25, 2024" in text(after)
    for paragraph in site.post_by_slug(SEED_SLUG).paragraphs:
        assert f"<p>{paragraph}</p>" in text(after)
    assert after.headers["Last-Modified"] == before.headers["Last-Modified"]


# ------------------------------------------------------------------------- variants


def test_variants_add_reachable_aliases_and_traps():
    site = SampleSite.generate(n_posts=40, seed=5, variants=True)
    urls = site.variant_urls
    home_links = {local(site, href) for href in links(text(get(site, "/")))}
    for kind, paths in urls.items():
        assert paths, kind
        assert {p.split("#")[0] for p in paths} <= {h.split("#")[0] for h in home_links}, kind
    seed_url = site.url(SEED_PATH)
    for kind in ("tracking", "share", "replytocom", "percent_encoded", "amp", "amp_query"):
        page = get(site, urls[kind][0])
        assert page.status == 200, kind
        assert f'rel="canonical" href="{seed_url}"' in text(page), kind
    assert "<html amp" in text(get(site, urls["amp"][0]))
    assert get(site, urls["no_slash"][0]).status == 301
    assert get(site, urls["xmlrpc"][0]).status == 405
    past_end = get(site, urls["past_end"][0])
    assert past_end.status == 200 and "Nothing Found" in text(past_end)
    calendar = urls["calendar"][1]
    for _ in range(30):  # every month links an older one, forever
        page = text(get(site, calendar))
        calendar = local(site, re.search(r'<a rel="prev" href="([^"]+)"', page)[1])
    assert get(site, calendar).status == 200 and calendar < urls["calendar"][1]
    assert get(site, "/?m=199001").status == 200


def test_variant_copies_are_exact_and_near_duplicates_of_their_originals():
    site = SampleSite.generate(n_posts=40, seed=5, variants=True)
    kinds = {kind: (copy, original) for copy, (original, kind) in site.copies.items()}
    by_path = {p.path: p for p in site.published_posts()}
    copy, original = kinds["exact"]
    assert by_path[copy].paragraphs == by_path[original].paragraphs
    assert by_path[copy].title == by_path[original].title
    assert by_path[copy].published != by_path[original].published
    near, near_original = kinds["near"]
    changed = [
        (a, b)
        for a, b in zip(by_path[near].paragraphs, by_path[near_original].paragraphs, strict=True)
        if a != b
    ]
    assert 1 <= len(changed) <= 2
    assert f'rel="canonical" href="{site.url(copy)}"' in text(get(site, copy))
    assert {copy, near} <= site.distinct_articles()
    assert len(site.published_posts()) == 42


# ------------------------------------------------------------------------- HTTP


def test_served_over_real_http_with_a_request_log():
    site = SampleSite.generate(n_posts=30, seed=4)
    with serve(site) as base_url:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", base_url)
        with urllib.request.urlopen(base_url + SEED_PATH.lstrip("/")) as response:
            html = response.read().decode()
            etag = response.headers["ETag"]
        assert SEED_TITLE in html and f'href="{base_url}feed/"' in html
        with urllib.request.urlopen(base_url + f"?p={site.post_by_slug(SEED_SLUG).id}") as response:
            assert response.url == base_url + SEED_PATH.lstrip("/")  # followed the 301
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(base_url + "no/such/page/")
        assert missing.value.code == 404
        missing.value.close()
        request = urllib.request.Request(base_url + SEED_PATH.lstrip("/"))
        request.add_header("If-None-Match", etag)
        with pytest.raises(urllib.error.HTTPError) as not_modified:
            urllib.request.urlopen(request)
        assert not_modified.value.code == 304
        not_modified.value.close()
    statuses = [(method, path, status) for method, path, _, status in site.request_log]
    assert ("GET", SEED_PATH, 200) in statuses
    assert ("GET", "/no/such/page/", 404) in statuses
    assert statuses[-1] == ("GET", SEED_PATH, 304)
    assert site.request_log[-1][2]["If-None-Match"] == etag


def test_write_static_and_cli_write_every_page(tmp_path):
    cli_main(["write", str(tmp_path), "--posts", "15"])
    site = SampleSite.generate(n_posts=15)
    for post in site.published_posts():
        page = tmp_path / post.path.strip("/") / "index.html"
        assert SEED_TITLE in page.read_text() or post.title in unescape(page.read_text())
    assert (tmp_path / "feed" / "index.xml").exists()
    assert (tmp_path / "wp-sitemap.xml").exists() and (tmp_path / "robots.txt").exists()
    assert "Nothing Found" in (tmp_path / "404.html").read_text()
    assert (
        datetime.fromisoformat("2023-09-22T18:30:00+05:30")
        == site.post_by_slug(SEED_SLUG).published
    )
