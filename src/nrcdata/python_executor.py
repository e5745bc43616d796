"""Run the declared checks (``checks.py``) row by row, in plain Python: the executor for small
packages, and the one loading builds rows with. It imports no pyarrow, so ``load()`` stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Sequence
from typing import Any

from . import checks
from .cells import check_row, field_checks
from .checks import Report
from .csvio import Records
from .errors import Problem, ProblemKind as K, show
from .models import MODELS, TABLES, Row
from .text import Paper


@dataclass
class TableRows:
    """One table as read: the rows whose every cell is valid (as values, with their lines), and
    the key cells of every well-formed row."""
    label: str
    lines: list[int] = field(default_factory=list)
    values: list[dict[str, Any]] = field(default_factory=list)
    key_lines: list[int] = field(default_factory=list)
    key_cells: list[tuple[str, ...]] = field(default_factory=list)
    key_names: tuple[str, ...] = ()
    complete: bool = False  # every record was read: references into it are checked


def header_problem(model: type[Row], header: list[str], label: str) -> Problem | None:
    names = list(model.model_fields)
    if header == names:
        return None
    dupes = sorted({show(h) for h in header if header.count(h) > 1})
    missing = [n for n in names if n not in header]
    extra = [show(h) for h in header if h not in names][:10]
    if dupes:
        msg = f"duplicated column(s) {', '.join(dupes)}"
    elif missing or extra:
        msg = "; ".join(part for part in (missing and f"missing column(s) {', '.join(missing)}",
                                          extra and f"unknown column(s) {', '.join(extra)}") if part)
    else:
        msg = "columns are out of order"
    return Problem(label, 1, "", f"header must be {','.join(names)}: {msg}", K.HEADER)


def read_table(model: type[Row], path: Path, label: str, report: Report) -> TableRows:
    """Read and check one table's cells; problems go to ``report``."""
    name = model.__table__.name
    out = TableRows(label, key_names=checks.key_fields(name))
    records = Records(path, label)
    names = list(model.model_fields)
    if records.header is not None:
        problem = header_problem(model, records.header, label)
        if problem is not None:
            records.problems.append(problem)
            records.header = None
    key_at = [names.index(n) for n in out.key_names]
    key_of = [field_checks(model)[i].key for i in key_at]
    n_records = 0
    for line, cells in records:
        n_records += 1
        out.key_lines.append(line)
        out.key_cells.append(tuple(k(cells[i]) for k, i in zip(key_of, key_at)))
        values, problems = check_row(model, cells)
        if values is None:
            report.extend(Problem(label, line, f, m, k) for f, m, k in problems)
        else:
            out.lines.append(line)
            out.values.append(values)
    report.extend(records.problems)
    out.complete = records.complete
    if records.header is not None and n_records == 0 and not records.problems:
        report.add(Problem(label, 1, "", "has a header but no rows; every table of the dataset has rows",
                           K.EMPTY_TABLE))
    return out


