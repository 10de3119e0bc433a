"""``scrapy crawl`` for scheduled archive runs: one writer at a time, an honest exit code.

Cron and systemd learn how a run went from its exit code, so this command returns:

* 0 when the run finished and wrote its ledger row with status ``ok``;
* 1 when the run failed (see ``ArchivePipeline``: the site could not be read, too many pages failed,
  or the crawl stopped early);
* 75 (``EX_TEMPFAIL``) at once, before any request, when another crawl is writing to the same archive.
"""

from __future__ import annotations

import argparse
import gc
import sys

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from storage import ArchiveLocked, run_lock

EXIT_LOCKED = 75

# A crawl allocates and drops requests, responses, deferreds and parse results by the million;
# at CPython's default young-generation threshold (700) the cyclic GC ran ~800 times on a
# 2,000-post crawl, 1.9 s of pauses in all (timed with gc.callbacks, on a busy machine); at
# 10,000 it ran ~50 times, 0.09 s, with the same peak memory (reference counting frees nearly
# everything anyway).
GC_YOUNG_THRESHOLD = 10_000


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name, e.g. scrapy crawl megalopreneur")
        assert self.crawler_process is not None
        db_path = self.crawler_process.settings.get("ARCHIVER_DB")
        try:
            # Held for the whole run; the OS releases it if the process dies, even by SIGKILL.
            with run_lock(db_path):
                gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
                crawler = self._create_crawler(args[0])
                self.crawler_process.crawl(crawler, **opts.spargs)
                self.crawler_process.start()
        except ArchiveLocked as exc:
            print(f"archiver: {exc}", file=sys.stderr)
            self.exitcode = EXIT_LOCKED
            return
        status = crawler.stats.get_value("archiver/run_status")
        if self.crawler_process.bootstrap_failed or status != "ok":
            self.exitcode = 1
