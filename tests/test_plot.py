"""Pictures: tests compare what was drawn (texts, marks and their positions, pixels within a
tolerance), never file bytes across matplotlib versions, so the test extra needs no exact pins."""

import ast
import datetime as dt
import itertools
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

import matplotlib  # noqa: F401  (a test dependency: without it these tests fail, never skip)
import matplotlib.colors
import matplotlib.dates as mdates
from matplotlib.text import Text

from nrcdata import cli, plot, vocab
from nrcdata.plot import DPI, KINDS, SIZES, figure, render
from conftest import ROOT, run_cli

REGENERATE = "regenerate with 'nrcdata plot {kind} --out docs/{kind}.png' and look at it before committing"


@pytest.fixture(scope="module")
def figures(dataset):
    """One figure per picture of the shipped package, drawn once (tests only read them)."""
    out = {}
    for kind in KINDS:
        fig = figure(kind, dataset)
        fig.canvas.draw()
        out[kind] = fig
    return out


def drawn_texts(fig) -> list[tuple[str, object, object]]:
    """(text, artist, box) for every visible, non-empty text of a drawn figure; the box is the
    glyphs' extent in display pixels, measured by the figure's renderer (for an annotation,
    without its leader line)."""
    renderer = fig.canvas.get_renderer()
    out = []
    for t in fig.findobj(Text):
        if t.get_visible() and t.get_text().strip():
            out.append((t.get_text(), t, Text.get_window_extent(t, renderer)))
    return out


def overlapping_pairs(fig) -> list[tuple[str, str]]:
    texts = drawn_texts(fig)
    return [(a, b) for (a, _, ba), (b, _, bb) in itertools.combinations(texts, 2) if ba.overlaps(bb)]


def gap(a, b) -> float:
    """The distance in pixels between two boxes (0 when they touch or overlap)."""
    dx = max(b.x0 - a.x1, a.x0 - b.x1, 0)
    dy = max(b.y0 - a.y1, a.y0 - b.y1, 0)
    return (dx * dx + dy * dy) ** 0.5


def by_gid(fig, prefix: str) -> dict:
    return {a.get_gid(): a for a in fig.findobj(lambda a: a.get_gid() and a.get_gid().startswith(prefix))}


# --- labels do not overlap ------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_no_two_drawn_texts_overlap(kind, figures):
    """Every text drawn (event labels, lane and tick labels, phase names, titles, legend, caption):
    no two glyph boxes intersect, in display pixels."""
    fig = figures[kind]
    assert len(drawn_texts(fig)) > 10
    assert overlapping_pairs(fig) == []


def test_the_timeline_labels_every_key_event_once_and_apart(figures, dataset):
    labels = [(text, box) for text, t, box in drawn_texts(figures["timeline"])
              if (t.get_gid() or "").startswith("label:")]
    wanted = [name for eid, name in plot.KEY_EVENTS.items() if eid in dataset.events]
    assert sorted(text for text, _ in labels) == sorted(wanted)
    # the overlap issue 15 names
    boxes = dict(labels)
    assert not boxes["Russian foreign ministry created"].overlaps(boxes["NATO strikes Yugoslavia"])
    assert min(gap(a, b) for (_, a), (_, b) in itertools.combinations(labels, 2)) >= 2.0


def test_the_overlap_measure_sees_an_overlap():
    """The measure is not vacuous: two texts drawn on top of each other are found."""
    with plot.styled():
        fig = plot._new_figure("areas")
        fig.text(0.5, 0.5, "Russian foreign ministry created")
        fig.text(0.52, 0.5, "NATO strikes Yugoslavia")
        fig.text(0.1, 0.1, "apart")
    fig.canvas.draw()
    assert overlapping_pairs(fig) == [("Russian foreign ministry created", "NATO strikes Yugoslavia")]


def test_labels_stay_inside_the_axes(figures):
    fig = figures["timeline"]
    (ax,) = fig.axes
    area = ax.get_window_extent(fig.canvas.get_renderer())
    for text, t, box in drawn_texts(fig):
        if (t.get_gid() or "").startswith("label:"):
            assert area.x0 <= box.x0 and box.x1 <= area.x1 and area.y0 <= box.y0 and box.y1 <= area.y1, text


# --- what the timeline draws ----------------------------------------------------------------


