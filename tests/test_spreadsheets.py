"""Spreadsheets: the xlsx export (frozen header, filters, widths, text typed as text) and the
--excel CSV (UTF-8 with a byte order mark), both opened by LibreOffice headless.

LibreOffice is Debian's libreoffice-calc-nogui (.ci/run installs it when missing). Under CI=true
its absence fails the LibreOffice tests; elsewhere they are skipped.
"""

import csv
import os
import re
import shutil
import subprocess

import pytest

import nrcdata
from nrcdata.exports import UTF8_BOM
from nrcdata.models import MODELS
from nrcdata.typemaps import logical_type
from conftest import ROOT, run_cli

pytestmark = pytest.mark.slow  # left out of `make check`

DATE_LIKE = ("September 22", "October 2003")  # events.date_as_printed values a spreadsheet would take for dates


def _csv_rows(path, encoding="utf-8"):
    with open(path, encoding=encoding, newline="") as f:
        return list(csv.reader(f))


def _kinds(name):
    return [logical_type(i) for i in MODELS[name].model_fields.values()]


@pytest.fixture(scope="module")
def soffice(tmp_path_factory):
    """LibreOffice's soffice, run with a throw-away user profile."""
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        problem = "LibreOffice is not installed (apt-get install libreoffice-calc-nogui)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI needs LibreOffice: {problem}")
        pytest.skip(problem)
    profile = tmp_path_factory.mktemp("lo-profile")

    def convert(target: str, files, outdir, infilter=None):
        args = [path, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
        if infilter:
            args.append(f"--infilter={infilter}")
        args += ["--convert-to", target, "--outdir", str(outdir), *map(str, files)]
        proc = subprocess.run(args, capture_output=True, text=True, timeout=180)
        assert proc.returncode == 0, proc.stderr
        return proc
    return convert


# -- the xlsx export, read with openpyxl ------------------------------------------------------

def test_xlsx_sheets_have_a_frozen_header_filters_widths_and_text_cells(tmp_path):
    import openpyxl
    nrcdata.export("xlsx", tmp_path)
    wb = openpyxl.load_workbook(tmp_path / "nrcdata.xlsx")
    for name, model in MODELS.items():
        ws = wb[name]
        assert ws.freeze_panes == "A2", name
        assert ws.auto_filter.ref == f"A1:{ws.cell(row=1, column=ws.max_column).column_letter}{ws.max_row}", name
        for c, kind in enumerate(_kinds(name), start=1):
            letter = ws.cell(row=1, column=c).column_letter
            assert 8 <= ws.column_dimensions[letter].width <= 60, (name, letter)
            if kind == "string":
                for (cell,) in ws.iter_rows(min_row=2, min_col=c, max_col=c):
                    if cell.value is not None:
                        assert (cell.data_type, cell.number_format) == ("s", "@"), (name, cell.coordinate)
    events = wb["events"]
    col = list(MODELS["events"].model_fields).index("date_as_printed") + 1
    printed = [events.cell(row=r, column=col).value for r in range(2, events.max_row + 1)]
    assert set(DATE_LIKE) <= set(printed) and all(isinstance(v, str) for v in printed)
    claims = wb["claims"]
    quote = list(MODELS["claims"].model_fields).index("quote") + 1
    assert claims.column_dimensions[claims.cell(row=1, column=quote).column_letter].width == 60


# -- the --excel CSV --------------------------------------------------------------------------

def test_excel_csv_is_the_shipped_bytes_after_a_bom(tmp_path):
    code, out, err = run_cli("export", "--format", "csv", "--excel", "--out", str(tmp_path))
    assert code == 0, err
    assert "UTF-8 with BOM" in out
    for name in MODELS:
        data = (tmp_path / f"{name}.csv").read_bytes()
        assert data == UTF8_BOM + (ROOT / "data" / f"{name}.csv").read_bytes(), name
    # Python's utf-8-sig (and so pandas, R's readr) drops the mark: the same rows as the shipped file
    assert _csv_rows(tmp_path / "events.csv", "utf-8-sig") == _csv_rows(ROOT / "data" / "events.csv")


def test_excel_applies_to_csv_only(tmp_path):
    code, _, err = run_cli("export", "--format", "json", "--excel", "--out", str(tmp_path))
    assert code == 2 and "csv format only" in err and "xlsx" in err
    assert not any(tmp_path.iterdir())


# -- LibreOffice ------------------------------------------------------------------------------

def test_libreoffice_reads_the_xlsx_every_cell_as_written(soffice, tmp_path):
    """LibreOffice opens the workbook and saves every sheet as CSV: every cell comes out as the
    shipped CSV has it (booleans as Calc spells them), so no text became a date or a number and
    no character was garbled."""
    nrcdata.export("xlsx", tmp_path / "x")
    # CSV, comma, double quote, UTF-8 (76), from line 1, ..., all sheets (-1): <file>-<sheet>.csv
    soffice("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            [tmp_path / "x" / "nrcdata.xlsx"], tmp_path / "lo")
    for name in MODELS:
        got = _csv_rows(tmp_path / "lo" / f"nrcdata-{name}.csv")
        want = _csv_rows(ROOT / "data" / f"{name}.csv")
        kinds = _kinds(name)
        assert len(got) == len(want), name
        assert got[0] == want[0], name
        for i, (g, w) in enumerate(zip(got[1:], want[1:]), start=2):
            g = [v.lower() if k == "boolean" else v for v, k in zip(g, kinds)]
            assert g == w, f"{name}:{i}"
    text = (tmp_path / "lo" / "nrcdata-events.csv").read_text(encoding="utf-8")
    assert "Portorož" in text and all(f",{d}," in text or f'"{d}"' in text for d in DATE_LIKE)


def test_libreoffice_reads_the_excel_csv_as_utf8_and_keeps_date_like_text(soffice, tmp_path):
    """LibreOffice opens the --excel CSVs with the character set left to the file (0: the byte
    order mark decides) and its default of not detecting special numbers, then saves them as
    xlsx: the mark is consumed, not a character of the first header, non-ASCII text is intact
    and "September 22" and "October 2003" are still text. (Plain numbers such as a year do
    become numbers in any CSV import: the xlsx export is the way to keep them text.)"""
    import openpyxl
    nrcdata.export("csv", tmp_path / "c", excel=True)
    names = ["events", "sources", "claims"]
    soffice("xlsx", [tmp_path / "c" / f"{n}.csv" for n in names], tmp_path / "lo",
            infilter="CSV:44,34,0,1,,0,false,false,false,false,false")
    for name in names:
        ws = openpyxl.load_workbook(tmp_path / "lo" / f"{name}.xlsx").active
        got = [["" if v is None else v for v in row] for row in ws.iter_rows(values_only=True)]
        want = _csv_rows(ROOT / "data" / f"{name}.csv")
        assert got[0] == want[0], name  # no "\ufeff" or "ï»¿" before the first field name
        assert len(got) == len(want), name
        checked = 0
        for g_row, w_row in zip(got[1:], want[1:]):
            for g, w in zip(g_row, w_row):
                if re.fullmatch(r"-?\d+(\.\d+)?|\d{4}-\d{2}-\d{2}|true|false|", w):
                    continue  # numbers, ISO dates and booleans are Calc's to type
                assert g == w, (name, w)
                checked += 1
        assert checked > 50, name
    events = openpyxl.load_workbook(tmp_path / "lo" / "events.xlsx").active
    values = {v for row in events.iter_rows(values_only=True) for v in row}
    assert set(DATE_LIKE) <= values
    assert any(isinstance(v, str) and "Portorož" in v for v in values)
