"""The columnar engine (columnar.py) against the row engine: it certifies exactly the packages
the row engine finds no problem in, and through ``validate.check`` both engines report the
same problems, on the shipped package, on synthetic ones, on every damaged package of
tests/damage.py, on targeted cases of its screens, in small chunks, and under random damage."""

import shutil
import sys
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import damage
from conftest import ROOT
from nrcdata import columnar
from nrcdata.models import MODELS
from nrcdata.validate import (PAPER_FIELDS, RULE_FIELDS, Parsed, _descriptor, check, check_against_paper,
                              check_package, check_rules, resolve)

sys.path.insert(0, str(ROOT / "benchmarks"))
import synth  # noqa: E402
from test_fuzz import byte_damage, cell_damage  # noqa: E402


def certify(root, paper=None, strict=False):
    """The columnar verdict alone: row counts, or the reason it declines."""
    facts: dict = {}
    problems: list = []
    paths = _descriptor(resolve(root), problems, facts)
    if problems:  # validate.check never gets this far either
        return "datapackage.json has problems"
    try:
        return columnar.certify(resolve(root).parent, paths, paper, facts if strict else None)
    except columnar.Declined as e:
        return str(e)


def same_result(root, paper=None, strict=False):
    rows = check(root, paper, strict, engine="rows")
    assert check(root, paper, strict, engine="columns") == rows
    return rows


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth") / "pkg"
    synth.generate(3000, out, quiet=True)
    return out


def test_whitespace_is_what_python_strips():
    assert set(columnar.WHITESPACE) == {chr(i) for i in range(sys.maxunicode + 1) if chr(i).isspace()}


def test_the_shipped_package_is_certified(paper):
    for p, strict in ((None, False), (paper, False), (paper, True)):
        counts, problems = same_result(ROOT, p, strict)
        assert problems == [] and certify(ROOT, p, strict) == counts


def test_a_synthetic_package_is_certified_in_any_chunk_size(synthetic, monkeypatch):
    counts, problems = same_result(synthetic)
    assert problems == [] and certify(synthetic) == counts
    for size in (4096, 1000, 97):  # pieces that end inside quoted cells and long rows
        monkeypatch.setattr(columnar, "CHUNK_BYTES", size)
        assert certify(synthetic, strict=True) == counts


@pytest.mark.parametrize("case", damage.CASES, ids=[c.id for c in damage.CASES])
def test_every_damaged_package_is_declined_and_reported_alike(case, built, request, monkeypatch):
    paper = request.getfixturevalue("paper") if case.paper else None
    pkg, _ = built(case)
    assert isinstance(certify(pkg.root, paper), str)
    counts, problems = same_result(pkg.root, paper)
    assert problems
    monkeypatch.setattr(columnar, "CHUNK_BYTES", 512)
    assert isinstance(certify(pkg.root, paper), str)


def _edit(package_copy, table, line, field, value):
    pkg = damage.Package(package_copy)
    pkg.set(table, line, field, value)
    return package_copy


@pytest.mark.parametrize("value, valid", [
    ("a\u3000", False), ("\xa0a", False), ("a\u2028", False), ("a\x85", False), ("=a", False),
    ("a \u201ca\u201d \u2026", True), ("é" * 3, True), ("a\u200bb", True),  # a zero-width space is no space
])
def test_edges_of_cells(package_copy, value, valid):
    _edit(package_copy, "claims", 2, "statement", value)
    counts, problems = same_result(package_copy)
    assert (problems == []) is valid
    assert isinstance(certify(package_copy), dict) is valid


def test_a_code_that_is_also_a_missing_value_marker(package_copy):
    """NA is Namibia where a pattern accepts it: certified, not declined."""
    pkg = damage.Package(package_copy)
    header, rows = pkg.read("countries")
    row = dict(zip(header, rows[0]), country_id="NA", name="Namibia", case_id="")
    pkg.write("countries", header, rows + [[row[h] for h in header]])
    counts, problems = same_result(package_copy)
    assert problems == [] and certify(package_copy) == counts