def test_decades_and_long_dates_are_spans_and_days_are_points(figures, dataset):
    marks = by_gid(figures["timeline"], "")
    decade = marks["span:E081"]  # 199X: the 1990s
    assert dataset.events["E081"].date == "199X"
    assert type(decade).__name__ == "Rectangle"
    assert decade.get_x() == pytest.approx(mdates.date2num(dt.date(1990, 1, 1)))
    assert decade.get_x() + decade.get_width() == pytest.approx(mdates.date2num(dt.date(1999, 12, 31)))
    day = marks["point:E002"]  # December 11, 1999
    assert type(day).__name__ == "Line2D" and day.get_marker() == "o"
    assert day.get_xdata()[0] == pytest.approx(mdates.date2num(dt.date(1999, 12, 11)))
    kinds = {plot.mark_kind(e) for e in dataset.events.values() if plot._in_axis(e)}
    assert {"point", "span", "open_end", "open_start"} <= kinds
    # an occasion is drawn by its first mention (event_id == occasion_id); later mentions are not drawn
    for e in dataset.events.values():
        if e.event_id == e.occasion_id and plot._in_axis(e) \
                and e.date_precision in (vocab.DatePrecision.DECADE, vocab.DatePrecision.YEAR) \
                and e.date_start is not None and e.date_end is not None:
            assert f"span:{e.event_id}" in marks, e.event_id


def test_phases_are_bands(figures, dataset):
    bands = by_gid(figures["timeline"], "phase:")
    assert sorted(bands) == [f"phase:{p}" for p in sorted(dataset.phases)]
    starts = {pid: start for pid, _, _, start, _ in plot.phase_bounds(dataset.phases.values())}
    for gid, band in bands.items():
        x0 = band.get_x() if hasattr(band, "get_x") else band.get_xy()[0][0]  # a Rectangle, or a Polygon before 3.9
        assert x0 == pytest.approx(mdates.date2num(max(starts[gid[6:]], plot.AXIS_START)))
    texts = [t for t, _, _ in drawn_texts(figures["timeline"])]
    for p in dataset.phases.values():
        assert f"Phase {p.ordinal}: {p.name}" in texts


def _fake_dataset(dataset, occasion_of: dict[str, str]):
    """The shipped dataset with some events moved into another occasion (occasion_of: event_id ->
    the occasion's first mention); the others keep their occasion_id."""
    events = {eid: SimpleNamespace(**{**{name: getattr(e, name) for name in type(e).model_fields},
                                      "occasion_id": occasion_of.get(eid, e.occasion_id)})
              for eid, e in dataset.events.items()}
    return SimpleNamespace(events=events, areas=dataset.areas, cases=dataset.cases,
                           phases=dataset.phases, claims=dataset.claims, version=dataset.version)


def _marks(fig) -> dict[str, object]:
    return {gid.split(":", 1)[1]: a for gid, a in by_gid(fig, "").items()
            if gid.split(":", 1)[0] in ("point", "span", "open_end", "open_start", "open")}


def test_each_occasion_is_drawn_once(dataset):
    """Events moved into one occasion are drawn as one mark, by the first mention: E026 (NATO
    strikes Yugoslavia) with E027 and E028 (told again from the same day on)."""
    assert {dataset.events[e].occasion_id for e in ("E026", "E027", "E028")} == {"E026", "E027", "E028"}
    ds = _fake_dataset(dataset, {"E027": "E026", "E028": "E026"})
    with plot.styled():
        fig = plot.timeline_figure(ds)
    fig.canvas.draw()
    marks = _marks(fig)
    visible = [e for e in dataset.events.values() if plot._in_axis(e)]
    shown = len({e.occasion_id for e in visible}) - 2
    assert len(marks) == shown
    assert "E026" in marks and not {"E027", "E028"} & set(marks)
    assert [t for t, _, _ in drawn_texts(fig)].count("NATO strikes Yugoslavia") == 1
    assert any(f"{shown} occasions shown ({len(visible)} event rows" in t for t, _, _ in drawn_texts(fig))
    assert overlapping_pairs(fig) == []


