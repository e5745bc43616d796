"""Pictures of the dataset: the timeline of events and the cooperation areas (matplotlib, Agg).

Rendering is deterministic so the committed docs/*.png can be drift-checked byte for byte: no
pyplot or global state, Matplotlib's default style whatever the user's matplotlibrc says, fixed
size and DPI, no "Software" stamp, and the matplotlib version pinned in the ``test`` extra.
matplotlib is optional: ``pip install 'nrcdata[plot]'``.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from .export import ExportError, require

KINDS = ("timeline", "areas")
DPI = 100
TIMELINE_SIZE = (14.0, 9.0)   # inches
AREAS_SIZE = (12.0, 7.0)
AXIS_START, AXIS_END = dt.date(1990, 1, 1), dt.date(2006, 12, 31)

# Key events to label: an editorial choice. Event IDs never change meaning, so the choice is
# stable; an ID that is not in the data is skipped.
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
    "remained_dialogue": "#8c6d31", "agreed_not_implemented": "#d62728",
    "diluted_then_rescinded": "#9467bd", "founders_domestic_politics": "#e377c2",
    "founders_opposed_interests": "#ff7f0e", "not_assessed": "#7f7f7f",
}
PORTRAYAL_COLOUR, CRITIQUE_COLOUR = "#1f77b4", "#d62728"


def _mpl():
    require("matplotlib", "nrcdata plot", "plot")
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    return mpl, Figure, FigureCanvasAgg


def _lanes(ds) -> list[tuple[str, str, list]]:
    """(group, label, events) per lane: events with no case or area, then each area, then each
    case, in the paper's order; only lanes that have events; each occasion once."""
    # one mark per occasion: an occurrence the paper tells twice is drawn once, at its first mention
    events = [e for e in ds.events.values() if e.occasion_id == e.event_id]
    general = [e for e in events if not e.case_id and not e.area_id]
    lanes = [("general", "no case or area", general)] if general else []
    for area in sorted(ds.areas.values(), key=lambda a: a.ordinal):
        evs = [e for e in events if e.area_id == area.area_id and not e.case_id]
        if evs:
            lanes.append(("area", f"area: {area.name}", evs))
    for case in sorted(ds.cases.values(), key=lambda c: c.ordinal):
        evs = [e for e in events if e.case_id == case.case_id]
        if evs:
            lanes.append(("case", f"case: {case.title.rstrip('.')}", evs))
    return lanes


def _span(event) -> tuple[dt.date, dt.date, bool, bool]:
    """Start, end (clipped to the axis) and whether each end is open or beyond the axis."""
    start, end = event.date_start, event.date_end
    open_start, open_end = start is None or start < AXIS_START, end is None or end > AXIS_END
    return (max(start or AXIS_START, AXIS_START), min(end or AXIS_END, AXIS_END), open_start, open_end)


def _in_axis(event) -> bool:
    start, end = event.date_start, event.date_end
    return (start is None or start <= AXIS_END) and (end is None or end >= AXIS_START)


def _pack(spans: list[tuple[dt.date, dt.date]], gap_days: int) -> list[int]:
    """Sub-row of each span so that spans in one sub-row are at least gap_days apart (greedy,
    in order of start)."""
    ends: list[dt.date] = []
    rows = [0] * len(spans)
    for i in sorted(range(len(spans)), key=lambda i: (spans[i][0], spans[i][1])):
        start, end = spans[i]
        for r, last in enumerate(ends):
            if (start - last).days >= gap_days:
                rows[i], ends[r] = r, end
                break
        else:
            rows[i] = len(ends)
            ends.append(end)
    return rows


def _phase_spans(ds) -> list[tuple[str, dt.date, dt.date]]:
    """(label, start, end) per phase; a missing start follows the previous phase, an open end
    runs to the axis end."""
    out = []
    previous_end = None
    for p in sorted(ds.phases.values(), key=lambda p: p.ordinal):
        start = p.date_start or (previous_end + dt.timedelta(days=1) if previous_end else AXIS_START)
        end = p.date_end or AXIS_END
        out.append((f"Phase {p.ordinal}: {p.name}", max(start, AXIS_START), min(end, AXIS_END)))
        previous_end = end
    return out


