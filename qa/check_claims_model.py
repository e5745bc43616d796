"""Checks of the 0.2 data that `nrcdata validate` does not make yet (until the validator gains them):
the quotes of issues, affiliations and notes, role_as_printed in its quote, and the rules of the
political-claims model (a claim's date within its event's, position iff issue, date_basis iff date,
a note for every context date, evaluation iff object, occasions of compatible dates and led by their
first mention, an item of the row's footnote or the one it repeats, a language for every work,
withdrawn IDs gone). Run: python qa/check_claims_model.py [DATA_DIR]; prints OK or each problem.
"""
import csv
import sys
from pathlib import Path

from nrcdata.edtf import bounds
from nrcdata.text import default_source_path, load_paper, normalize

D = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "data"
paper = load_paper(default_source_path())
T = {p.stem: list(csv.DictReader(open(p, encoding="utf-8", newline=""))) for p in D.glob("*.csv")}
errs = []


def found(q, para, fn):
    return paper.quote_in_footnote(q, int(fn)) if fn else paper.quote_in_paragraph(q, int(para))


for table, field in (("issues", "quote"), ("affiliations", "quote"), ("notes", "paper_reading"),
                     ("events", "quote"), ("claims", "quote"), ("case_measures", "quote")):
    for r in T[table]:
        if not found(r[field], r["paragraph"], r["anchor_footnote"]):
            errs.append(f"{table} {list(r.values())[0]}: {field} not found: {r[field][:80]}")
for r in T["affiliations"]:
    if normalize(r["role_as_printed"]) not in normalize(r["quote"]):
        errs.append(f"affiliations {r['actor_id']}/{r['organisation_id']}: role_as_printed not in quote")
for r in T["events"]:
    if normalize(r["date_as_printed"]) not in normalize(r["quote"]):
        errs.append(f"events {r['event_id']}: date_as_printed not in quote")

sections = {r["section_id"]: r for r in T["sections"]}
actors = {r["actor_id"]: r for r in T["actors"]}
events = {r["event_id"]: r for r in T["events"]}
claims = {r["claim_id"]: r for r in T["claims"]}
issues = {r["issue_id"] for r in T["issues"]}
items = {r["item_id"]: r for r in T["source_items"]}
sources = {r["footnote"]: r for r in T["sources"]}


def iv(date):
    s, e, _ = bounds(date)
    return s, e


def within(inner, outer):
    (s1, e1), (s2, e2) = inner, outer
    lo = s2 is None or (s1 is not None and s1 >= s2)
    hi = e2 is None or (e1 is not None and e1 <= e2)
    return lo and hi


def overlap(a, b):
    (s1, e1), (s2, e2) = a, b
    return (e1 is None or s2 is None or s2 <= e1) and (e2 is None or s1 is None or s1 <= e2)


def derived_ok(r, tag):
    if not r["date"]:
        if r["date_start"] or r["date_end"] or r["date_precision"]:
            errs.append(f"{tag}: date fields without date")
        return
    s, e, p = bounds(r["date"])
    if (s.isoformat() if s else "", e.isoformat() if e else "", p) != (r["date_start"], r["date_end"], r["date_precision"]):
        errs.append(f"{tag}: derived date fields disagree with {r['date']}")


for r in T["affiliations"]:
    derived_ok(r, f"affiliations {r['actor_id']}")
    if actors[r["actor_id"]]["kind"] != "person":
        errs.append(f"affiliations {r['actor_id']}: not a person")
    if r["organisation_id"] not in actors:
        errs.append(f"affiliations {r['actor_id']}: organisation {r['organisation_id']} missing")
    s = sections[r["section_id"]]
    if not int(s["first_paragraph"]) <= int(r["paragraph"]) <= int(s["last_paragraph"]):
        errs.append(f"affiliations {r['actor_id']}: paragraph outside section")

