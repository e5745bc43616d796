"""Draw the reliability sample (issue 14) and write qa/reliability/sample.csv.

    python qa/reliability/sample.py            # round 1, from the repository root
    python qa/reliability/sample.py 2          # round 2: qa/reliability/round2/sample.csv
    python qa/reliability/sample.py 3          # round 3: every reported claim not yet sampled (addressees)

Round 2 is a fresh sample for the variables round 1 put under 0.80: drawn the same way with seed
``SEED + 1``, from the units round 1 did not sample (and not the codebook's examples, which the
sharpened rules added to, nor a claim whose quote the codebook quotes), with 150 claims, 60
relations, 40 events and no unitising paragraphs. Round 1 was drawn from the data and codebook of
commit 6d61419 (before adjudication and the sharpened rules); run the script at that commit to
reproduce it.

Deterministic: one ``random.Random(seed)`` drives every draw, the pools are sorted by ID first,
and the stages run in the fixed order below, so the same data give the same sample.

Pools. The codebook's worked examples (every claim or event ID that docs/codebook.md names) are
left out of the claim, relation and event pools: the second coder reads the codebook, which
prints their codes.

Stages (column ``how`` in sample.csv says which stage drew a unit):

claims (160)
  1. ``cover:voice=V``, ``cover:kind=K``, ``cover:area_role=R``: for every voice, kind and area
     role (in vocabulary order) not yet in the sample, one claim drawn at random among those that
     have it.
  2. ``cover:holder``: 15 distinct holders of reported claims drawn at random (all of them when
     fewer), minus those already in the sample, one reported claim of each drawn at random.
  3. ``cover:section``: for every section not yet in the sample, one claim drawn at random.
  4. ``fill:section``: the rest drawn per section in proportion to the section's claims
     (largest remainders), at random within the section, up to 160.
relations (64)
  ``strat:relation``: per relation value in proportion (at least 8 of each, or all when fewer),
  at random within the value.
events (44)
  ``strat:date_precision``: per date precision in proportion (at least 3 of each, or all when
  fewer), at random within the precision.
paragraphs (10)
  ``random:paragraph``: 10 of the body paragraphs that hold at least one claim, at random (none of
  them codebook examples' paragraphs is excluded: unitising is judged on the whole paragraph).

``stratum`` records the unit's stratum: section_id/voice for claims, the relation value,
the date precision for events, the section for paragraphs.
"""

from __future__ import annotations

import csv
import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
from nrcdata.text import normalize  # noqa: E402

SEED = 20261202
ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
HERE = ROOT / "qa" / "reliability"
# round -> (seed, claims, relations, events, paragraphs, holders, output)
ROUNDS = {1: (SEED, 160, 64, 44, 10, 15, HERE / "sample.csv"),
          2: (SEED + 1, 150, 60, 40, 0, 15, HERE / "round2" / "sample.csv"),
          3: (SEED + 2, 0, 0, 0, 0, 0, HERE / "round3" / "sample.csv")}
# the variables each round codes, by unit table (the one list packet.py and codings.py use)
CLAIM_VARIABLES = ["voice", "holder", "kind", "stance", "area", "area_role", "topic", "issue", "position",
                   "addressees", "objects", "date", "date_basis"]
VARIABLES = {1: {"claims": CLAIM_VARIABLES, "claim_relations": ["relation"],
                 "events": ["date", "date_precision", "event_type"]},
             2: {"claims": ["kind", "topic", "addressees", "objects"], "claim_relations": ["relation"],
                 "events": ["event_type"]},
             3: {"claims": ["addressees"], "claim_relations": [], "events": []}}

VOICES = ["author", "reported"]
KINDS = ["expectation", "explanation", "position", "evaluation", "fact"]
AREA_ROLES = ["portrayal", "critique", "outcome", "context"]


