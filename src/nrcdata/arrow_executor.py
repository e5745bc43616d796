"""Run the declared checks (``checks.py``) column by column with pyarrow: the executor for large
packages. It reports every problem with the same line the Python executor gives.

Each file is read in record batches by pyarrow's streaming CSV reader, after one byte scan
(numpy) proves the file is in the form where pyarrow and Python's strict csv reader read the
same records: no BOM, NUL or CR, no blank line, no line break inside quotes, every quote where
the dialect puts one. A file not in that form is read by the Python record reader
(``csvio.Records``), which names what is wrong with it, and its records are checked here all the
same. Memory holds two batches (one checked, the next parsed on a thread of its own) and the key
columns of every table. The byte scans run ahead on another thread (``FormsAhead``), while the
tables before are checked.

pyarrow and numpy are imported when ``run`` is first called, not with the module.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from . import checks
from .cells import FieldCheck, field_checks
from .checks import Differ, Iff, Implies, Ordered, Report, Vectorized
from .csvio import Records, unreadable
from .errors import Problem, ProblemKind as K
from .limits import MAX_CELL_CHARS, MAX_INTEGER_DIGITS, forbidden_class
from .models import FORMULA_START, MODELS, TABLES, Row
from .python_executor import header_problem
from .text import Paper
from .typemaps import ARROW, PANDAS, logical_type

np: Any = None
pa: Any = None
pc: Any = None
pcsv: Any = None
POOL: Any = None  # where the batches, key columns and hash tables are allocated; see _import

BLOCK_BYTES = 1 << 22  # 4 MiB of CSV per batch: the streaming reader reads blocks ahead, so the
# block size sets its memory (1M claims: 16 MiB blocks held ~390 MB in the reader, 4 MiB ~160 MB)
RECORDS_PER_BATCH = 1 << 16  # for files the Python reader reads
# rows whose references into tables read before are checked together, after which the key columns
# nothing later reads are dropped: memory holds at most this many rows' foreign keys
FLUSH_ROWS = 1 << 21
COMBO_CACHE = 1 << 16  # distinct combinations a row check remembers the findings of
JOIN_ROWS = 1 << 16  # rows a check through a reference runs on at once: its Python values stay few


def _import() -> None:
    global np, pa, pc, pcsv, POOL
    if pa is None:
        import numpy
        import pyarrow
        import pyarrow.compute
        import pyarrow.csv
        np, pa, pc, pcsv = numpy, pyarrow, pyarrow.compute, pyarrow.csv
        # jemalloc, where pyarrow has it, for the large allocations: it returns freed memory to
        # the system, where the default (mimalloc) kept enough to put 10M claims over 2 GiB.
        # A pool of our own: the process's default pool is left as the user set it.
        try:
            POOL = pyarrow.jemalloc_memory_pool()
        except NotImplementedError:
            POOL = pyarrow.default_memory_pool()


# -- reading ----------------------------------------------------------------------------------

class Form(NamedTuple):
    plain: bool  # pyarrow and Python's strict csv reader read the same records
    suspect: bool  # some cell may hold a forbidden character (else no cell needs that screen)
    lines: int = 0  # line breaks in the file: a record per line but the header's, when plain


# bytes that cannot start a forbidden character's UTF-8 form: LF, printable ASCII, continuation
# bytes, and the lead bytes of two- and three-byte forms other than C2 (C1 controls), E2 (U+2028,
# U+2029) and EF (noncharacters)
_SAFE_BYTES = bytes([10, *range(0x20, 0x7F), *range(0x80, 0xC0), *range(0xC3, 0xE0), 0xE0, 0xE1,
                     *range(0xE3, 0xEF)])


def _suspect(body: bytes, a) -> bool:
    leftover = body.translate(None, _SAFE_BYTES)
    if not leftover:
        return False
    if leftover.translate(None, b"\xc2\xe2\xef"):  # a control, DEL, a four-byte form, a bad lead
        return True
    last = a.size - 1

    def follow(lead: int, k: int):
        p = np.flatnonzero(a == lead)
        if p.size and p[-1] + k > last:
            return None  # a form cut at the end of the piece: take it as suspect
        return p

    c2 = follow(0xC2, 1) if b"\xc2" in leftover else a[:0]
    e2 = follow(0xE2, 2) if b"\xe2" in leftover else a[:0]
    ef = follow(0xEF, 2) if b"\xef" in leftover else a[:0]
    if c2 is None or e2 is None or ef is None:
        return True
    if c2.size and ((a[c2 + 1] >= 0x80) & (a[c2 + 1] <= 0x9F)).any():
        return True
    if e2.size and ((a[e2 + 1] == 0x80) & ((a[e2 + 2] == 0xA8) | (a[e2 + 2] == 0xA9))).any():
        return True
    if ef.size and (((a[ef + 1] == 0xB7) & (a[ef + 2] >= 0x90) & (a[ef + 2] <= 0xAF))
                    | ((a[ef + 1] == 0xBF) & (a[ef + 2] >= 0xBE))).any():
        return True
    return False


def file_form(path: Path, stop: threading.Event | None = None) -> Form:
    """One pass over the bytes: whether the file is in the form pyarrow and Python's strict csv
    reader read alike (no BOM, NUL or CR, no blank line, no line break inside quotes, every quote
    where the dialect puts one), and whether any cell may hold a forbidden character."""
    quotes_before = 0  # quotes seen in earlier pieces
    prev_byte = ord("\n")  # the file's start acts as a line start
    first, suspect = True, False
    breaks, ends_with_break = 0, True
    pending: Any = None  # the previous piece's last byte is judged with the next piece
    not_plain = Form(False, True)
    with open(path, "rb") as f:
        while True:
            if stop is not None and stop.is_set():  # the run is over (an interrupt): no verdict needed
                return not_plain
            data = f.read(BLOCK_BYTES)
            eof = not data
            if pending is not None:
                data = pending + data
            if not data:
                break
            if eof:
                body, pending = data, None
            else:
                body, pending = data[:-1], data[-1:]
            if first:
                first = False
                if body.startswith(b"\xef\xbb\xbf") or body[:1] == b"\n":
                    return not_plain
                end = body.find(b"\n", 0, 65536)
                header = body[:end] if end >= 0 else body[:65536]
                if b"," not in header and (b";" in header or b"\t" in header):
                    return not_plain
            if not body:
                if eof:
                    break
                continue
            if b"\x00" in body or b"\r" in body or b"\n\n" in body:
                return not_plain
            a = np.frombuffer(body, dtype=np.uint8)
            suspect = suspect or _suspect(body, a)
            if b'"' in body:
                q = np.flatnonzero(a == 34)
                k = quotes_before + np.arange(q.size)
                opening, closing = q[k % 2 == 0], q[k % 2 == 1]
                # the byte before an opening quote and after a closing one, only there
                before = np.where(opening > 0, a[np.maximum(opening - 1, 0)], prev_byte)
                last = a.size - 1
                next_byte = ord("\n") if eof else pending[0]
                after = np.where(closing < last, a[np.minimum(closing + 1, last)], next_byte)
                if not (np.isin(before, (44, 10, 34)).all() and np.isin(after, (44, 10, 34)).all()):
                    return not_plain
                quotes_before += int(q.size)
            elif quotes_before % 2 == 1 and b"\n" in body:
                return not_plain
            breaks += body.count(b"\n")
            ends_with_break = body.endswith(b"\n")
            if body[:1] == b"\n" and prev_byte == 10:
                return not_plain
            prev_byte = body[-1]
            if eof:
                break
    if quotes_before % 2:
        return not_plain
    # a line break inside quotes shows as fewer records than lines (the reader counts them)
    return Form(True, suspect, breaks + (0 if ends_with_break else 1))


def _form_ahead(path: Path, stop: threading.Event) -> Form | None:
    """file_form of a file the reader will read with pyarrow; None for a file it will not (not
    a regular file, over the limit, empty), which is then not opened here."""
    if unreadable(path, "") is not None or not path.stat().st_size:
        return None
    return file_form(path, stop)


class FormsAhead:
    """The tables' byte scans (``file_form``), in reading order, on one thread of their own:
    numpy's passes release the GIL, so a scan overlaps the checks of the tables before it.
    Results are the scans' own; an error in a scan is raised where its table is read."""

    def __init__(self, paths: list[Path]):
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nrcdata-scan")
        self.stop = threading.Event()  # set on leaving: a scan under way ends at its next block
        self.futures: dict[Path, Future] = {p: self.pool.submit(_form_ahead, p, self.stop) for p in paths}

    def form(self, path: Path) -> Form:
        future = self.futures.pop(path, None)
        form = future.result() if future is not None else None
        return form if form is not None else file_form(path)

    def __enter__(self) -> FormsAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.pool.shutdown(wait=True, cancel_futures=True)


