import contextlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from nrcdata.text import SourceTextMissing, load_paper

# `make check` (NRCDATA_QUICK=1) runs a sample of the damaged corpus and fewer fuzz examples; `make test` all of it
QUICK = os.environ.get("NRCDATA_QUICK") == "1"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def paper():
    """The paper's text. In CI (CI=true) its absence is a failure, elsewhere a skip."""
    try:
        return load_paper()
    except SourceTextMissing as e:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI needs the paper's text: {e}")
        pytest.skip(f"the paper's text is not available: {e}")


@pytest.fixture(scope="session")
def dataset():
    import nrcdata
    return nrcdata.load()


@pytest.fixture
def package_copy(tmp_path):
    """A writable copy of the shipped package (datapackage.json, schema/, data/)."""
    dest = tmp_path / "pkg"
    dest.mkdir()
    shutil.copy(ROOT / "datapackage.json", dest)
    shutil.copytree(ROOT / "schema", dest / "schema")
    shutil.copytree(ROOT / "data", dest / "data", ignore=shutil.ignore_patterns("_parts"))
    return dest


@pytest.fixture(scope="session")
def wheel(tmp_path_factory):
    """The wheel built from this checkout, once per test session."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True)
    (path,) = out.glob("nrcdata-*.whl")
    return path


def run_cli(*args, cwd=None, env=None):
    """Run the CLI in this process, as ``nrcdata ARGS`` would; return (exit code, stdout,
    stderr). ``env`` replaces the environment and ``cwd`` the working folder for the call."""
    from nrcdata import cli
    out, err = io.StringIO(), io.StringIO()
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    try:
        if env is not None:
            os.environ.clear()
            os.environ.update(env)
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main([str(a) for a in args])
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return code, out.getvalue(), err.getvalue()


def run_cli_process(*args, cwd=None, env=None, **kwargs):
    """Run the CLI in a subprocess, where the process itself is the point (exit, pipes,
    encodings); return (exit code, stdout, stderr)."""
    proc = subprocess.run([sys.executable, "-m", "nrcdata", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, **kwargs)
    return proc.returncode, proc.stdout, proc.stderr


def check_package(path, paper=None, strict=False):
    """The Python executor's rows and problems: (parsed, problems), ``parsed.rows[table]`` a
    list of (line, row)."""
    from nrcdata.checking import check
    from nrcdata.python_executor import rows_of
    checked = check(path, paper, strict, "python")
    rows = {name: list(zip(t.lines, rows_of({name: t})[name])) for name, t in (checked.tables or {}).items()}
    return SimpleNamespace(rows=rows, root=checked.descriptor.root), checked.problems


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Each damaged package of tests/damage.py, built once: case -> (Package, Where)."""
    import damage
    cache = {}

    def get(case, *, strip_file_facts: bool = False):
        key = (case.id, strip_file_facts)
        if key not in cache:
            try:
                cache[key] = damage.build(case, tmp_path_factory.mktemp(case.id) / "pkg",
                                          strip_file_facts=strip_file_facts)
            except damage.Unsupported as e:
                cache[key] = e
        if isinstance(cache[key], damage.Unsupported):
            pytest.skip(str(cache[key]))
        return cache[key]
    return get


def read_rows(path, label):
    """(header, [(line, cells)], problems) of one CSV file, as the reader gives them."""
    from nrcdata.csvio import Records
    records = Records(Path(path), label)
    rows = list(records)
    return records.header, rows, records.problems


def parse_table(model, path, label):
    """([(line, row)], problems) of one table read and checked by the Python executor."""
    from nrcdata.checks import Report
    from nrcdata.python_executor import read_table
    report = Report()
    table = read_table(model, Path(path), label, report)
    return list(zip(table.lines, [model.model_construct(**v) for v in table.values])), report.problems()