def _extent(start, end, open_start, open_end, tail: int) -> tuple[dt.date, dt.date]:
    """What an event takes up on its row: its span, or a known end and the arrow's length."""
    if open_end and not open_start:
        return start, start + dt.timedelta(days=tail)
    if open_start and not open_end:
        return end - dt.timedelta(days=tail), end
    return start, end


def _wrap(text: str, width: int = 34) -> str:
    import textwrap
    return "\n".join(textwrap.wrap(text, width))


def timeline_figure(ds):
    """Events of 1990-2006 on a time axis, one lane per case or area, phases shaded."""
    mpl, Figure, FigureCanvasAgg = _mpl()
    import matplotlib.dates as mdates
    fig = Figure(figsize=TIMELINE_SIZE, dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.2, 0.08, 0.78, 0.82))
    shown = hidden = 0
    y = 0.0
    ticks, tick_labels = [], []
    label_slot = 0
    tail = 200  # days: the arrow that marks an open or cut-off end
    for group, label, events in _lanes(ds):
        events = sorted(events, key=lambda e: (e.date_start or AXIS_START, e.event_id))
        visible = [e for e in events if _in_axis(e)]
        hidden += len(events) - len(visible)
        shown += len(visible)
        spans = [_span(e) for e in visible]
        # an open end is drawn as a short arrow from the known end, not as a bar to the axis edge
        extents = [_extent(*span, tail) for span in spans]
        rows = _pack(extents, gap_days=45)
        cap = 8 if group == "general" else 4
        rows = [r % cap for r in rows]  # a dense cluster overlaps rather than growing the lane
        height = max(rows, default=0) + 1
        colour = GROUP_COLOURS[group]
        for event, (start, end, open_start, open_end), row in zip(visible, spans, rows):
            yy = y + row
            x0, x1 = mdates.date2num(start), mdates.date2num(end)
            if open_start and open_end:
                ax.plot([x0, x1], [yy, yy], color=colour, linewidth=3, alpha=0.8, zorder=3)
            elif open_end:
                ax.plot([x0], [yy], marker="o", markersize=4, color=colour, alpha=0.8, zorder=3)
                ax.annotate("", xy=(x0 + tail, yy), xytext=(x0, yy), zorder=3,
                            arrowprops={"arrowstyle": "->", "color": colour, "lw": 1.2})
                x1 = x0
            elif open_start:
                ax.plot([x1], [yy], marker="o", markersize=4, color=colour, alpha=0.8, zorder=3)
                ax.annotate("", xy=(x1 - tail, yy), xytext=(x1, yy), zorder=3,
                            arrowprops={"arrowstyle": "->", "color": colour, "lw": 1.2})
                x0 = x1
            elif (end - start).days < 45:
                ax.plot([(x0 + x1) / 2], [yy], marker="o", markersize=4, color=colour, alpha=0.8, zorder=3)
            else:
                ax.plot([x0, x1], [yy, yy], color=colour, linewidth=3, alpha=0.8,
                        solid_capstyle="butt", zorder=3)
            if event.event_id in KEY_EVENTS:
                label_slot += 1
                late = start > dt.date(2005, 6, 30)  # label to the left near the right edge
                ax.annotate(KEY_EVENTS[event.event_id], xy=((x0 + x1) / 2, yy),
                            xytext=(-5 if late else 5, 6 if label_slot % 2 else -10),
                            textcoords="offset points", ha="right" if late else "left",
                            fontsize=8, fontweight="bold", color="black", zorder=4,
                            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white",
                                  "edgecolor": "none", "alpha": 0.85})
        ticks.append(y + (height - 1) / 2)
        tick_labels.append(_wrap(label))
        y += height + 0.8
        ax.axhline(y - 0.9, color="#dddddd", linewidth=0.6, zorder=1)
    total = max(y - 0.8, 1.0)
    top = ax.get_xaxis_transform()  # x in dates, y in axes fractions
    for i, (name, start, end) in enumerate(_phase_spans(ds)):
        colour = PHASE_COLOURS[i % len(PHASE_COLOURS)]
        ax.axvspan(mdates.date2num(start), mdates.date2num(end), color=colour, alpha=0.12, zorder=0)
        ax.text(mdates.date2num(start) + 20, 1.012 + 0.03 * (i % 2), name, transform=top,
                fontsize=9, color=colour, fontweight="bold", va="bottom")
    ax.set_xlim(mdates.date2num(AXIS_START), mdates.date2num(AXIS_END + dt.timedelta(days=1)))
    ax.set_ylim(total, -1.0)
    ax.set_yticks(ticks, tick_labels, fontsize=8.5)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.tick_params(axis="x", labelsize=8.5)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.6, zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.suptitle("Dated events in Adomeit (2007), 1990-2006, with the three phases of Russian policy "
                 "towards NATO", fontsize=12, x=0.02, y=0.985, ha="left")
    note = (f"{shown} occasions shown (an event the paper tells twice is drawn once); {hidden} outside 1990-2006 not shown. Dot: a date within a month or "
            "a known end; bar: the span the paper's date can mean; arrow: an open end. Phases overlap "
            "where the paper says 'fall 1992 or spring 1993'; phase 3 is drawn from the end of phase 2 "
            f"(the paper gives it no start). Source: nrcdata {ds.version}, events.csv and phases.csv.")
    fig.text(0.02, 0.015, _wrap(note, 200), fontsize=7.5, color="#555555")
    return fig


