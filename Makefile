# Two commands set up a fresh machine: `make run` (the nightly job on the bundled fixtures) and
# `make test`. Both create .venv with the machine's python3 when it is missing and (re)install the
# project into it when pyproject.toml or setup.py changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home

.PHONY: run test dev bench lint setup clean

setup: $(STAMP)

$(STAMP): pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# `adoption-audit run` exits 1 when it finds errors (the contract, for schedulers); the bundled fixtures
# hold planted faults on purpose, so for `make run` exit 1 means "ran, and found problems" and succeeds.
run: $(STAMP)
	mkdir -p $(DAGSTER_HOME)
	$(BIN)/adoption-audit run || [ $$? -eq 1 ]

test: $(STAMP)
	$(BIN)/pytest -q

dev: $(STAMP)
	mkdir -p $(DAGSTER_HOME)
	test -f $(DAGSTER_HOME)/dagster.yaml || cp dagster.yaml $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dagster dev -h 127.0.0.1 -p 3000

bench: $(STAMP)
	$(BIN)/python -m benchmarks

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf out .dagster_home
