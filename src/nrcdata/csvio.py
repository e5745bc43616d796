"""Reading and writing the dataset's CSV files. The writer here is the one that writes the
shipped files, so loading and writing back reproduces them byte for byte.

The reader streams a file record by record and reports every problem of its form with the line
where the record starts, counted as a text editor and ``grep -n`` count lines (a line ends at
LF; a CR is never a line of its own).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
from collections.abc import Iterator
from enum import Enum
from pathlib import Path

from .errors import Problem, ProblemKind as K
from .limits import MAX_CELL_CHARS, MAX_FILE_BYTES
from .package import file_kind_problem

# kinds after which some rows of the file were not read: references into it are not checked
STOPS_READING = frozenset({K.MISSING_FILE, K.SPECIAL_FILE, K.FILE_TOO_LARGE, K.EMPTY_FILE, K.NUL_BYTE,
                           K.ENCODING, K.DELIMITER, K.CSV_SYNTAX, K.CELL_TOO_LARGE, K.HEADER,
                           K.FIELD_COUNT})
_PIECE = 1 << 20


def format_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def to_csv_text(header: list[str], rows: list[list]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([format_cell(v) for v in row])
    return buf.getvalue()


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 the way atomic_write_bytes writes bytes."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it into place, so a failure
    never leaves a partial file."""
    import tempfile  # here, not at the top: loading never writes, so it never pays for the import
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_output(path: Path, data: bytes, error: type[Exception]) -> None:
    """Write an output file whole (atomic_write_bytes), creating its folder; an OSError becomes
    ``error`` with a one-line message."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, data)
    except OSError as e:
        raise error(f"cannot write {path}: {e.strerror or e}") from None


def unreadable(path: Path, label: str) -> Problem | None:
    """A problem when ``path`` is not a regular file (found without opening it) or is over the
    size limit: the file is then not read at all."""
    problem = file_kind_problem(path, label)
    if problem is not None:
        return problem
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return Problem(label, 0, "", f"is {size} bytes, over the limit of {MAX_FILE_BYTES}", K.FILE_TOO_LARGE)
    return None


class Records:
    """A CSV file's header and records, read lazily: iterate for (line, cells) of every
    well-formed record (as many cells as the header). Problems of the file's form gather in
    ``problems``; ``complete`` is False once one of them means some records were not read."""

    def __init__(self, path: Path, label: str):
        self.path, self.label = path, label
        self.problems: list[Problem] = []
        self.header: list[str] | None = None
        self._lines: Iterator[str] | None = None
        self._open()

    @property
    def complete(self) -> bool:
        return not any(p.kind in STOPS_READING for p in self.problems)

    def fail(self, message: str, kind: K, row: int = 0, field: str = "") -> None:
        self.problems.append(Problem(self.label, row, field, message, kind))

    def _open(self) -> None:
        problem = unreadable(self.path, self.label)
        if problem is not None:
            self.problems.append(problem)
            return
        try:
            if not self._scan():
                return
        except OSError as e:
            self.fail(f"cannot be read: {e.strerror or e}", K.MISSING_FILE)
            return
        self._lines = self._decoded_lines()
        reader_lines = _Counted(self._lines)
        self._reader = csv.reader(reader_lines, strict=True)
        self._counted = reader_lines
        try:
            self.header = next(self._reader)
        except StopIteration:
            self.fail("is empty: it has no header row", K.EMPTY_FILE)
            return
        except csv.Error as e:
            self._csv_error(e, 1)
            return
        first = self.header
        if len(first) == 1 and (";" in first[0] or "\t" in first[0]):
            sep = "semicolon" if ";" in first[0] else "tab"
            self.fail(f"is {sep}-separated; the dataset's CSV files are comma-separated", K.DELIMITER, 1)
            self.header = None

    def _scan(self) -> bool:
        """One pass over the bytes before any record is read: a BOM, a NUL byte, a CR, and
        UTF-8 validity, each reported at its line. False when the file cannot be read as CSV."""
        decoder = codecs.getincrementaldecoder("utf-8")()
        line, offset, content, first = 1, 0, False, True
        cr_reported = False
        with open(self.path, "rb") as f:
            while piece := f.read(_PIECE):
                if first:
                    first = False
                    if piece.startswith(b"\xef\xbb\xbf"):
                        self.fail("starts with a UTF-8 byte-order mark (BOM); save as UTF-8 without BOM", K.BOM, 1)
                        self._skip_bom = True
                        piece = piece[3:]
                        offset = 3
                nul = piece.find(b"\x00")
                if nul >= 0:
                    self.fail("contains a NUL byte (is it a spreadsheet or a binary file saved under a .csv "
                              "name?)", K.NUL_BYTE, line + piece.count(b"\n", 0, nul))
                    return False
                if not cr_reported and b"\r" in piece:
                    cr_reported = True
                    self.fail("has CR (Windows or old Mac) line endings; the dataset uses LF", K.LINE_ENDINGS,
                              line + piece.count(b"\n", 0, piece.index(b"\r")))
                try:
                    decoder.decode(piece)
                except UnicodeDecodeError as e:
                    self.fail(f"is not valid UTF-8 (byte 0x{piece[e.start]:02x}, as Latin-1 or Windows-1252 "
                              "would write it); save it as UTF-8", K.ENCODING, line + piece.count(b"\n", 0, e.start))
                    return False
                content = content or bool(piece.strip())
                line += piece.count(b"\n")
                offset += len(piece)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            self.fail("is not valid UTF-8: it ends inside a character", K.ENCODING, line)
            return False
        if not content:
            self.fail("is empty: it has no header row" if offset <= 3 or not getattr(self, "_skip_bom", False)
                      else "holds only a byte-order mark: it has no header row", K.EMPTY_FILE)
            return False
        return True

    def _decoded_lines(self) -> Iterator[str]:
        """The file's lines, each ending at LF; a CR before the LF is dropped, a lone CR kept (a
        cell holding it is a forbidden character; it never starts a line)."""
        with open(self.path, "r", encoding="utf-8", newline="\n") as f:
            if getattr(self, "_skip_bom", False):
                f.read(1)
            for text in f:
                yield text[:-2] + "\n" if text.endswith("\r\n") else text

    def _csv_error(self, e: csv.Error, start: int) -> None:
        message = str(e)
        if "field limit" in message:
            self.fail(f"has a cell longer than the CSV reader's limit ({message}); rows from here on were "
                      "not read", K.CELL_TOO_LARGE, start)
        elif "unexpected end of data" in message:
            self.fail("has a quote that is never closed: the quoted cell that starts in this record runs to "
                      "the end of the file; rows from here on were not read", K.CSV_SYNTAX, start)
        elif "expected after" in message:
            self.fail("has text after the closing quote of a quoted cell (a quote inside a cell is written "
                      "\"\"); rows from here on were not read", K.CSV_SYNTAX, start)
        elif "new-line character" in message:
            self.fail("has a CR inside an unquoted cell (old Mac line endings?); rows from here on were not "
                      "read", K.CSV_SYNTAX, start)
        else:
            self.fail(f"cannot be parsed as CSV ({message}); rows from here on were not read", K.CSV_SYNTAX, start)

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        if self.header is None:
            return
        width, header = len(self.header), self.header
        reader, counted = self._reader, self._counted
        while True:
            start = counted.count + 1  # a quoted cell may span lines: the line where the record starts
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                self._csv_error(e, start)
                return
            if not cells:
                self.fail("is an empty line", K.BLANK_ROW, start)
                continue
            if max(map(len, cells)) > MAX_CELL_CHARS:
                i = next(i for i, c in enumerate(cells) if len(c) > MAX_CELL_CHARS)
                self.fail(f"has a cell of {len(cells[i])} characters, over the limit of {MAX_CELL_CHARS}",
                          K.CELL_TOO_LARGE, start, header[i] if i < width and header[i].isidentifier() else "")
                continue
            if len(cells) != width:
                self.fail(f"has {len(cells)} fields, the header has {width}", K.FIELD_COUNT, start)
                continue
            yield start, cells


class _Counted:
    """An iterator of lines that counts what it has handed out (csv.reader's own line_num
    counts a lone CR as a line)."""

    __slots__ = ("lines", "count")

    def __init__(self, lines: Iterator[str]):
        self.lines, self.count = lines, 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.count += 1
        return line
