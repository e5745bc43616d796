"""Bad input never crashes, never passes silently: the corpus of damaged packages (tests/damage.py)
through the command line, against frictionless, and the loader's safety with third-party copies."""

import os
import re
import shutil
import socket
import sys
from pathlib import Path

import pytest

import nrcdata
import damage
from conftest import QUICK, ROOT, run_cli, run_cli_process
from nrcdata.limits import MAX_PROBLEMS_PER_GROUP
from nrcdata.models import TABLES
from nrcdata.text import default_source_path
from conftest import check_package

LINE = re.compile(r"^(?P<file>.+?):(?P<row>\d+):(?P<field>[^:\s]*): (?P<message>.+) \[(?P<kind>[a-z-]+)\]$")
CASE_IDS = [c.id for c in damage.CASES]


# -- the corpus itself ------------------------------------------------------------------------

def test_corpus_covers_what_it_must():
    assert len(damage.CASES) >= 160
    # a dangling reference for every foreign key of every table
    for model in TABLES:
        for fk in model.__table__.foreign_keys:
            assert f"fk-{model.__table__.name}-{fk.fields[0]}" in damage.BY_ID
    composite = {m.__table__.name for m in TABLES if len(m.__table__.primary_key) > 1}
    assert composite == {"claim_sources", "event_sources", "claim_relations", "affiliations", "event_actors",
                         "claim_actors", "withdrawn", "quote_spans"}
    assert {f"pk-{t}" for t in composite} <= set(damage.BY_ID)
    assert len({c.kind for c in damage.CASES}) >= 30


def test_every_kind_the_corpus_expects_is_in_the_catalogue_and_the_codebook():
    from nrcdata.errors import ProblemKind
    codebook = (ROOT / "docs" / "codebook.md").read_text(encoding="utf-8")
    expected = {k for c in damage.CASES for k in (c.kind, *c.also)}
    assert expected <= {k.value for k in ProblemKind}, expected - {k.value for k in ProblemKind}
    assert all(f"| `{k.value}` |" in codebook for k in ProblemKind)


def test_every_deliberate_disagreement_says_why():
    for case in damage.CASES:
        assert not (case.differs and case.unjudged), case.id
        for reason in (case.differs, case.unjudged):
            assert reason == "" or len(reason.split()) >= 6, (case.id, reason)


# -- through the command line, as a user runs it -----------------------------------------------

@pytest.mark.parametrize("case", damage.CASES[::3] if QUICK else damage.CASES, ids=CASE_IDS[::3] if QUICK else CASE_IDS)
def test_validate_reports_the_damage(case, built, request):
    pkg, where = built(case)
    args = ["validate", str(pkg.root)]
    if case.paper:
        request.getfixturevalue("paper")  # CI fails without the text; elsewhere the case skips
        args += ["--paper", str(default_source_path())]
    else:
        args.append("--no-paper")
    if case.process:  # a FIFO or a device opened by mistake would block: a subprocess with a timeout
        code, out, err = run_cli_process(*args, timeout=60)
    else:
        code, out, err = run_cli(*args)
    assert err == "" and "Traceback" not in out
    assert code == 1
    *lines, summary = out.splitlines()
    assert summary == f"invalid: {len(lines)} problem(s)"
    problems = []
    for line in lines:
        m = LINE.match(line)
        assert m, f"not file:row:field: message [kind]: {line!r}"
        problems.append(m)
        if m["row"] != "0":  # a row-level problem names a data file or the descriptor
            assert m["file"].endswith((".csv", "datapackage.json")), line
    kinds = {m["kind"] for m in problems}
    assert case.kind in kinds and set(case.also) <= kinds, kinds
    assert not set(case.absent) & kinds, [ln for ln in lines if LINE.match(ln)["kind"] in case.absent][:5]
    groups: dict = {}
    for m in problems:  # the report's bound: at most MAX_PROBLEMS_PER_GROUP per (file, field, kind)
        groups[(m["file"], m["field"], m["kind"])] = groups.get((m["file"], m["field"], m["kind"]), 0) + 1
    assert max(groups.values()) <= MAX_PROBLEMS_PER_GROUP
    assert where is not None
    at = [m for m in problems if m["kind"] == case.kind and m["file"] == where.file
          and (where.row is None or int(m["row"]) == where.row)
          and (where.field is None or m["field"] == where.field)]
    assert at, f"no {case.kind} problem at {where}: {lines[:5]}"


