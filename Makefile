# 推进 Tuijin — set-up, run and test.
#
#   make run     install everything, load demo data (SQLite), serve on http://127.0.0.1:8000
#   make test    install everything (with Chromium) and run ruff + the whole test suite
#
# Everything a target needs is installed by the target itself: Debian packages (apt, as root),
# Python packages pinned in requirements.lock (into .venv), front-end packages pinned in
# package-lock.json (npm). Stamp files make a second run skip what is already installed.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
BENCH_ARGS ?=
JUNIT_XML ?= var/junit-sqlite.xml

# Tests drive Debian's /usr/bin/chromium; Playwright must never fetch a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export HOST PORT

# Debian packages. WeasyPrint (PDF bulletins) needs Pango/HarfBuzz and the CJK fonts; the
# browser tests need Chromium. Debian's python3 needs python3-venv for `python3 -m venv`.
RUN_SYSTEM_PACKAGES := fontconfig fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0
TEST_SYSTEM_PACKAGES := $(RUN_SYSTEM_PACKAGES) chromium
VENV_SYSTEM_PACKAGES := $(shell $(PYTHON) -c 'import ensurepip, venv' >/dev/null 2>&1 || echo python3-venv)

VENV_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
ECHARTS := src/tuijin/static/vendor/echarts/echarts.min.js
# collectstatic (hashing + gzip/brotli of ~1,000 files) takes a minute: redo it only when a static
# source, the vendored assets or the installed packages changed.
STATIC_SOURCES := $(shell find src/tuijin -path '*/static/*' -type f -not -path 'src/tuijin/static/vendor/*' 2>/dev/null)
COLLECTED := $(or $(TUIJIN_VAR_DIR),var)/static/.collected

.PHONY: help install install-test system system-test venv node static collectstatic run dev test bench lint fmt lock clean

help:
	@echo "make run     install everything, migrate, load demo data, serve on http://$(HOST):$(PORT)"
	@echo "make dev     the same with DEBUG on and Django's auto-reloading runserver"
	@echo "make test    install everything (with Chromium), ruff check, pytest (PYTEST_ARGS=... for extra args)"
	@echo "make bench   benchmark table (python -m tests.bench)"
	@echo "make lint    ruff check + ruff format --check"
	@echo "make fmt     ruff format + ruff check --fix"
	@echo "make lock    regenerate requirements.lock from pyproject.toml (PyPI)"
	@echo "make install system packages + .venv + node_modules + vendored static files"
	@echo "make clean   remove .venv, node_modules, copied assets, collected static, caches (keeps the database)"

# --------------------------------------------------------------------------- installation

install: system venv static

install-test: system-test venv static

system:
	@scripts/install-system-packages $(RUN_SYSTEM_PACKAGES) $(VENV_SYSTEM_PACKAGES)

system-test:
	@scripts/install-system-packages $(TEST_SYSTEM_PACKAGES) $(VENV_SYSTEM_PACKAGES)

venv: $(VENV_STAMP)

# Exact pins from requirements.lock, then the project itself (editable, no dependency resolution).
# `pip check` fails when pyproject.toml asks for something the lock lacks: run `make lock`.
$(VENV_STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; Tuijin needs Python >= 3.11." >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "error: Tuijin needs Python >= 3.11, but $(PYTHON) is $$($(PYTHON) --version 2>&1)." >&2; \
	  echo "       Install Python 3.11 or newer, or run make with PYTHON=/path/to/python3.11." >&2; exit 1; }
	@if ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then \
	  echo "== creating $(VENV) with $$($(PYTHON) --version)"; \
	  rm -rf $(VENV); $(PYTHON) -m venv $(VENV); fi
	@echo "== installing Python packages from requirements.lock into $(VENV)"
	$(BIN)/python -m pip install --disable-pip-version-check --progress-bar off -q -r requirements.lock
	$(BIN)/python -m pip install --disable-pip-version-check --progress-bar off -q --no-deps -e .
	@$(BIN)/python -m pip check --disable-pip-version-check || { \
	  echo "error: the installed packages do not satisfy pyproject.toml; run 'make lock' to refresh requirements.lock." >&2; exit 1; }
	@touch $@

node: $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "error: npm not found; Tuijin's set-up needs Node.js 20 and npm." >&2; exit 1; }
	@echo "== installing front-end packages from package-lock.json"
	npm ci --no-audit --no-fund --no-update-notifier
	@touch $@

