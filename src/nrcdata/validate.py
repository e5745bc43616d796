"""Check a data package: form of every file, types, required fields, enums, patterns, keys,
every foreign key, EDTF dates and their derived bounds, the rules that tie fields together,
and — when the paper's text is at hand — every quote against the paragraph it names.

Reads only: nothing it checks is ever written. Every problem is a ``Problem`` printed as
``file:row:field: message [kind]``; row is the CSV line where the record starts (the header is
line 1), 0 and "" when the problem is not about one row or field. The kinds:

* the package: ``descriptor`` (datapackage.json is not JSON, or not a package of this dataset's
  16 tables), ``unsafe-path`` (a resource path that is a URL, absolute, climbs out with '..' or
  leads out through a link: never read, never fetched), ``missing-file``;
* a file's form: ``file-too-large``, ``empty-file``, ``bom``, ``encoding`` (not UTF-8),
  ``nul-byte``, ``line-endings`` (CR), ``delimiter`` (semicolons or tabs), ``csv-syntax``
  (an unclosed quote or text after a closing quote), ``cell-too-large``, ``blank-row``,
  ``header`` (a missing, unknown, duplicated or misplaced column), ``field-count``,
  ``empty-table`` (a header and no rows: every table of the dataset has rows);
* a cell: ``na-value`` (NA, N/A, NULL... in a key, code, number, date or flag, where an empty
  cell is meant), ``whitespace`` (leading or trailing spaces), ``formula`` (text starting with = + - @), ``control-character`` (a line
  break or other control character), ``required``, ``type``, ``enum``, ``pattern``,
  ``constraint`` (length, range);
* between cells and rows: ``primary-key``, ``foreign-key``, ``edtf`` (not a valid EDTF date),
  ``edtf-bounds`` (date_start, date_end or precision disagree with the EDTF date, which is
  also how an event's date_end before its date_start shows), ``date-order`` (a phase that
  ends before it starts), ``rule``, ``completeness`` (a footnote without its row);
* against the paper's text: ``paper-structure``, ``paper-anchor``, ``quote-not-found``; and
  ``source-text`` (the text found is not the one the quotes were verified against);
* strict mode only: ``byte-count``, ``hash-count`` (a file's size or SHA-256 is not what
  datapackage.json records).
"""

from __future__ import annotations

import gc
import hashlib
import json
import re
from dataclasses import dataclass, field
from enum import StrEnum
from operator import itemgetter
from pathlib import Path

from . import edtf
from .cells import check_row
from .csvio import STOPS_READING, read_rows
from .errors import Problem, shorten
from .models import MODELS, TABLES, Row
from .text import FOOTNOTE_COUNT, Paper, normalize, plain_text

AUTHOR_ID = "adomeit"


