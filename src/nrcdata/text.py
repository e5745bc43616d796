"""The paper's text: body paragraphs, footnotes, headings, and quote matching.

The dataset does not redistribute the paper (it is not openly licensed). This module
reads a local copy, whose SHA-256 must equal ``SOURCE_SHA256``, and turns it into the
*canonical body text* that every ``paragraph`` number in the data refers to:

* the front matter (title page) is skipped; the body starts at the paper's title heading;
* footnote texts (blocks starting with superscript digits) are taken out of the body;
  a block that is only a URL right after a footnote continues that footnote (fn 35);
* a body paragraph broken by a page break (with or without a block of footnotes in
  between) is rejoined: the piece before ends mid-sentence and the next one either
  comes after footnotes or starts in lower case;
* each bullet line (``- ...``) is a paragraph of its own;
* standalone headings are not paragraphs; the two run-in headings stay in their paragraph;
* paragraphs are numbered from 1 in reading order.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import sys
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .limits import FOOTNOTE_COUNT, MAX_TEXT_BYTES, SOURCE_ENV, SOURCE_FILENAME, SOURCE_SHA256

BODY_START = "INSIDE OR OUTSIDE? RUSSIA'S POLICIES TOWARDS NATO"
# The paper's two run-in headings: they open a paragraph instead of standing alone.
RUN_IN_HEADINGS = (
    "Anti-NATO Rhetoric and Campaigns under Yeltsin.",
    "Review and Revisions Under Putin.",
)

_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = str.maketrans(_SUPERSCRIPT, "0123456789")
_SUP_RUN = re.compile(f"[{_SUPERSCRIPT}]+")
_QUOTE_MAP = str.maketrans({c: '"' for c in "“”„‟«»\u201f"} | {c: "'" for c in "’‘‚‛`"}
                           | {c: "-" for c in "–—‐‑‒―"})


class SourceTextMissing(FileNotFoundError):
    """The paper's text is not where the environment or the default says."""


# named tuples and a small read-only class rather than frozen dataclasses: validation imports
# this module, and a dataclass compiles each of its methods at import
class Paragraph(NamedTuple):
    number: int
    text: str  # as printed, pieces rejoined, emphasis markers and superscripts kept
    heading_index: int  # index into Paper.headings of the heading this paragraph falls under
    bullet: bool

    @property
    def plain(self) -> str:
        return plain_text(self.text)

    @property
    def footnote_markers(self) -> tuple[int, ...]:
        return tuple(int(m.translate(_SUP_TO_DIGIT)) for m in _SUP_RUN.findall(self.text))


class Heading(NamedTuple):
    title: str  # as printed
    run_in: bool
    first_paragraph: int


