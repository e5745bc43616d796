"""Pictures of the dataset: the timeline of events, stance over time, the cooperation areas and
the congruence network of a phase.

matplotlib is optional (``pip install 'nrcdata[plot]'``) and imported only inside functions. Every
picture is drawn on its own Figure with the Agg canvas (no pyplot, no global state), in
Matplotlib's default style with fixed fonts whatever the user's matplotlibrc says, at a fixed size
and DPI, and saved without dates or software stamps, so two renders of the same data are equal
(PNG, SVG and PDF). Tests compare what was drawn (texts, marks, positions, pixels within a
tolerance), not file bytes, so no exact matplotlib version is needed.

Every picture has a title, axis labels and a caption naming the data version and the citation.
Vocabulary values are referred to by their members (``vocab.Stance.POSITIVE``), never as strings.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import textwrap
from pathlib import Path

from . import networks, vocab
from .csvio import write_output
from .errors import ExportError
from .loading import claim_phase, load, phase_bounds

KINDS = ("timeline", "stance", "areas", "network")
FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
DPI = 100
SIZES = {"timeline": (14.0, 10.0), "stance": (14.0, 10.0), "areas": (12.0, 7.0), "network": (12.0, 10.0)}  # inches
DEFAULT_PHASE = "phase3"  # the network picture's phase unless --phase says otherwise
TIMELINE_SIZE, STANCE_SIZE, AREAS_SIZE = SIZES["timeline"], SIZES["stance"], SIZES["areas"]
AXIS_START, AXIS_END = dt.date(1990, 1, 1), dt.date(2006, 12, 31)
POINT_DAYS = 45  # a date that names at most this many days is drawn as a point, a longer one as a span

# the short form of the paper's citation, for captions (a test keeps it equal to CITATION.cff)
CITATION_SHORT = "Adomeit (2007), Inside or Outside? Russia's Policies Towards NATO, SWP Working Paper FG 5 2007/01"

# Matplotlib's defaults, then the fonts matplotlib ships and the salt that makes SVG ids stable
STYLE = {
    "font.family": "DejaVu Sans",
    "mathtext.fontset": "dejavusans",
    "svg.hashsalt": "nrcdata",
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
    "text.usetex": False,
}
# no dates, no software versions: two renders of the same data are equal in every format
METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "Creator": None, "Producer": None},
}

# Key events to label: an editorial choice. Event IDs never change meaning, so the choice is
# stable; an ID that is not in the data is skipped. An occasion is labelled when any of its
# mentions is listed here.
KEY_EVENTS = {
    "E133": "Russian foreign ministry created",
    "E011": "NACC created",
    "E019": "Russia joins PfP",
    "E024": "Founding Act",
    "E026": "NATO strikes Yugoslavia",
    "E055": "Kursk sinks",
    "E032": "9/11",
    "E041": "NRC set up (Rome)",
    "E090": "Prague invitation",
    "E091": "Baltic states join",
    "E054": "TMD exercise",
    "E059": "SOFA signed",
    "E100": "Gas cut-off",
    "E117": "Intensified Dialogue",
    "E064": "Riga summit",
}

PHASE_COLOURS = ("#4c72b0", "#dd8452", "#55a868")
GROUP_COLOURS = {"general": "#444444", "area": "#1f77b4", "case": "#d62728"}
OUTCOME_COLOURS = {
    vocab.Outcome.REMAINED_DIALOGUE: "#8c6d31",
    vocab.Outcome.AGREED_NOT_IMPLEMENTED: "#d62728",
    vocab.Outcome.DILUTED_THEN_RESCINDED: "#9467bd",
    vocab.Outcome.FOUNDERS_DOMESTIC_POLITICS: "#e377c2",
    vocab.Outcome.FOUNDERS_OPPOSED_INTERESTS: "#ff7f0e",
    vocab.Outcome.NOT_ASSESSED: "#7f7f7f",
}
PORTRAYAL_COLOUR, CRITIQUE_COLOUR = "#1f77b4", "#d62728"

# the stance picture: who is compared, and the colours of the four stances
SIDE_GROUPS = (
    ("russian_holders", "Russian holders", (vocab.Side.RUSSIA,)),
    ("nato_side", "NATO and its member states", (vocab.Side.NATO, vocab.Side.NATO_MEMBER)),
    ("the_author", "The author", (vocab.Side.AUTHOR,)),
)
STANCE_COLOURS = {
    vocab.Stance.POSITIVE: "#55a868",
    vocab.Stance.MIXED: "#8172b3",
    vocab.Stance.NEUTRAL: "#b0b0b0",
    vocab.Stance.NEGATIVE: "#c44e52",
}
# the positions a holder takes on an issue (claims.position), in the vocabulary's order
POSITIONS = tuple(vocab.Position)
POSITION_COLOURS = {
    vocab.Position.SUPPORT: "#55a868",
    vocab.Position.OPPOSE: "#c44e52",
    vocab.Position.AMBIVALENT: "#8172b3",
}
# what an empty panel says: the slice of the data it draws has no rows (not a placeholder)
NO_DATES = "no dated claims of this side"
NO_POSITIONS = "no claims of this side take a position"
NO_PHASES = "no claims of this side have a phase"


class PlotError(ExportError):
    """A picture cannot be drawn or written; the message says why and what to do (exit 2)."""


# ---------------------------------------------------------------------------------------------
# matplotlib, style and output


def _mpl():
    try:
        import matplotlib as mpl
    except ImportError:
        raise PlotError("nrcdata plot needs matplotlib: pip install 'nrcdata[plot]'") from None
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    return mpl, Figure, FigureCanvasAgg


@contextlib.contextmanager
def styled():
    """Matplotlib's defaults and STYLE, whatever the user's settings, restored on exit."""
    mpl, _, _ = _mpl()
    with mpl.rc_context():
        mpl.rcdefaults()
        mpl.rcParams.update(STYLE)
        yield


def _new_figure(kind: str):
    _, Figure, FigureCanvasAgg = _mpl()
    fig = Figure(figsize=SIZES[kind], dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def caption(version: str, detail: str = "") -> str:
    """The caption line every picture carries: what is drawn, the data version, the citation."""
    return (f"{detail} " if detail else "") + f"Data: nrcdata {version} (cite with 'nrcdata cite'), encoding {CITATION_SHORT}."


def _caption(fig, text: str, width: int = 210) -> None:
    fig.text(0.01, 0.008, "\n".join(textwrap.wrap(text, width)), fontsize=7.5, color="#444444",
             va="bottom", gid="caption")


def _check_phase(kind: str, ds, phase: str | None) -> None:
    if phase is not None and kind != "network":
        raise PlotError(f"--phase is for the network picture, not {kind!r}")
    if ds is not None:
        networks.check_phase(ds.phases, phase)


def figure(kind: str, ds, phase: str | None = None):
    """The Figure of one picture (``timeline``, ``stance``, ``areas`` or ``network``) of a loaded
    Dataset; ``phase`` is the network's phase (default DEFAULT_PHASE)."""
    if kind not in KINDS:
        raise PlotError(f"unknown picture {kind!r}; choose one of {', '.join(KINDS)}")
    _check_phase(kind, ds, phase)
    with styled():
        if kind == "network":
            return network_figure(ds, phase or DEFAULT_PHASE)
        if kind == "timeline":
            return timeline_figure(ds)
        if kind == "stance":
            claims, phases = stance_rows(ds)
            return stance_figure(claims, phases, ds.version)
        return areas_figure(ds)


