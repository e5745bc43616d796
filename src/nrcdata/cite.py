"""How to cite the dataset: BibTeX, APA or the Citation File Format.

CITATION.cff is the one source: the BibTeX and APA forms are built from its title, version,
release date, authors and the paper it references. The wheel carries the file as
nrcdata/_package/CITATION.cff.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .package import shipped_root

FORMATS = ("apa", "bibtex", "cff")


def cff_path() -> Path:
    return shipped_root() / "CITATION.cff"


def cff_text() -> str:
    path = cff_path()
    try:
        return path.read_text(encoding="utf-8")
    except OSError as e:
        raise FileNotFoundError(f"CITATION.cff is missing from the package ({path}): {e.strerror or e}") from None


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        try:  # a double-quoted scalar as CITATION.cff's generator writes it (JSON's escapes are YAML's)
            return json.loads(value)
        except ValueError:
            return value[1:-1]
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    return value


# BibTeX's month macros: a month is written jan ... dec, never as a number
BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def bibtex_month(month: str) -> str:
    """``month = jan`` for the CFF's 1, or a braced text when it is not a month number."""
    if month.strip().isdigit() and 1 <= int(month) <= 12:
        return BIBTEX_MONTHS[int(month) - 1]
    return "{" + _bib_escape(month) + "}"


def parse_cff(text: str) -> dict:
    """The fields the citations need, read from the CFF's plain YAML subset: top-level scalars,
    the top-level authors' names, and the first reference (the paper)."""
    top: dict = {"authors": []}
    ref: dict = {"authors": []}
    section = None  # the top-level list we are in: "authors", "references" or another
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip())
        if indent == 0:
            key, _, value = line.partition(":")
            section = key.strip()
            if value.strip():
                top[section] = _unquote(value)
            continue
        key, _, value = line.strip().lstrip("- ").partition(":")
        key, value = key.strip(), _unquote(value)
        if section == "authors" and key in ("name", "family-names", "given-names"):
            if line.strip().startswith("- "):
                top["authors"].append({})
            top["authors"][-1][key] = value
        elif section == "references":
            if indent <= 4 and key in ("type", "title", "number", "year", "month", "notes"):
                ref.setdefault(key, value)
            elif key in ("family-names", "given-names") and indent >= 6:
                if line.strip().startswith("- "):
                    ref["authors"].append({})
                ref["authors"][-1][key] = value
            elif key == "name" and value:
                ref.setdefault("institution", value)
    top["reference"] = ref
    return top


def _author_names(authors: list[dict], apa: bool) -> list[str]:
    out = []
    for a in authors:
        if "name" in a:
            out.append(a["name"])
        elif apa:
            initials = " ".join(p[0] + "." for p in a.get("given-names", "").split() if p)
            out.append(f"{a.get('family-names', '')}, {initials}".rstrip(", "))
        else:
            out.append(f"{a.get('family-names', '')}, {a.get('given-names', '')}".rstrip(", "))
    return out


def _bib_escape(text: str) -> str:
    return re.sub(r"([&%$#_])", r"\\\1", text)


def citation(format: str = "apa") -> str:
    """The citation in ``format`` (apa, bibtex or cff), ending with a newline. The apa and bibtex
    forms cite the dataset and then the paper it encodes, as CITATION.cff asks."""
    if format not in FORMATS:
        raise ValueError(f"unknown citation format {format!r}; choose one of {', '.join(FORMATS)}")
    text = cff_text()
    if format == "cff":
        return text
    c = parse_cff(text)
    year = c.get("date-released", "")[:4]
    ref = c["reference"]
    if format == "apa":
        authors = " & ".join(_author_names(c["authors"], apa=True))
        paper_authors = " & ".join(_author_names(ref["authors"], apa=True))
        return (f"{authors}. ({year}). {c['title']} (Version {c['version']}) [Data set].\n"
                f"{paper_authors} ({ref.get('year', '')}). {ref.get('title', '')} "
                f"({ref.get('notes', 'Working Paper').split(',')[0]} {ref.get('number', '')}). "
                f"{ref.get('institution', '')}.\n")
    key = f"nrcdata_{c['version'].replace('.', '_')}"
    authors = " and ".join("{" + n + "}" if "name" in a else n
                           for a, n in zip(c["authors"], _author_names(c["authors"], apa=False)))
    paper_authors = " and ".join(_author_names(ref["authors"], apa=False))
    paper_key = (ref["authors"][0].get("family-names", "paper").lower() if ref["authors"] else "paper") \
        + ref.get("year", "")
    paper_names_short = " and ".join(a.get("family-names", "") for a in ref["authors"])
    return (f"@misc{{{key},\n"
            f"  author = {{{_bib_escape(authors)}}},\n"
            f"  title = {{{{{_bib_escape(c['title'])}}}}},\n"
            f"  year = {{{year}}},\n"
            f"  version = {{{c['version']}}},\n"
            f"  note = {{Data set, version {c['version']}; licence {c.get('license', '')}; derived from "
            f"{_bib_escape(paper_names_short)} ({ref.get('year', '')}), {_bib_escape(ref.get('number', ''))}}}"
            + (f",\n  abstract = {{{_bib_escape(c['abstract'])}}}" if c.get("abstract") else "") +
            "\n}\n\n"
            f"@techreport{{{paper_key},\n"
            f"  author = {{{_bib_escape(paper_authors)}}},\n"
            f"  title = {{{{{_bib_escape(ref.get('title', ''))}}}}},\n"
            f"  institution = {{{_bib_escape(ref.get('institution', ''))}}},\n"
            f"  type = {{{_bib_escape(ref.get('notes', 'Working Paper').split(',')[0])}}},\n"
            f"  number = {{{_bib_escape(ref.get('number', ''))}}},\n"
            f"  year = {{{ref.get('year', '')}}},\n"
            f"  month = {bibtex_month(ref.get('month', ''))}\n"
            f"}}\n")
