"""Export the dataset for other tools: CSV, JSON, Parquet, SQLite (with Datasette metadata), Excel, Stata,
W3C Web Annotations and the Discourse Network Analyzer's statement list.

Every export loads (and so validates) the package first, writes its files into a temporary folder
inside the target folder and only then renames them into place, so a failed export leaves no
partial file. It refuses to write into the package's own folders. pyarrow (Parquet) is a
dependency; openpyxl (Excel) is optional: ``pip install 'nrcdata[excel]'``. The annotations
need the paper's text (for the quote selectors' exact, prefix and suffix).
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

from .cite import citation
from .csvio import to_csv_text
from .errors import ExportError, MissingDependency, require
from .loading import Table, load, tables_of
from .models import MODELS
from .networks import DNA_NAME, dna_rows
from .package import read_descriptor, shipped_root
from .release import datasette_metadata
from .schema import TITLE, datapackage_id
from .stata import write_stata
from .text import SOURCE_SHA256, SourceTextMissing, canonical_sha256, canonical_text, compute_spans, load_paper
from .typemaps import ARROW, SQLITE, is_optional, logical_type

FORMATS = ("csv", "json", "parquet", "sqlite", "xlsx", "stata", "annotations", "dna")
SQLITE_NAME = "nrcdata.sqlite"
DATASETTE_METADATA_NAME = "metadata.json"  # beside the database: datasette nrcdata.sqlite -m metadata.json
XLSX_NAME = "nrcdata.xlsx"
TEMP_PREFIX = ".nrcdata-export-"
__all__ = ["export", "ExportError", "MissingDependency", "FORMATS"]
ANNOTATIONS_NAME = "annotations.jsonld"
STATA_SUFFIX = "dta"


# -- the writers: each writes the files of one format into a folder ---------------------------

UTF8_BOM = b"\xef\xbb\xbf"


def write_csv(tables: dict[str, Table], folder: Path, bom: bool = False) -> list[str]:
    """The shipped CSVs' bytes; with ``bom``, preceded by the UTF-8 byte order mark that
    spreadsheets opening a file by double-click take as "this is UTF-8"."""
    for t in tables.values():
        data = to_csv_text(t.fields, t.rows).encode("utf-8")
        (folder / f"{t.name}.csv").write_bytes(UTF8_BOM + data if bom else data)
    return [f"{t.name}.csv" for t in tables.values()]


def _json_value(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def write_json(tables: dict[str, Table], folder: Path) -> list[str]:
    for t in tables.values():
        records = [{f: _json_value(v) for f, v in zip(t.fields, row)} for row in t.rows]
        (folder / f"{t.name}.json").write_text(
            json.dumps(records, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return [f"{t.name}.json" for t in tables.values()]


def write_parquet(tables: dict[str, Table], folder: Path) -> list[str]:
    pa = require("pyarrow", "the parquet export", "parquet")
    pq = require("pyarrow.parquet", "the parquet export", "parquet")
    arrow_types = {kind: getattr(pa, name)() for kind, name in ARROW.items()}
    for t in tables.values():
        schema = pa.schema(
            [pa.field(f, arrow_types[ty], nullable=not req, metadata={"description": d})
             for f, ty, req, d in zip(t.fields, t.types, t.required, t.descriptions)],
            metadata={"title": t.title, "description": t.description})
        columns = [[row[i] for row in t.rows] for i in range(len(t.fields))]
        table = pa.Table.from_arrays([pa.array(c, type=arrow_types[ty]) for c, ty in zip(columns, t.types)],
                                     schema=schema)
        pq.write_table(table, folder / f"{t.name}.parquet")
    return [f"{t.name}.parquet" for t in tables.values()]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def create_table_sql(name: str) -> str:
    """CREATE TABLE for one table: column types, NOT NULL, primary and foreign keys."""
    model = MODELS[name]
    meta = model.__table__
    lines = []
    for f, info in model.model_fields.items():
        kind = logical_type(info)
        col = f"{_q(f)} {SQLITE[kind]}"
        if not is_optional(info):
            col += " NOT NULL"
        if kind == "boolean":  # SQLite has no boolean: 0/1, as sqlite-utils and Datasette expect
            col += f" CHECK ({_q(f)} IN (0, 1))"
        elif kind == "date":
            col += f" CHECK ({_q(f)} IS date({_q(f)}))"
        lines.append(col)
    lines.append(f"PRIMARY KEY ({', '.join(_q(k) for k in meta.primary_key)})")
    for k in meta.foreign_keys:
        lines.append(f"FOREIGN KEY ({', '.join(_q(f) for f in k.fields)}) REFERENCES "
                     f"{_q(k.table)} ({', '.join(_q(f) for f in k.ref_fields)})")
    return f"CREATE TABLE {_q(name)} (\n  " + ",\n  ".join(lines) + "\n)"


def _sql_value(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def write_sqlite(tables: dict[str, Table], folder: Path) -> list[str]:
    path = folder / SQLITE_NAME
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("BEGIN")
        # countries refer to cases, which come later: check the keys at COMMIT, not per row
        con.execute("PRAGMA defer_foreign_keys = ON")
        con.execute("CREATE TABLE _tables (name TEXT PRIMARY KEY, title TEXT NOT NULL, description TEXT NOT NULL)")
        con.execute("CREATE TABLE _columns (table_name TEXT NOT NULL REFERENCES _tables (name), "
                    "column_name TEXT NOT NULL, type TEXT NOT NULL, description TEXT NOT NULL, "
                    "PRIMARY KEY (table_name, column_name))")
        for t in tables.values():  # every table first: a foreign key needs its parent table
            con.execute(create_table_sql(t.name))
        for t in tables.values():
            con.execute("INSERT INTO _tables VALUES (?, ?, ?)", (t.name, t.title, t.description))
            con.executemany("INSERT INTO _columns VALUES (?, ?, ?, ?)",
                            [(t.name, f, ty, d) for f, ty, d in zip(t.fields, t.types, t.descriptions)])
            marks = ", ".join("?" * len(t.fields))
            con.executemany(f"INSERT INTO {_q(t.name)} VALUES ({marks})",
                            [[_sql_value(v) for v in row] for row in t.rows])
        broken = con.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            con.execute("ROLLBACK")
            raise ExportError(f"the sqlite export found {len(broken)} broken foreign key(s), first: {broken[0]}")
        con.execute("COMMIT")
    except sqlite3.Error as e:
        raise ExportError(f"the sqlite export failed: {e}") from None
    finally:
        con.close()
    # Datasette shows titles and descriptions from a metadata file, not from _tables/_columns
    database = Path(SQLITE_NAME).stem
    (folder / DATASETTE_METADATA_NAME).write_text(
        json.dumps(datasette_metadata(database), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return [SQLITE_NAME, DATASETTE_METADATA_NAME]


def about_lines(version: str) -> list[tuple[str, str]]:
    """The (label, text) pairs that head the Excel workbook's About sheet."""
    dataset, paper = citation("apa").splitlines()
    return [("title", TITLE), ("version", version), ("cite as", dataset), ("and the paper", paper),
            ("licence", "Data CC BY 4.0 (LICENSE-DATA); code MIT (LICENSE)"),
            ("missing values", "An empty cell is a missing value; the text NA is text."),
            ("codebook", "Each table and field below; the full codebook with every code and the coding "
                         "rules: run 'nrcdata codebook' (docs/codebook.md in the repository).")]


