import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nrcdata.text import SourceTextMissing, load_paper

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
    """Run the installed CLI as a user would; return (exit code, stdout, stderr)."""
    proc = subprocess.run([sys.executable, "-m", "nrcdata", *args], capture_output=True, text=True,
                          cwd=cwd, env=env)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Each damaged package of tests/damage.py, built once: case -> (Package, Where)."""
    import damage
    cache = {}

    def get(case, *, strip_file_facts: bool = False):
        key = (case.id, strip_file_facts)
        if key not in cache:
            cache[key] = damage.build(case, tmp_path_factory.mktemp(case.id) / "pkg",
                                      strip_file_facts=strip_file_facts)
        return cache[key]
    return get
