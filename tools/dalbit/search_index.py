"""Incremental builds keep the index entries of the pages they do not write again.

Sphinx's ``IndexBuilder.load`` reads back the titles and words of the pages
an incremental build leaves as they are, but not their index entries (glossary
terms, ``.. index::``): after ``dalbit build html`` with one changed catalog, a
search for a glossary term no longer found its definition first. This reads
them back too, and forgets those of pages that will be indexed again.
"""
from __future__ import annotations

import io
from typing import Any

from sphinx.search import IndexBuilder


def _load(original):
    def load(self: IndexBuilder, stream: Any, format: Any) -> None:
        data = stream.read()
        fresh = io.StringIO if isinstance(data, str) else io.BytesIO
        original(self, fresh(data), format)
        frozen = (self.formats[format] if isinstance(format, str) else format).load(fresh(data))
        index2fn = frozen["docnames"]
        restored: dict[str, set[tuple[str, str, str]]] = {}
        for entry, places in frozen.get("indexentries", {}).items():
            for doc, entry_id, main in places:
                restored.setdefault(index2fn[doc], set()).add((entry, entry_id, "main" if main else ""))
        for docname, entries in restored.items():
            self._index_entries.setdefault(docname, sorted(entries))
    return load


def _prune(original):
    def prune(self: IndexBuilder, docnames: Any) -> None:
        original(self, docnames)
        keep = set(docnames)
        for docname in [name for name in self._index_entries if name not in keep]:
            del self._index_entries[docname]
    return prune


def _freeze(original):
    def freeze(self: IndexBuilder) -> dict[str, Any]:
        # Pages in name order, as a clean build feeds them: the same index either way.
        ordered = sorted(self._index_entries.items())
        self._index_entries.clear()
        self._index_entries.update(ordered)
        return original(self)
    return freeze


def keep_index_entries() -> None:
    """Patch Sphinx's IndexBuilder once per process."""
    if not getattr(IndexBuilder, "_dalbit_keeps_index_entries", False):
        IndexBuilder.load = _load(IndexBuilder.load)
        IndexBuilder.prune = _prune(IndexBuilder.prune)
        IndexBuilder.freeze = _freeze(IndexBuilder.freeze)
        IndexBuilder._dalbit_keeps_index_entries = True
