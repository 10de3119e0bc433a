"""The real ``archiver`` executable fails with one line on stderr and exit 2 or 1, no traceback."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from read_side_archive import build_archive

ARCHIVER = str(Path(sys.executable).with_name("archiver"))


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_archive(tmp_path_factory.mktemp("cli-errors") / "archive.db")


def archiver(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [ARCHIVER, *args], capture_output=True, text=True, timeout=60, cwd=cwd, check=False
    )


def assert_one_line_error(result: subprocess.CompletedProcess, code: int, *phrases: str) -> None:
    assert result.returncode == code, result.stderr
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("archiver: error: ")
    for phrase in phrases:
        assert phrase in result.stderr


def test_a_raw_syntax_error_exits_2_in_one_line(archive):
    result = archiver("--db", str(archive), "search", "--raw", "NEAR(quad")

    assert_one_line_error(result, 2, "NEAR(quad", "syntax error")


@pytest.mark.parametrize("query", ['"', "NEAR(", "OR 1=1; DROP TABLE articles", "*", "北朝鮮"])
def test_hostile_queries_search_fine_in_quoted_mode(archive, query):
    result = archiver("--db", str(archive), "search", query, "--json")

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("[")


def test_a_bad_date_exits_2(archive):
    result = archiver("--db", str(archive), "search", "quad", "--since", "last tuesday")

    assert_one_line_error(result, 2, "last tuesday", "YYYY-MM-DD")


def test_an_unknown_format_exits_2(archive):
    assert_one_line_error(archiver("--db", str(archive), "export", "--format", "xml"), 2, "xml")


def test_a_missing_archive_exits_1_without_creating_it(tmp_path):
    missing = tmp_path / "archive.db"

    assert_one_line_error(archiver("--db", str(missing), "stats"), 1, str(missing))
    assert not missing.exists()


def test_the_default_archive_is_archive_db_in_the_current_folder(tmp_path):
    assert_one_line_error(archiver("stats", cwd=tmp_path), 1, "archive.db")


def test_a_file_that_is_not_an_archive_exits_1(tmp_path):
    text_file = tmp_path / "notes.db"
    text_file.write_text("not a database at all, just notes\n" * 100, encoding="utf-8")
    other_sqlite = tmp_path / "other.db"
    with sqlite3.connect(other_sqlite) as conn:
        conn.execute("create table things (id integer primary key)")

    assert_one_line_error(archiver("--db", str(text_file), "stats"), 1, "notes.db")
    assert_one_line_error(archiver("--db", str(other_sqlite), "search", "x"), 1, "other.db")


def test_an_existing_output_is_refused_and_kept(archive, tmp_path):
    target = tmp_path / "articles.jsonl"
    target.write_text("keep me\n", encoding="utf-8")

    result = archiver("--db", str(archive), "export", "-o", str(target))

    assert_one_line_error(result, 2, "already exists", "--force")
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert archiver("--db", str(archive), "export", "-o", str(target), "--force").returncode == 0
    assert len(target.read_text(encoding="utf-8").splitlines()) == 5


def test_an_unknown_url_exits_1(archive):
    result = archiver("--db", str(archive), "show", "https://megalopreneur.com/never/")

    assert_one_line_error(result, 1, "no archived article")


def test_history_version_out_of_range_exits_2(archive):
    url = "https://megalopreneur.com/2024/02/startup-funding-winter-thaws/"

    assert_one_line_error(archiver("--db", str(archive), "history", url, "--diff", "1", "9"), 2)


def test_a_read_only_archive_is_still_searchable(archive, tmp_path):
    read_only = tmp_path / "ro" / "archive.db"
    read_only.parent.mkdir()
    read_only.write_bytes(archive.read_bytes())
    read_only.chmod(0o444)
    read_only.parent.chmod(0o555)
    try:
        result = archiver("--db", str(read_only), "search", "quad", "--json")
    finally:
        read_only.parent.chmod(0o755)

    assert result.returncode == 0, result.stderr
    assert "India Joins Quad" in result.stdout


def test_an_exception_never_shows_a_traceback(archive):
    result = archiver("--db", str(archive), "search", "quad", "--limit", "0")

    assert_one_line_error(result, 2, "--limit")
    assert "Traceback" not in result.stderr