def render(kind: str, ds, format: str = "png", phase: str | None = None) -> bytes:
    """The bytes of one picture of a loaded Dataset as ``png``, ``svg`` or ``pdf``."""
    if format not in METADATA:
        raise PlotError(f"unknown format {format!r}; choose one of {', '.join(METADATA)}")
    with styled():
        fig = figure(kind, ds, phase)
        buf = io.BytesIO()
        fig.savefig(buf, format=format, dpi=DPI, metadata=METADATA[format])
    return buf.getvalue()


def plot(kind: str, out: str | Path, path: str | Path | None = None, phase: str | None = None) -> Path:
    """Draw one picture of the package (the shipped one by default) into ``out``; the format is
    the suffix (.png, .svg or .pdf); ``phase`` is the network picture's phase. A temporary file
    beside it is renamed into place."""
    out = Path(out)
    if kind not in KINDS:
        raise PlotError(f"unknown picture {kind!r}; choose one of {', '.join(KINDS)}")
    _check_phase(kind, None, phase)
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise PlotError(f"{out}: the picture is written as PNG, SVG or PDF; give a file name "
                        f"ending in {', '.join(FORMATS)}")
    _mpl()  # a missing matplotlib is reported before the package is loaded
    data = render(kind, load(path), fmt, phase)
    write_output(out, data, PlotError)
    return out


# ---------------------------------------------------------------------------------------------
# timeline


def occasions(events) -> list[tuple[object, list]]:
    """(the mention drawn, all mentions) per occasion, in order of event_id. An occasion is the
    events that share ``occasion_id`` (the event_id of its first mention); the mention drawn is
    that first one."""
    groups: dict[str, list] = {}
    for e in sorted(events, key=lambda e: (len(e.event_id), e.event_id)):
        groups.setdefault(e.occasion_id, []).append(e)
    return [(next((e for e in members if e.event_id == oid), members[0]), members)
            for oid, members in groups.items()]


def _lane_of(event) -> tuple[str, str | None]:
    if event.case_id:
        return "case", event.case_id
    if event.area_id:
        return "area", event.area_id
    return "general", None


