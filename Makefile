# archiver: the two commands of the README, and a few for developers.
# `make demo` and `make test` do all set-up on a fresh machine (virtualenv in .venv).

SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# The browser test drives Debian's chromium through chromium-driver; apt-get needs root.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: demo serve test browser lint format bench bench-search bench-incremental clean

$(STAMP): pyproject.toml
	@echo "Installing archiver and its dependencies into $(VENV) (first time: 1-2 minutes)"
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	# Old pips skip trafilatura's lxml_html_clean requirement: upgrade pip first.
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --progress-bar off -e '.[dev]' | { grep -v '^Requirement already satisfied' || true; }
	touch $(STAMP)

venv: $(STAMP)

# make demo SITE=jekyll: the second sample site (a Jekyll blog, into archive-jekyll.db).
SITE ?= wordpress

demo: $(STAMP)
	$(PY) scripts/demo.py --site $(SITE)

serve: $(STAMP)
	$(VENV)/bin/archiver serve --db archive.db

browser:
	@test -x /usr/bin/chromium -a -x /usr/bin/chromedriver || { \
		echo "Installing chromium and chromium-driver (Debian) for the browser test"; \
		$(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver; }

test: $(STAMP) browser
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: $(STAMP)
	$(PY) scripts/bench_crawl.py

bench-incremental: $(STAMP)
	$(PY) scripts/bench_incremental.py

bench-search: $(STAMP)
	$(PY) scripts/bench_search.py

clean:
	rm -rf $(VENV) archive.db archive.db-wal archive.db-shm archive.db.lock archive-jekyll.db* .pytest_cache test-output