@dataclass
class Chunk:
    """Key columns of some rows, and their lines: an int (the first line of consecutive
    records) or an array of lines."""
    keys: dict[str, Any]
    lines: Any
    n: int

    def line(self, i: int) -> int:
        return int(self.lines + i) if isinstance(self.lines, int) else int(self.lines[i])

    def line_array(self):
        return (np.arange(self.length(), dtype=np.int64) + self.lines) if isinstance(self.lines, int) \
            else self.lines

    def length(self) -> int:
        return self.n


class TableReader:
    """The well-formed records of one file as (lines, RecordBatch of text columns); problems of
    the file's form go to the report. ``complete`` says, once the batches are exhausted,
    whether every record was read."""

    def __init__(self, model: type[Row], path: Path, label: str, report: Report, plain: bool,
                 forms: FormsAhead | None = None):
        self.model, self.path, self.label, self.report = model, path, label, report
        self.forms = forms
        self.names = list(model.model_fields)
        self.plain = plain  # read with pyarrow (raises _NotPlain when pyarrow cannot)
        self.complete = False
        self.suspect = True  # some cell may hold a forbidden character

    def batches(self) -> Iterator[tuple[Any, Any]]:
        problem = unreadable(self.path, self.label)
        if problem is not None:
            self.report.add(problem)
            return
        size = self.path.stat().st_size
        if not (self.plain and size):
            form = Form(False, True)
        else:
            form = self.forms.form(self.path) if self.forms is not None else file_form(self.path)
        self.suspect = form.suspect
        if form.plain:
            yield from self._arrow_batches(form.lines)
        else:
            yield from self._python_batches()

    def _arrow_batches(self, lines: int) -> Iterator[tuple[Any, Any]]:
        """pyarrow's records, which are the Python reader's for a file in plain form; anything
        pyarrow rejects raises _NotPlain, and the caller reads the file again with the Python
        reader, which names the problem."""
        try:
            reader = pcsv.open_csv(
                self.path, memory_pool=POOL, read_options=pcsv.ReadOptions(block_size=BLOCK_BYTES, use_threads=True),
                parse_options=pcsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
                convert_options=pcsv.ConvertOptions(column_types={n: pa.string() for n in self.names},
                                                    strings_can_be_null=False, quoted_strings_can_be_null=False))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OSError):
            raise _NotPlain from None
        if header_problem(self.model, reader.schema.names, self.label) is not None:
            raise _NotPlain
        line = 2

        def next_batch():
            try:
                return reader.read_next_batch()
            except StopIteration:
                return None
        # the next batch is parsed on a second thread (pyarrow releases the GIL) while this one
        # is checked; pyarrow's own threads do not read ahead of the caller
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="nrcdata-read") as ahead:
            pending = ahead.submit(next_batch)
            while True:
                try:
                    batch = pending.result()
                except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OSError):
                    raise _NotPlain from None
                if batch is None:
                    break
                pending = ahead.submit(next_batch)
                if batch.num_rows == 0:
                    continue
                # a cell of at most MAX_CELL_CHARS bytes has at most as many characters: count
                # characters only in a column with a longer cell
                if any(_longest_bytes(col) > MAX_CELL_CHARS
                       and pc.max(pc.utf8_length(col)).as_py() > MAX_CELL_CHARS for col in batch.columns):
                    raise _NotPlain
                yield line, batch
                line += batch.num_rows
        if line - 1 != lines:  # a quoted line break: the Python reader names it, at its line
            raise _NotPlain
        if line == 2:
            self.report.add(Problem(self.label, 1, "", "has a header but no rows; every table of the dataset "
                                    "has rows", K.EMPTY_TABLE))
        self.complete = True

    def _python_batches(self) -> Iterator[tuple[Any, Any]]:
        records = Records(self.path, self.label)
        if records.header is not None:
            problem = header_problem(self.model, records.header, self.label)
            if problem is not None:
                records.problems.append(problem)
                records.header = None
        names = self.names
        cols: list[list[str]] = [[] for _ in names]
        lines: list[int] = []
        n = 0
        for line, cells in records:
            lines.append(line)
            for c, v in zip(cols, cells):
                c.append(v)
            n += 1
            if len(lines) == RECORDS_PER_BATCH:
                yield np.array(lines, dtype=np.int64), pa.record_batch([pa.array(c, pa.string()) for c in cols],
                                                                       names=names)
                cols, lines = [[] for _ in names], []
        if lines:
            yield np.array(lines, dtype=np.int64), pa.record_batch([pa.array(c, pa.string()) for c in cols],
                                                                   names=names)
        self.report.extend(records.problems)
        if records.header is not None and n == 0 and not records.problems:
            self.report.add(Problem(self.label, 1, "", "has a header but no rows; every table of the dataset has "
                                    "rows", K.EMPTY_TABLE))
        self.complete = records.complete


