"""Stata: every .dta read back with pandas and with pyreadstat (ReadStat, the library Stata
users' other tools share), every value compared with the shipped CSV."""

import csv
import datetime as dt
import math

import pytest

import nrcdata
from nrcdata.models import MODELS
from nrcdata.typemaps import base_type, logical_type
from nrcdata.stata import LABEL_LIMIT, STATA_TYPES, variable_label, variable_name, vocabularies
from conftest import ROOT, run_cli


@pytest.fixture(scope="module")
def dta(tmp_path_factory):
    out = tmp_path_factory.mktemp("stata")
    written = nrcdata.export("stata", out)
    assert sorted(p.name for p in written) == sorted(f"{n}.dta" for n in MODELS)
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.dta" for n in MODELS)  # nothing else left
    for p in written:  # format 118: Stata 14 and later, UTF-8
        assert p.read_bytes()[:40] == b"<stata_dta><header><release>118</release"
    return out


def _csv(name):
    with (ROOT / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _missing(value):
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) in ("NaT", "nan", "<NA>")


def _as_csv(value, kind):
    """A value read from a .dta (labels applied) as the shipped CSV writes it."""
    if _missing(value):
        return ""
    if kind == "date":
        if isinstance(value, (int, float)):  # not converted: days since 1960-01-01
            value = dt.date(1960, 1, 1) + dt.timedelta(days=int(value))
        return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    if kind == "integer":
        assert float(value) == int(float(value))
        return str(int(float(value)))
    return str(value)


def _compare(name, frame):
    model = MODELS[name]
    kinds = {f: logical_type(i)
             for f, i in model.model_fields.items()}
    rows = _csv(name)
    assert list(frame.columns) == [variable_name(f) for f in model.model_fields], name
    assert len(frame) == len(rows), name
    columns = {f: frame[variable_name(f)].tolist() for f in model.model_fields}
    for i, row in enumerate(rows):
        for field, text in row.items():
            got = _as_csv(columns[field][i], kinds[field])
            assert got == text, f"{name}:{i + 2}:{field}: {got!r} != {text!r}"


@pytest.mark.parametrize("name", list(MODELS))
def test_pandas_reads_every_value_back(dta, name):
    import pandas as pd
    frame = pd.read_stata(dta / f"{name}.dta")  # value labels become the codes, %td the dates
    _compare(name, frame)


@pytest.mark.parametrize("name", list(MODELS))
def test_pyreadstat_reads_every_value_labels_and_types(dta, name, dataset):
    pyreadstat = pytest.importorskip("pyreadstat")
    frame, meta = pyreadstat.read_dta(str(dta / f"{name}.dta"), apply_value_formats=True)
    _compare(name, frame)
    model = MODELS[name]
    # the variable labels: each field's description by the shortening rule
    assert meta.column_labels == [variable_label(f.description) for f in model.model_fields.values()]
    assert all(len(label) <= LABEL_LIMIT for label in meta.column_labels)
    # the data label names the version and what to cite
    assert meta.file_label.startswith(f"nrcdata {dataset.version} {name}.")
    assert "Adomeit (2007)" in meta.file_label and len(meta.file_label) <= LABEL_LIMIT
    # a value label for every vocabulary field, with every code of its vocabulary
    vocab_of = vocabularies(name)
    for field, enum in vocab_of.items():
        labels = meta.variable_value_labels[variable_name(field)]
        assert sorted(labels.values()) == sorted(e.value for e in enum), field
    # storage types and formats
    for field, info in model.model_fields.items():
        var = variable_name(field)
        kind = logical_type(info)
        if field in vocab_of or kind in ("integer", "boolean"):
            assert meta.readstat_variable_types[var] in ("int8", "int16", "int32"), (field, meta.readstat_variable_types[var])
        elif kind == "date":
            assert meta.original_variable_types[var] == STATA_TYPES["date"].format
        else:
            assert meta.readstat_variable_types[var] == "string"
        if kind == "boolean":
            assert meta.variable_value_labels[var] == {0: "false", 1: "true"}


def test_the_labels_are_counted(dta):
    """Figures for the record: how many value labels and shortened variable labels there are."""
    pyreadstat = pytest.importorskip("pyreadstat")
    vocab_fields = sum(len(vocabularies(n)) for n in MODELS)
    assert vocab_fields == 25  # 0.1 had 18; 0.2 adds position, date_basis, date precisions, roles, evaluation
    labelled = 0
    for name in MODELS:
        _, meta = pyreadstat.read_dta(str(dta / f"{name}.dta"), metadataonly=True)
        labelled += len(meta.variable_value_labels)
    booleans = sum(1 for m in MODELS.values() for i in m.model_fields.values()
                   if base_type(i) is bool)
    assert labelled == vocab_fields + booleans


def test_non_ascii_text_and_dates_survive(dta):
    import pandas as pd
    events = pd.read_stata(dta / "events.dta")
    assert events["date_start"].dtype.kind == "M"
    assert (events["date_as_printed"] == "October 2003").any()
    assert (events["date_as_printed"] == "September 22").any()
    assert events["quote"].str.contains("Portorož").any() or events["description"].str.contains("Portorož").any()


@pytest.mark.parametrize("text, label", [
    ("Short.", "Short."),
    ("A" * 80, "A" * 80),
    ("First sentence fits. " + "word " * 30, "First sentence fits."),
    ("word " * 40, "word " * 14 + "word..."),
    ("The holder (actors.actor_id): the person, organisation or body whose claim this is, in the paper's reading.",
     "The holder (actors.actor_id): the person, organisation or body whose claim..."),
])
def test_variable_label_rule(text, label):
    assert variable_label(text) == label.strip()


def test_variable_labels_never_cut_a_word():
    for model in MODELS.values():
        for info in model.model_fields.values():
            text = " ".join(info.description.split())
            label = variable_label(text)
            assert len(label) <= LABEL_LIMIT
            if label == text:
                continue
            stem = label[:-3] if label.endswith("...") else label
            assert text.startswith(stem), (text, label)
            rest = text[len(stem):]
            assert rest == "" or rest[0] in " .,;:", (text, label)


def test_cli_exports_stata(tmp_path):
    code, out, err = run_cli("export", "--format", "stata", "--out", str(tmp_path))
    assert code == 0, err
    assert out == f"export: wrote {len(MODELS)} stata file(s) to {tmp_path}\n"
