"""nrcdata: Adomeit, "Inside or Outside? Russia's Policies Towards NATO" (2007) as checkable data.

Public API: ``load()`` (validated, linked objects), ``dataframe()`` / ``dataframes()`` (pandas),
``pairs()`` (the NATO-portrayal vs critique pairs), ``validate()``, ``export()`` (csv, json,
parquet, sqlite, xlsx), and the ``InvalidPackage`` exception that carries every problem found.
pandas is imported only when a DataFrame is asked for.
"""

__version__ = "0.2.0"

from .errors import InvalidPackage, Problem  # noqa: E402
from .api import dataframe, dataframes, load, pairs, validate  # noqa: E402
from .export import ExportError, MissingDependency, export  # noqa: E402

__all__ = ["__version__", "load", "dataframe", "dataframes", "pairs", "validate", "export",
           "InvalidPackage", "Problem", "ExportError", "MissingDependency"]
