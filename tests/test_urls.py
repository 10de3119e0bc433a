"""Canonical URLs, trap kinds and same-site checks: every alias of an article is one URL."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from w3lib.url import canonicalize_url

from archiver.urls import (
    TRAP_KINDS,
    canonicalize,
    is_plain_url,
    is_rest_posts_url,
    same_site,
    trap_kind,
)

SITE = "https://megalopreneur.com"
POST = f"{SITE}/2023/09/india-quad-message-russia-north-korea-arms-deals/"

CANONICAL_CASES = [
    # host and scheme case, default ports, fragments
    ("HTTPS://MegaloPreneur.COM/2023/09/india-quad-message-russia-north-korea-arms-deals/", POST),
    (f"{SITE}:443/2023/09/india-quad-message-russia-north-korea-arms-deals/", POST),
    ("http://megalopreneur.com:80/about/", "http://megalopreneur.com/about/"),
    ("https://megalopreneur.com:80/about/", "https://megalopreneur.com:80/about/"),
    ("http://127.0.0.1:8080/about/", "http://127.0.0.1:8080/about/"),
    ("https://megalopreneur.com./about/", "https://megalopreneur.com/about/"),
    (f"{POST}#comments", POST),
    (f"{POST}#respond", POST),
    # tracking and presentation parameters
    (f"{POST}?utm_source=twitter&utm_medium=social&utm_campaign=x", POST),
    (f"{POST}?UTM_Source=twitter", POST),
    (f"{POST}?fbclid=IwAR0abc", POST),
    (f"{POST}?gclid=abc&dclid=d&msclkid=m&yclid=y&igshid=i", POST),
    (f"{POST}?mc_cid=123&mc_eid=456", POST),
    (f"{POST}?_ga=2.1.2.3&_gl=1*abc", POST),
    (f"{POST}?share=twitter&nb=1", POST),
    (f"{POST}?share=facebook", POST),
    (f"{POST}?replytocom=42#respond", POST),
    (f"{POST}?like_comment=7", POST),
    (f"{POST}?amp=1", POST),
    (f"{POST}?amp", POST),
    (f"{POST}?print=1", POST),
    # meaningful parameters stay, sorted for stability
    (f"{SITE}/?p=123", f"{SITE}/?p=123"),
    (f"{SITE}/?preview=true&p=123", f"{SITE}/?p=123&preview=true"),
    (f"{SITE}/?s=quad&utm_source=x", f"{SITE}/?s=quad"),
    (f"{SITE}/?ref=newsletter", f"{SITE}/?ref=newsletter"),
    (f"{SITE}/?page_id=2&cat=5", f"{SITE}/?cat=5&page_id=2"),
    (f"{SITE}/?b=2&a=1&a=0", f"{SITE}/?a=0&a=1&b=2"),
    (f"{SITE}/?", f"{SITE}/"),
    (f"{SITE}/?utm_source=x", f"{SITE}/"),
    # variant and comment-page suffixes
    (f"{POST}amp/", POST),
    (f"{POST}amp", POST),
    (f"{POST}embed/", POST),
    (f"{POST}print/", POST),
    (f"{POST}comment-page-2/", POST),
    (f"{POST}comment-page-12/#comment-881", POST),
    (f"{POST}amp/?amp=1&utm_source=x#top", POST),
    # ...but not when the segment is a post slug or a taxonomy term
    (f"{SITE}/2023/09/print/", f"{SITE}/2023/09/print/"),
    (f"{SITE}/category/amp/", f"{SITE}/category/amp/"),
    (f"{SITE}/tag/embed/", f"{SITE}/tag/embed/"),
    (f"{SITE}/amp/", f"{SITE}/amp/"),
    # attachment pages are pages of their own
    (f"{POST}attachment/chart/", f"{POST}attachment/chart/"),
    # trailing slash: WordPress pretty permalinks end with "/", files keep their name
    (f"{SITE}/2023/09/india-quad-message-russia-north-korea-arms-deals", POST),
    (f"{SITE}/category/world", f"{SITE}/category/world/"),
    (f"{SITE}/page/2", f"{SITE}/page/2/"),
    (SITE, f"{SITE}/"),
    (f"{SITE}/sitemap.xml", f"{SITE}/sitemap.xml"),
    (f"{SITE}/wp-sitemap-posts-post-1.xml", f"{SITE}/wp-sitemap-posts-post-1.xml"),
    (f"{SITE}/robots.txt", f"{SITE}/robots.txt"),
    (f"{SITE}/index.php?p=5", f"{SITE}/index.php?p=5"),
    (f"{SITE}/feed", f"{SITE}/feed/"),
    (f"{SITE}/2023/09/wordpress-6.4-released/", f"{SITE}/2023/09/wordpress-6.4-released/"),
    # percent-encoding: unreserved characters decoded, escapes upper-cased, UTF-8 escapes
    (f"{SITE}/2023/09/india%2Dquad%2dmessage-russia-north-korea-arms-deals/", POST),
    (f"{SITE}/%7Eeditor/", f"{SITE}/~editor/"),
    (f"{SITE}/a%2fb/", f"{SITE}/a%2Fb/"),
    (f"{SITE}/news story/", f"{SITE}/news%20story/"),
    (f"{SITE}/2023/09/café-société/", f"{SITE}/2023/09/caf%C3%A9-soci%C3%A9t%C3%A9/"),
    (f"{SITE}/2023/09/caf%c3%a9/", f"{SITE}/2023/09/caf%C3%A9/"),
    (f"{SITE}/?s=caf%c3%a9+au+lait", f"{SITE}/?s=caf%C3%A9+au+lait"),
    (f"{SITE}/a/./b/../c", f"{SITE}/a/c/"),
    # IDN hosts become punycode
    ("https://BÜCHER.de/neu", "https://xn--bcher-kva.de/neu/"),
    # surrounding whitespace from sloppy href attributes
    (f"  {POST}\n", POST),
    # not an http(s) URL: left alone
    ("mailto:editor@megalopreneur.com", "mailto:editor@megalopreneur.com"),
    ("/2023/09/relative/", "/2023/09/relative/"),
]


@pytest.mark.parametrize(("url", "expected"), CANONICAL_CASES)
def test_canonicalize(url, expected):
    assert canonicalize(url) == expected


@pytest.mark.parametrize(("url", "expected"), CANONICAL_CASES)
def test_canonicalize_is_idempotent_on_the_table(url, expected):
    assert canonicalize(expected) == expected


def test_seven_spellings_of_one_article_are_one_url():
    spellings = [
        POST,
        POST.rstrip("/"),
        f"{POST}#comments",
        f"{POST}?utm_source=newsletter&utm_medium=email",
        f"{POST}?share=twitter",
        f"{POST}amp/",
        f"{POST}comment-page-2/#comment-3",
        POST.replace("india-quad", "india%2Dquad").replace("https://m", "HTTPS://M"),
    ]
    assert {canonicalize(url) for url in spellings} == {POST}


_segment = st.one_of(
    st.sampled_from(["amp", "print", "embed", "comment-page-3", "category", "2023", "x.xml"]),
    st.text(alphabet=list("abcAZ09-_.~%2dDé /?#&=+;[]@:"), max_size=12),
)
_query = st.lists(
    st.tuples(
        st.sampled_from(["utm_source", "p", "s", "share", "amp", "A", "b", "mc_x", "%75tm_x"]),
        st.text(alphabet="abc%2D+ é&=", max_size=5),
    ),
    max_size=4,
)


@given(
    scheme=st.sampled_from(["http", "https", "HTTP"]),
    host=st.sampled_from(["megalopreneur.com", "WWW.Example.ORG", "bücher.de", "127.0.0.1"]),
    port=st.sampled_from(["", ":80", ":443", ":8080"]),
    segments=st.lists(_segment, max_size=5),
    slash=st.booleans(),
    query=_query,
    fragment=st.sampled_from(["", "#comments", "#comment-4", "#"]),
)
def test_canonicalize_is_idempotent(scheme, host, port, segments, slash, query, fragment):
    path = "/" + "/".join(segments) + ("/" if slash else "")
    query_string = "&".join(f"{key}={value}" for key, value in query)
    url = f"{scheme}://{host}{port}{path}" + (f"?{query_string}" if query else "") + fragment
    once = canonicalize(url)
    assert canonicalize(once) == once
    assert "#" not in once


@given(
    scheme=st.sampled_from(["http", "https"]),
    host=st.text(alphabet="ab9.-", min_size=1, max_size=8),
    port=st.sampled_from(["", ":80", ":443", ":8080"]),
    path=st.text(alphabet="aZ09._~-/", max_size=25),
)
def test_plain_urls_are_what_w3lib_leaves_as_they_are(scheme, host, port, path):
    """canonicalize skips w3lib for plain URLs: only sound if w3lib would not change them."""
    url = f"{scheme}://{host}{port}" + (f"/{path}" if path else "")
    if is_plain_url(url):
        assert canonicalize_url(url, keep_blank_values=True) in (url, url + "/")


@pytest.mark.parametrize(
    "url",
    [
        POST,
        f"{SITE}/2023/09/India-Quad/",
        "http://127.0.0.1:8080/page/2/",
        f"{SITE}/wp-sitemap.xml",
        f"{SITE}",
    ],
)
def test_plain_urls(url):
    assert is_plain_url(url)


@pytest.mark.parametrize(
    "url",
    [
        f"{POST}?utm_source=x",  # a query to sort and filter
        f"{POST}#respond",
        f"{SITE}/a/./b/",  # a dot segment
        f"{SITE}/a/../b/",
        "https://MegaloPreneur.com/",  # a host to lowercase
        f"{SITE}/caf%C3%A9/",  # escapes to normalise
        f"{SITE}/café/",
        f"{SITE}/a b/",
        "HTTPS://megalopreneur.com/",
        f"{SITE}/a;b/",
    ],
)
def test_urls_w3lib_must_see_are_not_plain(url):
    assert not is_plain_url(url)


TRAP_CASES = [
    ("search", f"{SITE}/?s=quad"),
    ("search", f"{SITE}/search/quad/"),
    ("search", f"{SITE}/page/2/?s=quad"),
    ("calendar", f"{SITE}/?m=202309"),
    ("calendar", f"{SITE}/?year=2023&monthnum=9"),
    ("calendar", f"{SITE}/calendar/"),
    ("calendar", f"{SITE}/events/calendar/2023-09/"),
    ("feed-single", f"{POST}feed/"),
    ("feed-single", f"{POST}feed/atom/"),
    ("feed-single", f"{SITE}/comments/feed/"),
    ("feed-single", f"{SITE}/?feed=comments-rss2"),
    ("feed-single", f"{SITE}/?p=123&feed=rss2"),
    ("admin", f"{SITE}/wp-admin/"),
    ("admin", f"{SITE}/wp-admin/admin-ajax.php?action=x"),
    ("admin", f"{SITE}/blog/wp-admin/post.php?post=5"),
    ("admin", f"{SITE}/xmlrpc.php"),
    ("admin", f"{SITE}/xmlrpc.php?rsd"),
    ("admin", f"{SITE}/wp-comments-post.php"),
    ("admin", f"{SITE}/wp-cron.php?doing_wp_cron=1"),
    ("login", f"{SITE}/wp-login.php"),
    ("login", f"{SITE}/wp-login.php?redirect_to=https%3A%2F%2Fmegalopreneur.com%2F"),
    ("login", f"{SITE}/login/"),
    ("logout", f"{SITE}/wp-login.php?action=logout&_wpnonce=abc"),
    ("logout", f"{SITE}/logout/"),
    ("register", f"{SITE}/wp-login.php?action=register"),
    ("register", f"{SITE}/wp-signup.php"),
    ("register", f"{SITE}/register/"),
    ("api-embed", f"{SITE}/wp-json/"),
    ("api-embed", f"{SITE}/wp-json/wp/v2/users"),
    ("api-embed", f"{SITE}/wp-json/wp/v2/comments?post=5"),
    ("api-embed", f"{SITE}/wp-json/oembed/1.0/embed?url={POST}"),
    ("api-embed", f"{SITE}/?rest_route=/wp/v2/pages"),
    ("comment", f"{POST}?replytocom=42"),
    ("comment", f"{POST}comment-page-2/"),
    ("comment", f"{POST}#respond"),
    ("comment", f"{POST}#comment-881"),
    ("comment", f"{POST}?like_comment=7&_wpnonce=x"),
    ("comment", f"{POST}trackback/"),
    ("share", f"{POST}?share=twitter"),
    ("share", f"{POST}?share=jetpack-whatsapp&nb=1"),
    ("variant", f"{POST}amp/"),
    ("variant", f"{POST}?amp=1"),
    ("variant", f"{POST}embed/"),
    ("variant", f"{POST}print/"),
    ("variant", f"{POST}?print=1"),
    ("media", f"{SITE}/wp-content/uploads/2023/09/quad-leaders.jpg"),
    ("media", f"{SITE}/wp-content/uploads/2023/09/report.PDF"),
    ("media", f"{SITE}/wp-content/uploads/2023/09/archive.zip"),
    ("media", f"{SITE}/wp-content/themes/newspaper/style.css?ver=12"),
    ("preview", f"{SITE}/?p=123&preview=true"),
    ("preview", f"{POST}?preview_id=123&preview_nonce=abc"),
]


@pytest.mark.parametrize(("kind", "url"), TRAP_CASES)
def test_trap_kind(kind, url):
    assert trap_kind(url) == kind


def test_every_documented_kind_is_tested_and_every_tested_kind_documented():
    assert {kind for kind, _ in TRAP_CASES} == set(TRAP_KINDS)


PAGES = [
    POST,
    f"{SITE}/",
    f"{SITE}/page/2/",
    f"{SITE}/2023/",
    f"{SITE}/2023/09/",
    f"{SITE}/2023/09/22/",
    f"{SITE}/2023/09/page/3/",
    f"{SITE}/category/world/",
    f"{SITE}/category/world/page/2/",
    f"{SITE}/tag/quad/",
    f"{SITE}/author/editor/",
    f"{SITE}/feed/",
    f"{SITE}/feed/atom/",
    f"{SITE}/category/world/feed/",
    f"{SITE}/2023/09/feed/",
    f"{SITE}/?feed=rss2",
    f"{SITE}/sitemap.xml",
    f"{SITE}/sitemap_index.xml",
    f"{SITE}/wp-sitemap.xml",
    f"{SITE}/post-sitemap.xml",
    f"{SITE}/robots.txt",
    f"{SITE}/?p=123",
    f"{SITE}/about/",
    f"{SITE}/2023/09/register/",
    f"{SITE}/2023/09/print/",
    f"{SITE}/category/amp/",
    f"{POST}attachment/quad-leaders/",
    f"{POST}2/",
    f"{SITE}/wp-json/wp/v2/posts",
    f"{SITE}/wp-json/wp/v2/posts/?per_page=100&page=2&_fields=id,link,modified_gmt",
    f"{SITE}/wp-json/wp/v2/posts/123",
    f"{SITE}/?rest_route=/wp/v2/posts&per_page=100",
]


@pytest.mark.parametrize("url", PAGES)
def test_normal_pages_are_not_traps(url):
    assert trap_kind(url) is None
    assert trap_kind(canonicalize(url)) is None


@pytest.mark.parametrize(
    "url",
    [
        f"{POST}?share=twitter",
        f"{POST}?replytocom=42",
        f"{POST}amp/",
        f"{POST}?amp=1",
        f"{POST}embed/",
        f"{POST}comment-page-2/",
        f"{POST}#respond",
    ],
)
def test_folded_aliases_become_the_article_after_canonicalize(url):
    assert trap_kind(url) is not None
    assert canonicalize(url) == POST
    assert trap_kind(canonicalize(url)) is None


@pytest.mark.parametrize(
    "kind,url",
    [
        (kind, url)
        for kind, url in TRAP_CASES
        if kind not in {"share", "variant"}
        and "#" not in url
        and "replytocom" not in url
        and "like_comment" not in url
        and "comment-page" not in url
    ],
)
def test_canonical_form_still_reports_the_trap(kind, url):
    assert trap_kind(canonicalize(url)) == kind


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"{SITE}/wp-json/wp/v2/posts", True),
        (f"{SITE}/wp-json/wp/v2/posts/?page=2&per_page=100", True),
        (f"{SITE}/wp-json/wp/v2/posts/123", True),
        (f"{SITE}/blog/wp-json/wp/v2/posts", True),
        (f"{SITE}/?rest_route=/wp/v2/posts", True),
        (f"{SITE}/?rest_route=%2Fwp%2Fv2%2Fposts%2F", True),
        (f"{SITE}/wp-json/wp/v2/pages", False),
        (f"{SITE}/wp-json/wp/v2/posts/123/revisions", False),
        (f"{SITE}/wp-json/", False),
        (POST, False),
    ],
)
def test_is_rest_posts_url(url, expected):
    assert is_rest_posts_url(url) is expected
    assert is_rest_posts_url(canonicalize(url)) is expected


@pytest.mark.parametrize(
    ("url", "allowed", "expected"),
    [
        (POST, ["megalopreneur.com"], True),
        ("https://www.megalopreneur.com/about/", ["megalopreneur.com"], True),
        (POST, ["www.megalopreneur.com"], True),
        ("https://MEGALOPRENEUR.com/", ["megalopreneur.com"], True),
        ("https://megalopreneur.com:443/", ["megalopreneur.com"], True),
        ("http://megalopreneur.com:80/", ["megalopreneur.com"], True),
        (POST, ["https://megalopreneur.com/"], True),
        (POST, ["example.com", "megalopreneur.com"], True),
        ("https://shop.megalopreneur.com/", ["megalopreneur.com"], False),
        ("https://megalopreneur.com.evil.test/", ["megalopreneur.com"], False),
        ("https://twitter.com/intent/tweet?url=x", ["megalopreneur.com"], False),
        ("https://megalopreneur.com:8443/", ["megalopreneur.com"], False),
        ("http://127.0.0.1:8080/2023/09/x/", ["127.0.0.1:8080"], True),
        ("http://127.0.0.1:8080/2023/09/x/", ["http://127.0.0.1:8080"], True),
        ("http://127.0.0.1:9090/", ["127.0.0.1:8080"], False),
        ("http://127.0.0.1:8080/", ["127.0.0.1"], False),
        ("http://127.0.0.1/", ["127.0.0.1:8080"], False),
        ("https://xn--bcher-kva.de/", ["bücher.de"], True),
        ("mailto:editor@megalopreneur.com", ["megalopreneur.com"], False),
        ("/relative/", ["megalopreneur.com"], False),
    ],
)
def test_same_site(url, allowed, expected):
    assert same_site(url, allowed) is expected
