"""Bad input, second round (issue 12): faults outside the package's cells - the paper's text, the
output channel (a terminal that cannot show a cell, a closed pipe), exports blocked or cut short
(a folder in the way, the package's own folders, a full disk, a killed export), and commands run
where they cannot work. Each is run through the CLI and judged by exit status, message, no
traceback and nothing of the user's changed or left behind. Subprocesses only where the process
is the point (pipes, encodings, resource limits) or a mistake could hang (FIFOs)."""

import hashlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys

import pytest

from conftest import run_cli, run_cli_process

pytestmark = pytest.mark.slow  # left out of `make check`

ENV = {k: v for k, v in os.environ.items() if k != "NRCDATA_SOURCE_TEXT"}


def _digest(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*"))}


# -- the paper's text ------------------------------------------------------------------------

def test_source_text_env_pointing_nowhere_is_exit_2_like_paper(tmp_path):
    missing = tmp_path / "nowhere.txt"
    code, out, err = run_cli("validate", "--strict", env=ENV | {"NRCDATA_SOURCE_TEXT": str(missing)})
    assert (code, out) == (2, "") and str(missing) in err and err.startswith("error:")
    assert run_cli("validate", "--paper", missing, env=ENV)[0] == 2


@pytest.mark.parametrize("what", ["folder", "fifo"])
def test_a_paper_text_that_cannot_be_read_is_exit_2(tmp_path, what):
    text = tmp_path / "paper.txt"
    text.mkdir() if what == "folder" else os.mkfifo(text)
    for cmd in (["validate", "--paper", text], ["coverage", "--paper", text]):
        code, out, err = run_cli_process(*cmd, env=ENV, timeout=60)  # a FIFO opened would block
        assert code == 2 and "Traceback" not in err and "cannot be read" in err, err
        assert ("a folder" if what == "folder" else "a FIFO") in err


def test_coverage_with_a_wrong_text_is_exit_2(tmp_path):
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the paper\n", encoding="utf-8")
    code, out, err = run_cli("coverage", "--paper", wrong, env=ENV)
    assert code == 2 and "Traceback" not in err and "is not the paper's" in err


def test_schema_check_outside_a_checkout(tmp_path):
    code, out, err = run_cli("schema", "--check", cwd=tmp_path)
    assert code == 2 and "no repository here" in err and out == ""
    assert list(tmp_path.iterdir()) == []


# -- the output channel ------------------------------------------------------------------------

def _with_cyrillic_code(package_copy):
    path = package_copy / "data" / "claims.csv"
    text = path.read_text(encoding="utf-8")
    header, first, rest = text.split("\n", 2)
    kind = header.split(",").index("kind")
    import csv
    cells = next(csv.reader([first]))
    cells[kind] = "слух"
    from nrcdata.csvio import to_csv_text
    path.write_text(header + "\n" + to_csv_text(cells, []).rstrip("\n") + "\n" + rest, encoding="utf-8")


def test_a_terminal_that_cannot_show_a_cell(package_copy):
    _with_cyrillic_code(package_copy)
    code, out, err = run_cli_process("validate", package_copy, "--no-paper",
                                     env=ENV | {"PYTHONIOENCODING": "cp1252"}, timeout=120)
    assert code == 1 and "Traceback" not in err and err == ""
    assert "\\u0441\\u043b\\u0443\\u0445" in out  # escaped, not lost


def test_output_into_a_closed_pipe(built):
    """`nrcdata validate BAD | head -1`: the reader goes away; no traceback, exit 141 as a shell
    reports a command ended by SIGPIPE."""
    import damage
    pkg, _ = built(damage.BY_ID["flood-dangling-references"])
    proc = subprocess.Popen([sys.executable, "-m", "nrcdata", "validate", str(pkg.root), "--no-paper"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert first and "Traceback" not in err and err == "", err


# -- exports blocked or cut short ------------------------------------------------------------

def test_export_blocked_by_a_folder_names_it_and_replaces_nothing(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "claims.csv").mkdir()
    (out / "actors.csv").write_text("mine\n", encoding="utf-8")
    before = _digest(out)
    code, stdout, err = run_cli("export", "--format", "csv", "--out", out)
    assert code == 2 and str(out / "claims.csv") in err and "folder" in err
    assert _digest(out) == before


def test_export_into_the_folder_the_descriptor_names(package_copy):
    """A package whose tables live in tables/: exporting into PKG/tables is refused."""
    shutil.move(package_copy / "data", package_copy / "tables")
    desc = json.loads((package_copy / "datapackage.json").read_text(encoding="utf-8"))
    for res in desc["resources"]:
        res["path"] = res["path"].replace("data/", "tables/", 1)
    (package_copy / "datapackage.json").write_text(json.dumps(desc, indent=2), encoding="utf-8")
    before = _digest(package_copy)
    for target in ("tables", "tables/sub", "schema", "."):
        code, out, err = run_cli("export", "--format", "csv", "--out", package_copy / target, package_copy)
        assert code == 2 and "refusing" in err, (target, err)
    assert _digest(package_copy) == before


def test_a_killed_export_is_cleaned_up_by_the_next(tmp_path):
    out = tmp_path / "out"
    stale = out / ".nrcdata-export-killed1"
    stale.mkdir(parents=True)
    (stale / "claims.json").write_text("[", encoding="utf-8")
    assert run_cli("export", "--format", "json", "--out", out)[0] == 0
    assert not list(out.glob(".nrcdata-export-*"))
    assert (out / "claims.json").is_file()


def _small_disk():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


@pytest.mark.parametrize("fmt", ["xlsx", "json"])
def test_an_export_on_a_full_disk(tmp_path, fmt):
    pytest.importorskip("openpyxl")
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine\n", encoding="utf-8")
    code, stdout, err = run_cli_process("export", "--format", fmt, "--out", out, env=ENV | {
        "PYTHONDONTWRITEBYTECODE": "1"}, preexec_fn=_small_disk, timeout=120)
    assert code == 2 and "Traceback" not in err and err.startswith("error:"), err
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]  # no partial file, no temp folder