class _NotPlain(Exception):
    pass


# -- cells ------------------------------------------------------------------------------------

# every character str.strip() removes (python's str.isspace), and what a formula starts with
SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
_screens: dict[str, Any] = {}


def _edge_bytes():
    """(bytes a text cell that starts with a character it may not start with starts with, bytes
    one that ends with a character it may not end with ends with), each a 256-entry mask: a
    character's first and last UTF-8 bytes. A screen: a flagged cell goes to the field's check."""
    if "edges" not in _screens:
        first, last = np.zeros(256, dtype=bool), np.zeros(256, dtype=bool)
        for c in set(SPACES + "".join(FORMULA_START)):
            first[c.encode()[0]] = True
        for c in SPACES:
            last[c.encode()[-1]] = True
        _screens["edges"] = (first, last)
    return _screens["edges"]


def _text_screen(chk: FieldCheck, col):
    """True where a cell of a batch's text column (pa.string(), no nulls: the readers make none)
    may break the field's edge or length rules, from its bytes: characters are counted only
    where the byte length leaves their count open."""
    offsets, data = _offsets_and_bytes(col)
    nbytes = np.diff(offsets)
    filled = nbytes > 0
    first_bad, last_bad = _edge_bytes()
    flag = filled & (first_bad[data[np.where(filled, offsets[:-1], 0)]] | last_bad[data[np.maximum(offsets[1:] - 1, 0)]])
    # a cell of n bytes holds n/4 to n characters
    if chk.max_length is not None:
        flag |= _chars_beyond(col, nbytes, nbytes > chk.max_length, lambda n: n > chk.max_length)
    if chk.min_length is not None:
        flag |= filled & (nbytes < chk.min_length)
        flag |= _chars_beyond(col, nbytes, (nbytes >= chk.min_length) & (nbytes < 4 * chk.min_length),
                              lambda n: n < chk.min_length)
    return flag


def _chars_beyond(col, nbytes, open_rows, beyond):
    """``beyond(characters)`` for the rows ``open_rows`` whose count their bytes leave open, and
    False elsewhere; the characters are counted only there."""
    out = np.zeros(len(nbytes), dtype=bool)
    rows = np.flatnonzero(open_rows)
    if rows.size:
        out[rows] = beyond(pc.utf8_length(pc.take(col, pa.array(rows))).to_numpy(zero_copy_only=False))
    return out


class CellCache(dict):
    """raw value -> (typed value, (message, kind) or None), for one field, across batches."""


def _bools(mask):
    """A boolean Arrow array as numpy (a null, which no cell of a batch is, as False)."""
    return (pc.fill_null(mask, False) if mask.null_count else mask).to_numpy(zero_copy_only=False)


def _offsets_and_bytes(col):
    """(offsets, bytes) of a pa.string() array, as numpy views (no copy): cell i is
    ``bytes[offsets[i]:offsets[i + 1]]``. ``bytes`` holds at least one byte, so that the byte at
    an empty cell's offset can be read (and then masked)."""
    offsets = np.frombuffer(col.buffers()[1], dtype=np.int32)[col.offset:col.offset + len(col) + 1]
    data = col.buffers()[2]
    data = np.frombuffer(data, dtype=np.uint8) if data is not None and data.size else np.zeros(1, dtype=np.uint8)
    return offsets, data


def _cell_bytes(col):
    """Each cell's length in bytes, from the string column's offsets (no copy, no kernel)."""
    return np.diff(_offsets_and_bytes(col)[0])


def _longest_bytes(col) -> int:
    data = col.buffers()[2]
    if data is None or data.size <= MAX_CELL_CHARS:  # no cell can hold more than all the bytes
        return 0 if data is None else data.size
    return int(_cell_bytes(col).max()) if len(col) else 0


def _text_column(col):
    """A batch's text column with empty cells as nulls: the same offsets and bytes with a
    validity bitmap (pc.if_else would copy every byte)."""
    if col.null_count or col.offset:
        return _null_if_empty(col)
    filled = _cell_bytes(col) > 0
    if filled.all():
        return col
    bitmap = pa.py_buffer(np.packbits(filled, bitorder="little"))
    return pa.StringArray.from_buffers(len(col), col.buffers()[1], col.buffers()[2], bitmap)


def _null_if_empty(col):
    return pc.if_else(pc.equal(col, ""), pa.scalar(None, col.type), col)


def check_column(chk: FieldCheck, col, cache: CellCache, suspect: bool = True):
    """(bad mask, typed column) for one column: a flagged value goes through the field's own
    check; codes, numbers, dates and flags are checked once per distinct value. A text cell is
    flagged by its first and last character, its length, its pattern, and (when the file's bytes
    hold any candidate, ``suspect``) a forbidden character."""
    encoded = None
    if chk.word_pattern:
        pass  # identifiers are mostly distinct, and their pattern alone screens them
    elif chk.type is str and chk.enum is None and chk.pattern is not None:
        encoded = pc.dictionary_encode(col, memory_pool=POOL)  # codes repeat: check each once, unless they do not
        if len(encoded.dictionary) * 4 > len(col):
            encoded = None
    elif chk.type is not str or chk.enum is not None:
        encoded = pc.dictionary_encode(col, memory_pool=POOL)
    if encoded is None:
        if chk.word_pattern and chk.pattern is not None:  # what the pattern accepts has no edge space, control or formula start
            flag = ~_bools(pc.match_substring_regex(col, chk.pattern.pattern))
            if chk.max_length is not None or chk.min_length is not None:
                flag |= _text_screen(chk, col)
        else:
            flag = _text_screen(chk, col)
            if suspect:
                flag |= _bools(pc.match_substring_regex(col, forbidden_class("re2")))
            if chk.pattern is not None:
                flag |= ~_bools(pc.match_substring_regex(col, chk.pattern.pattern))
        # no missing-value marker (NA, NaN ...) screen: a coded text field here has a pattern,
        # which flags a marker it rejects, and a marker it accepts is a code (NA is Namibia)
        empty = _bools(pc.equal(col, ""))
        flag = (flag & ~empty) if chk.optional else (flag | empty)
        bad = pa.array(np.zeros(len(col), dtype=bool))
        if flag.any():
            idx = pa.array(np.flatnonzero(flag))
            flagged = pc.unique(pc.take(col, idx)).to_pylist()
            failing = []
            for v in flagged:
                if v not in cache:
                    cache[v] = chk(v)
                if cache[v][1] is not None:
                    failing.append(v)
            if failing:
                bad = pc.is_in(col, value_set=pa.array(failing, pa.string()))
        return bad, _text_column(col)
    dictionary = encoded.dictionary.to_pylist()
    results = []
    for v in dictionary:
        if v not in cache:
            cache[v] = chk(v)
        results.append(cache[v])
    bad_codes = pa.array([r[1] is not None for r in results], pa.bool_())
    bad = pc.take(bad_codes, encoded.indices)
    arrow_type = getattr(pa, ARROW[chk.logical])()
    typed_values = [r[0] if r[1] is None else None for r in results]
    if chk.enum is not None:
        typed_values = [None if v is None else str(v.value) for v in typed_values]
        arrow_type = pa.string()
    typed = pc.take(pa.array(typed_values, arrow_type), encoded.indices)
    return bad, typed


