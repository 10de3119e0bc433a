"""The crawl benchmarks run end to end on a tiny sample site and print their tables.

Each script is run the way ``make bench`` / ``make bench-incremental`` run it (a subprocess with
the project's Python), with ``--posts 30`` so the whole file stays well under a minute;
``bench_extraction.py`` on a collection in trafilatura's layout made of our own fixture pages.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from archiver.localcrawl import PROJECT_ROOT

FIXTURE_PAGES = Path(__file__).parent / "fixtures" / "pages"


def run_script(name: str, *args: str) -> subprocess.CompletedProcess:
    # PYTHONPATH: the checkout's own archiver (a script's sys.path starts at scripts/, where the
    # environment's install may be another checkout's).
    return subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "scripts" / name), *args],
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def table_row(output: str, run: str) -> list[str]:
    """The cells of the crawl benchmark's row for ``run`` (ceiling, crawl, recrawl or floor)."""
    for line in output.splitlines():
        cells = line.split()
        if len(cells) > 2 and cells[1] == run:
            return cells
    raise AssertionError(f"no {run!r} row in:\n{output}")


def test_bench_crawl_measures_ceiling_plain_spider_crawl_recrawl_and_floor():
    result = run_script("bench_crawl.py", "--posts", "30", "--page-kb", "80", "--recrawl")
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "CPU ms/art" in out and "peak RSS MB" in out and "largest MB" in out
    assert "peak anon MB" in out
    assert re.search(r"pages ~80 KB, CPU of each process tree: (cgroup v2|RUSAGE_CHILDREN)", out)

    ceiling, crawl, recrawl = (table_row(out, run) for run in ("ceiling", "crawl", "recrawl"))
    # posts, run, requests, articles, wall, CPU, scrapy CPU, CPU ms/art, art/s, RSS, PSS, anon,
    # largest, server
    assert ceiling[3] == "30" and crawl[3] == "30"  # every post extracted, every post archived
    assert table_row(out, "ceiling2")[3] == "30"  # the ceiling again, after the crawl
    for run in ("plain", "plain2"):  # the simple alternative, before and after the crawl
        plain = table_row(out, run)
        assert plain[3] == "30" and int(plain[2]) >= 30 + 3  # every post, the listing pages
        assert float(plain[5]) > float(plain[6]) > 0  # its extraction pool's CPU counted too
    assert re.search(r"30 posts: crawl/plain spider articles/s = \d+\.\d\d .*target >= 1.1", out)
    assert re.search(r"CPU-ms per article: crawl [\d.]+, plain spider [\d.]+", out)
    # the whole tree was measured: more CPU than the scrapy process alone, RSS of several processes
    assert float(crawl[5]) > float(crawl[6]) > 0 and float(crawl[9]) > 100
    # the tree's own heap: part of its PSS, whatever else the machine runs
    assert 0 < float(crawl[11]) <= float(crawl[10])
    assert int(recrawl[2]) < int(crawl[2]) / 3  # nothing new: a fraction of the requests
    assert recrawl[3] == "0"
    assert re.search(r"30 posts: crawl/ceiling articles/s = \d+\.\d\d", out)
    floor = table_row(out, "floor")
    assert floor[2] == "30"  # stock Scrapy asked every archived URL (30 pages: too few to time)
    assert re.search(
        r"crawl CPU-ms per article [\d.]+ = extraction [\d.]+ \+ stock Scrapy -?[\d.]+ .*"
        r"\+ the archiver's own -?[\d.]+",
        out,
    )


def test_bench_incremental_catches_every_change_and_prints_requests():
    result = run_script("bench_incremental.py", "--posts", "30")
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    out = result.stdout
    assert "changes caught: all" in out
    requests = {
        name: int(match)
        for name, match in re.findall(r"^(first crawl|re-crawl, [\w ]+?)\s+(\d+)", out, re.M)
    }
    assert set(requests) == {"first crawl", "re-crawl, nothing new", "re-crawl, 15 changes"}
    assert requests["re-crawl, nothing new"] < requests["first crawl"] / 3


# Runs in a process of its own: it makes that process a child subreaper. Prints the CPU seconds
# each accounting this machine offers counted for a command whose child outlives it.
ORPHAN_CPU = """
import subprocess, sys
sys.path.insert(0, "scripts")
import bench_crawl
bench_crawl.become_subreaper()
burn = "import time\\nt = time.process_time()\\nwhile time.process_time() - t < 0.4: pass"
spawn = f"import subprocess, sys; subprocess.Popen([sys.executable, '-c', {burn!r}])"
cgroups = bench_crawl.cgroup2_base()
for name, base in [("rusage", None)] + ([("cgroup", cgroups)] if cgroups else []):
    account = bench_crawl.CpuAccount(base, "test")
    subprocess.run(account.wrap([sys.executable, "-c", spawn]), check=True)  # exits at once
    bench_crawl.reap_orphans()
    print(name, account.seconds())
    account.close()
"""


