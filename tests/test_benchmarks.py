"""Smoke test of the benchmark tools: a small synthetic package, one quick repetition.

No timing is asserted: only that synth.py writes a package both validators accept and that
run.py --quick completes and writes its results table.
"""

import subprocess
import sys

from conftest import ROOT

BENCH = ROOT / "benchmarks"


def test_synth_and_quick_run(tmp_path):
    pkg = tmp_path / "pkg"
    subprocess.run([sys.executable, str(BENCH / "synth.py"), "--claims", "200", "--out", str(pkg), "--quiet"],
                   check=True, timeout=300)
    assert (pkg / "datapackage.json").is_file() and (pkg / "data" / "claims.csv").is_file()
    claims = (pkg / "data" / "claims.csv").read_text(encoding="utf-8").splitlines()
    assert len(claims) == 201

    results = tmp_path / "RESULTS.md"
    proc = subprocess.run([sys.executable, str(BENCH / "run.py"), "--quick", "--reps", "1", "--rev", "worktree",
                           "--package", str(pkg), "--workdir", str(tmp_path / "work"), "--results", str(results)],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = results.read_text(encoding="utf-8")
    assert "<!-- BEGIN run.py -->" in text and "<!-- END run.py -->" in text
    assert "| package | command | verdict | median |" in text
    rows = [line for line in text.splitlines() if line.startswith("| pkg |")]
    verdicts = {cmd: line.split("|")[3].strip() for line in rows for cmd in ("frictionless validate", "nrcdata validate")
                if cmd in line}
    # the synthetic package is valid for both validators; every command ran once
    assert verdicts == {"frictionless validate": "valid", "nrcdata validate": "valid"}, rows
    assert any("dataframes" in line and "| ok |" in line for line in rows), rows
    assert any("nrcdata.load()" in line for line in text.splitlines()), "the shipped package's load() row is missing"
