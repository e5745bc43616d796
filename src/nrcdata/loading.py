"""The public API: check a package, load it as validated, linked objects, or read it as pandas
DataFrames. pandas is imported only when a DataFrame is asked for.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from . import arrow_executor
from .checking import check, choose_executor
from .errors import CannotCheck, InvalidPackage
from .models import MODELS, TABLES, Row
from .package import read_descriptor
from .python_executor import rows_of
from .text import Paper, SourceTextMissing, load_paper
from .typemaps import PANDAS, is_optional, logical_type

if TYPE_CHECKING:  # pandas is imported only when a DataFrame is asked for
    import pandas as pd


class Dataset:
    """Every table as validated rows, linked to each other.

    Tables with a single primary key are dicts keyed by it (``ds.claims["C1001"]``); link tables
    are lists. Rows reach what they refer to: ``claim.holder``, ``claim.sources``,
    ``claim.relations``, ``area.portrayals``, ``area.critiques``, ``area.pairs``, ``event.sources``,
    ``case.claims`` and more (see ``nrcdata.models``).
    """

    def __init__(self, root: Path, rows: dict[str, list[Row]], version: str):
        self.root = root
        self.version = version
        self.tables: dict[str, list[Row]] = rows
        for model in TABLES:
            meta = model.__table__
            table_rows = rows.get(meta.name, [])
            if len(meta.primary_key) == 1:
                setattr(self, meta.name, {getattr(r, meta.primary_key[0]): r for r in table_rows})
            else:
                setattr(self, meta.name, table_rows)
            for r in table_rows:
                r._dataset = self  # type: ignore[assignment]  # a private attribute: frozen fields stay frozen
        self._index: dict[tuple[str, str], dict] = {}

    def __getattr__(self, name: str) -> Any:
        # reached only for a name that is no table (tables are set as attributes above)
        raise AttributeError(f"a Dataset has no table {name!r}; the tables are {', '.join(MODELS)}")

    def by(self, table: str, field: str) -> dict:
        """Rows of ``table`` grouped by the value of ``field`` (built once, then cached)."""
        key = (table, field)
        if key not in self._index:
            groups: dict = defaultdict(list)
            for r in self.tables.get(table, []):
                groups[getattr(r, field)].append(r)
            self._index[key] = dict(groups)
        return self._index[key]

    def __repr__(self) -> str:
        counts = ", ".join(f"{n}={len(rs)}" for n, rs in self.tables.items())
        return f"<nrcdata.Dataset {self.version}: {counts}>"


def load(path: str | os.PathLike | None = None) -> Dataset:
    """Load and validate a data package (the shipped one by default; or a folder, or a
    datapackage.json). Raises InvalidPackage with every problem found. Quotes are checked
    against the paper only by ``validate()`` when the paper's text is at hand."""
    checked = check(path, executor="python")
    if checked.problems:
        raise InvalidPackage(checked.problems)
    assert checked.tables is not None
    return Dataset(checked.descriptor.root, rows_of(checked.tables), checked.descriptor.version)


def paper_for(paper: str | os.PathLike | None) -> Paper | None:
    """The paper's text for ``validate(paper=...)``: "auto" (the default location, if there),
    None (no text), or a path (which must be the paper). Raises CannotCheck when a path is given
    and cannot be used."""
    if paper is None:
        return None
    try:
        return load_paper(None if paper == "auto" else paper)
    except SourceTextMissing as e:
        if paper == "auto":
            return None
        raise CannotCheck(str(e)) from None
    except ValueError as e:  # a text whose SHA-256 is not the paper's
        raise CannotCheck(str(e)) from None
    except OSError as e:
        raise CannotCheck(e.strerror if e.strerror else str(e) if "paper's text" in str(e)
                          else f"the paper's text at {paper} cannot be read: {e}") from None


def validate(path: str | os.PathLike | None = None, *, paper: str | os.PathLike | None = "auto",
             strict: bool = False, executor: str = "auto") -> dict[str, int]:
    """Check a package, including every quote when the paper's text is available
    (``paper="auto"``: use it if found; ``None``: skip; or a path to the text); with ``strict``,
    also each file's size and SHA-256 against datapackage.json. ``executor`` ("auto", "python"
    or "arrow") is for tests and benchmarks: both report the same problems. Returns row counts
    per table; raises InvalidPackage with all problems, CannotCheck when the paper's text given
    cannot be used."""
    text = paper_for(paper)
    checked = check(path, text, strict, executor)
    if checked.problems:
        raise InvalidPackage(checked.problems)
    return checked.counts


# -- phases: which of the paper's phases a claim falls in (pictures and networks) -------------

