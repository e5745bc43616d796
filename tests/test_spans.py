"""Quote spans (data/quote_spans.csv): recomputed from the paper's text and the data."""

import csv
import hashlib
import subprocess
import sys

from nrcdata.models import MODELS
from nrcdata.text import (Span, canonical_blocks, canonical_sha256, canonical_text, compute_spans,
                          locate, normalize, quote_fields, quote_parts)
from nrcdata.spans import spans_csv
from conftest import run_cli

from conftest import ROOT


def _shipped():
    with open(ROOT / "data" / "quote_spans.csv", encoding="utf-8", newline="") as f:
        return [Span(r["table_name"], r["row_id"], r["field"], int(r["part"]), int(r["start"]), int(r["end"]))
                for r in csv.DictReader(f)]


def test_canonical_text_is_paragraphs_then_footnotes(paper):
    text = canonical_text(paper)
    blocks = canonical_blocks(paper)
    assert [w for w, _ in blocks] == [f"p{n}" for n in range(1, 105)] + [f"fn{n}" for n in range(1, 75)]
    assert text == "\n\n".join(t for _, t in blocks) + "\n"
    assert canonical_sha256(paper) == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert all(ord(c) <= 0xFFFF for c in text)  # code point offsets equal UTF-16 offsets


def test_canonical_command_prints_the_text_byte_for_byte(paper):
    out = subprocess.run([sys.executable, "-m", "nrcdata.text", "canonical"], capture_output=True, check=True).stdout
    assert out == canonical_text(paper).encode("utf-8")


def test_quote_fields_follow_the_naming_convention():
    found = {name: [q.field for q in quote_fields(m.model_fields)] for name, m in MODELS.items()}
    assert found["claims"] == ["quote"] and found["notes"] == ["paper_reading"]
    assert found["topics"] == ["heading", "quote"]
    assert found["areas"] == ["nato_heading", "critique_heading", "outcome_quote"]
    assert found["sections"] == found["sources"] == found["quote_spans"] == []
    assert quote_fields(["quote", "paragraph", "anchor_footnote"])[0].footnote == "anchor_footnote"
    assert quote_fields(["x_quote"]) == []  # no x_paragraph: not anchored


def test_locate_follows_the_matching_rules():
    plain = "He said: “We – the Russians – are ‘partners’…” and left."
    assert locate('"We - the Russians - are \'partners\'..." and', plain) == [(9, 44), (45, 50)]
    assert locate("We ... left", plain) == [(10, 12), (51, 55)]
    assert locate("left ... We", plain) is None  # parts in order
    assert locate("...", plain) is None


def test_shipped_spans_equal_a_fresh_computation(paper, dataset):
    spans, missing = compute_spans(paper, dataset.tables, MODELS)
    assert missing == []
    assert _shipped() == spans
    assert (ROOT / "data" / "quote_spans.csv").read_text(encoding="utf-8") == spans_csv(spans)
    assert len(spans) == len(set((s.table_name, s.row_id, s.field, s.part) for s in spans))


def test_each_span_normalises_to_its_quote_part(paper, dataset):
    text = canonical_text(paper)
    parts_seen: dict = {}
    for s in _shipped():
        model = MODELS[s.table_name]
        key = model.__table__.primary_key
        rows = parts_seen.setdefault(s.table_name, {"/".join(str(getattr(r, k)) for k in key): r
                                                    for r in dataset.tables[s.table_name]})
        quote = getattr(rows[s.row_id], s.field)
        assert 0 <= s.start < s.end <= len(text)
        assert normalize(text[s.start:s.end]) == quote_parts(quote)[s.part - 1], s
    # every quote-like value has all its parts, and nothing else has a span
    want = {(name, "/".join(str(getattr(r, k)) for k in m.__table__.primary_key), q.field, k)
            for name, m in MODELS.items() for q in quote_fields(m.model_fields)
            for r in dataset.tables[name] if getattr(r, q.field) is not None
            for k in range(1, len(quote_parts(getattr(r, q.field))) + 1)}
    assert want == {(s.table_name, s.row_id, s.field, s.part) for s in _shipped()}


def test_spans_check_command(paper):
    code, out, err = run_cli("spans", "--root", ROOT)
    assert code == 0, out + err
    assert "up to date" in out
