"""Packaging proof: the built wheel carries the data package and works from anywhere."""

import os
import re
import subprocess
import sys
import zipfile

from conftest import ROOT

import pytest

pytestmark = pytest.mark.slow  # left out of `make check`


def test_wheel_carries_the_data_package(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "nrcdata/_package/datapackage.json" in names
    assert "nrcdata/_package/schema/claims.json" in names
    assert "nrcdata/_package/data/claims.csv" in names
    assert not any("_parts" in n for n in names)


def test_wheel_carries_the_codebook_the_exclusions_and_the_citation(wheel):
    z = zipfile.ZipFile(wheel)
    for rel in ("docs/codebook.md", "qa/coverage_exclusions.csv", "CITATION.cff"):
        assert z.read(f"nrcdata/_package/{rel}") == (ROOT / rel).read_bytes(), rel


def _metadata(wheel) -> str:
    z = zipfile.ZipFile(wheel)
    (name,) = [n for n in z.namelist() if n.endswith(".dist-info/METADATA")]
    return z.read(name).decode("utf-8")


def test_the_wheels_readme_has_no_link_that_breaks_outside_the_repository(wheel):
    """The README is the wheel's long description: every link or picture in it must be absolute;
    files are named by the command that finds them (nrcdata codebook, nrcdata cite --format cff)."""
    readme = _metadata(wheel).split("\n\n", 1)[1]
    assert "nrcdata codebook" in readme
    targets = re.findall(r"\]\(([^)\s]+)", readme) + re.findall(r"^\[[^\]]+\]:\s*(\S+)", readme, re.M)
    relative = [t for t in targets if not re.match(r"https?://", t)]
    assert relative == []


def test_wheel_installs_into_a_fresh_venv_and_loads_from_elsewhere(wheel, tmp_path, paper):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    code = ("import nrcdata, pathlib; ds = nrcdata.load(); "
            "print(len(ds.claims), len(ds.sources), pathlib.Path(ds.root).name)")
    out = subprocess.run([str(py), "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    claims, sources, root = out.stdout.split()
    assert int(claims) > 500 and sources == "74" and root == "_package"
    env["NRCDATA_SOURCE_TEXT"] = str(paper_path())
    run = subprocess.run([str(venv / "bin" / "nrcdata"), "validate"], cwd=elsewhere, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "quotes checked against the paper's text" in run.stdout
    # the codebook and the coverage exclusions come with the wheel
    run = subprocess.run([str(venv / "bin" / "nrcdata"), "codebook"], cwd=elsewhere, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    path = run.stdout.strip()
    assert path.startswith(str(venv)) and path.endswith("nrcdata/_package/docs/codebook.md")
    assert open(path, encoding="utf-8").read() == (ROOT / "docs" / "codebook.md").read_text(encoding="utf-8")
    run = subprocess.run([str(venv / "bin" / "nrcdata"), "coverage"], cwd=elsewhere, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    exclusions = len((ROOT / "qa" / "coverage_exclusions.csv").read_text(encoding="utf-8").splitlines()) - 1  # the header
    assert run.stdout.splitlines()[-1].startswith(f"coverage: 0 gap(s); {exclusions} justified exclusion(s) in coverage_exclusions.csv; ")


def paper_path():
    from nrcdata.text import default_source_path
    return default_source_path().resolve()
