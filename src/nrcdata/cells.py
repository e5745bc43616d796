"""Checking a row's cells, compiled once per field from the models.

Each field's type, requiredness, enum, pattern, length and range come from its definition in
``models.py``; ``FieldCheck`` turns a CSV cell into the typed value or names what is wrong with
it. Validation runs on these checks and builds rows without Pydantic's validators
(``Row.from_checked`` or ``model_construct``), so they are not run twice;
``tests/test_cells.py`` checks that both agree. A cell that passes every check takes a fast
path (``FieldCheck.convert``, one pattern match or lookup); any other gets the full checks,
which name its problem.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from functools import cache
from operator import call

from .errors import ProblemKind as K, shorten
from .limits import MAX_INTEGER_DIGITS, forbidden_class
from .models import FORMULA_START, Row
from .typemaps import base_type, is_optional, logical_type

# what R, pandas and spreadsheets write for a missing value; the dataset's missing value is ""
NA_MARKERS = frozenset({"NA", "N/A", "n/a", "NaN", "nan", "NULL", "null", "None", "#N/A"})
_INT = re.compile(r"^-?[0-9]+$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
FORBIDDEN = forbidden_class()
_FORBIDDEN = re.compile(FORBIDDEN)
# the fast path (FieldCheck.convert) accepts only what every check below accepts: whole-cell
# matches, so no trailing line break slips past a `$`
_INT_CELL = re.compile(rf"-?[0-9]{{1,{MAX_INTEGER_DIGITS}}}")
_DATE_CELL = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# non-empty text without control characters, formula start or edge spaces (the characters
# \s matches are exactly those str.strip() removes); one pattern for every field, lengths apart
# a pattern built only of anchors, ASCII letters, digits, _, and classes of them (ranges within a-z,
# A-Z or 0-9), with
# quantifiers: what it accepts has no space, control character or formula start, so a screen may
# test the pattern alone
_WORD_PATTERN = re.compile(r"\^(?:[A-Za-z0-9_]|\[(?:[a-z]-[a-z]|[A-Z]-[A-Z]|[0-9]-[0-9]|[A-Za-z0-9_])+\]|\{[0-9]+(?:,[0-9]+)?\}|[*+?])+\$")
_PLAIN_TEXT = re.compile(rf"(?![{''.join(map(re.escape, FORMULA_START))}\s])[^{FORBIDDEN[1:-1]}]+(?<!\s)")


@cache
def _numbers(ge: int, le: int, optional: bool) -> dict[str, int | None]:
    """Each number of ge..le by its text (shared by the fields of one range)."""
    numbers: dict[str, int | None] = {str(n): n for n in range(ge, le + 1)}
    if optional:
        numbers[""] = None
    return numbers


class FieldCheck:
    """Turns one field's cell text into its value: ``(value, None)`` or ``(None, (message, kind))``."""

    __slots__ = ("name", "type", "logical", "optional", "coded", "text", "pattern", "enum", "values",
                 "min_length", "max_length", "ge", "le", "convert", "word_pattern")

    def __init__(self, name: str, field):
        self.name = name
        t = base_type(field)
        self.type = t
        self.logical = logical_type(field)
        self.optional = is_optional(field)
        self.enum = t if isinstance(t, type) and issubclass(t, StrEnum) else None
        self.values = frozenset(e.value for e in self.enum) if self.enum else None
        self.text = isinstance(t, type) and issubclass(t, str)
        self.pattern = self.min_length = self.max_length = self.ge = self.le = None
        for m in field.metadata:
            for attr in ("min_length", "max_length", "ge", "le"):
                if getattr(m, attr, None) is not None:
                    setattr(self, attr, getattr(m, attr))
            if getattr(m, "pattern", None):
                self.pattern = re.compile(m.pattern)
        # a field of codes, numbers, dates or flags, where "NA" can only mean missing; in free
        # text it stays text, and a code its pattern accepts is a code (NA is Namibia)
        self.coded = self.pattern is not None or t is not str
        self.word_pattern = self.pattern is not None and _WORD_PATTERN.fullmatch(self.pattern.pattern) is not None
        self.convert = self._converter()

    def _converter(self):
        """``raw -> value`` for a cell every check accepts; anything else raises, and
        ``full_check`` then says what is wrong with it. It must never accept a cell the full
        checks reject, nor give another value: ``tests/test_cells.py`` holds it to them."""
        t, optional = self.type, self.optional
        if self.enum is not None:  # one lookup: the members whose value passes every check
            ok = {v: self.enum(v) for v in self.values if v not in NA_MARKERS and _PLAIN_TEXT.fullmatch(v)}
            if optional:
                ok[""] = None
            return ok.__getitem__
        if t is bool:
            return ({"true": True, "false": False, "": None} if optional
                    else {"true": True, "false": False}).__getitem__
        if t is int:
            if self.ge is not None and self.le is not None and self.le - self.ge <= 1000:
                # a small range (paragraphs, footnotes): every number as written, one lookup
                return _numbers(self.ge, self.le, optional).__getitem__
            lo = float("-inf") if self.ge is None else self.ge
            hi = float("inf") if self.le is None else self.le
            is_int = _INT_CELL.fullmatch

            def convert_int(raw: str):
                if is_int(raw):
                    value = int(raw)
                    if lo <= value <= hi:
                        return value
                elif raw == "" and optional:
                    return None
                raise KeyError(raw)
            return convert_int
        if t is dt.date:
            is_date, fromisoformat = _DATE_CELL.fullmatch, dt.date.fromisoformat

            def convert_date(raw: str):
                if is_date(raw):
                    return fromisoformat(raw)  # ValueError for a day that does not exist
                if raw == "" and optional:
                    return None
                raise KeyError(raw)
            return convert_date
        if t is str:
            is_text = _PLAIN_TEXT.fullmatch
            shortest = self.min_length or 1
            longest = float("inf") if self.max_length is None else self.max_length
            # a text that matches its pattern is a code, never an NA marker
            search = self.pattern.search if self.pattern is not None else bool

            def convert_text(raw: str):
                if is_text(raw) and search(raw) and shortest <= len(raw) <= longest:
                    return raw
                if raw == "" and optional:
                    return None
                raise KeyError(raw)
            return convert_text

        def convert_other(raw: str):  # no fast path for another type: always the full checks
            raise KeyError(raw)
        return convert_other

    def key(self, raw: str) -> str:
        """The cell as a key is compared: an integer by its value (01 and 1 are one key), any
        other cell as written."""
        if self.type is int and _INT_CELL.fullmatch(raw):
            return str(int(raw))
        return raw

    def __call__(self, raw: str):
        try:
            return self.convert(raw), None
        except Exception:  # anything but a plainly valid cell: the full checks say why
            return self.full_check(raw)

    def full_check(self, raw: str):
        """The full checks, in order: the first that fails names the problem."""
        if raw == "":
            return (None, None) if self.optional else (None, ("is required but empty", K.REQUIRED))
        if raw in NA_MARKERS and self.coded and not (self.pattern and self.pattern.search(raw)):
            return None, (f"{raw!r} is what R, pandas or a spreadsheet write for a missing value; "
                          "leave the cell empty instead", K.NA_VALUE)
        if raw != raw.strip():
            return None, (f"{shorten(repr(raw))} has leading or trailing spaces", K.WHITESPACE)
        if _FORBIDDEN.search(raw):
            return None, (f"{shorten(repr(raw))} contains a line break, control character or noncharacter; a "
                          "cell holds one line of text", K.CONTROL_CHARACTER)
        if self.text and raw.startswith(FORMULA_START):
            return None, (f"{shorten(repr(raw))} starts with {raw[0]}, so a spreadsheet would run it as a formula",
                          K.FORMULA)
        t = self.type
        if t is int:
            if not _INT.match(raw):
                return None, (f"{shorten(raw)!r} is not an integer", K.TYPE)
            if len(raw.lstrip("-")) > MAX_INTEGER_DIGITS:
                return None, (f"{shorten(raw)!r} has {len(raw.lstrip('-'))} digits; integers have at most "
                              f"{MAX_INTEGER_DIGITS}", K.TYPE)
            value = int(raw)
            if self.ge is not None and value < self.ge:
                return None, (f"{value} is less than {self.ge}", K.CONSTRAINT)
            if self.le is not None and value > self.le:
                return None, (f"{value} is more than {self.le}", K.CONSTRAINT)
            return value, None
        if t is bool:
            if raw not in ("true", "false"):
                return None, (f"{raw!r} is not a boolean (true or false)", K.TYPE)
            return raw == "true", None
        if t is dt.date:
            try:
                if not _ISO_DATE.match(raw):
                    raise ValueError
                return dt.date.fromisoformat(raw), None
            except ValueError:
                return None, (f"{raw!r} is not a date YYYY-MM-DD that exists", K.TYPE)
        if self.enum is not None and self.values is not None:
            if raw not in self.values:
                return None, (f"{shorten(repr(raw))} is not one of {', '.join(sorted(self.values))}", K.ENUM)
            return self.enum(raw), None
        if self.pattern is not None and not self.pattern.search(raw):
            return None, (f"{shorten(repr(raw))} does not match the pattern {self.pattern.pattern}", K.PATTERN)
        if self.max_length is not None and len(raw) > self.max_length:
            return None, (f"{shorten(repr(raw))} is longer than {self.max_length} characters", K.CONSTRAINT)
        if self.min_length is not None and len(raw) < self.min_length:
            return None, (f"{shorten(repr(raw))} is shorter than {self.min_length} characters", K.CONSTRAINT)
        return raw, None


@cache
def field_checks(model: type[Row]) -> tuple[FieldCheck, ...]:
    return tuple(FieldCheck(name, f) for name, f in model.model_fields.items())


@cache
def _converters(model: type[Row]) -> tuple[tuple[str, ...], tuple]:
    checks = field_checks(model)
    return tuple(c.name for c in checks), tuple(c.convert for c in checks)


def check_row(model: type[Row], cells: list[str]) -> tuple[dict | None, list[tuple[str, str, K]]]:
    """The row's values by field, or None and its problems as (field, message, kind)."""
    names, converts = _converters(model)
    try:  # a row of plainly valid cells, nearly every row: one call per cell, no messages
        return dict(zip(names, map(call, converts, cells))), []
    except Exception:
        pass  # some cell is not: the full checks name every problem of the row
    values, problems = {}, []
    for check, raw in zip(field_checks(model), cells):
        value, problem = check(raw)
        if problem:
            problems.append((check.name, *problem))
        else:
            values[check.name] = value
    return (None if problems else values), problems
