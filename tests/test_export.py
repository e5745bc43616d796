"""Exports: each format read back by the tools its users have, and every export whole or absent."""

import csv
import json
import sqlite3
import sys

import pytest

import nrcdata
from nrcdata import cli
from nrcdata.exports import write_xlsx
from nrcdata.loading import tables_of
from nrcdata.models import MODELS
from conftest import ROOT, run_cli


def _files(folder):
    return sorted(p.name for p in folder.iterdir())


def test_csv_export_is_the_shipped_files_byte_for_byte(tmp_path):
    written = nrcdata.export("csv", tmp_path / "out")
    assert [p.name for p in written] == [f"{name}.csv" for name in MODELS]
    assert _files(tmp_path / "out") == sorted(f"{name}.csv" for name in MODELS)  # no temporary left
    for name in MODELS:
        assert (tmp_path / "out" / f"{name}.csv").read_bytes() == (ROOT / "data" / f"{name}.csv").read_bytes(), name


def test_csv_export_of_an_edited_copy_follows_the_copy(package_copy, tmp_path):
    path = package_copy / "data" / "actors.csv"
    path.write_bytes(path.read_bytes().replace(b"Minister of Foreign Affairs", b"Foreign Minister", 1))
    nrcdata.export("csv", tmp_path / "out", package_copy)
    assert (tmp_path / "out" / "actors.csv").read_bytes() == path.read_bytes()


def test_json_records_validate_against_the_json_schemas(tmp_path, dataset):
    from jsonschema import Draft202012Validator
    nrcdata.export("json", tmp_path)
    for name in MODELS:
        records = json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8"))
        assert len(records) == len(dataset.tables[name]), name
        schema = json.loads((ROOT / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
        validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        for i, record in enumerate(records):
            errors = list(validator.iter_errors(record))
            assert not errors, f"{name}[{i}]: {errors[0].message}"
    phases = json.loads((tmp_path / "phases.json").read_text(encoding="utf-8"))
    assert phases[0]["date_start"] == "1990-06-01" and phases[0]["anchor_footnote"] is None
    assert phases[2]["date_start"] is None and phases[0]["paragraph"] == 94
    notes = json.loads((tmp_path / "notes.json").read_text(encoding="utf-8"))
    assert {n["outside_knowledge"] for n in notes} <= {True, False}


def test_a_record_that_breaks_its_schema_is_caught(tmp_path):
    """The JSON check above can fail: a wrong type is reported."""
    from jsonschema import Draft202012Validator
    nrcdata.export("json", tmp_path)
    record = json.loads((tmp_path / "phases.json").read_text(encoding="utf-8"))[0]
    record["ordinal"] = "1"
    schema = json.loads((ROOT / "schema" / "phases.schema.json").read_text(encoding="utf-8"))
    assert not Draft202012Validator(schema).is_valid(record)


def test_parquet_has_real_types_in_pandas_and_duckdb(tmp_path, dataset):
    import duckdb
    import pandas as pd
    import pyarrow.parquet as pq
    nrcdata.export("parquet", tmp_path)
    assert _files(tmp_path) == sorted(f"{name}.parquet" for name in MODELS)

    events = pd.read_parquet(tmp_path / "events.parquet", dtype_backend="pyarrow")
    assert len(events) == len(dataset.events)
    assert str(events["date_start"].dtype) == "date32[day][pyarrow]"
    assert str(events["paragraph"].dtype) == "int64[pyarrow]"
    assert str(events["anchor_footnote"].dtype) == "int64[pyarrow]"
    assert events["event_type"].dtype.pyarrow_dtype in ("string", "large_string")
    notes = pd.read_parquet(tmp_path / "notes.parquet", dtype_backend="pyarrow")
    assert str(notes["outside_knowledge"].dtype) == "bool[pyarrow]"
    plain = pd.read_parquet(tmp_path / "claims.parquet")
    assert plain["paragraph"].dtype == "int64" and len(plain) == len(dataset.claims)

    schema = pq.read_schema(tmp_path / "events.parquet")
    assert not schema.field("event_id").nullable and schema.field("area_id").nullable
    assert schema.field("quote").metadata[b"description"].startswith(b"The paper's own words")

    con = duckdb.connect()
    for name in MODELS:
        path = str(tmp_path / f"{name}.parquet")
        (count,) = con.execute("SELECT count(*) FROM read_parquet(?)", [path]).fetchone()
        assert count == len(dataset.tables[name]), name
    types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))",
                             [str(tmp_path / "events.parquet")]).fetchall())
    assert (types["date_start"], types["paragraph"], types["title"]) == ("DATE", "BIGINT", "VARCHAR")
    types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))",
                             [str(tmp_path / "notes.parquet")]).fetchall())
    assert types["outside_knowledge"] == "BOOLEAN"
    (missing,) = con.execute("SELECT count(*) FROM read_parquet(?) WHERE anchor_footnote IS NULL",
                             [str(tmp_path / "claims.parquet")]).fetchone()
    assert missing == sum(c.anchor_footnote is None for c in dataset.claims.values()) > 0


