"""Side-by-side benchmark: nrcdata against `frictionless validate`, whole process, at every size
(issue 11, point 7).

    .venv/bin/python benchmarks/run.py                    # the full table (see RESULTS.md for its time)
    .venv/bin/python benchmarks/run.py --sizes 10000,100000 --damage-of 100000
    .venv/bin/python benchmarks/run.py --quick            # CI smoke run: tiny sizes, 1 repetition

Packages, each measured by separate processes in alternating order (the order rotates every
repetition):

* the shipped package: ``frictionless validate``, ``nrcdata validate`` (default executor, and
  ``--executor python``), ``load(DIR)``, ``dataframes(DIR)``, and ``python -c "import nrcdata;
  nrcdata.load()"`` beside its baselines ``python -c "import pydantic"``, ``python -c "import
  nrcdata"`` and ``python -c "pass"``, all in the same run;
* synthetic packages of ``--sizes`` claims (default 10k, 100k, 1M and 9,999,999, the most the
  claim ID pattern ``^C[0-9]{4,7}$`` allows: the "10M" step), written by ``synth.py`` under
  build/bench/ and reused while their fingerprint (synth.py, the template, the writer and the
  models) is unchanged. frictionless runs up to ``--frictionless-up-to`` claims (1M: at 10M it
  would take hours), ``--executor python`` and ``load(DIR)`` up to ``--python-up-to`` (100k),
  ``dataframes(DIR)`` up to 1M (at 10M it would hold every column, ~10 GB);
* copies of the ``--damage-of`` package (default 1M) with 1, 1,000 and 100,000 dangling foreign
  keys (``--dangling``): every k-th claim_relations row's target_id names a claim that does not
  exist (a distinct one each, so nothing else breaks), written by streaming, other files hard
  links, the descriptor's bytes and hash updated. nrcdata's problem count (listed lines plus what
  the "more-problems" lines count: the report lists at most 1,000 per file, field and kind) is
  compared with the number planted;
* a copy of the largest package with one bad key at the end of its largest table: claims.csv gets
  its first record again as its last (a duplicate primary key), ``nrcdata validate`` only.

Each run's wall time (``time.perf_counter`` around the child, interpreter start included), CPU
time and peak RSS (``ru_utime + ru_stime``, ``ru_maxrss`` from ``os.wait4``), exit status,
verdict, problems found and the load average before it are kept; the report gives medians, the
ratios the targets need, a targets table generated from them and a summary of where the targets
stand. ``benchmarks/RESULTS.md`` gets it between its ``BEGIN run.py`` / ``END run.py`` markers;
the rest of that file (the history of earlier runs) is kept as it is.

By default the code measured is a clean snapshot of ``--rev HEAD`` (``git archive`` of src/,
schema/, data/ and datapackage.json into build/bench/); ``--rev worktree`` measures the working
tree as it is.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
BUILD = ROOT / "build" / "bench"
BEGIN, END = "<!-- BEGIN run.py -->", "<!-- END run.py -->"
TEN_M = 9_999_999  # the most claims ^C[0-9]{4,7}$ allows
DEFAULT_SIZES = (10_000, 100_000, 1_000_000, TEN_M)
DEFAULT_DANGLING = (1, 1_000, 100_000)
QUICK_SIZES = (200, 2_000)
QUICK_DANGLING = (1, 20)
DAMAGED_ID_BASE = 2_000_000  # dangling claim IDs: C2000000, C2000001, ... (valid pattern, no such claim)


# -- what is measured ---------------------------------------------------------------------------

@dataclass
class Tool:
    key: str
    label: str  # the command as a user types it
    argv: list[str]


def tools_for(pkg: Path, kind: str, claims: int, py: str, bindir: Path, friction_up_to: int,
              python_up_to: int) -> list[Tool]:
    """kind: shipped, synthetic, dangling or badkey."""
    d = str(pkg)
    nrc = str(bindir / "nrcdata")
    out = []
    if kind != "badkey" and claims <= friction_up_to:
        out.append(Tool("frictionless", "frictionless validate DIR/datapackage.json",
                        [str(bindir / "frictionless"), "validate", str(pkg / "datapackage.json")]))
    out.append(Tool("validate", "nrcdata validate DIR --no-paper", [nrc, "validate", d, "--no-paper"]))
    if kind != "badkey" and claims <= python_up_to:
        out.append(Tool("validate-python", "nrcdata validate DIR --no-paper --executor python",
                        [nrc, "validate", d, "--no-paper", "--executor", "python"]))
    if kind in ("dangling", "badkey"):  # the verdicts and problems are the point here
        return out
    if claims <= python_up_to:
        out.append(Tool("load", 'python -c "import nrcdata; nrcdata.load(DIR)"',
                        [py, "-c", f"import nrcdata; nrcdata.load({d!r})"]))
    if claims <= 1_000_000:  # at 10M every column of every table in memory: ~10 GB
        out.append(Tool("dataframes", 'python -c "import nrcdata; nrcdata.dataframes(DIR)"',
                        [py, "-c", f"import nrcdata; nrcdata.dataframes({d!r})"]))
    if kind == "shipped":
        out += [
            Tool("load-default", 'python -c "import nrcdata; nrcdata.load()"', [py, "-c", "import nrcdata; nrcdata.load()"]),
            Tool("pydantic", 'python -c "import pydantic"', [py, "-c", "import pydantic"]),
            # the least any load() returning Pydantic objects does: the import target's floor
            Tool("basemodel", 'python -c "from pydantic import BaseModel"', [py, "-c", "from pydantic import BaseModel"]),
            Tool("floor", "python benchmarks/floor.py DIR", [py, str(HERE / "floor.py"), d]),
            Tool("import", 'python -c "import nrcdata"', [py, "-c", "import nrcdata"]),
            Tool("python", 'python -c "pass"', [py, "-c", "pass"]),
        ]
    return out


def _stamp_of(pkg: Path) -> str:
    stamp = pkg / "SYNTH.json"
    return hashlib.sha256(stamp.read_bytes()).hexdigest()[:16] if stamp.is_file() else "none"


def _copy_links(pkg: Path, out: Path, edited: str) -> None:
    """out: pkg's files as hard links, except ``data/edited`` and the descriptor."""
    if out.exists():
        shutil.rmtree(out)
    for src in sorted(pkg.rglob("*")):
        dest = out / src.relative_to(pkg)
        if src.is_dir():
            dest.mkdir(parents=True, exist_ok=True)
        elif src.relative_to(pkg).as_posix() not in (f"data/{edited}", "datapackage.json", "SYNTH.json"):
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.link(src, dest)