class Paper:
    """The parsed paper; read-only."""

    __slots__ = ("paragraphs", "footnotes", "headings", "sha256", "_norm_cache")
    paragraphs: tuple[Paragraph, ...]
    footnotes: dict[int, str]  # number -> text as printed (marker removed, lines joined)
    headings: tuple[Heading, ...]
    sha256: str
    _norm_cache: dict

    def __init__(self, paragraphs: tuple[Paragraph, ...], footnotes: dict[int, str],
                 headings: tuple[Heading, ...], sha256: str):
        for name, value in zip(self.__slots__, (paragraphs, footnotes, headings, sha256, {})):
            object.__setattr__(self, name, value)

    def __setattr__(self, name, value):
        raise AttributeError(f"cannot assign to field {name!r}: a Paper is read-only")

    def __delattr__(self, name):
        raise AttributeError(f"cannot delete field {name!r}: a Paper is read-only")

    def __eq__(self, other):
        if type(other) is not Paper:
            return NotImplemented
        return (self.paragraphs, self.footnotes, self.headings, self.sha256) == \
            (other.paragraphs, other.footnotes, other.headings, other.sha256)

    __hash__ = None  # type: ignore[assignment]  # unhashable: its footnotes are a dict

    def __repr__(self) -> str:
        return (f"Paper(paragraphs={self.paragraphs!r}, footnotes={self.footnotes!r}, "
                f"headings={self.headings!r}, sha256={self.sha256!r})")

    def paragraph(self, number: int) -> Paragraph:
        if not 1 <= number <= len(self.paragraphs):
            raise IndexError(f"paragraph {number} is outside 1..{len(self.paragraphs)}")
        return self.paragraphs[number - 1]

    def last_paragraph(self, heading_index: int) -> int:
        if heading_index + 1 < len(self.headings):
            return self.headings[heading_index + 1].first_paragraph - 1
        return len(self.paragraphs)

    def footnote_paragraph(self, footnote: int) -> int:
        """The body paragraph that carries the marker of ``footnote``."""
        if "markers" not in self._norm_cache:  # indexed once: validation asks for every row
            self._norm_cache["markers"] = {n: p.number for p in reversed(self.paragraphs)
                                           for n in p.footnote_markers}
        try:
            return self._norm_cache["markers"][footnote]
        except KeyError:
            raise KeyError(f"footnote {footnote} has no marker in the body") from None

    def normalized(self, where: str) -> str:
        """Normalised text of 'p<N>' (paragraph) or 'fn<N>' (footnote), cached."""
        if where not in self._norm_cache:
            if where.startswith("fn"):
                raw = self.footnotes[int(where[2:])]
            else:
                raw = self.paragraph(int(where[1:])).text
            self._norm_cache[where] = normalize(raw)
        return self._norm_cache[where]

    def quote_in_paragraph(self, quote: str, paragraph: int) -> bool:
        return quote_matches(quote, self.normalized(f"p{paragraph}"))

    def quote_in_footnote(self, quote: str, footnote: int) -> bool:
        return quote_matches(quote, self.normalized(f"fn{footnote}"))


def plain_text(text: str) -> str:
    """Text without emphasis markers and footnote superscripts, whitespace collapsed."""
    text = _SUP_RUN.sub("", text.replace("*", ""))
    return " ".join(text.split())


def normalize(text: str) -> str:
    """Plain text with quote marks, apostrophes, dashes and ellipses unified, for matching."""
    return plain_text(text).translate(_QUOTE_MAP).replace("…", "...")


def quote_matches(quote: str, normalized_haystack: str) -> bool:
    """True when ``quote`` occurs in the text; ``...`` in the quote marks an elision,
    so its parts must occur in order."""
    parts = [p.strip() for p in normalize(quote).split("...")]
    parts = [p for p in parts if p]
    if not parts:
        return False
    pos = 0
    for part in parts:
        found = normalized_haystack.find(part, pos)
        if found < 0:
            return False
        pos = found + len(part)
    return True


# -- the canonical text and quote spans ----------------------------------------------------------
#
# The canonical text is one string: paragraphs 1-104, then footnotes 1-74, each as plain_text()
# gives it (emphasis markers and footnote superscripts removed, white space runs made one space),
# separated by one blank line ("\n\n") and ended by one "\n". Offsets count Unicode code points
# (Python str indices; the text has no character outside the BMP, so they equal UTF-16 units).

CANONICAL_SEPARATOR = "\n\n"


def canonical_blocks(paper: Paper) -> list[tuple[str, str]]:
    """('p1', text), ..., ('p104', text), ('fn1', text), ..., ('fn74', text) in canonical order."""
    blocks = [(f"p{p.number}", p.plain) for p in paper.paragraphs]
    blocks += [(f"fn{n}", plain_text(paper.footnotes[n])) for n in sorted(paper.footnotes)]
    return blocks


def canonical_text(paper: Paper) -> str:
    """The paper's canonical text, which quote span offsets count in (cached)."""
    if "canonical" not in paper._norm_cache:
        blocks = canonical_blocks(paper)
        offsets, pos = {}, 0
        for where, text in blocks:
            offsets[where] = pos
            pos += len(text) + len(CANONICAL_SEPARATOR)
        paper._norm_cache["canonical"] = CANONICAL_SEPARATOR.join(t for _, t in blocks) + "\n"
        paper._norm_cache["canonical_offsets"] = offsets
    return paper._norm_cache["canonical"]


def canonical_offset(paper: Paper, where: str) -> int:
    """Offset in the canonical text at which 'p<N>' or 'fn<N>' starts."""
    canonical_text(paper)
    return paper._norm_cache["canonical_offsets"][where]


