"""The subset of EDTF (ISO 8601-2) the dataset uses, and the full-ISO bounds derived from it.

Grammar (each form may end in one qualifier ``~`` approximate, ``?`` uncertain, ``%`` both):

* ``1992`` year, ``1992-10`` month, ``1992-10-28`` day;
* ``1992-23`` season: 21 spring, 22 summer, 23 autumn, 24 winter;
* ``199X`` decade (EDTF unspecified digit);
* ``A/B`` interval of two of the above; ``..`` is an open end (``1996/..``);
* ``[A,B]`` and ``[A..B]`` one of a set: the date is one of these, or lies in this range.

Bounds: ``date_start`` is the first day the expression can mean and ``date_end`` the last
(seasons are the northern meteorological ones: spring March–May, summer June–August,
autumn September–November, winter December–February). An open end has no bound.
Precision is the coarsest unit the expression names: day < month < season < year < decade.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

PRECISIONS = ("day", "month", "season", "year", "decade")
_SEASON_MONTHS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 2)}
_SIMPLE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?[~?%]?$")
_DECADE = re.compile(r"^(\d{3})X[~?%]?$")


class EDTFError(ValueError):
    """The string is not in the dataset's EDTF subset, or names an impossible date."""



def _days_in_month(year: int, month: int) -> int:
    # calendar.monthrange(year, month)[1] without importing calendar (and locale with it);
    # outside years 1-9999 it raises ValueError like the date() that would follow
    return 31 if month == 12 else (date(year, month + 1, 1) - timedelta(days=1)).day


def _simple(text: str) -> tuple[date, date, str]:
    m = _DECADE.match(text)
    if m:
        decade = int(m.group(1)) * 10
        return date(decade, 1, 1), date(decade + 9, 12, 31), "decade"
    m = _SIMPLE.match(text)
    if not m:
        raise EDTFError(f"{text!r} is not an EDTF date of the form YYYY, YYYY-MM, YYYY-MM-DD, "
                        "YYYY-SS (season 21-24) or YYYX")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if month is None:
        return date(year, 1, 1), date(year, 12, 31), "year"
    month = int(month)
    if 21 <= month <= 24:
        if day is not None:
            raise EDTFError(f"{text!r}: a season takes no day")
        first, last = _SEASON_MONTHS[month]
        end_year = year + 1 if month == 24 else year
        return (date(year, first, 1),
                date(end_year, last, _days_in_month(end_year, last)), "season")
    if not 1 <= month <= 12:
        raise EDTFError(f"{text!r}: month {month} does not exist")
    last_day = _days_in_month(year, month)
    if day is None:
        return date(year, month, 1), date(year, month, last_day), "month"
    if not 1 <= int(day) <= last_day:
        raise EDTFError(f"{text!r}: day {int(day)} does not exist in {year}-{month:02d}")
    d = date(year, month, int(day))
    return d, d, "day"


def _coarsest(*precisions: str) -> str:
    return max(precisions, key=PRECISIONS.index)


def bounds(text: str) -> tuple[date | None, date | None, str]:
    """``(date_start, date_end, precision)`` of an EDTF string; raises EDTFError."""
    if not isinstance(text, str) or text != text.strip() or not text:
        raise EDTFError(f"{text!r} is not an EDTF string")
    return _bounds(text)


@lru_cache(maxsize=1 << 16)  # a package repeats few distinct dates over many rows and references
def _bounds(text: str) -> tuple[date | None, date | None, str]:
    if text.startswith("[") and text.endswith("]"):
        starts, ends, precs = [], [], []
        for member in text[1:-1].split(","):
            parts = member.split("..")
            if len(parts) > 2 or not all(parts):
                raise EDTFError(f"{text!r}: set members are dates or ranges A..B")
            lo, hi = _simple(parts[0]), _simple(parts[-1])
            if hi[1] < lo[0]:
                raise EDTFError(f"{text!r}: range {member} ends before it starts")
            starts.append(lo[0])
            ends.append(hi[1])
            precs += [lo[2], hi[2]]
        return min(starts), max(ends), _coarsest(*precs)
    if "/" in text:
        parts = text.split("/")
        if len(parts) != 2 or parts == ["..", ".."]:
            raise EDTFError(f"{text!r}: an interval is START/END with at most one open end '..'")
        first = None if parts[0] == ".." else _simple(parts[0])
        last = None if parts[1] == ".." else _simple(parts[1])
        if first and last and last[1] < first[0]:
            raise EDTFError(f"{text!r}: the interval ends before it starts")
        precs = [p[2] for p in (first, last) if p]
        return (first[0] if first else None), (last[1] if last else None), _coarsest(*precs)
    return _simple(text)


def is_valid(text: str) -> bool:
    try:
        bounds(text)
    except EDTFError:
        return False
    return True