def test_sqlite_has_keys_types_and_descriptions(tmp_path, dataset):
    nrcdata.export("sqlite", tmp_path)
    assert _files(tmp_path) == ["metadata.json", "nrcdata.sqlite"]
    con = sqlite3.connect(tmp_path / "nrcdata.sqlite")
    con.execute("PRAGMA foreign_keys = ON")
    assert con.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    for name, model in MODELS.items():
        assert con.execute(f'SELECT count(*) FROM "{name}"').fetchone() == (len(dataset.tables[name]),)
        info = con.execute(f'PRAGMA table_info("{name}")').fetchall()  # cid, name, type, notnull, default, pk
        assert [r[1] for r in info] == list(model.model_fields)
        assert tuple(r[1] for r in sorted(info, key=lambda r: r[5]) if r[5]) == model.__table__.primary_key
        fks = {(r[2], r[3], r[4]) for r in con.execute(f'PRAGMA foreign_key_list("{name}")')}
        assert fks == {(k.table, k.fields[0], k.ref_fields[0]) for k in model.__table__.foreign_keys}, name
    types = {r[1]: (r[2], r[3]) for r in con.execute('PRAGMA table_info("events")')}
    assert types["paragraph"] == ("INTEGER", 1) and types["date_start"] == ("TEXT", 0)
    assert con.execute("SELECT title, description FROM _tables WHERE name = 'claims'").fetchone() == (
        MODELS["claims"].__table__.title, MODELS["claims"].__table__.description)
    assert con.execute("SELECT type, description FROM _columns WHERE table_name = 'events' "
                       "AND column_name = 'date_start'").fetchone() == (
        "date", MODELS["events"].model_fields["date_start"].description)
    assert con.execute("SELECT count(*) FROM _columns").fetchone() == (sum(len(m.model_fields) for m in MODELS.values()),)
    assert con.execute("SELECT typeof(outside_knowledge), count(*) FROM notes GROUP BY 1").fetchall() == [
        ("integer", len(dataset.notes))]
    # the keys are enforced, not only declared
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        con.execute("UPDATE claims SET holder_id = 'nobody' WHERE claim_id = 'C1001'")
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        con.execute("INSERT INTO claim_sources SELECT * FROM claim_sources LIMIT 1")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        con.execute("UPDATE events SET date_start = '2006-13-01' WHERE event_id = 'E001'")


def test_xlsx_has_an_about_sheet_and_a_sheet_per_table(tmp_path, dataset):
    import openpyxl
    nrcdata.export("xlsx", tmp_path)
    wb = openpyxl.load_workbook(tmp_path / "nrcdata.xlsx")
    assert wb.sheetnames == ["About", *MODELS]
    about = {r[0]: r[1:] for r in wb["About"].iter_rows(values_only=True) if r[0]}
    assert about["version"][0] == nrcdata.__version__
    assert about["cite as"][0].startswith("nrcdata contributors. (")
    assert about["and the paper"][0].startswith("Adomeit, H. (2007).")
    assert "CC BY 4.0" in about["licence"][0]
    assert about["claims.quote"] == ("string", "yes", MODELS["claims"].model_fields["quote"].description)
    assert about["claims"][0] == "table"
    assert sum(1 for key in about if "." in key and key.split(".")[0] in MODELS) == \
        sum(len(m.model_fields) for m in MODELS.values())
    for name, model in MODELS.items():
        ws = wb[name]
        assert [c.value for c in ws[1]] == list(model.model_fields)
        assert ws.max_row == len(dataset.tables[name]) + 1, name
    notes = wb["notes"]
    assert notes.cell(row=2, column=list(MODELS["notes"].model_fields).index("outside_knowledge") + 1).data_type == "b"
    phases = wb["phases"]
    start = phases.cell(row=2, column=list(MODELS["phases"].model_fields).index("date_start") + 1)
    assert start.is_date and start.value.date().isoformat() == "1990-06-01"
    assert phases.cell(row=4, column=list(MODELS["phases"].model_fields).index("date_start") + 1).value is None
    formulas = [c.coordinate for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


FORMULA_LIKE = ["=1+1", "=HYPERLINK(\"http://example.org\",\"x\")", "+1", "-1", "@SUM(A1)", "#N/A"]


def test_xlsx_never_stores_a_formula(tmp_path, dataset):
    import openpyxl
    tables = tables_of(dataset)
    claims = tables["claims"]
    col = claims.fields.index("statement")
    for row, text in zip(claims.rows, FORMULA_LIKE):  # one workbook, one formula-like text per row
        row[col] = text
    write_xlsx(tables, tmp_path, dataset.version)
    sheet = openpyxl.load_workbook(tmp_path / "nrcdata.xlsx")["claims"]
    cells = [sheet.cell(row=i + 2, column=col + 1) for i in range(len(FORMULA_LIKE))]
    assert [(c.data_type, c.value) for c in cells] == [("s", text) for text in FORMULA_LIKE]


def test_a_failed_export_leaves_no_file(tmp_path, monkeypatch):
    export_module = sys.modules["nrcdata.exports"]
    real = export_module.write_json

    def fail_halfway(tables, folder):
        real(tables, folder)  # every file written into the temporary folder, then a failure
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_module, "write_json", fail_halfway)
    out = tmp_path / "out"
    with pytest.raises(nrcdata.ExportError, match="No space left on device"):
        nrcdata.export("json", out)
    assert _files(out) == []


