"""A corpus of damaged data packages, generated from the shipped one.

Each case copies datapackage.json, schema/ and data/*.csv into a folder and applies ONE damage,
the sort that Excel, R, a hand edit, a fork or a hostile third-party copy does. A case names the
Problem.kind it must raise (and any further kinds), and what ``frictionless validate`` is expected
to say: the same verdict, unless the case declares why not.

Damage is computed from whatever rows the shipped tables hold (the first row that has the field
set, the first key free in its pattern), so the corpus follows the data as it grows.

    python tests/damage.py DEST     # write every case into DEST/<case id>/ to look at
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # runnable as a script from a source checkout

from nrcdata.csvio import to_csv_text  # noqa: E402
from nrcdata.models import MODELS, TABLES  # noqa: E402
from nrcdata.cells import check_row  # noqa: E402


@dataclass(frozen=True)
class Where:
    """Where the case's main problem must be reported; None means any."""
    file: str
    row: int | None = None
    field: str | None = None


class Package:
    """A writable copy of the package and the edits damage needs. The shipped files hold one
    record per line (the models forbid line breaks), so row i of a table is on line i + 2."""

    def __init__(self, root: Path):
        self.root = root

    @classmethod
    def copy_shipped(cls, dest: Path) -> "Package":
        dest.mkdir(parents=True)
        shutil.copy(ROOT / "datapackage.json", dest)
        shutil.copytree(ROOT / "schema", dest / "schema")
        (dest / "data").mkdir()
        for model in TABLES:
            name = model.__table__.name
            shutil.copy(ROOT / "data" / f"{name}.csv", dest / "data")
        return cls(dest)

    # -- files ------------------------------------------------------------------------------
    def path(self, table: str) -> Path:
        return self.root / "data" / f"{table}.csv"

    def label(self, table: str) -> str:
        return f"data/{table}.csv"

    def read(self, table: str) -> tuple[list[str], list[list[str]]]:
        with self.path(table).open(encoding="utf-8", newline="") as f:
            header, *rows = list(csv.reader(f))
        return header, rows

    def write(self, table: str, header: list[str], rows: list[list[str]]) -> None:
        self.path(table).write_text(to_csv_text(header, rows), encoding="utf-8", newline="")

    def dicts(self, table: str) -> list[dict[str, str]]:
        header, rows = self.read(table)
        return [dict(zip(header, r)) for r in rows]

    def descriptor(self) -> dict:
        return json.loads((self.root / "datapackage.json").read_text(encoding="utf-8"))

    def write_descriptor(self, desc: dict) -> None:
        try:
            text = json.dumps(desc, indent=2, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: JSON can carry it only escaped
            text = json.dumps(desc, indent=2).encode("utf-8")
        (self.root / "datapackage.json").write_bytes(text + b"\n")

    def strip_file_facts(self) -> None:
        """Drop each resource's bytes and hash: damage changes them, and frictionless would
        report that instead of the damage itself."""
        desc = self.descriptor()
        for res in desc["resources"]:
            res.pop("bytes", None)
            res.pop("hash", None)
        self.write_descriptor(desc)

    # -- rows -------------------------------------------------------------------------------
    def first(self, table: str, field: str | None = None) -> tuple[int, dict[str, str]]:
        """(line, cells) of the first row, or of the first row with ``field`` set."""
        for i, row in enumerate(self.dicts(table)):
            if field is None or row[field] != "":
                return i + 2, row
        raise LookupError(f"data/{table}.csv has no row{f' with {field} set' if field else ''} to damage")

    def set(self, table: str, line: int, field: str, value: str) -> Where:
        header, rows = self.read(table)
        rows[line - 2][header.index(field)] = value
        self.write(table, header, rows)
        return Where(self.label(table), line, field)

    def set_first(self, table: str, field: str, value: str, having: str | None = None) -> Where:
        line, _ = self.first(table, having or field)
        return self.set(table, line, field, value)

    def delete(self, table: str, keep: Callable[[dict[str, str]], bool]) -> None:
        header, rows = self.read(table)
        self.write(table, header, [r for r in rows if keep(dict(zip(header, r)))])

    def line_of(self, table: str, key: dict[str, str]) -> int:
        for i, row in enumerate(self.dicts(table)):
            if all(row[k] == v for k, v in key.items()):
                return i + 2
        raise LookupError(f"no row {key} in data/{table}.csv")

    def edit_text(self, table: str, edit: Callable[[str], str]) -> None:
        p = self.path(table)
        p.write_text(edit(p.read_text(encoding="utf-8")), encoding="utf-8", newline="")

    def edit_bytes(self, table: str, edit: Callable[[bytes], bytes]) -> None:
        p = self.path(table)
        p.write_bytes(edit(p.read_bytes()))

    def edit_line(self, table: str, line: int, edit: Callable[[str], str]) -> None:
        self.edit_text(table, lambda text: "\n".join(
            edit(ln) if i == line - 1 else ln for i, ln in enumerate(text.split("\n"))))


def _row_valid(table: str, cells: dict[str, str]) -> bool:
    """Whether a row passes every cell check, type and model constraint on its own."""
    model = MODELS[table]
    values, _ = check_row(model, [cells[name] for name in model.model_fields])
    return values is not None


# values that fit the ID patterns (slug, claim, event, country) and name nothing in the package
_FREE_KEYS = ("zz_nowhere", "C9999", "E999", "ZZ")


def dangling(table: str, fk) -> Callable[[Package], Where]:
    """Make one reference of ``fk`` in ``table`` point at nothing, with a value that is
    otherwise valid, so foreign-key is the only cell-level problem of that row."""
    (field,), (ref,) = fk.fields, fk.ref_fields

    def damage(pkg: Package) -> Where:
        try:
            line, row = pkg.first(table, field)
        except LookupError:  # no row sets the field: give the first row one
            line, row = pkg.first(table)
        targets = {r[ref] for r in pkg.dicts(fk.table)}
        for value in _FREE_KEYS:
            if value not in targets and _row_valid(table, row | {field: value}):
                return pkg.set(table, line, field, value)
        # every valid value is taken (footnotes 1-74, phase1-3): remove the row referred to
        value = row[field] or sorted(targets)[0]
        pkg.set(table, line, field, value)
        key = {k: row[k] for k in MODELS[table].__table__.primary_key}
        pkg.delete(fk.table, lambda r: r[ref] != value)
        return Where(pkg.label(table), pkg.line_of(table, key), field)
    return damage


def duplicate_key(table: str) -> Callable[[Package], Where]:
    """Append a copy of the first row: its primary key (composite or not) is then taken twice."""
    def damage(pkg: Package) -> Where:
        header, rows = pkg.read(table)
        if not rows:
            raise LookupError(f"data/{table}.csv has no row to duplicate")
        pkg.write(table, header, rows + [rows[0]])
        return Where(pkg.label(table), len(rows) + 2, ",".join(MODELS[table].__table__.primary_key))
    return damage


def _columns(table: str, change: Callable[[list[list[str]]], list[list[str]]]) -> Callable[[Package], Where]:
    def damage(pkg: Package) -> Where:
        header, rows = pkg.read(table)
        columns = [list(c) for c in zip(header, *rows)]  # one list per column, header first
        new = [list(r) for r in zip(*change(columns))]
        pkg.write(table, new[0], new[1:])
        return Where(pkg.label(table), 1, "")
    return damage


def _swap(columns, i, j):
    columns[i], columns[j] = columns[j], columns[i]
    return columns


def _shift_date(value: str, days: int) -> str:
    return (dt.date.fromisoformat(value) + dt.timedelta(days=days)).isoformat()


def _event_start_earlier(pkg: Package) -> Where:
    line, row = pkg.first("events", "date_start")
    return pkg.set("events", line, "date_start", _shift_date(row["date_start"], -1))


def _event_end_before_start(pkg: Package) -> Where:
    line, row = pkg.first("events", "date_start")
    return pkg.set("events", line, "date_end", _shift_date(row["date_start"], -1))


def _phase_ends_before_start(pkg: Package) -> Where:
    """A phase whose end, and the date_end derived from it, fall before its start."""
    line, row = pkg.first("phases", "date_start")
    year = int(row["date_start"][:4]) - 1
    pkg.set("phases", line, "end", str(year))
    return pkg.set("phases", line, "date_end", f"{year}-12-31")


def _header_only(table: str) -> Callable[[Package], Where]:
    def damage(pkg: Package) -> Where:
        header, _ = pkg.read(table)
        pkg.write(table, header, [])
        return Where(pkg.label(table), 1, "")
    return damage


def _file_bytes(table: str, edit: Callable[[bytes], bytes], row: int | None = None) -> Callable[[Package], Where]:
    def damage(pkg: Package) -> Where:
        pkg.edit_bytes(table, edit)
        return Where(pkg.label(table), row)
    return damage


def _excel_semicolon(pkg: Package) -> Where:
    """Excel's "CSV UTF-8" in a locale whose decimal mark is a comma (de, fr, es, ru...):
    BOM, semicolons, CRLF, quotes only where a cell needs them."""
    header, rows = pkg.read("actors")
    with pkg.path("actors").open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, delimiter=";", lineterminator="\r\n").writerows([header] + rows)
    return Where(pkg.label("actors"), 1)


