"""The command line: a thin layer over the library. Every command has --help; a command that
finds problems prints one line per problem and exits 1."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .codebook import codebook_path
from .errors import InvalidPackage


def _print_problems(problems) -> None:
    for p in problems:
        print(p)
    print(f"invalid: {len(problems)} problem(s)")


def cmd_validate(args) -> int:
    from .api import validate
    from .text import SourceTextMissing, load_paper
    paper_state = "skipped (--no-paper)"
    if not args.no_paper:
        try:
            load_paper(args.paper)
            paper_state = "checked against the paper's text"
        except SourceTextMissing:
            if args.paper:
                print(f"error: the paper's text is not at {args.paper}", file=sys.stderr)
                return 2
            paper_state = "not checked: the paper's text was not found (set NRCDATA_SOURCE_TEXT)"
        except ValueError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
    counts = validate(args.path, paper=None if args.no_paper or "not checked" in paper_state
                      else (args.paper or "auto"), strict=args.strict, engine=args.engine)
    print(f"valid: {len(counts)} tables, {sum(counts.values())} rows; quotes {paper_state}")
    return 0


def cmd_info(args) -> int:
    from .api import load
    ds = load(args.path)
    print(f"nrcdata {ds.version}: Adomeit, Inside or Outside? Russia's Policies Towards NATO (2007)")
    print(f"package: {ds.root / 'datapackage.json'}")
    width = max(len(n) for n in ds.tables)
    for name, rows in ds.tables.items():
        print(f"  {name:<{width}}  {len(rows):>5} rows")
    from .cite import citation
    print("cite as: " + citation("apa").splitlines()[0] + " (see 'nrcdata cite')")
    return 0


def cmd_schema(args) -> int:
    from . import schema
    root = Path(args.root)
    if args.check:
        stale = schema.check(root)
        for rel in stale:
            print(f"{rel}: differs from a fresh generation; run 'nrcdata schema'")
        if stale:
            return 1
        print("schema: all generated files are up to date")
        return 0
    changed = schema.write(root)
    print(f"schema: wrote {len(changed)} file(s)" + (": " + ", ".join(changed) if changed else ""))
    return 0


def cmd_coverage(args) -> int:
    from .api import load, shipped_root
    from .coverage import ExclusionsMissing, gaps, read_exclusions
    from .text import SourceTextMissing, load_paper
    exclusions = Path(args.exclusions) if args.exclusions else shipped_root() / "qa" / "coverage_exclusions.csv"
    try:
        paper = load_paper(args.paper)
        excluded = read_exclusions(exclusions)
    except (SourceTextMissing, ExclusionsMissing) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    ds = load(args.path)
    found = gaps(ds, paper, excluded)
    for gap in found:
        print(gap)
    print(f"coverage: {len(found)} gap(s); {len(excluded)} justified exclusion(s) in {exclusions.name}")
    return 1 if found else 0


def cmd_export(args) -> int:
    from .export import export
    written = export(args.format, args.out, args.path, excel=args.excel)
    kind = f"{args.format} (UTF-8 with BOM, for spreadsheets)" if args.excel else args.format
    print(f"export: wrote {len(written)} {kind} file(s) to {args.out}")
    return 0


def cmd_cite(args) -> int:
    from .cite import citation
    try:
        sys.stdout.write(citation(args.format))
    except FileNotFoundError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


def cmd_codebook(args) -> int:
    path = codebook_path()
    if not path.is_file():
        print(f"error: the codebook is missing from the package ({path})", file=sys.stderr)
        return 2
    if args.text:
        sys.stdout.write(path.read_text(encoding="utf-8"))
    else:
        print(path)
    return 0


def cmd_plot(args) -> int:
    from .plot import plot
    out = plot(args.kind, args.out, args.path)
    print(f"plot: wrote {out}")
    return 0


def _add_path(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", help="a package folder or its datapackage.json (default: the shipped one)")


def _add_paper(p: argparse.ArgumentParser) -> None:
    p.add_argument("--paper", help="path to the paper's text (default: $NRCDATA_SOURCE_TEXT or ../shared/source)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nrcdata", description=(
        "Adomeit (2007), 'Inside or Outside? Russia's Policies Towards NATO', as a checkable data package."))
    parser.add_argument("--version", action="version", version=f"nrcdata {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("validate", help="check a data package and every quote against the paper",
                       description="Check every table of a data package (the shipped one by default): "
                       "form, types, required fields, enums, patterns, keys, foreign keys, EDTF dates, and "
                       "every quote against the paper when its text is found. One line per problem, "
                       "file:row:field: message; exit 1 if any. Never writes.")
    _add_path(p)
    _add_paper(p)
    p.add_argument("--no-paper", action="store_true", help="skip the checks that need the paper's text")
    p.add_argument("--strict", action="store_true", help="also check each file's size and SHA-256 against "
                   "datapackage.json (an edited copy then needs a regenerated descriptor)")
    p.add_argument("--engine", choices=("auto", "rows", "columns"), default="auto",
                   help="'columns' first tries to certify the package valid with vectorized checks "
                   "(pyarrow), and reads row by row only when it cannot, to name each problem; 'rows' "
                   "always reads row by row; 'auto' (the default) uses 'columns' from 2 MB of CSV. "
                   "Both report the same problems")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("info", help="version, tables, row counts and how to cite",
                       description="Print the version, each table with its row count, and a citation.")
    _add_path(p)
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("schema", help="generate (or --check) the schemas, datapackage.json and codebook",
                       description="Regenerate schema/*.json, datapackage.json and docs/codebook.md from "
                       "the models; with --check, write nothing and exit 1 naming each file that differs.")
    p.add_argument("--check", action="store_true", help="only compare; exit 1 when a file differs")
    p.add_argument("--root", default=".", help="the repository root (default: the current directory)")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("coverage", help="what of the paper the data does not cover (needs the paper's text)",
                       description="List footnotes that back no row, body paragraphs with no claim, date "
                       "expressions with no event, attributed quotations with no reported claim, and numbers "
                       "in no quote, minus the justified exclusions (check,paragraph,expression,reason). "
                       "Exit 1 when any gap remains.")
    _add_path(p)
    _add_paper(p)
    p.add_argument("--exclusions", help="the exclusions CSV (default: qa/coverage_exclusions.csv, shipped "
                   "with the package); a missing file is an error (exit 2)")
    p.set_defaults(func=cmd_coverage)

    p = sub.add_parser("export", help="write the data as csv, json, parquet, sqlite, xlsx or stata",
                       description="Write every table into OUT (created if missing): csv (byte for byte "
                       "the shipped files; --excel adds a UTF-8 byte order mark for spreadsheets), json "
                       "(an array of records per table), parquet (typed), sqlite (nrcdata.sqlite with "
                       "keys and descriptions, and metadata.json for Datasette), xlsx (nrcdata.xlsx "
                       "with an About sheet, needs nrcdata[excel]; the way into Excel) or stata (one "
                       "<table>.dta per table, format 118, with variable and value labels). Files are "
                       "written whole or not at all; the package's own folders are never written to. "
                       "Exit 2 when the export cannot be made, 1 when the package is invalid.")
    p.add_argument("--format", required=True, choices=("csv", "json", "parquet", "sqlite", "xlsx", "stata"),
                   help="the file format")
    p.add_argument("--excel", action="store_true", help="csv only: write UTF-8 with a byte order mark, "
                   "so that Excel or LibreOffice opened by double-click reads the text right")
    p.add_argument("--out", required=True, metavar="DIR", help="the folder to write into")
    _add_path(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("cite", help="how to cite the dataset (bibtex, apa or cff)",
                       description="Print the citation of the dataset and of the paper it encodes, "
                       "built from CITATION.cff: BibTeX entries, APA text, or the CITATION.cff itself.")
    p.add_argument("--format", default="apa", choices=("apa", "bibtex", "cff"),
                   help="the citation format (default: apa)")
    p.set_defaults(func=cmd_cite)

    p = sub.add_parser("codebook", help="where the codebook is (or, with --text, the codebook itself)",
                       description="Print the path of the codebook shipped with the package (every table, "
                       "field and code with its definition, and the coding rules; Markdown), or with "
                       "--text its text. It is generated from the models by 'nrcdata schema'.")
    p.add_argument("--text", action="store_true", help="print the codebook itself, not its path")
    p.set_defaults(func=cmd_codebook)

    p = sub.add_parser("plot", help="draw the events timeline or the cooperation areas as a PNG",
                       description="Draw a picture of the data as a PNG (needs nrcdata[plot]): "
                       "'timeline', the dated events of 1990-2006 by case or area with the three phases "
                       "shaded; 'areas', the portrayal and critique claims per cooperation area with "
                       "the outcome. Rendering is deterministic.")
    p.add_argument("kind", choices=("timeline", "areas"), help="which picture")
    p.add_argument("--out", required=True, metavar="FILE.png", help="the PNG file to write")
    _add_path(p)
    p.set_defaults(func=cmd_plot)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from .export import ExportError
    try:
        return args.func(args)
    except InvalidPackage as e:  # bad data: one line per problem, exit 1
        _print_problems(e.problems)
        return 1
    except ExportError as e:  # a request that cannot be carried out: exit 2
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
