# newslens: `make help` lists the targets. `make report` and `make test` set
# up the environment themselves on a fresh machine (python3 and make only).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DATA   ?= data
OUT    ?= reports
CORPORA ?= ../shared/corpora

.DEFAULT_GOAL := help
.PHONY: help setup browser report test test-fast lint docs lab bench clean
# apt-get needs root; elsewhere sudo asks
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP) ## create .venv and install newslens with its dev tools

report: $(STAMP) ## execute every notebook and write HTML to reports/
	$(BIN)/newslens report --data $(DATA) --out $(OUT)

browser: ## install Debian's Chromium for the browser tests, when it is missing
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

test: $(STAMP) browser ## run the test suite (executes the notebooks and opens the report in Chromium)
	$(BIN)/python -m pytest

test-fast: $(STAMP) ## the tests but the slow ones (notebooks, report, Chromium, processes), on 2 cores: under a minute
	$(BIN)/python -m pytest -m "not slow" -q -n 2

docs: $(STAMP) ## write docs/tables.md from the tables declared in src/newslens/schema.py
	$(BIN)/python -c "from newslens import schema; print(schema.markdown(), end='')" > docs/tables.md.tmp
	mv docs/tables.md.tmp docs/tables.md

lint: $(STAMP) ## check style with ruff
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

lab: $(STAMP) ## start JupyterLab on the notebooks (as root too, in a container)
	$(BIN)/jupyter lab $(if $(SUDO),,--allow-root) notebooks/

bench: $(STAMP) ## throughput and memory on BBC, Reuters and 100,000 articles (CORPORA=dir, default ../shared/corpora)
	$(BIN)/python benchmarks/bench.py $(CORPORA)
	$(BIN)/python benchmarks/duplicates_dev.py $(CORPORA)

clean: ## remove the environment, caches and generated reports
	rm -rf $(VENV) $(DATA)/processed $(OUT) .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
