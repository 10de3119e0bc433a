"""The archive in Datasette through the shipped plugin: search box, facets, canned queries, any name."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from contextlib import closing
from pathlib import Path

import psutil
import pytest
from read_side_archive import SEED_URL, build_archive
from test_search_index import JAPANESE_URL, pages, write

DATASETTE = str(Path(sys.executable).with_name("datasette"))


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_archive(tmp_path_factory.mktemp("datasette") / "archive.db")


def datasette_get(archive: Path, path: str, *options: str) -> dict | list:
    """``datasette FILE --get PATH`` as JSON: the plugin comes with the package, no --metadata."""
    result = subprocess.run(
        [DATASETTE, str(archive), *options, "--get", path],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_the_search_box_finds_the_article(archive):
    data = datasette_get(archive, "/archive/articles.json?_search=quad&_shape=objects")

    urls = [row["url"] for row in data["rows"]]
    assert SEED_URL in urls
    assert len(urls) == 2  # the seed article and the earnings review that mentions the Quad
    assert {"categories", "authors", "tags", "published_at"} <= set(data["facet_results"])
    months = data["facet_results"]["published_at"]["results"]
    assert [month["value"] for month in months] == ["2023-11", "2023-09"]  # newest first
    categories = {f["value"]: f["count"] for f in data["facet_results"]["categories"]["results"]}
    assert categories["World"] == 1


def test_canned_search_query_returns_snippets_for_any_input(archive):
    rows = datasette_get(archive, '/archive/search.json?q="NEAR(quad&_shape=array')
    assert rows == []

    rows = datasette_get(archive, "/archive/search.json?q=security+council&_shape=array")
    assert rows[0]["title"].startswith("India Joins Quad Nations")
    assert "<mark>Security</mark> <mark>Council</mark>" in rows[0]["snippet"]


def test_an_archive_with_another_name_gets_the_same_pages(archive, tmp_path):
    renamed = tmp_path / "news.db"
    renamed.write_bytes(archive.read_bytes())

    rows = datasette_get(renamed, "/news/per_month.json?_shape=array")
    assert rows[0] == {"month": "2023-09", "articles": 1}
    assert len(rows) == 4
    # A metadata file of the user's own is merged with the plugin's, not replaced by it.
    mine = tmp_path / "mine.json"
    mine.write_text(json.dumps({"title": "My newsroom"}), encoding="utf-8")
    assert datasette_get(renamed, "/-/metadata.json", "--metadata", str(mine))["title"] == (
        "My newsroom"
    )
    tables = datasette_get(renamed, "/news.json")["tables"]
    hidden = {table["name"] for table in tables if table["hidden"]}
    assert {"_sqlite_migrations", "raw_pages", "articles_fts"} <= hidden
    assert "articles" not in hidden


def test_the_search_box_finds_a_japanese_word(tmp_path):
    path = write(tmp_path / "cjk.db", pages())
    data = datasette_get(path, "/cjk/articles.json?_search=予算&_shape=objects")
    assert [row["url"] for row in data["rows"]] == [JAPANESE_URL]
    # A phrase in quotes stays a phrase, as in Datasette's own search box.
    data = datasette_get(path, '/cjk/articles.json?_search="joint+statement"&_shape=objects')
    assert len(data["rows"]) == 2  # the original and its linked copy: the table shows every row


def test_a_database_that_is_not_an_archive_is_left_as_datasette_shows_it(tmp_path):
    other = tmp_path / "other.db"
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("create table articles (id integer primary key, title text, tags text)")
        conn.execute("""insert into articles (title, tags) values ('a', '["x"]')""")
        conn.commit()
    result = subprocess.run(
        [DATASETTE, str(other), "--get", "/other/articles"],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert "archive-articles" not in result.stdout
    assert "rows-and-columns" in result.stdout  # Datasette's own table
    assert "&#34;x&#34;" in result.stdout or '["x"]' in result.stdout  # its JSON untouched


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_archiver_serve_answers_searches_on_localhost(archive):
    port = free_port()
    archiver = str(Path(sys.executable).with_name("archiver"))
    server = subprocess.Popen(
        [archiver, "--db", str(archive), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/archive/articles.json?_search=quad&_shape=objects"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    data = json.load(response)
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "datasette did not start"
                time.sleep(0.2)
        datasette = psutil.Process(server.pid).children()
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stderr.close()

    assert SEED_URL in [row["url"] for row in data["rows"]]
    # Stopping `archiver serve` stops the datasette it started (it used to be left running).
    assert datasette
    gone, alive = psutil.wait_procs(datasette, timeout=10)
    assert alive == []
