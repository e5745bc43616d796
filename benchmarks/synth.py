"""Write a synthetic nrcdata package of any size, for benchmarks.

    python benchmarks/synth.py --claims 10000 --out build/bench/pkg-10000

The package has the project's own shape: ``schema/`` copied from the template package (the
repository by default), ``data/*.csv`` regenerated with the project's CSV writer
(``nrcdata.csvio.to_csv_text``) and ``datapackage.json`` regenerated with
``nrcdata.schema.datapackage`` (so ``bytes`` and ``hash`` match), then marked as synthetic. Both
``frictionless validate DIR/datapackage.json`` and ``nrcdata validate DIR --no-paper`` should judge
it valid (``benchmarks/run.py`` records both verdicts).

How rows are made:

* Every row starts from a row of the same table in the template package, so text lengths, Unicode,
  CSV quoting and the rules that tie fields of a row together (EDTF date and its bounds, voice and
  holder, area and area role, topic group and outcome, area outcome and quote) are those of real,
  valid data. Quotes are therefore real quotes, but at rows that do not match them: they are
  checked against the paper only with the paper's text, and benchmarks run with ``--no-paper``.
* Identifiers and every reference between scaled tables are regenerated; every foreign key is
  populated where the template row has it, and points at an existing row; so does a note's
  ``concerns_table``/``concerns_id`` link (a reference to any table, checked by nrcdata only).
* Row counts scale with the template's ratios to its claims (events ~0.21 N, claim_relations
  ~0.6 N, claim_sources ~0.4 N, actors ~0.12 N, ...), at least one row each. Tables the schema
  bounds stay bounded: sections (12), sources (footnotes 1-74) and phases (phase1-3) are copied
  as they are; countries stop at 676 (ISO alpha-2 ``^[A-Z]{2}$``) and source_items at 74 x 26
  (``^fn[0-9]{1,2}[a-z]$``). Paragraph numbers (1-104) and anchor footnotes (1-74) come from the
  template rows.
* Identifiers must fit the copied schema's patterns: ``--claims`` larger than the pattern allows
  (``^C[0-9]{4}$`` and ``^E[0-9]{3}$`` before commit 00b3c9d: 9,999 claims, 999 events) stops
  with an error naming the pattern, unless ``--widen-ids`` rewrites the copy's ID patterns to
  ``^C[0-9]{4,7}$``, ``^E[0-9]{3,7}$``, ``^M[0-9]{3,7}$``, ``^N[0-9]{3,7}$`` (what the repository's
  schema says since 00b3c9d). ``nrcdata validate`` takes patterns from its models, not from the
  package's ``schema/``, so it judges such a copy by the models of the code that runs it.

Deterministic: the same template, --claims and --seed give byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import json
import random
import re
import shutil
import string
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SYNTH_VERSION = 2  # bump when the generated data changes for the same inputs
CHUNK = 50_000  # rows per call of the project's CSV writer

# tables copied from the template as they are: the schema (or the paper) fixes their size
FIXED = ("sections", "sources", "phases")
# caps the schema's patterns put on a table's size
CAPS = {"countries": 26 * 26, "source_items": 74 * 26}


def _read_table(root: Path, name: str) -> tuple[list[str], list[dict[str, str]]]:
    with open(root / "data" / f"{name}.csv", encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _width(count: int, minimum: int) -> int:
    return max(minimum, len(str(count)))


def _ids(prefix: str, count: int, minimum_digits: int) -> list[str]:
    w = _width(count, minimum_digits)
    return [f"{prefix}{k:0{w}d}" for k in range(1, count + 1)]


def _links(rng: random.Random, n_links: int, n_parents: int, n_choices: int, exclude_self: bool):
    """n_links distinct (parent index, choice index) pairs, parents spread at random, sorted.
    With exclude_self, choices index the same list as parents and never equal the parent."""
    if n_parents == 0 or n_choices <= int(exclude_self):
        return []
    span = n_choices - 1 if exclude_self else n_choices
    n_links = min(n_links, n_parents * span)
    order = list(range(n_parents))
    rng.shuffle(order)
    base = [rng.randrange(span) for _ in range(n_parents)]
    out = []
    for k in range(n_links):
        parent = order[k % n_parents]
        r = k // n_parents  # round: the parent's r-th link, each to a different choice
        off = (base[parent] + r) % span
        choice = (parent + 1 + off) % n_choices if exclude_self else off
        out.append((parent, choice))
    out.sort()
    return out


def _country_codes(count: int) -> list[str]:
    return ["".join(p) for p in itertools.islice(itertools.product(string.ascii_uppercase, repeat=2), count)]


def plan_counts(template_counts: dict[str, int], claims: int) -> dict[str, int]:
    """Rows per table for ``claims`` claims: the template's ratios, at least 1, within the caps."""
    base = template_counts["claims"]
    counts = {}
    for name, n in template_counts.items():
        if name in FIXED:
            counts[name] = n
        elif name == "claims":
            counts[name] = claims
        else:
            counts[name] = min(CAPS.get(name, 10**12), max(1, round(claims * n / base)))
    return counts