# Front-end assets are copied from node_modules into the (gitignored) vendor folder, never committed.
static: $(ECHARTS)

$(ECHARTS): $(NODE_STAMP)
	@mkdir -p $(@D)
	cp node_modules/echarts/dist/echarts.min.js $@

# --------------------------------------------------------------------------- running

# The production set-up on the embedded SQLite database: DEBUG off, static files collected,
# gunicorn in the foreground and the task worker beside it (scripts/serve).
run: export TUIJIN_DEBUG := 0
run: install collectstatic
	$(BIN)/tuijin migrate --noinput
	$(BIN)/tuijin demo --if-empty
	exec scripts/serve

collectstatic: $(COLLECTED)

$(COLLECTED): $(VENV_STAMP) $(ECHARTS) $(STATIC_SOURCES)
	@echo "== collecting static files (DEBUG off: hashed names, gzip + brotli)"
	TUIJIN_DEBUG=0 $(BIN)/tuijin collectstatic --noinput -v 0
	@touch $@

dev: export TUIJIN_DEBUG := 1
dev: install
	$(BIN)/tuijin migrate --noinput
	$(BIN)/tuijin demo --if-empty
	exec scripts/serve --dev

# --------------------------------------------------------------------------- quality

# ruff, then pytest with a JUnit report that scripts/check-junit reads: it fails when no test
# ran, and (for the full suite, i.e. without PYTEST_ARGS) when the browser tests in tests/e2e
# were skipped or absent.
test: install-test
	@echo "== ruff check"
	$(BIN)/ruff check src tests
	@echo "== pytest ($${DATABASE_URL:-SQLite under var/})"
	@mkdir -p $(dir $(JUNIT_XML))
	@rm -f $(JUNIT_XML)
	@rc=0; $(BIN)/pytest --junitxml=$(JUNIT_XML) $(PYTEST_ARGS) || rc=$$?; \
	python3 scripts/check-junit $(if $(strip $(PYTEST_ARGS)),--no-browser-required) $(JUNIT_XML) || { [ $$rc -ne 0 ] || rc=1; }; \
	exit $$rc

bench: install
	@if [ -f tests/bench/__main__.py ]; then \
	  $(BIN)/python -m tests.bench $(BENCH_ARGS); \
	else \
	  echo "make bench: no benchmarks yet (tests/bench/__main__.py does not exist)." >&2; exit 1; fi

lint: venv
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

fmt: venv
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

# --------------------------------------------------------------------------- maintenance

# A fresh throw-away venv resolves pyproject.toml's dependencies plus the `test` extra from PyPI
# alone (--isolated: no local mirrors or pip configuration), and its freeze becomes the lock.
lock:
	@tmp=$$(mktemp -d /tmp/tuijin-lock.XXXXXX); trap 'rm -rf "$$tmp"' EXIT; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	$(PYTHON) -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
	print("\n".join(p["dependencies"] + p["optional-dependencies"]["test"]))' > "$$tmp/requirements.in"; \
	echo "== resolving:"; sed 's/^/   /' "$$tmp/requirements.in"; \
	"$$tmp/venv/bin/python" -m pip install --isolated --disable-pip-version-check --progress-bar off -q -r "$$tmp/requirements.in"; \
	{ echo "# Exact versions of every Python package Tuijin needs (runtime + the test extra)."; \
	  echo "# Generated by 'make lock' from pyproject.toml with $$("$$tmp/venv/bin/python" --version) on PyPI; do not edit by hand."; \
	  echo "# 'make install' installs these, then the project itself with --no-deps."; \
	  "$$tmp/venv/bin/python" -m pip freeze --isolated --exclude-editable | grep -vi '^tuijin\b'; } > requirements.lock.tmp; \
	mv requirements.lock.tmp requirements.lock; \
	echo "== wrote requirements.lock ($$(grep -c '==' requirements.lock) packages)"

clean:
	rm -rf $(VENV) node_modules src/tuijin/static/vendor var/static var/junit-*.xml \
	  .pytest_cache .ruff_cache .hypothesis build dist src/*.egg-info
	find src tests -name __pycache__ -type d -prune -exec rm -rf {} +
