"""The Datasette plugin shipped with archiver: an archive reads well in Datasette under any name.

Installed with the package (entry point ``datasette: archiver``), so ``datasette x.db`` and
``archiver serve --db x.db`` both load it. For every attached database that is an archive (it
records the ``archiver`` migration set) it gives:

- the metadata of ``metadata.json`` (facets, hidden tables, canned queries), keyed by that
  database's name, whatever the file is called (Datasette keys metadata by the file's stem);
- a ``month`` facet (``{"month": "published_at"}``), and lists (authors, categories, tags) shown
  as text instead of JSON;
- ``escape_fts()``, Datasette's quoting of a search box's words, replaced by
  ``storage.fts.match_term`` per word, so the search box finds CJK words as ``archiver search``
  does (a phrase of the index's character pairs); any other word is quoted as Datasette does;
- the templates in ``templates/``: the articles list as headline, date, authors, categories,
  words and site with facets beside it, the search as a ranked list with highlighted snippets,
  and an article's page titled with its headline, with its text, aliases and revisions.
"""

from __future__ import annotations

import copy
import functools
import json
import re
import sqlite3
from contextlib import closing
from pathlib import Path

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args
from markupsafe import Markup, escape

from storage.fts import BM25_WEIGHTS, FTS_COLUMNS, match_term
from storage.lists import NAME_LIST_COLUMNS, load_list

METADATA_FILE = Path(__file__).with_name("metadata.json")
# How many matches the search query ranks and shows (it says so in its description).
SEARCH_LIMIT = 100

_archives: dict[str, bool] = {}


def is_archive(path: str | None) -> bool:
    """Whether the SQLite file at ``path`` is an archive (remembered per path)."""
    if not path:
        return False
    if path not in _archives:
        try:
            with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
                row = conn.execute(
                    "select 1 from _sqlite_migrations where migration_set = 'archiver' limit 1"
                ).fetchone()
        except sqlite3.Error:
            row = None
        _archives[path] = row is not None
    return _archives[path]


def archive_metadata() -> dict:
    """The metadata of one archive database, its SQL filled from ``storage.fts``.

    A fresh copy on every call: Datasette merges other metadata into what a hook returns.
    """
    return copy.deepcopy(_shipped_metadata())


@functools.cache
def _shipped_metadata() -> dict:
    metadata = json.loads(METADATA_FILE.read_text(encoding="utf-8"))
    for query in metadata["queries"].values():
        query["sql"] = (
            query["sql"]
            .replace("{bm25_weights}", ", ".join(str(weight) for weight in BM25_WEIGHTS))
            .replace("{text_column}", str(FTS_COLUMNS.index("text")))
            .replace("{tags_column}", str(FTS_COLUMNS.index("tags")))
        )
    return metadata


def _archive_names(datasette) -> list[str]:
    return [name for name, db in datasette.databases.items() if is_archive(db.path)]


@hookimpl
def get_metadata(datasette, key, database, table):
    names = _archive_names(datasette)
    if not names:
        return {}
    shipped = archive_metadata()
    block = {
        "description": shipped["description"],
        "tables": shipped["tables"],
        "queries": shipped["queries"],
    }
    return {
        "title": shipped["title"],
        "description": shipped["description"],
        "databases": {name: block for name in names},
    }


_DATASETTE_TERMS = re.compile(r'\s+|(".*?")')


def escape_fts(query: str) -> str:
    """Datasette's escape_fts (words, "quoted phrases") with each term as storage.fts quotes it."""
    if query.count('"') % 2:
        query += '"'
    terms = [term for term in _DATASETTE_TERMS.split(query) if term and term != '""']
    return " ".join(match_term(term.strip('"')) for term in terms if term.strip('"'))


@hookimpl(trylast=True)
def prepare_connection(conn):
    # trylast: registered after Datasette's own escape_fts, which this one replaces.
    conn.create_function("escape_fts", 1, escape_fts)


@hookimpl
def render_cell(value, column, table, database, datasette, row):
    if not is_archive(getattr(datasette.databases.get(database), "path", None)):
        return None
    if table is None and column in (*NAME_LIST_COLUMNS, "snippet") and isinstance(value, str):
        # The search query marks matches with <mark>; everything else is the article's text.
        text = ", ".join(load_list(value)) if column in NAME_LIST_COLUMNS else value
        return Markup(
            str(escape(text)).replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>")
        )
    if column in NAME_LIST_COLUMNS and isinstance(value, str) and value.startswith("["):
        return ", ".join(load_list(value))
    if table is None and column == "title" and "id" in row.keys():
        url = datasette.urls.row(database, "articles", row["id"])
        return Markup(f'<a href="{escape(url)}">{escape(value or "(untitled)")}</a>')
    return None


@hookimpl
def extra_template_vars(database, table, view_name, request, datasette):
    db = datasette.databases.get(database) if database else None
    if db is None or not is_archive(db.path):
        return {}
    variables = {"archive": True}
    if view_name != "row" or table != "articles":
        return variables

    async def article_extras():
        article_id = request.url_vars["pks"]
        aliases = await db.execute(
            "select url, kind, first_seen from aliases where article_id = ? order by first_seen",
            [article_id],
        )
        revisions = await db.execute(
            "select id, title, fetched_at, replaced_at from revisions where article_id = ? "
            "order by replaced_at desc",
            [article_id],
        )
        return {**variables, "aliases": aliases.rows, "revisions": revisions.rows}

    return article_extras


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["archive_list"] = load_list


@hookimpl
def extra_css_urls(database, datasette):
    db = datasette.databases.get(database) if database else None
    if db is None or not is_archive(db.path):
        return []
    return [datasette.urls.static_plugins("archiver", "archiver.css")]


class MonthFacet(Facet):
    """Counts per calendar month of an ISO date column (``{"month": "published_at"}``), newest
    first; a month's link filters the column to it with ``__startswith``."""

    type = "month"

    async def facet_results(self):
        results = []
        timed_out = []
        args = dict(self.get_querystring_pairs())
        size = self.get_facet_size()
        for config in self.get_configs():
            column = config["config"].get("column") or config["config"]["simple"]
            sql = (
                f"select substr({escape_sqlite(column)}, 1, 7) as value, count(*) as count "
                f"from ({self.sql}) where {escape_sqlite(column)} glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]*' "
                f"group by value order by value desc limit {size + 1}"
            )
            try:
                rows = (
                    await self.ds.execute(
                        self.database,
                        sql,
                        self.params,
                        truncate=False,
                        custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                    )
                ).rows
            except QueryInterrupted:
                timed_out.append(column)
                continue
            key = f"{column}__startswith"
            values = []
            for row in rows[:size]:
                selected = args.get(key) == row["value"]
                change = {key: row["value"]}
                path = (
                    path_with_removed_args(self.request, change)
                    if selected
                    else path_with_added_args(self.request, change)
                )
                values.append(
                    {
                        "value": row["value"],
                        "label": row["value"],
                        "count": row["count"],
                        "toggle_url": self.ds.absolute_url(self.request, path),
                        "selected": selected,
                    }
                )
            results.append(
                {
                    "name": column,
                    "type": self.type,
                    "results": values,
                    "hideable": config["source"] != "metadata",
                    "toggle_url": path_with_removed_args(self.request, {"_facet_month": column}),
                    "truncated": len(rows) > size,
                }
            )
        return results, timed_out


@hookimpl
def register_facet_classes():
    return [MonthFacet]
