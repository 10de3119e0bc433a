"""The archive in Datasette with the shipped metadata: search box, facets, canned queries."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest
from read_side_archive import SEED_URL, build_archive

from archiver.datasette import METADATA_FILE, metadata_for

DATASETTE = str(Path(sys.executable).with_name("datasette"))


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_archive(tmp_path_factory.mktemp("datasette") / "archive.db")


def datasette_get(archive: Path, metadata: Path, path: str) -> dict | list:
    result = subprocess.run(
        [DATASETTE, str(archive), "--metadata", str(metadata), "--get", path],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_the_search_box_finds_the_article(archive):
    data = datasette_get(
        archive, METADATA_FILE, "/archive/articles.json?_search=quad&_shape=objects"
    )

    urls = [row["url"] for row in data["rows"]]
    assert SEED_URL in urls
    assert len(urls) == 2  # the seed article and the earnings review that mentions the Quad
    assert {"site", "categories", "authors", "tags"} <= set(data["facet_results"])
    categories = {f["value"]: f["count"] for f in data["facet_results"]["categories"]["results"]}
    assert categories["World"] == 1


def test_canned_search_query_returns_snippets_for_any_input(archive):
    rows = datasette_get(archive, METADATA_FILE, '/archive/search.json?q="NEAR(quad&_shape=array')
    assert rows == []

    rows = datasette_get(
        archive, METADATA_FILE, "/archive/search.json?q=security+council&_shape=array"
    )
    assert rows[0]["url"] == SEED_URL
    assert "<b>Security</b> <b>Council</b>" in rows[0]["snippet"]


def test_metadata_follows_an_archive_with_another_name(archive, tmp_path):
    renamed = tmp_path / "news.db"
    renamed.write_bytes(archive.read_bytes())
    metadata = tmp_path / "metadata.json"
    metadata.write_text(json.dumps(metadata_for(renamed)), encoding="utf-8")

    rows = datasette_get(renamed, metadata, "/news/per_month.json?_shape=array")

    assert rows[0] == {"month": "2023-09", "articles": 1}
    assert len(rows) == 4


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
