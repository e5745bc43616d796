"""Every check of a data package, declared once.

Both executors run these declarations: ``python_executor`` row by row for small packages (no
pyarrow), ``arrow_executor`` column by column for large ones. What each kind of declaration
means, and how an executor may run it:

* **cell checks**: each field's ``cells.FieldCheck``, compiled from its definition in
  ``models.py`` (type, required, enum, pattern, length, range). The Arrow executor screens a
  column for values that may fail and passes each distinct flagged value through the same check.
* **keys** (``KEYS``): every primary key and foreign key the models declare, and the notes'
  reference to a row of any table. Compared on the key cells of every well-formed row (a bad
  cell elsewhere in the row does not hide a key problem); integers as numbers.
* **row checks** (``ROW_CHECKS``): a function of the fields a row check ``reads``, run on rows
  whose every cell is valid; it names the problems of one row. A check with a vectorized form
  (``Vectorized``) is run as one on Arrow columns; any other runs once per distinct combination
  of the fields it reads.
* **table checks** (``TABLE_CHECKS``): a function of some columns of one table (completeness,
  a parent that is its own ancestor).
* **paper checks** (``PAPER_ROW_CHECKS``, ``PAPER_TABLE_CHECKS``): the same two shapes, with the
  paper's text; run only when the text is at hand.

A problem a check finds is reported with the same line by either executor; the report keeps at
most ``MAX_PROBLEMS_PER_GROUP`` problems per (file, field, kind), the first by row, and says
how many more there were.
"""

from __future__ import annotations

import heapq
from functools import lru_cache
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from . import edtf, vocab
from .errors import Problem, ProblemKind as K, shorten, show
from .limits import AUTHOR_ID, FOOTNOTE_COUNT, MAX_PROBLEMS_PER_GROUP
from .models import MODELS, TABLES
from .text import Paper, normalize, plain_text

Finding = tuple[str, str, K]  # (field, message, kind) of one row or table


# -- keys -------------------------------------------------------------------------------------

class UniqueKey(NamedTuple):
    table: str
    fields: tuple[str, ...]

    def message(self, key: Sequence[str], first_line: int) -> Finding:
        return (",".join(self.fields), f"duplicate primary key {', '.join(map(show, key))} (first on line "
                f"{first_line})", K.PRIMARY_KEY)


class Reference(NamedTuple):
    table: str
    field: str
    ref_table: str
    ref_field: str

    def message(self, value: str) -> Finding:
        return (self.field, f"{show(value)} is not among {self.ref_table}.{self.ref_field}", K.FOREIGN_KEY)


class AnyTableReference(NamedTuple):
    """A reference to a row of a table the row itself names (notes: concerns_table, concerns_id):
    a link to any table, so it cannot be a declared foreign key."""
    table: str
    table_field: str
    id_field: str

    def target(self, table_name: str) -> tuple[str, str] | None:
        """(table, its single key field), or None when table_name is no such table."""
        model = MODELS.get(table_name)
        if model is None or len(model.__table__.primary_key) != 1:
            return None
        return table_name, model.__table__.primary_key[0]

    def no_table(self, table_name: str) -> Finding:
        return (self.table_field, f"{show(table_name)} is not a table with a single-field key", K.FOREIGN_KEY)

    def message(self, table_name: str, value: str, key: str) -> Finding:
        return (self.id_field, f"{show(value)} is not among {table_name}.{key}", K.FOREIGN_KEY)


def _keys() -> tuple[tuple[UniqueKey, ...], tuple[Reference, ...], tuple[AnyTableReference, ...]]:
    unique = tuple(UniqueKey(m.__table__.name, m.__table__.primary_key) for m in TABLES)
    refs = tuple(Reference(m.__table__.name, fk.fields[0], fk.table, fk.ref_fields[0])
                 for m in TABLES for fk in m.__table__.foreign_keys)
    return unique, refs, (AnyTableReference("notes", "concerns_table", "concerns_id"),)


