"""docs/analysis.md: its Python blocks, run in order in one fresh process, print what the data
holds (facts worked out here from data/*.csv with the csv module)."""

import csv
import re
import subprocess
import sys

from conftest import ROOT

DOC = ROOT / "docs" / "analysis.md"
ENLARGEMENT = ("nato_enlargement", "nato_enlargement_post_soviet")


def blocks(path, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", path.read_text(encoding="utf-8"), re.S)


def rows(table: str) -> list[dict]:
    with (ROOT / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def enlargement_lines() -> list[str]:
    """What question (a) prints in both tutorials: a line per claim opposing enlargement, by date
    (undated last), then the count."""
    names = {a["actor_id"]: a["name"] for a in rows("actors")}
    attacks = [c for c in rows("claims") if c["issue_id"] in ENLARGEMENT and c["position"] == "oppose"]
    attacks.sort(key=lambda c: (c["date_start"] or "9999", c["date"], names[c["holder_id"]], c["issue_id"], c["claim_id"]))
    return ([f"{c['date'] or 'undated':<12} {names[c['holder_id']]:<55} {c['issue_id']:<30} {c['claim_id']}" for c in attacks]
            + [f"{len(attacks)} claims oppose enlargement, by {len({c['holder_id'] for c in attacks})} holders"])


def assert_levers_listed(out: str) -> None:
    """Question (f): every lever of the Georgian case is listed."""
    for m in rows("case_measures"):
        if m["case_id"] == "georgia" and m["kind"].endswith("_lever"):
            assert re.search(rf"^georgia +{m['kind']} +{m['measure_id']}  ", out, re.M), m["measure_id"]


def test_the_python_tutorial_runs_in_one_fresh_process(tmp_path):
    code = blocks(DOC, "python")
    assert len(code) >= 7
    script = tmp_path / "analysis.py"
    script.write_text("\n".join(code), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    claims = rows("claims")
    # (a) Lavrov's "we firmly raise questions about ... the alliance's plans for enlargement" (p10, C1054)
    assert "\n".join(enlargement_lines()) in out
    assert re.search(r"^2006-12-11 +Sergei Lavrov +nato_enlargement +C1054$", out, re.M)
    # (c) the areas without a pair are named, with their count
    areas = rows("areas")
    by_id = {c["claim_id"]: c for c in claims}
    paired = {by_id[r["claim_id"]]["area_id"] for r in rows("claim_relations")
              if r["relation"] in ("rebuts", "qualifies") and by_id[r["claim_id"]]["area_role"] == "critique"
              and by_id[r["target_id"]]["area_role"] == "portrayal"
              and by_id[r["claim_id"]]["area_id"] == by_id[r["target_id"]]["area_id"]}
    unpaired = [a["area_id"] for a in sorted(areas, key=lambda a: int(a["ordinal"])) if a["area_id"] not in paired]
    assert f"{len(unpaired)} of {len(areas)} areas have no pair: {', '.join(unpaired)}" in out
    # (d) claims backed by a Russian-language work (claim_sources.item_id -> source_items.language)
    russian = {i["item_id"] for i in rows("source_items") if i["language"] == "ru"}
    n = len({s["claim_id"] for s in rows("claim_sources") if s["item_id"] in russian})
    assert f"{n} claims rest on a Russian-language work" in out
    # (e) Putin's claims; "sheer boorishness" is his word for the Baltic accession (p28)
    putin = [c for c in claims if c["holder_id"] == "putin"]
    assert f"{len(putin)} claims by Putin, {sum(1 for c in putin if c['date'])} dated" in out
    assert "Putin called the way the Baltic states entered NATO sheer boorishness." in out
    assert_levers_listed(out)
    # (g) Lavrov is the most central actor of phase 3's congruence network
    last = out.splitlines()[-5:]
    assert last[0].startswith("Sergei Lavrov ") and "degree" in last[0]