WIDENED = {r"^C[0-9]{4}$": r"^C[0-9]{4,7}$", r"^E[0-9]{3}$": r"^E[0-9]{3,7}$",
           r"^M[0-9]{3}$": r"^M[0-9]{3,7}$", r"^N[0-9]{3}$": r"^N[0-9]{3,7}$"}


def widen_ids(schema_dir: Path) -> list[str]:
    """Rewrite the ID patterns of a schema copy (Table Schemas and JSON Schemas); the files changed."""
    from nrcdata.schema import dumps

    def walk(node):
        if isinstance(node, dict):
            return {k: (WIDENED.get(v, v) if k == "pattern" and isinstance(v, str) else walk(v)) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    changed = []
    for path in sorted(schema_dir.glob("*.json")):
        old = json.loads(path.read_text(encoding="utf-8"))
        new = walk(old)
        if new != old:
            path.write_text(dumps(new), encoding="utf-8")
            changed.append(path.name)
    return changed


def _schema_patterns(out: Path) -> dict[tuple[str, str], str]:
    pats = {}
    for path in sorted((out / "schema").glob("*.json")):
        if path.name.endswith(".schema.json"):
            continue
        for f in json.loads(path.read_text(encoding="utf-8")).get("fields", []):
            pat = f.get("constraints", {}).get("pattern")
            if pat:
                pats[(path.stem, f["name"])] = pat
    return pats


def generate(claims: int, out: Path, template: Path = ROOT, seed: int = 7, quiet: bool = False,
             widen: bool = False) -> dict:
    """Write the package into ``out`` (replacing data/, schema/ and datapackage.json there) and
    return what was written: row counts per table and the synthesis parameters."""
    from nrcdata.csvio import to_csv_text
    from nrcdata.schema import datapackage, dumps

    t0 = time.perf_counter()
    if claims < 1:
        raise SystemExit("--claims must be at least 1")
    rng = random.Random(seed)
    descriptor = json.loads((template / "datapackage.json").read_text(encoding="utf-8"))
    names = [res["name"] for res in descriptor["resources"]]
    descriptor_keys = {}  # table -> its primary key, when it is one field
    for res in descriptor["resources"]:
        pk = json.loads((template / res["schema"]).read_text(encoding="utf-8")).get("primaryKey", [])
        pk = [pk] if isinstance(pk, str) else pk
        if len(pk) == 1:
            descriptor_keys[res["name"]] = pk[0]
    tpl = {name: _read_table(template, name) for name in names}
    header = {name: h for name, (h, _) in tpl.items()}
    rows_of = {name: r for name, (_, r) in tpl.items()}
    counts = plan_counts({n: len(r) for n, r in rows_of.items()}, claims)

    out.mkdir(parents=True, exist_ok=True)
    if (out / "schema").exists():
        shutil.rmtree(out / "schema")
    shutil.copytree(template / "schema", out / "schema")
    widened = widen_ids(out / "schema") if widen else []
    if (out / "data").exists():
        shutil.rmtree(out / "data")
    (out / "data").mkdir()

    def pick(name: str) -> dict[str, str]:
        return dict(rng.choice(rows_of[name]))

    # identifiers of every scaled table
    ids = {
        "claims": _ids("C", counts["claims"], 4),
        "events": _ids("E", counts["events"], 3),
        "case_measures": _ids("M", counts["case_measures"], 3),
        "notes": _ids("N", counts["notes"], 3),
        "cases": [f"case_{k}" for k in range(1, counts["cases"] + 1)],
        "areas": [f"area_{k}" for k in range(1, counts["areas"] + 1)],
        "topics": [f"topic_{k}" for k in range(1, counts["topics"] + 1)],
        "countries": _country_codes(counts["countries"]),
    }
    author = "adomeit"
    others = [r for r in rows_of["actors"] if r["actor_id"] != author]
    ids["actors"] = [author] + [f"actor_{k}" for k in range(1, counts["actors"])]
    footnotes = [r["footnote"] for r in rows_of["sources"]]

    patterns = _schema_patterns(out)
    for table, field, sample in (("claims", "claim_id", ids["claims"][-1]), ("events", "event_id", ids["events"][-1]),
                                 ("case_measures", "measure_id", ids["case_measures"][-1]),
                                 ("notes", "note_id", ids["notes"][-1])):
        pat = patterns.get((table, field))
        if pat and not re.match(pat, sample):
            raise SystemExit(f"{claims} claims need {table}.{field} up to {sample!r}, which the schema's "
                             f"pattern {pat!r} does not allow: the schema cannot hold a package this size "
                             "(--widen-ids writes a schema copy with wider ID patterns)")

    def maybe(value: str, table: str) -> str:
        """A reference the template row has (non-empty) is re-pointed at a random row of ``table``."""
        return rng.choice(ids[table]) if value else ""

    # each table is written as it is made, CHUNK rows at a time, so memory holds one chunk and
    # the key columns (a 10M-claim package is written in a few GB); rows come from generators
    made_counts: dict[str, int] = {}
    keys_of: dict[str, list[str]] = {}  # table -> its one-field primary key's values (for notes)

    def emit(name: str, rows) -> None:
        cols = header[name]
        key = cols.index(descriptor_keys[name]) if descriptor_keys.get(name) in cols else None
        keys: list[str] = []
        n = 0
        with open(out / "data" / f"{name}.csv", "w", encoding="utf-8", newline="") as f:
            it = iter(rows)
            while True:
                body = [[r[h] for h in cols] for r in itertools.islice(it, CHUNK)]
                if not body and n:
                    break
                text = to_csv_text(cols, body)
                f.write(text if n == 0 else text.split("\n", 1)[1])
                if key is not None:
                    keys += [row[key] for row in body]
                n += len(body)
                if len(body) < CHUNK:
                    break
        made_counts[name] = n
        if key is not None:
            keys_of[name] = keys

    for name in FIXED:
        emit(name, rows_of[name])

    rows = []
    for k, cid in enumerate(ids["cases"], 1):
        r = pick("cases")
        r.update(case_id=cid, ordinal=str(k))
        rows.append(r)
    emit("cases", rows)

    rows = []
    for code in ids["countries"]:
        r = pick("countries")
        r.update(country_id=code, case_id=maybe(r["case_id"], "cases"))
        rows.append(r)
    emit("countries", rows)

    rows = [dict(next(r for r in rows_of["actors"] if r["actor_id"] == author))]
    for aid in ids["actors"][1:]:
        r = dict(rng.choice(others))
        r.update(actor_id=aid, country_id=maybe(r["country_id"], "countries"))
        rows.append(r)
    emit("actors", rows)
    non_author = ids["actors"][1:] or [author]

    rows = []
    for k in range(counts["source_items"]):
        r = pick("source_items")
        fn, letter = footnotes[k % len(footnotes)], string.ascii_lowercase[k // len(footnotes)]
        r.update(item_id=f"fn{fn}{letter}", footnote=fn, ordinal=str(k // len(footnotes) + 1))
        rows.append(r)
    emit("source_items", rows)

    rows = []
    for mid in ids["case_measures"]:
        r = pick("case_measures")
        r.update(measure_id=mid, case_id=rng.choice(ids["cases"]))
        rows.append(r)
    emit("case_measures", rows)

    rows = []
    for k, aid in enumerate(ids["areas"], 1):
        r = pick("areas")
        r.update(area_id=aid, ordinal=str(k))
        rows.append(r)
    emit("areas", rows)

    rows = []
    for tid in ids["topics"]:
        r = pick("topics")
        r.update(topic_id=tid)
        rows.append(r)
    emit("topics", rows)

    rows = []
    for eid in ids["events"]:
        r = pick("events")
        r.update(event_id=eid, actor_id=maybe(r["actor_id"], "actors"), case_id=maybe(r["case_id"], "cases"),
                 area_id=maybe(r["area_id"], "areas"))
        rows.append(r)
    emit("events", rows)

    emit("event_sources", [{"event_id": ids["events"][e], "footnote": footnotes[f]} for e, f in
                           _links(rng, counts["event_sources"], len(ids["events"]), len(footnotes), False)])

    def claim_rows():
        for cid in ids["claims"]:
            r = pick("claims")
            holder = author if r["voice"] == "author" else rng.choice(non_author)
            r.update(claim_id=cid, holder_id=holder, area_id=maybe(r["area_id"], "areas"),
                     case_id=maybe(r["case_id"], "cases"), topic_id=maybe(r["topic_id"], "topics"))
            yield r
    emit("claims", claim_rows())

    emit("claim_sources", ({"claim_id": ids["claims"][c], "footnote": footnotes[f]} for c, f in
                           _links(rng, counts["claim_sources"], len(ids["claims"]), len(footnotes), False)))
    relations = [r["relation"] for r in rows_of["claim_relations"]]
    links = _links(rng, counts["claim_relations"], len(ids["claims"]), len(ids["claims"]), True)
    emit("claim_relations", ({"claim_id": ids["claims"][c], "target_id": ids["claims"][t],
                              "relation": rng.choice(relations)} for c, t in links))
    del links

    # a note's concerns_table/concerns_id name a row of any table with a one-field key: re-point
    # concerns_id at an existing row of that table (the fixed tables keep their own keys)
    rows = []
    for nid in ids["notes"]:
        r = pick("notes")
        r.update(note_id=nid)
        if r.get("concerns_table") and r.get("concerns_id") and r["concerns_table"] in keys_of:
            r["concerns_id"] = rng.choice(keys_of[r["concerns_table"]])
        rows.append(r)
    emit("notes", rows)
    keys_of.clear()  # free the keys before hashing the files
    made_counts = {name: made_counts[name] for name in names}

    desc = datapackage(out)
    desc["name"] = f"nrcdata-synthetic-{claims}"
    desc["id"] = f"urn:nrcdata:synthetic:{claims}:seed{seed}"
    desc["title"] = f"SYNTHETIC benchmark package ({claims} claims), not data about the paper: " + desc["title"]
    (out / "datapackage.json").write_text(dumps(desc), encoding="utf-8")
    info = {"synth_version": SYNTH_VERSION, "claims": claims, "seed": seed, "template": str(template),
            "widened_schema_files": widened, "rows": made_counts, "total_rows": sum(made_counts.values()),
            "bytes": sum((out / "data" / f"{n}.csv").stat().st_size for n in names),
            "seconds": round(time.perf_counter() - t0, 2)}
    (out / "SYNTH.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    if not quiet:
        print(f"synth: {claims} claims, {info['total_rows']} rows, {info['bytes'] / 1e6:.1f} MB in "
              f"{info['seconds']} s -> {out}")
    return info


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--claims", type=int, required=True, help="number of claims (other tables scale with it)")
    p.add_argument("--out", type=Path, required=True, help="folder to write the package into")
    p.add_argument("--template", type=Path, default=ROOT,
                   help="package whose schema/ and rows to start from (default: the repository)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--widen-ids", action="store_true",
                   help="widen the copied schema's C/E/M/N ID patterns to 3-4..7 digits")
    p.add_argument("--quiet", action="store_true")
    a = p.parse_args(argv)
    generate(a.claims, a.out, a.template, a.seed, a.quiet, a.widen_ids)
    return 0


def fingerprint(template: Path = ROOT) -> str:
    """What a synthetic package depends on besides --claims and --seed: this script, the
    template's schema/ and data/, and the nrcdata writer and models that write it."""
    import nrcdata
    h = hashlib.sha256(Path(__file__).read_bytes())
    src = Path(nrcdata.__file__).parent
    for path in sorted([*(template / "schema").glob("*.json"), *(template / "data").glob("*.csv"),
                        src / "csvio.py", src / "schema.py", src / "models.py"]):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


if __name__ == "__main__":
    sys.exit(main())
