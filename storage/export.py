"""Streaming exports of archived articles to JSONL, CSV or Parquet, with a manifest.

The column schema is a promise to dataset users: ``EXPORT_COLUMNS`` lists every column with its
type, and ``SCHEMA_VERSION`` changes whenever a column is renamed, removed or changes type
(adding a column at the end does not). Dates are ISO 8601 text with the site's UTC offset, kept as
text in every format so the offset survives. List columns are JSON arrays in JSONL, JSON text in
CSV and ``list<string>`` in Parquet. In CSV an empty cell means null.

Memory stays flat whatever the archive size: rows stream from one cursor in chunks (never
``fetchall``) and Parquet is written one row group per chunk. A file export is written to a
hidden temporary file beside the target (with the umask's permissions, like any file the user
creates) and renamed into place with its manifest only when both are complete, so an error or
Ctrl-C never leaves a partial file; ``<file>.manifest.json`` records the row count, the file's
sha256, the schema, the filters and the crawl window. Only a regular file is ever replaced: a FIFO
or a character device (``/dev/null``, ``/dev/stdout``, a named pipe) is written into as it is,
without a manifest beside it, and anything else is refused.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import secrets
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO

from storage.lists import dump_list, load_list
from storage.search import (
    Filters,
    connection,
    filter_clauses,
    match_expression,
    parse_date_bound,
    search,
)

SCHEMA_VERSION = 1
FORMATS = ("jsonl", "csv", "parquet")
CHUNK_ROWS = 2000


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # "string", "int64" or "list<string>"
    description: str


EXPORT_COLUMNS: tuple[Column, ...] = (
    Column("id", "int64", "archive id of the article (stable within one archive)"),
    Column("url", "string", "canonical URL"),
    Column("site", "string", "host name, e.g. megalopreneur.com"),
    Column("title", "string", "headline"),
    Column("authors", "list<string>", "author names as the site credits them"),
    Column("published_at", "string", "ISO 8601 publication time with offset, null if unknown"),
    Column("published_source", "string", "where the date came from: json-ld, meta, time-tag, ..."),
    Column("modified_at", "string", "ISO 8601 last-modified time the site declares"),
    Column("modified_source", "string", "where modified_at came from"),
    Column(
        "first_published_at",
        "string",
        "the structured publication time a later printed day superseded, else null",
    ),
    Column("categories", "list<string>", "WordPress categories"),
    Column("tags", "list<string>", "WordPress tags"),
    Column("language", "string", "BCP 47 language tag, e.g. en-US"),
    Column("description", "string", "summary from the page's meta description"),
    Column("image", "string", "absolute URL of the lead image"),
    Column("site_name", "string", "the site's own name"),
    Column("text", "string", "main text, paragraphs separated by a blank line"),
    Column("word_count", "int64", "words in text (CJK: two characters count one word)"),
    Column("evidence", "list<string>", "why the page is an article: json-ld:NewsArticle, ..."),
    Column("fingerprint", "string", "sha1 of normalised title + text: equal means same content"),
    Column("duplicate_of", "int64", "id of the article this one duplicates, if any"),
    Column("duplicate_kind", "string", "exact or near, when duplicate_of is set"),
    Column("first_seen", "string", "when the archive first fetched the article"),
    Column("last_seen", "string", "when the archive last saw the article"),
    Column("last_changed", "string", "when the archive last recorded a new version"),
    Column("gone_at", "string", "when the site answered 404/410 for it, if it did"),
    Column("revision_count", "int64", "number of earlier versions kept in the archive"),
    Column("last_run_id", "int64", "crawl run that last changed the article"),
)
COLUMN_NAMES = tuple(column.name for column in EXPORT_COLUMNS)
_LIST_COLUMNS = frozenset(c.name for c in EXPORT_COLUMNS if c.type == "list<string>")


class ExportError(Exception):
    """An export that cannot run as asked (existing output, unknown format, stdout parquet)."""


@dataclass(frozen=True)
class Selection:
    """Which articles to export: search filters plus a query and incremental bounds."""

    filters: Filters = field(default_factory=Filters)
    query: str | None = None
    raw: bool = False
    since_run: int | None = None  # only articles changed by a crawl run with a larger id
    modified_since: str | None = None  # site-declared modified_at (else published_at) >= date

    def describe(self) -> dict:
        """The non-empty criteria, for the manifest."""
        described = {k: v for k, v in asdict(self.filters).items() if v is not None}
        described.update(
            {
                key: value
                for key, value in (
                    ("query", self.query),
                    ("raw", self.raw or None),
                    ("since_run", self.since_run),
                    ("modified_since", self.modified_since),
                )
                if value is not None
            }
        )
        return described


@dataclass(frozen=True)
class ExportResult:
    rows: int
    path: Path | None  # None when written to a stream
    sha256: str | None
    manifest: Path | None  # None when written to a stream, a FIFO or a device


def selection_where(selection: Selection) -> tuple[str, dict]:
    """The WHERE clause (on ``articles a``) and parameters for a selection."""
    clauses, params = filter_clauses(selection.filters)
    if selection.query:
        match = match_expression(selection.query, raw=selection.raw)
        clauses.append("a.id in (select rowid from articles_fts where articles_fts match :match)")
        params["match"] = match
    if selection.since_run is not None:
        clauses.append("a.last_run_id > :since_run")
        params["since_run"] = int(selection.since_run)
    if selection.modified_since:
        bound, _ = parse_date_bound(selection.modified_since)
        clauses.append("coalesce(a.modified_at, a.published_at) >= :modified_since")
        params["modified_since"] = bound
    return (" and ".join(clauses) or "1"), params


def count_rows(db, selection: Selection) -> int:
    """How many articles the selection exports (for progress bars)."""
    where, params = selection_where(selection)
    return (
        connection(db)
        .execute(f"select count(*) from articles a where {where}", params)
        .fetchone()[0]
    )


def selection_summary(db, selection: Selection) -> dict:
    """Sites (with article counts), publication period and undated count of a selection."""
    where, params = selection_where(selection)
    conn = connection(db)
    sites = conn.execute(
        f"select site, count(*) from articles a where {where} group by site order by 2 desc",
        params,
    ).fetchall()
    first, last, undated = conn.execute(
        f"select min(published_at), max(published_at), sum(published_at is null) "
        f"from articles a where {where}",
        params,
    ).fetchone()
    return {
        "sites": [{"site": site, "articles": count} for site, count in sites],
        "first_published": first,
        "last_published": last,
        "without_date": undated or 0,
    }


def iter_chunks(db, selection: Selection, chunk_rows: int = CHUNK_ROWS) -> Iterator[list[dict]]:
    """Exported rows as dicts in EXPORT_COLUMNS order, ``chunk_rows`` at a time, by id."""
    where, params = selection_where(selection)
    columns = ", ".join(f"a.{name}" for name in COLUMN_NAMES)
    cursor = connection(db).execute(
        f"select {columns} from articles a where {where} order by a.id", params
    )
    while batch := cursor.fetchmany(chunk_rows):
        rows = [dict(zip(COLUMN_NAMES, values, strict=True)) for values in batch]
        for row in rows:
            for name in _LIST_COLUMNS:
                row[name] = load_list(row[name])
        yield rows


def _json_value(name: str) -> str:
    if name in _LIST_COLUMNS:
        return f"case when json_valid(a.{name}) then json(a.{name}) else json_array() end"
    return f"a.{name}"


def iter_json_lines(db, selection: Selection, chunk_rows: int = CHUNK_ROWS) -> Iterator[list[str]]:
    """Exported rows as JSON objects (one string each, columns in order), by id, in chunks.

    SQLite's ``json_object`` builds each line in C: twice the rows per second of decoding lists
    and re-encoding dicts in Python, for the same objects ``iter_chunks`` yields.
    """
    where, params = selection_where(selection)
    fields = ", ".join(f"'{name}', {_json_value(name)}" for name in COLUMN_NAMES)
    cursor = connection(db).execute(
        f"select json_object({fields}) from articles a where {where} order by a.id", params
    )
    while batch := cursor.fetchmany(chunk_rows):
        yield [line for (line,) in batch]


def _write_jsonl(chunks: Iterator[list[str]], stream: IO[str], progress) -> int:
    count = 0
    for lines in chunks:
        stream.writelines(line + "\n" for line in lines)
        count += len(lines)
        progress(len(lines))
    return count


def _csv_cell(name: str, value):
    if name in _LIST_COLUMNS:
        return dump_list(value)
    return "" if value is None else value


def _write_csv(chunks: Iterator[list[dict]], stream: IO[str], progress) -> int:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMN_NAMES)
    count = 0
    for rows in chunks:
        writer.writerows([_csv_cell(n, row[n]) for n in COLUMN_NAMES] for row in rows)
        count += len(rows)
        progress(len(rows))
    return count


def arrow_schema():
    """The pyarrow schema of a Parquet export (pyarrow is imported only when needed)."""
    import pyarrow as pa

    types = {"string": pa.string(), "int64": pa.int64(), "list<string>": pa.list_(pa.string())}
    return pa.schema(
        [
            pa.field(c.name, types[c.type], metadata={"description": c.description})
            for c in EXPORT_COLUMNS
        ],
        metadata={"archiver_schema_version": str(SCHEMA_VERSION)},
    )


def _write_parquet(chunks: Iterator[list[dict]], path: Path | IO[bytes], progress) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema()
    count = 0
    # One row group per chunk keeps memory flat; zstd keeps text-heavy files small.
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for rows in chunks:
            writer.write_batch(pa.RecordBatch.from_pylist(rows, schema=schema))
            count += len(rows)
            progress(len(rows))
    return count


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".manifest.json")


def crawl_window(db) -> dict:
    """First start and last finish of the archive's crawl runs."""
    first, last = (
        connection(db)
        .execute("select min(started_at), max(coalesce(finished_at, started_at)) from crawl_runs")
        .fetchone()
    )
    return {"first_run_started_at": first, "last_run_finished_at": last}


