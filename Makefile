# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
# Tests run in parallel on every core (pytest-xdist); JOBS=0 runs them in one process.
JOBS   ?= auto
# Absolute links (e-mails, feeds) point here; a deployment sets its public address.
export CONFSITE_BASE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test test-fast lint install install-test browser-deps office-deps bench bench-cluster clean translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml tests/example_plugin/pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	$(BIN)/pip install --quiet -e tests/example_plugin
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## Serve the demo on http://127.0.0.1:5000 (SQLite in instance/), with a job worker beside it.
run: install
	$(BIN)/confsite db upgrade
	$(BIN)/confsite demo --if-empty
	$(BIN)/confsite worker & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
	$(BIN)/confsite run --host $(HOST) --port $(PORT)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --silent

## Chromium for the browser tests and axe-core for their accessibility checks.
browser-deps: node_modules/.package-lock.json
	@command -v chromium >/dev/null 2>&1 || scripts/install-chromium

## LibreOffice (Debian's, no GUI) for the test that opens the reports' DOCX.
office-deps:
	@command -v soffice >/dev/null 2>&1 || scripts/install-libreoffice

## The whole suite (browser tests included); PostgreSQL too when
## CONFSITE_TEST_DATABASE_URL is set.
test: install-test browser-deps office-deps
	$(BIN)/pytest -n $(JOBS) $(PYTEST_ARGS)

## The edit loop: everything but the slow tests (browser, demo crawl, wheel build).
test-fast: install-test
	$(BIN)/pytest -n $(JOBS) -m "not slow" $(PYTEST_ARGS)

## ruff (lint and format check) over the whole tree, mypy over confsite/ and plugins/.
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## Extract the marked strings, update every language's catalogue and compile it
## (core and each plugin's domain; docs/translations.md).
translations: install
	$(BIN)/python -m confsite.catalogues

bench: install
	$(BIN)/pip install --quiet -e ".[bench]"
	$(BIN)/python -m benchmarks.run

## Two app hosts and a job worker behind HAProxy on one PostgreSQL and Redis; checks the
## registration rush, cache invalidation, losing a host and sessions across hosts
## (docs/operations.md, "Several app hosts"). Exit status 1 when a check fails.
bench-cluster: install
	$(BIN)/pip install --quiet -e ".[bench]"
	$(BIN)/python -m benchmarks.cluster $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules .pytest_cache
