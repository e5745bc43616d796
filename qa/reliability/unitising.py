"""Unitising agreement (issue 14): for the 10 sampled paragraphs, how many of the dataset's claims
the blind coder's units match, and how many of the coder's units the dataset's claims match.

    python qa/reliability/unitising.py            # from the repository root; needs the paper's text

Match rule: a dataset claim in the paragraph (its quote in the paragraph, not in a footnote:
footnotes were not part of the coder's task) and a unit of coding_b/unitising.csv match when their
quotes overlap by at least half the shorter one. Both quotes are normalised with
nrcdata.text.normalize and located in the normalised paragraph (a quote with ``...`` as its parts,
in order); the overlap is the number of paragraph characters both cover. A quote that cannot be
located falls back to its longest common substring with the other quote. Writes
qa/reliability/unitising_matches.csv (paragraph, side, id, matched_by) and prints the shares.
"""

from __future__ import annotations

import csv
from difflib import SequenceMatcher
from pathlib import Path

from nrcdata.text import load_paper, normalize

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
THRESHOLD = 0.5


def read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def span(quote: str, text: str) -> set[int] | None:
    """The characters of ``text`` a quote covers, or None when it is not found."""
    covered: set[int] = set()
    pos = 0
    for part in (p.strip() for p in normalize(quote).split("...")):
        if not part:
            continue
        at = text.find(part, pos)
        if at < 0:
            return None
        covered |= set(range(at, at + len(part)))
        pos = at + len(part)
    return covered or None


def overlap(qa: str, qb: str, text: str) -> float:
    sa, sb = span(qa, text), span(qb, text)
    if sa is not None and sb is not None:
        return len(sa & sb) / min(len(sa), len(sb))
    a, b = normalize(qa), normalize(qb)
    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size / max(1, min(len(a), len(b)))


def main() -> None:
    paper = load_paper()
    paragraphs = [int(u["unit_id"]) for u in read(HERE / "sample.csv") if u["unit_table"] == "paragraphs"]
    claims = [c for c in read(ROOT / "data" / "claims.csv") if not c["anchor_footnote"]]
    units = read(HERE / "coding_b" / "unitising.csv")
    rows, totals = [], {"A": [0, 0], "B": [0, 0]}
    for n in sorted(paragraphs):
        text = paper.normalized(f"p{n}")
        a = [c for c in claims if int(c["paragraph"]) == n]
        b = [u for u in units if int(u["paragraph"]) == n]
        for side, mine, theirs, key, other_key in (("A", a, b, "claim_id", "unit_no"),
                                                   ("B", b, a, "unit_no", "claim_id")):
            for x in mine:
                hits = [y[other_key] for y in theirs if overlap(x["quote"], y["quote"], text) >= THRESHOLD]
                totals[side][0] += bool(hits)
                totals[side][1] += 1
                rows.append({"paragraph": n, "side": side, "id": x[key], "matched_by": ";".join(hits)})
    with open(HERE / "unitising_matches.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, ["paragraph", "side", "id", "matched_by"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    for side, label in (("A", "dataset claims matched by a B unit"), ("B", "B units matched by a dataset claim")):
        k, n = totals[side]
        print(f"{label}: {k}/{n} = {k / n:.3f}")


if __name__ == "__main__":
    main()