@dataclass
class Parsed:
    """The rows of every table that parsed, keyed by table, with their CSV line numbers."""
    root: Path
    rows: dict[str, list[tuple[int, Row]]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # table -> path as the descriptor gives it
    # every well-formed row's cells, typed or not, so one bad cell never hides a key problem
    cells: dict[str, list[tuple[int, dict[str, str]]]] = field(default_factory=dict)
    # tables whose every record was read: only references into these are checked, so a file
    # that stopped parsing half-way does not make every reference to its later rows dangle
    complete: set[str] = field(default_factory=set)

    def label(self, table: str) -> str:
        return self.labels.get(table, f"data/{table}.csv")
    problems: list[Problem] = field(default_factory=list)


def resolve(path: str | Path | None) -> Path:
    """The datapackage.json a path names: a folder holding one, or the file itself."""
    if path is None:
        from .api import shipped_root
        return shipped_root() / "datapackage.json"
    p = Path(path)
    return p / "datapackage.json" if p.is_dir() else p


def _safe_relative(path: str) -> bool:
    if not isinstance(path, str) or not path or "://" in path or path.startswith(("/", "\\", "~")):
        return False
    if any(ord(c) < 32 for c in path):
        return False
    if re.match(r"^[A-Za-z]:", path):
        return False
    return ".." not in re.split(r"[/\\]", path)


def _descriptor(descriptor_path: Path, problems: list[Problem],
                facts: dict[str, tuple] | None = None) -> dict[str, str]:
    """Map table name -> CSV path from datapackage.json; problems for anything unsafe or off."""
    label = descriptor_path.name
    try:
        text = descriptor_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem(str(descriptor_path), 0, "", "no datapackage.json here", "missing-file"))
        return {}
    except UnicodeDecodeError as e:
        problems.append(Problem(label, 0, "", f"is not valid UTF-8: {e.reason}", "encoding"))
        return {}
    except OSError as e:
        problems.append(Problem(str(descriptor_path), 0, "", f"cannot be read: {e.strerror or e}",
                                "missing-file"))
        return {}
    try:
        desc = json.loads(text)
    except json.JSONDecodeError as e:
        problems.append(Problem(label, e.lineno, "", f"is not valid JSON: {e.msg} (line {e.lineno}, "
                                f"column {e.colno})", "descriptor"))
        return {}
    except RecursionError:  # absurdly deep nesting in a hostile descriptor
        problems.append(Problem(label, 0, "", "is not valid JSON: nested too deeply", "descriptor"))
        return {}
    if not isinstance(desc, dict) or not isinstance(desc.get("resources"), list):
        problems.append(Problem(label, 0, "resources", "must be an object with a list of resources",
                                "descriptor"))
        return {}
    paths: dict[str, str] = {}
    root = descriptor_path.parent
    for i, res in enumerate(desc["resources"]):
        where = f"resources[{i}]"
        if not isinstance(res, dict):
            problems.append(Problem(label, 0, where, "must be an object", "descriptor"))
            continue
        name, rpath = res.get("name"), res.get("path")
        if not isinstance(name, str) or name not in MODELS:
            problems.append(Problem(label, 0, f"{where}.name", f"{shorten(repr(name))} is not a table of "
                                    f"this dataset ({', '.join(MODELS)})", "descriptor"))
            continue
        if name in paths:
            problems.append(Problem(label, 0, f"{where}.name", f"{name!r} is listed twice", "descriptor"))
            continue
        if not _safe_relative(rpath):
            problems.append(Problem(label, 0, f"{where}.path", f"{shorten(repr(rpath))} must be a relative "
                                    "path inside the package (no URL, no absolute path, no '..')", "unsafe-path"))
            continue
        try:
            target = (root / rpath).resolve()
        except (OSError, RuntimeError):  # a link loop
            problems.append(Problem(label, 0, f"{where}.path", f"{shorten(repr(rpath))} cannot be resolved (a link loop?)",
                                    "unsafe-path"))
            continue
        if not target.is_relative_to(root.resolve()):
            problems.append(Problem(label, 0, f"{where}.path", f"{rpath!r} leads outside the package "
                                    "(through a link)", "unsafe-path"))
            continue
        paths[name] = rpath
        if facts is not None:
            facts[name] = (res.get("bytes"), res.get("hash"))
    for name in MODELS:
        if name not in paths and not any(p.field.endswith(".path") or p.field.endswith(".name")
                                          for p in problems if p.file == label):
            problems.append(Problem(label, 0, "resources", f"has no resource {name!r}", "descriptor"))
    return paths


def _show(value: str) -> str:
    """A cell as it goes into a message: as is when it is short and printable, else quoted and
    cut, so a message stays one line."""
    return value if value.isprintable() and len(value) <= 60 else shorten(repr(value))


def _key_fields() -> dict[str, tuple[str, ...]]:
    """Per table, the fields that take part in a key: its primary key, its foreign keys, the
    fields other tables refer to. Only these cells are kept for the key checks."""
    keys = {name: list(m.__table__.primary_key) for name, m in MODELS.items()}
    for name, m in MODELS.items():
        for fk in m.__table__.foreign_keys:
            keys[name] += fk.fields
            keys[fk.table] += fk.ref_fields
    return {name: tuple(dict.fromkeys(fields)) for name, fields in keys.items()}


KEY_FIELDS = _key_fields()