def test_export_replaces_its_own_earlier_files(tmp_path):
    (tmp_path / "claims.csv").write_text("stale\n")
    (tmp_path / "mine.txt").write_text("kept\n")
    nrcdata.export("csv", tmp_path)
    assert (tmp_path / "claims.csv").read_bytes() == (ROOT / "data" / "claims.csv").read_bytes()
    assert (tmp_path / "mine.txt").read_text() == "kept\n"


def test_cli_export_prints_one_line(tmp_path):
    code, out, err = run_cli("export", "--format", "sqlite", "--out", str(tmp_path / "db"))
    assert (code, out, err) == (0, f"export: wrote 2 sqlite file(s) to {tmp_path / 'db'}\n", "")


@pytest.mark.parametrize("target", ["data", "schema", ".", "data/sub"])
def test_cli_refuses_to_write_into_the_package(target):
    before = {p: p.read_bytes() for p in (ROOT / "data").glob("*.csv")}
    out_dir = ROOT / target
    code, out, err = run_cli("export", "--format", "csv", "--out", str(out_dir))
    assert (code, out) == (2, "")
    assert err == (f"error: refusing to write into {out_dir}: it holds the data package itself; "
                   "choose another folder\n")
    assert {p: p.read_bytes() for p in (ROOT / "data").glob("*.csv")} == before
    assert not (ROOT / "data" / "sub").exists()


def test_cli_refuses_the_folder_of_an_edited_copy(package_copy):
    code, out, err = run_cli("export", "--format", "json", "--out", str(package_copy / "data"), str(package_copy))
    assert code == 2 and "refusing to write into" in err
    assert not list((package_copy / "data").glob("*.json"))


def test_cli_export_of_an_invalid_package_lists_its_problems(package_copy, tmp_path):
    path = package_copy / "data" / "claims.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[1][rows[0].index("holder_id")] = "nobody"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    code, out, err = run_cli("export", "--format", "csv", "--out", str(tmp_path / "out"), str(package_copy))
    assert code == 1 and err == ""
    assert out.splitlines()[-1] == "invalid: 1 problem(s)"
    assert "holder_id: nobody is not among actors.actor_id" in out
    assert not (tmp_path / "out").exists()


def test_cli_unknown_format_is_a_usage_error(tmp_path):
    code, out, err = run_cli("export", "--format", "dbf", "--out", str(tmp_path))
    assert code == 2 and out == "" and "invalid choice: 'dbf'" in err


@pytest.mark.parametrize("fmt, module, message", [
    ("parquet", "pyarrow", "the parquet export needs pyarrow: pip install 'nrcdata[parquet]'"),
    ("xlsx", "openpyxl", "the excel export needs openpyxl: pip install 'nrcdata[excel]'"),
])
def test_a_missing_optional_dependency_names_its_extra(tmp_path, monkeypatch, capsys, fmt, module, message):
    for name in [m for m in sys.modules if m == module or m.startswith(module + ".")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` raise ImportError
    code = cli.main(["export", "--format", fmt, "--out", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert (code, captured.out, captured.err) == (2, "", f"error: {message}\n")
    assert not (tmp_path / "out").exists()


def test_cli_export_to_a_path_that_cannot_be_a_folder(tmp_path):
    (tmp_path / "afile").write_text("x")
    code, out, err = run_cli("export", "--format", "csv", "--out", str(tmp_path / "afile"))
    assert (code, out, err) == (2, "", f"error: {tmp_path / 'afile'} exists and is not a folder\n")
    code, out, err = run_cli("export", "--format", "csv", "--out", str(tmp_path / "afile" / "sub"))
    assert (code, out) == (2, "")
    assert err == f"error: cannot create {tmp_path / 'afile' / 'sub'}: Not a directory\n"
