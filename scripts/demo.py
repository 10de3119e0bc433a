"""``make demo``: serve the bundled sample site, crawl it into archive.db, show the run and a search.

The embedded default of the product: a real ``scrapy crawl megalopreneur`` over HTTP against the
sample WordPress news site on 127.0.0.1, with progress while it runs, then a full-text search in
the archive it wrote and the commands to go on with (serve, search, export), printed so that they
run as they are. ``--site jekyll`` (``make demo SITE=jekyll``) serves the second sample site
instead, a Jekyll blog, and crawls it with ``scrapy crawl news`` (nothing tells it the kind of
site) into its own archive on its own port: its posts are the WordPress sample's, so in one archive
they would be copies of each other.

    python scripts/demo.py [--site wordpress|jekyll] [--db FILE] [--posts 300] [--query quad]
                           [--port PORT]
"""

from __future__ import annotations

import argparse
import os
import shlex
import sqlite3
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import ExitStack, closing
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from archiver.localcrawl import run_crawl
from archiver.samplesite import SampleSite, serve
from archiver.samplesite.jekyll import JekyllSite
from storage import open_db
from storage.search import search

SERVE_PORT = 8001  # archiver serve's default
PROGRESS_EVERY = 1.0  # seconds


@dataclass(frozen=True)
class DemoSite:
    """One bundled sample site as the demo serves and crawls it."""

    generate: Callable[..., SampleSite | JekyllSite]  # n_posts= -> the site
    spider: str
    # The site's URLs carry the port, and an archive knows an article by its URL: served on
    # another port the same posts would be archived again as other articles. So each site keeps
    # one port, and the demo refuses when it is busy instead of moving.
    port: int
    db: str
    kind: str


SITES = {
    "wordpress": DemoSite(SampleSite.generate, "megalopreneur", 8642, "archive.db", "news site"),
    "jekyll": DemoSite(JekyllSite.generate, "news", 8643, "archive-jekyll.db", "Jekyll blog"),
}


class DemoRefused(Exception):
    """The demo cannot run as asked; the message says why and what to do."""


def archived_base_urls(db_path: str) -> set[str]:
    """The base URLs of the runs already recorded in the archive (none for a new file)."""
    if not Path(db_path).exists():
        return set()
    try:
        with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as conn:
            rows = conn.execute("select distinct base_url from crawl_runs").fetchall()
    except sqlite3.Error:
        return set()  # not an archive: the crawl itself says so
    return {row[0] for row in rows if row[0]}


def base_url_of(port: int) -> str:
    return f"http://127.0.0.1:{port}/"


def check_identity(db_path: str, port: int) -> None:
    """Refuse to archive the sample site under another address than the archive knows."""
    others = archived_base_urls(db_path) - {base_url_of(port)}
    if others:
        raise DemoRefused(
            f"{db_path} holds crawls of {', '.join(sorted(others))}, not of the demo site at "
            f"{base_url_of(port)}: its articles would be archived twice. Use another --db."
        )


def start_site(stack: ExitStack, site: SampleSite, port: int) -> str:
    """Serve the sample site on ``port`` until ``stack`` closes; refuse when the port is busy."""
    try:
        return stack.enter_context(serve(site, port=port))
    except OSError as error:
        raise DemoRefused(
            f"port {port} is busy ({error.strerror}): is another `make demo` running? "
            "The demo site keeps one address, so that a second run updates the archive "
            "instead of archiving every article again under a new one."
        ) from None


def count_articles(db_path: str) -> int:
    try:
        with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as conn:
            return conn.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.Error:  # not created yet
        return 0


def crawl_with_progress(site: SampleSite | JekyllSite, base_url: str, db_path: str, spider: str):
    """Run the crawl, printing pages fetched, articles archived and the rate as it goes."""
    started = time.perf_counter()
    before = count_articles(db_path)
    path = site.path if isinstance(site, JekyllSite) else lambda post: post.path
    posts = {path(post) for post in site.published_posts()}
    live = sys.stdout.isatty()
    with ThreadPoolExecutor(max_workers=1) as pool:
        crawl = pool.submit(run_crawl, base_url, db_path, spider=spider)
        last_line = 0.0
        while not wait([crawl], timeout=PROGRESS_EVERY).done:
            elapsed = time.perf_counter() - started
            if not live and elapsed - last_line < 5:
                continue
            last_line = elapsed
            # The archive commits in batches: count the posts asked for as they are fetched.
            fetched = {path.split("?")[0] for _, path, _, _ in list(site.request_log)} & posts
            archived = count_articles(db_path) - before
            line = (
                f"  {elapsed:4.0f} s  {len(site.request_log):5d} pages fetched, "
                f"{len(fetched)} of {len(posts)} posts ({len(fetched) / elapsed:.0f}/s), "
                f"{archived} new in the archive"
            )
            print("\r" + line if live else line, end="" if live else "\n", flush=True)
    if live:
        print()
    return crawl.result(), time.perf_counter() - started


