"""``scrapy crawl news`` on the sample site in WordPress's default themes, as a new user runs it.

Twenty Twenty-One and Twenty Twenty-Three print a post with no JSON-LD, no Open Graph and no
author meta; the author bio box links "View all of NAME's posts.", and the block theme marks
categories and tags alike as ``rel="tag"``. The site also has a Japanese article and an image
post whose only text is a caption. Every published post must be archived once, with the author,
categories, tags and publication time WordPress itself has for it; no listing is stored.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import chrome_in, query

from archiver.cjk import CJK_RUN
from archiver.cli import cli
from archiver.localcrawl import run_crawl
from archiver.samplesite import SampleSite, serve


@pytest.fixture(scope="module", params=["twentytwentyone", "twentytwentythree"])
def crawled(request, tmp_path_factory):
    site = SampleSite.generate(n_posts=45, seed=12, theme=request.param, formats=True)
    db = tmp_path_factory.mktemp(request.param) / "archive.db"
    with serve(site) as base_url:
        result = run_crawl(base_url, db, spider="news")
    return {"site": site, "db": db, "base": base_url.rstrip("/"), "result": result}


def _rows(crawled) -> dict[str, dict]:
    rows = query(
        crawled["db"],
        "SELECT url, title, published_at, authors, categories, tags, text, evidence FROM articles",
    )
    names = ("title", "published_at", "authors", "categories", "tags", "text", "evidence")
    stored = {url: dict(zip(names, values, strict=True)) for url, *values in rows}
    assert len(stored) == len(rows)
    return stored


def test_every_published_post_is_archived_once_and_nothing_else(crawled):
    assert crawled["result"].returncode == 0, crawled["result"].stderr[-3000:]
    site, base = crawled["site"], crawled["base"]
    expected = {base + post.path for post in site.published_posts()}
    assert set(_rows(crawled)) == expected


def test_authors_categories_tags_and_time_are_wordpresss_own(crawled):
    site, base = crawled["site"], crawled["base"]
    stored = _rows(crawled)
    for post in site.published_posts():
        row = stored[base + post.path]
        got = (
            json.loads(row["authors"]),
            json.loads(row["categories"]),
            json.loads(row["tags"]),
            row["published_at"],
        )
        assert got == (
            [post.author],
            post.categories,
            post.tags,
            post.published.isoformat(),
        ), post.path


def test_the_image_post_is_kept_with_its_caption_and_flagged_short(crawled):
    site, base = crawled["site"], crawled["base"]
    (photo,) = [post for post in site.published_posts() if post.format == "image"]
    row = _rows(crawled)[base + photo.path]
    assert row["title"] == photo.title
    assert photo.caption in row["text"]
    assert json.loads(row["evidence"])[-1] == "short"


def test_the_japanese_article_is_whole_and_a_japanese_word_finds_it(crawled):
    site, base = crawled["site"], crawled["base"]
    (japanese,) = [post for post in site.published_posts() if CJK_RUN.search(post.title)]
    row = _rows(crawled)[base + japanese.path]
    for paragraph in japanese.paragraphs:
        assert paragraph in row["text"]
    assert chrome_in(row["text"]) == []
    word = "スタートアップ" if "スタートアップ" in japanese.title else "輸出企業"
    found = CliRunner().invoke(cli, ["search", word, "--db", str(crawled["db"]), "--json"])
    assert found.exit_code == 0, found.output
    assert [hit["url"] for hit in json.loads(found.output)] == [base + japanese.path]


def test_no_chrome_in_any_stored_text(crawled):
    for url, row in _rows(crawled).items():
        assert chrome_in(row["text"]) == [], url
        assert "View all of" not in row["text"] + row["authors"], url
