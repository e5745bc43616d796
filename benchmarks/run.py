"""Side-by-side benchmark: nrcdata against `frictionless validate`, whole process, at several sizes.

    .venv/bin/python benchmarks/run.py                    # shipped + 1k, 10k, 100k, 1M claims
    .venv/bin/python benchmarks/run.py --sizes 1000,10000 --reps 5
    .venv/bin/python benchmarks/run.py --quick            # CI smoke run: small sizes, 1 rep

For each package (the shipped one, then synthetic ones written by ``benchmarks/synth.py``) it runs,
as separate processes and in alternating order (the order rotates every repetition):

* ``frictionless validate DIR/datapackage.json``            (the peer)
* ``nrcdata validate DIR --no-paper``
* ``python -c "import nrcdata; nrcdata.load(DIR)"``
* ``python -c "import nrcdata; nrcdata.dataframes(DIR)"``

and, on the shipped package only, ``python -c "import nrcdata; nrcdata.load()"`` (the 150 ms
target) with two baselines (``python -c pass`` and ``import nrcdata``). Where a CSV file is over
and ``nrcdata validate DIR --no-paper --executor python`` (the Python executor alone) beside the default
(``auto``: the columnar engine from 2 MB of CSV). The largest synthetic package is also measured
once more with one dangling reference (``--no-damaged`` skips it): frictionless and ``nrcdata
validate``, one repetition, to compare verdicts and the problems found.

Repetitions: 3 (``--reps``), 7 for packages under 50,000 rows (``--small-reps``), where noise
matters most. Each run's wall time (``time.perf_counter`` around the child, interpreter start
included), its CPU time and peak RSS (``ru_utime + ru_stime`` and ``ru_maxrss`` from ``os.wait4``
on that child), its exit status, verdict and the load average before it are kept;
the tables report the median over the repetitions, rows/s (data rows of all 16 tables / median
seconds), the speed ratio to frictionless (its median / ours: above 1 is faster) and RSS against
frictionless. ``benchmarks/RESULTS.md`` gets the results between its ``BEGIN run.py`` / ``END
run.py`` markers; the rest of that file is kept as it is.

By default the code measured is a clean snapshot of ``--rev HEAD`` (``git archive`` of src/,
schema/, data/ and datapackage.json into build/bench/), so results name one commit even while the
working tree changes; ``--rev worktree`` measures the working tree as it is.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shlex
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
DEFAULT_SIZES = (1_000, 10_000, 100_000, 1_000_000)
QUICK_SIZES = (200,)


# -- what is measured ---------------------------------------------------------------------------

@dataclass
class Tool:
    key: str
    label: str  # the command as a user types it
    argv: list[str]
    shipped_only: bool = False


def tools_for(pkg: Path, shipped: bool, py: str, bindir: Path, damaged: bool = False) -> list[Tool]:
    d = str(pkg)
    out = [
        Tool("frictionless", "frictionless validate DIR/datapackage.json",
             [str(bindir / "frictionless"), "validate", str(pkg / "datapackage.json")]),
        Tool("validate", "nrcdata validate DIR --no-paper", [str(bindir / "nrcdata"), "validate", d, "--no-paper"]),
    ]
    if damaged:  # the verdicts and problems are the point here, not load or DataFrames
        return out
    out += [
        Tool("validate-rows", "nrcdata validate DIR --no-paper --executor python",
             [str(bindir / "nrcdata"), "validate", d, "--no-paper", "--executor", "python"]),
        Tool("load", 'python -c "import nrcdata; nrcdata.load(DIR)"',
             [py, "-c", f"import nrcdata; nrcdata.load({d!r})"]),
        Tool("dataframes", 'python -c "import nrcdata; nrcdata.dataframes(DIR)"',
             [py, "-c", f"import nrcdata; nrcdata.dataframes({d!r})"]),
    ]
    if shipped:
        out += [
            Tool("load-default", 'python -c "import nrcdata; nrcdata.load()"',
                 [py, "-c", "import nrcdata; nrcdata.load()"], True),
            Tool("import", 'python -c "import nrcdata"', [py, "-c", "import nrcdata"], True),
            Tool("python", 'python -c "pass"', [py, "-c", "pass"], True),
        ]
    return out


def damaged_copy(pkg: Path) -> Path:
    """The package with one dangling reference: the first claim relation's target_id names a claim
    that does not exist (same length, so nothing else moves). Other files are hard links."""
    out = pkg.parent / f"{pkg.name}-damaged"
    if out.exists():
        import shutil
        shutil.rmtree(out)
    for src in sorted(pkg.rglob("*")):
        dest = out / src.relative_to(pkg)
        if src.is_dir():
            dest.mkdir(parents=True, exist_ok=True)
        elif src.name != "claim_relations.csv" and src.name != "datapackage.json":
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.link(src, dest)
    import shutil
    # streamed, so this process stays small: a child's peak RSS counts what it inherits at fork
    with open(pkg / "data" / "claim_relations.csv", "rb") as src, \
            open(out / "data" / "claim_relations.csv", "wb") as dest:
        header, first = src.readline(), src.readline()
        cells = first.rstrip(b"\n").split(b",")
        target = header.rstrip(b"\n").split(b",").index(b"target_id")
        cells[target] = b"C" + b"9" * (len(cells[target]) - 1)
        dest.write(header + b",".join(cells) + b"\n")
        shutil.copyfileobj(src, dest, 1 << 20)
    desc = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    for res in desc["resources"]:  # the descriptor's size and hash follow the edit, as a regenerated one would
        if res["name"] == "claim_relations":
            import hashlib
            with open(out / res["path"], "rb") as f:
                digest = hashlib.file_digest(f, "sha256")
            res["bytes"], res["hash"] = (out / res["path"]).stat().st_size, "sha256:" + digest.hexdigest()
    (out / "datapackage.json").write_text(json.dumps(desc, indent=2) + "\n", encoding="utf-8")
    return out


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
    damaged: bool = False


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


def verdict(tool: str, rc: int, stdout: str, stderr: str) -> str:
    if rc == -9:
        return "timeout"
    if tool in ("python", "import"):
        return "ok" if rc == 0 else f"error rc={rc}"
    if tool == "frictionless":
        if rc == 0 and "INVALID" not in stdout:
            return "valid"
        if "INVALID" not in stdout:
            return f"error rc={rc}: {stderr.strip()[-200:]}"
        kinds: dict[str, int] = {}
        at = []
        for m in re.finditer(r"^│ *(\S+) *│ *(\S+) *│ ([a-z][a-z-]+) +│", stdout, re.M):
            kinds[m.group(3)] = kinds.get(m.group(3), 0) + 1
            at.append(f"row {m.group(1)}")
        top = ", ".join(f"{k} x{n}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1])[:3])
        return f"invalid ({top}{'; ' + ', '.join(at[:3]) if at else ''})" if top else "invalid"
    if tool.startswith("validate"):
        last = stdout.strip().splitlines()[-1] if stdout.strip() else ""
        if rc == 0 and last.startswith("valid"):
            return "valid"
        if rc == 1 and last.startswith("invalid"):
            kinds: dict[str, int] = {}
            at = []
            for line in stdout.splitlines()[:-1]:
                m = re.search(r":(\d+):[^:]*: .*\[([a-z-]+)\]$", line)
                if m:
                    kinds[m.group(2)] = kinds.get(m.group(2), 0) + 1
                    at.append(f"row {m.group(1)}")
            top = ", ".join(f"{k} x{n}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1])[:3])
            return f"{last} ({top}{'; ' + ', '.join(at[:3]) if at else ''})"
        return f"error rc={rc}: {stderr.strip()[-200:]}"
    if rc == 0:
        return "ok"
    m = re.search(r"InvalidPackage: (\d+) problem\(s\)[^\n]*?first: ([^\n]{0,160})", stderr)
    if m:
        return f"InvalidPackage: {m.group(1)} problem(s); first: {m.group(2)}"
    return f"error rc={rc}: {stderr.strip().splitlines()[-1][:200] if stderr.strip() else ''}"


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
    """The synthetic package for ``claims`` (reused when its inputs are unchanged)."""
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


def package_info(label: str, pkg: Path, claims: int) -> Package:
    stamp = pkg / "SYNTH.json"
    rows = json.loads(stamp.read_text())["rows"] if stamp.is_file() else count_rows(pkg)
    sizes = csv_sizes(pkg)
    return Package(label, str(pkg), claims, sum(rows.values()), sum(sizes), max(sizes),
                   json.loads(stamp.read_text()).get("seconds") if stamp.is_file() else None, rows)


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
            "for n in ('pydantic', 'pydantic_core', 'pandas', 'numpy', 'frictionless', 'pyarrow', 'duckdb', 'polars'):\n"
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
    """{(package, tool): {median, min, max, rss, verdicts, ...}}"""
    out: dict = {}
    for p in packages:
        for key in tools:
            rs = [r for r in runs if r.package == p.label and r.tool == key]
            if not rs:
                continue
            secs = [r.seconds for r in rs]
            out[(p.label, key)] = {
                "median": statistics.median(secs), "min": min(secs), "max": max(secs), "n": len(rs),
                "cpu": statistics.median(r.cpu for r in rs),
                "rss_mb": statistics.median(r.maxrss_kb for r in rs) / 1024,
                "verdicts": sorted({r.verdict for r in rs}),
            }
    return out


def report(meta: dict, packages: list[Package], runs: list[Run], tools: dict[str, str]) -> str:
    s = summarize(packages, runs, tools)
    L: list[str] = []
    w = L.append
    w(BEGIN)
    w(f"_Generated by `{meta['command']}`, started {meta['machine']['date']}; do not edit between the markers._")
    w("")
    m = meta["machine"]
    w("### Machine and code")
    w("")
    w(f"- CPU: {m['cpu']}, {m['nproc']} CPUs available (nproc); RAM {m['ram']}; {m['os']}")
    w(f"- Python {m['python']}; " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()))
    w(f"- nrcdata {m['nrcdata']} measured from `{meta['code']}`")
    loads = [r.loadavg for r in runs]
    w(f"- {meta['reps']} repetition(s) per command ({max(meta['reps'], meta['small_reps'])} for packages under 50,000 "
      "rows unless --reps 1/--quick), order rotated each repetition; wall time is the whole process "
      "(interpreter start included); peak RSS is `ru_maxrss` of that process (`os.wait4`). "
      "Rows = data rows of all 16 tables. × frictionless = its median time / this median time (above 1: faster); "
      "rows/s and the ratios are left empty where the verdict is not valid (the command did not do the same job). "
      "Children run without PYTHON* variables (bytecode cached, as for an installed package).")
    if loads:
        w(f"- The machine was shared: 1-minute load average before a run {min(loads):.2f}-{max(loads):.2f} "
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
    w("Synthetic row counts per table:")
    w("")
    names = list(packages[-1].rows_by_table) if packages else []
    w("| table | " + " | ".join(p.label for p in packages) + " |")
    w("|---|" + "--:|" * len(packages))
    for n in names:
        w(f"| {n} | " + " | ".join(str(p.rows_by_table.get(n, "")) for p in packages) + " |")
    w("")
    w("### Results (median)")
    w("")
    w("| package | command | verdict | median | min-max | rows/s | × frictionless | CPU s | × frictionless (CPU) | peak RSS MB | RSS / frictionless |")
    w("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    for p in packages:
        base = s.get((p.label, "frictionless"))
        for key, label in tools.items():
            r = s.get((p.label, key))
            if not r:
                continue
            # rows/s and speed ratios only for a run that did the whole job (a valid verdict)
            done = key not in ("python", "import") and all(v in ("valid", "ok") for v in r["verdicts"])
            rate = p.rows / r["median"] if done else None
            ratio = base["median"] / r["median"] if base and done else None
            rss_ratio = r["rss_mb"] / base["rss_mb"] if base else None
            cpu_ratio = base["cpu"] / r["cpu"] if base and r["cpu"] and done else None
            w(f"| {p.label} | `{label}` | {'; '.join(r['verdicts'])} | {_fmt_s(r['median'])} | "
              f"{_fmt_s(r['min'])}-{_fmt_s(r['max'])} | {'' if rate is None else _fmt_rate(rate)} | "
              f"{'' if ratio is None else f'{ratio:.2f}'} | {r['cpu']:.2f} | "
              f"{'' if cpu_ratio is None else f'{cpu_ratio:.2f}'} | {r['rss_mb']:.0f} | "
              f"{'' if rss_ratio is None else f'{rss_ratio:.2f}'} |")
    w("")
    w("### Targets")
    w("")
    w("| target | measured | status |")
    w("|---|---|---|")
    for line in targets(packages, s):
        w(line)
    w("")
    w("### Raw runs")
    w("")
    w("<details><summary>every run, in the order run (wall and CPU seconds, peak RSS KiB, exit code, "
      "load average before it)</summary>")
    w("")
    w("| package | command | rep | wall s | CPU s | RSS KiB | rc | load avg |")
    w("|---|---|--:|--:|--:|--:|--:|--:|")
    for r in runs:
        w(f"| {r.package} | {r.tool} | {r.rep} | {r.seconds:.4f} | {r.cpu:.3f} | {r.maxrss_kb} | {r.rc} | "
          f"{r.loadavg:.2f} |")
    w("")
    w("</details>")
    w(END)
    return "\n".join(L) + "\n"


def targets(packages: list[Package], s: dict) -> list[str]:
    out = []

    def get(label, key):
        return s.get((label, key))

    f, v = get("shipped", "frictionless"), get("shipped", "validate")
    if f and v:
        ratio = f["median"] / v["median"]
        out.append(f"| shipped: `nrcdata validate` >= 3x faster than frictionless (whole process) | "
                   f"{ratio:.2f}x ({_fmt_s(v['median'])} vs {_fmt_s(f['median'])}) | "
                   f"{'met' if ratio >= 3 else 'NOT met'} |")
    ld = get("shipped", "load-default")
    if ld:
        out.append(f"| shipped: `import nrcdata; nrcdata.load()` within 150 ms | {_fmt_s(ld['median'])} | "
                   f"{'met' if ld['median'] <= 0.150 else 'NOT met'} |")
    big = [p for p in packages if p.claims >= 1_000_000 and not p.damaged]
    for p in big:
        f = get(p.label, "frictionless")
        for key in ("validate",):
            v = get(p.label, key)
            if not (f and v):
                continue
            same = v["verdicts"] == ["valid"] and f["verdicts"] == ["valid"]
            ratio = f["median"] / v["median"]
            out.append(f"| {p.label}: `{key}` >= 20x frictionless's rows/s, same verdict | {ratio:.2f}x; verdicts "
                       f"{'/'.join(v['verdicts'])} vs {'/'.join(f['verdicts'])} | "
                       f"{'met' if ratio >= 20 and same else 'NOT met'} |")
            rss = v["rss_mb"] / f["rss_mb"]
            out.append(f"| {p.label}: `{key}` peak RSS <= frictionless's | {v['rss_mb']:.0f} MB vs "
                       f"{f['rss_mb']:.0f} MB ({rss:.2f}x) | {'met' if rss <= 1 else 'NOT met'} |")
    hk = [p for p in packages if p.claims == 100_000]
    for p in big:
        for q in hk:
            for key in ("validate",):
                a, b = get(q.label, key), get(p.label, key)
                if not (a and b):
                    continue
                growth = b["median"] / a["median"]
                valid = b["verdicts"] == ["valid"]
                out.append(f"| `{key}` scales linearly, {q.label} -> {p.label} (<= 12x time for "
                           f"{p.rows / q.rows:.1f}x rows) | {growth:.1f}x{'' if valid else ' (not a valid verdict)'} | "
                           f"{'met' if growth <= 12 and valid else 'NOT met'} |")
            f1, f2 = get(q.label, "frictionless"), get(p.label, "frictionless")
            if f1 and f2:
                out.append(f"| (peer) `frictionless` {q.label} -> {p.label} | {f2['median'] / f1['median']:.1f}x | "
                           "for reference |")
    for p in [p for p in packages if p.damaged]:
        f, v = get(p.label, "frictionless"), get(p.label, "validate")
        if f and v:
            theirs, ours = f["verdicts"][0], v["verdicts"][0]
            same = theirs.startswith("invalid") and ours.startswith("invalid") and \
                _found(theirs) == _found(ours)
            out.append(f"| {p.label}: same verdict and problems as frictionless | frictionless: {theirs}; "
                       f"nrcdata: {ours} | {'met' if same else 'NOT met'} |")
    if not out:
        out.append("| (no target applies to the sizes run) | | |")
    return out


def _found(verdict: str) -> tuple:
    """The kinds with their counts and the rows named in a verdict string (see ``verdict``)."""
    inner = verdict[verdict.find("(") + 1:verdict.rfind(")")]
    return tuple(sorted(re.findall(r"[a-z-]+ x\d+|row \d+", inner)))


def markers(block_name: str) -> tuple[str, str]:
    if not block_name:
        return BEGIN, END
    return f"<!-- BEGIN run.py:{block_name} -->", f"<!-- END run.py:{block_name} -->"


def write_results(path: Path, block: str, block_name: str = "") -> None:
    begin, end = markers(block_name)
    if block_name:
        block = block.replace(BEGIN, begin, 1).replace(END, end, 1)
    BEGIN_, END_ = begin, end
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    if BEGIN_ in old and END_ in old:
        new = old[:old.index(BEGIN_)] + block.rstrip("\n") + old[old.index(END_) + len(END_):]
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
                   help="an existing package folder to measure instead of synthesizing (repeatable)")
    p.add_argument("--reps", type=int, help="repetitions per command (default 3; --quick: 1)")
    p.add_argument("--small-reps", type=int, default=7, help="repetitions for packages under 50,000 rows, "
                   "where noise matters most (default 7; never fewer than --reps)")
    p.add_argument("--quick", action="store_true", help="CI smoke run: small sizes only, 1 repetition")
    p.add_argument("--no-shipped", action="store_true", help="skip the shipped package")
    p.add_argument("--no-damaged", action="store_true", help="skip the largest package's damaged copy")
    p.add_argument("--only", help="comma-separated command keys to run (frictionless,validate,load,dataframes,...)")
    p.add_argument("--rev", default=None, help="git revision whose code and shipped data to measure "
                   "(default HEAD in a git checkout), or 'worktree' for the working tree as it is")
    p.add_argument("--results", type=Path, help="the Markdown file to write (default benchmarks/RESULTS.md; "
                   "--quick: build/bench/RESULTS-quick.md)")
    p.add_argument("--timeout", type=float, default=3600.0, help="seconds before a command is killed")
    p.add_argument("--workdir", type=Path, default=BUILD, help="where snapshots, synthetic packages, logs "
                   "and raw JSON go (default build/bench, which git ignores)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--fresh", action="store_true", help="regenerate synthetic packages even if cached")
    p.add_argument("--block", default="", help="name of the results block to (re)write, for keeping several "
                   "runs in one file: markers BEGIN run.py:NAME / END run.py:NAME (default: the unnamed block)")
    p.add_argument("--from-json", type=Path, help="only rewrite the report from a raw results JSON of an "
                   "earlier run (build/bench/results.json)")
    a = p.parse_args(argv)
    BUILD = a.workdir.resolve()
    if a.from_json:
        raw = json.loads(a.from_json.read_text())
        packages = [Package(**d) for d in raw["packages"]]
        runs = [Run(**d) for d in raw["runs"]]
        keys = list(dict.fromkeys(r.tool for r in runs))
        labels = {t.key: t.label for pk in packages
                  for t in tools_for(Path(pk.path), True, "python", Path("."))}
        out = a.results or HERE / "RESULTS.md"
        write_results(out, report(raw["meta"], packages, runs, {k: labels.get(k, k) for k in keys}), a.block)
        print(f"run: rewrote {out} from {a.from_json}")
        return 0

    reps = a.reps or (1 if a.quick else 3)
    sizes = [int(x) for x in a.sizes.split(",")] if a.sizes else list(QUICK_SIZES if a.quick else DEFAULT_SIZES)
    if a.package:
        sizes = []
    results = a.results or (BUILD / "RESULTS-quick.md" if a.quick else HERE / "RESULTS.md")
    if (ROOT / ".git").exists() and a.rev != "worktree" and results.resolve() == (HERE / "RESULTS.md").resolve() \
            and (a.quick or a.package):
        print("run: note: writing a --quick/--package run into benchmarks/RESULTS.md", file=sys.stderr)
    py = sys.executable
    bindir = Path(sys.executable).parent
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
        code = f"a clean snapshot of commit {sha[:12]} ({rev})"
        env = child_env(src_root)
    logs = BUILD / "logs"
    logs.mkdir(parents=True, exist_ok=True)

    mach = machine(py, env)
    packages: list[Package] = []
    if not a.no_shipped:
        packages.append(package_info("shipped", src_root, count_rows(src_root)["claims"]))
    for n in sizes:
        pkg = synth_package(n, src_root, env, py, a.seed, a.fresh)
        label = f"synthetic {n // 1_000_000}M" if n % 1_000_000 == 0 else \
            f"synthetic {n // 1000}k" if n % 1000 == 0 else f"synthetic {n}"
        packages.append(package_info(label, pkg, n))
    for pkg in a.package:
        pkg = pkg.resolve()
        packages.append(package_info(pkg.name, pkg, count_rows(pkg).get("claims", 0)))
    synthetic = [p for p in packages if p.label.startswith("synthetic")]
    if synthetic and not a.no_damaged:
        big = max(synthetic, key=lambda p: p.claims)
        bad = damaged_copy(Path(big.path))
        packages.append(Package(f"{big.label}, one dangling reference", str(bad), big.claims, big.rows, big.bytes,
                                big.largest_csv, None, big.rows_by_table, damaged=True))

    # one untimed warm-up: bytecode compiled, shipped files in the page cache
    for warm in ([py, "-c", "import nrcdata, nrcdata.validate, nrcdata.api, pandas"],
                 [str(bindir / "frictionless"), "validate", str(src_root / "datapackage.json")]):
        subprocess.run(warm, env=env, capture_output=True, cwd=tempfile.gettempdir())

    only = set(a.only.split(",")) if a.only else None
    all_tools: dict[str, str] = {}
    runs: list[Run] = []
    for pkg in packages:
        tools = tools_for(Path(pkg.path), pkg.label == "shipped", py, bindir, pkg.damaged)
        tools = [t for t in tools if only is None or t.key in only]
        for t in tools:
            all_tools.setdefault(t.key, t.label)
        n_reps = 1 if pkg.damaged else reps if a.quick or a.reps == 1 or pkg.rows >= 50_000 else max(reps, a.small_reps)
        for rep in range(n_reps):
            order = tools[rep % len(tools):] + tools[:rep % len(tools)] if tools else []
            for t in order:
                log = logs / f"{pkg.label.replace(' ', '-')}.{t.key}"  # the last repetition's output
                load1 = os.getloadavg()[0]
                secs, cpu, rss, rc, out, err = measure(t.argv, env, log, a.timeout)
                v = verdict(t.key, rc, out, err)
                runs.append(Run(pkg.label, t.key, rep + 1, secs, rss, rc, v, load1, cpu))
                print(f"{pkg.label:>14} {t.key:<16} rep {rep + 1}: {_fmt_s(secs):>9} (CPU {cpu:7.2f} s) "
                      f"{rss / 1024:7.0f} MB  load {load1:4.1f}  {v[:90]}",
                      flush=True)

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