def _finish_copy(pkg: Path, out: Path, table: str, digest: str, info: dict) -> None:
    """The copy's descriptor with the edited file's size and hash, as a regenerated one would have."""
    desc = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    for res in desc["resources"]:
        if res["name"] == table:
            res["bytes"], res["hash"] = (out / res["path"]).stat().st_size, "sha256:" + digest
    (out / "datapackage.json").write_text(json.dumps(desc, indent=2) + "\n", encoding="utf-8")
    (out / "DAMAGE.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")


def in_child(func: str, *args) -> tuple[Path, int]:
    """``func(*args)`` of this module in a child process: this process's peak RSS stays what it
    was, and that matters, since each measured child's ``ru_maxrss`` starts from it (the child
    is forked from this process, and Linux carries the parent's high-water mark across exec)."""
    code = (f"import sys, json; sys.path.insert(0, {str(HERE)!r}); import run; from pathlib import Path; "
            f"out, n = run.{func}(Path({str(args[0])!r}), *json.loads({json.dumps(list(args[1:]))!r})); "
            "print(json.dumps([str(out), n]))")
    out, n = json.loads(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                       text=True).stdout)
    return Path(out), n


def dangling_copy(pkg: Path, n: int, fresh: bool = False) -> tuple[Path, int]:
    """pkg with ``n`` dangling foreign keys: every k-th data row of claim_relations (k = rows // n,
    the first data row first) gets a target_id naming no claim, a different one each (so no key
    or "a claim cannot act on itself" rule breaks). Streamed: this process stays small (a child's
    peak RSS counts what it inherits at fork). Returns (the copy, how many were planted)."""
    out = pkg.parent / f"{pkg.name}-dangling-{n}"
    key = {"base": _stamp_of(pkg), "asked": n, "version": 1}
    stamp = out / "DAMAGE.json"
    if not fresh and stamp.is_file():
        info = json.loads(stamp.read_text())
        if {k: info.get(k) for k in key} == key:
            return out, info["planted"]
    src_path = pkg / "data" / "claim_relations.csv"
    with open(src_path, "rb") as f:
        rows = sum(1 for _ in f) - 1
    claims = json.loads((pkg / "SYNTH.json").read_text())["rows"]["claims"] if (pkg / "SYNTH.json").is_file() else 0
    if claims >= DAMAGED_ID_BASE:
        raise SystemExit(f"dangling_copy: {claims} claims; the planted IDs C{DAMAGED_ID_BASE}... would exist")
    planted_max = min(n, rows)
    step = max(1, rows // max(planted_max, 1))
    _copy_links(pkg, out, "claim_relations.csv")
    h = hashlib.sha256()
    planted = 0
    with open(src_path, "rb") as src, open(out / "data" / "claim_relations.csv", "wb") as dest:
        header = src.readline()
        target = header.rstrip(b"\n").split(b",").index(b"target_id")
        h.update(header)
        dest.write(header)
        buf = []
        for i, line in enumerate(src):
            if planted < planted_max and i % step == 0:
                if b'"' in line:
                    raise SystemExit("dangling_copy: a quoted claim_relations record; this copier splits on commas")
                cells = line.rstrip(b"\n").split(b",")
                cells[target] = f"C{DAMAGED_ID_BASE + planted}".encode()
                line = b",".join(cells) + b"\n"
                planted += 1
            buf.append(line)
            if len(buf) >= 65536:
                chunk = b"".join(buf)
                h.update(chunk)
                dest.write(chunk)
                buf.clear()
        chunk = b"".join(buf)
        h.update(chunk)
        dest.write(chunk)
    _finish_copy(pkg, out, "claim_relations", h.hexdigest(), key | {"planted": planted, "table": "claim_relations",
                                                                    "field": "target_id", "every": step})
    return out, planted


def badkey_copy(pkg: Path, fresh: bool = False) -> tuple[Path, int]:
    """pkg with claims.csv's first record repeated as its last: one duplicate primary key, at the
    end of the largest table. Streamed. Returns (the copy, the table's data rows)."""
    out = pkg.parent / f"{pkg.name}-badkey"
    key = {"base": _stamp_of(pkg), "version": 1}
    stamp = out / "DAMAGE.json"
    if not fresh and stamp.is_file():
        info = json.loads(stamp.read_text())
        if {k: info.get(k) for k in key} == key:
            return out, info["rows"]
    _copy_links(pkg, out, "claims.csv")
    h = hashlib.sha256()
    rows = 0
    with open(pkg / "data" / "claims.csv", "rb") as src, open(out / "data" / "claims.csv", "wb") as dest:
        header = src.readline()
        first = src.readline()
        while first.count(b'"') % 2:  # a quoted cell with a line break: the record goes on
            first += src.readline()
        for piece in (header, first):
            h.update(piece)
            dest.write(piece)
        while chunk := src.read(1 << 22):
            h.update(chunk)
            dest.write(chunk)
        h.update(first)
        dest.write(first)
    with open(out / "data" / "claims.csv", "rb") as f:
        rows = sum(1 for _ in f) - 1  # lines; equal to records when no cell holds a line break
    _finish_copy(pkg, out, "claims", h.hexdigest(), key | {"rows": rows, "table": "claims"})
    return out, rows


@dataclass
class Run:
    package: str
    tool: str
    rep: int
    seconds: float
    maxrss_kb: int
    rc: int
    verdict: str
    loadavg: float = 0.0  # 1-minute load average just before the run (other work on the machine)
    cpu: float = 0.0  # user + system CPU seconds of the process: less sensitive to a busy machine
    found: dict[str, int] = field(default_factory=dict)  # problems by kind ("more-problems" counted in)


@dataclass
class Package:
    label: str
    path: str
    claims: int
    rows: int
    bytes: int
    largest_csv: int
    synth_seconds: float | None = None
    rows_by_table: dict[str, int] = field(default_factory=dict)
    kind: str = "synthetic"  # shipped, synthetic, dangling, badkey, given
    planted: int = 0  # dangling: foreign keys planted; badkey: 1
    base: str = ""  # dangling/badkey: the label of the package it is a copy of


def measure(argv: list[str], env: dict, log: Path, timeout: float) -> tuple[float, float, int, int, str, str]:
    """(wall seconds, CPU seconds, peak RSS KiB, exit code, stdout, stderr) of one child process."""
    with open(f"{log}.out", "w+b") as out, open(f"{log}.err", "w+b") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env,
                                cwd=tempfile.gettempdir())
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        _, status, ru = os.wait4(proc.pid, 0)  # blocks until this child ends: no polling error
        seconds = time.perf_counter() - t0
        timed_out = not timer.is_alive() and os.WIFSIGNALED(status) and os.WTERMSIG(status) == 9
        timer.cancel()
        proc.returncode = -9 if timed_out else os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return seconds, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, proc.returncode, out.read().decode("utf-8", "replace"), \
            err.read().decode("utf-8", "replace")


