# The two commands the README starts with:
#   make demo   set up, validate the shipped package, print its summary
#   make test   set up, run the tests and `frictionless validate datapackage.json`
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test schema clean

demo: $(VENV)/.installed
	$(BIN)/nrcdata validate --strict
	$(BIN)/nrcdata info

test: $(VENV)/.installed
	$(BIN)/python -m pytest
	$(BIN)/frictionless validate datapackage.json

schema: $(VENV)/.installed
	$(BIN)/nrcdata schema

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf $(VENV) build dist .pytest_cache