def test_the_shipped_occasions_are_drawn_once_each(figures, dataset):
    """0.2's events.occasion_id: one mark per distinct occasion among the events on the axis, drawn
    by the occasion's first mention; a later mention's key-event label goes to that mark."""
    visible = [e for e in dataset.events.values() if plot._in_axis(e)]
    occasion_ids = {e.occasion_id for e in visible}
    assert len(occasion_ids) < len(visible)  # the paper tells some occurrences more than once
    marks = _marks(figures["timeline"])
    assert sorted(marks) == sorted(occasion_ids)
    texts = [t for t, _, _ in drawn_texts(figures["timeline"])]
    assert any(f"{len(occasion_ids)} occasions shown ({len(visible)} event rows" in t for t in texts)
    # E041 (NRC set up in Rome) is a later mention of E004's occasion: labelled once, at E004's mark
    assert dataset.events["E041"].occasion_id == "E004" and "E041" not in marks
    assert texts.count(plot.KEY_EVENTS["E041"]) == 1
    (label,) = by_gid(figures["timeline"], f"label:{plot.KEY_EVENTS['E041']}").values()
    bar = marks["E004"]
    assert label.xy[0] == pytest.approx(bar.get_x() + bar.get_width() / 2)


def test_a_timeline_without_events_still_draws(dataset):
    """While events.csv is being filled the picture must still render (the validator rejects an
    empty table, so the Dataset is built directly from freshly loaded rows)."""
    from nrcdata.loading import Dataset
    ds = Dataset(dataset.root, {**dataset.tables, "events": [], "event_sources": []}, dataset.version)
    fig = figure("timeline", ds)
    fig.canvas.draw()
    assert _marks(fig) == {} and len(by_gid(fig, "phase:")) == 3


# --- the stance picture, over a small synthetic frame ---------------------------------------

PHASES = [
    {"phase_id": "phase1", "ordinal": 1, "name": "one", "date_start": dt.date(1990, 6, 1), "date_end": dt.date(1993, 5, 31)},
    {"phase_id": "phase2", "ordinal": 2, "name": "two", "date_start": dt.date(1993, 1, 1), "date_end": dt.date(1999, 12, 31)},
    {"phase_id": "phase3", "ordinal": 3, "name": "three", "date_start": None, "date_end": None},
]
S, P = vocab.Side, vocab.Stance
SUPPORT, OPPOSE, AMBIVALENT = vocab.Position.SUPPORT, vocab.Position.OPPOSE, vocab.Position.AMBIVALENT
assert plot.POSITIONS == (SUPPORT, OPPOSE, AMBIVALENT)


def _claims():
    rows = [
        # (side, stance, phase_id, date_start, position)
        (S.RUSSIA, P.NEGATIVE, "phase2", dt.date(1997, 5, 27), OPPOSE),
        (S.RUSSIA, P.NEGATIVE, None, dt.date(1995, 3, 1), OPPOSE),       # phase 2 by its date
        (S.RUSSIA, P.POSITIVE, None, dt.date(2002, 5, 28), SUPPORT),     # phase 3 (after phase 2)
        (S.RUSSIA, P.MIXED, None, dt.date(1993, 3, 1), AMBIVALENT),      # in phases 1 and 2: none
        (S.NATO, P.POSITIVE, None, dt.date(2002, 5, 28), SUPPORT),
        (S.NATO_MEMBER, P.POSITIVE, "phase3", dt.date(2004, 1, 1), SUPPORT),
        (S.NATO, P.NEUTRAL, "phase1", None, None),
        (S.AUTHOR, P.NEGATIVE, "phase3", None, None),
        (S.AUTHOR, P.NEGATIVE, None, None, OPPOSE),                      # no phase, no date
        (S.EU, P.POSITIVE, "phase3", dt.date(2003, 1, 1), SUPPORT),      # other side: not shown
    ]
    return [{"claim_id": f"C{i:04d}", "side": side, "stance": stance, "phase_id": phase,
             "date_start": date, "issue_id": "enlargement" if pos else None, "position": pos}
            for i, (side, stance, phase, date, pos) in enumerate(rows, 1)]


def _heights(fig, prefix: str) -> dict[str, float]:
    return {gid: bar.get_height() for gid, bar in by_gid(fig, prefix).items()}


def test_stance_counts_by_phase_year_and_position():
    counts = plot.stance_counts(_claims(), PHASES)
    assert counts["phase"] == {
        "russian_holders": {"phase2": {P.NEGATIVE: 2}, "phase3": {P.POSITIVE: 1}},
        "nato_side": {"phase3": {P.POSITIVE: 2}, "phase1": {P.NEUTRAL: 1}},
        "the_author": {"phase3": {P.NEGATIVE: 1}},
    }
    assert counts["unassigned"] == 2 and counts["other_sides"] == 1
    assert counts["year"] == {
        "russian_holders": {1997: {P.NEGATIVE: 1}, 1995: {P.NEGATIVE: 1}, 2002: {P.POSITIVE: 1}, 1993: {P.MIXED: 1}},
        "nato_side": {2002: {P.POSITIVE: 1}, 2004: {P.POSITIVE: 1}},
    }
    assert counts["position"] == {"russian_holders": {OPPOSE: 2, SUPPORT: 1, AMBIVALENT: 1},
                                  "nato_side": {SUPPORT: 2}, "the_author": {OPPOSE: 1}}


