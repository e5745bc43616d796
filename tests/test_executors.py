"""The two executors of the declared checks report the same problems, line for line: on every
damaged package of the corpus, under random damage, across batch boundaries, and past the
report's bound."""

import csv
import random
import shutil

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import damage
from conftest import QUICK, ROOT, run_cli_process
from nrcdata import arrow_executor, checks
from nrcdata.checking import check
from nrcdata.limits import MAX_PROBLEMS_PER_GROUP
from nrcdata.cells import NA_MARKERS
from nrcdata.models import MODELS

CASE_IDS = [c.id for c in damage.CASES]


@pytest.fixture
def small_batches(monkeypatch):
    """Arrow batches of 8 KiB of CSV (the ten tables over 8 KiB span 2 to 28 batches) or, from the
    Python reader, of 7 records; references checked, and checks through a reference run, 20 rows
    at a time; value sets of 50 rows or more looked up by code, smaller ones as strings. 4 KiB
    batches doubled the corpus tests' time and span one more table."""
    monkeypatch.setattr(arrow_executor, "BLOCK_BYTES", 1 << 13)
    monkeypatch.setattr(arrow_executor, "CODED_SET_ROWS", 50)
    monkeypatch.setattr(arrow_executor, "RECORDS_PER_BATCH", 7)
    monkeypatch.setattr(arrow_executor, "FLUSH_ROWS", 20)
    monkeypatch.setattr(arrow_executor, "JOIN_ROWS", 20)


def _both(root, paper=None, strict=False):
    python = check(root, paper, strict, "python").problems
    arrow = check(root, paper, strict, "arrow").problems
    return python, arrow


@pytest.mark.parametrize("case", damage.CASES[::5] if QUICK else damage.CASES, ids=(CASE_IDS[::5] if QUICK
                                                                                   else CASE_IDS))
def test_both_executors_report_the_same_lines_for_every_damaged_package(case, built, request, small_batches):
    pkg, _ = built(case)
    paper = request.getfixturevalue("paper") if case.paper else None
    if case.process:  # could block if a special file were opened: both executors in a subprocess
        outs = [run_cli_process("validate", pkg.root, "--no-paper", "--executor", e, timeout=60)
                for e in ("python", "arrow")]
        assert outs[0][0] == 1 and outs[0] == outs[1], outs
        return
    python, arrow = _both(pkg.root, paper)
    assert python, "the damage was not found"
    assert [str(p) for p in arrow] == [str(p) for p in python]


def test_both_executors_find_the_shipped_package_valid(paper, small_batches):
    assert _both(ROOT, paper, strict=True) == ([], [])


# -- random damage ----------------------------------------------------------------------------

BAD_CELLS = ["", " x", "x ", "NA", "=1", "-1", "1.5", "01", "9" * 30, "2006-02-30", "2006-13", "199X",
             "true", "yes", "C1001", "E001", "nobody", "phase4", "\u00a0a", "a\u2028b", "a\x7fb", "a\x85b",
             "\ufffe", "x,y", 'say "no"', "a\nb", "a\rb", "é" * 3000, "fn99z", "1992-23/1993-21", ".."]
BYTE_DAMAGE = [b"\r", b'"', b"\n", b"\x00", b"\xff", b",", b'""', b"\r\n", b"\n\n", b";"]


def _tables_with_rows():
    return [name for name in MODELS if (ROOT / "data" / f"{name}.csv").stat().st_size > 0]


@st.composite
def damages(draw):
    kind = draw(st.sampled_from(["cell", "cell", "cell", "bytes", "duplicate", "delete"]))
    table = draw(st.sampled_from(_tables_with_rows()))
    return kind, table, draw(st.integers(0, 10 ** 6)), draw(st.sampled_from(BAD_CELLS)), \
        draw(st.sampled_from(BYTE_DAMAGE))


