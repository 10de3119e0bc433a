"""The ``archiver`` command: search, show, history, stats, export and serve an archive.

A thin click layer over ``storage.search``, ``storage.history``, ``storage.stats`` and
``storage.export``: it parses options, opens the archive read-only and formats results. It never
imports Scrapy, so it starts fast and works on a machine that only holds the archive file.

Every error a user can cause (missing or foreign database, bad date, bad FTS5 syntax, existing
output) ends in one line on stderr and exit code 2 (bad usage) or 1 (the archive or the system
said no), never a traceback.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import sys
from contextlib import contextmanager

import click

from archiver.config import db_path_from_env
from storage.errors import ArchiveError
from storage.lists import NAME_LIST_COLUMNS, load_list
from storage.search import MATCH_END, MATCH_START, SORTS, Filters, SearchError

USAGE_EXIT = 2
FAILURE_EXIT = 1


class ArchiveFailure(click.ClickException):
    """The archive or the system said no: the archive is missing, not an archive, locked or
    corrupt, or an output could not be written."""

    exit_code = FAILURE_EXIT


@contextmanager
def open_archive(db_path: str | None):
    """Open the archive read-only; storage and SQLite errors become one-line CLI errors."""
    from storage.db import open_db

    path = _archive_path(db_path)
    try:
        db = open_db(path, readonly=True)
    except ArchiveError as error:
        raise ArchiveFailure(str(error)) from None
    except sqlite3.Error as error:  # e.g. "file is not a database", "unable to open"
        raise ArchiveFailure(f"{path}: {error}") from None
    try:
        yield db
    except SearchError as error:
        raise click.UsageError(str(error)) from None
    except sqlite3.Error as error:
        raise ArchiveFailure(f"{path}: {error}") from None
    finally:
        db.close()


def _db_option(function):
    # Accepted both before the command (`archiver --db x search`) and after it.
    return click.option(
        "--db",
        "db_path",
        default=None,
        help="Archive file (default: the one given to archiver, $ARCHIVER_DB or archive.db).",
        type=click.Path(dir_okay=False),
    )(function)


def _archive_path(db_path: str | None) -> str:
    """The command's --db, else the group's --db (which defaults to $ARCHIVER_DB/archive.db)."""
    return db_path or click.get_current_context().find_root().params["db_path"]


def _filter_options(function):
    options = [
        click.option("--since", help="Published on/after: YYYY, YYYY-MM, YYYY-MM-DD or ISO time."),
        click.option("--until", help="Published on/before (the whole period named)."),
        click.option("--author", help="Only articles credited to this author."),
        click.option("--category", help="Only articles in this category."),
        click.option("--tag", help="Only articles with this tag."),
        click.option("--site", help="Only articles from this host, e.g. megalopreneur.com."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _filters(options: dict) -> Filters:
    return Filters(**{name: options.pop(name) for name in list(Filters.__dataclass_fields__)})


class ReaderLeft(Exception):
    """Whoever read our stdout closed it: ``archiver export | head`` has had its lines."""


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # click ends a closed pipe with exit 1; for a Unix tool it is a normal end.
            raise ReaderLeft from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_path",
    default=db_path_from_env,
    show_default="$ARCHIVER_DB or archive.db",
    help="Archive file.",
    type=click.Path(dir_okay=False),
)
@click.version_option(package_name="archiver")
def cli(db_path) -> None:
    """Search, inspect and export a news archive built by the archiver crawler.

    \b
    Example:
      archiver search "north korea" --since 2023-01-01
    """


# ---------------------------------------------------------------------------------------- search


def _marked(snippet: str, start: str, end: str) -> str:
    return snippet.replace(MATCH_START, start).replace(MATCH_END, end)


def _hit_record(hit) -> dict:
    return {
        "url": hit.url,
        "title": hit.title,
        "published_at": hit.published_at,
        "site": hit.site,
        "authors": hit.authors,
        "snippet": _marked(hit.snippet, "<mark>", "</mark>"),
        "rank": hit.rank,
    }


def _print_hits(hits: list, color: bool) -> None:
    start, end = ("\x1b[1;33m", "\x1b[0m") if color else ("[", "]")
    for number, hit in enumerate(hits, 1):
        date = (hit.published_at or "no date")[:10]
        click.echo(click.style(f"{number}. {hit.title or '(untitled)'}", bold=True) + f"  {date}")
        click.echo(f"   {hit.url}")
        snippet = " ".join(_marked(hit.snippet, start, end).split())
        click.echo(f"   {snippet}\n")


@cli.command()
@click.argument("query")
@_filter_options
@click.option("--raw", is_flag=True, help="QUERY is FTS5 syntax (AND, OR, NEAR, prefix*).")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, help="Skip this many hits.")
@click.option("--json", "as_json", is_flag=True, help="Print hits as a JSON list.")
@click.option("--csv", "as_csv", is_flag=True, help="Print hits as CSV.")
@click.option(
    "--duplicates", is_flag=True, help="Also list copies linked to an original (duplicate_of)."
)
@_db_option
def search(db_path, query, raw, sort, limit, offset, as_json, as_csv, duplicates, **options):
    """Full-text search of headlines, text, authors, categories and tags; best matches first.

    Words are matched literally and all must appear, unless --raw. Chinese, Japanese and
    Korean words are found inside the text. A copy of an article (syndicated or near
    duplicate) is listed through its original only, unless --duplicates.

    \b
    Examples:
      archiver search "north korea" --since 2023-01-01
      archiver search quad --category World --sort newest --json
      archiver search --raw 'quad NEAR(russia arms, 10)'
    """
    from storage.search import search as run_search

    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    if not query.strip():
        raise click.UsageError("QUERY is empty: give the words to search for")
    filters = _filters(options)
    with open_archive(db_path) as db:
        hits = run_search(
            db,
            query,
            raw=raw,
            limit=limit,
            offset=offset,
            sort=sort,
            duplicates=duplicates,
            **vars(filters),
        )
    if as_json:
        click.echo(json.dumps([_hit_record(hit) for hit in hits], ensure_ascii=False, indent=2))
    elif as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["url", "title", "published_at", "site", "authors", "snippet", "rank"])
        for record in map(_hit_record, hits):
            record["authors"] = json.dumps(record["authors"], ensure_ascii=False)
            writer.writerow(record.values())
    elif hits:
        _print_hits(hits, color=sys.stdout.isatty())
    else:
        click.echo("No matches.", err=True)


# ------------------------------------------------------------------------------ show and history


def _find_article(db, given: str) -> dict:
    """The article ``given`` names: a URL it was seen under, the same without its scheme
    (``megalopreneur.com/2023/09/slug/``) or a bare path (``/2023/09/slug/``). Says on stderr
    which archived URL matched when it is not what the user typed."""
    from archiver.urls import canonicalize
    from storage.history import article_by_id, article_by_url, articles_at_path

    article = None
    if "://" in given or not _looks_like_path(given):
        for url in [given] if "://" in given else [f"https://{given}", f"http://{given}"]:
            article = article_by_url(db, url, canonical_url=canonicalize(url))
            if article is not None:
                break
    else:
        path = "/" + given.lstrip("/")
        # The path as typed, and as canonical URLs spell it (a missing trailing slash, %2D).
        canonical_path = canonicalize(f"http://host{path}").removeprefix("http://host")
        matches = articles_at_path(db, path) or articles_at_path(db, canonical_path)
        if len(matches) > 1:
            urls = ", ".join(list(matches.values())[:3])
            raise click.UsageError(
                f"{given} is the path of {len(matches)} archived articles ({urls}): "
                "give the whole URL"
            )
        if matches:
            article = article_by_id(db, next(iter(matches)))
    if article is None:
        raise ArchiveFailure(f"no archived article for {given}")
    if article["url"] != given:
        click.echo(f"archiver: {given} matched {article['url']}", err=True)
    return article


def _looks_like_path(given: str) -> bool:
    """``/2023/09/slug/`` or ``2023/09/slug/``, not ``megalopreneur.com/...``: a host has a dot
    or a port in its first segment."""
    first = given.lstrip("/").split("/", 1)[0]
    return given.startswith("/") or not ("." in first or ":" in first)


_SHOWN_FIELDS = (
    "url",
    "site",
    "authors",
    "published_at",
    "published_source",
    "modified_at",
    "modified_source",
    "categories",
    "tags",
    "language",
    "word_count",
    "duplicate_of",
    "duplicate_kind",
    "first_seen",
    "last_seen",
    "last_changed",
    "gone_at",
    "revision_count",
)


@cli.command()
@click.argument("url")
@click.option("--json", "as_json", is_flag=True, help="Print the article as JSON.")
@_db_option
def show(db_path, url, as_json) -> None:
    """Show one article and its metadata, found by any URL it was seen under.

    \b
    Example:
      archiver show https://megalopreneur.com/2023/09/india-quad-message-russia-north-korea-arms-deals/
    """
    from storage.history import aliases

    with open_archive(db_path) as db:
        article = _find_article(db, url)
        seen_as = [alias["url"] for alias in aliases(db, article["id"])]
    if as_json:
        record = {key: article[key] for key in ("id", "title", *_SHOWN_FIELDS, "text")}
        for key in NAME_LIST_COLUMNS:
            record[key] = load_list(record[key])
        record["aliases"] = seen_as
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    click.echo(click.style(article["title"] or "(untitled)", bold=True))
    for key in _SHOWN_FIELDS:
        value = article[key]
        if key in NAME_LIST_COLUMNS:
            value = ", ".join(load_list(value))
        if value not in (None, ""):
            click.echo(f"{key + ':':18}{value}")
    if seen_as:
        click.echo(f"{'aliases:':18}{', '.join(seen_as)}")
    click.echo("\n" + (article["text"] or ""))


def _version(versions: list, number: int):
    if not 1 <= number <= len(versions):
        raise click.UsageError(f"no version {number}: this article has versions 1-{len(versions)}")
    return versions[number - 1]


@cli.command()
@click.argument("url")
@click.argument("versions", nargs=-1, type=int)
@click.option("--diff", is_flag=True, help="Show what changed (last two versions, or A B).")
@_db_option
def history(db_path, url, versions, diff) -> None:
    """List the archived versions of an article, or diff two of them.

    \b
    Examples:
      archiver history https://megalopreneur.com/2023/09/some-post/
      archiver history https://megalopreneur.com/2023/09/some-post/ --diff
      archiver history https://megalopreneur.com/2023/09/some-post/ --diff 1 3
    """
    from storage.history import diff_revisions, revisions

    if versions and not diff:
        raise click.UsageError("version numbers go with --diff: history URL --diff A B")
    if len(versions) not in (0, 2):
        raise click.UsageError("--diff takes no version numbers or exactly two: A B")
    with open_archive(db_path) as db:
        article = _find_article(db, url)
        all_versions = revisions(db, article["id"])
    if not diff:
        for version in all_versions:
            marker = " (current)" if version.current else ""
            click.echo(
                f"{version.number:>3}  fetched {version.fetched_at or '?'}  "
                f"modified {version.modified_at or '?'}  {version.title}{marker}"
            )
        return
    if len(all_versions) < 2 and not versions:
        click.echo("Only one version archived: nothing to diff.", err=True)
        return
    first, second = versions or (len(all_versions) - 1, len(all_versions))
    click.echo(
        diff_revisions(_version(all_versions, first), _version(all_versions, second)), nl=False
    )


# ------------------------------------------------------------------------------------------ stats


def _print_stats(data: dict) -> None:
    summary = data["summary"]
    click.echo(
        f"{summary['articles']} articles, published {summary['first_published'] or '?'} "
        f"to {summary['last_published'] or '?'}; {summary['without_date']} without a date"
    )
    click.echo(
        f"{summary['revisions']} revisions of {summary['revised_articles']} articles, "
        f"{summary['duplicates']} duplicates, {summary['gone']} gone, "
        f"{summary['aliases']} aliases"
    )
    for title, rows, key in (
        ("Per month", data["per_month"], "month"),
        ("Top categories", data["per_category"], "category"),
        ("Top authors", data["per_author"], "author"),
    ):
        if rows:
            click.echo(f"\n{title}:")
            for row in rows:
                click.echo(f"  {row[key]:<40} {row['articles']:>7}")
    if data["crawl_runs"]:
        click.echo("\nLast crawl runs:")
        for run in data["crawl_runs"]:
            click.echo(
                f"  #{run['id']} {run['started_at']} {run['spider'] or ''} {run['mode'] or ''} "
                f"{run['status'] or 'running'}: {run['articles_new']} new, "
                f"{run['articles_revised']} revised, {run['articles_gone']} gone, "
                f"{run['articles_failed']} failed, {run['errors']} errors"
                + (f" ({run['reason']})" if run.get("reason") else "")
            )


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
@click.option("--top", type=click.IntRange(1), default=10, show_default=True)
@click.option("--runs", type=click.IntRange(0), default=10, show_default=True)
@_db_option
def stats(db_path, as_json, top, runs) -> None:
    """What the archive holds: articles per month, category, author; crawl runs.

    \b
    Example:
      archiver stats --top 20 --json
    """
    from storage.stats import archive_stats

    with open_archive(db_path) as db:
        data = archive_stats(db, top=top, runs=runs)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_stats(data)


# ----------------------------------------------------------------------------------------- export


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet"]),
    default="jsonl",
    show_default=True,
)
@click.option(
    "-o", "--output", default="-", show_default=True, help="Output file, or - for stdout."
)
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@_filter_options
@click.option("--query", help="Only articles matching this search.")
@click.option("--raw", is_flag=True, help="--query is FTS5 syntax.")
@click.option("--since-run", type=click.IntRange(0), help="Only articles changed after run N.")
@click.option("--modified-since", help="Only articles the site modified on/after this date.")
@_db_option
def export(db_path, fmt, output, force, query, raw, since_run, modified_since, **options) -> None:
    """Export articles as JSONL, CSV or Parquet, with a manifest beside the file.

    \b
    Examples:
      archiver export --format parquet --since 2024-01-01 -o dataset.parquet
      archiver export --category World --query "north korea" > world.jsonl
      archiver export --since-run 41 -o changes.jsonl
    """
    from storage.export import ExportError, Selection, count_rows, export_articles

    selection = Selection(
        filters=_filters(options),
        query=query,
        raw=raw,
        since_run=since_run,
        modified_since=modified_since,
    )
    with open_archive(db_path) as db:
        try:
            if not sys.stderr.isatty():
                result = export_articles(db, output, format=fmt, selection=selection, force=force)
            else:
                total = count_rows(db, selection)
                with click.progressbar(length=total, label="Exporting", file=sys.stderr) as bar:
                    result = export_articles(
                        db,
                        output,
                        format=fmt,
                        selection=selection,
                        force=force,
                        progress=bar.update,
                    )
        except ExportError as error:
            raise click.UsageError(str(error)) from None
        except BrokenPipeError:
            raise  # the reader of stdout left: a normal end, not a write error
        except OSError as error:  # read-only folder, disk full, a path under /proc
            raise ArchiveFailure(f"cannot write {output}: {error.strerror or error}") from None
    if result.manifest is not None:
        click.echo(f"{result.rows} articles written to {result.path} ({result.manifest})", err=True)
    elif result.path is not None:
        click.echo(f"{result.rows} articles written to {result.path}", err=True)


# ------------------------------------------------------------------------------------------ serve


@cli.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
@_db_option
def serve(db_path, port) -> None:
    """Browse and search the archive in Datasette on http://127.0.0.1:PORT.

    \b
    Example:
      archiver serve --port 8001
    """
    import subprocess

    path = _archive_path(db_path)
    with open_archive(path):
        pass  # refuse a missing or foreign file before starting a server for it
    # The plugin archiver.datasette (installed with the package) dresses up any archive.
    command = [
        sys.executable, "-m", "datasette", "serve", path,
        "--host", "127.0.0.1", "--port", str(port),
        # Long cells (texts of revisions, failure messages) cut in the tables, whole on a row.
        "--setting", "truncate_cells_html", "300",
    ]  # fmt: skip
    click.echo(f"Serving {path} on http://127.0.0.1:{port}/ (Ctrl-C stops)", err=True)
    server = subprocess.Popen(command)
    stopping = []

    def stop(signum: int, frame: object) -> None:
        # `kill`, systemd and supervisors stop this process, not its child: pass it on, or
        # datasette keeps serving after `archiver serve` is gone.
        stopping.append(signum)
        server.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        returncode = server.wait()
    except KeyboardInterrupt:  # Ctrl-C reached datasette too: same process group
        server.wait()
        return
    if returncode and not stopping:
        raise ArchiveFailure(f"datasette exited with code {returncode}")


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning click errors into one line on stderr."""
    # A file size limit (ulimit -f) then fails the write with EFBIG, reported like a full disk,
    # instead of killing the process with SIGXFSZ and leaving its temporary file behind.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    try:
        cli.main(args=argv, prog_name="archiver", standalone_mode=False)
        sys.stdout.flush()  # a write error of buffered output is reported here, not at exit
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(FAILURE_EXIT)
    except click.ClickException as error:
        click.echo(f"archiver: error: {error.format_message()}", err=True)
        sys.exit(error.exit_code)
    except (ReaderLeft, BrokenPipeError):
        # What is still buffered goes to /dev/null, or the interpreter's last flush fails again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except OSError as error:  # stdout on a full disk: `archiver export > /full/disk/x`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        click.echo(f"archiver: error: cannot write the output: {error.strerror or error}", err=True)
        sys.exit(FAILURE_EXIT)


if __name__ == "__main__":
    main()
