# The two commands of the README:
#   make serve   set everything up and serve the site on http://127.0.0.1:8000/
#   make test    set everything up and run every test (against MkDocs, then ProperDocs and Zensical)
# Everything is installed from the project's own files: the lock files pin every
# Python package, and scripts/install-chromium installs Debian's Chromium for the
# browser tests.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build build-properdocs build-zensical test test-mkdocs test-properdocs test-zensical lint validate \
	bench clean vendor vendor-check

# The engines (README, "Engines"): MkDocs and ProperDocs build through the plugin; Zensical builds
# the project `casebook generate` writes into $(ZENSICAL_PROJECT) (it builds only inside a project).
ZENSICAL_PROJECT := build/zensical
# What `make test` runs against each engine besides MkDocs (which runs everything): ProperDocs
# builds byte for byte what MkDocs builds, so its build and quality tests; Zensical, the most
# different engine, every test that uses the built site, the browser tests included.
PROPERDOCS_TESTS := tests/test_build.py tests/test_quality.py

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements-dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

serve: $(VENV)/.installed
	bash scripts/serve --strict

build: $(VENV)/.installed
	$(BIN)/casebook validate
	$(BIN)/mkdocs build --strict

build-properdocs: $(VENV)/.installed
	$(BIN)/casebook validate
	$(BIN)/properdocs build --strict -f mkdocs.yml

build-zensical: $(VENV)/.installed
	$(BIN)/casebook validate
	$(BIN)/casebook generate --out $(ZENSICAL_PROJECT)
	cd $(ZENSICAL_PROJECT) && $(abspath $(BIN))/zensical build --strict && $(abspath $(BIN))/casebook postbuild site
	@echo "built into $(ZENSICAL_PROJECT)/site/"

validate: $(VENV)/.installed
	$(BIN)/casebook validate

lint: $(VENV)/.installed
	$(BIN)/ruff check plugins tests benchmarks
	$(BIN)/mypy
	$(BIN)/python scripts/check-imports
	bash scripts/check-js

# Every test against MkDocs, then the engine tests against ProperDocs and Zensical.
test: test-mkdocs test-properdocs test-zensical

test-mkdocs: $(VENV)/.installed
	bash scripts/install-chromium
	$(BIN)/ruff check plugins tests benchmarks
	$(BIN)/mypy
	$(BIN)/python scripts/check-imports
	bash scripts/check-js
	$(BIN)/casebook validate
	$(BIN)/python -m pytest

test-properdocs: $(VENV)/.installed
	bash scripts/install-chromium
	CASEBOOK_ENGINE=properdocs $(BIN)/python -m pytest -m engine $(PROPERDOCS_TESTS)

test-zensical: $(VENV)/.installed
	bash scripts/install-chromium
	CASEBOOK_ENGINE=zensical $(BIN)/python -m pytest -m engine

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
	rm -rf $(VENV) site build .pytest_cache
