"""The columnar engine: certifies a large package valid with vectorized checks (pyarrow, numpy).

It answers one question, fast: would the row-by-row validator (``validate.check_package``) find
no problem at all? Every check here is the row validator's own check or a *screen* that flags a
superset of the values that check could reject; each flagged value then goes through the row
validator's own code (``cells.FieldCheck``, ``check_rules``, ``check_against_paper``). When any
check fails, or anything is unusual (a quoted line break, a stray quote, a file pyarrow reads
differently), ``certify`` declines and the caller runs the row validator, which names every
problem by file, row and field. So both engines give the same verdict and the same problems by
construction; ``tests/test_columnar.py`` holds them to it on every damaged package of the tests.

What runs per table, in chunks of ``CHUNK_BYTES`` split at record boundaries, so memory stays
bounded: a byte scan (BOM, control bytes, the quote structure Python's strict csv reader
accepts), pyarrow's parse with every column as text (its count of records against the count of
line breaks shows a line break inside a cell or an empty line), the cell screens,
the per-row rules of the big tables (claims, claim_relations, notes) as vectorized predicates,
and the distinct combinations of the fields the other rules and the paper checks read. Key
columns are kept; keys, foreign keys and note targets are checked at the end, once per table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import queue
import threading
from contextlib import closing
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from .cells import field_checks
from .csvio import MAX_CELL_CHARS, MAX_FILE_BYTES
from .models import FORMULA_START, MODELS, TABLES
from .text import Paper
from .validate import (AUTHOR_ID, KEY_FIELDS, PAPER_FIELDS, RULE_FIELDS, Parsed, check_against_paper,
                       check_rules, fact_problems)

CHUNK_BYTES = 1 << 24  # 16 MiB of CSV at a time: one chunk's bytes and columns in memory

# Every character str.isspace() accepts (what str.strip() removes); tests/test_columnar.py
# checks this list against Python. A cell's first or last UTF-8 byte being one of these
# characters' first or last bytes is the screen for leading or trailing spaces.
WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200b)))
              + "\u2028\u2029\u202f\u205f\u3000")
_FIRST_BYTES = np.array(sorted({c.encode()[0] for c in WHITESPACE}), dtype=np.uint8)
_LAST_BYTES = np.array(sorted({c.encode()[-1] for c in WHITESPACE}), dtype=np.uint8)
_FORMULA_BYTES = np.array(sorted({ord(c) for c in FORMULA_START}), dtype=np.uint8)
_SEPARATORS = np.array([ord(","), ord("\n"), ord('"')], dtype=np.uint8)

# the rules that read fields of many rows' worth of distinct values; checked vectorized below,
# and by check_rules in the row engine (both held to each other by the parity tests)
VECTORIZED_RULES = ("claims", "claim_relations", "notes")


class Declined(Exception):
    """The package could not be certified valid here; the message says why (the tests show it;
    users see the row engine's report instead)."""


@dataclass
class _Table:
    rows: int = 0
    keys: dict[str, list[pa.Array]] = field(default_factory=dict)  # key column -> its chunks
    combos: set[tuple] = field(default_factory=set)  # distinct values of the rule/paper fields
    checked: dict[str, set[str]] = field(default_factory=dict)  # field -> values found good


def certify(root: Path, paths: dict[str, str], paper: Paper | None = None,
            facts: dict[str, tuple] | None = None) -> dict[str, int]:
    """Row counts per table when the package at ``root`` (tables at ``paths``, as read from
    datapackage.json without a problem) is valid; raises ``Declined`` otherwise. With ``facts``
    (table -> (bytes, hash) from datapackage.json), also checks each file's size and SHA-256."""
    if set(paths) != set(MODELS):
        raise Declined("datapackage.json does not list every table")
    tables: dict[str, _Table] = {}
    for model in TABLES:
        name = model.__table__.name
        keep = list(KEY_FIELDS[name]) + (["concerns_table", "concerns_id"] if name == "notes" else [])
        tables[name] = _read_table(model, root / paths[name], keep, _combo_fields(name, paper is not None),
                                   None if facts is None else facts.get(name, (None, None)))
    _check_keys(tables)
    _check_combos(tables, paths, paper)
    return {name: t.rows for name, t in tables.items()}


def _combo_fields(table: str, with_paper: bool) -> list[str]:
    """The fields whose distinct combinations check_rules (and check_against_paper) are run on."""
    return sorted(set(RULE_FIELDS.get(table, ())) | set(PAPER_FIELDS.get(table, ()) if with_paper else ()))


# -- one table -------------------------------------------------------------------------------

def _pieces(path: Path, name: str, digest):
    """The file's bytes in pieces that end after a line break outside quotes (so every piece
    starts at a record), each scanned (``_scan_bytes``): yields (bytes, line breaks in them).
    A yielded piece stays intact until three more have been read: while the consumer checks
    one piece and ``_prefetched`` holds the next, this fills a third of the four buffers."""
    first, carry = True, b""
    remaining = path.stat().st_size
    ring = [bytearray(), bytearray(), bytearray(), bytearray()]  # reused: no fresh pages per piece
    scratch = np.empty(0, bool)
    with open(path, "rb") as f:
        slot = 0
        while True:
            want = len(carry) + min(CHUNK_BYTES, remaining)
            buf = ring[slot % len(ring)]
            view = a = None  # let go of this slot's views before it is resized
            if len(buf) < want:  # a fresh buffer: resizing one a consumer still holds a view of would raise
                buf = ring[slot % len(ring)] = bytearray(want)
            buf[:len(carry)] = carry
            got = f.readinto(memoryview(buf)[len(carry):want])
            remaining -= got
            size = len(carry) + got
            if size == 0:
                return
            view = memoryview(buf)[:size]
            a = np.frombuffer(view, np.uint8)
            if len(scratch) < size:
                scratch = np.empty(size, bool)
            quotes = np.flatnonzero(np.equal(a, 34, out=scratch[:size]))
            at_end = remaining <= 0 or got == 0
            if at_end:  # the end of the file: all that is left is the last piece
                cut = size
            else:
                cut = buf.rfind(b"\n", 0, size) + 1
                # a line break is a record boundary when an even number of quotes precede it
                while cut > 0 and np.searchsorted(quotes, cut - 1) % 2:
                    cut = buf.rfind(b"\n", 0, cut - 1) + 1
                if cut == 0:
                    if size > max(4 * CHUNK_BYTES, 1 << 26):  # a quote never closed, most likely
                        raise Declined(f"{name}: no record boundary in {size} bytes")
                    carry = bytes(view)
                    continue
            piece = view[:cut]
            if digest is not None:
                digest.update(piece)
            yield piece, _scan_bytes(name, a[:cut], quotes[: np.searchsorted(quotes, cut)], first,
                                     scratch[:cut])
            if at_end:
                return
            first, carry, slot = False, bytes(view[cut:]), slot + 1
            piece = None


def _scan_bytes(name: str, a: np.ndarray, quotes: np.ndarray, first: bool, scratch: np.ndarray) -> int:
    """Declines unless Python's strict csv reader would read these bytes without a problem of
    form and no cell holds a control character; returns the number of line breaks."""
    if first and (a[:3].tobytes() == b"\xef\xbb\xbf" or a[0] == 10):
        raise Declined(f"{name}: starts with a BOM or an empty line")
    n = int(np.count_nonzero(np.less(a, 32, out=scratch)))
    breaks = np.equal(a, 10, out=scratch)
    if np.count_nonzero(breaks) != n:
        raise Declined(f"{name}: a control character, CR or NUL")
    if n > 1 and np.count_nonzero(breaks[1:] & breaks[:-1]):
        raise Declined(f"{name}: an empty line")
    if len(quotes):
        if len(quotes) % 2:
            raise Declined(f"{name}: a quote that is never closed")
        # an opening quote starts a cell (or doubles a quote); a closing one ends it (or doubles)
        opening, closing = quotes[0::2], quotes[1::2]
        before = a[opening[opening > 0] - 1]
        after = a[closing[closing < len(a) - 1] + 1]
        if not (np.isin(before, _SEPARATORS).all() and np.isin(after, _SEPARATORS).all()):
            raise Declined(f"{name}: a quote inside an unquoted cell or text after a closing quote")
    return n


def _prefetched(items):
    """Runs an iterator one step ahead in a thread (reading and scanning release the GIL), so
    the next piece is read and scanned while this one is parsed and checked."""
    box: queue.Queue = queue.Queue(maxsize=1)
    stop = threading.Event()

    def hand_over(message) -> bool:
        while not stop.is_set():  # the consumer may have stopped taking: then give up
            try:
                box.put(message, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def produce():
        try:
            for item in items:
                if not hand_over((True, item)):
                    return
            hand_over((False, None))
        except BaseException as e:  # raised in the consumer
            hand_over((False, e))

    worker = threading.Thread(target=produce, daemon=True)
    worker.start()
    try:
        while True:
            more, item = box.get()
            if not more:
                if item is not None:
                    raise item
                return
            yield item
    finally:
        stop.set()
        worker.join()


def _read_table(model, path: Path, keep: list[str], wanted: list[str], fact) -> _Table:
    name = model.__table__.name
    names = list(model.model_fields)
    checks = {c.name: c for c in field_checks(model)}
    try:
        size = path.stat().st_size
    except OSError:
        raise Declined(f"{name}: cannot be read") from None
    if not path.is_file() or size > MAX_FILE_BYTES or size == 0:
        raise Declined(f"{name}: missing, empty or too large")
    digest = hashlib.sha256() if fact is not None and fact[1] is not None else None
    t = _Table(keys={k: [] for k in keep}, checked={n: set() for n in names})
    breaks, ends_with_break, first = 0, True, True
    convert = pcsv.ConvertOptions(column_types={n: pa.string() for n in names}, strings_can_be_null=False,
                                  quoted_strings_can_be_null=False)
    # a quoted line break is parsed as pyarrow and Python's csv both read it; the count of
    # records against the count of line breaks below then shows it (and declines)
    parse = pcsv.ParseOptions(newlines_in_values=True)
    seen = 0
    # closing(): on a decline the reading thread stops now, not when the generator is collected
    with closing(_prefetched(_pieces(path, name, digest))) as pieces:
        for buf, count in pieces:
            breaks += count
            seen += len(buf)
            ends_with_break = buf[-1] == 10
            read = pcsv.ReadOptions(block_size=1 << 22) if first else \
                pcsv.ReadOptions(block_size=1 << 22, column_names=names)
            try:
                chunk = pcsv.read_csv(pa.py_buffer(buf), read_options=read, convert_options=convert,
                                      parse_options=parse)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as e:
                raise Declined(f"{name}: pyarrow cannot read it ({str(e).splitlines()[0]})") from None
            if chunk.column_names != names:
                raise Declined(f"{name}: the header is not {','.join(names)}")
            first = False
            t.rows += chunk.num_rows
            for field_name in names:
                for arr in chunk.column(field_name).chunks:
                    _check_cells(name, checks[field_name], arr, t.checked[field_name])
            _vectorized_rules(name, chunk)
            for k in keep:
                t.keys[k] += chunk.column(k).chunks
            if wanted:
                distinct = chunk.group_by(wanted).aggregate([])
                t.combos.update(zip(*(distinct.column(f).to_pylist() for f in wanted)))
    if seen != size:
        raise Declined(f"{name}: {seen} of {size} bytes read (did the file change while it was read?)")
    if fact is not None and fact_problems(name, size, digest.hexdigest() if digest else "", fact):
        raise Declined(f"{name}: size or SHA-256 differs from datapackage.json")
    if t.rows == 0 or breaks + (not ends_with_break) != t.rows + 1:
        raise Declined(f"{name}: no rows, or records that pyarrow and Python's csv would count differently")
    return t


def _check_cells(table: str, check, arr: pa.StringArray, good: set[str]) -> None:
    """Every cell of one column through the field's own check, or a screen that passes only
    cells that check would accept."""
    if len(arr) == 0:
        return
    if check.type is not str:  # codes, numbers, dates, flags: few distinct values, each checked
        candidates = pc.unique(arr)
    else:
        offsets = np.frombuffer(arr.buffers()[1], np.int32, len(arr) + 1, arr.offset * 4)
        data = arr.buffers()[2]
        data = np.frombuffer(data, np.uint8) if data is not None else np.zeros(1, np.uint8)
        lengths = np.diff(offsets)
        if lengths.max() > MAX_CELL_CHARS:  # bytes: at least as many as characters
            raise Declined(f"{table}.{check.name}: a cell that may be over the reader's limit")
        flag = lengths == 0 if not check.optional else np.zeros(len(arr), bool)
        full = lengths > 0
        firsts, lasts = data[offsets[:-1][full]], data[offsets[1:][full] - 1]
        edge = np.isin(firsts, _FIRST_BYTES) | np.isin(lasts, _LAST_BYTES)
        if check.text:
            edge |= np.isin(firsts, _FORMULA_BYTES)
        flag[full] |= edge
        if check.max_length is not None:
            flag |= lengths > check.max_length  # bytes: at least as many as characters
        if check.min_length is not None:
            flag |= full & (lengths < 4 * check.min_length)  # a character is at most 4 bytes
        mask = pa.array(flag)
        # "NA" and the like are a problem in a coded field only where its pattern rejects them,
        # so the pattern screen covers them; coded fields without a pattern take the branch above
        if check.pattern is not None:
            mask = pc.or_(mask, pc.and_(pa.array(full), pc.invert(pc.match_substring_regex(arr, check.pattern.pattern))))
        if not pc.any(mask).as_py():
            return
        candidates = pc.unique(arr.filter(mask))
    for raw in candidates.to_pylist():
        if raw not in good:
            if check(raw)[1] is not None:
                raise Declined(f"{table}.{check.name}: {raw[:40]!r} fails its check")
            good.add(raw)


def _vectorized_rules(table: str, chunk: pa.Table) -> None:
    """check_rules' per-row rules of the tables whose rule fields have many distinct values."""
    c = chunk.column
    if table == "claims":
        bad = pc.or_(pc.not_equal(pc.equal(c("area_id"), ""), pc.equal(c("area_role"), "")),
                     pc.not_equal(pc.equal(c("voice"), "author"), pc.equal(c("holder_id"), AUTHOR_ID)))
    elif table == "claim_relations":
        bad = pc.equal(c("claim_id"), c("target_id"))
    elif table == "notes":
        bad = pc.not_equal(pc.equal(c("concerns_table"), ""), pc.equal(c("concerns_id"), ""))
    else:
        return
    if pc.any(bad).as_py():
        raise Declined(f"{table}: a row breaks a rule")


# -- across tables ---------------------------------------------------------------------------

def _joined(columns: list[pa.ChunkedArray]) -> pa.ChunkedArray:
    # cells hold no control character (checked above), so \x1f cannot occur inside one
    return columns[0] if len(columns) == 1 else pc.binary_join_element_wise(*columns, "\x1f")


def _check_keys(tables: dict[str, _Table]) -> None:
    """Primary keys unique; every foreign key and note target found. Each table's key set is
    built once; the checks run on two threads (pyarrow's kernels release the GIL)."""
    col = {name: {k: pa.chunked_array(chunks, pa.string()) for k, chunks in t.keys.items()}
           for name, t in tables.items()}
    refs: dict[str, list] = {}  # target table -> the columns that refer to its (one-field) key
    for model in TABLES:
        for fk in model.__table__.foreign_keys:
            refs.setdefault(fk.table, []).append(col[model.__table__.name][fk.fields[0]])
    notes = col["notes"]
    for target in pc.unique(notes["concerns_table"]).to_pylist():
        if target == "":
            continue
        if target not in MODELS or len(MODELS[target].__table__.primary_key) != 1:
            raise Declined(f"notes: concerns_table {target!r} is not a table with a single-field key")
        refs.setdefault(target, []).append(notes["concerns_id"].filter(pc.equal(notes["concerns_table"], target)))

    def table_keys(model) -> None:
        meta = model.__table__
        key = _joined([col[meta.name][f] for f in meta.primary_key])
        distinct = pc.unique(key)
        if len(distinct) != len(key):
            raise Declined(f"{meta.name}: a duplicate primary key")
        if meta.name in refs:  # an empty reference is no reference, so "" counts as found
            values = pa.chunked_array([c for column in refs[meta.name] for c in column.chunks], pa.string())
            known = pa.concat_arrays([distinct, pa.array([""])])
            if len(values) and not pc.all(pc.is_in(values, value_set=known)).as_py():
                raise Declined(f"a reference into {meta.name} that is not there")

    # all foreign keys here are one field referring to the target's one-field primary key
    assert all(len(fk.fields) == 1 and fk.ref_fields == MODELS[fk.table].__table__.primary_key
               for m in TABLES for fk in m.__table__.foreign_keys)
    with ThreadPoolExecutor(2) as pool:
        for done in [pool.submit(table_keys, m) for m in sorted(TABLES, key=lambda m: -tables[m.__table__.name].rows)]:
            done.result()


def _check_combos(tables: dict[str, _Table], paths: dict[str, str], paper: Paper | None) -> None:
    """check_rules and check_against_paper, the row engine's own code, on each distinct
    combination of the fields they read (a rule's verdict depends on those fields alone)."""
    for fields, run in ((RULE_FIELDS, check_rules), (PAPER_FIELDS, check_against_paper)):
        if run is check_against_paper and paper is None:
            continue
        parsed = Parsed(Path("."), labels=dict(paths))
        for name in fields:
            order = _combo_fields(name, paper is not None)
            checks = {c.name: c for c in field_checks(MODELS[name])}
            parsed.rows[name] = [(0, SimpleNamespace(**{f: checks[f](raw)[0] for f, raw in zip(order, combo)}))
                                 for combo in tables[name].combos]
        problems = run(parsed) if run is check_rules else run(parsed, paper)
        if problems:
            raise Declined(f"{problems[0].file}: {problems[0].message}")


# -- DataFrames ------------------------------------------------------------------------------

def frames(root: Path, paths: dict[str, str]) -> dict:
    """Every table as the DataFrame ``nrcdata.dataframes`` makes from loaded rows (the same
    dtypes and values: tests/test_columnar.py compares them), read straight from the CSV files
    into Arrow. Only for a package ``certify`` has found valid."""
    import pandas as pd
    from .schema import base_type, is_optional
    out = {}
    for model in TABLES:
        name = model.__table__.name
        fields = model.model_fields
        table = pcsv.read_csv(root / paths[name], convert_options=pcsv.ConvertOptions(
            column_types={n: pa.string() for n in fields}, strings_can_be_null=False,
            quoted_strings_can_be_null=False), parse_options=pcsv.ParseOptions(newlines_in_values=True))
        columns = {}
        for n, info in fields.items():
            values = table.column(n)
            if is_optional(info):  # an empty cell is a missing value
                values = pc.if_else(pc.equal(values, ""), pa.scalar(None, pa.string()), values)
            t = base_type(info)
            if t is int:
                columns[n] = pd.Series(pc.cast(values, pa.int64()).to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get))
            elif t is bool:
                columns[n] = pd.Series(pc.cast(values, pa.bool_()).to_pandas(types_mapper={pa.bool_(): pd.BooleanDtype()}.get))
            elif t is dt.date:
                columns[n] = pd.to_datetime(pd.Series(pc.cast(values, pa.date32()).to_pandas()))
            else:
                columns[n] = pd.Series(values.to_pandas()).astype("string")
        out[name] = pd.DataFrame(columns, columns=list(fields))
    return out
