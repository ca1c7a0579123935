# The commands of the README:
#   make serve   set everything up and serve the site on http://127.0.0.1:8000/
#   make check   the quick check a contributor runs: validate, a strict build, every test that needs
#                no browser and is not `slow` (target: under 90 s on two cores)
#   make test    set everything up and run every test (against MkDocs, then Zensical)
# Everything is installed from the project's own files: the lock files pin every
# Python package, and scripts/install-chromium installs Debian's Chromium for the
# browser tests.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build build-properdocs build-zensical check test test-mkdocs test-properdocs test-zensical lint \
	validate bench time-suite clean vendor vendor-check

# The engines (README, "Engines"): MkDocs and ProperDocs build through the plugin; Zensical builds
# the project `casebook generate` writes into $(ZENSICAL_PROJECT) (it builds only inside a project).
ZENSICAL_PROJECT := build/zensical

# Tests run on every processor core (pytest-xdist). `loadgroup` keeps the tests of a module that
# builds something once for all its tests (a module-scoped fixture) on one worker, so that it is
# built once; every other test goes to whichever worker is free. The real site each engine builds
# is built once per run and shared by the workers (tests/conftest.py). PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= auto
PYTEST := $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup

# Which tests run on which engine (markers set in tests/conftest.py):
# - MkDocs runs every test. tests/test_engines.py, part of it, builds the site with all three
#   engines and checks that they write the same pages with the same text on every school page,
#   that ProperDocs' pages are MkDocs' byte for byte but for the generator tag, and that filters,
#   a self-check and offline use work on each.
# - Zensical runs the `other_engines` tests: every engine test that reads the built files (Zensical
#   turns the generated Markdown into HTML itself), and the browser tests of what its theme decides
#   (axe, instant navigation, offline use, JavaScript off, a phone's screen, printing). The other
#   browser tests drive the project's own scripts on pages test_engines.py shows to be the same.
# - ProperDocs runs nothing more in `make test`: its pages are MkDocs' byte for byte, so a test on
#   them proves nothing new. `make test-properdocs` runs its engine tests when wanted.

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

# The quick check for a contributor: the content, a strict build, and every test that needs no
# browser and is not `slow` (tests/conftest.py, SLOW_MODULES: not the other engines' builds, the
# benchmarks, the type checker, nor the hostile-input, file-safety, fast-path and journey modules,
# which build or run a command for each case). Target: under 90 s on two cores.
check: $(VENV)/.installed
	$(BIN)/casebook validate
	$(BIN)/mkdocs build --strict --quiet
	$(PYTEST) -q -m "not browser and not slow"

# Every test against MkDocs, then the `other_engines` tests against Zensical.
test: test-mkdocs test-zensical

test-mkdocs: $(VENV)/.installed
	bash scripts/install-chromium
	$(BIN)/ruff check plugins tests benchmarks
	$(BIN)/mypy
	$(BIN)/python scripts/check-imports
	bash scripts/check-js
	$(BIN)/casebook validate
	$(PYTEST)

test-properdocs: $(VENV)/.installed
	bash scripts/install-chromium
	CASEBOOK_ENGINE=properdocs $(PYTEST) -m engine

test-zensical: $(VENV)/.installed
	bash scripts/install-chromium
	CASEBOOK_ENGINE=zensical $(PYTEST) -m other_engines

# The browser code the site serves from other projects (the Add your school page's JSON Schema
# validator and YAML reader) is built from the packages package-lock.json pins, with npm ci, and
# minified by the esbuild the same lock pins:
#   make vendor         install from the lock, minify and copy into plugins/casebook/assets/vendor/
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

# Outside checks of the built site on every page type (benchmarks/audit.py): Lighthouse's four scores,
# LCP, CLS and TBT, and the Nu HTML Checker's errors grouped by message. Installs its tools into
# build/audit-tools/ on first use (npm; Java for the checker).
.PHONY: audit
audit: $(VENV)/.installed
	bash scripts/install-chromium
	$(BIN)/python -m benchmarks.audit

# How long `make check` (three runs) and `make test` (one) take here, each run and the median (wall
# and CPU time, children counted): run it on an otherwise idle machine; it writes
# benchmarks/results/suite.json. `python -m benchmarks.suite --help` for fewer runs or a fresh clone.
time-suite: $(VENV)/.installed
	$(BIN)/python -m benchmarks.suite

clean:
	rm -rf $(VENV) site build .pytest_cache
