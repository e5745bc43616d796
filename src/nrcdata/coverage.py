"""What of the paper the data does not yet cover (needs the paper's text).

Five lists, each minus the justified exclusions (an exclusion that matches nothing is itself a gap) in ``qa/coverage_exclusions.csv``
(columns check, paragraph, expression, reason):

* ``footnote``: footnotes that back no row (no claim_sources or event_sources row, no anchor);
* ``paragraph``: body paragraphs with no claim anchored in them;
* ``date``: date expressions in a body paragraph (dates with a month, seasons, decades, year
  ranges, years) contained in no ``date_as_printed`` of an event anchored there;
* ``quotation``: quotations of three words or more in a body paragraph that no reported claim
  anchored there quotes (any three consecutive words of it);
* ``number``: numbers in a body paragraph (digits, or number words two to twenty, hundreds,
  thousands, millions) that no quote anchored there contains.

And the reported claims without a date (``undated``), each with the reason the paper gives none,
from ``qa/undated_claims.csv`` (columns claim_id, reason): a reported claim without a date and
without a reason there is a gap, and so is a reason for a claim that is not an undated reported claim.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from .text import Paper, normalize

CHECKS = ("footnote", "paragraph", "date", "quotation", "number", "undated")
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
DATE_PATTERNS = [re.compile(p) for p in (
    rf"\b\d{{1,2}}(?:\s*(?:-|to)\s*\d{{1,2}})?\s+{_MONTH},?\s+\d{{4}}\b",
    rf"\b{_MONTH},?\s+\d{{1,2}}(?:\s*-\s*\d{{1,2}})?,?\s+\d{{4}}\b",
    rf"\b{_MONTH}\s+\d{{4}}\b",
    rf"\b{_MONTH}\s+\d{{1,2}}\b",
    rf"\b\d{{1,2}}\s+{_MONTH}\b",
    r"\b(?:[Tt]he\s+)?(?:[Ff]all|[Ss]pring|[Ss]ummer|[Aa]utumn|[Ww]inter)\s+(?:of\s+)?\d{4}\b",
    r"\b(?:the\s+)?(?:19|20)\d0s\b",
    r"\b(?:19|20)\d{2}\s*-\s*(?:\d{4}|\d{2})\b",
    r"\b(?:19|20)\d{2}\b",
)]
_NUMBER_WORDS = ("two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                 "sixteen seventeen eighteen nineteen twenty hundred hundreds thousand thousands million "
                 "millions").split()
NUMBER = re.compile(r"(?<![\w-])\d[\d,]*(?:\.\d+)?(?:\s*-\s*\d[\d,]*)?%?(?![\w-])|\b(?:"
                    + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)
QUOTATION = re.compile(r'"([^"]+)"')


@dataclass(frozen=True, order=True)
class Gap:
    check: str
    paragraph: int  # the footnote number for check "footnote"
    expression: str

    def __str__(self) -> str:
        where = f"fn{self.paragraph}" if self.check == "footnote" else f"p{self.paragraph}"
        return f"{self.check}: {where}: {self.expression}"


def date_expressions(text: str) -> list[str]:
    """Date expressions in plain text, longest forms first, without overlaps."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str]] = []
    for pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), m.group(0)))
    return [e for _, e in sorted(found)]


def numbers(text: str) -> list[str]:
    """Numbers in plain text that are not part of a date expression."""
    masked = text
    for expr in date_expressions(text):
        masked = masked.replace(expr, " " * len(expr), 1)
    return [m.group(0) for m in NUMBER.finditer(masked)]


def quotations(normalized_text: str) -> list[str]:
    return [q.strip() for q in QUOTATION.findall(normalized_text) if len(q.split()) >= 3]


def _words(text: str) -> list[str]:
    """Lower-case words of normalised text, punctuation dropped, for comparing quotations."""
    return re.findall(r"[\w'-]+", normalize(text).lower())


class ExclusionsMissing(FileNotFoundError):
    """The exclusions file is not there: without it every justified exclusion would be a gap."""