def _tab_separated(pkg: Package) -> Where:
    header, rows = pkg.read("areas")
    with pkg.path("areas").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter="\t", lineterminator="\n").writerows([header] + rows)
    return Where(pkg.label("areas"), 1)


def _windows_1252(pkg: Package) -> Where:
    """Excel's plain "CSV" on Windows: the whole file in the ANSI code page."""
    text = pkg.path("claims").read_text(encoding="utf-8")
    if text.isascii():
        raise LookupError("data/claims.csv is all ASCII: Windows-1252 would not change a byte")
    pkg.path("claims").write_bytes(text.encode("cp1252", errors="replace"))
    return Where(pkg.label("claims"))


def _latin1_cell(pkg: Package) -> Where:
    line, _ = pkg.first("actors", "role")
    pkg.set("actors", line, "role", "MARKER")
    pkg.edit_bytes("actors", lambda b: b.replace(b"MARKER", "Minist\u00e8re".encode("latin-1")))
    return Where(pkg.label("actors"), line)


def _nul_byte(pkg: Package) -> Where:
    line, _ = pkg.first("notes")
    pkg.edit_bytes("notes", lambda b: b.replace(b"\n", b"\n\x00", 1))
    return Where(pkg.label("notes"), line)


def _unterminated_quote(pkg: Package) -> Where:
    # claim_sources has no quoted cells, so the quote opened here finds no close before the end
    line = 4
    pkg.edit_line("claim_sources", line, lambda ln: ln.replace(",", ',"', 1))
    return Where(pkg.label("claim_sources"), line)


def _text_after_quote(pkg: Package) -> Where:
    line = 3
    pkg.edit_line("actors", line, lambda ln: ln.rsplit(",", 1)[0] + ',"GB"x')  # ..."GB"x
    return Where(pkg.label("actors"), line)


def _fields(table: str, extra: bool) -> Callable[[Package], Where]:
    def damage(pkg: Package) -> Where:
        line = 3
        pkg.edit_line(table, line, (lambda ln: ln + ",surplus") if extra else (lambda ln: ln.rsplit(",", 1)[0]))
        return Where(pkg.label(table), line, "")
    return damage


def _blank_row(pkg: Package) -> Where:
    pkg.edit_line("topics", 3, lambda ln: "\n" + ln)
    return Where(pkg.label("topics"), 3)


