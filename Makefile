# Both public targets build .venv/ from pyproject.toml when it is missing or older than pyproject.toml,
# so a fresh clone needs nothing but Python 3.11 and these two commands.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1
export PREFECT_HOME := $(CURDIR)/.prefect

.PHONY: demo test lint format bench clean browser

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --upgrade pip
	$(BIN)/python -m pip install -qq -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/praise demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

# The browser tests drive Debian's Chromium (Playwright's own browser download cannot work offline).
browser:
	@{ command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "color emoji"; } || { \
	  echo "installing Debian's chromium and an emoji font for the browser tests"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-color-emoji >/dev/null; } \
	  || echo "could not install chromium (not root?): browser tests will be skipped"; }

# axe-core (the accessibility checker the browser tests inject) comes from npm, pinned in package-lock.json.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 && npm ci --no-audit --no-fund --silent \
	  || echo "npm is missing or offline: the accessibility checks will be skipped"

test: lint browser node_modules/axe-core/axe.min.js
	$(BIN)/pytest

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python -m bench.storage_insert
	$(BIN)/python -m bench.import_memory
	$(BIN)/python -m bench.digest_scaling

clean:
	rm -rf $(VENV) .prefect .mypy_cache .pytest_cache .ruff_cache
