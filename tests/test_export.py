"""Exports: the same rows in JSONL, CSV and Parquet, manifests, selections, no partial files."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from read_side_archive import REVISED_URL, SEED_URL, build_archive

from storage.db import open_db
from storage.export import (
    COLUMN_NAMES,
    EXPORT_COLUMNS,
    SCHEMA_VERSION,
    ExportError,
    Selection,
    arrow_schema,
    count_rows,
    export_articles,
)
from storage.search import Filters, SearchError

LIST_COLUMNS = [c.name for c in EXPORT_COLUMNS if c.type == "list<string>"]
INT_COLUMNS = [c.name for c in EXPORT_COLUMNS if c.type == "int64"]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = build_archive(tmp_path_factory.mktemp("export") / "archive.db")
    database = open_db(path, readonly=True)
    yield database
    database.close()


def read_jsonl(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def read_csv(path) -> list[dict]:
    """CSV back to typed rows, following the documented conventions (empty = null, JSON lists)."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        for name, value in row.items():
            if name in LIST_COLUMNS:
                row[name] = json.loads(value)
            elif value == "":
                row[name] = None
            elif name in INT_COLUMNS:
                row[name] = int(value)
    return rows


def read_parquet(path) -> list[dict]:
    return pq.read_table(path).to_pylist()


READERS = {"jsonl": read_jsonl, "csv": read_csv, "parquet": read_parquet}


def test_every_format_round_trips_the_same_rows(db, tmp_path):
    exported = {}
    for fmt, reader in READERS.items():
        path = tmp_path / f"articles.{fmt}"
        result = export_articles(db, path, format=fmt)
        assert result.rows == 5
        exported[fmt] = reader(path)

    assert exported["jsonl"] == exported["csv"] == exported["parquet"]
    seed = next(row for row in exported["jsonl"] if row["url"] == SEED_URL)
    assert list(seed) == list(COLUMN_NAMES)
    assert seed["authors"] == ["Mohit Sharma"]
    assert seed["tags"] == ["India", "Quad", "North Korea"]
    assert seed["published_at"] == "2023-09-22T10:15:00+05:30"
    assert "Security Council resolutions" in seed["text"]
    assert "Stay in touch" not in seed["text"]


def test_the_manifest_describes_the_file(db, tmp_path):
    path = tmp_path / "world.jsonl"
    result = export_articles(db, path, selection=Selection(filters=Filters(category="World")))

    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
    assert result.manifest == tmp_path / "world.jsonl.manifest.json"
    assert manifest["rows"] == 1 == len(read_jsonl(path))
    assert manifest["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest() == result.sha256
    assert manifest["schema_version"] == SCHEMA_VERSION
    assert [c["name"] for c in manifest["columns"]] == list(COLUMN_NAMES)
    assert manifest["filters"] == {"category": "World"}
    assert manifest["crawl_window"]["first_run_started_at"] is not None
    assert (
        manifest["crawl_window"]["last_run_finished_at"]
        >= (manifest["crawl_window"]["first_run_started_at"])
    )
    assert manifest["generated_at"]


def test_parquet_has_the_documented_schema(db, tmp_path):
    path = tmp_path / "articles.parquet"
    export_articles(db, path, format="parquet", chunk_rows=2)

    parquet = pq.ParquetFile(path)
    assert parquet.schema_arrow.equals(arrow_schema())
    assert parquet.metadata.num_row_groups == 3  # written chunk by chunk: 2 + 2 + 1 rows


def test_an_existing_output_is_refused_without_force(db, tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text("precious\n", encoding="utf-8")

    with pytest.raises(ExportError, match="--force"):
        export_articles(db, path)
    assert path.read_text(encoding="utf-8") == "precious\n"

    export_articles(db, path, force=True)
    assert len(read_jsonl(path)) == 5


def test_an_interrupted_export_leaves_no_file(db, tmp_path):
    def interrupt_after_first_chunk(_rows):
        raise KeyboardInterrupt

    for fmt in READERS:
        with pytest.raises(KeyboardInterrupt):
            export_articles(
                db,
                tmp_path / f"articles.{fmt}",
                format=fmt,
                chunk_rows=1,
                progress=interrupt_after_first_chunk,
            )
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_export_keeps_the_previous_file(db, tmp_path):
    path = tmp_path / "articles.jsonl"
    export_articles(db, path)
    before = path.read_bytes()

    def fail(_rows):
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        export_articles(db, path, force=True, chunk_rows=1, progress=fail)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "articles.jsonl",
        "articles.jsonl.manifest.json",
    ]


def test_selections(db, tmp_path):
    def exported_urls(**selection) -> list[str]:
        stream = io.StringIO()
        export_articles(db, "-", selection=Selection(**selection), stream=stream)
        return [json.loads(line)["url"] for line in stream.getvalue().splitlines()]

    assert exported_urls(since_run=1) == [REVISED_URL]
    assert exported_urls(query="security council") == [SEED_URL]
    assert exported_urls(query="quad NOT russia", raw=True) == [
        "https://megalopreneur.com/2023/11/quarterly-earnings-season-review/"
    ]
    assert exported_urls(modified_since="2024-02-06") == [
        REVISED_URL,
        "https://megalopreneur.com/2024/03/solar-microgrids-rural-india/",
    ]
    assert exported_urls(filters=Filters(since="2024", author="Priya Nair")) == [REVISED_URL]
    assert count_rows(db, Selection(filters=Filters(until="2023"))) == 2


def test_csv_to_a_stream(db):
    stream = io.StringIO()
    result = export_articles(db, None, format="csv", stream=stream)

    assert result.rows == 5 and result.path is None
    rows = list(csv.DictReader(io.StringIO(stream.getvalue())))
    assert [row["id"] for row in rows] == ["1", "2", "3", "4", "5"]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"format": "xml"}, ExportError),
        ({"format": "parquet"}, ExportError),  # to stdout
        ({"selection": Selection(filters=Filters(since="last week"))}, SearchError),
    ],
)
def test_impossible_exports_are_refused_before_writing(db, kwargs, error):
    stream = io.StringIO()
    with pytest.raises(error):
        export_articles(db, "-", stream=stream, **kwargs)
    assert stream.getvalue() == ""


def test_release_folder_holds_both_files_their_manifests_and_a_data_card(db, tmp_path):
    archive = db.execute("pragma database_list").fetchone()[2]
    script = Path(__file__).parents[1] / "scripts" / "release_dataset.py"
    folder = tmp_path / "release"

    def release(*args):
        return subprocess.run(
            [sys.executable, str(script), str(folder), "--db", archive, *args],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip

    first = release("--since", "2024")
    again = release("--since", "2024")

    assert first.returncode == 0, first.stderr
    assert sorted(p.name for p in folder.iterdir()) == [
        "README.md",
        "articles.jsonl",
        "articles.jsonl.manifest.json",
        "articles.parquet",
        "articles.parquet.manifest.json",
    ]
    assert read_jsonl(folder / "articles.jsonl") == read_parquet(folder / "articles.parquet")
    card = (folder / "README.md").read_text(encoding="utf-8")
    assert "megalopreneur.com (2)" in card
    assert "Published between 2024-02-05T08:00:00+00:00 and 2024-03-09T07:45:00+05:30" in card
    assert "| published_at | string |" in card
    assert again.returncode == 2 and "--force" in again.stderr
