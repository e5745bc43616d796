"""Fuzzing: random damage to the CSV files and the descriptor never makes the library crash.
Every run ends in a clean pass or InvalidPackage, every problem prints as one
file:row:field: message [kind] line, and a pass means every line of every file was read as a
row. Bounded: well under a minute in all (see SCALE for a longer hunt)."""

import json
import os
import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import nrcdata
from conftest import QUICK, ROOT
from nrcdata.errors import InvalidPackage
from nrcdata.models import MODELS
from conftest import check_package

LINE = re.compile(r"^.+?:\d+:[^:\s]*: [^\n]+ \[[a-z-]+\]$")
TABLES = sorted(MODELS)
# About 25 s of CPU in all; the quote checks (paper) cost most, so only cell damage runs them.
# NRCDATA_FUZZ_SCALE=50 runs fifty times as many examples, for a long hunt outside CI.
SCALE = int(os.environ.get("NRCDATA_FUZZ_SCALE", "1"))


def fuzz(examples: int):
    return settings(max_examples=(examples // 4 if QUICK else examples) * SCALE, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    """One copy of the package; each example damages one file and puts it back."""
    dest = tmp_path_factory.mktemp("fuzz") / "pkg"
    dest.mkdir()
    shutil.copy(ROOT / "datapackage.json", dest)
    shutil.copytree(ROOT / "schema", dest / "schema")
    shutil.copytree(ROOT / "data", dest / "data", ignore=shutil.ignore_patterns("_parts"))
    return dest


# -- damage ------------------------------------------------------------------------------------

INSERTS = [b'"', b",", b"\n", b"\r\n", b'","', b'"\n"', b";", b"\x00", b"\xff", b"\xef\xbb\xbf",
           "é".encode(), b" ", b"NA", b"=", b"\t"]


@st.composite
def byte_damage(draw, data: bytes) -> bytes:
    """Flip bytes, truncate, insert quotes/commas/newlines/odd bytes, or drop or repeat a line."""
    op = draw(st.sampled_from(["flip", "truncate", "insert", "drop-line", "repeat-line"]))
    at = draw(st.integers(0, len(data)))
    if op == "flip":
        if not data:
            return b"\x00"
        at = min(at, len(data) - 1)
        return data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]
    if op == "truncate":
        return data[:at]
    if op == "insert":
        return data[:at] + draw(st.sampled_from(INSERTS)) * draw(st.integers(1, 3)) + data[at:]
    lines = data.split(b"\n")
    i = draw(st.integers(0, len(lines) - 1))
    return b"\n".join(lines[:i] + lines[i + 1:]) if op == "drop-line" else b"\n".join(lines[:i + 1] + lines[i:])


@st.composite
def cell_damage(draw, text: str) -> str:
    """Replace one cell of one row with random text, written as a CSV writer would."""
    import csv
    import io
    rows = list(csv.reader(io.StringIO(text, newline="")))
    r = draw(st.integers(0, len(rows) - 1))
    c = draw(st.integers(0, len(rows[r]) - 1))
    rows[r][c] = draw(st.one_of(
        st.text(max_size=30),
        st.sampled_from(["", " ", "NA", "N/A", "0", "-1", "9999", "true", "TRUE", "1992-13-01", "2006-02-30",
                         "199X", "1992-25", "[1992,", "0000", "9999-24", "../x", "C9999", "=1", "\n", '"']),
    ))
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


# -- the property ------------------------------------------------------------------------------

def _check(package, paper) -> None:
    """The library's two entry points on the damaged package: a pass or InvalidPackage, no
    other exception; problems that print as one line each; a pass reads every line."""
    _, problems = check_package(package, paper)
    for p in problems:
        assert LINE.match(str(p)), repr(str(p))
    try:
        ds = nrcdata.load(package)
    except InvalidPackage as e:
        assert e.problems, "InvalidPackage without problems"
        return
    assert not [p for p in problems if not p.kind.startswith(("quote", "paper"))], problems
    for name, rows in ds.tables.items():  # nothing merged or dropped on the way in
        text = (package / "data" / f"{name}.csv").read_text(encoding="utf-8")
        assert len(rows) == len(text.rstrip("\n").split("\n")) - 1, name


@fuzz(80)
@given(st.sampled_from(TABLES), st.data())
def test_random_byte_damage_never_crashes(package, table, data):
    path = package / "data" / f"{table}.csv"
    original = path.read_bytes()
    try:
        path.write_bytes(data.draw(byte_damage(original)))
        _check(package, None)
    finally:
        path.write_bytes(original)


@fuzz(40)
@given(st.sampled_from(TABLES), st.data())
def test_random_cell_damage_never_crashes(package, paper, table, data):
    path = package / "data" / f"{table}.csv"
    original = path.read_bytes()
    try:
        path.write_text(data.draw(cell_damage(original.decode("utf-8"))), encoding="utf-8", newline="")
        _check(package, paper)
    finally:
        path.write_bytes(original)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6)
PATHS = st.sampled_from([
    "../data/claims.csv", "data/../../x.csv", "/etc/passwd", "C:/x.csv", "~/x.csv", "https://example.invalid/x.csv",
    "file:///etc/passwd", "data", "data/", ".", "", "data/nothing.csv", "datapackage.json", "schema/claims.json",
    "data/claims.csv", "data/notes.csv", "data/\x00.csv", "data\\claims.csv"]) | st.text(max_size=30) | JSON_VALUES


@st.composite
def descriptor_damage(draw, data: bytes) -> bytes:
    """Bytes damaged, or valid JSON with a resource's path or name, or any value, replaced; a
    resource dropped or repeated."""
    op = draw(st.sampled_from(["bytes", "path", "name", "value", "drop", "repeat"]))
    if op == "bytes":
        return draw(byte_damage(data))
    desc = json.loads(data)
    resources = desc["resources"]
    i = draw(st.integers(0, len(resources) - 1))
    if op == "path":
        resources[i]["path"] = draw(PATHS)
    elif op == "name":
        resources[i]["name"] = draw(st.sampled_from(sorted(MODELS)) | JSON_VALUES)
    elif op == "value":
        target = draw(st.sampled_from([desc, resources[i]]))
        target[draw(st.sampled_from(sorted(target)))] = draw(JSON_VALUES)
    elif op == "drop":
        del resources[i]
    else:
        resources.append(resources[i])
    return json.dumps(desc).encode()


@fuzz(40)
@given(st.data())
def test_random_descriptor_damage_never_crashes(package, data):
    path = package / "datapackage.json"
    original = path.read_bytes()
    try:
        path.write_bytes(data.draw(descriptor_damage(original)))
        _check(package, None)
    finally:
        path.write_bytes(original)
