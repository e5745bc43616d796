"""The one exception the library raises for bad data, and the problems it carries."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem: ``file:row:field: message``. ``row`` is the line number in the CSV file
    (the header is line 1); 0 and "" when the problem is not about one row or field."""

    file: str
    row: int
    field: str
    message: str
    kind: str  # a stable code, e.g. "foreign-key", "type", "quote-not-found"

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.field}: {self.message} [{self.kind}]"


def shorten(text: str, limit: int = 60) -> str:
    """Text cut to ``limit`` characters for a one-line message."""
    return text if len(text) <= limit else text[:limit] + "..."


class InvalidPackage(Exception):
    """The data package has problems; ``.problems`` lists all of them, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the data package; first: {self.problems[0]}"
                         if self.problems else "no problems")