def _apply(pkg, damage_spec):
    kind, table, seed, cell, raw = damage_spec
    path = pkg / "data" / f"{table}.csv"
    rng = random.Random(seed)
    if kind == "bytes":
        data = path.read_bytes()
        at = rng.randrange(len(data))
        path.write_bytes(data[:at] + raw + data[at:])
        return
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    r = rng.randrange(1, len(rows))
    if kind == "cell":
        rows[r][rng.randrange(len(rows[0]))] = cell
    elif kind == "duplicate":
        rows.insert(rng.randrange(1, len(rows) + 1), list(rows[r]))
    else:
        del rows[r]
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


@settings(max_examples=15 if QUICK else 60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(damages(), min_size=1, max_size=3))
def test_random_damage_is_reported_alike(package_copy, small_batches, spec):
    work = package_copy.parent / "work"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(package_copy, work)
    for one in spec:
        _apply(work, one)
    python, arrow = _both(work)
    assert [str(p) for p in arrow] == [str(p) for p in python]


# -- the vectorized primitives against their row form -----------------------------------------

VALUES = [None, "author", "reported", "adomeit", "putin", 1, 2, 3]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.sampled_from(VALUES), st.sampled_from(VALUES)), min_size=1, max_size=20))
def test_each_vectorized_check_flags_the_rows_its_row_form_flags(pairs):
    arrow_executor._import()
    pa = arrow_executor.pa
    for check_ in [c for c in checks.ROW_CHECKS if isinstance(c, checks.Vectorized)]:
        fields = check_.reads if len(check_.reads) == 2 else check_.reads * 2
        sample = {type(v) for v in VALUES if v is not None}
        for kind in sample:  # one column type at a time, as a real table has
            rows = [{fields[0]: a if isinstance(a, kind) else None, fields[1]: b if isinstance(b, kind) else None}
                    for a, b in pairs]
            cols = {f: pa.array([r[f] for r in rows]) for f in dict.fromkeys(fields)}
            try:
                mask = arrow_executor.violated(check_, cols).to_pylist()
            except (pa.ArrowNotImplementedError, pa.ArrowInvalid, TypeError):
                continue  # a comparison this check never sees (text against a number)
            assert mask == [check_.violated(r) for r in rows], (check_.table, check_.field, rows)


# -- the column screens against each field's own check --------------------------------------

EDGE_CELLS = [" x", "x ", "\tx", "x\t", "\u00a0x", "x\u00a0", "\u3000x", "x\u3000", "\u2028x", "x\u2029",
              "\u0085x", "x\u0085", "\u1680x", "x\u200a", "=x", "+x", "-x", "@x", "x=", "x-", "é", "xé", "éx",
              "Ж", "€", "𝄞", "a\u00adb", "a\x7fb", "a\x85b", "a\ufffeb", "NA", "", "a"]


def _length_cells(chk) -> list[str]:
    """Cells at each length bound, in one-, two-, three- and four-byte characters."""
    out = []
    for bound in (chk.min_length, chk.max_length):
        if bound is not None:
            for c in ("a", "é", "€", "𝄞"):
                out += [c * n for n in (bound - 1, bound, bound + 1) if n > 0]
    return out


def _pattern_cells(chk, bank: list[str]) -> list[str]:
    """Cells the field's pattern accepts, from the bank, and each one edit away: a byte dropped,
    added, doubled or changed, the case turned, a newline after."""
    if chk.pattern is None:
        return []
    out = []
    for cell in [c for c in bank if chk.pattern.fullmatch(c)][:40]:
        out += [cell, cell[:-1], cell[1:], cell + "0", cell + "a", cell + "_", "x" + cell, cell + cell[-1],
                cell.swapcase(), cell + "\n", cell[:1] + "é" + cell[1:], cell.replace(cell[-1], "\x00")]
    return out