PROBLEM_LINE = re.compile(r"^(?P<file>[^:\n]+):(?P<row>\d+):(?P<field>[^:\n]*): (?P<msg>.*) \[(?P<kind>[a-z-]+)\]$", re.M)
MORE = re.compile(r"^(\d+) more ([a-z-]+) problem\(s\)")


def nrcdata_found(stdout: str) -> dict[str, int]:
    """Problems by kind in ``nrcdata validate``'s output, each "more-problems" line's count added
    to the kind it counts (so the total is every problem found, listed or not)."""
    found: dict[str, int] = {}
    for m in PROBLEM_LINE.finditer(stdout):
        kind = m.group("kind")
        more = MORE.match(m.group("msg"))
        if kind == "more-problems" and more:
            found[more.group(2)] = found.get(more.group(2), 0) + int(more.group(1))
        else:
            found[kind] = found.get(kind, 0) + 1
    return found


def frictionless_found(stdout: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for m in re.finditer(r"^│ *(\S+) *│ *(\S+) *│ ([a-z][a-z-]+) +│", stdout, re.M):
        found[m.group(3)] = found.get(m.group(3), 0) + 1
    return found


def _kinds(found: dict[str, int]) -> str:
    return ", ".join(f"{k} x{n}" for k, n in sorted(found.items(), key=lambda kv: -kv[1])[:3])


BASELINES = ("python", "import", "pydantic", "basemodel", "floor")  # commands that check nothing: verdict "ok"


def verdict(tool: str, rc: int, stdout: str, stderr: str) -> tuple[str, dict[str, int]]:
    if rc == -9:
        return "timeout", {}
    if tool in BASELINES:
        return ("ok" if rc == 0 else f"error rc={rc}"), {}
    if tool == "frictionless":
        if rc == 0 and "INVALID" not in stdout:
            return "valid", {}
        if "INVALID" not in stdout:
            return f"error rc={rc}: {stderr.strip()[-200:]}", {}
        found = frictionless_found(stdout)
        return (f"invalid ({_kinds(found)} listed)" if found else "invalid"), found
    if tool.startswith("validate"):
        last = stdout.strip().splitlines()[-1] if stdout.strip() else ""
        if rc == 0 and last.startswith("valid"):
            return "valid", {}
        if rc == 1 and last.startswith("invalid"):
            found = nrcdata_found(stdout)
            return f"invalid ({_kinds(found)} found)", found
        return f"error rc={rc}: {stderr.strip()[-200:]}", {}
    if rc == 0:
        return "ok", {}
    return f"error rc={rc}: {stderr.strip().splitlines()[-1][:200] if stderr.strip() else ''}", {}


# -- the code and packages measured -------------------------------------------------------------

def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True).stdout.strip()


def snapshot(rev: str) -> tuple[Path, str]:
    """A clean copy of rev's src/, schema/, data/ and datapackage.json: (its root, its sha)."""
    sha = git("rev-parse", rev)
    dest = BUILD / f"src-{sha[:12]}"
    if not (dest / "datapackage.json").is_file():
        dest.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", sha, "src", "schema", "data",
                                  "datapackage.json"], check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest, sha


def child_env(src_root: Path | None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "NRCDATA_"))}
    if src_root is not None:
        env["PYTHONPATH"] = str(src_root / "src")
    return env


def count_rows(pkg: Path) -> dict[str, int]:
    import csv
    desc = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    out = {}
    for res in desc["resources"]:
        with open(pkg / res["path"], encoding="utf-8", newline="") as f:
            out[res["name"]] = sum(1 for _ in csv.reader(f)) - 1
    return out


def csv_sizes(pkg: Path) -> list[int]:
    return [p.stat().st_size for p in (pkg / "data").glob("*.csv")]