def parse_table(model: type[Row], path: Path, label: str, cells_out: list | None = None
                ) -> tuple[list[tuple[int, Row]], list[Problem]]:
    header, raw_rows, problems = read_rows(path, label)
    if header is None:
        return [], problems
    names = list(model.model_fields)
    if header != names:
        dupes = sorted({_show(h) for h in header if header.count(h) > 1})
        missing = [n for n in names if n not in header]
        extra = [shorten(repr(h)) for h in header if h not in names][:10]
        if dupes:
            msg = f"duplicated column(s) {', '.join(dupes)}"
        elif missing or extra:
            msg = "; ".join(filter(None, [missing and f"missing column(s) {', '.join(missing)}",
                                          extra and f"unknown column(s) {', '.join(extra)}"]))
        else:
            msg = "columns are out of order"
        problems.append(Problem(label, 1, "", f"header must be {','.join(names)}: {msg}", "header"))
        return [], problems
    out: list[tuple[int, Row]] = []
    key_columns = [(n, names.index(n)) for n in KEY_FIELDS[model.__table__.name]]
    for line, cells in raw_rows:
        if len(cells) != len(names):
            problems.append(Problem(label, line, "", f"has {len(cells)} fields, the header has {len(names)}",
                                    "field-count"))
            continue
        if cells_out is not None:
            cells_out.append((line, {n: cells[i] for n, i in key_columns}))
        values, cell_problems = check_row(model, cells)
        if values is None:
            problems += [Problem(label, line, *p) for p in cell_problems]
        else:  # every field checked above: no second validation by Pydantic
            out.append((line, model.from_checked(values)))
    if not raw_rows and not problems:
        problems.append(Problem(label, 1, "", "has a header but no rows; every table of the dataset has rows",
                                "empty-table"))
    return out, problems


def parse_package(path: str | Path | None = None, strict: bool = False) -> Parsed:
    descriptor = resolve(path)
    parsed = Parsed(descriptor.parent)
    facts: dict[str, tuple] = {}
    paths = _descriptor(descriptor, parsed.problems, facts)
    if strict:
        parsed.problems += check_file_facts(parsed.root, paths, facts)
    for model in TABLES:
        name = model.__table__.name
        if name not in paths:
            continue
        parsed.labels[name] = paths[name]
        parsed.cells[name] = []
        rows, problems = parse_table(model, parsed.root / paths[name], paths[name], parsed.cells[name])
        parsed.rows[name] = rows
        parsed.problems += problems
        if not any(p.kind in STOPS_READING for p in problems):
            parsed.complete.add(name)
    return parsed




def check_file_facts(root: Path, paths: dict[str, str], facts: dict[str, tuple]) -> list[Problem]:
    """Each resource's size and SHA-256 against what datapackage.json records (strict mode: an
    edited copy whose descriptor was not regenerated fails here, as it does in frictionless)."""
    problems = []
    for name, rpath in paths.items():
        try:
            with open(root / rpath, "rb") as f:
                digest = hashlib.file_digest(f, "sha256").hexdigest()
            size = (root / rpath).stat().st_size
        except OSError:
            continue  # reported as missing-file when the table is read
        problems += fact_problems(rpath, size, digest, facts.get(name, (None, None)))
    return problems


def fact_problems(rpath: str, size: int, sha256: str, recorded: tuple) -> list[Problem]:
    """A file's size and SHA-256 (hex) against the (bytes, hash) datapackage.json records for it."""
    problems = []
    want_size, want_hash = recorded
    if want_size is not None and want_size != size:
        problems.append(Problem(rpath, 0, "", f"is {size} bytes; datapackage.json says {want_size}", "byte-count"))
    if want_hash is not None:
        algorithm, _, expected = str(want_hash).rpartition(":")
        if algorithm not in ("", "sha256") or (algorithm == "" and len(expected) != 64):
            problems.append(Problem(rpath, 0, "", f"datapackage.json gives a {algorithm or 'non-SHA-256'} "
                                    "hash; only sha256 is checked", "hash-count"))
        elif sha256 != expected:
            problems.append(Problem(rpath, 0, "", "its SHA-256 differs from the hash in datapackage.json",
                                    "hash-count"))
    return problems


def _cells_getter(fields: tuple[str, ...]):
    """cells -> the tuple of these fields' cells (itemgetter: C speed, the same tuple)."""
    get = itemgetter(*fields)
    return get if len(fields) > 1 else lambda cells: (get(cells),)


