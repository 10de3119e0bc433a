#!/usr/bin/env bash
# Scheduled archive run for cron: one incremental crawl, its summary line, an honest exit code.
#
#   # crontab -e: every hour at minute 17
#   17 * * * *  /path/to/archiver/scripts/cron-crawl.sh megalopreneur >> /var/log/archiver.log 2>&1
#
# Environment: ARCHIVER_DB (default: archive.db in the project folder), ARCHIVER_LOG_LEVEL (INFO).
# Further arguments go to `scrapy crawl`, e.g. `-s ARCHIVER_FULL_LOG=True` for Scrapy's whole log.
# The log is short: warnings, errors, and the run's summary line last (at WARNING when it failed).
# Exit codes: 0 run ok, 1 run failed or interrupted (cron mails the output), 2 bad arguments,
# 75 another run still holds the archive (this one did nothing; the next hour tries again).
set -uo pipefail
spider="${1:-megalopreneur}"
shift || true
project="$(cd "$(dirname "$0")/.." && pwd)"
cd "$project" || exit 1
export ARCHIVER_DB="${ARCHIVER_DB:-$project/archive.db}"
"$project/.venv/bin/scrapy" crawl "$spider" -s LOG_LEVEL="${ARCHIVER_LOG_LEVEL:-INFO}" "$@"
status=$?
case $status in
  0 | 1 | 2 | 75) ;; # the crawl's last line said why: its summary, the refusal, the lock holder
  *) echo "archiver: run of $spider FAILED with exit code $status (see the log above)" >&2 ;;
esac
exit $status
