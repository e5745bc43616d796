"""The static site (nrcdata site): its pages, and the same pages in a real browser."""

import os
import re
import struct
from pathlib import Path

import pytest

import nrcdata
from nrcdata.site import SiteError, build_site, pages

from cdp import Browser, find_chromium
from conftest import ROOT, run_cli

pytestmark = pytest.mark.slow  # left out of `make check`


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    written = build_site(out)
    return out, written


def test_every_page_is_written(site, dataset):
    out, written = site
    names = {p.relative_to(out).as_posix() for p in written}
    want = ({"index.html", "timeline.html", "claims.html"} | {f"areas/{a}.html" for a in dataset.areas}
            | {f"cases/{c}.html" for c in dataset.cases} | {f"actors/{a}.html" for a in dataset.actors})
    assert names == want
    assert {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} == want  # no temp left
    version = dataset.version
    for p in written:
        html = p.read_text(encoding="utf-8")
        assert f"nrcdata version {version}" in html and "Cite as: " in html
        assert not re.search(r'(src|href|action)="(https?:)?//', html)  # nothing points off the site
        assert html.count("Content-Security-Policy") == 1
        for link in re.findall(r'href="([^"#]+)', html):  # every link leads to a page of the site
            if not link.startswith("data:"):
                assert (p.parent / link).resolve().is_file(), (p, link)


def test_area_page_sets_portrayal_critique_and_outcome_side_by_side(site, dataset):
    out, _ = site
    html = (out / "areas" / "missile_defense.html").read_text(encoding="utf-8")
    area = dataset.areas["missile_defense"]
    cols = re.findall(r'<div class="col (\w+)">', html)
    assert cols == ["portrayal", "critique", "outcome"]
    for claim in area.portrayals + area.critiques + area.outcome_claims:
        assert f'id="{claim.claim_id}"' in html
        assert f"¶ {claim.paragraph}" in html
    assert area.outcome.value in html


def test_everything_is_html_escaped(package_copy, tmp_path):
    claims = package_copy / "data" / "claims.csv"
    text = claims.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    first = lines[1].split(",", 2)
    lines[1] = ",".join([first[0], '"<script>alert(1)</script> & ""x"""', first[2]])
    claims.write_text("".join(lines), encoding="utf-8")
    files = pages(nrcdata.load(package_copy))
    everything = "".join(files.values())
    assert "<script>alert(1)</script>" not in everything
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;" in everything
    assert all(html.count("<script>") <= 1 for html in files.values())  # only the claims filter


def test_refuses_the_package_folders_and_writes_whole_or_nothing(tmp_path, monkeypatch):
    for folder in (ROOT, ROOT / "data", ROOT / "schema", ROOT / "data" / "sub", ROOT / "src" / "nrcdata"):
        with pytest.raises(SiteError, match="refusing"):
            build_site(folder)
    assert not (ROOT / "data" / "sub").exists() and not (ROOT / "index.html").exists()
    calls = []
    real = Path.write_text

    def failing(self, *args, **kwargs):
        calls.append(self)
        if len(calls) > 50:
            raise OSError(28, "No space left on device")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", failing)
    with pytest.raises(SiteError, match="No space left"):
        build_site(tmp_path / "out")
    assert list((tmp_path / "out").rglob("*")) == []  # no page, no temporary folder


def test_cli(tmp_path):
    code, out, err = run_cli("site", "--out", str(tmp_path / "s"))
    assert code == 0, err
    assert "wrote" in out and (tmp_path / "s" / "index.html").is_file()
    code, out, err = run_cli("site", "--out", str(ROOT / "data"))
    assert code == 2 and "refusing" in err


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    executable = find_chromium()
    if executable is None:
        message = "Chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI needs a browser for the site test: {message}")
        pytest.skip(message)
    b = Browser(executable, str(tmp_path_factory.mktemp("chromium-profile")))
    yield b
    b.close()


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_every_page_loads_in_chromium_without_error(site, browser, tmp_path):
    out, written = site
    problems = {}
    for page in sorted(written):
        found = browser.load(page.as_uri())
        if found:
            problems[page.relative_to(out).as_posix()] = found
        assert browser.evaluate("document.querySelector('footer').textContent.includes('Cite as')")
    assert problems == {}
    browser.load((out / "index.html").as_uri())
    browser.screenshot(tmp_path / "index.png")
    browser.load((out / "areas" / "missile_defense.html").as_uri())
    assert browser.evaluate("document.querySelectorAll('.cols .col').length") == 3
    browser.screenshot(tmp_path / "area-missile_defense.png")
    for shot in ("index.png", "area-missile_defense.png"):
        assert _png_size(tmp_path / shot) == (1280, 900)
        assert (tmp_path / shot).stat().st_size > 20_000  # a page, not a blank


def test_the_claims_filter_narrows_the_table(site, dataset, browser):
    out, _ = site
    visible = "document.querySelectorAll('#claims tbody tr:not([hidden])').length"
    url = (out / "claims.html").as_uri()
    assert browser.load(url) == []
    total = len(dataset.claims)
    assert browser.evaluate(visible) == total
    browser.type_text("#filter", "missile")
    narrowed = browser.evaluate(visible)
    assert 0 < narrowed < total
    browser.type_text("#filter", " critique")  # every word must occur
    both = browser.evaluate(visible)
    assert 0 < both < narrowed
    assert browser.evaluate("document.getElementById('count').textContent") == f"{both} of {total} claims"
    # the filter can start from the address
    assert browser.load(url + "?q=missile") == []
    assert browser.evaluate(visible) == narrowed
    assert browser.load(url + "#q=zzzz-no-such-word") == []
    assert browser.evaluate(visible) == 0
