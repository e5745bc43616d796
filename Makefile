# The commands the README starts with:
#   make demo   set up a venv with nrcdata alone, validate the shipped package, print its summary
#   make test   set up a venv with the test extra, run the tests and `frictionless validate datapackage.json`
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test schema clean

demo: $(VENV)/.base
	$(BIN)/nrcdata validate --strict
	$(BIN)/nrcdata info

test: $(VENV)/.installed
	$(BIN)/python -m pytest
	$(BIN)/frictionless validate datapackage.json

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