def synth_package(claims: int, template: Path, env: dict, py: str, seed: int, fresh: bool) -> Path:
    """The synthetic package for ``claims``, reused when its fingerprint (synth.py, the template,
    the writer and models: ``synth.fingerprint``), seed and size are those it was written with."""
    out = BUILD / f"pkg-{claims}"
    key = subprocess.run([py, "-c", f"import sys; sys.path.insert(0, {str(HERE)!r}); import synth, pathlib; "
                          f"print(synth.fingerprint(pathlib.Path({str(template)!r})))"],
                         env=env, check=True, capture_output=True, text=True).stdout.strip()
    stamp = out / "SYNTH.json"
    if not fresh and stamp.is_file():
        info = json.loads(stamp.read_text())
        if info.get("fingerprint") == key and info.get("seed") == seed and info.get("claims") == claims:
            return out
    subprocess.run([py, str(HERE / "synth.py"), "--claims", str(claims), "--out", str(out),
                    "--template", str(template), "--seed", str(seed)], env=env, check=True)
    info = json.loads(stamp.read_text())
    info["fingerprint"] = key
    stamp.write_text(json.dumps(info, indent=2) + "\n")
    return out


def package_info(label: str, pkg: Path, claims: int, kind: str) -> Package:
    stamp = pkg / "SYNTH.json"
    rows = json.loads(stamp.read_text())["rows"] if stamp.is_file() else count_rows(pkg)
    sizes = csv_sizes(pkg)
    return Package(label, str(pkg), claims, sum(rows.values()), sum(sizes), max(sizes),
                   json.loads(stamp.read_text()).get("seconds") if stamp.is_file() else None, rows, kind)


def size_label(n: int) -> str:
    if n == TEN_M:
        return "synthetic 10M"
    return f"synthetic {n // 1_000_000}M" if n % 1_000_000 == 0 else \
        f"synthetic {n // 1000}k" if n % 1000 == 0 else f"synthetic {n}"


# -- machine and versions -----------------------------------------------------------------------

def machine(py: str, env: dict) -> dict:
    info: dict = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}
    info["nproc"] = len(os.sched_getaffinity(0))
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info["cpu"] = cpu or platform.processor() or platform.machine()
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        info["ram"] = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        info["ram"] = "?"
    info["os"] = platform.platform()
    code = ("import sys, importlib.metadata as m, nrcdata, json; v = {}\n"
            "for n in ('pydantic', 'pydantic_core', 'pandas', 'numpy', 'frictionless', 'pyarrow'):\n"
            "    try: v[n] = m.version(n)\n"
            "    except m.PackageNotFoundError: v[n] = 'not installed'\n"
            "print(json.dumps({'python': sys.version.split()[0], 'nrcdata': nrcdata.__version__, "
            "'nrcdata_path': nrcdata.__file__, 'versions': v}))")
    info |= json.loads(subprocess.run([py, "-c", code], env=env, check=True, capture_output=True, text=True).stdout)
    return info


# -- report -------------------------------------------------------------------------------------

def _fmt_s(s: float) -> str:
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


def _fmt_rate(r: float) -> str:
    return f"{r / 1e6:.2f} M" if r >= 1e6 else f"{r / 1e3:.1f} k" if r >= 1e3 else f"{r:.0f}"


def summarize(packages: list[Package], runs: list[Run], tools: dict[str, str]) -> dict:
    """{(package, tool): {median, min, max, cpu, rss_mb, verdicts, found}}"""
    out: dict = {}
    for p in packages:
        for key in tools:
            rs = [r for r in runs if r.package == p.label and r.tool == key]
            if not rs:
                continue
            secs = [r.seconds for r in rs]
            founds = [r.found for r in rs]
            out[(p.label, key)] = {
                "median": statistics.median(secs), "min": min(secs), "max": max(secs), "n": len(rs),
                "cpu": statistics.median(r.cpu for r in rs),
                "rss_mb": statistics.median(r.maxrss_kb for r in rs) / 1024,
                "max_rss_mb": max(r.maxrss_kb for r in rs) / 1024,
                "verdicts": sorted({r.verdict for r in rs}),
                "found": founds[0] if all(f == founds[0] for f in founds) else None,  # None: runs disagree
            }
    return out


def _cpu(a: dict, b: dict) -> str:
    """The same ratio in CPU seconds (a / b), less sensitive to other work on the machine."""
    return f"; CPU {a['cpu'] / b['cpu']:.1f}x" if a.get("cpu") and b.get("cpu") else ""


MET, NOT_MET, UNMEASURED = "met", "**NOT met**", "not measured in this run"


