"""The package's shape: modules import only downward, the public API stays callable whatever is
called first, and the library leaves its user's process alone."""

import ast
import functools
import itertools
from pathlib import Path

import pytest
from conftest import QUICK

import nrcdata

SRC = Path(nrcdata.__file__).parent

# each module may import only the modules before it (the layers of docs/maintaining.md)
LAYERS = [
    "version", "limits", "errors",                          # facts, problems
    "vocab", "edtf", "typemaps", "text",                    # vocabularies, dates, type maps, the paper
    "models",                                               # the one source
    "package", "csvio", "cells",                            # where a package is, reading cells
    "codebook", "release", "schema",                        # generation
    "checks", "python_executor", "arrow_executor", "checking",  # checking
    "loading",                                              # the API
    "cite", "coverage", "reliability", "spans", "stata", "networks", "exports", "plot", "site",  # outputs
    "cli", "__main__", "__init__",
]
# third-party packages a function may import (heavy, or optional): nothing of the package itself
LAZY_ALLOWED = {"pandas", "pyarrow", "numpy", "matplotlib", "openpyxl", "pyreadstat", "networkx", "tempfile"}


@functools.cache  # parsed once per worker: every parametrised test reads the same trees
def _modules() -> dict[str, ast.Module]:
    return {p.stem: ast.parse(p.read_text(encoding="utf-8")) for p in SRC.glob("*.py")}


def _relative_imports(node: ast.AST) -> list[str]:
    out = []
    for n in ast.walk(node):
        if isinstance(n, ast.ImportFrom) and n.level == 1:
            out += [n.module] if n.module else [a.name for a in n.names]
    return out


def test_every_module_has_a_layer():
    assert set(_modules()) == set(LAYERS), set(_modules()) ^ set(LAYERS)


@pytest.mark.parametrize("module", LAYERS)
def test_imports_point_down(module):
    tree = _modules()[module]
    below = set(LAYERS[:LAYERS.index(module)])
    for target in _relative_imports(tree):
        assert target.split(".")[0] in below, f"{module} imports {target}, which is not below it"


@pytest.mark.parametrize("module", LAYERS)
def test_functions_import_no_sibling_and_only_heavy_packages(module):
    tree = _modules()[module]
    for fn in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
        for n in ast.walk(fn):
            if isinstance(n, ast.ImportFrom):
                assert n.level == 0, f"{module}.{fn.name} imports .{n.module} inside a function"
                assert n.module.split(".")[0] in LAZY_ALLOWED, f"{module}.{fn.name} imports {n.module}"
            elif isinstance(n, ast.Import):
                for a in n.names:
                    assert a.name.split(".")[0] in LAZY_ALLOWED, f"{module}.{fn.name} imports {a.name}"


def test_no_module_shares_its_name_with_a_public_function():
    public = {name for name in nrcdata.__all__ if callable(getattr(nrcdata, name))}
    assert not public & set(_modules()), public & set(_modules())


def test_no_private_internals_and_no_process_wide_state():
    forbidden = ("__pydantic_private__", "__pydantic_fields_set__", "pydantic._internal", "gc.disable",
                 "gc.freeze", "setlocale", "signal.signal", "field_size_limit", "sys.setrecursionlimit",
                 "set_int_max_str_digits")
    for path in SRC.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for word in forbidden:
            assert word not in text, f"{path.name} uses {word}"


CALLS = {
    "load": lambda: nrcdata.load(),
    "validate": lambda: nrcdata.validate(paper=None),
    "pairs": lambda: nrcdata.pairs(),
    "dataframe": lambda: nrcdata.dataframe("claims"),
    "dataframes": lambda: nrcdata.dataframes(),
}


@pytest.mark.parametrize("order", list(itertools.permutations(CALLS))[::17][:3 if QUICK else None])
def test_every_public_function_stays_callable_in_any_order(order, tmp_path):
    for name in order:
        CALLS[name]()
        for public in (*CALLS, "export"):
            assert callable(getattr(nrcdata, public)), f"nrcdata.{public} after {name}()"
    nrcdata.export("json", tmp_path)
    from nrcdata import validate  # the function, never a module
    assert callable(validate) and validate is nrcdata.validate
