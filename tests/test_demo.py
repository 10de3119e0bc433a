"""``make demo`` as a newcomer meets it: progress while it crawls, commands that run as printed, one
identity for the sample site (a second run updates the archive; another address is refused);
``--site jekyll`` (``make demo SITE=jekyll``), the second sample site, into its own archive.

Each run is the real ``scripts/demo.py``: the sample site on 127.0.0.1 and a real crawl. The port
is a free one rather than the default, so that this test never waits on another demo.
"""

from __future__ import annotations

import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import query

from archiver.localcrawl import PROJECT_ROOT

DEMO = str(PROJECT_ROOT / "scripts" / "demo.py")
POSTS = 40


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def demo(
    folder: Path, port: int, db: str | None = "news.db", site: str | None = None
) -> subprocess.CompletedProcess:
    options = (["--db", db] if db else []) + (["--site", site] if site else [])
    return subprocess.run(
        [sys.executable, DEMO, *options, "--posts", str(POSTS), "--port", str(port)],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    port = free_port()
    return folder, port, demo(folder, port)


def next_steps(stdout: str) -> list[str]:
    """The commands the demo prints after "Next": the indented lines with no deeper indent."""
    lines = stdout.split("\nNext", 1)[1].splitlines()[1:]
    return [line.strip() for line in lines if line.startswith("  ") and line[2] != " "]


def test_the_demo_says_what_it_does_and_archives_every_post(first_run):
    folder, port, result = first_run
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"{POSTS} published posts at http://127.0.0.1:{port}/" in result.stdout
    assert "pages fetched" in result.stdout  # progress while the crawl runs
    assert f"Archived {POSTS} articles of {POSTS} published posts" in result.stdout
    assert "Traceback" not in result.stderr
    commands = next_steps(result.stdout)
    assert [shlex.split(command)[1] for command in commands] == ["serve", "search", "export"]


def test_the_printed_search_and_export_run_as_printed(first_run):
    folder, _, result = first_run
    search, export = next_steps(result.stdout)[1:]
    found = subprocess.run(search, shell=True, cwd=folder, capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    assert "India Joins Quad Nations" in found.stdout
    exported = subprocess.run(export, shell=True, cwd=folder, capture_output=True, text=True)
    assert exported.returncode == 0, exported.stderr
    csv = folder / shlex.split(export)[-1]
    assert csv.read_text(encoding="utf-8").startswith("id,url,")


def test_the_printed_serve_command_serves_the_archive(first_run):
    folder, _, result = first_run
    command = shlex.split(next_steps(result.stdout)[0])
    port = free_port()  # the printed default port may be taken on a shared machine
    server = subprocess.Popen(
        [*command, "--port", str(port)],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    page = f"http://127.0.0.1:{port}/news/articles"
    assert "/news/articles" in result.stdout  # the page the demo names
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(page, timeout=5) as response:
                    html = response.read().decode()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert "archive-articles" in html and "India Joins Quad Nations" in html


def test_a_second_demo_updates_the_archive_instead_of_copying_it(first_run):
    folder, port, _ = first_run
    again = demo(folder, port)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "articles new 0" in again.stdout
    assert query(folder / "news.db", "select count(*) from articles") == [(POSTS,)]


def test_the_site_under_another_address_is_refused(first_run):
    folder, _, _ = first_run
    moved = demo(folder, free_port())
    assert moved.returncode == 1
    assert moved.stderr.count("\n") == 1 and "would be archived twice" in moved.stderr
    assert query(folder / "news.db", "select count(*) from articles") == [(POSTS,)]


def test_a_busy_port_is_refused_in_one_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = demo(tmp_path, taken.getsockname()[1])
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "is busy" in result.stderr
    assert not (tmp_path / "news.db").exists()


def test_the_jekyll_demo_crawls_the_second_site_into_its_own_archive(first_run):
    """Beside the WordPress demo's archive: its own file (the default, archive-jekyll.db), the
    ``news`` spider, every post; the printed commands run as printed; a second run adds nothing."""
    folder, _, _ = first_run
    port = free_port()
    result = demo(folder, port, db=None, site="jekyll")
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"Sample Jekyll blog: {POSTS} published posts at http://127.0.0.1:{port}/" in (
        result.stdout
    )
    assert "Crawling it into archive-jekyll.db (scrapy crawl news):" in result.stdout
    assert f"Archived {POSTS} articles of {POSTS} published posts" in result.stdout
    serve, search, export = next_steps(result.stdout)
    assert "--db archive-jekyll.db" in serve and "/archive-jekyll/articles" in result.stdout
    found = subprocess.run(search, shell=True, cwd=folder, capture_output=True, text=True)
    assert found.returncode == 0 and "India Joins Quad Nations" in found.stdout, found.stderr
    assert f"127.0.0.1:{port}/world/2023/09/22/" in found.stdout
    exported = subprocess.run(export, shell=True, cwd=folder, capture_output=True, text=True)
    assert exported.returncode == 0, exported.stderr
    again = demo(folder, port, db=None, site="jekyll")
    assert again.returncode == 0 and "articles new 0" in again.stdout, again.stderr[-3000:]
    assert query(folder / "archive-jekyll.db", "select count(*) from articles") == [(POSTS,)]
    assert query(folder / "news.db", "select count(*) from articles") == [(POSTS,)]


def test_an_unknown_site_is_refused_in_one_line(tmp_path):
    result = demo(tmp_path, free_port(), site="wordpres")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "invalid choice: 'wordpres'" in result.stderr
    assert not list(tmp_path.iterdir())