def targets(packages: list[Package], s: dict) -> list[tuple[str, str, str]]:
    """(target, measured, status) for every target of issue 11 point 7, measured or not."""
    out: list[tuple[str, str, str]] = []

    def get(label, key):
        return s.get((label, key))

    def valid(r):
        return r is not None and r["verdicts"] == ["valid"]

    f, v = get("shipped", "frictionless"), get("shipped", "validate")
    t = "shipped: `nrcdata validate` >= 4x faster than `frictionless validate`"
    if f and v:
        ratio = f["median"] / v["median"]
        out.append((t, f"{ratio:.2f}x ({_fmt_s(v['median'])} vs {_fmt_s(f['median'])}){_cpu(f, v)}",
                    MET if ratio >= 4 and valid(v) and valid(f) else NOT_MET))
    else:
        out.append((t, "", UNMEASURED))
    ld, pd = get("shipped", "load-default"), get("shipped", "pydantic")
    t = '`python -c "import nrcdata; nrcdata.load()"` <= 1.6x `python -c "import pydantic"` (same run)'
    if ld and pd:
        ratio = ld["median"] / pd["median"]
        floors = [(get("shipped", "basemodel"), "`from pydantic import BaseModel` alone"),
                  (get("shipped", "floor"), "`benchmarks/floor.py` (one Pydantic object per row, nothing checked)")]
        floor = "".join(f"; {name}: {r['median'] / pd['median']:.2f}x" for r, name in floors if r)
        out.append((t, f"{ratio:.2f}x ({_fmt_s(ld['median'])} vs {_fmt_s(pd['median'])}){_cpu(ld, pd)}{floor}",
                    MET if ratio <= 1.6 and ld["verdicts"] == ["ok"] else NOT_MET))
    else:
        out.append((t, "", UNMEASURED))

    one_m = next((p for p in packages if p.kind == "synthetic" and p.claims == 1_000_000), None)
    lab = one_m.label if one_m else "synthetic 1M"
    f, v = get(lab, "frictionless"), get(lab, "validate")
    t1 = "1M claims, valid: `nrcdata validate` >= 20x faster than frictionless, both valid"
    t2 = "1M claims, valid: `nrcdata validate` peak RSS <= frictionless's"
    if f and v:
        ratio = f["median"] / v["median"]
        out.append((t1, f"{ratio:.1f}x ({_fmt_s(v['median'])} vs {_fmt_s(f['median'])}){_cpu(f, v)}; "
                    f"{'/'.join(v['verdicts'])} vs {'/'.join(f['verdicts'])}",
                    MET if ratio >= 20 and valid(v) and valid(f) else NOT_MET))
        out.append((t2, f"{v['rss_mb']:.0f} MB vs {f['rss_mb']:.0f} MB ({v['rss_mb'] / f['rss_mb']:.2f}x)",
                    MET if v["rss_mb"] <= f["rss_mb"] else NOT_MET))
    else:
        out += [(t1, "", UNMEASURED), (t2, "", UNMEASURED)]

    damaged = [p for p in packages if p.kind == "dangling"]
    for p in damaged:
        base = next((q for q in packages if q.label == p.base), None)
        f, v, b = get(p.label, "frictionless"), get(p.label, "validate"), get(p.base, "validate")
        name = f"{p.base}, {p.planted:,} dangling foreign key{'s' if p.planted != 1 else ''}"
        if v:
            found = v["found"] or {}
            total = sum(found.values())
            others = {k: n for k, n in found.items() if k != "foreign-key"}
            ok = found.get("foreign-key") == p.planted and not others
            out.append((f"{name}: every problem reported", f"{found.get('foreign-key', 0):,} foreign-key problem(s) "
                        f"found of {p.planted:,} planted" + (f"; other kinds: {_kinds(others)}" if others else "")
                        + ("" if v["found"] is not None else "; repetitions disagree"),
                        MET if ok and v["found"] is not None and total == p.planted else NOT_MET))
        else:
            out.append((f"{name}: every problem reported", "", UNMEASURED))
        t = f"{name}: <= 2x the valid package's time"
        if v and b:
            ratio = v["median"] / b["median"]
            out.append((t, f"{ratio:.2f}x ({_fmt_s(v['median'])} vs {_fmt_s(b['median'])}){_cpu(v, b)}",
                        MET if ratio <= 2 else NOT_MET))
        else:
            out.append((t, "", UNMEASURED))
        t = f"{name}: >= 10x faster than frictionless on the same copy"
        if v and f:
            ratio = f["median"] / v["median"]
            ff = f["found"] or {}
            out.append((t, f"{ratio:.1f}x ({_fmt_s(v['median'])} vs {_fmt_s(f['median'])}){_cpu(f, v)} (frictionless lists "
                        f"{sum(ff.values()):,} problem(s))", MET if ratio >= 10 else NOT_MET))
        else:
            out.append((t, "", UNMEASURED))
        del base
    if not damaged:
        out.append(("1M claims with 1, 1,000 and 100,000 dangling foreign keys", "", UNMEASURED))

    # scaling: each 10x step of the synthetic sizes
    sizes = sorted((p for p in packages if p.kind == "synthetic"), key=lambda p: p.claims)
    steps = [(a, b) for a, b in zip(sizes, sizes[1:]) if a.claims >= 100_000]
    for a, b in steps:
        ra, rb = get(a.label, "validate"), get(b.label, "validate")
        t = f"time linear, {a.label} -> {b.label} (time ratio <= 1.2 x row ratio)"
        if ra and rb:
            growth, rows = rb["median"] / ra["median"], b.rows / a.rows
            out.append((t, f"{growth:.1f}x time for {rows:.1f}x rows ({growth / rows * 10:.1f}x per 10x rows); "
                        f"RSS {ra['rss_mb']:.0f} -> {rb['rss_mb']:.0f} MB",
                        MET if growth <= 1.2 * rows and valid(ra) and valid(rb) else NOT_MET))
        else:
            out.append((t, "", UNMEASURED))
    if not any(b.claims >= TEN_M for _, b in steps):
        out.append(("time linear, 100k -> 1M -> 10M claims", "", UNMEASURED))
    ten = next((p for p in sizes if p.claims >= TEN_M), None)
    t = "10M claims, valid: peak RSS <= 2 GB (memory bounded)"
    r = get(ten.label, "validate") if ten else None
    out.append((t, f"{r['max_rss_mb']:.0f} MB (largest of {r['n']} runs); {'/'.join(r['verdicts'])}", MET
                if r["max_rss_mb"] <= 2048 and valid(r) else NOT_MET) if r else (t, "", UNMEASURED))
    bad = next((p for p in packages if p.kind == "badkey"), None)
    t = "a 10M-row table with one bad key at its end: reported, peak RSS <= 2 GB"
    r = get(bad.label, "validate") if bad else None
    if r and bad:
        found = r["found"] or {}
        ok = found == {"primary-key": 1}
        big = bad.rows_by_table.get("claims", 0)
        out.append((t + ("" if big >= 10_000_000 else f" (measured on {big:,} rows, not 10M)"),
                    f"{_kinds(found) or 'nothing'} found; {r['max_rss_mb']:.0f} MB; {_fmt_s(r['median'])}",
                    MET if ok and r["max_rss_mb"] <= 2048 and big >= 10_000_000 else
                    NOT_MET if not ok or r["max_rss_mb"] > 2048 else "met at this size; 10M not measured"))
    else:
        out.append((t, "", UNMEASURED))
    return out


