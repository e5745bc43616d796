"""Networks: the affiliation, congruence and conflict graphs, checked against counts worked out
here from data/*.csv with the csv module; their GraphML, GEXF and CSV files read back by networkx,
python-igraph and csv; the filters; the errors; the DNA statement list."""

import csv
import datetime as dt
import itertools
import sys
from collections import Counter
from types import SimpleNamespace

import igraph  # a test dependency: without it these tests fail, never skip
import networkx as nx
import pytest

import nrcdata
from nrcdata import networks, plot
from conftest import ROOT, run_cli

DATA = ROOT / "data"


def _rows(table: str) -> list[dict]:
    with (DATA / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


CLAIMS = [c for c in _rows("claims") if c["issue_id"] and c["position"]]
PHASES = {p["phase_id"]: p for p in _rows("phases")}
ACTORS = {a["actor_id"]: a for a in _rows("actors")}


def _day(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _phase_of(c: dict) -> str | None:
    """phase_id, else the one phase whose dates hold date_start (phase 3, undated in phases.csv,
    runs from the day after phase 2 ends)."""
    if c["phase_id"] or not c["date_start"]:
        return c["phase_id"] or None
    day = _day(c["date_start"])
    spans = {"phase1": (_day(PHASES["phase1"]["date_start"]), _day(PHASES["phase1"]["date_end"])),
             "phase2": (_day(PHASES["phase2"]["date_start"]), _day(PHASES["phase2"]["date_end"])),
             "phase3": (_day(PHASES["phase2"]["date_end"]) + dt.timedelta(days=1), dt.date.max)}
    hits = [p for p, (a, b) in spans.items() if a <= day <= b]
    return hits[0] if len(hits) == 1 else None


def _expected(kind: str, claims: list[dict]) -> dict[tuple[str, str], int]:
    """The edges worked out here: for affiliation, claims per (actor, issue); for congruence and
    conflict, per pair of actors the issues on which their majority positions agree / clash."""
    if kind == "affiliation":
        return dict(Counter((c["holder_id"], c["issue_id"]) for c in claims))
    score: Counter = Counter()
    for c in claims:
        score[(c["holder_id"], c["issue_id"])] += {"support": 1, "oppose": -1, "ambivalent": 0}[c["position"]]
    side = {key: (v > 0) - (v < 0) for key, v in score.items()}  # +1 support, -1 oppose, 0 ambivalent
    actors = sorted({a for a, _ in side})
    issues = {i for _, i in side}
    out = {}
    for a, b in itertools.combinations(actors, 2):
        n = sum(1 for i in issues if side.get((a, i), 0) and side.get((b, i), 0)
                and (side[(a, i)] == side[(b, i)]) == (kind == "congruence"))
        if n:
            out[(a, b)] = n
    return out


def _edges(graph, weight="weight") -> dict[tuple[str, str], int]:
    out = {}
    for a, b, w in graph.edges(data=weight):
        if graph.nodes[a].get("mode") == "issue":
            a, b = b, a
        out[(a, b) if graph.graph.get("kind") == "affiliation" or a < b else (b, a)] = int(w)
    return out


CASES = [(k, None) for k in networks.KINDS] + [("congruence", p) for p in PHASES]


@pytest.fixture(scope="module")
def graphs(dataset):
    return {(k, p): networks.build(k, dataset, phase=p) for k, p in CASES}


@pytest.mark.parametrize("kind,phase", CASES)
def test_edges_equal_the_counts_worked_out_from_the_csv(graphs, kind, phase):
    claims = [c for c in CLAIMS if phase is None or _phase_of(c) == phase]
    expected = _expected(kind, claims)
    assert expected, (kind, phase)
    assert _edges(graphs[(kind, phase)]) == expected
    # every actor with a position is a node, linked or not
    actors = {n for n, d in graphs[(kind, phase)].nodes(data=True) if d.get("mode", "actor") == "actor"}
    assert actors == {c["holder_id"] for c in claims}


def test_affiliation_edges_count_each_position(graphs):
    graph = graphs[("affiliation", None)]
    counts = Counter((c["holder_id"], c["issue_id"], c["position"]) for c in CLAIMS)
    for a, i, data in graph.edges(data=True):
        actor, issue = (a, i) if graph.nodes[a]["mode"] == "actor" else (i, a)
        for position in ("support", "oppose", "ambivalent"):
            assert data[position] == counts[(actor, issue, position)], (actor, issue, position)
        assert data["weight"] == data["support"] + data["oppose"] + data["ambivalent"]
    # the author's 17 claims on the NRC's worth: 6 support, 11 oppose (so the author opposes it)
    assert graph.edges["adomeit", "nrc_value"] == {"weight": 17, "support": 6, "oppose": 11, "ambivalent": 0}
    assert {d["bipartite"] for _, d in graph.nodes(data=True)} == {0, 1}


def test_the_position_rule_is_the_majority_and_a_tie_is_ambivalent():
    def claims(*positions):
        return [SimpleNamespace(holder_id="a", issue_id="x", position=p) for p in positions]
    sup, opp, amb = networks.vocab.Position.SUPPORT, networks.vocab.Position.OPPOSE, networks.vocab.Position.AMBIVALENT
    assert networks.positions(claims(sup, sup, opp)) == {("a", "x"): sup}
    assert networks.positions(claims(opp, amb, amb)) == {("a", "x"): opp}  # ambivalent claims do not vote
    assert networks.positions(claims(sup, opp)) == {("a", "x"): amb}
    assert networks.positions(claims(amb)) == {("a", "x"): amb}
    held = {("a", "x"): sup, ("b", "x"): sup, ("c", "x"): opp, ("d", "x"): amb, ("a", "y"): opp, ("b", "y"): opp}
    assert networks.links(held, "congruence") == {("a", "b"): ["x", "y"]}
    assert networks.links(held, "conflict") == {("a", "c"): ["x"], ("b", "c"): ["x"]}


def test_no_pair_is_linked_both_ways_on_one_issue(graphs):
    agree, clash = graphs[("congruence", None)], graphs[("conflict", None)]
    for a, b, issues in agree.edges(data="issues"):
        if clash.has_edge(a, b):
            assert not set(issues.split(";")) & set(clash.edges[a, b]["issues"].split(";"))


def test_the_picture_and_the_graph_are_one_network(dataset, graphs):
    for phase in PHASES:
        assert plot.congruence(dataset, phase)["edges"] == _edges(graphs[("congruence", phase)])
        assert _edges(plot.congruence_graph(dataset, phase)) == _edges(graphs[("congruence", phase)])


def test_node_attributes(graphs, dataset):
    graph = graphs[("affiliation", None)]
    assert graph.nodes["lavrov"] == {"bipartite": 0, "mode": "actor", "label": "Sergei Lavrov", "kind": "person",
                                     "side": "russia", "affiliation": "russia_foreign_ministry"}
    assert graph.nodes["adomeit"]["affiliation"] == ""
    issue = graph.nodes["nato_enlargement"]
    assert issue["mode"] == "issue" and issue["label"] == "NATO enlargement"
    assert issue["anchor_footnote"] == "" and isinstance(issue["paragraph"], int)
    for g in graphs.values():
        for _, data in g.nodes(data=True):
            assert None not in data.values()
        for node in g:
            if g.nodes[node].get("mode", "actor") == "actor":
                assert g.nodes[node]["label"] == ACTORS[node]["name"]


# --- files -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind,phase", CASES)
def test_graphml_reads_back_in_networkx_and_igraph(tmp_path, graphs, kind, phase):
    out = tmp_path / f"{kind}.graphml"
    args = ["network", "--kind", kind, "--out", out] + (["--phase", phase] if phase else [])
    code, stdout, err = run_cli(*args)
    graph = graphs[(kind, phase)]
    assert (code, err) == (0, "")
    assert stdout == f"network: wrote {out} ({kind}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges)\n"
    back = nx.read_graphml(out)
    assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))
    assert {tuple(sorted((a, b))): d for a, b, d in back.edges(data=True)} == \
        {tuple(sorted((a, b))): d for a, b, d in graph.edges(data=True)}
    ig = igraph.Graph.Read_GraphML(str(out))
    assert sorted(ig.vs["id"]) == sorted(graph.nodes)
    for v in ig.vs:
        for name in ("label", "kind", "side", "affiliation") if kind != "affiliation" or v["mode"] == "actor" else ("label",):
            assert v[name] == graph.nodes[v["id"]][name]
    weights = {tuple(sorted((ig.vs[e.source]["id"], ig.vs[e.target]["id"]))): e["weight"] for e in ig.es}
    assert weights == {tuple(sorted((a, b))): w for a, b, w in graph.edges(data="weight")}
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no temporary left


