# archiver: the two commands of the README, and a few for developers.
# `make demo` and `make test` do all set-up on a fresh machine (virtualenv in .venv).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint format bench bench-search bench-incremental clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	# Old pips skip trafilatura's lxml_html_clean requirement: upgrade pip first.
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(PY) scripts/demo.py

test: $(STAMP)
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
	rm -rf $(VENV) archive.db archive.db-wal archive.db-shm archive.db.lock .pytest_cache