@pytest.mark.parametrize("repeat", [1, 5], ids=["distinct", "repeated"])  # the screen path, the per-value path
def test_a_column_is_flagged_where_its_field_check_rejects_a_cell(repeat):
    """Every cell the field's check rejects is flagged (and no other), whichever way the column
    is screened: by bytes, patterns and lengths, or once per distinct value."""
    from test_load_speed_parity import BANK_ALL, DISTINCT_CHECKS
    arrow_executor._import()
    pa = arrow_executor.pa
    for name, chk in DISTINCT_CHECKS.items():
        cells = sorted(set(BANK_ALL[::7]) | set(EDGE_CELLS) | set(_length_cells(chk)) | NA_MARKERS
                       | set(_pattern_cells(chk, BANK_ALL))) * repeat
        bad, _ = arrow_executor.check_column(chk, pa.array(cells, pa.string()), arrow_executor.CellCache())
        expected = [chk(c)[1] is not None for c in cells]
        assert bad.to_pylist() == expected, (name, [c for c, b, e in zip(cells, bad.to_pylist(), expected) if b != e][:5])


# -- the report's bound ------------------------------------------------------------------------

def test_a_flood_of_problems_is_bounded_alike(package_copy):
    path = package_copy / "data" / "claim_relations.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    i = header.index("target_id")
    flood = [list(r) for r in body] * 4  # more dangling references than the report lists
    for n, r in enumerate(flood):
        r[i] = f"C9{n:06d}"
        r[header.index("claim_id")] = body[n % len(body)][0]
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([header] + flood)
    python, arrow = _both(package_copy)
    assert [str(p) for p in arrow] == [str(p) for p in python]
    fk = [p for p in python if p.kind == "foreign-key" and p.field == "target_id"]
    assert len(fk) == MAX_PROBLEMS_PER_GROUP and fk[0].row == 2
    more = [p for p in python if p.kind == "more-problems" and p.field == "target_id"]
    assert len(more) == 1 and f"{len(flood) - MAX_PROBLEMS_PER_GROUP} more foreign-key" in more[0].message


# -- checks through a reference (LOOKUP_CHECKS) -------------------------------------------------

