"""The reliability study of issue 14: report.csv is what codings.csv gives, the shipped files have
their columns, enough claims are double-coded, and the CLI prints the table."""

import csv
from pathlib import Path

import pytest
from conftest import run_cli

pytest.importorskip("krippendorff")

from nrcdata import reliability  # noqa: E402

HERE = Path(__file__).resolve().parents[1] / "qa" / "reliability"


def _rows(name):
    with open(HERE / name, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


def test_columns():
    assert _rows("codings.csv")[0] == ["unit_table", "unit_id", "variable", "coder", "value"]
    assert _rows("report.csv")[0] == ["variable", "n_units", "alpha", "ci_low", "ci_high"]
    assert _rows("adjudication.csv")[0] == ["unit_table", "unit_id", "variable", "value_a", "value_b",
                                            "final", "why", "apply"]


def test_every_alpha_recomputed_from_codings():
    by_variable = reliability.read_codings(HERE / "codings.csv")
    report = {r["variable"]: r for r in _rows("report.csv")[1]}
    assert set(report) == set(by_variable)
    for variable, units in by_variable.items():
        assert int(report[variable]["n_units"]) == len(units), variable
        assert f"{reliability.alpha_of(units):.4f}" == report[variable]["alpha"], variable
        assert float(report[variable]["ci_low"]) <= float(report[variable]["alpha"]) + 1e-9, variable
        assert float(report[variable]["alpha"]) <= float(report[variable]["ci_high"]) + 1e-9, variable


def test_one_interval_recomputed():
    units = reliability.read_codings(HERE / "codings.csv")["claims.kind"]
    report = {r["variable"]: r for r in _rows("report.csv")[1]}["claims.kind"]
    low, high = reliability.bootstrap(units)
    assert (f"{low:.4f}", f"{high:.4f}") == (report["ci_low"], report["ci_high"])


def test_at_least_150_claims_double_coded():
    _, rows = _rows("codings.csv")
    coders = {}
    for r in rows:
        if r["unit_table"] == "claims":
            coders.setdefault(r["unit_id"], set()).add(r["coder"])
    assert sum(1 for c in coders.values() if c == {"A", "B"}) >= 150


def test_every_disagreement_adjudicated_or_listed():
    by_variable = reliability.read_codings(HERE / "codings.csv")
    _, adjudicated = _rows("adjudication.csv")
    listed = {(f"{r['unit_table']}.{r['variable']}", r["unit_id"]) for r in adjudicated}
    for variable, units in by_variable.items():
        for unit, codes in units.items():
            if codes["A"] != codes["B"]:
                assert (variable, unit) in listed, (variable, unit)
    assert all(r["apply"] in ("yes", "no", "") for r in adjudicated)


def test_cli_prints_the_table():
    code, out, err = run_cli("reliability")
    assert code == 0, err
    assert out.splitlines()[0].split()[:3] == ["variable", "n", "alpha"]
    for r in _rows("report.csv")[1]:
        assert any(line.split()[0] == r["variable"] and r["alpha"] in line for line in out.splitlines())