@pytest.mark.parametrize("kind", networks.KINDS)
def test_gexf_reads_back_in_networkx(tmp_path, graphs, kind):
    out = tmp_path / f"{kind}.gexf"
    assert run_cli("network", "--kind", kind, "--out", out)[0] == 0
    back, graph = nx.read_gexf(out), graphs[(kind, None)]
    assert {n: d["label"] for n, d in back.nodes(data=True)} == {n: d["label"] for n, d in graph.nodes(data=True)}
    assert {tuple(sorted((a, b))): w for a, b, w in back.edges(data="weight")} == \
        {tuple(sorted((a, b))): w for a, b, w in graph.edges(data="weight")}
    assert back.nodes["putin"]["side"] == "russia"


@pytest.mark.parametrize("kind", networks.KINDS)
def test_the_csv_edge_list(tmp_path, graphs, kind):
    out = tmp_path / f"{kind}.csv"
    assert run_cli("network", "--kind", kind, "--out", out)[0] == 0
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    extra = ["support", "oppose", "ambivalent"] if kind == "affiliation" else ["issues"]
    assert list(rows[0]) == ["source", "target", "weight", *extra, "source_label", "target_label"]
    assert {(r["source"], r["target"]): int(r["weight"]) for r in rows} == _expected(kind, CLAIMS)
    for r in rows:
        assert r["source_label"] == ACTORS[r["source"]]["name"]
        if kind != "affiliation":
            assert len(r["issues"].split(";")) == int(r["weight"])


