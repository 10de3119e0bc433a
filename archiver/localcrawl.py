"""Run a real ``scrapy crawl`` subprocess against a copy of a site on this machine.

``make demo``, the crawl tests and the benchmarks all crawl the bundled sample site the same way: a
real ``scrapy crawl megalopreneur -a base_url=http://127.0.0.1:PORT/`` in its own process (Twisted's
reactor cannot restart inside one process), with politeness delays off because the server is ours.
This module is that one way. No scrapy import: it only builds and runs the command.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Politeness protects other people's servers; a local copy is ours, so crawl it at full speed.
LOCAL_SITE_SETTINGS = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS": "32",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "32",
    "LOG_LEVEL": "INFO",
}


@dataclass
class CrawlResult:
    returncode: int
    stdout: str
    stderr: str  # Scrapy logs to stderr


def crawl_command(
    base_url: str,
    db_path: str | Path,
    *,
    spider: str = "megalopreneur",
    mode: str | None = None,
    settings: dict[str, str] | None = None,
) -> list[str]:
    """The ``scrapy crawl`` command line for a local copy of a site."""
    command = [sys.executable, "-m", "scrapy", "crawl", spider, "-a", f"base_url={base_url}"]
    if mode:
        command += ["-a", f"mode={mode}"]
    merged = {**LOCAL_SITE_SETTINGS, "ARCHIVER_DB": str(db_path), **(settings or {})}
    for name, value in merged.items():
        command += ["-s", f"{name}={value}"]
    return command


def run_crawl(
    base_url: str,
    db_path: str | Path,
    *,
    timeout: float = 600,
    **options: object,
) -> CrawlResult:
    """Run the crawl to completion from the project root and capture its output.

    On Ctrl-C the crawl (in the same process group, so it got the SIGINT too) is left to stop
    gracefully and record its run ``interrupted``; then the KeyboardInterrupt goes on.
    """
    with subprocess.Popen(
        crawl_command(base_url, db_path, **options),  # type: ignore[arg-type]
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "SCRAPY_SETTINGS_MODULE": "archiver.settings"},
    ) as crawl:
        try:
            stdout, stderr = crawl.communicate(timeout=timeout)
        except KeyboardInterrupt:
            crawl.communicate(timeout=timeout)  # a second Ctrl-C stops it at once
            raise
        except subprocess.TimeoutExpired:
            crawl.kill()
            crawl.communicate()
            raise
    return CrawlResult(crawl.returncode, stdout, stderr)