@pytest.mark.parametrize("raw, verdict", [
    (b'"a,""b"', "certified"),   # a quoted comma and a doubled quote: the text a,"b
    (b'ab"c', "declined, valid"),  # a quote inside an unquoted cell: Python's csv keeps it
    (b'"a\nb"', "invalid"),       # a quoted line break: a control character for the row engine
    (b'"a"b', "invalid"),          # text after a closing quote
    (b'"a,b', "invalid"),          # a quote never closed (it pairs with the next one)
    (b"\xed\xa0\x80", "invalid"),  # an encoded surrogate is not UTF-8
    (b"\xc0\x80", "invalid"),      # nor is an overlong NUL
])
def test_bytes_the_screens_must_catch(package_copy, raw, verdict):
    path = package_copy / "data" / "claims.csv"
    text = path.read_bytes()
    start = text.index(b"\n") + 1
    first = text.index(b",", start) + 1  # the statement of the first claim
    end = text.index(b",", first) if text[first:first + 1] != b'"' else text.index(b'",', first) + 1
    path.write_bytes(text[:first] + raw + text[end:])
    counts, problems = same_result(package_copy)
    assert isinstance(certify(package_copy), dict) is (verdict == "certified")
    assert (problems == []) is (verdict != "invalid")


def test_rules_and_paper_checks_read_only_their_declared_fields(paper, built):
    """check_rules and check_against_paper on rows that hold only the declared fields give the
    same problems as on whole rows (an undeclared field would raise AttributeError)."""
    packages = [ROOT] + [built(c)[0].root for c in damage.CASES if c.kind in
                         ("rule", "edtf", "edtf-bounds", "date-order", "completeness", "paper-structure",
                          "paper-anchor", "quote-not-found")]
    for root in packages:
        parsed = check_package(root)[0]
        for fields, run in ((RULE_FIELDS, lambda p: check_rules(p)),
                            (PAPER_FIELDS, lambda p: check_against_paper(p, paper))):
            slim = Parsed(parsed.root, labels=parsed.labels)
            for name, rows in parsed.rows.items():
                if name in fields:
                    slim.rows[name] = [(line, SimpleNamespace(**{f: getattr(r, f) for f in fields[name]}))
                                       for line, r in rows]
            whole = Parsed(parsed.root, labels=parsed.labels,
                           rows={n: rs for n, rs in parsed.rows.items() if n in fields})
            assert run(slim) == run(whole), root


def test_the_vectorized_rules_are_those_check_rules_leaves_out():
    assert set(columnar.VECTORIZED_RULES).isdisjoint(RULE_FIELDS)
    assert set(RULE_FIELDS) | set(columnar.VECTORIZED_RULES) <= set(MODELS)


def test_auto_uses_rows_for_small_packages(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the columnar engine ran for a small package")
    monkeypatch.setattr(columnar, "certify", refuse)
    assert check(ROOT)[1] == []


def test_an_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="engine must be one of"):
        check(ROOT, engine="fast")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.sampled_from(sorted(MODELS)), st.data())
def test_random_damage_gets_the_same_report_from_both_engines(tmp_path_factory, table, data):
    root = tmp_path_factory.mktemp("parity") / "pkg"
    shutil.copytree(ROOT / "data", root / "data", ignore=shutil.ignore_patterns("_parts"))
    shutil.copytree(ROOT / "schema", root / "schema")
    shutil.copy(ROOT / "datapackage.json", root)
    path = root / "data" / f"{table}.csv"
    original = path.read_bytes()
    if data.draw(st.booleans()):
        path.write_bytes(data.draw(byte_damage(original)))
    else:
        path.write_text(data.draw(cell_damage(original.decode("utf-8"))), encoding="utf-8", newline="")
    same_result(root, strict=data.draw(st.booleans()))


def test_dataframes_from_arrow_are_those_from_loaded_rows(synthetic, package_copy):
    import pandas as pd
    import nrcdata
    pkg = damage.Package(package_copy)  # missing values, "NA" as text and as a code
    header, rows = pkg.read("countries")
    pkg.write("countries", header, rows + [[dict(zip(header, rows[0]), country_id="NA", name="NA",
                                                  case_id="")[h] for h in header]])
    for root in (ROOT, synthetic, package_copy):
        arrow = columnar.frames(resolve(root).parent, _descriptor(resolve(root), [], {}))
        rows = nrcdata.dataframes(root)
        assert list(arrow) == list(rows)
        for name in rows:
            pd.testing.assert_frame_equal(arrow[name], rows[name], check_exact=True)
