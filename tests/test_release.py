"""Release metadata: CITATION.cff, .zenodo.json and the schema.org Dataset (docs/dataset.jsonld)
are generated from nrcdata.release, drift-checked by `nrcdata schema --check`, and agree with
the package version."""

import json
import re
import shutil

import nrcdata
from nrcdata.cite import citation, parse_cff
from nrcdata.models import MODELS
from nrcdata.release import CREATORS, LICENSE, Paper
from conftest import ROOT, run_cli

ZENODO = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
JSONLD = json.loads((ROOT / "docs" / "dataset.jsonld").read_text(encoding="utf-8"))
DESCRIPTOR = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
CFF = parse_cff((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_every_version_agrees():
    assert nrcdata.__version__ == DESCRIPTOR["version"] == CFF["version"] == ZENODO["version"] == JSONLD["version"]
    assert CFF["date-released"] == ZENODO["publication_date"] == JSONLD["datePublished"]
    assert CFF["title"] == ZENODO["title"] == JSONLD["name"] == DESCRIPTOR["title"]
    assert CFF["abstract"] == ZENODO["description"] == JSONLD["description"] == DESCRIPTOR["description"]


def test_licence_and_creators_agree_with_the_descriptor():
    assert [lic["name"] for lic in DESCRIPTOR["licenses"]] == [LICENSE["id"]] == [CFF["license"]]
    assert DESCRIPTOR["licenses"][0]["path"] == LICENSE["url"] == JSONLD["license"]
    assert ZENODO["license"] == "cc-by-4.0"
    assert [c["title"] for c in DESCRIPTOR["contributors"]] == list(CREATORS) == \
        [a["name"] for a in CFF["authors"]] == [c["name"] for c in ZENODO["creators"]] == \
        [c["name"] for c in JSONLD["creator"]]


def test_citation_cff_has_an_abstract_and_the_paper_as_reference():
    ref = CFF["reference"]
    assert CFF["abstract"].startswith("The claims, NATO-portrayal vs author-critique pairs")
    assert (ref["type"], ref["title"], ref["number"], ref["year"], ref["month"]) == \
        ("report", Paper.title, "FG 5 2007/01", "2007", "1")
    assert ref["authors"] == [{"family-names": "Adomeit", "given-names": "Hannes"}]


def test_zenodo_deposit_is_a_dataset_derived_from_the_paper():
    assert ZENODO["upload_type"] == "dataset" and ZENODO["access_right"] == "open"
    assert ZENODO["keywords"] == ["NATO", "Russia", "NATO-Russia Council", "frictionless data package"]
    (rel,) = ZENODO["related_identifiers"]
    assert rel["relation"] == "isDerivedFrom" and rel["identifier"] == f"urn:sha256:{DESCRIPTOR['sources'][0]['sha256']}"
    assert ZENODO["references"] == [citation("apa").splitlines()[1]]


def test_schema_org_dataset(dataset):
    assert JSONLD["@context"] == "https://schema.org/" and JSONLD["@type"] == "Dataset"
    based = JSONLD["isBasedOn"]
    assert (based["@type"], based["name"], based["author"]["familyName"], based["datePublished"]) == \
        ("Report", Paper.title, "Adomeit", "2007-01")
    assert based["identifier"]["value"] == DESCRIPTOR["sources"][0]["sha256"]
    # the span of the dated events, as the data has it
    starts = [e.date_start for e in dataset.events.values() if e.date_start]
    ends = [e.date_end for e in dataset.events.values() if e.date_end]
    assert JSONLD["temporalCoverage"] == f"{min(starts).isoformat()}/{max(ends).isoformat()}"
    assert [v["name"] for v in JSONLD["variableMeasured"]] == \
        [f"{n}.{f}" for n, m in MODELS.items() for f in m.model_fields]
    assert all(v["description"] for v in JSONLD["variableMeasured"])
    assert [(d["contentUrl"], d["encodingFormat"]) for d in JSONLD["distribution"]] == \
        [(r["path"], r["mediatype"]) for r in DESCRIPTOR["resources"]]
    for d in JSONLD["distribution"]:
        assert (ROOT / d["contentUrl"]).is_file()


def test_bibtex_months_are_macros_not_numbers():
    bib = citation("bibtex")
    assert "  month = jan\n" in bib
    assert not re.search(r"month\s*=\s*\{?\s*\d", bib)
    assert "derived from Adomeit (2007), FG 5 2007/01" in bib and "  abstract = {The claims" in bib


def test_release_files_drift_is_named(tmp_path):
    for part in ("schema", "data", "docs"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("_parts"))
    for name in ("datapackage.json", "CITATION.cff", ".zenodo.json"):
        shutil.copy(ROOT / name, tmp_path)
    assert run_cli("schema", "--check", "--root", str(tmp_path))[0] == 0
    zen = tmp_path / ".zenodo.json"
    zen.write_text(zen.read_text(encoding="utf-8").replace(nrcdata.__version__, "9.9.9"), encoding="utf-8")
    (tmp_path / "CITATION.cff").unlink()
    code, out, _ = run_cli("schema", "--check", "--root", str(tmp_path))
    assert code == 1
    assert out == ("CITATION.cff: differs from a fresh generation; run 'nrcdata schema'\n"
                   ".zenodo.json: differs from a fresh generation; run 'nrcdata schema'\n")
    assert run_cli("schema", "--root", str(tmp_path))[0] == 0
    assert (tmp_path / ".zenodo.json").read_bytes() == (ROOT / ".zenodo.json").read_bytes()
    assert (tmp_path / "CITATION.cff").read_bytes() == (ROOT / "CITATION.cff").read_bytes()
