"""The shortcuts that make load() fast give what the slow, obvious way gives.

* ``load()`` builds (with pydantic's public ``model_construct``) the rows ``model_validate`` builds;
* ``FieldCheck.convert`` (a cell's fast path) never accepts a cell the full checks reject, and
  gives the same value for the cells it accepts;
* ``import nrcdata`` still exposes every public name, each a function, whatever was called first.
"""

import random
import subprocess
import sys

import pytest

import nrcdata
from nrcdata.package import shipped_root
from nrcdata.cells import check_row, field_checks
from nrcdata.csvio import format_cell
from conftest import read_rows
from nrcdata.models import MODELS, TABLES

from test_cells import BANK


def _shipped_cells():
    """Every shipped row's cells, per table, as the CSV reader gives them."""
    root = shipped_root()
    out = {}
    for model in TABLES:
        name = model.__table__.name
        header, rows, problems = read_rows(root / "data" / f"{name}.csv", name)
        assert not problems and header == list(model.model_fields)
        out[name] = [cells for _, cells in rows]
    return out


SHIPPED = _shipped_cells()


def _values(model, cells):
    """The row's values as the full checks give them (every shipped cell passes them)."""
    checked = {c.name: c.full_check(raw) for c, raw in zip(field_checks(model), cells)}
    assert not any(problem for _, problem in checked.values()), checked
    return {name: value for name, (value, _) in checked.items()}


def test_loaded_rows_are_the_validated_rows_linked(dataset):
    for name, model in MODELS.items():
        rows = dataset.tables[name]
        assert len(rows) == len(SHIPPED[name])
        for row, cells in zip(rows, SHIPPED[name]):
            validated = model.model_validate(_values(model, cells))
            assert type(row) is model and row.__dict__ == validated.__dict__
            assert row.model_fields_set == validated.model_fields_set
            assert row.dataset is dataset
            validated._dataset = dataset
            assert row == validated
    claim = dataset.claims["C1001"] if "C1001" in dataset.claims else next(iter(dataset.claims.values()))
    assert claim.holder is dataset.actors[claim.holder_id]


# -- the cells' fast path against the full checks --------------------------------------------

def _bank() -> list[str]:
    rng = random.Random(7)
    alphabet = "aZ09_-+=@ .,;:'\"“”\u00a0\u2003\t\n\r\x00\x1f\x7féЖ[]/"
    texts = set(BANK) | {"NA", "NaN", "None", "#N/A", "n/a", "nan", "NULL", "true ", " false", "0", "-0",
                         "+1", "00", "0074", "9" * 30, "-", "--1", "1-", "1\n", "\n1", "2006-02-28\n",
                         "2006-02-28 ", "0000-01-01", "9999-12-31", "2006-13-01", "2006-00-10",
                         "a" * 40, "a" * 200, "a" * 2000, "a\u00a0", "\u00a0a", "a\u2028b", "a\x7fb",
                         "phase1\n", "C1001\n", "RU\n", "true\n", "member\n"}
    for cells in SHIPPED.values():
        for row in cells:
            texts.update(row)
    for _ in range(3000):
        texts.add("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))))
    return sorted(texts)


BANK_ALL = _bank()


def _same(a, b) -> bool:
    return type(a) is type(b) and a == b


def _distinct_checks() -> dict[str, object]:
    """One check per distinct definition, named by its first field: two fields whose checks hold
    every same attribute but the name give the same answers, so the bank is run once for them."""
    out: dict[tuple, tuple[str, object]] = {}
    for table in sorted(MODELS):
        for check in field_checks(MODELS[table]):
            definition = tuple(getattr(check, slot) for slot in type(check).__slots__ if slot not in ("name", "convert"))
            out.setdefault(definition, (f"{table}.{check.name}", check))
    return dict(out.values())


DISTINCT_CHECKS = _distinct_checks()


@pytest.mark.parametrize("field", DISTINCT_CHECKS)
def test_the_fast_path_agrees_with_the_full_checks(field):
    check = DISTINCT_CHECKS[field]
    enum_values = sorted(check.values) if check.values else []
    for raw in BANK_ALL + enum_values + [v + " " for v in enum_values]:
        full = check.full_check(raw)
        try:
            fast = check.convert(raw)
        except Exception:
            assert check(raw) == full, (field, raw)
            continue
        assert full[1] is None, (field, raw, full)  # never accepts what the checks reject
        assert _same(fast, full[0]), (field, raw, fast, full)
        assert _same(check(raw)[0], full[0]) and check(raw)[1] is None


@pytest.mark.parametrize("table", sorted(MODELS))
def test_every_shipped_cell_takes_the_fast_path(table):
    model = MODELS[table]
    checks = field_checks(model)
    for cells in SHIPPED[table]:
        for check, raw in zip(checks, cells):
            assert _same(check.convert(raw), check.full_check(raw)[0]), (table, check.name, raw)


def test_check_row_names_the_same_problems_as_the_full_checks():
    model = MODELS["events"]
    cells = list(SHIPPED["events"][0])
    cells[0], cells[4] = " E001", "NA"
    values, problems = check_row(model, cells)
    checks = field_checks(model)
    assert values is None
    assert problems == [(checks[i].name, *checks[i].full_check(cells[i])[1]) for i in (0, 4)]
    good, none = check_row(model, list(SHIPPED["events"][0]))
    assert none == [] and good == _values(model, SHIPPED["events"][0])


def test_format_cell_round_trips_through_the_fast_path(dataset):
    # what the exports write reads back to the same value
    for name, model in MODELS.items():
        for row in dataset.tables[name][:20]:
            for check in field_checks(model):
                value = getattr(row, check.name)
                assert _same(check.convert(format_cell(value)), value), (name, check.name, value)


# -- import nrcdata ---------------------------------------------------------------------------

def test_import_exposes_the_public_names():
    code = ("import sys, nrcdata\n"
            "assert callable(nrcdata.export) and nrcdata.export.__module__ == 'nrcdata.exports'\n"
            "assert callable(nrcdata.validate) and callable(nrcdata.load)\n"
            "for name in nrcdata.__all__: getattr(nrcdata, name)\n"
            "assert issubclass(nrcdata.MissingDependency, nrcdata.ExportError)\n"
            "assert 'importlib.resources' not in sys.modules, 'imported importlib.resources'\n"
            "assert 'pandas' not in sys.modules and 'pyarrow' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_shipped_root_is_where_importlib_resources_points():
    from importlib import resources
    from pathlib import Path
    packaged = resources.files("nrcdata") / "_package"
    if packaged.joinpath("datapackage.json").is_file():  # an installed wheel
        assert shipped_root() == Path(str(packaged))
    else:  # a source checkout
        assert shipped_root() == Path(nrcdata.__file__).resolve().parents[2]
        assert (shipped_root() / "datapackage.json").is_file()
