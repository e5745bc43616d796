"""The W3C Web Annotation export: every selector resolves against the paper's canonical text."""

import json
import os

import pytest

import nrcdata
from nrcdata.text import canonical_sha256, canonical_text

from conftest import run_cli


@pytest.fixture(scope="module")
def collection(paper, tmp_path_factory):
    out = tmp_path_factory.mktemp("annotations")
    (path,) = nrcdata.export("annotations", out)
    assert path.name == "annotations.jsonld"
    return json.loads(path.read_text(encoding="utf-8"))


def resolve_quote(text: str, sel: dict) -> int:
    """Where a TextQuoteSelector points: the one place its prefix, exact and suffix occur together
    (a resolver that knows nothing of nrcdata)."""
    whole = sel["prefix"] + sel["exact"] + sel["suffix"]
    hits, at = [], text.find(whole)
    while at >= 0:
        hits.append(at + len(sel["prefix"]))
        at = text.find(whole, at + 1)
    assert len(hits) == 1, (sel, hits)
    return hits[0]


def test_collection_shape(collection, dataset):
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    page = collection["first"]
    assert page["type"] == "AnnotationPage" and page["partOf"] == collection["id"]
    items = page["items"]
    assert collection["total"] == len(items)
    quotes = {(s.table_name, s.row_id, s.field) for s in dataset.quote_spans}
    assert len(items) == len(quotes)  # one annotation per quote
    assert len({a["id"] for a in items}) == len(items)
    assert sum(len(a["target"]) for a in items) == len(dataset.quote_spans)  # one target per part
    for a in items:
        assert a["type"] == "Annotation"
        table, row_id, field = a["id"].rsplit(":", 3)[1:]
        assert {"type": "TextualBody", "purpose": "tagging", "value": f"{table}.{field}"} in a["body"]
        assert any(b.get("source", "").endswith(f":{table}:{row_id}") for b in a["body"])
    claim = next(a for a in items if a["id"].endswith(":claims:C3001:quote"))
    assert claim["body"][0]["value"] == dataset.claims["C3001"].statement


def test_every_selector_resolves_against_the_text(collection, paper, dataset):
    text = canonical_text(paper)
    source = f"urn:sha256:{canonical_sha256(paper)}"
    n, widths = 0, []
    for a in collection["first"]["items"]:
        for target in a["target"]:
            assert target["source"] == source
            (quote,) = [s for s in target["selector"] if s["type"] == "TextQuoteSelector"]
            (pos,) = [s for s in target["selector"] if s["type"] == "TextPositionSelector"]
            assert text[pos["start"]:pos["end"]] == quote["exact"]
            assert resolve_quote(text, quote) == pos["start"]
            assert text[:pos["start"]].endswith(quote["prefix"]) and text[pos["end"]:].startswith(quote["suffix"])
            assert len(quote["prefix"]) >= min(32, pos["start"])
            assert len(quote["suffix"]) >= min(32, len(text) - pos["end"])
            widths.append(max(len(quote["prefix"]), len(quote["suffix"])))
            n += 1
    assert n == len(dataset.quote_spans)
    assert sorted(widths)[len(widths) // 2] == 32  # most quotes need no more than 32 characters


def test_without_the_text_the_export_fails_clearly(tmp_path):
    env = dict(os.environ, NRCDATA_SOURCE_TEXT=str(tmp_path / "absent.txt"))
    code, out, err = run_cli("export", "--format", "annotations", "--out", str(tmp_path / "out"), env=env)
    assert code == 2
    assert "needs the paper's text" in err and "NRCDATA_SOURCE_TEXT" in err
    assert not (tmp_path / "out").exists()


def test_stale_spans_are_refused(paper, package_copy, tmp_path):
    path = package_copy / "data" / "quote_spans.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    table, row_id, field, part, start, end = lines[1].rstrip("\n").split(",")
    lines[1] = ",".join([table, row_id, field, part, str(int(start) + 1), end]) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(nrcdata.ExportError, match="quote_spans does not match"):
        nrcdata.export("annotations", tmp_path / "out", package_copy)
