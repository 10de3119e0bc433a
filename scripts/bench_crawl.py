"""Benchmark the crawl: archived articles per second and CPU per article, against the simple
alternative and the ceiling.

Usage: scripts/bench_crawl.py [--posts 1500 | --sizes 1000,5000,20000] [--page-kb 100]
                              [--recrawl | --crawl-only] [--workers N] [-s SETTING=VALUE ...]
                              [--keep DIR]

For each size: generate the static sample site with the heavy theme (``--page-kb``: post pages
of ~N KB, as real WordPress news themes serve; 0 is the light test theme) with
``site.write_static``, serve it with ``scripts/static_server.py`` in a thread of this process (its
CPU is measured: it must not be the limit), then measure in one run

(a) the extraction ceiling: ``extract_article`` over the same post pages read from disk, in a pool
    of one process per core; no crawl, no storage; run before the crawl ("ceiling") and again
    right after it ("ceiling2"): this shared machine's speed drifts by up to 30% from one minute
    to the next, so the crawl is compared with the mean of the two runs that bracket it;
(p) the simple alternative, ``scripts/plain_spider.py``: a plain Scrapy spider following the
    listing's pagination and post links, ``trafilatura.extract`` in a pool of one process per
    core, nothing stored; run before the crawl ("plain") and again right after it ("plain2"),
    the crawl compared with their mean, for the same reason;
(b) the real ``scrapy crawl megalopreneur`` into a fresh archive (``archiver.localcrawl``):
    requests, articles, wall time, CPU seconds of the whole process tree over its lifetime and
    of the scrapy process alone, CPU-ms per archived article, articles/s, peak RSS and PSS
    summed over the tree, the peak of its anonymous pages' PSS (``Pss_Anon``: the tree's own
    heap and stacks, which no process outside it shares, where the PSS also counts a share of
    every library file the machine's other processes map, so it moves with what they run),
    the largest process's peak RSS (sampled by psutil), and each kind
    of process's peak (the crawl process, its helpers: forkserver and resource tracker, and
    the largest extraction worker), to tell whose memory grows with the site;
(c) with ``--recrawl``: the same crawl again with nothing changed (fresh mode);
    ``--crawl-only`` runs (b) alone, to follow memory and speed over large sizes;
(d) the floor: stock Scrapy fetching the archived articles' URLs and doing nothing with them
    (``scripts/scrapy_floor.py``), less the same run's start-up, to split the crawl's CPU per
    article into extraction, Scrapy's own cost per request and the rest (spider, pipelines,
    hand-over to workers, compression, writer, start-up).

CPU of a process tree, every process counted over its whole life (the forkserver, extraction
workers recycled mid-crawl, the pool of the plain spider): each measured command runs in a child
cgroup of its own when this machine's cgroup v2 hierarchy is writable (``cpu.stat``'s
``usage_usec``); else this process becomes the child subreaper of the command's descendants, and
``RUSAGE_CHILDREN`` sums each one as it is reaped. The first line printed says which.

Targets (issue 17, heavy pages): the crawl >= 1.1x the plain spider's articles/s in the same run,
<= 24 CPU-ms per archived article all included, peak memory flat from 1,000 to 20,000 posts.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing, suppress
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

import psutil
from static_server import StaticServer, file_for

from archiver.extract_pool import warm_up
from archiver.extraction import extract_article
from archiver.localcrawl import PROJECT_ROOT, crawl_command
from archiver.samplesite import SampleSite

PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h
CGROUP_PREFIX = "archiver-bench-"
PLAIN_SPIDER = PROJECT_ROOT / "scripts" / "plain_spider.py"
TARGET_SPEEDUP, TARGET_CPU_MS = 1.1, 24.0
# This process's CPU is charged to the server column, and it takes cores from the crawl it
# measures: a sample (the process tree from /proc, then each process's memory) costs ~2 ms.
SAMPLE_SECONDS = 0.2
FETCHED_AT = "2024-07-24T12:00:00+00:00"


@dataclass
class Measure:
    """One measured run; ``requests`` is what the server answered (robots.txt included)."""

    size: int
    run: str
    requests: int
    articles: int
    wall: float
    cpu: float
    peak_rss: int = 0
    peak_pss: int = 0
    peak_largest: int = 0  # RSS of the largest process of the tree
    peak_anon: int = 0  # summed Pss_Anon (0: the kernel does not say)
    server_cpu: float = 0.0
    main_cpu: float = 0.0  # the scrapy process alone: reactor, spider, pipelines, writer thread
    # Peak RSS of each kind of process (the command, its forkserver, the forkserver's workers:
    # the largest one), to tell whose memory grows with the site.
    peak_by_role: dict[str, int] = field(default_factory=dict)
    processes: int = 0  # processes seen in the tree over the run

    @property
    def per_second(self) -> float:
        return self.articles / self.wall if self.wall else 0.0

    @property
    def cpu_ms_per_article(self) -> float:
        return 1000 * self.cpu / self.articles if self.articles else float("nan")


def become_subreaper() -> None:
    """Orphaned descendants (the crawl's forkserver and workers) are re-parented to us, so their
    CPU time lands in our ``RUSAGE_CHILDREN`` once reaped instead of being lost to init."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def reap_orphans(deadline_seconds: float = 30.0) -> None:
    """Wait for every re-parented descendant to exit (this process has no other children)."""
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.02)


