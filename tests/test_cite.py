"""Citing: one version everywhere, the CFF in the wheel, BibTeX and APA built from it."""

import json
import subprocess
import sys
import zipfile

import pytest

import nrcdata
from nrcdata.cite import citation, parse_cff
from conftest import ROOT, run_cli

CFF = (ROOT / "CITATION.cff").read_text(encoding="utf-8")


def test_package_datapackage_and_citation_share_one_version():
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    (line,) = [link for link in CFF.splitlines() if link.startswith("version:")]
    cff_version = line.split(":", 1)[1].strip().strip('"')
    assert nrcdata.__version__ == descriptor["version"] == cff_version


def test_cite_cff_is_the_repository_file():
    assert run_cli("cite", "--format", "cff") == (0, CFF, "")


def test_cite_apa_exact():
    c = parse_cff(CFF)
    expected = (f"nrcdata contributors. ({c['date-released'][:4]}). {c['title']} "
                f"(Version {nrcdata.__version__}) [Data set].\n"
                "Adomeit, H. (2007). Inside or Outside? Russia's Policies Towards NATO "
                "(SWP Working Paper FG 5 2007/01). Stiftung Wissenschaft und Politik (SWP), German "
                "Institute for International and Security Affairs.\n")
    assert run_cli("cite") == (0, expected, "")
    assert run_cli("cite", "--format", "apa") == (0, expected, "")


def test_cite_bibtex_has_both_entries():
    code, out, err = run_cli("cite", "--format", "bibtex")
    assert (code, err) == (0, "")
    key = "nrcdata_" + nrcdata.__version__.replace(".", "_")
    assert out.startswith(f"@misc{{{key},\n  author = {{{{nrcdata contributors}}}},\n")
    assert f"  version = {{{nrcdata.__version__}}},\n" in out
    assert "@techreport{adomeit2007,\n  author = {Adomeit, Hannes},\n" in out
    assert "  number = {FG 5 2007/01},\n" in out
    assert out.count("{") == out.count("}")  # balanced, so BibTeX can parse it


def test_cite_follows_the_cff():
    from nrcdata import __version__
    assert f"version: {__version__}\n" in CFF
    edited = CFF.replace(f"version: {__version__}", "version: 9.9.9").replace('"2026-11-27"', '"2031-01-02"')
    c = parse_cff(edited)
    assert (c["version"], c["date-released"]) == ("9.9.9", "2031-01-02")
    assert parse_cff(CFF)["reference"]["authors"] == [{"family-names": "Adomeit", "given-names": "Hannes"}]


def test_unknown_format():
    code, out, err = run_cli("cite", "--format", "mla")
    assert code == 2 and out == "" and "invalid choice: 'mla'" in err
    with pytest.raises(ValueError, match="unknown citation format"):
        citation("mla")


def test_the_wheel_carries_citation_cff_and_cites_from_it(wheel, tmp_path):
    with zipfile.ZipFile(wheel) as z:
        assert z.read("nrcdata/_package/CITATION.cff").decode("utf-8") == CFF
        z.extractall(tmp_path / "site")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # the unpacked wheel first on the path: nrcdata and its data come from it, not the checkout
    code = "import nrcdata, nrcdata.cite as c; print(c.cff_path()); print(c.citation('apa'), end='')"
    proc = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, capture_output=True, text=True,
                          env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    path, apa = proc.stdout.split("\n", 1)
    assert path == str(tmp_path / "site" / "nrcdata" / "_package" / "CITATION.cff")
    assert apa == citation("apa")
