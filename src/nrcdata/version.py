"""The version of the package and of the data it ships: one place (hatch reads it here)."""

__version__ = "0.1.0"