def read(table: str) -> list[dict[str, str]]:
    with open(DATA / f"{table}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def codebook_ids() -> set[str]:
    text = (ROOT / "docs" / "codebook.md").read_text(encoding="utf-8")
    ids = set(re.findall(r"\b[CE]\d{3,7}\b", text))
    for a, b in re.findall(r"\b(C\d{4})-C?(\d{4})\b", text):  # ranges such as C1059-C1063
        ids.update(f"C{n}" for n in range(int(a[1:]), int(b) + 1))
    return ids


def codebook_phrases() -> set[str]:
    """The phrases the codebook quotes (15 characters or more), normalised."""
    book = (ROOT / "docs" / "codebook.md").read_text(encoding="utf-8")
    return {normalize(q) for q in re.findall(r"[\"'“‘]([^\"'“”‘’]{15,}?)[\"'”’]", book)}


def revealed(quote: str, phrases: set[str]) -> str | None:
    """The codebook phrase a claim's quote overlaps, if any: the codebook may show that claim's codes."""
    q = normalize(quote)
    return next((ph for ph in sorted(phrases) if len(ph) >= 15 and (ph in q or q in ph)), None)


def proportional(sizes: dict[str, int], total: int, minimum: int = 0) -> dict[str, int]:
    """Per-stratum counts summing to ``total``: each at least min(minimum, size), the rest in
    proportion by largest remainders, never more than the stratum holds."""
    alloc = {k: min(minimum, n) for k, n in sizes.items()}
    left = total - sum(alloc.values())
    room = {k: sizes[k] - alloc[k] for k in sizes}
    pool = sum(room.values())
    if left <= 0 or pool == 0:
        return alloc
    quotas = {k: left * room[k] / pool for k in sizes}
    for k in sizes:
        alloc[k] += int(quotas[k])
    rest = total - sum(alloc.values())
    for k in sorted(sizes, key=lambda k: (-(quotas[k] - int(quotas[k])), k)):
        if rest <= 0:
            break
        if alloc[k] < sizes[k]:
            alloc[k] += 1
            rest -= 1
    return alloc


def reported_census(excluded: set[str]) -> list[tuple[str, str, str, str]]:
    """Round 3: every reported claim no earlier round sampled (addressees are rare: 27 claims have
    one, so a stratified sample of all claims holds too few to measure them)."""
    return [("claims", c["claim_id"], f"{c['section_id']}/reported", "census:reported")
            for c in sorted(read("claims"), key=lambda c: c["claim_id"])
            if c["voice"] == "reported" and c["claim_id"] not in excluded]


def main(round_no: int = 1) -> None:
    seed, N_CLAIMS, N_RELATIONS, N_EVENTS, N_PARAGRAPHS, N_HOLDERS, OUT = ROUNDS[round_no]
    rng = random.Random(seed)
    examples = codebook_ids()
    excluded = set(examples)  # claims and events
    used_relations: set[str] = set()
    if round_no > 1:  # a fresh sample: none of the earlier rounds' units
        first = []
        for earlier in range(1, round_no):
            with open(ROUNDS[earlier][-1], newline="", encoding="utf-8") as f:
                first += list(csv.DictReader(f))
        excluded |= {r["unit_id"] for r in first if r["unit_table"] in ("claims", "events")}
        used_relations = {r["unit_id"] for r in first if r["unit_table"] == "claim_relations"}
        # and none whose quote the codebook quotes without naming its ID (round 1 found four)
        phrases = codebook_phrases()
        excluded |= {c["claim_id"] for c in read("claims") if revealed(c["quote"], phrases)}
    if round_no == 3:
        return write_sample(OUT, reported_census(excluded))
    claims = sorted((c for c in read("claims") if c["claim_id"] not in excluded),
                    key=lambda c: c["claim_id"])
    rows: list[tuple[str, str, str, str]] = []
    chosen: dict[str, str] = {}

    def take(c: dict[str, str], how: str) -> None:
        if c["claim_id"] not in chosen:
            chosen[c["claim_id"]] = how

    def pick(pool: list[dict[str, str]], how: str) -> None:
        pool = [c for c in pool if c["claim_id"] not in chosen]
        if pool:
            take(rng.choice(pool), how)

    # 1. voices, kinds, area roles
    for field, values in (("voice", VOICES), ("kind", KINDS), ("area_role", AREA_ROLES)):
        for v in values:
            have = {claims_by_id[k][field] for k in chosen} if chosen else set()
            if v not in have:
                pick([c for c in claims if c[field] == v], f"cover:{field}={v}")
    # 2. holders of reported claims
    holders = sorted({c["holder_id"] for c in claims if c["voice"] == "reported"})
    for h in rng.sample(holders, min(N_HOLDERS, len(holders))):
        if h not in {claims_by_id[k]["holder_id"] for k in chosen}:
            pick([c for c in claims if c["voice"] == "reported" and c["holder_id"] == h],
                 "cover:holder")
    # top up the holders when a holder's only claims were already drawn
    while len({claims_by_id[k]["holder_id"] for k in chosen
               if claims_by_id[k]["voice"] == "reported"}) < min(N_HOLDERS, len(holders)):
        have = {claims_by_id[k]["holder_id"] for k in chosen}
        h = rng.choice([h for h in holders if h not in have])
        pick([c for c in claims if c["voice"] == "reported" and c["holder_id"] == h], "cover:holder")
    # 3. sections
    sections = [s["section_id"] for s in sorted(read("sections"), key=lambda s: int(s["ordinal"]))]
    for s in sections:
        if s not in {claims_by_id[k]["section_id"] for k in chosen}:
            pick([c for c in claims if c["section_id"] == s], "cover:section")
    # 4. fill in proportion to the sections
    sizes = Counter(c["section_id"] for c in claims)
    target = proportional({s: sizes[s] for s in sections}, N_CLAIMS)
    for s in sections:
        while sum(1 for k in chosen if claims_by_id[k]["section_id"] == s) < target[s]:
            pool = [c for c in claims if c["section_id"] == s and c["claim_id"] not in chosen]
            if not pool:
                break
            take(rng.choice(pool), "fill:section")
    # any shortfall (a section whose quota the cover stages exceeded) from the whole pool
    while len(chosen) < N_CLAIMS:
        pick(claims, "fill:any")
    for cid in sorted(chosen):
        c = claims_by_id[cid]
        rows.append(("claims", cid, f"{c['section_id']}/{c['voice']}", chosen[cid]))

    # relations
    rels = sorted((r for r in read("claim_relations")
                   if r["claim_id"] not in examples and r["target_id"] not in examples
                   and f"{r['claim_id']}>{r['target_id']}" not in used_relations),
                  key=lambda r: (r["claim_id"], r["target_id"]))
    by_rel: dict[str, list[dict[str, str]]] = {}
    for r in rels:
        by_rel.setdefault(r["relation"], []).append(r)
    alloc = proportional({k: len(v) for k, v in sorted(by_rel.items())}, N_RELATIONS, minimum=8)
    for k in sorted(by_rel):
        for r in sorted(rng.sample(by_rel[k], alloc[k]), key=lambda r: (r["claim_id"], r["target_id"])):
            rows.append(("claim_relations", f"{r['claim_id']}>{r['target_id']}", k, "strat:relation"))

    # events
    events = sorted((e for e in read("events") if e["event_id"] not in excluded),
                    key=lambda e: e["event_id"])
    by_prec: dict[str, list[dict[str, str]]] = {}
    for e in events:
        by_prec.setdefault(e["date_precision"], []).append(e)
    alloc = proportional({k: len(v) for k, v in sorted(by_prec.items())}, N_EVENTS, minimum=3)
    for k in sorted(by_prec):
        for e in sorted(rng.sample(by_prec[k], alloc[k]), key=lambda e: e["event_id"]):
            rows.append(("events", e["event_id"], k, "strat:date_precision"))

    # paragraphs for unitising
    all_claims = read("claims")
    par_section = {int(c["paragraph"]): c["section_id"] for c in all_claims}
    paras = sorted(par_section)
    for p in sorted(rng.sample(paras, N_PARAGRAPHS)):
        rows.append(("paragraphs", str(p), par_section[p], "random:paragraph"))

    write_sample(OUT, rows)


def write_sample(out: Path, rows: list[tuple[str, str, str, str]]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["unit_table", "unit_id", "stratum", "how"])
        w.writerows(rows)
    print(f"{out.relative_to(ROOT)}: " + ", ".join(
        f"{t} {n}" for t, n in Counter(r[0] for r in rows).items()))


claims_by_id = {c["claim_id"]: c for c in read("claims")}

if __name__ == "__main__":
    import sys
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