UNIQUE_KEYS, REFERENCES, ANY_TABLE_REFERENCES = _keys()


def key_fields(table: str) -> tuple[str, ...]:
    """The fields of ``table`` that take part in a key check: only their cells are kept."""
    fields = [f for k in UNIQUE_KEYS if k.table == table for f in k.fields]
    fields += [r.field for r in REFERENCES if r.table == table]
    fields += [r.ref_field for r in REFERENCES if r.ref_table == table]
    fields += [f for a in ANY_TABLE_REFERENCES if a.table == table for f in (a.table_field, a.id_field)]
    fields += [f for a in ANY_TABLE_REFERENCES for t in MODELS if t == table
               for f in MODELS[t].__table__.primary_key]
    return tuple(dict.fromkeys(fields))


# -- row checks -------------------------------------------------------------------------------

class RowCheck:
    """A check of one row: ``run(values)`` -> the row's findings, from the fields it reads."""

    table: str
    reads: tuple[str, ...]

    def run(self, values: dict[str, Any]) -> list[Finding]:
        raise NotImplementedError


class Vectorized(RowCheck):
    """A row check with a form that runs on whole columns: ``violated(row) -> bool`` for one
    row and ``violated_columns(columns) -> mask`` for Arrow arrays (in arrow_executor, keyed by
    this class); ``run`` builds the message of a violating row."""

    field: str
    kind: K
    template: str

    def violated(self, v: dict[str, Any]) -> bool:
        raise NotImplementedError

    def run(self, values: dict[str, Any]) -> list[Finding]:
        if not self.violated(values):
            return []
        return [(self.field, self.template.format(**{k: _text(v) for k, v in values.items()}), self.kind)]


class Implies(Vectorized):
    """When one condition holds, so does the other."""

    def __init__(self, table: str, left: Cond, right: Cond, field: str, template: str, kind: K = K.RULE):
        self.table, self.left, self.right = table, left, right
        self.field, self.template, self.kind = field, template, kind
        self.reads = tuple(dict.fromkeys((left.field, right.field)))

    def violated(self, v):
        return self.left.holds(v) and not self.right.holds(v)


def _text(value: Any) -> str:
    return "empty" if value is None else str(value)


class Cond(NamedTuple):
    """A condition on one field: ``set`` (not empty), ``eq`` or ``ne`` a value."""
    field: str
    op: str  # "set", "eq", "ne"
    value: Any = None

    def holds(self, v: dict[str, Any]) -> bool:
        x = v[self.field]
        if self.op == "set":
            return x is not None
        return (x == self.value) if self.op == "eq" else (x != self.value)


class Iff(Vectorized):
    """Two conditions hold together or not at all."""

    def __init__(self, table: str, left: Cond, right: Cond, field: str, template: str, kind: K = K.RULE):
        self.table, self.left, self.right = table, left, right
        self.field, self.template, self.kind = field, template, kind
        self.reads = tuple(dict.fromkeys((left.field, right.field)))

    def violated(self, v):
        return self.left.holds(v) != self.right.holds(v)


def Together(table: str, a: str, b: str, template: str | None = None) -> Iff:
    """``a`` and ``b`` set together or not at all; the problem names ``b``."""
    return Iff(table, Cond(a, "set"), Cond(b, "set"), b, template or f"must be set exactly when {a} is set")


class Differ(Vectorized):
    """Two fields never equal."""

    def __init__(self, table: str, a: str, b: str, template: str, kind: K = K.RULE):
        self.table, self.a, self.b, self.field, self.template, self.kind = table, a, b, b, template, kind
        self.reads = (a, b)

    def violated(self, v):
        return v[self.a] is not None and v[self.a] == v[self.b]