# --- filters -----------------------------------------------------------------------------


def test_a_phase_narrows_the_graph(graphs):
    whole = graphs[("congruence", None)]
    for phase in PHASES:
        part = graphs[("congruence", phase)]
        assert set(part) < set(whole) and part.number_of_edges() < whole.number_of_edges()
        assert part.graph["phase"] == phase


def test_dates_keep_the_claims_wholly_inside_them(dataset):
    kept = networks.select(dataset, date_from="2000", date_to="2006-06")
    expected = [c["claim_id"] for c in CLAIMS if c["date"] and c["date_start"] and c["date_end"]
                and c["date_start"] >= "2000-01-01" and c["date_end"] <= "2006-06-30"]
    assert [c.claim_id for c in kept] == expected and 0 < len(expected) < len(CLAIMS)
    # an undated claim is dropped by either filter; an open end ("2002/..") by a to-date
    assert all(c.date for c in networks.select(dataset, date_from="1900"))
    open_ended = {c["claim_id"] for c in CLAIMS if c["date"].endswith("/..")}
    assert open_ended and not open_ended & {c.claim_id for c in networks.select(dataset, date_to="2099")}
    assert open_ended <= {c.claim_id for c in networks.select(dataset, date_from="1990")}
    # a filtered graph is built from the kept claims only
    graph = networks.build("affiliation", dataset, date_from="2000", date_to="2006-06")
    assert sum(w for *_, w in graph.edges(data="weight")) == len(expected)
    assert graph.graph["date_from"] == "2000" and graph.graph["date_to"] == "2006-06"


def test_a_year_is_its_first_day_from_and_its_last_day_to():
    assert networks.parse_date("1999", last=False) == dt.date(1999, 1, 1)
    assert networks.parse_date("1999", last=True) == dt.date(1999, 12, 31)
    assert networks.parse_date("2000-02", last=True) == dt.date(2000, 2, 29)
    assert networks.parse_date(dt.date(2001, 5, 6), last=True) == dt.date(2001, 5, 6)


def test_phase_and_dates_combine(dataset):
    both = networks.select(dataset, phase="phase3", date_from="2006")
    assert both and all(c.date_start >= dt.date(2006, 1, 1) for c in both)
    assert set(both) < set(networks.select(dataset, phase="phase3"))


# --- errors ------------------------------------------------------------------------------