def _key_column(chk: FieldCheck, col):
    """Key cells as keys compare (integers by value, as FieldCheck.key)."""
    if chk.type is not int:
        return col
    is_int = pc.match_substring_regex(col, f"^-?[0-9]{{1,{MAX_INTEGER_DIGITS}}}$")
    if not pc.any(is_int).as_py():
        return col
    as_int = pc.cast(pc.if_else(is_int, col, "0"), pa.int64())
    return pc.if_else(is_int, pc.cast(as_int, pa.string()), col)


# -- vectorized row checks --------------------------------------------------------------------

def _cond(cond: checks.Cond, col):
    if cond.op == "set":
        return pc.is_valid(col)
    value = pa.scalar(cond.value if not hasattr(cond.value, "value") else str(cond.value), col.type)
    if cond.op == "eq":
        return pc.fill_null(pc.equal(col, value), False)
    return pc.fill_null(pc.not_equal(col, value), True)


def violated(check: Vectorized, cols: dict[str, Any]):
    """The vectorized form of each primitive of checks.py: True where a row breaks the check."""
    if isinstance(check, Iff):
        return pc.xor(_cond(check.left, cols[check.left.field]), _cond(check.right, cols[check.right.field]))
    if isinstance(check, Implies):
        return pc.and_(_cond(check.left, cols[check.left.field]),
                       pc.invert(_cond(check.right, cols[check.right.field])))
    if isinstance(check, Differ):
        return pc.fill_null(pc.equal(cols[check.a], cols[check.b]), False)
    if isinstance(check, Ordered):
        lo, hi = cols[check.low], cols[check.high]
        return pc.fill_null(pc.less_equal(hi, lo) if check.strict else pc.less(hi, lo), False)
    raise TypeError(f"no vectorized form for {type(check).__name__}")


def _rows_as_dicts(cols: dict[str, Any], fields: tuple[str, ...], idx) -> list[dict[str, Any]]:
    picked = {f: pc.take(cols[f], idx).to_pylist() for f in fields}
    return [dict(zip(fields, values)) for values in zip(*(picked[f] for f in fields))]


def _first_of_each(codes, distinct: int):
    """The index of each code's first row, by code. dictionary_encode numbers values in the
    order they first appear, so a code's first row is where the running maximum grows: one pass,
    no sort (np.unique is the fallback should that order not hold)."""
    if codes.size:
        top = np.maximum.accumulate(codes)
        first = np.flatnonzero(np.concatenate(([True], top[1:] > top[:-1])))
        if first.size == distinct and (codes[first] == np.arange(distinct)).all():
            return first
    return np.unique(codes, return_index=True)[1]


def per_combination(fields: tuple[str, ...], cols: dict[str, Any], ok, run, cache: dict):
    """Run ``run(values)`` once per distinct combination of ``fields`` among the rows ``ok``
    selects; yield (row index, finding) for each finding, in row order. ``cache`` (combination
    -> findings) carries results across batches, up to COMBO_CACHE combinations."""
    idx = pc.indices_nonzero(ok)
    if len(idx) == 0:
        return
    parts = [pc.cast(pc.take(cols[f], idx), pa.string()) for f in fields]
    parts = [pc.fill_null(p, "\x00") for p in parts]
    key = parts[0] if len(parts) == 1 else pc.binary_join_element_wise(*parts, "\x1f")
    encoded = pc.dictionary_encode(key, memory_pool=POOL)
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    first = _first_of_each(codes, len(encoded.dictionary))
    at = pc.take(idx, pa.array(first))
    combos = zip(*(pc.take(cols[f], at).to_pylist() for f in fields))
    bad_codes: dict[int, list] = {}
    for code, combo in zip(codes[first].tolist(), combos):
        found = cache.get(combo)
        if found is None:
            if len(cache) >= COMBO_CACHE:  # mostly distinct combinations: memory stays bounded
                cache.clear()
            found = cache[combo] = run(dict(zip(fields, combo)))
        if found:
            bad_codes[code] = found
    if not bad_codes:
        return
    hit = np.flatnonzero(np.isin(codes, np.fromiter(bad_codes, dtype=codes.dtype)))
    rows = idx.to_numpy(zero_copy_only=False)
    for i in hit:
        for finding in bad_codes[int(codes[i])]:
            yield int(rows[i]), finding


# -- one table --------------------------------------------------------------------------------

@dataclass
class TableState:
    label: str
    chunks: list[Chunk] = field(default_factory=list)
    ok_rows: int = 0
    complete: bool = False
    kept: dict[str, list] = field(default_factory=dict)  # columns table checks read, as Python values (valid rows)
    kept_lines: list[int] = field(default_factory=list)
    joins: dict[str, list] = field(default_factory=dict)  # columns lookup checks read, as Arrow chunks (valid rows)
    join_lines: list = field(default_factory=list)  # their lines, a numpy array per chunk
    value_sets: dict[str, Any] = field(default_factory=dict)  # key field -> ValueSet, once complete


def read_table(model: type[Row], path: Path, label: str, report: Report, paper: Paper | None,
               ctx: checks.PaperContext | None, lookups: dict | None = None, flush=None,
               forms: FormsAhead | None = None) -> TableState:
    """Read and check one table. A file pyarrow cannot read as the dialect says is read again by
    the Python reader, and only that reading's problems are reported."""
    attempt = Report(report.limit)
    try:
        state = _read_table(model, path, label, attempt, paper, ctx, lookups or {}, flush, plain=True, forms=forms)
    except _NotPlain:
        attempt = Report(report.limit)
        state = _read_table(model, path, label, attempt, paper, ctx, lookups or {}, flush, plain=False)
    report.merge(attempt)
    return state


