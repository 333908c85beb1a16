# rcp-desktop — `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.DEFAULT_GOAL := help
.PHONY: help install run test bench screenshots translations package clean

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP) ## create the virtual environment and install the app with its test tools

run: $(STAMP) ## open the app on a fresh demo database (fictional data, removed on exit)
	$(BIN)/rcp-desktop --demo

test: $(STAMP) ## run the whole test suite (offscreen Qt)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: $(STAMP) ## speed measurements on a large synthetic database
	$(BIN)/python -m bench

screenshots: $(STAMP) ## regenerate the README screenshots from demo data
	$(BIN)/python docs/make_screenshots.py
	$(BIN)/python docs/make_document_screenshots.py
	$(BIN)/python docs/make_integrity_screenshots.py

translations: $(STAMP) ## extract the UI strings into resources/translations/*.ts, compile them to .qm
	mkdir -p resources/translations
	$(BIN)/pyside6-lupdate -silent -tr-function-alias QT_TRANSLATE_NOOP+=_N \
		$$(find rcp_desktop -name '*.py' | sort) -ts resources/translations/rcp_desktop_en.ts
	for ts in resources/translations/*.ts; do $(BIN)/pyside6-lrelease -silent $$ts; done

package: ## build, sign, verify and install-test the Linux packages, and the Windows signing chain (as root)
	packaging/package.sh

clean: ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .hypothesis build dist *.egg-info
