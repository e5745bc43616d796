"""The problems the library reports, their catalogue, and the exception that carries them.

Every problem has a kind from ``ProblemKind``: a catalogue held as data (kind, title,
description), which the codebook prints in its "Problems" section. A problem is printed as one
line, ``file:row:field: message [kind]``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from enum import StrEnum


class ProblemKind(StrEnum):
    """The kinds of problem: each member is its kind, with a title and a description (the
    codebook's "Problems" section lists them)."""

    heading: str  # the title the codebook prints (not ``title``: a str method of that name exists)
    description: str

    def __new__(cls, value: str, heading: str, description: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.heading = heading
        member.description = description
        return member

    # the package and its files
    DESCRIPTOR = 'descriptor', 'Bad descriptor', ('datapackage.json is not JSON, is too large or too deeply nested, has a '
                                                  "duplicated key, or does not list this dataset's tables with the dialect, "
                                                  'encoding and format the files have.')
    UNSAFE_PATH = 'unsafe-path', 'Unsafe path', ("A resource path that is a URL, absolute, climbs out with '..', leads out "
                                                 'through a link, or cannot be encoded: never read, never fetched.')
    MISSING_FILE = 'missing-file', 'Missing file', ('A file the descriptor names is not there, is a folder, or cannot be read.')
    SPECIAL_FILE = 'special-file', 'Special file', ('A path names a FIFO, a device or a socket: refused before it is opened, '
                                                    'since reading it could block or never end.')
    SCHEMA_DRIFT = 'schema-drift', 'Schema differs', ("A file in the package's schema/ folder differs from the schema this "
                                                      'version of nrcdata generates, or is missing.')
    SOURCE_TEXT = 'source-text', 'Wrong paper text', ("The paper's text found is not the one the quotes were verified against, or"
                                                      ' cannot be read.')
    # a file's form
    FILE_TOO_LARGE = 'file-too-large', 'File too large', "A file is over the reader's size limit."
    EMPTY_FILE = 'empty-file', 'Empty file', 'A file has no header row (it is empty or only a byte-order mark).'
    BOM = 'bom', 'Byte-order mark', 'A file starts with a UTF-8 byte-order mark.'
    ENCODING = 'encoding', 'Not UTF-8', 'A file is not valid UTF-8.'
    NUL_BYTE = 'nul-byte', 'NUL byte', 'A file holds a NUL byte (a binary file saved under a .csv name?).'
    LINE_ENDINGS = 'line-endings', 'CR line endings', ('A file has CR (Windows or old Mac) line endings, or a CR inside a cell.')
    DELIMITER = 'delimiter', 'Wrong delimiter', 'A file is semicolon- or tab-separated.'
    CSV_SYNTAX = 'csv-syntax', 'CSV syntax', 'An unclosed quote, or text after a closing quote.'
    CELL_TOO_LARGE = 'cell-too-large', 'Cell too large', "A cell is over the reader's length limit."
    BLANK_ROW = 'blank-row', 'Blank row', 'An empty line between records.'
    HEADER = 'header', 'Bad header', 'A missing, unknown, duplicated or misplaced column.'
    FIELD_COUNT = 'field-count', 'Field count', 'A record has more or fewer fields than the header.'
    EMPTY_TABLE = 'empty-table', 'Empty table', 'A header and no rows: every table of the dataset has rows.'
    # a cell
    NA_VALUE = 'na-value', 'NA marker', ('NA, N/A, NULL... in a key, code, number, date or flag, where an empty cell is '
                                         'meant.')
    WHITESPACE = 'whitespace', 'Edge spaces', 'A cell with leading or trailing spaces.'
    FORMULA = 'formula', 'Formula start', 'Text starting with = + - or @, which a spreadsheet would run.'
    CONTROL_CHARACTER = 'control-character', 'Forbidden character', ('A line break, another control character, DEL, a C1 control, a '
                                                                     'Unicode line or paragraph separator, or a noncharacter.')
    REQUIRED = 'required', 'Required', 'A required cell is empty.'
    TYPE = 'type', 'Wrong type', ('A cell is not an integer, boolean or date as its field requires, or an integer has '
                                  'more digits than the reader accepts.')
    ENUM = 'enum', 'Not a code', "A cell is not one of its vocabulary's values."
    PATTERN = 'pattern', 'Pattern', "A cell does not match its field's pattern."
    CONSTRAINT = 'constraint', 'Out of range', "A cell's length or value is outside its field's bounds."
    # between cells, rows and tables
    PRIMARY_KEY = 'primary-key', 'Duplicate key', ('Two rows have the same primary key (integers compared as numbers, so 01 and'
                                                   ' 1 are one key).')
    FOREIGN_KEY = 'foreign-key', 'Dangling reference', 'A reference names no row of the table it refers to.'
    EDTF = 'edtf', 'Bad EDTF', 'A date is not a valid EDTF date that exists.'
    EDTF_BOUNDS = 'edtf-bounds', 'EDTF bounds', ('date_start, date_end or date_precision disagree with the EDTF date they are '
                                                 'derived from.')
    DATE_ORDER = 'date-order', 'Date order', 'Something ends before it starts.'
    RULE = 'rule', 'Rule', 'A rule that ties fields of a row, or rows of tables, together is broken.'
    COMPLETENESS = 'completeness', 'Incomplete', 'A footnote of the paper has no row.'
    # against the paper's text
    PAPER_STRUCTURE = 'paper-structure', 'Paper structure', ("A section, footnote or citation disagrees with the paper's text.")
    PAPER_ANCHOR = 'paper-anchor', 'Anchor', ("A row's paragraph is not in its section, or does not carry its footnote's "
                                              'marker.')
    QUOTE_NOT_FOUND = 'quote-not-found', 'Quote not found', 'A quote is not in the paragraph or footnote it names.'
    # strict mode
    BYTE_COUNT = 'byte-count', 'Size differs', "A file's size is not what datapackage.json records (--strict)."
    HASH_COUNT = 'hash-count', 'Hash differs', "A file's SHA-256 is not what datapackage.json records (--strict)."
    # reporting
    MORE_PROBLEMS = 'more-problems', 'More problems', ('More problems of one kind in one column than are listed one by one; the '
                                                       'line says how many were left out.')


def catalogue() -> list[tuple[str, str, str]]:
    """(kind, title, description) for every problem kind, in the catalogue's order."""
    return [(k.value, k.heading, k.description) for k in ProblemKind]


@dataclass(frozen=True, order=True)
class Problem:
    """One problem: ``file:row:field: message``. ``row`` is the line of the CSV file where the
    record starts, as a text editor and ``grep -n`` count them (the header is line 1); 0 and ""
    when the problem is not about one row or field."""

    file: str
    row: int
    field: str
    message: str
    kind: ProblemKind

    def __post_init__(self) -> None:
        if not isinstance(self.kind, ProblemKind):
            object.__setattr__(self, "kind", ProblemKind(self.kind))  # ValueError for an unknown kind

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.field}: {self.message} [{self.kind.value}]"


def shorten(text: str, limit: int = 60) -> str:
    """Text cut to ``limit`` characters for a one-line message."""
    return text if len(text) <= limit else text[:limit] + "..."


def show(value: str) -> str:
    """A cell as it goes into a message: as is when short and printable, else quoted and cut,
    so that a message stays one printable line."""
    return value if value.isprintable() and len(value) <= 60 else shorten(repr(value))


class InvalidPackage(Exception):
    """The data package has problems; ``.problems`` lists all of them, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the data package; first: {self.problems[0]}"
                         if self.problems else "no problems")


class CannotCheck(Exception):
    """A check could not be carried out (the paper's text unreadable, a path that is no package):
    exit status 2, as opposed to 1 for a package with problems."""


class ExportError(Exception):
    """An output (export, picture, site) could not be made; the message says why and what to do.
    Exit status 2."""


class MissingDependency(ExportError):
    """An optional dependency is not installed; the message names the extra that brings it."""


def require(module: str, feature: str, extra: str):
    """Import an optional dependency or raise MissingDependency naming the extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingDependency(f"{feature} needs {module.split('.')[0]}: "
                                f"pip install 'nrcdata[{extra}]'") from None