def cgroup2_base() -> Path | None:
    """This process's own cgroup v2 directory when new child cgroups can be made in it, else
    None (no cgroup2 mount, or not writable: the subreaper's RUSAGE_CHILDREN is used instead)."""
    try:
        mounts = Path("/proc/self/mounts").read_text().splitlines()
        own = next(
            line[3:]
            for line in Path("/proc/self/cgroup").read_text().splitlines()
            if line.startswith("0::")
        )
    except (OSError, StopIteration):
        return None
    for line in mounts:
        _device, mount_point, fs_type, *_rest = line.split()
        base = Path(mount_point) / own.lstrip("/")
        if fs_type == "cgroup2" and (base / "cgroup.procs").exists() and os.access(base, os.W_OK):
            return base
    return None


class CpuAccount:
    """CPU seconds of a command's whole process tree over its lifetime: a child cgroup of its
    own when ``base`` is given (``cpu.stat``), else this subreaper's ``RUSAGE_CHILDREN``."""

    def __init__(self, base: Path | None, name: str):
        self.cgroup = None
        if base is not None:
            self.cgroup = base / f"{CGROUP_PREFIX}{os.getpid()}-{name}"
            self.cgroup.mkdir()
        self._children_before = children_cpu()

    def wrap(self, command: list[str]) -> list[str]:
        """``command``, entering the cgroup first (``exec``: the pid is the command's)."""
        if self.cgroup is None:
            return command
        enter = 'echo 0 > "$0/cgroup.procs" && exec "$@"'
        return ["/bin/sh", "-c", enter, str(self.cgroup), *command]

    def pids(self, root: psutil.Process) -> list[int]:
        """The tree's processes now: the cgroup's members (orphans included), else descendants."""
        if self.cgroup is not None:
            return [int(pid) for pid in (self.cgroup / "cgroup.procs").read_text().split()]
        return [root.pid, *(child.pid for child in root.children(recursive=True))]

    def seconds(self) -> float:
        """CPU used since construction; call once every process of the tree has exited."""
        if self.cgroup is None:
            return children_cpu() - self._children_before
        stat = dict(line.split() for line in (self.cgroup / "cpu.stat").read_text().splitlines())
        return int(stat["usage_usec"]) / 1e6

    def close(self) -> None:
        if self.cgroup is not None:
            deadline = time.monotonic() + 10
            while (self.cgroup / "cgroup.procs").read_text().strip():  # a straggler exiting
                if time.monotonic() > deadline:
                    return  # left for the next run's clean-up rather than hang here
                time.sleep(0.05)
            self.cgroup.rmdir()


