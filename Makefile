# careerboard: `make run` serves the product, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py

.PHONY: run setup test lint format bench screenshot clean

$(STAMP): requirements/base.txt requirements/dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/base.txt -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

## Set up (venv, locked dependencies, database, demo data) and serve at http://127.0.0.1:8000
run: $(STAMP)
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) sync_guides
	$(MANAGE) collectstatic --no-input -v 0
	$(MANAGE) seed_demo
	exec $(MANAGE) serve

## Every test: on SQLite by default; DATABASE_URL / REDIS_URL pick PostgreSQL / Redis.
test: $(STAMP)
	bash scripts/ensure-chromium
	bash scripts/ensure-nginx
	$(BIN)/python -m pytest -n $${TEST_WORKERS:-2} $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts conftest.py
	$(BIN)/ruff format --check src tests benchmarks scripts conftest.py
	$(BIN)/mypy src

format: $(STAMP)
	$(BIN)/ruff check --fix src tests benchmarks scripts conftest.py
	$(BIN)/ruff format src tests benchmarks scripts conftest.py

## Benchmarks (not timed tests); figures go to docs/benchmarks.md
bench: $(STAMP)
	$(BIN)/python -m benchmarks

screenshot: $(STAMP)
	bash scripts/ensure-chromium
	$(BIN)/python scripts/screenshot.py docs/img

clean:
	rm -rf $(VENV) var
