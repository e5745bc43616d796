"""Build the blind packet for the second coder from qa/reliability/sample.csv.

    python qa/reliability/packet.py [PACKET_DIR] [OUT_DIR]     # defaults /work/blind/packet, /work/blind/out
    python qa/reliability/packet.py --round 2 PACKET_DIR OUT_DIR  # round 2: its sample, its variables

A later round codes only its variables (``sample.VARIABLES``), on round<N>/sample.csv.

The packet holds the units (text only: paragraph, quote, statement), the vocabularies and the
codebook, and nothing of the first coding: no voice, holder, kind, stance, area, role, topic,
issue, position, date, basis, event, relation, event type or actor link of any unit. The output
templates in OUT_DIR have the exact columns the second coder fills.

It also prints which sampled claims have a quote that overlaps a phrase the codebook quotes as a
worked example (the codebook may show those units' codes); the report lists them.
"""

from __future__ import annotations

import csv
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from nrcdata import vocab  # noqa: E402
from nrcdata.text import default_source_path, load_paper, plain_text  # noqa: E402
from sample import VARIABLES, codebook_phrases, revealed  # noqa: E402  (qa/reliability/sample.py, beside this file)

DATA = ROOT / "data"
SAMPLE = ROOT / "qa" / "reliability" / "sample.csv"

UNITISING_COLS = ["paragraph", "unit_no", "quote", "statement"]


def read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def values(enum) -> str:
    return ", ".join(f"`{v}`" for v in enum)


