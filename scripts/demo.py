"""``make demo``: serve the bundled sample site, crawl it into archive.db, show the run and a search.

The embedded default of the product: a real ``scrapy crawl megalopreneur`` over HTTP against the
sample WordPress news site on 127.0.0.1, then a full-text search in the archive it wrote.

    python scripts/demo.py [--db archive.db] [--posts 300] [--query quad]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from archiver.localcrawl import run_crawl
from archiver.samplesite import SampleSite, serve
from storage import open_db
from storage.search import search

# The same port on every run keeps the sample site's URLs stable, so a second `make demo` is an
# incremental run over the same archive instead of a second copy of the site under a new port.
DEMO_PORT = 8642


@contextmanager
def serve_on_stable_port(site: SampleSite) -> Iterator[str]:
    """Serve on DEMO_PORT, or on any free port when something else holds it."""
    with ExitStack() as stack:
        try:
            base_url = stack.enter_context(serve(site, port=DEMO_PORT))
        except OSError:
            base_url = stack.enter_context(serve(site))
        yield base_url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db", default="archive.db", help="archive file to write (default archive.db)"
    )
    parser.add_argument("--posts", type=int, default=300, help="posts on the sample site")
    parser.add_argument("--query", default="quad", help="what to search for afterwards")
    args = parser.parse_args(argv)

    site = SampleSite.generate(n_posts=args.posts)
    published = len(site.published_posts())
    with serve_on_stable_port(site) as base_url:
        print(f"Sample site: {published} published posts at {base_url}")
        started = time.perf_counter()
        result = run_crawl(base_url, args.db)
        elapsed = time.perf_counter() - started
        fetched = len(site.request_log)
    summary = [line for line in result.stderr.splitlines() if "archiver run" in line]
    if result.returncode != 0:
        print(result.stderr[-4000:], file=sys.stderr)
        print(f"crawl failed with exit code {result.returncode}", file=sys.stderr)
        return result.returncode

    db = open_db(args.db, readonly=True)
    archived = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    print(summary[-1].split("] ", 1)[-1] if summary else "(no run summary logged)")
    print(
        f"Archived {archived} articles of {published} published posts; "
        f"{fetched} pages fetched in {elapsed:.1f} s -> {args.db}"
    )
    print(f"\nSearch {args.query!r}:")
    for hit in search(db, args.query, limit=5):
        print(f"  {hit.published_at or '????':.10}  {hit.title}\n      {hit.url}")
    print(f"\nTry: archiver search {args.query!r} --db {args.db}   |   datasette {args.db}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
