# The two commands the README starts with:
#   make demo   set up, validate the shipped package, print its summary
#   make test   set up, lint (ruff, mypy), run every test and `frictionless validate datapackage.json`
# and for development:
#   make check  the quick suite (under a minute): every module, a sample of the damaged packages
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test check lint schema clean

demo: $(VENV)/.installed
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

schema: $(VENV)/.installed
	$(BIN)/nrcdata schema

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf $(VENV) build dist .pytest_cache