def _large_cell(pkg: Package) -> Where:
    # over the reader's own cell limit (100,000) but under the csv module's (131,072), so the
    # row and field can be named
    return pkg.set_first("claims", "statement", "x" * 120_000)


def _delete_resource_file(pkg: Package) -> Where:
    pkg.path("notes").unlink()
    return Where("data/notes.csv", 0, "")


def _descriptor(edit: Callable[[dict, Package], None], field: str | None = None) -> Callable[[Package], Where]:
    def damage(pkg: Package) -> Where:
        desc = pkg.descriptor()
        edit(desc, pkg)
        pkg.write_descriptor(desc)
        return Where("datapackage.json", 0, field)
    return damage


def _resource(desc: dict, name: str) -> tuple[int, dict]:
    return next((i, r) for i, r in enumerate(desc["resources"]) if r["name"] == name)


def _outside_copy(pkg: Package, table: str) -> Path:
    """A valid copy of the table outside the package, so only the path is at fault."""
    outside = pkg.root.parent / "outside"
    outside.mkdir(exist_ok=True)
    return Path(shutil.copy(pkg.path(table), outside / f"{table}.csv"))


def _path_to(value: Callable[[Package], str], table: str = "claims") -> Callable[[Package], Where]:
    def damage(pkg: Package) -> Where:
        desc = pkg.descriptor()
        i, res = _resource(desc, table)
        res["path"] = value(pkg)
        pkg.write_descriptor(desc)
        return Where("datapackage.json", 0, f"resources[{i}].path")
    return damage


def _relative_outside(pkg: Package) -> str:
    _outside_copy(pkg, "claims")
    return "../outside/claims.csv"


def _absolute_outside(pkg: Package) -> str:
    return str(_outside_copy(pkg, "claims").resolve())


def _symlink_outside(pkg: Package) -> Where:
    target = _outside_copy(pkg, "claims")
    pkg.path("claims").unlink()
    pkg.path("claims").symlink_to(target.resolve())
    desc = pkg.descriptor()
    i, _ = _resource(desc, "claims")
    return Where("datapackage.json", 0, f"resources[{i}].path")


