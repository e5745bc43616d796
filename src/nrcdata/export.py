"""Export the dataset for other tools: CSV, JSON, Parquet, SQLite, Excel and Stata.

Every export loads (and so validates) the package first, writes its files into a temporary folder
inside the target folder and only then renames them into place, so a failed export leaves no
partial file. It refuses to write into the package's own folders. pyarrow (Parquet) is a
dependency; openpyxl (Excel) is optional: ``pip install 'nrcdata[excel]'``.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
from enum import Enum
from pathlib import Path
from typing import NamedTuple

from .models import MODELS, Row
from .release import datasette_metadata
from .schema import base_type, is_optional, table_type
from .stata import write_stata

FORMATS = ("csv", "json", "parquet", "sqlite", "xlsx", "stata")
SQLITE_NAME = "nrcdata.sqlite"
DATASETTE_METADATA_NAME = "metadata.json"  # beside the database: datasette nrcdata.sqlite -m metadata.json
XLSX_NAME = "nrcdata.xlsx"


class ExportError(Exception):
    """An export could not be made; the message says why and what to do."""


class MissingDependency(ExportError):
    """An optional dependency is not installed; the message names the extra that brings it."""


def require(module: str, feature: str, extra: str):
    """Import an optional dependency or raise MissingDependency naming the extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingDependency(f"{feature} needs {module.split('.')[0]}: "
                                f"pip install 'nrcdata[{extra}]'") from None


class Table(NamedTuple):  # read-only; a NamedTuple costs `import nrcdata` less than a dataclass
    """One table as plain values: Python ``date``, ``int``, ``bool``, ``str`` or ``None``."""
    name: str
    title: str
    description: str
    fields: list[str]
    types: list[str]        # Table Schema types: string, integer, boolean, date
    required: list[bool]
    descriptions: list[str]
    rows: list[list]


def _plain(value):
    return value.value if isinstance(value, Enum) else value


def tables_of(ds, names=None) -> dict[str, Table]:
    """Tables of a loaded Dataset (all, or ``names``) as plain values, in the package's table
    and field order: what every export and DataFrame is made from."""
    out = {}
    for name, model in MODELS.items():
        if names is not None and name not in names:
            continue
        meta = model.__table__
        fields = list(model.model_fields)
        infos = list(model.model_fields.values())
        rows: list[Row] = ds.tables.get(name, [])
        out[name] = Table(
            name, meta.title, meta.description, fields,
            [table_type(base_type(f)) for f in infos], [not is_optional(f) for f in infos],
            [f.description or "" for f in infos],
            [[_plain(getattr(r, f)) for f in fields] for r in rows])
    return out


# -- the writers: each writes the files of one format into a folder ---------------------------

UTF8_BOM = b"\xef\xbb\xbf"


def write_csv(tables: dict[str, Table], folder: Path, bom: bool = False) -> list[str]:
    """The shipped CSVs' bytes; with ``bom``, preceded by the UTF-8 byte order mark that
    spreadsheets opening a file by double-click take as "this is UTF-8"."""
    from .csvio import to_csv_text  # the writer of the shipped files, so the bytes are theirs
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
    arrow_types = {"string": pa.string(), "integer": pa.int64(), "boolean": pa.bool_(), "date": pa.date32()}
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


_SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "boolean": "INTEGER", "date": "TEXT"}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def create_table_sql(name: str) -> str:
    """CREATE TABLE for one table: column types, NOT NULL, primary and foreign keys."""
    model = MODELS[name]
    meta = model.__table__
    lines = []
    for f, info in model.model_fields.items():
        kind = table_type(base_type(info))
        col = f"{_q(f)} {_SQL_TYPES[kind]}"
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
    import sqlite3
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
    from .cite import citation
    from .schema import TITLE
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
    wb.save(folder / XLSX_NAME)
    return [XLSX_NAME]


# -- the entry point --------------------------------------------------------------------------

def _forbidden_folders(package_root: Path) -> set[Path]:
    from .api import shipped_root
    out = set()
    for root in {shipped_root().resolve(), package_root.resolve()}:
        out |= {root, root / "data", root / "schema"}
    return out


def _check_target(out_dir: Path, package_root: Path) -> None:
    target = out_dir.resolve()
    for folder in _forbidden_folders(package_root):
        if target == folder or folder in target.parents and folder.name in ("data", "schema"):
            raise ExportError(f"refusing to write into {out_dir}: it holds the data package itself; "
                              "choose another folder")
    if target.exists() and not target.is_dir():
        raise ExportError(f"{out_dir} exists and is not a folder")


def export(format: str, out_dir: str | Path, path: str | Path | None = None, *,
           excel: bool = False) -> list[Path]:
    """Write the package (the shipped one by default, or ``path``) in ``format`` into ``out_dir``
    (created if missing); return the files written. Files of the same name in ``out_dir`` are
    replaced; the package's own folders are never written to.

    csv: one file per table, byte for byte the shipped CSVs. json: one array of records per
    table (ISO dates, null for empty). parquet: one file per table with real types. sqlite: one
    database with keys, types and the descriptions in ``_tables`` and ``_columns``, and beside it
    Datasette's ``metadata.json`` (title, licence, source, every table and column described).
    xlsx: one workbook with an About sheet (citation, licence, codebook) and a sheet per table,
    its header frozen, with filters and column widths, every text cell typed as text. stata: one
    ``<table>.dta`` per table (format 118) with variable labels, value labels and Stata dates.
    ``excel=True`` (csv only): the same CSVs with a UTF-8 byte order mark, so that a spreadsheet
    opened by double-click reads them as UTF-8.

    Raises ExportError (MissingDependency when an optional package is missing) and
    InvalidPackage when the package does not validate.
    """
    from .api import load
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
    out_dir = Path(out_dir)
    ds = load(path)
    _check_target(out_dir, Path(ds.root))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ExportError(f"cannot create {out_dir}: {e.strerror or e}") from None
    tables = tables_of(ds)
    import shutil  # here, not at the top: `import nrcdata` need not pay for them
    import tempfile
    try:
        tmp = Path(tempfile.mkdtemp(dir=out_dir, prefix=".nrcdata-export-"))
    except OSError as e:
        raise ExportError(f"cannot write into {out_dir}: {e.strerror or e}") from None
    try:
        if format == "xlsx":
            names = write_xlsx(tables, tmp, ds.version)
        elif format == "stata":
            names = write_stata(tables, tmp, ds.version)
        elif format == "csv":
            names = write_csv(tables, tmp, bom=excel)
        else:
            names = {"csv": write_csv, "json": write_json, "parquet": write_parquet,
                     "sqlite": write_sqlite}[format](tables, tmp)
        for name in names:  # every file is complete before the first one is put in place
            os.replace(tmp / name, out_dir / name)
    except OSError as e:
        raise ExportError(f"the {format} export to {out_dir} failed: {e.strerror or e}") from None
    except ValueError as e:  # pandas' Stata writer refusing a value
        raise ExportError(f"the {format} export failed: {e}") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return [out_dir / name for name in names]