@contextmanager
def _temp_beside(target: Path) -> Iterator[Path]:
    """A new empty file beside ``target``, removed on exit unless it was renamed away.

    Created with mode 0666 less the umask, as any file the user creates (``mkstemp`` would make
    it 0600, and the rename would keep that).
    """
    while True:
        temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
        try:
            os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            break
        except FileExistsError:
            continue
    try:
        yield temp
    finally:  # includes KeyboardInterrupt: never leave a partial file behind
        temp.unlink(missing_ok=True)


def _is_stream_target(path: Path) -> bool:
    """True for a FIFO or character device to write into; False for a regular or new file.

    Raises ExportError for anything else (a folder, a socket, a block device): renaming over
    it would destroy it, and writing into it is not an export.
    """
    try:
        mode = path.stat().st_mode  # follows symlinks: /dev/stdout is one
    except FileNotFoundError:
        return False
    if stat.S_ISREG(mode):
        return False
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return True
    raise ExportError(f"{path} is not a regular file, a FIFO or a device: refusing to replace it")


def _check_output(path: Path, force: bool) -> None:
    if not path.parent.is_dir():
        raise ExportError(f"output folder {str(path.parent)!r} does not exist")
    if force:
        return
    for existing in (path, manifest_path(path)):
        if existing.exists():
            raise ExportError(f"{existing} already exists (use --force to overwrite)")