noted = {(n["concerns_table"], n["concerns_id"]) for n in T["notes"]}
for c in claims.values():
    tag = f"claims {c['claim_id']}"
    derived_ok(c, tag)
    if bool(c["issue_id"]) != bool(c["position"]):
        errs.append(f"{tag}: position iff issue")
    if c["issue_id"] and c["issue_id"] not in issues:
        errs.append(f"{tag}: unknown issue")
    if bool(c["date"]) != bool(c["date_basis"]):
        errs.append(f"{tag}: date_basis iff date")
    if c["event_id"]:
        if c["event_id"] not in events:
            errs.append(f"{tag}: unknown event")
        elif not c["date"] or not within(iv(c["date"]), iv(events[c["event_id"]]["date"])):
            errs.append(f"{tag}: date {c['date']} not within event {c['event_id']} {events[c['event_id']]['date']}")
    if c["date_basis"] == "context" and ("claims", c["claim_id"]) not in noted:
        errs.append(f"{tag}: context date without a note")
    if c["voice"] == "author" and c["position"] and c["holder_id"] != "adomeit":
        errs.append(f"{tag}: ?")
for e in events.values():
    if e["occasion_id"] not in events:
        errs.append(f"events {e['event_id']}: occasion missing")
    else:
        first = events[e["occasion_id"]]
        if first["occasion_id"] != first["event_id"] or e["occasion_id"] > e["event_id"]:
            errs.append(f"events {e['event_id']}: occasion is not the first mention")
        if not overlap(iv(e["date"]), iv(first["date"])):
            errs.append(f"events {e['event_id']}: date incompatible with occasion {e['occasion_id']}")
for r in T["claim_actors"]:
    tag = f"claim_actors {r['claim_id']}/{r['actor_id']}"
    if r["claim_id"] not in claims or r["actor_id"] not in actors:
        errs.append(f"{tag}: dangling")
        continue
    if (r["role"] == "object") != bool(r["evaluation"]):
        errs.append(f"{tag}: evaluation iff object")
    if r["role"] == "object" and r["actor_id"] == claims[r["claim_id"]]["holder_id"]:
        errs.append(f"{tag}: holder as own object")
    if r["role"] == "addressee" and claims[r["claim_id"]]["holder_id"] == "adomeit":
        errs.append(f"{tag}: author claim with addressee")
keys = [(r["claim_id"], r["actor_id"], r["role"]) for r in T["claim_actors"]]
if len(keys) != len(set(keys)):
    errs.append("claim_actors: duplicate keys")
for r in T["event_actors"]:
    tag = f"event_actors {r['event_id']}/{r['actor_id']}"
    if r["event_id"] not in events or r["actor_id"] not in actors:
        errs.append(f"{tag}: dangling")
    elif events[r["event_id"]]["actor_id"] == r["actor_id"]:
        errs.append(f"{tag}: repeats the main actor")


def chain(fn):
    out = {fn}
    while sources[fn]["same_as"]:
        fn = sources[fn]["same_as"]
        out.add(fn)
    return out


for table, key in (("claim_sources", "claim_id"), ("event_sources", "event_id")):
    for r in T[table]:
        if r["item_id"] and items[r["item_id"]]["footnote"] not in chain(r["footnote"]):
            errs.append(f"{table} {r[key]}/{r['footnote']}: item {r['item_id']} not of that footnote")
        if not r["item_id"]:
            fns = chain(r["footnote"])
            n = sum(1 for it in items.values() if it["footnote"] in fns)
            if n == 1:
                errs.append(f"{table} {r[key]}/{r['footnote']}: single-work footnote left unresolved")
for it in items.values():
    if not it["language"]:
        errs.append(f"source_items {it['item_id']}: no language")
for r in T["withdrawn"]:
    if r["table_name"] == "claims" and r["row_id"] in claims:
        errs.append(f"withdrawn {r['row_id']} still present")
    if r["table_name"] == "case_measures" and r["row_id"] in {m["measure_id"] for m in T["case_measures"]}:
        errs.append(f"withdrawn {r['row_id']} still present")
refs = {r["claim_id"] for r in T["claim_relations"]} | {r["target_id"] for r in T["claim_relations"]}
refs |= {r["claim_id"] for t in ("claim_sources", "claim_actors") for r in T[t]}
for x in refs - set(claims):
    errs.append(f"dangling claim reference {x}")
print("\n".join(errs) or "OK", f"({len(errs)} problems)")
sys.exit(1 if errs else 0)