def _lanes(ds) -> list[tuple[str, str, list]]:
    """(group, label, [(occasion id, drawn mention, mentions)]) per lane: occasions with no case
    or area, then each area, then each case, in the paper's order; only lanes that have any."""
    by_lane: dict[tuple[str, str | None], list] = {}
    for rep, members in occasions(ds.events.values()):
        by_lane.setdefault(_lane_of(rep), []).append((rep, members))
    lanes = []
    if ("general", None) in by_lane:
        lanes.append(("general", "no case or area", by_lane[("general", None)]))
    for area in sorted(ds.areas.values(), key=lambda a: a.ordinal):
        if ("area", area.area_id) in by_lane:
            lanes.append(("area", f"area: {area.name}", by_lane[("area", area.area_id)]))
    for case in sorted(ds.cases.values(), key=lambda c: c.ordinal):
        if ("case", case.case_id) in by_lane:
            lanes.append(("case", f"case: {case.title.rstrip('.')}", by_lane[("case", case.case_id)]))
    return lanes


def _span(event) -> tuple[dt.date, dt.date, bool, bool]:
    """Start, end (clipped to the axis) and whether each end is open or beyond the axis."""
    start, end = event.date_start, event.date_end
    open_start, open_end = start is None or start < AXIS_START, end is None or end > AXIS_END
    return (max(start or AXIS_START, AXIS_START), min(end or AXIS_END, AXIS_END), open_start, open_end)


def _in_axis(event) -> bool:
    start, end = event.date_start, event.date_end
    return (start is None or start <= AXIS_END) and (end is None or end >= AXIS_START)


def mark_kind(event) -> str:
    """How an event is drawn: ``point`` (a date naming at most POINT_DAYS days), ``span`` (a
    longer date: a season, a year, a decade, an interval), ``open_end`` / ``open_start`` (a known
    date and an open or off-axis other end) or ``open`` (both ends open)."""
    start, end, open_start, open_end = _span(event)
    if open_start and open_end:
        return "open"
    if open_end:
        return "open_end"
    if open_start:
        return "open_start"
    return "point" if (end - start).days < POINT_DAYS else "span"


def _pack(extents: list[tuple[dt.date, dt.date]], gap_days: int) -> list[int]:
    """Sub-row of each extent so that extents in one sub-row are at least gap_days apart (greedy,
    in order of start)."""
    ends: list[dt.date] = []
    rows = [0] * len(extents)
    for i in sorted(range(len(extents)), key=lambda i: (extents[i][0], extents[i][1])):
        start, end = extents[i]
        for r, last in enumerate(ends):
            if (start - last).days >= gap_days:
                rows[i], ends[r] = r, end
                break
        else:
            rows[i] = len(ends)
            ends.append(end)
    return rows


def _extent(event, tail: int) -> tuple[dt.date, dt.date]:
    """What an event takes up on its row: its span, or a known end and the arrow's length."""
    start, end, _, _ = _span(event)
    kind = mark_kind(event)
    if kind == "open_end":
        return start, start + dt.timedelta(days=tail)
    if kind == "open_start":
        return end - dt.timedelta(days=tail), end
    return start, end


def _wrap(text: str, width: int = 34) -> str:
    return "\n".join(textwrap.wrap(text, width))