def main(argv: list[str]) -> None:
    round_no = 1
    if argv[:1] == ["--round"]:
        round_no, argv = int(argv[1]), argv[2:]
    sample_path = SAMPLE if round_no == 1 else SAMPLE.parent / f"round{round_no}" / "sample.csv"
    claim_vars, relation_vars, event_vars = (VARIABLES[round_no][t] for t in ("claims", "claim_relations", "events"))
    packet = Path(argv[0]) if argv else Path("/work/blind/packet")
    out = Path(argv[1]) if len(argv) > 1 else Path("/work/blind/out")
    packet.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    paper = load_paper()
    sample = read(sample_path)
    claims = {c["claim_id"]: c for c in read(DATA / "claims.csv")}
    events = {e["event_id"]: e for e in read(DATA / "events.csv")}
    heading = {p.number: paper.headings[p.heading_index].title for p in paper.paragraphs}

    def ptext(n: str) -> str:
        return plain_text(paper.paragraph(int(n)).text)

    units = {t: [s["unit_id"] for s in sample if s["unit_table"] == t]
             for t in ("claims", "claim_relations", "events", "paragraphs")}

    # vocabularies
    write(packet / "actors.csv", ["actor_id", "name", "kind", "side"],
          [[a["actor_id"], a["name"], a["kind"], a["side"]] for a in read(DATA / "actors.csv")])
    write(packet / "issues.csv", ["issue_id", "label", "definition"],
          [[i["issue_id"], i["label"], i["definition"]] for i in read(DATA / "issues.csv")])
    write(packet / "areas.csv", ["area_id", "name"],
          [[a["area_id"], a["name"]] for a in read(DATA / "areas.csv")])
    write(packet / "topics.csv", ["topic_id", "label"],
          [[t["topic_id"], t["label"]] for t in read(DATA / "topics.csv")])
    shutil.copyfile(ROOT / "docs" / "codebook.md", packet / "codebook.md")
    # the paper's text as numbered paragraphs and footnotes (for context and dates)
    write(packet / "paragraphs.csv", ["paragraph", "section_title", "footnote_markers", "text"],
          [[str(p.number), heading[p.number], " ".join(map(str, p.footnote_markers)),
            plain_text(p.text)] for p in paper.paragraphs])
    write(packet / "footnotes.csv", ["footnote", "marker_paragraph", "text"],
          [[str(n), str(paper.footnote_paragraph(n)), plain_text(t)]
           for n, t in sorted(paper.footnotes.items())])

    # units
    write(packet / "claims_units.csv",
          ["unit_id", "section_title", "paragraph", "quote_footnote", "paragraph_text", "quote",
           "statement"],
          [[cid, heading[int(c["paragraph"])], c["paragraph"], c["anchor_footnote"],
            ptext(c["paragraph"]), c["quote"], c["statement"]]
           for cid in units["claims"] for c in [claims[cid]]])
    rel_rows = []
    for uid in units["claim_relations"]:
        a, b = uid.split(">")
        ca, cb = claims[a], claims[b]
        rel_rows.append([uid, a, ca["paragraph"], ca["quote"], ca["statement"],
                         b, cb["paragraph"], cb["quote"], cb["statement"]])
    write(packet / "relations_units.csv",
          ["unit_id", "claim", "claim_paragraph", "claim_quote", "claim_statement",
           "target", "target_paragraph", "target_quote", "target_statement"], rel_rows)
    write(packet / "events_units.csv",
          ["unit_id", "paragraph", "quote_footnote", "paragraph_text", "quote"],
          [[eid, e["paragraph"], e["anchor_footnote"], ptext(e["paragraph"]), e["quote"]]
           for eid in units["events"] for e in [events[eid]]])
    write(packet / "unitising.csv", ["paragraph", "section_title", "paragraph_text"],
          [[p, heading[int(p)], ptext(p)] for p in units["paragraphs"]])

    # output templates
    for file, table, variables in (("claims.csv", "claims", claim_vars), ("relations.csv", "claim_relations", relation_vars),
                                   ("events.csv", "events", event_vars)):
        if variables:
            write(out / file, ["unit_id"] + variables, [[u] + [""] * len(variables) for u in units[table]])
    if units["paragraphs"]:
        write(out / "unitising.csv", UNITISING_COLS, [])

    readme = README.format(
        source=default_source_path().resolve(), n_claims=len(units["claims"]),
        n_rel=len(units["claim_relations"]), n_ev=len(units["events"]),
        n_par=len(units["paragraphs"]), out=out,
        voice=values(vocab.Voice), kind=values(vocab.ClaimKind), stance=values(vocab.Stance),
        area_role=values(vocab.AreaRole), position=values(vocab.Position),
        date_basis=values(vocab.DateBasis), relation=values(vocab.Relation),
        precision=values(vocab.DatePrecision), event_type=values(vocab.EventType))
    if round_no > 1:
        readme = only_variables(readme, set(claim_vars) | set(relation_vars) | set(event_vars))
        if not relation_vars and not event_vars:
            readme = readme.split("## 2. Relations")[0]
    (packet / "README.md").write_text(readme, encoding="utf-8")

    # codebook examples that a sampled claim's quote overlaps
    phrases = codebook_phrases()
    for cid in units["claims"]:
        if hit := revealed(claims[cid]["quote"], phrases):
            print(f"codebook overlap: {cid} p{claims[cid]['paragraph']}: {hit[:70]!r}")
    print(f"packet in {packet}, templates in {out}")


def only_variables(readme: str, keep: set[str]) -> str:
    """The task text for a later round: table rows of other variables and the unitising task left out."""
    readme = readme.split("## 4. Unitising")[0]
    lines = [ln for ln in readme.splitlines()
             if not (m := re.match(r"\| `(\w+)` \|", ln)) or m.group(1) in keep or m.group(1) == "column"]
    note = ("\nThis round codes only the columns the templates have; the other variables of the tables "
            "below are not asked for. Where a rule depends on one of them (a claim's topic on whether it "
            "concerns a cooperation area; an addressee or object on who holds the claim), judge that "
            "yourself from the text.\n")
    return "\n".join(lines).replace("\n## 1. Claims", note + "\n## 1. Claims", 1) + "\n"


