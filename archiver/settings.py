"""Scrapy settings for archiver: polite by default, every archiver knob in one place.

Every setting here can be overridden per run (``scrapy crawl megalopreneur -s NAME=VALUE``); the
``ARCHIVER_*`` ones are documented in the README's settings table. Environment variables are read
only through :mod:`archiver.config`.
"""

import os

from archiver.config import db_path_from_env

BOT_NAME = "archiver"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
# `scrapy crawl` is replaced by ours: same options, plus the run lock and a failing exit code.
COMMANDS_MODULE = "archiver.commands"

# --- Politeness: identify ourselves, obey robots.txt, never hammer a newsroom's server -----------
USER_AGENT = "archiver/0.1 (news archive crawler; +https://github.com/archiver-project/archiver)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# A scheduled archive job needs no listening control port on the machine.
REMOTE_CONTROL_ENABLED = False

# --- Discovery -----------------------------------------------------------------------------------
# One request per canonical URL per run: `?utm_source=`, `#comments`, a missing slash or `%2D`
# spell the same article.
REQUEST_FINGERPRINTER_CLASS = "archiver.dupefilter.CanonicalRequestFingerprinter"
DUPEFILTER_CLASS = "archiver.dupefilter.CanonicalDupeFilter"

# --- Pipelines: extract off the reactor thread, then write in batches ------------------------------
# Responses held while their items are processed before Scrapy stops downloading (default 5 MB):
# the extraction pool takes 8 pages at a time, so a 5 MB backlog (~150 article pages, each held
# twice: bytes and decoded text) was memory without speed.
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 1_000_000
ITEM_PIPELINES = {
    "archiver.pipelines.ExtractionPipeline": 100,
    "archiver.pipelines.ArchivePipeline": 800,
}

# --- Archiver --------------------------------------------------------------------------------------
ARCHIVER_DB = db_path_from_env()
# "fresh": home page, feeds, sitemaps and what they show to be new or changed (the scheduled job).
# "backfill": the home listing to its end, and every other listing while it brings articles the
# run has not found yet. Every run is a backfill until one backfill run has completed (a new
# archive, or one whose first backfill was killed).
ARCHIVER_MODE = "fresh"
# The site profile (archiver.profiles): "wordpress", "generic" or "auto" (chosen from the home
# page). Empty: the spider's own (wordpress and megalopreneur: wordpress; news: auto).
ARCHIVER_PROFILE = ""
# A listing walk stops after this many consecutive pages with no new article: the home listing in
# fresh mode, category/tag/author/date listings in both modes (new: not archived, not yet found).
ARCHIVER_LISTING_STOP_AFTER = 2
# Hard ceiling on pages per listing series (one category, tag, author, date or the home page).
ARCHIVER_MAX_LISTING_PAGES = 2000
# Request budgets per kind of page in one run (0 = no limit); "other" covers same-site pages that
# are neither listings nor articles by URL shape, fetched only in backfill mode.
ARCHIVER_REQUEST_BUDGETS = {"listing": 0, "article": 0, "feed": 20, "sitemap": 200, "other": 200}
# Articles written per SQLite transaction.
ARCHIVER_BATCH_SIZE = 200
# Extraction worker processes (0 = extract inline on the reactor thread, for tiny crawls/debugging).
ARCHIVER_EXTRACT_WORKERS = os.cpu_count() or 1
# Pages larger than this (decoded characters) are not handed to the extractor.
ARCHIVER_EXTRACT_MAX_CHARS = 5_000_000
# CPU seconds one page may take to extract before it is abandoned and counted as failed.
ARCHIVER_EXTRACT_TIMEOUT = 20.0
# An extraction worker is replaced by a fresh process after this many pages (0 = never), so what
# trafilatura and lxml keep between pages cannot grow over a long backfill.
ARCHIVER_EXTRACT_PAGES_PER_WORKER = 2000
# A run fails (non-zero exit) when more than this share of fetched article pages failed.
ARCHIVER_MAX_FAILURE_RATIO = 0.5

# --- Scrapy defaults we keep explicit ----------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
# False: the short log of a scheduled run (Scrapy's warnings and errors, the archiver's own lines,
# the run summary last). True: Scrapy's whole log too (start-up, settings, progress, stats dump).
ARCHIVER_FULL_LOG = False

# --- Safety: hostile servers and bad input (issue 7) ---
# Stay on the site: the boundary check runs first, so it sees every request (links, retries,
# dont_filter ones, robots.txt, and what the redirect middlewares re-schedule); the redirect guard
# sees each 3xx just before RedirectMiddleware (600) would follow it. PolitenessMiddleware replaces
# RetryMiddleware: same retries, plus Retry-After back-off per host and Crawl-delay.
# RobotsPolicyMiddleware is Scrapy's robots.txt middleware with refusals the run can tell apart.
DOWNLOADER_MIDDLEWARES = {
    **globals().get("DOWNLOADER_MIDDLEWARES", {}),
    "archiver.middlewares.SiteBoundaryMiddleware": 40,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "archiver.middlewares.RobotsPolicyMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "archiver.middlewares.PolitenessMiddleware": 550,
    "archiver.middlewares.RedirectGuardMiddleware": 610,
    # Scrapy's redirects, without the Referer bookkeeping RefererMiddleware (off, below) did.
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "archiver.middlewares.NoRefererMetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "archiver.middlewares.NoRefererRedirectMiddleware": 600,
}
# Components an archive crawl has no use for, off because each one is work on every request or
# every callback output: Offsite (SiteBoundaryMiddleware is stricter), HTTP auth (no site logins),
# Referer (no site needs it to serve a public article), depth tracking (no depth limit: listings
# end by their own rules) and the meta-copy debugging check.
DOWNLOADER_MIDDLEWARES.update(
    {
        "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
        "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,
    }
)
SPIDER_MIDDLEWARES = {
    "scrapy.spidermiddlewares.referer.RefererMiddleware": None,
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
}
# Only http(s) is ever fetched: no handler for file://, ftp://, s3:// or data: at all.
DOWNLOAD_HANDLERS = {
    **globals().get("DOWNLOAD_HANDLERS", {}),
    "file": None,
    "ftp": None,
    "s3": None,
    "data": None,
}
REDIRECT_MAX_TIMES = 10
METAREFRESH_MAXDELAY = 10  # a slower refresh is a page to read, not a redirect
# Tries for 429/503 (each after the server's Retry-After, or ARCHIVER_BACKOFF_BASE * 2^try s).
ARCHIVER_RATE_LIMIT_RETRIES = 5
ARCHIVER_BACKOFF_BASE = 2.0
# A server asking to wait longer than this is not retried this run (the next run will be).
ARCHIVER_RETRY_AFTER_MAX = 300.0
RETRY_TIMES = 2  # other retryable failures (500, 502, 504, timeouts): as Scrapy
# Bounded resources: news pages are < 1 MB; the cap also applies while un-gzipping a body.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
# Covers connect to last byte: a server trickling a body forever is cut here.
DOWNLOAD_TIMEOUT = 60
DNS_TIMEOUT = 20
# The site's address is resolved once per run and kept (see archiver/netguard.py).
DNSCACHE_ENABLED = True
