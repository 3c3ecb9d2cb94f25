# Two commands for a new user: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
SOURCES := $(shell find ontology data queries -type f 2>/dev/null)

.PHONY: run test install build stats lint bench sample clean

run: build
	$(BIN)/graph-app serve --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-test node_modules/.package-lock.json
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# axe-core for the accessibility tests, and the front-end packages `make assets` copies into static/
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --silent

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Rebuild only when ontology/, data/ or queries/ changed since the live build.
build: var/current/manifest.json

var/current/manifest.json: $(VENV)/.installed $(SOURCES)
	$(BIN)/graph-app build

stats: build
	$(BIN)/graph-app stats --json

lint: $(VENV)/.installed-test
	$(BIN)/ruff check graph_app tests bench

bench: $(VENV)/.installed-test
	$(BIN)/python bench/bench_build_and_page.py

sample: $(VENV)/.installed
	$(BIN)/graph-app generate --scale 1 --out data/sample/local-offer.ttl

clean:
	rm -rf var
