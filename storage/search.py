"""Full-text search over the archive, and the article filters shared with exports.

``search()`` ranks matches with FTS5 ``bm25`` (title weighted ten times the body), then builds
``snippet()`` only for the page of hits it returns: snippeting every match costs ~0.4 s for a very
common word on 200k articles, ranking alone does not.

User queries are quoted term by term by default, so any text a user types (quotes, ``NEAR(``,
``*``, ``OR 1=1; DROP TABLE``, non-ASCII) is searched for literally. ``raw=True`` passes FTS5 query
syntax through and reports a syntax error as ``SearchSyntaxError``. Filters always travel as SQL
parameters, never formatted into the SQL text.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime

SORTS = ("relevance", "newest", "oldest")

# Characters that mark matches in snippets. Private-use code points never occur in article text,
# so callers can swap them for ANSI colours, HTML tags or brackets without ambiguity.
MATCH_START = "\ue000"
MATCH_END = "\ue001"
SNIPPET_TOKENS = 16


class SearchError(ValueError):
    """A search or export request that cannot run as given (bad date, sort, query)."""


class SearchSyntaxError(SearchError):
    """A raw FTS5 query that SQLite rejected."""


@dataclass(frozen=True)
class Filters:
    """Article filters shared by search and export; every field is optional.

    ``since``/``until`` accept ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or an ISO datetime and are
    compared with ``published_at`` as written by the site (its local time): ``until`` includes the
    whole period it names (``until="2023"`` keeps every 2023 article).
    """

    since: str | None = None
    until: str | None = None
    author: str | None = None
    category: str | None = None
    tag: str | None = None
    site: str | None = None


@dataclass(frozen=True)
class Hit:
    """One search result; ``snippet`` marks matches with MATCH_START/MATCH_END."""

    id: int
    url: str
    title: str | None
    published_at: str | None
    site: str | None
    authors: list[str] = field(default_factory=list)
    snippet: str = ""
    rank: float = 0.0


def connection(db) -> sqlite3.Connection:
    """The sqlite3 connection behind a sqlite_utils Database, or ``db`` itself."""
    return getattr(db, "conn", db)


_DATE_FORMS = (
    (re.compile(r"^\d{4}$"), "year"),
    (re.compile(r"^\d{4}-\d{2}$"), "month"),
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "day"),
)


def _period_start_and_end(value: str) -> tuple[str, str]:
    """(first day, first day after) of the period a YYYY, YYYY-MM or YYYY-MM-DD string names."""
    for pattern, kind in _DATE_FORMS:
        if not pattern.match(value):
            continue
        if kind == "year":
            start = date(int(value), 1, 1)
            end = date(start.year + 1, 1, 1)
        elif kind == "month":
            year, month = (int(part) for part in value.split("-"))
            start = date(year, month, 1)
            end = date(year + month // 12, month % 12 + 1, 1)
        else:
            start = date.fromisoformat(value)
            end = date.fromordinal(start.toordinal() + 1)
        return start.isoformat(), end.isoformat()
    raise ValueError(value)


def parse_date_bound(value: str, *, upper: bool = False) -> tuple[str, bool]:
    """Turn a user date into (bound, inclusive) for comparing with stored ISO text.

    A lower bound is the start of the named period (inclusive). An upper bound of a period is the
    start of the next period (exclusive); an upper bound given as a full datetime is inclusive.
    Raises SearchError with the accepted forms when the value is not a date.
    """
    text = value.strip()
    try:
        start, end = _period_start_and_end(text)
    except ValueError:
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise SearchError(
                f"bad date {value!r}: use YYYY, YYYY-MM, YYYY-MM-DD or an ISO datetime"
            ) from None
        return moment.isoformat(), True
    return (end, False) if upper else (start, True)


def filter_clauses(filters: Filters, alias: str = "a") -> tuple[list[str], dict]:
    """SQL conditions (on the articles table named ``alias``) and their parameters."""
    clauses: list[str] = []
    params: dict = {}
    if filters.since:
        bound, _ = parse_date_bound(filters.since)
        clauses.append(f"{alias}.published_at >= :since")
        params["since"] = bound
    if filters.until:
        bound, inclusive = parse_date_bound(filters.until, upper=True)
        clauses.append(f"{alias}.published_at {'<=' if inclusive else '<'} :until")
        params["until"] = bound
    for column, value in (
        ("authors", filters.author),
        ("categories", filters.category),
        ("tags", filters.tag),
    ):
        if value:
            clauses.append(
                f"exists (select 1 from json_each({alias}.{column}) "
                f"where json_each.value = :{column} collate nocase)"
            )
            params[column] = value
    if filters.site:
        clauses.append(f"{alias}.site = :site collate nocase")
        params["site"] = filters.site
    return clauses, params


def quote_query(query: str) -> str:
    """Quote each whitespace-separated term as an FTS5 string: all terms must match, literally."""
    return " ".join('"' + term.replace('"', '""') + '"' for term in query.split())


def match_expression(query: str, *, raw: bool) -> str:
    """The FTS5 MATCH argument for a user query."""
    return query.strip() if raw else quote_query(query)


def _order_by(sort: str) -> str:
    if sort == "relevance":
        return "score, a.id"
    if sort == "newest":
        return "a.published_at desc nulls last, a.id desc"
    if sort == "oldest":
        return "a.published_at asc nulls last, a.id"
    raise SearchError(f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")


def _syntax_error(error: sqlite3.OperationalError, query: str) -> SearchSyntaxError:
    message = str(error).splitlines()[0]
    return SearchSyntaxError(f"FTS5 query {query!r} rejected: {message}")


def _page_sql(where: str, order_by: str) -> str:
    # Rank every match but only snippet the LIMITed page: the inner query never calls snippet().
    return f"""
        with page as (
            select a.id, bm25(articles_fts, 10.0, 1.0) as score
            from articles_fts join articles a on a.id = articles_fts.rowid
            where {where}
            order by {order_by}
            limit :limit offset :offset
        )
        select a.id, a.url, a.title, a.published_at, a.site, a.authors,
            snippet(articles_fts, 1, '{MATCH_START}', '{MATCH_END}', '…', {SNIPPET_TOKENS}),
            page.score
        from page
        join articles_fts on articles_fts.rowid = page.id and articles_fts match :match
        join articles a on a.id = page.id
        order by {order_by}
    """


def _json_list(value: str | None) -> list[str]:
    """A stored JSON list as a Python list (tolerating a bare string)."""
    if not value:
        return []
    try:
        parsed = json.loads(value)
    except ValueError:
        return [value]
    return parsed if isinstance(parsed, list) else [str(parsed)]


def search(
    db,
    query: str,
    *,
    raw: bool = False,
    since: str | None = None,
    until: str | None = None,
    author: str | None = None,
    category: str | None = None,
    tag: str | None = None,
    site: str | None = None,
    limit: int = 20,
    offset: int = 0,
    sort: str = "relevance",
) -> list[Hit]:
    """Articles matching ``query``, best first (or by date), with a snippet each.

    ``db`` is a sqlite_utils Database or a sqlite3 connection. An empty query matches nothing.
    Raises SearchError for a bad date or sort and SearchSyntaxError for a rejected raw query.
    """
    order_by = _order_by(sort)
    match = match_expression(query, raw=raw)
    if not match:
        return []
    clauses, params = filter_clauses(
        Filters(since=since, until=until, author=author, category=category, tag=tag, site=site)
    )
    where = " and ".join(["articles_fts match :match", *clauses])
    params.update(match=match, limit=max(0, int(limit)), offset=max(0, int(offset)))
    try:
        rows = connection(db).execute(_page_sql(where, order_by), params).fetchall()
    except sqlite3.OperationalError as error:
        if raw:
            raise _syntax_error(error, query) from None
        raise
    return [
        Hit(
            id=row[0],
            url=row[1],
            title=row[2],
            published_at=row[3],
            site=row[4],
            authors=_json_list(row[5]),
            snippet=row[6] or "",
            rank=row[7],
        )
        for row in rows
    ]