def check_keys(parsed: Parsed) -> list[Problem]:
    """Primary keys unique and every foreign key resolved, on the raw cells of every
    well-formed row (a row with a bad cell elsewhere still counts for its keys)."""
    problems = []
    keys: dict[str, set] = {}
    for model in TABLES:
        meta = model.__table__
        if meta.name not in parsed.cells:
            continue
        seen: dict[tuple, int] = {}
        key_of = _cells_getter(meta.primary_key)
        for line, cells in parsed.cells[meta.name]:
            key = key_of(cells)
            if key in seen:
                problems.append(Problem(parsed.label(meta.name), line, ",".join(meta.primary_key),
                                        f"duplicate primary key {', '.join(map(_show, key))} (first on line "
                                        f"{seen[key]})", "primary-key"))
            else:
                seen[key] = line
        keys[meta.name] = set(seen)
    for model in TABLES:
        meta = model.__table__
        for fk in meta.foreign_keys:
            if meta.name not in parsed.cells or fk.table not in parsed.complete:
                continue
            ref_of, value_of = _cells_getter(fk.ref_fields), _cells_getter(fk.fields)
            targets = keys[fk.table] if fk.ref_fields == MODELS[fk.table].__table__.primary_key else \
                {ref_of(c) for _, c in parsed.cells[fk.table]}
            for line, cells in parsed.cells[meta.name]:
                value = value_of(cells)
                if "" in value:
                    continue
                if value not in targets:
                    problems.append(Problem(parsed.label(meta.name), line, ",".join(fk.fields),
                                            f"{', '.join(map(_show, value))} is not among "
                                            f"{fk.table}.{','.join(fk.ref_fields)}", "foreign-key"))
    return problems


def _edtf_bounds(value: str):
    """edtf.bounds, with a date outside Python's years 1-9999 (0000, 9999-24) reported like any
    other impossible date rather than escaping as a bare ValueError."""
    try:
        return edtf.bounds(value)
    except edtf.EDTFError:
        raise
    except ValueError as e:
        raise ValueError(f"{value!r} is not a date that exists ({e})") from None


def _check_edtf(label: str, line: int, row: Row, field_name: str, start: str | None, end: str | None,
                precision: str | None, problems: list[Problem]) -> None:
    value = getattr(row, field_name)
    try:
        lo, hi, prec = _edtf_bounds(value)
    except ValueError as e:
        problems.append(Problem(label, line, field_name, str(e), "edtf"))
        return
    first = getattr(row, start) if start else None
    for name, want in ((start, lo), (end, hi)):
        got = getattr(row, name) if name else want
        if got != want:
            # EDTF bounds are ordered, so an end before its start always lands here: say so
            order = f"; it is also before {start} {first}" if name == end and got and first and got < first else ""
            problems.append(Problem(label, line, name, f"{got} disagrees with {field_name} {value!r}, "
                                    f"which gives {want}{order}", "edtf-bounds"))
    if precision and getattr(row, precision) != prec:
        problems.append(Problem(label, line, precision, f"{getattr(row, precision)} disagrees with "
                                f"{field_name} {value!r}, which gives {prec}", "edtf-bounds"))


