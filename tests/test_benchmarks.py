"""Smoke test of the benchmark tools: tiny synthetic packages, one repetition.

No timing is asserted: only that synth.py writes a package both validators accept, that run.py
--quick completes, finds every planted problem, and writes its report with the targets table.
"""

import subprocess
import sys

import pytest

from conftest import ROOT

BENCH = ROOT / "benchmarks"
sys.path.insert(0, str(BENCH))
import run  # noqa: E402

pytestmark = pytest.mark.slow  # left out of `make check`


def test_problem_count_includes_more_problems_lines():
    out = ("data/claim_relations.csv:0:target_id: 500 more foreign-key problem(s) in this column are not listed "
           "(the first 1000 by row are) [more-problems]\n"
           "data/claim_relations.csv:2:target_id: C2000000 is not among claims.claim_id [foreign-key]\n"
           "data/claims.csv:9:claim_id: C0001 appears twice [primary-key]\n"
           "invalid: 3 problem(s)\n")
    assert run.nrcdata_found(out) == {"foreign-key": 501, "primary-key": 1}


def test_synth_and_quick_run(tmp_path):
    pkg = tmp_path / "pkg"
    subprocess.run([sys.executable, str(BENCH / "synth.py"), "--claims", "200", "--out", str(pkg), "--quiet"],
                   check=True, timeout=300)
    assert (pkg / "datapackage.json").is_file() and (pkg / "data" / "claims.csv").is_file()
    claims = (pkg / "data" / "claims.csv").read_text(encoding="utf-8").splitlines()
    assert len(claims) == 201

    results = tmp_path / "RESULTS.md"
    proc = subprocess.run([sys.executable, str(BENCH / "run.py"), "--quick", "--rev", "worktree", "--sizes", "200",
                           "--dangling", "1,20", "--workdir", str(tmp_path / "work"), "--results", str(results)],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = results.read_text(encoding="utf-8")
    assert "<!-- BEGIN run.py -->" in text and "<!-- END run.py -->" in text
    for heading in ("### Where the targets stand", "### Targets", "### Results (median)", "### Raw runs"):
        assert heading in text, heading
    assert "| target | measured | status |" in text

    def rows(prefix):
        return [line for line in text.splitlines() if line.startswith(prefix)]

    targets = [line for line in text.split("### Targets", 1)[1].split("###", 1)[0].splitlines()
               if line.startswith("| ") and not line.startswith("| target")]
    names = " ".join(line.split("|")[1] for line in targets)
    for needed in ("shipped: `nrcdata validate` >= 4x", "import pydantic", "1M claims, valid", "dangling foreign key",
                   "time linear", "10M claims", "bad key at its end"):
        assert needed in names, (needed, targets)
    assert all(line.rstrip().endswith("|") and line.count("|") >= 4 for line in targets)
    # every planted dangling key is found, in both damaged copies
    found = [line for line in targets if "every problem reported" in line]
    assert len(found) == 2 and all(line.rstrip(" |").endswith("met") and "NOT" not in line for line in found), found

    synthetic = rows("| synthetic 200 |")
    verdicts = {cmd: line.split("|")[3].strip() for line in synthetic
                for cmd in ("frictionless validate", "--no-paper`", "--executor python")
                if cmd in line}
    assert verdicts == {"frictionless validate": "valid", "--no-paper`": "valid", "--executor python": "valid"}, synthetic
    assert any("dataframes" in line and "| ok |" in line for line in synthetic), synthetic
    shipped = rows("| shipped |")
    assert any("nrcdata.load()" in line for line in shipped) and any("import pydantic" in line for line in shipped)
    assert any("primary-key x1" in line for line in rows("| synthetic 200, claims.csv with a bad key"))
