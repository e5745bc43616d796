"""Reading and writing the dataset's CSV files. The writer here is the one that writes the
shipped files, so loading and writing back reproduces them byte for byte."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import tempfile
from enum import Enum
from pathlib import Path

from .errors import Problem

MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_CELL_CHARS = 100_000
csv.field_size_limit(MAX_CELL_CHARS + 1)


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
    """Header, rows as (line number, cells), and problems of the file's form. Reads only."""
    problems: list[Problem] = []

    def fail(message: str, kind: str, row: int = 0, field: str = "") -> None:
        problems.append(Problem(label, row, field, message, kind))

    try:
        size = path.stat().st_size
    except OSError as e:
        fail(f"cannot be read: {e.strerror or e}", "missing-file")
        return None, [], problems
    if size > MAX_FILE_BYTES:
        fail(f"is {size} bytes, over the limit of {MAX_FILE_BYTES}", "file-too-large")
        return None, [], problems
    raw = path.read_bytes()
    if not raw.strip():
        fail("is empty: it has no header row", "empty-file")
        return None, [], problems
    if raw.startswith(b"\xef\xbb\xbf"):
        fail("starts with a UTF-8 byte-order mark (BOM); save as UTF-8 without BOM", "bom")
        raw = raw[3:]
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        fail("contains a NUL byte", "nul-byte", line)
        return None, [], problems
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        fail(f"is not valid UTF-8 (byte 0x{raw[e.start]:02x}); save it as UTF-8", "encoding", line)
        return None, [], problems
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        fail("has CR (Windows or old Mac) line endings; the dataset uses LF", "line-endings", line)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    first_line = text.split("\n", 1)[0]
    if ";" in first_line and "," not in first_line:
        fail("is semicolon-separated; the dataset's CSV files are comma-separated", "delimiter", 1)
        return None, [], problems
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    header = None
    try:
        for cells in reader:
            line = reader.line_num
            if header is None:
                header = cells
                continue
            if cells == []:
                fail("is an empty line", "blank-row", line)
                continue
            rows.append((line, cells))
    except csv.Error as e:
        msg = str(e)
        if "field larger than field limit" in msg:
            fail(f"has a cell longer than {MAX_CELL_CHARS} characters", "cell-too-large", reader.line_num + 1)
        else:
            fail(f"cannot be parsed as CSV ({msg}; an unterminated quote?)", "csv-syntax", reader.line_num)
        return header, rows, problems
    return header, rows, problems