def check_rules(parsed: Parsed) -> list[Problem]:
    """Rules that tie fields of a row, or rows of a table, together."""
    p: list[Problem] = []
    R = parsed.rows
    for line, r in R.get("events", []):
        _check_edtf(parsed.label("events"), line, r, "date", "date_start", "date_end", "date_precision", p)
    for line, r in R.get("phases", []):
        for fname, bound in (("start", "date_start"), ("end", "date_end")):
            value = getattr(r, fname)
            if value in (None, ".."):
                if getattr(r, bound) is not None:
                    p.append(Problem(parsed.label("phases"), line, bound, f"must be empty when {fname} is "
                                     f"{value or 'empty'}", "edtf-bounds"))
                continue
            try:
                lo, hi, _ = _edtf_bounds(value)
            except ValueError as e:
                p.append(Problem(parsed.label("phases"), line, fname, str(e), "edtf"))
                continue
            want = lo if fname == "start" else hi
            if getattr(r, bound) != want:
                p.append(Problem(parsed.label("phases"), line, bound, f"{getattr(r, bound)} disagrees with "
                                 f"{fname} {value!r}, which gives {want}", "edtf-bounds"))
        # start and end are separate EDTF dates here, so nothing above orders them
        if r.date_start is not None and r.date_end is not None and r.date_end < r.date_start:
            p.append(Problem(parsed.label("phases"), line, "date_end", f"{r.date_end} is before date_start "
                             f"{r.date_start}: the phase ends before it starts", "date-order"))
    for line, r in R.get("source_items", []):
        if r.published is not None:
            try:
                _edtf_bounds(r.published)
            except ValueError as e:
                p.append(Problem(parsed.label("source_items"), line, "published", str(e), "edtf"))
    for line, r in R.get("sources", []):
        if (r.same_as is None) != (r.same_as_basis is None):
            p.append(Problem(parsed.label("sources"), line, "same_as_basis",
                             "must be set exactly when same_as is set", "rule"))
        if r.same_as is not None and r.same_as >= r.footnote:
            p.append(Problem(parsed.label("sources"), line, "same_as",
                             f"{r.same_as} must be an earlier footnote than {r.footnote}", "rule"))
    if "sources" in R:
        missing = sorted(set(range(1, FOOTNOTE_COUNT + 1)) - {r.footnote for _, r in R["sources"]})
        if missing:
            p.append(Problem(parsed.label("sources"), 0, "footnote", f"footnotes {missing} have no row", "completeness"))
    for line, r in R.get("claims", []):
        if (r.area_id is None) != (r.area_role is None):
            p.append(Problem(parsed.label("claims"), line, "area_role", "must be set exactly when area_id is set", "rule"))
        if (r.voice == "author") != (r.holder_id == AUTHOR_ID):
            p.append(Problem(parsed.label("claims"), line, "holder_id", f"{r.holder_id!r} with voice {r.voice}: "
                             f"the author's own claims, and only they, are held by {AUTHOR_ID!r}", "rule"))
    for line, r in R.get("claim_relations", []):
        if r.claim_id == r.target_id:
            p.append(Problem(parsed.label("claim_relations"), line, "target_id", "a claim cannot act on itself", "rule"))
    for line, r in R.get("topics", []):
        if (r.group == "position") != (r.outcome is not None):
            p.append(Problem(parsed.label("topics"), line, "outcome", "must be set exactly for positions", "rule"))
    for line, r in R.get("areas", []):
        assessed = r.outcome != "not_assessed"
        if assessed != (r.outcome_quote is not None) or assessed != (r.outcome_paragraph is not None):
            p.append(Problem(parsed.label("areas"), line, "outcome_quote", "outcome_paragraph and outcome_quote "
                             "must be set exactly when the outcome is assessed", "rule"))
    for line, r in R.get("sections", []):
        if r.last_paragraph < r.first_paragraph:
            p.append(Problem(parsed.label("sections"), line, "last_paragraph", "is before first_paragraph", "rule"))
    p += _check_note_targets(parsed)
    return p


def _check_note_targets(parsed: Parsed) -> list[Problem]:
    """A note's concerns_table and concerns_id name an existing row (a link to any table, so it
    cannot be a declared foreign key)."""
    p: list[Problem] = []
    targets: dict[str, set[str]] = {}
    for line, r in parsed.rows.get("notes", []):
        if (r.concerns_table is None) != (r.concerns_id is None):
            p.append(Problem(parsed.label("notes"), line, "concerns_id",
                             "concerns_table and concerns_id are set together or not at all", "rule"))
            continue
        if r.concerns_table is None:
            continue
        model = MODELS.get(r.concerns_table)
        if model is None or len(model.__table__.primary_key) != 1:
            p.append(Problem(parsed.label("notes"), line, "concerns_table", f"{r.concerns_table} is not a "
                             "table with a single-field key", "foreign-key"))
            continue
        if r.concerns_table in parsed.cells:
            key = model.__table__.primary_key[0]
            if r.concerns_table not in targets:  # built once per table, not once per note
                targets[r.concerns_table] = {c[key] for _, c in parsed.cells[r.concerns_table]}
            if r.concerns_id not in targets[r.concerns_table]:
                p.append(Problem(parsed.label("notes"), line, "concerns_id", f"{r.concerns_id} is not among "
                                 f"{r.concerns_table}.{key}", "foreign-key"))
    return p


ANCHORED = ("cases", "case_measures", "phases", "topics", "events", "claims", "notes")