def _read_table(model: type[Row], path: Path, label: str, report: Report, paper: Paper | None,
                ctx: checks.PaperContext | None, lookups: dict, flush, plain: bool,
                forms: FormsAhead | None = None) -> TableState:
    """``flush(chunks, report)``, when given, checks the chunks' references into tables read
    before and drops what nothing later reads; it is called every FLUSH_ROWS rows and at the end."""
    name = model.__table__.name
    state = TableState(label)
    fchecks = {c.name: c for c in field_checks(model)}
    key_names = checks.key_fields(name)
    row_checks = [c for c in checks.ROW_CHECKS if c.table == name]
    paper_rows = [c for c in checks.PAPER_ROW_CHECKS if c.table == name] if ctx is not None else []
    keep = kept_fields(name, paper is not None)
    join = lookup_fields(name)
    caches = {n: CellCache() for n in fchecks}
    combo_caches: dict[int, dict] = {id(c): {} for c in row_checks + paper_rows}
    reader = TableReader(model, path, label, report, plain, forms)
    flushed = pending = 0  # chunks whose references are checked; rows since
    referring: dict[checks.LookupCheck, tuple[dict[str, list], list]] = {}  # rows whose via is set
    for lines, batch in reader.batches():
        n = batch.num_rows
        def line_of(i: int, known: Any = lines) -> int:
            return known + i if isinstance(known, int) else int(known[i])
        typed: dict[str, Any] = {}
        bad_any = None
        for fname, chk in fchecks.items():
            col = batch.column(fname)
            bad, typed[fname] = check_column(chk, col, caches[fname], reader.suspect)
            if pc.any(bad).as_py():
                for i in pc.indices_nonzero(bad).to_pylist():
                    message, kind = caches[fname][col[i].as_py()][1]
                    report.add(Problem(label, line_of(i), fname, message, kind))
                bad_any = bad if bad_any is None else pc.or_(bad_any, bad)
        ok = pc.invert(bad_any) if bad_any is not None else pa.array(np.ones(n, dtype=bool))
        state.ok_rows += pc.sum(ok).as_py() or 0
        state.chunks.append(Chunk({k: _key_column(fchecks[k], batch.column(k)) for k in key_names}, lines, n))
        pending += n
        if flush is not None and pending >= FLUSH_ROWS:
            flush(state.chunks[flushed:], report)
            flushed, pending = len(state.chunks), 0
        for check in row_checks:
            if isinstance(check, Vectorized):
                bad_rows = pc.and_(violated(check, typed), ok)
                if pc.any(bad_rows).as_py():
                    idx = pc.indices_nonzero(bad_rows)
                    for i, values in zip(idx.to_pylist(), _rows_as_dicts(typed, check.reads, idx)):
                        for f, m, k in check.run(values):
                            report.add(Problem(label, line_of(i), f, m, k))
            else:
                for i, (f, m, k) in per_combination(check.reads, typed, ok, check.run, combo_caches[id(check)]):
                    report.add(Problem(label, line_of(i), f, m, k))
        for pcheck in paper_rows:
            for i, (f, m, k) in per_combination(pcheck.reads, typed, ok, lambda v, c=pcheck: c.run(v, ctx),
                                                combo_caches[id(pcheck)]):
                report.add(Problem(label, line_of(i), f, m, k))
        for lcheck in lookups:  # kept until the table is read: one join, not one per batch
            idx = pc.indices_nonzero(pc.and_(ok, pc.is_valid(typed[lcheck.via])))
            if len(idx):
                _collect(typed, idx, lines, lcheck.reads, *referring.setdefault(lcheck, ({}, [])))
        if keep:
            idx = pc.indices_nonzero(ok)
            for f in keep:
                state.kept.setdefault(f, []).extend(pc.take(typed[f], idx).to_pylist())
            state.kept_lines.extend(line_of(i) for i in idx.to_pylist())
        if join:
            _collect(typed, pc.indices_nonzero(ok), lines, join, state.joins, state.join_lines)
    if flush is not None and flushed < len(state.chunks):
        flush(state.chunks[flushed:], report)
    for lcheck, (cols, at_lines) in referring.items():
        _report_through(label, lcheck, cols, at_lines, lookups[lcheck], report)
    state.complete = reader.complete
    return state


def _before(a: str, b: str) -> bool:
    """Table ``a`` is read before table ``b``."""
    order = [m.__table__.name for m in TABLES]
    return order.index(a) < order.index(b)


class Lookup(NamedTuple):
    """The valid rows of a lookup check's ``ref_table``: their ``ref_key`` values, last row first
    (a key given twice resolves to its last row, as in the Python executor's dict), and their
    ``ref_reads`` in the same order."""
    keys: Any
    cols: dict[str, Any]


def _lookup(state: TableState, check: checks.LookupCheck) -> Lookup | None:
    if not state.join_lines or not sum(len(c) for c in state.joins[check.ref_key]):
        return None  # no valid row to refer to: the key checks report every reference
    n = sum(len(c) for c in state.joins[check.ref_key])
    last_first = pa.array(np.arange(n - 1, -1, -1, dtype=np.int64))
    def last_first_of(f: str):  # taken from the chunks: no whole copy first
        return pc.take(pa.chunked_array(state.joins[f]), last_first, memory_pool=POOL).combine_chunks(POOL)
    return Lookup(last_first_of(check.ref_key), {f: last_first_of(f) for f in check.ref_reads})


def _collect(typed: dict[str, Any], idx, lines: Any, fields, cols: dict[str, list], at_lines: list) -> None:
    """Append the rows ``idx`` of a batch (first line, or lines, ``lines``): their ``fields`` to
    ``cols`` and their lines to ``at_lines``."""
    for f in fields:
        cols.setdefault(f, []).append(pc.take(typed[f], idx, memory_pool=POOL))
    at = idx.to_numpy(zero_copy_only=False)
    at_lines.append(at + lines if isinstance(lines, int) else lines[at])


def _report_through(label: str, check: checks.LookupCheck, cols: dict[str, list], at_lines: list,
                    lookup: Lookup, report: Report) -> None:
    """Run ``check`` over rows collected by ``_collect`` (all of them with valid cells) whose
    ``via`` names a row of ``lookup``: the referred row's ``ref_reads`` are joined in (as "@" +
    name) and ``check.run`` runs once per distinct combination, JOIN_ROWS rows at a time, so the
    Python values ``per_combination`` makes stay that many."""
    whole = {f: pa.chunked_array(cols[f]) for f in check.reads}
    lines = np.concatenate(at_lines)
    at_all = pc.index_in(whole[check.via], value_set=lookup.keys, memory_pool=POOL)  # null: empty, or names no row
    fields = check.reads + tuple("@" + f for f in check.ref_reads)

    def run(v: dict[str, Any]) -> list:  # v holds the "@" names too, which run() never reads
        return check.run(v, {f: v["@" + f] for f in check.ref_reads})
    cache: dict = {}
    for start in range(0, len(lines), JOIN_ROWS):
        at = at_all.slice(start, JOIN_ROWS).combine_chunks()
        part = {f: c.slice(start, JOIN_ROWS).combine_chunks() for f, c in whole.items()}
        part |= {"@" + f: pc.take(lookup.cols[f], at) for f in check.ref_reads}
        for i, (f, m, k) in per_combination(fields, part, pc.is_valid(at), run, cache):
            report.add(Problem(label, int(lines[start + i]), f, m, k))