def command_path(program: str) -> str:
    """How to type ``program`` of this virtualenv from the current folder."""
    path = Path(sys.executable).parent / program
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def next_steps(db_path: str, query: str) -> list[tuple[str, str]]:
    """(command, what it does), each to be run exactly as printed."""
    archiver = command_path("archiver")
    db = shlex.quote(db_path)
    name = Path(db_path).stem
    export_file = "articles-2024.csv"
    force = " --force" if Path(export_file).exists() else ""
    return [
        (
            f"{archiver} serve --db {db}",
            f"browse it: http://127.0.0.1:{SERVE_PORT}/{name}/articles (Ctrl-C stops)",
        ),
        (f"{archiver} search {shlex.quote(query)} --db {db}", "search from the shell"),
        (
            f"{archiver} export --db {db} --since 2024 --format csv -o {export_file}{force}",
            "the articles published since 2024 as a CSV dataset",
        ),
    ]


class _Parser(argparse.ArgumentParser):
    """Bad arguments (``make demo SITE=typo``): one line on stderr and exit 2, no usage block."""

    def error(self, message: str) -> NoReturn:
        print(f"demo: {message}", file=sys.stderr)
        sys.exit(2)


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--site",
        choices=sorted(SITES),
        default="wordpress",
        help="which sample site: the WordPress news site (default) or the Jekyll blog",
    )
    parser.add_argument(
        "--db",
        help="archive file to write (default archive.db; archive-jekyll.db for the Jekyll blog)",
    )
    parser.add_argument("--posts", type=int, default=300, help="posts on the sample site")
    parser.add_argument("--query", default="quad", help="what to search for afterwards")
    parser.add_argument(
        "--port",
        type=int,
        help=f"port of the sample site (default {SITES['wordpress'].port}, "
        f"{SITES['jekyll'].port} for the Jekyll blog); an archive keeps its first one",
    )
    args = parser.parse_args(argv)
    demo_site = SITES[args.site]
    args.db = args.db or demo_site.db
    args.port = args.port or demo_site.port

    # The crawl runs from the project folder: give it the archive's full path.
    db_file = str(Path(args.db).resolve())
    site = demo_site.generate(n_posts=args.posts)
    published = len(site.published_posts())
    with ExitStack() as stack:
        try:
            check_identity(db_file, args.port)
            base_url = start_site(stack, site, args.port)
        except DemoRefused as refused:
            print(f"demo: {refused}", file=sys.stderr)
            return 1
        print(f"Sample {demo_site.kind}: {published} published posts at {base_url}")
        print(f"Crawling it into {args.db} (scrapy crawl {demo_site.spider}):")
        result, elapsed = crawl_with_progress(site, base_url, db_file, demo_site.spider)
        fetched = len(site.request_log)
    summary = [line for line in result.stderr.splitlines() if "archiver run" in line]
    if result.returncode != 0:
        print(result.stderr[-4000:], file=sys.stderr)
        print(f"crawl failed with exit code {result.returncode}", file=sys.stderr)
        return result.returncode

    db = open_db(db_file, readonly=True)
    archived = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    print(summary[-1].split("] ", 1)[-1] if summary else "(no run summary logged)")
    print(
        f"Archived {archived} articles of {published} published posts; "
        f"{fetched} pages fetched in {elapsed:.1f} s -> {args.db}"
    )
    print(f"\nSearch {args.query!r}, best first:")
    for hit in search(db, args.query, limit=5):
        print(f"  {hit.published_at or '????':.10}  {hit.title}\n      {hit.url}")
    db.close()
    venv = command_path("activate")
    print(f"\nNext (after `. {venv}` plain `archiver` does):")
    for command, what in next_steps(args.db, args.query):
        print(f"  {command}\n      {what}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl-C: the crawl recorded its run `interrupted`; no traceback
        print(
            "\nDemo interrupted; `make demo` again goes on where the crawl stopped.",
            file=sys.stderr,
        )
        sys.exit(130)
