"""Where the time of `nrcdata validate` and `nrcdata.load()` goes, at 10k claims (by default).

    .venv/bin/python benchmarks/profiling.py                 # 10k claims, code of HEAD
    .venv/bin/python benchmarks/profiling.py --claims 1000 --rev worktree --columnar 1000000

Writes its findings into ``benchmarks/RESULTS.md`` between the ``BEGIN profiling.py`` / ``END
profiling.py`` markers (the rest of the file is kept):

1. import cost (``python -X importtime``, median of 5): nrcdata, and what it pulls in;
2. stage timings of one validation, measured in a fresh process by calling the library's own
   functions in the order ``check_package`` does: read the CSV files (``csvio.read_rows``), turn
   cells into Python values (``validate._convert``), ``model_validate`` per row, key checks, rule
   checks, then ``load()``'s Dataset, and what ``dataframes()`` adds; with the process's RSS;
3. a cProfile of ``check_package`` (validate) and of ``load()``, functions grouped by stage;
4. with ``--columnar N``: how long a columnar engine (pyarrow, already in the venv) takes to read
   the same package and run the same kinds of checks vectorized, as evidence for the plan.
   It is a feasibility probe, not a validator.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import run as bench  # noqa: E402

BEGIN, END = "<!-- BEGIN profiling.py -->", "<!-- END profiling.py -->"

STAGES = r'''
import gc, json, sys, time, re
t0 = time.perf_counter()
from pathlib import Path

def rss():
    out = {}
    for line in open("/proc/self/status"):
        if line.startswith(("VmRSS", "VmHWM")):
            out[line.split(":")[0]] = int(line.split()[1]) // 1024
    return out

import nrcdata
t_import = time.perf_counter() - t0
import importlib
V = importlib.import_module("nrcdata.validate")  # nrcdata.validate the attribute is the function api.validate
csvio, api = importlib.import_module("nrcdata.csvio"), importlib.import_module("nrcdata.api")
from nrcdata.models import TABLES, MODELS
pkg = Path(sys.argv[1])
out = {"import nrcdata": t_import, "rss": {"after import": rss()}}

# 1 read: the CSV files into (line, cells)
t = time.perf_counter()
desc = V.resolve(pkg)
problems = []
paths = V._descriptor(desc, problems)
raw = {}
for model in TABLES:
    name = model.__table__.name
    raw[name] = csvio.read_rows(pkg / paths[name], paths[name])
out["read CSV (csvio.read_rows)"] = time.perf_counter() - t
out["rss"]["after read"] = rss()

# 2 cells -> checked Python values: per-field checks compiled once (cells.check_row, from 5482ab3)
#   or, before that, validate._convert per cell (+ check_cell where present), then 3 the row objects
check_row = getattr(V, "check_row", None)
values_of = {}
t = time.perf_counter()
if check_row is not None:
    for model in TABLES:
        name = model.__table__.name
        values_of[name] = [check_row(model, cells)[0] for line, cells in raw[name][1]]
    out["cells -> checked values (cells.check_row, compiled per field)"] = time.perf_counter() - t
else:
    check_cell = getattr(V, "check_cell", None)
    for model in TABLES:
        name = model.__table__.name
        header, rows, _ = raw[name]
        fields = model.model_fields
        names = list(fields)
        vals = []
        for line, cells in rows:
            d = {}
            for n, c in zip(names, cells):
                if check_cell is not None:
                    check_cell(c, fields[n])
                d[n] = V._convert(c, fields[n])
            vals.append(d)
        values_of[name] = vals
    out["cells -> values (_convert" + (", check_cell" if check_cell else "") + ")"] = time.perf_counter() - t

t = time.perf_counter()
for name, vals in values_of.items():
    [MODELS[name].model_construct(**d) for d in vals]
out["model_construct per row" + (" (what parse_table builds)" if check_row else " (for scale: no validation)")] = \
    time.perf_counter() - t
t = time.perf_counter()
objs = {name: [MODELS[name].model_validate(d) for d in vals] for name, vals in values_of.items()}
out["model_validate per row" + (" (for scale: no longer run)" if check_row else " (what parse_table runs)")] = \
    time.perf_counter() - t
out["rss"]["after model objects"] = rss()
del objs, values_of, raw
gc.collect()

# the library's own pipeline, stage by stage
t = time.perf_counter()
parsed = V.parse_package(pkg)
out["parse_package (1+2+3 as the library does them)"] = time.perf_counter() - t
out["rss"]["after parse_package"] = rss()
t = time.perf_counter()
kp = V.check_keys(parsed)
out["check_keys (PK + FK on raw cells)"] = time.perf_counter() - t
t = time.perf_counter()
rp = V.check_rules(parsed)
out["check_rules (EDTF, row rules)"] = time.perf_counter() - t
if hasattr(V, "_check_note_targets"):
    t = time.perf_counter()
    V._check_note_targets(parsed)
    out["  of which, if called by check_rules: _check_note_targets"] = time.perf_counter() - t
t = time.perf_counter()
probs = sorted(set(list(parsed.problems) + kp + rp))
out["sort problems"] = time.perf_counter() - t
t = time.perf_counter()
rows = {name: [r for _, r in parsed.rows.get(name, [])] for name in MODELS}
ds = api.Dataset(parsed.root, rows, api._version(parsed.root))
out["load(): build Dataset"] = time.perf_counter() - t
out["rss"]["after Dataset"] = rss()
out["problems"] = len(probs)
out["rows"] = sum(len(v) for v in rows.values())
del ds, rows, parsed
gc.collect()

t = time.perf_counter()
import pandas
out["import pandas"] = time.perf_counter() - t
t = time.perf_counter()
nrcdata.dataframe("claims", pkg)
out["dataframe('claims') (one load() + one table)"] = time.perf_counter() - t
t = time.perf_counter()
nrcdata.load(pkg)
out["load() alone"] = time.perf_counter() - t
out["rss"]["end"] = rss()
print(json.dumps(out))
'''

CPROFILE = r'''
import cProfile, pstats, json, sys, io
from pathlib import Path
import nrcdata
from nrcdata.validate import check_package
pkg = Path(sys.argv[1]); what = sys.argv[2]
pr = cProfile.Profile()
pr.enable()
if what == "validate":
    check_package(pkg)
else:
    nrcdata.load(pkg)
pr.disable()
st = pstats.Stats(pr)
rows = []
for (file, line, func), (cc, nc, tt, ct, callers) in st.stats.items():
    rows.append([file, line, func, nc, tt, ct])
print(json.dumps({"total": st.total_tt, "rows": rows}))
'''

# function -> stage, first match wins (file part, function part)
GROUPS = [
    ("csv parsing (csv.reader, decode, read_rows)", [("csvio.py", ""), ("~", "_csv.reader"), ("~", "decode"),
                                                     ("~", "read_bytes"), ("~", "'read' of"), ("~", "__next__")]),
    ("pydantic core validation (validate_python)", [("~", "validate_python")]),
    ("Row._clean_text field validator (Python, per cell)", [("models.py", "_clean_text")]),
    ("note targets (_check_note_targets and its per-note set of keys)", [("validate.py", "_check_note_targets"),
                                                                         ("validate.py", "<setcomp>")]),
    ("building rows (model_construct)", [("main.py", "model_construct")]),
    ("cell checks and conversion (cells.py; or _convert, check_cell, base_type)", [("cells.py", ""),
                                                                  ("validate.py", "_convert"), ("validate.py", "check_cell"),
                                                                  ("enum.py", "__new__"), ("enum.py", "__call__"),
                                                                  ("validate.py", "_pattern"), ("schema.py", ""),
                                                                  ("typing.py", ""), ("~", "'match' of"),
                                                                  ("~", "isinstance"), ("~", "get_args"), ("~", "get_origin"),
                                                                  ("~", "fromisoformat"), ("~", "'strip' of"),
                                                                  ("~", "'startswith' of"), ("~", "<genexpr>")]),
    ("parse_table loop (zip/dict per row, model_validate wrapper)", [("validate.py", "parse_table"),
                                                                     ("main.py", "model_validate")]),
    ("pydantic Python side per row (private attribute defaults)", [("/pydantic/", "")]),
    ("check_keys", [("validate.py", "check_keys")]),
    ("check_rules + EDTF", [("validate.py", "check_rules"), ("validate.py", "_check_edtf"), ("edtf.py", ""),
                            ("validate.py", "_edtf_bounds")]),
    ("Dataset build (load only)", [("api.py", "__init__"), ("main.py", "__setattr__"), ("~", "'__setattr__'")]),
    ("sorting / set of problems", [("~", "sorted"), ("errors.py", "")]),
]


def group_of(file: str, func: str) -> str:
    for name, pats in GROUPS:
        for fpat, fn in pats:
            if fpat == "~":
                if file == "~" and fn in func:
                    return name
            elif (fpat in file if fpat.startswith("/") else file.endswith(fpat)) and fn in func:
                return name
    return "other (imports, descriptor, Python overhead)"


def importtime(py: str, env: dict, code: str, n: int = 5) -> dict[str, float]:
    """Median cumulative import time (ms) per module over n runs."""
    runs: dict[str, list[float]] = {}
    for _ in range(n):
        err = subprocess.run([py, "-X", "importtime", "-c", code], env=env, capture_output=True, text=True,
                             check=True).stderr
        for line in err.splitlines():
            m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
            if m:
                runs.setdefault(m.group(4), []).append(int(m.group(2)) / 1000)
    return {k: statistics.median(v) for k, v in runs.items()}


def columnar(py: str, env: dict, pkg: Path) -> dict:
    code = textwrap.dedent(r'''
        import json, sys, time
        t0 = time.perf_counter()
        import pyarrow as pa, pyarrow.csv as pcsv, pyarrow.compute as pc
        from pathlib import Path
        out = {"import pyarrow": time.perf_counter() - t0}
        pkg = Path(sys.argv[1])
        desc = json.loads((pkg / "datapackage.json").read_text())
        t = time.perf_counter()
        tables, schemas = {}, {}
        for res in desc["resources"]:
            schema = json.loads((pkg / res["schema"]).read_text())
            schemas[res["name"]] = schema
            cols = {f["name"]: pa.string() for f in schema["fields"]}
            tables[res["name"]] = pcsv.read_csv(pkg / res["path"], convert_options=pcsv.ConvertOptions(
                column_types=cols, strings_can_be_null=False, quoted_strings_can_be_null=False))
        out["read all CSV as text (pyarrow.csv)"] = time.perf_counter() - t
        t = time.perf_counter()
        bad = 0
        for name, tb in tables.items():
            for f in schemas[name]["fields"]:
                col = tb[f["name"]]
                c = f.get("constraints", {})
                present = pc.not_equal(col, "")
                if c.get("required"):
                    bad += pc.sum(pc.invert(present)).as_py() or 0
                if "pattern" in c:
                    ok = pc.match_substring_regex(col, c["pattern"])
                    bad += pc.sum(pc.and_(present, pc.invert(ok))).as_py() or 0
                if "enum" in c:
                    ok = pc.is_in(col, value_set=pa.array(c["enum"]))
                    bad += pc.sum(pc.and_(present, pc.invert(ok))).as_py() or 0
                if "maxLength" in c:
                    bad += pc.sum(pc.greater(pc.utf8_length(col), c["maxLength"])).as_py() or 0
                if f["type"] == "integer":
                    ints = pc.cast(pc.if_else(present, col, None), pa.int64())
                    if "minimum" in c:
                        bad += pc.sum(pc.less(ints, c["minimum"])).as_py() or 0
                    if "maximum" in c:
                        bad += pc.sum(pc.greater(ints, c["maximum"])).as_py() or 0
                if f["type"] == "date":
                    pc.strptime(pc.if_else(present, col, None), format="%Y-%m-%d", unit="s")
                # the row-level text rules: no edge spaces, no formula start, no control character
                if f["type"] == "string":
                    bad += pc.sum(pc.match_substring_regex(col, r"^[\s=+\-@]|\s$|[\x00-\x1f]")).as_py() or 0
        out["types, required, pattern, enum, length, range, text rules (vectorized)"] = time.perf_counter() - t
        t = time.perf_counter()
        for name, tb in tables.items():
            pk = schemas[name]["primaryKey"]
            if len(pk) == 1:
                bad += len(tb) - pc.count_distinct(tb[pk[0]]).as_py()
            else:
                bad += len(tb) - len(tb.group_by(pk).aggregate([]))
            for fk in schemas[name].get("foreignKeys", []):
                ref = fk["reference"].get("resource") or name
                target = tables[ref][fk["reference"]["fields"][0]]
                col = tb[fk["fields"][0]]
                missing = pc.and_(pc.not_equal(col, ""), pc.invert(pc.is_in(col, value_set=target)))
                bad += pc.sum(missing).as_py() or 0
        out["primary keys + foreign keys (vectorized)"] = time.perf_counter() - t
        out["problems found"] = bad
        out["rows"] = sum(len(t) for t in tables.values())
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM"):
                out["peak RSS MB"] = int(line.split()[1]) // 1024
        print(json.dumps(out))
    ''')
    proc = subprocess.run([py, "-c", code, str(pkg)], env=env, capture_output=True, text=True)
    if proc.returncode:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"rc {proc.returncode}"}
    return json.loads(proc.stdout)


def median_dicts(ds: list[dict]) -> dict:
    out = {}
    for k in ds[0]:
        if isinstance(ds[0][k], (int, float)):
            out[k] = statistics.median(d[k] for d in ds)
        else:
            out[k] = ds[-1][k]
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--claims", type=int, default=10_000)
    p.add_argument("--rev", default=None, help="git revision to profile (default HEAD), or 'worktree'")
    p.add_argument("--reps", type=int, default=3, help="repetitions of the stage timings (median)")
    p.add_argument("--columnar", type=int, action="append", default=[],
                   help="also probe a columnar engine on the synthetic package of this many claims (repeatable)")
    p.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    p.add_argument("--workdir", type=Path, default=bench.BUILD)
    p.add_argument("--block", default="", help="name of the block to (re)write: markers BEGIN profiling.py:NAME")
    a = p.parse_args(argv)
    bench.BUILD = a.workdir.resolve()
    py = sys.executable
    rev = a.rev or ("HEAD" if (ROOT / ".git").exists() else "worktree")
    if rev == "worktree":
        src_root, code = ROOT, "the working tree"
        env = bench.child_env(None)
    else:
        src_root, sha = bench.snapshot(rev)
        code, env = f"a clean snapshot of commit {sha[:12]} ({rev})", bench.child_env(src_root)
    pkg = bench.synth_package(a.claims, src_root, env, py, 7, False)
    info = bench.package_info(f"synthetic {a.claims} claims", pkg, a.claims)

    imp = importtime(py, env, "import nrcdata")
    imp_load = importtime(py, env, "import nrcdata, nrcdata.validate, nrcdata.api; nrcdata.load()", 3)
    wall = {}
    for code_ in ("pass", "from pydantic import BaseModel, Field, ConfigDict", "import nrcdata.models",
                  "import nrcdata", "import nrcdata; nrcdata.load()", "import pandas", "import pyarrow.csv, pyarrow.compute"):
        times = []
        for _ in range(7):
            times.append(bench.measure([py, "-c", code_], env, bench.BUILD / "logs" / "profile-import", 120)[0] * 1000)
        wall[code_] = statistics.median(times)

    stages = []
    for _ in range(a.reps):
        proc = subprocess.run([py, "-c", STAGES, str(pkg)], env=env, capture_output=True, text=True)
        if proc.returncode:
            raise SystemExit(proc.stderr)
        stages.append(json.loads(proc.stdout))
    st = median_dicts(stages)

    prof = {}
    for what in ("validate", "load"):
        proc = subprocess.run([py, "-c", CPROFILE, str(pkg), what], env=env, capture_output=True, text=True)
        if proc.returncode:
            raise SystemExit(proc.stderr)
        prof[what] = json.loads(proc.stdout)

    col = {n: columnar(py, env, bench.synth_package(n, src_root, env, py, 7, False)) for n in a.columnar}

    begin, end = (BEGIN, END) if not a.block else (f"<!-- BEGIN profiling.py:{a.block} -->",
                                                   f"<!-- END profiling.py:{a.block} -->")
    L: list[str] = [begin, f"_Generated by `python benchmarks/profiling.py {' '.join(argv or sys.argv[1:])}` on "
                           f"{bench.machine(py, env)['date']}, code: {code}; package: {info.label} "
                           f"({info.rows} rows, {info.bytes / 1e6:.1f} MB). Do not edit between the markers._", ""]
    w = L.append
    w("#### Import cost")
    w("")
    w("Whole process, median of 7 (`python -c CODE`), and what it adds to an empty interpreter:")
    w("")
    w("| code | ms | over `pass` |")
    w("|---|--:|--:|")
    base = wall["pass"]
    for code_, ms in wall.items():
        w(f"| `{code_}` | {ms:.0f} | {ms - base:.0f} |")
    w("")
    w("Inside `import nrcdata` (`python -X importtime`, cumulative ms, median of 5; pydantic imports lazily, "
      "so most of its cost shows under `nrcdata.models`):")
    w("")
    w("| module | ms |")
    w("|---|--:|")
    for mod in ("nrcdata", "nrcdata.models", "nrcdata.vocab", "nrcdata.errors", "nrcdata.api", "nrcdata.export",
                "nrcdata.cite", "nrcdata.schema", "nrcdata.validate", "nrcdata.text"):
        for table in (imp, imp_load):
            if mod in table:
                w(f"| `{mod}` | {table[mod]:.0f} |")
                break
    w("")
    w(f"#### Stages of one validation and load, in-process (median of {a.reps}; seconds)")
    w("")
    w("| stage | s | share of validate |")
    w("|---|--:|--:|")
    total = st["parse_package (1+2+3 as the library does them)"] + st["check_keys (PK + FK on raw cells)"] + \
        st["check_rules (EDTF, row rules)"] + st["sort problems"]
    for k, v in st.items():
        if isinstance(v, float):
            share = f"{v / total * 100:.0f}%" if k in ("parse_package (1+2+3 as the library does them)",
                                                       "check_keys (PK + FK on raw cells)",
                                                       "check_rules (EDTF, row rules)", "sort problems") else ""
            w(f"| {k} | {v:.3f} | {share} |")
    w(f"| **validate after import (parse_package + keys + rules + sort)** | **{total:.3f}** | 100% |")
    w("")
    w(f"Rows: {st['rows']}; problems: {st['problems']}. RSS (MB, current / peak) at each point: " +
      "; ".join(f"{k} {v.get('VmRSS')}/{v.get('VmHWM')}" for k, v in st["rss"].items()) + ".")
    w("")
    for what, pr in prof.items():
        groups: dict[str, float] = {}
        for file, line, func, nc, tt, ct in pr["rows"]:
            g = group_of(file, func)
            groups[g] = groups.get(g, 0.0) + tt
        tot = sum(groups.values())
        w(f"#### cProfile of `{'check_package(DIR)' if what == 'validate' else 'nrcdata.load(DIR)'}`: "
          f"own time by stage ({tot:.2f} s under the profiler)")
        w("")
        w("| stage | s | share |")
        w("|---|--:|--:|")
        for g, v in sorted(groups.items(), key=lambda kv: -kv[1]):
            w(f"| {g} | {v:.2f} | {v / tot * 100:.0f}% |")
        w("")
        w("<details><summary>top 15 functions by own time</summary>")
        w("")
        w("| function | calls | own s | cumulative s |")
        w("|---|--:|--:|--:|")
        for file, line, func, nc, tt, ct in sorted(pr["rows"], key=lambda r: -r[4])[:15]:
            where = f"{Path(file).name}:{line}" if file != "~" else "builtin"
            w(f"| `{func}` ({where}) | {nc} | {tt:.3f} | {ct:.3f} |")
        w("")
        w("</details>")
        w("")
    if col:
        w("#### Columnar probe (pyarrow, already installed): the same kinds of checks, vectorized")
        w("")
        w("| claims | " + " | ".join(str(n) for n in col) + " |")
        w("|---|" + "--:|" * len(col))
        keys = [k for k in next(iter(col.values())) if k != "error"]
        for k in keys:
            w(f"| {k} | " + " | ".join(
                (f"{c[k]:.3f}" if isinstance(c.get(k), float) else str(c.get(k, ""))) for c in col.values()) + " |")
        for n, c in col.items():
            if "error" in c:
                w(f"| error at {n} | {c['error']} |")
        w("")
    w(end)
    block = "\n".join(L) + "\n"
    old = a.results.read_text(encoding="utf-8") if a.results.is_file() else "# nrcdata benchmark results\n"
    if begin in old and end in old:
        new = old[:old.index(begin)] + block.rstrip("\n") + old[old.index(end) + len(end):]
    else:
        new = old.rstrip("\n") + "\n\n" + block
    a.results.write_text(new, encoding="utf-8")
    print(block)
    return 0


if __name__ == "__main__":
    sys.exit(main())