class Ordered(Vectorized):
    """``low`` before ``high`` (or not after it, unless ``strict``) when both are set; the
    problem names ``field``."""

    def __init__(self, table: str, low: str, high: str, field: str, template: str, strict: bool = False,
                 kind: K = K.RULE):
        self.table, self.low, self.high, self.strict = table, low, high, strict
        self.field, self.template, self.kind = field, template, kind
        self.reads = (low, high)

    def violated(self, v):
        lo, hi = v[self.low], v[self.high]
        if lo is None or hi is None:
            return False
        return hi <= lo if self.strict else hi < lo


def _edtf_bounds(value: str):
    """edtf.bounds, with a date outside Python's years 1-9999 (0000, 9999-24) reported like any
    other impossible date rather than escaping as a bare ValueError."""
    try:
        return edtf.bounds(value)
    except edtf.EDTFError:
        raise
    except (ValueError, OverflowError) as e:
        raise ValueError(f"{value!r} is not a date that exists ({e})") from None


class EdtfBounds(RowCheck):
    """An EDTF field and the full dates (and precision) derived from it agree. With
    ``open_ends``, the EDTF field may be empty or '..' (open), and then the derived field is
    empty."""

    def __init__(self, table: str, edtf_field: str, start: str | None, end: str | None,
                 precision: str | None = None, open_ends: bool = False):
        self.table, self.edtf_field, self.start, self.end, self.precision = table, edtf_field, start, end, precision
        self.open_ends = open_ends
        self.reads = tuple(f for f in (edtf_field, start, end, precision) if f)

    def run(self, v):
        value = v[self.edtf_field]
        derived = [f for f in (self.start, self.end, self.precision) if f]
        if value is None or (self.open_ends and value == ".."):
            return [(f, f"must be empty when {self.edtf_field} is {value or 'empty'}", K.EDTF_BOUNDS)
                    for f in derived if v[f] is not None]
        try:
            lo, hi, prec = _edtf_bounds(value)
        except ValueError as e:
            return [(self.edtf_field, str(e), K.EDTF)]
        out: list[Finding] = []
        first = v[self.start] if self.start else None
        for name, want in ((self.start, lo), (self.end, hi)):
            if not name:
                continue
            got = v[name]
            if got != want:
                # EDTF bounds are ordered, so an end before its start always lands here: say so
                order = (f"; it is also before {self.start} {first}"
                         if name == self.end and got and first and got < first else "")
                out.append((name, f"{got} disagrees with {self.edtf_field} {value!r}, which gives {want}{order}",
                            K.EDTF_BOUNDS))
        if self.precision and v[self.precision] != prec:
            out.append((self.precision, f"{v[self.precision]} disagrees with {self.edtf_field} {value!r}, "
                        f"which gives {prec}", K.EDTF_BOUNDS))
        return out


Author, Reported = vocab.Voice.AUTHOR, vocab.Voice.REPORTED