def canonical_sha256(paper: Paper) -> str:
    """SHA-256 of the canonical text as UTF-8: its identifier, urn:sha256:<this>."""
    if "canonical_sha256" not in paper._norm_cache:
        paper._norm_cache["canonical_sha256"] = hashlib.sha256(canonical_text(paper).encode("utf-8")).hexdigest()
    return paper._norm_cache["canonical_sha256"]


def quote_parts(quote: str) -> list[str]:
    """The parts of a quote between its '...' elisions, normalised, as quote_matches finds them."""
    return [p for p in (p.strip() for p in normalize(quote).split("...")) if p]


def locate(quote: str, plain: str) -> list[tuple[int, int]] | None:
    """The [start, end) span of each part of ``quote`` in ``plain`` (a paragraph's or footnote's
    plain_text), by the rule of quote_matches: each part at its first occurrence after the part
    before, all quote marks alike, all dashes alike, white space runs alike, '…' as '...'.
    None when the quote is not found."""
    parts = quote_parts(quote)
    if not parts:
        return None
    # normalize(plain) maps each character to one, except '…' to three: keep where each came from
    norm_chars, origin = [], []
    for i, ch in enumerate(plain):
        n = "..." if ch == "…" else ch.translate(_QUOTE_MAP)
        norm_chars.append(n)
        origin.extend([i] * len(n))
    norm = "".join(norm_chars)
    spans, pos = [], 0
    for part in parts:
        found = norm.find(part, pos)
        if found < 0:
            return None
        pos = found + len(part)
        spans.append((origin[found], origin[pos - 1] + 1))
    return spans


class QuoteField(NamedTuple):
    field: str  # the field holding the paper's words
    paragraph: str  # the field naming the paragraph they are in
    footnote: str | None  # the field naming the footnote they are in instead, when set


# the naming convention that makes a field quote-like (see quote_fields)
_OWN_ANCHOR_FIELDS = ("quote", "paper_reading")


def quote_fields(field_names) -> list[QuoteField]:
    """The quote-like fields of a table with these fields, found by naming convention:

    * ``quote`` and ``paper_reading``: in the row's ``paragraph``, or in its ``anchor_footnote``
      when that is set;
    * ``heading``: in the row's ``paragraph``;
    * ``<x>_quote`` and ``<x>_heading``: in the paragraph ``<x>_paragraph`` names.

    A field is taken only when its paragraph field exists; the order is the table's field order."""
    names = list(field_names)
    out = []
    for name in names:
        if name in _OWN_ANCHOR_FIELDS or name == "heading":
            para = "paragraph"
            foot = "anchor_footnote" if name in _OWN_ANCHOR_FIELDS and "anchor_footnote" in names else None
        elif name.endswith(("_quote", "_heading")):
            para, foot = name.rsplit("_", 1)[0] + "_paragraph", None
        else:
            continue
        if para in names:
            out.append(QuoteField(name, para, foot))
    return out


class Span(NamedTuple):
    """A row of quote_spans: where part ``part`` of ``table_name.field`` of row ``row_id`` is."""
    table_name: str
    row_id: str
    field: str
    part: int
    start: int
    end: int


def _value(row, name):
    return row[name] if isinstance(row, dict) else getattr(row, name)


def row_spans(paper: Paper, table: str, row, key: tuple[str, ...], fields: list[QuoteField]
              ) -> tuple[list[Span], list[str]]:
    """The spans of one row's quote-like fields, and a message per field not found."""
    spans, missing = [], []
    row_id = "/".join(str(_value(row, k)) for k in key)
    for qf in fields:
        quote = _value(row, qf.field)
        paragraph = _value(row, qf.paragraph)
        footnote = _value(row, qf.footnote) if qf.footnote else None
        if quote is None or paragraph is None:
            continue
        try:
            if footnote is not None:
                where, plain = f"fn{footnote}", plain_text(paper.footnotes[footnote])
            else:
                where, plain = f"p{paragraph}", paper.paragraph(paragraph).plain
        except (KeyError, IndexError):
            missing.append(f"{table}:{row_id}:{qf.field}: no footnote {footnote} or paragraph {paragraph}")
            continue
        found = locate(quote, plain)
        if found is None:
            missing.append(f"{table}:{row_id}:{qf.field}: not found in {where}")
            continue
        base = canonical_offset(paper, where)
        spans += [Span(table, row_id, qf.field, i, base + s, base + e)
                  for i, (s, e) in enumerate(found, start=1)]
    return spans, missing