def test_stance_draws_the_synthetic_frame():
    with plot.styled():
        fig = plot.stance_figure(_claims(), PHASES, "9.9.9")
    fig.canvas.draw()
    assert _heights(fig, "stance:phase:") == {
        f"stance:phase:russian_holders:phase2:{P.NEGATIVE}": 2, f"stance:phase:russian_holders:phase3:{P.POSITIVE}": 1,
        f"stance:phase:nato_side:phase1:{P.NEUTRAL}": 1, f"stance:phase:nato_side:phase3:{P.POSITIVE}": 2,
        f"stance:phase:the_author:phase3:{P.NEGATIVE}": 1}
    years = _heights(fig, "stance:year:")
    assert years[f"stance:year:russian_holders:1995:{P.NEGATIVE}"] == 1
    assert years[f"stance:year:nato_side:2004:{P.POSITIVE}"] == 1
    assert sum(years.values()) == 6
    assert _heights(fig, "position:") == {
        f"position:russian_holders:{SUPPORT}": 1, f"position:russian_holders:{OPPOSE}": 2, f"position:russian_holders:{AMBIVALENT}": 1,
        f"position:nato_side:{SUPPORT}": 2, f"position:nato_side:{OPPOSE}": 0, f"position:nato_side:{AMBIVALENT}": 0,
        f"position:the_author:{SUPPORT}": 0, f"position:the_author:{OPPOSE}": 1, f"position:the_author:{AMBIVALENT}": 0}
    # a bar stands where its x tick says: phase 3 of the Russian holders is the third slot
    bar = by_gid(fig, f"stance:phase:russian_holders:phase3:{P.POSITIVE}")[f"stance:phase:russian_holders:phase3:{P.POSITIVE}"]
    assert bar.get_x() + bar.get_width() / 2 == pytest.approx(2)
    stacked = by_gid(fig, "stance:year:russian_holders:")
    assert all(b.get_y() == 0 for b in stacked.values())  # one stance per year there: no stacking
    texts = [t for t, _, _ in drawn_texts(fig)]
    # the author's only claims are undated: that panel says so, and no other does
    missing = [(t, a) for t, a, _ in drawn_texts(fig) if a.get_gid() == "missing"]
    assert [t for t, _ in missing] == [plot.NO_DATES]
    assert missing[0][1].axes.get_title(loc="left").startswith("The author: by year")
    assert "Russian holders: by phase (n=3)" in texts and "NATO and its member states: by year (n=2)" in texts
    assert overlapping_pairs(fig) == []


def test_stance_takes_a_dataframe_as_well():
    import pandas as pd
    frame = pd.DataFrame(_claims())
    frame["date_start"] = pd.to_datetime(frame["date_start"])
    assert plot.stance_counts(frame, pd.DataFrame(PHASES)) == plot.stance_counts(_claims(), PHASES)


def test_stance_stacks_the_stances_of_one_bar():
    rows = [{"claim_id": f"C{i}", "side": S.AUTHOR, "stance": st, "phase_id": "phase2"}
            for i, st in enumerate([P.POSITIVE, P.POSITIVE, P.NEGATIVE, P.MIXED])]
    with plot.styled():
        fig = plot.stance_figure(rows, PHASES, "9.9.9")
    bars = by_gid(fig, "stance:phase:the_author:phase2:")
    pos, mixed, neg = (bars[f"stance:phase:the_author:phase2:{s}"] for s in (P.POSITIVE, P.MIXED, P.NEGATIVE))
    assert (pos.get_y(), pos.get_height()) == (0, 2)
    assert (mixed.get_y(), mixed.get_height()) == (2, 1)
    assert (neg.get_y(), neg.get_height()) == (3, 1)


