"""The validator: the shipped package passes; damage is reported as file:row:field lines."""

import csv
import hashlib
from pathlib import Path

import pytest

import nrcdata
from conftest import check_package
from conftest import ROOT, run_cli


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _edit(path: Path, row: int, field: str, value: str) -> None:
    """Set one cell (row = CSV line number, header = 1)."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[row - 1][rows[0].index(field)] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def test_shipped_package_is_valid_with_every_quote_found(paper):
    parsed, problems = check_package(ROOT / "datapackage.json", paper)
    assert problems == []
    assert len(parsed.rows["sources"]) == 74
    code, out, _ = run_cli("validate")
    assert code == 0
    assert out.startswith("valid: 22 tables, ")
    assert out.endswith("rows; quotes checked against the paper's text\n")


def test_dangling_foreign_key_names_file_row_and_field(package_copy):
    _edit(package_copy / "data" / "claims.csv", 2, "holder_id", "nobody")
    code, out, err = run_cli("validate", str(package_copy), "--no-paper")
    assert code == 1
    assert err == ""
    assert out.splitlines() == [
        "data/claims.csv:2:holder_id: nobody is not among actors.actor_id [foreign-key]",
        "invalid: 1 problem(s)",
    ]


def test_every_problem_is_reported_not_only_the_first(package_copy):
    _edit(package_copy / "data" / "claims.csv", 2, "kind", "rumour")
    _edit(package_copy / "data" / "claims.csv", 3, "claim_id", "C1001")  # duplicate of row 2
    _edit(package_copy / "data" / "claim_sources.csv", 2, "footnote", "75")
    with pytest.raises(nrcdata.InvalidPackage) as e:
        nrcdata.load(package_copy)
    kinds = sorted(p.kind for p in e.value.problems)
    assert "enum" in kinds and "primary-key" in kinds and "constraint" in kinds
    assert all(p.file.startswith("data/") and p.row >= 2 for p in e.value.problems)


def test_quote_not_in_its_paragraph(package_copy, paper):
    _edit(package_copy / "data" / "claims.csv", 2, "quote", "NATO is a debating club")
    parsed, problems = check_package(package_copy, paper)
    assert [(p.file, p.row, p.field, p.kind) for p in problems] == [
        ("data/claims.csv", 2, "quote", "quote-not-found")]


def test_edtf_must_agree_with_derived_bounds(package_copy):
    events = package_copy / "data" / "events.csv"
    _edit(events, 2, "date_end", "1900-01-01")
    _, problems = check_package(package_copy)
    assert [(p.row, p.field, p.kind) for p in problems if p.file == "data/events.csv"] == [
        (2, "date_end", "edtf-bounds")]
    # a row with a bad cell takes no part in the checks through references: nothing else is blamed
    assert {p.file for p in problems} == {"data/events.csv"}, problems


def test_validation_never_writes(package_copy, paper):
    _edit(package_copy / "data" / "actors.csv", 2, "actor_id", "NA")
    before = _digest(package_copy)
    code, out, _ = run_cli("validate", str(package_copy))
    assert code == 1 and "data/actors.csv:2:actor_id:" in out
    assert _digest(package_copy) == before


def test_frictionless_agrees_on_the_dangling_key(package_copy):
    frictionless = pytest.importorskip("frictionless")
    _edit(package_copy / "data" / "claims.csv", 2, "holder_id", "nobody")
    from nrcdata.schema import dumps
    import json
    desc = json.loads((package_copy / "datapackage.json").read_text())
    for r in desc["resources"]:  # the edit changed the file's size and hash
        r.pop("bytes"), r.pop("hash")
    (package_copy / "datapackage.json").write_text(dumps(desc))
    report = frictionless.validate(package_copy / "datapackage.json")
    errors = [e for task in report.tasks for e in task.errors]
    assert [(e.type, e.row_number) for e in errors] == [("foreign-key", 2)]


def test_a_note_must_concern_an_existing_row(package_copy):
    notes = package_copy / "data" / "notes.csv"
    _edit(notes, 2, "concerns_id", "C9999")
    _edit(notes, 3, "concerns_table", "nowhere")
    _, problems = check_package(package_copy)
    found = {(p.row, p.field, p.kind) for p in problems}
    assert (2, "concerns_id", "foreign-key") in found
    assert (3, "concerns_table", "pattern") in found or (3, "concerns_table", "foreign-key") in found


def test_strict_checks_sizes_and_hashes_like_frictionless(package_copy):
    _edit(package_copy / "data" / "notes.csv", 2, "note", "An edited note.")
    _, problems = check_package(package_copy)
    assert problems == []  # an edited copy loads: sizes and hashes are not enforced by default
    _, problems = check_package(package_copy, strict=True)
    assert sorted((p.file, p.kind) for p in problems) == [
        ("data/notes.csv", "byte-count"), ("data/notes.csv", "hash-count")]
    code, out, _ = run_cli("validate", str(package_copy), "--no-paper", "--strict")
    assert code == 1 and out.splitlines()[-1] == "invalid: 2 problem(s)"
    assert run_cli("validate", "--no-paper", "--strict")[0] == 0  # the shipped package is consistent