def check_against_paper(parsed: Parsed, paper: Paper) -> list[Problem]:
    """Every quote in the paragraph (or footnote) its row names, and the structure tables
    against the text."""
    p: list[Problem] = []
    R = parsed.rows
    ranges = {r.section_id: (r.first_paragraph, r.last_paragraph) for _, r in R.get("sections", [])}
    sections = sorted(R.get("sections", []), key=lambda lr: lr[1].ordinal)
    if sections and len(sections) != len(paper.headings):
        p.append(Problem(parsed.label("sections"), 0, "", f"has {len(sections)} rows; the paper has "
                         f"{len(paper.headings)} headings", "paper-structure"))
    for i, (line, r) in enumerate(sections[:len(paper.headings)]):
        h = paper.headings[i]
        want = {"title": h.title, "run_in": h.run_in, "first_paragraph": h.first_paragraph,
                "last_paragraph": paper.last_paragraph(i)}
        for name, value in want.items():
            if getattr(r, name) != value:
                p.append(Problem(parsed.label("sections"), line, name, f"{getattr(r, name)!r}; the paper's heading "
                                 f"{i + 1} gives {value!r}", "paper-structure"))
    for line, r in R.get("sources", []):
        text = plain_text(paper.footnotes[r.footnote])
        if r.citation != text:
            p.append(Problem(parsed.label("sources"), line, "citation", f"differs from footnote {r.footnote} as "
                             f"printed: {shorten(text)!r}", "paper-structure"))
        if r.marker_paragraph != paper.footnote_paragraph(r.footnote):
            p.append(Problem(parsed.label("sources"), line, "marker_paragraph", f"{r.marker_paragraph}; the marker "
                             f"of footnote {r.footnote} is in paragraph {paper.footnote_paragraph(r.footnote)}",
                             "paper-structure"))

    def found(quote: str, paragraph: int, footnote: int | None) -> bool:
        if footnote is not None:
            return paper.quote_in_footnote(quote, footnote)
        return paper.quote_in_paragraph(quote, paragraph)

    for table in ANCHORED:
        text_field = "paper_reading" if table == "notes" else "quote"
        for line, r in R.get(table, []):
            lo_hi = ranges.get(r.section_id)
            if lo_hi and not lo_hi[0] <= r.paragraph <= lo_hi[1]:
                p.append(Problem(parsed.label(table), line, "paragraph", f"{r.paragraph} is not in section "
                                 f"{r.section_id} (paragraphs {lo_hi[0]}-{lo_hi[1]})", "paper-anchor"))
            if r.anchor_footnote is not None and r.paragraph != paper.footnote_paragraph(r.anchor_footnote):
                p.append(Problem(parsed.label(table), line, "paragraph", f"{r.paragraph} does not carry the marker "
                                 f"of footnote {r.anchor_footnote} (paragraph "
                                 f"{paper.footnote_paragraph(r.anchor_footnote)} does)", "paper-anchor"))
            quote = getattr(r, text_field)
            if not found(quote, r.paragraph, r.anchor_footnote):
                where = f"footnote {r.anchor_footnote}" if r.anchor_footnote else f"paragraph {r.paragraph}"
                p.append(Problem(parsed.label(table), line, text_field, f"{shorten(quote)!r} is not in {where}",
                                 "quote-not-found"))
            if table == "events" and normalize(r.date_as_printed) not in normalize(r.quote):
                p.append(Problem(parsed.label(table), line, "date_as_printed", f"{r.date_as_printed!r} is not in "
                                 "the quote", "quote-not-found"))
    for line, r in R.get("areas", []):
        for heading, para in (("nato_heading", "nato_paragraph"), ("critique_heading", "critique_paragraph")):
            h, n = getattr(r, heading), getattr(r, para)
            if h is not None and (n is None or not paper.quote_in_paragraph(h, n)):
                p.append(Problem(parsed.label("areas"), line, heading, f"{h!r} is not in paragraph {n}", "quote-not-found"))
        if r.outcome_quote and r.outcome_paragraph and not paper.quote_in_paragraph(r.outcome_quote, r.outcome_paragraph):
            p.append(Problem(parsed.label("areas"), line, "outcome_quote", f"{shorten(r.outcome_quote)!r} is not in "
                             f"paragraph {r.outcome_paragraph}", "quote-not-found"))
    for line, r in R.get("topics", []):
        if r.heading is not None and not paper.quote_in_paragraph(r.heading, r.paragraph):
            p.append(Problem(parsed.label("topics"), line, "heading", f"{r.heading!r} is not in paragraph "
                             f"{r.paragraph}", "quote-not-found"))
    return p