def _edit_rows(pkg, table, edit):
    path = pkg / "data" / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    names = list(rows[0])
    rows = edit(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, names, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _set(key_field, key, **values):
    def edit(rows):
        for r in rows:
            if r[key_field] == key:
                r.update(values)
        return rows
    return edit


def _append_copy(key_field, key, **values):
    return lambda rows: rows + [{**next(r for r in rows if r[key_field] == key), **values}]


YEAR_1999 = dict(date="1999", date_start="1999-01-01", date_end="1999-12-31", date_precision="year")
LOOKUP_DAMAGE = {
    "claim-outside-its-event": (("claims", _set("claim_id", "C1001", **YEAR_1999)),
                                "'1999' is not within the date of event E001"),
    "event-outside-its-occasion": (("events", _set("event_id", "E038", occasion_id="E002")),
                                   "'2006-11' cannot be the date of occasion E002"),
    "work-of-a-later-footnote": (("claim_sources", _set("claim_id", "C1001", item_id="fn2a")),
                                 "fn2a is a work of footnote 2, after footnote 1"),
    # E001 given twice, the second time in 1999: a reference resolves to the last row in both
    "duplicated-event-referred-to": (("events", _append_copy("event_id", "E001", **YEAR_1999)),
                                     "'2003-10' is not within the date of event E001 ('1999')"),
}


@pytest.mark.parametrize("name", list(LOOKUP_DAMAGE))
def test_checks_through_a_reference_are_reported_alike(name, package_copy, small_batches):
    (table, edit), expected = LOOKUP_DAMAGE[name]
    _edit_rows(package_copy, table, edit)
    python, arrow = _both(package_copy)
    assert any(expected in p.message for p in python), [str(p) for p in python]
    assert [str(p) for p in arrow] == [str(p) for p in python]


def test_row_codes_equal_exactly_where_rows_are():
    """Combined codes of seven columns of up to 6,000 distinct values each (more combinations than an
    int64 holds, so the combination is renumbered on the way), with some rows repeated."""
    arrow_executor._import()
    import pyarrow as pa
    rng = random.Random(5)
    rows = [tuple(f"v{i}" if j == 0 else f"v{rng.randrange(6000)}" for j in range(7)) for i in range(6000)]
    rows += [rows[rng.randrange(6000)] for _ in range(50)]
    cols = [pa.chunked_array([[r[j] for r in rows[:3000]], [r[j] for r in rows[3000:]]]) for j in range(7)]
    codes, distinct = arrow_executor._row_codes(cols)
    assert not distinct
    first: dict = {}
    for row, code in zip(rows, codes.tolist()):
        assert first.setdefault(row, code) == code
    assert len(set(first.values())) == len(first)
    assert arrow_executor._row_codes(cols[:1])[1] is False
    assert arrow_executor._row_codes([pa.chunked_array([[r[0] for r in rows[:6000]]])])[1] is True


def test_a_key_over_many_rows_is_checked_in_parts_with_the_same_findings(monkeypatch):
    """Past FLUSH_ROWS rows a unique key is checked in parts (rows whose first field ends alike):
    every duplicate is found, with its key's first line, as when the table is checked whole."""
    arrow_executor._import()
    import pyarrow as pa
    rng = random.Random(11)
    rows = [(f"C{rng.randrange(400):04d}", rng.choice("xyz")) for _ in range(3000)]
    chunks = [arrow_executor.Chunk({"a": pa.array([r[0] for r in rows[i:i + 500]]),
                                    "b": pa.array([r[1] for r in rows[i:i + 500]])}, 2 + i, 500)
              for i in range(0, 3000, 500)]
    uk = checks.UniqueKey("claims", ("a", "b"))
    first: dict = {}
    expected = []
    for i, row in enumerate(rows):
        if row in first:
            expected.append((i + 2, f"first on line {first[row] + 2}"))
        first.setdefault(row, i)
    assert len(expected) > 1000

    def found() -> list[tuple[int, str]]:
        report = checks.Report(limit=10 ** 6)
        arrow_executor.check_unique(arrow_executor.TableState("t.csv", chunks), uk, report)
        return [(p.row, p.message.split("(")[1].rstrip(")")) for p in report.problems()]
    whole = found()
    monkeypatch.setattr(arrow_executor, "FLUSH_ROWS", 100)
    assert whole == expected
    assert found() == expected


SHORT_CELLS = ["", "a", "a\x00", "\x00", "ab\x00", "\x00a", "C1001", "C10010", "C0001001", "C1234567",
               "C12345678", "é", "日本", "ééééé", "x" * 8, "x" * 7 + "\x00", "x" * 9, "E001", "fn12a"]


def _string_columns(cells: list[str]):
    """(chunked array, its cells in order): the cells in a sliced chunk (an offset into its
    buffers), then for each width up to 8 bytes the coded cells of that width in a chunk of
    their own (the matrix path), then all of them in a chunk with no offset."""
    import pyarrow as pa
    by_width = [[c for c in cells if len(c.encode()) == w and not c.endswith("\x00")] for w in range(9)]
    by_width = [w for w in by_width if w]
    sliced = pa.array(["pad"] * 5 + cells).slice(5)
    chunks = [sliced, *(pa.array(w, pa.string()) for w in by_width), pa.array(cells, pa.string())]
    return pa.chunked_array(chunks, pa.string()), cells + [c for w in by_width for c in w] + cells


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_short_codes_equal_exactly_where_cells_are(seed):
    """A cell of at most 8 bytes not ending in NUL has a code; two coded cells have one code
    exactly where they are equal."""
    arrow_executor._import()
    rng = random.Random(seed)
    alphabet = ["a", "b", "\x00", "é", "日", "C", "0", "1"]
    cells = SHORT_CELLS + [rng.choice(SHORT_CELLS) for _ in range(40)]
    cells += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(10))) for _ in range(300)]
    cells += [f"C{rng.randrange(10 ** 7):07d}" for _ in range(150)]
    col, cells = _string_columns(cells)
    code, coded = arrow_executor._short_codes(col)
    assert coded.tolist() == [len(c.encode()) <= 8 and not c.endswith("\x00") for c in cells]
    of: dict = {}
    for cell, c, ok in zip(cells, code.tolist(), coded.tolist()):
        if ok:
            assert of.setdefault(c, cell) == cell, (cell, of[c])
    assert len(set(of.values())) == len(of)