def _truncated_descriptor(pkg: Package) -> Where:
    p = pkg.root / "datapackage.json"
    text = p.read_text(encoding="utf-8")
    p.write_text(text[: len(text) // 2], encoding="utf-8")
    return Where("datapackage.json", None, "")


def _no_descriptor(pkg: Package) -> Where:
    (pkg.root / "datapackage.json").unlink()
    return Where(str(pkg.root / "datapackage.json"), 0, "")


def _not_an_object(pkg: Package) -> Where:
    (pkg.root / "datapackage.json").write_text("[]\n", encoding="utf-8")
    return Where("datapackage.json", 0, "resources")


def _drop_resource(desc: dict, pkg: Package) -> None:
    desc["resources"] = [r for r in desc["resources"] if r["name"] != "notes"]


def _rename_resource(desc: dict, pkg: Package) -> None:
    _resource(desc, "notes")[1]["name"] = "remarks"


def _name_not_a_string(desc: dict, pkg: Package) -> None:
    _resource(desc, "notes")[1]["name"] = {"table": "notes"}


def _twice(desc: dict, pkg: Package) -> None:
    desc["resources"].append(dict(_resource(desc, "notes")[1]))


def _path_is_folder(pkg: Package) -> Where:
    desc = pkg.descriptor()
    _resource(desc, "notes")[1]["path"] = "data"
    pkg.write_descriptor(desc)
    return Where("data", 0, "")


def _swap_voice(pkg: Package) -> Where:
    """A reported claim marked as the author's own: holder and voice no longer agree."""
    line, _ = next((i + 2, r) for i, r in enumerate(pkg.dicts("claims")) if r["voice"] == "reported")
    pkg.set("claims", line, "voice", "author")
    return Where(pkg.label("claims"), line, "holder_id")


def _wrong_paragraph(pkg: Package) -> Where:
    line, row = pkg.first("claims")
    sections = {s["section_id"]: s for s in pkg.dicts("sections")}
    last = int(sections[row["section_id"]]["last_paragraph"])
    pkg.set("claims", line, "paragraph", str(last + 1 if last < 104 else 1))
    return Where(pkg.label("claims"), line, "paragraph")


# -- the corpus -------------------------------------------------------------------------------

# reasons frictionless gives another verdict, declared once and reused
ACCEPTS_FORMULA = "frictionless has no rule against formula-leading text; Excel would run the cell"
OUTSIDE_EDTF = "EDTF is a plain string to frictionless; its dates and derived bounds are ours to check"
RULE = "a rule between fields of a row is outside Table Schema"
PAPER = "the paper's text is outside frictionless's reach"
CRLF = ("frictionless reads CRLF; we reject it because the dataset's files are LF, and a CRLF file "
        "shows an editor has rewritten it")
BOM = ("frictionless strips the BOM; we reject it because R's read.csv and other readers take it into "
       "the first column name, and the dataset promises UTF-8 without BOM")

SNIFFS = ("frictionless guesses the delimiter when the descriptor names none; the dataset's files are "
          "comma-separated and R's read.csv, pandas and Excel in other locales would misread this one")


@dataclass(frozen=True)
class Case:
    id: str
    kind: str                      # the Problem.kind it must raise, at ``damage``'s Where
    damage: Callable[[Package], Where | None]
    also: tuple[str, ...] = ()     # further kinds it must raise, anywhere
    differs: str = ""              # why frictionless's verdict (valid) differs from ours; "" = agrees
    unjudged: str = ""             # why frictionless is not run on it at all
    paper: bool = False            # needs the paper's text
    absent: tuple[str, ...] = ()   # kinds it must not raise anywhere (no false key problems)
    process: bool = False          # could hang if refused too late: run in a subprocess with a timeout


def _fk_cases() -> list[Case]:
    out = []
    for model in TABLES:
        meta = model.__table__
        for fk in meta.foreign_keys:
            out.append(Case(f"fk-{meta.name}-{fk.fields[0]}", "foreign-key", dangling(meta.name, fk)))
    return out


PK_TABLES = ("sections", "sources", "actors", "events", "claims", "claim_sources", "event_sources",
             "claim_relations", "issues", "affiliations", "event_actors", "claim_actors", "withdrawn",
             "quote_spans")

CASES: list[Case] = _fk_cases() + [
    Case(f"pk-{t}", "primary-key", duplicate_key(t)) for t in PK_TABLES
] + [
    # -- cells ----------------------------------------------------------------------------------
    Case("enum-bad", "enum", lambda p: p.set_first("claims", "kind", "rumour")),
    Case("pattern-bad", "pattern", lambda p: p.set_first("notes", "note_id", "N1")),
    Case("type-integer", "type", lambda p: p.set_first("claims", "paragraph", "12a")),
    Case("type-excel-boolean", "type", lambda p: p.set_first("sections", "run_in", "TRUE")),
    Case("type-excel-date", "type", lambda p: p.set_first("events", "date_start", "29/11/2006")),
    Case("date-impossible", "type", lambda p: p.set_first("events", "date_start", "2006-02-30")),
    Case("range-above-max", "constraint", lambda p: p.set_first("claims", "paragraph", "105")),
    Case("text-too-long", "constraint", lambda p: p.set_first("claims", "statement", "x" * 2001)),
    Case("required-empty", "required", lambda p: p.set_first("claims", "quote", "")),
    Case("id-leading-space", "whitespace", lambda p: p.set_first("actors", "actor_id", " " + p.first("actors")[1]["actor_id"]),
         also=("foreign-key",)),
    Case("id-trailing-space", "whitespace", lambda p: p.set_first("claims", "holder_id", p.first("claims")[1]["holder_id"] + " ")),
    Case("text-trailing-space", "whitespace", lambda p: p.set_first("claims", "statement", p.first("claims")[1]["statement"] + " "),
         differs="frictionless keeps edge spaces in a string; R and pandas readers strip or keep them inconsistently"),
    Case("na-in-key", "na-value", lambda p: p.set_first("claims", "holder_id", "NA")),
    Case("na-in-enum", "na-value", lambda p: p.set_first("claims", "stance", "N/A")),
    Case("na-in-date", "na-value", lambda p: p.set_first("events", "date_end", "NA")),
    Case("formula-equals", "formula", lambda p: p.set_first("claims", "statement", '=HYPERLINK("http://x")'),
         differs=ACCEPTS_FORMULA),
    Case("formula-plus", "formula", lambda p: p.set_first("actors", "role", "+49 30 880070"), differs=ACCEPTS_FORMULA),
    Case("formula-minus", "formula", lambda p: p.set_first("notes", "note", "-1 for the paper"), differs=ACCEPTS_FORMULA),
    Case("formula-at", "formula", lambda p: p.set_first("cases", "summary", "@SUM(A1:A9)"), differs=ACCEPTS_FORMULA),
    Case("line-break-in-cell", "control-character",
         lambda p: p.set_first("claims", "statement", "first line\nsecond line"),
         differs="a quoted line break is valid CSV; the dataset keeps one line per cell for R and Excel"),
    Case("cell-too-large", "cell-too-large", _large_cell),
    # -- dates ----------------------------------------------------------------------------------
    Case("edtf-impossible", "edtf", lambda p: p.set_first("events", "date", "2006-02-30"), differs=OUTSIDE_EDTF),
    Case("edtf-year-zero", "edtf", lambda p: p.set_first("source_items", "published", "0000"), differs=OUTSIDE_EDTF),
    Case("edtf-excel-month", "edtf", lambda p: p.set_first("events", "date", "Oct-03"), differs=OUTSIDE_EDTF),
    Case("edtf-disagrees-with-start", "edtf-bounds", _event_start_earlier, differs=OUTSIDE_EDTF),
    Case("date-end-before-start", "edtf-bounds", _event_end_before_start, differs=OUTSIDE_EDTF),
    Case("phase-ends-before-start", "date-order", _phase_ends_before_start, differs=OUTSIDE_EDTF),
    # -- rules and the paper --------------------------------------------------------------------
    Case("rule-voice-holder", "rule", _swap_voice, differs=RULE),
    Case("quote-not-in-paper", "quote-not-found",
         lambda p: p.set_first("claims", "quote", "NATO is a debating club of no consequence"),
         differs=PAPER, paper=True),
    Case("paragraph-outside-section", "paper-anchor", _wrong_paragraph, also=("quote-not-found",),
         differs=PAPER, paper=True),
    # -- a file's form --------------------------------------------------------------------------
    Case("column-missing", "header", _columns("claims", lambda c: [x for x in c if x[0] != "stance"])),
    Case("column-extra", "header", _columns("claims", lambda c: c + [["comment"] + [""] * (len(c[0]) - 1)])),
    Case("column-duplicated", "header", _columns("claims", lambda c: c + [c[-1]])),
    Case("column-reordered", "header", _columns("claims", lambda c: _swap(c, 1, 2))),
    Case("file-empty", "empty-file", _file_bytes("notes", lambda b: b"", 0)),
    Case("header-only-claims", "empty-table", _header_only("claims"), also=("foreign-key",)),
    Case("header-only-notes", "empty-table", _header_only("notes"),
         differs="a header-only file is a valid empty table to frictionless; every table of this dataset "
                 "has rows, so an emptied file is lost data"),
    Case("bom", "bom", _file_bytes("claims", lambda b: b"\xef\xbb\xbf" + b, 1), differs=BOM),
    Case("crlf", "line-endings", _file_bytes("claims", lambda b: b.replace(b"\n", b"\r\n"), 1), differs=CRLF),
    Case("excel-semicolon", "delimiter", _excel_semicolon, also=("bom", "line-endings"), differs=SNIFFS),
    Case("tab-separated", "delimiter", _tab_separated, differs=SNIFFS),
    Case("latin1-bytes", "encoding", _latin1_cell),
    Case("windows-1252", "encoding", _windows_1252),
    Case("nul-byte", "nul-byte", _nul_byte),
    Case("quote-unterminated", "csv-syntax", _unterminated_quote),
    Case("text-after-quote", "csv-syntax", _text_after_quote),
    Case("row-too-many-fields", "field-count", _fields("claims", extra=True)),
    Case("row-too-few-fields", "field-count", _fields("claim_relations", extra=False)),
    Case("blank-row", "blank-row", _blank_row),
    # -- the descriptor and where it points -----------------------------------------------------
    Case("descriptor-truncated", "descriptor", _truncated_descriptor),
    Case("descriptor-not-an-object", "descriptor", _not_an_object),
    Case("descriptor-missing", "missing-file", _no_descriptor),
    Case("descriptor-drops-a-table", "descriptor", _descriptor(_drop_resource, "resources"),
         differs="frictionless checks the resources listed; this dataset's package has all 22 tables"),
    Case("descriptor-unknown-table", "descriptor", _descriptor(_rename_resource),
         differs="frictionless accepts any resource name; ours must be this dataset's tables"),
    Case("descriptor-name-not-a-string", "descriptor", _descriptor(_name_not_a_string)),
    Case("descriptor-table-twice", "descriptor", _descriptor(_twice)),
    Case("resource-file-missing", "missing-file", _delete_resource_file),
    Case("resource-path-is-a-folder", "missing-file", _path_is_folder),
    Case("path-dotdot", "unsafe-path", _path_to(_relative_outside)),
    Case("path-absolute", "unsafe-path", _path_to(_absolute_outside)),
    Case("path-url", "unsafe-path", _path_to(lambda p: "https://example.invalid/claims.csv"),
         unjudged="frictionless would try to fetch the URL; we never fetch"),
    Case("path-symlink-outside", "unsafe-path", _symlink_outside,
         differs="frictionless follows a link out of the package; we refuse to read outside it"),
]


# -- second round (issue 12): huge values, control characters, descriptor tricks, special files,
# schema drift, tables that cannot be read ----------------------------------------------------

class Unsupported(Exception):
    """The damage cannot be made here (no permission to make a device node)."""


def _raw_descriptor(edit: Callable[[str], str], field: str | None = None, kind_file: str = "datapackage.json"):
    def damage(pkg: Package) -> Where:
        p = pkg.root / "datapackage.json"
        p.write_text(edit(p.read_text(encoding="utf-8")), encoding="utf-8", errors="surrogatepass")
        return Where(kind_file, None, field)
    return damage


def _resource_edit(table: str, edit: Callable[[dict], None], field: str) -> Callable[[Package], Where]:
    def damage(pkg: Package) -> Where:
        desc = pkg.descriptor()
        i, res = _resource(desc, table)
        edit(res)
        pkg.write_descriptor(desc)
        return Where("datapackage.json", 0, f"resources[{i}].{field}")
    return damage


def _nest(depth: int):
    value: object = 1
    for _ in range(depth):
        value = {"x": [value]}
    return value


def _duplicate_path_key(text: str) -> str:
    # the claims resource gets a second "path": one reader takes the first, another the last
    return text.replace('"path": "data/claims.csv",', '"path": "data/claims.csv", "path": "data/notes.csv",', 1)


def _special(table: str | None, make: str) -> Callable[[Package], Where]:
    """Replace a table's file (or datapackage.json, or a schema file) by a FIFO, a character
    device like /dev/zero, or a socket."""
    def damage(pkg: Package) -> Where:
        import os
        import socket
        import stat
        if table is None:
            target, label = pkg.root / "datapackage.json", str(pkg.root / "datapackage.json")
        elif table.startswith("schema/"):
            target, label = pkg.root / table, table
        else:
            target, label = pkg.path(table), pkg.label(table)
        target.unlink()
        if make == "fifo":
            os.mkfifo(target)
        elif make == "device":
            try:
                os.mknod(target, 0o666 | stat.S_IFCHR, os.makedev(1, 5))  # what /dev/zero is
            except PermissionError as e:
                raise Unsupported(f"cannot make a device node: {e}") from None
        else:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.bind(str(target))
            s.close()
        return Where(label, 0, "")
    return damage


def _schema_edit(table: str, edit: Callable[[dict], None]) -> Callable[[Package], Where]:
    def damage(pkg: Package) -> Where:
        p = pkg.root / "schema" / f"{table}.json"
        schema = json.loads(p.read_text(encoding="utf-8"))
        edit(schema)
        p.write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")
        return Where(f"schema/{table}.json", 0, "")
    return damage


def _field(schema: dict, name: str) -> dict:
    return next(f for f in schema["fields"] if f["name"] == name)


def _delete_schema(table: str) -> Callable[[Package], Where]:
    def damage(pkg: Package) -> Where:
        (pkg.root / "schema" / f"{table}.json").unlink()
        return Where(f"schema/{table}.json", 0, "")
    return damage


def _truncate_schema(pkg: Package) -> Where:
    p = pkg.root / "schema" / "actors.json"
    text = p.read_text(encoding="utf-8")
    p.write_text(text[: len(text) // 2], encoding="utf-8")
    return Where("schema/actors.json", 0, "")


def _inline_schema(pkg: Package) -> Where:
    desc = pkg.descriptor()
    i, res = _resource(desc, "topics")
    schema = json.loads((pkg.root / res["schema"]).read_text(encoding="utf-8"))
    _field(schema, "heading")["type"] = "integer"
    res["schema"] = schema
    pkg.write_descriptor(desc)
    return Where("datapackage.json", 0, "")


def _replace_file(table: str, data: bytes | None, kind_row: int = 0) -> Callable[[Package], Where]:
    """The table's file replaced by ``data``, or by a folder of the same name (None)."""
    def damage(pkg: Package) -> Where:
        p = pkg.path(table)
        p.unlink()
        if data is None:
            p.mkdir()
            (p / "claims.csv").write_bytes(b"")
        else:
            p.write_bytes(data)
        return Where(pkg.label(table), kind_row, "")
    return damage


def _truncate_mid_row(table: str, inside_quote: bool) -> Callable[[Package], Where]:
    """Cut the file part way through a record: after its first cell, or inside a quoted cell."""
    def damage(pkg: Package) -> Where:
        data = pkg.path(table).read_bytes()
        lines = data.split(b"\n")
        line = len(lines) * 2 // 3
        if inside_quote:
            line = next(i for i in range(line, len(lines)) if b',"' in lines[i])
            cut = lines[line].index(b',"') + 5
        else:
            line = next(i for i in range(line, len(lines)) if b'"' not in lines[i].split(b",", 1)[0])
            cut = lines[line].index(b",") + 1
        pkg.path(table).write_bytes(b"\n".join(lines[:line]) + b"\n" + lines[line][:cut])
        return Where(pkg.label(table), line + 1, None)
    return damage


def _section_row(pkg: Package, level: str) -> tuple[int, dict]:
    return next((i + 2, r) for i, r in enumerate(pkg.dicts("sections")) if r["level"] == level)


def _section_own_parent(pkg: Package) -> Where:
    line, row = _section_row(pkg, "2")
    return pkg.set("sections", line, "parent_id", row["section_id"])


def _section_two_cycle(pkg: Package) -> Where:
    rows = [(i + 2, r) for i, r in enumerate(pkg.dicts("sections")) if r["level"] == "2"]
    (l1, r1), (l2, r2) = rows[0], rows[1]
    pkg.set("sections", l2, "parent_id", r1["section_id"])
    return pkg.set("sections", l1, "parent_id", r2["section_id"])


def _section_no_parent(pkg: Package) -> Where:
    line, _ = _section_row(pkg, "2")
    pkg.set("sections", line, "parent_id", "")
    return Where(pkg.label("sections"), line, "parent_id")


def _section_top_with_parent(pkg: Package) -> Where:
    rows = [(i + 2, r) for i, r in enumerate(pkg.dicts("sections")) if r["level"] == "1"]
    pkg.set("sections", rows[1][0], "parent_id", rows[0][1]["section_id"])
    return Where(pkg.label("sections"), rows[1][0], "parent_id")


def _zero_padded_key(pkg: Package) -> Where:
    """Footnote 1 written again as 01 on the next row: one key to a reader that types it."""
    header, rows = pkg.read("sources")
    i = header.index("footnote")
    line = next(n + 2 for n, r in enumerate(rows) if r[i] == "2")
    pkg.set("sources", line, "footnote", "01")
    return Where(pkg.label("sources"), line, "footnote")


def _zero_padded_composite(table: str, pad: str) -> Callable[[Package], Where]:
    def damage(pkg: Package) -> Where:
        header, rows = pkg.read(table)
        copy = list(rows[0])
        copy[header.index("footnote")] = pad + copy[header.index("footnote")]
        pkg.write(table, header, rows + [copy])
        return Where(pkg.label(table), len(rows) + 2, ",".join(MODELS[table].__table__.primary_key))
    return damage


def _cell_with(table: str, field: str, text: str) -> Callable[[Package], Where]:
    """A cell holding ``text`` inside its own value (the value stays otherwise valid)."""
    def damage(pkg: Package) -> Where:
        line, row = pkg.first(table, field)
        value = row[field]
        return pkg.set(table, line, field, value[:3] + text + value[3:])
    return damage


def _later_line_after(char: str) -> Callable[[Package], Where]:
    """A quoted cell holding ``char`` (CR or LF) in claims' first row, and a bad code on a
    later record: its row must be the line grep -n gives."""
    def damage(pkg: Package) -> Where:
        header, rows = pkg.read("claims")
        s = header.index("statement")
        rows[0][s] = rows[0][s][:5] + char + "," + rows[0][s][5:]  # the comma makes the writer quote it
        rows[9][header.index("kind")] = "rumour"
        pkg.write("claims", header, rows)
        data = pkg.path("claims").read_bytes()
        return Where(pkg.label("claims"), 1 + data[: data.index(b",rumour,")].count(b"\n"), "kind")
    return damage


def _flood(pkg: Package) -> Where:
    """More dangling references in one column than the report lists one by one."""
    header, rows = pkg.read("claim_relations")
    t = header.index("target_id")
    flood = []
    for n in range(MAX_GROUP + 50):
        r = list(rows[n % len(rows)])
        r[t] = f"C9{n:06d}"
        flood.append(r)
    pkg.write("claim_relations", header, flood)
    return Where(pkg.label("claim_relations"), 2, "target_id")


def _flood_cells(pkg: Package) -> Where:
    """More bad codes in one column than the report lists one by one."""
    header, rows = pkg.read("claim_relations")
    k, t = header.index("relation"), header.index("target_id")
    claims = [r[0] for r in pkg.read("claims")[1]]
    flood = []
    for n in range(MAX_GROUP + 20):
        r = list(rows[n % len(rows)])
        r[k], r[t] = "rumour", claims[(n // len(rows) + 7 + n) % len(claims)]
        flood.append(r)
    pkg.write("claim_relations", header, flood)
    return Where(pkg.label("claim_relations"), 2, "relation")


from nrcdata.limits import MAX_PROBLEMS_PER_GROUP as MAX_GROUP  # noqa: E402

CONTROL = ("frictionless accepts any Unicode text in a string field; the dataset forbids it because "
           "R, Excel and the xlsx export's XML cannot carry it")
OUR_BOUND = "a bound of this reader (documented in the codebook), which frictionless does not have"
HANGS = "frictionless opens a FIFO or a device and blocks or reads forever"
DRIFT = ("frictionless follows the package's own schema files; we require them to be the schema this "
         "version generates")
DESCRIPTOR_FORM = ("frictionless follows whatever the descriptor says; ours must say what the files are")
DUP_JSON = "frictionless's JSON reader keeps the last of two equal keys silently; readers disagree"
NOT_READ = ("frictionless raises on a file it cannot open as a table; compared on the verdict "
            "only, as today")

CASES += [
    # -- huge values ------------------------------------------------------------------------------
    Case("int-5000-digits-cell", "type", lambda p: p.set_first("claims", "paragraph", "9" * 5000),
         unjudged="frictionless's int() of a 5,000-digit cell raises past Python's digit limit"),
    Case("int-5000-digits-key", "type", lambda p: p.set_first("sources", "footnote", "1" * 5000),
         also=("foreign-key",), unjudged="frictionless's int() of a 5,000-digit cell raises past Python's digit limit"),
    Case("int-19-digits", "type", lambda p: p.set_first("claims", "paragraph", "1234567890123456789")),
    Case("int-over-int64", "type", lambda p: p.set_first("claims", "anchor_footnote", "9223372036854775808",
                                                         having="anchor_footnote")),
    Case("int-negative-over-int64", "type", lambda p: p.set_first("source_items", "footnote",
                                                                  "-99999999999999999999")),
    Case("int-18-digits-out-of-range", "constraint", lambda p: p.set_first("claims", "paragraph", "9" * 18)),
    Case("descriptor-5000-digit-int", "descriptor",
         _raw_descriptor(lambda t: t.replace('"bytes": ', '"bytes": ' + "9" * 5000 + ", \"b\": ", 1)),
         unjudged="frictionless's JSON reader raises past Python's digit limit"),
    Case("descriptor-19-digit-int", "descriptor",
         _raw_descriptor(lambda t: t.replace('{', '{"count": 12345678901234567890, ', 1)), unjudged=OUR_BOUND),
    Case("descriptor-too-large", "descriptor",
         _raw_descriptor(lambda t: t.replace('{', '{"padding": "' + "x" * (1 << 20) + '", ', 1)), unjudged=OUR_BOUND),
    Case("descriptor-too-deep", "descriptor",
         _raw_descriptor(lambda t: t.replace('{', '{"deep": ' + json.dumps(_nest(40)) + ', ', 1)), unjudged=OUR_BOUND),
    Case("cell-over-bound", "cell-too-large", lambda p: p.set_first("claims", "quote", "q" * 100_001)),
    Case("cell-over-csv-limit", "cell-too-large",
         lambda p: (lambda w: Where(w.file, w.row, None))(p.set_first("notes", "note", "n" * 200_000))),
    Case("flood-dangling-references", "foreign-key", _flood, also=("more-problems",)),
    Case("flood-bad-codes", "enum", _flood_cells, also=("more-problems",)),
    # -- control characters and noncharacters in cells -------------------------------------------
    *[Case(f"char-{name}", "control-character", _cell_with(table, field, ch), differs=CONTROL)
      for name, table, field, ch in (
          ("del", "claims", "statement", "\x7f"), ("c1-nel", "actors", "name", "\x85"),
          ("c1-x9f", "notes", "note", "\x9f"), ("c1-x80", "events", "description", "\x80"),
          ("line-separator", "claims", "quote", "\u2028"), ("paragraph-separator", "cases", "summary", "\u2029"),
          ("uffff", "claims", "statement", "\uffff"), ("ufffe", "topics", "label", "\ufffe"),
          ("ufdd0", "areas", "name", "\ufdd0"), ("plane1-nonchar", "notes", "note", "\U0001fffe"),
          ("u10ffff", "source_items", "title", "\U0010ffff"), ("tab", "claims", "statement", "\t"),
          ("escape", "actors", "name", "\x1b"), ("vertical-tab", "events", "description", "\x0b"),
      )],
    Case("quoted-cr-keeps-line-numbers", "enum", _later_line_after("\r"), also=("line-endings",)),
    Case("quoted-lf-keeps-line-numbers", "enum", _later_line_after("\n"), also=("control-character",)),
    # -- keys written two ways, sections ----------------------------------------------------------
    Case("pk-zero-padded", "primary-key", _zero_padded_key, also=("completeness",)),
    Case("pk-zero-padded-claim_sources", "primary-key", _zero_padded_composite("claim_sources", "0")),
    Case("pk-zero-padded-event_sources", "primary-key", _zero_padded_composite("event_sources", "00")),
    Case("section-own-parent", "rule", _section_own_parent, differs=RULE),
    Case("section-cycle-of-two", "rule", _section_two_cycle, differs=RULE),
    Case("section-level2-without-parent", "rule", _section_no_parent, differs=RULE),
    Case("section-level1-with-parent", "rule", _section_top_with_parent, differs=RULE),
    # -- descriptor tricks ------------------------------------------------------------------------
    Case("descriptor-duplicate-path-key", "descriptor", _raw_descriptor(_duplicate_path_key)),
    Case("descriptor-duplicate-top-key", "descriptor",
         _raw_descriptor(lambda t: t.replace('{', '{"name": "other", ', 1)), differs=DUP_JSON),
    Case("descriptor-not-utf8", "encoding", lambda p: (
        (p.root / "datapackage.json").write_bytes((p.root / "datapackage.json").read_bytes().replace(
            b'"title"', b'"t\xe9tle": 1, "title"', 1)), Where("datapackage.json", 0, ""))[1], unjudged=NOT_READ),
    Case("dialect-semicolon", "descriptor", _resource_edit("claims", lambda r: r.update(dialect={"delimiter": ";"}),
                                                           "dialect.delimiter")),
    Case("dialect-no-header", "descriptor", _resource_edit("actors", lambda r: r.update(dialect={"header": False}),
                                                           "dialect.header")),
    Case("dialect-quote-char", "descriptor", _resource_edit("notes", lambda r: r.update(dialect={"quoteChar": "'"}),
                                                            "dialect.quoteChar")),
    Case("dialect-not-an-object", "descriptor", _resource_edit("events", lambda r: r.update(dialect="excel"),
                                                               "dialect"), unjudged=NOT_READ),
    Case("encoding-latin1", "descriptor", _resource_edit("claims", lambda r: r.update(encoding="latin-1"),
                                                         "encoding"), differs=DESCRIPTOR_FORM),
    Case("format-json", "descriptor", _resource_edit("topics", lambda r: r.update(format="json"), "format")),
    Case("mediatype-excel", "descriptor", _resource_edit("areas", lambda r: r.update(mediatype="application/vnd.ms-excel"),
                                                         "mediatype"), differs=DESCRIPTOR_FORM),
    Case("path-lone-surrogate", "unsafe-path", _path_to(lambda p: "data/\udc80claims.csv"),
         unjudged="frictionless fails to encode the path and raises"),
    Case("path-nul", "unsafe-path", _path_to(lambda p: "data/claims.csv\x00.txt"),
         unjudged="frictionless passes the NUL to open() and raises"),
    Case("path-backslash-dotdot", "unsafe-path", _path_to(lambda p: "data\\..\\..\\claims.csv"),
         unjudged="a Windows-style path climbs out only on Windows; frictionless reads it as a name"),
    # -- special files ----------------------------------------------------------------------------
    Case("resource-fifo", "special-file", _special("notes", "fifo"), process=True, unjudged=HANGS),
    Case("resource-device", "special-file", _special("claims", "device"), process=True, unjudged=HANGS),
    Case("resource-socket", "special-file", _special("topics", "socket"), process=True, unjudged=HANGS),
    Case("descriptor-fifo", "special-file", _special(None, "fifo"), process=True, unjudged=HANGS),
    Case("schema-file-fifo", "special-file", _special("schema/claims.json", "fifo"), process=True, unjudged=HANGS),
    # -- the package's own schema files -----------------------------------------------------------
    Case("schema-field-retyped", "schema-drift",
         _schema_edit("claims", lambda s: _field(s, "paragraph").update(type="string"))),
    Case("schema-description-changed", "schema-drift",
         _schema_edit("actors", lambda s: _field(s, "name").update(description="something else")), differs=DRIFT),
    Case("schema-constraint-dropped", "schema-drift",
         _schema_edit("events", lambda s: _field(s, "date_start").pop("constraints", None) or
                      _field(s, "date_start").update(title="x")), differs=DRIFT),
    Case("schema-file-missing", "schema-drift", _delete_schema("notes")),
    Case("schema-file-truncated", "schema-drift", _truncate_schema),
    Case("schema-inline-differs", "schema-drift", _inline_schema, unjudged=NOT_READ),
    # -- tables that cannot be read: no key problems elsewhere -----------------------------------
    Case("bom-only-notes", "empty-file", _replace_file("notes", b"\xef\xbb\xbf"), also=("bom",),
         absent=("foreign-key", "empty-table"), unjudged=NOT_READ),
    Case("bom-only-claims", "empty-file", _replace_file("claims", b"\xef\xbb\xbf"), also=("bom",),
         absent=("foreign-key",), unjudged=NOT_READ),
    Case("empty-claims", "empty-file", _replace_file("claims", b""), absent=("foreign-key",), unjudged=NOT_READ),
    Case("folder-named-claims-csv", "missing-file", _replace_file("claims", None), absent=("foreign-key",),
         unjudged=NOT_READ),
    Case("folder-named-sections-csv", "missing-file", _replace_file("sections", None), absent=("foreign-key",),
         unjudged=NOT_READ),
    Case("claims-truncated-mid-row", "field-count", _truncate_mid_row("claims", inside_quote=False),
         absent=("foreign-key",)),
    Case("claims-truncated-in-quote", "csv-syntax", _truncate_mid_row("claims", inside_quote=True),
         absent=("foreign-key",)),
    Case("events-truncated-mid-row", "field-count", _truncate_mid_row("events", inside_quote=False),
         absent=("foreign-key",)),
    # -- bytes ------------------------------------------------------------------------------------
    Case("utf16-file", "nul-byte", lambda p: (p.path("actors").write_bytes(
        p.path("actors").read_text(encoding="utf-8").encode("utf-16")), Where("data/actors.csv"))[1]),
    Case("surrogate-bytes", "encoding", _file_bytes("notes", lambda b: b.replace(b"\n", b"\n\xed\xa0\x80", 1))),
    Case("truncated-utf8-at-end", "encoding", _file_bytes("actors", lambda b: b + b"\xe2\x80")),
]

BY_ID = {c.id: c for c in CASES}
assert len(BY_ID) == len(CASES), "case ids must be unique"


def build(case: Case, dest: Path, *, strip_file_facts: bool = False) -> tuple[Package, Where | None]:
    """Copy the shipped package to ``dest`` and apply the case's damage. With
    ``strip_file_facts`` the descriptor loses each resource's bytes and hash first."""
    pkg = Package.copy_shipped(dest)
    if strip_file_facts:
        pkg.strip_file_facts()
    return pkg, case.damage(pkg)


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "damaged")
    for case in CASES:
        build(case, out / case.id / "pkg")
        print(f"{case.id:32} {case.kind}")
    print(f"{len(CASES)} cases in {out}")