XLSX_MIN_WIDTH, XLSX_MAX_WIDTH = 8, 60


def column_width(header: str, values: list) -> int:
    """A sheet column's width in characters: its longest header or value, within 8 and 60."""
    longest = max([len(header)] + [len(v.isoformat() if isinstance(v, dt.date) else str(v))
                                    for v in values if v is not None])
    return max(XLSX_MIN_WIDTH, min(XLSX_MAX_WIDTH, longest + 2))


def write_xlsx(tables: dict[str, Table], folder: Path, version: str) -> list[str]:
    openpyxl = require("openpyxl", "the excel export", "excel")
    from openpyxl.styles import Alignment, Font
    bold = Font(bold=True)
    wb = openpyxl.Workbook()
    about = wb.active
    about.title = "About"

    def put(ws, row: int, col: int, value):
        cell = ws.cell(row=row, column=col)
        cell.value = value
        if isinstance(value, str):
            # openpyxl stores text starting with "=" as a formula and "#N/A" as an error: force text
            cell.data_type = "s"
        elif isinstance(value, dt.date):
            cell.number_format = "yyyy-mm-dd"
        return cell

    r = 1
    for label, text in about_lines(version):
        put(about, r, 1, label).font = bold
        put(about, r, 2, text)
        r += 1
    r += 1
    for col, head in enumerate(("table / field", "type", "required", "description"), start=1):
        put(about, r, col, head).font = bold
    for t in tables.values():
        r += 1
        put(about, r, 1, t.name).font = bold
        put(about, r, 2, "table")
        put(about, r, 4, f"{t.title}: {t.description}")
        for f, ty, req, d in zip(t.fields, t.types, t.required, t.descriptions):
            r += 1
            put(about, r, 1, f"{t.name}.{f}")
            put(about, r, 2, ty)
            put(about, r, 3, "yes" if req else "no")
            put(about, r, 4, d)
    about.column_dimensions["A"].width = 32
    about.column_dimensions["B"].width = 12
    about.column_dimensions["C"].width = 10
    about.column_dimensions["D"].width = 120
    for row in about.iter_rows(min_col=4, max_col=4):
        row[0].alignment = Alignment(wrap_text=False)

    from openpyxl.utils import get_column_letter
    for t in tables.values():
        ws = wb.create_sheet(t.name)
        for c, f in enumerate(t.fields, start=1):
            put(ws, 1, c, f).font = bold
        for i, row in enumerate(t.rows, start=2):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    cell = put(ws, i, c, value)
                    if isinstance(value, str):
                        # the Text format: "October 2003" or "1992" stays text when a cell is edited
                        cell.number_format = "@"
        ws.freeze_panes = "A2"  # the header stays in view
        ws.auto_filter.ref = f"A1:{get_column_letter(len(t.fields))}{len(t.rows) + 1}"
        for c, f in enumerate(t.fields, start=1):
            ws.column_dimensions[get_column_letter(c)].width = column_width(
                f, [row[c - 1] for row in t.rows])
    error = None
    try:
        wb.save(folder / XLSX_NAME)
    except BaseException as e:  # noqa: BLE001 - re-raised below, once openpyxl's writers are gone
        error = e
    if error is not None:
        error.__traceback__ = None  # its frames hold the half-run writers
        del wb, about
        _drop_failed_writers()
        raise error
    return [XLSX_NAME]


