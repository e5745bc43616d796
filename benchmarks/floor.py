"""The least a ``load()`` that returns one Pydantic object per row can do, for the import
target's floor (issue 11, point 7): read each CSV of a package with the standard library, make
one model class per table (every field ``str | None``, validators built on first use, as
nrcdata's), and build each row with ``model_construct``. No cell is checked, typed or linked, and
nrcdata is not imported. ``benchmarks/run.py`` times it beside ``python -c "import pydantic"``.

    python benchmarks/floor.py [PACKAGE_DIR]    (default: the shipped package)
"""

import csv
import sys
from pathlib import Path

from pydantic import BaseModel, ConfigDict


def main(root: Path) -> int:
    rows = 0
    for path in sorted((root / "data").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            namespace = {"__annotations__": {name: str | None for name in header},
                         "model_config": ConfigDict(frozen=True, extra="forbid", defer_build=True),
                         **{name: None for name in header}}
            model = type(path.stem.title().replace("_", ""), (BaseModel,), namespace)
            built = [model.model_construct(**dict(zip(header, record))) for record in reader]
        rows += len(built)
    return rows


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent)