def lookup_fields(table: str) -> tuple[str, ...]:
    """The columns of ``table`` the lookup checks read: as the table referred to, and as the
    referring table when what it refers to is read after it (checked once both are read)."""
    fields = [f for c in checks.LOOKUP_CHECKS if c.ref_table == table for f in (c.ref_key, *c.ref_reads)]
    fields += [f for c in checks.LOOKUP_CHECKS if c.table == table and not _before(c.ref_table, table)
               for f in c.reads]
    return tuple(dict.fromkeys(fields))


def kept_fields(table: str, with_paper: bool) -> tuple[str, ...]:
    """The columns of ``table`` the table checks (and, with the paper, the paper's table checks
    and the section ranges) read: kept as Python values for the rows whose cells are valid."""
    fields = [f for c in checks.TABLE_CHECKS if c.table == table for f in c.reads]
    if with_paper:
        fields += [f for c in checks.PAPER_TABLE_CHECKS if c.table == table for f in c.reads]
        if table == "sections":
            fields += checks.SECTION_RANGE_FIELDS
    return tuple(dict.fromkeys(fields))


# -- keys -------------------------------------------------------------------------------------

def _column(state: TableState, fld: str):
    """A key column of the whole table, as one chunked array."""
    return pa.chunked_array([c.keys[fld] for c in state.chunks], pa.string())


def _line_at(state: TableState):
    """row index in the table -> its line."""
    starts = np.cumsum([0] + [c.length() for c in state.chunks])

    def line(i: int) -> int:
        k = int(np.searchsorted(starts, i, side="right")) - 1
        return state.chunks[k].line(i - int(starts[k]))
    return line


SHORT_BYTES = 8  # a key cell of at most this many bytes is compared as one integer (_short_codes)


def _short_codes(col) -> tuple[Any, Any]:
    """(code, coded) per cell of a chunked string column. A cell of at most 8 bytes whose last
    byte is not NUL is coded: its bytes, zero-padded to 8, read as one integer. Two coded cells
    are equal exactly where their codes are (the shorter has a 0 where the longer's last byte is
    not). Claim and event IDs (a letter and up to 7 digits) are coded, and integers are compared
    by sorting, where strings need a hash table made again for every column they are looked up
    from (10M claims: 27 s of 137 went to looking up claim IDs)."""
    codes, coded = [], []
    for chunk in col.chunks:
        offsets, data = _offsets_and_bytes(chunk)
        nbytes = np.diff(offsets)
        ok = (nbytes <= SHORT_BYTES) & ((nbytes == 0) | (data[np.maximum(offsets[1:] - 1, 0)] != 0))
        if chunk.null_count:
            ok &= _bools(pc.is_valid(chunk))
        width = int(nbytes[0]) if len(chunk) else 0
        if ok.all() and (nbytes == width).all():  # one width: the bytes as a matrix, one copy
            wide = np.zeros((len(chunk), SHORT_BYTES), dtype=np.uint8)
            wide[:, :width] = data[offsets[0]:offsets[-1]].reshape(len(chunk), width)
            code = wide.view("<u8").ravel()
        else:
            code = np.zeros(len(chunk), dtype=np.uint64)
            for k in range(SHORT_BYTES):  # byte k of each coded cell that has one, little-endian
                byte = data[np.minimum(offsets[:-1] + k, len(data) - 1)]
                code |= np.where(ok & (nbytes > k), byte, 0).astype(np.uint64) << np.uint64(8 * k)
        codes.append(code)
        coded.append(ok)
    if not codes:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=bool)
    return np.concatenate(codes), np.concatenate(coded)


def _among(probe, values):
    """True where a code of ``probe`` is in ``values`` (sorted). The probe is sorted
    first, so that the search walks ``values`` in order (a random order took 7x as long on 10M)."""
    found = np.zeros(len(probe), dtype=bool)
    if not len(values) or not len(probe):
        return found
    order = np.argsort(probe)
    ordered = probe[order]
    at = np.minimum(np.searchsorted(values, ordered), len(values) - 1)
    found[order] = values[at] == ordered
    return found


# a value set of fewer rows, or with more cells without a code than with, is looked up as
# strings: the hash table of its strings is cheap to make again, or is made anyway (1M claims:
# coding sets from 2^17 rows made the lookups in the 160k actors and 242k events 2-3x slower)
CODED_SET_ROWS = 1 << 19


class ValueSet(NamedTuple):
    """The cells a reference may name: the coded cells' codes, sorted (None: every cell is
    looked up as a string), and the cells without a code as ``_string_set`` holds them (None
    when there are none)."""
    codes: Any
    rest: Any


def _value_set(tables: dict[str, TableState], table: str, fld: str) -> ValueSet:
    """Made once per run for each referenced column (the table is complete when it is asked)."""
    state = tables[table]
    if fld not in state.value_sets:
        col = _column(state, fld)
        wanted = None
        if len(col) >= CODED_SET_ROWS:
            code, coded = _short_codes(col)
            if 2 * int(coded.sum()) >= len(col):  # mostly coded (else the strings' table is made anyway)
                rest = None if coded.all() else _string_set(pc.take(col, pa.array(np.flatnonzero(~coded))))
                wanted = ValueSet(np.sort(code[coded]), rest)  # np.unique took 10x as long
        state.value_sets[fld] = wanted if wanted is not None else ValueSet(None, _string_set(col))
    return state.value_sets[fld]


def _string_set(col):
    """Cells looked up as strings: the column (is_in hashes it chunk by chunk: no pc.unique, no
    copy) or, past FLUSH_ROWS rows, one part per last character (``_string_absent``)."""
    if len(col) <= FLUSH_ROWS:
        return col
    return {end: pc.take(col, pa.array(rows), memory_pool=POOL) for end, rows in _by_end(col)}


def _absent(col, wanted: ValueSet):
    """True (numpy) where a cell of ``col`` is not among ``wanted``. A coded cell can equal only
    a coded one, and a cell without a code only one without."""
    if wanted.codes is None:
        return _string_absent(col, wanted.rest)
    code, coded = _short_codes(col)
    absent = np.ones(len(col), dtype=bool)
    rows = np.flatnonzero(coded)
    if rows.size:
        absent[rows] = ~_among(code[rows], wanted.codes)
    rows = np.flatnonzero(~coded)
    if rows.size and wanted.rest is not None:
        absent[rows] = _string_absent(col if rows.size == len(col) else pc.take(col, pa.array(rows)), wanted.rest)
    return absent