def timeline_figure(ds):
    """Occasions of 1990-2006 on a time axis, one lane per case or area, the phases as bands.
    Dated points are dots, longer dates (seasons, years, decades, intervals) light bars, open
    ends arrows; each occasion is drawn once; labels are placed where they overlap no other text."""
    import matplotlib.dates as mdates
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Rectangle
    fig = _new_figure("timeline")
    ax = fig.add_axes((0.2, 0.1, 0.78, 0.8))
    shown = hidden = mentions = 0
    y = 0.0
    ticks, tick_labels = [], []
    to_label = []  # (text, x, y)
    tail = 200  # days: the arrow that marks an open or cut-off end
    for group, label, items in _lanes(ds):
        items = sorted(items, key=lambda it: (it[0].date_start or AXIS_START, it[0].event_id))
        visible = [it for it in items if _in_axis(it[0])]
        hidden += len(items) - len(visible)
        shown += len(visible)
        mentions += sum(len(m) for _, m in visible)
        rows = _pack([_extent(rep, tail) for rep, _ in visible], gap_days=POINT_DAYS)
        # a lane is as tall as its rows of marks, and at least as its label has lines
        height = max(max(rows, default=0) + 1, len(_wrap(label).splitlines()))
        colour = GROUP_COLOURS[group]
        for (rep, members), row in zip(visible, rows):
            yy = y + row
            start, end, _, _ = _span(rep)
            kind = mark_kind(rep)
            x0, x1 = mdates.date2num(start), mdates.date2num(end)
            gid = f"{kind}:{rep.event_id}"
            if kind in ("span", "open"):
                ax.add_patch(Rectangle((x0, yy - 0.22), x1 - x0, 0.44, facecolor=colour, alpha=0.22,
                                       edgecolor=colour, linewidth=0.8, zorder=2, gid=gid))
                xm = (x0 + x1) / 2
            else:
                xm = x0 if kind == "open_end" else x1 if kind == "open_start" else (x0 + x1) / 2
                ax.plot([xm], [yy], marker="o", markersize=4.5, color=colour, linestyle="none",
                        zorder=3, gid=gid)
                if kind != "point":
                    direction = 1 if kind == "open_end" else -1
                    ax.annotate("", xy=(xm + direction * tail, yy), xytext=(xm, yy), zorder=3,
                                arrowprops={"arrowstyle": "->", "color": colour, "lw": 1.1})
            names = [KEY_EVENTS[e.event_id] for e in members if e.event_id in KEY_EVENTS]
            if names:
                to_label.append((names[0], xm, yy))
        ticks.append(y + (height - 1) / 2)
        tick_labels.append(_wrap(label))
        y += height + 0.8
        ax.axhline(y - 0.9, color="#dddddd", linewidth=0.6, zorder=1)
    total = max(y - 0.8, 1.0)
    top = ax.get_xaxis_transform()  # x in dates, y in axes fractions
    for i, (pid, ordinal, name, start, end) in enumerate(phase_bounds(ds.phases.values())):
        colour = PHASE_COLOURS[i % len(PHASE_COLOURS)]
        x0 = mdates.date2num(max(start, AXIS_START))
        x1 = mdates.date2num(min(end or AXIS_END, AXIS_END) + dt.timedelta(days=1))
        ax.axvspan(x0, x1, color=colour, alpha=0.12, zorder=0, gid=f"phase:{pid}")
        ax.text(x0 + 20, 1.008 + 0.03 * (i % 2), f"Phase {ordinal}: {name}", transform=top,
                fontsize=9, color=colour, fontweight="bold", va="bottom")
    ax.set_xlim(mdates.date2num(AXIS_START), mdates.date2num(AXIS_END + dt.timedelta(days=1)))
    ax.set_ylim(total, -1.0)
    ax.set_yticks(ticks, tick_labels, fontsize=8.5)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.tick_params(axis="x", labelsize=8.5)
    ax.set_xlabel("date (the paper's own precision: a dot names a day or month, a bar a longer time)",
                  fontsize=9)
    ax.set_ylabel("case or cooperation area the event belongs to", fontsize=9)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.6, zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.suptitle("Dated events in Adomeit (2007), 1990-2006, with the three phases of Russian policy "
                 "towards NATO", fontsize=12, x=0.01, y=0.985, ha="left")
    handles = [
        Line2D([], [], marker="o", markersize=4.5, color="#444444", linestyle="none",
               label=f"dated point (at most {POINT_DAYS} days)"),
        Patch(facecolor="#444444", alpha=0.3, edgecolor="#444444", label="span: season, year, decade, interval"),
        Line2D([], [], color="#444444", marker=">", markersize=4, label="open end"),
    ]
    fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.005, 0.045), ncols=1,
               fontsize=8, frameon=False, title="marks", title_fontsize=8, alignment="left")
    note = (f"{shown} occasions shown ({mentions} event rows; an occasion the paper mentions more than "
            f"once is drawn once); {hidden} outside 1990-2006 not shown. Phases 1 and 2 overlap where "
            "the paper says 'fall 1992 or spring 1993'; phase 3 is drawn from the end of phase 2 (the "
            "paper gives it no start).")
    _caption(fig, caption(ds.version, note))
    place_labels(fig, ax, to_label)
    return fig


def text_box(text, renderer):
    """The window extent (display pixels) of a text's glyphs alone: for an annotation, without
    its leader line or its background box."""
    from matplotlib.text import Text
    if hasattr(text, "update_positions"):  # an annotation places its text only when asked
        text.update_positions(renderer)
    return Text.get_window_extent(text, renderer)


