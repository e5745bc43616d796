"""Reading and writing the dataset's CSV files. The writer here is the one that writes the
shipped files, so loading and writing back reproduces them byte for byte."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from enum import Enum
from pathlib import Path

from .errors import Problem

MAX_FILE_BYTES = 2 * 1024 ** 3  # 2 GiB: room for millions of claims, a guard against a stray huge file
# Checked cell by cell rather than through csv.field_size_limit, which is process-wide state that
# other libraries (frictionless among them) reset.
MAX_CELL_CHARS = 100_000
# kinds after which some rows of the file were not read: references into it are not checked
STOPS_READING = frozenset({"missing-file", "file-too-large", "empty-file", "nul-byte", "encoding",
                           "delimiter", "csv-syntax", "cell-too-large", "header", "field-count"})


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
    """Write to a temporary file beside ``path`` and rename it into place, so a failure
    never leaves a partial file."""
    import tempfile  # here, not at the top: loading never writes, so it never pays for the import
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_rows(path: Path, label: str) -> tuple[list[str] | None, list[tuple[int, list[str]]], list[Problem]]:
    """Header, rows as (line number where the record starts, cells), and problems of the
    file's form. Reads only. A problem of kind in ``STOPS_READING`` means some rows were not
    read, so the table is incomplete."""
    problems: list[Problem] = []

    def fail(message: str, kind: str, row: int = 0, field: str = "") -> None:
        problems.append(Problem(label, row, field, message, kind))

    try:
        if path.is_dir():
            fail("is a folder, not a CSV file", "missing-file")
            return None, [], problems
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            fail(f"is {size} bytes, over the limit of {MAX_FILE_BYTES}", "file-too-large")
            return None, [], problems
        raw = path.read_bytes()
    except OSError as e:
        fail(f"cannot be read: {e.strerror or e}", "missing-file")
        return None, [], problems
    if not raw.strip():
        fail("is empty: it has no header row", "empty-file")
        return None, [], problems
    if raw.startswith(b"\xef\xbb\xbf"):
        fail("starts with a UTF-8 byte-order mark (BOM); save as UTF-8 without BOM", "bom", 1)
        raw = raw[3:]
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        fail("contains a NUL byte (is it a spreadsheet or a binary file saved under a .csv name?)",
             "nul-byte", line)
        return None, [], problems
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        fail(f"is not valid UTF-8 (byte 0x{raw[e.start]:02x}, as Latin-1 or Windows-1252 would write "
             "it); save it as UTF-8", "encoding", line)
        return None, [], problems
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        fail("has CR (Windows or old Mac) line endings; the dataset uses LF", "line-endings", line)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    first_line = text.split("\n", 1)[0]
    if "," not in first_line and (";" in first_line or "\t" in first_line):
        sep = "semicolon" if ";" in first_line else "tab"
        fail(f"is {sep}-separated; the dataset's CSV files are comma-separated", "delimiter", 1)
        return None, [], problems
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    header = None
    while True:
        start = reader.line_num + 1  # a quoted cell may span lines: report where the record starts
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            fail(_csv_error_message(str(e)), "cell-too-large" if "field limit" in str(e) else "csv-syntax",
                 start)
            break
        if header is None:
            header = cells
            continue
        if cells == []:
            fail("is an empty line", "blank-row", start)
            continue
        too_long = max(map(len, cells)) > MAX_CELL_CHARS and [i for i, c in enumerate(cells) if len(c) > MAX_CELL_CHARS]
        if too_long:
            i = too_long[0]
            fail(f"has a cell of {len(cells[i])} characters, over the limit of {MAX_CELL_CHARS}",
                 "cell-too-large", start, header[i] if i < len(header) and header[i].isidentifier() else "")
            continue
        rows.append((start, cells))
    return header, rows, problems


def _csv_error_message(message: str) -> str:
    if "field limit" in message:
        return f"has a cell longer than the CSV reader's limit ({message}); rows from here on were not read"
    if "unexpected end of data" in message:
        return ("has a quote that is never closed: the quoted cell that starts in this record runs to the "
                "end of the file; rows from here on were not read")
    if "expected after" in message:
        return ("has text after the closing quote of a quoted cell (a quote inside a cell is written \"\"); "
                "rows from here on were not read")
    return f"cannot be parsed as CSV ({message}); rows from here on were not read"