def areas_figure(ds):
    """Per cooperation area: NATO's portrayal claims and the critique's claims, and the outcome
    the Conclusions assign."""
    mpl, Figure, FigureCanvasAgg = _mpl()
    fig = Figure(figsize=AREAS_SIZE, dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.25, 0.1, 0.47, 0.8))
    areas = sorted(ds.areas.values(), key=lambda a: a.ordinal)
    n = len(areas)
    portrayals = [len(a.portrayals) for a in areas]
    critiques = [len(a.critiques) for a in areas]
    ys = list(range(n))
    h = 0.38
    ax.barh([y - h / 2 for y in ys], portrayals, height=h, color=PORTRAYAL_COLOUR,
            label="NATO's portrayal (claims)")
    ax.barh([y + h / 2 for y in ys], critiques, height=h, color=CRITIQUE_COLOUR,
            label="author's critique (claims)")
    for y, p, c in zip(ys, portrayals, critiques):
        ax.text(p + 0.15, y - h / 2, str(p), va="center", fontsize=8)
        ax.text(c + 0.15, y + h / 2, str(c), va="center", fontsize=8)
    ax.set_yticks(ys, [_wrap(a.name, 30) for a in areas], fontsize=9)
    ax.set_ylim(n - 0.4, -0.6)
    ax.set_xlim(0, max(portrayals + critiques + [1]) + 2)
    ax.set_xlabel("number of claims", fontsize=9)
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
                fontsize=9, va="center", color=OUTCOME_COLOURS.get(a.outcome.value, "black"))
    fig.suptitle("Cooperation areas: NATO's portrayal, the author's critique and the outcome",
                 fontsize=12, x=0.02, ha="left")
    fig.text(0.02, 0.02, f"Claims with area_role portrayal or critique per area. Source: nrcdata "
             f"{ds.version}, claims.csv and areas.csv.", fontsize=7.5, color="#555555")
    return fig


def render(kind: str, ds) -> bytes:
    """The PNG bytes of one picture (``timeline`` or ``areas``) of a loaded Dataset."""
    if kind not in KINDS:
        raise ExportError(f"unknown picture {kind!r}; choose one of {', '.join(KINDS)}")
    mpl, _, _ = _mpl()
    with mpl.rc_context():
        mpl.rcdefaults()  # the default style, not the user's matplotlibrc; restored on exit
        fig = timeline_figure(ds) if kind == "timeline" else areas_figure(ds)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


def plot(kind: str, out: str | Path, path: str | Path | None = None) -> Path:
    """Draw one picture of the package (the shipped one by default) into ``out`` (a .png file),
    writing a temporary file beside it and renaming it into place."""
    import os
    import tempfile
    from .api import load
    out = Path(out)
    if kind not in KINDS:
        raise ExportError(f"unknown picture {kind!r}; choose one of {', '.join(KINDS)}")
    if out.suffix.lower() != ".png":
        raise ExportError(f"{out}: the picture is a PNG; give a file name ending in .png")
    _mpl()  # a missing matplotlib is reported before the package is loaded
    data = render(kind, load(path))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, out)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as e:
        raise ExportError(f"cannot write {out}: {e.strerror or e}") from None
    return out