def _manifest(db, name: str, written: Path, fmt: str, rows: int, selection: Selection) -> dict:
    return {
        "file": name,
        "format": fmt,
        "rows": rows,
        "sha256": sha256_file(written),
        "bytes": written.stat().st_size,
        "schema_version": SCHEMA_VERSION,
        "columns": [asdict(column) for column in EXPORT_COLUMNS],
        "filters": selection.describe(),
        "crawl_window": crawl_window(db),
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def _no_progress(_rows: int) -> None:
    """Default progress callback: exports run silently."""


def export_articles(
    db,
    output: str | os.PathLike | None,
    *,
    format: str = "jsonl",
    selection: Selection | None = None,
    force: bool = False,
    progress: Callable[[int], None] = _no_progress,
    chunk_rows: int = CHUNK_ROWS,
    stream: IO[str] | None = None,
) -> ExportResult:
    """Export the selected articles to ``output`` (a path, or ``"-"``/None for ``stream``).

    ``progress(n)`` is called after each chunk of ``n`` rows. A file export also writes
    ``<file>.manifest.json``. Raises ExportError for an unknown format, an existing output without
    ``force``, an output that is no file, or Parquet to a stream; SearchError for bad dates or
    queries; OSError when the output cannot be written (nothing partial is left).
    """
    if format not in FORMATS:
        raise ExportError(f"unknown format {format!r}: use one of {', '.join(FORMATS)}")
    selection = selection or Selection()
    # Bad dates and a raw query FTS5 rejects fail here, before any file is touched, as in search.
    selection_where(selection)
    if selection.query and selection.raw:
        search(db, selection.query, raw=True, limit=1)
    if format == "jsonl":
        chunks = iter_json_lines(db, selection, chunk_rows)
    else:
        chunks = iter_chunks(db, selection, chunk_rows)
    if output is None or str(output) == "-":
        if format == "parquet":
            raise ExportError("parquet cannot be written to stdout: give -o FILE")
        rows = _write_stream(chunks, stream or sys.stdout, format, progress)
        return ExportResult(rows=rows, path=None, sha256=None, manifest=None)

    path = Path(output)
    if _is_stream_target(path):
        mode = "wb" if format == "parquet" else "w"
        with open(path, mode, **({} if format == "parquet" else _TEXT)) as handle:
            rows = _write_stream(chunks, handle, format, progress)
        return ExportResult(rows=rows, path=path, sha256=None, manifest=None)

    _check_output(path, force)
    manifest_file = manifest_path(path)
    with _temp_beside(path) as data, _temp_beside(manifest_file) as manifest_temp:
        if format == "parquet":
            rows = _write_parquet(chunks, data, progress)
        else:
            with open(data, "w", **_TEXT) as handle:
                rows = _write_stream(chunks, handle, format, progress)
        manifest = _manifest(db, path.name, data, format, rows, selection)
        manifest_temp.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        # Only now does either name change: the file and its manifest appear together.
        os.replace(data, path)
        os.replace(manifest_temp, manifest_file)
    return ExportResult(rows=rows, path=path, sha256=manifest["sha256"], manifest=manifest_file)


_TEXT = {"encoding": "utf-8", "newline": ""}


def _write_stream(chunks: Iterator, stream: IO, format: str, progress) -> int:
    """Write the rows into an open stream (text, or binary for Parquet); return the row count."""
    if format == "parquet":
        return _write_parquet(chunks, stream, progress)
    writer = _write_jsonl if format == "jsonl" else _write_csv
    return writer(chunks, stream, progress)