def remove_stale_cgroups(base: Path | None) -> None:
    """Child cgroups a killed earlier run left behind (empty once their processes are gone)."""
    if base is not None:
        for stale in base.glob(f"{CGROUP_PREFIX}*"):
            with suppress(OSError):  # still populated: a run of another bench in progress
                stale.rmdir()


def pss_anon(pid: int) -> int:
    """Bytes of process ``pid``'s anonymous pages, each shared one divided among its sharers
    (``Pss_Anon`` of smaps_rollup, Linux 5.8+); 0 when the kernel does not say."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss_Anon:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class TreeSampler:
    """Samples a process tree; keeps the peak of its summed memory and of its largest process.

    Summed RSS counts the pages the forkserver shares with its workers once per process; summed
    PSS (each shared page divided among its sharers) is what the tree really occupies.
    """

    def __init__(self, pid: int, account: CpuAccount):
        self.root = psutil.Process(pid)
        self.account = account
        self.peak_rss = 0
        self.peak_pss = 0
        self.peak_largest = 0
        self.peak_anon = 0
        self.peak_by_role: dict[str, int] = {}
        self._roles: dict[int, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                pids = self.account.pids(self.root)
            except (psutil.NoSuchProcess, OSError):
                return
            rss = pss = largest = anon = 0
            for pid in pids:
                try:
                    memory = psutil.Process(pid).memory_full_info()
                except psutil.NoSuchProcess:
                    continue
                rss, pss, anon = rss + memory.rss, pss + memory.pss, anon + pss_anon(pid)
                largest = max(largest, memory.rss)
                role = self._role(pid)
                self.peak_by_role[role] = max(self.peak_by_role.get(role, 0), memory.rss)
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            self.peak_largest = max(self.peak_largest, largest)
            self.peak_anon = max(self.peak_anon, anon)
            self._stop.wait(SAMPLE_SECONDS)

    def _role(self, pid: int) -> str:
        """The role of process ``pid``: "main" (the command), "helper" (a process it started: the
        forkserver, multiprocessing's resource tracker) or "worker" (started by a helper: an
        extraction worker)."""
        if pid not in self._roles:
            try:
                parent = psutil.Process(pid).ppid()
            except psutil.NoSuchProcess:
                parent = None
            if pid == self.root.pid:
                role = "main"
            elif parent == self.root.pid:
                role = "helper"
            else:
                role = "worker"
            self._roles[pid] = role
        return self._roles[pid]

    @property
    def processes(self) -> int:
        return len(self._roles)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _extract_file(path: str, url: str) -> bool:
    return extract_article(Path(path).read_text("utf-8"), url, FETCHED_AT) is not None


def extraction_ceiling(
    site_dir: Path, base_url: str, site: SampleSite, workers: int, run: str = "ceiling"
) -> Measure:
    """(a) ``extract_article`` over every post page on disk, one process per core."""
    paths = [post.path for post in site.published_posts()]
    files = [str(file_for(site_dir, path)) for path in paths]
    urls = [base_url.rstrip("/") + path for path in paths]
    # fork: workers are our direct children, joined (and their CPU counted) at shutdown.
    with ProcessPoolExecutor(workers, mp_context=get_context("fork"), initializer=warm_up) as pool:
        list(pool.map(abs, range(workers)))  # start every worker before the clock starts
        cpu_before, started = children_cpu(), time.perf_counter()
        articles = sum(pool.map(_extract_file, files, urls, chunksize=16))
        wall = time.perf_counter() - started
    return Measure(len(paths), run, 0, articles, wall, children_cpu() - cpu_before)


def archived(db_path: Path, run: str) -> int:
    """Articles the archive holds (first crawl) or articles the last run wrote (re-crawl)."""
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as connection:
        if run == "crawl":
            return connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        return connection.execute(
            "SELECT articles_new + articles_revised + articles_duplicate FROM crawl_runs"
            " ORDER BY id DESC LIMIT 1"
        ).fetchone()[0]


def measure_process(
    server: StaticServer, command: list[str], size: int, run: str, log: Path, cgroups: Path | None
) -> tuple[Measure, int]:
    """Run ``command`` to its end with its whole process tree measured; the Measure (articles
    left at 0) and the exit code."""
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "archiver.settings"}
    account = CpuAccount(cgroups, f"{run}-{size}")
    try:
        requests_before, server_before = server.requests, self_cpu()
        started = time.perf_counter()
        with log.open("w") as output:
            process = subprocess.Popen(
                account.wrap(command), cwd=PROJECT_ROOT, env=env, stdout=output, stderr=output
            )
            with TreeSampler(process.pid, account) as sampler:
                # wait4: the scrapy process's own CPU (its forkserver is not its child once
                # orphaned)
                _pid, status, usage = os.wait4(process.pid, 0)
                returncode = process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        reap_orphans()
        measure = Measure(
            size,
            run,
            server.requests - requests_before,
            0,
            wall,
            account.seconds(),
            sampler.peak_rss,
            sampler.peak_pss,
            sampler.peak_largest,
            sampler.peak_anon,
            # This process only serves (and samples) while the crawl runs.
            server_cpu=self_cpu() - server_before,
            main_cpu=usage.ru_utime + usage.ru_stime,
            peak_by_role=sampler.peak_by_role,
            processes=sampler.processes,
        )
    finally:
        account.close()
    return measure, returncode


def measure_crawl(
    server: StaticServer,
    db_path: Path,
    size: int,
    run: str,
    log: Path,
    settings: dict[str, str],
    cgroups: Path | None,
) -> Measure:
    """(b)/(c) one real ``scrapy crawl`` subprocess, its whole process tree measured."""
    command = crawl_command(server.base_url, db_path, settings=settings)
    measure, returncode = measure_process(server, command, size, run, log, cgroups)
    if returncode != 0:
        sys.exit(f"crawl failed with exit code {returncode}:\n{log.read_text()[-3000:]}")
    measure.articles = archived(db_path, run)
    return measure


def measure_plain(
    server: StaticServer, size: int, run: str, work: Path, workers: int, cgroups: Path | None
) -> Measure:
    """(p) the plain spider with its extraction pool, the whole tree measured."""
    log = work / f"{run}-{size}.log"
    command = [sys.executable, str(PLAIN_SPIDER), server.base_url, "--workers", str(workers)]
    measure, returncode = measure_process(server, command, size, run, log, cgroups)
    counted = re.findall(r"^articles (\d+)$", log.read_text(), re.M)
    if returncode != 0 or not counted:
        sys.exit(f"plain_spider.py failed ({returncode}):\n{log.read_text()[-3000:]}")
    measure.articles = int(counted[-1])
    return measure


def measure_floor(
    server: StaticServer, db_path: Path, size: int, work: Path, cgroups: Path | None
) -> Measure:
    """(d) stock Scrapy fetching the archived articles' URLs, doing nothing with them; its
    start-up (the same run with no URL: imports, reactor) subtracted."""
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as connection:
        urls = [url for (url,) in connection.execute("SELECT url FROM articles")]
    runs = []
    for name, listed in (("start", []), ("all", urls)):
        url_file, log = work / f"floor-{name}-{size}.txt", work / f"floor-{name}-{size}.log"
        url_file.write_text("\n".join(listed))
        command = [sys.executable, str(PROJECT_ROOT / "scripts" / "scrapy_floor.py"), str(url_file)]
        measure, returncode = measure_process(server, command, size, "floor", log, cgroups)
        if returncode != 0:
            sys.exit(f"scrapy_floor.py failed ({returncode}):\n{log.read_text()[-3000:]}")
        runs.append(measure)
    start, full = runs
    full.wall, full.cpu, full.main_cpu = (
        full.wall - start.wall,
        full.cpu - start.cpu,
        full.main_cpu - start.main_cpu,
    )
    full.server_cpu -= start.server_cpu
    return full


def bench_size(
    size: int,
    page_kb: int,
    workers: int,
    recrawl: bool,
    work: Path,
    settings: dict[str, str],
    cgroups: Path | None,
    crawl_only: bool = False,
) -> list[Measure]:
    site_dir, db_path = work / f"site-{size}", work / f"archive-{size}.db"
    # (b) is a first crawl: an archive left in a --keep directory would turn it into a re-crawl.
    for stale in work.glob(f"archive-{size}.db*"):
        stale.unlink()
    server = StaticServer(site_dir)
    site = SampleSite.generate(n_posts=size, page_kb=page_kb)
    site.write_static(site_dir, base_url=server.base_url)
    log = work / f"crawl-{size}.log"
    if crawl_only:
        with server.running():
            return [measure_crawl(server, db_path, size, "crawl", log, settings, cgroups)]
    results = [extraction_ceiling(site_dir, server.base_url, site, workers)]
    with server.running():
        results.append(measure_plain(server, size, "plain", work, workers, cgroups))
        results.append(measure_crawl(server, db_path, size, "crawl", log, settings, cgroups))
        results.append(measure_plain(server, size, "plain2", work, workers, cgroups))
        results.append(extraction_ceiling(site_dir, server.base_url, site, workers, "ceiling2"))
        if recrawl:
            log = work / f"recrawl-{size}.log"
            results.append(measure_crawl(server, db_path, size, "recrawl", log, settings, cgroups))
        results.append(measure_floor(server, db_path, size, work, cgroups))
    return results


COLUMNS = (
    ("posts", "{m.size:>6}"),
    ("run", "{m.run:>8}"),
    ("requests", "{m.requests:>8}"),
    ("articles", "{m.articles:>8}"),
    ("wall s", "{m.wall:>7.1f}"),
    ("CPU s", "{m.cpu:>7.1f}"),
    ("scrapy CPU s", "{main:>12}"),
    ("CPU ms/art", "{m.cpu_ms_per_article:>10.1f}"),
    ("art/s", "{m.per_second:>6.1f}"),
    ("peak RSS MB", "{rss:>11}"),
    ("peak PSS MB", "{pss:>11}"),
    ("peak anon MB", "{anon:>12}"),
    ("largest MB", "{largest:>10}"),
    ("server CPU %", "{server:>12}"),
)


def row(m: Measure) -> str:
    rss = f"{m.peak_rss / 2**20:.0f}" if m.peak_rss else "-"
    pss = f"{m.peak_pss / 2**20:.0f}" if m.peak_pss else "-"
    largest = f"{m.peak_largest / 2**20:.0f}" if m.peak_largest else "-"
    anon = f"{m.peak_anon / 2**20:.0f}" if m.peak_anon else "-"
    measured_crawl = not m.run.startswith("ceiling")
    server = f"{100 * m.server_cpu / m.wall:.0f}" if measured_crawl else "-"
    main = f"{m.main_cpu:.1f}" if measured_crawl else "-"
    return "  ".join(
        template.format(m=m, rss=rss, pss=pss, anon=anon, largest=largest, server=server, main=main)
        for _, template in COLUMNS
    )


def report(results: list[Measure]) -> str:
    header = "  ".join(
        name.rjust(
            len(
                template.format(
                    m=results[0], rss="", pss="", anon="", largest="", server="", main=""
                )
            )
        )
        for name, template in COLUMNS
    )
    lines = [header, *(row(m) for m in results), ""]
    lines += [by_process(m) for m in results if m.peak_by_role]
    by_size: dict[int, dict[str, Measure]] = {}
    for m in results:
        by_size.setdefault(m.size, {})[m.run] = m
    for size, runs in by_size.items():
        if "plain" not in runs:  # --crawl-only
            continue
        before, after, crawl, floor = (
            runs[run] for run in ("ceiling", "ceiling2", "crawl", "floor")
        )
        lines += plain_comparison(size, crawl, runs["plain"], runs["plain2"])
        ceiling_per_second = (before.per_second + after.per_second) / 2
        lines.append(
            f"{size} posts: crawl/ceiling articles/s = {crawl.per_second / ceiling_per_second:.2f}"
            f" (ceiling {before.per_second:.1f} before the crawl, {after.per_second:.1f} after:"
            " their mean)"
        )
        extraction = (before.cpu_ms_per_article + after.cpu_ms_per_article) / 2
        lines.append("  " + cpu_breakdown(extraction, crawl, floor))
    return "\n".join(lines)


def by_process(m: Measure) -> str:
    """Whose peak it is: the command's process, its helpers and its largest worker."""
    peaks = ", ".join(
        f"{role} {m.peak_by_role[role] / 2**20:.0f}"
        for role in ("main", "helper", "worker")
        if role in m.peak_by_role
    )
    return f"{m.size} posts, {m.run}: peak RSS MB by process: {peaks} ({m.processes} processes)"