@pytest.mark.parametrize("args,message", [
    (["--kind", "affiliation", "--phase", "phase9"], "error: unknown phase 'phase9'; choose one of phase1, phase2, phase3\n"),
    (["--kind", "conflict", "--from", "2001-13"], "error: bad date '2001-13': month 13 does not exist\n"),
    (["--kind", "conflict", "--to", "spring"], "error: bad date 'spring': give YYYY, YYYY-MM or YYYY-MM-DD\n"),
    (["--kind", "conflict", "--to", "2001-21"], "error: bad date '2001-21': give YYYY, YYYY-MM or YYYY-MM-DD\n"),
    (["--kind", "conflict", "--from", "2003", "--to", "2001"], "error: the from-date '2003' is after the to-date '2001'\n"),
])
def test_a_bad_phase_or_date_is_exit_2_naming_it(tmp_path, args, message):
    out = tmp_path / "n.graphml"
    code, stdout, err = run_cli("network", *args, "--out", out)
    assert (code, stdout, err) == (2, "", message)
    assert not out.exists()


def test_a_bad_kind_or_suffix_is_exit_2_naming_it(tmp_path):
    code, _, err = run_cli("network", "--kind", "friendship", "--out", tmp_path / "n.graphml")
    assert code == 2 and "invalid choice: 'friendship'" in err
    out = tmp_path / "n.png"
    code, _, err = run_cli("network", "--kind", "congruence", "--out", out)
    assert (code, err) == (2, f"error: {out}: a network is written as GraphML, GEXF or a CSV edge list; give a file "
                              "name ending in .graphml, .gexf, .csv\n")
    assert not out.exists()
    with pytest.raises(networks.NetworkError, match="unknown network kind 'friendship'"):
        nrcdata.network("friendship")
    with pytest.raises(nrcdata.ExportError, match="unknown phase 'phase0'"):
        nrcdata.network("conflict", phase="phase0")


def test_without_networkx_the_extra_is_named(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "networkx", None)  # import networkx now raises ImportError
    with pytest.raises(nrcdata.MissingDependency, match=r"pip install 'nrcdata\[network\]'"):
        nrcdata.network("congruence")
    code, _, err = run_cli("network", "--kind", "congruence", "--out", tmp_path / "n.graphml")
    assert code == 2 and "nrcdata[network]" in err


def test_the_public_function(graphs):
    graph = nrcdata.network("conflict", phase="phase1")
    assert _edges(graph) == _expected("conflict", [c for c in CLAIMS if _phase_of(c) == "phase1"])
    assert "network" in nrcdata.__all__ and _edges(nrcdata.network("affiliation")) == _edges(graphs[("affiliation", None)])


# --- the DNA statement list --------------------------------------------------------------


def test_dna_statements_one_row_per_positioned_claim(tmp_path):
    code, stdout, _ = run_cli("export", "--format", "dna", "--out", tmp_path)
    assert (code, stdout) == (0, f"export: wrote 1 dna file(s) to {tmp_path}\n")
    with (tmp_path / "statements.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["claim_id", "date", "person", "organization", "concept", "agreement", "quote",
                             "section", "paragraph", "issue_id"]
    assert [r["claim_id"] for r in rows] == [c["claim_id"] for c in CLAIMS]
    labels = {i["issue_id"]: i["label"] for i in _rows("issues")}
    orgs: dict[str, list[str]] = {}
    for a in _rows("affiliations"):
        orgs.setdefault(a["actor_id"], []).append(ACTORS[a["organisation_id"]]["name"])
    for r, c in zip(rows, CLAIMS):
        holder = ACTORS[c["holder_id"]]
        assert r["agreement"] == {"support": "1", "oppose": "0", "ambivalent": ""}[c["position"]]
        assert (r["date"], r["quote"], r["section"], r["paragraph"]) == (c["date"], c["quote"], c["section_id"], c["paragraph"])
        assert (r["concept"], r["issue_id"]) == (labels[c["issue_id"]], c["issue_id"])
        if holder["kind"] == "person":
            assert (r["person"], r["organization"]) == (holder["name"], ";".join(orgs.get(c["holder_id"], [])))
        else:
            assert (r["person"], r["organization"]) == ("", holder["name"])
    putin = next(r for r in rows if r["claim_id"] == "C1004")
    assert (putin["person"], putin["organization"], putin["agreement"], putin["concept"]) == ("Putin", "Russia", "0", "NATO enlargement")
    assert Counter(r["agreement"] for r in rows) == Counter({"support": "1", "oppose": "0", "ambivalent": ""}[c["position"]] for c in CLAIMS)
