"""The version of the package and of the data it ships: one place (hatch reads it here)."""

__version__ = "0.2.0"
