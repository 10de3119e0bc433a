"""The sample site's heavy theme (``page_kb``) weighs what was asked and changes no article.

The crawl benchmark runs on these pages, so they must be what a real WordPress news theme serves
(inline CSS/JS, a JSON-LD graph with a breadcrumb, a mega-menu, widgets full of links), at the
asked size, byte for byte the same on every run, and hold the very articles the light pages hold.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import asdict

import pytest
from lxml import html

from archiver.extraction import extract_article
from archiver.samplesite import SampleSite
from archiver.samplesite.__main__ import main as cli_main
from archiver.samplesite.weight import CHROME_PHRASES

FETCHED_AT = "2024-07-24T12:00:00+00:00"


@pytest.fixture(scope="module")
def light():
    return SampleSite.generate(n_posts=120)


@pytest.fixture(scope="module")
def heavy():
    return SampleSite.generate(n_posts=120, page_kb=120)


def post_pages(site: SampleSite, n: int = 40) -> list[tuple[str, bytes]]:
    return [(post.path, site.render(post.path).body) for post in site.published_posts()[:n]]


@pytest.mark.parametrize("page_kb", [60, 120, 200])
def test_post_pages_weigh_the_asked_size_on_average(page_kb):
    site = SampleSite.generate(n_posts=120, page_kb=page_kb)
    sizes = [len(body) / 1024 for _path, body in post_pages(site)]
    assert statistics.mean(sizes) == pytest.approx(page_kb, rel=0.1)
    assert max(sizes) / min(sizes) > 1.1  # pages differ, as real ones do


def test_the_light_theme_stays_the_default(light):
    body = light.render(light.published_posts()[0].path).body.decode()
    assert light.page_kb == 0
    assert "td-mobile-nav" not in body and "td-theme-inline-css" not in body


def test_heavy_pages_carry_a_real_themes_parts(heavy):
    body = heavy.render(heavy.published_posts()[5].path).body
    tree = html.fromstring(body)
    assert len(tree.xpath("//a[@href]")) > 250
    assert tree.xpath("//head/style[@id='td-theme-inline-css']")
    assert tree.xpath("//ul[@id='menu-main-menu']//div[contains(@class, 'td_block_mega_menu')]")
    assert tree.xpath("//div[@id='td-mobile-nav']")
    assert tree.xpath("//div[contains(@class, 'td_block_related_posts')]")
    graph = json.loads(tree.xpath("//script[@type='application/ld+json']/text()")[0])["@graph"]
    assert "BreadcrumbList" in {node["@type"] for node in graph}
    text = tree.text_content()
    assert all(phrase in text for phrase in CHROME_PHRASES)


def test_heavy_pages_are_deterministic():
    first, second = (SampleSite.generate(n_posts=60, page_kb=90) for _ in range(2))
    assert post_pages(first, 10) == post_pages(second, 10)
    assert first.render("/").body == second.render("/").body


def test_every_page_link_into_the_site_is_a_page_of_it(heavy):
    _path, body = post_pages(heavy, 1)[0]
    base = heavy.url("")
    links = {
        href[len(base) :].partition("#")[0]
        for href in html.fromstring(body).xpath("//a/@href")
        if href.startswith(base) and "/wp-content/" not in href  # media files aren't pages
    }
    assert len(links) > 100
    statuses = {path: heavy.render(path).status for path in links}
    assert {path for path, status in statuses.items() if status >= 400} == set()


def test_heavy_pages_hold_the_same_articles_and_the_listings_stay_listings(light, heavy):
    for (path, light_body), (_same, heavy_body) in zip(
        post_pages(light), post_pages(heavy), strict=True
    ):
        expected = extract_article(light_body, light.url(path), FETCHED_AT)
        got = extract_article(heavy_body, heavy.url(path), FETCHED_AT)
        assert asdict(got) == asdict(expected), path
        assert not any(phrase in got.text for phrase in CHROME_PHRASES)
    for path in ("/", "/page/2/", "/category/world/", "/tag/india/", "/author/aditi-sharma/"):
        assert extract_article(heavy.render(path).body, heavy.url(path), FETCHED_AT) is None


def test_cli_writes_the_heavy_site(tmp_path):
    cli_main(["write", str(tmp_path), "--posts", "20", "--page-kb", "80"])
    sizes = [
        path.stat().st_size / 1024
        for path in tmp_path.glob("20*/*/*/index.html")  # post permalinks /YYYY/MM/slug/
    ]
    assert len(sizes) >= 19 and statistics.mean(sizes) == pytest.approx(80, rel=0.15)


def test_a_negative_weight_is_refused():
    with pytest.raises(ValueError, match="page_kb"):
        SampleSite.generate(n_posts=5, page_kb=-1)