def compute_spans(paper: Paper, tables, models) -> tuple[list[Span], list[str]]:
    """Every quote span of the package, in table order, row order, field order, part order; and a
    message per quote not found. ``tables``: table name -> rows (objects with the fields as
    attributes, or dicts); ``models``: table name -> model class (``nrcdata.models.MODELS``).
    A table takes part when it has quote-like fields (``quote_fields``); it is keyed by its
    primary key, several fields joined by '/'. This is the plain function a validator check can
    compare data/quote_spans.csv against."""
    spans: list[Span] = []
    missing: list[str] = []
    for name, model in models.items():
        fields = quote_fields(model.model_fields)
        if not fields:
            continue
        key = model.__table__.primary_key
        for row in tables.get(name, []):
            s, m = row_spans(paper, name, row, key, fields)
            spans += s
            missing += m
    return spans, missing


def _is_heading(block: str) -> bool:
    words = block.split()
    return ("\n" not in block and 0 < len(words) <= 8 and not block.startswith("- ")
            and not _SUP_RUN.search(block) and block[-1] not in "?:,")


def _ends_mid_sentence(text: str) -> bool:
    text = _SUP_RUN.sub("", text).rstrip()
    return bool(text) and (text[-1].isalnum() or text[-1] in ",-–")


def parse(raw: str) -> Paper:
    """Split the paper's text into canonical body paragraphs, headings and footnotes."""
    blocks = [b.strip() for b in re.split(r"\n[ \t]*\n", raw.replace("\r\n", "\n"))]
    blocks = [b for b in blocks if b]
    try:
        start = blocks.index(BODY_START)
    except ValueError:
        raise ValueError(f"the body heading {BODY_START!r} was not found") from None

    footnotes: dict[int, str] = {}
    headings: list[Heading] = [Heading(BODY_START, False, 1)]
    # pieces: [text, bullet, heading_index]; paragraphs are built from them at the end
    pieces: list[list] = []
    last_footnote: int | None = None
    after_footnotes = False
    for block in blocks[start + 1:]:
        m = re.match(f"^([{_SUPERSCRIPT}]+)\\s*", block)
        if m:
            last_footnote = int(m.group(1).translate(_SUP_TO_DIGIT))
            footnotes[last_footnote] = " ".join(block[m.end():].split())
            after_footnotes = True
            continue
        if block.startswith("<http") and last_footnote is not None and after_footnotes:
            footnotes[last_footnote] += " " + " ".join(block.split())
            continue
        if _is_heading(block):
            headings.append(Heading(block, False, -1))  # first paragraph fixed below
            after_footnotes = False
            continue
        items = _split_bullets(block)
        first_text, first_bullet = items[0]
        if (pieces and not first_bullet and _ends_mid_sentence(pieces[-1][0])
                and (after_footnotes or first_text[:1].islower())):
            pieces[-1][0] += " " + first_text
            items = items[1:]
        for text, bullet in items:
            for title in RUN_IN_HEADINGS:
                if text.startswith(title):
                    headings.append(Heading(title, True, -1))
            pieces.append([text, bullet, len(headings) - 1])
        after_footnotes = False

    paragraphs = tuple(Paragraph(i, t, h, b) for i, (t, b, h) in enumerate(pieces, start=1))
    fixed = []
    for index, heading in enumerate(headings):
        first = next((p.number for p in paragraphs if p.heading_index == index), -1)
        fixed.append(Heading(heading.title, heading.run_in, first))
    if sorted(footnotes) != list(range(1, FOOTNOTE_COUNT + 1)):
        raise ValueError(f"expected footnotes 1..{FOOTNOTE_COUNT}, found {len(footnotes)}")
    sha = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    return Paper(paragraphs, footnotes, tuple(fixed), sha)


