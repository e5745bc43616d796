"""Pictures: deterministic renders, drift-checked against the committed docs/*.png."""

import struct
import sys

import pytest

from nrcdata import cli
from nrcdata.plot import AREAS_SIZE, DPI, KINDS, TIMELINE_SIZE, render
from conftest import ROOT, run_cli

import matplotlib  # noqa: F401  (a test dependency: without it these tests fail, never skip)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("kind", KINDS)
def test_committed_picture_is_fresh(kind, dataset):
    committed = (ROOT / "docs" / f"{kind}.png").read_bytes()
    assert render(kind, dataset) == committed, \
        f"docs/{kind}.png differs from a fresh render; run 'nrcdata plot {kind} --out docs/{kind}.png'"


def test_rendering_ignores_the_users_style(dataset):
    import matplotlib as mpl
    before = render("areas", dataset)
    with mpl.rc_context({"font.size": 20, "axes.facecolor": "black", "figure.dpi": 300}):
        assert render("areas", dataset) == before
        assert mpl.rcParams["font.size"] == 20  # the user's settings are left as they were


def test_cli_plot_writes_the_png(tmp_path, dataset):
    out = tmp_path / "pics" / "timeline.png"
    code, stdout, err = run_cli("plot", "timeline", "--out", str(out))
    assert (code, stdout, err) == (0, f"plot: wrote {out}\n", "")
    data = out.read_bytes()
    assert _png_size(data) == (int(TIMELINE_SIZE[0] * DPI), int(TIMELINE_SIZE[1] * DPI))
    assert data == render("timeline", dataset)
    assert sorted(p.name for p in out.parent.iterdir()) == ["timeline.png"]  # no temporary left
    code, _, _ = run_cli("plot", "areas", "--out", str(tmp_path / "areas.png"))
    assert code == 0 and _png_size((tmp_path / "areas.png").read_bytes()) == (
        int(AREAS_SIZE[0] * DPI), int(AREAS_SIZE[1] * DPI))


def test_cli_plot_refuses_a_name_that_is_not_png(tmp_path):
    out = tmp_path / "timeline.jpg"
    code, stdout, err = run_cli("plot", "timeline", "--out", str(out))
    assert (code, stdout, err) == (2, "", f"error: {out}: the picture is a PNG; give a file name ending in .png\n")
    assert not out.exists()


def test_cli_plot_unknown_kind(tmp_path):
    code, out, err = run_cli("plot", "map", "--out", str(tmp_path / "x.png"))
    assert code == 2 and out == "" and "invalid choice: 'map'" in err


@pytest.mark.parametrize("kind", KINDS)
def test_plot_subcommand_help(kind):
    code, out, err = run_cli("plot", kind, "--help")
    assert code == 0 and err == "" and out.startswith("usage: nrcdata plot")


def test_a_timeline_without_events_still_draws():
    """While events.csv is being filled the picture must still render (the validator rejects an
    empty table, so the Dataset is built directly from freshly loaded rows)."""
    import nrcdata
    from nrcdata.loading import Dataset
    full = nrcdata.load()
    ds = Dataset(full.root, {**full.tables, "events": [], "event_sources": []}, full.version)
    empty = render("timeline", ds)
    assert _png_size(empty) == (int(TIMELINE_SIZE[0] * DPI), int(TIMELINE_SIZE[1] * DPI))
    assert empty != render("timeline", nrcdata.load())


def test_a_missing_matplotlib_names_the_extra(tmp_path, monkeypatch, capsys):
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` raise ImportError
    code = cli.main(["plot", "areas", "--out", str(tmp_path / "areas.png")])
    captured = capsys.readouterr()
    assert (code, captured.out) == (2, "")
    assert captured.err == "error: nrcdata plot needs matplotlib: pip install 'nrcdata[plot]'\n"
    assert not (tmp_path / "areas.png").exists()