def _phase_of(claim, dataset) -> str | None:
    """The phase a claim is counted in, worked out here independently of plot.py: phase_id, else
    the one phase whose dates contain date_start (phase 3, which has no dates, follows phase 2)."""
    if claim.phase_id or claim.date_start is None:
        return claim.phase_id
    ph = dataset.phases
    bounds = {"phase1": (ph["phase1"].date_start, ph["phase1"].date_end),
              "phase2": (ph["phase2"].date_start, ph["phase2"].date_end),
              "phase3": (ph["phase2"].date_end + dt.timedelta(days=1), dt.date.max)}
    hits = [p for p, (a, b) in bounds.items() if a <= claim.date_start <= b]
    return hits[0] if len(hits) == 1 else None


def test_stance_on_the_shipped_data_draws_every_claim_where_it_belongs(figures, dataset):
    """0.2's claims: every bar of the phase, year and position panels is the number of claims of
    its side, phase or year, stance or position, counted here from the Dataset."""
    fig = figures["stance"]
    texts = [t for t, _, _ in drawn_texts(fig)]
    assert [t for t, a, _ in drawn_texts(fig) if a.get_gid() == "missing"] == []  # every side has data everywhere
    phase_h, year_h, pos_h = _heights(fig, "stance:phase:"), _heights(fig, "stance:year:"), _heights(fig, "position:")
    years = sorted({c.date_start.year for c in dataset.claims.values() if c.date_start})
    for group, title, sides in plot.SIDE_GROUPS:
        mine = [c for c in dataset.claims.values() if c.holder.side in sides]
        for phase in dataset.phases:
            for stance in vocab.Stance:
                n = sum(1 for c in mine if _phase_of(c, dataset) == phase and c.stance == stance)
                assert phase_h.get(f"stance:phase:{group}:{phase}:{stance}", 0) == n, (group, phase, stance)
        for year in range(years[0], years[-1] + 1):
            for stance in vocab.Stance:
                n = sum(1 for c in mine if c.date_start and c.date_start.year == year and c.stance == stance)
                assert year_h.get(f"stance:year:{group}:{year}:{stance}", 0) == n, (group, year, stance)
        for position in vocab.Position:
            assert pos_h[f"position:{group}:{position}"] == sum(1 for c in mine if c.position == position)
        n_phase = sum(1 for c in mine if _phase_of(c, dataset))
        n_year = sum(1 for c in mine if c.date_start)
        n_pos = sum(1 for c in mine if c.position)
        assert n_phase and n_year and n_pos
        assert f"{title}: by phase (n={n_phase})" in texts
        assert f"{title}: by year (n={n_year})" in texts
        assert f"{title}: positions on issues (n={n_pos})" in texts
    # nothing is drawn twice or lost: bars add up to the claims, the caption names the rest
    shown = [c for c in dataset.claims.values() if plot._group_of(c.holder.side)]
    assert sum(phase_h.values()) == sum(1 for c in shown if _phase_of(c, dataset))
    assert sum(year_h.values()) == sum(1 for c in shown if c.date_start)
    assert sum(pos_h.values()) == sum(1 for c in shown if c.position)
    (caption,) = [t for t in fig.texts if t.get_gid() == "caption"]
    words = " ".join(caption.get_text().split())
    assert f"{len(shown)} claims by the side of their holder" in words
    assert f"{len(dataset.claims) - len(shown)} claims of other holders not shown" in words
    assert f"{sum(1 for c in shown if not c.date_start)} are undated" in words
    assert f"{sum(1 for c in shown if not c.position)} take no position" in words


def test_a_side_with_no_claims_in_a_panel_says_so():
    """An empty slice of the data is said, not drawn as nothing: here the author has no dated
    claims and no positions, NATO no claims at all."""
    rows = [{"claim_id": "C1", "side": S.RUSSIA, "stance": P.NEGATIVE, "phase_id": "phase2",
             "date_start": dt.date(1995, 1, 1), "issue_id": "enlargement", "position": OPPOSE},
            {"claim_id": "C2", "side": S.AUTHOR, "stance": P.NEUTRAL, "phase_id": "phase3",
             "date_start": None, "issue_id": None, "position": None}]
    with plot.styled():
        fig = plot.stance_figure(rows, PHASES, "9.9.9")
    fig.canvas.draw()
    missing = sorted(t for t, a, _ in drawn_texts(fig) if a.get_gid() == "missing")
    assert missing == sorted([plot.NO_PHASES] + [plot.NO_DATES] * 2 + [plot.NO_POSITIONS] * 2)
    assert overlapping_pairs(fig) == []


