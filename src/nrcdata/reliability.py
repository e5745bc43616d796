"""Inter-coder reliability (issue 14): nominal Krippendorff's alpha per variable from
``qa/reliability/codings.csv``, with a 95% bootstrap interval over units, into ``report.csv``.

An empty value is a category of its own ("none"), not a missing value: "no issue", "no area", "no
addressee" and "undated" are codes the codebook asks for, and a coder who leaves a cell empty where
the other codes a value disagrees with them. Every sampled unit is therefore coded by both coders on
every variable. A variable is named ``table.variable`` (``claims.date`` and ``events.date`` differ).

Needs the ``krippendorff`` package (``pip install 'nrcdata[reliability]'``); it and numpy are
imported only when alpha is computed.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .errors import ExportError, require
from .package import shipped_root

CODINGS_COLUMNS = ["unit_table", "unit_id", "variable", "coder", "value"]
REPORT_COLUMNS = ["variable", "n_units", "alpha", "ci_low", "ci_high"]
CODERS = ("A", "B")
NONE = "none"  # the category an empty value stands for
SEED = 20261202
RESAMPLES = 1000
LEVEL = 0.95


@dataclass(frozen=True)
class Row:
    variable: str
    n_units: int
    alpha: float
    ci_low: float
    ci_high: float


def default_folder() -> Path:
    """qa/reliability/ of the source checkout (it is not shipped in the wheel)."""
    return shipped_root() / "qa" / "reliability"


def rounds(folder: Path) -> list[tuple[int, Path]]:
    """The study's rounds: ``folder`` is round 1 (or round N when it is itself ``round<N>/``), its
    ``round<N>/`` subfolders the later ones."""
    def number(d: Path) -> int | None:
        return int(d.name[5:]) if d.name.startswith("round") and d.name[5:].isdigit() else None
    later = sorted((n, d) for d in folder.glob("round*") if d.is_dir() and (n := number(d)) is not None)
    return [(number(folder) or 1, folder), *later]


def read_codings(path: Path) -> dict[str, dict[str, dict[str, str]]]:
    """``table.variable`` -> unit_id -> coder -> value (an empty value as ``NONE``)."""
    try:
        f = open(path, newline="", encoding="utf-8")
    except OSError as e:
        raise ExportError(f"cannot read the codings: {e}") from None
    out: dict[str, dict[str, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    with f:
        reader = csv.DictReader(f)
        if reader.fieldnames != CODINGS_COLUMNS:
            raise ExportError(f"{path}: columns {reader.fieldnames}, expected {CODINGS_COLUMNS}")
        for r in reader:
            out[f"{r['unit_table']}.{r['variable']}"][r["unit_id"]][r["coder"]] = r["value"] or NONE
    return {v: dict(units) for v, units in out.items()}


def _matrix(units: dict[str, dict[str, str]], exclude: frozenset[str]):
    """Coder x unit integer codes (categories numbered in sorted order); NaN where a coder has no row."""
    import numpy as np
    ids = sorted(u for u in units if u not in exclude)
    categories = {c: i for i, c in enumerate(sorted({v for u in ids for v in units[u].values()}))}
    data = np.full((len(CODERS), len(ids)), np.nan)
    for j, u in enumerate(ids):
        for i, coder in enumerate(CODERS):
            if coder in units[u]:
                data[i, j] = categories[units[u][coder]]
    return data


def _alpha(data) -> float:
    import numpy as np
    krippendorff = require("krippendorff", "nrcdata reliability", "reliability")
    values = data[~np.isnan(data)]
    if values.size == 0:
        return float("nan")
    if np.unique(values).size == 1:  # one category only: perfect agreement, no variation to explain
        return 1.0
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def alpha_of(units: dict[str, dict[str, str]], exclude: frozenset[str] = frozenset()) -> float:
    """Nominal alpha of one variable's units."""
    return _alpha(_matrix(units, exclude))


def bootstrap(units: dict[str, dict[str, str]], exclude: frozenset[str] = frozenset(),
              resamples: int = RESAMPLES, seed: int = SEED) -> tuple[float, float]:
    """Percentile interval (``LEVEL``) of alpha over ``resamples`` resamples of the units."""
    import numpy as np
    data = _matrix(units, exclude)
    rng = np.random.default_rng(seed)
    n = data.shape[1]
    draws = np.array([_alpha(data[:, rng.integers(0, n, n)]) for _ in range(resamples)])
    tail = (1 - LEVEL) / 2 * 100
    low, high = np.nanpercentile(draws, [tail, 100 - tail])
    return float(low), float(high)


def compute(codings: Path | None = None, exclude: frozenset[str] = frozenset(),
            resamples: int = RESAMPLES) -> list[Row]:
    """One row per variable, in the order of codings.csv."""
    by_variable = read_codings(codings or default_folder() / "codings.csv")
    rows = []
    for variable, units in by_variable.items():
        low, high = bootstrap(units, exclude, resamples)
        n = sum(1 for u in units if u not in exclude)
        rows.append(Row(variable, n, alpha_of(units, exclude), low, high))
    return rows


def write_report(rows: list[Row], path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(REPORT_COLUMNS)
        for r in rows:
            w.writerow([r.variable, r.n_units, f"{r.alpha:.4f}", f"{r.ci_low:.4f}", f"{r.ci_high:.4f}"])


def read_report(path: Path) -> list[Row]:
    try:
        f = open(path, newline="", encoding="utf-8")
    except OSError as e:
        raise ExportError(f"cannot read the report: {e} (nrcdata reliability --recompute writes it)") from None
    with f:
        reader = csv.DictReader(f)
        if reader.fieldnames != REPORT_COLUMNS:
            raise ExportError(f"{path}: columns {reader.fieldnames}, expected {REPORT_COLUMNS}")
        return [Row(r["variable"], int(r["n_units"]), float(r["alpha"]), float(r["ci_low"]),
                    float(r["ci_high"])) for r in reader]


def table(rows: list[Row]) -> str:
    """The report as aligned text, one line per variable, with its verdict against 0.80 and 0.667."""
    width = max([len("variable"), *(len(r.variable) for r in rows)])
    lines = [f"{'variable':<{width}}  {'n':>4}  {'alpha':>7}  {'95% CI':<17}  verdict"]
    for r in rows:
        verdict = "ok" if r.alpha >= 0.80 else "tentative" if r.alpha >= 0.667 else "unreliable"
        lines.append(f"{r.variable:<{width}}  {r.n_units:>4}  {r.alpha:>7.4f}  "
                     f"[{r.ci_low:.4f}, {r.ci_high:.4f}]  {verdict}")
    return "\n".join(lines) + "\n"