def _drop_failed_writers() -> None:
    """After openpyxl's save failed (a full disk), its half-run sheet writers are generators that
    try to close their file again when collected and print "Exception ignored" with a traceback.
    Collect them now, with Python's hook for such exceptions silenced for that one collection."""
    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        gc.collect()
    finally:
        sys.unraisablehook = hook


# -- W3C Web Annotations ------------------------------------------------------------------------

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTEXT_CHARS = 32  # the length of a TextQuoteSelector's prefix and suffix (shorter at the ends)
# the dataset's own words for a row, the body an annotation describes its quote with
BODY_FIELDS = ("statement", "description", "summary", "characterisation", "label", "note", "name")


def annotation_paper(paper_path=None):
    """The parsed paper for the annotations export; ExportError when its text is not at hand."""
    try:
        return load_paper(paper_path)
    except SourceTextMissing as e:
        raise ExportError(f"the annotations export needs the paper's text (it is not redistributed) for "
                          f"the quote selectors' exact text, prefix and suffix: {e} or pass --paper") from None
    except ValueError as e:
        raise ExportError(f"the annotations export needs the paper's own text: {e}") from None


def quote_selector(text: str, start: int, end: int) -> dict:
    """A TextQuoteSelector for text[start:end]: the exact words, and CONTEXT_CHARS characters of
    prefix and suffix, doubled until the three together occur only once in the text (the paper
    repeats some passages word for word) or the context reaches the text's ends."""
    width = CONTEXT_CHARS
    while True:
        prefix, suffix = text[max(0, start - width):start], text[end:end + width]
        whole = prefix + text[start:end] + suffix
        first = text.find(whole)
        if text.find(whole, first + 1) < 0 or (len(prefix) == start and end + len(suffix) == len(text)):
            return {"type": "TextQuoteSelector", "exact": text[start:end], "prefix": prefix, "suffix": suffix}
        width *= 2