ROW_CHECKS: tuple[RowCheck, ...] = (
    EdtfBounds("events", "date", "date_start", "date_end", "date_precision"),
    EdtfBounds("phases", "start", "date_start", None, open_ends=True),
    EdtfBounds("phases", "end", None, "date_end", open_ends=True),
    # start and end are separate EDTF dates here, so nothing above orders them
    Ordered("phases", "date_start", "date_end", "date_end",
            "{date_end} is before date_start {date_start}: the phase ends before it starts", kind=K.DATE_ORDER),
    EdtfBounds("source_items", "published", None, None),
    Together("sources", "same_as", "same_as_basis"),
    Ordered("sources", "same_as", "footnote", "same_as", "{same_as} must be an earlier footnote than {footnote}",
            strict=True),
    Together("claims", "area_id", "area_role"),
    Iff("claims", Cond("voice", "eq", Author), Cond("holder_id", "eq", AUTHOR_ID), "holder_id",
        "'{holder_id}' with voice {voice}: the author's own claims, and only they, are held by " + repr(AUTHOR_ID)),
    Differ("claim_relations", "claim_id", "target_id", "a claim cannot act on itself"),
    Iff("topics", Cond("group", "eq", vocab.TopicGroup.POSITION), Cond("outcome", "set"), "outcome",
        "must be set exactly for positions"),
    Iff("areas", Cond("outcome", "ne", vocab.Outcome.NOT_ASSESSED), Cond("outcome_quote", "set"), "outcome_quote",
        "outcome_paragraph and outcome_quote must be set exactly when the outcome is assessed"),
    Iff("areas", Cond("outcome", "ne", vocab.Outcome.NOT_ASSESSED), Cond("outcome_paragraph", "set"),
        "outcome_quote", "outcome_paragraph and outcome_quote must be set exactly when the outcome is assessed"),
    Ordered("sections", "first_paragraph", "last_paragraph", "last_paragraph", "is before first_paragraph"),
    Iff("sections", Cond("level", "eq", 2), Cond("parent_id", "set"), "parent_id",
        "must be set exactly for a subsection (level 2)"),
    Together("notes", "concerns_table", "concerns_id",
             "concerns_table and concerns_id are set together or not at all"),
    # political-claims fields (0.2)
    EdtfBounds("claims", "date", "date_start", "date_end", "date_precision"),
    Together("claims", "date", "date_basis"),
    Together("claims", "issue_id", "position"),
    Implies("claims", Cond("event_id", "set"), Cond("date", "set"), "date",
            "must be set when event_id is set: a claim made at a dated event has that date"),
    EdtfBounds("affiliations", "date", "date_start", "date_end", "date_precision"),
    Iff("claim_actors", Cond("role", "eq", vocab.ClaimActorRole.OBJECT), Cond("evaluation", "set"), "evaluation",
        "must be set exactly for an object (role object)"),
)


# -- checks through a reference ---------------------------------------------------------------

class LookupCheck(NamedTuple):
    """A check of a row against the row its field ``via`` refers to (``ref_table``'s
    ``ref_key``): ``run(values, ref)`` -> findings, ``ref`` holding the ``ref_reads`` of the row
    referred to. Rows whose ``via`` is empty or names no row are left to the key checks."""
    table: str
    reads: tuple[str, ...]  # including via
    via: str
    ref_table: str
    ref_key: str
    ref_reads: tuple[str, ...]
    run: Callable[[dict[str, Any], dict[str, Any]], list[Finding]]

    def through(self, values: dict[str, Any], rows: Mapping[Any, dict[str, Any]]) -> list[Finding]:
        """The findings of a row, looking up the row it refers to in ``rows`` (key -> ref_reads)."""
        target = rows.get(values[self.via])
        return [] if target is None else self.run(values, target)


def _within(inner: tuple, outer: tuple) -> bool:
    """The interval ``inner`` (start, end; None open) lies within ``outer``."""
    (a, b), (c, d) = inner, outer
    return (c is None or (a is not None and a >= c)) and (d is None or (b is not None and b <= d))


def _overlap(x: tuple, y: tuple) -> bool:
    (a, b), (c, d) = x, y
    return (a is None or d is None or a <= d) and (c is None or b is None or c <= b)


@lru_cache(maxsize=1 << 16)  # called twice per referring row: a large package repeats few dates
def _span(value: str | None) -> tuple | None:
    """The (first, last) day an EDTF date can mean, from the EDTF itself (the derived fields are
    checked on their own: a wrong one is blamed once, not again through every reference)."""
    if value is None:
        return None
    try:
        lo, hi, _ = _edtf_bounds(value)
    except ValueError:
        return None
    return lo, hi


def _claim_within_event(v, event) -> list[Finding]:
    inner, outer = _span(v["date"]), _span(event["date"])
    if inner is None or outer is None or _within(inner, outer):
        return []
    return [("date", f"{v['date']!r} is not within the date of event {v['event_id']} ({event['date']!r})", K.RULE)]


