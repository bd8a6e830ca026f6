# The single entry point. `make site` and `make test` are all a new machine needs.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP) ## create .venv and install the pinned dependencies

validate: $(STAMP) ## check content/ without writing anything
	$(BIN)/python -m generator valider

kits: $(STAMP) ## regenerate kits/ from content/
	$(BIN)/python -m generator kits

# No --quiet: mkdocs then stops counting warnings and --strict lets broken links through.
site: kits ## install, generate the kits and build the site into site/
	$(BIN)/mkdocs build --strict
	@echo "Site construit dans site/ : ouvrez site/index.html ou lancez make serve."

serve: kits ## preview the site on http://127.0.0.1:8000
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

import: $(STAMP) ## refresh content/ records from a GIS export: make import SOURCE=dossier/
	@test -n "$(SOURCE)" || { echo "Indiquez le dossier de l’export : make import SOURCE=chemin/vers/csv"; exit 2; }
	$(BIN)/python -m generator importer $(SOURCE)

schema: $(STAMP) ## regenerate the editors' JSON Schemas in content/schema/
	$(BIN)/python -m generator schema

test: $(STAMP) ## run the test suite
	$(BIN)/python -m pytest

bench: $(STAMP) ## time validation, generation and the mkdocs build
	$(BIN)/python bench/bench_build.py

clean: ## remove generated files (kits/, site/) and the virtual environment
	rm -rf kits site .kits.new .kits.old .cache $(VENV) .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

.PHONY: help install validate kits site serve import schema test bench clean
