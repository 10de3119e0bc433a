"""An honest run status: a run whose pages stop reading as articles fails, with its reason.

The rule (``archiver.runhealth``) is unit-tested on counts; then on real crawls of the Jekyll
sample site: archived once with its theme, then served with a theme that renders every post with
its page layout (nothing on a post says article any more) while new posts are published.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import query

from archiver.cli import cli
from archiver.localcrawl import run_crawl
from archiver.runhealth import MIN_PAGES, PageVerdicts, yield_collapse
from archiver.samplesite import serve
from archiver.samplesite.jekyll import JekyllSite
from storage import STATUS_REASON, open_db
from storage.stats import crawl_runs

STEADY = [PageVerdicts(articles=200, not_articles=3), PageVerdicts(articles=4, not_articles=1)]


def test_a_run_whose_pages_stopped_being_articles_is_not_ok():
    reason = yield_collapse(PageVerdicts(articles=0, not_articles=12), STEADY)
    assert reason.startswith("not-article share far above the site's history: 12 of 12 pages")
    assert "(4 of 208) in its last 2 ok runs" in reason


@pytest.mark.parametrize(
    "run",
    [
        PageVerdicts(articles=0, not_articles=MIN_PAGES - 1),  # too few pages to say anything
        PageVerdicts(articles=180, not_articles=20),  # more static pages than usual, not a collapse
        PageVerdicts(articles=0, not_articles=0),  # a quiet hour: nothing asked
    ],
)
def test_tiny_or_ordinary_runs_do_not_flap(run):
    assert yield_collapse(run, STEADY) is None


def test_a_low_yield_site_is_judged_against_its_own_history():
    """A site whose sitemap is mostly static pages (yield 30%): 1 article in 10 pages is chance
    at that yield, not a collapse; none in 60 is not."""
    history = [PageVerdicts(articles=30, not_articles=70)]
    assert yield_collapse(PageVerdicts(articles=1, not_articles=9), history) is None
    assert yield_collapse(PageVerdicts(articles=0, not_articles=60), history) is not None


def test_a_first_run_without_history_fails_only_when_no_page_was_an_article():
    assert yield_collapse(PageVerdicts(articles=1, not_articles=30), []) is None
    reason = yield_collapse(PageVerdicts(articles=0, not_articles=30), [])
    assert reason == (
        "no article found: 30 of 30 pages asked as articles were not articles, "
        "and the archive has no history of the site"
    )
    # History too thin to compare with counts as none.
    assert yield_collapse(PageVerdicts(0, 30), [PageVerdicts(3, 0)]).startswith("no article")


def _runs(db) -> list[dict]:
    archive = open_db(db, readonly=True)
    try:
        return crawl_runs(archive, last=100)[::-1]
    finally:
        archive.close()


def test_a_theme_change_that_hides_the_posts_fails_every_run_until_it_is_read_again(tmp_path):
    site = JekyllSite.generate(n_posts=30, seed=9)
    db = tmp_path / "archive.db"
    with serve(site) as base_url:
        first = run_crawl(base_url, db, spider="news")
        site.post_layout = "page"
        site.add_posts(12)
        second = run_crawl(base_url, db, spider="news")
        third = run_crawl(base_url, db, spider="news")  # the rejected posts are asked again
        site.post_layout = "post"  # the theme fixed: nothing was lost
        fourth = run_crawl(base_url, db, spider="news")
    assert [run.returncode for run in (first, second, third, fourth)] == [0, 1, 1, 0], (
        second.stderr[-3000:]
    )
    for run in (second, third):
        summary = run.stderr.strip().splitlines()[-1]
        assert " failed: " in summary
        assert "not-article share far above the site's history: 12 of 12 pages" in summary
    runs = _runs(db)
    assert [run["status"] for run in runs] == ["ok", "failed", "failed", "ok"]
    assert runs[1]["reason"].startswith("not-article share far above the site's history")
    assert runs[0]["reason"] is None and runs[3]["reason"] is None
    (stats,) = query(db, "SELECT stats FROM crawl_runs WHERE id = 2")[0]
    assert json.loads(stats)[STATUS_REASON] == runs[1]["reason"]
    shown = CliRunner().invoke(cli, ["stats", "--db", str(db)]).output
    assert f"failed: 0 new, 0 revised, 0 gone, 0 failed, 0 errors ({runs[1]['reason']})" in shown
    base = base_url.rstrip("/")
    urls = [url for (url,) in query(db, "SELECT url FROM articles")]
    assert sorted(urls) == sorted(base + site.path(post) for post in site.published_posts())


def test_a_first_run_on_a_site_none_of_whose_posts_reads_as_an_article_fails(tmp_path):
    site = JekyllSite.generate(n_posts=30, seed=9, post_layout="page")
    db = tmp_path / "archive.db"
    with serve(site) as base_url:
        run = run_crawl(base_url, db, spider="news")
    assert run.returncode == 1, run.stderr[-3000:]
    # Its 30 posts and the about page.
    assert "no article found: 31 of 31 pages asked as articles" in run.stderr.splitlines()[-1]
    assert [r["status"] for r in _runs(db)] == ["failed"]
