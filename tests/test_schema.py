"""One source of truth: every generated file equals a fresh generation from the models."""

import json
import shutil

from nrcdata.models import MODELS
from conftest import ROOT, run_cli


def test_committed_files_are_fresh():
    code, out, _ = run_cli("schema", "--check", "--root", str(ROOT))
    assert (code, out) == (0, "schema: all generated files are up to date\n")


def test_drift_is_detected_and_named(tmp_path):
    for part in ("schema", "data", "docs"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("_parts"))
    for name in ("datapackage.json", "CITATION.cff", ".zenodo.json"):
        shutil.copy(ROOT / name, tmp_path)
    path = tmp_path / "schema" / "claims.json"
    schema = json.loads(path.read_text())
    schema["fields"][1]["description"] = "edited by hand"
    path.write_text(json.dumps(schema))
    code, out, _ = run_cli("schema", "--check", "--root", str(tmp_path))
    assert code == 1
    assert out == "schema/claims.json: differs from a fresh generation; run 'nrcdata schema'\n"


def test_every_field_is_described_and_every_key_declared():
    for name, model in MODELS.items():
        schema = json.loads((ROOT / "schema" / f"{name}.json").read_text())
        assert [f["name"] for f in schema["fields"]] == list(model.model_fields)
        assert all(f["description"] for f in schema["fields"]), name
        assert schema["primaryKey"] == list(model.__table__.primary_key)
        assert len(schema.get("foreignKeys", [])) == len(model.__table__.foreign_keys)
        header = (ROOT / "data" / f"{name}.csv").read_text(encoding="utf-8").split("\n", 1)[0]
        assert header.split(",") == list(model.model_fields)  # every defined field is used


def test_datapackage_names_the_paper_and_the_files():
    desc = json.loads((ROOT / "datapackage.json").read_text())
    from nrcdata import __version__
    from nrcdata.text import SOURCE_SHA256
    assert desc["version"] == __version__
    assert desc["licenses"][0]["name"] == "CC-BY-4.0"
    assert desc["sources"][0]["sha256"] == SOURCE_SHA256
    assert [r["name"] for r in desc["resources"]] == list(MODELS)
    for r in desc["resources"]:
        data = (ROOT / r["path"]).read_bytes()
        assert r["bytes"] == len(data)
        assert r["encoding"] == "utf-8" and not data.startswith(b"\xef\xbb\xbf")
