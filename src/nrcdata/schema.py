"""Generate Table Schemas, JSON Schemas, datapackage.json, the codebook and the release metadata
(CITATION.cff, .zenodo.json, docs/dataset.jsonld; see nrcdata.release) from the models.

Nothing here is written by hand elsewhere: ``nrcdata schema`` regenerates the committed files and
``nrcdata schema --check`` fails when one differs from a fresh generation.
"""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum
from pathlib import Path

from .codebook import codebook
from .csvio import atomic_write_text
from .limits import FOOTNOTE_COUNT, SOURCE_SHA256
from .models import TABLES, Row
from .release import DESCRIPTION, PAPER_TITLE, TITLE, release_files  # the dataset's description: one source
from .typemaps import base_type, constraints, is_optional, logical_type
from .version import __version__

PACKAGE_NAME = "nrcdata"


def table_schema(model: type[Row]) -> dict:
    meta = model.__table__
    fields = []
    for name, f in model.model_fields.items():
        t = base_type(f)
        spec: dict = {"name": name, "type": logical_type(f), "description": f.description or ""}
        if t is bool:
            spec["trueValues"], spec["falseValues"] = ["true"], ["false"]
        cons: dict = {"required": True} if not is_optional(f) else {}
        c: dict = constraints(f)
        if t is int:
            c = {k: v for k, v in c.items() if k in ("minimum", "maximum")}
        cons |= c
        if isinstance(t, type) and issubclass(t, StrEnum):
            cons["enum"] = [e.value for e in t]
        if len(meta.primary_key) == 1 and meta.primary_key[0] == name:
            cons["unique"] = True
        if cons:
            spec["constraints"] = cons
        fields.append(spec)
    schema: dict = {
        "$schema": "https://datapackage.org/profiles/2.0/tableschema.json",
        "fields": fields,
        "missingValues": [""],
        "primaryKey": list(meta.primary_key),
    }
    if meta.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": list(k.fields),
             "reference": ({"fields": list(k.ref_fields)} if k.table == meta.name
                           else {"resource": k.table, "fields": list(k.ref_fields)})}
            for k in meta.foreign_keys]
    return schema


def json_schema(model: type[Row]) -> dict:
    schema = model.model_json_schema()
    for definition in schema.get("$defs", {}).values():  # a vocabulary's docstring, wrapped in the source
        if "description" in definition:
            definition["description"] = " ".join(definition["description"].split())
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = model.__table__.title
    schema["description"] = model.__table__.description
    return schema


def _file_facts(path: Path) -> tuple[int, str]:
    data = path.read_bytes()
    return len(data), "sha256:" + hashlib.sha256(data).hexdigest()


def datapackage_id() -> str:
    """The dataset's identifier (datapackage.json's id); row and annotation IRIs extend it."""
    return "urn:nrcdata:adomeit-2007-inside-or-outside"


def datapackage(root: Path) -> dict:
    resources = []
    for model in TABLES:
        meta = model.__table__
        csv_path = root / "data" / f"{meta.name}.csv"
        size, digest = _file_facts(csv_path) if csv_path.is_file() else (0, "")
        resources.append({
            "name": meta.name, "type": "table", "title": meta.title, "description": meta.description,
            "path": f"data/{meta.name}.csv", "scheme": "file", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "bytes": size, "hash": digest,
            "schema": f"schema/{meta.name}.json",
        })
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": PACKAGE_NAME,
        "id": datapackage_id(),
        "version": __version__,
        "title": TITLE,
        "description": DESCRIPTION,
        "keywords": ["NATO", "Russia", "NATO-Russia Council", "post-Soviet space", "claims", "events"],
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
                      "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "contributors": [{"title": "nrcdata contributors", "roles": ["creator"]}],
        "sources": [{"title": PAPER_TITLE, "version": "January 2007 (revised December 20, 2006)",
                     "sha256": SOURCE_SHA256,
                     "description": f"Plain-text rendition with {FOOTNOTE_COUNT} footnotes; quotes were "
                                    "verified against the text with this SHA-256."}],
        "resources": resources,
    }


def dumps(obj: dict) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"


def generated_files(root: Path) -> dict[str, str]:
    """Relative path -> content of every generated file."""
    out: dict[str, str] = {}
    for model in TABLES:
        name = model.__table__.name
        out[f"schema/{name}.json"] = dumps(table_schema(model))
        out[f"schema/{name}.schema.json"] = dumps(json_schema(model))
    out["datapackage.json"] = dumps(datapackage(root))
    out["docs/codebook.md"] = codebook(root)
    out |= release_files(root)  # CITATION.cff, .zenodo.json, docs/dataset.jsonld
    return out


def _stale(root: Path, files: dict[str, str]) -> list[str]:
    return [rel for rel, content in files.items()
            if not (root / rel).is_file() or (root / rel).read_text(encoding="utf-8") != content]


def write(root: Path) -> list[str]:
    """Write every generated file that changed; return their paths."""
    files = generated_files(root)
    changed = _stale(root, files)
    for rel in changed:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(root / rel, files[rel])
    return changed


def check(root: Path) -> list[str]:
    """Paths of committed files that differ from a fresh generation (or are missing)."""
    return _stale(root, generated_files(root))