def place_labels(fig, ax, labels: list[tuple[str, float, float]]) -> None:
    """Annotate each (text, x, y) in data coordinates at the first of a ring of positions around
    its mark where its box meets no text already drawn (and, if it can, no dot), inside the axes;
    positions beyond the first ring get a thin leader line. Measured with the figure's renderer,
    in display pixels."""
    from matplotlib.text import Text
    renderer = fig.canvas.get_renderer()
    pad = 2.0  # pixels kept free around every label
    taken = [text_box(t, renderer) for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    dots = [line.get_window_extent(renderer) for line in ax.get_lines() if line.get_marker() not in (None, "None", "", " ")]
    area = ax.get_window_extent(renderer)
    rings = [(6, 4), (6, 14), (10, 26), (14, 40), (18, 56)]
    quadrants = ((1, 1), (1, -1), (-1, 1), (-1, -1))
    candidates = [(avoid, ring, sx, sy) for avoid in (True, False) for ring in range(len(rings))
                  for sx, sy in quadrants]
    for text, x, y in sorted(labels, key=lambda label: (label[1], label[2])):
        for avoid_dots, ring, sx, sy in candidates:
            dx, dy = rings[ring]
            ann = ax.annotate(
                text, xy=(x, y), xytext=(sx * dx, sy * dy), textcoords="offset points",
                ha="left" if sx > 0 else "right", va="bottom" if sy > 0 else "top",
                fontsize=8, fontweight="bold", color="black", zorder=5, gid=f"label:{text}",
                bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
                arrowprops={"arrowstyle": "-", "color": "#777777", "lw": 0.6, "shrinkA": 0,
                            "shrinkB": 2} if ring else None)
            box = text_box(ann, renderer)
            grown = box.padded(pad)
            if (area.x0 <= box.x0 and box.x1 <= area.x1 and area.y0 <= box.y0 and box.y1 <= area.y1
                    and not any(grown.overlaps(b) for b in taken)
                    and not (avoid_dots and any(grown.overlaps(d) for d in dots))):
                break
            ann.remove()
        else:  # nowhere free: the nearest position, overlapping (the overlap test then fails)
            ann = ax.annotate(text, xy=(x, y), xytext=(6, 4), textcoords="offset points",
                              fontsize=8, fontweight="bold", zorder=5, gid=f"label:{text}")
            box = text_box(ann, renderer)
        taken.append(box)


# ---------------------------------------------------------------------------------------------
# stance over time


def stance_rows(ds) -> tuple[list[dict], list[dict]]:
    """The stance picture's input from a Dataset: one mapping per claim (claim_id, side of its
    holder, stance, phase_id, date_start, issue_id and position) and one per phase (phase_id,
    ordinal, name, date_start, date_end)."""
    claims = [{"claim_id": c.claim_id, "side": c.holder.side, "stance": c.stance, "phase_id": c.phase_id,
               "date_start": c.date_start, "issue_id": c.issue_id, "position": c.position}
              for c in ds.claims.values()]
    phases = [{"phase_id": p.phase_id, "ordinal": p.ordinal, "name": p.name,
               "date_start": p.date_start, "date_end": p.date_end} for p in ds.phases.values()]
    return claims, phases


def _records(rows) -> list[dict]:
    """Plain records from a DataFrame or an iterable of mappings; pandas' missing values become
    None and its Timestamps dates."""
    if hasattr(rows, "to_dict") and hasattr(rows, "columns"):
        records = rows.astype(object).where(rows.notna(), None).to_dict("records")
    else:
        records = [dict(r) for r in rows]
    for r in records:
        for k, v in r.items():
            if hasattr(v, "to_pydatetime"):  # a pandas Timestamp
                r[k] = v.date()
    return records


def _group_of(side) -> str | None:
    for key, _, sides in SIDE_GROUPS:
        if side in sides:
            return key
    return None


def stance_counts(claims, phases) -> dict:
    """The counts the stance picture draws, from plain rows (see stance_rows) or DataFrames with
    the same columns: ``{"phase": {group: {phase_id: {stance: n}}}, "year": {group: {year:
    {stance: n}}}, "position": {group: {position: n}}}`` (a group or cell with no claims is
    absent; a missing column counts as empty). Also, for the claims of the three groups: ``"n"``
    per group, ``"unassigned"`` (no phase: none set and no date inside exactly one phase),
    ``"undated"`` (no date_start) and ``"unpositioned"`` (no position); ``"other_sides"``: claims
    of other holders, in no panel; ``"phases"``: the phase bounds."""
    records = _records(claims)
    bounds = phase_bounds(_records(phases))
    out: dict = {"phase": {}, "year": {}, "position": {}, "n": {}, "unassigned": 0, "undated": 0,
                 "unpositioned": 0, "other_sides": 0, "phases": bounds}
    for r in records:
        group = _group_of(r["side"])
        if group is None:
            out["other_sides"] += 1
            continue
        out["n"][group] = out["n"].get(group, 0) + 1
        stance = vocab.Stance(r["stance"])
        date = r.get("date_start")
        phase = claim_phase(r.get("phase_id"), date, bounds)
        if phase:
            cell = out["phase"].setdefault(group, {}).setdefault(phase, {})
            cell[stance] = cell.get(stance, 0) + 1
        else:
            out["unassigned"] += 1
        if date:
            cell = out["year"].setdefault(group, {}).setdefault(date.year, {})
            cell[stance] = cell.get(stance, 0) + 1
        else:
            out["undated"] += 1
        if r.get("position"):
            position = vocab.Position(r["position"])
            cell = out["position"].setdefault(group, {})
            cell[position] = cell.get(position, 0) + 1
        else:
            out["unpositioned"] += 1
    return out


def stance_figure(claims, phases, version: str):
    """Stance of the claims of Russian holders, of NATO and its member states and of the author:
    by phase, by year of the claim, and their positions on issues. ``claims`` and ``phases`` are
    plain rows or DataFrames (see stance_rows); a panel whose side has no claims in it says so."""
    fig = _new_figure("stance")
    counts = stance_counts(claims, phases)
    bounds = counts["phases"]
    grid = fig.add_gridspec(3, 3, left=0.06, right=0.99, top=0.86, bottom=0.12, hspace=0.55, wspace=0.1)
    axes = [[fig.add_subplot(grid[r, c]) for c in range(3)] for r in range(3)]
    for r in range(3):
        for c in range(1, 3):
            axes[r][c].sharey(axes[r][0])

    def stacked(ax, row, group, xs, labels, cells):
        for i, (x, cell) in enumerate(zip(xs, cells)):
            bottom = 0
            for stance, colour in STANCE_COLOURS.items():
                n = cell.get(stance, 0)
                if n:
                    ax.bar(i, n, bottom=bottom, width=0.75, color=colour,
                           gid=f"stance:{row}:{group}:{x}:{stance}")
                    bottom += n
        ax.set_xticks(range(len(xs)), labels, fontsize=8)
        ax.set_xlim(-0.6, len(xs) - 0.4)

    def empty(ax, text):
        ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", fontsize=10,
                color="#666666", style="italic", gid="missing")
        ax.set_xticks([])
        ax.tick_params(axis="y", left=False, labelleft=False)

    def total(cells: dict) -> int:
        return sum(sum(v.values()) for v in cells.values())

    years = sorted({y for g in counts["year"].values() for y in g})
    if years:
        years = list(range(years[0], years[-1] + 1))
    year_labels = [str(y) if y % 2 == 0 else "" for y in years] if len(years) > 8 else [str(y) for y in years]
    for c, (group, title, _) in enumerate(SIDE_GROUPS):
        ax_phase, ax_year, ax_pos = axes[0][c], axes[1][c], axes[2][c]
        by_phase = counts["phase"].get(group, {})
        ax_phase.set_title(f"{title}: by phase (n={total(by_phase)})", fontsize=10, loc="left")
        if by_phase:
            stacked(ax_phase, "phase", group, [b[0] for b in bounds], [f"phase {b[1]}" for b in bounds],
                    [by_phase.get(b[0], {}) for b in bounds])
        else:
            empty(ax_phase, NO_PHASES)
        ax_phase.set_xlabel("phase (claims.phase_id, else the phase containing date_start)", fontsize=8)
        by_year = counts["year"].get(group, {})
        ax_year.set_title(f"{title}: by year (n={total(by_year)})", fontsize=10, loc="left")
        if by_year:
            stacked(ax_year, "year", group, years, year_labels, [by_year.get(y, {}) for y in years])
        else:
            empty(ax_year, NO_DATES)
        ax_year.set_xlabel("year the holder made the claim (claims.date_start)", fontsize=8)
        by_pos = counts["position"].get(group, {})
        ax_pos.set_title(f"{title}: positions on issues (n={sum(by_pos.values())})", fontsize=10, loc="left")
        if by_pos:
            for i, p in enumerate(POSITIONS):
                ax_pos.bar(i, by_pos.get(p, 0), width=0.75, color=POSITION_COLOURS[p], gid=f"position:{group}:{p}")
            ax_pos.set_xticks(range(len(POSITIONS)), [p.value for p in POSITIONS], fontsize=8)
            ax_pos.set_xlim(-0.6, len(POSITIONS) - 0.4)
        else:
            empty(ax_pos, NO_POSITIONS)
        ax_pos.set_xlabel("position on the claim's issue (claims.position)", fontsize=8)
        for ax in (ax_phase, ax_year, ax_pos):
            drawn = not any(t.get_gid() == "missing" for t in ax.texts)
            if drawn:
                ax.tick_params(axis="y", labelsize=8, labelleft=c == 0)
                ax.grid(axis="y", color="#e5e5e5", linewidth=0.6)
            ax.set_axisbelow(True)
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
            if c == 0:
                ax.set_ylabel("claims", fontsize=9)
    from matplotlib.patches import Patch
    fig.legend(handles=[Patch(color=colour, label=f"stance {s.value}") for s, colour in STANCE_COLOURS.items()],
               loc="upper right", bbox_to_anchor=(0.995, 0.955), ncols=4, fontsize=8.5, frameon=False)
    fig.suptitle("Stance towards NATO-Russia cooperation in Adomeit (2007): Russian holders, NATO "
                 "and the author", fontsize=12, x=0.01, y=0.985, ha="left")
    shown = sum(counts["n"].values())
    note = (f"{shown} claims by the side of their holder (NATO: {vocab.Side.NATO.value} and "
            f"{vocab.Side.NATO_MEMBER.value}); {counts['other_sides']} claims of other holders not shown. "
            f"Of the {shown}: {counts['unassigned']} have no phase (none set, and no date inside exactly one "
            f"phase) and are left out of the phase panels; {counts['undated']} are undated and left out of "
            f"the year panels (a date that spans years counts in the year it starts); "
            f"{counts['unpositioned']} take no position on an issue and are left out of the position panels. "
            "Bars are stacked by stance (how the claim bears on cooperation); position is what the holder "
            "is for or against on the claim's issue.")
    _caption(fig, caption(version, note))
    return fig


