"""Write qa/reliability/codings.csv: the sample's units coded by A (the dataset) and B (the blind
second coder, qa/reliability/coding_b/), in long form (issue 14).

    python qa/reliability/codings.py N          # round N (2, 3): round<N>/codings.csv, from the repository root
    python qa/reliability/codings.py 1 --force  # round 1 (overwrites its A codes with today's data)

A round's codings.csv is written before its adjudicated corrections go into data/: coder A is the
dataset *before adjudication* (round 1: commit 6d61419; round 2: data/ after the re-coding under the
sharpened rules; round 3: after round 2's corrections), which today's data/ no longer is. So the
script refuses a round that has an adjudication.csv unless forced (run it at the round's commit to
reproduce the file). A later round codes only its ``sample.VARIABLES``; B is round<N>/coding_b/.

Columns exactly ``unit_table, unit_id, variable, coder, value``. Coder A is data/*.csv as committed:
for a claim holder = holder_id, area = area_id, topic = topic_id, issue = issue_id, addressees and
objects = its claim_actors rows by role (actor IDs sorted, joined by ``;``), date and date_basis;
for a relation (unit ``X>Y``) the relation; for an event date, date_precision and event_type.
Coder B is coding_b/ cell for cell (a set-valued cell re-sorted and re-joined the same way).
An empty value means the unit has no code for that variable. Rows in sample order, then variable
order, then A before B.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from sample import VARIABLES  # qa/reliability/sample.py, beside this file

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
HERE = ROOT / "qa" / "reliability"

CLAIM_COLUMN = {"holder": "holder_id", "area": "area_id", "topic": "topic_id", "issue": "issue_id"}
SETS = {"addressees": "addressee", "objects": "object"}


def read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def as_set(value: str) -> str:
    return ";".join(sorted({v.strip() for v in value.split(";") if v.strip()}))


def coder_a() -> dict[tuple[str, str], dict[str, str]]:
    out: dict[tuple[str, str], dict[str, str]] = {}
    roles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in read(DATA / "claim_actors.csv"):
        roles[(r["claim_id"], r["role"])].add(r["actor_id"])
    for r in read(DATA / "claims.csv"):
        codes = {v: r[CLAIM_COLUMN.get(v, v)] for v in VARIABLES[1]["claims"] if v not in SETS}
        for v, role in SETS.items():
            codes[v] = ";".join(sorted(roles.get((r["claim_id"], role), ())))
        out[("claims", r["claim_id"])] = codes
    for r in read(DATA / "claim_relations.csv"):
        out[("claim_relations", f"{r['claim_id']}>{r['target_id']}")] = {"relation": r["relation"]}
    for r in read(DATA / "events.csv"):
        out[("events", r["event_id"])] = {v: r[v] for v in VARIABLES[1]["events"]}
    return out


def coder_b(folder: Path, variables_of: dict[str, list[str]]) -> dict[tuple[str, str], dict[str, str]]:
    out: dict[tuple[str, str], dict[str, str]] = {}
    for table, file in (("claims", "claims.csv"), ("claim_relations", "relations.csv"), ("events", "events.csv")):
        variables = variables_of[table]
        if not variables:
            continue  # a round that codes no unit of this table
        for r in read(folder / "coding_b" / file):
            out[(table, r["unit_id"])] = {v: as_set(r[v]) if v in SETS else r[v].strip() for v in variables}
    return out


def main(argv: list[str]) -> None:
    round_no = int(argv[0]) if argv else 2
    folder = HERE if round_no == 1 else HERE / f"round{round_no}"
    if (folder / "adjudication.csv").exists() and "--force" not in argv:
        raise SystemExit(f"round {round_no} is adjudicated: its coder A is the data before its corrections went "
                         "into data/, which today's data no longer is; rewriting it needs --force")
    variables = VARIABLES[round_no]
    a, b = coder_a(), coder_b(folder, variables)
    rows = []
    for unit in read(folder / "sample.csv"):
        key = (unit["unit_table"], unit["unit_id"])
        if key[0] not in variables:
            continue  # unitising paragraphs: see unitising.py
        if key not in a or key not in b:
            raise SystemExit(f"{key} is not coded by both coders")
        for v in variables[key[0]]:
            for coder, codes in (("A", a), ("B", b)):
                rows.append({"unit_table": key[0], "unit_id": key[1], "variable": v, "coder": coder,
                             "value": codes[key][v]})
    with open(folder / "codings.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, ["unit_table", "unit_id", "variable", "coder", "value"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{(folder / 'codings.csv').relative_to(ROOT)}: {len(rows)} rows")


if __name__ == "__main__":
    import sys
    main(sys.argv[1:])