def phase_bounds(phases) -> list[tuple[str, int, str, dt.date, dt.date | None]]:
    """(phase_id, ordinal, name, start, end) per phase in order: a missing start follows the
    previous phase's end (the first phase's is open, date.min); a missing end is open (None).
    ``phases`` are Phase rows or mappings."""
    out = []
    previous_end = None
    for p in sorted((_as_map(p) for p in phases), key=lambda p: p["ordinal"]):
        start = p.get("date_start") or (previous_end + dt.timedelta(days=1) if previous_end else dt.date.min)
        end = p.get("date_end")
        out.append((p["phase_id"], p["ordinal"], p["name"], start, end))
        previous_end = end or dt.date.max
    return out


def phase_of(date: dt.date | None, bounds) -> str | None:
    """The phase whose bounds contain ``date``; None when none does or more than one does (the
    paper's phases 1 and 2 overlap in the first months of 1993)."""
    if date is None:
        return None
    hits = [pid for pid, _, _, start, end in bounds if start <= date and (end is None or date <= end)]
    return hits[0] if len(hits) == 1 else None


def claim_phase(phase_id: str | None, date_start: dt.date | None, bounds) -> str | None:
    """The phase a claim counts in: its phase_id, else the one phase containing its date_start
    (``bounds`` from phase_bounds); None when neither gives one."""
    return phase_id or phase_of(date_start, bounds)


def _as_map(row) -> dict:
    if isinstance(row, dict):
        return row
    if hasattr(type(row), "model_fields"):  # a Phase row
        return {name: getattr(row, name) for name in type(row).model_fields}
    return vars(row)


# -- plain tables: what exports and DataFrames are made from ----------------------------------

class Table(NamedTuple):
    """One table as plain values: Python ``date``, ``int``, ``bool``, ``str`` or ``None``."""
    name: str
    title: str
    description: str
    fields: list[str]
    types: list[str]        # logical (Table Schema) types: string, integer, boolean, date
    required: list[bool]
    descriptions: list[str]
    rows: list[list]


def _plain(value):
    return value.value if isinstance(value, Enum) else value


def tables_of(ds: Dataset, names=None) -> dict[str, Table]:
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
            [logical_type(f) for f in infos], [not is_optional(f) for f in infos],
            [f.description or "" for f in infos],
            [[_plain(getattr(r, f)) for f in fields] for r in rows])
    return out


def dataframe(table: str, path: str | os.PathLike | None = None) -> "pd.DataFrame":
    """One table as a DataFrame with its real types: integers as Int64, booleans as boolean,
    dates as datetime64, text as string; empty cells are missing and the text "NA" stays text."""
    if table not in MODELS:
        raise KeyError(f"no table {table!r}; the tables are {', '.join(MODELS)}")
    return _frame(tables_of(load(path), [table])[table])


def dataframes(path: str | os.PathLike | None = None) -> dict[str, "pd.DataFrame"]:
    """Every table as a DataFrame (see ``dataframe``), from one load of the package; a large
    package is checked and read by pyarrow, to the same frames."""
    desc = read_descriptor(path)
    if not desc.problems and choose_executor(desc, "auto") == "arrow":
        checked = check(path, executor="arrow")
        if checked.problems:
            raise InvalidPackage(checked.problems)
        return arrow_executor.frames(desc.root, desc.paths)
    return {name: _frame(t) for name, t in tables_of(load(path)).items()}


def _frame(t: Table) -> "pd.DataFrame":
    import pandas as pd
    df = pd.DataFrame.from_records(t.rows, columns=t.fields)
    for name, kind in zip(t.fields, t.types):
        df[name] = pd.to_datetime(df[name]) if kind == "date" else df[name].astype(PANDAS[kind])
    return df


def pairs(path: str | os.PathLike | None = None) -> "pd.DataFrame":
    """The NATO-portrayal vs critique pairs: one row per rebuts/qualifies link from a critique
    claim to a portrayal claim of the same area, with the area's outcome, both statements and
    both quotes."""
    import pandas as pd
    ds = load(path)
    rows = []
    for area in sorted(ds.areas.values(), key=lambda a: a.ordinal):
        for critique, relation, portrayal in area.pairs:
            rows.append({
                "area_id": area.area_id, "area": area.name, "outcome": area.outcome.value,
                "critique_id": critique.claim_id, "relation": relation,
                "portrayal_id": portrayal.claim_id,
                "portrayal_holder": portrayal.holder_id, "portrayal_statement": portrayal.statement,
                "portrayal_quote": portrayal.quote, "portrayal_paragraph": portrayal.paragraph,
                "critique_holder": critique.holder_id, "critique_statement": critique.statement,
                "critique_quote": critique.quote, "critique_paragraph": critique.paragraph,
            })
    columns = ["area_id", "area", "outcome", "critique_id", "relation", "portrayal_id",
               "portrayal_holder", "portrayal_statement", "portrayal_quote", "portrayal_paragraph",
               "critique_holder", "critique_statement", "critique_quote", "critique_paragraph"]
    df = pd.DataFrame(rows, columns=columns)
    for c in ("portrayal_paragraph", "critique_paragraph"):
        df[c] = df[c].astype("Int64")
    return df.astype({c: "string" for c in columns if not c.endswith("_paragraph")})
