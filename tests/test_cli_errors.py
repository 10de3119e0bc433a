"""The real ``archiver`` executable fails with one line on stderr and exit 2 or 1, no traceback."""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from read_side_archive import build_archive, first_run_articles

from storage.writes import ArchiveWriter

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


# --- outputs that are not plain files, and writes that fail ----------------------------------------


def test_export_into_a_fifo_writes_through_it_and_leaves_it_a_fifo(archive, tmp_path):
    fifo = tmp_path / "articles.fifo"
    os.mkfifo(fifo)
    lines: list[bytes] = []

    def read_fifo() -> None:
        with fifo.open("rb") as handle:
            lines.extend(handle.readlines())

    reader = threading.Thread(target=read_fifo)
    reader.start()

    result = archiver("--db", str(archive), "export", "-o", str(fifo), "--force")
    reader.join(timeout=30)

    assert result.returncode == 0, result.stderr
    assert len(lines) == 5 and json.loads(lines[0])["id"] == 1
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles.fifo"]  # no manifest, no temp


def test_export_to_dev_null_with_force_keeps_the_device(archive):
    before = os.stat("/dev/null")

    result = archiver("--db", str(archive), "export", "-o", "/dev/null", "--force")

    assert result.returncode == 0, result.stderr
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert not Path("/dev/null.manifest.json").exists()


def test_export_over_a_folder_is_refused(archive, tmp_path):
    assert_one_line_error(
        archiver("--db", str(archive), "export", "-o", str(tmp_path), "--force"),
        2,
        "not a regular file",
    )
    assert tmp_path.is_dir()


def test_exported_files_get_the_umask_permissions_like_any_file(archive, tmp_path):
    target = tmp_path / "articles.jsonl"
    result = subprocess.run(
        ["sh", "-c", f'umask 022 && exec "$0" --db {archive} export -o {target}', ARCHIVER],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "articles.jsonl.manifest.json").stat().st_mode) == 0o644


def _read_only_folder_command(folder: Path, command: list[str]) -> list[str]:
    """``command`` with ``folder`` read-only: a read-only tmpfs mounted there in a user and mount
    namespace of its own (root ignores permission bits); without namespaces, a 0555 folder."""
    probe = ["unshare", "--user", "--map-root-user", "--mount", "true"]
    if subprocess.run(probe, capture_output=True, check=False).returncode == 0:
        script = f'mount -t tmpfs -o ro none {folder} && exec "$@"'
        return ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, "sh"] + (
            command
        )
    assert os.geteuid() != 0, "needs unshare (user namespaces) or a non-root user"
    folder.chmod(0o555)
    return command


def test_a_read_only_target_folder_exits_1_in_one_line(archive, tmp_path):
    folder = tmp_path / "readonly"
    folder.mkdir()
    target = folder / "articles.jsonl"
    command = _read_only_folder_command(
        folder, [ARCHIVER, "--db", str(archive), "export", "-o", str(target)]
    )

    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    folder.chmod(0o755)

    assert_one_line_error(result, 1, str(target))
    assert list(folder.iterdir()) == []


def test_a_path_under_proc_exits_1_in_one_line(archive):
    assert_one_line_error(archiver("--db", str(archive), "export", "-o", "/proc/x.jsonl"), 1)


FILE_SIZE_LIMIT = 64 * 1024  # the archive's -shm (32 KiB) fits, the export does not


@pytest.fixture(scope="module")
def large_archive(tmp_path_factory):
    """The read-side archive plus 40 copies of its articles under other URLs, each with 4 KB of
    its own noise so that no format compresses the export below ~400 KB."""
    path = build_archive(tmp_path_factory.mktemp("large") / "archive.db")
    pages = []
    for number in range(40):
        for page in first_run_articles():
            article = {**page["article"], "url": page["article"]["url"] + f"copy-{number}/"}
            article["fetched_url"] = article["url"]
            article["text"] += "\n\n" + os.urandom(2000).hex()
            pages.append({**page, "article": article, "run_id": None})
    with ArchiveWriter(path) as writer:
        writer.write_batch(pages)
    return path


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_a_full_disk_exits_1_and_leaves_no_partial_file(large_archive, tmp_path, fmt):
    target = tmp_path / f"articles.{fmt}"
    result = subprocess.run(
        [ARCHIVER, "--db", str(large_archive), "export", "--format", fmt, "-o", str(target)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        preexec_fn=_limit_file_size,  # like a disk that fills at 64 KiB
    )

    assert_one_line_error(result, 1, "File too large")
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_keeps_the_previous_export(large_archive, tmp_path):
    target = tmp_path / "articles.jsonl"
    target.write_text("the previous export\n", encoding="utf-8")

    result = subprocess.run(
        [ARCHIVER, "--db", str(large_archive), "export", "-o", str(target), "--force"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        preexec_fn=_limit_file_size,
    )

    assert_one_line_error(result, 1)
    assert target.read_text(encoding="utf-8") == "the previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["articles.jsonl"]


def test_stdout_on_a_full_disk_exits_1_in_one_line(archive):
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [ARCHIVER, "--db", str(archive), "export"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )

    assert result.returncode == 1
    assert result.stderr.startswith("archiver: error: ") and len(result.stderr.splitlines()) == 1


# --- usage errors and closed pipes -----------------------------------------------------------------


def test_export_with_a_raw_syntax_error_exits_2_like_search(archive, tmp_path):
    target = tmp_path / "articles.jsonl"
    result = archiver(
        "--db", str(archive), "export", "--query", "NEAR(", "--raw", "-o", str(target)
    )

    assert_one_line_error(result, 2, "NEAR(", "syntax error")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("query", ["", "   "])
def test_an_empty_search_is_a_usage_error(archive, query):
    assert_one_line_error(archiver("--db", str(archive), "search", query), 2, "empty")


@pytest.mark.parametrize(
    "command", [["search", "quad"], ["search", "india", "--json"], ["export"], ["stats"]]
)
def test_a_reader_that_left_is_a_normal_end(large_archive, command):
    # `archiver ... | head -1`: head has read its line and gone; here the reader is gone even
    # before the first write, so every command meets the closed pipe however little it prints.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [ARCHIVER, "--db", str(large_archive), *command],
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)

    assert result.returncode == 0, result.stderr
    assert result.stderr == b""


def test_a_reader_that_stops_halfway_through_an_export_is_a_normal_end(large_archive):
    process = subprocess.Popen(
        [ARCHIVER, "--db", str(large_archive), "export"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    process.stdout.close()
    _, stderr = process.communicate(timeout=60)

    assert json.loads(first)["id"] == 1
    assert process.returncode == 0 and stderr == b""