README = """\
# Second coding: task and formats

You are the second coder of a reliability test of a content-analysis dataset built from one
paper: Hannes Adomeit (2007), "Inside or Outside? Russia's Policies Towards NATO". Code every unit
below **by the codebook** (`codebook.md`; its sections "Coding rules for claims", "Coding rules for
issues, dates and actors", "Issues", the `claims`, `claim_relations`, `claim_actors` and `events`
tables and the "Vocabularies" say what each variable means). Work alone: use only this folder,
the paper and the codebook.

The paper's full text is at `{source}`. `paragraphs.csv` has its body numbered as the codebook's
paragraph numbers (1-104, with the section title and the footnote markers each paragraph carries)
and `footnotes.csv` its 74 footnotes; every unit names its paragraph. Read a unit's whole paragraph
(and its footnotes) before coding; dates are often only in a footnote.

Write your codes into the templates in `{out}/` (one row per unit, already listed; keep the
`unit_id` column and the row set, fill the other columns). CSV, UTF-8, comma-separated, a header
row; an empty cell = no code. Do not add or drop columns.

## 1. Claims: `claims_units.csv` -> `{out}/claims.csv` ({n_claims} units)

A unit is a claim the dataset holds: its paragraph (`paragraph`, `paragraph_text`), the paper's
words that carry it (`quote`; in footnote `quote_footnote` when that is set) and the proposition in
the dataset's words (`statement`). Code the proposition of the statement, as the quote supports it.

| column | value |
|---|---|
| `voice` | one of {voice} |
| `holder` | an `actor_id` from `actors.csv` (`adomeit` for the author's own claims) |
| `kind` | one of {kind} |
| `stance` | one of {stance} |
| `area` | an `area_id` from `areas.csv`, or empty when the claim concerns no cooperation area |
| `area_role` | one of {area_role}; set exactly when `area` is set |
| `topic` | a `topic_id` from `topics.csv`, or empty |
| `issue` | an `issue_id` from `issues.csv`, or empty (see "Issue and position") |
| `position` | one of {position}; set exactly when `issue` is set |
| `addressees` | the addressee actors (`actor_id`s from `actors.csv`) separated by `;`, or empty |
| `objects` | the object actors (`actor_id`s) separated by `;`, or empty |
| `date` | EDTF (`2006-12-11`, `2006-12`, `2006`, `2006-23`, `199X`, `[A,B]`), empty if undated ("Claim dates") |
| `date_basis` | one of {date_basis}; set exactly when `date` is set |

Only actors in `actors.csv` can be holders, addressees or objects; if none fits, write the
nearest one and add nothing else (no new IDs).

## 2. Relations: `relations_units.csv` -> `{out}/relations.csv` ({n_rel} units)

A unit `X>Y` is a pair of claims the dataset links: code how claim X (`claim_*` columns) acts on
claim Y (`target_*` columns).

| column | value |
|---|---|
| `relation` | one of {relation} |

## 3. Events: `events_units.csv` -> `{out}/events.csv` ({n_ev} units)

A unit is a dated event the paper reports: its paragraph and the quote that carries it (in
footnote `quote_footnote` when that is set). Code the event's date as the paper prints it.

| column | value |
|---|---|
| `date` | EDTF at the paper's precision (see "Dates" under Conventions) |
| `date_precision` | one of {precision} |
| `event_type` | one of {event_type} |

## 4. Unitising: `unitising.csv` -> `{out}/unitising.csv` ({n_par} paragraphs)

Split each of these paragraphs into claims by the codebook's rules ("A claim is one substantive
proposition", "One proposition per claim"; reported and author claims alike; footnotes are not
part of this task). Write one row per claim:

| column | value |
|---|---|
| `paragraph` | the paragraph number |
| `unit_no` | 1, 2, ... in reading order within the paragraph |
| `quote` | the paper's words that carry the claim, verbatim from the paragraph (`...` for an elision) |
| `statement` | the proposition in your own words, one sentence |

The template has only the header; add the rows.
"""

if __name__ == "__main__":
    main(sys.argv[1:])