def report(meta: dict, packages: list[Package], runs: list[Run], tools: dict[str, str]) -> str:
    s = summarize(packages, runs, tools)
    rows = targets(packages, s)
    L: list[str] = []
    w = L.append
    w(BEGIN)
    w(f"_Generated by `{meta['command']}`, started {meta['machine']['date']}; do not edit between the markers._")
    w("")
    m = meta["machine"]
    loads = [r.loadavg for r in runs]
    w("### Where the targets stand")
    w("")
    met = sum(st == MET for _, _, st in rows)
    missed = [t for t, _, st in rows if st == NOT_MET]
    unmeasured = [t for t, _, st in rows if st == UNMEASURED]
    other = [t for t, _, st in rows if st not in (MET, NOT_MET, UNMEASURED)]
    w(f"{met} of {len(rows)} targets met, {len(missed)} not met, {len(unmeasured)} not measured in this run"
      + (f", {len(other)} met only at a smaller size" if other else "") + ".")
    if loads:
        w(f"Load average before the runs: {min(loads):.2f}-{max(loads):.2f} (median {statistics.median(loads):.2f}) "
          f"on {m['nproc']} CPUs{' (a busy machine: times are inflated, ratios less so)' if statistics.median(loads) > m['nproc'] * 0.6 else ''}.")
    for t in missed:
        w(f"- not met: {t}")
    for t in other:
        w(f"- at a smaller size only: {t}")
    if unmeasured:
        w(f"- not measured: {'; '.join(unmeasured)}")
    w("")
    w("### Targets")
    w("")
    w("| target | measured | status |")
    w("|---|---|---|")
    for t, meas, st in rows:
        w(f"| {t} | {meas} | {st} |")
    w("")
    w("### Machine and code")
    w("")
    w(f"- CPU: {m['cpu']}, {m['nproc']} CPUs available (nproc); RAM {m['ram']}; {m['os']}")
    w(f"- Python {m['python']}; " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()))
    w(f"- nrcdata {m['nrcdata']} measured from {meta['code']}")
    w(f"- {meta['reps']} repetition(s) per command ({max(meta['reps'], meta['small_reps'])} for packages under 50,000 "
      "rows unless --reps 1/--quick), order rotated each repetition; wall time is the whole process "
      "(interpreter start included); peak RSS is `ru_maxrss` of that process (`os.wait4`). "
      "Rows = data rows of all tables. x frictionless = its median time / this median time (above 1: faster); "
      "rows/s and the ratio are left empty where the verdict is not valid. `nrcdata validate` without "
      "`--executor` chooses Arrow from 2 MB of CSV. Children run without PYTHON* variables.")
    if loads:
        w(f"- 1-minute load average before a run: {min(loads):.2f}-{max(loads):.2f} "
          f"(median {statistics.median(loads):.2f}) on {m['nproc']} CPUs; medians damp, but do not remove, that noise.")
    w("")
    w("### Packages")
    w("")
    w("| package | claims | rows | CSV MB | largest CSV MB | synthesis |")
    w("|---|--:|--:|--:|--:|--:|")
    for p in packages:
        w(f"| {p.label} | {p.claims} | {p.rows} | {p.bytes / 1e6:.1f} | {p.largest_csv / 1e6:.1f} | "
          f"{'' if p.synth_seconds is None else f'{p.synth_seconds:.1f} s'} |")
    w("")
    w("### Results (median)")
    w("")
    w("| package | command | verdict | median | min-max | rows/s | x frictionless | CPU s | peak RSS MB | RSS / frictionless |")
    w("|---|---|---|--:|--:|--:|--:|--:|--:|--:|")
    for p in packages:
        base = s.get((p.label, "frictionless"))
        for key, label in tools.items():
            r = s.get((p.label, key))
            if not r:
                continue
            done = key not in BASELINES and all(v in ("valid", "ok") for v in r["verdicts"])
            damaged = p.kind in ("dangling", "badkey")
            rate = p.rows / r["median"] if done else None
            ratio = base["median"] / r["median"] if base and (done or damaged) and key != "frictionless" else \
                1.0 if base and key == "frictionless" else None
            rss_ratio = r["rss_mb"] / base["rss_mb"] if base else None
            w(f"| {p.label} | `{label}` | {'; '.join(r['verdicts'])} | {_fmt_s(r['median'])} | "
              f"{_fmt_s(r['min'])}-{_fmt_s(r['max'])} | {'' if rate is None else _fmt_rate(rate)} | "
              f"{'' if ratio is None else f'{ratio:.2f}'} | {r['cpu']:.2f} | {r['rss_mb']:.0f} | "
              f"{'' if rss_ratio is None else f'{rss_ratio:.2f}'} |")
    w("")
    sizes = sorted((p for p in packages if p.kind == "synthetic"), key=lambda p: p.claims)
    if len(sizes) > 1:
        w("### Scaling (`nrcdata validate DIR --no-paper`, valid synthetic packages)")
        w("")
        w("| package | rows | median | rows/s | peak RSS MB | time ratio to the previous | row ratio |")
        w("|---|--:|--:|--:|--:|--:|--:|")
        prev = None
        for p in sizes:
            r = s.get((p.label, "validate"))
            if not r:
                continue
            w(f"| {p.label} | {p.rows} | {_fmt_s(r['median'])} | {_fmt_rate(p.rows / r['median'])} | "
              f"{r['rss_mb']:.0f} | {'' if prev is None else format(r['median'] / prev[1]['median'], '.2f')} | "
              f"{'' if prev is None else format(p.rows / prev[0].rows, '.2f')} |")
            prev = (p, r)
        w("")
    w("### Raw runs")
    w("")
    w("<details><summary>every run, in the order run (wall and CPU seconds, peak RSS KiB, exit code, "
      "load average before it, problems found)</summary>")
    w("")
    w("| package | command | rep | wall s | CPU s | RSS KiB | rc | load avg | found |")
    w("|---|---|--:|--:|--:|--:|--:|--:|---|")
    for r in runs:
        w(f"| {r.package} | {r.tool} | {r.rep} | {r.seconds:.4f} | {r.cpu:.3f} | {r.maxrss_kb} | {r.rc} | "
          f"{r.loadavg:.2f} | {', '.join(f'{k} {n}' for k, n in sorted(r.found.items()))} |")
    w("")
    w("</details>")
    w(END)
    return "\n".join(L) + "\n"


