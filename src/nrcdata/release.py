"""What the dataset is, for catalogues, depositories and citers: the one source of the release
metadata.

From the facts below (and the models' tables and fields) ``nrcdata schema`` generates, besides
the schemas, ``CITATION.cff`` (with an abstract and the paper as its reference), ``.zenodo.json``
(a Zenodo deposit: upload type, creators, licence, version, keywords, derived from the paper),
``docs/dataset.jsonld`` (a schema.org ``Dataset`` for dataset search engines), and the export
builds the Datasette ``metadata.json`` of the SQLite export from them. ``nrcdata schema --check``
fails when a committed file differs. Every version in them is ``nrcdata.__version__``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from .models import TABLES
from .limits import FOOTNOTE_COUNT, SOURCE_SHA256
from .version import __version__

TITLE = "nrcdata: Russia's policies towards NATO in Adomeit (2007), as structured, checkable data"
DESCRIPTION = (
    "The claims, NATO-portrayal vs author-critique pairs per cooperation area, dated events, "
    "post-Soviet country cases, footnoted sources, actors, phases and structure of Hannes Adomeit, "
    "'Inside or Outside? Russia's Policies Towards NATO' (SWP Working Paper FG 5 2007/01, January "
    "2007). Every row names its section and paragraph and carries a verbatim quote verified against "
    f"the text with SHA-256 {SOURCE_SHA256}. The paper's text itself is not redistributed.")
PAPER_TITLE = ("Hannes Adomeit, Inside or Outside? Russia's Policies Towards NATO. SWP Working "
               "Paper FG 5 2007/01, Stiftung Wissenschaft und Politik, Berlin, January 2007")
RELEASE_DATE = "2026-11-27"
CREATORS = ("nrcdata contributors",)  # organisations (CFF "name"), in order
KEYWORDS = ("NATO", "Russia", "NATO-Russia Council", "frictionless data package")
LICENSE = {"id": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
           "url": "https://creativecommons.org/licenses/by/4.0/"}
CFF_MESSAGE = "If you use this dataset, please cite it as below, and cite the paper it encodes."


class Paper:
    """The paper the dataset encodes."""
    title = "Inside or Outside? Russia's Policies Towards NATO"
    family_names, given_names = "Adomeit", "Hannes"
    institution = "Stiftung Wissenschaft und Politik (SWP), German Institute for International and Security Affairs"
    city = "Berlin"
    number = "FG 5 2007/01"
    year, month = 2007, 1
    series = "SWP Working Paper"
    notes = "SWP Working Paper, Research Unit Russia/CIS"
    version = "January 2007 (revised December 20, 2006)"
    sha256 = SOURCE_SHA256  # of the plain-text rendition the quotes were verified against
    # No DOI or stable URL is known for the paper: it is identified by the SHA-256 of its text.
    identifier = f"urn:sha256:{SOURCE_SHA256}"

    @classmethod
    def apa(cls) -> str:
        return (f"{cls.family_names}, {cls.given_names[0]}. ({cls.year}). {cls.title} "
                f"({cls.series} {cls.number}). {cls.institution}.")


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def citation_cff() -> str:
    """CITATION.cff: the dataset, its abstract, and the paper as its reference."""
    lines = [
        "cff-version: 1.2.0",
        f"message: {_q(CFF_MESSAGE)}",
        "type: dataset",
        f"title: {_q(TITLE)}",
        f"abstract: {_q(DESCRIPTION)}",
        f"version: {__version__}",
        f"date-released: {_q(RELEASE_DATE)}",
        f"license: {LICENSE['id']}",
        "authors:",
        *[f"  - name: {_q(name)}" for name in CREATORS],
        "keywords:",
        *[f"  - {k}" for k in KEYWORDS],
        "references:",
        "  - type: report",
        f"    title: {_q(Paper.title)}",
        "    authors:",
        f"      - family-names: {Paper.family_names}",
        f"        given-names: {Paper.given_names}",
        "    institution:",
        f"      name: {_q(Paper.institution)}",
        f"      city: {Paper.city}",
        f"    number: {_q(Paper.number)}",
        f"    year: {Paper.year}",
        f"    month: {Paper.month}",
        f"    notes: {_q(Paper.notes)}",
    ]
    return "\n".join(lines) + "\n"


def zenodo() -> dict:
    """.zenodo.json, the deposit's metadata (Zenodo's legacy deposit schema)."""
    return {
        "upload_type": "dataset",
        "title": TITLE,
        "description": DESCRIPTION,
        "version": __version__,
        "publication_date": RELEASE_DATE,
        "creators": [{"name": name} for name in CREATORS],
        "license": LICENSE["id"].lower(),
        "access_right": "open",
        "keywords": list(KEYWORDS),
        "related_identifiers": [{"relation": "isDerivedFrom", "identifier": Paper.identifier,
                                 "scheme": "urn", "resource_type": "publication-workingpaper"}],
        "references": [Paper.apa()],
    }


def temporal_coverage(root: Path) -> str:
    """The span of the dated events: the first date_start and the last date_end, ISO 8601."""
    path = root / "data" / "events.csv"
    if not path.is_file():
        return ""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    starts = [r["date_start"] for r in rows if r.get("date_start")]
    ends = [r["date_end"] for r in rows if r.get("date_end")]
    return f"{min(starts)}/{max(ends)}" if starts and ends else ""


def dataset_jsonld(root: Path) -> dict:
    """docs/dataset.jsonld: a schema.org Dataset, with every field as a variable measured and
    every CSV (paths relative to the repository root) as a distribution."""
    return {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": TITLE,
        "description": DESCRIPTION,
        "version": __version__,
        "datePublished": RELEASE_DATE,
        "license": LICENSE["url"],
        "isAccessibleForFree": True,
        "keywords": list(KEYWORDS),
        "creator": [{"@type": "Organization", "name": name} for name in CREATORS],
        "isBasedOn": {
            "@type": "Report",
            "name": Paper.title,
            "author": {"@type": "Person", "givenName": Paper.given_names, "familyName": Paper.family_names,
                       "name": f"{Paper.given_names} {Paper.family_names}"},
            "publisher": {"@type": "Organization", "name": Paper.institution,
                          "location": {"@type": "Place", "name": Paper.city}},
            "datePublished": f"{Paper.year}-{Paper.month:02d}",
            "reportNumber": Paper.number,
            "identifier": {"@type": "PropertyValue", "propertyID": "SHA-256", "value": Paper.sha256,
                           "description": f"of the plain-text rendition with {FOOTNOTE_COUNT} footnotes "
                                          "that the quotes were verified against"},
        },
        "temporalCoverage": temporal_coverage(root),
        "variableMeasured": [
            {"@type": "PropertyValue", "name": f"{m.__table__.name}.{field}", "description": info.description or ""}
            for m in TABLES for field, info in m.model_fields.items()],
        "distribution": [
            {"@type": "DataDownload", "name": m.__table__.name, "description": m.__table__.description,
             "encodingFormat": "text/csv", "contentUrl": f"data/{m.__table__.name}.csv"}
            for m in TABLES],
    }


def datasette_metadata(database: str) -> dict:
    """Datasette's metadata.json for the SQLite export: title, licence, source, and the
    description of every table and column."""
    tables = {m.__table__.name: {
        "title": m.__table__.title,
        "description": m.__table__.description,
        "columns": {field: info.description or "" for field, info in m.model_fields.items()},
    } for m in TABLES}
    tables["_tables"] = {"description": "Every table with its title and description."}
    tables["_columns"] = {"description": "Every column with its type and description."}
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "license": LICENSE["title"],
        "license_url": LICENSE["url"],
        "source": PAPER_TITLE,
        "databases": {database: {"title": TITLE, "description": DESCRIPTION, "tables": tables}},
    }


def dumps(obj: dict) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"


def release_files(root: Path) -> dict[str, str]:
    """Relative path -> content of each generated release file."""
    return {
        "CITATION.cff": citation_cff(),
        ".zenodo.json": dumps(zenodo()),
        "docs/dataset.jsonld": dumps(dataset_jsonld(root)),
    }
