"""Round trips: load and write back reproduces every shipped CSV byte for byte; JSON export and
reload gives the same objects; the CSV writer and reader round-trip any text; the models accept
exactly the text a cell may hold."""

import json
import re

import pytest
from hypothesis import given, settings, strategies as st
from pydantic import ValidationError

from conftest import ROOT
from nrcdata import vocab
from nrcdata.csvio import to_csv_text
from nrcdata.limits import MAX_CELL_CHARS, forbidden_class
from nrcdata.models import FORMULA_START, MODELS, Actor
from conftest import parse_table, read_rows

TABLE_NAMES = list(MODELS)


def _write_back(model, rows) -> str:
    fields = list(model.model_fields)
    return to_csv_text(fields, [[r.model_dump()[f] for f in fields] for r in rows])


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_load_and_write_back_is_byte_for_byte(table, dataset):
    rows = dataset.tables[table]
    assert rows, f"{table} has no rows: the round trip would prove nothing"
    shipped = (ROOT / "data" / f"{table}.csv").read_bytes()
    assert _write_back(MODELS[table], rows).encode("utf-8") == shipped


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_json_export_and_reload_gives_the_same_objects(table, dataset):
    model = MODELS[table]
    rows = dataset.tables[table]
    text = json.dumps([r.model_dump(mode="json") for r in rows], ensure_ascii=False)
    again = [model.model_validate(d) for d in json.loads(text)]
    # model_dump in python mode keeps enums as enums and dates as dates, so this compares types too
    assert [r.model_dump() for r in again] == [r.model_dump() for r in rows]
    assert all(type(a.model_dump()[f]) is type(r.model_dump()[f])
               for a, r in zip(again, rows) for f in model.model_fields)


# -- the CSV writer and reader, on any text ---------------------------------------------------

# any character but NUL (the reader rejects it: binary data) and CR (the dataset's files are LF;
# the reader reports CR, see below); non-ASCII, quotes, commas, semicolons and LF included
CELL = st.text(st.characters(blacklist_characters="\x00\r", blacklist_categories=("Cs",)), max_size=40)
TRICKY = st.sampled_from(['"', '""', ",", "\n", ";", " ", "é", "Ж", "“”„", "🙂", '"a,b"\n', "=1+1"])


def _cells(n):
    return st.lists(st.one_of(CELL, TRICKY, st.builds("".join, st.lists(st.one_of(CELL, TRICKY), max_size=4))),
                    min_size=n, max_size=n)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 5).flatmap(lambda n: st.tuples(st.just(n), st.lists(_cells(n), max_size=6))))
def test_writer_and_reader_round_trip_any_text(tmp_path_factory, shape):
    n, rows = shape
    header = [f"c{i}" for i in range(n)]
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_text(to_csv_text(header, rows), encoding="utf-8", newline="")
    got_header, got, problems = read_rows(path, "t.csv")
    assert problems == []
    assert got_header == header
    assert [cells for _, cells in got] == rows


@settings(max_examples=50, deadline=None)
@given(st.lists(_cells(2), min_size=1, max_size=4), st.data())
def test_reader_reports_a_carriage_return_instead_of_changing_it_silently(tmp_path_factory, rows, data):
    r = data.draw(st.integers(0, len(rows) - 1))
    rows[r][0] += "\r"
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_text(to_csv_text(["a", "b"], rows), encoding="utf-8", newline="")
    assert "line-endings" in {p.kind for p in read_rows(path, "t.csv")[2]}


def test_reader_flags_a_cell_over_the_limit_with_its_row_and_field(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(to_csv_text(["a", "b"], [["x", "y"], ["x", "y" * (MAX_CELL_CHARS + 1)]]), encoding="utf-8")
    _, rows, problems = read_rows(path, "t.csv")
    assert [(p.row, p.field, p.kind) for p in problems] == [(3, "b", "cell-too-large")]
    assert [line for line, _ in rows] == [2]


# -- the models: what a text cell may hold ----------------------------------------------------

def _may_hold(text: str) -> bool:
    """The rule the models state for a required text cell (Row's docstring, Text's bounds)."""
    return (1 <= len(text) <= 2000 and text == text.strip() and not text.startswith(FORMULA_START)
            and not re.search(forbidden_class(), text))


ANY_TEXT = st.one_of(
    st.text(max_size=60),
    st.builds(lambda a, b, c: a + b + c, st.sampled_from(["", " ", "\t", "=", "+", "-", "@", "\n"]),
              st.text(st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=30),
              st.sampled_from(["", " ", "\n", "\r\n", "\x00", '"', ","])),
)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_models_accept_exactly_the_text_a_cell_may_hold(text):
    try:
        Actor(actor_id="putin", name=text, kind=vocab.ActorKind("person"), side=vocab.Side("russia"))
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == _may_hold(text)


def _actor_kwargs():
    one_line = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80).filter(
        _may_hold)  # "NA" included: in free text it stays text
    return st.fixed_dictionaries({
        "actor_id": st.from_regex(r"\A[a-z][a-z0-9_]{0,20}\Z"),
        "name": one_line,
        "kind": st.sampled_from(list(vocab.ActorKind)),
        "side": st.sampled_from(list(vocab.Side)),
        "role": st.none() | one_line.filter(lambda s: len(s) <= 300),
        "country_id": st.none() | st.from_regex(r"\A[A-Z]{2}\Z"),
    })


@settings(max_examples=150, deadline=None)
@given(st.lists(_actor_kwargs(), min_size=1, max_size=5))
def test_rows_survive_the_writer_and_the_validating_reader(tmp_path_factory, kwargs):
    """Model -> CSV -> parse_table gives the same rows, with non-ASCII text, quotes and commas."""
    rows = [Actor(**k) for k in kwargs]
    path = tmp_path_factory.mktemp("csv") / "actors.csv"
    path.write_text(_write_back(Actor, rows), encoding="utf-8", newline="")
    parsed, problems = parse_table(Actor, path, "actors.csv")
    assert problems == []
    assert [r.model_dump() for _, r in parsed] == [r.model_dump() for r in rows]
    assert path.read_text(encoding="utf-8") == _write_back(Actor, [r for _, r in parsed])

