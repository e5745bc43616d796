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
        (self.root / "datapackage.json").write_text(json.dumps(desc, indent=2, ensure_ascii=False) + "\n",
                                                    encoding="utf-8")

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
