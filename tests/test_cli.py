"""The archiver command as a user types it: search, show, history, stats, export, help texts."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from read_side_archive import REVISED_URL, SEED_SHORTLINK, SEED_URL, build_archive

from archiver.cli import cli


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_archive(tmp_path_factory.mktemp("cli") / "archive.db")


def run(archive, *args: str):
    result = CliRunner().invoke(cli, ["--db", str(archive), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def test_search_prints_title_date_url_and_a_snippet(archive):
    output = run(archive, "search", "security council").output

    assert output.startswith("1. India Joins Quad Nations in Message to Russia")
    assert "2023-09-22" in output
    assert SEED_URL in output
    assert "[Security] [Council]" in output  # matches marked when no colour


def test_search_json_with_filters_and_sort(archive):
    output = run(archive, "search", "india", "--since", "2023-10", "--sort", "oldest", "--json")

    hits = json.loads(output.output)
    assert [hit["published_at"][:7] for hit in hits] == ["2023-11", "2024-03"]
    assert "<mark>India</mark>" in hits[0]["snippet"]


def test_search_csv(archive):
    lines = run(archive, "search", "quad", "--csv", "--limit", "1").output.splitlines()

    assert lines[0] == "url,title,published_at,site,authors,snippet,rank"
    assert lines[1].startswith(SEED_URL + ",India Joins Quad")


def test_search_without_matches_says_so(archive):
    result = run(archive, "search", "photosynthesis")

    assert result.stdout == ""
    assert "No matches." in result.stderr


def test_the_db_option_also_goes_after_the_command(archive, monkeypatch):
    monkeypatch.setenv("ARCHIVER_DB", "/nonexistent/archive.db")
    result = CliRunner().invoke(cli, ["search", "quad", "--db", str(archive)])

    assert result.exit_code == 0 and SEED_URL in result.output


def test_the_archive_path_comes_from_the_environment(archive, monkeypatch):
    monkeypatch.setenv("ARCHIVER_DB", str(archive))
    result = CliRunner().invoke(cli, ["search", "quad"])

    assert result.exit_code == 0 and SEED_URL in result.output


def test_show_finds_an_article_by_any_alias(archive):
    by_shortlink = run(archive, "show", SEED_SHORTLINK)
    tracking_link = SEED_URL.replace("megalopreneur.com", "MegaloPreneur.com") + "?utm_source=x"
    by_tracking_link = run(archive, "show", tracking_link).stdout

    assert by_shortlink.stdout.startswith("India Joins Quad Nations")
    assert "published_at:     2023-09-22T10:15:00+05:30" in by_shortlink.stdout
    assert SEED_SHORTLINK in by_shortlink.stdout
    assert "Security Council resolutions" in by_shortlink.stdout
    assert by_tracking_link == by_shortlink.stdout
    assert by_shortlink.stderr == f"archiver: {SEED_SHORTLINK} matched {SEED_URL}\n"


@pytest.mark.parametrize(
    "given",
    [
        SEED_URL.removeprefix("https://"),  # no scheme
        SEED_URL.removeprefix("https://megalopreneur.com"),  # a bare path
        SEED_URL.removeprefix("https://megalopreneur.com/").rstrip("/"),  # as typed in a hurry
        "megalopreneur.com/?p=4242",  # the shortlink without its scheme
    ],
)
def test_show_takes_a_url_without_scheme_or_a_bare_path_and_says_what_it_matched(archive, given):
    result = run(archive, "show", given)

    assert result.stdout.startswith("India Joins Quad Nations")
    assert result.stderr == f"archiver: {given} matched {SEED_URL}\n"


def test_show_prints_lists_as_text(archive):
    output = run(archive, "show", SEED_URL).stdout

    assert "categories:       World, Politics\n" in output
    assert "tags:             India, Quad, North Korea\n" in output
    assert "authors:          Mohit Sharma\n" in output
    assert "[" not in output.split("\n\n")[0]


def test_show_json(archive):
    article = json.loads(run(archive, "show", SEED_URL, "--json").output)

    assert article["url"] == SEED_URL
    assert article["categories"] == ["World", "Politics"]
    assert SEED_SHORTLINK in article["aliases"]


def test_history_lists_versions_and_diffs_them(archive):
    listing = run(archive, "history", REVISED_URL).output.splitlines()
    diff = run(archive, "history", REVISED_URL, "--diff").output
    explicit = run(archive, "history", REVISED_URL, "--diff", "1", "2").output

    assert len(listing) == 2 and listing[1].endswith("(current)")
    assert "-Founders in fintech and climate technology drew most of the new money." in diff
    assert "+Founders in fintech, climate technology and robotics drew" in diff
    assert explicit == diff


def test_stats(archive):
    data = json.loads(run(archive, "stats", "--json").output)
    text = run(archive, "stats").output

    assert data["summary"]["articles"] == 5
    assert data["summary"]["without_date"] == 1
    assert data["summary"]["first_published"] == "2023-09-22T10:15:00+05:30"
    assert data["summary"]["revisions"] == 1
    assert {"month": "2024-02", "articles": 1} in data["per_month"]
    assert data["per_category"][0] == {"category": "Business", "articles": 2}
    assert {"author": "Priya Nair", "articles": 2} in data["per_author"]
    assert [run["articles_revised"] for run in data["crawl_runs"]] == [1, 0]
    assert text.startswith("5 articles, published 2023-09-22")
    assert "1 without a date" in text


def test_export_to_stdout_and_to_a_parquet_file(archive, tmp_path):
    lines = run(archive, "export", "--category", "Business").output.splitlines()
    target = tmp_path / "dataset.parquet"
    result = run(archive, "export", "--format", "parquet", "--since", "2024", "-o", str(target))

    assert {json.loads(line)["url"] for line in lines} >= {REVISED_URL}
    assert len(lines) == 2
    assert pq.read_table(target).num_rows == 2
    assert (tmp_path / "dataset.parquet.manifest.json").exists()
    assert "2 articles written to" in result.stderr


@pytest.mark.parametrize("command", ["search", "show", "history", "stats", "export", "serve"])
def test_every_command_help_shows_an_example(command):
    result = CliRunner().invoke(cli, [command, "--help"])

    assert result.exit_code == 0
    assert f"archiver {command}" in result.output.split("Example", 1)[1]