def _occasion(v, first) -> list[Finding]:
    out = []
    if first["occasion_id"] != v["occasion_id"]:
        out.append(("occasion_id", f"{v['occasion_id']} is not the first event of its occasion (its occasion_id is "
                    f"{first['occasion_id']})", K.RULE))
    mine, theirs = _span(v["date"]), _span(first["date"])
    if mine is not None and theirs is not None and not _overlap(mine, theirs):
        out.append(("occasion_id", f"{v['date']!r} cannot be the date of occasion {v['occasion_id']} "
                    f"({first['date']!r})", K.RULE))
    return out


def _work_of_an_earlier_footnote(v, item) -> list[Finding]:
    # a footnote cites its own works or, repeating one (Ibid., op. cit.), an earlier footnote's
    if item["footnote"] <= v["footnote"]:
        return []
    return [("item_id", f"{v['item_id']} is a work of footnote {item['footnote']}, after footnote {v['footnote']}",
             K.RULE)]


LOOKUP_CHECKS: tuple[LookupCheck, ...] = (
    LookupCheck("claim_sources", ("item_id", "footnote"), "item_id", "source_items", "item_id", ("footnote",),
                _work_of_an_earlier_footnote),
    LookupCheck("event_sources", ("item_id", "footnote"), "item_id", "source_items", "item_id", ("footnote",),
                _work_of_an_earlier_footnote),
    LookupCheck("claims", ("event_id", "date"), "event_id", "events", "event_id", ("date",), _claim_within_event),
    LookupCheck("events", ("occasion_id", "date"), "occasion_id", "events", "event_id", ("occasion_id", "date"),
                _occasion),
)


# -- table checks -----------------------------------------------------------------------------

class TableCheck(NamedTuple):
    """A check of some columns of one table: ``run(lines, columns)`` -> (line, field, message,
    kind) for each problem; ``lines`` and every column are in row order (rows whose every cell
    is valid)."""
    table: str
    reads: tuple[str, ...]
    run: Callable[[Sequence[int], dict[str, Sequence[Any]]], list[tuple[int, str, str, K]]]


def _every_footnote(lines, cols):
    missing = sorted(set(range(1, FOOTNOTE_COUNT + 1)) - set(cols["footnote"]))
    return [(0, "footnote", f"footnotes {missing} have no row", K.COMPLETENESS)] if missing else []


def _no_cycle(lines, cols):
    """A section's parents lead to a top-level section, never back to itself."""
    parent = dict(zip(cols["section_id"], cols["parent_id"]))
    out = []
    for line, section in zip(lines, cols["section_id"]):
        seen, at = {section}, parent.get(section)
        while at is not None and at in parent:
            if at in seen:
                out.append((line, "parent_id", f"{show(section)} is its own ancestor (through "
                            f"{show(at)})", K.RULE))
                break
            seen.add(at)
            at = parent[at]
    return out


TABLE_CHECKS: tuple[TableCheck, ...] = (
    TableCheck("sources", ("footnote",), _every_footnote),
    TableCheck("sections", ("section_id", "parent_id"), _no_cycle),
)


# -- checks against the paper's text ----------------------------------------------------------

def anchored_tables() -> tuple[str, ...]:
    """The tables whose rows name a section, paragraph and footnote and carry the paper's words."""
    need = {"section_id", "paragraph", "anchor_footnote"}
    return tuple(m.__table__.name for m in TABLES if need <= set(m.model_fields)
                 and ({"quote", "paper_reading"} & set(m.model_fields)))


class PaperContext(NamedTuple):
    paper: Paper
    ranges: dict[str, tuple[int, int]]  # section_id -> (first, last paragraph), from sections


class PaperRowCheck(NamedTuple):
    table: str
    reads: tuple[str, ...]
    run: Callable[[dict[str, Any], PaperContext], list[Finding]]


