"""Where a data package is, and what its datapackage.json says: each table's file, the facts
recorded about it (bytes, hash) and its schema reference. Reads only, and only within bounds:
a descriptor over the size or nesting limit, with a duplicated key, or naming a path that is
unsafe or a special file, is a problem, never a hang or a traceback.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any, NamedTuple

from .errors import Problem, ProblemKind as K, shorten
from .limits import MAX_DESCRIPTOR_BYTES, MAX_DESCRIPTOR_DEPTH, MAX_INTEGER_DIGITS
from .models import MODELS

DESCRIPTOR = "datapackage.json"
# what the descriptor may say of a resource's CSV dialect: exactly what the files are
DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True, "headerRows": [1],
           "lineTerminator": "\n", "skipInitialSpace": False, "commentChar": None}
ENCODINGS = ("utf-8", "utf8")


def shipped_root() -> Path:
    """The folder holding the shipped datapackage.json: inside the installed wheel, or the
    repository root in a source checkout."""
    # the package's own folder, as importlib.resources.files() gives it for an unzipped install,
    # without importing importlib.resources (about 10 ms of `import nrcdata`)
    packaged = Path(__file__).parent / "_package"
    if (packaged / DESCRIPTOR).is_file():
        return packaged
    return Path(__file__).resolve().parents[2]


def resolve(path: str | os.PathLike | None) -> Path:
    """The datapackage.json a path names: a folder holding one, or the file itself."""
    if path is None:
        return shipped_root() / DESCRIPTOR
    p = Path(path)
    return p / DESCRIPTOR if p.is_dir() else p


class Descriptor(NamedTuple):
    root: Path
    label: str
    paths: dict[str, str]  # table -> its CSV path as the descriptor gives it
    facts: dict[str, tuple[Any, Any]]  # table -> (bytes, hash) as recorded
    schemas: dict[str, Any]  # table -> its schema reference (a path, or the schema inline)
    version: str
    problems: list[Problem]
    indexes: dict[str, int] = {}  # table -> its position in resources (read-only)


def file_kind_problem(path: Path, label: str) -> Problem | None:
    """A problem when ``path`` is not a regular file, found without opening it (a FIFO or a
    device would block or never end)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return Problem(label, 0, "", "is not there", K.MISSING_FILE)
    except (OSError, ValueError) as e:
        return Problem(label, 0, "", f"cannot be read: {getattr(e, 'strerror', None) or e}", K.MISSING_FILE)
    if stat.S_ISDIR(mode):
        return Problem(label, 0, "", "is a folder, not a file", K.MISSING_FILE)
    if not stat.S_ISREG(mode):
        what = ("a FIFO" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
        return Problem(label, 0, "", f"is {what}, not a regular file; it is not opened", K.SPECIAL_FILE)
    return None


class _Duplicate(ValueError):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict:
    out: dict = {}
    for key, value in pairs:
        if key in out:
            raise _Duplicate(key)
        out[key] = value
    return out


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise ValueError(f"an integer of {len(text)} digits (at most {MAX_INTEGER_DIGITS})")
    return int(text)


def _depth(value: Any) -> int:
    """Nesting depth of a parsed JSON value, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        v, d = stack.pop()
        if isinstance(v, (dict, list)):
            deepest = max(deepest, d)
            if d <= MAX_DESCRIPTOR_DEPTH:
                stack.extend((c, d + 1) for c in (v.values() if isinstance(v, dict) else v))
    return deepest


def _safe_relative(path: object) -> bool:
    if not isinstance(path, str) or not path or "://" in path or path.startswith(("/", "\\", "~")):
        return False
    try:
        path.encode("utf-8")  # a lone surrogate cannot name a file
    except UnicodeEncodeError:
        return False
    if any(ord(c) < 32 for c in path) or re.match(r"^[A-Za-z]:", path):
        return False
    return ".." not in re.split(r"[/\\]", path)


def read_descriptor(path: str | os.PathLike | None) -> Descriptor:
    """The descriptor's table paths and facts, and every problem found in it."""
    descriptor_path = resolve(path)
    root, label = descriptor_path.parent, descriptor_path.name
    problems: list[Problem] = []
    empty = Descriptor(root, label, {}, {}, {}, "", problems)

    def fail(message: str, kind: K = K.DESCRIPTOR, field: str = "", row: int = 0, file: str = label) -> Descriptor:
        problems.append(Problem(file, row, field, message, kind))
        return empty

    where = str(descriptor_path)  # a descriptor that cannot be read is named by its whole path
    if not descriptor_path.exists() and not descriptor_path.is_symlink():
        return fail("no datapackage.json here" if descriptor_path.name == DESCRIPTOR
                    else "is not there", K.MISSING_FILE, file=where)
    kind_problem = file_kind_problem(descriptor_path, where)
    if kind_problem is not None:
        problems.append(kind_problem)
        return empty
    try:
        with open(descriptor_path, "rb") as f:
            raw = f.read(MAX_DESCRIPTOR_BYTES + 1)
    except OSError as e:
        return fail(f"cannot be read: {e.strerror or e}", K.MISSING_FILE, file=where)
    if len(raw) > MAX_DESCRIPTOR_BYTES:
        return fail(f"is over {MAX_DESCRIPTOR_BYTES} bytes; a descriptor of this dataset is far smaller")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return fail(f"is not valid UTF-8: {e.reason}", K.ENCODING)
    try:
        desc = json.loads(text, object_pairs_hook=_pairs, parse_int=_parse_int)
    except _Duplicate as e:
        return fail(f"has the key {shorten(repr(str(e)))} twice in one object; readers disagree on "
                    "which one counts")
    except json.JSONDecodeError as e:
        return fail(f"is not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})", row=e.lineno)
    except ValueError as e:  # an integer past the digit limit
        return fail(f"is not acceptable JSON: {e}")
    except RecursionError:
        return fail(f"is nested more than {MAX_DESCRIPTOR_DEPTH} levels deep")
    if _depth(desc) > MAX_DESCRIPTOR_DEPTH:
        return fail(f"is nested more than {MAX_DESCRIPTOR_DEPTH} levels deep")
    if not isinstance(desc, dict) or not isinstance(desc.get("resources"), list):
        return fail("must be an object with a list of resources", field="resources")
    version: str = desc["version"] if isinstance(desc.get("version"), str) else ""
    paths: dict[str, str] = {}
    facts: dict[str, tuple] = {}
    schemas: dict[str, Any] = {}
    indexes: dict[str, int] = {}
    bad_resource = False
    for i, res in enumerate(desc["resources"]):
        where = f"resources[{i}]"
        if not isinstance(res, dict):
            fail("must be an object", field=where)
            bad_resource = True
            continue
        name, rpath = res.get("name"), res.get("path")
        assert rpath is None or isinstance(rpath, (str, int, float, list, dict, bool))
        if not isinstance(name, str) or name not in MODELS:
            fail(f"{shorten(repr(name))} is not a table of this dataset ({', '.join(MODELS)})", field=f"{where}.name")
            bad_resource = True
            continue
        if name in paths:
            fail(f"{name!r} is listed twice", field=f"{where}.name")
            bad_resource = True
            continue
        if not _safe_relative(rpath):
            fail(f"{shorten(repr(rpath))} must be a relative path inside the package (no URL, no absolute "
                 "path, no '..')", K.UNSAFE_PATH, f"{where}.path")
            bad_resource = True
            continue
        assert isinstance(rpath, str)  # _safe_relative said so
        try:
            target = (root / rpath).resolve()
        except (OSError, RuntimeError):  # a link loop
            fail(f"{shorten(repr(rpath))} cannot be resolved (a link loop?)", K.UNSAFE_PATH, f"{where}.path")
            bad_resource = True
            continue
        if not target.is_relative_to(root.resolve()):
            fail(f"{rpath!r} leads outside the package (through a link)", K.UNSAFE_PATH, f"{where}.path")
            bad_resource = True
            continue
        _check_form(res, where, fail)
        paths[name] = rpath
        facts[name] = (res.get("bytes"), res.get("hash"))
        schemas[name] = res.get("schema")
        indexes[name] = i
    if not bad_resource:
        for name in MODELS:
            if name not in paths:
                fail(f"has no resource {name!r}", field="resources")
    return Descriptor(root, label, paths, facts, schemas, version, problems, indexes)


def _check_form(res: dict, where: str, fail) -> None:
    """What the descriptor says of a resource's format, encoding and dialect must be what the
    files are: another reader would follow the descriptor and read the files differently."""
    fmt = res.get("format", "csv")
    if fmt != "csv":
        fail(f"{shorten(repr(fmt))}: the dataset's files are CSV", field=f"{where}.format")
    media = res.get("mediatype", "text/csv")
    if media != "text/csv":
        fail(f"{shorten(repr(media))}: the dataset's files are text/csv", field=f"{where}.mediatype")
    encoding = res.get("encoding", "utf-8")
    if not isinstance(encoding, str) or encoding.lower() not in ENCODINGS:
        fail(f"{shorten(repr(encoding))}: the dataset's files are UTF-8", field=f"{where}.encoding")
    dialect = res.get("dialect")
    if dialect is None:
        return
    if not isinstance(dialect, dict):
        fail("must be an object (or be left out)", field=f"{where}.dialect")
        return
    for key, value in dialect.items():
        if key in ("$schema", "name", "title", "description", "caseSensitiveHeader"):
            continue
        if key not in DIALECT:
            fail(f"{shorten(repr(key))} is not a dialect property the files follow", field=f"{where}.dialect")
        elif key == "lineTerminator" and value in ("\n", "\r\n"):
            continue  # both name LF-ended records to a reader
        elif value != DIALECT[key]:
            fail(f"{key} is {shorten(repr(value))}; the files have {DIALECT[key]!r}", field=f"{where}.dialect.{key}")