def annotation_collection(ds, paper) -> dict:
    """The quotes of a loaded Dataset as a W3C Web Annotation collection (JSON-LD): one
    Annotation per quote-like field of a row, one target per part between '...' elisions, each
    with a TextQuoteSelector and a TextPositionSelector on the paper's canonical text
    (``nrcdata.text.canonical_text``), identified as urn:sha256:<its SHA-256>. The shipped
    quote_spans must equal a fresh computation from the text and the data."""
    spans = ds.tables.get("quote_spans", [])
    fresh, missing = compute_spans(paper, ds.tables, MODELS)
    shipped = [(s.table_name, s.row_id, s.field, s.part, s.start, s.end) for s in spans]
    if missing or shipped != [tuple(f) for f in fresh]:
        raise ExportError("quote_spans does not match the paper's text and the data"
                          + (f" ({missing[0]})" if missing else "")
                          + "; regenerate it: nrcdata spans --write")
    text = canonical_text(paper)
    source = f"urn:sha256:{canonical_sha256(paper)}"
    base = datapackage_id()
    grouped: dict[tuple[str, str, str], list] = {}
    for s in spans:
        grouped.setdefault((s.table_name, s.row_id, s.field), []).append(s)
    keyed = {}
    for name, model in MODELS.items():
        key = model.__table__.primary_key
        keyed[name] = {"/".join(str(getattr(r, k)) for k in key): r for r in ds.tables.get(name, [])}
    items = []
    for (table, row_id, field), parts in grouped.items():
        row = keyed[table][row_id]
        body_field = next((f for f in BODY_FIELDS if f in MODELS[table].model_fields), None)
        body: list[dict] = []
        if body_field is not None:
            body.append({"type": "TextualBody", "purpose": "describing", "value": getattr(row, body_field),
                         "format": "text/plain", "language": "en"})
        body.append({"type": "SpecificResource", "purpose": "identifying",
                     "source": f"{base}:{table}:{row_id}"})
        body.append({"type": "TextualBody", "purpose": "tagging", "value": f"{table}.{field}"})
        targets = []
        for s in parts:
            targets.append({"source": source, "selector": [
                quote_selector(text, s.start, s.end),
                {"type": "TextPositionSelector", "start": s.start, "end": s.end}]})
        items.append({"id": f"{base}:annotation:{table}:{row_id}:{field}", "type": "Annotation",
                      "motivation": "describing", "body": body, "target": targets})
    collection_id = f"{base}:annotations:{ds.version}"
    return {
        "@context": ANNO_CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": (f"nrcdata {ds.version}: the quotes of the data in Adomeit (2007), 'Inside or Outside? "
                  f"Russia's Policies Towards NATO'. Targets are the paper's canonical text ({source}; "
                  "paragraphs 1-104 then footnotes 1-74, see the codebook), built by nrcdata.text from "
                  f"the paper's text file with SHA-256 {SOURCE_SHA256}; offsets count Unicode code points."),
        "generator": {"type": "Software", "name": f"nrcdata {ds.version}"},
        "total": len(items),
        "first": {"id": f"{collection_id}:page1", "type": "AnnotationPage", "partOf": collection_id,
                  "startIndex": 0, "items": items},
        "last": f"{collection_id}:page1",
    }


def write_annotations(ds, folder: Path, paper) -> list[str]:
    collection = annotation_collection(ds, paper)
    (folder / ANNOTATIONS_NAME).write_text(json.dumps(collection, indent=2, ensure_ascii=False) + "\n",
                                           encoding="utf-8")
    return [ANNOTATIONS_NAME]


def write_dna(ds, folder: Path) -> list[str]:
    """The Discourse Network Analyzer's statement list (networks.dna_rows) as one CSV file."""
    (folder / DNA_NAME).write_bytes(to_csv_text(*dna_rows(ds)).encode("utf-8"))
    return [DNA_NAME]


# -- the entry point --------------------------------------------------------------------------

def _protected(package_root: Path) -> tuple[set[Path], set[Path]]:
    """(roots, folders and files) of the package and of the shipped package: the descriptor, each
    file it names and the folders holding them, data/ and schema/. An export never writes there."""
    roots, inside = set(), set()
    for root in {shipped_root(), package_root}:
        root = root.resolve()
        roots.add(root)
        inside |= {root / "data", root / "schema", root / "datapackage.json"}
        desc = read_descriptor(root)
        for rel in list(desc.paths.values()) + [s for s in desc.schemas.values() if isinstance(s, str)]:
            target = (root / rel).resolve()
            inside.add(target)
            inside |= {p for p in target.parents if p.is_relative_to(root) and p != root}
    return roots, inside


def _check_target(out_dir: Path, package_root: Path, names: list[str]) -> None:
    target = out_dir.resolve()
    roots, inside = _protected(package_root)
    if target in roots or target in inside or any(p in inside for p in target.parents):
        raise ExportError(f"refusing to write into {out_dir}: it holds the data package itself; "
                          "choose another folder")
    for name in names:
        if (target / name).resolve() in inside:
            raise ExportError(f"refusing to write {out_dir / name}: it is a file of the data package; "
                              "choose another folder")
    if target.exists() and not target.is_dir():
        raise ExportError(f"{out_dir} exists and is not a folder")
    for name in names:
        dest = out_dir / name
        if dest.is_dir() and not dest.is_symlink():
            raise ExportError(f"cannot write {dest}: a folder of that name is in the way; nothing was "
                              "written")