def _anchor(text_field: str, with_date: bool):
    def run(r, ctx: PaperContext) -> list[Finding]:
        paper, out = ctx.paper, []
        lo_hi = ctx.ranges.get(r["section_id"])
        if lo_hi and not lo_hi[0] <= r["paragraph"] <= lo_hi[1]:
            out.append(("paragraph", f"{r['paragraph']} is not in section {r['section_id']} (paragraphs "
                        f"{lo_hi[0]}-{lo_hi[1]})", K.PAPER_ANCHOR))
        fn = r["anchor_footnote"]
        if fn is not None and r["paragraph"] != paper.footnote_paragraph(fn):
            out.append(("paragraph", f"{r['paragraph']} does not carry the marker of footnote {fn} (paragraph "
                        f"{paper.footnote_paragraph(fn)} does)", K.PAPER_ANCHOR))
        quote = r[text_field]
        found = paper.quote_in_footnote(quote, fn) if fn is not None else paper.quote_in_paragraph(quote, r["paragraph"])
        if not found:
            where = f"footnote {fn}" if fn is not None else f"paragraph {r['paragraph']}"
            out.append((text_field, f"{shorten(quote)!r} is not in {where}", K.QUOTE_NOT_FOUND))
        if with_date and normalize(r["date_as_printed"]) not in normalize(quote):
            out.append(("date_as_printed", f"{r['date_as_printed']!r} is not in the quote", K.QUOTE_NOT_FOUND))
        return out
    return run


def _area_headings(r, ctx):
    out = []
    for heading, para in (("nato_heading", "nato_paragraph"), ("critique_heading", "critique_paragraph")):
        h, n = r[heading], r[para]
        if h is not None and (n is None or not ctx.paper.quote_in_paragraph(h, n)):
            out.append((heading, f"{h!r} is not in paragraph {n}", K.QUOTE_NOT_FOUND))
    q, n = r["outcome_quote"], r["outcome_paragraph"]
    if q and n and not ctx.paper.quote_in_paragraph(q, n):
        out.append(("outcome_quote", f"{shorten(q)!r} is not in paragraph {n}", K.QUOTE_NOT_FOUND))
    return out


def _topic_heading(r, ctx):
    h = r["heading"]
    if h is not None and not ctx.paper.quote_in_paragraph(h, r["paragraph"]):
        return [("heading", f"{h!r} is not in paragraph {r['paragraph']}", K.QUOTE_NOT_FOUND)]
    return []


def _paper_row_checks() -> tuple[PaperRowCheck, ...]:
    anchor = ("section_id", "paragraph", "anchor_footnote")
    out = []
    for table in anchored_tables():
        fields = MODELS[table].model_fields
        text_field = "quote" if "quote" in fields else "paper_reading"
        with_date = "date_as_printed" in fields
        reads = anchor + (text_field,) + (("date_as_printed",) if with_date else ())
        out.append(PaperRowCheck(table, reads, _anchor(text_field, with_date)))
    out.append(PaperRowCheck("areas", ("nato_heading", "nato_paragraph", "critique_heading", "critique_paragraph",
                                       "outcome_quote", "outcome_paragraph"), _area_headings))
    out.append(PaperRowCheck("topics", ("heading", "paragraph"), _topic_heading))
    return tuple(out)


PAPER_ROW_CHECKS = _paper_row_checks()


class PaperTableCheck(NamedTuple):
    table: str
    reads: tuple[str, ...]
    run: Callable[[Sequence[int], dict[str, Sequence[Any]], Paper], list[tuple[int, str, str, K]]]