# --- the congruence network -----------------------------------------------------------------


def _agreements(dataset, phase: str) -> dict[tuple[str, str], int]:
    """Worked out here from the Dataset: per pair of actors, the issues on which both take the same
    position, support or oppose, in claims of the phase (phase_id, else by date_start); an actor's
    position on an issue is the one more of its claims take (support against oppose), none on a tie."""
    votes: dict[tuple[str, str], int] = {}
    for c in dataset.claims.values():
        if c.position in (vocab.Position.SUPPORT, vocab.Position.OPPOSE) and _phase_of(c, dataset) == phase:
            key = (c.holder_id, c.issue_id)
            votes[key] = votes.get(key, 0) + (1 if c.position == vocab.Position.SUPPORT else -1)
    held: dict[str, set] = {}
    for (actor, issue), v in votes.items():
        if v:
            held.setdefault(actor, set()).add((issue, v > 0))
    out = {}
    for a, b in itertools.combinations(sorted(held), 2):
        issues = {i for i, _ in held[a] & held[b]}
        if issues:
            out[(a, b)] = len(issues)
    return out


def _edges(fig) -> dict[tuple[str, str], int]:
    out = {}
    for gid in by_gid(fig, "edge:"):
        _, a, b, w = gid.split(":")
        out[(a, b)] = int(w)
    return out


def test_the_network_links_actors_that_take_the_same_position(figures, dataset):
    fig = figures["network"]
    expected = _agreements(dataset, plot.DEFAULT_PHASE)
    assert expected and _edges(fig) == expected
    assert plot.congruence(dataset, plot.DEFAULT_PHASE)["edges"] == expected
    actors = {x for pair in expected for x in pair}
    nodes = by_gid(fig, "node:")
    assert {gid[5:] for gid in nodes} == actors
    for gid, node in nodes.items():  # colour by side
        assert tuple(node.get_facecolor()[0][:3]) == pytest.approx(
            matplotlib.colors.to_rgb(plot.SIDE_COLOURS[dataset.actors[gid[5:]].side]))
    names = {t for t, a, _ in drawn_texts(fig) if (a.get_gid() or "").startswith("name:")}
    assert {" ".join(t.split()) for t in names} == {dataset.actors[a].name for a in actors}
    # a heavier edge is drawn wider
    lines = by_gid(fig, "edge:")
    widths = {}
    for gid, line in lines.items():
        widths.setdefault(int(gid.rsplit(":", 1)[1]), set()).add(line.get_linewidth())
    assert all(len(v) == 1 for v in widths.values())
    ordered = [next(iter(widths[w])) for w in sorted(widths)]
    assert ordered == sorted(ordered) and len(set(ordered)) == len(ordered)
    (caption,) = [t for t in fig.texts if t.get_gid() == "caption"]
    words = " ".join(caption.get_text().split())
    assert f"{len(actors)} actors linked by {len(expected)} agreements" in words
    assert "Contradictions under Putin" in fig.get_suptitle()


@pytest.mark.parametrize("phase", ["phase1", "phase2"])
def test_the_network_of_another_phase(phase, dataset):
    fig = figure("network", dataset, phase)
    fig.canvas.draw()
    assert _edges(fig) == _agreements(dataset, phase)
    assert f"phase {dataset.phases[phase].ordinal}" in fig.get_suptitle()
    assert overlapping_pairs(fig) == []


def test_a_phase_without_agreements_says_so(dataset):
    ds = SimpleNamespace(claims={}, phases=dataset.phases, actors=dataset.actors, version=dataset.version)
    with plot.styled():
        fig = plot.network_figure(ds, "phase3")
    fig.canvas.draw()
    assert _edges(fig) == {} and by_gid(fig, "node:") == {}
    assert [t for t, a, _ in drawn_texts(fig) if a.get_gid() == "missing"] == [plot.NO_EDGES]
    assert overlapping_pairs(fig) == []


def test_the_circle_layout_keeps_names_apart():
    """Horizontal names beside nodes evenly spaced in height on two arcs: on one arc no two nodes
    share a height, and none sits at the very top or bottom."""
    pos = plot.circle_layout([f"a{i}" for i in range(7)])
    right = [y for x, y in pos.values() if x > 0]
    left = [y for x, y in pos.values() if x < 0]
    assert (len(right), len(left)) == (4, 3)
    for ys in (right, left):
        assert len(set(ys)) == len(ys) and max(abs(y) for y in ys) < 0.95
    assert all(x * x + y * y == pytest.approx(1) for x, y in pos.values())


