# Two commands: `make run` serves the page, `make test` runs every test (browser tests too).
# `make check` runs the linters, formatters' checks and mypy (CI runs it before the tests).
# Targets are idempotent: a stamp named after pyproject.toml's hash skips pip when nothing changed,
# one named after package-lock.json's hash skips npm.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM := /usr/bin/chromium
DEPS_HASH := $(shell sha256sum pyproject.toml | cut -c1-16)
RUN_STAMP := $(VENV)/.installed-run-$(DEPS_HASH)
TEST_STAMP := $(VENV)/.installed-test-$(DEPS_HASH)
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
# The JavaScript linter and formatter (Biome, from the npm registry): development only, the page
# has no build step. node_modules/ is git-ignored; package-lock.json pins it.
JS_HASH := $(shell sha256sum package-lock.json | cut -c1-16)
JS_STAMP := node_modules/.installed-$(JS_HASH)
BIOME := node_modules/.bin/biome

.PHONY: run test check lint format format-js chromium node venv clean

run: $(RUN_STAMP)
	$(BIN)/rnnscope serve --host $(HOST) --port $(PORT)

# Every core (pytest-xdist); worksteal keeps both busy to the end of a run of uneven tests.
test: $(TEST_STAMP) chromium
	$(BIN)/python -m pytest -n auto --dist worksteal

check: lint
	$(BIN)/mypy

lint: $(TEST_STAMP) $(JS_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIOME) check

format: $(TEST_STAMP) format-js
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

format-js: $(JS_STAMP)
	$(BIOME) format --write

node: $(JS_STAMP)

$(JS_STAMP): package-lock.json
	@command -v npm >/dev/null || { [ "$$(id -u)" = 0 ] && \
		DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm </dev/null; } || \
		{ echo "error: npm is missing: sudo apt-get install -y nodejs npm" >&2; exit 1; }
	npm ci --no-audit --no-fund </dev/null
	touch $@

venv: $(BIN)/python

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	rm -f $(VENV)/.installed-run-*
	$(PIP) -e .
	touch $@

# The test stamp implies the run stamp: the test extras are a superset.
$(TEST_STAMP): pyproject.toml | $(BIN)/python
	rm -f $(VENV)/.installed-*
	$(PIP) -e '.[test]'
	touch $@ $(RUN_STAMP)

# Browser tests drive Debian's Chromium; `playwright install` cannot download browsers here.
# The fonts make Korean labels and screenshots render as they do in the lecture hall.
# tests/deploy start Debian's nginx with deploy/nginx (as the test's user, on free ports; the
# package's own service is not needed: where services may start, `systemctl disable --now nginx`).
BROWSER_DEBS := chromium fonts-liberation fonts-noto-cjk nginx

chromium:
	@missing=""; for deb in $(BROWSER_DEBS); do \
		dpkg-query -W -f='$${Status}' $$deb 2>/dev/null | grep -q "ok installed" || missing="$$missing $$deb"; \
	done; \
	[ -x $(CHROMIUM) ] || case "$$missing" in *chromium*) ;; *) missing="$$missing chromium";; esac; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing Debian packages:$$missing"; \
			DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing </dev/null; \
		elif [ ! -x $(CHROMIUM) ]; then \
			echo "error: $(CHROMIUM) is missing and this is not root." >&2; \
			echo "       Install it with: sudo apt-get install -y$$missing" >&2; \
			exit 1; \
		else \
			echo "warning: missing$$missing (sudo apt-get install -y$$missing); continuing" >&2; \
		fi; \
	fi

clean:
	rm -rf $(VENV) node_modules artifacts .pytest_cache .ruff_cache .mypy_cache .hypothesis