def _sections_match_headings(lines, cols, paper: Paper):
    out = []
    order = sorted(range(len(lines)), key=lambda i: cols["ordinal"][i])
    if order and len(order) != len(paper.headings):
        out.append((0, "", f"has {len(order)} rows; the paper has {len(paper.headings)} headings",
                    K.PAPER_STRUCTURE))
    for i, row in enumerate(order[:len(paper.headings)]):
        h = paper.headings[i]
        want = {"title": h.title, "run_in": h.run_in, "first_paragraph": h.first_paragraph,
                "last_paragraph": paper.last_paragraph(i)}
        for name, value in want.items():
            if cols[name][row] != value:
                out.append((lines[row], name, f"{cols[name][row]!r}; the paper's heading {i + 1} gives {value!r}",
                            K.PAPER_STRUCTURE))
    return out


def _sources_match_footnotes(lines, cols, paper: Paper):
    out = []
    for line, fn, citation, marker in zip(lines, cols["footnote"], cols["citation"], cols["marker_paragraph"]):
        text = plain_text(paper.footnotes[fn])
        if citation != text:
            out.append((line, "citation", f"differs from footnote {fn} as printed: {shorten(text)!r}",
                        K.PAPER_STRUCTURE))
        if marker != paper.footnote_paragraph(fn):
            out.append((line, "marker_paragraph", f"{marker}; the marker of footnote {fn} is in paragraph "
                        f"{paper.footnote_paragraph(fn)}", K.PAPER_STRUCTURE))
    return out


PAPER_TABLE_CHECKS: tuple[PaperTableCheck, ...] = (
    PaperTableCheck("sections", ("ordinal", "title", "run_in", "first_paragraph", "last_paragraph"),
                    _sections_match_headings),
    PaperTableCheck("sources", ("footnote", "citation", "marker_paragraph"), _sources_match_footnotes),
)
SECTION_RANGE_FIELDS = ("section_id", "first_paragraph", "last_paragraph")


def paper_context(paper: Paper, lines_cols: tuple[Sequence[int], Mapping[str, Sequence[Any]]] | None) -> PaperContext:
    cols = lines_cols[1] if lines_cols else {f: [] for f in SECTION_RANGE_FIELDS}
    return PaperContext(paper, {s: (a, b) for s, a, b in zip(*(cols[f] for f in SECTION_RANGE_FIELDS))})


# -- the report -------------------------------------------------------------------------------

class Report:
    """The problems found, at most ``limit`` per (file, field, kind), the first by row; the
    number left out is said in one line per group. Independent of the order problems arrive in."""

    def __init__(self, limit: int = MAX_PROBLEMS_PER_GROUP):
        self.limit = limit
        self._groups: dict[tuple[str, str, K], list] = {}
        self._counts: dict[tuple[str, str, K], int] = {}

    def add(self, problem: Problem) -> None:
        key = (problem.file, problem.field, problem.kind)
        heap = self._groups.setdefault(key, [])
        self._counts[key] = self._counts.get(key, 0) + 1
        item = (-problem.row, _Rev(problem.message), problem)
        if len(heap) < self.limit:
            heapq.heappush(heap, item)
        elif item > heap[0]:  # an earlier row than the latest kept one
            heapq.heapreplace(heap, item)

    def extend(self, problems: Iterable[Problem]) -> None:
        for p in problems:
            self.add(p)

    def merge(self, other: "Report") -> None:
        """Add what another report holds (its first problems per group and its counts)."""
        for key, heap in other._groups.items():
            for item in heap:
                self.add(item[2])
            self._counts[key] += other._counts[key] - len(heap)

    def problems(self) -> list[Problem]:
        out = {item[2] for heap in self._groups.values() for item in heap}
        for (file, field, kind), n in self._counts.items():
            if n > self.limit:
                out.add(Problem(file, 0, field, f"{n - self.limit} more {kind.value} problem(s) in this column "
                                f"are not listed (the first {self.limit} by row are)", K.MORE_PROBLEMS))
        return sorted(out)


class _Rev(str):
    """A message that sorts in reverse, so that the heap keeps the smallest (row, message)."""
    __slots__ = ()

    def __lt__(self, other):
        return str.__gt__(self, other)

    def __gt__(self, other):
        return str.__lt__(self, other)
