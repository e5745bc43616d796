"""nrcdata: Adomeit, "Inside or Outside? Russia's Policies Towards NATO" (2007) as checkable data.

Public API: ``load()`` (validated, linked objects), ``dataframe()`` / ``dataframes()`` (pandas),
``pairs()`` (the NATO-portrayal vs critique pairs), ``validate()``, ``export()`` (csv, json,
parquet, sqlite, xlsx, stata, annotations, dna), ``network()`` (the affiliation, congruence and
conflict networks as networkx graphs), and the exceptions: ``InvalidPackage`` carries every
problem found, ``CannotCheck`` a check that could not be made, ``ExportError`` an output that
could not be written. pandas is imported only when a DataFrame is asked for, networkx only when a
network is.
"""

from .version import __version__
from .errors import CannotCheck, ExportError, InvalidPackage, MissingDependency, Problem, ProblemKind
from .loading import Dataset, dataframe, dataframes, load, pairs, validate
from .exports import export
from .networks import network

__all__ = ["__version__", "load", "dataframe", "dataframes", "pairs", "validate", "export", "network", "Dataset",
           "InvalidPackage", "CannotCheck", "Problem", "ProblemKind", "ExportError", "MissingDependency"]