def _string_absent(col, wanted):
    """``_absent`` for cells without a code. By parts, the hash table holds one part of the cells
    (a reference into 10M claim IDs at once grew Arrow's pool by ~0.66 GB)."""
    if not isinstance(wanted, dict):
        return ~_bools(pc.is_in(col, value_set=wanted, memory_pool=POOL))
    absent = np.ones(len(col), dtype=bool)
    for end, rows in _by_end(col):
        if end in wanted:
            found = pc.is_in(pc.take(col, pa.array(rows), memory_pool=POOL), value_set=wanted[end],
                             memory_pool=POOL)
            absent[rows] = ~found.to_numpy()
    return absent


def _row_codes(cols: list) -> tuple[Any, bool]:
    """(one int64 per row, equal exactly where every column is; whether every row's is distinct
    already known): the columns' dictionary codes combined, which hold a quarter of the memory of
    the cells joined into strings. A chunked array's codes share one dictionary across chunks."""
    key = np.zeros(len(cols[0]), dtype=np.int64)
    distinct = 1
    for col in cols:
        encoded = pc.dictionary_encode(col, memory_pool=POOL)
        size = len(encoded.chunk(0).dictionary) if encoded.num_chunks else 0
        if len(cols) == 1 and size == len(col):
            return key, True
        if distinct * max(size, 1) >= 2 ** 62:  # renumber the combination so far densely first
            _, key = np.unique(key, return_inverse=True)
            distinct = int(key.max()) + 1
        codes = np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in encoded.chunks])
        key *= max(size, 1)  # in place: no second and third row-long array
        key += codes
        distinct *= max(size, 1)
    return key, False


def _by_end(col) -> Iterator[tuple[str, Any]]:
    """(last character, the rows, ascending, whose cell ends in it) of a chunked string column.
    Equal cells end alike, so a key or membership check can run on each part alone, with a hash
    table that holds only that part's cells."""
    ends = pc.dictionary_encode(pc.utf8_slice_codeunits(col, -1, 2 ** 31 - 1), memory_pool=POOL)
    if not ends.num_chunks:
        return
    names = ends.chunk(0).dictionary.to_pylist()
    codes = np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in ends.chunks])
    del ends
    order = np.argsort(codes, kind="stable")
    for part in np.split(order, np.flatnonzero(np.diff(codes[order])) + 1):
        if part.size:
            yield names[int(codes[part[0]])], part


def _duplicates(cols: list) -> tuple[Any, Any]:
    """(each row whose key an earlier row has, that earlier row's first): row indices. The rows'
    codes are sorted (numpy, no hash table: Arrow's count_distinct grew RSS by 5-27x its input),
    and only a table with duplicates is sorted stably to find each duplicate's first row."""
    key, distinct = _row_codes(cols)
    if distinct:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return _repeated(key)


def _repeated(key) -> tuple[Any, Any]:
    """``_duplicates`` of one integer per row."""
    none = np.zeros(0, dtype=np.int64)
    ordered = np.sort(key)
    if not np.any(ordered[1:] == ordered[:-1]):
        return none, none
    del ordered
    order = np.argsort(key, kind="stable")  # within one key, rows in file order
    sorted_key = key[order]
    again = np.flatnonzero(sorted_key[1:] == sorted_key[:-1]) + 1  # positions of later rows
    starts = np.flatnonzero(np.concatenate(([True], sorted_key[1:] != sorted_key[:-1])))
    return order[again], order[starts[np.searchsorted(starts, again, side="right") - 1]]


def check_unique(t: TableState, uk: checks.UniqueKey, report: Report) -> None:
    """No two rows with one key; each duplicate is reported with its key's first line."""
    cols = [_column(t, f) for f in uk.fields]
    if not len(cols[0]):
        return
    code, coded = _short_codes(cols[0]) if len(cols) == 1 else (None, None)
    if coded is not None and coded.all():  # one sort of integers, at any size
        found = [_repeated(code)]
    elif len(cols[0]) <= FLUSH_ROWS:
        found = [_duplicates(cols)]
    else:  # in parts by the first field's last character (all 11M claim_actors rows of 10M
        # claims at once grew Arrow's pool by ~0.84 GB)
        found = []
        for _, part in _by_end(cols[0]):
            picked = pa.array(part)
            rows, first = _duplicates([pc.take(c, picked, memory_pool=POOL) for c in cols])
            found.append((part[rows], part[first]))
    rows, first_row = np.concatenate([f[0] for f in found]), np.concatenate([f[1] for f in found])
    if not rows.size:
        return
    by_row = np.argsort(rows)
    rows, first_row = rows[by_row], first_row[by_row]
    line_of = _line_at(t)
    picked = pa.array(rows)
    values = [pc.take(col, picked).to_pylist() for col in cols]
    for i, first, *parts in zip(rows.tolist(), first_row.tolist(), *values):
        report.add(Problem(t.label, line_of(i), *uk.message(tuple(parts), line_of(first))))


def check_reference(t: TableState, ref: checks.Reference, wanted: ValueSet, report: Report) -> None:
    col = _column(t, ref.field)
    dangling = np.flatnonzero(_absent(col, wanted) & _bools(pc.not_equal(col, "")))
    if dangling.size:
        line_of = _line_at(t)
        for i, value in zip(dangling.tolist(), pc.take(col, pa.array(dangling)).to_pylist()):
            report.add(Problem(t.label, line_of(i), *ref.message(value)))


def check_keys(tables: dict[str, TableState], report: Report, table: str | None = None) -> None:
    """Keys and references. With ``table``, just after that table was read: its own unique keys
    (its references into tables read before it were checked as it was read, ``earlier_references``).
    Without: every reference into a table read after the referring one or into itself, and the
    notes' references into any table."""
    order = list(tables)
    if table is not None:
        t = tables[table]
        for uk in checks.UNIQUE_KEYS:
            if uk.table == table and t.chunks:
                check_unique(t, uk, report)
        return
    for ref in checks.REFERENCES:
        referring, referred = tables.get(ref.table), tables.get(ref.ref_table)
        if referring is None or referred is None or not referred.complete or not referring.chunks:
            continue
        if ref.ref_table == ref.table or order.index(ref.ref_table) > order.index(ref.table):
            check_reference(referring, ref, _value_set(tables, ref.ref_table, ref.ref_field), report)
    for any_ref in checks.ANY_TABLE_REFERENCES:
        notes = tables.get(any_ref.table)
        if notes is None or not notes.chunks:
            continue
        t = notes
        names, ids = _column(t, any_ref.table_field), _column(t, any_ref.id_field)
        both = pc.and_(pc.not_equal(names, ""), pc.not_equal(ids, ""))
        line_of = _line_at(t)
        for table_name in pc.unique(pc.filter(names, both)).to_pylist():
            rows = pc.and_(both, pc.equal(names, table_name))
            found = any_ref.target(table_name)
            if found is None:
                for i in pc.indices_nonzero(rows).to_pylist():
                    report.add(Problem(t.label, line_of(i), *any_ref.no_table(table_name)))
                continue
            ref_table, key = found
            if ref_table not in tables or not tables[ref_table].complete:
                continue
            missing = np.flatnonzero(_bools(rows) & _absent(ids, _value_set(tables, ref_table, key)))
            for i, value in zip(missing.tolist(), pc.take(ids, pa.array(missing)).to_pylist()):
                report.add(Problem(t.label, line_of(i), *any_ref.message(ref_table, value, key)))