def test_the_congruence_graph_is_a_networkx_graph(dataset):
    graph = plot.congruence_graph(dataset, "phase3")
    expected = _agreements(dataset, "phase3")
    assert {tuple(sorted(e)): w for *e, w in graph.edges(data="weight")} == expected
    assert graph.nodes["lavrov"]["side"] == vocab.Side.RUSSIA.value


def test_cli_plot_network_takes_a_phase(tmp_path, capsys):
    out = tmp_path / "network.svg"
    assert cli.main(["plot", "network", "--phase", "phase2", "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"plot: wrote {out}\n" and out.read_bytes().startswith(b"<?xml")
    assert cli.main(["plot", "network", "--phase", "phase9", "--out", str(out)]) == 2
    assert capsys.readouterr().err == "error: unknown phase 'phase9'; choose one of phase1, phase2, phase3\n"
    assert cli.main(["plot", "areas", "--phase", "phase1", "--out", str(tmp_path / "a.png")]) == 2
    assert capsys.readouterr().err == "error: --phase is for the network picture, not 'areas'\n"
    assert not (tmp_path / "a.png").exists()


# --- every picture --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_every_picture_has_a_title_axis_labels_and_a_caption(kind, figures, dataset):
    fig = figures[kind]
    assert fig.get_suptitle().strip()
    for ax in fig.axes:
        assert ax.get_xlabel().strip()
    assert any(ax.get_ylabel().strip() for ax in fig.axes)
    (caption,) = [t for t in fig.texts if t.get_gid() == "caption"]
    words = " ".join(caption.get_text().split())
    assert f"nrcdata {dataset.version}" in words and plot.CITATION_SHORT in words


def test_the_captions_citation_is_the_one_in_citation_cff():
    from nrcdata.cite import cff_text, parse_cff
    cff = parse_cff(cff_text())
    ref = cff["references"] if "references" in cff else cff.get("reference", cff)
    text = " ".join(str(v) for v in (ref.values() if isinstance(ref, dict) else ref))
    assert "Inside or Outside? Russia's Policies Towards NATO" in text
    assert plot.CITATION_SHORT == (f"Adomeit ({2007}), Inside or Outside? Russia's Policies Towards NATO, "
                                   "SWP Working Paper FG 5 2007/01")
    cff_raw = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    for part in ("Adomeit", "year: 2007", "Inside or Outside? Russia's Policies Towards NATO",
                 "FG 5 2007/01", "SWP Working Paper"):
        assert part in cff_raw


# --- the committed pictures and deterministic rendering -------------------------------------


def _pixels(png: bytes):
    import io
    import numpy as np
    from PIL import Image
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


@pytest.mark.parametrize("kind", KINDS)
def test_committed_picture_is_fresh(kind, dataset):
    """A fresh render equals docs/<kind>.png within a pixel tolerance: at most 0.2% of the pixels
    differ by more than 48 levels in a channel (room for another matplotlib's antialiasing; a
    moved label or mark is more)."""
    path = ROOT / "docs" / f"{kind}.png"
    assert path.exists(), f"docs/{kind}.png is missing; " + REGENERATE.format(kind=kind)
    committed, fresh = _pixels(path.read_bytes()), _pixels(render(kind, dataset))
    assert committed.shape == fresh.shape, f"docs/{kind}.png has another size; " + REGENERATE.format(kind=kind)
    differ = int(((abs(committed - fresh)).max(axis=2) > 48).sum())
    share = differ / (committed.shape[0] * committed.shape[1])
    assert share <= 0.002, (f"docs/{kind}.png differs from a fresh render in {differ} pixels "
                            f"({share:.2%}); " + REGENERATE.format(kind=kind))


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_two_renders_are_equal_and_undated(fmt, dataset):
    first, second = render("areas", dataset, fmt), render("areas", dataset, fmt)
    assert first == second
    for stamp in (b"CreationDate", b"<dc:date>", b"Software", b"Producer"):
        assert stamp not in first
    assert first.startswith({"png": b"\x89PNG", "svg": b"<?xml", "pdf": b"%PDF"}[fmt])


def test_rendering_ignores_the_users_style(dataset):
    import matplotlib as mpl
    before = render("areas", dataset)
    with mpl.rc_context({"font.size": 20, "axes.facecolor": "black", "figure.dpi": 300,
                         "font.family": "serif"}):
        assert render("areas", dataset) == before
        assert mpl.rcParams["font.size"] == 20  # the user's settings are left as they were


def test_an_unknown_format_or_kind_is_refused(dataset):
    with pytest.raises(plot.PlotError, match="unknown format 'jpg'"):
        render("areas", dataset, "jpg")
    with pytest.raises(plot.PlotError, match="unknown picture 'map'"):
        figure("map", dataset)


# --- the command line -----------------------------------------------------------------------


def test_cli_plot_writes_the_png(tmp_path):
    """As a user runs it (a subprocess: the point here is the installed command)."""
    out = tmp_path / "pics" / "timeline.png"
    code, stdout, err = run_cli("plot", "timeline", "--out", str(out))
    assert (code, stdout, err) == (0, f"plot: wrote {out}\n", "")
    pixels = _pixels(out.read_bytes())
    assert pixels.shape[:2] == (int(SIZES["timeline"][1] * DPI), int(SIZES["timeline"][0] * DPI))
    assert sorted(p.name for p in out.parent.iterdir()) == ["timeline.png"]  # no temporary left


@pytest.mark.parametrize("kind, suffix, magic", [("stance", ".svg", b"<?xml"), ("areas", ".pdf", b"%PDF"),
                                                 ("areas", ".PNG", b"\x89PNG")])
def test_cli_plot_takes_the_format_from_the_suffix(kind, suffix, magic, tmp_path, capsys):
    out = tmp_path / f"{kind}{suffix}"
    assert cli.main(["plot", kind, "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"plot: wrote {out}\n"
    assert out.read_bytes().startswith(magic)


def test_cli_plot_refuses_another_suffix(tmp_path, capsys):
    out = tmp_path / "timeline.jpg"
    assert cli.main(["plot", "timeline", "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (f"error: {out}: the picture is written as PNG, SVG or PDF; give a file "
                            "name ending in .png, .svg, .pdf\n")
    assert not out.exists()


def test_cli_plot_unknown_kind(tmp_path):
    code, _, err = run_cli("plot", "map", "--out", tmp_path / "x.png")
    assert code == 2 and "invalid choice: 'map'" in err


@pytest.mark.parametrize("kind", KINDS)
def test_plot_subcommand_help(kind):
    code, out, err = run_cli("plot", kind, "--help")
    assert code == 0 and err == "" and out.startswith("usage: nrcdata plot")


def test_a_missing_matplotlib_names_the_extra(tmp_path, monkeypatch, capsys):
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` raise ImportError
    code = cli.main(["plot", "areas", "--out", str(tmp_path / "areas.png")])
    captured = capsys.readouterr()
    assert (code, captured.out) == (2, "")
    assert captured.err == "error: nrcdata plot needs matplotlib: pip install 'nrcdata[plot]'\n"
    assert not (tmp_path / "areas.png").exists()


# --- how plot.py is written -----------------------------------------------------------------

SOURCE = Path(plot.__file__).read_text(encoding="utf-8")


def test_plot_names_vocabulary_members_not_strings():
    """A value of these vocabularies written as a string literal would survive its renaming;
    plot.py must say vocab.Stance.POSITIVE etc., so a renamed value fails at import."""
    values = {v.value for enum in (vocab.Stance, vocab.Side, vocab.AreaRole, vocab.Outcome, vocab.Voice, vocab.Position)
              for v in enum}
    tree = ast.parse(SOURCE)
    literals = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
                and isinstance(node.value, str)}
    assert literals & values == set()


def test_areas_draws_each_areas_portrayal_and_critique_counts(figures, dataset):
    (ax, *_) = figures["areas"].axes
    widths = {role: [p.get_width() for p in ax.patches if p.get_gid() == f"bars:{role}"]
              for role in (vocab.AreaRole.PORTRAYAL, vocab.AreaRole.CRITIQUE)}
    areas = sorted(dataset.areas.values(), key=lambda a: a.ordinal)
    assert widths[vocab.AreaRole.PORTRAYAL] == [len(a.portrayals) for a in areas]
    assert widths[vocab.AreaRole.CRITIQUE] == [len(a.critiques) for a in areas]
    texts = [t for t, _, _ in drawn_texts(figures["areas"])]
    for a in areas:
        assert a.name.split()[0] in " ".join(texts)