def _remove_stale_temporaries(out_dir: Path) -> None:
    """Folders an interrupted export left behind (a killed process cannot clean up)."""
    for stale in out_dir.glob(TEMP_PREFIX + "*"):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)


def output_names(format: str, tables: dict[str, Table]) -> list[str]:
    """The files an export of ``format`` writes."""
    if format == "sqlite":
        return [SQLITE_NAME, DATASETTE_METADATA_NAME]
    if format == "xlsx":
        return [XLSX_NAME]
    if format == "annotations":
        return [ANNOTATIONS_NAME]
    if format == "dna":
        return [DNA_NAME]
    return [f"{t}.{STATA_SUFFIX if format == 'stata' else format}" for t in tables]


def export(format: str, out_dir: str | os.PathLike, path: str | os.PathLike | None = None,
           paper_path: str | os.PathLike | None = None, *, excel: bool = False) -> list[Path]:
    """Write the package (the shipped one by default, or ``path``) in ``format`` into ``out_dir``
    (created if missing); return the files written. Files of the same name in ``out_dir`` are
    replaced; no file or folder of the package is ever written to.

    csv: one file per table, byte for byte the shipped CSVs. json: one array of records per
    table (ISO dates, null for empty). parquet: one file per table with real types. sqlite: one
    database with keys, types and the descriptions in ``_tables`` and ``_columns``, and beside it
    Datasette's ``metadata.json`` (title, licence, source, every table and column described).
    xlsx: one workbook with an About sheet (citation, licence, codebook) and a sheet per table,
    its header frozen, with filters and column widths, every text cell typed as text. stata: one
    ``<table>.dta`` per table (format 118) with variable labels, value labels and Stata dates.
    ``excel=True`` (csv only): the same CSVs with a UTF-8 byte order mark, so that a spreadsheet
    opened by double-click reads them as UTF-8.
    annotations: ``annotations.jsonld``, a W3C Web Annotation collection with a quote and a
    position selector per quote part; needs the paper's text (``paper_path``, else
    ``$NRCDATA_SOURCE_TEXT`` or the default place), else ExportError.
    dna: ``statements.csv``, the statement list of the Discourse Network Analyzer: one row per claim
    with an issue and a position (claim_id, date, person, organization, concept, agreement, quote,
    section, paragraph, issue_id; the codebook's "Networks" section says what each holds).

    Raises ExportError (MissingDependency when an optional package is missing) and
    InvalidPackage when the package does not validate.
    """
    if format not in FORMATS:
        raise ExportError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    if excel and format != "csv":
        raise ExportError("excel=True (--excel) applies to the csv format only; "
                          "for a workbook use the xlsx format")
    # fail on a missing optional dependency before loading anything
    if format == "parquet":
        require("pyarrow.parquet", "the parquet export", "parquet")
    elif format == "xlsx":
        require("openpyxl", "the excel export", "excel")
    paper = annotation_paper(paper_path) if format == "annotations" else None
    out_dir = Path(out_dir)
    ds = load(path)
    tables = tables_of(ds)
    names = output_names(format, tables)
    _check_target(out_dir, Path(ds.root), names)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ExportError(f"cannot create {out_dir}: {e.strerror or e}") from None
    try:
        _remove_stale_temporaries(out_dir)
        tmp = Path(tempfile.mkdtemp(dir=out_dir, prefix=TEMP_PREFIX))
    except OSError as e:
        raise ExportError(f"cannot write into {out_dir}: {e.strerror or e}") from None
    try:
        if format == "xlsx":
            written = write_xlsx(tables, tmp, ds.version)
        elif format == "annotations":
            written = write_annotations(ds, tmp, paper)
        elif format == "stata":
            written = write_stata(tables, tmp, ds.version)
        elif format == "dna":
            written = write_dna(ds, tmp)
        elif format == "csv":
            written = write_csv(tables, tmp, bom=excel)
        else:
            written = {"csv": write_csv, "json": write_json, "parquet": write_parquet,
                       "sqlite": write_sqlite}[format](tables, tmp)
        assert written == names, (written, names)
        for name in names:  # every file is complete before the first one is put in place
            os.replace(tmp / name, out_dir / name)
    except OSError as e:
        raise ExportError(f"the {format} export to {out_dir} failed: {e.strerror or e}; no file of it "
                          "was put in place") from None
    except ValueError as e:  # pandas' Stata writer refusing a value
        raise ExportError(f"the {format} export failed: {e}") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return [out_dir / name for name in names]
