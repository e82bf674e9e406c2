# ge-engine: two commands on a fresh machine with python3 (>= 3.11) and make:
#   make demo   set up (from PyPI alone) and run the demo month end to end
#   make test   set up if needed and run the whole suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    ?= out/demo

.DEFAULT_GOAL := help
.PHONY: help install demo test test-fast check lint typecheck bench bench-bound bench-curtois serve clean workbooks

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "ge-engine needs Python >= 3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## create .venv and install the project with its dev tools

demo: $(STAMP) ## validate, solve and bill the demo month (outputs in out/demo)
	$(BIN)/ge demo --out $(OUT)

test: $(STAMP) ## run the whole test suite
	$(BIN)/python -m pytest -n 2 -q

test-fast: $(STAMP) ## the suite without slow tests
	$(BIN)/python -m pytest -n 2 -q -m "not slow"

check: lint typecheck ## ruff and mypy

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy engine ge api persistence jobs

bench: $(STAMP) ## the benchmarks of docs/benchmarks.md (long: solver, billing, feeds)
	$(BIN)/ge bench solve --sizes 50x20 200x60 500x150 --workers 2 --seed 1 --replan
	$(BIN)/ge bench billing --employees 1000 --members 200 --months 12
	$(BIN)/ge bench feeds --employees 200 --members 60 --seed 1 --duration 20

bench-bound: $(STAMP) ## the best bound of whole employee months on 50 x 20 (about 10 minutes)
	$(BIN)/ge bench bound --sizes 50x20 --seconds 900 --plan-seconds 120 --search-seconds 30 --workers 2 --seed 1

bench-curtois: $(STAMP) ## the Curtois & Qu table (about two hours on 2 cores)
	$(BIN)/ge bench curtois ../shared/benchmarks/curtois/Instance*.txt --time-limit 300 --workers 2 --seed 1 --out out/curtois

serve: $(STAMP) ## start the API on the embedded default (SQLite)
	$(BIN)/ge serve

clean: ## remove outputs and caches (keeps .venv)
	rm -rf out .pytest_cache .mypy_cache .ruff_cache .hypothesis

workbooks: $(STAMP) ## rewrite scenarios/*.xlsx from the shipped scenarios (ge export)
	for f in scenarios/*.yaml; do $(BIN)/ge export $$f -o $${f%.yaml}.xlsx || exit 1; done
