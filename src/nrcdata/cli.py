"""The command line: a thin layer over the library. Every command has --help; a command that
finds problems prints one line per problem and exits 1.

Exit statuses: 0 done; 1 the package is invalid (coverage: gaps; schema --check: drift); 2 the
check or command could not be carried out (a bad argument, the paper's text missing, unreadable or
not the paper, an export that cannot be written, no repository); 130 interrupted; 141 the output
went into a closed pipe (quietly, as a shell reports SIGPIPE). Output that the terminal's
encoding cannot show is written with backslash escapes, never a traceback."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import reliability, schema
from .checking import EXECUTORS
from .cite import citation
from .codebook import codebook_path
from .coverage import ExclusionsMissing, gaps, read_exclusions, read_undated_reasons, undated_claims
from .errors import CannotCheck, ExportError, InvalidPackage
from .exports import FORMATS, export
from .limits import SOURCE_ENV
from .loading import load, paper_for, validate
from .networks import KINDS as NETWORK_KINDS, write_network
from .package import shipped_root
from .plot import plot
from .site import build_site
from .spans import spans_are_fresh, write_spans
from .text import SourceTextMissing, load_paper
from .version import __version__
from .vocab import Voice


def _print_problems(problems) -> None:
    for p in problems:
        print(p)
    print(f"invalid: {len(problems)} problem(s)")


def cmd_validate(args) -> int:
    if args.no_paper:
        paper, state = None, "skipped (--no-paper)"
    elif args.paper or os.environ.get(SOURCE_ENV):
        # a text named by --paper or by the environment must be there: exit 2 when it is not
        paper, state = args.paper or os.environ[SOURCE_ENV], "checked against the paper's text"
    else:
        found = paper_for("auto") is not None
        paper = "auto" if found else None
        state = ("checked against the paper's text" if found
                 else "not checked: the paper's text was not found (set NRCDATA_SOURCE_TEXT or use --paper)")
    counts = validate(args.path, paper=paper, strict=args.strict, executor=args.executor)
    print(f"valid: {len(counts)} tables, {sum(counts.values())} rows; quotes {state}")
    return 0


def cmd_info(args) -> int:
    ds = load(args.path)
    print(f"nrcdata {ds.version}: Adomeit, Inside or Outside? Russia's Policies Towards NATO (2007)")
    print(f"package: {ds.root / 'datapackage.json'}")
    width = max(len(n) for n in ds.tables)
    for name, rows in ds.tables.items():
        print(f"  {name:<{width}}  {len(rows):>5} rows")
    print("cite as: " + citation("apa").splitlines()[0] + " (see 'nrcdata cite')")
    return 0


def cmd_schema(args) -> int:
    root = Path(args.root)
    if not (root / "datapackage.json").is_file() and not (root / "schema").is_dir():
        print(f"error: no repository here: {root} has neither datapackage.json nor schema/ (use --root "
              "to name the repository's folder)", file=sys.stderr)
        return 2
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
    try:
        paper = load_paper(args.paper)
    except SourceTextMissing as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except ValueError as e:  # not the paper's text
        print(f"error: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"error: {e}" if "paper's text" in str(e) else
              f"error: the paper's text cannot be read: {e.strerror or e}", file=sys.stderr)
        return 2
    exclusions = Path(args.exclusions) if args.exclusions else shipped_root() / "qa" / "coverage_exclusions.csv"
    try:
        excluded = read_exclusions(exclusions)
    except ExclusionsMissing as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    ds = load(args.path)
    reasons_file = Path(args.undated) if args.undated else shipped_root() / "qa" / "undated_claims.csv"
    found = gaps(ds, paper, excluded)
    listed, undated_gaps = undated_claims(ds, read_undated_reasons(reasons_file))
    found = sorted(found + undated_gaps)
    for u in listed:
        print(u)
    for gap in found:
        print(gap)
    reported = sum(1 for c in ds.claims.values() if c.voice == Voice.REPORTED)
    print(f"coverage: {len(found)} gap(s); {len(excluded)} justified exclusion(s) in {exclusions.name}; "
          f"{len(listed)} of {reported} reported claim(s) without a date, each with its reason in {reasons_file.name}")
    return 1 if found else 0


def cmd_export(args) -> int:
    written = export(args.format, args.out, args.path, paper_path=args.paper, excel=args.excel)
    kind = f"{args.format} (UTF-8 with BOM, for spreadsheets)" if args.excel else args.format
    print(f"export: wrote {len(written)} {kind} file(s) to {args.out}")
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
    return 0


def cmd_cite(args) -> int:
    try:
        sys.stdout.write(citation(args.format))
    except FileNotFoundError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


def cmd_plot(args) -> int:
    out = plot(args.kind, args.out, args.path, args.phase)
    print(f"plot: wrote {out}")
    return 0


def cmd_network(args) -> int:
    graph = write_network(args.kind, args.out, args.path, phase=args.phase, date_from=args.date_from,
                          date_to=args.date_to)
    print(f"network: wrote {args.out} ({args.kind}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges)")
    return 0


def cmd_site(args) -> int:
    written = build_site(args.out, args.path)
    print(f"site: wrote {len(written)} page(s) to {args.out}; open {Path(args.out) / 'index.html'}")
    return 0


def cmd_spans(args) -> int:
    root = Path(args.root)
    try:
        paper = load_paper(args.paper)
    except (SourceTextMissing, ValueError, OSError) as e:
        print(f"error: spans need the paper's text: {e}", file=sys.stderr)
        return 2
    try:
        if args.write:
            target, n, refreshed = write_spans(paper, root)
            print(f"spans: wrote {target} ({n} spans)" + (f"; refreshed {', '.join(refreshed)}" if refreshed else ""))
            return 0
        fresh = spans_are_fresh(paper, root)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"spans: {root / 'data' / 'quote_spans.csv'} " + ("is up to date" if fresh else
          "differs from the quotes and the text; run nrcdata spans --write"))
    return 0 if fresh else 1




def cmd_reliability(args) -> int:
    study = reliability.rounds(Path(args.dir) if args.dir else reliability.default_folder())
    for i, (number, folder) in enumerate(study):
        if args.recompute:
            rows = reliability.compute(folder / "codings.csv")
            reliability.write_report(rows, folder / "report.csv")
        else:
            rows = reliability.read_report(folder / "report.csv")
        sys.stdout.write(("\n" if i else "") + f"round {number} ({folder / 'report.csv'})\n" + reliability.table(rows))
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
    p.add_argument("--executor", choices=EXECUTORS, default="auto",
                   help="who runs the checks: 'python' row by row, 'arrow' column by column (pyarrow); "
                   "'auto' (the default) takes 'arrow' from 2 MB of CSV. Both report the same problems; "
                   "the choice is for tests and benchmarks")
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
                       "in no quote, minus the justified exclusions (check,paragraph,expression,reason); "
                       "and every reported claim without a date with the reason the paper gives none "
                       "(claim_id,reason). Exit 1 when any gap remains.")
    _add_path(p)
    _add_paper(p)
    p.add_argument("--exclusions", help="the exclusions CSV (default: qa/coverage_exclusions.csv, shipped "
                   "with the package); a missing file is an error (exit 2)")
    p.add_argument("--undated", help="the reasons of undated reported claims (default: qa/undated_claims.csv)")
    p.set_defaults(func=cmd_coverage)

    p = sub.add_parser("export", help="write the data as csv, json, parquet, sqlite, xlsx, stata, annotations or dna",
                       description="Write every table into OUT (created if missing): csv (byte for byte "
                       "the shipped files; --excel adds a UTF-8 byte order mark for spreadsheets), json "
                       "(an array of records per table), parquet (typed), sqlite (nrcdata.sqlite with "
                       "keys and descriptions, and metadata.json for Datasette), xlsx (nrcdata.xlsx "
                       "with an About sheet, needs nrcdata[excel]; the way into Excel), stata (one "
                       "<table>.dta per table, format 118, with variable and value labels) or annotations "
                       "(annotations.jsonld, a W3C Web Annotation collection locating every quote; needs "
                       "the paper's text) or dna (statements.csv, the Discourse Network Analyzer's statement "
                       "list: one row per claim with an issue and a position). Files are written whole or not at all; no file or folder of the "
                       "package is ever written to. Exit 2 when the export cannot be made, 1 when the "
                       "package is invalid.")
    p.add_argument("--format", required=True, choices=FORMATS,
                   help="the file format")
    p.add_argument("--out", required=True, metavar="DIR", help="the folder to write into")
    p.add_argument("--excel", action="store_true", help="csv only: write UTF-8 with a byte order mark, "
                   "so that Excel or LibreOffice opened by double-click reads the text right")
    _add_path(p)
    _add_paper(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("codebook", help="where the codebook is (or, with --text, the codebook itself)",
                       description="Print the path of the codebook shipped with the package (every table, "
                       "field and code with its definition, and the coding rules; Markdown), or with "
                       "--text its text. It is generated from the models by 'nrcdata schema'.")
    p.add_argument("--text", action="store_true", help="print the codebook itself, not its path")
    p.set_defaults(func=cmd_codebook)

    p = sub.add_parser("cite", help="how to cite the dataset (bibtex, apa or cff)",
                       description="Print the citation of the dataset and of the paper it encodes, "
                       "built from CITATION.cff: BibTeX entries, APA text, or the CITATION.cff itself.")
    p.add_argument("--format", default="apa", choices=("apa", "bibtex", "cff"),
                   help="the citation format (default: apa)")
    p.set_defaults(func=cmd_cite)

    p = sub.add_parser("plot", help="draw the events timeline, stance over time, the cooperation areas or a "
                       "congruence network",
                       description="Draw a picture of the data (needs nrcdata[plot]): 'timeline', the "
                       "dated events of 1990-2006 by case or area with the three phases as bands; "
                       "'stance', the stance of Russian holders, NATO and the author by phase and by "
                       "year; 'areas', the portrayal and critique claims per cooperation area with "
                       "the outcome; 'network', the congruence network of a phase (actors linked when "
                       "they take the same position on an issue). Rendering is deterministic.")
    p.add_argument("kind", choices=("timeline", "stance", "areas", "network"), help="which picture")
    p.add_argument("--phase", metavar="ID", default=None,
                   help="the network picture's phase (phases.phase_id; default: phase3)")
    p.add_argument("--out", required=True, metavar="FILE.png|.svg|.pdf",
                   help="the file to write; its suffix gives the format")
    _add_path(p)
    p.set_defaults(func=cmd_plot)

    p = sub.add_parser("network", help="write the affiliation, congruence or conflict network as GraphML, GEXF or CSV",
                       description="Write a discourse network of the claims (needs nrcdata[network]): "
                       "'affiliation', actors and issues linked by the actor's claims on the issue (weight: "
                       "claims; support, oppose, ambivalent counts); 'congruence', actors linked when both take "
                       "the same position on an issue; 'conflict', when one supports and the other opposes "
                       "(weight: issues, not normalised). An actor's position on an issue is the majority of "
                       "its support and oppose claims, ambivalent on a tie; ambivalent positions link no one. "
                       "The suffix of --out gives the format: .graphml, .gexf or .csv (an edge list: source, "
                       "target, weight, the edge's attributes, source_label, target_label). The codebook's "
                       "'Networks' section has the rules. Exit 2 for a bad kind, phase, date or file name.")
    p.add_argument("--kind", required=True, choices=NETWORK_KINDS, help="which network")
    p.add_argument("--phase", metavar="ID", default=None,
                   help="only claims of this phase (phases.phase_id; claims.phase_id, else the phase "
                   "containing the claim's date_start)")
    p.add_argument("--from", dest="date_from", metavar="DATE", default=None,
                   help="only dated claims whose date starts on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", metavar="DATE", default=None,
                   help="only dated claims whose date ends on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD)")
    p.add_argument("--out", required=True, metavar="FILE.graphml|.gexf|.csv",
                   help="the file to write; its suffix gives the format")
    _add_path(p)
    p.set_defaults(func=cmd_network)

    p = sub.add_parser("site", help="write a static HTML site of the data (works from file://)",
                       description="Write a static HTML site into OUT (created if missing): an overview, a "
                       "page per cooperation area (NATO's portrayal, the author's critique and the outcome "
                       "side by side), per country case, per actor, a timeline and a claims table one can "
                       "filter. No server, no network: open OUT/index.html in a browser. Pages are written "
                       "whole before any is put in place; the package's own folders are never written to. "
                       "Exit 2 when the site cannot be written, 1 when the package is invalid.")
    p.add_argument("--out", required=True, metavar="DIR", help="the folder to write into")
    _add_path(p)
    p.set_defaults(func=cmd_site)

    p = sub.add_parser("spans", help="check (or --write) data/quote_spans.csv against the quotes and the text",
                       description="Compute where every quote of the package is in the paper's canonical text "
                       "and compare it with data/quote_spans.csv (exit 1 when it differs); with --write, write "
                       "it and refresh datapackage.json. Needs the paper's text (exit 2 without it).")
    p.add_argument("--write", action="store_true", help="write data/quote_spans.csv instead of comparing")
    p.add_argument("--root", default=".", help="the package's folder (default: the current directory)")
    _add_paper(p)
    p.set_defaults(func=cmd_spans)

    p = sub.add_parser("reliability", help="print the inter-coder reliability table",
                       description="Print nominal Krippendorff's alpha per variable with its 95%% bootstrap "
                       "interval, for every round of the study: qa/reliability/report.csv (round 1) and "
                       "qa/reliability/round<N>/report.csv; with --recompute, compute each from its "
                       "codings.csv first and rewrite report.csv (needs nrcdata[reliability]).")
    p.add_argument("--recompute", action="store_true", help="recompute from codings.csv and rewrite report.csv")
    p.add_argument("--dir", help="the study's folder: round 1's codings.csv and report.csv, later rounds in round<N>/ (default: qa/reliability)")
    p.set_defaults(func=cmd_reliability)
    return parser


BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a command whose reader went away


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status: 0 done, 1 the package has problems (or
    coverage found gaps, or schema --check found drift), 2 the command could not be carried out
    (an argument, a missing or unreadable text, an export that cannot be written, no repository
    for schema), 130 interrupted, 141 its output went into a closed pipe (``nrcdata validate |
    head -1``: nothing more is printed, no traceback)."""
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show a cell: escape it
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse has printed the usage
        return int(e.code or 0)
    try:
        try:
            code = args.func(args)
        except InvalidPackage as e:  # bad data: one line per problem, exit 1
            _print_problems(e.problems)
            code = 1
        except (ExportError, CannotCheck) as e:  # a request that cannot be carried out: exit 2
            print(f"error: {e}", file=sys.stderr)
            code = 2
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
        return code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (nrcdata validate | head -1): quiet, as a shell
        _silence_stdout()    # reports a command ended by SIGPIPE
        return BROKEN_PIPE


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the interpreter's final flush is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    raise SystemExit(main())