def test_validate_never_writes_into_a_damaged_package(built):
    import hashlib

    def digest(folder):
        return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}
    for case_id in ("crlf", "bom", "excel-semicolon", "column-reordered"):
        pkg, _ = built(damage.BY_ID[case_id])
        before = digest(pkg.root)
        assert run_cli("validate", str(pkg.root), "--no-paper")[0] == 1
        assert digest(pkg.root) == before


# -- against frictionless ----------------------------------------------------------------------

# frictionless takes 2-5 s a package: its verdict on each damaged package is kept, keyed by the
# SHA-256 of every file it reads and its version, in tests/frictionless_verdicts.json. A package
# whose bytes (or a frictionless version) it has not judged is validated for real, and the file
# gains the verdict when NRCDATA_RECORD_VERDICTS=1. test_recorded_verdicts_are_frictionless_own
# re-runs frictionless on a fixed sample to show the record is its own.
VERDICTS = ROOT / "tests" / "frictionless_verdicts.json"


def _package_digest(root: Path) -> str:
    import hashlib
    import frictionless
    h = hashlib.sha256(f"frictionless {frictionless.__version__}\n".encode())
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(root)).encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _frictionless_verdict(root: Path) -> str:
    import frictionless
    report = frictionless.validate(root / "datapackage.json")
    errors = [e.type for task in report.tasks for e in task.errors] + [e.type for e in report.errors]
    return "valid" if report.valid else f"invalid ({', '.join(sorted(set(errors)))})"


@pytest.fixture(scope="session")
def recorded():
    import json
    known = json.loads(VERDICTS.read_text(encoding="utf-8")) if VERDICTS.is_file() else {}
    yield known
    if os.environ.get("NRCDATA_RECORD_VERDICTS") == "1":
        VERDICTS.write_text(json.dumps(dict(sorted(known.items())), indent=1) + "\n", encoding="utf-8")


@pytest.fixture(scope="session")
def verdicts(built, request, recorded):
    """Case id -> (nrcdata verdict, frictionless verdict or None when not run), computed once."""
    pytest.importorskip("frictionless")
    cache = {}

    def get(case: damage.Case):
        if case.id not in cache:
            pkg, _ = built(case)
            paper = request.getfixturevalue("paper") if case.paper else None
            ours = "invalid" if check_package(pkg.root, paper)[1] else "valid"
            theirs = None
            if not case.unjudged:
                fpkg, _ = built(case, strip_file_facts=True)
                key = _package_digest(fpkg.root)
                if key not in recorded:
                    recorded[key] = _frictionless_verdict(fpkg.root)
                theirs = recorded[key]
            cache[case.id] = (ours, theirs)
        return cache[case.id]
    return get


@pytest.mark.parametrize("case_id", ["fk-claims-holder_id", "bom", "enum-bad", "blank-row", "edtf-impossible"])
def test_recorded_verdicts_are_frictionless_own(case_id, built, recorded):
    """The record holds what frictionless itself says of these exact bytes."""
    pytest.importorskip("frictionless")
    fpkg, _ = built(damage.BY_ID[case_id], strip_file_facts=True)
    assert recorded.get(_package_digest(fpkg.root), _frictionless_verdict(fpkg.root)) == \
        _frictionless_verdict(fpkg.root)


def _agrees(case, ours, theirs) -> bool:
    """What the corpus declares: the same verdict, or (with a reason) frictionless accepting what
    we reject."""
    if theirs is None:
        return bool(case.unjudged)
    return theirs == "valid" if case.differs else theirs.split()[0] == ours


def test_the_undamaged_copy_is_valid_for_both(package_copy):
    frictionless = pytest.importorskip("frictionless")
    assert check_package(package_copy)[1] == []
    damage.Package(package_copy).strip_file_facts()
    assert frictionless.validate(package_copy / "datapackage.json").valid


