# The two commands of the README:
#   make serve   set everything up and serve the site on http://127.0.0.1:8000/
#   make test    set everything up and run every test
# Everything is installed from the project's own files: the lock files pin every
# Python package, and scripts/install-chromium installs Debian's Chromium for the
# browser tests.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test lint validate bench clean vendor vendor-check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements-dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

serve: $(VENV)/.installed
	$(BIN)/mkdocs serve --strict

build: $(VENV)/.installed
	$(BIN)/casebook validate
	$(BIN)/mkdocs build --strict

validate: $(VENV)/.installed
	$(BIN)/casebook validate

lint: $(VENV)/.installed
	$(BIN)/ruff check plugins tests benchmarks
	$(BIN)/mypy
	bash scripts/check-js

test: $(VENV)/.installed
	bash scripts/install-chromium
	$(BIN)/ruff check plugins tests benchmarks
	$(BIN)/mypy
	bash scripts/check-js
	$(BIN)/casebook validate
	$(BIN)/python -m pytest

# The browser code the site serves from other projects (the Add your school page's JSON Schema
# validator and YAML reader) is copied from the packages package-lock.json pins, with npm ci:
#   make vendor         install from the lock and copy into plugins/casebook/assets/vendor/
#   make vendor-check   fail if the copies there differ from the locked packages
# The copies are committed, so building the site needs no npm; tests/test_form.py checks offline
# that they match the lock's versions and hashes.
vendor:
	$(PYTHON) scripts/vendor-js

vendor-check:
	$(PYTHON) scripts/vendor-js --check

bench: $(VENV)/.installed
	bash scripts/install-chromium
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) site .pytest_cache