def still_read(table: str, unique_checked: bool) -> set[str]:
    """The key columns of ``table`` something reads after its references into earlier tables are
    checked: its unique keys (until ``unique_checked``), what other tables refer to, and its
    references into itself or into tables read after it."""
    later = {r.field for r in checks.REFERENCES if r.table == table and not _before(r.ref_table, table)}
    referred = {r.ref_field for r in checks.REFERENCES if r.ref_table == table}
    own = set() if unique_checked else {f for uk in checks.UNIQUE_KEYS if uk.table == table for f in uk.fields}
    pk = MODELS[table].__table__.primary_key
    notes_target = set(pk) if len(pk) == 1 else set()
    own_any = {f for a in checks.ANY_TABLE_REFERENCES if a.table == table for f in (a.table_field, a.id_field)}
    return later | referred | own | notes_target | own_any


def earlier_references(tables: dict[str, TableState], table: str, label: str):
    """``flush(chunks, report)`` for ``table`` while it is read: the chunks' references into the
    tables read before it, checked, and then only the key columns ``still_read`` kept."""
    refs = [r for r in checks.REFERENCES if r.table == table and _before(r.ref_table, table)
            and r.ref_table in tables and tables[r.ref_table].complete]
    still = still_read(table, unique_checked=False)

    def flush(chunks: list[Chunk], report: Report) -> None:
        view = TableState(label, list(chunks))
        for ref in refs:
            check_reference(view, ref, _value_set(tables, ref.ref_table, ref.ref_field), report)
        _keep_keys(chunks, still)
    return flush


def _keep_keys(chunks: list[Chunk], fields: set[str]) -> None:
    for c in chunks:
        c.keys = {k: v for k, v in c.keys.items() if k in fields}


# -- the package ------------------------------------------------------------------------------

def run(root: Path, paths: dict[str, str], report: Report, paper: Paper | None) -> dict[str, int]:
    """Read every table the descriptor names and run every check; problems go to ``report``.
    Returns the rows per table whose every cell is valid."""
    _import()
    with FormsAhead([root / paths[m.__table__.name] for m in TABLES if m.__table__.name in paths]) as forms:
        return _run(root, paths, report, paper, forms)


def _run(root: Path, paths: dict[str, str], report: Report, paper: Paper | None, forms: FormsAhead) -> dict[str, int]:
    tables: dict[str, TableState] = {}
    ctx = None
    for model in TABLES:  # sections come first: the paper's row checks need their ranges
        name = model.__table__.name
        if name in paths:
            lookups = {c: lk for c in checks.LOOKUP_CHECKS
                       if c.table == name and c.ref_table in tables and _before(c.ref_table, name)
                       and (lk := _lookup(tables[c.ref_table], c)) is not None}
            tables[name] = read_table(model, root / paths[name], paths[name], report, paper, ctx, lookups,
                                      earlier_references(tables, name, paths[name]), forms)
            check_keys(tables, report, name)
            _keep_keys(tables[name].chunks, still_read(name, unique_checked=True))
        if name == "sections" and paper is not None:
            s = tables.get("sections")
            ctx = checks.paper_context(paper, (s.kept_lines, dict(s.kept)) if s is not None and s.kept_lines else None)
    check_keys(tables, report)
    for lcheck in checks.LOOKUP_CHECKS:  # references into the table itself or a later one
        t, ref = tables.get(lcheck.table), tables.get(lcheck.ref_table)
        if t is None or ref is None or _before(lcheck.ref_table, lcheck.table) or not t.join_lines:
            continue
        lookup = _lookup(ref, lcheck)
        if lookup is not None:
            _report_through(t.label, lcheck, t.joins, t.join_lines, lookup, report)
    for tcheck in checks.TABLE_CHECKS:
        t = tables.get(tcheck.table)
        if t is not None and t.kept_lines:
            for line, f, m, k in tcheck.run(t.kept_lines, {c: t.kept[c] for c in tcheck.reads}):
                report.add(Problem(t.label, line, f, m, k))
    if paper is not None:
        for ptcheck in checks.PAPER_TABLE_CHECKS:
            t = tables.get(ptcheck.table)
            if t is not None and t.kept_lines:
                for line, f, m, k in ptcheck.run(t.kept_lines, {c: t.kept[c] for c in ptcheck.reads}, paper):
                    report.add(Problem(t.label, line, f, m, k))
    return {name: t.ok_rows for name, t in tables.items()}


# -- DataFrames of a package found valid ------------------------------------------------------

def frames(root: Path, paths: dict[str, str]) -> dict[str, Any]:
    """Every table as a pandas DataFrame with the dataset's dtypes, read by pyarrow: for a large
    package this executor has found valid."""
    _import()
    import pandas as pd
    out = {}
    for model in TABLES:
        name = model.__table__.name
        fields = model.model_fields
        table = pcsv.read_csv(root / paths[name], convert_options=pcsv.ConvertOptions(
            column_types={n: pa.string() for n in fields}, strings_can_be_null=False,
            quoted_strings_can_be_null=False))
        columns = {}
        for n, f in fields.items():
            kind = logical_type(f)
            values = _null_if_empty(table.column(n))
            if kind == "integer":
                columns[n] = pd.Series(pc.cast(values, pa.int64()).to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get))
            elif kind == "boolean":
                columns[n] = pd.Series(pc.equal(values, "true").to_pandas(types_mapper={pa.bool_(): pd.BooleanDtype()}.get))
            elif kind == "date":
                columns[n] = pd.to_datetime(pd.Series(pc.cast(values, pa.date32()).to_pandas()))
            else:
                columns[n] = pd.Series(values.to_pandas(), dtype=PANDAS[kind])
        out[name] = pd.DataFrame(columns)
    return out
