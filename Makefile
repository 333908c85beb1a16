# rcp-desktop — `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# The shipped versions (derived from the hashed build lock): what is tested is what ships.
CONSTRAINTS := packaging/constraints.txt
# pytest-xdist workers; `make test WORKERS=0` runs in one process.
WORKERS ?= 2
# Bytecode caches on even where the environment turns them off (PYTHONDONTWRITEBYTECODE): the
# suite starts many Python processes, and without them each recompiles the app's modules and
# pytest rewrites every test module again (a fifth of the suite's time).
PYTEST  := env -u PYTHONDONTWRITEBYTECODE QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n $(WORKERS)
# What the duplicate-code check reads (ruff reads the tree; mypy's files are in pyproject.toml).
SOURCES := rcp_desktop tests bench docs packaging/*.py packaging/*/*.py

.DEFAULT_GOAL := help
.PHONY: help install run test test-fast check format constraints bench screenshots translations package clean

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml $(CONSTRAINTS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e '.[test,dev]'
	touch $(STAMP)

install: $(STAMP) ## create the virtual environment: the app at the shipped versions, test and check tools

run: $(STAMP) ## open the app on a fresh demo database (fictional data, removed on exit)
	$(BIN)/rcp-desktop --demo

test: $(STAMP) ## run the whole test suite (offscreen Qt, 2 workers)
	$(PYTEST)

test-fast: $(STAMP) ## the quick loop: unit and integration tests, without the ui and slow ones
	$(PYTEST) -m "not ui and not slow"

check: $(STAMP) ## quality gates: ruff lint and format check, mypy, duplicate code (pylint)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pylint $(SOURCES)

format: $(STAMP) ## apply ruff's formatting and safe fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

constraints: ## regenerate packaging/constraints.txt from the build lock (packaging/requirements-build.txt)
	$(PYTHON) packaging/make_constraints.py

bench: $(STAMP) ## speed measurements on a large synthetic database
	$(BIN)/python -m bench

screenshots: $(STAMP) ## regenerate the README screenshots from demo data
	$(BIN)/python docs/make_screenshots.py
	$(BIN)/python docs/make_document_screenshots.py
	$(BIN)/python docs/make_integrity_screenshots.py
	$(BIN)/python docs/make_patient_docs_screenshots.py
	$(BIN)/python docs/make_request_screenshots.py
	$(BIN)/python docs/make_year_screenshots.py

translations: $(STAMP) ## extract the UI strings into resources/translations/*.ts, compile them to .qm
	mkdir -p resources/translations
	$(BIN)/pyside6-lupdate -silent -tr-function-alias QT_TRANSLATE_NOOP+=_N \
		$$(find rcp_desktop -name '*.py' | sort) -ts resources/translations/rcp_desktop_en.ts
	for ts in resources/translations/*.ts; do $(BIN)/pyside6-lrelease -silent $$ts; done

package: ## build, sign, verify and install-test the Linux packages, and the Windows signing chain (as root)
	packaging/package.sh

clean: ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .hypothesis .mypy_cache .ruff_cache build dist *.egg-info