def markers(block_name: str) -> tuple[str, str]:
    if not block_name:
        return BEGIN, END
    return f"<!-- BEGIN run.py:{block_name} -->", f"<!-- END run.py:{block_name} -->"


def write_results(path: Path, block: str, block_name: str = "") -> None:
    begin, end = markers(block_name)
    if block_name:
        block = block.replace(BEGIN, begin, 1).replace(END, end, 1)
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    if begin in old and end in old:
        new = old[:old.index(begin)] + block.rstrip("\n") + old[old.index(end) + len(end):]
    else:
        new = (old.rstrip("\n") + "\n\n" if old else "# nrcdata benchmark results\n\n") + block
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new if new.endswith("\n") else new + "\n", encoding="utf-8")


# -- main ---------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    global BUILD
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", help="claims per synthetic package, comma-separated "
                   f"(default {','.join(map(str, DEFAULT_SIZES))}; --quick: {','.join(map(str, QUICK_SIZES))})")
    p.add_argument("--package", action="append", type=Path, default=[],
                   help="an existing package folder to measure as well (repeatable)")
    p.add_argument("--reps", type=int, help="repetitions per command (default 3; --quick: 1)")
    p.add_argument("--small-reps", type=int, default=7, help="repetitions for packages under 50,000 rows, "
                   "where noise matters most (default 7; never fewer than --reps)")
    p.add_argument("--quick", action="store_true", help="CI smoke run: tiny sizes, 1 repetition")
    p.add_argument("--no-shipped", action="store_true", help="skip the shipped package")
    p.add_argument("--damage-of", type=int, help="claims of the synthetic package the dangling copies are made "
                   "of (default 1,000,000, or the largest size run under 2,000,000); 0: none")
    p.add_argument("--dangling", help="dangling foreign keys per damaged copy, comma-separated "
                   f"(default {','.join(map(str, DEFAULT_DANGLING))}; --quick: {','.join(map(str, QUICK_DANGLING))})")
    p.add_argument("--damaged-reps", type=int, help="repetitions for the damaged copies (default: as --reps)")
    p.add_argument("--no-badkey", action="store_true", help="skip the largest package's copy with one bad key at "
                   "the end of claims.csv")
    p.add_argument("--frictionless-up-to", type=int, default=1_000_000, help="largest claims frictionless runs on "
                   "(default 1,000,000)")
    p.add_argument("--python-up-to", type=int, default=100_000, help="largest claims `--executor python` and "
                   "load(DIR) run on (default 100,000)")
    p.add_argument("--only", help="comma-separated command keys to run (frictionless,validate,validate-python,"
                   "load,dataframes,load-default,pydantic,basemodel,floor,import,python)")
    p.add_argument("--rev", default=None, help="git revision whose code and shipped data to measure "
                   "(default HEAD in a git checkout), or 'worktree' for the working tree as it is")
    p.add_argument("--results", type=Path, help="the Markdown file to write (default benchmarks/RESULTS.md; "
                   "--quick: build/bench/RESULTS-quick.md)")
    p.add_argument("--timeout", type=float, default=3600.0, help="seconds before a command is killed")
    p.add_argument("--workdir", type=Path, default=BUILD, help="where snapshots, synthetic packages, logs "
                   "and raw JSON go (default build/bench, which git ignores)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--fresh", action="store_true", help="regenerate synthetic packages and copies even if cached")
    p.add_argument("--block", default="", help="name of the results block to (re)write: markers "
                   "BEGIN run.py:NAME / END run.py:NAME (default: the unnamed block)")
    p.add_argument("--from-json", type=Path, help="only rewrite the report from a raw results JSON of an "
                   "earlier run (build/bench/results.json)")
    a = p.parse_args(argv)
    BUILD = a.workdir.resolve()
    py = sys.executable
    bindir = Path(sys.executable).parent
    if a.from_json:
        raw = json.loads(a.from_json.read_text())
        packages = [Package(**d) for d in raw["packages"]]
        runs = [Run(**d) for d in raw["runs"]]
        labels = {t.key: t.label for pk in packages for t in
                  tools_for(Path(pk.path), pk.kind if pk.kind != "given" else "synthetic", 0, py, bindir, 1, 1)}
        labels |= {t.key: t.label for t in tools_for(Path("DIR"), "shipped", 0, py, bindir, 1, 1)}
        keys = list(dict.fromkeys(r.tool for r in runs))
        out = a.results or HERE / "RESULTS.md"
        write_results(out, report(raw["meta"], packages, runs, {k: labels.get(k, k) for k in keys}), a.block)
        print(f"run: rewrote {out} from {a.from_json}")
        return 0

    reps = a.reps or (1 if a.quick else 3)
    sizes = [int(x) for x in a.sizes.split(",") if x] if a.sizes is not None else \
        list(QUICK_SIZES if a.quick else DEFAULT_SIZES)
    dangling = [int(x) for x in a.dangling.split(",") if x] if a.dangling is not None else \
        list(QUICK_DANGLING if a.quick else DEFAULT_DANGLING)
    results = a.results or (BUILD / "RESULTS-quick.md" if a.quick else HERE / "RESULTS.md")
    rev = a.rev or ("HEAD" if (ROOT / ".git").exists() else "worktree")
    if rev == "worktree":
        src_root, code = ROOT, f"the working tree at {ROOT}"
        try:
            dirty = git("status", "--porcelain", "--untracked-files=no", "src")
            code += f" (HEAD {git('rev-parse', '--short', 'HEAD')}{', src/ modified' if dirty else ''})"
        except (subprocess.CalledProcessError, FileNotFoundError):
            pass
        env = child_env(None)
    else:
        src_root, sha = snapshot(rev)
        code = f"a clean snapshot of commit `{sha[:12]}` ({rev})"
        env = child_env(src_root)
    logs = BUILD / "logs"
    logs.mkdir(parents=True, exist_ok=True)

    mach = machine(py, env)
    packages: list[Package] = []
    if not a.no_shipped:
        packages.append(package_info("shipped", src_root, count_rows(src_root)["claims"], "shipped"))
    for n in sizes:
        pkg = synth_package(n, src_root, env, py, a.seed, a.fresh)
        packages.append(package_info(size_label(n), pkg, n, "synthetic"))
    for pkg in a.package:
        pkg = pkg.resolve()
        packages.append(package_info(pkg.name, pkg, count_rows(pkg).get("claims", 0), "given"))
    synthetic = [p for p in packages if p.kind == "synthetic"]
    damage_of = a.damage_of if a.damage_of is not None else \
        (1_000_000 if 1_000_000 in sizes else max([n for n in sizes if n < DAMAGED_ID_BASE], default=0))
    base = next((p for p in synthetic if p.claims == damage_of), None)
    if damage_of and base is None:
        raise SystemExit(f"run: --damage-of {damage_of}: no synthetic package of that size in --sizes")
    if base is not None:
        for n in dangling:
            bad, planted = in_child("dangling_copy", Path(base.path), n, a.fresh)
            packages.append(Package(f"{base.label}, {planted:,} dangling", str(bad), base.claims, base.rows,
                                    base.bytes, base.largest_csv, None, base.rows_by_table, "dangling", planted,
                                    base.label))
    if synthetic and not a.no_badkey:
        big = max(synthetic, key=lambda p: p.claims)
        bad, rows = in_child("badkey_copy", Path(big.path), a.fresh)
        packages.append(Package(f"{big.label}, claims.csv with a bad key at its end", str(bad), big.claims,
                                big.rows + 1, big.bytes, big.largest_csv, None, big.rows_by_table | {"claims": rows},
                                "badkey", 1, big.label))

    # one untimed warm-up: bytecode compiled, shipped files in the page cache
    for warm in ([py, "-c", "import nrcdata, nrcdata.checking, nrcdata.loading, pyarrow.csv, pandas"],
                 [str(bindir / "frictionless"), "validate", str(src_root / "datapackage.json")]):
        subprocess.run(warm, env=env, capture_output=True, cwd=tempfile.gettempdir())

    only = set(a.only.split(",")) if a.only else None
    all_tools: dict[str, str] = {}
    runs: list[Run] = []
    for pkg in packages:
        kind = "synthetic" if pkg.kind == "given" else pkg.kind
        tools = tools_for(Path(pkg.path), kind, pkg.claims, py, bindir, a.frictionless_up_to, a.python_up_to)
        tools = [t for t in tools if only is None or t.key in only]
        for t in tools:
            all_tools.setdefault(t.key, t.label)
        n_reps = reps if a.quick or a.reps == 1 or pkg.rows >= 50_000 else max(reps, a.small_reps)
        if pkg.kind in ("dangling", "badkey") and a.damaged_reps:
            n_reps = a.damaged_reps
        for rep in range(n_reps):
            order = tools[rep % len(tools):] + tools[:rep % len(tools)] if tools else []
            for t in order:
                log = logs / f"{pkg.label.replace(' ', '-').replace(',', '')}.{t.key}"  # the last repetition's output
                load1 = os.getloadavg()[0]
                secs, cpu, rss, rc, out, err = measure(t.argv, env, log, a.timeout)
                v, found = verdict(t.key, rc, out, err)
                runs.append(Run(pkg.label, t.key, rep + 1, secs, rss, rc, v, load1, cpu, found))
                print(f"{pkg.label[:40]:>40} {t.key:<16} rep {rep + 1}: {_fmt_s(secs):>9} (CPU {cpu:7.2f} s) "
                      f"{rss / 1024:7.0f} MB  load {load1:4.1f}  {v[:80]}", flush=True)
        # what has been measured so far, for --from-json should the run be stopped
        (BUILD / "results-partial.json").write_text(json.dumps({
            "meta": {"machine": mach, "code": code, "reps": reps, "small_reps": a.small_reps,
                     "command": "python benchmarks/run.py " + " ".join(shlex.quote(x) for x in (argv or sys.argv[1:]))
                     + " (stopped: partial)"},
            "packages": [asdict(q) for q in packages if any(r.package == q.label for r in runs)],
            "runs": [asdict(r) for r in runs]}, indent=1) + "\n")

    meta = {"machine": mach, "code": code, "reps": reps, "small_reps": a.small_reps,
            "command": "python benchmarks/run.py " + " ".join(shlex.quote(x) for x in (argv or sys.argv[1:]))}
    block = report(meta, packages, runs, all_tools)
    write_results(results, block, a.block)
    raw = BUILD / ("results-quick.json" if a.quick else f"results{'-' + a.block if a.block else ''}.json")
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_text(json.dumps({"meta": meta, "packages": [asdict(p) for p in packages],
                               "runs": [asdict(r) for r in runs]}, indent=1) + "\n")
    print(f"run: wrote {results} (raw: {raw})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