def _split_bullets(block: str) -> list[tuple[str, bool]]:
    """A block's bullet lines are separate items; other lines continue the item before."""
    items: list[list] = []
    for line in block.split("\n"):
        line = line.strip()
        if line.startswith("- ") or not items:
            bullet = line.startswith("- ")
            items.append([line[2:].strip() if bullet else line, bullet])
        else:
            items[-1][0] += " " + line
    return [(" ".join(t.split()), b) for t, b in items]


def default_source_path() -> Path:
    """``$NRCDATA_SOURCE_TEXT``, else ``../shared/source/<file>`` beside the repository
    root (for a source checkout) or beside the current directory."""
    env = os.environ.get(SOURCE_ENV)
    if env:
        return Path(env)
    repo_root = Path(__file__).resolve().parents[2]
    for base in (repo_root, Path.cwd()):
        candidate = base.parent / "shared" / "source" / SOURCE_FILENAME
        if candidate.is_file():
            return candidate
    return repo_root.parent / "shared" / "source" / SOURCE_FILENAME


@lru_cache(maxsize=4)
def _load_cached(path: str) -> Paper:
    with open(path, "rb") as f:
        raw = f.read(MAX_TEXT_BYTES + 1)
    if len(raw) > MAX_TEXT_BYTES:
        raise ValueError(f"{path}: over {MAX_TEXT_BYTES} bytes, far larger than the paper's text")
    sha = hashlib.sha256(raw).hexdigest()
    if sha != SOURCE_SHA256:
        raise ValueError(f"{path}: SHA-256 {sha} is not the paper's ({SOURCE_SHA256})")
    return parse(raw.decode("utf-8"))


def load_paper(path: str | os.PathLike | None = None) -> Paper:
    """Read and parse the paper; raises SourceTextMissing when the file is absent."""
    p = Path(path) if path is not None else default_source_path()
    try:
        mode = os.stat(p).st_mode
    except FileNotFoundError:
        mode = None
    except (OSError, ValueError) as e:
        raise OSError(f"the paper's text at {p} cannot be read: {getattr(e, 'strerror', None) or e}") from None
    if mode is not None and not stat.S_ISREG(mode):
        what = "a folder" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else "not a regular file"
        raise OSError(f"the paper's text at {p} cannot be read: it is {what}, not a file (it is not opened)")
    if mode is None:
        raise SourceTextMissing(
            f"the paper's text was not found at {p}; set {SOURCE_ENV} to its path")
    return _load_cached(str(p.resolve()))


def main(argv: list[str] | None = None) -> int:
    """``python -m nrcdata.text show N | find QUOTE | footnote N | outline | canonical``: look at
    the canonical text while encoding (needs the paper's text). ``canonical`` writes the canonical
    text that quote span offsets count in (``nrcdata spans`` computes the spans)."""
    args = sys.argv[1:] if argv is None else argv
    paper = load_paper()
    if args[:1] == ["show"] and len(args) == 2:
        p = paper.paragraph(int(args[1]))
        print(f"p{p.number} [{paper.headings[p.heading_index].title}] footnotes={p.footnote_markers}")
        print(p.plain)
    elif args[:1] == ["footnote"] and len(args) == 2:
        n = int(args[1])
        print(f"fn{n} (marker in p{paper.footnote_paragraph(n)}): {plain_text(paper.footnotes[n])}")
    elif args[:1] == ["find"] and len(args) == 2:
        hits = [f"p{p.number}" for p in paper.paragraphs if paper.quote_in_paragraph(args[1], p.number)]
        hits += [f"fn{n}" for n in paper.footnotes if paper.quote_in_footnote(args[1], n)]
        print(" ".join(hits) if hits else "NOT FOUND")
        return 0 if hits else 1
    elif args[:1] == ["outline"]:
        for i, h in enumerate(paper.headings):
            print(f"{h.first_paragraph:>3}-{paper.last_paragraph(i):<3} {'(run-in) ' if h.run_in else ''}{h.title}")
    elif args == ["canonical"]:
        sys.stdout.flush()
        sys.stdout.buffer.write(canonical_text(paper).encode("utf-8"))
        sys.stdout.buffer.flush()
    else:
        print(main.__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
