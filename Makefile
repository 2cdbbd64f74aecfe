# Two commands: `make run` serves the page, `make test` runs every test (browser tests too).
# Targets are idempotent: a stamp named after pyproject.toml's hash skips pip when nothing changed.

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

.PHONY: run test lint format chromium venv clean

run: $(RUN_STAMP)
	$(BIN)/rnnscope serve --host $(HOST) --port $(PORT)

test: $(TEST_STAMP) chromium
	$(BIN)/python -m pytest

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(TEST_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

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
BROWSER_DEBS := chromium fonts-liberation fonts-noto-cjk

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
	rm -rf $(VENV) artifacts .pytest_cache .ruff_cache .hypothesis
