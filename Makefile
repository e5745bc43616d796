# The two commands the README starts with:
#   make demo   set up a venv with nrcdata alone, validate the shipped package, print its summary
#   make test   set up the test extra, lint (ruff, mypy), run every test and `frictionless validate datapackage.json`
# and for development:
#   make check  the quick suite: every module, a sample of the damaged packages
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test check lint schema clean

demo: $(VENV)/.base
	$(BIN)/nrcdata validate --strict
	$(BIN)/nrcdata info

test: lint
	$(BIN)/python -m pytest -n 2
	$(BIN)/frictionless validate datapackage.json

check: $(VENV)/.installed
	NRCDATA_QUICK=1 $(BIN)/python -m pytest -q -n 2 -m "not slow"

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

schema: $(VENV)/.base
	$(BIN)/nrcdata schema

# nrcdata and its dependencies only: what `make demo` needs
$(VENV)/.base: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# and the test extra (pytest, frictionless, the readers the tests check the exports with)
$(VENV)/.installed: $(VENV)/.base
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf $(VENV) build dist .pytest_cache
