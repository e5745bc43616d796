"""The reliability study of issue 14: in every round, report.csv is what codings.csv gives, the
shipped files have their columns and every disagreement is adjudicated; round 1 double-codes at
least 150 claims; round 2 is a fresh sample; the CLI prints every round's table."""

import csv
from pathlib import Path

import pytest
from conftest import run_cli

pytest.importorskip("krippendorff")

from nrcdata import reliability  # noqa: E402

HERE = Path(__file__).resolve().parents[1] / "qa" / "reliability"
ROUNDS = reliability.rounds(HERE)
each_round = pytest.mark.parametrize("folder", [f for _, f in ROUNDS], ids=[f"round{n}" for n, _ in ROUNDS])


def _rows(name, folder=HERE):
    with open(folder / name, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


def test_three_rounds():
    assert [n for n, _ in ROUNDS] == [1, 2, 3]


@each_round
def test_columns(folder):
    assert _rows("codings.csv", folder)[0] == ["unit_table", "unit_id", "variable", "coder", "value"]
    assert _rows("report.csv", folder)[0] == ["variable", "n_units", "alpha", "ci_low", "ci_high"]
    assert _rows("adjudication.csv", folder)[0] == ["unit_table", "unit_id", "variable", "value_a", "value_b",
                                                    "final", "why", "apply"]


@each_round
def test_every_alpha_recomputed_from_codings(folder):
    by_variable = reliability.read_codings(folder / "codings.csv")
    report = {r["variable"]: r for r in _rows("report.csv", folder)[1]}
    assert set(report) == set(by_variable)
    for variable, units in by_variable.items():
        assert int(report[variable]["n_units"]) == len(units), variable
        assert f"{reliability.alpha_of(units):.4f}" == report[variable]["alpha"], variable
        assert float(report[variable]["ci_low"]) <= float(report[variable]["alpha"]) + 1e-9, variable
        assert float(report[variable]["alpha"]) <= float(report[variable]["ci_high"]) + 1e-9, variable


@each_round
def test_one_interval_recomputed(folder):
    report = _rows("report.csv", folder)[1][0]
    units = reliability.read_codings(folder / "codings.csv")[report["variable"]]
    low, high = reliability.bootstrap(units)
    assert (f"{low:.4f}", f"{high:.4f}") == (report["ci_low"], report["ci_high"])


def test_at_least_150_claims_double_coded():
    _, rows = _rows("codings.csv")
    coders = {}
    for r in rows:
        if r["unit_table"] == "claims":
            coders.setdefault(r["unit_id"], set()).add(r["coder"])
    assert sum(1 for c in coders.values() if c == {"A", "B"}) >= 150


def test_each_round_is_a_fresh_sample():
    samples = [{(r["unit_table"], r["unit_id"]) for r in _rows("sample.csv", folder)[1]} for _, folder in ROUNDS]
    assert [len(s) for s in samples] == [278, 250, 110]
    for i, earlier in enumerate(samples):
        for later in samples[i + 1:]:
            assert not earlier & later


@each_round
def test_every_disagreement_adjudicated(folder):
    by_variable = reliability.read_codings(folder / "codings.csv")
    _, adjudicated = _rows("adjudication.csv", folder)
    decided = {(f"{r['unit_table']}.{r['variable']}", r["unit_id"]): r for r in adjudicated}
    for variable, units in by_variable.items():
        for unit, codes in units.items():
            if codes["A"] != codes["B"]:
                row = decided[(variable, unit)]
                assert row["final"] or row["why"], (variable, unit)
    assert all(r["apply"] in ("yes", "no") and r["why"] for r in adjudicated)


def test_cli_prints_the_table():
    code, out, err = run_cli("reliability")
    assert code == 0, err
    blocks = out.split("\n\n")
    assert len(blocks) == len(ROUNDS)
    for block, (number, folder) in zip(blocks, ROUNDS):
        lines = block.splitlines()
        assert lines[0].startswith(f"round {number} (") and lines[1].split()[:3] == ["variable", "n", "alpha"]
        for r in _rows("report.csv", folder)[1]:
            assert any(line.split()[0] == r["variable"] and r["alpha"] in line for line in lines[2:])
