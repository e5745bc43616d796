"""The public API: load the dataset as validated, linked objects or as pandas DataFrames."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InvalidPackage, Problem
from .models import MODELS, TABLES, Row

if TYPE_CHECKING:  # pandas is imported only when a DataFrame is asked for
    import pandas as pd


def shipped_root() -> Path:
    """The folder holding the shipped datapackage.json: inside the installed wheel, or the
    repository root in a source checkout."""
    # the package's own folder, as importlib.resources.files() would give for an unzipped
    # install, without importing importlib.resources (about 10 ms, most of `import nrcdata`'s own)
    packaged = Path(__file__).parent / "_package"
    if (packaged / "datapackage.json").is_file():
        return packaged
    return Path(__file__).resolve().parents[2]


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
            for r in table_rows:  # what `r._dataset = self` does, without pydantic's __setattr__
                r.__pydantic_private__["_dataset"] = self
        self._index: dict[tuple[str, str], dict] = {}

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


def _version(root: Path) -> str:
    import json
    try:
        return str(json.loads((root / "datapackage.json").read_text(encoding="utf-8")).get("version", ""))
    except (OSError, ValueError):
        return ""


def load(path: str | Path | None = None) -> Dataset:
    """Load and validate a data package (the shipped one by default; or a folder, or a
    datapackage.json). Raises InvalidPackage with every problem found. Quotes are checked
    against the paper only by ``validate()`` when the paper's text is at hand."""
    from .validate import check_package
    parsed, problems = check_package(path)  # it pauses the cyclic collector while it builds rows
    if problems:
        raise InvalidPackage(problems)
    rows = {name: [r for _, r in parsed.rows.get(name, [])] for name in MODELS}
    return Dataset(parsed.root, rows, _version(parsed.root))


def validate(path: str | Path | None = None, *, paper="auto", strict: bool = False,
             engine: str = "auto") -> dict[str, int]:
    """Check a package, including every quote when the paper's text is available
    (``paper="auto"``: use it if found; ``None``: skip; or a path to the text); with ``strict``,
    also each file's size and SHA-256 against datapackage.json.
    ``engine``: "auto", "rows" or "columns" (see ``nrcdata validate --help``); all three find
    the same problems. Returns row counts per table; raises InvalidPackage with all problems."""
    from .text import SourceTextMissing, load_paper
    from .validate import check
    text, text_problems = None, []
    if paper is not None:
        try:
            text = load_paper(None if paper == "auto" else paper)
        except SourceTextMissing:
            if paper != "auto":
                raise
        except ValueError as e:  # a text whose SHA-256 is not the paper's
            text_problems.append(Problem(str(paper), 0, "", str(e), "source-text"))
    counts, problems = check(path, text, strict, engine)
    problems = sorted(problems + text_problems)
    if problems:
        raise InvalidPackage(problems)
    return counts


_PANDAS_DTYPES = {"integer": "Int64", "boolean": "boolean", "string": "string"}


def dataframe(table: str, path: str | Path | None = None) -> "pd.DataFrame":
    """One table as a DataFrame with its real types: integers as Int64, booleans as boolean,
    dates as datetime64, text as string; empty cells are missing and the text "NA" stays text."""
    if table not in MODELS:
        raise KeyError(f"no table {table!r}; the tables are {', '.join(MODELS)}")
    from .export import tables_of
    return _frame(tables_of(load(path), [table])[table])


def dataframes(path: str | Path | None = None) -> dict[str, "pd.DataFrame"]:
    """Every table as a DataFrame (see ``dataframe``), from one load of the package; a large
    package the columnar engine finds valid is read straight into Arrow, to the same frames."""
    from .validate import certify
    certified = certify(path)
    if certified is not None:
        from .columnar import frames
        return frames(*certified[:2])
    from .export import tables_of
    return {name: _frame(t) for name, t in tables_of(load(path)).items()}


def _frame(t) -> "pd.DataFrame":
    import pandas as pd
    df = pd.DataFrame.from_records(t.rows, columns=t.fields)
    for name, kind in zip(t.fields, t.types):
        df[name] = pd.to_datetime(df[name]) if kind == "date" else df[name].astype(_PANDAS_DTYPES[kind])
    return df


def pairs(path: str | Path | None = None) -> "pd.DataFrame":
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
