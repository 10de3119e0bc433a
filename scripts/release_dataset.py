"""Build a dataset release folder: articles.jsonl, articles.parquet, their manifests and a README.

Usage: scripts/release_dataset.py DIR [--db archive.db] [--since 2024] [--until ...] [--site ...]
       [--category ...] [--author ...] [--tag ...] [--query ...] [--force]

Both files come from ``storage.export`` with the same selection, so they hold the same rows in the
documented column schema; README.md is the data card (source, period, counts, fields and types,
checksums). An existing file in DIR is refused unless --force.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from archiver.config import db_path_from_env
from storage.db import open_db
from storage.errors import ArchiveError
from storage.export import (
    EXPORT_COLUMNS,
    SCHEMA_VERSION,
    ExportError,
    Selection,
    export_articles,
    selection_summary,
)
from storage.search import Filters, SearchError

RELEASE_FILES = (("articles.jsonl", "jsonl"), ("articles.parquet", "parquet"))


def data_card(summary: dict, manifests: dict[str, dict], selection: Selection) -> str:
    """README.md text for a release (pure: built from the summary and the manifests)."""
    any_manifest = next(iter(manifests.values()))
    window = any_manifest["crawl_window"]
    sites = ", ".join(f"{s['site']} ({s['articles']})" for s in summary["sites"]) or "none"
    lines = [
        "# News archive dataset",
        "",
        f"- Source sites (articles): {sites}",
        f"- Published between {summary['first_published']} and {summary['last_published']}"
        f"; {summary['without_date']} articles without a trustworthy date (published_at null)",
        f"- Rows: {any_manifest['rows']}",
        f"- Crawled between {window['first_run_started_at']} and {window['last_run_finished_at']}",
        f"- Selection: {json.dumps(selection.describe()) if selection.describe() else 'all'}",
        f"- Schema version: {SCHEMA_VERSION}; generated at {any_manifest['generated_at']}",
        "",
        "## Files",
        "",
        "| file | rows | bytes | sha256 |",
        "|---|---|---|---|",
        *(
            f"| {name} | {m['rows']} | {m['bytes']} | `{m['sha256']}` |"
            for name, m in manifests.items()
        ),
        "",
        "Each file has a `<file>.manifest.json` with the same facts in machine-readable form.",
        "",
        "## Fields",
        "",
        "Dates are ISO 8601 text with the site's UTC offset. In JSONL list fields are JSON",
        "arrays; in Parquet they are `list<string>`.",
        "",
        "| field | type | description |",
        "|---|---|---|",
        *(f"| {c.name} | {c.type} | {c.description} |" for c in EXPORT_COLUMNS),
        "",
        "## Provenance",
        "",
        "Text was extracted from the publishers' pages by the archiver crawler (trafilatura), with",
        "site chrome (menus, share buttons, subscription boxes, related posts, comments) removed.",
        "Copyright in the articles remains with their publishers.",
        "",
    ]
    return "\n".join(lines)


def release(db, folder: Path, selection: Selection, *, force: bool) -> dict[str, dict]:
    """Write the release into ``folder``; return the manifests by file name."""
    folder.mkdir(parents=True, exist_ok=True)
    readme = folder / "README.md"
    if readme.exists() and not force:
        raise ExportError(f"{readme} already exists (use --force to overwrite)")
    manifests = {}
    for name, fmt in RELEASE_FILES:
        result = export_articles(db, folder / name, format=fmt, selection=selection, force=force)
        manifests[name] = json.loads(result.manifest.read_text(encoding="utf-8"))
    readme.write_text(
        data_card(selection_summary(db, selection), manifests, selection), encoding="utf-8"
    )
    return manifests


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--db", default=db_path_from_env())
    for name in ("since", "until", "author", "category", "tag", "site", "query"):
        parser.add_argument(f"--{name}")
    parser.add_argument("--force", action="store_true")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    filters = Filters(
        since=args.since,
        until=args.until,
        author=args.author,
        category=args.category,
        tag=args.tag,
        site=args.site,
    )
    try:
        db = open_db(args.db, readonly=True)
    except ArchiveError as error:
        print(f"release_dataset: error: {error}", file=sys.stderr)
        return 1
    try:
        manifests = release(
            db, args.folder, Selection(filters=filters, query=args.query), force=args.force
        )
    except (ExportError, SearchError) as error:
        print(f"release_dataset: error: {error}", file=sys.stderr)
        return 2
    finally:
        db.close()
    rows = next(iter(manifests.values()))["rows"]
    print(f"{rows} articles released in {args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
