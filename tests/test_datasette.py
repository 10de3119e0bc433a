"""The archive in Datasette with the shipped metadata: search box, facets, canned queries."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
