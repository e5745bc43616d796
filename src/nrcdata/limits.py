"""Named facts about the paper and the bounds the reader enforces: each number once.

The codebook's conventions print these bounds; models, text parsing and the checks use the names.
"""

from __future__ import annotations

# -- the paper ---------------------------------------------------------------------------------
PARAGRAPH_COUNT = 104  # body paragraphs of the canonical text (nrcdata.text)
FOOTNOTE_COUNT = 74
SOURCE_FILENAME = "000_338b519886c6e0ae.txt"
SOURCE_SHA256 = "fecf3f52b543f44fb29d5e96a440206812cf097c87634ddaef57c10e786c602d"
SOURCE_ENV = "NRCDATA_SOURCE_TEXT"
AUTHOR_ID = "adomeit"  # the actor who holds the author's own claims

# -- what the reader accepts -------------------------------------------------------------------
MAX_FILE_BYTES = 16 * 1024 ** 3  # 16 GiB: room for ten million claims, a guard against a stray huge file
MAX_CELL_CHARS = 100_000
MAX_INTEGER_DIGITS = 18  # every integer cell fits int64 (SQLite, Parquet, pandas Int64)
MAX_DESCRIPTOR_BYTES = 1024 ** 2  # datapackage.json
MAX_DESCRIPTOR_DEPTH = 32  # nesting of objects and arrays in datapackage.json
MAX_PROBLEMS_PER_GROUP = 1000  # problems listed per (file, field, kind); the rest are counted
MAX_TEXT_BYTES = 8 * 1024 ** 2  # the paper's text file

# Characters no cell may hold: C0 controls (line breaks among them), DEL, C1 controls, the Unicode
# line and paragraph separators, and noncharacters (XML, so the xlsx export, cannot carry them).
FORBIDDEN_RANGES: tuple[tuple[int, int], ...] = (
    (0x00, 0x1F), (0x7F, 0x9F), (0x2028, 0x2029), (0xFDD0, 0xFDEF),
    *((plane + 0xFFFE, plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000)),
)


def forbidden_class(style: str = "python") -> str:
    """The forbidden characters as a regular-expression character class, for Python's ``re``
    (``style="python"``) or RE2, which pyarrow uses (``style="re2"``)."""
    def esc(c: int) -> str:
        return f"\\x{{{c:x}}}" if style == "re2" else f"\\U{c:08x}"
    return "[" + "".join(f"{esc(a)}-{esc(b)}" for a, b in FORBIDDEN_RANGES) + "]"
