"""The command line: help for every command, exact outputs and exit codes."""

import pytest

import nrcdata
from nrcdata.cli import build_parser
from conftest import ROOT, run_cli

COMMANDS = sorted(build_parser()._subparsers._group_actions[0].choices)


def test_commands():
    assert COMMANDS == ["cite", "codebook", "coverage", "export", "info", "network", "plot", "reliability", "schema", "site", "spans",
                        "validate"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    code, out, err = run_cli(command, "--help")
    assert code == 0 and err == ""
    assert out.startswith(f"usage: nrcdata {command}")
    assert len(out.splitlines()) > 4


def test_every_command_has_a_one_line_summary():
    lines = run_cli("--help")[1].splitlines()
    for command in COMMANDS:  # argparse puts a long command's summary on the next line
        at = [i for i, line in enumerate(lines) if line.split()[:1] == [command]]
        assert at and (len(lines[at[0]].split()) > 2 or len(lines[at[0] + 1].split()) > 2), command


def test_version():
    assert run_cli("--version")[:2] == (0, f"nrcdata {nrcdata.__version__}\n")


def test_info_lists_every_table_with_its_count(dataset):
    code, out, _ = run_cli("info")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"nrcdata {nrcdata.__version__}: Adomeit, Inside or Outside? Russia's Policies Towards NATO (2007)"
    for name, rows in dataset.tables.items():
        assert any(line.split() == [name, str(len(rows)), "rows"] for line in lines), name
    assert lines[-1].startswith("cite as: nrcdata contributors")


def test_unknown_command_and_missing_package(tmp_path):
    code, _, err = run_cli("frobnicate")
    assert code == 2 and "invalid choice" in err
    code, out, _ = run_cli("validate", str(tmp_path), "--no-paper")
    assert code == 1
    assert out.splitlines() == [f"{tmp_path / 'datapackage.json'}:0:: no datapackage.json here [missing-file]",
                                "invalid: 1 problem(s)"]


def test_coverage_has_no_gaps(paper):
    code, out, _ = run_cli("coverage")
    assert out.splitlines()[-1].startswith("coverage: 0 gap(s)"), out
    assert code == 0


def test_coverage_lists_every_undated_reported_claim(paper, tmp_path):
    """The coverage report lists each reported claim without a date, with its reason, and nothing else;
    a missing or stale reason is a gap."""
    import csv
    from conftest import ROOT
    ds = nrcdata.load()
    undated = [c for c in ds.claims.values() if c.voice == "reported" and c.date is None]
    with open(ROOT / "qa" / "undated_claims.csv", encoding="utf-8", newline="") as f:
        reasons = {r["claim_id"]: r["reason"] for r in csv.DictReader(f)}
    code, out, _ = run_cli("coverage")
    listed = [line for line in out.splitlines() if line.startswith("undated: ")]
    assert listed == [f"undated: p{c.paragraph}: {c.claim_id}: {reasons[c.claim_id]}" for c in undated]
    assert all(r.strip() for r in reasons.values()) and len(undated) > 0
    reported = sum(1 for c in ds.claims.values() if c.voice == "reported")
    assert out.splitlines()[-1].endswith(f"{len(undated)} of {reported} reported claim(s) without a date, "
                                         "each with its reason in undated_claims.csv")
    # drop one reason and add one for a dated claim: both are gaps
    dated = next(c.claim_id for c in ds.claims.values() if c.voice == "reported" and c.date is not None)
    edited = tmp_path / "undated.csv"
    rows = [("claim_id", "reason")] + [(k, v) for k, v in reasons.items() if k != undated[0].claim_id]
    rows.append((dated, "a reason for a dated claim"))
    with open(edited, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    code, out, _ = run_cli("coverage", "--undated", str(edited))
    assert code == 1
    assert f"undated: p{undated[0].paragraph}: {undated[0].claim_id} has no date and no reason" in out.splitlines()
    assert any(line.endswith(f"reason for {dated}, which is not an undated reported claim") for line in out.splitlines())


def test_codebook_prints_its_path_or_its_text():
    code, out, err = run_cli("codebook")
    assert (code, err) == (0, "")
    assert out == f"{ROOT / 'docs' / 'codebook.md'}\n"
    code, out, err = run_cli("codebook", "--text")
    assert (code, out, err) == (0, (ROOT / "docs" / "codebook.md").read_text(encoding="utf-8"), "")


def test_coverage_without_its_exclusions_file_is_an_error(tmp_path, paper):
    missing = tmp_path / "coverage_exclusions.csv"
    code, out, err = run_cli("coverage", "--exclusions", str(missing))
    assert (code, out) == (2, "")
    assert err == f"error: the coverage exclusions file is missing: {missing}\n"