@pytest.mark.parametrize("coded_set_rows", [0, None])
@pytest.mark.parametrize("flush_rows", [None, 7])
def test_a_reference_finds_the_cells_a_string_lookup_finds(flush_rows, coded_set_rows, monkeypatch):
    """Coded cells are looked up by code and the others as strings (in parts past FLUSH_ROWS),
    or, in a small value set, every cell as a string: a cell is absent exactly where it is not
    among the referenced cells."""
    arrow_executor._import()
    if flush_rows is not None:
        monkeypatch.setattr(arrow_executor, "FLUSH_ROWS", flush_rows)
    if coded_set_rows is not None:
        monkeypatch.setattr(arrow_executor, "CODED_SET_ROWS", coded_set_rows)
    rng = random.Random(7)
    pool = SHORT_CELLS + [f"C{i:04d}" for i in range(60)] + [f"actor_{i}" for i in range(30)]  # mostly coded
    referenced = rng.sample(pool, len(pool) // 2)
    probe = [rng.choice(pool) for _ in range(500)]
    chunks = [arrow_executor.Chunk({"id": col}, 2, len(col)) for col in _string_columns(referenced)[0].chunks]
    tables = {"t": arrow_executor.TableState("t.csv", chunks, complete=True)}
    wanted = arrow_executor._value_set(tables, "t", "id")
    assert (wanted.codes is None) == (coded_set_rows is None)
    col, probe = _string_columns(probe)
    assert arrow_executor._absent(col, wanted).tolist() == [c not in referenced for c in probe]


@pytest.mark.parametrize("others", [["", "a", "é"], SHORT_CELLS[:6]], ids=["all-coded", "some-uncoded"])
@pytest.mark.parametrize("flush_rows", [None, 100])
def test_a_single_field_key_of_short_cells_finds_every_duplicate(flush_rows, others, monkeypatch):
    """A key of coded cells is checked by one sort of its codes, at any size; a key with a cell
    without a code, by its dictionary codes (in parts past FLUSH_ROWS)."""
    arrow_executor._import()
    import pyarrow as pa
    if flush_rows is not None:
        monkeypatch.setattr(arrow_executor, "FLUSH_ROWS", flush_rows)
    rng = random.Random(13)
    rows = [rng.choice([f"C{rng.randrange(900):04d}", rng.choice(others)]) for _ in range(2000)]
    chunks = [arrow_executor.Chunk({"a": pa.array(rows[i:i + 500])}, 2 + i, 500) for i in range(0, 2000, 500)]
    all_coded = bool(arrow_executor._short_codes(pa.chunked_array([c.keys["a"] for c in chunks]))[1].all())
    assert all_coded == (others[-1] == "é")
    first: dict = {}
    expected = []
    for i, row in enumerate(rows):
        if row in first:
            expected.append((i + 2, first[row] + 2))
        first.setdefault(row, i)
    report = checks.Report(limit=10 ** 6)
    arrow_executor.check_unique(arrow_executor.TableState("t.csv", chunks), checks.UniqueKey("t", ("a",)), report)
    assert [(p.row, int(p.message.split("first on line ")[1].rstrip(")"))) for p in report.problems()] == expected