# The fields check_rules reads per table, and those check_against_paper reads: the columnar
# engine runs these functions on each distinct combination of them (tests/test_columnar.py
# runs them on rows holding only these fields). The rules of claims, claim_relations and notes
# read fields with a distinct value per row; columnar.py checks them vectorized.
RULE_FIELDS = {
    "sections": ("first_paragraph", "last_paragraph"),
    "sources": ("footnote", "same_as", "same_as_basis"),
    "source_items": ("published",),
    "phases": ("start", "end", "date_start", "date_end"),
    "areas": ("outcome", "outcome_quote", "outcome_paragraph"),
    "topics": ("group", "outcome"),
    "events": ("date", "date_start", "date_end", "date_precision"),
}
_ANCHOR = ("section_id", "paragraph", "anchor_footnote")
PAPER_FIELDS = {
    "sections": ("section_id", "ordinal", "title", "run_in", "first_paragraph", "last_paragraph"),
    "sources": ("footnote", "citation", "marker_paragraph"),
    "areas": ("nato_heading", "nato_paragraph", "critique_heading", "critique_paragraph", "outcome_quote",
              "outcome_paragraph"),
    "topics": _ANCHOR + ("quote", "heading"),
    "events": _ANCHOR + ("quote", "date_as_printed"),
    "notes": _ANCHOR + ("paper_reading",),
    **{t: _ANCHOR + ("quote",) for t in ("cases", "case_measures", "phases", "claims")},
}
# the columnar engine pays for importing pyarrow (~0.1 s); below this much CSV the rows are faster
COLUMNAR_FROM_BYTES = 2_000_000
ENGINES = ("auto", "rows", "columns")


def check(path: str | Path | None = None, paper: Paper | None = None, strict: bool = False,
          engine: str = "auto") -> tuple[dict[str, int], list[Problem]]:
    """Row counts per table and every problem. ``engine="columns"`` first tries to certify the
    package valid with the columnar engine (``columnar.py``), which finds no problem exactly when
    the row engine finds none; when it declines, the row engine runs and names each problem.
    ``"auto"`` does that for packages of at least COLUMNAR_FROM_BYTES of CSV, when pyarrow is
    installed; ``"rows"`` always reads row by row."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if engine != "rows":
        certified = certify(path, paper, strict, engine == "columns")
        if certified is not None:
            return certified[2], []
    parsed, problems = check_package(path, paper, strict)
    return {name: len(parsed.rows.get(name, [])) for name in MODELS}, problems


def certify(path: str | Path | None, paper: Paper | None = None, strict: bool = False, always: bool = False
            ) -> tuple[Path, dict[str, str], dict[str, int]] | None:
    """The package's root, its table paths and row counts when the columnar engine finds it
    valid; None when it declines, or (unless ``always``) when the package is small or pyarrow
    is missing: then only the row engine can say."""
    descriptor = resolve(path)
    facts: dict[str, tuple] = {}
    descriptor_problems: list[Problem] = []
    paths = _descriptor(descriptor, descriptor_problems, facts)
    if descriptor_problems:
        return None
    root = descriptor.parent
    if not always:
        try:
            if sum((root / p).stat().st_size for p in paths.values()) < COLUMNAR_FROM_BYTES:
                return None
        except OSError:
            return None
        try:
            import pyarrow  # noqa: F401  (an optional dependency: without it, rows)
        except ImportError:
            return None
    from . import columnar
    try:
        return root, paths, columnar.certify(root, paths, paper, facts if strict else None)
    except columnar.Declined:
        return None
    except Exception:  # noqa: BLE001  a file that vanished, an Arrow error: the row engine will say
        return None


def check_package(path: str | Path | None = None, paper: Paper | None = None,
                  strict: bool = False) -> tuple[Parsed, list[Problem]]:
    """Parse and check a package; the paper's checks run only when ``paper`` is given, the
    files' sizes and hashes against datapackage.json only when ``strict``."""
    # rows are many small containers and none is in a cycle: the cyclic collector would walk
    # all of them again and again while they are built (a third of the time at 1M claims)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        parsed = parse_package(path, strict)
        problems = list(parsed.problems)
        problems += check_keys(parsed)
        problems += check_rules(parsed)
        if paper is not None:
            problems += check_against_paper(parsed, paper)
    finally:
        if was_enabled:
            gc.enable()
    return parsed, sorted(set(problems))


__all__ = ["check", "check_package", "parse_package", "Parsed", "resolve", "StrEnum"]
