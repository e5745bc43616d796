"""Packaging proof: the built wheel carries the data package and works from anywhere."""

import os
import subprocess
import sys
import zipfile


def test_wheel_carries_the_data_package(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "nrcdata/_package/datapackage.json" in names
    assert "nrcdata/_package/schema/claims.json" in names
    assert "nrcdata/_package/data/claims.csv" in names
    assert not any("_parts" in n for n in names)


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


def paper_path():
    from nrcdata.text import default_source_path
    return default_source_path().resolve()
