"""Datasette: the SQLite export and its metadata.json served on 127.0.0.1, read over HTTP, stopped.

Datasette is in the test extra. Under CI=true its absence fails the test; elsewhere it is skipped.
"""

import csv
import html
import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

import nrcdata
from nrcdata.models import MODELS
from conftest import ROOT

pytestmark = pytest.mark.slow  # left out of `make check`

HOST = "127.0.0.1"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 10):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.status, r.read().decode("utf-8")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    if importlib.util.find_spec("datasette") is None:
        problem = "datasette is not installed (pip install -e '.[test]')"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI needs Datasette: {problem}")
        pytest.skip(problem)
    out = tmp_path_factory.mktemp("datasette")
    nrcdata.export("sqlite", out)
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(out / "nrcdata.sqlite"),
         "--metadata", str(out / "metadata.json"), "--host", HOST, "--port", str(port),
         "--setting", "default_page_size", "1000"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:  # bounded: at most 30 s of polling, 10 a second
            if proc.poll() is not None:
                pytest.fail(f"datasette exited with {proc.returncode}: {proc.stdout.read()}")
            try:
                if _get(f"{base}/-/versions.json", timeout=1)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("datasette did not answer within 30 s")
            time.sleep(0.1)
        yield base, out
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert proc.returncode is not None  # stopped


def test_datasette_serves_a_table_as_json(served):
    base, _ = served
    status, body = _get(f"{base}/nrcdata/events.json?_shape=array&_size=max")
    assert status == 200
    rows = json.loads(body)
    with (ROOT / "data" / "events.csv").open(encoding="utf-8", newline="") as f:
        want = list(csv.DictReader(f))
    assert len(rows) == len(want)
    assert [r["event_id"] for r in rows] == [w["event_id"] for w in want]
    by_id = {r["event_id"]: r for r in rows}
    for w in want:
        got = by_id[w["event_id"]]
        assert got["date_as_printed"] == w["date_as_printed"] and got["quote"] == w["quote"]
        assert (got["date_start"] or "") == w["date_start"] and got["paragraph"] == int(w["paragraph"])
    assert any("Portorož" in r["description"] or "Portorož" in r["quote"] for r in rows)


def test_datasette_serves_the_metadata(served):
    base, out = served
    status, body = _get(f"{base}/-/metadata.json")
    assert status == 200
    meta = json.loads(body)
    assert meta == json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    assert meta["license"] == "Creative Commons Attribution 4.0 International"
    assert meta["source"].startswith("Hannes Adomeit, Inside or Outside?")
    tables = meta["databases"]["nrcdata"]["tables"]
    for name, model in MODELS.items():
        assert tables[name]["description"] == model.__table__.description
        assert tables[name]["columns"] == {f: i.description for f, i in model.model_fields.items()}


def test_datasette_shows_the_descriptions_on_the_table_page(served):
    base, _ = served
    status, page = _get(f"{base}/nrcdata/claims")
    assert status == 200
    page = html.unescape(page)
    assert MODELS["claims"].__table__.description in page
    assert MODELS["claims"].model_fields["stance"].description in page  # a column's description
    assert "Creative Commons Attribution 4.0 International" in page
