"""What the search index covers: authors, categories and tags, CJK words, and linked duplicates.

The archive is written by the crawler's own writer; the schema-1 archive of the migration test
is built by the first migration alone, as a file of the first release was.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import asdict
from pathlib import Path

import pytest
import sqlite_utils
from conftest import hit_urls, readonly_archive
from sqlite_utils.migrations import Migrations

from archiver.extraction.article import Article
from archiver.extraction.fingerprint import content_fingerprint, simhash64
from storage import schema
from storage.db import open_db
from storage.search import MATCH_END, MATCH_START, search
from storage.writes import ArchiveWriter

SITE = "https://news.example"
JAPANESE_URL = f"{SITE}/2024/05/tokyo-budget/"
JAPANESE_TEXT = (
    "東京都は二十四日、来年度の予算案を発表した。経済対策として中小企業への支援を拡充する。\n\n"
    "都庁では記者会見が開かれ、知事は「物価高に苦しむ都民の生活を守る」と述べた。"
)
CHINESE_URL = f"{SITE}/2024/05/beijing-rail/"
CHINESE_TEXT = "北京市政府宣布，新的高速铁路将于明年开通，连接首都与周边城市。"
KOREAN_URL = f"{SITE}/2024/05/seoul-housing/"
KOREAN_TEXT = "서울시는 청년을 위한 공공주택 공급을 늘리겠다고 밝혔습니다."
SUMMIT_URL = f"{SITE}/2024/05/summit-ends/"
SUMMIT_TEXT = (
    "The four leaders closed their meeting with a joint statement on maritime security.\n\n"
    "Officials said the next meeting would be held in the autumn."
)
SYNDICATED_URL = f"{SITE}/wire/summit-ends-copy/"


def page(url: str, title: str, text: str, **fields) -> dict:
    article = Article(
        url=url,
        title=title,
        text=text,
        fetched_url=url,
        fetched_at="2024-05-24T10:00:00+00:00",
        published_at="2024-05-24T09:00:00+09:00",
        word_count=len(text.split()),
        fingerprint=content_fingerprint(title, text),
        simhash=simhash64(text),
        **fields,
    )
    return {"article": asdict(article), "html": f"<html><body>{text}</body></html>",
            "status": 200, "content_type": "text/html"}  # fmt: skip


def pages() -> list[dict]:
    return [
        page(JAPANESE_URL, "東京都、来年度予算案を発表", JAPANESE_TEXT, tags=["自民党"]),
        page(CHINESE_URL, "北京新高铁明年开通", CHINESE_TEXT, categories=["交通"]),
        page(KOREAN_URL, "서울시 청년 주택 확대", KOREAN_TEXT),
        page(
            SUMMIT_URL,
            "Leaders close their summit",
            SUMMIT_TEXT,
            authors=["Aditi Sharma"],
            categories=["Diplomacy"],
            tags=["Quad", "Maritime"],
        ),
        # The same story re-published under another URL: linked to the first as an exact copy.
        page(SYNDICATED_URL, "Leaders close their summit", SUMMIT_TEXT, tags=["Quad"]),
    ]


def write(path: Path, batch: list[dict]) -> Path:
    with ArchiveWriter(path) as writer:
        run_id = writer.start_run("wordpress", "backfill", SITE + "/")
        writer.write_batch([{**item, "run_id": run_id} for item in batch])
        writer.finish_run(run_id, "finished", {"requests_total": len(batch)}, {})
    return path


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    return write(tmp_path_factory.mktemp("index") / "archive.db", pages())


@pytest.fixture(scope="module")
def db(archive):
    yield from readonly_archive(archive)


def test_a_tag_category_or_author_finds_articles_that_never_use_the_word(db):
    assert hit_urls(search(db, "quad")) == [SUMMIT_URL]
    assert hit_urls(search(db, "diplomacy")) == [SUMMIT_URL]
    assert hit_urls(search(db, "Aditi Sharma")) == [SUMMIT_URL]
    assert hit_urls(search(db, "maritime")) == [SUMMIT_URL]  # tag and text: still one hit


@pytest.mark.parametrize(
    ("word", "url"),
    [
        ("予算", JAPANESE_URL),  # two characters inside a clause of the text
        ("経済対策", JAPANESE_URL),
        ("東京都", JAPANESE_URL),  # at the start of the headline and of the text
        ("都民", JAPANESE_URL),
        ("自民党", JAPANESE_URL),  # a tag
        ("高速铁路", CHINESE_URL),
        ("首都", CHINESE_URL),
        ("交通", CHINESE_URL),  # a category
        ("공공주택", KOREAN_URL),  # Korean: a word inside a spaced word with its particle
        ("청년", KOREAN_URL),
    ],
)
def test_a_cjk_word_finds_the_article_that_contains_it(db, word, url):
    assert hit_urls(search(db, word)) == [url]


def test_a_cjk_word_matches_only_where_its_characters_are_adjacent(db):
    # 民 and 生 both occur in the Japanese text (都民の生活), but never as 民生 (livelihood).
    assert search(db, "民生") == []
    assert search(db, "大阪") == []
    # One character is a word too (庁 = government office): a prefix of the pairs.
    assert hit_urls(search(db, "庁")) == [JAPANESE_URL]
    assert sorted(hit_urls(search(db, "都"))) == [CHINESE_URL, JAPANESE_URL]  # 首都, 東京都
    assert hit_urls(search(db, "予算 経済")) == [JAPANESE_URL]  # every term must match
    assert search(db, "予算 北京") == []


def test_a_cjk_hit_has_its_word_marked_in_the_snippet(db):
    (hit,) = search(db, "中小企業")
    assert f"{MATCH_START}中小企業{MATCH_END}" in hit.snippet
    assert "経済対策として" in hit.snippet  # the words around it


def test_a_linked_duplicate_is_listed_through_its_original_only(db):
    assert hit_urls(search(db, "joint statement")) == [SUMMIT_URL]
    assert hit_urls(search(db, "joint statement", sort="newest")) == [SUMMIT_URL]
    shown = hit_urls(search(db, "joint statement", duplicates=True))
    assert sorted(shown) == sorted([SUMMIT_URL, SYNDICATED_URL])


def test_archiver_search_takes_duplicates_and_cjk_words(archive):
    archiver = str(Path(sys.executable).with_name("archiver"))

    def run(*args: str) -> str:
        command = [archiver, "search", *args, "--db", str(archive)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True)
        return result.stdout

    assert SYNDICATED_URL not in run("joint statement")
    assert SYNDICATED_URL in run("joint statement", "--duplicates")
    assert JAPANESE_URL in run("予算")


def test_sqlite_utils_search_still_finds_the_articles(archive):
    result = subprocess.run(
        [str(Path(sys.executable).with_name("sqlite-utils")), "search", str(archive), "articles",
         "quad", "-c", "url"],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert SUMMIT_URL in result.stdout


def schema_1_archive(path: Path) -> Path:
    """An archive as the first release wrote it: migration 1 only."""
    first_release = Migrations("archiver")
    first_release(name="m001_initial")(schema.m001_initial)
    db = sqlite_utils.Database(path)
    first_release.apply(db)
    for item in pages()[:4]:
        article = item["article"]
        db.execute(
            "INSERT INTO articles (url, site, title, text, authors, categories, tags) "
            "VALUES (?, 'news.example', ?, ?, ?, ?, ?)",
            [article["url"], article["title"], article["text"]]
            + [sqlite_utils.db.json.dumps(article[key], ensure_ascii=False)
               for key in ("authors", "categories", "tags")],
        )  # fmt: skip
    db.conn.commit()
    db.close()
    return path


def test_opening_an_archive_of_the_first_release_rebuilds_its_index(tmp_path):
    path = schema_1_archive(tmp_path / "old.db")
    with closing(open_db(path, readonly=True)) as old:
        assert search(old, "quad") == []  # the first release indexed title and text only

    open_db(path).close()  # a crawl or any writer opens it: the migration runs

    with closing(open_db(path, readonly=True)) as db:
        assert hit_urls(search(db, "quad")) == [SUMMIT_URL]
        assert hit_urls(search(db, "予算")) == [JAPANESE_URL]
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')")
        # Later writes keep the rebuilt index in step (the triggers cover the new columns).
        conn.execute("UPDATE articles SET tags = '[\"Harbour\"]' WHERE url = ?", (SUMMIT_URL,))
        conn.commit()
    with closing(open_db(path, readonly=True)) as db:
        assert hit_urls(search(db, "harbour")) == [SUMMIT_URL]
        assert search(db, "quad") == []
