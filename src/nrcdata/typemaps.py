"""A field's type, once: from its Pydantic definition to its logical (Table Schema) type, and
from that to every format the package is written in. Each target format has one map here;
nothing else maps types.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from enum import StrEnum
from typing import NamedTuple

from pydantic.fields import FieldInfo

# the four logical types of the dataset's fields, as Table Schema names them
STRING, INTEGER, BOOLEAN, DATE = "string", "integer", "boolean", "date"

JSON_SCHEMA = {STRING: "string", INTEGER: "integer", BOOLEAN: "boolean", DATE: "string"}
PANDAS = {STRING: "string", INTEGER: "Int64", BOOLEAN: "boolean", DATE: "datetime64[ns]"}
ARROW = {STRING: "string", INTEGER: "int64", BOOLEAN: "bool_", DATE: "date32"}  # pyarrow factory names
SQLITE = {STRING: "TEXT", INTEGER: "INTEGER", BOOLEAN: "INTEGER", DATE: "TEXT"}


class StataType(NamedTuple):
    storage: str   # the Stata storage type
    dtype: str     # the pandas dtype the column is written from
    format: str    # the display format ("" for pandas' default)


# Stata (format 118); a coded string field ("vocabulary") is written as codes 1..n with value labels
STATA: dict[str, StataType] = {
    STRING: StataType("str# (strL beyond 2,045 bytes)", "object", ""),
    INTEGER: StataType("long", "Int32", ""),
    BOOLEAN: StataType("byte", "Int8", ""),        # 0/1, value labels false/true
    DATE: StataType("double", "datetime64[s]", "%td"),  # days since 1960-01-01
    "vocabulary": StataType("long", "Int32", ""),
}
R_READR = {STRING: "c", INTEGER: "i", BOOLEAN: "l", DATE: "D"}


def base_type(field: FieldInfo) -> type:
    """The field's type without Optional."""
    ann = field.annotation
    if isinstance(ann, types.UnionType) or typing.get_origin(ann) is typing.Union:
        ann = next(a for a in typing.get_args(ann) if a is not type(None))
    return typing.cast(type, ann)


def is_optional(field: FieldInfo) -> bool:
    ann = field.annotation
    return (isinstance(ann, types.UnionType) or typing.get_origin(ann) is typing.Union) and \
        type(None) in typing.get_args(ann)


def vocabulary_of(field: FieldInfo) -> type[StrEnum] | None:
    """The field's vocabulary (a StrEnum of nrcdata.vocab), if it is coded."""
    t = base_type(field)
    return t if isinstance(t, type) and issubclass(t, StrEnum) else None


def logical_type(field: FieldInfo) -> str:
    """string, integer, boolean or date."""
    t = base_type(field)
    if t is bool:
        return BOOLEAN
    if t is int:
        return INTEGER
    if t is dt.date:
        return DATE
    return STRING


def constraints(field: FieldInfo) -> dict:
    """The field's constraints under their Table Schema names (minimum, maximum, minLength,
    maxLength, pattern)."""
    out: dict = {}
    for m in field.metadata:
        for attr, key in (("ge", "minimum"), ("le", "maximum"), ("min_length", "minLength"),
                          ("max_length", "maxLength"), ("pattern", "pattern")):
            value = getattr(m, attr, None)
            if value is not None:
                out[key] = value
    return out