# ---------------------------------------------------------------------------------------------
# cooperation areas


def areas_figure(ds):
    """Per cooperation area: NATO's portrayal claims and the critique's claims, and the outcome
    the Conclusions assign."""
    fig = _new_figure("areas")
    ax = fig.add_axes((0.25, 0.12, 0.47, 0.78))
    areas = sorted(ds.areas.values(), key=lambda a: a.ordinal)
    n = len(areas)

    def count(area, role):
        return sum(1 for c in ds.claims.values() if c.area_id == area.area_id and c.area_role == role)
    portrayals = [count(a, vocab.AreaRole.PORTRAYAL) for a in areas]
    critiques = [count(a, vocab.AreaRole.CRITIQUE) for a in areas]
    ys = list(range(n))
    h = 0.38
    ax.barh([y - h / 2 for y in ys], portrayals, height=h, color=PORTRAYAL_COLOUR,
            label="NATO's portrayal (claims)", gid=f"bars:{vocab.AreaRole.PORTRAYAL}")
    ax.barh([y + h / 2 for y in ys], critiques, height=h, color=CRITIQUE_COLOUR,
            label="author's critique (claims)", gid=f"bars:{vocab.AreaRole.CRITIQUE}")
    for y, p, c in zip(ys, portrayals, critiques):
        ax.text(p + 0.15, y - h / 2, str(p), va="center", fontsize=8)
        ax.text(c + 0.15, y + h / 2, str(c), va="center", fontsize=8)
    ax.set_yticks(ys, [_wrap(a.name, 30) for a in areas], fontsize=9)
    ax.set_ylim(n - 0.4, -0.6)
    ax.set_xlim(0, max(portrayals + critiques + [1]) + 2)
    ax.set_xlabel("number of claims", fontsize=9)
    ax.set_ylabel("cooperation area", fontsize=9)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="lower right", fontsize=8.5, frameon=False)
    # the outcome as a column of text beside the bars
    ax.text(1.04, -0.9, "outcome in the Conclusions", transform=ax.get_yaxis_transform(),
            fontsize=9, fontweight="bold", va="center")
    for y, a in zip(ys, areas):
        ax.text(1.04, y, a.outcome.value.replace("_", " "), transform=ax.get_yaxis_transform(),
                fontsize=9, va="center", color=OUTCOME_COLOURS.get(a.outcome, "black"))
    fig.suptitle("Cooperation areas: NATO's portrayal, the author's critique and the outcome",
                 fontsize=12, x=0.01, ha="left")
    _caption(fig, caption(ds.version, f"Claims with area_role {vocab.AreaRole.PORTRAYAL.value} or "
                                      f"{vocab.AreaRole.CRITIQUE.value} per area; outcome from areas.csv."), 180)
    return fig