def read_exclusions(path: Path) -> set[tuple[str, int, str]]:
    """The justified exclusions; a missing file is an error, never "no exclusions"."""
    if not path.is_file():
        raise ExclusionsMissing(f"the coverage exclusions file is missing: {path}")
    with path.open(encoding="utf-8", newline="") as f:
        return {(r["check"], int(r["paragraph"]), r["expression"]) for r in csv.DictReader(f)}


def read_undated_reasons(path: Path) -> dict[str, str]:
    """claim_id -> why the paper gives the reported claim no date (qa/undated_claims.csv)."""
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as f:
        return {r["claim_id"]: r["reason"] for r in csv.DictReader(f)}


@dataclass(frozen=True)
class Undated:
    claim_id: str
    paragraph: int
    reason: str

    def __str__(self) -> str:
        return f"undated: p{self.paragraph}: {self.claim_id}: {self.reason}"


def undated_claims(ds, reasons: dict[str, str]) -> tuple[list[Undated], list[Gap]]:
    """The reported claims without a date, each with its reason, in claim order; and the gaps: an
    undated reported claim with no reason, a reason for a claim that is not one."""
    listed: list[Undated] = []
    out: list[Gap] = []
    for c in ds.claims.values():
        if c.voice != "reported" or c.date is not None:
            continue
        if c.claim_id in reasons:
            listed.append(Undated(c.claim_id, c.paragraph, reasons[c.claim_id]))
        else:
            out.append(Gap("undated", c.paragraph, f"{c.claim_id} has no date and no reason"))
    known = {u.claim_id for u in listed}
    for claim_id in sorted(set(reasons) - known):
        c = ds.claims.get(claim_id)
        out.append(Gap("undated", c.paragraph if c else 0, f"reason for {claim_id}, which is not an undated reported claim"))
    return listed, out


def gaps(ds, paper: Paper, exclusions: frozenset[tuple[str, int, str]] | set[tuple[str, int, str]] = frozenset()) -> list[Gap]:
    """Every gap between the paper and the dataset ``ds`` (a nrcdata.Dataset)."""
    out: list[Gap] = []
    anchored = [r for name in ("claims", "events", "cases", "case_measures", "phases", "topics", "notes")
                for r in ds.tables[name]]
    backed = {r.footnote for r in ds.claim_sources} | {r.footnote for r in ds.event_sources}
    backed |= {r.anchor_footnote for r in anchored if r.anchor_footnote is not None}
    out += [Gap("footnote", n, "backs no row") for n in paper.footnotes if n not in backed]

    claims_by_p = ds.by("claims", "paragraph")
    events_by_p = ds.by("events", "paragraph")
    quotes_by_p: dict[int, list[str]] = {}
    for r in anchored:
        if r.anchor_footnote is None:
            quotes_by_p.setdefault(r.paragraph, []).append(normalize(getattr(r, "quote", "") or ""))
    for p in paper.paragraphs:
        n = p.number
        if n not in claims_by_p:
            out.append(Gap("paragraph", n, "has no claim"))
        printed = [normalize(e.date_as_printed) for e in events_by_p.get(n, []) if e.anchor_footnote is None]
        for expr in date_expressions(p.plain):
            e = normalize(expr)
            if not any(e in d or d in e for d in printed):
                out.append(Gap("date", n, expr))
        reported = [" ".join(_words(c.quote)) for c in claims_by_p.get(n, [])
                    if c.voice == "reported" and c.anchor_footnote is None]
        for q in quotations(paper.normalized(f"p{n}")):
            words = _words(q)
            windows = [" ".join(words[i:i + 3]) for i in range(len(words) - 2)]
            if not any(f" {w} " in f" {rq} " for w in windows for rq in reported):
                out.append(Gap("quotation", n, q))
        quotes = quotes_by_p.get(n, [])
        for num in numbers(p.plain):
            if not any(re.search(rf"(?<![\w-]){re.escape(num)}(?![\w-])", q, re.IGNORECASE) for q in quotes):
                out.append(Gap("number", n, num))
    found = {(g.check, g.paragraph, g.expression) for g in out}
    stale = [Gap(check, n, f"exclusion matches nothing: {expr}") for check, n, expr in exclusions
             if (check, n, expr) not in found]
    return sorted(g for g in set(out) if (g.check, g.paragraph, g.expression) not in exclusions) + stale
