"""Stata export: one ``<table>.dta`` per table, format 118 (Stata 14 and later, UTF-8).

Each variable carries its field's description as its label (shortened to 80 characters by
``variable_label``, never mid-word), every vocabulary field is stored as a number with a value
label whose texts are the codes themselves (so ``decode`` or ``pandas.read_stata`` gives back the
CSV's codes), booleans are 0/1 with the labels ``false``/``true``, dates are Stata dates (``%td``),
and each file's data label names the version and what to cite. A missing string is ``""`` (Stata
has no missing string); a missing number or date is Stata's ``.``.

pandas (a dependency) writes the files; nothing else is needed.
"""

from __future__ import annotations

import datetime as dt
import warnings
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from .cite import cff_text, parse_cff
from .models import MODELS
from .typemaps import STATA as STATA_TYPES, base_type

if TYPE_CHECKING:
    from .loading import Table


FORMAT_VERSION = 118
LABEL_LIMIT = 80        # Stata's limit for variable and data labels, in characters
STR_LIMIT = 2045        # bytes in a str#; longer text goes into a strL
BOOLEAN_LABELS = {0: "false", 1: "true"}


def variable_name(field: str) -> str:
    """The Stata name of a field: the field's own name, or with "_" appended where Stata (or
    Mata) reserves the name (only ``phases.end`` -> ``end_``)."""
    from pandas.io.stata import StataParser  # the words pandas' writer refuses
    return field + "_" if field in StataParser().RESERVED_WORDS else field


def variable_label(text: str, limit: int = LABEL_LIMIT) -> str:
    """A description shortened to ``limit`` characters, never cut inside a word.

    The rule: the whole text when it fits; else its first sentence when that fits; else the
    longest run of whole words of the first sentence that fits with "..." after it (trailing
    punctuation dropped). A single word longer than the limit is the only case cut mid-word.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    end = text.find(". ")
    first = text[:end + 1] if end != -1 else text
    if len(first) <= limit:
        return first
    words, out = first.split(" "), ""
    for word in words:
        candidate = f"{out} {word}" if out else word
        if len(candidate.rstrip(".,;:") + "...") > limit:
            break
        out = candidate
    if not out:
        return first[:limit - 3] + "..."
    return out.rstrip(".,;:") + "..."


def data_label(table: str, version: str) -> str:
    """The file's data label: version, table and what to cite, within Stata's 80 characters."""
    cff = parse_cff(cff_text())
    year = cff.get("date-released", "")[:4]
    authors = " & ".join(a.get("name") or a.get("family-names", "") for a in cff["authors"])
    ref = cff["reference"]
    paper = " & ".join(a.get("family-names", "") for a in ref["authors"])
    label = f"nrcdata {version} {table}. Cite: {authors} ({year}); {paper} ({ref.get('year', '')})"
    if len(label) > LABEL_LIMIT:
        label = f"nrcdata {version} {table}. Cite: {paper} ({ref.get('year', '')}); see nrcdata cite"
    return label[:LABEL_LIMIT]


def vocabularies(table: str) -> dict[str, type[StrEnum]]:
    """Field -> its StrEnum, for the vocabulary fields of ``table``."""
    out = {}
    for name, info in MODELS[table].model_fields.items():
        t = base_type(info)
        if isinstance(t, type) and issubclass(t, StrEnum):
            out[name] = t
    return out


def value_labels(enum: type[StrEnum]) -> dict[int, str]:
    """Code -> label of a vocabulary: 1..n in the codebook's order, each labelled with its code."""
    return {i: member.value for i, member in enumerate(enum, start=1)}


def frame(t: Table):
    """The table as the pandas DataFrame written to the .dta, with its value labels."""
    import pandas as pd
    vocab_of = vocabularies(t.name)
    columns, labels = {}, {}
    for i, (field, kind) in enumerate(zip(t.fields, t.types)):
        values = [row[i] for row in t.rows]
        if field in vocab_of:
            labels[field] = value_labels(vocab_of[field])
            code = {label: n for n, label in labels[field].items()}
            columns[field] = pd.array([None if v is None else code[v] for v in values],
                                      dtype=STATA_TYPES["vocabulary"].dtype)
        elif kind == "string":
            columns[field] = pd.array(["" if v is None else v for v in values], dtype=object)
        elif kind == "boolean":
            labels[field] = dict(BOOLEAN_LABELS)
            columns[field] = pd.array([None if v is None else int(v) for v in values],
                                      dtype=STATA_TYPES["boolean"].dtype)
        elif kind == "date":
            columns[field] = pd.Series(
                [pd.NaT if v is None else dt.datetime(v.year, v.month, v.day) for v in values],
                dtype=STATA_TYPES["date"].dtype)
        else:
            columns[field] = pd.array(values, dtype=STATA_TYPES[kind].dtype)
    df = pd.DataFrame(columns, index=range(len(t.rows)))
    names = {f: variable_name(f) for f in t.fields}
    return df.rename(columns=names), {names[f]: v for f, v in labels.items()}


def write_stata(tables: dict[str, Table], folder: Path, version: str) -> list[str]:
    """Write one ``<table>.dta`` per table into ``folder``; return the file names."""
    written = []
    for t in tables.values():
        df, labels = frame(t)
        names = [variable_name(f) for f in t.fields]
        dates = {n: STATA_TYPES["date"].format.lstrip("%") for n, k in zip(names, t.types) if k == "date"}
        strl = [n for n, k in zip(names, t.types) if k == "string" and n not in labels
                and any(len(v.encode("utf-8")) > STR_LIMIT for v in df[n])]
        name = f"{t.name}.dta"
        with warnings.catch_warnings():
            # a renamed variable would break the promise that names are the CSV's: fail instead
            warnings.simplefilter("error")
            df.to_stata(folder / name, write_index=False, version=FORMAT_VERSION,
                        convert_dates=dates, convert_strl=strl, value_labels=labels,
                        variable_labels={n: variable_label(d) for n, d in zip(names, t.descriptions)},
                        data_label=data_label(t.name, version))
        written.append(name)
    return written
