"""Check a data package: its descriptor, its schema files against this version's, with
``strict`` every file's size and SHA-256, and every declared check (``checks.py``) run by the
executor that fits its size. Reads only: nothing it checks is ever written.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, NamedTuple

from . import arrow_executor  # imports pyarrow only when it runs
from .checks import Report
from .errors import Problem, ProblemKind as K, shorten
from .limits import MAX_DESCRIPTOR_BYTES
from .models import MODELS
from .package import Descriptor, file_kind_problem, read_descriptor
from .python_executor import TableRows, run as run_rows
from .schema import table_schema
from .text import Paper

# the Arrow executor pays for importing pyarrow (~0.1 s); below this much CSV the rows are faster
ARROW_FROM_BYTES = 2_000_000
EXECUTORS = ("auto", "python", "arrow")


class Checked(NamedTuple):
    descriptor: Descriptor
    counts: dict[str, int]  # rows per table whose every cell is valid
    problems: list[Problem]
    tables: dict[str, TableRows] | None  # the rows, when the Python executor ran


def schema_problems(desc: Descriptor) -> list[Problem]:
    """Each resource's Table Schema must be the one this version generates: a reader that
    follows the package's own schema/ must read the files as this validator does."""
    out = []
    for name, ref in desc.schemas.items():
        want = table_schema(MODELS[name])
        where = f"resources[{desc.indexes.get(name, 0)}].schema"
        if isinstance(ref, dict):
            have, label = ref, desc.label
        elif isinstance(ref, str):
            label = ref
            path = desc.root / ref
            if ".." in Path(ref).parts or Path(ref).is_absolute() or "://" in ref:
                out.append(Problem(desc.label, 0, where, f"{shorten(repr(ref))} must be a relative path inside "
                                   "the package", K.UNSAFE_PATH))
                continue
            problem = file_kind_problem(path, ref)
            if problem is not None:
                out.append(Problem(ref, 0, "", f"{problem.message}: the package's schema for {name} is missing",
                                   K.SCHEMA_DRIFT if problem.kind == K.MISSING_FILE else problem.kind))
                continue
            try:
                with open(path, "rb") as f:
                    have = json.loads(f.read(MAX_DESCRIPTOR_BYTES + 1).decode("utf-8"))
            except (OSError, ValueError, RecursionError) as e:
                out.append(Problem(ref, 0, "", f"cannot be read as JSON: {shorten(str(e))}", K.SCHEMA_DRIFT))
                continue
        else:
            out.append(Problem(desc.label, 0, where, "names no schema; it must be schema/"
                               f"{name}.json as this version generates it", K.SCHEMA_DRIFT))
            continue
        if have != want:
            out.append(Problem(label, 0, "", f"differs from the schema nrcdata generates for {name} "
                               f"({_first_difference(have, want)}); regenerate the package with this version",
                               K.SCHEMA_DRIFT))
    return out


def _first_difference(have: Any, want: Any) -> str:
    if not isinstance(have, dict):
        return "not a JSON object"
    hf = {f.get("name"): f for f in have.get("fields", []) if isinstance(f, dict)}
    for f in want["fields"]:
        if f["name"] not in hf:
            return f"field {f['name']} is missing"
        if hf[f["name"]] != f:
            diff = sorted(k for k in set(f) | set(hf[f["name"]]) if f.get(k) != hf[f["name"]].get(k))
            return f"field {f['name']}: {', '.join(map(str, diff))}"
    extra = [n for n in hf if n not in {f["name"] for f in want["fields"]}]
    if extra:
        return f"unknown field {shorten(str(extra[0]))}"
    keys = sorted(k for k in set(have) | set(want) if have.get(k) != want.get(k))
    return ", ".join(map(str, keys))


def fact_problems(rpath: str, size: int, sha256: str, recorded: tuple) -> list[Problem]:
    """A file's size and SHA-256 (hex) against the (bytes, hash) datapackage.json records for it."""
    problems = []
    want_size, want_hash = recorded
    if want_size is not None and want_size != size:
        problems.append(Problem(rpath, 0, "", f"is {size} bytes; datapackage.json says {shorten(str(want_size))}",
                                K.BYTE_COUNT))
    if want_hash is not None:
        algorithm, _, expected = str(want_hash).rpartition(":")
        if algorithm not in ("", "sha256") or (algorithm == "" and len(expected) != 64):
            problems.append(Problem(rpath, 0, "", f"datapackage.json gives a {shorten(algorithm) or 'non-SHA-256'} "
                                    "hash; only sha256 is checked", K.HASH_COUNT))
        elif sha256 != expected:
            problems.append(Problem(rpath, 0, "", "its SHA-256 differs from the hash in datapackage.json",
                                    K.HASH_COUNT))
    return problems


def strict_problems(desc: Descriptor) -> list[Problem]:
    """Each resource's size and SHA-256 against what datapackage.json records (an edited copy
    whose descriptor was not regenerated fails here, as it does in frictionless)."""
    problems = []
    for name, rpath in desc.paths.items():
        path = desc.root / rpath
        if file_kind_problem(path, rpath) is not None:
            continue  # reported when the table is read
        try:
            with open(path, "rb") as f:
                digest = hashlib.file_digest(f, "sha256").hexdigest()
            size = os.stat(path).st_size
        except OSError:
            continue
        problems += fact_problems(rpath, size, digest, desc.facts.get(name, (None, None)))
    return problems


def choose_executor(desc: Descriptor, executor: str) -> str:
    if executor not in EXECUTORS:
        raise ValueError(f"executor must be one of {', '.join(EXECUTORS)}, not {executor!r}")
    if executor != "auto":
        return executor
    total = 0
    for rpath in desc.paths.values():
        try:
            total += os.stat(desc.root / rpath).st_size
        except (OSError, ValueError):
            pass
    return "arrow" if total >= ARROW_FROM_BYTES else "python"


def check(path: str | os.PathLike | None = None, paper: Paper | None = None, strict: bool = False,
          executor: str = "auto") -> Checked:
    """Every problem of the package, by the executor asked for (``auto``: Arrow from
    ARROW_FROM_BYTES of CSV). Both executors report the same problems."""
    desc = read_descriptor(path)
    report = Report()
    report.extend(desc.problems)
    report.extend(schema_problems(desc))
    if strict:
        report.extend(strict_problems(desc))
    chosen = choose_executor(desc, executor)
    if chosen == "arrow":
        counts = arrow_executor.run(desc.root, desc.paths, report, paper)
        return Checked(desc, counts, report.problems(), None)
    tables = run_rows(desc.root, desc.paths, report, paper)
    counts = {name: len(t.values) for name, t in tables.items()}
    return Checked(desc, counts, report.problems(), tables)