# ---------------------------------------------------------------------------------------------
# congruence network

SIDE_COLOURS = {
    vocab.Side.RUSSIA: "#c44e52",
    vocab.Side.NATO: "#4c72b0",
    vocab.Side.NATO_MEMBER: "#64b5cd",
    vocab.Side.EU: "#ccb974",
    vocab.Side.POST_SOVIET: "#dd8452",
    vocab.Side.AUTHOR: "#55a868",
    vocab.Side.OTHER: "#8c8c8c",
}
NO_EDGES = "no two actors take the same position on an issue in this phase"


def congruence(ds, phase: str) -> dict:
    """The congruence network of a phase, from networks.py (one rule for the picture and the
    graph files): two actors are linked when they take the same position (support or oppose) on
    an issue in claims of the phase; the weight is the number of such issues. Returns a dict:
    ``edges``, ``{(a, b): weight}`` (actor IDs, a < b); ``positioned``, the actors with a support
    or oppose position in the phase; ``ambivalent_positions``, how many (actor, issue) positions
    of the phase are ambivalent (they link no one)."""
    held = networks.positions(networks.select(ds, phase=phase))
    edges = {pair: len(issues) for pair, issues in networks.links(held, "congruence").items()}
    return {"edges": edges, "positioned": sorted({a for (a, _), p in held.items() if p in networks.LINKING}),
            "ambivalent_positions": sum(1 for p in held.values() if p == vocab.Position.AMBIVALENT)}


def congruence_graph(ds, phase: str = DEFAULT_PHASE):
    """The congruence network of a phase as a networkx Graph (needs nrcdata[network]):
    ``networks.build("congruence", ds, phase)``, what ``nrcdata.network("congruence", phase=...)``
    returns."""
    return networks.build("congruence", ds, phase)