def check_keys(tables: dict[str, TableRows], report: Report) -> None:
    """Primary keys unique and every reference resolved, on the key cells of every
    well-formed row; references only into tables that were read whole."""
    keys: dict[str, dict[tuple, int]] = {}
    for uk in checks.UNIQUE_KEYS:
        t = tables.get(uk.table)
        if t is None:
            continue
        at = [t.key_names.index(f) for f in uk.fields]
        seen: dict[tuple, int] = {}
        for line, cells in zip(t.key_lines, t.key_cells):
            key = tuple(cells[i] for i in at)
            if key in seen:
                report.add(Problem(t.label, line, *uk.message(key, seen[key])))
            else:
                seen[key] = line
        keys[uk.table] = seen
    values_of: dict[tuple[str, str], set] = {}

    def targets(table: str, fld: str) -> set:
        if (table, fld) not in values_of:
            t = tables[table]
            i = t.key_names.index(fld)
            values_of[(table, fld)] = {cells[i] for cells in t.key_cells}
        return values_of[(table, fld)]

    for ref in checks.REFERENCES:
        t, target = tables.get(ref.table), tables.get(ref.ref_table)
        if t is None or target is None or not target.complete:
            continue
        i, wanted = t.key_names.index(ref.field), targets(ref.ref_table, ref.ref_field)
        for line, cells in zip(t.key_lines, t.key_cells):
            value = cells[i]
            if value != "" and value not in wanted:
                report.add(Problem(t.label, line, *ref.message(value)))
    for any_ref in checks.ANY_TABLE_REFERENCES:
        t = tables.get(any_ref.table)
        if t is None:
            continue
        ti, ii = t.key_names.index(any_ref.table_field), t.key_names.index(any_ref.id_field)
        for line, cells in zip(t.key_lines, t.key_cells):
            table_name, value = cells[ti], cells[ii]
            if table_name == "" or value == "":
                continue  # the rule that both are set says what is wrong
            found = any_ref.target(table_name)
            if found is None:
                report.add(Problem(t.label, line, *any_ref.no_table(table_name)))
                continue
            ref_table, ref_key = found
            if ref_table in tables and tables[ref_table].complete and value not in targets(ref_table, ref_key):
                report.add(Problem(t.label, line, *any_ref.message(ref_table, value, ref_key)))


def _columns(t: TableRows, fields: tuple[str, ...]) -> dict[str, Sequence[Any]]:
    return {f: [v[f] for v in t.values] for f in fields}


def check_rows(tables: dict[str, TableRows], report: Report, paper: Paper | None) -> None:
    """The row, table and paper checks, on the rows whose every cell is valid."""
    for check in checks.ROW_CHECKS:
        t = tables.get(check.table)
        if t is None:
            continue
        for line, values in zip(t.lines, t.values):
            for f, m, k in check.run(values):
                report.add(Problem(t.label, line, f, m, k))
    for lcheck in checks.LOOKUP_CHECKS:
        t, ref = tables.get(lcheck.table), tables.get(lcheck.ref_table)
        if t is None or ref is None:
            continue
        rows = {v[lcheck.ref_key]: {f: v[f] for f in lcheck.ref_reads} for v in ref.values}
        for line, values in zip(t.lines, t.values):
            for f, m, k in lcheck.through(values, rows):
                report.add(Problem(t.label, line, f, m, k))
    for tcheck in checks.TABLE_CHECKS:
        t = tables.get(tcheck.table)
        if t is not None and t.values:
            for line, f, m, k in tcheck.run(t.lines, _columns(t, tcheck.reads)):
                report.add(Problem(t.label, line, f, m, k))
    if paper is None:
        return
    sections = tables.get("sections")
    ctx = checks.paper_context(paper, (sections.lines, _columns(sections, checks.SECTION_RANGE_FIELDS))
                               if sections is not None else None)
    for pcheck in checks.PAPER_ROW_CHECKS:
        t = tables.get(pcheck.table)
        if t is None:
            continue
        for line, values in zip(t.lines, t.values):
            for f, m, k in pcheck.run(values, ctx):
                report.add(Problem(t.label, line, f, m, k))
    for ptcheck in checks.PAPER_TABLE_CHECKS:
        t = tables.get(ptcheck.table)
        if t is not None and t.values:
            for line, f, m, k in ptcheck.run(t.lines, _columns(t, ptcheck.reads), paper):
                report.add(Problem(t.label, line, f, m, k))


def run(root: Path, paths: dict[str, str], report: Report, paper: Paper | None) -> dict[str, TableRows]:
    """Read every table the descriptor names and run every check; problems go to ``report``."""
    tables: dict[str, TableRows] = {}
    for model in TABLES:
        name = model.__table__.name
        if name in paths:
            tables[name] = read_table(model, root / paths[name], paths[name], report)
    check_keys(tables, report)
    check_rows(tables, report, paper)
    return tables


def rows_of(tables: dict[str, TableRows]) -> dict[str, list[Row]]:
    """Each table's rows as models, built with Pydantic's own construction API from values
    every check has passed (so not validated twice)."""
    return {name: [MODELS[name].model_construct(**v) for v in t.values] for name, t in tables.items()}
