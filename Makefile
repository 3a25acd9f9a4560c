# ekinerja — developer entry points. Both `make run` and `make test` are idempotent:
# the virtual environment is rebuilt only when pyproject.toml changes.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8050
PYTEST_ARGS ?=

.PHONY: install run test lint browser screenshots bench load catalogs wheel clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

## make run: a demo database from the bundled NTB plan, then the web app at http://127.0.0.1:8050
run: $(STAMP)
	$(BIN)/ekinerja demo
	$(BIN)/ekinerja serve --host $(HOST) --port $(PORT)

## headless Chromium and its driver for the browser tests (Debian packages)
browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  echo "installing chromium and chromium-driver"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .

## make test: everything — lint, unit, database (SQLite + PostgreSQL) and browser tests
test: $(STAMP) browser lint
	$(BIN)/pytest $(PYTEST_ARGS)

screenshots: $(STAMP) browser
	$(BIN)/python -m ekinerja.screenshots docs/screenshots

bench: $(STAMP)
	$(BIN)/ekinerja bench

## make load: 50 signed-in sessions x 60 s against `ekinerja serve` (4 gunicorn workers) on the
## province plan in PostgreSQL, after 20 s of the same load not counted (every worker has loaded
## the plan); prints throughput, p50/p95 and errors (docs/operations.md)
LOAD_ARGS ?=
load: $(STAMP)
	$(BIN)/python -m ekinerja.load --sessions 50 --seconds 60 --workers 4 --warmup 20 $(LOAD_ARGS)

## make catalogs: the interface's messages from the source folders into the .po files, compiled
catalogs: $(STAMP)
	$(BIN)/python -m ekinerja.i18n update

wheel: $(STAMP)
	rm -rf dist && $(BIN)/python -m build --wheel --outdir dist . >/dev/null

clean:
	rm -rf $(VENV) build dist *.egg-info