def circle_layout(nodes: list[str]) -> dict[str, tuple[float, float]]:
    """Positions on the unit circle, the first half of ``nodes`` down the right arc, the second
    up the left, evenly spaced in height (so horizontal labels beside them never meet); no node
    at the very top or bottom."""
    n = len(nodes)
    right = (n + 1) // 2
    out = {}
    for k, node in enumerate(nodes):
        on_right = k < right
        count, i = (right, k) if on_right else (n - right, k - right)
        y = 1 - 2 * (i + 0.5) / count if on_right else -1 + 2 * (i + 0.5) / count
        y *= 0.92
        x = (1 - y * y) ** 0.5
        out[node] = (x if on_right else -x, y)
    return out


def network_figure(ds, phase: str = DEFAULT_PHASE):
    """The congruence network of a phase: actors around a circle, grouped by side, linked when
    they take the same position on an issue; line width by the number of such issues, node colour
    by side, node size by weighted degree. Every actor's name is written beside its node."""
    from matplotlib.lines import Line2D
    fig = _new_figure("network")
    ax = fig.add_axes((0.22, 0.1, 0.56, 0.78))
    net = congruence(ds, phase)
    edges = net["edges"]
    strength: dict[str, int] = {}
    for (a, b), w in edges.items():
        strength[a] = strength.get(a, 0) + w
        strength[b] = strength.get(b, 0) + w
    side_order = list(vocab.Side)
    nodes = sorted(strength, key=lambda a: (side_order.index(ds.actors[a].side), -strength[a], a))
    pos = circle_layout(nodes)
    top = max(edges.values(), default=1)
    for (a, b), w in sorted(edges.items(), key=lambda e: (e[1], e[0])):
        (xa, ya), (xb, yb) = pos[a], pos[b]
        ax.plot([xa, xb], [ya, yb], color="#555555", alpha=0.35 + 0.4 * w / top, linewidth=0.8 + 2.2 * (w - 1),
                solid_capstyle="round", zorder=1, gid=f"edge:{a}:{b}:{w}")
    for a in nodes:
        x, y = pos[a]
        actor = ds.actors[a]
        size = 40 + 25 * strength[a]  # points squared
        ax.scatter([x], [y], s=size, color=SIDE_COLOURS[actor.side], edgecolor="white",
                   linewidth=0.8, zorder=3, gid=f"node:{a}")
        offset = size ** 0.5 / 2 + 4  # clear of the dot
        ax.annotate(_wrap(actor.name, 26), xy=(x, y), xytext=(offset if x >= 0 else -offset, 0), textcoords="offset points",
                    ha="left" if x >= 0 else "right", va="center", fontsize=8.5, zorder=4, gid=f"name:{a}")
    if not edges:
        ax.text(0.5, 0.5, NO_EDGES, transform=ax.transAxes, ha="center", va="center", fontsize=11,
                color="#666666", style="italic", gid="missing")
    ax.set_xlim(-1.15, 1.15)
    ax.set_ylim(-1.1, 1.1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlabel("actors around a circle, grouped by side (no axis: position carries no value)", fontsize=9)
    ax.set_ylabel("line width: number of issues two actors agree on", fontsize=9)
    ax.yaxis.set_label_coords(-0.36, 0.5)  # beyond the names on the left arc
    sides = [s for s in side_order if any(ds.actors[a].side == s for a in nodes)]
    handles = [Line2D([], [], marker="o", linestyle="none", markersize=8, color=SIDE_COLOURS[s], label=f"side {s.value}")
               for s in sides]
    handles += [Line2D([], [], color="#555555", linewidth=0.8 + 2.2 * (w - 1), label=f"{w} shared issue{'s' if w > 1 else ''}")
                for w in sorted(set(edges.values()))]
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.005, 0.86), fontsize=8.5, frameon=False,
               title="node colour and line width", title_fontsize=8.5, alignment="left")
    number = ds.phases[phase].ordinal
    fig.suptitle(f"Who agrees with whom in phase {number} ({ds.phases[phase].name}): the congruence network "
                 "of Adomeit (2007)", fontsize=12, x=0.01, y=0.985, ha="left")
    alone = len(net["positioned"]) - len(nodes)
    note = (f"Phase {number}: {len(nodes)} actors linked by {len(edges)} agreements (two actors take the same "
            f"position, {vocab.Position.SUPPORT.value} or {vocab.Position.OPPOSE.value}, on an issue: "
            "claims.issue_id and claims.position; weight = number of such issues, no normalisation; node size: "
            "an actor's summed weights). "
            f"Not drawn: {alone} actor(s) who take a position in the phase but share none with another; "
            f"{net['ambivalent_positions']} {vocab.Position.AMBIVALENT.value} position(s), which link no one "
            "(an actor's position on an issue is the majority of its support and oppose claims, ambivalent on "
            "a tie). "
            "A claim's phase is "
            "claims.phase_id, else the phase containing its date_start; undated claims with no phase are in no "
            "network.")
    _caption(fig, caption(ds.version, note), 190)
    return fig
