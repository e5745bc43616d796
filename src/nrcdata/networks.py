"""Discourse networks of the claims, as discourse network analysis builds them from statements
(actor, concept, agreement): the two-mode actor-issue network (``affiliation``) and the one-mode
actor networks of agreement (``congruence``) and disagreement (``conflict``); and the statement
list for the Discourse Network Analyzer (``dna_rows``).

An actor is a claim's holder; only claims with an issue and a position count. The rules (an
actor's position on an issue, the weights, the filters) are plain Python here, which the network
picture in plot.py draws from too; the graphs are networkx graphs (``pip install
'nrcdata[network]'``), imported only inside the functions that build them. The codebook's
"Networks" section states the rules for users.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import os
import re
from collections import Counter
from enum import Enum
from pathlib import Path

from . import vocab
from .csvio import format_cell, to_csv_text, write_output
from .edtf import bounds as edtf_bounds
from .errors import ExportError, require
from .loading import Dataset, claim_phase, load, phase_bounds
from .models import Claim, Issue
from .typemaps import is_optional

KINDS = ("affiliation", "congruence", "conflict")
FORMATS = {".graphml": "graphml", ".gexf": "gexf", ".csv": "csv"}
# the positions that link two actors; an ambivalent position is for and against at once, so it
# agrees or disagrees with no one (as a discourse network's binary agreement qualifier has it)
LINKING = (vocab.Position.SUPPORT, vocab.Position.OPPOSE)
# the edge attributes of each kind, in the order the CSV edge list gives them after the weight
EDGE_ATTRIBUTES = {"affiliation": tuple(p.value for p in vocab.Position), "congruence": ("issues",),
                   "conflict": ("issues",)}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

# the DNA statement list: one file, DNA's variable names (rDNA's dna_getStatements columns
# person, organization, concept, agreement), then where the claim is, then the issue's ID
DNA_NAME = "statements.csv"
DNA_COLUMNS = ("claim_id", "date", "person", "organization", "concept", "agreement", "quote", "section",
               "paragraph", "issue_id")
AGREEMENT = {vocab.Position.SUPPORT: 1, vocab.Position.OPPOSE: 0}  # ambivalent: no value


class NetworkError(ExportError):
    """A network cannot be built or written: a bad kind, phase, date or file name (exit 2)."""


def _nx():
    return require("networkx", "nrcdata network", "network")


# ---------------------------------------------------------------------------------------------
# which claims, and each actor's position on each issue


def check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise NetworkError(f"unknown network kind {kind!r}; choose one of {', '.join(KINDS)}")


def check_phase(phases: dict, phase: str | None) -> None:
    if phase is not None and phase not in phases:
        raise NetworkError(f"unknown phase {phase!r}; choose one of {', '.join(sorted(phases))}")


def parse_date(value: str | dt.date | None, last: bool) -> dt.date | None:
    """A filter's date: a date, or text YYYY, YYYY-MM or YYYY-MM-DD, taken as its first day
    (``last=False``, a from-date) or its last (``last=True``, a to-date)."""
    if value is None or isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not DATE.match(value):
        raise NetworkError(f"bad date {value!r}: give YYYY, YYYY-MM or YYYY-MM-DD")
    try:
        first, final, precision = edtf_bounds(value)
    except ValueError as e:
        raise NetworkError(f"bad date {e}") from None
    if precision == "season":  # YYYY-21..24 matches the pattern but is no month
        raise NetworkError(f"bad date {value!r}: give YYYY, YYYY-MM or YYYY-MM-DD")
    assert first is not None and final is not None
    return final if last else first


def positioned(ds: Dataset) -> list[Claim]:
    """The claims that take a position on an issue (issue_id and position set), in claim order."""
    return [c for c in ds.claims.values() if c.issue_id and c.position]


def _within(c: Claim, start: dt.date | None, end: dt.date | None) -> bool:
    # containment: the claim's whole date lies in the window; an undated claim is in none, an open
    # end reaches past any bound
    if c.date is None:
        return False
    if start is not None and (c.date_start is None or c.date_start < start):
        return False
    return end is None or (c.date_end is not None and c.date_end <= end)


def select(ds: Dataset, phase: str | None = None, date_from=None, date_to=None) -> list[Claim]:
    """The positioned claims of a phase (phase_id, else the one phase containing date_start, as
    plot.py counts them) and whose date lies wholly between date_from and date_to; no filter, all."""
    check_phase(ds.phases, phase)
    start, end = parse_date(date_from, last=False), parse_date(date_to, last=True)
    if start and end and start > end:
        raise NetworkError(f"the from-date {date_from!r} is after the to-date {date_to!r}")
    claims = positioned(ds)
    if phase is not None:
        bounds = phase_bounds(ds.phases.values())
        claims = [c for c in claims if claim_phase(c.phase_id, c.date_start, bounds) == phase]
    if start or end:
        claims = [c for c in claims if _within(c, start, end)]
    return claims


def tallies(claims: list[Claim]) -> dict[tuple[str, str], Counter]:
    """{(actor, issue): Counter of positions} over the claims."""
    out: dict[tuple[str, str], Counter] = {}
    for c in claims:
        assert c.issue_id is not None  # positioned claims only
        out.setdefault((c.holder_id, c.issue_id), Counter())[c.position] += 1
    return out


def positions(claims: list[Claim]) -> dict[tuple[str, str], vocab.Position]:
    """Each actor's position on each issue: support or oppose, whichever more of its claims on the
    issue take; ambivalent when they tie (ambivalent claims alone are a tie, 0 to 0)."""
    out = {}
    for key, n in sorted(tallies(claims).items()):
        s, o = n[vocab.Position.SUPPORT], n[vocab.Position.OPPOSE]
        out[key] = vocab.Position.SUPPORT if s > o else vocab.Position.OPPOSE if o > s else vocab.Position.AMBIVALENT
    return out


def links(held: dict[tuple[str, str], vocab.Position], kind: str) -> dict[tuple[str, str], list[str]]:
    """{(actor a, actor b), a < b: the issues that link them}: congruence, both take the same
    position (support or oppose); conflict, one supports and the other opposes."""
    by_issue: dict[str, dict[vocab.Position, list[str]]] = {}
    for (actor, issue), position in sorted(held.items()):
        by_issue.setdefault(issue, {}).setdefault(position, []).append(actor)
    out: dict[tuple[str, str], list[str]] = {}
    for issue, groups in sorted(by_issue.items()):
        if kind == "congruence":
            pairs = [p for pos in LINKING for p in itertools.combinations(groups.get(pos, []), 2)]
        else:
            pairs = [(a, b) for a in groups.get(vocab.Position.SUPPORT, []) for b in groups.get(vocab.Position.OPPOSE, [])]
        for a, b in pairs:
            out.setdefault((min(a, b), max(a, b)), []).append(issue)
    return dict(sorted(out.items()))


# ---------------------------------------------------------------------------------------------
# the graphs


def _plain(value):
    # GraphML holds no None: a missing value is ""
    return "" if value is None else value.value if isinstance(value, Enum) else value


def affiliation_ids(ds: Dataset, actor_id: str) -> list[str]:
    """The organisations the paper says the actor belongs to (affiliations), in file order."""
    return [a.organisation_id for a in ds.actors[actor_id].affiliations]


def _actor_attributes(ds: Dataset, actor_id: str) -> dict:
    actor = ds.actors[actor_id]
    return {"label": actor.name, "kind": _plain(actor.kind), "side": _plain(actor.side),
            "affiliation": ";".join(affiliation_ids(ds, actor_id))}


def _issue_attributes(issue: Issue) -> dict:
    # an optional field is text ("" when empty), so each attribute has one type in every node
    return {name: format_cell(getattr(issue, name)) if is_optional(info) else _plain(getattr(issue, name))
            for name, info in Issue.model_fields.items()}


def build(kind: str, ds: Dataset, phase: str | None = None, date_from=None, date_to=None):
    """The network of a loaded Dataset as a networkx Graph (see ``network``)."""
    check_kind(kind)
    nx = _nx()
    claims = select(ds, phase, date_from, date_to)
    graph = nx.Graph(kind=kind, phase=phase or "", date_from=format_cell(date_from), date_to=format_cell(date_to),
                     version=ds.version)
    actors = sorted({c.holder_id for c in claims})
    if kind == "affiliation":
        counts = tallies(claims)
        issues = sorted({i for _, i in counts})
        if set(actors) & set(issues):  # one ID would be one node
            raise NetworkError(f"actor and issue IDs overlap: {', '.join(sorted(set(actors) & set(issues)))}")
        for a in actors:
            graph.add_node(a, bipartite=0, mode="actor", **_actor_attributes(ds, a))
        for i in issues:
            graph.add_node(i, bipartite=1, mode="issue", **_issue_attributes(ds.issues[i]))
        for (a, i), n in sorted(counts.items()):
            graph.add_edge(a, i, weight=sum(n.values()), **{p.value: n[p] for p in vocab.Position})
        return graph
    for a in actors:  # every actor with a position in the claims, linked or not
        graph.add_node(a, **_actor_attributes(ds, a))
    for (a, b), shared in links(positions(claims), kind).items():
        graph.add_edge(a, b, weight=len(shared), issues=";".join(shared))
    return graph


def network(kind: str, path: str | os.PathLike | None = None, *, phase: str | None = None,
            date_from: str | dt.date | None = None, date_to: str | dt.date | None = None):
    """A discourse network of the package (the shipped one by default) as a networkx Graph (needs
    ``nrcdata[network]``).

    ``affiliation``: actors and issues (``bipartite`` 0/1, ``mode`` "actor"/"issue"), an edge per
    actor and issue with ``weight`` (its claims on the issue) and ``support``, ``oppose``,
    ``ambivalent`` counts. ``congruence`` / ``conflict``: actors, linked when both take the same
    position on an issue / one supports and the other opposes; ``weight`` is the number of such
    issues (not normalised), ``issues`` lists them joined by ";". An actor's position on an issue
    is the majority of its support and oppose claims on it, ambivalent on a tie; ambivalent
    positions link no one. Actor nodes carry ``label``, ``kind``, ``side`` and ``affiliation``.

    ``phase`` keeps the claims of a phase (phase_id, else the phase containing date_start);
    ``date_from`` / ``date_to`` (YYYY, YYYY-MM, YYYY-MM-DD or a date) keep dated claims whose whole
    date lies between them. Raises NetworkError for a bad kind, phase or date."""
    check_kind(kind)
    parse_date(date_from, last=False)
    parse_date(date_to, last=True)
    _nx()  # a missing networkx is reported before the package is loaded
    return build(kind, load(path), phase, date_from, date_to)


# ---------------------------------------------------------------------------------------------
# files


def edge_list(graph) -> tuple[list[str], list[list]]:
    """The CSV edge list of a graph: source, target, weight, the kind's edge attributes
    (EDGE_ATTRIBUTES), then both ends' labels; one row per edge in the graph's order (for the
    affiliation network the source is the actor, the target the issue)."""
    extra = list(EDGE_ATTRIBUTES[graph.graph["kind"]])
    header = ["source", "target", "weight", *extra, "source_label", "target_label"]
    rows = []
    for a, b, data in graph.edges(data=True):
        if graph.nodes[a].get("mode") == "issue":
            a, b = b, a
        rows.append([a, b, data["weight"], *(data[x] for x in extra), graph.nodes[a]["label"], graph.nodes[b]["label"]])
    return header, rows


def serialise(graph, fmt: str) -> bytes:
    """A graph as GraphML, GEXF (networkx's writers) or the CSV edge list."""
    if fmt == "csv":
        return to_csv_text(*edge_list(graph)).encode("utf-8")
    nx = _nx()
    buf = io.BytesIO()
    (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(graph, buf)
    return buf.getvalue()


def write_network(kind: str, out: str | os.PathLike, path: str | os.PathLike | None = None, *,
                  phase: str | None = None, date_from=None, date_to=None):
    """Write a network (see ``network``) into ``out``; the suffix gives the format (.graphml,
    .gexf or .csv). A temporary file beside it is renamed into place. Returns the graph."""
    out = Path(out)
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise NetworkError(f"{out}: a network is written as GraphML, GEXF or a CSV edge list; give a file "
                           f"name ending in {', '.join(FORMATS)}")
    graph = network(kind, path, phase=phase, date_from=date_from, date_to=date_to)
    data = serialise(graph, fmt)
    write_output(out, data, NetworkError)
    return graph


# ---------------------------------------------------------------------------------------------
# the Discourse Network Analyzer's statements


def dna_rows(ds: Dataset) -> tuple[list[str], list[list]]:
    """One row per positioned claim (DNA_COLUMNS): the claim's EDTF date; person, the holder's
    name when it is a person; organization, a person's affiliations by name (";"-joined), else the
    holder itself; concept, the issue's label; agreement 1 support, 0 oppose, empty ambivalent."""
    rows = []
    for c in positioned(ds):
        holder = c.holder
        person = holder.kind == vocab.ActorKind.PERSON
        organization = ";".join(a.organisation.name for a in holder.affiliations) if person else holder.name
        assert c.issue is not None and c.position is not None
        rows.append([c.claim_id, c.date, holder.name if person else None, organization or None, c.issue.label,
                     AGREEMENT.get(c.position), c.quote, c.section_id, c.paragraph, c.issue_id])
    return list(DNA_COLUMNS), rows
