"""data/quote_spans.csv: where each quote of the package is in the paper's canonical text,
computed from the rows and the text (``nrcdata spans --write``), and checked against them
(``nrcdata spans --check``, and the tests)."""

from __future__ import annotations

import os
from pathlib import Path

from .checking import check
from .csvio import atomic_write_text, to_csv_text
from .models import MODELS
from .python_executor import rows_of
from .schema import write as write_generated
from .text import Paper, Span, compute_spans

SPANS_TABLE = "quote_spans"


def package_spans(paper: Paper, root: str | os.PathLike | None = None) -> list[Span]:
    """The quote spans of the package at ``root`` (the shipped one by default), computed from
    its rows and the text; raises ValueError naming every problem of the package other than its
    quote_spans table (which is what is being made) and every quote not found."""
    checked = check(root, executor="python")
    others = [p for p in checked.problems if Path(p.file).name != f"{SPANS_TABLE}.csv"
              and not (p.file.endswith("datapackage.json") and SPANS_TABLE in p.message)]
    rows = rows_of(checked.tables or {})
    spans, missing = compute_spans(paper, rows, MODELS)
    if others or missing:
        raise ValueError("cannot compute the quote spans:\n" + "\n".join([str(p) for p in others] + missing))
    return spans


def spans_csv(spans: list[Span]) -> str:
    """data/quote_spans.csv as it is shipped."""
    return to_csv_text(list(Span._fields), [list(s) for s in spans])


def write_spans(paper: Paper, root: Path) -> tuple[Path, int, list[str]]:
    """Write data/quote_spans.csv and refresh the generated files; (path, spans, refreshed)."""
    text = spans_csv(package_spans(paper, root))
    target = root / "data" / f"{SPANS_TABLE}.csv"
    atomic_write_text(target, text)
    return target, text.count("\n") - 1, write_generated(root)


def spans_are_fresh(paper: Paper, root: Path) -> bool:
    target = root / "data" / f"{SPANS_TABLE}.csv"
    return target.is_file() and target.read_text(encoding="utf-8") == spans_csv(package_spans(paper, root))
