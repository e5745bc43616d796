"""R users: every CSV read with readr, typed from the schemas, checked by tests/r/check_package.R."""

import csv
import os
import re
import shutil
import subprocess

import pytest

from conftest import ROOT
from test_analysis_docs import assert_levers_listed, blocks, enlargement_lines, rows

pytestmark = pytest.mark.slow  # left out of `make check`

SCRIPT = ROOT / "tests" / "r" / "check_package.R"


@pytest.fixture(scope="module")
def rscript():
    """Rscript with readr and jsonlite. In CI (CI=true) their absence is a failure, elsewhere a skip;
    .ci/run installs them."""
    path = shutil.which("Rscript")
    problem = None
    if path is None:
        problem = "Rscript is not installed (apt-get install r-base-core r-cran-readr r-cran-jsonlite)"
    else:
        probe = subprocess.run([path, "-e", "library(readr); library(jsonlite)"], capture_output=True, text=True)
        if probe.returncode != 0:
            problem = f"R lacks readr or jsonlite: {probe.stderr.strip()}"
    if problem:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI needs R: {problem}")
        pytest.skip(problem)
    return path


def run_r(rscript, root):
    proc = subprocess.run([rscript, str(SCRIPT), str(root)], capture_output=True, text=True)
    return proc.returncode, proc.stdout, proc.stderr


def _edit(path, row, field, value):
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[row - 1][rows[0].index(field)] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def test_readr_reads_every_table_with_its_types(rscript, dataset):
    code, out, err = run_r(rscript, ROOT)
    assert code == 0, out + err
    expected = [f"{name}: {len(rows)} rows" for name, rows in dataset.tables.items()]
    assert out.splitlines() == expected + [f"R: {len(expected)} tables read with readr, no problems"]


def test_readr_reports_bad_dates_types_and_keys(rscript, package_copy):
    data = package_copy / "data"
    _edit(data / "phases.csv", 3, "date_start", "1993-13-01")
    _edit(data / "claims.csv", 3, "claim_id", "C1001")
    _edit(data / "notes.csv", 2, "outside_knowledge", "yes")
    code, out, _ = run_r(rscript, package_copy)
    assert code == 1
    problems = [line for line in out.splitlines() if not line.endswith(" rows")]
    assert problems == [
        "phases: line 3, column date_start: expected date like %Y-%m-%d, got '1993-13-01'",
        "claims: primary key (claim_id) is not unique",
        "notes: line 2, column outside_knowledge: expected 1/0/T/F/TRUE/FALSE, got 'yes'",
        "notes: required field outside_knowledge has 1 missing value(s)",
        "R: 4 problem(s)",
    ]


def test_the_text_NA_stays_text_in_R(rscript, package_copy):
    # actors.name is required: were "NA" read as missing, the script would report it
    _edit(package_copy / "data" / "actors.csv", 2, "name", "NA")
    code, out, err = run_r(rscript, package_copy)
    assert code == 0, out + err
    probe = subprocess.run([rscript, "-e", (
        "suppressMessages(library(readr)); "
        f"d <- read_csv('{package_copy / 'data' / 'actors.csv'}', col_types = cols(.default = 'c'), na = ''); "
        "cat(d$name[1], is.na(d$name[1]))")], capture_output=True, text=True)
    assert probe.stdout == "NA FALSE"


def test_the_r_tutorial_runs_and_prints_what_the_data_holds(rscript, tmp_path):
    """docs/analysis-r.md: its R blocks, run in order from the repository's root."""
    script = tmp_path / "analysis.R"
    script.write_text("\n".join(blocks(ROOT / "docs" / "analysis-r.md", "r")), encoding="utf-8")
    proc = subprocess.run([rscript, str(script)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert "\n".join(enlargement_lines()) in out  # (a), line for line as the Python tutorial prints it
    claims = rows("claims")
    for phase in ("phase1", "phase2", "phase3"):  # (b): table() of phase by stance, levels in sorted order
        n = [sum(1 for c in claims if c["phase_id"] == phase and c["stance"] == s)
             for s in ("mixed", "negative", "neutral", "positive")]
        assert re.search(rf"^  {phase} +" + " +".join(map(str, n)) + "$", out, re.M), (phase, n)
    assert_levers_listed(out)  # (f)
