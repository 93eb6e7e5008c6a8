"""Dalbit: localization pipeline for Sphinx docs."""
__version__ = "0.1.0"