def test_bench_counts_the_cpu_of_a_process_orphaned_mid_run():
    result = subprocess.run(
        [sys.executable, "-c", ORPHAN_CPU],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    counted = dict(line.split() for line in result.stdout.splitlines())
    assert "rusage" in counted  # the cgroup only where this machine lets us make one
    # the orphan's 0.4 s burn, counted although its parent had exited long before
    assert all(float(seconds) >= 0.4 for seconds in counted.values()), counted


def _fixture_collection(directory: Path) -> dict[str, dict]:
    """A collection in trafilatura's evaluation layout made of our own article fixture pages."""
    pages = directory / "eval"
    pages.mkdir()
    labels = {}
    for expected_file in sorted(FIXTURE_PAGES.glob("*.json")):
        expected = json.loads(expected_file.read_text(encoding="utf-8"))
        if expected["page_type"] != "article":
            continue
        html_file = expected_file.with_suffix(".html")
        (pages / html_file.name).write_bytes(html_file.read_bytes())
        labels[expected["url"]] = {
            "file": html_file.name,
            "with": expected["must_contain"],
            "without": expected["must_not_contain"],
            "date": expected["published_at"],
            "author": expected["authors"],
            "title": expected["title"],
            "categories": expected["categories"],
            "tags": expected.get("tags", []),
        }
    (directory / "evaldata.json").write_text(json.dumps(labels), encoding="utf-8")
    return labels


def test_bench_extraction_scores_ours_and_stock_side_by_side(tmp_path):
    labels = _fixture_collection(tmp_path)
    n_pages = len(labels)
    dated = str(sum(bool(label["date"]) for label in labels.values()))
    authored = str(sum(bool(label["author"]) for label in labels.values()))
    result = run_script("bench_extraction.py", "--data", str(tmp_path))
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert f"{n_pages} pages" in out
    tools = {line.split()[0] for line in out.splitlines() if line}
    assert {"ours", "extract", "bare_extraction", "htmldate"} <= tools
    text, date, author = (
        [line.split() for line in out.splitlines() if line.startswith("ours ")][i] for i in range(3)
    )
    # F1, precision, recall, None, leaks: every snippet found, no boilerplate, no page lost
    assert text[1:6] == ["1.000", "1.000", "1.000", "0", "0"]
    assert float(text[7]) > 0  # CPU-ms per page, timed
    # labelled, right, share: our fixtures' dates and authors are what we vouch for
    assert date[1:4] == [dated, dated, "1.000"]
    assert author[1:4] == [authored, authored, "1.000"]
    titled = str(len(labels))
    categorised = str(sum(bool(label["categories"]) for label in labels.values()))
    title, categories, _ = _metadata_rows(out)
    assert title[1:4] == [titled, titled, "1.000"]
    assert categories[1:4] == [categorised, categorised, "1.000"]


def _metadata_rows(out: str) -> list[list[str]]:
    """Our rows of the title, categories and tags tables (the lines after their headings)."""
    lines = out.splitlines()
    starts = [
        lines.index(next(line for line in lines if line.startswith(name + " ")))
        for name in ("title", "categories", "tags")
    ]
    return [lines[start + 1].split() for start in starts]


def test_bench_extraction_reads_a_collection_in_goose3_s_layout(tmp_path):
    """goose3's tests/data/content/: a page beside its expected text, one snippet a paragraph."""
    content = tmp_path / "content"
    content.mkdir()
    articles = [
        json.loads(path.read_text(encoding="utf-8")) | {"name": path.stem}
        for path in sorted(FIXTURE_PAGES.glob("*.json"))
    ]
    articles = [a for a in articles if a["page_type"] == "article"][:3]
    for article in articles:
        html = (FIXTURE_PAGES / f"{article['name']}.html").read_bytes()
        (content / f"test_{article['name']}.html").write_bytes(html)
        expected = {"cleaned_text": "\n\n".join(article["must_contain"])}
        test = {"url": article["url"], "expected": expected}
        (content / f"test_{article['name']}.json").write_text(json.dumps(test), encoding="utf-8")
    result = run_script("bench_extraction.py", "--data", str(tmp_path))
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"{len(articles)} pages" in result.stdout
    ours = next(line.split() for line in result.stdout.splitlines() if line.startswith("ours "))
    assert ours[1:5] == ["1.000", "1.000", "1.000", "0"]  # every paragraph's start found


def test_bench_extraction_without_a_collection_says_so(tmp_path):
    result = run_script("bench_extraction.py", "--data", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "evaldata.json nor content/" in result.stderr