def plain_comparison(size: int, crawl: Measure, plain: Measure, plain2: Measure) -> list[str]:
    """The crawl against the simple alternative (the mean of the two plain runs around it)."""
    per_second = (plain.per_second + plain2.per_second) / 2
    cpu_ms = (plain.cpu_ms_per_article + plain2.cpu_ms_per_article) / 2
    speedup = crawl.per_second / per_second if per_second else float("nan")
    met = {True: "met", False: "NOT met"}
    return [
        f"{size} posts: crawl/plain spider articles/s = {speedup:.2f}"
        f" (plain {plain.per_second:.1f} before the crawl, {plain2.per_second:.1f} after: their"
        f" mean; target >= {TARGET_SPEEDUP}: {met[speedup >= TARGET_SPEEDUP]})",
        f"  CPU-ms per article: crawl {crawl.cpu_ms_per_article:.1f}, plain spider {cpu_ms:.1f}"
        f" (crawl target <= {TARGET_CPU_MS:.0f}: {met[crawl.cpu_ms_per_article <= TARGET_CPU_MS]})",
    ]


def cpu_breakdown(extraction: float, crawl: Measure, floor: Measure) -> str:
    """Where the crawl's CPU per article goes: ``extraction`` CPU-ms as in the ceiling, stock
    Scrapy's own cost for as many requests (the floor's CPU per page), and the rest: the spider,
    pipelines, worker hand-over, compression and the SQLite writer."""
    if not (floor.requests and crawl.articles):
        return "no article archived: no CPU breakdown"
    scrapy_share = 1000 * floor.cpu / floor.requests * crawl.requests / crawl.articles
    rest = crawl.cpu_ms_per_article - extraction - scrapy_share
    return (
        f"crawl CPU-ms per article {crawl.cpu_ms_per_article:.1f} = extraction {extraction:.1f}"
        f" + stock Scrapy {scrapy_share:.1f} ({1000 * floor.cpu / floor.requests:.2f} per request,"
        f" floor run) + the archiver's own {rest:.1f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1500, help="posts on the static site")
    parser.add_argument("--sizes", help="comma-separated post counts, e.g. 1000,5000,20000")
    parser.add_argument(
        "--page-kb", type=int, default=100, help="post page weight in KB (0: the light theme)"
    )
    parser.add_argument("--recrawl", action="store_true", help="also re-crawl with no change")
    parser.add_argument(
        "--crawl-only",
        action="store_true",
        help="only the crawl (no ceiling, plain spider or floor): memory over large sizes",
    )
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="ceiling and plain spider pools"
    )
    parser.add_argument(
        "-s",
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra Scrapy setting for the crawl (repeatable), to measure a knob",
    )
    parser.add_argument("--keep", help="work in this directory and keep it (default: temporary)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [args.posts]
    settings = dict(item.split("=", 1) for item in args.set)

    become_subreaper()
    cgroups = cgroup2_base()
    remove_stale_cgroups(cgroups)
    accounting = f"cgroup v2 under {cgroups}" if cgroups else "RUSAGE_CHILDREN of a subreaper"
    print(
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}, pages ~{args.page_kb} KB,"
        f" CPU of each process tree: {accounting}",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as scratch:
        work = Path(args.keep or scratch)
        work.mkdir(parents=True, exist_ok=True)
        results = []
        for size in sizes:
            results += bench_size(
                size,
                args.page_kb,
                args.workers,
                args.recrawl,
                work,
                settings,
                cgroups,
                args.crawl_only,
            )
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