def test_agreement_table(verdicts, capsys):
    """The whole comparison, printed to the test output even without -s."""
    cases = damage.CASES[::5] if QUICK else damage.CASES
    rows = [(c.id, *verdicts(c)) for c in cases]
    width = max(len(r[0]) for r in rows)
    lines = [f"{'case':<{width}}  {'nrcdata':<8} {'frictionless':<44} agree  declared reason"]
    for case, (cid, ours, theirs) in zip(cases, rows):
        same = "-" if theirs is None else ("yes" if theirs.split()[0] == ours else "no")
        lines.append(f"{cid:<{width}}  {ours:<8} {_cut(theirs or 'not run', 44):<44} {same:<6} "
                     f"{case.differs or case.unjudged}")
    agree = sum(1 for _, o, t in rows if t and t.split()[0] == o)
    judged = sum(1 for _, _, t in rows if t)
    lines.append(f"{len(rows)} cases; frictionless run on {judged}, same verdict on {agree}, "
                 f"{judged - agree} deliberate disagreement(s) declared, {len(rows) - judged} not run")
    with capsys.disabled():
        sys.stdout.write("\n" + "\n".join(lines) + "\n")
    # every case: ours is "invalid", and frictionless gives the same verdict unless the corpus
    # declares why it differs
    wrong = [f"{c.id}: nrcdata says {o}, frictionless says {t}; "
             + (f"the corpus declares it differs: {c.differs}" if c.differs else "the corpus declares no disagreement")
             for c, (_, o, t) in zip(cases, rows) if o != "invalid" or not _agrees(c, o, t)]
    assert not wrong, "\n".join(wrong)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


# -- safety with a third-party datapackage.json -----------------------------------------------

_opened: list[str] = []
_sockets: list[str] = []
_watching = False


def _audit(event, args):
    if not _watching:
        return
    if event == "open" and not isinstance(args[0], int):  # an int is an fd already open
        _opened.append(os.fsdecode(args[0]))
    elif event.startswith("socket."):
        _sockets.append(event)


sys.addaudithook(_audit)  # audit hooks cannot be removed; _watching gates this one


UNSAFE_PATHS = {
    "dotdot": "../outside/claims.csv",
    "dotdot-inside": "data/../../outside/claims.csv",
    "absolute": None,  # the outside copy's absolute path, set in the test
    "url": "https://example.invalid/claims.csv",
    "file-url": "file:///etc/passwd",
    "home": "~/claims.csv",
    "windows-drive": "C:/outside/claims.csv",
}


@pytest.mark.parametrize("how", [*UNSAFE_PATHS, "symlink-file", "symlink-folder"])
def test_loading_never_reads_outside_or_fetches(how, package_copy, monkeypatch):
    global _watching
    pkg = damage.Package(package_copy)
    outside = damage._outside_copy(pkg, "claims")
    if how.startswith("symlink"):
        if how == "symlink-file":
            pkg.path("claims").unlink()
            pkg.path("claims").symlink_to(outside.resolve())
        else:  # the whole data folder is a link out of the package
            shutil.copytree(package_copy / "data", outside.parent / "data")
            shutil.rmtree(package_copy / "data")
            (package_copy / "data").symlink_to((outside.parent / "data").resolve())
    else:
        desc = pkg.descriptor()
        damage._resource(desc, "claims")[1]["path"] = UNSAFE_PATHS[how] or str(outside.resolve())
        pkg.write_descriptor(desc)

    def no_network(*args, **kwargs):
        raise AssertionError("nrcdata opened a socket")
    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    check_package(ROOT)  # warm up: imports done, so what is opened below is the package's doing
    _opened.clear(), _sockets.clear()
    _watching = True
    try:
        with pytest.raises(nrcdata.InvalidPackage) as e:
            nrcdata.load(package_copy)
    finally:
        _watching = False
    assert "unsafe-path" in {p.kind for p in e.value.problems}
    assert _sockets == []
    root = package_copy.resolve()
    read = [Path(p) for p in _opened]
    assert read, "the audit hook saw nothing: the test would prove nothing"
    assert all(p.resolve().is_relative_to(root) and p.resolve() != outside.resolve() for p in read), read
