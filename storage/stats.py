"""What the archive holds: counts per month, category and author, date coverage, crawl runs.

Every function runs one aggregate query and returns plain data (ints, lists of dicts), so the CLI
can print it as text or JSON and Datasette users can reproduce it in SQL. Months come from
``published_at`` as the site wrote it (its local time).
"""

from __future__ import annotations

from storage.lock import lock_held
from storage.search import connection
from storage.writes import NOT_ARTICLE_KIND, OUTCOME_COUNTERS

# A run's articles: the sum of its counters of article outcomes (new, revised, unchanged, duplicate).
_RUN_ARTICLES = " + ".join(f"r.{column}" for column in OUTCOME_COUNTERS.values())

# The crawl stat (in crawl_runs.stats) saying why a run ended failed when its pages did not
# (no article found, a not-article share far above the site's history).
STATUS_REASON = "archiver/status_reason"


def _rows(db, sql: str, params: tuple = ()) -> list[dict]:
    cursor = connection(db).execute(sql, params)
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor]


def per_month(db) -> list[dict]:
    """[{"month": "2023-09", "articles": 12}, ...] oldest first; undated articles are left out."""
    return _rows(
        db,
        "select substr(published_at, 1, 7) as month, count(*) as articles from articles "
        "where published_at is not null group by month order by month",
    )


def _per_json_value(db, column: str, key: str, limit: int | None) -> list[dict]:
    # column is one of our own constants, never user input.
    sql = (
        f"select json_each.value as {key}, count(*) as articles "
        f"from articles, json_each(articles.{column}) "
        f"where json_valid(articles.{column}) group by json_each.value "
        f"order by articles desc, {key}"
    )
    if limit is not None:
        return _rows(db, sql + " limit ?", (limit,))
    return _rows(db, sql)


def per_category(db, limit: int | None = None) -> list[dict]:
    """[{"category": "World", "articles": 40}, ...] most articles first."""
    return _per_json_value(db, "categories", "category", limit)


def per_author(db, limit: int | None = None) -> list[dict]:
    """[{"author": "Jane Doe", "articles": 40}, ...] most articles first."""
    return _per_json_value(db, "authors", "author", limit)


def summary(db) -> dict:
    """Totals: articles, undated, first/last published, revisions, duplicates, gone, aliases."""
    conn = connection(db)
    articles = conn.execute(
        "select count(*), sum(published_at is null), min(published_at), max(published_at), "
        "sum(duplicate_of is not null), sum(gone_at is not null), "
        "sum(revision_count > 0) from articles"
    ).fetchone()
    revisions = conn.execute("select count(*) from revisions").fetchone()[0]
    alias_count = conn.execute("select count(*) from aliases").fetchone()[0]
    return {
        "articles": articles[0],
        "without_date": articles[1] or 0,
        "first_published": articles[2],
        "last_published": articles[3],
        "duplicates": articles[4] or 0,
        "gone": articles[5] or 0,
        "revised_articles": articles[6] or 0,
        "revisions": revisions,
        "aliases": alias_count,
    }


def crawl_runs(db, last: int = 10) -> list[dict]:
    """The last ``last`` crawl runs, newest first, with their outcome counters.

    A run still ``running`` while no crawl holds the archive's lock died (killed, out of memory,
    power cut) before it could close its row: it is shown ``interrupted``, as the next crawl will
    record it.
    """
    runs = _rows(
        db,
        "select id, spider, mode, started_at, finished_at, status, requests_total, "
        "articles_new, articles_revised, articles_unchanged, articles_duplicate, "
        "articles_gone, articles_failed, errors, "
        "case when json_valid(stats) then json_extract(stats, ?) end as reason "
        "from crawl_runs order by id desc limit ?",
        (f'$."{STATUS_REASON}"', last),
    )
    path = _db_file(db)  # "" for an in-memory archive, which no crawl can hold
    if path and any(run["status"] == "running" for run in runs) and not lock_held(path):
        for run in runs:
            if run["status"] == "running":
                run["status"] = "interrupted"
    return runs


def page_verdicts(db, base_url: str, before_run: int, last: int) -> list[tuple[int, int]]:
    """(articles, not-article pages) of the last ``last`` ``ok`` runs of ``base_url`` before run
    ``before_run`` that judged a page, newest first: the site's history for
    ``archiver.runhealth``. Articles are the run's ``ARTICLE_OUTCOMES`` (``storage.writes``)."""
    return (
        connection(db)
        .execute(
            f"select articles, not_articles from (select r.id, {_RUN_ARTICLES} "
            "as articles, (select count(*) from failures f where f.run_id = r.id and f.kind = ?) "
            "as not_articles from crawl_runs r where r.status = 'ok' and r.base_url = ? "
            "and r.id < ?) where articles + not_articles > 0 order by id desc limit ?",
            (NOT_ARTICLE_KIND, base_url, before_run, last),
        )
        .fetchall()
    )


def _db_file(db) -> str:
    """The file of the connection's main database."""
    return next(
        file for _, name, file in connection(db).execute("pragma database_list") if name == "main"
    )


def archive_stats(db, *, top: int = 10, runs: int = 10) -> dict:
    """Everything ``archiver stats`` shows, as one JSON-ready dict."""
    return {
        "summary": summary(db),
        "per_month": per_month(db),
        "per_category": per_category(db, top),
        "per_author": per_author(db, top),
        "crawl_runs": crawl_runs(db, runs),
    }
